//! `codebook fmt`: one canonical layout for a codebook file.
//!
//! [`format()`] works on the syntax tree ([`crate::syntax::parse`]) and the list of comments, so
//! it formats files that do not check (only a syntax error stops it). The layout:
//!
//! - **Indentation** is two spaces per block; **one statement per line**; a block's `}` stands
//!   on its own line; an empty block is written `{}`.
//! - **Properties** are written `key: value, value`. In a matrix row, the values of a run of
//!   cells (`p1 hc_hi1: exclusive`) are aligned in one column. When a property's values do not
//!   fit in [`WIDTH`] columns, each value goes on its own line, aligned under the first.
//! - **Order in a block**: the properties come first, in the order the declaration's kind
//!   lists them in [`crate::model::schema`] (the README's reference table), properties the kind
//!   does not list (a code's attributes, matrix cells, unknown keys) after them in the order
//!   written; then the nested declarations and `map` lines, in the order written. Spellings of
//!   one property (`colour`/`color`, `date`/`dates`/`year` of a source, `phase`/`phases`) share
//!   a place, so which of two comes first never changes.
//! - **Blank lines**: at the top of the file, one blank line separates a declaration that spans
//!   several lines from its neighbours; one-line declarations (`phase`, `map`, `total:`) keep the
//!   author's grouping. Inside blocks, a blank line the author left before a statement (or its
//!   comments) is kept. Several blank lines become one; none follows `{` or precedes `}`.
//! - **Texts** keep their value exactly. A text without `"` is written `"..."` (a `\` as
//!   `\\`); a text with `"` is written `"""..."""` (no escapes needed), unless it contains
//!   `"""`, when it is written `"..."` with `\"`. A text that does not fit in [`WIDTH`] columns
//!   is wrapped on single spaces, the lines after the first aligned under its first character
//!   (a line break and the indentation read as one space); a paragraph break is an empty line.
//!   The `levels` line is never wrapped.
//! - **Comments** stay with what they describe: a comment on its own line stays before the
//!   statement below it, at that statement's indentation (and moves with it); a comment after a
//!   statement on its line stays on that line; a comment after `{` stays there; comments before
//!   a `}` or at the end of the file stay at the end of their block or file. A comment written
//!   inside a statement that spans lines (after a `,` or a `->`) moves before the statement.
//!   Trailing spaces after a comment are dropped; its text is otherwise untouched.
//! - Numbers and dates are written as in the source; ranges `a .. b`; `→` as `->`; a byte
//!   order mark is dropped; the file ends with one line break.
//! - **Line breaks** are `\n`, or `\r\n` when the file's first line ends with `\r\n` (a file
//!   saved on Windows stays a Windows file).

use crate::diagnostics::Diagnostic;
use crate::model::schema::{self, Declaration};
use crate::syntax::{
    self,
    ast::{Atom, Comment, Document, Node, Property, Statement, Str, Value},
};
mod comments;
mod text;

use comments::{FILE_END, Places, attach, blank_before};
pub(crate) use text::literal;
use text::{Out, escaped, inline_str, lines, plain_paragraphs, quoting, width, words};

/// The column texts are wrapped at.
pub const WIDTH: usize = 100;
/// Spaces per block level.
const INDENT: usize = 2;

/// Format a whole file. Fails only when the text cannot be parsed: with every syntax error.
///
/// # Examples
///
/// ```
/// let messy = r#"structure s "S" {
/// dimension d "D" { theme t "T" {
///  concept a "A"
///  concept b "B" } }
/// }
/// quote "We meet." { supports: a, b
///  by: "lead", 2025 }
/// "#;
/// let tidy = codebook::format::format(messy).expect("it parses");
/// let expected = r#"structure s "S" {
///   dimension d "D" {
///     theme t "T" {
///       concept a "A"
///       concept b "B"
///     }
///   }
/// }
///
/// quote "We meet." {
///   by: "lead", 2025
///   supports: a, b
/// }
/// "#;
/// assert_eq!(tidy, expected);
/// // Formatting is idempotent, and refuses text with a syntax error.
/// assert_eq!(codebook::format::format(&tidy).as_ref(), Ok(&tidy));
/// assert!(codebook::format::format("quote \"unclosed {\n").is_err());
/// ```
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    let doc = syntax::parse(source)?;
    let levels = level_names(&doc);
    let mut f = Formatter {
        src: source,
        levels: &levels,
        places: attach(source, &doc),
        out: Out::default(),
    };
    f.top(&doc);
    Ok(match crlf(source) {
        true => with_crlf(&f.out.buf),
        false => f.out.buf,
    })
}

