//! Conformance of the Telegram importer over every Telegram sample in `../shared/fixtures/telegram`.
//!
//! The expected figures were counted by reading the files (each is under 4 KB): every element of a `messages`
//! array is a message; `"type": "service"` ones are system; there are no `via_bot` fields, so every other message
//! is human. Times: `date_unixtime` converted with `date -u -d @N`, else `date` read as UTC (tz UTC).

use jingjian_import::{Bundle, Options, Tally, detect};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn tally(name: &str) -> Tally {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/telegram"));
    assert!(dir.is_dir(), "the shared fixtures are missing: expected them at {}", dir.display());
    let mut b = Bundle::open(&dir.join(name)).unwrap();
    let f = detect(&mut b).unwrap();
    assert_eq!(f.name(), "telegram", "{name} detected as {}", f.name());
    let mut t = Tally::default();
    f.read(&mut b, &Options::default(), &mut t).unwrap_or_else(|e| panic!("{name}: {e}"));
    t
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn full_account_export() {
    // chats.list holds one chat, "Chatname" (no id), with 2 messages from "Author 1" and "Author 2" (no from_id:
    // the names stand in), date_unixtime 1544006350 and 1544006964.
    let t = tally("joweich__chat-miner__test_batch_export.json");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (2, 2, 0, 0));
    assert_eq!((t.senders(), t.groups(), t.members()), (2, 1, 2));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2018-12-05T10:39:10.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2018-12-05T10:49:24.000Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn single_chat_without_name_or_id() {
    // The same 2 messages at the top level; the group is named after the file.
    let t = tally("joweich__chat-miner__test_single_export.json");
    assert_eq!((t.messages, t.human_messages, t.system_messages), (2, 2, 0));
    assert_eq!((t.senders(), t.groups()), (2, 1));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2018-12-05T10:39:10.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2018-12-05T10:49:24.000Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn personal_chat_with_mixed_dates() {
    // 8 messages in chat 700000000: ids 2675 (service joined_telegram) and 3674 (service phone_call) are system;
    // the 6 others are from user700000000 (Bob) and user300000000 (Alice). First: id 2675, only a local `date`
    // 2019-07-05T16:55:32 (UTC here). Last: id 3674, date_unixtime 1691719862.
    let t = tally("mlomb__chat-analytics__DM_2A_7M.json");
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (8, 6, 0, 2));
    assert_eq!((t.senders(), t.groups(), t.members()), (2, 1, 2));
    assert_eq!(to_rfc3339(t.first.unwrap()), "2019-07-05T16:55:32.000Z");
    assert_eq!(to_rfc3339(t.last.unwrap()), "2023-08-11T02:11:02.000Z");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn json_formats_do_not_claim_other_samples() {
    // Every sample of another format (Messenger and Instagram JSON, Mattermost and WeCom JSON Lines, CSVs, text)
    // gets 0 from the Slack, Telegram and Discord detectors.
    use jingjian_import::Format;
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures"));
    assert!(root.is_dir(), "the shared fixtures are missing: expected them at {}", root.display());
    let ours: [&dyn Format; 3] =
        [&jingjian_import::slack::Slack, &jingjian_import::telegram::Telegram, &jingjian_import::discord::Discord];
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.is_dir() || ["slack", "telegram", "discord"].contains(&folder.as_str()) {
            continue;
        }
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let mut b = Bundle::open(&file).unwrap();
            for f in ours {
                assert_eq!(f.detect(&mut b).unwrap(), 0, "{} claims {}", f.name(), file.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} other samples found");
}
