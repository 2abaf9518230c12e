//! Tests of the planner on hand-built organisations, plus generated ones for the invariants.

use super::*;
use crate::input::Lang;
use crate::testkit::{GroupBuild, group};
use proptest::prelude::*;

fn action<'a>(p: &'a Plan, id: &str) -> &'a GroupAction {
    p.actions.iter().find(|a| a.group == id).unwrap_or_else(|| panic!("no action for {id}"))
}

/// What must hold for every plan: no non-exempt zombie remains, no unit keeps more non-exempt internal groups than
/// its quota, every dissolve and merge has a notice, every merge goes into a kept group, and no merged group
/// carries more than the limit.
fn assert_invariants(groups: &[GroupFacts], cfg: &PlanConfig, p: &Plan) {
    assert_eq!(p.actions.len(), groups.len());
    let mut kept: BTreeMap<&str, usize> = BTreeMap::new();
    for (g, a) in groups.iter().zip(&p.actions) {
        assert_eq!(g.id, a.group);
        let exempt = g.exempt || cfg.allows(g);
        if g.zombie && !exempt {
            assert_eq!(a.action, Action::Dissolve, "zombie {} remains: {:?}", g.id, a.action);
        }
        if let (Some(u), true, false, Action::Keep) = (g.unit.as_deref(), g.is_internal, exempt, &a.action) {
            *kept.entry(u).or_default() += 1;
        }
        match &a.action {
            Action::Dissolve | Action::MergeInto { .. } => assert!(a.notice.is_some(), "{} has no notice", g.id),
            _ => assert!(a.notice.is_none()),
        }
        if let Action::MergeInto { target, .. } = &a.action {
            let t = action(p, target);
            assert_eq!(t.action, Action::Keep, "{} merges into {target} which is not kept", g.id);
            assert!(t.messages_per_day_after <= cfg.max_merged_per_day + 0.01, "{target} floods");
            assert_eq!(a.members_after, t.members_after);
            for m in &g.members {
                assert!(t.members_after.contains(m), "{m} of {} lost in the merge", g.id);
            }
        }
    }
    for (u, n) in kept {
        assert!(n <= cfg.quota(u) as usize, "unit {u} keeps {n} groups over its quota {}", cfg.quota(u));
    }
    assert!(p.units.iter().all(|u| !u.over_quota));
}

/// Unit A: three busy internal groups, a zombie and an exempt dormant flood-control group. Unit B: a main group, a
/// duplicate of it, and a zombie the audit wanted to merge. Plus an external group with no unit.
fn org() -> Vec<GroupFacts> {
    vec![
        group("a1").unit("A").members(&["u1", "u2", "u3"]).msgs(900, 90, 300),
        group("a2").unit("A").members(&["u1", "u4"]).msgs(300, 30, 100),
        group("a3").unit("A").members(&["u2", "u5"]).msgs(150, 15, 50),
        group("a4").unit("A").members(&["u1"]).zombie(),
        group("a5").unit("A").members(&["u1", "u2"]).zombie().exempt(),
        group("b1").unit("B").members(&["v1", "v2"]).msgs(600, 60, 200),
        group("b2").unit("B").members(&["v1", "v3"]).msgs(300, 30, 100).merge("b1"),
        group("b3").unit("B").members(&["v2"]).zombie().merge("b1"),
        group("x1").members(&["u1", "v1"]).msgs(30, 3, 10),
    ]
}