/// What [`format_with`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Streamed {
    /// The whole formatted text went to the sink, in order: the same text [`format()`] returns.
    Done,
    /// The `levels` line read ahead of the parse (see [`syntax::levels_statements`]) was not the
    /// file's first one, so what went to the sink is void: use [`format()`].
    Void,
}

/// Format a whole file one top-level statement at a time, handing the formatted text to `sink`
/// piece by piece as the file is parsed, so that neither the whole syntax tree nor the whole
/// output is held (what `codebook fmt --check` needs for a large file). The pieces joined are
/// what [`format()`] returns. On a syntax error, what went to the sink is void.
pub fn format_with(source: &str, sink: &mut dyn FnMut(&str)) -> Result<Streamed, Vec<Diagnostic>> {
    let guessed: Option<Vec<String>> = syntax::levels_statements(source)
        .first()
        .map(|l| l.levels.iter().map(|d| d.name.name.to_string()).collect());
    let levels = guessed.clone().unwrap_or_else(default_levels);
    let mut first_levels: Option<Vec<String>> = None;
    let mut eol = Eol {
        crlf: crlf(source),
        after_cr: false,
    };
    let mut out = |text: &str| eol.write(text, sink);
    let mut st = Stream {
        src: source,
        levels: &levels,
        comments: Vec::new(),
        prev: None,
        carried: Vec::new(),
        first: true,
        prev_multiline: false,
    };
    let errors = syntax::each_piece(source, true, true, |piece| match piece {
        syntax::Piece::Comment(c) => st.comments.push(c),
        syntax::Piece::Statement(s) => {
            if first_levels.is_none()
                && let Statement::Levels(l) = &s
            {
                first_levels = Some(l.levels.iter().map(|d| d.name.name.to_string()).collect());
            }
            st.next(s, &mut out);
        }
    });
    if !errors.is_empty() {
        return Err(errors.diagnostics);
    }
    st.finish(&mut out);
    Ok(match first_levels == guessed {
        true => Streamed::Done,
        false => Streamed::Void,
    })
}

/// What [`compare`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compared {
    /// Formatting leaves the file as it is.
    Same,
    /// Formatting changes the file.
    Changed,
    /// The streamed formatting could not tell ([`Streamed::Void`]): ask
    /// [`format()`].
    Unknown,
}

/// Whether formatting changes `source` (what `codebook fmt --check` asks), by [`format_with`]:
/// the text is compared with the source piece by piece as it is made, so neither the whole
/// syntax tree nor the formatted text is ever held. The formatted text of a file that changes
/// goes to `changed` as it is made, from the first piece that differs on (the source up to it
/// first, which formatting leaves as it is), so that `codebook fmt` can write it without
/// holding it; `changed` gets nothing from a file that formatting leaves as it is. On a syntax
/// error, or [`Compared::Unknown`], what went to `changed` is void.
pub fn compare(source: &str, changed: &mut dyn FnMut(&str)) -> Result<Compared, Vec<Diagnostic>> {
    let mut at = 0;
    let mut same = true;
    let mut take = |piece: &str| {
        if same {
            let end = at + piece.len();
            if source.as_bytes().get(at..end) == Some(piece.as_bytes()) {
                at = end;
                return;
            }
            same = false;
            changed(&source[..at]);
        }
        changed(piece);
    };
    let done = format_with(source, &mut take)?;
    Ok(match done {
        Streamed::Void => Compared::Unknown,
        _ if same && at == source.len() => Compared::Same,
        _ => {
            if same {
                // The formatted text is the source cut short.
                changed(&source[..at]);
            }
            Compared::Changed
        }
    })
}

/// Line breaks written as the file writes them (see [`with_crlf`]), piece by piece.
struct Eol {
    crlf: bool,
    after_cr: bool,
}

