//! Unit and property tests for the WeCom archive importer, on hand-written message objects modelled on the
//! official documentation's field list.

use super::*;
use crate::{Collect, Tally};
use jingjian_model::{GroupKind, Message, MessageKind, Record};
use proptest::prelude::*;

fn read_bytes(name: &str, text: &[u8]) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes(name, text.to_vec());
    let mut c = Collect::default();
    Wecom.read(&mut b, &Options::default(), &mut c)?;
    Ok(c)
}

fn read(text: &str) -> Result<Collect, ImportError> {
    read_bytes("archive.jsonl", text.as_bytes())
}

fn only_message(c: &Collect) -> &Message {
    let msgs: Vec<_> = c.messages().collect();
    assert_eq!(msgs.len(), 1, "{:?}", c.0);
    msgs[0]
}

const ROOM_TEXT: &str = r#"{"msgid":"m1","action":"send","from":"zhangsan","tolist":["lisi","wangwu"],"roomid":"wrRoom1","msgtime":1717550000000,"msgtype":"text","text":{"content":"@李四 @所有人 请于6月5日前报送材料"}}"#;

#[test]
fn a_room_text_message_has_sender_group_time_and_mentions() {
    let c = read(ROOM_TEXT).unwrap();
    let m = only_message(&c);
    assert_eq!((m.group.as_str(), m.id.as_str(), m.sender.as_deref()), ("wrRoom1", "m1", Some("zhangsan")));
    assert_eq!(m.time, 1_717_550_000_000);
    assert!(m.tz_known);
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.text, "@李四 @所有人 请于6月5日前报送材料");
    assert_eq!(m.mentions, vec!["李四".to_string()]);
    assert!(m.mentions_all);
    assert!(c.0.iter().any(|r| matches!(r, Record::Group(g) if g.id == "wrRoom1" && g.kind == GroupKind::Group)));
    let members: Vec<_> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Membership(m) => Some(m.member.as_str()),
                _ => None,
            })
            .collect();
    assert_eq!(members, ["zhangsan", "lisi", "wangwu"]);
}

#[test]
fn a_message_without_roomid_is_a_direct_chat_keyed_by_both_ids() {
    let c = read(concat!(
        r#"{"msgid":"a","action":"send","from":"zhangsan","tolist":["lisi"],"roomid":"","msgtime":1000,"msgtype":"text","text":{"content":"在吗"}}"#,
        "\n",
        r#"{"msgid":"b","action":"send","from":"lisi","tolist":["zhangsan"],"msgtime":2000,"msgtype":"text","text":{"content":"在"}}"#,
    ))
    .unwrap();
    let groups: Vec<_> = c.messages().map(|m| m.group.as_str()).collect();
    assert_eq!(groups, ["lisi|zhangsan", "lisi|zhangsan"]);
    let kinds: Vec<_> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Group(g) => Some((g.id.as_str(), g.kind)),
                _ => None,
            })
            .collect();
    assert_eq!(kinds, [("lisi|zhangsan", GroupKind::Direct)]);
    assert_eq!(c.0.iter().filter(|r| matches!(r, Record::Membership(_))).count(), 2);
}

