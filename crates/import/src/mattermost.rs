//! Mattermost bulk export (`mmctl export create`, `mattermost export bulk`): JSON Lines, one object a line tagged
//! `type` (`version`, `team`, `channel`, `user`, `post`, `direct_channel`, `direct_post`, `emoji`, …), as a
//! `.jsonl` file or inside the export zip.
//!
//! Channels are keyed `team/name`; direct channels by their members, sorted and joined with `,`. Posts carry no ids
//! in the bulk export, so each gets a [`synthetic_id`]; replies point at their root with `thread_root` and
//! `reply_to`. Join/leave notices are ordinary posts in the export, told apart by their wording (see
//! [`system_post`]). Reactions and emoji are ignored. See `docs/formats/mattermost.md`.

use crate::borrowed::Str;
use crate::ordinal::Ordinals;
use crate::{Bundle, Format, ImportError, LineReader, Location, Options, Sink};
use jingjian_model::{
    Group, GroupKind, Member, Membership, Message, MessageKind, Millis, Record, Source, synthetic_id,
};
use rustc_hash::FxHashSet;
use serde::Deserialize;

/// Mattermost bulk exports.
pub struct Mattermost;

/// One line of the export. Post fields borrow from the line (most lines are posts).
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Str<'a>,
    channel: Option<Channel>,
    user: Option<User>,
    #[serde(borrow)]
    post: Option<Post<'a>>,
    direct_channel: Option<DirectChannel>,
    #[serde(borrow)]
    direct_post: Option<Post<'a>>,
}

#[derive(Deserialize)]
struct Channel {
    team: String,
    name: String,
    display_name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    purpose: Option<String>,
    header: Option<String>,
}

#[derive(Deserialize)]
struct User {
    username: String,
    first_name: Option<String>,
    last_name: Option<String>,
    roles: Option<String>,
    teams: Option<Vec<TeamMembership>>,
    delete_at: Option<i64>,
}

#[derive(Deserialize)]
struct TeamMembership {
    name: String,
    channels: Option<Vec<ChannelMembership>>,
}

#[derive(Deserialize)]
struct ChannelMembership {
    name: String,
}

#[derive(Deserialize)]
struct DirectChannel {
    members: Vec<String>,
    header: Option<String>,
}

/// A post, a direct post or a reply: the fields they share.
#[derive(Deserialize)]
struct Post<'a> {
    #[serde(borrow)]
    team: Option<Str<'a>>,
    #[serde(borrow)]
    channel: Option<Str<'a>>,
    #[serde(borrow)]
    channel_members: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    user: Str<'a>,
    #[serde(borrow)]
    message: Option<Str<'a>>,
    create_at: Millis,
    edit_at: Option<Millis>,
    #[serde(borrow)]
    replies: Option<Vec<Post<'a>>>,
    #[serde(borrow)]
    attachments: Option<Vec<Attachment<'a>>>,
    props: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Attachment<'a> {
    #[serde(borrow)]
    path: Option<Str<'a>>,
}

impl Format for Mattermost {
    fn name(&self) -> &'static str {
        "mattermost"
    }

    fn source(&self) -> Source {
        Source::Mattermost
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        Ok(if export_entry(bundle)?.is_some() { 95 } else { 0 })
    }

    fn read(&self, bundle: &mut Bundle, _opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let entry = export_entry(bundle)?.ok_or_else(|| {
            ImportError::invalid(
                Location::line(bundle.path().display().to_string(), 1),
                "expected a Mattermost bulk export: JSON lines starting with {\"type\":\"version\",\"version\":1}",
            )
        })?;
        let shown = bundle.display(&entry);
        let (r, _) = crate::decode::utf8_reader(bundle.open_entry(&entry)?).map_err(|e| ImportError::io(&shown, e))?;
        let mut lines = LineReader::new(r, shown);
        let mut st = State { sink, ordinals: Ordinals::default(), members: FxHashSet::default() };
        let mut n = 0u64;
        while let Some((text, here)) = lines.next_line_here()? {
            if text.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(text).map_err(|e| {
                let what = if e.is_eof() && !here.terminated() {
                    "the line is cut short (the file may be truncated)".to_owned()
                } else {
                    format!("expected a Mattermost bulk-export object with a `type`: {e}")
                };
                ImportError::invalid(here.location(), what)
            })?;
            st.line(line).map_err(|e| match e {
                Bad::Sink(s) => ImportError::Sink(s),
                Bad::Field(msg) => ImportError::invalid(here.location(), msg),
            })?;
            n += 1;
            if n.is_multiple_of(1024) {
                st.sink.progress(lines.bytes_read());
            }
        }
        st.sink.progress(lines.bytes_read());
        Ok(())
    }
}

