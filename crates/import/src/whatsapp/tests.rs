//! Unit tests of the WhatsApp importer on small hand-written chats.

use super::*;
use crate::lines::TextLines;
use crate::{Collect, Tally};
use jingjian_model::time::to_rfc3339;
use proptest::prelude::*;

fn import(name: &str, text: &str) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes(name, text.as_bytes().to_vec());
    let mut c = Collect::default();
    Whatsapp.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

fn messages(c: &Collect) -> Vec<(String, Option<String>, MessageKind, String)> {
    c.messages().map(|m| (to_rfc3339(m.time), m.sender.clone(), m.kind, m.text.clone())).collect()
}

#[test]
fn android_group_chat_with_system_lines_and_media() {
    let c = import(
        "WhatsApp Chat with Team.txt",
        "12/9/20, 23:16 - Alice created group \"Team: A\"\n\
         12/9/20, 23:17 - Alice added Bob and ~ Carol\n\
         13/9/20, 09:00 - ~ Carol: hi all\n\
         second line\n\
         \n\
         13/9/20, 09:01 - Bob: <Media omitted>\n\
         13/9/20, 09:02 - Bob: This message was deleted\n\
         13/9/20, 09:03 - Carol left\n",
    )
    .unwrap();
    let ms = messages(&c);
    assert_eq!(ms.len(), 6);
    assert_eq!(
        ms[0],
        (
            "2020-09-12T23:16:00.000Z".into(),
            Some("Alice".into()),
            MessageKind::System,
            "Alice created group \"Team: A\"".into()
        )
    );
    assert_eq!(
        ms[2],
        ("2020-09-13T09:00:00.000Z".into(), Some("Carol".into()), MessageKind::Text, "hi all\nsecond line".into())
    );
    assert_eq!((ms[3].2, c.messages().nth(3).unwrap().attachments), (MessageKind::File, 1));
    assert_eq!(ms[4].2, MessageKind::Recall);
    assert_eq!((ms[5].1.clone(), ms[5].2), (None, MessageKind::System));
    assert!(c.messages().all(|m| m.group == "Team" && !m.tz_known));
    let group = c.0.iter().find_map(|r| if let Record::Group(g) = r { Some(g.clone()) } else { None }).unwrap();
    assert_eq!((group.kind, group.owner.as_deref()), (GroupKind::Group, Some("Alice")));
    assert_eq!(group.created.map(to_rfc3339).as_deref(), Some("2020-09-12T23:16:00.000Z"));
    let carol =
        c.0.iter()
            .find_map(|r| if let Record::Membership(m) = r { (m.member == "Carol").then(|| m.clone()) } else { None })
            .unwrap();
    assert_eq!(carol.joined.map(to_rfc3339).as_deref(), Some("2020-09-12T23:17:00.000Z"));
    assert_eq!(carol.left.map(to_rfc3339).as_deref(), Some("2020-09-13T09:03:00.000Z"));
}

#[test]
fn ios_twelve_hour_with_narrow_spaces_marks_and_attachments() {
    let c = import(
        "_chat.txt",
        "\u{FEFF}[1/2/21, 9:05:07\u{202F}PM] Ann: hi\n\
         \u{200E}[1/2/21, 9:06:00\u{202F}PM] Ben: \u{200E}<attached: 00000012-PHOTO-2021-01-02-21-06-00.jpg>\n\
         [1/13/21, 12:00:00\u{A0}AM] Ann: \u{200E}image omitted\n\
         \u{FEFF}[1/13/21, 12:30:00 a.m.] \u{200E}Ben: \u{200E}Missed voice call\n",
    )
    .unwrap();
    let ms = messages(&c);
    assert_eq!(ms[0], ("2021-01-02T21:05:07.000Z".into(), Some("Ann".into()), MessageKind::Text, "hi".into()));
    assert_eq!(ms[1].2, MessageKind::Image);
    assert_eq!((ms[2].0.as_str(), ms[2].2), ("2021-01-13T00:00:00.000Z", MessageKind::Image));
    assert_eq!((ms[3].1.as_deref(), ms[3].2), (Some("Ben"), MessageKind::System));
    let g = c.0.iter().find_map(|r| if let Record::Group(g) = r { Some(g.clone()) } else { None }).unwrap();
    assert_eq!((g.id.as_str(), g.kind), ("_chat", GroupKind::Direct));
}

