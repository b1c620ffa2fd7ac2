//! The pest parser, wrapped: pest's `Pairs` never leave this module.
//!
//! [`parse`] turns source text into an [`ast::Document`] or one syntax diagnostic written in
//! words (rule names are mapped by [`rule_name`]).

use super::ast::{self, Atom, Document, Span};
use super::text::{fold_plain, fold_triple};
use crate::diagnostics::{Code, Diagnostic};
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/codebook.pest"]
struct Grammar;

/// The deepest nesting of `{ }` blocks accepted (pest recurses per block).
pub const MAX_DEPTH: usize = 64;
/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Parse a whole file.
pub fn parse(source: &str) -> Result<Document, Box<Diagnostic>> {
    if source.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::new(
                Code::TooLarge,
                0..0,
                format!(
                    "the file has {} bytes; the most a codebook may have is {} MiB",
                    source.len(),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .help("split the study into several files"),
        ));
    }
    check_depth(source)?;
    let mut pairs =
        Grammar::parse(Rule::file, source).map_err(|e| Box::new(syntax_error(source, e)))?;
    let file = pairs.next().ok_or_else(|| {
        Box::new(Diagnostic::new(
            Code::SyntaxError,
            0..0,
            "the file could not be read as a codebook",
        ))
    })?;
    let mut comments = Vec::new();
    let mut statements = Vec::new();
    for pair in file.into_inner() {
        match pair.as_rule() {
            Rule::EOI => {}
            _ => {
                collect_comments(&pair, &mut comments);
                if let Some(s) = statement(pair) {
                    statements.push(s);
                }
            }
        }
    }
    comments.sort_by_key(|c: &ast::Comment| c.span.start);
    comments.dedup_by_key(|c| c.span.start);
    Ok(Document {
        statements,
        comments,
    })
}

/// Comments may appear between any two tokens; pest puts them where they occur. Gather them
/// all (the tree walk below skips them).
fn collect_comments(pair: &Pair<Rule>, out: &mut Vec<ast::Comment>) {
    if pair.as_rule() == Rule::COMMENT {
        let s = pair.as_span();
        out.push(ast::Comment {
            text: s.as_str().trim_start_matches('#').to_string(),
            span: s.start()..s.end(),
        });
        return;
    }
    // Strings and other atomic tokens hold no comments.
    if matches!(
        pair.as_rule(),
        Rule::string | Rule::ident | Rule::date | Rule::number
    ) {
        return;
    }
    for inner in pair.clone().into_inner() {
        collect_comments(&inner, out);
    }
}

fn span(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

/// Inner pairs without comments.
fn inner(pair: Pair<Rule>) -> impl Iterator<Item = Pair<Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT)
}

fn statement(pair: Pair<Rule>) -> Option<ast::Statement> {
    Some(match pair.as_rule() {
        Rule::levels_stmt => ast::Statement::Levels(levels(pair)),
        Rule::map_stmt => {
            let sp = span(&pair);
            let mut idents = inner(pair)
                .filter(|p| p.as_rule() == Rule::ident)
                .map(ident);
            let child = idents.next()?;
            let parent = idents.next()?;
            ast::Statement::Map(ast::MapStmt {
                child,
                parent,
                span: sp,
            })
        }
        Rule::property => ast::Statement::Property(property(pair)),
        Rule::node => ast::Statement::Node(node(pair)),
        _ => return None,
    })
}

fn levels(pair: Pair<Rule>) -> ast::LevelsStmt {
    let sp = span(&pair);
    let mut levels = Vec::new();
    for p in inner(pair) {
        if p.as_rule() == Rule::level {
            let lsp = span(&p);
            let mut name = None;
            let mut heading = None;
            for q in inner(p) {
                match q.as_rule() {
                    Rule::ident => name = Some(ident(q)),
                    Rule::string => heading = Some(string(q)),
                    _ => {}
                }
            }
            if let Some(name) = name {
                levels.push(ast::LevelDecl {
                    name,
                    heading,
                    span: lsp,
                });
            }
        }
    }
    ast::LevelsStmt { levels, span: sp }
}

fn property(pair: Pair<Rule>) -> ast::Property {
    let sp = span(&pair);
    let mut key = Vec::new();
    let mut values = Vec::new();
    for p in inner(pair) {
        match p.as_rule() {
            Rule::key => key = inner(p).map(ident).collect(),
            Rule::values => values = values_of(p),
            _ => {}
        }
    }
    ast::Property {
        key,
        values,
        span: sp,
    }
}

fn node(pair: Pair<Rule>) -> ast::Node {
    let sp = span(&pair);
    let mut kind = None;
    let mut name = None;
    let mut label = None;
    let mut values = Vec::new();
    let mut block = None;
    for p in inner(pair) {
        match p.as_rule() {
            Rule::kind => {
                let ksp = span(&p);
                // `turning  point` is one kind, however it is spaced.
                let text = p.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                kind = Some(ast::Ident {
                    name: text,
                    span: ksp,
                });
            }
            Rule::ident => name = Some(ident(p)),
            Rule::string => label = Some(string(p)),
            Rule::values => values = values_of(p),
            Rule::block => {
                let bsp = span(&p);
                let statements = inner(p).filter_map(statement).collect();
                block = Some(ast::Block {
                    statements,
                    span: bsp,
                });
            }
            _ => {}
        }
    }
    let kind = kind.unwrap_or(ast::Ident {
        name: String::new(),
        span: sp.start..sp.start,
    });
    ast::Node {
        kind,
        name,
        label,
        values,
        block,
        span: sp,
    }
}

