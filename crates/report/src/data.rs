//! The report's input: plain values the CLI fills from the audit, plan and burden results.
//!
//! Everything here is owned strings, numbers and vectors so that the report crate knows nothing about the
//! workspace, DataFusion or the planner. Times are RFC 3339 strings; shares are fractions in `0.0..=1.0`;
//! "a day" and "a week" figures are averages over the data span. Groups are referred to by their `id`, which must be
//! unique within one `ReportData` (prefix ids with the source, e.g. `slack:C024BE91L`, when two sources could
//! clash). Members are referred to by their `id`. The whole value round-trips through JSON (`serde`), so the CLI can
//! also write it to a file and render it later.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything one report shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// Title, organisation, data span, version.
    pub meta: Meta,
    /// The overview figures, each before and after the plan (for the whole workspace).
    pub headline: Headline,
    /// Organisational units with their group quotas.
    #[serde(default)]
    pub units: Vec<UnitRow>,
    /// The group inventory: one row per group.
    #[serde(default)]
    pub groups: Vec<GroupRow>,
    /// Clusters of redundant groups (overlapping membership, cross-posts).
    #[serde(default)]
    pub clusters: Vec<Cluster>,
    /// The consolidation plan: one action per group it touches.
    #[serde(default)]
    pub plan: Vec<PlanAction>,
    /// Members with their burden before and after the plan.
    #[serde(default)]
    pub members: Vec<MemberRow>,
    /// After-hours human messages by weekday and hour: one map for the whole workspace (`unit: None`) and,
    /// optionally, one per unit (used by `--unit`).
    #[serde(default)]
    pub heatmaps: Vec<Heatmap>,
    /// The notices posted in the most groups, most copies first.
    #[serde(default)]
    pub cross_posts: Vec<CrossPost>,
}

/// What the report is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Report title; the translated default ("Chat group audit" / "工作群审计") when empty.
    #[serde(default)]
    pub title: String,
    /// Organisation name, if known.
    #[serde(default)]
    pub organisation: Option<String>,
    /// First message in the data, RFC 3339.
    #[serde(default)]
    pub first: Option<String>,
    /// Last message in the data, RFC 3339.
    #[serde(default)]
    pub last: Option<String>,
    /// When the audit ran, RFC 3339.
    #[serde(default)]
    pub generated_at: Option<String>,
    /// The workspace version (snapshot) the audit read.
    #[serde(default)]
    pub workspace_version: Option<u64>,
    /// IANA time zone for dates and the after-hours map (e.g. `Asia/Shanghai`); UTC when empty or unknown.
    #[serde(default)]
    pub tz: String,
    /// Days without a human message after which a group counts as a zombie (the audit's setting).
    #[serde(default)]
    pub zombie_days: u32,
    /// The N in "members in more than N groups".
    #[serde(default)]
    pub many_groups: u32,
}

/// A figure before and after the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Today.
    pub before: f64,
    /// Once the plan is carried out (simulated).
    pub after: f64,
}

impl Change {
    /// A change from `before` to `after`.
    pub fn new(before: f64, after: f64) -> Change {
        Change { before, after }
    }
}

/// The overview figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// Groups (after: groups kept or under review).
    pub groups: Change,
    /// Zombie groups (no human message for `meta.zombie_days`).
    pub zombies: Change,
    /// Clusters of redundant groups.
    pub redundant_clusters: Change,
    /// Members in more than `meta.many_groups` groups.
    pub members_in_many_groups: Change,
    /// Median over members of reading minutes a day.
    pub reading_minutes_median: Change,
    /// 90th percentile over members of reading minutes a day.
    pub reading_minutes_p90: Change,
    /// Median over members of messages received a day.
    pub messages_median: Change,
    /// 90th percentile over members of messages received a day.
    pub messages_p90: Change,
    /// Share of received messages that arrive after hours (0..=1).
    pub after_hours_share: Change,
}

/// An organisational unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    /// The unit's id (what `GroupRow::unit` and `MemberRow::unit` refer to).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Groups the unit owns today.
    pub groups: u32,
    /// Groups the unit owns after the plan.
    pub groups_after: u32,
    /// Groups whose members all belong to the unit.
    #[serde(default)]
    pub internal_groups: u32,
    /// The most groups the policy allows the unit, if it sets a quota.
    #[serde(default)]
    pub quota: Option<u32>,
}

impl UnitRow {
    /// Groups over quota today (0 without a quota).
    pub fn over_quota(&self) -> u32 {
        self.quota.map_or(0, |q| self.groups.saturating_sub(q))
    }

    /// Groups over quota after the plan (0 without a quota).
    pub fn over_quota_after(&self) -> u32 {
        self.quota.map_or(0, |q| self.groups_after.saturating_sub(q))
    }
}

