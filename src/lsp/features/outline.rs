//! The document's shape, from its syntax tree (so a file with syntax errors keeps it for
//! what parsed): the outline (document symbols), semantic tokens and folding ranges.

use crate::check::Sym;
use crate::lsp::Failure;
use crate::lsp::document::Document;
use crate::syntax::ast::{Atom, Node, Span, Statement};
use lsp_types::{
    DocumentSymbol, DocumentSymbolResponse, FoldingRange, SemanticToken, SemanticTokenModifier,
    SemanticTokenType, SemanticTokens, SemanticTokensLegend, SemanticTokensResult, SymbolKind,
};

/// The outline: every named declaration, nested as written (structures hold their codes,
/// actors their members); quotes only when they have a name (a codebook may hold thousands).
pub fn symbols(doc: &Document) -> Result<Option<DocumentSymbolResponse>, Failure> {
    let statements = &doc.analysis().syntax.statements;
    Ok(Some(DocumentSymbolResponse::Nested(symbols_of(
        doc, statements,
    ))))
}

fn symbols_of(doc: &Document, statements: &[Statement]) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for s in statements {
        let Statement::Node(n) = s else { continue };
        let Some(name) = &n.name else {
            // An unnamed declaration (a study block) may still hold named ones.
            out.extend(symbols_of(doc, n.children()));
            continue;
        };
        let detail = n
            .label
            .as_ref()
            .map(|l| format!("{} · {}", n.kind.name, l.value));
        #[allow(deprecated)] // `deprecated` is a field the type still requires.
        out.push(DocumentSymbol {
            name: name.name.to_string(),
            detail: detail.or_else(|| Some(n.kind.name.to_string())),
            kind: symbol_kind(doc, &n.kind.name),
            tags: None,
            deprecated: None,
            range: doc.range(&n.span),
            selection_range: doc.range(&name.span),
            children: Some(symbols_of(doc, n.children())).filter(|c| !c.is_empty()),
        });
    }
    out
}

fn symbol_kind(doc: &Document, kind: &str) -> SymbolKind {
    match kind {
        "structure" => SymbolKind::MODULE,
        "quote" => SymbolKind::STRING,
        "actor" | "member" => SymbolKind::OBJECT,
        "group" => SymbolKind::ARRAY,
        "interview" | "document" | "observation" | "focus group" => SymbolKind::FILE,
        "round" | "phase" | "turning point" | "period" => SymbolKind::EVENT,
        "matrix" => SymbolKind::STRUCT,
        k if doc.analysis().codebook.levels.iter().any(|l| l.name == k) => SymbolKind::CLASS,
        _ => SymbolKind::KEY,
    }
}

/// The token types, in the legend's order (a token's type is its index here).
const TYPES: [SemanticTokenType; 10] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::CLASS,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::EVENT,
    SemanticTokenType::ENUM_MEMBER,
];

/// The legend announced in the capabilities: [`TYPES`] and one modifier, `declaration`.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

const KEYWORD: u32 = 0;
const PROPERTY: u32 = 1;
const STRING: u32 = 2;
const NUMBER: u32 = 3;
const COMMENT: u32 = 4;

/// The token type of what a name names.
fn sym_type(sym: Sym) -> u32 {
    match sym {
        Sym::Code(_) => 5,
        Sym::Structure(_) | Sym::Matrix(_) => 6,
        Sym::Actor(_) | Sym::Group(_) => 7,
        Sym::Phase(_) | Sym::TurningPoint(_) | Sym::Period(_) | Sym::Round(_) => 8,
        Sym::Source(_) | Sym::Quote(_) => 9,
    }
}

/// Semantic tokens for the whole document: kinds and keys, texts, numbers and dates,
/// comments, and every identifier by what it names.
pub fn semantic_tokens(doc: &Document) -> Result<Option<SemanticTokensResult>, Failure> {
    let a = doc.analysis();
    let mut tokens: Vec<(Span, u32, u32)> = Vec::new();
    for c in &a.syntax.comments {
        tokens.push((c.span.clone(), COMMENT, 0));
    }
    walk(&a.syntax.statements, &mut |span, kind| {
        tokens.push((span, kind, 0))
    });
    for o in &a.occurrences {
        tokens.push((o.span.clone(), sym_type(o.sym), u32::from(o.declaration)));
    }
    // An identifier is both a word of the tree and an occurrence: keep the occurrence.
    tokens.sort_by_key(|(span, kind, _)| (span.start, *kind <= COMMENT));
    tokens.dedup_by_key(|(span, _, _)| span.start);
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode(doc, &tokens),
    })))
}

