//! The pest parser, wrapped: pest's `Pairs` never leave this module.
//!
//! [`parse`] turns source text into an [`ast::Document`] or one syntax diagnostic written in
//! words (rule names are mapped by [`rule_name`]).

use super::ast::{self, Atom, Document, Span};
use super::text::{fold_plain, fold_triple};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use pest::Parser as _;
use pest::Token;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pairs;

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
    let errors = each_statement(source, Some(&mut comments), |s| statements.push(s));
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
pub fn each_statement(
    source: &str,
    mut comments: Option<&mut Vec<ast::Comment>>,
    mut f: impl FnMut(ast::Statement),
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
    if let Err(d) = check_depth(source) {
        return SyntaxErrors::fatal(*d);
    }
    let mut errors = SyntaxErrors::default();
    let mut unclosed = false;
    let mut skipped_before = false;
    let mut base = 0;
    let mut toks = Vec::new();
    while base < source.len() {
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
        };
        if let Some(out) = comments.as_deref_mut() {
            // A `comment` token is the text after the `#`.
            for t in toks.iter().filter(|t| t.rule == Rule::comment) {
                out.push(ast::Comment {
                    text: b.text(t).trim_start_matches('#').to_string(),
                    span: t.start.saturating_sub(1)..t.end,
                });
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
                _ => {}
            }
        }
        for i in b.kids(0) {
            if let Some(s) = b.statement(i) {
                f(s);
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

/// The `levels` statements of a file, found without parsing the rest of it: a scan for lines
/// at the top level (outside blocks, strings and comments) that start with `levels`, each
/// parsed on its own. Lowering needs the levels before the first code; this lets it start
/// before the whole file is read. Statements that fail to parse here are left to the full pass.
pub fn levels_statements(source: &str) -> Vec<ast::LevelsStmt> {
    let mut starts = Vec::new();
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if line_start && depth == 0 && (b == b' ' || b == b'\t') {
            i += 1;
            continue;
        }
        if line_start && depth == 0 && bytes[i..].starts_with(b"levels") {
            let next = bytes.get(i + 6).copied().unwrap_or(b'\n');
            if next == b' ' || next == b'\t' {
                starts.push(i);
            }
        }
        line_start = false;
        match b {
            b'\n' => line_start = true,
            b'#' => {
                i = skip_comment(bytes, i);
                continue;
            }
            b'"' => i = skip_string(bytes, i),
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut toks = Vec::new();
    for base in starts {
        let Some(rest) = source.get(base..) else {
            continue;
        };
        let Ok(pairs) = Grammar::parse(Rule::single, rest) else {
            continue;
        };
        flatten(pairs, base, &mut toks);
        let b = Builder {
            toks: &toks,
            source,
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
fn skip_string(bytes: &[u8], i: usize) -> usize {
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
fn skip_comment(bytes: &[u8], i: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |k| i + k)
}

/// One pair of a parse: its rule, its byte range in the file, and the index just past its
/// descendants in the list (pest's token queue, flattened: pairs in source order, each before
/// its descendants).
#[derive(Clone, Copy)]
struct Tok {
    rule: Rule,
    start: usize,
    end: usize,
    next: usize,
}

/// Flatten `pairs` (of text starting at `base` in the file) into `out`. Walking this list costs
/// no reference counting or re-counting of children, as walking pest's `Pair`s would.
fn flatten(pairs: Pairs<Rule>, base: usize, out: &mut Vec<Tok>) {
    out.clear();
    let mut open = Vec::new();
    for token in pairs.tokens() {
        match token {
            Token::Start { rule, pos } => {
                open.push(out.len());
                out.push(Tok {
                    rule,
                    start: base + pos.pos(),
                    end: base + pos.pos(),
                    next: 0,
                });
            }
            Token::End { pos, .. } => {
                let next = out.len();
                if let Some(t) = open.pop().and_then(|i| out.get_mut(i)) {
                    t.end = base + pos.pos();
                    t.next = next;
                }
            }
        }
    }
}

/// The children of one pair, comments left out.
struct Kids<'a> {
    toks: &'a [Tok],
    at: usize,
    end: usize,
}

impl Iterator for Kids<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.at < self.end {
            let i = self.at;
            let t = self.toks.get(i)?;
            self.at = t.next.max(i + 1);
            if t.rule != Rule::comment {
                return Some(i);
            }
        }
        None
    }
}

/// Turns the pairs of one `item` (flattened) into syntax nodes.
struct Builder<'a> {
    toks: &'a [Tok],
    source: &'a str,
}

impl Builder<'_> {
    /// A line skipped as `bad`: why it does not parse (pest, asked again for this statement
    /// alone), and its words.
    fn skipped(&self, t: &Tok, top_level: bool, errors: &mut SyntaxErrors) {
        let text = self.text(t);
        let first_line = text.lines().next().unwrap_or("");
        if errors.skipped_words.len() < MAX_SKIPPED_WORDS {
            let words = first_line
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty() && w.len() <= 64)
                .take(8)
                .map(str::to_string);
            // `weekly-notes` declared on a skipped line is used elsewhere as `weekly_notes`.
            let fixed = first_line
                .split_whitespace()
                .filter(|t| t.contains('-') && t.len() <= 64)
                .take(8)
                .map(super::messages::fixed_identifier);
            errors.skipped_words.extend(words.chain(fixed));
        }
        if errors.full() {
            errors.more += 1;
            return;
        }
        let rest = self.source.get(t.start..).unwrap_or("");
        let rule = if top_level {
            Rule::one_top
        } else {
            Rule::one_block
        };
        if let Err(e) = Grammar::parse(rule, rest) {
            errors.push(syntax_error(self.source, t.start, e));
        }
    }

    fn tok(&self, i: usize) -> Tok {
        self.toks.get(i).copied().unwrap_or(Tok {
            rule: Rule::EOI,
            start: 0,
            end: 0,
            next: i + 1,
        })
    }

    fn rule(&self, i: usize) -> Rule {
        self.tok(i).rule
    }

    fn kids(&self, i: usize) -> Kids<'_> {
        Kids {
            toks: self.toks,
            at: i + 1,
            end: self.tok(i).next,
        }
    }

    fn text(&self, t: &Tok) -> &str {
        self.source.get(t.start..t.end).unwrap_or("")
    }

    fn span(&self, i: usize) -> Span {
        let t = self.tok(i);
        t.start..t.end
    }

    /// A rule's span ends at its last token: pest would count trailing blanks and comments
    /// that an optional part skipped before failing to match.
    fn tight(&self, i: usize) -> Span {
        let t = self.tok(i);
        let end = self.kids(i).last().map_or(t.end, |k| self.tok(k).end);
        t.start..end
    }

    fn statement(&self, i: usize) -> Option<ast::Statement> {
        Some(match self.rule(i) {
            Rule::levels_stmt => ast::Statement::Levels(self.levels(i)),
            Rule::map_stmt => {
                let mut idents = self
                    .kids(i)
                    .filter(|&k| self.rule(k) == Rule::ident)
                    .map(|k| self.ident(k));
                let child = idents.next()?;
                let parent = idents.next()?;
                ast::Statement::Map(ast::MapStmt {
                    child,
                    parent,
                    span: self.tight(i),
                })
            }
            Rule::entry => self.entry(i),
            _ => return None,
        })
    }

    fn levels(&self, i: usize) -> ast::LevelsStmt {
        let mut levels = Vec::new();
        for k in self.kids(i) {
            if self.rule(k) == Rule::level {
                let mut name = None;
                let mut heading = None;
                for q in self.kids(k) {
                    match self.rule(q) {
                        Rule::ident => name = Some(self.ident(q)),
                        Rule::string => heading = Some(self.string(q)),
                        _ => {}
                    }
                }
                if let Some(name) = name {
                    levels.push(ast::LevelDecl {
                        name,
                        heading,
                        span: self.tight(k),
                    });
                }
            }
        }
        ast::LevelsStmt {
            levels,
            span: self.tight(i),
        }
    }

    /// A property or a declaration: the names read first, then what follows them.
    fn entry(&self, i: usize) -> ast::Statement {
        let sp = self.tight(i);
        let mut key: Vec<ast::Ident> = Vec::new();
        let mut rest = None;
        for k in self.kids(i) {
            match self.rule(k) {
                Rule::ident => key.push(self.ident(k)),
                Rule::property | Rule::node => rest = Some(k),
                _ => {}
            }
        }
        match rest {
            Some(p) if self.rule(p) == Rule::property => {
                let values = self
                    .kids(p)
                    .find(|&v| self.rule(v) == Rule::values)
                    .map(|v| self.values(v))
                    .unwrap_or_default();
                ast::Statement::Property(ast::Property {
                    key,
                    values,
                    span: sp,
                })
            }
            other => ast::Statement::Node(self.node(key, other, sp)),
        }
    }

    fn node(&self, key: Vec<ast::Ident>, tail: Option<usize>, sp: Span) -> ast::Node {
        let mut names = key.into_iter();
        let first = names.next().unwrap_or(ast::Ident {
            name: String::new(),
            span: sp.start..sp.start,
        });
        let mut names = names.peekable();
        // `turning point` is one kind, written as two words.
        let kind = if first.name == "turning" && names.peek().is_some_and(|n| n.name == "point") {
            let point = names.next().map_or(first.span.end, |p| p.span.end);
            ast::Ident {
                name: "turning point".into(),
                span: first.span.start..point,
            }
        } else {
            first
        };
        let mut name = names.next();
        let mut extra: Vec<Atom> = names.map(Atom::Word).collect();
        let mut label = None;
        let mut values = Vec::new();
        let mut block = None;
        if let Some(tail) = tail {
            for k in self.kids(tail) {
                match self.rule(k) {
                    Rule::string => label = Some(self.string(k)),
                    Rule::values => values = self.values(k),
                    Rule::block => {
                        let statements = self.kids(k).filter_map(|s| self.statement(s)).collect();
                        let broken = self
                            .kids(k)
                            .any(|s| matches!(self.rule(s), Rule::bad | Rule::unclosed));
                        block = Some(ast::Block {
                            statements,
                            span: self.span(k),
                            broken,
                        });
                    }
                    _ => {}
                }
            }
        }
        // What the author meant as the identifier, though it is none, is read as one, so that
        // the model can say so and suggest the fixed spelling: words before the label
        // (`concept Weekly Notes "X"`), and a number written together with a word
        // (`concept 2weekly "X"`).
        if let (Some(n), Some(l), Some(Atom::Word(last))) = (&name, &label, extra.last())
            && last.span.end <= l.span.start
        {
            let mut id = n.name.clone();
            for a in &extra {
                if let Atom::Word(w) = a {
                    id.push(' ');
                    id.push_str(&w.name);
                }
            }
            name = Some(ast::Ident {
                name: id,
                span: n.span.start..last.span.end,
            });
            extra.clear();
        }
        if name.is_none()
            && label.is_none()
            && let Some(first) = values.first_mut()
            && let [Atom::Number { text, span }, Atom::Word(w), ..] = first.atoms.as_slice()
            && span.end == w.span.start
        {
            name = Some(ast::Ident {
                name: format!("{text}{}", w.name),
                span: span.start..w.span.end,
            });
            first.atoms.drain(..2);
            if let Some(Atom::Str(l)) = first.atoms.first() {
                label = Some(l.clone());
                first.atoms.remove(0);
            }
            match first.atoms.first() {
                Some(a) => first.span = a.span().start..first.span.end,
                None => {
                    values.remove(0);
                }
            }
        }
        // Names beyond the identifier (`concept a b 2017`) are values the model will refuse.
        // Without a label between them, they and the first value were written with only blanks
        // between (`concept a b 2017`), so they are one value, as `fmt` must write them again.
        if let (Some(a), Some(b)) = (extra.first(), extra.last()) {
            let (start, end) = (a.span().start, b.span().end);
            match values.first_mut() {
                Some(first) if label.is_none() => {
                    first.atoms.splice(0..0, extra);
                    first.span = start..first.span.end;
                }
                _ => values.insert(
                    0,
                    ast::Value {
                        atoms: extra,
                        span: start..end,
                    },
                ),
            }
        }
        ast::Node {
            kind,
            name,
            label,
            values,
            block,
            span: sp,
        }
    }

    fn values(&self, i: usize) -> Vec<ast::Value> {
        self.kids(i)
            .filter(|&k| self.rule(k) == Rule::value)
            .map(|k| ast::Value {
                atoms: self.kids(k).filter_map(|a| self.atom(a)).collect(),
                span: self.tight(k),
            })
            .collect()
    }

    fn atom(&self, i: usize) -> Option<Atom> {
        let t = self.tok(i);
        Some(match t.rule {
            Rule::string => Atom::Str(self.string(i)),
            Rule::number => Atom::Number {
                text: self.text(&t).to_string(),
                span: t.start..t.end,
            },
            Rule::date => Atom::Date(self.date(i)),
            Rule::ident => Atom::Word(self.ident(i)),
            Rule::range => {
                let mut points = self.kids(i).filter_map(|a| self.atom(a));
                let a = points.next()?;
                let b = points.next()?;
                Atom::Range(Box::new(a), Box::new(b), self.tight(i))
            }
            _ => return None,
        })
    }

    fn ident(&self, i: usize) -> ast::Ident {
        let t = self.tok(i);
        ast::Ident {
            name: self.text(&t).to_string(),
            span: t.start..t.end,
        }
    }

    fn string(&self, i: usize) -> ast::Str {
        let t = self.tok(i);
        let text = self.text(&t);
        let triple = text.len() >= 6 && text.starts_with("\"\"\"");
        let value = if triple {
            fold_triple(text.get(3..text.len() - 3).unwrap_or(""))
        } else {
            fold_plain(text.get(1..text.len().saturating_sub(1)).unwrap_or(""))
        };
        ast::Str {
            value,
            span: t.start..t.end,
            triple,
        }
    }

    fn date(&self, i: usize) -> ast::DateLit {
        let t = self.tok(i);
        let mut parts = self
            .text(&t)
            .split('-')
            .map(|p| p.parse::<u32>().unwrap_or(0));
        ast::DateLit {
            year: parts.next().unwrap_or(0),
            month: parts.next(),
            day: parts.next(),
            span: t.start..t.end,
        }
    }
}

