//! Deadline extraction: turns 请于6月5日前, 本周五下班前, 3天内, by EOD Friday, no later than 2024-06-05 into an
//! absolute time, relative to the message's own time and zone offset.
//!
//! A time expression counts as a deadline when a marker ties it to one: a marker after it (前, 之前, 以前, 截止,
//! 为止, 内) or before it (截止, 截至, 请于, 于, 在, 限, by, before, due, until, no later than, deadline).
//! The first marked expression wins. Resolution rules (documented in `docs/classification.md`):
//! - a date without a time means the end of that day (23:59:59.999 local);
//! - a time without a date means that time on the message's own day;
//! - 下班 / EOD / COB mean 18:00; 中午 / noon 12:00; 今晚 / tonight without a time the end of the day;
//! - a month and day without a year take the message's year, or the next year when that date is more than 31 days
//!   before the message;
//! - 本周五 / this Friday: that weekday in the message's week (weeks start on Monday); 下周五 / next Friday: a week
//!   later; a bare 周五 / Friday: the next such day on or after the message's day;
//! - 3天内 / within 3 days: the message's time plus the span.

mod parse;

use crate::normalize::normalize;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use jingjian_model::Millis;
pub(crate) use parse::Expr;
use parse::{Clock, Day, expr_at, may_start_char};

/// Markers that, right after an expression, make it a deadline.
const AFTER: [&str; 9] = ["之前", "以前", "前", "截止", "为止", "之内", "内", "止", "为限"];
/// Markers that, right before an expression, make it a deadline.
const BEFORE: [&str; 21] = [
    "截止",
    "截至",
    "截止时间",
    "截止日期",
    "完成时限",
    "时限",
    "请于",
    "于",
    "在",
    "限",
    "最迟",
    "by",
    "before",
    "due",
    "due by",
    "until",
    "till",
    "no later than",
    "deadline",
    "deadline:",
    "due:",
];

/// The deadline that normalised-or-raw `text` sets, as UTC milliseconds, if it sets one; `msg_time` is the
/// message's own time (UTC ms) and `offset_secs` the sender's zone offset east of UTC.
pub fn extract_deadline(text: &str, msg_time: Millis, offset_secs: i32) -> Option<Millis> {
    deadline_in_normalized(&normalize(text), msg_time, offset_secs)
}

/// [`extract_deadline`] over text already passed through [`normalize`].
pub fn deadline_in_normalized(norm: &str, msg_time: Millis, offset_secs: i32) -> Option<Millis> {
    // Character by character, the parsers tried only where an expression may start; after an expression the
    // scan goes on from its end.
    let mut from = 0;
    for (i, c) in norm.char_indices() {
        if i < from || !may_start_char(c) {
            continue;
        }
        if let Some(e) = expr_at(norm, i) {
            if (e.within_ms.is_some() || marked(norm, &e))
                && let Some(t) = resolve(&e, msg_time, offset_secs)
            {
                return Some(t);
            }
            from = e.end;
        }
    }
    None
}

/// The expressions of normalised text that [`deadline_in_normalized`] tries to resolve, in its order, appended to
/// `out`: they depend on the text alone, so a text read before keeps them and [`first_resolved`] finds its
/// deadline for any message time.
pub(crate) fn deadline_candidates(norm: &str, out: &mut Vec<Expr>) {
    let mut from = 0;
    for (i, c) in norm.char_indices() {
        if i < from || !may_start_char(c) {
            continue;
        }
        if let Some(e) = expr_at(norm, i) {
            if e.within_ms.is_some() || marked(norm, &e) {
                out.push(e);
            }
            from = e.end;
        }
    }
}

/// The deadline the first of `candidates` ([`deadline_candidates`]) that resolves sets, for a message at
/// `msg_time` (UTC ms) in zone `offset_secs`: what [`deadline_in_normalized`] gives for their text.
pub(crate) fn first_resolved(candidates: &[Expr], msg_time: Millis, offset_secs: i32) -> Option<Millis> {
    candidates.iter().find_map(|e| resolve(e, msg_time, offset_secs))
}

/// Whether normalised text names a point in time precise enough for an appointment, deadline or not: a clock time
/// (明天上午9点, 3pm, 14:30), a date (6月5日) or a weekday (周四, Friday). Bare 今天 / today does not count.
pub fn has_time_expression(norm: &str) -> bool {
    norm.char_indices().any(|(i, c)| {
        may_start_char(c)
            && expr_at(norm, i)
                .is_some_and(|e| e.clock.is_some() || matches!(e.day, Some(Day::Date { .. } | Day::Weekday { .. })))
    })
}

