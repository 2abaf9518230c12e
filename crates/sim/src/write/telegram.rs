//! Telegram Desktop "Export chat history" in machine-readable JSON, one export per group:
//! `DIR/chats/<NNNN>_<name>/result.json` holding `{name, type, id, messages[]}`, laid out as Telegram Desktop
//! writes it (one-space indentation, fields in its order). Each file is a single-chat export that jingjian and
//! other tools (chat-analytics) read on its own.
//!
//! - Chats are basic groups (`private_group`; `private_supergroup` above 200 members, the basic-group limit).
//!   Message ids come from one counter over the whole export, as Telegram numbers basic-group messages per
//!   account, so an id names one message across all the files (the truth files rely on it).
//! - Messages: `id, type, date` (local UTC+8, `YYYY-MM-DDTHH:MM:SS`), `date_unixtime` (seconds, a string),
//!   `from`, `from_id` (`user<N>`), `reply_to_message_id`, media fields, `text` (a string, or an array of
//!   strings and `{type, text}` entities when it has mentions or links) and `text_entities`.
//! - Media as exported without files: photos `photo` + `width`/`height`; files `file`, `file_name`,
//!   `file_size`, `mime_type` (the caption in `text`); stickers `file`, `media_type: "sticker"`,
//!   `sticker_emoji`. Red packets become their wish text (Telegram has none).
//! - The creation invitation is a `service` message `create_group` with `title` and `members` (names); an
//!   English join is `join_group_by_link`. `@所有人`/`@channel` stay plain text (Telegram has no @all).
//! - Not written: recalls (deleted messages are absent from exports) and bot posts (a bot account's posts
//!   cannot be told from a person's in an export).

use super::chat_text::{Names, Span, names, spans, unslack};
use super::files::GroupFiles;
use super::{Writer, json, local, mkdir, safe_name};
use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::preset::Lang;
use crate::rng::mix64;
use jingjian_model::{Label, MessageKind, Millis};
use std::ops::Range;
use std::path::Path;

/// What Telegram Desktop writes in place of a file it did not export.
const NOT_INCLUDED: &str = "(File not included. Change data exporting settings to download.)";

/// Writes one `result.json` per group.
pub struct TelegramWriter {
    files: GroupFiles,
    seed: u64,
    lang: Lang,
    names: Names,
    next_id: u64,
    text: String,
    spans: Vec<(Span, Range<usize>)>,
}

/// The Telegram user id of member `m`: unique (the member index in the millions) and irregular below that.
fn user_id(seed: u64, m: u32) -> u64 {
    5_000_000_000 + m as u64 * 1000 + mix64(seed ^ 0x7e1e ^ m as u64) % 1000
}

/// The Telegram chat id of group `g`: unique and irregular in the same way.
pub fn chat_id(seed: u64, g: u32) -> u64 {
    1_000_000_000 + g as u64 * 1000 + mix64(seed ^ 0xc4a7 ^ g as u64) % 1000
}

/// The folder of group `g` under `DIR/chats/`: its number (from 1, four digits at least) and its safe name.
pub fn folder(org: &Org, g: u32) -> String {
    format!("{:04}_{}", g + 1, safe_name(&org.groups[g as usize].name))
}

fn two(buf: &mut Vec<u8>, n: u32) {
    buf.push(b'0' + (n / 10 % 10) as u8);
    buf.push(b'0' + (n % 10) as u8);
}

/// Appends `"YYYY-MM-DDTHH:MM:SS"` (with quotes), the local (UTC+8) time of `ms`.
fn date(buf: &mut Vec<u8>, ms: Millis) {
    let [y, mo, d, h, mi, s] = local(ms);
    buf.push(b'"');
    two(buf, y / 100);
    two(buf, y % 100);
    for (sep, n) in [(b'-', mo), (b'-', d), (b'T', h), (b':', mi), (b':', s)] {
        buf.push(sep);
        two(buf, n);
    }
    buf.push(b'"');
}

/// Appends `,\n   "key": "user<uid>"`.
fn user_field(buf: &mut Vec<u8>, key: &str, uid: u64) {
    field(buf, key);
    buf.extend_from_slice(b"\"user");
    json::uint(buf, uid);
    buf.push(b'"');
}

