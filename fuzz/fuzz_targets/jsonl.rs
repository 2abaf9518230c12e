//! Fuzz target: arbitrary bytes as a canonical JSON Lines file must never panic the importer.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, jsonl::Jsonl};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("records.jsonl", data.to_vec());
    let _ = Jsonl.detect(&mut bundle);
    let _ = Jsonl.read(&mut bundle, &Options::default(), &mut Collect::default());
});
