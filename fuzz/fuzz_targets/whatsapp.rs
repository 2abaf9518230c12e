//! Fuzzes the whatsapp importer: any bytes, detected and read, must give records or an error, never a panic.
#![no_main]

use jingjian_import::{Bundle, Collect, Format, Options, whatsapp::Whatsapp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bundle = Bundle::from_bytes("_chat.txt", data.to_vec());
    let _ = Whatsapp.detect(&mut bundle);
    let _ = Whatsapp.read(&mut bundle, &Options::default(), &mut Collect::default());
});
