//! Template detection: messages that are the same words around one short slot (a name, a unit, a number) are a
//! template filled in by different people (张三已完成 / 李四已完成), not copies of one message.
//!
//! Decision: compare the two canonical texts' common prefix and suffix; if what differs in between is, on both
//! sides, at most [`MAX_SLOT_CHARS`] characters (a Chinese name is 2–4 characters; a number or an English name is
//! one token), the pair is a template. A one-character typo fix in a long notice is therefore also a "template":
//! the cost is that such a relay is not counted as a cross-post, which errs on the side of not over-reporting.

/// The longest slot (in characters, on either side) that still makes two texts a template.
pub const MAX_SLOT_CHARS: usize = 4;

/// If canonical texts `a` and `b` differ only in one slot of at most [`MAX_SLOT_CHARS`] characters, returns the
/// two slot contents; `None` when they are equal or differ more.
pub fn differs_only_in_slot(a: &str, b: &str) -> Option<(String, String)> {
    slot(a, b).map(|(x, y)| (x.to_owned(), y.to_owned()))
}

/// [`differs_only_in_slot`] without copying: the two slots as slices of `a` and `b`. The common prefix and
/// suffix are found on bytes and moved back to a character boundary (equal bytes have equal boundaries in UTF-8).
pub fn slot<'a, 'b>(a: &'a str, b: &'b str) -> Option<(&'a str, &'b str)> {
    if a == b {
        return None;
    }
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let mut prefix = ab.iter().zip(bb).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let room = ab.len().min(bb.len()) - prefix;
    let mut suffix = ab.iter().rev().zip(bb.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(ab.len() - suffix) {
        suffix -= 1;
    }
    let (sa, sb) = (&a[prefix..ab.len() - suffix], &b[prefix..bb.len() - suffix]);
    let (la, lb) = (sa.chars().count(), sb.chars().count());
    let shared = a[..prefix].chars().count() + a[ab.len() - suffix..].chars().count();
    // A slot is a substitution (a name for a name): text added on one side only is a relay marker or an
    // addition, not a template.
    (la > 0 && lb > 0 && la <= MAX_SLOT_CHARS && lb <= MAX_SLOT_CHARS && shared >= la.max(lb).max(2))
        .then_some((sa, sb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_are_slots() {
        assert_eq!(differs_only_in_slot("张三已完成", "李四已完成"), Some(("张三".into(), "李四".into())));
        assert_eq!(differs_only_in_slot("东村已走访32户", "东村已走访7户"), Some(("32".into(), "7".into())));
        assert_eq!(differs_only_in_slot("thanksbob", "thanksamy"), Some(("bob".into(), "amy".into())));
    }

    #[test]
    fn slots_end_on_character_boundaries() {
        // 甲 and 乙 share their first two UTF-8 bytes; the slot is still the whole character.
        assert_eq!(slot("通知甲已读", "通知乙已读"), Some(("甲", "乙")));
        assert_eq!(slot("已读甲", "已读乙"), Some(("甲", "乙")));
        assert_eq!(slot("a读", "b读"), None, "one shared character is too little context for a slot");
    }

    proptest::proptest! {
        /// The byte-level search gives what a character-by-character comparison gives.
        #[test]
        fn slot_agrees_with_a_character_comparison(a in "[ab甲乙丙]{0,8}", b in "[ab甲乙丙]{0,8}") {
            let want = by_chars(&a, &b);
            proptest::prop_assert_eq!(slot(&a, &b), want.as_ref().map(|(x, y)| (x.as_str(), y.as_str())));
        }
    }

    fn by_chars(a: &str, b: &str) -> Option<(String, String)> {
        if a == b {
            return None;
        }
        let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let prefix = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
        let room = ac.len().min(bc.len()) - prefix;
        let suffix = ac.iter().rev().zip(bc.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        let sa: String = ac[prefix..ac.len() - suffix].iter().collect();
        let sb: String = bc[prefix..bc.len() - suffix].iter().collect();
        let (la, lb) = (sa.chars().count(), sb.chars().count());
        (la > 0 && lb > 0 && la <= MAX_SLOT_CHARS && lb <= MAX_SLOT_CHARS && prefix + suffix >= la.max(lb).max(2))
            .then_some((sa, sb))
    }

    #[test]
    fn longer_differences_and_equal_texts_are_not_templates() {
        assert_eq!(differs_only_in_slot("收到", "收到"), None);
        assert_eq!(differs_only_in_slot("请各村周五前报送材料", "请各社区下周一前上报台账"), None);
        assert_eq!(differs_only_in_slot("ab", "cd"), None, "nothing shared");
        assert_eq!(
            differs_only_in_slot("请各村周五前报送材料", "转发请各村周五前报送材料"),
            None,
            "an insertion is no slot"
        );
    }
}
