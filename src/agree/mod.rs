//! `codebook agree`: inter-coder agreement.
//!
//! [`data::Data`] is the reliability data matrix (units by coders, missing values allowed);
//! [`coefficients`] and [`alpha`] compute each coefficient from it as a pure function, an
//! undefined case being a typed [`Undefined`] reason, never NaN. [`Coefficients::compute`]
//! gathers every coefficient that applies to one matrix.

pub mod alpha;
pub mod coefficients;
pub mod data;

pub use alpha::{Metric, krippendorff_alpha};
pub use coefficients::{Estimate, Undefined};
pub use data::{Data, DataError};

/// Every coefficient of one reliability data matrix; a coefficient that does not apply (Cohen's
/// κ, Scott's π and Holsti with other than two coders) is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficients {
    /// How many coders the matrix has.
    pub coders: usize,
    /// How many units it has.
    pub units: usize,
    /// Units with values from two coders or more.
    pub pairable_units: usize,
    /// How many categories a coder could choose from.
    pub categories: usize,
    /// The share of agreeing pairs of values.
    pub percent_agreement: Estimate,
    /// Cohen's κ (two coders).
    pub cohen_kappa: Option<Estimate>,
    /// Scott's π (two coders).
    pub scott_pi: Option<Estimate>,
    /// Fleiss' κ.
    pub fleiss_kappa: Estimate,
    /// Krippendorff's α, under [`Coefficients::metric`].
    pub krippendorff_alpha: Estimate,
    /// The metric α was computed with.
    pub metric: Metric,
    /// Brennan–Prediger's coefficient.
    pub brennan_prediger: Estimate,
    /// Gwet's AC1.
    pub gwet_ac1: Estimate,
    /// Holsti's coefficient (two coders).
    pub holsti: Option<Estimate>,
}

impl Coefficients {
    /// Every coefficient of `data`, α under `metric`.
    pub fn compute(data: &Data, metric: Metric) -> Coefficients {
        Coefficients {
            coders: data.coders().len(),
            units: data.units().len(),
            pairable_units: (0..data.units().len())
                .filter(|&u| data.values(u).nth(1).is_some())
                .count(),
            categories: data.categories().len(),
            percent_agreement: coefficients::percent_agreement(data),
            cohen_kappa: coefficients::cohen_kappa(data),
            scott_pi: coefficients::scott_pi(data),
            fleiss_kappa: coefficients::fleiss_kappa(data),
            krippendorff_alpha: krippendorff_alpha(data, metric),
            metric,
            brennan_prediger: coefficients::brennan_prediger(data),
            gwet_ac1: coefficients::gwet_ac1(data),
            holsti: coefficients::holsti(data),
        }
    }
}
