//! Mistakes that would throw the rest of a file out of step, found before it is parsed, and
//! the file read as if each were mended.
//!
//! A text whose closing `"` is missing runs on to the next `"`, which opened the next text:
//! from there every text is read inside out, and each line after it draws errors of its own.
//! One `}` too many closes the block around too early, and the declarations after it land at
//! the top level. A comment written `//` or `--` is no comment. Each is reported once, where
//! it was made, and the parser reads the file with that one place mended: the byte ranges of
//! the mended text are those of the file (a mark is replaced by one of the same length, padded
//! with blanks), so every position reported stays right.

use super::errors::{closing_indent, indent_of_line, scan_statements};
use super::{skip_comment, skip_string};
use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};

/// What [`repair`] found: the errors, and the text as the parser is to read it (none when
/// nothing was mended).
pub(super) struct Repaired {
    pub(super) text: Option<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// At most this many places are mended (the rest is left to the parser's own recovery).
const MOST: usize = 100;

/// At most this many `}` too many are mended.
const MOST_CLOSES: usize = 10;

/// Find the texts never closed, the comments written the wrong way and the `}` too many, in
/// this order (a text never closed moves every brace after it), and mend each.
/// `closes_too_many`: a `}` closes nothing at the top level, as the braces of the file read.
pub(super) fn repair(source: &str, closes_too_many: bool) -> Repaired {
    let mut copy = Copy {
        source,
        bytes: None,
    };
    let mut diagnostics = Vec::new();
    texts_and_comments(source, &mut copy, &mut diagnostics);
    // A brace moved out of a text, or a `}` that closes nothing at the top level.
    if closes_too_many || !diagnostics.is_empty() {
        extra_closes(&mut copy, &mut diagnostics);
    }
    // Only whole characters were written over whole characters: the text is still UTF-8.
    match copy.bytes.map(String::from_utf8) {
        None => Repaired {
            text: None,
            diagnostics,
        },
        Some(Ok(text)) => Repaired {
            text: Some(text),
            diagnostics,
        },
        Some(Err(_)) => Repaired {
            text: None,
            diagnostics: Vec::new(),
        },
    }
}

/// The file as mended so far: copied at the first place mended (most files have none).
struct Copy<'a> {
    source: &'a str,
    bytes: Option<Vec<u8>>,
}

impl Copy<'_> {
    /// Write ASCII `with` from byte `at` on (over whole characters).
    fn write(&mut self, at: usize, with: &[u8]) -> Option<()> {
        let source = self.source;
        let bytes = self.bytes.get_or_insert_with(|| source.as_bytes().to_vec());
        bytes.get_mut(at..at + with.len())?.copy_from_slice(with);
        Some(())
    }

    /// Blanks over `range`, with `mark` at `mark_at` in it.
    fn blank(&mut self, range: std::ops::Range<usize>, mark_at: usize, mark: u8) -> Option<()> {
        let mut with = vec![b' '; range.len()];
        *with.get_mut(mark_at.checked_sub(range.start)?)? = mark;
        self.write(range.start, &with)
    }

    fn text(&self) -> Option<&str> {
        match &self.bytes {
            None => Some(self.source),
            Some(b) => std::str::from_utf8(b).ok(),
        }
    }
}

/// Typographic marks that open a text (as the grammar's `typo_open`) and that end one
/// (`typo_close`).
const TYPO_OPEN: [char; 5] = ['“', '„', '”', '«', '»'];
const TYPO_CLOSE: [char; 5] = ['”', '“', '»', '«', '„'];

/// Read the file as the grammar reads texts and comments (`source`, of which `copy` is mended:
/// only what was read already, so the two read alike from `i` on); mend the texts never closed
/// and the comments written `//` or `--`.
fn texts_and_comments(source: &str, copy: &mut Copy<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(k) = source.as_bytes().get(i..).and_then(|rest| {
        rest.iter()
            .position(|b| matches!(b, b'"' | b'#' | b'/' | b'-' | 0xC2 | 0xE2 | 0xE3 | 0xEF))
    }) {
        i += k;
        if diagnostics.len() >= MOST {
            return;
        }
        match source.as_bytes()[i] {
            b'#' => i = skip_comment(bytes, i),
            // A text between `"""` is read to its end: nothing inside it is special.
            b'"' if source.get(i..).is_some_and(|s| s.starts_with("\"\"\""))
                && skip_string(bytes, i) > i + 1 =>
            {
                i = skip_string(bytes, i);
            }
            // `"""` never closed (the grammar would read `""` and a text from the third mark).
            b'"' if source.get(i..).is_some_and(|s| s.starts_with("\"\"\"")) => {
                match triple_unclosed(source, copy, i) {
                    Some((close, d)) => {
                        diagnostics.push(d);
                        i = close;
                    }
                    None => {
                        let end = skip_string(bytes, i);
                        i = unclosed(source, copy, i, i + 1, (end, end), diagnostics);
                    }
                }
            }
            // A mark right after a word, ending its line: the closing mark of a text whose
            // opening one is missing (`quote Everyone needs to be on board." {`).
            b'"' => {
                // Most texts open after a blank, `:` or `,` and end as texts do (`mend_text`'s
                // first test): both are tested here, so a clean file calls nothing more.
                let after_word = i
                    .checked_sub(1)
                    .and_then(|k| bytes.get(k))
                    .is_some_and(|&b| {
                        b.is_ascii_alphanumeric()
                            || b >= 0x80
                            || matches!(b, b'.' | b'?' | b'!' | b')')
                    });
                let end = skip_string(bytes, i);
                let ends = end < bytes.len()
                    && matches!(
                        bytes.get(end + 1),
                        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'}' | b',')
                    );
                if after_word && let Some(d) = no_opening(source, copy, i) {
                    diagnostics.push(d);
                } else if ends {
                    i = end;
                } else {
                    i = unclosed(source, copy, i, i + 1, (end, end), diagnostics);
                }
            }
            b'/' | b'-' => {
                if let Some(d) = slashes(bytes, copy, i) {
                    diagnostics.push(d);
                    i = skip_comment(bytes, i);
                }
            }
            _ => {
                if let Some(end) = lookalikes(source, copy, i, diagnostics) {
                    i = end;
                    continue;
                }
                if let Some(c) = source
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .filter(|c| TYPO_OPEN.contains(c))
                {
                    let from = i + c.len_utf8();
                    let end = typographic_end(source, from);
                    i = unclosed(source, copy, i, from, end, diagnostics);
                }
            }
        }
        i += 1;
    }
}

