//! Syntax errors a person recognises: the mistakes researchers make most (a date written the
//! way their word processor writes it, a hyphen in an identifier, an invisible character
//! pasted with a quote) are named as such, with the text to write instead. The parser asks
//! [`explain`] first and falls back to "expected …, found …".

use super::ast::Span;
use crate::diagnostics::DiagnosticCode;

/// A syntax error recognised at byte `pos`: what went wrong, the text it concerns, the help.
pub(crate) struct Explained {
    pub code: DiagnosticCode,
    pub span: Span,
    pub message: String,
    pub label: &'static str,
    pub help: String,
}

/// Recognise the mistake at `pos`, where the parser stopped.
pub(crate) fn explain(source: &str, pos: usize) -> Option<Explained> {
    let c = source.get(pos..)?.chars().next()?;
    invisible(c, pos)
        .or_else(|| date(source, pos))
        .or_else(|| hyphenated(source, pos, c))
        .or_else(|| underscore_first(source, pos, c))
}

/// An identifier as it should have been written: what is not a letter, digit or `_` becomes
/// `_`, and digits it starts with move to its end (`weekly-notes` → `weekly_notes`, `2weekly`
/// → `weekly2`).
pub fn fixed_identifier(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    let digits: String = out.chars().take_while(char::is_ascii_digit).collect();
    let rest = out[digits.len()..].trim_start_matches('_');
    if digits.is_empty() || rest.is_empty() {
        out
    } else {
        format!("{rest}{digits}")
    }
}

/// What an identifier is, in one sentence.
pub const IDENTIFIER_RULE: &str =
    "an identifier is one word of letters, digits and `_`, starting with a letter";

fn invisible(c: char, pos: usize) -> Option<Explained> {
    let name = match c {
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{FEFF}' => "a zero-width no-break space (a byte order mark)",
        '\u{00AD}' => "a soft hyphen",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        '\u{3000}' => "an ideographic space",
        '\u{2000}'..='\u{200A}' => "a typographic space",
        '\u{180E}' => "a Mongolian vowel separator",
        c if c.is_control() && !matches!(c, '\n' | '\r' | '\t') => "a control character",
        _ => return None,
    };
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span: pos..pos + c.len_utf8(),
        message: format!(
            "{name} (U+{:04X}), an invisible character, probably pasted from a word processor or a web page",
            u32::from(c)
        ),
        label: "invisible character here",
        help: "delete it (retype the blank around it); outside quoted text, words are separated by spaces, tabs and line breaks only".into(),
    })
}

/// The run of date-like characters (digits, `/`, `.`, `-`) around `pos`.
fn run(source: &str, pos: usize, part: impl Fn(char) -> bool) -> (usize, usize) {
    let before = source.get(..pos).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(pos, |(i, _)| i);
    let after = source.get(pos..).unwrap_or("");
    let end = pos
        + after
            .char_indices()
            .find(|(_, c)| !part(*c))
            .map_or(after.len(), |(i, _)| i);
    (start, end)
}

fn date_part(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '/' | '.' | '-')
}

/// A date in another form than year-month-day, rewritten; and, when day and month could be
/// read the other way round, the other reading.
fn iso(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim_end_matches('.');
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    let nums: Vec<u32> = parts
        .iter()
        .map(|p| {
            p.parse::<u32>()
                .ok()
                .filter(|_| !p.is_empty() && p.len() <= 4)
        })
        .collect::<Option<_>>()?;
    let len = |i: usize| parts.get(i).map_or(0, |p| p.len());
    let pad = |n: u32| format!("{n:02}");
    match nums.as_slice() {
        // 2017/02/09, 2025-3-14
        [y, m, d] if len(0) == 4 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 => {
            Some((format!("{y}-{}-{}", pad(*m), pad(*d)), None))
        }
        // 2017/02, 2025-3
        [y, m] if len(0) == 4 && *m >= 1 && *m <= 12 => Some((format!("{y}-{}", pad(*m)), None)),
        // 09/02/2017 (day first, as in most of the world) or 02/13/2017 (month first)
        [a, b, y] if len(2) == 4 && *a >= 1 && *b >= 1 => {
            let (d, m, ambiguous) = if *a > 12 && *b <= 12 {
                (*a, *b, false)
            } else if *b > 12 && *a <= 12 {
                (*b, *a, false)
            } else if *a <= 12 && *b <= 12 {
                (*a, *b, a != b)
            } else {
                return None;
            };
            let other = ambiguous.then(|| format!("{y}-{}-{}", pad(d), pad(m)));
            Some((format!("{y}-{}-{}", pad(m), pad(d)), other))
        }
        // 01/2024
        [m, y] if len(1) == 4 && *m >= 1 && *m <= 12 => Some((format!("{y}-{}", pad(*m)), None)),
        _ => None,
    }
}

