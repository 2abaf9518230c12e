//! The TOML shape of lexicon files and user overrides (`[lexicon.CATEGORY]` tables), and its errors.

use super::Category;
use serde::Deserialize;
use std::collections::BTreeMap;
use thiserror::Error;
use toml::Spanned;

/// Changes to one category's list. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryOverride {
    /// Terms to append (duplicates are ignored).
    #[serde(default)]
    pub add: Vec<String>,
    /// Terms to take out.
    #[serde(default)]
    pub remove: Vec<String>,
    /// When given, the whole list is replaced by these terms before `remove` and `add` apply.
    #[serde(default)]
    pub replace: Option<Vec<String>>,
}

/// A set of lexicon changes, as read from a `[lexicon]` table: one [`CategoryOverride`] per category name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconOverrides {
    entries: Vec<(Category, CategoryOverride)>,
}

/// Why lexicon overrides could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum LexiconError {
    /// The file is not valid TOML or a table has the wrong shape.
    #[error("{origin}, line {line}, column {column}: {message}")]
    Toml {
        /// The file the text came from.
        origin: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// What the TOML reader expected.
        message: String,
    },
    /// A `[lexicon.NAME]` table names no known category.
    #[error("{origin}, line {line}: `{name}` is not a lexicon category; expected one of {expected}")]
    UnknownCategory {
        /// The file the text came from.
        origin: String,
        /// 1-based line of the table's name.
        line: usize,
        /// The unknown name.
        name: String,
        /// The known names, comma-separated.
        expected: String,
    },
}

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    lexicon: BTreeMap<Spanned<String>, CategoryOverride>,
}

impl LexiconOverrides {
    /// Reads the `[lexicon]` table of a TOML document (for example `jingjian.toml`); other tables are ignored and a
    /// document without `[lexicon]` gives no overrides. `origin` names the file in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<LexiconOverrides, LexiconError> {
        let doc: Document = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            LexiconError::Toml { origin: origin.to_string(), line, column, message: e.message().trim().to_string() }
        })?;
        let mut entries = Vec::with_capacity(doc.lexicon.len());
        for (name, o) in doc.lexicon {
            let Some(cat) = Category::parse(name.get_ref()) else {
                return Err(LexiconError::UnknownCategory {
                    origin: origin.to_string(),
                    line: line_col(text, name.span().start).0,
                    name: name.into_inner(),
                    expected: Category::ALL.map(Category::as_str).join(", "),
                });
            };
            entries.push((cat, o));
        }
        Ok(LexiconOverrides { entries })
    }

    /// Overrides from entries built in code.
    pub fn from_entries(entries: impl IntoIterator<Item = (Category, CategoryOverride)>) -> LexiconOverrides {
        LexiconOverrides { entries: entries.into_iter().collect() }
    }

    /// The categories changed, each with its changes.
    pub fn categories(&self) -> impl Iterator<Item = (Category, &CategoryOverride)> {
        self.entries.iter().map(|(c, o)| (*c, o))
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lexicon_table_and_ignores_the_rest() {
        let o = LexiconOverrides::from_toml(
            "[audit]\nzombie_days = 30\n\n[lexicon.greeting]\nadd = [\"早上好呀\"]\n",
            "jingjian.toml",
        )
        .unwrap();
        let v: Vec<_> = o.categories().collect();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].0, Category::Greeting);
        assert_eq!(v[0].1.add, ["早上好呀"]);
        assert!(LexiconOverrides::from_toml("", "empty.toml").unwrap().categories().next().is_none());
    }

    #[test]
    fn unknown_category_names_file_and_line() {
        let e = LexiconOverrides::from_toml("# c\n\n[lexicon.acks]\nadd = [\"x\"]\n", "jingjian.toml").unwrap_err();
        match &e {
            LexiconError::UnknownCategory { line, name, .. } => {
                assert_eq!((*line, name.as_str()), (3, "acks"))
            }
            other => panic!("unexpected {other:?}"),
        }
        let msg = e.to_string();
        assert!(msg.starts_with("jingjian.toml, line 3: `acks` is not a lexicon category"), "{msg}");
        assert!(msg.contains("ack, proof"), "{msg}");
    }

    #[test]
    fn bad_shapes_name_file_line_and_column() {
        let e = LexiconOverrides::from_toml("[lexicon.ack]\nadd = \"收到\"\n", "x.toml").unwrap_err();
        let LexiconError::Toml { origin, line, .. } = &e else { panic!("{e:?}") };
        assert_eq!((origin.as_str(), *line), ("x.toml", 2));
        let e = LexiconOverrides::from_toml("[lexicon.ack]\nappend = []\n", "x.toml").unwrap_err();
        assert!(e.to_string().contains("append"), "{e}");
        let e = LexiconOverrides::from_toml("[lexicon.ack\n", "x.toml").unwrap_err();
        assert!(e.to_string().starts_with("x.toml, line 1"), "{e}");
    }
}
