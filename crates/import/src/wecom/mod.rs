//! WeCom (企业微信) 会话内容存档: the decrypted message archive a company pulls with the finance SDK.
//!
//! # Input
//! One message object a line (JSON Lines), or one JSON array of them: `{msgid, action (send|recall|switch), from,
//! tolist, roomid, msgtime (ms), msgtype, <body>}` where the body is keyed by the message type, except for the
//! documented mismatches docmsg → `doc`, markdown and news → `info`, external_redpacket → `redpacket`.
//!
//! The input may be a single file, or a folder (or zip) laid out as the project's simulator writes it:
//!
//! ```text
//! DIR/messages.jsonl   the archive (any entry whose first object looks like a WeCom message is read)
//! DIR/groups.jsonl     optional room details: groupchat/get responses, each with its `roomid`
//! DIR/roster.csv       optional roster `id,name,unit,role` (read from folders only, not from zips)
//! ```
//!
//! `Options::groups` names a room-details file explicitly; it replaces a `groups.jsonl` in the folder.
//!
//! # Mapping
//! - A message with a `roomid` belongs to that room (kind group). One without is a 1:1 chat: its group id is the
//!   sender and recipients sorted and joined with `|` (kind direct; direct_group with three or more people).
//! - Senders and recipients (`tolist`) become memberships of the message's group.
//! - `action: recall` (msgtype `revoke`) → kind recall, `reply_to` = `revoke.pre_msgid`.
//! - `switch` records have no `from` and no conversation: they become system messages without a sender in the
//!   pseudo-group [`SWITCH_GROUP`], timed by their `time` field.
//! - Kinds: text and markdown → text; image, voice, video, file; link, docmsg, news, sphfeed → link; emotion →
//!   sticker; location; redpacket and external_redpacket → red_packet; vote and collect (forms) → poll;
//!   meeting_voice_call → call; agree/disagree (consent to archiving) → system; chatrecord → other, forwarded;
//!   mixed → text (its text items joined) or image; card, weapp, calendar, meeting, voip_doc_share, unknown → other.
//! - Mentions: archives carry none, so `@name` tokens in the text become mentions and `@所有人`/`@all` sets
//!   `mentions_all`.
//! - Times are UTC milliseconds already (`tz_known`).

mod message;
mod rooms;
mod wire;

pub use message::SWITCH_GROUP;

use crate::{Bundle, Format, ImportError, LineReader, Location, Options, Sink};
use jingjian_model::Source;
use message::Converter;
use serde::de::{Deserializer as _, Error as _, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

/// The WeCom message archive.
pub struct Wecom;

/// Room details beside the archive in a folder.
const ROOMS: &str = "groups.jsonl";
/// Roster beside the archive in a folder.
const ROSTER: &str = "roster.csv";

impl Format for Wecom {
    fn name(&self) -> &'static str {
        "wecom"
    }

    fn source(&self) -> Source {
        Source::Wecom
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        let mut best = 0;
        let names = candidates(bundle);
        // Only entries that start like JSON are read further (a folder of a thousand chats in another format is
        // then passed over with a thousand short reads, on every core).
        let starts = bundle.starts(&names, 64)?;
        for (name, start) in names.iter().zip(starts) {
            if !may_be_json(&start) {
                continue;
            }
            let head = bundle.head_text(name, 16 * 1024)?;
            best = best.max(score(&head));
            if best >= 95 {
                break;
            }
        }
        Ok(best)
    }

    fn read(&self, bundle: &mut Bundle, opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let mut conv = Converter::default();
        let folder = !bundle.is_file() && !bundle.is_zip();
        if folder && let Some(roster) = bundle.entries().iter().find(|e| base(e) == ROSTER).cloned() {
            crate::read_roster(&bundle.path().join(roster), Source::Wecom, sink)?;
        }
        if let Some(path) = &opts.groups {
            let f = std::fs::File::open(path).map_err(|e| ImportError::io(path, e))?;
            let (r, _) = crate::decode::utf8_reader(Box::new(f)).map_err(|e| ImportError::io(path, e))?;
            rooms::read_rooms(r, path.display().to_string(), &mut conv, sink)?;
        } else if !bundle.is_file()
            && let Some(name) = bundle.entries().iter().find(|e| base(e) == ROOMS).cloned()
        {
            let shown = bundle.display(&name);
            let (r, _) =
                crate::decode::utf8_reader(bundle.open_entry(&name)?).map_err(|e| ImportError::io(&shown, e))?;
            rooms::read_rooms(r, shown, &mut conv, sink)?;
        }
        let archives: Vec<String> = if bundle.is_file() {
            bundle.entries().to_vec()
        } else {
            let mut found = Vec::new();
            for name in candidates(bundle) {
                if score(&bundle.head_text(&name, 16 * 1024)?) > 0 {
                    found.push(name);
                }
            }
            found
        };
        if archives.is_empty() {
            return Err(ImportError::invalid(
                Location::file(bundle.path().display().to_string()),
                "expected a WeCom archive file (JSON lines of message objects with `msgid` and `msgtype`) in the folder",
            ));
        }
        for name in archives {
            read_archive(bundle, &name, &mut conv, sink)?;
        }
        Ok(())
    }
}

