//! Unit tests of the Element JSON importer on the hand-made export in `tests/fixtures/matrix` and small variants.

use super::*;
use crate::{Collect, Tally};
use jingjian_model::time::to_rfc3339;
use proptest::prelude::*;

const OPS: &str = include_str!("../../tests/fixtures/matrix/ops-room.json");

fn import(name: &str, text: &str) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes(name, text.as_bytes().to_vec());
    let mut c = Collect::default();
    Matrix.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

fn by_id<'a>(c: &'a Collect, id: &str) -> &'a Message {
    c.messages().find(|m| m.id == id).unwrap_or_else(|| panic!("no message {id}"))
}

#[test]
fn events_become_kinds_and_relations() {
    let c = import("ops.json", OPS).unwrap();
    assert_eq!(c.messages().count(), 14);
    assert_eq!(by_id(&c, "$create").kind, MessageKind::System);
    assert_eq!(by_id(&c, "$join-bob").kind, MessageKind::System);
    let report = by_id(&c, "$report");
    assert_eq!((report.text.as_str(), report.edited, report.mentions_all), ("Reports due Thursday", true, true));
    assert_eq!(report.mentions, ["@bob:example.org"]);
    assert_eq!(by_id(&c, "$ack").reply_to.as_deref(), Some("$report"));
    assert_eq!((by_id(&c, "$photo").kind, by_id(&c, "$photo").attachments), (MessageKind::Image, 1));
    let t = by_id(&c, "$thread-reply");
    assert_eq!((t.thread_root.as_deref(), t.reply_to.as_deref()), (Some("$photo"), Some("$photo")));
    assert_eq!(by_id(&c, "$ci").kind, MessageKind::Bot);
    assert_eq!(by_id(&c, "$notice-human").kind, MessageKind::Text);
    assert_eq!(by_id(&c, "$gone").kind, MessageKind::Recall);
    let old = by_id(&c, "$before-export");
    assert_eq!(
        (old.text.as_str(), old.edited, to_rfc3339(old.time).as_str()),
        ("meeting moved to 3pm", true, "2024-06-05T01:28:20.000Z")
    );
    assert!(c.messages().all(|m| m.id != "$report-edit" && m.id != "$like" && m.group == "!ops:example.org"));
    let g = c.0.iter().find_map(|r| if let Record::Group(g) = r { Some(g.clone()) } else { None }).unwrap();
    assert_eq!(
        (g.name.as_deref(), g.purpose.as_deref(), g.owner.as_deref()),
        (Some("Ops room"), Some("Daily operations"), Some("@ann:example.org"))
    );
    let bob =
        c.0.iter()
            .find_map(|r| {
                if let Record::Membership(m) = r { (m.member == "@bob:example.org").then(|| m.clone()) } else { None }
            })
            .unwrap();
    assert_eq!(bob.joined.map(to_rfc3339).as_deref(), Some("2024-06-05T01:13:24.000Z"));
    assert_eq!(bob.left.map(to_rfc3339).as_deref(), Some("2024-06-05T01:30:00.000Z"));
}

#[test]
fn the_tally_of_the_sample() {
    let mut b = Bundle::from_bytes("ops.json", OPS.as_bytes().to_vec());
    let mut t = Tally::default();
    Matrix.read(&mut b, &Options::default(), &mut t).unwrap();
    assert_eq!(
        (t.messages, t.human_messages, t.bot_messages, t.system_messages, t.senders(), t.members(), t.groups()),
        (14, 6, 1, 7, 2, 3, 1)
    );
}

#[test]
fn detection_wants_an_element_export() {
    let mut b = Bundle::from_bytes("ops.json", OPS.as_bytes().to_vec());
    assert_eq!(Matrix.detect(&mut b).unwrap(), 90);
    for text in [
        "{\"name\":\"x\",\"type\":\"personal_chat\",\"messages\":[]}",
        "{\"type\":\"version\",\"version\":1}",
        "1/2/21, 10:00 - A: x",
    ] {
        let mut b = Bundle::from_bytes("x.json", text.as_bytes().to_vec());
        assert_eq!(Matrix.detect(&mut b).unwrap(), 0, "{text}");
    }
}

#[test]
fn bad_input_says_where() {
    let cut = &OPS[..OPS.find("\"$photo\"").unwrap()];
    let e = import("ops.json", cut).unwrap_err().to_string();
    assert!(e.starts_with("ops.json, line 95, record 9: the file ends inside the export"), "{e}");
    let e = import(
        "x.json",
        "{\"room_name\":\"r\",\"export_date\":\"d\",\"messages\":[{\"type\":\"m.room.message\",\"sender\":\"@a:b\"}]}",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("x.json, record 1: expected a Matrix event with `type`, `sender`"), "{e}");
    let e = import("x.json", "{\"room_name\":\"r\",\"export_date\":\"d\",\"messages\":{}}").unwrap_err().to_string();
    assert!(e.starts_with("x.json, line 1: expected an Element export object"), "{e}");
    let e =
        import("x.json", "{\"room_name\":\"r\",\"export_date\":\"d\",\"exported_by\":\"a\"}").unwrap_err().to_string();
    assert!(e.contains("no `messages` array"), "{e}");
    let e = import("x.json", "[]").unwrap_err().to_string();
    assert!(e.starts_with("x.json: expected an Element chat export"), "{e}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(tail in "\\PC{0,80}") {
        let text = format!("{{\"room_name\":\"r\",\"export_date\":\"d\",\"messages\":[{tail}");
        let _ = import("x.json", &text);
    }

    #[test]
    fn generated_messages_round_trip(bodies in prop::collection::vec("\\PC{0,30}", 0..15)) {
        let events: Vec<Value> = bodies.iter().enumerate().map(|(i, b)| serde_json::json!({
            "type": "m.room.message", "sender": format!("@u{}:x", i % 3), "origin_server_ts": 1_000 + i as i64,
            "event_id": format!("$e{i}"), "room_id": "!r:x", "content": {"msgtype": "m.text", "body": b}
        })).collect();
        let doc = serde_json::json!({"room_name": "r", "room_creator": "u0", "topic": "", "export_date": "d", "exported_by": "u0", "messages": events});
        let c = import("x.json", &serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        let got: Vec<String> = c.messages().map(|m| m.text.clone()).collect();
        prop_assert_eq!(got, bodies);
    }
}
