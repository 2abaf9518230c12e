//! Output contract: determinism, truth files covering every message, cross-post clusters spanning groups,
//! and each format's documented fields.

mod common;

use common::*;
use jingjian_model::{Label, Record};
use jingjian_sim::{Format, Preset};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn same_seed_gives_byte_identical_output_in_every_format() {
    for (preset, format) in
        [(Preset::Small, Format::Jsonl), (Preset::Small, Format::Wecom), (Preset::Company, Format::Slack)]
    {
        let messages = (preset == Preset::Company).then_some(20_000);
        let (a, sa) = run(preset, 42, format, messages);
        let (b, sb) = run(preset, 42, format, messages);
        assert!(sa.messages > 0);
        assert_eq!(sa.messages, sb.messages);
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>(), "{format:?}: same files");
        for (k, v) in &ta {
            assert!(v == &tb[k], "{format:?}: {} differs between two runs with the same seed", k.display());
        }
    }
}

#[test]
fn different_seeds_differ() {
    let (a, _) = run(Preset::Small, 1, Format::Jsonl, None);
    let (b, _) = run(Preset::Small, 2, Format::Jsonl, None);
    let fa = std::fs::read(a.path().join("workspace.jsonl")).unwrap();
    let fb = std::fs::read(b.path().join("workspace.jsonl")).unwrap();
    assert_ne!(fa, fb);
    assert_ne!(labels(a.path()), labels(b.path()));
}

/// Group id → member ids.
type Members = BTreeMap<String, BTreeSet<String>>;

/// Message ids and groups in a canonical JSON Lines output, checking each line re-serialises to the same bytes.
fn jsonl_messages(dir: &std::path::Path) -> (Vec<(String, String)>, Members) {
    let text = std::fs::read_to_string(dir.join("workspace.jsonl")).unwrap();
    let mut msgs = Vec::new();
    let mut members: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut seen_message = false;
    for (i, line) in text.lines().enumerate() {
        let r: Record = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        assert_eq!(serde_json::to_string(&r).unwrap(), line, "line {} is not canonical", i + 1);
        match r {
            Record::Message(m) => {
                seen_message = true;
                msgs.push((m.id, m.group));
            }
            Record::Membership(m) => {
                assert!(!seen_message, "records come in order: memberships before messages");
                members.entry(m.group).or_default().insert(m.member);
            }
            Record::Member(m) => assert!(m.unit.is_some() && m.role.is_some(), "members carry unit and role"),
            Record::Group(g) => assert!(g.unit.is_some() && g.owner.is_some(), "groups carry unit and owner"),
            Record::Unit(_) => {}
        }
    }
    (msgs, members)
}

#[test]
fn every_message_has_one_truth_label_and_ids_are_unique() {
    let (dir, s) = run(Preset::Small, 7, Format::Jsonl, None);
    let (msgs, _) = jsonl_messages(dir.path());
    let labels = labels(dir.path());
    assert_eq!(msgs.len() as u64, s.messages);
    assert_eq!(labels.len(), msgs.len(), "one label line per message");
    let ids: BTreeSet<&str> = msgs.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(ids.len(), msgs.len(), "message ids are unique");
    for ((id, _), (lid, l)) in msgs.iter().zip(&labels) {
        assert_eq!(id, lid, "labels are in message order");
        assert!(Label::parse(l).is_some(), "{l} is a label name");
    }
    for l in Label::ALL {
        assert!(s.labels[l.as_str()] > 0, "the small preset has some {}", l.as_str());
    }
}

#[test]
fn cross_post_clusters_span_at_least_two_groups() {
    let (dir, s) = run(Preset::Small, 9, Format::Jsonl, None);
    let (msgs, _) = jsonl_messages(dir.path());
    let group_of: BTreeMap<&str, &str> = msgs.iter().map(|(i, g)| (i.as_str(), g.as_str())).collect();
    let clusters = clusters(dir.path());
    assert!(!clusters.is_empty());
    assert_eq!(clusters.len() as u64, s.cross_post_clusters);
    for (c, ids) in &clusters {
        assert!(ids.len() >= 2, "cluster {c} has {} message(s)", ids.len());
        let groups: BTreeSet<&str> = ids.iter().map(|i| group_of[i.as_str()]).collect();
        assert!(groups.len() >= 2, "cluster {c} stays in one group");
    }
}

#[test]
fn verdicts_cover_every_group_and_merges_point_at_supersets() {
    let (dir, s) = run(Preset::Small, 11, Format::Jsonl, None);
    let (_, members) = jsonl_messages(dir.path());
    let v = verdicts(dir.path());
    assert_eq!(v.len(), s.groups);
    let kinds: BTreeSet<&str> = v.iter().map(|r| r[1].as_str()).collect();
    for k in ["keep", "dissolve", "merge", "review"] {
        assert!(kinds.contains(k), "the small preset has a {k} verdict");
    }
    for [g, verdict, into, reason] in &v {
        assert!(["keep", "dissolve", "merge", "review"].contains(&verdict.as_str()));
        assert!(!reason.is_empty());
        if verdict == "merge" {
            let target = members.get(into).unwrap_or_else(|| panic!("{g} merges into unknown {into}"));
            assert!(members[g].is_subset(target), "{g} is nested in or duplicates {into}");
        } else {
            assert!(into.is_empty());
        }
    }
}

