//! Cuts the elements of a JSON array out of a read buffer, so that each can be parsed from memory: finds an
//! element's byte extent by tracking strings, escapes and bracket depth, without parsing it. Used by
//! [`crate::json::EachSeed`] for the messages arrays of Telegram and Discord exports.
//!
//! Only object elements are cut; anything else, and objects nested deeper than [`MAX_DEPTH`], are handed back to
//! the streaming parser (which then reads the rest of the array), so that its depth limit and its errors apply
//! unchanged. Broken separators or input ending inside an element report [`Step::Broken`]: the caller then reads
//! the document again the streaming way for the exact error.

use crate::json::Source;
use std::cell::Cell;

/// Deeper elements are left to the streaming parser, whose recursion limit (128 levels, counted from the
/// document's top) must decide about them.
const MAX_DEPTH: usize = 64;

/// What comes next in the array.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// An element at `unread()[start..end]` (separators before it already consumed).
    Element(usize, usize),
    /// The closing `]` is next (left unread for the streaming parser).
    End,
    /// An element the streaming parser must read is next (separators before it consumed).
    HandBack,
    /// The array is broken (a missing or extra separator, or the input ends).
    Broken,
}

/// Finds the next element after the one last returned (or after the `[` when `first`). Bytes consumed are added
/// to `bytes`.
pub(crate) fn next(w: &mut dyn Source, first: bool, bytes: &Cell<u64>) -> std::io::Result<Step> {
    let mut i = 0;
    let Some(mut b) = peek(w, &mut i)? else { return Ok(Step::Broken) };
    if b == b']' {
        return Ok(Step::End);
    }
    if !first {
        if b != b',' {
            return Ok(Step::Broken);
        }
        i += 1;
        match peek(w, &mut i)? {
            Some(b']') | None => return Ok(Step::Broken),
            Some(c) => b = c,
        }
    }
    w.consume(i);
    bytes.set(bytes.get() + i as u64);
    if b != b'{' {
        return Ok(Step::HandBack);
    }
    extent(w)
}

/// Skips whitespace from `unread()[*i]`, reading more as needed; the first other byte, or `None` at the end.
fn peek(w: &mut dyn Source, i: &mut usize) -> std::io::Result<Option<u8>> {
    loop {
        let buf = w.unread();
        while *i < buf.len() {
            match buf[*i] {
                b' ' | b'\t' | b'\n' | b'\r' => *i += 1,
                b => return Ok(Some(b)),
            }
        }
        if !w.more()? {
            return Ok(None);
        }
    }
}

/// The extent of the object starting at `unread()[0]`.
fn extent(w: &mut dyn Source) -> std::io::Result<Step> {
    let mut i = 0;
    let mut depth = 0usize;
    let mut in_str = false;
    loop {
        let buf = w.unread();
        while i < buf.len() {
            if in_str {
                match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                    None => i = buf.len(),
                    Some(k) if buf[i + k] == b'"' => {
                        in_str = false;
                        i += k + 1;
                    }
                    Some(k) if i + k + 1 < buf.len() => i += k + 2,
                    // A backslash ending the buffer: read on before skipping the escaped byte.
                    Some(k) => {
                        i += k;
                        break;
                    }
                }
                continue;
            }
            match buf[i] {
                b'"' => in_str = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Ok(Step::HandBack);
                    }
                }
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Step::Element(0, i + 1));
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if !w.more()? {
            return Ok(Step::Broken);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Counting;
    use std::rc::Rc;

    /// Every step over `text` (which starts after the `[`), read through a buffer of `capacity` bytes, with the
    /// elements as text.
    fn steps(text: &str, capacity: usize) -> (Vec<String>, Step, u64) {
        let count = Rc::new(Cell::new(0));
        let reader = Counting::new(text.as_bytes(), capacity, count);
        let window = reader.window();
        let mut w = window.borrow_mut();
        let bytes = Cell::new(0);
        let mut out = Vec::new();
        let mut first = true;
        loop {
            match next(&mut *w, first, &bytes).unwrap() {
                Step::Element(s, e) => {
                    out.push(String::from_utf8(w.unread()[s..e].to_vec()).unwrap());
                    w.consume(e);
                    bytes.set(bytes.get() + e as u64);
                }
                other => return (out, other, bytes.get()),
            }
            first = false;
        }
    }

    #[test]
    fn cuts_objects_whole_across_refills_with_strings_escapes_and_nesting() {
        let a = r#"{"t": "a}b\"c\\", "n": [1, {"x": "]"}]}"#;
        let b = r#"{"e": "\\\\\"}"}"#;
        let text = format!(" {a} ,\n{b}\n ]");
        for capacity in [1, 2, 3, 7, 64, 4096] {
            let (got, end, bytes) = steps(&text, capacity);
            assert_eq!(got, vec![a.to_owned(), b.to_owned()], "capacity {capacity}");
            assert_eq!(end, Step::End);
            assert_eq!(bytes as usize, text.len() - "\n ]".len(), "the space and `]` are left to the parser");
        }
    }

    #[test]
    fn non_objects_and_deep_objects_go_back_to_the_streaming_parser() {
        assert_eq!(steps(r#"{"a":1}, 5]"#, 16).1, Step::HandBack);
        assert_eq!(steps(r#""s"]"#, 16), (vec![], Step::HandBack, 0));
        let deep = format!("{}{}]", "{\"a\":".repeat(MAX_DEPTH + 1), "}".repeat(MAX_DEPTH + 1));
        assert_eq!(steps(&deep, 16).1, Step::HandBack);
        assert_eq!(steps("]", 16), (vec![], Step::End, 0));
    }

    #[test]
    fn broken_separators_and_cut_input_are_reported() {
        assert_eq!(steps(r#"{"a":1} {"b":2}]"#, 16).1, Step::Broken);
        assert_eq!(steps(r#"{"a":1},]"#, 16).1, Step::Broken);
        assert_eq!(steps(r#"{"a":1},"#, 16).1, Step::Broken);
        assert_eq!(steps(r#"{"a":"x"#, 16).1, Step::Broken);
        assert_eq!(steps("", 16).1, Step::Broken);
    }
}