impl Eol {
    fn write(&mut self, text: &str, sink: &mut dyn FnMut(&str)) {
        if !self.crlf {
            sink(text);
            return;
        }
        let mut rest = text;
        while let Some(i) = memchr::memchr(b'\n', rest.as_bytes()) {
            let before = rest.get(..i).unwrap_or("");
            let after_cr = match before.is_empty() {
                true => self.after_cr,
                false => before.ends_with('\r'),
            };
            sink(before);
            sink(if after_cr { "\n" } else { "\r\n" });
            self.after_cr = false;
            rest = rest.get(i + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            self.after_cr = rest.ends_with('\r');
            sink(rest);
        }
    }
}

/// The state of [`format_with`] between top-level statements: a statement is written when the
/// next one is read (its comments, the blank line after it, are known only then).
struct Stream<'s> {
    src: &'s str,
    levels: &'s [String],
    /// Comments read and not yet placed, in file order.
    comments: Vec<Comment>,
    /// The statement read last, not yet written.
    prev: Option<Statement>,
    /// The own-line comments before `prev`.
    carried: Vec<(Comment, bool)>,
    first: bool,
    prev_multiline: bool,
}

impl Stream<'_> {
    /// `s` was read: write the statement before it.
    fn next(&mut self, s: Statement, out: &mut dyn FnMut(&str)) {
        let start = s.span().start;
        let n = self.comments.partition_point(|c| c.span.start < start);
        let before: Vec<Comment> = self.comments.drain(..n).collect();
        let doc = Document {
            statements: self.prev.take().into_iter().chain([s]).collect(),
            comments: before,
        };
        self.write(doc, out, Some(start));
    }

    /// The file is read: write the last statement and the comments after it.
    fn finish(&mut self, out: &mut dyn FnMut(&str)) {
        let doc = Document {
            statements: self.prev.take().into_iter().collect(),
            comments: std::mem::take(&mut self.comments),
        };
        self.write(doc, out, None);
    }

    /// Write the first statement of `doc` (the one read before `next`, the statement starting
    /// at `next`, if any) and keep `next` and its own-line comments for the next call. Without
    /// `next`, write the comments at the end of the file too.
    fn write(&mut self, mut doc: Document, out: &mut dyn FnMut(&str), next: Option<usize>) {
        let carried = std::mem::take(&mut self.carried);
        let written = doc.statements.len() - usize::from(next.is_some());
        let mut places = attach(self.src, &doc);
        let mut f = Formatter {
            src: self.src,
            levels: self.levels,
            places: Places::default(),
            out: Out::default(),
        };
        if let Some(at) = next {
            self.carried = places
                .leading
                .remove(&at)
                .unwrap_or_default()
                .into_iter()
                .map(|(c, inner)| (c.clone(), inner))
                .collect();
        }
        if let Some(s) = doc.statements.first().filter(|_| written > 0) {
            let start = s.span().start;
            let mut leading: Vec<(&Comment, bool)> =
                carried.iter().map(|(c, inner)| (c, *inner)).collect();
            leading.extend(places.leading.remove(&start).unwrap_or_default());
            if !leading.is_empty() {
                places.leading.insert(start, leading);
            }
            f.places = places;
            self.prev_multiline = f.top_statement(s, self.first, self.prev_multiline);
            self.first = false;
        } else {
            f.places = places;
        }
        if next.is_none() {
            f.top_end(self.first, self.prev_multiline);
        }
        out(&f.out.buf);
        drop(f);
        let keep = match next {
            Some(_) => doc.statements.pop(),
            None => None,
        };
        self.prev = keep;
    }
}

/// Whether the file's first line break is `\r\n`.
fn crlf(source: &str) -> bool {
    let bytes = source.as_bytes();
    memchr::memchr(b'\n', bytes)
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| bytes.get(i))
        == Some(&b'\r')
}

/// The text with every `\n` that is not already after a `\r` written `\r\n`.
fn with_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut after_cr = false;
    for c in text.chars() {
        if c == '\n' && !after_cr {
            out.push('\r');
        }
        out.push(c);
        after_cr = c == '\r';
    }
    out
}

/// A unified diff of `old` and `new` (both whole files), with three lines of context, headed
/// `--- name` / `+++ name (formatted)`. Empty when they are equal.
///
/// Uses the `similar` crate (Myers' algorithm with a time limit, so a huge file cannot make the
/// diff quadratic); it is already in the build for `insta`.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}

