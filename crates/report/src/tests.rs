//! Tests of the whole report: figures and rows on the page, nothing loaded from the network, every label in each
//! language, pseudonyms, unit scope, escaping, size at scale, and the table files.

use crate::i18n::{CODES, K};
use crate::sample::{generated, small};
use crate::*;

fn render(data: &ReportData, lang: Lang, unit: Option<&str>, pseudonymize: bool) -> String {
    render_html(data, &Options { lang, unit: unit.map(String::from), pseudonymize }).unwrap()
}

/// The inner HTML of the element whose opening tag contains `id="{id}"`, up to the first `</div></div>`.
fn card<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
    let end = html[start..].find("</div></div>").unwrap() + start;
    &html[start..end]
}

/// The text of `<table id="{id}">…</table>`.
fn table<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("<table id=\"{id}\"")).unwrap_or_else(|| panic!("no table {id}"));
    let end = html[start..].find("</table>").unwrap() + start;
    &html[start..end]
}

#[test]
fn headline_figures_show_before_and_after() {
    let data = small();
    let en = render(&data, Lang::En, None, false);
    // 8 groups, of which keep (2) and review (2) survive.
    assert!(
        card(&en, "h-groups").contains(">8</span><span class=\"arrow\">→</span><span class=\"a\" title=\"After\">4<")
    );
    // One zombie, dissolved.
    assert!(
        card(&en, "h-zombies").contains(">1</span><span class=\"arrow\">→</span><span class=\"a\" title=\"After\">0<")
    );
    let share = data.headline.after_hours_share;
    assert!(card(&en, "h-after-hours").contains(&format::pct(share.before)));
    assert!(card(&en, "h-after-hours").contains(&format::pct(share.after)));
    assert!(card(&en, "h-many-groups").contains("Members in more than 5 groups"));
    let median = format::num(data.headline.reading_minutes_median.before, 1);
    assert!(card(&en, "h-reading-median").contains(&median), "{median}");
    let zh = render(&data, Lang::Zh, None, false);
    assert!(card(&zh, "h-groups").contains("title=\"精简后\">4<"));
    assert!(zh.contains("2024年1月2日 – 2024年6月28日") && en.contains("2 Jan 2024 – 28 Jun 2024"));
}

#[test]
fn every_table_has_its_rows() {
    let data = small();
    let html = render(&data, Lang::Zh, None, false);
    let groups = table(&html, "groups-table");
    assert_eq!(groups.matches("<tr>").count(), 1 + data.groups.len());
    for g in &data.groups {
        assert!(groups.contains(&format!("<td>{}</td>", escape::html(&g.name))), "{}", g.name);
    }
    assert!(groups.contains("<td class=\"v-dissolve\">解散</td>") && groups.contains("<td>全体员工通知群</td>"));
    let members = table(&html, "members-table");
    for m in &data.members {
        assert!(members.contains(&format!("<td>{}</td>", m.name)), "{}", m.name);
    }
    assert!(members.contains(">4 → 2<"), "王伟's groups before → after");
    assert_eq!(table(&html, "plan-table").matches("<tr>").count(), 1 + data.plan.len());
    assert_eq!(table(&html, "units-table").matches("<tr>").count(), 1 + data.units.len());
    assert_eq!(table(&html, "clusters-table").matches("<tr>").count(), 1 + data.clusters.len());
    assert_eq!(table(&html, "cross-posts-table").matches("<tr>").count(), 1 + data.cross_posts.len());
    let findings: usize = data.groups.iter().map(|g| g.findings.len()).sum();
    assert_eq!(table(&html, "findings-table").matches("<tr>").count(), 1 + findings);
    assert!(table(&html, "findings-table").contains("No human message since 1 Feb 2024."));
    // Heat-map: 168 cells and the total of the counts.
    let total: u64 = data.heatmaps[0].counts.iter().flatten().sum();
    assert!(html.contains(&format!("<p id=\"heatmap-total\">合计: {}</p>", format::int(total as i64))));
    // Noise: one stacked bar per group with labels, its parts coloured by label.
    assert!(html.contains("class=\"l-proof_of_work\""));
}

/// Tags that would make a browser fetch something, and the attributes that name what.
const LOADING_TAGS: [&str; 12] =
    ["link", "script", "img", "style", "iframe", "source", "video", "audio", "object", "embed", "image", "use"];

