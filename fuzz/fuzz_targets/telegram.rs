//! Fuzzes the Telegram importer: arbitrary bytes as `result.json` must be read or refused, never panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, telegram::Telegram};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut b = Bundle::from_bytes("result.json", data.to_vec());
    let _ = Telegram.detect(&mut b);
    let _ = Telegram.read(&mut b, &Options::default(), &mut Collect::default());
});
