//! Message labels: one pass over the messages feeding one `text` classifier per core ([`crate::labeller`]), each
//! keeping a conversation context per group. The same pass picks the cross-post candidates and counts each
//! group's health figures ([`crate::tally`]), so the text is read once. Senders' roles and groups' owners (small
//! tables) are looked up in memory rather than joined, so that the pass carries only the message columns.
//!
//! The classifier needs each group's messages oldest first, because context decides many labels (an ack answers
//! a notice, a praise chain follows a leader's post). Exports list each chat oldest first and the import keeps
//! their order, so the pass first reads the files as they are ([`crate::inorder`]); only when a group's messages
//! are not together and in time order there (a later import added to a group, an export interleaved its chats)
//! does it sort them: a DataFusion plan that hash-partitions the messages by group and sorts each partition by
//! group and time, spilling to disk instead of growing without bound.

use crate::calendar::WorkCalendar;
use crate::labeller::{Labeller, Leaders, Order, Pass};
use crate::tally::{Recent, Tallies};
use datafusion::arrow::array::{Array, AsArray, RecordBatch, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::error::DataFusionError;
use datafusion::prelude::SessionContext;
use futures::StreamExt;
use jingjian_model::MessageKind;
use jingjian_store::{BatchSender, Staged, Workspace};
use jingjian_text::{Classifier, Conversation, Input, Lexicon};
use std::path::PathBuf;
use std::sync::Arc;

/// The `labels` table: one row per message, joined to `messages` by key.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("label", DataType::Utf8, false),
        Field::new("rule", DataType::Utf8, false),
        Field::new("evidence", DataType::Utf8, false),
        Field::new("deadline_ms", DataType::Int64, true),
    ]))
}

/// What the one pass over the messages' text gives.
#[derive(Default)]
pub struct Labelled {
    /// The `labels` table's batches, when they were not streamed into the workspace.
    pub labels: Vec<RecordBatch>,
    /// The `labels` table's write, when they were streamed into a workspace as they were made (commit it with
    /// the rest of the audit).
    pub staged: Option<Staged>,
    /// The cross-post candidates ([`candidate_schema`]): human messages that are not acks, greetings, flattery or
    /// system records, with at least `min_chars` canonical characters (`min_important` for notices).
    pub candidates: Vec<RecordBatch>,
    /// Every group's message figures for health, and the after-hours heat-map.
    pub tallies: Tallies,
    /// Time the classifier loops spent on their batches, summed over partitions (ms); the rest of the pass's
    /// wall time is the scan and the sort.
    pub busy_ms: u64,
    /// Sorted runs the sort spilled to disk to stay within its budget.
    pub spills: usize,
    /// Whether the pass had to run again without a sort budget.
    pub unbounded: bool,
    /// Whether the messages were read in the order they were imported, without a sort.
    pub in_order: bool,
}

/// Which messages are cross-post candidates: canonical characters needed, for notices and for the rest.
#[derive(Debug, Clone, Copy)]
pub struct CandidateRule {
    pub min_chars: usize,
    pub min_important: usize,
}

/// The cross-post candidates' columns.
pub fn candidate_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("group_id", DataType::Utf8, false),
        Field::new("id", DataType::Utf8, false),
        Field::new("t", DataType::Int64, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("canon", DataType::Utf8, false),
        Field::new("label", DataType::Utf8, false),
    ]))
}

/// Memory the label pass's sort holds by default before it spills sorted runs to disk (all partitions together).
pub const SORT_MEMORY: usize = 1 << 30;

/// How the label pass gets the messages and where its labels go.
#[derive(Default)]
pub struct Route<'a> {
    /// The messages table's files in the order they were written ([`Workspace::table_files`]): when their rows
    /// are in conversation order the pass reads them as they are, without a sort.
    pub files: Option<Vec<PathBuf>>,
    /// What the sort may hold before it spills sorted runs to disk (`None`: what it needs).
    pub sort_memory: Option<usize>,
    /// The workspace to stream the `labels` table into ([`Labelled::staged`]); without one the batches are kept in
    /// [`Labelled::labels`].
    pub store: Option<&'a Workspace>,
    /// The fewest rows in a slice of the pass that reads the files as they are (`None`: 8Ki; tests make slices
    /// small to have many).
    pub slice_rows: Option<usize>,
}

