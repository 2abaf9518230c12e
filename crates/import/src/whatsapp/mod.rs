//! WhatsApp "Export chat" text (`.txt`, or the `.zip` the phone shares with `_chat.txt` inside).
//!
//! Every message starts with a header carrying a local date and time ([`header`]); lines without one continue the
//! message above. Phones write dates day-, month- or year-first, and which one a file uses can only be told from the
//! whole file, so an import reads each chat twice: a first pass over the header lines votes on the date order (and
//! notes whether the chat is a group), a second pass emits the records. Neither pass keeps the messages; a chat of
//! up to 16 MiB is decoded into memory once and both passes read that copy, a larger one is streamed twice.
//!
//! There are no message ids: each message gets a [`synthetic_id`] over (group, time, sender, text, ordinal), the
//! ordinal counting identical earlier lines. See `docs/formats/whatsapp.md`.

mod body;
mod header;

pub use header::{DateOrder, RawHeader, parse_header, strip_marks};

use crate::lines::TextLines;
use crate::{Bundle, Format, Here, ImportError, LineReader, Location, Options, Sink};
use body::{Event, System};
use chrono::{NaiveDateTime, TimeZone};
use jingjian_model::{
    Group, GroupKind, Member, Membership, Message, MessageKind, Millis, Record, Source, synthetic_id,
};
use rustc_hash::{FxHashMap, FxHashSet};

/// WhatsApp chat exports.
pub struct Whatsapp;

/// File-name prefixes of exported chats (`WhatsApp Chat with Team.txt`) in the languages seen in the wild.
const CHAT_PREFIXES: &[&str] = &[
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "WhatsApp-Chat mit ",
    "Chat de WhatsApp con ",
    "Conversa do WhatsApp com ",
    "Discussion WhatsApp avec ",
    "Chat WhatsApp con ",
    "WhatsApp-chat met ",
];

impl Format for Whatsapp {
    fn name(&self) -> &'static str {
        "whatsapp"
    }

    fn source(&self) -> Source {
        Source::Whatsapp
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if !bundle.is_file() && !bundle.is_zip() {
            return Ok(0);
        }
        let chats = chat_entries(bundle)?;
        let Some(first) = chats.first() else {
            return Ok(0);
        };
        let head = bundle.head_text(first, 4096)?;
        let headers = head.lines().take(5).filter(|l| parse_header(&strip_marks(l)).is_some()).count();
        let first_is_header = head
            .lines()
            .find(|l| !strip_marks(l).trim().is_empty())
            .is_some_and(|l| parse_header(&strip_marks(l)).is_some());
        Ok(match (first_is_header, headers) {
            (false, _) => 0,
            (true, n) if n >= 2 || head.lines().count() <= 1 => 85,
            (true, _) => 70,
        })
    }

    /// A folder's chats are independent: each is its own input.
    fn parts(&self, bundle: &mut Bundle) -> Result<Option<Vec<String>>, ImportError> {
        if bundle.is_file() || bundle.is_zip() {
            return Ok(None);
        }
        let chats = chat_entries(bundle)?;
        Ok((chats.len() > 1).then_some(chats))
    }

    fn read(&self, bundle: &mut Bundle, opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let chats = chat_entries(bundle)?;
        if chats.is_empty() {
            return Err(ImportError::invalid(
                Location::file(bundle.path().display().to_string()),
                "expected a WhatsApp chat: a .txt file, or a zip holding `_chat.txt` or `WhatsApp Chat with ….txt`",
            ));
        }
        for entry in chats {
            let group = group_id(bundle, &entry);
            let small = small_chat(bundle, &entry);
            if let Some(text) = small.as_deref().and_then(|b| simdutf8::basic::from_utf8(b).ok()) {
                let shown = bundle.display(&entry);
                let survey = survey(&mut TextLines::new(text, shown.clone()))?;
                emit(&mut TextLines::new(text, shown), &group, &survey, opts, sink)?;
            } else {
                let survey = survey(&mut open_lines(bundle, &entry)?)?;
                emit(&mut open_lines(bundle, &entry)?, &group, &survey, opts, sink)?;
            }
        }
        Ok(())
    }
}