fn date(source: &str, pos: usize) -> Option<Explained> {
    let (start, end) = run(source, pos, date_part);
    let text = source.get(start..end)?;
    if !text.contains(['/', '.', '-']) || text.contains("..") {
        return None;
    }
    let (fixed, ambiguous) = iso(text)?;
    if fixed == text {
        return None;
    }
    // The whole line rewritten, when it holds more dates (a range `01/2024 .. 12/2024`).
    let line_start = source
        .get(..start)?
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let line_end = end
        + source
            .get(end..)?
            .find(['\n', '\r'])
            .unwrap_or(source.len() - end);
    let line = source.get(line_start..line_end)?;
    let mut rewritten = String::new();
    let mut at = 0;
    let mut more = 0;
    while let Some(k) = line.get(at..)?.find(|c: char| c.is_ascii_digit()) {
        let s = at + k;
        let (_, e) = run(line, s, date_part);
        let token = line.get(s..e)?;
        rewritten.push_str(line.get(at..s)?);
        match iso(token) {
            Some((iso, _)) if token.contains(['/', '.', '-']) && !token.contains("..") => {
                more += usize::from(iso != token);
                rewritten.push_str(&iso);
            }
            _ => rewritten.push_str(token),
        }
        at = e;
    }
    rewritten.push_str(line.get(at..)?);
    let mut help = if more > 1 {
        format!("write `{}`", rewritten.trim())
    } else {
        format!("write `{fixed}`")
    };
    if let Some(other) = ambiguous {
        help = format!(
            "`{text}` could be {} or {}: write `{fixed}` for the first, `{other}` for the second",
            spoken(&fixed),
            spoken(&other)
        );
    }
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span: start..end,
        message: format!("dates are written year-month-day: {fixed}"),
        label: "not a year-month-day date",
        help,
    })
}

/// `2017-02-09` as "9 February 2017".
fn spoken(iso: &str) -> String {
    let mut parts = iso.split('-').map(|p| p.parse::<usize>().unwrap_or(0));
    let (y, m, d) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let month = crate::model::date::MONTHS
        .get(m.wrapping_sub(1))
        .copied()
        .unwrap_or("");
    format!("{d} {month} {y}")
}

/// `_notes`: a name that starts with `_`.
fn underscore_first(source: &str, pos: usize, c: char) -> Option<Explained> {
    let before = source.get(..pos)?.chars().next_back();
    if c != '_' || before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
        return None;
    }
    let (start, end) = run(source, pos, |c| c.is_alphanumeric() || c == '_');
    let word = source.get(start..end)?;
    Some(Explained {
        code: DiagnosticCode::InvalidIdentifier,
        span: start..end,
        message: format!("`{word}` is not an identifier: {IDENTIFIER_RULE}"),
        label: "starts with `_`",
        help: format!(
            "write `{}`, here and wherever it is used",
            fixed_identifier(word)
        ),
    })
}

/// `weekly-notes`: a hyphen inside a name.
fn hyphenated(source: &str, pos: usize, c: char) -> Option<Explained> {
    if c != '-' {
        return None;
    }
    let before = source.get(..pos)?.chars().next_back()?;
    let after = source.get(pos + 1..)?.chars().next()?;
    if !(before.is_alphanumeric() || before == '_') || !(after.is_alphanumeric() || after == '_') {
        return None;
    }
    let (start, end) = run(source, pos, |c| c.is_alphanumeric() || c == '_' || c == '-');
    let word = source.get(start..end)?;
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(Explained {
        code: DiagnosticCode::InvalidIdentifier,
        span: start..end,
        message: format!("`{word}` is not an identifier: {IDENTIFIER_RULE}"),
        label: "a hyphen is not allowed in an identifier",
        help: format!(
            "write `{}`, here and wherever it is used",
            fixed_identifier(word)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rewritten() {
        assert_eq!(
            iso("09/02/2017"),
            Some(("2017-02-09".into(), Some("2017-09-02".into())))
        );
        assert_eq!(iso("13/02/2017"), Some(("2017-02-13".into(), None)));
        assert_eq!(iso("02/13/2017"), Some(("2017-02-13".into(), None)));
        assert_eq!(iso("2025-3-14"), Some(("2025-03-14".into(), None)));
        assert_eq!(iso("01/2024"), Some(("2024-01".into(), None)));
        assert_eq!(iso("2017/02/09"), Some(("2017-02-09".into(), None)));
        assert_eq!(
            iso("09.02.2017"),
            Some(("2017-02-09".into(), Some("2017-09-02".into())))
        );
        assert_eq!(iso("1/2"), None);
    }

    #[test]
    fn identifiers_are_fixed() {
        assert_eq!(fixed_identifier("weekly-notes"), "weekly_notes");
        assert_eq!(fixed_identifier("2weekly"), "weekly2");
        assert_eq!(fixed_identifier("Weekly Notes"), "Weekly_Notes");
    }
}
