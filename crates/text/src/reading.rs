//! What a text costs to read: its Han characters and Latin words (reading minutes are counted from them).

/// Han characters (CJK ideographs) and Latin words (runs of ASCII letters or digits holding a letter) of `text`, in
/// one pass over its bytes.
pub fn reading_units(text: &str) -> (u64, u64) {
    let b = text.as_bytes();
    let (mut han, mut words) = (0u64, 0u64);
    let (mut in_run, mut letter) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii_alphanumeric() {
            in_run = true;
            letter |= x.is_ascii_alphabetic();
            i += 1;
            continue;
        }
        words += u64::from(in_run && letter);
        (in_run, letter) = (false, false);
        if x < 0x80 {
            i += 1;
        } else if (0xE5..=0xE9).contains(&x) {
            // U+5000–U+9FFF: inside the unified ideographs.
            han += 1;
            i += 3;
        } else {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            han +=
                u64::from(matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F));
            i += c.len_utf8();
        }
    }
    (han, words + u64::from(in_run && letter))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn one_pass_counts_what_the_char_filters_count(text in "[a-z0-9 .,\\u{3400}\\u{4dbf}-\\u{4e01}\\u{4fff}-\\u{5001}\\u{9ffe}-\\u{a001}\\u{f8ff}-\\u{f901}\\u{faff}-\\u{fb00}\\u{20000}\\u{2fa1f}-\\u{2fa20}\\u{1f44d}é]{0,24}") {
            let han = text.chars()
                .filter(|c| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F))
                .count() as u64;
            let words = text.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
                .count() as u64;
            proptest::prop_assert_eq!(reading_units(&text), (han, words));
        }
    }
}
