//! Matrix rooms exported by Element's "Export chat" as JSON: one object `{room_name, room_creator, topic,
//! export_date, exported_by, messages: [event, …]}` whose events are Matrix client events (`type`, `sender`,
//! `origin_server_ts`, `event_id`, `room_id`, `content`, `unsigned`), as a `.json` file or as `export.json` in the
//! zip Element writes when attachments are included.
//!
//! The events array is read one event at a time with a streaming visitor. Edits (`m.replace`) are not messages:
//! a first pass collects the edits (target id → newest text), the second pass emits every message once, marked
//! edited and carrying its newest text; an edit whose original is not in the export is kept as an edited message
//! under the original's id. Memory grows with the number of edits and members, not messages.
//! See `docs/formats/matrix.md`.

use crate::{Bundle, Format, ImportError, Location, Options, Sink};
use jingjian_model::{Group, GroupKind, Member, Membership, Message, MessageKind, Millis, Record, Source};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::rc::Rc;

/// Element JSON room exports.
pub struct Matrix;

/// One Matrix event as Element writes it.
#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: Option<String>,
    sender: Option<String>,
    origin_server_ts: Option<Millis>,
    event_id: Option<String>,
    room_id: Option<String>,
    state_key: Option<String>,
    #[serde(default)]
    content: Value,
    #[serde(default)]
    unsigned: Value,
}

/// The room fields around the events.
#[derive(Default)]
struct Header {
    room_name: Option<String>,
    topic: Option<String>,
    events: u64,
}

impl Format for Matrix {
    fn name(&self) -> &'static str {
        "matrix"
    }

    fn source(&self) -> Source {
        Source::Matrix
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        Ok(if export_entry(bundle)?.is_some() { 90 } else { 0 })
    }

    fn read(&self, bundle: &mut Bundle, _opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let entry = export_entry(bundle)?.ok_or_else(|| {
            ImportError::invalid(
                Location::file(bundle.path().display().to_string()),
                "expected an Element chat export: a JSON object with `room_name` and a `messages` array of events",
            )
        })?;
        let stem = entry.rsplit('/').next().unwrap_or(&entry).trim_end_matches(".json").to_owned();
        // First pass: the edits.
        let mut edits: HashMap<String, Edit> = HashMap::new();
        stream(bundle, &entry, &mut |ev, _| {
            if let Some(target) = replaces(&ev) {
                let text = new_text(&ev.content);
                let e = edits.entry(target.to_owned()).or_insert_with(|| Edit {
                    text: text.clone(),
                    time: ev.origin_server_ts.unwrap_or(0),
                    sender: ev.sender.clone(),
                    room: ev.room_id.clone(),
                });
                if ev.origin_server_ts.unwrap_or(0) >= e.time {
                    e.text = text;
                    e.time = ev.origin_server_ts.unwrap_or(0);
                }
            }
            Ok(())
        })?;
        // Second pass: the records.
        let mut out =
            Emitter { sink, edits, members: HashSet::new(), memberships: HashMap::new(), room: None, created: None };
        let read = Rc::new(Cell::new(0u64));
        let header = stream_counted(bundle, &entry, Some(read.clone()), &mut |ev, n| {
            out.event(ev, n)?;
            if n.is_multiple_of(1024) {
                out.sink.progress(read.get());
            }
            Ok(())
        })?;
        out.sink.progress(read.get());
        let room = out.room.clone().or(header.room_name.clone()).unwrap_or(stem);
        let mut leftovers: Vec<_> = std::mem::take(&mut out.edits).into_iter().collect();
        leftovers.sort_by(|a, b| a.0.cmp(&b.0));
        for (id, e) in leftovers {
            // An edit whose original is not in the export: kept as an edited message under the original's id.
            let group = e.room.clone().unwrap_or_else(|| room.clone());
            let mut m = Message::new(Source::Matrix, group, id, e.time);
            m.sender = e.sender.clone();
            m.edited = true;
            m.text = e.text;
            if let Some(s) = &e.sender {
                out.member(s, None).map_err(ImportError::Sink)?;
            }
            out.record(Record::Message(m)).map_err(ImportError::Sink)?;
        }
        let (created, owner) = out.created.clone().map_or((None, None), |(t, o)| (Some(t), Some(o)));
        out.record(Record::Group(Group {
            source: Source::Matrix,
            id: room.clone(),
            name: header.room_name.filter(|n| !n.is_empty()).or(Some(room.clone())),
            kind: GroupKind::Group,
            created,
            owner,
            unit: None,
            purpose: header.topic.filter(|t| !t.trim().is_empty()),
            archived: false,
        }))
        .map_err(ImportError::Sink)?;
        let mut ms: Vec<_> = std::mem::take(&mut out.memberships).into_iter().collect();
        ms.sort_by(|a, b| a.0.cmp(&b.0));
        for (member, (joined, left)) in ms {
            out.record(Record::Membership(Membership {
                source: Source::Matrix,
                group: room.clone(),
                member,
                joined,
                left,
            }))
            .map_err(ImportError::Sink)?;
        }
        Ok(())
    }
}

