//! The LaTeX output through the real tools: every schema and every fixture in
//! `tests/fixtures/latex/` is compiled with `pdflatex -no-shell-escape -halt-on-error`, as a
//! fragment (`\input` into a document whose preamble is exactly the fragment's own comment) and
//! as `--standalone`; `pdftotext -raw` must give back the tables' texts in table order. The
//! adversarial fixture must also read no file and run over more than three pages; every
//! character the emitter lets through must typeset; and the command line must refuse what
//! pdflatex cannot typeset.
//!
//! These tests fail, never skip, when the tools are missing.

mod common;
use common::{codebooks_in, temp_dir};

use codebook::emit::{latex, tables};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::INSTALL;

fn require(tool: &str) {
    if let Err(e) = Command::new(tool).arg("-v").output() {
        panic!("`{tool}` cannot be run ({e}); the LaTeX tests need it: {INSTALL}");
    }
}

fn compiled(path: &Path) -> codebook::Compiled {
    let source = std::fs::read_to_string(path).expect("a readable codebook");
    let outcome = codebook::compile(&source);
    assert!(!outcome.has_errors(), "{}: has errors", path.display());
    outcome.compiled.expect("a valid codebook compiles")
}

/// What pdflatex and pdftotext made of a document.
struct Pdf {
    /// Text in content-stream order (`pdftotext -raw`), one entry per page.
    pages: Vec<String>,
    log: String,
    /// The `-recorder` file: every file TeX opened.
    fls: String,
    dir: PathBuf,
}

