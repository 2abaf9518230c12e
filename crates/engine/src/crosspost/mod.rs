//! Cross-posted notices: the same or nearly the same message in several groups.
//!
//! The label pass ([`crate::labels`]) picks the candidates as it reads each message (human messages of at least
//! `cross_post_min_chars` canonical characters, `cross_post_min_chars_important` for notices, that are not acks,
//! greetings, flattery or system records). The
//! `text` crate then gives each distinct text, on every core, its exact hash and, for texts over 11 characters, 25
//! MinHash-LSH band hashes over character 2-grams; texts sharing a hash make a bucket of their copies
//! ([`buckets`]), and every bucket that spans two or more groups holds candidates. Each copy is paired with the
//! latest earlier copies of its buckets within `cross_post_hours`; the pairs are verified exactly (same canonical
//! text, or Jaccard / containment of 2-gram sets above the thresholds; messages that differ only in a name are
//! templates, not copies) in the order the later copy was posted, and verified pairs join their copies by
//! union-find; a group of copies that runs on past the window (a notice posted again day after day) is cut in
//! time into clusters within the window, copies closest in time together ([`join`]). A cluster is a cross-post
//! when its copies stand in at least two groups.
//! `jj_fp_chars` and `jj_fp_hashes` expose the same fingerprints to ad-hoc SQL.

use crate::config::AuditConfig;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder, ListBuilder, RecordBatch, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema, SchemaRef};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use datafusion::prelude::SessionContext;
use jingjian_model::time::to_rfc3339;
use jingjian_text::fingerprint::{self, Fingerprint, Fingerprinter};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

mod buckets;
mod join;
mod parallel;

use buckets::{Texts, buckets};
use parallel::{cores, ranges, side_by_side, sorted_ranges, split_by_work};

/// Each candidate is compared with at most this many earlier members of each of its buckets (those within the
/// window), so a bucket of a text posted every day all year costs linear, not quadratic, time.
const MAX_COMPARE: usize = 16;

/// One cross-posted notice and its copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossPost {
    /// `xp-` and 12 hex digits of the first copy's key.
    pub id: String,
    /// (source, group id) of every group it stands in, in order of first appearance.
    pub groups: Vec<(String, String)>,
    /// The copies: (key, group id, message id, time).
    #[serde(skip)]
    pub copies: Vec<(String, String, String, i64)>,
    /// Each copy's row among the cross-post candidates the search was given (counting across their batches), in
    /// the order of `copies`.
    #[serde(skip)]
    pub rows: Vec<u32>,
    /// Number of copies.
    pub copy_count: usize,
    /// The first copy's time.
    pub first: String,
    /// The first 80 characters of the first copy.
    pub excerpt: String,
}

/// `jj_fp_chars(text) -> BIGINT`: canonical characters (what the length thresholds count).
#[derive(Debug, PartialEq, Eq, Hash)]
struct FpChars {
    signature: Signature,
}

/// `jj_fp_hashes(text) -> LIST<BIGINT>`: the exact hash, then the LSH band hashes.
#[derive(Debug, PartialEq, Eq, Hash)]
struct FpHashes {
    signature: Signature,
}

fn text_arg(args: &ScalarFunctionArgs, name: &str) -> Result<ArrayRef> {
    let a = ColumnarValue::values_to_arrays(&args.args)?;
    let Some(a) = a.into_iter().next() else { return exec_err!("{name} takes one argument") };
    Ok(cast(&a, &DataType::Utf8)?)
}

