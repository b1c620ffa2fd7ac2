//! Column widths from the content: the shares that make a table shortest on a journal's page.
//!
//! Every table's shares are fitted so (a data structure's, its compact form's, the codebook
//! appendix's, the actors' and a phase matrix's; the sources table has one column). A data
//! structure's table is a quote column and one column per level. Fixed shares serve a
//! dense structure (a quote or two on every concept) and fail a sparse one (27 concepts, 4
//! quotes: an empty quote column beside concept labels wrapped over five lines). So the shares
//! are fitted to what the cells hold: each cell's paragraphs are measured (an estimate of Latin
//! Modern at 10 pt, no font read), a row is as tall as its tallest cell, and shares move from
//! column to column, a hundredth at a time, while that makes the whole table shorter. Where
//! a move leaves the height as it is, the lines of text in all cells decide: a column whose
//! cells wrap (a condensed meaning unit over five lines) takes width from one whose cells fit
//! on a line (a theme's one word) beside a taller cell, as a typesetter would set them, so
//! the measure is the table's height plus a tenth of its cells' lines. No column is narrower
//! than its longest word (the columns under a common heading, together, than its longest
//! word), nor than 8 % of the table unless its widest text fits in less (a
//! column of short codes such as "1a"), and the first column of a table whose rows each stand
//! for a name (the codebook's codes, indented to their depth; the actors; a matrix's codes)
//! keeps each name on one line, up to a third of the text width; the shares add up to the
//! whole text width. Where the columns are too many for each to hold its longest word (seven
//! columns of counts beside a definition and a quote), a data structure's table (or the
//! phase table) counts long words of letters as LaTeX hyphenates them, a heading's not at all,
//! and if that is still too much every minimum shrinks in proportion, rather than keeping the
//! builder's shares; the other tables keep the builder's shares, which give their stub its
//! room. A data structure's tables and the codebook appendix whose columns an upright page
//! cannot give each its longest word are turned landscape ([`Table::wide`]) and fitted to its
//! longer lines ([`LANDSCAPE`]), unless the structure says `page:`. A table of
//! more than [`MAX_COLUMNS`] columns (a phase matrix of many phases) keeps the builder's
//! shares. The result is the same on every machine (no randomness, ties keep the shares as
//! they are).

use super::model::{Content, Kind, Table};
use crate::emit::figure::metrics::{Font, text_width};

/// The text width the estimate assumes: 16 cm, a journal's text block, in TeX points.
const LINE: f64 = 455.0;
/// How much longer than [`LINE`] a line of a landscape table is, in the 10 pt text the estimate
/// measures: as long as a page is tall (550 pt, LaTeX's `article` on letter paper), of type
/// four fifths as wide (`\footnotesize`).
pub(crate) const LANDSCAPE: f64 = 550.0 / 0.8 / LINE;
/// Padding of a column, `\tabcolsep` on both sides.
const PAD: f64 = 12.0;
/// Latin Modern Roman is narrower than the sans-serif faces the figure metrics take the
/// largest advances of.
const ROMAN: f64 = 0.9;
/// The narrowest share a column gets.
const MIN_SHARE: f64 = 0.08;
/// One move.
const STEP: f64 = 0.01;
/// Rows measured at most (evenly spread), so that fitting stays fast for huge tables.
const MAX_ROWS: usize = 4000;
/// The most of the line the first column of a table of rows that each stand for a name (a
/// code, an organisation) takes to keep each name on one line.
const STUB: f64 = 1.0 / 3.0;
/// Columns fitted at most: each step tries every pair of columns.
const MAX_COLUMNS: usize = 12;
/// What a line of text in any cell weighs against a line of the table's height.
const CELL_LINE: f64 = 0.1;
/// The words a line of a cell of more than two lines should hold at least, and what each line
/// of a cell that wraps narrower weighs, in full for a line a word wide (see [`cramped`]).
const WORDS_PER_LINE: f64 = 4.0;
const CRAMPED: f64 = 1.0;
/// The part of a long word's width that one of its hyphenated pieces needs at most.
const HYPHENATED: f64 = 0.6;

