//! Message labels: one ordered scan of the messages (a DataFusion plan: join the sender's role, sort by group
//! and time) feeding the `text` classifier, which keeps a conversation context per group.
//!
//! The classifier needs each group's messages oldest first, because context decides many labels (an ack answers
//! a notice, a praise chain follows a leader's post). The sort is DataFusion's, so it spills to disk instead of
//! growing without bound; the pass keeps only the current group's context.

use crate::calendar::WorkCalendar;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema, SchemaRef};
use datafusion::prelude::SessionContext;
use futures::StreamExt;
use jingjian_model::MessageKind;
use jingjian_text::{Classifier, Conversation, Input, Lexicon};
use std::sync::Arc;

/// The `labels` table: one row per message.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("group_id", DataType::Utf8, false),
        Field::new("label", DataType::Utf8, false),
        Field::new("rule", DataType::Utf8, false),
        Field::new("evidence", DataType::Utf8, false),
        Field::new("deadline_ms", DataType::Int64, true),
    ]))
}

fn utf8(batch: &RecordBatch, name: &str) -> datafusion::error::Result<ArrayRef> {
    let c = batch.column_by_name(name).expect("selected column");
    Ok(cast(c, &DataType::Utf8)?)
}

/// Labels every message in the workspace; returns the `labels` table's batches.
pub async fn label_all(
    ctx: &SessionContext,
    lexicon: &Lexicon,
    calendar: &WorkCalendar,
) -> datafusion::error::Result<Vec<RecordBatch>> {
    let classifier = Classifier::new(lexicon);
    let sql = "SELECT m.key, m.source, m.group_id, m.sender, CAST(m.time AS BIGINT) / 1000 AS t, m.kind, m.text,
                      m.mentions_all, cardinality(m.mentions) AS n_mentions, mb.role, g.owner
               FROM messages m
               LEFT JOIN members mb ON mb.source = m.source AND mb.id = m.sender
               LEFT JOIN groups g ON g.source = m.source AND g.id = m.group_id
               ORDER BY m.source, m.group_id, t, m.id";
    let mut stream = ctx.sql(sql).await?.execute_stream().await?;
    let mut out = Vec::new();
    let mut conv = Conversation::new();
    let mut current: Option<(String, String)> = None;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let (key, source, group, sender, kind, text, role, owner) = (
            utf8(&batch, "key")?,
            utf8(&batch, "source")?,
            utf8(&batch, "group_id")?,
            utf8(&batch, "sender")?,
            utf8(&batch, "kind")?,
            utf8(&batch, "text")?,
            utf8(&batch, "role")?,
            utf8(&batch, "owner")?,
        );
        let (key, source, group, sender, kind, text, role, owner) = (
            key.as_string::<i32>(),
            source.as_string::<i32>(),
            group.as_string::<i32>(),
            sender.as_string::<i32>(),
            kind.as_string::<i32>(),
            text.as_string::<i32>(),
            role.as_string::<i32>(),
            owner.as_string::<i32>(),
        );
        let t = cast(batch.column_by_name("t").expect("t"), &DataType::Int64)?;
        let t = t.as_primitive::<Int64Type>();
        let all = batch.column_by_name("mentions_all").expect("mentions_all").as_boolean().clone();
        let nm = cast(batch.column_by_name("n_mentions").expect("n_mentions"), &DataType::Int64)?;
        let nm = nm.as_primitive::<Int64Type>();
        let n = batch.num_rows();
        let mut b: [StringBuilder; 6] = Default::default();
        let mut deadline = Int64Builder::with_capacity(n);
        for i in 0..n {
            let g = (source.value(i), group.value(i));
            if current.as_ref().is_none_or(|c| c.0 != g.0 || c.1 != g.1) {
                conv.reset();
                current = Some((g.0.to_owned(), g.1.to_owned()));
            }
            let sender_id = (!sender.is_null(i)).then(|| sender.value(i));
            let leader = (!role.is_null(i) && lexicon.is_leader_role(role.value(i)))
                || (sender_id.is_some() && !owner.is_null(i) && sender_id == Some(owner.value(i)));
            let input = Input {
                text: text.value(i),
                kind: MessageKind::parse(kind.value(i)).unwrap_or(MessageKind::Other),
                sender: sender_id,
                sender_is_leader: leader,
                mentions_all: !all.is_null(i) && all.value(i),
                mentions: nm.value(i).clamp(0, u16::MAX as i64) as u16,
                time: t.value(i),
                offset_secs: calendar.offset_secs(t.value(i)),
            };
            let c = classifier.classify(&input, &mut conv);
            b[0].append_value(key.value(i));
            b[1].append_value(g.0);
            b[2].append_value(g.1);
            b[3].append_value(c.label.as_str());
            b[4].append_value(c.rule);
            b[5].append_value(&c.evidence);
            deadline.append_option(c.deadline);
        }
        let mut cols: Vec<ArrayRef> = b.iter_mut().map(|x| Arc::new(x.finish()) as ArrayRef).collect();
        cols.push(Arc::new(deadline.finish()));
        out.push(RecordBatch::try_new(schema(), cols)?);
    }
    Ok(out)
}
