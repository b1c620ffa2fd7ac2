//! `codebook stats`: the numbers, the JSON Schema, snapshots of every schema, the command line.

use codebook::stats::{self, Format, Stats};
use codebook::{Compiled, compile};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schemas() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("schemas"))
        .expect("schemas/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "codebook"))
        .collect();
    out.sort();
    out
}

fn compiled(source: &str, what: &str) -> Compiled {
    let outcome = compile(source);
    assert!(
        !outcome.has_errors(),
        "{what}: {}",
        codebook::report::human(what, source, &outcome.diagnostics)
    );
    outcome
        .compiled
        .unwrap_or_else(|| panic!("{what}: not parsed"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas/json/stats.schema.json"))
        .expect("the stats schema is readable");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn schema_errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn every_schema_validates_against_the_stats_schema() {
    let v = validator();
    let paths = schemas();
    assert!(!paths.is_empty());
    for path in paths {
        let what = path.display().to_string();
        let source = std::fs::read_to_string(&path).expect("readable");
        let s = stats::compute(&compiled(&source, &what));
        let json = stats::render(&s, Format::Json);
        let value: serde_json::Value = serde_json::from_str(&json).expect("stats JSON parses");
        let errors = schema_errors(&v, &value);
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        assert_eq!(value["schema_version"], stats::SCHEMA_VERSION);
    }
}

#[test]
fn the_stats_schema_rejects_what_it_should() {
    let v = validator();
    let source =
        std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("readable");
    let s = stats::compute(&compiled(&source, "tutorial"));
    let mut value: serde_json::Value =
        serde_json::from_str(&stats::render(&s, Format::Json)).expect("json");
    value["schema_version"] = serde_json::json!(99);
    value["totals"]["codes"] = serde_json::json!(-1);
    value["structures"][0]["surprise"] = serde_json::json!(true);
    assert!(schema_errors(&v, &value).len() >= 3);
}

#[test]
fn stats_are_deterministic() {
    for path in schemas() {
        let what = path.display().to_string();
        let source = std::fs::read_to_string(&path).expect("readable");
        for format in [Format::Table, Format::Json, Format::Markdown] {
            let a = stats::render(&stats::compute(&compiled(&source, &what)), format);
            let b = stats::render(&stats::compute(&compiled(&source, &what)), format);
            assert_eq!(a, b, "{what}");
            assert!(a.ends_with('\n') && !a.ends_with("\n\n"), "{what}");
        }
    }
}

#[test]
fn schemas_stats() {
    insta::glob!("../schemas", "*.codebook", |path| {
        let source = std::fs::read_to_string(path).expect("readable");
        let s = stats::compute(&compiled(&source, &path.display().to_string()));
        insta::assert_snapshot!("table", stats::render(&s, Format::Table));
        insta::assert_snapshot!("json", stats::render(&s, Format::Json));
        insta::assert_snapshot!("markdown", stats::render(&s, Format::Markdown));
    });
}

/// A small study whose numbers are worked out by hand.
const COUNTED: &str = r#"structure s "S" {
  dimension d "D" {
    theme t1 "T1" {
      concept c1 "C1"
      concept c2 "C2"
    }
    theme t2 "T2" {
      concept c3 "C3"
    }
  }
}

actor a "A"
actor b "B"
group ga {
  members: a
}
group gb {
  members: b
}

interview i1 "first" {
  actor: a
}
interview i2 "second" {
  count: 3
  actor: b
}
document d1 "minutes" {
  kind: "minutes"
}

phase p1 "P1" 2010 .. 2011
phase p2 "P2" 2012 .. 2013

quote "q1" {
  source: i1
  supports: c1
  phase: p1
}
quote "q2" {
  source: i1
  supports: c1
  phase: p2
}
quote "q3" {
  by: "x", 2012
  supports: c1, c2
}
quote "q4" {
  from: "minutes", 2010-05-01
  supports: c2
}

matrix m "M" {
  columns {
    p1: ga, gb
    p2: ga
  }
  row t1 {
    p1 ga: "x"
    p1 gb: "y"
  }
}
"#;

#[test]
fn counted_by_hand() {
    let s: Stats = stats::compute(&compiled(COUNTED, "COUNTED"));
    let st = &s.structures[0];
    let levels: Vec<usize> = st.levels.iter().map(|l| l.codes).collect();
    assert_eq!(levels, [3, 2, 1]);
    assert_eq!(st.quotes, 4);
    let per = st.quotes_per_concept.as_ref().expect("has concepts");
    assert_eq!((per.min, per.median, per.max), (0, 2.0, 3));
    assert_eq!(st.concepts_without_quotes, ["c3"]);
    assert_eq!(st.single_child_codes, ["t2"]);
    let sat: Vec<(&str, usize, usize, usize)> = st
        .saturation
        .iter()
        .map(|x| (x.concept.as_str(), x.quotes, x.sources, x.phases))
        .collect();
    // c1: q1 and q2 from interview i1 (one source), q3 from "x, 2012"; phases p1, p2 (q3 none).
    // c2: q3 and q4 (dated 2010-05-01, so in p1).
    assert_eq!(sat, [("c1", 3, 2, 2), ("c2", 2, 2, 1), ("c3", 0, 0, 0)]);

    let q = &s.quotes;
    let phases: Vec<usize> = q.by_phase.iter().map(|c| c.quotes).collect();
    assert_eq!((phases, q.without_phase), (vec![2, 1], 1));
    let actors: Vec<usize> = q.by_actor.iter().map(|c| c.quotes).collect();
    assert_eq!((actors, q.without_actor), (vec![2, 0], 2));
    let k = &q.by_source_kind;
    assert_eq!(
        (k.interview, k.document, k.observation, k.unknown),
        (3, 1, 0, 0)
    );

    let src = &s.sources;
    assert_eq!((src.declared, src.cited), (3, 1));
    assert_eq!(src.not_cited, ["i2", "d1"]);
    assert_eq!(
        (src.quotes_with_source, src.quotes_with_attribution_only),
        (2, 2)
    );
    let kinds: Vec<(&str, usize, u64, usize, usize)> = src
        .by_kind
        .iter()
        .map(|k| (k.kind.as_str(), k.declared, k.stands_for, k.cited, k.quotes))
        .collect();
    assert_eq!(
        kinds,
        [
            ("interview", 2, 4, 1, 2),
            ("document", 1, 1, 0, 0),
            ("observation", 0, 0, 0, 0)
        ]
    );

    let m = &s.matrices[0];
    assert_eq!(
        (m.rows, m.columns, m.cells, m.filled, m.missing),
        (1, 3, 3, 2, 1)
    );
    assert_eq!(
        (
            m.missing_cells[0].row.as_str(),
            m.missing_cells[0].phase.as_str(),
            m.missing_cells[0].group.as_str()
        ),
        ("t1", "p2", "ga")
    );
    let v = validator();
    let value: serde_json::Value =
        serde_json::from_str(&stats::render(&s, Format::Json)).expect("json");
    assert!(schema_errors(&v, &value).is_empty());
    insta::assert_snapshot!("counted_table", stats::render(&s, Format::Table));
}

/// A label in Chinese takes two terminal columns a character: the text table pads by what a
/// terminal shows, so the columns after it line up (counting characters, they did not).
#[test]
fn cjk_labels_align_in_text_tables() {
    const CJK: &str = r#"
structure s "信任结构" {
  dimension d "Dimension" {
    theme t "Theme" {
      concept c1 "信任"
      concept c2 "Trust"
    }
  }
}
quote "One." { by: "worker", 2017
  supports: c1 }
quote "Two." { by: "worker", 2018
  supports: c2 }
"#;
    let s = stats::compute(&compiled(CJK, "CJK"));
    let text = stats::render(&s, Format::Table);
    // The heading's underline is as wide as the heading looks.
    assert!(
        text.contains("Structure s: 信任结构\n---------------------\n"),
        "{text}"
    );
    // `信任` takes four columns, like `Trust` and a space: the counts line up.
    assert!(
        text.contains(
            "concept  label  quotes  sources  phases\n\
             -------  -----  ------  -------  ------\n\
             c1       信任        1        1       0\n\
             c2       Trust       1        1       0\n"
        ),
        "{text}"
    );
}

// ----- the command line ---------------------------------------------------------------------

fn codebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the codebook binary runs")
}

#[test]
fn cli_prints_each_format() {
    for (format, starts) in [
        ("table", "Codebook statistics\n"),
        ("json", "{"),
        ("markdown", "# Codebook statistics\n"),
    ] {
        let o = codebook(&["stats", "schemas/tutorial.codebook", "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.starts_with(starts), "{format}: {out}");
    }
    let o = codebook(&["stats", "schemas/tutorial.codebook"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("Codebook statistics"));
}

#[test]
fn cli_invalid_codebook_gets_diagnostics_and_no_stats() {
    let o = codebook(&[
        "stats",
        "tests/fixtures/invalid/unknown_reference.codebook",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "no stats for an invalid codebook");
    assert!(String::from_utf8_lossy(&o.stderr).contains("codebook::unknown_reference"));
    let o = codebook(&["stats", "tests/fixtures/invalid/syntax_error.codebook"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn cli_usage_and_io_errors_exit_2() {
    assert_eq!(
        codebook(&["stats", "no/such/file.codebook"]).status.code(),
        Some(2)
    );
    assert_eq!(
        codebook(&["stats", "schemas/tutorial.codebook", "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
}

/// Labels that would act on a terminal or on Markdown (issue 15, point 10): the text table
/// shows control characters and bidirectional controls as `check` does (`?`, `¿`, `�`); the
/// Markdown escapes every character Markdown or HTML reads; JSON escapes control characters.
#[test]
fn hostile_labels_neither_act_on_the_terminal_nor_become_markup() {
    let hostile = "Daily \u{1B}]0;pwned\u{7}stand\u{1B}[2J-ups \u{9B}1m \u{202E}evil \
                   R&D ~x~ <script>*a* _b_ [c](d) |e| #f $g$ \\h `i` &amp;";
    let tutorial =
        std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("tutorial");
    let source = tutorial.replacen(
        "concept standups \"Daily stand-ups\"",
        &format!("concept standups \"{hostile}\""),
        1,
    );
    assert_ne!(source, tutorial);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let file = dir.join("hostile.codebook");
    std::fs::write(&file, &source).expect("write");
    let file = file.to_str().expect("a UTF-8 path");
    let run = |format: &str| {
        let o = codebook(&["stats", file, "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8")
    };
    let acts = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    for format in ["table", "markdown", "json"] {
        let out = run(format);
        let bad: Vec<String> = out
            .chars()
            .filter(|&c| acts(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?} in\n{out}");
    }
    let table = run("table");
    assert!(
        table.contains("Daily ?]0;pwned?stand?[2J-ups ¿1m �evil R&D ~x~ <script>"),
        "the table shows the label as check would:\n{table}"
    );
    let markdown = run("markdown");
    let escaped = "Daily ?\\]0;pwned?stand?\\[2J-ups ¿1m �evil R\\&D \\~x\\~ \\<script\\>\\*a\\* \\_b\\_ \
                   \\[c\\](d) \\|e\\| \\#f \\$g\\$ \\\\h \\`i\\` \\&amp;";
    assert!(
        markdown.contains(escaped),
        "every Markdown and HTML character escaped:\n{markdown}"
    );
    assert!(!markdown.contains("<script>") && !markdown.contains(" &amp;"));
    // JSON keeps the label as it is, escaped.
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let label = &json["structures"][0]["saturation"][0]["label"];
    assert_eq!(label.as_str(), Some(hostile), "{json}");
}

/// A quote that gives a person's words by a participant code only (`by: "LTS4"`, as Sjølie et
/// al. print their focus groups' participants) counts as of the kind of the study's sources
/// where people speak when they are of one kind; as an interview when the file declares none;
/// as unknown when they are of several kinds. `source:` decides where it is written.
#[test]
fn a_participant_code_counts_as_the_kind_of_the_studys_sources() {
    let body = "levels code \"Codes\" -> theme \"Themes\"\nallow: single_child, unused_source\n\
                structure s \"S\" {\n  theme t \"T\" {\n    code c \"C\"\n  }\n}\n\
                quote \"one\" {\n  by: \"LTS4\"\n  supports: c\n}\n\
                quote \"two\" {\n  by: \"HS3\"\n  supports: c\n}\n\
                quote \"three\" {\n  from: \"minutes\", 2020\n  supports: c\n}\n";
    let groups = "focus group groups \"first-line nurse managers\" {\n  count: 3\n}\n";
    let interviews = "interview managers \"managers\" {\n  count: 4\n}\n";
    let minutes = "document minutes \"minutes\" {\n  kind: \"minutes\"\n}\n";
    for (sources, (interview, focus_group, unknown)) in [
        (String::new(), (2, 0, 0)),
        (groups.to_string(), (0, 2, 0)),
        // A document where nobody speaks changes nothing.
        (format!("{groups}{minutes}"), (0, 2, 0)),
        (interviews.to_string(), (2, 0, 0)),
        (format!("{groups}{interviews}"), (0, 0, 2)),
    ] {
        let source = format!("{body}{sources}");
        let s: Stats = stats::compute(&compiled(&source, &sources));
        let k = &s.quotes.by_source_kind;
        assert_eq!(
            (k.interview, k.focus_group, k.unknown, k.document),
            (interview, focus_group, unknown, 1),
            "{sources}"
        );
    }
    // `source:` decides: linked to the interviews, an interview, whatever else is declared.
    let source = format!(
        "{}{groups}{interviews}",
        body.replace("by: \"LTS4\"", "by: \"LTS4\"\n  source: managers")
    );
    let s: Stats = stats::compute(&compiled(&source, "linked"));
    let k = &s.quotes.by_source_kind;
    assert_eq!((k.interview, k.focus_group, k.unknown), (1, 0, 1));
}

/// `coded:` beside the quotes written: a structure where a code says how many segments the
/// data holds coded with it lists every code's quotes and that count (in the text table and
/// the JSON, which the schema validates); a structure without `coded:` lists none.
#[test]
fn coded_segments_stand_beside_the_quotes_written() {
    let path = root().join("tests/fixtures/valid/coded_segments.codebook");
    let source = std::fs::read_to_string(&path).expect("readable");
    let s = stats::compute(&compiled(&source, "coded_segments"));
    let rows: Vec<(&str, usize, Option<u32>, Option<&str>)> = s.structures[0]
        .coded
        .iter()
        .map(|x| (x.code.as_str(), x.quotes, x.coded, x.noun.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            ("routine", 1, Some(62), Some("quotations")),
            ("sugar", 1, Some(12), Some("segments")),
            ("pills", 0, None, None),
            ("friend", 0, None, None),
            ("checks", 0, Some(4), Some("references")),
            ("company", 0, Some(2), None),
            ("calm", 0, Some(14), Some("references")),
        ]
    );
    // Codes with segments coded in the data are not listed as without evidence: only `pills`
    // (no quote, no count; its theme's quote evidences it) would be, and it is evidenced.
    assert!(
        s.structures[0].concepts_without_quotes.is_empty(),
        "{:?}",
        s.structures[0].concepts_without_quotes
    );
    let table = stats::render(&s, Format::Table);
    assert!(
        table.contains("without quotes or coded segments: none"),
        "{table}"
    );
    assert!(table.contains("Coded in the data"), "{table}");
    assert!(table.contains("62 quotations"), "{table}");
    let value: serde_json::Value =
        serde_json::from_str(&stats::render(&s, Format::Json)).expect("json");
    let v = validator();
    assert!(schema_errors(&v, &value).is_empty());
    assert_eq!(value["structures"][0]["coded"][0]["coded"], 62);
    assert_eq!(
        value["structures"][0]["coded"][3]["coded"],
        serde_json::Value::Null
    );
    // A count of the wrong type is refused.
    let mut wrong = value.clone();
    wrong["structures"][0]["coded"][0]["coded"] = serde_json::json!("62 quotations");
    assert_eq!(v.iter_errors(&wrong).count(), 1);
    // Without `coded:`, no such list.
    let tutorial =
        std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("readable");
    let t = stats::compute(&compiled(&tutorial, "tutorial"));
    assert!(t.structures.iter().all(|st| st.coded.is_empty()));
    assert!(!stats::render(&t, Format::Json).contains("\"coded\""));
}
