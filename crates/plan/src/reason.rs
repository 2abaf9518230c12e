//! Why the plan did what it did to a group: structured reasons (stable in JSON) that read as sentences in Chinese
//! or English.

use crate::input::{Lang, Verdict};
use serde::{Deserialize, Serialize};

/// One reason behind a group's action. JSON carries the `code` and its figures; [`Reason::text`] says it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// Allow-listed or exempt: kept whatever the audit said.
    Exempt {
        /// What the audit had said.
        overrides: Verdict,
    },
    /// A zombie: dissolved.
    Zombie,
    /// The audit said merge, but a zombie is dissolved, never merged.
    ZombieNotMerged {
        /// The merge target the audit named.
        target: String,
    },
    /// The audit kept the group.
    AuditKeep,
    /// The audit found the group no longer needed.
    AuditDissolve,
    /// The audit found the group a duplicate of `target`.
    AuditMerge {
        /// The group the audit named.
        target: String,
    },
    /// The audit could not decide.
    AuditReview,
    /// The audit said merge but named no target.
    NoTarget,
    /// The merge target is not among the groups.
    TargetMissing {
        /// The id the audit named.
        target: String,
    },
    /// The merge target is itself dissolved or under review.
    TargetNotKept {
        /// The target's id.
        target: String,
        /// What the plan does with the target (`dissolve`, `review`).
        action: String,
    },
    /// The merge target is merged in turn; the group goes straight to the final target.
    TargetMerged {
        /// The first target.
        target: String,
        /// Where it goes.
        into: String,
    },
    /// The merges form a cycle.
    MergeCycle {
        /// The id the audit named.
        target: String,
    },
    /// The unit's main group: the busiest of its kept internal groups.
    MainGroup {
        /// Unit id.
        unit: String,
        /// The unit's quota.
        quota: u32,
    },
    /// The unit keeps more internal groups than its quota; this one is one too many.
    OverQuota {
        /// Unit id.
        unit: String,
        /// The unit's quota.
        quota: u32,
        /// The unit's main group, if it may keep one.
        main: Option<String>,
    },
    /// Other groups merge into this one.
    MergeTarget {
        /// How many.
        sources: usize,
        /// Human messages a day of the merged group.
        per_day: f64,
    },
    /// The merge is refused: the merged group would carry more than the limit.
    TooBusy {
        /// The target.
        target: String,
        /// Human messages a day the merged group would carry.
        per_day: f64,
        /// The limit.
        limit: f64,
    },
}

