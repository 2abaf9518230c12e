//! Fingerprints for finding the same message in several groups (cross-posts) and repeat chains.
//!
//! Following the research notes (§4.3), messages are tiered by length in canonical characters ([`canonical`]:
//! normalised, then only letters, digits and Han characters, placeholders removed):
//! - up to [`EXACT_MAX_CHARS`] (11): only the exact hash is used; such texts are too short for MinHash;
//! - longer: a MinHash signature of [`NUM_PERM`] (128) permutations over character 2-grams, cut into [`BANDS`] (25)
//!   bands of [`ROWS`] (5) rows for LSH (candidate threshold ≈ (1/25)^(1/5) ≈ 0.53).
//!
//! Candidates are verified with exact [`jaccard`] and [`containment`] over the 2-gram sets ([`verify`]), and
//! [`template::differs_only_in_slot`] keeps messages that differ only in a name or number (张三已完成 / 李四已完成)
//! from being called duplicates. Short replies such as 收到 are never cross-post candidates
//! ([`is_cross_post_candidate`]).

mod minhash;
pub mod template;

pub use minhash::{MinHasher, band_hashes};

use crate::normalize::{normalize, placeholder_spellings};
use jingjian_model::Label;
use xxhash_rust::xxh3::xxh3_64;

/// Texts of at most this many canonical characters get only an exact hash. Longer ones (notices of 12 characters
/// and up are candidates) also get MinHash bands, so that a short notice and its relayed copy with a line added
/// still meet; verification is exact either way.
pub const EXACT_MAX_CHARS: usize = 11;
/// Texts shorter than this (canonical characters) are never cross-post candidates.
pub const MIN_CROSS_POST_CHARS: usize = 30;
/// MinHash permutations.
pub const NUM_PERM: usize = 128;
/// LSH bands.
pub const BANDS: usize = 25;
/// Rows per LSH band.
pub const ROWS: usize = 5;
/// Jaccard similarity at or above which two verified candidates are near-duplicates.
pub const JACCARD_THRESHOLD: f64 = 0.5;
/// Containment at or above which one text is taken to hold the other (relay suffixes, 接龙 growth).
pub const CONTAINMENT_THRESHOLD: f64 = 0.8;

/// Relay markers, @all mentions and the stock phrases relayers add anywhere in a copy (research notes §4.3: 「转：」,
/// 「收到请回复」, 「请各单位认真落实」; after normalisation, so Traditional and full-width spellings are covered);
/// they are dropped before comparing.
const RELAY_MARKS: [&str; 16] = [
    "@所有人",
    "@all",
    "@everyone",
    "@channel",
    "@here",
    "转发",
    "转自",
    "转:",
    "fwd",
    "收到请回复",
    "请各单位认真落实",
    "请各村(社区)认真落实",
    "再次提醒:",
    "再次提醒",
    "请相互转告",
    "请各位高度重视",
];

/// A relay header that names where the notice came from (转发泉湖镇通知：, 转发区应急局通知:) is at most this many
/// characters between 转发 and 通知.
const RELAY_SOURCE_CHARS: usize = 12;

/// Blanks every relay header 「转发 X 通知:」 (X a unit's name of letters only, at most [`RELAY_SOURCE_CHARS`]) in a
/// normalised text: the relayer's header, not the notice's words.
fn blank_relay_headers(n: &mut String) {
    let mut from = 0;
    while let Some(at) = n[from..].find("转发").map(|i| from + i) {
        let body = at + "转发".len();
        // The header's end: the first character that is not a letter, within a name, 通知 and the colon.
        let end = n[body..]
            .char_indices()
            .take(RELAY_SOURCE_CHARS + "通知:".chars().count())
            .find(|&(_, c)| !c.is_alphanumeric())
            .map(|(i, _)| body + i)
            .filter(|&end| n[end..].starts_with(':') && n[body..end].ends_with("通知"));
        match end {
            Some(end) => {
                n.replace_range(at..end + 1, " ");
                from = at + 1;
            }
            None => from = body,
        }
    }
}

/// The canonical text fingerprints are computed on: normalised, placeholders, relay markers and @all removed,
/// and only letters, digits and Han characters kept (punctuation, spaces and emoji dropped).
pub fn canonical(text: &str) -> String {
    canonical_normalized(&normalize(text))
}

/// [`canonical`] of a text already normalised (by [`crate::normalize::normalize`], or the classifier's buffer:
/// [`crate::Conversation::normalized`]), so a caller that has classified the text does not normalise it again.
pub fn canonical_normalized(normalized: &str) -> String {
    let mut out = String::with_capacity(normalized.len());
    canonical_normalized_into(normalized, &mut out);
    out
}