// ----- level names --------------------------------------------------------------------------

/// The words codes are declared with: the first `levels` line's names, or the default ones.
fn level_names(doc: &Document) -> Vec<String> {
    doc.statements
        .iter()
        .find_map(|s| match s {
            Statement::Levels(l) => {
                Some(l.levels.iter().map(|d| d.name.name.to_string()).collect())
            }
            _ => None,
        })
        .unwrap_or_else(default_levels)
}

fn default_levels() -> Vec<String> {
    crate::model::DEFAULT_LEVELS
        .iter()
        .map(|(n, _)| (*n).to_string())
        .collect()
}

// ----- canonical property order -------------------------------------------------------------

/// The declaration whose property order a block of `kind` keeps; none when the block keeps
/// the order written (matrix columns and rows, unknown kinds).
fn declaration(kind: &str, levels: &[String]) -> Option<&'static Declaration> {
    schema::declaration(kind, levels.iter().any(|l| l == kind))
}

fn rank(d: Option<&Declaration>, p: &Property) -> usize {
    match d {
        Some(d) => d.rank(&p.key_text()),
        None => 0,
    }
}

// ----- the formatter ------------------------------------------------------------------------

struct Formatter<'a> {
    src: &'a str,
    levels: &'a [String],
    places: Places<'a>,
    out: Out,
}

impl<'a> Formatter<'a> {
    fn top(&mut self, doc: &'a Document) {
        let mut prev_multiline = false;
        let mut first = true;
        for s in &doc.statements {
            prev_multiline = self.top_statement(s, first, prev_multiline);
            first = false;
        }
        self.top_end(first, prev_multiline);
    }

    /// One top-level statement with its comments and the blank line before it; whether it
    /// spans several lines.
    fn top_statement(&mut self, s: &'a Statement, first: bool, prev_multiline: bool) -> bool {
        let saved = std::mem::take(&mut self.out);
        self.statement(s, 0, 0);
        let rendered = std::mem::replace(&mut self.out, saved);
        let multiline = rendered.buf.contains('\n');
        let start = s.span().start;
        let first_at = self.group_start(start);
        let leading = self.places.leading.remove(&start).unwrap_or_default();
        let blank = !first && (blank_before(self.src, first_at) || multiline || prev_multiline);
        if blank {
            self.out.newline();
        }
        self.leading_comments(&leading, start, 0);
        self.out.buf.push_str(&rendered.buf);
        self.out.col = rendered.col;
        self.trailing_comments(start, 0);
        self.out.newline();
        multiline
    }

    /// The comments at the end of the file; `empty` when it has no statement.
    fn top_end(&mut self, empty: bool, prev_multiline: bool) {
        let end = self.places.end.remove(&FILE_END).unwrap_or_default();
        self.end_comments(&end, 0, empty, prev_multiline);
    }

    /// Where the statement starting at `start` begins with its comments: its first own-line
    /// comment, or itself.
    fn group_start(&self, start: usize) -> usize {
        self.places
            .leading
            .get(&start)
            .and_then(|l| l.iter().find(|(_, inner)| !inner))
            .map_or(start, |(c, _)| c.span.start)
    }

    /// Own-line comments before the statement starting at `start`, then the indentation of the
    /// statement. The blank line before the first is the caller's to write; the comments moved
    /// out of the statement come last, right before it.
    fn leading_comments(&mut self, leading: &[(&Comment, bool)], start: usize, indent: usize) {
        let mut outer = 0;
        for (c, _) in leading.iter().filter(|(_, inner)| !inner) {
            if outer > 0 && blank_before(self.src, c.span.start) {
                self.out.newline();
            }
            self.comment_line(c, indent);
            outer += 1;
        }
        if outer > 0 && blank_before(self.src, start) {
            self.out.newline();
        }
        for (c, _) in leading.iter().filter(|(_, inner)| *inner) {
            self.comment_line(c, indent);
        }
        self.out.spaces(indent);
    }

    fn comment_line(&mut self, c: &Comment, indent: usize) {
        self.out.spaces(indent);
        self.comment(c);
        self.out.newline();
    }