/// What one cell asks for: each paragraph's width on one line, in points, and the mean width
/// of its words (with the space after each).
#[derive(Default)]
struct Demand {
    paras: Vec<f64>,
    word: f64,
}

fn width(text: &str) -> f64 {
    text_width(text, Font::regular(10.0)) * ROMAN
}

/// The least width a word needs where LaTeX may hyphenate it: a word of letters longer than
/// five (two before a break, three after) in about half its width, any other (a count, "(59.5)",
/// "28/99", a short word) whole.
fn unbroken(word: &str) -> f64 {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let other = word.chars().count() - letters;
    if letters > 5 && other <= 2 {
        width(word) * HYPHENATED
    } else {
        width(word)
    }
}

/// What a cell asks for, its widest word, and its widest word where long words may be
/// hyphenated ([`unbroken`]).
fn demand(c: &Content) -> (Demand, f64, f64) {
    let mut d = Demand::default();
    let mut soft: f64 = 0.0;
    let mut word: f64 = 0.0;
    let mut words = 0usize;
    let mut all = 0.0;
    for p in &c.paras {
        let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
        if text.trim().is_empty() {
            continue;
        }
        let w = width(&text);
        all += w;
        d.paras.push(w + f64::from(p.indent) * 10.0);
        for w in text.split_whitespace() {
            word = word.max(width(w));
            soft = soft.max(unbroken(w));
            words += 1;
        }
    }
    d.word = all / words.max(1) as f64;
    (d, word, soft)
}

/// About how many lines `content` takes in a column `share` of the text wide (a 16 cm text
/// block), as the fitting estimates them.
pub(crate) fn estimated_lines(content: &Content, share: f64) -> f64 {
    lines(&demand(content).0, share)
}

/// About how wide `text` is on one line, in points, as the fitting estimates it: what a word
/// asks of a column ([`Wrap::word`]).
pub(crate) fn text_points(text: &str) -> f64 {
    width(text)
}

/// About how many lines a paragraph `points` wide on one line ([`text_points`]), indented by
/// `indent` steps, takes in a column `share` of the text wide, as the fitting estimates them.
fn paragraph_lines(points: f64, indent: u8, share: f64) -> f64 {
    let inner = (share * LINE - PAD).max(1.0);
    ((points + f64::from(indent) * 10.0) / inner).max(1.0)
}

/// Words wrapped greedily into the lines of a column, none hyphenated: a closer count than
/// [`paragraph_lines`] where a column is a few words wide and each line's end leaves room a
/// word does not fit in (what a row's height is checked with before it is cut for pages).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wrap {
    inner: f64,
    space: f64,
    lines: f64,
    fill: f64,
}

impl Wrap {
    /// An empty paragraph indented by `indent` steps in a column `share` of the text wide.
    pub(crate) fn new(share: f64, indent: u8) -> Wrap {
        Wrap {
            inner: (share * LINE - PAD - f64::from(indent) * 10.0).max(1.0),
            space: width(" "),
            lines: 0.0,
            fill: 0.0,
        }
    }

    /// Set a word `points` wide ([`text_points`]) after the others.
    pub(crate) fn word(&mut self, points: f64) {
        if self.lines > 0.0 && self.fill + self.space + points <= self.inner {
            self.fill += self.space + points;
            return;
        }
        // A word wider than the column is broken over as many lines as it needs.
        let over = (points / self.inner).ceil().max(1.0);
        self.lines += over;
        self.fill = points - (over - 1.0) * self.inner;
    }

    /// The lines set so far, at least one.
    pub(crate) fn lines(&self) -> f64 {
        self.lines.max(1.0)
    }
}

/// How many lines a cell takes in a column `share` wide, as a real number (so that the search
/// feels every improvement, not only whole lines).
fn lines(d: &Demand, share: f64) -> f64 {
    d.paras.iter().map(|w| paragraph_lines(*w, 0, share)).sum()
}

