//! What the planner, the burden simulation and the digests need, read from an audited workspace: per-group
//! facts (membership, verdict, traffic with cross-post copies), per-member facts (groups, acks and check-ins
//! posted) and the messages that may reach a digest.

use crate::audit::AuditReport;
use crate::posted::{CROSS_POST_GROUPS, MEMBER_POSTS};
use crate::rows::{Rows, Strings};
use datafusion::arrow::array::{Array, AsArray, Int64Array, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::prelude::SessionContext;
use jingjian_model::{GroupKind, Label, Source};
use jingjian_plan::input::{CrossPost, DigestItem, GroupFacts, Lang, MemberFacts, PostedIn, Traffic};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};

const NOISE: [&str; 5] = ["ack", "proof_of_work", "flattery", "greeting", "off_topic"];

/// The days the data spans.
pub fn span_days(report: &AuditReport) -> f64 {
    let parse = |s: &Option<String>| s.as_deref().and_then(jingjian_model::time::parse_rfc3339);
    match (parse(&report.first), parse(&report.last)) {
        (Some(a), Some(b)) => ((b - a) as f64 / 86_400_000.0).max(1.0),
        _ => 1.0,
    }
}

/// Per-group facts for the planner.
pub async fn groups(
    ctx: &SessionContext,
    report: &AuditReport,
    internal_share: f64,
) -> datafusion::error::Result<Vec<GroupFacts>> {
    Ok(GroupTables::read(ctx).await?.facts(report, internal_share))
}

/// What the per-group facts take from the workspace besides the audit: members and cross-post copies by group.
/// Read on their own, so that a command reads them while it parses the audit.
pub struct GroupTables {
    members: HashMap<(String, String), Vec<String>>,
    posts: HashMap<(String, String), Vec<CrossPost>>,
}

impl GroupTables {
    /// Reads both (two queries at once).
    pub async fn read(ctx: &SessionContext) -> datafusion::error::Result<GroupTables> {
        let (members, posts) = tokio::try_join!(group_members(ctx), group_copies(ctx))?;
        Ok(GroupTables { members, posts })
    }

    /// The facts of every group in `report`.
    pub fn facts(mut self, report: &AuditReport, internal_share: f64) -> Vec<GroupFacts> {
        let days = span_days(report);
        report
            .groups
            .iter()
            .map(|g| {
                let h = &g.health;
                let k = (h.source.clone(), h.id.clone());
                let label = |l: &str| h.labels.get(l).copied().unwrap_or(0);
                let kind = GroupKind::parse(&h.kind).unwrap_or_default();
                GroupFacts {
                    source: Source::parse(&h.source).unwrap_or(Source::Jsonl),
                    id: h.id.clone(),
                    name: h.name.clone(),
                    unit: h.unit.clone(),
                    owner: h.owner.clone(),
                    kind,
                    members: self.members.remove(&k).unwrap_or_default(),
                    verdict: g.verdict,
                    merge_into: g.merge_into.clone(),
                    reasons: g.reasons.clone(),
                    zombie: g.findings.iter().any(|f| f.kind == "zombie"),
                    exempt: g.findings.iter().any(|f| f.kind == "allow_listed"),
                    is_internal: crate::verdict::internal(h, internal_share),
                    lang: if h.han_chars >= h.latin_words { Lang::Zh } else { Lang::En },
                    traffic: Traffic {
                        days,
                        human_messages: h.human_messages,
                        important_messages: label("important"),
                        noise_messages: NOISE.iter().map(|l| label(l)).sum(),
                        zh_chars: h.han_chars,
                        en_words: h.latin_words,
                        after_hours_messages: h.after_hours,
                        urgent_after_hours_messages: h.urgent_after_hours,
                        cross_posts: self.posts.remove(&k).unwrap_or_default(),
                    },
                }
            })
            .collect()
    }
}

/// Every group's current members, sorted, by (source, group id).
async fn group_members(ctx: &SessionContext) -> datafusion::error::Result<HashMap<(String, String), Vec<String>>> {
    let batches = current_memberships(ctx).await?;
    let columns = texts(&batches, ["source", "group_id", "member"])?;
    let by_group = grouped(&columns, GROUP, MEMBER);
    Ok(by_group.into_iter().map(|((source, group), members)| ((source.into(), group.into()), owned(members))).collect())
}

/// Positions of the group and the member in [`current_memberships`]' rows (the source is first).
const GROUP: usize = 1;
const MEMBER: usize = 2;

