//! Conformance of the Slack importer over every Slack sample in `../shared/fixtures/slack`.
//!
//! The expected figures were counted with a small Python script over the unpacked files (json.load of every
//! `<folder>/YYYY-MM-DD.json`), never by running the importer: per message, `subtype` in {channel_join, bot_add}
//! → system; else `subtype == "bot_message"` or a non-null `bot_id` → bot; else human (sender `user`, or
//! `comment.user` for the one `file_comment`). First/last are the smallest/largest `ts`, in UTC.

use jingjian_import::{Bundle, Format, Options, Tally, detect};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/slack"));
    assert!(dir.is_dir(), "the shared fixtures are missing: expected them at {}", dir.display());
    dir.join(name)
}

fn tally(name: &str) -> Tally {
    let mut b = Bundle::open(&fixture(name)).unwrap();
    let f = detect(&mut b).unwrap();
    assert_eq!(f.name(), "slack", "{name} detected as {}", f.name());
    let mut t = Tally::default();
    f.read(&mut b, &Options::default(), &mut t).unwrap_or_else(|e| panic!("{name}: {e}"));
    t
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn testarchive_zip() {
    // 158 messages in 17 day files: 94 bot_message; 8 channel_join + 3 bot_add = 11 system; 53 human
    // (49 plain, 3 file_share with "bot_id": null, 1 file_comment) from the 4 users. Members: the 4 users plus the
    // 3 bot ids of the bot_message posts. Groups: the 2 channels of channels.json.
    let t = tally("hfaran__slack-export-viewer__testarchive.zip");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (158, 53, 94, 11));
    assert_eq!((t.senders(), t.groups(), t.members()), (4, 2, 7));
    // min ts 1452837318.000002, max ts 1459254786.000027
    assert_eq!(to_rfc3339(t.first.unwrap()), "2016-01-15T05:55:18.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2016-03-29T12:33:06.000Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn lone_root_files() {
    // channels.json: 2 channels, both `"members": null`.
    let t = tally("rusq__slackdump__channels.json");
    assert_eq!((t.messages, t.groups(), t.members()), (0, 2, 0));
    // dms.json: 8 DMs, 16 member slots, 8 distinct members.
    let t = tally("rusq__slackdump__dms.json");
    assert_eq!((t.messages, t.groups(), t.members()), (0, 8, 8));
    // mpims.json: 2 group DMs, 6 member slots, 4 distinct members.
    let t = tally("rusq__slackdump__mpims.json");
    assert_eq!((t.messages, t.groups(), t.members()), (0, 2, 4));
    // users.json: 8 users.
    let t = tally("rusq__slackdump__users.json");
    assert_eq!((t.messages, t.groups(), t.members()), (0, 0, 8));
    // zulip's channels.json: 4 channels, 7 member slots, 4 distinct members.
    let t = tally("zulip__zulip__channels.json");
    assert_eq!((t.messages, t.groups(), t.members()), (0, 4, 4));
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn lone_users_flags() {
    // users.json: USLACKBOT (bot by rule), UNEERHWJJ is_bot; deleted: UGTLW32F4, UGTPCUB1R, UHC8YKG2W, UKW73CTS4,
    // UNEERHWJJ.
    let mut b = Bundle::open(&fixture("rusq__slackdump__users.json")).unwrap();
    let mut c = jingjian_import::Collect::default();
    jingjian_import::slack::Slack.read(&mut b, &Options::default(), &mut c).unwrap();
    let members: Vec<_> =
        c.0.iter()
            .filter_map(|r| match r {
                jingjian_model::Record::Member(m) => Some(m),
                _ => None,
            })
            .collect();
    assert_eq!(members.iter().filter(|m| m.bot).count(), 2);
    assert_eq!(members.iter().filter(|m| m.deleted).count(), 5);
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn lone_message_object() {
    // bot_message.json: one object, subtype bot_message, edited, ts 1677029631.029259.
    let t = tally("rusq__slackdump__bot_message.json");
    assert_eq!((t.messages, t.bot_messages, t.human_messages), (1, 1, 0));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2023-02-22T01:33:51.029Z");
}
