//! The consolidation planner: turns the audit's verdicts into actions (keep, dissolve, merge into, review) that
//! respect exemptions, per-unit quotas and the merged-volume limit, each with its reasons and a notice to post first.
//!
//! Rules, in the order they apply (see `docs/plan.md`):
//! 1. Exempt (allow-listed) groups are kept, whatever the audit said, and do not count toward quotas.
//! 2. A zombie is dissolved, never merged. Other verdicts map to actions; a merge follows chains of merges to the
//!    final kept target, and becomes review when the target is missing, dissolved, under review or a cycle.
//! 3. A unit keeping more non-exempt internal groups than its quota keeps its busiest ones (the first is its main
//!    group) and merges the rest into the main group (review when the quota is 0).
//! 4. A merge whose merged group would carry more than `max_merged_per_day` human messages a day (the sum of the
//!    parts minus collapsed cross-post copies) is refused: its sources become review with split advice.

use crate::config::PlanConfig;
use crate::error::PlanError;
use crate::index::{GroupIndex, index_groups};
use crate::input::{GroupFacts, Verdict};
use crate::notice::{self, DissolveCause, MergeCause, Notice};
use crate::reason::Reason;
use crate::split::{SplitAdvice, split};
use crate::stats::round2;
use crate::traffic::{Rates, merged};
use jingjian_model::Source;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the plan does with a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The group stays (possibly receiving merged groups).
    Keep,
    /// The group closes after its notice period.
    Dissolve,
    /// The group's members move to `target` and the group closes after its notice period.
    MergeInto {
        /// The target group's id (same source).
        target: String,
        /// The target group's display name.
        target_name: String,
    },
    /// A person must decide; `advice` says how to split a refused merge.
    Review {
        /// How to split a merge refused for its volume.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        advice: Option<SplitAdvice>,
    },
}

impl Action {
    /// The action's name as in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Dissolve => "dissolve",
            Action::MergeInto { .. } => "merge_into",
            Action::Review { .. } => "review",
        }
    }

    /// Whether the group still exists after the plan (kept or awaiting review).
    pub fn remains(&self) -> bool {
        matches!(self, Action::Keep | Action::Review { .. })
    }
}

/// One group's line in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAction {
    /// The group's source.
    pub source: Source,
    /// The group's id.
    pub group: String,
    /// Display name.
    pub name: String,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The audit's verdict.
    pub verdict: Verdict,
    /// The audit's own reasons.
    #[serde(default)]
    pub audit_reasons: Vec<String>,
    /// Exempt (allow-listed).
    pub exempt: bool,
    /// What happens.
    #[serde(flatten)]
    pub action: Action,
    /// Why, as structured reasons.
    pub reasons: Vec<Reason>,
    /// Members before the plan.
    pub members_before: usize,
    /// Members of the group the member ends up in: the union of the merged groups for a target and its sources,
    /// the group's own members when kept or under review, none when dissolved.
    pub members_after: Vec<String>,
    /// Human messages a day now.
    pub messages_per_day_before: f64,
    /// Human messages a day of the group after the plan (the merged figure for a target; 0 when it closes).
    pub messages_per_day_after: f64,
    /// The notice to post before a dissolve or a merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
}

/// A unit's quota and how the plan meets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitQuota {
    /// Unit id.
    pub unit: String,
    /// Internal groups the unit may keep.
    pub quota: u32,
    /// Non-exempt internal groups the unit has now.
    pub internal_before: usize,
    /// Non-exempt internal groups the plan keeps.
    pub kept_after: usize,
    /// Non-exempt internal groups left for review.
    pub review_after: usize,
    /// Exempt internal groups (not counted).
    pub exempt: usize,
    /// Whether the plan keeps more than the quota (never, by construction; kept as a check for readers).
    pub over_quota: bool,
}

/// Counts over the whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// Groups before the plan.
    pub groups_before: usize,
    /// Groups that remain (kept or under review).
    pub groups_after: usize,
    /// Kept groups.
    pub keep: usize,
    /// Dissolved groups.
    pub dissolve: usize,
    /// Groups merged into others.
    pub merge_into: usize,
    /// Groups left for review.
    pub review: usize,
    /// Exempt groups.
    pub exempt: usize,
    /// Notices to post.
    pub notices: usize,
    /// Human messages a day across all groups now.
    pub messages_per_day_before: f64,
    /// Human messages a day across the remaining groups after the plan.
    pub messages_per_day_after: f64,
}

