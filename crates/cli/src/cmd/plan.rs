//! `jingjian plan`: the consolidation plan (dissolve, merge into, keep, review) with notices and its effect on
//! every member's burden.

use crate::analysis;
use crate::common::{ConfigArg, WorkspaceArg, print_json};
use crate::error::Result;
use crate::lang::{Lang, current, t};
use jingjian_plan::Action;
use jingjian_store::Workspace;

/// Turn the audit's verdicts into a plan with a warn-first notice for every change, and simulate its effect on
/// every member's burden (the plan is advice: it touches no chat platform)
///
/// Each notice is written in the language of its group's own traffic, unless --lang names one.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    #[command(flatten)]
    cfg: ConfigArg,
    /// Print one JSON document: {"summary", "actions", "units", "burden"}
    #[arg(long)]
    json: bool,
}

pub async fn run(a: Args) -> Result<()> {
    let loaded = a.cfg.load(&a.ws)?;
    let ws = Workspace::open(&a.ws.workspace).await?;
    let inputs = analysis::inputs(&ws, &loaded.config, None).await?;
    let mut pc = analysis::plan_config(&loaded.config);
    // Notices are written in each group's own language unless --lang says otherwise.
    pc.notice_lang = crate::lang::explicit().map(|l| match l {
        Lang::Zh => jingjian_plan::Lang::Zh,
        Lang::En => jingjian_plan::Lang::En,
    });
    let (plan, burden) = analysis::plan(&inputs, &pc)?;
    if a.json {
        return print_json(&serde_json::json!({
            "summary": plan.summary,
            "actions": plan.actions,
            "units": plan.units,
            "burden": {"headline": burden.headline, "members": burden.members},
        }));
    }
    let s = &plan.summary;
    let lang = if current() == Lang::Zh { jingjian_plan::Lang::Zh } else { jingjian_plan::Lang::En };
    println!(
        "{}: {} → {} {}  ({} {}, {} {}, {} {}, {} {})",
        t("方案", "plan"),
        s.groups_before,
        s.groups_after,
        t("个群", "groups"),
        s.keep,
        t("保留", "keep"),
        s.dissolve,
        t("解散", "dissolve"),
        s.merge_into,
        t("并入", "merge into"),
        s.review,
        t("待复核", "review"),
    );
    let h = &burden.headline;
    let after = |c: &jingjian_plan::burden::Change| c.after.map_or("-".into(), |x| format!("{:.1}", x.median));
    println!(
        "{}: {:.1} → {}   {}: {:.1} → {}",
        t("每人每天消息（中位数）", "messages a day per member (median)"),
        h.messages_per_day.before.median,
        after(&h.messages_per_day),
        t("阅读分钟（中位数）", "reading minutes (median)"),
        h.reading_minutes_per_day.before.median,
        after(&h.reading_minutes_per_day),
    );
    for act in plan.actions.iter().filter(|x| !matches!(x.action, Action::Keep)).take(30) {
        let what = match &act.action {
            Action::MergeInto { target_name, .. } => format!("{} → {target_name}", t("并入", "merge into")),
            other => other.as_str().to_owned(),
        };
        let why: Vec<String> = act.reasons.iter().map(|r| r.text(lang)).collect();
        println!("  {:<24} {:<28} {}", act.name, what, why.join("; "));
    }
    Ok(())
}
