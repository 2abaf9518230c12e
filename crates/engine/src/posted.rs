//! Two small tables the audit stores for the planner: what each member posted in each group (acks, check-ins),
//! and each group's cross-posted copies by cluster and label with their reading units. The label pass and the
//! cross-post search have these figures at hand; storing them spares `plan`, `report` and `trend` two joins of
//! every message with its label (most of their time on a large workspace).

use crate::EngineError;
use crate::crosspost::CrossPost;
use crate::tables;
use crate::tally::Tallies;
use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use jingjian_store::DerivedTable;
use jingjian_text::reading::reading_units;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

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
    rows.sort_unstable_by(|a, b| (a.source, a.sender, a.group_id).cmp(&(b.source, b.sender, b.group_id)));
    member_posts_table(&rows)
}

/// The columns of the `member_posts` table, as [`tables::from_flat_rows`] gives them.
const MEMBER_POSTS_FIELDS: [(&str, DataType); 5] = [
    ("source", DataType::Utf8),
    ("sender", DataType::Utf8),
    ("group_id", DataType::Utf8),
    ("acks", DataType::Int64),
    ("check_ins", DataType::Int64),
];

/// The `member_posts` table of `rows`: the table [`tables::from_flat_rows`] makes (columns in name order, all
/// nullable), built straight into Arrow arrays.
fn member_posts_table<'a>(rows: &[MemberPost<'a>]) -> Result<DerivedTable, EngineError> {
    if rows.is_empty() {
        return tables::from_flat_rows(MEMBER_POSTS, &MEMBER_POSTS_FIELDS, rows);
    }
    let columns: [(&str, ArrayRef); 5] = [
        ("acks", tables::counts(rows, |r| r.acks)),
        ("check_ins", tables::counts(rows, |r| r.check_ins)),
        ("group_id", tables::texts(rows, |r| r.group_id)),
        ("sender", tables::texts(rows, |r| r.sender)),
        ("source", tables::texts(rows, |r| r.source)),
    ];
    tables::from_columns(MEMBER_POSTS, columns)
}

/// Copies by (group number, cluster index, label): (copies, Han characters, Latin words).
type Copies<'a> = FxHashMap<(u32, u32, &'a str), (u64, u64, u64)>;

#[derive(Serialize)]
struct GroupCopies<'a> {
    source: &'a str,
    group_id: &'a str,
    cluster: &'a str,
    label: &'a str,
    copies: u64,
    zh: u64,
    en: u64,
}

/// The `cross_post_groups` table: for every cross-post cluster, the copies in each group by label, with their
/// Han characters and Latin words. Labels and texts come from the cross-post candidates.
pub fn cross_post_groups<'a>(
    clusters: &'a [CrossPost],
    candidates: &'a [RecordBatch],
) -> Result<DerivedTable, EngineError> {
    // Groups and clusters numbered in the order of their names, so that the rows sort by number (sorting the rows
    // by their strings took most of the table's time at 10M messages).
    let names: FxHashSet<(&str, &str)> =
        clusters.iter().flat_map(|c| c.groups.iter().map(|(s, g)| (s.as_str(), g.as_str()))).collect();
    let mut names: Vec<(&str, &str)> = names.into_iter().collect();
    names.sort_unstable();
    let group_no: FxHashMap<(&str, &str), u32> = names.iter().enumerate().map(|(i, &g)| (g, i as u32)).collect();
    let mut by_id: Vec<u32> = (0..clusters.len() as u32).collect();
    by_id.sort_unstable_by_key(|&c| clusters[c as usize].id.as_str());
    // Copy key → (group number, cluster index); a cluster's groups looked up by id once each, not once per copy.
    let mut copies: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    for &ci in &by_id {
        let c = &clusters[ci as usize];
        let mut number_of: FxHashMap<&str, u32> = FxHashMap::default();
        for (source, group) in &c.groups {
            number_of.entry(group).or_insert(group_no[&(source.as_str(), group.as_str())]);
        }
        for (key, group, _, _) in &c.copies {
            let Some(&g) = number_of.get(group.as_str()) else { continue };
            copies.insert(key, (g, ci));
        }
    }
    let rank: Vec<u32> = {
        let mut rank = vec![0; clusters.len()];
        by_id.iter().enumerate().for_each(|(r, &c)| rank[c as usize] = r as u32);
        rank
    };
    // (group number, cluster index, label) → (copies, Han characters, Latin words), over the candidates' two
    // halves on two cores (millions of candidates at 10M messages).
    let tally = |batches: &'a [RecordBatch]| -> Result<Copies<'a>, EngineError> {
        let mut out = Copies::default();
        for b in batches {
            let col = |name: &str| crate::rows::own_text(b, name);
            let (key, text, label) = (col("key")?, col("text")?, col("label")?);
            for i in 0..b.num_rows() {
                let Some(&(group, cluster)) = copies.get(key.value(i)) else { continue };
                let row = out.entry((group, cluster, label.value(i))).or_default();
                let (han, words) = reading_units(text.value(i));
                *row = (row.0 + 1, row.1 + han, row.2 + words);
            }
        }
        Ok(out)
    };
    let (first, second) = candidates.split_at(candidates.len() / 2);
    let (out, other) = std::thread::scope(|s| {
        let other = s.spawn(|| tally(second));
        (tally(first), other.join().expect("the second half's tally"))
    });
    let mut out = out?;
    for (k, (n, han, words)) in other? {
        let row = out.entry(k).or_default();
        *row = (row.0 + n, row.1 + han, row.2 + words);
    }
    let mut rows: Vec<_> = out.into_iter().collect();
    rows.sort_unstable_by_key(|&((group, cluster, label), _)| (group, rank[cluster as usize], label));
    let rows: Vec<GroupCopies> = rows
        .into_iter()
        .map(|((group, cluster, label), (copies, zh, en))| GroupCopies {
            source: names[group as usize].0,
            group_id: names[group as usize].1,
            cluster: &clusters[cluster as usize].id,
            label,
            copies,
            zh,
            en,
        })
        .collect();
    group_copies_table(&rows)
}

