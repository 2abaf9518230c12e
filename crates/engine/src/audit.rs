//! `jingjian audit`: labels, group health, overlap, cross-posts, quotas and verdicts, computed over one
//! workspace version and stored as one new version.

use crate::calendar::WorkCalendar;
use crate::config::Config;
use crate::crosspost::{self, CrossPost};
use crate::health::{self, Health};
use crate::overlap::{self, Overlap};
use crate::rows::Rows;
use crate::tally::Recent;
use crate::verdict::{self, Decision, Finding, UnitQuota, Verdict};
use crate::{EngineError, labels, posted, tables};
use datafusion::error::DataFusionError;
use datafusion::prelude::SessionContext;
use jingjian_model::time::to_rfc3339;
use jingjian_store::{DerivedTable, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One group in the audit: its health, findings and verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAudit {
    #[serde(flatten)]
    pub health: Health,
    pub verdict: Verdict,
    pub merge_into: Option<String>,
    /// The findings' reasons, in English.
    pub reasons: Vec<String>,
    /// The same in Chinese.
    pub reasons_zh: Vec<String>,
    pub findings: Vec<Finding>,
}

/// Verdict counts and headline figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub groups: usize,
    pub keep: usize,
    pub dissolve: usize,
    pub merge: usize,
    pub review: usize,
    pub zombies: usize,
    pub cross_posts: usize,
    pub units_over_quota: usize,
    pub messages: u64,
    pub human_messages: u64,
}

/// The whole audit, as `audit --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditReport {
    pub first: Option<String>,
    pub last: Option<String>,
    pub summary: Summary,
    pub groups: Vec<GroupAudit>,
    pub overlaps: Vec<Overlap>,
    pub cross_posts: Vec<CrossPost>,
    pub units: Vec<UnitQuota>,
    /// Wall time of each phase in milliseconds (labels, health, overlap, cross_posts, verdicts, store), for
    /// benchmarks and for finding what a slow audit spent its time on. `cross_posts` is the search's own time;
    /// `health` and `overlap` are their plans' own times (they run beside the label pass) and, for `health`, the
    /// figures made from them once the pass is done; `labels_classify_cpu` is the part of the label pass spent
    /// classifying, summed over cores (the rest is reading, and sorting when `labels_sorted` is 1).
    #[serde(default)]
    pub timings_ms: BTreeMap<String, u64>,
    /// Human messages after hours by local weekday (0 = Monday) × hour.
    pub heatmap: Vec<Vec<u64>>,
    /// The workspace version the audit was stored as (`None` when not stored).
    #[serde(default)]
    pub version: Option<u64>,
    /// The report as stored (every field but `timings_ms` and `version`), when it was: `audit --json` prints
    /// these bytes rather than serialising the report a second time (75 MB at 10M messages).
    #[serde(skip)]
    pub stored_json: Option<Arc<str>>,
}

/// What the stored report holds: the [`AuditReport`] without its timings and version (a version's report is read
/// back with the version it is in).
#[derive(Serialize)]
struct Stored<'a> {
    first: &'a Option<String>,
    last: &'a Option<String>,
    summary: &'a Summary,
    groups: &'a [GroupAudit],
    overlaps: &'a [Overlap],
    cross_posts: &'a [CrossPost],
    units: &'a [UnitQuota],
    heatmap: &'a [Vec<u64>],
}

impl AuditReport {
    /// Writes the report as one compact JSON document: the stored bytes with the timings and version put first
    /// when the audit was stored (no copy of them is made), else serialised now.
    pub fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let Some(stored) = &self.stored_json else {
            return serde_json::to_writer(out, self).map_err(std::io::Error::other);
        };
        let head = serde_json::json!({"timings_ms": self.timings_ms, "version": self.version}).to_string();
        // Both are objects with fields: `{head fields` + `,` + `stored fields}`.
        out.write_all(&head.as_bytes()[..head.len() - 1])?;
        out.write_all(b",")?;
        out.write_all(&stored.as_bytes()[1..])
    }

    /// [`AuditReport::write_json`] into a string.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out).expect("writing to memory");
        String::from_utf8(out).expect("JSON is UTF-8")
    }
}

