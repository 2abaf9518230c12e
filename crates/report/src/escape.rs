//! Escaping for the two contexts the report writes text into: HTML (text and quoted attributes) and JSON inside a
//! `<script>` element.

use std::fmt::Write;

/// Appends `s` to `out` with `& < > " '` escaped, safe in element text and in quoted attribute values.
pub fn html_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s` escaped for HTML.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    html_into(&mut out, s);
    out
}

/// `value` as JSON that is safe inside `<script>`: `<`, `>`, `&` and U+2028/U+2029 become `\u` escapes, so no
/// `</script>` or `<!--` can end or change the element, and old JavaScript parsers do not see line breaks in strings.
pub fn json_for_script<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(html(r#"<b a="1">'x' & y</b>"#), "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;");
        assert_eq!(html("收到👍"), "收到👍");
    }

    #[test]
    fn json_in_script_cannot_close_the_script_or_break_lines() {
        let s = json_for_script(&vec!["</script><!-- a\u{2028}b\u{2029}"]);
        assert!(!s.contains("</") && !s.contains("<!--") && !s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, vec!["</script><!-- a\u{2028}b\u{2029}".to_string()]);
    }
}