/// Entries that may hold messages: everything but the room details and the roster.
fn candidates(bundle: &Bundle) -> Vec<String> {
    bundle
        .entries()
        .iter()
        .filter(|e| {
            let b = base(e);
            b != ROOMS && b != ROSTER && !b.ends_with(".csv")
        })
        .cloned()
        .collect()
}

/// Whether an entry starting with `start` (its first bytes) may be JSON.
fn may_be_json(start: &[u8]) -> bool {
    let t = crate::decode::decode_prefix(start);
    let t = t.trim_start();
    t.is_empty() || t.starts_with('{') || t.starts_with('[')
}

fn base(entry: &str) -> &str {
    entry.rsplit('/').next().unwrap_or(entry)
}

/// How sure we are that a file starting with `head` is a WeCom archive.
fn score(head: &str) -> u8 {
    let t = head.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) || !t.contains("\"msgid\"") {
        return 0;
    }
    let first = t.lines().next().unwrap_or("");
    let sample = if t.starts_with('[') { t } else { first };
    if sample.contains("\"msgtype\"") && (sample.contains("\"msgtime\"") || sample.contains("\"action\"")) {
        95
    } else if sample.contains("\"action\"") && sample.contains("\"switch\"") {
        90
    } else if sample.contains("\"encrypt_chat_msg\"") {
        // The still-encrypted form: claim it so that reading explains what to do.
        50
    } else {
        0
    }
}

/// Reads one archive entry: JSON lines, or a single JSON array.
fn read_archive(bundle: &mut Bundle, name: &str, conv: &mut Converter, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let shown = bundle.display(name);
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(name)?).map_err(|e| ImportError::io(&shown, e))?;
    let mut br = BufReader::with_capacity(64 * 1024, r);
    let head = br.fill_buf().map_err(|e| ImportError::io(&shown, e))?;
    let is_array = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    if is_array { read_array(br, shown, conv, sink) } else { read_lines(br, shown, conv, sink) }
}

fn read_lines(r: impl Read, shown: String, conv: &mut Converter, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let mut lines = LineReader::new(r, shown);
    let mut n = 0u64;
    while let Some((line, here)) = lines.next_line_here()? {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<wire::Wire>(line) {
            Ok(wire) => conv.convert_wire(&wire, &|| here.location(), sink)?,
            // Not an object, or not JSON: parse it as a whole value to report exactly what is wrong.
            Err(_) => {
                let value: Value = serde_json::from_str(line).map_err(|e| {
                    let what = if e.is_eof() && !lines.terminated {
                        "the line is cut short (the file may be truncated)".to_owned()
                    } else {
                        format!("expected a WeCom message object, one JSON object a line: {e}")
                    };
                    ImportError::invalid(lines.here(), what)
                })?;
                conv.convert(value, &lines.here(), sink)?;
            }
        }
        n += 1;
        if n.is_multiple_of(1024) {
            sink.progress(lines.bytes_read());
        }
    }
    sink.progress(lines.bytes_read());
    Ok(())
}

/// Streams the elements of a top-level JSON array one at a time.
fn read_array(r: impl Read, shown: String, conv: &mut Converter, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let bytes = Rc::new(Cell::new(0u64));
    let counted = crate::json::Counting::new(r, 256 * 1024, bytes.clone());
    let mut failure: Option<ImportError> = None;
    let mut de = serde_json::Deserializer::from_reader(counted);
    let visitor = Elements { shown: &shown, conv, sink, bytes: &bytes, failure: &mut failure };
    let done = de.deserialize_seq(visitor).and_then(|_| de.end());
    match done {
        Ok(()) => Ok(()),
        Err(_) if failure.is_some() => Err(failure.take().expect("checked")),
        Err(e) => {
            let what = if e.is_eof() {
                "the JSON array is cut short (the file may be truncated)".to_owned()
            } else {
                format!("expected a JSON array of WeCom message objects: {e}")
            };
            Err(ImportError::invalid(Location::line(shown.clone(), e.line() as u64), what))
        }
    }
}

struct Elements<'a> {
    shown: &'a str,
    conv: &'a mut Converter,
    sink: &'a mut dyn Sink,
    bytes: &'a Cell<u64>,
    failure: &'a mut Option<ImportError>,
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of WeCom message objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0u64;
        while let Some(value) = seq.next_element::<Value>()? {
            n += 1;
            let at = Location::record(self.shown, n);
            if let Err(e) = self.conv.convert(value, &at, self.sink) {
                *self.failure = Some(e);
                return Err(A::Error::custom("stopped"));
            }
            if n.is_multiple_of(1024) {
                self.sink.progress(self.bytes.get());
            }
        }
        self.sink.progress(self.bytes.get());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
