//! Demonstration data: a small hand-written organisation ([`small`]) and a deterministic generator for large ones
//! ([`generated`]). The example binary, the tests and the browser test render these without the rest of jingjian.

use crate::data::*;
use crate::scope::derive_headline;
use std::collections::{BTreeMap, HashMap};

fn labels(counts: [u64; 8]) -> BTreeMap<String, u64> {
    jingjian_model::Label::ALL.iter().zip(counts).map(|(l, c)| (l.as_str().to_string(), c)).collect()
}

fn finding(kind: &str, reason: &str, figures: &[(&str, f64)]) -> Finding {
    Finding {
        kind: kind.into(),
        reason: reason.into(),
        figures: figures.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

fn burden(groups: u32, messages: f64, minutes: f64, after_hours: f64) -> Burden {
    Burden { groups, messages_a_day: messages, reading_minutes_a_day: minutes, after_hours_a_week: after_hours }
}

#[allow(clippy::too_many_arguments)]
fn group(
    source: &str,
    id: &str,
    name: &str,
    unit: &str,
    owner: &str,
    members: u32,
    messages_a_day: f64,
    senders: (u32, u32),
    last_human: &str,
    label_counts: [u64; 8],
    verdict: &str,
) -> GroupRow {
    GroupRow {
        source: source.into(),
        id: id.into(),
        name: name.into(),
        unit: Some(unit.into()),
        owner: Some(owner.into()),
        members,
        messages_a_day,
        senders_30d: senders.0,
        senders_90d: senders.1,
        last_human: Some(last_human.into()),
        after_hours_share: 0.18,
        bot_system_share: 0.05,
        labels: labels(label_counts),
        verdict: verdict.into(),
        ..GroupRow::default()
    }
}

/// A small organisation with three units, eight groups and eight members, written by hand to show every section.
pub fn small() -> ReportData {
    let mut groups = vec![
        group(
            "wecom",
            "wc-all",
            "全体员工通知群",
            "hq",
            "u-wang",
            8,
            42.5,
            (6, 8),
            "2024-06-28T09:12:00+08:00",
            [120, 260, 30, 80, 60, 10, 90, 12],
            "keep",
        ),
        group(
            "wecom",
            "wc-all2",
            "全体员工通知群（二群）",
            "hq",
            "u-wang",
            7,
            12.0,
            (2, 3),
            "2024-06-27T18:40:00+08:00",
            [40, 90, 5, 20, 30, 4, 10, 6],
            "merge",
        ),
        group(
            "wecom",
            "wc-sales",
            "销售一部 冲刺群",
            "sales",
            "u-li",
            5,
            88.0,
            (5, 5),
            "2024-06-28T22:05:00+08:00",
            [60, 300, 220, 150, 40, 20, 200, 10],
            "review",
        ),
        group(
            "wecom",
            "wc-sales-daily",
            "销售一部 每日打卡",
            "sales",
            "u-li",
            5,
            30.0,
            (5, 5),
            "2024-06-28T08:01:00+08:00",
            [5, 60, 400, 30, 80, 5, 10, 2],
            "merge",
        ),
        group(
            "wecom",
            "wc-old",
            "2023 年会筹备",
            "hq",
            "u-zhang",
            6,
            0.0,
            (0, 0),
            "2024-02-01T10:00:00+08:00",
            [2, 0, 0, 0, 1, 0, 3, 20],
            "dissolve",
        ),
        group(
            "slack",
            "slack:C01DEV",
            "dev-platform",
            "rd",
            "u-chen",
            4,
            25.0,
            (4, 4),
            "2024-06-28T16:30:00+08:00",
            [30, 20, 0, 0, 5, 15, 400, 30],
            "keep",
        ),
        group(
            "slack",
            "slack:C02RANDOM",
            "random",
            "rd",
            "u-chen",
            8,
            3.5,
            (3, 6),
            "2024-06-20T12:00:00+08:00",
            [0, 5, 0, 2, 30, 80, 10, 40],
            "review",
        ),
        group(
            "wecom",
            "wc-lunch",
            "午餐拼单",
            "hq",
            "u-zhao",
            3,
            0.2,
            (1, 2),
            "2024-03-10T11:50:00+08:00",
            [0, 2, 0, 0, 3, 12, 0, 1],
            "dissolve",
        ),
    ];
    groups[1].merge_into = Some("wc-all".into());
    groups[1].reasons =
        vec!["96% of its members are also in 全体员工通知群, and 31 notices were posted in both.".into()];
    groups[1].findings = vec![finding(
        "nested",
        "Nearly all members are also in 全体员工通知群.",
        &[("containment", 0.96), ("jaccard", 0.86), ("shared_members", 7.0)],
    )];
    groups[2].after_hours_share = 0.41;
    groups[2].reasons =
        vec!["Busy and purposeful, but 41% of messages arrive after hours; 李娜 posts most of them.".into()];
    groups[2].findings =
        vec![finding("after_hours", "41% of human messages are sent after 19:00.", &[("messages_a_day", 88.0)])];
    groups[3].merge_into = Some("wc-sales".into());
    groups[3].reasons = vec!["A check-in group: 82% of its messages are proof-of-work photos.".into()];
    groups[3].findings = vec![finding("noisy", "82% of messages are check-in photos and acks.", &[])];
    groups[4].reasons = vec!["No human message for 148 days.".into()];
    groups[4].findings = vec![finding("zombie", "No human message since 1 Feb 2024.", &[("days_silent", 148.0)])];
    groups[7].reasons = vec!["Almost never used: 2 senders in 90 days.".into()];
    groups[7].findings = vec![finding("abandoned", "Two senders in 90 days.", &[("senders_90d", 2.0)])];

    let names = [
        ("u-wang", "王伟", "hq"),
        ("u-li", "李娜", "sales"),
        ("u-zhang", "张敏", "hq"),
        ("u-chen", "陈静", "rd"),
        ("u-zhao", "赵磊", "hq"),
        ("u-liu", "刘洋", "sales"),
        ("u-amy", "Amy Walker", "rd"),
        ("u-zhou", "周杰", "sales"),
    ];
    let members: Vec<MemberRow> = names
        .iter()
        .enumerate()
        .map(|(i, (id, name, unit))| {
            let f = i as f64;
            MemberRow {
                id: id.to_string(),
                name: name.to_string(),
                unit: Some(unit.to_string()),
                before: burden(4 + i as u32 % 4, 120.0 + 25.0 * f, 28.0 + 6.0 * f, 150.0 + 30.0 * f),
                after: burden(2 + i as u32 % 3, 70.0 + 12.0 * f, 15.0 + 3.0 * f, 60.0 + 10.0 * f),
            }
        })
        .collect();

    let mut counts = [[0u64; 24]; 7];
    for (d, row) in counts.iter_mut().enumerate() {
        for (h, c) in row.iter_mut().enumerate() {
            let evening = if (19..23).contains(&h) { 30 - 6 * (h as u64 - 19) } else { 0 };
            let early = if (6..8).contains(&h) { 8 } else { 0 };
            let weekend = if d >= 5 && (9..19).contains(&h) { 12 } else { 0 };
            *c = evening + early + weekend + if d == 0 && h == 21 { 25 } else { 0 };
        }
    }

    let mut data = ReportData {
        meta: Meta {
            title: String::new(),
            organisation: Some("示例集团 Example Group".into()),
            first: Some("2024-01-02T08:30:00+08:00".into()),
            last: Some("2024-06-28T22:05:00+08:00".into()),
            generated_at: Some("2024-07-01T10:00:00+08:00".into()),
            workspace_version: Some(7),
            tz: "Asia/Shanghai".into(),
            zombie_days: 60,
            many_groups: 5,
        },
        headline: Headline::default(),
        units: vec![
            UnitRow {
                id: "hq".into(),
                name: "总部办公室".into(),
                groups: 4,
                groups_after: 1,
                internal_groups: 2,
                quota: Some(3),
            },
            UnitRow {
                id: "sales".into(),
                name: "销售一部".into(),
                groups: 2,
                groups_after: 1,
                internal_groups: 2,
                quota: Some(1),
            },
            UnitRow {
                id: "rd".into(),
                name: "研发中心".into(),
                groups: 2,
                groups_after: 2,
                internal_groups: 1,
                quota: None,
            },
        ],
        clusters: vec![
            Cluster {
                id: "c1".into(),
                groups: vec!["wc-all".into(), "wc-all2".into()],
                jaccard: 0.86,
                containment: 0.96,
                shared_members: 7,
                cross_posts: 31,
            },
            Cluster {
                id: "c2".into(),
                groups: vec!["wc-sales".into(), "wc-sales-daily".into()],
                jaccard: 1.0,
                containment: 1.0,
                shared_members: 5,
                cross_posts: 4,
            },
        ],
        plan: vec![
            PlanAction {
                group: "wc-all2".into(),
                action: "merge".into(),
                target: Some("wc-all".into()),
                reason: "Nested in 全体员工通知群.".into(),
                notice: "本群将于 7 月 15 日并入「全体员工通知群」，请 王伟 确认。".into(),
            },
            PlanAction {
                group: "wc-sales-daily".into(),
                action: "merge".into(),
                target: Some("wc-sales".into()),
                reason: "Check-ins belong in the team group.".into(),
                notice: "每日打卡改在「销售一部 冲刺群」进行。".into(),
            },
            PlanAction {
                group: "wc-old".into(),
                action: "dissolve".into(),
                target: None,
                reason: "Zombie for 148 days.".into(),
                notice: "本群已 148 天无人发言，将于 7 月 8 日解散。".into(),
            },
            PlanAction {
                group: "wc-lunch".into(),
                action: "dissolve".into(),
                target: None,
                reason: "Abandoned.".into(),
                notice: "本群将解散，如有异议请联系 赵磊。".into(),
            },
            PlanAction {
                group: "wc-sales".into(),
                action: "warn".into(),
                target: None,
                reason: "After-hours load.".into(),
                notice: "请尽量在 19:00 前发布工作安排。".into(),
            },
        ],
        heatmaps: vec![
            Heatmap { unit: None, counts },
            Heatmap { unit: Some("sales".into()), counts: counts.map(|day| day.map(|c| c / 2)) },
        ],
        cross_posts: vec![
            CrossPost {
                excerpt: "【通知】本周五下午三点召开全体安全生产会议，请各部门负责人准时参加…".into(),
                groups: vec!["wc-all".into(), "wc-all2".into(), "wc-sales".into(), "wc-sales-daily".into()],
                first: "2024-06-24T09:00:00+08:00".into(),
            },
            CrossPost {
                excerpt: "请大家在周三前提交季度总结。".into(),
                groups: vec!["wc-all".into(), "wc-all2".into()],
                first: "2024-06-19T10:30:00+08:00".into(),
            },
            CrossPost {
                excerpt: "Reminder: the office is closed on Monday.".into(),
                groups: vec!["slack:C01DEV".into(), "slack:C02RANDOM".into(), "wc-all".into()],
                first: "2024-06-07T17:45:00+08:00".into(),
            },
        ],
        groups,
        members,
    };
    data.headline = headline_of(&data);
    data
}

/// Headline figures worked out from the rows of `data` (as [`derive_headline`]).
pub fn headline_of(data: &ReportData) -> Headline {
    let kept: HashMap<&str, bool> = data.groups.iter().map(|g| (g.id.as_str(), g.kept())).collect();
    derive_headline(&data.groups, &data.members, &data.clusters, &kept, data.meta.many_groups)
}

/// A deterministic pseudo-random number stream (SplitMix64), so generated data is the same on every run.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英",
    "浩", "婷",
];
const TOPICS: [&str; 10] = ["项目", "通知", "打卡", "值班", "客户", "培训", "周报", "采购", "安全", "活动"];

/// A large organisation: `groups` groups and `members` members over 40 units, with findings, a plan, clusters and
/// cross-posts, every figure drawn from a fixed seed. Member names are unique (`王伟0007`), so tests can look for
/// every one of them.
pub fn generated(groups: usize, members: usize) -> ReportData {
    let mut r = Stream(0x6a69_6e67_6a69_616e);
    let units: Vec<UnitRow> = (0..40)
        .map(|i| UnitRow {
            id: format!("unit-{i:02}"),
            name: format!("{}部{i:02}", TOPICS[i % TOPICS.len()]),
            quota: if i % 4 == 3 { None } else { Some(10 + (i as u32 % 7) * 5) },
            ..UnitRow::default()
        })
        .collect();
    let people: Vec<MemberRow> = (0..members)
        .map(|i| {
            let name = format!("{}{}{:04}", SURNAMES[i % 20], GIVEN[(i / 20) % 20], i);
            let g = 2 + r.below(30) as u32;
            let msgs = 20.0 + r.unit() * 400.0;
            let minutes = msgs * (0.15 + r.unit() * 0.2);
            let ah = msgs * 7.0 * (0.05 + r.unit() * 0.3);
            let cut = 0.4 + r.unit() * 0.5;
            MemberRow {
                id: format!("m{i:05}"),
                name,
                unit: Some(units[i % units.len()].id.clone()),
                before: burden(g, msgs, minutes, ah),
                after: burden((g as f64 * cut).ceil() as u32, msgs * cut, minutes * cut, ah * cut),
            }
        })
        .collect();
    let mut rows = Vec::with_capacity(groups);
    let mut plan = Vec::new();
    for i in 0..groups {
        let unit = &units[i % units.len()];
        let owner = &people[r.below(members as u64) as usize];
        let verdict = ["keep", "keep", "keep", "dissolve", "merge", "review"][r.below(6) as usize];
        let msgs = r.unit().powi(3) * 300.0;
        let silent = r.below(200) as f64;
        let mut g = GroupRow {
            source: ["wecom", "slack", "telegram", "wechat"][i % 4].into(),
            id: format!("g{i:05}"),
            name: format!("{}{}群{i}", unit.name, TOPICS[r.below(10) as usize]),
            unit: Some(unit.id.clone()),
            owner: Some(owner.id.clone()),
            members: 3 + r.below(300) as u32,
            messages_a_day: msgs,
            senders_30d: r.below(40) as u32,
            senders_90d: 40 + r.below(40) as u32,
            last_human: Some(format!("2024-{:02}-{:02}T{:02}:15:00Z", 1 + r.below(6), 1 + r.below(28), r.below(24))),
            after_hours_share: r.unit() * 0.5,
            bot_system_share: r.unit() * 0.3,
            labels: labels(std::array::from_fn(|_| r.below(5000))),
            verdict: verdict.into(),
            ..GroupRow::default()
        };
        match verdict {
            "dissolve" => {
                g.reasons = vec![format!("No human message for {silent} days; owner {} agreed.", owner.name)];
                g.findings =
                    vec![finding("zombie", "No human message in the last 60 days.", &[("days_silent", silent)])];
            }
            "merge" => {
                let into = format!("g{:05}", r.below(groups as u64));
                g.reasons = vec![format!("Members nested in {into}.")];
                g.findings = vec![finding(
                    "nested",
                    "Most members are also in another group.",
                    &[("containment", 0.9), ("jaccard", r.unit())],
                )];
                g.merge_into = Some(into);
            }
            "review" => {
                g.reasons = vec!["Noisy: most messages are acks and check-ins.".into()];
                g.findings = vec![finding("noisy", "Most messages are acks and check-ins.", &[])];
            }
            _ => {}
        }
        if verdict != "keep" {
            plan.push(PlanAction {
                group: g.id.clone(),
                action: verdict.into(),
                target: g.merge_into.clone(),
                reason: g.reasons.join(" "),
                notice: format!("本群「{}」将于下月调整，请 {} 通知成员。", g.name, owner.name),
            });
        }
        rows.push(g);
    }
    let mut units = units;
    for u in &mut units {
        let mine: Vec<&GroupRow> = rows.iter().filter(|g| g.unit.as_deref() == Some(&u.id)).collect();
        u.groups = mine.len() as u32;
        u.groups_after = mine.iter().filter(|g| g.kept()).count() as u32;
        u.internal_groups = (u.groups / 3).max(1).min(u.groups);
    }
    let clusters: Vec<Cluster> = (0..groups / 10)
        .map(|i| Cluster {
            id: format!("c{i:04}"),
            groups: (0..2 + r.below(3)).map(|_| format!("g{:05}", r.below(groups as u64))).collect(),
            jaccard: r.unit(),
            containment: r.unit(),
            shared_members: r.below(200) as u32,
            cross_posts: r.below(50) as u32,
        })
        .collect();
    let cross_posts: Vec<CrossPost> = (0..300)
        .map(|i| CrossPost {
            excerpt: format!("【{}通知 {i}】请各位同事于本周五前完成相关材料的提交，逾期将影响考核。", TOPICS[i % 10]),
            groups: (0..2 + r.below(20)).map(|_| format!("g{:05}", r.below(groups as u64))).collect(),
            first: format!("2024-06-{:02}T09:00:00Z", 1 + i % 28),
        })
        .collect();
    let map = |r: &mut Stream| -> [[u64; 24]; 7] {
        std::array::from_fn(|d| std::array::from_fn(|h| if (9..18).contains(&h) && d < 5 { 0 } else { r.below(500) }))
    };
    let mut heatmaps = vec![Heatmap { unit: None, counts: map(&mut r) }];
    heatmaps.extend(units.iter().map(|u| Heatmap { unit: Some(u.id.clone()), counts: map(&mut r) }));
    let mut data = ReportData {
        meta: Meta {
            title: String::new(),
            organisation: Some("Generated Org".into()),
            first: Some("2024-01-01T00:00:00Z".into()),
            last: Some("2024-06-30T23:59:00Z".into()),
            generated_at: Some("2024-07-01T08:00:00Z".into()),
            workspace_version: Some(1),
            tz: "Asia/Shanghai".into(),
            zombie_days: 60,
            many_groups: 10,
        },
        headline: Headline::default(),
        units,
        groups: rows,
        clusters,
        plan,
        members: people,
        heatmaps,
        cross_posts,
    };
    data.headline = headline_of(&data);
    data
}
