//! What pest reports, in words: syntax errors with the help researchers need, the block
//! left open, and nesting that is too deep.

use super::{MAX_DEPTH, Rule, skip_comment, skip_string};
use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};
use pest::error::{ErrorVariant, InputLocation};

/// The error for a `{` nested more than [`MAX_DEPTH`] deep (at byte `i`), found by the brace
/// scan before pest recurses into it (`stream::Streamer::new`).
pub(super) fn too_deep(i: usize) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            DiagnosticCode::TooDeep,
            i..i + 1,
            format!("blocks are nested more than {MAX_DEPTH} deep"),
        )
        .label("this block is too deep")
        .help("a codebook rarely needs more than five levels; close the blocks that are open"),
    )
}

/// Whether a `}` closes nothing at the top level, as the braces of the file read (strings and
/// comments skipped), for the repair pass; [`too_deep`] for nesting deeper than [`MAX_DEPTH`],
/// found before anything recurses into it.
pub(super) fn check_depth(source: &str) -> Result<bool, Box<Diagnostic>> {
    let mut depth = 0usize;
    let mut deep = None;
    let mut too_many = false;
    scan_braces(source, |i, b| {
        if b == b'{' {
            depth += 1;
            if depth > MAX_DEPTH {
                deep = Some(i);
                return false;
            }
        } else {
            too_many |= depth == 0;
            depth = depth.saturating_sub(1);
        }
        true
    });
    match deep {
        None => Ok(too_many),
        Some(i) => Err(too_deep(i)),
    }
}

/// What a grammar rule is called when speaking to a person.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::item
        | Rule::single
        | Rule::one_top
        | Rule::one_block
        | Rule::block_head
        | Rule::block_lines
        | Rule::block_line
        | Rule::close_line
        | Rule::close_top => "a codebook",
        Rule::head => "a quoted label, a value or `{`",
        Rule::statement => "a declaration",
        Rule::levels_stmt => "`levels`",
        Rule::level => "a level name",
        Rule::map_stmt => "`map`",
        Rule::property => "`:`",
        Rule::entry => "a declaration",
        Rule::node => "a quoted label, a value or `{`",
        Rule::block => "`{`",
        Rule::values | Rule::value => "a value",
        Rule::atom => "a value",
        Rule::range => "a date range (`2017 .. 2018-06`)",
        Rule::point => "a date",
        Rule::ident => "a name",
        Rule::arrow => "`->`",
        Rule::date => "a date",
        Rule::number => "a number",
        Rule::string => "a quoted text",
        Rule::plain_run
        | Rule::typo_open
        | Rule::typo_close
        | Rule::typo1_open
        | Rule::typo1_close => "text",
        Rule::key => "a property name",
        Rule::sk
        | Rule::sn
        | Rule::nl
        | Rule::blank
        | Rule::comment
        | Rule::statement_end
        | Rule::bad
        | Rule::stray_close
        | Rule::unclosed
        | Rule::after_close => return None,
    })
}

pub(super) fn syntax_error(source: &str, base: usize, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = base
        + match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let pos = pos.min(source.len());
    if let Some(d) = levels_commas(source, pos)
        .or_else(|| prose(source, pos))
        .or_else(|| attribution_in_parentheses(source, pos))
        .or_else(|| colon_missing(source, pos))
    {
        return d;
    }
    if let Some(x) = crate::syntax::messages::explain(source, pos) {
        return Diagnostic::new(x.code, x.span, x.message)
            .label(x.label)
            .help(x.help);
    }
    let rest = source.get(pos..).unwrap_or("");
    let found = rest.chars().next();
    let end = pos + found.map_or(0, char::len_utf8);
    let found_text = match found {
        None => "the end of the file".to_string(),
        Some('\n') | Some('\r') => "the end of the line".to_string(),
        Some(c) => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .take(30)
                .collect();
            if word.is_empty() {
                format!("`{c}`")
            } else {
                format!("`{word}`")
            }
        }
    };
    let mut expected: Vec<&str> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| rule_name(*r)).collect()
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    // At the end of a statement pest lists everything a value could continue with; what a
    // person needs is: end the line here.
    // Right after a number pest offers a unit (`5h`): the line could as well end there.
    let after_number = expected == ["a name"]
        && source
            .get(..pos)
            .and_then(|b| b.chars().next_back())
            .is_some_and(|c| c.is_ascii_digit());
    let statement_end = expected.contains(&"end of file") || expected.is_empty() || after_number;
    let message = if expected.is_empty() || (statement_end && found.is_some()) {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", or_list(&expected))
    };
    let mut help = syntax_help(source, pos, found, &expected);
    if help == GENERIC_HELP
        && let Some(quoted) = unquoted_value(source, pos)
    {
        help = format!("a value with punctuation in it is a text: put it in quotes, `{quoted}`");
    }
    if statement_end
        && help == GENERIC_HELP
        && let Some(c) = found.filter(|c| !c.is_alphanumeric())
    {
        help =
            format!("remove the `{c}`: after a value the line ends, or a comma adds another value");
    }
    Diagnostic::new(DiagnosticCode::SyntaxError, pos..end, message)
        .label("here")
        .help(help)
}

