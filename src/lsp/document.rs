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
    /// Every [`MARK_BYTES`] of text (at a character boundary), how many of the client's units
    /// (UTF-16 units) come before it: a position far into a long line is counted from the
    /// mark before it, not from the line's start. Empty for UTF-8, where units are bytes.
    marks: Vec<(usize, usize)>,
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
            marks: marks(&text, encoding),
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
        self.marks = marks(&self.text, self.encoding);
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
    /// start. Found from the mark before it, so in time independent of the line's length.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_end(line);
        let target = self.units_before(start) + position.character as usize;
        if target >= self.units_before(end) {
            return end;
        }
        if self.encoding == Encoding::Utf8 {
            // Units are bytes: the target, moved back to its character's start.
            let mut at = target;
            while !self.text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        // The last mark at or before the target, if it is on this line.
        let k = self.marks.partition_point(|&(_, u)| u <= target);
        let (from, mut units) = match k.checked_sub(1).and_then(|k| self.marks.get(k)) {
            Some(&(b, u)) if b > start => (b, u),
            _ => (start, self.units_before(start)),
        };
        for (i, c) in self.text.get(from..end).unwrap_or_default().char_indices() {
            let width = self.width(c) as usize;
            if units + width > target {
                return from + i;
            }
            units += width;
        }
        end
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
        let character = self.units_before(offset) - self.units_before(start);
        Position {
            line: line as u32,
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// How many of the client's units come before the byte `offset` (a character boundary):
    /// counted from the mark before it.
    fn units_before(&self, offset: usize) -> usize {
        if self.encoding == Encoding::Utf8 {
            return offset;
        }
        let k = self.marks.partition_point(|&(b, _)| b <= offset);
        let (from, units) = k
            .checked_sub(1)
            .and_then(|k| self.marks.get(k))
            .copied()
            .unwrap_or((0, 0));
        units
            + self
                .text
                .get(from..offset)
                .unwrap_or_default()
                .chars()
                .map(|c| self.width(c) as usize)
                .sum::<usize>()
    }

    /// Where line `line` (which exists) ends, before its line break.
    fn line_end(&self, line: usize) -> usize {
        let Some(&next) = self.line_starts.get(line + 1) else {
            return self.text.len();
        };
        let bytes = self.text.as_bytes();
        // The next line starts after `\n`, `\r\n` or a lone `\r`.
        if next >= 2 && bytes.get(next - 1) == Some(&b'\n') && bytes.get(next - 2) == Some(&b'\r') {
            next - 2
        } else {
            next.saturating_sub(1)
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

    fn width(&self, c: char) -> u32 {
        match self.encoding {
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf8 => c.len_utf8() as u32,
        }
    }
}

/// How far apart the marks of [`Document`] are, in bytes.
const MARK_BYTES: usize = 1024;

/// Every [`MARK_BYTES`] of `text` (at the first character boundary from there), how many of
/// the client's units come before it; none for UTF-8, whose units are bytes.
fn marks(text: &str, encoding: Encoding) -> Vec<(usize, usize)> {
    if encoding == Encoding::Utf8 {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(text.len() / MARK_BYTES + 1);
    let mut units = 0;
    let mut next = 0;
    for (i, c) in text.char_indices() {
        if i >= next {
            out.push((i, units));
            next = i + MARK_BYTES;
        }
        units += c.len_utf16();
    }
    out
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

    /// Positions counted from the marks are those counted from each line's start, on lines
    /// many marks long with characters of every width, across line breaks of every kind.
    #[test]
    fn positions_from_marks_are_positions_from_line_starts() {
        let line: String = (0..3000)
            .map(|i| match i % 7 {
                0 => 'ü',
                3 => '𝄞',
                5 => '中',
                _ => 'a',
            })
            .collect();
        let text = format!("{line}\r\n{line}\n\r{line}\rend");
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let doc = Document::new(text.clone(), encoding);
            let (mut l, mut ch) = (0u32, 0u32);
            let mut chars = text.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\n' || c == '\r' {
                    // `\r\n` breaks the line at its `\n`.
                    if c == '\n' || chars.peek().is_none_or(|n| n.1 != '\n') {
                        (l, ch) = (l + 1, 0);
                    }
                    continue;
                }
                assert_eq!(doc.position(i), pos(l, ch), "{encoding:?} at {i}");
                assert_eq!(doc.offset(pos(l, ch)), i, "{encoding:?} at {i}");
                ch += doc.width(c);
            }
            // Past a line's end: the line's end, before its break.
            assert_eq!(doc.offset(pos(0, u32::MAX)), line.len());
            assert_eq!(doc.offset(pos(3, 10_000_000)), text.rfind('\r').unwrap());
        }
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
