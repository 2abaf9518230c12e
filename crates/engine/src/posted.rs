//! Two small tables the audit stores for the planner: what each member posted in each group (acks, check-ins),
//! and each group's cross-posted copies by cluster and label with their reading units. The label pass and the
//! cross-post search have these figures at hand; storing them spares `plan`, `report` and `trend` two joins of
//! every message with its label (most of their time on a large workspace).

use crate::EngineError;
use crate::crosspost::CrossPost;
use crate::tables;
use crate::tally::Tallies;
use crate::udf::reading_units;
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use jingjian_store::DerivedTable;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The table of acks and check-ins by (source, sender, group).
pub const MEMBER_POSTS: &str = "member_posts";
/// The table of cross-posted copies by (source, group, cluster, label).
pub const CROSS_POST_GROUPS: &str = "cross_post_groups";

#[derive(Serialize)]
struct MemberPost<'a> {
    source: &'a str,
    sender: &'a str,
    group_id: &'a str,
    acks: u64,
    check_ins: u64,
}

/// The `member_posts` table from the label pass's tallies.
pub fn member_posts(tallies: &Tallies) -> Result<DerivedTable, EngineError> {
    let mut rows: Vec<MemberPost> = tallies
        .groups
        .iter()
        .flat_map(|((source, group), t)| {
            t.posted.iter().map(move |(sender, p)| MemberPost {
                source,
                sender,
                group_id: group,
                acks: p.acks,
                check_ins: p.check_ins,
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.source, a.sender, a.group_id).cmp(&(b.source, b.sender, b.group_id)));
    let fields = [
        ("source", DataType::Utf8),
        ("sender", DataType::Utf8),
        ("group_id", DataType::Utf8),
        ("acks", DataType::Int64),
        ("check_ins", DataType::Int64),
    ];
    tables::from_flat_rows(MEMBER_POSTS, &fields, &rows)
}

#[derive(Serialize, Default)]
struct GroupCopies {
    source: String,
    group_id: String,
    cluster: String,
    label: String,
    copies: u64,
    zh: u64,
    en: u64,
}

/// The `cross_post_groups` table: for every cross-post cluster, the copies in each group by label, with their
/// Han characters and Latin words. Labels and texts come from the cross-post candidates.
pub fn cross_post_groups(clusters: &[CrossPost], candidates: &[RecordBatch]) -> Result<DerivedTable, EngineError> {
    // Copy key → (source, group, cluster).
    let mut copies: HashMap<&str, (&str, &str, &str)> = HashMap::new();
    for c in clusters {
        for (key, group, _, _) in &c.copies {
            let source = c.groups.iter().find(|(_, g)| g == group).map_or("", |(s, _)| s.as_str());
            copies.insert(key, (source, group, &c.id));
        }
    }
    let mut out: BTreeMap<(String, String, String, String), GroupCopies> = BTreeMap::new();
    for b in candidates {
        let col = |name: &str| crate::rows::utf8(b, name);
        let (key, text, label) = (col("key")?, col("text")?, col("label")?);
        let (key, text, label) = (key.as_string::<i32>(), text.as_string::<i32>(), label.as_string::<i32>());
        for i in 0..b.num_rows() {
            let Some(&(source, group, cluster)) = copies.get(key.value(i)) else { continue };
            let k = (source.to_owned(), group.to_owned(), cluster.to_owned(), label.value(i).to_owned());
            let row = out.entry(k).or_insert_with_key(|(s, g, c, l)| GroupCopies {
                source: s.clone(),
                group_id: g.clone(),
                cluster: c.clone(),
                label: l.clone(),
                ..GroupCopies::default()
            });
            row.copies += 1;
            let (han, words) = reading_units(text.value(i));
            row.zh += han;
            row.en += words;
        }
    }
    let rows: Vec<GroupCopies> = out.into_values().collect();
    let fields = [
        ("source", DataType::Utf8),
        ("group_id", DataType::Utf8),
        ("cluster", DataType::Utf8),
        ("label", DataType::Utf8),
        ("copies", DataType::Int64),
        ("zh", DataType::Int64),
        ("en", DataType::Int64),
    ];
    tables::from_flat_rows(CROSS_POST_GROUPS, &fields, &rows)
}
