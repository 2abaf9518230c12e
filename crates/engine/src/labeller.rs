//! One core's share of the label pass: it reads messages group by group, oldest first, classifies each in its
//! group's conversation, picks the cross-post candidates and counts each group's tally. The pass hands it batches
//! either from DataFusion's sort or straight from the files when they are already in that order
//! ([`crate::inorder`]); either way it checks the order it relies on and says when it does not hold.

use crate::calendar::{MomentCache, WorkCalendar};
use crate::labels::{CandidateRule, Labelled, candidate_schema, schema};
use crate::rows::{Rows, Strings};
use crate::tally::{Counted, Recent, Tally};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::prelude::SessionContext;
use jingjian_model::{Label, MessageKind};
use jingjian_store::BatchSender;
use jingjian_text::{Classifier, Conversation, Input, Lexicon, Memo};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;
use std::sync::Arc;

/// The columns a [`Labeller`] reads, by name: key, source, group_id, id, sender, t (UTC ms), kind, text,
/// mentions_all and n_mentions.
pub(crate) const COLUMNS: [&str; 10] =
    ["key", "source", "group_id", "id", "sender", "t", "kind", "text", "mentions_all", "n_mentions"];

/// Who counts as a leader: members whose role the lexicon names a leader's, and each group's owner.
#[derive(Debug, Default)]
pub(crate) struct Leaders {
    /// Leader member ids by source (asked once per message: Fx rather than SipHash).
    by_role: FxHashMap<String, FxHashSet<String>>,
    /// Owners by (source, group id).
    owners: FxHashMap<(String, String), String>,
}

impl Leaders {
    pub(crate) async fn load(ctx: &SessionContext, lexicon: &Lexicon) -> datafusion::error::Result<Leaders> {
        let mut leaders = Leaders::default();
        let query = |sql| async move { ctx.sql(sql).await?.collect().await };
        let (roles, owners) = tokio::try_join!(
            query("SELECT source, id, role FROM members WHERE role IS NOT NULL"),
            query("SELECT source, id, owner FROM groups WHERE owner IS NOT NULL")
        )?;
        for r in Rows::new(roles)?.iter() {
            if r.str("role").is_some_and(|role| lexicon.is_leader_role(&role)) {
                let (source, id) = (r.str("source").unwrap_or_default(), r.str("id").unwrap_or_default());
                leaders.by_role.entry(source).or_default().insert(id);
            }
        }
        for r in Rows::new(owners)?.iter() {
            let key = (r.str("source").unwrap_or_default(), r.str("id").unwrap_or_default());
            leaders.owners.insert(key, r.str("owner").unwrap_or_default());
        }
        Ok(leaders)
    }

    fn has_role(&self, source: &str, sender: &str) -> bool {
        self.by_role.get(source).is_some_and(|ids| ids.contains(sender))
    }
}

/// What every core's labeller shares.
pub(crate) struct Pass {
    pub classifier: Classifier,
    pub leaders: Leaders,
    pub calendar: WorkCalendar,
    pub rule: CandidateRule,
    pub recent: Recent,
}

/// Whether the messages a labeller was given kept the order it relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Each group's messages came together, oldest first.
    Kept,
    /// A group came back after another had started, or a message was older than the one before it.
    Broken,
}

/// The group a labeller is in: its conversation, owner, tally and newest time so far.
struct Current {
    source: String,
    group: String,
    owner: Option<String>,
    conv: Conversation,
    tally: Tally,
    /// The time of the group's newest record that is not a system record so far.
    last: i64,
}

/// One core's labelling state.
pub(crate) struct Labeller {
    pass: Arc<Pass>,
    /// Where the label batches go as they are made (kept in [`Labelled::labels`] when there is none).
    sink: Option<BatchSender>,
    current: Option<Current>,
    /// Every group this labeller has started, to notice a group coming back.
    pub seen: HashSet<(String, String)>,
    /// The canonical text of the message in hand (a buffer kept between messages).
    canon: String,
    /// The calendar's answer for the hour in hand.
    moments: MomentCache,
    /// The classifier's reading of texts that came before (acks, greetings, notices repeat).
    memo: Memo,
    out: Labelled,
}

