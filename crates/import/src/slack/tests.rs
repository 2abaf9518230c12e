//! Tests of the Slack importer on small hand-written exports.

use super::*;
use crate::{Collect, Options, Tally};
use jingjian_model::{Membership, Message};
use std::io::Write;
use std::path::Path;

const USERS: &str = r#"[
  {"id":"U1","name":"zs","real_name":"Zhang San"},
  {"id":"U2","name":"ls","profile":{"real_name":"Li Si"},"deleted":true},
  {"id":"UB","name":"ci","is_bot":true},
  {"id":"USLACKBOT","name":"slackbot"}
]"#;
const CHANNELS: &str = r#"[{"id":"C1","name":"general","created":"1700000000","creator":"U1",
  "members":["U1","U2"],"purpose":{"value":"all hands"},"is_archived":false}]"#;
const GROUPS: &str = r#"[{"id":"G1","name":"secret","created":1700000001,"members":["U1"]}]"#;
const MPIMS: &str = r#"[{"id":"G2","name":"mpdm-zs--ls-1","created":1700000002,"members":["U1","U2"]}]"#;
const DMS: &str = r#"[{"id":"D1","created":1700000003,"members":["U1","U2"]}]"#;
const GENERAL_DAY1: &str = r#"[
  {"type":"message","subtype":"channel_join","user":"U2","text":"<@U2> has joined the channel","ts":"1700000100.000100"},
  {"type":"message","user":"U1","text":"<!channel> report by Friday <@U2>","ts":"1700000200.000200","thread_ts":"1700000200.000200","reply_count":2},
  {"type":"message","user":"U2","text":"收到","ts":"1700000300.000300","thread_ts":"1700000200.000200","parent_user_id":"U1"},
  {"type":"message","subtype":"thread_broadcast","user":"U2","text":"done","ts":"1700000400.000400","thread_ts":"1700000200.000200"}
]"#;
const GENERAL_DAY2: &str = r#"[
  {"type":"message","subtype":"bot_message","bot_id":"B9","username":"Travis CI","text":"build passed","ts":"1700086400.000001"},
  {"type":"message","user":"U1","files":[{"id":"F1"}],"text":"","ts":"1700086500.000001","edited":{"user":"U1","ts":"1700086600.000000"}}
]"#;
const SECRET_DAY: &str = r#"[{"type":"message","user":"U1","text":"hi","ts":"1700000500.000001"}]"#;
const DM_DAY: &str = r#"[{"type":"message","user":"U2","text":"ok","ts":"1700000600.000001"}]"#;
const STRAY_DAY: &str = r#"[{"type":"message","user":"U1","text":"old","ts":"1690000000.000001"}]"#;

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("users.json", USERS),
        ("channels.json", CHANNELS),
        ("groups.json", GROUPS),
        ("mpims.json", MPIMS),
        ("dms.json", DMS),
        ("general/2023-11-14.json", GENERAL_DAY1),
        ("general/2023-11-15.json", GENERAL_DAY2),
        ("secret/2023-11-14.json", SECRET_DAY),
        ("D1/2023-11-14.json", DM_DAY),
        ("stray/2023-07-22.json", STRAY_DAY),
        ("integration_logs.json", "[]"),
    ]
}

fn write_dir(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn write_zip(path: &Path, prefix: &str, files: &[(&str, &str)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in files {
        z.start_file(format!("{prefix}{name}"), zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

fn read(path: &Path) -> Result<Collect, ImportError> {
    let mut b = Bundle::open(path).unwrap();
    let mut c = Collect::default();
    Slack.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

fn by_id<'a>(c: &'a Collect, id: &str) -> &'a Message {
    c.messages().find(|m| m.id == id).unwrap()
}

#[test]
fn a_folder_export_gives_members_groups_memberships_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    write_dir(dir.path(), &files());
    let mut b = Bundle::open(dir.path()).unwrap();
    assert_eq!(Slack.detect(&mut b).unwrap(), 90);
    let c = read(dir.path()).unwrap();
    let groups: Vec<(String, GroupKind)> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Group(g) => Some((g.id.clone(), g.kind)),
                _ => None,
            })
            .collect();
    assert_eq!(
        groups,
        [
            ("C1".into(), GroupKind::Channel),
            ("G1".into(), GroupKind::Private),
            ("G2".into(), GroupKind::DirectGroup),
            ("D1".into(), GroupKind::Direct),
            ("stray".into(), GroupKind::Channel),
        ]
    );
    let memberships: Vec<&Membership> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Membership(m) => Some(m),
                _ => None,
            })
            .collect();
    assert_eq!(memberships.len(), 2 + 1 + 2 + 2);
    let slackbot = c.0.iter().find_map(|r| match r {
        Record::Member(m) if m.id == "USLACKBOT" => Some(m),
        _ => None,
    });
    assert!(slackbot.unwrap().bot);
    // Messages land in the conversation the folder names: by name for channels, by id for direct messages.
    assert_eq!(by_id(&c, "1700000500.000001").group, "G1");
    assert_eq!(by_id(&c, "1700000600.000001").group, "D1");
    assert_eq!(by_id(&c, "1690000000.000001").group, "stray");
    let root = by_id(&c, "1700000200.000200");
    assert!(root.mentions_all && root.mentions == ["U2"] && root.thread_root.is_none());
    let reply = by_id(&c, "1700000300.000300");
    assert_eq!(reply.thread_root.as_deref(), Some("1700000200.000200"));
    let bot = by_id(&c, "1700086400.000001");
    assert_eq!((bot.kind, bot.sender.as_deref()), (MessageKind::Bot, Some("B9")));
    let file = by_id(&c, "1700086500.000001");
    assert!(file.kind == MessageKind::File && file.edited && file.attachments == 1);
    // The bot that is not in users.json becomes a bot member, once.
    let bots: Vec<&Member> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Member(m) if m.id == "B9" => Some(m),
                _ => None,
            })
            .collect();
    assert_eq!(bots.len(), 1);
    assert_eq!((bots[0].bot, bots[0].name.as_deref()), (true, Some("Travis CI")));
}

