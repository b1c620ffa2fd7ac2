//! The table outputs (`--to latex`, `--to markdown`) as insta snapshots: every schema in
//! `schemas/` (fragment and `--standalone`), and every fixture in `tests/fixtures/latex/`
//! (fragment). Adding a schema or fixture adds its snapshots.

mod common;
use common::codebooks_in;

use codebook::emit::{latex, markdown, tables};
use std::path::Path;

fn compiled(path: &Path) -> codebook::Compiled {
    let source = std::fs::read_to_string(path).expect("a readable codebook");
    let outcome = codebook::compile(&source);
    assert!(
        !outcome.has_errors(),
        "{}",
        codebook::report::human(&path.display().to_string(), &source, &outcome.diagnostics)
    );
    outcome.compiled.expect("a valid codebook compiles")
}

/// A fixture of `tests/fixtures/latex/` compiled, its structure's Markdown table, and the
/// table's heading row.
fn fixture_table(fixture: &str, structure: &str) -> (codebook::Compiled, String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/latex/{fixture}.codebook"));
    let c = compiled(&path);
    let md = markdown::render(&c, Some(structure), false).expect("the table");
    let head = md
        .lines()
        .find(|l| l.starts_with("| "))
        .expect("a heading row")
        .to_string();
    (c, md, head)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("codebook")
        .to_string()
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/tables");
    settings.bind(|| insta::assert_snapshot!(name.to_string(), text));
}

#[test]
fn schemas_snapshot_as_latex_and_markdown() {
    let files = codebooks_in("schemas");
    assert!(
        files.len() >= 2,
        "schemas/ holds the tutorial and the reference study"
    );
    for path in files {
        let c = compiled(&path);
        let s = stem(&path);
        for (target, standalone) in [("latex", false), ("latex-standalone", true)] {
            let out = latex::render(&c, None, standalone).unwrap_or_else(|d| panic!("{s}: {d:?}"));
            snapshot(&format!("{s}.{target}"), &out);
        }
        for (target, standalone) in [("markdown", false), ("markdown-standalone", true)] {
            let out =
                markdown::render(&c, None, standalone).unwrap_or_else(|d| panic!("{s}: {d:?}"));
            snapshot(&format!("{s}.{target}"), &out);
        }
    }
}

