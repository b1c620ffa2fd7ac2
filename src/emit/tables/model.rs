//! The table model: what every table format renders. A table is columns, header rows and body
//! rows of cells; a cell holds paragraphs of styled runs of text, each remembering where in the
//! file it comes from.

use crate::syntax::ast::Span;

/// Where a text comes from, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Where in the file the text is written.
    pub span: Span,
    /// What the text is, for a message: "the quote “There are regular meetings…”".
    pub what: String,
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Upright.
    Plain,
    /// Italic, for emphasis (the labels of higher-level codes, of rounds, of actor groups).
    Italic,
    /// Bold, for captions of sections and totals.
    Bold,
}

/// Text in one style. Generated text (headings, counts, punctuation) has no origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text, as the reader sees it (not yet escaped for a format).
    pub text: String,
    /// How it is set.
    pub style: Style,
    /// Where in the file it comes from; `None` for generated text.
    pub origin: Option<Origin>,
}

/// A paragraph: runs, indented by `indent` steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Para {
    /// How many steps the whole paragraph is indented.
    pub indent: u8,
    /// A new paragraph of running text or a new quote, which formats set apart from the
    /// paragraph above by a little space (a line of a list, a label, is not).
    pub gap: bool,
    /// An item of a list (an attribute of several texts): formats mark it (a bullet) and
    /// indent its wrapped lines under its first word, so that each item reads as one.
    pub item: bool,
    /// Its runs of text, in order.
    pub runs: Vec<Run>,
}

/// What a cell holds: paragraphs, possibly none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    /// Its paragraphs, in order.
    pub paras: Vec<Para>,
}

impl Content {
    /// Whether it holds no text but blanks.
    pub fn is_empty(&self) -> bool {
        self.paras
            .iter()
            .all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    }

    pub(super) fn para(runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para {
                indent: 0,
                gap: false,
                item: false,
                runs,
            }],
        }
    }

    pub(super) fn indented(indent: u8, runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para {
                indent,
                gap: false,
                item: false,
                runs,
            }],
        }
    }
}

/// How a column or cell aligns its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Flush right.
    Right,
    /// Centred.
    Centre,
}

/// One column: its share of the table's width (the shares add up to 1) and alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Its share of the table's width, between 0 and 1.
    pub width: f64,
    /// How its cells align, unless a cell says otherwise.
    pub align: Align,
    /// A column of group labels (a data structure's themes, dimensions): an empty cell carries
    /// on the label above it. Formats that break pages repeat that label, "(continued)", on the
    /// first row of a page.
    pub carries: bool,
}

/// A cell spanning `span` columns (at least 1). `align` overrides the column's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// How many columns it spans, at least 1.
    pub span: usize,
    /// Its own alignment, overriding its column's.
    pub align: Option<Align>,
    /// What it holds.
    pub content: Content,
    /// A piece of a long quote, cut already at sentence ends to a length a page holds (at most
    /// about 1200 characters, `text.rs`): formats that break pages do not cut it again.
    pub piece: bool,
}

impl Cell {
    pub(super) fn new(content: Content) -> Cell {
        Cell {
            span: 1,
            align: None,
            content,
            piece: false,
        }
    }

    /// A cell of a quote's piece ([`Cell::piece`]).
    pub(super) fn quote_piece(content: Content) -> Cell {
        Cell {
            piece: true,
            ..Cell::new(content)
        }
    }

    pub(super) fn empty() -> Cell {
        Cell::new(Content::default())
    }

    pub(super) fn spanning(span: usize, content: Content) -> Cell {
        Cell {
            span: span.max(1),
            ..Cell::new(content)
        }
    }
}

/// What separates a row from the one above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Nothing: the rows follow each other.
    None,
    /// A little vertical space.
    Space,
    /// A rule across the whole table.
    Full,
    /// Rules under these column ranges (1-based, inclusive).
    Partial(Vec<(usize, usize)>),
}

/// How a row continues the one above it, when it only carries on its text (a long quote split
/// so that pages can break inside it). Formats that need no page breaks join them again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// A new paragraph of the same text.
    Paragraph,
    /// The same paragraph, split at a sentence end.
    Sentence,
}

