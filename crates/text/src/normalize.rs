//! Text normalisation: the one canonical form every lexicon, rule and fingerprint works on.
//!
//! Chat exports spell the same words many ways: Traditional or Simplified characters, full-width or half-width
//! letters and digits, relay prefixes such as 【转发】 or `Fwd:`, invisible zero-width and direction marks, runs of
//! spaces and line breaks. [`normalize_into`] maps all of them to one form:
//!
//! 1. zero-width characters, direction marks and the byte-order mark are dropped;
//! 2. NFKC (full-width `ＡＢＣ１２３，：` become `ABC123,:`; the ideographic space becomes a space);
//! 3. ASCII letters are lower-cased;
//! 4. runs of whitespace become one space, and the ends are trimmed;
//! 5. Traditional characters become Simplified (fast2s);
//! 6. relay prefixes at the start (`【转发】`, `【转】`, `[转]`, `转发:`, `转:`, `转自:`, `fwd:`, `fw:`) are removed, repeatedly.
//!
//! WeChat/WeCom placeholders (`[图片]`, `[表情]`, …) survive normalisation unchanged (in Simplified form, so
//! `[圖片]` becomes `[图片]`); [`Placeholder`] names them and [`placeholders`] finds them.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Relay prefixes removed from the start of a normalised message (already in normalised form).
pub const RELAY_PREFIXES: [&str; 10] =
    ["【转发】", "【转】", "[转发]", "[转]", "转发:", "转:", "转自:", "fwd:", "fw:", "转发"];

/// Returns the normalised form of `text` (see the module documentation).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Writes the normalised form of `text` into `out` (cleared first), so a caller can reuse one buffer.
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let t2s = copy_folded(text, out).unwrap_or_else(|| {
        out.clear();
        nfkc_folded(text, out);
        needs_t2s(out)
    });
    if t2s {
        fast2s::replace(out);
    }
    strip_relay_prefixes(out);
}

/// Steps 1 to 4 through the full NFKC tables.
fn nfkc_folded(text: &str, out: &mut String) {
    let mut pending_space = false;
    for c in text.nfkc() {
        push_folded(c, out, &mut pending_space);
    }
}

/// Pushes one NFKC character: invisible marks dropped, whitespace collapsed, ASCII lower-cased.
fn push_folded(c: char, out: &mut String, pending_space: &mut bool) {
    if is_invisible(c) {
        return;
    }
    if c.is_whitespace() {
        *pending_space = !out.is_empty();
        return;
    }
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(c.to_ascii_lowercase());
}

/// Steps 1 to 4 in the common case, in one pass: copies runs of characters that stay as they are in one piece,
/// and folds the rest (upper-case ASCII, whitespace, invisible marks, full-width forms) one by one. Gives up
/// (`None`) at the first character that NFKC may change beyond [`fold_width`] (ASCII and the CJK Unified
/// Ideographs never change); otherwise says whether fast2s could change the copy ([`needs_t2s`]).
fn copy_folded(text: &str, out: &mut String) -> Option<bool> {
    let changes = t2s_changes();
    let t2s_bit = |c: char| converts(changes, c);
    let (mut pending_space, mut t2s) = (false, false);
    let mut run = 0;
    for (i, c) in text.char_indices() {
        let keep = match c {
            'a'..='z' | '0'..='9' => true,
            _ if c.is_ascii() => c.is_ascii_graphic() && !c.is_ascii_uppercase(),
            '\u{4E00}'..='\u{9FFF}' => {
                t2s |= t2s_bit(c);
                true
            }
            _ => {
                let folded = fold_width(c);
                if folded == c && is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes {
                    return None;
                }
                let keep = !is_invisible(c) && !c.is_whitespace() && folded == c;
                t2s |= keep && t2s_bit(c);
                keep
            }
        };
        if keep {
            if pending_space {
                out.push_str(&text[run..i]);
                run = i;
                if !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
            }
            continue;
        }
        out.push_str(&text[run..i]);
        run = i + c.len_utf8();
        push_folded(fold_width(c), out, &mut pending_space);
    }
    if pending_space {
        // Trailing whitespace is dropped.
    } else {
        out.push_str(&text[run..]);
    }
    Some(t2s)
}

/// NFKC of the full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space, which are common in Chinese text
/// and cheap to map directly.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether fast2s could change `text`: it has a three-byte character that fast2s converts on its own or by context.
fn needs_t2s(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let changes = t2s_changes();
    text.chars().any(|c| converts(changes, c))
}

