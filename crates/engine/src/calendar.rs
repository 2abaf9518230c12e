//! Work hours, weekends and public holidays: whether a message was sent after hours.
//!
//! The built-in calendar holds the Chinese public holidays and the 调休 working weekends of 2023–2026 as the State
//! Council's General Office announced them (国务院办公厅关于…部分节假日安排的通知); other years and other
//! countries go in `[work]` of `jingjian.toml` (`holidays`, `workdays`, `cn_holidays = false`).

use crate::config::WorkConfig;
use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// Days off and 调休 working days: (holiday ranges inclusive, working weekend days).
const CN: &[(&str, &str)] = &[
    // 2023
    ("2022-12-31", "2023-01-02"),
    ("2023-01-21", "2023-01-27"),
    ("2023-04-05", "2023-04-05"),
    ("2023-04-29", "2023-05-03"),
    ("2023-06-22", "2023-06-24"),
    ("2023-09-29", "2023-10-06"),
    // 2024
    ("2024-01-01", "2024-01-01"),
    ("2024-02-10", "2024-02-17"),
    ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"),
    ("2024-06-10", "2024-06-10"),
    ("2024-09-15", "2024-09-17"),
    ("2024-10-01", "2024-10-07"),
    // 2025
    ("2025-01-01", "2025-01-01"),
    ("2025-01-28", "2025-02-04"),
    ("2025-04-04", "2025-04-06"),
    ("2025-05-01", "2025-05-05"),
    ("2025-05-31", "2025-06-02"),
    ("2025-10-01", "2025-10-08"),
    // 2026
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
];

const CN_WORKDAYS: &[&str] = &[
    "2023-01-28",
    "2023-01-29",
    "2023-04-23",
    "2023-05-06",
    "2023-06-25",
    "2023-10-07",
    "2023-10-08",
    "2024-02-04",
    "2024-02-18",
    "2024-04-07",
    "2024-04-28",
    "2024-05-11",
    "2024-09-14",
    "2024-09-29",
    "2024-10-12",
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];

/// When people are at work.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkCalendar {
    tz: Tz,
    /// Work periods as minutes after midnight, [start, end).
    periods: Vec<(u32, u32)>,
    /// Bit d set = weekday d (1 = Monday) is a working day.
    weekdays: u8,
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

fn date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date like 2024-06-05"))
}

fn minutes(s: &str) -> Result<u32, String> {
    let (h, m) = s.trim().split_once(':').ok_or_else(|| format!("`{s}` is not a time like 08:30"))?;
    let (h, m): (u32, u32) =
        (h.parse().map_err(|_| format!("bad hour in `{s}`"))?, m.parse().map_err(|_| format!("bad minute in `{s}`"))?);
    if h > 24 || m > 59 {
        return Err(format!("`{s}` is not a time of day"));
    }
    Ok(h * 60 + m)
}

/// One instant in the calendar's zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moment {
    /// The zone's offset from UTC, in seconds.
    pub offset_secs: i32,
    /// Outside work hours, on a weekend or on a holiday.
    pub after_hours: bool,
    /// Local weekday, 0 = Monday.
    pub weekday: u32,
    /// Local hour.
    pub hour: u32,
}

impl WorkCalendar {
    /// Builds the calendar from `[work]` in zone `tz`.
    pub fn new(tz: Tz, work: &WorkConfig) -> Result<WorkCalendar, String> {
        let mut periods = Vec::new();
        for p in &work.hours {
            let (a, b) = p.split_once('-').ok_or_else(|| format!("`{p}` is not a period like 08:30-12:00"))?;
            periods.push((minutes(a)?, minutes(b)?));
        }
        let weekdays = work.weekdays.iter().filter(|d| (1..=7).contains(*d)).fold(0u8, |acc, d| acc | 1 << d);
        let mut holidays = BTreeSet::new();
        let mut workdays = BTreeSet::new();
        if work.cn_holidays {
            for (a, b) in CN {
                let (mut d, end) = (date(a)?, date(b)?);
                while d <= end {
                    holidays.insert(d);
                    d = d.succ_opt().expect("date in range");
                }
            }
            for w in CN_WORKDAYS {
                workdays.insert(date(w)?);
            }
        }
        for h in &work.holidays {
            holidays.insert(date(h)?);
        }
        for w in &work.workdays {
            workdays.insert(date(w)?);
        }
        Ok(WorkCalendar { tz, periods, weekdays, holidays, workdays })
    }

    /// Whether `day` is a working day.
    pub fn is_workday(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        self.weekdays & (1 << day.weekday().number_from_monday()) != 0
    }

    /// Whether a message sent at `ms` (UTC milliseconds) was sent outside work hours.
    pub fn is_after_hours(&self, ms: i64) -> bool {
        self.moment(ms).after_hours
    }

    /// Everything the audit asks of one instant, from one conversion to local time.
    pub fn moment(&self, ms: i64) -> Moment {
        let Some(t) = self.tz.timestamp_millis_opt(ms).single() else { return Moment::default() };
        let after_hours = self.after_hours_at(self.is_workday(t.date_naive()), t.hour() * 60 + t.minute());
        Moment { offset_secs: offset_of(&t), after_hours, weekday: t.weekday().num_days_from_monday(), hour: t.hour() }
    }

    /// Whether local minute-of-day `minute` of a day that is (or is not) a working day is after hours.
    fn after_hours_at(&self, workday: bool, minute: u32) -> bool {
        !workday || !self.periods.iter().any(|&(a, b)| minute >= a && minute < b)
    }

