//! The truth verdict for each group, decided from what the generated data shows (so that an auditor reading
//! the same data could reach it) plus the group's known purpose. Rules, first match wins:
//!
//! 1. fewer than 3 members → dissolve (empty);
//! 2. fewer than 10 human messages ever → dissolve (abandoned);
//! 3. no human message in the last 60 days of the data → dissolve (zombie; a finished task group ends here);
//! 4. a core group nested in a unit group, or a duplicate of one → merge into the unit group;
//! 5. a chit-chat group (most messages off-topic) → review;
//! 6. the active purposeful task group → keep;
//! 7. a task group whose traffic fell within [`TASK_BURST_DAYS`] and that has been quiet for [`TASK_SILENCE_DAYS`]
//!    → dissolve (a finished task); any other task group quiet for 21–59 days → review (the task looks finished);
//!    an active one → keep;
//! 8. unit and broadcast groups → keep.

use crate::calendar::DAY_MS;
use crate::org::{Group, Org, Role};
use jingjian_model::Millis;
use serde::Serialize;

/// Days without a human message after which a group is a zombie.
pub const ZOMBIE_DAYS: i64 = 60;
/// Fewer human messages than this over the whole period and the group never took off.
pub const ABANDONED_MESSAGES: u64 = 10;
/// Fewer members than this and the group is empty.
pub const EMPTY_MEMBERS: usize = 3;
/// A task group quiet for at least this many days (but less than [`ZOMBIE_DAYS`]) is up for review.
pub const TASK_QUIET_DAYS: i64 = 21;
/// A task group whose human traffic all fell within this many days …
pub const TASK_BURST_DAYS: i64 = 45;
/// … and that has been quiet for at least this many days since is a finished task.
pub const TASK_SILENCE_DAYS: i64 = 30;

/// What to do with a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Keep as it is.
    Keep,
    /// Dissolve (archive).
    Dissolve,
    /// Merge into another group.
    Merge,
    /// A person should decide.
    Review,
}

impl Verdict {
    /// The name used in truth files and the audit contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Keep => "keep",
            Verdict::Dissolve => "dissolve",
            Verdict::Merge => "merge",
            Verdict::Review => "review",
        }
    }
}

/// What the data shows about a group.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupStats {
    /// Messages written (all kinds).
    pub messages: u64,
    /// Human messages.
    pub human: u64,
    /// Off-topic messages.
    pub off_topic: u64,
    /// Human messages outside work hours.
    pub after_hours: u64,
    /// Time of the first human message.
    pub first_human: Option<Millis>,
    /// Time of the last human message.
    pub last_human: Option<Millis>,
    /// Days with at least one message.
    pub active_days: u32,
    /// Most messages on one day.
    pub max_day: u32,
    /// Messages written so far (the next message's ordinal).
    pub ordinal: u32,
}

/// A decided verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The verdict.
    pub verdict: Verdict,
    /// For a merge: index of the group to merge into.
    #[serde(skip)]
    pub merge_into: Option<u32>,
    /// Why, as a sentence with the figures.
    pub reason: String,
}

/// Decides group `g`'s verdict given its stats and the end of the data.
pub fn decide(org: &Org, g: &Group, s: &GroupStats, end: Millis) -> Decision {
    let zh = org.lang == crate::preset::Lang::Zh;
    let d = |verdict, reason: String| Decision { verdict, merge_into: None, reason };
    if g.members.len() < EMPTY_MEMBERS {
        return d(Verdict::Dissolve, format!("empty: only {} member(s)", g.members.len()));
    }
    if s.human < ABANDONED_MESSAGES {
        return d(Verdict::Dissolve, format!("abandoned: only {} human messages in the whole period", s.human));
    }
    let quiet = s.last_human.map(|t| (end - t) / DAY_MS).unwrap_or(i64::MAX);
    if quiet >= ZOMBIE_DAYS {
        let what = if g.role == Role::Task { "finished task group, " } else { "" };
        return d(
            Verdict::Dissolve,
            format!("zombie: {what}no human message for {quiet} days before the end of the data"),
        );
    }
    match g.role {
        Role::Core { of } | Role::Duplicate { of } => {
            let target = &org.groups[of as usize];
            let inside = g.members.iter().filter(|m| target.members.contains(m)).count();
            let how = if matches!(g.role, Role::Core { .. }) { "nested" } else { "duplicate" };
            Decision {
                verdict: Verdict::Merge,
                merge_into: Some(of),
                reason: format!(
                    "{how}: {inside} of its {} members are in the unit group {} ({} members)",
                    g.members.len(),
                    target.name,
                    target.members.len()
                ),
            }
        }
        Role::Chat => {
            let share = s.off_topic as f64 / s.messages.max(1) as f64 * 100.0;
            d(Verdict::Review, format!("chit-chat: {share:.0}% of messages are off-topic; not a work group"))
        }
        Role::Purposeful => d(
            Verdict::Keep,
            format!(
                "active purposeful task group ({}): last human message {quiet} days before the end; exempt despite overlap",
                if zh { "防汛" } else { "incident response" }
            ),
        ),
        Role::Task if quiet >= TASK_SILENCE_DAYS && burst_days(s) <= TASK_BURST_DAYS as f64 => d(
            Verdict::Dissolve,
            format!(
                "finished task group: {} human messages within {:.0} days, then quiet for {quiet} days",
                s.human,
                burst_days(s)
            ),
        ),
        Role::Task if quiet >= TASK_QUIET_DAYS => {
            d(Verdict::Review, format!("task group quiet for {quiet} days: the task looks finished"))
        }
        Role::Task => d(Verdict::Keep, format!("active task group: last human message {quiet} days before the end")),
        _ => d(Verdict::Keep, format!("{} group: the unit's work channel", g.role.as_str())),
    }
}

/// Days between a group's first and last human message.
fn burst_days(s: &GroupStats) -> f64 {
    match (s.first_human, s.last_human) {
        (Some(a), Some(b)) => (b - a) as f64 / DAY_MS as f64,
        _ => 0.0,
    }
}
