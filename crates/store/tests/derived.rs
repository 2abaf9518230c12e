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
