//! Helpers shared by the fuzz targets (each target includes this file as a module).
#![allow(dead_code)]

use codebook::Compiled;

/// The input as text, when it is UTF-8 (the command line reports other bytes as
/// `invalid_utf8` before the library sees them).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The input compiled, when it compiles without errors: emitters are only ever handed such
/// codebooks. Every diagnostic is also rendered, as the command line would.
pub fn valid(data: &[u8]) -> Option<Compiled> {
    let source = text(data)?;
    let outcome = codebook::compile(source);
    let _ = codebook::report::json("fuzz.codebook", source, &outcome.diagnostics);
    if outcome.has_errors() {
        return None;
    }
    outcome.compiled
}

/// Panics unless `out` is LaTeX that cannot run anything the input wrote: every control
/// sequence is one the escaper or the emitters write, braces balance, and neither `^^` nor an
/// unescaped `% $ & # _ ^` appears. `allowed` lists the control words that may appear (besides
/// control symbols such as `\{`).
pub fn assert_inert_latex(out: &str, allowed: &[&str], what: &str) {
    assert!(!out.contains("^^"), "`^^` in {what}: {out:?}");
    let mut depth: i64 = 0;
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(&n) = chars.peek() else {
                    panic!("a lone `\\` at the end of {what}: {out:?}");
                };
                if n.is_ascii_alphabetic() {
                    let mut word = String::new();
                    while let Some(&l) = chars.peek() {
                        if !l.is_ascii_alphabetic() {
                            break;
                        }
                        word.push(l);
                        chars.next();
                    }
                    assert!(
                        allowed.contains(&word.as_str()),
                        "control word `\\{word}` in {what}: {out:?}"
                    );
                } else {
                    chars.next();
                    assert!(
                        "{}$&#%_-,`'^~=.\"\\ ".contains(n),
                        "control symbol `\\{n}` in {what}: {out:?}"
                    );
                }
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                assert!(depth >= 0, "a `}}` closes nothing in {what}: {out:?}");
            }
            '%' | '$' | '&' | '#' | '_' | '^' => {
                panic!("unescaped `{c}` in {what}: {out:?}")
            }
            c if c.is_control() && c != '\n' => {
                panic!("control character U+{:04X} in {what}: {out:?}", c as u32)
            }
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced braces in {what}: {out:?}");
}

/// The control words `emit::latex::escape` writes.
pub const ESCAPE_WORDS: &[&str] = &[
    "textbackslash",
    "textasciicircum",
    "textasciitilde",
    "textless",
    "textgreater",
    "textbar",
    "textquotedbl",
    "textasciigrave",
    "dots",
    "textquoteleft",
    "textquoteright",
    "quotesinglbase",
    "textquotedblleft",
    "textquotedblright",
    "quotedblbase",
    "guillemotleft",
    "guillemotright",
    "guilsinglleft",
    "guilsinglright",
    "enskip",
    "quad",
    "hspace",
    "par",
    // Accent commands for combining marks (`\u{a}`, `\r{a}`, ...).
    "u",
    "r",
    "H",
    "v",
    "d",
    "c",
    "k",
    "b",
];
