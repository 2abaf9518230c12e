//! The report's tables as files: one JSON or CSV file per table, for spreadsheets and scripts ([`tables`] gives
//! them to writers of other formats: the CLI writes Parquet from them).
//!
//! Tables: `headline`, `units`, `groups`, `findings`, `plan`, `clusters`, `members`, `heatmap` (long form: unit,
//! weekday, hour, count) and `cross_posts`. Column names are the snake-case field names; JSON files hold an array
//! of objects, CSV files a header row and one row per object, lists joined with `; `. Pass the data through
//! [`crate::scope`] first to write what a `--unit` / `--pseudonymize` report shows.

use crate::data::ReportData;
use crate::error::ReportError;
use crate::options::TableFormat;
use jingjian_model::Label;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A table: column names and rows of values in the same order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's name (the file's stem).
    pub name: &'static str,
    /// Column names, snake case.
    pub columns: Vec<String>,
    /// Rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(name: &'static str, columns: &[&str]) -> Table {
        Table { name, columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }
}

/// Writes every table of `data` into `dir` (created if missing) as `<table>.json` or `<table>.csv`; returns the
/// files written.
pub fn write_tables(data: &ReportData, dir: &Path, format: TableFormat) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for table in tables(data) {
        let path = dir.join(format!("{}.{}", table.name, format.extension()));
        match format {
            TableFormat::Json => write_json(&path, &table)?,
            TableFormat::Csv => write_csv(&path, &table)?,
        }
        written.push(path);
    }
    Ok(written)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io { path: path.to_path_buf(), source }
}

fn write_json(path: &Path, table: &Table) -> Result<(), ReportError> {
    let objects: Vec<Value> = table
        .rows
        .iter()
        .map(|row| Value::Object(table.columns.iter().cloned().zip(row.iter().cloned()).collect()))
        .collect();
    let mut w = BufWriter::new(File::create(path).map_err(io(path))?);
    serde_json::to_writer(&mut w, &objects).map_err(|source| ReportError::Json { path: path.to_path_buf(), source })?;
    w.write_all(b"\n").and_then(|_| w.flush()).map_err(io(path))
}

