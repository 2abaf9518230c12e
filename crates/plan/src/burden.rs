//! Burden per member, now and after a plan: how many groups, how many messages a day, how much of it matters, how
//! long it takes to read, how much arrives after hours, and how many acks and check-ins the member posts.
//!
//! A member receives every human message of every group they belong to (their own included: they scroll past them
//! too). After a plan, dissolved groups are gone and a merged group is replaced by its target, whose traffic is the
//! sum of the merged groups minus the cross-post copies that collapse ([`crate::traffic::merged`]). Traffic is
//! otherwise unchanged: the plan removes groups, not habits.

use crate::config::PlanConfig;
use crate::error::PlanError;
use crate::index::index_groups;
use crate::input::{GroupFacts, MemberFacts};
use crate::plan::{Action, Plan};
use crate::stats::{quantile, round2};
use crate::traffic::{Rates, merged};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One member's burden in one state (before or after the plan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Burden {
    /// Groups the member is in.
    pub groups: usize,
    /// Human messages received a day.
    pub messages_per_day: f64,
    /// Important messages received a day.
    pub important_per_day: f64,
    /// Share of the received messages that are noise (0–1).
    pub noise_share: f64,
    /// Minutes a day to read what arrives.
    pub reading_minutes_per_day: f64,
    /// After-hours messages received a week.
    pub after_hours_per_week: f64,
    /// Of which important (urgent) ones.
    pub urgent_after_hours_per_week: f64,
    /// Acks the member posted over the data span.
    pub acks_posted: u64,
    /// Check-ins (proof of work) the member posted over the data span.
    pub check_ins_posted: u64,
}

impl Burden {
    fn from_rates(groups: usize, r: &Rates, acks: u64, check_ins: u64, cfg: &PlanConfig) -> Burden {
        Burden {
            groups,
            messages_per_day: round2(r.messages),
            important_per_day: round2(r.important),
            noise_share: if r.messages > 0.0 { (r.noise / r.messages * 1000.0).round() / 1000.0 } else { 0.0 },
            reading_minutes_per_day: round2(r.reading_minutes(cfg)),
            after_hours_per_week: round2(r.after_hours * 7.0),
            urgent_after_hours_per_week: round2(r.urgent_after_hours * 7.0),
            acks_posted: acks,
            check_ins_posted: check_ins,
        }
    }
}

/// One member, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberBurden {
    /// Member id.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Group ids the member is in now.
    pub groups_before: Vec<String>,
    /// Group ids the member is in after the plan (absent without a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_after: Option<Vec<String>>,
    /// Burden now.
    pub before: Burden,
    /// Burden after the plan (absent without a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Burden>,
}

/// Median and 90th percentile of a figure over members.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// The median member.
    pub median: f64,
    /// The 90th-percentile member (the busy tail).
    pub p90: f64,
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
        Spread { median: round2(quantile(values, 0.5)), p90: round2(quantile(values, 0.9)) }
    }
}

/// A figure's spread before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Now.
    pub before: Spread,
    /// After the plan (absent without a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Spread>,
}

/// The headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// Members counted.
    pub members: usize,
    /// Groups now.
    pub groups_before: usize,
    /// Groups after the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_after: Option<usize>,
    /// Messages received a day per member.
    pub messages_per_day: Change,
    /// Reading minutes a day per member.
    pub reading_minutes_per_day: Change,
    /// Important messages a day per member.
    pub important_per_day: Change,
    /// After-hours messages a week per member.
    pub after_hours_per_week: Change,
}

/// Burden of every member, with the headline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BurdenReport {
    /// The headline figures.
    pub headline: Headline,
    /// Every member: those given as facts first, in their order, then members only the groups name, by id.
    pub members: Vec<MemberBurden>,
}