#[test]
fn no_zombie_remains_and_no_unit_is_over_quota() {
    let groups = org();
    let cfg = PlanConfig::default();
    let p = make_plan(&groups, &cfg).unwrap();
    assert_invariants(&groups, &cfg, &p);
    // Unit A keeps its busiest group; the others merge into it under the quota rule.
    assert_eq!(action(&p, "a1").action, Action::Keep);
    assert!(action(&p, "a1").reasons.contains(&Reason::MainGroup { unit: "A".into(), quota: 1 }));
    for id in ["a2", "a3"] {
        let a = action(&p, id);
        assert_eq!(a.action, Action::MergeInto { target: "a1".into(), target_name: "a1群".into() });
        assert!(a.reasons.contains(&Reason::OverQuota { unit: "A".into(), quota: 1, main: Some("a1".into()) }));
        assert!(a.notice.as_ref().unwrap().text.contains("一个单位原则上只保留一个工作群"));
    }
    assert_eq!(action(&p, "a1").members_after, ["u1", "u2", "u3", "u4", "u5"]);
    // (900 + 300 + 150) / 30 = 45 a day.
    assert_eq!(action(&p, "a1").messages_per_day_after, 45.0);
    assert_eq!(action(&p, "a4").action, Action::Dissolve);
    // The exempt zombie stays and does not count toward the quota.
    assert_eq!(action(&p, "a5").action, Action::Keep);
    assert_eq!(action(&p, "a5").reasons, [Reason::Exempt { overrides: Verdict::Dissolve }]);
    // A zombie is dissolved even when the audit wanted it merged.
    let b3 = action(&p, "b3");
    assert_eq!(b3.action, Action::Dissolve);
    assert!(b3.reasons.contains(&Reason::ZombieNotMerged { target: "b1".into() }));
    assert!(b3.notice.as_ref().unwrap().text.contains("已长期无人发言"));
    let b2 = action(&p, "b2");
    assert!(matches!(b2.action, Action::MergeInto { ref target, .. } if target == "b1"));
    assert!(b2.notice.as_ref().unwrap().text.contains("内容相近、成员重叠"));
    assert_eq!(action(&p, "x1").action, Action::Keep);
    let s = &p.summary;
    assert_eq!((s.groups_before, s.groups_after, s.keep, s.dissolve, s.merge_into, s.review), (9, 4, 4, 2, 3, 0));
    assert_eq!((s.exempt, s.notices), (1, 5));
    // 2280 messages over 30 days; the merges move traffic without removing any (no shared copies, zombies are silent).
    assert_eq!((s.messages_per_day_before, s.messages_per_day_after), (76.0, 76.0));
    let unit_a = p.units.iter().find(|u| u.unit == "A").unwrap();
    assert_eq!((unit_a.internal_before, unit_a.kept_after, unit_a.exempt), (4, 1, 1));
}

#[test]
fn quotas_and_allow_lists_come_from_the_config() {
    let groups = org();
    let mut cfg = PlanConfig::default();
    cfg.quotas.insert("A".into(), 2);
    cfg.allow_list.push("a4群".into());
    let p = make_plan(&groups, &cfg).unwrap();
    assert_invariants(&groups, &cfg, &p);
    assert_eq!(action(&p, "a2").action, Action::Keep);
    assert!(matches!(action(&p, "a3").action, Action::MergeInto { ref target, .. } if target == "a1"));
    assert_eq!(action(&p, "a4").action, Action::Keep, "allow-listed by name");
    // Quota 0: the unit may keep nothing, so its groups go to a person.
    cfg.quotas.insert("B".into(), 0);
    let p = make_plan(&groups, &cfg).unwrap();
    assert_invariants(&groups, &cfg, &p);
    assert!(matches!(action(&p, "b1").action, Action::Review { .. }));
    assert!(matches!(action(&p, "b2").action, Action::Review { .. }));
    assert!(action(&p, "b2").reasons.contains(&Reason::TargetNotKept { target: "b1".into(), action: "review".into() }));
}

#[test]
fn a_merge_over_the_volume_limit_is_refused_with_split_advice() {
    // 60 + 50 + 30 + 20 = 160 messages a day into t: over 100.
    let groups = vec![
        group("t").msgs(1800, 0, 0),
        group("s1").msgs(1500, 0, 0).merge("t"),
        group("s2").msgs(900, 0, 0).merge("t"),
        group("s3").msgs(600, 0, 0).merge("t"),
    ];
    let cfg = PlanConfig::default();
    let p = make_plan(&groups, &cfg).unwrap();
    assert_invariants(&groups, &cfg, &p);
    assert_eq!(action(&p, "t").action, Action::Keep);
    for id in ["s1", "s2", "s3"] {
        let a = action(&p, id);
        assert!(a.reasons.contains(&Reason::TooBusy { target: "t".into(), per_day: 160.0, limit: 100.0 }), "{id}");
        assert!(a.notice.is_none(), "no notice for a refused merge");
        let Action::Review { advice: Some(adv) } = &a.action else { panic!("{id}: {:?}", a.action) };
        // First-fit decreasing: t(60)+s2(30) = 90 and s1(50)+s3(20) = 70.
        assert!(adv.separate.is_empty());
        let merges: Vec<(&str, Vec<&str>, f64)> = adv
            .merges
            .iter()
            .map(|m| (m.into.id.as_str(), m.groups.iter().map(|g| g.id.as_str()).collect(), m.per_day))
            .collect();
        assert_eq!(merges, [("t", vec!["s2"], 90.0), ("s1", vec!["s3"], 70.0)]);
        assert_eq!(
            adv.text(Lang::Zh),
            "全部并入「t群」后每天约 160.0 条消息，超过上限 100 条。建议：「s2群」并入「t群」（合并后每天约 90.0 条）；「s3群」并入「s1群」（合并后每天约 70.0 条）。"
        );
    }
    assert_eq!(action(&p, "t").messages_per_day_after, 60.0, "nothing merges into t");
    let j = serde_json::to_value(&p).unwrap();
    assert_eq!(j["actions"][1]["action"], "review");
    assert_eq!(j["actions"][1]["advice"]["merges"][0]["into"]["id"], "t");
    assert_eq!(serde_json::from_value::<Plan>(j).unwrap(), p);
}