/// The export entry: the file itself or `export.json` in a zip, when it starts like an Element export.
fn export_entry(bundle: &mut Bundle) -> Result<Option<String>, ImportError> {
    let candidates: Vec<String> = if bundle.is_file() {
        bundle.entries().to_vec()
    } else {
        bundle.entries().iter().filter(|e| e.rsplit('/').next() == Some("export.json")).cloned().collect()
    };
    for e in candidates {
        let head = bundle.head_text(&e, 4096)?;
        let t = head.trim_start();
        if t.starts_with('{')
            && t.contains("\"room_name\"")
            && ["\"export_date\"", "\"exported_by\"", "\"room_creator\"", "\"messages\""]
                .iter()
                .filter(|k| t.contains(*k))
                .count()
                >= 2
        {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

/// The newest text of an edited message.
struct Edit {
    text: String,
    time: Millis,
    sender: Option<String>,
    room: Option<String>,
}

type OnEvent<'a> = dyn FnMut(Event, u64) -> Result<(), String> + 'a;

/// Streams the export's events through `f` (with their 1-based number); returns the room fields.
fn stream(bundle: &mut Bundle, entry: &str, f: &mut OnEvent<'_>) -> Result<Header, ImportError> {
    stream_counted(bundle, entry, None, f)
}

/// Counts the bytes read through it, for progress reports.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

fn stream_counted(
    bundle: &mut Bundle,
    entry: &str,
    read: Option<Rc<Cell<u64>>>,
    f: &mut OnEvent<'_>,
) -> Result<Header, ImportError> {
    let shown = bundle.display(entry);
    let raw = Counting { inner: bundle.open_entry(entry)?, read: read.unwrap_or_default() };
    let (r, _) = crate::decode::utf8_reader(Box::new(raw)).map_err(|e| ImportError::io(&shown, e))?;
    let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(256 * 1024, r));
    let mut header = Header::default();
    let mut failure: Option<String> = None;
    let result = TopSeed { header: &mut header, f, failure: &mut failure }.deserialize(&mut de).and_then(|()| de.end());
    if let Some(msg) = failure {
        return Err(if let Some(sink) = msg.strip_prefix("sink: ") {
            ImportError::Sink(sink.to_owned())
        } else {
            ImportError::invalid(Location::record(shown, header.events), msg)
        });
    }
    result.map_err(|e| {
        let mut at = Location::line(shown, e.line() as u64);
        if header.events > 0 {
            at.record = Some(header.events + 1);
        }
        let what = if e.is_eof() {
            "the file ends inside the export (it may be truncated)".to_owned()
        } else {
            format!("expected an Element export object with a `messages` array of events: {e}")
        };
        ImportError::invalid(at, what)
    })?;
    Ok(header)
}

struct TopSeed<'a, 'f> {
    header: &'a mut Header,
    f: &'a mut OnEvent<'f>,
    failure: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an Element export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut saw_messages = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "room_name" => self.header.room_name = map.next_value()?,
                "topic" => self.header.topic = map.next_value()?,
                "messages" => {
                    saw_messages = true;
                    map.next_value_seed(EventsSeed { header: self.header, f: self.f, failure: self.failure })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !saw_messages {
            return Err(serde::de::Error::custom("the export has no `messages` array"));
        }
        Ok(())
    }
}

struct EventsSeed<'a, 'f> {
    header: &'a mut Header,
    f: &'a mut OnEvent<'f>,
    failure: &'a mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of Matrix events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(ev) = seq.next_element::<Event>()? {
            self.header.events += 1;
            if let Err(e) = (self.f)(ev, self.header.events) {
                *self.failure = Some(e.clone());
                return Err(serde::de::Error::custom(e));
            }
        }
        Ok(())
    }
}

/// The event an `m.replace` edit replaces.
fn replaces(ev: &Event) -> Option<&str> {
    let rel = ev.content.get("m.relates_to")?;
    (rel.get("rel_type")?.as_str()? == "m.replace").then(|| rel.get("event_id")?.as_str())?
}

fn new_text(content: &Value) -> String {
    match content.get("m.new_content").and_then(|c| c.get("body")).and_then(Value::as_str) {
        Some(t) => t.to_owned(),
        None => content.get("body").and_then(Value::as_str).unwrap_or("").trim_start_matches("* ").to_owned(),
    }
}

/// A sender taken for a bot when its user id's local part says so (`@ci-bot:example.org`, `@jirabot:…`): Element
/// exports carry no bot flag; only `m.notice` messages (the type bots are asked to use) are judged this way.
fn looks_like_bot(user: &str) -> bool {
    let local = user.trim_start_matches('@').split(':').next().unwrap_or("").to_ascii_lowercase();
    local.ends_with("bot") || local.starts_with("bot") || local.contains("-bot") || local.contains("_bot")
}

