//! `codebook fmt`: the formatter proves itself on every shipped codebook, and the command line
//! is run as a process.

mod common;
use common::{codebook, codebooks_in, root, succeeds, temp_dir};

use codebook::{compile, emit, format::format, syntax};
use std::path::Path;

fn formatted(source: &str, what: &str) -> String {
    match format(source) {
        Ok(t) => t,
        Err(d) => panic!("{what}: cannot format: {d:?}"),
    }
}

/// Comment texts (trailing spaces dropped), sorted: the formatter may move a comment with its
/// statement, never drop or copy one.
fn comments(source: &str, what: &str) -> Vec<String> {
    let doc = match syntax::parse(source) {
        Ok(d) => d,
        Err(d) => panic!("{what}: does not parse: {d:?}"),
    };
    let mut out: Vec<String> = doc
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect();
    out.sort();
    out
}

/// Everything the formatter must keep: the model (as JSON, which has no spans), the
/// diagnostics (their codes and messages), the comments; and formatting is idempotent.
fn assert_round_trip(source: &str, what: &str) {
    let out = formatted(source, what);
    let before = compile(source);
    let after = compile(&out);
    assert_eq!(
        before.diagnostics.len(),
        after.diagnostics.len(),
        "{what}: diagnostics differ after formatting:\n{out}"
    );
    let messages = |o: &codebook::Outcome| {
        let mut m: Vec<String> = o
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        m.sort();
        m
    };
    assert_eq!(messages(&before), messages(&after), "{what}:\n{out}");
    match (&before.compiled, &after.compiled) {
        (Some(a), Some(b)) => assert_eq!(
            emit::json::to_value(a),
            emit::json::to_value(b),
            "{what}: the model changed:\n{out}"
        ),
        (None, None) => {}
        (a, b) => panic!(
            "{what}: compiled before: {}, after: {}",
            a.is_some(),
            b.is_some()
        ),
    }
    assert_eq!(
        comments(source, what),
        comments(&out, what),
        "{what}: comments differ:\n{out}"
    );
    let twice = formatted(&out, what);
    assert_eq!(out, twice, "{what}: formatting is not idempotent");
}

#[test]
fn schemas_and_valid_fixtures_keep_their_meaning() {
    let mut files = codebooks_in("schemas");
    assert!(!files.is_empty());
    files.extend(codebooks_in("tests/fixtures/valid"));
    // An overall heading and the study's house style.
    files.push(common::root().join("tests/fixtures/latex/house_style.codebook"));
    // `level columns: one` and a level skipped.
    files.push(common::root().join("tests/fixtures/latex/one_column.codebook"));
    // `level columns: one from cluster`.
    files.push(common::root().join("tests/fixtures/latex/mixed_columns.codebook"));
    for path in files {
        let source = std::fs::read_to_string(&path).expect("readable");
        assert_round_trip(&source, &path.display().to_string());
        // Windows line ends and tab indentation read the same, and format the same (a
        // Windows file keeps its line ends).
        let crlf = source.replace('\n', "\r\n");
        assert_round_trip(&crlf, &format!("{} (CRLF)", path.display()));
        assert_eq!(
            formatted(&crlf, "CRLF"),
            formatted(&source, "LF").replace('\n', "\r\n")
        );
        let tabs = source.replace("  ", "\t");
        assert_round_trip(&tabs, &format!("{} (tabs)", path.display()));
    }
}

#[test]
fn invalid_fixtures_keep_their_diagnostics() {
    // Formatting works on the syntax tree, so files that do not check are formatted too, and
    // must draw the same diagnostics afterwards.
    let mut n = 0;
    for path in codebooks_in("tests/fixtures/invalid") {
        let source = std::fs::read_to_string(&path).expect("readable");
        if syntax::parse(&source).is_err() {
            assert!(format(&source).is_err());
            continue;
        }
        n += 1;
        assert_round_trip(&source, &path.display().to_string());
    }
    assert!(n > 10);
}

