//! Krippendorff's α for any number of coders and missing values, with the nominal, ordinal,
//! interval and ratio metrics (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
//!
//! From the pairable units (two values or more), the coincidence matrix
//! `o_ck = Σ_u (pairs of values c, k in u) / (m_u − 1)`, its marginals `n_c` and total `n`;
//! then `α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`, with the metric's difference
//! `δ²`: nominal 0 or 1; ordinal `(Σ_{g=c..k} n_g − (n_c + n_k) / 2)²`; interval `(c − k)²`;
//! ratio `((c − k) / (c + k))²`. The estimate's observed and expected values are the
//! disagreements `Do = Σ o δ² / n` and `De = Σ n_c n_k δ² / (n (n − 1))`.

use super::coefficients::{Estimate, Undefined};
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

/// Krippendorff's α of the data under a metric.
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
    // The coincidence matrix, over the categories in use (dense, q × q).
    let mut o = vec![0.0; q * q];
    for u in 0..data.units().len() {
        let values: Vec<usize> = data.values(u).collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        let w = 1.0 / (m - 1) as f64;
        for (i, &a) in values.iter().enumerate() {
            for (j, &b) in values.iter().enumerate() {
                if i != j
                    && let Some(cell) = o.get_mut(a * q + b)
                {
                    *cell += w;
                }
            }
        }
    }
    let marg: Vec<f64> = (0..q).map(|c| o[c * q..(c + 1) * q].iter().sum()).collect();
    let n: f64 = marg.iter().sum();
    if n < 2.0 - 1e-9 {
        return Estimate::Undefined(Undefined::NoPairableUnits);
    }
    // Categories in the order of their values (ordinal ranks follow it).
    let mut order: Vec<usize> = (0..q).collect();
    if let Some(x) = &numbers {
        order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    }
    let rank: Vec<usize> = {
        let mut r = vec![0; q];
        for (pos, &c) in order.iter().enumerate() {
            r[c] = pos;
        }
        r
    };
    let delta = |c: usize, k: usize| -> f64 {
        if c == k {
            return 0.0;
        }
        match (metric, &numbers) {
            (Metric::Nominal, _) | (_, None) => 1.0,
            (Metric::Ordinal, Some(_)) => {
                let (lo, hi) = (rank[c].min(rank[k]), rank[c].max(rank[k]));
                let between: f64 = order[lo..=hi].iter().map(|&g| marg[g]).sum();
                (between - (marg[c] + marg[k]) / 2.0).powi(2)
            }
            (Metric::Interval, Some(x)) => (x[c] - x[k]).powi(2),
            (Metric::Ratio, Some(x)) => {
                let s = x[c] + x[k];
                if s == 0.0 {
                    0.0
                } else {
                    ((x[c] - x[k]) / s).powi(2)
                }
            }
        }
    };
    let used: Vec<usize> = (0..q).filter(|&c| marg[c] > 0.0).collect();
    let (mut observed, mut expected) = (0.0, 0.0);
    for &c in &used {
        for &k in &used {
            let d = delta(c, k);
            observed += o[c * q + k] * d;
            expected += marg[c] * marg[k] * d;
        }
    }
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
