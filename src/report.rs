//! Showing diagnostics to people (miette, plain unicode, no colour) and to programs (JSON).

use crate::diagnostics::{Diagnostic, MAX_SHOWN, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde_json::{Value, json};
use std::fmt;

/// The width human diagnostics are wrapped to, so snapshots do not depend on the terminal.
pub(crate) const WIDTH: usize = 100;

/// Byte offsets of line starts, for line/column numbers computed only when shown. A line ends
/// at `\n`, `\r\n` or a lone `\r`, as miette reads it: the JSON and the human report give a
/// diagnostic the same line.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(source: &str) -> LineIndex {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            let ends_line = match b {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 0-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based `line` starts.
    fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// How many lines there are.
    fn len(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = clamp(source, offset);
        let line = self.line_of(offset);
        let start = self.start(line).unwrap_or(0);
        let col = source.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// The nearest char boundary at or before `offset`, within the source.
fn clamp(source: &str, offset: usize) -> usize {
    let mut o = offset.min(source.len());
    while o > 0 && !source.is_char_boundary(o) {
        o -= 1;
    }
    o
}

fn source_span(source: &str, span: &std::ops::Range<usize>) -> SourceSpan {
    let start = clamp(source, span.start);
    let end = clamp(source, span.end.max(span.start)).max(start);
    (start, end - start).into()
}

/// The most bytes of source one snippet shows: a longer context (a line of megabytes) is cut
/// to a window around the span.
const MAX_EXCERPT: usize = 4096;
/// How much of a cut line is shown before and after the span.
const EXCERPT_PAD: usize = 160;

/// The source as miette reads it, for [`human`].
///
/// Miette's own reader for `str` scans the text from its first byte for every span it reads
/// (several reads per diagnostic): 200 diagnostics near the end of a 50 MB file took 40 s.
/// This one starts miette's reader at the first line of the context, found in an index of line
/// starts made once, so it reads exactly what miette's would, at the cost of the context only.
/// A context longer than [`MAX_EXCERPT`] bytes is cut to a window around the span, so that a
/// report does not repeat a huge line for every diagnostic on it.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Source<'a> {
    fn new(name: &'a str, text: &'a str) -> Source<'a> {
        Source {
            name,
            text,
            lines: LineIndex::new(text),
        }
    }
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let bytes = self.text.as_bytes();
        let offset = span.offset();
        let end = offset + span.len();
        let line = self.lines.line_of(offset);
        let first = line.saturating_sub(before);
        let last = (self.lines.line_of(end.saturating_sub(1).max(offset)) + after)
            .min(self.lines.len().saturating_sub(1));
        let base = self.lines.start(first).unwrap_or(0).min(bytes.len());
        // What miette's reader would return: from the span (no lines before) or the first line's
        // start, to the span's end (no lines after) or the last line's end.
        let from = if before == 0 { offset } else { base };
        let to = if after == 0 {
            end
        } else {
            self.lines.start(last + 1).unwrap_or(bytes.len())
        };
        if offset > bytes.len() || to.saturating_sub(from) <= MAX_EXCERPT {
            let rest = bytes.get(base..).unwrap_or_default();
            let shifted = SourceSpan::from((offset.saturating_sub(base), span.len()));
            let c = rest.read_span(&shifted, before, after)?;
            // The number of lines shown, which miette adds to the first to tell whether two
            // labels' snippets meet (its own reader gives the lines from the file's start, so
            // that a label 20 lines away drew every line between).
            let shown = (last + 1).saturating_sub(c.line() + first);
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                c.data(),
                (c.span().offset() + base, c.span().len()).into(),
                c.line() + first,
                c.column(),
                shown,
            )));
        }
        // A long context: a window around the span (its first MAX_EXCERPT bytes at most).
        let to = to.min(bytes.len());
        let mut lo = offset.saturating_sub(EXCERPT_PAD).max(from);
        let mut hi = (end.min(offset + MAX_EXCERPT) + EXCERPT_PAD).min(to);
        while lo > from && !self.text.is_char_boundary(lo) {
            lo -= 1;
        }
        while hi < to && !self.text.is_char_boundary(hi) {
            hi += 1;
        }
        let hi = hi.max(lo);
        let column = if before == 0 {
            offset - self.lines.start(line).unwrap_or(0)
        } else {
            0
        };
        let first_shown = self.lines.line_of(lo);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            bytes.get(lo..hi).unwrap_or_default(),
            (lo, hi - lo).into(),
            first_shown,
            column,
            (last + 1).saturating_sub(first_shown),
        )))
    }
}

