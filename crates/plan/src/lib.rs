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
