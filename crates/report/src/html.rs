//! The self-contained HTML page: header, overview cards and charts. Tables live in `tables`.
//!
//! The page loads nothing: the CSS and the table script are inlined, charts are inline SVG, fonts are the system's.
//! Rows are plain `<tr>` elements (no per-cell classes beyond what sorting needs), so a 1,500-group report stays a
//! few megabytes, prints, and reads without JavaScript.

use crate::data::{Change, ReportData};
use crate::escape::{html, html_into, json_for_script};
use crate::format::{self, datetime, int, num, pct};
use crate::i18n::{K, WEEKDAYS, code, fill};
use crate::options::{Lang, Options};
use crate::svg;
use crate::tables;
use chrono_tz::Tz;
use jingjian_model::Label;
use std::collections::HashMap;
use std::fmt::Write;

const CSS: &str = include_str!("assets/style.css");
const JS: &str = include_str!("assets/table.js");

/// The sections in page order: (anchor, title).
pub const SECTIONS: [(&str, K); 11] = [
    ("overview", K::Overview),
    ("units", K::Units),
    ("inventory", K::Inventory),
    ("findings", K::Findings),
    ("plan", K::Plan),
    ("clusters", K::Clusters),
    ("burden", K::Burden),
    ("after-hours", K::AfterHours),
    ("cross-posts", K::CrossPosts),
    ("noise", K::Noise),
    ("members", K::Members),
];

/// How many of the busiest groups the noise chart shows.
pub const NOISE_CHART_GROUPS: usize = 50;

/// What every section needs: the language, the zone and group names by id.
pub struct Ctx<'a> {
    /// Language.
    pub lang: Lang,
    /// Zone for dates.
    pub tz: Tz,
    /// Group display names by id.
    pub names: HashMap<&'a str, &'a str>,
}

impl Ctx<'_> {
    /// The label for `k`.
    pub fn t(&self, k: K) -> &'static str {
        k.text(self.lang)
    }

    /// The name of group `id` (the id when the group is unknown).
    pub fn group<'s>(&'s self, id: &'s str) -> &'s str {
        self.names.get(id).copied().unwrap_or(id)
    }

    /// An RFC 3339 time as a local date and time.
    pub fn when(&self, rfc3339: &str) -> String {
        datetime(self.lang, self.tz, rfc3339)
    }
}

/// The whole page for already scoped data.
pub fn page(data: &ReportData, opts: &Options) -> String {
    let ctx = Ctx {
        lang: opts.lang,
        tz: format::zone(&data.meta.tz),
        names: data.groups.iter().map(|g| (g.id.as_str(), g.name.as_str())).collect(),
    };
    let mut out = String::with_capacity(64 * 1024 + data.groups.len() * 900 + data.members.len() * 400);
    let title = if data.meta.title.is_empty() { ctx.t(K::DefaultTitle).to_string() } else { data.meta.title.clone() };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"jingjian\"><title>{}</title><style>{CSS}</style></head><body>",
        opts.lang.tag(),
        html(&title)
    );
    header(&mut out, &ctx, data, opts, &title);
    out.push_str("<nav aria-label=\"toc\"><strong>");
    html_into(&mut out, ctx.t(K::Contents));
    out.push_str("</strong> ");
    for (id, k) in SECTIONS {
        let _ = write!(out, "<a href=\"#{id}\">{}</a> ", html(ctx.t(k)));
    }
    out.push_str("</nav>");

    // The sections in two halves of about equal work (the big tables split between them), on two threads.
    let later = std::thread::scope(|s| {
        let later = s.spawn(|| {
            let mut out = String::with_capacity(data.groups.len() * 300 + data.members.len() * 400);
            section(&mut out, &ctx, 4, |out| tables::plan(out, &ctx, data));
            section(&mut out, &ctx, 5, |out| tables::clusters(out, &ctx, data));
            section(&mut out, &ctx, 6, |out| burden(out, &ctx, data));
            section(&mut out, &ctx, 7, |out| heat(out, &ctx, data));
            section(&mut out, &ctx, 8, |out| tables::cross_posts(out, &ctx, data));
            section(&mut out, &ctx, 9, |out| noise(out, &ctx, data));
            section(&mut out, &ctx, 10, |out| tables::members(out, &ctx, data));
            out
        });
        section(&mut out, &ctx, 0, |out| overview(out, &ctx, data));
        section(&mut out, &ctx, 1, |out| units_chart(out, &ctx, data));
        section(&mut out, &ctx, 2, |out| tables::groups(out, &ctx, data));
        section(&mut out, &ctx, 3, |out| tables::findings(out, &ctx, data));
        later.join().expect("the report's later sections")
    });
    out.push_str(&later);

    let i18n = serde_json::json!({"lang": opts.lang.tag(), "rowsShown": ctx.t(K::RowsShown)});
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"jj-i18n\">{}</script><script>{JS}</script></body></html>",
        json_for_script(&i18n)
    );
    out
}

