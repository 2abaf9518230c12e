//! Joining the candidate pairs into clusters. Verified pairs join their copies by union-find into groups of
//! copies of one notice (or of near copies of each other); such a group may run on for weeks when a notice is
//! posted again and again, so it is then cut into [`segments`] in time, each within the window: copies that
//! are closest in time stay together. Whether two texts are copies depends on the texts alone, so each pair of
//! texts is verified once.
//!
//! (Verifying a stretch of pairs ahead on every core was tried: it verifies what the union would skip, because
//! an earlier pair of the stretch joined the copies already: 5.4M verifications instead of 1.9M at 10M
//! messages, slower on two cores.)

use rustc_hash::FxHashMap;

/// Union-find over message indexes (time ranks).
pub(super) struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n as u32).collect() }
    }

    /// The root of `x`'s group (halving the path on the way).
    pub(super) fn find(&mut self, x: usize) -> usize {
        let mut x = x;
        while self.parent[x] as usize != x {
            let up = self.parent[x] as usize;
            self.parent[x] = self.parent[up];
            x = up;
        }
        x
    }

    /// Joins the groups of roots `ra` and `rb`.
    fn link(&mut self, ra: usize, rb: usize) {
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        self.parent[gone] = keep as u32;
    }
}

/// Cuts copies in time order (their times `t`, ascending) into runs that each span at most `window`: the gaps
/// between neighbours close from the shortest up, and a gap stays open when closing it would make a run span
/// more than the window. Relays of one notice, minutes or hours apart, stay together; the same words posted
/// again the next day or the next week start a run of their own once the window is full. Returns each run's
/// end (exclusive), in order.
pub(super) fn segments(t: &[i64], window: i64) -> Vec<usize> {
    let n = t.len();
    if n == 0 {
        return Vec::new();
    }
    if t[n - 1] - t[0] <= window {
        return vec![n];
    }
    // Each run is kept at both its ends: `end_of[start]` and `start_of[end]` (inclusive).
    let (mut end_of, mut start_of): (Vec<u32>, Vec<u32>) = ((0..n as u32).collect(), (0..n as u32).collect());
    let mut gaps: Vec<u32> = (0..n as u32 - 1).collect();
    gaps.sort_unstable_by_key(|&i| (t[i as usize + 1] - t[i as usize], i));
    for i in gaps {
        let (start, end) = (start_of[i as usize], end_of[i as usize + 1]);
        if t[end as usize] - t[start as usize] <= window {
            end_of[start as usize] = end;
            start_of[end as usize] = start;
        }
    }
    let mut ends = Vec::new();
    let mut start = 0;
    while start < n {
        let end = end_of[start] as usize + 1;
        ends.push(end);
        start = end;
    }
    ends
}

/// Joins the copies of `pairs` (later copy's time rank << 32 | `u32::MAX` − earlier copy's rank, sorted) into
/// groups of copies: `text_at` gives each rank's text, `texts` each text's canonical form and its 2-gram shingles
/// where they were made already (the rest are made as needed), `near` whether two texts (with their shingles) are
/// copies.
pub(super) fn join<F>(
    pairs: impl IntoIterator<Item = u64>,
    text_at: &[u32],
    texts: (&[&str], Vec<Option<Vec<u64>>>),
    near: F,
) -> UnionFind
where
    F: Fn(&str, &[u64], &str, &[u64]) -> bool,
{
    let (canon, mut shingles) = texts;
    let mut uf = UnionFind::new(text_at.len());
    let mut verified: FxHashMap<(u32, u32), bool> = FxHashMap::default();
    for p in pairs {
        let (i, j) = ((p >> 32) as usize, (u32::MAX - p as u32) as usize);
        let (ri, rj) = (uf.find(i), uf.find(j));
        if ri == rj {
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

#[cfg(test)]
mod tests {
    use super::segments;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn copies_within_the_window_are_one_run() {
        assert_eq!(segments(&[0, HOUR, 72 * HOUR], 72 * HOUR), vec![3]);
        assert_eq!(segments(&[5], 72 * HOUR), vec![1]);
        assert!(segments(&[], 72 * HOUR).is_empty());
    }

    #[test]
    fn a_notice_posted_every_day_is_cut_into_runs_within_the_window() {
        let t: Vec<i64> = (0..10).map(|d| d * 24 * HOUR).collect();
        let ends = segments(&t, 72 * HOUR);
        let mut start = 0;
        for &end in &ends {
            assert!(t[end - 1] - t[start] <= 72 * HOUR, "run {start}..{end} spans more than the window");
            start = end;
        }
        assert_eq!(start, t.len());
        assert_eq!(ends.len(), 3, "ten daily copies make runs of four, four and two days: {ends:?}");
    }

    /// The relays of one morning's notice stay together even when yesterday's copies could have taken the first
    /// of them into a run that then could not take the rest.
    #[test]
    fn relays_minutes_apart_are_not_split_by_earlier_copies() {
        let day = 24 * HOUR;
        let t = [0, 20 * HOUR, day + 12 * HOUR, 2 * day + 18 * HOUR, 3 * day + HOUR, 3 * day + 4 * HOUR];
        let ends = segments(&t, 72 * HOUR);
        let run_of = |i: usize| ends.iter().position(|&e| i < e).unwrap();
        assert_eq!(run_of(4), run_of(5), "{ends:?}");
    }
}