/// A text mended, as its help shows it: its words on one line (the first 60 characters),
/// between `open` and `close`, and ` {` when its line opens a block.
fn shown_fix(text: &str, open: &str, close: &str, brace: bool) -> String {
    let shown = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let long = shown.chars().count() > 60;
    format!(
        "{open}{}{}{close}{}",
        shown.chars().take(60).collect::<String>(),
        if long { " …" } else { "" },
        if brace { " {" } else { "" }
    )
}

/// The `"""` at `open`, never closed: mended to end where its first line does (before a `{`
/// ending it, or a later line's for a label wrapped, as [`mend_text`] reads it), as a text
/// between single marks of the same length (its own `"` marks made `'`); the error, and the
/// index of the mended closing mark.
fn triple_unclosed(source: &str, copy: &mut Copy<'_>, open: usize) -> Option<(usize, Diagnostic)> {
    let from = open + 3;
    let text = source.get(from..)?;
    let first = &text[..meant_end(text)];
    let body = first.trim_end_matches([' ', '\t', '\r']);
    let (body, brace) = match body.strip_suffix('{') {
        Some(b) => (b.trim_end_matches([' ', '\t']), true),
        None => (body, false),
    };
    // A text closed with one `"` (`"""We adapt "it" locally."`) ends before it.
    let (shown, close) = match body.strip_suffix('"') {
        Some(b) => (b, from + b.len()),
        None => (body, from + body.len()),
    };
    if shown.trim().is_empty() {
        return None;
    }
    // Mended: `"` and two blanks open it, its own marks become `'`, and it ends with a `"` over
    // the one it ended with, or over the blank (or the line break) after it.
    let after = *source.as_bytes().get(close)?;
    if close == from + body.len() && !matches!(after, b' ' | b'\t' | b'\n' | b'\r') {
        return None;
    }
    copy.write(open, b"\"  ")?;
    for (k, _) in shown.match_indices('"') {
        copy.write(from + k, b"'")?;
    }
    copy.write(close, b"\"")?;
    let fix = shown_fix(shown, "\"\"\"", "\"\"\"", brace);
    let d = Diagnostic::new(
        DiagnosticCode::SyntaxError,
        open..from,
        "the `\"\"\"` text opened here is never closed",
    )
    .label("opened here, never closed")
    .help(format!(
        "a text opened with `\"\"\"` ends with `\"\"\"` (one `\"` ends no such text): `{fix}`"
    ));
    Some((close, d))
}

