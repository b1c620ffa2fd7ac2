//! A pipeline with the library alone: a file's bytes to any output, as `codebook build` makes
//! it (`src/main.rs` only parses arguments and prints).
//!
//! ```sh
//! cargo run --example pipeline -- schemas/tutorial.codebook latex > tables.tex
//! ```

use codebook::build::{BuildError, Options, Target, build};
use codebook::input::{Unreadable, decode};
use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, to] = args.as_slice() else {
        eprintln!(
            "usage: pipeline FILE.codebook TARGET (json, latex, markdown, svg, tikz, refi-qdc)"
        );
        return ExitCode::from(2);
    };
    let Some(target) = Target::ALL.into_iter().find(|t| t.name() == to) else {
        eprintln!("no target called {to}");
        return ExitCode::from(2);
    };
    // Bytes to text: a file that is too large or not UTF-8 is a diagnostic, like any other.
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(Unreadable::Content { shown, diagnostic }) => {
            eprint!("{}", codebook::report::human(path, &shown, &[*diagnostic]));
            return ExitCode::from(1);
        }
        Err(Unreadable::Io(d)) => {
            eprintln!("{path}: {d}");
            return ExitCode::from(2);
        }
    };
    // Text to a valid codebook, with every diagnostic.
    let outcome = codebook::compile(&text);
    if !outcome.diagnostics.is_empty() {
        eprint!(
            "{}",
            codebook::report::human(path, &text, &outcome.diagnostics)
        );
    }
    let Some(valid) = outcome.compiled else {
        return ExitCode::from(1);
    };
    // The valid codebook to the output.
    match build(&valid, target, &Options::default()) {
        Ok(out) => match std::io::stdout().write_all(&out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(2),
        },
        Err(BuildError::Unknown(d) | BuildError::Invalid(d)) => {
            eprint!("{}", codebook::report::human(path, &text, &d));
            ExitCode::from(1)
        }
    }
}
