//! Evidence at any level: a quote may support a theme or a dimension (or a mix of levels).
//! The table prints it on that code's row group, and stats, JSON, REFI-QDA and the figure's
//! counts account for it. The fixture is `tests/fixtures/valid/evidence_any_level.codebook`.

mod common;
use common::{codebook, in_order, letters, succeeds, temp_dir};

use codebook::emit::tables::{self, Table};

const EVIDENCE: &str = "tests/fixtures/valid/evidence_any_level.codebook";

fn compiled(path: &str) -> codebook::Compiled {
    let source = std::fs::read_to_string(common::root().join(path)).expect("readable");
    let outcome = codebook::compile(&source);
    assert!(
        outcome.diagnostics.is_empty(),
        "{path}: {:?}",
        outcome.diagnostics
    );
    outcome.compiled.expect("valid")
}

/// The plain text of each cell of each body row.
fn rows(t: &Table) -> Vec<Vec<String>> {
    t.body
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    c.content
                        .paras
                        .iter()
                        .flat_map(|p| p.runs.iter().map(|r| r.text.as_str()))
                        .collect::<String>()
                })
                .collect()
        })
        .collect()
}

fn table(path: &str, name: &str) -> Table {
    let c = compiled(path);
    let mut t = tables::build(&c, Some(name)).expect("the table exists");
    t.remove(0)
}

#[test]
fn a_themes_quote_stands_beside_the_theme_not_on_a_concept() {
    let rows = rows(&table(EVIDENCE, "s"));
    let find = |quote: &str| {
        rows.iter()
            .find(|r| r[0].contains(quote))
            .unwrap_or_else(|| panic!("no row holds “{quote}”: {rows:#?}"))
    };
    // Quote, concept, theme, dimension.
    let dimension = find("what the merger meant");
    assert_eq!(dimension[1..], ["", "", "Making sense"]);
    let theme = find("who we were");
    assert_eq!(theme[1..], ["", "Ambiguity", ""]);
    let friday = find("Every Friday");
    assert_eq!(friday[1..], ["", "New rituals", ""]);
    // The mixed quote: once beside its concept, once beside its theme.
    let mixed: Vec<_> = rows
        .iter()
        .filter(|r| r[0].contains("told as one"))
        .collect();
    assert_eq!(mixed.len(), 2, "{rows:#?}");
    assert_eq!(
        mixed[0][1..],
        ["Looking back to the founders", "Anchors", ""]
    );
    assert_eq!(mixed[1][1..], ["", "Stories from the top", "Giving sense"]);
    // A concept row with no quote of its own follows its theme's quote.
    let labels = rows.iter().position(|r| r[1] == "Old labels lose meaning");
    let theme_at = rows.iter().position(|r| r[0].contains("who we were"));
    assert!(theme_at < labels, "{rows:#?}");
    assert_eq!(rows[labels.unwrap_or(0)][0], "");
    // The compact table has no row of its own for a theme's quote.
    let compact = table(EVIDENCE, "s-compact");
    assert_eq!(compact.body.len(), 8, "one row per concept");
}

#[test]
fn the_compiled_table_reads_in_the_papers_order() {
    let text = letters(&common::pdf_text(EVIDENCE, "s"));
    let order: Vec<String> = [
        "We had to work out what the merger meant for us.",
        "Making sense",
        "Nobody could tell us who we were any more.",
        "Ambiguity",
        "Old labels lose meaning",
        "Rumours fill the gap",
        "The founders' story and the new vision were told as one.",
        "Looking back to the founders",
        "Anchors",
        "Comparing with peers",
        "The founders' story and the new vision were told as one.",
        "Stories from the top",
        "Giving sense",
        "A new vision",
        "The slogans were everywhere, on every wall.",
        "Slogans",
        "Every Friday the whole floor met for the numbers.",
        "New rituals",
        "All-hands meetings",
        "Awards",
    ]
    .iter()
    .map(|s| letters(s))
    .collect();
    in_order("s", &text, &order);
    // The check can fail: the theme's quote after its first concept is refused.
    let mut wrong = order.clone();
    wrong.swap(2, 4);
    assert!(std::panic::catch_unwind(|| in_order("s", &text, &wrong)).is_err());
}

