//! Large blocks read a few lines at a time.
//!
//! `item` reads a whole top-level statement at once, and pest holds every token of it until the
//! statement is done: a `structure` whose quotes are written inside their concepts' blocks is
//! most of a file, and its tokens (with their flattened copy) took several times its size. A
//! statement whose block is larger than [`BIG_BLOCK`] bytes (found by a scan of the braces
//! outside strings and comments) is read instead as its head (`block_head`), its lines a few at
//! a time (`block_lines`; a line that is itself such a statement the same way, recursively)
//! and its `}` (`close_line`, `close_top`): only its syntax tree is held, never all its tokens.
//! The lines before it are read with `item` up to its first byte.
//!
//! Each of these rules reads there what `item` would (see the grammar). Anything out of the
//! ordinary makes [`Streamer::read`] return `None`, and the caller reads the statement with
//! `item` as before, errors and all: a line that does not parse, text after a `}`, a block left
//! open, a byte order mark past the file's first byte (which `item` skips where a batch
//! begins, so batches must begin where they always did).

use super::MAX_DEPTH;
use super::errors::{scan_braces, statement_line, too_deep};
use super::tree::{Builder, Tok, flatten};
use super::{Grammar, Piece, Rule};
use crate::diagnostics::Diagnostic;
use crate::syntax::ast;
use pest::Parser as _;

/// Statements whose block is larger than this many bytes are read a few lines at a time.
pub(super) const BIG_BLOCK: usize = 256 * 1024;

/// About how many bytes of a large block's lines are read at once.
const CHUNK: usize = 64 * 1024;

/// A line of a large block whose own block is larger than this is read alone: a window of
/// lines ends before it. A window cut short in the middle of a line is read again from that
/// line, so the lines in windows are kept small beside the window.
const ALONE: usize = CHUNK / 8;

/// Reads the statements with large blocks of one file.
pub(super) struct Streamer<'a> {
    source: &'a str,
    comments: bool,
    quote_texts: bool,
    /// Where each statement with a large block starts, sorted, and whether it stands at the
    /// top level (by the scan: a hint, which the parse confirms or refuses).
    starts: Vec<(usize, bool)>,
    /// Where each statement with a block larger than [`ALONE`] starts, sorted: one is read
    /// alone, and a window of lines ends before it.
    medium: Vec<usize>,
    toks: Vec<Tok>,
}

/// What [`Streamer::read`] read: the pieces, in file order, and where reading goes on.
pub(super) struct Read {
    pub(super) pieces: Vec<Piece>,
    pub(super) end: usize,
}

