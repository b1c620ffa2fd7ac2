//! The pest parser, wrapped: pest's `Pairs` never leave this module.
//!
//! [`parse`] turns source text into an [`ast::Document`] or one syntax diagnostic written in
//! words (`errors.rs`; rule names are mapped by `errors::rule_name`). `tree.rs` turns the pairs of
//! one statement into syntax nodes.

use super::ast::{self, Document};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use errors::{Stop, Stops, check_depth, syntax_error, unclosed_block};
use pest::Parser as _;
use tree::{Builder, flatten, typographic_inside};

mod errors;
pub(crate) use errors::prose as prose_line;
mod repair;
mod stream;
mod tree;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/codebook.pest"]
struct Grammar;

/// The deepest nesting of `{ }` blocks accepted (pest recurses per block).
pub const MAX_DEPTH: usize = 64;
/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// The most syntax errors described one by one; lines past them are still skipped and counted.
pub const MAX_SYNTAX_ERRORS: usize = 100;

/// How many words of skipped lines are kept (see [`SyntaxErrors::skipped_words`]).
pub const MAX_SKIPPED_WORDS: usize = 10_000;

/// What a parse found wrong with a file's form.
#[derive(Debug, Default)]
pub struct SyntaxErrors {
    /// Every syntax error (at most [`MAX_SYNTAX_ERRORS`], then one that counts the rest), in
    /// file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The statements that parsed cannot be trusted to mean what the author meant: a block is
    /// not closed (so later declarations fall into it), or the file was refused whole
    /// (`too_large`, `too_deep`). Checking them would only report what follows from this.
    pub nesting_lost: bool,
    /// The words of the lines that could not be read (an identifier declared on such a line
    /// is not "unknown" where it is used: it was only not read), of the first lines up to
    /// `MAX_SKIPPED_WORDS`.
    pub skipped_words: std::collections::BTreeSet<String>,
    /// How many syntax errors were not described.
    more: usize,
}

impl SyntaxErrors {
    /// No syntax error at all.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    fn fatal(d: Diagnostic) -> SyntaxErrors {
        SyntaxErrors {
            diagnostics: vec![d],
            nesting_lost: true,
            ..SyntaxErrors::default()
        }
    }

    fn push(&mut self, d: Diagnostic) {
        if self.diagnostics.len() < MAX_SYNTAX_ERRORS {
            self.diagnostics.push(d);
        } else {
            self.more += 1;
        }
    }

    fn full(&self) -> bool {
        self.diagnostics.len() >= MAX_SYNTAX_ERRORS
    }
}

/// Parse a whole file; any syntax error refuses it (what `fmt` needs: it never rewrites a file
/// it cannot read whole).
///
/// # Examples
///
/// ```
/// use codebook::syntax::{ast::Statement, parse};
///
/// let source = r#"# Who keeps in touch, and how.
/// actor eng "Engineering" {
///   abbreviation: "ENG"
/// }
/// "#;
/// let doc = parse(source).expect("no syntax error");
/// let Statement::Node(actor) = &doc.statements[0] else { panic!("a declaration") };
/// assert_eq!(actor.kind.name, "actor");
/// assert_eq!(actor.name.as_ref().map(|n| n.name.as_str()), Some("eng"));
/// assert_eq!(actor.label.as_ref().map(|l| l.value.as_str()), Some("Engineering"));
/// assert_eq!(actor.children().len(), 1);
/// assert_eq!(doc.comments[0].text, " Who keeps in touch, and how.");
///
/// // The syntax tree gives no meaning: an unknown kind parses. A broken line does not.
/// assert!(parse("meeting m \"Stand-up\"\n").is_ok());
/// let errors = parse("actor eng \"Engineering\n").unwrap_err();
/// assert_eq!(errors[0].code.name(), "syntax_error");
/// ```
pub fn parse(source: &str) -> Result<Document, Vec<Diagnostic>> {
    let (doc, errors) = parse_recovering(source);
    if errors.is_empty() {
        Ok(doc)
    } else {
        Err(errors.diagnostics)
    }
}

/// Parse a whole file, skipping the lines that do not parse: the statements that did, every
/// comment, and the syntax errors.
pub fn parse_recovering(source: &str) -> (Document, SyntaxErrors) {
    let mut statements = Vec::new();
    let mut comments = Vec::new();
    let errors = each_statement(source, Some(&mut comments), true, |s| statements.push(s));
    (
        Document {
            statements,
            comments,
        },
        errors,
    )
}

