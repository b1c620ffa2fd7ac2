//! `build --to json`: valid against the shipped JSON Schema, deterministic, snapshotted.

use codebook::{compile, emit};
use std::path::{Path, PathBuf};

fn schemas() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("schemas/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "codebook"))
        .collect();
    out.sort();
    out
}

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/json/codebook.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("schema readable"))
            .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema")
}

fn compiled(path: &Path) -> codebook::Compiled {
    let source = std::fs::read_to_string(path).expect("readable");
    let outcome = compile(&source);
    assert!(!outcome.has_errors(), "{} has errors", path.display());
    outcome.compiled.expect("parsed")
}

#[test]
fn every_schema_output_validates_against_the_json_schema() {
    let v = validator();
    let paths = schemas();
    assert!(!paths.is_empty());
    for path in paths {
        let text = emit::json::render(&compiled(&path));
        let value: serde_json::Value = serde_json::from_str(&text).expect("output is JSON");
        let errors: Vec<String> = v
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    // The validator must be able to fail: a broken document is refused.
    let v = validator();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/tutorial.codebook");
    let mut value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    value["schema_version"] = serde_json::json!(99);
    value["quotes"][0]["supports"] = serde_json::json!([]);
    assert!(v.iter_errors(&value).count() >= 2);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for path in schemas() {
        let a = emit::json::render(&compiled(&path));
        let b = emit::json::render(&compiled(&path));
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
fn snapshots() {
    for path in schemas() {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("schema")
            .to_string();
        let text = emit::json::render(&compiled(&path));
        insta::assert_snapshot!(format!("json__{name}"), text);
    }
}