impl<'a> Streamer<'a> {
    /// The streamer of `source`, or the error for blocks nested too deep, which the same scan
    /// of the braces finds.
    pub(super) fn new(
        source: &'a str,
        comments: bool,
        quote_texts: bool,
        big_block: usize,
    ) -> Result<Streamer<'a>, Box<Diagnostic>> {
        let bom_inside = memchr::memmem::find(
            source.as_bytes().get(1..).unwrap_or(&[]),
            "\u{FEFF}".as_bytes(),
        )
        .is_some();
        let streamed = source.len() > big_block && !bom_inside;
        let (starts, medium) = big_starts(source, streamed.then_some(big_block))?;
        Ok(Streamer {
            source,
            comments,
            quote_texts,
            starts,
            medium,
            toks: Vec::new(),
        })
    }

    /// Read from `base` (where `item` would be asked for the next batch) when a top-level
    /// statement with a large block follows: the statements before it, up to its first byte,
    /// or the statement itself. `None`: read on with `item`.
    pub(super) fn read(&mut self, base: usize) -> Option<Read> {
        let from = self.starts.partition_point(|s| s.0 < base);
        let cut = self.starts.get(from..)?.iter().find(|s| s.1)?.0;
        if cut > base {
            return self.before(base, cut);
        }
        let mut pieces = Vec::new();
        let (node, end) = self.node(base, true, &mut pieces)?;
        pieces.push(Piece::Statement(ast::Statement::Node(node)));
        (end > base).then_some(Read { pieces, end })
    }

    /// The statements from `base` to `cut`, read with `item` from text that ends at `cut`: what
    /// `item` reads from the whole file when they have no error and each ends with its line
    /// (only text that goes on over a line break could read differently, and that is an error
    /// when cut short).
    fn before(&mut self, base: usize, cut: usize) -> Option<Read> {
        let pairs = Grammar::parse(Rule::item, self.source.get(base..cut)?).ok()?;
        flatten(pairs, base, &mut self.toks);
        if self.toks.first()?.end != cut || self.any_wrong() {
            return None;
        }
        let b = self.builder();
        let top: Vec<usize> = b.kids(0).filter(|&i| b.rule(i) != Rule::EOI).collect();
        if let Some(&last) = top.last() {
            let after = self.source.get(b.tok(last).end..cut)?;
            if !after.contains(['\n', '\r']) {
                return None;
            }
        }
        let mut pieces = Vec::new();
        self.comments_of(&b, &mut pieces);
        pieces.extend(
            top.into_iter()
                .filter_map(|i| b.statement(i))
                .map(Piece::Statement),
        );
        Some(Read { pieces, end: cut })
    }

    /// The declaration with a block starting at `p`, and where the text after it starts (after
    /// the line break at the top level, after the blank lines in a block). Its comments go to
    /// `pieces`.
    fn node(&mut self, p: usize, top: bool, pieces: &mut Vec<Piece>) -> Option<(ast::Node, usize)> {
        let pairs = Grammar::parse(Rule::block_head, self.source.get(p..)?).ok()?;
        flatten(pairs, p, &mut self.toks);
        if self.any_wrong() {
            return None;
        }
        let b = self.builder();
        self.comments_of(&b, pieces);
        let mut key = smallvec::SmallVec::new();
        let mut head = None;
        for k in b.kids(0) {
            match b.rule(k) {
                Rule::ident => key.push(b.ident(k)),
                Rule::head => head = Some(k),
                _ => {}
            }
        }
        let head = head?;
        let open = b.tok(head).end;
        if self.source.as_bytes().get(open) != Some(&b'{') {
            return None;
        }
        let mut q = b.tok(0).end;
        let mut node = b.node(key, Some(head), p..p);
        let mut statements = Vec::new();
        loop {
            match self.source.as_bytes().get(q) {
                None => return None,
                Some(b'}') => break,
                Some(_) => {}
            }
            let next = if self.is_big(q) {
                let (child, end) = self.node(q, false, pieces)?;
                statements.push(ast::Statement::Node(child));
                end
            } else {
                self.lines(q, &mut statements, pieces)?
            };
            if next <= q {
                return None;
            }
            q = next;
        }
        let close = q;
        let rule = if top {
            Rule::close_top
        } else {
            Rule::close_line
        };
        let pairs = Grammar::parse(rule, self.source.get(close..)?).ok()?;
        flatten(pairs, close, &mut self.toks);
        if self.toks.iter().any(|t| t.rule == Rule::after_close) {
            return None;
        }
        let b = self.builder();
        self.comments_of(&b, pieces);
        let end = b.tok(0).end;
        node.span = p..close + 1;
        node.block = Some(ast::Block {
            statements,
            span: open..close + 1,
            broken: false,
        });
        Some((node, end))
    }

    /// A few lines of a block from `q`, up to the next statement with a large block (or one
    /// line, when the text up to there does not read as whole lines); where the next starts.
    fn lines(
        &mut self,
        q: usize,
        statements: &mut Vec<ast::Statement>,
        pieces: &mut Vec<Piece>,
    ) -> Option<usize> {
        let after = self.starts.partition_point(|s| s.0 <= q);
        let big = self.starts.get(after).map_or(self.source.len(), |s| s.0);
        let after = self.medium.partition_point(|&m| m <= q);
        let medium = self.medium.get(after).copied().unwrap_or(self.source.len());
        let next = big.min(medium).min(self.line_after(q + CHUNK));
        // A line with a large block is read alone, not tried in a window first.
        let alone = self.medium.binary_search(&q).is_ok();
        let few = (!alone)
            .then(|| self.source.get(q..next))
            .flatten()
            .and_then(|text| Grammar::parse(Rule::block_lines, text).ok());
        let pairs = match few {
            Some(pairs) => pairs,
            None => Grammar::parse(Rule::block_line, self.source.get(q..)?).ok()?,
        };
        flatten(pairs, q, &mut self.toks);
        if self.any_wrong() {
            return None;
        }
        let b = self.builder();
        self.comments_of(&b, pieces);
        statements.extend(b.kids(0).filter_map(|i| b.statement(i)));
        Some(b.tok(0).end)
    }

    /// The first character of the first line at or after `at` that starts with a character
    /// other than a blank, a line break or `#` (a line the lines before it may end at), or the
    /// end of the file.
    fn line_after(&self, at: usize) -> usize {
        let bytes = self.source.as_bytes();
        let mut i = at;
        while let Some(k) = bytes.get(i..).and_then(|b| memchr::memchr(b'\n', b)) {
            let start = line_start(self.source, i + k + 1);
            if !matches!(bytes.get(start), Some(b'\n' | b'\r' | b'#')) {
                return start;
            }
            i = start;
        }
        bytes.len()
    }

    fn is_big(&self, q: usize) -> bool {
        self.starts.binary_search_by_key(&q, |s| s.0).is_ok()
    }

    fn builder(&self) -> Builder<'_> {
        Builder {
            toks: &self.toks,
            source: self.source,
            quote_texts: self.quote_texts,
        }
    }

    fn comments_of(&self, b: &Builder<'_>, pieces: &mut Vec<Piece>) {
        if self.comments {
            pieces.extend(
                b.toks
                    .iter()
                    .filter(|t| t.rule == Rule::comment)
                    .map(|t| Piece::Comment(b.comment(t))),
            );
        }
    }
}

