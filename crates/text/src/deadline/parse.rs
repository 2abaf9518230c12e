//! Hand-written scanners for the date, weekday, time-of-day and duration expressions that deadlines use, in
//! Chinese and English, over normalised text (Simplified, half-width, lower-case).

/// A calendar day as the text gives it, before it is resolved against the message's own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Day {
    /// An explicit date; the year may be missing.
    Date { year: Option<i32>, month: u32, day: u32 },
    /// Today plus this many days (今天 0, 明天 1, 后天 2).
    Relative(i64),
    /// A weekday (0 = Monday) in this week (`weeks` = 0), next week (1), or the next one on or after today (`None`).
    Weekday { weekday: u32, weeks: Option<i64> },
    /// The last day of the current month (月底).
    MonthEnd,
    /// The last working day of this week (本周内, end of week): Friday.
    WeekEnd,
}

/// A time of day: hours and minutes in 24-hour form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock {
    pub hour: u32,
    pub minute: u32,
}

/// The end of the working day: 下班, EOD, COB. Offices vary; 18:00 is the documented default.
pub(crate) const END_OF_WORKDAY: Clock = Clock { hour: 18, minute: 0 };

/// A parsed expression and the byte range it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expr {
    pub start: usize,
    pub end: usize,
    pub day: Option<Day>,
    pub clock: Option<Clock>,
    /// "within N": a span from the message's own time, in milliseconds.
    pub within_ms: Option<i64>,
}