#[test]
fn fixtures_snapshot_as_latex_and_markdown() {
    for path in codebooks_in("tests/fixtures/latex") {
        let c = compiled(&path);
        let s = stem(&path);
        let tex = latex::render(&c, None, false).unwrap_or_else(|d| panic!("{s}: {d:?}"));
        snapshot(&format!("{s}.latex"), &tex);
        let md = markdown::render(&c, None, false).unwrap_or_else(|d| panic!("{s}: {d:?}"));
        snapshot(&format!("{s}.markdown"), &md);
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    for path in codebooks_in("schemas") {
        let a = compiled(&path);
        let b = compiled(&path);
        assert_eq!(latex::render(&a, None, true), latex::render(&b, None, true));
        assert_eq!(
            markdown::render(&a, None, true),
            markdown::render(&b, None, true)
        );
    }
}

/// Every name the catalogue lists selects exactly that table, in both formats; all tables
/// together are the listed ones in order, but for the `-compact` table of a structure whose
/// own table has no quote column.
#[test]
fn each_table_can_be_chosen_by_name() {
    for path in codebooks_in("schemas") {
        let c = compiled(&path);
        let names = tables::names(&c);
        let all = tables::build(&c, None).expect("all tables");
        let built: Vec<String> = all.iter().map(|t| t.name.clone()).collect();
        let listed: Vec<&String> = names.iter().filter(|n| built.contains(n)).collect();
        assert_eq!(listed, built.iter().collect::<Vec<_>>());
        for left_out in names.iter().filter(|n| !built.contains(n)) {
            // The phase table is printed only when a phase has something besides its label.
            if left_out == "phases" {
                assert!(
                    c.codebook.phases.iter().all(|p| p.attributes.is_empty()),
                    "{}: the phase table of phases with attributes is left out",
                    path.display()
                );
                continue;
            }
            let base = left_out
                .strip_suffix("-compact")
                .unwrap_or_else(|| panic!("{}: `{left_out}` is missing", path.display()));
            let own = all
                .iter()
                .find(|t| t.name == base)
                .unwrap_or_else(|| panic!("no table `{base}`"));
            let heading = own.head[0].cells[0].content.paras[0].runs[0].text.as_str();
            assert_ne!(heading, "Reference from data material", "{base}");
        }
        for name in &names {
            let one = tables::build(&c, Some(name)).expect("a listed name");
            assert_eq!(one.len(), 1);
            assert_eq!(&one[0].name, name);
            // A fragment or a whole document (`--standalone`) of that table only.
            for standalone in [false, true] {
                let tex = latex::render(&c, Some(name), standalone).expect("renders");
                assert_eq!(tex.matches("\\begin{longtable}").count(), 1, "{name}");
                assert_eq!(tex.matches("% Table `").count(), 1, "{name}");
                let md = markdown::render(&c, Some(name), standalone).expect("renders");
                assert_eq!(md.matches("\n## ").count(), 1, "{name}");
            }
        }
    }
}

#[test]
fn unknown_table_lists_the_names_there_are() {
    let c = compiled(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/tutorial.codebook"));
    let err = latex::render(&c, Some("contakt"), false).expect_err("no such table");
    assert_eq!(err.len(), 1);
    let d = &err[0];
    assert_eq!(d.code.name(), "unknown_table");
    let help = d.help.clone().unwrap_or_default();
    assert!(help.contains("did you mean `contact`?"), "{help}");
    for name in tables::names(&c) {
        assert!(help.contains(&name), "{help}");
    }
    assert!(markdown::render(&c, Some("contakt"), false).is_err());
}

/// The reference study's tables hold what the paper prints (`tests/reference/table*.txt`),
/// line by line in order.
#[test]
fn the_reference_study_prints_its_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("schemas/schmidt-2025-strategizing.codebook");
    let c = compiled(&path);
    // The reference files list Tables 1, 2 and 5 row by row, Table 3 column by column, and
    // Table 4 a concept at a time (its quotes, then its labels).
    #[derive(Clone, Copy)]
    enum Order {
        Rows,
        Columns,
        Blocks,
    }
    let flat = |t: &tables::Table, order: Order| -> String {
        let mut cells: Vec<&tables::Cell> = t.head.iter().flat_map(|r| &r.cells).collect();
        fn by_column<'a>(cells: &mut Vec<&'a tables::Cell>, width: usize, rows: &'a [tables::Row]) {
            for col in 0..width {
                cells.extend(rows.iter().filter_map(|r| r.cells.get(col)));
            }
        }
        match order {
            Order::Rows => cells.extend(t.body.iter().flat_map(|r| &r.cells)),
            Order::Columns => by_column(&mut cells, t.width(), &t.body),
            Order::Blocks => {
                let starts: Vec<usize> = (0..t.body.len())
                    .filter(|i| {
                        t.body[*i]
                            .cells
                            .get(1)
                            .is_some_and(|c| !c.content.is_empty())
                    })
                    .chain([t.body.len()])
                    .collect();
                for w in starts.windows(2) {
                    by_column(&mut cells, t.width(), &t.body[w[0]..w[1]]);
                }
            }
        }
        let mut s = String::new();
        for cell in cells {
            for p in &cell.content.paras {
                for r in &p.runs {
                    s.push_str(&r.text);
                }
                s.push('\n');
            }
        }
        if let Some(n) = &t.note {
            for p in &n.paras {
                for r in &p.runs {
                    s.push_str(&r.text);
                }
                s.push('\n');
            }
        }
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    for (table, reference, order) in [
        ("actors", "table1.txt", Order::Rows),
        ("sources", "table2.txt", Order::Rows),
        ("modes", "table3.txt", Order::Columns),
        ("practices", "table4.txt", Order::Blocks),
        ("phase_matrix", "table5.txt", Order::Rows),
    ] {
        let expected = std::fs::read_to_string(root.join("tests/reference").join(reference))
            .unwrap_or_else(|e| panic!("tests/reference/{reference}: {e}"));
        let t = tables::build(&c, Some(table)).expect("the table exists");
        let text = flat(&t[0], order);
        let mut at = 0;
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            // The paper's own slips: "5h" for "5 h", "HI3" for "HI 3".
            let line = line.replace("(5h)", "(5 h)").replace("HI3,", "HI 3,");
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            match text[at..].find(&line) {
                Some(i) => at += i + line.len(),
                None => panic!(
                    "{reference}: `{line}` not found in order in:\n{}",
                    &text[at..]
                ),
            }
        }
    }
}

