//! The hostile corpus, `tests/fixtures/hostile/`: files written to break the compiler (deep
//! nesting, NUL bytes, right-to-left overrides, byte order marks, lone CRs, unclosed texts,
//! 40-digit numbers, 10,000-character names, ...), and every input a fuzz target crashed on.
//!
//! Each file goes through the library (`compile`, `format::format`, and every emitter when it
//! compiles without errors) and the command line (`check`, `fmt --check`, `build`). Nothing may
//! panic, hang or exit with anything but 0 (valid) or 1 (invalid). Time is not measured: each
//! step only has to finish within a deadline far above what it needs (ten times a slow debug
//! run), so that a hang fails the test instead of stalling it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
/// Generous: every file takes well under a second in a debug build.
const LIBRARY_DEADLINE: Duration = Duration::from_secs(60);
const PROCESS_DEADLINE: Duration = Duration::from_secs(60);
/// The stack the command line's main thread has; the library runs on one of this size here.
const STACK: usize = 8 * 1024 * 1024;

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("the hostile corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "codebook"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "the corpus lost files: {files:?}");
    files
}

fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Run `f` on a thread of its own; a panic or a missed deadline fails with `what`.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .expect("a thread");
    match rx.recv_timeout(LIBRARY_DEADLINE) {
        Ok(v) => {
            let _ = handle.join();
            v
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: did not finish within {LIBRARY_DEADLINE:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

#[test]
fn every_file_says_what_it_attacks() {
    for f in corpus() {
        let bytes = std::fs::read(&f).expect("read");
        let sidecar = f.with_extension("txt");
        let says = bytes.starts_with(b"# ") && bytes.len() > 12 || sidecar.exists();
        assert!(
            says,
            "{}: start it with a `# ` comment line saying what it attacks, or add {}",
            name(&f),
            name(&sidecar)
        );
    }
}

/// What the library makes of one file, for the messages.
fn library(file: String, bytes: Vec<u8>) {
    let Ok(source) = String::from_utf8(bytes) else {
        return;
    };
    let outcome = codebook::compile(&source);
    for d in &outcome.diagnostics {
        assert!(
            d.span.end <= source.len() && d.span.start <= d.span.end,
            "{file}: {} points outside the text: {:?}",
            d.code,
            d.span
        );
    }
    let human = codebook::report::human(&file, &source, &outcome.diagnostics);
    assert!(
        human.len() < 2_000_000,
        "{file}: a report of {} bytes",
        human.len()
    );
    let _ = codebook::report::json(&file, &source, &outcome.diagnostics);
    if let Ok(formatted) = codebook::format::format(&source) {
        let again = codebook::compile(&formatted);
        assert!(
            codebook::syntax::parse(&formatted).is_ok(),
            "{file}: the formatted text does not parse: {:?}",
            again.diagnostics.first().map(|d| &d.message)
        );
        if !outcome.has_errors() {
            assert!(!again.has_errors(), "{file}: formatting made it invalid");
        }
    }
    if outcome.has_errors() {
        return;
    }
    let Some(c) = outcome.compiled else { return };
    use codebook::emit::figure::{Kind, Options};
    let _ = codebook::emit::json::render(&c);
    // No text reaches LaTeX unescaped, comments included (the TikZ fragment's header once
    // suggested a `\caption{...}` with the raw caption: latex_injection.codebook).
    let mut latex: Vec<String> = [true, false]
        .into_iter()
        .filter_map(|standalone| codebook::emit::latex::render(&c, None, standalone).ok())
        .collect();
    let _ = codebook::emit::markdown::render(&c, None, true);
    let _ = codebook::emit::refi::render_qdc(&c);
    let _ = codebook::emit::refi::render_qdpx(&c);
    for kind in [Kind::Structure, Kind::Timeline] {
        let o = Options {
            kind,
            structure: None,
            counts: true,
        };
        let _ = codebook::emit::figure::svg(&c, &o);
        for standalone in [true, false] {
            latex.extend(codebook::emit::figure::tikz(&c, &o, standalone).ok());
        }
    }
    for out in latex {
        // The emitter's own macros (which look a page up by `\csname`) are not from the text.
        let out = out.replace(codebook::emit::latex::PAGE_MACROS, "");
        assert!(!out.contains("^^"), "{file}: `^^` in LaTeX:\n{out}");
        // Commands latex_injection.codebook writes in its texts; escaped, none survives.
        for raw in [
            "\\input{/etc/passwd}",
            "\\write18{",
            "\\catcode`",
            "\\immediate",
            "\\csname",
        ] {
            assert!(!out.contains(raw), "{file}: `{raw}` from the text in LaTeX");
        }
    }
    let _ = codebook::stats::render(&codebook::stats::compute(&c), codebook::stats::Format::Json);
}

#[test]
fn the_library_never_panics_or_hangs() {
    for f in corpus() {
        let file = name(&f);
        let bytes = std::fs::read(&f).expect("read");
        let what = file.clone();
        within(&what, move || library(file, bytes));
    }
}

/// Run the binary with a deadline; its exit code.
fn run(args: &[&str]) -> i32 {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the codebook binary runs");
    // Drain stderr on a thread so a long report cannot block the child.
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let stderr = reader.join().unwrap_or_default();
            assert!(
                !stderr.contains("panicked") && !stderr.contains("overflowed its stack"),
                "codebook {args:?}: {stderr}"
            );
            // What the file holds never reaches the terminal as escape sequences or
            // bidirectional controls.
            let raw = stderr.chars().find(|c| {
                (c.is_control() && !matches!(c, '\n' | '\t'))
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            });
            assert!(
                raw.is_none(),
                "codebook {args:?} wrote U+{:04X} to the terminal",
                raw.map_or(0, |c| c as u32)
            );
            return status.code().unwrap_or_else(|| {
                panic!("codebook {args:?} was killed by a signal: {status:?}\n{stderr}")
            });
        }
        if started.elapsed() > PROCESS_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("codebook {args:?}: did not finish within {PROCESS_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_command_line_exits_0_or_1() {
    let out = std::env::temp_dir().join(format!("codebook-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("temp dir");
    for f in corpus() {
        let path = f.to_str().expect("utf-8 path");
        let file = name(&f);
        let before = std::fs::read(&f).expect("read");
        let check = run(&["check", path]);
        assert!(check == 0 || check == 1, "{file}: check exited {check}");
        let fmt = run(&["fmt", "--check", path]);
        assert!(fmt == 0 || fmt == 1, "{file}: fmt --check exited {fmt}");
        assert_eq!(
            std::fs::read(&f).expect("read"),
            before,
            "{file}: fmt --check changed it"
        );
        // An invalid file is built once (it must write nothing); a valid one to every format.
        let targets: &[&str] = if check == 0 {
            &["json", "latex", "markdown", "refi-qdc", "svg", "tikz"]
        } else {
            &["json"]
        };
        for to in targets {
            let target = out.join(format!("{file}.{to}"));
            let target = target.to_str().expect("utf-8 path");
            let code = run(&["build", path, "--to", to, "-o", target]);
            // A figure of a file that has nothing to draw (no structure) is asked of the wrong
            // file: a usage error, exit 2.
            let figure = matches!(*to, "svg" | "tikz");
            assert!(
                code == 0 || code == 1 || (figure && code == 2),
                "{file}: build --to {to} exited {code}"
            );
            // A file that does not check builds nothing.
            if check == 1 {
                assert_eq!(code, 1, "{file}: build --to {to} of an invalid file");
                assert!(!Path::new(target).exists(), "{file}: wrote {target}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

// ----- imported archives cannot write (or read) outside their target ------------------------

/// A REFI-QDA project whose one text source is at `PATH`.
const PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <CodeBook><Codes><Code guid="1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D" name="Trust" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="6F7A8B9C-ADBE-4F6A-9B7C-8D9E0F1A2B3C" name="Interview" plainTextPath="PATH">
      <PlainTextSelection guid="8B9CADBE-CF0A-4B8C-8D9E-0F1A2B3C4D5E" startPosition="0" endPosition="4">
        <Coding guid="9CADBECF-D0E1-4C9D-9E0F-1A2B3C4D5E6F"><CodeRef targetGUID="1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"#;

/// A zip archive of `entries`; a name ending in `@` is stored as a symbolic link to its data.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write as _;
    let options = zip::write::SimpleFileOptions::default();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        match name.strip_suffix('@') {
            Some(link) => w.add_symlink(link, *data, options).expect("a link entry"),
            None => {
                w.start_file(*name, options).expect("an entry");
                w.write_all(data.as_bytes()).expect("its data");
            }
        }
    }
    w.finish().expect("a zip").into_inner()
}

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn imported_archives_write_nothing_but_the_output_and_read_nothing_outside() {
    let secret = "root:x:0:0 SECRET-OUTSIDE-THE-ARCHIVE";
    let base = std::env::temp_dir().join(format!("codebook-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let work = base.join("work");
    std::fs::create_dir_all(&work).expect("temp dir");
    std::fs::write(base.join("secret.txt"), secret).expect("write");
    let secret_path = base.join("secret.txt");
    let secret_abs = secret_path.to_str().expect("utf-8 path");
    let internal = PROJECT.replace("PATH", "internal://a.txt");
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        (
            "dot-dot entry",
            vec![
                ("project.qde".into(), internal.clone()),
                ("Sources/a.txt".into(), "Text".into()),
                ("../evil.txt".into(), "x".into()),
            ],
        ),
        (
            "nested dot-dot entry",
            vec![
                ("project.qde".into(), internal.clone()),
                ("Sources/../../evil.txt".into(), "x".into()),
            ],
        ),
        (
            "backslash entry",
            vec![
                ("project.qde".into(), internal.clone()),
                ("..\\evil.txt".into(), "x".into()),
            ],
        ),
        (
            "absolute entry",
            vec![
                ("project.qde".into(), internal.clone()),
                (format!("{}/evil.txt", base.display()), "x".into()),
            ],
        ),
        (
            "drive entry",
            vec![
                ("project.qde".into(), internal.clone()),
                ("C:/evil.txt".into(), "x".into()),
            ],
        ),
        (
            "symbolic link entry",
            vec![
                ("project.qde".into(), internal.clone()),
                ("Sources/a.txt@".into(), secret_abs.to_string()),
            ],
        ),
        (
            "source outside Sources",
            vec![(
                "project.qde".into(),
                PROJECT.replace("PATH", "internal://../secret.txt"),
            )],
        ),
        (
            "absolute source",
            vec![(
                "project.qde".into(),
                PROJECT.replace("PATH", &format!("absolute://{secret_abs}")),
            )],
        ),
        (
            "relative source",
            vec![(
                "project.qde".into(),
                PROJECT.replace("PATH", "relative://../secret.txt"),
            )],
        ),
        (
            "file URL source",
            vec![(
                "project.qde".into(),
                PROJECT.replace("PATH", &format!("file://{secret_abs}")),
            )],
        ),
    ];
    for (what, entries) in cases {
        let refs: Vec<(&str, &str)> = entries
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_str()))
            .collect();
        let input = work.join("in.qdpx");
        std::fs::write(&input, zip_of(&refs)).expect("write");
        let out = work.join("out.codebook");
        let o = Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(["import", "in.qdpx", "-o", "out.codebook"])
            .current_dir(&work)
            .output()
            .expect("the codebook binary runs");
        let code = o.status.code();
        assert!(matches!(code, Some(0 | 1)), "{what}: exit {code:?}");
        let written = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(
            !written.contains("SECRET"),
            "{what}: the import read a file outside the archive"
        );
        let mut expected = vec!["in.qdpx".to_string()];
        if code == Some(0) {
            expected.push("out.codebook".into());
        }
        expected.sort();
        assert_eq!(files_under(&work), expected, "{what}: files written");
        assert_eq!(
            files_under(&base),
            ["secret.txt"]
                .iter()
                .map(|s| s.to_string())
                .chain(expected.iter().map(|e| format!("work/{e}")))
                .collect::<Vec<_>>(),
            "{what}: files written beside the work directory"
        );
        let _ = std::fs::remove_file(&out);
    }
    let _ = std::fs::remove_dir_all(&base);
}

// ----- imported names and entries (issue 15, point 11) ----------------------------------------

/// Two archive entries of one name (which zip writers do not make, but a hand-crafted archive
/// can hold): programs differ in which they read, so the archive is refused, naming the entry.
#[test]
fn an_archive_with_two_entries_of_one_name_is_refused() {
    let project = PROJECT.replace("PATH", "internal://a.txt");
    let other = project.replace("name=\"Trust\"", "name=\"Hidden\"");
    for (twice, first, second) in [
        ("project.qde", "project.qdX", "project.qde"),
        ("Sources/a.txt", "Sources/a.tx_", "Sources/a.txt"),
    ] {
        let entries: Vec<(&str, &str)> = if twice == "project.qde" {
            vec![
                (first, &project),
                (second, &other),
                ("Sources/a.txt", "text"),
            ]
        } else {
            vec![("project.qde", &project), (first, "evil"), (second, "text")]
        };
        // The writer refuses a second entry of a name: write another, then rename it in the
        // bytes (a name's bytes are in its local header and in the central directory).
        let mut bytes = zip_of(&entries);
        let (from, to) = (first.as_bytes(), twice.as_bytes());
        let mut at = 0;
        while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
            bytes[at + i..at + i + from.len()].copy_from_slice(to);
            at += i + from.len();
        }
        match codebook::import::import_bytes("twice.qdpx", "twice", &bytes) {
            Err(e) => {
                let e = e.to_string();
                assert!(
                    e.contains(&format!("entry `{twice}`")) && e.contains("two entries"),
                    "{twice}: {e}"
                );
            }
            Ok(i) => panic!(
                "{twice}: an archive with two entries of one name was read:\n{}",
                i.text
            ),
        }
    }
}

/// Control characters in imported names (C1 ones, which XML 1.0 may hold) are shown as
/// `check` shows them in warnings and errors, and never written raw into the codebook.
#[test]
fn control_characters_in_imported_names_reach_neither_terminal_nor_codebook() {
    // A braced GUID: a warning that names the element, with its name.
    let qdc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n\
        <Code guid=\"{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F1}\" name=\"Trust&#x9B;2J&#x85;\u{202E}x\" isCodable=\"false\">\n\
        <Code guid=\"1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D\" name=\"Keeping\u{9D}0;t\u{9C} promises\" isCodable=\"true\">\n\
        <Description>Said \u{9B}1m and done</Description></Code>\n\
        <Code guid=\"2B3C4D5E-6F7A-4B2C-9D3E-4F5A6B7C8D9E\" name=\"Sharing\" isCodable=\"true\"/>\n\
        </Code></Codes></CodeBook>\n";
    let acts = |c: char| c.is_control() && c != '\n' || ('\u{202A}'..='\u{202E}').contains(&c);
    let imported = codebook::import::import_bytes("c1.qdc", "c1", qdc.as_bytes()).expect("imports");
    let warnings: Vec<String> = imported.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings.iter().any(|w| w.contains("Trust¿2J¿")),
        "{warnings:?}"
    );
    for w in &warnings {
        assert!(
            !w.chars().any(acts),
            "a warning shows a control character: {w:?}"
        );
    }
    assert!(
        !imported.text.chars().any(|c| c.is_control() && c != '\n'),
        "the codebook holds a control character:\n{}",
        imported.text
    );
    assert!(
        imported.text.contains("Trust\u{FFFD}2J\u{FFFD}"),
        "{}",
        imported.text
    );
    // And through the command line, whose warnings go to stderr.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("c1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("c1.qdc");
    std::fs::write(&file, qdc).expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(["import", file.to_str().expect("path")])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning:") && !err.chars().any(acts),
        "{err:?}"
    );
}

// ----- inputs the fourth fuzzing run hung on (docs/fuzzing.md) ---------------------------------

/// Each input the fourth fuzzing run stopped on (`tests/fixtures/fuzz_hangs/*.hang`), and two
/// of the same kind made 40 blocks deep, must be checked within 10 s (a guard against a hang,
/// not a measure of speed: each takes milliseconds). They did not finish: a statement whose
/// block ended at the end of the file, or had text after its `}`, failed after its whole block
/// had been read, and was read again as a skipped line, block and all, twice the work at each
/// level of nesting (24 lines 6 s, 28 past a minute). The grammar now ends a statement at the
/// end of the file, and reads text after a `}` as an error of its own (`after_close`).
#[test]
fn fuzz_hangs_finish_within_seconds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz_hangs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hang"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for f in files {
        let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(["check", f.to_str().expect("path")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("runs");
        let start = Instant::now();
        let mut done = false;
        while start.elapsed() < Duration::from_secs(10) {
            if matches!(child.try_wait(), Ok(Some(_))) {
                done = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        assert!(done, "{}: check did not finish within 10 s", f.display());
    }
}

// ----- what the fifth fuzzing run found (docs/fuzzing.md) ------------------------------------

/// A `levels` line whose every name is reserved named no level at all, and the check then
/// indexed the empty list of levels to name the lowest one for a quote that supports nothing:
/// a panic, found by the `check` target (`crash_levels_all_reserved_quote_supports_nothing`).
/// Such a line is reported and the default levels are kept, so the quote is reported as
/// supporting no `concept`.
#[test]
fn a_levels_line_of_reserved_words_leaves_the_default_levels() {
    let source = "levels quote -> structure\nquote \"q\"\n";
    let outcome = within("compile", move || codebook::compile(source));
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "invalid_levels").count(),
        2,
        "{codes:?}"
    );
    let quote = outcome
        .diagnostics
        .iter()
        .find(|d| d.code.name() == "quote_without_concept")
        .expect("the quote is reported");
    assert_eq!(quote.message, "this quote supports no concept");
    // A codebook built by hand without levels names the lowest level too.
    assert_eq!(
        codebook::model::Codebook::default().lowest_level(),
        "concept"
    );
}

// ----- agree: numbers on the command line ---------------------------------------------------

/// `--bootstrap N` with an N no one means (a typo, a pasted number) is refused with the bound,
/// exit 2: it reserved room for N values before the first draw, and aborted the process
/// (`memory allocation of 800000000000000 bytes failed`) or panicked (`capacity overflow`).
#[test]
fn a_huge_bootstrap_is_refused_not_attempted() {
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/agree/krippendorff-four.csv"
    );
    for n in ["100000000000000", "18446744073709551615", "100001"] {
        assert_eq!(run(&["agree", "--units", csv, "--bootstrap", n]), 2, "{n}");
    }
    assert_eq!(run(&["agree", "--units", csv, "--bootstrap", "100"]), 0);
    // The library makes at most MAX_SAMPLES draws, whatever it is asked.
    let text = std::fs::read_to_string(csv).expect("the fixture");
    let report = codebook::agree::from_csv("four.csv", &text, Default::default(), usize::MAX)
        .expect("it reads");
    let interval = report.overall.alpha_interval.expect("an interval");
    assert_eq!(interval.samples, codebook::agree::bootstrap::MAX_SAMPLES);
}