impl Drop for Pdf {
    /// Keep the directory of a failed test for a look, remove the others.
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Compile `main.tex` (with `extra` files beside it) in a fresh directory, once.
fn pdflatex(name: &str, main: &str, extra: &[(&str, &str)]) -> Pdf {
    require("pdflatex");
    require("pdftotext");
    let dir = temp_dir(name);
    std::fs::write(dir.join("main.tex"), main).expect("write main.tex");
    for (file, text) in extra {
        std::fs::write(dir.join(file), text).expect("write an input file");
    }
    let out = Command::new("pdflatex")
        .args([
            "-no-shell-escape",
            "-halt-on-error",
            "-interaction=nonstopmode",
            "-recorder",
            "main.tex",
        ])
        .current_dir(&dir)
        .env("openout_any", "p")
        .output()
        .unwrap_or_else(|e| panic!("pdflatex cannot be run ({e}): {INSTALL}"));
    let log = std::fs::read(dir.join("main.log"))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if !out.status.success() {
        let errors: Vec<&str> = log
            .lines()
            .skip_while(|l| !l.starts_with('!'))
            .take(20)
            .collect();
        panic!(
            "{name}: pdflatex failed ({}); see {}\n{}",
            out.status,
            dir.display(),
            errors.join("\n")
        );
    }
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "main.pdf", "-"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    assert!(text.status.success(), "{name}: pdftotext failed");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let fls = std::fs::read_to_string(dir.join("main.fls")).unwrap_or_default();
    Pdf {
        pages,
        log,
        fls,
        dir,
    }
}

/// A fragment in the smallest document its own header comment asks for.
fn wrap(fragment: &str) -> String {
    let packages: Vec<&str> = fragment
        .lines()
        .take_while(|l| l.starts_with('%'))
        .filter_map(|l| l.strip_prefix("%   "))
        .filter(|l| l.starts_with("\\usepackage"))
        .collect();
    assert!(
        packages.iter().any(|p| p.contains("{longtable}")),
        "the fragment lists its packages:\n{}",
        &fragment[..fragment.len().min(600)]
    );
    format!(
        "\\documentclass{{article}}\n{}\n\\tracinglostchars=3\n\\begin{{document}}\n\\input{{tables.tex}}\n\\end{{document}}\n",
        packages.join("\n")
    )
}

/// Compose the decomposed letters the fixtures use, as pdflatex prints them.
fn compose(s: &str) -> String {
    const PAIRS: &[(char, char, char)] = &[
        ('a', '\u{308}', 'ä'),
        ('o', '\u{308}', 'ö'),
        ('u', '\u{308}', 'ü'),
        ('A', '\u{308}', 'Ä'),
        ('O', '\u{308}', 'Ö'),
        ('U', '\u{308}', 'Ü'),
        ('e', '\u{301}', 'é'),
        ('E', '\u{301}', 'É'),
        ('a', '\u{301}', 'á'),
        ('e', '\u{300}', 'è'),
        ('c', '\u{327}', 'ç'),
    ];
    let mut out = String::new();
    for c in s.chars() {
        if let Some(&(_, _, composed)) = PAIRS.iter().find(|(b, m, _)| *m == c && out.ends_with(*b))
        {
            out.pop();
            out.push(composed);
        } else {
            out.push(c);
        }
    }
    out
}

/// Text as compared: no whitespace or hyphens (line breaks and hyphenation), one kind of
/// quote mark, ligatures and the ellipsis spelt out.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    for c in compose(s).chars() {
        match c {
            c if c.is_whitespace() => {}
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' => {}
            '-' | '‐' | '‑' | '–' | '—' | '−' => {}
            '‘' | '’' | '\'' | '‚' => out.push('\''),
            '“' | '”' | '„' | '"' => out.push('"'),
            '…' => out.push_str("..."),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

/// Every table's texts from the file appear in the PDF, in table order. Returns the page
/// (0-based) on which each table's first and last text were found.
fn assert_in_order(name: &str, pdf: &Pdf, tables: &[tables::Table]) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut text = String::new();
    for p in &pdf.pages {
        starts.push(text.len());
        text.push_str(&normalise(p));
    }
    let page_of = |at: usize| starts.partition_point(|s| *s <= at).saturating_sub(1);
    let mut at = 0;
    let mut spans = Vec::new();
    for t in tables {
        let mut first = None;
        for piece in tables::reading_order(t) {
            let want = normalise(&piece);
            if want.is_empty() {
                continue;
            }
            match text[at..].find(&want) {
                Some(i) => {
                    at += i;
                    first.get_or_insert(page_of(at));
                    at += want.len();
                }
                None => panic!(
                    "{name}: table `{}`: {piece:?} (normalised {want:?}) is not in the PDF after \
                     position {at}; the PDF continues:\n{}\n(see {})",
                    t.name,
                    &text[at..text.len().min(at + 400)],
                    pdf.dir.display()
                ),
            }
        }
        spans.push((first.unwrap_or(0), page_of(at.saturating_sub(1))));
    }
    spans
}

/// TeX read no file it should not, and wrote only beside the document.
fn assert_contained(name: &str, pdf: &Pdf) {
    for line in pdf.fls.lines() {
        if let Some(path) = line.strip_prefix("INPUT ") {
            assert!(
                !path.contains("passwd") && !path.contains("pwned"),
                "{name}: TeX read {path}"
            );
        }
        if let Some(path) = line.strip_prefix("OUTPUT ") {
            let p = Path::new(path);
            assert!(
                p.is_relative() || p.starts_with(&pdf.dir),
                "{name}: TeX wrote {path}"
            );
        }
    }
    assert!(
        !pdf.log.contains("(/etc/passwd"),
        "{name}: the log shows /etc/passwd read"
    );
    assert!(
        !pdf.log.contains("runsystem"),
        "{name}: the log shows a shell escape"
    );
    assert!(
        !pdf.pages.iter().any(|p| p.contains("root:x:0:0")),
        "{name}: the PDF shows /etc/passwd"
    );
    assert!(
        !pdf.log.contains("Missing character"),
        "{name}: a character has no glyph"
    );
}

/// One codebook: its fragment (all tables) and its standalone document.
fn check_codebook(path: &Path) -> Vec<(usize, usize)> {
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("codebook")
        .to_string();
    let c = compiled(path);
    let tables = tables::build(&c, None).expect("all tables");
    let fragment = latex::render(&c, None, false).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    let pdf = pdflatex(
        &format!("{name}-fragment"),
        &wrap(&fragment),
        &[("tables.tex", &fragment)],
    );
    assert_contained(&name, &pdf);
    let spans = assert_in_order(&format!("{name} (fragment)"), &pdf, &tables);
    let standalone = latex::render(&c, None, true).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    let pdf = pdflatex(&format!("{name}-standalone"), &standalone, &[]);
    assert_contained(&name, &pdf);
    assert_in_order(&format!("{name} (standalone)"), &pdf, &tables);
    spans
}

#[test]
fn every_schema_compiles_and_reads_back_in_table_order() {
    let files = codebooks_in("schemas");
    assert!(!files.is_empty());
    // Two at a time: CI has two cores.
    let (a, b): (Vec<_>, Vec<_>) = files.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    std::thread::scope(|s| {
        let h = s.spawn(|| {
            for (_, f) in &b {
                check_codebook(f);
            }
        });
        for (_, f) in &a {
            check_codebook(f);
        }
        if let Err(e) = h.join() {
            std::panic::resume_unwind(e);
        }
    });
}

#[test]
fn adversarial_text_compiles_reads_back_literally_and_reads_no_file() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latex/adversarial.codebook");
    let c = compiled(&path);
    let tables = tables::build(&c, None).expect("all tables");
    let spans = check_codebook(&path);
    let at = tables
        .iter()
        .position(|t| t.name == "adversarial")
        .expect("the fixture's data structure");
    let (first, last) = spans[at];
    assert!(
        last >= first + 3,
        "the data structure should run over more than three pages, it runs from page {} to {}",
        first + 1,
        last + 1
    );
    // Every other fixture too.
    for f in codebooks_in("tests/fixtures/latex") {
        if f != path {
            check_codebook(&f);
        }
    }
}

/// Every character the emitter passes to pdflatex, and every ASCII character, typesets in
/// each style the tables use, and ASCII reads back as written.
#[test]
fn every_typesettable_character_typesets() {
    // Spaced out, so that lines can break and nothing runs off the page.
    let spaced = |chars: &mut dyn Iterator<Item = char>| -> String {
        chars.map(String::from).collect::<Vec<_>>().join(" ")
    };
    let ascii = spaced(&mut (0x21u8..0x7f).map(char::from));
    let others = spaced(&mut latex::typesettable_characters());
    let mut bad = Vec::new();
    let a = latex::escape(&ascii, true, &mut bad);
    let o = latex::escape(&others, true, &mut bad);
    assert!(bad.is_empty(), "{bad:?}");
    let mut body = String::new();
    for text in [&a, &o] {
        for style in [
            "",
            "\\itshape",
            "\\bfseries",
            "\\bfseries\\itshape",
            "\\footnotesize\\itshape",
        ] {
            body.push_str(&format!("{{{style} X{text}X}}\\par\n"));
        }
    }
    let doc = format!(
        "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage[utf8]{{inputenc}}\n\\usepackage{{lmodern}}\n\\tracinglostchars=3\n\\begin{{document}}\n\\sloppy\n{body}\\end{{document}}\n"
    );
    let pdf = pdflatex("charset", &doc, &[]);
    assert!(!pdf.log.contains("Missing character"));
    let text = normalise(&pdf.pages.concat());
    assert!(text.contains(&normalise(&ascii)), "{text}");
}

