//! Fuzz target: arbitrary bytes as a WeCom archive file must never panic the importer.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, wecom::Wecom};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("archive.jsonl", data.to_vec());
    let _ = Wecom.detect(&mut bundle);
    let _ = Wecom.read(&mut bundle, &Options::default(), &mut Collect::default());
});
