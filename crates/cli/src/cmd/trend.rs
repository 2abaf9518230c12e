//! `jingjian trend`: the campaign over time: two audited workspace versions compared.

use crate::analysis;
use crate::common::{ConfigArg, WorkspaceArg, print_json};
use crate::error::{CliError, Result};
use crate::lang::{Lang, current};
use jingjian_plan::Snapshot;
use jingjian_store::Workspace;

/// Compare two audited workspace versions (default: the first and the newest audit): groups, verdicts and
/// member burden before → after
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// The earlier workspace version
    #[arg(long)]
    from: Option<u64>,
    /// The later workspace version
    #[arg(long)]
    to: Option<u64>,
    #[command(flatten)]
    cfg: ConfigArg,
    /// Print one JSON document
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let loaded = a.cfg.load(&a.ws)?;
    let ws = Workspace::open(&a.ws.workspace).await?;
    let audits: Vec<u64> = ws
        .versions()
        .iter()
        .filter(|v| v.tables.contains_key("audit_report") && v.operation == "audit")
        .map(|v| v.version)
        .collect();
    let from = a.from.or_else(|| audits.first().copied());
    let to = a.to.or_else(|| audits.last().copied());
    let (Some(from), Some(to)) = (from, to) else {
        return Err(CliError::Usage("the workspace has no audit: run `jingjian audit` first".into()));
    };
    let pc = analysis::plan_config(&loaded.config);
    let mut snaps = Vec::new();
    for v in [from, to] {
        let inputs = analysis::inputs(&ws, &loaded.config, Some(v)).await?;
        let burden = jingjian_plan::burden::compute(&inputs.groups, &inputs.members, None, &pc)?;
        snaps.push(Snapshot::from_report(format!("v{v}"), inputs.groups, &burden));
    }
    let trend = jingjian_plan::trend::compare(&snaps[0], &snaps[1])?;
    if a.json {
        let doc: serde_json::Value =
            serde_json::from_str(&trend.to_json()).map_err(|e| CliError::Other(e.to_string()))?;
        return print_json(&doc);
    }
    let lang = if current() == Lang::Zh { jingjian_plan::Lang::Zh } else { jingjian_plan::Lang::En };
    println!("{}", trend.to_text(lang));
    Ok(())
}