/// Whether `c` is one of the three-byte characters fast2s converts ([`t2s_changes`]).
fn converts(changes: &[u64], c: char) -> bool {
    let cp = c as usize;
    (0x800..=0xFFFF).contains(&cp) && changes[cp / 64] & (1 << (cp % 64)) != 0
}

/// The three-byte characters fast2s converts, as bits by code point: computed once from fast2s itself, so that
/// Simplified text skips the converter's per-character lookups.
fn t2s_changes() -> &'static [u64] {
    static CHANGES: OnceLock<Vec<u64>> = OnceLock::new();
    CHANGES.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        let mut one = String::new();
        for cp in 0x800u32..=0xFFFF {
            let Some(c) = char::from_u32(cp) else { continue };
            one.clear();
            one.push(c);
            // Characters fast2s converts only in some neighbourhoods (its exclusion and special tables).
            let contextual = "兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫".contains(c);
            if contextual || fast2s::convert(&one) != one {
                bits[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        bits
    })
}

/// Removes relay prefixes from the start of an already normalised string, as many as there are.
fn strip_relay_prefixes(s: &mut String) {
    loop {
        if !matches!(s.as_bytes().first(), Some(0xE3 | 0xE8 | b'[' | b'f')) {
            return; // 【 (E3 80 90), 转 (E8 BD AC), [, f
        }
        let Some(p) = RELAY_PREFIXES.iter().find(|p| s.starts_with(**p)) else {
            return;
        };
        // A bare `转发` only counts as a prefix when a separator or space follows (转发给… is a verb).
        let mut cut = p.len();
        if *p == "转发" {
            match s[cut..].chars().next() {
                Some(c @ (' ' | '】' | ']' | '-' | '>')) => cut += c.len_utf8(),
                _ => return,
            }
        }
        let rest = s[cut..].trim_start().len();
        s.drain(..s.len() - rest);
    }
}

/// Zero-width spaces and joiners, direction marks and embeddings, the word joiner family and the BOM.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// A platform placeholder: what an export writes where a picture, sticker, red packet… was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// `[图片]`, `<media omitted>`, `image omitted`.
    Image,
    /// `[表情]`, `[动画表情]`, `sticker omitted`.
    Sticker,
    /// `[红包]`.
    RedPacket,
    /// `[语音]`, `audio omitted`.
    Voice,
    /// `[视频]`, `video omitted`.
    Video,
    /// `[文件]`, `document omitted`.
    File,
    /// `[链接]`, `[小程序]`.
    Link,
    /// `[位置]`.
    Location,
}

impl Placeholder {
    /// Every placeholder kind, in a stable order (the order of the bits in [`Placeholders`]).
    pub const ALL: [Placeholder; 8] = [
        Placeholder::Image,
        Placeholder::Sticker,
        Placeholder::RedPacket,
        Placeholder::Voice,
        Placeholder::Video,
        Placeholder::File,
        Placeholder::Link,
        Placeholder::Location,
    ];

    /// The normalised spellings that stand for this placeholder.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Placeholder::Image => &["[图片]", "<media omitted>", "image omitted", "<image omitted>"],
            Placeholder::Sticker => &["[表情]", "[动画表情]", "sticker omitted", "<sticker omitted>"],
            Placeholder::RedPacket => &["[红包]"],
            Placeholder::Voice => &["[语音]", "audio omitted", "<audio omitted>"],
            Placeholder::Video => &["[视频]", "video omitted", "<video omitted>"],
            Placeholder::File => &["[文件]", "document omitted", "<document omitted>"],
            Placeholder::Link => &["[链接]", "[小程序]"],
            Placeholder::Location => &["[位置]"],
        }
    }

    /// The canonical token: the WeChat spelling.
    pub fn token(self) -> &'static str {
        self.spellings()[0]
    }

    /// This placeholder's bit in a [`Placeholders`] set.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of placeholders found in one message, as bits (see [`Placeholder::bit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placeholders(pub u8);

