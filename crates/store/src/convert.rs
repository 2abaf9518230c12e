//! Canonical records to Arrow record batches and back, following the schemas in `jingjian_model::schema`.

use deltalake::arrow::array::{
    Array, ArrayRef, AsArray, BooleanBuilder, Int32Builder, ListBuilder, RecordBatch, StringBuilder,
    TimestampMicrosecondBuilder,
};
use deltalake::arrow::datatypes::{Int32Type, TimestampMicrosecondType};
use deltalake::arrow::error::ArrowError;
use jingjian_model::schema::schema;
use jingjian_model::{Entity, Group, GroupKind, Key, Member, Membership, Message, MessageKind, Record, Source, Unit};
use std::sync::Arc;

fn ts_builder(n: usize) -> TimestampMicrosecondBuilder {
    TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC")
}

fn micros(ms: Option<i64>) -> Option<i64> {
    ms.map(|m| m * 1000)
}

/// Builds one batch of `entity`'s table from `records`; records of other entities are skipped.
pub fn records_to_batch(entity: Entity, records: &[Record]) -> Result<RecordBatch, ArrowError> {
    let keys: Vec<Key> = records.iter().filter(|r| r.entity() == entity).map(Record::key).collect();
    keyed_records_to_batch(entity, records, &keys)
}

