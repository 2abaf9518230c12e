//! WeCom room details: JSON lines, each the `msgaudit/groupchat/get` response for one room plus the `roomid` it
//! was asked for: `{"roomid", "roomname", "creator", "room_create_time" (seconds), "notice",
//! "members": [{"memberid", "jointime" (seconds)}]}`. Each line becomes a [`Group`] and its [`Membership`]s.

use super::message::{Converter, int_field};
use crate::{ImportError, LineReader, Sink};
use jingjian_model::{Group, GroupKind, Membership, Record, Source};
use serde_json::Value;
use std::io::Read;

/// Reads room details from `r` (`shown` names it in errors) into `sink`, telling `conv` which groups and
/// memberships it emitted.
pub fn read_rooms(r: impl Read, shown: String, conv: &mut Converter, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let mut lines = LineReader::new(r, shown);
    while let Some(line) = lines.next_line()? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            let what = if e.is_eof() && !lines.terminated {
                "the line is cut short (the file may be truncated)".to_owned()
            } else {
                format!("expected a room-details object {{\"roomid\", \"roomname\", \"members\": […]}}: {e}")
            };
            ImportError::invalid(lines.here(), what)
        })?;
        let Value::Object(obj) = value else {
            return Err(ImportError::invalid(lines.here(), "expected a room-details object, found another JSON value"));
        };
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let roomid = text("roomid").ok_or_else(|| {
            ImportError::invalid(
                lines.here(),
                "a room-details line has no `roomid` (add the room id it was fetched for)",
            )
        })?;
        conv.known_group(roomid);
        let created = int_field(&obj, "room_create_time").filter(|s| *s > 0).map(|s| s * 1000);
        sink.record(Record::Group(Group {
            source: Source::Wecom,
            id: roomid.to_owned(),
            name: text("roomname").map(str::to_owned),
            kind: GroupKind::Group,
            created,
            owner: text("creator").map(str::to_owned),
            unit: None,
            purpose: text("notice").map(str::to_owned),
            archived: false,
        }))
        .map_err(ImportError::Sink)?;
        let members = match obj.get("members") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => &a[..],
            Some(_) => {
                return Err(ImportError::invalid(lines.here(), "`members` should be a list of {memberid, jointime}"));
            }
        };
        for m in members {
            let Some(mobj) = m.as_object() else {
                return Err(ImportError::invalid(
                    lines.here(),
                    "a `members` entry is not an object {memberid, jointime}",
                ));
            };
            let id = ["memberid", "userid"]
                .iter()
                .find_map(|k| mobj.get(*k).and_then(Value::as_str))
                .filter(|s| !s.is_empty());
            let Some(id) = id else {
                return Err(ImportError::invalid(lines.here(), "a `members` entry has no `memberid`"));
            };
            conv.known_membership(roomid, id);
            sink.record(Record::Membership(Membership {
                source: Source::Wecom,
                group: roomid.to_owned(),
                member: id.to_owned(),
                joined: int_field(mobj, "jointime").filter(|s| *s > 0).map(|s| s * 1000),
                left: None,
            }))
            .map_err(ImportError::Sink)?;
        }
    }
    sink.progress(lines.bytes_read());
    Ok(())
}