/// A session over the newest workspace version with every jingjian function registered.
pub async fn session(ws: &Workspace, calendar: &WorkCalendar) -> Result<SessionContext, EngineError> {
    let ctx = ws.session(None).await?;
    crate::udf::register(&ctx, calendar);
    crosspost::register(&ctx);
    Ok(ctx)
}

/// Runs the audit; stores its tables as a new workspace version when `store` is set.
pub async fn run(ws: &mut Workspace, config: &Config, store: bool) -> Result<AuditReport, EngineError> {
    let mut done = compute(ws, config, store).await?;
    if store {
        let started = std::time::Instant::now();
        let version = commit(ws, &done.report.summary, std::mem::take(&mut done.staged)).await?;
        done.report.version = Some(version);
        done.clock.took("store", done.staging + started.elapsed());
    }
    Ok(done.finish())
}

/// What the audit hands to work done while its tables are being stored ([`run_then`]).
pub struct Audited<'a> {
    /// The report as it is being stored (its `version` is not set yet: it is [`Audited::version`]).
    pub report: &'a AuditReport,
    /// A session over the audited version's tables with the audit's planner tables (`member_posts`,
    /// `cross_post_groups`) read from memory; the audit's other tables are not in it.
    pub ctx: SessionContext,
    /// The workspace version the audit is being stored as.
    pub version: u64,
}

/// Runs the audit and stores it as a new workspace version, running `then` on the audit meanwhile (for `jingjian
/// run`: the report is made while the audit's tables are written). Gives the stored report and what `then` gave;
/// should storing fail, its error is returned whatever `then` gave.
pub async fn run_then<T>(
    ws: &mut Workspace,
    config: &Config,
    then: impl for<'a> AsyncFnOnce(Audited<'a>) -> T,
) -> Result<(AuditReport, T), EngineError> {
    let mut done = compute(ws, config, true).await?;
    let (staged, promised) = (std::mem::take(&mut done.staged), ws.next_version());
    let handoff = Audited { report: &done.report, ctx: done.planner_session()?, version: promised };
    let started = std::time::Instant::now();
    let committing = async {
        let version = commit(ws, &done.report.summary, staged).await?;
        Ok::<_, EngineError>((version, started.elapsed()))
    };
    let (committed, out) = tokio::join!(committing, then(handoff));
    let (version, took) = committed?;
    debug_assert_eq!(version, promised, "stored as the version handed over (the workspace is held for writing)");
    done.report.version = Some(version);
    done.clock.took("store", done.staging + took);
    Ok((done.finish(), out))
}

/// An audit computed, its tables being written: [`commit`] makes them a workspace version.
struct Computed {
    report: AuditReport,
    clock: Clock,
    /// The tables being written (none when the audit is not stored).
    staged: Vec<jingjian_store::Staged>,
    /// How long making the tables to store took after the verdicts.
    staging: std::time::Duration,
    /// The planner's tables (`member_posts`, `cross_post_groups`) as stored.
    planner: Vec<DerivedTable>,
    /// The session over the audited version and the label pass's tallies, freed off the caller's path.
    ctx: SessionContext,
    labelled: labels::Labelled,
}

/// Waits for the audit's `staged` tables and makes them one new workspace version, with the audit's summary.
async fn commit(
    ws: &mut Workspace,
    summary: &Summary,
    staged: Vec<jingjian_store::Staged>,
) -> Result<u64, EngineError> {
    let detail = serde_json::json!({ "summary": summary });
    Ok(ws.commit_staged("audit", detail, staged).await?)
}

impl Computed {
    /// The session over the audited version with the planner's tables from memory in place of any stored ones, and
    /// without the audit's other tables (those of an earlier audit would be stale).
    fn planner_session(&self) -> Result<SessionContext, EngineError> {
        let ctx = self.ctx.clone();
        for name in AUDIT_TABLES {
            ctx.deregister_table(name)?;
        }
        for t in &self.planner {
            let table = datafusion::datasource::MemTable::try_new(t.schema.clone(), vec![t.batches.clone()])?;
            ctx.register_table(t.name.as_str(), Arc::new(table))?;
        }
        Ok(ctx)
    }

    /// The report with its timings; the tallies and the session are freed on a thread of their own (thousands of
    /// small maps: milliseconds the caller need not wait for).
    fn finish(self) -> AuditReport {
        let Computed { mut report, clock, ctx, labelled, .. } = self;
        report.timings_ms = clock.laps;
        std::thread::spawn(move || drop((labelled, ctx)));
        report
    }
}

