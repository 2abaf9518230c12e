//! Errors of the planner: input that cannot describe an organisation (a group twice, a negative span) or a
//! configuration that makes no sense. Each names the record (position in the input list and `source:id`).

/// Why a plan, burden report or trend could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The same group appears twice in one list.
    #[error("{list}, record {second}: group `{key}` was already given at record {first}")]
    DuplicateGroup {
        /// Which input list (e.g. "groups", "snapshot `v3` groups").
        list: String,
        /// `source:id`.
        key: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the repeat.
        second: usize,
    },
    /// A group's figures are impossible (span not positive, more important messages than messages).
    #[error("{list}, record {record}: group `{key}`: {message}")]
    BadFigures {
        /// Which input list.
        list: String,
        /// 1-based position in the list.
        record: usize,
        /// `source:id`.
        key: String,
        /// What is wrong, as a sentence.
        message: String,
    },
    /// A plan given to the burden simulation names a group that is not among the groups.
    #[error("plan, action {record}: group `{key}` is not among the groups the burden is computed for")]
    UnknownGroup {
        /// 1-based position of the action.
        record: usize,
        /// `source:id`.
        key: String,
    },
    /// A configuration value is out of range.
    #[error("configuration `{field}` {message}")]
    Config {
        /// The field's name.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}