/// The shipped examples are in the canonical layout, so `codebook fmt --check schemas/*.codebook`
/// (the README's CI snippet) passes on them.
#[test]
fn shipped_schemas_are_in_canonical_layout() {
    let schemas = codebooks_in("schemas");
    assert!(schemas.len() >= 5);
    for path in schemas {
        let source = std::fs::read_to_string(&path).expect("readable schema");
        let what = path.display().to_string();
        assert!(
            formatted(&source, &what) == source,
            "{what} is not formatted: run `codebook fmt {what}`"
        );
    }
}

#[test]
fn schemas_formatted() {
    insta::glob!("../schemas", "*.codebook", |path| {
        let source = std::fs::read_to_string(path).expect("readable");
        insta::assert_snapshot!(formatted(&source, &path.display().to_string()));
    });
}

/// A file that exercises every place a comment can stand, odd spacing, every kind of text,
/// and properties out of order.
const MESSY: &str = "\u{FEFF}# header one\n# header two\r\n\r\n\r\n\
study   \"S\"{   # after the brace\n\
  doi: \"10.1/x\"   \n\
  year: 2020 # the year\n\
\n\
\n\
  authors: \"A\", # first author\n\
     # between authors\n\
     \"B\"\n\
  # end of study\n\
}   # after study\n\
levels concept \"First\" -> # lowest\n\
  theme → dimension\n\
structure s \"Captions with \\\"quotes\\\" and a back\\\\slash\" { label: \"tab:s\"\n\
  dimension d \"D\" {\n\
    # about t1\n\
    theme t1 \"T1\" {\n\
      concept c1 \"C1\" { colour: \"#112233\"\n\
        definition: \"one\n\n\n          two\"\n\
        quote \"\"\"He said \"no\" \"\"\" { by: \"x\", 2017 }\n\
        effect: enables # an attribute, after a node\n\
      }\n\
      concept c2 \"C2\" {\n\
      }\n\
    }\n\
    theme t2 \"T2\" { concept c3 \"C3\" {}\n\
      concept c4 \"C4\" # four\n\
      # end of t2\n\
    }\n\
  }\n\
}\n\
quote \"a  b\\tc\u{a0} d — \\\\ e\" {\n\
  supports: c2\n\
  by: \"y\"\n\
}\n\
quote \"\"\"tricky \"\" and \" at the end\"\"\" {\n\
  supports: c3, c4\n\
  from: \"minutes\", 2017-02-09\n\
}\n\
quote \"c1\" { supports: c1\n by: \"z\" }\n\
# the end\n\
\n\
   # really\n";

#[test]
fn a_messy_file_keeps_everything() {
    assert_round_trip(MESSY, "MESSY");
    let out = formatted(MESSY, "MESSY");
    insta::assert_snapshot!(out);
}

#[test]
fn odd_cases_round_trip() {
    let cases = [
        "",
        "# only a comment",
        "\n\n# comment after blank lines\n\n\n",
        "study \"S\" {\n  levels a -> b # levels in a block\n}\n",
        "study \"S\" {\n  authors: \"one\n\n  two\", # first\n    \"three\"\n}\n",
        "phase p \"P\" 2012 .. 2013, # two ranges\n  2014\n",
        "quote \"\"\"\"\" \"\"\" {\n  by: \"\"\"x \"\" \"\"\"\n}\n",
        "turning   point tp \"T\" 2016 # spaced kind\n",
        "group g { # brace comment\n}\n",
        "group g {\n\n  # only an end comment\n\n}\n",
        "group g {}\nmap a -> b\nmap c → d\n\n\nmap e -> f\n",
        "matrix m \"M\" {\n  row r {\n    p1 g: \"a\", # first\n          \"b\"\n\n    p2 long_group: x\n  }\n}\n",
        "concept c1 Transparency # unquoted label\n",
        "quote \"x\" {\n  representative: yes\n  date: 2017\n  actor: a\n  phase: p\n  supports: c\n  source: s\n  from: \"m\"\n  by: \"w\"\n}\n",
        "interview i \"I\" {\n  duration: 1 h\n  dates: 2017, 2018\n  pages: 3\n  round: r\n  actor: a\n  kind: \"k\"\n  role: \"r\"\n  count: 2\n  year: 2019\n}\n",
        "concept c \"C\" {\n  color: \"#000000\"\n  zeta: z\n  colour: \"#FFFFFF\"\n  alpha: a\n  definition: \"d\"\n}\n",
        // A blank line inside a text, before a word in small letters: `fmt` writes it `\n\n`,
        // which `suspicious_escape` must read as the paragraph break it is.
        "phase p \"P\" {\n  description: \"Reflection on the panel and focus\n\n      groups\\nReflection on the process\"\n}\n",
    ];
    for (k, case) in cases.iter().enumerate() {
        assert_round_trip(case, &format!("case {k}: {case:?}"));
    }
}

