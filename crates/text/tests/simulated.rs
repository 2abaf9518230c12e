//! The classifier against the simulator's ground truth: each preset is generated in canonical JSON Lines into a
//! temporary folder, its messages are classified the way the engine feeds them (one `Conversation` per group,
//! messages ordered by group, time and id; leaders by role or group ownership; UTC+8), and the labels are scored
//! against `truth/labels.tsv`. On failure the test prints the confusion matrix and the most frequent
//! (truth, predicted, rule) triples: labels and rule ids only, never message text.
//!
//! Set `JJ_SIM_MISSES=<dir>` to write each preset's classifications as `<dir>/<preset>-<seed>.tsv` (message id,
//! truth, predicted, rule; in classification order) for study next to the same preset generated with
//! `cargo run -p jingjian-sim --example simulate`.

use jingjian_model::{Label, MessageKind, Millis, Record};
use jingjian_sim::{Format, Preset, SimConfig, simulate};
use jingjian_text::eval::Confusion;
use jingjian_text::{Automaton, Classifier, Conversation, Input, Lexicon, Memo, Settings};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Both simulated organisations live in UTC+8 (Asia/Shanghai; Singapore for the company).
const OFFSET_SECS: i32 = 8 * 3600;

/// One message as the engine's label pass selects it.
struct Row {
    group: String,
    time: Millis,
    id: String,
    sender: Option<String>,
    leader: bool,
    kind: MessageKind,
    text: String,
    mentions_all: bool,
    mentions: u16,
}

impl Row {
    /// The message as the classifier takes it.
    fn input(&self) -> Input<'_> {
        Input {
            text: &self.text,
            kind: self.kind,
            sender: self.sender.as_deref(),
            sender_is_leader: self.leader,
            mentions_all: self.mentions_all,
            mentions: self.mentions,
            time: self.time,
            offset_secs: OFFSET_SECS,
        }
    }
}

/// Generates `preset` in canonical JSON Lines into a temporary folder (kept alive by the returned handle) and
/// reads its messages in the engine's order.
fn simulated(preset: Preset, seed: u64, messages: Option<u64>) -> (tempfile::TempDir, Vec<Row>) {
    let dir = tempfile::tempdir().expect("temp dir");
    simulate(&SimConfig { preset, seed, messages }, dir.path(), Format::Jsonl).expect("simulation runs");
    let rows = read_workspace(&dir.path().join("workspace.jsonl"));
    (dir, rows)
}

/// The outcome of one preset: the matrix and the count of each (truth, predicted, rule) miss.
struct Outcome {
    confusion: Confusion,
    misses: BTreeMap<(Label, Label, &'static str), u64>,
}

impl Outcome {
    /// The matrix and the 25 most frequent misses, for a failure message.
    fn report(&self) -> String {
        let mut misses: Vec<_> = self.misses.iter().collect();
        misses.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut out = format!("{}\nmost frequent misses (truth -> predicted by rule):\n", self.confusion);
        for ((t, p, r), n) in misses.into_iter().take(25) {
            out.push_str(&format!("{n:>7}  {} -> {} by {r}\n", t.as_str(), p.as_str()));
        }
        out
    }
}

/// Generates `preset` and classifies it.
fn run(preset: Preset, seed: u64, messages: Option<u64>) -> Outcome {
    let (dir, rows) = simulated(preset, seed, messages);
    let truth = read_truth(&dir.path().join("truth/labels.tsv"));
    let classifier = Classifier::new(&Lexicon::default());
    let mut conv = Conversation::new();
    let mut current: Option<&str> = None;
    let mut confusion = Confusion::new();
    let mut misses = BTreeMap::new();
    let mut dump = String::new();
    let dump_dir = std::env::var_os("JJ_SIM_MISSES");
    for r in &rows {
        if current != Some(r.group.as_str()) {
            conv.reset();
            current = Some(&r.group);
        }
        let input = r.input();
        let c = classifier.classify(&input, &mut conv);
        let t = *truth.get(&r.id).unwrap_or_else(|| panic!("message {} has no truth label", r.id));
        confusion.add(t, c.label);
        if t != c.label {
            *misses.entry((t, c.label, c.rule)).or_insert(0) += 1;
        }
        if dump_dir.is_some() {
            dump.push_str(&format!("{}\t{}\t{}\t{}\n", r.id, t.as_str(), c.label.as_str(), c.rule));
        }
    }
    assert_eq!(confusion.total() as usize, truth.len(), "every labelled message is classified once");
    if let Some(d) = dump_dir {
        let name = format!("{}-{seed}.tsv", preset.as_str());
        std::fs::write(Path::new(&d).join(name), dump).expect("misses file is writable");
    }
    Outcome { confusion, misses }
}

/// Reads the canonical records: members' roles, groups' owners, then every message, sorted as the engine sorts
/// them (group, time, id).
fn read_workspace(path: &Path) -> Vec<Row> {
    let lexicon = Lexicon::default();
    let file = std::fs::File::open(path).expect("workspace.jsonl exists");
    let mut leaders: HashSet<String> = HashSet::new();
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut rows = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.expect("readable line");
        let rec: Record = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("workspace.jsonl line {}: not a canonical record: {e}", i + 1));
        match rec {
            Record::Member(m) => {
                if m.role.as_deref().is_some_and(|r| lexicon.is_leader_role(r)) {
                    leaders.insert(m.id);
                }
            }
            Record::Group(g) => {
                if let Some(o) = g.owner {
                    owners.insert(g.id, o);
                }
            }
            Record::Message(m) => rows.push(Row {
                leader: false,
                mentions: m.mentions.len().min(u16::MAX as usize) as u16,
                group: m.group,
                time: m.time,
                id: m.id,
                sender: m.sender,
                kind: m.kind,
                text: m.text,
                mentions_all: m.mentions_all,
            }),
            Record::Unit(_) | Record::Membership(_) => {}
        }
    }
    for r in &mut rows {
        if let Some(s) = &r.sender {
            r.leader = leaders.contains(s) || owners.get(&r.group) == Some(s);
        }
    }
    rows.sort_by(|a, b| (&a.group, a.time, &a.id).cmp(&(&b.group, b.time, &b.id)));
    rows
}

