//! Reading query results into plain Rust values: columns by name, numbers widened to i64/f64, text as String.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};

/// Row access over a set of batches.
pub struct Rows {
    batches: Vec<RecordBatch>,
}

/// One row of [`Rows`].
pub struct Row<'a> {
    batch: &'a RecordBatch,
    i: usize,
}

impl Rows {
    pub fn new(batches: Vec<RecordBatch>) -> Rows {
        Rows { batches }
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.batches.iter().flat_map(|b| (0..b.num_rows()).map(move |i| Row { batch: b, i }))
    }
}

fn col<'a>(b: &'a RecordBatch, name: &str) -> &'a ArrayRef {
    b.column_by_name(name).unwrap_or_else(|| panic!("query result has no column `{name}`"))
}

impl Row<'_> {
    /// Text, or `None` for null.
    pub fn str(&self, name: &str) -> Option<String> {
        let c = cast(col(self.batch, name), &DataType::Utf8).ok()?;
        let s = c.as_string::<i32>();
        (!s.is_null(self.i)).then(|| s.value(self.i).to_owned())
    }

    /// An integer (any integer or timestamp type), or `None` for null.
    pub fn int(&self, name: &str) -> Option<i64> {
        let c = col(self.batch, name);
        let c = match c.data_type() {
            DataType::Timestamp(..) => cast(&cast(c, &DataType::Int64).ok()?, &DataType::Int64).ok()?,
            _ => cast(c, &DataType::Int64).ok()?,
        };
        let a = c.as_primitive::<Int64Type>();
        (!a.is_null(self.i)).then(|| a.value(self.i))
    }

    /// An integer, 0 for null.
    pub fn count(&self, name: &str) -> u64 {
        self.int(name).unwrap_or(0).max(0) as u64
    }

    /// A boolean, false for null.
    pub fn flag(&self, name: &str) -> bool {
        let c = col(self.batch, name);
        c.as_boolean_opt().is_some_and(|b| !b.is_null(self.i) && b.value(self.i))
    }
}