/// The chat text entries of a bundle: the file itself, or in a zip `_chat.txt`, `WhatsApp Chat with ….txt`, or any
/// other `.txt` whose first line is a WhatsApp header.
fn chat_entries(bundle: &mut Bundle) -> Result<Vec<String>, ImportError> {
    if bundle.is_file() {
        return Ok(bundle.entries().to_vec());
    }
    let mut named = Vec::new();
    let mut other = Vec::new();
    for e in bundle.entries().to_vec() {
        let base = e.rsplit('/').next().unwrap_or(&e);
        if !base.to_lowercase().ends_with(".txt") {
            continue;
        }
        if base == "_chat.txt" || CHAT_PREFIXES.iter().any(|p| base.starts_with(p)) {
            named.push(e);
        } else {
            other.push(e);
        }
    }
    if !named.is_empty() {
        return Ok(named);
    }
    let mut found = Vec::new();
    for e in other {
        let head = bundle.head_text(&e, 1024)?;
        if head.lines().next().is_some_and(|l| parse_header(&strip_marks(l)).is_some()) {
            found.push(e);
        }
    }
    Ok(found)
}

/// The group id: `WhatsApp Chat with X.txt` gives X; `_chat.txt` in a zip gives the zip's stem (itself stripped of
/// such a prefix); any other file its stem.
fn group_id(bundle: &Bundle, entry: &str) -> String {
    let base = entry.rsplit('/').next().unwrap_or(entry);
    let stem = if base == "_chat.txt" && bundle.is_zip() {
        bundle.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    } else {
        base.rsplit_once('.').map_or(base, |(s, _)| s).to_owned()
    };
    let name = CHAT_PREFIXES.iter().find_map(|p| stem.strip_prefix(p)).unwrap_or(&stem).trim();
    if name.is_empty() { stem.clone() } else { name.to_owned() }
}

/// Chats up to this size are decoded into memory once, and both passes read that copy; larger ones are streamed
/// twice, so that memory stays within this bound whatever the export's size.
const IN_MEMORY: u64 = 16 << 20;

/// A chat's text in memory, decoded to UTF-8, when the entry is small enough and reads. `None` otherwise (and when
/// the text is not valid UTF-8, which the caller checks): the chat is then streamed, and a problem in it is
/// reported as a stream reports it, with its line.
fn small_chat(bundle: &mut Bundle, entry: &str) -> Option<Vec<u8>> {
    let size = bundle.size(entry).filter(|&n| n <= IN_MEMORY)?;
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(entry).ok()?).ok()?;
    // UTF-16 and GB18030 grow by half at most in UTF-8; past twice the bound the entry lied about its size, and
    // is streamed instead.
    let mut bytes = Vec::with_capacity(size as usize + 16);
    std::io::Read::read_to_end(&mut std::io::Read::take(r, 2 * IN_MEMORY + 1), &mut bytes).ok()?;
    (bytes.len() as u64 <= 2 * IN_MEMORY).then_some(bytes)
}

/// A chat's lines as a pass reads them: from memory or streamed.
trait ChatLines {
    /// The next line without its line break, with its position; `None` at the end.
    fn next_line_here(&mut self) -> Result<Option<(&str, Here<'_>)>, ImportError>;
    /// Bytes read so far.
    fn bytes_read(&self) -> u64;
    /// The file's name in errors.
    fn file(&self) -> &str;
}

impl<R: std::io::Read> ChatLines for LineReader<R> {
    fn next_line_here(&mut self) -> Result<Option<(&str, Here<'_>)>, ImportError> {
        LineReader::next_line_here(self)
    }
    fn bytes_read(&self) -> u64 {
        LineReader::bytes_read(self)
    }
    fn file(&self) -> &str {
        LineReader::file(self)
    }
}

impl ChatLines for TextLines<'_> {
    fn next_line_here(&mut self) -> Result<Option<(&str, Here<'_>)>, ImportError> {
        Ok(TextLines::next_line_here(self))
    }
    fn bytes_read(&self) -> u64 {
        TextLines::bytes_read(self)
    }
    fn file(&self) -> &str {
        TextLines::file(self)
    }
}

fn open_lines<'a>(bundle: &'a mut Bundle, entry: &str) -> Result<LineReader<Box<dyn std::io::Read + 'a>>, ImportError> {
    let shown = bundle.display(entry);
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(entry)?).map_err(|e| ImportError::io(&shown, e))?;
    Ok(LineReader::new(r, shown))
}

/// What the first pass learns.
struct Survey {
    order: DateOrder,
    /// Whether the chat is a group (a group event, or more than two authors) rather than a two-person chat.
    is_group: bool,
}

