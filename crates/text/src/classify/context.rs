//! The streaming context of one conversation: what recently happened in a group that changes how the next message
//! reads (a notice to acknowledge, a leader's post to praise, a demand for photos).

use jingjian_model::{Label, Millis};

/// A message that later messages answer: when it was posted and by whom (a hash of the sender id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub time: Millis,
    pub sender: u64,
    /// Content units of the message (a long leader post reads as a speech).
    pub weight: u16,
}

impl Anchor {
    /// Whether the anchor is at most `window` ms before `now` (and not after it).
    pub fn within(&self, now: Millis, window: Millis) -> bool {
        now >= self.time && now - self.time <= window
    }
}

/// The previous message, for repeat chains (复读机).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Previous {
    pub time: Millis,
    pub sender: u64,
    pub label: Label,
    pub text_hash: u64,
    /// Whether it asked a question (a reply to it is an answer, not a directive).
    pub question: bool,
}

/// What the classifier remembers about one group (or channel, or thread) while reading its messages in time order.
///
/// Keep one `Conversation` per group and feed it that group's messages oldest first. It holds a few anchors and a
/// reusable text buffer, so classifying does not allocate per message beyond the evidence string.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    /// The last important message (notice, directive, @all).
    pub(crate) notice: Option<Anchor>,
    /// The last non-notice post by a leader (a speech, a report, photos).
    pub(crate) leader_post: Option<Anchor>,
    /// The last important message that asked for photos or check-ins.
    pub(crate) demand: Option<Anchor>,
    /// The last proof-of-work message, with its sender (a caption is followed by its photos).
    pub(crate) proof: Option<Anchor>,
    /// The message before this one.
    pub(crate) previous: Option<Previous>,
    /// How many acks in a row the conversation has seen, and when the last one was.
    pub(crate) ack_run: u16,
    /// Reused normalisation buffer.
    pub(crate) buf: String,
}

impl Conversation {
    /// A conversation with no history.
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// The normalised text of the message classified last (what its rules read).
    pub fn normalized(&self) -> &str {
        &self.buf
    }

    /// Forgets everything (for example at a gap of days, or before reading another group with the same buffer).
    pub fn reset(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        *self = Conversation { buf, ..Conversation::default() };
    }
}
