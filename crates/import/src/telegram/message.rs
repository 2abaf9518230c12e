//! One Telegram Desktop message object and how it becomes a canonical [`Message`]: `text` as a string or as an
//! array of strings and `{type, text}` entities, `date_unixtime` (UTC) or `date` (local time, read in `--tz`),
//! service messages as system records, media as kinds.

use crate::json::{Loose, Present, epoch_seconds_to_ms};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use jingjian_model::{Message, MessageKind, Millis, Source, synthetic_id};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The fields of a Telegram message the audit uses.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TgMessage {
    pub id: Option<Loose>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub date: Option<String>,
    pub date_unixtime: Option<Loose>,
    pub from: Option<String>,
    pub from_id: Option<Loose>,
    pub actor: Option<String>,
    pub actor_id: Option<Loose>,
    pub action: Option<String>,
    /// Names (not ids) of the members a service message invited or removed.
    pub members: Option<Vec<Option<String>>>,
    pub text: Option<Text>,
    pub media_type: Option<String>,
    pub photo: Option<IgnoredAny>,
    pub file: Option<IgnoredAny>,
    pub poll: Option<IgnoredAny>,
    pub location_information: Option<IgnoredAny>,
    pub contact_information: Option<IgnoredAny>,
    pub reply_to_message_id: Option<Loose>,
    #[serde(default)]
    pub forwarded_from: Present,
    pub edited: Option<IgnoredAny>,
    pub edited_unixtime: Option<IgnoredAny>,
    pub via_bot: Option<String>,
}

/// `text`: a plain string, or an array of strings and entities.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Text {
    Plain(String),
    Parts(Vec<Part>),
}

/// One element of a `text` array.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Part {
    Plain(String),
    Entity {
        #[serde(rename = "type")]
        kind: Option<String>,
        text: Option<String>,
        user_id: Option<Loose>,
    },
}

/// A Telegram user or channel id as a member id: `user123`/`channel123` as given, a bare number as `user123`.
pub(crate) fn member_id(id: &Loose) -> String {
    if id.0.bytes().all(|b| b.is_ascii_digit()) { format!("user{}", id.0) } else { id.0.clone() }
}

/// A local `date` (`2019-07-05T16:55:32`) read in `tz`; in a DST gap, the hour after.
pub(crate) fn local_time(date: &str, tz: Tz) -> Option<Millis> {
    let ndt = NaiveDateTime::parse_from_str(date.trim(), "%Y-%m-%dT%H:%M:%S").ok()?;
    let t = tz
        .from_local_datetime(&ndt)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(ndt + chrono::Duration::hours(1))).earliest())?;
    Some(t.timestamp_millis())
}

impl TgMessage {
    /// Whether this is a service message (a join, a call, a rename…).
    pub fn is_service(&self) -> bool {
        self.kind.as_deref() == Some("service")
    }

    /// The sender's member id and display name: `from_id`/`from` for messages, `actor_id`/`actor` for service
    /// messages; the name stands in for the id when the export has no id (old or hand-made exports).
    pub fn sender(&self) -> Option<(String, Option<String>)> {
        let (id, name) = if self.is_service() { (&self.actor_id, &self.actor) } else { (&self.from_id, &self.from) };
        match (id, name) {
            (Some(id), name) => Some((member_id(id), name.clone())),
            (None, Some(name)) if !name.is_empty() => Some((name.clone(), Some(name.clone()))),
            _ => None,
        }
    }

    fn kind(&self) -> MessageKind {
        if self.is_service() {
            return MessageKind::System;
        }
        if self.kind.as_deref() == Some("unsupported") {
            return MessageKind::Other;
        }
        if self.via_bot.is_some() {
            return MessageKind::Bot;
        }
        if self.poll.is_some() {
            return MessageKind::Poll;
        }
        match self.media_type.as_deref() {
            Some("sticker") => return MessageKind::Sticker,
            Some("voice_message") => return MessageKind::Voice,
            Some("video_message" | "video_file" | "animation") => return MessageKind::Video,
            Some(_) => return MessageKind::File,
            None => {}
        }
        if self.photo.is_some() {
            MessageKind::Image
        } else if self.file.is_some() {
            MessageKind::File
        } else if self.location_information.is_some() {
            MessageKind::Location
        } else if self.contact_information.is_some() {
            MessageKind::Other
        } else {
            MessageKind::Text
        }
    }

