//! Krippendorff's α for any number of coders and missing values, with the nominal, ordinal,
//! interval and ratio metrics (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
//!
//! From the pairable units (two values or more), the coincidence matrix
//! `o_ck = Σ_u (pairs of values c, k in u) / (m_u − 1)`, its marginals `n_c` and total `n`;
//! then `α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`, with the metric's difference
//! `δ²`: nominal 0 or 1; ordinal `(Σ_{g=c..k} n_g − (n_c + n_k) / 2)²`; interval `(c − k)²`;
//! ratio `((c − k) / (c + k))²`. The estimate's observed and expected values are the
//! disagreements `Do = Σ o δ² / n` and `De = Σ n_c n_k δ² / (n (n − 1))`.

use super::coefficients::{Estimate, Undefined, unit_counts};
use super::data::Data;

/// How far apart two categories are, for Krippendorff's α.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// Categories are names: two values agree or they do not.
    #[default]
    Nominal,
    /// Categories are ranks: the distance counts the values between them.
    Ordinal,
    /// Categories are numbers on a scale: the squared difference.
    Interval,
    /// Numbers with a true zero: the squared difference relative to their sum.
    Ratio,
}

impl Metric {
    /// Every metric, in the order options list them.
    pub const ALL: [Metric; 4] = [
        Metric::Nominal,
        Metric::Ordinal,
        Metric::Interval,
        Metric::Ratio,
    ];

    /// Its name, as `--metric` and the outputs spell it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Nominal => "nominal",
            Metric::Ordinal => "ordinal",
            Metric::Interval => "interval",
            Metric::Ratio => "ratio",
        }
    }
}

/// The most distinct values α compares under the ratio metric, whose distance between two
/// values is not a difference of positions on one scale: it is summed over every pair of them
/// (2,000 values: four million pairs), where the other metrics need one pass.
pub const MAX_RATIO_CATEGORIES: usize = 2_000;

/// Krippendorff's α of the data under a metric.
///
/// Every sum over pairs of values is taken in one pass over the categories in use (see the
/// private `pair_sum`), never over a table of every pair of categories, so thousands of distinct
/// values (an interval scale of measurements) cost no more than their count.
pub fn krippendorff_alpha(data: &Data, metric: Metric) -> Estimate {
    let q = data.categories().len();
    let numbers = match metric {
        Metric::Nominal => None,
        _ => match data.numbers() {
            Some(x) => Some(x),
            None => return Estimate::Undefined(Undefined::NotNumbers),
        },
    };
    if metric == Metric::Ratio && numbers.iter().flatten().any(|&x| x < 0.0) {
        return Estimate::Undefined(Undefined::NegativeValues);
    }
    // Each pairable row's weight, values and values by category, and the marginals n_c: the
    // pairable values of each category (Σ_k o_ck = Σ_u n_uc).
    let mut units: Vec<Pairable> = Vec::new();
    let mut marg = vec![0.0; q];
    for u in 0..data.units().len() {
        let counts = unit_counts(data, u);
        let m: usize = counts.iter().map(|&(_, n)| n).sum();
        if m < 2 {
            continue;
        }
        let w = data.weight(u) as f64;
        for &(c, n) in &counts {
            if let Some(x) = marg.get_mut(c) {
                *x += w * n as f64;
            }
        }
        let counts = counts.into_iter().map(|(c, n)| (c, n as f64)).collect();
        units.push(Pairable {
            weight: w,
            values: m as f64,
            counts,
        });
    }
    let n: f64 = marg.iter().sum();
    if n < 2.0 - 1e-9 {
        return Estimate::Undefined(Undefined::NoPairableUnits);
    }
    let used: Vec<(usize, f64)> = (0..q)
        .filter(|&c| marg[c] > 0.0)
        .map(|c| (c, marg[c]))
        .collect();
    let scale = match (metric, numbers) {
        (Metric::Nominal, _) | (_, None) => Scale::Nominal,
        (Metric::Interval, Some(x)) => Scale::Positions(x),
        (Metric::Ordinal, Some(x)) => Scale::Positions(midranks(&x, &marg)),
        (Metric::Ratio, Some(_)) if used.len() > MAX_RATIO_CATEGORIES => {
            return Estimate::Undefined(Undefined::TooManyCategories);
        }
        (Metric::Ratio, Some(x)) => Scale::Ratio(x),
    };
    // Observed: Σ_ck o_ck δ²_ck, o_ck = Σ_u n_uc n_uk / (m_u − 1) for c ≠ k.
    let observed: f64 = units
        .iter()
        .map(|u| u.weight * pair_sum(&u.counts, &scale) / (u.values - 1.0))
        .sum();
    let expected = pair_sum(&used, &scale);
    if expected <= f64::EPSILON * n * n {
        return Estimate::Undefined(Undefined::NoVariation);
    }
    let d_o = observed / n;
    let d_e = expected / (n * (n - 1.0));
    Estimate::Defined {
        value: 1.0 - d_o / d_e,
        observed: d_o,
        expected: Some(d_e),
    }
}

