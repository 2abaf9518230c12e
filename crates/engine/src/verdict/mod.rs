//! Findings and verdicts: plain rules over the small per-group tables the plans produced.
//!
//! Each group gets every finding that applies (with the figures behind it) and one verdict, decided in this
//! order (docs/audit.md gives the reasons):
//! 1. allow-listed or a direct conversation → keep;
//! 2. empty, abandoned, zombie or a finished task (a burst, then silence) → dissolve;
//! 3. steady important traffic (purposeful) → keep, even when it overlaps others;
//! 4. a temporary (task) group → keep while active, review once quiet for `task_quiet_days`;
//! 5. a standing group nested in a larger group of its own unit, or whose membership nearly repeats a larger
//!    group's → merge into it; never the unit's principal group (the one its quota keeps), and never a unit's
//!    group into another unit's or a cross-unit group merely because its members are all in it. Without unit
//!    information, a nested group merges into a group at most about four times its size
//!    (`nested_merge_jaccard`), never into an organisation-wide one;
//! 6. a chit-chat group, or an internal group over its unit's quota other than the unit's principal group →
//!    review;
//! 7. otherwise keep. Noise and after-hours load are findings whose remedy is a rule, not the group's end.
//!
//! Merge targets are always larger (by members, then human messages, then id), so merges never form cycles; a
//! merge whose target is itself dissolved becomes a review.

use crate::config::{AuditConfig, QuotaConfig};
use crate::crosspost::CrossPost;
use crate::health::Health;
use crate::overlap::Overlap;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

mod findings;
#[cfg(test)]
mod tests;

/// A verdict on a group: the planner's type (the audit's verdicts are what the planner reads).
pub use jingjian_plan::input::Verdict;

/// Something the audit found about a group, with the figures that support it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// `zombie`, `abandoned`, `empty`, `finished_task`, `nested`, `overlapping`, `cross_posted`, `over_quota`,
    /// `noisy`, `after_hours`, `purposeful`, `allow_listed`, `direct`.
    pub kind: String,
    pub reason: String,
    pub reason_zh: String,
    pub figures: serde_json::Value,
}

/// The verdict on one group, with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    pub merge_into: Option<String>,
    pub findings: Vec<Finding>,
}

/// A unit and its groups against its quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitQuota {
    pub unit: String,
    pub name: Option<String>,
    pub groups: Vec<String>,
    pub quota: u32,
    pub over: bool,
}

/// Group key used across the tables: (source, id).
type Gk = (String, String);

/// The same key borrowed, for the maps the verdicts are worked out with (tens of thousands of groups and
/// cross-posts, hundreds of thousands of overlaps at 10M messages: owned keys were cloned for every look-up).
type Bk<'a> = (&'a str, &'a str);

fn key(h: &Health) -> Gk {
    (h.source.clone(), h.id.clone())
}

fn bkey(h: &Health) -> Bk<'_> {
    (&h.source, &h.id)
}

/// Internal groups count toward quotas: group chats and private channels of a unit whose members mostly belong
/// to it (cross-unit task groups are not a unit's internal groups).
pub fn internal(h: &Health, min_share: f64) -> bool {
    h.unit.is_some() && matches!(h.kind.as_str(), "group" | "private") && h.unit_share >= min_share
}

/// Units, their groups and quotas (quota from the roster's units, then config, then the default).
pub fn quotas(
    groups: &[Health],
    unit_quota: &BTreeMap<String, (Option<String>, Option<u32>)>,
    q: &QuotaConfig,
    min_share: f64,
) -> Vec<UnitQuota> {
    let mut by_unit: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in groups.iter().filter(|g| internal(g, min_share)) {
        by_unit.entry(g.unit.clone().expect("internal groups have a unit")).or_default().push(g.id.clone());
    }
    by_unit
        .into_iter()
        .map(|(unit, groups)| {
            let (name, roster_quota) = unit_quota.get(&unit).cloned().unwrap_or((None, None));
            let quota = q.units.get(&unit).copied().or(roster_quota).unwrap_or(q.default);
            UnitQuota { over: groups.len() as u32 > quota, unit, name, groups, quota }
        })
        .collect()
}

