//! The simulator's own message record, before a writer turns it into a format: who said what, when, with the
//! truth label and cross-post cluster attached. Buffers are reused from one group-day to the next.

use jingjian_model::{Label, MessageKind, Millis};

/// One generated message or system event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Order of creation within the group-day (ties in time keep this order).
    pub seq: u32,
    /// UTC milliseconds.
    pub time: Millis,
    /// Sender (member index); `None` for bots.
    pub sender: Option<u32>,
    /// What kind of message.
    pub kind: MessageKind,
    /// The text (empty for images and stickers).
    pub text: String,
    /// The truth label.
    pub label: Label,
    /// @all / `<!channel>`.
    pub mentions_all: bool,
    /// A member @mentioned.
    pub mention: Option<u32>,
    /// The event (seq) this one replies to.
    pub reply_to: Option<u32>,
    /// For a recall: the event (seq) withdrawn.
    pub recall_of: Option<u32>,
    /// Cross-post cluster, if this message is one copy of a notice posted in several groups.
    pub cluster: Option<u32>,
    /// Forwarded from elsewhere.
    pub forwarded: bool,
    /// A join event: the sender joined (or was invited to) the group.
    pub join: bool,
    /// For a bot message: the bot's name.
    pub bot: Option<&'static str>,
}

impl Default for Event {
    fn default() -> Self {
        Event {
            seq: 0,
            time: 0,
            sender: None,
            kind: MessageKind::Text,
            text: String::new(),
            label: Label::System,
            mentions_all: false,
            mention: None,
            reply_to: None,
            recall_of: None,
            cluster: None,
            forwarded: false,
            join: false,
            bot: None,
        }
    }
}

/// The events of one group-day, with their text buffers kept between days.
#[derive(Debug, Default)]
pub struct EventBuf {
    events: Vec<Event>,
    len: usize,
    order: Vec<u32>,
}

impl EventBuf {
    /// Forgets the events (keeps the buffers).
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// A fresh event at `time`, appended; its seq is its position.
    pub fn push(&mut self, time: Millis, sender: Option<u32>, kind: MessageKind, label: Label) -> &mut Event {
        if self.len == self.events.len() {
            self.events.push(Event::default());
        }
        let seq = self.len as u32;
        let e = &mut self.events[self.len];
        self.len += 1;
        e.text.clear();
        e.seq = seq;
        e.time = time;
        e.sender = sender;
        e.kind = kind;
        e.label = label;
        e.mentions_all = false;
        e.mention = None;
        e.reply_to = None;
        e.recall_of = None;
        e.cluster = None;
        e.forwarded = false;
        e.join = false;
        e.bot = None;
        e
    }

    /// The events so far, in creation order.
    pub fn events(&self) -> &[Event] {
        &self.events[..self.len]
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No events.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The event with sequence number `seq`.
    pub fn get(&self, seq: u32) -> &Event {
        &self.events[seq as usize]
    }

    /// Sorts into time order (ties by seq), nudging equal times 1 ms apart so that times in a group are
    /// distinct and increasing, and returns the order as seqs.
    pub fn sort(&mut self) -> &[u32] {
        self.order.clear();
        self.order.extend(0..self.len as u32);
        let ev = &self.events;
        self.order.sort_by_key(|&s| (ev[s as usize].time, s));
        let mut last = i64::MIN;
        for &s in &self.order {
            let e = &mut self.events[s as usize];
            if e.time <= last {
                e.time = last + 1;
            }
            last = e.time;
        }
        &self.order
    }

    /// The order computed by the last [`EventBuf::sort`].
    pub fn order(&self) -> &[u32] {
        &self.order
    }
}
