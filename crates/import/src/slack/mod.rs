//! Slack workspace exports, official or slackdump "Standard", as a zip or an unpacked folder.
//!
//! The root holds `users.json` (or `org_users.json`) and the conversation lists `channels.json` (public),
//! `groups.json` (private), `mpims.json` (group direct messages) and `dms.json` (direct messages); each
//! conversation has a folder named after it (direct messages: after their id) of `YYYY-MM-DD.json` day files,
//! each an array of messages. Members and conversations are read first, then the day files one at a time, each
//! streamed element by element, so memory holds one message plus the id maps of conversations and bots.
//!
//! A lone root file (`channels.json`, `users.json`, …, or any name ending so) reads as what it holds: its
//! groups and memberships or its members. A lone day file, or a lone message object, reads as messages of a
//! conversation named after the file.

mod message;
mod meta;

use crate::json::each_element;
use crate::{Bundle, Format, ImportError, Options, Sink};
use jingjian_model::{Group, GroupKind, Member, MessageKind, Record, Source};
use message::SlackMessage;
use meta::{Conversation, ROOT_FILES, Role, SlackUser, role_of_file_name};
use std::collections::{HashMap, HashSet};

/// The Slack workspace export format.
pub struct Slack;

/// Where the parts of a folder or zip export are.
struct Layout {
    /// Root files present, with their roles, in reading order.
    roots: Vec<(String, Role)>,
    /// Day files: (entry, conversation folder), in entry order (so by folder, then by date).
    days: Vec<(String, String)>,
}

/// Whether `name` looks like `YYYY-MM-DD.json`.
fn is_day_file(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    let b = stem.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Finds the export's root (the entries' folder, or one folder down, as when a zip wraps the export in a folder)
/// from where its root files are; `None` when there are none.
fn layout(entries: &[String]) -> Option<Layout> {
    let is_root_file = |e: &str| ROOT_FILES.iter().any(|(n, _)| e.rsplit('/').next() == Some(n));
    let prefix = entries
        .iter()
        .filter(|e| e.matches('/').count() <= 1 && is_root_file(e))
        .map(|e| e.rsplit_once('/').map_or(String::new(), |(p, _)| format!("{p}/")))
        .min_by_key(String::len)?;
    let roots = ROOT_FILES
        .iter()
        .map(|(n, r)| (format!("{prefix}{n}"), *r))
        .filter(|(n, _)| entries.binary_search(n).is_ok())
        .collect();
    let days = entries
        .iter()
        .filter_map(|e| {
            let rest = e.strip_prefix(&prefix)?;
            let (folder, file) = rest.split_once('/')?;
            (!file.contains('/') && is_day_file(file)).then(|| (e.clone(), folder.to_owned()))
        })
        .collect();
    Some(Layout { roots, days })
}

impl Format for Slack {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn source(&self) -> Source {
        Source::Slack
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if !bundle.is_file() {
            return Ok(match layout(bundle.entries()) {
                Some(l) if !l.days.is_empty() => 90,
                Some(_) => 75,
                None => 0,
            });
        }
        let name = bundle.entries()[0].clone();
        let head = bundle.head_text(&name, 4096)?;
        let head = head.trim_start();
        if role_of_file_name(&name).is_some() && head.starts_with('[') {
            return Ok(70);
        }
        let messagey = head.contains("\"ts\"") && head.contains("\"message\"") && !head.contains("\"messages\"");
        Ok(match head.chars().next() {
            Some('[') if messagey => 60,
            Some('{') if messagey => 50,
            _ => 0,
        })
    }

    fn read(&self, bundle: &mut Bundle, _opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let mut state = State::default();
        if bundle.is_file() {
            let name = bundle.entries()[0].clone();
            return match role_of_file_name(&name) {
                Some(role) => read_root(bundle, &name, role, &mut state, sink),
                None => {
                    let base = name.rsplit('/').next().unwrap_or(&name);
                    let group = base.strip_suffix(".json").unwrap_or(base).to_owned();
                    read_day(bundle, &name, &group, &mut state, sink)
                }
            };
        }
        let Some(layout) = layout(bundle.entries()) else {
            return Err(ImportError::invalid(
                crate::Location::file(bundle.path().display().to_string()),
                "expected a Slack export: channels.json or users.json at its root",
            ));
        };
        for (entry, role) in &layout.roots {
            read_root(bundle, entry, *role, &mut state, sink)?;
        }
        for (entry, folder) in &layout.days {
            let group = match state.folders.get(folder) {
                Some(id) => id.clone(),
                None => {
                    if state.unlisted.insert(folder.clone()) {
                        let g = Group {
                            source: Source::Slack,
                            id: folder.clone(),
                            name: Some(folder.clone()),
                            kind: GroupKind::Channel,
                            created: None,
                            owner: None,
                            unit: None,
                            purpose: None,
                            archived: false,
                        };
                        sink.record(Record::Group(g)).map_err(ImportError::Sink)?;
                    }
                    folder.clone()
                }
            };
            read_day(bundle, entry, &group, &mut state, sink)?;
        }
        Ok(())
    }
}

/// What is remembered across files: folder name → conversation id, the members already declared, and the
/// folders that no conversation list named.
#[derive(Default)]
struct State {
    folders: HashMap<String, String>,
    members: HashSet<String>,
    unlisted: HashSet<String>,
}

fn read_root(
    bundle: &mut Bundle,
    entry: &str,
    role: Role,
    state: &mut State,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let shown = bundle.display(entry);
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(entry)?).map_err(|e| ImportError::io(&shown, e))?;
    match role {
        Role::Users => {
            each_element(r, shown, sink, "an array of Slack users", false, |ctx, u: SlackUser| {
                state.members.insert(u.id.clone());
                ctx.sink.record(Record::Member(u.to_member())).map_err(ImportError::Sink)
            })?;
        }
        Role::Conversations(kind) => {
            each_element(r, shown, sink, "an array of Slack conversations", false, |ctx, c: Conversation| {
                state.folders.insert(c.id.clone(), c.id.clone());
                if let Some(n) = c.name.as_ref().filter(|n| !n.is_empty()) {
                    state.folders.insert(n.clone(), c.id.clone());
                }
                ctx.sink.record(Record::Group(c.to_group(kind))).map_err(ImportError::Sink)?;
                for m in c.memberships() {
                    ctx.sink.record(Record::Membership(m)).map_err(ImportError::Sink)?;
                }
                Ok(())
            })?;
        }
    }
    Ok(())
}

fn read_day(
    bundle: &mut Bundle,
    entry: &str,
    group: &str,
    state: &mut State,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let shown = bundle.display(entry);
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(entry)?).map_err(|e| ImportError::io(&shown, e))?;
    each_element(r, shown, sink, "an array of Slack messages", true, |ctx, m: SlackMessage| {
        let msg = m.to_message(group).map_err(|e| ImportError::invalid(ctx.here(), e))?;
        if msg.kind == MessageKind::Bot
            && let Some(id) = msg.sender.as_ref().filter(|id| !state.members.contains(*id))
        {
            state.members.insert(id.clone());
            let member = Member {
                source: Source::Slack,
                id: id.clone(),
                name: m.bot_name(),
                unit: None,
                role: None,
                bot: true,
                deleted: false,
            };
            ctx.sink.record(Record::Member(member)).map_err(ImportError::Sink)?;
        }
        ctx.sink.record(Record::Message(msg)).map_err(ImportError::Sink)
    })?;
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
