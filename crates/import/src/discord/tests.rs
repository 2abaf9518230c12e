//! Tests of the Discord importer on small hand-written DCE files.

use super::*;
use crate::{Collect, Tally};
use jingjian_model::{GroupKind, MessageKind};

const GUILD: &str = r#"{
  "guild": {"id": "100", "name": "Ops", "iconUrl": "x"},
  "channel": {"id": "200", "type": "GuildTextChat", "categoryId": "150", "category": "Text", "name": "general",
              "topic": "daily reports"},
  "dateRange": {"after": null, "before": null},
  "exportedAt": "2024-05-01T00:00:00+00:00",
  "messages": [
    {"id": "1", "type": "GuildMemberJoin", "timestamp": "2024-04-01T08:00:00+08:00", "content": "",
     "author": {"id": "11", "name": "ann", "nickname": "Ann", "isBot": false}, "attachments": [], "mentions": []},
    {"id": "2", "type": "Default", "timestamp": "2024-04-01T09:00:00+08:00", "timestampEdited": null,
     "content": "@everyone report by 5pm", "author": {"id": "11", "name": "ann", "isBot": false},
     "attachments": [], "mentions": []},
    {"id": "3", "type": "Reply", "timestamp": "2024-04-01T09:05:00+08:00", "content": "收到",
     "author": {"id": "12", "name": "bob", "isBot": false}, "attachments": [], "mentions": [{"id": "11", "name": "ann"}],
     "reference": {"messageId": "2", "channelId": "200", "guildId": "100"}},
    {"id": "3", "type": "Reply", "timestamp": "2024-04-01T09:05:00+08:00", "content": "收到",
     "author": {"id": "12", "name": "bob", "isBot": false}, "attachments": [], "mentions": [],
     "reference": {"messageId": "2"}},
    {"id": "4", "type": "Default", "timestamp": "2024-04-01T09:06:00+08:00", "content": "deployed",
     "author": {"id": "13", "name": "ci", "isBot": true}, "attachments": [{"id": "a", "fileName": "log.txt"}]}
  ],
  "messageCount": 5
}"#;

fn read(text: &str) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes("general.json", text.as_bytes().to_vec());
    let mut c = Collect::default();
    Discord.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

#[test]
fn a_channel_file_gives_group_members_and_messages() {
    let c = read(GUILD).unwrap();
    let Record::Group(g) = &c.0[0] else { panic!() };
    assert_eq!((g.id.as_str(), g.kind, g.purpose.as_deref()), ("200", GroupKind::Channel, Some("daily reports")));
    let members = c.0.iter().filter(|r| matches!(r, Record::Member(_))).count();
    assert_eq!(members, 3);
    let m: Vec<_> = c.messages().collect();
    assert_eq!(m.len(), 5, "a repeated id is pushed again; the store keeps one");
    assert_eq!((m[0].kind, m[0].time), (MessageKind::System, 1_711_929_600_000));
    assert!(m[1].mentions_all);
    assert_eq!((m[2].reply_to.as_deref(), m[2].mentions.clone()), (Some("2"), vec!["11".to_string()]));
    assert_eq!((m[4].kind, m[4].attachments), (MessageKind::Bot, 1));
    let mut t = Tally::default();
    Discord.read(&mut Bundle::from_bytes("g.json", GUILD.into()), &Options::default(), &mut t).unwrap();
    assert_eq!((t.human_messages, t.bot_messages, t.system_messages, t.senders()), (3, 1, 1, 2));
}

#[test]
fn messages_before_the_channel_are_held_until_it_comes() {
    let text = r#"{"messages": [{"id": "1", "type": "Default", "timestamp": "2024-01-01T00:00:00Z",
        "author": {"id": "5", "name": "x"}}], "channel": {"id": "77", "type": "DirectTextChat", "name": "x"}}"#;
    let c = read(text).unwrap();
    assert!(matches!(&c.0[0], Record::Group(g) if g.id == "77" && g.kind == GroupKind::Direct));
    assert_eq!(c.messages().next().unwrap().group, "77");
}

#[test]
fn missing_parts_and_broken_files_say_where() {
    let e = read(r#"{"guild": {"id": "1"}, "messages": []}"#).unwrap_err().to_string();
    assert!(e.starts_with("general.json") && e.contains("expected a `channel`"), "{e}");
    let e = read(r#"{"channel": {"id": "1"}}"#).unwrap_err().to_string();
    assert!(e.contains("expected a `messages` array"), "{e}");
    let cut = &GUILD[..GUILD.find("\"id\": \"3\"").unwrap() + 4];
    let e = read(cut).unwrap_err().to_string();
    assert!(e.starts_with(&format!("general.json, line 13, record 3, byte {}", cut.len())), "{e}");
    let bad = GUILD.replace("2024-04-01T09:05:00+08:00\", \"content\": \"收到\",\n     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}, \"attachments\": [], \"mentions\": [{", "soon\", \"content\": \"x\",\n     \"author\": {\"id\": \"12\", \"name\": \"bob\", \"isBot\": false}, \"attachments\": [], \"mentions\": [{");
    let e = read(&bad).unwrap_err().to_string();
    assert!(e.contains("record 3") && e.contains("RFC 3339"), "{e}");
}

#[test]
fn detection_takes_dce_files_only() {
    let score = |t: &str| Discord.detect(&mut Bundle::from_bytes("x.json", t.into())).unwrap();
    assert_eq!(score(GUILD), 90);
    assert_eq!(score(r#"{"name": "Bob", "type": "personal_chat", "id": 1, "messages": []}"#), 0);
    assert_eq!(score(r#"[{"id": "C1", "name": "general"}]"#), 0);
    assert_eq!(score("ID,Timestamp,Contents,Attachments\n1,2020,hi,\n"), 0);
}
