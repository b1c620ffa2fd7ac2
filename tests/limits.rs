//! Limits: what the compiler bounds, and inputs large enough that anything quadratic would
//! hang. Each test runs in seconds in a debug build; the deadlines are ten times more than
//! that, so a failure means a hang, not a slow machine. Sizes are chosen so that the quadratic
//! (or cubic) code these tests were written against would take minutes or hours.

use codebook::diagnostics::{Diagnostic, MAX_SHOWN};
use std::fmt::Write as _;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(120);

/// Run `f` on its own thread (with the command line's stack size); fail on a missed deadline.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    within_for(what, DEADLINE, f)
}

/// [`within`] with a deadline of its own.
fn within_for<T: Send + 'static>(
    what: &str,
    deadline: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("a thread");
    match rx.recv_timeout(deadline) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no result within {deadline:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

fn count(diags: &[Diagnostic], code: &str) -> usize {
    diags.iter().filter(|d| d.code.name() == code).count()
}

/// Compile on a thread with a deadline; the diagnostics and the human report.
fn compile(what: &str, source: String) -> (Vec<Diagnostic>, String) {
    within(what, move || {
        let outcome = codebook::compile(&source);
        let human = codebook::report::human("big.codebook", &source, &outcome.diagnostics);
        (outcome.diagnostics, human)
    })
}

fn temp_file(name: &str, text: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("codebook-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// Run the binary; a run still going after the deadline is killed, and the test fails.
fn codebook(args: &[&str]) -> Output {
    codebook_reading(args, None)
}

/// [`codebook`], with `input` on standard input (written on a thread of its own).
fn codebook_reading(args: &[&str], input: Option<String>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the codebook binary runs");
    if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
        std::thread::spawn(move || {
            use std::io::Write as _;
            let _ = stdin.write_all(input.as_bytes());
        });
    }
    // Drain the pipes on threads so a long report cannot block the child.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("codebook {args:?}: still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

#[test]
fn nesting_is_bounded_with_a_clear_diagnostic() {
    let max = codebook::syntax::MAX_DEPTH;
    let at_most = format!("{}{}", "x {\n".repeat(max), "}\n".repeat(max));
    let (diags, _) = compile("64 deep", at_most);
    assert_eq!(count(&diags, "too_deep"), 0, "{max} blocks are allowed");
    let (diags, human) = compile("100,000 deep", "x {\n".repeat(100_000));
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code.name(), "too_deep");
    assert!(
        human.contains(&format!("nested more than {max} deep")),
        "{human}"
    );
    // One block too many, and the scan is not fooled by comments, texts or line endings.
    let one_more = format!("{}{}", "x {\n".repeat(max + 1), "}\n".repeat(max + 1));
    assert_eq!(compile("65 deep", one_more).0[0].code.name(), "too_deep");
    for prefix in [
        "# comment\r",
        "a: \"\"\" \"\n",
        "a: \"\\\"\"\n",
        "a: \"#\"\n",
    ] {
        let text = format!("{prefix}{}", "x{".repeat(50_000));
        let (diags, _) = compile(prefix, text);
        assert_eq!(diags[0].code.name(), "too_deep", "after {prefix:?}");
    }
}

#[test]
fn levels_are_bounded() {
    let names: Vec<String> = (0..1000).map(|i| format!("l{i}")).collect();
    let (diags, human) = compile("1,000 levels", format!("levels {}\n", names.join(" -> ")));
    assert_eq!(count(&diags, "invalid_levels"), 1, "{human}");
    assert!(
        human.contains(&format!("more than {} levels", codebook::model::MAX_LEVELS)),
        "{human}"
    );
}

// The file size bound (`too_large`, MAX_FILE_BYTES) is tested in tests/cli.rs
// (`too_large_is_refused_before_parsing`): it takes a 256 MiB string, too slow to repeat here.

#[test]
fn a_50_mb_file_of_one_line() {
    let mut text = String::with_capacity(50_000_100);
    text.push_str("quote \"");
    while text.len() < 50_000_000 {
        text.push_str("word ");
    }
    text.push_str("\" { by: \"x\", 2017 }");
    let path = temp_file("one-line.codebook", text.as_bytes());
    let o = codebook(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("codebook::quote_without_concept"), "{err}");
    // The report shows a window of the line, not 50 MB of it.
    assert!(err.len() < 10_000, "a report of {} bytes", err.len());
    let _ = std::fs::remove_file(path);
}

#[test]
fn many_errors_on_one_long_line_give_a_short_report() {
    let mut text = String::from("quote \"q\" { by: \"x\", 2017\n  supports: a");
    for i in 0..100_000 {
        let _ = write!(text, ", a{i}");
    }
    text.push_str("\n}\n");
    let (diags, human) = compile("100,000 errors on one line", text);
    assert_eq!(count(&diags, "unknown_reference"), 100_001);
    assert!(human.len() < 500_000, "a report of {} bytes", human.len());
}

#[test]
fn diagnostics_near_the_end_of_a_big_file_render_quickly() {
    // Miette read every snippet from the top of the file: 200 of them at the end of 20 MB
    // took minutes in a debug build.
    let mut text = format!("# {}\n", "filler ".repeat(140)).repeat(20_000);
    for i in 0..300 {
        let _ = writeln!(
            text,
            "quote \"q\" {{\n  by: \"x\", 2017\n  supports: nope_{i}\n}}"
        );
    }
    let (diags, human) = compile("300 errors after 20 MB", text);
    assert_eq!(count(&diags, "unknown_reference"), 300);
    assert_eq!(
        human.matches("codebook::unknown_reference").count(),
        MAX_SHOWN
    );
}

#[test]
fn a_hundred_thousand_codes_of_one_name() {
    let mut text = String::from(
        "structure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n      concept c \"C\"\n",
    );
    for _ in 0..100_000 {
        text.push_str("      concept x \"X\"\n");
    }
    text.push_str("    }\n  }\n}\nquote \"q\" {\n  by: \"x\", 2017\n  supports: c, x\n}\n");
    let (diags, human) = compile("100,000 duplicates", text);
    assert_eq!(count(&diags, "duplicate_definition"), 99_999);
    // The first MAX_SHOWN are shown (each duplicate also lacks a quote: a warning); the rest
    // are counted.
    let shown = human
        .lines()
        .filter(|l| l.starts_with("codebook::"))
        .count();
    assert_eq!(shown, MAX_SHOWN);
    let more = diags.len() - MAX_SHOWN;
    assert!(
        human.contains(&format!("({MAX_SHOWN} shown, {more} more not shown)")),
        "{}",
        human.lines().last().unwrap_or_default()
    );
    assert!(human.len() < 500_000, "a report of {} bytes", human.len());
}

#[test]
fn ten_thousand_errors_are_the_first_n_and_a_count() {
    let mut text = String::new();
    for i in 0..10_000 {
        let _ = writeln!(
            text,
            "quote \"q\" {{\n  by: \"x\", 2017\n  supports: c{i}\n}}"
        );
    }
    let source = text.clone();
    let (diags, human) = compile("10,000 errors", text);
    assert_eq!(diags.len(), 10_000);
    assert_eq!(
        human.matches("codebook::unknown_reference").count(),
        MAX_SHOWN
    );
    assert!(
        human.ends_with(&format!(
            "big.codebook: 10000 errors ({MAX_SHOWN} shown, {} more not shown)\n",
            10_000 - MAX_SHOWN
        )),
        "{}",
        human.lines().last().unwrap_or_default()
    );
    let json = codebook::report::json("big.codebook", &source, &diags);
    assert_eq!(json["errors"], 10_000);
    assert_eq!(json["truncated"], true);
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(MAX_SHOWN)
    );
}

#[test]
fn a_quote_of_one_megabyte() {
    let mut quote = String::with_capacity(1_100_000);
    let mut i = 0;
    while quote.len() < 1_000_000 {
        quote.push_str(
            [
                "Wir ",
                "trafen ",
                "uns ",
                "jeden ",
                "Morgen—",
                "„kurz“ ",
                "[…] ",
            ][i % 7],
        );
        if i % 500 == 499 {
            quote.push_str("\n\n");
        }
        i += 1;
    }
    let text = format!(
        "structure s \"S\" {{\n  dimension d \"D\" {{\n    theme t \"T\" {{\n      concept c \"C\"\n      concept c2 \"C2\"\n    }}\n    theme t2 \"T2\" {{\n      concept c3 \"C3\"\n      concept c4 \"C4\"\n    }}\n  }}\n}}\nquote \"\"\"{quote}\"\"\" {{\n  by: \"x\", 2017\n  supports: c, c2, c3, c4\n}}\n"
    );
    within("a 1 MB quote", move || {
        let outcome = codebook::compile(&text);
        assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
        let c = outcome.compiled.expect("compiled");
        let json = codebook::emit::json::render(&c);
        assert!(json.len() > 1_000_000);
        let latex = codebook::emit::latex::render(&c, None, true).expect("LaTeX");
        assert!(latex.len() > 1_000_000);
        let md = codebook::emit::markdown::render(&c, None, false).expect("Markdown");
        assert!(md.len() > 1_000_000);
        let formatted = codebook::format::format(&text).expect("formats");
        assert!(!codebook::compile(&formatted).has_errors());
    });
}

#[test]
fn thirty_thousand_maps_in_a_chain() {
    // The cycle search walked the chain from every map, each step a search of all maps.
    let n = 30_000;
    let mut text = String::from("structure s \"S\" {\n");
    for i in 0..n {
        let _ = writeln!(text, "concept k{i} \"K\"");
    }
    for i in 0..n - 1 {
        let _ = writeln!(text, "map k{i} -> k{}", i + 1);
    }
    // And a cycle of 10,000, reported once.
    for i in 0..10_000 {
        let _ = writeln!(text, "concept r{i} \"R\"");
        let _ = writeln!(text, "map r{i} -> r{}", (i + 1) % 10_000);
    }
    text.push_str("}\n");
    let (diags, _) = compile("30,000 maps", text);
    assert_eq!(count(&diags, "mapping_cycle"), 1);
}

#[test]
fn thousands_of_misspelled_names() {
    // Each unknown name was compared with every declared one ("did you mean").
    let n = 10_000;
    let mut text =
        String::from("structure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n");
    for i in 0..n {
        let _ = writeln!(text, "      concept concept_number_{i} \"C\"");
    }
    text.push_str("    }\n  }\n}\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "quote \"q\" {{\n  by: \"x\", 2017\n  supports: concept_numbr_{i}\n}}"
        );
    }
    let (diags, _) = compile("10,000 misspellings", text);
    assert_eq!(count(&diags, "unknown_reference"), n);
    let first = diags.iter().find(|d| d.code.name() == "unknown_reference");
    let help = first.and_then(|d| d.help.as_deref()).unwrap_or_default();
    assert_eq!(
        help, "did you mean `concept_number_0`?",
        "the first get a suggestion"
    );
}

