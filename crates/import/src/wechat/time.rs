//! Times in WeChat CSV exports: local wall-clock strings (`2024-10-04 21:25:04`, Excel's re-save
//! `2024/10/4 21:25`) read in the user's zone, or epoch seconds (MemoTrace legacy `CreateTime`).

use chrono::{Duration, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use jingjian_model::Millis;

/// A parsed time and whether it carried its own zone (epoch values do; wall-clock strings do not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    pub ms: Millis,
    pub tz_known: bool,
}

const FORMATS: [&str; 6] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S%.f",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y.%m.%d %H:%M:%S",
];

/// Parses `s` as epoch seconds (or milliseconds, 12+ digits) or a local time in `tz`.
pub fn parse(s: &str, tz: Tz) -> Option<Parsed> {
    let s = s.trim();
    if !s.is_empty() && s.len() <= 14 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let ms = if s.len() >= 12 { n } else { n.checked_mul(1000)? };
        return Some(Parsed { ms, tz_known: true });
    }
    let naive = FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    Some(Parsed { ms: local_to_utc(naive, tz)?, tz_known: false })
}

/// A wall-clock time in `tz` as UTC milliseconds: the earlier instant when a clock change repeats it, and the
/// time one hour later when a clock change skips it.
pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Option<Millis> {
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Some(t.timestamp_millis()),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.timestamp_millis()),
        chrono::LocalResult::None => {
            tz.from_local_datetime(&(naive + Duration::hours(1))).earliest().map(|t| t.timestamp_millis())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_model::time::to_rfc3339;

    fn at(s: &str, tz: Tz) -> Option<String> {
        parse(s, tz).map(|p| to_rfc3339(p.ms))
    }

    #[test]
    fn reads_every_time_layout() {
        let sh = chrono_tz::Asia::Shanghai;
        assert_eq!(at("2024-10-04 21:25:04", sh).as_deref(), Some("2024-10-04T13:25:04.000Z"));
        assert_eq!(at("2024/10/4 11:42", chrono_tz::UTC).as_deref(), Some("2024-10-04T11:42:00.000Z"));
        assert_eq!(at("2024/1/5 8:03:09", chrono_tz::UTC).as_deref(), Some("2024-01-05T08:03:09.000Z"));
        assert_eq!(at("2024-10-04 21:25", sh).as_deref(), Some("2024-10-04T13:25:00.000Z"));
        let epoch = parse("1728048304", sh).unwrap();
        assert_eq!((to_rfc3339(epoch.ms).as_str(), epoch.tz_known), ("2024-10-04T13:25:04.000Z", true));
        assert!(!parse("2024-10-04 21:25:04", sh).unwrap().tz_known);
        assert_eq!(at("1728048304123", sh).as_deref(), Some("2024-10-04T13:25:04.123Z"));
        assert_eq!(at("yesterday", sh), None);
        assert_eq!(at("2024-13-40 25:00:00", sh), None);
    }

    #[test]
    fn clock_changes_resolve() {
        let ny = chrono_tz::America::New_York;
        // 02:30 does not exist on 2024-03-10 in New York; read as 03:30 EDT.
        assert_eq!(at("2024-03-10 02:30:00", ny).as_deref(), Some("2024-03-10T07:30:00.000Z"));
        // 01:30 happens twice on 2024-11-03; the first (EDT) is taken.
        assert_eq!(at("2024-11-03 01:30:00", ny).as_deref(), Some("2024-11-03T05:30:00.000Z"));
    }
}
