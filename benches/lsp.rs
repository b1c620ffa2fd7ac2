//! `cargo bench --bench lsp`: how long the language server takes to re-check a document after
//! a change, for the reference study (`schemas/schmidt-2025-strategizing.codebook`, goal
//! ≤ 20 ms) and a generated codebook of 10,000 quotes (goal ≤ 200 ms).
//!
//! The server runs in process over `lsp_server::Connection::memory()`, as an editor would
//! drive it: each run sends a `didChange` (one character inserted, then taken out again, so
//! the text stays the same size) and waits for the `publishDiagnostics` it answers with, which
//! is a full `compile` of the new text. A second column adds a `textDocument/definition`
//! right after the change, which makes the server analyse the new text for navigation
//! (recovering parse, lowering, checking and the occurrence index). Beside them, the time of
//! `codebook::validate` on the same text alone, the floor the server adds to. Medians of 21
//! runs.
//! Results go to stdout as a Markdown table; docs/performance.md records a run.

// The client of the tests (tests/lsp.rs), so the two cannot drift apart.
#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

use lsp_client::Client;
use serde_json::json;
use std::time::{Duration, Instant};

const RUNS: usize = 21;

/// Insert (or, with `undo`, delete again) one space at the start of line `line`.
fn change(client: &Client, version: i32, line: u32, undo: bool) {
    let text = if undo { "" } else { " " };
    client.change(version, (line, 0), (line, u32::from(undo)), text);
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (median after a change until diagnostics; the same plus a go-to-definition)
fn measure(text: &str) -> (Duration, Duration) {
    let mut client = Client::start(&[]);
    client.open(text);
    // A line in the middle of the file, and a position on its first word.
    let line = (text.lines().count() / 2) as u32;
    let mut version = 0;
    let (mut check, mut navigate) = (Vec::new(), Vec::new());
    for run in 0..RUNS * 2 {
        version += 1;
        let start = Instant::now();
        change(&client, version, line, run % 2 == 1);
        client.diagnostics();
        check.push(start.elapsed());
        let start = Instant::now();
        version += 1;
        change(&client, version, line, run % 2 == 0);
        client.diagnostics();
        client.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": lsp_client::URI }, "position": { "line": line, "character": 3 } }),
        );
        navigate.push(start.elapsed());
    }
    client.stop();
    (median(check), median(navigate))
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read.
    let study = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/schmidt-2025-strategizing.codebook"
    );
    let study = std::fs::read_to_string(study).expect("the reference study is in the repository");
    let synthetic = codebook::synth::generate(codebook::synth::Spec {
        quotes: 10_000,
        seed: 1,
    });
    println!(
        "| codebook | size KB | `validate` alone, ms | change → diagnostics, ms | change → diagnostics + definition, ms | goal |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, text, goal) in [
        ("reference study (schmidt-2025-strategizing)", &study, 20),
        ("synthetic, 10,000 quotes (seed 1)", &synthetic, 200),
    ] {
        // The floor: the library's check of the same text, in this process, at this moment
        // (on a shared machine, load moves every figure).
        let alone = median(
            (0..RUNS)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(codebook::validate(text));
                    start.elapsed()
                })
                .collect(),
        );
        let (check, navigate) = measure(text);
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | ≤ {goal} ms |",
            text.len() / 1000,
            ms(alone),
            ms(check),
            ms(navigate)
        );
    }
}
