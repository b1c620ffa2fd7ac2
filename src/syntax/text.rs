//! How quoted text is read.
//!
//! Text may be wrapped over several lines for readability: a line break and the indentation
//! around it read as one space (as nothing right after an escaped `\n`, which is the line's
//! break already: `fmt` wraps a text there); an empty line starts a new paragraph (`\n\n` in
//! the model).
//! In `"..."` the escapes are `\"`, `\\`, and `\n`, `\r`, `\t` (a line break, a carriage
//! return, a tab, kept exactly where they stand); any other backslash stays as written.
//! In `"""..."""` nothing is escaped at all.

/// Fold the inside of a `"..."` string, then read its escapes: folding first, so that an
/// escaped line break, carriage return or tab is kept where a written one would be folded.
pub fn fold_plain(raw: &str) -> String {
    let folded = fold_joining(raw, ends_in_line_break);
    if !folded.contains('\\') {
        return folded;
    }
    let mut unescaped = String::with_capacity(folded.len());
    let mut chars = folded.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"') => unescaped.push('"'),
                Some('\\') => unescaped.push('\\'),
                Some('n') => unescaped.push('\n'),
                Some('r') => unescaped.push('\r'),
                Some('t') => unescaped.push('\t'),
                Some(other) => {
                    unescaped.push('\\');
                    unescaped.push(other);
                }
                None => unescaped.push('\\'),
            }
        } else {
            unescaped.push(c);
        }
    }
    unescaped
}

