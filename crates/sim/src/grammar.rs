//! A tiny template grammar: templates are strings with `{slot}` placeholders, and each language fills slots
//! from its lexicons (tasks, places, names, dates…), picking at random, possibly expanding further templates.
//! Variety comes from combining many small lists rather than from a handful of fixed sentences.

use crate::rng::{SimRng, pick};
use rand::Rng;

/// What the sentence being written is about: who says it, where, when, on which task.
pub struct Ctx<'a> {
    /// The random stream of the group-day being generated.
    pub rng: &'a mut SimRng,
    /// Local month (1–12) and day of month of the message.
    pub month: u32,
    /// Local day of month.
    pub day: u32,
    /// The task (index into the language's task list) the conversation is about.
    pub task: usize,
    /// The sender's unit (short name, e.g. 青石村 or Payments).
    pub unit: &'a str,
    /// The sender's display name.
    pub name: &'a str,
    /// A place in the organisation (village, town, office) the message can mention.
    pub place: &'a str,
    /// How the group's leader is addressed (e.g. 王书记, Sarah).
    pub leader: &'a str,
    /// The festival of the day, if a greeting mentions one (index into the language's festival list).
    pub festival: usize,
}

impl Ctx<'_> {
    /// A number in `lo..=hi`.
    pub fn num(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A (month, day) `ahead` days after the message's date (months treated as 30 days).
    pub fn date_ahead(&self, ahead: u32) -> (u32, u32) {
        let mut m = self.month;
        let mut d = self.day + ahead;
        let len = match m {
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if d > len {
            d -= len;
            m = m % 12 + 1;
        }
        (m, d)
    }
}

/// Fills one named slot. Returns false when the language has no such slot (a bug in a template).
pub type SlotFn = fn(&str, &mut Ctx, &mut String) -> bool;

/// Expands `tpl` into `out`, filling each `{slot}` with `slots`.
pub fn expand(tpl: &str, ctx: &mut Ctx, out: &mut String, slots: SlotFn) {
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let name = &after[..close];
        let filled = slots(name, ctx, out);
        debug_assert!(filled, "template slot {{{name}}} has no filler");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// Expands one template picked at random from `tpls`.
pub fn expand_one(tpls: &[&str], ctx: &mut Ctx, out: &mut String, slots: SlotFn) {
    let t = *pick(ctx.rng, tpls);
    expand(t, ctx, out, slots);
}

/// Appends one word picked at random from `words`.
pub fn word(words: &[&str], ctx: &mut Ctx, out: &mut String) {
    let w: &&str = pick(ctx.rng, words);
    out.push_str(w);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};

    fn slots(name: &str, ctx: &mut Ctx, out: &mut String) -> bool {
        match name {
            "n" => {
                let n = ctx.num(3, 3);
                out.push_str(&n.to_string());
            }
            "x" => expand("<{n}>", ctx, out, slots),
            _ => return false,
        }
        true
    }

    #[test]
    fn expands_nested_slots_and_keeps_text() {
        let mut rng = stream(1, Purpose::Org, 0, 0);
        let mut ctx =
            Ctx { rng: &mut rng, month: 12, day: 30, task: 0, unit: "", name: "", place: "", leader: "", festival: 0 };
        let mut s = String::new();
        expand("a{x}b{n}c", &mut ctx, &mut s, slots);
        assert_eq!(s, "a<3>b3c");
        assert_eq!(ctx.date_ahead(3), (1, 2));
    }
}
