//! The findings the audit reports about a group: one constructor per kind, each with its reason in English and
//! Chinese and the figures behind it.

use super::{Finding, UnitQuota};
use crate::config::AuditConfig;
use crate::health::Health;
use crate::overlap::Overlap;
use serde_json::{Value, json};

fn finding(kind: &'static str, reason: String, reason_zh: String, figures: Value) -> Finding {
    Finding { kind: kind.to_owned(), reason, reason_zh, figures }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(super) fn allow_listed() -> Finding {
    finding("allow_listed", "on the allow-list".into(), "在保留名单中".into(), json!({}))
}

pub(super) fn direct() -> Finding {
    finding("direct", "a conversation between two people, not a group".into(), "两人私聊，不是群组".into(), json!({}))
}

pub(super) fn empty(g: &Health, cfg: &AuditConfig) -> Finding {
    finding(
        "empty",
        format!("{} members (fewer than {})", g.members, cfg.empty_members),
        format!("仅{}名成员（少于{}人）", g.members, cfg.empty_members),
        json!({"members": g.members}),
    )
}

pub(super) fn abandoned(g: &Health, cfg: &AuditConfig) -> Finding {
    finding(
        "abandoned",
        format!("{} human messages ever (fewer than {})", g.human_messages, cfg.abandoned_messages),
        format!("建群以来仅{}条人工消息（少于{}条）", g.human_messages, cfg.abandoned_messages),
        json!({"human_messages": g.human_messages}),
    )
}

pub(super) fn zombie(g: &Health, silent: f64) -> Finding {
    finding(
        "zombie",
        match g.last_human.as_deref() {
            Some(t) => format!("no human message for {silent:.0} days (last {t})"),
            None => "no human message at all".into(),
        },
        match g.last_human.as_deref() {
            Some(t) => format!("已{silent:.0}天无人发言（最后一条在{}）", &t[..10]),
            None => "从未有人发言".into(),
        },
        json!({"days_silent": g.days_silent, "last_human": g.last_human}),
    )
}

pub(super) fn finished_task(g: &Health, silent: f64) -> Finding {
    finding(
        "finished_task",
        format!(
            "{} messages within {:.0} days, then silent for {silent:.0} days",
            g.human_messages, g.active_span_days
        ),
        format!("{:.0}天内集中发言{}条，此后沉寂{silent:.0}天，任务已结束", g.active_span_days, g.human_messages),
        json!({"active_span_days": g.active_span_days, "days_silent": silent, "human_messages": g.human_messages}),
    )
}

/// A temporary (task) group: kept while active, up for review once quiet.
pub(super) fn temporary(g: &Health, silent: f64, cfg: &AuditConfig) -> Finding {
    let first = g.first_human.as_deref().map_or("", |t| &t[..10]);
    let (reason, reason_zh) = if silent >= cfg.task_quiet_days as f64 {
        (
            format!("a task group begun {first}, quiet for {silent:.0} days: the task looks finished"),
            format!("{first}建立的任务群，已{silent:.0}天无人发言，任务似已结束"),
        )
    } else {
        (
            format!("an active task group begun {first} ({:.0} days of traffic)", g.active_span_days),
            format!("{first}建立的任务群，仍在使用（已活跃{:.0}天）", g.active_span_days),
        )
    };
    finding(
        "temporary",
        reason,
        reason_zh,
        json!({"first_human": g.first_human, "active_span_days": round(g.active_span_days), "days_silent": g.days_silent}),
    )
}

pub(super) fn purposeful(g: &Health) -> Finding {
    finding(
        "purposeful",
        format!("{:.1} important messages a week in the last 30 days", g.important_per_week_30d),
        format!("近30天每周{:.1}条重要消息，群组仍在发挥作用", g.important_per_week_30d),
        json!({"important_per_week_30d": g.important_per_week_30d}),
    )
}

/// Nested in or overlapping the larger group `with` (named `name`), sharing `cross_posts` notices with it.
pub(super) fn membership(o: &Overlap, name: &str, with: &str, nested: bool, cross_posts: u64) -> Finding {
    let figures = json!({"with": with, "shared": o.shared, "jaccard": round(o.jaccard), "containment": round(o.containment), "cross_posts": cross_posts});
    if nested {
        finding(
            "nested",
            format!("{:.0}% of its members are also in «{name}» ({} shared)", o.containment * 100.0, o.shared),
            format!("{:.0}%的成员同在「{name}」（{}人重叠）", o.containment * 100.0, o.shared),
            figures,
        )
    } else {
        finding(
            "overlapping",
            format!("membership overlaps «{name}» (Jaccard {:.2}, {} shared)", o.jaccard, o.shared),
            format!("与「{name}」成员高度重合（Jaccard {:.2}，{}人重叠）", o.jaccard, o.shared),
            figures,
        )
    }
}

pub(super) fn cross_posted(n: u64) -> Finding {
    finding(
        "cross_posted",
        format!("{n} notices also posted in other groups"),
        format!("{n}条通知同时发在其他群"),
        json!({"cross_posts": n}),
    )
}

pub(super) fn over_quota(u: &UnitQuota) -> Finding {
    finding(
        "over_quota",
        format!("unit {} has {} groups, quota {}", u.unit, u.groups.len(), u.quota),
        format!("单位「{}」有{}个工作群，超过限额{}个", u.name.as_deref().unwrap_or(&u.unit), u.groups.len(), u.quota),
        json!({"unit": u.unit, "groups": u.groups.len(), "quota": u.quota}),
    )
}

fn share(g: &Health, label: &str) -> f64 {
    g.labels.get(label).copied().unwrap_or(0) as f64 / g.human_messages.max(1) as f64
}

pub(super) fn chit_chat(g: &Health) -> Finding {
    let s = share(g, "off_topic");
    finding(
        "chit_chat",
        format!("{:.0}% of its messages are off-topic: a chat group, not a work group", s * 100.0),
        format!("{:.0}%的消息与工作无关，是闲聊群而非工作群", s * 100.0),
        json!({"off_topic_share": round(s), "labels": g.labels}),
    )
}

pub(super) fn noisy(g: &Health) -> Finding {
    finding(
        "noisy",
        format!(
            "{:.0}% of its messages are noise (acks, check-ins, flattery, greetings, off-topic)",
            g.noise_share * 100.0
        ),
        format!("{:.0}%的消息是“收到”、打卡、奉承、问候或闲聊", g.noise_share * 100.0),
        json!({"noise_share": round(g.noise_share), "labels": g.labels}),
    )
}

pub(super) fn after_hours(g: &Health) -> Finding {
    finding(
        "after_hours",
        format!(
            "{:.0}% of its messages are sent after hours ({} urgent)",
            g.after_hours_share * 100.0,
            g.urgent_after_hours
        ),
        format!("{:.0}%的消息在下班时间发送（其中紧急{}条）", g.after_hours_share * 100.0, g.urgent_after_hours),
        json!({"after_hours_share": round(g.after_hours_share), "urgent": g.urgent_after_hours}),
    )
}