/// One row of a table: a cell per column it covers, and what separates it from the row above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What separates it from the row above.
    pub rule: Rule,
    /// Its cells, left to right; their spans add up to the table's width.
    pub cells: Vec<Cell>,
    /// How it continues the row above, when it only carries on its text.
    pub joins: Option<Join>,
    /// A heading row: no page break between it and the next row.
    pub keep: bool,
    /// The groups the row belongs to that began above it (a codebook's parent codes, each
    /// "(continued)"), for formats that break pages to print above its first cell where it is
    /// the first row of a page.
    pub continues: Option<Content>,
    /// Whether what it continues is printed across the whole table (a data structure's
    /// section row, `highest level: rows`) rather than in its first column.
    pub continues_across: bool,
    /// A continuation of the row above, which was too tall for a page: formats that break
    /// pages split such a row into several (each tall cell cut at paragraphs, items of a
    /// list, sentences), and a page may break between them. Never set by the table
    /// builders.
    pub split: bool,
    /// A heading row of common headings, each over the column headings under it (`column:
    /// picu "PICU" under "Caregivers"`): a format with one heading row prints each before the
    /// headings under it, `Caregivers: PICU`.
    pub over: bool,
}

impl Row {
    pub(super) fn new(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            rule,
            cells,
            joins: None,
            keep: false,
            continues: None,
            continues_across: false,
            split: false,
            over: false,
        }
    }

    pub(super) fn heading(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            keep: true,
            ..Row::new(rule, cells)
        }
    }
}

/// Which kind of table it is (see the list in the [module docs](super)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The organisations and their roles (`actors`).
    Actors,
    /// The data sources: interviews by round, documents, observations (`sources`).
    Sources,
    /// A row per phase, its description and attributes as columns (`phases`).
    Phases,
    /// A data structure: its quotes, then a column per level.
    DataStructure,
    /// A phase matrix: phases × actor groups, a row per code.
    Matrix,
    /// A data structure without its quotes (`ID-compact`).
    Compact,
    /// Every code with its definition and an example quote (`codebook`).
    Codebook,
    /// A table of `codebook stats`.
    Stats,
    /// A table of `codebook agree`.
    Agreement,
}

/// A table, ready to be rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its `--table` name.
    pub name: String,
    /// Which kind of table it is.
    pub kind: Kind,
    /// Its caption, as runs of text.
    pub caption: Vec<Run>,
    /// The cross-reference label (`tab:modes`) and where it was declared, if it was.
    pub label: Option<(String, Option<Origin>)>,
    /// Its columns, left to right.
    pub columns: Vec<Column>,
    /// Header rows (repeated on every page); may be empty.
    pub head: Vec<Row>,
    /// The rows below the header, in print order.
    pub body: Vec<Row>,
    /// Printed under the table.
    pub note: Option<Content>,
    /// Too wide for a portrait page: printed landscape, in a smaller font.
    pub wide: bool,
    /// The number the file gives it (`table number: 5`), which it prints as "Table 5"; the
    /// tables after it count on from it; a text (`"A1"`), printed as it is, leaves their
    /// count as it is. `None`: its place among the tables.
    /// (Boxed: a table is held by value in the blocks of `stats` and `agree` reports.)
    pub number: Option<Box<crate::model::TableNumber>>,
}

impl Column {
    /// A left-aligned column taking `width` of the table's.
    pub(super) fn left(width: f64) -> Column {
        Column {
            width,
            align: Align::Left,
            carries: false,
        }
    }

    /// A left-aligned column of group labels (see [`Column::carries`]).
    pub(super) fn labels(width: f64) -> Column {
        Column {
            carries: true,
            ..Column::left(width)
        }
    }
}

/// Whether `s` is a whole number as a table prints a count: digits, in groups of three
/// after the first where commas separate them (`1,204`).
fn whole_number(s: &str) -> bool {
    let mut groups = s.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    digits(first)
        && (s.len() == first.len() || first.len() <= 3)
        && groups.all(|g| g.len() == 3 && digits(g))
}

impl Row {
    /// A header row of plain titles, one per column.
    pub(super) fn titles(titles: &[&str]) -> Row {
        let cell = |t: &&str| {
            Cell::new(Content::para(vec![Run {
                text: t.to_string(),
                style: Style::Plain,
                origin: None,
            }]))
        };
        Row::new(Rule::None, titles.iter().map(cell).collect())
    }
}