/// The `"` at `at`, right after a word and ending its line (or followed by ` {`), with no mark
/// before it on its line: the closing mark of a text never opened (`quote Everyone needs to
/// be on board." {`, `by: Focus group 3"`). The text starts after `key:`, else after the
/// declaration's keyword and, for a kind that takes one, its identifier; the mark is put in
/// over the blank before it. Only a mark right after a word gets past the first test: a clean
/// file pays one comparison per text.
fn no_opening(source: &str, copy: &mut Copy<'_>, at: usize) -> Option<Diagnostic> {
    let before = source.get(..at)?;
    if !before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '?' | '!' | ')' | '…'))
    {
        return None;
    }
    let rest = source.get(at + 1..)?;
    let rest = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    let tail = rest.trim_start_matches([' ', '\t']);
    if !(tail.is_empty() || tail.starts_with('#') || tail.trim_end() == "{") {
        return None;
    }
    let line_start = before.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let line = &before[line_start..];
    if line.contains(['"', '“', '”', '„', '«', '»']) || line.trim_start().starts_with('#') {
        return None;
    }
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let code = &line[indent..];
    // Where the text starts in `code`.
    let start = match code.split_once(':') {
        Some((key, value))
            if !key.trim().is_empty()
                && key.split_whitespace().all(super::is_identifier)
                && !value.trim().is_empty() =>
        {
            key.len() + 1 + (value.len() - value.trim_start().len())
        }
        _ => {
            let words: Vec<(usize, &str)> = code
                .split([' ', '\t'])
                .scan(0, |k, w| {
                    let at = *k;
                    *k += w.len() + 1;
                    Some((at, w))
                })
                .filter(|(_, w)| !w.is_empty())
                .collect();
            let (kind_words, named) = match words.as_slice() {
                [(_, a), (_, b), ..] if crate::model::TWO_WORD_KINDS.contains(&(*a, *b)) => {
                    (2, true)
                }
                [(_, "quote" | "study"), ..] => (1, false),
                _ => (1, true),
            };
            let skip = if named && words.len() > kind_words + 1 {
                kind_words + 1
            } else {
                kind_words
            };
            if !words
                .iter()
                .take(skip)
                .all(|(_, w)| super::is_identifier(w))
            {
                return None;
            }
            words.get(skip)?.0
        }
    };
    let text_start = line_start + indent + start;
    let text = source.get(text_start..at)?;
    // The mark goes over the blank before the text.
    if text.trim().is_empty()
        || !matches!(
            source.as_bytes().get(text_start.checked_sub(1)?),
            Some(b' ' | b'\t')
        )
    {
        return None;
    }
    copy.write(text_start - 1, b"\"")?;
    let fix = format!("\"{text}\"");
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            text_start..at + 1,
            "this text has no opening `\"`",
        )
        .label("a text with its closing `\"` only")
        .help(Hint {
            text: format!(
                "put a `\"` where the text starts: `{}{fix}`",
                &code[..start]
            ),
            suggestion: Some(fix),
        }),
    )
}

/// Where the text between typographic quotes whose text starts at `from` ends, as the grammar
/// reads it: where the next typographic mark (of `typo_close`) starts and its last byte, or
/// the end of the file.
fn typographic_end(source: &str, from: usize) -> (usize, usize) {
    let rest = source.get(from..).unwrap_or("");
    rest.char_indices()
        .find(|(_, c)| TYPO_CLOSE.contains(c))
        .map_or((source.len(), source.len()), |(k, c)| {
            (from + k, from + k + c.len_utf8() - 1)
        })
}

/// A `//` or `--` where a statement or a comment could stand: a comment written as in another
/// language, mended to `# `.
fn slashes(bytes: &[u8], copy: &mut Copy<'_>, i: usize) -> Option<Diagnostic> {
    let mark = *bytes.get(i)?;
    if bytes.get(i + 1) != Some(&mark) {
        return None;
    }
    // What stands before it on its line: blanks only, or a blank and then something.
    let blanks = bytes
        .get(..i)?
        .iter()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'));
    let prev = bytes.get(..i - blanks.count())?.last();
    let at_start = matches!(prev, None | Some(b'\n' | b'\r'));
    if !at_start && !matches!(bytes.get(i - 1), Some(b' ' | b'\t')) {
        return None;
    }
    // `2012 -- 2016`: a range written with a dash, which the parser explains; `-->`: an arrow.
    let after = bytes.get(i + 2..)?;
    let next = after.iter().find(|b| !matches!(b, b' ' | b'\t'));
    if mark == b'-'
        && (after.first() == Some(&b'>')
            || next.is_some_and(u8::is_ascii_digit) && prev.is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let written = if mark == b'/' { "//" } else { "--" };
    copy.write(i, b"# ")?;
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            i..i + 2,
            format!("a comment starts with `#`, not `{written}`"),
        )
        .label("not a comment in a codebook")
        .help(Hint {
            text: format!("write `#` for `{written}`: everything after a `#` to the end of the line is a comment"),
            suggestion: Some("#".into()),
        }),
    )
}

