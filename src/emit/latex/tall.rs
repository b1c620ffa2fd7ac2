//! Rows taller than a page, cut into rows a page can break between. longtable breaks pages
//! between rows only: a row taller than what is left of the page is moved to the next one, and a
//! row taller than a whole page runs past its foot, its end lost (a definition of sixty
//! sentences, an attribute of eighty items, a label in a narrow column of a table of many).
//!
//! So a row whose cells are estimated at more than [`OVER`] lines (the column fitting's
//! estimate, in the narrowest text block a fragment is likely to be put in, as
//! [`super::hang`] measures labels; a wide table in that block turned on its side, at its
//! smaller font: [`Page`]) is cut into rows of at most [`TALLEST`]: each tall cell's
//! content is cut at paragraph breaks, else between the items of a list (or the lines of a
//! cell), else at sentence ends, else (a sentence taller than half a row) between line-sized
//! runs of words, the strongest cut that leaves a piece at least half full; the first piece of
//! each tall cell stands in the first row, the second in the next, and so on, and a cell that
//! is not tall stays whole in the first row. The rows that continue it have no rule above them
//! and are set as the cell would be: a little space (one paragraph's) above a row where a
//! piece starts a paragraph, none where a paragraph or an item goes on (its wrapped lines
//! indented under its first word, as the item's are). Where a page breaks between them, the
//! next page repeats the labels of the row's groups, "(continued)", as for any row, and, in a
//! table without columns of group labels (the codebook appendix, the phase table), the row's
//! first cell above it. Formats that do not break pages never see these rows: only the LaTeX
//! output cuts.
//!
//! A piece of a long quote is never cut again: the quote splitter (`tables/text.rs`) cut it
//! already, at sentence ends, to a length a page holds in the column the fitting gave it
//! ([`piece_characters`] tells the table builder how long that is).

use super::hang::NARROWEST;
use crate::emit::tables::{
    Cell, Content, Join, LANDSCAPE, Para, Row, Rule, Run, Style, Table, Wrap, sentence_ends,
    text_points,
};
use std::borrow::Cow;
use std::ops::Range;

/// The most lines a row may take, as the column fitting estimates them in the narrowest text
/// block ([`NARROWEST`], LaTeX's `article` at 10 pt): half its height on letter paper (45
/// lines of 12 pt), so that the row fits on a page under the caption, the repeated heading
/// rows and the labels a page repeats "(continued)", above the foot's "continued on next
/// page", with room for the estimate's error; and a row moved to the next page whole leaves
/// at most half a page empty.
pub(super) const TALLEST: f64 = 20.0;

/// The most lines a row may take before it is cut: as many as a piece ([`TALLEST`]). A row
/// over about 30 lines is the real danger in a text block of 45, but the estimate runs short
/// in narrow columns: a row of the nine-column `many_columns` fixture estimated between 20 and
/// 30 lines ran past the page's foot in `article` when only rows over 30 were cut. 20 still
/// leaves every shipped schema's table as it was: the tallest cell they have that is neither
/// a quote's piece nor a label (a definition in the codebook appendix) estimates at 18 lines,
/// the wide phase matrix, measured at its own font and width ([`Page`]), at under 12.
pub(super) const OVER: f64 = TALLEST;

/// How a table's text is measured against a page: the factor from a column's share of the 16
/// cm text block to its share in the narrowest block the table is set in, in the 10 pt text
/// the estimate measures, and the page's height in the estimate's lines as a part of an
/// upright page's.
#[derive(Debug, Clone, Copy)]
struct Page {
    width: f64,
    height: f64,
}

impl Page {
    /// A table upright: LaTeX's `article` at 10 pt ([`NARROWEST`]).
    const UPRIGHT: Page = Page {
        width: NARROWEST,
        height: 1.0,
    };
    /// A wide table, in `landscape` at `\footnotesize` (8 pt on lines of 9.5 pt): its lines
    /// as long as the upright page is tall (`article` on letter paper, 550 pt), of type four
    /// fifths as wide; its page as tall as the upright text block is wide (345 pt), 36 of its
    /// lines where an upright page has 45.
    const WIDE: Page = Page {
        width: LANDSCAPE,
        height: 345.0 / 9.5 / 45.0,
    };

