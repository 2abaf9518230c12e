//! `jingjian import PATH...`: reads exports into the workspace as one new version.

use crate::common::{WorkspaceArg, print_json, zone};
use crate::error::Result;
use crate::lang::t;
use crate::progress;
use jingjian_import::{Input, Options, formats, open_inputs, read_inputs, read_roster};
use jingjian_store::Workspace;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

/// Import chat exports (files, folders or zips) into the workspace; re-importing the same data adds nothing
///
/// Formats are detected from content; --format overrides. All paths of one call become one workspace version:
/// if any file is bad, nothing is imported.
#[derive(clap::Args)]
#[command(after_help = formats_help())]
pub struct Args {
    /// Exports to import
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    ws: WorkspaceArg,
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
    /// Print one JSON document: {"imported", "duplicates", "files", "version"}
    #[arg(long)]
    json: bool,
}

fn formats_help() -> String {
    let names: Vec<&str> = formats().iter().map(|f| f.name()).collect();
    format!("Formats: {}", names.join(", "))
}

pub async fn run(a: Args) -> Result<()> {
    let opts = Options { tz: zone(a.tz.as_deref())?, groups: a.groups.clone() };
    let mut inputs: Vec<Input> = Vec::new();
    for p in &a.paths {
        inputs.extend(open_inputs(p, a.format.as_deref())?);
    }
    let files: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| serde_json::json!({"path": i.bundle.path().display().to_string(), "format": i.format.name()}))
        .collect();
    let total: u64 = inputs.iter_mut().map(|i| total_size(&mut i.bundle)).sum();
    let bar = progress::Bytes::new(total, a.json);
    let roster = a.roster.clone();
    let source = inputs.first().map(|i| i.format.source());
    let mut ws = Workspace::open_for_write(&a.ws.workspace).await?;
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
    let outcome = outcome?;
    if a.json {
        return print_json(&serde_json::json!({
            "imported": outcome.imported,
            "duplicates": outcome.duplicates,
            "files": files,
            "tables": outcome.tables,
            "version": outcome.version,
        }));
    }
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
    Ok(())
}

/// Reader threads for a multi-file import: the cores there are.
pub(crate) fn readers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn total_size(b: &mut jingjian_import::Bundle) -> u64 {
    let names = b.entries().to_vec();
    names.iter().filter_map(|n| b.size(n)).sum()
}
