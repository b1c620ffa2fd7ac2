//! The agreement coefficients against published values, each with its source.

use codebook::agree::coefficients::{
    brennan_prediger, cohen_kappa, fleiss_kappa, gwet_ac1, holsti, percent_agreement, scott_pi,
};
use codebook::agree::{Coefficients, Data, Estimate, Metric, Undefined, krippendorff_alpha};

/// `value` equals `expected` to the precision it was published with (`digits` decimals).
#[track_caller]
fn close(e: Estimate, expected: f64, digits: i32) {
    let value = e.value().unwrap_or_else(|| panic!("undefined: {e:?}"));
    let tolerance = 0.5 * 10f64.powi(-digits) + 1e-12;
    assert!(
        (value - expected).abs() <= tolerance,
        "{value} is not {expected} to {digits} decimals"
    );
}

/// Rows of a units × coders matrix from one string per coder (`.` missing), as Krippendorff
/// writes them.
fn by_coder(coders: &[&str]) -> Data {
    let cols: Vec<Vec<&str>> = coders
        .iter()
        .map(|c| c.split_whitespace().collect())
        .collect();
    let units = (0..cols[0].len())
        .map(|u| {
            cols.iter()
                .map(|c| (c[u] != ".").then(|| c[u].to_string()))
                .collect()
        })
        .collect::<Vec<Vec<Option<String>>>>();
    let names = (0..coders.len()).map(|i| format!("c{i}")).collect();
    Data::from_names(names, &units).unwrap()
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §A: binary data, two
/// observers, no missing data: α = 0.095. The further values: Pₒ = 0.60, Cohen's
/// κ = 0.0909, Scott's π = 0.0476.
#[test]
fn krippendorff_2011_binary_two_coders() {
    let d = by_coder(&["0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0"]);
    close(krippendorff_alpha(&d, Metric::Nominal), 0.095, 3);
    close(percent_agreement(&d), 0.60, 2);
    close(cohen_kappa(&d).unwrap(), 0.0909, 4);
    close(scott_pi(&d).unwrap(), 0.0476, 4);
    // Holsti: 6 agreements of 10 + 10 decisions.
    close(holsti(&d).unwrap(), 0.60, 2);
}

/// Krippendorff (2011), §C: four observers, twelve units, missing values: α nominal 0.743,
/// ordinal 0.815, interval 0.849, ratio 0.797.
fn krippendorff_four_coders() -> Data {
    by_coder(&[
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ])
}

#[test]
fn krippendorff_2011_four_coders_missing_values_every_metric() {
    let d = krippendorff_four_coders();
    close(krippendorff_alpha(&d, Metric::Nominal), 0.743, 3);
    close(krippendorff_alpha(&d, Metric::Ordinal), 0.815, 3);
    close(krippendorff_alpha(&d, Metric::Interval), 0.849, 3);
    close(krippendorff_alpha(&d, Metric::Ratio), 0.797, 3);
}

/// Gwet's `irrCAC` R package (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.),
/// vignette "Computing Agreement Coefficients", dataset `cac.raw4raters` (the same ratings as
/// Krippendorff's four observers): percent agreement 0.8181818, AC1 0.77544, Fleiss' κ
/// 0.76117, Krippendorff's α 0.74342, Brennan–Prediger 0.77273 (q = 5).
#[test]
fn gwet_handbook_four_raters_with_missing_values() {
    let d = by_coder(&[
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . .",
        ". 3 3 3 2 3 4 2 2 5 1 3",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]);
    close(percent_agreement(&d), 0.8181818, 7);
    close(gwet_ac1(&d), 0.77544, 5);
    close(fleiss_kappa(&d), 0.76117, 5);
    close(krippendorff_alpha(&d, Metric::Nominal), 0.74342, 5);
    close(brennan_prediger(&d), 0.77273, 5);
}

/// Gwet (2014), Handbook, the 3 × 3 table of two abstractors (`cont3x3abstractors` in
/// `irrCAC`): Cohen's κ 0.796 (0.7964094), Brennan–Prediger 0.835, Scott's π 0.7962397, AC1
/// 0.8493305, Krippendorff's α 0.7972585, percent agreement 0.89.
#[test]
fn gwet_three_by_three_table() {
    let d = Data::from_table(&[vec![13, 0, 0], vec![0, 20, 7], vec![0, 4, 56]]).unwrap();
    close(cohen_kappa(&d).unwrap(), 0.796, 3);
    close(cohen_kappa(&d).unwrap(), 0.7964094, 7);
    close(brennan_prediger(&d), 0.835, 3);
    close(scott_pi(&d).unwrap(), 0.7962397, 7);
    close(gwet_ac1(&d), 0.8493305, 7);
    close(krippendorff_alpha(&d, Metric::Nominal), 0.7972585, 7);
    close(percent_agreement(&d), 0.89, 2);
}

/// NVivo's coding comparison, worked example: 1000 characters, coder A coded 150, B 100, both
/// 50: agreement 85 %, κ 0.3182. Characters are the units, coded/not coded the categories.
#[test]
fn nvivo_character_example() {
    // Categories 1 = coded, 2 = not coded: both 50, A only 100, B only 50, neither 800.
    let d = Data::from_table(&[vec![50, 100], vec![50, 800]]).unwrap();
    close(percent_agreement(&d), 0.85, 2);
    close(cohen_kappa(&d).unwrap(), 0.3182, 4);
}

/// Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological
/// Bulletin 76(5): 30 patients, 6 psychiatrists, 5 diagnoses, κ = 0.430 (0.4302445 in R's
/// `irr::kappam.fleiss(diagnoses)`). Between raters 1 and 2 alone, Cohen's κ is 0.651
/// (`irr::kappa2(diagnoses[, 1:2])`). The ratings as `irr`'s `diagnoses` lists them.
#[test]
fn fleiss_1971_diagnoses() {
    let rows = [
        "4 4 4 4 4 4",
        "2 2 2 5 5 5",
        "2 3 3 3 3 5",
        "5 5 5 5 5 5",
        "2 2 2 4 4 4",
        "1 1 3 3 3 3",
        "3 3 3 3 5 5",
        "1 1 3 3 3 4",
        "1 1 4 4 4 4",
        "5 5 5 5 5 5",
        "1 4 4 4 4 4",
        "1 2 4 4 4 4",
        "2 2 2 3 3 3",
        "1 4 4 4 4 4",
        "2 2 4 4 4 5",
        "3 3 3 3 3 5",
        "1 1 1 4 5 5",
        "1 1 1 1 1 2",
        "2 2 4 4 4 4",
        "1 3 3 5 5 5",
        "5 5 5 5 5 5",
        "2 4 4 4 4 4",
        "2 2 4 5 5 5",
        "1 1 4 4 4 4",
        "1 4 4 4 4 5",
        "2 2 2 2 2 4",
        "1 1 1 1 5 5",
        "2 2 4 4 4 4",
        "1 3 3 3 3 3",
        "5 5 5 5 5 5",
    ];
    let units: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|r| r.split(' ').map(|v| Some(v.to_string())).collect())
        .collect();
    let coders: Vec<String> = (1..=6).map(|i| format!("rater{i}")).collect();
    let d = Data::from_names(coders.clone(), &units).unwrap();
    close(fleiss_kappa(&d), 0.430, 3);
    close(fleiss_kappa(&d), 0.4302445, 7);
    let two: Vec<Vec<Option<String>>> = units.iter().map(|u| u[..2].to_vec()).collect();
    let d = Data::from_names(coders[..2].to_vec(), &two).unwrap();
    close(cohen_kappa(&d).unwrap(), 0.651, 3);
}

/// Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories, as
/// counts of raters per category: P̄ = 0.378, P̄e = 0.213, κ = 0.210.
#[test]
fn fleiss_wikipedia_worked_example() {
    let counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];
    let d = Data::from_counts(&counts.map(|r| r.to_vec())).unwrap();
    match fleiss_kappa(&d) {
        Estimate::Defined {
            value,
            observed,
            expected,
        } => {
            assert!((observed - 0.378).abs() < 0.0005, "{observed}");
            assert!((expected.unwrap_or(0.0) - 0.213).abs() < 0.0005);
            assert!((value - 0.210).abs() < 0.0005, "{value}");
        }
        e => panic!("{e:?}"),
    }
}

/// Gwet's `irrCAC` vignette, dataset `distrib.6raters` (15 psychiatric patients, 6 raters, 5
/// categories, as counts per category): AC1 0.4448007, Fleiss' κ 0.4139265, Krippendorff's α
/// 0.4204384, Brennan–Prediger 0.4388889, percent agreement 0.5511111.
#[test]
fn gwet_six_raters_distribution() {
    let counts = [
        [0, 0, 0, 6, 0],
        [0, 3, 0, 0, 3],
        [0, 1, 4, 0, 1],
        [0, 0, 0, 0, 6],
        [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0],
        [0, 0, 4, 0, 2],
        [2, 0, 3, 1, 0],
        [2, 0, 0, 4, 0],
        [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0],
        [1, 1, 0, 4, 0],
        [0, 3, 3, 0, 0],
        [1, 0, 0, 5, 0],
        [0, 2, 0, 3, 1],
    ];
    let d = Data::from_counts(&counts.map(|r| r.to_vec())).unwrap();
    close(gwet_ac1(&d), 0.4448007, 7);
    close(fleiss_kappa(&d), 0.4139265, 7);
    close(krippendorff_alpha(&d, Metric::Nominal), 0.4204384, 7);
    close(brennan_prediger(&d), 0.4388889, 7);
    close(percent_agreement(&d), 0.5511111, 7);
}