    fn of(t: &Table) -> Page {
        if t.wide { Page::WIDE } else { Page::UPRIGHT }
    }

    /// The most lines a piece of a cut cell may take ([`TALLEST`]).
    fn tallest(self) -> f64 {
        TALLEST * self.height
    }

    /// The most lines a row may take before it is cut ([`OVER`]).
    fn over(self) -> f64 {
        OVER * self.height
    }
}

/// `t` with each row estimated taller than [`OVER`] lines cut into rows (see the module
/// docs); `t` itself when no row is.
pub(super) fn split(t: &Table) -> Cow<'_, Table> {
    let page = Page::of(t);
    if !t.body.iter().any(|row| tall(t, row, page)) {
        return Cow::Borrowed(t);
    }
    let labels = t.columns.iter().any(|c| c.carries);
    let mut body = Vec::with_capacity(t.body.len() + 8);
    for row in &t.body {
        if tall(t, row, page) {
            body.extend(rows(t, row, labels, page));
        } else {
            body.push(row.clone());
        }
    }
    // Every field but the body as it is (the body is not copied only to be replaced).
    Cow::Owned(Table {
        name: t.name.clone(),
        kind: t.kind,
        caption: t.caption.clone(),
        label: t.label.clone(),
        columns: t.columns.clone(),
        head: t.head.clone(),
        body,
        note: t.note.clone(),
        wide: t.wide,
        number: t.number.clone(),
    })
}

/// Per cell of `row`, whether it is a group's label, and the share of the 16 cm text block its
/// columns take in the narrowest one `page` is.
fn widths<'a>(
    t: &'a Table,
    row: &'a Row,
    page: Page,
) -> impl Iterator<Item = (&'a Cell, bool, f64)> {
    let mut col = 0;
    row.cells.iter().map(move |cell| {
        let span = cell.span.max(1);
        let share: f64 = t.columns.iter().skip(col).take(span).map(|c| c.width).sum();
        col += span;
        let labels = span == 1 && t.columns.get(col - span).is_some_and(|c| c.carries);
        (cell, labels, share * page.width)
    })
}

/// Per cell of `row`, its share as [`widths`] gives it, or 0 for a cell never cut: a column
/// of group labels, and a quote's piece.
fn shares<'a>(t: &'a Table, row: &'a Row, page: Page) -> impl Iterator<Item = (&'a Cell, f64)> {
    widths(t, row, page)
        .map(|(cell, labels, share)| (cell, if labels || cell.piece { 0.0 } else { share }))
}

/// The fewest characters a quote's piece gets in `t`: a piece is never cut here, so the quote
/// splitter (`tables/text.rs`) cuts pieces this long where one of `t`'s pieces is estimated
/// taller than [`TALLEST`] lines in its column (nine tenths of the characters that many lines
/// hold at that piece's rate, so that a page holds each); `None` where every piece fits.
pub(crate) fn piece_characters(t: &Table) -> Option<usize> {
    let page = Page::of(t);
    let mut most: Option<usize> = None;
    for row in &t.body {
        for (cell, _, share) in widths(t, row, page).filter(|(c, _, _)| c.piece) {
            let lines = height(&cell.content, share);
            if lines <= page.tallest() {
                continue;
            }
            let chars: usize = cell
                .content
                .paras
                .iter()
                .map(|p| text(p).chars().count())
                .sum();
            let fits = (chars as f64 * page.tallest() / lines * 0.9) as usize;
            most = Some(most.map_or(fits, |m| m.min(fits)).max(MIN_PIECE));
        }
    }
    most
}

/// The fewest characters a quote's piece is cut to, however narrow its column.
const MIN_PIECE: usize = 100;

fn tall(t: &Table, row: &Row, page: Page) -> bool {
    shares(t, row, page).any(|(cell, share)| cuts(cell, share, page))
}

/// Whether `cell` is cut: taller than [`OVER`] lines, and neither a quote's piece nor a
/// group's label (a label that runs on over rows below it is left whole, as [`super::hang`]
/// sets it).
fn cuts(cell: &Cell, share: f64, page: Page) -> bool {
    share > 0.0 && !cell.content.paras.is_empty() && height(&cell.content, share) > page.over()
}

