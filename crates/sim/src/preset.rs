//! Presets: the shape of each simulated organisation (how many units, people, groups of each kind, days) and
//! the user-facing configuration.

use crate::calendar::Holidays;
use chrono::NaiveDate;
use serde::Serialize;

/// Which organisation to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// Tens of members, about 16 groups, 80 days, about 5,000 messages (Chinese; tests and the contract check).
    Small,
    /// About 2,000 members, 1,000+ groups, a year, about a million messages (Chinese; `jingjian demo`).
    District,
    /// An English-speaking company on Slack: about 300 people, about 160 channels, a year, about 300,000 messages.
    Company,
}

impl Preset {
    /// The preset named `s` (`small`, `district`, `company`).
    pub fn parse(s: &str) -> Option<Preset> {
        match s {
            "small" => Some(Preset::Small),
            "district" => Some(Preset::District),
            "company" => Some(Preset::Company),
            _ => None,
        }
    }

    /// The preset's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Small => "small",
            Preset::District => "district",
            Preset::Company => "company",
        }
    }

    /// About how many messages the preset produces when `--messages` is not given.
    pub fn default_messages(self) -> u64 {
        match self {
            Preset::Small => 5_000,
            Preset::District => 1_000_000,
            Preset::Company => 300_000,
        }
    }

    /// The organisation's shape.
    pub fn shape(self) -> Shape {
        match self {
            Preset::Small => Shape {
                lang: Lang::Zh,
                start: NaiveDate::from_ymd_opt(2025, 5, 6).expect("valid date"),
                days: 80,
                holidays: Holidays::China,
                root_staff: 3,
                depts: 2,
                dept_staff: (6, 9),
                towns: 1,
                town_staff: (8, 10),
                villages: (3, 3),
                village_staff: (5, 7),
                dept_tasks: (1, 1),
                town_tasks: (1, 1),
                chat_groups: 1,
                abandoned: 1,
                empty: 1,
                core_share: 0.0,
                dup_share: 0.0,
                liaison_groups: false,
                rate: 0.5,
            },
            Preset::District => Shape {
                lang: Lang::Zh,
                start: NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
                days: 365,
                holidays: Holidays::China,
                root_staff: 8,
                depts: 30,
                dept_staff: (10, 26),
                towns: 12,
                town_staff: (18, 32),
                villages: (9, 15),
                village_staff: (5, 10),
                dept_tasks: (12, 20),
                town_tasks: (14, 26),
                chat_groups: 24,
                abandoned: 40,
                empty: 2,
                core_share: 0.5,
                dup_share: 0.15,
                liaison_groups: true,
                rate: 0.5,
            },
            Preset::Company => Shape {
                lang: Lang::En,
                start: NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
                days: 365,
                holidays: Holidays::Singapore,
                root_staff: 6,
                depts: 8,
                dept_staff: (5, 14),
                towns: 6,
                town_staff: (3, 5),
                villages: (4, 8),
                village_staff: (5, 12),
                dept_tasks: (2, 5),
                town_tasks: (6, 12),
                chat_groups: 8,
                abandoned: 12,
                empty: 2,
                core_share: 0.5,
                dup_share: 0.12,
                liaison_groups: true,
                rate: 0.74,
            },
        }
    }
}

/// The language the organisation writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese, with some Traditional copies.
    Zh,
    /// English.
    En,
}

/// The organisation's shape. Units are a root (district or company), departments (区直部门 or corporate
/// functions), towns (镇/街道 or divisions) and villages (村/社区 or teams, inside a town).
#[derive(Debug, Clone)]
pub struct Shape {
    /// Language of the messages.
    pub lang: Lang,
    /// First local day.
    pub start: NaiveDate,
    /// Number of days.
    pub days: u32,
    /// Public-holiday calendar.
    pub holidays: Holidays,
    /// People in the root unit (district or company leadership).
    pub root_staff: usize,
    /// Number of departments.
    pub depts: usize,
    /// People per department (min, max).
    pub dept_staff: (usize, usize),
    /// Number of towns (divisions).
    pub towns: usize,
    /// People in each town's own office (min, max).
    pub town_staff: (usize, usize),
    /// Villages (teams) per town (min, max).
    pub villages: (usize, usize),
    /// People per village (team) (min, max).
    pub village_staff: (usize, usize),
    /// Task groups made by each department over the period (min, max).
    pub dept_tasks: (usize, usize),
    /// Task groups made by each town over the period (min, max).
    pub town_tasks: (usize, usize),
    /// Chit-chat groups.
    pub chat_groups: usize,
    /// Groups that never took off.
    pub abandoned: usize,
    /// Groups with fewer than three members.
    pub empty: usize,
    /// Share of departments and towns whose leaders keep a "core" group nested in the unit group.
    pub core_share: f64,
    /// Share of units with a duplicate of their unit group.
    pub dup_share: f64,
    /// Whether each department keeps a liaison group with one person from every town.
    pub liaison_groups: bool,
    /// Multiplier on every episode rate: calibrated so that the preset gives its default volume, then
    /// multiplied by the `--messages` scale.
    pub rate: f64,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Canonical JSON Lines (`workspace.jsonl`).
    Jsonl,
    /// WeCom 会话内容存档 decrypted messages (`messages.jsonl`), room details (`groups.jsonl`), `roster.csv`.
    Wecom,
    /// A Slack workspace export folder.
    Slack,
    /// Telegram Desktop "Export chat history" JSON: one `chats/<NNNN>_<name>/result.json` per group.
    Telegram,
    /// WhatsApp "Export chat" text (Android, English): one `WhatsApp Chat with <name>.txt` per group.
    Whatsapp,
}

impl Format {
    /// The format named `s` (`jsonl`, `wecom`, `slack`, `telegram`, `whatsapp`).
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "jsonl" => Some(Format::Jsonl),
            "wecom" => Some(Format::Wecom),
            "slack" => Some(Format::Slack),
            "telegram" => Some(Format::Telegram),
            "whatsapp" => Some(Format::Whatsapp),
            _ => None,
        }
    }

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Wecom => "wecom",
            Format::Slack => "slack",
            Format::Telegram => "telegram",
            Format::Whatsapp => "whatsapp",
        }
    }
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimConfig {
    /// The organisation.
    pub preset: Preset,
    /// The seed: the same seed always gives byte-identical output.
    pub seed: u64,
    /// About how many messages to produce; `None` = the preset's default.
    pub messages: Option<u64>,
}

impl SimConfig {
    /// A configuration with the preset's default volume.
    pub fn new(preset: Preset, seed: u64) -> SimConfig {
        SimConfig { preset, seed, messages: None }
    }

    /// How many copies of the organisation to build and the rate multiplier, so that volume ≈ the target.
    /// Volume grows by adding whole organisations (each realistic on its own) and, between whole numbers,
    /// by scaling episode rates.
    pub fn scale(&self) -> (u32, f64) {
        let target = self.messages.unwrap_or(self.preset.default_messages()) as f64;
        let s = target / self.preset.default_messages() as f64;
        if s <= 1.0 {
            return (1, s);
        }
        let replicas = s.floor().max(1.0);
        (replicas as u32, s / replicas)
    }
}
