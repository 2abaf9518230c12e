//! Tests of the burden simulation on hand-built organisations.

use super::*;
use crate::input::{PostedIn, Verdict};
use crate::plan::make_plan;
use crate::testkit::{GroupBuild, group, member};
use proptest::prelude::*;

fn row<'a>(r: &'a BurdenReport, id: &str) -> &'a MemberBurden {
    r.members.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no member {id}"))
}

/// Three groups over 30 days: a busy noisy one, a quiet one, a zombie. u1 is in all three.
fn org() -> Vec<GroupFacts> {
    let mut busy = group("busy").members(&["u1", "u2"]).msgs(600, 60, 300);
    busy.traffic.after_hours_messages = 120;
    busy.traffic.urgent_after_hours_messages = 30;
    busy.traffic.en_words = 2380;
    vec![busy, group("quiet").members(&["u1", "u3"]).msgs(90, 30, 0), group("dead").members(&["u1"]).zombie()]
}

#[test]
fn figures_follow_the_formulas() {
    let cfg = PlanConfig::default();
    let mut u1 = member("u1");
    u1.acks = 12;
    u1.check_ins = 3;
    let r = compute(&org(), &[u1], None, &cfg).unwrap();
    let b = &row(&r, "u1").before;
    assert_eq!(b.groups, 3);
    assert_eq!(b.messages_per_day, 23.0); // (600 + 90) / 30
    assert_eq!(b.important_per_day, 3.0); // (60 + 30) / 30
    assert_eq!(b.noise_share, 0.435); // 300 / 690
    // Chinese: 6900 chars / 30 / 300 = 0.7667 min; English: 2380 / 30 / 238 = 0.3333; overhead 23 × 0.5 s = 0.1917.
    assert_eq!(b.reading_minutes_per_day, 1.29);
    assert_eq!(b.after_hours_per_week, 28.0); // 120 / 30 × 7
    assert_eq!(b.urgent_after_hours_per_week, 7.0);
    assert_eq!((b.acks_posted, b.check_ins_posted), (12, 3));
    assert!(row(&r, "u1").after.is_none() && r.headline.groups_after.is_none());
    // Members only the groups name are counted too, after the given ones.
    assert_eq!(r.members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["u1", "u2", "u3"]);
    assert_eq!(row(&r, "u3").before.messages_per_day, 3.0);
}

#[test]
fn dissolving_groups_never_raises_messages_a_day() {
    let groups = vec![
        group("a").members(&["u1", "u2"]).msgs(300, 30, 100),
        group("b").members(&["u1"]).msgs(60, 6, 20).verdict(Verdict::Dissolve),
        group("c").members(&["u2", "u3"]).msgs(90, 9, 30).verdict(Verdict::Dissolve),
        group("d").members(&["u3"]).zombie(),
    ];
    let cfg = PlanConfig::default();
    let plan = make_plan(&groups, &cfg).unwrap();
    let mut u2 = member("u2");
    u2.acks = 10;
    u2.posted_in = vec![PostedIn { group: "c".into(), acks: 4, check_ins: 0 }];
    let r = compute(&groups, &[u2], Some(&plan), &cfg).unwrap();
    for m in &r.members {
        let a = m.after.as_ref().unwrap();
        assert!(a.messages_per_day <= m.before.messages_per_day, "{}", m.id);
        assert!(a.reading_minutes_per_day <= m.before.reading_minutes_per_day, "{}", m.id);
    }
    let u2 = row(&r, "u2");
    assert_eq!((u2.before.messages_per_day, u2.after.as_ref().unwrap().messages_per_day), (13.0, 10.0));
    assert_eq!(u2.groups_after.as_deref(), Some(&["a".to_string()][..]));
    assert_eq!(u2.after.as_ref().unwrap().acks_posted, 6, "acks posted in the dissolved group go with it");
    assert_eq!(row(&r, "u3").after.as_ref().unwrap().groups, 0);
    assert_eq!((r.headline.groups_before, r.headline.groups_after), (4, Some(1)));
}