/// The text opened at `open` (its mark), whose text the grammar reads from `from` up to
/// `end.0`, its closing mark ending at `end.1` (both the end of the file when it is never
/// closed). When it was most likely never closed, it is mended to end where its first line
/// does, with the error; the index of its closing mark's last byte, as read or as mended.
fn unclosed(
    source: &str,
    copy: &mut Copy<'_>,
    open: usize,
    from: usize,
    end: (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    match mend_text(source, copy, open, from, end) {
        Some((close, d)) => {
            diagnostics.push(d);
            close
        }
        None => end.1,
    }
}

fn mend_text(
    source: &str,
    copy: &mut Copy<'_>,
    open: usize,
    from: usize,
    (text_end, close_end): (usize, usize),
) -> Option<(usize, Diagnostic)> {
    let straight = source.as_bytes().get(open) == Some(&b'"');
    // `"""` never closed is read as `""` and a text from its third mark.
    let triple = straight && open >= 2 && source.get(open - 2..open) == Some("\"\"");
    let to_end = text_end >= source.len();
    let text = source.get(from..text_end)?;
    // A text read up to the mark that opened the next one goes on right after that mark
    // (`by: "IDN08"`), where a text that ends goes on with a blank, a `{`, a comma or its
    // line's end. (Any text between typographic quotes is an error already.)
    let goes_on = !matches!(
        source.as_bytes().get(close_end + 1),
        None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'{' | b'}' | b',')
    );
    // Most texts end as texts do: nothing more to look at (and their bytes are most of a file).
    if straight && !goes_on && !to_end {
        return None;
    }
    let lines = memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some();
    // `authors: "M. Müller, "J. Weiß"`, `levels code "Codes -> category "Categories"`: a text
    // on one line read up to the next one's mark, its value's separator before it.
    let one_line = straight && goes_on && !lines && text.ends_with([' ', '\t']);
    if one_line {
        return one_line_text(copy, open, from, text);
    }
    if !to_end && !((goes_on || !straight) && lines && runs_over(text)) {
        return None;
    }
    // Where the text was meant to end: before a `{` that ends its first line (or a later one,
    // a label wrapped, when no line before looks like a statement), else at the end of its
    // first line; a closing mark already there (a typographic one, or a straight one after a
    // typographic opening mark) is where it ends.
    let first = &text[..meant_end(text)];
    let body = first.trim_end_matches([' ', '\t']);
    let (body, brace) = match body.strip_suffix('{') {
        Some(b) => (b.trim_end_matches([' ', '\t']), true),
        None => (body, false),
    };
    // Values after it on its line (`by: "IDN09, 2014`, `"Real-time data 2015 .. 2018`) and a
    // comma that goes on to the next line are not the text's.
    let (body, after) = if brace {
        (body, "")
    } else {
        values_after(body)
    };
    let straight_close = if straight { None } else { body.find('"') };
    // `“Sub-Theme -> theme "Theme"`: the straight mark after a blank opens the next value.
    if let Some(k) = straight_close
        && body[..k].ends_with([' ', '\t'])
        && let Some(mended) = one_line_text(copy, open, from, &body[..k])
    {
        copy.blank(open..from, from - 1, b'"')?;
        return Some(mended);
    }
    let body = straight_close.map_or(body, |k| &body[..k]);
    let last = body.chars().next_back();
    let blank_after = matches!(source.as_bytes().get(from + body.len()), Some(b' ' | b'\t'));
    // The opening mark, straight: where it stands once mended.
    let quote_at = from - 1;
    // (Only where nothing needs the blank: after `:`, a comma or another blank, not between a
    // name and its label.)
    let blank_before = quote_at > 1
        && (!straight
            || matches!(source.as_bytes().get(quote_at - 1), Some(b' ' | b'\t'))
                && matches!(
                    source.as_bytes().get(quote_at - 2),
                    Some(b' ' | b'\t' | b':' | b',')
                ));
    // A mark put after a backslash would be escaped by it.
    let escaped = body.ends_with('\\');
    // What the text holds (shown in the help), and the mark put in: where, over how many
    // bytes, and whether the text moves a byte to the left to make room for it.
    let (shown, mark_at, mark_len, moved) = match (straight_close, last) {
        (Some(k), _) => (body, from + k, 1, false),
        (None, Some(c)) if TYPO_CLOSE.contains(&c) => {
            let k = body.len() - c.len_utf8();
            (&body[..k], from + k, c.len_utf8(), false)
        }
        // A blank after the text takes the mark; else the text moves a byte to the left, over
        // the blank before it (`by: "D`), or its last character gives way to the mark.
        (None, _) if blank_after && !escaped => (body, from + body.len(), 1, false),
        (None, Some(_)) if blank_before && !triple && !escaped => {
            (body, from + body.len() - 1, 1, true)
        }
        (None, Some(c)) => (body, from + body.len() - c.len_utf8(), c.len_utf8(), false),
        (None, None) => return None,
    };
    if !straight {
        copy.blank(open..from, quote_at, b'"')?;
    }
    if triple {
        copy.write(open - 2, b"  ")?;
    }
    if moved {
        let mut moved = Vec::with_capacity(body.len() + 2);
        moved.push(b'"');
        moved.extend_from_slice(body.as_bytes());
        moved.push(b'"');
        let at = quote_at - 1;
        if !straight {
            copy.write(quote_at, b" ")?;
        }
        copy.write(at, &moved)?;
    } else {
        copy.blank(mark_at..mark_at + mark_len, mark_at, b'"')?;
    }
    let fix = shown_fix(shown, "\"", &format!("\"{after}"), brace);
    let what = if straight {
        "end it with `\"` where it ends"
    } else {
        "write it between straight quotes, ending with `\"` where it ends"
    };
    let start = if triple { open - 2 } else { open };
    let mut d = Diagnostic::new(
        DiagnosticCode::SyntaxError,
        start..from,
        "this text is never closed",
    )
    .label("the text opened here is never closed");
    if !to_end {
        d = d.with(
            text_end..close_end + 1,
            "read as its closing quote mark: the lines before it were taken for text",
        );
    }
    Some((mark_at + mark_len - 1, d.help(format!("{what}: {fix}"))))
}