/// A text with `\n` in it that does not fit on its line is wrapped so that each `\n` ends a
/// source line, as the printed line ends there (trial finding: fmt broke the line before the
/// word the `\n` stood in, leaving it mid-line or at a line's start); a line break in the
/// source right after `\n` reads as nothing, so the text is the same. A text that fits stays
/// on one line.
#[test]
fn a_wrapped_text_ends_its_source_lines_at_its_line_breaks() {
    let dialogue = "quote \"Patient: my report used words that nobody had explained to me before the \
                    visit.\\nDoctor: we went through it together.\\nPatient: thank you.\" {\n  by: \"P1\"\n}\n";
    let out = formatted(dialogue, "dialogue");
    assert_eq!(
        out,
        "quote \"Patient: my report used words that nobody had explained to me before the visit.\\n\n       \
         Doctor: we went through it together.\\n\n       Patient: thank you.\" {\n  by: \"P1\"\n}\n"
    );
    let description = "phase p \"P\" {\n  description: \"Identify and prioritise core clinical concepts to \
                       include for feedback in focus groups\\nRecommend draft language for \
                       patient-centred pathology reports\"\n}\n";
    let out = formatted(description, "description");
    for line in out.lines() {
        assert!(
            !line.contains("\\n") || line.ends_with("\\n"),
            "a `\\n` inside a line:\n{out}"
        );
        assert!(!line.trim_start().starts_with("\\n"), "{out}");
    }
    assert!(out.contains(" groups\\n\n"), "{out}");
    let short = "phase p \"P\" {\n  description: \"Patient: hi\\nDoctor: hello\"\n}\n";
    assert_eq!(formatted(short, "short"), short);
    let long = "x ".repeat(50);
    for case in [
        dialogue.to_string(),
        description.to_string(),
        // A `\n` before white space, a run of them, a backslash and an `n`, and a line break
        // read as meant only after an escape, each in a text long enough to wrap.
        format!("phase p \"P\" {{\n  description: \"{long}one\\n two\\n\\n\\nthree {long}\"\n}}\n"),
        format!("phase p \"P\" {{\n  description: \"{long}C:\\\\new {long}a\\n\"\n}}\n"),
        // `\n` before a small letter outside a quote is a warning, on one line or wrapped.
        format!("phase p \"P\" {{\n  description: \"{long}groups\\nrecommend {long}\"\n}}\n"),
        "phase p \"P\" {\n  description: \"groups\\n\n      recommend\"\n}\n".to_string(),
    ] {
        assert_round_trip(&case, &format!("{case:?}"));
    }
}

