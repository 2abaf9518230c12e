//! The verdict rules on small hand-made districts: each test states one rule and would fail if it broke.

use super::*;
use crate::config::QuotaConfig;

const DAY: i64 = 86_400_000;
/// The data run from day 0 to day 365.
const END: i64 = 365 * DAY;

/// A healthy standing group of `unit` with `members` members, active all year.
fn group(id: &str, unit: &str, members: u64) -> Health {
    Health {
        source: "t".into(),
        id: id.into(),
        name: Some(id.into()),
        kind: "group".into(),
        unit: Some(unit.into()),
        owner: None,
        members,
        unit_share: 1.0,
        records: 500,
        human_messages: 500,
        bot_messages: 0,
        system_messages: 0,
        bot_system_share: 0.0,
        human_per_day: 1.4,
        senders_30d: members,
        senders_90d: members,
        first_human_ms: Some(0),
        last_human_ms: Some(END - DAY),
        first_human: Some("2025-01-01T00:00:00Z".into()),
        last_human: Some("2025-12-31T00:00:00Z".into()),
        days_silent: Some(1.0),
        active_span_days: 364.0,
        after_hours_share: 0.1,
        after_hours: 50,
        urgent_after_hours: 0,
        labels: BTreeMap::from([("discussion".into(), 400), ("important".into(), 100)]),
        noise_share: 0.0,
        important_per_week_30d: 1.0,
        han_chars: 10_000,
        latin_words: 0,
    }
}

/// Active from day `from` to day `to` (of 365).
fn lived(mut g: Health, from: i64, to: i64) -> Health {
    g.first_human_ms = Some(from * DAY);
    g.last_human_ms = Some(to * DAY);
    g.first_human = Some(jingjian_model::time::to_rfc3339(from * DAY + 1_735_689_600_000));
    g.active_span_days = (to - from) as f64;
    g.days_silent = Some((365 - to) as f64);
    g
}

fn overlap(a: &Health, b: &Health, shared: u64) -> Overlap {
    let union = a.members + b.members - shared;
    Overlap {
        source: "t".into(),
        a: a.id.clone(),
        b: b.id.clone(),
        shared,
        members_a: a.members,
        members_b: b.members,
        jaccard: shared as f64 / union as f64,
        containment: shared as f64 / a.members.min(b.members) as f64,
    }
}

type Verdicts = BTreeMap<String, (Verdict, Option<String>, Vec<String>)>;

fn run(groups: &[Health], overlaps: &[Overlap]) -> Verdicts {
    run_from(0, groups, overlaps)
}

/// Decides with the data beginning at `first_ms`.
fn run_from(first_ms: i64, groups: &[Health], overlaps: &[Overlap]) -> Verdicts {
    let cfg = AuditConfig::default();
    let units = quotas(groups, &BTreeMap::new(), &QuotaConfig::default(), cfg.internal_share);
    decide(groups, overlaps, &[], &units, &cfg, &[], Context { first_ms })
        .into_iter()
        .map(|((_, id), d)| (id, (d.verdict, d.merge_into, d.findings.into_iter().map(|f| f.kind).collect())))
        .collect()
}

#[test]
fn a_leadership_group_nested_in_its_units_group_merges_into_it_not_into_a_wider_group() {
    let unit = group("unit", "u1", 20);
    let core = group("core", "u1", 4);
    let mut wide = group("wide", "town", 100);
    wide.unit_share = 0.3;
    let v = run(&[unit.clone(), core.clone(), wide.clone()], &[overlap(&core, &unit, 4), overlap(&core, &wide, 4)]);
    assert_eq!(v["core"].0, Verdict::Merge);
    assert_eq!(v["core"].1.as_deref(), Some("unit"), "the unit's own group, not the cross-unit one");
}

#[test]
fn a_units_group_nested_in_a_cross_unit_group_is_kept() {
    let village = group("village", "v1", 7);
    let mut town = group("town-cadres", "t1", 100);
    town.unit_share = 0.2;
    let v = run(&[village.clone(), town.clone()], &[overlap(&village, &town, 7)]);
    assert_eq!(v["village"].0, Verdict::Keep);
    assert!(v["village"].2.contains(&"nested".to_string()), "the nesting is still reported");
}

#[test]
fn a_cross_unit_group_repeating_a_larger_groups_membership_merges_into_it() {
    let mut a = group("a", "u1", 10);
    a.unit_share = 0.5;
    let b = group("b", "u2", 11);
    let v = run(&[a.clone(), b.clone()], &[overlap(&a, &b, 10)]);
    assert_eq!((v["a"].0, v["a"].1.as_deref()), (Verdict::Merge, Some("b")));
}

