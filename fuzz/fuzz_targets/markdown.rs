//! The Markdown emitter on every codebook that compiles without errors, every table alone and
//! all together.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    let _ = codebook::emit::markdown::render(&c, None, false);
    let _ = codebook::emit::markdown::render(&c, None, true);
    for name in codebook::emit::tables::names(&c).iter().take(8) {
        let _ = codebook::emit::markdown::render(&c, Some(name), false);
    }
    let _ = codebook::emit::markdown::render(&c, Some("no_such_table"), false);
});
