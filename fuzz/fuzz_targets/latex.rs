//! The LaTeX emitter on every codebook that compiles without errors: never a panic, and the
//! document never has `^^` (TeX's character notation) in it.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fn inert(out: &str) {
    assert!(!out.contains("^^"), "`^^` in LaTeX output:\n{out}");
}

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    for standalone in [false, true] {
        if let Ok(out) = codebook::emit::latex::render(&c, None, standalone) {
            inert(&out);
        }
    }
    for name in codebook::emit::tables::names(&c).iter().take(8) {
        if let Ok(out) = codebook::emit::latex::render(&c, Some(name), false) {
            inert(&out);
        }
    }
});
