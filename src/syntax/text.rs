//! How quoted text is read.
//!
//! Text may be wrapped over several lines for readability: a line break and the indentation
//! around it read as one space; an empty line starts a new paragraph (`\n\n` in the model).
//! In `"..."` the only escapes are `\"` and `\\`; any other backslash stays as written.
//! In `"""..."""` nothing is escaped at all.

/// Fold the inside of a `"..."` string.
pub fn fold_plain(raw: &str) -> String {
    if !raw.contains('\\') {
        return fold(raw);
    }
    let mut unescaped = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"') => unescaped.push('"'),
                Some('\\') => unescaped.push('\\'),
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
    fold(&unescaped)
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
    }
}
