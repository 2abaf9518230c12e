//! The five canonical record types and the JSON Lines envelope that carries them.

use crate::time::{Millis, rfc3339, rfc3339_opt};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a record came from. Part of every key, so ids from two platforms never collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Slack,
    Telegram,
    Whatsapp,
    Discord,
    Mattermost,
    Matrix,
    Wechat,
    Wecom,
    Jsonl,
}

impl Source {
    /// Every source, in a stable order.
    pub const ALL: [Source; 9] = [
        Source::Slack,
        Source::Telegram,
        Source::Whatsapp,
        Source::Discord,
        Source::Mattermost,
        Source::Matrix,
        Source::Wechat,
        Source::Wecom,
        Source::Jsonl,
    ];

    /// The lower-case name used in JSON and in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Slack => "slack",
            Source::Telegram => "telegram",
            Source::Whatsapp => "whatsapp",
            Source::Discord => "discord",
            Source::Mattermost => "mattermost",
            Source::Matrix => "matrix",
            Source::Wechat => "wechat",
            Source::Wecom => "wecom",
            Source::Jsonl => "jsonl",
        }
    }

    /// The source named `s`, if any.
    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a message is. System events (joins, leaves, renames, encryption notices) are kept as `System`, never
/// dropped; a recall (a message withdrawn by its sender) is `Recall`; anything a bot or integration posted is `Bot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    #[default]
    Text,
    Image,
    Video,
    Voice,
    File,
    Link,
    Sticker,
    Location,
    RedPacket,
    Poll,
    Call,
    System,
    Recall,
    Bot,
    /// A message type the source has that none of the above describes (cards, mini-programs, calendars).
    Other,
}

impl MessageKind {
    /// Every kind, in a stable order.
    pub const ALL: [MessageKind; 15] = [
        MessageKind::Text,
        MessageKind::Image,
        MessageKind::Video,
        MessageKind::Voice,
        MessageKind::File,
        MessageKind::Link,
        MessageKind::Sticker,
        MessageKind::Location,
        MessageKind::RedPacket,
        MessageKind::Poll,
        MessageKind::Call,
        MessageKind::System,
        MessageKind::Recall,
        MessageKind::Bot,
        MessageKind::Other,
    ];

    /// The snake-case name used in JSON and in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::Image => "image",
            MessageKind::Video => "video",
            MessageKind::Voice => "voice",
            MessageKind::File => "file",
            MessageKind::Link => "link",
            MessageKind::Sticker => "sticker",
            MessageKind::Location => "location",
            MessageKind::RedPacket => "red_packet",
            MessageKind::Poll => "poll",
            MessageKind::Call => "call",
            MessageKind::System => "system",
            MessageKind::Recall => "recall",
            MessageKind::Bot => "bot",
            MessageKind::Other => "other",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A system record: an event about the group rather than something a person said (recalls included).
    pub fn is_system(self) -> bool {
        matches!(self, MessageKind::System | MessageKind::Recall)
    }

    /// Something a person said or posted: neither a system record nor a bot's.
    pub fn is_human(self) -> bool {
        !self.is_system() && self != MessageKind::Bot
    }
}

/// What kind of conversation a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A group chat anyone in it can post to (WeChat/WeCom group, WhatsApp group, Telegram group).
    #[default]
    Group,
    /// A public or workspace-wide channel (Slack, Mattermost `O`, Discord guild channel).
    Channel,
    /// A private channel (Slack private, Mattermost `P`).
    Private,
    /// A thread inside a channel (Discord threads).
    Thread,
    /// A broadcast channel where few post and many read (Telegram channels).
    Broadcast,
    /// A conversation between two people.
    Direct,
    /// A group direct message (Slack mpim, Discord group DM).
    DirectGroup,
}

