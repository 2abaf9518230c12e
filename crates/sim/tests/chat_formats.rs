//! The Telegram and WhatsApp outputs read back through jingjian's own importers: the output folder is detected
//! file by file, every file is read as the intended format, the imported figures equal the simulator's summary,
//! and the truth files name exactly the messages the importer produces (ids included, since WhatsApp ids are
//! derived from the text). Also: each format's files have the layout the apps write, and the same seed gives
//! byte-identical output.

mod common;

use common::*;
use jingjian_import::{Options, Sink, Tally};
use jingjian_model::{MessageKind, Record};
use jingjian_sim::{Format, Preset, Summary};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Tallies the records and keeps the message ids and kinds.
#[derive(Default)]
struct Keep {
    tally: Tally,
    ids: Vec<String>,
    groups: BTreeSet<String>,
    kinds: BTreeMap<&'static str, u64>,
}

impl Sink for Keep {
    fn record(&mut self, r: Record) -> Result<(), String> {
        if let Record::Group(g) = &r {
            self.groups.insert(g.id.clone());
        }
        if let Record::Message(m) = &r {
            self.ids.push(m.id.clone());
            *self.kinds.entry(m.kind.as_str()).or_default() += 1;
        }
        self.tally.record(r)
    }
}

/// Imports the whole output folder as `jingjian import DIR` would (detection included), in the org's zone.
fn import(dir: &Path, want: &str) -> (Keep, usize) {
    let inputs = jingjian_import::open_inputs(dir, None).expect("the output folder is recognised");
    let opts = Options { tz: chrono_tz::Asia::Shanghai, groups: None };
    let mut keep = Keep::default();
    let n = inputs.len();
    for mut input in inputs {
        assert_eq!(input.format.name(), want, "{} is read as {want}", input.bundle.path().display());
        input.format.read(&mut input.bundle, &opts, &mut keep).expect("the importer reads every file");
    }
    (keep, n)
}

fn check_import(format: Format, want: &str, s: &Summary, dir: &Path) -> Keep {
    let (k, files) = import(dir, want);
    assert_eq!(files, s.groups, "{want}: one file per group, and nothing else in the folder is taken for a chat");
    assert_eq!(k.tally.groups(), s.groups, "{want}: groups");
    assert_eq!(k.tally.messages, s.messages, "{want}: messages");
    assert_eq!(k.tally.human_messages, s.human_messages, "{want}: human messages");
    assert_eq!(k.tally.bot_messages, 0, "{want}: no bots are written");
    assert_eq!(k.tally.system_messages, s.messages - s.human_messages, "{want}: system messages");
    assert_eq!(k.tally.system_messages, s.labels["system"], "{want}: system records are the `system` truth label");
    let ids: BTreeSet<&str> = k.ids.iter().map(String::as_str).collect();
    assert_eq!(ids.len(), k.ids.len(), "{format:?}: imported ids are unique");
    let labels = labels(dir);
    assert_eq!(labels.len(), k.ids.len(), "{want}: one truth label per imported message");
    for (id, _) in &labels {
        assert!(ids.contains(id.as_str()), "{want}: truth id {id} is not among the imported ids");
    }
    let verdicts = verdicts(dir);
    let named: BTreeSet<String> = verdicts.iter().map(|v| v[0].clone()).collect();
    assert_eq!(named, k.groups, "{want}: verdicts.tsv names the groups by the importer's group ids");
    for [g, _, into, _] in &verdicts {
        assert!(into.is_empty() || k.groups.contains(into), "{want}: {g} merges into unknown {into}");
    }
    assert!(verdicts.iter().any(|v| v[1] == "merge") || !s.verdicts.contains_key("merge"));
    let clusters = clusters(dir);
    assert!(!clusters.is_empty());
    assert_eq!(clusters.len() as u64, s.cross_post_clusters);
    for (c, members) in &clusters {
        for id in members {
            assert!(ids.contains(id.as_str()), "{want}: cross-post {c} names {id}, which was not imported");
        }
    }
    k
}

#[test]
fn telegram_output_imports_with_the_summary_figures_and_truth_ids() {
    let (dir, s) = run(Preset::Small, 21, Format::Telegram, None);
    let k = check_import(Format::Telegram, "telegram", &s, dir.path());
    for kind in ["text", "image", "sticker", "file", "system"] {
        assert!(k.kinds.get(kind).is_some_and(|&n| n > 0), "some {kind} messages come back: {:?}", k.kinds);
    }
    assert!(!k.kinds.contains_key(MessageKind::Recall.as_str()), "recalls are not written");
}

#[test]
fn whatsapp_output_imports_with_the_summary_figures_and_truth_ids() {
    let (dir, s) = run(Preset::Small, 22, Format::Whatsapp, None);
    let k = check_import(Format::Whatsapp, "whatsapp", &s, dir.path());
    for kind in ["text", "file", "system"] {
        assert!(k.kinds.get(kind).is_some_and(|&n| n > 0), "some {kind} messages come back: {:?}", k.kinds);
    }
}

#[test]
fn english_company_imports_too() {
    for (format, want) in [(Format::Telegram, "telegram"), (Format::Whatsapp, "whatsapp")] {
        let (dir, s) = run(Preset::Company, 23, format, Some(8_000));
        check_import(format, want, &s, dir.path());
    }
}

#[test]
fn same_seed_gives_byte_identical_chat_exports() {
    for format in [Format::Telegram, Format::Whatsapp] {
        let (a, sa) = run(Preset::Small, 42, format, None);
        let (b, _) = run(Preset::Small, 42, format, None);
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert!(ta.len() > sa.groups, "{format:?}: a file per group plus the truth");
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>(), "{format:?}: same files");
        for (k, v) in &ta {
            assert!(v == &tb[k], "{format:?}: {} differs between two runs with the same seed", k.display());
        }
    }
}

