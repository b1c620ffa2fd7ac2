//! The TikZ figures on every codebook that compiles without errors: never a panic, never `^^`.
#![no_main]
mod common;
use codebook::emit::figure::{Kind, Options, tikz};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    let mut outs = Vec::new();
    for standalone in [false, true] {
        outs.push(tikz(
            &c,
            &Options {
                kind: Kind::Structure,
                structure: None,
                counts: standalone,
            },
            standalone,
        ));
    }
    outs.push(tikz(
        &c,
        &Options {
            kind: Kind::Timeline,
            structure: None,
            counts: false,
        },
        false,
    ));
    for out in outs.into_iter().flatten() {
        assert!(!out.contains("^^"), "`^^` in TikZ output:\n{out}");
    }
});
