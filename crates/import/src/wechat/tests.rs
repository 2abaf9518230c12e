//! Unit and property tests for the WeChat CSV importer, on hand-written CSV built from the documented headers
//! (`testdata/wechat/` holds the two MemoTrace files).

use super::*;
use crate::{Collect, Tally};
use jingjian_model::{GroupKind, Message, MessageKind, Record};
use proptest::prelude::*;

const PYWXDUMP: &str = "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n";
const LEGACY: &[u8] = include_bytes!("../../testdata/wechat/项目协调群_utf8.csv");
const CHINESE: &[u8] = include_bytes!("../../testdata/wechat/家长群.csv");

fn read_with(name: &str, bytes: &[u8], tz: chrono_tz::Tz) -> Result<Collect, ImportError> {
    let mut b = Bundle::from_bytes(name, bytes.to_vec());
    let mut c = Collect::default();
    Wechat.read(&mut b, &Options { tz, groups: None }, &mut c)?;
    Ok(c)
}

fn read(name: &str, text: &str) -> Result<Collect, ImportError> {
    read_with(name, text.as_bytes(), chrono_tz::UTC)
}

fn messages(c: &Collect) -> Vec<&Message> {
    c.messages().collect()
}

fn groups(c: &Collect) -> Vec<&jingjian_model::Group> {
    c.0.iter()
        .filter_map(|r| match r {
            Record::Group(g) => Some(g),
            _ => None,
        })
        .collect()
}

#[test]
fn pywxdump_rows_read_self_peer_group_and_local_time() {
    let text = format!(
        "{PYWXDUMP}{}{}",
        "7,4073926741244663531,文本,1,wxid_me,wxid_peer,小马尔代夫,,2024-10-04 11:43:05\n",
        "9,2122553892045962801,文本,0,wxid_peer,wxid_peer,我去 好可爱啊,,2024/10/4 11:44\n",
    );
    let c = read_with("wxid_peer_0_5000.csv", text.as_bytes(), chrono_tz::Asia::Shanghai).unwrap();
    let m = messages(&c);
    assert_eq!(
        (m[0].id.as_str(), m[0].sender.as_deref(), m[0].group.as_str()),
        ("4073926741244663531", Some("self"), "wxid_peer")
    );
    assert_eq!(jingjian_model::time::to_rfc3339(m[0].time), "2024-10-04T03:43:05.000Z");
    assert!(!m[0].tz_known);
    assert_eq!(m[1].sender.as_deref(), Some("wxid_peer"));
    assert_eq!(jingjian_model::time::to_rfc3339(m[1].time), "2024-10-04T03:44:00.000Z");
    let g = groups(&c);
    assert_eq!((g.len(), g[0].id.as_str(), g[0].kind), (1, "wxid_peer", GroupKind::Direct));
    assert_eq!(c.0.iter().filter(|r| matches!(r, Record::Membership(_))).count(), 2);
}

#[test]
fn a_chatroom_is_a_group_and_its_talkers_are_senders() {
    let text = format!(
        "{PYWXDUMP}{}{}",
        "1,11,文本,0,wxid_a,123@chatroom,@张三\u{2005}@所有人 报送,,2024-06-05 09:00:00\n",
        "2,12,文本,0,,123@chatroom,无名,,2024-06-05 09:01:00\n",
    );
    let c = read("x.csv", &text).unwrap();
    let m = messages(&c);
    assert_eq!(m[0].sender.as_deref(), Some("wxid_a"));
    assert_eq!(m[0].mentions, vec!["张三".to_string()]);
    assert!(m[0].mentions_all);
    assert_eq!(m[1].sender, None, "a room row without talker has no known sender, not the room");
    assert_eq!(groups(&c)[0].kind, GroupKind::Group);
}

#[test]
fn a_quote_reply_points_at_the_quoted_message() {
    let text = format!(
        "{PYWXDUMP}{}{}{}",
        "52,1122488129382806721,文本,0,peer,peer,我之前租的时候 租了个大的,,2024/10/4 21:25\n",
        "53,1244017411047763227,引用回复,0,peer,peer,\"（我们两个人骑）\n\n[引用](2024-10-04 21:25:04)小虫:我之前租的时候 租了个大的\",,2024/10/4 21:25\n",
        "54,1244017411047763228,引用回复,1,me,peer,\"对\n\n[引用](2024-10-03 08:00:00)小虫:很久以前的话\",,2024/10/4 21:26\n",
    );
    let c = read("x.csv", &text).unwrap();
    let m = messages(&c);
    assert_eq!(m[1].reply_to.as_deref(), Some("1122488129382806721"));
    assert_eq!((m[1].kind, m[1].text.as_str()), (MessageKind::Text, "（我们两个人骑）"));
    assert_eq!(m[2].reply_to, None, "a quote of a message not in the export stays text");
    assert!(m[2].text.contains("[引用]") && m[2].kind == MessageKind::Text);
}

