//! Report errors: each names what was asked for or the file that could not be written, as a sentence.

use std::path::PathBuf;

/// Why a report or a table could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// `--unit` named no unit of the data.
    #[error("no unit called `{unit}` in the audit; known units: {known}")]
    UnknownUnit {
        /// What was asked for.
        unit: String,
        /// The unit ids and names there are, comma-separated.
        known: String,
    },
    /// `--lang` named a language the report does not speak.
    #[error("no report language called `{0}`; use zh or en")]
    UnknownLang(String),
    /// `--format` named a table format that does not exist.
    #[error("no table format called `{0}`; use json or csv")]
    UnknownFormat(String),
    /// A file or folder could not be written.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A CSV row could not be written.
    #[error("{path}, row {row}: cannot write CSV: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based data row (0 = header).
        row: usize,
        /// The CSV writer's reason.
        source: csv::Error,
    },
    /// A JSON table could not be written.
    #[error("{path}: cannot write JSON: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// serde_json's reason.
        source: serde_json::Error,
    },
}