fn cli(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the codebook binary runs")
}

const EMOJI: &str = r#"structure s "A structure" {
  dimension d "Dimension" {
    theme t1 "Theme one" {
      concept c1 "Concept one"
      concept c2 "Concept two"
    }
    theme t2 "Theme two" {
      concept c3 "Concept three"
      concept c4 "Concept four"
    }
  }
}
quote "We loved it 😀 and said so" { by: "worker", 2017
  supports: c1, c2 }
quote "Two." {
  by: "worker", 2017
  supports: c3, c4
}
"#;

#[test]
fn an_emoji_is_an_error_that_names_the_quote_and_writes_nothing() {
    let dir = temp_dir("emoji");
    std::fs::write(dir.join("emoji.codebook"), EMOJI).expect("write the codebook");
    let o = cli(
        &["build", "emoji.codebook", "--to", "latex", "-o", "out.tex"],
        &dir,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("codebook::untypesettable_character"), "{err}");
    assert!(err.contains("U+1F600"), "{err}");
    assert!(err.contains("We loved it"), "{err}");
    assert!(
        err.contains("emoji.codebook:13:7"),
        "points at the quote: {err}"
    );
    assert!(!dir.join("out.tex").exists(), "nothing is written");
    // Markdown keeps every character, and LaTeX tables that do not hold the quote build.
    let o = cli(
        &[
            "build",
            "emoji.codebook",
            "--to",
            "markdown",
            "-o",
            "out.md",
        ],
        &dir,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = std::fs::read_to_string(dir.join("out.md")).expect("markdown written");
    assert!(md.contains("😀"));
    let o = cli(
        &[
            "build",
            "emoji.codebook",
            "--to",
            "latex",
            "--table",
            "s-compact",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0), "a table without the quote builds");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn non_latin_labels_are_errors_too() {
    let dir = temp_dir("cyrillic");
    let source = EMOJI
        .replace("We loved it 😀 and said so", "One.")
        .replace("\"Theme two\"", "\"Тема два\"");
    std::fs::write(dir.join("c.codebook"), source).expect("write the codebook");
    let o = cli(&["build", "c.codebook", "--to", "latex"], &dir);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("the label of `t2`"), "{err}");
    assert!(err.contains("U+0422"), "{err}");
    assert!(o.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_table_is_a_usage_error_with_the_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = cli(
        &[
            "build",
            "schemas/tutorial.codebook",
            "--to",
            "latex",
            "--table",
            "contakt",
        ],
        root,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no table called `contakt`"), "{err}");
    assert!(err.contains("did you mean `contact`?"), "{err}");
    assert!(err.contains("contact-compact"), "{err}");
    let o = cli(
        &[
            "build",
            "schemas/tutorial.codebook",
            "--to",
            "latex",
            "--table",
            "contact",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(0));
    let tex = String::from_utf8_lossy(&o.stdout);
    assert_eq!(tex.matches("\\begin{longtable}").count(), 1);
}

/// A paragraph break in a label, caption or heading (a blank line inside its quotes) is one line
/// in a table cell: pdflatex compiles the tables (it stopped at `\textit{…\par…}`).
#[test]
fn paragraph_breaks_in_labels_compile() {
    check_codebook(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/latex/paragraph_labels.codebook"),
    );
}

/// Labels with a blank line in them (a paragraph break), in every place the tables set a
/// label in italic or bold, and a definition and a quote of two paragraphs.
const BLANK_LINES: &str = r#"allow: single_child

study "Labels with blank lines" {
  authors: "A. Author"
  year: 2026
}

actor hc "Consultancy"
actor hi "Insurer"
group both """Consultancy,

and insurer""" {
  members: hc, hi
}

total: 2 interviews
round r1 """First round

in 2017""" {
  date: 2017-09 .. 2017-11
  total: 2 interviews
}
interview i1 "consultants" {
  count: 2
  role: "consultant"
  actor: hc
  round: r1
}

phase p1 "Phase I" 2012 .. 2016-06
phase p2 "Phase II" 2016-07 .. 2019-12

structure modes """Data

structure""" {
  dimension mode """Mode of

strategizing""" {
    theme inclusive """Inclu

sive""" {
      concept transparency "Transparency" {
        definition: """The definition's first paragraph.

Its second paragraph."""
      }
    }
  }
}

quote """First paragraph of the quote.

Second paragraph of the quote.""" {
  source: i1
  date: 2017-10
  supports: transparency
}

matrix m "Matrix" {
  heading: """Organi

zations"""
  columns {
    p1: both
    p2: both
  }
  row mode {
    p1 both: inclusive
    p2 both: inclusive
  }
}
"#;

/// A blank line in a label set in `\textit{}` or `\textbf{}` (a group, a round, a theme, a
/// dimension, a matrix's `heading:`) is a space: such a command cannot hold `\par`, and
/// pdflatex stopped there while `build` exited 0 (issue 15, point 6). A definition's paragraphs
/// stay paragraphs, a little apart. The document compiles, as a fragment and standalone.
#[test]
fn a_blank_line_in_a_label_is_a_space_and_the_document_compiles() {
    let dir = temp_dir("blank-lines");
    let path = dir.join("blank-lines.codebook");
    std::fs::write(&path, BLANK_LINES).expect("write the codebook");
    check_codebook(&path);
    let fragment = latex::render(&compiled(&path), None, false).expect("LaTeX");
    for label in [
        "\\textit{Consultancy, and insurer}",
        "\\textit{First round in 2017",
        "\\textit{Mode of strategizing}",
        "\\textit{Inclu sive}",
        "\\textit{Organi zations}",
        "\\caption{Data structure}",
    ] {
        assert!(fragment.contains(label), "no {label} in:\n{fragment}");
    }
    assert!(
        fragment
            .contains("The definition's first paragraph.\\par \\vspace{3pt}Its second paragraph."),
        "{fragment}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Build `codebook` (a path under the crate) as a standalone LaTeX document with `extra`
/// arguments, typeset it twice with LuaLaTeX, then with pdflatex, and give the text of each
/// PDF (`pdftotext`), LuaLaTeX's first.
fn with_both_engines(name: &str, codebook: &str, extra: &[&str]) -> [String; 2] {
    require("lualatex");
    let dir = temp_dir(name);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(codebook);
    let path = path.to_str().expect("a UTF-8 path");
    let mut args = vec![
        "build",
        path,
        "--to",
        "latex",
        "--standalone",
        "-o",
        "s.tex",
    ];
    args.extend(extra);
    let out = cli(&args, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let texts = ["lualatex", "pdflatex"].map(|engine| {
        common::latex_twice(engine, &dir, std::ffi::OsStr::new("s.tex"));
        let text = Command::new("pdftotext")
            .args(["s.pdf", "-"])
            .current_dir(&dir)
            .output()
            .expect("pdftotext runs");
        std::fs::remove_file(dir.join("s.aux")).expect("the .aux file is there");
        String::from_utf8_lossy(&text.stdout).into_owned()
    });
    let _ = std::fs::remove_dir_all(&dir);
    texts
}

/// A journal's house style (`quote marks: single`, `full stop: outside`, `label style: bold`)
/// and an overall heading typeset with LuaLaTeX as with pdflatex: the same text, every
/// character escaped, quotes in single marks with the full stop after the closing mark.
#[test]
fn lualatex_and_pdflatex_set_the_house_style_alike() {
    let texts = with_both_engines(
        "house-style",
        "tests/fixtures/latex/house_style.codebook",
        &["--table", "meta"],
    )
    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    for (engine, text) in ["lualatex", "pdflatex"].iter().zip(&texts) {
        for want in [
            "Managers develop capacity & capability through #1 personal growth",
            "{\\input{x}} ~ $y$",
            // “…” is set as LaTeX's ellipsis (spaced full stops, read back ". . ."), three
            // full stops typed as such stay as written ("work...").
            "‘I learned it the hard way . . . by doing it’. (M3)",
            "{\\input{x}} ~ $y$ . . .",
            "‘She said “never again” and meant it’. (M4)",
            "think?’ (M5)",
            "would not work...’ (M1)",
        ] {
            assert!(text.contains(want), "{engine}: `{want}` is not in {text}");
        }
    }
    assert_eq!(texts[0], texts[1], "lualatex and pdflatex differ");
}

/// Lists in cells and lines written `\n` (tests/fixtures/latex/lists.codebook, whose geometry
/// tests/layout.rs reads) compile with pdflatex and read back in table order, and typeset with
/// LuaLaTeX as with pdflatex: the same text, each item after its bullet, each turn of a
/// dialogue at the start of its line.
#[test]
fn lists_in_cells_typeset_alike_with_both_engines() {
    check_codebook(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/latex/lists.codebook"),
    );
    let texts = with_both_engines("lists", "tests/fixtures/latex/lists.codebook", &[])
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    for (engine, text) in ["lualatex", "pdflatex"].iter().zip(&texts) {
        for want in [
            "• Listfirst an expert panel",
            "• Listsecond a Delphi",
            "Patient: Listwrap my report",
            "Doctor: Listturn we then",
            "• Listhome at home",
        ] {
            assert!(text.contains(want), "{engine}: `{want}` is not in {text}");
        }
    }
    assert_eq!(texts[0], texts[1], "lualatex and pdflatex differ");
}

/// The standalone tables of the reference study compile with LuaLaTeX as with pdflatex (the
/// page-break macros once used `\pdfstrcmp`, which is pdfTeX's alone), and repeat the same
/// group labels, "(continued)", after the same page breaks.
#[test]
fn lualatex_compiles_the_tables_and_repeats_labels_as_pdflatex_does() {
    let continued = with_both_engines(
        "lualatex",
        "schemas/schmidt-2025-strategizing.codebook",
        &[],
    )
    .map(|t| t.matches("(continued)").count());
    assert!(continued[0] > 0, "no label repeated after a page break");
    assert_eq!(continued[0], continued[1], "lualatex and pdflatex differ");
}

/// `--standalone --table NAME` numbers the table as the document of all tables does, which
/// is the paper's number when the codebook holds the paper's tables in order: the reference
/// study's Table 4 is "Table 4", Bolme et al.'s Table 2 "Table 2"; the first table needs no
/// counter set.
#[test]
fn a_standalone_table_keeps_its_number_among_all_tables() {
    for (codebook, table, number) in [
        ("schemas/schmidt-2025-strategizing.codebook", "actors", 1),
        ("schemas/schmidt-2025-strategizing.codebook", "practices", 4),
        (
            "schemas/schmidt-2025-strategizing.codebook",
            "phase_matrix",
            5,
        ),
        ("schemas/bolme-2021-task-shifting.codebook", "analysis", 2),
    ] {
        let text = common::pdf_text(codebook, table);
        let caption = format!("Table {number}:");
        assert!(
            text.contains(&caption),
            "{codebook} --table {table}: no `{caption}` in {text}"
        );
    }
}

/// A heading row never ends a page. The reference study's codebook appendix opens its second
/// structure with a row of the structure's caption, a rule under it: the page broke under
/// that rule, leaving the caption alone at the foot of page 2 and its codes on page 3. The
/// caption now stands on the page of the row under it.
#[test]
fn a_heading_row_stays_with_the_row_under_it() {
    let text = common::pdf_text("schemas/schmidt-2025-strategizing.codebook", "codebook");
    let pages: Vec<String> = text.split('\u{c}').map(common::letters).collect();
    assert!(pages.len() > 2, "the appendix runs over pages: {text}");
    let page_of = |s: &str| {
        let s = common::letters(s);
        pages.iter().position(|p| p.contains(&s))
    };
    let caption = page_of("Data structure—Practices in inter-organizational strategizing");
    let under = page_of("The result of strategy work that either");
    assert!(caption.is_some(), "the caption row is printed: {text}");
    assert_eq!(
        caption, under,
        "the caption row is on the page of the row under it: {text}"
    );
}

/// The words of a PDF with their boxes (`pdftotext -bbox`): (word, top), in content order.
fn word_tops(pdf: &Path) -> Vec<(String, f64)> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    html.split("<word ")
        .skip(1)
        .filter_map(|w| {
            let top = w.split("yMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = w.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, top))
        })
        .collect()
}

/// Paragraphs of running text in one cell are set apart: in Savage et al.'s table a theme's
/// label and the quote under it (`quote place: under labels`) are a little further apart
/// than two lines of the quote, so the eye sees where the label ends.
#[test]
fn paragraphs_in_a_cell_are_set_apart() {
    require("pdflatex");
    let dir = temp_dir("paragraph-gap");
    let tex = dir.join("t.tex");
    let out = common::codebook(&[
        "build",
        "schemas/savage-2018-physician-leaders.codebook",
        "--to",
        "latex",
        "--standalone",
        "--table",
        "qualities",
        "-o",
        tex.to_str().expect("a UTF-8 path"),
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::latex_twice("pdflatex", &dir, std::ffi::OsStr::new("t.tex"));
    let words = word_tops(&dir.join("t.pdf"));
    let top = |w: &str| {
        words
            .iter()
            .find(|(word, _)| word == w)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("`{w}` is not in the PDF: {words:?}"))
    };
    // "I. Clarity of purpose: improve care." / "I show such a passion for the patient." /
    // "This is patient first, not just words. I": the label, then two lines of its quote.
    let (label, first, second) = (top("Clarity"), top("passion"), top("just"));
    let line = second - first;
    assert!(line > 8.0, "two lines of the quote: {first} {second}");
    assert!(
        first - label >= line + 2.0,
        "the quote is set apart from the label: label at {label}, the quote's lines at {first} and {second}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A count of coded segments printed after the label (`column: coded after label "[…]"`)
/// stands in the label's cell, right after the label, brackets and all, as pdflatex sets it
/// and pdftotext reads it back, each code's count after its own label, beside its quote
/// (the quote column first, as the table prints it).
#[test]
fn coded_counts_typeset_after_their_labels() {
    let fixture = "tests/fixtures/latex/coded_after_label.codebook";
    let text = common::pdf_text(fixture, "reminders");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Texts as reminders [62 quotations]"),
        "{flat}"
    );
    let lines: Vec<String> = [
        "Texts as reminders 62 quotations",
        "It reminds me to check my sugar",
        "Checking blood sugar 40 quotations",
        "I take my pills when it texts me",
        "Taking pills 22 quotations",
    ]
    .iter()
    .map(|l| common::letters(l))
    .collect();
    common::in_order("reminders", &common::letters(&text), &lines);
    let friend = common::pdf_text(fixture, "friend");
    let flat = friend.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Someone is there (n = 15)"), "{flat}");
    assert!(flat.contains("Checking on me (n = 9)"), "{flat}");
}

/// The codebook of quotes and labels in seven scripts (`tests/fixtures/unicode/`).
const SCRIPTS: &str = "tests/fixtures/unicode/scripts.codebook";

/// Lines of a LuaLaTeX log that say a font has no glyph for a character.
fn missing_characters(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("Missing character"))
        .collect()
}

/// Text as `pdftotext` gives it back, comparable with the codebook's: compatibility forms
/// (Arabic's joining forms) composed (NFKC), bidirectional marks and every blank left out
/// (a CJK line may break between any two characters).
fn comparable(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')
        })
        .collect()
}

/// `--engine lualatex`: quotes and labels in Cyrillic, Greek, Chinese, Japanese, Korean,
/// Arabic and Hebrew compile with LuaLaTeX, no character missing from its font (the log has
/// no "Missing character" line), and `pdftotext` gives every quote back in the table's order.
/// The output is the same, byte for byte, on every run, and its preamble loads the fonts of
/// the scripts used: a Latin-only codebook loads none.
#[test]
fn lualatex_typesets_every_script_of_the_codebook() {
    require("lualatex");
    require("pdftotext");
    let dir = temp_dir("scripts");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(SCRIPTS);
    let path = path.to_str().expect("a UTF-8 path");
    let build = |out: &str| {
        let o = cli(
            &[
                "build",
                path,
                "--to",
                "latex",
                "--engine",
                "lualatex",
                "--standalone",
                "-o",
                out,
            ],
            &dir,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(dir.join(out)).expect("the document is written")
    };
    let tex = build("s.tex");
    assert_eq!(
        tex,
        build("again.tex"),
        "the same input gives the same output"
    );
    for line in [
        "\\usepackage{fontspec}",
        "\\setmainfont{DejaVu Serif}",
        "\\newfontfamily\\codebookarabicfont{DejaVu Sans}[Script=Arabic",
        "\\newfontfamily\\codebookhebrewfont{DejaVu Sans}[Script=Hebrew",
        "\\newfontfamily\\codebookcjkfont{WenQuanYi Micro Hei}",
    ] {
        assert!(tex.contains(line), "no `{line}` in the preamble:\n{tex}");
    }
    assert!(
        !tex.contains("inputenc") && !tex.contains("fontenc"),
        "{tex}"
    );
    common::latex_twice("lualatex", &dir, std::ffi::OsStr::new("s.tex"));
    let log = std::fs::read_to_string(dir.join("s.log")).expect("the log is written");
    assert_eq!(
        missing_characters(&log),
        Vec::<&str>::new(),
        "characters missing"
    );
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "s.pdf", "-"])
        .current_dir(&dir)
        .output()
        .expect("pdftotext runs");
    let text = comparable(&String::from_utf8_lossy(&text.stdout));
    let mut from = 0;
    for quote in [
        "Исследование: voices in seven scripts",
        "Γιώργος Παπαδόπουλος",
        "Data structure — «голоса» участников",
        "Мы встречаемся каждое утро, «чтобы всё обсудить».",
        "Συναντιόμαστε κάθε πρωί στο γραφείο.",
        "我们每天早上开会，然后一起吃饭。",
        "毎朝ミーティングがあります。",
        "우리는 매일 아침 회의를 합니다.",
        "نحن نجتمع كل صباح في المكتب",
        "אנחנו נפגשים כל בוקר במשרד",
        "أصوات من الشرق الأوسط",
    ] {
        let want = comparable(quote);
        let at = text
            .get(from..)
            .and_then(|t| t.find(&want))
            .unwrap_or_else(|| panic!("`{quote}` is not in the PDF after byte {from}: {text}"));
        from += at + want.len();
    }
    let _ = std::fs::remove_dir_all(&dir);
    // A codebook in Latin script only loads the main font, no font of another script.
    let latin = root.join("tests/fixtures/latex/house_style.codebook");
    let o = cli(
        &[
            "build",
            latin.to_str().expect("a UTF-8 path"),
            "--to",
            "latex",
            "--engine",
            "lualatex",
        ],
        root,
    );
    let fragment = String::from_utf8_lossy(&o.stdout);
    assert!(
        fragment.contains(
            "%   \\usepackage{fontspec}\n%   \\setmainfont{DejaVu Serif}\n%   \\usepackage{array}"
        ),
        "{fragment}"
    );
    assert!(!fragment.contains("newfontfamily"), "{fragment}");
}

/// Every character the Unicode mode lets through, and every one pdflatex's mode does, in
/// upright, italic and bold text, has a glyph in the font LuaLaTeX sets it in: with every
/// script's font loaded, and with the main font only (a codebook in Latin script).
#[test]
fn lualatex_has_a_glyph_for_every_character_it_lets_through() {
    require("lualatex");
    let dir = temp_dir("unicode-characters");
    let spaced = |chars: &mut dyn Iterator<Item = char>| -> String {
        chars.map(String::from).collect::<Vec<_>>().join(" ")
    };
    let scripts = spaced(&mut latex::unicode::characters().chain(latex::typesettable_characters()));
    let latin = spaced(&mut latex::typesettable_characters());
    for (name, text, fonts) in [
        ("latin", &latin, vec!["\\setmainfont{DejaVu Serif}"]),
        ("scripts", &scripts, latex::unicode::every_font_line()),
    ] {
        let mut bad = Vec::new();
        let escaped = latex::escape_for(text, false, latex::Engine::Lualatex, &mut bad);
        assert!(bad.is_empty(), "{bad:?}");
        let mut doc = String::from("\\documentclass{article}\n\\usepackage{fontspec}\n");
        for line in fonts {
            doc.push_str(line);
            doc.push('\n');
        }
        doc.push_str("\\begin{document}\n\\sloppy\n");
        for style in ["", "\\itshape", "\\bfseries", "\\bfseries\\itshape"] {
            doc.push_str(&format!("{{{style} X{escaped}X}}\\par\n"));
        }
        doc.push_str("\\end{document}\n");
        let tex = format!("{name}.tex");
        std::fs::write(dir.join(&tex), doc).expect("write the document");
        common::latex_twice("lualatex", &dir, std::ffi::OsStr::new(&tex));
        let log = std::fs::read_to_string(dir.join(format!("{name}.log"))).expect("a log");
        let missing = missing_characters(&log);
        assert!(
            missing.is_empty(),
            "{name}: {} missing, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(20)]
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// pdflatex cannot typeset the seven scripts: each text is an `untypesettable_character`
/// error whose help names `--engine lualatex`; with LuaLaTeX an emoji is still an error, and
/// the help says that no font of that mode has it.
#[test]
fn pdflatex_names_the_unicode_mode_and_lualatex_refuses_emoji() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = cli(
        &[
            "build",
            SCRIPTS,
            "--to",
            "latex",
            "--table",
            "voices-compact",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    insta::assert_snapshot!("scripts_with_pdflatex", String::from_utf8_lossy(&o.stderr));
    let dir = temp_dir("emoji-lualatex");
    std::fs::write(dir.join("emoji.codebook"), EMOJI).expect("write the codebook");
    let o = cli(
        &[
            "build",
            "emoji.codebook",
            "--to",
            "latex",
            "--engine",
            "lualatex",
            "-o",
            "out.tex",
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.join("out.tex").exists(), "nothing is written");
    insta::assert_snapshot!("emoji_with_lualatex", String::from_utf8_lossy(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `table number: 5` sets the number its table prints, and the tables after it count on from
/// it (its `-compact` table is Table 6); `table number codebook: 9` numbers the appendix; with
/// `--table`, a table keeps the number it has among all. A quote's own `full stop: inside`
/// keeps its full stop inside the marks where the study moves the others' outside, and
/// `level heading:` heads the subtheme column "Themes". Compiled with pdflatex, read back with
/// pdftotext.
#[test]
fn tables_print_the_numbers_the_file_gives_them() {
    let file = "tests/fixtures/valid/table_number_and_own_headings.codebook";
    let dir = temp_dir("table-numbers");
    let text = all_tables_text(file, &dir);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in the PDF text:\n{text}"))
    };
    assert!(at("Table 5: Themes and subthemes") < at("Table 6: Themes and subthemes"));
    assert!(at("Table 6: Themes and subthemes") < at("Table 9"));
    assert!(!text.contains("Table 1:"), "{text}");
    assert!(text.contains("Codes here Themes"), "{text}");
    assert!(text.contains("health.”"), "{text}");
    assert!(text.contains("restrictive”."), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
    let compact = common::pdf_text(file, "one-compact");
    assert!(
        compact.contains("Table 6: Themes and subthemes"),
        "{compact}"
    );
}

/// The words of a PDF with their pages and tops (`pdftotext -bbox`), in content order.
fn words_on_pages(pdf: &Path) -> Vec<(usize, String, f64)> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut words = Vec::new();
    for (page, text) in html.split("<page ").skip(1).enumerate() {
        for w in text.split("<word ").skip(1) {
            let top = w.split("yMin=\"").nth(1).and_then(|t| t.split('"').next());
            let word = w.split('>').nth(1).and_then(|t| t.split('<').next());
            if let (Some(Ok(top)), Some(word)) = (top.map(str::parse::<f64>), word) {
                words.push((page, word.to_string(), top));
            }
        }
    }
    words
}

/// A row across the table (a theme's row, `highest level: rows`, or the row a page repeats
/// above the rows it continues, "(continued)") is set apart from the row under it, as a row
/// of a new group is from the one above it; and the cells of a row start on one line. In
/// Jenkelowitz et al.'s Table 1 the theme's row stood right on the row under it, so that it
/// read as the first line of that row's first cell, which then seemed to start a line above
/// the row's other cells. Each table of the fixture: the data structure, the same codes in
/// one column of labels, the codebook appendix; each long enough for a page to break in it.
#[test]
fn rows_across_are_set_apart_and_cells_of_a_row_start_on_one_line() {
    require("pdflatex");
    for table in ["codes", "one", "codebook"] {
        let dir = temp_dir(&format!("rows-across-{table}"));
        let tex = dir.join("t.tex");
        let out = common::codebook(&[
            "build",
            "tests/fixtures/latex/rows_across.codebook",
            "--to",
            "latex",
            "--standalone",
            "--table",
            table,
            "-o",
            tex.to_str().expect("a UTF-8 path"),
        ]);
        assert!(out.status.success(), "{}", common::stderr(&out));
        common::latex_twice("pdflatex", &dir, std::ffi::OsStr::new("t.tex"));
        let words = words_on_pages(&dir.join("t.pdf"));
        let find = |w: &str| {
            words
                .iter()
                .find(|(_, word, _)| word == w)
                .unwrap_or_else(|| panic!("{table}: `{w}` is not in the PDF: {words:?}"))
        };
        // The tops of the lines of a page, and the words on each.
        let line_above = |page: usize, top: f64| {
            let above = words
                .iter()
                .filter(|(p, _, t)| *p == page && *t < top - 0.5)
                .map(|(_, _, t)| *t)
                .fold(f64::NEG_INFINITY, f64::max);
            let on: Vec<&str> = words
                .iter()
                .filter(|(p, _, t)| *p == page && (*t - above).abs() < 0.5)
                .map(|(_, w, _)| w.as_str())
                .collect();
            (above, on)
        };
        // The distance between two lines of one cell: the wrapped label of the first
        // subtheme, its words in content order.
        let at = words
            .iter()
            .position(|(_, w, _)| w == "SubAlpha0")
            .unwrap_or_else(|| panic!("{table}: no SubAlpha0: {words:?}"));
        let first = words[at].2;
        let line = words[at..]
            .iter()
            .map(|(_, _, t)| t - first)
            .find(|d| *d > 0.5)
            .unwrap_or_default();
        assert!(
            (8.0..16.0).contains(&line),
            "{table}: two lines of a label: {line}"
        );
        let mut checked = 0;
        for (ti, g) in ["Alpha", "Beta", "Gamma"].iter().enumerate() {
            for s in 0..3 {
                for c in 0..5 {
                    // Its label, and its count of codings in its own cell.
                    let (page, _, top) = find(&format!("Code{g}{s}{c}"));
                    let n = 101 + ti * 15 + s * 5 + c;
                    let (np, _, ntop) = find(&n.to_string());
                    assert!(
                        np == page && (ntop - top).abs() < 0.5,
                        "{table}: the code Code{g}{s}{c} at {top} on page {page}, its count {n} at {ntop} on page {np}"
                    );
                    if table == "codes" && c == 0 {
                        let (sp, _, stop) = find(&format!("Sub{g}{s}"));
                        assert!(
                            *sp == *page && (stop - top).abs() < 0.5,
                            "{table}: the subtheme Sub{g}{s} at {stop}, its first code at {top}"
                        );
                    }
                }
            }
        }
        // Every row's first line under a row across (or under what a page repeats above it).
        for (i, (page, word, top)) in words.iter().enumerate() {
            // A label a page repeats, "(continued)" after its words, starts no row.
            let label = |w: &str| w.starts_with("Code") || w.starts_with("Sub");
            let repeated = words[i + 1..]
                .iter()
                .take_while(|(_, w, _)| !label(w) && !w.ends_with("theme:"))
                .any(|(_, w, _)| w == "(continued)");
            if !label(word) || repeated {
                continue;
            }
            let (above, on) = line_above(*page, *top);
            let across = on
                .iter()
                .any(|w| w.ends_with("theme:") || *w == "(continued)");
            if across {
                checked += 1;
                assert!(
                    top - above >= line + 2.0,
                    "{table}: `{word}` at {top} on page {page} stands right under the row {on:?} at {above} (a line is {line})"
                );
            }
        }
        assert!(checked >= 3, "{table}: rows under rows across: {checked}");
        assert!(
            words.iter().any(|(_, w, _)| w == "(continued)"),
            "{table}: a page repeats a row above the rows it continues"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// `table number: "A1"` (and `table number codebook: "S2"`) print "Table A1" and "Table S2",
/// and leave the count of the tables around them as it is: the first structure is Table 1,
/// the `-compact` tables after the appendix's are Tables 2 and 3, in the document of all
/// tables and with `--table` alike. Compiled with pdflatex, read back with pdftotext.
#[test]
fn a_table_numbered_by_a_text_leaves_the_count_of_the_others() {
    let file = "tests/fixtures/valid/appendix_table_numbers.codebook";
    let dir = temp_dir("text-table-numbers");
    let text = all_tables_text(file, &dir);
    let captions: Vec<&str> = text.lines().filter(|l| l.starts_with("Table ")).collect();
    assert_eq!(
        captions,
        [
            "Table 1: Themes of the findings",
            "Table A1: Themes of the appendix",
            "Table 2: Themes of the findings (without quotes)",
            "Table 3: Themes of the appendix (without quotes)",
            "Table S2: Codebook",
        ],
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let one = common::pdf_text(file, "appendix");
    assert!(one.contains("Table A1: Themes of the appendix"), "{one}");
    let compact = common::pdf_text(file, "appendix-compact");
    assert!(
        compact.contains("Table 3: Themes of the appendix (without quotes)"),
        "{compact}"
    );
}

/// The text of every table of `file` (a path from the crate root), built as one standalone
/// document in `dir`, compiled twice with pdflatex and read back with `pdftotext -raw`.
fn all_tables_text(file: &str, dir: &Path) -> String {
    let tex = dir.join("all.tex");
    let out = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(["build", file, "--to", "latex", "--standalone", "-o"])
        .arg(&tex)
        .current_dir(common::root())
        .output()
        .expect("codebook runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::latex_twice("pdflatex", dir, tex.file_name().expect("name"));
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(dir.join("all.pdf"))
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    String::from_utf8_lossy(&text.stdout).into_owned()
}
