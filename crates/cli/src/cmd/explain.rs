//! `jingjian explain MESSAGE-ID`: why a message got its label.

use crate::common::{WorkspaceArg, print_json};
use crate::error::{CliError, Result};
use crate::lang::t;
use jingjian_model::time::to_rfc3339;
use jingjian_store::Workspace;

/// Show why a message got its label: the rule, the evidence it matched, its deadline and cross-post cluster
#[derive(clap::Args)]
pub struct Args {
    /// The message's id (as in `jingjian messages`)
    id: String,
    #[command(flatten)]
    ws: WorkspaceArg,
    /// Only in this group (when the id is not unique)
    #[arg(long)]
    group: Option<String>,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let ws = Workspace::open(&a.ws.workspace).await?;
    if !ws.latest().tables.contains_key("labels") {
        return Err(CliError::Usage("the workspace has no labels: run `jingjian audit` first".into()));
    }
    let ctx = ws.session(None).await?;
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut sql = format!(
        "SELECT m.source, m.group_id, m.id, m.sender, CAST(m.time AS BIGINT) / 1000 AS t, m.kind, m.text,
                l.label, l.rule, l.evidence, l.deadline_ms, cp.cluster
         FROM messages m JOIN labels l ON l.key = m.key LEFT JOIN cross_posts cp ON cp.key = m.key
         WHERE m.id = {}",
        q(&a.id)
    );
    if let Some(g) = &a.group {
        sql += &format!(" AND m.group_id = {}", q(g));
    }
    let batches = ctx.sql(&sql).await?.collect().await?;
    let mut out = Vec::new();
    for b in &batches {
        for i in 0..b.num_rows() {
            let s = |name: &str| {
                let c = b.column_by_name(name).expect("column");
                let c =
                    jingjian_store::arrow::compute::cast(c, &jingjian_store::arrow::datatypes::DataType::Utf8).ok()?;
                use jingjian_store::arrow::array::{Array, AsArray};
                let c = c.as_string::<i32>();
                (!c.is_null(i)).then(|| c.value(i).to_owned())
            };
            let ms = |name: &str| s(name).and_then(|v| v.parse::<i64>().ok());
            out.push(serde_json::json!({
                "source": s("source"), "group": s("group_id"), "id": s("id"), "sender": s("sender"),
                "time": ms("t").map(to_rfc3339), "kind": s("kind"), "text": s("text"),
                "label": s("label"), "rule": s("rule"), "evidence": s("evidence"),
                "deadline": ms("deadline_ms").map(to_rfc3339), "cross_post": s("cluster"),
            }));
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage(format!("no message with id `{}`", a.id)));
    }
    if a.json {
        return print_json(&serde_json::Value::Array(out));
    }
    for m in out {
        let get = |k: &str| m[k].as_str().unwrap_or("-").to_owned();
        println!("{} {} · {} {} · {}", t("消息", "message"), get("id"), t("群", "group"), get("group"), get("time"));
        println!("  {}: {}", t("内容", "text"), get("text"));
        println!("  {}: {}  ({} {})", t("标签", "label"), get("label"), t("规则", "rule"), get("rule"));
        println!("  {}: {}", t("依据", "evidence"), get("evidence"));
        if m["deadline"].is_string() {
            println!("  {}: {}", t("截止时间", "deadline"), get("deadline"));
        }
        if m["cross_post"].is_string() {
            println!("  {}: {}", t("跨群转发簇", "cross-post cluster"), get("cross_post"));
        }
    }
    Ok(())
}
