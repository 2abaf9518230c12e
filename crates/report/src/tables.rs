//! The report's HTML tables: units, group inventory, findings, plan, clusters, cross-posts and members.
//!
//! Each table is `<table class="dt" id="…-table">` with plain rows. Numeric cells carry their raw value in `data-v`
//! (the script sorts by it, CSS right-aligns it); text cells carry only text. Big tables get a filter box.

use crate::data::ReportData;
use crate::escape::{html, html_into};
use crate::format::{epoch, int, num, pct};
use crate::html::{Ctx, no_data};
use crate::i18n::{K, code};
use crate::options::Lang;
use std::collections::HashMap;
use std::fmt::Write;

/// Most cross-posted notices shown (the tables written by `write_tables` keep all).
pub const CROSS_POSTS_SHOWN: usize = 200;

fn open(out: &mut String, ctx: &Ctx, id: &str, heads: &[K], filter: bool) {
    if filter {
        let _ = write!(
            out,
            "<div class=\"tools\"><input type=\"search\" data-table=\"{id}\" placeholder=\"{f}\" aria-label=\"{f}\"><span class=\"count\" data-table=\"{id}\"></span> <span class=\"note\">{h}</span></div>",
            f = html(ctx.t(K::Filter)),
            h = html(ctx.t(K::SortHint)),
        );
    }
    let _ = write!(out, "<div class=\"wrap\"><table id=\"{id}\" class=\"dt\"><thead><tr>");
    for k in heads {
        let _ = write!(out, "<th>{}</th>", html(ctx.t(*k)));
    }
    out.push_str("</tr></thead><tbody>\n");
}

fn close(out: &mut String) {
    out.push_str("</tbody></table></div>");
}

fn td(out: &mut String, text: &str) {
    out.push_str("<td>");
    html_into(out, text);
    out.push_str("</td>");
}

fn td_class(out: &mut String, class: &str, text: &str) {
    let _ = write!(out, "<td class=\"{class}\">");
    html_into(out, text);
    out.push_str("</td>");
}

fn td_num(out: &mut String, value: f64, shown: &str) {
    let _ = write!(out, "<td data-v=\"{}\">{shown}</td>", sort_key(value));
}