/// The consolidation plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// One action a group, in the order of the input.
    pub actions: Vec<GroupAction>,
    /// Units and their quotas, by unit id.
    pub units: Vec<UnitQuota>,
    /// Counts.
    pub summary: PlanSummary,
}

#[derive(Debug, Clone, PartialEq)]
enum Decision {
    Keep,
    Dissolve,
    Merge(usize),
    PendingMerge,
    Review(Option<SplitAdvice>),
}

/// Makes the plan for `groups` under `cfg`. Fails on a group given twice, impossible figures or a bad config.
pub fn make_plan(groups: &[GroupFacts], cfg: &PlanConfig) -> Result<Plan, PlanError> {
    cfg.validate()?;
    let index = index_groups("groups", groups)?;
    let exempt: Vec<bool> = groups.iter().map(|g| g.exempt || cfg.allows(g)).collect();
    let (mut dec, mut reasons) = from_verdicts(groups, &exempt);
    resolve_merges(groups, &index, &mut dec, &mut reasons);
    apply_quotas(groups, &exempt, cfg, &mut dec, &mut reasons);
    let accepted = check_volume(groups, cfg, &mut dec, &mut reasons);
    Ok(assemble(groups, &exempt, cfg, dec, reasons, &accepted))
}

fn from_verdicts(groups: &[GroupFacts], exempt: &[bool]) -> (Vec<Decision>, Vec<Vec<Reason>>) {
    let mut dec = Vec::with_capacity(groups.len());
    let mut reasons = Vec::with_capacity(groups.len());
    for (g, &ex) in groups.iter().zip(exempt) {
        let (d, r) = if ex {
            (Decision::Keep, vec![Reason::Exempt { overrides: g.verdict }])
        } else if g.zombie {
            let mut r = vec![Reason::Zombie];
            if let (Verdict::Merge, Some(t)) = (g.verdict, &g.merge_into) {
                r.push(Reason::ZombieNotMerged { target: t.clone() });
            }
            (Decision::Dissolve, r)
        } else {
            match g.verdict {
                Verdict::Keep => (Decision::Keep, vec![Reason::AuditKeep]),
                Verdict::Dissolve => (Decision::Dissolve, vec![Reason::AuditDissolve]),
                Verdict::Review => (Decision::Review(None), vec![Reason::AuditReview]),
                Verdict::Merge => (Decision::PendingMerge, vec![]),
            }
        };
        dec.push(d);
        reasons.push(r);
    }
    (dec, reasons)
}

/// Follows each merge to its final kept target, on the decisions the verdicts gave.
fn resolve_merges(groups: &[GroupFacts], index: &GroupIndex, dec: &mut [Decision], reasons: &mut [Vec<Reason>]) {
    let initial = dec.to_vec();
    for i in 0..groups.len() {
        if initial[i] != Decision::PendingMerge {
            continue;
        }
        let named = groups[i].merge_into.clone().unwrap_or_default();
        let mut seen = vec![i];
        let mut cur = i;
        let (d, r) = loop {
            let Some(tid) = groups[cur].merge_into.as_deref() else {
                break (Decision::Review(None), Reason::NoTarget);
            };
            let Some(&t) = index.get(&(groups[cur].source, tid)) else {
                break (Decision::Review(None), Reason::TargetMissing { target: tid.into() });
            };
            if seen.contains(&t) {
                break (Decision::Review(None), Reason::MergeCycle { target: named.clone() });
            }
            match initial[t] {
                Decision::Keep => break (Decision::Merge(t), Reason::AuditMerge { target: named.clone() }),
                Decision::PendingMerge => {
                    seen.push(t);
                    cur = t;
                }
                Decision::Dissolve => {
                    break (
                        Decision::Review(None),
                        Reason::TargetNotKept { target: tid.into(), action: "dissolve".into() },
                    );
                }
                _ => {
                    break (
                        Decision::Review(None),
                        Reason::TargetNotKept { target: tid.into(), action: "review".into() },
                    );
                }
            }
        };
        reasons[i].push(r);
        if let Decision::Merge(t) = d
            && groups[t].id != named
        {
            reasons[i].push(Reason::TargetMerged { target: named, into: groups[t].id.clone() });
        }
        dec[i] = d;
    }
}