    fn comment(&mut self, c: &Comment) {
        self.out.text("#");
        self.out.text(c.text.trim_end());
    }

    /// The comment after a statement on its last line (any more, which cannot happen, on the
    /// lines after it, so none is ever lost).
    fn trailing_comments(&mut self, start: usize, indent: usize) {
        let trailing = self.places.trailing.remove(&start).unwrap_or_default();
        self.same_line_comments(&trailing, indent);
    }

    fn same_line_comments(&mut self, comments: &[&Comment], indent: usize) {
        for (k, c) in comments.iter().enumerate() {
            if k == 0 {
                self.out.text(" ");
            } else {
                self.out.newline();
                self.out.spaces(indent);
            }
            self.comment(c);
        }
    }

    /// Comments after the last statement of a block or file.
    fn end_comments(&mut self, end: &[&Comment], indent: usize, empty: bool, force_blank: bool) {
        for (k, c) in end.iter().enumerate() {
            let nothing_before = empty && k == 0;
            if !nothing_before && (blank_before(self.src, c.span.start) || (k == 0 && force_blank))
            {
                self.out.newline();
            }
            self.comment_line(c, indent);
        }
    }

    /// The statements of a block, in canonical order, each followed by a newline.
    fn block(&mut self, kind: &str, stmts: &'a [Statement], indent: usize) {
        let order = declaration(kind, self.levels);
        let mut idx: Vec<usize> = (0..stmts.len()).collect();
        idx.sort_by_key(|&i| match &stmts[i] {
            Statement::Property(p) => (0, rank(order, p)),
            _ => (1, 0),
        });
        let blanks: Vec<bool> = idx
            .iter()
            .enumerate()
            .map(|(k, &i)| k > 0 && blank_before(self.src, self.group_start(stmts[i].span().start)))
            .collect();
        let pads = cell_pads(stmts, &idx, &blanks, order);
        for (k, &i) in idx.iter().enumerate() {
            let s = &stmts[i];
            let start = s.span().start;
            if blanks[k] {
                self.out.newline();
            }
            let leading = self.places.leading.remove(&start).unwrap_or_default();
            self.leading_comments(&leading, start, indent);
            self.statement(s, indent, pads[k]);
            self.trailing_comments(start, indent);
            self.out.newline();
        }
    }

    /// One statement, from the current position (indentation written) to the end of its last
    /// line (no newline).
    fn statement(&mut self, s: &'a Statement, indent: usize, pad: usize) {
        match s {
            Statement::Levels(l) => {
                self.out.text("levels");
                for (k, d) in l.levels.iter().enumerate() {
                    self.out.text(if k == 0 { " " } else { " -> " });
                    self.out.text(&d.name.name);
                    if let Some(h) = &d.heading {
                        self.out.text(" ");
                        // The levels stay on one line, however long.
                        match inline_str(&h.value) {
                            Some(t) => self.out.text(&t),
                            None => self.string(h, 0),
                        }
                    }
                }
            }
            Statement::Map(m) => {
                self.out.text("map ");
                self.out.text(&m.child.name);
                self.out.text(" -> ");
                self.out.text(&m.parent.name);
            }
            Statement::Property(p) => self.property(p, pad),
            Statement::Node(n) => self.node(n, indent),
        }
    }

    fn property(&mut self, p: &Property, pad: usize) {
        self.out.text(&p.key_text());
        self.out.text(":");
        self.out.spaces(1 + pad);
        let at = self.out.col;
        let inline: Option<Vec<String>> = p.values.iter().map(|v| self.inline_value(v)).collect();
        if let Some(parts) = inline {
            let line = parts.join(", ");
            if at + width(&line) <= WIDTH {
                self.out.text(&line);
                return;
            }
        }
        let last = p.values.len().saturating_sub(1);
        for (k, v) in p.values.iter().enumerate() {
            if k > 0 {
                self.out.text(",");
                self.out.newline();
                self.out.spaces(at);
            }
            self.value(v, usize::from(k < last));
        }
    }

