//! Telegram Desktop JSON exports: a single chat's `result.json` (`{name, type, id, messages[]}`) or a whole
//! account's (`chats.list[]`, `left_chats.list[]`, each a chat like the single one).
//!
//! Exports run to gigabytes, so the file is never loaded: serde_json's streaming deserializer walks it with
//! visitors (see [`stream`]) that push every message to the sink as it is parsed (each message object is cut out
//! of the read buffer and parsed from memory, see [`crate::json::parse_fast`]). Times are `date_unixtime` (UTC)
//! when present, else the local `date` read in `--tz` (marked `tz_known = false`). Service messages are system
//! records; joins and invitations also give memberships (invited members are named, not numbered, in the export:
//! a name is mapped to the id of a sender of that name seen earlier in the file, else kept as the member id).

mod message;
mod stream;

use crate::json::parse_fast;
use crate::{Bundle, Format, ImportError, Options, Sink};
use jingjian_model::Source;
use serde::Deserializer as _;
use std::collections::{HashMap, HashSet};
use stream::{ChatSeed, Walk};

/// The Telegram Desktop JSON export format.
pub struct Telegram;

/// Chat `type`s a Telegram export writes.
const CHAT_TYPES: [&str; 9] = [
    "\"personal_chat\"",
    "\"bot_chat\"",
    "\"private_group\"",
    "\"private_supergroup\"",
    "\"public_supergroup\"",
    "\"private_channel\"",
    "\"public_channel\"",
    "\"saved_messages\"",
    "\"replies\"",
];

impl Format for Telegram {
    fn name(&self) -> &'static str {
        "telegram"
    }

    fn source(&self) -> Source {
        Source::Telegram
    }

    fn detect(&self, bundle: &mut Bundle) -> Result<u8, ImportError> {
        if !bundle.is_file() {
            return Ok(0);
        }
        let name = bundle.entries()[0].clone();
        let head = bundle.head_text(&name, 8192)?;
        if !head.trim_start().starts_with('{') || head.contains("\"guild\"") {
            return Ok(0);
        }
        let account = head.contains("\"personal_information\"") || head.contains("\"chats\"");
        let chat = head.contains("\"messages\"")
            && (CHAT_TYPES.iter().any(|t| head.contains(t))
                || head.contains("\"date_unixtime\"")
                || head.contains("\"from_id\"")
                || head.contains("\"text_entities\""));
        Ok(if account || chat { 85 } else { 0 })
    }

    fn read(&self, bundle: &mut Bundle, opts: &Options, sink: &mut dyn Sink) -> Result<(), ImportError> {
        for name in bundle.entries().to_vec() {
            let base = name.rsplit('/').next().unwrap_or(&name);
            let fallback = base.strip_suffix(".json").unwrap_or(base).to_owned();
            let expected = "a Telegram Desktop export (an object with `messages` or `chats`)";
            parse_fast(bundle, &name, sink, expected, |de, ctx| {
                let mut walk =
                    Walk { opts, fallback: fallback.clone(), members: HashSet::new(), names: HashMap::new(), chats: 0 };
                de.deserialize_map(ChatSeed { ctx, walk: &mut walk, top: true })
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;
