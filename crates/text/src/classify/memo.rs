//! What the classifier reads from a text alone, kept for texts that come again.
//!
//! Work chats repeat themselves: 收到, 好的, 👍, [强] and the same notice in every group. Normalising a message and
//! scanning it with the lexicon automaton depend on its text only (its place in the conversation is read
//! afterwards), so a [`Memo`] keeps that reading for short texts and a repeated text skips both steps. So do the
//! text's reading units and canonical form, which the label pass asks of the text read last. One memo per thread;
//! it forgets everything when it holds [`Memo::CAPACITY`] texts or [`Memo::CAPACITY_BYTES`], which keeps it small
//! and lets it follow the words a long archive uses as it goes.

use super::features::{Features, Matcher};
use crate::deadline::Expr;
use jingjian_model::Millis;
use std::hash::BuildHasher;

/// One text's reading: where the text and its normalised form lie in [`Memo::bytes`] (the form right after the
/// text), what the automaton found in it, its reading units and, once asked for, its canonical form.
#[derive(Debug)]
struct Reading {
    hash: u64,
    start: u32,
    text_len: u32,
    norm_len: u32,
    features: Features,
    /// Han characters and Latin words of the text.
    units: (u32, u32),
    /// The canonical form: where it lies in [`Memo::bytes`], its length in bytes and in characters.
    canon: Option<(u32, u32, u32)>,
    /// Its deadline candidates, once asked for: where they lie in [`Memo::exprs`] and how many.
    deadlines: Option<(u32, u32)>,
}

impl Reading {
    fn text<'a>(&self, bytes: &'a str) -> &'a str {
        &bytes[self.start as usize..(self.start + self.text_len) as usize]
    }

    fn norm<'a>(&self, bytes: &'a str) -> &'a str {
        let from = (self.start + self.text_len) as usize;
        &bytes[from..from + self.norm_len as usize]
    }
}

/// Readings of recent short texts, by text. See the module documentation. The texts and their normalised (and
/// canonical) forms lie end to end in one buffer (no allocation per text, and starting afresh frees nothing one by
/// one).
#[derive(Debug, Default)]
pub struct Memo {
    bytes: String,
    readings: Vec<Reading>,
    /// Indexes into `readings`, by the text's hash.
    index: hashbrown::HashTable<u32>,
    /// The reading of the text read last, when the memo kept it.
    last: Option<u32>,
    /// The readings' deadline candidates, end to end.
    exprs: Vec<Expr>,
}

impl Memo {
    /// Texts a memo holds before it starts afresh.
    pub const CAPACITY: usize = 1 << 16;
    /// Bytes of texts and normalised forms a memo holds before it starts afresh.
    pub const CAPACITY_BYTES: usize = 8 << 20;
    /// The longest text (bytes) a memo keeps: acks, greetings and short notices repeat; long reports rarely do.
    pub const MAX_TEXT: usize = 256;

    /// An empty memo.
    pub fn new() -> Memo {
        Memo::default()
    }

    /// How many texts the memo holds.
    pub fn len(&self) -> usize {
        self.readings.len()
    }

    /// Whether the memo holds no text.
    pub fn is_empty(&self) -> bool {
        self.readings.is_empty()
    }

    /// Reads `text` into `norm` (its normalised form) and `f` (what `matcher` finds there): from the memo when
    /// the text was read before, else afresh (and kept when the text is short).
    pub(crate) fn read(&mut self, matcher: &Matcher, text: &str, norm: &mut String, f: &mut Features) {
        let Memo { bytes, readings, index, last, exprs } = self;
        let hash = rustc_hash::FxBuildHasher.hash_one(text);
        let same = |&i: &u32| {
            let r = &readings[i as usize];
            r.hash == hash && r.text(bytes) == text
        };
        if let Some(&i) = index.find(hash, same) {
            let r = &readings[i as usize];
            norm.clear();
            norm.push_str(r.norm(bytes));
            f.clone_from(&r.features);
            *last = Some(i);
            return;
        }
        *last = None;
        crate::normalize::normalize_into(text, norm);
        matcher.scan(norm, f);
        if text.len() <= Memo::MAX_TEXT {
            if readings.len() >= Memo::CAPACITY || bytes.len() + text.len() + norm.len() > Memo::CAPACITY_BYTES {
                readings.clear();
                index.clear();
                bytes.clear();
                exprs.clear();
            }
            let (han, latin) = crate::reading::reading_units(text);
            let i = readings.len() as u32;
            readings.push(Reading {
                hash,
                start: bytes.len() as u32,
                text_len: text.len() as u32,
                norm_len: norm.len() as u32,
                features: f.clone(),
                units: (han as u32, latin as u32),
                canon: None,
                deadlines: None,
            });
            bytes.push_str(text);
            bytes.push_str(norm);
            index.insert_unique(hash, i, |&j| readings[j as usize].hash);
            *last = Some(i);
        }
    }

    /// The deadline ([`crate::deadline::deadline_in_normalized`]) that `norm`, the normalised form of the text read
    /// last, sets for a message at `msg_time` in zone `offset_secs`. When the memo keeps the text, its deadline
    /// candidates are parsed once and kept (a notice's copies then resolve them without parsing again).
    pub(crate) fn deadline(&mut self, norm: &str, msg_time: Millis, offset_secs: i32) -> Option<Millis> {
        let Some(i) = self.last else {
            return crate::deadline::deadline_in_normalized(norm, msg_time, offset_secs);
        };
        let r = &mut self.readings[i as usize];
        let (start, n) = *r.deadlines.get_or_insert_with(|| {
            let start = self.exprs.len();
            crate::deadline::deadline_candidates(norm, &mut self.exprs);
            (start as u32, (self.exprs.len() - start) as u32)
        });
        crate::deadline::first_resolved(&self.exprs[start as usize..(start + n) as usize], msg_time, offset_secs)
    }

