//! Reading many inputs (a folder of WhatsApp chats, a Telegram export of a thousand chats) on several threads,
//! while the sink still receives exactly what a sequential read would give, in the same order.
//!
//! Each worker takes the next unread input and pushes its records in chunks through that input's own bounded
//! channel; the calling thread drains the channels in input order into the real sink. A worker can run ahead of
//! the sink by at most one channel's worth of chunks, so memory stays bounded whatever the inputs' sizes. The
//! first failing input (in input order) decides the error, as in a sequential read; when the sink stops, the
//! workers see their channels closed and stop too.

use crate::{ImportError, Input, Options, Sink};
use jingjian_model::Record;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// `f` of each of `items`, in their order, the items dealt in equal shares to one thread per core (for short work
/// per item, such as reading the start of each of a folder's files).
pub(crate) fn map_on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = items.len().div_ceil(cores).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let shares: Vec<_> =
            items.chunks(share).map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>())).collect();
        shares.into_iter().flat_map(|part| part.join().expect("a thread of the share panicked")).collect()
    })
}

/// Records per chunk sent from a worker.
const CHUNK: usize = 2048;
/// Chunks an input's channel holds before its worker waits.
const BOUND: usize = 16;

enum Msg {
    Records(Vec<Record>),
    Progress(u64),
    Done(Result<(), ImportError>),
}

/// A worker's sink: batches records into chunks for its input's channel.
struct ChunkSink<'a> {
    tx: &'a SyncSender<Msg>,
    buf: Vec<Record>,
}

impl ChunkSink<'_> {
    fn flush(&mut self) -> Result<(), String> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx.send(Msg::Records(chunk)).map_err(|_| STOPPED.to_owned())
    }
}

/// An input waiting for a worker, with the sending end of its channel.
type Slot = Mutex<Option<(Input, SyncSender<Msg>)>>;

/// What a worker's sink answers once the reading side has stopped.
const STOPPED: &str = "the import stopped";

impl Sink for ChunkSink<'_> {
    fn record(&mut self, record: Record) -> Result<(), String> {
        self.buf.push(record);
        if self.buf.len() >= CHUNK { self.flush() } else { Ok(()) }
    }
    fn progress(&mut self, bytes: u64) {
        // Only the progress bar reads this; it need not wait for the records before it.
        let _ = self.tx.send(Msg::Progress(bytes));
    }
}

/// Reads every input into `sink`, on up to `workers` threads, in input order as seen by the sink. `started(i)`
/// is called when the sink is about to receive input `i`'s records, `finished(i)` when it has them all.
pub fn read_inputs(
    inputs: Vec<Input>,
    opts: &Options,
    workers: usize,
    sink: &mut dyn Sink,
    mut started: impl FnMut(usize),
    mut finished: impl FnMut(usize),
) -> Result<(), ImportError> {
    let n = inputs.len();
    if workers.min(n) <= 1 {
        for (i, mut input) in inputs.into_iter().enumerate() {
            started(i);
            input.format.read(&mut input.bundle, opts, sink)?;
            finished(i);
        }
        return Ok(());
    }
    let (senders, receivers): (Vec<_>, Vec<_>) = (0..n).map(|_| sync_channel::<Msg>(BOUND)).unzip();
    let slots: Vec<Slot> = inputs.into_iter().zip(senders).map(|pair| Mutex::new(Some(pair))).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers.min(n) {
            scope.spawn(|| {
                while let Some(slot) = slots.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let (mut input, tx) = slot.lock().expect("slot").take().expect("each input is taken once");
                    let mut chunks = ChunkSink { tx: &tx, buf: Vec::with_capacity(CHUNK) };
                    let read = input.format.read(&mut input.bundle, opts, &mut chunks);
                    // Records read before a failure still reach the sink first, as in a sequential read.
                    let flushed = chunks.flush().map_err(ImportError::Sink);
                    let result = read.and(flushed);
                    if tx.send(Msg::Done(result)).is_err() {
                        // The reading side has stopped: nothing more to do for anyone.
                        next.store(n, Ordering::Relaxed);
                    }
                }
            });
        }
        let outcome = drain(&receivers, sink, &mut started, &mut finished);
        // On failure, stop the workers: no new inputs, and every channel closed so that a waiting send returns.
        next.store(n, Ordering::Relaxed);
        drop(receivers);
        outcome
    })
}

