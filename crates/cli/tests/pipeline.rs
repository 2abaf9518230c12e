//! The plan and the digests on a simulated organisation, through the binary: after the plan no zombie remains
//! and no unit is over quota; every important message reaches the digest of every member of its groups exactly
//! once (cross-posted copies collapsed into one entry); no noise-labelled message reaches any digest.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn run(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_jingjian")).args(args).env("LANG", "C").output().expect("binary runs");
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args)).expect("one JSON document")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn plan_and_digests_on_a_simulated_district() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, ws) = (dir.path().join("sim"), dir.path().join("ws"));
    run(&["simulate", "--preset", "small", "--seed", "3", "--format", "wecom", "--out", s(&sim)]);
    run(&["import", s(&sim), "-w", s(&ws), "--tz", "Asia/Shanghai"]);
    let audit = json(&["audit", "-w", s(&ws), "--json"]);
    let plan = json(&["plan", "-w", s(&ws), "--json"]);

    // No zombie remains, and no unit keeps more internal groups than its quota.
    let zombies: BTreeSet<&str> = audit["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "zombie"))
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert!(!zombies.is_empty(), "the small district has zombie groups");
    for a in plan["actions"].as_array().unwrap() {
        if zombies.contains(a["group"].as_str().unwrap()) && a["exempt"] == false {
            assert_eq!(a["action"], "dissolve", "zombie {} must be dissolved: {a}", a["group"]);
        }
    }
    for u in plan["units"].as_array().unwrap() {
        assert_eq!(u["over_quota"], false, "unit over quota after the plan: {u}");
        assert!(u["kept_after"].as_u64() <= u["quota"].as_u64(), "{u}");
    }

    // Labels and groups of every message; members of every group.
    let mut label: BTreeMap<String, String> = BTreeMap::new();
    let mut important_by_group: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8(run(&["messages", "-w", s(&ws), "--json-lines"])).unwrap().lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        let (id, group) = (m["id"].as_str().unwrap().to_owned(), m["group"].as_str().unwrap().to_owned());
        let l = m["labels"][0].as_str().unwrap().to_owned();
        if l == "important" {
            important_by_group.entry(group).or_default().push(id.clone());
        }
        label.insert(id, l);
    }
    let mut groups_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8(run(&["export", "-w", s(&ws), "--table", "memberships"])).unwrap().lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        if m.get("left").is_none() {
            groups_of
                .entry(m["member"].as_str().unwrap().to_owned())
                .or_default()
                .insert(m["group"].as_str().unwrap().to_owned());
        }
    }
    assert!(groups_of.len() > 10);

    let mut collapsed = 0;
    for (member, groups) in groups_of.iter().take(12) {
        let digest = json(&["digest", "-w", s(&ws), "--member", member, "--format", "json"]);
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for e in digest["entries"].as_array().unwrap() {
            let copies = e["messages"].as_array().unwrap();
            if copies.len() > 1 {
                collapsed += 1;
            }
            for c in copies {
                let id = c["id"].as_str().unwrap().to_owned();
                let l = &label[&id];
                assert!(l == "important" || l == "discussion", "{member}: a {l} message reached the digest");
                *seen.entry(id).or_default() += 1;
            }
        }
        for g in groups {
            for id in important_by_group.get(g).into_iter().flatten() {
                assert_eq!(seen.get(id).copied(), Some(1), "{member}: important message {id} of {g} must appear once");
            }
        }
    }
    assert!(collapsed > 0, "some cross-posted notice was collapsed into one entry");
}