/// Human messages a day of one group, for ranking.
fn per_day(g: &GroupFacts) -> f64 {
    Rates::of(&g.traffic).messages
}

/// Keeps each unit's busiest internal groups up to its quota and merges the rest into the main group.
fn apply_quotas(
    groups: &[GroupFacts],
    exempt: &[bool],
    cfg: &PlanConfig,
    dec: &mut [Decision],
    reasons: &mut [Vec<Reason>],
) {
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        if let Some(u) = g.unit.as_deref()
            && g.is_internal
            && !exempt[i]
            && dec[i] == Decision::Keep
        {
            by_unit.entry(u).or_default().push(i);
        }
    }
    for (unit, mut kept) in by_unit {
        let quota = cfg.quota(unit);
        if kept.len() <= quota as usize {
            continue;
        }
        kept.sort_by(|&a, &b| {
            per_day(&groups[b])
                .total_cmp(&per_day(&groups[a]))
                .then(groups[b].members.len().cmp(&groups[a].members.len()))
                .then(groups[a].id.cmp(&groups[b].id))
        });
        let main = kept.first().copied().filter(|_| quota > 0);
        if let Some(m) = main {
            reasons[m].push(Reason::MainGroup { unit: unit.into(), quota });
        }
        for &e in &kept[quota as usize..] {
            reasons[e].push(Reason::OverQuota { unit: unit.into(), quota, main: main.map(|m| groups[m].id.clone()) });
            dec[e] = match main {
                Some(m) => Decision::Merge(m),
                None => Decision::Review(None),
            };
        }
    }
    // Merges whose target has just been merged or sent to review follow it.
    for i in 0..dec.len() {
        if let Decision::Merge(t) = dec[i] {
            match dec[t].clone() {
                Decision::Merge(t2) => {
                    reasons[i].push(Reason::TargetMerged { target: groups[t].id.clone(), into: groups[t2].id.clone() });
                    dec[i] = Decision::Merge(t2);
                }
                Decision::Review(_) => {
                    reasons[i].push(Reason::TargetNotKept { target: groups[t].id.clone(), action: "review".into() });
                    dec[i] = Decision::Review(None);
                }
                _ => {}
            }
        }
    }
}

/// Refuses merges whose merged group would be too busy. Returns the accepted sources of each target.
fn check_volume(
    groups: &[GroupFacts],
    cfg: &PlanConfig,
    dec: &mut [Decision],
    reasons: &mut [Vec<Reason>],
) -> BTreeMap<usize, Vec<usize>> {
    let mut sources: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, d) in dec.iter().enumerate() {
        if let Decision::Merge(t) = d {
            sources.entry(*t).or_default().push(i);
        }
    }
    let limit = cfg.max_merged_per_day;
    let mut accepted = BTreeMap::new();
    for (t, srcs) in sources {
        let set: Vec<usize> = std::iter::once(t).chain(srcs.iter().copied()).collect();
        let refs: Vec<&GroupFacts> = set.iter().map(|&i| &groups[i]).collect();
        let total = merged(&refs).0.messages;
        if total > limit {
            let advice = split(groups, t, &set, total, limit);
            for &s in &srcs {
                reasons[s].push(Reason::TooBusy { target: groups[t].id.clone(), per_day: round2(total), limit });
                dec[s] = Decision::Review(Some(advice.clone()));
            }
        } else {
            reasons[t].push(Reason::MergeTarget { sources: srcs.len(), per_day: round2(total) });
            accepted.insert(t, srcs);
        }
    }
    accepted
}

