//! Go to definition, find references, highlights and rename: every identifier's occurrences,
//! from [`crate::check::Resolved::occurrences`].

use crate::check::{Occurrence, Sym, occurrence_at};
use crate::lsp::Failure;
use crate::lsp::document::Document;
use lsp_types::{
    DocumentHighlight, DocumentHighlightKind, GotoDefinitionResponse, Location, Position,
    PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The occurrence under the cursor, if it is on an identifier that resolves.
pub(crate) fn under(doc: &Document, position: Position) -> Option<&Occurrence> {
    occurrence_at(&doc.analysis().occurrences, doc.offset(position))
}

/// Every occurrence of `sym`, declarations first if `declarations`.
fn all_of(doc: &Document, sym: Sym, declarations: bool) -> impl Iterator<Item = &Occurrence> {
    doc.analysis()
        .occurrences
        .iter()
        .filter(move |o| o.sym == sym && (declarations || !o.declaration))
}

/// Where the identifier under the cursor is declared.
pub fn definition(
    doc: &Document,
    uri: &Uri,
    position: Position,
) -> Result<Option<GotoDefinitionResponse>, Failure> {
    let Some(o) = under(doc, position) else {
        return Ok(None);
    };
    let a = doc.analysis();
    Ok(o.sym.name(&a.codebook).map(|name| {
        GotoDefinitionResponse::Scalar(Location {
            uri: uri.clone(),
            range: doc.range(&name.span),
        })
    }))
}

/// Every place the identifier under the cursor is used (a code's: the quotes that support it,
/// its `map` lines and matrix rows), and its declaration if asked for.
pub fn references(
    doc: &Document,
    uri: &Uri,
    position: Position,
    declaration: bool,
) -> Result<Option<Vec<Location>>, Failure> {
    let Some(o) = under(doc, position) else {
        return Ok(None);
    };
    let found = all_of(doc, o.sym, declaration).map(|o| Location {
        uri: uri.clone(),
        range: doc.range(&o.span),
    });
    Ok(Some(found.collect()))
}

/// The identifier under the cursor, highlighted wherever it is written in the document.
pub fn highlights(
    doc: &Document,
    position: Position,
) -> Result<Option<Vec<DocumentHighlight>>, Failure> {
    let Some(o) = under(doc, position) else {
        return Ok(None);
    };
    let found = all_of(doc, o.sym, true).map(|o| DocumentHighlight {
        range: doc.range(&o.span),
        kind: Some(match o.declaration {
            true => DocumentHighlightKind::WRITE,
            false => DocumentHighlightKind::READ,
        }),
    });
    Ok(Some(found.collect()))
}

/// The identifier under the cursor, if it can be renamed (it is declared in this file).
pub fn prepare_rename(
    doc: &Document,
    position: Position,
) -> Result<Option<PrepareRenameResponse>, Failure> {
    let o = under(doc, position)
        .ok_or_else(|| Failure::refused("only a declared identifier can be renamed"))?;
    let placeholder = doc
        .text()
        .get(o.span.clone())
        .unwrap_or_default()
        .to_string();
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: doc.range(&o.span),
        placeholder,
    }))
}

/// Rename the identifier under the cursor, its declaration and every reference. Refused for
/// a new name that is not an identifier, names a generated table, or is already declared.
pub fn rename(
    doc: &Document,
    uri: &Uri,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, Failure> {
    let o = under(doc, position)
        .ok_or_else(|| Failure::refused("only a declared identifier can be renamed"))?;
    let a = doc.analysis();
    let old = doc.text().get(o.span.clone()).unwrap_or_default();
    if !crate::syntax::is_identifier(new_name) {
        return Err(Failure::refused(format!(
            "`{new_name}` is not an identifier: {}",
            crate::syntax::IDENTIFIER_RULE
        )));
    }
    if crate::model::NAMED_TABLES.contains(&new_name) {
        return Err(Failure::refused(format!(
            "`{new_name}` names a generated table and cannot name a declaration"
        )));
    }
    if new_name != old && a.resolved.symbols.contains_key(new_name) {
        return Err(Failure::refused(format!(
            "`{new_name}` is already declared in this file"
        )));
    }
    let edits: Vec<TextEdit> = all_of(doc, o.sym, true)
        .map(|o| TextEdit {
            range: doc.range(&o.span),
            new_text: new_name.to_string(),
        })
        .collect();
    Ok(Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }))
}
