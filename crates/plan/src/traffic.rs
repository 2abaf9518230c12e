//! Traffic as rates a day, and the traffic of a merged group: the sum of its parts minus the cross-post copies
//! that collapse into one when the groups become one.

use crate::config::PlanConfig;
use crate::input::{GroupFacts, Traffic};
use jingjian_model::Label;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A group's (or a member's) traffic a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Rates {
    /// Human messages a day.
    pub messages: f64,
    /// Important messages a day.
    pub important: f64,
    /// Noise messages a day (ack, proof_of_work, flattery, greeting, off_topic).
    pub noise: f64,
    /// Chinese characters a day.
    pub zh_chars: f64,
    /// English words a day.
    pub en_words: f64,
    /// After-hours messages a day.
    pub after_hours: f64,
    /// Important after-hours messages a day.
    pub urgent_after_hours: f64,
}

impl Rates {
    /// The rates of one group's traffic (all zero when its span is not positive).
    pub fn of(t: &Traffic) -> Rates {
        if !t.days.is_finite() || t.days <= 0.0 {
            return Rates::default();
        }
        let d = t.days;
        Rates {
            messages: t.human_messages as f64 / d,
            important: t.important_messages as f64 / d,
            noise: t.noise_messages as f64 / d,
            zh_chars: t.zh_chars as f64 / d,
            en_words: t.en_words as f64 / d,
            after_hours: t.after_hours_messages as f64 / d,
            urgent_after_hours: t.urgent_after_hours_messages as f64 / d,
        }
    }

    /// Adds `o` to these rates.
    pub fn add(&mut self, o: &Rates) {
        self.messages += o.messages;
        self.important += o.important;
        self.noise += o.noise;
        self.zh_chars += o.zh_chars;
        self.en_words += o.en_words;
        self.after_hours += o.after_hours;
        self.urgent_after_hours += o.urgent_after_hours;
    }

    /// Minutes a day it takes to read this traffic:
    /// zh_chars / zh_cpm + en_words / en_wpm + messages × seconds_per_message / 60.
    pub fn reading_minutes(&self, cfg: &PlanConfig) -> f64 {
        self.zh_chars / cfg.zh_chars_per_minute
            + self.en_words / cfg.en_words_per_minute
            + self.messages * cfg.seconds_per_message / 60.0
    }

    fn clamp_non_negative(mut self) -> Rates {
        for x in [
            &mut self.messages,
            &mut self.important,
            &mut self.noise,
            &mut self.zh_chars,
            &mut self.en_words,
            &mut self.after_hours,
            &mut self.urgent_after_hours,
        ] {
            *x = x.max(0.0);
        }
        self
    }
}

/// Whether a label counts as noise in `Traffic::noise_messages` (system records are not human messages).
pub fn counts_as_noise(label: Label) -> bool {
    label.is_noise() && label != Label::System
}

/// The traffic a day of the group that `groups` become when merged, and how many messages a day collapse.
///
/// For each cross-post cluster, the group holding the most copies keeps its copies (the first such group on a
/// tie); the copies in the other groups collapse, each one taking away 1/days of its group's messages (and of its
/// important or noise messages by its label, and its characters and words). After-hours figures are not reduced:
/// the copies' times are not known, so the after-hours figures of a merged group are an upper bound.
pub fn merged(groups: &[&GroupFacts]) -> (Rates, f64) {
    let mut total = Rates::default();
    for g in groups {
        total.add(&Rates::of(&g.traffic));
    }
    // cluster -> (position of the group keeping its copies, its copies)
    let mut keeper: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    for (pos, g) in groups.iter().enumerate() {
        for c in &g.traffic.cross_posts {
            let e = keeper.entry(c.cluster.as_str()).or_insert((pos, c.copies));
            if c.copies > e.1 {
                *e = (pos, c.copies);
            }
        }
    }
    let mut collapsed = 0.0;
    for (pos, g) in groups.iter().enumerate() {
        let d = g.traffic.days;
        if !d.is_finite() || d <= 0.0 {
            continue;
        }
        for c in &g.traffic.cross_posts {
            if keeper.get(c.cluster.as_str()).is_some_and(|k| k.0 == pos) {
                continue;
            }
            let n = c.copies as f64 / d;
            collapsed += n;
            total.messages -= n;
            if c.label == Label::Important {
                total.important -= n;
            } else if counts_as_noise(c.label) {
                total.noise -= n;
            }
            total.zh_chars -= n * c.zh_chars as f64;
            total.en_words -= n * c.en_words as f64;
        }
    }
    (total.clamp_non_negative(), collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{GroupBuild, group};

    fn with(id: &str, days: f64, human: u64, clusters: &[(&str, u64)]) -> GroupFacts {
        let mut g = group(id).msgs(human, 0, 0);
        g.traffic.days = days;
        for (c, n) in clusters {
            g = g.cross(c);
            g.traffic.cross_posts.last_mut().unwrap().copies = *n;
            g.traffic.human_messages -= 1;
            g.traffic.zh_chars -= 10;
        }
        g
    }

    #[test]
    fn merging_collapses_copies_beyond_the_largest_holder() {
        let a = with("a", 10.0, 100, &[("c1", 1), ("c2", 2)]);
        let b = with("b", 10.0, 50, &[("c1", 1), ("c2", 1)]);
        let c = with("c", 5.0, 10, &[("c1", 1)]);
        let (r, collapsed) = merged(&[&a, &b, &c]);
        // c1: a keeps 1; b's copy (1/10) and c's copy (1/5) collapse. c2: a keeps 2; b's copy (1/10) collapses.
        assert!((collapsed - 0.4).abs() < 1e-9, "{collapsed}");
        assert!((r.messages - (10.0 + 5.0 + 2.0 - 0.4)).abs() < 1e-9, "{}", r.messages);
        assert!((r.important - (0.2 + 0.2 + 0.2 - 0.4)).abs() < 1e-9);
        assert!((r.zh_chars - (100.0 + 50.0 + 20.0 - 4.0)).abs() < 1e-9);
        // One group alone collapses nothing.
        assert_eq!(merged(&[&a]).1, 0.0);
    }

    #[test]
    fn reading_minutes_follow_the_speeds() {
        let cfg = PlanConfig { seconds_per_message: 0.0, ..PlanConfig::default() };
        let r = Rates { zh_chars: 600.0, en_words: 238.0, messages: 120.0, ..Rates::default() };
        assert!((r.reading_minutes(&cfg) - 3.0).abs() < 1e-9);
        let cfg = PlanConfig { seconds_per_message: 1.0, ..cfg };
        assert!((r.reading_minutes(&cfg) - 5.0).abs() < 1e-9);
        assert_eq!(Rates::of(&Traffic { days: 0.0, human_messages: 5, ..Traffic::default() }).messages, 0.0);
    }
}
