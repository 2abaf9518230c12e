//! `jingjian import PATH...`: reads exports into the workspace as one new version.

use crate::common::{WorkspaceArg, print_json, zone};
use crate::error::Result;
use crate::lang::t;
use crate::progress;
use jingjian_import::{Input, Options, formats, open_inputs, read_inputs, read_roster};
use jingjian_store::{ImportOutcome, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Import chat exports (files, folders or zips) into the workspace; re-importing the same data adds nothing
///
/// Formats are detected from content; --format overrides. All paths of one call become one workspace version:
/// if any file is bad, nothing is imported.
#[derive(clap::Args)]
#[command(after_help = formats_help())]
pub struct Args {
    #[command(flatten)]
    exports: Exports,
    #[command(flatten)]
    ws: WorkspaceArg,
    /// Print one JSON document: {"imported", "duplicates", "files", "version"}
    #[arg(long)]
    json: bool,
}

/// The exports to read and how: what `import` and `run` take.
#[derive(clap::Args)]
pub struct Exports {
    /// Exports to import
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Read every path as this format instead of detecting it
    #[arg(long)]
    format: Option<String>,
    /// Time zone for formats that store local times [default: TZ, else the machine's zone]
    #[arg(long)]
    tz: Option<String>,
    /// A roster CSV (id,name,unit,role) attaching names, units and roles to members
    #[arg(long)]
    roster: Option<PathBuf>,
    /// WeCom room details: JSON lines of groupchat/get responses, each with a roomid
    #[arg(long)]
    groups: Option<PathBuf>,
}

pub(crate) fn formats_help() -> String {
    let names: Vec<&str> = formats().iter().map(|f| f.name()).collect();
    format!("Formats: {}", names.join(", "))
}

pub async fn run(a: Args) -> Result<()> {
    let (_, outcome, files) = import(&a.ws.workspace, &a.exports, a.json).await?;
    if a.json {
        return print_json(&serde_json::json!({
            "imported": outcome.imported,
            "duplicates": outcome.duplicates,
            "files": files,
            "tables": outcome.tables,
            "version": outcome.version,
        }));
    }
    print(&outcome);
    Ok(())
}

/// Reads `e` into the workspace in `dir` as one new version, with a progress bar unless `quiet`; returns the
/// workspace (open for writing), the outcome and the files read (path and format of each). The exports are
/// opened first: a path that is not there leaves no workspace behind.
pub(crate) async fn import(
    dir: &Path,
    e: &Exports,
    quiet: bool,
) -> Result<(Workspace, ImportOutcome, Vec<serde_json::Value>)> {
    let opts = Options { tz: zone(e.tz.as_deref())?, groups: e.groups.clone() };
    let mut inputs: Vec<Input> = Vec::new();
    for p in &e.paths {
        inputs.extend(open_inputs(p, e.format.as_deref())?);
    }
    let files: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| serde_json::json!({"path": i.bundle.path().display().to_string(), "format": i.format.name()}))
        .collect();
    let total: u64 = inputs.iter_mut().map(|i| total_size(&mut i.bundle)).sum();
    let bar = progress::Bytes::new(total, quiet);
    let roster = e.roster.clone();
    let source = inputs.first().map(|i| i.format.source());
    let mut ws = Workspace::open_for_write(dir).await?;
    let producer_bar = bar.clone();
    let detail = serde_json::json!({ "files": files });
    let outcome = ws
        .import(detail, bar.clone(), move |sink| {
            let shown: Vec<(String, u64)> =
                inputs.iter_mut().map(|i| (i.bundle.path().display().to_string(), total_size(&mut i.bundle))).collect();
            // Several files (a folder of chats) are read on every core; the workspace still sees them in order.
            read_inputs(
                inputs,
                &opts,
                readers(),
                sink,
                |i| producer_bar.bar.set_message(shown[i].0.clone()),
                |i| {
                    producer_bar.base.fetch_add(shown[i].1, Ordering::Relaxed);
                },
            )?;
            if let (Some(r), Some(source)) = (roster, source) {
                read_roster(&r, source, sink)?;
            }
            Ok(())
        })
        .await;
    bar.bar.finish_and_clear();
    Ok((ws, outcome?, files))
}

/// The import's one line for people.
pub(crate) fn print(outcome: &ImportOutcome) {
    match outcome.version {
        Some(v) => println!(
            "{} {} {}, {} {}; {} {v}",
            t("导入", "imported"),
            outcome.imported,
            t("条记录", "records"),
            outcome.duplicates,
            t("条已存在", "already there"),
            t("工作区版本", "workspace version"),
        ),
        None => println!(
            "{} ({} {})",
            t("没有新数据", "nothing new"),
            outcome.duplicates,
            t("条已存在", "records already there")
        ),
    }
}

/// Reader threads for a multi-file import: the cores there are.
pub(crate) fn readers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn total_size(b: &mut jingjian_import::Bundle) -> u64 {
    let names = b.entries().to_vec();
    names.iter().filter_map(|n| b.size(n)).sum()
}
