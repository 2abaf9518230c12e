//! Ordinals for synthetic message ids: how many identical (group, time, sender, text) messages came before, so
//! two identical lines get two ids, with memory that stays flat however long the input is.

use jingjian_model::{Key, Millis};
use rustc_hash::FxHashMap;

/// Identical messages seen so far. When the table grows past a few thousand entries, those older than two days
/// before the latest time are dropped: an exact repeat of a message further back than that, at the very same
/// time, is not expected even in exports whose times run out of order.
///
/// Pruning walks the whole table, so it runs only when the latest time has moved a day on since the last pruning
/// or the table has doubled since: a busy export with more than a few thousand messages in two days would
/// otherwise walk the table on every message.
pub(crate) struct Ordinals {
    seen: FxHashMap<Key, (Millis, u32)>,
    latest: Millis,
    /// The latest time and the table's size when it was last pruned.
    pruned_at: Option<(Millis, usize)>,
}

impl Default for Ordinals {
    /// An empty table with room for a chat's first few hundred messages (a folder of a thousand WhatsApp chats
    /// otherwise grows a thousand tables from nothing, rehashing each half a dozen times).
    fn default() -> Ordinals {
        Ordinals {
            seen: FxHashMap::with_capacity_and_hasher(SMALL / 16, Default::default()),
            latest: 0,
            pruned_at: None,
        }
    }
}

/// Entries kept without pruning.
const SMALL: usize = 4096;
/// How far the latest time moves on between prunings.
const DAY: Millis = 86_400_000;

impl Ordinals {
    /// The ordinal of this message among identical earlier ones (0 for the first).
    pub(crate) fn next(&mut self, group: &str, time: Millis, sender: Option<&str>, text: &str) -> u32 {
        self.latest = self.latest.max(time);
        let due = self.pruned_at.is_none_or(|(at, len)| self.latest - at >= DAY || self.seen.len() >= 2 * len);
        if self.seen.len() > SMALL && due {
            let keep = self.latest - 2 * DAY;
            self.seen.retain(|_, (t, _)| *t >= keep);
            self.pruned_at = Some((self.latest, self.seen.len().max(SMALL)));
        }
        // The time in binary: the key only has to tell messages apart, as the id's decimal time does.
        let sender = sender.unwrap_or("").as_bytes();
        let key = Key::of_bytes(&[group.as_bytes(), &time.to_le_bytes(), sender, text.as_bytes()]);
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

    #[test]
    fn a_busy_day_keeps_every_entry_and_later_days_drop_it() {
        let mut o = Ordinals::default();
        for i in 0..20_000 {
            o.next("g", i * 1000, None, &i.to_string());
        }
        assert_eq!(o.seen.len(), 20_000, "all within two days of the latest");
        assert_eq!(o.next("g", 0, None, "0"), 1);
        for i in 0..10 {
            o.next("g", 5 * DAY + i, None, "z");
        }
        assert!(o.seen.len() < 20, "{}", o.seen.len());
    }
}