impl GroupKind {
    /// The snake-case name used in JSON and in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Group => "group",
            GroupKind::Channel => "channel",
            GroupKind::Private => "private",
            GroupKind::Thread => "thread",
            GroupKind::Broadcast => "broadcast",
            GroupKind::Direct => "direct",
            GroupKind::DirectGroup => "direct_group",
        }
    }

    /// The kind named `s`, if any.
    pub fn parse(s: &str) -> Option<GroupKind> {
        [
            GroupKind::Group,
            GroupKind::Channel,
            GroupKind::Private,
            GroupKind::Thread,
            GroupKind::Broadcast,
            GroupKind::Direct,
            GroupKind::DirectGroup,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// An organisational unit (department, town, team), from a roster or a group registry. Units nest via `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// How many internal groups this unit may keep; `None` means the configured default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u32>,
}

/// A person (or bot) on one platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub source: Source,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bot: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
}

/// A group chat, channel or conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub source: Source,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: GroupKind,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub created: Option<Millis>,
    /// The member who created or owns the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The unit the group belongs to, when a registry or roster says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Declared purpose, topic or pinned notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
}

/// A member's place in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub source: Source,
    pub group: String,
    pub member: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub joined: Option<Millis>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub left: Option<Millis>,
}

/// One message record: something said, posted or that happened in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub source: Source,
    pub group: String,
    /// The source's own message id (WeCom `msgid`, Slack `ts`, Telegram/Discord `id`), or a [`synthetic_id`].
    pub id: String,
    /// The sender's member id; `None` for system records with no actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    #[serde(with = "rfc3339")]
    pub time: Millis,
    /// Whether the source gave a time zone; `false` when a local time was read in `--tz`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub tz_known: bool,
    #[serde(default)]
    pub kind: MessageKind,
    #[serde(default)]
    pub text: String,
    /// Member ids (or names, where the source gives only names) that the message @mentions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// @all, @channel, @here, @所有人.
    #[serde(default, skip_serializing_if = "is_false")]
    pub mentions_all: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_root: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub forwarded: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub edited: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attachments: u32,
}

impl Message {
    /// A plain text message with every optional field empty: the starting point importers fill in.
    pub fn new(source: Source, group: impl Into<String>, id: impl Into<String>, time: Millis) -> Message {
        Message {
            source,
            group: group.into(),
            id: id.into(),
            sender: None,
            time,
            tz_known: true,
            kind: MessageKind::Text,
            text: String::new(),
            mentions: Vec::new(),
            mentions_all: false,
            reply_to: None,
            thread_root: None,
            forwarded: false,
            edited: false,
            attachments: 0,
        }
    }
}

/// One line of canonical JSON Lines: any record, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Unit(Unit),
    Member(Member),
    Group(Group),
    Membership(Membership),
    Message(Message),
}

impl Record {
    /// The table this record belongs in.
    pub fn entity(&self) -> Entity {
        match self {
            Record::Unit(_) => Entity::Unit,
            Record::Member(_) => Entity::Member,
            Record::Group(_) => Entity::Group,
            Record::Membership(_) => Entity::Membership,
            Record::Message(_) => Entity::Message,
        }
    }

    /// The record's identity within its table: two records with the same key are the same thing.
    pub fn key(&self) -> Key {
        match self {
            Record::Unit(u) => Key::of(&["unit", &u.id]),
            Record::Member(m) => Key::of(&[m.source.as_str(), &m.id]),
            Record::Group(g) => Key::of(&[g.source.as_str(), &g.id]),
            Record::Membership(m) => Key::of(&[m.source.as_str(), &m.group, &m.member]),
            Record::Message(m) => Key::of(&[m.source.as_str(), &m.group, &m.id]),
        }
    }
}

/// The five record types, one table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Unit,
    Member,
    Group,
    Membership,
    Message,
}

impl Entity {
    /// Every entity, in the order an import writes them.
    pub const ALL: [Entity; 5] = [Entity::Unit, Entity::Member, Entity::Group, Entity::Membership, Entity::Message];

    /// The table name in the workspace and the `type` in JSON Lines.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Unit => "units",
            Entity::Member => "members",
            Entity::Group => "groups",
            Entity::Membership => "memberships",
            Entity::Message => "messages",
        }
    }

    /// The entity stored in table `name`.
    pub fn from_table(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.table() == name)
    }
}

