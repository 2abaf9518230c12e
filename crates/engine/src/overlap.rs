//! Membership overlap between groups: a self-join of memberships on the member, so only pairs that share members
//! are ever formed (no all-pairs blow-up), aggregated into shared counts, Jaccard and containment.

use crate::rows::{Rows, Strings};
use datafusion::arrow::array::{ArrayRef, RecordBatch, UInt32Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Two groups that share members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overlap {
    pub source: String,
    pub a: String,
    pub b: String,
    pub shared: u64,
    pub members_a: u64,
    pub members_b: u64,
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / min(|A|, |B|): 1.0 when the smaller group is nested in the larger.
    pub containment: f64,
}

/// The types of the `overlaps` table's columns.
pub const FIELDS: [(&str, DataType); 8] = [
    ("source", DataType::Utf8),
    ("a", DataType::Utf8),
    ("b", DataType::Utf8),
    ("shared", DataType::Int64),
    ("members_a", DataType::Int64),
    ("members_b", DataType::Int64),
    ("jaccard", DataType::Float64),
    ("containment", DataType::Float64),
];

/// The name the current memberships have while the overlaps are computed.
const MEMBERSHIPS: &str = "jj_current_memberships";

/// Every pair of groups (same source, neither a direct conversation) sharing at least `min_shared` members.
///
/// The current memberships are collected once into memory with each group and member numbered (groups in the order
/// of (source, group id), members within their source), and the self-join and its aggregate work on those numbers:
/// hashing and comparing two integers instead of three strings per joined row (at 100k WhatsApp messages the
/// string-keyed aggregate was most of the step). Numbering groups in sorted order keeps `a < b` and the result's
/// order what they were on the strings.
pub async fn compute(ctx: &SessionContext, min_shared: u64) -> datafusion::error::Result<Vec<Overlap>> {
    let mem = ctx
        .sql(
            "SELECT DISTINCT ms.source, ms.group_id, ms.member FROM memberships ms
             JOIN groups g ON g.source = ms.source AND g.id = ms.group_id
             WHERE ms.\"left\" IS NULL AND g.kind <> 'direct'",
        )
        .await?
        .collect()
        .await?;
    let (numbered, table) = Numbered::of(&mem)?;
    ctx.register_table(MEMBERSHIPS, Arc::new(table))?;
    let sql = format!(
        "WITH sizes AS (SELECT g, count(*) AS n FROM {MEMBERSHIPS} GROUP BY g),
         pairs AS (
            SELECT a.g AS ga, b.g AS gb, count(*) AS shared
            FROM {MEMBERSHIPS} a JOIN {MEMBERSHIPS} b ON a.m = b.m AND a.g < b.g
            GROUP BY a.g, b.g
            HAVING count(*) >= {min_shared})
         SELECT p.ga, p.gb, p.shared, sa.n AS na, sb.n AS nb FROM pairs p
         JOIN sizes sa ON sa.g = p.ga
         JOIN sizes sb ON sb.g = p.gb
         ORDER BY p.ga, p.gb"
    );
    let rows = match ctx.sql(&sql).await {
        Ok(df) => df.collect().await,
        Err(e) => Err(e),
    };
    ctx.deregister_table(MEMBERSHIPS)?;
    let rows = Rows::new(rows?)?;
    Ok(rows
        .iter()
        .map(|r| {
            let (shared, na, nb) = (r.count("shared"), r.count("na"), r.count("nb"));
            let ((source, a), (_, b)) = (numbered.group(r.count("ga")), numbered.group(r.count("gb")));
            Overlap {
                source: source.to_owned(),
                a: a.to_owned(),
                b: b.to_owned(),
                shared,
                members_a: na,
                members_b: nb,
                jaccard: shared as f64 / (na + nb - shared).max(1) as f64,
                containment: shared as f64 / na.min(nb).max(1) as f64,
            }
        })
        .collect())
}

/// The groups of the current memberships by number.
struct Numbered {
    /// (source, group id) by number, in sorted order.
    groups: Vec<(String, String)>,
}

impl Numbered {
    /// Numbers the memberships' groups and members; the table holds one row per membership: `g` for (source, group
    /// id), `m` for (source, member).
    fn of(batches: &[RecordBatch]) -> datafusion::error::Result<(Numbered, MemTable)> {
        let mut rows: Vec<(&str, &str, &str)> = Vec::new();
        let columns: Vec<[Strings; 3]> = batches
            .iter()
            .map(|b| Ok([Strings::of(b, "source")?, Strings::of(b, "group_id")?, Strings::of(b, "member")?]))
            .collect::<datafusion::error::Result<_>>()?;
        for [source, group, member] in &columns {
            let present = (0..source.len()).filter(|&i| !(source.is_null(i) || group.is_null(i) || member.is_null(i)));
            rows.extend(present.map(|i| (source.value(i), group.value(i), member.value(i))));
        }
        let mut groups: Vec<(&str, &str)> = rows.iter().map(|&(s, g, _)| (s, g)).collect();
        groups.sort_unstable();
        groups.dedup();
        let group_no: FxHashMap<(&str, &str), u32> = groups.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        let mut member_no: FxHashMap<(&str, &str), u32> = FxHashMap::default();
        let (mut g, mut m) = (Vec::with_capacity(rows.len()), Vec::with_capacity(rows.len()));
        for &(source, group, member) in &rows {
            g.push(group_no[&(source, group)]);
            let next = member_no.len() as u32;
            m.push(*member_no.entry((source, member)).or_insert(next));
        }
        let groups = groups.into_iter().map(|(s, g)| (s.to_owned(), g.to_owned())).collect();
        let schema = Arc::new(Schema::new(vec![
            Field::new("g", DataType::UInt32, false),
            Field::new("m", DataType::UInt32, false),
        ]));
        let columns: Vec<ArrayRef> = vec![Arc::new(UInt32Array::from(g)), Arc::new(UInt32Array::from(m))];
        let batch = RecordBatch::try_new(schema.clone(), columns)?;
        Ok((Numbered { groups }, MemTable::try_new(schema, vec![vec![batch]])?))
    }

    /// Group number `n`'s (source, group id).
    fn group(&self, n: u64) -> (&str, &str) {
        let (source, group) = &self.groups[n as usize];
        (source, group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::StringArray;

    fn table(ctx: &SessionContext, name: &str, columns: &[(&str, Vec<Option<&str>>)]) {
        let fields: Vec<Field> = columns.iter().map(|(c, _)| Field::new(*c, DataType::Utf8, true)).collect();
        let schema = Arc::new(Schema::new(fields));
        let arrays: Vec<ArrayRef> =
            columns.iter().map(|(_, v)| Arc::new(StringArray::from(v.clone())) as ArrayRef).collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).unwrap();
        ctx.register_table(name, Arc::new(MemTable::try_new(schema, vec![vec![batch]]).unwrap())).unwrap();
    }

    #[tokio::test]
    async fn pairs_share_members_within_a_source_only() {
        let ctx = SessionContext::new();
        let groups = [("s", "big"), ("s", "nested"), ("s", "other"), ("s", "dm"), ("t", "big")];
        table(
            &ctx,
            "groups",
            &[
                ("source", groups.iter().map(|g| Some(g.0)).collect()),
                ("id", groups.iter().map(|g| Some(g.1)).collect()),
                ("kind", groups.iter().map(|g| Some(if g.1 == "dm" { "direct" } else { "group" })).collect()),
            ],
        );
        // (source, group, member, left): `nested` sits inside `big`; `other` shares one member and had a second
        // who left; the direct conversation and the other source's group of the same name and members never pair.
        let ms = [
            ("s", "big", "a", None),
            ("s", "big", "b", None),
            ("s", "big", "c", None),
            ("s", "big", "d", None),
            ("s", "nested", "a", None),
            ("s", "nested", "b", None),
            ("s", "other", "d", None),
            ("s", "other", "c", Some("2025-01-01")),
            ("s", "other", "e", None),
            ("s", "dm", "a", None),
            ("s", "dm", "b", None),
            ("t", "big", "a", None),
            ("t", "big", "b", None),
        ];
        table(
            &ctx,
            "memberships",
            &[
                ("source", ms.iter().map(|m| Some(m.0)).collect()),
                ("group_id", ms.iter().map(|m| Some(m.1)).collect()),
                ("member", ms.iter().map(|m| Some(m.2)).collect()),
                ("left", ms.iter().map(|m| m.3).collect()),
            ],
        );
        let found = compute(&ctx, 1).await.unwrap();
        let got: Vec<(&str, &str, &str, u64, u64, u64)> = found
            .iter()
            .map(|o| (o.source.as_str(), o.a.as_str(), o.b.as_str(), o.shared, o.members_a, o.members_b))
            .collect();
        assert_eq!(got, [("s", "big", "nested", 2, 4, 2), ("s", "big", "other", 1, 4, 2)]);
        assert_eq!((found[0].containment, found[0].jaccard), (1.0, 0.5));
        assert_eq!(compute(&ctx, 2).await.unwrap().len(), 1, "min_shared drops the pair sharing one member");
        assert!(ctx.table_exist(MEMBERSHIPS).is_ok_and(|there| !there), "the numbered table is deregistered");
    }
}
