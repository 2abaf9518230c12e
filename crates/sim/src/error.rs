//! Simulator errors: each names the file it was writing or the setting that was wrong.

use std::path::PathBuf;

/// Why a simulation could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// An output file or folder could not be created or written.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file or folder being written.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A setting was out of range or did not fit the chosen preset.
    #[error("invalid simulation setting: {0}")]
    Config(String),
    /// A record could not be serialised (a bug: every record the simulator makes is serialisable).
    #[error("{path}: cannot serialise record {record}: {source}")]
    Json {
        /// The file being written.
        path: PathBuf,
        /// The 1-based number of the record in that file.
        record: u64,
        /// What serde_json said.
        source: serde_json::Error,
    },
}

impl SimError {
    /// Wraps an I/O error with the path it happened at.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> SimError {
        SimError::Io { path: path.into(), source }
    }
}
