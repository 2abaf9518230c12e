//! WeChat (微信) chats exported to CSV by the community tools: PyWxDump and MemoTrace (WeChatMsg), in the four
//! dialects listed in [`layout`]. The input is one CSV file, or a folder or zip of them (every CSV whose header is
//! one of the dialects is read; others are skipped).
//!
//! # Mapping
//! - Message id: `MsgSvrID` / `消息ID` / `localId` when present and intact, else a [`synthetic_id`] from group,
//!   time, sender, text and the position among identical rows. Ids that Excel turned into `7.43727E+18` are
//!   not used.
//! - Group: PyWxDump `room_name` (else `talker`); MemoTrace files name no conversation, so the file name stem is
//!   the group (with MemoTrace's `_utf8` suffix removed). Kind: `…@chatroom` rooms are groups and other
//!   PyWxDump conversations direct; a stem-named file is a group when two or more people besides the exporting
//!   user speak in it.
//! - Sender: `talker` / `Sender` / `发送人`; the exporting user (`is_sender=1`, `IsSender=1`, `我`) is
//!   [`SELF_ID`]. Senders become memberships; MemoTrace's `备注`/`昵称`/`Remark`/`NickName` become member names.
//! - Kind: from the type label (图片, 语音, 动画表情, 引用回复, 系统通知, 拍一拍, 消息撤回 …), the database
//!   codes (`Type`/`SubType`), or a placeholder in the text (`[图片]`, `[文件]name`). System notices that report
//!   a withdrawn message are recalls. Media rows whose text is only their type name get an empty text.
//! - Quote replies: the quoted message is looked up among recent messages of the group by text and time; when
//!   found the reply's own words are the text and `reply_to` names it, otherwise the row stays plain text.
//! - Time: local wall-clock strings (`2024-10-04 21:25:04`, Excel's `2024/10/4 21:25`) are read in
//!   `Options::tz` with `tz_known = false`; epoch seconds (MemoTrace legacy `CreateTime`) are absolute.
//! - Encodings: UTF-8 with or without BOM, UTF-16, GB18030 (Excel on Chinese Windows).

pub mod kind;
pub mod layout;
mod quote;
mod time;

pub use layout::SELF_ID;

use crate::{Bundle, Format, ImportError, Location, Options, Sink};
use csv::StringRecord;
use jingjian_model::{
    Group, GroupKind, Member, Membership, Message, MessageKind, Millis, Record, Source, synthetic_id,
};
use layout::{Layout, Row, clip};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// WeChat CSV exports (PyWxDump, MemoTrace).
pub struct Wechat;

impl Format for Wechat {
    fn name(&self) -> &'static str {
        "wechat"
    }

    fn source(&self) -> Source {
        Source::Wechat
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if bundle.is_file() {
            let name = bundle.entries()[0].clone();
            return Ok(if header_layout(bundle, &name)?.is_some() { 95 } else { 0 });
        }
        for name in csv_entries(bundle) {
            if header_layout(bundle, &name)?.is_some() {
                return Ok(80);
            }
        }
        Ok(0)
    }

    fn read(&self, bundle: &mut Bundle, opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let files: Vec<String> = if bundle.is_file() {
            bundle.entries().to_vec()
        } else {
            let mut found = Vec::new();
            for name in csv_entries(bundle) {
                if header_layout(bundle, &name)?.is_some() {
                    found.push(name);
                }
            }
            found
        };
        if files.is_empty() {
            return Err(ImportError::invalid(
                Location::file(bundle.path().display().to_string()),
                "expected WeChat CSV files (PyWxDump or MemoTrace headers) in the folder",
            ));
        }
        let mut state = State::default();
        for name in files {
            read_file(bundle, &name, opts, &mut state, sink)?;
        }
        Ok(())
    }
}

fn csv_entries(bundle: &Bundle) -> Vec<String> {
    bundle.entries().iter().filter(|e| e.to_ascii_lowercase().ends_with(".csv")).cloned().collect()
}

/// The dialect named by an entry's header line, if any.
fn header_layout(bundle: &mut Bundle, name: &str) -> Result<Option<Layout>, ImportError> {
    let head = bundle.head_text(name, 4096)?;
    let first = head.lines().next().unwrap_or("");
    // Every dialect names several columns, one of them the sender: a line without a comma or a sender column is
    // none of them (and spares building a CSV reader for each file of a folder that holds other chats).
    if !first.contains(',') || !Layout::SENDER_COLUMNS.iter().any(|c| first.contains(c)) {
        return Ok(None);
    }
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(first.as_bytes());
    let mut rec = StringRecord::new();
    Ok(match r.read_record(&mut rec) {
        Ok(true) => Layout::of(&rec),
        _ => None,
    })
}

