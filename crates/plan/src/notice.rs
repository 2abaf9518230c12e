//! Warn first: the texts a group owner posts in a group before it is dissolved or merged, in Chinese or English.
//!
//! The plan never acts silently. Every dissolve and merge carries a notice to post `notice_days` before the
//! effective date, saying what will happen, when, where notices go from then on, and whom to ask.

use crate::config::PlanConfig;
use crate::input::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A notice to post in a group before the plan acts on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The language the text is written in.
    pub lang: Lang,
    /// How many days before acting to post it.
    pub post_days_before: u32,
    /// The text to post.
    pub text: String,
}

/// Why a group is dissolved, as the notice explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DissolveCause {
    /// Nobody has written in the group for a long time.
    Dormant,
    /// The audit found the group no longer needed (finished task, duplicate, empty).
    NoLongerNeeded,
}

/// Why a group is merged, as the notice explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeCause {
    /// The group duplicates the target (same people, same notices).
    Duplicate,
    /// The unit keeps only its main group ("一个单位原则上只保留一个工作群").
    UnitQuota,
}

/// The notice for a group that will be dissolved.
pub fn dissolve(name: &str, owner: Option<&str>, cause: DissolveCause, lang: Lang, cfg: &PlanConfig) -> Notice {
    let text = match lang {
        Lang::Zh => {
            let why = match cause {
                DissolveCause::Dormant => format!("本群「{name}」已长期无人发言。根据群组精简工作安排，"),
                DissolveCause::NoLongerNeeded => format!("经群组精简评估，本群「{name}」已无继续保留的必要。"),
            };
            format!(
                "【群组精简通知】{why}本群将于{when}解散。请各位成员在此之前保存需要留存的文件和记录；今后的工作通知将通过本单位工作群发布，无须在本群回复“收到”。如有异议，请于解散前联系{owner}。感谢大家的理解与配合！",
                when = when_zh(cfg),
                owner = owner_zh(owner),
            )
        }
        Lang::En => {
            let why = match cause {
                DissolveCause::Dormant => format!("No one has written in this group (“{name}”) for a long time, so"),
                DissolveCause::NoLongerNeeded => {
                    format!("A review of our work groups found this group (“{name}”) is no longer needed, so")
                }
            };
            format!(
                "[Group consolidation notice] {why} it will be closed {when}. Please save any files or records you need before then; work notices will be posted in your unit's main group. No need to reply to this message. If you object, please contact {owner} before the group is closed. Thank you.",
                when = when_en(cfg),
                owner = owner_en(owner),
            )
        }
    };
    Notice { lang, post_days_before: cfg.notice_days, text }
}

/// The notice for a group that will be merged into `target`.
pub fn merge(name: &str, target: &str, owner: Option<&str>, cause: MergeCause, lang: Lang, cfg: &PlanConfig) -> Notice {
    let text = match lang {
        Lang::Zh => {
            let why = match cause {
                MergeCause::Duplicate => "为减少内容相近、成员重叠的重复群组，减轻大家的指尖负担，".to_string(),
                MergeCause::UnitQuota => {
                    format!("根据“一个单位原则上只保留一个工作群”的要求，本单位工作群将统一为「{target}」。")
                }
            };
            format!(
                "【群组精简通知】{why}本群「{name}」将于{when}并入「{target}」，届时本群停止使用并解散。尚未加入「{target}」的成员将收到入群邀请，今后相关通知统一在「{target}」发布，请勿再在本群发布工作信息。如有异议，请于合并前联系{owner}。感谢大家的理解与配合！",
                when = when_zh(cfg),
                owner = owner_zh(owner),
            )
        }
        Lang::En => {
            let why = match cause {
                MergeCause::Duplicate => {
                    "To cut duplicate groups with the same people and the same notices,".to_string()
                }
                MergeCause::UnitQuota => format!("Our unit is keeping one work group, “{target}”, so"),
            };
            format!(
                "[Group consolidation notice] {why} this group (“{name}”) will be merged into “{target}” {when} and then closed. Members not yet in “{target}” will get an invitation; from then on, notices will be posted in “{target}” only, so please stop posting work messages here. If you object, please contact {owner} before the merge. Thank you.",
                when = when_en(cfg),
                owner = owner_en(owner),
            )
        }
    };
    Notice { lang, post_days_before: cfg.notice_days, text }
}

fn when_zh(cfg: &PlanConfig) -> String {
    match cfg.effective_date {
        Some(d) => format!("{}年{}月{}日起", d.year(), d.month(), d.day()),
        None => format!("本通知发布{}日后", cfg.notice_days),
    }
}

fn when_en(cfg: &PlanConfig) -> String {
    match cfg.effective_date {
        Some(d) => format!("on {}", english_date(d)),
        None if cfg.notice_days == 1 => "one day after this notice".to_string(),
        None => format!("{} days after this notice", cfg.notice_days),
    }
}

fn english_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn owner_zh(owner: Option<&str>) -> String {
    match owner {
        Some(o) => format!("群主（{o}）"),
        None => "群主".to_string(),
    }
}

fn owner_en(owner: Option<&str>) -> String {
    match owner {
        Some(o) => format!("the group owner ({o})"),
        None => "the group owner".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_notices_name_the_group_the_target_and_the_date() {
        let cfg = PlanConfig { effective_date: NaiveDate::from_ymd_opt(2024, 7, 1), ..PlanConfig::default() };
        let n = merge("二组通知群", "综合办工作群", Some("李主任"), MergeCause::UnitQuota, Lang::Zh, &cfg);
        assert!(n.text.starts_with("【群组精简通知】根据“一个单位原则上只保留一个工作群”的要求"), "{}", n.text);
        assert!(n.text.contains("本群「二组通知群」将于2024年7月1日起并入「综合办工作群」"), "{}", n.text);
        assert!(n.text.contains("群主（李主任）"), "{}", n.text);
        assert_eq!((n.lang, n.post_days_before), (Lang::Zh, 7));
        let d = dissolve("防汛临时群", None, DissolveCause::Dormant, Lang::Zh, &PlanConfig::default());
        assert!(d.text.contains("本群「防汛临时群」已长期无人发言"), "{}", d.text);
        assert!(d.text.contains("本群将于本通知发布7日后解散"), "{}", d.text);
        assert!(!d.text.contains("2024"), "{}", d.text);
    }

    #[test]
    fn english_notices_read_as_sentences() {
        let cfg = PlanConfig { effective_date: NaiveDate::from_ymd_opt(2024, 7, 1), ..PlanConfig::default() };
        let n = merge("ops-alerts", "ops", None, MergeCause::Duplicate, Lang::En, &cfg);
        assert!(n.text.contains("this group (“ops-alerts”) will be merged into “ops” on 1 July 2024"), "{}", n.text);
        let d = dissolve("q3-launch", Some("ana"), DissolveCause::NoLongerNeeded, Lang::En, &PlanConfig::default());
        assert!(d.text.contains("will be closed 7 days after this notice"), "{}", d.text);
        assert!(d.text.contains("the group owner (ana)"), "{}", d.text);
        assert!(!d.text.contains('【'), "{}", d.text);
    }
}
