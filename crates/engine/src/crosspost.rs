//! Cross-posted notices: the same or nearly the same message in several groups.
//!
//! A DataFusion plan picks the candidates (human messages of at least `cross_post_min_chars` canonical characters,
//! `cross_post_min_chars_important` for notices, that are not acks, greetings, flattery or system records), computes each one's fingerprint with the `text`
//! crate through a UDF (the exact hash of the canonical text, plus 25 MinHash-LSH band hashes over character
//! 2-grams for texts over 11 characters), unnests them and groups by hash: every bucket that spans two or more
//! groups holds candidates. Each candidate pair is then verified exactly (same canonical text, or Jaccard /
//! containment of 2-gram sets above the thresholds; messages that differ only in a name are templates, not
//! copies) and within `cross_post_hours`; verified pairs join clusters by union-find. A cluster is a cross-post
//! when its copies stand in at least two groups.

use crate::config::AuditConfig;
use crate::rows::Rows;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Builder, ListBuilder, RecordBatch, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::{Result, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility};
use datafusion::prelude::SessionContext;
use jingjian_model::time::to_rfc3339;
use jingjian_text::fingerprint::{self, Fingerprinter};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
            let f = fp.fingerprint(s.value(i));
            // The exact hash is tagged so that it never meets a band hash by accident.
            out.values().append_value((f.exact ^ 0x5a5a_5a5a_0000_0001) as i64);
            for b in f.bands {
                out.values().append_value(b as i64);
            }
            out.append(true);
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

/// Registers the fingerprint functions.
pub fn register(ctx: &SessionContext) {
    let sig = || Signature::exact(vec![DataType::Utf8], Volatility::Immutable);
    ctx.register_udf(ScalarUDF::from(FpChars { signature: sig() }));
    ctx.register_udf(ScalarUDF::from(FpHashes { signature: sig() }));
}

/// Union-find over message indexes; each root also keeps its cluster's earliest and latest time, so that two
/// clusters join only when all their copies fall within the window (no chaining of a sentence repeated week
/// after week).
struct UnionFind {
    parent: Vec<usize>,
    first: Vec<i64>,
    last: Vec<i64>,
}

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut x = x;
        while self.parent[x] != r {
            let next = self.parent[x];
            self.parent[x] = r;
            x = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, gone) = (ra.min(rb), ra.max(rb));
            self.parent[gone] = keep;
            self.first[keep] = self.first[keep].min(self.first[gone]);
            self.last[keep] = self.last[keep].max(self.last[gone]);
        }
    }
    /// The time from the first to the last copy if the clusters of `a` and `b` joined.
    fn joined_span(&mut self, a: usize, b: usize) -> i64 {
        let (ra, rb) = (self.find(a), self.find(b));
        self.last[ra].max(self.last[rb]) - self.first[ra].min(self.first[rb])
    }
}

