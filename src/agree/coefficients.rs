//! Agreement coefficients of the kappa family and the plain agreement proportions, as pure
//! functions of a [`Data`] matrix. Each returns an [`Estimate`]: a value with the observed and
//! expected agreement it is made of, or [`Undefined`] with the reason (never NaN).
//!
//! Notation: a unit's `r` values (missing cells left out), `r_k` of them in category `k`;
//! `q` categories; a unit is *pairable* when it has two values or more.
//!
//! - **Percent agreement** `pa`: over pairable units, the mean share of agreeing pairs of
//!   values, `Σ_k r_k (r_k − 1) / (r (r − 1))` (Gwet 2014, §2; for two coders the share of
//!   units both coded on which they agree).
//! - **Cohen's κ** (two coders, units both coded): `pe = Σ_k p1_k p2_k`, each coder's own
//!   marginal proportions (Cohen 1960).
//! - **Scott's π** (two coders, units both coded): `pe = Σ_k ((p1_k + p2_k) / 2)²` (Scott 1955).
//! - **Fleiss' κ** (any number of coders): `pa` as above, `pe = Σ_k π_k²` with `π_k` the mean,
//!   over units with a value, of `r_k / r` (Fleiss 1971; with missing values as Gwet 2014, §5).
//! - **Brennan–Prediger**: `pa` as above, `pe = 1 / q` (Brennan & Prediger 1981).
//! - **Gwet's AC1**: `pa` as above, `pe = Σ_k π_k (1 − π_k) / (q − 1)` (Gwet 2008).
//! - **Holsti** (two coders): `2 M / (N1 + N2)`, `M` the units both coded alike, `N1` and `N2`
//!   the units each coded (Holsti 1969).
//!
//! Each chance-corrected coefficient is `(pa − pe) / (1 − pe)`.

use super::data::Data;

/// Why a coefficient has no value for some data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No unit has values from two coders (for Cohen's κ, Scott's π: from both coders).
    NoPairableUnits,
    /// Every value is one category, so chance agreement is complete (`pe = 1`, or no expected
    /// disagreement for α) and the coefficient is 0 / 0.
    NoVariation,
    /// Fewer than two categories to choose from (Brennan–Prediger, Gwet's AC1).
    FewerThanTwoCategories,
    /// No coder coded any unit (Holsti).
    NothingCoded,
    /// The metric needs numbers, and a category is not one (α ordinal, interval, ratio).
    NotNumbers,
    /// The ratio metric needs values of at least 0.
    NegativeValues,
    /// No characters to compare: the texts are empty (agreement on a text, character by
    /// character).
    NoText,
    /// More distinct values than the ratio metric compares
    /// ([`super::alpha::MAX_RATIO_CATEGORIES`]): its distance is not a difference of two
    /// positions, so α compares every pair of them.
    TooManyCategories,
}

impl Undefined {
    /// A stable name for programs (`no_pairable_units`).
    pub fn name(self) -> &'static str {
        match self {
            Undefined::NoPairableUnits => "no_pairable_units",
            Undefined::NoVariation => "no_variation",
            Undefined::FewerThanTwoCategories => "fewer_than_two_categories",
            Undefined::NothingCoded => "nothing_coded",
            Undefined::NotNumbers => "not_numbers",
            Undefined::NegativeValues => "negative_values",
            Undefined::NoText => "no_text",
            Undefined::TooManyCategories => "too_many_categories",
        }
    }

    /// The reason in words.
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::NoPairableUnits => "no unit was coded by two coders",
            Undefined::NoVariation => {
                "every value is the same category, so agreement by chance is complete"
            }
            Undefined::FewerThanTwoCategories => "there are fewer than two categories",
            Undefined::NothingCoded => "no coder coded any unit",
            Undefined::NotNumbers => "this metric needs categories that are numbers",
            Undefined::NegativeValues => "the ratio metric needs values of 0 or more",
            Undefined::NoText => "there are no characters to compare",
            Undefined::TooManyCategories => {
                "the ratio metric compares every pair of distinct values, and there are more \
                 than 2,000: use the interval metric, or round the values"
            }
        }
    }
}