fn marked(t: &str, e: &Expr) -> bool {
    let after = t[e.end..].trim_start_matches([' ', '的']);
    if AFTER.iter().any(|m| after.starts_with(m)) {
        return true;
    }
    let before = t[..e.start].trim_end_matches([' ', ':']);
    BEFORE.iter().any(|m| {
        before.ends_with(m) && {
            let k = before.len() - m.len();
            // English markers must be whole words.
            !m.as_bytes()[0].is_ascii_alphabetic() || k == 0 || !before.as_bytes()[k - 1].is_ascii_alphanumeric()
        }
    })
}

fn resolve(e: &Expr, msg_time: Millis, offset_secs: i32) -> Option<Millis> {
    if let Some(ms) = e.within_ms {
        return Some(msg_time + ms);
    }
    let local =
        chrono::DateTime::from_timestamp_millis(msg_time)?.naive_utc() + Duration::seconds(i64::from(offset_secs));
    let today = local.date();
    let date = match e.day {
        None => today,
        Some(d) => day_date(d, today)?,
    };
    let dt = match e.clock {
        Some(Clock { hour, minute }) => NaiveDateTime::new(date, NaiveTime::from_hms_opt(hour, minute, 0)?),
        None => NaiveDateTime::new(date, NaiveTime::from_hms_milli_opt(23, 59, 59, 999)?),
    };
    Some(dt.and_utc().timestamp_millis() - i64::from(offset_secs) * 1000)
}