/// [`canonical_normalized`] into `out` (cleared first); returns its length in characters. Most messages hold no
/// placeholder or relay marker (one automaton pass says so) and go straight to the letter filter.
pub fn canonical_normalized_into(normalized: &str, out: &mut String) -> usize {
    out.clear();
    if !removables().is_match(normalized) {
        return keep_alphanumeric(normalized, out);
    }
    let mut n = normalized.to_owned();
    blank_relay_headers(&mut n);
    for (p, _) in placeholder_spellings() {
        if n.contains(p) {
            n = n.replace(p, " ");
        }
    }
    for m in RELAY_MARKS {
        if n.contains(m) {
            n = n.replace(m, " ");
        }
    }
    keep_alphanumeric(&n, out)
}

/// One automaton over every placeholder spelling and relay marker: whether [`canonical_normalized`] has anything
/// to remove.
fn removables() -> &'static aho_corasick::AhoCorasick {
    static AC: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let patterns: Vec<&str> = placeholder_spellings().map(|(p, _)| p).chain(RELAY_MARKS).collect();
        aho_corasick::AhoCorasick::new(patterns).expect("placeholder and relay patterns compile")
    })
}

/// Appends the letters and digits of `s` to `out` ([`char::is_alphanumeric`]); returns how many. ASCII and the
/// CJK ideographs U+5000–U+9FFF (lead bytes E5–E9, all letters) skip the Unicode table.
fn keep_alphanumeric(s: &str, out: &mut String) -> usize {
    let b = s.as_bytes();
    let (mut i, mut count) = (0, 0);
    while i < b.len() {
        let x = b[i];
        let len = if x < 0x80 {
            if x.is_ascii_alphanumeric() {
                out.push(x as char);
                count += 1;
            }
            1
        } else if (0xE5..=0xE9).contains(&x) {
            out.push_str(&s[i..i + 3]);
            count += 1;
            3
        } else {
            let c = s[i..].chars().next().expect("i is on a char boundary");
            if c.is_alphanumeric() {
                out.push(c);
                count += 1;
            }
            c.len_utf8()
        };
        i += len;
    }
    count
}

/// The exact hash of a canonical text.
pub fn exact_hash(canon: &str) -> u64 {
    xxh3_64(canon.as_bytes())
}

/// The sorted, de-duplicated hashes of a canonical text's character 2-grams (a one-character text gives its
/// single character).
pub fn shingles(canon: &str) -> Vec<u64> {
    let idx: Vec<usize> = canon.char_indices().map(|(i, _)| i).chain(std::iter::once(canon.len())).collect();
    let mut out: Vec<u64> = if idx.len() <= 2 {
        if canon.is_empty() { Vec::new() } else { vec![xxh3_64(canon.as_bytes())] }
    } else {
        idx.windows(3).map(|w| xxh3_64(&canon.as_bytes()[w[0]..w[2]])).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// |A ∩ B| of two sorted, de-duplicated sets (2-gram hashes here; cluster ids in the engine's verdicts).
pub fn sorted_intersection<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    bounded_intersection(a, b, |_| true).unwrap_or(0)
}

/// Steps of the merge between two looks at whether the threshold can still be reached.
const MERGE_STRIDE: usize = 32;

/// [`sorted_intersection`], giving up (`None`) as soon as `reachable(upper)` says that even the largest count
/// still possible, `upper`, would not do. The merge steps without branches (which of two 2-gram hashes is
/// smaller is a coin toss the processor cannot predict).
fn bounded_intersection<T: Ord + Copy>(a: &[T], b: &[T], mut reachable: impl FnMut(usize) -> bool) -> Option<usize> {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        // Each step moves at least one side on, so this many steps stay within both sets.
        let steps = MERGE_STRIDE.min(a.len() - i).min(b.len() - j);
        for _ in 0..steps {
            let (x, y) = (a[i], b[j]);
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        if !reachable(n + (a.len() - i).min(b.len() - j)) {
            return None;
        }
    }
    Some(n)
}

/// Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted shingle sets (0 when both are empty).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    similarity(a, b).0
}

/// Containment |A ∩ B| / min(|A|, |B|): how much of the smaller set lies in the larger one.
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    similarity(a, b).1
}

/// Jaccard and containment of two sorted shingle sets, from one intersection.
pub fn similarity(a: &[u64], b: &[u64]) -> (f64, f64) {
    ratios(sorted_intersection(a, b), a.len(), b.len())
}