struct Shown<'a> {
    d: &'a Diagnostic,
    src: &'a Source<'a>,
    text: &'a str,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            (!self.d.label.is_empty()).then(|| self.d.label.clone()),
            source_span(self.text, &self.d.span),
        );
        let others = self.d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), source_span(self.text, &l.span))
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Render diagnostics for people: each with its code, the source lines, labels and help,
/// then a summary line.
///
/// # Examples
///
/// ```
/// let source = r#"quote "I would rather call than write." {
///   by: "developer", 2025
///   suports: quick_calls
/// }
/// "#;
/// let diagnostics = codebook::validate(source);
/// let shown = codebook::report::human("calls.codebook", source, &diagnostics);
/// assert!(shown.starts_with("codebook::unknown_property\n"));
/// assert!(shown.contains("× unknown property `suports` in a quote"));
/// assert!(shown.contains("╭─[calls.codebook:3:3]"));
/// assert!(shown.contains("help: did you mean `supports`?"));
/// assert!(shown.ends_with("calls.codebook: 1 error\n"));
///
/// let clean = codebook::report::human("tidy.codebook", "", &[]);
/// assert_eq!(clean, "tidy.codebook: ok\n");
/// ```
pub fn human(file: &str, source: &str, diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        // Nothing to show from the source: don't scan or index it.
        return format!("{}\n", summary(file, diags));
    }
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(WIDTH)
        .with_links(false);
    let shown_text = visible(source);
    let src = Source::new(file, &shown_text);
    let mut out = String::new();
    for d in grouped(source, diags).iter().take(MAX_SHOWN) {
        let shown = Shown {
            d,
            src: &src,
            text: &shown_text,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, d.message));
        }
        out.push('\n');
    }
    out.push_str(&summary(file, diags));
    out.push('\n');
    // Messages and helps may quote the file's text too.
    visible(&out).into_owned()
}

/// How many places of a group beside the first are pointed at; the rest are listed by name.
const GROUP_LABELS: usize = 2;

/// How many places of a group past those pointed at are listed by name.
const GROUP_NAMED: usize = 8;

/// The diagnostics as people are shown them: the places of one problem
/// ([`Diagnostic::group`]: 23 codes that skip one level) as one diagnostic, where the first
/// is, with its count, the next few pointed at and the rest listed by name and line.
fn grouped<'a>(source: &str, diags: &'a [Diagnostic]) -> Vec<std::borrow::Cow<'a, Diagnostic>> {
    use std::borrow::Cow;
    let key = |d: &'a Diagnostic| d.group.as_ref().map(|g| (d.code, d.severity, &g.key));
    let mut members: std::collections::BTreeMap<_, Vec<&Diagnostic>> = Default::default();
    for d in diags {
        if let Some(k) = key(d) {
            members.entry(k).or_default().push(d);
        }
    }
    if members.values().all(|m| m.len() < 2) {
        return diags.iter().map(Cow::Borrowed).collect();
    }
    let index = LineIndex::new(source);
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        let (Some(k), Some(g)) = (key(d), &d.group) else {
            out.push(Cow::Borrowed(d));
            continue;
        };
        let Some(all) = members.get(&k).filter(|m| m.len() > 1) else {
            out.push(Cow::Borrowed(d));
            continue;
        };
        if !all.first().is_some_and(|f| std::ptr::eq(*f, d)) {
            continue;
        }
        let mut one = d.clone();
        if let Some(help) = &g.help {
            one.help = Some(help.clone());
            one.suggestion = None;
        }
        one.message = format!(
            "{} {}",
            crate::words::count(all.len(), &g.noun.0, &g.noun.1),
            g.message
        );
        for other in all.iter().skip(1).take(GROUP_LABELS) {
            one.labels.push(crate::diagnostics::Label {
                span: other.span.clone(),
                message: other.label.clone(),
            });
        }
        let rest = all.get(1 + GROUP_LABELS..).unwrap_or_default();
        if !rest.is_empty() {
            let named: Vec<String> = rest
                .iter()
                .take(GROUP_NAMED)
                .map(|o| {
                    let name = o.group.as_ref().map_or("", |g| g.name.as_str());
                    let (line, _) = index.line_col(source, o.span.start);
                    format!("`{name}` (line {line})")
                })
                .collect();
            let others = match rest.len().saturating_sub(GROUP_NAMED) {
                0 => String::new(),
                n => format!(" and {}", crate::words::count(n, "other", "others")),
            };
            let more = format!("and {} more: {}{others}", rest.len(), named.join(", "));
            one.help = Some(match one.help.take() {
                Some(h) => format!("{h}\n{more}"),
                None => more,
            });
        }
        out.push(Cow::Owned(one));
    }
    out
}

