//! Reading query results into plain Rust values: columns by name, numbers widened to i64, text as String.
//!
//! Each batch's columns are cast once, when the rows are built (query engines hand back string views,
//! dictionaries, timestamps), so reading a cell is a plain array lookup.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch, StringArray, StringViewArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::error::Result;
use std::collections::HashMap;

/// Column `name` of `batch` as plain UTF-8 (whatever string type the query engine handed back).
pub(crate) fn utf8(batch: &RecordBatch, name: &str) -> Result<ArrayRef> {
    Ok(cast(batch.column_by_name(name).expect("selected column"), &DataType::Utf8)?)
}

/// Column `name` of a batch jingjian built itself with plain UTF-8 text (the cross-post candidates), borrowed as
/// it is; an error names the column when it is missing or of another type.
pub(crate) fn own_text<'b>(batch: &'b RecordBatch, name: &str) -> Result<&'b StringArray> {
    match batch.column_by_name(name).and_then(|c| c.as_string_opt::<i32>()) {
        Some(c) => Ok(c),
        None => datafusion::common::exec_err!("`{name}` is not a text column"),
    }
}

/// A string column read where it lies: plain UTF-8 and string views (what DataFusion's Parquet scan hands back)
/// are used as they are, other string types cast once. Spares the label pass a copy and UTF-8 check of every text.
pub(crate) enum Strings {
    Utf8(StringArray),
    View(StringViewArray),
}

impl Strings {
    /// Column `name` of `batch`.
    pub(crate) fn of(batch: &RecordBatch, name: &str) -> Result<Strings> {
        let c = batch.column_by_name(name).expect("selected column");
        Ok(match c.data_type() {
            DataType::Utf8View => Strings::View(c.as_string_view().clone()),
            DataType::Utf8 => Strings::Utf8(c.as_string::<i32>().clone()),
            _ => Strings::Utf8(cast(c, &DataType::Utf8)?.as_string::<i32>().clone()),
        })
    }

    pub(crate) fn value(&self, i: usize) -> &str {
        match self {
            Strings::Utf8(a) => a.value(i),
            Strings::View(a) => a.value(i),
        }
    }

    pub(crate) fn is_null(&self, i: usize) -> bool {
        match self {
            Strings::Utf8(a) => a.is_null(i),
            Strings::View(a) => a.is_null(i),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Strings::Utf8(a) => a.len(),
            Strings::View(a) => a.len(),
        }
    }
}

/// Row access over a set of batches.
pub struct Rows {
    batches: Vec<(HashMap<String, ArrayRef>, usize)>,
}

/// One row of [`Rows`].
pub struct Row<'a> {
    cols: &'a HashMap<String, ArrayRef>,
    i: usize,
}

fn normal(c: &ArrayRef) -> Result<ArrayRef> {
    Ok(match c.data_type() {
        DataType::Utf8View | DataType::LargeUtf8 | DataType::Dictionary(..) => cast(c, &DataType::Utf8)?,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Timestamp(..) => cast(c, &DataType::Int64)?,
        _ => c.clone(),
    })
}

impl Rows {
    /// Casts every column of every batch once.
    pub fn new(batches: Vec<RecordBatch>) -> Result<Rows> {
        let mut out = Vec::with_capacity(batches.len());
        for b in batches {
            let mut cols = HashMap::new();
            for (f, c) in b.schema().fields().iter().zip(b.columns()) {
                cols.insert(f.name().clone(), normal(c)?);
            }
            out.push((cols, b.num_rows()));
        }
        Ok(Rows { batches: out })
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.batches.iter().flat_map(|(cols, n)| (0..*n).map(move |i| Row { cols, i }))
    }
}

impl Row<'_> {
    fn col(&self, name: &str) -> &ArrayRef {
        self.cols.get(name).unwrap_or_else(|| panic!("query result has no column `{name}`"))
    }

    /// Text, or `None` for null (numbers are written out).
    pub fn str(&self, name: &str) -> Option<String> {
        let c = self.col(name);
        if c.is_null(self.i) {
            return None;
        }
        match c.as_string_opt::<i32>() {
            Some(s) => Some(s.value(self.i).to_owned()),
            None => self.int(name).map(|v| v.to_string()),
        }
    }

    /// An integer (any integer or timestamp type), or `None` for null.
    pub fn int(&self, name: &str) -> Option<i64> {
        let c = self.col(name);
        if c.is_null(self.i) {
            return None;
        }
        if let Some(a) = c.as_primitive_opt::<Int64Type>() {
            return Some(a.value(self.i));
        }
        let one = cast(&c.slice(self.i, 1), &DataType::Int64).ok()?;
        let a = one.as_primitive::<Int64Type>();
        (!a.is_null(0)).then(|| a.value(0))
    }

    /// An integer, 0 for null.
    pub fn count(&self, name: &str) -> u64 {
        self.int(name).unwrap_or(0).max(0) as u64
    }

    /// A boolean, false for null.
    pub fn flag(&self, name: &str) -> bool {
        let c = self.col(name);
        c.as_boolean_opt().is_some_and(|b| !b.is_null(self.i) && b.value(self.i))
    }
}
