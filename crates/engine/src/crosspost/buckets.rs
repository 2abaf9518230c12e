//! The cross-post search's buckets: the candidates' distinct texts, their fingerprints, and the copies of the
//! texts that share a hash. All of it runs on every core: each core fingerprints a share of the texts and deals
//! (hash, text) into ranges of hashes, then the cores sort the ranges and cut them into runs.

use super::parallel::{cores, range_of, ranges, side_by_side, sorted_ranges};
use super::{Candidates, tagged_hashes};
use jingjian_text::fingerprint::Fingerprinter;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;

/// The candidates' distinct canonical texts: copies of one notice are one text, fingerprinted and verified once.
pub(super) struct Texts {
    /// Each candidate's text.
    pub(super) of: Vec<u32>,
    /// Each text's first candidate.
    pub(super) first: Vec<u32>,
    /// Each text's copies: `copies[starts[t]..starts[t + 1]]`, in candidate order.
    copies: Vec<u32>,
    starts: Vec<u32>,
}

impl Texts {
    pub(super) fn of(msgs: &Candidates) -> Texts {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut first = Vec::new();
        let of: Vec<u32> = (0..msgs.len())
            .map(|i| {
                *ids.entry(msgs.canon[i]).or_insert_with(|| {
                    first.push(i as u32);
                    first.len() as u32 - 1
                })
            })
            .collect();
        let mut starts = vec![0u32; first.len() + 1];
        of.iter().for_each(|&t| starts[t as usize + 1] += 1);
        (1..starts.len()).for_each(|t| starts[t] += starts[t - 1]);
        let mut filled = starts.clone();
        let mut copies = vec![0u32; of.len()];
        for (i, &t) in of.iter().enumerate() {
            copies[filled[t as usize] as usize] = i as u32;
            filled[t as usize] += 1;
        }
        Texts { of, first, copies, starts }
    }

    fn copies_of(&self, t: u32) -> &[u32] {
        &self.copies[self.starts[t as usize] as usize..self.starts[t as usize + 1] as usize]
    }
}

/// The buckets of candidates that share a hash (a text's exact hash, tagged so that it never meets a band hash by
/// accident, or one of its LSH band hashes) and stand in at least two groups. Each core fingerprints a share of the
/// texts and deals (hash, text) into ranges of hashes; the cores then sort the ranges and cut them into runs of
/// one hash, and a run's texts' copies make a bucket.
pub(super) fn buckets(msgs: &Candidates, texts: &Texts) -> Vec<Vec<u32>> {
    let parts = ranges();
    let chunk = texts.first.len().div_ceil(cores()).max(1);
    let dealt: Vec<Vec<Vec<(u64, u32)>>> =
        side_by_side(texts.first.chunks(chunk).enumerate().map(|(share, firsts)| {
            move || {
                let fp = Fingerprinter::default();
                let mut ranges: Vec<Vec<(u64, u32)>> = vec![Vec::new(); parts];
                for (k, &i) in firsts.iter().enumerate() {
                    let text = (share * chunk + k) as u32;
                    for h in tagged_hashes(fp.of_canonical(msgs.canon[i as usize])) {
                        ranges[range_of(h, parts)].push((h, text));
                    }
                }
                ranges
            }
        }));
    // Each bucket comes with a hash of its members, taken on the core that made it.
    let found: Vec<Vec<(u64, Vec<u32>)>> = sorted_ranges(&dealt, |hashes| {
        let mut out: Vec<(u64, Vec<u32>)> = Vec::new();
        for run in hashes.chunk_by(|a, b| a.0 == b.0) {
            let members = || run.iter().flat_map(|&(_, t)| texts.copies_of(t)).copied();
            let mut groups = members().map(|i| msgs.group[i as usize]);
            let g0 = groups.next();
            if groups.any(|g| Some(g) != g0) {
                let members: Vec<u32> = members().collect();
                out.push((FxBuildHasher.hash_one(&members), members));
            }
        }
        out
    });
    drop(dealt);
    // Copies of one text share all their band hashes: the same bucket 26 times over is one bucket. (Their order
    // does not matter: the pairs they make are sorted.) Buckets are told apart by their hash first, by their
    // members only when two hashes meet.
    let mut first_of: FxHashMap<u64, &[u32]> = FxHashMap::default();
    let mut met: FxHashSet<&[u32]> = FxHashSet::default();
    let first: Vec<Vec<bool>> = found
        .iter()
        .map(|r| {
            r.iter()
                .map(|(h, b)| match first_of.entry(*h) {
                    Entry::Vacant(e) => {
                        e.insert(b);
                        true
                    }
                    Entry::Occupied(e) => *e.get() != b.as_slice() && met.insert(b),
                })
                .collect()
        })
        .collect();
    drop((first_of, met));
    let mut first = first.into_iter().flatten();
    found.into_iter().flatten().filter(|_| first.next().unwrap_or(false)).map(|(_, b)| b).collect()
}
