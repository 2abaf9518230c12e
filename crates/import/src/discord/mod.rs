//! DiscordChatExporter JSON: one file per channel, thread or DM (`{guild, channel, dateRange, messages[],
//! messageCount}`).
//!
//! The `messages` array is streamed with a serde visitor, each message pushed to the sink as it is parsed.
//! DCE writes `guild` and `channel` before `messages`; should a file put `messages` first, they are held until the
//! channel (and so the group id) is known, and then pushed. A message id seen twice (inside a file, or across
//! overlapping re-exports) is pushed each time: the records share a key, and the store keeps one.
//! Message `type`s other than `Default` and `Reply` (joins, calls, renames, pins, thread starts) are system
//! records; `author.isBot` makes a bot message.

mod message;

use crate::json::{Ctx, EachSeed, parse_fast};
use crate::{Bundle, Format, ImportError, Options, Sink};
use jingjian_model::{Record, Source};
use message::{Channel, DceMessage};
use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

/// The DiscordChatExporter JSON format.
pub struct Discord;

impl Format for Discord {
    fn name(&self) -> &'static str {
        "discord"
    }

    fn source(&self) -> Source {
        Source::Discord
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if !bundle.is_file() {
            return Ok(0);
        }
        let name = bundle.entries()[0].clone();
        let head = bundle.head_text(&name, 8192)?;
        let ok = head.trim_start().starts_with('{') && head.contains("\"guild\"") && head.contains("\"channel\"");
        Ok(if ok { 90 } else { 0 })
    }

    fn read(&self, bundle: &mut Bundle, _opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        for name in bundle.entries().to_vec() {
            parse_fast(bundle, &name, sink, "a DiscordChatExporter JSON export", |de, ctx| {
                de.deserialize_map(FileVisitor { ctx, members: HashSet::new() })
            })?;
        }
        Ok(())
    }
}

/// The top-level object of a DCE file.
struct FileVisitor<'c, 's> {
    ctx: &'c mut Ctx<'s>,
    /// Authors already declared as members.
    members: HashSet<String>,
}

fn push(ctx: &mut Ctx<'_>, members: &mut HashSet<String>, group: &str, m: DceMessage) -> Result<(), ImportError> {
    let msg = m.to_message(group).map_err(|e| ImportError::invalid(ctx.here(), e))?;
    if members.insert(m.author.id.0.clone()) {
        ctx.sink.record(Record::Member(m.author.to_member())).map_err(ImportError::Sink)?;
    }
    ctx.sink.record(Record::Message(msg)).map_err(ImportError::Sink)
}

impl<'de> Visitor<'de> for FileVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a DiscordChatExporter object with `channel` and `messages`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let FileVisitor { ctx, mut members } = self;
        let mut channel: Option<Channel> = None;
        let mut buffered: Option<Vec<(u64, DceMessage)>> = None;
        let mut streamed = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "channel" => {
                    let c: Channel = map.next_value()?;
                    ctx.emit::<A::Error>(Record::Group(c.to_group()))?;
                    channel = Some(c);
                }
                "messages" => {
                    if let Some(c) = &channel {
                        let group = c.id.0.clone();
                        let each = |ctx: &mut Ctx<'_>, _: u64, m: DceMessage| push(ctx, &mut members, &group, m);
                        map.next_value_seed(EachSeed { ctx: &mut *ctx, each, _t: PhantomData })?;
                        streamed = true;
                    } else {
                        let mut buf = Vec::new();
                        let each = |_: &mut Ctx<'_>, n: u64, m: DceMessage| {
                            buf.push((n, m));
                            Ok(())
                        };
                        map.next_value_seed(EachSeed { ctx: &mut *ctx, each, _t: PhantomData })?;
                        buffered = Some(buf);
                    }
                    ctx.record = 0;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let Some(c) = channel else {
            return Err(
                ctx.fail(ImportError::invalid(ctx.here(), "expected a `channel` object (the export's channel)"))
            );
        };
        if !streamed && buffered.is_none() {
            return Err(ctx.fail(ImportError::invalid(ctx.here(), "expected a `messages` array")));
        }
        for (n, m) in buffered.into_iter().flatten() {
            ctx.record = n;
            if let Err(e) = push(ctx, &mut members, &c.id.0, m) {
                return Err(ctx.fail(e));
            }
        }
        ctx.record = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