#[test]
fn a_recall_points_at_the_recalled_message() {
    let c = read(r#"{"msgid":"r1","action":"recall","from":"kenshin","tolist":["x"],"roomid":"","msgtime":1603875615723,"msgtype":"revoke","revoke":{"pre_msgid":"orig-7"}}"#).unwrap();
    let m = only_message(&c);
    assert_eq!(m.kind, MessageKind::Recall);
    assert_eq!(m.reply_to.as_deref(), Some("orig-7"));
    assert_eq!(m.sender.as_deref(), Some("kenshin"));
}

#[test]
fn a_switch_record_is_a_system_message_without_sender() {
    let c = read(r#"{"msgid":"125289002219525886280","action":"switch","time":1554119421840,"user":"XuJinSheng"}"#)
        .unwrap();
    let m = only_message(&c);
    assert_eq!(m.kind, MessageKind::System);
    assert_eq!(m.sender, None);
    assert_eq!(m.group, SWITCH_GROUP);
    assert_eq!(m.time, 1_554_119_421_840);
}

fn typed(msgtype: &str, body_key: &str, body: &str) -> String {
    format!(
        r#"{{"msgid":"x","action":"send","from":"u1","tolist":["u2"],"roomid":"wr1","msgtime":5,"msgtype":"{msgtype}","{body_key}":{body}}}"#
    )
}

#[test]
fn documented_body_key_mismatches_are_read() {
    let m = |line: String| read(&line).unwrap().messages().next().unwrap().clone();
    let doc = m(typed("docmsg", "doc", r#"{"title":"测试&演示客户","doc_creator":"test","link_url":"https://doc"}"#));
    assert_eq!((doc.kind, doc.text.as_str()), (MessageKind::Link, "测试&演示客户"));
    let md = m(typed("markdown", "info", r#"{"content":"请前往系统查看，谢谢。"}"#));
    assert_eq!((md.kind, md.text.as_str()), (MessageKind::Text, "请前往系统查看，谢谢。"));
    let news = m(typed("news", "info", r#"{"item":[{"title":"通知一 "},{"title":"通知二"}]}"#));
    assert_eq!((news.kind, news.text.as_str()), (MessageKind::Link, "通知一\n通知二"));
    let red = m(typed("external_redpacket", "redpacket", r#"{"type":1,"wish":"恭喜发财","totalcnt":2}"#));
    assert_eq!((red.kind, red.text.as_str()), (MessageKind::RedPacket, "恭喜发财"));
}

#[test]
fn every_message_type_gets_a_kind() {
    let cases = [
        ("text", MessageKind::Text),
        ("image", MessageKind::Image),
        ("voice", MessageKind::Voice),
        ("video", MessageKind::Video),
        ("file", MessageKind::File),
        ("link", MessageKind::Link),
        ("emotion", MessageKind::Sticker),
        ("location", MessageKind::Location),
        ("redpacket", MessageKind::RedPacket),
        ("vote", MessageKind::Poll),
        ("collect", MessageKind::Poll),
        ("meeting_voice_call", MessageKind::Call),
        ("voip_doc_share", MessageKind::Other),
        ("agree", MessageKind::System),
        ("disagree", MessageKind::System),
        ("card", MessageKind::Other),
        ("weapp", MessageKind::Other),
        ("calendar", MessageKind::Other),
        ("chatrecord", MessageKind::Other),
        ("meeting", MessageKind::Other),
        ("sphfeed", MessageKind::Link),
        ("some_future_type", MessageKind::Other),
    ];
    for (ty, kind) in cases {
        let c = read(&typed(ty, ty, "{}")).unwrap();
        assert_eq!(only_message(&c).kind, kind, "{ty}");
    }
    let c = read(&typed("chatrecord", "chatrecord", r#"{"title":"群聊","item":[]}"#)).unwrap();
    assert!(only_message(&c).forwarded);
    let c = read(&typed("file", "file", r#"{"filename":"资料.docx","filesize":18181}"#)).unwrap();
    assert_eq!((only_message(&c).text.as_str(), only_message(&c).attachments), ("资料.docx", 1));
}

#[test]
fn mixed_messages_parse_their_inner_json_text() {
    let body = r#"{"item":[{"type":"text","content":"{\"content\":\"你好[微笑]\\n\"}"},{"type":"image","content":"{\"md5sum\":\"abc\"}"},{"type":"text","content":"{\"content\":\"@王五 看图\"}"}]}"#;
    let c = read(&typed("mixed", "mixed", body)).unwrap();
    let m = only_message(&c);
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.text, "你好[微笑]\n@王五 看图");
    assert_eq!(m.attachments, 1);
    assert_eq!(m.mentions, vec!["王五".to_string()]);
    let only_images = r#"{"item":[{"type":"image","content":"{}"}]}"#;
    let c = read(&typed("mixed", "mixed", only_images)).unwrap();
    assert_eq!(only_message(&c).kind, MessageKind::Image);
}

#[test]
fn a_json_array_of_messages_is_accepted() {
    let text = format!("[\n{ROOM_TEXT},\n{}\n]\n", typed("image", "image", "{}"));
    let c = read(&text).unwrap();
    let kinds: Vec<_> = c.messages().map(|m| m.kind).collect();
    assert_eq!(kinds, [MessageKind::Text, MessageKind::Image]);
}

#[test]
fn utf8_bom_and_utf16_files_are_read() {
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(ROOM_TEXT.as_bytes());
    assert_eq!(read_bytes("a.jsonl", &bom).unwrap().messages().count(), 1);
    let mut le = vec![0xFF, 0xFE];
    le.extend(ROOM_TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(
        read_bytes("a.jsonl", &le).unwrap().messages().next().unwrap().text,
        "@李四 @所有人 请于6月5日前报送材料"
    );
}

fn write_folder(dir: &std::path::Path) {
    std::fs::write(dir.join("messages.jsonl"), format!("{ROOM_TEXT}\n")).unwrap();
    std::fs::write(
        dir.join("groups.jsonl"),
        concat!(
            r#"{"roomid":"wrRoom1","roomname":"材料报送群","creator":"zhangsan","room_create_time":1717500000,"notice":"每周五报送","members":[{"memberid":"zhangsan","jointime":1717500000},{"memberid":"lisi","jointime":1717500100}]}"#,
            "\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("roster.csv"), "id,name,unit,role\nzhangsan,张三,党政办,主任\nlisi,李四,党政办,\n")
        .unwrap();
}

#[test]
fn a_folder_brings_room_details_and_roster() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path());
    let mut b = Bundle::open(dir.path()).unwrap();
    assert_eq!(Wecom.detect(&mut b).unwrap(), 95);
    let mut c = Collect::default();
    Wecom.read(&mut b, &Options::default(), &mut c).unwrap();
    let groups: Vec<_> =
        c.0.iter()
            .filter_map(|r| match r {
                Record::Group(g) => Some(g),
                _ => None,
            })
            .collect();
    assert_eq!(groups.len(), 1, "room details replace the bare group: {groups:?}");
    let g = groups[0];
    assert_eq!(g.name.as_deref(), Some("材料报送群"));
    assert_eq!(g.owner.as_deref(), Some("zhangsan"));
    assert_eq!(g.created, Some(1_717_500_000_000));
    assert_eq!(g.purpose.as_deref(), Some("每周五报送"));
    let lisi = c.0.iter().find_map(|r| match r {
        Record::Membership(m) if m.member == "lisi" => Some(m),
        _ => None,
    });
    assert_eq!(lisi.unwrap().joined, Some(1_717_500_100_000));
    let memberships = c.0.iter().filter(|r| matches!(r, Record::Membership(_))).count();
    assert_eq!(memberships, 3, "zhangsan and lisi from details, wangwu from the message's tolist");
    assert!(
        c.0.iter().any(|r| matches!(r, Record::Member(m) if m.id == "zhangsan" && m.name.as_deref() == Some("张三")))
    );
    assert_eq!(c.messages().count(), 1);
}

#[test]
fn options_groups_names_the_room_details_file() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path());
    let mut b = Bundle::open(&dir.path().join("messages.jsonl")).unwrap();
    let opts = Options { groups: Some(dir.path().join("groups.jsonl")), ..Options::default() };
    let mut t = Tally::default();
    Wecom.read(&mut b, &opts, &mut t).unwrap();
    assert_eq!((t.messages, t.groups(), t.members()), (1, 1, 3));
}

#[test]
fn detection_claims_archives_only() {
    let score_of =
        |name: &str, text: &str| Wecom.detect(&mut Bundle::from_bytes(name, text.as_bytes().to_vec())).unwrap();
    assert_eq!(score_of("a.jsonl", ROOM_TEXT), 95);
    assert_eq!(score_of("a.json", &format!("[{ROOM_TEXT}]")), 95);
    // The first bytes decide whether the rest is looked at: whitespace first, however long, is no verdict.
    assert_eq!(score_of("a.json", &format!("{}[{ROOM_TEXT}]", " \n".repeat(100))), 95);
    assert_eq!(score_of("a.txt", &format!("2025/1/1 09:00 - 张三: {ROOM_TEXT}")), 0);
    assert_eq!(score_of("a.jsonl", r#"{"type":"message","source":"jsonl","group":"g","id":"1","time":1}"#), 0);
    assert_eq!(score_of("a.csv", "id,MsgSvrID,type_name\n"), 0);
    assert_eq!(score_of("a.json", r#"{"name":"x","messages":[]}"#), 0);
    assert_eq!(
        score_of(
            "a.jsonl",
            r#"{"seq":1,"msgid":"m","publickey_ver":1,"encrypt_random_key":"k","encrypt_chat_msg":"c"}"#
        ),
        50
    );
}

#[test]
fn a_missing_msgtime_names_the_line() {
    let text = format!(
        "{ROOM_TEXT}\n{}\n",
        r#"{"msgid":"m2","action":"send","from":"a","roomid":"wr1","msgtype":"text","text":{}}"#
    );
    let e = read(&text).unwrap_err().to_string();
    assert!(e.starts_with("archive.jsonl, line 2, byte "), "{e}");
    assert!(e.contains("no `msgtime`"), "{e}");
}

#[test]
fn a_cut_last_line_says_so() {
    let text = format!("{ROOM_TEXT}\n{}", &ROOM_TEXT[..60]);
    let e = read(&text).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("cut short"), "{e}");
}

#[test]
fn corrupt_lines_and_values_are_refused_with_their_place() {
    let e = read("{\"msgid\": 12}\n").unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("no `msgid`"), "{e}");
    let e = read("not json\n").unwrap_err().to_string();
    assert!(e.contains("line 1, byte 0") && e.contains("expected a WeCom message object"), "{e}");
    let e = read("[1, 2]").unwrap_err().to_string();
    assert!(e.contains("record 1") && e.contains("expected a WeCom message object"), "{e}");
    let e = read(&format!("[{ROOM_TEXT},\n{}", &ROOM_TEXT[..30])).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("cut short"), "{e}");
    let e = read(r#"{"seq":1,"msgid":"m","encrypt_chat_msg":"c"}"#).unwrap_err().to_string();
    assert!(e.contains("encrypted"), "{e}");
    let e = read(r#"{"msgid":"m","action":"send","msgtime":1,"msgtype":"text","roomid":""}"#).unwrap_err().to_string();
    assert!(e.contains("neither a `roomid`"), "{e}");
}

#[test]
fn bad_room_details_name_their_line() {
    let dir = tempfile::tempdir().unwrap();
    write_folder(dir.path());
    std::fs::write(dir.path().join("groups.jsonl"), "{\"roomid\":\"wr1\",\"members\":[]}\n{\"roomname\":\"x\"}\n")
        .unwrap();
    let mut b = Bundle::open(dir.path()).unwrap();
    let e = Wecom.read(&mut b, &Options::default(), &mut Collect::default()).unwrap_err().to_string();
    assert!(e.contains("groups.jsonl, line 2, byte 30") && e.contains("no `roomid`"), "{e}");
}

#[test]
fn a_folder_without_an_archive_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let mut b = Bundle::open(dir.path()).unwrap();
    assert_eq!(Wecom.detect(&mut b).unwrap(), 0);
    let e = Wecom.read(&mut b, &Options::default(), &mut Collect::default()).unwrap_err().to_string();
    assert!(e.contains("expected a WeCom archive file"), "{e}");
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut b = Bundle::from_bytes("x.jsonl", bytes);
        let _ = Wecom.detect(&mut b);
        let _ = Wecom.read(&mut b, &Options::default(), &mut Collect::default());
    }

    #[test]
    fn arbitrary_objects_never_panic(line in r#"\{("(msgid|action|from|tolist|roomid|msgtime|msgtype|text|mixed|revoke|time)":(1|"x"|"recall"|"switch"|\[\]|\{\}|null|\["a"\]),?){0,8}\}"#) {
        let _ = read(&line);
    }

    #[test]
    fn generated_messages_round_trip(
        id in "[A-Za-z0-9_=]{1,24}",
        from in "[a-z]{1,8}",
        to in "[a-z]{1,8}",
        room in proptest::option::of("wr[A-Za-z0-9]{4,12}"),
        time in 0i64..4_000_000_000_000,
        text in "\\PC{0,40}",
    ) {
        let obj = serde_json::json!({
            "msgid": id, "action": "send", "from": from, "tolist": [to], "roomid": room.clone().unwrap_or_default(),
            "msgtime": time, "msgtype": "text", "text": {"content": text},
        });
        let c = read(&obj.to_string()).unwrap();
        let m = only_message(&c);
        prop_assert_eq!(&m.id, &id);
        prop_assert_eq!(m.sender.as_deref(), Some(from.as_str()));
        prop_assert_eq!(m.time, time);
        prop_assert_eq!(&m.text, &text);
        let mut pair = [from.as_str(), to.as_str()];
        pair.sort_unstable();
        let expected = room.unwrap_or_else(|| if pair[0] == pair[1] { pair[0].to_owned() } else { pair.join("|") });
        prop_assert_eq!(&m.group, &expected);
    }
}
