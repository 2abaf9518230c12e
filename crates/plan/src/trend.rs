//! A campaign's progress between two snapshots (workspace versions): groups before → after, which groups went
//! and came, verdict counts, units down to one group, and the median member's burden, the way the district
//! reported "共精简微信工作群890个".

use crate::burden::{Burden, BurdenReport};
use crate::error::PlanError;
use crate::index::index_groups;
use crate::input::{GroupFacts, Lang, Verdict};
use crate::stats::{median, round2};
use jingjian_model::Source;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The state of the organisation at one point of the campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// What to call it (a workspace version, a date).
    pub label: String,
    /// Every group, with the audit's verdict at that point.
    pub groups: Vec<GroupFacts>,
    /// Each member's burden at that point.
    #[serde(default)]
    pub burden: Vec<Burden>,
}

impl Snapshot {
    /// A snapshot from a burden report: each member's current (`before`) burden is the snapshot's.
    pub fn from_report(label: impl Into<String>, groups: Vec<GroupFacts>, report: &BurdenReport) -> Snapshot {
        Snapshot { label: label.into(), groups, burden: report.members.iter().map(|m| m.before.clone()).collect() }
    }
}

/// A group named in a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendGroup {
    /// Source.
    pub source: Source,
    /// Group id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The verdict it carried in the snapshot it is seen in.
    pub verdict: Verdict,
}

/// How many groups carry each verdict, and how many are zombies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct VerdictCounts {
    /// Keep.
    pub keep: usize,
    /// Dissolve.
    pub dissolve: usize,
    /// Merge.
    pub merge: usize,
    /// Review.
    pub review: usize,
    /// Zombies (any verdict).
    pub zombie: usize,
}

impl VerdictCounts {
    fn of(groups: &[GroupFacts]) -> VerdictCounts {
        let mut c = VerdictCounts::default();
        for g in groups {
            match g.verdict {
                Verdict::Keep => c.keep += 1,
                Verdict::Dissolve => c.dissolve += 1,
                Verdict::Merge => c.merge += 1,
                Verdict::Review => c.review += 1,
            }
            c.zombie += usize::from(g.zombie);
        }
        c
    }
}

/// A figure before → after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BeforeAfter {
    /// In the first snapshot.
    pub before: f64,
    /// In the second.
    pub after: f64,
}

/// The median member's burden in both snapshots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendBurden {
    /// Members counted in the first snapshot.
    pub members_before: usize,
    /// Members counted in the second.
    pub members_after: usize,
    /// Median groups per member.
    pub groups: BeforeAfter,
    /// Median messages received a day.
    pub messages_per_day: BeforeAfter,
    /// Median important messages a day.
    pub important_per_day: BeforeAfter,
    /// Median reading minutes a day.
    pub reading_minutes_per_day: BeforeAfter,
    /// Median after-hours messages a week.
    pub after_hours_per_week: BeforeAfter,
}

/// Internal groups of one unit in both snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTrend {
    /// Unit id.
    pub unit: String,
    /// Internal groups in the first snapshot.
    pub groups_before: usize,
    /// Internal groups in the second.
    pub groups_after: usize,
}

/// Two snapshots compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// The first snapshot's label.
    pub from: String,
    /// The second snapshot's label.
    pub to: String,
    /// Groups in the first snapshot.
    pub groups_before: usize,
    /// Groups in the second.
    pub groups_after: usize,
    /// Groups in the first and not in the second.
    pub removed: usize,
    /// Groups in the second and not in the first.
    pub added: usize,
    /// The removed groups (verdict as in the first snapshot).
    pub removed_groups: Vec<TrendGroup>,
    /// The added groups (verdict as in the second snapshot).
    pub added_groups: Vec<TrendGroup>,
    /// Verdicts in the first snapshot.
    pub verdicts_before: VerdictCounts,
    /// Verdicts in the second.
    pub verdicts_after: VerdictCounts,
    /// Units (with internal groups in either snapshot) down to exactly one internal group, before and after.
    pub units_with_one_group: (usize, usize),
    /// Internal groups per unit.
    pub units: Vec<UnitTrend>,
    /// The median member's burden.
    pub burden: TrendBurden,
}