/// The audit against the simulator's truth on a small organisation: every cross-posted notice is found (two of
/// its copies in different groups share a found cluster), and the verdicts agree for at least 95% of groups. The
/// report's redundancy clusters and their cross-post counts agree with the audit they come from.
#[test]
fn audit_finds_every_cross_post_and_agrees_with_the_truth() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, ws, xp) = (dir.path().join("sim"), dir.path().join("ws"), dir.path().join("xp.csv"));
    run(&["simulate", "--preset", "small", "--seed", "1", "--format", "jsonl", "--out", s(&sim)]);
    run(&["import", s(&sim), "-w", s(&ws)]);
    let audit = json(&["audit", "-w", s(&ws), "--json"]);
    run(&["export", "-w", s(&ws), "--table", "cross_posts", "--format", "csv", "-o", s(&xp)]);

    let mut found: BTreeMap<String, (String, String)> = BTreeMap::new(); // message id → (cluster, group)
    for line in std::fs::read_to_string(&xp).unwrap().lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        found.insert(f[2].to_owned(), (f[3].to_owned(), f[1].to_owned()));
    }
    let mut truth: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in std::fs::read_to_string(sim.join("truth/cross_posts.tsv")).unwrap().lines() {
        let (cluster, id) = line.split_once('\t').unwrap();
        truth.entry(cluster.to_owned()).or_default().push(id.to_owned());
    }
    assert!(truth.len() >= 20, "the small organisation cross-posts notices");
    for (cluster, ids) in &truth {
        let mut groups_by_found: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (c, g) in ids.iter().filter_map(|id| found.get(id)) {
            groups_by_found.entry(c).or_default().insert(g);
        }
        assert!(groups_by_found.values().any(|g| g.len() >= 2), "truth cluster {cluster} not found");
    }

    let truth_verdicts: BTreeMap<String, String> = std::fs::read_to_string(sim.join("truth/verdicts.tsv"))
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_owned(), f[1].to_owned())
        })
        .collect();
    let groups = audit["groups"].as_array().unwrap();
    let agree = groups
        .iter()
        .filter(|g| truth_verdicts.get(g["id"].as_str().unwrap()).is_some_and(|v| g["verdict"] == **v))
        .count();
    assert!(agree * 100 >= groups.len() * 95, "verdicts agree for {agree} of {} groups", groups.len());

    // The report's redundancy clusters are the overlaps a nested/overlapping finding names, each with the number of
    // cross-posts both its groups carry: counted here again from the audit, pair by pair.
    let out = dir.path().join("report");
    run(&["report", "-w", s(&ws), "--format", "json", "--out", s(&out)]);
    let clusters: Vec<Value> = serde_json::from_slice(&std::fs::read(out.join("clusters.json")).unwrap()).unwrap();
    let said: BTreeSet<(&str, &str)> = groups
        .iter()
        .flat_map(|g| {
            g["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["kind"] == "nested" || f["kind"] == "overlapping")
                .map(move |f| (g["id"].as_str().unwrap(), f["figures"]["with"].as_str().unwrap()))
        })
        .collect();
    let redundant: BTreeSet<(&str, &str)> = audit["overlaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["a"].as_str().unwrap(), o["b"].as_str().unwrap()))
        .filter(|&(a, b)| said.contains(&(a, b)) || said.contains(&(b, a)))
        .collect();
    let shown: BTreeSet<(&str, &str)> =
        clusters.iter().map(|c| (c["groups"][0].as_str().unwrap(), c["groups"][1].as_str().unwrap())).collect();
    assert_eq!(shown, redundant);
    let posts = audit["cross_posts"].as_array().unwrap();
    let mut with_posts = 0;
    for c in &clusters {
        let (a, b) = (c["groups"][0].as_str().unwrap(), c["groups"][1].as_str().unwrap());
        let has = |p: &Value, g: &str| p["groups"].as_array().unwrap().iter().any(|x| x[1] == g);
        let expected = posts.iter().filter(|p| has(p, a) && has(p, b)).count();
        assert_eq!(c["cross_posts"], expected, "cluster {a}~{b}");
        with_posts += usize::from(expected > 0);
    }
    assert!(with_posts > 0, "some redundant pair shares cross-posts");
}

/// The health figures the audit counts while labelling agree with the same figures counted here, straight from
/// the simulated export: records by kind, the last human message, and distinct human senders in the last 30 and
/// 90 days of the data.
#[test]
fn health_counts_agree_with_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let (sim, ws) = (dir.path().join("sim"), dir.path().join("ws"));
    run(&["simulate", "--preset", "small", "--seed", "2", "--format", "jsonl", "--out", s(&sim)]);
    run(&["import", s(&sim), "-w", s(&ws)]);
    let audit = json(&["audit", "-w", s(&ws), "--json"]);

    let ms = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp_millis();
    let messages: Vec<Value> = std::fs::read_to_string(sim.join("workspace.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["type"] == "message")
        .collect();
    let end = messages.iter().map(|m| ms(m["time"].as_str().unwrap())).max().unwrap();
    #[derive(Default, Debug, PartialEq)]
    struct Counts {
        records: u64,
        human: u64,
        bot: u64,
        system: u64,
        last_human: Option<i64>,
        senders_30d: BTreeSet<String>,
        senders_90d: BTreeSet<String>,
    }
    let mut expected: BTreeMap<String, Counts> = BTreeMap::new();
    for m in &messages {
        let c = expected.entry(m["group"].as_str().unwrap().to_owned()).or_default();
        let t = ms(m["time"].as_str().unwrap());
        c.records += 1;
        match m["kind"].as_str().unwrap() {
            "system" | "recall" => c.system += 1,
            "bot" => c.bot += 1,
            _ => {
                c.human += 1;
                c.last_human = c.last_human.max(Some(t));
                if let Some(sender) = m["sender"].as_str() {
                    for (days, set) in [(30, &mut c.senders_30d), (90, &mut c.senders_90d)] {
                        if t >= end - days * 86_400_000 {
                            set.insert(sender.to_owned());
                        }
                    }
                }
            }
        }
    }
    let groups = audit["groups"].as_array().unwrap();
    assert_eq!(groups.iter().filter(|g| g["records"].as_u64().unwrap() > 0).count(), expected.len());
    for g in groups {
        let id = g["id"].as_str().unwrap();
        let Some(c) = expected.get(id) else {
            assert_eq!(g["records"], 0, "{id} has no messages in the export");
            continue;
        };
        let n = |k: &str| g[k].as_u64().unwrap();
        assert_eq!(
            (n("records"), n("human_messages"), n("bot_messages"), n("system_messages")),
            (c.records, c.human, c.bot, c.system),
            "{id}: records by kind"
        );
        assert_eq!(g["last_human"].as_str().map(ms), c.last_human, "{id}: last human message");
        assert_eq!(
            (n("senders_30d"), n("senders_90d")),
            (c.senders_30d.len() as u64, c.senders_90d.len() as u64),
            "{id}: recent senders"
        );
        let labelled: u64 = g["labels"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(labelled, c.human, "{id}: every human message has one label");
    }
}

/// `jingjian run` is `import`, `audit` and `report` in one command: the same report, byte for byte, and the same
/// workspace versions; an export that is not there leaves no workspace behind.
#[test]
fn run_is_import_audit_and_report_in_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    run(&["simulate", "--preset", "small", "--seed", "3", "--format", "whatsapp", "--out", s(&p("sim"))]);
    let zone = ["--tz", "Asia/Shanghai"];
    let once =
        String::from_utf8(run(
            &[&["run", s(&p("sim")), "-w", s(&p("one")), "-o", s(&p("one.html"))][..], &zone].concat()
        ))
        .unwrap();
    assert!(once.contains("imported") && once.contains("verdicts"), "run says what it did: {once}");
    run(&[&["import", s(&p("sim")), "-w", s(&p("three"))][..], &zone].concat());
    run(&["audit", "-w", s(&p("three"))]);
    run(&["report", "-w", s(&p("three")), "-o", s(&p("three.html"))]);
    // The report names the minute it was made: the two runs may fall on either side of one.
    let html = |name: &str| {
        let page = std::fs::read_to_string(p(name)).unwrap();
        let at = page.find("<span>Generated: ").expect("the report says when it was made");
        let end = at + page[at..].find("</span>").unwrap();
        format!("{}{}", &page[..at], &page[end..])
    };
    assert!(html("one.html").len() > 10_000);
    assert!(html("one.html") == html("three.html"), "run's report differs from report's after import and audit");
    let operations = |ws: &str| -> Vec<Value> {
        let status = json(&["status", "-w", s(&p(ws)), "--json"]);
        status["versions"].as_array().unwrap().iter().map(|v| v["operation"].clone()).collect()
    };
    assert_eq!(operations("one"), ["create", "import", "audit"]);
    assert_eq!(operations("one"), operations("three"));

    let out = Command::new(env!("CARGO_BIN_EXE_jingjian"))
        .args(["run", s(&p("missing")), "-w", s(&p("none")), "-o", s(&p("none.html"))])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"), "the error names the path");
    assert!(!p("none").exists() && !p("none.html").exists(), "a failed run leaves nothing behind");
    // An export no format claims is found out while the new workspace is being made: it is removed again; an
    // existing folder is left as it was.
    std::fs::write(p("notes.txt"), "shopping list: rice, tea\n").unwrap();
    std::fs::create_dir(p("kept")).unwrap();
    for ws in ["unknown", "kept"] {
        let out = Command::new(env!("CARGO_BIN_EXE_jingjian"))
            .args(["run", s(&p("notes.txt")), "-w", s(&p(ws)), "-o", s(&p("none.html"))])
            .output()
            .unwrap();
        assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("notes.txt"));
    }
    assert!(!p("unknown").exists(), "a workspace made for an export that cannot be read is removed");
    assert_eq!(std::fs::read_dir(p("kept")).unwrap().count(), 0, "an existing folder is not touched");
}

/// An export lists a table's rows in one order on every run, however many files the table has (two imports make
/// two): the scan's partitions are written one after another.
#[test]
fn an_export_gives_the_same_rows_in_the_same_order_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    for seed in ["4", "5"] {
        let sim = dir.path().join(format!("sim{seed}"));
        run(&["simulate", "--preset", "small", "--seed", seed, "--format", "jsonl", "--out", s(&sim)]);
        run(&["import", s(&sim), "-w", s(&ws)]);
    }
    let export = || run(&["export", "-w", s(&ws), "--table", "messages", "--format", "csv"]);
    let first = export();
    assert!(first.iter().filter(|&&b| b == b'\n').count() > 10_000, "two imports of the small organisation");
    for _ in 0..3 {
        assert!(export() == first, "the rows came in another order");
    }
}
