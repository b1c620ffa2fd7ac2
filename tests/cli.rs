//! The command line, run as a process: exit codes, streams, and files left alone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn codebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the codebook binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codebook-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const TUTORIAL: &str = "schemas/tutorial.codebook";

#[test]
fn valid_file_exits_0() {
    let o = codebook(&["check", TUTORIAL]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
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
    let o = codebook(&[
        "build",
        TUTORIAL,
        "--to",
        "json",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
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
    let big = "#".repeat(codebook::syntax::MAX_FILE_BYTES + 1);
    let outcome = codebook::compile(&big);
    assert_eq!(outcome.diagnostics.len(), 1);
    assert_eq!(outcome.diagnostics[0].code.name(), "too_large");
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
