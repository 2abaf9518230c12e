//! `jingjian audit`: labels every message, measures every group and gives each a verdict with reasons.

use crate::common::{ConfigArg, WorkspaceArg};
use crate::error::CliError;
use crate::error::Result;
use crate::lang::{Lang, current, t};
use crate::progress;
use jingjian_store::Workspace;
use std::io::Write;

/// Audit the workspace: labels, group health, zombies, redundancy, cross-posts, quotas and verdicts
///
/// The results are stored as a new workspace version (tables labels, cross_posts, group_audit, overlaps,
/// units_quota, audit_report) that `plan`, `digest`, `report` and `trend` read.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    #[command(flatten)]
    cfg: ConfigArg,
    /// Print the whole audit as one JSON document: {"summary", "groups": [{"source", "id", "name", "verdict",
    /// "merge_into", "reasons", …}], "overlaps", "cross_posts", "units", …}
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let loaded = a.cfg.load(&a.ws)?;
    let mut ws = Workspace::open_for_write(&a.ws.workspace).await?;
    let report = audit(&mut ws, &loaded.config, a.json).await?;
    let printed = print(&report, a.json);
    // The command ends here: freeing the report's millions of small strings one by one took 0.3 s at 10M
    // messages; the process gives the memory back at once when it exits.
    std::mem::forget(report);
    printed
}

/// Audits the workspace and stores the results as its new version, with a spinner unless `quiet`.
pub(crate) async fn audit(
    ws: &mut Workspace,
    config: &jingjian_engine::config::Config,
    quiet: bool,
) -> Result<jingjian_engine::audit::AuditReport> {
    let bar = progress::spinner(t("审计中", "auditing"), quiet);
    let report = jingjian_engine::audit::run(ws, config, true).await;
    bar.finish_and_clear();
    Ok(report?)
}

/// [`audit`], running `then` on the audit while it is being stored.
pub(crate) async fn audit_then<T>(
    ws: &mut Workspace,
    config: &jingjian_engine::config::Config,
    then: impl for<'a> AsyncFnOnce(jingjian_engine::audit::Audited<'a>) -> T,
) -> Result<(jingjian_engine::audit::AuditReport, T)> {
    let bar = progress::spinner(t("审计中", "auditing"), false);
    let done = jingjian_engine::audit::run_then(ws, config, then).await;
    bar.finish_and_clear();
    Ok(done?)
}

/// The audit for people (its summary, the groups to change, the phases' times), or its JSON document.
pub(crate) fn print(report: &jingjian_engine::audit::AuditReport, json: bool) -> Result<()> {
    if json {
        // One compact document: the bytes the audit stored, with its timings and version (pretty-printing the
        // 10M-message report took 0.3 s on one core after everything else was done).
        let mut out = std::io::stdout().lock();
        return report
            .write_json(&mut out)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush())
            .map_err(|e| CliError::io("stdout", e));
    }
    let s = &report.summary;
    println!(
        "{}: {} {} · {} {} · {} {} · {} {}",
        t("审计", "audit"),
        s.groups,
        t("个群", "groups"),
        s.messages,
        t("条消息", "messages"),
        s.cross_posts,
        t("组跨群转发", "cross-posted notices"),
        s.units_over_quota,
        t("个单位超限额", "units over quota")
    );
    println!(
        "{}: {} {} · {} {} · {} {} · {} {}  ({} {})",
        t("结论", "verdicts"),
        s.keep,
        t("保留", "keep"),
        s.dissolve,
        t("解散", "dissolve"),
        s.merge,
        t("合并", "merge"),
        s.review,
        t("待复核", "review"),
        s.zombies,
        t("个僵尸群", "zombies")
    );
    let changes = report.groups.iter().filter(|g| g.verdict != jingjian_engine::verdict::Verdict::Keep);
    for (shown, g) in changes.enumerate() {
        if shown == 25 {
            println!("  … {}", t("完整列表见 --json 或 jingjian report", "see --json or jingjian report for all"));
            break;
        }
        let reasons = if current() == Lang::Zh { g.reasons_zh.join("；") } else { g.reasons.join("; ") };
        let name = g.health.name.clone().unwrap_or_else(|| g.health.id.clone());
        let verdict = serde_json::to_value(g.verdict).expect("verdict").as_str().unwrap_or_default().to_owned();
        println!("  {verdict:<9} {name:<24} {reasons}");
    }
    if let Some(v) = report.version {
        println!("{} {v}", t("已保存为工作区版本", "stored as workspace version"));
    }
    let phases: Vec<String> =
        report.timings_ms.iter().map(|(phase, ms)| format!("{phase} {:.1} s", *ms as f64 / 1000.0)).collect();
    eprintln!("{}: {}", t("耗时", "time"), phases.join(" · "));
    Ok(())
}