/// A line that reads as a sentence (a note pasted without its `#`: "Data: three focus groups
/// with first-line nurse managers."): several words, no quoted text, brace or arrow, and a
/// sentence's end or many words. It is a comment that lost its `#`, whatever word the parser
/// stopped at, or, where the line parsed (a sentence read as a declaration of an unknown kind),
/// whatever lowering found unknown in it (`check::root_cause`).
pub(crate) fn prose(source: &str, pos: usize) -> Option<Diagnostic> {
    let (start, line) = line_at(source, pos)?;
    let text = line.trim();
    if text.starts_with('#') || text.contains(['"', '{', '}']) || text.contains("->") {
        return None;
    }
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let ends = text.ends_with(['.', '!', '?', ';', ')']);
    if words < 4 || !(ends || words >= 6) {
        return None;
    }
    let at = start + line.find(text)?;
    let fixed = format!("# {text}");
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            at..at + text.len(),
            "this line reads as a sentence, not as a declaration: a comment that lost its `#`?",
        )
        .label("a sentence")
        .help(Hint {
            text: format!(
                "a note for the readers of the file is a comment, a line starting with `#`: `{fixed}`"
            ),
            suggestion: Some(fixed),
        }),
    )
}

/// `quote "…" (H4)`: the speaker in parentheses after a quote's text, as papers print it.
/// A quote names its speaker with `by:` in its block.
fn attribution_in_parentheses(source: &str, pos: usize) -> Option<Diagnostic> {
    let rest = source.get(pos..)?;
    if !rest.starts_with('(') {
        return None;
    }
    let (start, line) = line_at(source, pos)?;
    let before = source.get(start..pos)?.trim_end();
    if !(line.trim_start().starts_with("quote") && before.ends_with('"')) {
        return None;
    }
    let close = rest.find(')')?;
    let inner = rest.get(1..close)?.trim();
    if inner.is_empty() || inner.contains(['\n', '"']) {
        return None;
    }
    let by = format!("by: \"{inner}\"");
    // The fix: the attribution on a line of its own, first in the quote's block (opened here
    // when the quote has none).
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let after = &rest[close + 1..];
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let (end, fixed) = if after[blanks..].starts_with('{') {
        (pos + close + 1 + blanks + 1, format!("{{\n{indent}  {by}"))
    } else {
        (pos + close + 1, format!("{{\n{indent}  {by}\n{indent}}}"))
    };
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            pos..end,
            format!("`({inner})` after a quote's text: who said it is written `{by}`"),
        )
        .label("the speaker, as the paper prints it")
        .help(Hint {
            text: format!(
                "write `{by}` on a line of its own inside the quote's block, instead of `({inner})`; tables print it in parentheses after the quote"
            ),
            suggestion: Some(fixed),
        }),
    )
}

/// The line holding byte `pos`, and where it starts.
fn line_at(source: &str, pos: usize) -> Option<(usize, &str)> {
    let start = line_start(source, pos);
    let end = source
        .get(pos..)?
        .find(['\n', '\r'])
        .map_or(source.len(), |k| pos + k);
    Some((start, source.get(start..end)?))
}

