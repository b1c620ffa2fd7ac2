//! `codebook agree` run as a process: the CSV matrix, every output form, JSON against its
//! schema, LaTeX through pdflatex, and the exit codes of bad input.

mod common;
use common::{
    agree_json, agree_latex, codebook, readme_block_is_output, root, stderr, succeeds, temp_dir,
};

use serde_json::Value;

const BINARY: &str = "tests/fixtures/agree/krippendorff-binary.csv";
const FOUR: &str = "tests/fixtures/agree/krippendorff-four.csv";

/// The JSON report of `args`, validated against the schema.
fn json(args: &[&str]) -> Value {
    agree_json(args)
}

fn value(v: &Value, key: &str) -> f64 {
    v[key]["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} has no value: {v}"))
}

#[test]
fn binary_two_coders_as_json() {
    let v = json(&["--units", BINARY]);
    let o = &v["overall"];
    assert_eq!(v["coders"], serde_json::json!(["A", "B"]));
    assert!((value(o, "krippendorff_alpha") - 0.095).abs() < 0.0005);
    assert!((value(o, "cohen_kappa") - 0.0909).abs() < 0.00005);
    assert!((value(o, "scott_pi") - 0.0476).abs() < 0.00005);
    assert!((value(o, "percent_agreement") - 0.60).abs() < 1e-9);
    assert_eq!(o["krippendorff_alpha"]["metric"], "nominal");
    assert_eq!(v["disagreements"].as_array().map(Vec::len), Some(4));
    assert_eq!(
        v["disagreements"][0]["unit"],
        format!("unit 1 ({BINARY}:2)")
    );
    assert_eq!(v["by_level"], serde_json::json!([]));
}

#[test]
fn four_coders_every_metric_and_absent_two_coder_coefficients() {
    for (metric, alpha) in [
        ("nominal", 0.743),
        ("ordinal", 0.815),
        ("interval", 0.849),
        ("ratio", 0.797),
    ] {
        let v = json(&["--units", FOUR, "--metric", metric]);
        let o = &v["overall"];
        assert!(
            (value(o, "krippendorff_alpha") - alpha).abs() < 0.0005,
            "{metric}"
        );
        for absent in ["cohen_kappa", "scott_pi", "holsti"] {
            assert!(o.get(absent).is_none(), "{absent} with four coders: {o}");
        }
        assert_eq!(o["pairable_units"], 11);
    }
}

#[test]
fn undefined_is_a_reason_not_nan() {
    let dir = temp_dir("agree-undefined");
    let csv = dir.join("same.csv");
    std::fs::write(&csv, "a,b\nx,x\nx,x\n").unwrap();
    let v = json(&["--units", csv.to_str().unwrap()]);
    let k = &v["overall"]["cohen_kappa"];
    assert_eq!(k["value"], Value::Null);
    assert_eq!(k["undefined"], "no_variation");
    let o = succeeds("table", &["agree", "--units", csv.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("undefined") && !text.contains("NaN"),
        "{text}"
    );
    assert!(text.contains("agreement by chance is complete"), "{text}");
}

#[test]
fn table_and_markdown_say_the_same() {
    let o = succeeds("table", &["agree", "--units", BINARY]);
    let table = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        table.contains("Krippendorff's alpha") && table.contains("0.095"),
        "{table}"
    );
    assert!(table.contains("Disagreements (4)"), "{table}");
    let o = succeeds(
        "markdown",
        &["agree", "--units", BINARY, "--format", "markdown"],
    );
    let md = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        md.contains("| Cohen's kappa | 0.091 | 0.600 | 0.560 |"),
        "{md}"
    );
    assert!(md.starts_with("# Inter-coder agreement\n"), "{md}");
    // The same input gives the same bytes.
    let again = succeeds(
        "markdown",
        &["agree", "--units", BINARY, "--format", "markdown"],
    );
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn latex_compiles_in_a_methods_section() {
    // A CSV matrix, and a codebook (rows per level and code, an undefined cell, an interval).
    let cases: [(&[&str], &[&str]); 2] = [
        (&["--units", BINARY], &["0.095", "0.091", "Holsti"]),
        (
            &[TWO_CODERS, "--bootstrap", "100"],
            &["0.637", "Daily stand-ups", "bootstrap interval", "–"],
        ),
    ];
    for (args, expected) in cases {
        let (fragment, text) = agree_latex(args);
        assert!(fragment.contains("\\usepackage{booktabs}"), "{fragment}");
        for e in expected {
            assert!(text.contains(e), "{e} in {text}");
        }
    }
}

