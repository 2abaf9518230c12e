//! Fuzzes the Discord importer: arbitrary bytes as a DiscordChatExporter JSON file must be read or refused, never
//! panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, discord::Discord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut b = Bundle::from_bytes("channel.json", data.to_vec());
    let _ = Discord.detect(&mut b);
    let _ = Discord.read(&mut b, &Options::default(), &mut Collect::default());
});