/// `levels concept, theme, dimension` (the parser stopped at a `,`): levels are joined by
/// arrows. The parser reads the line as meant (`levels_statements`), so nothing follows.
fn levels_commas(source: &str, pos: usize) -> Option<Diagnostic> {
    if !source.get(pos..)?.starts_with(',') {
        return None;
    }
    let (_, line) = line_at(source, pos)?;
    let rest = line.trim_start().strip_prefix("levels")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    // The line with each comma outside quotes an arrow, up to a comment.
    let mut fixed = String::from("levels");
    let mut quoted = false;
    let mut after_comma = false;
    for c in rest.chars() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => break,
            ',' if !quoted => {
                fixed.push_str(" -> ");
                after_comma = true;
                continue;
            }
            ' ' | '\t' if after_comma => continue,
            _ => {}
        }
        after_comma = false;
        fixed.push(c);
    }
    let fixed = fixed.trim_end().to_string();
    // The whole statement, which the suggestion replaces.
    let (start, line) = line_at(source, pos)?;
    let at = start + (line.len() - line.trim_start().len());
    let written = line.trim_start();
    let end = at + written.find('#').unwrap_or(written.len());
    let end = at + source.get(at..end)?.trim_end().len();
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            at..end,
            "the levels are joined by arrows `->`, lowest first, not by commas",
        )
        .label("levels separated by commas")
        .help(Hint {
            text: format!("write `{fixed}`"),
            suggestion: Some(fixed),
        }),
    )
}

/// `by "GP 4", 2021`, `effect enables, hinders`: a property's name and its values without the
/// colon between them (the parser stopped at the `,` after the first value, or at a value
/// where a declaration's cannot stand). Found when the line has no `:` and its first word is
/// a property some declaration takes, or the parser stopped at a comma.
fn colon_missing(source: &str, pos: usize) -> Option<Diagnostic> {
    let (start, line) = line_at(source, pos)?;
    let indent = line.len() - line.trim_start().len();
    let body = line.trim();
    let key_len = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let key = body.get(..key_len)?;
    let value = body.get(key_len..)?.trim_start();
    let before = source.get(start..pos)?;
    let comma = source.get(pos..)?.starts_with(',');
    let known = crate::model::schema::DECLARATIONS
        .iter()
        .any(|d| d.spellings().any(|s| s == key));
    if key.is_empty()
        || value.is_empty()
        || before.contains(':')
        || value.starts_with(['{', ':', '=', ','])
        // A word no declaration takes: only values without a text (`effect enables,
        // hinders`), never a declaration's name and label (`concept notes "Notes",`).
        || !(known || comma && !value.contains('"'))
        || crate::model::TOP_KINDS.contains(&key)
        || key == "levels"
        || key == "map"
    {
        return None;
    }
    let fixed = format!("{key}: {value}");
    let key_at = start + indent;
    Some(
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            key_at..key_at + key.len(),
            format!("a colon is missing after `{key}`"),
        )
        .label("a colon is missing after this")
        .help(Hint {
            text: format!("a property is written with a colon: `{fixed}`"),
            suggestion: Some(format!("{key}:")),
        }),
    )
}

/// `doi: "10.1186/s13063-016-1299-z"` for an error at `pos` inside the value of a property
/// line written without quotes (`doi: 10.1186/s13063-016-1299-z`, `authors: A. Author, B.
/// Author`, each value of a list quoted), if the line is one.
fn unquoted_value(source: &str, pos: usize) -> Option<String> {
    let start = source.get(..pos)?.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let end = source
        .get(pos..)?
        .find(['\n', '\r'])
        .map_or(source.len(), |k| pos + k);
    let line = source.get(start..end)?;
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let words = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ');
    let value_at = start + key.len() + (line.len() - line.trim_start().len()) + 1;
    let value = value.trim();
    if !words || pos < value_at || value.is_empty() || value.contains(['"', '#', '{', '}']) {
        return None;
    }
    let items: Vec<String> = value
        .split(',')
        .map(|v| format!("\"{}\"", v.trim()))
        .collect();
    Some(format!("{key}: {}", items.join(", ")))
}

