//! Canonical JSON Lines (`workspace.jsonl`): units, members (with unit and role), groups (with unit and
//! owner), memberships, then messages — each line exactly `serde_json::to_string(&jingjian_model::Record)`.
//! Messages take a hand-written fast path that produces the same bytes (checked by tests).

use super::{Out, Writer, json, msgid};
use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::preset::Lang;
use jingjian_model::{Group, GroupKind, Member, Membership, MessageKind, Millis, Record, Unit};
use std::path::Path;

/// Writes `workspace.jsonl`.
pub struct JsonlWriter {
    out: Out,
    seed: u64,
    buf: Vec<u8>,
}

impl JsonlWriter {
    /// Creates `dir/workspace.jsonl` and writes every non-message record.
    pub fn new(dir: &Path, org: &Org, seed: u64) -> Result<JsonlWriter, SimError> {
        let mut out = Out::create(&dir.join("workspace.jsonl"))?;
        let mut n = 0u64;
        let mut put = |out: &mut Out, r: &Record| -> Result<(), SimError> {
            n += 1;
            let line = serde_json::to_string(r).map_err(|e| SimError::Json {
                path: out.path.clone(),
                record: n,
                source: e,
            })?;
            out.write(line.as_bytes())?;
            out.write(b"\n")
        };
        for u in &org.units {
            let parent = u.parent.map(|p| org.units[p].id.clone());
            put(&mut out, &Record::Unit(Unit { id: u.id.clone(), name: Some(u.name.clone()), parent, quota: None }))?;
        }
        for m in &org.members {
            put(
                &mut out,
                &Record::Member(Member {
                    source: jingjian_model::Source::Jsonl,
                    id: m.id.clone(),
                    name: Some(m.name.clone()),
                    unit: Some(org.units[m.unit].id.clone()),
                    role: Some(if m.leader { "leader" } else { "staff" }.to_string()),
                    bot: false,
                    deleted: false,
                }),
            )?;
        }
        for g in &org.groups {
            put(
                &mut out,
                &Record::Group(Group {
                    source: jingjian_model::Source::Jsonl,
                    id: g.id.clone(),
                    name: Some(g.name.clone()),
                    kind: if org.lang == Lang::Zh { GroupKind::Group } else { GroupKind::Channel },
                    created: Some(g.created),
                    owner: Some(org.members[g.owner as usize].id.clone()),
                    unit: Some(org.units[g.unit].id.clone()),
                    purpose: (!g.purpose.is_empty()).then(|| g.purpose.clone()),
                    archived: false,
                }),
            )?;
        }
        for g in &org.groups {
            for &m in &g.members {
                put(
                    &mut out,
                    &Record::Membership(Membership {
                        source: jingjian_model::Source::Jsonl,
                        group: g.id.clone(),
                        member: org.members[m as usize].id.clone(),
                        joined: Some(g.created),
                        left: None,
                    }),
                )?;
            }
        }
        Ok(JsonlWriter { out, seed, buf: Vec::with_capacity(1 << 16) })
    }
}

/// Appends the canonical JSON of a message, byte-identical to serde_json's serialisation of
/// `Record::Message` with these fields.
#[allow(clippy::too_many_arguments)]
pub fn message_json(
    buf: &mut Vec<u8>,
    group: &str,
    id: &str,
    sender: Option<&str>,
    time: Millis,
    kind: MessageKind,
    text: &str,
    mention: Option<&str>,
    mentions_all: bool,
    reply_to: Option<&str>,
    forwarded: bool,
    attachments: u32,
) {
    buf.extend_from_slice(b"{\"type\":\"message\",\"source\":\"jsonl\",\"group\":");
    json::string(buf, group);
    buf.extend_from_slice(b",\"id\":");
    json::string(buf, id);
    if let Some(s) = sender {
        buf.extend_from_slice(b",\"sender\":");
        json::string(buf, s);
    }
    buf.extend_from_slice(b",\"time\":");
    json::time(buf, time);
    buf.extend_from_slice(b",\"kind\":\"");
    buf.extend_from_slice(kind.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"text\":");
    json::string(buf, text);
    if let Some(m) = mention {
        buf.extend_from_slice(b",\"mentions\":[");
        json::string(buf, m);
        buf.push(b']');
    }
    if mentions_all {
        buf.extend_from_slice(b",\"mentions_all\":true");
    }
    if let Some(r) = reply_to {
        buf.extend_from_slice(b",\"reply_to\":");
        json::string(buf, r);
    }
    if forwarded {
        buf.extend_from_slice(b",\"forwarded\":true");
    }
    if attachments > 0 {
        buf.extend_from_slice(b",\"attachments\":");
        json::int(buf, attachments as i64);
    }
    buf.push(b'}');
}

impl Writer for JsonlWriter {
    fn represents(&self, _e: &Event) -> bool {
        true
    }

    fn id(&mut self, _org: &Org, g: u32, ordinal: u32, e: &Event, out: &mut String) {
        msgid(self.seed, g, ordinal, e.time, out);
    }

    fn message(&mut self, org: &Org, g: u32, e: &Event, id: &str, reply: Option<&str>) -> Result<(), SimError> {
        let grp = &org.groups[g as usize];
        let sender = e.sender.filter(|_| e.kind != MessageKind::Bot).map(|s| org.members[s as usize].id.as_str());
        let mention = e.mention.map(|m| org.members[m as usize].id.as_str());
        let attachments = matches!(e.kind, MessageKind::Image | MessageKind::File | MessageKind::Video) as u32;
        self.buf.clear();
        message_json(
            &mut self.buf,
            &grp.id,
            id,
            sender,
            e.time,
            e.kind,
            &e.text,
            mention,
            e.mentions_all,
            reply,
            e.forwarded,
            attachments,
        );
        self.buf.push(b'\n');
        self.out.write(&self.buf)
    }

    fn end_group_day(&mut self, _org: &Org, _g: u32, _day: &str) -> Result<(), SimError> {
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SimError> {
        self.out.flush()
    }
}