/// Every table an audit stores.
const AUDIT_TABLES: [&str; 8] = [
    "labels",
    "cross_posts",
    "units_quota",
    "audit_report",
    crate::group_table::GROUP_AUDIT,
    crate::posted::CROSS_POST_GROUPS,
    crate::posted::MEMBER_POSTS,
    "overlaps",
];

/// Computes the audit; when `store` is set, its tables are being written when this returns.
async fn compute(ws: &mut Workspace, config: &Config, store: bool) -> Result<Computed, EngineError> {
    let calendar = WorkCalendar::new(config.zone(), &config.work).map_err(EngineError::Config)?;
    // The lexicon (milliseconds of building its term lists), the messages' files (their sizes choose the
    // automaton) and the session, made at once.
    let lexicon = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || crate::lexicon(&config))
    };
    let files = async { ws.table_files("messages", None).await.map_err(EngineError::from) };
    let (files, ctx) = tokio::try_join!(files, session(ws, &calendar))?;
    let lexicon = lexicon.await.map_err(|e| DataFusionError::External(Box::new(e)))??;
    // Compiling the lexicon's automaton takes milliseconds (a DFA tens of them, worth it for millions of
    // messages): done beside the first queries.
    let compiling = {
        let (lexicon, automaton) = (lexicon.clone(), automaton_for(files.as_deref()));
        tokio::task::spawn_blocking(move || {
            jingjian_text::Classifier::compiled(&lexicon, Default::default(), automaton)
        })
    };
    let Some(span) = health::span(&ctx).await? else {
        return Err(EngineError::Empty);
    };
    // Plans that need no label (group health's figures, the membership overlaps, the units) run on the
    // runtime's threads beside the label pass, on the small tables (groups, members, memberships, units): one
    // partition each spares them the repartitioning two would cost.
    let small = one_partition(&ctx);
    let (c, min_shared) = (small.clone(), config.audit.min_shared_members as u64);
    let overlaps = tokio::spawn(timed(async move { overlap::compute(&c, min_shared).await }));
    let c = small.clone();
    let group_rows = tokio::spawn(timed(async move { health::groups(&c).await }));
    let c = small.clone();
    let unit_rows = tokio::spawn(async move { c.sql("SELECT id, name, quota FROM units").await?.collect().await });
    let mut clock = Clock::default();
    let rule = labels::CandidateRule {
        min_chars: config.audit.cross_post_min_chars as usize,
        min_important: config.audit.cross_post_min_chars_important as usize,
    };
    let recent = Recent::ending(span.1);
    let route = labels::Route { files, sort_memory: sort_memory(), store: store.then_some(&*ws), slice_rows: None };
    let classifier = compiling.await.map_err(|e| DataFusionError::External(Box::new(e)))?;
    let mut labelled = labels::label_all(&ctx, &lexicon, classifier, &calendar, rule, recent, route).await?;
    // The labels (one row per message, the biggest table) were written as the pass made them.
    let staged_labels = labelled.staged.take();
    clock.lap("labels");
    clock.laps.insert("labels_classify_cpu".into(), labelled.busy_ms);
    clock.laps.insert("labels_sort_spills".into(), labelled.spills as u64);
    clock.laps.insert("labels_sorted".into(), u64::from(!labelled.in_order));
    // Group health's figures and the tables that need only the overlaps and the tallies are made beside the
    // cross-post search once it is down to one core (the union in time order).
    let candidates = Arc::new(std::mem::take(&mut labelled.candidates));
    let (found_in, audit_config) = (candidates.clone(), config.audit.clone());
    let (one_core, on_one_core) = tokio::sync::oneshot::channel();
    let search = tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let found = crosspost::find(&found_in, &audit_config, || {
            let _ = one_core.send(());
        });
        found.map(|found| (found, started.elapsed()))
    });
    // (A search that failed before then dropped the sender: its error comes from `search` below.)
    let _ = on_one_core.await;
    clock.lap("cross_posts_on_every_core");
    let joined = |e: tokio::task::JoinError| DataFusionError::External(Box::new(e));
    let (group_rows, query_took) = group_rows.await.map_err(joined)?;
    let started = std::time::Instant::now();
    let groups = health::compute(group_rows?, &labelled.tallies, span)?;
    let health_took = query_took + started.elapsed();
    let (overlaps, overlap_took) = overlaps.await.map_err(joined)?;
    let (overlaps, unit_rows) = (overlaps?, Rows::new(unit_rows.await.map_err(joined)??)?);
    clock.took("health", health_took);
    clock.took("overlap", overlap_took);
    // Two of the tables to store need only the tallies and the overlaps: written while the search goes on.
    let mut planner = Vec::new();
    let staged_early = if store {
        let early = std::thread::scope(|s| {
            let posts = s.spawn(|| posted::member_posts(&labelled.tallies));
            let overlaps = tables::from_flat_rows("overlaps", &overlap::FIELDS, &overlaps)?;
            Ok::<_, EngineError>(vec![posts.join().expect("the member posts table")?, overlaps])
        })?;
        planner.push(early[0].clone());
        Some(ws.stage(early).await?)
    } else {
        None
    };
    let (cross_posts, took) = search.await.map_err(|e| DataFusionError::External(Box::new(e)))??;
    clock.took("cross_posts", took);
    let unit_info: BTreeMap<String, (Option<String>, Option<u32>)> = unit_rows
        .iter()
        .map(|r| (r.str("id").unwrap_or_default(), (r.str("name"), r.int("quota").map(|q| q.max(0) as u32))))
        .collect();
    let units = verdict::quotas(&groups, &unit_info, &config.quota, config.audit.internal_share);
    let cx = verdict::Context { first_ms: span.0 };
    let decisions = verdict::decide(&groups, &overlaps, &cross_posts, &units, &config.audit, &config.quota.allow, cx);
    let heatmap: Vec<Vec<u64>> = labelled.tallies.heatmap.iter().map(|day| day.to_vec()).collect();
    let audits: Vec<GroupAudit> = groups
        .into_iter()
        .map(|h| {
            let d = decisions.get(&(h.source.clone(), h.id.clone())).cloned().unwrap_or(Decision {
                verdict: Verdict::Keep,
                merge_into: None,
                findings: Vec::new(),
            });
            GroupAudit {
                reasons: d.findings.iter().map(|f| format!("{}: {}", f.kind, f.reason)).collect(),
                reasons_zh: d.findings.iter().map(|f| f.reason_zh.clone()).collect(),
                verdict: d.verdict,
                merge_into: d.merge_into,
                findings: d.findings,
                health: h,
            }
        })
        .collect();
    let count = |v: Verdict| audits.iter().filter(|g| g.verdict == v).count();
    let summary = Summary {
        groups: audits.len(),
        keep: count(Verdict::Keep),
        dissolve: count(Verdict::Dissolve),
        merge: count(Verdict::Merge),
        review: count(Verdict::Review),
        zombies: audits.iter().filter(|g| g.findings.iter().any(|f| f.kind == "zombie")).count(),
        cross_posts: cross_posts.len(),
        units_over_quota: units.iter().filter(|u| u.over).count(),
        messages: audits.iter().map(|g| g.health.records).sum(),
        human_messages: audits.iter().map(|g| g.health.human_messages).sum(),
    };
    clock.lap("verdicts");
    let mut report = AuditReport {
        timings_ms: BTreeMap::new(),
        first: Some(to_rfc3339(span.0)),
        last: Some(to_rfc3339(span.1)),
        summary,
        groups: audits,
        overlaps,
        cross_posts,
        units,
        heatmap,
        version: None,
        stored_json: None,
    };
    let started = std::time::Instant::now();
    let mut staged = Vec::new();
    if store {
        let (derived, stored_json) = derived_tables(&report, &candidates)?;
        // The candidates' texts (hundreds of MB at 10M messages) are needed no more: freed before the tables are
        // written, where the audit's memory peaks.
        drop(candidates);
        report.stored_json = Some(stored_json);
        planner.extend(derived.iter().filter(|t| t.name == crate::posted::CROSS_POST_GROUPS).cloned());
        let derived = ws.stage(derived).await?;
        staged = staged_labels.into_iter().chain(staged_early).chain([derived]).collect();
    }
    Ok(Computed { report, clock, staged, staging: started.elapsed(), planner, ctx, labelled })
}