/// A row with two values or more.
struct Pairable {
    /// How many units it stands for.
    weight: f64,
    /// How many values it has (`m_u`).
    values: f64,
    /// Its values by category: `(category, n_uc)`.
    counts: Vec<(usize, f64)>,
}

/// Where the metric places each category.
enum Scale {
    /// Two categories differ or they do not.
    Nominal,
    /// δ² is the squared difference of the categories' positions: the values (interval), or
    /// their midranks (ordinal).
    Positions(Vec<f64>),
    /// δ² is `((c − k) / (c + k))²` of the values.
    Ratio(Vec<f64>),
}

/// The ordinal metric's positions: for each category, the values ranked below it plus half
/// its own, `M_c = Σ_{g<c} n_g + n_c / 2`. Krippendorff's ordinal δ²_ck, `(Σ_{g=c..k} n_g −
/// (n_c + n_k) / 2)²`, is `(M_k − M_c)²`, a squared difference like the interval metric's.
fn midranks(values: &[f64], marg: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut m = vec![0.0; values.len()];
    let mut below = 0.0;
    for c in order {
        m[c] = below + marg[c] / 2.0;
        below += marg[c];
    }
    m
}

/// `Σ_c Σ_k n_c n_k δ²_ck` over `(category, n_c)`: in one pass for a metric whose δ² is a
/// squared difference of positions (`2 N Σ n_c (y_c − ȳ)²`, centred so that it stays exact
/// for large values) or nominal (`N² − Σ n_c²`), pair by pair for the ratio metric.
fn pair_sum(counts: &[(usize, f64)], scale: &Scale) -> f64 {
    if counts.len() < 2 {
        return 0.0;
    }
    let total: f64 = counts.iter().map(|&(_, n)| n).sum();
    let at = |x: &[f64], c: usize| x.get(c).copied().unwrap_or(0.0);
    match scale {
        Scale::Nominal => total * total - counts.iter().map(|&(_, n)| n * n).sum::<f64>(),
        Scale::Positions(y) => {
            let mean = counts.iter().map(|&(c, n)| n * at(y, c)).sum::<f64>() / total;
            let spread: f64 = counts
                .iter()
                .map(|&(c, n)| n * (at(y, c) - mean).powi(2))
                .sum();
            2.0 * total * spread
        }
        Scale::Ratio(x) => {
            let mut sum = 0.0;
            for (i, &(c, nc)) in counts.iter().enumerate() {
                for &(k, nk) in &counts[i + 1..] {
                    let (a, b) = (at(x, c), at(x, k));
                    if a + b != 0.0 {
                        sum += 2.0 * nc * nk * ((a - b) / (a + b)).powi(2);
                    }
                }
            }
            sum
        }
    }
}