/// The file name without folders, extension, or MemoTrace's `_utf8` suffix: the group of files that name none.
fn stem(entry: &str) -> &str {
    let base = entry.rsplit(['/', '\\']).next().unwrap_or(entry);
    let base = base.rsplit_once('.').map_or(base, |(s, _)| s);
    base.strip_suffix("_utf8").unwrap_or(base)
}

/// What is remembered across rows: groups, memberships and members already emitted, recent messages for quotes,
/// and counts of identical rows for synthetic ids. None of it grows with the number of messages.
#[derive(Default)]
struct State {
    emitted_groups: HashSet<String>,
    memberships: HashSet<(String, String)>,
    members: HashSet<String>,
    recent: quote::Recent,
    same_time: Option<Millis>,
    ordinals: HashMap<u64, u32>,
}

/// A group seen in the current file.
struct Seen {
    /// Named by the rows (PyWxDump) rather than by the file name.
    explicit: bool,
    /// Up to two senders other than the exporting user.
    others: Vec<String>,
}

fn read_file(
    bundle: &mut Bundle,
    name: &str,
    opts: &Options,
    state: &mut State,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let shown = bundle.display(name);
    let stem = stem(name).to_owned();
    let (r, _) = crate::decode::utf8_reader(bundle.open_entry(name)?).map_err(|e| ImportError::io(&shown, e))?;
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let header = csv.headers().map_err(|e| csv_error(&shown, e))?.clone();
    let layout = Layout::of(&header).ok_or_else(|| {
        ImportError::invalid(
            Location::line(shown.clone(), 1),
            "expected a WeChat CSV header: PyWxDump `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,\
             CreateTime`, MemoTrace `localId,TalkerId,Type,SubType,IsSender,CreateTime,…` or \
             `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`",
        )
    })?;
    let needs = layout.needs();
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut rec = StringRecord::new();
    let mut rows = 0u64;
    loop {
        match csv.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&shown, e)),
        }
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let at = Location::line(shown.clone(), pos.line()).at_offset(pos.byte());
        if rec.len() <= needs {
            return Err(ImportError::invalid(
                at,
                format!(
                    "this row has {} fields but the {} header has {} (a broken row, or the file is cut short)",
                    rec.len(),
                    layout.name(),
                    header.len()
                ),
            ));
        }
        let row = layout.row(&rec).map_err(|m| ImportError::invalid(at.clone(), m))?;
        let time = time::parse(row.time, opts.tz).ok_or_else(|| {
            ImportError::invalid(
                at.clone(),
                format!(
                    "expected a time like `2024-06-05 09:30:00`, `2024/6/5 9:30` or epoch seconds in column `{}`, \
                     found `{}`",
                    row.time_column,
                    clip(row.time)
                ),
            )
        })?;
        let group = row.group.unwrap_or(&stem).to_owned();
        let entry = seen.entry(group.clone()).or_insert(Seen { explicit: row.group.is_some(), others: Vec::new() });
        if let Some(s) = row.sender
            && s != SELF_ID
            && entry.others.len() < 2
            && !entry.others.iter().any(|o| o == s)
        {
            entry.others.push(s.to_owned());
        }
        state.message(group, row, time, opts, sink)?;
        rows += 1;
        if rows.is_multiple_of(1024) {
            sink.progress(pos.byte());
        }
    }
    sink.progress(csv.position().byte());
    let mut groups: Vec<_> = seen.into_iter().collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, s) in groups {
        if !state.emitted_groups.insert(id.clone()) {
            continue;
        }
        let kind = match (s.explicit, id.ends_with("@chatroom")) {
            (true, true) => GroupKind::Group,
            (true, false) => GroupKind::Direct,
            (false, _) if s.others.len() >= 2 => GroupKind::Group,
            (false, _) => GroupKind::Direct,
        };
        let name = (!s.explicit).then(|| id.clone());
        sink.record(Record::Group(Group {
            source: Source::Wechat,
            id,
            name,
            kind,
            created: None,
            owner: None,
            unit: None,
            purpose: None,
            archived: false,
        }))
        .map_err(ImportError::Sink)?;
    }
    Ok(())
}