fn day_date(d: Day, today: NaiveDate) -> Option<NaiveDate> {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    Some(match d {
        Day::Date { year: Some(y), month, day } => NaiveDate::from_ymd_opt(y, month, day)?,
        Day::Date { year: None, month, day } => {
            let this = NaiveDate::from_ymd_opt(today.year(), month, day)?;
            if this < today - Duration::days(31) {
                NaiveDate::from_ymd_opt(today.year() + 1, month, day)?
            } else {
                this
            }
        }
        Day::Relative(n) => today + Duration::days(n),
        Day::Weekday { weekday, weeks: Some(w) } => monday + Duration::days(i64::from(weekday) + 7 * w),
        Day::Weekday { weekday, weeks: None } => {
            let ahead = (i64::from(weekday) - i64::from(today.weekday().num_days_from_monday())).rem_euclid(7);
            today + Duration::days(ahead)
        }
        Day::WeekEnd => monday + Duration::days(4),
        Day::MonthEnd => {
            let (y, m) = if today.month() == 12 { (today.year() + 1, 1) } else { (today.year(), today.month() + 1) };
            NaiveDate::from_ymd_opt(y, m, 1)? - Duration::days(1)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_model::time::{parse_rfc3339, to_rfc3339};

    /// The scan as it was: every byte that starts a character handed to the parser.
    fn deadline_byte_by_byte(norm: &str, msg_time: Millis, offset_secs: i32) -> Option<Millis> {
        let mut i = 0;
        while i < norm.len() {
            if norm.is_char_boundary(i)
                && let Some(e) = expr_at(norm, i)
            {
                if (e.within_ms.is_some() || marked(norm, &e))
                    && let Some(t) = resolve(&e, msg_time, offset_secs)
                {
                    return Some(t);
                }
                i = e.end.max(i + 1);
                continue;
            }
            i += 1;
        }
        None
    }

    #[test]
    fn the_character_filter_keeps_every_start() {
        for c in (0..=0x3_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            if parse::may_start(&text, 0) {
                assert!(may_start_char(c), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        /// Skipping the characters no expression starts with finds what trying every character found.
        #[test]
        fn the_filtered_scan_finds_what_the_full_one_did(
            norm in "([今明后天周五下午点前之时内日月号晚上9153十二个小以至by before friday pm:的，。收到请各村报送材料]{1,3}){0,30}",
        ) {
            let t = parse_rfc3339("2024-06-03T10:00:00+08:00").unwrap();
            proptest::prop_assert_eq!(
                deadline_in_normalized(&norm, t, 8 * 3600),
                deadline_byte_by_byte(&norm, t, 8 * 3600)
            );
        }
    }

    proptest::proptest! {
        /// A text's candidates, parsed once, resolve to the deadline a fresh parse finds, whenever the message was
        /// sent and in whatever zone.
        #[test]
        fn kept_candidates_resolve_as_a_fresh_parse_does(
            norm in "([今明后天周五下午点前之时内日月号晚上9153十二个小以至by before friday pm:的，。收到请各村报送材料]{1,3}){0,30}",
            times in proptest::collection::vec((0i64..4_000_000_000_000, -12i32..14), 1..6),
        ) {
            let mut candidates = Vec::new();
            deadline_candidates(&norm, &mut candidates);
            for (t, hours) in times {
                proptest::prop_assert_eq!(
                    first_resolved(&candidates, t, hours * 3600),
                    deadline_in_normalized(&norm, t, hours * 3600)
                );
            }
        }
    }

    /// Message sent on Monday 2024-06-03 at 10:00 in UTC+8.
    fn at(text: &str) -> Option<String> {
        let t = parse_rfc3339("2024-06-03T10:00:00+08:00").unwrap();
        extract_deadline(text, t, 8 * 3600).map(to_rfc3339)
    }

    fn local(s: &str) -> Option<String> {
        Some(to_rfc3339(parse_rfc3339(s).unwrap()))
    }

    #[test]
    fn chinese_deadlines() {
        assert_eq!(at("请于6月5日前报送材料"), local("2024-06-05T23:59:59.999+08:00"));
        assert_eq!(at("请各村6月5日下午5点前上报"), local("2024-06-05T17:00:00+08:00"));
        assert_eq!(at("本周五下班前提交"), local("2024-06-07T18:00:00+08:00"));
        assert_eq!(at("明天中午12点前交到办公室"), local("2024-06-04T12:00:00+08:00"));
        assert_eq!(at("今天下班前务必完成"), local("2024-06-03T18:00:00+08:00"));
        assert_eq!(at("3天内完成整改"), local("2024-06-06T10:00:00+08:00"));
        assert_eq!(at("請於六月十日前報送"), local("2024-06-10T23:59:59.999+08:00"));
        assert_eq!(at("截止时间:6月4日12:00"), local("2024-06-04T12:00:00+08:00"));
        assert_eq!(at("今晚前报5张活动照片"), local("2024-06-03T23:59:00+08:00"));
        assert_eq!(at("请于今晚9点前报送"), local("2024-06-03T21:00:00+08:00"));
        assert_eq!(at("明晚8点前完成"), local("2024-06-04T20:00:00+08:00"));
        assert_eq!(at("下周三前报送"), local("2024-06-12T23:59:59.999+08:00"));
        assert_eq!(at("月底前完成"), local("2024-06-30T23:59:59.999+08:00"));
    }

    #[test]
    fn english_deadlines() {
        assert_eq!(at("Please submit by EOD Friday"), local("2024-06-07T18:00:00+08:00"));
        assert_eq!(at("send it by Friday 5pm"), local("2024-06-07T17:00:00+08:00"));
        assert_eq!(at("register before June 5"), local("2024-06-05T23:59:59.999+08:00"));
        assert_eq!(at("no later than 2024-06-05"), local("2024-06-05T23:59:59.999+08:00"));
        assert_eq!(at("timesheets due tomorrow at 9:30am"), local("2024-06-04T09:30:00+08:00"));
        assert_eq!(at("reply within 2 days"), local("2024-06-05T10:00:00+08:00"));
        assert_eq!(at("by next monday"), local("2024-06-10T23:59:59.999+08:00"));
        assert_eq!(at("by eod"), local("2024-06-03T18:00:00+08:00"));
    }

    #[test]
    fn times_without_a_marker_are_not_deadlines() {
        assert_eq!(at("明天上午9点在三楼开会"), None);
        assert_eq!(at("I met him on Friday"), None);
        assert_eq!(at("我之前发过了"), None);
        assert_eq!(at("收到"), None);
        assert_eq!(at("5 people came before"), None);
    }

    #[test]
    fn year_rolls_over_and_zone_is_respected() {
        // 28 Dec 2024, 09:00 UTC+8: "1月5日前" is next January.
        let t = parse_rfc3339("2024-12-28T09:00:00+08:00").unwrap();
        assert_eq!(
            extract_deadline("请于1月5日前报送", t, 8 * 3600).map(to_rfc3339),
            local("2025-01-05T23:59:59.999+08:00")
        );
        // The same instant read in UTC-5 is still 27 Dec locally; "today by 5pm" is 17:00 there.
        assert_eq!(extract_deadline("today by 5pm", t, -5 * 3600).map(to_rfc3339), local("2024-12-27T17:00:00-05:00"));
    }
}
