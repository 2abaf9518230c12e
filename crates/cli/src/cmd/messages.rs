//! `jingjian messages`: the stored messages with their labels, for people or as JSON Lines for scripts.

use crate::common::WorkspaceArg;
use crate::error::{CliError, Result};
use futures::StreamExt;
use jingjian_model::time::to_rfc3339;
use jingjian_model::{Entity, Record};
use jingjian_store::arrow::array::{Array, AsArray, RecordBatch};
use jingjian_store::{Workspace, batch_to_records};
use std::io::Write;

/// List messages with their labels (after `jingjian audit`), oldest first
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// One JSON object per line: source, group, id, sender, time, kind, labels, cross_post, text, …
    #[arg(long)]
    json_lines: bool,
    /// Only this group's messages
    #[arg(long)]
    group: Option<String>,
    /// Only this sender's messages
    #[arg(long)]
    sender: Option<String>,
    /// At most this many messages
    #[arg(long)]
    limit: Option<usize>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub async fn run(a: Args) -> Result<()> {
    let ws = Workspace::open(&a.ws.workspace).await?;
    let ctx = ws.session(None).await?;
    let labelled = ws.latest().tables.contains_key("labels");
    let mut sql = if labelled {
        "SELECT m.*, l.label, l.rule, l.evidence, l.deadline_ms, cp.cluster AS cross_post FROM messages m
         LEFT JOIN labels l ON m.key = l.key LEFT JOIN cross_posts cp ON cp.key = m.key"
            .to_owned()
    } else {
        "SELECT m.* FROM messages m".to_owned()
    };
    let mut filters = Vec::new();
    if let Some(g) = &a.group {
        filters.push(format!("m.group_id = {}", quote(g)));
    }
    if let Some(s) = &a.sender {
        filters.push(format!("m.sender = {}", quote(s)));
    }
    if !filters.is_empty() {
        sql += &format!(" WHERE {}", filters.join(" AND "));
    }
    sql += " ORDER BY m.time, m.group_id, m.id";
    if let Some(n) = a.limit {
        sql += &format!(" LIMIT {n}");
    }
    let mut stream = ctx.sql(&sql).await?.execute_stream().await?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        write_batch(&mut out, &batch, labelled, a.json_lines).map_err(|e| CliError::io("stdout", e))?;
    }
    out.flush().map_err(|e| CliError::io("stdout", e))
}

fn opt_str(batch: &RecordBatch, name: &str, i: usize) -> Option<String> {
    let c = batch.column_by_name(name)?;
    let c = jingjian_store::arrow::compute::cast(c, &jingjian_store::arrow::datatypes::DataType::Utf8).ok()?;
    let s = c.as_string_opt::<i32>()?;
    (!s.is_null(i)).then(|| s.value(i).to_owned())
}

fn write_batch(out: &mut impl Write, batch: &RecordBatch, labelled: bool, json: bool) -> std::io::Result<()> {
    let records = batch_to_records(Entity::Message, batch).map_err(std::io::Error::other)?;
    for (i, r) in records.into_iter().enumerate() {
        let Record::Message(m) = r else { continue };
        let label = if labelled { opt_str(batch, "label", i) } else { None };
        let cross_post = if labelled { opt_str(batch, "cross_post", i) } else { None };
        if json {
            let obj = serde_json::json!({
                "source": m.source,
                "group": m.group,
                "id": m.id,
                "sender": m.sender,
                "time": to_rfc3339(m.time),
                "kind": m.kind,
                "labels": label.iter().collect::<Vec<_>>(),
                "rule": if labelled { opt_str(batch, "rule", i) } else { None },
                "evidence": if labelled { opt_str(batch, "evidence", i) } else { None },
                "deadline": if labelled { opt_str(batch, "deadline_ms", i).and_then(|d| d.parse().ok()).map(to_rfc3339) } else { None },
                "cross_post": cross_post,
                "text": m.text,
                "mentions": m.mentions,
                "mentions_all": m.mentions_all,
                "reply_to": m.reply_to,
                "thread_root": m.thread_root,
            });
            serde_json::to_writer(&mut *out, &obj)?;
            out.write_all(b"\n")?;
        } else {
            let text: String = m.text.chars().take(60).map(|c| if c == '\n' { ' ' } else { c }).collect();
            writeln!(
                out,
                "{}  {:<16} {:<14} {:<12} {}",
                to_rfc3339(m.time),
                m.group,
                m.sender.as_deref().unwrap_or("-"),
                label.as_deref().unwrap_or(m.kind.as_str()),
                text
            )?;
        }
    }
    Ok(())
}