/// Whether a character would act on the terminal rather than show: a control character
/// other than tab and line breaks (an escape sequence can clear the screen or retitle the
/// window), or a bidirectional control (it can reorder what a line shows, "Trojan Source").
pub(crate) fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// The text as diagnostics show it: each [`hidden`] character replaced by a visible one of
/// the same length in bytes (`?`, `¿` or `�`), and a lone CR (which would return the cursor
/// and let the rest of the line overwrite what was shown) by a line feed, the line break it
/// is; so every span still points at the same place.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let lone_cr = |i: usize| text.as_bytes().get(i + 1) != Some(&b'\n');
    if !text
        .char_indices()
        .any(|(i, c)| hidden(c) || (c == '\r' && lone_cr(i)))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.char_indices()
        .map(|(i, c)| match c {
            '\r' if lone_cr(i) => '\n',
            c if !hidden(c) => c,
            c if c.len_utf8() == 1 => '?',
            c if c.len_utf8() == 2 => '\u{BF}',
            _ => '\u{FFFD}',
        })
        .collect()
}

/// `file: 2 errors, 1 warning` (and how many were not shown).
pub(crate) fn summary(file: &str, diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| crate::words::count(n, w, &format!("{w}s"));
    let mut s = match (errors, warnings) {
        (0, 0) => format!("{file}: ok"),
        (0, w) => format!("{file}: ok, with {}", plural(w, "warning")),
        (e, 0) => format!("{file}: {}", plural(e, "error")),
        (e, w) => format!("{file}: {}, {}", plural(e, "error"), plural(w, "warning")),
    };
    if diags.len() > MAX_SHOWN {
        s.push_str(&format!(
            " ({} shown, {} more not shown)",
            MAX_SHOWN,
            diags.len() - MAX_SHOWN
        ));
    }
    s
}

/// Render diagnostics for programs: one object per file.
///
/// # Examples
///
/// ```
/// let source = "actor eng \"Engineering\"\ngroup office \"Office\" {\n  members: eng, ops\n}\n";
/// let diagnostics = codebook::validate(source);
/// let report = codebook::report::json("teams.codebook", source, &diagnostics);
/// assert_eq!(report["errors"], 1);
/// assert_eq!(report["warnings"], 0);
/// let first = &report["diagnostics"][0];
/// assert_eq!(first["code"], "codebook::unknown_reference");
/// assert_eq!(first["message"], "unknown actor `ops`");
/// assert_eq!(first["span"]["line"], 3);
/// assert_eq!(first["span"]["column"], 17);
/// assert_eq!(first["help"], "declared: eng");
/// ```
pub fn json(file: &str, source: &str, diags: &[Diagnostic]) -> Value {
    let index = LineIndex::new(source);
    let place = |span: &std::ops::Range<usize>| {
        let (line, column) = index.line_col(source, span.start);
        json!({ "start": span.start, "end": span.end, "line": line, "column": column })
    };
    let items: Vec<Value> = diags
        .iter()
        .take(MAX_SHOWN)
        .map(|d| {
            let mut item = json!({
                "code": d.code.to_string(),
                "severity": d.severity,
                "message": d.message,
                "file": file,
                "span": place(&d.span),
                "label": d.label,
                "labels": d.labels.iter().map(|l| json!({ "message": l.message, "span": place(&l.span) })).collect::<Vec<_>>(),
                "help": d.help,
            });
            // The did-you-mean replacement, as data (absent when there is none).
            if let (Some(s), Some(map)) = (d.suggestion(), item.as_object_mut()) {
                map.insert("suggestion".into(), json!(s));
            }
            item
        })
        .collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    json!({
        "file": file,
        "errors": errors,
        "warnings": diags.len() - errors,
        "truncated": diags.len() > MAX_SHOWN,
        "diagnostics": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::DiagnosticCode;

    /// A file whose lines end in a lone CR (classic Mac OS): people and programs are told the
    /// same line.
    #[test]
    fn cr_only_lines_are_counted_alike_for_people_and_programs() {
        let source = "# one\r# two\rstudy\r";
        let at = source.find("study").unwrap_or_default();
        let d = Diagnostic::new(DiagnosticCode::SyntaxError, at..at + 5, "here");
        let human = human("f.codebook", source, std::slice::from_ref(&d));
        assert!(human.contains("[f.codebook:3:1]"), "{human}");
        let json = json("f.codebook", source, &[d]);
        assert_eq!(json["diagnostics"][0]["span"]["line"], 3, "{json}");
        assert_eq!(json["diagnostics"][0]["span"]["column"], 1, "{json}");
        assert_eq!(
            LineIndex::new("a\r\nb\rc\nd").line_col("a\r\nb\rc\nd", 7),
            (4, 1)
        );
    }
}