#[test]
fn recalls_and_system_notices() {
    let text = format!(
        "{PYWXDUMP}{}{}{}",
        "57,7646558619446387721,系统通知,1,me,peer,<revokemsg>你撤回了一条消息</revokemsg>,,2024/10/4 21:26\n",
        "58,7646558619446387722,拍一拍,0,peer,peer,\"\"\"peer\"\" 拍了拍我\",,2024/10/4 21:27\n",
        "59,7646558619446387723,邀请加群,0,peer,peer,邀请你加入了群聊,,2024/10/4 21:28\n",
    );
    let c = read("x.csv", &text).unwrap();
    let m = messages(&c);
    assert_eq!(
        (m[0].kind, m[0].text.as_str(), m[0].sender.as_deref()),
        (MessageKind::Recall, "你撤回了一条消息", Some("self"))
    );
    assert_eq!(m[1].kind, MessageKind::System);
    assert_eq!(m[2].kind, MessageKind::System);
    let mut t = Tally::default();
    read_with_tally(&text, &mut t);
    assert_eq!((t.system_messages, t.human_messages), (3, 0));
}

fn read_with_tally(text: &str, t: &mut Tally) {
    let mut b = Bundle::from_bytes("x.csv", text.as_bytes().to_vec());
    Wechat.read(&mut b, &Options::default(), t).unwrap();
}

#[test]
fn type_names_and_placeholders_become_kinds() {
    let cases = [
        ("图片", "图片", MessageKind::Image, ""),
        ("语音", "[语音]", MessageKind::Voice, ""),
        ("视频", "视频", MessageKind::Video, ""),
        ("动画表情", "表情", MessageKind::Sticker, ""),
        ("位置", "北京市朝阳区", MessageKind::Location, "北京市朝阳区"),
        ("文件", "报名表.xlsx", MessageKind::File, "报名表.xlsx"),
        ("卡片式链接", "通知全文", MessageKind::Link, "通知全文"),
        ("合并转发的聊天记录", "群聊的聊天记录", MessageKind::Other, "群聊的聊天记录"),
        ("群公告", "周五前报送", MessageKind::Text, "周五前报送"),
        ("接龙", "#接龙 报名", MessageKind::Poll, "#接龙 报名"),
        ("转账", "[转账]", MessageKind::RedPacket, ""),
        ("语音通话", "通话时长 00:12", MessageKind::Call, "通话时长 00:12"),
        ("文本", "[图片]", MessageKind::Image, ""),
        ("文本", "[文件]材料.docx", MessageKind::File, "材料.docx"),
        ("新类型", "看不懂", MessageKind::Other, "看不懂"),
        ("新类型", "[视频]", MessageKind::Video, ""),
    ];
    for (i, (label, msg, kind, text)) in cases.into_iter().enumerate() {
        let csv = format!("{PYWXDUMP}{i},{i}9,{label},0,peer,peer,{msg},,2024-06-05 09:00:00\n");
        let c = read("x.csv", &csv).unwrap();
        let m = messages(&c)[0];
        assert_eq!((m.kind, m.text.as_str()), (kind, text), "{label} {msg}");
        if label == "合并转发的聊天记录" {
            assert!(m.forwarded);
        }
    }
}

#[test]
fn the_older_pywxdump_layout_keeps_text_in_json() {
    let text = "id,MsgSvrID,type_name,is_sender,talker,room_name,content,CreateTime\n\
                1,101,文本,0,peer,peer,\"{\"\"src\"\": \"\"\"\", \"\"msg\"\": \"\"收到\"\"}\",2024-03-01 10:00:00\n\
                2,102,文本,0,peer,peer,not json,2024-03-01 10:00:01\n";
    let c = read("x.csv", text).unwrap();
    let m = messages(&c);
    assert_eq!((m[0].text.as_str(), m[1].text.as_str()), ("收到", "not json"));
}

#[test]
fn rows_without_ids_get_stable_distinct_synthetic_ids() {
    let text = format!(
        "{PYWXDUMP}{}{}{}",
        "1,,文本,0,peer,peer,收到,,2024-06-05 09:00:00\n",
        "2,,文本,0,peer,peer,收到,,2024-06-05 09:00:00\n",
        "3,7.43727E+18,文本,0,peer,peer,收到,,2024-06-05 09:00:01\n",
    );
    let a: Vec<String> = messages(&read("x.csv", &text).unwrap()).iter().map(|m| m.id.clone()).collect();
    let b: Vec<String> = messages(&read("x.csv", &text).unwrap()).iter().map(|m| m.id.clone()).collect();
    assert_eq!(a, b);
    assert_ne!(a[0], a[1]);
    assert!(a.iter().all(|id| id.starts_with('h') && id.len() == 25), "{a:?}");
}

