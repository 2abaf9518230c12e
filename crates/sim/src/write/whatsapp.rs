//! WhatsApp "Export chat" text as an Android phone set to English (UK) writes it without media, one file per
//! group: `DIR/WhatsApp Chat with <name>.txt` (a name used twice gets ` (2)`, ` (3)`… as the phone does).
//!
//! - Lines: `DD/MM/YYYY, HH:MM - Name: text` in local time (UTC+8); the lines of a multi-line text follow on
//!   their own lines; media (photos, stickers, files) are `<Media omitted>`, a file's caption on the next line.
//!   System lines have no `Name:`: each file opens with the end-to-end encryption notice (at the group's
//!   creation, or the first simulated day for older groups), the creation invitation is
//!   `Name created group "…"`, an English join `Name joined using this group's invite link`.
//! - Mentions are typed `@Name`; Slack markup in English texts is rewritten as typed text (see
//!   [`super::chat_text`]). Red packets become their wish text.
//! - Not written: recalls (WhatsApp replaces a deleted message in place, which would change the original's
//!   truth label) and bot posts (WhatsApp groups have none).
//! - Message ids: WhatsApp has none, so the truth files use the id jingjian's importer derives,
//!   `synthetic_id(group, time, sender, text, ordinal)`: group = the name in the file name, time = the minute
//!   read in a UTC+8 zone, sender = the name before `:` (none for system lines other than "created group"),
//!   text = what follows `Name: ` (the whole line for system lines) with its continuation lines, and ordinal =
//!   how many identical (time, sender, text) messages the group had before.

use super::chat_text::{Names, names, unslack};
use super::files::GroupFiles;
use super::{Writer, local, safe_name};
use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::preset::Lang;
use jingjian_model::{Key, MessageKind, Millis, synthetic_id};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The notice every exported chat opens with.
const NOTICE: &str = "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, \
                      can read or listen to them. Tap to learn more.";

/// What an Android export without media writes for a photo, video, sticker or document.
const MEDIA: &str = "<Media omitted>";

/// Characters the importer strips from every line (direction marks, isolates, byte-order marks).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\r')
}

/// Per group: identical (time, sender, text) messages seen, as the importer counts them for ordinals.
#[derive(Default)]
struct Seen {
    table: HashMap<u128, (Millis, u32)>,
    latest: Millis,
}

impl Seen {
    /// The ordinal of this message among identical earlier ones. Entries more than two days older than the
    /// latest time are dropped once the table grows: an identical message at the same minute cannot come that
    /// much later, since a group's messages are written in time order.
    fn next(&mut self, time: Millis, sender: Option<&str>, text: &str) -> u32 {
        self.latest = self.latest.max(time);
        if self.table.len() >= 256 {
            let keep = self.latest - 2 * 86_400_000;
            self.table.retain(|_, (t, _)| *t >= keep);
        }
        let key = Key::of(&[&time.to_string(), sender.unwrap_or(""), text]).0;
        let e = self.table.entry(key).or_insert((time, 0));
        e.1 += 1;
        e.1 - 1
    }
}

/// Writes one chat file per group.
pub struct WhatsappWriter {
    files: GroupFiles,
    /// Per group: the chat's name as the file names it (the importer's group id).
    chats: Vec<String>,
    seen: Vec<Seen>,
    lang: Lang,
    names: Names,
    /// The body (after `HH:MM - `) of the event whose id was last made, written by `message`.
    body: String,
    scratch: String,
}

/// The chat name of every group: its safe name, with ` (2)`, ` (3)`… for names already taken.
pub fn chat_names(org: &Org) -> Vec<String> {
    let mut taken = HashSet::new();
    org.groups
        .iter()
        .map(|g| {
            let base = safe_name(&g.name);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            name
        })
        .collect()
}

/// The minute a message's header shows, as UTC milliseconds.
fn minute(ms: Millis) -> Millis {
    ms - ms.rem_euclid(60_000)
}