/// The first line of a text never closed, split into the text and what follows it as values:
/// a year or date (or a range of them) after a blank or a comma, or a comma ending the line.
fn values_after(line: &str) -> (&str, &str) {
    let text =
        line.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '.' | ' ' | '\t'));
    let dates = &line[text.len()..];
    let year = dates
        .trim_start()
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count()
        == 4
        && dates.trim_end().ends_with(|c: char| c.is_ascii_digit());
    let text = if year && (text.ends_with(',') || dates.starts_with([' ', '\t'])) {
        text
    } else {
        line
    };
    let kept = text.trim_end_matches([' ', '\t']);
    let kept = kept
        .strip_suffix(',')
        .unwrap_or(kept)
        .trim_end_matches([' ', '\t']);
    (kept, &line[kept.len()..])
}

/// A text on one line read up to the mark of the next value (see [`mend_text`]): mended to end
/// before the comma or the arrow that separates them.
fn one_line_text(
    copy: &mut Copy<'_>,
    open: usize,
    from: usize,
    text: &str,
) -> Option<(usize, Diagnostic)> {
    let trimmed = text.trim_end_matches([' ', '\t']);
    let (shown, close) = if let Some(before) = trimmed.strip_suffix(',') {
        // `"M. Müller, "J` becomes `"M. Müller","J`.
        copy.write(from + before.len(), b"\",")?;
        (before, from + before.len())
    } else {
        let k = text.find(" -> ").or_else(|| text.find(" → "))?;
        copy.write(from + k, b"\"")?;
        (&text[..k], from + k)
    };
    let shown = shown.trim_end_matches([' ', '\t']);
    let d = Diagnostic::new(
        DiagnosticCode::SyntaxError,
        open..from,
        "this text is never closed",
    )
    .label("the text opened here is never closed")
    .with(
        from + text.len()..from + text.len() + 1,
        "read as its closing quote mark: the next value's opening one",
    )
    .help(format!(
        "end it with `\"` where it ends: \"{}\"",
        shown.chars().take(60).collect::<String>()
    ));
    Some((close, d))
}

/// Where the line ends that a text never closed was meant to end on (see [`mend_text`]).
fn meant_end(text: &str) -> usize {
    let mut at = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        let end = at + line.trim_end_matches(['\n', '\r']).len();
        let code = line.trim_matches([' ', '\t', '\r', '\n']);
        // A label wrapped goes on with words: not a blank line, a `}`, a statement with more
        // than words (`map a -> b`, `by: "A"`), or a declaration's line with its own label.
        let brace = code.ends_with('{');
        if k > 0
            && (code.is_empty()
                || code == "}"
                || statement_like(code, false)
                || brace && code.contains('"')
                || !brace && code.contains([':', '"', '>', '→']) && super::is_statement(code))
        {
            break;
        }
        if brace {
            return end;
        }
        at += line.len();
    }
    text.find(['\n', '\r']).unwrap_or(text.len())
}

/// Whether a text that runs over several lines holds lines that are most likely statements: it
/// was never closed, and the parser read the lines after it as its text.
fn runs_over(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    lines.iter().enumerate().any(|(k, line)| {
        // On the last line, the text stopped where a quoted value began (after a blank).
        let last = k + 1 == n && line.ends_with([' ', '\t']);
        let line = line.trim_matches([' ', '\t', '\r']);
        let inner = k + 1 < n;
        // A line that opens a block, or one that closes one.
        (inner && line.ends_with('{'))
            || (k > 0 && inner && line == "}")
            || (k > 0 && (inner || last) && statement_like(line, last))
            // The next text's mark first on its line (a value list wrapped).
            || (k > 0 && last && line.is_empty())
    })
}

/// `by: "IDN08"` (a property of a declaration), `concept staff "Friendly staff"` (a
/// declaration): the start of a line, as a text read past its end leaves it; on the text's
/// last line, the text stopped where the statement's quoted value begins.
fn statement_like(line: &str, last: bool) -> bool {
    // A property: its key one or more names (`quote heading:`, `p1 hc_hi1:` in a matrix).
    if let Some((key, values)) = line.split_once(':')
        && !key.is_empty()
        && key
            .split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .all(super::is_identifier)
    {
        // `by:` alone (or `column: perspective`) ends the text where a value's text began;
        // elsewhere only a property a declaration takes, with a value as a property has it
        // (`source: the practice.` is prose).
        return if last {
            values.trim().is_empty() || super::is_statement(line)
        } else {
            known_property(key.trim()) && super::is_statement(line)
        };
    }
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let kind = crate::model::schema::DECLARATIONS
        .iter()
        .any(|d| d.kind == first)
        || ["concept", "theme", "dimension", "member", "row", "columns"].contains(&first);
    // `concept staff` (then the label's `"`; any kind, a level's own word too),
    // `concept staff "Friendly staff"`.
    let second = words.next();
    // `quote ` alone: a quote's text was the next one.
    if second.is_none() {
        return last && super::is_identifier(first);
    }
    // `columns {`: a block without a name.
    if second == Some("{") && words.next().is_none() {
        return kind;
    }
    second.is_some_and(super::is_identifier)
        && match words.next() {
            None => last && super::is_identifier(first),
            Some(w) => kind && (w.starts_with('"') || w == "{"),
        }
}