fn assemble(
    groups: &[GroupFacts],
    exempt: &[bool],
    cfg: &PlanConfig,
    dec: Vec<Decision>,
    reasons: Vec<Vec<Reason>>,
    accepted: &BTreeMap<usize, Vec<usize>>,
) -> Plan {
    let union = |t: usize| -> Vec<String> {
        let mut m: BTreeSet<&str> = groups[t].members.iter().map(String::as_str).collect();
        for &s in accepted.get(&t).into_iter().flatten() {
            m.extend(groups[s].members.iter().map(String::as_str));
        }
        m.into_iter().map(str::to_string).collect()
    };
    let mut actions = Vec::with_capacity(groups.len());
    let (mut total_before, mut total_after) = (0.0, 0.0);
    for (i, (d, r)) in dec.into_iter().zip(reasons).enumerate() {
        let g = &groups[i];
        let lang = cfg.notice_lang_for(g);
        let before = per_day(g);
        let (action, members_after, after, notice) = match d {
            Decision::Keep => {
                let after = match accepted.get(&i) {
                    Some(srcs) => {
                        let refs: Vec<&GroupFacts> =
                            std::iter::once(i).chain(srcs.iter().copied()).map(|j| &groups[j]).collect();
                        merged(&refs).0.messages
                    }
                    None => before,
                };
                (Action::Keep, union(i), after, None)
            }
            Decision::Dissolve => {
                let cause = if g.zombie { DissolveCause::Dormant } else { DissolveCause::NoLongerNeeded };
                let n = notice::dissolve(g.display_name(), g.owner.as_deref(), cause, lang, cfg);
                (Action::Dissolve, vec![], 0.0, Some(n))
            }
            Decision::Merge(t) => {
                let target = &groups[t];
                let quota = r.iter().any(|x| matches!(x, Reason::OverQuota { .. }));
                let cause = if quota { MergeCause::UnitQuota } else { MergeCause::Duplicate };
                let n = notice::merge(g.display_name(), target.display_name(), g.owner.as_deref(), cause, lang, cfg);
                let a = Action::MergeInto { target: target.id.clone(), target_name: target.display_name().into() };
                (a, union(t), 0.0, Some(n))
            }
            Decision::Review(advice) => (Action::Review { advice }, g.members.clone(), before, None),
            Decision::PendingMerge => unreachable!("every pending merge is resolved"),
        };
        total_before += before;
        total_after += after;
        actions.push(GroupAction {
            source: g.source,
            group: g.id.clone(),
            name: g.display_name().into(),
            unit: g.unit.clone(),
            verdict: g.verdict,
            audit_reasons: g.reasons.clone(),
            exempt: exempt[i],
            action,
            reasons: r,
            members_before: g.members.len(),
            members_after,
            messages_per_day_before: round2(before),
            messages_per_day_after: round2(after),
            notice,
        });
    }
    let units = unit_table(groups, exempt, cfg, &actions);
    let summary = summarise(&actions, total_before, total_after);
    Plan { actions, units, summary }
}

fn unit_table(groups: &[GroupFacts], exempt: &[bool], cfg: &PlanConfig, actions: &[GroupAction]) -> Vec<UnitQuota> {
    let mut units: BTreeMap<&str, UnitQuota> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        let Some(u) = g.unit.as_deref().filter(|_| g.is_internal) else { continue };
        let q = units.entry(u).or_insert_with(|| UnitQuota {
            unit: u.into(),
            quota: cfg.quota(u),
            internal_before: 0,
            kept_after: 0,
            review_after: 0,
            exempt: 0,
            over_quota: false,
        });
        if exempt[i] {
            q.exempt += 1;
            continue;
        }
        q.internal_before += 1;
        match actions[i].action {
            Action::Keep => q.kept_after += 1,
            Action::Review { .. } => q.review_after += 1,
            _ => {}
        }
    }
    units
        .into_values()
        .map(|mut q| {
            q.over_quota = q.kept_after > q.quota as usize;
            q
        })
        .collect()
}

fn summarise(actions: &[GroupAction], before: f64, after: f64) -> PlanSummary {
    let count = |name: &str| actions.iter().filter(|a| a.action.as_str() == name).count();
    PlanSummary {
        groups_before: actions.len(),
        groups_after: actions.iter().filter(|a| a.action.remains()).count(),
        keep: count("keep"),
        dissolve: count("dissolve"),
        merge_into: count("merge_into"),
        review: count("review"),
        exempt: actions.iter().filter(|a| a.exempt).count(),
        notices: actions.iter().filter(|a| a.notice.is_some()).count(),
        messages_per_day_before: round2(before),
        messages_per_day_after: round2(after),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