    /// Han characters and Latin words ([`crate::reading::reading_units`]) of `text`, the text read last.
    pub fn reading_units(&self, text: &str) -> (u64, u64) {
        match self.last {
            Some(i) => {
                let (han, latin) = self.readings[i as usize].units;
                (han.into(), latin.into())
            }
            None => crate::reading::reading_units(text),
        }
    }

    /// The canonical form ([`crate::fingerprint::canonical_normalized_into`]) of `norm`, the normalised form of
    /// the text read last, into `out`; returns its length in characters.
    pub fn canonical_into(&mut self, norm: &str, out: &mut String) -> usize {
        let Some(i) = self.last else {
            return crate::fingerprint::canonical_normalized_into(norm, out);
        };
        let r = &mut self.readings[i as usize];
        if let Some((start, len, chars)) = r.canon {
            out.clear();
            out.push_str(&self.bytes[start as usize..(start + len) as usize]);
            return chars as usize;
        }
        let chars = crate::fingerprint::canonical_normalized_into(norm, out);
        // Kept while the memo has room (else it is made again next time).
        if self.bytes.len() + out.len() <= Memo::CAPACITY_BYTES {
            r.canon = Some((self.bytes.len() as u32, out.len() as u32, chars as u32));
            self.bytes.push_str(out);
        }
        chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn fresh(matcher: &Matcher, text: &str) -> (String, String) {
        let (mut norm, mut f) = (String::new(), Features::default());
        crate::normalize::normalize_into(text, &mut norm);
        matcher.scan(&norm, &mut f);
        (norm, format!("{f:?}"))
    }

    fn read(memo: &mut Memo, matcher: &Matcher, text: &str) -> (String, String) {
        let (mut norm, mut f) = (String::from("left over"), Features::default());
        memo.read(matcher, text, &mut norm, &mut f);
        (norm, format!("{f:?}"))
    }

    #[test]
    fn a_repeated_text_reads_as_it_did_the_first_time() {
        let matcher = Matcher::new(&Lexicon::default());
        let mut memo = Memo::new();
        let long = "请各单位于本周五下午五点前报送材料。".repeat(20);
        let texts = ["收到", "收到！", "好的，收到", "[强][强]", "", "【通知】请于明天17:00前上报 @所有人", &long];
        for round in 0..3 {
            for t in texts {
                assert_eq!(read(&mut memo, &matcher, t), fresh(&matcher, t), "round {round}: {t:?}");
            }
        }
        // Every short text is kept once; the long one is read afresh each time.
        assert!(long.len() > Memo::MAX_TEXT);
        assert_eq!(memo.len(), texts.len() - 1);
    }

    #[test]
    fn a_repeated_texts_units_and_canonical_form_are_what_they_were() {
        let matcher = Matcher::new(&Lexicon::default());
        let mut memo = Memo::new();
        let long = "【转发】请各单位于本周五下午五点前报送材料 please reply [图片]。".repeat(8);
        let texts = ["收到", "【转发】关于报送 2024 年度材料的通知 Please reply", "[图片] ok", "", &long];
        let (mut norm, mut f, mut canon) = (String::new(), Features::default(), String::new());
        for round in 0..3 {
            for t in texts {
                memo.read(&matcher, t, &mut norm, &mut f);
                assert_eq!(memo.reading_units(t), crate::reading::reading_units(t), "round {round}: {t:?}");
                // Asked on some rounds only: a reading kept without its canonical form makes it when asked.
                if round != 1 || t.len() % 2 == 0 {
                    let mut fresh = String::new();
                    let chars = crate::fingerprint::canonical_normalized_into(&norm, &mut fresh);
                    assert_eq!(memo.canonical_into(&norm, &mut canon), chars, "round {round}: {t:?}");
                    assert_eq!(canon, fresh, "round {round}: {t:?}");
                }
            }
        }
    }

    #[test]
    fn a_full_memo_starts_afresh() {
        let matcher = Matcher::new(&Lexicon::default());
        let mut memo = Memo::new();
        for i in 0..Memo::CAPACITY {
            read(&mut memo, &matcher, &format!("第{i}号"));
        }
        assert_eq!(memo.len(), Memo::CAPACITY);
        assert_eq!(read(&mut memo, &matcher, "收到"), fresh(&matcher, "收到"));
        assert_eq!(memo.len(), 1);
        assert_eq!(read(&mut memo, &matcher, "第7号"), fresh(&matcher, "第7号"));
    }

    #[test]
    fn a_memo_full_of_bytes_starts_afresh() {
        let matcher = Matcher::new(&Lexicon::default());
        let mut memo = Memo::new();
        let long = "请各单位报送材料".repeat(10); // 240 bytes, kept
        let texts = Memo::CAPACITY_BYTES / (2 * long.len()) + 100;
        for i in 0..texts {
            let text = format!("{long}{i}");
            assert_eq!(read(&mut memo, &matcher, &text), fresh(&matcher, &text));
            assert!(memo.bytes.len() <= Memo::CAPACITY_BYTES);
        }
        assert!(memo.len() < texts / 2, "it started afresh when the bytes ran out: {} texts", memo.len());
        let last = format!("{long}{}", texts - 1);
        assert_eq!(read(&mut memo, &matcher, &last), fresh(&matcher, &last));
    }
}
