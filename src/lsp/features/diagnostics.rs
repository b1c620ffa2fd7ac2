//! Diagnostics, on open and on every change, and their did-you-mean hints as quick fixes.

use crate::diagnostics::{Diagnostic, Severity};
use crate::lsp::document::Document;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// Check the document ([`crate::validate`], what `codebook check` runs: [`crate::compile`]'s
/// diagnostics without keeping the quote texts), keep its diagnostics for quick fixes, and
/// return them in the protocol's terms.
pub fn check(doc: &mut Document, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
    doc.diagnostics = crate::validate(doc.text());
    doc.diagnostics
        .iter()
        .map(|d| to_lsp(doc, uri, d))
        .collect()
}

/// One diagnostic in the protocol's terms: its stable code, its help after the message, its
/// other labels as related locations, and the suggestion (if any) as `data`.
fn to_lsp(doc: &Document, uri: &Uri, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: doc.range(&l.span),
            },
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: doc.range(&d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.name().into())),
        source: Some("codebook".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: d
            .suggestion()
            .map(|s| serde_json::json!({ "suggestion": s })),
        ..lsp_types::Diagnostic::default()
    }
}

/// A quick fix for each diagnostic in `range` whose help suggests a replacement: the word
/// under the diagnostic replaced by the suggestion. The server's own diagnostics of the
/// current text are used, not what the client sends back.
pub fn quick_fixes(doc: &Document, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let wanted = doc.span(range);
    doc.diagnostics
        .iter()
        .filter(|d| d.span.start <= wanted.end && wanted.start <= d.span.end)
        .filter_map(|d| {
            let suggestion = d.suggestion()?;
            // Only a word is replaced (a kind, a key, a name), never a line or a block.
            let written = doc.text().get(d.span.clone())?;
            if written.is_empty() || written.contains(['\n', '\r', '"', '{', '}', ',', ':']) {
                return None;
            }
            let edit = TextEdit {
                range: doc.range(&d.span),
                new_text: suggestion.to_string(),
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace `{written}` with `{suggestion}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(doc, uri, d)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}
