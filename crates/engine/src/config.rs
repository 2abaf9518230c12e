//! `jingjian.toml`: every threshold, allow-list, quota, work hours and holidays, with where each value came from.
//!
//! The effective configuration is the built-in defaults overlaid with the workspace's `jingjian.toml` (if any),
//! overlaid with a file named by `--config`. Unknown keys are errors (a typo must not silently do nothing).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Zone for local times, work hours and calendars (IANA name).
    pub tz: String,
    pub audit: AuditConfig,
    pub work: WorkConfig,
    pub quota: QuotaConfig,
    pub plan: PlanSettings,
    /// Additions to the classifier's lexicons (see docs/classification.md).
    pub lexicon: toml::Table,
}

/// Thresholds of the audit's findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// A group with no human message for this many days before the end of the data is a zombie.
    pub zombie_days: u32,
    /// A group with fewer human messages than this, ever, is abandoned.
    pub abandoned_messages: u32,
    /// A group with fewer members than this is empty.
    pub empty_members: u32,
    /// A finished task group: all its human traffic fell within this many days …
    pub task_burst_days: u32,
    /// … and it has been silent for at least this many days since.
    pub task_silence_days: u32,
    /// A temporary (task) group: all its human traffic falls within this many days and it began after the data
    /// did. Such a group is kept while active even when nested in a larger one …
    pub task_max_days: u32,
    /// … and goes to review once it has been quiet this many days (the task looks finished).
    pub task_quiet_days: u32,
    /// Two groups whose memberships have at least this Jaccard similarity overlap.
    pub overlap_jaccard: f64,
    /// A group at least this share of whose members are in a larger group is nested in it.
    pub nested_containment: f64,
    /// Without unit information, a nested group merges only into a group whose membership it covers this much
    /// (Jaccard; 0.25 ≈ at most four times its size): a team channel inside an organisation-wide one stays.
    pub nested_merge_jaccard: f64,
    /// A group begun within the data and nested in a larger one whose membership it repeats at least this much
    /// (Jaccard) is a duplicate of it, not a task group: a 工作群（新） with the same people. A task force of six
    /// drawn from a department of ten (0.6) is a task group.
    pub duplicate_jaccard: f64,
    /// Pairs sharing fewer members than this are never compared.
    pub min_shared_members: u32,
    /// Cross-posts: the same notice in several groups within this many hours.
    pub cross_post_hours: u32,
    /// Cross-posts: normalised texts shorter than this are never cross-posts (收到, 早上好) …
    pub cross_post_min_chars: u32,
    /// … except notices (important messages), which are often short: 请今天下班前报送周报。
    pub cross_post_min_chars_important: u32,
    /// Cross-posts: near-duplicates need at least this Jaccard similarity of character 2-grams …
    pub cross_post_jaccard: f64,
    /// … or at least this containment (a relayer added a line).
    pub cross_post_containment: f64,
    /// A group whose human traffic is at least this share of noise is noisy (a finding: the remedy is a rule
    /// against 收到 chains and check-ins, not the group's end) …
    pub noisy_share: f64,
    /// … but one with at least this share of off-topic messages is a chit-chat group, not a work group: review.
    pub chat_share: f64,
    /// A group with at least this share of its human messages after hours has an after-hours load.
    pub after_hours_share: f64,
    /// A group with at least this many important messages a week over the last 30 days is purposeful and kept.
    pub purposeful_important_per_week: f64,
    /// A group counts toward its unit's quota (is internal) when at least this share of its members belong to
    /// the unit; cross-unit task groups do not.
    pub internal_share: f64,
}

/// Work hours and the holiday calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkConfig {
    /// Work periods of a working day, `HH:MM-HH:MM`.
    pub hours: Vec<String>,
    /// Working weekdays, 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u32>,
    /// Use the built-in Chinese public holidays and 调休 working weekends (2023–2026).
    pub cn_holidays: bool,
    /// Extra days off, `YYYY-MM-DD`.
    pub holidays: Vec<String>,
    /// Extra working days on weekends (调休), `YYYY-MM-DD`.
    pub workdays: Vec<String>,
}

/// Group quotas per unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QuotaConfig {
    /// Internal groups a unit may keep when neither the roster nor `units` says otherwise.
    pub default: u32,
    /// Quota per unit id.
    pub units: BTreeMap<String, u32>,
    /// Group ids that are always kept (allow-list).
    pub allow: Vec<String>,
}

/// The consolidation plan's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanSettings {
    /// A merge whose merged group would carry more human messages a day than this is refused.
    pub max_merged_per_day: f64,
    /// Reading speed for Chinese, characters a minute.
    pub zh_chars_per_minute: f64,
    /// Reading speed for English, words a minute.
    pub en_words_per_minute: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tz: "Asia/Shanghai".into(),
            audit: AuditConfig::default(),
            work: WorkConfig::default(),
            quota: QuotaConfig::default(),
            plan: PlanSettings::default(),
            lexicon: toml::Table::new(),
        }
    }
}