#[test]
fn wecom_lines_have_the_documented_fields() {
    let (dir, s) = run(Preset::Small, 5, Format::Wecom, None);
    let text = std::fs::read_to_string(dir.path().join("messages.jsonl")).unwrap();
    let mut types = BTreeSet::new();
    let mut ids = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for k in ["msgid", "action", "from", "tolist", "roomid", "msgtime", "msgtype"] {
            assert!(v.get(k).is_some(), "missing {k}: {line}");
        }
        assert!(v["roomid"].as_str().unwrap().starts_with("wr"));
        assert!(v["msgtime"].as_i64().unwrap() > 1_700_000_000_000, "msgtime is in milliseconds");
        let from = v["from"].as_str().unwrap();
        assert!(v["tolist"].as_array().unwrap().iter().all(|t| t.as_str() != Some(from)), "tolist excludes the sender");
        let t = v["msgtype"].as_str().unwrap().to_string();
        match t.as_str() {
            "text" => assert!(v["text"]["content"].is_string()),
            "image" => assert!(v["image"]["md5sum"].is_string() && v["image"]["filesize"].is_u64()),
            "emotion" => assert!(v["emotion"]["sdkfileid"].is_string()),
            "redpacket" => assert!(v["redpacket"]["wish"].is_string()),
            "revoke" => {
                assert_eq!(v["action"], "recall");
                assert!(v["revoke"]["pre_msgid"].as_str().is_some_and(|p| ids.contains(&p.to_string())));
            }
            other => panic!("unexpected msgtype {other}"),
        }
        types.insert(t);
        ids.push(v["msgid"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len() as u64, s.messages);
    assert_eq!(ids, labels(dir.path()).into_iter().map(|l| l.0).collect::<Vec<_>>(), "truth ids are msgids");
    for t in ["text", "image", "emotion", "revoke"] {
        assert!(types.contains(t), "some {t} messages");
    }
    let rooms = std::fs::read_to_string(dir.path().join("groups.jsonl")).unwrap();
    assert_eq!(rooms.lines().count(), s.groups);
    for line in rooms.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for k in ["roomid", "roomname", "creator", "room_create_time", "notice", "members"] {
            assert!(v.get(k).is_some(), "room details miss {k}");
        }
        assert!(v["members"][0]["memberid"].is_string() && v["members"][0]["jointime"].is_i64());
    }
    let roster = std::fs::read_to_string(dir.path().join("roster.csv")).unwrap();
    assert!(roster.starts_with("id,name,unit,role\n"));
    assert_eq!(roster.lines().count(), s.members + 1);
}

#[test]
fn slack_export_has_channels_users_and_day_files() {
    let (dir, s) = run(Preset::Company, 3, Format::Slack, Some(15_000));
    let channels: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("channels.json")).unwrap()).unwrap();
    let users: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("users.json")).unwrap()).unwrap();
    assert_eq!(channels.len(), s.groups);
    assert_eq!(users.len(), s.members);
    let mut n = 0u64;
    let mut ts = Vec::new();
    for c in &channels {
        for k in ["id", "name", "created", "creator", "is_archived", "members", "purpose"] {
            assert!(c.get(k).is_some(), "channel misses {k}");
        }
        let folder = dir.path().join(c["name"].as_str().unwrap());
        assert!(folder.is_dir());
        let mut days: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
        days.sort();
        let mut last = 0f64;
        for day in days {
            let name = day.file_name().unwrap().to_str().unwrap().to_string();
            assert!(name.len() == 15 && name.ends_with(".json"), "{name} is YYYY-MM-DD.json");
            let msgs: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(&day).unwrap()).unwrap();
            for m in msgs {
                assert_eq!(m["type"], "message");
                let t = m["ts"].as_str().unwrap();
                let (a, b) = t.split_once('.').unwrap();
                assert!(a.len() == 10 && b.len() == 6, "ts {t} is epoch.micro");
                let f: f64 = t.parse().unwrap();
                assert!(f > last, "ts increase within a channel");
                last = f;
                assert!(m.get("user").is_some() || m.get("bot_id").is_some());
                ts.push(t.to_string());
                n += 1;
            }
        }
    }
    assert_eq!(n, s.messages);
    let mut truth: Vec<String> = labels(dir.path()).into_iter().map(|l| l.0).collect();
    truth.sort();
    ts.sort();
    assert_eq!(truth, ts, "truth ids are the ts of every message");
}

#[test]
fn messages_option_scales_volume() {
    let (_d1, base) = run(Preset::Small, 4, Format::Jsonl, None);
    let (_d2, big) = run(Preset::Small, 4, Format::Jsonl, Some(20_000));
    let (_d3, less) = run(Preset::Small, 4, Format::Jsonl, Some(2_500));
    for (s, want) in [(&base, 5_000f64), (&big, 20_000.0), (&less, 2_500.0)] {
        let r = s.messages as f64 / want;
        assert!((0.6..1.5).contains(&r), "asked for about {want}, got {}", s.messages);
    }
    assert!(big.replicas >= 2 && big.members > base.members, "volume grows by adding whole organisations");
}
