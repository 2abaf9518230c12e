//! The plain values the planner works on: per-group facts and per-member facts that the engine computes from the
//! workspace, and the important messages it selects for a digest.
//!
//! Everything here is (de)serialisable so that the engine can hand it over as JSON as well as Rust values, and so
//! that tests can be written by hand. Figures are counts over the data span of each group (`Traffic::days`).

use jingjian_model::time::{rfc3339, rfc3339_opt};
use jingjian_model::{GroupKind, Label, Millis, Source};
use serde::{Deserialize, Serialize};

/// A language jingjian writes people-facing texts in (notices, digests, trend lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The audit's verdict on a group (the `verdict` field of `jingjian audit --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The group earns its keep.
    #[default]
    Keep,
    /// The group should close (zombie, abandoned, empty, finished task).
    Dissolve,
    /// The group duplicates another one (`merge_into`) and should be folded into it.
    Merge,
    /// The audit cannot decide; a person must.
    Review,
}

impl Verdict {
    /// Every verdict, in a stable order.
    pub const ALL: [Verdict; 4] = [Verdict::Keep, Verdict::Dissolve, Verdict::Merge, Verdict::Review];

    /// The snake-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Keep => "keep",
            Verdict::Dissolve => "dissolve",
            Verdict::Merge => "merge",
            Verdict::Review => "review",
        }
    }
}

/// One cross-post cluster's copies inside one group: the same notice relayed into several groups. When groups
/// merge, the copies of a cluster collapse into one, so the merged group carries fewer messages than the sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossPost {
    /// The cluster id shared by every copy (the `cross_post` of `jingjian messages`).
    pub cluster: String,
    /// How many copies of the cluster this group holds (usually 1).
    #[serde(default = "one")]
    pub copies: u64,
    /// The label the copies carry (important notices are the usual case).
    pub label: Label,
    /// Chinese characters in one copy.
    #[serde(default)]
    pub zh_chars: u64,
    /// English words in one copy.
    #[serde(default)]
    pub en_words: u64,
}

/// A group's traffic over its data span. Every count is of human messages (bots and system records excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Traffic {
    /// Length of the span the counts cover, in days (> 0; fractions allowed).
    pub days: f64,
    /// Human messages posted.
    #[serde(default)]
    pub human_messages: u64,
    /// Human messages labelled `important`.
    #[serde(default)]
    pub important_messages: u64,
    /// Human messages labelled noise: ack, proof_of_work, flattery, greeting, off_topic.
    #[serde(default)]
    pub noise_messages: u64,
    /// Chinese (Han) characters in the human messages.
    #[serde(default)]
    pub zh_chars: u64,
    /// English (Latin-script) words in the human messages.
    #[serde(default)]
    pub en_words: u64,
    /// Human messages posted outside working hours.
    #[serde(default)]
    pub after_hours_messages: u64,
    /// After-hours messages labelled `important` (the ones that may justify breaking the evening).
    #[serde(default)]
    pub urgent_after_hours_messages: u64,
    /// Copies of notices that also stand in another group, one entry a cluster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cross_posts: Vec<CrossPost>,
}

/// Everything the planner needs to know about one group: identity, membership, the audit's verdict and traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFacts {
    /// The platform the group lives on.
    pub source: Source,
    /// The source's group id.
    pub id: String,
    /// Display name; the id stands in when it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The unit (department, town) the group belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The member who owns the group (asked to post the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What kind of conversation it is.
    #[serde(default)]
    pub kind: GroupKind,
    /// Member ids.
    #[serde(default)]
    pub members: Vec<String>,
    /// The audit's verdict.
    #[serde(default)]
    pub verdict: Verdict,
    /// For `merge`: the id of the group (same source) to merge into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge_into: Option<String>,
    /// The audit's reasons, as it wrote them.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The audit found the group a zombie (no human message for N days). A zombie is dissolved, never merged.
    #[serde(default)]
    pub zombie: bool,
    /// Allow-listed: the plan keeps the group whatever the audit said and it does not count toward quotas.
    #[serde(default)]
    pub exempt: bool,
    /// An internal work group of its unit: counts toward the unit's quota.
    #[serde(default)]
    pub is_internal: bool,
    /// The language of the group's own traffic, detected by the engine: notices are written in it.
    #[serde(default)]
    pub lang: Lang,
    /// Traffic over the data span.
    pub traffic: Traffic,
}

