//! The rule-based message classifier: one [`Label`] per message, with the rule that decided it and the evidence.
//!
//! Rules read the message's own words (through the [`Lexicon`] automaton), its structure (kind, @all, numbered
//! 接龙 lists, placeholders, question marks) and its place in the conversation (a notice just before it, a leader's
//! post, a demand for photos, a run of acks), kept in a [`Conversation`]. The order of the rules, first match wins,
//! is the precedence described in `docs/classification.md`:
//! system → repeat chain → prohibition → red packet / spam → important → proof of work → flattery → greeting → ack →
//! chit-chat → discussion.

mod context;
mod decide;
mod features;
mod memo;
pub mod rules;
#[cfg(test)]
mod tests;

pub use context::Conversation;
pub use features::Automaton;
pub use memo::Memo;
pub use rules::RuleId;

use crate::lexicon::Lexicon;
use features::{Features, Matcher};
use jingjian_model::{Label, MessageKind, Millis};

/// Time windows and thresholds of the rules. The defaults are documented in `docs/classification.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How long after a notice replies count as answering it (ms).
    pub notice_window: Millis,
    /// How long after a leader's post praise counts as answering it (ms).
    pub leader_window: Millis,
    /// How long after a demand for photos a photo counts as proof (ms).
    pub demand_window: Millis,
    /// How close a photo must be to the same sender's proof caption (ms).
    pub caption_window: Millis,
    /// How close a repeated text must follow the message it repeats (ms).
    pub chain_window: Millis,
    /// Local hours (inclusive start, exclusive end) in which a bare picture or sticker reads as a greeting.
    pub greeting_hours: (u32, u32),
    /// Content characters an ack, greeting or praise may carry beyond its words (a name, a unit).
    pub max_residue: u16,
}

impl Default for Settings {
    fn default() -> Settings {
        const MIN: Millis = 60_000;
        Settings {
            notice_window: 12 * 60 * MIN,
            leader_window: 2 * 60 * MIN,
            demand_window: 12 * 60 * MIN,
            caption_window: 10 * MIN,
            chain_window: 30 * MIN,
            greeting_hours: (5, 10),
            max_residue: 6,
        }
    }
}

/// One message, as the classifier needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input<'a> {
    /// The message text as the export gives it (normalised inside).
    pub text: &'a str,
    /// The message kind.
    pub kind: MessageKind,
    /// The sender's member id; `None` for records without an actor.
    pub sender: Option<&'a str>,
    /// Whether the sender is a leader (from `Member.role`, see [`Lexicon::is_leader_role`], or the group owner).
    pub sender_is_leader: bool,
    /// @all, @channel, @here, @所有人.
    pub mentions_all: bool,
    /// How many members the message @mentions by name.
    pub mentions: u16,
    /// The message time, UTC milliseconds.
    pub time: Millis,
    /// The zone offset of the group's local time, seconds east of UTC (for greeting hours and deadlines).
    pub offset_secs: i32,
}

impl<'a> Input<'a> {
    /// A text message from `sender` at `time` (UTC ms) in zone `offset_secs`, with no mentions.
    pub fn text(text: &'a str, sender: &'a str, time: Millis, offset_secs: i32) -> Input<'a> {
        Input {
            text,
            kind: MessageKind::Text,
            sender: Some(sender),
            sender_is_leader: false,
            mentions_all: false,
            mentions: 0,
            time,
            offset_secs,
        }
    }
}

/// The classifier's answer for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The label.
    pub label: Label,
    /// The rule that decided it (see [`rules::RULES`]).
    pub rule: RuleId,
    /// What the rule saw: the matched words (normalised) or the structural cue.
    pub evidence: std::borrow::Cow<'static, str>,
    /// The deadline the message sets, when it is important and names one.
    pub deadline: Option<Millis>,
}

/// The compiled classifier: build it once, then classify any number of messages.
#[derive(Debug, Clone)]
pub struct Classifier {
    matcher: Matcher,
    settings: Settings,
}

impl Classifier {
    /// Compiles `lexicon` with the default [`Settings`].
    pub fn new(lexicon: &Lexicon) -> Classifier {
        Classifier::with_settings(lexicon, Settings::default())
    }

    /// Compiles `lexicon` with the given settings.
    pub fn with_settings(lexicon: &Lexicon, settings: Settings) -> Classifier {
        Classifier::compiled(lexicon, settings, Automaton::Fast)
    }

    /// Compiles `lexicon` with the given settings into the given kind of automaton: the same labels, sooner for
    /// a few texts ([`Automaton::Quick`]) or for many ([`Automaton::Fast`]).
    pub fn compiled(lexicon: &Lexicon, settings: Settings, automaton: Automaton) -> Classifier {
        Classifier { matcher: Matcher::compiled(lexicon, automaton), settings }
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Classifies one message in its conversation and records it there. Feed a conversation's messages oldest
    /// first.
    pub fn classify(&self, input: &Input<'_>, conv: &mut Conversation) -> Classification {
        let mut buf = std::mem::take(&mut conv.buf);
        crate::normalize::normalize_into(input.text, &mut buf);
        let mut f = Features::default();
        self.matcher.scan(&buf, &mut f);
        let deadline_of = |norm: &str| crate::deadline::deadline_in_normalized(norm, input.time, input.offset_secs);
        self.decide(input, conv, buf, &f, &deadline_of)
    }

    /// [`Classifier::classify`], reading texts that came before from `memo` instead of normalising and scanning
    /// them again (the same labels, sooner when texts repeat).
    pub fn classify_with(&self, input: &Input<'_>, conv: &mut Conversation, memo: &mut Memo) -> Classification {
        let mut buf = std::mem::take(&mut conv.buf);
        let mut f = Features::default();
        memo.read(&self.matcher, input.text, &mut buf, &mut f);
        let memo = std::cell::RefCell::new(memo);
        let deadline_of = |norm: &str| memo.borrow_mut().deadline(norm, input.time, input.offset_secs);
        self.decide(input, conv, buf, &f, &deadline_of)
    }

    /// Decides the label of a message read into `buf` and `f` (`deadline_of` gives the deadline its text sets),
    /// and records it in the conversation.
    fn decide(
        &self,
        input: &Input<'_>,
        conv: &mut Conversation,
        buf: String,
        f: &Features,
        deadline_of: &dyn Fn(&str) -> Option<jingjian_model::Millis>,
    ) -> Classification {
        let c = decide::decide(&self.settings, input, &buf, f, conv, deadline_of);
        decide::remember(input, &buf, f, &c, conv);
        conv.buf = buf;
        c
    }
}