/// How cramped a cell is in a column `share` wide: nothing where it takes two lines or fewer
/// (a short label may wrap once) or its lines hold [`WORDS_PER_LINE`] words, else its lines,
/// each weighed by how far short of that it falls (a condensed meaning unit set two words to
/// a line).
fn cramped(d: &Demand, share: f64) -> f64 {
    let lines = lines(d, share);
    if lines <= 2.0 {
        return 0.0;
    }
    let inner = (share * LINE - PAD).max(1.0);
    lines * (1.0 - inner / (WORDS_PER_LINE * d.word)).max(0.0)
}

/// What the fitting makes smallest (see the module docs): the estimated height of the table,
/// in lines, a tenth of the lines of all its cells, and how cramped its cells are; in lines
/// `scale` times as long as [`LINE`] (a landscape table's, [`LANDSCAPE`]).
fn height(rows: &[Vec<Demand>], shares: &[f64], scale: f64) -> f64 {
    rows.iter()
        .map(|cells| {
            let (tallest, all, tight) = cells.iter().zip(shares).fold(
                (0.0, 0.0, 0.0),
                |(t, a, c): (f64, f64, f64), (d, s)| {
                    let l = lines(d, s * scale);
                    (t.max(l), a + l, c + cramped(d, s * scale))
                },
            );
            tallest + CELL_LINE * all + CRAMPED * tight
        })
        .sum()
}

/// Set `t`'s column shares from its content (see the module docs). Cells spanning several
/// columns are left out of the measure. Where `turn` says the table may be turned, and an
/// upright page cannot give each column its longest word, it is made [`Table::wide`]
/// (landscape) and fitted to a landscape page's lines.
pub(super) fn fit_widths(t: &mut Table, turn: bool) {
    let n = t.width();
    if !(2..=MAX_COLUMNS).contains(&n) {
        return;
    }
    let heads = t.head.len();
    let all: Vec<_> = t.head.iter().chain(&t.body).collect();
    let stride = all.len().div_ceil(MAX_ROWS).max(1);
    let mut words = vec![0.0f64; n];
    // Per column, its widest word of the body where LaTeX may hyphenate long words.
    let mut soft = vec![0.0f64; n];
    // Per column, its widest paragraph on one line.
    let mut widest = vec![0.0f64; n];
    let mut rows: Vec<Vec<Demand>> = Vec::new();
    // A heading over some of the columns (a common heading, `under`): its first column, how
    // many it spans and the share its longest word needs.
    let mut spanning: Vec<(usize, usize, f64)> = Vec::new();
    for (i, row) in all.iter().enumerate() {
        let mut cells: Vec<Demand> = (0..n).map(|_| Demand::default()).collect();
        let mut col = 0;
        for cell in &row.cells {
            if i < heads && (2..n).contains(&cell.span) {
                let word = demand(&cell.content).1;
                spanning.push((col, cell.span, (word + PAD + 2.0) / LINE));
            }
            if cell.span == 1 {
                let (d, word, hyphenated) = demand(&cell.content);
                if let (Some(w), Some(h), Some(p)) =
                    (words.get_mut(col), soft.get_mut(col), widest.get_mut(col))
                {
                    *w = w.max(word);
                    // A heading's words are hyphenated where the columns are too many.
                    if i >= heads {
                        *h = h.max(hyphenated);
                    }
                    *p = d.paras.iter().copied().fold(*p, f64::max);
                }
                if let Some(slot) = cells.get_mut(col) {
                    *slot = d;
                }
            }
            col += cell.span.max(1);
        }
        if i % stride == 0 {
            rows.push(cells);
        }
    }
    // A column of short texts (an attribute column's "1a") needs no more than its widest.
    let floors = |words: &[f64], line: f64| -> Vec<f64> {
        let mut mins: Vec<f64> = words
            .iter()
            .zip(&widest)
            .map(|(w, p)| ((w + PAD + 2.0) / line).max(MIN_SHARE.min((p + PAD + 2.0) / line)))
            .collect();
        widen(&mut mins, &spanning, LINE / line);
        mins
    };
    // Columns an upright page cannot give each its longest word (nine columns of a data
    // structure's levels and counts) are turned on their side, where the table may be.
    if turn && !t.wide && floors(&words, LINE).iter().sum::<f64>() > 1.0 {
        t.wide = true;
    }
    let scale = if t.wide { LANDSCAPE } else { 1.0 };
    let line = LINE * scale;
    let mut mins = floors(&words, line);
    // The names a row stands for (the codebook's codes, indented to their depth; the actors'
    // organisations; a matrix's codes) each on one line, up to a third of the line.
    if matches!(t.kind, Kind::Codebook | Kind::Actors | Kind::Matrix)
        && let (Some(m), Some(p)) = (mins.first_mut(), widest.first())
    {
        *m = m.max(((p + PAD + 2.0) / line).min(STUB));
    }
    // Columns too many for each to hold its longest word (see the module docs): the floors
    // where LaTeX hyphenates, else each in proportion.
    if mins.iter().sum::<f64>() > 1.0 {
        // A phase matrix, the codebook appendix and the actors keep the builder's shares, which
        // give their stub its room.
        if !matches!(t.kind, Kind::DataStructure | Kind::Compact | Kind::Phases) {
            return;
        }
        mins = floors(&soft, line);
    }
    let needed = mins.iter().sum::<f64>();
    if needed > 1.0 {
        for m in &mut mins {
            *m /= needed;
        }
    }
    // Start from the builder's shares, each at least its minimum.
    let mut shares: Vec<f64> = t
        .columns
        .iter()
        .zip(&mins)
        .map(|(c, m)| c.width.max(*m))
        .collect();
    let excess = shares.iter().sum::<f64>() - 1.0;
    if excess > 0.0 {
        // Take the excess from the columns above their minimum, in proportion.
        let room: f64 = shares.iter().zip(&mins).map(|(s, m)| s - m).sum();
        if room <= 1e-9 {
            shares.clone_from(&mins);
        } else {
            for (s, m) in shares.iter_mut().zip(&mins) {
                *s -= (*s - m) / room * excess;
            }
        }
    }
    let mut best = height(&rows, &shares, scale);
    for _ in 0..200 {
        let mut step: Option<(usize, usize, f64)> = None;
        for from in 0..n {
            if shares[from] - STEP < mins[from] {
                continue;
            }
            for to in (0..n).filter(|to| *to != from) {
                let mut s = shares.clone();
                s[from] -= STEP;
                s[to] += STEP;
                let h = height(&rows, &s, scale);
                if h < best - 1e-9 && step.is_none_or(|(_, _, b)| h < b - 1e-9) {
                    step = Some((from, to, h));
                }
            }
        }
        let Some((from, to, h)) = step else { break };
        shares[from] -= STEP;
        shares[to] += STEP;
        best = h;
    }
    for (c, s) in t.columns.iter_mut().zip(shares) {
        c.width = s;
    }
}

