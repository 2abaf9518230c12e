//! The label pass without a sort. Exports list each chat oldest first and the import writes messages in the order
//! it read them, so the messages table's files, read in the order they were written, usually hold each group's
//! messages together and oldest first: the order the classifier needs. This module reads them so, in slices of
//! the rows that the cores take in turn (a few per core, so that they finish together), and checks the order as
//! it goes; when it does not hold (a later import added to a group, an export interleaved its chats), it gives up
//! and the pass sorts instead ([`crate::labels`]).
//!
//! A group can straddle two slices. Each slice but the first therefore holds back its leading run (the rows of
//! the group it starts in), and once every slice is done the labeller of the slice before classifies them after
//! its own rows, so that every group is classified by one labeller in one go.

use crate::labeller::{COLUMNS, Labeller, Order, Pass};
use crate::labels::Labelled;
use crate::rows::utf8;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use datafusion::arrow::compute::{cast, kernels::length::length};
use datafusion::arrow::datatypes::{DataType, Int64Type, TimeUnit};
use datafusion::error::{DataFusionError, Result};
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::{
    ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
};
use jingjian_store::BatchSender;
use jingjian_text::Memo;
use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Rows per batch handed to a labeller.
const BATCH: usize = 8192;

/// Each slice takes this share of the rows still unsliced divided by the cores (guided self-scheduling): the
/// first are big, the last small, so that the cores finish together.
const SHRINK: usize = 2;

/// The fewest rows worth a slice of their own.
pub(crate) const MIN_SLICE_ROWS: usize = BATCH;

/// The message columns read from the files.
const READ: [&str; 10] =
    ["key", "source", "group_id", "id", "sender", "time", "kind", "text", "mentions", "mentions_all"];

/// Labels the messages in `files` (the messages table's files in the order they were written) on `parts` cores
/// without sorting them (slices of at least `slice_rows` rows taken in turn, each core carrying its memo from
/// slice to slice), sending the label batches to `sink` when there is one; `None` when they are not in
/// conversation order or cannot be read as expected (what was sent by then is of no use).
pub(crate) async fn label(
    files: Vec<PathBuf>,
    pass: &Arc<Pass>,
    parts: usize,
    slice_rows: usize,
    sink: Option<BatchSender>,
) -> Result<Option<Labelled>> {
    let sizes = files.iter().map(|f| rows_in(f)).collect::<Result<Vec<_>>>()?;
    let total: usize = sizes.iter().sum();
    // More slices than cores, taken in turn by whichever core is free: equal rows are not equal work (texts
    // differ, memos hit or miss). With one slice per core the last to finish ran alone for half a second at 10M
    // messages, and still for 0.5 s with eight equal slices: slices shrink as the rows run out, so the last ones
    // are small. They stay big enough that holding back their leading runs costs nothing.
    let slices = Arc::new(slices(&files, &sizes, &cuts(total, parts, slice_rows)));
    if slices.is_empty() {
        return Ok(None);
    }
    let (abort, next) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let tasks: Vec<_> = (0..parts.min(slices.len()))
        .map(|_| {
            let (pass, sink, slices, abort, next) =
                (pass.clone(), sink.clone(), slices.clone(), abort.clone(), next.clone());
            tokio::task::spawn_blocking(move || {
                let mut done = Vec::new();
                let mut memo = Memo::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slice) = slices.get(i) else { break };
                    let labeller = Labeller::with_memo(pass.clone(), sink.clone(), memo);
                    let mut share = read_slice(slice, labeller, i > 0, &abort);
                    // A core that fails or finds the order broken stops the others: their work is of no use.
                    match &mut share {
                        Ok(Some(s)) => memo = s.labeller.take_memo(),
                        _ => {
                            abort.store(true, Ordering::Relaxed);
                            memo = Memo::new();
                        }
                    }
                    done.push((i, share));
                }
                done
            })
        })
        .collect();
    let mut shares = Vec::new();
    for t in tasks {
        shares.extend(t.await.map_err(|e| DataFusionError::External(Box::new(e)))?);
    }
    shares.sort_by_key(|(i, _)| *i);
    let mut in_order = Vec::with_capacity(shares.len());
    for (_, share) in shares {
        in_order.push(share?);
    }
    let Some(shares) = in_order.into_iter().collect::<Option<Vec<Share>>>() else { return Ok(None) };
    join(shares)
}

/// Rows in one Parquet file, from its footer.
fn rows_in(path: &Path) -> Result<usize> {
    let file = File::open(path).map_err(|e| in_file(path, e.into()))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| in_file(path, e.into()))?;
    Ok(builder.metadata().file_metadata().num_rows().max(0) as usize)
}

fn in_file(path: &Path, e: DataFusionError) -> DataFusionError {
    DataFusionError::Context(format!("reading {}", path.display()), Box::new(e))
}