/// Whether `text` is one identifier, exactly as the grammar reads one (`ident`: a letter or
/// `_`, then letters, digits and `_`).
pub fn is_identifier(text: &str) -> bool {
    Grammar::parse(Rule::ident, text)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_str().len() == text.len())
}

/// Refuse nesting deeper than [`MAX_DEPTH`] before pest recurses into it.
fn check_depth(source: &str) -> Result<(), Box<Diagnostic>> {
    let mut depth = 0usize;
    let mut too_deep = None;
    scan_braces(source, |i, b| {
        if b == b'{' {
            depth += 1;
            if depth > MAX_DEPTH {
                too_deep = Some(i);
                return false;
            }
        } else {
            depth = depth.saturating_sub(1);
        }
        true
    });
    match too_deep {
        None => Ok(()),
        Some(i) => Err(Box::new(
            Diagnostic::new(
                DiagnosticCode::TooDeep,
                i..i + 1,
                format!("blocks are nested more than {MAX_DEPTH} deep"),
            )
            .label("this block is too deep")
            .help("a codebook rarely needs more than five levels; close the blocks that are open"),
        )),
    }
}

/// What a grammar rule is called when speaking to a person.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::item | Rule::single | Rule::one_top | Rule::one_block => "a codebook",
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
        Rule::plain_run => "text",
        Rule::key => "a property name",
        Rule::sk
        | Rule::sn
        | Rule::nl
        | Rule::blank
        | Rule::comment
        | Rule::statement_end
        | Rule::bad
        | Rule::stray_close
        | Rule::unclosed => return None,
    })
}