    /// The joined text and the mentions (`mention` entities by user name without `@`, `mention_name` by id).
    fn text_and_mentions(&self) -> (String, Vec<String>) {
        match &self.text {
            None => (String::new(), Vec::new()),
            Some(Text::Plain(s)) => (s.clone(), Vec::new()),
            Some(Text::Parts(parts)) => {
                let mut text = String::new();
                let mut mentions: Vec<String> = Vec::new();
                for p in parts {
                    match p {
                        Part::Plain(s) => text.push_str(s),
                        Part::Entity { kind, text: t, user_id } => {
                            let t = t.as_deref().unwrap_or("");
                            text.push_str(t);
                            let who = match (kind.as_deref(), user_id) {
                                (Some("mention_name"), Some(id)) => Some(member_id(id)),
                                (Some("mention" | "mention_name"), _) if !t.is_empty() => {
                                    Some(t.trim_start_matches('@').to_owned())
                                }
                                _ => None,
                            };
                            if let Some(w) = who.filter(|w| !mentions.contains(w)) {
                                mentions.push(w);
                            }
                        }
                    }
                }
                (text, mentions)
            }
        }
    }

    /// The time and whether it came with its zone: `date_unixtime` is UTC; `date` is local, read in `tz`.
    pub fn time(&self, tz: Tz) -> Result<(Millis, bool), String> {
        if let Some(u) = &self.date_unixtime {
            return epoch_seconds_to_ms(&u.0)
                .map(|t| (t, true))
                .ok_or_else(|| format!("`date_unixtime` is not an epoch time: `{}`", u.0));
        }
        match &self.date {
            Some(d) => local_time(d, tz)
                .map(|t| (t, false))
                .ok_or_else(|| format!("`date` is not a time like 2019-07-05T16:55:32: `{d}`")),
            None => Err("expected a message with `date_unixtime` or `date`".to_owned()),
        }
    }

