//! One Slack message object (an element of a `<conversation>/YYYY-MM-DD.json` day file) and how it becomes a
//! canonical [`Message`]: kind from `subtype`/`bot_id`/`files`, thread from `thread_ts`, mentions from `<@U…>`
//! and `<!channel>`/`<!here>`/`<!everyone>`.

use crate::json::{Loose, epoch_seconds_to_ms};
use jingjian_model::{Message, MessageKind, Source};
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The fields of a Slack message the audit uses; everything else (blocks, reactions, attachments) is skipped.
#[derive(Debug, Deserialize)]
pub(crate) struct SlackMessage {
    pub ts: Option<Loose>,
    pub subtype: Option<String>,
    pub user: Option<String>,
    pub bot_id: Option<String>,
    pub username: Option<String>,
    pub bot_profile: Option<BotProfile>,
    pub text: Option<String>,
    pub thread_ts: Option<Loose>,
    pub edited: Option<IgnoredAny>,
    pub files: Option<Vec<IgnoredAny>>,
    /// Old exports: one `file` object on `file_share`/`file_comment` messages.
    pub file: Option<IgnoredAny>,
    /// Old exports: the comment of a `file_comment` message, whose author is `comment.user`.
    pub comment: Option<Comment>,
}

/// `bot_profile` on messages posted by apps.
#[derive(Debug, Deserialize)]
pub(crate) struct BotProfile {
    pub name: Option<String>,
}

/// `comment` on old `file_comment` messages.
#[derive(Debug, Deserialize)]
pub(crate) struct Comment {
    pub user: Option<String>,
}

/// Subtypes that are events about the conversation, not something a person said.
const SYSTEM_SUBTYPES: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "channel_convert_to_private",
    "channel_convert_to_public",
    "channel_posting_permissions",
    "group_join",
    "group_leave",
    "group_topic",
    "group_purpose",
    "group_name",
    "group_archive",
    "group_unarchive",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
    "app_conversation_join",
    "app_conversation_leave",
    "pinned_item",
    "unpinned_item",
    "reminder_add",
    "tombstone",
    "sh_room_created",
    "joiner_notification",
    "joiner_notification_for_inviter",
];

impl SlackMessage {
    /// What kind of message this is. System subtypes win over `bot_id` (a `bot_add` carries the bot's id).
    pub fn kind(&self) -> MessageKind {
        let sub = self.subtype.as_deref();
        if sub.is_some_and(|s| SYSTEM_SUBTYPES.contains(&s)) {
            MessageKind::System
        } else if sub == Some("message_deleted") {
            MessageKind::Recall
        } else if sub == Some("bot_message") || self.bot_id.as_deref().is_some_and(|b| !b.is_empty()) {
            MessageKind::Bot
        } else if sub == Some("file_share") || self.attachments() > 0 {
            MessageKind::File
        } else {
            MessageKind::Text
        }
    }

    /// Files attached: `files.len()`, or 1 for an old single `file` on a `file_share`.
    pub fn attachments(&self) -> u32 {
        match (&self.files, &self.file, self.subtype.as_deref()) {
            (Some(f), _, _) if !f.is_empty() => u32::try_from(f.len()).unwrap_or(u32::MAX),
            (_, Some(_), Some("file_share")) => 1,
            _ => 0,
        }
    }

    /// Who sent it: `user`, else the bot's `bot_id`, else a file comment's author.
    pub fn sender(&self) -> Option<String> {
        let nonempty = |s: &Option<String>| s.as_deref().filter(|s| !s.is_empty()).map(str::to_owned);
        nonempty(&self.user)
            .or_else(|| nonempty(&self.bot_id))
            .or_else(|| self.comment.as_ref().and_then(|c| nonempty(&c.user)))
    }

    /// The display name of a bot sender that is not in `users.json`.
    pub fn bot_name(&self) -> Option<String> {
        self.username.clone().or_else(|| self.bot_profile.as_ref().and_then(|p| p.name.clone()))
    }

    /// The canonical message, in `group`. Fails (with a sentence) when `ts` is missing or not an epoch time.
    pub fn to_message(&self, group: &str) -> Result<Message, String> {
        let ts = self.ts.as_ref().ok_or("expected a message with a `ts` (its id and time)")?;
        let time = epoch_seconds_to_ms(&ts.0).ok_or_else(|| format!("`ts` is not an epoch time: `{}`", ts.0))?;
        let mut m = Message::new(Source::Slack, group, ts.0.clone(), time);
        m.sender = self.sender();
        m.kind = self.kind();
        m.text = self.text.clone().unwrap_or_default();
        let (mentions, all) = mentions(&m.text);
        m.mentions = mentions;
        m.mentions_all = all;
        if let Some(root) = self.thread_ts.as_ref().filter(|t| t.0 != ts.0) {
            m.thread_root = Some(root.0.clone());
            m.reply_to = Some(root.0.clone());
        }
        m.edited = self.edited.is_some();
        m.attachments = self.attachments();
        Ok(m)
    }
}

