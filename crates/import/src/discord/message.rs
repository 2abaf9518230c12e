//! The parts of a DiscordChatExporter JSON file — `guild`, `channel` and one message — and how they become
//! canonical records.

use crate::json::{Loose, Present};
use jingjian_model::time::parse_rfc3339;
use jingjian_model::{Group, GroupKind, Member, Message, MessageKind, Source};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// `channel`: the channel, thread or DM exported. For threads, `category` is the parent channel.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Channel {
    pub id: Loose,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub category: Option<String>,
    pub name: Option<String>,
    pub topic: Option<String>,
}

/// The group kind of a DCE `channel.type`.
pub(crate) fn group_kind(t: Option<&str>) -> GroupKind {
    match t {
        Some("DirectTextChat") => GroupKind::Direct,
        Some("DirectGroupTextChat") => GroupKind::DirectGroup,
        Some("GuildNewsThread" | "GuildPublicThread" | "GuildPrivateThread") => GroupKind::Thread,
        Some("GuildNewsChat" | "GuildAnnouncement") => GroupKind::Broadcast,
        _ => GroupKind::Channel,
    }
}

impl Channel {
    /// The canonical group. A thread's name is prefixed with its parent channel (`parent › thread`), the only
    /// place the model has for that link; the topic is its purpose.
    pub fn to_group(&self) -> Group {
        let kind = group_kind(self.kind.as_deref());
        let name = match (kind, &self.category, &self.name) {
            (GroupKind::Thread, Some(parent), Some(n)) if !parent.is_empty() => Some(format!("{parent} › {n}")),
            (_, _, n) => n.clone(),
        };
        Group {
            source: Source::Discord,
            id: self.id.0.clone(),
            name,
            kind,
            created: None,
            owner: None,
            unit: None,
            purpose: self.topic.clone().filter(|t| !t.trim().is_empty()),
            archived: false,
        }
    }
}

/// `author` of a message (and the shape of `mentions[]` entries).
#[derive(Debug, Deserialize)]
pub(crate) struct Author {
    pub id: Loose,
    pub name: Option<String>,
    pub nickname: Option<String>,
    #[serde(rename = "isBot")]
    pub is_bot: Option<bool>,
}

impl Author {
    /// The canonical member: nickname, else name. Discord shows removed accounts as "Deleted User".
    pub fn to_member(&self) -> Member {
        let name = self.nickname.clone().filter(|n| !n.is_empty()).or_else(|| self.name.clone());
        Member {
            source: Source::Discord,
            id: self.id.0.clone(),
            deleted: self.name.as_deref() == Some("Deleted User"),
            name,
            unit: None,
            role: None,
            bot: self.is_bot.unwrap_or(false),
        }
    }
}

/// An attachment; only its file name matters (for the kind).
#[derive(Debug, Deserialize)]
pub(crate) struct Attachment {
    #[serde(rename = "fileName")]
    pub file_name: Option<String>,
}

/// `reference`: the message replied to (or pinned, or that started a thread).
#[derive(Debug, Deserialize)]
pub(crate) struct Reference {
    #[serde(rename = "messageId")]
    pub message_id: Option<Loose>,
}

/// The fields of a DCE message the audit uses.
#[derive(Debug, Deserialize)]
pub(crate) struct DceMessage {
    pub id: Loose,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub timestamp: String,
    #[serde(rename = "timestampEdited")]
    pub timestamp_edited: Option<IgnoredAny>,
    pub content: Option<String>,
    pub author: Author,
    pub attachments: Option<Vec<Attachment>>,
    pub stickers: Option<Vec<IgnoredAny>>,
    pub mentions: Option<Vec<Author>>,
    pub reference: Option<Reference>,
    #[serde(rename = "forwardedMessage", default)]
    pub forwarded: Present,
}

/// The kind of an attached file, from its extension.
fn attachment_kind(name: &str) -> MessageKind {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "heic" => MessageKind::Image,
        "mp4" | "mov" | "webm" | "mkv" | "avi" => MessageKind::Video,
        "ogg" | "mp3" | "m4a" | "wav" | "opus" => MessageKind::Voice,
        _ => MessageKind::File,
    }
}

impl DceMessage {
    fn kind(&self) -> MessageKind {
        if !matches!(self.kind.as_deref(), None | Some("Default" | "Reply")) {
            return MessageKind::System;
        }
        if self.author.is_bot == Some(true) {
            return MessageKind::Bot;
        }
        let content_empty = self.content.as_deref().is_none_or(|c| c.trim().is_empty());
        if let Some(first) = self.attachments.iter().flatten().next() {
            return attachment_kind(first.file_name.as_deref().unwrap_or(""));
        }
        if content_empty && self.stickers.as_ref().is_some_and(|s| !s.is_empty()) {
            return MessageKind::Sticker;
        }
        MessageKind::Text
    }

