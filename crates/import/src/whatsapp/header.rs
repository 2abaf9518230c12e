//! WhatsApp message headers: the date and time that open every message line, in every layout phones write
//! (`[d/m/yy, HH:MM:SS] ` on iOS, `d/m/yy, HH:MM - ` on Android, any of the `/ . -` separators, day, month or year
//! first, 2- or 4-digit years, 24 h or 12 h with `AM`, `a.m.`, `a. m.` and their spacing variants), and the
//! whole-file vote that decides whether a file writes the day or the month first.

use chrono::{NaiveDate, NaiveDateTime};
use std::borrow::Cow;

/// Before or after noon, when a header says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meridiem {
    Am,
    Pm,
}

/// A header as written, before the file's date order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawHeader {
    /// The three date numbers in the order written.
    pub fields: [u32; 3],
    /// How many digits each date number had.
    pub digits: [u8; 3],
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub meridiem: Option<Meridiem>,
    /// Byte index in the line where the rest (`Name: text` or a system text) starts.
    pub body: usize,
}

/// The order a file writes dates in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day, month, year (most of the world).
    Dmy,
    /// Month, day, year (United States).
    Mdy,
    /// Year, month, day (ISO, China, Japan).
    Ymd,
}

impl DateOrder {
    /// How the order reads in messages.
    pub fn describe(self) -> &'static str {
        match self {
            DateOrder::Dmy => "day/month/year",
            DateOrder::Mdy => "month/day/year",
            DateOrder::Ymd => "year/month/day",
        }
    }
}

/// Characters that carry no content: direction marks and embeddings, isolates and byte-order marks.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The line without direction marks and BOMs (WhatsApp scatters them anywhere, even mid-file).
pub fn strip_marks(line: &str) -> Cow<'_, str> {
    if has_mark(line) { Cow::Owned(line.chars().filter(|c| !is_mark(*c)).collect()) } else { Cow::Borrowed(line) }
}

/// Whether `line` holds a mark. Every mark is three bytes in UTF-8 starting with byte E2 (U+2000 to U+2FFF) or
/// EF (U+F000 to U+FFFF), which only punctuation and symbols share: a byte search finds the few places to look
/// at, and the bytes there tell a mark: E2 80 8E–8F (U+200E–200F), E2 80 AA–AE (U+202A–202E), E2 81 A6–A9
/// (U+2066–2069), EF BB BF (U+FEFF).
fn has_mark(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memchr2_iter(0xE2, 0xEF, b).any(|i| {
        matches!(
            b.get(i..i + 3),
            Some([0xE2, 0x80, 0x8E | 0x8F | 0xAA..=0xAE] | [0xE2, 0x81, 0xA6..=0xA9] | [0xEF, 0xBB, 0xBF])
        )
    })
}

/// The spaces phones put in headers: plain, no-break, narrow no-break and thin.
#[cfg(test)]
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    #[inline]
    fn rest(&self) -> &[u8] {
        &self.s.as_bytes()[self.i..]
    }
    #[inline]
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    /// Takes `c` if the text goes on with it (compared as UTF-8 bytes: the cursor is always at a character).
    #[inline]
    fn eat(&mut self, c: char) -> bool {
        let found = if c.is_ascii() {
            self.rest().first() == Some(&(c as u8))
        } else {
            self.rest().starts_with(c.encode_utf8(&mut [0u8; 4]).as_bytes())
        };
        if found {
            self.i += c.len_utf8();
        }
        found
    }
    /// Takes a run of spaces ([`is_space`]); returns how many.
    #[inline]
    fn spaces(&mut self) -> usize {
        let mut n = 0;
        loop {
            let len = match self.rest() {
                [b' ', ..] => 1,
                [0xC2, 0xA0, ..] => 2,              // U+00A0
                [0xE2, 0x80, 0xAF | 0x89, ..] => 3, // U+202F, U+2009
                _ => return n,
            };
            self.i += len;
            n += 1;
        }
    }
    /// A run of 1..=max ASCII digits.
    #[inline]
    fn number(&mut self, max: usize) -> Option<(u32, u8)> {
        let digits = self.rest().iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > max {
            return None;
        }
        let n = self.s.as_bytes()[self.i..self.i + digits].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
        self.i += digits;
        Some((n, digits as u8))
    }
    /// `am`, `pm`, `a.m.`, `p.m.`, `a. m.`, `p. m.` in any case, any space between the parts.
    fn meridiem(&mut self) -> Option<Meridiem> {
        let start = self.i;
        let which = match self.rest().first()? {
            b'a' | b'A' => Meridiem::Am,
            b'p' | b'P' => Meridiem::Pm,
            _ => return None,
        };
        self.i += 1;
        let dotted = self.eat('.');
        if dotted {
            self.spaces();
        }
        if !(self.eat('m') || self.eat('M')) || (dotted && !self.eat('.')) {
            self.i = start;
            return None;
        }
        if self.peek().is_some_and(char::is_alphanumeric) {
            self.i = start;
            return None;
        }
        Some(which)
    }
}

