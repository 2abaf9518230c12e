//! The simulated organisation's calendar: local time zone (UTC+8, no daylight saving, for both Chinese and
//! Singapore presets), work hours, weekends, public holidays with make-up working days, and festival days on
//! which people send wishes.

use chrono::{Datelike, NaiveDate, Weekday};
use jingjian_model::Millis;

/// Milliseconds in a day.
pub const DAY_MS: Millis = 86_400_000;
/// Milliseconds in a minute.
pub const MINUTE_MS: Millis = 60_000;
/// The local offset from UTC: Asia/Shanghai and Asia/Singapore are both UTC+8 all year.
pub const OFFSET_MS: Millis = 8 * 3_600_000;

/// Which public-holiday calendar applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holidays {
    /// Mainland China 2025 (国务院办公厅 schedule, with 调休 make-up working days).
    China,
    /// Singapore 2025 gazetted public holidays (observed days).
    Singapore,
}

/// A festival on which greetings and wishes are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Festival {
    /// Index into the language's festival-name list (see `lexicon`).
    pub name: usize,
}

/// A (month, day) pair.
type MonthDay = (u32, u32);
/// A festival's (month, day, festival index).
type FestivalDay = (u32, u32, usize);

// (month, day) lists for 2025.
const CN_OFF: &[(u32, u32)] = &[
    (1, 1),
    (1, 28),
    (1, 29),
    (1, 30),
    (1, 31),
    (2, 1),
    (2, 2),
    (2, 3),
    (2, 4),
    (4, 4),
    (4, 5),
    (4, 6),
    (5, 1),
    (5, 2),
    (5, 3),
    (5, 4),
    (5, 5),
    (5, 31),
    (6, 1),
    (6, 2),
    (10, 1),
    (10, 2),
    (10, 3),
    (10, 4),
    (10, 5),
    (10, 6),
    (10, 7),
    (10, 8),
];
const CN_MAKEUP: &[(u32, u32)] = &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)];
/// Festival days: (month, day, festival index in `lexicon::zh::FESTIVALS`).
const CN_FESTIVALS: &[(u32, u32, usize)] = &[
    (1, 1, 0),
    (1, 28, 1),
    (1, 29, 2),
    (2, 12, 3),
    (5, 1, 4),
    (5, 31, 5),
    (10, 1, 6),
    (10, 6, 7),
    (10, 29, 8),
    (12, 31, 9),
];
const SG_OFF: &[(u32, u32)] =
    &[(1, 1), (1, 29), (1, 30), (3, 31), (4, 18), (5, 1), (5, 12), (6, 7), (8, 9), (8, 11), (10, 20), (12, 25)];
/// Festival days: (month, day, festival index in `lexicon::en::FESTIVALS`).
const SG_FESTIVALS: &[(u32, u32, usize)] =
    &[(1, 1, 0), (1, 29, 1), (3, 31, 2), (5, 1, 3), (8, 9, 4), (10, 20, 5), (12, 24, 6), (12, 25, 6), (12, 31, 7)];

/// The days of a simulation and what kind of day each is.
#[derive(Debug, Clone)]
pub struct Calendar {
    start: NaiveDate,
    days: u32,
    holidays: Holidays,
    /// UTC milliseconds of local midnight on the first day.
    start_ms: Millis,
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayInfo {
    /// A working day (weekdays that are not holidays, plus make-up working days).
    pub workday: bool,
    /// A public holiday.
    pub holiday: bool,
    /// A festival on which wishes are sent, if any.
    pub festival: Option<Festival>,
    /// Friday (or the last working day before a weekend), when people wish a good weekend.
    pub friday: bool,
    /// Monday, when people wish a good week.
    pub monday: bool,
    /// Month 1–12.
    pub month: u32,
    /// Day of month 1–31.
    pub day: u32,
    /// Weekday, Monday = 0.
    pub weekday: u32,
}

impl Calendar {
    /// A calendar of `days` days from `start`.
    pub fn new(start: NaiveDate, days: u32, holidays: Holidays) -> Calendar {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
        let start_ms = (start - epoch).num_days() * DAY_MS - OFFSET_MS;
        Calendar { start, days, holidays, start_ms }
    }

