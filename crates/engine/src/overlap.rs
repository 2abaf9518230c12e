//! Membership overlap between groups: a self-join of memberships on the member, so only pairs that share members
//! are ever formed (no all-pairs blow-up), aggregated into shared counts, Jaccard and containment.

use crate::rows::Rows;
use datafusion::arrow::datatypes::DataType;
use datafusion::datasource::MemTable;
use datafusion::prelude::SessionContext;
use serde::{Deserialize, Serialize};

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
/// The current memberships are collected once into memory and the group sizes and the self-join read them from
/// there (as a common table expression the plan computed them three times).
pub async fn compute(ctx: &SessionContext, min_shared: u64) -> datafusion::error::Result<Vec<Overlap>> {
    let mem = ctx
        .sql(
            "SELECT DISTINCT ms.source, ms.group_id, ms.member FROM memberships ms
             JOIN groups g ON g.source = ms.source AND g.id = ms.group_id
             WHERE ms.\"left\" IS NULL AND g.kind <> 'direct'",
        )
        .await?;
    let schema = std::sync::Arc::new(mem.schema().as_arrow().clone());
    let mem = MemTable::try_new(schema, vec![mem.collect().await?])?;
    ctx.register_table(MEMBERSHIPS, std::sync::Arc::new(mem))?;
    let sql = format!(
        "WITH mem AS (SELECT * FROM {MEMBERSHIPS}),
         sizes AS (SELECT source, group_id, count(*) AS n FROM mem GROUP BY source, group_id),
         pairs AS (
            SELECT a.source, a.group_id AS ga, b.group_id AS gb, count(*) AS shared
            FROM mem a JOIN mem b ON a.source = b.source AND a.member = b.member AND a.group_id < b.group_id
            GROUP BY a.source, a.group_id, b.group_id
            HAVING count(*) >= {min_shared})
         SELECT p.source, p.ga, p.gb, p.shared, sa.n AS na, sb.n AS nb FROM pairs p
         JOIN sizes sa ON sa.source = p.source AND sa.group_id = p.ga
         JOIN sizes sb ON sb.source = p.source AND sb.group_id = p.gb
         ORDER BY p.source, p.ga, p.gb"
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
            Overlap {
                source: r.str("source").unwrap_or_default(),
                a: r.str("ga").unwrap_or_default(),
                b: r.str("gb").unwrap_or_default(),
                shared,
                members_a: na,
                members_b: nb,
                jaccard: shared as f64 / (na + nb - shared).max(1) as f64,
                containment: shared as f64 / na.min(nb).max(1) as f64,
            }
        })
        .collect())
}
