//! Fuzz target: arbitrary bytes as a WeChat CSV export must never panic the importer.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, wechat::Wechat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("chat.csv", data.to_vec());
    let _ = Wechat.detect(&mut bundle);
    let _ = Wechat.read(&mut bundle, &Options::default(), &mut Collect::default());
});