#[test]
fn twenty_thousand_actors_and_a_wide_matrix() {
    let n = 20_000;
    let mut text = String::from("phase p \"P\" 2017\nactor a \"A\"\n");
    for i in 0..n {
        let _ = writeln!(text, "actor a{i} \"A\"\nmember m{i} \"M\"");
    }
    text.push_str("matrix m \"M\" {\n  columns {\n    p: ");
    let groups: Vec<String> = (0..n).map(|i| format!("g{i}")).collect();
    text.push_str(&groups.join(", "));
    text.push_str("\n  }\n  row r {\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "    p g{i}: \"x\"\n    p g{i}: \"again\"\n    p h{i}: \"x\""
        );
    }
    text.push_str("  }\n}\n");
    for i in 0..n {
        let _ = writeln!(text, "group g{i} {{\n  members: a\n}}");
    }
    let (diags, _) = compile("20,000 columns", text);
    assert_eq!(count(&diags, "duplicate_cell"), n);
}

// ----- outputs linear in what they list (issue 15, point 5) ---------------------------------

/// A codebook of `n` quotes, each of its own person (`by:`): as many text sources in a REFI-QDA
/// project as quotes.
fn distinct_attributions(n: usize) -> String {
    let mut s = String::from(
        "structure s \"Structure\" {\n  dimension d \"Dimension\" {\n    theme t \"Theme\" {\n      \
         concept c1 \"One\"\n      concept c2 \"Two\"\n    }\n  }\n}\n",
    );
    for i in 0..n {
        let _ = write!(
            s,
            "quote \"Quote number {i}.\" {{\n  by: \"person {i}\", 2020\n  supports: c{}\n}}\n",
            1 + i % 2
        );
    }
    s
}