#[test]
fn json_stats_refi_and_counts_account_for_it() {
    let dir = temp_dir("evidence");
    let json = dir.join("e.json");
    succeeds(
        "json",
        &[
            "build",
            EVIDENCE,
            "--to",
            "json",
            "-o",
            json.to_str().unwrap_or(""),
        ],
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid json");
    let sense = &v["structures"][0]["codes"][0];
    assert_eq!(sense["id"], "sense");
    assert_eq!(
        sense["quotes"].as_array().map(Vec::len),
        Some(1),
        "its own quote"
    );
    // Its own, its theme's, and the mixed quote through `history`.
    assert_eq!(sense["counts"]["quotes"], 3);
    let mixed = v["quotes"]
        .as_array()
        .and_then(|qs| {
            qs.iter().find(|q| {
                q["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("told as one"))
            })
        })
        .expect("the mixed quote");
    assert_eq!(mixed["supports"], serde_json::json!(["stories", "history"]));
    assert_eq!(mixed["paths"][0], serde_json::json!(["stories", "giving"]));

    let stats = succeeds("stats", &["stats", EVIDENCE, "--format", "json"]);
    let s: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("stats json");
    assert_eq!(s["structures"][0]["quotes"], 5);
    assert_eq!(s["structures"][0]["quotes_above_concepts"], 3);
    assert_eq!(
        s["structures"][0]["concepts_without_quotes"],
        serde_json::json!([])
    );

    let qdc = dir.join("e.qdc");
    succeeds(
        "qdc",
        &[
            "build",
            EVIDENCE,
            "--to",
            "refi-qdc",
            "-o",
            qdc.to_str().unwrap_or(""),
        ],
    );
    let xml = std::fs::read_to_string(&qdc).expect("qdc");
    for (name, codable) in [
        ("Ambiguity", true),
        ("Anchors", false),
        ("Making sense", true),
        ("Slogans", true),
    ] {
        let at = xml
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("{name} in {xml}"));
        let tag = &xml[xml[..at].rfind('<').unwrap_or(0)..at + xml[at..].find('>').unwrap_or(0)];
        assert!(tag.contains(&format!("isCodable=\"{codable}\"")), "{tag}");
    }
    let qdpx = dir.join("e.qdpx");
    succeeds(
        "qdpx",
        &[
            "build",
            EVIDENCE,
            "--to",
            "refi-qdpx",
            "-o",
            qdpx.to_str().unwrap_or(""),
        ],
    );
    // Five quotes, one coding per supported code: the mixed quote is coded twice.
    let project = project_qde(&qdpx);
    assert_eq!(project.matches("<Coding ").count(), 6, "{project}");

    let svg = codebook(&[
        "build",
        EVIDENCE,
        "--to",
        "svg",
        "--figure",
        "structure",
        "--counts",
    ]);
    let svg = String::from_utf8_lossy(&svg.stdout);
    let badges = svg.matches("class=\"count\"").count();
    // Eight concepts, and the four codes above with quotes of their own.
    assert_eq!(badges, 12, "{svg}");
}

#[test]
fn a_concept_without_evidence_anywhere_above_is_still_reported() {
    let source = std::fs::read_to_string(common::root().join(EVIDENCE))
        .expect("readable")
        .replace(
            "    quote \"We had to work out what the merger meant for us.\"\n",
            "",
        );
    let outcome = codebook::compile(&source);
    let names: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "concept_without_quote")
        .map(|d| d.message.clone())
        .collect();
    // `peers` had only its dimension's quote; `labels` and `rumours` keep their theme's.
    assert_eq!(names, ["no quote supports the concept `peers`"]);
}

/// The `project.qde` of a `.qdpx` archive.
fn project_qde(path: &std::path::Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("the archive");
    let mut z = zip::ZipArchive::new(file).expect("a zip archive");
    let mut text = String::new();
    z.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}
