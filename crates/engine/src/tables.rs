//! Small result tables from serde rows: nested values become JSON text so every column has a plain type that
//! Delta, Spark and DuckDB all read.

use crate::EngineError;
use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::json::ReaderBuilder;
use datafusion::arrow::json::reader::infer_json_schema_from_iterator;
use jingjian_store::DerivedTable;
use serde::Serialize;
use std::sync::Arc;

/// Builds the table `name` from rows of plain fields (no nested values) of the types `fields` gives: the same
/// table [`from_rows`] infers (columns in name order), without a JSON value per row (the audit's biggest small
/// tables, overlaps and cross-post copies, run to hundreds of thousands of rows).
pub fn from_flat_rows<T: Serialize>(
    name: &str,
    fields: &[(&str, DataType)],
    rows: &[T],
) -> Result<DerivedTable, EngineError> {
    if rows.is_empty() {
        return from_rows::<T>(name, rows);
    }
    let mut fields: Vec<Field> = fields.iter().map(|(f, t)| Field::new(*f, t.clone(), true)).collect();
    fields.sort_by(|a, b| a.name().cmp(b.name()));
    let schema = Arc::new(Schema::new(fields));
    let mut decoder = ReaderBuilder::new(schema.clone()).with_strict_mode(true).build_decoder()?;
    decoder.serialize(rows)?;
    let batches = decoder.flush()?.into_iter().collect();
    Ok(DerivedTable { name: name.to_owned(), schema, batches })
}

/// The table `name` of one batch of `columns` (name and values; every column nullable), for tables built straight
/// into Arrow arrays.
pub fn from_columns<const N: usize>(name: &str, columns: [(&str, ArrayRef); N]) -> Result<DerivedTable, EngineError> {
    let fields: Vec<Field> = columns.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns.into_iter().map(|(_, a)| a).collect())?;
    Ok(DerivedTable { name: name.to_owned(), schema, batches: vec![batch] })
}

/// The table `name` of `rows` built straight into Arrow arrays by `columns` ([`from_columns`]); no rows make the
/// empty table [`from_rows`] makes, as the tables inferred from rows were.
pub fn of_rows<T: Serialize, const N: usize>(
    name: &str,
    rows: &[T],
    columns: impl FnOnce(&[T]) -> [(&'static str, ArrayRef); N],
) -> Result<DerivedTable, EngineError> {
    if rows.is_empty() {
        return from_rows(name, rows);
    }
    from_columns(name, columns(rows))
}

/// A text column of `rows`, for [`from_columns`].
pub fn texts<'r, T>(rows: &'r [T], f: impl Fn(&'r T) -> &'r str) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
}

/// A count column of `rows` (64-bit integers, as JSON inference types them), for [`from_columns`].
pub fn counts<T>(rows: &[T], f: impl Fn(&T) -> u64) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| f(r) as i64)))
}

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
    let inferred = infer_json_schema_from_iterator(values.iter().map(Ok))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Flat<'a> {
        source: &'a str,
        n: u64,
        share: f64,
        note: Option<String>,
    }

    #[test]
    fn flat_rows_make_the_table_inference_makes() {
        let rows = [
            Flat { source: "wecom", n: 3, share: 1.0, note: None },
            Flat { source: "slack", n: 0, share: 0.25, note: Some("x".into()) },
        ];
        let fields = [
            ("source", DataType::Utf8),
            ("n", DataType::Int64),
            ("share", DataType::Float64),
            ("note", DataType::Utf8),
        ];
        let (flat, inferred) = (from_flat_rows("t", &fields, &rows).unwrap(), from_rows("t", &rows).unwrap());
        assert_eq!(flat.schema, inferred.schema);
        assert_eq!(flat.batches, inferred.batches);
        let wrong = [("source", DataType::Utf8), ("n", DataType::Int64)];
        assert!(from_flat_rows("t", &wrong, &rows).is_err(), "a field the schema lacks is an error, not dropped");
        let none: [Flat; 0] = [];
        assert_eq!(from_flat_rows("t", &fields, &none).unwrap().schema, from_rows("t", &none).unwrap().schema);
    }

    #[test]
    fn rows_made_into_columns_or_none_into_the_empty_table() {
        let rows = [Flat { source: "wecom", n: 3, share: 1.0, note: None }];
        let columns = |rows: &[Flat]| [("n", counts(rows, |r| r.n)), ("source", texts(rows, |r| r.source))];
        let made = of_rows("t", &rows, columns).unwrap();
        assert_eq!(made.batches.len(), 1);
        assert_eq!(made.schema.fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(), ["n", "source"]);
        let none: [Flat; 0] = [];
        let empty = of_rows("t", &none, columns).unwrap();
        assert_eq!(empty.schema, from_rows("t", &none).unwrap().schema);
        assert!(empty.batches.is_empty());
    }
}
