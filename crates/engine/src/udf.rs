//! Scalar functions the engine's SQL calls, backed by plain Rust: work-hours calendar and text fingerprints.
//!
//! Every function is registered by [`register`], the one place that lists them, so that a DataFusion session,
//! and later every Ballista scheduler and executor, knows the same set by name.

use crate::calendar::WorkCalendar;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanBuilder, Int32Builder};

use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use datafusion::prelude::SessionContext;
use jingjian_text::reading::reading_units;
use std::sync::Arc;

/// `jj_after_hours(ms BIGINT) -> BOOLEAN`: sent outside work hours (weekends, holidays, evenings)?
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct AfterHours {
    calendar: WorkCalendar,
    signature: Signature,
}

/// `jj_slot(ms BIGINT) -> INT`: local weekday × 24 + hour (0 = Monday 00:00), for heat-maps.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Slot {
    calendar: WorkCalendar,
    signature: Signature,
}

fn millis(args: &ScalarFunctionArgs, name: &str) -> Result<ArrayRef> {
    let arrays = ColumnarValue::values_to_arrays(&args.args)?;
    let Some(a) = arrays.into_iter().next() else { return exec_err!("{name} takes one argument") };
    Ok(datafusion::arrow::compute::cast(&a, &DataType::Int64)?)
}

impl ScalarUDFImpl for AfterHours {
    fn name(&self) -> &str {
        "jj_after_hours"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let a = millis(&args, self.name())?;
        let ms = a.as_primitive::<Int64Type>();
        let mut out = BooleanBuilder::with_capacity(ms.len());
        for i in 0..ms.len() {
            out.append_option((!ms.is_null(i)).then(|| self.calendar.is_after_hours(ms.value(i))));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

impl ScalarUDFImpl for Slot {
    fn name(&self) -> &str {
        "jj_slot"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int32)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let a = millis(&args, self.name())?;
        let ms = a.as_primitive::<Int64Type>();
        let mut out = Int32Builder::with_capacity(ms.len());
        for i in 0..ms.len() {
            out.append_option((!ms.is_null(i)).then(|| {
                let (d, h) = self.calendar.weekday_hour(ms.value(i));
                (d * 24 + h) as i32
            }));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// `jj_han_chars(text) -> BIGINT` and `jj_latin_words(text) -> BIGINT`: what reading time is counted in.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct TextCount {
    unit: Unit,
    signature: Signature,
}

/// What [`TextCount`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Han,
    Latin,
}

impl ScalarUDFImpl for TextCount {
    fn name(&self) -> &str {
        match self.unit {
            Unit::Han => "jj_han_chars",
            Unit::Latin => "jj_latin_words",
        }
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some(a) = arrays.into_iter().next() else { return exec_err!("{} takes one argument", self.name()) };
        let a = datafusion::arrow::compute::cast(&a, &DataType::Utf8)?;
        let s = a.as_string::<i32>();
        let mut out = datafusion::arrow::array::Int64Builder::with_capacity(s.len());
        for i in 0..s.len() {
            out.append_option((!s.is_null(i)).then(|| match self.unit {
                Unit::Han => han_chars(s.value(i)),
                Unit::Latin => latin_words(s.value(i)),
            }));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// Han (CJK ideograph) characters in `text`.
pub fn han_chars(text: &str) -> i64 {
    reading_units(text).0 as i64
}

/// Words of Latin script (runs of ASCII letters or digits holding a letter) in `text`.
pub fn latin_words(text: &str) -> i64 {
    reading_units(text).1 as i64
}

/// Registers every jingjian function in `ctx`.
pub fn register(ctx: &SessionContext, calendar: &WorkCalendar) {
    let sig = || Signature::exact(vec![DataType::Int64], Volatility::Immutable);
    ctx.register_udf(ScalarUDF::from(AfterHours { calendar: calendar.clone(), signature: sig() }));
    ctx.register_udf(ScalarUDF::from(Slot { calendar: calendar.clone(), signature: sig() }));
    let text_sig = || Signature::exact(vec![DataType::Utf8], Volatility::Immutable);
    for unit in [Unit::Han, Unit::Latin] {
        ctx.register_udf(ScalarUDF::from(TextCount { unit, signature: text_sig() }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_units_of_mixed_text() {
        assert_eq!(han_chars("请于6月5日前报送。OK"), 7);
        assert_eq!(latin_words("Please send it by EOD Friday, thanks! 2024"), 7);
        assert_eq!(latin_words("收到 👍"), 0);
    }
}
