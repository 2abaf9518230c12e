//! Derived tables (audit and plan results) replace whole tables in one workspace version, empty ones included:
//! an export without units gives an empty quota table, and the audit must still store.

use deltalake::arrow::array::{Int64Array, RecordBatch};
use deltalake::arrow::datatypes::{DataType, Field, Schema};
use jingjian_store::{DerivedTable, Workspace};
use std::sync::Arc;

fn table(name: &str, values: &[i64]) -> DerivedTable {
    let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, true)]));
    let batches = if values.is_empty() {
        Vec::new()
    } else {
        vec![RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(values.to_vec()))]).unwrap()]
    };
    DerivedTable { name: name.into(), schema, batches }
}

async fn count(ws: &Workspace, name: &str) -> i64 {
    let ctx = ws.session(None).await.unwrap();
    let b = ctx.sql(&format!("SELECT count(*) AS c FROM {name}")).await.unwrap().collect().await.unwrap();
    b[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap().value(0)
}

#[tokio::test]
async fn empty_and_full_tables_are_stored_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_for_write(dir.path()).await.unwrap();
    let v1 = ws
        .replace_tables("audit", serde_json::json!({}), vec![table("quota", &[]), table("pairs", &[1, 2, 3])])
        .await
        .expect("an empty result is stored");
    assert_eq!(count(&ws, "quota").await, 0);
    assert_eq!(count(&ws, "pairs").await, 3);
    let v2 = ws
        .replace_tables("audit", serde_json::json!({}), vec![table("quota", &[7]), table("pairs", &[])])
        .await
        .unwrap();
    assert!(v2 > v1);
    assert_eq!(count(&ws, "quota").await, 1);
    assert_eq!(count(&ws, "pairs").await, 0, "an empty result replaces the old rows");
    drop(ws);
    let ws = Workspace::open(dir.path()).await.unwrap();
    assert_eq!(count(&ws, "quota").await, 1);
}

/// A streamed table gets every batch sent while its producer ran, replaces the old rows when committed, and an
/// abandoned stream leaves the workspace as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_tables_replace_rows_when_committed_and_abandoned_ones_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_for_write(dir.path()).await.unwrap();
    ws.replace_tables("audit", serde_json::json!({}), vec![table("labels", &[9])]).await.unwrap();
    let schema = table("labels", &[]).schema;

    let (sink, staged) = ws.stage_stream("labels", schema.clone()).await.unwrap();
    let senders: Vec<_> = (0..3)
        .map(|i| {
            let (sink, batch) = (sink.clone(), table("labels", &[i; 1000]).batches.remove(0));
            std::thread::spawn(move || (0..4).for_each(|_| sink.send(batch.clone()).unwrap()))
        })
        .collect();
    drop(sink);
    senders.into_iter().for_each(|t| t.join().unwrap());
    ws.commit_staged("audit", serde_json::json!({}), vec![staged]).await.unwrap();
    assert_eq!(count(&ws, "labels").await, 12_000);

    let before = ws.latest().version;
    let (sink, staged) = ws.stage_stream("labels", schema).await.unwrap();
    sink.send(table("labels", &[1, 2]).batches.remove(0)).unwrap();
    staged.abandon();
    drop(sink);
    assert_eq!(ws.latest().version, before);
    assert_eq!(count(&ws, "labels").await, 12_000, "the abandoned rows are in no version");
}

/// A writer that died between a table's commit and the workspace version leaves that table's Delta log past the
/// version: the next writer to open the workspace restores the table to it (readers never saw the extra commit).
#[tokio::test]
async fn a_table_committed_past_the_version_is_restored_when_the_workspace_is_next_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open_for_write(dir.path()).await.unwrap();
    ws.replace_tables("audit", serde_json::json!({}), vec![table("quota", &[1, 2])]).await.unwrap();
    let (quota, other) = (dir.path().join("tables/quota"), dir.path().join("tables/messages"));
    let head = |path: &std::path::Path| {
        let url = url::Url::from_directory_path(path).unwrap();
        async move { deltalake::open_table(url).await.unwrap() }
    };
    let (kept, untouched) = (head(&quota).await.version(), head(&other).await.version());
    drop(ws);
    // The crashed writer's commit: a new Delta version of `quota` that no workspace version names.
    let extra = table("quota", &[7, 8, 9]).batches.remove(0);
    let past = head(&quota).await.write(vec![extra]).with_save_mode(deltalake::protocol::SaveMode::Overwrite);
    assert!(past.await.unwrap().version() > kept);

    let ws = Workspace::open_for_write(dir.path()).await.unwrap();
    let restored = head(&quota).await;
    assert_eq!(count(&ws, "quota").await, 2);
    assert!(restored.version() > kept, "Delta restores by a new commit");
    let files = |t: &deltalake::DeltaTable| t.get_file_uris().unwrap().collect::<std::collections::BTreeSet<_>>();
    let at_kept = deltalake::open_table_with_version(url::Url::from_directory_path(&quota).unwrap(), kept.unwrap());
    assert_eq!(files(&restored), files(&at_kept.await.unwrap()), "the table holds the version's files again");
    assert_eq!(head(&other).await.version(), untouched, "a table at its version is left alone");
}