impl WhatsappWriter {
    /// Names the files (created as messages come).
    pub fn new(dir: &Path, org: &Org) -> Result<WhatsappWriter, SimError> {
        let chats = chat_names(org);
        let paths = chats.iter().map(|c| dir.join(format!("WhatsApp Chat with {c}.txt"))).collect();
        Ok(WhatsappWriter {
            files: GroupFiles::new(paths),
            seen: (0..chats.len()).map(|_| Seen::default()).collect(),
            chats,
            lang: org.lang,
            names: if org.lang == Lang::En { names(org) } else { Names::new() },
            body: String::new(),
            scratch: String::new(),
        })
    }

    /// Writes `DD/MM/YYYY, HH:MM - ` and `self.body` (then a newline) into group `g`'s file.
    fn line(&mut self, g: u32, time: Millis) -> Result<(), SimError> {
        let [y, mo, d, h, mi, _] = local(time);
        let head = format!("{d:02}/{mo:02}/{y:04}, {h:02}:{mi:02} - ");
        let b = self.files.buf(g);
        b.extend_from_slice(head.as_bytes());
        b.extend_from_slice(self.body.as_bytes());
        b.push(b'\n');
        self.files.wrote(g)
    }

    /// The id the importer gives the line in `self.body` at `time` in group `g`, said by `sender`.
    fn make_id(&mut self, g: u32, time: Millis, sender: Option<&str>, text_from: usize, out: &mut String) {
        let t = minute(time);
        let text = self.body[text_from..].trim_end();
        let ordinal = self.seen[g as usize].next(t, sender, text);
        out.push_str(&synthetic_id(&self.chats[g as usize], t, sender, text, ordinal));
    }
}

impl Writer for WhatsappWriter {
    fn represents(&self, e: &Event) -> bool {
        e.sender.is_some() && !matches!(e.kind, MessageKind::Recall | MessageKind::Bot)
    }

    fn group_id(&self, _org: &Org, g: u32) -> String {
        self.chats[g as usize].clone()
    }

    fn preamble(&mut self, org: &Org, g: u32, from: Millis, ids: &mut Vec<String>) -> Result<(), SimError> {
        let time = org.groups[g as usize].created.max(from);
        self.body.clear();
        self.body.push_str(NOTICE);
        let mut id = String::new();
        self.make_id(g, time, None, 0, &mut id);
        ids.push(id);
        self.line(g, time)
    }

    fn id(&mut self, org: &Org, g: u32, _ordinal: u32, e: &Event, out: &mut String) {
        let who = &org.members[e.sender.expect("represented events have senders") as usize].name;
        self.body.clear();
        if e.join {
            let sender = if self.lang == Lang::Zh {
                self.body.push_str(who);
                self.body.push_str(" created group \"");
                self.body.push_str(&org.groups[g as usize].name);
                self.body.push('"');
                Some(who.as_str())
            } else {
                self.body.push_str(who);
                self.body.push_str(" joined using this group's invite link");
                None
            };
            self.body.retain(|c| !is_mark(c));
            self.make_id(g, e.time, sender, 0, out);
            return;
        }
        self.body.extend(who.chars().filter(|&c| !is_mark(c)));
        self.body.push_str(": ");
        let start = self.body.len();
        self.scratch.clear();
        if self.lang == Lang::En {
            unslack(&e.text, &self.names, &mut self.scratch);
        } else {
            self.scratch.push_str(&e.text);
        }
        self.scratch.retain(|c| !is_mark(c));
        if matches!(e.kind, MessageKind::Image | MessageKind::Sticker | MessageKind::Video | MessageKind::File) {
            self.body.push_str(MEDIA);
            if !self.scratch.trim().is_empty() {
                self.body.push('\n');
            }
        }
        self.body.push_str(&self.scratch);
        self.make_id(g, e.time, Some(who.as_str()), start, out);
    }

    fn message(&mut self, _org: &Org, g: u32, e: &Event, _id: &str, _reply: Option<&str>) -> Result<(), SimError> {
        self.line(g, e.time)
    }

    fn end_group_day(&mut self, _org: &Org, _g: u32, _day: &str) -> Result<(), SimError> {
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SimError> {
        self.files.finish()
    }
}
