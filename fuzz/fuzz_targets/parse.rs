//! Arbitrary text through the parser: a syntax tree or one diagnostic, never a panic.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::text(data) else {
        return;
    };
    match codebook::syntax::parse(source) {
        Ok(doc) => {
            for s in &doc.statements {
                let sp = s.span();
                assert!(
                    sp.start <= sp.end && sp.end <= source.len(),
                    "span {sp:?} outside the text"
                );
            }
            for c in &doc.comments {
                assert!(
                    source.get(c.span.clone()).is_some(),
                    "comment span {:?} not on char boundaries",
                    c.span
                );
            }
        }
        Err(diags) => {
            for d in diags {
                assert!(d.span.start <= source.len(), "diagnostic span {:?}", d.span);
            }
        }
    }
});