/// A 128-bit hash of a record's identity fields, stable across versions and machines (XXH3-128).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    /// Hashes the parts with a separator that cannot occur inside them unnoticed (each part is length-prefixed).
    pub fn of(parts: &[&str]) -> Key {
        const MAX: usize = 8;
        if parts.len() <= MAX {
            let mut bytes: [&[u8]; MAX] = [&[]; MAX];
            for (b, p) in bytes.iter_mut().zip(parts) {
                *b = p.as_bytes();
            }
            return Key::of_bytes(&bytes[..parts.len()]);
        }
        Key::of_bytes(&parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>())
    }

    /// [`Key::of`] over byte strings: the same key for the same bytes.
    pub fn of_bytes(parts: &[&[u8]]) -> Key {
        // Short identities (nearly all) are laid out on the stack: this runs once or twice per imported message.
        // Longer ones (a WhatsApp message's text goes into its synthetic id) are hashed as they lie, by the
        // streaming hasher, which gives the one-shot hash of the same bytes.
        let len = parts.iter().map(|p| p.len() + 8).sum();
        let mut stack = [0u8; 512];
        if len > stack.len() {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for p in parts {
                h.update(&(p.len() as u64).to_le_bytes());
                h.update(p);
            }
            return Key(h.digest128());
        }
        let buf = &mut stack[..len];
        let mut at = 0;
        for p in parts {
            buf[at..at + 8].copy_from_slice(&(p.len() as u64).to_le_bytes());
            buf[at + 8..at + 8 + p.len()].copy_from_slice(p);
            at += 8 + p.len();
        }
        Key(xxhash_rust::xxh3::xxh3_128(buf))
    }

    /// The key as 32 lower-case hex digits.
    pub fn hex(self) -> String {
        String::from_utf8(self.hex_digits().to_vec()).expect("hex digits are ASCII")
    }

    /// [`Key::hex`] without allocating: the 32 ASCII digits.
    pub fn hex_digits(self) -> [u8; 32] {
        let mut digits = [0u8; 32];
        for (i, d) in digits.iter_mut().enumerate() {
            *d = b"0123456789abcdef"[(self.0 >> (4 * (31 - i))) as usize & 15];
        }
        digits
    }
}

/// A deterministic message id for sources that have none (WhatsApp, some WeChat CSVs): the same export always
/// gives the same ids, and two identical lines (same group, time, sender and text) are told apart by `ordinal`,
/// their position among identical lines.
pub fn synthetic_id(group: &str, time: Millis, sender: Option<&str>, text: &str, ordinal: u32) -> String {
    let (mut t, mut o) = (Decimal::default(), Decimal::default());
    let sender = sender.unwrap_or("").as_bytes();
    let k = Key::of_bytes(&[group.as_bytes(), t.of(time), sender, text.as_bytes(), o.of(ordinal.into())]);
    // `h` and the top 96 bits of the key as 24 lower-case hex digits.
    let top = k.0 >> 32;
    let mut id = [b'h'; 25];
    for (i, digit) in id[1..].iter_mut().enumerate() {
        *digit = b"0123456789abcdef"[(top >> (4 * (23 - i))) as usize & 15];
    }
    String::from_utf8(id.to_vec()).expect("hex digits are ASCII")
}

/// Room on the stack for the decimal digits of an `i64`, to hash numbers as text without allocating.
#[derive(Default)]
pub struct Decimal([u8; 20]);