/// A run of rows of one file: `len` rows from row `start`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    file: PathBuf,
    start: usize,
    len: usize,
}

/// The rows of each slice, in order, for `total` rows on `cores` cores: each a [`SHRINK`]th of the rows left per
/// core, and at least `min_rows` (but the last).
fn cuts(total: usize, cores: usize, min_rows: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = total;
    while left > 0 {
        let cut = (left / (SHRINK * cores.max(1))).max(min_rows.max(1)).min(left);
        out.push(cut);
        left -= cut;
    }
    out
}

/// Cuts the files' rows, in order, into slices of `cuts` rows each.
fn slices(files: &[PathBuf], sizes: &[usize], cuts: &[usize]) -> Vec<Vec<Piece>> {
    let mut cuts = cuts.iter();
    let mut out: Vec<Vec<Piece>> = Vec::new();
    let mut room = 0;
    for (file, &size) in files.iter().zip(sizes) {
        let mut start = 0;
        while start < size {
            if room == 0 {
                out.push(Vec::new());
                room = *cuts.next().expect("the cuts cover every row");
            }
            let len = room.min(size - start);
            out.last_mut().expect("a slice was started").push(Piece { file: file.clone(), start, len });
            (start, room) = (start + len, room - len);
        }
    }
    out
}

/// What one core made of its slice: its labeller, still in its last group, and the leading run it held back.
struct Share {
    labeller: Labeller,
    leading: Vec<RecordBatch>,
}

/// Reads and labels one slice, holding back its leading run when `hold_lead`. `None` when the order broke here or
/// on another core (`abort`), or a file lacks a column as expected.
fn read_slice(slice: &[Piece], labeller: Labeller, hold_lead: bool, abort: &AtomicBool) -> Result<Option<Share>> {
    let mut share = Share { labeller, leading: Vec::new() };
    let mut lead: Option<(String, String)> = None;
    let mut leading = hold_lead;
    for piece in slice {
        let Some(reader) = open(piece)? else { return Ok(None) };
        for batch in reader {
            if abort.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let Some(mut batch) = columns(&batch.map_err(|e| in_file(&piece.file, e.into()))?)? else {
                return Ok(None);
            };
            if leading {
                if lead.is_none() && batch.num_rows() > 0 {
                    let (s, g) = groups(&batch)?;
                    lead = Some((s.as_string::<i32>().value(0).to_owned(), g.as_string::<i32>().value(0).to_owned()));
                }
                let Some(group) = &lead else { continue };
                let end = run_end(&batch, group)?;
                share.leading.push(batch.slice(0, end));
                if end == batch.num_rows() {
                    continue;
                }
                (batch, leading) = (batch.slice(end, batch.num_rows() - end), false);
            }
            if share.labeller.batch(&batch)? == Order::Broken {
                return Ok(None);
            }
        }
    }
    Ok(Some(share))
}

/// A reader over one piece's rows and [`READ`] columns; `None` when the file lacks one of them.
fn open(piece: &Piece) -> Result<Option<ParquetRecordBatchReader>> {
    let path = &piece.file;
    let file = File::open(path).map_err(|e| in_file(path, e.into()))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| in_file(path, e.into()))?;
    let Ok(roots) = READ.iter().map(|c| builder.schema().index_of(c)).collect::<std::result::Result<Vec<_>, _>>()
    else {
        return Ok(None);
    };
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    // Only the row groups the piece touches, and within them only its rows.
    let (mut groups, mut selectors, mut first) = (Vec::new(), Vec::new(), 0);
    let end = piece.start + piece.len;
    for (i, rg) in builder.metadata().row_groups().iter().enumerate() {
        let rows = rg.num_rows().max(0) as usize;
        let (from, to) = (piece.start.max(first), end.min(first + rows));
        if from < to {
            groups.push(i);
            let runs =
                [RowSelector::skip(from - first), RowSelector::select(to - from), RowSelector::skip(first + rows - to)];
            selectors.extend(runs.into_iter().filter(|r| r.row_count > 0));
        }
        first += rows;
    }
    let reader = builder
        .with_projection(mask)
        .with_row_groups(groups)
        .with_row_selection(RowSelection::from(selectors))
        .with_batch_size(BATCH)
        .build()
        .map_err(|e| in_file(path, e.into()))?;
    Ok(Some(reader))
}