/// Randolph's online kappa calculator, as statsmodels' tests quote it: two subjects, eight
/// raters, two categories, `[[7, 1], [3, 5]]`: overall agreement 0.607143, Fleiss' (fixed
/// marginal) κ 0.161905, free-marginal κ (Brennan–Prediger) 0.214286.
#[test]
fn randolph_free_marginal() {
    let d = Data::from_counts(&[vec![7, 1], vec![3, 5]]).unwrap();
    close(percent_agreement(&d), 0.607143, 6);
    close(fleiss_kappa(&d), 0.161905, 6);
    close(brennan_prediger(&d), 0.214286, 6);
}

/// A SAS example of Cohen's κ, as statsmodels' tests quote it: `[[0, 4, 1], [0, 8, 0],
/// [0, 1, 5]]` gives κ 0.4842.
#[test]
fn sas_cohen_example() {
    let d = Data::from_table(&[vec![0, 4, 1], vec![0, 8, 0], vec![0, 1, 5]]).unwrap();
    close(cohen_kappa(&d).unwrap(), 0.4842, 4);
}

/// Undefined cases are typed reasons, never NaN.
#[test]
fn undefined_cases_are_reported_as_such() {
    // One category only: every coefficient that corrects for chance is 0 / 0.
    let d = by_coder(&["a a a", "a a a"]);
    let c = Coefficients::compute(&d, Metric::Nominal);
    assert_eq!(c.percent_agreement.value(), Some(1.0));
    assert_eq!(
        c.cohen_kappa,
        Some(Estimate::Undefined(Undefined::NoVariation))
    );
    assert_eq!(c.fleiss_kappa, Estimate::Undefined(Undefined::NoVariation));
    assert_eq!(
        c.krippendorff_alpha,
        Estimate::Undefined(Undefined::NoVariation)
    );
    assert_eq!(
        c.brennan_prediger,
        Estimate::Undefined(Undefined::FewerThanTwoCategories)
    );
    // No unit coded by both coders.
    let d = by_coder(&["a . b", ". b ."]);
    let c = Coefficients::compute(&d, Metric::Nominal);
    assert_eq!(c.pairable_units, 0);
    for e in [
        c.percent_agreement,
        c.fleiss_kappa,
        c.krippendorff_alpha,
        c.gwet_ac1,
    ] {
        assert_eq!(e, Estimate::Undefined(Undefined::NoPairableUnits));
    }
    assert_eq!(c.holsti.and_then(|e| e.value()), Some(0.0));
    // Nothing at all.
    let d = Data::new(vec!["a".into(), "b".into()], vec![], vec![]).unwrap();
    let c = Coefficients::compute(&d, Metric::Interval);
    assert_eq!(c.holsti, Some(Estimate::Undefined(Undefined::NothingCoded)));
    assert_eq!(
        c.krippendorff_alpha,
        Estimate::Undefined(Undefined::NoPairableUnits)
    );
    // Metrics that need numbers.
    let d = by_coder(&["a b", "b b"]);
    for m in [Metric::Ordinal, Metric::Interval, Metric::Ratio] {
        assert_eq!(
            krippendorff_alpha(&d, m),
            Estimate::Undefined(Undefined::NotNumbers)
        );
    }
    let d = by_coder(&["-1 2", "2 2"]);
    assert_eq!(
        krippendorff_alpha(&d, Metric::Ratio),
        Estimate::Undefined(Undefined::NegativeValues)
    );
}

/// Coefficients for two coders only are absent with three.
#[test]
fn two_coder_coefficients_do_not_apply_to_three() {
    let c = Coefficients::compute(&by_coder(&["1 2", "1 2", "1 1"]), Metric::Nominal);
    assert!(c.cohen_kappa.is_none() && c.scott_pi.is_none() && c.holsti.is_none());
    assert!(c.fleiss_kappa.value().is_some());
}
