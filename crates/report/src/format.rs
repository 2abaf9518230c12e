//! Numbers and dates as each language writes them: `1,234.5`, `12.5%`, `2024年6月5日` / `5 Jun 2024`.

use crate::options::Lang;
use chrono::{DateTime, Datelike, TimeZone, Timelike};
use chrono_tz::Tz;

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// An integer with thousands separators (both languages use `,`).
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with `places` decimals and thousands separators; whole numbers lose their decimals (`12`, not `12.0`).
pub fn num(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let scale = 10f64.powi(places as i32);
    let rounded = (x * scale).round() / scale;
    if rounded.fract() == 0.0 || places == 0 {
        return int(rounded as i64);
    }
    let text = format!("{:.*}", places, rounded.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i64 = whole.parse().unwrap_or(0);
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}{}.{}", int(whole), frac.trim_end_matches('0'))
}

/// A share (0..=1) as a percentage with one decimal.
pub fn pct(share: f64) -> String {
    format!("{}%", num(share * 100.0, 1))
}

/// The zone named `name`, or UTC.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

fn parse(rfc3339: &str, tz: Tz) -> Option<DateTime<Tz>> {
    DateTime::parse_from_rfc3339(rfc3339).ok().map(|t| tz.from_utc_datetime(&t.naive_utc()))
}

/// The day of an RFC 3339 time in `tz`: `2024年6月5日` or `5 Jun 2024`. Unparseable input is shown as it is.
pub fn date(lang: Lang, tz: Tz, rfc3339: &str) -> String {
    let Some(t) = parse(rfc3339, tz) else { return rfc3339.to_string() };
    match lang {
        Lang::Zh => format!("{}年{}月{}日", t.year(), t.month(), t.day()),
        Lang::En => format!("{} {} {}", t.day(), MONTHS_EN[t.month0() as usize], t.year()),
    }
}

/// The day and minute of an RFC 3339 time in `tz`: `2024年6月5日 09:30` or `5 Jun 2024, 09:30`.
pub fn datetime(lang: Lang, tz: Tz, rfc3339: &str) -> String {
    let Some(t) = parse(rfc3339, tz) else { return rfc3339.to_string() };
    let sep = if lang == Lang::En { ", " } else { " " };
    format!("{}{sep}{:02}:{:02}", date(lang, tz, rfc3339), t.hour(), t.minute())
}

/// A sort key for an RFC 3339 time: seconds since the epoch (0 when unparseable).
pub fn epoch(rfc3339: &str) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339).map(|t| t.timestamp()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators_and_trimmed_decimals() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1000), "1,000");
        assert_eq!(int(-1234567), "-1,234,567");
        assert_eq!(num(1234.56, 1), "1,234.6");
        assert_eq!(num(12.0, 1), "12");
        assert_eq!(num(-0.25, 2), "-0.25");
        assert_eq!(num(f64::NAN, 1), "–");
        assert_eq!(pct(0.125), "12.5%");
    }

    #[test]
    fn dates_follow_the_language_and_the_zone() {
        let tz = zone("Asia/Shanghai");
        assert_eq!(date(Lang::Zh, tz, "2024-06-04T17:30:00Z"), "2024年6月5日");
        assert_eq!(date(Lang::En, tz, "2024-06-04T17:30:00Z"), "5 Jun 2024");
        assert_eq!(date(Lang::En, zone("UTC"), "2024-06-04T17:30:00Z"), "4 Jun 2024");
        assert_eq!(datetime(Lang::En, tz, "2024-06-04T17:30:00Z"), "5 Jun 2024, 01:30");
        assert_eq!(datetime(Lang::Zh, tz, "2024-06-04T17:30:00Z"), "2024年6月5日 01:30");
        assert_eq!(zone("Not/AZone"), Tz::UTC);
        assert_eq!(date(Lang::En, tz, "soon"), "soon");
    }
}