#[test]
fn bad_csv_is_exit_1_with_line_and_column() {
    let dir = temp_dir("agree-bad");
    for (name, content, place) in [
        ("ragged.csv", "a,b\n1,2\n1,2,3\n", ":3:5:"),
        ("one-coder.csv", "a\n1\n", ":1:1:"),
        ("unclosed.csv", "a,b\n1,\"2\n3,4\n", ":2:3:"),
        ("duplicate.csv", "a,b,a\n1,2,3\n", ":1:5:"),
        ("empty.csv", "", ":1:1:"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let o = codebook(&["agree", "--units", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(place), "{name}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{name}: nothing on stdout");
    }
    let path = dir.join("latin1.csv");
    std::fs::write(&path, b"a,b\n\xe9,x\n").unwrap();
    let o = codebook(&["agree", "--units", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn usage_and_io_errors_are_exit_2() {
    let o = codebook(&["agree", "--units", "no/such/file.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = codebook(&["agree", "--units", BINARY, "--metric", "cubic"]);
    assert_eq!(o.status.code(), Some(2));
    let o = codebook(&["agree", "--units", BINARY, "-o", BINARY]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("over an input file"), "{}", stderr(&o));
}

const TWO_CODERS: &str = "schemas/two-coders.codebook";

#[test]
fn one_file_of_two_coders_by_level_and_code() {
    let v = json(&[TWO_CODERS]);
    assert_eq!(v["coders"], serde_json::json!(["ana", "ben"]));
    let o = &v["overall"];
    // 11 quotes, 8 alike at the concept level; marginals ana 3 3 3 2, ben 3 2 3 3:
    // pe = 30/121, kappa = (8/11 - 30/121) / (1 - 30/121).
    let pe = 30.0 / 121.0;
    let kappa = (8.0 / 11.0 - pe) / (1.0 - pe);
    assert!((value(o, "cohen_kappa") - kappa).abs() < 1e-12);
    assert_eq!(o["units"], 11);
    let levels: Vec<&str> = v["by_level"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["concept", "theme", "dimension"]);
    // Two of the three disagreements are within one theme: agreement there.
    assert!((value(&v["by_level"][1], "percent_agreement") - 10.0 / 11.0).abs() < 1e-12);
    assert_eq!(v["by_level"][2]["cohen_kappa"]["undefined"], "no_variation");
    let standups = v["by_code"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "standups")
        .expect("a row per code");
    assert_eq!(standups["level"], "concept");
    assert_eq!(standups["categories"], 2);
    let d = v["disagreements"].as_array().unwrap();
    assert_eq!(d.len(), 3);
    assert_eq!(d[2]["level"], "theme");
    assert_eq!(d[0]["level"], "concept");
    assert_eq!(d[0]["said"][0]["place"], format!("{TWO_CODERS}:74"));
    assert_eq!(d[0]["said"][1]["place"], format!("{TWO_CODERS}:80"));
    assert_eq!(
        d[0]["said"][0]["values"],
        serde_json::json!(["weekly_notes"])
    );
}

/// One file per coder: quotes are matched by text and source, whatever their order and
/// however `fmt` wraps them; a quote with an identifier by its identifier.
#[test]
fn one_file_per_coder_matches_quotes_by_identity() {
    let dir = temp_dir("agree-files");
    let structure = "levels concept -> theme\nstructure s \"S\" {\n  theme t \"T\" {\n    \
                     concept a \"A\"\n    concept b \"B\"\n  }\n  theme u \"U\" {\n    \
                     concept c \"C\"\n    concept d \"D\"\n  }\n}\ninterview i \"people\" {\n  \
                     role: \"person\"\n}\n";
    let quote = |text: &str, code: &str| {
        format!("quote \"{text}\" {{\n  source: i\n  supports: {code}\n}}\n")
    };
    let ana = format!(
        "coders: ana\n{structure}{}{}{}quote q9 \"Named.\" {{\n  source: i\n  supports: d\n}}\n",
        quote("One two three.", "a"),
        quote("Four five six.", "b"),
        quote("Seven eight.", "c"),
    );
    let ben = format!(
        "coders: ben\n{structure}quote q9 \"Named, and edited.\" {{\n  source: i\n  supports: \
         d\n}}\n{}{}{}",
        quote("Seven\n       eight.", "d"),
        quote("One two three.", "a"),
        quote("Four   five six.", "a"),
    );
    let seven = ben
        .lines()
        .position(|l| l.starts_with("quote \"Seven"))
        .unwrap()
        + 1;
    std::fs::write(dir.join("ana.codebook"), ana).unwrap();
    std::fs::write(dir.join("ben.codebook"), ben).unwrap();
    let (a, b) = (dir.join("ana.codebook"), dir.join("ben.codebook"));
    let v = json(&[a.to_str().unwrap(), b.to_str().unwrap()]);
    let o = &v["overall"];
    assert_eq!(o["units"], 4, "{o}");
    assert_eq!(o["pairable_units"], 4);
    assert!((value(o, "percent_agreement") - 0.5).abs() < 1e-12);
    // `Four five six.`: a and b are both in theme t; `Seven eight.`: c and d both in u.
    assert!((value(&v["by_level"][1], "percent_agreement") - 1.0).abs() < 1e-12);
    let d = v["disagreements"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert!(
        d[1]["said"][1]["place"]
            .as_str()
            .unwrap()
            .ends_with(&format!("ben.codebook:{seven}")),
        "{}",
        d[1]
    );
}

#[test]
fn codebooks_that_cannot_be_compared_are_exit_1() {
    // No coders at all.
    let o = codebook(&["agree", "schemas/tutorial.codebook"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no quote says who coded it"),
        "{}",
        stderr(&o)
    );
    // One coder, the same quote twice.
    let dir = temp_dir("agree-twice");
    let path = dir.join("twice.codebook");
    let text = std::fs::read_to_string(root().join(TWO_CODERS))
        .unwrap()
        .replace("  coder: ben\n", "  coder: ana\n");
    std::fs::write(&path, text).unwrap();
    let o = codebook(&["agree", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("`ana` coded quote"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("twice.codebook:74 and"),
        "{}",
        stderr(&o)
    );
    // An invalid codebook: its diagnostics, and no report.
    let o = codebook(&["agree", "tests/fixtures/invalid/unknown_coder.codebook"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("codebook::unknown_coder"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    // Usage: a missing file, files and --units together, neither.
    assert_eq!(
        codebook(&["agree", "no/such.codebook"]).status.code(),
        Some(2)
    );
    let o = codebook(&["agree", TWO_CODERS, "--units", BINARY]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(codebook(&["agree"]).status.code(), Some(2));
}

/// The README's agreement table is what `codebook agree` prints for the shipped example.
#[test]
fn the_readme_shows_the_examples_table() {
    readme_block_is_output("agree", &["agree", TWO_CODERS]);
}

/// `--bootstrap N`: a seeded interval of α around the estimate, the same on every run, and
/// nothing without the option.
#[test]
fn bootstrap_interval_is_reproducible_and_brackets_alpha() {
    let v = json(&["--units", FOUR, "--bootstrap", "500"]);
    let alpha = &v["overall"]["krippendorff_alpha"];
    let i = &alpha["interval"];
    let (low, high) = (i["low"].as_f64().unwrap(), i["high"].as_f64().unwrap());
    let a = alpha["value"].as_f64().unwrap();
    assert!(low < a && a <= high && high <= 1.0, "{low} {a} {high}");
    assert_eq!(i["samples"], 500);
    let again = json(&["--units", FOUR, "--bootstrap", "500"]);
    assert_eq!(v, again);
    let plain = json(&["--units", FOUR]);
    assert!(
        plain["overall"]["krippendorff_alpha"]
            .get("interval")
            .is_none()
    );
    // Per level too, for codebooks.
    let v = json(&[TWO_CODERS, "--bootstrap", "200"]);
    assert!(v["by_level"][0]["krippendorff_alpha"]["interval"].is_object());
    assert!(
        v["by_code"][0]["krippendorff_alpha"]
            .get("interval")
            .is_none()
    );
    let o = succeeds("table", &["agree", "--units", FOUR, "--bootstrap", "200"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("95% bootstrap interval"), "{text}");
}
