//! Syntax errors a person recognises: the mistakes researchers make most (a date written the
//! way their word processor writes it, a hyphen in an identifier, an invisible character
//! pasted with a quote) are named as such, with the text to write instead. The parser asks
//! [`explain`] first and falls back to "expected …, found …".

use super::ast::Span;
use crate::diagnostics::{DiagnosticCode, Hint};

/// A syntax error recognised at byte `pos`: what went wrong, the text it concerns, the help.
pub(crate) struct Explained {
    pub code: DiagnosticCode,
    pub span: Span,
    pub message: String,
    pub label: &'static str,
    pub help: crate::diagnostics::Hint,
}

/// Recognise the mistake at `pos`, where the parser stopped.
pub(crate) fn explain(source: &str, pos: usize) -> Option<Explained> {
    let c = source.get(pos..)?.chars().next()?;
    invisible(c, pos)
        .or_else(|| range(source, pos))
        .or_else(|| date(source, pos))
        .or_else(|| hyphenated(source, pos, c))
        .or_else(|| underscore_first(source, pos, c))
        .or_else(|| second_property(source, pos, c))
}

/// `quote "…" { supports: calls  by: "lead" }`: a property after another on one line (as in
/// JSON or CSS), where the parser stops at the second property's `:`.
fn second_property(source: &str, pos: usize, c: char) -> Option<Explained> {
    if c != ':' || source.get(pos + 1..)?.starts_with("//") {
        return None;
    }
    let (start, _) = run(source, pos, |c| c.is_alphanumeric() || c == '_');
    let word = source.get(start..pos)?;
    if !word.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    let line_start = source.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let before = source.get(line_start..start)?;
    let value_end = source
        .get(pos..)?
        .find(['\n', '}'])
        .map_or(source.len(), |i| pos + i);
    let property = source.get(start..value_end)?.trim_end();
    let property = property.trim_end_matches(',').trim_end();
    // A declaration's head before it on its line (`quote "…" by: "P1"`): the property belongs
    // in the declaration's block, which is not open. Else something before it on its line (a
    // property, a block's `{`): a second property on one line.
    let (message, label, help) = if before.contains([':', '{']) {
        (
            format!("`{word}:` starts a second property on this line"),
            "a new property here",
            format!(
                "each property goes on a line of its own: move `{property}` to the next line (a block's `{{` ends its first line, and `}}` stands on its own line after the last property)"
            ),
        )
    } else {
        let head = before.trim();
        let kind: String = head.chars().take_while(|c| c.is_alphanumeric()).collect();
        if kind.is_empty() || head == kind {
            return None;
        }
        (
            format!("`{word}:` is a property, written after this `{kind}` without a block"),
            "a property outside any block",
            format!(
                "open the block after the label and give the property a line of its own: `{head} {{`, then `{property}`, then `}}`"
            ),
        )
    };
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span: start..pos + 1,
        message,
        label,
        help: help.into(),
    })
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
    // Day and month that could be read either way: neither reading is picked for the author.
    if let Some(other) = ambiguous {
        return Some(Explained {
            code: DiagnosticCode::SyntaxError,
            span: start..end,
            message: format!(
                "`{text}` is not a year-month-day date, and could be {} or {}",
                spoken(&fixed),
                spoken(&other)
            ),
            label: "day and month could be read either way",
            help: format!(
                "dates are written year-month-day: write `{fixed}` for {}, `{other}` for {}",
                spoken(&fixed),
                spoken(&other)
            )
            .into(),
        });
    }
    let help = if more > 1 {
        format!("write `{}`", rewritten.trim()).into()
    } else {
        Hint {
            text: format!("write `{fixed}`"),
            suggestion: Some(fixed.clone()),
        }
    };
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span: start..end,
        message: format!("dates are written year-month-day: {fixed}"),
        label: "not a year-month-day date",
        help,
    })
}