/// A coefficient's value, or why it has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    /// The coefficient and what it is made of.
    Defined {
        /// The coefficient.
        value: f64,
        /// Observed agreement (for Krippendorff's α: observed disagreement `Do`).
        observed: f64,
        /// Agreement expected by chance (for α: expected disagreement `De`); `None` for the
        /// coefficients that do not correct for chance (percent agreement, Holsti).
        expected: Option<f64>,
    },
    /// The data leave the coefficient undefined.
    Undefined(Undefined),
}

impl Estimate {
    /// The value, when there is one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Estimate::Defined { value, .. } => Some(*value),
            Estimate::Undefined(_) => None,
        }
    }

    /// `(pa − pe) / (1 − pe)`, undefined when `pe` is 1.
    pub(crate) fn chance_corrected(pa: f64, pe: f64) -> Estimate {
        if 1.0 - pe <= f64::EPSILON {
            return Estimate::Undefined(Undefined::NoVariation);
        }
        Estimate::Defined {
            value: (pa - pe) / (1.0 - pe),
            observed: pa,
            expected: Some(pe),
        }
    }
}

/// Per category, how many of a unit's values fall in it: `(category, count)`, by category.
pub(super) fn unit_counts(data: &Data, unit: usize) -> Vec<(usize, usize)> {
    let mut values: Vec<usize> = data.values(unit).collect();
    values.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((c, n)) if *c == v => *n += 1,
            _ => out.push((v, 1)),
        }
    }
    out
}

/// The multi-coder ingredients: `pa` over pairable units (with their count) and `π_k`, the
/// mean over units with a value of `r_k / r`. `None` when no unit is pairable.
fn pooled(data: &Data) -> Option<(f64, Vec<f64>)> {
    let q = data.categories().len();
    let mut pi = vec![0.0; q];
    let (mut agree, mut pairable, mut coded) = (0.0, 0usize, 0usize);
    for u in 0..data.units().len() {
        let counts = unit_counts(data, u);
        let r: usize = counts.iter().map(|(_, n)| n).sum();
        if r == 0 {
            continue;
        }
        let w = data.weight(u);
        coded += w;
        for &(c, n) in &counts {
            if let Some(p) = pi.get_mut(c) {
                *p += w as f64 * n as f64 / r as f64;
            }
        }
        if r >= 2 {
            pairable += w;
            let pairs: usize = counts.iter().map(|(_, n)| n * (n - 1)).sum();
            agree += w as f64 * pairs as f64 / (r * (r - 1)) as f64;
        }
    }
    if pairable == 0 {
        return None;
    }
    pi.iter_mut().for_each(|p| *p /= coded as f64);
    Some((agree / pairable as f64, pi))
}

/// Percent agreement: the mean share of agreeing pairs of values over pairable units.
pub fn percent_agreement(data: &Data) -> Estimate {
    match pooled(data) {
        Some((pa, _)) => Estimate::Defined {
            value: pa,
            observed: pa,
            expected: None,
        },
        None => Estimate::Undefined(Undefined::NoPairableUnits),
    }
}

/// Fleiss' κ for any number of coders, with missing values (Gwet's generalisation).
pub fn fleiss_kappa(data: &Data) -> Estimate {
    match pooled(data) {
        Some((pa, pi)) => Estimate::chance_corrected(pa, pi.iter().map(|p| p * p).sum()),
        None => Estimate::Undefined(Undefined::NoPairableUnits),
    }
}

/// A chance-corrected coefficient whose chance agreement depends on the `q` categories a coder
/// could choose from (`pe(π, q)`): undefined with fewer than two.
fn over_categories(data: &Data, pe: impl Fn(&[f64], f64) -> f64) -> Estimate {
    let q = data.categories().len();
    if q < 2 {
        return Estimate::Undefined(Undefined::FewerThanTwoCategories);
    }
    match pooled(data) {
        Some((pa, pi)) => Estimate::chance_corrected(pa, pe(&pi, q as f64)),
        None => Estimate::Undefined(Undefined::NoPairableUnits),
    }
}

