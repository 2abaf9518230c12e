//! Conformance: the WeChat CSV importer over every WeChat sample in `../shared/fixtures/wechat`, checking the
//! `inspect` figures worked out by reading the files (not by running the importer). Times are read in UTC.

use jingjian_import::{Bundle, Format, Options, Tally, wechat::Wechat};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/wechat"));
    assert!(dir.is_dir(), "the shared fixtures folder {} is missing; run from the project layout", dir.display());
    dir
}

fn tally(name: &str) -> Tally {
    let path = fixtures().join(name);
    let mut b = Bundle::open(&path).unwrap();
    assert_eq!(Wechat.detect(&mut b).unwrap(), 95, "{name} not detected");
    assert_eq!(jingjian_import::detect(&mut b).unwrap().name(), "wechat", "{name} detected as another format");
    let mut t = Tally::default();
    Wechat.read(&mut b, &Options { tz: chrono_tz::UTC, groups: None }, &mut t).unwrap();
    t
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn every_fixture_file_is_covered() {
    let mut names: Vec<_> =
        std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["xming521__WeClone__test_0_730.csv", "xming521__WeClone__test_PII_test_0_730.csv"]);
}

/// Counted with Python's csv.DictReader (the file has multi-line quoted cells: 99 lines, 96 rows):
/// - 96 rows: 文本 65, 动画表情 23, 图片 5, 引用回复 1, 系统通知 2 (both `<revokemsg>` recalls) → system 2,
///   human 94, bot 0.
/// - senders of the 94 human rows: `is_sender=1` → self, else `talker` (test_person, 12345iru2zsmo22) → 3.
/// - one `room_name` (test_person) → 1 group; members = the same 3 ids.
/// - `CreateTime` parsed as `%Y/%m/%d %H:%M`: min 2024/10/4 11:42, max 2024/12/30 21:28.
#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn weclone_person_chat() {
    let t = tally("xming521__WeClone__test_0_730.csv");
    assert_eq!(t.messages, 96);
    assert_eq!(t.human_messages, 94);
    assert_eq!(t.bot_messages, 0);
    assert_eq!(t.system_messages, 2);
    assert_eq!(t.senders(), 3);
    assert_eq!(t.groups(), 1);
    assert_eq!(t.members(), 3);
    assert_eq!(to_rfc3339(t.first.unwrap()), "2024-10-04T11:42:00.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2024-12-30T21:28:00.000Z");
}

/// Counted with Python's csv.DictReader:
/// - 62 rows, all 文本 → human 62, system 0, bot 0 (two MsgSvrIDs repeat; each row is still a message record).
/// - senders: `is_sender=1` rows (31, empty talker) → self, plus 11 distinct talkers on `is_sender=0` rows
///   (PHONE_NUMBER, EMAIL_ADDRESS, IP_ADDRESS, CREDIT_CARD, LOCATION, IBAN_CODE, CRYPTO, AGE, ID, US_SSN, 666) → 12.
/// - one `room_name` (wxid_6789z5qlxzfj22) → 1 group; members 12.
/// - times 2024/10/4 11:43 … 2024/10/4 11:44.
#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn weclone_pii_chat() {
    let t = tally("xming521__WeClone__test_PII_test_0_730.csv");
    assert_eq!(t.messages, 62);
    assert_eq!(t.human_messages, 62);
    assert_eq!(t.bot_messages, 0);
    assert_eq!(t.system_messages, 0);
    assert_eq!(t.senders(), 12);
    assert_eq!(t.groups(), 1);
    assert_eq!(t.members(), 12);
    assert_eq!(to_rfc3339(t.first.unwrap()), "2024-10-04T11:43:00.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2024-10-04T11:44:00.000Z");
}

/// The quote reply in the person chat (row id 53) quotes row 52's text, sent the same minute: it must resolve.
#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn weclone_quote_reply_resolves() {
    let mut b = Bundle::open(&fixtures().join("xming521__WeClone__test_0_730.csv")).unwrap();
    let mut c = jingjian_import::Collect::default();
    Wechat.read(&mut b, &Options::default(), &mut c).unwrap();
    let quote = c.messages().find(|m| m.id == "1244017411047763227").unwrap();
    assert_eq!(quote.reply_to.as_deref(), Some("1122488129382806721"));
}
