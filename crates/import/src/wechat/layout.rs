//! The four WeChat CSV dialects, told apart by their header, and the uniform [`Row`] each data row becomes.
//!
//! - PyWxDump: `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`
//! - PyWxDump, older: `id,MsgSvrID,type_name,is_sender,talker,room_name,content,CreateTime` (`content` is JSON
//!   `{"src": …, "msg": …}`)
//! - MemoTrace (WeChatMsg) legacy: `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime`
//!   plus, in later versions, `Remark,NickName,Sender`
//! - MemoTrace (wxManager era): `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`

use super::kind::{self, Kind};
use csv::StringRecord;
use std::borrow::Cow;

/// The sender id given to the user who made the export (`is_sender=1`, `IsSender=1`, `我`).
pub const SELF_ID: &str = "self";

/// Which dialect a header names, with the column of each field used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    PyWxDump {
        svr_id: Option<usize>,
        type_name: usize,
        is_sender: usize,
        talker: usize,
        room: Option<usize>,
        msg: Msg,
        time: usize,
    },
    MemoLegacy {
        local_id: usize,
        ty: usize,
        sub: usize,
        is_sender: usize,
        epoch: Option<usize>,
        content: usize,
        str_time: Option<usize>,
        remark: Option<usize>,
        nick: Option<usize>,
        sender: Option<usize>,
    },
    MemoChinese {
        id: Option<usize>,
        label: usize,
        sender: usize,
        time: usize,
        content: usize,
        remark: Option<usize>,
        nick: Option<usize>,
    },
}

/// Where PyWxDump keeps the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// A `msg` column.
    Plain(usize),
    /// A `content` column holding JSON `{src, msg}`.
    Json(usize),
}

impl Layout {
    /// The sender column every dialect has, by each dialect's name for it: a header line naming none of them is no
    /// WeChat header, which a detector can tell without parsing the line as CSV.
    pub const SENDER_COLUMNS: [&'static str; 3] = ["is_sender", "IsSender", "发送人"];

    /// The dialect of a header row, if it is one of the four.
    pub fn of(header: &StringRecord) -> Option<Layout> {
        let col = |name: &str| header.iter().position(|h| h.trim().trim_start_matches('\u{feff}') == name);
        if let (Some(type_name), Some(is_sender), Some(talker), Some(time)) =
            (col("type_name"), col("is_sender"), col("talker"), col("CreateTime"))
        {
            let msg = match (col("msg"), col("content")) {
                (Some(m), _) => Msg::Plain(m),
                (None, Some(c)) => Msg::Json(c),
                (None, None) => return None,
            };
            return Some(Layout::PyWxDump {
                svr_id: col("MsgSvrID"),
                type_name,
                is_sender,
                talker,
                room: col("room_name"),
                msg,
                time,
            });
        }
        if let (Some(local_id), Some(ty), Some(sub), Some(is_sender), Some(content)) =
            (col("localId"), col("Type"), col("SubType"), col("IsSender"), col("StrContent"))
        {
            let (epoch, str_time) = (col("CreateTime"), col("StrTime"));
            if epoch.is_none() && str_time.is_none() {
                return None;
            }
            return Some(Layout::MemoLegacy {
                local_id,
                ty,
                sub,
                is_sender,
                epoch,
                content,
                str_time,
                remark: col("Remark"),
                nick: col("NickName"),
                sender: col("Sender"),
            });
        }
        if let (Some(label), Some(sender), Some(time), Some(content)) =
            (col("类型"), col("发送人"), col("时间"), col("内容"))
        {
            return Some(Layout::MemoChinese {
                id: col("消息ID"),
                label,
                sender,
                time,
                content,
                remark: col("备注"),
                nick: col("昵称"),
            });
        }
        None
    }

    /// A short name for messages and docs.
    pub fn name(&self) -> &'static str {
        match self {
            Layout::PyWxDump { .. } => "PyWxDump CSV",
            Layout::MemoLegacy { .. } => "MemoTrace legacy CSV",
            Layout::MemoChinese { .. } => "MemoTrace CSV",
        }
    }

