//! `codebook explain`: every diagnostic code is explained, and every example really draws its
//! code, so the explanations cannot fall out of date.

mod common;
use common::{codebook, stderr, succeeds, temp_dir};

use codebook::diagnostics::{DiagnosticCode, EXAMPLE_BASE, EXAMPLE_BASE_NOTE, Example, Severity};
use std::path::Path;

/// Codes whose example is described in words: the file as a whole is the problem (its bytes,
/// its size, its depth, or that it cannot be opened). tests/cli.rs draws each of them.
const DESCRIBED: [DiagnosticCode; 4] = [
    DiagnosticCode::InvalidUtf8,
    DiagnosticCode::TooDeep,
    DiagnosticCode::TooLarge,
    DiagnosticCode::UnreadableFile,
];

/// The codebook an example stands for, and whether `codebook check` is what draws its code.
fn example_text(code: DiagnosticCode) -> Option<(String, Example)> {
    let example = code.explanation().example;
    let text = match example {
        Example::After(after) | Example::Build { after, .. } => format!("{EXAMPLE_BASE}{after}"),
        Example::Whole(text) => text.to_string(),
        Example::Described(_) => return None,
    };
    Some((text, example))
}

#[test]
fn every_code_is_explained() {
    for &code in DiagnosticCode::ALL {
        let e = code.explanation();
        let name = code.name();
        assert!(e.means.len() > 20, "{name}: what it means");
        assert!(e.fix.len() > 10, "{name}: what to do");
        if let Example::Described(text) = e.example {
            assert!(
                DESCRIBED.contains(&code),
                "{name}: give an example codebook"
            );
            assert!(text.len() > 20, "{name}");
        }
    }
}

#[test]
fn every_example_draws_its_code_and_nothing_else() {
    for &code in DiagnosticCode::ALL {
        let name = code.name();
        let Some((text, example)) = example_text(code) else {
            continue;
        };
        let found: Vec<DiagnosticCode> = codebook::compile(&text)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect();
        if let Example::Build { .. } = example {
            assert!(
                found.is_empty(),
                "{name}: a build example checks clean: {found:?}"
            );
            continue;
        }
        assert!(
            found.contains(&code),
            "{name}: the example draws {found:?}\n{text}"
        );
        let others: Vec<&DiagnosticCode> = found.iter().filter(|c| **c != code).collect();
        assert!(
            others.is_empty(),
            "{name}: the example also draws {others:?}\n{text}"
        );
        // The lines `explain` prints above an example below the base are a comment.
        if let Example::After(after) = example {
            let shown = format!("{EXAMPLE_BASE}# {EXAMPLE_BASE_NOTE}\n{after}");
            assert_eq!(
                codebook::compile(&shown).diagnostics.len(),
                found.len(),
                "{name}"
            );
        }
    }
}

#[test]
fn the_example_base_checks_clean_and_its_note_names_what_it_declares() {
    let outcome = codebook::compile(EXAMPLE_BASE);
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let c = outcome.compiled.expect("compiles");
    let ids = c
        .codebook
        .structures
        .iter()
        .map(|s| &s.id.id)
        .chain(c.codebook.codes.iter().map(|code| &code.id.id));
    for id in ids {
        assert!(
            EXAMPLE_BASE_NOTE.contains(&format!("`{id}`")),
            "the note does not name `{id}`"
        );
    }
}

