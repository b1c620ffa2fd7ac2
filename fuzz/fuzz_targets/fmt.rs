//! `codebook fmt` on arbitrary text: never a panic; when it formats, the result parses, means
//! the same (same diagnostics by code; for a valid file the same JSON model), and formatting it
//! again changes nothing.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fn codes(o: &codebook::Outcome) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = o.diagnostics.iter().map(|d| d.code.name()).collect();
    v.sort_unstable();
    v
}

fuzz_target!(|data: &[u8]| {
    let Some(source) = common::text(data) else {
        return;
    };
    let Ok(formatted) = codebook::format::format(source) else {
        return;
    };
    let before = codebook::compile(source);
    let after = codebook::compile(&formatted);
    assert!(
        codebook::syntax::parse(&formatted).is_ok(),
        "formatted text does not parse:\n{formatted}\n{:?}",
        after.diagnostics.first().map(|d| &d.message)
    );
    assert_eq!(
        codes(&before),
        codes(&after),
        "diagnostics differ after formatting:\n{formatted}"
    );
    if !before.has_errors()
        && let (Some(a), Some(b)) = (&before.compiled, &after.compiled)
    {
        assert_eq!(
            codebook::emit::json::render(a),
            codebook::emit::json::render(b),
            "the model differs after formatting:\n{formatted}"
        );
    }
    match codebook::format::format(&formatted) {
        Ok(again) => assert_eq!(again, formatted, "formatting is not idempotent"),
        Err(d) => panic!("formatted text does not format: {d:?}"),
    }
});
