//! `codebook agree` run as a process: the CSV matrix, every output form, JSON against its
//! schema, LaTeX through pdflatex, and the exit codes of bad input.

mod common;
use common::{codebook, root, run_pdflatex, stderr, succeeds, temp_dir, tool};

use serde_json::Value;
use std::process::Command;

const BINARY: &str = "tests/fixtures/agree/krippendorff-binary.csv";
const FOUR: &str = "tests/fixtures/agree/krippendorff-four.csv";

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas/json/agree.schema.json"))
        .expect("the schema is readable");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

/// The JSON report of `args`, validated against the schema.
fn json(args: &[&str]) -> Value {
    let mut all = vec!["agree"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = succeeds("agree --format json", &all);
    let v: Value = serde_json::from_slice(&o.stdout).expect("the output is JSON");
    let errors: Vec<String> = validator().iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
    v
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
    tool("pdflatex");
    tool("pdftotext");
    let dir = temp_dir("agree-latex");
    let out = dir.join("agreement.tex");
    succeeds(
        "latex",
        &[
            "agree",
            "--units",
            BINARY,
            "--format",
            "latex",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let fragment = std::fs::read_to_string(&out).unwrap();
    assert!(fragment.contains("\\usepackage{booktabs}"), "{fragment}");
    std::fs::write(
        dir.join("main.tex"),
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n\
         \\usepackage{booktabs}\n\\begin{document}\n\\section*{Methods}\n\
         Agreement is reported below.\n\\input{agreement}\n\\end{document}\n",
    )
    .unwrap();
    let o = run_pdflatex(&dir);
    assert!(
        o.status.success(),
        "pdflatex failed: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "main.pdf", "-"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Agreement is reported below"), "{text}");
    assert!(text.contains("0.095") && text.contains("0.091"), "{text}");
    assert!(text.contains("Holsti"), "{text}");
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
    assert!(stderr(&o).contains("over the input"), "{}", stderr(&o));
}
