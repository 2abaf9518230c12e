//! Store errors.

use std::path::PathBuf;

/// Why a workspace operation failed. The workspace is left at its previous version whatever the error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} is not a jingjian workspace (no _jingjian/versions.json); import something into it first")]
    NotAWorkspace(PathBuf),
    #[error("{path}: the workspace's version list is unreadable: {message}")]
    BadManifest { path: PathBuf, message: String },
    #[error("{0}: another jingjian process is writing to this workspace")]
    Locked(PathBuf),
    #[error("workspace version {0} does not exist")]
    NoSuchVersion(u64),
    #[error("table `{table}`: {source}")]
    Delta { table: String, source: deltalake::DeltaTableError },
    #[error("table `{table}`: {source}")]
    Arrow { table: String, source: deltalake::arrow::error::ArrowError },
    #[error("query failed: {0}")]
    Query(#[from] deltalake::datafusion::error::DataFusionError),
    #[error(transparent)]
    Import(#[from] jingjian_import::ImportError),
    #[error("a table writer stopped unexpectedly (a bug): {0}")]
    Task(String),
    #[error("the importer stopped unexpectedly (a bug): {0}")]
    ImporterPanicked(String),
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> StoreError {
        StoreError::Io { path: path.into(), source }
    }
    pub(crate) fn delta(table: &str, source: deltalake::DeltaTableError) -> StoreError {
        StoreError::Delta { table: table.to_owned(), source }
    }
}