/// [`records_to_batch`] given the keys of the records of `entity`, in their order (an import has just computed
/// them to drop duplicates).
/// `records` may be owned or borrowed (an import's small tables are written from the rows it holds).
pub fn keyed_records_to_batch<R: std::borrow::Borrow<Record>>(
    entity: Entity,
    records: &[R],
    keys: &[Key],
) -> Result<RecordBatch, ArrowError> {
    let n = records.len();
    let mut key = StringBuilder::with_capacity(n, n * 32);
    for k in keys {
        key.append_value(std::str::from_utf8(&k.hex_digits()).expect("hex digits are ASCII"));
    }
    let mut cols: Vec<ArrayRef> = vec![Arc::new(key.finish())];
    macro_rules! each {
        ($variant:ident) => {
            records.iter().filter_map(|r| if let Record::$variant(x) = r.borrow() { Some(x) } else { None })
        };
    }
    match entity {
        Entity::Unit => {
            let (mut id, mut name, mut parent, mut quota) =
                (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), Int32Builder::new());
            for u in each!(Unit) {
                id.append_value(&u.id);
                name.append_option(u.name.as_deref());
                parent.append_option(u.parent.as_deref());
                quota.append_option(u.quota.map(|q| q.min(i32::MAX as u32) as i32));
            }
            cols.extend([
                Arc::new(id.finish()) as ArrayRef,
                Arc::new(name.finish()),
                Arc::new(parent.finish()),
                Arc::new(quota.finish()),
            ]);
        }
        Entity::Member => {
            let mut s: [StringBuilder; 5] = Default::default();
            let (mut bot, mut deleted) = (BooleanBuilder::new(), BooleanBuilder::new());
            for m in each!(Member) {
                s[0].append_value(m.source.as_str());
                s[1].append_value(&m.id);
                s[2].append_option(m.name.as_deref());
                s[3].append_option(m.unit.as_deref());
                s[4].append_option(m.role.as_deref());
                bot.append_value(m.bot);
                deleted.append_value(m.deleted);
            }
            cols.extend(s.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            cols.extend([Arc::new(bot.finish()) as ArrayRef, Arc::new(deleted.finish())]);
        }
        Entity::Group => {
            let mut s: [StringBuilder; 4] = Default::default();
            let mut created = ts_builder(n);
            let mut t: [StringBuilder; 3] = Default::default();
            let mut archived = BooleanBuilder::new();
            for g in each!(Group) {
                s[0].append_value(g.source.as_str());
                s[1].append_value(&g.id);
                s[2].append_option(g.name.as_deref());
                s[3].append_value(g.kind.as_str());
                created.append_option(micros(g.created));
                t[0].append_option(g.owner.as_deref());
                t[1].append_option(g.unit.as_deref());
                t[2].append_option(g.purpose.as_deref());
                archived.append_value(g.archived);
            }
            cols.extend(s.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            cols.push(Arc::new(created.finish()));
            cols.extend(t.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            cols.push(Arc::new(archived.finish()));
        }
        Entity::Membership => {
            let mut s: [StringBuilder; 3] = Default::default();
            let (mut joined, mut left) = (ts_builder(n), ts_builder(n));
            for m in each!(Membership) {
                s[0].append_value(m.source.as_str());
                s[1].append_value(&m.group);
                s[2].append_value(&m.member);
                joined.append_option(micros(m.joined));
                left.append_option(micros(m.left));
            }
            cols.extend(s.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
            cols.extend([Arc::new(joined.finish()) as ArrayRef, Arc::new(left.finish())]);
        }
        Entity::Message => return messages_to_batch(each!(Message), cols.pop().expect("key column")),
    }
    RecordBatch::try_new(schema(entity), cols)
}

fn messages_to_batch<'a>(msgs: impl Iterator<Item = &'a Message>, key: ArrayRef) -> Result<RecordBatch, ArrowError> {
    let n = key.len();
    let (mut source, mut group, mut id, mut sender) =
        (StringBuilder::new(), StringBuilder::new(), StringBuilder::new(), StringBuilder::new());
    let mut time = ts_builder(n);
    let mut tz_known = BooleanBuilder::with_capacity(n);
    let (mut kind, mut text) = (StringBuilder::new(), StringBuilder::new());
    let mut mentions = ListBuilder::new(StringBuilder::new());
    let mut mentions_all = BooleanBuilder::with_capacity(n);
    let (mut reply_to, mut thread_root) = (StringBuilder::new(), StringBuilder::new());
    let (mut forwarded, mut edited) = (BooleanBuilder::with_capacity(n), BooleanBuilder::with_capacity(n));
    let mut attachments = Int32Builder::with_capacity(n);
    for m in msgs {
        source.append_value(m.source.as_str());
        group.append_value(&m.group);
        id.append_value(&m.id);
        sender.append_option(m.sender.as_deref());
        time.append_value(m.time * 1000);
        tz_known.append_value(m.tz_known);
        kind.append_value(m.kind.as_str());
        text.append_value(&m.text);
        for x in &m.mentions {
            mentions.values().append_value(x);
        }
        mentions.append(true);
        mentions_all.append_value(m.mentions_all);
        reply_to.append_option(m.reply_to.as_deref());
        thread_root.append_option(m.thread_root.as_deref());
        forwarded.append_value(m.forwarded);
        edited.append_value(m.edited);
        attachments.append_value(m.attachments.min(i32::MAX as u32) as i32);
    }
    let cols: Vec<ArrayRef> = vec![
        key,
        Arc::new(source.finish()),
        Arc::new(group.finish()),
        Arc::new(id.finish()),
        Arc::new(sender.finish()),
        Arc::new(time.finish()),
        Arc::new(tz_known.finish()),
        Arc::new(kind.finish()),
        Arc::new(text.finish()),
        Arc::new(mentions.finish()),
        Arc::new(mentions_all.finish()),
        Arc::new(reply_to.finish()),
        Arc::new(thread_root.finish()),
        Arc::new(forwarded.finish()),
        Arc::new(edited.finish()),
        Arc::new(attachments.finish()),
    ];
    let schema = schema(Entity::Message);
    // The list's inner field must match the schema's exactly (name and nullability).
    let cols =
        cols.into_iter()
            .zip(schema.fields())
            .map(|(c, f)| {
                if c.data_type() == f.data_type() { Ok(c) } else { deltalake::arrow::compute::cast(&c, f.data_type()) }
            })
            .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema, cols)
}

/// Reads columns by name so that a batch with extra or reordered columns still converts.
struct Cols<'a>(&'a RecordBatch);