/// Parse a file one top-level statement at a time, handing each to `f` as soon as it is read.
///
/// Pest keeps every token of a parse in memory until its pairs are dropped; asking it for a
/// batch of top-level statements at a time bounds that to the batch, so memory grows with the
/// model, not with the token count. Comments are collected into `comments` when given. A line
/// that does not parse is skipped (see `bad` in the grammar) and reported; the parse goes on.
///
/// Without `quote_texts`, the text of a `quote` declaration (its label) is not read: a text
/// that is not blank has the value `…`, a blank one its own (what lowering asks of it when it
/// does not keep quote texts, see `model::Lowering::without_quote_texts`). Reading the texts
/// is most of the work of building the syntax tree of a study.
pub fn each_statement(
    source: &str,
    mut comments: Option<&mut Vec<ast::Comment>>,
    quote_texts: bool,
    mut f: impl FnMut(ast::Statement),
) -> SyntaxErrors {
    let want_comments = comments.is_some();
    each_piece(source, want_comments, quote_texts, |piece| match piece {
        Piece::Comment(c) => {
            if let Some(out) = comments.as_deref_mut() {
                out.push(c);
            }
        }
        Piece::Statement(s) => f(s),
    })
}

/// What [`each_piece`] hands on: a comment or a top-level statement.
#[derive(Debug)]
pub enum Piece {
    /// A comment (every comment of a batch of statements comes before them).
    Comment(ast::Comment),
    /// A top-level statement.
    Statement(ast::Statement),
}

/// [`each_statement`], with the comments handed to `f` as they are read (those of a batch of
/// top-level statements before its statements), in file order, when `comments` is set.
pub fn each_piece(
    source: &str,
    comments: bool,
    quote_texts: bool,
    f: impl FnMut(Piece),
) -> SyntaxErrors {
    pieces(source, comments, quote_texts, stream::BIG_BLOCK, f)
}

