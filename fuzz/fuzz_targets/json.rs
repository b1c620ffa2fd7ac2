//! The JSON emitter on every codebook that compiles without errors: valid JSON, the same bytes
//! twice.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(c) = common::valid(data) else { return };
    let a = codebook::emit::json::render(&c);
    let b = codebook::emit::json::render(&c);
    assert_eq!(a, b, "JSON output is not deterministic");
    let v: serde_json::Value = serde_json::from_str(&a).expect("the JSON emitter writes JSON");
    assert_eq!(v, codebook::emit::json::to_value(&c));
});