/// `truth/labels.tsv`: message id → label.
fn read_truth(path: &Path) -> HashMap<String, Label> {
    let text = std::fs::read_to_string(path).expect("truth/labels.tsv exists");
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let (id, label) = l.split_once('\t').unwrap_or_else(|| panic!("labels.tsv line {}: two columns", i + 1));
            let label = Label::parse(label).unwrap_or_else(|| panic!("labels.tsv line {}: unknown label", i + 1));
            (id.to_string(), label)
        })
        .collect()
}

fn assert_macro_f1(name: &str, o: &Outcome) {
    let f1 = o.confusion.macro_f1();
    println!("{name}: macro-F1 {f1:.3}\n{}", o.report());
    assert!(f1 >= 0.90, "{name}: macro-F1 {f1:.3} < 0.90\n{}", o.report());
}

#[test]
fn small_preset_seed_1() {
    assert_macro_f1("small seed 1", &run(Preset::Small, 1, None));
}

#[test]
fn small_preset_seed_2() {
    assert_macro_f1("small seed 2", &run(Preset::Small, 2, None));
}

#[test]
fn district_preset() {
    assert_macro_f1("district", &run(Preset::District, 2025, Some(200_000)));
}

#[test]
fn company_preset() {
    assert_macro_f1("company", &run(Preset::Company, 2025, Some(100_000)));
}

/// Calls `f` with each row and two conversations that follow the rows' groups (both start afresh at each group),
/// so that two ways of classifying can be compared message by message.
fn in_two_conversations(rows: &[Row], mut f: impl FnMut(&Row, &mut Conversation, &mut Conversation)) {
    let (mut a, mut b) = (Conversation::new(), Conversation::new());
    let mut current: Option<&str> = None;
    for r in rows {
        if current != Some(r.group.as_str()) {
            a.reset();
            b.reset();
            current = Some(&r.group);
        }
        f(r, &mut a, &mut b);
    }
}

/// The memo of repeated texts changes no label: a simulated district classified with and without it gives the same
/// label, rule, evidence, deadline and normalised text for every message.
#[test]
fn the_memo_of_repeated_texts_changes_no_label() {
    let (_dir, rows) = simulated(Preset::District, 7, Some(60_000));
    let classifier = Classifier::new(&Lexicon::default());
    let mut memo = Memo::new();
    in_two_conversations(&rows, |r, plain, memoised| {
        let input = r.input();
        let want = classifier.classify(&input, plain);
        assert_eq!(classifier.classify_with(&input, memoised, &mut memo), want, "message {}", r.id);
        assert_eq!(memoised.normalized(), plain.normalized(), "message {}", r.id);
    });
    // The district repeats its acks and notices: far fewer texts were read than messages classified.
    assert!(memo.len() * 4 < rows.len(), "{} texts kept for {} messages", memo.len(), rows.len());
}

/// The automaton's kind changes no label: a simulated district classified with the quick-to-build automaton gives
/// the same label, rule, evidence and deadline for every message as with the DFA.
#[test]
fn the_quick_automaton_labels_as_the_dfa_does() {
    let (_dir, rows) = simulated(Preset::District, 11, Some(40_000));
    let lexicon = Lexicon::default();
    let fast = Classifier::new(&lexicon);
    let quick = Classifier::compiled(&lexicon, Settings::default(), Automaton::Quick);
    let mut important = 0;
    in_two_conversations(&rows, |r, a, b| {
        let input = r.input();
        let want = fast.classify(&input, a);
        important += usize::from(want.label == Label::Important);
        assert_eq!(quick.classify(&input, b), want, "message {}", r.id);
    });
    assert!(important > 100, "the district has notices to find: {important}");
}
