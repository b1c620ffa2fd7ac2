//! Fixture-driven tests: adding a case is adding a file.
//!
//! - `tests/fixtures/valid/*.codebook` and `schemas/*.codebook` must check clean: no error, no warning.
//! - `tests/fixtures/invalid/*.codebook` must fail, and their diagnostics are snapshotted as
//!   rendered for people (unicode, no colour, fixed width) and as JSON.

use codebook::{compile, report};
use std::path::Path;

fn name(path: &Path) -> String {
    // Stable across machines: the path relative to the crate.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn valid_fixtures_check_clean() {
    insta::glob!("fixtures/valid/*.codebook", |path| {
        let source = std::fs::read_to_string(path).expect("fixture is readable UTF-8");
        let outcome = compile(&source);
        assert!(
            outcome.diagnostics.is_empty(),
            "{}",
            report::human(&name(path), &source, &outcome.diagnostics)
        );
    });
}

#[test]
fn schemas_check_clean() {
    let mut count = 0;
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"))
        .expect("schemas/ exists")
    {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "codebook") {
            count += 1;
            let source = std::fs::read_to_string(&path).expect("schema is readable UTF-8");
            let outcome = compile(&source);
            assert!(
                outcome.diagnostics.is_empty(),
                "{}",
                report::human(&name(&path), &source, &outcome.diagnostics)
            );
        }
    }
    assert!(
        count >= 2,
        "schemas/ holds at least the tutorial and the reference study"
    );
}

#[test]
fn invalid_fixtures_snapshot_their_diagnostics() {
    insta::glob!("fixtures/invalid/*.codebook", |path| {
        let source = std::fs::read_to_string(path).expect("fixture is readable UTF-8");
        let outcome = compile(&source);
        let file = format!(
            "fixtures/invalid/{}",
            path.file_name().and_then(|f| f.to_str()).unwrap_or("")
        );
        assert!(
            !outcome.diagnostics.is_empty(),
            "{file} should draw diagnostics"
        );
        // Each fixture is named after the diagnostic it exists for.
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let code = stem.split("__").next().unwrap_or(stem);
        assert!(
            outcome.diagnostics.iter().any(|d| d.code.name() == code),
            "{file} should report codebook::{code}"
        );
        insta::assert_snapshot!("human", report::human(&file, &source, &outcome.diagnostics));
        insta::assert_json_snapshot!("json", report::json(&file, &source, &outcome.diagnostics));
    });
}

#[test]
fn every_diagnostic_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let stems: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures/invalid exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.path()
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
        })
        .collect();
    // Codes that only the command line can produce have their tests in tests/cli.rs; those
    // only an emitter can see (`--table`, LaTeX's character set), in tests/latex.rs.
    let cli_only = [
        "invalid_utf8",
        "too_large",
        "unknown_table",
        "untypesettable_character",
    ];
    let missing: Vec<&str> = codebook::diagnostics::Code::ALL
        .iter()
        .map(|c| c.name())
        .filter(|n| !cli_only.contains(n) && !stems.iter().any(|s| s.split("__").next() == Some(n)))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture in tests/fixtures/invalid: {missing:?}"
    );
}
