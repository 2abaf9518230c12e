//! One decrypted WeCom archive message object → canonical records (the message, and the group and memberships the
//! first time they are seen).

use super::wire::{Body, Lenient, Wire};
use crate::{ImportError, Location, Sink};
use jingjian_model::{Group, GroupKind, Membership, Message, MessageKind, Record, Source};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use serde_json::Value;

/// The pseudo-group that holds `switch` records (an enterprise-switch log entry belongs to no conversation).
pub const SWITCH_GROUP: &str = "_switch";

/// Turns message objects into records, remembering which groups and memberships it has already emitted so each is
/// emitted once. Memory grows with the number of groups and members, never with the number of messages.
#[derive(Default)]
pub struct Converter {
    groups: FxHashSet<String>,
    /// Members already emitted, by group: looked up with borrowed strings, so a message whose people are all known
    /// allocates nothing here.
    memberships: FxHashMap<String, FxHashSet<String>>,
}

impl Converter {
    /// Notes that `group` was already emitted (from room details), so messages do not emit a bare copy.
    pub fn known_group(&mut self, group: &str) {
        self.groups.insert(group.to_owned());
    }

    /// Notes that `member` of `group` was already emitted (from room details).
    pub fn known_membership(&mut self, group: &str, member: &str) {
        self.members_of(group).insert(member.to_owned());
    }

    /// Converts one parsed message object found at `at` and pushes its records into `sink`.
    pub fn convert(&mut self, value: Value, at: &Location, sink: &mut dyn Sink) -> Result<(), ImportError> {
        if !value.is_object() {
            return Err(ImportError::invalid(at.clone(), "expected a WeCom message object `{\"msgid\": …}`"));
        }
        let wire = Wire::deserialize(&value).map_err(|e| ImportError::invalid(at.clone(), e.to_string()))?;
        self.convert_wire(&wire, &|| at.clone(), sink)
    }

    /// Converts one message object, read straight from its JSON text, found at `at`.
    /// `at` gives the object's location, for errors.
    pub(super) fn convert_wire(
        &mut self,
        obj: &Wire<'_>,
        at: &dyn Fn() -> Location,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        if obj.has("encrypt_chat_msg") && !obj.has("msgtype") {
            return Err(ImportError::invalid(
                at(),
                "this is an encrypted archive record (`encrypt_chat_msg`); decrypt it with the WeCom finance SDK \
                 and import the decrypted message objects",
            ));
        }
        let msgid = obj
            .str("msgid")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| ImportError::invalid(at(), "a message has no `msgid` string"))?;
        let action = obj.str("action").unwrap_or("send");
        if action == "switch" {
            return self.switch(obj, msgid, at, sink);
        }
        let time = obj.int("msgtime").ok_or_else(|| {
            ImportError::invalid(at(), format!("message {msgid} has no `msgtime` (milliseconds since 1970)"))
        })?;
        let msgtype = obj
            .str("msgtype")
            .ok_or_else(|| ImportError::invalid(at(), format!("message {msgid} has no `msgtype`")))?;
        let from = obj.str("from").filter(|s| !s.is_empty());
        let tolist: Vec<&str> = obj.list("tolist").iter().map(|s| &**s).filter(|s| !s.is_empty()).collect();
        let roomid = obj.str("roomid").unwrap_or("");
        let (group, kind) = if !roomid.is_empty() {
            (roomid.to_owned(), GroupKind::Group)
        } else {
            let mut people: Vec<&str> = from.into_iter().chain(tolist.iter().copied()).collect();
            people.sort_unstable();
            people.dedup();
            if people.is_empty() {
                return Err(ImportError::invalid(
                    at(),
                    format!("message {msgid} has neither a `roomid` nor a `from`/`tolist` to place it in a chat"),
                ));
            }
            let kind = if people.len() > 2 { GroupKind::DirectGroup } else { GroupKind::Direct };
            (people.join("|"), kind)
        };
        self.group(&group, kind, None, sink)?;
        self.memberships(&group, from.into_iter().chain(tolist.iter().copied()), sink)?;

        let mut msg = Message::new(Source::Wecom, group, msgid, time);
        msg.sender = from.map(str::to_owned);
        let body = body(obj, msgtype);
        if action == "recall" || msgtype == "revoke" {
            msg.kind = MessageKind::Recall;
            msg.reply_to = body.and_then(|b| b.str("pre_msgid")).map(str::to_owned);
        } else {
            describe(&mut msg, msgtype, body);
        }
        if matches!(msg.kind, MessageKind::Text) {
            let (names, all) = crate::mention::extract(&msg.text);
            msg.mentions = names;
            msg.mentions_all = all;
        }
        sink.record(Record::Message(msg)).map_err(ImportError::Sink)
    }

    fn switch(
        &mut self,
        obj: &Wire<'_>,
        msgid: &str,
        at: &dyn Fn() -> Location,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let time = obj.int("time").or_else(|| obj.int("msgtime")).ok_or_else(|| {
            ImportError::invalid(at(), format!("switch record {msgid} has no `time` (milliseconds since 1970)"))
        })?;
        self.group(SWITCH_GROUP, GroupKind::Group, Some("WeCom enterprise-switch log"), sink)?;
        let mut msg = Message::new(Source::Wecom, SWITCH_GROUP, msgid, time);
        msg.kind = MessageKind::System;
        sink.record(Record::Message(msg)).map_err(ImportError::Sink)
    }

    fn group(&mut self, id: &str, kind: GroupKind, name: Option<&str>, sink: &mut dyn Sink) -> Result<(), ImportError> {
        if self.groups.contains(id) {
            return Ok(());
        }
        self.groups.insert(id.to_owned());
        sink.record(Record::Group(Group {
            source: Source::Wecom,
            id: id.to_owned(),
            name: name.map(str::to_owned),
            kind,
            created: None,
            owner: None,
            unit: None,
            purpose: None,
            archived: false,
        }))
        .map_err(ImportError::Sink)
    }

    /// The set of members already emitted for `group`, created empty the first time.
    fn members_of(&mut self, group: &str) -> &mut FxHashSet<String> {
        if !self.memberships.contains_key(group) {
            self.memberships.insert(group.to_owned(), FxHashSet::default());
        }
        self.memberships.get_mut(group).expect("just inserted")
    }

    /// Emits a membership of `group` for each of `members` not emitted before, in order.
    fn memberships<'m>(
        &mut self,
        group: &str,
        members: impl Iterator<Item = &'m str>,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let known = self.members_of(group);
        for member in members {
            if known.contains(member) {
                continue;
            }
            known.insert(member.to_owned());
            sink.record(Record::Membership(Membership {
                source: Source::Wecom,
                group: group.to_owned(),
                member: member.to_owned(),
                joined: None,
                left: None,
            }))
            .map_err(ImportError::Sink)?;
        }
        Ok(())
    }
}

