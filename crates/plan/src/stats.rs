//! Order statistics for the headline figures: median and percentiles by linear interpolation between the
//! closest ranks (the usual "type 7" definition: rank h = (n − 1)·p, 0-based).

/// The `p`-th quantile (0 ≤ p ≤ 1) of `values`; 0 for an empty list. NaN values are ignored.
pub fn quantile(values: &[f64], p: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    v[lo] + (v[hi] - v[lo]) * (h - lo as f64)
}

/// The median of `values`.
pub fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

/// Rounds to two decimals, for figures shown to people and written in JSON.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p90_interpolate_between_ranks() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((quantile(&ten, 0.9) - 9.1).abs() < 1e-9);
        assert_eq!(quantile(&[], 0.9), 0.0);
        assert_eq!(round2(1.005_1), 1.01);
    }
}
