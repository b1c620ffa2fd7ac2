//! Completion: identifiers of the kind a property expects (codes after `supports:`, and after
//! `also under: parent` the words `after`/`before` and that parent's codes; phases
//! after `phase:` …), the attributes of a structure's codes after its `column:`, property names inside each kind of block (from
//! [`crate::model::schema`]), and the kinds of declaration a place may hold.

use crate::check::Sym;
use crate::lsp::Failure;
use crate::lsp::document::{Analysis, Document};
use crate::lsp::features::outline;
use crate::model::{CodeId, Id, TOP_KINDS, schema};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, CompletionTextEdit, Position, TextEdit,
};

/// What a property's value names: the kinds of symbol it accepts.
fn accepts(key: &str, sym: Sym) -> bool {
    match (key, sym) {
        // A quote is evidence for codes of any level; a code is also under other codes.
        ("supports" | "also under", Sym::Code(_)) => true,
        ("phase" | "phases", Sym::Phase(_)) => true,
        ("source", Sym::Source(_)) => true,
        ("actor" | "members", Sym::Actor(_)) => true,
        ("round", Sym::Round(_)) => true,
        ("participants", Sym::Actor(_) | Sym::Group(_)) => true,
        ("map" | "row", Sym::Code(_)) => true,
        ("columns", Sym::Group(_)) => true,
        _ => false,
    }
}

/// The completions at `position`.
pub fn complete(doc: &Document, position: Position) -> Result<Option<CompletionResponse>, Failure> {
    let offset = doc.offset(position);
    let text = doc.text();
    let line_start = text
        .get(..offset)
        .and_then(|t| t.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..offset).unwrap_or_default();
    // The word being typed, which a completion replaces.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = before.get(word_start..).unwrap_or_default();
    let typed = offset - word.len()..offset;
    let range = doc.range(&typed);
    let item =
        |label: &str, kind: CompletionItemKind, detail: String, insert: String| CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: Some(detail),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: insert,
            })),
            ..CompletionItem::default()
        };
    let a = doc.analysis();
    let head = before.trim_start();
    let path = outline::enclosing(&a.syntax.statements, offset);
    let block = path.last().map(|n| n.kind.name.as_str());
    let key = match head.split_once(':') {
        // In a matrix, keys are phases and groups: a column block lists groups, a row's cell
        // codes.
        Some(_) if block == Some("columns") => Some("columns"),
        Some(_) if block == Some("row") => Some("row"),
        // A structure's attribute columns: the attributes of its codes.
        Some((key, _))
            if block == Some("structure")
                && schema::STRUCTURE
                    .property(key.trim())
                    .is_some_and(|p| p.name == "column") =>
        {
            Some("column")
        }
        Some((key, _)) if !key.contains('"') => Some(key.trim()),
        _ if head.starts_with("map ") => Some("map"),
        _ => None,
    };
    let mut items = Vec::new();
    if key == Some("column") {
        let structure = path
            .last()
            .and_then(|n| n.name.as_ref())
            .map(|n| n.name.as_str());
        let cb = &a.codebook;
        let mut seen = std::collections::HashSet::new();
        for code in &cb.codes {
            if Some(cb[code.structure].id.id.as_str()) != structure {
                continue;
            }
            for attribute in &code.attributes {
                let name = attribute.key.id.as_str();
                if seen.insert(name) {
                    items.push(item(
                        name,
                        CompletionItemKind::FIELD,
                        format!("an attribute of its codes (`{name}: {}`)", attribute.value),
                        name.to_string(),
                    ));
                }
            }
        }
    } else if let Some(placing) = key
        .filter(|k| *k == "also under")
        .and_then(|_| also_under_place(before.get(..word_start).unwrap_or_default()))
    {
        // `also under: doctors |`: the words that place it; `… after |`: the parent's codes.
        match placing {
            Placing::Side => {
                for (side, what) in [("after", "right after"), ("before", "right before")] {
                    items.push(item(
                        side,
                        CompletionItemKind::KEYWORD,
                        format!("place it {what} one of that parent's codes"),
                        format!("{side} "),
                    ));
                }
            }
            Placing::Sibling(parent) => {
                let cb = &a.codebook;
                let parents = CodeId::each(cb).filter(|(_, c)| c.id.id == parent);
                for (p, _) in parents {
                    for &child in a.resolved.children.get(p).map_or(&[][..], Vec::as_slice) {
                        let name = &cb[child].id.id;
                        items.push(item(
                            name,
                            sym_kind(Sym::Code(child)),
                            label_of(a, Sym::Code(child)),
                            name.to_string(),
                        ));
                    }
                }
            }
        }
    } else if let Some(key) = key {
        // A value: the identifiers the key accepts, in source order.
        let mut seen = std::collections::HashSet::new();
        for o in a.occurrences.iter().filter(|o| o.declaration) {
            if !accepts(key, o.sym) {
                continue;
            }
            let Some(name) = o.sym.name(&a.codebook) else {
                continue;
            };
            if !seen.insert(name.id.as_str()) {
                continue;
            }
            let label = label_of(a, o.sym);
            items.push(item(&name.id, sym_kind(o.sym), label, name.id.to_string()));
        }
    } else if head == word {
        // The start of a statement: the block's properties and what it may declare.
        let levels: Vec<&str> = a.codebook.levels.iter().map(|l| l.name.as_str()).collect();
        match path.last() {
            None => {
                for kind in TOP_KINDS.iter().chain(&["levels", "total", "allow"]) {
                    items.push(item(
                        kind,
                        CompletionItemKind::KEYWORD,
                        "declaration".into(),
                        kind.to_string(),
                    ));
                }
            }
            Some(node) => {
                let kind = node.kind.name.as_str();
                let is_level = levels.contains(&kind);
                if let Some(d) = schema::declaration(kind, is_level) {
                    for p in d.properties {
                        let detail = format!("{}; {}", p.about, p.form.describe());
                        items.push(item(
                            p.name,
                            CompletionItemKind::PROPERTY,
                            detail,
                            format!("{}: ", p.name),
                        ));
                    }
                }
                let inner: Vec<&str> = match kind {
                    "structure" => levels.iter().copied().chain(["map"]).collect(),
                    "actor" => vec!["member"],
                    k if is_level => levels
                        .iter()
                        .position(|l| *l == k)
                        .and_then(|i| i.checked_sub(1))
                        .and_then(|i| levels.get(i))
                        .into_iter()
                        .copied()
                        .chain(["quote"])
                        .collect(),
                    _ => Vec::new(),
                };
                for kind in inner {
                    items.push(item(
                        kind,
                        CompletionItemKind::KEYWORD,
                        "declaration".into(),
                        kind.to_string(),
                    ));
                }
            }
        }
    }
    items.retain(|i| i.label.starts_with(word));
    Ok(Some(CompletionResponse::Array(items)))
}

