//! Write a synthetic codebook:
//! `cargo run --release --example generate -- --quotes 10000 --seed 1 > big.codebook`
//!
//! Realistic and valid: quotes of 100-600 characters with Unicode punctuation and umlauts, three
//! levels with about N/20 concepts, 5-10 structures, phases, sources with totals, a matrix.
//! The same arguments give the same file on every machine.
//!
//! `--held-out` writes in the style of the held-out study of issue 20 (quotes of 150-700
//! characters with words in other scripts, 7 % `"""`, 45 % wrapped, 22 % inside their concept's
//! block, 12 % supporting two concepts); `--triple P`, `--wrapped P`, `--nested P` and
//! `--two-concepts P` set one share (percent), after `--held-out` if both are given.

use codebook::synth::{Spec, Style, generate_styled};
use std::io::Write;

fn main() -> std::process::ExitCode {
    let mut quotes = 1000usize;
    let mut seed = 1u64;
    let mut style = Style::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--held-out" {
            style = Style::held_out();
            continue;
        }
        let value = args.next();
        let percent = |v: &str| v.parse::<u8>().ok().filter(|p| *p <= 100);
        let parsed = match (a.as_str(), value.as_deref()) {
            ("--quotes", Some(v)) => v.parse().map(|v| quotes = v).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|v| seed = v).is_ok(),
            ("--triple", Some(v)) => percent(v).map(|p| style.triple = p).is_some(),
            ("--wrapped", Some(v)) => percent(v).map(|p| style.wrapped = p).is_some(),
            ("--nested", Some(v)) => percent(v).map(|p| style.nested = p).is_some(),
            ("--two-concepts", Some(v)) => percent(v).map(|p| style.two_concepts = p).is_some(),
            _ => false,
        };
        if !parsed {
            eprintln!(
                "usage: generate [--quotes N] [--seed S] [--held-out] [--triple P] [--wrapped P] [--nested P] [--two-concepts P]"
            );
            return std::process::ExitCode::from(2);
        }
    }
    let text = generate_styled(Spec { quotes, seed }, style);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::from(2),
    }
}
