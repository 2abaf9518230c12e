//! Two small tables the audit stores for the planner: what each member posted in each group (acks, check-ins),
//! and each group's cross-posted copies by cluster and label with their reading units. The label pass and the
//! cross-post search have these figures at hand; storing them spares `plan`, `report` and `trend` two joins of
//! every message with its label (most of their time on a large workspace).

use crate::EngineError;
use crate::crosspost::CrossPost;
use crate::tables;
use crate::tally::Tallies;
use datafusion::arrow::array::RecordBatch;
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

/// The `member_posts` table of `rows`: the table [`tables::from_flat_rows`] makes (columns in name order, all
/// nullable), built straight into Arrow arrays.
fn member_posts_table(rows: &[MemberPost<'_>]) -> Result<DerivedTable, EngineError> {
    tables::of_rows(MEMBER_POSTS, rows, |rows| {
        [
            ("acks", tables::counts(rows, |r| r.acks)),
            ("check_ins", tables::counts(rows, |r| r.check_ins)),
            ("group_id", tables::texts(rows, |r| r.group_id)),
            ("sender", tables::texts(rows, |r| r.sender)),
            ("source", tables::texts(rows, |r| r.source)),
        ]
    })
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
/// Han characters and Latin words. Labels and texts come from the cross-post candidates, the batches the search
/// was given.
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
    let rank: Vec<u32> = {
        let mut rank = vec![0; clusters.len()];
        by_id.iter().enumerate().for_each(|(r, &c)| rank[c as usize] = r as u32);
        rank
    };
    // Each copy's label and text read at its row among the candidates (a copy knows it): the first row of each
    // batch, and each batch's columns.
    let mut starts = Vec::with_capacity(candidates.len());
    let mut columns = Vec::with_capacity(candidates.len());
    let mut before = 0usize;
    for b in candidates {
        starts.push(before);
        before += b.num_rows();
        columns.push((crate::rows::own_text(b, "text")?, crate::rows::own_text(b, "label")?));
    }
    // (group number, cluster index, label) → (copies, Han characters, Latin words), counted cluster by cluster in
    // a small map (one over all clusters grew to 0.37M entries at 10M messages), the clusters in two halves on two
    // cores (the copies' texts are read for their reading units: 0.4M notices at 10M messages).
    let count = |from: usize, share: &'a [CrossPost]| {
        let mut cluster: Copies = Copies::default();
        let mut out: Vec<_> = Vec::new();
        for (k, c) in share.iter().enumerate() {
            let ci = (from + k) as u32;
            let mut number_of: FxHashMap<&str, u32> = FxHashMap::default();
            for (source, group) in &c.groups {
                number_of.entry(group).or_insert(group_no[&(source.as_str(), group.as_str())]);
            }
            // Copies of a notice often carry the same text: its reading units are counted once.
            let mut last: Option<(&str, (u64, u64))> = None;
            for ((_, group, _, _), &row) in c.copies.iter().zip(&c.rows) {
                let Some(&g) = number_of.get(group.as_str()) else { continue };
                let batch = starts.partition_point(|&s| s <= row as usize) - 1;
                let (text, label) = columns[batch];
                let i = row as usize - starts[batch];
                let text = text.value(i);
                let (han, words) = match last {
                    Some((t, units)) if t == text => units,
                    _ => last.insert((text, reading_units(text))).1,
                };
                let counts = cluster.entry((g, ci, label.value(i))).or_default();
                *counts = (counts.0 + 1, counts.1 + han, counts.2 + words);
            }
            out.extend(cluster.drain());
        }
        out
    };
    let copies: usize = clusters.iter().map(|c| c.rows.len()).sum();
    let mut seen = 0;
    let half = clusters.iter().take_while(|c| {
        seen += c.rows.len();
        seen <= copies / 2
    });
    let (first, second) = clusters.split_at(half.count());
    let mut rows = std::thread::scope(|s| {
        let other = s.spawn(|| count(first.len(), second));
        let mut rows = count(0, first);
        rows.extend(other.join().expect("the second half's copies"));
        rows
    });
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

/// The `cross_post_groups` table of `rows`: the table [`tables::from_flat_rows`] makes (columns in name order, all
/// nullable), built straight into Arrow arrays (through JSON it took 0.3 s for 372,248 rows at 10M messages).
fn group_copies_table(rows: &[GroupCopies<'_>]) -> Result<DerivedTable, EngineError> {
    tables::of_rows(CROSS_POST_GROUPS, rows, |rows| {
        [
            ("cluster", tables::texts(rows, |r| r.cluster)),
            ("copies", tables::counts(rows, |r| r.copies)),
            ("en", tables::counts(rows, |r| r.en)),
            ("group_id", tables::texts(rows, |r| r.group_id)),
            ("label", tables::texts(rows, |r| r.label)),
            ("source", tables::texts(rows, |r| r.source)),
            ("zh", tables::counts(rows, |r| r.zh)),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::compute::concat_batches;
    use datafusion::arrow::datatypes::DataType;

    /// The columns of the `member_posts` table, the reference the JSON route is given.
    const MEMBER_POSTS_FIELDS: [(&str, DataType); 5] = [
        ("source", DataType::Utf8),
        ("sender", DataType::Utf8),
        ("group_id", DataType::Utf8),
        ("acks", DataType::Int64),
        ("check_ins", DataType::Int64),
    ];

    /// The columns of the `cross_post_groups` table, the reference the JSON route is given.
    const GROUP_COPIES_FIELDS: [(&str, DataType); 7] = [
        ("source", DataType::Utf8),
        ("group_id", DataType::Utf8),
        ("cluster", DataType::Utf8),
        ("label", DataType::Utf8),
        ("copies", DataType::Int64),
        ("zh", DataType::Int64),
        ("en", DataType::Int64),
    ];

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
