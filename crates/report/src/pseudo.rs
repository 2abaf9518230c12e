//! Stable pseudonyms for members: `成员-7f3a` / `Member-7f3a`, from a hash of the member id.
//!
//! The same id gets the same pseudonym in every report over the same members (the hash is xxh3 of the id; when two
//! ids share the first four hex digits, both get more digits until they differ). Free text (group names, reasons,
//! notices, excerpts) has every member name and id of two or more characters replaced by the pseudonym; ASCII names
//! are only replaced as whole words, so `Al` does not eat the start of `All`. Pseudonyms hide names from readers of
//! the report; they do not protect against someone who can hash candidate ids.

use crate::data::MemberRow;
use crate::options::Lang;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The pseudonym table for one report.
pub struct Pseudonyms {
    prefix: &'static str,
    by_id: HashMap<String, String>,
    matcher: Option<AhoCorasick>,
    replacements: Vec<String>,
}

fn hash_hex(id: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(id.as_bytes()))
}

impl Pseudonyms {
    /// Pseudonyms for `members`, labelled in `lang`.
    pub fn new(members: &[MemberRow], lang: Lang) -> Pseudonyms {
        let prefix = match lang {
            Lang::Zh => "成员-",
            Lang::En => "Member-",
        };
        let mut ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let hexes: Vec<String> = ids.iter().map(|id| hash_hex(id)).collect();
        let mut width = vec![4usize; ids.len()];
        loop {
            let mut seen: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, h) in hexes.iter().enumerate() {
                seen.entry(&h[..width[i]]).or_default().push(i);
            }
            let clashes: Vec<usize> =
                seen.values().filter(|v| v.len() > 1).flatten().copied().filter(|&i| width[i] < 16).collect();
            if clashes.is_empty() {
                break;
            }
            for i in clashes {
                width[i] += 2;
            }
        }
        let by_id: HashMap<String, String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.to_string(), format!("{prefix}{}", &hexes[i][..width[i]])))
            .collect();

        let mut patterns = Vec::new();
        let mut replacements = Vec::new();
        for m in members {
            let p = &by_id[m.id.as_str()];
            for word in [&m.name, &m.id] {
                if word.chars().count() >= 2 {
                    patterns.push(word.clone());
                    replacements.push(p.clone());
                }
            }
        }
        let matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok()
        };
        Pseudonyms { prefix, by_id, matcher, replacements }
    }

    /// The pseudonym for member `id` (ids not among the members get one from the full hash).
    pub fn id(&self, id: &str) -> String {
        match self.by_id.get(id) {
            Some(p) => p.clone(),
            None => format!("{}{}", self.prefix, &hash_hex(id)[..8]),
        }
    }

    /// `text` with every member name and id replaced by the member's pseudonym.
    pub fn text(&self, text: &str) -> String {
        let Some(matcher) = &self.matcher else { return text.to_string() };
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in matcher.find_iter(text) {
            let word = &text[m.start()..m.end()];
            let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            let starts_word = word.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            let ends_word = word.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
            if (starts_word && ascii_word(text[..m.start()].chars().last()))
                || (ends_word && ascii_word(text[m.end()..].chars().next()))
            {
                continue;
            }
            out.push_str(&text[last..m.start()]);
            out.push_str(&self.replacements[m.pattern().as_usize()]);
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, name: &str) -> MemberRow {
        MemberRow { id: id.into(), name: name.into(), ..MemberRow::default() }
    }

    #[test]
    fn pseudonyms_are_stable_distinct_and_replace_names_in_text() {
        let ms = vec![member("u1", "王伟"), member("u2", "Al"), member("zhangsan", "张三")];
        let p = Pseudonyms::new(&ms, Lang::Zh);
        let q = Pseudonyms::new(&ms, Lang::Zh);
        assert_eq!(p.id("u1"), q.id("u1"));
        assert!(p.id("u1").starts_with("成员-"));
        assert_ne!(p.id("u1"), p.id("u2"));
        let text = p.text("王伟和Al说: All hands, ask zhangsan or 张三");
        assert!(!text.contains("王伟") && !text.contains("张三") && !text.contains("zhangsan"), "{text}");
        assert!(text.contains("All hands"), "whole words only: {text}");
        assert!(text.contains(&p.id("u2")), "{text}");
        assert!(Pseudonyms::new(&ms, Lang::En).id("u1").starts_with("Member-"));
    }

    #[test]
    fn clashing_prefixes_get_longer_pseudonyms() {
        let ms: Vec<MemberRow> = (0..5000).map(|i| member(&format!("m{i}"), &format!("N{i}"))).collect();
        let p = Pseudonyms::new(&ms, Lang::En);
        let mut all: Vec<String> = ms.iter().map(|m| p.id(&m.id)).collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 5000);
    }
}
