//! Fills the report's input from the audit, the plan and the burden simulation.

use jingjian_engine::audit::AuditReport;
use jingjian_plan::burden::BurdenReport;
use jingjian_plan::{Action, Plan};
use jingjian_report::data as r;
use jingjian_text::fingerprint::sorted_intersection;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Members in more than this many groups are counted in the headline.
pub const MANY_GROUPS: u32 = 10;

fn figures(v: &serde_json::Value) -> BTreeMap<String, f64> {
    v.as_object()
        .map(|o| o.iter().filter_map(|(k, x)| x.as_f64().map(|f| (k.clone(), f))).collect())
        .unwrap_or_default()
}

/// The report's data.
pub fn build(
    audit: &AuditReport,
    plan: &Plan,
    burden: &BurdenReport,
    zombie_days: u32,
    tz: &str,
    zh: bool,
) -> r::ReportData {
    let names: HashMap<&str, String> = audit
        .groups
        .iter()
        .map(|g| (g.health.id.as_str(), g.health.name.clone().unwrap_or_else(|| g.health.id.clone())))
        .collect();
    let name = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let remains: HashSet<&str> = plan.actions.iter().filter(|a| a.action.remains()).map(|a| a.group.as_str()).collect();

    let zombies_before = audit.groups.iter().filter(|g| g.findings.iter().any(|f| f.kind == "zombie")).count();
    let zombies_after = audit
        .groups
        .iter()
        .filter(|g| g.findings.iter().any(|f| f.kind == "zombie") && remains.contains(g.health.id.as_str()))
        .count();
    // (group, the group it is nested in or overlaps) as the findings say: which overlaps are redundancy.
    let said: HashSet<(&str, &str)> = audit
        .groups
        .iter()
        .flat_map(|g| {
            g.findings
                .iter()
                .filter(|f| matches!(f.kind.as_str(), "nested" | "overlapping"))
                .filter_map(|f| f.figures.get("with").and_then(|w| w.as_str()))
                .map(|with| (g.health.id.as_str(), with))
        })
        .collect();
    let redundant: Vec<&jingjian_engine::overlap::Overlap> = audit
        .overlaps
        .iter()
        .filter(|o| {
            let (a, b) = (o.a.as_str(), o.b.as_str());
            [(a, b), (b, a), (a, a), (b, b)].iter().any(|pair| said.contains(pair))
        })
        .collect();
    let redundant_after =
        redundant.iter().filter(|o| remains.contains(o.a.as_str()) && remains.contains(o.b.as_str())).count();
    let many_before = burden.members.iter().filter(|m| m.groups_before.len() as u32 > MANY_GROUPS).count();
    let many_after = burden
        .members
        .iter()
        .filter(|m| m.groups_after.as_ref().map_or(m.groups_before.len(), |g| g.len()) as u32 > MANY_GROUPS)
        .count();
    let (ah_before, human_before): (u64, u64) =
        audit.groups.iter().fold((0, 0), |(a, h), g| (a + g.health.after_hours, h + g.health.human_messages));
    // Groups that merge into another: their traffic lives on there.
    let merged: HashSet<&str> = plan
        .actions
        .iter()
        .filter(|a| matches!(a.action, Action::MergeInto { .. }))
        .map(|a| a.group.as_str())
        .collect();
    let (ah_after, human_after): (u64, u64) = audit
        .groups
        .iter()
        .filter(|g| remains.contains(g.health.id.as_str()) || merged.contains(g.health.id.as_str()))
        .fold((0, 0), |(a, h), g| (a + g.health.after_hours, h + g.health.human_messages));
    let share = |a: u64, h: u64| if h == 0 { 0.0 } else { a as f64 / h as f64 };
    let h = &burden.headline;
    let after = |c: &jingjian_plan::burden::Change| c.after.unwrap_or(c.before);
    let headline = r::Headline {
        groups: r::Change::new(plan.summary.groups_before as f64, plan.summary.groups_after as f64),
        zombies: r::Change::new(zombies_before as f64, zombies_after as f64),
        redundant_clusters: r::Change::new(redundant.len() as f64, redundant_after as f64),
        members_in_many_groups: r::Change::new(many_before as f64, many_after as f64),
        reading_minutes_median: r::Change::new(
            h.reading_minutes_per_day.before.median,
            after(&h.reading_minutes_per_day).median,
        ),
        reading_minutes_p90: r::Change::new(
            h.reading_minutes_per_day.before.p90,
            after(&h.reading_minutes_per_day).p90,
        ),
        messages_median: r::Change::new(h.messages_per_day.before.median, after(&h.messages_per_day).median),
        messages_p90: r::Change::new(h.messages_per_day.before.p90, after(&h.messages_per_day).p90),
        after_hours_share: r::Change::new(share(ah_before, human_before), share(ah_after, human_after)),
    };
    let unit_names: HashMap<&str, Option<String>> =
        audit.units.iter().map(|u| (u.unit.as_str(), u.name.clone())).collect();
    let units = plan
        .units
        .iter()
        .map(|u| r::UnitRow {
            id: u.unit.clone(),
            name: unit_names.get(u.unit.as_str()).cloned().flatten().unwrap_or_else(|| u.unit.clone()),
            groups: u.internal_before as u32,
            groups_after: u.kept_after as u32,
            internal_groups: u.internal_before as u32,
            quota: Some(u.quota),
        })
        .collect();
    let groups = audit
        .groups
        .iter()
        .map(|g| {
            let h = &g.health;
            r::GroupRow {
                source: h.source.clone(),
                id: h.id.clone(),
                name: name(&h.id),
                unit: h.unit.clone(),
                owner: h.owner.clone(),
                members: h.members as u32,
                messages_a_day: h.human_per_day,
                senders_30d: h.senders_30d as u32,
                senders_90d: h.senders_90d as u32,
                last_human: h.last_human.clone(),
                after_hours_share: h.after_hours_share,
                bot_system_share: h.bot_system_share,
                labels: h.labels.clone(),
                verdict: serde_json::to_value(g.verdict)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                merge_into: g.merge_into.clone(),
                reasons: if zh { g.reasons_zh.clone() } else { g.findings.iter().map(|f| f.reason.clone()).collect() },
                findings: g
                    .findings
                    .iter()
                    .map(|f| r::Finding {
                        kind: f.kind.clone(),
                        reason: if zh { f.reason_zh.clone() } else { f.reason.clone() },
                        figures: figures(&f.figures),
                    })
                    .collect(),
            }
        })
        .collect();
    // Each group's cross-posts (indices into the audit's list, ascending): a cluster's count is an intersection.
    let mut posts_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in audit.cross_posts.iter().enumerate() {
        for (_, g) in &c.groups {
            let list = posts_of.entry(g.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let posted_in = |g: &str| posts_of.get(g).map_or(&[][..], Vec::as_slice);
    let clusters = redundant
        .iter()
        .map(|o| r::Cluster {
            id: format!("{}~{}", o.a, o.b),
            groups: vec![o.a.clone(), o.b.clone()],
            jaccard: o.jaccard,
            containment: o.containment,
            shared_members: o.shared as u32,
            cross_posts: sorted_intersection(posted_in(&o.a), posted_in(&o.b)) as u32,
        })
        .collect();
    let lang = if zh { jingjian_plan::Lang::Zh } else { jingjian_plan::Lang::En };
    let plan_rows = plan
        .actions
        .iter()
        .map(|a| r::PlanAction {
            group: a.group.clone(),
            action: a.action.as_str().to_owned(),
            target: match &a.action {
                Action::MergeInto { target, .. } => Some(target.clone()),
                _ => None,
            },
            reason: a.reasons.iter().map(|x| x.text(lang)).collect::<Vec<_>>().join(if zh { "；" } else { "; " }),
            notice: a.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default(),
        })
        .collect();
    let conv = |b: &jingjian_plan::Burden| r::Burden {
        groups: b.groups as u32,
        messages_a_day: b.messages_per_day,
        reading_minutes_a_day: b.reading_minutes_per_day,
        after_hours_a_week: b.after_hours_per_week,
    };
    let members = burden
        .members
        .iter()
        .map(|m| r::MemberRow {
            id: m.id.clone(),
            name: m.name.clone().unwrap_or_else(|| m.id.clone()),
            unit: m.unit.clone(),
            before: conv(&m.before),
            after: conv(m.after.as_ref().unwrap_or(&m.before)),
        })
        .collect();
    let mut counts = [[0u64; 24]; 7];
    for (d, row) in audit.heatmap.iter().enumerate().take(7) {
        for (h, n) in row.iter().enumerate().take(24) {
            counts[d][h] = *n;
        }
    }
    let cross_posts = audit
        .cross_posts
        .iter()
        .map(|c| r::CrossPost {
            excerpt: c.excerpt.clone(),
            groups: c.groups.iter().map(|g| name(&g.1)).collect(),
            first: c.first.clone(),
        })
        .collect();
    r::ReportData {
        meta: r::Meta {
            title: if zh { "精简：工作群审计报告".into() } else { "jingjian: work-group audit".into() },
            organisation: None,
            first: audit.first.clone(),
            last: audit.last.clone(),
            generated_at: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            workspace_version: audit.version,
            tz: tz.to_owned(),
            zombie_days,
            many_groups: MANY_GROUPS,
        },
        headline,
        units,
        groups,
        clusters,
        plan: plan_rows,
        members,
        heatmaps: vec![r::Heatmap { unit: None, counts }],
        cross_posts,
    }
}
