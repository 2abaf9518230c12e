//! Tests of the Telegram importer on small hand-written exports.

use super::*;
use crate::{Collect, Tally};
use jingjian_model::{GroupKind, MessageKind, Record};

fn read(text: &str, opts: &Options) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes("result.json", text.as_bytes().to_vec());
    let mut c = Collect::default();
    Telegram.read(&mut b, opts, &mut c)?;
    Ok(c)
}

const SINGLE: &str = r#"{
 "name": "项目组",
 "type": "private_supergroup",
 "id": 1234,
 "messages": [
  {"id": 1, "type": "service", "date": "2024-01-01T09:00:00", "date_unixtime": "1704070800",
   "actor": "Ann", "actor_id": "user1", "action": "create_group", "title": "项目组", "members": ["Ann", "Bob"], "text": ""},
  {"id": 2, "type": "message", "date": "2024-01-01T09:01:00", "date_unixtime": "1704070860",
   "from": "Bob", "from_id": "user2", "text": "收到", "reply_to_message_id": 1},
  {"id": 3, "type": "service", "date": "2024-01-01T09:02:00", "date_unixtime": "1704070920",
   "actor": "Cat", "actor_id": "user3", "action": "join_group_by_link", "inviter": "Ann", "text": ""},
  {"id": 4, "type": "message", "date": "2024-01-01T09:03:00", "date_unixtime": "1704070980",
   "from": "Ann", "from_id": "user1", "via_bot": "@gif", "file": "a.mp4", "media_type": "animation", "text": ""}
 ]
}"#;

#[test]
fn a_single_chat_gives_its_group_members_memberships_and_messages() {
    let c = read(SINGLE, &Options::default()).unwrap();
    let Record::Group(g) = &c.0[0] else { panic!("{:?}", c.0[0]) };
    assert_eq!((g.id.as_str(), g.name.as_deref(), g.kind), ("1234", Some("项目组"), GroupKind::Group));
    let joins: Vec<(String, Option<i64>)> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Membership(m) => Some((m.member.clone(), m.joined)),
                _ => None,
            })
            .collect();
    // create_group names Ann (already seen as user1, the actor) and Bob (not yet seen: kept by name);
    // join_group_by_link gives the actor's id.
    assert_eq!(
        joins,
        [
            ("user1".to_string(), Some(1_704_070_800_000)),
            ("Bob".to_string(), Some(1_704_070_800_000)),
            ("user3".to_string(), Some(1_704_070_920_000))
        ]
    );
    let msgs: Vec<_> = c.messages().collect();
    assert_eq!(msgs.len(), 4);
    assert_eq!((msgs[0].kind, msgs[0].sender.as_deref()), (MessageKind::System, Some("user1")));
    assert_eq!((msgs[1].reply_to.as_deref(), msgs[1].group.as_str()), (Some("1"), "1234"));
    assert_eq!(msgs[3].kind, MessageKind::Bot);
    let mut t = Tally::default();
    Telegram.read(&mut Bundle::from_bytes("r.json", SINGLE.into()), &Options::default(), &mut t).unwrap();
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages, t.senders()), (4, 1, 1, 2, 1));
}

#[test]
fn a_full_account_export_reads_every_chat_and_left_chats() {
    let text = r#"{
      "about": "Here is the data you requested.",
      "personal_information": {"user_id": 1, "first_name": "Ann"},
      "contacts": {"about": "", "list": [{"first_name": "Bob"}]},
      "chats": {"about": "", "list": [
        {"name": "Bob", "type": "personal_chat", "id": 2, "messages": [
          {"id": 10, "type": "message", "date": "2024-02-01T10:00:00", "from": "Bob", "from_id": "user2", "text": "hi"}]},
        {"name": "News", "type": "public_channel", "id": 3, "messages": [
          {"id": 11, "type": "message", "date_unixtime": "1706781600", "from": "News", "from_id": "channel3",
           "photo": "(File not included. Change data exporting settings to download.)", "text": ""}]}
      ]},
      "left_chats": {"about": "", "list": [
        {"name": "Old", "type": "private_group", "id": 4, "messages": [
          {"id": 12, "type": "message", "date_unixtime": "1706781700", "from": "Ann", "from_id": "user1",
           "forwarded_from": "Bob", "text": "fwd"}]}
      ]}
    }"#;
    let c = read(text, &Options { tz: chrono_tz::Asia::Shanghai, groups: None }).unwrap();
    let groups: Vec<(String, GroupKind)> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Group(g) => Some((g.id.clone(), g.kind)),
                _ => None,
            })
            .collect();
    assert_eq!(
        groups,
        [("2".into(), GroupKind::Direct), ("3".into(), GroupKind::Broadcast), ("4".into(), GroupKind::Group)]
    );
    let m: Vec<_> = c.messages().collect();
    // 10:00 in Shanghai is 02:00 UTC, and that time came without a zone.
    assert_eq!((m[0].time, m[0].tz_known), (1_706_752_800_000, false));
    assert_eq!((m[1].kind, m[1].attachments, m[1].sender.as_deref()), (MessageKind::Image, 1, Some("channel3")));
    assert!(m[2].forwarded && m[2].group == "4");
}

