//! `codebook agree PROJECT.qdpx`: agreement on where codes were applied, character by
//! character. NVivo's coding comparison against its published worked example; Krippendorff's
//! `|uα` against values worked out by hand from the formula (no published worked example of
//! it was at hand) and its known properties (1 for perfect agreement, below 0 for disjoint
//! units, about 0 for coders coding at random); the binary on the test projects
//! (`tests/fixtures/agree/make_projects.py` writes them), every output form, LaTeX through
//! pdflatex, and the exit codes.

mod common;
use codebook::agree::unitized::{Comparison, Piece, runs, unitized_alpha};
use codebook::agree::{Estimate, Undefined};
use common::{
    agree_json, agree_latex, codebook, readme_block_is_output, stderr, succeeds, temp_dir, zip_of,
};
use serde_json::Value;

const TWO: &str = "tests/fixtures/agree/two-users.qdpx";
const THREE: &str = "tests/fixtures/agree/three-users.qdpx";

fn defined(e: Estimate) -> (f64, f64, Option<f64>) {
    match e {
        Estimate::Defined {
            value,
            observed,
            expected,
        } => (value, observed, expected),
        Estimate::Undefined(why) => panic!("undefined: {}", why.reason()),
    }
}

fn piece(length: usize, units: &[&[(usize, usize)]]) -> Piece {
    Piece {
        length,
        units: units.iter().map(|u| runs(u.iter().copied())).collect(),
    }
}

/// NVivo's worked example: 1000 characters, coder A coded 150, B 100, both 50: agreement
/// 85 %, κ 0.3182 (expected agreement (150·100 + 850·900) / 1000² = 0.78).
#[test]
fn nvivo_worked_example() {
    let c = Comparison::of(1000, &[(0, 150)], &[(100, 200)]);
    assert_eq!(
        (c.first, c.second, c.both, c.neither()),
        (150, 100, 50, 800)
    );
    let (agreement, _, _) = defined(c.agreement());
    assert!((agreement - 0.85).abs() < 1e-12);
    let (kappa, observed, expected) = defined(c.kappa());
    assert_eq!(format!("{kappa:.4}"), "0.3182");
    assert!((observed - 0.85).abs() < 1e-12);
    assert!((expected.unwrap() - 0.78).abs() < 1e-12);
}

/// Ranges past the text's end are cut there; overlapping selections count once.
#[test]
fn characters_count_once() {
    let c = Comparison::of(100, &[(0, 30), (20, 40), (90, 130)], &[(35, 50)]);
    assert_eq!((c.first, c.second, c.both), (50, 15, 5));
    assert_eq!(c.neither(), 40);
    // Nobody coded anything: agreement 1, κ undefined (chance agreement is complete).
    let none = Comparison::of(100, &[], &[]);
    assert_eq!(none.agreement().value(), Some(1.0));
    assert_eq!(none.kappa(), Estimate::Undefined(Undefined::NoVariation));
    let empty = Comparison::of(0, &[], &[]);
    assert_eq!(empty.kappa(), Estimate::Undefined(Undefined::NoText));
    assert_eq!(empty.agreement(), Estimate::Undefined(Undefined::NoText));
}

/// Two overlapping units worked out by hand. L = 10, A codes 2..6, B 3..7.
/// Do: δ² = (2 − 3)² + (6 − 7)² = 2 for each ordered pair: 4 / (2·1·10²) = 0.02.
/// De: units of length 4 (N = 2): (N − 1)(2·64 − 3·16 + 4)/3 = 28 each; gaps 2, 4 (A) and
/// 3, 3 (B), of which one is 4 long or more: 4² · (4 − 4 + 1) = 16 each; 2 · (56 + 32) / (10 ·
/// (20·19 − 2·4·3)) = 176 / 3560. |uα = 1 − 0.02 · 3560 / 176.
#[test]
fn overlapping_units_by_hand() {
    let (alpha, d_o, d_e) = defined(unitized_alpha(&[piece(10, &[&[(2, 6)], &[(3, 7)]])], 2));
    assert!((d_o - 0.02).abs() < 1e-12, "{d_o}");
    assert!((d_e.unwrap() - 176.0 / 3560.0).abs() < 1e-12, "{d_e:?}");
    assert!(
        (alpha - (1.0 - 0.02 * 3560.0 / 176.0)).abs() < 1e-12,
        "{alpha}"
    );
}

