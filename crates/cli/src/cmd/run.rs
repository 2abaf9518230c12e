//! `jingjian run PATH... -o report.html`: from exports to the report in one command (import, audit, report),
//! in one process on one open workspace.

use super::import::Exports;
use crate::common::{ConfigArg, WorkspaceArg};
use crate::error::Result;
use std::path::PathBuf;

/// Import exports, audit the workspace and write the offline HTML report, in one go
///
/// The same as `jingjian import PATH...`, `jingjian audit` and `jingjian report -o FILE` one after another: the
/// workspace keeps the imported data and the audit as new versions.
#[derive(clap::Args)]
#[command(after_help = super::import::formats_help())]
pub struct Args {
    #[command(flatten)]
    exports: Exports,
    #[command(flatten)]
    ws: WorkspaceArg,
    /// The HTML file to write
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    shown: super::report::Shown,
    #[command(flatten)]
    cfg: ConfigArg,
}

pub async fn run(a: Args) -> Result<()> {
    let loaded = a.cfg.load(&a.ws)?;
    let (mut ws, outcome, _) = super::import::import(&a.ws.workspace, &a.exports, false).await?;
    super::import::print(&outcome);
    // The report is made from the audit in memory while the audit's tables are written; the page is written
    // once they are stored.
    let make_page = async |audited: jingjian_engine::audit::Audited<'_>| {
        super::report::page(&audited, &loaded.config, &a.shown).await
    };
    let (audit, page) = super::audit::audit_then(&mut ws, &loaded.config, make_page).await?;
    super::audit::print(&audit, false)?;
    // Freeing the audit's many small strings is left to the process's exit, as `audit` does.
    std::mem::forget(audit);
    super::report::write_page(page?, &a.output)
}
