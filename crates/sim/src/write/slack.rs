//! A Slack workspace export folder: `users.json`, `channels.json` (id, name, created, creator, is_archived,
//! members, topic, purpose) and one folder per channel with a `YYYY-MM-DD.json` array of messages per day
//! (`type`, `user`, `text`, `ts`; `subtype` for joins and bots, `bot_id`, `thread_ts` for threads, `files` for
//! images). Message ids are the `ts` strings. Days are the workspace's local days (UTC+8).

use super::{Writer, mkdir};
use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::rng::mix64;
use jingjian_model::{Label, MessageKind, Millis};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Writes the export folder.
pub struct SlackWriter {
    dir: PathBuf,
    day: Vec<Msg>,
}

#[derive(Serialize)]
struct Msg {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtype: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bot_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<&'static str>,
    text: String,
    ts: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    thread_ts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply_count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_user_id: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<File>,
}

#[derive(Serialize)]
struct File {
    id: String,
    name: String,
    mimetype: &'static str,
    filetype: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    value: &'a str,
    creator: &'a str,
    last_set: i64,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    name: &'a str,
    created: i64,
    creator: &'a str,
    is_archived: bool,
    is_general: bool,
    members: Vec<&'a str>,
    topic: Text<'a>,
    purpose: Text<'a>,
}

#[derive(Serialize)]
struct Profile<'a> {
    real_name: &'a str,
    display_name: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct User<'a> {
    id: &'a str,
    team_id: &'static str,
    name: String,
    deleted: bool,
    real_name: &'a str,
    is_bot: bool,
    profile: Profile<'a>,
}

fn write_json<T: Serialize>(path: &Path, v: &T) -> Result<(), SimError> {
    let f = std::fs::File::create(path).map_err(|e| SimError::io(path, e))?;
    let mut w = std::io::BufWriter::new(f);
    serde_json::to_writer_pretty(&mut w, v).map_err(|e| SimError::Json {
        path: path.to_path_buf(),
        record: 1,
        source: e,
    })?;
    std::io::Write::flush(&mut w).map_err(|e| SimError::io(path, e))
}

impl SlackWriter {
    /// Creates the folder with `users.json`, `channels.json` and one folder per channel.
    pub fn new(dir: &Path, org: &Org) -> Result<SlackWriter, SimError> {
        let users: Vec<User> = org
            .members
            .iter()
            .map(|m| User {
                id: &m.id,
                team_id: "T0SIMULATED",
                name: m.name.to_lowercase().replace(' ', "."),
                deleted: false,
                real_name: &m.name,
                is_bot: false,
                profile: Profile { real_name: &m.name, display_name: &m.name, title: &org.units[m.unit].name },
            })
            .collect();
        write_json(&dir.join("users.json"), &users)?;
        let channels: Vec<Channel> = org
            .groups
            .iter()
            .map(|g| {
                let creator = org.members[g.owner as usize].id.as_str();
                Channel {
                    id: &g.id,
                    name: &g.name,
                    created: g.created.div_euclid(1000),
                    creator,
                    is_archived: false,
                    is_general: g.name == "general",
                    members: g.members.iter().map(|&m| org.members[m as usize].id.as_str()).collect(),
                    topic: Text { value: "", creator: "", last_set: 0 },
                    purpose: Text { value: &g.purpose, creator, last_set: g.created.div_euclid(1000) },
                }
            })
            .collect();
        write_json(&dir.join("channels.json"), &channels)?;
        for g in &org.groups {
            mkdir(&dir.join(&g.name))?;
        }
        Ok(SlackWriter { dir: dir.to_path_buf(), day: Vec::new() })
    }
}

/// The Slack `ts` of a message: seconds, a dot, and six digits (milliseconds, then the group number modulo
/// 1000 so that two channels' messages in the same millisecond still differ).
pub fn ts(g: u32, time: Millis, out: &mut String) {
    let secs = time.div_euclid(1000);
    let micro = time.rem_euclid(1000) * 1000 + (g % 1000) as i64;
    out.push_str(&format!("{secs}.{micro:06}"));
}

impl Writer for SlackWriter {
    fn represents(&self, e: &Event) -> bool {
        e.kind != MessageKind::Recall && (e.sender.is_some() || e.kind == MessageKind::Bot)
    }

    fn id(&mut self, _org: &Org, g: u32, _ordinal: u32, e: &Event, out: &mut String) {
        ts(g, e.time, out);
    }

    fn message(&mut self, org: &Org, _g: u32, e: &Event, id: &str, reply: Option<&str>) -> Result<(), SimError> {
        let user = e.sender.filter(|_| e.kind != MessageKind::Bot).map(|s| org.members[s as usize].id.clone());
        let mut m = Msg {
            kind: "message",
            subtype: None,
            user,
            bot_id: None,
            username: None,
            text: e.text.clone(),
            ts: id.to_string(),
            thread_ts: None,
            reply_count: None,
            parent_user_id: None,
            files: Vec::new(),
        };
        match e.kind {
            MessageKind::Bot => {
                m.subtype = Some("bot_message");
                let name = e.bot.unwrap_or("bot");
                m.bot_id = Some(format!("B{:08X}", mix64(name.len() as u64 * 131 + name.as_bytes()[0] as u64) as u32));
                m.username = e.bot;
            }
            MessageKind::System if e.join => m.subtype = Some("channel_join"),
            MessageKind::Sticker => {
                m.text = match e.label {
                    Label::Ack => ":+1:",
                    Label::Greeting => ":sunny:",
                    Label::Flattery => ":clap:",
                    _ => ":smile:",
                }
                .to_string();
            }
            MessageKind::Image | MessageKind::File => {
                let h = mix64(id.len() as u64 ^ e.time as u64);
                let (name, mimetype, filetype) = if e.kind == MessageKind::Image {
                    (format!("IMG_{:04}.jpg", h % 10_000), "image/jpeg", "jpg")
                } else {
                    (format!("notice-{:04}.pdf", h % 10_000), "application/pdf", "pdf")
                };
                m.files.push(File { id: format!("F{:010X}", h >> 24), name, mimetype, filetype });
            }
            _ => {}
        }
        if let Some(root) = reply
            && let Some(r) = self.day.iter_mut().find(|x| x.ts == root)
        {
            r.thread_ts = Some(root.to_string());
            r.reply_count = Some(r.reply_count.unwrap_or(0) + 1);
            m.thread_ts = Some(root.to_string());
            m.parent_user_id = r.user.clone();
        }
        self.day.push(m);
        Ok(())
    }

    fn end_group_day(&mut self, org: &Org, g: u32, day: &str) -> Result<(), SimError> {
        if self.day.is_empty() {
            return Ok(());
        }
        let path = self.dir.join(&org.groups[g as usize].name).join(format!("{day}.json"));
        write_json(&path, &self.day)?;
        self.day.clear();
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SimError> {
        Ok(())
    }
}