/// The rows `row` is cut into: its tall cells' pieces in step, the first row as `row` was.
fn rows(t: &Table, row: &Row, labels: bool, page: Page) -> Vec<Row> {
    let cut: Vec<Vec<(Content, Cut)>> = shares(t, row, page)
        // Every cell of a row cut taller than a piece, not only those over [`OVER`].
        .map(
            |(cell, share)| match share > 0.0 && height(&cell.content, share) > page.tallest() {
                true => cut(&cell.content, share, page.tallest()),
                false => vec![(cell.content.clone(), Cut::Paragraph)],
            },
        )
        .collect();
    let n = cut.iter().map(Vec::len).max().unwrap_or(1);
    let mut pieces: Vec<_> = cut.into_iter().map(Vec::into_iter).collect();
    // Where a page breaks between them, a table without columns of group labels repeats the
    // row's first cell above the next, as the codebook appendix repeats a code's parents.
    let first = row.cells.first().map(|c| &c.content);
    let continues = match (labels, first) {
        (false, Some(first)) if !first.is_empty() => {
            let mut above = row.continues.clone().unwrap_or_default();
            let mut label = first.clone();
            if let Some(p) = label.paras.last_mut() {
                p.runs.push(Run {
                    text: " (continued)".to_string(),
                    style: Style::Plain,
                    origin: None,
                });
            }
            above.paras.extend(label.paras);
            Some(above)
        }
        _ => row.continues.clone(),
    };
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let mut paragraph = false;
        let cells: Vec<Cell> = row
            .cells
            .iter()
            .zip(pieces.iter_mut())
            .map(|(cell, pieces)| {
                let (content, cut) = pieces.next().unwrap_or((Content::default(), Cut::Words));
                paragraph |= cut == Cut::Paragraph && !content.is_empty();
                Cell {
                    span: cell.span,
                    align: cell.align,
                    content,
                    piece: cell.piece,
                }
            })
            .collect();
        // A heading row keeps the page from breaking under its last piece only.
        let keep = row.keep && k + 1 == n;
        let first_empty = cells.first().is_some_and(|c| c.content.is_empty());
        out.push(match k {
            0 => Row {
                cells,
                keep,
                ..row.clone()
            },
            _ => Row {
                rule: Rule::None,
                cells,
                joins: Some(if paragraph {
                    Join::Paragraph
                } else {
                    Join::Sentence
                }),
                keep,
                // The first cell repeated where it is empty (not the rest of a label cut
                // in two).
                continues: match first_empty {
                    true => continues.clone(),
                    false => row.continues.clone(),
                },
                continues_across: row.continues_across,
                split: true,
                over: false,
            },
        });
    }
    out
}

/// Where a cell's content may be cut, the weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    /// Between runs of words about a line long, inside a sentence.
    Words,
    /// At a sentence end inside a paragraph.
    Sentence,
    /// Between the items of a list or the lines of a cell (paragraphs set without a gap).
    Line,
    /// At a paragraph break (a cell's first paragraph too).
    Paragraph,
}

/// A stretch of one of a cell's paragraphs (bytes `range` of its runs' text, joined): all of
/// it, a sentence, or a run of words; the cut before it, and how wide its words are.
#[derive(Clone)]
struct Unit {
    para: usize,
    range: Range<usize>,
    cut: Cut,
    words: Vec<f64>,
    /// Its paragraph's indent, an item's wrapped lines included.
    indent: u8,
}

/// The space a paragraph set apart from the one above takes, in lines (3 pt of 12).
const GAP: f64 = 0.25;

/// Stretches set one after another in a column, and the lines they take.
struct Piece {
    share: f64,
    units: Vec<Unit>,
    /// The lines taken after each stretch.
    after: Vec<f64>,
    /// The lines of the paragraphs before the open one, and the open one's words.
    closed: f64,
    open: Option<(usize, Wrap)>,
}

impl Piece {
    fn new(share: f64) -> Piece {
        Piece {
            share,
            units: Vec::new(),
            after: Vec::new(),
            closed: 0.0,
            open: None,
        }
    }