fn csv_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(csv_cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn write_csv(path: &Path, table: &Table) -> Result<(), ReportError> {
    let file = File::create(path).map_err(io(path))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    let err = |row: usize| move |source| ReportError::Csv { path: path.to_path_buf(), row, source };
    w.write_record(&table.columns).map_err(err(0))?;
    for (i, row) in table.rows.iter().enumerate() {
        w.write_record(row.iter().map(csv_cell)).map_err(err(i + 1))?;
    }
    w.flush().map_err(io(path))
}

/// Every table the report shows, built from `data` (for writers of other formats).
pub fn tables(data: &ReportData) -> Vec<Table> {
    let mut headline = Table::new("headline", &["figure", "before", "after"]);
    let h = &data.headline;
    for (name, c) in [
        ("groups", h.groups),
        ("zombies", h.zombies),
        ("redundant_clusters", h.redundant_clusters),
        ("members_in_many_groups", h.members_in_many_groups),
        ("reading_minutes_median", h.reading_minutes_median),
        ("reading_minutes_p90", h.reading_minutes_p90),
        ("messages_median", h.messages_median),
        ("messages_p90", h.messages_p90),
        ("after_hours_share", h.after_hours_share),
    ] {
        headline.rows.push(vec![json!(name), json!(c.before), json!(c.after)]);
    }

    let mut units = Table::new(
        "units",
        &["id", "name", "groups", "groups_after", "internal_groups", "quota", "over_quota", "over_quota_after"],
    );
    for u in &data.units {
        units.rows.push(vec![
            json!(u.id),
            json!(u.name),
            json!(u.groups),
            json!(u.groups_after),
            json!(u.internal_groups),
            json!(u.quota),
            json!(u.over_quota()),
            json!(u.over_quota_after()),
        ]);
    }

    // Every label any group has, the model's eight first.
    let mut labels: Vec<String> = Label::ALL.iter().map(|l| l.as_str().to_string()).collect();
    let extra: BTreeSet<&String> =
        data.groups.iter().flat_map(|g| g.labels.keys()).filter(|k| Label::parse(k).is_none()).collect();
    labels.extend(extra.into_iter().cloned());
    let mut columns: Vec<String> = [
        "source",
        "id",
        "name",
        "unit",
        "owner",
        "members",
        "messages_a_day",
        "senders_30d",
        "senders_90d",
        "last_human",
        "after_hours_share",
        "bot_system_share",
        "noise_share",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    columns.extend(labels.iter().map(|l| format!("label_{l}")));
    columns.extend(["verdict", "merge_into", "reasons"].map(String::from));
    let mut groups = Table { name: "groups", columns, rows: Vec::new() };
    let mut findings = Table::new("findings", &["group", "kind", "reason", "figures"]);
    for g in &data.groups {
        let mut row = vec![
            json!(g.source),
            json!(g.id),
            json!(g.name),
            json!(g.unit),
            json!(g.owner),
            json!(g.members),
            json!(g.messages_a_day),
            json!(g.senders_30d),
            json!(g.senders_90d),
            json!(g.last_human),
            json!(g.after_hours_share),
            json!(g.bot_system_share),
            json!(g.noise_share()),
        ];
        row.extend(labels.iter().map(|l| json!(g.labels.get(l).copied().unwrap_or(0))));
        row.extend([json!(g.verdict), json!(g.merge_into), json!(g.reasons)]);
        groups.rows.push(row);
        for f in &g.findings {
            let figures = serde_json::to_value(&f.figures).unwrap_or(Value::Null);
            findings.rows.push(vec![json!(g.id), json!(f.kind), json!(f.reason), figures]);
        }
    }

    let mut plan = Table::new("plan", &["group", "action", "target", "reason", "notice"]);
    for a in &data.plan {
        plan.rows.push(vec![json!(a.group), json!(a.action), json!(a.target), json!(a.reason), json!(a.notice)]);
    }

    let mut clusters =
        Table::new("clusters", &["id", "groups", "jaccard", "containment", "shared_members", "cross_posts"]);
    for c in &data.clusters {
        clusters.rows.push(vec![
            json!(c.id),
            json!(c.groups),
            json!(c.jaccard),
            json!(c.containment),
            json!(c.shared_members),
            json!(c.cross_posts),
        ]);
    }

    let mut members = Table::new(
        "members",
        &[
            "id",
            "name",
            "unit",
            "groups_before",
            "groups_after",
            "messages_a_day_before",
            "messages_a_day_after",
            "reading_minutes_a_day_before",
            "reading_minutes_a_day_after",
            "after_hours_a_week_before",
            "after_hours_a_week_after",
        ],
    );
    for m in &data.members {
        members.rows.push(vec![
            json!(m.id),
            json!(m.name),
            json!(m.unit),
            json!(m.before.groups),
            json!(m.after.groups),
            json!(m.before.messages_a_day),
            json!(m.after.messages_a_day),
            json!(m.before.reading_minutes_a_day),
            json!(m.after.reading_minutes_a_day),
            json!(m.before.after_hours_a_week),
            json!(m.after.after_hours_a_week),
        ]);
    }

    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut heatmap = Table::new("heatmap", &["unit", "weekday", "hour", "count"]);
    for h in &data.heatmaps {
        for (d, row) in h.counts.iter().enumerate() {
            for (hour, count) in row.iter().enumerate() {
                heatmap.rows.push(vec![json!(h.unit), json!(DAYS[d]), json!(hour), json!(count)]);
            }
        }
    }

    let mut cross_posts = Table::new("cross_posts", &["excerpt", "group_count", "groups", "first"]);
    for c in &data.cross_posts {
        cross_posts.rows.push(vec![json!(c.excerpt), json!(c.groups.len()), json!(c.groups), json!(c.first)]);
    }

    vec![headline, units, groups, findings, plan, clusters, members, heatmap, cross_posts]
}