#[test]
fn messages_before_the_chat_id_are_held_until_the_id_is_known() {
    let text = r#"{"messages": [{"id": 1, "type": "message", "date_unixtime": "5", "from": "A", "from_id": "user1",
      "text": "x"}], "name": "Late", "type": "public_supergroup", "id": 99}"#;
    let c = read(text, &Options::default()).unwrap();
    assert!(matches!(&c.0[0], Record::Group(g) if g.id == "99" && g.name.as_deref() == Some("Late")));
    assert_eq!(c.messages().next().unwrap().group, "99");
    // No id at all: the chat's name, else the file's name, is the group.
    let c = read(
        r#"{"messages": [{"type": "message", "date_unixtime": "5", "from": "A", "text": "x"}]}"#,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(c.messages().next().unwrap().group, "result");
}

#[test]
fn fields_after_messages_declare_the_group_again_complete() {
    let text = r#"{"id": 7, "messages": [], "name": "Named later", "type": "private_channel"}"#;
    let c = read(text, &Options::default()).unwrap();
    let Record::Group(last) = c.0.last().unwrap() else { panic!() };
    assert_eq!((last.id.as_str(), last.name.as_deref(), last.kind), ("7", Some("Named later"), GroupKind::Broadcast));
}

#[test]
fn messages_reach_the_sink_before_the_file_ends() {
    // A file cut after three messages: those three are pushed before the error is found, so nothing waits for
    // the end of the messages array (the import streams).
    let mut text = String::from(r#"{"name": "g", "type": "private_group", "id": 1, "messages": ["#);
    for i in 1..=3 {
        text.push_str(&format!(
            r#"{{"id": {i}, "type": "message", "date_unixtime": "{i}", "from_id": "user1", "text": "t"}},"#
        ));
    }
    text.push_str(r#"{"id": 4, "type": "mess"#);
    let mut b = Bundle::from_bytes("result.json", text.clone().into_bytes());
    let mut c = Collect::default();
    let e = Telegram.read(&mut b, &Options::default(), &mut c).unwrap_err().to_string();
    assert_eq!(c.messages().count(), 3);
    assert!(e.starts_with(&format!("result.json, line 1, record 4, byte {}: the JSON ends early", text.len())), "{e}");
}

#[test]
fn a_bad_message_names_its_record() {
    let text = r#"{"name": "g", "type": "private_group", "id": 1, "messages": [
      {"id": 1, "type": "message", "date_unixtime": "1", "text": "ok"},
      {"id": 2, "type": "message", "date": "yesterday", "text": "bad"}]}"#;
    let e = read(text, &Options::default()).unwrap_err().to_string();
    assert!(e.starts_with("result.json, record 2, byte") && e.contains("`date` is not a time"), "{e}");
    let e = read(r#"{"name": "g", "id": 1, "messages": {"id": 1}}"#, &Options::default()).unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("an array of messages"), "{e}");
}

#[test]
fn a_refusing_sink_stops_the_import_with_its_error() {
    struct Refuse;
    impl Sink for Refuse {
        fn record(&mut self, _: Record) -> Result<(), String> {
            Err("disk full".into())
        }
    }
    let mut b = Bundle::from_bytes("result.json", SINGLE.into());
    let e = Telegram.read(&mut b, &Options::default(), &mut Refuse).unwrap_err();
    assert!(matches!(e, ImportError::Sink(ref m) if m == "disk full"), "{e}");
}

#[test]
fn detection_takes_telegram_and_only_telegram() {
    let yes = |t: &str| Telegram.detect(&mut Bundle::from_bytes("result.json", t.into())).unwrap();
    assert_eq!(yes(SINGLE), 85);
    assert_eq!(yes(r#"{"about": "x", "personal_information": {}}"#), 85);
    assert_eq!(yes(r#"{"messages": [{"type": "message", "date_unixtime": "1"}]}"#), 85);
    assert_eq!(yes(r#"{"guild": {}, "channel": {}, "messages": [{"id": "1", "timestamp": "x"}]}"#), 0);
    assert_eq!(yes(r#"[{"type": "message", "ts": "1.0"}]"#), 0);
    assert_eq!(yes(r#"{"type":"message","source":"jsonl","group":"g","id":"1","time":1}"#), 0);
}

#[test]
fn broken_message_arrays_fail_exactly_as_the_streaming_parser_says() {
    // The messages array is cut out of the buffer and parsed from memory; any JSON error makes the importer read
    // the file again the streaming way, so errors keep its line, record, byte offset and wording.
    let head = r#"{"name": "g", "type": "private_group", "id": 1, "messages": ["#;
    let ok = r#"{"id": 1, "type": "message", "date_unixtime": "1", "from_id": "user1", "text": "t"}"#;
    let broken = [
        format!("{head}{ok}\n {ok}]}}"),
        format!("{head}{ok},\n]}}"),
        format!("{head}{ok}, {{\"id\": 2, \"type\": }}]}}"),
        format!("{head}{ok}, {{\"id\": 2, \"text\": \"a\\qb\"}}]}}"),
        format!("{head}{ok}, 7]}}"),
        format!("{head}{ok}]}} x"),
        format!("{head}\n{ok},\n{ok}"),
    ];
    for text in &broken {
        let fast = read(text, &Options::default()).err().map(|e| e.to_string());
        let mut walk = Walk {
            opts: &Options::default(),
            fallback: "result".into(),
            members: HashSet::new(),
            names: HashMap::new(),
            chats: 0,
        };
        let expected = "a Telegram Desktop export (an object with `messages` or `chats`)";
        let streaming =
            crate::json::parse(text.as_bytes(), "result.json".into(), &mut Collect::default(), expected, |de, ctx| {
                de.deserialize_map(ChatSeed { ctx, walk: &mut walk, top: true })
            })
            .err()
            .map(|e| e.to_string());
        assert!(streaming.is_some(), "{text}");
        assert_eq!(fast, streaming, "{text}");
    }
}
