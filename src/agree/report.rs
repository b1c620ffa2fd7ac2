//! What `codebook agree` reports: the coefficients overall, by level and by code, and the list
//! of disagreements; and its JSON form, described by `schemas/json/agree.schema.json`.

use super::{Coefficients, Estimate, Metric};
use serde_json::{Map, Value, json};

/// Bump when the JSON form changes incompatibly (and `schemas/json/agree.schema.json` with it).
pub const SCHEMA_VERSION: u32 = 1;

/// The agreement of one part of the data: a level of the hierarchy or one code.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoped {
    /// The level's word (`concept`) or the code's identifier.
    pub id: String,
    /// The level's heading or the code's label.
    pub label: String,
    /// For a code, its level's word.
    pub level: Option<String>,
    /// The coefficients of this part.
    pub coefficients: Coefficients,
}

/// What one coder said of a unit, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The coder.
    pub coder: String,
    /// Where the coder's coding is (`a.codebook:12`, `units.csv:4`); `None` when the coder
    /// did not code the unit.
    pub place: Option<String>,
    /// The categories or codes the coder gave it (empty: none).
    pub values: Vec<String>,
}

/// A unit the coders did not code alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// The unit, in words (`row 3`, the quote's opening words).
    pub unit: String,
    /// At which level they disagree (`concept`), when the data have levels.
    pub level: Option<String>,
    /// What each coder said, in the coders' order.
    pub said: Vec<Said>,
}

/// Everything `codebook agree` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The coders, in order.
    pub coders: Vec<String>,
    /// The metric of Krippendorff's α overall.
    pub metric: Metric,
    /// The coefficients of all the data: for codebooks, of the lowest level's codes.
    pub overall: Coefficients,
    /// Per level of the hierarchy, lowest first (empty for a CSV matrix).
    pub by_level: Vec<Scoped>,
    /// Per code, presence or absence (empty for a CSV matrix).
    pub by_code: Vec<Scoped>,
    /// The units the coders did not code alike.
    pub disagreements: Vec<Disagreement>,
}

/// The names and symbols of the coefficients, in the order every output lists them.
pub(crate) const COEFFICIENTS: [(&str, &str); 8] = [
    ("percent_agreement", "Percent agreement"),
    ("cohen_kappa", "Cohen's kappa"),
    ("scott_pi", "Scott's pi"),
    ("fleiss_kappa", "Fleiss' kappa"),
    ("krippendorff_alpha", "Krippendorff's alpha"),
    ("brennan_prediger", "Brennan-Prediger"),
    ("gwet_ac1", "Gwet's AC1"),
    ("holsti", "Holsti"),
];

impl Coefficients {
    /// The coefficients in [`COEFFICIENTS`]'s order, `None` where one does not apply.
    pub(crate) fn listed(&self) -> [Option<Estimate>; 8] {
        [
            Some(self.percent_agreement),
            self.cohen_kappa,
            self.scott_pi,
            Some(self.fleiss_kappa),
            Some(self.krippendorff_alpha),
            Some(self.brennan_prediger),
            Some(self.gwet_ac1),
            self.holsti,
        ]
    }

    /// The JSON form: counts, then each coefficient under its own key (absent when it does
    /// not apply).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("coders".into(), json!(self.coders));
        m.insert("units".into(), json!(self.units));
        m.insert("pairable_units".into(), json!(self.pairable_units));
        m.insert("categories".into(), json!(self.categories));
        for ((key, _), e) in COEFFICIENTS.iter().zip(self.listed()) {
            if let Some(e) = e {
                let mut v = estimate_json(&e);
                if *key == "krippendorff_alpha"
                    && let Value::Object(o) = &mut v
                {
                    o.insert("metric".into(), json!(self.metric.name()));
                    if let (Some(i), Some(_)) = (&self.alpha_interval, e.value()) {
                        o.insert(
                            "interval".into(),
                            json!({
                                "level": 0.95,
                                "low": i.low,
                                "high": i.high,
                                "samples": i.samples,
                                "undefined_samples": i.undefined,
                                "seed": i.seed,
                            }),
                        );
                    }
                }
                m.insert((*key).into(), v);
            }
        }
        Value::Object(m)
    }
}

/// An estimate as JSON: `{"value", "observed", "expected"}`, or `{"value": null, "undefined",
/// "reason"}`.
pub(crate) fn estimate_json(e: &Estimate) -> Value {
    match e {
        Estimate::Defined {
            value,
            observed,
            expected,
        } => {
            let mut m = Map::new();
            m.insert("value".into(), json!(value));
            m.insert("observed".into(), json!(observed));
            if let Some(x) = expected {
                m.insert("expected".into(), json!(x));
            }
            Value::Object(m)
        }
        Estimate::Undefined(why) => json!({
            "value": null,
            "undefined": why.name(),
            "reason": why.reason(),
        }),
    }
}

impl Scoped {
    fn to_json(&self) -> Value {
        let mut v = self.coefficients.to_json();
        if let Value::Object(m) = &mut v {
            m.insert("id".into(), json!(self.id));
            m.insert("label".into(), json!(self.label));
            if let Some(l) = &self.level {
                m.insert("level".into(), json!(l));
            }
        }
        v
    }
}

impl Report {
    /// The JSON form, pretty-printed, ending with a newline.
    pub fn json(&self) -> String {
        let disagreements: Vec<Value> = self
            .disagreements
            .iter()
            .map(|d| {
                let said: Vec<Value> = d
                    .said
                    .iter()
                    .map(|s| json!({"coder": s.coder, "place": s.place, "values": s.values}))
                    .collect();
                let mut m = Map::new();
                m.insert("unit".into(), json!(d.unit));
                if let Some(l) = &d.level {
                    m.insert("level".into(), json!(l));
                }
                m.insert("said".into(), Value::Array(said));
                Value::Object(m)
            })
            .collect();
        let out = json!({
            "schema_version": SCHEMA_VERSION,
            "coders": self.coders,
            "metric": self.metric.name(),
            "overall": self.overall.to_json(),
            "by_level": self.by_level.iter().map(Scoped::to_json).collect::<Vec<_>>(),
            "by_code": self.by_code.iter().map(Scoped::to_json).collect::<Vec<_>>(),
            "disagreements": disagreements,
        });
        let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
        s.push('\n');
        s
    }
}