/// A unit only one coder made lies in the other's gap: δ² = its length squared. L = 159, B
/// codes 105..159 (54 characters), A nothing. Do = 2 · 54² / (2·1·159²); De = 2 · 54² · ((159 −
/// 54 + 1) + (105 − 54 + 1)) / (159 · (318·317 − 54·53)).
#[test]
fn a_unit_in_a_gap_by_hand() {
    let (alpha, d_o, d_e) = defined(unitized_alpha(&[piece(159, &[&[], &[(105, 159)]])], 2));
    let want_o = 2.0 * 2916.0 / (2.0 * 159.0 * 159.0);
    let want_e = 2.0 * 2916.0 * 158.0 / (159.0 * (318.0 * 317.0 - 54.0 * 53.0));
    assert!((d_o - want_o).abs() < 1e-12, "{d_o}");
    assert!((d_e.unwrap() - want_e).abs() < 1e-12, "{d_e:?}");
    assert!((alpha - (1.0 - want_o / want_e)).abs() < 1e-12);
    assert!(alpha < 0.0, "{alpha}");
}

/// Krippendorff (2004), *Content Analysis*, 2nd ed., p. 254: a continuum of 300 (from 150 to
/// 450), two coders. Category c: the first coder's units (start, length) (225, 70), (370, 30),
/// the second's (220, 80), (355, 20), (400, 20): Do 0.0144, De 0.0532, α 0.7286. Category k:
/// (180, 60) and (300, 50) by both: Do 0, De 0.0490, α 1. (The data and values as the DKPro
/// Statistics test of that example gives them.)
#[test]
fn krippendorff_2004_worked_example() {
    let at = |units: &[(usize, usize)]| -> Vec<(usize, usize)> {
        units.iter().map(|&(b, l)| (b - 150, b - 150 + l)).collect()
    };
    let c = Piece {
        length: 300,
        units: vec![
            at(&[(225, 70), (370, 30)]),
            at(&[(220, 80), (355, 20), (400, 20)]),
        ],
    };
    let (alpha, d_o, d_e) = defined(unitized_alpha(&[c], 2));
    assert_eq!(
        format!("{d_o:.4} {:.4} {alpha:.4}", d_e.unwrap()),
        "0.0144 0.0532 0.7286"
    );
    let k = Piece {
        length: 300,
        units: vec![at(&[(180, 60), (300, 50)]), at(&[(180, 60), (300, 50)])],
    };
    let (alpha, d_o, d_e) = defined(unitized_alpha(&[k], 2));
    assert_eq!(
        format!("{d_o:.4} {:.4} {alpha:.4}", d_e.unwrap()),
        "0.0000 0.0490 1.0000"
    );
}

