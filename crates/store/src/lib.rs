//! The workspace: one Delta Lake table per entity and per derived result, versioned as a whole.
//!
//! Delta commits are atomic per table; an import touches several tables. The workspace therefore keeps its own
//! version list (`_jingjian/versions.json`, replaced atomically by rename): each workspace version names the Delta
//! version of every table. Readers only ever read tables at the versions the newest workspace version names, so a
//! crash between two table commits is invisible; the next writer rolls such tables back (Delta `RESTORE`) before
//! it writes. One import or one audit is one workspace version.
//!
//! Importing the same input twice adds nothing: every row carries a deterministic `key`
//! ([`jingjian_model::Record::key`]); messages are appended only when their key is new, and the small entity tables
//! (units, members, groups, memberships) are merged field by field and rewritten only when something changed.

mod convert;
mod error;
mod ingest;
mod manifest;
mod stream;
mod workspace;

pub use convert::{batch_to_records, conform, records_to_batch};
pub use error::StoreError;
pub use ingest::{ImportOutcome, Progress};
pub use manifest::{TableVersions, VersionInfo};
pub use stream::BatchSender;
pub use workspace::{DerivedTable, Staged, Workspace};

pub use deltalake::arrow;
pub use deltalake::datafusion;
pub use deltalake::parquet as deltalake_parquet;
