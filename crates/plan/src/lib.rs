//! jingjian-plan: the consolidation planner and what it does to people's days.
//!
//! The engine computes per-group figures and per-message labels from the workspace and hands them over as the
//! plain values of [`input`]. From them this crate makes:
//! - [`plan::make_plan`]: actions (keep, dissolve, merge into, review) that respect exemptions, per-unit quotas
//!   and a merged-volume limit, each with its reasons and a notice to post first (warn first);
//! - [`burden::compute`]: each member's burden before and after a plan, with headline medians and 90th
//!   percentiles;
//! - [`digest::build`]: one member's digest of important messages, cross-posts collapsed, as Markdown, JSON or a
//!   self-contained HTML page;
//! - [`trend::compare`]: two snapshots of a campaign side by side ("890 groups removed").
//!
//! It depends on no query engine: everything here is small, plain Rust over small tables. Rules and formulas are
//! written down in `docs/plan.md`.
//!
//! ```
//! use jingjian_plan::{GroupFacts, PlanConfig, burden, make_plan};
//!
//! let groups: Vec<GroupFacts> = serde_json::from_str(r#"[
//!   {"source": "wecom", "id": "main", "unit": "office", "is_internal": true, "members": ["u1", "u2"],
//!    "traffic": {"days": 30, "human_messages": 600, "important_messages": 60}},
//!   {"source": "wecom", "id": "copy", "unit": "office", "is_internal": true, "members": ["u1", "u3"],
//!    "verdict": "merge", "merge_into": "main", "traffic": {"days": 30, "human_messages": 300}},
//!   {"source": "wecom", "id": "old", "members": ["u1"], "zombie": true, "verdict": "dissolve",
//!    "traffic": {"days": 30}}
//! ]"#).unwrap();
//! let cfg = PlanConfig::default();
//! let plan = make_plan(&groups, &cfg).unwrap();
//! assert_eq!(plan.summary.groups_after, 1);
//! assert!(plan.actions[2].notice.as_ref().unwrap().text.starts_with("【群组精简通知】"));
//! let report = burden::compute(&groups, &[], Some(&plan), &cfg).unwrap();
//! assert_eq!(report.headline.groups_after, Some(1));
//! assert_eq!(report.members[0].before.messages_per_day, 30.0);
//! ```

pub mod burden;
pub mod config;
pub mod digest;
pub mod error;
mod index;
pub mod input;
pub mod notice;
pub mod plan;
pub mod reason;
pub mod split;
pub mod stats;
pub mod traffic;
pub mod trend;

#[cfg(test)]
mod testkit;

pub use burden::{Burden, BurdenReport, MemberBurden};
pub use config::PlanConfig;
pub use digest::Digest;
pub use error::PlanError;
pub use input::{CrossPost, DigestItem, GroupFacts, Lang, MemberFacts, PostedIn, Traffic, Verdict};
pub use plan::{Action, GroupAction, Plan, make_plan};
pub use trend::{Snapshot, Trend};
