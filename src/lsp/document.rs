//! An open document: its text, the position encoding agreed with the client, and what the
//! compiler made of it (computed on demand, dropped at every change).

use crate::check::{Occurrence, Resolved};
use crate::diagnostics::Diagnostic;
use crate::model::Codebook;
use crate::syntax::ast::{self, Span};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use std::cell::OnceCell;

/// How the client counts a line's characters (`positionEncoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Bytes, which is how the compiler counts (spans are byte ranges).
    Utf8,
}

/// What the compiler made of a document's text, even with errors: the syntax tree of what
/// parsed, the model, the resolved links and every identifier's occurrence.
#[derive(Debug)]
pub struct Analysis {
    /// The syntax tree of what parsed (a line that does not parse is left out).
    pub syntax: ast::Document,
    /// The model lowered from it.
    pub codebook: Codebook,
    /// Its resolved links (broken ones left out).
    pub resolved: Resolved,
    /// Every declaration and reference that resolves, sorted by position.
    pub occurrences: Vec<Occurrence>,
}

impl Analysis {
    /// Parse (recovering from syntax errors), lower and check `text`.
    pub fn of(text: &str) -> Analysis {
        let (syntax, _) = crate::syntax::parse_recovering(text);
        let (codebook, _) = crate::model::lower(&syntax);
        let (resolved, _) = crate::check::check(&codebook);
        let occurrences = resolved.occurrences(&codebook);
        Analysis {
            syntax,
            codebook,
            resolved,
            occurrences,
        }
    }
}

/// One open document.
#[derive(Debug)]
pub struct Document {
    text: String,
    /// The byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    encoding: Encoding,
    /// The diagnostics of the current text ([`crate::compile`]'s), once published.
    pub diagnostics: Vec<Diagnostic>,
    analysis: OnceCell<Analysis>,
}

impl Document {
    /// A document holding `text`, whose positions the client counts in `encoding`.
    pub fn new(text: String, encoding: Encoding) -> Document {
        Document {
            line_starts: line_starts(&text),
            text,
            encoding,
            diagnostics: Vec::new(),
            analysis: OnceCell::new(),
        }
    }

    /// Its current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The analysis of its current text, made on first use.
    pub fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| Analysis::of(&self.text))
    }

    /// Apply a change the client sent: a range replaced, or the whole text.
    pub fn change(&mut self, change: TextDocumentContentChangeEvent) {
        match change.range {
            Some(range) => {
                let start = self.offset(range.start);
                let end = self.offset(range.end).max(start);
                self.text.replace_range(start..end, &change.text);
            }
            None => self.text = change.text,
        }
        self.line_starts = line_starts(&self.text);
        let old = std::mem::take(&mut self.analysis);
        if old.get().is_some() {
            // Freeing a large file's tree takes tens of milliseconds: not while the editor
            // waits for diagnostics. (Should no thread start, it is freed here.)
            let _ = std::thread::Builder::new().spawn(move || drop(old));
        }
    }

    /// The byte offset of a client's position. A line past the end is the end of the text; a
    /// character past the end of its line is the line's end; a position inside a character
    /// (half of a UTF-16 surrogate pair, a byte inside a UTF-8 sequence) is that character's
    /// start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = self.line(start);
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            let width = self.width(c);
            if units + width > position.character {
                return start + i;
            }
            units += width;
        }
        start + line.len()
    }

    /// The client's position of a byte offset (clamped to the text, moved back to a character
    /// boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let character = self
            .text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(|c| self.width(c))
            .sum();
        Position {
            line: line as u32,
            character,
        }
    }

    /// The client's range of a byte span.
    pub fn range(&self, span: &Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The byte span of a client's range.
    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }

    /// The line starting at `start`, without its line break.
    fn line(&self, start: usize) -> &str {
        let rest = self.text.get(start..).unwrap_or_default();
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        &rest[..end]
    }

    fn width(&self, c: char) -> u32 {
        match self.encoding {
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf8 => c.len_utf8() as u32,
        }
    }
}

/// Where each line starts. Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
    starts.push(0);
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // A `\r` followed by `\n` ends its line at the `\n`.
        if bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        // `ü` is one UTF-16 unit and two bytes; `𝄞` two units and four bytes.
        let text = "a\nüb𝄞c\r\nd\re";
        let utf16 = Document::new(text.into(), Encoding::Utf16);
        let utf8 = Document::new(text.into(), Encoding::Utf8);
        let c = text.find('c').unwrap();
        assert_eq!(utf16.position(c), pos(1, 4));
        assert_eq!(utf8.position(c), pos(1, 7));
        assert_eq!(utf16.offset(pos(1, 4)), c);
        assert_eq!(utf8.offset(pos(1, 7)), c);
        // Inside the surrogate pair: the character's start.
        assert_eq!(utf16.offset(pos(1, 3)), text.find('𝄞').unwrap());
        // Past the line's end: its end, before `\r\n`; a lone `\r` ends a line too.
        assert_eq!(utf16.offset(pos(1, 99)), c + 1);
        assert_eq!(utf16.offset(pos(3, 0)), text.find('e').unwrap());
        assert_eq!(utf16.offset(pos(9, 0)), text.len());
        assert_eq!(utf16.position(text.len() + 5), pos(3, 1));
    }

    #[test]
    fn changes_replace_ranges() {
        let mut doc = Document::new("concept ä \"x\"\n".into(), Encoding::Utf16);
        doc.change(TextDocumentContentChangeEvent {
            range: Some(Range {
                start: pos(0, 8),
                end: pos(0, 9),
            }),
            range_length: None,
            text: "über".into(),
        });
        assert_eq!(doc.text(), "concept über \"x\"\n");
        assert_eq!(doc.position(doc.text().len()), pos(1, 0));
    }
}
