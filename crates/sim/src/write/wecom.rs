//! WeCom 会话内容存档 (message archive) as decrypted by the finance SDK: `messages.jsonl` with one message object
//! a line (`msgid, action, from, tolist, roomid, msgtime, msgtype` and the body keyed by type: `text`, `image`,
//! `emotion`, `redpacket`, and `revoke` for recalls), `groups.jsonl` with one room-details object a line as the
//! `msgaudit/groupchat/get` API returns it, and `roster.csv` (`id,name,unit,role`).
//! Format reference: developer.work.weixin.qq.com/document/path/91774 and /92951 (see research notes §1.4).

use super::{Out, Writer, json, msgid};
use crate::error::SimError;
use crate::event::Event;
use crate::org::Org;
use crate::rng::mix64;
use jingjian_model::MessageKind;
use std::path::Path;

/// A group's serialised member ids (`"a","b"`) and each member's (member index, start, end) in it.
type ToList = (Vec<u8>, Vec<(u32, usize, usize)>);

/// Writes the three WeCom files.
pub struct WecomWriter {
    out: Out,
    seed: u64,
    buf: Vec<u8>,
    /// Per group: the serialised member ids (`"a","b"`) and each member's (member index, start, end).
    tolists: Vec<ToList>,
}

impl WecomWriter {
    /// Creates the files and writes room details and the roster.
    pub fn new(dir: &Path, org: &Org, seed: u64) -> Result<WecomWriter, SimError> {
        let mut groups = Out::create(&dir.join("groups.jsonl"))?;
        let mut tolists = Vec::with_capacity(org.groups.len());
        let mut b = Vec::new();
        for g in &org.groups {
            b.clear();
            b.extend_from_slice(b"{\"roomid\":");
            json::string(&mut b, &g.id);
            b.extend_from_slice(b",\"roomname\":");
            json::string(&mut b, &g.name);
            b.extend_from_slice(b",\"creator\":");
            json::string(&mut b, &org.members[g.owner as usize].id);
            b.extend_from_slice(b",\"room_create_time\":");
            json::int(&mut b, g.created.div_euclid(1000));
            b.extend_from_slice(b",\"notice\":");
            json::string(&mut b, &g.purpose);
            b.extend_from_slice(b",\"members\":[");
            let mut list = Vec::new();
            let mut offs = Vec::with_capacity(g.members.len());
            for (i, &m) in g.members.iter().enumerate() {
                if i > 0 {
                    b.push(b',');
                    list.push(b',');
                }
                b.extend_from_slice(b"{\"memberid\":");
                json::string(&mut b, &org.members[m as usize].id);
                b.extend_from_slice(b",\"jointime\":");
                json::int(&mut b, g.created.div_euclid(1000));
                b.push(b'}');
                let start = list.len();
                json::string(&mut list, &org.members[m as usize].id);
                offs.push((m, start, list.len()));
            }
            b.extend_from_slice(b"]}\n");
            groups.write(&b)?;
            tolists.push((list, offs));
        }
        groups.flush()?;
        let path = dir.join("roster.csv");
        let mut w = csv::Writer::from_path(&path).map_err(|e| SimError::io(&path, e.into()))?;
        let csv_err = |e: csv::Error| SimError::io(&path, e.into());
        w.write_record(["id", "name", "unit", "role"]).map_err(csv_err)?;
        for m in &org.members {
            let role = if m.leader { "leader" } else { "staff" };
            w.write_record([m.id.as_str(), m.name.as_str(), org.units[m.unit].name.as_str(), role]).map_err(csv_err)?;
        }
        w.flush().map_err(|e| SimError::io(&path, e))?;
        let out = Out::create(&dir.join("messages.jsonl"))?;
        Ok(WecomWriter { out, seed, buf: Vec::with_capacity(1 << 16), tolists })
    }

    fn tolist(&mut self, g: u32, sender: u32) {
        let (list, offs) = &self.tolists[g as usize];
        self.buf.push(b'[');
        match offs.iter().position(|o| o.0 == sender) {
            None => self.buf.extend_from_slice(list),
            Some(0) => {
                let end = offs[0].2;
                if offs.len() > 1 {
                    self.buf.extend_from_slice(&list[end + 1..]);
                }
            }
            Some(p) => {
                let (_, start, end) = offs[p];
                self.buf.extend_from_slice(&list[..start - 1]);
                self.buf.extend_from_slice(&list[end..]);
            }
        }
        self.buf.push(b']');
    }
}