fn field(buf: &mut Vec<u8>, key: &str) {
    buf.extend_from_slice(b",\n   \"");
    buf.extend_from_slice(key.as_bytes());
    buf.extend_from_slice(b"\": ");
}

fn str_field(buf: &mut Vec<u8>, key: &str, v: &str) {
    field(buf, key);
    json::string(buf, v);
}

fn int_field(buf: &mut Vec<u8>, key: &str, v: u64) {
    field(buf, key);
    json::uint(buf, v);
}

/// Appends one `{ "type": …, "text": … }` entity at indentation `ind`.
fn entity(buf: &mut Vec<u8>, ind: &str, kind: &str, text: &str) {
    buf.extend_from_slice(ind.as_bytes());
    buf.extend_from_slice(b"{\n ");
    buf.extend_from_slice(ind.as_bytes());
    buf.extend_from_slice(b"\"type\": \"");
    buf.extend_from_slice(kind.as_bytes());
    buf.extend_from_slice(b"\",\n ");
    buf.extend_from_slice(ind.as_bytes());
    buf.extend_from_slice(b"\"text\": ");
    json::string(buf, text);
    buf.push(b'\n');
    buf.extend_from_slice(ind.as_bytes());
    buf.push(b'}');
}

impl TelegramWriter {
    /// Creates `DIR/chats/` and one folder per group; the files are written as messages come.
    pub fn new(dir: &Path, org: &Org, seed: u64) -> Result<TelegramWriter, SimError> {
        let chats = dir.join("chats");
        let mut paths = Vec::with_capacity(org.groups.len());
        for g in 0..org.groups.len() as u32 {
            let d = chats.join(folder(org, g));
            mkdir(&d)?;
            paths.push(d.join("result.json"));
        }
        let mut files = GroupFiles::new(paths);
        for (g, grp) in org.groups.iter().enumerate() {
            let b = files.buf(g as u32);
            b.extend_from_slice(b"{\n \"name\": ");
            json::string(b, &grp.name);
            b.extend_from_slice(if grp.members.len() > 200 {
                b",\n \"type\": \"private_supergroup\",\n \"id\": "
            } else {
                b",\n \"type\": \"private_group\",\n \"id\": "
            });
            json::uint(b, chat_id(seed, g as u32));
            b.extend_from_slice(b",\n \"messages\": [");
        }
        let names = if org.lang == Lang::En { names(org) } else { Names::new() };
        Ok(TelegramWriter { files, seed, lang: org.lang, names, next_id: 1, text: String::new(), spans: Vec::new() })
    }

    /// `text` and `text_entities` for `self.text`.
    fn text(&mut self, g: u32) {
        spans(&self.text, &mut self.spans);
        let b = self.files.buf(g);
        field(b, "text");
        let plain = self.spans.iter().all(|s| s.0 == Span::Plain);
        if plain {
            json::string(b, &self.text);
        } else {
            b.push(b'[');
            for (i, (kind, r)) in self.spans.iter().enumerate() {
                b.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                if *kind == Span::Plain {
                    b.extend_from_slice(b"    ");
                    json::string(b, &self.text[r.clone()]);
                } else {
                    entity(b, "    ", kind.as_str(), &self.text[r.clone()]);
                }
            }
            b.extend_from_slice(b"\n   ]");
        }
        field(b, "text_entities");
        b.push(b'[');
        for (i, (kind, r)) in self.spans.iter().enumerate() {
            b.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            entity(b, "    ", kind.as_str(), &self.text[r.clone()]);
        }
        if !self.spans.is_empty() {
            b.extend_from_slice(b"\n   ");
        }
        b.push(b']');
    }
}

impl Writer for TelegramWriter {
    fn represents(&self, e: &Event) -> bool {
        e.sender.is_some() && !matches!(e.kind, MessageKind::Recall | MessageKind::Bot)
    }

    fn group_id(&self, _org: &Org, g: u32) -> String {
        chat_id(self.seed, g).to_string()
    }

    fn id(&mut self, _org: &Org, _g: u32, _ordinal: u32, _e: &Event, out: &mut String) {
        out.push_str(&self.next_id.to_string());
        self.next_id += 1;
    }