    fn node(&mut self, n: &'a Node, indent: usize) {
        self.out.text(&n.kind.name);
        if let Some(name) = &n.name {
            self.out.text(" ");
            self.out.text(&name.name);
        }
        // What follows the label on its line, for deciding whether the label fits.
        let mut after = 0;
        for (k, v) in n.values.iter().enumerate() {
            after += if k == 0 { 1 } else { 2 };
            after += self.inline_value(v).map_or(0, |t| width(&t));
        }
        if n.block.is_some() {
            after += 2;
        }
        if let Some(label) = &n.label {
            self.out.text(" ");
            self.string(label, after);
        }
        for (k, v) in n.values.iter().enumerate() {
            self.out.text(if k == 0 { " " } else { ", " });
            self.value(v, 0);
        }
        let Some(b) = &n.block else { return };
        self.out.text(" {");
        let head = self.places.head.remove(&n.span.start).unwrap_or_default();
        let end = self.places.end.remove(&b.span.start).unwrap_or_default();
        if b.statements.is_empty() && head.is_empty() && end.is_empty() {
            self.out.text("}");
            return;
        }
        self.same_line_comments(&head, indent + INDENT);
        self.out.newline();
        self.block(&n.kind.name, &b.statements, indent + INDENT);
        self.end_comments(&end, indent + INDENT, b.statements.is_empty(), false);
        self.out.spaces(indent);
        self.out.text("}");
    }

    fn source_text(&self, span: &std::ops::Range<usize>) -> String {
        self.src.get(span.clone()).unwrap_or("").to_string()
    }

    fn inline_atom(&self, a: &Atom) -> Option<String> {
        Some(match a {
            Atom::Str(s) => inline_str(&s.value)?,
            Atom::Number { text, .. } => text.clone(),
            Atom::Date(d) => self.source_text(&d.span),
            Atom::Range(a, b, _) => format!("{} .. {}", self.inline_atom(a)?, self.inline_atom(b)?),
            Atom::Word(w) => w.name.to_string(),
        })
    }

    /// A value on one line, if it has no paragraph break.
    fn inline_value(&self, v: &Value) -> Option<String> {
        let atoms: Option<Vec<String>> = v.atoms.iter().map(|a| self.inline_atom(a)).collect();
        Some(atoms?.join(" "))
    }

    /// A value from the current position; `after` columns follow it on its last line.
    fn value(&mut self, v: &Value, after: usize) {
        let widths: Vec<usize> = v
            .atoms
            .iter()
            .map(|a| self.inline_atom(a).map_or(0, |t| width(&t)))
            .collect();
        for (k, a) in v.atoms.iter().enumerate() {
            if k > 0 {
                self.out.text(" ");
            }
            // What must follow on this line: up to the first word of the next text, which may
            // wrap (`picu "PICU, n (%)" right under "Number of caregivers …"` wraps the last
            // text, not the heading), else the rest of the value and `after`.
            let next = v.atoms[k + 1..]
                .iter()
                .position(|a| matches!(a, Atom::Str(_)));
            let rest: usize = match next {
                Some(n) if matches!(a, Atom::Str(_)) => {
                    let first = match &v.atoms[k + 1 + n] {
                        Atom::Str(s) => words(&s.value).first().map_or(0, |w| width(w)) + 2,
                        _ => 0,
                    };
                    widths[k + 1..k + 1 + n]
                        .iter()
                        .map(|w| w + 1)
                        .sum::<usize>()
                        + first
                }
                _ => widths[k + 1..].iter().map(|w| w + 1).sum::<usize>() + after,
            };
            match a {
                Atom::Str(s) => self.string(s, rest),
                other => {
                    let t = self.inline_atom(other).unwrap_or_default();
                    self.out.text(&t);
                }
            }
        }
    }

