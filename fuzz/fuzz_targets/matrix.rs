//! Fuzzes the matrix importer: any bytes, detected and read, must give records or an error, never a panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, matrix::Matrix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("export.json", data.to_vec());
    let _ = Matrix.detect(&mut bundle);
    let _ = Matrix.read(&mut bundle, &Options::default(), &mut Collect::default());
});