    /// Number of days simulated.
    pub fn days(&self) -> u32 {
        self.days
    }

    /// UTC milliseconds of local midnight at the start of day `d`.
    pub fn day_start(&self, d: u32) -> Millis {
        self.start_ms + d as Millis * DAY_MS
    }

    /// UTC milliseconds just after the last simulated day (the end of the data).
    pub fn end_ms(&self) -> Millis {
        self.day_start(self.days)
    }

    /// The date of day `d`.
    pub fn date(&self, d: u32) -> NaiveDate {
        self.start + chrono::Days::new(d as u64)
    }

    /// What kind of day `d` is.
    pub fn info(&self, d: u32) -> DayInfo {
        let date = self.date(d);
        let md = (date.month(), date.day());
        let (off, makeup, fest): (&[MonthDay], &[MonthDay], &[FestivalDay]) = match self.holidays {
            Holidays::China => (CN_OFF, CN_MAKEUP, CN_FESTIVALS),
            Holidays::Singapore => (SG_OFF, &[], SG_FESTIVALS),
        };
        let holiday = off.contains(&md);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let workday = makeup.contains(&md) || (!weekend && !holiday);
        let festival = fest.iter().find(|f| (f.0, f.1) == md).map(|f| Festival { name: f.2 });
        DayInfo {
            workday,
            holiday,
            festival,
            friday: date.weekday() == Weekday::Fri && workday,
            monday: date.weekday() == Weekday::Mon && workday,
            month: date.month(),
            day: date.day(),
            weekday: date.weekday().num_days_from_monday(),
        }
    }

    /// Whether a UTC time falls outside work hours (08:30–12:00 and 14:00–17:30 local on working days).
    pub fn after_hours(&self, t: Millis) -> bool {
        let rel = t - self.start_ms;
        if rel < 0 {
            return true;
        }
        let d = (rel / DAY_MS) as u32;
        if d >= self.days || !self.info(d).workday {
            return true;
        }
        !is_work_minute(((rel % DAY_MS) / MINUTE_MS) as u32)
    }
}

/// Whether minute-of-day `m` (local) is inside work hours 08:30–12:00 or 14:00–17:30.
pub fn is_work_minute(m: u32) -> bool {
    (510..720).contains(&m) || (840..1050).contains(&m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_2025_holidays_and_makeup_days() {
        let c = Calendar::new(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), 365, Holidays::China);
        let i = c.info(0);
        assert!(i.holiday && !i.workday && i.festival.is_some());
        // 2025-01-26 is a Sunday worked in exchange for the Spring Festival.
        let d = (NaiveDate::from_ymd_opt(2025, 1, 26).unwrap() - NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
            .num_days() as u32;
        assert!(c.info(d).workday);
        // 2025-01-04 is an ordinary Saturday.
        assert!(!c.info(3).workday && !c.info(3).holiday);
        // 2025-01-02 is a Thursday working day.
        assert!(c.info(1).workday);
    }

    #[test]
    fn after_hours_uses_local_time() {
        let c = Calendar::new(NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(), 10, Holidays::China);
        let d0 = c.day_start(0);
        assert_eq!(jingjian_model::time::to_rfc3339(d0), "2025-01-01T16:00:00.000Z");
        assert!(!c.after_hours(d0 + 9 * 60 * MINUTE_MS));
        assert!(c.after_hours(d0 + 12 * 60 * MINUTE_MS + 30 * MINUTE_MS));
        assert!(c.after_hours(d0 + 20 * 60 * MINUTE_MS));
        assert!(c.after_hours(c.day_start(2) + 10 * 60 * MINUTE_MS), "Saturday");
    }
}