fn syntax_error(source: &str, base: usize, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = base
        + match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let pos = pos.min(source.len());
    if let Some(x) = super::messages::explain(source, pos) {
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

/// The error for a file that ends inside a block: which block was left open.
///
/// The braces alone only say that the outermost block is still open at the end. Where the
/// author forgot a `}` shows in the indentation: the `}` that closes the forgotten block is
/// indented less than the line that opened it (it was meant for the block around). The first
/// such block is named; when the indentation says nothing, the innermost block still open.
fn unclosed_block(source: &str) -> Diagnostic {
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut mismatch = None;
    scan_braces(source, |i, b| {
        if b == b'{' {
            open.push((i, indent_of_line(source, i).unwrap_or(0)));
        } else if let Some((at, indent)) = open.pop()
            && mismatch.is_none()
            && let Some(closing) = first_on_line(source, i)
            && closing < indent
        {
            mismatch = Some((at, i));
        }
        true
    });
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
            let at = open.last().map_or(source.len(), |(at, _)| *at);
            Diagnostic::new(
                DiagnosticCode::SyntaxError,
                at..(at + 1).min(source.len()),
                "the file ends while this block is still open",
            )
            .label("opened here, never closed")
            .help("close the block with `}` on a line of its own")
        }
    }
}

/// How many blanks start the line holding byte `i`.
fn indent_of_line(source: &str, i: usize) -> Option<usize> {
    let start = source.get(..i)?.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    Some(
        source
            .get(start..)?
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t'))
            .count(),
    )
}