/// What in `html` would make a browser fetch something; empty when the page is self-contained.
fn network_loads(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices('<') {
        let rest = &lower[i + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if !LOADING_TAGS.contains(&name.as_str()) {
            continue;
        }
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        for attr in ["src=", "href=", "xlink:href=", "srcset=", "data="] {
            if tag.contains(attr) {
                problems.push(format!("<{tag}> loads something"));
            }
        }
    }
    for needle in ["@import", "url(", "<base", "http-equiv"] {
        if lower.contains(needle) {
            problems.push(format!("{needle} found"));
        }
    }
    // Any http(s) address may only be text or the target of an <a href>.
    for (i, _) in lower.match_indices("http") {
        let before = &lower[..i];
        let tag_start = before.rfind('<').unwrap_or(0);
        let inside_tag = before.rfind('>').is_none_or(|gt| gt < tag_start);
        if inside_tag && !lower[tag_start..].starts_with("<a ") {
            problems.push(format!("address inside a non-link tag at byte {i}"));
        }
    }
    problems
}

fn assert_offline(html: &str) {
    let problems = network_loads(html);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn the_page_loads_nothing_from_the_network() {
    let mut data = small();
    let g = data.groups.iter_mut().find(|g| !g.findings.is_empty()).expect("a group with a finding");
    g.findings[0].reason = "See https://example.com/policy for the rules.".into();
    data.cross_posts[0].excerpt =
        "<img src=\"https://evil.example/x.png\"> <script src=//cdn.example/x.js></script>".into();
    for lang in [Lang::Zh, Lang::En] {
        let html = render(&data, lang, None, false);
        assert_offline(&html);
        assert!(html.contains("https://example.com/policy"), "data text is kept, as text");
        assert!(html.contains("&lt;img src=&quot;https://evil.example/x.png&quot;&gt;"));
        assert_eq!(html.matches("<script").count(), 2, "the i18n JSON and the table script, both inline");
    }
}

#[test]
fn the_offline_check_catches_a_remote_resource() {
    assert_eq!(network_loads("<script src=\"https://cdn.example/x.js\"></script>").len(), 2);
    assert_eq!(network_loads("<style>@import url(https://x/y.css)</style>").len(), 2);
    assert_eq!(network_loads("<IMG SRC=x.png>"), vec!["<img src=x.png> loads something".to_string()]);
    assert!(network_loads("<p><a href=\"https://example.com\">ok</a> see https://example.org</p>").is_empty());
}

#[test]
fn markup_in_data_is_escaped_everywhere() {
    let mut data = small();
    data.groups[0].name = "</script><b>x</b>".into();
    data.units[0].name = "<i>hq</i>".into();
    data.meta.title = "\"><svg onload=alert(1)>".into();
    let html = render(&data, Lang::En, None, false);
    assert!(!html.contains("<b>x</b>") && !html.contains("<i>hq</i>") && !html.contains("<svg onload"));
    assert!(html.contains("&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"));
}

/// Every label is used on some page, and each page shows only its own language's labels.
#[test]
fn every_label_is_translated_and_none_leaks() {
    let data = small();
    let empty = ReportData::default();
    let pages = |lang| {
        [render(&data, lang, None, false), render(&data, lang, Some("sales"), true), render(&empty, lang, None, false)]
    };
    let zh = pages(Lang::Zh);
    let en = pages(Lang::En);
    let used = |pages: &[String; 3], text: &str| {
        let fixed = text.split('{').next().unwrap_or(text);
        pages.iter().any(|p| p.contains(&escape::html(fixed)))
    };
    for &k in K::ALL {
        assert!(used(&zh, k.text(Lang::Zh)), "{k:?} unused in zh");
        assert!(used(&en, k.text(Lang::En)), "{k:?} unused in en");
        for p in &zh {
            let en_text = k.text(Lang::En).split('{').next().unwrap();
            assert!(!p.contains(&format!(">{en_text}<")), "{k:?}: English `{en_text}` in the Chinese report");
            for attr in ["title", "placeholder", "aria-label"] {
                let found = p.contains(&format!("{attr}=\"{en_text}\""));
                assert!(!found, "{k:?}: English `{en_text}` in a Chinese {attr}");
            }
        }
        for p in &en {
            let zh_text = k.text(Lang::Zh).split('{').next().unwrap();
            assert!(!p.contains(&format!(">{zh_text}<")), "{k:?}: Chinese `{zh_text}` in the English report");
        }
    }
    for (code, en_text, zh_text) in CODES {
        if data.groups.iter().any(|g| g.verdict == *code) {
            assert!(zh[0].contains(&format!(">{zh_text}<")), "{code}");
            assert!(!zh[0].contains(&format!(">{en_text}<")), "{code} untranslated");
        }
    }
    assert!(zh[0].starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">") && en[0].contains("<html lang=\"en\">"));
}

#[test]
fn pseudonyms_replace_every_real_name_and_id() {
    for data in [small(), generated(120, 400)] {
        let html = render(&data, Lang::Zh, None, true);
        for m in &data.members {
            assert!(!html.contains(&m.name), "{} still shown", m.name);
            assert!(!html.contains(&format!(">{}<", m.id)), "{} still shown", m.id);
        }
        let p = Pseudonyms::new(&data.members, Lang::Zh);
        let members = table(&html, "members-table");
        for m in &data.members {
            assert!(members.contains(&format!("<td>{}</td>", p.id(&m.id))));
        }
        // Cross-posted notices are the one place message text appears, with names replaced.
        let widest = data.cross_posts.iter().max_by_key(|c| c.groups.len()).unwrap();
        assert!(html.contains(&escape::html(&p.text(&widest.excerpt))));
        assert_offline(&html);
    }
    let data = small();
    let html = render(&data, Lang::En, None, true);
    assert!(html.contains("Member-") && html.contains("Member names are replaced by pseudonyms."));
    // Names inside free text are replaced too: the plan notice and a reason mention 王伟 and 李娜.
    let p = Pseudonyms::new(&data.members, Lang::En);
    assert!(table(&html, "plan-table").contains(&p.id("u-wang")));
    assert!(table(&html, "groups-table").contains(&p.id("u-li")));
}

#[test]
fn a_unit_report_shows_only_that_unit() {
    let data = small();
    let html = render(&data, Lang::Zh, Some("sales"), false);
    let groups = table(&html, "groups-table");
    assert!(groups.contains("销售一部 冲刺群") && groups.contains("销售一部 每日打卡"));
    assert_eq!(groups.matches("<tr>").count(), 3);
    assert!(!html.contains("全体员工通知群<") && !html.contains("dev-platform"));
    let members = table(&html, "members-table");
    assert!(members.contains("李娜") && members.contains("刘洋") && members.contains("周杰"));
    assert!(!html.contains("王伟") && !html.contains("陈静") && !html.contains("Amy Walker"));
    assert!(
        card(&html, "h-groups")
            .contains(">2</span><span class=\"arrow\">→</span><span class=\"a\" title=\"精简后\">1<")
    );
    assert!(html.contains("当前单位: 销售一部"));
    // The unit's own after-hours map, not the workspace's.
    let unit_total: u64 = data.heatmaps[1].counts.iter().flatten().sum();
    assert!(html.contains(&format!("<p id=\"heatmap-total\">合计: {}</p>", format::int(unit_total as i64))));
    // The notice posted in four groups shows the two of this unit and counts the others.
    assert!(table(&html, "cross-posts-table").contains("销售一部 冲刺群、销售一部 每日打卡 (+2)"));
    // By name too; an unknown unit is an error that lists the known ones.
    assert_eq!(render(&data, Lang::Zh, Some("销售一部"), false), html);
    let err = render_html(&data, &Options { unit: Some("finance".into()), ..Options::default() }).unwrap_err();
    assert!(err.to_string().contains("no unit called `finance`") && err.to_string().contains("sales (销售一部)"));
}

#[test]
fn a_large_workspace_renders_under_20_mb() {
    let data = generated(1500, 2500);
    for (lang, pseudo) in [(Lang::Zh, false), (Lang::En, true)] {
        let html = render(&data, lang, None, pseudo);
        assert!(html.len() < 20 * 1024 * 1024, "{} bytes", html.len());
        assert_eq!(table(&html, "groups-table").matches("<tr>").count(), 1501);
        assert_eq!(table(&html, "members-table").matches("<tr>").count(), 2501);
        eprintln!("1,500 groups × 2,500 members ({lang:?}, pseudonymize {pseudo}): {} bytes", html.len());
    }
}

#[test]
fn report_data_round_trips_through_json() {
    let data = small();
    let json = serde_json::to_string(&data).unwrap();
    let back: ReportData = serde_json::from_str(&json).unwrap();
    assert_eq!(back, data);
    let minimal: ReportData = serde_json::from_str(
        r#"{"meta":{},"headline":{"groups":{"before":3,"after":2},"zombies":{"before":0,"after":0},
        "redundant_clusters":{"before":0,"after":0},"members_in_many_groups":{"before":0,"after":0},
        "reading_minutes_median":{"before":0,"after":0},"reading_minutes_p90":{"before":0,"after":0},
        "messages_median":{"before":0,"after":0},"messages_p90":{"before":0,"after":0},
        "after_hours_share":{"before":0.2,"after":0.1}}}"#,
    )
    .unwrap();
    assert_eq!(minimal.headline.groups, Change::new(3.0, 2.0));
    assert!(render(&minimal, Lang::En, None, false).contains("No data."));
}

