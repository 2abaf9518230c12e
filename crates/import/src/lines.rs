//! Line-by-line reading with positions, for the line-based formats (JSON Lines, WeCom, Mattermost, WhatsApp).

use crate::{ImportError, Location};
use std::io::{BufRead, BufReader, Read};

/// Reads UTF-8 lines one at a time, keeping the 1-based line number and the byte offset of each line's start.
pub struct LineReader<R> {
    inner: BufReader<R>,
    file: String,
    raw: Vec<u8>,
    /// Bytes of the buffer taken by the line last returned from it, consumed on the next call.
    pending: usize,
    /// Whether the line last returned lies in `raw` (it spanned a buffer refill) rather than in the buffer.
    in_raw: bool,
    line: u64,
    offset: u64,
    next_offset: u64,
    /// Whether the last line read ended with a newline (a last line without one may be cut short).
    pub terminated: bool,
}

impl<R: Read> LineReader<R> {
    /// Reads from `r`; `file` names it in errors.
    pub fn new(r: R, file: impl Into<String>) -> Self {
        LineReader {
            inner: BufReader::with_capacity(256 * 1024, r),
            file: file.into(),
            raw: Vec::new(),
            pending: 0,
            in_raw: false,
            line: 0,
            offset: 0,
            next_offset: 0,
            terminated: true,
        }
    }

    /// The next line without its `\n` or `\r\n`, or `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<&str>, ImportError> {
        Ok(self.next_line_here()?.map(|(line, _)| line))
    }

    /// Like [`next_line`](Self::next_line), with the line's position, which can be turned into a [`Location`]
    /// while the line is still borrowed (for errors found while parsing it).
    pub fn next_line_here(&mut self) -> Result<Option<(&str, Here<'_>)>, ImportError> {
        if !self.advance()? {
            return Ok(None);
        }
        let here = Here { file: &self.file, line: self.line, offset: self.offset, terminated: self.terminated };
        let bytes = if self.in_raw { &self.raw[..] } else { &self.inner.buffer()[..self.pending] };
        let bytes = strip_newline(bytes);
        if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
            return Ok(Some((s, here)));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Some((s, here))),
            Err(e) => Err(ImportError::invalid(
                here.location().at_offset(self.offset + e.valid_up_to() as u64),
                "invalid UTF-8 text",
            )),
        }
    }

    /// Finds the next line, with its newline: in the buffer when it lies there whole (`pending` bytes), else
    /// copied into `raw`. False at the end.
    fn advance(&mut self) -> Result<bool, ImportError> {
        self.inner.consume(std::mem::take(&mut self.pending));
        let found = self.inner.fill_buf().map(|buf| memchr::memchr(b'\n', buf));
        let n = match found.map_err(|e| self.io(e))? {
            Some(i) => {
                self.in_raw = false;
                self.pending = i + 1;
                i + 1
            }
            None => {
                self.in_raw = true;
                self.raw.clear();
                let n = self.inner.read_until(b'\n', &mut self.raw).map_err(|e| self.io(e))?;
                if n == 0 {
                    return Ok(false);
                }
                n
            }
        };
        self.line += 1;
        self.offset = self.next_offset;
        self.next_offset += n as u64;
        let bytes = if self.in_raw { &self.raw[..] } else { &self.inner.buffer()[..self.pending] };
        self.terminated = bytes.last() == Some(&b'\n');
        Ok(true)
    }

    /// The position of the line last returned.
    pub fn here(&self) -> Location {
        Location::line(self.file.clone(), self.line).at_offset(self.offset)
    }

    /// Bytes consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.next_offset
    }

    /// The name used in errors.
    pub fn file(&self) -> &str {
        &self.file
    }

    fn io(&self, e: std::io::Error) -> ImportError {
        if e.kind() == std::io::ErrorKind::InvalidData {
            ImportError::invalid(self.here(), format!("cannot decode the text: {e}"))
        } else {
            ImportError::Invalid { at: self.here(), message: format!("read failed: {e}") }
        }
    }
}

/// The lines of a text already in memory, with the same lines and positions as a [`LineReader`] over it gives,
/// served as slices of the text: no copy and no UTF-8 check per line.
pub(crate) struct TextLines<'a> {
    text: &'a str,
    file: String,
    line: u64,
    offset: u64,
    next_offset: u64,
    terminated: bool,
}