/// The user ids of `<@U123>` / `<@U123|name>` mentions (each once, in order), and whether `<!channel>`,
/// `<!here>` or `<!everyone>` addresses everyone.
pub(crate) fn mentions(text: &str) -> (Vec<String>, bool) {
    let mut ids: Vec<String> = Vec::new();
    let mut all = false;
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('>') else { break };
        let inner = &rest[..end];
        let target = inner.split('|').next().unwrap_or("");
        if let Some(id) = target.strip_prefix('@') {
            if !id.is_empty() && !ids.iter().any(|x| x == id) {
                ids.push(id.to_owned());
            }
        } else if matches!(target, "!channel" | "!here" | "!everyone") {
            all = true;
        }
        rest = &rest[end + 1..];
    }
    (ids, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(json: &str) -> Message {
        serde_json::from_str::<SlackMessage>(json).unwrap().to_message("C1").unwrap()
    }

    #[test]
    fn plain_messages_keep_ts_sender_and_time() {
        let m = msg(r#"{"type":"message","user":"U1","text":"收到","ts":"1700000000.000200"}"#);
        assert_eq!((m.id.as_str(), m.sender.as_deref(), m.time), ("1700000000.000200", Some("U1"), 1_700_000_000_000));
        assert_eq!((m.kind, m.thread_root.as_deref(), m.edited), (MessageKind::Text, None, false));
    }

    #[test]
    fn thread_replies_point_at_their_root_but_roots_do_not() {
        let root = msg(r#"{"user":"U1","text":"q","ts":"10.000001","thread_ts":"10.000001","reply_count":1}"#);
        assert_eq!(root.thread_root, None);
        let reply = msg(r#"{"user":"U2","text":"a","ts":"11.000001","thread_ts":"10.000001"}"#);
        assert_eq!((reply.thread_root.as_deref(), reply.reply_to.as_deref()), (Some("10.000001"), Some("10.000001")));
        let b = msg(r#"{"subtype":"thread_broadcast","user":"U2","text":"a","ts":"12.0","thread_ts":"10.000001"}"#);
        assert_eq!((b.kind, b.thread_root.as_deref()), (MessageKind::Text, Some("10.000001")));
    }

    #[test]
    fn subtypes_give_kinds() {
        let k = |j: &str| msg(j).kind;
        assert_eq!(k(r#"{"subtype":"bot_message","bot_id":"B1","text":"build ok","ts":"1.0"}"#), MessageKind::Bot);
        assert_eq!(k(r#"{"user":"U1","bot_id":"B1","text":"via app","ts":"1.0"}"#), MessageKind::Bot);
        assert_eq!(k(r#"{"subtype":"bot_add","bot_id":"B1","user":"U1","ts":"1.0"}"#), MessageKind::System);
        assert_eq!(k(r#"{"subtype":"channel_join","user":"U1","ts":"1.0"}"#), MessageKind::System);
        assert_eq!(k(r#"{"subtype":"tombstone","user":"USLACKBOT","ts":"1.0"}"#), MessageKind::System);
        assert_eq!(k(r#"{"subtype":"file_share","user":"U1","bot_id":null,"file":{},"ts":"1.0"}"#), MessageKind::File);
        let f = msg(r#"{"user":"U1","files":[{"id":"F1"},{"id":"F2"}],"ts":"1.0"}"#);
        assert_eq!((f.kind, f.attachments), (MessageKind::File, 2));
        let e = msg(r#"{"user":"U1","text":"x","edited":{"user":"U1","ts":"2.0"},"ts":"1.0"}"#);
        assert!(e.edited);
        let c = msg(r#"{"subtype":"file_comment","comment":{"user":"U9"},"ts":"1.0"}"#);
        assert_eq!((c.kind, c.sender.as_deref()), (MessageKind::Text, Some("U9")));
        let b = msg(r#"{"subtype":"bot_message","bot_id":"B7","ts":"1.0"}"#);
        assert_eq!(b.sender.as_deref(), Some("B7"));
    }

    #[test]
    fn mentions_and_broadcasts() {
        assert_eq!(mentions("hi <@U1> and <@U2|bob>, <@U1>"), (vec!["U1".to_string(), "U2".to_string()], false));
        assert!(mentions("<!channel> meeting").1);
        assert!(mentions("<!here|here> now").1);
        assert!(mentions("<!everyone>").1);
        assert_eq!(mentions("a < b <#C1|general> <http://x>"), (vec![], false));
        assert_eq!(mentions("unclosed <@U1"), (vec![], false));
    }

    #[test]
    fn a_message_without_ts_is_refused() {
        let m: SlackMessage = serde_json::from_str(r#"{"user":"U1","text":"x"}"#).unwrap();
        assert!(m.to_message("C1").unwrap_err().contains("`ts`"));
        let m: SlackMessage = serde_json::from_str(r#"{"ts":"yesterday"}"#).unwrap();
        assert!(m.to_message("C1").unwrap_err().contains("not an epoch time"));
    }
}