fn known_property(key: &str) -> bool {
    crate::model::schema::DECLARATIONS
        .iter()
        .any(|d| d.spellings().any(|s| s == key))
}

/// One `}` too many: the file's braces read (mended texts and all), and at each `}` that would
/// close nothing at the top level, the `}` before it that the indentation says is extra is
/// reported and mended to a blank.
fn extra_closes(copy: &mut Copy<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // Each is found by a scan of the whole file: a few, and the parser reports the rest.
    for _ in 0..MOST_CLOSES {
        let Some(text) = copy.text() else {
            return;
        };
        let Some((extra, closer)) = first_extra(text) else {
            return;
        };
        if let Found::NoOpen(end) = extra {
            // The block's `{` goes at the end of its line: over the blank or the line break
            // after its text (a `{` followed by the next line's statement opens the block as
            // well); where neither stands there, the error alone.
            let fits = matches!(text.as_bytes().get(end), Some(b' ' | b'\t' | b'\n' | b'\r'));
            diagnostics.push(no_open(text, end, closer));
            if !fits || copy.write(end, b"{").is_none() {
                return;
            }
            continue;
        }
        let Found::Extra(extra) = extra else {
            return;
        };
        let mut d = Diagnostic::new(
            DiagnosticCode::SyntaxError,
            extra..extra + 1,
            "this `}` closes no block",
        )
        .label("one `}` too many");
        if let Some(c) = closer {
            d = d.with(
                c..c + 1,
                "the block it would close ends here, indented as it opened",
            );
        }
        diagnostics
            .push(d.help("remove it: by the indentation, the block before it is already closed"));
        if copy.write(extra, b" ").is_none() {
            return;
        }
    }
}

/// What [`first_extra`] found.
enum Found {
    /// The `}` too many, at this offset.
    Extra(usize),
    /// A declaration whose block has no `{`: where the text of its line ends.
    NoOpen(usize),
}

/// The error for a declaration whose line ends at `end` without the `{` of its block, which
/// the `}` at `closer` closes.
fn no_open(text: &str, end: usize, closer: Option<usize>) -> Diagnostic {
    let last = text
        .get(..end)
        .and_then(|b| b.chars().next_back())
        .map_or(1, char::len_utf8);
    let line_start = text
        .get(..end)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |k| k + 1);
    let line = text.get(line_start..end).unwrap_or("").trim_start();
    let mut d = Diagnostic::new(
        DiagnosticCode::SyntaxError,
        end - last..end,
        "this block has no `{`",
    )
    .label("the `{` is missing at the end of this line");
    if let Some(c) = closer {
        d = d.with(c..c + 1, "the `}` that closes its block");
    }
    d.help(Hint {
        text: format!(
            "the lines below it are indented as its block, and a `}}` closes it: end the line with ` {{`, `{line} {{`"
        ),
        suggestion: text.get(end - last..end).map(|c| format!("{c} {{")),
    })
}

/// The first `}` too many, found by the indentation (or the declaration whose `{` is missing),
/// and the `}` that then closes the block it would have closed (that closes the block without
/// a `{`).
fn first_extra(text: &str) -> Option<(Found, Option<usize>)> {
    // The braces up to the first `}` that closes nothing, each `{` with its statement's
    // indentation, each `}` with its own when it is the first on its line.
    let mut braces: Vec<(usize, bool, Option<usize>)> = Vec::new();
    let mut depth = 0usize;
    let mut stray = false;
    scan_statements(text, |i, b, line| {
        let indent = if b == b'{' {
            depth += 1;
            indent_of_line(text, line)
        } else {
            closing_indent(text, i)
        };
        braces.push((i, b == b'{', indent));
        if b == b'}' {
            stray = depth == 0;
            depth = depth.saturating_sub(1);
        }
        !stray
    });
    if !stray {
        return None;
    }
    // Each `}` indented more than the block it would close is a candidate (the one too many
    // closes the block around early, and each `}` after it up to the top level is one too);
    // of the last few, the one whose removal leaves the fewest `}` at odds with their block's
    // indentation (the first of those) is the one too many.
    let mut stack: Vec<Option<usize>> = Vec::new();
    let mut candidates = Vec::new();
    for (k, &(_, open, indent)) in braces.iter().enumerate() {
        if open {
            stack.push(indent);
        } else if let Some(o) = stack.pop()
            && let (Some(c), Some(o)) = (indent, o)
            && c > o
        {
            candidates.push((k, c));
        }
    }
    let mut best: Option<(usize, usize, Option<usize>)> = None;
    let last = candidates.len().saturating_sub(16);
    for &(k, c) in candidates.get(last..).unwrap_or(&[]) {
        let at = braces[k].0;
        if let Some(line) = closes_a_declaration(text, at, c) {
            // The first block without its `{` (the lines under it indented deeper) is the
            // mistake: the `}` after it closes nothing only because of it.
            if let Some(end) = opens_a_block(text, line, c) {
                return Some((Found::NoOpen(end), Some(at)));
            }
            continue;
        }
        let (odd, closer) = at_odds(&braces, k);
        if best.is_none_or(|b| odd < b.1) {
            best = Some((at, odd, closer));
        }
    }
    best.map(|(i, _, closer)| (Found::Extra(i), closer))
}