    /// The highest column index a row must have.
    pub fn needs(&self) -> usize {
        match *self {
            Layout::PyWxDump { type_name, is_sender, talker, msg: Msg::Plain(m) | Msg::Json(m), time, .. } => {
                type_name.max(is_sender).max(talker).max(m).max(time)
            }
            Layout::MemoLegacy { local_id, ty, sub, is_sender, content, .. } => {
                local_id.max(ty).max(sub).max(is_sender).max(content)
            }
            Layout::MemoChinese { label, sender, time, content, .. } => label.max(sender).max(time).max(content),
        }
    }
}

/// One data row, whatever the dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The source's message id, when the row has a usable one.
    pub id: Option<&'a str>,
    pub kind: Kind,
    /// The type label as written (empty for code-typed rows), to recognise bare placeholders.
    pub label: &'a str,
    /// The sender's id: [`SELF_ID`] for the exporting user; `None` when the row does not say.
    pub sender: Option<&'a str>,
    /// A display name for the sender, when the row gives one.
    pub sender_name: Option<&'a str>,
    /// The time as written, and which column it came from.
    pub time: &'a str,
    pub time_column: &'static str,
    pub content: Cow<'a, str>,
    /// The conversation the row names (PyWxDump `room_name`/`talker`); `None` → the file name stem.
    pub group: Option<&'a str>,
    /// Whether a code or label said "unknown type": the content decides.
    pub label_known: bool,
}

fn get(r: &StringRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| r.get(i)).map(str::trim).filter(|s| !s.is_empty())
}

/// Whether a message id survived: Excel turns long ids into `7.43727E+18`, and `0` means none.
fn usable_id(id: Option<&str>) -> Option<&str> {
    id.filter(|s| {
        *s != "0" && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && !s.contains("E+")
    })
}

impl Layout {
    /// Reads a data row. Errors are the column that could not be read (the caller adds the place).
    pub fn row<'a>(&self, r: &'a StringRecord) -> Result<Row<'a>, String> {
        match *self {
            Layout::PyWxDump { svr_id, type_name, is_sender, talker, room, msg, time } => {
                let label = get(r, Some(type_name)).unwrap_or("");
                let talker = get(r, Some(talker));
                let mine = get(r, Some(is_sender)).is_some_and(|s| s == "1" || s.eq_ignore_ascii_case("true"))
                    || talker == Some("我");
                let content: Cow<str> = match msg {
                    Msg::Plain(i) => Cow::Borrowed(r.get(i).unwrap_or("")),
                    Msg::Json(i) => {
                        let raw = r.get(i).unwrap_or("");
                        match serde_json::from_str::<serde_json::Value>(raw) {
                            Ok(v) => Cow::Owned(v.get("msg").and_then(|m| m.as_str()).unwrap_or("").to_owned()),
                            Err(_) => Cow::Borrowed(raw),
                        }
                    }
                };
                let room = get(r, room);
                let kind = kind::from_label(label);
                Ok(Row {
                    id: usable_id(get(r, svr_id)),
                    kind: kind.unwrap_or(Kind {
                        kind: jingjian_model::MessageKind::Text,
                        forwarded: false,
                        quote: false,
                    }),
                    label,
                    sender: if mine { Some(SELF_ID) } else { talker.or(room.filter(|r| !r.ends_with("@chatroom"))) },
                    sender_name: None,
                    time: r.get(time).unwrap_or(""),
                    time_column: "CreateTime",
                    content,
                    group: room.or(talker),
                    label_known: kind.is_some(),
                })
            }
            Layout::MemoLegacy { local_id, ty, sub, is_sender, epoch, content, str_time, remark, nick, sender } => {
                let code = |i: usize, name: &str| -> Result<i64, String> {
                    let s = r.get(i).unwrap_or("").trim();
                    s.parse().map_err(|_| format!("expected a number in column `{name}`, found `{}`", clip(s)))
                };
                let (t, s) = (code(ty, "Type")?, code(sub, "SubType")?);
                let mine = get(r, Some(is_sender)) == Some("1");
                let (time, time_column) = match (get(r, epoch), get(r, str_time)) {
                    (Some(e), _) => (e, "CreateTime"),
                    (None, Some(s)) => (s, "StrTime"),
                    (None, None) => ("", "CreateTime"),
                };
                Ok(Row {
                    id: usable_id(get(r, Some(local_id))),
                    kind: kind::from_codes(t, s),
                    label: "",
                    sender: if mine { Some(SELF_ID) } else { get(r, sender) },
                    sender_name: get(r, remark).or(get(r, nick)),
                    time,
                    time_column,
                    content: Cow::Borrowed(r.get(content).unwrap_or("")),
                    group: None,
                    label_known: true,
                })
            }
            Layout::MemoChinese { id, label, sender, time, content, remark, nick } => {
                let label = get(r, Some(label)).unwrap_or("");
                let who = get(r, Some(sender));
                let kind = kind::from_label(label);
                Ok(Row {
                    id: usable_id(get(r, id)),
                    kind: kind.unwrap_or(Kind {
                        kind: jingjian_model::MessageKind::Text,
                        forwarded: false,
                        quote: false,
                    }),
                    label,
                    sender: if who == Some("我") { Some(SELF_ID) } else { who },
                    sender_name: get(r, remark).or(get(r, nick)).filter(|n| Some(*n) != who),
                    time: r.get(time).unwrap_or(""),
                    time_column: "时间",
                    content: Cow::Borrowed(r.get(content).unwrap_or("")),
                    group: None,
                    label_known: kind.is_some(),
                })
            }
        }
    }
}