/// The calling thread's side: every input's records, in input order, into `sink`.
fn drain(
    receivers: &[Receiver<Msg>],
    sink: &mut dyn Sink,
    started: &mut impl FnMut(usize),
    finished: &mut impl FnMut(usize),
) -> Result<(), ImportError> {
    for (i, rx) in receivers.iter().enumerate() {
        started(i);
        loop {
            // A closed channel means its worker panicked; the panic itself reaches the caller from the scope.
            let msg = rx.recv().map_err(|_| ImportError::Sink("a reader thread stopped".into()))?;
            match msg {
                Msg::Records(chunk) => {
                    for r in chunk {
                        sink.record(r).map_err(ImportError::Sink)?;
                    }
                }
                Msg::Progress(bytes) => sink.progress(bytes),
                Msg::Done(result) => {
                    result?;
                    finished(i);
                    break;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bundle, Collect};

    /// Input `i` holds `n` messages of group `g{i}`; a line `bad` (when given) at that position is not JSON.
    fn input(i: usize, n: usize, bad: Option<usize>) -> Input {
        let mut text = String::new();
        for j in 0..n {
            if bad == Some(j) {
                text.push_str("{not json\n");
            }
            text.push_str(&format!(
                "{{\"type\":\"message\",\"source\":\"jsonl\",\"group\":\"g{i}\",\"id\":\"{j}\",\"sender\":\"s{j}\",\
                 \"time\":\"2025-05-05T08:00:{:02}Z\",\"kind\":\"text\",\"text\":\"m{j}\"}}\n",
                j % 60
            ));
        }
        Input { bundle: Bundle::from_bytes(&format!("in{i}.jsonl"), text.into_bytes()), format: &crate::jsonl::Jsonl }
    }

    fn ids(records: &[Record]) -> Vec<String> {
        records
            .iter()
            .filter_map(|r| match r {
                Record::Message(m) => Some(format!("{}/{}", m.group, m.id)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parallel_reading_gives_the_sequential_order() {
        let sizes = [3000, 1, 0, 5000, 7, 2500, 40, 1];
        let read = |workers| {
            let inputs = sizes.iter().enumerate().map(|(i, &n)| input(i, n, None)).collect();
            let (mut sink, events) = (Collect::default(), std::cell::RefCell::new(Vec::new()));
            read_inputs(
                inputs,
                &Options::default(),
                workers,
                &mut sink,
                |i| events.borrow_mut().push(format!("start {i}")),
                |i| events.borrow_mut().push(format!("end {i}")),
            )
            .unwrap();
            (sink.0, events.into_inner())
        };
        let (one, one_events) = read(1);
        assert_eq!(ids(&one).len(), sizes.iter().sum::<usize>());
        for workers in [2, 3, 8] {
            let (many, events) = read(workers);
            assert_eq!(many, one, "{workers} workers give the same records in the same order");
            assert_eq!(events, one_events);
        }
    }

    #[test]
    fn the_first_bad_input_in_order_decides_the_error() {
        let inputs = vec![input(0, 4000, None), input(1, 10, Some(5)), input(2, 3000, Some(1)), input(3, 9, None)];
        let mut sink = Collect::default();
        let err = read_inputs(inputs, &Options::default(), 2, &mut sink, |_| {}, |_| {}).unwrap_err();
        assert!(err.to_string().contains("in1.jsonl"), "{err}");
        // Everything before the bad line of input 1 arrived, nothing of the inputs after it.
        let got = ids(&sink.0);
        assert_eq!(got.len(), 4000 + 5);
        assert!(got.iter().all(|id| id.starts_with("g0/") || id.starts_with("g1/")));
    }

    /// A sink that refuses more than `limit` records.
    struct Full {
        limit: usize,
        got: usize,
    }

    impl Sink for Full {
        fn record(&mut self, _: Record) -> Result<(), String> {
            self.got += 1;
            if self.got > self.limit { Err("disk full".into()) } else { Ok(()) }
        }
    }

    #[test]
    fn a_failing_sink_stops_every_worker() {
        let inputs = (0..6).map(|i| input(i, 20_000, None)).collect();
        let mut sink = Full { limit: 30_000, got: 0 };
        let err = read_inputs(inputs, &Options::default(), 2, &mut sink, |_| {}, |_| {}).unwrap_err();
        assert!(matches!(err, ImportError::Sink(ref m) if m == "disk full"), "{err}");
        assert_eq!(sink.got, 30_001);
    }
}