    /// A text from the current position, wrapped if it does not fit; `after` columns follow it.
    fn string(&mut self, s: &Str, after: usize) {
        let value = s.value.as_str();
        if let Some(t) = inline_str(value)
            && self.out.col + width(&t) + after <= WIDTH
        {
            self.out.text(&t);
            return;
        }
        let q = quoting(value);
        self.out.text(q.open);
        let hang = self.out.col;
        // Paragraphs laid out with a blank line between them, or, in a text written with
        // escapes, its lines, each source line ending right after a `\n` (it reads as printed).
        let plain = plain_paragraphs(value);
        let paragraphs: Vec<&str> = match plain {
            true => value.split("\n\n").collect(),
            false => lines(value),
        };
        let last_p = paragraphs.len().saturating_sub(1);
        for (pi, para) in paragraphs.iter().enumerate() {
            if pi > 0 {
                self.out.newline();
                if plain {
                    self.out.newline();
                }
                self.out.spaces(hang);
            }
            let ws = words(para);
            let last_w = ws.len().saturating_sub(1);
            for (wi, w) in ws.iter().enumerate() {
                let w = escaped(w, &q);
                let extra = if pi == last_p && wi == last_w {
                    width(q.close) + after
                } else {
                    0
                };
                if wi == 0 {
                    self.out.text(&w);
                } else if self.out.col + 1 + width(&w) + extra <= WIDTH {
                    self.out.text(" ");
                    self.out.text(&w);
                } else {
                    self.out.newline();
                    self.out.spaces(hang);
                    self.out.text(&w);
                }
            }
        }
        self.out.text(q.close);
    }
}