    /// The lines it would take with `u` set after it, and the state that leaves.
    fn with(&self, u: &Unit) -> (f64, Option<(usize, Wrap)>, f64) {
        let (closed, mut wrap) = match self.open {
            Some((para, wrap)) if para == u.para => (self.closed, wrap),
            Some((_, wrap)) => (
                self.closed + wrap.lines() + gap(u),
                Wrap::new(self.share, u.indent),
            ),
            None => (self.closed, Wrap::new(self.share, u.indent)),
        };
        for w in &u.words {
            wrap.word(*w);
        }
        (closed + wrap.lines(), Some((u.para, wrap)), closed)
    }

    fn push(&mut self, u: Unit) {
        let (lines, open, closed) = self.with(&u);
        self.after.push(lines);
        self.open = open;
        self.closed = closed;
        self.units.push(u);
    }

    fn lines(&self) -> f64 {
        self.after.last().copied().unwrap_or(0.0)
    }
}

/// The space above a stretch that starts a paragraph set apart.
fn gap(u: &Unit) -> f64 {
    if u.cut == Cut::Paragraph { GAP } else { 0.0 }
}

/// About how many lines `content` takes in a column `share` of the text wide, its words
/// wrapped ([`Wrap`]).
fn height(content: &Content, share: f64) -> f64 {
    let mut piece = Piece::new(share);
    for (i, p) in content.paras.iter().enumerate() {
        let text = text(p);
        piece.push(Unit {
            para: i,
            range: 0..text.len(),
            cut: if p.gap { Cut::Paragraph } else { Cut::Line },
            words: words(&text),
            indent: p.indent.saturating_add(u8::from(p.item)),
        });
    }
    piece.lines()
}

/// How wide each word of `text` is.
fn words(text: &str) -> Vec<f64> {
    text.split_whitespace().map(text_points).collect()
}

/// The joined text of a paragraph's runs.
fn text(p: &Para) -> String {
    p.runs.iter().map(|r| r.text.as_str()).collect()
}

/// A cell's content cut into pieces of at most `tallest` lines ([`TALLEST`] on an upright page)
/// where it can (see the module docs), each with the cut before it.
fn cut(content: &Content, share: f64, tallest: f64) -> Vec<(Content, Cut)> {
    let mut units = Vec::new();
    for (i, p) in content.paras.iter().enumerate() {
        let cut = if i == 0 || p.gap {
            Cut::Paragraph
        } else {
            Cut::Line
        };
        units.extend(stretches(i, p, cut, share, tallest));
    }
    let mut pieces: Vec<Vec<Unit>> = Vec::new();
    let mut current = Piece::new(share);
    for unit in units {
        while !current.units.is_empty() && current.with(&unit).0 > tallest {
            // The strongest cut that leaves the piece at least half full, the latest of
            // equals; else right before this stretch.
            let mut best = (unit.cut, current.units.len());
            for (j, u) in current.units.iter().enumerate().skip(1) {
                let full = current
                    .after
                    .get(j - 1)
                    .is_some_and(|l| *l >= tallest / 2.0);
                if full && (u.cut, j) > best && u.cut >= best.0 {
                    best = (u.cut, j);
                }
            }
            let rest = current.units.split_off(best.1);
            pieces.push(std::mem::take(&mut current.units));
            current = Piece::new(share);
            for u in rest {
                current.push(u);
            }
        }
        current.push(unit);
    }
    if !current.units.is_empty() {
        pieces.push(current.units);
    }
    pieces
        .into_iter()
        .map(|units| {
            let cut = units.first().map_or(Cut::Paragraph, |u| u.cut);
            (piece(content, &units), cut)
        })
        .collect()
}

