//! Codes across levels.
//!
//! - Evidence at any level: a quote may support a theme or a dimension (or a mix of levels).
//!   The table prints it on that code's row group, and stats, JSON, REFI-QDA and the figure's
//!   counts account for it (`tests/fixtures/valid/evidence_any_level.codebook`).
//! - Shared codes (`also under:`): printed under each parent in tables, drawn once in the
//!   figure with a line to each parent, every parent in JSON, counted once in totals, written
//!   to REFI-QDA under the first parent with a set for the others and a warning
//!   (`tests/fixtures/valid/shared_code.codebook`).

mod common;
use common::{codebook, in_order, letters, succeeds, temp_dir};

use codebook::emit::tables::{self, Table};
use codebook::model::{CodeId, Id};

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

    let qdpx = dir.join("e.qdpx");
    let qdc = dir.join("e.qdc");
    for (to, out) in [("refi-qdpx", &qdpx), ("refi-qdc", &qdc)] {
        let out = out.to_str().unwrap_or("");
        succeeds(to, &["build", EVIDENCE, "--to", to, "-o", out]);
    }
    let project = project_qde(&qdpx);
    let codebook_only = std::fs::read_to_string(&qdc).expect("qdc");
    let codable = |xml: &str, name: &str| {
        let at = xml
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("{name} in {xml}"));
        let start = xml[..at].rfind('<').unwrap_or(0);
        let end = at + xml[at..].find('>').unwrap_or(0);
        xml[start..end].contains("isCodable=\"true\"")
    };
    // In the project a theme or dimension with quotes of its own is codable, as its codings
    // need; the codebook alone keeps to the levels (so that it round-trips through import).
    for (name, in_project) in [
        ("Ambiguity", true),
        ("Anchors", false),
        ("Making sense", true),
        ("Slogans", true),
    ] {
        assert_eq!(codable(&project, name), in_project, "{name}");
        assert_eq!(codable(&codebook_only, name), name == "Slogans", "{name}");
    }
    // Five quotes, one coding per supported code: the mixed quote is coded twice.
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