/// `right` after a column's heading prints it right of its level's labels, the others stay
/// left of them (tests/fixtures/latex/columns_right.codebook: Savage et al. 2018's Themes |
/// Senior leaders | Emerging leaders, with a number left of the themes).
#[test]
fn columns_written_right_stand_right_of_their_labels() {
    let (_, md, head) = fixture_table("columns_right", "qualities");
    assert_eq!(
        head,
        "| No. | Themes | Senior leaders | Emerging leaders | Concepts | Reference from data material |"
    );
    let purpose = md
        .lines()
        .find(|l| l.contains("Clarity of purpose"))
        .expect("the first theme's row");
    let cells: Vec<&str> = purpose.split(" | ").collect();
    assert_eq!(cells.get(1).copied(), Some("*Clarity of purpose*"));
    assert!(
        cells.get(2).is_some_and(|c| c.starts_with("A dissonance")),
        "{purpose}"
    );
    assert!(
        cells.get(3).is_some_and(|c| c.starts_with("The ambition")),
        "{purpose}"
    );
}

/// `quote marks: none` prints a quote bare, as written, in every table format: no opening or
/// closing mark, its own inner marks kept, and no full stop moved (there is no mark to move it
/// past).
#[test]
fn quotes_print_bare_with_quote_marks_none() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latex/bare_quotes.codebook");
    let c = compiled(&path);
    let md = markdown::render(&c, Some("analysis"), false).expect("the table");
    assert!(
        md.contains(
            "| We all wanted to learn it, and they said \"go ahead\". | Wanting to learn |"
        ),
        "{md}"
    );
    let tex = latex::render(&c, Some("analysis"), false).expect("the table");
    assert!(!tex.contains("\\textquotedblleft{}We"), "{tex}");
    assert!(tex.contains("We all wanted to learn it"), "{tex}");
}

/// `column: number ""` gives a column no heading, as a paper prints the numbers of its themes
/// (tests/fixtures/latex/unheaded_column.codebook): the heading cell is empty and the numbers
/// stand left of their labels.
#[test]
fn a_column_may_have_an_empty_heading() {
    let (c, md, head) = fixture_table("unheaded_column", "themes");
    assert_eq!(
        head,
        "| | Themes | | Codes | Reference from data material |"
    );
    assert!(
        md.contains("| 1. | *Knowledge to practice medicine* | 1.a. | Diagnosis |"),
        "{md}"
    );
    let tex = latex::render(&c, Some("themes"), false).expect("the table");
    assert!(tex.contains("1.a."), "{tex}");
}

/// A matrix prints its phase headings in capitals (Schmidt et al.'s Table 5), or as the
/// phases' labels are written with `phase capitals: no`.
#[test]
fn phase_headings_print_in_capitals_unless_told_otherwise() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/tutorial.codebook");
    let source = std::fs::read_to_string(&path).expect("the tutorial");
    let heading = |source: &str| {
        let outcome = codebook::compile(source);
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        let c = outcome.compiled.expect("compiled");
        let md = markdown::render(&c, Some("practices"), false).expect("the matrix");
        md.lines()
            .find(|l| l.starts_with("| *Teams*"))
            .expect("the heading row")
            .to_string()
    };
    assert!(heading(&source).contains("| SETTLING IN<br>"));
    let written = source.replace(
        "  heading: \"Teams\"\n",
        "  heading: \"Teams\"\n  phase capitals: no\n",
    );
    assert_ne!(
        written, source,
        "the tutorial's matrix has `heading: \"Teams\"`"
    );
    let row = heading(&written);
    assert!(row.contains("| Settling in<br>"), "{row}");
    assert!(!row.contains("SETTLING"), "{row}");
}