/// The columns of the `cross_post_groups` table, as [`tables::from_flat_rows`] gives them.
const GROUP_COPIES_FIELDS: [(&str, DataType); 7] = [
    ("source", DataType::Utf8),
    ("group_id", DataType::Utf8),
    ("cluster", DataType::Utf8),
    ("label", DataType::Utf8),
    ("copies", DataType::Int64),
    ("zh", DataType::Int64),
    ("en", DataType::Int64),
];

/// The `cross_post_groups` table of `rows`: the table [`tables::from_flat_rows`] makes (columns in name order, all
/// nullable), built straight into Arrow arrays (through JSON it took 0.3 s for 372,248 rows at 10M messages).
fn group_copies_table<'a>(rows: &[GroupCopies<'a>]) -> Result<DerivedTable, EngineError> {
    if rows.is_empty() {
        return tables::from_flat_rows(CROSS_POST_GROUPS, &GROUP_COPIES_FIELDS, rows);
    }
    let columns: [(&str, ArrayRef); 7] = [
        ("cluster", tables::texts(rows, |r| r.cluster)),
        ("copies", tables::counts(rows, |r| r.copies)),
        ("en", tables::counts(rows, |r| r.en)),
        ("group_id", tables::texts(rows, |r| r.group_id)),
        ("label", tables::texts(rows, |r| r.label)),
        ("source", tables::texts(rows, |r| r.source)),
        ("zh", tables::counts(rows, |r| r.zh)),
    ];
    tables::from_columns(CROSS_POST_GROUPS, columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::compute::concat_batches;

    #[test]
    fn member_posts_make_the_table_the_json_route_makes() {
        let row = |sender, group_id, acks, check_ins| MemberPost { source: "wecom", sender, group_id, acks, check_ins };
        let rows = [row("a", "g1", 3, 0), row("a", "g2", 0, 2), row("张三", "g1", 1, 1)];
        let direct = member_posts_table(&rows).unwrap();
        let json = tables::from_flat_rows(MEMBER_POSTS, &MEMBER_POSTS_FIELDS, &rows).unwrap();
        assert_eq!(direct.schema, json.schema);
        let all = |t: &DerivedTable| concat_batches(&t.schema, &t.batches).unwrap();
        assert_eq!(all(&direct), all(&json));
        assert_eq!(all(&direct).num_rows(), 3);
    }

    #[test]
    fn copies_by_group_make_the_table_the_json_route_makes() {
        let row = |group_id, cluster, label, copies| GroupCopies {
            source: "wecom",
            group_id,
            cluster,
            label,
            copies,
            zh: copies * 40,
            en: copies,
        };
        let rows =
            [row("g1", "xp-1", "important", 3), row("g1", "xp-2", "noise", 1), row("g2", "xp-1", "important", 2)];
        let direct = group_copies_table(&rows).unwrap();
        let json = tables::from_flat_rows(CROSS_POST_GROUPS, &GROUP_COPIES_FIELDS, &rows).unwrap();
        assert_eq!(direct.schema, json.schema);
        let all = |t: &DerivedTable| concat_batches(&t.schema, &t.batches).unwrap();
        assert_eq!(all(&direct), all(&json));
        assert_eq!(all(&direct).num_rows(), 3);
        let none: [GroupCopies; 0] = [];
        assert_eq!(
            group_copies_table(&none).unwrap().schema,
            tables::from_flat_rows("t", &GROUP_COPIES_FIELDS, &none).unwrap().schema
        );
    }
}
