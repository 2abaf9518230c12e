//! jingjian-text: everything jingjian knows about message text, with no heavy dependencies.
//!
//! - [`normalize`]: one canonical form (Simplified, NFKC, lower case, no relay prefixes, placeholders as tokens);
//! - [`lexicon`]: the word lists, shipped as TOML data and open to users' overrides;
//! - [`classify`]: the rule-based classifier giving each message one [`Label`] with a rule id and evidence,
//!   reading each message in its conversation;
//! - [`deadline`]: deadlines such as 请于6月5日前 or by EOD Friday as absolute times;
//! - [`fingerprint`]: exact hashes, MinHash/LSH over character 2-grams, Jaccard and containment, templates;
//! - [`eval`]: precision, recall, F1 and the confusion matrix against hand-labelled truth;
//! - [`reading`]: Han characters and Latin words, what reading time is counted from.
//!
//! See `docs/classification.md` for the labels, rules and lexicon format.

#![warn(missing_docs)]

pub mod classify;
pub mod deadline;
pub mod eval;
pub mod fingerprint;
pub mod lexicon;
pub mod normalize;
pub mod reading;

pub use classify::{Automaton, Classification, Classifier, Conversation, Input, Memo, RuleId, Settings};
pub use deadline::extract_deadline;
pub use jingjian_model::Label;
pub use lexicon::{Category, Lexicon, LexiconError, LexiconOverrides};
