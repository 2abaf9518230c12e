//! Fuzzes the Slack importer: arbitrary bytes as a lone day file and as a lone `channels.json` must be read or
//! refused, never panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, slack::Slack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["2024-01-01.json", "channels.json", "users.json"] {
        let mut b = Bundle::from_bytes(name, data.to_vec());
        let _ = Slack.detect(&mut b);
        let _ = Slack.read(&mut b, &Options::default(), &mut Collect::default());
    }
});
