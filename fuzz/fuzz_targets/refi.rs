//! The REFI-QDA emitters on every codebook that compiles without errors: the codebook (.qdc)
//! and the project archive (.qdpx); and what was exported imports again.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    if let Ok(qdc) = codebook::emit::refi::render_qdc(&c) {
        let _ = codebook::import::import_bytes("fuzz.qdc", "fuzz.qdc", qdc.as_bytes());
    }
    if let Ok(qdpx) = codebook::emit::refi::render_qdpx(&c) {
        let _ = codebook::import::import_bytes("fuzz.qdpx", "fuzz.qdpx", &qdpx);
    }
});