/// Labels every message in the workspace with `classifier` (compiled from `lexicon`, which also names the
/// leaders' roles) and picks the cross-post candidates on the way. It reads the files as
/// they are when `route` gives them and they are in order; otherwise it sorts under `route.sort_memory`, and if
/// DataFusion still runs out of memory under that budget (a batch larger than the budget allows), the pass runs
/// again without one.
pub async fn label_all(
    ctx: &SessionContext,
    lexicon: &Lexicon,
    classifier: Classifier,
    calendar: &WorkCalendar,
    rule: CandidateRule,
    recent: Recent,
    route: Route<'_>,
) -> datafusion::error::Result<Labelled> {
    let Route { files, sort_memory, store, slice_rows } = route;
    // The first attempt's write is opened while the leaders are read.
    let (leaders, first_write) = tokio::try_join!(Leaders::load(ctx, lexicon), labels_write(store))?;
    let mut first_write = Some(first_write);
    let pass = Arc::new(Pass { classifier, leaders, calendar: calendar.clone(), rule, recent });
    let parts = ctx.state().config().target_partitions().max(1);
    // Each attempt streams its labels into a write of its own; the write of an attempt that gives no labels is
    // abandoned.
    if let Some(files) = files {
        let (sink, staged) = first_write.take().expect("the first attempt");
        let slice_rows = slice_rows.unwrap_or(crate::inorder::MIN_SLICE_ROWS);
        match crate::inorder::label(files, &pass, parts, slice_rows, sink).await {
            Ok(Some(done)) => return Ok(Labelled { staged, ..done }),
            other => {
                staged.into_iter().for_each(Staged::abandon);
                other?;
            }
        }
    }
    let mut budget = sort_memory;
    loop {
        let (sink, staged) = match first_write.take() {
            Some(write) => write,
            None => labels_write(store).await?,
        };
        match labelled(ctx, &pass, budget, sink).await {
            Ok(done) => return Ok(Labelled { staged, unbounded: budget.is_none() && sort_memory.is_some(), ..done }),
            Err(e) => {
                staged.into_iter().for_each(Staged::abandon);
                if budget.is_none() || !matches!(e.find_root(), DataFusionError::ResourcesExhausted(_)) {
                    return Err(e);
                }
                budget = None;
            }
        }
    }
}

/// A new write of the `labels` table into `store`, and where to send its batches.
async fn labels_write(store: Option<&Workspace>) -> datafusion::error::Result<(Option<BatchSender>, Option<Staged>)> {
    let Some(ws) = store else { return Ok((None, None)) };
    let (sink, staged) =
        ws.stage_stream("labels", schema()).await.map_err(|e| DataFusionError::External(Box::new(e)))?;
    Ok((Some(sink), Some(staged)))
}

/// One run of the pass under a sort budget.
async fn labelled(
    ctx: &SessionContext,
    pass: &Arc<Pass>,
    sort_memory: Option<usize>,
    sink: Option<BatchSender>,
) -> datafusion::error::Result<Labelled> {
    use datafusion::physical_expr::{LexOrdering, PhysicalSortExpr, expressions::col};
    use datafusion::physical_plan::repartition::RepartitionExec;
    use datafusion::physical_plan::sorts::sort::SortExec;
    use datafusion::physical_plan::{ExecutionPlan, Partitioning};
    // Hash-partition the messages by group and sort each partition by group and time: every partition then holds
    // whole groups in order, and each gets its own classifier on its own core. (Built as a physical plan: the
    // optimiser would otherwise merge the partitions into one sorted stream.)
    let parts = ctx.state().config().target_partitions().max(1);
    let scan = ctx.sql(SCAN).await?.create_physical_plan().await?;
    let schema = scan.schema();
    let by_group = Partitioning::Hash(vec![col("group_id", &schema)?], parts);
    let order: Vec<PhysicalSortExpr> = ["source", "group_id", "t", "id"]
        .iter()
        .map(|c| Ok(PhysicalSortExpr::new_default(col(c, &schema)?)))
        .collect::<datafusion::error::Result<_>>()?;
    let order = LexOrdering::new(order).expect("four sort keys");
    let plan: Arc<dyn ExecutionPlan> = Arc::new(
        SortExec::new(order, Arc::new(RepartitionExec::try_new(scan, by_group)?)).with_preserve_partitioning(true),
    );
    let task_ctx = budgeted(ctx, sort_memory)?;
    let tasks: Vec<_> = (0..parts)
        .map(|p| {
            let stream = plan.execute(p, task_ctx.clone());
            let labeller = Labeller::new(pass.clone(), sink.clone());
            tokio::spawn(async move {
                let (mut stream, mut labeller) = (stream?, labeller);
                while let Some(batch) = stream.next().await {
                    if labeller.batch(&batch?)? == Order::Broken {
                        return Err(DataFusionError::Internal("the sort gave messages out of order".into()));
                    }
                }
                datafusion::error::Result::Ok(labeller.finish())
            })
        })
        .collect();
    let mut out = Labelled::default();
    for t in tasks {
        let part = t.await.map_err(|e| DataFusionError::External(Box::new(e)))??;
        out.labels.extend(part.labels);
        out.candidates.extend(part.candidates);
        out.tallies.merge(part.tallies);
        out.busy_ms += part.busy_ms;
    }
    out.spills = plan.metrics().and_then(|m| m.spill_count()).unwrap_or(0);
    Ok(out)
}

