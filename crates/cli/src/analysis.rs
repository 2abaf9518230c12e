//! Glue between the library crates for the analysis commands: configuration, the stored audit, plan inputs,
//! the plan and burden, and the report's data.

use crate::error::{CliError, Result};
use jingjian_engine::audit::AuditReport;
use jingjian_engine::config::{Config, Loaded};
use jingjian_engine::{EngineError, facts};
use jingjian_plan::PlanConfig;
use jingjian_plan::burden::{self, BurdenReport};
use jingjian_plan::input::{GroupFacts, MemberFacts};
use jingjian_plan::plan::{Plan, make_plan};
use jingjian_store::Workspace;
use std::path::Path;

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Store(s) => (*s).into(),
            e => CliError::Other(e.to_string()),
        }
    }
}

impl From<jingjian_plan::PlanError> for CliError {
    fn from(e: jingjian_plan::PlanError) -> Self {
        CliError::Other(e.to_string())
    }
}

/// The effective configuration of the workspace at `root`, with `--config FILE` on top.
pub fn config(root: &Path, extra: Option<&Path>) -> Result<Loaded> {
    Config::load(root, extra).map_err(|e| CliError::Usage(e.to_string()))
}

/// The planner's settings from the configuration.
pub fn plan_config(c: &Config) -> PlanConfig {
    PlanConfig {
        default_quota: c.quota.default,
        quotas: c.quota.units.clone(),
        allow_list: c.quota.allow.clone(),
        max_merged_per_day: c.plan.max_merged_per_day,
        zh_chars_per_minute: c.plan.zh_chars_per_minute,
        en_words_per_minute: c.plan.en_words_per_minute,
        ..PlanConfig::default()
    }
}

/// The audit stored in version `v` (newest when `None`), or an error telling the user to run it.
pub async fn audit(ws: &Workspace, v: Option<u64>) -> Result<AuditReport> {
    jingjian_engine::audit::load(ws, v).await?.ok_or_else(|| no_audit(ws, v))
}

fn no_audit(ws: &Workspace, v: Option<u64>) -> CliError {
    CliError::Usage(format!(
        "workspace version {} has no audit: run `jingjian audit` first",
        ws.version(v).map(|x| x.version).unwrap_or_default()
    ))
}

/// Everything the planner needs, read from version `v`.
pub struct Inputs {
    pub audit: AuditReport,
    pub groups: Vec<GroupFacts>,
    pub members: Vec<MemberFacts>,
}

/// Reads the plan inputs of version `v`.
pub async fn inputs(ws: &Workspace, c: &Config, v: Option<u64>) -> Result<Inputs> {
    let ctx = ws.session(v).await?;
    let version = ws.version(v)?.version;
    // The audit's document is parsed while the members' and groups' figures are queried.
    let audit = async { jingjian_engine::audit::load_in(&ctx, version).await?.ok_or_else(|| no_audit(ws, v)) };
    read_inputs(&ctx, c, audit).await
}

/// The plan inputs of an audit being stored (`run`): the report in memory, the figures from the session it
/// hands over.
pub async fn inputs_of(audited: &jingjian_engine::audit::Audited<'_>, c: &Config) -> Result<Inputs> {
    let mut audit = audited.report.clone();
    audit.version = Some(audited.version);
    read_inputs(&audited.ctx, c, async { Ok(audit) }).await
}

/// The plan inputs from the audit `audit` gives and the members' and groups' figures queried in `ctx` meanwhile.
async fn read_inputs(
    ctx: &jingjian_store::datafusion::prelude::SessionContext,
    c: &Config,
    audit: impl Future<Output = Result<AuditReport>>,
) -> Result<Inputs> {
    let calendar = jingjian_engine::calendar::WorkCalendar::new(c.zone(), &c.work).map_err(CliError::Usage)?;
    jingjian_engine::udf::register(ctx, &calendar);
    let members = async { facts::members(ctx).await.map_err(|e| CliError::from(EngineError::from(e))) };
    let tables = async { facts::GroupTables::read(ctx).await.map_err(|e| CliError::from(EngineError::from(e))) };
    let (audit, members, tables) = tokio::try_join!(audit, members, tables)?;
    let groups = tables.facts(&audit, c.audit.internal_share);
    Ok(Inputs { audit, groups, members })
}

/// The plan and the burden before and after it.
pub fn plan(inputs: &Inputs, pc: &PlanConfig) -> Result<(Plan, BurdenReport)> {
    let plan = make_plan(&inputs.groups, pc)?;
    let burden = burden::compute(&inputs.groups, &inputs.members, Some(&plan), pc)?;
    Ok((plan, burden))
}

/// The audit's labels against true labels (message id → label): the confusion matrix over the messages both know,
/// and how many that is.
pub async fn score_labels(
    ctx: &jingjian_store::datafusion::prelude::SessionContext,
    truth: &std::collections::HashMap<String, jingjian_model::Label>,
) -> Result<(jingjian_text::eval::Confusion, usize)> {
    use jingjian_store::arrow::array::AsArray;
    use jingjian_store::arrow::compute::cast;
    use jingjian_store::arrow::datatypes::DataType;
    let batches =
        ctx.sql("SELECT m.id, l.label FROM messages m JOIN labels l ON l.key = m.key").await?.collect().await?;
    let mut confusion = jingjian_text::eval::Confusion::new();
    let mut matched = 0;
    for b in &batches {
        let id = cast(b.column(0), &DataType::Utf8).map_err(|e| CliError::Other(e.to_string()))?;
        let lab = cast(b.column(1), &DataType::Utf8).map_err(|e| CliError::Other(e.to_string()))?;
        let (id, lab) = (id.as_string::<i32>(), lab.as_string::<i32>());
        for i in 0..b.num_rows() {
            if let (Some(t), Some(p)) = (truth.get(id.value(i)), jingjian_model::Label::parse(lab.value(i))) {
                confusion.add(*t, p);
                matched += 1;
            }
        }
    }
    Ok((confusion, matched))
}