    /// The canonical message in `group`; `ordinal` (its place in the chat, from 1) makes an id when it has none.
    pub fn to_message(&self, group: &str, ordinal: u64, tz: Tz) -> Result<Message, String> {
        let (time, tz_known) = self.time(tz)?;
        let sender = self.sender().map(|(id, _)| id);
        let (text, mentions) = self.text_and_mentions();
        let id = match &self.id {
            Some(id) => id.0.clone(),
            None => synthetic_id(group, time, sender.as_deref(), &text, u32::try_from(ordinal).unwrap_or(u32::MAX)),
        };
        let mut m = Message::new(Source::Telegram, group, id, time);
        m.tz_known = tz_known;
        m.sender = sender;
        m.kind = self.kind();
        m.text = text;
        m.mentions = mentions;
        m.reply_to = self.reply_to_message_id.as_ref().map(|r| r.0.clone());
        m.forwarded = self.forwarded_from.0;
        m.edited = self.edited.is_some() || self.edited_unixtime.is_some();
        m.attachments = u32::from(self.photo.is_some() || self.file.is_some());
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(json: &str) -> Message {
        serde_json::from_str::<TgMessage>(json).unwrap().to_message("g", 1, chrono_tz::Asia::Shanghai).unwrap()
    }

    #[test]
    fn unixtime_wins_and_local_dates_use_the_zone() {
        let m = msg(
            r#"{"id":1,"type":"message","date":"2024-01-01T08:00:00","date_unixtime":"1704067200","from":"A","from_id":"user1","text":"x"}"#,
        );
        assert_eq!((m.time, m.tz_known, m.id.as_str()), (1_704_067_200_000, true, "1"));
        let m =
            msg(r#"{"id":2,"type":"message","date":"2024-01-01T08:00:00","from":"A","from_id":"user1","text":"x"}"#);
        assert_eq!((m.time, m.tz_known), (1_704_067_200_000, false));
    }

    #[test]
    fn text_arrays_join_and_give_mentions() {
        let m = msg(r#"{"id":3,"type":"message","date_unixtime":"1","from_id":"user1","text":["hi ",
                {"type":"mention","text":"@bob"},", ",{"type":"mention_name","text":"Ann","user_id":42},
                {"type":"bold","text":"!"}]}"#);
        assert_eq!(m.text, "hi @bob, Ann!");
        assert_eq!(m.mentions, ["bob", "user42"]);
    }

    #[test]
    fn kinds_replies_forwards_and_edits() {
        let k = |j: &str| msg(j).kind;
        let base = r#""id":1,"type":"message","date_unixtime":"1","from_id":"user1""#;
        assert_eq!(k(&format!(r#"{{{base},"photo":"p.jpg","text":""}}"#)), MessageKind::Image);
        assert_eq!(k(&format!(r#"{{{base},"file":"f","media_type":"voice_message"}}"#)), MessageKind::Voice);
        assert_eq!(k(&format!(r#"{{{base},"file":"f","media_type":"sticker"}}"#)), MessageKind::Sticker);
        assert_eq!(k(&format!(r#"{{{base},"file":"f","media_type":"animation"}}"#)), MessageKind::Video);
        assert_eq!(k(&format!(r#"{{{base},"file":"f.pdf"}}"#)), MessageKind::File);
        assert_eq!(k(&format!(r#"{{{base},"poll":{{"question":"q"}}}}"#)), MessageKind::Poll);
        assert_eq!(k(&format!(r#"{{{base},"via_bot":"@gif","text":"x"}}"#)), MessageKind::Bot);
        assert_eq!(k(&format!(r#"{{{base},"location_information":{{}}}}"#)), MessageKind::Location);
        let m = msg(&format!(
            r#"{{{base},"reply_to_message_id":7,"forwarded_from":null,"edited":"2024-01-01T00:00:00","text":"x"}}"#
        ));
        assert_eq!((m.reply_to.as_deref(), m.forwarded, m.edited), (Some("7"), true, true));
        let plain = msg(&format!(r#"{{{base},"text":"x"}}"#));
        assert!(!plain.forwarded && !plain.edited && plain.attachments == 0);
    }

    #[test]
    fn service_messages_are_system_by_their_actor() {
        let m = msg(
            r#"{"id":9,"type":"service","date_unixtime":"1","actor":"Ann","actor_id":"user5","action":"invite_members","members":["Bob"],"text":""}"#,
        );
        assert_eq!((m.kind, m.sender.as_deref()), (MessageKind::System, Some("user5")));
        let m = msg(r#"{"id":9,"type":"message","date_unixtime":"1","from":"Chan","from_id":123,"text":""}"#);
        assert_eq!(m.sender.as_deref(), Some("user123"));
    }

    #[test]
    fn messages_without_ids_or_sender_ids_get_stable_ones() {
        let j = r#"{"type":"message","date_unixtime":"1544006350","from":"Author 1","text":"Minimal"}"#;
        let a = msg(j);
        assert_eq!(a.sender.as_deref(), Some("Author 1"));
        assert_eq!(a.id, msg(j).id);
        assert!(a.id.starts_with('h'));
    }

    #[test]
    fn bad_times_say_what_was_expected() {
        let m: TgMessage = serde_json::from_str(r#"{"id":1,"type":"message","date":"05/07/2019"}"#).unwrap();
        assert!(m.time(chrono_tz::UTC).unwrap_err().contains("2019-07-05T16:55:32"));
        let m: TgMessage = serde_json::from_str(r#"{"id":1,"type":"message"}"#).unwrap();
        assert!(m.time(chrono_tz::UTC).unwrap_err().contains("`date_unixtime` or `date`"));
    }

    #[test]
    fn dst_gaps_move_forward() {
        let t = local_time("2024-03-10T02:30:00", chrono_tz::America::New_York).unwrap();
        assert_eq!(jingjian_model::time::to_rfc3339(t), "2024-03-10T07:30:00.000Z");
    }
}
