//! How quoted text is read.
//!
//! Text may be wrapped over several lines for readability: a line break and the indentation
//! around it read as one space; an empty line starts a new paragraph (`\n\n` in the model).
//! In `"..."` the escapes are `\"`, `\\`, and `\n`, `\r`, `\t` (a line break, a carriage
//! return, a tab, kept exactly where they stand); any other backslash stays as written.
//! In `"""..."""` nothing is escaped at all.

/// Fold the inside of a `"..."` string, then read its escapes: folding first, so that an
/// escaped line break, carriage return or tab is kept where a written one would be folded.
pub fn fold_plain(raw: &str) -> String {
    let folded = fold(raw);
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

/// Fold the inside of a `"""..."""` string.
pub fn fold_triple(raw: &str) -> String {
    fold(raw)
}

/// Join wrapped lines with one space and paragraphs with a blank line.
pub fn fold(text: &str) -> String {
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
            out.push_str(if pending_break { "\n\n" } else { " " });
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
    fn escapes() {
        assert_eq!(fold_plain(r#"a \"b\" c\\d \e"#), r#"a "b" c\d \e"#);
        assert_eq!(fold_plain(r"before\rafter"), "before\rafter");
        assert_eq!(fold_plain("  \\tone\\n\n  two\\n  "), "\tone\n two\n");
        assert_eq!(fold_plain(r"C:\\new \x"), r"C:\new \x");
    }
}
