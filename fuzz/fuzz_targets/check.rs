//! Arbitrary text through the whole front end (parse, lower, check) and both diagnostic
//! renderers: every diagnostic points into the text, nothing panics.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::text(data) else {
        return;
    };
    let outcome = codebook::compile(source);
    for d in &outcome.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.len(),
            "{:?} {:?}",
            d.code,
            d.span
        );
        for l in &d.labels {
            assert!(
                l.span.start <= l.span.end && l.span.end <= source.len(),
                "{:?} label {:?}",
                d.code,
                l.span
            );
        }
    }
    let _ = codebook::report::human("fuzz.codebook", source, &outcome.diagnostics);
    let _ = codebook::report::json("fuzz.codebook", source, &outcome.diagnostics);
});