    /// Local weekday (0 = Monday) and hour of `ms`.
    pub fn weekday_hour(&self, ms: i64) -> (u32, u32) {
        match self.tz.timestamp_millis_opt(ms).single() {
            Some(t) => (t.weekday().num_days_from_monday(), t.hour()),
            None => (0, 0),
        }
    }

    /// The zone's offset from UTC at `ms`, in seconds.
    pub fn offset_secs(&self, ms: i64) -> i32 {
        self.tz.timestamp_millis_opt(ms).single().map_or(0, |t| offset_of(&t))
    }
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;
/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// [`WorkCalendar::moment`] for messages that come in time order: the zone is looked up once per UTC hour and
/// the calendar once per local day, the rest is arithmetic. Gives what `moment` gives (tested across zones with
/// daylight saving and half-hour offsets).
#[derive(Debug, Clone, Default)]
pub struct MomentCache {
    /// The UTC hour (ms / 1 h) looked up last, and the zone's offset throughout it in ms (`None` when the offset
    /// changes within that hour: then `moment` answers).
    hour: Option<(i64, Option<i64>)>,
    /// The local day (days since 1970-01-01) looked up last and whether it is a working day.
    day: Option<(i64, bool)>,
}

impl MomentCache {
    /// What `calendar.moment(ms)` says.
    pub fn moment(&mut self, calendar: &WorkCalendar, ms: i64) -> Moment {
        let hour = ms.div_euclid(HOUR_MS);
        let offset_ms = match self.hour {
            Some((h, offset)) if h == hour => offset,
            _ => {
                let at = |t: i64| calendar.tz.timestamp_millis_opt(t).single().map(|t| offset_of(&t));
                let (first, last) = (at(hour * HOUR_MS), at(hour * HOUR_MS + HOUR_MS - 1));
                let offset = first.filter(|_| first == last).map(|secs| i64::from(secs) * 1000);
                self.hour = Some((hour, offset));
                offset
            }
        };
        let Some(offset_ms) = offset_ms else { return calendar.moment(ms) };
        let local = ms + offset_ms;
        let day = local.div_euclid(DAY_MS);
        let minute = (local.rem_euclid(DAY_MS) / 60_000) as u32;
        let workday = match self.day {
            Some((d, workday)) if d == day => workday,
            _ => {
                let Some(date) =
                    i32::try_from(day + UNIX_EPOCH_DAYS_FROM_CE).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
                else {
                    return calendar.moment(ms);
                };
                let workday = calendar.is_workday(date);
                self.day = Some((day, workday));
                workday
            }
        };
        Moment {
            offset_secs: (offset_ms / 1000) as i32,
            after_hours: calendar.after_hours_at(workday, minute),
            // 1970-01-01 was a Thursday (3 days after a Monday).
            weekday: (day + 3).rem_euclid(7) as u32,
            hour: minute / 60,
        }
    }
}

/// The zone's offset from UTC at `t`, in seconds.
fn offset_of(t: &chrono::DateTime<Tz>) -> i32 {
    use chrono::Offset;
    t.offset().fix().local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    #[test]
    fn work_hours_weekends_holidays_and_tiaoxiu() {
        let c = WorkCalendar::new(chrono_tz::Asia::Shanghai, &WorkConfig::default()).unwrap();
        assert!(!c.is_after_hours(at("2024-06-05T09:00:00+08:00")), "Wednesday morning");
        assert!(c.is_after_hours(at("2024-06-05T12:30:00+08:00")), "lunch break");
        assert!(c.is_after_hours(at("2024-06-05T21:00:00+08:00")), "evening");
        assert!(c.is_after_hours(at("2024-06-08T10:00:00+08:00")), "Saturday");
        assert!(c.is_after_hours(at("2024-10-03T10:00:00+08:00")), "National Day");
        assert!(!c.is_after_hours(at("2024-09-29T10:00:00+08:00")), "调休: Sunday 29 Sep 2024 was a working day");
        assert!(!c.is_after_hours(at("2024-06-05T01:00:00Z")), "09:00 in Shanghai");
    }

    #[test]
    fn the_cache_answers_what_the_calendar_answers() {
        let work = WorkConfig { hours: vec!["08:30-12:00".into(), "14:00-17:45".into()], ..WorkConfig::default() };
        for tz in [
            chrono_tz::Asia::Shanghai,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::Asia::Kathmandu,
            chrono_tz::UTC,
        ] {
            let c = WorkCalendar::new(tz, &work).unwrap();
            let mut cache = MomentCache::default();
            // Every 28 min 53 s through 2023–2026 (each DST change, holiday and 调休 day), with a step back of
            // 3 h now and then (as when a labeller starts the next chat); and the instants just around each hour.
            let (start, end) = (at("2023-01-01T00:00:00Z"), at("2026-12-31T00:00:00Z"));
            let mut t = start;
            let mut n = 0u64;
            while t < end {
                for probe in [t, t - t.rem_euclid(HOUR_MS), t - t.rem_euclid(HOUR_MS) - 1] {
                    assert_eq!(cache.moment(&c, probe), c.moment(probe), "{tz} at {probe}");
                }
                n += 1;
                t += if n.is_multiple_of(37) { -3 * HOUR_MS } else { 1_733_000 };
            }
        }
    }

    #[test]
    fn bad_periods_are_refused() {
        let w = WorkConfig { hours: vec!["8-12".into()], ..WorkConfig::default() };
        assert!(WorkCalendar::new(chrono_tz::UTC, &w).is_err());
    }
}