/// Messages' Parquet bytes from which the label pass scans enough text for the DFA's build to pay (about a
/// million messages: the DFA takes 20 ms longer to build and scans ≈ 0.08 µs faster per text read afresh).
const DFA_FROM_BYTES: u64 = 80 << 20;

/// The automaton for a label pass over the messages in `files` (the table's files; `None` when they are not
/// known, then the DFA).
fn automaton_for(files: Option<&[std::path::PathBuf]>) -> jingjian_text::Automaton {
    let bytes =
        |files: &[std::path::PathBuf]| files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum::<u64>();
    match files {
        Some(files) if bytes(files) < DFA_FROM_BYTES => jingjian_text::Automaton::Quick,
        _ => jingjian_text::Automaton::Fast,
    }
}

/// The label pass's sort budget: `JINGJIAN_SORT_MEMORY` bytes (0: no limit), else [`labels::SORT_MEMORY`].
fn sort_memory() -> Option<usize> {
    match std::env::var("JINGJIAN_SORT_MEMORY").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
        Some(0) => None,
        Some(bytes) => Some(bytes),
        None => Some(labels::SORT_MEMORY),
    }
}

/// A session over the same tables and functions as `ctx` that plans every query on one partition.
fn one_partition(ctx: &SessionContext) -> SessionContext {
    let mut state = ctx.state();
    state.config_mut().options_mut().execution.target_partitions = 1;
    SessionContext::new_with_state(state)
}