/// Brennan–Prediger's coefficient: chance agreement `1 / q`.
pub fn brennan_prediger(data: &Data) -> Estimate {
    over_categories(data, |_, q| 1.0 / q)
}

/// Gwet's AC1: chance agreement `Σ π_k (1 − π_k) / (q − 1)`.
pub fn gwet_ac1(data: &Data) -> Estimate {
    over_categories(data, |pi, q| {
        pi.iter().map(|p| p * (1.0 - p)).sum::<f64>() / (q - 1.0)
    })
}

/// Two coders' paired values: each row both coded, as (first, second, how many units).
fn pairs(data: &Data) -> Option<Vec<(usize, usize, usize)>> {
    if data.coders().len() != 2 {
        return None;
    }
    Some(
        data.units()
            .iter()
            .enumerate()
            .filter_map(|(u, row)| match row.as_slice() {
                [Some(a), Some(b)] => Some((*a, *b, data.weight(u))),
                _ => None,
            })
            .collect(),
    )
}

/// Two coders' observed agreement and each one's marginal proportions, over units both coded.
type Margins = (f64, Vec<f64>, Vec<f64>);

/// The two coders' [`Margins`]; `None` for other than two coders.
fn two_coder_margins(data: &Data) -> Option<Result<Margins, Undefined>> {
    let pairs = pairs(data)?;
    if pairs.is_empty() {
        return Some(Err(Undefined::NoPairableUnits));
    }
    let q = data.categories().len();
    let (mut p1, mut p2) = (vec![0.0; q], vec![0.0; q]);
    let n = pairs.iter().map(|p| p.2).sum::<usize>() as f64;
    let mut agree = 0usize;
    for &(a, b, w) in &pairs {
        if let Some(x) = p1.get_mut(a) {
            *x += w as f64 / n;
        }
        if let Some(x) = p2.get_mut(b) {
            *x += w as f64 / n;
        }
        agree += if a == b { w } else { 0 };
    }
    Some(Ok((agree as f64 / n, p1, p2)))
}

/// Cohen's κ: two coders only (`None` for any other number).
pub fn cohen_kappa(data: &Data) -> Option<Estimate> {
    Some(match two_coder_margins(data)? {
        Ok((pa, p1, p2)) => {
            Estimate::chance_corrected(pa, p1.iter().zip(&p2).map(|(a, b)| a * b).sum())
        }
        Err(why) => Estimate::Undefined(why),
    })
}

/// Scott's π: two coders only (`None` for any other number).
pub fn scott_pi(data: &Data) -> Option<Estimate> {
    Some(match two_coder_margins(data)? {
        Ok((pa, p1, p2)) => {
            let pe = p1
                .iter()
                .zip(&p2)
                .map(|(a, b)| ((a + b) / 2.0).powi(2))
                .sum();
            Estimate::chance_corrected(pa, pe)
        }
        Err(why) => Estimate::Undefined(why),
    })
}

/// Holsti's coefficient `2M / (N1 + N2)`: two coders only (`None` for any other number).
pub fn holsti(data: &Data) -> Option<Estimate> {
    let pairs = pairs(data)?;
    let coded = |i: usize| -> usize {
        data.units()
            .iter()
            .enumerate()
            .filter(|(_, row)| row.get(i).is_some_and(Option::is_some))
            .map(|(u, _)| data.weight(u))
            .sum()
    };
    let (n1, n2) = (coded(0), coded(1));
    if n1 + n2 == 0 {
        return Some(Estimate::Undefined(Undefined::NothingCoded));
    }
    let m: usize = pairs.iter().filter(|(a, b, _)| a == b).map(|p| p.2).sum();
    let value = 2.0 * m as f64 / (n1 + n2) as f64;
    Some(Estimate::Defined {
        value,
        observed: value,
        expected: None,
    })
}