/// `highest level: rows` (Sjølie et al.'s Table 3): each theme a row across the table above its
/// codes' rows, no theme column, in LaTeX, Markdown and the compact table; the themes stay codes
/// (the JSON's hierarchy holds them).
#[test]
fn the_highest_level_prints_as_rows_across_the_table() {
    let (c, md, head) = fixture_table("section_rows", "analysis");
    assert_eq!(
        head, "| Category | Subcategory | Code | Units of meaning |",
        "{md}"
    );
    let themes = [
        "Theme 2: Mastering the processes in improvement work",
        "Theme 3: Navigation to prioritizing the patient",
    ];
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    for theme in themes {
        // A row of its own, the label in its first cell and nothing else in the row.
        let row = rows
            .iter()
            .find(|l| l.contains(theme))
            .unwrap_or_else(|| panic!("{theme}: {md}"));
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 4, "{row}");
        assert!(cells[0].contains(theme), "{row}");
        assert!(cells[1..].iter().all(|c| c.is_empty()), "{row}");
    }
    // The theme's attribute, with its column's heading, in its row; the category below it.
    let mastering = rows.iter().position(|l| l.contains(themes[0])).unwrap();
    assert!(rows[mastering].contains("Aim: How managers master"), "{md}");
    assert!(rows[mastering + 1].contains("Becoming proficient"), "{md}");
    let navigation = rows.iter().position(|l| l.contains(themes[1])).unwrap();
    assert!(navigation > mastering + 3, "{md}");
    assert!(rows[navigation + 1].contains("Setting priorities"), "{md}");

    // The compact table: the same rows, without quotes.
    let compact = markdown::render(&c, Some("analysis-compact"), false).expect("the table");
    for theme in themes {
        assert!(compact.contains(theme), "{compact}");
    }
    assert!(
        compact.contains("| Category | Subcategory | Code |\n"),
        "{compact}"
    );

    // LaTeX: four columns, each theme in a cell spanning them, repeated "(continued)" across
    // them where a page breaks inside its section.
    let tex = latex::render(&c, Some("analysis"), false).expect("the table");
    assert!(tex.contains("\\begin{longtable}{"), "{tex}");
    for theme in ["Theme 2: Mastering", "Theme 3: Navigation"] {
        let spanning = tex
            .lines()
            .filter(|l| l.contains(theme))
            .collect::<Vec<_>>();
        assert!(
            spanning
                .iter()
                .any(|l| l.contains("\\multicolumn{4}") && !l.contains("(continued)")),
            "{theme}: {tex}"
        );
        assert!(
            spanning.iter().any(|l| l.contains("\\codebookifpagebreak")
                && l.contains("\\multicolumn{4}")
                && l.contains("(continued)")),
            "{theme}: {tex}"
        );
    }

    // The themes are codes still.
    let json = codebook::emit::json::render(&c);
    assert!(json.contains("\"highest_level\": \"rows\""), "{json}");
    for theme in themes {
        assert!(json.contains(theme), "{theme}");
    }
}

/// `coded:` printed after the label, in the label's own cell, in the form the file writes
/// (tests/fixtures/latex/coded_after_label.codebook): "[62 quotations]" as Nundy et al. print
/// it, "(n = 15)" for a bare count; no column of its own. A column headed "n" prints it as any
/// attribute; the `-compact` table and the codebook appendix print it too, the appendix named
/// by the column's heading.
#[test]
fn coded_counts_print_after_labels_in_the_form_written() {
    let (c, md, head) = fixture_table("coded_after_label", "reminders");
    assert!(!head.contains("coded"), "{head}");
    assert_eq!(head.matches(" | ").count(), 1, "{head}");
    // Markdown escapes the brackets, which it would read as a link's text.
    assert!(
        md.contains("**Texts as reminders** \\[62 quotations\\]"),
        "{md}"
    );
    assert!(
        md.contains("Checking blood sugar \\[40 quotations\\]"),
        "{md}"
    );
    let (_, friend, head) = fixture_table("coded_after_label", "friend");
    assert!(friend.contains("Someone is there* (n = 15)"), "{friend}");
    assert!(
        friend.contains("Checking on me (n = 9) | comfort |"),
        "{friend}"
    );
    assert!(head.contains("| Effect |"), "{head}");
    let (_, counts, head) = fixture_table("coded_after_label", "counts");
    assert!(head.contains("| n |"), "{head}");
    assert!(
        counts.contains("| Shopping lists | 15 references |"),
        "{counts}"
    );
    let compact = markdown::render(&c, Some("friend-compact"), false).expect("the table");
    assert!(compact.contains("Checking on me (n = 9)"), "{compact}");
    let appendix = markdown::render(&c, Some("codebook"), false).expect("the table");
    assert!(appendix.contains("Checking on me (n = 9)"), "{appendix}");
    assert!(appendix.contains("*n:* 15 references"), "{appendix}");
    let tex = latex::render(&c, Some("reminders"), false).expect("the table");
    assert!(
        tex.contains("\\textbf{Texts as reminders} {[}62 quotations{]}"),
        "{tex}"
    );
    assert!(
        tex.contains("Checking blood sugar {[}40 quotations{]}"),
        "{tex}"
    );
}