impl<'a> Cols<'a> {
    fn col(&self, name: &str) -> Result<&'a ArrayRef, ArrowError> {
        self.0.column_by_name(name).ok_or_else(|| ArrowError::SchemaError(format!("no column `{name}`")))
    }
    fn str(&self, name: &str, i: usize) -> Result<Option<String>, ArrowError> {
        let c = self.col(name)?;
        let s = c.as_string_opt::<i32>().ok_or_else(|| ArrowError::SchemaError(format!("`{name}` is not text")))?;
        Ok(if s.is_null(i) { None } else { Some(s.value(i).to_owned()) })
    }
    fn req(&self, name: &str, i: usize) -> Result<String, ArrowError> {
        self.str(name, i)?.ok_or_else(|| ArrowError::InvalidArgumentError(format!("`{name}` is null")))
    }
    fn flag(&self, name: &str, i: usize) -> Result<bool, ArrowError> {
        let c = self.col(name)?;
        let b = c.as_boolean_opt().ok_or_else(|| ArrowError::SchemaError(format!("`{name}` is not boolean")))?;
        Ok(!b.is_null(i) && b.value(i))
    }
    fn u32(&self, name: &str, i: usize) -> Result<Option<u32>, ArrowError> {
        let c = self.col(name)?;
        let a = c
            .as_primitive_opt::<Int32Type>()
            .ok_or_else(|| ArrowError::SchemaError(format!("`{name}` is not int32")))?;
        Ok(if a.is_null(i) { None } else { Some(a.value(i).max(0) as u32) })
    }
    fn time(&self, name: &str, i: usize) -> Result<Option<i64>, ArrowError> {
        let c = self.col(name)?;
        let a = c
            .as_primitive_opt::<TimestampMicrosecondType>()
            .ok_or_else(|| ArrowError::SchemaError(format!("`{name}` is not a microsecond timestamp")))?;
        Ok(if a.is_null(i) { None } else { Some(a.value(i).div_euclid(1000)) })
    }
    fn source(&self, i: usize) -> Result<Source, ArrowError> {
        let s = self.req("source", i)?;
        Source::parse(&s).ok_or_else(|| ArrowError::InvalidArgumentError(format!("unknown source `{s}`")))
    }
}

/// Casts the columns of `batch` that `entity`'s schema names to the schema's types (query engines hand back
/// string views, dictionaries or large strings); other columns are kept as they are.
pub fn conform(entity: Entity, batch: &RecordBatch) -> Result<RecordBatch, ArrowError> {
    let want = schema(entity);
    let mut fields = Vec::with_capacity(batch.num_columns());
    let mut cols = Vec::with_capacity(batch.num_columns());
    for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
        match want.field_with_name(f.name()) {
            Ok(w) if w.data_type() != c.data_type() => {
                cols.push(deltalake::arrow::compute::cast(c, w.data_type())?);
                fields.push(f.as_ref().clone().with_data_type(w.data_type().clone()));
            }
            _ => {
                cols.push(c.clone());
                fields.push(f.as_ref().clone());
            }
        }
    }
    RecordBatch::try_new(Arc::new(deltalake::arrow::datatypes::Schema::new(fields)), cols)
}