/// The labeller's [`COLUMNS`] from a batch of [`READ`] columns: times in ms, the number of mentions. `None` when
/// a column is not of the type the workspace writes.
fn columns(batch: &RecordBatch) -> Result<Option<RecordBatch>> {
    let col = |name: &str| batch.column_by_name(name).expect("projected column").clone();
    let time = col("time");
    if !matches!(time.data_type(), DataType::Timestamp(TimeUnit::Microsecond, _)) {
        return Ok(None);
    }
    let micros = cast(&time, &DataType::Int64)?;
    let t: ArrayRef = Arc::new(micros.as_primitive::<Int64Type>().unary::<_, Int64Type>(|us| us / 1000));
    let mentions = col("mentions");
    if !matches!(mentions.data_type(), DataType::List(_) | DataType::LargeList(_)) {
        return Ok(None);
    }
    let n_mentions = length(&mentions)?;
    let by_name = |name: &str| match name {
        "t" => t.clone(),
        "n_mentions" => n_mentions.clone(),
        other => col(other),
    };
    Ok(Some(RecordBatch::try_from_iter(COLUMNS.iter().map(|c| (*c, by_name(c))))?))
}

/// The (source, group) columns of a labeller's batch.
fn groups(batch: &RecordBatch) -> Result<(ArrayRef, ArrayRef)> {
    Ok((utf8(batch, "source")?, utf8(batch, "group_id")?))
}

/// The first row of `batch` not in `group` (the batch's length when all are).
fn run_end(batch: &RecordBatch, (source, group): &(String, String)) -> Result<usize> {
    let (s, g) = groups(batch)?;
    let (s, g) = (s.as_string::<i32>(), g.as_string::<i32>());
    Ok((0..batch.num_rows()).find(|&i| s.value(i) != source || g.value(i) != group).unwrap_or(batch.num_rows()))
}

/// Joins the cores' shares: each core's held-back leading run goes to the core before it (which may still be in
/// that group), then every group must have been labelled by one core only.
fn join(shares: Vec<Share>) -> Result<Option<Labelled>> {
    let mut shares = shares.into_iter();
    let mut open = shares.next().expect("at least one slice").labeller;
    let mut closed = Vec::new();
    for share in shares {
        for batch in &share.leading {
            if open.batch(batch)? == Order::Broken {
                return Ok(None);
            }
        }
        if share.labeller.group().is_some() {
            closed.push(std::mem::replace(&mut open, share.labeller));
        }
    }
    closed.push(open);
    let mut groups = HashSet::new();
    if !closed.iter().flat_map(|l| l.seen.iter()).all(|g| groups.insert(g)) {
        return Ok(None);
    }
    let mut out = Labelled { in_order: true, ..Labelled::default() };
    for part in closed.into_iter().map(Labeller::finish) {
        out.labels.extend(part.labels);
        out.candidates.extend(part.candidates);
        out.tallies.merge(part.tallies);
        out.busy_ms += part.busy_ms;
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(n: usize) -> Vec<PathBuf> {
        (0..n).map(|i| PathBuf::from(format!("f{i}"))).collect()
    }

    #[test]
    fn slices_cut_the_rows_in_order() {
        let files = paths(3);
        let s = slices(&files, &[5, 0, 6], &[6, 5]);
        let flat: Vec<(String, usize, usize)> =
            s.iter().flatten().map(|p| (p.file.display().to_string(), p.start, p.len)).collect();
        assert_eq!(flat, [("f0".into(), 0, 5), ("f2".into(), 0, 1), ("f2".into(), 1, 5)]);
        assert_eq!(
            s[0],
            [Piece { file: "f0".into(), start: 0, len: 5 }, Piece { file: "f2".into(), start: 0, len: 1 }]
        );
        assert_eq!(s[1], [Piece { file: "f2".into(), start: 1, len: 5 }]);
        assert!(slices(&paths(2), &[0, 0], &[]).is_empty());
    }

    #[test]
    fn slices_shrink_as_the_rows_run_out() {
        let c = cuts(10_000_000, 2, MIN_SLICE_ROWS);
        assert_eq!(c.iter().sum::<usize>(), 10_000_000);
        assert_eq!(c[0], 2_500_000, "a quarter of the rows for each of two cores first");
        assert!(c.windows(2).all(|w| w[0] >= w[1]), "never growing: {c:?}");
        assert!(c[..c.len() - 1].iter().all(|&n| n >= MIN_SLICE_ROWS));
        assert!(c.len() < 30, "a few dozen slices at most: {} leading runs to hand back", c.len());
        // The last slices are small: the cores finish within one of them of each other.
        assert!(c[c.len() - 2] <= 2 * MIN_SLICE_ROWS, "{c:?}");
        assert_eq!(cuts(100, 2, MIN_SLICE_ROWS), [100], "fewer rows than a slice: one slice");
        assert_eq!(cuts(3, 4, 1), [1, 1, 1]);
        assert!(cuts(0, 2, 10).is_empty());
    }

    #[test]
    fn slices_are_fewer_than_cores_when_rows_are() {
        assert_eq!(slices(&paths(1), &[1], &cuts(1, 4, MIN_SLICE_ROWS)).len(), 1);
    }
}