    /// The canonical message in `group`; fails when `timestamp` is not an RFC 3339 time.
    pub fn to_message(&self, group: &str) -> Result<Message, String> {
        let time = parse_rfc3339(&self.timestamp)
            .ok_or_else(|| format!("`timestamp` is not an RFC 3339 time: `{}`", self.timestamp))?;
        let mut m = Message::new(Source::Discord, group, self.id.0.clone(), time);
        m.sender = Some(self.author.id.0.clone());
        m.kind = self.kind();
        m.text = self.content.clone().unwrap_or_default();
        m.mentions_all = m.text.contains("@everyone") || m.text.contains("@here");
        for who in self.mentions.iter().flatten() {
            if !m.mentions.contains(&who.id.0) {
                m.mentions.push(who.id.0.clone());
            }
        }
        if matches!(self.kind.as_deref(), None | Some("Default" | "Reply")) {
            m.reply_to = self.reference.as_ref().and_then(|r| r.message_id.as_ref()).map(|i| i.0.clone());
        }
        m.forwarded = self.forwarded.0;
        m.edited = self.timestamp_edited.is_some();
        m.attachments = u32::try_from(self.attachments.as_ref().map_or(0, Vec::len)).unwrap_or(u32::MAX);
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(extra: &str) -> Message {
        let j = format!(
            r#"{{"id":"9","timestamp":"2023-01-06T16:11:26.414+00:00","author":{{"id":"1","name":"a","isBot":false}}{extra}}}"#
        );
        serde_json::from_str::<DceMessage>(&j).unwrap().to_message("c").unwrap()
    }

    #[test]
    fn defaults_and_replies() {
        let m = msg(r#","type":"Default","content":"hi @everyone","timestampEdited":null"#);
        assert_eq!((m.kind, m.time, m.mentions_all, m.edited), (MessageKind::Text, 1_673_021_486_414, true, false));
        let r = msg(r#","type":"Reply","content":"yes","timestampEdited":"2023-01-06T16:12:00+00:00",
               "reference":{"messageId":"7","channelId":"c"},"mentions":[{"id":"2","name":"b"}]"#);
        assert_eq!((r.reply_to.as_deref(), r.mentions.clone(), r.edited), (Some("7"), vec!["2".to_string()], true));
    }

    #[test]
    fn other_types_are_system_and_bots_are_bots() {
        for t in [
            "RecipientAdd",
            "RecipientRemove",
            "Call",
            "ChannelNameChange",
            "ChannelIconChange",
            "ChannelPinnedMessage",
            "GuildMemberJoin",
            "ThreadCreated",
        ] {
            let m = msg(&format!(r#","type":"{t}","reference":{{"messageId":"5"}}"#));
            assert_eq!((m.kind, m.reply_to), (MessageKind::System, None), "{t}");
        }
        let j = r#"{"id":"9","type":"Default","timestamp":"2023-01-06T16:11:26Z","author":{"id":"1","isBot":true}}"#;
        let b = serde_json::from_str::<DceMessage>(j).unwrap().to_message("c").unwrap();
        assert_eq!(b.kind, MessageKind::Bot);
    }

    #[test]
    fn attachments_give_kinds_and_counts() {
        let m = msg(r#","type":"Default","attachments":[{"fileName":"a.PNG"},{"fileName":"b.pdf"}]"#);
        assert_eq!((m.kind, m.attachments), (MessageKind::Image, 2));
        assert_eq!(msg(r#","attachments":[{"fileName":"r.pdf"}]"#).kind, MessageKind::File);
        assert_eq!(msg(r#","content":"","stickers":[{"id":"1"}]"#).kind, MessageKind::Sticker);
        assert!(msg(r#","forwardedMessage":{"content":"x"}"#).forwarded);
    }

    #[test]
    fn threads_carry_their_parent_in_the_name() {
        let c: Channel = serde_json::from_str(
            r#"{"id":"5","type":"GuildPublicThread","categoryId":"4","category":"general","name":"release","topic":null}"#,
        )
        .unwrap();
        let g = c.to_group();
        assert_eq!((g.kind, g.name.as_deref()), (GroupKind::Thread, Some("general › release")));
        let a: Author = serde_json::from_str(r#"{"id":"5","name":"Deleted User","nickname":"Deleted User"}"#).unwrap();
        assert!(a.to_member().deleted);
    }

    #[test]
    fn a_bad_timestamp_is_refused() {
        let j = r#"{"id":"9","timestamp":"Jan 6","author":{"id":"1"}}"#;
        let e = serde_json::from_str::<DceMessage>(j).unwrap().to_message("c").unwrap_err();
        assert!(e.contains("RFC 3339"), "{e}");
    }
}
