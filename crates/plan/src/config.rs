//! The planner's settings: quotas, the allow-list, the merged-volume limit, reading speeds and notice options.
//! Every field has a default, so an empty JSON object `{}` is a valid configuration.

use crate::error::PlanError;
use crate::input::{GroupFacts, Lang};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Settings for `plan`, `burden` and the notice texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanConfig {
    /// Internal groups a unit may keep when `quotas` does not name it ("一个单位原则上只保留一个工作群": 1).
    pub default_quota: u32,
    /// Per-unit quotas, by unit id.
    pub quotas: BTreeMap<String, u32>,
    /// Groups the plan keeps whatever the audit said, named by id, `source:id` or exact name.
    pub allow_list: Vec<String>,
    /// The most human messages a day a merged group may carry; a merge above it is refused.
    pub max_merged_per_day: f64,
    /// Silent reading speed for Chinese, in characters a minute.
    pub zh_chars_per_minute: f64,
    /// Silent reading speed for English, in words a minute.
    pub en_words_per_minute: f64,
    /// Seconds each message costs beyond its text (opening, scrolling past, looking at a picture).
    pub seconds_per_message: f64,
    /// Forces the language of every notice; `None` writes each notice in its group's own language.
    pub notice_lang: Option<Lang>,
    /// Days between posting the notice and acting on it (warn first).
    pub notice_days: u32,
    /// The day the plan takes effect, named in the notices; `None` says "N days after this notice".
    pub effective_date: Option<NaiveDate>,
}

impl Default for PlanConfig {
    fn default() -> Self {
        PlanConfig {
            default_quota: 1,
            quotas: BTreeMap::new(),
            allow_list: Vec::new(),
            max_merged_per_day: 100.0,
            zh_chars_per_minute: 300.0,
            en_words_per_minute: 238.0,
            seconds_per_message: 0.5,
            notice_lang: None,
            notice_days: 7,
            effective_date: None,
        }
    }
}

impl PlanConfig {
    /// The quota of `unit`.
    pub fn quota(&self, unit: &str) -> u32 {
        self.quotas.get(unit).copied().unwrap_or(self.default_quota)
    }

    /// Whether the allow-list names `g` (by id, `source:id` or exact name).
    pub fn allows(&self, g: &GroupFacts) -> bool {
        let key = g.key();
        self.allow_list.iter().any(|a| *a == g.id || *a == key || g.name.as_deref() == Some(a.as_str()))
    }

    /// The language of the notice for `g`.
    pub fn notice_lang_for(&self, g: &GroupFacts) -> Lang {
        self.notice_lang.unwrap_or(g.lang)
    }

    /// Checks that the figures make sense (positive speeds and limit, finite numbers).
    pub fn validate(&self) -> Result<(), PlanError> {
        let positive = [
            ("max_merged_per_day", self.max_merged_per_day),
            ("zh_chars_per_minute", self.zh_chars_per_minute),
            ("en_words_per_minute", self.en_words_per_minute),
        ];
        for (field, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(PlanError::Config { field, message: format!("must be a positive number, not {v}") });
            }
        }
        if !(self.seconds_per_message.is_finite() && self.seconds_per_message >= 0.0) {
            return Err(PlanError::Config {
                field: "seconds_per_message",
                message: format!("must be zero or more, not {}", self.seconds_per_message),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_the_documented_defaults() {
        let c: PlanConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, PlanConfig::default());
        assert_eq!(c.quota("any"), 1);
        assert_eq!(c.max_merged_per_day, 100.0);
        assert_eq!((c.zh_chars_per_minute, c.en_words_per_minute), (300.0, 238.0));
    }

    #[test]
    fn bad_figures_are_refused_with_the_field_named() {
        let c = PlanConfig { zh_chars_per_minute: 0.0, ..PlanConfig::default() };
        let e = c.validate().unwrap_err().to_string();
        assert!(e.contains("zh_chars_per_minute") && e.contains("positive"), "{e}");
        let c: PlanConfig = serde_json::from_str(r#"{"effective_date":"2024-07-01","quotas":{"u1":2}}"#).unwrap();
        assert_eq!(c.quota("u1"), 2);
        assert_eq!(c.effective_date, NaiveDate::from_ymd_opt(2024, 7, 1));
    }
}
