//! The command line, run as a process: exit codes, streams, and files left alone.

mod common;
use common::{codebook, root, stderr, succeeds, temp_dir};

use std::path::Path;
use std::process::{Command, Output};

const TUTORIAL: &str = "schemas/tutorial.codebook";

#[test]
fn valid_file_exits_0() {
    let o = succeeds("", &["check", TUTORIAL]);
    assert!(stderr(&o).contains("ok"));
}

#[test]
fn invalid_file_exits_1_and_reports_every_problem() {
    let o = codebook(&["check", "tests/fixtures/invalid/unknown_reference.codebook"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("codebook::unknown_reference"), "{err}");
    assert!(
        err.matches("codebook::unknown_reference").count() >= 3,
        "all three unknown names: {err}"
    );
}

#[test]
fn several_files_worst_exit_wins() {
    let o = codebook(&[
        "check",
        TUTORIAL,
        "tests/fixtures/invalid/wrong_kind.codebook",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = codebook(&["check", TUTORIAL, "no/such/file.codebook"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_file_and_directory_exit_2() {
    let o = codebook(&["check", "no-such-file.codebook"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    let o = codebook(&["check", "schemas"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("directory"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(codebook(&[]).status.code(), Some(2));
    assert_eq!(codebook(&["check"]).status.code(), Some(2));
    assert_eq!(
        codebook(&["check", "--deny", "no_such_lint", TUTORIAL])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        codebook(&["build", TUTORIAL, "--to", "pdf"]).status.code(),
        Some(2)
    );
}

#[test]
fn non_utf8_is_reported_with_its_byte() {
    let dir = temp_dir("utf8");
    let path = dir.join("latin1.codebook");
    std::fs::write(&path, b"study \"Stra\xdfe\"\n").expect("write");
    let o = codebook(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("codebook::invalid_utf8") && err.contains("byte 11") && err.contains("0xDF"),
        "{err}"
    );
    assert!(!err.contains("UTF-16"), "{err}");
    let o = codebook_in(&dir, &["check", "latin1.codebook"]);
    insta::assert_snapshot!("latin1", stderr(&o));
}

/// A file of another kind given to `check` by mistake (a Word document is a zip archive, a PDF
/// is binary) is named, once, with what to do: not "not UTF-8", not a hundred syntax errors.
#[test]
fn files_of_other_kinds_are_named_once() {
    let dir = temp_dir("foreign");
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00".to_vec();
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    let cases: [(&str, Vec<u8>, &str); 8] = [
        (
            "study.codebook",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xf6R\x87]word/document.xml\xb3)".to_vec(),
            "this is a Word document (.docx)",
        ),
        ("old.codebook", doc, "an older Word"),
        (
            "paper.codebook",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "this is a PDF document",
        ),
        (
            "codes.xlsx",
            b"PK\x03\x04\x14\x00\x06\x00xl/workbook.xml\x9c".to_vec(),
            "an Excel workbook",
        ),
        (
            "project.qdpx",
            b"PK\x03\x04\x14\x00\x00\x00project.qde\x9c".to_vec(),
            "codebook import",
        ),
        (
            "scan.codebook",
            b"\x89PNG\r\n\x1a\n\x00\x00".to_vec(),
            "this is a PNG image",
        ),
        (
            "codings.csv",
            b"coder_a,coder_b\ntrust,trust\n".to_vec(),
            "codebook agree --units",
        ),
        (
            "study.json",
            b"{\n  \"schema_version\": 1,\n  \"structures\": []\n}\n".to_vec(),
            "`codebook build --to json`",
        ),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.join(name), &bytes).expect("write");
        let o = codebook_in(&dir, &["check", name]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert_eq!(err.matches("codebook::").count(), 1, "{name}: {err}");
        assert!(err.contains("codebook::not_a_codebook"), "{name}: {err}");
        assert!(!err.contains("UTF-8:"), "{name}: {err}");
    }
    // `build` and `fmt` read a file the same way.
    let o = codebook_in(&dir, &["build", "paper.codebook", "--to", "markdown"]);
    assert!(
        stderr(&o).contains("codebook::not_a_codebook"),
        "{}",
        stderr(&o)
    );
    let o = codebook_in(&dir, &["fmt", "--check", "scan.codebook"]);
    assert!(
        stderr(&o).contains("codebook::not_a_codebook"),
        "{}",
        stderr(&o)
    );
    insta::assert_snapshot!(
        "word_document",
        stderr(&codebook_in(&dir, &["check", "study.codebook"]))
    );
}

#[test]
fn empty_file_and_binary_garbage_do_not_panic() {
    let dir = temp_dir("garbage");
    let empty = dir.join("empty.codebook");
    std::fs::write(&empty, b"").expect("write");
    let o = codebook(&["check", empty.to_str().expect("path")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "an empty codebook declares nothing wrong"
    );
    assert!(
        stderr(&o).contains("codebook::empty_codebook"),
        "{}",
        stderr(&o)
    );
    let garbage = dir.join("garbage.codebook");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&garbage, bytes).expect("write");
    let o = codebook(&["check", garbage.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn deep_nesting_and_long_lines_are_diagnostics_not_crashes() {
    let dir = temp_dir("deep");
    let deep = dir.join("deep.codebook");
    std::fs::write(&deep, "structure s \"S\" {\n".repeat(100_000)).expect("write");
    let o = codebook(&["check", deep.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("codebook::too_deep"), "{}", stderr(&o));
    let long = dir.join("long.codebook");
    let mut text = String::from("quote \"");
    text.push_str(&"word ".repeat(2_000_000));
    text.push_str("\" {\n  by: \"x\", 2017\n}\n");
    std::fs::write(&long, text).expect("write");
    let o = codebook(&["check", long.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "the quote supports nothing");
    assert!(
        stderr(&o).contains("codebook::quote_without_concept"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let f = "tests/fixtures/invalid/unused_actor.codebook";
    assert_eq!(codebook(&["check", f]).status.code(), Some(0));
    assert_eq!(
        codebook(&["check", "--deny", "warnings", f]).status.code(),
        Some(1)
    );
    assert_eq!(
        codebook(&["check", "--deny", "unused_actor", f])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        codebook(&["check", "--deny", "single_child", f])
            .status
            .code(),
        Some(0)
    );
    let o = codebook(&["check", "--allow", "unused_actor", f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("codebook::unused_actor"));
}

#[test]
fn json_error_format_is_json_on_stdout() {
    let o = codebook(&[
        "check",
        "--error-format",
        "json",
        "tests/fixtures/invalid/duplicate_definition.codebook",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = stdout_json(&o);
    let d = &v["files"][0]["diagnostics"][0];
    for key in [
        "code", "severity", "message", "file", "span", "labels", "help",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert!(d["span"]["line"].as_u64().is_some() && d["span"]["column"].as_u64().is_some());
}

#[test]
fn build_writes_nothing_for_an_invalid_codebook() {
    let dir = temp_dir("build-invalid");
    let out = dir.join("out.json");
    std::fs::write(&out, "previous output").expect("write");
    let o = codebook(&[
        "build",
        "tests/fixtures/invalid/wrong_kind.codebook",
        "--to",
        "json",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&out).expect("still there"),
        "previous output"
    );
}

#[test]
fn build_replaces_output_and_refuses_to_overwrite_its_input() {
    let dir = temp_dir("build-ok");
    let out = dir.join("out.json");
    std::fs::write(&out, "previous output").expect("write");
    succeeds(
        "",
        &[
            "build",
            TUTORIAL,
            "--to",
            "json",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    let written = std::fs::read_to_string(&out).expect("written");
    assert!(written.starts_with('{') && written.contains("\"schema_version\": 1"));
    assert!(
        std::fs::read_dir(&dir).expect("dir").count() == 1,
        "no temporary file left behind"
    );

    let input = dir.join("copy.codebook");
    std::fs::copy(TUTORIAL, &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    let o = codebook(&[
        "build",
        input.to_str().expect("path"),
        "--to",
        "json",
        "-o",
        input.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

#[test]
fn build_into_a_missing_directory_exits_2() {
    let o = codebook(&[
        "build",
        TUTORIAL,
        "--to",
        "json",
        "-o",
        "no/such/dir/out.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    assert!(!Path::new("no/such/dir").exists());
}

#[test]
fn too_large_is_refused_before_parsing() {
    // The library refuses it before pest sees it...
    let big = "#".repeat(codebook::syntax::MAX_FILE_BYTES + 1);
    let outcome = codebook::compile(&big);
    assert_eq!(outcome.diagnostics.len(), 1);
    assert_eq!(outcome.diagnostics[0].code.name(), "too_large");
    drop(big);
    // ...and the command line before reading it (a sparse file: no disk, no memory).
    let dir = temp_dir("too-large");
    let path = dir.join("huge.codebook");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(codebook::syntax::MAX_FILE_BYTES as u64 + 1)
        .expect("sparse file");
    let o = codebook(&["check", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("codebook::too_large"), "{}", stderr(&o));
}

#[test]
fn explain_lists_codes() {
    let o = codebook(&["explain"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("unknown_reference"));
    assert_eq!(
        codebook(&["explain", "unknown_reference"]).status.code(),
        Some(0)
    );
    assert_eq!(codebook(&["explain", "nope"]).status.code(), Some(2));
}

// ----- nothing lost: atomic replacement, unwritable places, interrupted runs ---------------

#[test]
fn output_is_replaced_by_a_new_file_not_rewritten_in_place() {
    // A program that has the old output open keeps reading the whole old file: the new one
    // is written beside it and renamed over it.
    let dir = temp_dir("replace");
    let out = dir.join("out.json");
    let old = "previous output ".repeat(10_000);
    std::fs::write(&out, &old).expect("write");
    let mut reader = std::fs::File::open(&out).expect("open");
    succeeds("", &["build", TUTORIAL, "--to", "json", "-o", path(&out)]);
    let mut seen = String::new();
    std::io::Read::read_to_string(&mut reader, &mut seen).expect("read");
    assert_eq!(seen, old, "the open file was changed under its reader");
    let new = std::fs::read_to_string(&out).expect("read");
    assert!(new.starts_with('{') && new.ends_with("}\n"), "{new}");
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        1,
        "no temporary file left"
    );
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// Whether this process can create files in `dir` (as root it can, whatever the mode says).
fn can_write_in(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, "x").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

#[test]
fn an_unwritable_output_directory_exits_2_and_keeps_the_old_output() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("read-only");
    let out = dir.join("out.json");
    std::fs::write(&out, "previous output").expect("write");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let o = codebook(&["build", TUTORIAL, "--to", "json", "-o", path(&out)]);
    let root = can_write_in(&dir);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    if root {
        // Running as root (as CI does): the mode does not stop the write, so this case cannot
        // be shown here; the places below refuse root too.
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    } else {
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("cannot write") && err.contains("out.json"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(&out).expect("read"),
            "previous output"
        );
        assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);
    }

    // Places nobody can write, root included: a directory of the kernel's, and a path through
    // a file. Both are exit 2 with a message naming the output.
    std::fs::write(&out, "previous output").expect("write");
    let o = codebook(&[
        "build",
        TUTORIAL,
        "--to",
        "json",
        "-o",
        "/proc/codebook-out.json",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/proc/codebook-out.json"),
        "{}",
        stderr(&o)
    );
    let o = codebook(&[
        "build",
        TUTORIAL,
        "--to",
        "json",
        "-o",
        &format!("{}/x.json", path(&out)),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        "previous output"
    );
}

/// Start `args`, kill it (SIGKILL) after `delay`; whether it had already finished.
fn kill_after(args: &[&str], delay: std::time::Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the codebook binary runs");
    std::thread::sleep(delay);
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    let _ = child.wait();
    finished
}

/// The temporary files `output::write_atomic` leaves when killed mid-write: `.NAME.RANDOM.tmp`.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_output_or_the_whole_new_one() {
    let dir = temp_dir("killed-build");
    let input = dir.join("big.codebook");
    std::fs::write(
        &input,
        codebook::synth::generate(codebook::synth::Spec {
            quotes: 20_000,
            seed: 7,
        }),
    )
    .expect("write");
    let out = dir.join("out.json");
    let args = ["build", path(&input), "--to", "json", "-o", path(&out)];
    // What an uninterrupted run writes.
    let o = codebook(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let complete = std::fs::read(&out).expect("read");
    let mut interrupted = 0;
    for ms in [0, 20, 50, 100, 200, 300, 500, 800, 1200, 2000] {
        std::fs::write(&out, "previous output").expect("write");
        if !kill_after(&args, std::time::Duration::from_millis(ms)) {
            interrupted += 1;
        }
        let now = std::fs::read(&out).expect("the output is still there");
        assert!(
            now == b"previous output" || now == complete,
            "killed after {ms} ms: the output is neither the old file nor the whole new one ({} bytes)",
            now.len()
        );
        // A kill between writing the temporary file and renaming it leaves that file (the
        // process gets no chance to remove it); it is never the output itself.
        for name in leftovers(&dir, &["big.codebook", "out.json"]) {
            assert!(
                name.starts_with(".out.json.") && name.ends_with(".tmp"),
                "{name}"
            );
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    assert!(
        interrupted > 0,
        "no run was interrupted; use a bigger input"
    );
}

#[test]
fn a_killed_fmt_leaves_the_codebook_whole() {
    let dir = temp_dir("killed-fmt");
    let file = dir.join("big.codebook");
    // Unformatted: every line indented by four spaces and blank lines doubled.
    let source: String = codebook::synth::generate(codebook::synth::Spec {
        quotes: 20_000,
        seed: 11,
    })
    .lines()
    .map(|l| format!("    {}\n\n", l.trim_start()))
    .collect();
    let formatted = codebook::format::format(&source).expect("formats");
    assert_ne!(formatted, source);
    let mut interrupted = 0;
    for ms in [0, 20, 50, 100, 200, 300, 500, 800, 1200, 2000] {
        std::fs::write(&file, &source).expect("write");
        if !kill_after(&["fmt", path(&file)], std::time::Duration::from_millis(ms)) {
            interrupted += 1;
        }
        let now = std::fs::read_to_string(&file).expect("the codebook is still there");
        assert!(
            now == source || now == formatted,
            "killed after {ms} ms: the codebook is neither as it was nor formatted ({} bytes)",
            now.len()
        );
        for name in leftovers(&dir, &["big.codebook"]) {
            assert!(
                name.starts_with(".big.codebook.") && name.ends_with(".tmp"),
                "{name}"
            );
            let _ = std::fs::remove_file(dir.join(name));
        }
    }
    assert!(
        interrupted > 0,
        "no run was interrupted; use a bigger input"
    );
}

#[test]
fn an_output_that_is_the_input_under_another_name_is_refused_or_harmless() {
    let dir = temp_dir("aliases");
    let input = dir.join("study.codebook");
    std::fs::copy(TUTORIAL, &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    // Through a symbolic link, and through `..`: refused.
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&input, &link).expect("symlink");
    let dotted = format!(
        "{}/../{}/study.codebook",
        path(&dir),
        dir.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    );
    for out in [path(&link), dotted.as_str()] {
        let o = codebook(&["build", path(&input), "--to", "json", "-o", out]);
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("refusing"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&input).expect("read"), before, "{out}");
    }
    // A hard link is another name for the same file (same device and inode): refused too.
    let hard = dir.join("hard.json");
    std::fs::hard_link(&input, &hard).expect("hard link");
    let o = codebook(&["build", path(&input), "--to", "json", "-o", path(&hard)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(&input).expect("read"), before);
}

// ----- messages a researcher reads ----------------------------------------------------------

/// A small valid codebook with one of nearly everything.
const ONE_OF_EACH: &str = r#"structure contact "Keeping in touch" {
  dimension rhythm "Rhythms of contact" {
    theme routine "Routine" {
      concept standups "Daily stand-ups"
      concept weekly_notes "Weekly notes"
    }
    theme ad_hoc "Ad hoc" {
      concept quick_calls "Quick calls"
      concept chat_threads "Chat threads"
    }
  }
}
actor eng "Engineering team"
group devs "Developers" {
  members: eng
}
interview lead "team lead" {
  actor: eng
  date: 2025
}
quote "Every morning at nine we meet for ten minutes." {
  source: lead
  supports: standups, weekly_notes, quick_calls, chat_threads
}
phase settling "Settling in" 2025
matrix contact_by_phase "Contact by phase" {
  columns {
    settling: devs
  }
  row rhythm {
    settling devs: routine
  }
}
"#;

#[test]
fn one_of_a_kind_is_counted_in_the_singular() {
    let dir = temp_dir("singular");
    let file = dir.join("one.codebook");
    std::fs::write(&file, ONE_OF_EACH).expect("write");
    let o = succeeds("stats", &["stats", path(&file)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("1 structure, 7 codes, 1 quote, 1 source, 1 actor, 1 phase, 1 matrix"),
        "{out}"
    );
    // A diagnostic's counts, and the summary line.
    let o = codebook(&[
        "check",
        "tests/fixtures/invalid/total_mismatch__one_observation.codebook",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("add up to 1 observation\n"), "{err}");
    assert!(
        err.contains("has 1 recurring interview but only 0 interviews"),
        "{err}"
    );
    assert!(!err.contains("1 observations"), "{err}");
    let o = codebook(&["check", "tests/fixtures/invalid/unused_actor.codebook"]);
    assert!(
        stderr(&o).contains(": ok, with 1 warning\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_empty_codebook_is_a_warning_that_can_be_denied_or_allowed() {
    let dir = temp_dir("empty");
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.codebook", b"", "is empty"),
        ("blank.codebook", b"\n  \n\t\n", "is empty"),
        ("bom.codebook", b"\xEF\xBB\xBF\r\n", "is empty"),
        (
            "comments.codebook",
            b"# To do: the codes.\n\n  # More later\n",
            "only comments",
        ),
    ];
    for (name, bytes, says) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).expect("write");
        let o = codebook(&["check", path(&file)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("codebook::empty_codebook") && err.contains(says),
            "{name}: {err}"
        );
        assert!(err.contains("ok, with 1 warning"), "{name}: {err}");
        let o = codebook(&["check", "--deny", "warnings", path(&file)]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let o = codebook(&["check", "--allow", "empty_codebook", path(&file)]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        assert!(
            !stderr(&o).contains("empty_codebook"),
            "{name}: {}",
            stderr(&o)
        );
    }
    // A file that declares anything at all is not empty, even if it is only a comment and
    // one `allow:` line.
    let file = dir.join("allow.codebook");
    std::fs::write(&file, "# Nothing yet.\nallow: unused_actor\n").expect("write");
    let o = codebook(&["check", path(&file)]);
    assert!(!stderr(&o).contains("empty_codebook"), "{}", stderr(&o));
    // A comment ends at a lone carriage return: what follows it is a statement.
    let file = dir.join("cr.codebook");
    std::fs::write(&file, "# Nothing yet.\rallow: unused_actor\n").expect("write");
    let o = codebook(&["check", path(&file)]);
    assert!(!stderr(&o).contains("empty_codebook"), "{}", stderr(&o));
}

/// Runs the binary; it must exit with `code` and say `says` on standard error.
fn exits_saying(code: i32, says: &str, args: &[&str]) -> Output {
    let o = codebook(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "codebook {args:?}: {err}");
    assert!(err.contains(says), "codebook {args:?}: {err}");
    o
}

/// The process's standard output, which must be JSON.
fn stdout_json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stderr(o)))
}

/// Runs the binary in `dir`, so that file names in its output are the same on every machine.
fn codebook_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the codebook binary runs")
}

#[test]
fn utf16_is_named_and_the_fix_given() {
    let dir = temp_dir("utf16");
    let text = "study \"Straße\" {\n  year: 2020\n}\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(dir.join("notepad.codebook"), &le).expect("write");
    std::fs::write(dir.join("no-bom.codebook"), &be).expect("write");
    for name in ["notepad.codebook", "no-bom.codebook"] {
        let o = codebook_in(&dir, &["check", name]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("saved as UTF-16") && err.contains("Save As… → Encoding: UTF-8"),
            "{name}: {err}"
        );
        assert!(!err.contains("byte"), "not the generic message: {err}");
        // fmt refuses it too, and leaves the file as it was.
        let before = std::fs::read(dir.join(name)).expect("read");
        let o = codebook_in(&dir, &["fmt", name]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
        assert_eq!(std::fs::read(dir.join(name)).expect("read"), before);
    }
    let o = codebook_in(&dir, &["check", "notepad.codebook"]);
    insta::assert_snapshot!("utf16", stderr(&o));
}

#[test]
fn json_lists_files_that_cannot_be_read_with_the_reason() {
    let dir = temp_dir("json-unreadable");
    std::fs::create_dir(dir.join("folder")).expect("mkdir");
    std::fs::write(dir.join("latin1.codebook"), b"study \"Stra\xdfe\"\n").expect("write");
    std::fs::copy(root().join(TUTORIAL), dir.join("ok.codebook")).expect("copy");
    let huge = std::fs::File::create(dir.join("huge.codebook")).expect("create");
    huge.set_len(codebook::syntax::MAX_FILE_BYTES as u64 + 1)
        .expect("sparse file");
    let files = [
        "missing.codebook",
        "folder",
        "latin1.codebook",
        "huge.codebook",
        "ok.codebook",
    ];
    let mut args = vec!["check", "--error-format", "json"];
    args.extend(files);
    let o = codebook_in(&dir, &args);
    assert_eq!(o.status.code(), Some(2), "a file could not be read");
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let v = stdout_json(&o);
    let listed = v["files"].as_array().expect("files");
    assert_eq!(listed.len(), files.len(), "{v}");
    let expect = [
        (
            "missing.codebook",
            Some(("codebook::unreadable_file", "no such file")),
        ),
        (
            "folder",
            Some(("codebook::unreadable_file", "is a directory")),
        ),
        (
            "latin1.codebook",
            Some(("codebook::invalid_utf8", "byte 11 is 0xDF")),
        ),
        ("huge.codebook", Some(("codebook::too_large", "MiB"))),
        ("ok.codebook", None),
    ];
    for (f, (name, want)) in listed.iter().zip(expect) {
        assert_eq!(f["file"], name, "{f}");
        let diags = f["diagnostics"].as_array().expect("diagnostics");
        match want {
            None => assert!(diags.is_empty() && f["errors"] == 0, "{f}"),
            Some((code, reason)) => {
                assert_eq!(f["errors"], 1, "{f}");
                let d = &diags[0];
                assert_eq!(d["code"], code, "{f}");
                assert_eq!(d["file"], name, "{f}");
                assert_eq!(d["severity"], "error", "{f}");
                let message = d["message"].as_str().expect("a message");
                assert!(message.contains(reason), "{f}");
                assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{f}");
                assert!(d["span"]["line"].as_u64().is_some(), "{f}");
            }
        }
    }
    // The same for commands that read one file.
    for args in [
        ["stats", "--error-format", "json", "missing.codebook"].as_slice(),
        &[
            "build",
            "--to",
            "json",
            "--error-format",
            "json",
            "missing.codebook",
        ],
    ] {
        let o = codebook_in(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let v = stdout_json(&o);
        assert_eq!(
            v["files"][0]["diagnostics"][0]["code"], "codebook::unreadable_file",
            "{v}"
        );
    }
    // People get one plain line and what to do, no source snippet.
    let o = codebook_in(&dir, &["check", "missing.codebook"]);
    insta::assert_snapshot!("missing_file", stderr(&o));
}

// ----- build: options an output does not read, tables it does not have ----------------------

/// Which options each `--to` reads, as the README and `--help` describe them.
const READS: &[(&str, &[&str])] = &[
    ("json", &[]),
    ("refi-qdc", &[]),
    ("refi-qdpx", &[]),
    ("latex", &["--table", "--standalone"]),
    ("markdown", &["--table", "--standalone"]),
    ("svg", &["--figure", "--structure", "--counts"]),
    (
        "tikz",
        &["--figure", "--structure", "--counts", "--standalone"],
    ),
];

#[test]
fn an_option_is_read_or_refused_never_ignored() {
    // The reference study has two structures, so `--structure` draws one of them.
    let study = "schemas/schmidt-2025-strategizing.codebook";
    let dir = temp_dir("options");
    let options: [&[&str]; 5] = [
        &["--table", "modes"],
        &["--standalone"],
        &["--figure", "timeline"],
        &["--structure", "modes"],
        &["--counts"],
    ];
    for (to, reads) in READS {
        let out = dir.join(format!("out.{to}"));
        let run = |extra: &[&str]| {
            let mut args = vec!["build", study, "--to", to, "-o", path(&out)];
            args.extend(extra);
            let o = codebook(&args);
            let written = std::fs::read(&out).ok();
            let _ = std::fs::remove_file(&out);
            (o, written)
        };
        let (o, plain) = run(&[]);
        assert_eq!(o.status.code(), Some(0), "--to {to}: {}", stderr(&o));
        for option in options {
            let (o, written) = run(option);
            if reads.contains(&option[0]) {
                // Read: it changes what is written.
                assert_eq!(
                    o.status.code(),
                    Some(0),
                    "--to {to} {option:?}: {}",
                    stderr(&o)
                );
                assert!(written != plain, "--to {to} {option:?} changes nothing");
            } else {
                assert_eq!(
                    o.status.code(),
                    Some(2),
                    "--to {to} {option:?}: {}",
                    stderr(&o)
                );
                let err = stderr(&o);
                assert!(
                    err.contains(&format!("`{}` does nothing with `--to {to}`", option[0]))
                        && err.contains("help: leave it out"),
                    "--to {to} {option:?}: {err}"
                );
                assert!(written.is_none(), "--to {to} {option:?} wrote a file");
            }
        }
    }
    // The structure figure's options do nothing for the timeline.
    for option in [["--counts"].as_slice(), &["--structure", "contact"]] {
        let mut args = vec!["build", TUTORIAL, "--to", "svg", "--figure", "timeline"];
        args.extend(option);
        let o = codebook(&args);
        assert_eq!(o.status.code(), Some(2), "{option:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("does nothing with `--figure timeline`"),
            "{}",
            stderr(&o)
        );
    }
    let o = codebook(&["build", TUTORIAL, "--to", "svg", "--table", "contact"]);
    insta::assert_snapshot!("table_with_svg", stderr(&o));
    let o = codebook(&["build", TUTORIAL, "--to", "latex", "--counts"]);
    insta::assert_snapshot!("counts_with_latex", stderr(&o));
}

#[test]
fn table_help_names_the_named_tables() {
    let o = succeeds("help", &["build", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    let table = help
        .split("--table <NAME>")
        .nth(1)
        .and_then(|h| h.split("\n  -").next())
        .unwrap_or_default();
    use codebook::emit::tables::{ACTORS, CODEBOOK, COMPACT_SUFFIX, PHASES, SOURCES};
    for name in [ACTORS, SOURCES, CODEBOOK, PHASES] {
        assert!(
            table.contains(&format!("`{name}`")),
            "{name} missing: {table}"
        );
    }
    assert!(table.contains(COMPACT_SUFFIX), "{table}");
    // Every table the tutorial has is one the help describes: a named table, a structure's
    // or matrix's identifier, or a structure's `-compact` table.
    let c = codebook::compile(&std::fs::read_to_string(root().join(TUTORIAL)).expect("read"))
        .compiled
        .expect("compiles");
    let ids: Vec<&str> = c
        .codebook
        .structures
        .iter()
        .map(|s| s.id.id.as_str())
        .chain(c.codebook.matrices.iter().map(|m| m.id.id.as_str()))
        .collect();
    for name in codebook::emit::tables::names(&c) {
        let base = name.strip_suffix(COMPACT_SUFFIX).unwrap_or(&name);
        assert!(
            ids.contains(&base) || [ACTORS, SOURCES, CODEBOOK, PHASES].contains(&name.as_str()),
            "the help does not describe the table `{name}`"
        );
    }
}

#[test]
fn an_unknown_table_is_a_usage_error_naming_the_tables() {
    let o = codebook(&["build", TUTORIAL, "--to", "markdown", "--table", "contakt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("did you mean `contact`?"), "{err}");
    for name in [
        "actors",
        "sources",
        "contact",
        "contact-compact",
        "codebook",
    ] {
        assert!(err.contains(name), "{name}: {err}");
    }
    assert!(
        !err.contains('╭') && !err.contains("│"),
        "no source snippet: {err}"
    );
    insta::assert_snapshot!("unknown_table", err);
    // Programs get it as a diagnostic.
    let args = ["build", TUTORIAL, "--to", "latex", "--table", "contakt"];
    let o = codebook(&[&args[..], &["--error-format", "json"]].concat());
    assert_eq!(o.status.code(), Some(2));
    let v = stdout_json(&o);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "codebook::unknown_table", "{v}");
    assert!(
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("contact-compact")),
        "{v}"
    );
    // A figure of something the codebook does not have is the same kind of mistake.
    exits_saying(
        2,
        "did you mean `contact`?",
        &["build", TUTORIAL, "--to", "svg", "--structure", "contakt"],
    );
    let two = "schemas/two-level.codebook";
    exits_saying(
        2,
        "no phase",
        &["build", two, "--to", "svg", "--figure", "timeline"],
    );
}

/// A file with no size to check (a FIFO, as /dev/zero or /dev/urandom would be) is read only
/// up to the limit and then refused, not read until memory runs out.
#[cfg(unix)]
#[test]
fn an_endless_input_is_refused_at_the_limit() {
    let dir = temp_dir("endless");
    let fifo = dir.join("endless.codebook");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write as _;
            let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(fifo) else {
                return;
            };
            let block = vec![b' '; 1 << 20];
            // More than the limit; the reader stops early, so a write then fails: that ends it.
            for _ in 0..(codebook::syntax::MAX_FILE_BYTES >> 20) + 8 {
                if f.write_all(&block).is_err() {
                    return;
                }
            }
        })
    };
    let o = codebook(&["check", fifo.to_str().expect("UTF-8 path")]);
    let _ = writer.join();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("too_large"), "{}", stderr(&o));
}

/// `--version` names the commit the binary was built from, so a report (or a stale binary
/// earlier on the PATH) can be told apart; outside a git checkout it is the package's version
/// alone.
#[test]
fn version_names_the_commit_it_was_built_from() {
    let o = succeeds("", &["--version"]);
    let out = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let plain = format!("codebook {}", env!("CARGO_PKG_VERSION"));
    let head = Command::new("git")
        .args(["rev-parse", "--short=7", "HEAD"])
        .current_dir(root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        Some(commit) => assert_eq!(out, format!("{plain} ({commit})")),
        None => assert_eq!(out, plain),
    }
}