/// Compares snapshot `a` (earlier) with `b` (later). Groups are matched by source and id.
pub fn compare(a: &Snapshot, b: &Snapshot) -> Result<Trend, PlanError> {
    let ia = index_groups(&format!("snapshot `{}` groups", a.label), &a.groups)?;
    let ib = index_groups(&format!("snapshot `{}` groups", b.label), &b.groups)?;
    let only = |gs: &[GroupFacts], other: &crate::index::GroupIndex| -> Vec<TrendGroup> {
        gs.iter()
            .filter(|g| !other.contains_key(&(g.source, g.id.as_str())))
            .map(|g| TrendGroup {
                source: g.source,
                id: g.id.clone(),
                name: g.display_name().into(),
                unit: g.unit.clone(),
                verdict: g.verdict,
            })
            .collect()
    };
    let removed_groups = only(&a.groups, &ib);
    let added_groups = only(&b.groups, &ia);

    let per_unit = |gs: &[GroupFacts]| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for g in gs.iter().filter(|g| g.is_internal) {
            if let Some(u) = &g.unit {
                *m.entry(u.clone()).or_insert(0) += 1;
            }
        }
        m
    };
    let (ua, ub) = (per_unit(&a.groups), per_unit(&b.groups));
    let names: BTreeSet<&String> = ua.keys().chain(ub.keys()).collect();
    let units: Vec<UnitTrend> = names
        .into_iter()
        .map(|u| UnitTrend {
            unit: u.clone(),
            groups_before: ua.get(u).copied().unwrap_or(0),
            groups_after: ub.get(u).copied().unwrap_or(0),
        })
        .collect();
    let ones =
        (units.iter().filter(|u| u.groups_before == 1).count(), units.iter().filter(|u| u.groups_after == 1).count());

    let med = |f: fn(&Burden) -> f64| BeforeAfter {
        before: round2(median(&a.burden.iter().map(f).collect::<Vec<_>>())),
        after: round2(median(&b.burden.iter().map(f).collect::<Vec<_>>())),
    };
    let burden = TrendBurden {
        members_before: a.burden.len(),
        members_after: b.burden.len(),
        groups: med(|x| x.groups as f64),
        messages_per_day: med(|x| x.messages_per_day),
        important_per_day: med(|x| x.important_per_day),
        reading_minutes_per_day: med(|x| x.reading_minutes_per_day),
        after_hours_per_week: med(|x| x.after_hours_per_week),
    };
    Ok(Trend {
        from: a.label.clone(),
        to: b.label.clone(),
        groups_before: a.groups.len(),
        groups_after: b.groups.len(),
        removed: removed_groups.len(),
        added: added_groups.len(),
        removed_groups,
        added_groups,
        verdicts_before: VerdictCounts::of(&a.groups),
        verdicts_after: VerdictCounts::of(&b.groups),
        units_with_one_group: ones,
        units,
        burden,
    })
}

impl Trend {
    /// The trend as a few lines of text.
    pub fn to_text(&self, lang: Lang) -> String {
        let (vb, va, b) = (&self.verdicts_before, &self.verdicts_after, &self.burden);
        let ba = |x: &BeforeAfter| format!("{:.1} → {:.1}", x.before, x.after);
        let args: Vec<String> = vec![
            self.from.to_string(),
            self.to.to_string(),
            self.groups_before.to_string(),
            self.groups_after.to_string(),
            self.removed.to_string(),
            self.added.to_string(),
            vb.keep.to_string(),
            va.keep.to_string(),
            vb.dissolve.to_string(),
            va.dissolve.to_string(),
            vb.merge.to_string(),
            va.merge.to_string(),
            vb.review.to_string(),
            va.review.to_string(),
            vb.zombie.to_string(),
            va.zombie.to_string(),
            self.units_with_one_group.0.to_string(),
            self.units_with_one_group.1.to_string(),
            self.units.len().to_string(),
            ba(&b.groups),
            ba(&b.messages_per_day),
            ba(&b.important_per_day),
            ba(&b.reading_minutes_per_day),
            ba(&b.after_hours_per_week),
        ];
        let template = match lang {
            Lang::Zh => {
                "群组精简进展（{} → {}）\n群组：{} → {}，共精简 {} 个，新增 {} 个\n审计结论：保留 {} → {}，解散 {} → {}，合并 {} → {}，待研判 {} → {}，僵尸群 {} → {}\n只保留一个工作群的单位：{} → {}（共 {} 个单位）\n成员负担中位数：所在群 {}；每天消息 {} 条；每天重要消息 {} 条；每天阅读 {} 分钟；每周下班后消息 {} 条\n"
            }
            Lang::En => {
                "Consolidation trend ({} → {})\nGroups: {} → {}: {} groups removed, {} added\nVerdicts: keep {} → {}, dissolve {} → {}, merge {} → {}, review {} → {}, zombies {} → {}\nUnits down to one work group: {} → {} (of {} units)\nMedian member: groups {}; messages a day {}; important a day {}; reading minutes a day {}; after-hours messages a week {}\n"
            }
        };
        fill(template, &args)
    }

