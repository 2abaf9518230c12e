//! Per-group tallies counted during the label pass: the message figures of group health (record kinds, first and
//! last human message, recent senders, after-hours, labels, reading units) and the after-hours heat-map. The
//! label pass reads every message once in group order anyway; counting there spares health a second scan of the
//! messages and a join with ten million label rows.

use jingjian_model::{Label, MessageKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

const DAY: i64 = 86_400_000;

/// The start of the "last 30 days" and "last 90 days" of the data (UTC ms).
#[derive(Debug, Clone, Copy)]
pub struct Recent {
    pub d30: i64,
    pub d90: i64,
}

impl Recent {
    /// The windows ending at `end`.
    pub fn ending(end: i64) -> Recent {
        Recent { d30: end - 30 * DAY, d90: end - 90 * DAY }
    }
}

/// One message as the tally sees it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    pub kind: MessageKind,
    pub sender: Option<&'a str>,
    pub t: i64,
    pub label: Label,
    /// Han characters and Latin words of its text ([`reading_units`]).
    pub units: (u64, u64),
    /// Local weekday (0 = Monday) and hour, when the message was sent after hours.
    pub after_hours: Option<(u32, u32)>,
}

/// What one group's messages add up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub records: u64,
    pub human: u64,
    pub bot: u64,
    pub system: u64,
    pub first_human: Option<i64>,
    pub last_human: Option<i64>,
    senders_30d: FxHashSet<Box<str>>,
    senders_90d: FxHashSet<Box<str>>,
    pub after_hours: u64,
    /// Important human messages after hours.
    pub urgent_after_hours: u64,
    /// Important human messages in the last 30 days.
    pub important_30d: u64,
    pub han_chars: u64,
    pub latin_words: u64,
    /// Human messages by label, in [`Label::ALL`] order.
    pub labels: [u64; Label::ALL.len()],
    /// Acks and check-ins (proof of work) posted, by sender: what the burden of posting them is counted from.
    pub posted: FxHashMap<String, Posted>,
}

/// What one member posted in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Posted {
    pub acks: u64,
    pub check_ins: u64,
}

impl Tally {
    /// Counts one message. Only human messages (not system, recall or bot records) count as activity.
    pub fn add(&mut self, m: &Counted<'_>, recent: Recent) {
        self.records += 1;
        if m.kind.is_system() {
            self.system += 1;
            return;
        }
        if m.kind == MessageKind::Bot {
            self.bot += 1;
            return;
        }
        self.human += 1;
        self.first_human = Some(self.first_human.map_or(m.t, |f| f.min(m.t)));
        self.last_human = Some(self.last_human.map_or(m.t, |l| l.max(m.t)));
        if let Some(s) = m.sender {
            for (since, set) in [(recent.d30, &mut self.senders_30d), (recent.d90, &mut self.senders_90d)] {
                if m.t >= since && !set.contains(s) {
                    set.insert(s.into());
                }
            }
        }
        let important = m.label == Label::Important;
        if m.after_hours.is_some() {
            self.after_hours += 1;
            self.urgent_after_hours += u64::from(important);
        }
        self.important_30d += u64::from(important && m.t >= recent.d30);
        let (han, words) = m.units;
        self.han_chars += han;
        self.latin_words += words;
        let i = Label::ALL.iter().position(|l| *l == m.label).expect("every label is in Label::ALL");
        self.labels[i] += 1;
        if let (Some(sender), Label::Ack | Label::ProofOfWork) = (m.sender, m.label) {
            if !self.posted.contains_key(sender) {
                self.posted.insert(sender.to_owned(), Posted::default());
            }
            let p = self.posted.get_mut(sender).expect("inserted above");
            p.acks += u64::from(m.label == Label::Ack);
            p.check_ins += u64::from(m.label == Label::ProofOfWork);
        }
    }

    /// Distinct human senders in the last 30 days.
    pub fn senders_30d(&self) -> u64 {
        self.senders_30d.len() as u64
    }

    /// Distinct human senders in the last 90 days.
    pub fn senders_90d(&self) -> u64 {
        self.senders_90d.len() as u64
    }