/// A note of several texts (a paper's footnotes "a …", "b …") prints each as a paragraph of
/// its own under the table, in LaTeX and Markdown alike.
#[test]
fn a_note_of_several_texts_prints_a_paragraph_each() {
    let source = "allow: missing_attribution\n\nlevels theme \"Themes\"\n\n\
                  structure s \"Themes\" {\n  note: \"a Two participants were unsure.\", \
                  \"b The negative cases are counted apart.\"\n  theme t \"Theme\"\n}\n\n\
                  quote \"A quote.\" {\n  supports: t\n}\n";
    let outcome = codebook::compile(source);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let c = outcome.compiled.expect("a valid codebook");
    let md = markdown::render(&c, Some("s"), false).expect("the table");
    let (a, b) = (
        md.find("a Two participants were unsure.").expect("note a"),
        md.find("b The negative cases are counted apart.")
            .expect("note b"),
    );
    assert!(a < b && md[a..b].contains("\n\n"), "{md}");
    let tex = latex::render(&c, Some("s"), false).expect("the table");
    let (a, b) = (
        tex.find("a Two participants were unsure.").expect("note a"),
        tex.find("b The negative cases are counted apart.")
            .expect("note b"),
    );
    assert!(a < b && tex[a..b].contains("\\par"), "{tex}");
}

/// `level columns: one` (an NVivo export's nodes and subnodes): every level's labels in one
/// column headed by the highest level's heading, each code on its own row under its parent's,
/// indented a step per level (`&emsp;` in Markdown, `\leftskip` in LaTeX), each `column:` one
/// column for all levels with a code's value on its row, the quotes in their column; with
/// `highest level: rows` the themes across the table and the rest in the one column. A code
/// that skips a level (`allow: skipped_level`) is indented one step under its parent, and in a
/// table of a column per level leaves the skipped level's cell empty.
#[test]
fn the_levels_print_in_one_column() {
    let (c, md, head) = fixture_table("one_column", "tree");
    assert_eq!(
        head, "| Reference from data material | No. | Themes | No. of Interviews | References |",
        "{md}"
    );
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).skip(2).collect();
    let expected = [
        "| | 1 | *Readiness for the pandemic* | | |",
        "| “We had drilled for floods, not this.” (manager 1, 2021) | | &emsp;*Pandemic preparedness* | 6 | 40 |",
        "| “We had never seen anything like it.” (manager 2, 2021) | | &emsp;&emsp;Dealing with the pandemic was one of its kind of experience, a long label that wraps | 2 | 5 |",
        "| “We had drilled for floods, not this.” (manager 1, 2021) | | &emsp;&emsp;Previous experience of dealing with emergencies | 3 | 5 |",
        "| “I went in first, every morning.” (manager 4, 2021) | | &emsp;Leading from the front | 4 | 11 |",
        "| | 2 | *Service delivery* | | |",
    ];
    assert_eq!(&rows[..expected.len()], expected, "{md}");

    // Highest level as rows: the theme across the table, the nodes and subnodes below it in
    // the one column, the subnode right under the theme at the column's head.
    let sections = markdown::render(&c, Some("sections"), false).expect("the table");
    let rows: Vec<&str> = sections.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows,
        [
            "| Categories and Codes | No. of Interviews | References |",
            "| --- | ---: | ---: |",
            "| **Theme 3: Addressing fear and concern** | | |",
            "| *Psychological impact on staff* | 5 | 14 |",
            "| &emsp;Anxious staff | 2 | 3 |",
            "| &emsp;Tired staff | 3 | 4 |",
            "| *Communicating with staff and authorities* | 6 | 20 |",
            "| &emsp;Creating awareness in public | 2 | 11 |",
            "| &emsp;Plans for vaccination | 5 | 9 |",
            "| Dealing with rumours | 1 | 2 |",
        ],
        "{sections}"
    );
    // The compact table keeps the one column.
    let compact = markdown::render(&c, Some("tree-compact"), false).expect("the table");
    assert!(
        compact.contains("| | &emsp;&emsp;Initial worries | 5 | 16 |"),
        "{compact}"
    );
    // A column per level: the skipped level's cell empty.
    let flat = markdown::render(&c, Some("flat"), false).expect("the table");
    assert!(
        flat.contains(
            "| “I went in first, every morning.” (manager 4, 2021) | Leading from the front | | |"
        ),
        "{flat}"
    );

    // LaTeX: one label column, a step of \leftskip per level.
    let tex = latex::render(&c, Some("sections"), false).expect("the table");
    assert!(
        tex.contains("\\leftskip=1em\\relax Anxious staff & 2 & 3 \\\\"),
        "{tex}"
    );
    assert!(tex.contains("\\multicolumn{3}"), "{tex}");

    // The JSON names the layout; the skipping code's parent is the theme it stands under.
    let json: serde_json::Value =
        serde_json::from_str(&codebook::emit::json::render(&c)).expect("JSON");
    let structures = json["structures"].as_array().expect("structures");
    assert_eq!(structures[0]["level_columns"], "one", "{json}");
    assert_eq!(structures[2].get("level_columns"), None, "{json}");
    let theme = &structures[0]["codes"][0];
    assert_eq!(theme["id"], "readiness");
    let kids: Vec<&str> = theme["children"]
        .as_array()
        .expect("children")
        .iter()
        .filter_map(|k| k["id"].as_str())
        .collect();
    assert_eq!(kids, ["preparedness", "direct"], "{theme}");
}

