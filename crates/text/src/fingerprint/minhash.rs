//! MinHash signatures and LSH band hashes (in-house, a few dozen lines, no stale dependency).

use xxhash_rust::xxh3::xxh3_64;

/// A family of `k` hash functions h_i(x) = ⌊(a_i·x + b_i) mod 2^64 / 2^32⌋ with odd a_i (multiply-add-shift),
/// fixed by a seed, applied to each shingle after a 64-bit finaliser so that structured shingle values (small
/// integers in tests) are spread first. One 64-bit multiply per shingle and function: about six times cheaper than
/// the classic (a·x + b) mod (2^61 − 1) in 128-bit arithmetic, with the same estimate of Jaccard similarity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

/// SplitMix64: a small deterministic generator for the functions' parameters.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mix(*state)
}

/// SplitMix64's finaliser: a bijection of u64 that spreads every input bit over the output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl MinHasher {
    /// `k` functions drawn from `seed`; the same seed always gives the same signatures.
    pub fn new(k: usize, seed: u64) -> MinHasher {
        let mut s = seed;
        let a = (0..k).map(|_| splitmix(&mut s) | 1).collect();
        let b = (0..k).map(|_| splitmix(&mut s)).collect();
        MinHasher { a, b }
    }

    /// The signature of a shingle set: for each function the minimum value, 32 bits. An empty set gives
    /// `u32::MAX` everywhere.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let mut sig = vec![u32::MAX; self.a.len()];
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512dq") {
                // SAFETY: `minima_avx512` needs AVX-512 F and DQ, and the CPU has just been found to have DQ (which
                // implies F).
                unsafe { minima_avx512(&self.a, &self.b, shingles, &mut sig) };
                return sig;
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: `minima_avx2` needs AVX2, and the CPU has just been found to have it.
                unsafe { minima_avx2(&self.a, &self.b, shingles, &mut sig) };
                return sig;
            }
        }
        minima(&self.a, &self.b, shingles, &mut sig);
        sig
    }
}

/// Lowers `sig[i]` to the least h_i(x) over the shingles x. Baseline x86-64 has no vector 64-bit multiply, so
/// this takes a multiply per shingle and function unless compiled for a CPU with wider vectors: the same loop built
/// for AVX2 (four functions at a time) or AVX-512 (eight) fingerprints notices 2.2× and 2.8× faster
/// (`cargo bench -p jingjian-text --bench fingerprint`).
#[inline(always)]
fn minima(a: &[u64], b: &[u64], shingles: &[u64], sig: &mut [u32]) {
    for &x in shingles {
        let x = mix(x);
        for (s, (&a, &b)) in sig.iter_mut().zip(a.iter().zip(b)) {
            *s = (*s).min((a.wrapping_mul(x).wrapping_add(b) >> 32) as u32);
        }
    }
}

/// [`minima`] compiled for AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn minima_avx2(a: &[u64], b: &[u64], shingles: &[u64], sig: &mut [u32]) {
    minima(a, b, shingles, sig)
}

/// [`minima`] compiled for AVX-512 F and DQ.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn minima_avx512(a: &[u64], b: &[u64], shingles: &[u64], sig: &mut [u32]) {
    minima(a, b, shingles, sig)
}

/// Cuts a signature into `bands` bands of `rows` values and hashes each (with its band index, so equal values in
/// different bands do not collide). Two texts are LSH candidates when any band hash is equal at the same index.
pub fn band_hashes(sig: &[u32], bands: usize, rows: usize) -> Vec<u64> {
    assert!(sig.len() >= bands * rows, "a signature of {} values cannot fill {bands}×{rows}", sig.len());
    (0..bands)
        .map(|i| {
            let mut buf = [0u8; 4 + 4 * 32];
            buf[..4].copy_from_slice(&(i as u32).to_le_bytes());
            let n = rows.min(32);
            for (k, v) in sig[i * rows..i * rows + n].iter().enumerate() {
                buf[4 + 4 * k..8 + 4 * k].copy_from_slice(&v.to_le_bytes());
            }
            xxh3_64(&buf[..4 + 4 * n])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_estimate_jaccard() {
        let h = MinHasher::new(256, 7);
        let a: Vec<u64> = (0..100).collect();
        let (sa, est) = (h.signature(&a), |x: &[u32], y: &[u32]| {
            x.iter().zip(y).filter(|(p, q)| p == q).count() as f64 / x.len() as f64
        });
        // Sequential shingle values (the hardest case for a multiplicative family) and hashed ones, at several
        // overlaps: the estimate stays within 0.1 of the true Jaccard similarity.
        for (lo, hi, jaccard) in [(50u64, 150u64, 1.0 / 3.0), (10, 110, 90.0 / 110.0), (90, 190, 10.0 / 190.0)] {
            let b: Vec<u64> = (lo..hi).collect();
            let e = est(&sa, &h.signature(&b));
            assert!((e - jaccard).abs() < 0.1, "sequential: estimate {e}, true {jaccard}");
            let hashed = |v: &[u64]| v.iter().map(|x| xxh3_64(&x.to_le_bytes())).collect::<Vec<_>>();
            let e = est(&h.signature(&hashed(&a)), &h.signature(&hashed(&b)));
            assert!((e - jaccard).abs() < 0.1, "hashed: estimate {e}, true {jaccard}");
        }
        assert_eq!(h.signature(&a), sa, "deterministic");
        assert_eq!(h.signature(&[]), vec![u32::MAX; 256]);
    }

    #[test]
    fn the_vector_loops_give_the_portable_minima() {
        // Each build of the loop this CPU can run gives the portable loop's minima for any shingles (including
        // the empty set and values that wrap the multiply); `signature` gives them too.
        let h = MinHasher::new(128, 0x6a69_6e67_6a69_616e);
        let mut state = 1u64;
        for n in [0usize, 1, 2, 7, 60, 500] {
            let shingles: Vec<u64> =
                [u64::MAX, 0].into_iter().chain((0..n).map(|_| splitmix(&mut state))).take(n).collect();
            let mut portable = vec![u32::MAX; 128];
            minima(&h.a, &h.b, &shingles, &mut portable);
            assert_eq!(h.signature(&shingles), portable, "{n} shingles");
            #[cfg(target_arch = "x86_64")]
            {
                let mut sig = vec![u32::MAX; 128];
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2.
                    unsafe { minima_avx2(&h.a, &h.b, &shingles, &mut sig) };
                    assert_eq!(sig, portable, "AVX2, {n} shingles");
                }
                sig.fill(u32::MAX);
                if std::arch::is_x86_feature_detected!("avx512dq") {
                    // SAFETY: the CPU has AVX-512 DQ (and so F).
                    unsafe { minima_avx512(&h.a, &h.b, &shingles, &mut sig) };
                    assert_eq!(sig, portable, "AVX-512, {n} shingles");
                }
            }
        }
    }

    #[test]
    fn band_hashes_depend_on_band_index() {
        let sig = vec![1u32; 10];
        let b = band_hashes(&sig, 2, 5);
        assert_ne!(b[0], b[1]);
    }
}