fn hex(buf: &mut Vec<u8>, mut x: u64, n: usize) {
    const H: &[u8] = b"0123456789abcdef";
    for _ in 0..n {
        buf.push(H[(x & 15) as usize]);
        x >>= 4;
    }
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Appends `"md5sum":"…","<size_key>":N,"sdkfileid":"…"` derived from the message id.
fn media(buf: &mut Vec<u8>, id: &str, size_key: &str) {
    let h = mix64(fnv(id));
    let h2 = mix64(h);
    buf.extend_from_slice(b"\"md5sum\":\"");
    hex(buf, h, 16);
    hex(buf, h2, 16);
    buf.extend_from_slice(b"\",\"");
    buf.extend_from_slice(size_key.as_bytes());
    buf.extend_from_slice(b"\":");
    json::int(buf, 20_000 + (h2 % 3_000_000) as i64);
    buf.extend_from_slice(b",\"sdkfileid\":\"Cta");
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x = h ^ h2.rotate_left(7);
    for i in 0..40 {
        if i % 10 == 0 {
            x = mix64(x);
        }
        buf.push(B64[(x & 63) as usize]);
        x >>= 6;
    }
    buf.push(b'"');
}

impl Writer for WecomWriter {
    fn represents(&self, e: &Event) -> bool {
        !e.join && e.kind != MessageKind::Bot && e.sender.is_some()
    }

    fn id(&mut self, _org: &Org, g: u32, ordinal: u32, e: &Event, out: &mut String) {
        msgid(self.seed, g, ordinal, e.time, out);
    }

    fn message(&mut self, org: &Org, g: u32, e: &Event, id: &str, reply: Option<&str>) -> Result<(), SimError> {
        let sender = e.sender.expect("represented events have senders");
        self.buf.clear();
        self.buf.extend_from_slice(b"{\"msgid\":");
        json::string(&mut self.buf, id);
        let recall = e.kind == MessageKind::Recall;
        self.buf.extend_from_slice(if recall {
            b",\"action\":\"recall\",\"from\":"
        } else {
            b",\"action\":\"send\",\"from\":"
        });
        json::string(&mut self.buf, &org.members[sender as usize].id);
        self.buf.extend_from_slice(b",\"tolist\":");
        self.tolist(g, sender);
        self.buf.extend_from_slice(b",\"roomid\":");
        json::string(&mut self.buf, &org.groups[g as usize].id);
        self.buf.extend_from_slice(b",\"msgtime\":");
        json::int(&mut self.buf, e.time);
        match e.kind {
            MessageKind::Recall => {
                self.buf.extend_from_slice(b",\"msgtype\":\"revoke\",\"revoke\":{\"pre_msgid\":");
                json::string(&mut self.buf, reply.unwrap_or(""));
                self.buf.push(b'}');
            }
            MessageKind::Image => {
                self.buf.extend_from_slice(b",\"msgtype\":\"image\",\"image\":{");
                media(&mut self.buf, id, "filesize");
                self.buf.push(b'}');
            }
            MessageKind::Sticker => {
                let h = fnv(id);
                self.buf.extend_from_slice(b",\"msgtype\":\"emotion\",\"emotion\":{\"type\":");
                json::int(&mut self.buf, 1 + (h & 1) as i64);
                self.buf.extend_from_slice(b",\"width\":240,\"height\":240,");
                media(&mut self.buf, id, "imagesize");
                self.buf.push(b'}');
            }
            MessageKind::RedPacket => {
                let h = fnv(id);
                self.buf.extend_from_slice(b",\"msgtype\":\"redpacket\",\"redpacket\":{\"type\":1,\"wish\":");
                json::string(&mut self.buf, &e.text);
                self.buf.extend_from_slice(b",\"totalcnt\":");
                json::int(&mut self.buf, 1 + (h % 20) as i64);
                self.buf.extend_from_slice(b",\"totalamount\":");
                json::int(&mut self.buf, 100 * (1 + (h >> 8) % 200) as i64);
                self.buf.push(b'}');
            }
            _ => {
                self.buf.extend_from_slice(b",\"msgtype\":\"text\",\"text\":{\"content\":");
                json::string(&mut self.buf, &e.text);
                self.buf.push(b'}');
            }
        }
        self.buf.extend_from_slice(b"}\n");
        self.out.write(&self.buf)
    }

    fn end_group_day(&mut self, _org: &Org, _g: u32, _day: &str) -> Result<(), SimError> {
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SimError> {
        self.out.flush()
    }
}
