//! `codebook agree`: inter-coder agreement.
//!
//! [`data::Data`] is the reliability data matrix (units by coders, missing values allowed);
//! [`coefficients`] and [`alpha`] compute each coefficient from it as a pure function, an
//! undefined case being a typed [`Undefined`] reason, never NaN. [`Coefficients::compute`]
//! gathers every coefficient that applies to one matrix. [`report::Report`] is what `codebook
//! agree` prints ([`render`], [`latex`]); [`from_csv`] makes one of a CSV matrix. For a
//! REFI-QDA project, [`unitized`] compares where codes were applied, character by character,
//! and [`qdpx::report`] makes its [`UnitizedReport`].

pub mod alpha;
pub mod bootstrap;
pub mod codebooks;
pub mod coefficients;
pub mod csv;
pub mod data;
pub mod latex;
pub mod qdpx;
pub mod render;
pub mod report;
pub mod unitized;

pub use alpha::{Metric, krippendorff_alpha};
pub use coefficients::{Estimate, Undefined};
pub use data::{Data, DataError};
pub use qdpx::UnitizedReport;
pub use report::Report;

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
    /// A bootstrap confidence interval of Krippendorff's α, when asked for.
    pub alpha_interval: Option<bootstrap::Interval>,
}

impl Coefficients {
    /// Every coefficient of `data`, α under `metric`.
    pub fn compute(data: &Data, metric: Metric) -> Coefficients {
        Coefficients {
            coders: data.coders().len(),
            units: data.unit_count(),
            pairable_units: (0..data.units().len())
                .filter(|&u| data.values(u).nth(1).is_some())
                .map(|u| data.weight(u))
                .sum(),
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
            alpha_interval: None,
        }
    }

    /// [`Coefficients::compute`], and a bootstrap interval of α over `samples` draws of the
    /// units when `samples` is more than 0.
    pub fn compute_with(data: &Data, metric: Metric, samples: usize) -> Coefficients {
        let mut c = Coefficients::compute(data, metric);
        if samples > 0 {
            c.alpha_interval = bootstrap::alpha_interval(data, metric, samples);
        }
        c
    }
}

/// The report of a reliability data matrix in CSV (see [`csv`]): the coefficients overall and
/// every unit the coders did not code alike, placed at `name:line`; with a bootstrap interval
/// of α over `samples` draws when `samples` is more than 0.
pub fn from_csv(
    name: &str,
    text: &str,
    metric: Metric,
    samples: usize,
) -> Result<Report, csv::CsvError> {
    let (coders, units) = csv::parse(text)?;
    let data = csv::data(coders.clone(), &units).map_err(|e| csv::CsvError {
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let mut disagreements = Vec::new();
    for (row, (line, cells)) in units.iter().enumerate() {
        let mut given = cells.iter().flatten();
        let first = given.next();
        if first.is_none() || given.all(|v| Some(v) == first) {
            continue;
        }
        let said = coders
            .iter()
            .zip(cells)
            .map(|(coder, v)| report::Said {
                coder: coder.clone(),
                place: None,
                values: v.iter().cloned().collect(),
            })
            .collect();
        disagreements.push(report::Disagreement {
            unit: format!("unit {} ({name}:{line})", row + 1),
            level: None,
            said,
        });
    }
    Ok(Report {
        coders,
        metric,
        overall: Coefficients::compute_with(&data, metric, samples),
        by_level: Vec::new(),
        by_code: Vec::new(),
        disagreements,
    })
}
