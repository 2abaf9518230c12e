//! Findings and verdicts: plain rules over the small per-group tables the plans produced.
//!
//! Each group gets every finding that applies (with the figures behind it) and one verdict, decided in this
//! order: allow-listed or direct → keep; empty, abandoned, zombie or finished task → dissolve; steady important
//! traffic → keep even when it overlaps others; nested in or overlapping a larger kept group → merge into it;
//! over its unit's quota or dominated by noise → review; otherwise keep. Merge targets are always larger (by
//! members, then human messages, then id), so merges never form cycles; a merge whose target is itself
//! dissolved becomes a review.

use crate::config::{AuditConfig, QuotaConfig};
use crate::crosspost::CrossPost;
use crate::health::Health;
use crate::overlap::Overlap;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// A verdict on a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Keep,
    Dissolve,
    Merge,
    Review,
}

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

fn finding(kind: &'static str, reason: String, reason_zh: String, figures: serde_json::Value) -> Finding {
    Finding { kind: kind.to_owned(), reason, reason_zh, figures }
}

/// Group key used across the tables: (source, id).
type Gk = (String, String);

fn key(h: &Health) -> Gk {
    (h.source.clone(), h.id.clone())
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

/// Decides every group.
pub fn decide(
    groups: &[Health],
    overlaps: &[Overlap],
    cross_posts: &[CrossPost],
    units: &[UnitQuota],
    cfg: &AuditConfig,
    allow: &[String],
) -> BTreeMap<Gk, Decision> {
    let by_key: HashMap<Gk, &Health> = groups.iter().map(|g| (key(g), g)).collect();
    let size = |k: &Gk| by_key.get(k).map_or((0, 0), |g| (g.members, g.human_messages));
    let mut out: BTreeMap<Gk, Decision> = BTreeMap::new();

    // Cross-posts each group shares with each other group.
    let mut shared_posts: HashMap<(Gk, Gk), u64> = HashMap::new();
    let mut posts_of: HashMap<Gk, u64> = HashMap::new();
    for c in cross_posts {
        for g in &c.groups {
            *posts_of.entry(g.clone()).or_default() += 1;
            for h in &c.groups {
                if g != h {
                    *shared_posts.entry((g.clone(), h.clone())).or_default() += 1;
                }
            }
        }
    }
    // The best larger group each group could merge into, with the figures.
    let mut into: HashMap<Gk, (Gk, &Overlap, bool)> = HashMap::new();
    for o in overlaps {
        let (ka, kb) = ((o.source.clone(), o.a.clone()), (o.source.clone(), o.b.clone()));
        let (small, large) = if (size(&ka), &ka.1) < (size(&kb), &kb.1) { (ka, kb) } else { (kb, ka) };
        let nested = o.containment >= cfg.nested_containment;
        if !nested && o.jaccard < cfg.overlap_jaccard {
            continue;
        }
        let better =
            into.get(&small).is_none_or(|(t, prev, _)| (o.containment, size(&large)) > (prev.containment, size(t)));
        if better {
            into.insert(small, (large, o, nested));
        }
    }
    let over_quota: HashMap<&str, &UnitQuota> = units.iter().filter(|u| u.over).map(|u| (u.unit.as_str(), u)).collect();

    for g in groups {
        let k = key(g);
        let mut f = Vec::new();
        let silent = g.days_silent.unwrap_or(f64::INFINITY);
        if allow.contains(&g.id) {
            f.push(finding("allow_listed", "on the allow-list".into(), "在保留名单中".into(), json!({})));
            out.insert(k, Decision { verdict: Verdict::Keep, merge_into: None, findings: f });
            continue;
        }
        if g.kind == "direct" {
            f.push(finding(
                "direct",
                "a conversation between two people, not a group".into(),
                "两人私聊，不是群组".into(),
                json!({}),
            ));
            out.insert(k, Decision { verdict: Verdict::Keep, merge_into: None, findings: f });
            continue;
        }
        if (g.members as u32) < cfg.empty_members {
            f.push(finding(
                "empty",
                format!("{} members (fewer than {})", g.members, cfg.empty_members),
                format!("仅{}名成员（少于{}人）", g.members, cfg.empty_members),
                json!({"members": g.members}),
            ));
        }
        if (g.human_messages as u32) < cfg.abandoned_messages {
            f.push(finding(
                "abandoned",
                format!("{} human messages ever (fewer than {})", g.human_messages, cfg.abandoned_messages),
                format!("建群以来仅{}条人工消息（少于{}条）", g.human_messages, cfg.abandoned_messages),
                json!({"human_messages": g.human_messages}),
            ));
        }
        if silent >= cfg.zombie_days as f64 {
            f.push(finding(
                "zombie",
                match g.last_human.as_deref() {
                    Some(t) => format!("no human message for {silent:.0} days (last {t})"),
                    None => "no human message at all".into(),
                },
                match g.last_human.as_deref() {
                    Some(t) => format!("已{silent:.0}天无人发言（最后一条在{}）", &t[..10]),
                    None => "从未有人发言".into(),
                },
                json!({"days_silent": g.days_silent, "last_human": g.last_human}),
            ));
        } else if silent >= cfg.task_silence_days as f64
            && g.active_span_days <= cfg.task_burst_days as f64
            && (g.human_messages as u32) >= cfg.abandoned_messages
        {
            f.push(finding(
                "finished_task",
                format!("{} messages within {:.0} days, then silent for {silent:.0} days", g.human_messages, g.active_span_days),
                format!("{:.0}天内集中发言{}条，此后沉寂{silent:.0}天，任务已结束", g.active_span_days, g.human_messages),
                json!({"active_span_days": g.active_span_days, "days_silent": silent, "human_messages": g.human_messages}),
            ));
        }
        let purposeful = g.important_per_week_30d >= cfg.purposeful_important_per_week;
        if purposeful {
            f.push(finding(
                "purposeful",
                format!("{:.1} important messages a week in the last 30 days", g.important_per_week_30d),
                format!("近30天每周{:.1}条重要消息，群组仍在发挥作用", g.important_per_week_30d),
                json!({"important_per_week_30d": g.important_per_week_30d}),
            ));
        }
        if let Some((target, o, nested)) = into.get(&k) {
            let tname = by_key.get(target).and_then(|t| t.name.clone()).unwrap_or_else(|| target.1.clone());
            let shared_cp = shared_posts.get(&(k.clone(), target.clone())).copied().unwrap_or(0);
            let figures = json!({"with": target.1, "shared": o.shared, "jaccard": round(o.jaccard), "containment": round(o.containment), "cross_posts": shared_cp});
            if *nested {
                f.push(finding(
                    "nested",
                    format!("{:.0}% of its members are also in «{tname}» ({} shared)", o.containment * 100.0, o.shared),
                    format!("{:.0}%的成员同在「{tname}」（{}人重叠）", o.containment * 100.0, o.shared),
                    figures,
                ));
            } else {
                f.push(finding(
                    "overlapping",
                    format!("membership overlaps «{tname}» (Jaccard {:.2}, {} shared)", o.jaccard, o.shared),
                    format!("与「{tname}」成员高度重合（Jaccard {:.2}，{}人重叠）", o.jaccard, o.shared),
                    figures,
                ));
            }
        }
        if let Some(n) = posts_of.get(&k).filter(|n| **n > 0) {
            f.push(finding(
                "cross_posted",
                format!("{n} notices also posted in other groups"),
                format!("{n}条通知同时发在其他群"),
                json!({"cross_posts": n}),
            ));
        }
        if let Some(u) = g.unit.as_deref().and_then(|u| over_quota.get(u)).filter(|_| internal(g, cfg.internal_share)) {
            f.push(finding(
                "over_quota",
                format!("unit {} has {} groups, quota {}", u.unit, u.groups.len(), u.quota),
                format!(
                    "单位「{}」有{}个工作群，超过限额{}个",
                    u.name.as_deref().unwrap_or(&u.unit),
                    u.groups.len(),
                    u.quota
                ),
                json!({"unit": u.unit, "groups": u.groups.len(), "quota": u.quota}),
            ));
        }
        if g.noise_share >= cfg.noisy_share && g.human_messages > 0 {
            f.push(finding(
                "noisy",
                format!(
                    "{:.0}% of its messages are noise (acks, check-ins, flattery, greetings, off-topic)",
                    g.noise_share * 100.0
                ),
                format!("{:.0}%的消息是“收到”、打卡、奉承、问候或闲聊", g.noise_share * 100.0),
                json!({"noise_share": round(g.noise_share), "labels": g.labels}),
            ));
        }
        if g.after_hours_share >= cfg.after_hours_share && g.human_messages > 0 {
            f.push(finding(
                "after_hours",
                format!(
                    "{:.0}% of its messages are sent after hours ({} urgent)",
                    g.after_hours_share * 100.0,
                    g.urgent_after_hours
                ),
                format!(
                    "{:.0}%的消息在下班时间发送（其中紧急{}条）",
                    g.after_hours_share * 100.0,
                    g.urgent_after_hours
                ),
                json!({"after_hours_share": round(g.after_hours_share), "urgent": g.urgent_after_hours}),
            ));
        }
        let has = |kind: &str| f.iter().any(|x| x.kind == kind);
        let (verdict, merge_into) = if has("empty") || has("abandoned") || has("zombie") || has("finished_task") {
            (Verdict::Dissolve, None)
        } else if purposeful {
            (Verdict::Keep, None)
        } else if has("nested") || has("overlapping") {
            (Verdict::Merge, into.get(&k).map(|(t, _, _)| t.1.clone()))
        } else if has("over_quota") || has("noisy") {
            (Verdict::Review, None)
        } else {
            (Verdict::Keep, None)
        };
        out.insert(k, Decision { verdict, merge_into, findings: f });
    }
    resolve_merge_chains(&mut out);
    out
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

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