#[test]
fn a_zip_with_a_wrapping_folder_reads_like_the_folder_and_broadcasts_count_once() {
    let dir = tempfile::tempdir().unwrap();
    let z = dir.path().join("export.zip");
    write_zip(&z, "My Workspace Slack export/", &files());
    let mut b = Bundle::open(&z).unwrap();
    assert_eq!(Slack.detect(&mut b).unwrap(), 90);
    let mut t = Tally::default();
    Slack.read(&mut b, &Options::default(), &mut t).unwrap();
    // 4 + 2 + 1 + 1 + 1 messages; the thread_broadcast reply is one of them, not two.
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (9, 7, 1, 1));
    assert_eq!((t.groups(), t.senders()), (5, 2));
}

#[test]
fn a_folder_with_only_root_files_is_still_slack() {
    let dir = tempfile::tempdir().unwrap();
    write_dir(dir.path(), &[("channels.json", CHANNELS), ("users.json", USERS)]);
    let mut b = Bundle::open(dir.path()).unwrap();
    assert_eq!(Slack.detect(&mut b).unwrap(), 75);
    let mut t = Tally::default();
    Slack.read(&mut b, &Options::default(), &mut t).unwrap();
    assert_eq!((t.messages, t.groups(), t.members()), (0, 1, 4));
}

#[test]
fn lone_root_files_and_lone_messages_read_as_what_they_hold() {
    let mut b = Bundle::from_bytes("x_channels.json", CHANNELS.as_bytes().to_vec());
    assert_eq!(Slack.detect(&mut b).unwrap(), 70);
    let mut c = Collect::default();
    Slack.read(&mut b, &Options::default(), &mut c).unwrap();
    assert!(matches!(&c.0[0], Record::Group(g) if g.id == "C1" && g.purpose.as_deref() == Some("all hands")));
    let mut b = Bundle::from_bytes("general.json", GENERAL_DAY2.as_bytes().to_vec());
    assert_eq!(Slack.detect(&mut b).unwrap(), 60);
    let one = r#"{"type":"message","subtype":"bot_message","bot_id":"B1","text":"poll","ts":"1.5"}"#;
    let mut b = Bundle::from_bytes("bot_message.json", one.as_bytes().to_vec());
    assert_eq!(Slack.detect(&mut b).unwrap(), 50);
    let mut c = Collect::default();
    Slack.read(&mut b, &Options::default(), &mut c).unwrap();
    let m = c.messages().next().unwrap();
    assert_eq!((m.group.as_str(), m.kind, m.time), ("bot_message", MessageKind::Bot, 1500));
}

#[test]
fn other_json_is_not_slack() {
    for (name, text) in [
        ("result.json", r#"{"name":"Bob","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message"}]}"#),
        ("chat.json", r#"{"guild":{"id":"1"},"channel":{"id":"2"},"messages":[]}"#),
        ("x.jsonl", r#"{"type":"message","source":"jsonl","group":"g","id":"1","time":1}"#),
        ("list.json", r#"[{"id":1,"name":"a"}]"#),
    ] {
        let mut b = Bundle::from_bytes(name, text.as_bytes().to_vec());
        assert_eq!(Slack.detect(&mut b).unwrap(), 0, "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    write_dir(dir.path(), &[("a.txt", "hello"), ("general/2024-01-01.json", "[]")]);
    assert_eq!(Slack.detect(&mut Bundle::open(dir.path()).unwrap()).unwrap(), 0);
}

#[test]
fn broken_day_files_name_the_entry_record_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let cut = &GENERAL_DAY1[..GENERAL_DAY1.len() - 40];
    let z = dir.path().join("export.zip");
    write_zip(&z, "", &[("channels.json", CHANNELS), ("general/2023-11-14.json", cut)]);
    let e = read(&z).unwrap_err().to_string();
    assert!(e.contains("export.zip!/general/2023-11-14.json, line 5, record 4, byte"), "{e}");
    assert!(e.contains("ends early"), "{e}");
    write_zip(&z, "", &[("channels.json", CHANNELS), ("general/2023-11-14.json", r#"[{"user":"U1","text":"x"}]"#)]);
    let e = read(&z).unwrap_err().to_string();
    assert!(e.contains("2023-11-14.json, record 1") && e.contains("`ts`"), "{e}");
    write_zip(&z, "", &[("channels.json", r#"{"id":"C1"}"#)]);
    let e = read(&z).unwrap_err().to_string();
    assert!(e.contains("export.zip!/channels.json, line 1") && e.contains("an array of Slack conversations"), "{e}");
}