/// A number as the sort key of a cell: whole numbers as they are, others to four decimals (enough to sort by,
/// and a 10M-message report is megabytes smaller than with every float's 17 digits).
fn sort_key(value: f64) -> String {
    if !value.is_finite() {
        return "0".into();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let s = format!("{value:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn td_int(out: &mut String, value: u64) {
    td_num(out, value as f64, &int(value as i64));
}

fn list_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// The names of the groups among `ids` that the report shows, then `(+N)` for the others (other units' groups in a
/// `--unit` report).
fn group_list(ctx: &Ctx, ids: &[String]) -> String {
    let names: Vec<&str> = ids.iter().filter_map(|g| ctx.names.get(g.as_str()).copied()).collect();
    let mut text = names.join(list_sep(ctx.lang));
    if names.len() < ids.len() {
        let _ = write!(text, " (+{})", int((ids.len() - names.len()) as i64));
    }
    text
}

fn unit_names(data: &ReportData) -> HashMap<&str, &str> {
    data.units.iter().map(|u| (u.id.as_str(), u.name.as_str())).collect()
}

/// Units with groups against quota.
pub fn units(out: &mut String, ctx: &Ctx, data: &ReportData) {
    let heads = [K::Name, K::Id, K::GroupsNow, K::GroupsAfter, K::InternalGroups, K::Quota, K::OverQuota];
    open(out, ctx, "units-table", &heads, false);
    for u in &data.units {
        out.push_str("<tr>");
        td(out, &u.name);
        td(out, &u.id);
        td_int(out, u.groups.into());
        td_int(out, u.groups_after.into());
        td_int(out, u.internal_groups.into());
        match u.quota {
            Some(q) => td_int(out, q.into()),
            None => td_num(out, -1.0, "–"),
        }
        let over = format!("{} → {}", int(u.over_quota().into()), int(u.over_quota_after().into()));
        td_num(out, u.over_quota().into(), &over);
        out.push_str("</tr>\n");
    }
    close(out);
}

/// The group inventory.
pub fn groups(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.groups.is_empty() {
        no_data(out, ctx);
        return;
    }
    let units = unit_names(data);
    let people: HashMap<&str, &str> = data.members.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
    let heads = [
        K::Source,
        K::Id,
        K::Name,
        K::Unit,
        K::Owner,
        K::MemberCount,
        K::MessagesADay,
        K::Senders30,
        K::Senders90,
        K::LastHuman,
        K::AfterHoursShare,
        K::BotSystemShare,
        K::NoiseShare,
        K::Verdict,
        K::MergeInto,
        K::Reasons,
    ];
    open(out, ctx, "groups-table", &heads, true);
    for g in &data.groups {
        out.push_str("<tr>");
        td(out, &g.source);
        td(out, &g.id);
        td(out, &g.name);
        td(out, g.unit.as_deref().map(|u| units.get(u).copied().unwrap_or(u)).unwrap_or(""));
        td(out, g.owner.as_deref().map(|o| people.get(o).copied().unwrap_or(o)).unwrap_or(""));
        td_int(out, g.members.into());
        td_num(out, g.messages_a_day, &num(g.messages_a_day, 1));
        td_int(out, g.senders_30d.into());
        td_int(out, g.senders_90d.into());
        match &g.last_human {
            Some(t) => td_num(out, epoch(t) as f64, &crate::format::date(ctx.lang, ctx.tz, t)),
            None => td_num(out, -1.0, "–"),
        }
        td_num(out, g.after_hours_share, &pct(g.after_hours_share));
        td_num(out, g.bot_system_share, &pct(g.bot_system_share));
        td_num(out, g.noise_share(), &pct(g.noise_share()));
        td_class(out, &format!("v-{}", safe_class(&g.verdict)), code(ctx.lang, &g.verdict));
        td(out, g.merge_into.as_deref().map(|m| ctx.group(m)).unwrap_or(""));
        // The kinds only: each finding's reason and figures are in the findings table.
        let kinds: Vec<&str> = g.findings.iter().map(|f| code(ctx.lang, &f.kind)).collect();
        td_class(out, "small", &kinds.join(list_sep(ctx.lang)));
        out.push_str("</tr>\n");
    }
    close(out);
}

fn safe_class(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// Every finding with its reason (the sentence states the figures; the figures as numbers are in the exported
/// `findings` table, which a 10M-message report cannot also carry inline under 20 MB).
pub fn findings(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.groups.iter().all(|g| g.findings.is_empty()) {
        no_data(out, ctx);
        return;
    }
    open(out, ctx, "findings-table", &[K::Group, K::Kind, K::Reason], true);
    for g in &data.groups {
        for f in &g.findings {
            out.push_str("<tr>");
            td(out, &g.name);
            td(out, code(ctx.lang, &f.kind));
            td(out, &f.reason);
            out.push_str("</tr>\n");
        }
    }
    close(out);
}

/// The plan's actions.
pub fn plan(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.plan.is_empty() {
        no_data(out, ctx);
        return;
    }
    let _ = write!(out, "<p class=\"note\">{}</p>", crate::escape::html(ctx.t(K::NoticesExported)));
    let notices = data.plan.len() <= NOTICE_ROWS;
    let heads = [K::Group, K::Action, K::Target, K::Reason, K::Notice];
    open(out, ctx, "plan-table", &heads[..if notices { 5 } else { 4 }], true);
    for a in &data.plan {
        out.push_str("<tr>");
        td(out, ctx.group(&a.group));
        td_class(out, &format!("v-{}", safe_class(&a.action)), code(ctx.lang, &a.action));
        td(out, a.target.as_deref().map(|t| ctx.group(t)).unwrap_or(""));
        td(out, &a.reason);
        if notices {
            td_class(out, "small", &a.notice);
        }
        out.push_str("</tr>\n");
    }
    close(out);
}

/// Above this many actions the plan table leaves the notices out (each is a few hundred bytes, and a 10M-message
/// district has 10,000 actions); the exported plan table always has them.
const NOTICE_ROWS: usize = 2_000;

/// Redundant clusters with their figures.
pub fn clusters(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.clusters.is_empty() {
        no_data(out, ctx);
        return;
    }
    let heads = [K::Cluster, K::GroupNames, K::Jaccard, K::Containment, K::SharedMembers, K::CrossPostCount];
    open(out, ctx, "clusters-table", &heads, true);
    for c in &data.clusters {
        out.push_str("<tr>");
        td(out, &c.id);
        td(out, &group_list(ctx, &c.groups));
        td_num(out, c.jaccard, &num(c.jaccard, 2));
        td_num(out, c.containment, &num(c.containment, 2));
        td_int(out, c.shared_members.into());
        td_int(out, c.cross_posts.into());
        out.push_str("</tr>\n");
    }
    close(out);
}

/// The most cross-posted notices.
pub fn cross_posts(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.cross_posts.is_empty() {
        no_data(out, ctx);
        return;
    }
    let mut posts: Vec<_> = data.cross_posts.iter().collect();
    posts.sort_by(|a, b| b.groups.len().cmp(&a.groups.len()).then_with(|| a.first.cmp(&b.first)));
    posts.truncate(CROSS_POSTS_SHOWN);
    open(out, ctx, "cross-posts-table", &[K::Excerpt, K::GroupCount, K::GroupNames, K::FirstSeen], true);
    for p in posts {
        out.push_str("<tr>");
        td(out, &p.excerpt);
        td_int(out, p.groups.len() as u64);
        td_class(out, "small", &group_list(ctx, &p.groups));
        td_num(out, epoch(&p.first) as f64, &ctx.when(&p.first));
        out.push_str("</tr>\n");
    }
    close(out);
}

/// Members with their burden before → after.
pub fn members(out: &mut String, ctx: &Ctx, data: &ReportData) {
    if data.members.is_empty() {
        no_data(out, ctx);
        return;
    }
    let units = unit_names(data);
    let heads = [K::Id, K::Name, K::Unit, K::GroupsNow, K::MessagesPerMember, K::ReadingMinutes, K::AfterHoursWeek];
    open(out, ctx, "members-table", &heads, true);
    let change = |out: &mut String, b: f64, a: f64, places: usize| {
        td_num(out, b, &format!("{} → {}", num(b, places), num(a, places)));
    };
    for m in &data.members {
        out.push_str("<tr>");
        td(out, &m.id);
        td(out, &m.name);
        td(out, m.unit.as_deref().map(|u| units.get(u).copied().unwrap_or(u)).unwrap_or(""));
        change(out, m.before.groups.into(), m.after.groups.into(), 0);
        change(out, m.before.messages_a_day, m.after.messages_a_day, 1);
        change(out, m.before.reading_minutes_a_day, m.after.reading_minutes_a_day, 1);
        change(out, m.before.after_hours_a_week, m.after.after_hours_a_week, 1);
        out.push_str("</tr>\n");
    }
    close(out);
}