/// (Jaccard, containment) of two sets of `a` and `b` values sharing `i`.
fn ratios(i: usize, a: usize, b: usize) -> (f64, f64) {
    let (u, m) = (a + b - i, a.min(b));
    let ratio = |d: usize| if d == 0 { 0.0 } else { i as f64 / d as f64 };
    (ratio(u), ratio(m))
}

/// Whether a message may join a cross-post cluster: long enough ([`MIN_CROSS_POST_CHARS`]) and not an ack,
/// greeting, flattery or system message.
pub fn is_cross_post_candidate(canonical_chars: usize, label: Label) -> bool {
    canonical_chars >= MIN_CROSS_POST_CHARS
        && !matches!(label, Label::Ack | Label::Greeting | Label::Flattery | Label::System)
}

/// One message's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The exact hash of the canonical text.
    pub exact: u64,
    /// Canonical characters.
    pub chars: usize,
    /// LSH band hashes ([`BANDS`] of them), empty for texts of at most [`EXACT_MAX_CHARS`] characters.
    pub bands: Vec<u64>,
}

/// Computes fingerprints with one fixed set of MinHash permutations.
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    hasher: MinHasher,
}

impl Default for Fingerprinter {
    fn default() -> Fingerprinter {
        Fingerprinter { hasher: MinHasher::new(NUM_PERM, 0x6a69_6e67_6a69_616e) }
    }
}

impl Fingerprinter {
    /// The fingerprint of raw message text.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        self.of_canonical(&canonical(text))
    }

    /// The fingerprint of a text already in canonical form ([`canonical`]).
    pub fn of_canonical(&self, canon: &str) -> Fingerprint {
        let chars = canon.chars().count();
        let bands = if chars > EXACT_MAX_CHARS {
            band_hashes(&self.hasher.signature(&shingles(canon)), BANDS, ROWS)
        } else {
            Vec::new()
        };
        Fingerprint { exact: exact_hash(canon), chars, bands }
    }
}

/// How two messages compare after verification.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// The same canonical text.
    Same,
    /// The same text except one short slot (a name, a number): a template, not a duplicate.
    Template,
    /// Near-duplicates: Jaccard or containment at or above the thresholds.
    Near {
        /// Jaccard similarity of the 2-gram sets.
        jaccard: f64,
        /// Containment of the smaller set in the larger.
        containment: f64,
    },
    /// Different messages.
    Distinct,
}

/// Verifies two raw texts (candidates from LSH or the exact hash).
pub fn verify(a: &str, b: &str) -> Verdict {
    verify_canonical(&canonical(a), &canonical(b))
}

/// Verifies two texts already in canonical form ([`canonical`]), so a caller comparing one text with many
/// computes its canonical form once.
pub fn verify_canonical(ca: &str, cb: &str) -> Verdict {
    verify_shingled(ca, &shingles(ca), cb, &shingles(cb))
}

/// Whether two canonical texts (with their [`shingles`]) are copies of one message: the same text, or near
/// (Jaccard at least `jaccard` or containment at least `containment`, and at least what [`verify_shingled`]
/// calls near) without being a template. Gives what `verify_shingled` gives with those thresholds, cheapest
/// test first: most pairs an LSH bucket proposes fail on the 2-gram sets and never need the template test.
pub fn is_copy(ca: &str, sa: &[u64], cb: &str, sb: &[u64], jaccard: f64, containment: f64) -> bool {
    if ca == cb {
        return true;
    }
    // Both ratios grow with the intersection, so a pair whose largest possible intersection is not near is not
    // near: the merge stops there (most pairs an LSH bucket proposes are far apart).
    let near = |i: usize| {
        let (j, c) = ratios(i, sa.len(), sb.len());
        let near = |jt: f64, ct: f64| j >= jt || c >= ct;
        near(JACCARD_THRESHOLD, CONTAINMENT_THRESHOLD) && near(jaccard, containment)
    };
    bounded_intersection(sa, sb, near).is_some_and(near) && template::slot(ca, cb).is_none()
}