/// The tokens of statements, by their syntax alone.
fn walk(statements: &[Statement], push: &mut impl FnMut(Span, u32)) {
    for s in statements {
        match s {
            Statement::Levels(l) => {
                for level in &l.levels {
                    push(level.name.span.clone(), KEYWORD);
                    if let Some(h) = &level.heading {
                        push(h.span.clone(), STRING);
                    }
                }
            }
            Statement::Map(m) => push(m.span.start..m.span.start + "map".len(), KEYWORD),
            Statement::Property(p) => {
                for k in &p.key {
                    push(k.span.clone(), PROPERTY);
                }
                p.values
                    .iter()
                    .flat_map(|v| &v.atoms)
                    .for_each(|x| atom(x, push));
            }
            Statement::Node(n) => node(n, push),
        }
    }
}

fn node(n: &Node, push: &mut impl FnMut(Span, u32)) {
    push(n.kind.span.clone(), KEYWORD);
    if let Some(l) = &n.label {
        push(l.span.clone(), STRING);
    }
    n.values
        .iter()
        .flat_map(|v| &v.atoms)
        .for_each(|x| atom(x, push));
    walk(n.children(), push);
}

fn atom(a: &Atom, push: &mut impl FnMut(Span, u32)) {
    match a {
        Atom::Str(s) => push(s.span.clone(), STRING),
        Atom::Number { span, .. } => push(span.clone(), NUMBER),
        Atom::Date(d) => push(d.span.clone(), NUMBER),
        Atom::Range(a, b, _) => {
            atom(a, push);
            atom(b, push);
        }
        Atom::Word(_) => {}
    }
}

/// The protocol's relative encoding, a token split at line breaks (a triple-quoted text
/// spans lines; clients need not support tokens that do).
fn encode(doc: &Document, tokens: &[(Span, u32, u32)]) -> Vec<SemanticToken> {
    let text = doc.text();
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0, 0);
    for (span, kind, modifiers) in tokens {
        let mut start = span.start;
        while start < span.end {
            let rest = text.get(start..span.end).unwrap_or_default();
            let end = rest.find(['\n', '\r']).map_or(span.end, |i| start + i);
            let (from, to) = (doc.position(start), doc.position(end));
            // Tokens never overlap; should two, the later is left out rather than encoded
            // backwards.
            if end > start && (from.line, from.character) >= (line, col) {
                let delta_line = from.line - line;
                let delta_start = if delta_line == 0 {
                    from.character - col
                } else {
                    from.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: to.character - from.character,
                    token_type: *kind,
                    token_modifiers_bitset: *modifiers,
                });
                (line, col) = (from.line, from.character);
            }
            let after = text.get(end..).unwrap_or_default();
            let skip = after.len() - after.trim_start_matches(['\n', '\r']).len();
            start = end + skip.max(1);
        }
    }
    out
}

/// A folding range for every block that spans lines.
pub fn folding_ranges(doc: &Document) -> Result<Option<Vec<FoldingRange>>, Failure> {
    let mut out = Vec::new();
    fold(doc, &doc.analysis().syntax.statements, &mut out);
    Ok(Some(out))
}

fn fold(doc: &Document, statements: &[Statement], out: &mut Vec<FoldingRange>) {
    for s in statements {
        let Statement::Node(n) = s else { continue };
        let Some(block) = &n.block else { continue };
        let (start, end) = (doc.position(n.span.start), doc.position(block.span.end));
        if end.line > start.line {
            out.push(FoldingRange {
                start_line: start.line,
                end_line: end.line,
                ..FoldingRange::default()
            });
        }
        fold(doc, &block.statements, out);
    }
}

/// The declarations that enclose `offset`, outermost first.
pub(crate) fn enclosing(statements: &[Statement], offset: usize) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut level = statements;
    'down: loop {
        for s in level {
            if let Statement::Node(n) = s
                && let Some(block) = &n.block
                && block.span.start < offset
                && (offset < block.span.end || (block.broken && offset <= block.span.end))
            {
                out.push(n);
                level = &block.statements;
                continue 'down;
            }
        }
        return out;
    }
}