/// Parses the header at the start of `line` (marks already stripped); `None` when the line does not start with
/// one (a continuation line of a multi-line message).
pub fn parse_header(line: &str) -> Option<RawHeader> {
    let mut c = Cursor { s: line, i: 0 };
    let bracketed = c.eat('[');
    let (a, da) = c.number(4)?;
    let sep = char::from(*c.rest().first().filter(|s| matches!(s, b'/' | b'.' | b'-'))?);
    c.i += 1;
    let (b, db) = c.number(2)?;
    if !c.eat(sep) {
        return None;
    }
    let (y, dy) = c.number(4)?;
    if dy == 3 || (da != 4 && dy != 2 && dy != 4) || (da == 4 && dy > 2) || da == 3 {
        return None;
    }
    c.eat('.');
    let comma = c.eat(',');
    if c.spaces() == 0 && !comma {
        return None;
    }
    let (hour, _) = c.number(2)?;
    if !c.eat(':') {
        return None;
    }
    let (minute, dm) = c.number(2)?;
    let second = if c.eat(':') { c.number(2).filter(|(_, d)| *d == 2)?.0 } else { 0 };
    let spaced = c.spaces();
    let meridiem = c.meridiem();
    if meridiem.is_none() && spaced > 0 && bracketed {
        return None;
    }
    if bracketed {
        if !c.eat(']') {
            return None;
        }
        c.eat(' ');
    } else {
        if meridiem.is_some() {
            c.spaces();
        } else if spaced == 0 {
            return None;
        }
        if !(c.eat('-') || c.eat('–')) {
            return None;
        }
        c.spaces();
    }
    if dm != 2 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(RawHeader { fields: [a, b, y], digits: [da, db, dy], hour, minute, second, meridiem, body: c.i })
}

impl RawHeader {
    /// The local date and time under `order`, or `None` when the date does not exist under that order.
    pub fn local(&self, order: DateOrder) -> Option<NaiveDateTime> {
        let [a, b, c] = self.fields;
        let (y, m, d) = match order {
            DateOrder::Dmy => (c, b, a),
            DateOrder::Mdy => (c, a, b),
            DateOrder::Ymd => (a, b, c),
        };
        let y = if y < 100 { 2000 + y } else { y };
        let hour = match (self.meridiem, self.hour) {
            (Some(Meridiem::Am), 12) => 0,
            (Some(Meridiem::Pm), h) if h < 12 => h + 12,
            (_, h) => h,
        };
        NaiveDate::from_ymd_opt(y as i32, m, d)?.and_hms_opt(hour, self.minute, self.second)
    }
}

/// Evidence gathered over every header of a file, to decide its date order at the end of the first pass.
#[derive(Debug, Default, Clone)]
pub struct OrderVote {
    year_first: Option<u64>,
    first_above_12: Option<u64>,
    second_above_12: Option<u64>,
    first_changes: u64,
    second_changes: u64,
    previous: Option<(u32, u32)>,
    /// Steps back in time between consecutive headers when read day first, and when read month first.
    dmy_backwards: u64,
    mdy_backwards: u64,
    previous_full: Option<[u32; 3]>,
    /// Whether any header had an AM/PM marker.
    pub twelve_hour: bool,
    /// How many headers were seen.
    pub headers: u64,
}

