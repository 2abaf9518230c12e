//! Conformance of the Mattermost importer over every Mattermost sample in `../shared/fixtures/mattermost`.
//!
//! How the figures were counted (not by running the importer): with `jq`-style reading in a throw-away Python
//! script over the JSON lines: every `post` and each of its `replies` is one message; root posts reading
//! `NAME joined the channel.`, `NAME joined the team.` or `NAME added to the channel by NAME.` are system; groups
//! are the distinct `team/channel` pairs named by channel lines, users' memberships and posts; members are the
//! users and posters.

use jingjian_import::{Bundle, Options, Tally, format_named};
use jingjian_model::time::to_rfc3339;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/mattermost"));
    assert!(p.is_dir(), "the shared fixtures are missing: expected the folder {}", p.display());
    p
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn zulip_mattermost_export() {
    let path = fixtures().join("zulip__zulip__mattermost_fixtures_export.json");
    let mut bundle = Bundle::open(&path).unwrap_or_else(|e| panic!("{e}"));
    let format = jingjian_import::detect(&mut bundle).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format.name(), "mattermost");
    let mut t = Tally::default();
    format_named("mattermost")
        .unwrap()
        .read(&mut bundle, &Options::default(), &mut t)
        .unwrap_or_else(|e| panic!("{e}"));
    // 20 root posts + 1 reply = 21 messages; 8 join notices (4 "joined the channel.", 3 "joined the team.",
    // 1 "added to the channel by harry."); 13 human messages from harry, ron, malfoy and snape.
    assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages), (21, 13, 0, 8));
    assert_eq!(t.senders(), 4);
    // 5 users (pansy never posts). 5 declared channels plus `gryffindor/slytherin-quidditch-team`, which snape's
    // post names under the other team.
    assert_eq!((t.members(), t.groups()), (5, 6));
    assert_eq!(t.first.map(to_rfc3339).as_deref(), Some("2019-03-21T10:45:41.670Z"));
    assert_eq!(t.last.map(to_rfc3339).as_deref(), Some("2019-03-21T11:15:16.448Z"));
}

#[test]
#[ignore = "needs ../shared/fixtures; run by .ci/run"]
fn every_mattermost_fixture_is_covered() {
    assert_eq!(std::fs::read_dir(fixtures()).unwrap().count(), 1, "a Mattermost fixture was added: test it");
}
