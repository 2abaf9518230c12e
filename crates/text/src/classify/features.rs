//! One pass of the lexicon automaton over a normalised message: what the rules look at.

use crate::lexicon::{Category, Lexicon};
use crate::normalize::{Placeholder, Placeholders, placeholder_spellings};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// What one automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    /// Bits of the categories holding this term.
    cats: u32,
    /// Bits of the placeholder this spelling stands for (0 for lexicon terms).
    placeholder: u8,
    /// Whether the term starts / ends with an ASCII letter or digit (then it must not touch another one).
    word_start: bool,
    word_end: bool,
}

/// The lexicon compiled into one leftmost-longest automaton, with each pattern's categories.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// Categories whose matches count as "covered" when deciding whether a message says anything beyond them.
const SOFT: u32 = bit(Category::Ack)
    | bit(Category::Praise)
    | bit(Category::Flattery)
    | bit(Category::Greeting)
    | bit(Category::Filler);

const fn bit(c: Category) -> u32 {
    1 << (c as u32)
}

/// How the lexicon's automaton is compiled: the choice changes how fast it is built and scans, never what it
/// finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Automaton {
    /// A DFA: the fastest scan, about 25 ms to build the built-in lexicon (for millions of texts).
    #[default]
    Fast,
    /// A contiguous NFA: built in about 4 ms, each scan about an eighth slower (for up to a few hundred thousand
    /// texts, where the DFA's build costs more than it saves).
    Quick,
}

impl Matcher {
    /// Compiles every term of `lex` and every placeholder spelling into a DFA.
    #[cfg(test)]
    pub(crate) fn new(lex: &Lexicon) -> Matcher {
        Matcher::compiled(lex, Automaton::Fast)
    }

    /// Compiles every term of `lex` and every placeholder spelling into the given kind of automaton.
    pub(crate) fn compiled(lex: &Lexicon, automaton: Automaton) -> Matcher {
        let mut terms: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut add = |term: &str, cats: u32, placeholder: u8| {
            if let Some(i) = terms.iter().position(|t| t == term) {
                patterns[i].cats |= cats;
                patterns[i].placeholder |= placeholder;
                return;
            }
            let first = term.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            let last = term.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
            terms.push(term.to_string());
            patterns.push(Pattern { cats, placeholder, word_start: first, word_end: last });
        };
        for (spelling, p) in placeholder_spellings() {
            add(spelling, 0, p.bit());
        }
        for cat in Category::ALL {
            if cat == Category::LeaderRole {
                continue;
            }
            for t in lex.terms(cat) {
                add(t, cat.bit(), 0);
            }
        }
        let kind = match automaton {
            Automaton::Fast => AhoCorasickKind::DFA,
            Automaton::Quick => AhoCorasickKind::ContiguousNFA,
        };
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&terms)
            .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&terms))
            .expect("lexicon terms compile into an automaton");
        Matcher { ac, patterns }
    }

    /// Scans normalised text `norm` once and fills `f`.
    pub(crate) fn scan(&self, norm: &str, f: &mut Features) {
        *f = Features::default();
        let bytes = norm.as_bytes();
        f.content = units(norm);
        f.question_mark = memchr_q(bytes);
        for m in self.ac.find_iter(norm) {
            let p = self.patterns[m.pattern().as_usize()];
            if p.word_start && m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                continue;
            }
            if p.word_end && m.end() < bytes.len() && bytes[m.end()].is_ascii_alphanumeric() {
                continue;
            }
            let covered = units(&norm[m.start()..m.end()]);
            if p.placeholder != 0 {
                f.placeholders.0 |= p.placeholder;
                f.placeholder_cover += covered;
                f.soft_cover += covered;
                continue;
            }
            if p.cats & SOFT != 0 {
                f.soft_cover += covered;
                if covered > 0 && !norm[m.start()..].starts_with('[') {
                    f.soft_words = true;
                }
            }
            let mut cats = p.cats;
            while cats != 0 {
                let i = cats.trailing_zeros() as usize;
                cats &= cats - 1;
                if f.hits[i] == 0 {
                    f.first[i] = (m.start() as u32, m.end() as u32);
                }
                f.hits[i] = f.hits[i].saturating_add(1);
            }
        }
        f.list = numbered_list(norm);
    }
}

fn memchr_q(bytes: &[u8]) -> bool {
    bytes.contains(&b'?')
}

/// What the scan found in one message.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    /// Content units: Han characters, plus one per run of ASCII letters and digits (see [`units`]).
    pub content: u16,
    /// Content characters covered by soft matches (ack, praise, flattery, greeting, filler, placeholders).
    pub soft_cover: u16,
    /// Content characters inside placeholders.
    pub placeholder_cover: u16,
    /// Whether a soft match is made of words (收到, thanks) rather than emoji or WeChat emoji codes ([强]).
    pub soft_words: bool,
    /// Matches per category.
    pub hits: [u8; Category::COUNT],
    /// Byte span of each category's first match.
    pub first: [(u32, u32); Category::COUNT],
    /// Placeholders found.
    pub placeholders: Placeholders,
    /// A `?` (after NFKC, full-width ？ too).
    pub question_mark: bool,
    /// A numbered list (接龙): entries and the longest entry in content characters.
    pub list: Option<ListShape>,
}

