//! Writers: turn generated events into a chat-export format on disk, plus the ground truth beside it.
//! Every writer streams: it writes each group-day's messages as soon as they are generated.

pub mod chat_text;
pub mod files;
pub mod json;
pub mod jsonl;
pub mod slack;
pub mod telegram;
pub mod truth;
pub mod wecom;
pub mod whatsapp;

use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::rng::mix64;
use jingjian_model::Millis;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// A format writer.
pub trait Writer {
    /// Whether the format can carry this event (WeCom archives hold no join events; Slack exports no recalls).
    fn represents(&self, e: &Event) -> bool;
    /// Writes the message id of `e`, the `ordinal`-th message written to group `g`, into `out`. Called once per
    /// represented event, just before [`Writer::message`] for the same event.
    fn id(&mut self, org: &Org, g: u32, ordinal: u32, e: &Event, out: &mut String);
    /// Records the format writes by itself at the head of group `g`'s history before any event (WhatsApp's
    /// encryption notice), given the first simulated instant `from`: appends their ids to `ids`. Each is counted
    /// as a message and labelled `system` in the truth. Most formats write none.
    fn preamble(&mut self, _org: &Org, _g: u32, _from: Millis, _ids: &mut Vec<String>) -> Result<(), SimError> {
        Ok(())
    }
    /// The id jingjian's importer gives group `g` (in the truth's `verdicts.tsv`): the simulator's own id
    /// unless the format names groups otherwise.
    fn group_id(&self, org: &Org, g: u32) -> String {
        org.groups[g as usize].id.clone()
    }
    /// Writes one message. `reply` is the id of the message it replies to (or recalls), if any.
    fn message(&mut self, org: &Org, g: u32, e: &Event, id: &str, reply: Option<&str>) -> Result<(), SimError>;
    /// The group's messages for local day `day` are all written.
    fn end_group_day(&mut self, org: &Org, g: u32, day: &str) -> Result<(), SimError>;
    /// Flushes everything.
    fn finish(&mut self) -> Result<(), SimError>;
}

/// An output file written by a background thread: the generator fills 4 MiB buffers and hands them over, so
/// that generating and the kernel's copying overlap on two cores. Remembers its path for error messages.
pub struct Out {
    /// Where it is.
    pub path: PathBuf,
    buf: Vec<u8>,
    tx: Option<SyncSender<Vec<u8>>>,
    back: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

const CHUNK: usize = 4 << 20;

impl Out {
    /// Creates (truncates) `path`.
    pub fn create(path: &Path) -> Result<Out, SimError> {
        let mut f = File::create(path).map_err(|e| SimError::io(path, e))?;
        let (tx, rx) = sync_channel::<Vec<u8>>(2);
        let (back_tx, back) = sync_channel::<Vec<u8>>(4);
        let thread = std::thread::spawn(move || -> std::io::Result<()> {
            for mut chunk in rx {
                f.write_all(&chunk)?;
                chunk.clear();
                let _ = back_tx.try_send(chunk);
            }
            f.flush()
        });
        Ok(Out { path: path.to_path_buf(), buf: Vec::with_capacity(CHUNK), tx: Some(tx), back, thread: Some(thread) })
    }

    /// Writes all of `b`.
    pub fn write(&mut self, b: &[u8]) -> Result<(), SimError> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= CHUNK { self.ship() } else { Ok(()) }
    }

    fn ship(&mut self) -> Result<(), SimError> {
        let next = self.back.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buf, next);
        let sent = match &self.tx {
            Some(tx) => tx.send(full).is_ok(),
            None => false,
        };
        if sent { Ok(()) } else { self.join() }
    }

    fn join(&mut self) -> Result<(), SimError> {
        self.tx = None;
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(Ok(()))) | None => Ok(()),
            Some(Ok(Err(e))) => Err(SimError::io(&self.path, e)),
            Some(Err(_)) => Err(SimError::io(&self.path, std::io::Error::other("the writer thread panicked"))),
        }
    }

    /// Writes what is buffered and closes the file; later writes are lost.
    pub fn flush(&mut self) -> Result<(), SimError> {
        if !self.buf.is_empty() {
            self.ship()?;
        }
        self.join()
    }
}

/// WeCom-style message id: a 64-bit number unique to (group, ordinal) — the mixer is a bijection — then `_`
/// and the send time in seconds, as in the documented examples (`15775510700152506326_1603875615`).
pub fn msgid(seed: u64, g: u32, ordinal: u32, time: Millis, out: &mut String) {
    let x = mix64(((g as u64) << 32 | ordinal as u64) ^ mix64(seed));
    let mut b = Vec::with_capacity(32);
    json::uint(&mut b, x);
    b.push(b'_');
    json::int(&mut b, time.div_euclid(1000));
    out.push_str(std::str::from_utf8(&b).expect("digits"));
}

/// A UTC time as the organisation's local (UTC+8) civil time: `[year, month, day, hour, minute, second]`.
pub fn local(ms: Millis) -> [u32; 6] {
    let l = ms + crate::calendar::OFFSET_MS;
    let (y, m, d) = json::civil(l.div_euclid(86_400_000));
    let s = (l.rem_euclid(86_400_000) / 1000) as u32;
    [y as u32, m, d, s / 3600, s / 60 % 60, s % 60]
}

/// `name` made safe as a file or folder name on every platform: path separators, characters Windows refuses
/// and control characters become `_`, surrounding spaces and dots go; an empty result becomes `chat`.
pub fn safe_name(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_control() || r#"/\:*?"<>|"#.contains(c) { '_' } else { c }).collect();
    let s = s.trim_matches([' ', '.']);
    if s.is_empty() { "chat".to_string() } else { s.to_string() }
}

/// Creates a folder and its parents.
pub fn mkdir(p: &Path) -> Result<(), SimError> {
    std::fs::create_dir_all(p).map_err(|e| SimError::io(p, e))
}