/// Why a file's dates cannot be read in any one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderConflict {
    /// Line of a header whose first number is above 12.
    pub day_first_line: u64,
    /// Line of a header whose second number is above 12.
    pub month_first_line: u64,
}

impl OrderVote {
    /// Counts one header found on `line`.
    pub fn observe(&mut self, h: &RawHeader, line: u64) {
        self.headers += 1;
        self.twelve_hour |= h.meridiem.is_some();
        if h.digits[0] == 4 || h.fields[0] > 31 {
            self.year_first.get_or_insert(line);
            return;
        }
        let (a, b) = (h.fields[0], h.fields[1]);
        if a > 12 {
            self.first_above_12.get_or_insert(line);
        }
        if b > 12 {
            self.second_above_12.get_or_insert(line);
        }
        if let Some((pa, pb)) = self.previous {
            self.first_changes += u64::from(pa != a);
            self.second_changes += u64::from(pb != b);
        }
        self.previous = Some((a, b));
        let y = h.fields[2] % 100;
        if let Some([pa, pb, py]) = self.previous_full {
            self.dmy_backwards += u64::from((y, b, a) < (py, pb, pa));
            self.mdy_backwards += u64::from((y, a, b) < (py, pa, pb));
        }
        self.previous_full = Some([a, b, y]);
    }