    /// The trend as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a trend holds only strings, numbers and lists")
    }
}

/// Replaces each `{}` of `template` by the next of `args`, in order (one argument list for every language).
fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(String::len).sum::<usize>());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().map_or("", String::as_str));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::burden::compute;
    use crate::config::PlanConfig;
    use crate::plan::{Action, make_plan};
    use crate::testkit::{GroupBuild, group};

    /// Before: unit A has 3 groups, unit B 2, plus a zombie. After the plan: the groups the plan keeps, re-audited.
    fn campaign() -> (Snapshot, Snapshot) {
        let before = vec![
            group("a1").unit("A").members(&["u1", "u2"]).msgs(600, 60, 200),
            group("a2").unit("A").members(&["u1"]).msgs(300, 30, 100).merge("a1"),
            group("a3").unit("A").members(&["u2"]).msgs(90, 9, 30),
            group("b1").unit("B").members(&["u3"]).msgs(300, 30, 100),
            group("b2").unit("B").members(&["u3", "u1"]).msgs(60, 6, 20).merge("b1"),
            group("z").unit("B").members(&["u1", "u2", "u3"]).zombie(),
        ];
        let cfg = PlanConfig::default();
        let plan = make_plan(&before, &cfg).unwrap();
        let report = compute(&before, &[], None, &cfg).unwrap();
        let a = Snapshot::from_report("v1", before.clone(), &report);
        // The next snapshot: the plan carried out, merged groups' members joined their targets, all kept.
        let after: Vec<GroupFacts> = before
            .iter()
            .zip(&plan.actions)
            .filter(|(_, a)| a.action == Action::Keep)
            .map(|(g, a)| {
                let mut g = g.clone().members(&a.members_after.iter().map(String::as_str).collect::<Vec<_>>());
                g.verdict = Verdict::Keep;
                g
            })
            .chain([group("c1").unit("C").members(&["u4"]).msgs(30, 3, 0)])
            .collect();
        let report = compute(&after, &[], None, &cfg).unwrap();
        (a, Snapshot::from_report("v2", after, &report))
    }

    #[test]
    fn groups_removed_added_and_units_down_to_one() {
        let (a, b) = campaign();
        let t = compare(&a, &b).unwrap();
        assert_eq!((t.groups_before, t.groups_after, t.removed, t.added), (6, 3, 4, 1));
        let removed: Vec<&str> = t.removed_groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(removed, ["a2", "a3", "b2", "z"]);
        assert_eq!(t.added_groups[0].id, "c1");
        assert_eq!(t.verdicts_before, VerdictCounts { keep: 3, dissolve: 1, merge: 2, review: 0, zombie: 1 });
        assert_eq!(t.verdicts_after, VerdictCounts { keep: 3, dissolve: 0, merge: 0, review: 0, zombie: 0 });
        assert_eq!(t.units_with_one_group, (0, 3));
        // Median member: u1 in 4 groups before (a1, a2, b2, z), u2 in 3, u3 in 3 → 3; after every member is in 1.
        assert_eq!((t.burden.groups.before, t.burden.groups.after), (3.0, 1.0));
        assert!(t.burden.messages_per_day.after < t.burden.messages_per_day.before);
    }

    #[test]
    fn text_reports_groups_removed_in_both_languages() {
        let (a, b) = campaign();
        let t = compare(&a, &b).unwrap();
        let zh = t.to_text(Lang::Zh);
        assert!(zh.contains("群组：6 → 3，共精简 4 个，新增 1 个"), "{zh}");
        assert!(zh.contains("只保留一个工作群的单位：0 → 3（共 3 个单位）"), "{zh}");
        let en = t.to_text(Lang::En);
        assert!(en.contains("Groups: 6 → 3: 4 groups removed, 1 added"), "{en}");
        assert!(en.contains("zombies 1 → 0"), "{en}");
        let v: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
        assert_eq!(v["removed"], 4);
        assert_eq!(v["units_with_one_group"], serde_json::json!([0, 3]));
    }

    #[test]
    fn a_snapshot_with_a_group_twice_is_refused() {
        let a = Snapshot { label: "v1".into(), groups: vec![group("g"), group("g")], burden: vec![] };
        let e = compare(&a, &a).unwrap_err().to_string();
        assert_eq!(e, "snapshot `v1` groups, record 2: group `wecom:g` was already given at record 1");
    }
}
