//! Errors as the person at the terminal sees them, and the exit code each one gives.
//!
//! Exit codes: 0 success; 1 an unexpected failure (a bug, a disk error); 2 a usage error (clap's); 3 bad input
//! (a file that cannot be read as the format it claims, an unknown format); 4 a workspace problem (not a
//! workspace, locked by another process, no such version).

use jingjian_import::ImportError;
use jingjian_store::StoreError;

/// A failure of a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(Box<StoreError>),
    #[error("{0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Other(String),
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Import(e) => CliError::Input(e),
            e => CliError::Store(Box::new(e)),
        }
    }
}

impl From<jingjian_store::datafusion::error::DataFusionError> for CliError {
    fn from(e: jingjian_store::datafusion::error::DataFusionError) -> Self {
        CliError::Store(Box::new(StoreError::Query(e)))
    }
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 3,
            CliError::Usage(_) => 2,
            CliError::Store(e)
                if matches!(
                    **e,
                    StoreError::NotAWorkspace(_)
                        | StoreError::Locked(_)
                        | StoreError::NoSuchVersion(_)
                        | StoreError::BadManifest { .. }
                ) =>
            {
                4
            }
            _ => 1,
        }
    }

    pub fn io(path: impl std::fmt::Display, source: std::io::Error) -> CliError {
        CliError::Io { path: path.to_string(), source }
    }
}

pub type Result<T> = std::result::Result<T, CliError>;