    /// The order: year first when a header starts with a 4-digit year; day first when a first number exceeds 12;
    /// month first when a second number does; otherwise the order under which the headers step back in time less
    /// often (exports are chronological), then the order whose day (the number that changes more often between
    /// consecutive headers) changes more; on a tie, 12-hour files are taken as month first (US style) and 24-hour
    /// files as day first.
    pub fn decide(&self) -> Result<DateOrder, OrderConflict> {
        if self.year_first.is_some() && self.first_above_12.is_none() && self.second_above_12.is_none() {
            return Ok(DateOrder::Ymd);
        }
        match (self.first_above_12, self.second_above_12) {
            (Some(d), Some(m)) => Err(OrderConflict { day_first_line: d, month_first_line: m }),
            (Some(_), None) => Ok(DateOrder::Dmy),
            (None, Some(_)) => Ok(DateOrder::Mdy),
            (None, None) if self.year_first.is_some() && self.previous.is_none() => Ok(DateOrder::Ymd),
            (None, None) if self.dmy_backwards != self.mdy_backwards => {
                Ok(if self.dmy_backwards < self.mdy_backwards { DateOrder::Dmy } else { DateOrder::Mdy })
            }
            (None, None) => Ok(if self.first_changes > self.second_changes {
                DateOrder::Dmy
            } else if self.second_changes > self.first_changes || self.twelve_hour {
                DateOrder::Mdy
            } else {
                DateOrder::Dmy
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(line: &str, order: DateOrder) -> (String, String) {
        let h = parse_header(line).unwrap_or_else(|| panic!("no header in {line:?}"));
        (h.local(order).unwrap().format("%Y-%m-%d %H:%M:%S").to_string(), line[h.body..].to_string())
    }

    #[test]
    fn every_layout_parses() {
        let cases = [
            ("1/29/18, 12:24 - Bob: hi", DateOrder::Mdy, "2018-01-29 12:24:00"),
            ("[1/29/18, 12:24:03] Bob: hi", DateOrder::Mdy, "2018-01-29 12:24:03"),
            ("29.01.18, 23:33 - Bob: hi", DateOrder::Dmy, "2018-01-29 23:33:00"),
            ("[15-01-20 02:22:56] Bob: hi", DateOrder::Dmy, "2020-01-15 02:22:56"),
            ("[2019-04-16 02:09] Bob: hi", DateOrder::Ymd, "2019-04-16 02:09:00"),
            ("2019/01/30, 20:49 - Bob: hi", DateOrder::Ymd, "2019-01-30 20:49:00"),
            ("[01/30/19 20:49] Bob: hi", DateOrder::Mdy, "2019-01-30 20:49:00"),
            ("01/30/2019, 08:49 p. m. - Bob: hi", DateOrder::Mdy, "2019-01-30 20:49:00"),
            ("06/20/2020, 00:08 a. m. - Bob: hi", DateOrder::Mdy, "2020-06-20 00:08:00"),
            ("12/20/2021, 12:10 p. m. - Bob: hi", DateOrder::Mdy, "2021-12-20 12:10:00"),
            ("1/2/21, 12:05\u{202F}AM - Bob: hi", DateOrder::Mdy, "2021-01-02 00:05:00"),
            ("[1/2/21, 9:05:07\u{A0}PM] Bob: hi", DateOrder::Mdy, "2021-01-02 21:05:07"),
            ("2023-12-20, 5:46 p.m. - Bob: hi", DateOrder::Ymd, "2023-12-20 17:46:00"),
            ("2023/12/20, 5:46 pm - Bob: hi", DateOrder::Ymd, "2023-12-20 17:46:00"),
            ("20/12/2023, 5:46 a.\u{A0}m. - Bob: hi", DateOrder::Dmy, "2023-12-20 05:46:00"),
            ("[05.05.23, 15:48:11] Bob: hi", DateOrder::Dmy, "2023-05-05 15:48:11"),
            ("1/29/18, 23:59 PM - Bob: hi", DateOrder::Mdy, "2018-01-29 23:59:00"),
        ];
        for (line, order, want) in cases {
            assert_eq!(at(line, order), (want.to_string(), "Bob: hi".to_string()), "{line}");
        }
    }

    #[test]
    fn continuation_lines_are_not_headers() {
        for line in [
            "",
            "consectetur adipiscing elit.",
            "12/9/20 was a good day",
            "1/2/3, 4:05 - x",
            "[1/2/21 12:00 PM Bob: unclosed",
            "2019-04-16 - nothing",
            "1.2.2021 12:3 - Bob: short minute",
            "30/12/21, 22:61 - Bob: bad minute",
        ] {
            assert_eq!(parse_header(line), None, "{line}");
        }
    }

    #[test]
    fn marks_are_stripped_anywhere() {
        assert_eq!(strip_marks("\u{FEFF}1/2/21\u{200E}, 12:00 - A: \u{202A}x\u{202C}"), "1/2/21, 12:00 - A: x");
        assert!(matches!(strip_marks("plain"), Cow::Borrowed(_)));
    }

    fn vote(lines: &[&str]) -> Result<DateOrder, OrderConflict> {
        let mut v = OrderVote::default();
        for (i, l) in lines.iter().enumerate() {
            v.observe(&parse_header(l).unwrap(), i as u64 + 1);
        }
        v.decide()
    }

    #[test]
    fn the_order_is_decided_over_the_whole_file() {
        assert_eq!(vote(&["01/01/19, 11:25 - A: x", "20/01/19, 11:23 - A: x"]), Ok(DateOrder::Dmy));
        assert_eq!(vote(&["01/01/19, 11:25 - A: x", "01/20/19, 11:23 - A: x"]), Ok(DateOrder::Mdy));
        assert_eq!(vote(&["2019/01/01, 11:25 - A: x"]), Ok(DateOrder::Ymd));
        // Ambiguous: the first number changes more often, so it is the day.
        assert_eq!(vote(&["1/3/21, 10:00 - A: x", "2/3/21, 10:00 - A: x", "3/3/21, 10:00 - A: x"]), Ok(DateOrder::Dmy));
        assert_eq!(vote(&["3/1/21, 10:00 - A: x", "3/2/21, 10:00 - A: x", "3/3/21, 10:00 - A: x"]), Ok(DateOrder::Mdy));
        // Read day first, 6 March, 8 May, 9 April steps back once; month first it is in order.
        assert_eq!(
            vote(&["06/03/17, 10:00 - A: x", "08/05/17, 10:00 - A: x", "09/04/17, 10:00 - A: x"]),
            Ok(DateOrder::Mdy)
        );
        // A tie: 12-hour clocks read month first, 24-hour clocks day first.
        assert_eq!(vote(&["12/9/20, 11:55 PM - A: x"]), Ok(DateOrder::Mdy));
        assert_eq!(vote(&["12/9/20, 23:55 - A: x"]), Ok(DateOrder::Dmy));
        assert_eq!(
            vote(&["13/1/20, 10:00 - A: x", "1/13/20, 10:00 - A: x"]),
            Err(OrderConflict { day_first_line: 1, month_first_line: 2 })
        );
    }

    #[derive(Debug, Clone, Copy)]
    enum Clock {
        H24,
        Upper,
        Lower,
        Dotted,
        Spaced,
    }

    fn layout() -> impl Strategy<Value = (u8, char, bool, bool, Clock, bool, char)> {
        (
            0u8..3,
            prop::sample::select(vec!['/', '.', '-']),
            any::<bool>(),
            any::<bool>(),
            prop::sample::select(vec![Clock::H24, Clock::Upper, Clock::Lower, Clock::Dotted, Clock::Spaced]),
            any::<bool>(),
            prop::sample::select(vec![' ', '\u{A0}', '\u{202F}']),
        )
    }

    proptest! {
        #[test]
        fn generated_headers_round_trip(
            (order, sep, four, ios, clock, seconds, space) in layout(),
            y in 2009i32..2040, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, min in 0u32..60, s in 0u32..60,
        ) {
            let order = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd][order as usize];
            let year = if four || order == DateOrder::Ymd { format!("{y}") } else { format!("{:02}", y % 100) };
            let date = match order {
                DateOrder::Dmy => format!("{d}{sep}{m:02}{sep}{year}"),
                DateOrder::Mdy => format!("{m}{sep}{d}{sep}{year}"),
                DateOrder::Ymd => format!("{year}{sep}{m:02}{sep}{d:02}"),
            };
            let (h12, pm) = (if h % 12 == 0 { 12 } else { h % 12 }, h >= 12);
            let sec = if seconds { format!(":{s:02}") } else { String::new() };
            let time = match clock {
                Clock::H24 => format!("{h:02}:{min:02}{sec}"),
                Clock::Upper => format!("{h12}:{min:02}{sec}{space}{}", if pm { "PM" } else { "AM" }),
                Clock::Lower => format!("{h12}:{min:02}{sec}{space}{}", if pm { "pm" } else { "am" }),
                Clock::Dotted => format!("{h12}:{min:02}{sec}{space}{}", if pm { "p.m." } else { "a.m." }),
                Clock::Spaced => format!("{h12}:{min:02}{sec}{space}{}", if pm { "p. m." } else { "a. m." }),
            };
            let line = if ios { format!("[{date}, {time}] ~ Ann: hi") } else { format!("{date}, {time} - ~ Ann: hi") };
            let raw = parse_header(&line);
            prop_assert!(raw.is_some(), "{}", line);
            let raw = raw.unwrap();
            let want = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, if seconds { s } else { 0 }).unwrap();
            prop_assert_eq!(raw.local(order), Some(want));
            prop_assert_eq!(&line[raw.body..], "~ Ann: hi");
        }

        #[test]
        fn the_space_run_agrees_with_looking_at_every_character(s in "[ a\u{A0}\u{202F}\u{2009}\u{2008}\u{2000}收]{0,8}") {
            let mut c = Cursor { s: &s, i: 0 };
            let n = c.spaces();
            let want: Vec<char> = s.chars().take_while(|c| is_space(*c)).collect();
            prop_assert_eq!((n, c.i), (want.len(), want.iter().map(|c| c.len_utf8()).sum::<usize>()));
        }

        #[test]
        fn the_mark_search_agrees_with_looking_at_every_character(
            s in "[a-z收到“”…\u{200E}\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{2028}\u{FFFD}]{0,12}"
        ) {
            prop_assert_eq!(has_mark(&s), s.chars().any(is_mark), "{:?}", s);
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,40}") {
            if let Some(h) = parse_header(&s) {
                prop_assert!(h.body <= s.len());
                let _ = h.local(DateOrder::Dmy);
            }
        }

        #[test]
        fn day_first_files_are_recognised(days in prop::collection::vec((1u32..=28, 1u32..=12), 1..30), big in 13u32..=28) {
            let mut v = OrderVote::default();
            let mut all = days.clone();
            all.push((big, 3));
            for (i, (d, m)) in all.iter().enumerate() {
                v.observe(&parse_header(&format!("{d}/{m}/21, 10:00 - A: x")).unwrap(), i as u64 + 1);
            }
            prop_assert_eq!(v.decide(), Ok(DateOrder::Dmy));
        }
    }
}
