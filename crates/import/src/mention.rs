//! `@name` mentions written in message text, for sources that carry no structured mentions (WeCom archives,
//! WeChat CSV exports): WeChat and WeCom clients insert `@` plus the display name, followed by a space (usually
//! U+2005 FOUR-PER-EM SPACE). `@所有人`, `@全体成员` and `@all` address everyone.

/// Names that address every member of a group.
const ALL: [&str; 4] = ["所有人", "全体成员", "all", "everyone"];

/// Characters that end a mention besides whitespace.
fn ends_name(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '@' | ','
                | '，'
                | ':'
                | '：'
                | '。'
                | ';'
                | '；'
                | '!'
                | '！'
                | '?'
                | '？'
                | '、'
                | '('
                | ')'
                | '（'
                | '）'
                | '"'
                | '“'
                | '”'
        )
}

/// The names `text` @mentions (in order, without repeats) and whether it mentions everyone.
/// An `@` right after a letter or digit is part of an e-mail address, not a mention.
pub(crate) fn extract(text: &str) -> (Vec<String>, bool) {
    if memchr::memchr(b'@', text.as_bytes()).is_none() {
        return (Vec::new(), false);
    }
    let mut names: Vec<String> = Vec::new();
    let mut all = false;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let after_word = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '_');
        prev = Some(c);
        if c != '@' || after_word {
            continue;
        }
        let start = i + 1;
        let rest = &text[start..];
        let len = rest.find(ends_name).unwrap_or(rest.len());
        let name = &rest[..len];
        if name.is_empty() {
            continue;
        }
        if ALL.iter().any(|a| name.eq_ignore_ascii_case(a)) {
            all = true;
        } else if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        while it.peek().is_some_and(|(j, _)| *j < start + len) {
            prev = it.next().map(|(_, c)| c);
        }
    }
    (names, all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_names_and_everyone() {
        assert_eq!(extract("@张三\u{2005}@李四 请报送材料"), (vec!["张三".to_string(), "李四".to_string()], false));
        assert_eq!(extract("@所有人 明天开会"), (vec![], true));
        assert_eq!(extract("@all please"), (vec![], true));
        assert_eq!(extract("@张三，收到请回复 @张三"), (vec!["张三".to_string()], false));
        assert_eq!(extract("mail zhang.wei@163.com"), (vec![], false));
        assert_eq!(extract("@ alone"), (vec![], false));
        assert_eq!(extract("a\n------\n@nick777"), (vec!["nick777".to_string()], false));
    }

    proptest! {
        #[test]
        fn never_panics_and_names_come_from_the_text(s in "\\PC*") {
            let (names, _) = extract(&s);
            for n in names {
                let needle = format!("@{n}");
                prop_assert!(s.contains(&needle));
            }
        }
    }
}
