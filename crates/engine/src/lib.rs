//! The analyses: DataFusion plans over the workspace, with the `text` crate's classifier and fingerprints
//! behind UDFs, producing labels, group health, overlap, cross-posts, quotas and verdicts.

pub mod audit;
pub mod calendar;
pub mod config;
pub mod crosspost;
pub mod facts;
pub mod group_table;
pub mod health;
mod inorder;
mod labeller;
pub mod labels;
pub mod overlap;
pub mod posted;
mod rows;
pub mod tables;
pub mod tally;
pub mod udf;
pub mod verdict;

pub use audit::{AuditReport, GroupAudit};
pub use config::Config;

/// Why an analysis failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(Box<jingjian_store::StoreError>),
    #[error("query failed: {0}")]
    Query(#[from] datafusion::error::DataFusionError),
    #[error("arrow: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),
    #[error("configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Lexicon(#[from] jingjian_text::LexiconError),
    #[error("the workspace has no messages: import an export first")]
    Empty,
}

impl From<jingjian_store::StoreError> for EngineError {
    fn from(e: jingjian_store::StoreError) -> Self {
        EngineError::Store(Box::new(e))
    }
}

/// The classifier's lexicon: the built-in one with `[lexicon]` of the configuration merged in.
pub fn lexicon(config: &Config) -> Result<jingjian_text::Lexicon, EngineError> {
    let mut lex = jingjian_text::Lexicon::default();
    if !config.lexicon.is_empty() {
        let mut doc = toml::Table::new();
        doc.insert("lexicon".into(), toml::Value::Table(config.lexicon.clone()));
        let text = toml::to_string(&doc).map_err(|e| EngineError::Config(e.to_string()))?;
        lex.merge(&jingjian_text::LexiconOverrides::from_toml(&text, "jingjian.toml")?);
    }
    Ok(lex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jingjian_text::{Classifier, Conversation, Input};

    #[test]
    fn lexicon_additions_in_jingjian_toml_reach_the_classifier() {
        let dir = tempfile::tempdir().unwrap();
        let label = |config: &Config| {
            let c = Classifier::new(&lexicon(config).unwrap());
            c.classify(&Input::text("阅知悉办", "m", 0, 28_800), &mut Conversation::new()).label
        };
        let before = label(&Config::load(dir.path(), None).unwrap().config);
        std::fs::write(dir.path().join("jingjian.toml"), "[lexicon.ack]\nadd = [\"阅知悉办\"]\n").unwrap();
        let loaded = Config::load(dir.path(), None).unwrap();
        assert_eq!(label(&loaded.config), jingjian_model::Label::Ack);
        assert_ne!(before, jingjian_model::Label::Ack, "the built-in lexicon does not know the phrase");
    }
}