#[test]
fn memotrace_legacy_file_reads_codes_epochs_and_names() {
    let c = read_with("导出/项目协调群_utf8.csv", LEGACY, chrono_tz::Asia::Shanghai).unwrap();
    let m = messages(&c);
    assert_eq!(m.len(), 9);
    assert!(m.iter().all(|m| m.group == "项目协调群" && m.tz_known));
    assert_eq!(jingjian_model::time::to_rfc3339(m[0].time), "2024-06-05T01:00:00.000Z");
    assert_eq!((m[0].id.as_str(), m[0].sender.as_deref(), m[0].mentions_all), ("1", Some("wxid_zhang"), true));
    assert_eq!(m[1].sender.as_deref(), Some("self"));
    assert_eq!((m[2].kind, m[2].text.as_str(), m[2].attachments), (MessageKind::Image, "", 1));
    assert_eq!((m[3].kind, m[3].text.as_str()), (MessageKind::Text, "好的，马上报"));
    assert_eq!((m[4].kind, m[4].sender.as_deref()), (MessageKind::Recall, None));
    assert_eq!(m[5].kind, MessageKind::System);
    assert_eq!((m[6].kind, m[6].text.as_str()), (MessageKind::File, "材料模板.docx"));
    assert_eq!((m[7].kind, m[7].text.as_str()), (MessageKind::Sticker, ""));
    assert_eq!(m[8].text, "@张主任\u{2005}第二份明天交\n可以吗");
    assert_eq!(m[8].mentions, vec!["张主任".to_string()]);
    let g = groups(&c);
    assert_eq!(
        (g[0].id.as_str(), g[0].name.as_deref(), g[0].kind),
        ("项目协调群", Some("项目协调群"), GroupKind::Group)
    );
    let zhang = c.0.iter().find_map(|r| match r {
        Record::Member(m) if m.id == "wxid_zhang" => Some(m),
        _ => None,
    });
    assert_eq!(zhang.unwrap().name.as_deref(), Some("张主任"));
}

#[test]
fn memotrace_chinese_file_reads_labels_and_placeholders() {
    let c = read_with("家长群.csv", CHINESE, chrono_tz::Asia::Shanghai).unwrap();
    let m = messages(&c);
    let kinds: Vec<_> = m.iter().map(|m| m.kind).collect();
    use MessageKind::*;
    assert_eq!(kinds, [Text, Text, Image, Text, Recall, File, System, Other]);
    assert_eq!((m[0].id.as_str(), m[0].sender.as_deref()), ("8823000000000000001", Some("张老师")));
    assert!(m[0].mentions_all);
    assert_eq!(m[1].sender.as_deref(), Some("self"));
    assert_eq!(m[4].sender, None);
    assert_eq!(m[5].text, "报名表.xlsx");
    assert!(m[7].forwarded);
    assert!(m.iter().all(|m| !m.tz_known && m.group == "家长群"));
    assert_eq!(jingjian_model::time::to_rfc3339(m[0].time), "2024-06-05T01:00:00.000Z");
    assert_eq!(groups(&c)[0].kind, GroupKind::Group);
}

