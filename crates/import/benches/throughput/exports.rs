//! Writers of large synthetic exports, one per format, streamed to disk until a target size: realistic message
//! objects (the fields the real exporters write, not only the ones jingjian reads) with Chinese and English text,
//! mentions and a mix of kinds.

use crate::text::{GROUPS, PEOPLE, Rng, hex, line, name};
use jingjian_model::{Group, GroupKind, Member, Message, MessageKind, Record, Source};
use std::io::{self, Write};

/// Counts the bytes written through it.
pub struct Out<W> {
    inner: W,
    /// Bytes written so far.
    pub n: u64,
}

impl<W: Write> Write for Out<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Out<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Out { inner, n: 0 }
    }
}

/// A JSON string literal.
fn js(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The members of group `g`: 3 to 30 people, the same every time.
fn members(g: usize) -> Vec<usize> {
    let size = 3 + (g * 7) % 28;
    (0..size).map(|k| (g * 7919 + k * 131) % PEOPLE).collect()
}

/// Picks a group, its sender and someone to mention.
fn pick(rng: &mut Rng) -> (usize, usize, usize) {
    let g = rng.below(GROUPS);
    let m = members(g);
    (g, *rng.pick(&m), *rng.pick(&m))
}

const START_MS: i64 = 1_704_067_200_000;

/// WeCom archive: JSON lines of decrypted message objects.
pub fn wecom(w: &mut Out<impl Write>, rng: &mut Rng, target: u64) -> io::Result<u64> {
    let mut t = START_MS;
    let mut n = 0u64;
    while w.n < target {
        n += 1;
        t += rng.below(20_000) as i64;
        let (g, from, at) = pick(rng);
        let msgid = format!("{}_{}_external", hex(rng, 20), t);
        let direct = rng.chance(4);
        let to: Vec<String> = if direct {
            vec![format!("u{at}")]
        } else {
            members(g).into_iter().filter(|&m| m != from).map(|m| format!("u{m}")).collect()
        };
        let room = if direct { String::new() } else { format!("wr{:030}", g) };
        let roll = rng.below(100);
        let action = if roll < 2 { "recall" } else { "send" };
        write!(
            w,
            r#"{{"msgid":"{msgid}","action":"{action}","from":"u{from}","tolist":{},"roomid":"{room}","msgtime":{t},"#,
            serde_json::to_string(&to).expect("ids")
        )?;
        match roll {
            0..2 => {
                write!(w, r#""msgtype":"revoke","revoke":{{"pre_msgid":"{}_{}_external"}}}}"#, hex(rng, 20), t - 5000)?
            }
            2..7 => write!(
                w,
                r#""msgtype":"image","image":{{"md5sum":"{}","filesize":{},"sdkfileid":"{}"}}}}"#,
                hex(rng, 32),
                rng.below(2_000_000),
                hex(rng, 160)
            )?,
            7..10 => write!(
                w,
                r#""msgtype":"file","file":{{"md5sum":"{}","filename":"第{}季度汇报材料.docx","fileext":"docx","filesize":{},"sdkfileid":"{}"}}}}"#,
                hex(rng, 32),
                rng.below(4) + 1,
                rng.below(9_000_000),
                hex(rng, 160)
            )?,
            10..13 => write!(
                w,
                r#""msgtype":"link","link":{{"title":{},"description":{},"link_url":"https://mp.weixin.qq.com/s/{}","image_url":"https://mmbiz.qpic.cn/{}"}}}}"#,
                js(&line(rng, None, "")),
                js(&line(rng, None, "")),
                hex(rng, 22),
                hex(rng, 40)
            )?,
            13..16 => write!(
                w,
                r#""msgtype":"emotion","emotion":{{"type":1,"width":240,"height":240,"imagesize":{},"md5sum":"{}","sdkfileid":"{}"}}}}"#,
                rng.below(300_000),
                hex(rng, 32),
                hex(rng, 160)
            )?,
            _ => {
                let text = line(rng, Some(&name(at)), "@所有人");
                write!(w, r#""msgtype":"text","text":{{"content":{}}}}}"#, js(&text))?
            }
        }
        w.write_all(b"\n")?;
    }
    Ok(n)
}

/// Telegram Desktop single-chat `result.json`, indented one space a level as Telegram writes it.
pub fn telegram(w: &mut Out<impl Write>, rng: &mut Rng, target: u64) -> io::Result<u64> {
    writeln!(
        w,
        "{{\n \"name\": \"项目协调群\",\n \"type\": \"private_supergroup\",\n \"id\": 1600000001,\n \"messages\": ["
    )?;
    let people: Vec<usize> = (0..400).collect();
    let mut t = START_MS / 1000;
    let mut n = 0u64;
    while w.n < target {
        n += 1;
        t += rng.below(30) as i64;
        let from = *rng.pick(&people);
        let at = *rng.pick(&people);
        let date = chrono::DateTime::from_timestamp(t + 8 * 3600, 0).expect("in range").format("%Y-%m-%dT%H:%M:%S");
        if n > 1 {
            w.write_all(b",\n")?;
        }
        write!(w, "  {{\n   \"id\": {n},\n")?;
        let roll = rng.below(100);
        if roll < 2 {
            let action = if roll == 0 { "invite_members" } else { "join_group_by_link" };
            write!(
                w,
                "   \"type\": \"service\",\n   \"date\": \"{date}\",\n   \"date_unixtime\": \"{t}\",\n   \"actor\": {},\n   \"actor_id\": \"user{from}\",\n   \"action\": \"{action}\",\n",
                js(&name(from))
            )?;
            if roll == 0 {
                write!(w, "   \"members\": [\n    {}\n   ],\n", js(&name(at)))?;
            } else {
                writeln!(w, "   \"inviter\": \"Group\",")?;
            }
            write!(w, "   \"text\": \"\",\n   \"text_entities\": []\n  }}")?;
            continue;
        }
        write!(
            w,
            "   \"type\": \"message\",\n   \"date\": \"{date}\",\n   \"date_unixtime\": \"{t}\",\n   \"from\": {},\n   \"from_id\": \"user{from}\",\n",
            js(&name(from))
        )?;
        if rng.chance(8) {
            writeln!(w, "   \"reply_to_message_id\": {},", n.saturating_sub(1 + rng.below(20) as u64).max(1))?;
        }
        if rng.chance(4) {
            write!(w, "   \"edited\": \"{date}\",\n   \"edited_unixtime\": \"{}\",\n", t + 60)?;
        }
        match roll {
            2..8 => write!(
                w,
                "   \"photo\": \"photos/photo_{n}@01-01-2024_09-00-00.jpg\",\n   \"width\": 1280,\n   \"height\": 960,\n"
            )?,
            8..10 => write!(
                w,
                "   \"file\": \"files/{}.pdf\",\n   \"thumbnail\": \"files/{}.pdf_thumb.jpg\",\n   \"mime_type\": \"application/pdf\",\n   \"media_type\": \"document\",\n",
                hex(rng, 12),
                hex(rng, 12)
            )?,
            _ => {}
        }
        let body = if roll < 10 && rng.chance(50) { String::new() } else { line(rng, None, "") };
        if rng.chance(12) && !body.is_empty() {
            let m = format!("@u{at}");
            write!(
                w,
                "   \"text\": [\n    {{\n     \"type\": \"mention\",\n     \"text\": \"{m}\"\n    }},\n    {}\n   ],\n   \"text_entities\": [\n    {{\n     \"type\": \"mention\",\n     \"text\": \"{m}\"\n    }},\n    {{\n     \"type\": \"plain\",\n     \"text\": {}\n    }}\n   ]\n  }}",
                js(&body),
                js(&body)
            )?;
        } else if body.is_empty() {
            write!(w, "   \"text\": \"\",\n   \"text_entities\": []\n  }}")?;
        } else {
            write!(
                w,
                "   \"text\": {},\n   \"text_entities\": [\n    {{\n     \"type\": \"plain\",\n     \"text\": {}\n    }}\n   ]\n  }}",
                js(&body),
                js(&body)
            )?;
        }
    }
    write!(w, "\n ]\n}}\n")?;
    Ok(n)
}

/// DiscordChatExporter channel JSON, indented two spaces a level as DCE writes it.
pub fn discord(w: &mut Out<impl Write>, rng: &mut Rng, target: u64) -> io::Result<u64> {
    write!(
        w,
        "{{\n  \"guild\": {{\n    \"id\": \"880000000000000001\",\n    \"name\": \"研发中心\",\n    \"iconUrl\": \"https://cdn.discordapp.com/icons/880000000000000001/a.png\"\n  }},\n  \"channel\": {{\n    \"id\": \"880000000000000002\",\n    \"type\": \"GuildTextChat\",\n    \"categoryId\": \"880000000000000003\",\n    \"category\": \"Text Channels\",\n    \"name\": \"general\",\n    \"topic\": \"日常沟通 daily chat\"\n  }},\n  \"dateRange\": {{\n    \"after\": null,\n    \"before\": null\n  }},\n  \"exportedAt\": \"2024-06-01T00:00:00.000+00:00\",\n  \"messages\": [\n"
    )?;
    let mut t = START_MS;
    let mut n = 0u64;
    let author = |w: &mut Out<_>, rng: &mut Rng, p: usize, bot: bool, indent: &str| -> io::Result<()> {
        let nick = name(p);
        write!(
            w,
            "{{\n{indent}  \"id\": \"{}\",\n{indent}  \"name\": \"user{p}\",\n{indent}  \"discriminator\": \"0000\",\n{indent}  \"nickname\": {},\n{indent}  \"color\": {},\n{indent}  \"isBot\": {bot},\n{indent}  \"roles\": [],\n{indent}  \"avatarUrl\": \"https://cdn.discordapp.com/avatars/{}/{}.png?size=512\"\n{indent}}}",
            900_000_000_000_000_000u64 + p as u64,
            js(&nick),
            if rng.chance(30) { "\"#3498DB\"" } else { "null" },
            900_000_000_000_000_000u64 + p as u64,
            hex(rng, 32)
        )
    };
    while w.n < target {
        n += 1;
        t += rng.below(20_000) as i64;
        let (_, from, at) = pick(rng);
        let roll = rng.below(100);
        let bot = roll < 2;
        let kind = match roll {
            2..4 => "GuildMemberJoin",
            4..14 => "Reply",
            _ => "Default",
        };
        let ts = chrono::DateTime::from_timestamp_millis(t).expect("in range").format("%Y-%m-%dT%H:%M:%S%.3f+00:00");
        let id = 1_000_000_000_000_000_000u64 + n * 4096;
        if n > 1 {
            w.write_all(b",\n")?;
        }
        let mention = kind != "GuildMemberJoin" && rng.chance(15);
        let content = if kind == "GuildMemberJoin" {
            String::new()
        } else {
            let mut s = line(rng, None, "@everyone");
            if mention {
                s = format!("@{} {s}", name(at));
            }
            s
        };
        write!(
            w,
            "    {{\n      \"id\": \"{id}\",\n      \"type\": \"{kind}\",\n      \"timestamp\": \"{ts}\",\n      \"timestampEdited\": {},\n      \"callEndedTimestamp\": null,\n      \"isPinned\": false,\n      \"content\": {},\n      \"author\": ",
            if rng.chance(4) { format!("\"{ts}\"") } else { "null".into() },
            js(&content)
        )?;
        author(w, rng, from, bot, "      ")?;
        w.write_all(b",\n      \"attachments\": [")?;
        if (20..26).contains(&roll) {
            write!(
                w,
                "\n        {{\n          \"id\": \"{}\",\n          \"url\": \"https://cdn.discordapp.com/attachments/880000000000000002/{}/image.png\",\n          \"fileName\": \"image.png\",\n          \"fileSizeBytes\": {}\n        }}\n      ",
                id + 1,
                id + 1,
                rng.below(3_000_000)
            )?;
        }
        w.write_all(
            b"],\n      \"embeds\": [],\n      \"stickers\": [],\n      \"reactions\": [],\n      \"mentions\": [",
        )?;
        if mention {
            w.write_all(b"\n        ")?;
            author(w, rng, at, false, "        ")?;
            w.write_all(b"\n      ")?;
        }
        w.write_all(b"],\n      \"inlineEmojis\": []")?;
        if kind == "Reply" {
            write!(
                w,
                ",\n      \"reference\": {{\n        \"messageId\": \"{}\",\n        \"channelId\": \"880000000000000002\",\n        \"guildId\": \"880000000000000001\"\n      }}",
                id - 4096 * (1 + rng.below(10) as u64)
            )?;
        }
        w.write_all(b"\n    }")?;
    }
    write!(w, "\n  ],\n  \"messageCount\": {n}\n}}\n")?;
    Ok(n)
}

/// Mattermost bulk export: JSON lines; teams, channels and users first, then posts (some with replies) and
/// direct posts.
pub fn mattermost(w: &mut Out<impl Write>, rng: &mut Rng, target: u64) -> io::Result<u64> {
    writeln!(w, r#"{{"type":"version","version":1,"info":{{"generator":"mattermost-server","version":"9.5.0"}}}}"#)?;
    writeln!(
        w,
        r#"{{"type":"team","team":{{"name":"ops","display_name":"运维中心","type":"O","description":"","allow_open_invite":false}}}}"#
    )?;
    for g in 0..GROUPS {
        writeln!(
            w,
            r#"{{"type":"channel","channel":{{"team":"ops","name":"ch-{g}","display_name":"项目{g}群","type":"{}","header":"","purpose":"项目{g}日常沟通"}}}}"#,
            if g % 3 == 0 { "P" } else { "O" }
        )?;
    }
    for p in 0..PEOPLE {
        let chans: Vec<String> = (0..GROUPS)
            .filter(|&g| members(g).contains(&p))
            .map(|g| format!(r#"{{"name":"ch-{g}","roles":"channel_user"}}"#))
            .collect();
        writeln!(
            w,
            r#"{{"type":"user","user":{{"username":"u{p}","email":"u{p}@example.com","auth_service":"","nickname":"","first_name":{},"last_name":"","position":"","roles":"system_user","locale":"zh-CN","teams":[{{"name":"ops","roles":"team_user","channels":[{}]}}]}}}}"#,
            js(&name(p)),
            chans.join(",")
        )?;
    }
    let post = |rng: &mut Rng, user: usize, at: usize, t: i64| -> String {
        format!(r#""user":"u{user}","message":{},"create_at":{t}"#, js(&line(rng, Some(&format!("u{at}")), "@channel")))
    };
    let mut t = START_MS;
    let mut n = 0u64;
    while w.n < target {
        t += rng.below(20_000) as i64;
        let (g, from, at) = pick(rng);
        if rng.chance(5) {
            n += 1;
            writeln!(
                w,
                r#"{{"type":"direct_post","direct_post":{{"channel_members":["u{from}","u{at}"],{},"flagged_by":null,"reactions":null,"attachments":null}}}}"#,
                post(rng, from, at, t)
            )?;
            continue;
        }
        n += 1;
        write!(w, r#"{{"type":"post","post":{{"team":"ops","channel":"ch-{g}",{}"#, post(rng, from, at, t))?;
        if rng.chance(10) {
            let k = 1 + rng.below(3);
            let replies: Vec<String> = (0..k)
                .map(|i| {
                    let who = *rng.pick(&members(g));
                    let p = post(rng, who, from, t + 1000 * (i as i64 + 1));
                    format!("{{{p},\"flagged_by\":null,\"reactions\":null,\"attachments\":null}}")
                })
                .collect();
            n += k as u64;
            write!(w, r#","replies":[{}]"#, replies.join(","))?;
        }
        if rng.chance(10) {
            write!(w, r#","reactions":[{{"user":"u{at}","emoji_name":"+1","create_at":{}}}]"#, t + 500)?;
        }
        if rng.chance(5) {
            write!(w, r#","attachments":[{{"path":"data/{}/image.png"}}]"#, hex(rng, 26))?;
        }
        w.write_all(b"}}\n")?;
    }
    Ok(n)
}

/// Canonical JSON Lines: groups and members, then message records as `jingjian export` writes them.
pub fn jsonl(w: &mut Out<impl Write>, rng: &mut Rng, target: u64) -> io::Result<u64> {
    let put = |w: &mut Out<_>, r: &Record| -> io::Result<()> {
        serde_json::to_writer(&mut *w, r)?;
        w.write_all(b"\n")
    };
    for g in 0..GROUPS {
        let group = Group {
            source: Source::Wecom,
            id: format!("g{g}"),
            name: Some(format!("项目{g}群")),
            kind: GroupKind::Group,
            created: None,
            owner: Some(format!("u{}", members(g)[0])),
            unit: None,
            purpose: None,
            archived: false,
        };
        put(w, &Record::Group(group))?;
    }
    for p in 0..PEOPLE {
        let m = Member {
            source: Source::Wecom,
            id: format!("u{p}"),
            name: Some(name(p)),
            unit: None,
            role: None,
            bot: false,
            deleted: false,
        };
        put(w, &Record::Member(m))?;
    }
    let mut t = START_MS;
    let mut n = 0u64;
    while w.n < target {
        n += 1;
        t += rng.below(20_000) as i64;
        let (g, from, at) = pick(rng);
        let mut m = Message::new(Source::Wecom, format!("g{g}"), format!("{}_{t}", hex(rng, 20)), t);
        m.sender = Some(format!("u{from}"));
        m.text = line(rng, Some(&name(at)), "@所有人");
        if m.text.starts_with('@') && !m.text.starts_with("@所有人") {
            m.mentions = vec![format!("u{at}")];
        }
        m.mentions_all = m.text.starts_with("@所有人");
        match rng.below(100) {
            0..5 => {
                m.kind = MessageKind::Image;
                m.text.clear();
                m.attachments = 1;
            }
            5..7 => m.kind = MessageKind::Recall,
            7..15 => m.reply_to = Some(format!("{}_{}", hex(rng, 20), t - 1000)),
            _ => {}
        }
        put(w, &Record::Message(m))?;
    }
    Ok(n)
}

/// The clock a generated WhatsApp chat writes its headers in.
#[derive(Clone, Copy)]
enum WaStyle {
    /// Android, US: `12/31/23, 9:05 PM - ` (month first, 12-hour, a narrow no-break space before `PM`).
    Android12,
    /// Android, Europe: `31/12/2023, 21:05 - ` (day first, 24-hour, 4-digit year).
    Android24,
    /// iPhone: `[31.12.23, 21:05:07] ` (day first, seconds, direction marks before system texts and media).
    Ios,
}

/// One WhatsApp header for UTC-less local time `t` (seconds since the epoch).
fn wa_header(style: WaStyle, t: i64) -> String {
    let d = chrono::DateTime::from_timestamp(t, 0).expect("in range").naive_utc();
    match style {
        WaStyle::Android12 => d.format("%-m/%-d/%y, %-I:%M\u{202F}%p - ").to_string(),
        WaStyle::Android24 => d.format("%d/%m/%Y, %H:%M - ").to_string(),
        WaStyle::Ios => d.format("[%d.%m.%y, %H:%M:%S] ").to_string(),
    }
}

/// WhatsApp "Export chat" files, one `WhatsApp Chat with ….txt` per chat in the folder `dir`, until the folder
/// holds `target` bytes: Android and iPhone headers, group and two-person chats of very different lengths,
/// multi-line messages, media placeholders and attachments, deleted messages, missed calls, joins, leaves,
/// removals, renames and @mentions. Returns the bytes and messages written.
pub fn whatsapp(dir: &std::path::Path, rng: &mut Rng, target: u64) -> io::Result<(u64, u64)> {
    let (mut bytes, mut n) = (0u64, 0u64);
    let mut chat = 0usize;
    while bytes < target {
        chat += 1;
        let style = [WaStyle::Android12, WaStyle::Android24, WaStyle::Ios][rng.below(3)];
        let direct = rng.chance(25);
        let name = if direct { name(rng.below(PEOPLE)) } else { format!("项目{chat}群") };
        let path = dir.join(format!("WhatsApp Chat with {name} {chat}.txt"));
        let f = std::fs::File::create(&path)?;
        let mut w = Out::new(io::BufWriter::with_capacity(1 << 16, f));
        // Chat lengths are skewed: most chats are short, a few are very long.
        let u = rng.below(1000) as f64 / 1000.0;
        let messages = 20 + (u * u * u * 4000.0) as u64;
        n += wa_chat(&mut w, rng, style, direct, chat, messages)?;
        w.flush()?;
        bytes += w.n;
    }
    Ok((bytes, n))
}

/// Writes one chat of about `messages` messages.
fn wa_chat(
    w: &mut Out<impl Write>,
    rng: &mut Rng,
    style: WaStyle,
    direct: bool,
    chat: usize,
    messages: u64,
) -> io::Result<u64> {
    let ios = matches!(style, WaStyle::Ios);
    let lrm = if ios { "\u{200E}" } else { "" };
    let people: Vec<String> = if direct {
        vec![name(chat % PEOPLE), name((chat * 31 + 7) % PEOPLE)]
    } else {
        members(chat % GROUPS).into_iter().map(name).collect()
    };
    // iPhones write `~ Name` for people not in the address book.
    let shown = |p: &str, rng: &mut Rng| if ios && rng.chance(20) { format!("~\u{202F}{p}") } else { p.to_owned() };
    let mut t = 1_672_531_200 + rng.below(30_000_000) as i64;
    let mut n = 0u64;
    let mut line_out = |w: &mut Out<_>, t: i64, body: &str| -> io::Result<()> {
        n += 1;
        w.write_all(wa_header(style, t).as_bytes())?;
        w.write_all(body.as_bytes())?;
        w.write_all(b"\n")
    };
    line_out(
        w,
        t,
        &format!(
            "{lrm}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can \
             read or listen to them. Tap to learn more."
        ),
    )?;
    if !direct {
        line_out(w, t, &format!("{lrm}{} created group \"项目{chat}群\"", people[0]))?;
        let added = people[1..people.len().min(6)].join(", ");
        line_out(w, t + 1, &format!("{lrm}{} added {added}", people[0]))?;
    }
    for _ in 0..messages {
        t += 5 + (rng.below(1000) * rng.below(1000) / 200) as i64;
        let from = rng.pick(&people).clone();
        let at = rng.pick(&people).clone();
        let roll = rng.below(1000);
        let body = match roll {
            // System lines: joins, leaves, removals, renames, icon changes.
            0..4 if !direct => format!("{lrm}{} joined using this group's invite link", name(rng.below(PEOPLE))),
            4..8 if !direct => format!("{lrm}{from} left"),
            8..10 if !direct => format!("{lrm}{from} removed {at}"),
            10..14 if !direct => format!("{lrm}{from} added {at}"),
            14..16 if !direct => format!("{lrm}{from} changed the subject from \"旧群名\" to \"项目{chat}群（新）\""),
            16..17 if !direct => format!("{lrm}{from} changed this group's icon"),
            17..20 if !direct => format!("{lrm}You added {at}"),
            // Deleted messages and missed calls, under the sender's name.
            20..35 => format!(
                "{}: {lrm}{}",
                shown(&from, rng),
                if ios { "This message was deleted." } else { "This message was deleted" }
            ),
            35..45 => format!("{}: {lrm}Missed voice call", shown(&from, rng)),
            // Media: placeholders when exported without media, attachments when with.
            45..110 => {
                let what = if ios {
                    rng.pick(&["image omitted", "video omitted", "audio omitted", "sticker omitted", "GIF omitted"])
                        .to_string()
                } else {
                    "<Media omitted>".to_owned()
                };
                format!("{}: {lrm}{what}", shown(&from, rng))
            }
            110..140 => {
                let file = if ios {
                    format!("<attached: {:08}-PHOTO-2023-05-05-15-48-11.jpg>", rng.below(99_999_999))
                } else {
                    format!("IMG-20230505-WA{:04}.jpg (file attached)", rng.below(9999))
                };
                format!("{}: {lrm}{file}", shown(&from, rng))
            }
            140..145 => format!(
                "{}: {lrm}location: https://maps.google.com/?q=31.2{},121.4{}",
                from,
                rng.below(999),
                rng.below(999)
            ),
            // Text, a tenth of it on several lines, with @mentions of phone numbers or names.
            _ => {
                let mention = if rng.chance(50) {
                    at.clone()
                } else {
                    format!("+86 138 {:04} {:04}", rng.below(9999), rng.below(9999))
                };
                // Most chat lines are short acknowledgements and emoji.
                let mut text = if rng.chance(45) {
                    rng.pick(&["收到", "好的", "👍", "收到，谢谢", "ok", "Thanks!", "已完成", "🙏🙏", "好"]).to_string()
                } else {
                    line(rng, Some(&mention), "@所有人")
                };
                if rng.chance(10) {
                    for _ in 0..1 + rng.below(4) {
                        text.push('\n');
                        text.push_str(&line(rng, None, ""));
                    }
                }
                format!("{}: {text}", shown(&from, rng))
            }
        };
        line_out(w, t, &body)?;
    }
    Ok(n)
}