/// The entry holding the export: the file itself, or the `.jsonl` in a zip or folder, when its first line is a
/// bulk-export `version` object.
fn export_entry(bundle: &mut Bundle) -> Result<Option<String>, ImportError> {
    let candidates: Vec<String> = if bundle.is_file() {
        bundle.entries().to_vec()
    } else {
        bundle.entries().iter().filter(|e| e.ends_with(".jsonl") && !e.contains('/')).cloned().collect()
    };
    for e in candidates {
        let head = bundle.head_text(&e, 1024)?;
        let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.starts_with("{\"type\":\"version\"") && compact.contains("\"version\":") {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

enum Bad {
    Sink(String),
    Field(String),
}

struct State<'a> {
    sink: &'a mut dyn Sink,
    ordinals: Ordinals,
    members: FxHashSet<String>,
}

impl State<'_> {
    fn record(&mut self, r: Record) -> Result<(), Bad> {
        self.sink.record(r).map_err(Bad::Sink)
    }

    fn membership(
        &mut self,
        group: &str,
        member: &str,
        joined: Option<Millis>,
        left: Option<Millis>,
    ) -> Result<(), Bad> {
        self.record(Record::Membership(Membership {
            source: Source::Mattermost,
            group: group.to_owned(),
            member: member.to_owned(),
            joined,
            left,
        }))
    }

    fn line(&mut self, line: Line) -> Result<(), Bad> {
        let missing = |what: &str| Bad::Field(format!("a `{}` line has no `{what}` object", &*line.kind));
        match &*line.kind {
            "channel" => {
                let c = line.channel.ok_or_else(|| missing("channel"))?;
                let purpose = [c.purpose, c.header].into_iter().flatten().find(|s| !s.trim().is_empty());
                self.record(Record::Group(Group {
                    source: Source::Mattermost,
                    id: format!("{}/{}", c.team, c.name),
                    name: c.display_name.filter(|s| !s.is_empty()).or(Some(c.name)),
                    kind: if c.kind.as_deref() == Some("P") { GroupKind::Private } else { GroupKind::Channel },
                    created: None,
                    owner: None,
                    unit: None,
                    purpose,
                    archived: false,
                }))
            }
            "user" => {
                let u = line.user.ok_or_else(|| missing("user"))?;
                let full = [u.first_name.as_deref(), u.last_name.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                self.members.insert(u.username.clone());
                self.record(Record::Member(Member {
                    source: Source::Mattermost,
                    id: u.username.clone(),
                    name: Some(if full.is_empty() { u.username.clone() } else { full }),
                    unit: None,
                    role: u.roles.filter(|r| !r.is_empty()),
                    bot: false,
                    deleted: u.delete_at.is_some_and(|d| d > 0),
                }))?;
                for team in u.teams.unwrap_or_default() {
                    for ch in team.channels.unwrap_or_default() {
                        self.membership(&format!("{}/{}", team.name, ch.name), &u.username, None, None)?;
                    }
                }
                Ok(())
            }
            "direct_channel" => {
                let d = line.direct_channel.ok_or_else(|| missing("direct_channel"))?;
                let id = direct_id(d.members.iter().map(String::as_str));
                self.record(Record::Group(Group {
                    source: Source::Mattermost,
                    id: id.clone(),
                    name: Some(id.clone()),
                    kind: if d.members.len() > 2 { GroupKind::DirectGroup } else { GroupKind::Direct },
                    created: None,
                    owner: None,
                    unit: None,
                    purpose: d.header.filter(|h| !h.trim().is_empty()),
                    archived: false,
                }))?;
                for m in &d.members {
                    self.membership(&id, m, None, None)?;
                }
                Ok(())
            }
            "post" => {
                let p = line.post.ok_or_else(|| missing("post"))?;
                let (Some(team), Some(channel)) = (&p.team, &p.channel) else {
                    return Err(Bad::Field("a post needs a `team` and a `channel`".into()));
                };
                let group = format!("{team}/{channel}");
                self.post(&group, p)
            }
            "direct_post" => {
                let p = line.direct_post.ok_or_else(|| missing("direct_post"))?;
                let Some(members) = &p.channel_members else {
                    return Err(Bad::Field("a direct post needs its `channel_members`".into()));
                };
                let group = direct_id(members.iter().map(|m| &**m));
                self.post(&group, p)
            }
            // version, team, emoji, scheme, role and anything newer carry nothing the audit uses.
            _ => Ok(()),
        }
    }

    fn post(&mut self, group: &str, p: Post) -> Result<(), Bad> {
        let root = self.message(group, &p, None)?;
        for r in p.replies.iter().flatten() {
            self.message(group, r, Some(&root))?;
        }
        Ok(())
    }

    /// Emits one post or reply; returns its id.
    fn message(&mut self, group: &str, p: &Post, root: Option<&str>) -> Result<String, Bad> {
        let text = p.message.as_deref().unwrap_or_default().to_owned();
        let user: &str = &p.user;
        let ordinal = self.ordinals.next(group, p.create_at, Some(user), &text);
        let id = synthetic_id(group, p.create_at, Some(user), &text, ordinal);
        if !self.members.contains(user) {
            self.members.insert(user.to_owned());
            self.record(Record::Member(Member {
                source: Source::Mattermost,
                id: user.to_owned(),
                name: Some(user.to_owned()),
                unit: None,
                role: None,
                bot: false,
                deleted: false,
            }))?;
        }
        let mut m = Message::new(Source::Mattermost, group, id.clone(), p.create_at);
        m.sender = Some(user.to_owned());
        m.thread_root = root.map(str::to_owned);
        m.reply_to = root.map(str::to_owned);
        m.edited = p.edit_at.is_some_and(|t| t > 0);
        let files = p.attachments.as_deref().unwrap_or_default();
        m.attachments = files.len() as u32;
        let flag = |k: &str| {
            p.props.as_ref().and_then(|v| v.get(k)).is_some_and(|v| v == "true" || v == &serde_json::Value::Bool(true))
        };
        let system = if root.is_none() { system_post(&text, user) } else { None };
        m.kind = if let Some(event) = &system {
            match event {
                Notice::Joined(who) => self.membership(group, who, Some(p.create_at), None)?,
                Notice::Left(who) => self.membership(group, who, None, Some(p.create_at))?,
                Notice::Other => {}
            }
            MessageKind::System
        } else if flag("from_webhook") || flag("from_bot") {
            MessageKind::Bot
        } else if text.trim().is_empty() && !files.is_empty() {
            kind_of_file(files[0].path.as_deref().unwrap_or_default())
        } else {
            MessageKind::Text
        };
        let (mentions, all) = mentions(&text);
        m.mentions = mentions;
        m.mentions_all = all;
        m.text = text;
        self.record(Record::Message(m))?;
        Ok(id)
    }
}

/// A direct channel's id: its members, sorted, joined with `,`.
fn direct_id<'a>(members: impl Iterator<Item = &'a str>) -> String {
    let mut m: Vec<&str> = members.collect();
    m.sort();
    m.dedup();
    m.join(",")
}

/// What a system-like post says.
#[derive(Debug, PartialEq, Eq)]
enum Notice {
    /// This member joined or was added to the channel.
    Joined(String),
    /// This member left or was removed from the channel.
    Left(String),
    /// Team joins, header, purpose and name changes.
    Other,
}

/// The bulk export writes Mattermost's own notices as plain posts. A root post is taken as one when it is a single
/// line made of a username (no spaces) followed by one of Mattermost's fixed English phrases: `joined the
/// channel.`, `left the channel.`, `added to the channel by NAME.`, `removed from the channel.`, the same for the
/// team, and `updated the channel header/purpose/display name …`. For join and leave phrases about channels the
/// username must be the poster's (`added … by` names the poster as the adder).
fn system_post(text: &str, poster: &str) -> Option<Notice> {
    if text.contains('\n') {
        return None;
    }
    let (who, rest) = text.split_once(' ')?;
    let who = who.trim_start_matches('@');
    if who.is_empty() {
        return None;
    }
    let by =
        |prefix: &str| rest.strip_prefix(prefix).and_then(|r| r.strip_suffix('.')).map(|r| r.trim_start_matches('@'));
    match rest {
        "joined the channel." | "has joined the channel." if who == poster => Some(Notice::Joined(who.into())),
        "left the channel." | "has left the channel." if who == poster => Some(Notice::Left(who.into())),
        "removed from the channel." | "was removed from the channel." => Some(Notice::Left(who.into())),
        "joined the team." | "has joined the team." | "left the team." | "has left the team." if who == poster => {
            Some(Notice::Other)
        }
        "removed from the team." | "was removed from the team." => Some(Notice::Other),
        _ if by("added to the channel by ") == Some(poster) => Some(Notice::Joined(who.into())),
        _ if by("added to the team by ") == Some(poster) => Some(Notice::Other),
        _ if who == poster
            && ["updated the channel header", "updated the channel purpose", "updated the channel display name"]
                .iter()
                .any(|p| rest.starts_with(p)) =>
        {
            Some(Notice::Other)
        }
        _ => None,
    }
}

/// `@name` mentions, and whether `@channel`, `@all` or `@here` was used.
fn mentions(text: &str) -> (Vec<String>, bool) {
    let mut out = Vec::new();
    let mut all = false;
    for (i, _) in text.match_indices('@') {
        if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let name: String =
            text[i + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
        let name = name.trim_end_matches(['.', '-']).to_owned();
        match name.as_str() {
            "" => {}
            "channel" | "all" | "here" => all = true,
            _ if !out.contains(&name) => out.push(name),
            _ => {}
        }
    }
    (out, all)
}

fn kind_of_file(path: &str) -> MessageKind {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "gif" | "webp" | "heic" | "bmp" => MessageKind::Image,
        "mp4" | "mov" | "webm" | "mkv" | "avi" => MessageKind::Video,
        "mp3" | "m4a" | "ogg" | "opus" | "wav" | "aac" => MessageKind::Voice,
        _ => MessageKind::File,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Collect, Tally};
    use proptest::prelude::*;

    const EXPORT: &str = r#"{"type":"version","version":1}
{"type":"team","team":{"name":"ops","display_name":"Ops","type":"O"}}
{"type":"channel","channel":{"team":"ops","name":"town-square","display_name":"Town Square","type":"O","purpose":"","header":"Daily notes"}}
{"type":"channel","channel":{"team":"ops","name":"leads","display_name":"Leads","type":"P","purpose":"Leads only"}}
{"type":"user","user":{"username":"ann","first_name":"Ann","last_name":"Lee","roles":"system_user","teams":[{"name":"ops","channels":[{"name":"town-square"},{"name":"leads"}]}]}}
{"type":"user","user":{"username":"bob","roles":"system_user","teams":[{"name":"ops","channels":[{"name":"town-square"}]}]}}
{"type":"post","post":{"team":"ops","channel":"town-square","user":"bob","message":"bob joined the channel.","create_at":1700000000000}}
{"type":"post","post":{"team":"ops","channel":"leads","user":"ann","message":"bob added to the channel by ann.","create_at":1700000001000}}
{"type":"post","post":{"team":"ops","channel":"town-square","user":"ann","message":"@channel report by Friday, @bob please","create_at":1700000002000,"edit_at":1700000003000,"replies":[{"user":"bob","message":"ok","create_at":1700000004000},{"user":"bob","message":"bob left the channel.","create_at":1700000005000}],"reactions":[{"user":"bob","emoji_name":"+1","create_at":1700000006000}]}}
{"type":"post","post":{"team":"ops","channel":"town-square","user":"ann","message":"","create_at":1700000007000,"attachments":[{"path":"data/photo.JPG"}]}}
{"type":"post","post":{"team":"ops","channel":"town-square","user":"ann","message":"Build passed","create_at":1700000008000,"props":{"from_webhook":"true"}}}
{"type":"direct_channel","direct_channel":{"members":["bob","ann"]}}
{"type":"direct_post","direct_post":{"channel_members":["bob","ann"],"user":"bob","message":"hi","create_at":1700000009000}}
{"type":"emoji","emoji":{"name":"tick","image":"x.png"}}
"#;

    fn import(text: &str) -> Result<Collect, ImportError> {
        let mut b = Bundle::from_bytes("export.jsonl", text.as_bytes().to_vec());
        let mut c = Collect::default();
        Mattermost.read(&mut b, &Options::default(), &mut c)?;
        Ok(c)
    }

    #[test]
    fn reads_channels_users_posts_replies_and_direct_messages() {
        let c = import(EXPORT).unwrap();
        let ms: Vec<_> = c.messages().collect();
        assert_eq!(ms.len(), 8);
        assert_eq!((ms[0].group.as_str(), ms[0].kind), ("ops/town-square", MessageKind::System));
        assert_eq!(ms[1].kind, MessageKind::System);
        let root = ms[2];
        assert!(root.mentions_all && root.edited);
        assert_eq!(root.mentions, ["bob"]);
        assert_eq!(
            (ms[3].thread_root.as_deref(), ms[3].reply_to.as_deref()),
            (Some(root.id.as_str()), Some(root.id.as_str()))
        );
        // A reply is never a notice, whatever it says.
        assert_eq!(ms[4].kind, MessageKind::Text);
        assert_eq!((ms[5].kind, ms[5].attachments), (MessageKind::Image, 1));
        assert_eq!(ms[6].kind, MessageKind::Bot);
        assert_eq!(ms[7].group, "ann,bob");
        let groups: Vec<_> =
            c.0.iter()
                .filter_map(|r| if let Record::Group(g) = r { Some((g.id.clone(), g.kind)) } else { None })
                .collect();
        assert_eq!(
            groups,
            [
                ("ops/town-square".to_string(), GroupKind::Channel),
                ("ops/leads".to_string(), GroupKind::Private),
                ("ann,bob".to_string(), GroupKind::Direct)
            ]
        );
        let joined: Vec<_> = c
            .0
            .iter()
            .filter_map(|r| {
                if let Record::Membership(m) = r { m.joined.map(|_| (m.group.clone(), m.member.clone())) } else { None }
            })
            .collect();
        assert_eq!(joined, [("ops/town-square".to_string(), "bob".to_string()), ("ops/leads".into(), "bob".into())]);
        let mut t = Tally::default();
        let mut b = Bundle::from_bytes("export.jsonl", EXPORT.as_bytes().to_vec());
        Mattermost.read(&mut b, &Options::default(), &mut t).unwrap();
        assert_eq!((t.messages, t.human_messages, t.bot_messages, t.system_messages, t.senders()), (8, 5, 1, 2, 2));
    }

    #[test]
    fn notices_need_the_poster_and_the_exact_phrase() {
        assert_eq!(system_post("ron joined the channel.", "ron"), Some(Notice::Joined("ron".into())));
        assert_eq!(system_post("ron added to the channel by harry.", "harry"), Some(Notice::Joined("ron".into())));
        assert_eq!(system_post("ron left the channel.", "ron"), Some(Notice::Left("ron".into())));
        assert_eq!(system_post("harry joined the team.", "harry"), Some(Notice::Other));
        assert_eq!(system_post("harry updated the channel header from: a to: b", "harry"), Some(Notice::Other));
        assert_eq!(system_post("ron joined the channel.", "harry"), None);
        assert_eq!(system_post("I joined the channel. yay", "ron"), None);
        assert_eq!(system_post("ron joined the channel.\nhi", "ron"), None);
    }

    #[test]
    fn detection_wants_the_version_line() {
        let mut b = Bundle::from_bytes("export.jsonl", EXPORT.as_bytes().to_vec());
        assert_eq!(Mattermost.detect(&mut b).unwrap(), 95);
        for text in ["{\"type\":\"message\",\"source\":\"jsonl\"}\n", "1/2/21, 10:00 - A: x\n", "", "{\"messages\":[]}"]
        {
            let mut b = Bundle::from_bytes("x.json", text.as_bytes().to_vec());
            assert_eq!(Mattermost.detect(&mut b).unwrap(), 0, "{text}");
        }
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = import("{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"t\"")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("export.jsonl, line 2, byte 31: the line is cut short"), "{e}");
        let e = import(
            "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"user\":\"a\",\"create_at\":1}}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("export.jsonl, line 2, byte 31: a post needs a `team` and a `channel`"), "{e}");
        let e = import("{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\"}\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("has no `post` object"), "{e}");
        let e = import("hello\n").unwrap_err().to_string();
        assert!(e.starts_with("export.jsonl, line 1: expected a Mattermost bulk export"), "{e}");
        let e = import(
            "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"user\":\"a\",\"create_at\":\"x\"}}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 2") && e.contains("expected a Mattermost bulk-export object"), "{e}");
    }

    proptest! {
        #[test]
        fn arbitrary_lines_never_panic(lines in prop::collection::vec("\\PC{0,60}", 0..8)) {
            let text = format!("{{\"type\":\"version\",\"version\":1}}\n{}", lines.join("\n"));
            let _ = import(&text);
        }

        #[test]
        fn generated_posts_round_trip(posts in prop::collection::vec(("[a-z]{1,8}", "[a-zA-Z ,.!?]{0,40}", 0i64..1_000_000), 1..20)) {
            let mut text = String::from("{\"type\":\"version\",\"version\":1}\n");
            for (user, msg, t) in &posts {
                let p = serde_json::json!({"type":"post","post":{"team":"t","channel":"c","user":user,"message":msg,"create_at":t}});
                text.push_str(&p.to_string());
                text.push('\n');
            }
            let c = import(&text).unwrap();
            let got: Vec<_> = c.messages().map(|m| (m.sender.clone().unwrap(), m.text.clone(), m.time)).collect();
            let want: Vec<_> = posts.iter().map(|(u, m, t)| (u.clone(), m.clone(), *t)).collect();
            prop_assert_eq!(got, want);
            let ids: std::collections::HashSet<_> = c.messages().map(|m| m.id.clone()).collect();
            prop_assert_eq!(ids.len(), posts.len());
        }
    }
}
