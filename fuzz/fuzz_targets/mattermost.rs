//! Fuzzes the mattermost importer: any bytes, detected and read, must give records or an error, never a panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, mattermost::Mattermost};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("export.jsonl", data.to_vec());
    let _ = Mattermost.detect(&mut bundle);
    let _ = Mattermost.read(&mut bundle, &Options::default(), &mut Collect::default());
});