/// What the audit knows about the whole data set that the verdicts need.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The first record's time (ms): a group whose first human message comes later began during the data.
    pub first_ms: i64,
}

/// A merge candidate: a larger group this one is nested in or overlaps.
struct Target<'a> {
    key: Bk<'a>,
    overlap: &'a Overlap,
    nested: bool,
    same_unit: bool,
    /// Neither group has a unit (a Slack or Telegram export without a roster).
    units_unknown: bool,
}

/// Decides every group.
pub fn decide(
    groups: &[Health],
    overlaps: &[Overlap],
    cross_posts: &[CrossPost],
    units: &[UnitQuota],
    cfg: &AuditConfig,
    allow: &[String],
    cx: Context,
) -> BTreeMap<Gk, Decision> {
    let by_key: FxHashMap<Bk, &Health> = groups.iter().map(|g| (bkey(g), g)).collect();
    let temporary: FxHashSet<Bk> = groups.iter().filter(|g| is_temporary(g, cfg, cx)).map(bkey).collect();
    let shared = SharedPosts::new(cross_posts);
    let into = merge_targets(&by_key, overlaps, &temporary, cfg);
    let over_quota: HashMap<&str, &UnitQuota> = units.iter().filter(|u| u.over).map(|u| (u.unit.as_str(), u)).collect();
    let principal = principals(groups, cfg);

    let mut out: BTreeMap<Gk, Decision> = BTreeMap::new();
    for g in groups {
        let k = bkey(g);
        if allow.contains(&g.id) {
            out.insert(key(g), keep(vec![findings::allow_listed()]));
            continue;
        }
        if g.kind == "direct" {
            out.insert(key(g), keep(vec![findings::direct()]));
            continue;
        }
        let mut f = Vec::new();
        let silent = g.days_silent.unwrap_or(f64::INFINITY);
        let target = into.get(&k);
        // The principal group of a unit is the one it keeps: others merge into it, it merges into nothing.
        let principal_of_unit = g.unit.as_deref().and_then(|u| principal.get(u)).is_some_and(|p| *p == g.id);
        // A group nested in a larger one whose membership it nearly repeats is a duplicate, however new: it is
        // not a task group.
        let duplicate =
            target.is_some_and(|t| !principal_of_unit && t.nested && t.overlap.jaccard >= cfg.duplicate_jaccard);
        let temp = temporary.contains(&k) && !duplicate;
        if (g.members as u32) < cfg.empty_members {
            f.push(findings::empty(g, cfg));
        }
        if (g.human_messages as u32) < cfg.abandoned_messages {
            f.push(findings::abandoned(g, cfg));
        }
        if silent >= cfg.zombie_days as f64 {
            f.push(findings::zombie(g, silent));
        } else if silent >= cfg.task_silence_days as f64
            && g.active_span_days <= cfg.task_burst_days as f64
            && (g.human_messages as u32) >= cfg.abandoned_messages
        {
            f.push(findings::finished_task(g, silent));
        } else if temp {
            f.push(findings::temporary(g, silent, cfg));
        }
        let purposeful = g.important_per_week_30d >= cfg.purposeful_important_per_week;
        if purposeful {
            f.push(findings::purposeful(g));
        }
        if let Some(t) = target {
            let tname = by_key.get(&t.key).and_then(|t| t.name.as_deref()).unwrap_or(t.key.1);
            f.push(findings::membership(t.overlap, tname, t.key.1, t.nested, shared.between(&k, &t.key)));
        }
        if let Some(n) = shared.of(&k) {
            f.push(findings::cross_posted(n));
        }
        let quota = g.unit.as_deref().and_then(|u| over_quota.get(u)).filter(|_| internal(g, cfg.internal_share));
        if let Some(u) = quota {
            f.push(findings::over_quota(u));
        }
        let chat = g.human_messages > 0
            && g.labels.get("off_topic").copied().unwrap_or(0) as f64 >= cfg.chat_share * g.human_messages as f64;
        if chat {
            f.push(findings::chit_chat(g));
        } else if g.noise_share >= cfg.noisy_share && g.human_messages > 0 {
            f.push(findings::noisy(g));
        }
        if g.after_hours_share >= cfg.after_hours_share && g.human_messages > 0 {
            f.push(findings::after_hours(g));
        }
        let has = |kind: &str| f.iter().any(|x| x.kind == kind);
        // A merge folds a standing group into a larger one of its own unit (a leadership or duplicate group), or
        // into any group whose membership it nearly repeats; a unit's own group is never folded into another
        // unit's or a cross-unit group (one group per unit, not one group for all).
        let merge = target.filter(|t| {
            let sub_team = t.units_unknown && t.nested && t.overlap.jaccard >= cfg.nested_merge_jaccard;
            !principal_of_unit && (t.same_unit || sub_team || t.overlap.jaccard >= cfg.overlap_jaccard)
        });
        let (verdict, merge_into) = if has("empty") || has("abandoned") || has("zombie") || has("finished_task") {
            (Verdict::Dissolve, None)
        } else if purposeful {
            (Verdict::Keep, None)
        } else if temp {
            (if silent >= cfg.task_quiet_days as f64 { Verdict::Review } else { Verdict::Keep }, None)
        } else if let Some(t) = merge {
            (Verdict::Merge, Some(t.key.1.to_owned()))
        } else if chat || (quota.is_some() && !principal_of_unit) {
            (Verdict::Review, None)
        } else {
            (Verdict::Keep, None)
        };
        out.insert(key(g), Decision { verdict, merge_into, findings: f });
    }
    resolve_merge_chains(&mut out);
    out
}

