//! The streaming walk over a Telegram Desktop export: serde visitors that read the top-level object, the
//! `chats.list`/`left_chats.list` arrays and each chat's `messages` array, pushing every message to the sink as
//! soon as it is parsed. Nothing but the current message (and the set of members already declared) is held —
//! except when a chat's `messages` come before its `id` (Telegram Desktop always writes `name`, `type`, `id`
//! first; hand-made files may not): those messages are buffered until the end of the chat object, because their
//! group id is not known before.

use super::message::TgMessage;
use crate::json::{Ctx, EachSeed, Loose};
use crate::{ImportError, Options};
use jingjian_model::{Group, GroupKind, Member, Membership, Record, Source};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::marker::PhantomData;

/// What the walk remembers across chats.
pub(crate) struct Walk<'o> {
    pub opts: &'o Options,
    /// Names a chat without `id` or `name` falls back to (the file's name).
    pub fallback: String,
    /// Member ids already declared.
    pub members: HashSet<String>,
    /// Display name → member id, from senders seen, to resolve invited members (given by name only).
    pub names: HashMap<String, String>,
    /// Chats seen, for fallback ids.
    pub chats: u64,
}

/// The group kind of a Telegram chat `type`.
pub(crate) fn group_kind(t: Option<&str>) -> GroupKind {
    match t {
        Some("personal_chat" | "bot_chat" | "saved_messages") => GroupKind::Direct,
        Some("private_channel" | "public_channel") => GroupKind::Broadcast,
        _ => GroupKind::Group,
    }
}

impl Walk<'_> {
    fn message(&mut self, ctx: &mut Ctx<'_>, group: &str, n: u64, m: TgMessage) -> Result<(), ImportError> {
        let msg = m.to_message(group, n, self.opts.tz).map_err(|e| ImportError::invalid(ctx.here(), e))?;
        let sink = |ctx: &mut Ctx<'_>, r: Record| ctx.sink.record(r).map_err(ImportError::Sink);
        if let Some((id, name)) = m.sender() {
            if let Some(name) = name.as_ref().filter(|n| !n.is_empty()) {
                self.names.entry(name.clone()).or_insert_with(|| id.clone());
            }
            if self.members.insert(id.clone()) {
                let member =
                    Member { source: Source::Telegram, id, name, unit: None, role: None, bot: false, deleted: false };
                sink(ctx, Record::Member(member))?;
            }
        }
        if m.is_service() {
            let joined = matches!(
                m.action.as_deref(),
                Some("join_group_by_link" | "join_group_by_request" | "invite_members" | "create_group")
            );
            let left = m.action.as_deref() == Some("remove_members");
            let mut who: Vec<String> = Vec::new();
            if matches!(m.action.as_deref(), Some("join_group_by_link" | "join_group_by_request")) {
                who.extend(msg.sender.clone());
            }
            if joined || left {
                for name in m.members.iter().flatten().flatten() {
                    who.push(self.names.get(name).cloned().unwrap_or_else(|| name.clone()));
                }
            }
            for member in who {
                let ms = Membership {
                    source: Source::Telegram,
                    group: group.to_owned(),
                    member,
                    joined: joined.then_some(msg.time),
                    left: left.then_some(msg.time),
                };
                sink(ctx, Record::Membership(ms))?;
            }
        }
        sink(ctx, Record::Message(msg))
    }
}

/// A chat object (or, with `top`, the whole file, which is either one chat or a full-account export).
pub(crate) struct ChatSeed<'c, 's, 'o> {
    pub ctx: &'c mut Ctx<'s>,
    pub walk: &'c mut Walk<'o>,
    pub top: bool,
}

#[derive(Default, PartialEq, Clone)]
struct Head {
    name: Option<String>,
    kind: Option<String>,
    id: Option<String>,
}

impl Head {
    fn group(&self, id: &str) -> Group {
        Group {
            source: Source::Telegram,
            id: id.to_owned(),
            name: self.name.clone(),
            kind: group_kind(self.kind.as_deref()),
            created: None,
            owner: None,
            unit: None,
            purpose: None,
            archived: false,
        }
    }
}

impl<'de> DeserializeSeed<'de> for ChatSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChatSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.top { "a Telegram export object" } else { "a chat object" })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ChatSeed { ctx, walk, top } = self;
        walk.chats += 1;
        let fallback =
            if top || walk.chats == 1 { walk.fallback.clone() } else { format!("{}#{}", walk.fallback, walk.chats) };
        let mut head = Head::default();
        let mut emitted: Option<(String, Head)> = None;
        let mut buffered: Option<Vec<(u64, TgMessage)>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => head.name = map.next_value()?,
                "type" => head.kind = map.next_value()?,
                "id" => head.id = map.next_value::<Option<Loose>>()?.map(|l| l.0),
                "messages" => {
                    if let Some(id) = head.id.clone() {
                        ctx.emit::<A::Error>(Record::Group(head.group(&id)))?;
                        emitted = Some((id.clone(), head.clone()));
                        let each = |ctx: &mut Ctx<'_>, n: u64, m: TgMessage| walk.message(ctx, &id, n, m);
                        map.next_value_seed(EachSeed { ctx: &mut *ctx, each, _t: PhantomData })?;
                    } else {
                        let mut buf = Vec::new();
                        let each = |_: &mut Ctx<'_>, n: u64, m: TgMessage| {
                            buf.push((n, m));
                            Ok(())
                        };
                        map.next_value_seed(EachSeed { ctx: &mut *ctx, each, _t: PhantomData })?;
                        buffered = Some(buf);
                    }
                    ctx.record = 0;
                }
                "chats" | "left_chats" if top => {
                    map.next_value_seed(ListSeed { ctx: &mut *ctx, walk: &mut *walk })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let is_chat = head != Head::default() || buffered.is_some();
        match emitted {
            // Fields after `messages` completed the chat: declare it again with them (same key).
            Some((id, before)) if before != head => ctx.emit::<A::Error>(Record::Group(head.group(&id)))?,
            Some(_) => {}
            None if is_chat => {
                let id = head.id.clone().or_else(|| head.name.clone()).unwrap_or(fallback);
                ctx.emit::<A::Error>(Record::Group(head.group(&id)))?;
                for (n, m) in buffered.into_iter().flatten() {
                    ctx.record = n;
                    if let Err(e) = walk.message(ctx, &id, n, m) {
                        return Err(ctx.fail(e));
                    }
                }
                ctx.record = 0;
            }
            None => {}
        }
        Ok(())
    }
}

/// `chats` or `left_chats`: `{about, list: [chat, …]}`.
struct ListSeed<'c, 's, 'o> {
    ctx: &'c mut Ctx<'s>,
    walk: &'c mut Walk<'o>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with a `list` of chats")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                map.next_value_seed(ChatsSeed { ctx: &mut *self.ctx, walk: &mut *self.walk })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `list` array of chats.
struct ChatsSeed<'c, 's, 'o> {
    ctx: &'c mut Ctx<'s>,
    walk: &'c mut Walk<'o>,
}

impl<'de> DeserializeSeed<'de> for ChatsSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ChatsSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(ChatSeed { ctx: &mut *self.ctx, walk: &mut *self.walk, top: false })?.is_some() {}
        Ok(())
    }
}