/// Padding after the colon of each statement (in output order), aligning the values of runs of
/// matrix cells (properties with a two-word key that the declaration does not list, so not
/// `quote heading:` or `also under:`) not broken by a blank line.
fn cell_pads(
    stmts: &[Statement],
    idx: &[usize],
    blanks: &[bool],
    d: Option<&Declaration>,
) -> Vec<usize> {
    let key_width = |i: usize| match &stmts[i] {
        Statement::Property(p)
            if p.key.len() > 1 && d.is_none_or(|d| d.rank(&p.key_text()) == d.properties.len()) =>
        {
            Some(width(&p.key_text()))
        }
        _ => None,
    };
    let mut pads = vec![0; idx.len()];
    let mut k = 0;
    while k < idx.len() {
        if key_width(idx[k]).is_none() {
            k += 1;
            continue;
        }
        let mut end = k + 1;
        while end < idx.len() && !blanks[end] && key_width(idx[end]).is_some() {
            end += 1;
        }
        let widest = (k..end)
            .filter_map(|j| key_width(idx[j]))
            .max()
            .unwrap_or(0);
        for j in k..end {
            pads[j] = widest - key_width(idx[j]).unwrap_or(widest);
        }
        k = end;
    }
    pads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        match format(s) {
            Ok(t) => t,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn streaming_writes_what_format_returns() {
        let sources = [
            "",
            "# only a comment\n",
            "# head\n\nstudy \"S\" { # after brace\n  year: 2020 # trailing\n  # end of block\n} # after\n# eof\n",
            "phase a \"A\" 2012 .. 2013\nphase b \"B\" 2014\n\n\n\nstudy \"S\" {\n  year: 2020\n}\nphase c \"C\" 2015\n",
            "quote \"x\" {\n  supports: a, # one\n    b\n}\n# between\n\n# two\nquote \"y\" {}\n",
            "phase a \"A\" 2012\r\n# c\r\n\r\nphase b \"B\" 2013 # t\r\n",
            "structure s \"S\" {\n  theme t \"T\" {\n    concept c \"C\"\n  }\n}\nlevels concept -> theme\n",
        ];
        for src in sources {
            let mut out = String::new();
            let streamed = format_with(src, &mut |piece| out.push_str(piece));
            assert_eq!(streamed, Ok(Streamed::Done), "{src:?}");
            assert_eq!(out, fmt(src), "{src:?}");
        }
        let mut out = String::new();
        assert!(format_with("quote \"unclosed {\n", &mut |p| out.push_str(p)).is_err());
    }

    #[test]
    fn compare_hands_on_the_formatted_text_from_its_first_change() {
        let sources = [
            "phase a \"A\" 2012\n",
            // The formatted text is the source cut short.
            "phase a \"A\" 2012\n\n\n",
            // The first statement is formatted already, the second is not.
            "phase a \"A\" 2012\nphase  b \"B\" 2013\n",
            "  phase a \"A\" 2012\n",
            "phase a \"A\" 2012\r\nphase  b \"B\" 2013\r\n",
        ];
        for src in sources {
            let mut out = String::new();
            let compared = compare(src, &mut |t| out.push_str(t));
            let formatted = fmt(src);
            if formatted == src {
                assert_eq!(compared, Ok(Compared::Same), "{src:?}");
                assert!(out.is_empty(), "{src:?}");
            } else {
                assert_eq!(compared, Ok(Compared::Changed), "{src:?}");
                assert_eq!(out, formatted, "{src:?}");
            }
        }
        assert!(compare("quote \"unclosed {\n", &mut |_| {}).is_err());
    }

    #[test]
    fn words_split_only_on_single_spaces() {
        assert_eq!(words("a b  c\u{a0} d"), vec!["a", "b  c\u{a0} d"]);
        assert_eq!(words(""), vec![""]);
        assert_eq!(words("one"), vec!["one"]);
    }

    #[test]
    fn quoting_picks_the_form_without_escapes() {
        assert_eq!(inline_str("plain").as_deref(), Some("\"plain\""));
        assert_eq!(
            inline_str(r#"say "hi""#).as_deref(),
            Some(r#""""say "hi"""""#)
        );
        assert_eq!(
            inline_str(r#"a """ b \"#).as_deref(),
            Some(r#""a \"\"\" b \\""#)
        );
        assert_eq!(inline_str(r"C:\x").as_deref(), Some(r#""C:\\x""#));
    }

    #[test]
    fn one_line_blocks_are_opened() {
        assert_eq!(
            fmt("group g \"G\" { members: a, b }\n"),
            "group g \"G\" {\n  members: a, b\n}\n"
        );
    }

    #[test]
    fn quote_properties_take_the_canonical_order() {
        let src = "quote \"x\" {\n  phase: p\n  supports: c\n  # where\n  by: \"w\", 2017\n}\n";
        assert_eq!(
            fmt(src),
            "quote \"x\" {\n  # where\n  by: \"w\", 2017\n  supports: c\n  phase: p\n}\n"
        );
    }

    #[test]
    fn comments_stay_in_place() {
        let src = "# head\n\nstudy \"S\" { # after brace\n  year: 2020 # trailing\n  # end of block\n} # after\n# eof\n";
        assert_eq!(
            fmt(src),
            "# head\n\nstudy \"S\" { # after brace\n  year: 2020 # trailing\n  # end of block\n} # after\n\n# eof\n"
        );
    }

    #[test]
    fn comments_inside_a_statement_move_before_it() {
        let src = "quote \"x\" {\n  supports: a, # one\n    b\n}\n";
        assert_eq!(fmt(src), "quote \"x\" {\n  # one\n  supports: a, b\n}\n");
    }

    #[test]
    fn paragraphs_are_kept() {
        let src = "quote \"one\n\n   two\" {\n}\n";
        let out = fmt(src);
        assert_eq!(out, "quote \"one\n\n       two\" {}\n");
        let doc = crate::syntax::parse(&out)
            .map_err(|d| format!("{d:?}"))
            .unwrap_or_else(|e| panic!("{e}"));
        match &doc.statements[0] {
            Statement::Node(n) => assert_eq!(
                n.label.as_ref().map(|l| l.value.as_str()),
                Some("one\n\ntwo")
            ),
            _ => panic!("a node"),
        }
    }

    #[test]
    fn long_texts_wrap_under_their_first_character() {
        let text = "word ".repeat(30);
        let src = format!("quote \"{}\" {{\n}}\n", text.trim_end());
        let out = fmt(&src);
        for line in out.lines() {
            assert!(width(line) <= WIDTH, "{line}");
        }
        assert!(out.contains("\n       word"), "{out}");
    }

    #[test]
    fn blank_lines_collapse_and_separate_blocks() {
        let src = "phase a \"A\" 2012 .. 2013\nphase b \"B\" 2014\n\n\n\nstudy \"S\" {\n  year: 2020\n}\nphase c \"C\" 2015\n";
        assert_eq!(
            fmt(src),
            "phase a \"A\" 2012 .. 2013\nphase b \"B\" 2014\n\nstudy \"S\" {\n  year: 2020\n}\n\nphase c \"C\" 2015\n"
        );
    }

    #[test]
    fn matrix_cells_are_aligned() {
        let src = "matrix m \"M\" {\n  row r {\n    p1 a: x\n    p1 long_group: y\n  }\n}\n";
        assert_eq!(
            fmt(src),
            "matrix m \"M\" {\n  row r {\n    p1 a:          x\n    p1 long_group: y\n  }\n}\n"
        );
    }
}