struct Emitter<'a> {
    sink: &'a mut dyn Sink,
    edits: HashMap<String, Edit>,
    members: HashSet<String>,
    memberships: HashMap<String, (Option<Millis>, Option<Millis>)>,
    room: Option<String>,
    created: Option<(Millis, String)>,
}

impl Emitter<'_> {
    fn record(&mut self, r: Record) -> Result<(), String> {
        self.sink.record(r).map_err(|e| format!("sink: {e}"))
    }

    fn member(&mut self, id: &str, name: Option<&str>) -> Result<(), String> {
        if self.members.insert(id.to_owned()) {
            self.record(Record::Member(Member {
                source: Source::Matrix,
                id: id.to_owned(),
                name: Some(name.unwrap_or(id).to_owned()),
                unit: None,
                role: None,
                bot: false,
                deleted: false,
            }))?;
        }
        Ok(())
    }

    fn event(&mut self, ev: Event, n: u64) -> Result<(), String> {
        let (Some(kind), Some(sender), Some(time), Some(id)) =
            (ev.kind.as_deref(), ev.sender.as_deref(), ev.origin_server_ts, ev.event_id.as_deref())
        else {
            return Err("expected a Matrix event with `type`, `sender`, `origin_server_ts` and `event_id`".into());
        };
        if replaces(&ev).is_some()
            || matches!(kind, "m.reaction" | "m.room.redaction")
            || kind.starts_with("m.call.candidates")
        {
            // Edits were folded into their originals; reactions and redaction events are not messages.
            return Ok(());
        }
        let room = match ev.room_id.clone() {
            Some(r) => {
                self.room.get_or_insert(r.clone());
                r
            }
            None => self.room.clone().ok_or_else(|| format!("event {n} has no `room_id`"))?,
        };
        let c = &ev.content;
        let s = |k: &str| c.get(k).and_then(Value::as_str);
        let redacted = ev.unsigned.get("redacted_because").is_some();
        let mut m = Message::new(Source::Matrix, room, id, time);
        m.sender = Some(sender.to_owned());
        m.text = s("body").unwrap_or("").to_owned();
        let attachment = |m: &mut Message, k| {
            m.kind = k;
            m.attachments = 1;
        };
        match kind {
            _ if redacted => m.kind = MessageKind::Recall,
            "m.room.message" => match s("msgtype").unwrap_or("m.text") {
                "m.image" => attachment(&mut m, MessageKind::Image),
                "m.file" => attachment(&mut m, MessageKind::File),
                "m.video" => attachment(&mut m, MessageKind::Video),
                "m.audio" => attachment(&mut m, MessageKind::Voice),
                "m.location" => m.kind = MessageKind::Location,
                "m.notice" if looks_like_bot(sender) => m.kind = MessageKind::Bot,
                _ => m.kind = MessageKind::Text,
            },
            "m.sticker" => attachment(&mut m, MessageKind::Sticker),
            "m.room.encrypted" => m.kind = MessageKind::Other,
            k if k.ends_with("poll.start") => m.kind = MessageKind::Poll,
            k if k.starts_with("m.call.") => m.kind = MessageKind::Call,
            "m.room.member" => {
                m.kind = MessageKind::System;
                let target = ev.state_key.as_deref().unwrap_or(sender);
                let membership = s("membership").unwrap_or("");
                m.text = format!("{target} {membership}");
                self.member(target, s("displayname"))?;
                let e = self.memberships.entry(target.to_owned()).or_default();
                match membership {
                    "join" => e.0 = Some(e.0.map_or(time, |j| j.min(time))),
                    "leave" | "ban" => e.1 = Some(e.1.map_or(time, |l| l.max(time))),
                    _ => {}
                }
            }
            "m.room.create" => {
                m.kind = MessageKind::System;
                self.created.get_or_insert((time, sender.to_owned()));
            }
            other => {
                m.kind = MessageKind::System;
                if m.text.is_empty() {
                    m.text = other.to_owned();
                }
            }
        }
        if let Some(edit) = self.edits.remove(id) {
            m.edited = true;
            if !redacted {
                m.text = edit.text;
            }
        }
        if let Some(rel) = c.get("m.relates_to") {
            m.reply_to =
                rel.get("m.in_reply_to").and_then(|r| r.get("event_id")).and_then(Value::as_str).map(str::to_owned);
            if rel.get("rel_type").and_then(Value::as_str) == Some("m.thread") {
                m.thread_root = rel.get("event_id").and_then(Value::as_str).map(str::to_owned);
            }
        }
        if let Some(men) = c.get("m.mentions") {
            m.mentions = men
                .get("user_ids")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default();
            m.mentions_all = men.get("room").and_then(Value::as_bool).unwrap_or(false);
        }
        m.mentions_all |= m.kind.is_human() && m.text.contains("@room");
        self.member(sender, None)?;
        self.record(Record::Message(m))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
