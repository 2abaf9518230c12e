//! Ordinals for synthetic message ids: how many identical (group, time, sender, text) messages came before, so
//! two identical lines get two ids, with memory that stays flat however long the input is.

use jingjian_model::{Key, Millis};
use std::collections::HashMap;

/// Identical messages seen so far. When the table grows past a few thousand entries, those older than two days
/// before the latest time are dropped: an exact repeat of a message further back than that, at the very same
/// time, is not expected even in exports whose times run out of order.
#[derive(Default)]
pub(crate) struct Ordinals {
    seen: HashMap<Key, (Millis, u32)>,
    latest: Millis,
}

impl Ordinals {
    /// The ordinal of this message among identical earlier ones (0 for the first).
    pub(crate) fn next(&mut self, group: &str, time: Millis, sender: Option<&str>, text: &str) -> u32 {
        self.latest = self.latest.max(time);
        if self.seen.len() > 4096 {
            let keep = self.latest - 2 * 86_400_000;
            self.seen.retain(|_, (t, _)| *t >= keep);
        }
        let t = time.to_string();
        let key = Key::of(&[group, &t, sender.unwrap_or(""), text]);
        let e = self.seen.entry(key).or_insert((time, 0));
        let n = e.1;
        e.1 += 1;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_messages_count_up_and_others_start_at_zero() {
        let mut o = Ordinals::default();
        assert_eq!(o.next("g", 5, Some("a"), "ok"), 0);
        assert_eq!(o.next("g", 5, Some("a"), "ok"), 1);
        assert_eq!(o.next("g", 5, Some("b"), "ok"), 0);
        assert_eq!(o.next("h", 5, Some("a"), "ok"), 0);
        assert_eq!(o.next("g", 6, Some("a"), "ok"), 0);
    }

    #[test]
    fn old_entries_are_pruned_but_recent_ones_kept() {
        let mut o = Ordinals::default();
        for i in 0..5000 {
            o.next("g", i, None, "x");
        }
        o.next("g", 10 * 86_400_000, None, "y");
        o.next("g", 10 * 86_400_000, None, "z");
        assert!(o.seen.len() < 10);
        assert_eq!(o.next("g", 10 * 86_400_000, None, "y"), 1);
    }
}