/// Krippendorff (1995), "On the reliability of unitizing continuous data", p. 57: four pairs
/// of coders on a continuum of 24 (start, length per unit). Observed disagreement A 0.03125,
/// B 2.26736, C 0.02777, D 0.38715 (D: both coded everything, in units of other lengths:
/// touching units stay units). Stretched to a long continuum (× 50,000), α ≈ 0.553, −0.926,
/// 0.679, 0.066 (to ±0.02, as DKPro Statistics checks them: the paper's De has a slip).
#[test]
fn krippendorff_1995_example() {
    let first: [&[(usize, usize)]; 4] = [
        &[(2, 8), (14, 6)],
        &[(0, 18)],
        &[(2, 6), (10, 2), (14, 4), (20, 2)],
        &[(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
    ];
    let second: [&[(usize, usize)]; 4] = [
        &[(4, 4), (15, 2)],
        &[(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)],
        &[(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)],
        &[(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)],
    ];
    let study = |k: usize, stretch: usize| Piece {
        length: 24 * stretch,
        units: [first[k], second[k]]
            .iter()
            .map(|u| runs(u.iter().map(|&(b, l)| (b * stretch, (b + l) * stretch))))
            .collect(),
    };
    let observed = [0.03125, 2.26736, 0.02777, 0.38715];
    let alphas = [0.553, -0.926, 0.679, 0.066];
    for k in 0..4 {
        let (_, d_o, _) = defined(unitized_alpha(&[study(k, 1)], 2));
        assert!((d_o - observed[k]).abs() < 0.00001, "{k}: Do {d_o}");
        let (alpha, _, _) = defined(unitized_alpha(&[study(k, 50_000)], 2));
        assert!((alpha - alphas[k]).abs() < 0.02, "{k}: alpha {alpha}");
    }
}

#[test]
fn perfect_agreement_is_one_for_any_number_of_coders() {
    let same: &[(usize, usize)] = &[(3, 17), (40, 41), (60, 99)];
    for m in 2..=4 {
        let units = vec![same; m];
        let pieces = [piece(120, &units), piece(30, &vec![&[(0, 30)][..]; m])];
        let (alpha, d_o, _) = defined(unitized_alpha(&pieces, m));
        assert_eq!(d_o, 0.0);
        assert_eq!(alpha, 1.0, "{m} coders");
    }
}

/// The same amount coded, in different places: κ and |uα below 0.
#[test]
fn disjoint_units_with_equal_marginals_are_below_zero() {
    let c = Comparison::of(1000, &[(0, 50)], &[(50, 100)]);
    assert!(c.kappa().value().unwrap() < 0.0);
    let (alpha, _, _) = defined(unitized_alpha(
        &[piece(1000, &[&[(0, 50)], &[(50, 100)]])],
        2,
    ));
    assert!(alpha < 0.0, "{alpha}");
    // Closer boundaries agree more than distant ones.
    let near = unitized_alpha(&[piece(1000, &[&[(0, 50)], &[(2, 52)]])], 2);
    let far = unitized_alpha(&[piece(1000, &[&[(0, 50)], &[(20, 70)]])], 2);
    assert!(near.value().unwrap() > far.value().unwrap());
    assert!(near.value().unwrap() > 0.9);
}

/// Coders who place their units at random, independently of one another, agree as chance
/// does: |uα is about 0 on average (the expected disagreement is what such coders observe).
#[test]
fn coders_at_random_are_near_zero() {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for m in [2, 3] {
        let trials = 200;
        let mut sum = 0.0;
        for _ in 0..trials {
            let length = 20_000;
            let units: Vec<Vec<(usize, usize)>> = (0..m)
                .map(|_| {
                    runs((0..30).map(|_| {
                        let l = 5 + next(120);
                        let s = next(length - l);
                        (s, s + l)
                    }))
                })
                .collect();
            let p = Piece { length, units };
            sum += unitized_alpha(&[p], m).value().expect("defined");
        }
        let mean = sum / trials as f64;
        // Like α's, a small negative bias that shrinks as the data grow (−0.003 and
        // −0.008 here, larger with fewer units); the expected disagreement off by a
        // factor would put the mean near −1 or 0.5.
        assert!(mean.abs() < 0.02, "{m} coders at random: mean |ua {mean}");
    }
}

#[test]
fn undefined_cases_are_reasons_not_nan() {
    assert_eq!(
        unitized_alpha(&[piece(10, &[&[], &[]])], 2),
        Estimate::Undefined(Undefined::NothingCoded)
    );
    assert_eq!(
        unitized_alpha(&[piece(0, &[&[], &[]])], 2),
        Estimate::Undefined(Undefined::NoText)
    );
    assert_eq!(
        unitized_alpha(&[piece(10, &[&[(0, 3)]])], 1),
        Estimate::Undefined(Undefined::NoPairableUnits)
    );
    // Ranges as a caller may pass them: empty, reversed, past the end, overlapping.
    let messy = Piece {
        length: 10,
        units: vec![vec![(5, 5), (7, 3), (8, 40), (2, 6), (4, 7)], vec![(2, 7)]],
    };
    let tidy = piece(10, &[&[(2, 7), (8, 10)], &[(2, 7)]]);
    assert_eq!(unitized_alpha(&[messy], 2), unitized_alpha(&[tidy], 2));
    // Every character one unit for both coders of a one-character text: nothing could differ.
    assert_eq!(
        unitized_alpha(&[piece(1, &[&[(0, 1)], &[(0, 1)]])], 2),
        Estimate::Undefined(Undefined::NoVariation)
    );
}

// ----- the binary --------------------------------------------------------------------------

fn json(args: &[&str]) -> Value {
    agree_json(args)
}

#[test]
fn the_worked_example_through_a_project() {
    let v = json(&[TWO]);
    assert_eq!(v["data"], "unitized");
    assert_eq!(v["coders"], serde_json::json!(["ana", "ben"]));
    assert_eq!(v["texts"][1]["characters"], 159, "characters, not bytes");
    let trust = &v["codes"][0];
    assert_eq!(trust["code"], "Trust");
    let row = &trust["by_source"][0];
    assert_eq!(row["source"], "interview-1");
    let pair = &row["pairs"][0];
    assert_eq!(
        (
            &pair["first"],
            &pair["second"],
            &pair["both"],
            &pair["neither"]
        ),
        (&150.into(), &100.into(), &50.into(), &800.into())
    );
    assert!((pair["agreement"]["value"].as_f64().unwrap() - 0.85).abs() < 1e-12);
    let kappa = pair["kappa"]["value"].as_f64().unwrap();
    assert_eq!(format!("{kappa:.4}"), "0.3182");
    assert!((pair["kappa"]["expected"].as_f64().unwrap() - 0.78).abs() < 1e-12);
    // Over all texts the code's characters add up: 150 and 100 + 54 of 1,159.
    let total = &trust["total"]["pairs"][0];
    assert_eq!(
        (&total["first"], &total["second"]),
        (&150.into(), &154.into())
    );
    assert_eq!(trust["total"]["characters"], 1159);
    // Disagreements: where one coded and the other did not, with the text, in characters.
    let d = v["disagreements"].as_array().unwrap();
    let last = d
        .iter()
        .find(|x| x["code"] == "Trust" && x["source"] == "interview-2")
        .expect("ben's Trust in interview-2");
    assert_eq!((&last["start"], &last["end"]), (&105.into(), &159.into()));
    assert_eq!(last["coded_by"], serde_json::json!(["ben"]));
    assert_eq!(last["not_coded_by"], serde_json::json!(["ana"]));
    assert_eq!(
        last["excerpt"],
        "Die Übergabe läuft über Notizen, die jeder lesen kann."
    );
    let first = &d[0];
    assert_eq!((&first["start"], &first["end"]), (&0.into(), &100.into()));
    assert!(first["excerpt"].as_str().unwrap().ends_with('…'));
    assert_eq!(
        first["excerpt"].as_str().unwrap().chars().count(),
        61,
        "60 characters and the ellipsis"
    );
}

/// cleo coded nothing in two-users.qdpx: not a coder unless named; named, she is compared.
#[test]
fn which_users_are_compared() {
    let v = json(&[TWO, "--coders", "ben,cleo"]);
    assert_eq!(v["coders"], serde_json::json!(["ben", "cleo"]));
    let v = json(&[THREE]);
    assert_eq!(v["coders"], serde_json::json!(["ana", "ben", "cleo"]));
    let pairs: Vec<&Value> = v["overall"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["coders"])
        .collect();
    assert_eq!(
        pairs,
        [
            &serde_json::json!(["ana", "ben"]),
            &serde_json::json!(["ana", "cleo"]),
            &serde_json::json!(["ben", "cleo"])
        ]
    );
    // The chosen pair of three is the two-user project's comparison.
    let pair = json(&[THREE, "--coders", "ben,ana"]);
    let two = json(&[TWO]);
    assert_eq!(pair["codes"], two["codes"]);
    let o = codebook(&["agree", THREE, "--coders", "ana,dora"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("`dora`"), "{}", stderr(&o));
    let o = codebook(&["agree", THREE, "--coders", "ana"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = codebook(&[
        "agree",
        "schemas/two-coders.codebook",
        "--coders",
        "ana,ben",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Two projects of the same texts are compared as one: three-users.qdpx adds cleo.
    let v = json(&[TWO, THREE]);
    assert_eq!(v["coders"], serde_json::json!(["ana", "ben", "cleo"]));
    for flag in [["--bootstrap", "10"], ["--metric", "nominal"]] {
        let o = codebook(&["agree", TWO, flag[0], flag[1]]);
        assert_eq!(o.status.code(), Some(2), "{flag:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("not to a project"), "{}", stderr(&o));
    }
}

#[test]
fn text_and_markdown_say_the_same() {
    let o = succeeds("table", &["agree", TWO]);
    let text = String::from_utf8(o.stdout).unwrap();
    for line in [
        "Trust        interview-1        1000  150  100    50        85.00  0.318      0.780",
        "Trust, interview-2, characters 105-159: coded by ben, not by ana",
        "  “Die Übergabe läuft über Notizen, die jeder lesen kann.”",
    ] {
        assert!(text.contains(line), "{line}\nin\n{text}");
    }
    let o = succeeds("markdown", &["agree", TWO, "--format", "markdown"]);
    let md = String::from_utf8(o.stdout).unwrap();
    assert!(md.starts_with("# Inter-coder agreement, character by character"));
    assert!(
        md.contains("| Trust | interview-1 | 1000 | 150 | 100 | 50 | 85.00 | 0.318 | 0.780 |"),
        "{md}"
    );
    let again = succeeds("markdown", &["agree", TWO, "--format", "markdown"]);
    assert_eq!(md.as_bytes(), again.stdout, "deterministic");
}

#[test]
fn latex_compiles() {
    for (project, expected) in [
        (TWO, &["85.00", "0.318", "interview-1"][..]),
        (THREE, &["ana–cleo", "Routine"][..]),
    ] {
        let (fragment, text) = agree_latex(&[project]);
        assert!(fragment.contains("$|_u\\alpha$"), "{fragment}");
        for e in expected {
            assert!(text.contains(e), "{e} in {text}");
        }
    }
}

/// Text no one coded leaves `Do`'s sum unchanged and divides it by a larger `L²`: the same
/// codings in a longer text agree more, towards a limit.
#[test]
fn uncoded_text_as_the_formula_dictates() {
    let coded = piece(200, &[&[(10, 60), (100, 120)], &[(15, 60), (90, 125)]]);
    let (short, d_o, _) = defined(unitized_alpha(std::slice::from_ref(&coded), 2));
    let mut last = short;
    for extra in [100, 1_000, 10_000] {
        let pieces = [coded.clone(), piece(extra, &[&[], &[]])];
        let (alpha, more_o, _) = defined(unitized_alpha(&pieces, 2));
        let scaled = d_o * (200.0 / (200 + extra) as f64).powi(2);
        assert!((more_o - scaled).abs() < 1e-12, "{more_o} {scaled}");
        assert!(alpha > last, "{alpha} after {last}");
        last = alpha;
    }
    assert!(last < 1.0);
}

/// The README shows what `codebook agree` prints for the two-user project.
#[test]
fn readme_shows_the_output() {
    readme_block_is_output("agree-qdpx", &["agree", TWO]);
}

// ----- projects as other programs write them ----------------------------------------------

const ANA: &str = "00000000-0000-4000-8000-000000000001";
const BEN: &str = "00000000-0000-4000-8000-000000000002";
const CODE: &str = "00000000-0000-4000-8000-000000000011";

/// A project of one text and `selections` (start, end, user GUID or none): each its own
/// `<PlainTextSelection>` with one coding of the code.
fn project(text: &str, selections: &[(usize, usize, Option<&str>)]) -> Vec<u8> {
    named_project(("Trust", "t"), text, selections)
}

/// [`project`] with other names for the code and the text source (XML-escaped here).
fn named_project(
    names: (&str, &str),
    text: &str,
    selections: &[(usize, usize, Option<&str>)],
) -> Vec<u8> {
    project_of(CODE, names, text, selections)
}

/// [`named_project`] with the code's GUID given.
fn project_of(
    code_guid: &str,
    (code, source): (&str, &str),
    text: &str,
    selections: &[(usize, usize, Option<&str>)],
) -> Vec<u8> {
    let xml = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let (code, source) = (xml(code), xml(source));
    let mut sels = String::new();
    for (n, (start, end, user)) in selections.iter().enumerate() {
        let by = user.map_or(String::new(), |u| format!(" creatingUser=\"{u}\""));
        sels.push_str(&format!(
            "<PlainTextSelection guid=\"00000000-0000-4000-8000-1{n:011}\" startPosition=\"{start}\" endPosition=\"{end}\"{by}>\
             <Coding guid=\"00000000-0000-4000-8000-2{n:011}\"{by}><CodeRef targetGUID=\"{code_guid}\"/></Coding>\
             </PlainTextSelection>\n"
        ));
    }
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n\
         <Users><User guid=\"{ANA}\" name=\"ana\"/><User guid=\"{BEN}\" name=\"ben\"/></Users>\n\
         <CodeBook><Codes><Code guid=\"{code_guid}\" name=\"{code}\" isCodable=\"true\"/></Codes></CodeBook>\n\
         <Sources><TextSource guid=\"00000000-0000-4000-8000-000000000021\" name=\"{source}\" \
         plainTextPath=\"internal://t.txt\">\n{sels}</TextSource></Sources>\n</Project>\n"
    );
    zip_of(&[
        ("project.qde", qde.as_bytes()),
        ("sources/t.txt", text.as_bytes()),
    ])
}

fn run(name: &str, bytes: &[u8], more: &[&str]) -> std::process::Output {
    let dir = temp_dir("agree-project");
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut args = vec!["agree", path.to_str().unwrap()];
    args.extend_from_slice(more);
    codebook(&args)
}

/// Positions that count UTF-16 units (as some programs write them) are read so, with a
/// warning; what is reported counts characters.
#[test]
fn utf16_positions_are_read_as_such() {
    let text = "😀😀 Hallo Welt und mehr";
    // "Hallo" is characters 3..8, UTF-16 units 5..10.
    let bytes = project(text, &[(5, 10, Some(ANA)), (11, 15, Some(BEN))]);
    let o = run("utf16.qdpx", &bytes, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["disagreements"];
    assert_eq!(
        (&d[0]["start"], &d[0]["end"]),
        (&3.into(), &8.into()),
        "{d}"
    );
    assert_eq!(d[0]["excerpt"], "Hallo");
    assert_eq!(d[1]["excerpt"], "Welt");
    assert_eq!(v["texts"][0]["characters"], text.chars().count());
}

/// `codebook agree` of several projects, each written to a file of its name.
fn run_all(files: &[(&str, Vec<u8>)], more: &[&str]) -> std::process::Output {
    let dir = temp_dir("agree-projects");
    let mut args = vec!["agree".to_string()];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        args.push(path.to_str().unwrap().to_string());
    }
    args.extend(more.iter().map(|m| m.to_string()));
    codebook(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The report of `codebook agree` without the project's name, which names the files.
fn report_of(o: &std::process::Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    let mut v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v.as_object_mut().unwrap().remove("project");
    v
}

/// One project per coder (each coder's copy of the same texts) reports what one project
/// holding both coders' codings reports; a coding both copies carry counts once.
#[test]
fn projects_of_one_coder_each_are_compared_as_one() {
    let text = "Wir treffen uns jeden Montag. Danach schreibt jeder eine Notiz, die alle lesen.";
    let ana = [(0, 29, Some(ANA)), (30, 60, Some(ANA))];
    let ben = [(0, 20, Some(BEN)), (45, 79, Some(BEN))];
    let both: Vec<_> = ana.iter().chain(&ben).copied().collect();
    let whole = report_of(&run(
        "whole.qdpx",
        &project(text, &both),
        &["--format", "json"],
    ));
    let split = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            ("ben.qdpx", project(text, &ben)),
        ],
        &["--format", "json"],
    );
    assert_eq!(report_of(&split), whole);
    assert_eq!(whole["coders"], serde_json::json!(["ana", "ben"]));
    // ben's copy still holds ana's first coding: it is not counted twice.
    let carried: Vec<_> = ben.iter().chain(&ana[..1]).copied().collect();
    let again = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            ("ben.qdpx", project(text, &carried)),
        ],
        &["--format", "json"],
    );
    assert_eq!(report_of(&again), whole);
    // The table names both files as the project.
    let o = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            ("ben.qdpx", project(text, &ben)),
        ],
        &[],
    );
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.contains("ana.qdpx + ") && out.contains("ben.qdpx: 2 coders"),
        "{out}"
    );
}

/// Copies whose codebooks were made apart (other GUIDs) still meet on the code's name; a
/// text that is not the same text, or that one copy lacks, cannot be compared.
#[test]
fn projects_meet_on_names_and_must_share_their_texts() {
    let text = "Wir treffen uns jeden Montag.";
    let ana = [(0, 14, Some(ANA))];
    let ben = [(4, 20, Some(BEN))];
    let both: Vec<_> = ana.iter().chain(&ben).copied().collect();
    let whole = report_of(&run(
        "whole.qdpx",
        &project(text, &both),
        &["--format", "json"],
    ));
    let other_guid = "00000000-0000-4000-8000-0000000000ff";
    let apart = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            (
                "ben.qdpx",
                project_of(other_guid, ("Trust", "t"), text, &ben),
            ),
        ],
        &["--format", "json"],
    );
    assert_eq!(report_of(&apart), whole);
    // Another code name: two codes, each coded by one coder only.
    let other = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            (
                "ben.qdpx",
                project_of(other_guid, ("Routine", "t"), text, &ben),
            ),
        ],
        &["--format", "json"],
    );
    assert_eq!(report_of(&other)["codes"].as_array().unwrap().len(), 2);
    // The same source name with another text: exit 1, naming it.
    let o = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            ("ben.qdpx", project("Wir treffen uns jeden Dienstag.", &ben)),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the text source \"t\" of") && stderr(&o).contains("ana.qdpx"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    // A source only one copy holds is left out with a warning (here: nothing is left).
    let o = run_all(
        &[
            ("ana.qdpx", project(text, &ana)),
            ("ben.qdpx", named_project(("Trust", "u"), text, &ben)),
        ],
        &[],
    );
    assert!(
        stderr(&o).contains("the text source \"u\" is in 1 of the 2 projects"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A project and a codebook together: a usage error.
    let o = codebook(&["agree", TWO, "schemas/two-coders.codebook"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn what_cannot_be_compared_is_exit_1_with_the_reason() {
    let text = "Short text.";
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "outside.qdpx",
            project(text, &[(0, 5, Some(ANA)), (3, 40, Some(BEN))]),
            "lies outside its text",
        ),
        (
            "one-user.qdpx",
            project(text, &[(0, 5, Some(ANA)), (6, 10, Some(ANA))]),
            "only one user coded in this project (ana)",
        ),
        (
            "no-users.qdpx",
            project(text, &[(0, 5, None)]),
            "no coding in the project names its coder",
        ),
        (
            "no-project.qdpx",
            zip_of(&[("sources/t.txt", b"text")]),
            "holds no project.qde",
        ),
    ];
    for (name, bytes, says) in cases {
        let o = run(name, &bytes, &[]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{name}");
    }
}

/// A coding that names no user is left out with a warning; the others are compared.
#[test]
fn a_coding_without_a_user_is_named() {
    let bytes = project(
        "One two three four five six.",
        &[(0, 3, Some(ANA)), (0, 3, Some(BEN)), (4, 7, None)],
    );
    let o = run("anonymous.qdpx", &bytes, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 coding in \"t\" names no creatingUser"),
        "{}",
        stderr(&o)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["disagreements"], serde_json::json!([]));
    assert_eq!(v["overall"]["unitized_alpha"]["value"], 1.0);
}

/// The test projects are what the standard describes: their project.qde validates against
/// REFI-QDA's Project.xsd.
#[test]
fn the_test_projects_validate() {
    use std::io::Read as _;
    let xmllint = common::tool("xmllint");
    let dir = temp_dir("agree-xsd");
    for project in [TWO, THREE] {
        let bytes = std::fs::read(common::root().join(project)).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
        let mut qde = String::new();
        z.by_name("project.qde")
            .expect("project.qde")
            .read_to_string(&mut qde)
            .unwrap();
        let path = dir.join("project.qde");
        std::fs::write(&path, qde).unwrap();
        let o = std::process::Command::new(&xmllint)
            .args(["--noout", "--schema", "tests/fixtures/refi/xsd/Project.xsd"])
            .arg(&path)
            .current_dir(common::root())
            .output()
            .expect("xmllint runs");
        assert!(o.status.success(), "{project}: {}", stderr(&o));
    }
}

/// More users than can be compared pair by pair: `--coders` chooses.
#[test]
fn too_many_coders_are_refused_unless_chosen() {
    use codebook::agree::qdpx::{MAX_CODERS, QdpxError, report};
    use codebook::import::refi::selections::{CodeName, Coded, Codings, Text, User};
    let guid = |n: u128| uuid::Uuid::from_u128(n);
    let n = MAX_CODERS + 1;
    let codings = Codings {
        users: (0..n)
            .map(|i| User {
                guid: guid(i as u128 + 1),
                name: format!("u{i}"),
            })
            .collect(),
        codes: vec![CodeName {
            guid: guid(1000),
            name: "c".into(),
        }],
        texts: vec![Text {
            name: "t".into(),
            text: "x".repeat(100),
            chars: 100,
            codings: (0..n)
                .map(|i| Coded {
                    start: i,
                    end: i + 10,
                    user: guid(i as u128 + 1),
                    code: guid(1000),
                })
                .collect(),
        }],
    };
    assert_eq!(
        report("p", &codings, None).err(),
        Some(QdpxError::TooManyCoders(n))
    );
    let chosen = ["u3".to_string(), "u0".to_string()];
    let r = report("p", &codings, Some(&chosen)).expect("two chosen");
    assert_eq!(r.coders, ["u0", "u3"]);
    let c = r.codes[0].total.pairs[0].comparison;
    assert_eq!((c.first, c.second, c.both), (10, 10, 7));
}

/// Names with characters LaTeX gives a meaning to are escaped: the table compiles and reads as
/// the names.
#[test]
fn latex_escapes_names() {
    let bytes = named_project(
        ("R&D 100% {new}", "notes_1 #2 $x"),
        "One two three four five six.",
        &[(0, 7, Some(ANA)), (4, 13, Some(BEN))],
    );
    let dir = temp_dir("agree-latex-names");
    let path = dir.join("names.qdpx");
    std::fs::write(&path, bytes).unwrap();
    let (_, text) = agree_latex(&[path.to_str().unwrap()]);
    for name in ["R&D 100% {new}", "notes_1 #2 $x"] {
        assert!(text.contains(name), "{name} in {text}");
    }
}

/// A project `codebook build --to refi-qdpx` writes from a codebook of two coders has a
/// `<User>` per coder: `agree` reads it and compares them. (The export lays each quote block
/// out as its own stretch of text, so two coders' blocks of one text are different characters
/// there: only quotes both coders share agree character by character.)
#[test]
fn an_exported_project_of_two_coders_is_compared() {
    let dir = temp_dir("agree-export");
    let out = dir.join("two-coders.qdpx");
    let out = out.to_str().unwrap();
    succeeds(
        "build",
        &[
            "build",
            "schemas/two-coders.codebook",
            "--to",
            "refi-qdpx",
            "-o",
            out,
        ],
    );
    let v = agree_json(&[out]);
    assert_eq!(v["coders"], serde_json::json!(["ana", "ben"]));
    let codes: Vec<&str> = v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"Daily stand-ups"), "{codes:?}");
    assert!(!v["disagreements"].as_array().unwrap().is_empty());
}