/// Seconds `build` takes on a compiled codebook (the best of two runs, to be fair to a
/// machine busy with other work).
fn build_seconds(source: &str, target: codebook::build::Target) -> f64 {
    let compiled = codebook::compile(source).compiled.expect("it compiles");
    let options = codebook::build::Options::default();
    (0..2)
        .map(|_| {
            let start = std::time::Instant::now();
            let built = codebook::build::build(&compiled, target, &options);
            assert!(built.is_ok(), "it builds");
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// `build --to refi-qdpx` is linear in distinct attributions: 40,000 took 18 s when each text
/// source's name was compared with every other's. A bound in time and in growth: four times
/// the attributions may take at most eight times as long (linear is four, quadratic sixteen).
/// In release mode only (a debug build is too slow to time): `cargo test --release --test
/// limits -- --ignored`, which `.ci/run` runs.
#[test]
#[ignore]
fn refi_projects_are_linear_in_distinct_attributions() {
    let small = build_seconds(
        &distinct_attributions(10_000),
        codebook::build::Target::RefiQdpx,
    );
    let large = build_seconds(
        &distinct_attributions(40_000),
        codebook::build::Target::RefiQdpx,
    );
    eprintln!("refi-qdpx: 10,000 attributions {small:.3} s, 40,000 {large:.3} s");
    assert!(large < 4.0, "40,000 attributions took {large:.1} s");
    assert!(
        large < 8.0 * small.max(0.05),
        "four times the attributions took {:.1} times as long",
        large / small
    );
}

// ----- agree: linear in units, codes, coders and categories -----------------------------------

/// Seconds `f` takes on `input`, the best of three runs (to be fair to a machine busy with
/// other work).
fn best_seconds<T>(input: &T, f: impl Fn(&T)) -> f64 {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            f(input);
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// `f` on `make(k)` and on `make(10 k)`: ten times the items may take at most 25 times as long
/// (linear is 10, quadratic 100; the margin is for a busy machine, and a floor of 10 ms for
/// the small run keeps timer noise out). A bound on growth, not on speed: the ratio is what
/// fails a quadratic shape, so the deadline over all six runs is only against a hang, and long
/// enough for a machine running other builds beside the tests (`.ci/run` of a busy day took
/// over 120 s for the language server's six sessions).
fn grows_linearly<T: Send + 'static>(
    what: &'static str,
    k: usize,
    make: impl Fn(usize) -> T + Send + 'static,
    f: impl Fn(&T) + Send + 'static,
) {
    within_for(what, 5 * DEADLINE, move || {
        let (small, large) = (make(k), make(10 * k));
        let (a, b) = (best_seconds(&small, &f), best_seconds(&large, &f));
        eprintln!("{what}: {k} items {a:.4} s, {} items {b:.4} s", 10 * k);
        assert!(
            b < 25.0 * a.max(0.01),
            "{what}: ten times the items took {:.1} times as long ({a:.4} s, {b:.4} s)",
            b / a
        );
    });
}

/// A reliability matrix of `n` units by two coders, every value distinct: as many
/// categories as values (an interval scale of measurements). Krippendorff's α filled a table
/// of every pair of categories: 20,000 values took 2.7 s and 3.2 GB of address space, 60,000
/// could not allocate it and aborted.
fn distinct_values(n: usize) -> String {
    let mut s = String::from("a,b\n");
    for u in 0..n {
        let _ = writeln!(s, "{},{}", 2 * u, 2 * u + 1 + u % 3);
    }
    s
}

#[test]
fn agree_is_linear_in_distinct_values() {
    for metric in [
        codebook::agree::Metric::Nominal,
        codebook::agree::Metric::Ordinal,
        codebook::agree::Metric::Interval,
    ] {
        grows_linearly(
            "agree --units, distinct values",
            1_000,
            distinct_values,
            move |csv| {
                let report = codebook::agree::from_csv("units.csv", csv, metric, 0).expect("reads");
                assert!(report.overall.krippendorff_alpha.value().is_some());
            },
        );
    }
    // The ratio metric compares every pair of distinct values, up to a bound; past it, α is
    // undefined with the reason, at once.
    let report = codebook::agree::from_csv(
        "units.csv",
        &distinct_values(50_000),
        codebook::agree::Metric::Ratio,
        0,
    )
    .expect("reads");
    assert_eq!(
        report.overall.krippendorff_alpha,
        codebook::agree::Estimate::Undefined(codebook::agree::Undefined::TooManyCategories)
    );
}

/// A matrix of `n` coders (a header of `n` names) and ten units: the coders' names were each
/// compared with every other's (10,000 coders: 1.9 s).
#[test]
fn agree_is_linear_in_coders() {
    grows_linearly(
        "agree --units, coders",
        1_000,
        |n| {
            let names: Vec<String> = (0..n).map(|i| format!("coder{i}")).collect();
            let mut s = names.join(",") + "\n";
            for u in 0..10 {
                let row: Vec<String> = (0..n).map(|i| ((u + i) % 3).to_string()).collect();
                s += &(row.join(",") + "\n");
            }
            s
        },
        |csv| {
            let report = codebook::agree::from_csv("units.csv", csv, Default::default(), 0);
            assert!(report.is_ok());
        },
    );
}

/// `head`, then `n` declarations `KIND c0 "Code 0"`, … (`KIND` with its indentation), one a
/// line, then `tail`.
fn numbered_codes(head: &str, n: usize, kind: &str, tail: &str) -> String {
    let codes: String = (0..n)
        .map(|i| format!("{kind} c{i} \"Code {i}\"\n"))
        .collect();
    format!("{head}{codes}{tail}")
}

/// A codebook of `n` concepts and `n` quotes, each coded by two coders (one file, `coder:`),
/// who differ on every quote. Each code's agreement was computed over every quote, and each
/// quote's category looked up among all before it: 3,000 of each took 23 s.
fn two_coders(n: usize) -> String {
    let mut s = numbered_codes(
        "coders: ana, ben\nstructure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n",
        n,
        "      concept",
        "    }\n    theme u \"U\" {\n      concept other \"Other\"\n    }\n  }\n}\n",
    );
    for i in 0..n {
        for (coder, code) in [("ana", i), ("ben", (i + 1) % n)] {
            let _ = write!(
                s,
                "quote \"Quote {i}.\" {{\n  by: \"someone\", 2024\n  supports: c{code}\n  \
                 coder: {coder}\n}}\n"
            );
        }
    }
    s
}

#[test]
fn agree_is_linear_in_codes_and_quotes() {
    grows_linearly(
        "agree, codes and quotes",
        200,
        |n| {
            let source = two_coders(n);
            let compiled = codebook::compile(&source).compiled.expect("it compiles");
            (source, compiled)
        },
        |(source, compiled)| {
            let coding = codebook::agree::codebooks::Coding {
                name: "two.codebook",
                source,
                compiled,
            };
            let report = codebook::agree::codebooks::agree(&[coding], Default::default(), 0);
            assert!(report.is_ok_and(|r| r.disagreements.len() > 1));
        },
    );
}

/// A project of `n` codes and `n` text sources, two users each coding one text with one code
/// (overlapping). Each code's pieces were made for every text: 2,000 of each took 4.5 s.
fn project_codings(n: usize) -> codebook::import::refi::selections::Codings {
    use codebook::import::refi::selections::{CodeName, Coded, Codings, Text, User};
    let guid = |k: usize| uuid::Uuid::from_u128(k as u128);
    let text = "We meet at nine and talk about what came up since yesterday.".to_string();
    Codings {
        users: ["ana", "ben"]
            .iter()
            .enumerate()
            .map(|(i, name)| User {
                guid: guid(i + 1),
                name: name.to_string(),
            })
            .collect(),
        codes: (0..n)
            .map(|i| CodeName {
                guid: guid(1_000_000 + i),
                name: format!("Code {i}"),
            })
            .collect(),
        texts: (0..n)
            .map(|i| Text {
                name: format!("text {i}"),
                chars: text.chars().count(),
                text: text.clone(),
                codings: vec![
                    Coded {
                        start: 0,
                        end: 30,
                        user: guid(1),
                        code: guid(1_000_000 + i),
                    },
                    Coded {
                        start: 10,
                        end: 40,
                        user: guid(2),
                        code: guid(1_000_000 + i),
                    },
                ],
            })
            .collect(),
    }
}

#[test]
fn agree_on_a_project_is_linear_in_codes_and_texts() {
    grows_linearly(
        "agree PROJECT.qdpx, codes and texts",
        200,
        project_codings,
        |codings| {
            let report = codebook::agree::qdpx::report("p.qdpx", codings, None).expect("report");
            assert_eq!(report.codes.len(), codings.codes.len());
        },
    );
}

// ----- the language server: linear in a line's length -------------------------------------------

/// The language server's replies to a client that opens `text` and asks for its semantic
/// tokens, outline and folding ranges, then shuts down: the binary over stdin and stdout.
fn lsp_session(text: &str) -> Output {
    let frame = |v: serde_json::Value| {
        let body = v.to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    };
    let uri = "file:///long.codebook";
    let doc = serde_json::json!({ "textDocument": { "uri": uri } });
    let mut input = frame(serde_json::json!({
        "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": { "capabilities": {} }
    }));
    input += &frame(serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    input += &frame(serde_json::json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": {
            "uri": uri, "languageId": "codebook", "version": 1, "text": text
        } }
    }));
    for (id, method) in [
        "textDocument/semanticTokens/full",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
    ]
    .into_iter()
    .enumerate()
    {
        input += &frame(serde_json::json!({
            "jsonrpc": "2.0", "id": id + 1, "method": method, "params": doc
        }));
    }
    input += &frame(serde_json::json!({ "jsonrpc": "2.0", "id": 9, "method": "shutdown" }));
    input += &frame(serde_json::json!({ "jsonrpc": "2.0", "method": "exit" }));
    codebook_reading(&["lsp"], Some(input))
}

