//! What the formatter writes out: the output buffer, and texts quoted and wrapped.

// ----- output -------------------------------------------------------------------------------

#[derive(Default)]
pub(super) struct Out {
    pub(super) buf: String,
    /// The current column, in characters.
    pub(super) col: usize,
}

impl Out {
    pub(super) fn text(&mut self, s: &str) {
        self.buf.push_str(s);
        self.col += s.chars().count();
    }

    pub(super) fn spaces(&mut self, n: usize) {
        for _ in 0..n {
            self.buf.push(' ');
        }
        self.col += n;
    }

    pub(super) fn newline(&mut self) {
        self.buf.push('\n');
        self.col = 0;
    }
}

pub(super) fn width(s: &str) -> usize {
    crate::emit::text::width(s)
}

// ----- texts --------------------------------------------------------------------------------

/// How a text is quoted: its opening and closing delimiters, and whether `\` and `"` are
/// escaped.
pub(super) struct Quoting {
    pub(super) open: &'static str,
    pub(super) close: &'static str,
    pub(super) escape: bool,
}

pub(super) fn quoting(value: &str) -> Quoting {
    if value.contains('"') && !value.contains("\"\"\"") && !needs_escapes(value) {
        Quoting {
            open: "\"\"\"",
            // A text may end in `"`: the last three marks close it (`"""say "hi""""`).
            close: "\"\"\"",
            escape: false,
        }
    } else {
        Quoting {
            open: "\"",
            close: "\"",
            escape: true,
        }
    }
}

pub(super) fn escaped(s: &str, q: &Quoting) -> String {
    if !q.escape {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether a text is paragraphs as a blank line writes them: parts between `\n\n` that are
/// not empty and hold no other line break nor blanks at their edges (every text read from a
/// codebook without escapes is). Such a text is laid out with blank lines; any other line break
/// is written `\n`.
pub(super) fn plain_paragraphs(value: &str) -> bool {
    value
        .split("\n\n")
        .all(|p| !p.is_empty() && !p.contains('\n') && p.trim() == p)
}

/// Whether a text holds what only an escape can write: a carriage return, a tab, or a line
/// break other than between paragraphs.
fn needs_escapes(value: &str) -> bool {
    value.contains(['\r', '\t']) || (value.contains('\n') && !plain_paragraphs(value))
}

/// The one-line form of a text, if it has one (no paragraph break laid out as a blank line).
pub(super) fn inline_str(value: &str) -> Option<String> {
    if value.contains('\n') && plain_paragraphs(value) {
        return None;
    }
    Some(literal(value))
}

/// A text as a quoted string that reads back as `value` (a paragraph break is kept as a blank
/// line), not yet laid out: `codebook import` writes its texts with it, then lays the whole
/// file out with [`format`], so an imported file is already in `fmt`'s form.
pub(crate) fn literal(value: &str) -> String {
    let q = quoting(value);
    format!("{}{}{}", q.open, escaped(value, &q), q.close)
}

/// A paragraph's words: the pieces between single spaces that have no other white space on
/// either side, so that a line break there reads back as exactly that one space.
pub(super) fn words(p: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..chars.len().saturating_sub(1) {
        let (i, c) = chars[k];
        if c == ' ' && !chars[k - 1].1.is_whitespace() && !chars[k + 1].1.is_whitespace() {
            out.push(&p[start..i]);
            start = i + 1;
        }
    }
    out.push(&p[start..]);
    out
}

/// A text `fmt` writes with escapes, split right after each line break (`\n`) that a line of
/// the source may end with: one followed by something a line can start with (not white space,
/// which the reader would drop at a line's start). A source line break there reads as nothing,
/// so a wrapped text ends each source line where a printed line ends.
pub(super) fn lines(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in value.char_indices() {
        let next = value.get(i + 1..).and_then(|rest| rest.chars().next());
        if c == '\n' && next.is_some_and(|n| !n.is_whitespace()) {
            out.push(value.get(start..=i).unwrap_or_default());
            start = i + 1;
        }
    }
    out.push(value.get(start..).unwrap_or_default());
    out
}
