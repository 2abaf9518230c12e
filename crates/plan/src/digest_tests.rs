//! Tests of digests on a hand-built organisation, plus generated ones for the exactly-once rule.

use super::*;
use chrono_tz::Asia::Shanghai;
use proptest::prelude::*;

const H: Millis = 3_600_000;
/// 2024-06-05T00:00:00Z (08:00 in Shanghai).
const T0: Millis = 1_717_545_600_000;

fn item(id: &str, group: &str, label: Label, hours: i64, text: &str) -> DigestItem {
    DigestItem {
        message_id: id.into(),
        group: group.into(),
        group_name: Some(format!("{group}群")),
        sender: Some("王科长".into()),
        time: T0 + hours * H,
        label,
        text: text.into(),
        mentions: vec![],
        mentions_all: false,
        deadline: None,
        cross_post: None,
    }
}

fn groups(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// u1 is in g1, g2, g3; u2 in g2, g3; u3 in g4. The same notice (cluster c1) stands in g1, g2, g3 and g4.
fn items() -> Vec<DigestItem> {
    let notice = |id: &str, g: &str, h: i64| {
        let mut it = item(id, g, Label::Important, h, "【通知】请各单位于6月7日17:00前报送材料");
        it.cross_post = Some("c1".into());
        it.deadline = Some(T0 + 57 * H);
        it.mentions_all = true;
        it
    };
    let mut mention = item("m5", "g2", Label::Discussion, 5, "@u1 请确认一下台账");
    mention.mentions = vec!["u1".into()];
    let mut noisy_mention = item("m6", "g1", Label::Ack, 6, "收到 @u1");
    noisy_mention.mentions = vec!["u1".into()];
    let mut soon = item("m7", "g3", Label::Important, 7, "明早8点开网格会，带齐台账");
    soon.deadline = Some(T0 + 24 * H);
    vec![
        notice("n1", "g1", 1),
        notice("n2", "g2", 2),
        notice("n3", "g3", 3),
        notice("n4", "g4", 4),
        mention,
        noisy_mention,
        soon,
        item("m8", "g1", Label::Important, 8, "本周督查安排见附件"),
        item("m9", "g2", Label::Important, 0, "值班表已更新"),
        item("m10", "g1", Label::Greeting, 9, "早上好"),
        item("m11", "g2", Label::Discussion, 10, "我这边已经好了"),
        item("m12", "g3", Label::ProofOfWork, 11, "已完成入户走访"),
    ]
}

#[test]
fn a_notice_in_three_of_my_groups_appears_once_listing_all_three() {
    let d = build("u1", &groups(&["g1", "g2", "g3"]), &items(), Shanghai, Lang::Zh);
    let notices: Vec<&DigestEntry> = d.entries.iter().filter(|e| e.cross_post.as_deref() == Some("c1")).collect();
    assert_eq!(notices.len(), 1);
    let n = notices[0];
    assert_eq!(n.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(), ["g1", "g2", "g3"]);
    let ids: Vec<&str> = n.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["n1", "n2", "n3"], "g4's copy is not in u1's groups");
    assert_eq!(n.local_time, "2024-06-05 09:00");
    assert_eq!(n.deadline_local.as_deref(), Some("2024-06-07 17:00"));
    assert_eq!(d.counts.copies_collapsed, 2);
    assert_eq!(d.counts.groups, 3);
}

#[test]
fn deadlines_come_first_soonest_first_then_mentions_then_the_rest_by_time() {
    let d = build("u1", &groups(&["g1", "g2", "g3"]), &items(), Shanghai, Lang::Zh);
    let order: Vec<(Section, &str)> = d.entries.iter().map(|e| (e.section, e.messages[0].id.as_str())).collect();
    assert_eq!(
        order,
        [
            (Section::Deadline, "m7"),
            (Section::Deadline, "n1"),
            (Section::Mention, "m5"),
            (Section::Other, "m9"),
            (Section::Other, "m8"),
        ]
    );
    assert_eq!((d.counts.deadlines, d.counts.mentions, d.counts.other), (2, 1, 2));
}

#[test]
fn noise_never_appears_even_when_it_mentions_the_member() {
    for (m, gs) in [("u1", vec!["g1", "g2", "g3"]), ("u2", vec!["g2", "g3"]), ("u3", vec!["g4"])] {
        let d = build(m, &groups(&gs), &items(), Shanghai, Lang::En);
        for e in &d.entries {
            for r in &e.messages {
                assert!(!["m6", "m10", "m11", "m12"].contains(&r.id.as_str()), "{m} got {}", r.id);
            }
        }
    }
    // u2 is not mentioned in m5, so that discussion is not theirs.
    let d = build("u2", &groups(&["g2", "g3"]), &items(), Shanghai, Lang::En);
    assert!(d.entries.iter().all(|e| e.messages.iter().all(|r| r.id != "m5")));
    assert_eq!(d.counts.entries, 3); // the notice (2 copies), m7, m9
}

