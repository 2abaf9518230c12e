//! Joining the candidate pairs into clusters. The pairs come in the order of the later copy's time; a verified
//! pair joins its copies' clusters by union-find unless the joined cluster would span more than the window.
//! Whether two texts are copies depends on the texts alone, so each pair of texts is verified once.
//!
//! (Verifying a stretch of pairs ahead on every core was tried: it verifies what the union would skip, because
//! an earlier pair of the stretch joined the copies already: 5.4M verifications instead of 1.9M at 10M
//! messages, slower on two cores.)

use rustc_hash::FxHashMap;

/// Union-find over message indexes; each root also keeps its cluster's earliest and latest time, so that two
/// clusters join only when all their copies fall within the window (no chaining of a sentence repeated week
/// after week).
pub(super) struct UnionFind {
    parent: Vec<u32>,
    first: Vec<i64>,
    last: Vec<i64>,
}

impl UnionFind {
    fn new(t: Vec<i64>) -> UnionFind {
        UnionFind { parent: (0..t.len() as u32).collect(), first: t.clone(), last: t }
    }

    /// The root of `x`'s cluster (halving the path on the way).
    pub(super) fn find(&mut self, x: usize) -> usize {
        let mut x = x;
        while self.parent[x] as usize != x {
            let up = self.parent[x] as usize;
            self.parent[x] = self.parent[up];
            x = up;
        }
        x
    }

    /// Joins the clusters of roots `ra` and `rb`.
    fn link(&mut self, ra: usize, rb: usize) {
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep as u32;
        self.first[keep] = self.first[keep].min(self.first[gone]);
        self.last[keep] = self.last[keep].max(self.last[gone]);
    }

    /// The time from the first to the last copy if the clusters of roots `ra` and `rb` joined.
    fn joined_span(&self, ra: usize, rb: usize) -> i64 {
        self.last[ra].max(self.last[rb]) - self.first[ra].min(self.first[rb])
    }
}

/// Joins the copies of `pairs` (later copy's time rank << 32 | `u32::MAX` − earlier copy's rank, sorted) into
/// clusters: `t_at` and `text_at` give each rank's time and text, `texts` each text's canonical form and its
/// 2-gram shingles where they were made already (the rest are made as needed), `near` whether two texts (with
/// their shingles) are copies.
pub(super) fn join<F>(
    pairs: impl IntoIterator<Item = u64>,
    t_at: Vec<i64>,
    text_at: &[u32],
    texts: (&[&str], Vec<Option<Vec<u64>>>),
    window: i64,
    near: F,
) -> UnionFind
where
    F: Fn(&str, &[u64], &str, &[u64]) -> bool,
{
    let (canon, mut shingles) = texts;
    let mut uf = UnionFind::new(t_at);
    let mut verified: FxHashMap<(u32, u32), bool> = FxHashMap::default();
    for p in pairs {
        let (i, j) = ((p >> 32) as usize, (u32::MAX - p as u32) as usize);
        let (ri, rj) = (uf.find(i), uf.find(j));
        if ri == rj || uf.joined_span(ri, rj) > window {
            continue;
        }
        let (a, b) = (text_at[i].min(text_at[j]), text_at[i].max(text_at[j]));
        let same = a == b
            || *verified.entry((a, b)).or_insert_with(|| {
                for t in [a, b] {
                    shingles[t as usize].get_or_insert_with(|| jingjian_text::fingerprint::shingles(canon[t as usize]));
                }
                let (sa, sb) = (shingles[a as usize].as_deref(), shingles[b as usize].as_deref());
                near(canon[a as usize], sa.unwrap_or_default(), canon[b as usize], sb.unwrap_or_default())
            });
        if same {
            uf.link(ri, rj);
        }
    }
    uf
}
