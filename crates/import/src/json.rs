//! Streaming JSON for the JSON-based formats (Slack, Telegram, Discord): a reader that counts the bytes serde_json
//! has consumed, a context that carries the sink and the first non-JSON error out of serde visitors, and a helper
//! that streams the elements of a top-level array one at a time. With [`parse_fast`], the messages arrays read by
//! [`EachSeed`] are cut out of the reader's buffer element by element ([`crate::json_cut`]) and parsed from memory.
//!
//! serde_json's reader deserializer pulls one byte at a time, so a buffered reader that counts the bytes it hands
//! out ([`Counting`]) knows exactly where the parser is: errors name the line, the record and the byte offset.

use crate::{ImportError, Location, Sink};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer as _, MapAccess, SeqAccess, Visitor};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Read;
use std::rc::Rc;

/// A buffered reader that counts the bytes read out of it.
///
/// serde_json's reader deserializer pulls one byte at a time through `std::io::Bytes`, which has a fast path for
/// `BufReader` only; any other reader pays a non-inlined call chain per byte (it was half of the Telegram and
/// Discord import time). This reader keeps its own buffer and serves single bytes from it in an inlined branch,
/// and counts what it hands out, so the count is exactly where the parser is. The buffer is shared (see
/// [`Counting::window`]) so that [`EachSeed`] can cut whole array elements out of it and parse them from memory.
pub(crate) struct Counting<R> {
    window: Rc<RefCell<Window<R>>>,
    count: Rc<Cell<u64>>,
}

/// The buffer of a [`Counting`] reader: `buf[pos..len]` is read from the input and not yet handed out.
pub(crate) struct Window<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
}

impl<R: Read> Counting<R> {
    /// Reads `inner` through a buffer of `capacity` bytes, adding every byte handed out to `count`.
    pub(crate) fn new(inner: R, capacity: usize, count: Rc<Cell<u64>>) -> Self {
        let window = Window { inner, buf: vec![0; capacity.max(1)], pos: 0, len: 0 };
        Counting { window: Rc::new(RefCell::new(window)), count }
    }

    /// The shared buffer.
    pub(crate) fn window(&self) -> Rc<RefCell<Window<R>>> {
        self.window.clone()
    }
}

impl<R: Read> Read for Counting<R> {
    #[inline]
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut w = self.window.borrow_mut();
        if w.pos == w.len && !out.is_empty() {
            let Window { inner, buf, .. } = &mut *w;
            let n = inner.read(buf)?;
            w.len = n;
            w.pos = 0;
        }
        let n = out.len().min(w.len - w.pos);
        if n == 1 {
            out[0] = w.buf[w.pos];
        } else {
            out[..n].copy_from_slice(&w.buf[w.pos..w.pos + n]);
        }
        w.pos += n;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Direct access to a [`Counting`] reader's buffer, without its reader type.
pub(crate) trait Source {
    /// The bytes read and not yet handed out.
    fn unread(&self) -> &[u8];
    /// Marks the first `n` unread bytes as handed out.
    fn consume(&mut self, n: usize);
    /// Reads more input after the unread bytes (moving them to the front, growing the buffer when it is full);
    /// false at the end of the input.
    fn more(&mut self) -> std::io::Result<bool>;
}

impl<R: Read> Source for Window<R> {
    fn unread(&self) -> &[u8] {
        &self.buf[self.pos..self.len]
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }

    fn more(&mut self) -> std::io::Result<bool> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.len, 0);
            self.len -= self.pos;
            self.pos = 0;
        }
        if self.len == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.buf[self.len..]) {
                Ok(n) => {
                    self.len += n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// The serde_json deserializer every JSON importer uses.
pub(crate) type JsonDe<R> = serde_json::Deserializer<serde_json::de::IoRead<Counting<R>>>;

/// What a streaming visitor needs besides the parser: where records go, where the parser is, and a slot for the
/// first error that is not a JSON error (a sink failure, a record that makes no sense), which serde can only carry
/// as a string.
pub(crate) struct Ctx<'s> {
    /// The file as shown in errors.
    pub file: String,
    /// Where records go.
    pub sink: &'s mut dyn Sink,
    /// The 1-based number of the record being read, for errors (0 before the first).
    pub record: u64,
    /// Bytes consumed so far.
    pub bytes: Rc<Cell<u64>>,
    failure: Option<ImportError>,
    /// The reader's buffer, when arrays of messages may be cut out of it and parsed from memory ([`EachSeed`]).
    window: Option<Rc<RefCell<dyn Source + 's>>>,
}

impl Ctx<'_> {
    /// Pushes a record, keeping a sink failure to return once serde has unwound.
    pub fn emit<E: serde::de::Error>(&mut self, rec: jingjian_model::Record) -> Result<(), E> {
        match self.sink.record(rec) {
            Ok(()) => Ok(()),
            Err(msg) => Err(self.fail(ImportError::Sink(msg))),
        }
    }

    /// Keeps `e` (unless an earlier failure is kept) and gives serde an error to unwind with.
    pub fn fail<E: serde::de::Error>(&mut self, e: ImportError) -> E {
        let text = e.to_string();
        self.failure.get_or_insert(e);
        E::custom(text)
    }

    /// The current place: the record being read and the byte offset.
    pub fn here(&self) -> Location {
        Location { file: self.file.clone(), line: None, record: Some(self.record), offset: Some(self.bytes.get()) }
    }

    /// Reports progress every so often.
    pub fn tick(&mut self) {
        if self.record.is_multiple_of(256) {
            self.sink.progress(self.bytes.get());
        }
    }
}

/// Parses one JSON document from `r` with `body`, then checks nothing but whitespace follows. JSON errors become
/// [`ImportError::Invalid`] naming the line, the record (`ctx.record`) and the byte offset; `expected` says what
/// the file should have held.
pub(crate) fn parse<R: Read, T>(
    r: R,
    file: String,
    sink: &mut dyn Sink,
    expected: &str,
    body: impl FnOnce(&mut JsonDe<R>, &mut Ctx<'_>) -> Result<T, serde_json::Error>,
) -> Result<T, ImportError> {
    match run(r, file, sink, expected, false, body) {
        Ok(v) => Ok(v),
        Err(Failed::Import(e) | Failed::Json(e)) => Err(e),
    }
}

/// Like [`parse`], with the message arrays of [`EachSeed`] cut out of the buffer and parsed from memory (which
/// scans strings many times faster than the streaming parser). Should the JSON be broken anywhere, the document
/// is read again from `open` the streaming way into a sink that keeps nothing, so that the error says exactly
/// what the streaming parser says (line, record, byte offset and wording).
pub(crate) fn parse_fast<T>(
    bundle: &mut crate::Bundle,
    name: &str,
    sink: &mut dyn Sink,
    expected: &str,
    mut body: impl for<'r> FnMut(&mut JsonDe<Box<dyn Read + 'r>>, &mut Ctx<'_>) -> Result<T, serde_json::Error>,
) -> Result<T, ImportError> {
    let shown = bundle.display(name);
    fn open<'b>(bundle: &'b mut crate::Bundle, name: &str, shown: &str) -> Result<Box<dyn Read + 'b>, ImportError> {
        let (r, _) = crate::decode::utf8_reader(bundle.open_entry(name)?).map_err(|e| ImportError::io(shown, e))?;
        Ok(r)
    }
    let first = run(open(bundle, name, &shown)?, shown.clone(), sink, expected, true, &mut body);
    match first {
        Ok(v) => Ok(v),
        Err(Failed::Import(e)) => Err(e),
        Err(Failed::Json(fast)) => {
            match run(open(bundle, name, &shown)?, shown.clone(), &mut Discard, expected, false, &mut body) {
                Err(Failed::Import(e) | Failed::Json(e)) => Err(e),
                // Cannot happen: the fast path refuses only what the streaming parser refuses.
                Ok(_) => Err(fast),
            }
        }
    }
}