/// Reads an ASCII number of at most `max` digits at `i`.
fn ascii_num(s: &[u8], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut n: u32 = 0;
    while j < s.len() && s[j].is_ascii_digit() && j - i < max {
        n = n * 10 + u32::from(s[j] - b'0');
        j += 1;
    }
    (j > i && !(j < s.len() && s[j].is_ascii_digit())).then_some((n, j))
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a Chinese numeral up to 99 (五, 十二, 二十, 三十一) at `i`.
fn cn_num(t: &str, i: usize) -> Option<(u32, usize)> {
    let it = t[i..].char_indices();
    let mut n: u32 = 0;
    let mut end = i;
    let mut seen = false;
    let mut tens = false;
    for (off, c) in it {
        if c == '十' && !tens {
            n = if seen { n * 10 } else { 10 };
            tens = true;
        } else if let Some(d) = cn_digit(c) {
            if tens {
                n += d;
                end = i + off + c.len_utf8();
                seen = true;
                break;
            }
            if seen {
                break;
            }
            n = d;
        } else {
            break;
        }
        seen = true;
        end = i + off + c.len_utf8();
    }
    seen.then_some((n, end))
}

/// Reads an ASCII or Chinese number at `i`.
pub(crate) fn number(t: &str, i: usize, max_digits: usize) -> Option<(u32, usize)> {
    ascii_num(t.as_bytes(), i, max_digits).or_else(|| cn_num(t, i))
}

/// Advances past spaces.
fn skip_space(t: &str, mut i: usize) -> usize {
    while t.as_bytes().get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// If `t[i..]` starts with one of `words`, the end of the longest one.
fn word(t: &str, i: usize, words: &[&str]) -> Option<usize> {
    let first = *t.as_bytes().get(i)?;
    words
        .iter()
        .filter(|w| w.as_bytes()[0] == first && t.as_bytes()[i..].starts_with(w.as_bytes()))
        .map(|w| i + w.len())
        .max()
}

/// Whether an ASCII word ends at `j` (no letter or digit follows).
fn word_end(t: &str, j: usize) -> bool {
    t.as_bytes().get(j).is_none_or(|b| !b.is_ascii_alphanumeric())
}

/// Parses a Chinese or English day expression at `i`.
fn day(t: &str, i: usize) -> Option<(Day, usize)> {
    zh_day(t, i).or_else(|| en_day(t, i))
}

fn zh_day(t: &str, i: usize) -> Option<(Day, usize)> {
    // ISO-like dates: 2024-06-05, 2024/6/5, 2024.6.5
    if let Some((y, j)) = ascii_num(t.as_bytes(), i, 4).filter(|(y, j)| *j - i == 4 && *y >= 1970) {
        if let Some(sep) = t[j..].chars().next().filter(|c| matches!(c, '-' | '/' | '.')) {
            let k = j + sep.len_utf8();
            if let Some((m, k)) = ascii_num(t.as_bytes(), k, 2)
                && t[k..].starts_with(sep)
                && let Some((d, k)) = ascii_num(t.as_bytes(), k + 1, 2)
            {
                return Some((Day::Date { year: Some(y as i32), month: m, day: d }, k));
            }
        }
        if t[j..].starts_with('年')
            && let Some((Day::Date { month, day, .. }, k)) = zh_month_day(t, j + '年'.len_utf8())
        {
            return Some((Day::Date { year: Some(y as i32), month, day }, k));
        }
    }
    if let Some(r) = zh_month_day(t, i) {
        return Some(r);
    }
    for (w, d) in [
        ("大后天", 3),
        ("后天", 2),
        ("明天", 1),
        ("明日", 1),
        ("明早", 1),
        ("明晚", 1),
        ("今天", 0),
        ("今日", 0),
        ("今晚", 0),
        ("当天", 0),
        ("今早", 0),
    ] {
        if t[i..].starts_with(w) {
            // 今晚 / 明晚 leave 晚 for the time of day, so that 今晚9点 reads as 21:00.
            let used = if w.ends_with('晚') { w.len() - '晚'.len_utf8() } else { w.len() };
            return Some((Day::Relative(d), i + used));
        }
    }
    for w in ["月底", "本月底", "月末"] {
        if t[i..].starts_with(w) {
            return Some((Day::MonthEnd, i + w.len()));
        }
    }
    for w in ["本周内", "这周内", "本周末"] {
        if t[i..].starts_with(w) {
            return Some((Day::WeekEnd, i + w.len()));
        }
    }
    let (weeks, j) = if let Some(j) = word(t, i, &["本周", "这周", "本星期", "这个星期", "这星期"]) {
        (Some(0), j)
    } else if let Some(j) = word(t, i, &["下周", "下星期", "下个星期", "下礼拜"]) {
        (Some(1), j)
    } else {
        (None, i)
    };
    let j = if weeks.is_some() {
        word(t, j, &["周", "星期", "礼拜"]).unwrap_or(j)
    } else {
        word(t, j, &["周", "星期", "礼拜"])?
    };
    let c = t[j..].chars().next()?;
    let weekday = match c {
        '一' => 0,
        '二' => 1,
        '三' => 2,
        '四' => 3,
        '五' => 4,
        '六' => 5,
        '日' | '天' | '末' => 6,
        _ => return None,
    };
    Some((Day::Weekday { weekday, weeks }, j + c.len_utf8()))
}

fn zh_month_day(t: &str, i: usize) -> Option<(Day, usize)> {
    let (m, j) = number(t, i, 2)?;
    let j = word(t, j, &["月份", "月"])?;
    let (d, k) = number(t, j, 2)?;
    let k = word(t, k, &["日", "号"])?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((Day::Date { year: None, month: m, day: d }, k))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAYS_SHORT: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn en_month(t: &str, i: usize) -> Option<(u32, usize)> {
    let rest = &t[i..];
    for (n, m) in MONTHS.iter().enumerate() {
        if rest.starts_with(m) {
            let mut j = i + 3;
            while t.as_bytes().get(j).is_some_and(|b| b.is_ascii_alphabetic()) {
                j += 1;
            }
            if t.as_bytes().get(j) == Some(&b'.') {
                j += 1;
            }
            return Some((n as u32 + 1, j));
        }
    }
    None
}

fn ordinal_day(t: &str, i: usize) -> Option<(u32, usize)> {
    let (d, mut j) = ascii_num(t.as_bytes(), i, 2)?;
    if let Some(k) = word(t, j, &["st", "nd", "rd", "th"]) {
        j = k;
    }
    ((1..=31).contains(&d) && word_end(t, j)).then_some((d, j))
}

fn en_day(t: &str, i: usize) -> Option<(Day, usize)> {
    if i > 0 && t.as_bytes()[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    // june 5, june 5th, june 5 2024
    if let Some((m, j)) = en_month(t, i) {
        let k = skip_space(t, j);
        if let Some((d, k)) = ordinal_day(t, k) {
            let mut year = None;
            let mut end = k;
            let y0 = skip_space(t, if t[k..].starts_with(',') { k + 1 } else { k });
            if let Some((y, e)) = ascii_num(t.as_bytes(), y0, 4).filter(|(y, e)| *e - y0 == 4 && *y >= 1970) {
                year = Some(y as i32);
                end = e;
            }
            return Some((Day::Date { year, month: m, day: d }, end));
        }
    }
    // 5 june
    if let Some((d, j)) = ordinal_day(t, i) {
        let k = skip_space(t, j);
        if let Some((m, k)) = en_month(t, k) {
            return Some((Day::Date { year: None, month: m, day: d }, k));
        }
    }
    for (w, d) in [("today", 0), ("tonight", 0), ("tomorrow", 1), ("tmrw", 1)] {
        if t[i..].starts_with(w) && word_end(t, i + w.len()) {
            return Some((Day::Relative(d), i + w.len()));
        }
    }
    for w in ["end of week", "eow", "end of the week"] {
        if t[i..].starts_with(w) && word_end(t, i + w.len()) {
            return Some((Day::WeekEnd, i + w.len()));
        }
    }
    for w in ["end of month", "end of the month", "eom"] {
        if t[i..].starts_with(w) && word_end(t, i + w.len()) {
            return Some((Day::MonthEnd, i + w.len()));
        }
    }
    let (weeks, j) = if let Some(j) = word(t, i, &["next "]) {
        (Some(1), j)
    } else if let Some(j) = word(t, i, &["this "]) {
        (Some(0), j)
    } else {
        (None, i)
    };
    for (n, (long, short)) in WEEKDAYS.iter().zip(WEEKDAYS_SHORT).enumerate() {
        for w in [*long, short] {
            if t[j..].starts_with(w) && word_end(t, j + w.len()) {
                return Some((Day::Weekday { weekday: n as u32, weeks }, j + w.len()));
            }
        }
    }
    None
}

/// Parses a time of day at `i`: 下午5点, 17:00, 5点半, 中午12点, 下班, 5pm, noon, eod.
fn clock(t: &str, i: usize) -> Option<(Clock, usize)> {
    let mut pm = None;
    let mut j = i;
    if let Some(k) = word(t, i, &["上午", "早上", "早晨", "凌晨"]) {
        pm = Some(false);
        j = k;
    } else if let Some(k) = word(t, i, &["下午", "晚上", "傍晚", "晚"]) {
        pm = Some(true);
        j = k;
    } else if let Some(k) = word(t, i, &["中午"]) {
        j = k;
        if let Some(r) = clock_digits(t, j, None) {
            let (mut c, e) = r;
            if c.hour < 6 {
                c.hour += 12;
            }
            return Some((c, e));
        }
        return Some((Clock { hour: 12, minute: 0 }, k));
    }
    if let Some(k) = word(t, j, &["下班"]) {
        return Some((END_OF_WORKDAY, k));
    }
    if let Some(r) = clock_digits(t, j, pm) {
        return Some(r);
    }
    if pm.is_some() && j > i {
        // 今晚 / 下午 without a number: the end of that part of the day.
        return Some((
            if pm == Some(true) { Clock { hour: 23, minute: 59 } } else { Clock { hour: 12, minute: 0 } },
            j,
        ));
    }
    for (w, c) in [
        ("eod", END_OF_WORKDAY),
        ("cob", END_OF_WORKDAY),
        ("end of day", END_OF_WORKDAY),
        ("end of business", END_OF_WORKDAY),
        ("close of business", END_OF_WORKDAY),
        ("noon", Clock { hour: 12, minute: 0 }),
        ("midday", Clock { hour: 12, minute: 0 }),
        ("midnight", Clock { hour: 23, minute: 59 }),
    ] {
        if t[i..].starts_with(w) && word_end(t, i + w.len()) && (i == 0 || !t.as_bytes()[i - 1].is_ascii_alphanumeric())
        {
            return Some((c, i + w.len()));
        }
    }
    None
}

fn clock_digits(t: &str, i: usize, pm: Option<bool>) -> Option<(Clock, usize)> {
    if i > 0 && t.as_bytes()[i - 1].is_ascii_digit() {
        return None;
    }
    let (mut h, j) = number(t, i, 2)?;
    let (mut m, mut k);
    if let Some(j2) = word(t, j, &["点", "时"]) {
        k = j2;
        m = 0;
        if t[k..].starts_with('半') {
            m = 30;
            k += '半'.len_utf8();
        } else if let Some((mm, k2)) = number(t, k, 2)
            && let Some(k3) = word(t, k2, &["分"])
        {
            m = mm;
            k = k3;
        } else if let Some((mm, k2)) = ascii_num(t.as_bytes(), k, 2) {
            m = mm;
            k = k2;
        }
    } else if t[j..].starts_with(':') {
        let (mm, k2) = ascii_num(t.as_bytes(), j + 1, 2)?;
        m = mm;
        k = k2;
    } else {
        // English bare hour: 5pm, 5 pm
        m = 0;
        k = j;
    }
    let after = skip_space(t, k);
    let mut ampm = pm;
    if let Some(e) = word(t, after, &["a.m.", "am"]).filter(|e| word_end(t, *e)) {
        ampm = Some(false);
        k = e;
    } else if let Some(e) = word(t, after, &["p.m.", "pm"]).filter(|e| word_end(t, *e)) {
        ampm = Some(true);
        k = e;
    } else if k == j {
        return None; // a bare number is not a time
    }
    match ampm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    (h <= 24 && m < 60).then_some((Clock { hour: h.min(23), minute: if h == 24 { 59 } else { m } }, k))
}

/// Parses "within N units" at `i`: 3天内, 三个工作日内, 24小时内, within 3 days, in 2 hours.
fn within(t: &str, i: usize) -> Option<(i64, usize)> {
    const HOUR: i64 = 3_600_000;
    if let Some((n, j)) = number(t, i, 3) {
        let j2 = word(t, j, &["个"]).unwrap_or(j);
        let (unit, k) = if let Some(k) = word(t, j2, &["工作日", "天", "日"]) {
            (24 * HOUR, k)
        } else if let Some(k) = word(t, j2, &["小时"]) {
            (HOUR, k)
        } else if let Some(k) = word(t, j2, &["周"]) {
            (7 * 24 * HOUR, k)
        } else {
            return None;
        };
        let k2 = word(t, k, &["之内", "内"])?;
        return Some((i64::from(n) * unit, k2));
    }
    let j = word(t, i, &["within ", "in the next "])?;
    let (n, k) = ascii_num(t.as_bytes(), j, 3)?;
    let k = skip_space(t, k);
    for (w, unit) in [
        ("business days", 24 * HOUR),
        ("working days", 24 * HOUR),
        ("days", 24 * HOUR),
        ("day", 24 * HOUR),
        ("hours", HOUR),
        ("hour", HOUR),
        ("weeks", 7 * 24 * HOUR),
        ("week", 7 * 24 * HOUR),
    ] {
        if t[k..].starts_with(w) && word_end(t, k + w.len()) {
            return Some((i64::from(n) * unit, k + w.len()));
        }
    }
    None
}

/// Whether an expression can start at byte `i`: a digit, a Chinese numeral or day/time word, or the start of an ASCII
/// word. A cheap filter that keeps the parsers away from most positions.
pub(crate) fn may_start(t: &str, i: usize) -> bool {
    let b = t.as_bytes();
    match b[i] {
        b'0'..=b'9' => i == 0 || !b[i - 1].is_ascii_digit(),
        b'a'..=b'z' => i == 0 || !b[i - 1].is_ascii_alphanumeric(),
        0x80.. => t[i..].chars().next().is_some_and(may_start_char),
        _ => false,
    }
}

/// Whether an expression can start with `c`, whatever comes before it ([`may_start`] also asks that a digit or
/// letter is not inside a number or word): the scans test each character with this before trying a parse.
pub(crate) fn may_start_char(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' => true,
        '\0'..='\u{7f}' => false,
        _ => {
            cn_digit(c).is_some()
                || matches!(
                    c,
                    '十' | '今'
                        | '明'
                        | '后'
                        | '大'
                        | '当'
                        | '本'
                        | '这'
                        | '下'
                        | '周'
                        | '星'
                        | '礼'
                        | '月'
                        | '上'
                        | '早'
                        | '中'
                        | '晚'
                        | '傍'
                        | '凌'
                )
        }
    }
}

/// Parses one expression (a day and/or a clock, or a "within" span) starting exactly at `i`.
pub(crate) fn expr_at(t: &str, i: usize) -> Option<Expr> {
    if !may_start(t, i) {
        return None;
    }
    if let Some((ms, end)) = within(t, i) {
        return Some(Expr { start: i, end, day: None, clock: None, within_ms: Some(ms) });
    }
    let (d, mut end) = match day(t, i) {
        Some((d, e)) => (Some(d), e),
        None => (None, i),
    };
    // Between a day and a clock: spaces, 的, commas, "at"
    let mut j = skip_space(t, end);
    if d.is_some() {
        j = word(t, j, &["的", ",", "at ", "@"]).map_or(j, |k| skip_space(t, k));
    }
    let mut c = None;
    if let Some((cl, e)) = clock(t, if d.is_some() { j } else { i }) {
        c = Some(cl);
        end = e;
        // "5pm friday", "eod friday", "17:00 on june 5"
        if d.is_none() {
            let k = skip_space(t, e);
            let k = word(t, k, &["on "]).unwrap_or(k);
            if let Some((d2, e2)) = en_day(t, k) {
                return Some(Expr { start: i, end: e2, day: Some(d2), clock: c, within_ms: None });
            }
        }
    } else if let (Some(Day::Relative(0)), true) = (d, t[i..].starts_with("今晚")) {
        c = Some(Clock { hour: 23, minute: 59 });
    }
    if d.is_none() && c.is_none() {
        return None;
    }
    Some(Expr { start: i, end, day: d, clock: c, within_ms: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_both_scripts() {
        assert_eq!(number("12月", 0, 2), Some((12, 2)));
        assert_eq!(cn_num("十二月", 0), Some((12, 6)));
        assert_eq!(cn_num("二十一日", 0), Some((21, 9)));
        assert_eq!(cn_num("五日", 0), Some((5, 3)));
        assert_eq!(cn_num("三十日", 0), Some((30, 6)));
        assert_eq!(number("123", 0, 2), None, "too many digits");
    }

    #[test]
    fn expressions() {
        let e = expr_at("6月5日下午5点前", 0).unwrap();
        assert_eq!(e.day, Some(Day::Date { year: None, month: 6, day: 5 }));
        assert_eq!(e.clock, Some(Clock { hour: 17, minute: 0 }));
        assert_eq!(&"6月5日下午5点前"[e.end..], "前");
        let e = expr_at("本周五下班前", 0).unwrap();
        assert_eq!(e.day, Some(Day::Weekday { weekday: 4, weeks: Some(0) }));
        assert_eq!(e.clock, Some(END_OF_WORKDAY));
        let e = expr_at("friday 5pm", 0).unwrap();
        assert_eq!(
            (e.day, e.clock),
            (Some(Day::Weekday { weekday: 4, weeks: None }), Some(Clock { hour: 17, minute: 0 }))
        );
        let e = expr_at("eod friday", 0).unwrap();
        assert_eq!((e.day, e.clock), (Some(Day::Weekday { weekday: 4, weeks: None }), Some(END_OF_WORKDAY)));
        assert_eq!(expr_at("3天内", 0).unwrap().within_ms, Some(3 * 86_400_000));
        assert_eq!(expr_at("2024-06-05", 0).unwrap().day, Some(Day::Date { year: Some(2024), month: 6, day: 5 }));
        assert_eq!(expr_at("明天中午12点前", 0).unwrap().clock, Some(Clock { hour: 12, minute: 0 }));
        assert_eq!(expr_at("5 people", 0), None);
        assert_eq!(expr_at("books", 1), None, "no weekday or month inside words");
    }
}