impl Streamer<'_> {
    /// Whether the tokens read last hold one that the statement-by-statement path reports: a
    /// token of error recovery, or a text between typographic quotes (read, but an error).
    fn any_wrong(&self) -> bool {
        self.toks.iter().any(|t| {
            wrong(t.rule)
                || t.rule == Rule::string && self.source.as_bytes().get(t.start) != Some(&b'"')
        })
    }
}

/// A token of error recovery: the text it covers is not read as written.
fn wrong(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::bad | Rule::stray_close | Rule::unclosed | Rule::after_close
    )
}

/// What [`big_starts`] finds: the large blocks' statements (each with whether it stands at the
/// top level) and the medium ones'.
type Starts = (Vec<(usize, bool)>, Vec<usize>);

/// Where the statements whose block is larger than `big_block` bytes start (the first
/// non-blank character of the line their statement starts on), sorted, each with whether it stands at the
/// top level; and where those whose block is larger than [`ALONE`] (or `big_block`) start.
/// Without `big_block`, none. The same scan refuses blocks nested more than [`MAX_DEPTH`] deep
/// (before pest recurses into them).
fn big_starts(source: &str, big_block: Option<usize>) -> Result<Starts, Box<Diagnostic>> {
    let mut open = Vec::new();
    let mut big = Vec::new();
    let mut medium = Vec::new();
    let mut deep = None;
    // Just after the brace before the current one: no statement starts before it.
    let mut after_brace = 0;
    scan_braces(source, |i, b| {
        let from = std::mem::replace(&mut after_brace, i + 1);
        if b == b'{' {
            open.push((i, from));
            if open.len() > MAX_DEPTH {
                deep = Some(i);
                return false;
            }
        } else if let Some((o, from)) = open.pop()
            && let Some(big_block) = big_block
            && i - o > big_block.min(ALONE)
        {
            // Where the statement starts: its `{` may stand on a later line (a wrapped label).
            let start = line_start(source, statement_line(source, from, o));
            medium.push(start);
            if i - o > big_block {
                big.push((start, open.is_empty()));
            }
        }
        true
    });
    if let Some(i) = deep {
        return Err(too_deep(i));
    }
    big.sort_unstable();
    big.dedup_by_key(|s| s.0);
    medium.sort_unstable();
    medium.dedup();
    Ok((big, medium))
}

