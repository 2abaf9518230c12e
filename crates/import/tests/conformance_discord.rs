//! Conformance of the Discord importer over every DiscordChatExporter sample in `../shared/fixtures/discord`
//! (`discord-package`, a different format, is not read here).
//!
//! The expected figures were counted with a small Python script (json.load, then per message: `type` other than
//! Default/Reply → system; else `author.isBot` → bot; else human), never by running the importer. Repeated
//! message ids are counted each time: the importer pushes both, the store keeps one.

use jingjian_import::{Bundle, Collect, Options, Tally, detect};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn path(name: &str) -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/discord"));
    assert!(dir.is_dir(), "the shared fixtures are missing: expected them at {}", dir.display());
    dir.join(name)
}

fn tally(name: &str) -> Tally {
    let mut b = Bundle::open(&path(name)).unwrap();
    let f = detect(&mut b).unwrap();
    assert_eq!(f.name(), "discord", "{name} detected as {}", f.name());
    let mut t = Tally::default();
    f.read(&mut b, &Options::default(), &mut t).unwrap_or_else(|e| panic!("{name}: {e}"));
    t
}

const CHILL: &str =
    "slatinsky__DiscordChatExporter-frontend__Example guild - Text Channels - chill talk [1012224565567125544].json";
const CHILL_AFTER: &str = "slatinsky__DiscordChatExporter-frontend__Example guild - Text Channels - chill talk [1012224565567125544] without deleted message.json";

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn direct_messages() {
    // 3 messages: Default by 111… (human), Default by 444… (isBot), Call by 444… (system).
    let t = tally("mlomb__chat-analytics__DM_2A_2M.json");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (3, 1, 1, 1));
    assert_eq!((t.senders(), t.groups(), t.members()), (1, 1, 2));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2019-01-04T17:52:39.762Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2020-07-17T17:03:14.366Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn group_dm() {
    // 6 messages: 3 Default (authors 333…, 222…, 111…), ChannelNameChange, ChannelIconChange and Call (system).
    let t = tally("mlomb__chat-analytics__GC_3A_5M.json");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (6, 3, 0, 3));
    assert_eq!((t.senders(), t.groups(), t.members()), (3, 1, 3));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2023-01-17T19:33:07.489Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2023-03-03T14:47:59.187Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn guild_channel_with_a_repeated_id() {
    // 5 Default messages (id 459136077417021488 twice) by 555… (Deleted User) and 111….
    let t = tally("mlomb__chat-analytics__SV_5A_5M.json");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (5, 5, 0, 0));
    assert_eq!((t.senders(), t.groups(), t.members()), (2, 1, 2));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2018-05-20T16:09:44.209Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2018-05-20T16:09:51.118Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn overlapping_exports_of_one_channel() {
    // Before the deletion: 5 Default + 1 Reply from 4 authors; after: the message by 521486476985321458 is gone.
    let t = tally(CHILL);
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (6, 6, 0, 0));
    assert_eq!((t.senders(), t.groups()), (4, 1));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2023-01-06T16:11:26.414Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2023-01-06T16:14:05.275Z");
    let t = tally(CHILL_AFTER);
    assert_eq!((t.messages, t.human_messages, t.senders(), t.groups()), (5, 5, 3, 1));
    // Read together, the two exports share their keys: 11 records, 6 distinct messages.
    let mut c = Collect::default();
    for name in [CHILL, CHILL_AFTER] {
        let mut b = Bundle::open(&path(name)).unwrap();
        detect(&mut b).unwrap().read(&mut b, &Options::default(), &mut c).unwrap();
    }
    let keys: std::collections::HashSet<_> =
        c.0.iter().filter(|r| matches!(r, jingjian_model::Record::Message(_))).map(|r| r.key()).collect();
    assert_eq!((c.messages().count(), keys.len()), (11, 6));
}