/// The memberships' `value` column (group or member) by (source, `key` column); a key with only empty values is
/// there with none.
fn grouped(columns: &[[Strings; 3]], key: usize, value: usize) -> FxHashMap<(&str, &str), Vec<&str>> {
    let mut by_key: FxHashMap<(&str, &str), Vec<&str>> = FxHashMap::default();
    for cols in columns {
        for i in 0..cols[0].len() {
            let values = by_key.entry((cols[0].value(i), cols[key].value(i))).or_default();
            if !cols[value].value(i).is_empty() {
                values.push(cols[value].value(i));
            }
        }
    }
    by_key
}

/// The current memberships (not left): (source, group_id, member), read flat. Grouped in memory they cost a
/// fraction of what the aggregating queries did (`array_agg(DISTINCT …)` joined into a string and split again:
/// ≈ 40 ms of a 100k-message report for 19k memberships).
async fn current_memberships(ctx: &SessionContext) -> datafusion::error::Result<Vec<RecordBatch>> {
    ctx.sql("SELECT source, group_id, member FROM memberships WHERE \"left\" IS NULL").await?.collect().await
}

/// The text columns `names` of every batch, borrowed where they lie.
fn texts<const N: usize>(batches: &[RecordBatch], names: [&str; N]) -> datafusion::error::Result<Vec<[Strings; N]>> {
    let columns = |b: &RecordBatch| {
        let cols = names.iter().map(|n| Strings::of(b, n)).collect::<datafusion::error::Result<Vec<_>>>()?;
        Ok(<[Strings; N]>::try_from(cols).ok().expect("one column a name"))
    };
    batches.iter().map(columns).collect()
}

/// Sorted, without repeats, owned.
fn owned(mut texts: Vec<&str>) -> Vec<String> {
    texts.sort_unstable();
    texts.dedup();
    texts.into_iter().map(str::to_owned).collect()
}

/// Every group's cross-post copies by cluster and label, by (source, group id).
async fn group_copies(ctx: &SessionContext) -> datafusion::error::Result<HashMap<(String, String), Vec<CrossPost>>> {
    // Audits store these figures; audits stored before they did are read the long way, joining the messages.
    let sql = if ctx.table_exist(CROSS_POST_GROUPS)? {
        format!("SELECT * FROM {CROSS_POST_GROUPS}")
    } else {
        "SELECT m.source, cp.group_id, cp.cluster, l.label, count(*) AS copies,
                sum(jj_han_chars(m.text)) AS zh, sum(jj_latin_words(m.text)) AS en
         FROM cross_posts cp JOIN messages m ON m.key = cp.key JOIN labels l ON l.key = cp.key
         GROUP BY m.source, cp.group_id, cp.cluster, l.label"
            .to_owned()
    };
    let copies = Rows::new(ctx.sql(&sql).await?.collect().await?)?;
    let mut posts: HashMap<(String, String), Vec<CrossPost>> = HashMap::new();
    for r in copies.iter() {
        posts.entry((r.str("source").unwrap_or_default(), r.str("group_id").unwrap_or_default())).or_default().push(
            CrossPost {
                cluster: r.str("cluster").unwrap_or_default(),
                copies: r.count("copies"),
                label: r.str("label").and_then(|l| Label::parse(&l)).unwrap_or(Label::Important),
                zh_chars: r.count("zh"),
                en_words: r.count("en"),
            },
        );
    }
    // One order whatever the query's: by cluster, then label.
    for list in posts.values_mut() {
        list.sort_by(|a, b| (&a.cluster, a.label.as_str()).cmp(&(&b.cluster, b.label.as_str())));
    }
    Ok(posts)
}

