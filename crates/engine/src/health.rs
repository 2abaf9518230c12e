//! Group health: one DataFusion aggregate over messages (with their labels), memberships and groups.

use crate::rows::Rows;
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
    let rows = Rows::new(
        ctx.sql("SELECT min(CAST(time AS BIGINT)) / 1000 AS a, max(CAST(time AS BIGINT)) / 1000 AS b FROM messages")
            .await?
            .collect()
            .await?,
    )?;
    Ok(rows.iter().next().and_then(|r| Some((r.int("a")?, r.int("b")?))))
}

/// Computes every group's health. `labelled` says whether a `labels` table is registered.
pub async fn compute(
    ctx: &SessionContext,
    labelled: bool,
    (start, end): (i64, i64),
) -> datafusion::error::Result<Vec<Health>> {
    let label_col = if labelled { "l.label" } else { "CAST(NULL AS VARCHAR)" };
    let join = if labelled { "LEFT JOIN labels l ON m.key = l.key" } else { "" };
    let labels: Vec<String> = Label::ALL
        .iter()
        .map(|l| format!("sum(CASE WHEN human AND label = '{0}' THEN 1 ELSE 0 END) AS l_{0}", l.as_str()))
        .collect();
    let sql = format!(
        "WITH m AS (
            SELECT m.source, m.group_id, m.sender, m.kind, m.text, CAST(m.time AS BIGINT) / 1000 AS t,
                   m.kind NOT IN ('system', 'recall', 'bot') AS human, {label_col} AS label
            FROM messages m {join}),
         agg AS (
            SELECT source, group_id,
                count(*) AS records,
                sum(CASE WHEN human THEN 1 ELSE 0 END) AS human_messages,
                sum(CASE WHEN kind = 'bot' THEN 1 ELSE 0 END) AS bot_messages,
                sum(CASE WHEN kind IN ('system', 'recall') THEN 1 ELSE 0 END) AS system_messages,
                min(CASE WHEN human THEN t END) AS first_human,
                max(CASE WHEN human THEN t END) AS last_human,
                count(DISTINCT CASE WHEN human AND t >= {d30} THEN sender END) AS senders_30d,
                count(DISTINCT CASE WHEN human AND t >= {d90} THEN sender END) AS senders_90d,
                sum(CASE WHEN human AND jj_after_hours(t) THEN 1 ELSE 0 END) AS after_hours,
                sum(CASE WHEN human AND label = 'important' AND jj_after_hours(t) THEN 1 ELSE 0 END) AS urgent_after_hours,
                sum(CASE WHEN human AND label = 'important' AND t >= {d30} THEN 1 ELSE 0 END) AS important_30d,
                sum(CASE WHEN human THEN jj_han_chars(text) ELSE 0 END) AS han_chars,
                sum(CASE WHEN human THEN jj_latin_words(text) ELSE 0 END) AS latin_words,
                {labels}
            FROM m GROUP BY source, group_id),
         mem AS (
            SELECT source, group_id, count(DISTINCT member) AS members FROM memberships
            WHERE \"left\" IS NULL GROUP BY source, group_id),
         units AS (
            SELECT ms.source, ms.group_id, mb.unit, count(DISTINCT ms.member) AS n FROM memberships ms
            JOIN members mb ON mb.source = ms.source AND mb.id = ms.member
            WHERE ms.\"left\" IS NULL AND mb.unit IS NOT NULL GROUP BY ms.source, ms.group_id, mb.unit)
         SELECT g.source, g.id, g.name, g.kind, coalesce(g.unit, ow.unit) AS unit, g.owner,
                coalesce(mem.members, 0) AS members, coalesce(u.n, 0) AS unit_members, agg.*
         FROM groups g
         LEFT JOIN members ow ON ow.source = g.source AND ow.id = g.owner
         LEFT JOIN units u ON u.source = g.source AND u.group_id = g.id AND u.unit = coalesce(g.unit, ow.unit)
         LEFT JOIN agg ON agg.source = g.source AND agg.group_id = g.id
         LEFT JOIN mem ON mem.source = g.source AND mem.group_id = g.id
         ORDER BY g.source, g.id",
        d30 = end - 30 * DAY,
        d90 = end - 90 * DAY,
        labels = labels.join(",\n"),
    );
    let rows = Rows::new(ctx.sql(&sql).await?.collect().await?)?;
    let span_days = ((end - start) as f64 / DAY as f64).max(1.0);
    let mut out = Vec::new();
    for r in rows.iter() {
        let human = r.count("human_messages");
        let records = r.count("records");
        let first = r.int("first_human");
        let last = r.int("last_human");
        let mut labels = BTreeMap::new();
        for l in Label::ALL {
            let n = r.count(&format!("l_{}", l.as_str()));
            if n > 0 {
                labels.insert(l.as_str().to_owned(), n);
            }
        }
        let labelled_total: u64 = labels.values().sum();
        let noise: u64 = Label::ALL
            .iter()
            .filter(|l| l.is_noise() && **l != Label::System)
            .map(|l| labels.get(l.as_str()).copied().unwrap_or(0))
            .sum();
        out.push(Health {
            source: r.str("source").unwrap_or_default(),
            id: r.str("id").unwrap_or_default(),
            name: r.str("name"),
            kind: r.str("kind").unwrap_or_else(|| "group".into()),
            unit: r.str("unit"),
            owner: r.str("owner"),
            members: r.count("members"),
            unit_share: ratio(r.count("unit_members"), r.count("members")),
            records,
            human_messages: human,
            bot_messages: r.count("bot_messages"),
            system_messages: r.count("system_messages"),
            bot_system_share: ratio(records - human, records),
            human_per_day: human as f64 / span_days,
            senders_30d: r.count("senders_30d"),
            senders_90d: r.count("senders_90d"),
            first_human_ms: first,
            last_human_ms: last,
            first_human: first.map(to_rfc3339),
            last_human: last.map(to_rfc3339),
            days_silent: last.map(|l| (end - l) as f64 / DAY as f64),
            active_span_days: match (first, last) {
                (Some(a), Some(b)) => (b - a) as f64 / DAY as f64,
                _ => 0.0,
            },
            after_hours: r.count("after_hours"),
            after_hours_share: ratio(r.count("after_hours"), human),
            urgent_after_hours: r.count("urgent_after_hours"),
            noise_share: ratio(noise, labelled_total),
            labels,
            important_per_week_30d: r.count("important_30d") as f64 * 7.0 / 30.0_f64.min(span_days),
            han_chars: r.count("han_chars"),
            latin_words: r.count("latin_words"),
        });
    }
    Ok(out)
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
