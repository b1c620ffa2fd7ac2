//! Write a synthetic codebook:
//! `cargo run --release --example generate -- --quotes 10000 --seed 1 > big.codebook`
//!
//! Realistic and valid: quotes of 100-600 characters with Unicode punctuation and umlauts, three
//! levels with about N/20 concepts, 5-10 structures, phases, sources with totals, a matrix.
//! The same arguments give the same file on every machine.

use codebook::synth::{Spec, generate};
use std::io::Write;

fn main() -> std::process::ExitCode {
    let mut quotes = 1000usize;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next();
        let parsed = match (a.as_str(), value.as_deref()) {
            ("--quotes", Some(v)) => v.parse().map(|v| quotes = v).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|v| seed = v).is_ok(),
            _ => false,
        };
        if !parsed {
            eprintln!("usage: generate [--quotes N] [--seed S]");
            return std::process::ExitCode::from(2);
        }
    }
    let text = generate(Spec { quotes, seed });
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(_) => std::process::ExitCode::from(2),
    }
}
