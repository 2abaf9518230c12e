//! The search's steps on every core: how many cores, jobs side by side on scoped threads, shares of about equal
//! work, and values dealt into ranges as they are made, then the ranges sorted by the cores in turn, each on one
//! core (no pass over all the values on one core, no merge).

/// Threads for the search's parallel steps: the machine's cores, at most eight.
pub(super) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Ranges values are dealt into for sorting: several per core, so that each is sorted in the cache (16M pairs
/// in two ranges sorted at memory's pace) and the cores share them out as they finish.
pub(super) fn ranges() -> usize {
    cores() * 16
}

/// Runs `jobs` side by side, one scoped thread each; their results in the jobs' order.
pub(super) fn side_by_side<R: Send, F: FnOnce() -> R + Send>(jobs: impl IntoIterator<Item = F>) -> Vec<R> {
    std::thread::scope(|s| {
        let running: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
        running.into_iter().map(|r| r.join().expect("a job of the cross-post search panicked")).collect()
    })
}

/// `v` cut into at most `parts` consecutive shares of about equal `cost`.
pub(super) fn split_by_work<T>(v: &mut [T], parts: usize, cost: impl Fn(&T) -> u64) -> Vec<&mut [T]> {
    let total: u64 = v.iter().map(&cost).sum();
    let per = total.div_ceil(parts.max(1) as u64).max(1);
    let mut shares = Vec::with_capacity(parts);
    let mut rest = v;
    while !rest.is_empty() {
        let (mut n, mut sum) = (0, 0);
        while n < rest.len() && (sum < per || shares.len() + 1 == parts) {
            sum += cost(&rest[n]);
            n += 1;
        }
        let (share, tail) = rest.split_at_mut(n);
        shares.push(share);
        rest = tail;
    }
    shares
}

/// The range of `parts` equal ranges of u64 that `x` falls in.
pub(super) fn range_of(x: u64, parts: usize) -> usize {
    ((u128::from(x) * parts as u128) >> 64) as usize
}

/// Values several jobs dealt into ranges (`dealt[job][range]`, every value of a range sorting before every value
/// of the next): each range gathered from every job, sorted and handed to `then`, the ranges taken in turn by one
/// thread per core; the results in range order.
pub(super) fn sorted_ranges<T, R, F>(dealt: &[Vec<Vec<T>>], then: F) -> Vec<R>
where
    T: Ord + Copy + Send + Sync,
    R: Send,
    F: Fn(Vec<T>) -> R + Sync,
{
    let ranges = dealt.iter().map(Vec::len).max().unwrap_or(0);
    let (then, next) = (&then, &std::sync::atomic::AtomicUsize::new(0));
    let done: Vec<Vec<(usize, R)>> = side_by_side((0..cores().min(ranges)).map(|_| {
        move || {
            let mut done = Vec::new();
            loop {
                let r = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if r >= ranges {
                    return done;
                }
                let parts = || dealt.iter().filter_map(|d| d.get(r));
                let mut range: Vec<T> = Vec::with_capacity(parts().map(Vec::len).sum());
                parts().for_each(|part| range.extend_from_slice(part));
                range.sort_unstable();
                done.push((r, then(range)));
            }
        }
    }));
    let mut done: Vec<(usize, R)> = done.into_iter().flatten().collect();
    done.sort_unstable_by_key(|(r, _)| *r);
    done.into_iter().map(|(_, result)| result).collect()
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

    #[test]
    fn values_dealt_into_ranges_come_back_as_the_plain_sort() {
        let v = values(10_000);
        for (jobs, parts) in [(1, 1), (2, 2), (3, 4), (4, 3), (2, 33)] {
            let dealt: Vec<Vec<Vec<u64>>> = v
                .chunks(v.len().div_ceil(jobs))
                .map(|share| {
                    let mut ranges = vec![Vec::new(); parts];
                    share.iter().for_each(|&x| ranges[range_of(x, parts)].push(x));
                    ranges
                })
                .collect();
            let sorted: Vec<u64> = sorted_ranges(&dealt, |range| range).concat();
            let mut plain = v.clone();
            plain.sort_unstable();
            assert_eq!(sorted, plain, "{jobs} jobs, {parts} ranges");
            assert_eq!(sorted_ranges(&dealt, |range| range.len()).len(), parts);
        }
    }

    #[test]
    fn jobs_side_by_side_keep_their_order() {
        let squares = side_by_side((0..8u64).map(|i| move || i * i));
        assert_eq!(squares, (0..8u64).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn shares_by_work_cover_everything_in_order_and_balance_the_cost() {
        // One heavy item and many light ones: equal counts would give one share almost all the work.
        let mut v: Vec<u64> = std::iter::once(1000).chain(std::iter::repeat_n(10, 200)).collect();
        let all = v.clone();
        let shares = split_by_work(&mut v, 2, |&c| c);
        assert_eq!(shares.len(), 2);
        let costs: Vec<u64> = shares.iter().map(|s| s.iter().sum()).collect();
        assert_eq!(costs.iter().sum::<u64>(), 3000);
        assert!(costs.iter().all(|&c| c >= 1000), "{costs:?}");
        assert_eq!(shares.concat(), all);
        let mut few = vec![5u64, 5];
        assert_eq!(split_by_work(&mut few, 8, |&c| c).len(), 2, "no empty shares");
        assert!(split_by_work(&mut Vec::<u64>::new(), 2, |&c| c).is_empty());
    }
}