impl GroupFacts {
    /// The name to show: the display name, else the id.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&self.id)
    }

    /// `source:id`, how errors and allow-lists name a group.
    pub fn key(&self) -> String {
        format!("{}:{}", self.source, self.id)
    }
}

/// Per-group counts of what a member posted (lets the burden simulation drop what dissolved groups took away).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedIn {
    /// Group id.
    pub group: String,
    /// Acks (收到, OK, +1) the member posted there.
    #[serde(default)]
    pub acks: u64,
    /// Check-ins and proof-of-work posts (打卡, 留痕 photos) the member posted there.
    #[serde(default)]
    pub check_ins: u64,
}

/// A member, with what they posted that the burden figures count as cost to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberFacts {
    /// Member id (as in `GroupFacts::members`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Acks posted over the data span, all groups.
    #[serde(default)]
    pub acks: u64,
    /// Check-ins (proof_of_work) posted over the data span, all groups.
    #[serde(default)]
    pub check_ins: u64,
    /// Groups the member belongs to (joined with the groups' own member lists).
    #[serde(default)]
    pub groups: Vec<String>,
    /// The same acks and check-ins broken down by group, when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub posted_in: Vec<PostedIn>,
}

/// One message the engine selected for a member's digest (important messages of the member's groups in a window,
/// and messages that @mention the member).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestItem {
    /// The source's message id.
    pub message_id: String,
    /// Group id.
    pub group: String,
    /// Group display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// Sender's display name or id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// When it was posted (UTC ms; RFC 3339 in JSON).
    #[serde(with = "rfc3339")]
    pub time: Millis,
    /// The message's primary label. Only `important`, and `discussion` that @mentions the member, reach a digest.
    pub label: Label,
    /// Message text.
    #[serde(default)]
    pub text: String,
    /// Member ids the message @mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// @all / @所有人.
    #[serde(default)]
    pub mentions_all: bool,
    /// A deadline extracted from the text (UTC ms).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub deadline: Option<Millis>,
    /// The cross-post cluster shared by copies of the same notice in other groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_post: Option<String>,
}

fn one() -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_facts_read_the_audit_shape_with_defaults() {
        let g: GroupFacts = serde_json::from_str(
            r#"{"source":"wecom","id":"r1","verdict":"merge","merge_into":"r2","reasons":["overlap 0.9"],
                "traffic":{"days":30,"human_messages":60,"cross_posts":[{"cluster":"c1","label":"important"}]}}"#,
        )
        .unwrap();
        assert_eq!(g.verdict, Verdict::Merge);
        assert_eq!(g.merge_into.as_deref(), Some("r2"));
        assert_eq!(g.display_name(), "r1");
        assert_eq!(g.key(), "wecom:r1");
        assert_eq!(g.lang, Lang::Zh);
        assert_eq!(g.traffic.cross_posts[0].copies, 1);
        let back: GroupFacts = serde_json::from_str(&serde_json::to_string(&g).unwrap()).unwrap();
        assert_eq!(back, g);
    }

    #[test]
    fn digest_items_take_rfc3339_times() {
        let d: DigestItem = serde_json::from_str(
            r#"{"message_id":"m","group":"g","time":"2024-06-05T09:00:00+08:00","label":"important",
                "deadline":"2024-06-06T10:00:00+08:00"}"#,
        )
        .unwrap();
        assert_eq!(d.time, 1_717_549_200_000);
        assert_eq!(d.deadline, Some(1_717_639_200_000));
    }
}