    fn message(&mut self, org: &Org, g: u32, e: &Event, id: &str, reply: Option<&str>) -> Result<(), SimError> {
        let sender = e.sender.expect("represented events have senders");
        let who = &org.members[sender as usize];
        let uid = user_id(self.seed, sender);
        let first = self.files.counts[g as usize] == 0;
        self.files.counts[g as usize] += 1;
        let b = self.files.buf(g);
        b.extend_from_slice(if first { b"\n  {\n   \"id\": " } else { b",\n  {\n   \"id\": " });
        b.extend_from_slice(id.as_bytes());
        b.extend_from_slice(if e.join { b",\n   \"type\": \"service\"" } else { b",\n   \"type\": \"message\"" });
        field(b, "date");
        date(b, e.time);
        field(b, "date_unixtime");
        b.push(b'"');
        json::int(b, e.time.div_euclid(1000));
        b.push(b'"');
        if e.join {
            str_field(b, "actor", &who.name);
            user_field(b, "actor_id", uid);
            let grp = &org.groups[g as usize];
            if self.lang == Lang::Zh {
                str_field(b, "action", "create_group");
                str_field(b, "title", &grp.name);
                field(b, "members");
                b.push(b'[');
                for (i, &m) in grp.members.iter().filter(|&&m| m != sender).enumerate() {
                    b.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
                    json::string(b, &org.members[m as usize].name);
                }
                b.extend_from_slice(if grp.members.len() > 1 { b"\n   ]" } else { b"]" });
            } else {
                str_field(b, "action", "join_group_by_link");
                str_field(b, "inviter", &org.members[grp.owner as usize].name);
            }
            b.extend_from_slice(b",\n   \"text\": \"\",\n   \"text_entities\": []\n  }");
            return self.files.wrote(g);
        }
        str_field(b, "from", &who.name);
        user_field(b, "from_id", uid);
        if let Some(r) = reply {
            field(b, "reply_to_message_id");
            b.extend_from_slice(r.as_bytes());
        }
        let h = mix64(self.seed ^ id.parse::<u64>().unwrap_or(0));
        self.text.clear();
        match e.kind {
            MessageKind::Image => {
                str_field(b, "photo", NOT_INCLUDED);
                int_field(b, "photo_file_size", 40_000 + h % 400_000);
                int_field(b, "width", 1280);
                int_field(b, "height", if h & 1 == 0 { 960 } else { 1706 });
            }
            MessageKind::Sticker => {
                str_field(b, "file", NOT_INCLUDED);
                int_field(b, "file_size", 8_000 + h % 40_000);
                str_field(b, "thumbnail", NOT_INCLUDED);
                int_field(b, "thumbnail_file_size", 2_000 + h % 6_000);
                str_field(b, "media_type", "sticker");
                let emoji = match e.label {
                    Label::Ack => "👍",
                    Label::Greeting => "☀️",
                    Label::Flattery => "👏",
                    _ => "😊",
                };
                str_field(b, "sticker_emoji", emoji);
                int_field(b, "width", 512);
                int_field(b, "height", 512);
            }
            MessageKind::File => {
                str_field(b, "file", NOT_INCLUDED);
                let name = match self.lang {
                    Lang::Zh => format!("通知{:04}.pdf", h % 10_000),
                    Lang::En => format!("notice-{:04}.pdf", h % 10_000),
                };
                str_field(b, "file_name", &name);
                int_field(b, "file_size", 30_000 + h % 2_000_000);
                str_field(b, "mime_type", "application/pdf");
            }
            _ => {}
        }
        if self.lang == Lang::En {
            unslack(&e.text, &self.names, &mut self.text);
        } else {
            self.text.push_str(&e.text);
        }
        self.text(g);
        self.files.buf(g).extend_from_slice(b"\n  }");
        self.files.wrote(g)
    }

    fn end_group_day(&mut self, _org: &Org, _g: u32, _day: &str) -> Result<(), SimError> {
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SimError> {
        for g in 0..self.files.counts.len() {
            let any = self.files.counts[g] > 0;
            self.files.buf(g as u32).extend_from_slice(if any { b"\n ]\n}\n" } else { b"]\n}\n" });
        }
        self.files.finish()
    }
}