#[test]
fn a_target_busier_than_the_limit_is_kept_separate() {
    let groups = vec![
        group("t").msgs(4500, 0, 0),
        group("s1").msgs(600, 0, 0).merge("t"),
        group("s2").msgs(300, 0, 0).merge("t"),
    ];
    let p = make_plan(&groups, &PlanConfig::default()).unwrap();
    let Action::Review { advice: Some(adv) } = &action(&p, "s2").action else { panic!() };
    assert_eq!(adv.separate.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["t"]);
    assert_eq!(adv.merges.len(), 1);
    assert_eq!((adv.merges[0].into.id.as_str(), adv.merges[0].per_day), ("s1", 30.0));
    let en = adv.text(Lang::En);
    assert!(en.contains("Instead: keep “t群” separate; merge “s2群” into “s1群” (about 30.0 a day)."), "{en}");
}

#[test]
fn collapsed_cross_posts_can_bring_a_merge_under_the_limit() {
    // t: 1500 own + 300 shared notices = 60 a day; s: 1050 own + the same 300 = 45 a day. The sum is 105, but the
    // 300 copies in s collapse (10 a day), so the merged group carries 95.
    let mut t = group("t").msgs(1500, 0, 0);
    let mut s = group("s").msgs(1050, 0, 0).merge("t");
    for c in 0..300 {
        t = t.cross(&format!("c{c}"));
        s = s.cross(&format!("c{c}"));
    }
    let groups = vec![t, s];
    let p = make_plan(&groups, &PlanConfig::default()).unwrap();
    assert!(matches!(action(&p, "s").action, Action::MergeInto { .. }));
    assert_eq!(action(&p, "t").messages_per_day_after, 95.0);
    assert!(action(&p, "t").reasons.contains(&Reason::MergeTarget { sources: 1, per_day: 95.0 }));
}

#[test]
fn merge_chains_follow_to_the_final_target_and_broken_ones_go_to_review() {
    let groups = vec![
        group("a").merge("b"),
        group("b").merge("c"),
        group("c"),
        group("d").merge("nowhere"),
        group("e").merge("f"),
        group("f").merge("e"),
        group("g").merge("h"),
        group("h").zombie(),
        group("i").verdict(Verdict::Merge),
    ];
    let cfg = PlanConfig::default();
    let p = make_plan(&groups, &cfg).unwrap();
    assert_invariants(&groups, &cfg, &p);
    assert!(matches!(action(&p, "a").action, Action::MergeInto { ref target, .. } if target == "c"));
    assert!(action(&p, "a").reasons.contains(&Reason::TargetMerged { target: "b".into(), into: "c".into() }));
    assert!(matches!(action(&p, "b").action, Action::MergeInto { ref target, .. } if target == "c"));
    assert!(action(&p, "d").reasons.contains(&Reason::TargetMissing { target: "nowhere".into() }));
    assert!(action(&p, "e").reasons.contains(&Reason::MergeCycle { target: "f".into() }));
    assert!(action(&p, "g").reasons.contains(&Reason::TargetNotKept { target: "h".into(), action: "dissolve".into() }));
    assert!(action(&p, "i").reasons.contains(&Reason::NoTarget));
    for id in ["d", "e", "f", "g", "i"] {
        assert!(matches!(action(&p, id).action, Action::Review { advice: None }), "{id}");
    }
}