/// [`each_piece`], with the blocks larger than `big_block` bytes read a few lines at a time
/// (see `stream.rs`).
fn pieces(
    source: &str,
    comments: bool,
    quote_texts: bool,
    big_block: usize,
    mut f: impl FnMut(Piece),
) -> SyntaxErrors {
    if source.len() > MAX_FILE_BYTES {
        return SyntaxErrors::fatal(
            Diagnostic::new(
                DiagnosticCode::TooLarge,
                0..0,
                format!(
                    "the file has {} bytes; the most a codebook may have is {} MiB",
                    source.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .help("split the study into several files"),
        );
    }
    let closes_too_many = match check_depth(source) {
        Ok(too_many) => too_many,
        Err(d) => return SyntaxErrors::fatal(*d),
    };
    let mut errors = SyntaxErrors::default();
    // Texts never closed, `}` too many, comments written `//`: reported where they were made,
    // and the file read as if they were mended (the same byte ranges), so nothing follows.
    let repaired = repair::repair(source, closes_too_many);
    errors.diagnostics.extend(repaired.diagnostics);
    let mended = repaired.text.is_some();
    let source = repaired.text.as_deref().unwrap_or(source);
    let mut unclosed = false;
    let mut skipped_before = false;
    let mut base = 0;
    let mut toks = Vec::new();
    let mut streamer = match stream::Streamer::new(source, comments, quote_texts, big_block) {
        Ok(streamer) => streamer,
        Err(d) => return SyntaxErrors::fatal(*d),
    };
    while base < source.len() {
        if let Some(read) = streamer.read(base) {
            read.pieces.into_iter().for_each(&mut f);
            base = read.end;
            continue;
        }
        let rest = source.get(base..).unwrap_or("");
        let pairs = match Grammar::parse(Rule::item, rest) {
            Ok(pairs) => pairs,
            Err(e) => {
                // Recovery makes `item` match any text; should it not, say where and stop.
                errors.push(syntax_error(source, base, e));
                break;
            }
        };
        flatten(pairs, base, &mut toks);
        let Some(item) = toks.first() else { break };
        let consumed = item.end - base;
        let b = Builder {
            toks: &toks,
            source,
            quote_texts,
        };
        if comments {
            // A `comment` token is the text after the `#`.
            for t in toks.iter().filter(|t| t.rule == Rule::comment) {
                f(Piece::Comment(b.comment(t)));
            }
        }
        let top: Vec<usize> = b.kids(0).collect();
        for (i, t) in toks.iter().enumerate() {
            match t.rule {
                Rule::bad => {
                    b.skipped(t, top.contains(&i), &mut errors);
                    skipped_before = true;
                }
                // After a skipped line, a `}` that closes nothing most likely closes the block
                // that line meant to open: the skipped line is the error to report.
                Rule::stray_close if skipped_before => {}
                Rule::stray_close => errors.push(
                    Diagnostic::new(
                        DiagnosticCode::SyntaxError,
                        t.start..t.start + 1,
                        "this `}` closes no block",
                    )
                    .label("nothing open here")
                    .help("remove it, or add the `{` that should open the block at the end of its first line"),
                ),
                Rule::unclosed => unclosed = true,
                // `“Data structure”`: read (so its declaration is kept) and reported here.
                Rule::string if source.as_bytes().get(t.start) != Some(&b'"') => {
                    errors.push(typographic_string(b.text(t), t.start..t.end));
                }
                Rule::after_close => {
                    let junk = b.text(t);
                    let start = t.start + (junk.len() - junk.trim_start().len());
                    errors.push(
                        Diagnostic::new(
                            DiagnosticCode::SyntaxError,
                            start..t.end,
                            "text after the `}` that closes a block",
                        )
                        .label("not part of any declaration")
                        .help("start it on a line of its own, or remove it"),
                    );
                }
                _ => {}
            }
        }
        for i in b.kids(0) {
            if let Some(s) = b.statement(i) {
                f(Piece::Statement(s));
            }
        }
        if consumed == 0 {
            break;
        }
        base += consumed;
    }
    if unclosed {
        errors.nesting_lost = true;
        errors.push(unclosed_block(source));
    }
    // In file order: the mended places were found first.
    if mended {
        errors.diagnostics.sort_by_key(|d| d.span.start);
    }
    if errors.more > 0 {
        let more = errors.more;
        errors.diagnostics.push(
            Diagnostic::new(
                DiagnosticCode::SyntaxError,
                source.len()..source.len(),
                format!(
                    "{more} more {} could not be read",
                    if more == 1 { "line" } else { "lines" }
                ),
            )
            .help(format!(
                "the first {MAX_SYNTAX_ERRORS} are described above; fix those and check again"
            )),
        );
    }
    errors
}

/// A `levels` line written with commas for arrows (`levels concept, theme, dimension`), as
/// meant: each `, ` outside quotes read as `->`, of the same length, so that every position
/// stays. The parse reports the commas (`errors::levels_commas`); the levels are read as the
/// author meant them, so that nothing follows from it. `None` if the line has no such comma.
fn levels_with_commas(rest: &str) -> Option<String> {
    let line = rest.get(..rest.find(['\n', '\r']).unwrap_or(rest.len()))?;
    let mut bytes = line.as_bytes().to_vec();
    let mut quoted = false;
    let mut any = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => quoted = !quoted,
            b'#' if !quoted => break,
            b',' if !quoted && matches!(bytes.get(i + 1), Some(b' ' | b'\t')) => {
                bytes[i] = b'-';
                bytes[i + 1] = b'>';
                any = true;
            }
            _ => {}
        }
        i += 1;
    }
    any.then(|| String::from_utf8(bytes).ok()).flatten()
}

