//! Conformance of the WhatsApp importer over every WhatsApp sample in `../shared/fixtures/whatsapp`.
//!
//! How the figures were counted (not by running the importer): by eye over each file, cross-checked with a
//! throw-away Python script that strips direction marks and BOMs, matches header lines with one regular expression,
//! calls a header line whose rest has no `Name:` part (or whose text is an encryption notice) a system line, and
//! collects the names before the first `:` as senders; dates read in the order the file's numbers above 12 show
//! (ambiguous 24-hour files day first), times in UTC.

use jingjian_import::{Bundle, Options, Tally, format_named};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/whatsapp"));
    assert!(p.is_dir(), "the shared fixtures are missing: expected the folder {}", p.display());
    p
}

/// messages, human, bot, system, senders, members, first, last.
type Figures = (u64, u64, u64, u64, usize, usize, &'static str, &'static str);

fn check(file: &str, want: Figures) {
    let path = fixtures().join(file);
    let mut bundle = Bundle::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let format = jingjian_import::detect(&mut bundle).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(format.name(), "whatsapp", "{file} detected as {}", format.name());
    let mut t = Tally::default();
    format_named("whatsapp").unwrap().read(&mut bundle, &Options::default(), &mut t).unwrap_or_else(|e| panic!("{e}"));
    let got = (
        t.messages,
        t.human_messages,
        t.bot_messages,
        t.system_messages,
        t.senders(),
        t.members(),
        t.first.map(to_rfc3339).unwrap_or_default(),
        t.last.map(to_rfc3339).unwrap_or_default(),
    );
    let want = (want.0, want.1, want.2, want.3, want.4, want.5, want.6.to_string(), want.7.to_string());
    assert_eq!(got, want, "{file}");
    assert_eq!(t.groups(), 1, "{file}");
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn mlomb_2a_5m() {
    // 5 header lines, 2 senders A and B; `1/1/21` is the same date in either order; the last line (12:02) is out of
    // order and kept, so the last time is 12:03.
    check(
        "mlomb__chat-analytics__2A_5M.txt",
        (5, 5, 0, 0, 2, 2, "2021-01-01T12:00:00.000Z", "2021-01-01T12:03:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn mlomb_4a_11m_txt_and_zip() {
    // 14 lines: encryption notice, "Alice created group", "Alice added you" are system; 11 messages from Alice, Bob,
    // Eve, Mallory, Trent. `12/9/20` with a 24-hour clock and no number above 12 reads day first: 12 September.
    // The creation line (23:16) is out of order and the earliest.
    let f = (14, 11, 0, 3, 5, 5, "2020-09-12T23:16:00.000Z", "2020-09-12T23:56:00.000Z");
    check("mlomb__chat-analytics__4A_11M.txt", f);
    check("mlomb__chat-analytics__4A_11M.zip", f);
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn pustur_short_chat() {
    // 5 headers: encryption notice and "You created group" are system; 3 senders (Sample User, TestBot, a phone
    // number); the last message runs on over a blank line. 06/03, 08/05, 09/04 has no number above 12; read day
    // first it steps back in time (8 May → 9 April), month first it is chronological (3 June, 5 August,
    // 4 September), so month first.
    check(
        "Pustur__whatsapp-chat-parser__short-chat.txt",
        (5, 3, 0, 2, 3, 3, "2017-06-03T00:45:00.000Z", "2017-09-04T01:50:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn whatstk_pokemon() {
    // 20 headers `dd.mm.yyyy, HH:MM - `; two encryption notices (one under the group's name "Pokemon Chat") are
    // system; 18 messages from 8 people.
    check(
        "lucasrodes__whatstk__pokemon.txt",
        (20, 18, 0, 2, 8, 8, "2016-04-15T15:04:00.000Z", "2016-10-31T12:23:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn whatstk_lorem() {
    // `grep -c '^\['` = 500 headers `[dd-mm-yy HH:MM:SS]`, no system lines, 4 senders.
    check(
        "lucasrodes__whatstk__lorem.txt",
        (500, 500, 0, 0, 4, 4, "2020-01-15T02:22:56.000Z", "2020-05-11T22:32:48.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn whatstk_lorem_merge() {
    // `grep -cE '^[0-9]{4}-'` = 300 headers each; part 2 adds Maria and Maria2.
    check(
        "lucasrodes__whatstk__lorem-merge-part1.txt",
        (300, 300, 0, 0, 4, 4, "2019-10-20T10:16:00.000Z", "2020-01-10T00:00:00.000Z"),
    );
    check(
        "lucasrodes__whatstk__lorem-merge-part2.txt",
        (300, 300, 0, 0, 5, 5, "2020-06-20T10:16:00.000Z", "2020-09-10T00:00:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn whatstk_lorem_2000() {
    // `grep -c '^\['` = 2000 headers `[yyyy-mm-dd HH:MM]`, 4 senders.
    check(
        "lucasrodes__whatstk__lorem-2000.txt",
        (2000, 2000, 0, 0, 4, 4, "2019-04-16T02:09:00.000Z", "2020-06-13T00:00:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn chat_miner_every_layout() {
    // The same 9-message chat in five layouts: "+12 345 578 created group" and "You were added" are system; 7
    // messages from 5 names (John Doe, Jahn Doe, John-John Doe, "John Doe 🤓", "🤓"); the creator is a sixth member.
    // 2019-01-01 11:25 to 2021-12-30 22:01 (10:01 p. m. in the 12-hour file).
    for file in [
        "joweich__chat-miner__test_mmddyyyy_12hrs.txt",
        "joweich__chat-miner__test_[mmddyy]_24hrs.txt",
        "joweich__chat-miner__test_yyyymmdd_24hrs.txt",
        "joweich__chat-miner__test_ddmmyy_24hrs.txt",
        "joweich__chat-miner__test_mmddyy_24hrs.txt",
    ] {
        check(file, (9, 7, 0, 2, 5, 6, "2019-01-01T11:25:00.000Z", "2021-12-30T22:01:00.000Z"));
    }
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn whatsr_english_and_german() {
    // 50 headers; 8 system lines (encryption, created, added Mallory, removed Mallory, added Alice, added Bob,
    // renamed, icon); 42 messages from Alice, Bob, Carol, Dave, Mallory (media, voice file, locations included).
    // English files are month first (1/29/18), the German one day first (29.01.18); BOMs and LRMs mid-file.
    check(
        "gesiscss__WhatsR__englishandroid24h.txt",
        (50, 42, 0, 8, 5, 5, "2018-01-29T12:24:00.000Z", "2018-01-30T00:23:00.000Z"),
    );
    check(
        "gesiscss__WhatsR__englishios24h.txt",
        (50, 42, 0, 8, 5, 5, "2018-01-29T12:24:03.000Z", "2018-01-30T00:23:03.000Z"),
    );
    check(
        "gesiscss__WhatsR__germanandroid24h.txt",
        (50, 42, 0, 8, 5, 5, "2018-01-29T12:24:00.000Z", "2018-01-30T00:23:00.000Z"),
    );
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn every_whatsapp_fixture_is_covered() {
    let covered = 17;
    let n = std::fs::read_dir(fixtures()).unwrap().count();
    assert_eq!(n, covered, "a WhatsApp fixture was added or removed: give it a conformance test");
}