/// A deterministic generator of awkward texts, to check that every text keeps its value
/// whatever the column it starts at.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn every_text_keeps_its_value() {
    let pieces = [
        "word",
        "longerword",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\"",
        "\"\"",
        "\"\"\"",
        "\\",
        "\n",
        "\n\n",
        "\u{a0}",
        "—",
        "é",
        "#",
        "{",
        "}",
        ",",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..400 {
        let n = 1 + (rng.next() % 60) as usize;
        let raw: String = (0..n).map(|_| rng.pick(&pieces)).collect();
        let escaped = raw.replace('\\', "\\\\").replace('"', "\\\"");
        let depth = (rng.next() % 6) as usize;
        let key = "k".repeat(1 + (rng.next() % 30) as usize);
        let mut source = String::new();
        for level in 0..depth {
            source.push_str(&format!("{}x{level} {{\n", "  ".repeat(level)));
        }
        source.push_str(&format!(
            "{}{key}: \"{escaped}\", 2017\n",
            "  ".repeat(depth)
        ));
        source.push_str(&format!("{}quote \"{escaped}\" {{}}\n", "  ".repeat(depth)));
        for level in (0..depth).rev() {
            source.push_str(&format!("{}}}\n", "  ".repeat(level)));
        }
        let what = format!("case {case}: {raw:?}");
        let values = |s: &str| -> Vec<String> {
            fn walk(stmts: &[syntax::ast::Statement], out: &mut Vec<String>) {
                for st in stmts {
                    match st {
                        syntax::ast::Statement::Property(p) => {
                            for v in &p.values {
                                for a in &v.atoms {
                                    if let syntax::ast::Atom::Str(s) = a {
                                        out.push(s.value.clone());
                                    }
                                }
                            }
                        }
                        syntax::ast::Statement::Node(n) => {
                            if let Some(l) = &n.label {
                                out.push(l.value.clone());
                            }
                            walk(n.children(), out);
                        }
                        _ => {}
                    }
                }
            }
            let doc = match syntax::parse(s) {
                Ok(d) => d,
                Err(d) => panic!("{what}: {d:?}\n{s}"),
            };
            let mut out = Vec::new();
            walk(&doc.statements, &mut out);
            out
        };
        let out = formatted(&source, &what);
        assert_eq!(values(&source), values(&out), "{what}:\n{out}");
        assert_eq!(out, formatted(&out, &what), "{what}: not idempotent");
    }
}

#[test]
fn comments_anywhere_survive() {
    // A comment may end any line and stand on a line of its own between any two lines; inside
    // a multi-line text it is text, on both sides of the comparison.
    let mut files = codebooks_in("schemas");
    files.extend(codebooks_in("tests/fixtures/valid"));
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for path in files {
        let source = std::fs::read_to_string(&path).expect("readable");
        for round in 0..4 {
            let mut out = String::new();
            for (i, line) in source.lines().enumerate() {
                if rng.next().is_multiple_of(6) {
                    let indent = " ".repeat((rng.next() % 9) as usize);
                    out.push_str(&format!("{indent}# own {i}\n"));
                    if rng.next().is_multiple_of(4) {
                        out.push('\n');
                    }
                }
                out.push_str(line);
                if rng.next().is_multiple_of(4) {
                    out.push_str(&format!(" # end {i}"));
                }
                out.push('\n');
            }
            let what = format!("{} with comments, round {round}", path.display());
            assert_round_trip(&out, &what);
        }
    }
}

