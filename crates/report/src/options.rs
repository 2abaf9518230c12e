//! How to render: language, unit scope, pseudonyms, and the table format for `write_tables`.

use crate::error::ReportError;
use std::str::FromStr;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Simplified Chinese (the default: jingjian's first users read Chinese).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Lang, ReportError> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "cn" => Ok(Lang::Zh),
            "en" | "en-gb" | "en-us" => Ok(Lang::En),
            _ => Err(ReportError::UnknownLang(s.to_string())),
        }
    }
}

/// Rendering options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Language of every label, number and date.
    pub lang: Lang,
    /// Show only this unit (matched by id, else by name): its groups, members and figures.
    pub unit: Option<String>,
    /// Replace member names and ids with stable pseudonyms everywhere.
    pub pseudonymize: bool,
}

/// The format of the tables `write_tables` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// One JSON array of objects per table.
    Json,
    /// One CSV file with a header row per table (lists joined with `; `).
    Csv,
}

impl TableFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Json => "json",
            TableFormat::Csv => "csv",
        }
    }
}

impl FromStr for TableFormat {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<TableFormat, ReportError> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(TableFormat::Json),
            "csv" => Ok(TableFormat::Csv),
            _ => Err(ReportError::UnknownFormat(s.to_string())),
        }
    }
}
