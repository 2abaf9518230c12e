//! Writing a derived table from batches that arrive while their producer still runs, so that a table of ten
//! million rows (the audit's labels) is encoded and written as it is made instead of being held whole in memory.

use crate::StoreError;
use crate::workspace::{Staged, Workspace, replacing};
use deltalake::arrow::array::RecordBatch;
use deltalake::arrow::datatypes::SchemaRef;
use deltalake::datafusion::catalog::streaming::StreamingTable;
use deltalake::datafusion::datasource::provider_as_source;
use deltalake::datafusion::execution::TaskContext;
use deltalake::datafusion::logical_expr::LogicalPlanBuilder;
use deltalake::datafusion::physical_plan::SendableRecordBatchStream;
use deltalake::datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use deltalake::datafusion::physical_plan::streaming::PartitionStream;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Where a producer sends a streamed table's batches; dropping every clone ends the table.
pub type BatchSender = UnboundedSender<RecordBatch>;

/// The batches of a streamed table, as the one partition of a DataFusion table the Delta write reads.
#[derive(Debug)]
struct Incoming {
    schema: SchemaRef,
    batches: Mutex<Option<UnboundedReceiver<RecordBatch>>>,
}

impl PartitionStream for Incoming {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _: Arc<TaskContext>) -> SendableRecordBatchStream {
        // The write reads its input once; a second reader would find it taken and get no rows.
        let rx = self.batches.lock().expect("receiver lock").take();
        let stream = futures::stream::unfold(rx, |rx| async move {
            let mut rx = rx?;
            let batch = rx.recv().await?;
            Some((Ok(batch), Some(rx)))
        });
        Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), stream))
    }
}

impl Workspace {
    /// Starts writing table `name` (replacing its rows, like [`Workspace::stage`]) from the batches sent to the
    /// returned sender; the write ends when every sender is dropped, and becomes part of the workspace only when
    /// committed with [`Workspace::commit_staged`]. Sending never waits: the write encodes as batches arrive.
    pub async fn stage_stream(&self, name: &str, schema: SchemaRef) -> Result<(BatchSender, Staged), StoreError> {
        let table = self.writable(name, &schema).await?;
        let (tx, rx) = unbounded_channel();
        let incoming = Incoming { schema: schema.clone(), batches: Mutex::new(Some(rx)) };
        let provider =
            StreamingTable::try_new(schema, vec![Arc::new(incoming)]).map_err(|e| StoreError::delta(name, e.into()))?;
        let plan = LogicalPlanBuilder::scan(name, provider_as_source(Arc::new(provider)), None)
            .and_then(|b| b.build())
            .map_err(|e| StoreError::delta(name, e.into()))?;
        let name = name.to_owned();
        let write = tokio::spawn(async move {
            let written = replacing(table.write(Vec::new()).with_input_plan(plan))
                .await
                .map_err(|e| StoreError::delta(&name, e))?;
            Ok::<_, StoreError>((name, written.version().unwrap_or(0)))
        });
        Ok((tx, Staged { writes: vec![write] }))
    }
}
