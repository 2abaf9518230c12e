//! The report's tables as Parquet files (`jingjian report --format parquet`): each column gets the narrowest
//! Arrow type that holds all its values (integers, floats, booleans, text; lists become lists of text), so that
//! DuckDB, Polars or pandas read typed columns rather than strings.

use jingjian_report::Table;
use jingjian_store::arrow::array::StringBuilder;
use jingjian_store::arrow::array::{
    Array, ArrayRef, BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, RecordBatch,
};
use jingjian_store::arrow::datatypes::{DataType, Field, Schema};
use jingjian_store::deltalake_parquet::arrow::ArrowWriter;
use serde_json::Value;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The Arrow type a column's values fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    Text,
    List,
}

fn kind_of(values: impl Iterator<Item = Value>) -> Kind {
    let mut kind: Option<Kind> = None;
    for v in values {
        let k = match v {
            Value::Null => continue,
            Value::Bool(_) => Kind::Bool,
            Value::Number(n) if n.is_i64() => Kind::Int,
            Value::Number(_) => Kind::Float,
            Value::Array(_) => Kind::List,
            Value::String(_) | Value::Object(_) => Kind::Text,
        };
        kind = Some(match (kind, k) {
            (None, k) => k,
            (Some(a), b) if a == b => a,
            (Some(Kind::Int), Kind::Float) | (Some(Kind::Float), Kind::Int) => Kind::Float,
            _ => Kind::Text,
        });
    }
    kind.unwrap_or(Kind::Text)
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn column(kind: Kind, values: &[&Value]) -> (DataType, ArrayRef) {
    match kind {
        Kind::Int => {
            let mut b = Int64Builder::new();
            values.iter().for_each(|v| b.append_option(v.as_i64()));
            (DataType::Int64, Arc::new(b.finish()))
        }
        Kind::Float => {
            let mut b = Float64Builder::new();
            values.iter().for_each(|v| b.append_option(v.as_f64()));
            (DataType::Float64, Arc::new(b.finish()))
        }
        Kind::Bool => {
            let mut b = BooleanBuilder::new();
            values.iter().for_each(|v| b.append_option(v.as_bool()));
            (DataType::Boolean, Arc::new(b.finish()))
        }
        Kind::Text => {
            let mut b = StringBuilder::new();
            values.iter().for_each(|v| b.append_option(text(v)));
            (DataType::Utf8, Arc::new(b.finish()))
        }
        Kind::List => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for v in values {
                match v {
                    Value::Array(items) => {
                        items.iter().for_each(|i| b.values().append_option(text(i)));
                        b.append(true);
                    }
                    Value::Null => b.append(false),
                    other => {
                        b.values().append_option(text(other));
                        b.append(true);
                    }
                }
            }
            let array = b.finish();
            (array.data_type().clone(), Arc::new(array))
        }
    }
}

/// One table as a record batch.
pub fn batch(table: &Table) -> Result<RecordBatch, jingjian_store::arrow::error::ArrowError> {
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for (i, name) in table.columns.iter().enumerate() {
        let values: Vec<&Value> = table.rows.iter().map(|r| r.get(i).unwrap_or(&Value::Null)).collect();
        let (dt, array) = column(kind_of(values.iter().map(|v| (*v).clone())), &values);
        fields.push(Field::new(name, dt, true));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

/// Writes every table into `dir` (created if missing) as `<table>.parquet`; returns the files written.
pub fn write(tables: &[Table], dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for t in tables {
        let path = dir.join(format!("{}.parquet", t.name));
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
        let b = batch(t).map_err(|e| fail(&e))?;
        let file = File::create(&path).map_err(|e| fail(&e))?;
        let mut w = ArrowWriter::try_new(file, b.schema(), None).map_err(|e| fail(&e))?;
        w.write(&b).map_err(|e| fail(&e))?;
        w.close().map_err(|e| fail(&e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_store::arrow::array::{AsArray, Int64Array};
    use jingjian_store::deltalake_parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use serde_json::json;

    #[test]
    fn columns_get_typed_and_read_back() {
        let t = Table {
            name: "groups",
            columns: vec!["id".into(), "members".into(), "share".into(), "kept".into(), "reasons".into()],
            rows: vec![
                vec![json!("g1"), json!(12), json!(0.5), json!(true), json!(["zombie", "empty"])],
                vec![json!("g2"), json!(3), json!(1), Value::Null, json!([])],
            ],
        };
        let dir = tempfile::tempdir().unwrap();
        let files = write(std::slice::from_ref(&t), dir.path()).unwrap();
        let file = File::open(&files[0]).unwrap();
        let mut reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
        let b = reader.next().unwrap().unwrap();
        assert_eq!(b.num_rows(), 2);
        let types: Vec<DataType> = b.schema().fields().iter().map(|f| f.data_type().clone()).collect();
        assert_eq!(types[..4], [DataType::Utf8, DataType::Int64, DataType::Float64, DataType::Boolean]);
        let members = b.column(1).as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(members.values(), &[12, 3]);
        assert_eq!(b.column(2).as_primitive::<jingjian_store::arrow::datatypes::Float64Type>().value(1), 1.0);
        assert!(b.column(3).is_null(1));
        let reasons = b.column(4).as_list::<i32>();
        assert_eq!(reasons.value(0).as_string::<i32>().value(1), "empty");
        assert_eq!(reasons.value(1).len(), 0);
    }
}