/// The one-column table compiled by pdflatex and read back with pdftotext: the rows in the
/// tree's order, each code's counts beside it.
#[test]
fn the_one_column_table_compiles_in_tree_order() {
    let text = common::letters(&common::pdf_text(
        "tests/fixtures/latex/one_column.codebook",
        "sections",
    ));
    let rows: Vec<String> = [
        "Categories and Codes No. of Interviews References",
        "Theme 3: Addressing fear and concern",
        "Psychological impact on staff 5 14",
        "Anxious staff 2 3",
        "Tired staff 3 4",
        "Communicating with staff and authorities 6 20",
        "Creating awareness in public 2 11",
        "Plans for vaccination 5 9",
        "Dealing with rumours 1 2",
    ]
    .iter()
    .map(|r| common::letters(r))
    .collect();
    common::in_order("sections", &text, &rows);
}

/// `column: definition "…"` prints each code's definition in a column of its own, as a paper
/// prints its "Sample keywords" beside each sub-theme; a code without one has an empty cell.
#[test]
fn a_column_prints_the_codes_definitions() {
    let (_, md, head) = fixture_table("definition_column", "coding");
    assert_eq!(
        head,
        "| Theme | Sub-theme | Sample keywords/observations for coding |"
    );
    let row = |label: &str| -> Vec<String> {
        md.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no row for {label}:\n{md}"))
            .split(" | ")
            .map(|c| c.trim_matches(['|', ' ']).to_string())
            .collect()
    };
    assert_eq!(
        row("Vision of the founder")[2],
        "Founder's vision, long-term goals, legacy."
    );
    assert!(
        row("Leadership style")[2].starts_with("Participative or directive decisions."),
        "{md}"
    );
    assert_eq!(row("Family members at work")[2], "");
}

/// `column phases: dates "Period"` prints each phase's dates as a paper does ("January–
/// September 2018"), in the column's place among the others.
#[test]
fn the_phase_table_prints_the_phases_dates() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latex/phase_dates.codebook");
    let c = compiled(&path);
    let md = markdown::render(&c, Some("phases"), false).expect("the phase table");
    assert!(md.contains("| Phase | Period | Key events |"), "{md}");
    assert!(
        md.contains("| Program planning | 2017 | Partners agree on the program and its targets. |"),
        "{md}"
    );
    assert!(
        md.contains("| Implementation | January–September 2018 |"),
        "{md}"
    );
    assert!(md.contains("| Review | October 2018–March 2019 |"), "{md}");
}

