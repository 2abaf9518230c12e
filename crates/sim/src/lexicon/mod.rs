//! Word lists and sentence templates, one module per language. Traffic generation asks a [`Lexicon`] for a
//! sentence of a given kind; the lexicon's templates and slot fillers give it its wording.

pub mod en;
pub mod trad;
pub mod zh;

use crate::grammar::SlotFn;

/// What a notice asks of its readers; decides which replies follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Submit materials or data by a deadline (acks, a few questions).
    Submit = 0,
    /// Attend a meeting (acks).
    Meeting = 1,
    /// Do something and post photos as proof (acks, then a burst of photos with captions).
    Photo = 2,
    /// Sign a 接龙 list (a chain of ever-longer copies of the list).
    Chain = 3,
    /// Duty rosters and holiday watch (acks).
    Duty = 4,
    /// Study a document and report (acks, proof).
    Study = 5,
    /// A hazard to check now (acks, proof).
    Hazard = 6,
    /// An emergency, often after hours (acks, proof, discussion).
    Emergency = 7,
}

impl NoticeKind {
    /// Every kind, index = discriminant.
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::Submit,
        NoticeKind::Meeting,
        NoticeKind::Photo,
        NoticeKind::Chain,
        NoticeKind::Duty,
        NoticeKind::Study,
        NoticeKind::Hazard,
        NoticeKind::Emergency,
    ];
}

/// A language's vocabulary: the templates for each kind of message and the function that fills their slots.
pub struct Lexicon {
    /// Fills `{slot}` placeholders.
    pub slots: SlotFn,
    /// Notice templates by [`NoticeKind`].
    pub notices: [&'static [&'static str]; 8],
    /// The text put before a notice that mentions everyone (`@所有人 `, `<!channel> `).
    pub at_all: &'static str,
    /// Relay prefixes and suffixes for forwarded copies: (prefix, suffix) templates.
    pub relays: &'static [(&'static str, &'static str)],
    /// Acknowledgements.
    pub acks: &'static [&'static str],
    /// First line of a sign-up chain (接龙), given the task.
    pub chain_header: &'static [&'static str],
    /// One line of a sign-up chain: `{i}` is the line number.
    pub chain_line: &'static [&'static str],
    /// Captions posted with proof-of-work photos.
    pub proof: &'static [&'static str],
    /// A leader's post (a directive-bearing speech or field-visit note).
    pub leader_posts: &'static [&'static str],
    /// Praise replies to a leader's post.
    pub flattery: &'static [&'static str],
    /// Morning greetings.
    pub morning: &'static [&'static str],
    /// Weekend and new-week wishes.
    pub weekend: &'static [&'static str],
    /// Festival wishes (`{festival}` is the festival's phrase).
    pub festival: &'static [&'static str],
    /// Festival phrases by festival index (see `calendar`).
    pub festivals: &'static [&'static str],
    /// Ads, votes, shopping links, chit-chat openers.
    pub off_topic: &'static [&'static str],
    /// Chit-chat replies.
    pub chat_replies: &'static [&'static str],
    /// Work questions.
    pub questions: &'static [&'static str],
    /// Answers to work questions.
    pub answers: &'static [&'static str],
    /// Work statements that move a discussion on (coordination, status, proposals).
    pub statements: &'static [&'static str],
    /// A member asking whether a finished task group is still needed.
    pub stray: &'static [&'static str],
    /// Task names (what notices, task groups and proofs are about).
    pub tasks: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::{Ctx, expand};
    use crate::rng::{Purpose, stream};

    fn all(l: &Lexicon) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = l.notices.iter().flat_map(|n| n.iter().copied()).collect();
        for list in [
            l.acks,
            l.chain_header,
            l.chain_line,
            l.proof,
            l.leader_posts,
            l.flattery,
            l.morning,
            l.weekend,
            l.festival,
            l.off_topic,
            l.chat_replies,
            l.questions,
            l.answers,
            l.statements,
            l.stray,
        ] {
            v.extend(list.iter().copied());
        }
        v.extend(l.relays.iter().flat_map(|r| [r.0, r.1]));
        v
    }

    #[test]
    fn every_template_expands_fully_and_varies() {
        for lex in [&zh::LEXICON, &en::LEXICON] {
            let mut rng = stream(3, Purpose::Org, 0, 0);
            let mut distinct = std::collections::BTreeSet::new();
            for t in all(lex) {
                for i in 0..30 {
                    let mut ctx = Ctx {
                        rng: &mut rng,
                        month: 12,
                        day: 29,
                        task: i,
                        unit: "U",
                        name: "N",
                        place: "P",
                        leader: "L",
                        festival: i,
                    };
                    let mut s = String::new();
                    expand(t, &mut ctx, &mut s, lex.slots);
                    assert!(!s.contains('{') && !s.contains('}'), "unfilled slot in {t:?}: {s:?}");
                    distinct.insert(s);
                }
            }
            // Templates × slots give thousands of distinct sentences, not a handful of fixed strings.
            assert!(distinct.len() > 1000, "only {} distinct sentences", distinct.len());
        }
    }
}