impl Placeholders {
    /// Whether `p` is in the set.
    pub fn contains(self, p: Placeholder) -> bool {
        self.0 & p.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Adds `p`.
    pub fn insert(&mut self, p: Placeholder) {
        self.0 |= p.bit();
    }
}

/// Every placeholder spelling with its kind, for building automata.
pub fn placeholder_spellings() -> impl Iterator<Item = (&'static str, Placeholder)> {
    Placeholder::ALL.into_iter().flat_map(|p| p.spellings().iter().map(move |s| (*s, p)))
}

/// The placeholders that occur in normalised text `norm`.
pub fn placeholders(norm: &str) -> Placeholders {
    static AC: OnceLock<(AhoCorasick, Vec<Placeholder>)> = OnceLock::new();
    let (ac, kinds) = AC.get_or_init(|| {
        let (pats, kinds): (Vec<&str>, Vec<Placeholder>) = placeholder_spellings().unzip();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .expect("placeholder patterns are valid");
        (ac, kinds)
    });
    let mut set = Placeholders::default();
    for m in ac.find_iter(norm) {
        set.insert(kinds[m.pattern().as_usize()]);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn traditional_becomes_simplified_and_full_width_half_width() {
        assert_eq!(normalize("請各單位於６月５日前報送"), "请各单位于6月5日前报送");
        assert_eq!(normalize("ＯＫ！收到，謝謝"), "ok!收到,谢谢");
        assert_eq!(normalize("Good   Morning\n\tTeam "), "good morning team");
    }

    #[test]
    fn relay_prefixes_and_invisible_marks_are_removed() {
        assert_eq!(normalize("【转发】【轉】 关于开展安全检查的通知"), "关于开展安全检查的通知");
        assert_eq!(normalize("Fwd: FW: Q3 planning"), "q3 planning");
        assert_eq!(normalize("轉發：請查收"), "请查收");
        assert_eq!(normalize("[转]收\u{200B}到\u{202E}"), "收到");
        // 转发 as a verb stays.
        assert_eq!(normalize("转发给各村"), "转发给各村");
    }

    #[test]
    fn placeholders_survive_and_are_found() {
        let n = normalize("[圖片] [紅包]　恭喜發財");
        assert_eq!(n, "[图片] [红包] 恭喜发财");
        let p = placeholders(&n);
        assert!(p.contains(Placeholder::Image) && p.contains(Placeholder::RedPacket));
        assert!(!p.contains(Placeholder::Voice));
        assert!(placeholders("<Media omitted>").is_empty(), "placeholders are matched on normalised text only");
        assert!(placeholders(&normalize("<Media omitted>")).contains(Placeholder::Image));
        assert!(placeholders(&normalize("[动画表情]")).contains(Placeholder::Sticker));
    }

    #[test]
    fn fast_path_agrees_with_full_nfkc() {
        for s in [
            "  Hello   WORLD\t\n",
            "收到，ＯＫ！　谢谢\u{200B}",
            "请各单位\n\n于6月5日前  报送 ",
            "MiXeD 中文 and ＡＳＣＩＩ １２３ 👍",
            "\u{3000}前导空格",
            "",
        ] {
            let mut fast = String::new();
            assert!(copy_folded(s, &mut fast).is_some(), "{s:?} takes the fast path");
            let mut slow = String::new();
            nfkc_folded(s, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
        let mut out = String::new();
        assert_eq!(copy_folded("ａ\u{00A0}b", &mut out), None, "a no-break space needs the NFKC tables");
        assert_eq!(copy_folded("请各单位", &mut out), Some(false));
        assert_eq!(copy_folded("請各單位", &mut out), Some(true));
    }

    /// The reference: always the full NFKC tables, then the Traditional test on the result.
    fn normalize_by_tables(text: &str) -> String {
        let mut out = String::new();
        nfkc_folded(text, &mut out);
        if needs_t2s(&out) {
            fast2s::replace(&mut out);
        }
        strip_relay_prefixes(&mut out);
        out
    }

    proptest::proptest! {
        #[test]
        fn the_one_pass_agrees_with_the_tables(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec!["請", "單", "於", "乾", "收到", "【转发】", "转发 ", "Fwd: ", "ＡＢ１", "\u{3000}", "\u{00A0}", "\u{200B}", "\u{00AD}", "ｶ", "①", "㐀", "é", "e\u{301}", "👍", "\n\t ", "[圖片]"])
                        .prop_map(str::to_owned),
                    "[a-zA-Z0-9 ,.:!?]{0,4}",
                    "[\u{4e00}-\u{4e10}\u{3000}-\u{3003}\u{ff01}-\u{ff5e}]{0,4}",
                ],
                0..8,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(normalize(&text), normalize_by_tables(&text));
        }
    }

    #[test]
    fn normalize_into_reuses_the_buffer() {
        let mut buf = String::from("leftover");
        normalize_into("早安", &mut buf);
        assert_eq!(buf, "早安");
        normalize_into("", &mut buf);
        assert_eq!(buf, "");
    }
}
