//! jingjian-sim: synthetic organisations and their work-group traffic, with ground truth.
//!
//! [`simulate`] builds an organisation from a [`Preset`] (a district of towns and villages writing Chinese, or
//! an English-speaking company on Slack), generates months of messages day by day and group by group with the
//! behaviours of the noise taxonomy (notices and 收到 chains, 接龙, photo proof, praise chains, greetings,
//! ads, cross-posted notices, after-hours emergencies, genuine discussion), and streams them to disk in a chat
//! export format ([`Format`]) with the truth beside them (`truth/labels.tsv`, `truth/cross_posts.tsv`,
//! `truth/verdicts.tsv`). The same seed always gives byte-identical output. See `docs/simulator.md`.

pub mod calendar;
pub mod error;
pub mod event;
pub mod grammar;
pub mod lexicon;
pub mod org;
pub mod plan;
pub mod preset;
pub mod rng;
pub mod sim;
pub mod traffic;
pub mod verdict;
pub mod write;

pub use error::SimError;
pub use preset::{Format, Lang, Preset, SimConfig};
pub use sim::{GroupRow, Summary, simulate};
pub use verdict::Verdict;