/// What `work` gives and how long it took.
async fn timed<T>(work: impl std::future::Future<Output = T>) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = work.await;
    (out, started.elapsed())
}

/// Wall time per phase.
struct Clock {
    last: std::time::Instant,
    laps: BTreeMap<String, u64>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock { last: std::time::Instant::now(), laps: BTreeMap::new() }
    }
}

impl Clock {
    fn lap(&mut self, phase: &str) {
        let now = std::time::Instant::now();
        self.laps.insert(phase.to_owned(), (now - self.last).as_millis() as u64);
        self.last = now;
    }

    /// Records a phase that ran beside others and took `took` of its own; the next lap starts now.
    fn took(&mut self, phase: &str, took: std::time::Duration) {
        self.laps.insert(phase.to_owned(), took.as_millis() as u64);
        self.last = std::time::Instant::now();
    }
}

/// The tables the audit stores from its report (beside the labels and the early tables written while the
/// cross-post search ran), made on three threads (the cross-post copies by group, the group audit, the others).
fn derived_tables(
    report: &AuditReport,
    candidates: &[datafusion::arrow::array::RecordBatch],
) -> Result<(Vec<DerivedTable>, Arc<str>), EngineError> {
    std::thread::scope(|s| {
        let by_group = s.spawn(|| posted::cross_post_groups(&report.cross_posts, candidates));
        let group_audit = s.spawn(|| crate::group_table::table(&report.groups));
        let mut derived = vec![
            DerivedTable {
                name: "cross_posts".into(),
                schema: crosspost::schema(),
                batches: vec![crosspost::to_batch(&report.cross_posts)?],
            },
            tables::from_rows("units_quota", &report.units)?,
        ];
        let (table, json) = report_table(report)?;
        derived.push(table);
        derived.push(group_audit.join().expect("the group audit table")?);
        derived.push(by_group.join().expect("the cross-post copies by group")?);
        Ok((derived, json))
    })
}

/// The whole report but its timings and version as one JSON document in a one-row table, so that `plan`, `digest`
/// and `report` read exactly what the audit decided, at the same workspace version (which they know); the document
/// is handed back too, for `audit --json` to print.
fn report_table(report: &AuditReport) -> Result<(DerivedTable, Arc<str>), EngineError> {
    use datafusion::arrow::array::StringArray;
    use datafusion::arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::error::ArrowError;
    let schema = Arc::new(Schema::new(vec![Field::new("report", DataType::Utf8, false)]));
    let json: Arc<str> = stored_json(report).into();
    // The cell shares the document's bytes (75 MB at 10M messages) instead of holding a copy.
    struct Shared(Arc<str>);
    impl AsRef<[u8]> for Shared {
        fn as_ref(&self) -> &[u8] {
            self.0.as_bytes()
        }
    }
    let too_long = || ArrowError::InvalidArgumentError("the audit report is over the 2 GiB one text cell holds".into());
    let end = i32::try_from(json.len()).map_err(|_| too_long())?;
    let values = Buffer::from(bytes::Bytes::from_owner(Shared(json.clone())));
    let cell = StringArray::try_new(OffsetBuffer::new(ScalarBuffer::from(vec![0, end])), values, None)?;
    let batch = datafusion::arrow::array::RecordBatch::try_new(schema.clone(), vec![Arc::new(cell)])?;
    Ok((DerivedTable { name: "audit_report".into(), schema, batches: vec![batch] }, json))
}

