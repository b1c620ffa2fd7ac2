//! A bootstrap confidence interval for Krippendorff's α: the units are drawn with replacement
//! `samples` times, α is computed for each draw, and the interval is the 2.5th and 97.5th
//! percentiles of the draws whose α is defined (nearest rank). The draws come from a fixed,
//! seeded generator (SplitMix64, the one `synth` uses), so the same data give the same interval on every run and
//! machine.

use super::alpha::{Metric, krippendorff_alpha};
use super::data::Data;
use crate::synth::Rng;

/// The most draws made: 100,000 is ten times what the literature asks for (Hayes and
/// Krippendorff 2007 use 10,000), and more would only spend time (and, before the first draw,
/// memory for their values).
pub const MAX_SAMPLES: usize = 100_000;

/// The seed of every bootstrap: fixed, so intervals are reproducible.
pub const SEED: u64 = 18;

/// A 95 % bootstrap interval of α.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The 2.5th percentile of the draws.
    pub low: f64,
    /// The 97.5th percentile of the draws.
    pub high: f64,
    /// How many draws were made.
    pub samples: usize,
    /// How many of them left α undefined (left out of the percentiles).
    pub undefined: usize,
    /// The generator's seed.
    pub seed: u64,
}

/// The interval of α over `samples` draws of the units (at most [`MAX_SAMPLES`]: more are
/// not made, and the interval says how many were); `None` when there are no units, no
/// samples, or α is undefined in every draw.
pub fn alpha_interval(data: &Data, metric: Metric, samples: usize) -> Option<Interval> {
    let units = data.units();
    // Every unit, a row standing for several once for each.
    let each: Vec<&Vec<Option<usize>>> = units
        .iter()
        .enumerate()
        .flat_map(|(u, row)| std::iter::repeat_n(row, data.weight(u)))
        .collect();
    let samples = samples.min(MAX_SAMPLES);
    if each.is_empty() || samples == 0 {
        return None;
    }
    let mut rng = Rng(SEED);
    let mut values = Vec::with_capacity(samples);
    for _ in 0..samples {
        let rows: Vec<Vec<Option<usize>>> = (0..each.len())
            .map(|_| each[rng.below(each.len())].clone())
            .collect();
        let draw = Data::new(data.coders().to_vec(), data.categories().to_vec(), rows).ok()?;
        if let Some(v) = krippendorff_alpha(&draw, metric).value() {
            values.push(v);
        }
    }
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |p: f64| values[((values.len() - 1) as f64 * p).round() as usize];
    Some(Interval {
        low: at(0.025),
        high: at(0.975),
        samples,
        undefined: samples - values.len(),
        seed: SEED,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_uniform_enough_and_fixed() {
        let mut a = Rng(SEED);
        let mut b = Rng(SEED);
        let mut counts = [0usize; 4];
        for _ in 0..4000 {
            let x = a.below(4);
            assert_eq!(x, b.below(4));
            counts[x] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..1100).contains(&c)),
            "{counts:?}"
        );
    }
}