#[test]
fn the_day_month_order_comes_from_later_lines() {
    // Line 1 alone is ambiguous; line 2 shows the file is month first.
    let c = import("c.txt", "01/02/21, 10:00 - A: x\n01/20/21, 10:00 - A: y\n").unwrap();
    assert_eq!(messages(&c)[0].0, "2021-01-02T10:00:00.000Z");
    let c = import("c.txt", "01/02/21, 10:00 - A: x\n20/01/21, 10:00 - A: y\n").unwrap();
    assert_eq!(messages(&c)[0].0, "2021-02-01T10:00:00.000Z");
}

#[test]
fn identical_lines_get_distinct_ids_and_out_of_order_times_stay() {
    let c = import("c.txt", "1/1/21, 12:03 - B: ok\n1/1/21, 12:03 - B: ok\n1/1/21, 12:02 - A: late\n").unwrap();
    let ids: Vec<_> = c.messages().map(|m| m.id.clone()).collect();
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[0], synthetic_id("c", c.messages().next().unwrap().time, Some("B"), "ok", 0));
    assert_eq!(messages(&c)[2].0, "2021-01-01T12:02:00.000Z");
}

#[test]
fn local_times_are_read_in_the_given_zone() {
    let mut b = Bundle::from_bytes("c.txt", b"2024/06/05, 09:30 - A: x\n".to_vec());
    let mut c = Collect::default();
    let opts = Options { tz: chrono_tz::Asia::Shanghai, groups: None };
    Whatsapp.read(&mut b, &opts, &mut c).unwrap();
    assert_eq!(to_rfc3339(c.messages().next().unwrap().time), "2024-06-05T01:30:00.000Z");
}

#[test]
fn a_zip_names_the_group_after_itself() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("WhatsApp Chat - Familie.zip");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        z.start_file("_chat.txt", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all("[29.01.18, 12:24:03] Anna: Hallo\n[29.01.18, 12:25:00] Du hast Bob hinzugefügt.\n".as_bytes())
            .unwrap();
        z.start_file("00000001-PHOTO-2018-01-29.jpg", zip::write::SimpleFileOptions::default()).unwrap();
        z.finish().unwrap();
    }
    let mut b = Bundle::open(&p).unwrap();
    assert_eq!(Whatsapp.detect(&mut b).unwrap(), 85);
    let mut t = Tally::default();
    Whatsapp.read(&mut b, &Options::default(), &mut t).unwrap();
    assert_eq!((t.messages, t.human_messages, t.system_messages, t.groups(), t.members()), (2, 1, 1, 1, 2));
    let mut c = Collect::default();
    Whatsapp.read(&mut b, &Options::default(), &mut c).unwrap();
    assert!(c.messages().all(|m| m.group == "Familie"));
}

#[test]
fn detection_does_not_misfire() {
    for (name, text) in [
        ("x.jsonl", "{\"type\":\"message\"}\n"),
        ("notes.txt", "Shopping list\n1/2/21 eggs\n"),
        ("export.json", "{\"type\":\"version\",\"version\":1}\n"),
        ("empty.txt", ""),
    ] {
        let mut b = Bundle::from_bytes(name, text.as_bytes().to_vec());
        assert_eq!(Whatsapp.detect(&mut b).unwrap(), 0, "{name}");
    }
    let mut b = Bundle::from_bytes("c.txt", b"[2019-04-16 02:09] A: x\n[2019-04-16 02:10] B: y\n".to_vec());
    assert_eq!(Whatsapp.detect(&mut b).unwrap(), 85);
}