/// The first character of the line of `at` that is not blank (as the grammar's `sn` skips
/// them; a byte order mark at the start of the file too).
fn line_start(source: &str, at: usize) -> usize {
    let bytes = source.as_bytes();
    let mut i = bytes
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n' || c == b'\r'))
        .map_or(0, |k| k + 1);
    if i == 0 && source.starts_with('\u{FEFF}') {
        i = '\u{FEFF}'.len_utf8();
    }
    let rest = source.get(i..).unwrap_or("");
    let blank = rest.len()
        - rest
            .trim_start_matches([' ', '\t', '\u{A0}', '\u{202F}'])
            .len();
    i + blank
}

#[cfg(test)]
mod tests {
    use super::super::{Piece, pieces};
    use crate::synth::{Spec, Style, generate_styled};

    /// The statements, the comments and the errors read, each in file order, with blocks
    /// larger than `big_block` bytes read a few lines at a time.
    fn read(source: &str, big_block: usize, comments: bool, quote_texts: bool) -> [String; 3] {
        let (mut statements, mut notes) = (String::new(), String::new());
        let errors = pieces(source, comments, quote_texts, big_block, |p| match p {
            Piece::Statement(s) => statements.push_str(&format!("{s:?}\n")),
            Piece::Comment(c) => notes.push_str(&format!("{c:?}\n")),
        });
        let errors = format!(
            "{:?} {} {:?}",
            errors.diagnostics, errors.nesting_lost, errors.skipped_words
        );
        [statements, notes, errors]
    }

    fn same_either_way(name: &str, source: &str) {
        for (comments, quote_texts) in [(true, true), (false, false)] {
            let whole = read(source, usize::MAX, comments, quote_texts);
            for big_block in [0, 40, 300] {
                let streamed = read(source, big_block, comments, quote_texts);
                assert!(
                    whole == streamed,
                    "{name}: blocks over {big_block} bytes read a few lines at a time differ"
                );
            }
        }
    }

    /// Every codebook in the tree (valid ones, and the fixtures' broken ones), whole and with
    /// lines cut, `\r\n`, a byte order mark: the same syntax tree, comments and errors whether
    /// blocks are read whole or streamed.
    #[test]
    fn streamed_blocks_read_as_whole_ones() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("tests"), root.join("schemas"), root.join("fuzz")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|x| x == "codebook") {
                    files.push(path);
                }
            }
        }
        files.sort();
        assert!(files.len() > 100, "the tree's codebooks were not found");
        for path in &files {
            let Ok(source) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.display().to_string();
            same_either_way(&name, &source);
            same_either_way(&name, &source.replace('\n', "\r\n"));
            same_either_way(&name, &format!("\u{FEFF}{source}"));
            // Cut short in the middle of a block, and a line lost.
            let bytes = source.len();
            for cut in [bytes / 3, bytes / 2, 2 * bytes / 3] {
                if let Some(short) = source.get(..cut) {
                    same_either_way(&name, short);
                }
            }
            if let Some(line) = source.lines().nth(source.lines().count() / 2) {
                same_either_way(&name, &source.replacen(line, "", 1));
            }
        }
        for nested in [0, 50, 100] {
            let style = Style {
                nested,
                ..Style::held_out()
            };
            let source = generate_styled(
                Spec {
                    quotes: 300,
                    seed: 7,
                },
                style,
            );
            same_either_way("generated", &source);
        }
    }
}
