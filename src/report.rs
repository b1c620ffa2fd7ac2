//! Showing diagnostics to people (miette, plain unicode, no colour) and to programs (JSON).

use crate::diagnostics::{Diagnostic, MAX_SHOWN, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde_json::{Value, json};
use std::fmt;

/// The width human diagnostics are wrapped to, so snapshots do not depend on the terminal.
pub const WIDTH: usize = 100;

/// Byte offsets of line starts, for line/column numbers computed only when shown.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = clamp(source, offset);
        let line = self
            .starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
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

struct Shown<'a> {
    d: &'a Diagnostic,
    src: &'a NamedSource<String>,
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
pub fn human(file: &str, source: &str, diags: &[Diagnostic]) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(WIDTH)
        .with_links(false);
    let src = NamedSource::new(file, source.to_string());
    let mut out = String::new();
    for d in diags.iter().take(MAX_SHOWN) {
        let shown = Shown {
            d,
            src: &src,
            text: source,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", d.code, d.message));
        }
        out.push('\n');
    }
    out.push_str(&summary(file, diags));
    out.push('\n');
    out
}

/// `file: 2 errors, 1 warning` (and how many were not shown).
pub fn summary(file: &str, diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
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
            json!({
                "code": d.code.to_string(),
                "severity": d.severity,
                "message": d.message,
                "file": file,
                "span": place(&d.span),
                "label": d.label,
                "labels": d.labels.iter().map(|l| json!({ "message": l.message, "span": place(&l.span) })).collect::<Vec<_>>(),
                "help": d.help,
            })
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