/// Per-member facts: every human member in a group now, with their groups and what they posted, by (source, id).
pub async fn members(ctx: &SessionContext) -> datafusion::error::Result<Vec<MemberFacts>> {
    let humans = async {
        let sql = "SELECT source, id, name, unit FROM members WHERE NOT bot ORDER BY source, id";
        ctx.sql(sql).await?.collect().await
    };
    let sql = if ctx.table_exist(MEMBER_POSTS)? {
        format!("SELECT source, sender, group_id, acks, check_ins FROM {MEMBER_POSTS}")
    } else {
        "SELECT m.source, m.sender, m.group_id,
                sum(CASE WHEN l.label = 'ack' THEN 1 ELSE 0 END) AS acks,
                sum(CASE WHEN l.label = 'proof_of_work' THEN 1 ELSE 0 END) AS check_ins
         FROM messages m JOIN labels l ON l.key = m.key
         WHERE m.sender IS NOT NULL AND l.label IN ('ack', 'proof_of_work')
         GROUP BY m.source, m.sender, m.group_id"
            .to_owned()
    };
    let posts = async { ctx.sql(&sql).await?.collect().await };
    let (humans, memberships, posts) = tokio::try_join!(humans, current_memberships(ctx), posts)?;
    let memberships = texts(&memberships, ["source", "group_id", "member"])?;
    let mut groups_of = grouped(&memberships, MEMBER, GROUP);
    let mut posted_by: FxHashMap<(&str, &str), Vec<PostedIn>> = FxHashMap::default();
    let counts = |b: &RecordBatch, name: &str| -> datafusion::error::Result<Int64Array> {
        let column = b.column_by_name(name).expect("selected column");
        Ok(cast(column, &DataType::Int64)?.as_primitive::<Int64Type>().clone())
    };
    let post_texts = texts(&posts, ["source", "sender", "group_id"])?;
    for (b, [source, sender, group]) in posts.iter().zip(&post_texts) {
        let (acks, check_ins) = (counts(b, "acks")?, counts(b, "check_ins")?);
        let count = |c: &Int64Array, i: usize| if c.is_null(i) { 0 } else { c.value(i).max(0) as u64 };
        for i in 0..source.len() {
            posted_by.entry((source.value(i), sender.value(i))).or_default().push(PostedIn {
                group: group.value(i).to_owned(),
                acks: count(&acks, i),
                check_ins: count(&check_ins, i),
            });
        }
    }
    let mut out = Vec::new();
    for [source, id, name, unit] in &texts(&humans, ["source", "id", "name", "unit"])? {
        let text = |c: &Strings, i: usize| (!c.is_null(i)).then(|| c.value(i).to_owned());
        for i in 0..source.len() {
            let k = (source.value(i), id.value(i));
            // Members in no group now are no one's burden.
            let Some(groups) = groups_of.remove(&k) else { continue };
            let mut posted_in = posted_by.remove(&k).unwrap_or_default();
            posted_in.sort_by(|a, b| a.group.cmp(&b.group));
            out.push(MemberFacts {
                id: k.1.to_owned(),
                name: text(name, i),
                unit: text(unit, i),
                acks: posted_in.iter().map(|p| p.acks).sum(),
                check_ins: posted_in.iter().map(|p| p.check_ins).sum(),
                groups: owned(groups),
                posted_in,
            });
        }
    }
    Ok(out)
}

/// Messages that may reach a digest (important ones, and any that @mention someone) between `since` and
/// `until` (UTC ms, inclusive start, exclusive end).
pub async fn digest_items(
    ctx: &SessionContext,
    since: Option<i64>,
    until: Option<i64>,
) -> datafusion::error::Result<Vec<DigestItem>> {
    let mut filter = String::new();
    if let Some(s) = since {
        filter += &format!(" AND CAST(m.time AS BIGINT) / 1000 >= {s}");
    }
    if let Some(u) = until {
        filter += &format!(" AND CAST(m.time AS BIGINT) / 1000 < {u}");
    }
    let sql = format!(
        "SELECT m.id, m.group_id, g.name AS group_name, m.sender, CAST(m.time AS BIGINT) / 1000 AS t, l.label,
                m.text, array_to_string(m.mentions, '\u{1f}') AS mentions, m.mentions_all, l.deadline_ms, cp.cluster
         FROM messages m JOIN labels l ON l.key = m.key
         LEFT JOIN groups g ON g.source = m.source AND g.id = m.group_id
         LEFT JOIN cross_posts cp ON cp.key = m.key
         WHERE (l.label = 'important' OR cardinality(m.mentions) > 0){filter}
         ORDER BY t, m.group_id, m.id"
    );
    let rows = Rows::new(ctx.sql(&sql).await?.collect().await?)?;
    Ok(rows
        .iter()
        .map(|r| DigestItem {
            message_id: r.str("id").unwrap_or_default(),
            group: r.str("group_id").unwrap_or_default(),
            group_name: r.str("group_name"),
            sender: r.str("sender"),
            time: r.int("t").unwrap_or(0),
            label: r.str("label").and_then(|l| Label::parse(&l)).unwrap_or(Label::Discussion),
            text: r.str("text").unwrap_or_default(),
            mentions: r
                .str("mentions")
                .unwrap_or_default()
                .split('\u{1f}')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            mentions_all: r.flag("mentions_all"),
            deadline: r.int("deadline_ms"),
            cross_post: r.str("cluster"),
        })
        .collect())
}

/// Groups by member, for digests: member id → group ids.
pub fn member_groups(members: &[MemberFacts]) -> BTreeMap<String, Vec<String>> {
    members.iter().map(|m| (m.id.clone(), m.groups.clone())).collect()
}