/// A sink that keeps nothing, for reading a broken document again only to find its first error.
struct Discard;

impl Sink for Discard {
    fn record(&mut self, _: jingjian_model::Record) -> Result<(), String> {
        Ok(())
    }
}

/// Why [`run`] failed: a JSON error, or another error kept by the context.
enum Failed {
    Import(ImportError),
    Json(ImportError),
}

fn run<'r, R: Read + 'r, T>(
    r: R,
    file: String,
    sink: &'r mut (dyn Sink + 'r),
    expected: &str,
    fast: bool,
    body: impl FnOnce(&mut JsonDe<R>, &mut Ctx<'_>) -> Result<T, serde_json::Error>,
) -> Result<T, Failed> {
    let bytes = Rc::new(Cell::new(0));
    let reader = Counting::new(r, 256 * 1024, bytes.clone());
    let window: Option<Rc<RefCell<dyn Source + 'r>>> =
        if fast { Some(reader.window() as Rc<RefCell<dyn Source + 'r>>) } else { None };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut ctx = Ctx { file, sink, record: 0, bytes, failure: None, window };
    let out = body(&mut de, &mut ctx).and_then(|v| de.end().map(|()| v));
    match out {
        Ok(v) => {
            ctx.sink.progress(ctx.bytes.get());
            Ok(v)
        }
        Err(e) => Err(match ctx.failure.take() {
            Some(kept) => Failed::Import(kept),
            None => Failed::Json(json_error(&ctx, e, expected)),
        }),
    }
}

fn json_error(ctx: &Ctx<'_>, e: serde_json::Error, expected: &str) -> ImportError {
    let mut at = ctx.here();
    if e.line() > 0 {
        at.line = Some(e.line() as u64);
    }
    if ctx.record == 0 {
        at.record = None;
    }
    let message = match e.classify() {
        serde_json::error::Category::Eof => {
            format!("the JSON ends early (the file may be truncated); expected {expected}")
        }
        serde_json::error::Category::Syntax => format!("broken JSON, expected {expected}: {e}"),
        serde_json::error::Category::Data => format!("expected {expected}: {e}"),
        serde_json::error::Category::Io => format!("read failed: {e}"),
    };
    ImportError::invalid(at, message)
}

/// Streams the elements of a top-level JSON array from `r`, calling `each` with every element as it is parsed;
/// with `lone_object`, a single object instead of an array counts as a one-element array. Returns the number of
/// elements. Memory holds one element at a time.
pub(crate) fn each_element<R: Read, T: DeserializeOwned>(
    r: R,
    file: String,
    sink: &mut dyn Sink,
    expected: &str,
    lone_object: bool,
    mut each: impl FnMut(&mut Ctx<'_>, T) -> Result<(), ImportError>,
) -> Result<u64, ImportError> {
    parse(r, file, sink, expected, |de, ctx| {
        de.deserialize_any(ElementsVisitor { ctx, each: &mut each, lone_object, _t: std::marker::PhantomData })
    })
}

struct ElementsVisitor<'c, 's, F, T> {
    ctx: &'c mut Ctx<'s>,
    each: &'c mut F,
    lone_object: bool,
    _t: std::marker::PhantomData<T>,
}

impl<'de, F, T> Visitor<'de> for ElementsVisitor<'_, '_, F, T>
where
    F: FnMut(&mut Ctx<'_>, T) -> Result<(), ImportError>,
    T: DeserializeOwned,
{
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.lone_object { "an array or an object" } else { "an array" })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut n = 0;
        loop {
            self.ctx.record = n + 1;
            let Some(item) = seq.next_element::<T>()? else {
                break;
            };
            n += 1;
            if let Err(e) = (self.each)(self.ctx, item) {
                return Err(self.ctx.fail(e));
            }
            self.ctx.tick();
        }
        Ok(n)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<u64, A::Error> {
        if !self.lone_object {
            return Err(serde::de::Error::invalid_type(serde::de::Unexpected::Map, &self));
        }
        self.ctx.record = 1;
        let item = T::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        if let Err(e) = (self.each)(self.ctx, item) {
            return Err(self.ctx.fail(e));
        }
        Ok(1)
    }
}

/// A seed that streams the elements of an array, calling `each` on every element: for arrays nested inside an
/// object (Telegram `messages`, Discord `messages`).
pub(crate) struct EachSeed<'c, 's, F, T> {
    /// The context.
    pub ctx: &'c mut Ctx<'s>,
    /// Called with each element.
    pub each: F,
    /// The element type.
    pub _t: std::marker::PhantomData<T>,
}

impl<'de, F, T> DeserializeSeed<'de> for EachSeed<'_, '_, F, T>
where
    F: FnMut(&mut Ctx<'_>, u64, T) -> Result<(), ImportError>,
    T: DeserializeOwned,
{
    type Value = u64;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F, T> Visitor<'de> for EachSeed<'_, '_, F, T>
where
    F: FnMut(&mut Ctx<'_>, u64, T) -> Result<(), ImportError>,
    T: DeserializeOwned,
{
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<u64, A::Error> {
        let mut n = 0;
        if let Some(window) = self.ctx.window.clone() {
            // serde has consumed the `[` and nothing more: cut elements out of the buffer while they are objects.
            let mut first = true;
            loop {
                let step = crate::json_cut::next(&mut *window.borrow_mut(), first, &self.ctx.bytes);
                let (start, end) = match step {
                    Ok(crate::json_cut::Step::Element(start, end)) => (start, end),
                    Ok(crate::json_cut::Step::End | crate::json_cut::Step::HandBack) => break,
                    Ok(crate::json_cut::Step::Broken) | Err(_) => {
                        return Err(serde::de::Error::custom("broken JSON in the messages array"));
                    }
                };
                first = false;
                self.ctx.record = n + 1;
                let item = {
                    let w = window.borrow();
                    serde_json::from_slice::<T>(&w.unread()[start..end])
                };
                let item = item.map_err(serde::de::Error::custom)?;
                window.borrow_mut().consume(end);
                self.ctx.bytes.set(self.ctx.bytes.get() + end as u64);
                n += 1;
                if let Err(e) = (self.each)(self.ctx, n, item) {
                    return Err(self.ctx.fail(e));
                }
                self.ctx.tick();
            }
        }
        loop {
            self.ctx.record = n + 1;
            let Some(item) = seq.next_element::<T>()? else {
                break;
            };
            n += 1;
            if let Err(e) = (self.each)(self.ctx, n, item) {
                return Err(self.ctx.fail(e));
            }
            self.ctx.tick();
        }
        Ok(n)
    }
}

/// A JSON value that may be a string or a number (Slack `created`, Telegram `id`/`date_unixtime`, ids in old
/// exports), read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loose(pub String);

impl<'de> serde::Deserialize<'de> for Loose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Loose, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether a field was present at all, even as `null` (Telegram `forwarded_from` is `null` for hidden senders;
/// Discord `forwardedMessage`). Use with `#[serde(default)]`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Present(pub bool);

impl<'de> serde::Deserialize<'de> for Present {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Present, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| Present(true))
    }
}

/// Epoch seconds written as `"1452837318"`, `"1452837318.000002"` (Slack `ts`) or a number, as milliseconds;
/// read digit by digit, so no float rounding moves a time.
pub(crate) fn epoch_seconds_to_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let neg = whole.starts_with('-');
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = digits.parse().ok()?;
    let mut ms: i64 = 0;
    for (i, b) in frac.bytes().take(3).enumerate() {
        ms += i64::from(b - b'0') * [100, 10, 1][i];
    }
    let total = secs.checked_mul(1000)?.checked_add(ms)?;
    Some(if neg { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Collect;

    #[test]
    fn the_buffered_counter_hands_out_every_byte_once_and_counts_it() {
        let count = Rc::new(Cell::new(0));
        let mut r = Counting::new(&b"abcdefgh"[..], 3, count.clone());
        let mut one = [0u8; 1];
        assert_eq!((r.read(&mut one).unwrap(), one, count.get()), (1, *b"a", 1));
        let mut four = [0u8; 4];
        assert_eq!((r.read(&mut four).unwrap(), &four[..2], count.get()), (2, &b"bc"[..], 3));
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).unwrap();
        assert_eq!((rest, count.get()), (b"defgh".to_vec(), 8));
        assert_eq!(r.read(&mut one).unwrap(), 0);
    }

    #[test]
    fn epoch_strings_keep_their_milliseconds() {
        assert_eq!(epoch_seconds_to_ms("1452837318.000002"), Some(1_452_837_318_000));
        assert_eq!(epoch_seconds_to_ms("1452837318.123456"), Some(1_452_837_318_123));
        assert_eq!(epoch_seconds_to_ms("1544006350"), Some(1_544_006_350_000));
        assert_eq!(epoch_seconds_to_ms("12a"), None);
        assert_eq!(epoch_seconds_to_ms(""), None);
        assert_eq!(epoch_seconds_to_ms("99999999999999999999"), None);
    }

    #[test]
    fn arrays_stream_and_errors_name_record_and_byte() {
        let mut seen = Vec::new();
        let n = each_element::<_, u32>(
            &b"[1, 2, 3]"[..],
            "f.json".into(),
            &mut Collect::default(),
            "numbers",
            false,
            |_, v| {
                seen.push(v);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!((n, seen), (3, vec![1, 2, 3]));
        let e = each_element::<_, u32>(
            &b"[1,\n 2,\n \"x\"]"[..],
            "f.json".into(),
            &mut Collect::default(),
            "numbers",
            false,
            |_, _| Ok(()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("f.json, line 3, record 3, byte 13: expected numbers"), "{e}");
        let e = each_element::<_, u32>(
            &b"[1, 2"[..],
            "f.json".into(),
            &mut Collect::default(),
            "numbers",
            false,
            |_, _| Ok(()),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("ends early"), "{e}");
    }

    #[test]
    fn a_lone_object_counts_only_when_allowed() {
        #[derive(serde::Deserialize)]
        struct O {
            a: u8,
        }
        let mut got = 0;
        each_element::<_, O>(&br#"{"a": 7}"#[..], "f".into(), &mut Collect::default(), "objects", true, |_, o| {
            got = o.a;
            Ok(())
        })
        .unwrap();
        assert_eq!(got, 7);
        assert!(
            each_element::<_, O>(
                &br#"{"a": 7}"#[..],
                "f".into(),
                &mut Collect::default(),
                "objects",
                false,
                |_, _| Ok(())
            )
            .is_err()
        );
    }

    #[test]
    fn trailing_garbage_is_refused() {
        let e =
            each_element::<_, u8>(&b"[1] x"[..], "f".into(), &mut Collect::default(), "numbers", false, |_, _| Ok(()))
                .unwrap_err()
                .to_string();
        assert!(e.contains("broken JSON"), "{e}");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn epoch_strings_match_integer_arithmetic(secs in 0i64..4_000_000_000, micros in 0u32..1_000_000) {
            prop_assert_eq!(epoch_seconds_to_ms(&format!("{secs}.{micros:06}")), Some(secs * 1000 + i64::from(micros / 1000)));
            prop_assert_eq!(epoch_seconds_to_ms(&secs.to_string()), Some(secs * 1000));
        }

        #[test]
        fn epoch_parsing_never_panics(s in ".{0,30}") {
            let _ = epoch_seconds_to_ms(&s);
        }
    }
}