/// `n` codes and one quote supporting them all on one line, after an umlaut (so UTF-16
/// positions differ from bytes), and each code named a second time, unknown, on that line:
/// a line of `n` references and `n` errors. Each position on it was counted from the line's
/// start: 20,000 references took 8 s (2,000: 0.12 s).
fn one_long_line(n: usize) -> String {
    let references: String = (0..n).map(|i| format!("c{i}, missing{i}, ")).collect();
    numbered_codes(
        "levels code \"Codes\" -> category \"Categories\"\nstructure s \"S\" {\n  category cat \"C\" {\n",
        n,
        "    code",
        &format!(
            "  }}\n}}\nquote \"Über eine Zeile.\" {{\n  by: \"someone\", 2024\n  supports: {references}c0\n}}\n"
        ),
    )
}

#[test]
fn the_language_server_is_linear_in_a_line_s_length() {
    grows_linearly("lsp, one long line", 1_000, one_long_line, |text| {
        let out = lsp_session(text);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.windows(6).any(|w| w == b"\"data\""));
    });
}

// ----- figures: linear in what they draw --------------------------------------------------------

/// `n` phases of one month each after one another, so their labels pile up on the timeline:
/// each label was checked against every interval of every row, 2,000 phases took 18 s.
fn phases(n: usize) -> codebook::Compiled {
    let mut s = numbered_codes(
        "levels code \"Codes\" -> category \"Categories\"\nstructure s \"S\" {\n  category cat \"C\" {\n",
        2,
        "    code",
        "  }\n}\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "phase p{i} \"Phase {i}\" {:04}-{:02}",
            1000 + i / 12,
            1 + i % 12
        );
    }
    codebook::compile(&s).compiled.expect("it compiles")
}

#[test]
fn the_timeline_is_linear_in_phases() {
    grows_linearly("build --figure timeline, phases", 200, phases, |compiled| {
        let options = codebook::build::Options {
            figure: Some(codebook::build::Figure::Timeline),
            ..Default::default()
        };
        for target in [codebook::build::Target::Svg, codebook::build::Target::Tikz] {
            assert!(codebook::build::build(compiled, target, &options).is_ok());
        }
    });
}
