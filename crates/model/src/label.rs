//! Message labels: the work-group noise taxonomy (see `docs/canonical-format.md` and the classifier in `text`).

use serde::{Deserialize, Serialize};

/// What a message is worth to the people who receive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// A notice, directive, deadline, or @all with content: what members must not miss.
    Important,
    /// 收到, OK, +1, 👍, 接龙 lists that only add names: replies that acknowledge and add nothing.
    Ack,
    /// 工作留痕: staged photos and "已完成" captions posted as proof of work, check-ins.
    ProofOfWork,
    /// Praise chains after a leader's post.
    Flattery,
    /// 早上好, holiday wishes, greeting stickers.
    Greeting,
    /// Ads, chit-chat, links unrelated to the group's work.
    OffTopic,
    /// Genuine work discussion: questions, answers, coordination.
    Discussion,
    /// Joins, leaves, renames, recalls, bots' notices.
    System,
}

impl Label {
    /// Every label, in a stable order.
    pub const ALL: [Label; 8] = [
        Label::Important,
        Label::Ack,
        Label::ProofOfWork,
        Label::Flattery,
        Label::Greeting,
        Label::OffTopic,
        Label::Discussion,
        Label::System,
    ];

    /// The snake-case name used in JSON, tables and truth files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Important => "important",
            Label::Ack => "ack",
            Label::ProofOfWork => "proof_of_work",
            Label::Flattery => "flattery",
            Label::Greeting => "greeting",
            Label::OffTopic => "off_topic",
            Label::Discussion => "discussion",
            Label::System => "system",
        }
    }

    /// The label named `s`, if any.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Noise: what a member could skip without missing anything (everything but important and discussion).
    pub fn is_noise(self) -> bool {
        !matches!(self, Label::Important | Label::Discussion)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_noise_is_what_can_be_skipped() {
        for l in Label::ALL {
            assert_eq!(Label::parse(l.as_str()), Some(l));
        }
        assert!(Label::Ack.is_noise() && Label::System.is_noise());
        assert!(!Label::Important.is_noise() && !Label::Discussion.is_noise());
    }
}
