//! Small result tables from serde rows: nested values become JSON text so every column has a plain type that
//! Delta, Spark and DuckDB all read.

use crate::EngineError;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::json::ReaderBuilder;
use datafusion::arrow::json::reader::infer_json_schema_from_iterator;
use jingjian_store::DerivedTable;
use serde::Serialize;
use std::sync::Arc;

/// Builds the table `name` from `rows`.
pub fn from_rows<T: Serialize>(name: &str, rows: &[T]) -> Result<DerivedTable, EngineError> {
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let mut v = serde_json::to_value(r).expect("rows serialise");
            if let Some(o) = v.as_object_mut() {
                for (_, x) in o.iter_mut() {
                    if x.is_object() || x.is_array() {
                        *x = serde_json::Value::String(x.to_string());
                    }
                }
            }
            v
        })
        .collect();
    if values.is_empty() {
        // Delta needs at least one column: an empty result is a table with one empty text column.
        let schema = Arc::new(Schema::new(vec![Field::new("none", DataType::Utf8, true)]));
        return Ok(DerivedTable { name: name.to_owned(), schema, batches: Vec::new() });
    }
    let inferred = infer_json_schema_from_iterator(values.iter().map(|v| Ok(v.clone())))?;
    // Columns that were null in every row have no type Delta can store: make them text.
    let fields: Vec<Field> = inferred
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Null => Field::new(f.name(), DataType::Utf8, true),
            _ => f.as_ref().clone().with_nullable(true),
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let mut decoder = ReaderBuilder::new(schema.clone()).build_decoder()?;
    decoder.serialize(&values)?;
    let batches = decoder.flush()?.into_iter().collect();
    Ok(DerivedTable { name: name.to_owned(), schema, batches })
}
