//! The SVG figures (structure, with and without counts, each structure alone; timeline) on
//! every codebook that compiles without errors.
#![no_main]
mod common;
use codebook::emit::figure::{Kind, Options, svg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    for counts in [false, true] {
        let _ = svg(
            &c,
            &Options {
                kind: Kind::Structure,
                structure: None,
                counts,
            },
        );
    }
    for s in c.codebook.structures.iter().take(4) {
        let _ = svg(
            &c,
            &Options {
                kind: Kind::Structure,
                structure: Some(&s.id.id),
                counts: true,
            },
        );
    }
    let _ = svg(
        &c,
        &Options {
            kind: Kind::Timeline,
            structure: None,
            counts: false,
        },
    );
});
