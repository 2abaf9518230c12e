//! Deterministic randomness: one ChaCha8 stream per (purpose, group, day), so the output depends only on the
//! seed and never on iteration order or on how much randomness another group used.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random generator used everywhere in the simulator.
pub type SimRng = ChaCha8Rng;

/// What a random stream is for; keeps streams of different purposes apart.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    /// Building the organisation.
    Org = 1,
    /// One group's traffic on one day.
    GroupDay = 2,
    /// The organisation-wide plan of cross-posted notices for one day.
    DayPlan = 3,
    /// Identifiers and attachment hashes.
    Ids = 4,
}

/// A stream for `purpose` and two indexes (e.g. group and day), derived from `seed`.
pub fn stream(seed: u64, purpose: Purpose, a: u64, b: u64) -> SimRng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(purpose as u64).to_le_bytes());
    key[16..24].copy_from_slice(&a.to_le_bytes());
    key[24..32].copy_from_slice(&b.to_le_bytes());
    // The key bytes are structured; mixing them through splitmix-like steps gives ChaCha a full-entropy key.
    for i in 0..4 {
        let mut w = u64::from_le_bytes(key[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        w = mix64(w ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed.rotate_left(17));
        key[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    ChaCha8Rng::from_seed(key)
}

/// A bijective 64-bit mixer (the splitmix64 finaliser): distinct inputs give distinct outputs.
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A Poisson-distributed count with mean `lambda` (Knuth's method for small means, normal approximation above 30).
pub fn poisson(rng: &mut SimRng, lambda: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda > 30.0 {
        let n = lambda + lambda.sqrt() * normal(rng);
        return n.round().max(0.0) as u32;
    }
    let l = (-lambda).exp();
    let mut k = 0u32;
    let mut p = 1.0;
    loop {
        p *= rng.random::<f64>();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

/// A standard normal variate (Box–Muller).
pub fn normal(rng: &mut SimRng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A binomial count: `n` trials with success probability `p`.
pub fn binomial(rng: &mut SimRng, n: u32, p: f64) -> u32 {
    if n > 60 {
        let mean = n as f64 * p;
        let sd = (mean * (1.0 - p)).sqrt();
        return (mean + sd * normal(rng)).round().clamp(0.0, n as f64) as u32;
    }
    (0..n).filter(|_| rng.random_bool(p.clamp(0.0, 1.0))).count() as u32
}

/// An exponentially distributed delay with the given mean.
pub fn exp(rng: &mut SimRng, mean: f64) -> f64 {
    -mean * (1.0 - rng.random::<f64>()).ln()
}

/// One element of a non-empty slice, uniformly.
pub fn pick<'a, T>(rng: &mut SimRng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// `k` distinct indexes below `n` (all of them if `k >= n`), in random order.
pub fn sample_indexes(rng: &mut SimRng, n: usize, k: usize, out: &mut Vec<usize>) {
    out.clear();
    out.extend(0..n);
    let k = k.min(n);
    for i in 0..k {
        let j = rng.random_range(i..n);
        out.swap(i, j);
    }
    out.truncate(k);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = stream(7, Purpose::GroupDay, 1, 2).random();
        let b: u64 = stream(7, Purpose::GroupDay, 1, 2).random();
        let c: u64 = stream(7, Purpose::GroupDay, 2, 1).random();
        let d: u64 = stream(8, Purpose::GroupDay, 1, 2).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn poisson_mean_is_close() {
        let mut r = stream(1, Purpose::Org, 0, 0);
        let n = 20_000;
        let s: u64 = (0..n).map(|_| poisson(&mut r, 3.0) as u64).sum();
        let mean = s as f64 / n as f64;
        assert!((mean - 3.0).abs() < 0.1, "{mean}");
    }

    #[test]
    fn mix_is_injective_on_a_sample() {
        let mut v: Vec<u64> = (0..100_000u64).map(mix64).collect();
        v.sort_unstable();
        v.dedup();
        assert_eq!(v.len(), 100_000);
    }
}