/// `level columns: one from cluster`: the themes (and meta-themes) each in a column of their
/// own, a theme's attribute beside it, the groups and their codes in ONE column headed by the
/// groups' heading, each code indented under its group, a code right under a theme at the
/// groups' place, one attribute column for groups and codes alike; lowest first with the quotes
/// first, and highest first with the meta-themes as rows across the table, the compact table
/// too. JSON names the level.
#[test]
fn the_lower_levels_share_one_column_beside_the_higher_levels_own() {
    let (c, md, head) = fixture_table("mixed_columns", "low");
    assert_eq!(
        head,
        "| Reference from data material | Groups | Leaders | References | No. | Themes | Meta-themes |",
        "{md}"
    );
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).skip(2).collect();
    assert_eq!(
        rows,
        [
            "| | *Enabling* | 12 | | 1 | *Leader behaviours* | *Skills and behaviours* |",
            "| “I check in on each of them every Monday.” (leader 3, 2021) | &emsp;Attentive to employee well-being, a long label that wraps in its column | 3 (9) | 12 | | | |",
            "| “Having my manager there when I needed her mattered.” (IC 2, 2021) | &emsp;Being available | 3 (9) | 10 | | | |",
            "| | *Challenging* | | | | | |",
            "| “Nobody told us what was expected.” (IC 7, 2021) | &emsp;Poor communication | 3 (9) | 25 | | | |",
            "| | Setting a normal work schedule | 20 (59) | 88 | 2 | *Routines* | |",
        ],
        "{md}"
    );
    let compact = markdown::render(&c, Some("high-compact"), false).expect("the table");
    let rows: Vec<&str> = compact.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows,
        [
            "| Themes | Code | Leaders | References |",
            "| --- | --- | --- | ---: |",
            "| **Enablers** | | | |",
            "| *Remote work enablers* | *Organizational culture* | | |",
            "| | &emsp;Supporting staff | 18 (51) | 43 |",
            "| | &emsp;Positive perception | 14 (40) | 33 |",
            "| | Healthier life | 8 (23) | 32 |",
            "| *Remote work challenges* | Relationship building | 28 (80) | 70 |",
            "| | Physical equipment | 20 (57) | 53 |",
        ],
        "{compact}"
    );
    // LaTeX: the codes under a group a step of \leftskip in, the one right under a theme none.
    let tex = latex::render(&c, Some("high"), false).expect("the table");
    assert!(
        tex.contains("& \\leftskip=1em\\relax Supporting staff & 18 (51) & 43 &"),
        "{tex}"
    );
    assert!(tex.contains("& Healthier life & 8 (23) & 32 &"), "{tex}");
    let json: serde_json::Value =
        serde_json::from_str(&codebook::emit::json::render(&c)).expect("JSON");
    assert_eq!(json["structures"][0]["level_columns"], "one", "{json}");
    assert_eq!(
        json["structures"][0]["level_columns_from"], "cluster",
        "{json}"
    );
}

/// The table of `level columns: one from cluster`, lowest first, compiled by pdflatex and read
/// back with pdftotext: each group's row with its theme and meta-theme beside it, its codes
/// under it, the code right under a theme with the theme.
#[test]
fn the_shared_column_table_compiles_in_tree_order() {
    let text = common::letters(&common::pdf_text(
        "tests/fixtures/latex/mixed_columns.codebook",
        "low-compact",
    ));
    let rows: Vec<String> = [
        "Groups Leaders References No. Themes Meta-themes",
        "Enabling 12 1 Leader behaviours Skills and behaviours",
        "Attentive to employee well-being, a long label that wraps in its column 3 (9) 12",
        "Being available 3 (9) 10",
        "Challenging",
        "Poor communication 3 (9) 25",
        "Setting a normal work schedule 20 (59) 88 2 Routines",
    ]
    .iter()
    .map(|r| common::letters(r))
    .collect();
    common::in_order("low-compact", &common::letters(&text), &rows);
}

/// An attribution written in brackets of its own (`from: "[22]"`) prints as written after the
/// quote, not inside parentheses as "([22])".
#[test]
fn a_bracketed_attribution_prints_as_written() {
    let (c, md, _) = fixture_table("bracketed_attribution", "policies");
    assert!(md.contains("exit.” \\[22\\]"), "{md}");
    assert!(md.contains("out.” (policy 7)"), "{md}");
    assert!(!md.contains("(\\[22\\])"), "{md}");
    let tex = latex::render(&c, Some("policies"), false).expect("the table");
    assert!(
        tex.contains("{[}22{]}") && !tex.contains("({[}22{]})"),
        "{tex}"
    );
}