/// First pass: checks the file starts with a header, votes on the date order over every header, and tells groups
/// from two-person chats.
fn survey(lines: &mut impl ChatLines) -> Result<Survey, ImportError> {
    let mut vote = header::OrderVote::default();
    let mut authors: FxHashSet<String> = FxHashSet::default();
    let mut group_event = false;
    while let Some((raw, here)) = lines.next_line_here()? {
        let line = strip_marks(raw);
        let Some(h) = parse_header(&line) else {
            if vote.headers == 0 && !line.trim().is_empty() {
                return Err(ImportError::invalid(
                    here.location(),
                    "expected a WhatsApp message header such as `31/12/23, 21:05 - Name: text` or \
                     `[31/12/23, 21:05:09] Name: text`",
                ));
            }
            continue;
        };
        vote.observe(&h, here.line());
        // Once the chat is known to be a group, its lines only count for the date order.
        if group_event || authors.len() > 2 {
            continue;
        }
        match classify(&line[h.body..]) {
            Line::System(s) => group_event |= s.event.is_group_only(),
            Line::Message { author, .. } if authors.len() <= 2 => {
                authors.insert(author.to_owned());
            }
            Line::Message { .. } => {}
        }
    }
    if vote.headers == 0 {
        return Err(ImportError::invalid(
            Location::file(lines.file().to_owned()),
            "expected WhatsApp messages, found no line starting with a date and time",
        ));
    }
    let order = vote.decide().map_err(|c| {
        ImportError::invalid(
            Location::line(lines.file().to_owned(), c.month_first_line),
            format!(
                "the dates mix orders: line {} can only be day/month/year and this line only month/day/year",
                c.day_first_line
            ),
        )
    })?;
    Ok(Survey { order, is_group: group_event || authors.len() > 2 })
}

/// A header line's rest, understood.
enum Line<'a> {
    System(System),
    Message { author: &'a str, text: &'a str },
}

fn classify(body: &str) -> Line<'_> {
    if let Some(s) = body::system(body) {
        return Line::System(s);
    }
    match body::split_author(body) {
        Some((author, text)) => Line::Message { author, text },
        // A line with no author that no phrase describes is still a system line.
        None => Line::System(System { event: Event::Other, actor: None, targets: Vec::new() }),
    }
}

/// A message being assembled from its header line and continuation lines.
struct Pending {
    time: Millis,
    sender: Option<String>,
    kind: MessageKind,
    attachments: u32,
    text: String,
}

/// Second pass: emits the group, members, messages and memberships.
fn emit(
    lines: &mut impl ChatLines,
    group: &str,
    survey: &Survey,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let src = Source::Whatsapp;
    let mut out = Emitter {
        group,
        sink,
        members: FxHashSet::default(),
        memberships: FxHashMap::default(),
        ordinals: crate::ordinal::Ordinals::default(),
        created: None,
    };
    let mut pending: Option<Pending> = None;
    let mut last: Option<(RawHeader, Millis)> = None;
    let mut count = 0u64;
    while let Some((raw, here)) = lines.next_line_here()? {
        let line = strip_marks(raw);
        let Some(h) = parse_header(&line) else {
            if let Some(p) = pending.as_mut() {
                p.text.push('\n');
                p.text.push_str(&line);
            }
            continue;
        };
        if let Some(p) = pending.take() {
            out.message(p)?;
        }
        // Messages often share their header's date and time with the one before: the time is worked out again
        // only when they change.
        let stamp = RawHeader { body: 0, ..h };
        let time = match last {
            Some((s, t)) if s == stamp => t,
            _ => {
                let local = h.local(survey.order).ok_or_else(|| {
                    ImportError::invalid(
                        here.location(),
                        format!(
                            "this date does not exist when read {}, the order the rest of the file uses",
                            survey.order.describe()
                        ),
                    )
                })?;
                to_utc(local, opts)
            }
        };
        last = Some((stamp, time));
        pending = Some(out.start(&line[h.body..], time)?);
        count += 1;
        if count.is_multiple_of(1024) {
            out.sink.progress(lines.bytes_read());
        }
    }
    if let Some(p) = pending.take() {
        out.message(p)?;
    }
    out.sink.progress(lines.bytes_read());
    let (created, owner) = out.created.clone().map_or((None, None), |(t, o)| (Some(t), o));
    out.record(Record::Group(Group {
        source: src,
        id: group.to_owned(),
        name: Some(group.to_owned()),
        kind: if survey.is_group { GroupKind::Group } else { GroupKind::Direct },
        created,
        owner,
        unit: None,
        purpose: None,
        archived: false,
    }))?;
    let mut memberships: Vec<_> = std::mem::take(&mut out.memberships).into_iter().collect();
    memberships.sort_by(|a, b| a.0.cmp(&b.0));
    for (member, (joined, left)) in memberships {
        out.record(Record::Membership(Membership { source: src, group: group.to_owned(), member, joined, left }))?;
    }
    Ok(())
}