#[test]
fn an_active_task_group_nested_in_its_units_group_is_kept_and_reviewed_once_quiet() {
    let unit = group("unit", "u1", 20);
    let active = lived(group("active", "u1", 6), 300, 360);
    let quiet = lived(group("quiet", "u1", 6), 250, 340);
    let v =
        run(&[unit.clone(), active.clone(), quiet.clone()], &[overlap(&active, &unit, 6), overlap(&quiet, &unit, 6)]);
    assert_eq!(v["active"].0, Verdict::Keep);
    assert!(v["active"].2.contains(&"temporary".to_string()));
    assert_eq!(v["quiet"].0, Verdict::Review, "25 days quiet");
    assert_eq!(v["unit"].0, Verdict::Keep, "the principal group stays despite the quota");
}

#[test]
fn a_burst_then_silence_is_a_finished_task() {
    let t = lived(group("t", "u1", 6), 300, 330);
    let v = run(&[t], &[]);
    assert_eq!(v["t"].0, Verdict::Dissolve);
    assert!(v["t"].2.contains(&"finished_task".to_string()));
}

#[test]
fn a_group_cut_off_by_the_start_of_the_data_is_not_temporary() {
    // An export of the last 70 days only: a leadership group speaking throughout looks short-lived.
    let unit = lived(group("unit", "u1", 20), 296, 364);
    let core = lived(group("core", "u1", 5), 297, 364);
    let v = run_from(295 * DAY, &[unit.clone(), core.clone()], &[overlap(&core, &unit, 5)]);
    assert_eq!(v["core"].0, Verdict::Merge, "judged as a standing group");
    let v = run_from(0, &[unit.clone(), core.clone()], &[overlap(&core, &unit, 5)]);
    assert_eq!(v["core"].0, Verdict::Keep, "with a year of data before it, the same group is a new task group");
}

#[test]
fn noise_is_a_finding_but_off_topic_chatter_goes_to_review() {
    let mut noisy = group("noisy", "u1", 30);
    noisy.noise_share = 0.8;
    noisy.labels = BTreeMap::from([("ack".into(), 350), ("important".into(), 150)]);
    let mut chat = group("chat", "u2", 30);
    chat.unit_share = 0.3;
    chat.noise_share = 0.7;
    chat.labels = BTreeMap::from([("off_topic".into(), 300), ("discussion".into(), 200)]);
    let v = run(&[noisy, chat], &[]);
    assert_eq!(v["noisy"].0, Verdict::Keep);
    assert!(v["noisy"].2.contains(&"noisy".to_string()));
    assert_eq!(v["chat"].0, Verdict::Review);
    assert!(v["chat"].2.contains(&"chit_chat".to_string()));
}

#[test]
fn a_second_internal_group_over_quota_is_reviewed_and_the_principal_kept() {
    let main = group("main", "u1", 20);
    let mut liaison = group("liaison", "u1", 24);
    liaison.unit_share = 20.0 / 24.0;
    let v = run(&[main, liaison], &[]);
    assert_eq!(v["main"].0, Verdict::Keep, "all 20 of the unit and nobody else");
    assert_eq!(v["liaison"].0, Verdict::Review);
    assert!(v["main"].2.contains(&"over_quota".to_string()));
}

#[test]
fn purposeful_traffic_keeps_a_nested_group() {
    let unit = group("unit", "u1", 20);
    let mut flood = group("flood", "u1", 8);
    flood.important_per_week_30d = 5.0;
    let v = run(&[unit.clone(), flood.clone()], &[overlap(&flood, &unit, 8)]);
    assert_eq!(v["flood"].0, Verdict::Keep);
}

#[test]
fn a_merge_into_a_dissolved_group_becomes_a_review() {
    let mut old = group("old", "u1", 20);
    old.days_silent = Some(90.0);
    let new = group("new", "u1", 20);
    let core = group("core", "u1", 4);
    let v = run(&[old.clone(), new, core.clone()], &[overlap(&core, &old, 4)]);
    assert_eq!(v["old"].0, Verdict::Dissolve);
    assert_eq!((v["core"].0, v["core"].1.clone()), (Verdict::Review, None));
    // With no other living group of the unit, the nested group is the one the unit keeps.
    let v = run(&[old.clone(), core.clone()], &[overlap(&core, &old, 4)]);
    assert_eq!(v["core"].0, Verdict::Keep);
}