/// The shape of a numbered list such as `#接龙 … 1. 张三 2. 李四`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListShape {
    /// How many numbered entries follow each other (1, 2, 3…).
    pub entries: u16,
    /// The longest entry, in content characters.
    pub longest: u16,
}

impl Features {
    /// Whether category `c` matched.
    pub fn has(&self, c: Category) -> bool {
        self.hits[c as usize] > 0
    }

    /// Content characters not covered by soft matches: what the message says beyond 收到/早上好/点赞.
    pub fn residue(&self) -> u16 {
        self.content.saturating_sub(self.soft_cover)
    }

    /// Content characters outside placeholders.
    pub fn text_content(&self) -> u16 {
        self.content.saturating_sub(self.placeholder_cover)
    }

    /// The first term of `c` found in `norm`.
    pub fn term<'a>(&self, c: Category, norm: &'a str) -> &'a str {
        let (s, e) = self.first[c as usize];
        norm.get(s as usize..e as usize).unwrap_or("")
    }

    /// Whether the placeholder `p` occurs.
    pub fn placeholder(&self, p: Placeholder) -> bool {
        self.placeholders.contains(p)
    }
}

/// Finds a numbered list `1. a 2. b 3. c` (markers `N.`, `N、`, `N)`), as 接龙 messages have: the numbers must
/// run 1, 2, 3… in order. Returns `None` when there is no entry `1.`.
fn numbered_list(norm: &str) -> Option<ListShape> {
    let b = norm.as_bytes();
    let mut expected = 1u32;
    let mut entries = 0u16;
    let mut longest = 0u16;
    let mut entry_start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || matches!(b[i - 1], b' ' | b'\n');
        if boundary && b[i].is_ascii_digit() {
            let mut j = i;
            let mut n = 0u32;
            while j < b.len() && b[j].is_ascii_digit() && j - i < 3 {
                n = n * 10 + u32::from(b[j] - b'0');
                j += 1;
            }
            let marker_len = if norm[j..].starts_with('.') || norm[j..].starts_with(')') {
                1
            } else if norm[j..].starts_with('、') {
                '、'.len_utf8()
            } else {
                0
            };
            if marker_len > 0 && n == expected {
                if let Some(s) = entry_start {
                    longest = longest.max(count_content(&norm[s..i]));
                }
                entries += 1;
                expected += 1;
                i = j + marker_len;
                entry_start = Some(i);
                continue;
            }
        }
        i += 1;
    }
    if let Some(s) = entry_start {
        longest = longest.max(count_content(&norm[s..]));
    }
    (entries >= 1).then_some(ListShape { entries, longest })
}

fn count_content(s: &str) -> u16 {
    units(s)
}

/// Content units of a text: each Han (or other non-ASCII) letter or digit counts one, and so does each run of
/// ASCII letters and digits, so that a Chinese character and an English word weigh about the same.
pub(crate) fn units(s: &str) -> u16 {
    let b = s.as_bytes();
    let mut n: u16 = 0;
    let mut in_ascii = false;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            let alnum = x.is_ascii_alphanumeric();
            if alnum && !in_ascii {
                n = n.saturating_add(1);
            }
            in_ascii = alnum;
            i += 1;
            continue;
        }
        in_ascii = false;
        // Lead bytes E4–E9 start U+4000–U+9FFF: CJK ideographs, one unit each without a table lookup.
        if (0xE4..=0xE9).contains(&x) {
            n = n.saturating_add(1);
            i += 3;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            n = n.saturating_add(1);
        }
        i += c.len_utf8();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn scan(text: &str) -> (String, Features) {
        let m = Matcher::new(&Lexicon::default());
        let n = normalize(text);
        let mut f = Features::default();
        m.scan(&n, &mut f);
        (n, f)
    }

    #[test]
    fn ack_with_a_name_leaves_a_small_residue() {
        let (n, f) = scan("收到！李家村 张三");
        assert!(f.has(Category::Ack));
        assert_eq!(f.term(Category::Ack, &n), "收到");
        assert_eq!(f.content, 7);
        assert_eq!(f.residue(), 5);
        let (_, f) = scan("ty, that worked");
        assert_eq!((f.content, f.residue()), (3, 2), "English words count one unit each");
    }

    #[test]
    fn english_terms_match_whole_words_only() {
        let (_, f) = scan("Booking the room");
        assert!(!f.has(Category::Ack), "`ok` inside `booking` is not an ack");
        let (_, f) = scan("ok, thanks!");
        assert_eq!(f.hits[Category::Ack as usize], 2);
        assert_eq!(f.residue(), 0);
    }

    #[test]
    fn longest_term_wins() {
        let (n, f) = scan("收到请回复");
        assert!(f.has(Category::Notice) && !f.has(Category::Ack), "{:?}", f.term(Category::Ack, &n));
    }

    #[test]
    fn placeholders_and_lists_are_seen() {
        let (_, f) = scan("[圖片]");
        assert!(f.placeholder(Placeholder::Image));
        assert_eq!(f.text_content(), 0);
        let (_, f) = scan("#接龙 周五参加培训\n1. 张三\n2. 李四 收到\n3. 王五");
        assert_eq!(f.list, Some(ListShape { entries: 3, longest: 4 }));
        let (_, f) = scan("2024年1. 第一点");
        assert_eq!(f.list, None);
        let (_, f) = scan("#接龙 参会 1. 刘建国");
        assert_eq!(f.list, Some(ListShape { entries: 1, longest: 3 }));
    }
}
