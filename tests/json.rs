//! `build --to json`: valid against the shipped JSON Schema, deterministic, snapshotted.

mod common;

use codebook::{compile, emit};
use common::codebooks_in;
use std::path::{Path, PathBuf};

fn schemas() -> Vec<PathBuf> {
    codebooks_in("schemas")
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

/// A structure's `overall heading:` and the study's house style (`quote marks:`, `full stop:`,
/// `label style:`) are in the JSON, as the schema describes them; a value the schema does not
/// know is refused.
#[test]
fn the_overall_heading_and_the_house_style_are_in_the_json() {
    let v = validator();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latex/house_style.codebook");
    let mut value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let heading = value["structures"][0]["overall_heading"]
        .as_str()
        .unwrap_or_default();
    assert!(
        heading.starts_with("Managers develop capacity"),
        "{heading}"
    );
    assert_eq!(value["study"]["quote_marks"], "single");
    assert_eq!(value["study"]["full_stop"], "outside");
    assert_eq!(value["study"]["label_style"], "bold");
    value["study"]["quote_marks"] = serde_json::json!("guillemets");
    assert_eq!(v.iter_errors(&value).count(), 1);
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

/// `render` writes the quotes one at a time; what it writes must be `to_value`, key order and
/// all (the same text as pretty-printing the whole value).
#[test]
fn streamed_text_is_the_whole_value_pretty_printed() {
    let synthetic = codebook::synth::generate(codebook::synth::Spec {
        quotes: 300,
        seed: 3,
    });
    let mut sources: Vec<(String, String)> = schemas()
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("readable");
            (p.display().to_string(), text)
        })
        .collect();
    sources.push(("synthetic".into(), synthetic));
    for (name, source) in sources {
        let outcome = compile(&source);
        assert!(!outcome.has_errors(), "{name} has errors");
        let c = outcome.compiled.expect("parsed");
        let whole = serde_json::to_string_pretty(&emit::json::to_value(&c)).expect("JSON") + "\n";
        assert_eq!(emit::json::render(&c), whole, "{name}");
    }
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

/// `coded: 62 quotations` is each code's `coded` (count and noun, null for a bare number) and
/// `column: coded after label "[…]"` a column of the structure's `columns` with its side and
/// form; both as the schema describes them, which refuses a count that is no number.
#[test]
fn coded_counts_and_their_placement_are_in_the_json() {
    let v = validator();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/latex/coded_after_label.codebook");
    let mut value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let routine = &value["structures"][0]["codes"][0];
    assert_eq!(routine["id"], "routine");
    assert_eq!(
        routine["coded"],
        serde_json::json!({ "count": 62, "noun": "quotations" })
    );
    assert_eq!(
        value["structures"][0]["columns"],
        serde_json::json!([{ "attribute": "coded", "form": "[…]", "side": "after label" }])
    );
    let company = &value["structures"][1]["codes"][0];
    assert_eq!(
        company["coded"],
        serde_json::json!({ "count": 15, "noun": null })
    );
    assert_eq!(
        value["structures"][2]["columns"][0],
        serde_json::json!({ "attribute": "coded", "heading": "n", "side": "right" })
    );
    // A code without `coded:` has no such key.
    let tutorial = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/tutorial.codebook");
    assert!(!emit::json::render(&compiled(&tutorial)).contains("\"coded\""));
    value["structures"][0]["codes"][0]["coded"]["count"] = serde_json::json!("62");
    value["structures"][0]["columns"][0]["side"] = serde_json::json!("before label");
    assert_eq!(v.iter_errors(&value).count(), 2);
}

/// An attribute written as one whole number without quotes is a number in the JSON, as a
/// program reading counts expects; written in quotes, with a leading zero or with words, it
/// stays the text as written. The same holds for a phase's attributes.
#[test]
fn whole_number_attributes_are_numbers() {
    let source = r#"levels concept "Concepts" -> theme "Themes"
structure s "Themes" {
  theme t "Theme" {
    interviews: 6
    share: "6"
    code: 06
    range: 3 of 12
    concept c "Concept"
  }
}
phase p1 "Phase one" {
  participants: 12
  activity: "Panel", "Delphi"
}
"#;
    let outcome = compile(source);
    assert!(!outcome.has_errors());
    let value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&outcome.compiled.expect("parsed")))
            .expect("json");
    let v = validator();
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        value["structures"][0]["codes"][0]["attributes"],
        serde_json::json!({ "interviews": 6, "share": "6", "code": "06", "range": "3 of 12" })
    );
    assert_eq!(
        value["phases"][0]["attributes"],
        serde_json::json!([
            { "name": "participants", "values": [12] },
            { "name": "activity", "values": ["Panel", "Delphi"] }
        ])
    );
}

/// What a structure writes of its table (`table number:`, `level heading:`, a column's common
/// heading `under`) and a quote's own `full stop:` are in the JSON where written, valid
/// against the schema; a value the schema does not know is refused.
#[test]
fn table_numbers_own_headings_common_headings_and_full_stops_are_in_the_json() {
    let v = validator();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("tests/fixtures/valid/table_number_and_own_headings.codebook");
    let mut value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let s = &value["structures"][0];
    assert_eq!(s["table_number"], 5);
    assert_eq!(
        s["level_headings"],
        serde_json::json!([
            { "heading": "Themes", "level": "subtheme" },
            { "heading": "Codes here", "level": "code" }
        ])
    );
    assert_eq!(value["quotes"][0]["full_stop"], "inside");
    assert!(value["quotes"][1].get("full_stop").is_none());
    // The appendix has no declaration of its own: its number is under `tables`.
    assert_eq!(
        value["tables"],
        serde_json::json!([{
            "table": "codebook", "caption": null, "label": null, "table_number": 9,
            "rows": [], "columns": [], "note": null
        }])
    );
    value["structures"][0]["table_number"] = serde_json::json!(0);
    value["quotes"][0]["full_stop"] = serde_json::json!("after");
    value["tables"][0]["table_number"] = serde_json::json!("");
    assert_eq!(v.iter_errors(&value).count(), 3);

    // A number written as a text ("Table A1") is a string.
    let path = root.join("tests/fixtures/valid/appendix_table_numbers.codebook");
    let value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(value["structures"][0].get("table_number").is_none());
    assert_eq!(value["structures"][1]["table_number"], "A1");
    assert_eq!(value["tables"][0]["table_number"], "S2");

    // The phase table's caption, label, own columns and note.
    let path = root.join("schemas/austin-2020-pathology-codesign.codebook");
    let value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let phases = &value["tables"][0];
    assert_eq!(phases["table"], "phases");
    assert_eq!(phases["label"], "tab:phases");
    assert_eq!(phases["note"], "EBCD, experience-based co-design.");
    assert_eq!(phases["columns"][0]["heading"], "Activity type");

    let path = root.join("tests/fixtures/latex/spanning_headings.codebook");
    let value: serde_json::Value =
        serde_json::from_str(&emit::json::render(&compiled(&path))).expect("json");
    let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let columns = value["structures"][0]["columns"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let under: Vec<&str> = columns.iter().filter_map(|c| c["under"].as_str()).collect();
    assert!(
        under.len() >= 3
            && under[..3]
                .iter()
                .all(|u| *u == "Number of caregivers reporting the theme, n (%)"),
        "{columns:#?}"
    );
}
