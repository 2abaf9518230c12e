//! The cross-post search's buckets: the candidates' distinct texts, their fingerprints, and the copies of the
//! texts that share a hash. All of it runs on every core: each core fingerprints a share of the texts and deals
//! (hash, text) into one range of hashes per core, then each range is sorted and cut into runs on its own core.

use super::{Candidates, cores};
use jingjian_text::fingerprint::Fingerprinter;
use rustc_hash::{FxHashMap, FxHashSet};

/// The range of `parts` equal ranges of u64 that `x` falls in.
fn range_of(x: u64, parts: usize) -> usize {
    ((u128::from(x) * parts as u128) >> 64) as usize
}

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
/// texts and deals (hash, text) into one range of hashes per core; each range is then sorted and cut into runs of
/// one hash on its own core, and a run's texts' copies make a bucket.
pub(super) fn buckets(msgs: &Candidates, texts: &Texts) -> Vec<Vec<u32>> {
    let parts = cores();
    let chunk = texts.first.len().div_ceil(parts).max(1);
    let dealt: Vec<Vec<Vec<(u64, u32)>>> = std::thread::scope(|s| {
        let shares: Vec<_> = texts
            .first
            .chunks(chunk)
            .enumerate()
            .map(|(share, firsts)| {
                s.spawn(move || {
                    let fp = Fingerprinter::default();
                    let mut ranges: Vec<Vec<(u64, u32)>> = vec![Vec::new(); parts];
                    for (k, &i) in firsts.iter().enumerate() {
                        let text = (share * chunk + k) as u32;
                        let f = fp.of_canonical(msgs.canon[i as usize]);
                        for h in std::iter::once(f.exact ^ 0x5a5a_5a5a_0000_0001).chain(f.bands) {
                            ranges[range_of(h, parts)].push((h, text));
                        }
                    }
                    ranges
                })
            })
            .collect();
        shares.into_iter().map(|s| s.join().expect("fingerprints")).collect()
    });
    let found: Vec<Vec<Vec<u32>>> = std::thread::scope(|s| {
        let dealt = &dealt;
        let ranges: Vec<_> = (0..parts)
            .map(|r| {
                s.spawn(move || {
                    let mut hashes: Vec<(u64, u32)> = Vec::with_capacity(dealt.iter().map(|d| d[r].len()).sum());
                    dealt.iter().for_each(|d| hashes.extend_from_slice(&d[r]));
                    hashes.sort_unstable();
                    let mut out: Vec<Vec<u32>> = Vec::new();
                    for run in hashes.chunk_by(|a, b| a.0 == b.0) {
                        let members = || run.iter().flat_map(|&(_, t)| texts.copies_of(t)).copied();
                        let mut groups = members().map(|i| msgs.group[i as usize]);
                        let g0 = groups.next();
                        if groups.any(|g| Some(g) != g0) {
                            out.push(members().collect());
                        }
                    }
                    out
                })
            })
            .collect();
        ranges.into_iter().map(|r| r.join().expect("buckets")).collect()
    });
    drop(dealt);
    // Copies of one text share all their band hashes: the same bucket 26 times over is one bucket. (Their order
    // does not matter: the pairs they make are sorted.)
    let mut seen: FxHashSet<&[u32]> = FxHashSet::default();
    let first: Vec<Vec<bool>> = found.iter().map(|r| r.iter().map(|b| seen.insert(b.as_slice())).collect()).collect();
    drop(seen);
    let mut first = first.into_iter().flatten();
    found.into_iter().flatten().filter(|_| first.next().unwrap_or(false)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 values: spread over all of u64, the same on every run.
    fn values(n: usize) -> Vec<u64> {
        let mut s = 7u64;
        (0..n)
            .map(|_| {
                s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let z = (s ^ (s >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z ^ (z >> 31)
            })
            .collect()
    }

    #[test]
    fn ranges_of_u64_follow_the_order() {
        for parts in 1..=8 {
            assert_eq!(range_of(0, parts), 0);
            assert_eq!(range_of(u64::MAX, parts), parts - 1);
            let mut v = values(1000);
            v.sort_unstable();
            assert!(v.windows(2).all(|w| range_of(w[0], parts) <= range_of(w[1], parts)));
        }
    }
}