impl<'a> TextLines<'a> {
    /// Reads `text`; `file` names it in errors.
    pub(crate) fn new(text: &'a str, file: impl Into<String>) -> Self {
        TextLines { text, file: file.into(), line: 0, offset: 0, next_offset: 0, terminated: true }
    }

    /// The next line without its `\n` or `\r\n` and its position, or `None` at the end.
    pub(crate) fn next_line_here(&mut self) -> Option<(&'a str, Here<'_>)> {
        let start = self.next_offset as usize;
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        let len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        let whole = &rest[..len];
        self.line += 1;
        self.offset = self.next_offset;
        self.next_offset += len as u64;
        self.terminated = whole.ends_with('\n');
        let line = whole.strip_suffix('\n').map_or(whole, |l| l.strip_suffix('\r').unwrap_or(l));
        Some((line, Here { file: &self.file, line: self.line, offset: self.offset, terminated: self.terminated }))
    }

    /// Bytes consumed so far.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.next_offset
    }

    /// The name used in errors.
    pub(crate) fn file(&self) -> &str {
        &self.file
    }
}

/// A line without its `\n` or `\r\n`.
fn strip_newline(line: &[u8]) -> &[u8] {
    match line {
        [rest @ .., b'\r', b'\n'] | [rest @ .., b'\n'] => rest,
        _ => line,
    }
}

/// The position of a line, borrowed from its reader: a [`Location`] is built only when one is asked for.
#[derive(Clone, Copy)]
pub struct Here<'a> {
    file: &'a str,
    line: u64,
    offset: u64,
    terminated: bool,
}

impl Here<'_> {
    /// Whether the line ended with a newline (a last line without one may be cut short).
    pub fn terminated(&self) -> bool {
        self.terminated
    }

    /// The line's 1-based number.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The line's location: file, line number and the byte offset of its start.
    pub fn location(&self) -> Location {
        Location::line(self.file.to_owned(), self.line).at_offset(self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_lines_and_offsets() {
        let mut r = LineReader::new("a\r\nbb\nccc".as_bytes(), "f");
        assert_eq!(r.next_line().unwrap(), Some("a"));
        assert_eq!(r.next_line().unwrap(), Some("bb"));
        assert_eq!(r.here().to_string(), "f, line 2, byte 3");
        assert_eq!(r.next_line().unwrap(), Some("ccc"));
        assert!(!r.terminated);
        assert_eq!(r.next_line().unwrap(), None);
    }

    #[test]
    fn lines_longer_than_the_buffer_and_lines_across_refills_come_whole() {
        let long = "收".repeat(200_000);
        let text = format!("a\n{long}\r\nb\n{long}");
        let mut r = LineReader::new(text.as_bytes(), "f");
        assert_eq!(r.next_line().unwrap(), Some("a"));
        assert_eq!(r.next_line().unwrap(), Some(long.as_str()));
        let (line, here) = r.next_line_here().unwrap().unwrap();
        assert_eq!((line, here.location().to_string()), ("b", format!("f, line 3, byte {}", 2 + long.len() + 2)));
        assert_eq!(r.next_line().unwrap(), Some(long.as_str()));
        assert!(!r.terminated);
        assert_eq!(r.next_line().unwrap(), None);
        assert_eq!(r.bytes_read(), text.len() as u64);
    }

    proptest::proptest! {
        #[test]
        fn text_lines_match_the_reader(text in "[a收\r\n]{0,40}") {
            let mut r = LineReader::new(text.as_bytes(), "f");
            let mut t = TextLines::new(&text, "f");
            loop {
                let want = r.next_line_here().unwrap().map(|(l, h)| (l.to_owned(), h.location(), h.terminated()));
                let got = t.next_line_here().map(|(l, h)| (l.to_owned(), h.location(), h.terminated()));
                proptest::prop_assert_eq!(&got, &want);
                proptest::prop_assert_eq!(t.bytes_read(), r.bytes_read());
                if want.is_none() {
                    break;
                }
            }
        }
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let mut r = LineReader::new(&b"ok\nab\xffc\n"[..], "f");
        r.next_line().unwrap();
        let e = r.next_line().unwrap_err().to_string();
        assert_eq!(e, "f, line 2, byte 5: invalid UTF-8 text");
    }
}