// ----- the command line ---------------------------------------------------------------------

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn cli_check_passes_formatted_and_fails_unformatted() {
    let dir = temp_dir("check");
    let source = std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("read");
    let good = dir.join("good.codebook");
    let bad = dir.join("bad.codebook");
    std::fs::write(&good, formatted(&source, "tutorial")).expect("write");
    std::fs::write(&bad, MESSY).expect("write");

    let o = succeeds("", &["fmt", "--check", path_str(&good)]);
    assert!(o.stdout.is_empty());

    let o = codebook(&["fmt", "--check", path_str(&good), path_str(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("bad.codebook") && !out.contains("good.codebook"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&bad).expect("read"),
        MESSY,
        "--check writes nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = temp_dir("diff");
    let bad = dir.join("bad.codebook");
    let source = "study \"S\" { year: 2020 }\n";
    std::fs::write(&bad, source).expect("write");
    let o = succeeds("", &["fmt", "--diff", path_str(&bad)]);
    let out = text(&o.stdout);
    assert!(
        out.contains("--- ") && out.contains("+++ ") && out.contains("@@"),
        "{out}"
    );
    assert!(
        out.contains("-study \"S\" { year: 2020 }") && out.contains("+  year: 2020"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), source);
    let o = codebook(&["fmt", "--diff", "--check", path_str(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_formats_in_place_only_what_changes() {
    let dir = temp_dir("write");
    let bad = dir.join("bad.codebook");
    let good = dir.join("good.codebook");
    std::fs::write(&bad, MESSY).expect("write");
    let good_text = formatted(MESSY, "MESSY");
    std::fs::write(&good, &good_text).expect("write");
    let before = std::fs::metadata(&good)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));

    succeeds("", &["fmt", path_str(&bad), path_str(&good)]);
    assert_eq!(std::fs::read_to_string(&bad).expect("read"), good_text);
    let after = std::fs::metadata(&good)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "an unchanged file is not rewritten");
    let o = codebook(&["fmt", "--check", path_str(&bad)]);
    assert_eq!(o.status.code(), Some(0));
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_leaves_a_file_with_syntax_errors_untouched() {
    let dir = temp_dir("syntax");
    let broken = dir.join("broken.codebook");
    let bytes =
        std::fs::read(root().join("tests/fixtures/invalid/syntax_error__unclosed_block.codebook"))
            .expect("fixture");
    std::fs::write(&broken, &bytes).expect("write");
    for args in [vec!["fmt"], vec!["fmt", "--check"], vec!["fmt", "--diff"]] {
        let mut args = args.clone();
        args.push(path_str(&broken));
        let o = codebook(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            text(&o.stderr).contains("codebook::syntax_error"),
            "{}",
            text(&o.stderr)
        );
        assert_eq!(
            std::fs::read(&broken).expect("read"),
            bytes,
            "left byte-identical"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_io_errors_exit_2() {
    let o = codebook(&["fmt", "no/such/file.codebook"]);
    assert_eq!(o.status.code(), Some(2));
    let o = codebook(&["fmt", "--check", "schemas"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(codebook(&["fmt"]).status.code(), Some(2));
}

/// A file saved with Windows line breaks (`\r\n`) keeps them: `fmt` writes `\r\n` and
/// `fmt --check` agrees; a file with `\n` keeps `\n`.
#[test]
fn cli_keeps_crlf_files_crlf_and_lf_files_lf() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let only_crlf = |s: &str| !s.replace("\r\n", "").contains(['\r', '\n']);
    // The shipped examples, in the canonical layout, saved with CRLF: nothing to do.
    for path in codebooks_in("schemas") {
        let lf = std::fs::read_to_string(&path).expect("read");
        let windows = crlf(&lf);
        let out = formatted(&windows, &path.display().to_string());
        assert_eq!(out, windows, "{}", path.display());
        let (a, b) = (compile(&lf), compile(&out));
        let (Some(a), Some(b)) = (a.compiled, b.compiled) else {
            panic!("{}: does not compile", path.display());
        };
        assert_eq!(emit::json::to_value(&a), emit::json::to_value(&b));
    }
    let dir = temp_dir("crlf");
    let canonical =
        std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("read");
    let windows = dir.join("windows.codebook");
    std::fs::write(&windows, crlf(&canonical)).expect("write");
    succeeds(
        "a formatted CRLF file",
        &["fmt", "--check", path_str(&windows)],
    );

    // An unformatted CRLF file: --check and --diff see only the layout, fmt writes CRLF.
    let messy = dir.join("messy.codebook");
    std::fs::write(&messy, crlf(MESSY)).expect("write");
    let o = codebook(&["fmt", "--check", path_str(&messy)]);
    assert_eq!(o.status.code(), Some(1));
    let o = codebook(&["fmt", "--diff", path_str(&messy)]);
    let diff = text(&o.stdout);
    let changed = diff.lines().filter(|l| l.starts_with(['-', '+'])).count();
    let lf_diff = codebook::format::unified_diff("x", MESSY, &formatted(MESSY, "messy"));
    let lf_changed = lf_diff
        .lines()
        .filter(|l| l.starts_with(['-', '+']))
        .count();
    assert_eq!(changed, lf_changed, "only the layout changes:\n{diff}");
    succeeds("fmt", &["fmt", path_str(&messy)]);
    let written = std::fs::read_to_string(&messy).expect("read");
    assert!(only_crlf(&written), "{written:?}");
    assert_eq!(written, crlf(&formatted(MESSY, "messy")));
    succeeds("formatted", &["fmt", "--check", path_str(&messy)]);

    // An LF file stays LF.
    let unix = dir.join("unix.codebook");
    std::fs::write(&unix, MESSY).expect("write");
    succeeds("fmt", &["fmt", path_str(&unix)]);
    let written = std::fs::read_to_string(&unix).expect("read");
    assert!(!written.contains('\r'), "{written:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