/// The error for a file that ends inside a block: which block was left open.
///
/// The braces alone only say that the outermost block is still open at the end. Where the
/// author forgot a `}` shows in the indentation: the `}` that closes the forgotten block is
/// indented less than the statement that opened it (it was meant for the block around). The
/// first such block is named; when the indentation says nothing, the innermost block still
/// open. A statement's indentation is that of its first line: its `{` may stand on a later one
/// (a label wrapped by `fmt`).
pub(super) fn unclosed_block(source: &str) -> Diagnostic {
    if let Some(missing) = missing_close(source) {
        return missing.diagnostic(source);
    }
    // Each block open: its `{`, its statement's indentation and line.
    let open: std::cell::RefCell<Vec<(usize, usize, usize)>> = Default::default();
    let mut mismatch = None;
    // The first line that starts a declaration only the top level holds while a block is
    // open, and the innermost block open there.
    let mut top = None;
    scan_lines(
        source,
        0,
        source.len(),
        0,
        &mut |i, b, line| {
            let mut open = open.borrow_mut();
            let line = past_line_feed(source, line);
            if b == b'{' {
                open.push((i, indent_of_line(source, line).unwrap_or(0), line));
            } else if let Some((at, indent, _)) = open.pop()
                && mismatch.is_none()
                && let Some(closing) = closing_indent(source, i)
                && closing < indent
            {
                mismatch = Some((at, i));
            }
            true
        },
        &mut |line| {
            let open = open.borrow();
            let line = past_line_feed(source, line);
            if top.is_none()
                && let Some(&(at, _, opened)) = open.last()
                && top_level_only(source, line, opened)
            {
                top = Some((at, line, open.len()));
            }
        },
        &mut |_| {},
    );
    let open = open.into_inner();
    if mismatch.is_none()
        && let Some((at, line, depth)) = top
    {
        let end = line
            + source
                .get(line..)
                .and_then(|r| r.find(['\n', '\r']))
                .unwrap_or(0);
        let closes = if depth == 1 {
            "a `}`".to_string()
        } else {
            format!("{depth} `}}`, one for each block still open,")
        };
        return Diagnostic::new(
            DiagnosticCode::SyntaxError,
            at..at + 1,
            "this block is never closed",
        )
        .label("opened here, never closed")
        .with(
            line..end.max(line + 1),
            "a declaration that stands at the top level starts here, inside the block",
        )
        .help(format!(
            "add {closes} on its own line before this declaration, where the block ends"
        ));
    }
    match mismatch {
        Some((at, closer)) => Diagnostic::new(
            DiagnosticCode::SyntaxError,
            at..at + 1,
            "this block is never closed",
        )
        .label("opened here")
        .with(
            closer..closer + 1,
            "this `}`, indented as the block around it, closes it instead",
        )
        .help(
            "add a `}` on its own line where this block ends, indented like the line that opens it",
        ),
        None => {
            let (at, opened) = open
                .last()
                .map_or((source.len(), 0), |&(at, _, line)| (at, line));
            let d = Diagnostic::new(
                DiagnosticCode::SyntaxError,
                at..(at + 1).min(source.len()),
                "the file ends while this block is still open",
            )
            .label("opened here, never closed");
            // The file's last line that holds more than a comment, unless it is the block's own.
            let last = last_code_before(source, source.len());
            let line = source.get(last..).unwrap_or("");
            let code = line.trim_start_matches([' ', '\t']);
            let end = code.find(['\n', '\r']).unwrap_or(code.len());
            let from = last + (line.len() - code.len());
            if from > at && end > 0 {
                let head =
                    declaration_head(source, opened + indent_of_line(source, opened).unwrap_or(0));
                d.with(from..from + end, "the file ends after this line")
                    .help(format!(
                        "add `}}` on a line of its own after this line, indented like {head}, where its block ends"
                    ))
            } else {
                d.help("close the block with `}` on a line of its own")
            }
        }
    }
}

/// Where the indentation shows a `}` missing: the block whose `{` is at `open` (its statement
/// starting at `opened`) ends before the line whose first character is at `before`.
#[derive(Clone, Copy)]
struct MissingClose {
    open: usize,
    opened: usize,
    before: usize,
}