/// One group of the inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// Platform (`slack`, `wecom`, …).
    pub source: String,
    /// Unique id within the report.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owning unit id.
    #[serde(default)]
    pub unit: Option<String>,
    /// Owner's member id.
    #[serde(default)]
    pub owner: Option<String>,
    /// Members today.
    pub members: u32,
    /// Human messages a day.
    pub messages_a_day: f64,
    /// Distinct human senders in the last 30 days of the data.
    pub senders_30d: u32,
    /// Distinct human senders in the last 90 days of the data.
    pub senders_90d: u32,
    /// Last human message, RFC 3339.
    #[serde(default)]
    pub last_human: Option<String>,
    /// Share of human messages sent after hours.
    pub after_hours_share: f64,
    /// Share of all messages posted by bots or the system.
    pub bot_system_share: f64,
    /// Messages per label (`important`, `ack`, `proof_of_work`, `flattery`, `greeting`, `off_topic`,
    /// `discussion`, `system`); missing labels count 0.
    #[serde(default)]
    pub labels: BTreeMap<String, u64>,
    /// `keep`, `dissolve`, `merge` or `review`.
    pub verdict: String,
    /// The group id this one merges into, for `merge`.
    #[serde(default)]
    pub merge_into: Option<String>,
    /// Why the verdict, as sentences.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// What the audit found, with the figures behind each finding.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

impl GroupRow {
    /// All labelled messages.
    pub fn labelled(&self) -> u64 {
        self.labels.values().sum()
    }

    /// Share of labelled messages that are noise (everything but `important` and `discussion`).
    pub fn noise_share(&self) -> f64 {
        let total = self.labelled();
        if total == 0 {
            return 0.0;
        }
        let signal: u64 =
            self.labels.iter().filter(|(k, _)| matches!(k.as_str(), "important" | "discussion")).map(|(_, v)| v).sum();
        (total - signal) as f64 / total as f64
    }

    /// Whether the group survives the plan (verdict `keep` or `review`).
    pub fn kept(&self) -> bool {
        !matches!(self.verdict.as_str(), "dissolve" | "merge")
    }

    /// Whether the audit found the group a zombie (a finding of kind `zombie`).
    pub fn is_zombie(&self) -> bool {
        self.findings.iter().any(|f| f.kind == "zombie")
    }
}

/// One thing the audit found about a group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `zombie`, `abandoned`, `empty`, `redundant`, `nested`, `cross_posts`, `noisy`, `after_hours`, … .
    pub kind: String,
    /// The finding as a sentence.
    pub reason: String,
    /// The figures that support it (`jaccard`, `days_silent`, …).
    #[serde(default)]
    pub figures: BTreeMap<String, f64>,
}

/// Groups that duplicate each other.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Cluster id.
    pub id: String,
    /// Group ids in the cluster.
    pub groups: Vec<String>,
    /// Membership Jaccard similarity (largest pair).
    pub jaccard: f64,
    /// Containment: share of the smaller group's members inside the larger (largest pair).
    pub containment: f64,
    /// Members in more than one of the groups.
    pub shared_members: u32,
    /// Notices posted in more than one of the groups.
    pub cross_posts: u32,
}

/// One action of the consolidation plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanAction {
    /// The group acted on.
    pub group: String,
    /// `keep`, `dissolve`, `merge`, `review`, `warn`, `archive`, … .
    pub action: String,
    /// Target group id (for `merge`).
    #[serde(default)]
    pub target: Option<String>,
    /// Why, as a sentence.
    pub reason: String,
    /// The notice to post in the group before acting.
    #[serde(default)]
    pub notice: String,
}

/// A member's load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Burden {
    /// Groups the member is in.
    pub groups: u32,
    /// Messages received a day.
    pub messages_a_day: f64,
    /// Minutes a day to read them.
    pub reading_minutes_a_day: f64,
    /// After-hours messages received a week.
    pub after_hours_a_week: f64,
}

/// A member with their burden before and after the plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    /// Member id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit id.
    #[serde(default)]
    pub unit: Option<String>,
    /// Today.
    pub before: Burden,
    /// After the plan.
    pub after: Burden,
}

/// After-hours human messages by weekday (Monday first) and local hour.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Heatmap {
    /// The unit the map covers; `None` for the whole workspace.
    #[serde(default)]
    pub unit: Option<String>,
    /// `counts[weekday][hour]`, weekday 0 = Monday.
    pub counts: [[u64; 24]; 7],
}

/// A notice posted in several groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CrossPost {
    /// The beginning of the notice (the only message text the report shows).
    pub excerpt: String,
    /// Ids of the groups it was posted in.
    pub groups: Vec<String>,
    /// First copy, RFC 3339.
    pub first: String,
}