/// The escapes in `"..."` texts that are almost never meant (`suspicious_escape`): `\t` and
/// `\r` anywhere, and `\n` right before a small letter outside a quote's text (`C:\temp\new`,
/// `\newline`: a path or a LaTeX command, which print a tab and a line break). A quote's text
/// may well mean a line break with `\n`, and so may any text before a capital (`"Expert
/// panel\nDelphi prioritisation"`: the items of a list in a table cell). Each is a warning whose fix doubles the backslash.
pub fn suspicious_escapes(source: &str) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    // Most files have none: one search for a backslash decides.
    if memchr::memchr(b'\\', bytes).is_none() {
        return found;
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |k| i + k),
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // To the closing `"""`, and the marks right after it (they belong to the text).
                i = memchr::memmem::find(&bytes[i + 3..], b"\"\"\"")
                    .map_or(bytes.len(), |k| i + 3 + k + 3);
                while bytes.get(i) == Some(&b'"') {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                // A quote's text: the first text on a line that starts with `quote`.
                let line = source[..i].rfind('\n').map_or(0, |k| k + 1);
                let head = source[line..i].trim_start();
                let quote_text = head
                    .strip_prefix("quote")
                    .is_some_and(|rest| rest.starts_with([' ', '\t']) && !rest.contains('"'));
                let mut k = i + 1;
                while k < bytes.len() && bytes[k] != b'"' {
                    if bytes[k] == b'\\' {
                        let next = bytes.get(k + 1).copied();
                        // `\new`, `\noindent`: a path or a command. `panel\nDelphi`: a line
                        // break before the next item of a list, which starts with a capital.
                        // (A line break in the source right after `\n` reads as nothing:
                        // the letter may stand on the next line.)
                        let mut after = k + 2;
                        while bytes
                            .get(after)
                            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r'))
                        {
                            after += 1;
                        }
                        if next == Some(b'n') && bytes.get(after) == Some(&b'\n') {
                            while bytes.get(after).is_some_and(u8::is_ascii_whitespace) {
                                after += 1;
                            }
                        } else {
                            after = k + 2;
                        }
                        let letter = bytes.get(after).is_some_and(u8::is_ascii_lowercase);
                        // `\n\n` is a paragraph break (how `fmt` writes a blank line inside
                        // a text), meant whatever follows it.
                        let paragraph = k >= 2
                            && &bytes[k - 2..k] == b"\\n"
                            && (k < 3 || bytes[k - 3] != b'\\');
                        let suspicious = match next {
                            Some(b't' | b'r') => true,
                            Some(b'n') => letter && !quote_text && !paragraph,
                            _ => false,
                        };
                        if suspicious {
                            let escape = &source[k..k + 2];
                            // The escape and the word it is read into (on the next line
                            // of the source, after a line break there).
                            let word_end = bytes[after..]
                                .iter()
                                .position(|b| !b.is_ascii_alphanumeric())
                                .map_or(bytes.len(), |e| after + e);
                            let written = format!("{escape}{}", &source[after..word_end]);
                            let means = match next {
                                Some(b't') => "a tab",
                                Some(b'r') => "a carriage return",
                                _ => "a line break",
                            };
                            found.push(
                                Diagnostic::new(
                                    DiagnosticCode::SuspiciousEscape,
                                    k..k + 2,
                                    format!("`{escape}` in this text is read as {means}, so `{written}` does not print as written"),
                                )
                                .label(format!("read as {means}"))
                                .help(Hint {
                                    text: format!(
                                        "for a backslash, write two: `\\\\{}`; if {means} is meant, allow this warning (`allow: suspicious_escape`)",
                                        &written[1..]
                                    ),
                                    suggestion: Some(format!("\\{escape}")),
                                }),
                            );
                        }
                        k += 2;
                        continue;
                    }
                    k += 1;
                }
                i = k + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Fold the inside of a `"""..."""` string.
pub fn fold_triple(raw: &str) -> String {
    fold(raw)
}

/// Join wrapped lines with one space and paragraphs with a blank line.
pub fn fold(text: &str) -> String {
    fold_joining(text, |_| false)
}

/// Whether folded text ends in the escape `\n` (not in `\\n`, a backslash and an `n`).
fn ends_in_line_break(folded: &str) -> bool {
    folded
        .strip_suffix('n')
        .is_some_and(|head| head.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1)
}

/// [`fold`], except that a line break in the source right after text for which `glued` holds
/// (in a `"..."` text, an escaped line break) reads as nothing: the escape is the break, and
/// the next line goes on from it, so that a source wrapped after each `\n` reads as printed.
fn fold_joining(text: &str, glued: impl Fn(&str) -> bool) -> String {
    if !text.contains('\n') {
        return text.trim().to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_break = false;
    for line in text.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            if pending_break {
                out.push_str("\n\n");
            } else if !glued(&out) {
                out.push(' ');
            }
        }
        pending_break = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_read_as_one_paragraph() {
        assert_eq!(
            fold("  There are\n    regular meetings  \n"),
            "There are regular meetings"
        );
    }

    #[test]
    fn blank_line_starts_a_paragraph() {
        assert_eq!(fold("one\n\n\n  two\nthree"), "one\n\ntwo three");
    }

    #[test]
    fn a_line_break_after_an_escaped_one_reads_as_nothing() {
        assert_eq!(
            fold_plain("Patient: it hurts.\\n\n      Doctor: where?"),
            "Patient: it hurts.\nDoctor: where?"
        );
        // A backslash and an `n` are no line break: the source's reads as a space.
        assert_eq!(fold_plain("C:\\\\n\n  x"), "C:\\n x");
        // A blank line is a paragraph break still.
        assert_eq!(fold_plain("a\\n\n\n  b"), "a\n\n\nb");
        assert_eq!(fold("a\\n\n  b"), "a\\n b");
    }

    #[test]
    fn escapes() {
        assert_eq!(fold_plain(r#"a \"b\" c\\d \e"#), r#"a "b" c\d \e"#);
        assert_eq!(fold_plain(r"before\rafter"), "before\rafter");
        // The source's line break after `\n` reads as nothing (the escape is the break).
        assert_eq!(fold_plain("  \\tone\\n\n  two\\n  "), "\tone\ntwo\n");
        assert_eq!(fold_plain(r"C:\\new \x"), r"C:\new \x");
    }
}