/// The first block that a later line shows to have ended without its `}`: a line that starts
/// a statement indented as far as the block's own first line or less (a sibling declared after
/// it, a declaration of the block around it, or a `}` indented as that block's). Only blocks
/// whose first line inside is indented deeper than their own first line are held to it, so a
/// file, or a block, written without indentation says nothing here (see [`unclosed_block`]).
fn missing_close(source: &str) -> Option<MissingClose> {
    #[derive(Clone, Copy)]
    struct Open {
        at: usize,
        line: usize,
        indent: usize,
        /// Whether its first line inside is indented deeper than its own (`None` before it).
        indented: Option<bool>,
    }
    let open: std::cell::RefCell<Vec<Open>> = Default::default();
    let found = std::cell::Cell::new(None);
    scan_lines(
        source,
        0,
        source.len(),
        0,
        &mut |i, b, line| {
            let mut open = open.borrow_mut();
            let line = past_line_feed(source, line);
            if b == b'{' {
                open.push(Open {
                    at: i,
                    line,
                    indent: indent_of_line(source, line).unwrap_or(0),
                    indented: None,
                });
            } else {
                open.pop();
            }
            found.get().is_none()
        },
        &mut |line| {
            let mut open = open.borrow_mut();
            let line = past_line_feed(source, line);
            let rest = source.get(line..).unwrap_or("");
            let code = rest.trim_start_matches([' ', '\t']);
            let indent = rest.len() - code.len();
            if found.get().is_some()
                || code.is_empty()
                || code.starts_with(['\n', '\r', '#'])
                || code.starts_with('\u{feff}')
            {
                return;
            }
            let Some(top) = open.last_mut() else { return };
            let closes_it = code.starts_with('}') && indent == top.indent;
            let indented = *top.indented.get_or_insert(indent > top.indent || closes_it);
            if indented && indent <= top.indent && !closes_it {
                found.set(Some(MissingClose {
                    open: top.at,
                    opened: top.line,
                    before: line + indent,
                }));
            }
        },
        &mut |_| {},
    );
    found.get()
}

/// A line's start as [`scan_lines`] gives it, past the `\n` of a `\r\n` (it starts a line
/// after the `\r`).
fn past_line_feed(source: &str, line: usize) -> usize {
    let bytes = source.as_bytes();
    if line > 0 && bytes.get(line) == Some(&b'\n') && bytes.get(line - 1) == Some(&b'\r') {
        line + 1
    } else {
        line
    }
}

impl MissingClose {
    fn diagnostic(&self, source: &str) -> Diagnostic {
        let lines = crate::report::LineIndex::new(source);
        let line = |i| lines.line_col(source, i).0;
        let head = declaration_head(
            source,
            self.opened + indent_of_line(source, self.opened).unwrap_or(0),
        );
        let (opened, before) = (line(self.opened), line(self.before));
        // The block's last line: the line before, past blank lines and comments (which belong
        // to what follows them).
        let last = line(last_code_before(source, self.before));
        let rest = source.get(self.before..).unwrap_or("");
        let word = if rest.starts_with('}') {
            1
        } else {
            match rest.find([' ', '\t', '\n', '\r', '{', '"', ':']) {
                Some(0) | None => rest.chars().next().map_or(0, char::len_utf8),
                Some(k) => k,
            }
        };
        let why = if rest.starts_with('}') {
            format!("this `}}` is indented less than {head}, so it closes the block around it")
        } else {
            format!("it is indented like {head}, so that block ends before it")
        };
        Diagnostic::new(
            DiagnosticCode::SyntaxError,
            self.before..self.before + word,
            format!(
                "the block of {head} is never closed: its `}}` is missing before line {before}"
            ),
        )
        .label(format!("add `}}` before this line: {why}"))
        .with(self.open..self.open + 1, "this block is never closed")
        .help(format!(
            "add `}}` on a line of its own after line {last}, indented like {head} on line {opened}"
        ))
    }
}

/// The start of the last line before the line starting at `at` that holds more than blanks
/// and a comment (`at` itself when there is none).
fn last_code_before(source: &str, at: usize) -> usize {
    let mut end = at;
    while let Some(start) = source
        .get(..end.saturating_sub(1))
        .map(|b| b.rfind(['\n', '\r']).map_or(0, |k| k + 1))
    {
        if end == 0 {
            break;
        }
        let code = source
            .get(start..end)
            .unwrap_or("")
            .trim_start_matches([' ', '\t']);
        if !(code.trim().is_empty() || code.starts_with('#')) {
            return start;
        }
        end = start;
    }
    at
}