#[test]
fn a_units_principal_group_never_merges_and_a_dead_group_is_never_principal() {
    // The department's group, nested in its wider liaison group (the department plus town contacts).
    let dept = group("dept", "d1", 20);
    let mut liaison = group("liaison", "d1", 24);
    liaison.unit_share = 20.0 / 24.0;
    // A village group with one outsider, and an abandoned group of the village alone.
    let mut village = group("village", "v1", 7);
    village.unit_share = 6.0 / 7.0;
    let mut dead = group("dead", "v1", 6);
    dead.human_messages = 3;
    let v = run(&[dept.clone(), liaison.clone(), village, dead], &[overlap(&dept, &liaison, 20)]);
    assert_eq!(v["dept"].0, Verdict::Keep, "{:?}", v["dept"]);
    assert_eq!(v["village"].0, Verdict::Keep, "{:?}", v["village"]);
    assert_eq!(v["dead"].0, Verdict::Dissolve);
}

#[test]
fn cross_posts_are_counted_per_group_and_per_pair() {
    let unit = group("unit", "u1", 20);
    let core = group("core", "u1", 4);
    let other = group("other", "u2", 9);
    let post = |id: &str, groups: &[&str]| CrossPost {
        id: id.into(),
        groups: groups.iter().map(|g| ("t".to_string(), g.to_string())).collect(),
        copies: Vec::new(),
        rows: Vec::new(),
        copy_count: groups.len(),
        first: "2025-06-01T00:00:00Z".into(),
        excerpt: String::new(),
    };
    let posts = [post("x1", &["unit", "core"]), post("x2", &["core", "unit", "other"]), post("x3", &["other", "unit"])];
    let groups = [unit.clone(), core.clone(), other];
    let cfg = AuditConfig::default();
    let units = quotas(&groups, &BTreeMap::new(), &QuotaConfig::default(), cfg.internal_share);
    let d = decide(&groups, &[overlap(&core, &unit, 4)], &posts, &units, &cfg, &[], Context { first_ms: 0 });
    let findings = |id: &str| d[&("t".to_string(), id.to_string())].findings.clone();
    let count = |id: &str| {
        findings(id).into_iter().find(|f| f.kind == "cross_posted").map(|f| f.figures["cross_posts"].clone())
    };
    assert_eq!(count("unit"), Some(3.into()));
    assert_eq!(count("core"), Some(2.into()));
    let nested = findings("core").into_iter().find(|f| f.kind == "nested").unwrap();
    assert_eq!(nested.figures["cross_posts"], 2, "x1 and x2 stand in both");
}

#[test]
fn without_units_a_sub_team_merges_but_a_team_stays_out_of_the_all_hands_channel() {
    let unitless = |id: &str, n: u64| {
        let mut g = group(id, "x", n);
        g.unit = None;
        g.unit_share = 0.0;
        g
    };
    let (leads, team, all) = (unitless("leads", 3), unitless("team", 10), unitless("general", 300));
    let v = run(
        &[leads.clone(), team.clone(), all.clone()],
        &[overlap(&leads, &team, 3), overlap(&leads, &all, 3), overlap(&team, &all, 10)],
    );
    assert_eq!((v["leads"].0, v["leads"].1.as_deref()), (Verdict::Merge, Some("team")));
    assert_eq!(v["team"].0, Verdict::Keep, "{:?}", v["team"]);
}

/// A task force of six drawn from a department of ten, begun late in the year and busy until the end, is a task
/// group: kept while active, though nested in the department's group and over the unit's quota.
#[test]
fn a_task_force_nested_in_its_units_group_is_kept_while_active() {
    let unit = group("unit", "u1", 10);
    let force = lived(group("force", "u1", 6), 300, 364);
    let v = run(&[unit.clone(), force.clone()], &[overlap(&force, &unit, 6)]);
    assert_eq!(v["force"].0, Verdict::Keep, "{:?}", v["force"]);
    assert!(v["force"].2.contains(&"temporary".to_owned()), "{:?}", v["force"]);
}

#[test]
fn a_new_duplicate_of_a_units_group_merges_rather_than_passing_for_a_task_group() {
    let unit = group("unit", "u1", 6);
    let copy = lived(group("copy", "u1", 6), 300, 360);
    let v = run(&[unit.clone(), copy.clone()], &[overlap(&copy, &unit, 6)]);
    assert_eq!((v["copy"].0, v["copy"].1.as_deref()), (Verdict::Merge, Some("unit")), "{:?}", v["copy"]);
}
