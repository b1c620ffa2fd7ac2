//! Fixture-driven tests: adding a case is adding a file.
//!
//! - `tests/fixtures/valid/*.codebook` and `schemas/*.codebook` must check clean: no error, no warning.
//! - `tests/fixtures/invalid/*.codebook` must fail, and their diagnostics are snapshotted as
//!   rendered for people (unicode, no colour, fixed width) and as JSON.

mod common;

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
    // only an emitter can see (`--table`, LaTeX's character set), in tests/latex.rs; what
    // REFI-QDA cannot hold (a shared code), in tests/levels.rs, with its snapshots, and what
    // it has no place for (`refi_left_out`) in tests/refi_project.rs.
    let cli_only = [
        "invalid_utf8",
        "too_large",
        "unreadable_file",
        "unknown_table",
        "untypesettable_character",
        "refi_shared_code",
        "refi_left_out",
    ];
    let missing: Vec<&str> = codebook::diagnostics::DiagnosticCode::ALL
        .iter()
        .map(|c| c.name())
        .filter(|n| !cli_only.contains(n) && !stems.iter().any(|s| s.split("__").next() == Some(n)))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture in tests/fixtures/invalid: {missing:?}"
    );
}

/// `codebook check` runs `validate`, which does not keep quote texts; it must report exactly
/// what `compile` reports, for every codebook the project ships or tests with.
#[test]
fn validate_reports_exactly_what_compile_reports() {
    let mut files = common::codebooks_below("schemas");
    files.extend(common::codebooks_below("tests/fixtures"));
    let mut compared = 0;
    let mut with_errors = 0;
    for path in &files {
        let Ok(source) = String::from_utf8(std::fs::read(path).expect("readable")) else {
            continue;
        };
        let compiled = compile(&source).diagnostics;
        let validated = codebook::validate(&source);
        assert_eq!(validated, compiled, "{}", name(path));
        compared += 1;
        with_errors += usize::from(compiled.iter().any(|d| d.is_error()));
    }
    assert!(compared >= 100, "only {compared} codebooks compared");
    assert!(
        with_errors >= 50,
        "only {with_errors} invalid codebooks compared"
    );
}