fn values_of(pair: Pair<Rule>) -> Vec<ast::Value> {
    inner(pair)
        .filter(|p| p.as_rule() == Rule::value)
        .map(|p| {
            let sp = span(&p);
            let atoms = inner(p).filter_map(atom).collect();
            ast::Value { atoms, span: sp }
        })
        .collect()
}

fn atom(pair: Pair<Rule>) -> Option<Atom> {
    let sp = span(&pair);
    Some(match pair.as_rule() {
        Rule::string => Atom::Str(string(pair)),
        Rule::number => Atom::Number {
            text: pair.as_str().to_string(),
            span: sp,
        },
        Rule::date => Atom::Date(date(&pair)),
        Rule::word => Atom::Word(ident(inner(pair).next()?)),
        Rule::range => {
            let mut points = inner(pair).filter_map(atom);
            let a = points.next()?;
            let b = points.next()?;
            Atom::Range(Box::new(a), Box::new(b), sp)
        }
        _ => return None,
    })
}

fn ident(pair: Pair<Rule>) -> ast::Ident {
    ast::Ident {
        name: pair.as_str().to_string(),
        span: span(&pair),
    }
}

fn string(pair: Pair<Rule>) -> ast::Str {
    let sp = span(&pair);
    let quoted = pair.into_inner().next();
    let (triple, text) = match &quoted {
        Some(q) if q.as_rule() == Rule::triple_string => (true, q.as_str()),
        Some(q) => (false, q.as_str()),
        None => (false, "\"\""),
    };
    let value = if triple {
        fold_triple(text.get(3..text.len().saturating_sub(3)).unwrap_or(""))
    } else {
        fold_plain(text.get(1..text.len().saturating_sub(1)).unwrap_or(""))
    };
    ast::Str {
        value,
        span: sp,
        triple,
    }
}

fn date(pair: &Pair<Rule>) -> ast::DateLit {
    let text = pair.as_str();
    let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    ast::DateLit {
        year: parts.next().unwrap_or(0),
        month: parts.next(),
        day: parts.next(),
        span: span(pair),
    }
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
                Code::TooDeep,
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
        Rule::file => "a codebook",
        Rule::statement => "a declaration",
        Rule::levels_stmt | Rule::kw_levels => "`levels`",
        Rule::level => "a level name",
        Rule::map_stmt | Rule::kw_map => "`map`",
        Rule::property => "a property (`name: value`)",
        Rule::key => "a property name",
        Rule::node => "a declaration",
        Rule::kind => "a declaration such as `concept`",
        Rule::block => "`{`",
        Rule::values | Rule::value => "a value",
        Rule::atom => "a value",
        Rule::range => "a date range (`2017 .. 2018-06`)",
        Rule::point => "a date",
        Rule::word | Rule::ident => "a name",
        Rule::turning_point => "`turning point`",
        Rule::arrow => "`->`",
        Rule::date => "a date",
        Rule::number => "a number",
        Rule::string | Rule::plain_string | Rule::triple_string => "a quoted text",
        Rule::triple_text | Rule::plain_text => "text",
        Rule::WHITESPACE | Rule::COMMENT | Rule::ident_char => return None,
    })
}

fn syntax_error(source: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let pos = pos.min(source.len());
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
    let statement_end = expected.contains(&"end of file") || expected.is_empty();
    let message = if expected.is_empty() || (statement_end && found.is_some()) {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", or_list(&expected))
    };
    if found.is_none()
        && let Some(open) = innermost_unclosed_brace(source)
    {
        return Diagnostic::new(
            Code::SyntaxError,
            open..open + 1,
            "the file ends while this block is still open",
        )
        .label("opened here, never closed")
        .help("close the block with `}` on a line of its own");
    }
    let mut d = Diagnostic::new(Code::SyntaxError, pos..end, message).label("here");
    d.help = Some(syntax_help(source, pos, found, &expected));
    d
}

/// The byte offset of the last `{` that no `}` closes, outside strings and comments.
fn innermost_unclosed_brace(source: &str) -> Option<usize> {
    let mut open = Vec::new();
    scan_braces(source, |i, b| {
        if b == b'{' {
            open.push(i);
        } else {
            open.pop();
        }
        true
    });
    open.pop()
}

/// Call `f` with the offset of every `{` and `}` outside strings and comments; stop when it
/// returns false.
fn scan_braces(source: &str, mut f: impl FnMut(usize, u8) -> bool) {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                if bytes[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            b @ (b'{' | b'}') if !f(i, b) => return,
            _ => {}
        }
        i += 1;
    }
}

fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

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
        _ => "see the language tour in README.md for the form of each declaration".into(),
    }
}