impl Reason {
    /// The reason as a sentence.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Exempt { overrides }, Lang::Zh) => {
                format!("在豁免名单内，予以保留（审计意见：{}）", verdict_zh(*overrides))
            }
            (Reason::Exempt { overrides }, Lang::En) => {
                format!("exempt (allow-listed): kept although the audit said {}", overrides.as_str())
            }
            (Reason::Zombie, Lang::Zh) => "僵尸群：长期无人发言，予以解散".into(),
            (Reason::Zombie, Lang::En) => "zombie: no one has written for a long time, so it is dissolved".into(),
            (Reason::ZombieNotMerged { target }, Lang::Zh) => {
                format!("僵尸群不并入其他群（审计建议并入 {target}），直接解散")
            }
            (Reason::ZombieNotMerged { target }, Lang::En) => {
                format!("a zombie is dissolved, not merged (the audit suggested merging into {target})")
            }
            (Reason::AuditKeep, Lang::Zh) => "审计意见：保留".into(),
            (Reason::AuditKeep, Lang::En) => "the audit keeps it".into(),
            (Reason::AuditDissolve, Lang::Zh) => "审计意见：解散".into(),
            (Reason::AuditDissolve, Lang::En) => "the audit found it no longer needed".into(),
            (Reason::AuditMerge { target }, Lang::Zh) => format!("审计意见：与 {target} 内容相近、成员重叠，予以合并"),
            (Reason::AuditMerge { target }, Lang::En) => format!("the audit found it a duplicate of {target}"),
            (Reason::AuditReview, Lang::Zh) => "审计意见：需人工研判".into(),
            (Reason::AuditReview, Lang::En) => "the audit could not decide; a person must".into(),
            (Reason::NoTarget, Lang::Zh) => "审计建议合并，但未指明并入哪个群，需人工研判".into(),
            (Reason::NoTarget, Lang::En) => "the audit said merge but named no target".into(),
            (Reason::TargetMissing { target }, Lang::Zh) => format!("并入目标 {target} 不在群组清单中，需人工研判"),
            (Reason::TargetMissing { target }, Lang::En) => {
                format!("the merge target {target} is not among the groups")
            }
            (Reason::TargetNotKept { target, action }, Lang::Zh) => {
                let a = if action == "dissolve" { "将被解散" } else { "尚待研判" };
                format!("并入目标 {target} {a}，本群需人工研判")
            }
            (Reason::TargetNotKept { target, action }, Lang::En) => {
                format!("the merge target {target} is not kept (its action: {action})")
            }
            (Reason::TargetMerged { target, into }, Lang::Zh) => {
                format!("原并入目标 {target} 本身并入 {into}，本群直接并入 {into}")
            }
            (Reason::TargetMerged { target, into }, Lang::En) => {
                format!("the merge target {target} is itself merged into {into}, so this group goes to {into}")
            }
            (Reason::MergeCycle { target }, Lang::Zh) => format!("合并关系成环（经由 {target}），需人工研判"),
            (Reason::MergeCycle { target }, Lang::En) => format!("the merges form a cycle (through {target})"),
            (Reason::MainGroup { unit, quota }, Lang::Zh) => {
                format!("单位 {unit} 的主工作群（最活跃），该单位限保留 {quota} 个内部工作群")
            }
            (Reason::MainGroup { unit, quota }, Lang::En) => {
                format!("main group of unit {unit} (the busiest); the unit may keep {quota} internal group(s)")
            }
            (Reason::OverQuota { unit, quota, main: Some(main) }, Lang::Zh) => {
                format!("单位 {unit} 内部工作群超出限额（{quota} 个），并入主工作群 {main}")
            }
            (Reason::OverQuota { unit, quota, main: Some(main) }, Lang::En) => {
                format!(
                    "unit {unit} keeps more than its quota of {quota} internal group(s): merged into its main group {main}"
                )
            }
            (Reason::OverQuota { unit, quota, main: None }, Lang::Zh) => {
                format!("单位 {unit} 内部工作群限额为 {quota}，需人工研判")
            }
            (Reason::OverQuota { unit, quota, main: None }, Lang::En) => {
                format!("unit {unit} may keep {quota} internal groups; a person must decide")
            }
            (Reason::MergeTarget { sources, per_day }, Lang::Zh) => {
                format!("{sources} 个群并入本群，合并后每天约 {per_day:.1} 条消息")
            }
            (Reason::MergeTarget { sources, per_day }, Lang::En) => {
                format!("{sources} group(s) merge into it; merged, it carries about {per_day:.1} messages a day")
            }
            (Reason::TooBusy { target, per_day, limit }, Lang::Zh) => {
                format!("并入 {target} 后每天约 {per_day:.1} 条消息，超过上限 {limit:.0} 条，暂不合并")
            }
            (Reason::TooBusy { target, per_day, limit }, Lang::En) => {
                format!(
                    "merging into {target} would give about {per_day:.1} messages a day, over the limit of {limit:.0}: refused"
                )
            }
        }
    }
}

fn verdict_zh(v: Verdict) -> &'static str {
    match v {
        Verdict::Keep => "保留",
        Verdict::Dissolve => "解散",
        Verdict::Merge => "合并",
        Verdict::Review => "人工研判",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_serialise_by_code_and_read_in_both_languages() {
        let r = Reason::TooBusy { target: "g1".into(), per_day: 123.456, limit: 100.0 };
        let j = serde_json::to_string(&r).unwrap();
        assert_eq!(j, r#"{"code":"too_busy","target":"g1","per_day":123.456,"limit":100.0}"#);
        assert_eq!(serde_json::from_str::<Reason>(&j).unwrap(), r);
        assert_eq!(r.text(Lang::Zh), "并入 g1 后每天约 123.5 条消息，超过上限 100 条，暂不合并");
        assert!(r.text(Lang::En).contains("over the limit of 100: refused"));
        let e = Reason::Exempt { overrides: Verdict::Dissolve };
        assert_eq!(e.text(Lang::Zh), "在豁免名单内，予以保留（审计意见：解散）");
    }
}