/// The indentation of the `}` at byte `i` when it is the first thing on its line.
fn first_on_line(source: &str, i: usize) -> Option<usize> {
    let start = source.get(..i)?.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let before = source.get(start..i)?;
    before
        .chars()
        .all(|c| matches!(c, ' ' | '\t'))
        .then(|| before.chars().count())
}

/// Call `f` with the offset of every `{` and `}` outside strings and comments; stop when it
/// returns false.
fn scan_braces(source: &str, mut f: impl FnMut(usize, u8) -> bool) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|b| matches!(b, b'"' | b'#' | b'{' | b'}'))
    {
        i += k;
        match bytes[i] {
            b'#' => i = skip_comment(bytes, i),
            b'"' => i = skip_string(bytes, i),
            b if !f(i, b) => return,
            _ => {}
        }
        i += 1;
        if i >= bytes.len() {
            return;
        }
    }
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
    match found {
        Some('“' | '”' | '„' | '«' | '»') => {
            "typographic quotes may stand inside a text, but a text itself is written between straight quotes: \"…\"".into()
        }
        Some('}') => "this `}` has no `{` open before it".into(),
        Some('=') => "a property is written with a colon: `name: value`".into(),
        Some('\'') => "a text is written between double quotes: \"…\" (a ’ inside it is fine)".into(),
        Some('-') if before.ends_with(|c: char| c.is_ascii_digit()) => {
            "a date range is written with two dots: `2012 .. 2016-06`".into()
        }
        Some('"') => "is a closing `\"` missing earlier? A text may run over several lines, so a missing quote mark is noticed only later".into(),
        Some('{') => "a block opens on the same line as its declaration: `theme inclusive \"Inclusive\" {`".into(),
        None if expected.contains(&"`{`") || source.matches('{').count() > source.matches('}').count() => {
            "a `{` is still open; close every block with `}`".into()
        }
        None if source.matches('"').count() % 2 == 1 => "a quoted text is not closed; end it with `\"`".into(),
        _ if before.ends_with(':') => "after `name:` give a value: a quoted text, a name, a number or a date".into(),
        Some(c) if c.is_alphanumeric() && !before.is_empty() && !before.contains(':') => {
            "each declaration goes on its own line; a property is written `name: value`".into()
        }
        _ => GENERIC_HELP.into(),
    }
}