/// The session's task context, with a memory pool of `bytes` that makes sorts spill (`None`: the session's own).
/// Each sort keeps back a sixteenth of the budget (at most DataFusion's 10 MiB) for merging its spilled runs.
fn budgeted(
    ctx: &SessionContext,
    bytes: Option<usize>,
) -> datafusion::error::Result<Arc<datafusion::execution::TaskContext>> {
    use datafusion::execution::memory_pool::FairSpillPool;
    use datafusion::execution::runtime_env::RuntimeEnvBuilder;
    let Some(bytes) = bytes else { return Ok(ctx.task_ctx()) };
    let state = ctx.state();
    let runtime = RuntimeEnvBuilder::from_runtime_env(state.runtime_env())
        .with_memory_pool(Arc::new(FairSpillPool::new(bytes)))
        .build_arc()?;
    let mut config = state.config().clone();
    let reserve = &mut config.options_mut().execution.sort_spill_reservation_bytes;
    *reserve = (*reserve).min(bytes / 16);
    Ok(Arc::new(datafusion::execution::TaskContext::from(&state).with_runtime(runtime).with_session_config(config)))
}

/// The scan the classifier reads (sorted by group and time in [`label_all`]).
const SCAN: &str = "SELECT key, source, group_id, id, sender, CAST(time AS BIGINT) / 1000 AS t, kind, text,
        mentions_all, cardinality(mentions) AS n_mentions
    FROM messages";

/// `jj_label(text, kind) -> VARCHAR`: the label a message would get on its own, without its conversation
/// (ad-hoc SQL over the workspace). The audit does not use it: context decides many labels (an ack answers a
/// notice), so the audit runs the ordered pass in [`label_all`].
#[derive(Debug)]
pub struct LabelUdf {
    classifier: Classifier,
    signature: datafusion::logical_expr::Signature,
}

impl PartialEq for LabelUdf {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for LabelUdf {}
impl std::hash::Hash for LabelUdf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        "jj_label".hash(state);
    }
}

impl datafusion::logical_expr::ScalarUDFImpl for LabelUdf {
    fn name(&self) -> &str {
        "jj_label"
    }
    fn signature(&self) -> &datafusion::logical_expr::Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> datafusion::error::Result<DataType> {
        Ok(DataType::Utf8)
    }
    fn invoke_with_args(
        &self,
        args: datafusion::logical_expr::ScalarFunctionArgs,
    ) -> datafusion::error::Result<datafusion::logical_expr::ColumnarValue> {
        let arrays = datafusion::logical_expr::ColumnarValue::values_to_arrays(&args.args)?;
        let text = cast(&arrays[0], &DataType::Utf8)?;
        let kind = cast(&arrays[1], &DataType::Utf8)?;
        let (text, kind) = (text.as_string::<i32>(), kind.as_string::<i32>());
        let mut out = StringBuilder::with_capacity(text.len(), text.len() * 8);
        for i in 0..text.len() {
            if text.is_null(i) {
                out.append_null();
                continue;
            }
            let mut conv = Conversation::new();
            let kind = if kind.is_null(i) {
                MessageKind::Text
            } else {
                MessageKind::parse(kind.value(i)).unwrap_or(MessageKind::Other)
            };
            let input = Input { kind, ..Input::text(text.value(i), "", 0, 0) };
            out.append_value(self.classifier.classify(&input, &mut conv).label.as_str());
        }
        Ok(datafusion::logical_expr::ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// Registers `jj_label` with the lexicon in force.
pub fn register(ctx: &SessionContext, lexicon: &Lexicon) {
    use datafusion::logical_expr::{ScalarUDF, Signature, Volatility};
    let signature = Signature::exact(vec![DataType::Utf8, DataType::Utf8], Volatility::Immutable);
    ctx.register_udf(ScalarUDF::from(LabelUdf { classifier: Classifier::new(lexicon), signature }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jj_label_labels_in_sql() {
        let ctx = SessionContext::new();
        register(&ctx, &Lexicon::default());
        let batches = ctx
            .sql("SELECT jj_label('收到', 'text') AS a, jj_label('请各村于6月5日前报送防汛物资清单，务必按时完成。', 'text') AS b")
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        let a = cast(batches[0].column(0), &DataType::Utf8).unwrap();
        let b = cast(batches[0].column(1), &DataType::Utf8).unwrap();
        assert_eq!(a.as_string::<i32>().value(0), "ack");
        assert_eq!(b.as_string::<i32>().value(0), "important");
    }
}