/// Verifies two canonical texts whose [`shingles`] the caller already has.
pub fn verify_shingled(ca: &str, sa: &[u64], cb: &str, sb: &[u64]) -> Verdict {
    if ca == cb {
        return Verdict::Same;
    }
    if template::slot(ca, cb).is_some() {
        return Verdict::Template;
    }
    let (j, c) = similarity(sa, sb);
    if j >= JACCARD_THRESHOLD || c >= CONTAINMENT_THRESHOLD {
        Verdict::Near { jaccard: j, containment: c }
    } else {
        Verdict::Distinct
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    const NOTICE: &str = "关于开展2024年度防汛安全隐患排查的通知：请各村各社区于6月5日前完成辖区内河道、山塘、水库的隐患排查，并将排查台账报送镇应急办。";

    #[test]
    fn canonical_text_drops_punctuation_placeholders_and_prefixes() {
        assert_eq!(canonical("【转发】收到！[圖片] OK"), "收到ok");
        assert_eq!(canonical("👍👍"), "");
        assert_eq!(canonical("@所有人 【转发】请各村于周五前报送"), canonical("请各村于周五前报送"));
    }

    #[test]
    fn relay_headers_naming_the_source_are_dropped() {
        let notice = "【通知】5月10日视频会议参会人员请接龙报名。";
        assert_eq!(canonical(&format!("转发泉湖镇通知：{notice}请各位高度重视。")), canonical(notice));
        assert_eq!(canonical(&format!("@所有人 转发湾龙区应急管理局通知:{notice}")), canonical(notice));
        // Not a header: no colon after 通知, or more than a unit's name before it.
        assert_eq!(canonical("转发通知的时间改了"), "通知的时间改了");
        assert_eq!(
            canonical("请转发一下这个很长很长很长的关于防汛的紧急通知：明天"),
            "请一下这个很长很长很长的关于防汛的紧急通知明天"
        );
        assert_eq!(canonical("转发区通知：转发镇通知：明天开会"), "明天开会");
        // A name of at most twelve characters.
        assert_eq!(canonical("转发湾龙区应急管理局综合科室通知：明天开会"), "明天开会");
        assert_eq!(canonical("转发湾龙区应急管理局综合科室甲通知：明天开会"), "湾龙区应急管理局综合科室甲通知明天开会");
    }

    /// The reference: placeholders and relay markers replaced one after another, then letters and digits kept.
    fn canonical_by_replacing(normalized: &str) -> String {
        let mut n = normalized.to_owned();
        blank_relay_headers(&mut n);
        for p in placeholder_spellings().map(|(p, _)| p).chain(RELAY_MARKS) {
            n = n.replace(p, " ");
        }
        n.chars().filter(|c| c.is_alphanumeric()).collect()
    }

    #[test]
    fn the_ideograph_shortcut_agrees_with_the_unicode_table() {
        for c in (0x5000..=0x9FFF).filter_map(char::from_u32) {
            assert!(c.is_alphanumeric(), "U+{:X}", c as u32);
        }
    }

    proptest::proptest! {
        #[test]
        fn sorted_intersection_counts_the_common_values(
            a in proptest::collection::btree_set(0u64..64, 0..40),
            b in proptest::collection::btree_set(0u64..64, 0..40),
        ) {
            let (va, vb): (Vec<u64>, Vec<u64>) = (a.iter().copied().collect(), b.iter().copied().collect());
            proptest::prop_assert_eq!(sorted_intersection(&va, &vb), a.intersection(&b).count());
        }
    }

    proptest::proptest! {
        #[test]
        fn canonical_fast_path_equals_replacing(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(placeholder_spellings().map(|(p, _)| p).chain(RELAY_MARKS).collect::<Vec<_>>())
                        .prop_map(str::to_owned),
                    "[a-z0-9 :@\\[\\]()<>]{0,4}",
                    "[\\u{4e00}-\\u{4e10}\\u{3000}-\\u{3003}\\u{1F600}\\u{00e9}\\u{0660}]{0,4}",
                ],
                0..8,
            )
        ) {
            let text: String = parts.concat();
            let mut out = String::new();
            let n = canonical_normalized_into(&text, &mut out);
            proptest::prop_assert_eq!(&out, &canonical_by_replacing(&text));
            proptest::prop_assert_eq!(n, out.chars().count());
        }
    }

    /// The label pass hands the classifier's normalised buffer to `canonical_normalized`: it must give what
    /// `canonical` gives on the raw text, Traditional script, full-width forms and placeholders included.
    #[test]
    fn canonical_of_the_classifiers_buffer_equals_canonical_of_the_text() {
        let classifier = crate::Classifier::new(&crate::Lexicon::default());
        let mut conv = crate::Conversation::new();
        for (i, text) in [
            "【转发】請各村於６月５日前報送防汛物資清單，務必按時完成。[圖片]",
            "@所有人 转：关于开展安全生产大检查的通知，请各单位认真落实",
            "FWD: Please submit the Q3 budget by Friday EOD — thanks!",
            "收到",
            "",
        ]
        .into_iter()
        .enumerate()
        {
            classifier.classify(&crate::Input::text(text, "a", i as i64 * 60_000, 8 * 3600), &mut conv);
            assert_eq!(canonical_normalized(conv.normalized()), canonical(text), "{text}");
        }
    }

    /// [`is_copy`] of two texts with their 2-gram sets.
    fn is_copy_of(a: &str, b: &str, jaccard: f64, containment: f64) -> bool {
        is_copy(a, &shingles(a), b, &shingles(b), jaccard, containment)
    }

    /// What [`verify_shingled`] and the caller's thresholds say of two texts.
    fn verified_copy(a: &str, b: &str, jaccard: f64, containment: f64) -> bool {
        match verify_shingled(a, &shingles(a), b, &shingles(b)) {
            Verdict::Same => true,
            Verdict::Near { jaccard: j, containment: c } => j >= jaccard || c >= containment,
            _ => false,
        }
    }

    proptest::proptest! {
        /// `is_copy` answers what `verify_shingled` and the caller's thresholds answer.
        #[test]
        fn is_copy_agrees_with_verify(
            a in "[甲乙丙通知请报送]{0,12}",
            b in "[甲乙丙通知请报送]{0,12}",
            j in 0.3f64..1.0,
            c in 0.3f64..1.0,
        ) {
            proptest::prop_assert_eq!(is_copy_of(&a, &b, j, c), verified_copy(&a, &b, j, c));
        }

        /// The same over long texts sharing a stretch, whose merges give up early when they cannot get near.
        #[test]
        fn is_copy_agrees_with_verify_on_long_texts(
            shared in "[甲乙丙丁戊己庚辛壬癸通知请报送村镇]{0,150}",
            a in "[甲乙丙丁戊己庚辛壬癸子丑寅卯]{0,150}",
            b in "[通知请报送村镇子丑寅卯辰巳午未]{0,150}",
            j in 0.3f64..1.0,
            c in 0.3f64..1.0,
        ) {
            let (a, b) = (format!("{a}{shared}"), format!("{shared}{b}"));
            proptest::prop_assert_eq!(is_copy_of(&a, &b, j, c), verified_copy(&a, &b, j, c));
        }
    }

    #[test]
    fn shingles_are_character_bigrams() {
        assert_eq!(shingles("收到").len(), 1);
        assert_eq!(shingles("收到收到").len(), 2, "收到, 到收");
        assert_eq!(shingles("").len(), 0);
        assert_eq!(shingles("好").len(), 1);
    }

    #[test]
    fn jaccard_and_containment() {
        let a = shingles("请各村于周五前报送材料");
        let b = shingles("请各村于周五前报送材料请认真落实");
        assert!((jaccard(&a, &a) - 1.0).abs() < 1e-9);
        assert!((containment(&a, &b) - 1.0).abs() < 1e-9);
        assert!(jaccard(&a, &b) < 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn relayed_copies_share_an_lsh_band_and_unrelated_texts_do_not() {
        let fp = Fingerprinter::default();
        let a = fp.fingerprint(NOTICE);
        let b = fp.fingerprint(&format!("【转发】{NOTICE}请各村认真落实！"));
        let c = fp.fingerprint(
            "各位同事，下周二下午三点在三楼会议室召开季度工作总结会，请提前准备好本部门的汇报材料和数据。",
        );
        assert_eq!(a.bands.len(), BANDS);
        assert!(a.bands.iter().zip(&b.bands).any(|(x, y)| x == y), "relay copy should collide in a band");
        assert!(!a.bands.iter().zip(&c.bands).any(|(x, y)| x == y), "unrelated texts should not collide");
        assert_ne!(a.exact, b.exact);
        assert!(
            matches!(verify(NOTICE, &format!("转发: {NOTICE}请各村认真落实")), Verdict::Near { containment, .. } if containment >= 0.99)
        );
    }

    #[test]
    fn short_texts_get_only_an_exact_hash_and_are_never_candidates() {
        let fp = Fingerprinter::default();
        let a = fp.fingerprint("收到！");
        assert!(a.bands.is_empty());
        assert_eq!(a.exact, fp.fingerprint("收到").exact);
        assert!(!is_cross_post_candidate(a.chars, Label::Discussion));
        assert!(!is_cross_post_candidate(40, Label::Ack));
        assert!(is_cross_post_candidate(40, Label::Important));
    }

    #[test]
    fn verdicts() {
        assert_eq!(verify("收到", "收到！"), Verdict::Same);
        assert_eq!(verify("李家村张三已完成入户走访32户", "李家村李四已完成入户走访32户"), Verdict::Template);
        assert_eq!(verify("今天中午吃什么", "季度财务报表请尽快提交"), Verdict::Distinct);
    }
}