impl Labeller {
    pub(crate) fn new(pass: Arc<Pass>, sink: Option<BatchSender>) -> Labeller {
        Labeller::with_memo(pass, sink, Memo::new())
    }

    /// A labeller starting with the readings in `memo` (a core's memo from the slice it labelled before).
    pub(crate) fn with_memo(pass: Arc<Pass>, sink: Option<BatchSender>, memo: Memo) -> Labeller {
        Labeller {
            pass,
            sink,
            current: None,
            seen: HashSet::new(),
            canon: String::new(),
            moments: MomentCache::default(),
            memo,
            out: Labelled::default(),
        }
    }

    /// Hands over the labeller's memo (it keeps an empty one): the core's next slice starts with its readings.
    pub(crate) fn take_memo(&mut self) -> Memo {
        std::mem::take(&mut self.memo)
    }

    /// The group the labeller is in, if any.
    pub(crate) fn group(&self) -> Option<(&str, &str)> {
        self.current.as_ref().map(|c| (c.source.as_str(), c.group.as_str()))
    }

    /// Classifies one batch ([`COLUMNS`]) continuing the conversation of the batch before. Stops at the first
    /// message out of order and says so; what it produced is then of no use.
    pub(crate) fn batch(&mut self, batch: &RecordBatch) -> datafusion::error::Result<Order> {
        let started = std::time::Instant::now();
        let [key, source, group, id, sender, kind, text] =
            ["key", "source", "group_id", "id", "sender", "kind", "text"].map(|c| Strings::of(batch, c));
        let (key, source, group, id, sender, kind, text) = (key?, source?, group?, id?, sender?, kind?, text?);
        let t = cast(batch.column_by_name("t").expect("t"), &DataType::Int64)?;
        let t = t.as_primitive::<Int64Type>();
        let all = batch.column_by_name("mentions_all").expect("mentions_all").as_boolean().clone();
        let nm = cast(batch.column_by_name("n_mentions").expect("n_mentions"), &DataType::Int64)?;
        let nm = nm.as_primitive::<Int64Type>();
        let n = batch.num_rows();
        // Sized for the batch up front (grown value by value, the builders' reallocations and copies cost more
        // than the appends): keys are of one length, labels and rules short, evidence a few words.
        let key_len = if n > 0 { key.value(0).len() } else { 0 };
        let mut b: [StringBuilder; 4] = [key_len, 12, 24, 32].map(|bytes| StringBuilder::with_capacity(n, n * bytes));
        let mut deadline = Int64Builder::with_capacity(n);
        let mut cand: [StringBuilder; 7] = Default::default();
        let mut cand_t = Int64Builder::new();
        let pass = self.pass.clone();
        for i in 0..n {
            let g = (source.value(i), group.value(i));
            let time = t.value(i);
            let message_kind = MessageKind::parse(kind.value(i)).unwrap_or(MessageKind::Other);
            // System records (joins, the encryption notice, recalls) change no conversation state and count the same
            // wherever they fall, so they may be out of time order: a WhatsApp export opens with the notice stamped
            // when the exporter joined, after the messages that follow it.
            let ordered = !message_kind.is_system();
            let cur = match &mut self.current {
                Some(c) if c.source == g.0 && c.group == g.1 => {
                    if ordered && time < c.last {
                        return Ok(Order::Broken);
                    }
                    c
                }
                slot => {
                    if !self.seen.insert((g.0.to_owned(), g.1.to_owned())) {
                        return Ok(Order::Broken);
                    }
                    if let Some(done) = slot.take() {
                        self.out.tallies.add_group(done.source, done.group, done.tally);
                    }
                    let owner = pass.leaders.owners.get(&(g.0.to_owned(), g.1.to_owned())).cloned();
                    slot.insert(Current {
                        source: g.0.to_owned(),
                        group: g.1.to_owned(),
                        owner,
                        conv: Conversation::new(),
                        tally: Tally::default(),
                        last: i64::MIN,
                    })
                }
            };
            if ordered {
                cur.last = time;
            }
            let sender_id = (!sender.is_null(i)).then(|| sender.value(i));
            let leader = sender_id.is_some_and(|s| pass.leaders.has_role(g.0, s) || cur.owner.as_deref() == Some(s));
            let moment = self.moments.moment(&pass.calendar, time);
            let body = text.value(i);
            let input = Input {
                text: body,
                kind: message_kind,
                sender: sender_id,
                sender_is_leader: leader,
                mentions_all: !all.is_null(i) && all.value(i),
                mentions: nm.value(i).clamp(0, u16::MAX as i64) as u16,
                time,
                offset_secs: moment.offset_secs,
            };
            let c = pass.classifier.classify_with(&input, &mut cur.conv, &mut self.memo);
            let human = !message_kind.is_system() && message_kind != MessageKind::Bot;
            let after_hours = (human && moment.after_hours).then_some((moment.weekday, moment.hour));
            if let Some(slot) = after_hours {
                self.out.tallies.add_slot(slot);
            }
            // The memo knows the reading units of a text it read before.
            let units = if human { self.memo.reading_units(body) } else { (0, 0) };
            let counted =
                Counted { kind: message_kind, sender: sender_id, t: time, label: c.label, units, after_hours };
            cur.tally.add(&counted, pass.recent);
            b[0].append_value(key.value(i));
            b[1].append_value(c.label.as_str());
            b[2].append_value(c.rule);
            b[3].append_value(&c.evidence);
            deadline.append_option(c.deadline);
            let rule = pass.rule;
            let min = if c.label == Label::Important { rule.min_important } else { rule.min_chars };
            // The canonical form is computed once here and handed on: the cross-post search needs it again. It
            // keeps some of the normalised text's characters, so a text with fewer than `min` has too few.
            let candidate = human
                && !matches!(c.label, Label::Ack | Label::Greeting | Label::Flattery | Label::System)
                && body.len() >= min
                && cur.conv.normalized().chars().count() >= min
                && self.memo.canonical_into(cur.conv.normalized(), &mut self.canon) >= min;
            if candidate {
                let values = [key.value(i), g.0, g.1, id.value(i), body, &self.canon, c.label.as_str()];
                for (builder, v) in cand.iter_mut().zip(values) {
                    builder.append_value(v);
                }
                cand_t.append_value(time);
            }
        }
        let mut cols: Vec<ArrayRef> = b.iter_mut().map(|x| Arc::new(x.finish()) as ArrayRef).collect();
        cols.push(Arc::new(deadline.finish()));
        let labels = RecordBatch::try_new(schema(), cols)?;
        match &self.sink {
            // A closed sink means its write failed; the audit reports that when it commits.
            Some(sink) => drop(sink.send(labels)),
            None => self.out.labels.push(labels),
        }
        let mut cols: Vec<ArrayRef> = cand.iter_mut().map(|x| Arc::new(x.finish()) as ArrayRef).collect();
        cols.insert(4, Arc::new(cand_t.finish()));
        self.out.candidates.push(RecordBatch::try_new(candidate_schema(), cols)?);
        self.out.busy_ms += started.elapsed().as_millis() as u64;
        Ok(Order::Kept)
    }

    /// Closes the last group and hands over what the labeller produced.
    pub(crate) fn finish(mut self) -> Labelled {
        if let Some(done) = self.current.take() {
            self.out.tallies.add_group(done.source, done.group, done.tally);
        }
        self.out
    }
}