/// A declaration's kind and name as written at `at` (`` `concept c1` ``, `` `quote` ``): the
/// words before its label, values or `{`, at most two of them.
fn declaration_head(source: &str, at: usize) -> String {
    let rest = source.get(at..).unwrap_or("");
    let end = rest.find(['"', '{', '\n', '\r', '#']).unwrap_or(rest.len());
    let mut words: Vec<&str> = rest[..end].split_whitespace().collect();
    let two_word_kind = crate::model::TWO_WORD_KINDS
        .iter()
        .any(|(a, b)| words.first() == Some(a) && words.get(1) == Some(b));
    words.truncate(if two_word_kind { 3 } else { 2 });
    if words.is_empty() {
        "the block".to_string()
    } else {
        format!("`{}`", words.join(" "))
    }
}

/// Whether the line starting at `line` declares what only the top level holds (`structure`,
/// `interview`, `phase`, ...), at the left margin, inside the block whose statement starts at
/// `opened`; or a `quote` there where that block cannot hold one (not a code's: a quote's, an
/// interview's, ...).
fn top_level_only(source: &str, line: usize, opened: usize) -> bool {
    let first = |at: usize| {
        source
            .get(at..)
            .and_then(|r| r.split([' ', '\t', '\n', '\r', '{', '"', ':']).next())
            .unwrap_or("")
    };
    let word = first(line);
    // At the left margin, and a declaration (not a property `phase: early`).
    let after = source.get(line + word.len()..).unwrap_or("");
    if word.is_empty() || after.trim_start_matches([' ', '\t']).starts_with(':') {
        return false;
    }
    let inner = first(line_start(source, opened) + indent_of_line(source, opened).unwrap_or(0));
    let top_kind = |w: &str| {
        crate::model::TOP_KINDS.contains(&w)
            || w == "levels"
            || crate::model::TWO_WORD_KINDS.iter().any(|(a, _)| *a == w)
    };
    if word == "quote" {
        top_kind(inner)
    } else {
        top_kind(word)
    }
}

fn line_start(source: &str, i: usize) -> usize {
    source
        .get(..i)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |k| k + 1)
}

/// How many blanks start the line holding byte `i`.
pub(super) fn indent_of_line(source: &str, i: usize) -> Option<usize> {
    let start = source.get(..i)?.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    Some(
        source
            .get(start..)?
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t'))
            .count(),
    )
}

/// The indentation of the line of the `}` at byte `i` when only blanks and `}` stand before it
/// on its line (`}}` closes two blocks, both at the line's indentation).
pub(super) fn closing_indent(source: &str, i: usize) -> Option<usize> {
    let start = source.get(..i)?.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let before = source.get(start..i)?;
    let blanks = before
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .count();
    before
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '}'))
        .then_some(blanks)
}

/// Call `f` with the offset of every `{` and `}` outside strings and comments; stop when it
/// returns false.
pub(super) fn scan_braces(source: &str, mut f: impl FnMut(usize, u8) -> bool) {
    for stop in Stops::new(source.as_bytes()) {
        if let Stop::Brace(i, b) = stop
            && !f(i, b)
        {
            return;
        }
    }
}

/// What the byte scan of a file stops at: a `{` or `}` outside strings and comments, or a
/// string or comment, from its first byte to its last (a comment to the line break after it).
#[derive(Clone, Copy)]
pub(super) enum Stop {
    /// A brace and its offset.
    Brace(usize, u8),
    /// A string or a comment: where it starts and ends.
    Skipped(usize, usize),
}

/// The stops of the byte scan (see [`Stop`]), in file order; strings and comments are skipped,
/// and the text between stops is searched, at memchr speed.
pub(super) struct Stops<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The next `#` at or after the offset it was looked for from (the end of the file when
    /// there is none); `None` before the first search.
    hash: Option<usize>,
    /// The same for the next `"`, `{` or `}`: each search is kept until the scan passes what it
    /// found, so that a run of one kind (thousands of comment lines) does not search the rest
    /// of the file for the other kind again and again.
    other: Option<usize>,
}

impl<'a> Stops<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Stops<'a> {
        Stops {
            bytes,
            at: 0,
            hash: None,
            other: None,
        }
    }
}

