//! `jingjian demo`: the whole job on a simulated district, offline, with no input: simulate → import → audit →
//! check against the simulator's truth → plan → report → a member's digest.

use crate::analysis;
use crate::error::{CliError, Result};
use crate::lang::{Lang, current, t};
use crate::reportdata;
use jingjian_import::{Options, open_inputs};
use jingjian_sim::{Format, Preset, SimConfig, simulate};
use jingjian_store::Workspace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Show the whole job on a simulated district (about 2,000 members, 1,000+ groups, a year, ~1M messages):
/// simulate, import, audit, check against the truth, plan, report, digest
#[derive(clap::Args)]
pub struct Args {
    /// Where to write the export, the workspace, the report and a digest
    #[arg(long, default_value = "demo-out")]
    out: PathBuf,
    /// district (Chinese, WeCom), company (English, Slack) or small
    #[arg(long, default_value = "district")]
    preset: String,
    /// About how many messages to simulate [default: the preset's]
    #[arg(long)]
    messages: Option<u64>,
    /// The simulator's seed
    #[arg(long, default_value_t = 2025)]
    seed: u64,
}

fn step(n: u32, what: &str) -> Instant {
    eprintln!("[{n}/7] {what}");
    Instant::now()
}

fn done(started: Instant, detail: String) {
    eprintln!("      {detail} ({:.1} s)", started.elapsed().as_secs_f64());
}

/// Reads `message-id<TAB>label`-style truth files into a map of the first column to the second.
fn read_tsv(path: &Path, key: usize, value: usize) -> HashMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((cols.get(key)?.to_string(), cols.get(value)?.to_string()))
        })
        .collect()
}

