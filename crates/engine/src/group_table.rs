//! The `group_audit` table: one row per group with its health, verdict and reasons, built straight into Arrow
//! arrays. It is the table [`tables::from_rows`] infers from the groups (columns in name order, all nullable,
//! nested values as JSON text), without a JSON value per row and a pass of schema inference over them (50 ms
//! for the thousand groups of a 100k-message workspace, on the audit's last stretch); its column types no
//! longer depend on the data (`days_silent` is a float even when no group has a human message).

use crate::EngineError;
use crate::audit::GroupAudit;
use crate::tables;
use datafusion::arrow::array::{ArrayRef, Float64Array, StringArray};
use jingjian_store::DerivedTable;
use std::sync::Arc;

/// The table's name in the workspace.
pub const GROUP_AUDIT: &str = "group_audit";

/// The `group_audit` table of `groups`.
pub fn table(groups: &[GroupAudit]) -> Result<DerivedTable, EngineError> {
    tables::of_rows(GROUP_AUDIT, groups, columns)
}

/// The columns of the `group_audit` table of `groups`, in name order.
fn columns(groups: &[GroupAudit]) -> [(&'static str, ArrayRef); 33] {
    let maybe = |f: fn(&GroupAudit) -> Option<&str>| Arc::new(StringArray::from_iter(groups.iter().map(f))) as ArrayRef;
    let json = |f: fn(&GroupAudit) -> String| Arc::new(StringArray::from_iter_values(groups.iter().map(f))) as ArrayRef;
    // JSON has no NaN or infinity: serialised they were nulls.
    let real = |f: fn(&GroupAudit) -> Option<f64>| {
        Arc::new(Float64Array::from_iter(groups.iter().map(|g| f(g).filter(|x| x.is_finite())))) as ArrayRef
    };
    [
        ("active_span_days", real(|g| Some(g.health.active_span_days))),
        ("after_hours", tables::counts(groups, |g| g.health.after_hours)),
        ("after_hours_share", real(|g| Some(g.health.after_hours_share))),
        ("bot_messages", tables::counts(groups, |g| g.health.bot_messages)),
        ("bot_system_share", real(|g| Some(g.health.bot_system_share))),
        ("days_silent", real(|g| g.health.days_silent)),
        // Through a JSON value, as the inferring route wrote it (each finding's keys in name order).
        ("findings", json(|g| serde_json::to_value(&g.findings).expect("findings serialise").to_string())),
        ("first_human", maybe(|g| g.health.first_human.as_deref())),
        ("han_chars", tables::counts(groups, |g| g.health.han_chars)),
        ("human_messages", tables::counts(groups, |g| g.health.human_messages)),
        ("human_per_day", real(|g| Some(g.health.human_per_day))),
        ("id", tables::texts(groups, |g| &g.health.id)),
        ("important_per_week_30d", real(|g| Some(g.health.important_per_week_30d))),
        ("kind", tables::texts(groups, |g| &g.health.kind)),
        ("labels", json(|g| serde_json::to_string(&g.health.labels).expect("labels serialise"))),
        ("last_human", maybe(|g| g.health.last_human.as_deref())),
        ("latin_words", tables::counts(groups, |g| g.health.latin_words)),
        ("members", tables::counts(groups, |g| g.health.members)),
        ("merge_into", maybe(|g| g.merge_into.as_deref())),
        ("name", maybe(|g| g.health.name.as_deref())),
        ("noise_share", real(|g| Some(g.health.noise_share))),
        ("owner", maybe(|g| g.health.owner.as_deref())),
        ("reasons", json(|g| serde_json::to_string(&g.reasons).expect("reasons serialise"))),
        ("reasons_zh", json(|g| serde_json::to_string(&g.reasons_zh).expect("reasons serialise"))),
        ("records", tables::counts(groups, |g| g.health.records)),
        ("senders_30d", tables::counts(groups, |g| g.health.senders_30d)),
        ("senders_90d", tables::counts(groups, |g| g.health.senders_90d)),
        ("source", tables::texts(groups, |g| &g.health.source)),
        ("system_messages", tables::counts(groups, |g| g.health.system_messages)),
        ("unit", maybe(|g| g.health.unit.as_deref())),
        ("unit_share", real(|g| Some(g.health.unit_share))),
        ("urgent_after_hours", tables::counts(groups, |g| g.health.urgent_after_hours)),
        ("verdict", tables::texts(groups, |g| g.verdict.as_str())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::Health;
    use crate::verdict::{Finding, Verdict};
    use datafusion::arrow::compute::concat_batches;
    use std::collections::BTreeMap;

    fn group(id: &str, verdict: Verdict) -> GroupAudit {
        let health = Health {
            source: "wecom".into(),
            id: id.into(),
            name: Some(format!("{id} 工作群")),
            kind: "group".into(),
            unit: Some("u1".into()),
            owner: Some("张三".into()),
            members: 12,
            unit_share: 0.75,
            records: 500,
            human_messages: 480,
            bot_messages: 15,
            system_messages: 5,
            bot_system_share: 0.04,
            human_per_day: 1.3150684931506849,
            senders_30d: 7,
            senders_90d: 9,
            first_human_ms: Some(0),
            last_human_ms: Some(1),
            first_human: Some("2025-01-01T08:00:00.000Z".into()),
            last_human: Some("2025-12-30T09:30:00.000Z".into()),
            days_silent: Some(1.9791666666666667),
            active_span_days: 363.0625,
            after_hours_share: 0.1,
            after_hours: 48,
            urgent_after_hours: 2,
            labels: BTreeMap::from([("ack".into(), 80), ("important".into(), 100), ("discussion".into(), 300)]),
            noise_share: 1.0 / 6.0,
            important_per_week_30d: 3.5,
            han_chars: 24_000,
            latin_words: 12,
        };
        let finding = Finding {
            kind: "nested".into(),
            reason: "100% of its members are also in «g0» (12 shared)".into(),
            reason_zh: "100%的成员同在「g0」（12人重叠）".into(),
            figures: serde_json::json!({"with": "g0", "shared": 12, "containment": 1.0, "jaccard": 0.5}),
        };
        GroupAudit {
            health,
            verdict,
            merge_into: Some("g0".into()),
            reasons: vec![format!("{}: {}", finding.kind, finding.reason)],
            reasons_zh: vec![finding.reason_zh.clone()],
            findings: vec![finding],
        }
    }

    #[test]
    fn the_table_is_the_one_inference_makes() {
        let mut bare = group("g2", Verdict::Keep);
        bare.health.name = None;
        bare.health.unit = None;
        bare.health.owner = None;
        bare.health.first_human = None;
        bare.health.last_human = None;
        bare.health.days_silent = None;
        bare.health.labels.clear();
        bare.health.unit_share = f64::NAN;
        (bare.merge_into, bare.reasons, bare.reasons_zh, bare.findings) = (None, vec![], vec![], vec![]);
        let groups = [group("g1", Verdict::Merge), bare, group("g3", Verdict::Dissolve), group("g4", Verdict::Review)];
        let direct = table(&groups).unwrap();
        let inferred = tables::from_rows(GROUP_AUDIT, &groups).unwrap();
        assert_eq!(direct.schema, inferred.schema);
        let all = |t: &DerivedTable| concat_batches(&t.schema, &t.batches).unwrap();
        assert_eq!(all(&direct), all(&inferred));
        assert_eq!(all(&direct).num_rows(), 4);
        assert_eq!(table(&[]).unwrap().schema, tables::from_rows::<GroupAudit>(GROUP_AUDIT, &[]).unwrap().schema);
    }
}
