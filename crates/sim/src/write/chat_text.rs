//! Message text as people type it in apps without Slack's markup (Telegram, WhatsApp), and the pieces Telegram
//! marks in it. The generator writes English mentions in Slack markup (`<!channel>`, `<@U123>`, `<https://…>`);
//! [`unslack`] turns them into `@channel`, `@Name` and the bare URL. [`spans`] finds the `@name` mentions and
//! links that Telegram Desktop exports as `mention` and `link` text entities.

use crate::org::Org;
use std::collections::HashMap;
use std::ops::Range;

/// Member id → display name, for resolving `<@ID>`.
pub type Names = HashMap<String, String>;

/// Member id → display name for every member of `org`.
pub fn names(org: &Org) -> Names {
    org.members.iter().map(|m| (m.id.clone(), m.name.clone())).collect()
}

/// Appends `text` to `out` with Slack markup rewritten: `<!x>` → `@x`, `<@ID>` → `@Name` (or `@ID` when ID is
/// no member, as in `<@here>`), `<url>` and `<url|label>` → the URL. Other text is copied as it is.
pub fn unslack(text: &str, names: &Names, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>').map(|j| i + j) else { break };
        let inner = &rest[i + 1..j];
        out.push_str(&rest[..i]);
        if let Some(x) = inner.strip_prefix('!') {
            out.push('@');
            out.push_str(x);
        } else if let Some(id) = inner.strip_prefix('@') {
            out.push('@');
            out.push_str(names.get(id).map_or(id, String::as_str));
        } else if inner.starts_with("http://") || inner.starts_with("https://") {
            out.push_str(inner.split('|').next().unwrap_or(inner));
        } else {
            out.push_str(&rest[i..=j]);
        }
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
}

/// What a piece of text is, as Telegram exports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Ordinary text.
    Plain,
    /// `@name`: a mention of one person.
    Mention,
    /// An `http(s)://` link.
    Link,
}

impl Span {
    /// Telegram's entity type name.
    pub fn as_str(self) -> &'static str {
        match self {
            Span::Plain => "plain",
            Span::Mention => "mention",
            Span::Link => "link",
        }
    }
}

/// Words after `@` that address everyone rather than one person: plain text in Telegram.
const EVERYONE: &[&str] = &["所有人", "all", "channel", "here", "everyone"];

/// Splits `text` into consecutive spans (replacing `out`): a mention is `@` at the start or after whitespace
/// followed by a word up to the next whitespace, unless the word addresses everyone; a link runs from `http://`
/// or `https://` to the next whitespace or non-ASCII character.
pub fn spans(text: &str, out: &mut Vec<(Span, Range<usize>)>) {
    out.clear();
    let b = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < b.len() {
        let after_space = i == 0 || b[i - 1].is_ascii_whitespace();
        let found = if b[i] == b'@' && after_space {
            let end = text[i..].find(char::is_whitespace).map_or(text.len(), |k| i + k);
            let word = &text[i + 1..end];
            (!word.is_empty() && !EVERYONE.contains(&word)).then_some((Span::Mention, end))
        } else if b[i] == b'h' && (text[i..].starts_with("https://") || text[i..].starts_with("http://")) {
            let end = b[i..].iter().position(|c| c.is_ascii_whitespace() || !c.is_ascii()).map_or(b.len(), |k| i + k);
            Some((Span::Link, end))
        } else {
            None
        };
        match found {
            Some((kind, end)) => {
                if plain < i {
                    out.push((Span::Plain, plain..i));
                }
                out.push((kind, i..end));
                plain = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if plain < b.len() {
        out.push((Span::Plain, plain..b.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<(Span, &str)> {
        let mut v = Vec::new();
        spans(t, &mut v);
        v.into_iter().map(|(k, r)| (k, &t[r])).collect()
    }

    #[test]
    fn slack_markup_becomes_typed_text() {
        let names: Names = [("U1".to_string(), "Ann Lee".to_string())].into();
        let mut out = String::new();
        unslack("<!channel> hi <@U1> and <@here>, see <https://x.example/a|link> <b>", &names, &mut out);
        assert_eq!(out, "@channel hi @Ann Lee and @here, see https://x.example/a <b>");
        out.clear();
        unslack("no markup 收到", &names, &mut out);
        assert_eq!(out, "no markup 收到");
    }

    #[test]
    fn mentions_and_links_are_split_out() {
        assert_eq!(
            split("@所有人 请@王书记 看 @王书记 审核 https://p.example.cn/x?a=1，谢谢"),
            [
                (Span::Plain, "@所有人 请@王书记 看 "),
                (Span::Mention, "@王书记"),
                (Span::Plain, " 审核 "),
                (Span::Link, "https://p.example.cn/x?a=1"),
                (Span::Plain, "，谢谢")
            ]
        );
        assert_eq!(split("@here ok"), [(Span::Plain, "@here ok")]);
        assert_eq!(split(""), []);
        assert_eq!(split("mail a@b.c"), [(Span::Plain, "mail a@b.c")]);
    }
}
