//! Import errors: every one says which file and where in it (line, record or byte offset), and what was expected.

use std::fmt;
use std::path::PathBuf;

/// A place in an input: the file (inside a zip or folder: `archive.zip!/channels.json`) and, when known, the
/// 1-based line, the 1-based record number and the byte offset.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: String,
    pub line: Option<u64>,
    pub record: Option<u64>,
    pub offset: Option<u64>,
}

impl Location {
    /// The whole file, no position.
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: file.into(), ..Location::default() }
    }

    /// A line of `file`.
    pub fn line(file: impl Into<String>, line: u64) -> Location {
        Location { file: file.into(), line: Some(line), ..Location::default() }
    }

    /// A record (array element, JSON object) of `file`.
    pub fn record(file: impl Into<String>, record: u64) -> Location {
        Location { file: file.into(), record: Some(record), ..Location::default() }
    }

    /// Adds a byte offset.
    pub fn at_offset(mut self, offset: u64) -> Location {
        self.offset = Some(offset);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(r) = self.record {
            write!(f, ", record {r}")?;
        }
        if let Some(o) = self.offset {
            write!(f, ", byte {o}")?;
        }
        Ok(())
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The content is not what the format promises.
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
    /// No format recognised the input.
    #[error("{path}: not a chat export jingjian knows ({hint}); name one with --format")]
    UnknownFormat { path: PathBuf, hint: String },
    /// `--format` named a format that does not exist.
    #[error("no format called `{0}`; known formats: {1}")]
    NoSuchFormat(String, String),
    /// The sink refused a record (a store error, a full disk); the import stops.
    #[error("{0}")]
    Sink(String),
}

impl ImportError {
    /// An `Invalid` error at `at`.
    pub fn invalid(at: Location, message: impl Into<String>) -> ImportError {
        ImportError::Invalid { at, message: message.into() }
    }

    /// An `Io` error for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> ImportError {
        ImportError::Io { path: path.into(), source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_as_places() {
        let at = Location::line("chat.txt", 12).at_offset(480);
        assert_eq!(at.to_string(), "chat.txt, line 12, byte 480");
        let e = ImportError::invalid(Location::record("result.json", 3), "expected a message object");
        assert_eq!(e.to_string(), "result.json, record 3: expected a message object");
    }
}