#[test]
fn markdown_shows_sections_groups_and_local_times_in_both_languages() {
    let d = build("u1", &groups(&["g1", "g2", "g3"]), &items(), Shanghai, Lang::Zh);
    let md = d.to_markdown();
    assert!(md.starts_with(
        "# 重要消息摘要：u1\n\n共 5 条重要消息，来自 3 个群；2 条重复转发已合并。时间为 Asia/Shanghai 时间。"
    ));
    assert!(md.contains("## 截止事项 (2)"), "{md}");
    assert!(
        md.contains("2. 截止 2024-06-07 17:00 · 「g1群」「g2群」「g3群」 · 2024-06-05 09:00 · 王科长 · @所有人"),
        "{md}"
    );
    assert!(md.contains("   > 【通知】请各单位于6月7日17:00前报送材料"), "{md}");
    assert!(md.contains("## @我的 (1)") && md.contains("## 其他重要消息 (2)"), "{md}");
    let en = build("u1", &groups(&["g1", "g2", "g3"]), &items(), chrono_tz::UTC, Lang::En).to_markdown();
    assert!(en.starts_with("# Digest for u1\n"), "{en}");
    assert!(en.contains("due 2024-06-07 09:00 · “g1群”, “g2群”, “g3群” · 2024-06-05 01:00"), "{en}");
    assert!(en.contains("## Mentions of you (1)"), "{en}");
    let empty = build("u9", &[], &items(), Shanghai, Lang::En).to_markdown();
    assert!(empty.contains("Nothing important to read."));
}

#[test]
fn html_is_self_contained_and_escapes_message_text() {
    let mut its = items();
    its.push(item("x", "g1", Label::Important, 12, "<script>alert('x')</script> & <img src=http://evil>"));
    let html = build("u1", &groups(&["g1", "g2", "g3"]), &its, Shanghai, Lang::Zh).to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=http://evil&gt;"));
    for banned in ["<script", "<img", "<link", "@import", "url(", " src=\"", "href="] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    assert!(html.contains("<section class=\"deadline\">") && html.contains("截止 2024-06-06 08:00"));
    let md = build("u1", &groups(&["g1"]), &its, Shanghai, Lang::Zh).to_markdown();
    assert!(md.contains("&lt;script&gt;"), "{md}");
}

#[test]
fn json_lists_every_source_message_and_round_trips() {
    let d = build("u1", &groups(&["g1", "g2", "g3"]), &items(), Shanghai, Lang::En);
    let j = d.to_json();
    let v: serde_json::Value = serde_json::from_str(&j).unwrap();
    assert_eq!(v["tz"], "Asia/Shanghai");
    assert_eq!(v["entries"][1]["messages"][2]["id"], "n3");
    assert_eq!(v["entries"][1]["deadline"], "2024-06-07T09:00:00.000Z");
    assert_eq!(serde_json::from_str::<Digest>(&j).unwrap(), d);
}

#[test]
fn a_message_given_twice_counts_once() {
    let mut its = items();
    its.push(its[7].clone()); // m8 again
    let d = build("u1", &groups(&["g1"]), &its, Shanghai, Lang::Zh);
    assert_eq!(d.entries.iter().filter(|e| e.messages[0].id == "m8").count(), 1);
    assert_eq!(d.counts.copies_collapsed, 0);
}

proptest! {
    /// Every important message reaches the digest of every member of its group exactly once; nothing else does
    /// except discussions that mention the member.
    #[test]
    fn every_important_message_reaches_each_member_exactly_once(
        msgs in prop::collection::vec((0usize..4, 0u8..4, 0u8..4, 0i64..48, any::<bool>()), 0..40),
        memberships in prop::collection::vec(0u8..16, 3),
    ) {
        let labels = [Label::Important, Label::Ack, Label::Discussion, Label::Greeting];
        let its: Vec<DigestItem> = msgs
            .iter()
            .enumerate()
            .map(|(k, (g, label, cluster, h, mention))| {
                let mut it = item(&format!("m{k}"), &format!("g{g}"), labels[*label as usize], *h, "x");
                if *cluster > 0 {
                    it.cross_post = Some(format!("c{cluster}"));
                }
                if *mention {
                    it.mentions = vec!["u0".into()];
                    it.deadline = Some(T0 + h * 2 * H);
                }
                it
            })
            .collect();
        for (u, mask) in memberships.iter().enumerate() {
            let member = format!("u{u}");
            let gs: Vec<String> = (0..4).filter(|b| mask & (1 << b) != 0).map(|b| format!("g{b}")).collect();
            let d = build(&member, &gs, &its, chrono_tz::UTC, Lang::Zh);
            let seen: Vec<(&str, &str)> =
                d.entries.iter().flat_map(|e| e.messages.iter().map(|r| (r.group.as_str(), r.id.as_str()))).collect();
            for it in &its {
                let n = seen.iter().filter(|s| **s == (it.group.as_str(), it.message_id.as_str())).count();
                let expected = gs.contains(&it.group) && eligible(it, &member);
                prop_assert_eq!(n, usize::from(expected), "{} {}", member, it.message_id);
                prop_assert!(n == 0 || !it.label.is_noise());
            }
            // One entry per cluster.
            let clusters: Vec<&str> = d.entries.iter().filter_map(|e| e.cross_post.as_deref()).collect();
            let distinct: BTreeSet<&str> = clusters.iter().copied().collect();
            prop_assert_eq!(clusters.len(), distinct.len());
            // Deadlines sorted soonest first.
            let dl: Vec<Millis> = d.entries.iter().filter_map(|e| e.deadline).collect();
            prop_assert!(dl.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}