/// Raise the minimum shares `mins` of the columns each heading of `spanning` stands over
/// (first column, how many, the share of [`LINE`] it needs, in a line `scale` of it) so that
/// together they hold its longest word, each by as much.
fn widen(mins: &mut [f64], spanning: &[(usize, usize, f64)], scale: f64) {
    for &(first, span, need) in spanning {
        let need = need * scale;
        let Some(group) = mins.get_mut(first..first + span) else {
            continue;
        };
        let short = need - group.iter().sum::<f64>();
        if short > 0.0 {
            for m in group.iter_mut() {
                *m += short / span as f64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(widths: &[f64]) -> Demand {
        Demand {
            paras: widths.to_vec(),
            word: 1.0,
        }
    }

    #[test]
    fn a_cell_takes_at_least_a_line_per_paragraph() {
        assert_eq!(lines(&demand(&[]), 0.5), 0.0);
        assert_eq!(lines(&demand(&[10.0, 10.0]), 0.5), 2.0);
        let inner = 0.5 * LINE - PAD;
        assert!((lines(&demand(&[3.0 * inner]), 0.5) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_row_is_as_tall_as_its_tallest_cell_and_its_cells_lines_count_a_little() {
        let inner = 0.5 * LINE - PAD;
        let rows = vec![vec![demand(&[2.0 * inner]), demand(&[10.0])]];
        assert!((height(&rows, &[0.5, 0.5], 1.0) - (2.0 + CELL_LINE * 3.0)).abs() < 1e-9);
    }
}