/// A date or range written another way than the language's, where the parser stopped at `pos`:
/// `2019-01–2019-06` (a dash, as papers print a range), `2019-01-2019-06`, `2019-01 - 2019-06`,
/// or dates in words (`March 2021 - June 2021`, `Mar. 2021`, `March 2021 .. June 2021`), with
/// the value written as the language writes it as the fix. Only on a line the parser stopped
/// on, so a clean file never comes here.
fn range(source: &str, pos: usize) -> Option<Explained> {
    let line_start = source.get(..pos)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = pos
        + source
            .get(pos..)?
            .find(['\n', '\r', '#'])
            .unwrap_or(source.len() - pos);
    let line = source.get(line_start..line_end)?;
    let at = pos - line_start;
    // Where a value may start, at or before `pos`: after a blank, `:` or `"`. The leftmost
    // that reads as dates is the value (`March 2021 - …`, not `2021 - …`).
    let mut starts = line.char_indices().filter(|&(k, c)| {
        k <= at
            && !c.is_whitespace()
            && line[..k]
                .chars()
                .next_back()
                .is_none_or(|b| matches!(b, ' ' | '\t' | ':' | '"'))
    });
    let (start, text, fixed) = starts.find_map(|(start, _)| {
        let rest = line.get(start..)?;
        // The value to the line's end, else to a comma (another value follows).
        [rest, rest.split(',').next().unwrap_or(rest)]
            .into_iter()
            .find_map(|text| {
                let text = text.trim_end();
                let words = tokens(text);
                let in_words = words
                    .iter()
                    .any(|w| month(w).is_some() || quarter(w).is_some());
                let fixed = range_meant(&words)
                    .or_else(|| in_words.then(|| date_meant(&words)).flatten())?;
                (fixed != text).then_some((start, text, fixed))
            })
    })?;
    let span = line_start + start..line_start + start + text.len();
    // A property that takes one number (a study's `year`) is given one.
    if let Some(x) = one_number(source, line_start, line.get(..start)?, &fixed, &span) {
        return Some(x);
    }
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span,
        message: dates_written(text, &fixed),
        label: if fixed.contains(" .. ") {
            "a range written another way"
        } else {
            "not a year-month-day date"
        },
        help: Hint {
            text: format!("write `{fixed}`"),
            suggestion: Some(fixed),
        },
    })
}

/// A range of years (`fixed`, as the language writes it) given to a property that takes one
/// number, such as a study's `year` (the year of publication): the fix is one of the years.
/// `before` is the line up to the value, `line_start` where the line starts.
fn one_number(
    source: &str,
    line_start: usize,
    before: &str,
    fixed: &str,
    span: &Span,
) -> Option<Explained> {
    use crate::model::schema;
    let key = before.trim_end().strip_suffix(':')?.trim();
    let kind = enclosing_kind(source.get(..line_start)?)?;
    let p = schema::declaration(kind, false)?.property(key)?;
    if p.form != schema::Form::Number {
        return None;
    }
    let (a, b) = fixed.split_once(" .. ")?;
    let (a, b) = (a.get(..4)?, b.get(..4)?);
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span: span.clone(),
        message: format!("`{key}` takes one whole number ({}), not a range", p.about),
        label: "a range",
        help: format!("write one number: `{key}: {a}` or `{key}: {b}`").into(),
    })
}

/// The kind word of the declaration whose block `before` (a file up to a line's start) ends
/// in, if any: the first word of the line whose `{` is still open.
fn enclosing_kind(before: &str) -> Option<&str> {
    let mut depth = 0i64;
    for line in before.lines().rev() {
        let mut quoted = false;
        let mut opens = 0;
        let mut closes = 0;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                '#' if !quoted => break,
                '{' if !quoted => opens += 1,
                '}' if !quoted => closes += 1,
                _ => {}
            }
        }
        depth += closes - opens;
        if depth < 0 {
            return line.split_whitespace().next();
        }
    }
    None
}

/// What to say of a date or range the author wrote as `text`, `fixed` being how the language
/// writes it.
pub(crate) fn dates_written(text: &str, fixed: &str) -> String {
    let words = tokens(text);
    let points = words
        .iter()
        .all(|w| is_point(w) || RANGE_WORDS.contains(&w.to_lowercase().as_str()));
    if !fixed.contains(" .. ") || text.contains("..") {
        format!("dates are written year-month-day: {fixed}")
    } else if points {
        format!("a date range is written with two dots: {fixed}")
    } else {
        format!("dates are written year-month-day, and a range with two dots: {fixed}")
    }
}

/// The words of a value as written: blanks separate them, a dash stands alone, and a `-`
/// between two dates (`2019-01-2019-06`, `2019-2020`) is taken apart.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let spaced = text.replace('–', " – ").replace('—', " — ");
    let mut out = Vec::new();
    for t in spaced.split_whitespace() {
        let split = (!is_point(t))
            .then(|| {
                t.match_indices('-').find_map(|(k, _)| {
                    let (a, b) = (&t[..k], &t[k + 1..]);
                    (is_point(a) && is_point(b)).then_some((a, b))
                })
            })
            .flatten();
        match split {
            Some((a, b)) => out.extend([a.to_string(), "-".to_string(), b.to_string()]),
            None => out.push(t.to_string()),
        }
    }
    out
}

