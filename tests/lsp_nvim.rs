//! End to end with a real editor: Neovim, headless, starts `codebook lsp` through its built-in
//! LSP client (`tests/lsp_nvim.lua`), opens a schema with an error, and reports the
//! diagnostics it shows, where its go-to-definition lands and the buffer after a rename it
//! applied itself. Neovim is Debian's `neovim` package (`.ci/run` installs it).

mod common;

use serde_json::Value;
use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn neovim_shows_diagnostics_jumps_to_definitions_and_applies_a_rename() {
    let nvim = common::tool("nvim");
    let dir = common::temp_dir("nvim");
    let file = dir.join("study.codebook");
    let fixture = common::root().join("tests/fixtures/lsp/study.codebook");
    std::fs::copy(&fixture, &file).expect("the fixture is copied");
    let out = dir.join("result.json");
    let script = common::root().join("tests/lsp_nvim.lua");
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("CODEBOOK_BIN", env!("CARGO_BIN_EXE_codebook"))
        .env("CODEBOOK_FILE", &file)
        .env("CODEBOOK_OUT", &out)
        .current_dir(&dir)
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("Neovim starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("Neovim runs").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&out).expect("the script wrote its result");
    let result: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(result["ok"], true, "{result:#}");

    // The misspelt concept, where the server put it, with its code and its did-you-mean.
    let diagnostics = result["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{result:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "unknown_reference");
    assert_eq!(
        (d["lnum"].as_u64(), d["col"].as_u64()),
        (Some(33), Some(12))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean `notizen`"),
        "{d}"
    );

    // From `team` after `"Gäste aus Köln 𝄞", ` (UTF-16 positions on the wire, bytes in
    // Neovim's cursor) to `actor team`, line 19, byte 6.
    assert_eq!(
        result["definition"],
        serde_json::json!([19, 6]),
        "{result:#}"
    );

    // The rename Neovim applied: the declaration and both references, nothing else.
    let lines: Vec<&str> = result["lines"]
        .as_array()
        .expect("buffer lines")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let source = std::fs::read_to_string(&fixture).expect("fixture");
    let expected: Vec<String> = source
        .lines()
        .map(|l| {
            l.replace("phase anfang", "phase beginn")
                .replace("phase: anfang", "phase: beginn")
        })
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(lines.iter().filter(|l| l.contains("beginn")).count(), 3);
}
