//! Group health: the message figures the label pass counted ([`crate::tally`]) beside one DataFusion query over
//! groups, memberships and members (members, unit share, owner and unit).

use crate::rows::Rows;
use crate::tally::Tallies;
use datafusion::prelude::SessionContext;
use jingjian_model::Label;
use jingjian_model::time::to_rfc3339;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY: i64 = 86_400_000;

/// Health figures of one group, over the whole data span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    pub source: String,
    pub id: String,
    pub name: Option<String>,
    pub kind: String,
    /// The group's unit, or else its owner's.
    pub unit: Option<String>,
    pub owner: Option<String>,
    /// Current members (without those who left).
    pub members: u64,
    /// Share of the members who belong to the group's unit.
    pub unit_share: f64,
    /// Every message record, system and bot ones included.
    pub records: u64,
    pub human_messages: u64,
    pub bot_messages: u64,
    pub system_messages: u64,
    /// Share of records that are bot or system records.
    pub bot_system_share: f64,
    /// Human messages a day over the data span.
    pub human_per_day: f64,
    /// Distinct human senders in the last 30 and 90 days of the data.
    pub senders_30d: u64,
    pub senders_90d: u64,
    #[serde(skip)]
    pub first_human_ms: Option<i64>,
    #[serde(skip)]
    pub last_human_ms: Option<i64>,
    pub first_human: Option<String>,
    pub last_human: Option<String>,
    /// Days between the last human message and the end of the data.
    pub days_silent: Option<f64>,
    /// Days between the first and the last human message.
    pub active_span_days: f64,
    /// Share of human messages sent after hours.
    pub after_hours_share: f64,
    pub after_hours: u64,
    /// Important human messages after hours (urgent ones).
    pub urgent_after_hours: u64,
    /// Human messages by label.
    pub labels: BTreeMap<String, u64>,
    /// Share of labelled human messages that are noise (ack, proof of work, flattery, greeting, off-topic).
    pub noise_share: f64,
    /// Important messages a week over the last 30 days.
    pub important_per_week_30d: f64,
    /// Han characters and Latin words of human messages (reading time).
    pub han_chars: u64,
    pub latin_words: u64,
}

/// The span of the data: first and last message time (UTC ms).
pub async fn span(ctx: &SessionContext) -> datafusion::error::Result<Option<(i64, i64)>> {
    // On the column itself (not a cast of it), so that the plan can answer from the files' statistics.
    let rows = Rows::new(ctx.sql("SELECT min(time) AS a, max(time) AS b FROM messages").await?.collect().await?)?;
    // Times are stored in microseconds.
    Ok(rows.iter().next().and_then(|r| Some((r.int("a")? / 1000, r.int("b")? / 1000))))
}

/// Every group with its unit, owner and members (the query [`compute`] needs).
pub async fn groups(ctx: &SessionContext) -> datafusion::error::Result<Vec<datafusion::arrow::array::RecordBatch>> {
    let sql = "WITH mem AS (
            SELECT source, group_id, count(DISTINCT member) AS members FROM memberships
            WHERE \"left\" IS NULL GROUP BY source, group_id),
         units AS (
            SELECT ms.source, ms.group_id, mb.unit, count(DISTINCT ms.member) AS n FROM memberships ms
            JOIN members mb ON mb.source = ms.source AND mb.id = ms.member
            WHERE ms.\"left\" IS NULL AND mb.unit IS NOT NULL GROUP BY ms.source, ms.group_id, mb.unit)
         SELECT g.source, g.id, g.name, g.kind, coalesce(g.unit, ow.unit) AS unit, g.owner,
                coalesce(mem.members, 0) AS members, coalesce(u.n, 0) AS unit_members
         FROM groups g
         LEFT JOIN members ow ON ow.source = g.source AND ow.id = g.owner
         LEFT JOIN units u ON u.source = g.source AND u.group_id = g.id AND u.unit = coalesce(g.unit, ow.unit)
         LEFT JOIN mem ON mem.source = g.source AND mem.group_id = g.id
         ORDER BY g.source, g.id";
    ctx.sql(sql).await?.collect().await
}

/// Computes every group's health from [`groups`] and the label pass's tallies.
pub fn compute(
    groups: Vec<datafusion::arrow::array::RecordBatch>,
    tallies: &Tallies,
    (start, end): (i64, i64),
) -> datafusion::error::Result<Vec<Health>> {
    let rows = Rows::new(groups)?;
    let span_days = ((end - start) as f64 / DAY as f64).max(1.0);
    let none = crate::tally::Tally::default();
    let mut out = Vec::new();
    for r in rows.iter() {
        let (source, id) = (r.str("source").unwrap_or_default(), r.str("id").unwrap_or_default());
        let t = tallies.groups.get(&(source.clone(), id.clone())).unwrap_or(&none);
        let (human, records) = (t.human, t.records);
        let (first, last) = (t.first_human, t.last_human);
        let labels: BTreeMap<String, u64> =
            Label::ALL.iter().zip(t.labels).filter(|(_, n)| *n > 0).map(|(l, n)| (l.as_str().to_owned(), n)).collect();
        let labelled_total: u64 = labels.values().sum();
        let noise: u64 = Label::ALL
            .iter()
            .filter(|l| l.is_noise() && **l != Label::System)
            .map(|l| labels.get(l.as_str()).copied().unwrap_or(0))
            .sum();
        out.push(Health {
            source,
            id,
            name: r.str("name"),
            kind: r.str("kind").unwrap_or_else(|| "group".into()),
            unit: r.str("unit"),
            owner: r.str("owner"),
            members: r.count("members"),
            unit_share: ratio(r.count("unit_members"), r.count("members")),
            records,
            human_messages: human,
            bot_messages: t.bot,
            system_messages: t.system,
            bot_system_share: ratio(records - human, records),
            human_per_day: human as f64 / span_days,
            senders_30d: t.senders_30d(),
            senders_90d: t.senders_90d(),
            first_human_ms: first,
            last_human_ms: last,
            first_human: first.map(to_rfc3339),
            last_human: last.map(to_rfc3339),
            days_silent: last.map(|l| (end - l) as f64 / DAY as f64),
            active_span_days: match (first, last) {
                (Some(a), Some(b)) => (b - a) as f64 / DAY as f64,
                _ => 0.0,
            },
            after_hours: t.after_hours,
            after_hours_share: ratio(t.after_hours, human),
            urgent_after_hours: t.urgent_after_hours,
            noise_share: ratio(noise, labelled_total),
            labels,
            important_per_week_30d: t.important_30d as f64 * 7.0 / 30.0_f64.min(span_days),
            han_chars: t.han_chars,
            latin_words: t.latin_words,
        });
    }
    Ok(out)
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