/// A local time read in the zone of `--tz`; a time skipped by a daylight-saving change is read an hour later.
fn to_utc(local: NaiveDateTime, opts: &Options) -> Millis {
    opts.tz
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| opts.tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        .map_or_else(|| local.and_utc().timestamp_millis(), |t| t.timestamp_millis())
}

struct Emitter<'a> {
    group: &'a str,
    sink: &'a mut dyn Sink,
    members: FxHashSet<String>,
    /// Member → (joined, left), filled from senders and join/leave lines, written at the end.
    memberships: FxHashMap<String, (Option<Millis>, Option<Millis>)>,
    ordinals: crate::ordinal::Ordinals,
    created: Option<(Millis, Option<String>)>,
}

impl Emitter<'_> {
    fn record(&mut self, r: Record) -> Result<(), ImportError> {
        self.sink.record(r).map_err(ImportError::Sink)
    }

    fn member(&mut self, name: &str) -> Result<(), ImportError> {
        if self.members.contains(name) {
            return Ok(());
        }
        self.members.insert(name.to_owned());
        self.record(Record::Member(Member {
            source: Source::Whatsapp,
            id: name.to_owned(),
            name: Some(name.to_owned()),
            unit: None,
            role: None,
            bot: false,
            deleted: false,
        }))?;
        // Every member has a membership from here on (entries are only added), so a known member needs nothing.
        self.memberships.entry(name.to_owned()).or_default();
        Ok(())
    }

    /// Starts a message from a header line's rest.
    fn start(&mut self, body: &str, time: Millis) -> Result<Pending, ImportError> {
        let p = match classify(body) {
            Line::System(s) => {
                if let Some(a) = &s.actor {
                    self.member(a)?;
                }
                for t in &s.targets {
                    self.member(t)?;
                    let m = self.memberships.entry(t.clone()).or_default();
                    match s.event {
                        Event::Added | Event::Joined => m.0 = Some(m.0.map_or(time, |j| j.min(time))),
                        Event::Left | Event::Removed => m.1 = Some(m.1.map_or(time, |l| l.max(time))),
                        _ => {}
                    }
                }
                if s.event == Event::Created && self.created.is_none() {
                    self.created = Some((time, s.actor.clone()));
                    if let Some(a) = &s.actor {
                        let m = self.memberships.entry(a.clone()).or_default();
                        m.0 = Some(m.0.map_or(time, |j| j.min(time)));
                    }
                }
                let kind = if s.event == Event::Deleted { MessageKind::Recall } else { MessageKind::System };
                Pending { time, sender: s.actor, kind, attachments: 0, text: body.to_owned() }
            }
            Line::Message { author, text } => {
                let (kind, attachments, sender) = match body::notice(text) {
                    Some(s) if s.event == Event::Deleted => (MessageKind::Recall, 0, Some(author)),
                    Some(s) if s.event == Event::MissedCall => (MessageKind::System, 0, Some(author)),
                    // An encryption notice under the group's name (old exports): nobody said it.
                    Some(s) if s.event == Event::Security => (MessageKind::System, 0, None),
                    _ => match body::media_kind(text) {
                        Some((k, n)) => (k, n, Some(author)),
                        None => (MessageKind::Text, 0, Some(author)),
                    },
                };
                if let Some(a) = sender {
                    self.member(a)?;
                }
                Pending { time, sender: sender.map(str::to_owned), kind, attachments, text: text.to_owned() }
            }
        };
        Ok(p)
    }

    fn message(&mut self, p: Pending) -> Result<(), ImportError> {
        let mut text = p.text;
        text.truncate(text.trim_end().len());
        let ordinal = self.ordinals.next(self.group, p.time, p.sender.as_deref(), &text);
        let id = synthetic_id(self.group, p.time, p.sender.as_deref(), &text, ordinal);
        let mut m = Message::new(Source::Whatsapp, self.group, id, p.time);
        m.sender = p.sender;
        m.tz_known = false;
        m.kind = p.kind;
        m.attachments = p.attachments;
        m.text = text;
        self.record(Record::Message(m))
    }
}

#[cfg(test)]
mod tests;