/// The end of the text of the declaration line starting at `line` (before blanks and a
/// comment), if the next line that holds a statement is indented deeper than `indent`: the
/// lines of a block whose `{` is missing.
fn opens_a_block(text: &str, line: usize, indent: usize) -> Option<usize> {
    let rest = text.get(line..)?;
    let eol = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let own = &rest[..eol];
    let code = own.split(" #").next().unwrap_or(own).trim_end();
    let next = rest[eol..]
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let deeper = next.len() - next.trim_start_matches([' ', '\t']).len() > indent;
    (deeper && !code.trim().is_empty()).then_some(line + code.len())
}

/// Whether the `}` at `i`, indented by `indent`, most likely closes the declaration above it
/// whose `{` is missing (`dimension d "D" (`): the line before it indented as far or less is
/// indented as it is and is a declaration without a `{` (not a property, nor a `}`). Where
/// that line starts, if so.
fn closes_a_declaration(text: &str, i: usize, indent: usize) -> Option<usize> {
    let before = text.get(..i).unwrap_or("");
    let before = &before[..before.rfind(['\n', '\r']).unwrap_or(0)];
    // Each line with where it starts, from the last.
    let mut end = before.len();
    let (start, line, k) = std::iter::from_fn(|| {
        if end == 0 {
            return None;
        }
        let start = before[..end].rfind(['\n', '\r']).map_or(0, |k| k + 1);
        let line = &before[start..end];
        end = start.saturating_sub(1);
        Some((start, line))
    })
    .map(|(s, l)| (s, l, l.len() - l.trim_start_matches([' ', '\t']).len()))
    .find(|(_, l, k)| *k <= indent && !l.trim().is_empty() && !l.trim().starts_with('#'))?;
    let code = line.trim();
    let property = code
        .split_once(':')
        .is_some_and(|(key, _)| key.split_whitespace().all(super::is_identifier));
    (k == indent && !code.starts_with('}') && !code.ends_with('{') && !property).then_some(start)
}

/// With the `}` at `skip` of `region` removed: how many `}` close a block indented otherwise
/// than they are, and which `}` closes the block the removed one would have closed.
fn at_odds(region: &[(usize, bool, Option<usize>)], skip: usize) -> (usize, Option<usize>) {
    let mut stack: Vec<(Option<usize>, bool)> = Vec::new();
    let mut odd = 0;
    let mut closer = None;
    for (k, &(i, open, indent)) in region.iter().enumerate() {
        if k == skip {
            // The block it would have closed is the one on top now.
            if let Some(top) = stack.last_mut() {
                top.1 = true;
            }
            continue;
        }
        if open {
            stack.push((indent, false));
            continue;
        }
        let Some((o, marked)) = stack.pop() else {
            break;
        };
        if marked && closer.is_none() {
            closer = Some(i);
        }
        if let (Some(c), Some(o)) = (indent, o)
            && c != o
        {
            odd += 1;
        }
    }
    (odd, closer)
}

/// A character that looks like one the language uses, outside texts and comments: its name,
/// and what it stands for (`None`: nothing, an invisible character).
fn lookalike(c: char) -> Option<(&'static str, Option<char>)> {
    let found = match c {
        '\u{2010}' => ("a Unicode hyphen", '-'),
        '\u{2011}' => ("a non-breaking hyphen", '-'),
        '\u{2012}' => ("a figure dash", '-'),
        '\u{2013}' => ("an en dash", '-'),
        '\u{2014}' => ("an em dash", '-'),
        '\u{2015}' => ("a horizontal bar", '-'),
        '\u{2212}' => ("a minus sign", '-'),
        '\u{FE63}' => ("a small hyphen-minus", '-'),
        '\u{FF0D}' => ("a full-width hyphen-minus", '-'),
        '\u{2018}' => ("a typographic opening apostrophe", '\''),
        '\u{2019}' => ("a typographic apostrophe", '\''),
        '\u{FF1A}' => ("a full-width colon", ':'),
        '\u{FF0C}' => ("a full-width comma", ','),
        '\u{FF5B}' => ("a full-width opening brace", '{'),
        '\u{FF5D}' => ("a full-width closing brace", '}'),
        '\u{2002}' => ("an en space", ' '),
        '\u{2003}' => ("an em space", ' '),
        '\u{2009}' => ("a thin space", ' '),
        '\u{200A}' => ("a hair space", ' '),
        '\u{2000}'..='\u{2008}' => ("a typographic space", ' '),
        '\u{205F}' => ("a mathematical space", ' '),
        '\u{3000}' => ("an ideographic space", ' '),
        '\u{200B}' => return Some(("a zero-width space", None)),
        // The zero-width joiner and non-joiner are parts of words in some scripts (and of
        // identifiers, as Unicode defines them): not mistakes in themselves.
        '\u{2060}' => return Some(("a word joiner", None)),
        '\u{FEFF}' => return Some(("a zero-width no-break space", None)),
        '\u{00AD}' => return Some(("a soft hyphen", None)),
        _ => return None,
    };
    Some((found.0, Some(found.1)))
}