/// What the words typed so far in one parent of `also under:` (from the colon or comma on)
/// call for next.
enum Placing<'a> {
    /// `doctors |`: `after` or `before`.
    Side,
    /// `doctors after |`: a code of `doctors`.
    Sibling(&'a str),
}

/// Reads `before`, the line up to the word being typed, in an `also under:` line.
fn also_under_place(before: &str) -> Option<Placing<'_>> {
    let entry = before.rsplit([':', ',']).next()?;
    let words: Vec<&str> = entry.split_whitespace().collect();
    match words.as_slice() {
        [_] if entry.ends_with(char::is_whitespace) => Some(Placing::Side),
        [parent, "after" | "before"] if entry.ends_with(char::is_whitespace) => {
            Some(Placing::Sibling(parent))
        }
        _ => None,
    }
}

fn sym_kind(sym: Sym) -> CompletionItemKind {
    match sym {
        Sym::Code(_) => CompletionItemKind::CLASS,
        Sym::Phase(_) | Sym::Round(_) => CompletionItemKind::EVENT,
        Sym::Source(_) => CompletionItemKind::FILE,
        _ => CompletionItemKind::VARIABLE,
    }
}

/// A declaration's label, shown beside its name.
fn label_of(a: &Analysis, sym: Sym) -> String {
    let cb = &a.codebook;
    match sym {
        Sym::Code(i) => cb[i].label.text.clone(),
        Sym::Phase(i) => cb[i].label.text.clone(),
        Sym::Source(i) => cb[i].label.text.clone(),
        Sym::Actor(i) => cb[i].label.text.clone(),
        Sym::Round(i) => cb[i].label.text.clone(),
        Sym::Group(i) => cb[i]
            .label
            .as_ref()
            .map_or(String::new(), |l| l.text.clone()),
        _ => String::new(),
    }
}