    /// Adds another tally of the same group.
    pub fn merge(&mut self, o: Tally) {
        self.records += o.records;
        self.human += o.human;
        self.bot += o.bot;
        self.system += o.system;
        self.first_human = [self.first_human, o.first_human].into_iter().flatten().min();
        self.last_human = [self.last_human, o.last_human].into_iter().flatten().max();
        self.senders_30d.extend(o.senders_30d);
        self.senders_90d.extend(o.senders_90d);
        self.after_hours += o.after_hours;
        self.urgent_after_hours += o.urgent_after_hours;
        self.important_30d += o.important_30d;
        self.han_chars += o.han_chars;
        self.latin_words += o.latin_words;
        for (a, b) in self.labels.iter_mut().zip(o.labels) {
            *a += b;
        }
        for (sender, p) in o.posted {
            let q = self.posted.entry(sender).or_default();
            q.acks += p.acks;
            q.check_ins += p.check_ins;
        }
    }
}

/// Every group's tally, by (source, group id), and the heat-map of human messages after hours.
#[derive(Debug, Clone, Default)]
pub struct Tallies {
    pub groups: HashMap<(String, String), Tally>,
    /// Local weekday (0 = Monday) × hour.
    pub heatmap: [[u64; 24]; 7],
}

impl Tallies {
    /// Adds one group's tally.
    pub fn add_group(&mut self, source: String, group: String, tally: Tally) {
        match self.groups.entry((source, group)) {
            std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().merge(tally),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(tally);
            }
        }
    }

    /// Counts a human message after hours in the heat-map.
    pub fn add_slot(&mut self, (day, hour): (u32, u32)) {
        self.heatmap[day.min(6) as usize][hour.min(23) as usize] += 1;
    }

    /// Adds the tallies of another part of the messages.
    pub fn merge(&mut self, o: Tallies) {
        for ((s, g), t) in o.groups {
            self.add_group(s, g, t);
        }
        for (a, b) in self.heatmap.iter_mut().zip(o.heatmap) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_text::reading::reading_units;

    fn msg<'a>(kind: MessageKind, sender: &'a str, t: i64, label: Label, text: &'a str) -> Counted<'a> {
        Counted { kind, sender: Some(sender), t, label, units: reading_units(text), after_hours: None }
    }

    #[test]
    fn only_human_messages_are_activity() {
        let recent = Recent::ending(100 * DAY);
        let mut t = Tally::default();
        t.add(&msg(MessageKind::System, "a", 99 * DAY, Label::System, "joined"), recent);
        t.add(&msg(MessageKind::Bot, "b", 99 * DAY, Label::System, "build ok"), recent);
        t.add(&msg(MessageKind::Text, "c", 20 * DAY, Label::Important, "请报送 report"), recent);
        t.add(&msg(MessageKind::Text, "d", 80 * DAY, Label::Ack, "收到"), recent);
        t.add(&msg(MessageKind::Text, "d", 85 * DAY, Label::Ack, "收到"), recent);
        assert_eq!((t.records, t.system, t.bot, t.human), (5, 1, 1, 3));
        assert_eq!((t.first_human, t.last_human), (Some(20 * DAY), Some(85 * DAY)));
        // c spoke 80 days before the end: within 90 days, not within 30.
        assert_eq!((t.senders_30d(), t.senders_90d()), (1, 2));
        assert_eq!(t.labels[Label::ALL.iter().position(|l| *l == Label::Ack).unwrap()], 2);
        assert_eq!((t.han_chars, t.latin_words, t.important_30d), (7, 1, 0));
        assert_eq!(t.posted["d"], Posted { acks: 2, check_ins: 0 });
        assert_eq!(t.posted.len(), 1, "only acks and check-ins count as posted");
    }

    #[test]
    fn after_hours_and_merging() {
        let recent = Recent::ending(10 * DAY);
        let mut a = Tallies::default();
        let mut t = Tally::default();
        let late =
            Counted { after_hours: Some((5, 22)), ..msg(MessageKind::Text, "x", 9 * DAY, Label::Important, "急") };
        t.add(&late, recent);
        a.add_slot((5, 22));
        a.add_group("wecom".into(), "g".into(), t.clone());
        let mut b = Tallies::default();
        b.add_group("wecom".into(), "g".into(), t);
        b.add_slot((5, 22));
        a.merge(b);
        let g = &a.groups[&("wecom".to_owned(), "g".to_owned())];
        assert_eq!((g.human, g.after_hours, g.urgent_after_hours, g.important_30d), (2, 2, 2, 2));
        assert_eq!(g.senders_30d(), 1);
        assert!(g.posted.is_empty());
        assert_eq!(a.heatmap[5][22], 2);
    }
}
