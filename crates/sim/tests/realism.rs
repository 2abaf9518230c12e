//! Realism: group sizes, groups per person, messages per group-day, label shares, after-hours share and
//! verdicts fall in the ranges that `docs/simulator.md` justifies from the research notes.

mod common;

use common::run;
use jingjian_sim::{Format, Preset, Summary, Verdict};

/// Label shares every preset must produce (docs/simulator.md, "Label shares").
const SHARES: &[(&str, f64, f64)] = &[
    ("ack", 0.25, 0.50),
    ("discussion", 0.12, 0.35),
    ("proof_of_work", 0.04, 0.25),
    ("important", 0.03, 0.12),
    ("greeting", 0.02, 0.12),
    ("off_topic", 0.02, 0.15),
    ("flattery", 0.01, 0.08),
    ("system", 0.001, 0.05),
];

fn shares(s: &Summary) {
    let total = s.messages as f64;
    for &(l, lo, hi) in SHARES {
        let share = s.labels[l] as f64 / total;
        assert!((lo..=hi).contains(&share), "{}: {l} share {share:.3} outside {lo}..{hi}", s.preset);
    }
    let noise = 1.0 - (s.labels["important"] + s.labels["discussion"]) as f64 / total;
    assert!((0.5..=0.85).contains(&noise), "{}: noise share {noise:.3}", s.preset);
    let after = s.after_hours_human as f64 / s.human_messages as f64;
    assert!((0.15..=0.45).contains(&after), "{}: after-hours share {after:.3}", s.preset);
}

/// The verdict rules of docs/simulator.md, checked against what the data shows.
fn verdicts_follow_the_rules(s: &Summary) {
    let start = jingjian_model::time::parse_rfc3339(&format!("{}T00:00:00+08:00", s.first_day)).unwrap();
    let end = start + s.days as i64 * 86_400_000;
    for g in &s.group_stats {
        let st = &g.stats;
        let quiet = st.last_human.map_or(i64::MAX, |t| (end - t) / 86_400_000);
        let burst = match (st.first_human, st.last_human) {
            (Some(a), Some(b)) => (b - a) as f64 / 86_400_000.0,
            _ => 0.0,
        };
        let finished = g.role == "task" && quiet >= 30 && burst <= 45.0;
        let dead = g.members < 3 || st.human < 10 || quiet >= 60 || finished;
        let expected = if dead {
            Verdict::Dissolve
        } else {
            match g.role {
                "core" | "duplicate" => Verdict::Merge,
                "chat" => Verdict::Review,
                "task" if quiet >= 21 => Verdict::Review,
                _ => Verdict::Keep,
            }
        };
        assert_eq!(
            g.verdict, expected,
            "{} ({}): {} members, {} human, quiet {quiet} days",
            g.id, g.role, g.members, st.human
        );
        if matches!(g.role, "unit" | "purposeful") {
            assert_eq!(g.verdict, Verdict::Keep, "{} groups are kept", g.role);
        }
    }
    let finished = s.group_stats.iter().filter(|g| g.role == "task" && g.verdict == Verdict::Dissolve).count();
    assert!(finished >= 1, "at least one finished task group is dissolved");
}

#[test]
fn district_is_realistic() {
    let (_dir, s) = run(Preset::District, 2025, Format::Jsonl, None);
    // Volume and sizes.
    assert!((700_000..1_400_000).contains(&s.messages), "about a million messages: {}", s.messages);
    assert!((1_700..2_400).contains(&s.members), "about 2,000 members: {}", s.members);
    assert!(s.groups >= 1_000, "1,000+ groups: {}", s.groups);
    let per_unit = s.groups as f64 / s.units as f64;
    assert!((3.0..=20.0).contains(&per_unit), "groups per unit {per_unit:.1}");
    let mut unit_sizes: Vec<usize> = s.group_stats.iter().filter(|g| g.role == "unit").map(|g| g.members).collect();
    unit_sizes.sort_unstable();
    let median = unit_sizes[unit_sizes.len() / 2];
    assert!((5..=40).contains(&median), "median unit-group size {median}");
    let max = s.group_stats.iter().map(|g| g.members).max().unwrap();
    assert!((100..=500).contains(&max), "largest group {max}");
    let tiny = s.group_stats.iter().filter(|g| g.members < 3).count();
    assert!(tiny >= 1 && tiny * 100 <= s.groups, "{tiny} groups with fewer than 3 members");
    assert!((27..=130).contains(&s.max_groups_per_member), "max groups per person {}", s.max_groups_per_member);
    assert!((5.0..=30.0).contains(&s.mean_groups_per_member), "mean groups per person {}", s.mean_groups_per_member);
    // Messages per group per active day.
    let mut rates: Vec<f64> = s
        .group_stats
        .iter()
        .filter(|g| g.stats.active_days > 0)
        .map(|g| g.stats.messages as f64 / g.stats.active_days as f64)
        .collect();
    rates.sort_by(f64::total_cmp);
    let med = rates[rates.len() / 2];
    assert!((2.0..=40.0).contains(&med), "median messages per active day {med:.1}");
    let busiest = s.group_stats.iter().map(|g| g.stats.max_day).max().unwrap();
    assert!((100..=500).contains(&busiest), "busiest group-day {busiest}");
    shares(&s);
    verdicts_follow_the_rules(&s);
    let dissolve = s.verdicts["dissolve"] as f64 / s.groups as f64;
    assert!((0.3..=0.8).contains(&dissolve), "dissolve share {dissolve:.2}");
    assert!(s.verdicts["merge"] >= 10 && s.verdicts["review"] >= 10);
    assert!(s.cross_post_clusters >= 500, "{} cross-post clusters", s.cross_post_clusters);
}

#[test]
fn small_is_realistic() {
    let (_dir, s) = run(Preset::Small, 2025, Format::Jsonl, None);
    assert!((3_000..8_000).contains(&s.messages), "about 5,000 messages: {}", s.messages);
    assert!((20..=99).contains(&s.members), "tens of members: {}", s.members);
    assert!((12..=20).contains(&s.groups), "about 15 groups: {}", s.groups);
    shares(&s);
    verdicts_follow_the_rules(&s);
}

#[test]
fn company_is_realistic() {
    let (_dir, s) = run(Preset::Company, 2025, Format::Jsonl, Some(60_000));
    shares(&s);
    verdicts_follow_the_rules(&s);
    assert!(s.labels["system"] > 0, "joins and bot messages");
}
