//! Arrow schemas of the workspace tables, one per [`Entity`]. Times are UTC microsecond timestamps (Delta's
//! `timestamp` type), so Spark, DuckDB and Polars read them as times. Every table carries `key`, the hex of
//! [`Record::key`](crate::Record::key), which de-duplicates imports.

use crate::Entity;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use std::sync::Arc;

/// The Arrow type of every time column.
pub fn time_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn time(name: &str, nullable: bool) -> Field {
    Field::new(name, time_type(), nullable)
}

fn flag(name: &str) -> Field {
    Field::new(name, DataType::Boolean, false)
}

/// The schema of `entity`'s table.
pub fn schema(entity: Entity) -> Arc<Schema> {
    let fields = match entity {
        Entity::Unit => vec![
            text("key", false),
            text("id", false),
            text("name", true),
            text("parent", true),
            Field::new("quota", DataType::Int32, true),
        ],
        Entity::Member => vec![
            text("key", false),
            text("source", false),
            text("id", false),
            text("name", true),
            text("unit", true),
            text("role", true),
            flag("bot"),
            flag("deleted"),
        ],
        Entity::Group => vec![
            text("key", false),
            text("source", false),
            text("id", false),
            text("name", true),
            text("kind", false),
            time("created", true),
            text("owner", true),
            text("unit", true),
            text("purpose", true),
            flag("archived"),
        ],
        Entity::Membership => vec![
            text("key", false),
            text("source", false),
            text("group_id", false),
            text("member", false),
            time("joined", true),
            time("left", true),
        ],
        Entity::Message => vec![
            text("key", false),
            text("source", false),
            text("group_id", false),
            text("id", false),
            text("sender", true),
            time("time", false),
            flag("tz_known"),
            text("kind", false),
            text("text", false),
            Field::new("mentions", DataType::List(Arc::new(Field::new("element", DataType::Utf8, true))), false),
            flag("mentions_all"),
            text("reply_to", true),
            text("thread_root", true),
            flag("forwarded"),
            flag("edited"),
            Field::new("attachments", DataType::Int32, false),
        ],
    };
    Arc::new(Schema::new(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_starts_with_its_key() {
        for e in Entity::ALL {
            let s = schema(e);
            assert_eq!(s.field(0).name(), "key");
            assert!(!s.field(0).is_nullable());
        }
    }
}