fn section(out: &mut String, ctx: &Ctx, index: usize, body: impl FnOnce(&mut String)) {
    let (id, k) = SECTIONS[index];
    let _ = write!(out, "<section id=\"{id}\"><h2>{}</h2>", html(ctx.t(k)));
    body(out);
    out.push_str("</section>");
}

fn header(out: &mut String, ctx: &Ctx, data: &ReportData, opts: &Options, title: &str) {
    let m = &data.meta;
    out.push_str("<header><h1>");
    html_into(out, title);
    out.push_str("</h1><p class=\"meta\">");
    let mut item = |k: K, v: &str| {
        let _ = write!(out, "<span>{}: {}</span>", html(ctx.t(k)), html(v));
    };
    if let Some(org) = &m.organisation {
        item(K::Organisation, org);
    }
    if let (Some(a), Some(b)) = (&m.first, &m.last) {
        item(K::DataSpan, &format!("{} – {}", format::date(ctx.lang, ctx.tz, a), format::date(ctx.lang, ctx.tz, b)));
    }
    item(K::TimeZone, ctx.tz.name());
    if let Some(g) = &m.generated_at {
        item(K::Generated, &ctx.when(g));
    }
    if let Some(v) = m.workspace_version {
        item(K::WorkspaceVersion, &int(v as i64));
    }
    if let Some(u) = data.units.first().filter(|_| opts.unit.is_some()) {
        item(K::ScopeUnit, &u.name);
    }
    out.push_str("</p>");
    if opts.pseudonymize {
        let _ = write!(out, "<p class=\"note\">{}</p>", html(ctx.t(K::Pseudonymized)));
    }
    out.push_str("</header>");
}

/// How a headline figure is written.
#[derive(Clone, Copy)]
enum Fig {
    Count,
    Decimal,
    Share,
}

fn overview(out: &mut String, ctx: &Ctx, data: &ReportData) {
    let h = &data.headline;
    let many = fill(K::HManyGroups, ctx.lang, "n", &int(data.meta.many_groups as i64));
    let cards: [(&str, String, Change, Fig); 9] = [
        ("h-groups", ctx.t(K::HGroups).into(), h.groups, Fig::Count),
        ("h-zombies", ctx.t(K::HZombies).into(), h.zombies, Fig::Count),
        ("h-clusters", ctx.t(K::HClusters).into(), h.redundant_clusters, Fig::Count),
        ("h-many-groups", many, h.members_in_many_groups, Fig::Count),
        ("h-reading-median", ctx.t(K::HReadingMedian).into(), h.reading_minutes_median, Fig::Decimal),
        ("h-reading-p90", ctx.t(K::HReadingP90).into(), h.reading_minutes_p90, Fig::Decimal),
        ("h-messages-median", ctx.t(K::HMessagesMedian).into(), h.messages_median, Fig::Decimal),
        ("h-messages-p90", ctx.t(K::HMessagesP90).into(), h.messages_p90, Fig::Decimal),
        ("h-after-hours", ctx.t(K::HAfterHours).into(), h.after_hours_share, Fig::Share),
    ];
    let _ = write!(
        out,
        "<p class=\"note\">{} → {}</p><div class=\"cards\">",
        html(ctx.t(K::Before)),
        html(ctx.t(K::After))
    );
    for (id, label, change, fig) in cards {
        let f = |x: f64| match fig {
            Fig::Count => int(x.round() as i64),
            Fig::Decimal => num(x, 1),
            Fig::Share => pct(x),
        };
        let _ = write!(
            out,
            "<div class=\"card\" id=\"{id}\"><div class=\"label\">{}</div><div class=\"value\"><span class=\"b\" title=\"{}\">{}</span><span class=\"arrow\">→</span><span class=\"a\" title=\"{}\">{}</span></div></div>",
            html(&label),
            html(ctx.t(K::Before)),
            f(change.before),
            html(ctx.t(K::After)),
            f(change.after)
        );
    }
    out.push_str("</div>");
}

