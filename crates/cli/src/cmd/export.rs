//! `jingjian export`: the workspace's tables as canonical JSON Lines, CSV or Parquet.

use crate::common::WorkspaceArg;
use crate::error::{CliError, Result};
use futures::StreamExt;
use jingjian_model::{Entity, Record};
use jingjian_store::arrow::array::RecordBatch;
use jingjian_store::{Workspace, batch_to_records};
use std::io::Write;
use std::path::PathBuf;

/// Export tables: with no --table, every entity table as canonical JSON Lines that `import --format jsonl` reads back
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: WorkspaceArg,
    /// One table to export (see `jingjian status`); without it, every entity table as canonical JSON Lines
    #[arg(long)]
    table: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write to this file instead of stdout (required for parquet)
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Export the workspace as it was at this workspace version (see `jingjian status`)
    #[arg(long, value_name = "VERSION")]
    at: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    Parquet,
}

pub async fn run(a: Args) -> Result<()> {
    let ws = Workspace::open(&a.ws.workspace).await?;
    let info = ws.version(a.at)?;
    let tables: Vec<String> = match &a.table {
        Some(t) if info.tables.contains_key(t) => vec![t.clone()],
        Some(t) => {
            let known: Vec<&str> = info.tables.keys().map(String::as_str).collect();
            return Err(CliError::Usage(format!("no table `{t}`; the workspace has: {}", known.join(", "))));
        }
        None if a.format != Format::Jsonl => {
            return Err(CliError::Usage("exporting every table needs --format jsonl; name one with --table".into()));
        }
        None => Entity::ALL.iter().map(|e| e.table().to_owned()).collect(),
    };
    if a.format == Format::Parquet && a.output.is_none() {
        return Err(CliError::Usage("parquet output needs -o FILE".into()));
    }
    let out: Box<dyn Write + Send> = match &a.output {
        Some(p) => Box::new(std::fs::File::create(p).map_err(|e| CliError::io(p.display(), e))?),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    let ctx = ws.session(a.at).await?;
    let shown = a.output.as_ref().map_or("stdout".to_owned(), |p| p.display().to_string());
    for name in tables {
        let df = ctx.table(name.as_str()).await?;
        let schema = std::sync::Arc::new(df.schema().as_arrow().clone());
        // The scan's partitions one after another, not interleaved as they finish: the same rows in the same
        // order on every run, so that two exports can be compared.
        let mut stream = futures::stream::iter(df.execute_stream_partitioned().await?).flatten();
        match a.format {
            Format::Jsonl => {
                let entity = Entity::from_table(&name);
                while let Some(batch) = stream.next().await {
                    let batch = batch?;
                    match entity {
                        Some(e) => write_records(&mut out, e, &batch).map_err(|e| CliError::io(&shown, e))?,
                        None => {
                            let mut w = jingjian_store::arrow::json::LineDelimitedWriter::new(&mut out);
                            w.write(&batch).map_err(|e| CliError::Other(e.to_string()))?;
                            w.finish().map_err(|e| CliError::Other(e.to_string()))?;
                        }
                    }
                }
            }
            Format::Csv => {
                let mut w = jingjian_store::arrow::csv::WriterBuilder::new().with_header(true).build(&mut out);
                while let Some(batch) = stream.next().await {
                    let flat = flatten_lists(&batch?).map_err(|e| CliError::Other(e.to_string()))?;
                    w.write(&flat).map_err(|e| CliError::Other(e.to_string()))?;
                }
            }
            Format::Parquet => {
                let mut w = jingjian_store::deltalake_parquet::arrow::ArrowWriter::try_new(&mut out, schema, None)
                    .map_err(|e| CliError::Other(e.to_string()))?;
                while let Some(batch) = stream.next().await {
                    w.write(&batch?).map_err(|e| CliError::Other(e.to_string()))?;
                }
                w.close().map_err(|e| CliError::Other(e.to_string()))?;
            }
        }
    }
    out.flush().map_err(|e| CliError::io(&shown, e))
}

fn write_records(out: &mut impl Write, entity: Entity, batch: &RecordBatch) -> std::io::Result<()> {
    let records = batch_to_records(entity, batch).map_err(std::io::Error::other)?;
    for r in records {
        serde_json::to_writer(&mut *out, &r as &Record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// CSV has no lists: list columns become their items joined by `;`.
fn flatten_lists(batch: &RecordBatch) -> std::result::Result<RecordBatch, jingjian_store::arrow::error::ArrowError> {
    use jingjian_store::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
    use jingjian_store::arrow::compute::cast;
    use jingjian_store::arrow::datatypes::{DataType, Field, Schema};
    let mut fields = Vec::new();
    let mut cols: Vec<ArrayRef> = Vec::new();
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        if let Some(list) = c.as_list_opt::<i32>() {
            let mut b = StringBuilder::new();
            for i in 0..list.len() {
                if list.is_null(i) {
                    b.append_null();
                    continue;
                }
                let items = cast(&list.value(i), &DataType::Utf8)?;
                let items = items.as_string::<i32>();
                let joined: Vec<&str> =
                    (0..items.len()).filter(|&j| !items.is_null(j)).map(|j| items.value(j)).collect();
                b.append_value(joined.join(";"));
            }
            fields.push(Field::new(f.name(), DataType::Utf8, true));
            cols.push(std::sync::Arc::new(b.finish()));
        } else {
            fields.push(f.as_ref().clone());
            cols.push(c.clone());
        }
    }
    RecordBatch::try_new(std::sync::Arc::new(Schema::new(fields)), cols)
}