/// Local `YYYY-MM-DDTHH:MM:SS` (UTC+8) of epoch seconds.
fn local(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs + 8 * 3600, 0).unwrap().naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[test]
fn telegram_files_are_single_chat_exports_as_telegram_desktop_writes_them() {
    let (dir, s) = run(Preset::Small, 5, Format::Telegram, None);
    let chats = dir.path().join("chats");
    let mut folders: Vec<_> = std::fs::read_dir(&chats).unwrap().map(|e| e.unwrap().path()).collect();
    folders.sort();
    assert_eq!(folders.len(), s.groups);
    let mut chat_ids = BTreeSet::new();
    let mut saw = BTreeSet::new();
    for f in &folders {
        let raw = std::fs::read_to_string(f.join("result.json")).unwrap();
        let mut last_id = 0u64;
        assert!(raw.starts_with("{\n \"name\": "), "one-space indentation, name first");
        let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert!(["private_group", "private_supergroup"].contains(&v["type"].as_str().unwrap()));
        assert!(chat_ids.insert(v["id"].as_u64().unwrap()), "chat ids are unique");
        let by_id: BTreeMap<u64, &serde_json::Value> =
            v["messages"].as_array().unwrap().iter().map(|m| (m["id"].as_u64().unwrap(), m)).collect();
        for m in v["messages"].as_array().unwrap() {
            let id = m["id"].as_u64().unwrap();
            assert!(id > last_id, "ids increase within a chat");
            let secs: i64 = m["date_unixtime"].as_str().unwrap().parse().unwrap();
            assert_eq!(m["date"].as_str().unwrap(), local(secs), "`date` is the local (UTC+8) time");
            match m["type"].as_str().unwrap() {
                "service" => {
                    assert!(m["actor_id"].as_str().unwrap().starts_with("user"));
                    assert_eq!(m["action"], "create_group");
                    assert!(m["members"].is_array() && m["title"].is_string());
                    saw.insert("service");
                }
                "message" => {
                    assert!(m["from"].is_string() && m["from_id"].as_str().unwrap().starts_with("user"));
                    let joined = match &m["text"] {
                        serde_json::Value::String(t) => t.clone(),
                        serde_json::Value::Array(parts) => {
                            saw.insert("entities");
                            parts.iter().map(|p| p.as_str().unwrap_or_else(|| p["text"].as_str().unwrap())).collect()
                        }
                        other => panic!("text is {other}"),
                    };
                    let ents = m["text_entities"].as_array().unwrap();
                    let from_ents: String = ents.iter().map(|e| e["text"].as_str().unwrap()).collect();
                    assert_eq!(joined, from_ents, "text and text_entities agree");
                    for e in ents {
                        let t = e["text"].as_str().unwrap();
                        match e["type"].as_str().unwrap() {
                            "mention" => {
                                assert!(t.starts_with('@') && t != "@所有人");
                                saw.insert("mention");
                            }
                            "link" => assert!(t.starts_with("http")),
                            k => assert_eq!(k, "plain"),
                        }
                    }
                    if let Some(r) = m.get("reply_to_message_id") {
                        assert!(by_id.contains_key(&r.as_u64().unwrap()), "replies point into the same chat");
                        saw.insert("reply");
                    }
                    if m.get("photo").is_some() {
                        assert!(m["width"].is_u64());
                        saw.insert("photo");
                    }
                    if m["media_type"] == "sticker" {
                        assert!(m["sticker_emoji"].is_string());
                        saw.insert("sticker");
                    }
                }
                t => panic!("unexpected type {t}"),
            }
            last_id = id;
        }
    }
    for k in ["service", "entities", "mention", "reply", "photo", "sticker"] {
        assert!(saw.contains(k), "the small preset has some {k}");
    }
}

#[test]
fn whatsapp_files_are_android_exports() {
    let (dir, s) = run(Preset::Small, 6, Format::Whatsapp, None);
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), s.groups);
    let header = |l: &str| -> bool {
        let b = l.as_bytes();
        b.len() >= 20
            && l.is_char_boundary(20)
            && b[2] == b'/'
            && b[5] == b'/'
            && &l[10..12] == ", "
            && b[14] == b':'
            && &l[17..20] == " - "
            && l[..17].bytes().filter(u8::is_ascii_digit).count() == 12
    };
    let (mut media, mut created, mut continued) = (0, 0, 0);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("WhatsApp Chat with ") && name.ends_with(".txt"));
        let text = std::fs::read_to_string(f).unwrap();
        let mut lines = text.lines();
        let first = lines.next().unwrap();
        assert!(header(first) && first[20..].starts_with("Messages and calls are end-to-end encrypted."), "{first}");
        let mut last = String::new();
        for l in lines {
            if !header(l) {
                continued += 1;
                continue;
            }
            let (d, m, y) = (&l[0..2], &l[3..5], &l[6..10]);
            let stamp = format!("{y}{m}{d}{}", &l[12..17]);
            assert!(stamp >= last, "times do not go back: {}", &l[..17]);
            last = stamp;
            let body = &l[20..];
            if body.ends_with(": <Media omitted>") || body.contains(": <Media omitted>") {
                media += 1;
            }
            if body.contains(" created group \"") {
                created += 1;
            }
        }
    }
    assert!(media > 0 && created > 0 && continued > 0, "media {media}, created {created}, continued {continued}");
}