#[test]
fn a_theme_with_quotes_of_its_own_needs_no_concepts() {
    // A paper's table may print a theme with its example quotes and no sub-themes (Gamble et
    // al. 2022, `schemas/gamble-2022-critical-care-nurses.codebook`): complete as it stands.
    let with = "allow: missing_attribution\nlevels subtheme \"Sub-theme\" -> theme \"Theme\"\n\
                structure s \"S\" {\n  theme work \"Team Work\" {\n    quote \"We kept showing up.\"\n  }\n  \
                theme short \"Shortages\" {\n    subtheme staff \"Staff\" {\n      quote \"Understaffed.\"\n    }\n    \
                subtheme masks \"Masks\" {\n      quote \"One mask a shift.\"\n    }\n  }\n}\n";
    let outcome = codebook::compile(with);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let t = tables::build(&outcome.compiled.expect("valid"), Some("s"))
        .expect("the table exists")
        .remove(0);
    let rows = rows(&t);
    assert!(rows[0][0].contains("We kept showing up."), "{rows:?}");
    assert_eq!(rows[0][1..], ["", "Team Work"]);
    assert!(rows[1][0].contains("Understaffed."), "{rows:?}");
    assert_eq!(rows[1][1..], ["Staff", "Shortages"]);
    // Without its quote, the same theme is unfinished: still `childless_code` (a warning).
    let without = with.replace("    quote \"We kept showing up.\"\n", "");
    let codes: Vec<&str> = codebook::compile(&without)
        .diagnostics
        .iter()
        .map(|d| d.code.name())
        .collect();
    assert_eq!(codes, ["childless_code"]);
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

// ----- shared codes ---------------------------------------------------------------------------

const SHARED: &str = "tests/fixtures/valid/shared_code.codebook";

#[test]
fn a_shared_theme_is_printed_under_each_dimension_with_its_concepts_and_quotes() {
    let rows = rows(&table(SHARED, "systems"));
    let labels: Vec<[&str; 3]> = rows
        .iter()
        .map(|r| [r[1].as_str(), r[2].as_str(), r[3].as_str()])
        .collect();
    assert_eq!(
        labels,
        [
            [
                "Sketching the architecture",
                "System design",
                "System development"
            ],
            ["Design reviews", "", ""],
            ["Unit tests", "System testing", ""],
            ["Field tests", "", ""],
            ["Unit tests", "System testing", "System operation"],
            ["Field tests", "", ""],
            ["Alerts", "Monitoring", ""],
            ["Dashboards", "", ""],
        ]
    );
    let quotes = rows
        .iter()
        .filter(|r| r[0].contains("green test run"))
        .count();
    assert_eq!(quotes, 2, "its concepts' quotes under each parent");

    // In the PDF text a row's quote comes before its labels.
    let text = letters(&common::pdf_text(SHARED, "systems"));
    let order: Vec<String> = [
        "System development",
        "No commit without a green test run.",
        "Unit tests",
        "System testing",
        "No commit without a green test run.",
        "Unit tests",
        "System testing",
        "System operation",
        "The pager went off twice a night.",
        "Alerts",
        "Monitoring",
    ]
    .iter()
    .map(|s| letters(s))
    .collect();
    in_order("systems", &text, &order);
    assert_eq!(text.matches(&letters("System testing")).count(), 2);
}

#[test]
fn only_a_declared_second_parent_is_allowed() {
    let source = std::fs::read_to_string(common::root().join(SHARED)).expect("readable");
    let codes = |s: &str| -> Vec<String> {
        codebook::compile(s)
            .diagnostics
            .iter()
            .map(|d| d.code.name().to_string())
            .collect()
    };
    // A map to the declared other parent says the same again: fine.
    let mapped = format!("{source}\nmap testing -> operation\n");
    assert_eq!(codes(&mapped), Vec::<String>::new());
    // Without `also under:`, a second parent is the error it always was.
    let accidental =
        source.replace("      also under: operation\n", "") + "\nmap testing -> operation\n";
    assert_eq!(codes(&accidental), ["conflicting_parent"]);
    // A parent on the wrong level, itself included (no cycle can form), and an unknown one.
    let itself = source.replace("also under: operation", "also under: testing");
    assert_eq!(codes(&itself), ["wrong_parent_level"]);
    let concept = source.replace("also under: operation", "also under: alerts");
    assert_eq!(codes(&concept), ["wrong_parent_level"]);
    let unknown = source.replace("also under: operation", "also under: operations");
    assert_eq!(codes(&unknown), ["unknown_reference"]);
}

#[test]
fn json_names_every_parent_and_totals_count_a_shared_code_once() {
    let out = succeeds("json", &["build", SHARED, "--to", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let dims = v["structures"][0]["codes"].as_array().expect("codes");
    for d in dims {
        let testing = d["children"]
            .as_array()
            .and_then(|t| t.iter().find(|c| c["id"] == "testing"))
            .unwrap_or_else(|| panic!("testing under {}", d["id"]));
        assert_eq!(
            testing["parents"],
            serde_json::json!(["development", "operation"])
        );
    }
    assert!(
        dims[0]["children"][0].get("parents").is_none(),
        "one parent: no list"
    );

    let stats = succeeds("stats", &["stats", SHARED, "--format", "json"]);
    let s: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("stats json");
    assert_eq!(s["totals"]["codes"], 11);
    assert_eq!(s["structures"][0]["quotes"], 6);
    assert_eq!(s["structures"][0]["levels"][1]["codes"], 3);
}

#[test]
fn the_figure_draws_a_shared_code_once_with_a_line_to_each_parent() {
    for to in ["svg", "tikz"] {
        let out = succeeds(
            to,
            &[
                "build",
                SHARED,
                "--to",
                to,
                "--figure",
                "structure",
                "--counts",
            ],
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if to == "tikz" {
            assert_eq!(text.matches("System testing").count(), 1, "{text}");
            assert_eq!(text.matches("dash pattern").count(), 1, "{text}");
            continue;
        }
        assert_eq!(text.matches(">System testing<").count(), 1, "{text}");
        let to_parent = |p: &str| {
            text.lines()
                .filter(|l| {
                    l.contains("data-from=\"testing\"") && l.contains(&format!("data-to=\"{p}\""))
                })
                .count()
        };
        assert_eq!(
            (to_parent("development"), to_parent("operation")),
            (1, 1),
            "{text}"
        );
        assert_eq!(text.matches("data-shared=\"yes\"").count(), 1);
        // Six concepts, each counted once.
        assert_eq!(text.matches("class=\"count\"").count(), 6);
    }
}

#[test]
fn refi_keeps_one_tree_a_set_for_the_other_parent_and_says_so() {
    let dir = temp_dir("shared");
    let qdc = dir.join("s.qdc");
    let human = succeeds(
        "qdc",
        &[
            "build",
            SHARED,
            "--to",
            "refi-qdc",
            "-o",
            qdc.to_str().unwrap_or(""),
        ],
    );
    let xml = std::fs::read_to_string(&qdc).expect("qdc");
    assert_eq!(xml.matches("name=\"System testing\"").count(), 1, "{xml}");
    assert!(
        xml.contains("name=\"Also under: System operation\""),
        "{xml}"
    );
    let json = succeeds(
        "qdc json",
        &[
            "build",
            SHARED,
            "--to",
            "refi-qdc",
            "--error-format",
            "json",
            "-o",
            qdc.to_str().unwrap_or(""),
        ],
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!("refi_shared_code.human", common::stderr(&human));
        // JSON diagnostics go to standard output, as `check --error-format json` writes them.
        insta::assert_snapshot!(
            "refi_shared_code.json",
            String::from_utf8_lossy(&json.stdout)
        );
    });
    // `--deny warnings` refuses, and writes nothing.
    let denied = dir.join("denied.qdc");
    let o = codebook(&[
        "build",
        SHARED,
        "--to",
        "refi-qdc",
        "--deny",
        "warnings",
        "-o",
        denied.to_str().unwrap_or(""),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!denied.exists());
    // The file's own `allow:` silences it.
    let allowed = dir.join("allowed.codebook");
    let source = std::fs::read_to_string(common::root().join(SHARED)).expect("readable");
    std::fs::write(&allowed, format!("allow: refi_shared_code\n{source}")).expect("written");
    let o = succeeds(
        "allowed",
        &["build", allowed.to_str().unwrap_or(""), "--to", "refi-qdc"],
    );
    // (What it leaves out is still named: a `.qdc` has no place for the `allow:` lines.)
    assert!(!common::stderr(&o).contains("codebook::refi_shared_code"));
    assert!(!common::stderr(&o).contains("REFI-QDA holds a code under one parent"));

    // Import reads the set back as `also under:`, and the re-export is the same file.
    let back = dir.join("back.codebook");
    succeeds(
        "import",
        &[
            "import",
            qdc.to_str().unwrap_or(""),
            "-o",
            back.to_str().unwrap_or(""),
        ],
    );
    let text = std::fs::read_to_string(&back).expect("imported");
    assert!(text.contains("also under: system_operation"), "{text}");
    let again = dir.join("again.qdc");
    succeeds(
        "again",
        &[
            "build",
            back.to_str().unwrap_or(""),
            "--to",
            "refi-qdc",
            "-o",
            again.to_str().unwrap_or(""),
        ],
    );
    assert_eq!(std::fs::read(&again).expect("again"), xml.into_bytes());
}

#[test]
fn fmt_writes_also_under_after_the_codes_other_properties() {
    let messy = "structure s \"S\" {\n  dimension a \"A\" {\n    theme t \"T\" {\n      also under:   b\n      colour: \"#4E79A7\"\n      concept c \"C\"\n      concept d \"D\"\n    }\n    theme u \"U\" {\n      concept e \"E\"\n      concept f \"F\"\n    }\n  }\n  dimension b \"B\" {\n    theme v \"V\" {\n      concept g \"G\"\n      concept h \"H\"\n    }\n  }\n}\n";
    let tidy = codebook::format::format(messy).expect("it formats");
    assert!(
        tidy.contains("      colour: \"#4E79A7\"\n      also under: b\n"),
        "{tidy}"
    );
    assert_eq!(codebook::format::format(&tidy).expect("again"), tidy);
}

/// The labels of the codes under the code labelled `parent`, in the order the tables print them.
fn codes_under(c: &codebook::Compiled, parent: &str) -> Vec<String> {
    let cb = &c.codebook;
    let Some(p) = cb.codes.iter().position(|k| k.label.text == parent) else {
        panic!("no code labelled `{parent}`");
    };
    c.resolved.children[CodeId::from_index(p)]
        .iter()
        .map(|k| cb[*k].label.text.clone())
        .collect()
}

/// A shared code mapped to its first parent, declared between two codes of its other parent.
const SHARED_FLAT: &str = "levels concept \"Concepts\" -> theme \"Themes\"
structure s \"Shared\" {
  theme a \"A\"
  theme b \"B\"
  concept b1 \"B one\"
  concept shared \"Shared\" {
    also under: b
  }
  concept a1 \"A one\"
  concept b2 \"B two\"
  map shared -> a
  map a1 -> a
  map b1 -> b
  map b2 -> b
}
";

/// A shared code stands under its other parent where the file's order of declaration puts it
/// among that parent's codes, or where `also under: b after b1` (or `before b2`) puts it; and a
/// REFI-QDA codebook or project, imported, keeps that place (the set "Also under: …" says it,
/// the import writes it as `after`), so the round trip still gives the same file byte for byte.
#[test]
fn a_shared_code_keeps_its_place_under_its_other_parent_through_refi() {
    let compile = |source: &str| {
        let outcome = codebook::compile(source);
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        outcome.compiled.expect("valid")
    };
    let order = ["B one", "Shared", "B two"];
    assert_eq!(codes_under(&compile(SHARED_FLAT), "B"), order);
    // Nested in its first parent, it comes before the other parent's codes by declaration;
    // `after` and `before` place it among them.
    let nested = |also: &str| {
        format!(
            "levels concept \"Concepts\" -> theme \"Themes\"\nstructure s \"Shared\" {{\n  theme a \"A\" {{\n    concept shared \"Shared\" {{\n      also under: {also}\n    }}\n    concept a1 \"A one\"\n  }}\n  theme b \"B\" {{\n    concept b1 \"B one\"\n    concept b2 \"B two\"\n  }}\n}}\n"
        )
    };
    assert_eq!(
        codes_under(&compile(&nested("b")), "B"),
        ["Shared", "B one", "B two"]
    );
    for place in ["b after b1", "b before b2"] {
        let c = compile(&nested(place));
        assert_eq!(codes_under(&c, "B"), order, "{place}");
        assert_eq!(codes_under(&c, "A"), ["Shared", "A one"], "{place}");
        let t = table_of(&c, "s-compact");
        let lowest: Vec<String> = rows(&t).into_iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            lowest,
            ["Shared", "A one", "B one", "Shared", "B two"],
            "{place}"
        );
    }

    // Through REFI-QDA, a codebook and a project: the import nests the shared code in its
    // first parent, so only the place the set names keeps it second under B.
    let dir = temp_dir("shared-place");
    let source = dir.join("flat.codebook");
    std::fs::write(&source, SHARED_FLAT).expect("written");
    for (target, file) in [("refi-qdc", "s.qdc"), ("refi-qdpx", "s.qdpx")] {
        let exported = dir.join(file);
        let back = dir.join(format!("{file}.codebook"));
        let again = dir.join(format!("again-{file}"));
        let path = |p: &std::path::Path| p.to_str().unwrap_or("").to_string();
        succeeds(
            target,
            &[
                "build",
                &path(&source),
                "--to",
                target,
                "-o",
                &path(&exported),
            ],
        );
        succeeds("import", &["import", &path(&exported), "-o", &path(&back)]);
        let text = std::fs::read_to_string(&back).expect("imported");
        assert!(text.contains("also under: b after b_one"), "{text}");
        assert_eq!(codes_under(&compile(&text), "B"), order, "{target}");
        succeeds(
            "again",
            &["build", &path(&back), "--to", target, "-o", &path(&again)],
        );
        assert_eq!(
            std::fs::read(&again).expect("again"),
            std::fs::read(&exported).expect("exported"),
            "{target}: the round trip gives the same file"
        );
    }
}

/// The table `name` of a compiled codebook.
fn table_of(c: &codebook::Compiled, name: &str) -> Table {
    tables::build(c, Some(name)).expect("builds").remove(0)
}