#[test]
fn notices_follow_the_group_language_unless_forced() {
    let groups = vec![
        group("zh").zombie(),
        group("en").zombie().lang(Lang::En),
        group("keep").lang(Lang::En),
        group("dup").lang(Lang::En).merge("keep"),
    ];
    let p = make_plan(&groups, &PlanConfig::default()).unwrap();
    let zh = action(&p, "zh").notice.as_ref().unwrap();
    assert_eq!(zh.lang, Lang::Zh);
    assert!(zh.text.starts_with("【群组精简通知】本群「zh群」已长期无人发言"), "{}", zh.text);
    let en = action(&p, "en").notice.as_ref().unwrap();
    assert_eq!(en.lang, Lang::En);
    assert!(en.text.starts_with("[Group consolidation notice] No one has written in this group (“en群”)"));
    let dup = action(&p, "dup").notice.as_ref().unwrap();
    assert!(dup.text.contains("will be merged into “keep群”"), "{}", dup.text);
    let forced = PlanConfig { notice_lang: Some(Lang::Zh), ..PlanConfig::default() };
    let p = make_plan(&groups, &forced).unwrap();
    let en = action(&p, "en").notice.as_ref().unwrap();
    assert_eq!(en.lang, Lang::Zh);
    assert!(en.text.contains("本群「en群」"));
}

#[test]
fn plan_json_carries_the_action_tag_and_round_trips() {
    let p = make_plan(&org(), &PlanConfig::default()).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    let a2 = v["actions"].as_array().unwrap().iter().find(|a| a["group"] == "a2").unwrap();
    assert_eq!(a2["action"], "merge_into");
    assert_eq!(a2["target"], "a1");
    assert_eq!(a2["source"], "wecom");
    assert_eq!(a2["reasons"][1]["code"], "over_quota");
    assert_eq!(v["summary"]["groups_after"], 4);
    let back: Plan = serde_json::from_value(v).unwrap();
    assert_eq!(back, p);
}

#[test]
fn bad_input_is_refused() {
    let e = make_plan(&[group("a"), group("a")], &PlanConfig::default()).unwrap_err();
    assert!(matches!(e, PlanError::DuplicateGroup { first: 1, second: 2, .. }), "{e}");
    let cfg = PlanConfig { max_merged_per_day: -1.0, ..PlanConfig::default() };
    assert!(make_plan(&[], &cfg).unwrap_err().to_string().contains("max_merged_per_day"));
}

fn arb_org() -> impl Strategy<Value = (Vec<GroupFacts>, u32)> {
    let g = (0u8..3, 0u8..4, 0u64..4000, 0u8..12, any::<bool>(), any::<bool>(), 0u8..6);
    (prop::collection::vec(g, 1..14), 0u32..3).prop_map(|(specs, quota)| {
        let n = specs.len();
        let groups = specs
            .into_iter()
            .enumerate()
            .map(|(i, (unit, verdict, human, target, zombie, exempt, cross))| {
                let mut g = group(&format!("g{i}")).members(&[&format!("m{}", i % 5), "all"]).msgs(human, 0, 0);
                if unit > 0 {
                    g = g.unit(&format!("U{unit}"));
                }
                g = match verdict {
                    0 => g,
                    1 => g.verdict(Verdict::Dissolve),
                    2 => g.merge(&format!("g{}", target as usize % (n + 1))),
                    _ => g.verdict(Verdict::Review),
                };
                for c in 0..cross {
                    g = g.cross(&format!("c{c}"));
                }
                g.zombie = zombie && human % 3 == 0;
                g.exempt = exempt && human % 5 == 0;
                g
            })
            .collect();
        (groups, quota)
    })
}

proptest! {
    #[test]
    fn every_plan_keeps_the_invariants((groups, quota) in arb_org()) {
        let cfg = PlanConfig { default_quota: quota, ..PlanConfig::default() };
        let p = make_plan(&groups, &cfg).unwrap();
        assert_invariants(&groups, &cfg, &p);
        let s = &p.summary;
        prop_assert_eq!(s.keep + s.dissolve + s.merge_into + s.review, groups.len());
        prop_assert_eq!(s.groups_after, s.keep + s.review);
    }
}