pub async fn run(a: Args) -> Result<()> {
    let preset = Preset::parse(&a.preset)
        .ok_or_else(|| CliError::Usage(format!("no preset `{}`; use district, company or small", a.preset)))?;
    let format = if preset == Preset::Company { Format::Slack } else { Format::Wecom };
    let export = a.out.join("export");
    let wsdir = a.out.join("workspace");
    for d in [&export, &wsdir] {
        if d.exists() {
            std::fs::remove_dir_all(d).map_err(|e| CliError::io(d.display(), e))?;
        }
    }
    std::fs::create_dir_all(&a.out).map_err(|e| CliError::io(a.out.display(), e))?;
    let total = Instant::now();

    let s =
        step(1, t("模拟一个组织的工作群（含真值）", "simulating an organisation's work groups (with ground truth)"));
    let cfg = SimConfig { preset, seed: a.seed, messages: a.messages };
    let out = export.clone();
    let summary = tokio::task::spawn_blocking(move || simulate(&cfg, &out, format))
        .await
        .map_err(|e| CliError::Other(e.to_string()))?
        .map_err(|e| CliError::Other(e.to_string()))?;
    done(
        s,
        format!(
            "{} members, {} groups, {} messages → {}",
            summary.members,
            summary.groups,
            summary.messages,
            export.display()
        ),
    );

    let s = step(2, t("导入（自动识别格式）", "importing (format detected)"));
    let loaded = analysis::config(&wsdir, None)?;
    let tz = loaded.config.zone();
    let inputs = open_inputs(&export, None)?;
    let formats: Vec<&str> = inputs.iter().map(|i| i.format.name()).collect();
    let mut ws = Workspace::open_for_write(&wsdir).await?;
    let outcome = ws
        .import(serde_json::json!({"files": [export.display().to_string()]}), (), move |sink| {
            let opts = Options { tz, groups: None };
            jingjian_import::read_inputs(inputs, &opts, super::import::readers(), sink, |_| {}, |_| {})
        })
        .await?;
    done(s, format!("{} records as {} → {}", outcome.imported, formats.join("+"), wsdir.display()));

    let s = step(
        3,
        t(
            "审计：标签、健康度、重叠、跨群转发、限额、结论",
            "auditing: labels, health, overlap, cross-posts, quotas, verdicts",
        ),
    );
    let audit = jingjian_engine::audit::run(&mut ws, &loaded.config, true).await?;
    let sm = &audit.summary;
    done(
        s,
        format!(
            "{} groups: {} keep, {} dissolve, {} merge, {} review; {} zombies; {} cross-posted notices",
            sm.groups, sm.keep, sm.dissolve, sm.merge, sm.review, sm.zombies, sm.cross_posts
        ),
    );

    let s = step(4, t("与模拟真值对照", "checking against the simulator's truth"));
    let truth_labels: HashMap<String, jingjian_model::Label> = read_tsv(&export.join("truth/labels.tsv"), 0, 1)
        .into_iter()
        .filter_map(|(id, l)| Some((id, jingjian_model::Label::parse(&l)?)))
        .collect();
    let ctx = ws.session(None).await?;
    let (confusion, _) = analysis::score_labels(&ctx, &truth_labels).await?;
    let truth_verdicts = read_tsv(&export.join("truth/verdicts.tsv"), 0, 1);
    let agree = audit
        .groups
        .iter()
        .filter(|g| {
            let v = serde_json::to_value(g.verdict).ok();
            truth_verdicts.get(&g.health.id).is_some_and(|tv| v.as_ref().and_then(|v| v.as_str()) == Some(tv.as_str()))
        })
        .count();
    let judged = audit.groups.iter().filter(|g| truth_verdicts.contains_key(&g.health.id)).count();
    done(
        s,
        format!(
            "labels: macro-F1 {:.3} over {} messages; verdicts: {agree}/{judged} groups agree ({:.1}%)",
            confusion.macro_f1(),
            confusion.total(),
            100.0 * agree as f64 / judged.max(1) as f64
        ),
    );

    let s = step(5, t("整合方案与负担模拟", "planning and simulating member burden"));
    let pc = analysis::plan_config(&loaded.config);
    let inputs = analysis::inputs(&ws, &loaded.config, None).await?;
    let (plan, burden) = analysis::plan(&inputs, &pc)?;
    let h = &burden.headline;
    let after = |c: &jingjian_plan::burden::Change| c.after.unwrap_or(c.before);
    done(
        s,
        format!(
            "groups {} → {}; messages a day per member (median) {:.0} → {:.0}; reading minutes (median) {:.0} → {:.0}",
            plan.summary.groups_before,
            plan.summary.groups_after,
            h.messages_per_day.before.median,
            after(&h.messages_per_day).median,
            h.reading_minutes_per_day.before.median,
            after(&h.reading_minutes_per_day).median
        ),
    );

    let s = step(6, t("生成离线报告", "writing the offline report"));
    let zh = current() == Lang::Zh;
    let data = reportdata::build(&inputs.audit, &plan, &burden, loaded.config.audit.zombie_days, &loaded.config.tz, zh);
    let opts = jingjian_report::Options {
        lang: if zh { jingjian_report::Lang::Zh } else { jingjian_report::Lang::En },
        unit: None,
        pseudonymize: false,
    };
    let html = jingjian_report::render_html(&data, &opts).map_err(|e| CliError::Other(e.to_string()))?;
    let report = a.out.join("report.html");
    std::fs::write(&report, html.as_bytes()).map_err(|e| CliError::io(report.display(), e))?;
    done(s, format!("{} ({} KB)", report.display(), html.len() / 1024));

    let s = step(7, t("为最忙的成员生成个人摘要", "writing the busiest member's digest"));
    let busiest = burden
        .members
        .iter()
        .max_by(|x, y| x.before.messages_per_day.total_cmp(&y.before.messages_per_day))
        .map(|m| m.id.clone());
    if let Some(id) = busiest {
        let items =
            jingjian_engine::facts::digest_items(&ctx, None, None).await.map_err(jingjian_engine::EngineError::from)?;
        let groups = inputs.members.iter().find(|m| m.id == id).map(|m| m.groups.clone()).unwrap_or_default();
        let lang = if zh { jingjian_plan::Lang::Zh } else { jingjian_plan::Lang::En };
        let d = jingjian_plan::digest::build(&id, &groups, &items, tz, lang);
        let path = a.out.join(format!("digest-{id}.html"));
        std::fs::write(&path, d.to_html()).map_err(|e| CliError::io(path.display(), e))?;
        done(s, format!("{} groups → {}", groups.len(), path.display()));
    }
    println!();
    println!("{}", t("== 精简 jingjian 演示结果 ==", "== jingjian demo: headline figures =="));
    println!("  {:<34} {} → {}", t("群组数", "groups"), plan.summary.groups_before, plan.summary.groups_after);
    println!("  {:<34} {}", t("僵尸群", "zombie groups"), sm.zombies);
    println!("  {:<34} {}", t("跨群转发的通知", "cross-posted notices"), sm.cross_posts);
    println!("  {:<34} {}", t("超限额单位", "units over quota"), sm.units_over_quota);
    println!(
        "  {:<34} {:.0} → {:.0} (p90 {:.0} → {:.0})",
        t("每人每天收到消息（中位数）", "messages a day per member (median)"),
        h.messages_per_day.before.median,
        after(&h.messages_per_day).median,
        h.messages_per_day.before.p90,
        after(&h.messages_per_day).p90
    );
    println!(
        "  {:<34} {:.0} → {:.0}",
        t("每人每天阅读分钟（中位数）", "reading minutes a day (median)"),
        h.reading_minutes_per_day.before.median,
        after(&h.reading_minutes_per_day).median
    );
    println!("  {:<34} {:.3}", t("标签 macro-F1（对照真值）", "label macro-F1 vs truth"), confusion.macro_f1());
    println!("  {:<34} {}", t("报告", "report"), report.display());
    println!("  {:<34} {:.0} s", t("总用时", "total time"), total.elapsed().as_secs_f64());
    Ok(())
}