/// The body object of a message: keyed by its `msgtype`, except where the documentation's examples use another key
/// (docmsg → `doc`, markdown and news → `info`, external_redpacket → `redpacket`).
fn body<'a>(obj: &'a Wire<'_>, msgtype: &str) -> Option<&'a Body<'a>> {
    let alternate = match msgtype {
        "docmsg" => "doc",
        "markdown" | "news" => "info",
        "external_redpacket" => "redpacket",
        _ => msgtype,
    };
    [msgtype, alternate].into_iter().find_map(|k| obj.get(k).and_then(Lenient::as_body))
}

/// Sets kind, text, attachments and the forwarded flag from the message type and its body.
fn describe(msg: &mut Message, msgtype: &str, body: Option<&Body<'_>>) {
    let get = |k: &str| body.and_then(|b| b.str(k)).unwrap_or("").to_owned();
    let (kind, text, attachments) = match msgtype {
        "text" => (MessageKind::Text, get("content"), 0),
        "markdown" => (MessageKind::Text, get("content"), 0),
        "image" => (MessageKind::Image, String::new(), 1),
        "voice" => (MessageKind::Voice, String::new(), 1),
        "video" => (MessageKind::Video, String::new(), 1),
        "emotion" => (MessageKind::Sticker, String::new(), 0),
        "file" => (MessageKind::File, get("filename"), 1),
        "qydiskfile" => (
            MessageKind::File,
            body.and_then(|b| b.info.as_ref())
                .and_then(|i| i.get("filename"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            1,
        ),
        "link" => (MessageKind::Link, get("title"), 0),
        "docmsg" => (MessageKind::Link, get("title"), 0),
        "sphfeed" => (MessageKind::Link, get("feed_desc"), 0),
        "news" => (MessageKind::Link, news_titles(body), 0),
        "location" => (MessageKind::Location, get("title"), 0),
        "redpacket" | "external_redpacket" => (MessageKind::RedPacket, get("wish"), 0),
        "vote" => (MessageKind::Poll, get("votetitle"), 0),
        "collect" => (MessageKind::Poll, get("title"), 0),
        "meeting_voice_call" | "voiptext" => (MessageKind::Call, String::new(), 0),
        "voip_doc_share" => (MessageKind::Other, get("filename"), 1),
        "agree" | "disagree" => (MessageKind::System, String::new(), 0),
        "chatrecord" => {
            msg.forwarded = true;
            (MessageKind::Other, get("title"), 0)
        }
        "weapp" | "calendar" | "todo" => (MessageKind::Other, get("title"), 0),
        "meeting" => (MessageKind::Other, get("topic"), 0),
        "mixed" => return mixed(msg, body),
        // card, meeting notifications and types added after this importer was written.
        _ => (MessageKind::Other, String::new(), 0),
    };
    msg.kind = kind;
    msg.text = text;
    msg.attachments = attachments;
}

/// The titles of a news message's items, one a line.
fn news_titles(body: Option<&Body<'_>>) -> String {
    let items = body.and_then(|b| b.item.as_ref()).and_then(Value::as_array);
    items
        .into_iter()
        .flatten()
        .filter_map(|i| i.get("title").and_then(Value::as_str))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mixed message: items whose `content` is itself JSON in a string. Text items give the text; every other item
/// is an attachment. Text present → kind text; only images → image; otherwise other.
fn mixed(msg: &mut Message, body: Option<&Body<'_>>) {
    let mut texts = Vec::new();
    let mut images = 0u32;
    let mut others = 0u32;
    let items = body.and_then(|b| b.item.as_ref()).and_then(Value::as_array);
    for item in items.into_iter().flatten() {
        let ty = item.get("type").and_then(Value::as_str).unwrap_or("");
        let content = item.get("content");
        if ty == "text" {
            let inner = match content {
                Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
                Some(v) => Some(v.clone()),
                None => None,
            };
            if let Some(t) = inner.as_ref().and_then(|v| v.get("content")).and_then(Value::as_str) {
                texts.push(t.trim_end().to_owned());
            }
        } else if ty == "image" {
            images += 1;
        } else {
            others += 1;
        }
    }
    msg.text = texts.join("\n");
    msg.attachments = images + others;
    msg.kind = if !texts.is_empty() {
        MessageKind::Text
    } else if images > 0 && others == 0 {
        MessageKind::Image
    } else {
        MessageKind::Other
    };
}

/// An integer field, written as a JSON number or a string of digits.
pub(crate) fn int_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<i64> {
    match obj.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
