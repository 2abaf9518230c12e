//! jingjian-report: the offline HTML report of an audit, and the same tables as JSON or CSV files.
//!
//! The CLI fills a [`ReportData`] (plain values: strings, numbers, vectors) from the audit, plan and burden results
//! and calls [`render_html`] for `jingjian report -o report.html [--lang zh|en] [--unit U] [--pseudonymize]`, or
//! [`scope`] then [`write_tables`] for `jingjian report --format json|csv --out DIR`. This crate knows nothing of
//! the workspace or DataFusion: data moves one way, into it.
//!
//! The page is one file that loads nothing from the network: inline CSS, a small inline script for sorting and
//! filtering tables, charts as inline SVG drawn here, system fonts. Every label exists in Simplified Chinese and
//! English ([`i18n`]); numbers and dates follow the language.

pub mod data;
pub mod error;
mod escape;
mod export;
pub mod format;
mod html;
pub mod i18n;
pub mod options;
mod pseudo;
pub mod sample;
mod scope;
mod svg;
mod tables;

pub use data::*;
pub use error::ReportError;
pub use export::{Table, tables, write_tables};
pub use html::SECTIONS;
pub use options::{Lang, Options, TableFormat};
pub use pseudo::Pseudonyms;
pub use scope::{derive_headline, percentile, resolve_unit, scope};

#[cfg(test)]
mod tests;

/// The report for `data` as one self-contained HTML page, scoped and pseudonymised as `opts` asks.
///
/// Fails only when `opts.unit` names no unit of the data.
pub fn render_html(data: &ReportData, opts: &Options) -> Result<String, ReportError> {
    let scoped = scope(data, opts)?;
    Ok(html::page(&scoped, opts))
}
