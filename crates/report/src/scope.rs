//! What a report shows for given options: one unit's slice of the data (`--unit`) with its own headline figures,
//! and member names and ids replaced by pseudonyms (`--pseudonymize`). `render_html` calls [`scope`]; the CLI calls
//! it before `write_tables` so that the tables match the report.

use crate::data::{Change, GroupRow, Headline, MemberRow, ReportData};
use crate::error::ReportError;
use crate::options::Options;
use crate::pseudo::Pseudonyms;
use std::collections::{HashMap, HashSet};

/// The data as the report with `opts` shows it.
pub fn scope(data: &ReportData, opts: &Options) -> Result<ReportData, ReportError> {
    let mut out = match &opts.unit {
        Some(unit) => unit_slice(data, unit)?,
        None => data.clone(),
    };
    if opts.pseudonymize {
        pseudonymize(&mut out, &Pseudonyms::new(&data.members, opts.lang));
    }
    Ok(out)
}

/// The id of the unit `wanted` names (by id, else by name).
pub fn resolve_unit<'a>(data: &'a ReportData, wanted: &str) -> Result<&'a str, ReportError> {
    let found = data.units.iter().find(|u| u.id == wanted).or_else(|| data.units.iter().find(|u| u.name == wanted));
    match found {
        Some(u) => Ok(&u.id),
        None => Err(ReportError::UnknownUnit {
            unit: wanted.to_string(),
            known: data.units.iter().map(|u| format!("{} ({})", u.id, u.name)).collect::<Vec<_>>().join(", "),
        }),
    }
}

fn unit_slice(data: &ReportData, wanted: &str) -> Result<ReportData, ReportError> {
    let unit = resolve_unit(data, wanted)?;
    let in_unit = |u: &Option<String>| u.as_deref() == Some(unit);
    let groups: Vec<GroupRow> = data.groups.iter().filter(|g| in_unit(&g.unit)).cloned().collect();
    let ids: HashSet<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let members: Vec<MemberRow> = data.members.iter().filter(|m| in_unit(&m.unit)).cloned().collect();
    let clusters: Vec<_> =
        data.clusters.iter().filter(|c| c.groups.iter().any(|g| ids.contains(g.as_str()))).cloned().collect();
    let kept: HashMap<&str, bool> = data.groups.iter().map(|g| (g.id.as_str(), g.kept())).collect();
    let headline = derive_headline(&groups, &members, &clusters, &kept, data.meta.many_groups);
    Ok(ReportData {
        meta: data.meta.clone(),
        headline,
        units: data.units.iter().filter(|u| u.id == unit).cloned().collect(),
        plan: data.plan.iter().filter(|a| ids.contains(a.group.as_str())).cloned().collect(),
        heatmaps: data.heatmaps.iter().filter(|h| h.unit.as_deref() == Some(unit)).cloned().collect(),
        cross_posts: data
            .cross_posts
            .iter()
            .filter(|c| c.groups.iter().any(|g| ids.contains(g.as_str())))
            .cloned()
            .collect(),
        groups,
        members,
        clusters,
    })
}

/// The value at percentile `p` (0..=1) of `values` by the nearest-rank method; 0 for no values.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = (p * values.len() as f64).ceil().max(1.0) as usize;
    values[rank.min(values.len()) - 1]
}

/// Headline figures worked out from rows, as `--unit` shows them: groups kept = verdict `keep` or `review`; zombies =
/// groups with a `zombie` finding; a cluster is redundant after the plan while two or more of its groups are kept
/// (`kept` tells, by group id, for groups outside `groups` too); member figures are medians and nearest-rank 90th
/// percentiles over `members`; the after-hours share is after-hours messages received a week over seven times the
/// messages received a day, summed over members.
pub fn derive_headline(
    groups: &[GroupRow],
    members: &[MemberRow],
    clusters: &[crate::data::Cluster],
    kept: &HashMap<&str, bool>,
    many_groups: u32,
) -> Headline {
    let count = |n: usize| n as f64;
    let zombies = groups.iter().filter(|g| g.is_zombie());
    let clusters_after = clusters
        .iter()
        .filter(|c| c.groups.iter().filter(|g| kept.get(g.as_str()).copied().unwrap_or(true)).count() >= 2)
        .count();
    let member_change = |f: &dyn Fn(&crate::data::Burden) -> f64, p: f64| {
        let mut before: Vec<f64> = members.iter().map(|m| f(&m.before)).collect();
        let mut after: Vec<f64> = members.iter().map(|m| f(&m.after)).collect();
        Change::new(percentile(&mut before, p), percentile(&mut after, p))
    };
    let share = |f: &dyn Fn(&MemberRow) -> &crate::data::Burden| {
        let week: f64 = members.iter().map(|m| f(m).after_hours_a_week).sum();
        let day: f64 = members.iter().map(|m| f(m).messages_a_day).sum();
        if day > 0.0 { week / (7.0 * day) } else { 0.0 }
    };
    Headline {
        groups: Change::new(count(groups.len()), count(groups.iter().filter(|g| g.kept()).count())),
        zombies: Change::new(count(zombies.clone().count()), count(zombies.filter(|g| g.kept()).count())),
        redundant_clusters: Change::new(count(clusters.len()), count(clusters_after)),
        members_in_many_groups: Change::new(
            count(members.iter().filter(|m| m.before.groups > many_groups).count()),
            count(members.iter().filter(|m| m.after.groups > many_groups).count()),
        ),
        reading_minutes_median: member_change(&|b| b.reading_minutes_a_day, 0.5),
        reading_minutes_p90: member_change(&|b| b.reading_minutes_a_day, 0.9),
        messages_median: member_change(&|b| b.messages_a_day, 0.5),
        messages_p90: member_change(&|b| b.messages_a_day, 0.9),
        after_hours_share: Change::new(share(&|m| &m.before), share(&|m| &m.after)),
    }
}

fn pseudonymize(data: &mut ReportData, p: &Pseudonyms) {
    for m in &mut data.members {
        m.name = p.id(&m.id);
        m.id = m.name.clone();
    }
    for g in &mut data.groups {
        g.name = p.text(&g.name);
        g.owner = g.owner.as_deref().map(|o| p.id(o));
        for r in &mut g.reasons {
            *r = p.text(r);
        }
        for f in &mut g.findings {
            f.reason = p.text(&f.reason);
        }
    }
    for a in &mut data.plan {
        a.reason = p.text(&a.reason);
        a.notice = p.text(&a.notice);
    }
    for c in &mut data.cross_posts {
        c.excerpt = p.text(&c.excerpt);
    }
    data.meta.title = p.text(&data.meta.title);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_uses_nearest_rank() {
        assert_eq!(percentile(&mut [], 0.5), 0.0);
        assert_eq!(percentile(&mut [3.0, 1.0, 2.0], 0.5), 2.0);
        assert_eq!(percentile(&mut [1.0, 2.0, 3.0, 4.0], 0.5), 2.0);
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&mut v, 0.9), 9.0);
    }
}