impl State {
    fn message(
        &mut self,
        group: String,
        row: Row<'_>,
        time: time::Parsed,
        opts: &Options,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        let (kind, text, reply_to) = self.describe(&group, &row, opts);
        let sender = row.sender.map(str::to_owned);
        let id = match row.id {
            Some(id) => id.to_owned(),
            None => {
                if self.same_time != Some(time.ms) {
                    self.same_time = Some(time.ms);
                    self.ordinals.clear();
                }
                let mut h = DefaultHasher::new();
                (&group, &sender, &text).hash(&mut h);
                let n = self.ordinals.entry(h.finish()).or_insert(0);
                let id = synthetic_id(&group, time.ms, sender.as_deref(), &text, *n);
                *n += 1;
                id
            }
        };
        if let Some(s) = &sender {
            if let Some(name) = row.sender_name
                && self.members.insert(s.clone())
            {
                sink.record(Record::Member(Member {
                    source: Source::Wechat,
                    id: s.clone(),
                    name: Some(name.to_owned()),
                    unit: None,
                    role: None,
                    bot: false,
                    deleted: false,
                }))
                .map_err(ImportError::Sink)?;
            }
            if self.memberships.insert((group.clone(), s.clone())) {
                sink.record(Record::Membership(Membership {
                    source: Source::Wechat,
                    group: group.clone(),
                    member: s.clone(),
                    joined: None,
                    left: None,
                }))
                .map_err(ImportError::Sink)?;
            }
        }
        self.recent.push(&group, &text, time.ms, &id);
        let mut msg = Message::new(Source::Wechat, group, id, time.ms);
        msg.sender = sender;
        msg.tz_known = time.tz_known;
        msg.kind = kind.kind;
        msg.forwarded = kind.forwarded;
        msg.reply_to = reply_to;
        msg.attachments = u32::from(matches!(
            kind.kind,
            MessageKind::Image | MessageKind::Video | MessageKind::Voice | MessageKind::File
        ));
        if kind.kind == MessageKind::Text {
            let (names, all) = crate::mention::extract(&text);
            msg.mentions = names;
            msg.mentions_all = all;
        }
        msg.text = text;
        sink.record(Record::Message(msg)).map_err(ImportError::Sink)
    }

    /// The kind, text and quoted message of a row.
    fn describe(&self, group: &str, row: &Row<'_>, opts: &Options) -> (kind::Kind, String, Option<String>) {
        let content = row.content.as_ref();
        let mut k = row.kind;
        let mut text = content.trim().to_owned();
        if k.kind.is_system() {
            if kind::is_recall_notice(content) {
                k.kind = MessageKind::Recall;
            }
            let inner = text.strip_prefix("<revokemsg>").and_then(|t| t.strip_suffix("</revokemsg>"));
            if let Some(inner) = inner {
                text = inner.trim().to_owned();
            }
            return (k, text, None);
        }
        if (!row.label_known || k.kind == MessageKind::Text) && !k.quote {
            match kind::placeholder(content) {
                Some((p, rest)) => {
                    k = p;
                    text = rest.to_owned();
                }
                None if !row.label_known => k.kind = MessageKind::Other,
                None => {}
            }
        } else if !k.quote
            && let Some((_, rest)) = kind::placeholder(content)
        {
            // The label already gave the kind; the placeholder is only a marker ("[文件]报名表.xlsx").
            text = rest.to_owned();
        }
        if text.starts_with('<')
            && let Some(title) = kind::xml_title(&text)
        {
            text = title;
        }
        if matches!(k.kind, MessageKind::Image | MessageKind::Video | MessageKind::Voice | MessageKind::Sticker)
            && kind::is_bare_label(&text, row.label)
        {
            text.clear();
        }
        if let Some(q) = quote::parse(&text, opts.tz)
            && let Some(id) = self.recent.find(group, q.quoted, q.time)
        {
            let (reply, id) = (q.reply.to_owned(), id.to_owned());
            k.kind = MessageKind::Text;
            return (k, reply, Some(id));
        }
        (k, text, None)
    }
}

fn csv_error(file: &str, e: csv::Error) -> ImportError {
    let at = match e.position() {
        Some(p) => Location::line(file, p.line()).at_offset(p.byte()),
        None => Location::file(file),
    };
    let what = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid text: the file is not in a known encoding".to_owned(),
        _ => format!("bad CSV: {e}"),
    };
    ImportError::invalid(at, what)
}

#[cfg(test)]
mod tests;