/// A build example is run: its codebook checks clean, and `build` with its options draws the
/// code (seen in the JSON, as an unknown table is a plain message for people). A warning only
/// `build` gives is denied, so that it fails the build.
#[test]
fn build_examples_draw_their_code_from_build() {
    let dir = temp_dir("explain-build");
    for &code in DiagnosticCode::ALL {
        let Some((text, Example::Build { options, .. })) = example_text(code) else {
            continue;
        };
        std::fs::write(dir.join("study.codebook"), &text).expect("write");
        let o = run_in(&dir, &["check", "study.codebook"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut args = vec!["build", "study.codebook", "--error-format", "json"];
        if code.default_severity() == Severity::Warning {
            args.extend(["--deny", code.name()]);
        }
        args.extend(options.split_whitespace());
        let o = run_in(&dir, &args);
        assert_ne!(o.status.code(), Some(0), "{}: {args:?}", code.name());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(
            v["files"][0]["diagnostics"][0]["code"],
            code.to_string(),
            "{v}"
        );
    }
}

/// For a warning, the two ways `explain` gives to silence it work, and `--deny` makes it an
/// error.
#[test]
fn a_warnings_allow_line_and_option_silence_it() {
    let dir = temp_dir("explain-allow");
    for &code in DiagnosticCode::ALL {
        if code.default_severity() != Severity::Warning {
            continue;
        }
        let name = code.name();
        let (text, example) = example_text(code).expect("a warning's example is a codebook");
        // `check`, or for a warning only `build` gives, `build` with the example's options.
        let build: Vec<&str> = match example {
            Example::Build { options, .. } => ["build", "-o", "out"]
                .into_iter()
                .chain(options.split_whitespace())
                .collect(),
            _ => vec!["check"],
        };
        let run = |flags: &[&str]| {
            let mut args = build.clone();
            args.extend(flags);
            args.push("study.codebook");
            run_in(&dir, &args)
        };
        let file = dir.join("study.codebook");
        std::fs::write(&file, &text).expect("write");
        let o = run(&[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&code.to_string()),
            "{name}: {}",
            stderr(&o)
        );
        let o = run(&["--allow", name]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        assert!(
            !stderr(&o).contains(&code.to_string()),
            "{name}: {}",
            stderr(&o)
        );
        let o = run(&["--deny", name]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        std::fs::write(&file, format!("{text}allow: {name}\n")).expect("write");
        let o = run(&[]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        assert!(
            !stderr(&o).contains(&code.to_string()),
            "{name}: {}",
            stderr(&o)
        );
    }
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the codebook binary runs")
}

#[test]
fn explain_prints_meaning_example_fix_and_kind() {
    for &code in DiagnosticCode::ALL {
        let name = code.name();
        let o = succeeds(name, &["explain", name]);
        let out = String::from_utf8_lossy(&o.stdout);
        for part in ["What it means\n", "\nExample\n", "\nWhat to do\n", name] {
            assert!(out.contains(part), "{name}: no {part:?} in\n{out}");
        }
        match code.default_severity() {
            Severity::Error => assert!(out.contains("(error)") && out.contains("It is an error")),
            Severity::Warning => {
                assert!(out.contains("(warning)") && out.contains("It is a warning"));
                assert!(out.contains(&format!("\n  --allow {name}\n")), "{out}");
                assert!(out.contains(&format!("\n  allow: {name}\n")), "{out}");
                assert!(out.contains(&format!("--deny {name}")), "{out}");
            }
        }
        // An example's lines are shown as written.
        if let Example::After(text) | Example::Whole(text) = code.explanation().example {
            for line in text.lines() {
                assert!(out.contains(&format!("  {line}\n")), "{name}: {line}");
            }
        }
        // The `codebook::` prefix of a diagnostic's heading is understood too.
        let o = succeeds(name, &["explain", &code.to_string()]);
        assert_eq!(String::from_utf8_lossy(&o.stdout), out);
    }
    insta::assert_snapshot!("unknown_reference", explain("unknown_reference"));
    insta::assert_snapshot!("unused_actor", explain("unused_actor"));
    insta::assert_snapshot!("unknown_table", explain("unknown_table"));
    insta::assert_snapshot!("invalid_utf8", explain("invalid_utf8"));
}

fn explain(name: &str) -> String {
    String::from_utf8_lossy(&succeeds(name, &["explain", name]).stdout).into_owned()
}

#[test]
fn explain_without_a_code_lists_them_all() {
    let o = succeeds("list", &["explain"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for &code in DiagnosticCode::ALL {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code.name()))
            .unwrap_or_else(|| panic!("{} is not listed:\n{out}", code.name()));
        assert!(line.contains(code.description()), "{line}");
    }
    insta::assert_snapshot!("list", out);
}

#[test]
fn a_misspelt_code_gets_the_nearest_and_exit_2() {
    let o = codebook(&["explain", "unknwon_reference"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("did you mean `unknown_reference`?"), "{err}");
    insta::assert_snapshot!("misspelt", err);
    let o = codebook(&["explain", "codebook::unused_actr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `unused_actor`?"),
        "{}",
        stderr(&o)
    );
    let o = codebook(&["explain", "nothing_like_it"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    // A level of the author's own: its codes are what `explain code` shows.
    let o = codebook(&["explain", "subtheme"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("if `subtheme` is one of your levels")
            && stderr(&o).contains("`codebook explain code`"),
        "{}",
        stderr(&o)
    );
    assert!(succeeds("code", &["explain", "code"]).stdout.len() > 100);
}

#[test]
fn explain_a_kind_shows_what_it_holds() {
    for d in codebook::model::schema::DECLARATIONS {
        let o = succeeds(d.kind, &["explain", d.kind]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains(d.head),
            "{}: the example is missing:\n{out}",
            d.kind
        );
        for p in d.properties {
            assert!(
                out.contains(&format!("{}: {}", p.name, p.example)),
                "{}: `{}` is missing:\n{out}",
                d.kind,
                p.name
            );
        }
    }
    // A kind of two words may be typed unquoted, as the file writes it.
    for kind in ["focus group", "turning point"] {
        let words: Vec<&str> = kind.split(' ').collect();
        let quoted = succeeds(kind, &["explain", kind]);
        let unquoted = succeeds(kind, &["explain", words[0], words[1]]);
        assert_eq!(quoted.stdout, unquoted.stdout, "{kind}");
        assert!(String::from_utf8_lossy(&unquoted.stdout).starts_with(kind));
    }
    // What one kind of source takes and another does not.
    let interview = succeeds("interview", &["explain", "interview"]);
    let interview = String::from_utf8_lossy(&interview.stdout);
    assert!(interview.contains("duration:") && !interview.contains("pages:"));
    let document = succeeds("document", &["explain", "document"]);
    let document = String::from_utf8_lossy(&document.stdout);
    assert!(document.contains("pages:") && !document.contains("duration:"));
    insta::assert_snapshot!("interview", interview);
}

/// `codebook explain levels` (and every other statement that is no kind of declaration) shows
/// how the line is written, with an example line that belongs in a valid file.
#[test]
fn explain_a_statement_shows_how_it_is_written() {
    for (name, _) in codebook::diagnostics::STATEMENTS {
        let o = succeeds(name, &["explain", name]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(name) && l.starts_with("  ")),
            "{name}: no example line:\n{out}"
        );
    }
    // The example of `levels` is a levels line that checks clean.
    let o = succeeds("levels", &["explain", "levels"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("levels concept"))
        .expect("an example line");
    let file = format!(
        "{}\nstructure s \"S\" {{\n  dimension d \"D\" {{\n    theme t \"T\" {{\n      concept c \"C\"\n      concept c2 \"C2\"\n    }}\n    theme t2 \"T2\" {{\n      concept c3 \"C3\"\n    }}\n  }}\n}}\n",
        line.trim()
    );
    assert!(
        !codebook::compile(&file)
            .diagnostics
            .iter()
            .any(|d| d.message.contains("levels")),
        "{file}"
    );
}
