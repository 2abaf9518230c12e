//! `jingjian config --show`: the effective configuration and where each value came from.

use crate::common::{ConfigArg, WorkspaceArg, print_json};
use crate::error::{CliError, Result};

/// Show the effective configuration (defaults, the workspace's jingjian.toml, --config) and each value's origin
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    #[command(flatten)]
    cfg: ConfigArg,
    /// Print every effective value with its origin
    #[arg(long)]
    show: bool,
    /// Print one JSON document: {"key": {"value", "from"}}
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    if !a.show && !a.json {
        return Err(CliError::Usage("say what to do: --show (or --json)".into()));
    }
    let loaded = a.cfg.load(&a.ws)?;
    let rows = loaded.show();
    if a.json {
        let map: serde_json::Map<String, serde_json::Value> =
            rows.into_iter().map(|(k, v, from)| (k, serde_json::json!({"value": v, "from": from}))).collect();
        return print_json(&serde_json::Value::Object(map));
    }
    let width = rows.iter().map(|r| r.0.len() + r.1.len() + 3).max().unwrap_or(0);
    for (k, v, from) in rows {
        let kv = format!("{k} = {v}");
        println!("{kv:<width$}  # {from}");
    }
    Ok(())
}