fn units_chart(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.units.is_empty() {
        no_data(out, ctx);
        return;
    }
    let mut units: Vec<_> = data.units.iter().collect();
    units.sort_by(|a, b| b.groups.cmp(&a.groups).then_with(|| a.name.cmp(&b.name)));
    let rows: Vec<svg::BarRow> = units
        .iter()
        .map(|u| svg::BarRow {
            label: svg::truncate(&u.name, 16),
            before: u.groups as f64,
            after: u.groups_after as f64,
            limit: u.quota.map(f64::from),
        })
        .collect();
    out.push_str(&svg::bars(&rows, (ctx.t(K::Before), ctx.t(K::After), ctx.t(K::Quota))));
    tables::units(out, ctx, data);
}

fn burden(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.members.is_empty() {
        no_data(out, ctx);
        return;
    }
    type Pick = fn(&crate::data::Burden) -> f64;
    let charts: [(K, Pick, bool); 4] = [
        (K::MessagesPerMember, |b| b.messages_a_day, false),
        (K::ReadingMinutes, |b| b.reading_minutes_a_day, false),
        (K::GroupsPerMember, |b| b.groups as f64, true),
        (K::AfterHoursWeek, |b| b.after_hours_a_week, false),
    ];
    out.push_str("<div class=\"hists\">");
    for (k, pick, integer) in charts {
        let before: Vec<f64> = data.members.iter().map(|m| pick(&m.before)).collect();
        let after: Vec<f64> = data.members.iter().map(|m| pick(&m.after)).collect();
        out.push_str(&svg::histogram(
            ctx.t(k),
            &before,
            &after,
            (ctx.t(K::Before), ctx.t(K::After)),
            ctx.t(K::MembersAxis),
            integer,
        ));
    }
    out.push_str("</div>");
}

fn heat(out: &mut String, ctx: &Ctx, data: &ReportData) {
    // A unit-scoped report keeps only that unit's map; the full report shows the workspace-wide one.
    let map = data.heatmaps.iter().find(|h| h.unit.is_none()).or_else(|| data.heatmaps.first());
    let Some(map) = map else {
        no_data(out, ctx);
        return;
    };
    let _ = write!(out, "<p class=\"note\">{}</p>", html(&fill(K::HeatmapNote, ctx.lang, "tz", ctx.tz.name())));
    let rows = WEEKDAYS.map(|k| ctx.t(k));
    out.push_str(&svg::heatmap(&map.counts, rows, ctx.t(K::Hour)));
    let total: u64 = map.counts.iter().flatten().sum();
    let _ = write!(out, "<p id=\"heatmap-total\">{}: {}</p>", html(ctx.t(K::Total)), int(total as i64));
}

fn noise(out: &mut String, ctx: &Ctx, data: &ReportData) {
    let mut busiest: Vec<_> = data.groups.iter().filter(|g| g.labelled() > 0).collect();
    if busiest.is_empty() {
        no_data(out, ctx);
        return;
    }
    busiest.sort_by(|a, b| b.messages_a_day.total_cmp(&a.messages_a_day).then_with(|| a.id.cmp(&b.id)));
    busiest.truncate(NOISE_CHART_GROUPS);
    busiest.sort_by(|a, b| b.noise_share().total_cmp(&a.noise_share()).then_with(|| a.id.cmp(&b.id)));
    let _ = write!(
        out,
        "<p class=\"note\">{}</p>",
        html(&fill(K::BusiestGroups, ctx.lang, "n", &int(busiest.len() as i64)))
    );
    let rows: Vec<svg::StackRow> = busiest
        .iter()
        .map(|g| svg::StackRow {
            label: g.name.clone(),
            parts: Label::ALL
                .iter()
                .map(|l| (l.as_str().to_string(), g.labels.get(l.as_str()).copied().unwrap_or(0)))
                .collect(),
        })
        .collect();
    let legend: Vec<(&str, &str)> = Label::ALL.iter().map(|l| (l.as_str(), code(ctx.lang, l.as_str()))).collect();
    out.push_str(&svg::stacked(&rows, &legend));
}

/// The "no data" line for an empty section.
pub fn no_data(out: &mut String, ctx: &Ctx) {
    let _ = write!(out, "<p class=\"note\">{}</p>", html(ctx.t(K::NoData)));
}