#[test]
fn every_encoding_reads_the_same() {
    let text = std::str::from_utf8(CHINESE).unwrap().trim_start_matches('\u{feff}');
    let plain = read("家长群.csv", text).unwrap().0;
    let (gb, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    assert_eq!(read_with("家长群.csv", &gb, chrono_tz::UTC).unwrap().0, plain, "GB18030");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(read_with("家长群.csv", &le, chrono_tz::UTC).unwrap().0, plain, "UTF-16LE");
    let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    assert_eq!(read_with("家长群.csv", &be, chrono_tz::UTC).unwrap().0, plain, "UTF-16BE without BOM");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(read_with("家长群.csv", &bom, chrono_tz::UTC).unwrap().0, plain, "UTF-8 BOM");
}

#[test]
fn detection_knows_the_four_headers_and_nothing_else() {
    let score = |name: &str, text: &[u8]| Wechat.detect(&mut Bundle::from_bytes(name, text.to_vec())).unwrap();
    assert_eq!(score("a.csv", PYWXDUMP.as_bytes()), 95);
    assert_eq!(score("a.csv", b"id,MsgSvrID,type_name,is_sender,talker,room_name,content,CreateTime\n"), 95);
    assert_eq!(score("a.csv", LEGACY), 95);
    assert_eq!(score("a.csv", CHINESE), 95);
    let (gb, _, _) = encoding_rs::GB18030.encode(std::str::from_utf8(CHINESE).unwrap().trim_start_matches('\u{feff}'));
    assert_eq!(score("a.csv", &gb), 95);
    assert_eq!(score("roster.csv", b"id,name,unit,role\nzhangsan,x,y,z\n"), 0);
    assert_eq!(score("messages.csv", b"ID,Timestamp,Contents,Attachments\n"), 0);
    assert_eq!(score("a.jsonl", br#"{"msgid":"m","action":"send","msgtype":"text"}"#), 0);
    assert_eq!(score("a.txt", b""), 0);
}

#[test]
fn a_folder_reads_every_wechat_csv_and_skips_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("家长群.csv"), CHINESE).unwrap();
    std::fs::write(dir.path().join("项目协调群_utf8.csv"), LEGACY).unwrap();
    std::fs::write(dir.path().join("roster.csv"), "id,name,unit,role\n").unwrap();
    let mut b = Bundle::open(dir.path()).unwrap();
    assert_eq!(Wechat.detect(&mut b).unwrap(), 80);
    let mut t = Tally::default();
    Wechat.read(&mut b, &Options::default(), &mut t).unwrap();
    assert_eq!((t.messages, t.groups()), (17, 2));
}

#[test]
fn a_bad_time_names_line_and_column() {
    let text = format!("{PYWXDUMP}1,11,文本,0,peer,peer,好,,2024-06-05 09:00:00\n2,12,文本,0,peer,peer,好,,明天\n");
    let e = read("x.csv", &text).unwrap_err().to_string();
    assert!(e.starts_with("x.csv, line 3, byte "), "{e}");
    assert!(e.contains("column `CreateTime`") && e.contains("found `明天`"), "{e}");
}

#[test]
fn short_and_cut_rows_are_refused_with_their_place() {
    let e = read("x.csv", &format!("{PYWXDUMP}1,11,文本,0,peer\n")).unwrap_err().to_string();
    assert!(e.contains("x.csv, line 2, byte ") && e.contains("has 5 fields but the PyWxDump CSV header has 9"), "{e}");
    let cut = format!("{PYWXDUMP}1,11,文本,0,peer,peer,\"一段没写完的");
    let e = read("x.csv", &cut).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("cut short"), "{e}");
    let e = read("x.csv", "a,b,c\n1,2,3\n").unwrap_err().to_string();
    assert!(e.contains("x.csv, line 1") && e.contains("expected a WeChat CSV header"), "{e}");
    let legacy = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n1,2,文本,0,0,1,2,hi,x\n";
    let e = read("x.csv", legacy).unwrap_err().to_string();
    assert!(e.contains("line 2") && e.contains("expected a number in column `Type`"), "{e}");
}

#[test]
fn an_empty_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "a,b\n").unwrap();
    let mut b = Bundle::open(dir.path()).unwrap();
    let e = Wechat.read(&mut b, &Options::default(), &mut Collect::default()).unwrap_err().to_string();
    assert!(e.contains("expected WeChat CSV files"), "{e}");
}

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut b = Bundle::from_bytes("x.csv", bytes);
        let _ = Wechat.detect(&mut b);
        let _ = Wechat.read(&mut b, &Options::default(), &mut Collect::default());
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(body in "[0-9a-z文本图片系统通知引用回复\\[\\]():,\"\n /-]{0,200}") {
        let _ = read("x.csv", &format!("{PYWXDUMP}{body}"));
        let _ = read("x.csv", &format!("消息ID,类型,发送人,时间,内容,备注,昵称,更多信息\n{body}"));
        let _ = read("x.csv", &format!("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime\n{body}"));
    }

    #[test]
    fn generated_rows_round_trip(
        svr in 1u64..u64::MAX,
        mine in any::<bool>(),
        peer in "wxid_[a-z0-9]{4,10}",
        text in "[^\\[<@\r]{1,40}",
        secs in 0i64..4_000_000_000,
    ) {
        let t = chrono::DateTime::from_timestamp(secs, 0).unwrap().format("%Y-%m-%d %H:%M:%S").to_string();
        let row = format!("1,{svr},文本,{},{peer},{peer},{},,{t}\n", u8::from(mine), csv_cell(&text));
        let c = read("x.csv", &format!("{PYWXDUMP}{row}")).unwrap();
        let m = messages(&c)[0];
        prop_assert_eq!(&m.id, &svr.to_string());
        prop_assert_eq!(m.sender.as_deref(), Some(if mine { "self" } else { peer.as_str() }));
        prop_assert_eq!(&m.text, text.trim());
        prop_assert_eq!(m.time, secs * 1000);
        prop_assert_eq!(m.kind, MessageKind::Text);
    }
}