impl Table {
    /// A table of plain texts without caption or label (what `codebook stats` prints): one
    /// header row of `headers`, then a row per `rows`, each column aligned as `align` says.
    pub fn plain(kind: Kind, headers: &[&str], align: &[Align], rows: &[Vec<String>]) -> Table {
        let share = 1.0 / headers.len().max(1) as f64;
        let row = |texts: &[String]| {
            let cell = |t: &String| {
                Cell::new(Content::para(vec![Run {
                    text: t.clone(),
                    style: Style::Plain,
                    origin: None,
                }]))
            };
            Row::new(Rule::None, texts.iter().map(cell).collect())
        };
        Table {
            name: String::new(),
            kind,
            caption: Vec::new(),
            label: None,
            columns: (0..headers.len())
                .map(|i| Column {
                    width: share,
                    align: align.get(i).copied().unwrap_or(Align::Left),
                    carries: false,
                })
                .collect(),
            head: vec![Row::titles(headers)],
            body: rows.iter().map(|r| row(r)).collect(),
            note: None,
            wide: false,
            number: None,
        }
    }

    /// Sets flush right each left-aligned column whose body cells of its own (not spanning
    /// others) are all whole numbers (`12`, `1,204`), and at least one is, so that counts line
    /// up on their last digit as a paper's do. A column of group labels, or one whose cells
    /// hold anything else (`22 (59.5)`, `n/a`), is left as it is; an empty cell does not count.
    pub(super) fn align_numbers(&mut self) {
        let mut numbers = vec![(true, false); self.columns.len()];
        for row in &self.body {
            let mut at = 0;
            for cell in &row.cells {
                if cell.span == 1
                    && let Some(n) = numbers.get_mut(at)
                    && !cell.content.is_empty()
                {
                    let whole = match cell.content.paras.as_slice() {
                        [p] => {
                            let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
                            whole_number(text.trim())
                        }
                        _ => false,
                    };
                    *n = (n.0 && whole, true);
                }
                at += cell.span.max(1);
            }
        }
        for (c, (all, any)) in self.columns.iter_mut().zip(numbers) {
            if all && any && c.align == Align::Left && !c.carries {
                c.align = Align::Right;
            }
        }
    }

    /// How many columns it has.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// For each body row, the labels it carries on from above, for formats that repeat them
    /// at the top of a page: in each column of group labels ([`Column::carries`]) where the
    /// row's cell is empty, the last label above it, followed by " (continued)". A row whose
    /// cell holds a label starts a new group there; a rule across the column ends it.
    pub fn continued(&self) -> Vec<Vec<(usize, Content)>> {
        let mut last: Vec<Option<&Content>> = vec![None; self.width()];
        let mut out = Vec::with_capacity(self.body.len());
        for row in &self.body {
            // A rule across a column of labels ends its group there: nothing is carried on
            // past it (a theme's own quotes, after the concepts of the theme before).
            for (col, slot) in last.iter_mut().enumerate() {
                let crossed = match &row.rule {
                    Rule::Full => true,
                    Rule::Partial(ranges) => {
                        ranges.iter().any(|(a, b)| (*a..=*b).contains(&(col + 1)))
                    }
                    Rule::None | Rule::Space => false,
                };
                if crossed {
                    *slot = None;
                }
            }
            let mut carried = Vec::new();
            let mut col = 0;
            for cell in &row.cells {
                let carries = self.columns.get(col).is_some_and(|c| c.carries);
                if let (true, 1, Some(slot)) = (carries, cell.span, last.get_mut(col)) {
                    // The rest of a label cut into rows (`split`) starts no group: the rows
                    // below carry on its first piece.
                    if !cell.content.is_empty() {
                        if !row.split {
                            *slot = Some(&cell.content);
                        }
                    } else if let Some(above) = *slot {
                        let mut label = above.clone();
                        if let Some(p) = label.paras.last_mut() {
                            p.runs.push(Run {
                                text: " (continued)".to_string(),
                                style: Style::Plain,
                                origin: None,
                            });
                        }
                        carried.push((col, label));
                    }
                }
                col += cell.span.max(1);
            }
            out.push(carried);
        }
        out
    }
}