impl Iterator for Stops<'_> {
    type Item = Stop;

    fn next(&mut self) -> Option<Stop> {
        let rest = self.bytes.get(self.at..)?;
        // `#` is rare: where the next one is, is kept until the scan passes it.
        let hash = match self.hash {
            Some(h) if h >= self.at => h,
            _ => {
                let h = memchr::memchr(b'#', rest).map_or(self.bytes.len(), |k| self.at + k);
                self.hash = Some(h);
                h
            }
        };
        let other = match self.other {
            Some(o) if o >= self.at => o,
            _ => {
                let o = memchr::memchr3(b'"', b'{', b'}', rest)
                    .map_or(self.bytes.len(), |k| self.at + k);
                self.other = Some(o);
                o
            }
        };
        let i = other.min(hash);
        let stop = match *self.bytes.get(i)? {
            b'#' => Stop::Skipped(i, skip_comment(self.bytes, i)),
            b'"' => Stop::Skipped(i, skip_string(self.bytes, i)),
            b => Stop::Brace(i, b),
        };
        self.at = match stop {
            Stop::Brace(i, _) => i,
            Stop::Skipped(_, end) => end,
        } + 1;
        Some(stop)
    }
}

/// [`scan_braces`], with the start of the line on which the statement holding each brace
/// starts: a line break inside a text, or after a line that goes on (ending in `,`, `:` or an
/// arrow, as a value list or a `levels` line may), starts no statement. Slower than
/// [`scan_braces`] (it stops at every line break): for error messages and repairs, and for the
/// few large blocks `stream.rs` finds ([`statement_line`]).
pub(super) fn scan_statements(source: &str, mut f: impl FnMut(usize, u8, usize) -> bool) {
    scan_lines(source, 0, source.len(), 0, &mut f, &mut |_| {}, &mut |_| {});
}

/// Where the statement holding the `{` at `open` starts (see [`scan_statements`]), scanning from
/// `from`: just after the brace before it, so that no statement starts before `from`'s line.
pub(super) fn statement_line(source: &str, from: usize, open: usize) -> usize {
    let mut line = from;
    scan_lines(
        source,
        from,
        open,
        from,
        &mut |_, _, _| true,
        &mut |_| {},
        &mut |l| line = l,
    );
    line
}

/// Call `f` with every brace in `from..end` outside strings and comments and the start of its
/// statement's line (`line` before the first line break), `starts` with the start of each line
/// that starts a statement (after the first), then `done` with the line in force at `end`.
fn scan_lines(
    source: &str,
    from: usize,
    end: usize,
    mut line: usize,
    f: &mut impl FnMut(usize, u8, usize) -> bool,
    starts: &mut impl FnMut(usize),
    done: &mut impl FnMut(usize),
) {
    let bytes = source.as_bytes().get(..end).unwrap_or(source.as_bytes());
    let mut i = from;
    // The `#` of a comment on this line.
    let mut comment = None;
    while let Some(k) = bytes.get(i..).and_then(|rest| {
        rest.iter()
            .position(|&b| matches!(b, b'"' | b'#' | b'{' | b'}' | b'\n' | b'\r'))
    }) {
        i += k;
        match bytes[i] {
            b'#' => {
                comment = Some(i);
                // On to the line break, which ends the line here.
                i = skip_comment(bytes, i);
                continue;
            }
            b'"' => i = skip_string(bytes, i),
            b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
            b'\n' | b'\r' => {
                let code = bytes.get(..comment.take().unwrap_or(i)).unwrap_or(&[]);
                if !goes_on(code) {
                    line = i + 1;
                    starts(line);
                }
            }
            b if !f(i, b, line) => return,
            _ => {}
        }
        i += 1;
    }
    done(line);
}

/// Whether a line (the text up to its end or its comment) goes on over its line break.
fn goes_on(code: &[u8]) -> bool {
    let end = code
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |k| k + 1);
    let code = &code[..end];
    code.ends_with(b",")
        || code.ends_with(b":")
        || code.ends_with(b"->")
        || code.ends_with("→".as_bytes())
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

const GENERIC_HELP: &str = "see the language tour in README.md for the form of each declaration";

