//! Hand-rolled JSON pieces for the hot path (strings, integers, RFC 3339 times) that write exactly what
//! serde_json writes, into a reused byte buffer. Tests compare the output with serde_json's.

use jingjian_model::Millis;

/// Appends `s` as a JSON string literal, escaped as serde_json escapes it (`"`, `\`, control characters).
pub fn string(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                buf.extend_from_slice(&bytes[start..i]);
                const HEX: &[u8] = b"0123456789abcdef";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[(b >> 4) as usize]);
                buf.push(HEX[(b & 15) as usize]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        buf.extend_from_slice(esc);
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// Appends a decimal integer.
pub fn int(buf: &mut Vec<u8>, n: i64) {
    if n < 0 {
        buf.push(b'-');
    }
    uint(buf, n.unsigned_abs());
}

/// Appends a decimal unsigned integer.
pub fn uint(buf: &mut Vec<u8>, v: u64) {
    let mut v = v;
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn two(buf: &mut Vec<u8>, n: u32) {
    buf.push(b'0' + (n / 10) as u8);
    buf.push(b'0' + (n % 10) as u8);
}

/// The civil date (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Appends `"YYYY-MM-DDTHH:MM:SS.mmmZ"` (with quotes), as `jingjian_model::time::to_rfc3339` writes it.
pub fn time(buf: &mut Vec<u8>, ms: Millis) {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil(days);
    buf.push(b'"');
    let y = y as u32;
    two(buf, y / 100);
    two(buf, y % 100);
    buf.push(b'-');
    two(buf, m);
    buf.push(b'-');
    two(buf, d);
    buf.push(b'T');
    let s = (rem / 1000) as u32;
    two(buf, s / 3600);
    buf.push(b':');
    two(buf, s / 60 % 60);
    buf.push(b':');
    two(buf, s % 60);
    buf.push(b'.');
    let milli = (rem % 1000) as u32;
    buf.push(b'0' + (milli / 100) as u8);
    two(buf, milli % 100);
    buf.extend_from_slice(b"Z\"");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_match_serde() {
        for s in ["", "收到", "a\"b\\c\nd\te\r\u{1}\u{8}\u{c}\u{1f}", "#接龙\n1. 张三", "emoji 👍 ok"] {
            let mut b = Vec::new();
            string(&mut b, s);
            assert_eq!(String::from_utf8(b).unwrap(), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn times_match_the_model() {
        for ms in [0i64, 1_717_550_000_123, 1_735_660_800_000, 1_767_225_599_999, 951_782_400_000] {
            let mut b = Vec::new();
            time(&mut b, ms);
            assert_eq!(String::from_utf8(b).unwrap(), format!("\"{}\"", jingjian_model::time::to_rfc3339(ms)));
        }
    }

    #[test]
    fn ints_print() {
        let mut b = Vec::new();
        int(&mut b, -1203);
        int(&mut b, 0);
        assert_eq!(b, b"-12030");
    }
}