#[test]
fn tables_are_written_as_csv_and_json() {
    let data = small();
    let dir = tempfile::tempdir().unwrap();
    let csv_files = write_tables(&data, dir.path(), TableFormat::Csv).unwrap();
    let names: Vec<String> = csv_files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    for t in ["groups", "units", "plan", "members", "clusters", "heatmap", "cross_posts", "findings", "headline"] {
        assert!(names.contains(&format!("{t}.csv")), "{t}");
    }
    let mut groups = csv::Reader::from_path(dir.path().join("groups.csv")).unwrap();
    let headers = groups.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "label_proof_of_work"));
    let rows: Vec<csv::StringRecord> = groups.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), data.groups.len());
    let verdict = headers.iter().position(|h| h == "verdict").unwrap();
    let name = headers.iter().position(|h| h == "name").unwrap();
    assert_eq!((&rows[4][name], &rows[4][verdict]), ("2023 年会筹备", "dissolve"));
    let heat = csv::Reader::from_path(dir.path().join("heatmap.csv")).unwrap().into_records().count();
    assert_eq!(heat, 168 * data.heatmaps.len(), "7 × 24 rows per map");

    write_tables(&data, dir.path(), TableFormat::Json).unwrap();
    let members: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("members.json")).unwrap()).unwrap();
    assert_eq!(members.len(), data.members.len());
    assert_eq!(members[0]["name"], "王伟");
    assert_eq!(members[0]["groups_before"], 4);
    let cross: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.path().join("cross_posts.json")).unwrap()).unwrap();
    assert_eq!(cross[0]["group_count"], 4);

    // Scoped and pseudonymised tables match the report.
    let opts = Options { lang: Lang::En, unit: Some("sales".into()), pseudonymize: true };
    let scoped = scope(&data, &opts).unwrap();
    write_tables(&scoped, dir.path(), TableFormat::Csv).unwrap();
    let text = std::fs::read_to_string(dir.path().join("members.csv")).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(!text.contains("李娜") && text.contains("Member-"));
}

#[test]
fn writing_into_a_file_path_fails_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = write_tables(&small(), &file, TableFormat::Json).unwrap_err();
    assert!(err.to_string().starts_with(&file.display().to_string()), "{err}");
    assert!(err.to_string().contains("cannot write"));
}

#[test]
fn a_very_large_plan_leaves_the_notices_to_the_exported_table() {
    let mut data = small();
    let with_notice = data.plan.iter().find(|a| !a.notice.is_empty()).expect("an action with a notice").clone();
    let html = render(&data, Lang::En, None, false);
    assert!(table(&html, "plan-table").contains(&crate::escape::html(&with_notice.notice)), "small plans show notices");
    data.plan = vec![with_notice.clone(); 2_001];
    let html = render(&data, Lang::En, None, false);
    let plan = table(&html, "plan-table");
    assert_eq!(plan.matches("<tr>").count(), 2_002);
    assert!(!plan.contains(&crate::escape::html(&with_notice.notice)));
    assert!(html.contains("exported plan table"));
}
