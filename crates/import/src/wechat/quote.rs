//! Quote replies (引用回复). PyWxDump renders one as `"{reply}\n\n[引用](YYYY-MM-DD HH:MM:SS)name:quoted text"`.
//! The quoted message is found among the recent messages of the same group by its text and time (within a
//! minute, since Excel re-saves drop the seconds); a bounded window keeps memory flat.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use jingjian_model::Millis;
use std::collections::VecDeque;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// How many recent messages a quote may point back to.
const WINDOW: usize = 4096;

/// A quote taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote<'a> {
    /// The reply's own words.
    pub reply: &'a str,
    /// When the quoted message was sent, if the quote says.
    pub time: Option<Millis>,
    /// The quoted message's text.
    pub quoted: &'a str,
}

/// Splits a PyWxDump quote reply; `None` if `text` has no `[引用](…)` block.
pub fn parse(text: &str, tz: Tz) -> Option<Quote<'_>> {
    let at = text.find("[引用](")?;
    let reply = text[..at].trim_end();
    let rest = &text[at + "[引用](".len()..];
    let close = rest.find(')')?;
    let time = NaiveDateTime::parse_from_str(rest[..close].trim(), "%Y-%m-%d %H:%M:%S")
        .ok()
        .and_then(|n| super::time::local_to_utc(n, tz));
    let after = &rest[close + 1..];
    let quoted = after.split_once(':').or_else(|| after.split_once('：')).map_or(after, |(_, q)| q);
    Some(Quote { reply, time, quoted: quoted.trim() })
}

/// The last [`WINDOW`] messages, by group, text and time.
#[derive(Default)]
pub struct Recent {
    seen: VecDeque<(u64, u64, Millis, String)>,
}

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.trim().hash(&mut h);
    h.finish()
}

impl Recent {
    /// Remembers a message.
    pub fn push(&mut self, group: &str, text: &str, time: Millis, id: &str) {
        if self.seen.len() == WINDOW {
            self.seen.pop_front();
        }
        self.seen.push_back((hash(group), hash(text), time, id.to_owned()));
    }

    /// The id of the latest remembered message of `group` with `text`, sent within a minute of `time` when given.
    pub fn find(&self, group: &str, text: &str, time: Option<Millis>) -> Option<&str> {
        let (g, t) = (hash(group), hash(text));
        self.seen
            .iter()
            .rev()
            .find(|(hg, ht, at, _)| *hg == g && *ht == t && time.is_none_or(|q| (q - at).abs() < 60_000))
            .map(|(_, _, _, id)| id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_quote_reply() {
        let q = parse("（我们两个人骑）\n\n[引用](2024-10-04 21:25:04)小虫:我之前租的时候", chrono_tz::UTC).unwrap();
        assert_eq!(q.reply, "（我们两个人骑）");
        assert_eq!(q.quoted, "我之前租的时候");
        assert_eq!(q.time, Some(1_728_077_104_000));
        assert_eq!(parse("no quote here", chrono_tz::UTC), None);
    }

    #[test]
    fn finds_the_quoted_message_within_a_minute() {
        let mut r = Recent::default();
        r.push("g", "原话", 1_728_077_100_000, "a");
        r.push("g", "别的", 1_728_077_100_000, "b");
        r.push("h", "原话", 1_728_077_100_000, "c");
        assert_eq!(r.find("g", "原话", Some(1_728_077_104_000)), Some("a"));
        assert_eq!(r.find("g", "原话", Some(1_728_077_300_000)), None);
        assert_eq!(r.find("g", "原话", None), Some("a"));
        assert_eq!(r.find("g", "没有", None), None);
    }
}