/// Whether a character belongs to a word (an identifier or a date) for [`lookalikes`].
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || c == '-'
        || lookalike(c).is_some_and(|(_, a)| {
            a != Some(' ') && a != Some(':') && a != Some(',') && a != Some('{') && a != Some('}')
        })
}

/// The look-alike characters at `at` and in the word around it, each reported in words with
/// the character to type (in a date `-`, in an identifier `_`, a blank for a space, nothing for
/// an invisible one), and the word read as meant: rewritten, padded with blanks to its length,
/// so every position after it stays right. Where to go on scanning; `None` if `at` holds none.
fn lookalikes(
    source: &str,
    copy: &mut Copy<'_>,
    at: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let c = source.get(at..)?.chars().next()?;
    let (_, meant) = lookalike(c)?;
    // A byte order mark opening the file is no mistake; apostrophes outside a word are left to
    // the parser (a typographic quote mark).
    if at == 0 && c == '\u{FEFF}' {
        return None;
    }
    let single = !matches!(meant, None | Some('-' | '\''));
    let (start, end) = if single {
        (at, at + c.len_utf8())
    } else {
        let before = source.get(..at)?;
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| in_word(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = source.get(at..)?;
        let end = at
            + after
                .char_indices()
                .find(|(_, c)| !in_word(*c))
                .map_or(after.len(), |(i, _)| i);
        (start, end)
    };
    let word = source.get(start..end)?;
    // A date: digits, each look-alike dash between digits and a year before the first.
    let date = {
        let ascii: String = word
            .chars()
            .map(|c| match lookalike(c) {
                Some((_, Some('-'))) => '-',
                _ => c,
            })
            .collect();
        let parts: Vec<&str> = ascii.split('-').collect();
        parts.len() >= 2
            && parts.len() <= 3
            && parts.first().is_some_and(|p| p.len() == 4)
            && parts.iter().skip(1).all(|p| p.len() == 2)
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    // An identifier: a letter first, then letters, digits and `_`, each look-alike dash or
    // apostrophe between two letters or digits. Anything else (a range, a date in words, a
    // text between typographic quotes) is left to the parser's own messages.
    let chars: Vec<char> = word.chars().collect();
    let ident = chars.first().is_some_and(|c| c.is_alphabetic())
        && chars.iter().enumerate().all(|(k, c)| match lookalike(*c) {
            Some((_, Some('-' | '\''))) => {
                let near = |d: Option<&char>| d.is_some_and(|d| d.is_alphanumeric());
                k > 0 && near(chars.get(k - 1)) && near(chars.get(k + 1))
            }
            Some((_, None)) => true,
            _ => c.is_alphanumeric() || *c == '_',
        });
    let invisible_only = chars
        .iter()
        .all(|c| !matches!(lookalike(*c), Some((_, Some(_)))));
    if !single && !date && !ident && !invisible_only {
        return None;
    }
    let mut mended = String::new();
    let mut found = Vec::new();
    for (i, ch) in word.char_indices() {
        match lookalike(ch) {
            Some((name, to)) if !single || i == 0 => {
                let to = match to {
                    Some('-') if date => Some('-'),
                    Some('-' | '\'') => Some('_'),
                    other => other,
                };
                found.push((start + i, ch, name, to));
                mended.extend(to);
            }
            _ => mended.push(ch),
        }
    }
    if found.is_empty() {
        return None;
    }
    for (pos, ch, name, to) in &found {
        if diagnostics.len() >= MOST {
            break;
        }
        let looks = match lookalike(*ch) {
            Some((_, Some(a))) if a != ' ' => format!(", which looks like `{a}`"),
            Some((_, Some(_))) => ", which looks like a space".to_string(),
            _ => ", an invisible character".to_string(),
        };
        let help = match to {
            None => {
                "delete it: it is invisible, probably pasted from a word processor or a web page"
                    .to_string()
            }
            Some(' ') => "type an ordinary space instead".to_string(),
            Some('_') => format!(
                "{}: write `{}`",
                super::super::messages::IDENTIFIER_RULE,
                mended.trim_end()
            ),
            Some('-') => format!(
                "dates are written with the ordinary hyphen: `{}`",
                mended.trim_end()
            ),
            Some(t) => format!("type `{t}` instead"),
        };
        diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::SyntaxError,
                *pos..*pos + ch.len_utf8(),
                format!("{name} (U+{:04X}){looks}", u32::from(*ch)),
            )
            .label(match to {
                None => "invisible character here".to_string(),
                Some(' ') => "not an ordinary space".to_string(),
                Some(t) => format!("read as `{t}`"),
            })
            .help(Hint {
                text: help,
                suggestion: Some(to.map(String::from).unwrap_or_default()),
            }),
        );
    }
    // The word as meant, padded to its length with blanks after it.
    let mut bytes = mended.into_bytes();
    bytes.resize(word.len(), b' ');
    copy.write(start, &bytes)?;
    Some(end)
}
