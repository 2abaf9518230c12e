//! Renderings of a digest: Markdown, one self-contained HTML page (inline style, no script, no external
//! resource), and JSON. Message text is escaped wherever it lands.

use super::{Digest, DigestEntry, Section};
use crate::input::Lang;

impl Digest {
    /// The digest as Markdown.
    pub fn to_markdown(&self) -> String {
        let l = self.lang;
        let mut out = format!("# {}\n\n{}\n", title(l, &self.member), summary(self));
        if self.entries.is_empty() {
            out.push_str(&format!("\n{}\n", l.pick("没有需要关注的重要消息。", "Nothing important to read.")));
        }
        for (section, entries) in sections(self) {
            out.push_str(&format!("\n## {} ({})\n", heading(l, section), entries.len()));
            for (n, e) in entries.iter().enumerate() {
                out.push_str(&format!("\n{}. {}\n\n", n + 1, md_escape(&meta(l, e))));
                for line in e.text.lines() {
                    out.push_str(&format!("   > {}\n", md_escape(line)));
                }
                if e.text.is_empty() {
                    out.push_str("   > \n");
                }
            }
        }
        out
    }

    /// The digest as one self-contained HTML page.
    pub fn to_html(&self) -> String {
        let l = self.lang;
        let mut body =
            format!("<h1>{}</h1>\n<p class=\"summary\">{}</p>\n", esc(&title(l, &self.member)), esc(&summary(self)));
        if self.entries.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", l.pick("没有需要关注的重要消息。", "Nothing important to read.")));
        }
        for (section, entries) in sections(self) {
            body.push_str(&format!(
                "<section class=\"{}\">\n<h2>{} <span class=\"n\">{}</span></h2>\n<ol>\n",
                section_class(section),
                esc(heading(l, section)),
                entries.len()
            ));
            for e in entries {
                let ids: Vec<String> = e.messages.iter().map(|m| format!("{}/{}", m.group, m.id)).collect();
                body.push_str(&format!(
                    "<li><div class=\"meta\">{}</div>\n<blockquote>{}</blockquote>\n<div class=\"ids\">{}</div></li>\n",
                    esc(&meta(l, e)),
                    esc(&e.text).replace('\n', "<br>"),
                    esc(&ids.join(" · "))
                ));
            }
            body.push_str("</ol>\n</section>\n");
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
            l.pick("zh-CN", "en"),
            esc(&title(l, &self.member)),
        )
    }

    /// The digest as pretty-printed JSON (the same in every language but for the `lang` field).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a digest holds only strings, numbers and lists")
    }
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:0;background:#f6f6f4;color:#222}\
main{max-width:46rem;margin:0 auto;padding:1.5rem}h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}\
.n{color:#777;font-weight:normal}.summary{color:#555}ol{padding-left:1.4rem}li{margin:0 0 1rem}\
.meta{font-size:.85rem;color:#555}.deadline .meta{color:#a33}\
blockquote{margin:.3rem 0;padding:.4rem .7rem;background:#fff;border-left:3px solid #bbb;white-space:normal}\
.ids{font-size:.7rem;color:#999}";

fn title(l: Lang, member: &str) -> String {
    match l {
        Lang::Zh => format!("重要消息摘要：{member}"),
        Lang::En => format!("Digest for {member}"),
    }
}

fn summary(d: &Digest) -> String {
    let c = &d.counts;
    match d.lang {
        Lang::Zh => format!(
            "共 {} 条重要消息，来自 {} 个群；{} 条重复转发已合并。时间为 {} 时间。",
            c.entries, c.groups, c.copies_collapsed, d.tz
        ),
        Lang::En => format!(
            "{} important message(s) from {} group(s); {} cross-posted copies folded in. Times in {}.",
            c.entries, c.groups, c.copies_collapsed, d.tz
        ),
    }
}

fn heading(l: Lang, s: Section) -> &'static str {
    match s {
        Section::Deadline => l.pick("截止事项", "Deadlines"),
        Section::Mention => l.pick("@我的", "Mentions of you"),
        Section::Other => l.pick("其他重要消息", "Other important messages"),
    }
}

fn section_class(s: Section) -> &'static str {
    match s {
        Section::Deadline => "deadline",
        Section::Mention => "mention",
        Section::Other => "other",
    }
}

fn sections(d: &Digest) -> Vec<(Section, Vec<&DigestEntry>)> {
    [Section::Deadline, Section::Mention, Section::Other]
        .into_iter()
        .map(|s| (s, d.entries.iter().filter(|e| e.section == s).collect::<Vec<_>>()))
        .filter(|(_, es)| !es.is_empty())
        .collect()
}

/// The line above an entry: deadline, groups, time, sender.
fn meta(l: Lang, e: &DigestEntry) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &e.deadline_local {
        parts.push(match l {
            Lang::Zh => format!("截止 {d}"),
            Lang::En => format!("due {d}"),
        });
    }
    let names: Vec<String> = e.groups.iter().map(|g| quote(l, &g.name)).collect();
    parts.push(names.join(l.pick("", ", ")));
    parts.push(e.local_time.clone());
    if let Some(s) = &e.sender {
        parts.push(s.clone());
    }
    if e.mentions_me {
        parts.push(l.pick("@了你", "mentions you").into());
    } else if e.mentions_all {
        parts.push(l.pick("@所有人", "@all").into());
    }
    parts.join(" · ")
}

fn quote(l: Lang, name: &str) -> String {
    match l {
        Lang::Zh => format!("「{name}」"),
        Lang::En => format!("“{name}”"),
    }
}

/// Escapes what a Markdown renderer would take as markup or raw HTML.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    out
}

/// Escapes text for HTML content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
