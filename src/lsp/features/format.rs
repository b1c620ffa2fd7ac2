//! Formatting: the printer of `codebook fmt`.

use crate::lsp::Failure;
use crate::lsp::document::Document;
use lsp_types::TextEdit;

/// The whole document replaced by its formatted text; no edit when it is already formatted.
/// A document with a syntax error is not formatted (as `codebook fmt` refuses it).
pub fn format(doc: &Document) -> Result<Option<Vec<TextEdit>>, Failure> {
    let text = doc.text();
    let formatted = crate::format::format(text).map_err(|errors| {
        let first = errors
            .first()
            .map_or("a syntax error", |d| d.message.as_str());
        Failure::refused(format!("cannot format a file with a syntax error: {first}"))
    })?;
    if formatted == text {
        return Ok(Some(Vec::new()));
    }
    Ok(Some(vec![TextEdit {
        range: doc.range(&(0..text.len())),
        new_text: formatted,
    }]))
}