/// The `levels` statements of a file, found without parsing the rest of it: a scan for lines
/// at the top level (outside blocks, strings and comments) that start with `levels`, each
/// parsed on its own. Lowering needs the levels before the first code; this lets it start
/// before the whole file is read. Statements that fail to parse here are left to the full pass.
pub fn levels_statements(source: &str) -> Vec<ast::LevelsStmt> {
    let mut starts = Vec::new();
    let bytes = source.as_bytes();
    // Each `levels` followed by a blank, first on its line, is looked up in the scan of braces,
    // strings and comments, which goes only as far as the last of them.
    let mut stops = Stops::new(bytes).peekable();
    let mut depth = 0usize;
    let mut skipped_to = None;
    for at in memchr::memmem::find_iter(bytes, b"levels") {
        if !matches!(bytes.get(at + 6), Some(b' ' | b'\t')) {
            continue;
        }
        let before = bytes[..at].iter().rposition(|&b| b != b' ' && b != b'\t');
        if before.is_some_and(|k| bytes[k] != b'\n') {
            continue;
        }
        while let Some(stop) = stops.next_if(|s| match s {
            Stop::Brace(i, _) | Stop::Skipped(i, _) => *i < at,
        }) {
            skipped_to = None;
            match stop {
                Stop::Brace(_, b'{') => depth += 1,
                Stop::Brace(..) => depth = depth.saturating_sub(1),
                Stop::Skipped(_, end) => skipped_to = Some(end),
            }
        }
        if depth == 0 && skipped_to.is_none_or(|end| end < at) {
            starts.push(at);
        }
    }
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for base in starts {
        let Some(rest) = source.get(base..) else {
            continue;
        };
        let mended = levels_with_commas(rest);
        let Ok(pairs) = Grammar::parse(Rule::single, mended.as_deref().unwrap_or(rest)) else {
            continue;
        };
        flatten(pairs, base, &mut toks);
        let b = Builder {
            toks: &toks,
            source,
            quote_texts: true,
        };
        for i in b.kids(0) {
            if let Some(ast::Statement::Levels(l)) = b.statement(i) {
                out.push(l);
            }
        }
    }
    out
}

/// The index of the last byte of the string starting at `i` (a `"`), or the end of the file.
/// Strings are most of a codebook's bytes; memchr skips them many bytes at a time.
pub(super) fn skip_string(bytes: &[u8], i: usize) -> usize {
    if bytes[i..].starts_with(b"\"\"\"") {
        match memchr::memmem::find(&bytes[i + 3..], b"\"\"\"") {
            // Quote marks right after the closing `"""` belong to the text (see the grammar).
            Some(k) => {
                let mut end = i + 3 + k + 2;
                while bytes.get(end + 1) == Some(&b'"') {
                    end += 1;
                }
                end
            }
            // Unclosed, `"""` is not one string: the grammar reads `""` (empty), then a new
            // string from the third `"`. Skipping to the end of the file here would hide the
            // braces pest then recurses into from the depth check.
            None => i + 1,
        }
    } else {
        let mut j = i + 1;
        loop {
            match memchr::memchr2(b'"', b'\\', &bytes[j.min(bytes.len())..]) {
                Some(k) if bytes[j + k] == b'\\' => j += k + 2,
                Some(k) => return j + k,
                None => return bytes.len(),
            }
        }
    }
}

/// The index of the `\n` or `\r` ending the comment that starts at `i` (as in the grammar: a
/// lone `\r` ends a line too), or the end of the file.
pub(super) fn skip_comment(bytes: &[u8], i: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k)
}

/// Whether `text` is one identifier, exactly as the grammar reads one (`ident`: a letter or
/// `_`, then letters, digits and `_`).
pub fn is_identifier(text: &str) -> bool {
    Grammar::parse(Rule::ident, text)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str().len() == text.len())
}

/// Whether `line` (a line without its line break) is one statement.
fn is_statement(line: &str) -> bool {
    Grammar::parse(Rule::one_top, line).is_ok()
}

/// A text written between typographic quotes: a syntax error whose fix (a quick fix in an
/// editor) is the same text between straight quotes.
fn typographic_string(text: &str, span: std::ops::Range<usize>) -> Diagnostic {
    let inside = typographic_inside(text).unwrap_or(text);
    // Escapes stay as written; a straight quote mark inside gets its backslash.
    let mut fixed = String::from("\"");
    let mut escaped = false;
    for c in inside.chars() {
        if c == '"' && !escaped {
            fixed.push('\\');
        }
        escaped = c == '\\' && !escaped;
        fixed.push(c);
    }
    fixed.push('"');
    // The help shows the fix's first line (at most 60 characters); the quick fix is all of it.
    let first = fixed.lines().next().unwrap_or("");
    let mut shown: String = first.chars().take(60).collect();
    if shown.len() < fixed.len() {
        shown.push_str(" …\"");
    }
    Diagnostic::new(
        DiagnosticCode::SyntaxError,
        span,
        "this text is written between typographic quotes",
        )
    .label("typographic quotes")
    .help(crate::diagnostics::Hint {
        text: format!(
            "a text is written between straight quotes (typographic ones may stand inside it): {shown}"
        ),
        suggestion: Some(fixed),
    })
}