impl Default for AuditConfig {
    fn default() -> Self {
        AuditConfig {
            zombie_days: 60,
            abandoned_messages: 10,
            empty_members: 3,
            task_burst_days: 45,
            task_silence_days: 30,
            task_max_days: 120,
            task_quiet_days: 21,
            overlap_jaccard: 0.6,
            nested_containment: 0.9,
            nested_merge_jaccard: 0.25,
            duplicate_jaccard: 0.8,
            min_shared_members: 3,
            cross_post_hours: 72,
            cross_post_min_chars: 30,
            cross_post_min_chars_important: 12,
            cross_post_jaccard: 0.6,
            cross_post_containment: 0.8,
            noisy_share: 0.6,
            chat_share: 0.5,
            after_hours_share: 0.3,
            purposeful_important_per_week: 2.0,
            internal_share: 0.8,
        }
    }
}

impl Default for WorkConfig {
    fn default() -> Self {
        WorkConfig {
            hours: vec!["08:30-12:00".into(), "14:00-17:30".into()],
            weekdays: vec![1, 2, 3, 4, 5],
            cn_holidays: true,
            holidays: Vec::new(),
            workdays: Vec::new(),
        }
    }
}

impl Default for QuotaConfig {
    fn default() -> Self {
        QuotaConfig { default: 1, units: BTreeMap::new(), allow: Vec::new() }
    }
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings { max_merged_per_day: 100.0, zh_chars_per_minute: 300.0, en_words_per_minute: 238.0 }
    }
}

/// Why a configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The effective configuration and, for every key, where its value came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// Dotted key → `default`, or the file that set it.
    pub origin: BTreeMap<String, String>,
}

impl Config {
    /// Loads defaults + `<workspace>/jingjian.toml` + `extra` (each optional).
    pub fn load(workspace: &Path, extra: Option<&Path>) -> Result<Loaded, ConfigError> {
        let mut merged = toml::Table::try_from(Config::default()).expect("defaults serialise");
        let mut origin = BTreeMap::new();
        leaves(&merged, "", &mut |k, _| {
            origin.insert(k.to_owned(), "default".to_owned());
        });
        let files = [Some(workspace.join("jingjian.toml")), extra.map(Path::to_owned)];
        for path in files.into_iter().flatten() {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && Some(path.as_path()) != extra => continue,
                Err(e) => return Err(ConfigError::Io { path, source: e }),
            };
            let table: toml::Table = toml::from_str(&text)
                .map_err(|e| ConfigError::Invalid { path: path.clone(), message: e.to_string() })?;
            let shown = path.display().to_string();
            leaves(&table, "", &mut |k, _| {
                origin.insert(k.to_owned(), shown.clone());
            });
            overlay(&mut merged, table);
            Config::deserialize(toml::Value::Table(merged.clone()))
                .map_err(|e| ConfigError::Invalid { path: path.clone(), message: e.to_string() })?;
        }
        let config = Config::deserialize(toml::Value::Table(merged))
            .map_err(|e| ConfigError::Invalid { path: workspace.join("jingjian.toml"), message: e.to_string() })?;
        Ok(Loaded { config, origin })
    }

    /// The zone, parsed.
    pub fn zone(&self) -> chrono_tz::Tz {
        self.tz.parse().unwrap_or(chrono_tz::Asia::Shanghai)
    }
}

impl Loaded {
    /// Every effective value as `key = value  # origin` lines, for `jingjian config --show`.
    pub fn show(&self) -> Vec<(String, String, String)> {
        let table = toml::Table::try_from(&self.config).expect("config serialises");
        let mut rows = Vec::new();
        leaves(&table, "", &mut |k, v| {
            let from = self.origin.get(k).cloned().unwrap_or_else(|| "default".into());
            rows.push((k.to_owned(), v.to_string(), from));
        });
        rows
    }
}

fn leaves(t: &toml::Table, prefix: &str, f: &mut dyn FnMut(&str, &toml::Value)) {
    for (k, v) in t {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(inner) if !inner.is_empty() => leaves(inner, &key, f),
            _ => f(&key, v),
        }
    }
}

fn overlay(base: &mut toml::Table, top: toml::Table) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(t)) => overlay(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_file_overrides_defaults_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jingjian.toml"), "[audit]\nzombie_days = 90\n[quota.units]\noffice = 2\n")
            .unwrap();
        let loaded = Config::load(dir.path(), None).unwrap();
        assert_eq!(loaded.config.audit.zombie_days, 90);
        assert_eq!(loaded.config.audit.abandoned_messages, 10);
        assert_eq!(loaded.config.quota.units["office"], 2);
        let rows = loaded.show();
        let zombie = rows.iter().find(|r| r.0 == "audit.zombie_days").unwrap();
        assert_eq!(zombie.1, "90");
        assert!(zombie.2.ends_with("jingjian.toml"));
        assert_eq!(rows.iter().find(|r| r.0 == "audit.empty_members").unwrap().2, "default");
    }

    #[test]
    fn a_typo_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jingjian.toml"), "[audit]\nzombie_dayz = 90\n").unwrap();
        let e = Config::load(dir.path(), None).unwrap_err().to_string();
        assert!(e.contains("jingjian.toml") && e.contains("zombie_dayz"), "{e}");
    }

    #[test]
    fn a_missing_explicit_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Config::load(dir.path(), Some(&dir.path().join("nope.toml"))).is_err());
        assert!(Config::load(dir.path(), None).is_ok());
    }
}
