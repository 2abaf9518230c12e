//! Conformance: the WeCom importer over every WeCom sample in `../shared/fixtures/wecom`, checking the `inspect`
//! figures worked out by reading the files (not by running the importer).

use jingjian_import::{Bundle, Format, Options, Tally, wecom::Wecom};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/wecom"));
    assert!(dir.is_dir(), "the shared fixtures folder {} is missing; run from the project layout", dir.display());
    dir
}

fn tally(name: &str) -> Tally {
    let path = fixtures().join(name);
    let mut b = Bundle::open(&path).unwrap();
    assert!(Wecom.detect(&mut b).unwrap() > 0, "{name} not detected");
    assert_eq!(jingjian_import::detect(&mut b).unwrap().name(), "wecom", "{name} detected as another format");
    let mut t = Tally::default();
    Wecom.read(&mut b, &Options::default(), &mut t).unwrap();
    t
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn every_fixture_file_is_covered() {
    let mut names: Vec<_> =
        std::fs::read_dir(fixtures()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["binarywang__WxJava__WxCpMsgAuditTest_extracted.jsonl"]);
}

/// Counted with a short Python script over the JSON lines (json.loads each line):
/// - 29 lines, each one message object (two msgids appear twice: the file repeats doc examples; each line is a
///   record, so 29 messages).
/// - system 3: msgtype agree (1), disagree (1), and the one `action: recall` (msgtype revoke).
/// - human 26; distinct `from` over those 26 lines: 13.
/// - first: the image example has `msgtime: 0` → 1970-01-01; last: max msgtime 1619511584444 (the sphfeed line).
/// - groups 25: distinct `roomid` where non-empty, else the sorted set {from} ∪ tolist joined.
/// - members 31: distinct ids over every `from` and `tolist` entry.
#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn wxjava_doc_examples() {
    let t = tally("binarywang__WxJava__WxCpMsgAuditTest_extracted.jsonl");
    assert_eq!(t.messages, 29);
    assert_eq!(t.human_messages, 26);
    assert_eq!(t.bot_messages, 0);
    assert_eq!(t.system_messages, 3);
    assert_eq!(t.senders(), 13);
    assert_eq!(t.groups(), 25);
    assert_eq!(t.members(), 31);
    assert_eq!(to_rfc3339(t.first.unwrap()), "1970-01-01T00:00:00.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2021-04-27T08:19:44.444Z");
}
