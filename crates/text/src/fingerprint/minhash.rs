//! MinHash signatures and LSH band hashes (in-house, a few dozen lines, no stale dependency).

use xxhash_rust::xxh3::xxh3_64;

const MERSENNE_61: u64 = (1 << 61) - 1;

/// A family of `k` hash permutations h_i(x) = (a_i·x + b_i) mod (2^61 − 1), fixed by a seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

/// SplitMix64: a small deterministic generator for the permutation parameters.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn mod_mersenne(x: u128) -> u64 {
    let lo = (x as u64) & MERSENNE_61;
    let hi = (x >> 61) as u64;
    let s = lo + (hi & MERSENNE_61) + (hi >> 61);
    let s = (s & MERSENNE_61) + (s >> 61);
    if s >= MERSENNE_61 { s - MERSENNE_61 } else { s }
}

impl MinHasher {
    /// `k` permutations drawn from `seed`; the same seed always gives the same signatures.
    pub fn new(k: usize, seed: u64) -> MinHasher {
        let mut s = seed;
        let a = (0..k).map(|_| splitmix(&mut s) % (MERSENNE_61 - 1) + 1).collect();
        let b = (0..k).map(|_| splitmix(&mut s) % MERSENNE_61).collect();
        MinHasher { a, b }
    }

    /// The signature of a shingle set: for each permutation the minimum value, kept as 32 bits. An empty set gives
    /// `u32::MAX` everywhere.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        self.a
            .iter()
            .zip(&self.b)
            .map(|(&a, &b)| {
                shingles
                    .iter()
                    .map(|&x| mod_mersenne(u128::from(a) * u128::from(x & MERSENNE_61) + u128::from(b)) as u32)
                    .min()
                    .unwrap_or(u32::MAX)
            })
            .collect()
    }
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
        let b: Vec<u64> = (50..150).collect(); // Jaccard 50/150 = 0.33
        let (sa, sb) = (h.signature(&a), h.signature(&b));
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((est - 1.0 / 3.0).abs() < 0.1, "estimate {est}");
        assert_eq!(h.signature(&a), sa, "deterministic");
        assert_eq!(h.signature(&[]), vec![u32::MAX; 256]);
    }

    #[test]
    fn band_hashes_depend_on_band_index() {
        let sig = vec![1u32; 10];
        let b = band_hashes(&sig, 2, 5);
        assert_ne!(b[0], b[1]);
        assert_eq!(mod_mersenne(u128::from(MERSENNE_61) + 5), 5);
    }
}
