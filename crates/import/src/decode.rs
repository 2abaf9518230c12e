//! Text encodings: UTF-8 with or without a BOM, UTF-16 LE/BE (with a BOM, or recognised by its zero bytes) and
//! GB18030/GBK (CSV files saved by Excel on Chinese Windows), decided from the first 64 KiB and decoded while
//! streaming.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};
use std::io::{Cursor, Read};

/// How many bytes are looked at to decide an encoding.
pub const SNIFF: usize = 64 * 1024;

/// The encoding of a text that starts with `head`.
pub fn sniff(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    let pairs = head.len() / 2;
    // UTF-16 text of any script has zero bytes (ASCII and line ends); most heads have none, found at memchr's speed.
    if pairs >= 2 && memchr::memchr(0, head).is_some() {
        let (even_zero, odd_zero) =
            head.chunks_exact(2).fold((0, 0), |(e, o), c| (e + usize::from(c[0] == 0), o + usize::from(c[1] == 0)));
        if odd_zero * 3 > pairs && even_zero * 10 < pairs {
            return UTF_16LE;
        }
        if even_zero * 3 > pairs && odd_zero * 10 < pairs {
            return UTF_16BE;
        }
    }
    match simdutf8::compat::from_utf8(head) {
        Ok(_) => UTF_8,
        // A multi-byte character cut at the end of the sample is still UTF-8.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => GB18030,
    }
}

/// Wraps `r` so that it yields UTF-8 whatever the input's encoding, without a BOM. Returns the encoding found.
pub fn utf8_reader<'a>(mut r: Box<dyn Read + 'a>) -> std::io::Result<(Box<dyn Read + 'a>, &'static Encoding)> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut r).take(SNIFF as u64).read_to_end(&mut head)?;
    let enc = sniff(&head);
    let whole = Cursor::new(head).chain(r);
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(enc))
        .bom_override(true)
        .strip_bom(true)
        .utf8_passthru(true)
        .build(whole);
    Ok((Box::new(decoded), enc))
}

/// Decodes a prefix of a file for detection; a character cut at the end is dropped, invalid bytes replaced.
pub fn decode_prefix(head: &[u8]) -> String {
    let enc = sniff(head);
    let (text, _, _) = enc.decode(head);
    let mut s = text.into_owned();
    while s.ends_with('\u{FFFD}') {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: Vec<u8>) -> (String, &'static str) {
        let (mut r, enc) = utf8_reader(Box::new(Cursor::new(bytes))).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, enc.name())
    }

    #[test]
    fn decodes_every_supported_encoding() {
        let text = "消息ID,类型,发送人\n1,文本,张三\n";
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        assert_eq!(decode_all(bom8), (text.to_string(), "UTF-8"));
        assert_eq!(decode_all(text.as_bytes().to_vec()), (text.to_string(), "UTF-8"));
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode_all(gbk.into_owned()), (text.to_string(), "gb18030"));
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_all(le).0, text);
        let ascii = "id,name\n1,Ann\n";
        let be: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode_all(be), (ascii.to_string(), "UTF-16BE"));
        let le: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode_all(le), (ascii.to_string(), "UTF-16LE"));
    }

    #[test]
    fn a_cut_character_at_the_sample_end_is_still_utf8() {
        let s = "收到".as_bytes();
        assert_eq!(sniff(&s[..4]).name(), "UTF-8");
        assert_eq!(decode_prefix(&s[..4]), "收");
    }
}