/// Computes each member's burden now and, given a plan, after it.
///
/// Members are those of `members` plus anyone a group lists. Groups the plan does not mention are taken as kept.
pub fn compute(
    groups: &[GroupFacts],
    members: &[MemberFacts],
    plan: Option<&Plan>,
    cfg: &PlanConfig,
) -> Result<BurdenReport, PlanError> {
    cfg.validate()?;
    let index = index_groups("groups", groups)?;
    let fate = match plan {
        Some(p) => Some(fates(groups, &index, p)?),
        None => None,
    };
    let rates: Vec<Rates> = groups.iter().map(|g| Rates::of(&g.traffic)).collect();
    let after_rates: Option<BTreeMap<usize, Rates>> = fate.as_ref().map(|f| {
        let mut parts: BTreeMap<usize, Vec<&GroupFacts>> = BTreeMap::new();
        for (i, t) in f.iter().enumerate() {
            if let Some(t) = t {
                parts.entry(*t).or_default().push(&groups[i]);
            }
        }
        parts.into_iter().map(|(t, gs)| (t, merged(&gs).0)).collect()
    });

    // Looked up by id for every membership: hashed, not compared in a tree (a third of a 100k-message report's
    // burden step was string comparisons).
    let mut by_member: FxHashMap<&str, BTreeSet<usize>> = FxHashMap::default();
    for (i, g) in groups.iter().enumerate() {
        for m in &g.members {
            by_member.entry(m).or_default().insert(i);
        }
    }
    let mut by_id: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, g) in groups.iter().enumerate() {
        by_id.entry(&g.id).or_default().push(i);
    }
    for m in members {
        let set = by_member.entry(&m.id).or_default();
        for gid in &m.groups {
            set.extend(by_id.get(gid.as_str()).into_iter().flatten());
        }
    }

    let given: FxHashSet<&str> = members.iter().map(|m| m.id.as_str()).collect();
    let mut extra = by_member.keys().copied().filter(|id| !given.contains(id)).collect::<Vec<_>>();
    extra.sort_unstable();
    let blank: Vec<MemberFacts> = extra
        .iter()
        .map(|id| MemberFacts {
            id: id.to_string(),
            name: None,
            unit: None,
            acks: 0,
            check_ins: 0,
            groups: vec![],
            posted_in: vec![],
        })
        .collect();

    let mut rows = Vec::with_capacity(members.len() + blank.len());
    for m in members.iter().chain(&blank) {
        let before_set = &by_member[m.id.as_str()];
        let mut r = Rates::default();
        for &i in before_set {
            r.add(&rates[i]);
        }
        let before = Burden::from_rates(before_set.len(), &r, m.acks, m.check_ins, cfg);
        let (groups_after, after) = match (&fate, &after_rates) {
            (Some(f), Some(ar)) => {
                let after_set: BTreeSet<usize> = before_set.iter().filter_map(|&i| f[i]).collect();
                let mut r = Rates::default();
                for t in &after_set {
                    r.add(&ar[t]);
                }
                let dissolved = |gid: &str| by_id.get(gid).is_some_and(|is| is.iter().all(|&i| f[i].is_none()));
                let gone = m.posted_in.iter().filter(|p| dissolved(&p.group));
                let (acks_gone, checks_gone) = gone.fold((0, 0), |(a, c), p| (a + p.acks, c + p.check_ins));
                let ids = after_set.iter().map(|&t| groups[t].id.clone()).collect();
                let b = Burden::from_rates(
                    after_set.len(),
                    &r,
                    m.acks.saturating_sub(acks_gone),
                    m.check_ins.saturating_sub(checks_gone),
                    cfg,
                );
                (Some(ids), Some(b))
            }
            _ => (None, None),
        };
        rows.push(MemberBurden {
            id: m.id.clone(),
            name: m.name.clone(),
            unit: m.unit.clone(),
            groups_before: before_set.iter().map(|&i| groups[i].id.clone()).collect(),
            groups_after,
            before,
            after,
        });
    }
    let headline = headline(groups.len(), fate.as_deref(), &rows);
    Ok(BurdenReport { headline, members: rows })
}

/// Where each group ends up after the plan: itself (kept or under review), its target (merged) or nowhere.
fn fates(
    groups: &[GroupFacts],
    index: &crate::index::GroupIndex,
    plan: &Plan,
) -> Result<Vec<Option<usize>>, PlanError> {
    let mut fate: Vec<Option<usize>> = (0..groups.len()).map(Some).collect();
    for (k, a) in plan.actions.iter().enumerate() {
        let unknown = |id: &str| PlanError::UnknownGroup { record: k + 1, key: format!("{}:{id}", a.source) };
        let &i = index.get(&(a.source, a.group.as_str())).ok_or_else(|| unknown(&a.group))?;
        fate[i] = match &a.action {
            Action::Keep | Action::Review { .. } => Some(i),
            Action::Dissolve => None,
            Action::MergeInto { target, .. } => {
                Some(*index.get(&(a.source, target.as_str())).ok_or_else(|| unknown(target))?)
            }
        };
    }
    Ok(fate)
}

fn headline(groups: usize, fate: Option<&[Option<usize>]>, rows: &[MemberBurden]) -> Headline {
    let change = |f: fn(&Burden) -> f64| -> Change {
        let before: Vec<f64> = rows.iter().map(|r| f(&r.before)).collect();
        let after: Option<Vec<f64>> = rows.iter().map(|r| r.after.as_ref().map(f)).collect();
        Change { before: Spread::of(&before), after: after.filter(|_| fate.is_some()).map(|a| Spread::of(&a)) }
    };
    Headline {
        members: rows.len(),
        groups_before: groups,
        groups_after: fate.map(|f| f.iter().enumerate().filter(|(i, t)| **t == Some(*i)).count()),
        messages_per_day: change(|b| b.messages_per_day),
        reading_minutes_per_day: change(|b| b.reading_minutes_per_day),
        important_per_day: change(|b| b.important_per_day),
        after_hours_per_week: change(|b| b.after_hours_per_week),
    }
}

#[cfg(test)]
#[path = "burden_tests.rs"]
mod tests;