/// Turns a batch of `entity`'s table (or a query result with its columns) back into records.
pub fn batch_to_records(entity: Entity, batch: &RecordBatch) -> Result<Vec<Record>, ArrowError> {
    let batch = &conform(entity, batch)?;
    let c = Cols(batch);
    let mut out = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        out.push(match entity {
            Entity::Unit => Record::Unit(Unit {
                id: c.req("id", i)?,
                name: c.str("name", i)?,
                parent: c.str("parent", i)?,
                quota: c.u32("quota", i)?,
            }),
            Entity::Member => Record::Member(Member {
                source: c.source(i)?,
                id: c.req("id", i)?,
                name: c.str("name", i)?,
                unit: c.str("unit", i)?,
                role: c.str("role", i)?,
                bot: c.flag("bot", i)?,
                deleted: c.flag("deleted", i)?,
            }),
            Entity::Group => Record::Group(Group {
                source: c.source(i)?,
                id: c.req("id", i)?,
                name: c.str("name", i)?,
                kind: GroupKind::parse(&c.req("kind", i)?).unwrap_or_default(),
                created: c.time("created", i)?,
                owner: c.str("owner", i)?,
                unit: c.str("unit", i)?,
                purpose: c.str("purpose", i)?,
                archived: c.flag("archived", i)?,
            }),
            Entity::Membership => Record::Membership(Membership {
                source: c.source(i)?,
                group: c.req("group_id", i)?,
                member: c.req("member", i)?,
                joined: c.time("joined", i)?,
                left: c.time("left", i)?,
            }),
            Entity::Message => {
                let mentions = c.col("mentions")?.as_list_opt::<i32>().map(|l| {
                    if l.is_null(i) {
                        Vec::new()
                    } else {
                        let v = l.value(i);
                        let s = v.as_string::<i32>();
                        (0..s.len()).filter(|&j| !s.is_null(j)).map(|j| s.value(j).to_owned()).collect()
                    }
                });
                Record::Message(Message {
                    source: c.source(i)?,
                    group: c.req("group_id", i)?,
                    id: c.req("id", i)?,
                    sender: c.str("sender", i)?,
                    time: c.time("time", i)?.unwrap_or_default(),
                    tz_known: c.flag("tz_known", i)?,
                    kind: MessageKind::parse(&c.req("kind", i)?).unwrap_or(MessageKind::Other),
                    text: c.str("text", i)?.unwrap_or_default(),
                    mentions: mentions.unwrap_or_default(),
                    mentions_all: c.flag("mentions_all", i)?,
                    reply_to: c.str("reply_to", i)?,
                    thread_root: c.str("thread_root", i)?,
                    forwarded: c.flag("forwarded", i)?,
                    edited: c.flag("edited", i)?,
                    attachments: c.u32("attachments", i)?.unwrap_or_default(),
                })
            }
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Record> {
        let mut m = Message::new(Source::Wecom, "r1", "m1", 1_700_000_000_123);
        m.sender = Some("u1".into());
        m.text = "请于周五前报送".into();
        m.mentions = vec!["u2".into(), "u3".into()];
        m.mentions_all = true;
        m.reply_to = Some("m0".into());
        m.attachments = 2;
        m.tz_known = false;
        vec![
            Record::Unit(Unit { id: "u".into(), name: Some("办公室".into()), parent: None, quota: Some(2) }),
            Record::Member(Member {
                source: Source::Wecom,
                id: "u1".into(),
                name: None,
                unit: Some("u".into()),
                role: None,
                bot: true,
                deleted: false,
            }),
            Record::Group(Group {
                source: Source::Wecom,
                id: "r1".into(),
                name: Some("工作群".into()),
                kind: GroupKind::Group,
                created: Some(1_600_000_000_000),
                owner: Some("u1".into()),
                unit: None,
                purpose: None,
                archived: true,
            }),
            Record::Membership(Membership {
                source: Source::Wecom,
                group: "r1".into(),
                member: "u1".into(),
                joined: Some(5),
                left: None,
            }),
            Record::Message(m),
        ]
    }

    #[test]
    fn every_entity_round_trips_through_arrow() {
        let records = sample();
        for e in Entity::ALL {
            let batch = records_to_batch(e, &records).unwrap();
            assert_eq!(batch.num_rows(), 1, "{e:?}");
            assert_eq!(batch.schema(), schema(e));
            let back = batch_to_records(e, &batch).unwrap();
            let want: Vec<_> = records.iter().filter(|r| r.entity() == e).cloned().collect();
            assert_eq!(back, want, "{e:?}");
        }
    }
}