/// Paragraph `i`, `p`, as stretches: whole where it is not tall; else its sentences, each a
/// stretch unless it is taller than half a row, then runs of words about a line long.
fn stretches(i: usize, p: &Para, cut: Cut, share: f64, tallest: f64) -> Vec<Unit> {
    let text = text(p);
    let indent = p.indent.saturating_add(u8::from(p.item));
    let unit = |range: Range<usize>, cut: Cut| Unit {
        para: i,
        words: words(text.get(range.clone()).unwrap_or_default()),
        range,
        cut,
        indent,
    };
    let lines = |u: &Unit| Piece::new(share).with(u).0;
    let whole = unit(0..text.len(), cut);
    if lines(&whole) <= tallest {
        return vec![whole];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for end in sentence_ends(&text).into_iter().chain([text.len()]) {
        if end <= start {
            continue;
        }
        let sentence = unit(start..end, if out.is_empty() { cut } else { Cut::Sentence });
        if lines(&sentence) <= tallest / 2.0 {
            out.push(sentence);
        } else {
            line_runs(&text, sentence, share, &mut out);
        }
        start = end;
    }
    out
}

/// A sentence too tall for half a row as runs of words about a line long, the first with the
/// sentence's cut.
fn line_runs(text: &str, sentence: Unit, share: f64, out: &mut Vec<Unit>) {
    let Range { start, end } = sentence.range.clone();
    let mut from = start;
    let mut cut = sentence.cut;
    let mut wrap = Wrap::new(share, sentence.indent);
    let mut words = Vec::new();
    let slice = text.get(start..end).unwrap_or_default();
    // Each word: where it starts and ends.
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut word: Option<usize> = None;
    for (at, c) in slice.char_indices().chain([(slice.len(), ' ')]) {
        match (c.is_whitespace(), word) {
            (true, Some(w)) => {
                spans.push(start + w..start + at);
                word = None;
            }
            (false, None) => word = Some(at),
            _ => {}
        }
    }
    for span in spans {
        let points = text_points(text.get(span.clone()).unwrap_or_default());
        let mut next = wrap;
        next.word(points);
        if !words.is_empty() && next.lines() > 1.0 {
            out.push(Unit {
                range: from..span.start,
                words: std::mem::take(&mut words),
                cut,
                ..sentence.clone()
            });
            cut = Cut::Words;
            from = span.start;
            wrap = Wrap::new(share, sentence.indent);
            wrap.word(points);
        } else {
            wrap = next;
        }
        words.push(points);
    }
    out.push(Unit {
        range: from..end,
        words,
        cut,
        ..sentence
    });
}

/// The content of one piece: its stretches, those of one paragraph joined again.
fn piece(content: &Content, units: &[Unit]) -> Content {
    let mut paras: Vec<Para> = Vec::new();
    let mut open: Option<(usize, Range<usize>, Cut)> = None;
    let close = |open: Option<(usize, Range<usize>, Cut)>, paras: &mut Vec<Para>| {
        let Some((i, range, cut)) = open else { return };
        let Some(p) = content.paras.get(i) else {
            return;
        };
        let runs = slice(&p.runs, range);
        paras.push(match cut {
            // The rest of a paragraph or an item: its lines where the item's wrapped ones
            // stand, under its first word.
            Cut::Words | Cut::Sentence => Para {
                indent: p.indent.saturating_add(u8::from(p.item)),
                gap: false,
                item: false,
                runs,
            },
            Cut::Line | Cut::Paragraph => Para { runs, ..p.clone() },
        });
    };
    for u in units {
        match &mut open {
            Some((i, range, _)) if *i == u.para => range.end = u.range.end,
            _ => {
                close(open.take(), &mut paras);
                open = Some((u.para, u.range.clone(), u.cut));
            }
        }
    }
    close(open, &mut paras);
    Content { paras }
}

/// The runs of bytes `range` of `runs`' joined text, blanks at its two ends left out.
fn slice(runs: &[Run], range: Range<usize>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut at = 0;
    for r in runs {
        let (from, to) = (at, at + r.text.len());
        at = to;
        let (a, b) = (range.start.max(from), range.end.min(to));
        if a >= b {
            continue;
        }
        let Some(text) = r.text.get(a - from..b - from) else {
            continue;
        };
        out.push(Run {
            text: text.to_string(),
            ..r.clone()
        });
    }
    if let Some(first) = out.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    out.retain(|r| !r.text.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, gap: bool, item: bool) -> Para {
        Para {
            indent: 0,
            gap,
            item,
            runs: vec![Run {
                text: text.to_string(),
                style: Style::Plain,
                origin: None,
            }],
        }
    }

    fn joined(pieces: &[(Content, Cut)]) -> String {
        pieces
            .iter()
            .flat_map(|(c, _)| c.paras.iter().map(text))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_long_paragraph_is_cut_at_sentence_ends_and_nothing_is_lost() {
        let sentence = "This sentence is about fifty characters long, yes. ";
        let long = sentence.repeat(80);
        let c = Content {
            paras: vec![para(long.trim(), false, false)],
        };
        let pieces = cut(&c, 0.3, TALLEST);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        for (p, cut) in &pieces[1..] {
            assert_eq!(*cut, Cut::Sentence);
            assert!(!p.paras[0].gap && !p.paras[0].item);
        }
        for (p, _) in &pieces {
            assert!(height(p, 0.3) <= TALLEST + 1e-9);
            assert!(text(&p.paras[0]).ends_with('.'));
        }
        assert_eq!(joined(&pieces), long.trim());
    }

    #[test]
    fn a_list_is_cut_between_items_and_paragraphs_before_sentences() {
        let items: Vec<Para> = (0..80)
            .map(|i| para(&format!("item number {i}"), false, true))
            .collect();
        let pieces = cut(&Content { paras: items }, 0.3, TALLEST);
        assert!(pieces.len() >= 4);
        for (p, _) in &pieces {
            assert!(p.paras.iter().all(|p| p.item));
        }
        assert!(joined(&pieces).ends_with("item number 79"));
        // Paragraphs of a few sentences each: cut between paragraphs only.
        let paras: Vec<Para> = (0..30)
            .map(|i| {
                para(
                    &format!("Paragraph {i}. {}", "Words go on. ".repeat(8)),
                    i > 0,
                    false,
                )
            })
            .collect();
        let pieces = cut(&Content { paras }, 0.3, TALLEST);
        for (p, cut) in &pieces[1..] {
            assert_eq!(*cut, Cut::Paragraph);
            assert!(text(&p.paras[0]).starts_with("Paragraph"));
        }
    }

    #[test]
    fn a_sentence_without_end_is_cut_between_words() {
        let text = "word ".repeat(2000);
        let c = Content {
            paras: vec![para(text.trim(), false, false)],
        };
        let pieces = cut(&c, 0.2, TALLEST);
        assert!(pieces.len() > 2);
        assert_eq!(pieces[1].1, Cut::Words);
        assert_eq!(joined(&pieces), text.trim());
        // One word longer than a line stays whole.
        let long = "x".repeat(5000);
        let c = Content {
            paras: vec![para(&long, false, false)],
        };
        assert_eq!(joined(&cut(&c, 0.2, TALLEST)), long);
    }

    /// A table of four equal columns whose last cell is `sentences` sentences long.
    fn table(sentences: usize, wide: bool, piece: bool) -> Table {
        let long = "This sentence is about fifty characters long, yes. ".repeat(sentences);
        let mut t = Table::plain(
            crate::emit::tables::Kind::Phases,
            &["A", "B", "C", "D"],
            &[],
            &[["a", "b", "c", long.trim()].map(String::from).to_vec()],
        );
        t.wide = wide;
        if let Some(cell) = t.body.first_mut().and_then(|r| r.cells.last_mut()) {
            cell.piece = piece;
        }
        t
    }

    fn lines(sentences: usize) -> f64 {
        let t = table(sentences, false, false);
        height(&t.body[0].cells[3].content, 0.25 * NARROWEST)
    }

    #[test]
    fn only_rows_over_a_page_s_share_are_cut_and_never_a_quote_piece_nor_a_wide_row_that_fits() {
        // The fewest sentences over OVER lines upright.
        let over = (1..200)
            .find(|n| lines(*n) > OVER)
            .expect("a row over OVER");
        // Just under: left whole.
        assert_eq!(split(&table(over - 1, false, false)).body.len(), 1);
        // Upright and over OVER: cut, into pieces of at most TALLEST lines.
        let cut_rows = split(&table(over, false, false)).body.len();
        assert!(cut_rows >= 2, "{cut_rows}");
        // The quote splitter's piece: left whole, however tall.
        assert_eq!(split(&table(over * 2, false, true)).body.len(), 1);
        // A wide table, at \footnotesize on a landscape page: the same text takes about half
        // the lines, and is not cut; twice and a half as much text is.
        assert_eq!(split(&table(over, true, false)).body.len(), 1);
        assert!(split(&table(over * 5 / 2, true, false)).body.len() >= 2);
    }
}