#[test]
fn bad_input_names_the_file_and_line() {
    let e = import("chat.txt", "\nHello there\n1/2/21, 10:00 - A: x\n").unwrap_err().to_string();
    assert!(e.starts_with("chat.txt, line 2, byte 1: expected a WhatsApp message header"), "{e}");
    let e = import("chat.txt", "   \n\n").unwrap_err().to_string();
    assert!(e.contains("chat.txt") && e.contains("found no line starting with a date"), "{e}");
    let e = import("chat.txt", "13/1/20, 10:00 - A: x\n1/13/20, 10:00 - A: y\n").unwrap_err().to_string();
    assert!(e.starts_with("chat.txt, line 2: the dates mix orders: line 1"), "{e}");
    let e = import("chat.txt", "13/1/20, 10:00 - A: x\n31/02/20, 10:00 - A: y\n").unwrap_err().to_string();
    assert!(e.starts_with("chat.txt, line 2, byte 22: this date does not exist when read day/month/year"), "{e}");
}

/// The records of `text`, or the error, read from memory and streamed: the two ways a chat is read.
fn both_ways(text: &str) -> (Result<Vec<Record>, String>, Result<Vec<Record>, String>) {
    fn run(lines: &mut impl ChatLines, again: &mut impl ChatLines) -> Result<Vec<Record>, String> {
        let survey = survey(lines).map_err(|e| e.to_string())?;
        let mut c = Collect::default();
        emit(again, "g", &survey, &Options::default(), &mut c).map_err(|e| e.to_string())?;
        Ok(c.0)
    }
    let memory = run(&mut TextLines::new(text, "c.txt"), &mut TextLines::new(text, "c.txt"));
    let streamed = run(&mut LineReader::new(text.as_bytes(), "c.txt"), &mut LineReader::new(text.as_bytes(), "c.txt"));
    (memory, streamed)
}

#[test]
fn a_chat_in_memory_reads_as_streamed() {
    for text in [
        "12/9/20, 23:16 - Alice created group \"Team: A\"\r\n12/9/20, 23:17 - Alice added Bob\r\nmore\r\n",
        "[1/2/21, 9:05:07\u{202F}PM] Ann: hi\n\u{200E}[1/13/21, 12:00:00\u{A0}AM] Ann: \u{200E}image omitted",
        "\nHello there\n1/2/21, 10:00 - A: x\n",
        "13/1/20, 10:00 - A: x\n31/02/20, 10:00 - A: y\n",
        "",
    ] {
        let (memory, streamed) = both_ways(text);
        assert_eq!(memory, streamed, "{text:?}");
    }
}

proptest! {
    #[test]
    fn generated_chats_read_the_same_in_memory_and_streamed(
        lines in prop::collection::vec(prop::sample::select(vec![
            "1/2/21, 10:00 - Ann: hi", "13/2/21, 10:01 - Bob: <Media omitted>", "1/2/21, 10:02 - Bob left",
            "1/2/21, 10:03 - Ann added Bob, Carol", "more text", "", "\r", "1/2/21, 10:04 - Ann: This message was deleted",
            "[1/2/21, 10:05:00] ~\u{202F}Dave: \u{200E}Missed voice call", "31/2/21, 10:06 - Ann: no such day",
        ]), 0..12),
        end in prop::sample::select(vec!["", "\n", "\r\n"]),
    ) {
        let text = lines.join("\n") + end;
        let (memory, streamed) = both_ways(&text);
        prop_assert_eq!(memory, streamed);
    }


    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut b = Bundle::from_bytes("c.txt", bytes);
        let _ = Whatsapp.detect(&mut b);
        let _ = Whatsapp.read(&mut b, &Options::default(), &mut Collect::default());
    }

    #[test]
    fn generated_chats_keep_every_message(texts in prop::collection::vec("[a-z ]{1,20}", 1..20)) {
        let chat: String = texts.iter().enumerate()
            .map(|(i, t)| format!("[2021-03-{:02} 10:{:02}] P{}: {}\n", 1 + i % 28, i % 60, i % 3, t))
            .collect();
        let c = import("c.txt", &chat).unwrap();
        let got: Vec<String> = c.messages().map(|m| m.text.clone()).collect();
        let want: Vec<String> = texts.iter().map(|t| t.trim_end().to_string()).collect();
        prop_assert_eq!(got, want);
    }
}
