//! What the classifier reads from a text alone, kept for texts that come again.
//!
//! Work chats repeat themselves: 收到, 好的, 👍, [强] and the same notice in every group. Normalising a message and
//! scanning it with the lexicon automaton depend on its text only (its place in the conversation is read
//! afterwards), so a [`Memo`] keeps that reading for short texts and a repeated text skips both steps. One memo
//! per thread; it forgets everything when it holds [`Memo::CAPACITY`] texts, which keeps it small and lets it follow
//! the words a long archive uses as it goes.

use super::features::{Features, Matcher};
use rustc_hash::FxHashMap;

/// One text's reading: its normalised form and what the automaton found in it.
#[derive(Debug)]
struct Reading {
    norm: Box<str>,
    features: Features,
}

/// Readings of recent short texts, by text. See the module documentation.
#[derive(Debug, Default)]
pub struct Memo {
    readings: FxHashMap<Box<str>, Reading>,
}

impl Memo {
    /// Texts a memo holds before it starts afresh.
    pub const CAPACITY: usize = 1 << 14;
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
        if let Some(r) = self.readings.get(text) {
            norm.clear();
            norm.push_str(&r.norm);
            f.clone_from(&r.features);
            return;
        }
        crate::normalize::normalize_into(text, norm);
        matcher.scan(norm, f);
        if text.len() <= Memo::MAX_TEXT {
            if self.readings.len() >= Memo::CAPACITY {
                self.readings.clear();
            }
            self.readings.insert(text.into(), Reading { norm: norm.as_str().into(), features: f.clone() });
        }
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
}