fn keep(findings: Vec<Finding>) -> Decision {
    Decision { verdict: Verdict::Keep, merge_into: None, findings }
}

/// A temporary group: all its human traffic falls within `task_max_days`, and it began after the data did (a
/// group whose history the export cut off is not known to be temporary).
fn is_temporary(g: &Health, cfg: &AuditConfig, cx: Context) -> bool {
    const GRACE_MS: i64 = 7 * 86_400_000;
    g.first_human_ms.is_some_and(|t| t >= cx.first_ms + GRACE_MS) && g.active_span_days <= cfg.task_max_days as f64
}

/// The cross-posts each group stands in (indexes into the cluster list, ascending), so that the number two
/// groups share is a merge of two short lists rather than a table of every pair of groups.
struct SharedPosts<'a> {
    clusters_of: FxHashMap<Bk<'a>, Vec<u32>>,
}

impl<'a> SharedPosts<'a> {
    fn new(cross_posts: &'a [CrossPost]) -> SharedPosts<'a> {
        let mut clusters_of: FxHashMap<Bk, Vec<u32>> = FxHashMap::default();
        for (i, c) in cross_posts.iter().enumerate() {
            for (source, id) in &c.groups {
                let list = clusters_of.entry((source, id)).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        SharedPosts { clusters_of }
    }
    fn between(&self, a: &Bk, b: &Bk) -> u64 {
        let (Some(x), Some(y)) = (self.clusters_of.get(a), self.clusters_of.get(b)) else { return 0 };
        jingjian_text::fingerprint::sorted_intersection(x, y) as u64
    }
    fn of(&self, g: &Bk) -> Option<u64> {
        self.clusters_of.get(g).map(|l| l.len() as u64).filter(|n| *n > 0)
    }
}

/// The best larger standing group each group is nested in or overlaps: one of its own unit first, then the most
/// similar membership, then the larger. Larger means more members, then more human messages, then the greater
/// id, so merges never form cycles.
fn merge_targets<'a>(
    by_key: &FxHashMap<Bk<'a>, &Health>,
    overlaps: &'a [Overlap],
    temporary: &FxHashSet<Bk<'a>>,
    cfg: &AuditConfig,
) -> FxHashMap<Bk<'a>, Target<'a>> {
    let size = |k: &Bk| by_key.get(k).map_or((0, 0), |g| (g.members, g.human_messages));
    let mut into: FxHashMap<Bk, Target> = FxHashMap::default();
    for o in overlaps {
        let (ka, kb): (Bk, Bk) = ((&o.source, &o.a), (&o.source, &o.b));
        let (small, large) = if (size(&ka), ka.1) < (size(&kb), kb.1) { (ka, kb) } else { (kb, ka) };
        let nested = o.containment >= cfg.nested_containment;
        if (!nested && o.jaccard < cfg.overlap_jaccard) || temporary.contains(&large) {
            continue;
        }
        let (same_unit, units_unknown) = match (by_key.get(&small), by_key.get(&large)) {
            (Some(s), Some(l)) => (
                s.unit.is_some() && s.unit == l.unit && internal(l, cfg.internal_share),
                s.unit.is_none() && l.unit.is_none(),
            ),
            _ => (false, false),
        };
        let rank = |t: &Target| (t.same_unit, t.overlap.jaccard, size(&t.key));
        let cand = Target { key: large, overlap: o, nested, same_unit, units_unknown };
        if into.get(&small).is_none_or(|prev| rank(&cand) > rank(prev)) {
            into.insert(small, cand);
        }
    }
    into
}

/// Each unit's principal internal group, the one its quota keeps and others merge into: a living group first
/// (not empty, abandoned or silent for `zombie_days`), then the most of the unit's members, the most human
/// messages (the one people use), the highest share of the unit.
fn principals<'a>(groups: &'a [Health], cfg: &AuditConfig) -> HashMap<&'a str, &'a str> {
    let alive = |g: &Health| {
        g.members as u32 >= cfg.empty_members
            && g.human_messages as u32 >= cfg.abandoned_messages
            && g.days_silent.is_some_and(|d| d < cfg.zombie_days as f64)
    };
    let unit_members = |g: &Health| (g.members as f64 * g.unit_share).round() as u64;
    let rank = |g: &'a Health| (alive(g), unit_members(g), g.human_messages, (g.unit_share * 1000.0) as u64, &g.id);
    let mut best: HashMap<&str, &Health> = HashMap::new();
    for g in groups.iter().filter(|g| internal(g, cfg.internal_share)) {
        let unit = g.unit.as_deref().expect("internal groups have a unit");
        if best.get(unit).is_none_or(|b| rank(g) > rank(b)) {
            best.insert(unit, g);
        }
    }
    best.into_iter().map(|(u, g)| (u, g.id.as_str())).collect()
}

/// Follows merge targets to a group that stays (keep or review); a target that is dissolved turns the merge
/// into a review.
fn resolve_merge_chains(out: &mut BTreeMap<Gk, Decision>) {
    let keys: Vec<Gk> = out.keys().cloned().collect();
    for k in keys {
        let Some(mut target) = out[&k].merge_into.clone() else { continue };
        let mut hops = 0;
        let resolved = loop {
            let tk = (k.0.clone(), target.clone());
            match out.get(&tk) {
                Some(d) if d.verdict == Verdict::Merge && hops < 64 => {
                    target = d.merge_into.clone().expect("merges name a target");
                    hops += 1;
                }
                Some(d) if d.verdict == Verdict::Dissolve => break None,
                _ => break Some(target),
            }
        };
        let d = out.get_mut(&k).expect("listed");
        match resolved {
            Some(t) => d.merge_into = Some(t),
            None => {
                d.verdict = Verdict::Review;
                d.merge_into = None;
            }
        }
    }
}