/// A cell value cut to a length fit for an error message (never message text: only ids, codes and times are
/// quoted).
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_model::MessageKind;

    fn rec(s: &str) -> StringRecord {
        StringRecord::from(s.split(',').collect::<Vec<_>>())
    }

    #[test]
    fn headers_name_their_dialects() {
        let l = Layout::of(&rec("id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime")).unwrap();
        assert_eq!(l.name(), "PyWxDump CSV");
        let l = Layout::of(&rec("id,MsgSvrID,type_name,is_sender,talker,room_name,content,CreateTime")).unwrap();
        assert!(matches!(l, Layout::PyWxDump { msg: Msg::Json(6), .. }));
        let l = Layout::of(&rec(
            "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender",
        ))
        .unwrap();
        assert!(matches!(l, Layout::MemoLegacy { sender: Some(11), .. }));
        let l = Layout::of(&rec("\u{feff}消息ID,类型,发送人,时间,内容,备注,昵称,更多信息")).unwrap();
        assert!(matches!(l, Layout::MemoChinese { id: Some(0), .. }));
        assert_eq!(Layout::of(&rec("id,name,unit,role")), None);
        assert_eq!(Layout::of(&rec("ID,Timestamp,Contents,Attachments")), None);
    }

    #[test]
    fn every_dialect_needs_one_of_the_sender_columns() {
        let headers = [
            "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime",
            "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender",
            "消息ID,类型,发送人,时间,内容,备注,昵称,更多信息",
        ];
        for h in headers {
            assert!(Layout::of(&rec(h)).is_some(), "{h}");
            // Renaming the sender column (whichever name it has) makes the header no dialect's.
            let renamed = Layout::SENDER_COLUMNS.iter().fold(h.to_owned(), |h, c| h.replace(c, "someone"));
            assert!(Layout::SENDER_COLUMNS.iter().any(|c| h.contains(c)), "{h}");
            assert_eq!(Layout::of(&rec(&renamed)), None, "{renamed}");
        }
    }

    #[test]
    fn rows_read_the_exporting_user_as_self() {
        let l = Layout::of(&rec("id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime")).unwrap();
        let r = rec("7,4073926741244663531,文本,1,wxid_me,wxid_peer,你好,,2024/10/4 11:43");
        let row = l.row(&r).unwrap();
        assert_eq!((row.id, row.sender, row.group), (Some("4073926741244663531"), Some(SELF_ID), Some("wxid_peer")));
        let r = rec("8,7.43727E+18,文本,0,wxid_peer,wxid_peer,好,,2024/10/4 11:43");
        assert_eq!(l.row(&r).unwrap().id, None, "an id destroyed by Excel is not used");
        let l = Layout::of(&rec("消息ID,类型,发送人,时间,内容,备注,昵称,更多信息")).unwrap();
        let r = rec("123,图片,我,2024-10-04 11:43:00,[图片],,,more");
        let row = l.row(&r).unwrap();
        assert_eq!((row.sender, row.kind.kind), (Some(SELF_ID), MessageKind::Image));
        let l =
            Layout::of(&rec("localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime")).unwrap();
        assert!(l.row(&rec("1,2,x,0,0,1728048304,2,hi,2024-10-04 21:25:04")).unwrap_err().contains("`Type`"));
    }
}