/// `attribution column:` prints each quote's attribution in a column of its own, beside the
/// quote column on the table's outer side (right of the quotes when they come last, left of
/// them when they come first), on the row of the quote's first piece, and not after the quote;
/// a quote without one leaves its cell empty. The JSON says so, and pdflatex sets the columns in
/// that order.
#[test]
fn an_attribution_column_stands_beside_the_quotes() {
    let (c, md, head) = fixture_table("attribution_column", "evidence");
    assert_eq!(
        head,
        "| Subtheme | Code | Illustrative quote | Participant \\& group number |"
    );
    assert!(md.contains("benefit… | P8, G7 |"), "{md}");
    assert!(md.contains("whose it is. | |"), "{md}");
    assert!(!md.contains("(P8, G7)"), "{md}");
    let (_, md, head) = fixture_table("attribution_column", "procedure");
    assert_eq!(head, "| IP | Meaning unit | Code | Subtheme | Theme |");
    assert!(md.contains("| 7 | I looked at both height"), "{md}");
    assert!(!md.contains("parents. (2)"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&codebook::emit::json::render(&c)).expect("JSON");
    assert_eq!(
        json["structures"][0]["attribution_column"], "Participant & group number",
        "{json}"
    );
    for (table, rows) in [
        (
            "evidence",
            &[
                "Subtheme Code Illustrative quote Participant & group number",
                "Numbers Numbers …in numbers rather than percentages",
                "P8, G7",
                "Costs and cost effectiveness Costs I don't think",
                "Interview 4",
            ][..],
        ),
        (
            "procedure",
            &[
                "IP Meaning unit Code Subtheme Theme",
                "2 Because I think the BMI chart",
                "7 I looked at both height",
            ][..],
        ),
    ] {
        let text = common::pdf_text("tests/fixtures/latex/attribution_column.codebook", table);
        let rows: Vec<String> = rows.iter().map(|r| common::letters(r)).collect();
        common::in_order(table, &common::letters(&text), &rows);
    }
}

/// Turning points print in the phase table between the phases they separate (by date, or by
/// `after` between undated phases); `rows phases: phases` leaves them out.
#[test]
fn turning_points_stand_between_their_phases_unless_left_out() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/latex/undated_turning_points.codebook");
    let source = std::fs::read_to_string(&path).expect("the fixture");
    let c = compiled(&path);
    let md = markdown::render(&c, Some("phases"), false).expect("the table");
    let order: Vec<&str> = md
        .lines()
        .filter_map(|l| {
            [
                "Phase 1",
                "Funding cut",
                "New clinical lead",
                "Phase 2",
                "Phase 3",
                "Clinic closed",
            ]
            .into_iter()
            .find(|w| l.contains(w))
        })
        .collect();
    assert_eq!(
        order,
        [
            "Phase 1",
            "Funding cut",
            "New clinical lead",
            "Phase 2",
            "Phase 3",
            "Clinic closed"
        ],
        "{md}"
    );
    let without = codebook::compile(&format!("rows phases: phases\n{source}"));
    let c = without.compiled.expect("valid");
    let md = markdown::render(&c, Some("phases"), false).expect("the table");
    assert!(!md.contains("Turning point"), "{md}");
    assert!(md.contains("Phase 3: testing"), "{md}");
}

/// A structure whose codes stop above the file's lowest level (an overview of main themes and
/// their categories, beside a table with the codes) prints no empty column for the levels below
/// its codes; the other structure keeps all three. pdflatex sets the overview in that order.
#[test]
fn an_overview_table_prints_no_column_for_levels_it_does_not_reach() {
    let (_, md, head) = fixture_table("overview_table", "overview");
    assert_eq!(head, "| Main theme | Categories |", "{md}");
    assert!(md.contains("| | *Workload* |"), "{md}");
    let (_, _, head) = fixture_table("overview_table", "analysis");
    assert_eq!(head, "| Main theme | Categories | Codes |");
    let text = common::pdf_text("tests/fixtures/latex/overview_table.codebook", "overview");
    let rows: Vec<String> = [
        "Main theme Categories",
        "Navigating challenges Personal challenges",
        "Workload",
        "Learning at work Formal training",
    ]
    .iter()
    .map(|r| common::letters(r))
    .collect();
    common::in_order("overview", &common::letters(&text), &rows);
}
