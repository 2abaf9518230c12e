//! Times in the canonical model: UTC milliseconds since the Unix epoch, written as RFC 3339 in JSON.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// Formats UTC milliseconds as an RFC 3339 time with millisecond precision and a `Z` suffix.
pub fn to_rfc3339(ms: Millis) -> String {
    match Utc.timestamp_millis_opt(ms) {
        chrono::LocalResult::Single(t) => t.to_rfc3339_opts(SecondsFormat::Millis, true),
        _ => format!("{ms}ms"),
    }
}

/// Parses an RFC 3339 time (any offset) into UTC milliseconds.
pub fn parse_rfc3339(s: &str) -> Option<Millis> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp_millis())
}

/// Serde adapter: `Millis` as an RFC 3339 string (accepting an integer of milliseconds too).
pub mod rfc3339 {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(ms: &Millis, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_rfc3339(*ms))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
        match TimeValue::deserialize(d)? {
            TimeValue::Millis(ms) => Ok(ms),
            TimeValue::Text(t) => {
                parse_rfc3339(&t).ok_or_else(|| D::Error::custom(format!("`{t}` is not an RFC 3339 time")))
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    pub(crate) enum TimeValue {
        Millis(i64),
        Text(String),
    }
}

/// Serde adapter: `Option<Millis>` as an RFC 3339 string or null.
pub mod rfc3339_opt {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(ms: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
        match ms {
            Some(ms) => s.serialize_str(&to_rfc3339(*ms)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
        match Option::<rfc3339::TimeValue>::deserialize(d)? {
            None => Ok(None),
            Some(rfc3339::TimeValue::Millis(ms)) => Ok(Some(ms)),
            Some(rfc3339::TimeValue::Text(t)) => {
                parse_rfc3339(&t).map(Some).ok_or_else(|| D::Error::custom(format!("`{t}` is not an RFC 3339 time")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_with_offsets() {
        let ms = parse_rfc3339("2024-06-05T09:30:00+08:00").unwrap();
        assert_eq!(to_rfc3339(ms), "2024-06-05T01:30:00.000Z");
        assert_eq!(parse_rfc3339(&to_rfc3339(ms)), Some(ms));
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