impl Decimal {
    /// `n` in decimal, as `n.to_string()` writes it, as bytes.
    pub fn of(&mut self, n: i64) -> &[u8] {
        let mut at = self.0.len();
        let mut rest = n.unsigned_abs();
        loop {
            at -= 1;
            self.0[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if n < 0 {
            at -= 1;
            self.0[at] = b'-';
        }
        &self.0[at..]
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_zero(n: &u32) -> bool {
    *n == 0
}
fn yes() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_json_round_trips_and_omits_empty_fields() {
        let mut m = Message::new(Source::Wecom, "room1", "msg1", 1_717_550_000_000);
        m.sender = Some("zhangsan".into());
        m.text = "请于6月5日前报送材料".into();
        m.mentions_all = true;
        let line = serde_json::to_string(&Record::Message(m.clone())).unwrap();
        assert!(line.starts_with(r#"{"type":"message","source":"wecom","group":"room1""#), "{line}");
        assert!(!line.contains("reply_to"), "{line}");
        assert!(line.contains(r#""time":"2024-06-05T01:13:20.000Z""#), "{line}");
        let back: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(back, Record::Message(m));
    }

    #[test]
    fn time_accepts_milliseconds_too() {
        let r: Record =
            serde_json::from_str(r#"{"type":"message","source":"jsonl","group":"g","id":"1","time":1000}"#).unwrap();
        let Record::Message(m) = r else { panic!() };
        assert_eq!(m.time, 1000);
        assert_eq!(m.kind, MessageKind::Text);
        assert!(m.tz_known);
    }

    #[test]
    fn keys_separate_parts_unambiguously() {
        assert_ne!(Key::of(&["ab", "c"]), Key::of(&["a", "bc"]));
        // The same hash as the length-prefixed parts laid end to end, short and past the stack buffer.
        let long = "长".repeat(300);
        for parts in [&["g", "1", "", "收到"][..], &["g", &long, "x"][..], &[][..]] {
            let mut buf = Vec::new();
            for p in parts {
                buf.extend_from_slice(&(p.len() as u64).to_le_bytes());
                buf.extend_from_slice(p.as_bytes());
            }
            assert_eq!(Key::of(parts), Key(xxhash_rust::xxh3::xxh3_128(&buf)));
        }
        assert_eq!(Key::of(&["a", "b"]), Key::of(&["a", "b"]));
    }

    #[test]
    fn hex_is_32_lower_case_digits() {
        for k in [0u128, 1, 0xabc, u128::MAX, u128::MAX / 3, 1 << 127] {
            assert_eq!(Key(k).hex(), format!("{k:032x}"));
            assert_eq!(Key(k).hex_digits(), format!("{k:032x}").as_bytes());
        }
    }

    #[test]
    fn long_identities_hash_as_one_buffer_would() {
        let one_shot = |parts: &[&[u8]]| {
            let mut buf = Vec::new();
            for p in parts {
                buf.extend_from_slice(&(p.len() as u64).to_le_bytes());
                buf.extend_from_slice(p);
            }
            Key(xxhash_rust::xxh3::xxh3_128(&buf))
        };
        let text: Vec<u8> = "请各村于6月5日前报送防汛隐患排查台账。".repeat(40).into_bytes();
        for cut in [0, 1, 100, 466, 467, 468, 469, 600, 1000, text.len()] {
            let parts: [&[u8]; 3] = [b"whatsapp", &text[..cut], b"1704067200000"];
            assert_eq!(Key::of_bytes(&parts), one_shot(&parts), "{cut} bytes of text");
        }
    }

    #[test]
    fn synthetic_ids_are_stable_and_ordinal_sensitive() {
        let a = synthetic_id("g", 5, Some("x"), "收到", 0);
        assert_eq!(a, synthetic_id("g", 5, Some("x"), "收到", 0));
        assert_ne!(a, synthetic_id("g", 5, Some("x"), "收到", 1));
        assert_eq!(a.len(), 25);
        // Ids are `h` and the top 96 bits, in hex, of the key over the parts with the numbers in decimal.
        for (t, o) in [(5, 0), (-1, 7), (i64::MIN, u32::MAX), (i64::MAX, 1), (1_704_067_200_000, 12)] {
            let k = Key::of(&["g", &t.to_string(), "x", "收到", &o.to_string()]);
            assert_eq!(synthetic_id("g", t, Some("x"), "收到", o), format!("h{:024x}", k.0 >> 32));
        }
        for n in [0, 7, -7, 10, -10, 99, 1_704_067_200_000, i64::MIN, i64::MAX] {
            assert_eq!(Decimal::default().of(n), n.to_string().as_bytes());
        }
    }

    #[test]
    fn kinds_classify_humans() {
        assert!(MessageKind::Image.is_human());
        assert!(!MessageKind::Recall.is_human());
        assert!(MessageKind::Recall.is_system());
        assert!(!MessageKind::Bot.is_human());
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::parse(k.as_str()), Some(k));
        }
    }
}