fn syntax_help(source: &str, pos: usize, found: Option<char>, expected: &[&str]) -> String {
    let line_start = source
        .get(..pos)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = source.get(line_start..pos).unwrap_or("").trim();
    // The whole line the mistake is on, without a comment or the `{` that opens a block.
    let line = source
        .get(line_start..)
        .and_then(|rest| rest.lines().next())
        .unwrap_or("");
    let line = line.split(" #").next().unwrap_or(line).trim();
    let line = line.strip_suffix('{').unwrap_or(line).trim_end();
    let after = source
        .get(pos..)
        .and_then(|rest| rest.lines().next())
        .unwrap_or("");
    match found {
        Some('“' | '”' | '„' | '«' | '»' | '‘' | '’' | '‚' | '‹' | '›') => {
            "typographic quotes may stand inside a text, but a text itself is written between straight quotes: \"…\"".into()
        }
        Some('}') => "this `}` has no `{` open before it".into(),
        Some('=') => "a property is written with a colon: `name: value`".into(),
        Some('\'') => "a text is written between double quotes: \"…\" (a ’ inside it is fine)".into(),
        // `duration: 30-60 min`: a range of lengths, which a duration does not hold.
        Some('-')
            if before.ends_with(|c: char| c.is_ascii_digit())
                && line.trim_start().starts_with("duration") =>
        {
            "a duration is one length with its unit, `duration: 45 min`: give the typical or mean length (a range such as 30–60 minutes has no place; keep it in a comment)".into()
        }
        Some('-') if before.ends_with(|c: char| c.is_ascii_digit()) => {
            "a date range is written with two dots: `2012 .. 2016-06`".into()
        }
        // `"He said "no" to it."`: a text closed by a quote mark meant to stand inside it, a
        // word after it, and then this mark.
        Some('"')
            if before.matches('"').count() >= 2
                && before.ends_with(|c: char| c.is_alphanumeric() || c == '.' || c == ',') =>
        {
            "a quote mark inside a text ends it: write it as `\\\"`, use typographic quotes “…” inside the text, or put the whole text between `\"\"\"` (`\"\"\"He said \"no\".\"\"\"`)".into()
        }
        Some('"') => "is a closing `\"` missing earlier? A text may run over several lines, so a missing quote mark is noticed only later".into(),
        // `subtheme new_ways Positive: new ways of working {`, `theme a Phase 1: capture {`: a
        // label written without quotes, wherever on its line the parser stops.
        Some(c) if c != '"' && let Some(help) = unquoted_label(line) => help,
        Some('{') => "a block opens on the same line as its declaration: `theme inclusive \"Inclusive\" {`".into(),
        // `by: "P1": "nurse"`: a colon meant to be printed, between two texts.
        Some(':')
            if let (true, Some(head), Some(tail)) = (
                before.contains(':'),
                before.strip_suffix('"'),
                after.get(1..).and_then(|t| t.trim_start().strip_prefix('"')),
            ) =>
        {
            format!(
                "a colon to be printed goes inside the quotes: `{head}: {}`; texts of one value are separated by commas",
                tail.trim_end()
            )
        }
        None if expected.contains(&"`{`") || source.matches('{').count() > source.matches('}').count() => {
            "a `{` is still open; close every block with `}`".into()
        }
        None if source.matches('"').count() % 2 == 1 => "a quoted text is not closed; end it with `\"`".into(),
        // `coded: -3 quotations`, `count: -1`: nothing the language counts is negative.
        Some('-')
            if before.ends_with(':')
                && source
                    .get(pos + 1..)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit())) =>
        {
            "numbers in a codebook count things and are never negative: write the count from 0 up, without `-` (`count: 3`, `coded: 62 quotations`)".into()
        }
        _ if before.ends_with(':') => "after `name:` give a value: a quoted text, a name, a number or a date".into(),
        Some(c) if c.is_alphanumeric() && !before.is_empty() && !before.contains(':') => {
            "each declaration goes on its own line; a property is written `name: value`".into()
        }
        _ => GENERIC_HELP.into(),
    }
}

/// The help for a declaration whose label is written without quotes (`subtheme new_ways
/// Positive: new ways of working {`), with the line as it should read; `None` where `line`
/// (the text before the `{`) is not a kind, an identifier and bare words.
fn unquoted_label(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    let kind = words.next()?;
    let id = words.next()?;
    let label: Vec<&str> = words.collect();
    let bare = !label.is_empty()
        && label
            .iter()
            .all(|w| !w.contains(['"', '{', '}', '“', '”', '#']));
    (bare && super::is_identifier(kind) && super::is_identifier(id)).then(|| {
        format!(
            "a label is written between straight quotes, colons and all: `{kind} {id} \"{}\" {{`",
            label.join(" ")
        )
    })
}