/// Finds every cross-post cluster. Needs the `labels` table registered.
pub async fn find(ctx: &SessionContext, cfg: &AuditConfig) -> Result<Vec<CrossPost>> {
    let cand = format!(
        "SELECT m.key, m.source, m.group_id, m.id, CAST(m.time AS BIGINT) / 1000 AS t, m.text
         FROM messages m JOIN labels l ON l.key = m.key
         WHERE m.kind NOT IN ('system', 'recall', 'bot')
           AND l.label NOT IN ('ack', 'greeting', 'flattery', 'system')
           AND jj_fp_chars(m.text) >= CASE WHEN l.label = 'important' THEN {min_important} ELSE {min} END",
        min = cfg.cross_post_min_chars,
        min_important = cfg.cross_post_min_chars_important,
    );
    let cand_table = ctx.sql(&cand).await?.collect().await?;
    let schema = cand_table.first().map(|b| b.schema()).unwrap_or_else(|| {
        Arc::new(Schema::new(vec![
            Field::new("key", DataType::Utf8, true),
            Field::new("source", DataType::Utf8, true),
            Field::new("group_id", DataType::Utf8, true),
            Field::new("id", DataType::Utf8, true),
            Field::new("t", DataType::Int64, true),
            Field::new("text", DataType::Utf8, true),
        ]))
    });
    let _ = ctx.deregister_table("jj_cand")?;
    ctx.register_table("jj_cand", Arc::new(datafusion::datasource::MemTable::try_new(schema, vec![cand_table])?))?;
    // Count hashes with a plain integer key and a plain count: most band hashes are unique, and per-bucket list
    // or distinct-set accumulators over millions of them would cost gigabytes. Only shared hashes come back.
    let sql = format!(
        "WITH h AS (SELECT key, source, group_id, unnest(jj_fp_hashes(text)) AS hash FROM jj_cand),
              shared AS (SELECT hash FROM h GROUP BY hash HAVING count(*) >= 2)
         SELECT h.hash, h.key, h.source, h.group_id FROM h JOIN shared s ON s.hash = h.hash"
    );
    let shared = Rows::new(ctx.sql(&sql).await?.collect().await?)?;
    let mut by_hash: HashMap<i64, Vec<(String, String, String)>> = HashMap::new();
    for r in shared.iter() {
        by_hash.entry(r.int("hash").unwrap_or(0)).or_default().push((
            r.str("key").unwrap_or_default(),
            r.str("source").unwrap_or_default(),
            r.str("group_id").unwrap_or_default(),
        ));
    }
    let mut buckets: Vec<Vec<String>> = Vec::new();
    let mut involved: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (_, members) in by_hash {
        let groups: std::collections::HashSet<(&str, &str)> =
            members.iter().map(|m| (m.1.as_str(), m.2.as_str())).collect();
        if groups.len() >= 2 {
            involved.extend(members.iter().map(|m| m.0.clone()));
            buckets.push(members.into_iter().map(|m| m.0).collect());
        }
    }
    buckets.sort();
    let rows = Rows::new(ctx.sql("SELECT key, source, group_id, id, t, text FROM jj_cand").await?.collect().await?)?;
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut msgs: Vec<(String, String, String, String, i64, String)> = Vec::new();
    for r in rows.iter() {
        let key = r.str("key").unwrap_or_default();
        if !involved.contains(&key) {
            continue;
        }
        index.insert(key.clone(), msgs.len());
        msgs.push((
            key,
            r.str("source").unwrap_or_default(),
            r.str("group_id").unwrap_or_default(),
            r.str("id").unwrap_or_default(),
            r.int("t").unwrap_or(0),
            r.str("text").unwrap_or_default(),
        ));
    }
    let _ = ctx.deregister_table("jj_cand")?;
    let window = cfg.cross_post_hours as i64 * 3_600_000;
    // Candidate pairs from every bucket (each copy against the latest earlier copies within the window), then
    // verified in the order of the later copy's time, so that clusters grow as the copies were posted and never
    // span more than the window, whichever bucket a pair came from.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for bucket in buckets {
        let mut members: Vec<usize> = bucket.iter().filter_map(|k| index.get(k).copied()).collect();
        members.sort_by_key(|&i| (msgs[i].4, i));
        members.dedup();
        for (pos, &i) in members.iter().enumerate() {
            let earlier = members[..pos].iter().rev().take(MAX_COMPARE);
            pairs.extend(earlier.take_while(|&&j| msgs[i].4 - msgs[j].4 <= window).map(|&j| (i, j)));
        }
    }
    pairs.sort_unstable_by_key(|&(i, j)| (msgs[i].4, i, std::cmp::Reverse((msgs[j].4, j))));
    pairs.dedup();
    let times: Vec<i64> = msgs.iter().map(|m| m.4).collect();
    let mut uf = UnionFind { parent: (0..msgs.len()).collect(), first: times.clone(), last: times };
    for (i, j) in pairs {
        if uf.find(i) == uf.find(j) || uf.joined_span(i, j) > window {
            continue;
        }
        let same = match fingerprint::verify(&msgs[i].5, &msgs[j].5) {
            fingerprint::Verdict::Same => true,
            fingerprint::Verdict::Near { jaccard, containment } => {
                jaccard >= cfg.cross_post_jaccard || containment >= cfg.cross_post_containment
            }
            _ => false,
        };
        if same {
            uf.union(i, j);
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..msgs.len() {
        let r = uf.find(i);
        clusters.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for (_, mut members) in clusters {
        members.sort_by_key(|&i| (msgs[i].4, i));
        let mut groups: Vec<(String, String)> = Vec::new();
        for &i in &members {
            let g = (msgs[i].1.clone(), msgs[i].2.clone());
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        if groups.len() < 2 {
            continue;
        }
        let first = &msgs[members[0]];
        out.push(CrossPost {
            id: format!("xp-{}", &first.0[..12.min(first.0.len())]),
            groups,
            copy_count: members.len(),
            copies: members
                .iter()
                .map(|&i| (msgs[i].0.clone(), msgs[i].2.clone(), msgs[i].3.clone(), msgs[i].4))
                .collect(),
            first: to_rfc3339(first.4),
            excerpt: first.5.chars().take(80).collect(),
        });
    }
    out.sort_by(|a, b| b.groups.len().cmp(&a.groups.len()).then(a.first.cmp(&b.first)));
    Ok(out)
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
