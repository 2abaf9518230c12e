//! `jingjian status`: the workspace's tables, their sizes, and its versions.

use crate::common::{WorkspaceArg, print_json};
use crate::error::Result;
use crate::lang::t;
use jingjian_store::Workspace;

/// Show the workspace's tables with their row counts, and its versions with when and what made them
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let ws = Workspace::open(&a.ws.workspace).await?;
    let latest = ws.latest().clone();
    let counts = ws.row_counts(None).await?;
    if a.json {
        let tables: Vec<_> = counts
            .iter()
            .map(|(name, rows)| serde_json::json!({"name": name, "rows": rows, "delta_version": latest.tables[name]}))
            .collect();
        return print_json(&serde_json::json!({
            "workspace": ws.root().display().to_string(),
            "version": latest.version,
            "tables": tables,
            "versions": ws.versions(),
        }));
    }
    println!("{} {}  ({} {})", t("工作区", "workspace"), ws.root().display(), t("版本", "version"), latest.version);
    for (name, rows) in &counts {
        println!("  {name:<24} {rows:>12} {}", t("行", "rows"));
    }
    println!("{}", t("版本记录：", "versions:"));
    for v in ws.versions() {
        println!("  {:>4}  {}  {}", v.version, v.time, v.operation);
    }
    Ok(())
}
