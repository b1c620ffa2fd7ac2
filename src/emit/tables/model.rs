//! The table model: what every table format renders. A table is columns, header rows and body
//! rows of cells; a cell holds paragraphs of styled runs of text, each remembering where in the
//! file it comes from.

use crate::syntax::ast::Span;

/// Where a text comes from, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub span: Span,
    /// What the text is, for a message: "the quote “There are regular meetings…”".
    pub what: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Italic,
    Bold,
}

/// Text in one style. Generated text (headings, counts, punctuation) has no origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub style: Style,
    pub origin: Option<Origin>,
}

/// A paragraph: runs, indented by `indent` steps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Para {
    pub indent: u8,
    pub runs: Vec<Run>,
}

/// What a cell holds: paragraphs, possibly none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub paras: Vec<Para>,
}

impl Content {
    pub fn is_empty(&self) -> bool {
        self.paras
            .iter()
            .all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    }

    pub(super) fn para(runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para { indent: 0, runs }],
        }
    }

    pub(super) fn indented(indent: u8, runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para { indent, runs }],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Centre,
}

/// One column: its share of the table's width (the shares add up to 1) and alignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub width: f64,
    pub align: Align,
}

/// A cell spanning `span` columns (at least 1). `align` overrides the column's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub span: usize,
    pub align: Option<Align>,
    pub content: Content,
}

impl Cell {
    pub(super) fn new(content: Content) -> Cell {
        Cell {
            span: 1,
            align: None,
            content,
        }
    }

    pub(super) fn empty() -> Cell {
        Cell::new(Content::default())
    }

    pub(super) fn spanning(span: usize, content: Content) -> Cell {
        Cell {
            span: span.max(1),
            align: None,
            content,
        }
    }
}

/// What separates a row from the one above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub rule: Rule,
    pub cells: Vec<Cell>,
    pub joins: Option<Join>,
    /// A heading row: no page break between it and the next row.
    pub keep: bool,
}

impl Row {
    pub(super) fn new(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            rule,
            cells,
            joins: None,
            keep: false,
        }
    }

    pub(super) fn heading(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            keep: true,
            ..Row::new(rule, cells)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Actors,
    Sources,
    DataStructure,
    Matrix,
    Compact,
    Codebook,
    /// A table of `codebook stats`.
    Stats,
}

/// A table, ready to be rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Its `--table` name.
    pub name: String,
    pub kind: Kind,
    pub caption: Vec<Run>,
    /// The cross-reference label (`tab:modes`) and where it was declared, if it was.
    pub label: Option<(String, Option<Origin>)>,
    pub columns: Vec<Column>,
    /// Header rows (repeated on every page); may be empty.
    pub head: Vec<Row>,
    pub body: Vec<Row>,
    /// Printed under the table.
    pub note: Option<Content>,
    /// Too wide for a portrait page: printed landscape, in a smaller font.
    pub wide: bool,
}

impl Column {
    /// A left-aligned column taking `width` of the table's.
    pub(super) fn left(width: f64) -> Column {
        Column {
            width,
            align: Align::Left,
        }
    }
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
                })
                .collect(),
            head: vec![Row::titles(headers)],
            body: rows.iter().map(|r| row(r)).collect(),
            note: None,
            wide: false,
        }
    }

    pub fn width(&self) -> usize {
        self.columns.len()
    }
}