impl ScalarUDFImpl for FpChars {
    fn name(&self) -> &str {
        "jj_fp_chars"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let a = text_arg(&args, self.name())?;
        let s = a.as_string::<i32>();
        let mut out = Int64Builder::with_capacity(s.len());
        for i in 0..s.len() {
            out.append_option((!s.is_null(i)).then(|| fingerprint::canonical(s.value(i)).chars().count() as i64));
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

impl ScalarUDFImpl for FpHashes {
    fn name(&self) -> &str {
        "jj_fp_hashes"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::List(Arc::new(Field::new("item", DataType::Int64, true))))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let a = text_arg(&args, self.name())?;
        let s = a.as_string::<i32>();
        let fp = Fingerprinter::default();
        let mut out = ListBuilder::new(Int64Builder::new());
        for i in 0..s.len() {
            if s.is_null(i) {
                out.append(false);
                continue;
            }
            for h in tagged_hashes(fp.fingerprint(s.value(i))) {
                out.values().append_value(h as i64);
            }
            out.append(true);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// A fingerprint's hashes as the buckets and `jj_fp_hashes` use them: the exact hash, tagged so that it never meets
/// a band hash by accident, then the LSH band hashes.
fn tagged_hashes(f: Fingerprint) -> impl Iterator<Item = u64> {
    std::iter::once(f.exact ^ 0x5a5a_5a5a_0000_0001).chain(f.bands)
}

/// Registers the fingerprint functions.
pub fn register(ctx: &SessionContext) {
    let sig = || Signature::exact(vec![DataType::Utf8], Volatility::Immutable);
    ctx.register_udf(ScalarUDF::from(FpChars { signature: sig() }));
    ctx.register_udf(ScalarUDF::from(FpHashes { signature: sig() }));
}

/// The candidates, column by column (with the canonical text the label pass computed), borrowed from their
/// batches; each one's group as an index into `groups`.
struct Candidates<'a> {
    key: Vec<&'a str>,
    id: Vec<&'a str>,
    t: Vec<i64>,
    text: Vec<&'a str>,
    canon: Vec<&'a str>,
    group: Vec<u32>,
    groups: Vec<(&'a str, &'a str)>,
}

impl<'a> Candidates<'a> {
    fn read(batches: &'a [RecordBatch]) -> Result<Candidates<'a>> {
        let rows = batches.iter().map(RecordBatch::num_rows).sum();
        let mut c = Candidates {
            key: Vec::with_capacity(rows),
            id: Vec::with_capacity(rows),
            t: Vec::with_capacity(rows),
            text: Vec::with_capacity(rows),
            canon: Vec::with_capacity(rows),
            group: Vec::with_capacity(rows),
            groups: Vec::new(),
        };
        let mut group_ids: FxHashMap<(&str, &str), u32> = FxHashMap::default();
        for b in batches {
            let col = |name: &str| crate::rows::own_text(b, name);
            let (key, source, group, id, text, canon) =
                (col("key")?, col("source")?, col("group_id")?, col("id")?, col("text")?, col("canon")?);
            let Some(t) = b.column_by_name("t").and_then(|c| c.as_primitive_opt::<Int64Type>()) else {
                return exec_err!("cross-post candidates: `t` is not a 64-bit integer column");
            };
            for i in 0..b.num_rows() {
                let g = (source.value(i), group.value(i));
                let next = group_ids.len() as u32;
                let gi = *group_ids.entry(g).or_insert_with(|| {
                    c.groups.push(g);
                    next
                });
                c.key.push(key.value(i));
                c.id.push(id.value(i));
                c.t.push(t.value(i));
                c.text.push(text.value(i));
                c.canon.push(canon.value(i));
                c.group.push(gi);
            }
        }
        Ok(c)
    }

    fn len(&self) -> usize {
        self.key.len()
    }
}

/// Finds every cross-post cluster among the candidates the label pass picked ([`crate::labels::Labelled`]).
/// `one_core` is called when the search leaves its steps that use every core (fingerprints, buckets, pairs): the
/// rest (joining the pairs, the clusters) runs on one, and the caller may start other work.
pub fn find(candidates: &[RecordBatch], cfg: &AuditConfig, one_core: impl FnOnce()) -> Result<Vec<CrossPost>> {
    let msgs = Candidates::read(candidates)?;
    // The distinct texts and the time order of the candidates, each on a core of its own.
    let (texts, (order, rank)) = std::thread::scope(|s| {
        let in_time_order = s.spawn(|| time_order(&msgs.t));
        (Texts::of(&msgs), in_time_order.join().expect("the candidates' time order"))
    });
    let mut buckets = buckets(&msgs, &texts);
    let window = cfg.cross_post_hours as i64 * 3_600_000;
    // Candidate pairs from every bucket (each copy against the latest earlier copies within the window), then
    // verified in the order of the later copy's time, so that clusters grow as the copies were posted and never
    // span more than the window, whichever bucket a pair came from.
    let t = &msgs.t;
    let kinds = TextKinds::of(&buckets, &texts);
    let pairs = pairs(&msgs, &texts, &kinds, &mut buckets, &rank, window);
    let canon: Vec<&str> = texts.first.iter().map(|&i| msgs.canon[i as usize]).collect();
    let shingles = shingles(&canon, &kinds.verifiable);
    one_core();
    // The union-find runs over time ranks, the order the pairs come in: the later copies of successive pairs are
    // neighbours in its arrays, and the earlier ones near them.
    let text_at: Vec<u32> = order.iter().map(|&i| texts.of[i as usize]).collect();
    let near = |a: &str, sa: &[u64], b: &str, sb: &[u64]| {
        fingerprint::is_copy(a, sa, b, sb, cfg.cross_post_jaccard, cfg.cross_post_containment)
    };
    let mut uf = join::join(pairs.iter().flatten().copied(), &text_at, (&canon, shingles), near);
    // The cross-posts are made on every core again (their copies' keys, groups and ids are 0.4M strings at 10M).
    let mut clusters = clusters(&mut uf, &order, t, window);
    let shares = split_by_work(&mut clusters, cores(), |c| c.len() as u64);
    let made = side_by_side(shares.into_iter().map(|share| {
        let msgs = &msgs;
        move || share.iter_mut().filter_map(|c| cross_post(msgs, std::mem::take(c))).collect::<Vec<_>>()
    }));
    let mut out: Vec<CrossPost> = made.into_iter().flatten().collect();
    out.sort_by(|a, b| b.groups.len().cmp(&a.groups.len()).then(a.first.cmp(&b.first)));
    Ok(out)
}

/// The candidates (their times `t`) in time order, and each one's rank in that order: a pair (later i, earlier j)
/// packs into one u64 that sorts by i's time, then j's from the latest down.
fn time_order(t: &[i64]) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..t.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (t[i as usize], i));
    let mut rank = vec![0u32; t.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    (order, rank)
}

/// What the buckets say of each text.
struct TextKinds {
    /// The text has a bucket of its own copies only (its exact hash's, at least).
    whole: Vec<bool>,
    /// The text shares a bucket with another text: only such texts are ever verified (copies of one text join
    /// unverified).
    verifiable: Vec<bool>,
}

impl TextKinds {
    fn of(buckets: &[Vec<u32>], texts: &Texts) -> TextKinds {
        let text_of = |i: u32| texts.of[i as usize];
        let mut kinds = TextKinds { whole: vec![false; texts.first.len()], verifiable: vec![false; texts.first.len()] };
        for members in buckets {
            let t0 = text_of(members[0]);
            if members.iter().all(|&i| text_of(i) == t0) {
                kinds.whole[t0 as usize] = true;
            } else {
                members.iter().for_each(|&i| kinds.verifiable[text_of(i) as usize] = true);
            }
        }
        kinds
    }
}

/// The candidate pairs of every bucket, sorted and distinct, in consecutive ranges: each copy against the latest earlier copies of the
/// bucket (at most [`MAX_COMPARE`]) within `window`, packed as later rank << 32 | `u32::MAX` − earlier rank.
///
/// A bucket of one text holds every copy of it (copies share all their hashes). A bucket of several texts then
/// need not pair two copies of a text that has its own bucket: among a copy's latest earlier members within the
/// window, those of its own text are its latest earlier copies, which its own bucket pairs it with already. (At
/// 10M: 4.7M of the 37.6M pairs made, which only the de-duplication dropped before.)
///
/// Buckets are shared among the cores by the pairs they make (a few large buckets make most of them); each core
/// deals its pairs into ranges of later ranks ([`ranges`]) as it makes them, and the cores then sort and
/// de-duplicate the ranges, each range on one core.
fn pairs(
    msgs: &Candidates,
    texts: &Texts,
    kinds: &TextKinds,
    buckets: &mut [Vec<u32>],
    rank: &[u32],
    window: i64,
) -> Vec<Vec<u64>> {
    let (t, text_of) = (&msgs.t, |i: u32| texts.of[i as usize]);
    let parts = ranges();
    // A pair's high half is the later copy's rank, below `msgs.len()`.
    let ranks = (msgs.len() as u64).max(1);
    let range_of_pair = |p: u64| (((p >> 32) * parts as u64 / ranks) as usize).min(parts - 1);
    let pairs_of = |buckets: &mut [Vec<u32>]| {
        let mut pairs: Vec<Vec<u64>> = vec![Vec::new(); parts];
        // Each member's (rank, time, text), gathered once per bucket and sorted by rank: the loop over earlier
        // members then reads a few neighbouring entries instead of three arrays of every candidate at random.
        let mut local: Vec<(u32, i64, u32)> = Vec::new();
        for members in buckets.iter() {
            local.clear();
            local.extend(members.iter().map(|&i| (rank[i as usize], t[i as usize], text_of(i))));
            local.sort_unstable_by_key(|m| m.0);
            let t0 = local[0].2;
            let mixed = local.iter().any(|m| m.2 != t0);
            for (pos, &(ri, ti, xi)) in local.iter().enumerate() {
                let own_whole = mixed && kinds.whole[xi as usize];
                let later = u64::from(ri) << 32;
                let into = &mut pairs[range_of_pair(later)];
                let earlier = local[..pos].iter().rev().take(MAX_COMPARE);
                let near = earlier.take_while(|&&(_, tj, _)| ti - tj <= window);
                into.extend(
                    near.filter(|&&(_, _, xj)| !(own_whole && xj == xi))
                        .map(|&(rj, _, _)| later | u64::from(u32::MAX - rj)),
                );
            }
        }
        pairs
    };
    let shares = split_by_work(buckets, cores(), |b| (b.len() * b.len().min(MAX_COMPARE) + b.len()) as u64);
    let made: Vec<Vec<Vec<u64>>> = side_by_side(shares.into_iter().map(|share| move || pairs_of(share)));
    sorted_ranges(&made, |mut range| {
        range.dedup();
        range.shrink_to_fit();
        range
    })
}

/// The 2-gram sets of the `verifiable` texts, made on every core before the union rather than one by one as it
/// asks.
fn shingles(canon: &[&str], verifiable: &[bool]) -> Vec<Option<Vec<u64>>> {
    let texts: Vec<u32> = (0..canon.len() as u32).filter(|&t| verifiable[t as usize]).collect();
    let chunk = texts.len().div_ceil(cores()).max(1);
    let made: Vec<Vec<Vec<u64>>> = side_by_side(
        texts
            .chunks(chunk)
            .map(|share| move || share.iter().map(|&t| fingerprint::shingles(canon[t as usize])).collect()),
    );
    let mut shingles = vec![None; canon.len()];
    for (t, set) in texts.into_iter().zip(made.into_iter().flatten()) {
        shingles[t as usize] = Some(set);
    }
    shingles
}

/// The clusters of two copies or more as candidate indices in time order, in the order of their first candidate
/// (most candidates are alone: they get no list): the union's groups, each cut into runs within `window`
/// ([`join::segments`]). `order` gives the candidate at each time rank, `t` each candidate's time.
fn clusters(uf: &mut join::UnionFind, order: &[u32], t: &[i64], window: i64) -> Vec<Vec<usize>> {
    let roots: Vec<usize> = (0..order.len()).map(|r| uf.find(r)).collect();
    let mut size = vec![0u32; roots.len()];
    roots.iter().for_each(|&root| size[root] += 1);
    let mut slot = vec![u32::MAX; roots.len()];
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (r, &root) in roots.iter().enumerate() {
        if size[root] < 2 {
            continue;
        }
        if slot[root] == u32::MAX {
            slot[root] = clusters.len() as u32;
            clusters.push(Vec::with_capacity(size[root] as usize));
        }
        clusters[slot[root] as usize].push(order[r] as usize);
    }
    let mut runs: Vec<Vec<usize>> = Vec::with_capacity(clusters.len());
    let mut times = Vec::new();
    for members in clusters {
        times.clear();
        times.extend(members.iter().map(|&i| t[i]));
        let ends = join::segments(&times, window);
        if ends.len() == 1 {
            runs.push(members);
            continue;
        }
        let mut start = 0;
        for end in ends {
            if end - start >= 2 {
                runs.push(members[start..end].to_vec());
            }
            start = end;
        }
    }
    runs.sort_unstable_by_key(|members| members.iter().copied().min());
    runs
}

/// The cross-post a cluster makes, if its copies stand in two groups or more.
fn cross_post(msgs: &Candidates, mut members: Vec<usize>) -> Option<CrossPost> {
    let t = &msgs.t;
    members.sort_by_key(|&i| (t[i], i));
    let mut seen = FxHashSet::default();
    let groups: Vec<(String, String)> = members
        .iter()
        .map(|&i| msgs.group[i])
        .filter(|&g| seen.insert(g))
        .map(|g| (msgs.groups[g as usize].0.to_owned(), msgs.groups[g as usize].1.to_owned()))
        .collect();
    if groups.len() < 2 {
        return None;
    }
    let first = members[0];
    Some(CrossPost {
        id: format!("xp-{}", &msgs.key[first][..12.min(msgs.key[first].len())]),
        groups,
        copy_count: members.len(),
        copies: members
            .iter()
            .map(|&i| {
                let g = msgs.groups[msgs.group[i] as usize];
                (msgs.key[i].to_owned(), g.1.to_owned(), msgs.id[i].to_owned(), t[i])
            })
            .collect(),
        rows: members.iter().map(|&i| i as u32).collect(),
        first: to_rfc3339(t[first]),
        excerpt: msgs.text[first].chars().take(80).collect(),
    })
}

/// The `cross_posts` table: one row per copy.
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("key", DataType::Utf8, false),
        Field::new("group_id", DataType::Utf8, false),
        Field::new("id", DataType::Utf8, false),
        Field::new("cluster", DataType::Utf8, false),
    ]))
}

/// The `cross_posts` table's rows.
pub fn to_batch(clusters: &[CrossPost]) -> Result<RecordBatch> {
    let mut b: [StringBuilder; 4] = Default::default();
    for c in clusters {
        for (key, group, id, _) in &c.copies {
            b[0].append_value(key);
            b[1].append_value(group);
            b[2].append_value(id);
            b[3].append_value(&c.id);
        }
    }
    Ok(RecordBatch::try_new(schema(), b.iter_mut().map(|x| Arc::new(x.finish()) as ArrayRef).collect())?)
}