/// `2019`, `2019-04`, `2019-04-05`: a date as the language writes it.
fn is_point(t: &str) -> bool {
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// The words that join the two ends of a range as papers write them.
const RANGE_WORDS: [&str; 11] = [
    "to", "until", "till", "through", "thru", "-", "–", "—", "--", "..", "…",
];

/// A range meant by the words of a value (`2019-03 to 2019-05`, `April 2019 – June 2019`),
/// written with two dots: `2019-03 .. 2019-05`.
pub(crate) fn range_meant<S: AsRef<str>>(words: &[S]) -> Option<String> {
    let k = words
        .iter()
        .position(|w| RANGE_WORDS.contains(&w.as_ref().to_lowercase().as_str()))?;
    let a = date_meant(words.get(..k)?)?;
    let b = date_meant(words.get(k + 1..)?)?;
    // A quarter is a range of its own: the range runs from the first's start to the last's end.
    let a = a.split(" .. ").next().unwrap_or(&a);
    let b = b.rsplit(" .. ").next().unwrap_or(&b);
    Some(format!("{a} .. {b}"))
}

/// A date meant by the words of a value, written year-month-day: `2019-04` for `April 2019`,
/// `2019-04-05` for `5 April 2019` or `April 5 2019`, a date as the language writes it or as
/// `iso` rewrites it unambiguously (`04/2019`); a quarter as its months (`Q2 2019` is
/// `2019-04 .. 2019-06`).
pub(crate) fn date_meant<S: AsRef<str>>(words: &[S]) -> Option<String> {
    let w: Vec<&str> = words
        .iter()
        .map(|w| w.as_ref().trim_end_matches([',', '.']))
        .collect();
    fn year(y: &str) -> Option<&str> {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then_some(y)
    }
    let day = |d: &str| {
        let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    match w.as_slice() {
        [t] if is_point(t) => Some((*t).to_string()),
        [t] => match iso(t)? {
            (fixed, None) => Some(fixed),
            (_, Some(_)) => None,
        },
        [q, y] if quarter(q).is_some() => {
            let (y, q) = (year(y)?, quarter(q)?);
            Some(format!("{y}-{:02} .. {y}-{:02}", 3 * q - 2, 3 * q))
        }
        [m, y] => Some(format!("{}-{:02}", year(y)?, month(m)?)),
        [d, m, y] | [m, d, y] if month(m).is_some() => {
            Some(format!("{}-{:02}-{:02}", year(y)?, month(m)?, day(d)?))
        }
        _ => None,
    }
}

/// The number of a month named in English, in full or by its first three letters or more
/// (`April`, `apr`, `Sept`).
fn month(word: &str) -> Option<usize> {
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    crate::model::date::MONTHS
        .iter()
        .position(|m| m.to_lowercase().starts_with(&w))
        .map(|k| k + 1)
}

/// The number of a quarter of a year (`Q1` to `Q4`).
fn quarter(word: &str) -> Option<usize> {
    let w = word.trim_end_matches([',', '.']);
    let n = w.strip_prefix(['Q', 'q'])?;
    n.parse::<usize>().ok().filter(|n| (1..=4).contains(n))
}

/// A season named in English (`spring`, `Autumn`): a time of year, not a date.
pub(crate) fn is_season(word: &str) -> bool {
    matches!(
        word.trim_end_matches([',', '.']).to_lowercase().as_str(),
        "spring" | "summer" | "autumn" | "fall" | "winter"
    )
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
        )
        .into(),
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
    if let Some(e) = spaced_keyword(source, start..end, word) {
        return Some(e);
    }
    Some(Explained {
        code: DiagnosticCode::InvalidIdentifier,
        span: start..end,
        message: format!("`{word}` is not an identifier: {IDENTIFIER_RULE}"),
        label: "a hyphen is not allowed in an identifier",
        help: format!(
            "write `{}`, here and wherever it is used",
            fixed_identifier(word)
        )
        .into(),
    })
}

/// `level order: highest-first` (or `highest_first`): a value of words that the property
/// takes with a space between them (`highest first`), as its form in the reference lists it.
pub(crate) fn spaced_keyword(source: &str, span: Span, word: &str) -> Option<Explained> {
    use crate::model::schema;
    let line = source.get(..span.start)?.rsplit('\n').next()?;
    let key = line.trim().strip_suffix(':')?.split_whitespace();
    let key = key.collect::<Vec<_>>().join(" ");
    let spaced = word.replace(['-', '_'], " ");
    let p = schema::DECLARATIONS.iter().find_map(|d| d.property(&key))?;
    // The values the form names, each in backquotes: "`highest first` or `lowest first`".
    let value = p
        .form
        .describe()
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|v| v.contains(' ') && *v == spaced)?;
    Some(Explained {
        code: DiagnosticCode::SyntaxError,
        span,
        message: format!("`{key}` takes `{value}`, words with a space between them"),
        label: "written as one word",
        help: Hint {
            text: format!("write `{key}: {value}`"),
            suggestion: Some(value.to_string()),
        },
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