#[test]
fn a_merge_collapses_cross_posts_for_members_of_both_and_floods_members_of_one() {
    // t: 300 own + 30 shared notices; s: 150 own + the same 30. u1 is in both; u2 only in s; u3 only in t.
    let mut t = group("t").members(&["u1", "u3"]).msgs(300, 0, 0);
    let mut s = group("s").members(&["u1", "u2"]).msgs(150, 0, 0).merge("t");
    for c in 0..30 {
        t = t.cross(&format!("c{c}"));
        s = s.cross(&format!("c{c}"));
    }
    let groups = vec![t, s];
    let cfg = PlanConfig::default();
    let plan = make_plan(&groups, &cfg).unwrap();
    let r = compute(&groups, &[], Some(&plan), &cfg).unwrap();
    let (u1, u2, u3) = (row(&r, "u1"), row(&r, "u2"), row(&r, "u3"));
    // u1 received 11 + 6 = 17 a day, the 30 notices twice; merged: 17 − 1 = 16.
    assert_eq!((u1.before.messages_per_day, u1.after.as_ref().unwrap().messages_per_day), (17.0, 16.0));
    assert_eq!((u1.before.important_per_day, u1.after.as_ref().unwrap().important_per_day), (2.0, 1.0));
    assert_eq!((u1.before.groups, u1.after.as_ref().unwrap().groups), (2, 1));
    // Members of only one of the two now receive the merged group's traffic.
    assert_eq!((u2.before.messages_per_day, u2.after.as_ref().unwrap().messages_per_day), (6.0, 16.0));
    assert_eq!((u3.before.messages_per_day, u3.after.as_ref().unwrap().messages_per_day), (11.0, 16.0));
    let h = &r.headline.messages_per_day;
    assert_eq!((h.before.median, h.after.unwrap().median), (11.0, 16.0));
    assert_eq!(h.before.p90, 15.8); // 6, 11, 17: rank 1.8 → 11 + 0.8 × 6
}

#[test]
fn a_plan_naming_an_unknown_group_is_refused() {
    let groups = org();
    let plan = make_plan(&groups, &PlanConfig::default()).unwrap();
    let e = compute(&groups[..2], &[], Some(&plan), &PlanConfig::default()).unwrap_err();
    assert_eq!(e.to_string(), "plan, action 3: group `wecom:dead` is not among the groups the burden is computed for");
}

proptest! {
    #[test]
    fn dissolves_alone_never_raise_anyones_burden(
        specs in prop::collection::vec((0u64..3000, 0u8..32, any::<bool>()), 1..10)
    ) {
        let groups: Vec<GroupFacts> = specs
            .iter()
            .enumerate()
            .map(|(i, (human, mask, dissolve))| {
                let ms: Vec<String> = (0..5).filter(|b| mask & (1 << b) != 0).map(|b| format!("m{b}")).collect();
                let ms: Vec<&str> = ms.iter().map(String::as_str).collect();
                let g = group(&format!("g{i}")).members(&ms).msgs(*human, human / 4, human / 2);
                if *dissolve { g.verdict(Verdict::Dissolve) } else { g }
            })
            .collect();
        let cfg = PlanConfig::default();
        let plan = make_plan(&groups, &cfg).unwrap();
        let r = compute(&groups, &[], Some(&plan), &cfg).unwrap();
        for m in &r.members {
            let a = m.after.as_ref().unwrap();
            prop_assert!(a.messages_per_day <= m.before.messages_per_day);
            prop_assert!(a.important_per_day <= m.before.important_per_day);
            prop_assert!(a.groups <= m.before.groups);
        }
        let h = &r.headline.messages_per_day;
        prop_assert!(h.after.unwrap().median <= h.before.median);
    }
}