/// The report as stored ([`Stored`] serialised), its three long lists (groups, overlaps, cross-posts: 73 MB of
/// JSON at 10M messages) each serialised on a core of its own and spliced in the fields' order.
fn stored_json(report: &AuditReport) -> String {
    fn json<T: Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).expect("report serialises")
    }
    let (groups, overlaps, cross_posts) = std::thread::scope(|s| {
        let overlaps = s.spawn(|| json(&report.overlaps));
        let cross_posts = s.spawn(|| json(&report.cross_posts));
        (
            json(&report.groups),
            overlaps.join().expect("overlaps serialise"),
            cross_posts.join().expect("cross-posts serialise"),
        )
    });
    let fields = [
        ("first", json(&report.first)),
        ("last", json(&report.last)),
        ("summary", json(&report.summary)),
        ("groups", groups),
        ("overlaps", overlaps),
        ("cross_posts", cross_posts),
        ("units", json(&report.units)),
        ("heatmap", json(&report.heatmap)),
    ];
    let mut out = String::with_capacity(fields.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>() + 2);
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "{\"" } else { ",\"" });
        out.push_str(name);
        out.push_str("\":");
        out.push_str(value);
    }
    out.push('}');
    debug_assert_eq!(
        out,
        json(&Stored {
            first: &report.first,
            last: &report.last,
            summary: &report.summary,
            groups: &report.groups,
            overlaps: &report.overlaps,
            cross_posts: &report.cross_posts,
            units: &report.units,
            heatmap: &report.heatmap,
        }),
        "the spliced document is the one serde makes"
    );
    out
}

/// The audit stored in workspace version `v` (newest when `None`), if an audit was run.
pub async fn load(ws: &Workspace, v: Option<u64>) -> Result<Option<AuditReport>, EngineError> {
    let ctx = ws.session_with(v, &["audit_report"]).await?;
    load_in(&ctx, ws.version(v)?.version).await
}

/// The audit stored in the `audit_report` table of `ctx`, a session over workspace version `version`, if the
/// session has one. The document is parsed off the async threads, so that plans run meanwhile.
pub async fn load_in(ctx: &SessionContext, version: u64) -> Result<Option<AuditReport>, EngineError> {
    if !ctx.table_exist("audit_report")? {
        return Ok(None);
    }
    let rows = Rows::new(ctx.sql("SELECT report FROM audit_report").await?.collect().await?)?;
    let Some(text) = rows.iter().next().and_then(|r| r.str("report")) else { return Ok(None) };
    let parsed = tokio::task::spawn_blocking(move || serde_json::from_str::<AuditReport>(&text))
        .await
        .map_err(|e| DataFusionError::External(Box::new(e)))?;
    let mut report = parsed.map_err(|e| EngineError::Config(format!("stored audit unreadable: {e}")))?;
    report.version = Some(version);
    Ok(Some(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_text::Automaton;

    #[test]
    fn the_dfa_is_built_for_large_message_tables_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, len: u64| {
            let path = dir.path().join(name);
            std::fs::File::create(&path).unwrap().set_len(len).unwrap();
            path
        };
        let small = [file("a.parquet", 1 << 20), file("b.parquet", 30 << 20)];
        assert_eq!(automaton_for(Some(&small)), Automaton::Quick);
        let large = [small[0].clone(), small[1].clone(), file("c.parquet", 60 << 20)];
        assert_eq!(automaton_for(Some(&large)), Automaton::Fast);
        assert_eq!(automaton_for(Some(&[])), Automaton::Quick);
        assert_eq!(automaton_for(None), Automaton::Fast, "files not known: the DFA, which never costs much");
    }
}
