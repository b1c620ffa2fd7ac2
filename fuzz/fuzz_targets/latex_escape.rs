//! `emit::latex::escape` on arbitrary text: the result runs no command the text wrote (every
//! control sequence is one the escaper writes itself), has no `^^`, no unescaped
//! `% $ & # _ ^`, no control characters, and balanced braces; and what it leaves out as
//! untypesettable is what the text had.
#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = common::text(rest) else {
        return;
    };
    let mut bad = Vec::new();
    let out = codebook::emit::latex::escape(text, flags & 1 == 1, &mut bad);
    common::assert_inert_latex(&out, common::ESCAPE_WORDS, "escaped text");
    for c in &bad {
        assert!(
            text.contains(*c),
            "reported U+{:04X}, which the text does not have",
            *c as u32
        );
    }
    // Two escaped texts side by side are still inert (no ligature or command forms across).
    let twice = format!("{out}{out}");
    common::assert_inert_latex(&twice, common::ESCAPE_WORDS, "escaped text twice");
});
