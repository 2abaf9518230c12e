//! `jingjian digest`: a member's personal digest of what matters across their groups.

use crate::analysis;
use crate::common::{ConfigArg, WorkspaceArg, print_json};
use crate::error::{CliError, Result};
use crate::lang::{Lang, current};
use jingjian_engine::facts;
use jingjian_store::Workspace;
use std::path::PathBuf;

/// A member's digest: deadlines first, @mentions next, cross-posted copies collapsed, noise left out
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// The member's id
    #[arg(long, required_unless_present = "all_members")]
    member: Option<String>,
    /// Write one digest per member into --out
    #[arg(long, requires = "out")]
    all_members: bool,
    /// The folder for --all-members
    #[arg(long)]
    out: Option<PathBuf>,
    /// From this date or RFC 3339 time
    #[arg(long)]
    since: Option<String>,
    /// Until this date or RFC 3339 time (exclusive)
    #[arg(long)]
    until: Option<String>,
    /// md, html or json
    #[arg(long, default_value = "md")]
    format: String,
    #[command(flatten)]
    cfg: ConfigArg,
}

/// A date (`2024-06-05`, midnight in `tz`) or an RFC 3339 time, as UTC ms.
fn when(s: &str, tz: chrono_tz::Tz) -> Result<i64> {
    if let Some(ms) = jingjian_model::time::parse_rfc3339(s) {
        return Ok(ms);
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("`{s}` is neither a date (2024-06-05) nor an RFC 3339 time")))?;
    use chrono::TimeZone;
    tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| CliError::Usage(format!("`{s}` does not exist in {tz}")))
}

pub async fn run(a: Args) -> Result<()> {
    if !["md", "html", "json"].contains(&a.format.as_str()) {
        return Err(CliError::Usage(format!("no digest format `{}`; use md, html or json", a.format)));
    }
    let loaded = a.cfg.load(&a.ws)?;
    let tz = loaded.config.zone();
    let ws = Workspace::open(&a.ws.workspace).await?;
    analysis::audit(&ws, None).await?;
    let ctx = ws.session(None).await?;
    let since = a.since.as_deref().map(|s| when(s, tz)).transpose()?;
    let until = a.until.as_deref().map(|s| when(s, tz)).transpose()?;
    let items = facts::digest_items(&ctx, since, until).await.map_err(jingjian_engine::EngineError::from)?;
    let members = facts::members(&ctx).await.map_err(jingjian_engine::EngineError::from)?;
    let lang = if current() == Lang::Zh { jingjian_plan::Lang::Zh } else { jingjian_plan::Lang::En };
    let render = |id: &str, groups: &[String]| -> String {
        let d = jingjian_plan::digest::build(id, groups, &items, tz, lang);
        match a.format.as_str() {
            "html" => d.to_html(),
            "json" => d.to_json(),
            _ => d.to_markdown(),
        }
    };
    if a.all_members {
        let out = a.out.as_ref().expect("clap requires --out");
        std::fs::create_dir_all(out).map_err(|e| CliError::io(out.display(), e))?;
        for m in &members {
            let safe: String =
                m.id.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
            let path = out.join(format!("{safe}.{}", a.format));
            std::fs::write(&path, render(&m.id, &m.groups)).map_err(|e| CliError::io(path.display(), e))?;
        }
        return print_json(&serde_json::json!({"digests": members.len(), "out": out.display().to_string()}));
    }
    let id = a.member.expect("clap requires --member");
    let Some(m) = members.iter().find(|m| m.id == id) else {
        return Err(CliError::Usage(format!("no member `{id}` in the workspace")));
    };
    print!("{}", render(&m.id, &m.groups));
    Ok(())
}
