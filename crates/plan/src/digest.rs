//! One member's digest: the important messages of their groups in a window, deadlines first, then what @mentions
//! them, then the rest by time; the same notice relayed into several of their groups shown once.
//!
//! Only messages labelled `important`, and `discussion` messages that @mention the member, reach a digest: noise
//! never does, even when it @mentions the member. Copies of a cross-posted notice (same cluster id) collapse into
//! one entry that lists every group it stands in and every source message id. Renderings: [`Digest::to_markdown`],
//! [`Digest::to_html`] (one self-contained page) and [`Digest::to_json`].

mod render;

use crate::input::{DigestItem, Lang};
use chrono::TimeZone;
use chrono_tz::Tz;
use jingjian_model::time::{rfc3339, rfc3339_opt};
use jingjian_model::{Label, Millis};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which part of the digest an entry sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Carries a deadline: soonest first.
    Deadline,
    /// @mentions the member: by time.
    Mention,
    /// Everything else important: by time.
    Other,
}

/// A group an entry stands in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestGroup {
    /// Group id.
    pub id: String,
    /// Display name (the id when unknown).
    pub name: String,
}

/// One source message behind an entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MessageRef {
    /// Group id.
    pub group: String,
    /// Message id.
    pub id: String,
}

/// One entry of a digest: a message, or all copies of a cross-posted notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestEntry {
    /// The part of the digest it sits in.
    pub section: Section,
    /// When the first copy was posted.
    #[serde(with = "rfc3339")]
    pub time: Millis,
    /// The same time in the digest's zone, `YYYY-MM-DD HH:MM`.
    pub local_time: String,
    /// The soonest deadline any copy carries.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub deadline: Option<Millis>,
    /// The deadline in the digest's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_local: Option<String>,
    /// Who posted the first copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// The first copy's text.
    pub text: String,
    /// Every group of the member's it stands in, in the order the copies were posted.
    pub groups: Vec<DigestGroup>,
    /// Every source message.
    pub messages: Vec<MessageRef>,
    /// A copy @mentions the member.
    pub mentions_me: bool,
    /// A copy @mentions everyone.
    pub mentions_all: bool,
    /// The cross-post cluster, when the entry gathers copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_post: Option<String>,
}

/// Counts shown at the top of a digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestCounts {
    /// Entries.
    pub entries: usize,
    /// Entries with a deadline.
    pub deadlines: usize,
    /// Entries that @mention the member (without a deadline).
    pub mentions: usize,
    /// Other entries.
    pub other: usize,
    /// Source messages behind the entries.
    pub messages: usize,
    /// Copies folded into another entry (messages − entries).
    pub copies_collapsed: usize,
    /// Groups the entries come from.
    pub groups: usize,
}

/// A member's digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Digest {
    /// Member id.
    pub member: String,
    /// The language of the renderings.
    pub lang: Lang,
    /// The IANA zone local times are shown in.
    pub tz: String,
    /// Counts.
    pub counts: DigestCounts,
    /// Entries: deadlines (soonest first), then @mentions, then the rest, each by time.
    pub entries: Vec<DigestEntry>,
}

/// Whether `item` belongs in `member`'s digest: important, or a discussion that @mentions them. Never noise.
pub fn eligible(item: &DigestItem, member: &str) -> bool {
    match item.label {
        Label::Important => true,
        Label::Discussion => item.mentions.iter().any(|m| m == member),
        _ => false,
    }
}

/// Builds `member`'s digest from `items`, keeping those that stand in `member_groups` and are [`eligible`].
pub fn build(member: &str, member_groups: &[String], items: &[DigestItem], tz: Tz, lang: Lang) -> Digest {
    let mine: BTreeSet<&str> = member_groups.iter().map(String::as_str).collect();
    let mut chosen: Vec<&DigestItem> =
        items.iter().filter(|it| mine.contains(it.group.as_str()) && eligible(it, member)).collect();
    chosen.sort_by(|a, b| (a.time, &a.group, &a.message_id).cmp(&(b.time, &b.group, &b.message_id)));

    // Gather copies: by cross-post cluster, else by the message itself (a message given twice counts once).
    let mut slots: BTreeMap<(bool, &str, &str), Vec<&DigestItem>> = BTreeMap::new();
    let mut order = Vec::new();
    for it in chosen {
        let key = match it.cross_post.as_deref() {
            Some(c) => (true, c, ""),
            None => (false, it.group.as_str(), it.message_id.as_str()),
        };
        let slot = slots.entry(key).or_default();
        if slot.is_empty() {
            order.push(key);
        }
        if !slot.iter().any(|s| s.group == it.group && s.message_id == it.message_id) {
            slot.push(it);
        }
    }

    let mut entries: Vec<DigestEntry> = order.iter().map(|k| entry(&slots[k], member, tz)).collect();
    entries.sort_by(|a, b| {
        (a.section, a.deadline, a.time, &a.messages[0]).cmp(&(b.section, b.deadline, b.time, &b.messages[0]))
    });
    let groups: BTreeSet<&str> = entries.iter().flat_map(|e| e.groups.iter().map(|g| g.id.as_str())).collect();
    let messages: usize = entries.iter().map(|e| e.messages.len()).sum();
    let in_section = |s: Section| entries.iter().filter(|e| e.section == s).count();
    let counts = DigestCounts {
        entries: entries.len(),
        deadlines: in_section(Section::Deadline),
        mentions: in_section(Section::Mention),
        other: in_section(Section::Other),
        messages,
        copies_collapsed: messages - entries.len(),
        groups: groups.len(),
    };
    Digest { member: member.into(), lang, tz: tz.name().into(), counts, entries }
}

/// One entry from the copies of one message (sorted by time; the first is shown).
fn entry(copies: &[&DigestItem], member: &str, tz: Tz) -> DigestEntry {
    let first = copies[0];
    let deadline = copies.iter().filter_map(|c| c.deadline).min();
    let mentions_me = copies.iter().any(|c| c.mentions.iter().any(|m| m == member));
    let section = match (deadline, mentions_me) {
        (Some(_), _) => Section::Deadline,
        (None, true) => Section::Mention,
        (None, false) => Section::Other,
    };
    let mut groups: Vec<DigestGroup> = Vec::new();
    for c in copies {
        if !groups.iter().any(|g| g.id == c.group) {
            groups.push(DigestGroup {
                id: c.group.clone(),
                name: c.group_name.clone().unwrap_or_else(|| c.group.clone()),
            });
        }
    }
    DigestEntry {
        section,
        time: first.time,
        local_time: local(first.time, tz),
        deadline,
        deadline_local: deadline.map(|d| local(d, tz)),
        sender: first.sender.clone(),
        text: first.text.clone(),
        groups,
        messages: copies.iter().map(|c| MessageRef { group: c.group.clone(), id: c.message_id.clone() }).collect(),
        mentions_me,
        mentions_all: copies.iter().any(|c| c.mentions_all),
        cross_post: first.cross_post.clone(),
    }
}

/// `ms` as `YYYY-MM-DD HH:MM` in `tz`.
pub fn local(ms: Millis, tz: Tz) -> String {
    match tz.timestamp_millis_opt(ms) {
        chrono::LocalResult::Single(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        _ => jingjian_model::time::to_rfc3339(ms),
    }
}

#[cfg(test)]
#[path = "digest_tests.rs"]
mod tests;
