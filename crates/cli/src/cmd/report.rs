//! `jingjian report`: the self-contained offline HTML report, or its tables as JSON, CSV or Parquet.

use crate::analysis;
use crate::common::{ConfigArg, WorkspaceArg, print_json};
use crate::error::{CliError, Result};
use crate::lang::{Lang, current};
use crate::reportdata;
use jingjian_engine::config::Config;
use jingjian_report::{Options, TableFormat};
use jingjian_store::Workspace;
use std::path::{Path, PathBuf};

/// Write the audit, the plan and the burden as one offline HTML file (Chinese or English), or every table the
/// report shows as JSON, CSV or Parquet files
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// The HTML file to write
    #[arg(short, long, required_unless_present = "format")]
    output: Option<PathBuf>,
    /// Write the report's tables instead, as json, csv or parquet files into --out
    #[arg(long, requires = "out", value_parser = ["json", "csv", "parquet"])]
    format: Option<String>,
    /// The folder for --format
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    shown: Shown,
    #[command(flatten)]
    cfg: ConfigArg,
}

/// Whose report and under which names: what `report` and `run` take.
#[derive(clap::Args)]
pub struct Shown {
    /// Only this unit's groups, members and figures (an id or a name)
    #[arg(long)]
    unit: Option<String>,
    /// Replace member names with stable pseudonyms everywhere
    #[arg(long)]
    pseudonymize: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let loaded = a.cfg.load(&a.ws)?;
    let ws = Workspace::open(&a.ws.workspace).await?;
    let data = data(&ws, &loaded.config).await?;
    let opts = options(&a.shown);
    if let Some(fmt) = &a.format {
        let out = a.out.as_ref().expect("clap requires --out");
        let scoped = jingjian_report::scope(&data, &opts).map_err(report_err)?;
        let files = match fmt.as_str() {
            "json" => jingjian_report::write_tables(&scoped, out, TableFormat::Json).map_err(report_err)?,
            "csv" => jingjian_report::write_tables(&scoped, out, TableFormat::Csv).map_err(report_err)?,
            "parquet" => {
                crate::parquet_tables::write(&jingjian_report::tables(&scoped), out).map_err(CliError::Other)?
            }
            other => return Err(CliError::Usage(format!("no table format `{other}`; use json, csv or parquet"))),
        };
        return print_json(&serde_json::json!({"files": files}));
    }
    write_html(data, &opts, &a.output.expect("clap requires -o"))
}

/// The HTML report of an audit being stored, made while it is (`run`'s last step): the page's text, written by
/// [`write_page`] once the audit is stored.
pub(crate) async fn page(
    audited: &jingjian_engine::audit::Audited<'_>,
    config: &Config,
    shown: &Shown,
) -> Result<(jingjian_report::ReportData, String)> {
    let data = data_of(analysis::inputs_of(audited, config).await?, config)?;
    let html = jingjian_report::render_html(&data, &options(shown)).map_err(report_err)?;
    Ok((data, html))
}

/// Writes the page [`page`] made (and leaves its data and text to the process's exit, as [`data`] does).
pub(crate) fn write_page((data, html): (jingjian_report::ReportData, String), path: &Path) -> Result<()> {
    std::fs::write(path, html.as_bytes()).map_err(|e| CliError::io(path.display(), e))?;
    eprintln!("{} ({} KB)", path.display(), html.len() / 1024);
    std::mem::forget((html, data));
    Ok(())
}

/// The report's data: the workspace's latest audit, its plan and burden.
async fn data(ws: &Workspace, config: &Config) -> Result<jingjian_report::ReportData> {
    data_of(analysis::inputs(ws, config, None).await?, config)
}

/// The report's data from the plan inputs. The report is a command's last step, so what the data was made of is
/// left for the process to give back when it exits, rather than freed string by string (≈ 10 ms at 100k
/// messages, 1084 groups).
fn data_of(inputs: analysis::Inputs, config: &Config) -> Result<jingjian_report::ReportData> {
    let (plan, burden) = analysis::plan(&inputs, &analysis::plan_config(config))?;
    let zh = current() == Lang::Zh;
    let data = reportdata::build(&inputs.audit, &plan, &burden, config.audit.zombie_days, &config.tz, zh);
    std::mem::forget((inputs, plan, burden));
    Ok(data)
}

fn options(shown: &Shown) -> Options {
    let lang = if current() == Lang::Zh { jingjian_report::Lang::Zh } else { jingjian_report::Lang::En };
    Options { lang, unit: shown.unit.clone(), pseudonymize: shown.pseudonymize }
}

/// Writes the HTML report.
fn write_html(data: jingjian_report::ReportData, opts: &Options, path: &Path) -> Result<()> {
    let html = jingjian_report::render_html(&data, opts).map_err(report_err)?;
    write_page((data, html), path)
}

/// The report crate's errors are the user's: a unit it does not know, a folder it cannot write tables to.
fn report_err(e: jingjian_report::ReportError) -> CliError {
    CliError::Usage(e.to_string())
}
