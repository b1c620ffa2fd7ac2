//! The tables of a study, as one model that every table format renders from: LaTeX and
//! Markdown print the same rows, in the same order, with the same texts.
//!
//! | `--table` name | what it is | as in the reference study |
//! | --- | --- | --- |
//! | `actors` | organisations: `Organization \| Key attributes, roles, and actions` | Table 1 |
//! | `sources` | interviews by round, documents with pages, observations | Table 2 |
//! | a structure's id | its data structure: quotes, then one column per level, lowest first | Tables 3, 4 |
//! | a matrix's id | a phase matrix: phases × actor groups, one row per code | Table 5 |
//! | *structure*`-compact` | the data structure without the quotes | |
//! | `codebook` | every code with its definition and an example quote, for an appendix | |
//!
//! Without `--table`, every table the codebook has is printed in the order of this list
//! (structures and matrices in source order). The checker refuses a structure or matrix named
//! `actors`, `sources`, `codebook` or `timeline` (`codebook::reserved_name`), so names never clash.
//!
//! Generated tables take their caption and label from `caption actors: "..."` and
//! `label actors: "..."`; without them the caption is a plain description and the label is
//! `tab:` and the table's name (`tab:actors`, `tab:modes-compact`).
//!
//! Every run of text remembers where in the file it comes from ([`Origin`]), so a format that
//! cannot print a character can say which quote or label holds it.

use super::{attribution_text, group_label, sym, table_quotes};
use crate::Compiled;
use crate::check::{Sums, Sym};
use crate::diagnostics::{Code as C, Diagnostic, did_you_mean};
use crate::model::{Attribution, CellValue, Date, DateRange, Participant, SourceKind, Text};
use crate::syntax::ast::Span;
use crate::words::count as plural;

/// The `--table` name of the actors table. It, [`SOURCES`] and [`CODEBOOK`] are the names
/// `--table` accepts that are not identifiers from the file.
pub const ACTORS: &str = "actors";
/// The `--table` name of the data-sources table.
pub const SOURCES: &str = "sources";
/// The `--table` name of the codebook appendix: every code with its definition and an
/// example quote.
pub const CODEBOOK: &str = "codebook";
/// Appended to a structure's identifier for its table without quotes.
pub const COMPACT_SUFFIX: &str = "-compact";

/// The heading of the quote column of a data-structure table.
pub(crate) const QUOTE_HEADING: &str = "Reference from data material";

/// A paragraph of a quote longer than this (in characters) is split into rows at a sentence
/// end, so a page can break inside it: a table row cannot break across pages.
const MAX_PIECE: usize = 1200;

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

    fn para(runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para { indent: 0, runs }],
        }
    }

    fn indented(indent: u8, runs: Vec<Run>) -> Content {
        Content {
            paras: vec![Para { indent, runs }],
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
}

impl Cell {
    fn new(content: Content) -> Cell {
        Cell {
            span: 1,
            align: None,
            content,
        }
    }

    fn empty() -> Cell {
        Cell::new(Content::default())
    }

    fn spanning(span: usize, content: Content) -> Cell {
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
}

impl Row {
    fn new(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            rule,
            cells,
            joins: None,
            keep: false,
        }
    }

    fn heading(rule: Rule, cells: Vec<Cell>) -> Row {
        Row {
            keep: true,
            ..Row::new(rule, cells)
        }
    }
}

/// Which kind of table it is (see the list in the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The organisations and their roles (`actors`).
    Actors,
    /// The data sources: interviews by round, documents, observations (`sources`).
    Sources,
    /// A data structure: its quotes, then a column per level.
    DataStructure,
    /// A phase matrix: phases × actor groups, a row per code.
    Matrix,
    /// A data structure without its quotes (`ID-compact`).
    Compact,
    /// Every code with its definition and an example quote (`codebook`).
    Codebook,
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
}

impl Table {
    /// How many columns it has.
    pub fn width(&self) -> usize {
        self.columns.len()
    }
}

/// What a `--table` name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Actors,
    Sources,
    Structure(usize),
    Matrix(usize),
    Compact(usize),
    Codebook,
}

/// The tables this codebook has, by name, in the order they are printed.
fn catalogue(c: &Compiled) -> Vec<(String, Entry)> {
    let cb = &c.codebook;
    let mut out = Vec::new();
    let organisations = cb.actors.iter().any(|a| a.member_of.is_none());
    if organisations {
        out.push((ACTORS.to_string(), Entry::Actors));
    }
    if !cb.sources.is_empty() {
        out.push((SOURCES.to_string(), Entry::Sources));
    }
    for (i, s) in cb.structures.iter().enumerate() {
        out.push((s.id.id.to_string(), Entry::Structure(i)));
    }
    for (i, m) in cb.matrices.iter().enumerate() {
        out.push((m.id.id.to_string(), Entry::Matrix(i)));
    }
    for (i, s) in cb.structures.iter().enumerate() {
        out.push((format!("{}{COMPACT_SUFFIX}", s.id.id), Entry::Compact(i)));
    }
    if !cb.codes.is_empty() {
        out.push((CODEBOOK.to_string(), Entry::Codebook));
    }
    out
}

/// The names `--table` accepts for this codebook, in print order.
pub fn names(c: &Compiled) -> Vec<String> {
    catalogue(c).into_iter().map(|(n, _)| n).collect()
}

/// Build the table called `name`, or every table when `None`. An unknown name is an
/// `unknown_table` diagnostic that lists the names there are.
pub fn build(c: &Compiled, name: Option<&str>) -> Result<Vec<Table>, Vec<Diagnostic>> {
    let all = catalogue(c);
    let chosen: Vec<(String, Entry)> = match name {
        None => all,
        Some(n) => {
            // Identifiers from the file win over the generated tables' names.
            let found = all
                .iter()
                .find(|(t, e)| t == n && matches!(e, Entry::Structure(_) | Entry::Matrix(_)))
                .or_else(|| all.iter().find(|(t, _)| t == n));
            match found {
                Some(f) => vec![f.clone()],
                None => return Err(vec![unknown_table(c, n, &all)]),
            }
        }
    };
    let b = Builder { c };
    Ok(chosen
        .into_iter()
        .map(|(name, e)| {
            let mut t = match e {
                Entry::Actors => b.actors(),
                Entry::Sources => b.sources(),
                Entry::Structure(i) => b.structure(i, false),
                Entry::Matrix(i) => b.matrix(i),
                Entry::Compact(i) => b.structure(i, true),
                Entry::Codebook => b.codebook(),
            };
            t.name = name;
            t
        })
        .collect())
}

fn unknown_table(c: &Compiled, name: &str, all: &[(String, Entry)]) -> Diagnostic {
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let list = if names.is_empty() {
        "this codebook has no tables".to_string()
    } else {
        format!("the tables are: {}", names.join(", "))
    };
    let guess = did_you_mean(name, names.iter().copied());
    // Point at the declaration of the table meant, when the guess is a structure or matrix.
    let cb = &c.codebook;
    let guessed = guess.as_ref().and_then(|_| {
        let best = names
            .iter()
            .copied()
            .filter(|n| did_you_mean(name, [*n]).is_some())
            .max_by(|a, b| {
                let sa = strsim::jaro_winkler(&name.to_lowercase(), &a.to_lowercase());
                let sb = strsim::jaro_winkler(&name.to_lowercase(), &b.to_lowercase());
                sa.total_cmp(&sb).then_with(|| b.cmp(a))
            })?;
        let base = best.strip_suffix(COMPACT_SUFFIX).unwrap_or(best);
        cb.structures
            .iter()
            .map(|s| &s.id)
            .chain(cb.matrices.iter().map(|m| &m.id))
            .find(|id| id.id == base)
            .map(|id| id.span.clone())
    });
    let help = match &guess {
        Some(g) => format!("{g} {}{}", list[..1].to_uppercase(), &list[1..]),
        None => list,
    };
    let d = Diagnostic::new(
        C::UnknownTable,
        guessed.clone().unwrap_or(0..0),
        format!("`--table {name}`: this codebook has no table called `{name}`"),
    )
    .help(help);
    if guessed.is_some() {
        d.label("a table with a similar name")
    } else {
        d
    }
}

fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        style: Style::Plain,
        origin: None,
    }
}

fn styled(text: impl Into<String>, style: Style) -> Run {
    Run {
        text: text.into(),
        style,
        origin: None,
    }
}

fn from(t: &Text, style: Style, what: String) -> Run {
    Run {
        text: t.text.clone(),
        style,
        origin: Some(Origin {
            span: t.span.clone(),
            what,
        }),
    }
}

/// A text split at its paragraph breaks (`\n\n`), each paragraph in `style`.
fn paragraphs(t: &Text, style: Style, what: &str) -> Content {
    Content {
        paras: t
            .text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(|p| Para {
                indent: 0,
                runs: vec![Run {
                    text: p.to_string(),
                    style,
                    origin: Some(Origin {
                        span: t.span.clone(),
                        what: what.to_string(),
                    }),
                }],
            })
            .collect(),
    }
}

/// The first words of a text, for naming it in a message.
pub(crate) fn excerpt(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let short: String = flat.chars().take(40).collect();
    if short.len() < flat.len() {
        // At a word's end when there is one.
        let cut = match flat[short.len()..].starts_with(' ') {
            true => short.len(),
            false => short.rfind(' ').filter(|i| *i >= 20).unwrap_or(short.len()),
        };
        format!("“{}…”", short[..cut].trim_end())
    } else {
        format!("“{short}”")
    }
}

/// Minutes as printed: `5 h`, `30 min`, `1 h 30 min`.
pub(crate) fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A date as printed in a list: `9 Oct. 2017`, `May 2017`, `2017`.
pub(crate) fn short_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
        "Dec.",
    ];
    let month = |m: u8| {
        MONTHS
            .get(usize::from(m).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    };
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", month(m), d.year),
        (Some(m), None) => format!("{} {}", month(m), d.year),
        _ => d.year.to_string(),
    }
}

fn range_long(r: &DateRange) -> String {
    if r.is_single() {
        r.start.long()
    } else {
        format!("{}–{}", r.start.long(), r.end.long())
    }
}

fn range_short(r: &DateRange) -> String {
    if r.is_single() {
        short_date(r.start)
    } else {
        format!("{}–{}", short_date(r.start), short_date(r.end))
    }
}

/// A naive English plural, for a group of observations each declared in the singular
/// ("strategic meeting" → "strategic meetings"). Words already ending in `s` stay.
fn pluralise(label: &str) -> String {
    let lower = label.to_lowercase();
    if lower.ends_with('s') {
        label.to_string()
    } else if lower.ends_with("ch") || lower.ends_with("sh") || lower.ends_with('x') {
        format!("{label}es")
    } else if lower.ends_with('y')
        && !lower
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| "aeiou".contains(c))
    {
        format!("{}ies", &label[..label.len() - 1])
    } else {
        format!("{label}s")
    }
}

/// Split a paragraph into pieces of at most about [`MAX_PIECE`] characters, at sentence ends
/// where it can, else at a space.
fn pieces(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = paragraph.trim();
    while rest.chars().count() > MAX_PIECE {
        let limit = rest
            .char_indices()
            .nth(MAX_PIECE)
            .map_or(rest.len(), |(i, _)| i);
        let head = &rest[..limit];
        let cut = [". ", "? ", "! ", ".” ", "?” ", "!” "]
            .iter()
            .filter_map(|p| head.rfind(p).map(|i| i + p.len() - 1))
            .filter(|i| *i > limit / 3)
            .max()
            .or_else(|| head.rfind(' ').filter(|i| *i > 0))
            .unwrap_or(limit);
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

struct Builder<'a> {
    c: &'a Compiled,
}

impl Builder<'_> {
    fn caption_and_label(
        &self,
        table: &str,
        default_caption: &str,
    ) -> (Vec<Run>, Option<(String, Option<Origin>)>) {
        let meta = self.c.codebook.tables.iter().find(|t| t.table == table);
        let caption = match meta.and_then(|m| m.caption.as_ref()) {
            Some(t) => vec![from(
                t,
                Style::Plain,
                format!("the caption of the table `{table}`"),
            )],
            None => vec![plain(default_caption)],
        };
        let label = match meta.and_then(|m| m.label.as_ref()) {
            Some(t) => Some((
                t.text.clone(),
                Some(Origin {
                    span: t.span.clone(),
                    what: format!("the label of the table `{table}`"),
                }),
            )),
            None => Some((format!("tab:{table}"), None)),
        };
        (caption, label)
    }

    fn level_style(&self, code: usize) -> Style {
        match self.c.codebook.codes.get(code) {
            Some(k) if k.level > 0 => Style::Italic,
            _ => Style::Plain,
        }
    }

    fn code_label(&self, code: usize) -> Vec<Run> {
        match self.c.codebook.codes.get(code) {
            Some(k) => vec![from(
                &k.label,
                self.level_style(code),
                format!("the label of `{}`", k.id.id),
            )],
            None => Vec::new(),
        }
    }

    /// A quote as rows of text: “text” (attribution), split at paragraphs and, when very
    /// long, at sentence ends. The first piece has no join.
    fn quote_pieces(&self, q: usize) -> Vec<(Content, Option<Join>)> {
        let cb = &self.c.codebook;
        let Some(quote) = cb.quotes.get(q) else {
            return Vec::new();
        };
        let name = excerpt(&quote.text.text);
        let origin = Origin {
            span: quote.text.span.clone(),
            what: format!("the quote {name}"),
        };
        let mut out: Vec<(Content, Option<Join>)> = Vec::new();
        for (pi, para) in quote
            .text
            .text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .enumerate()
        {
            for (si, piece) in pieces(para).into_iter().enumerate() {
                let join = match (pi, si) {
                    (0, 0) => None,
                    (_, 0) => Some(Join::Paragraph),
                    _ => Some(Join::Sentence),
                };
                let mut runs = Vec::new();
                if join.is_none() {
                    runs.push(plain("“"));
                }
                runs.push(Run {
                    text: piece,
                    style: Style::Plain,
                    origin: Some(origin.clone()),
                });
                out.push((Content::para(runs), join));
            }
        }
        if out.is_empty() {
            out.push((Content::para(vec![plain("“")]), None));
        }
        let attribution = attribution_text(self.c, q).map(|a| {
            let span = match quote.attribution.as_deref() {
                Some(
                    Attribution::Person { role: t, .. } | Attribution::Document { kind: t, .. },
                ) => t.span.clone(),
                None => self
                    .c
                    .resolved
                    .quote_source
                    .get(q)
                    .copied()
                    .flatten()
                    .and_then(|s| cb.sources.get(s))
                    .map_or(quote.span.clone(), |s| s.span.clone()),
            };
            Run {
                text: a,
                style: Style::Plain,
                origin: Some(Origin {
                    span,
                    what: format!("the attribution of the quote {name}"),
                }),
            }
        });
        if let Some(last) = out
            .last_mut()
            .and_then(|(content, _)| content.paras.last_mut())
        {
            last.runs.push(plain("”"));
            if let Some(a) = attribution {
                last.runs.push(plain(" ("));
                last.runs.push(a);
                last.runs.push(plain(")"));
            }
        }
        out
    }

    /// Table 3/4: quotes, then one column per level, lowest first. `compact` leaves the quotes
    /// out.
    fn structure(&self, si: usize, compact: bool) -> Table {
        let cb = &self.c.codebook;
        let r = &self.c.resolved;
        let Some(s) = cb.structures.get(si) else {
            return empty_table();
        };
        let levels = cb.levels.len().max(1);
        let offset = usize::from(!compact);
        let quote_share = match levels {
            1 => 0.6,
            2 => 0.5,
            3 => 0.46,
            4 => 0.4,
            _ => 0.34,
        };
        let mut columns = Vec::new();
        let level_share = if compact {
            1.0 / levels as f64
        } else {
            columns.push(Column {
                width: quote_share,
                align: Align::Left,
            });
            (1.0 - quote_share) / levels as f64
        };
        for _ in 0..levels {
            columns.push(Column {
                width: level_share,
                align: Align::Left,
            });
        }
        let mut head_cells = Vec::new();
        if !compact {
            head_cells.push(Cell::new(Content::para(vec![plain(QUOTE_HEADING)])));
        }
        for l in &cb.levels {
            let heading = Text {
                text: l.heading.clone(),
                span: l.span.clone(),
            };
            head_cells.push(Cell::new(Content::para(vec![from(
                &heading,
                Style::Plain,
                format!("the heading of the level `{}`", l.name),
            )])));
        }
        if cb.levels.is_empty() {
            head_cells.push(Cell::empty());
        }

        let mut body: Vec<Row> = Vec::new();
        let mut prev: Option<Vec<Option<usize>>> = None;
        let roots = r.roots.get(si).map_or(&[][..], Vec::as_slice);
        for root in roots {
            for leaf in r.leaves(*root) {
                let path = r.path(leaf);
                let at: Vec<Option<usize>> = (0..levels)
                    .map(|l| {
                        path.iter()
                            .copied()
                            .find(|p| cb.codes.get(*p).is_some_and(|k| k.level == l))
                    })
                    .collect();
                // The highest level whose code starts here: it and every level below print
                // their labels, and the rule above spans their columns.
                let (changed, rule) = match &prev {
                    None => (levels - 1, Rule::None),
                    Some(p) => {
                        let k = (0..levels).rev().find(|l| at[*l] != p[*l]).unwrap_or(0);
                        let rule = if k + 1 == levels {
                            Rule::Full
                        } else {
                            Rule::Partial(vec![(1, k + 1 + offset)])
                        };
                        (k, rule)
                    }
                };
                let labels: Vec<Cell> = (0..levels)
                    .map(|l| match at[l] {
                        Some(code) if l <= changed => {
                            Cell::new(Content::para(self.code_label(code)))
                        }
                        _ => Cell::empty(),
                    })
                    .collect();
                prev = Some(at);
                if compact {
                    body.push(Row::new(rule, labels));
                    continue;
                }
                let quotes = table_quotes(self.c, leaf);
                if quotes.is_empty() {
                    let mut cells = vec![Cell::empty()];
                    cells.extend(labels);
                    body.push(Row::new(rule, cells));
                    continue;
                }
                let mut labels = Some(labels);
                let mut rule = Some(rule);
                for q in quotes {
                    for (content, join) in self.quote_pieces(q) {
                        let mut cells = vec![Cell::new(content)];
                        match labels.take() {
                            Some(l) => cells.extend(l),
                            None => cells.extend((0..levels).map(|_| Cell::empty())),
                        }
                        let this_rule = match (join, rule.take()) {
                            (None, Some(r)) => r,
                            (None, None) => Rule::Space,
                            (Some(_), r) => {
                                rule = r;
                                Rule::None
                            }
                        };
                        body.push(Row {
                            rule: this_rule,
                            cells,
                            joins: join,
                            keep: false,
                        });
                    }
                }
            }
        }

        let mut caption = vec![from(
            &s.caption,
            Style::Plain,
            format!("the caption of `{}`", s.id.id),
        )];
        let name = if compact {
            caption.push(plain(" (without quotes)"));
            format!("{}{COMPACT_SUFFIX}", s.id.id)
        } else {
            s.id.id.to_string()
        };
        let label = match &s.label {
            Some(l) => Some((
                if compact {
                    format!("{}{COMPACT_SUFFIX}", l.text)
                } else {
                    l.text.clone()
                },
                Some(Origin {
                    span: l.span.clone(),
                    what: format!("the label of `{}`", s.id.id),
                }),
            )),
            None => Some((format!("tab:{name}"), None)),
        };
        Table {
            name,
            kind: if compact {
                Kind::Compact
            } else {
                Kind::DataStructure
            },
            caption,
            label,
            columns,
            head: vec![Row::new(Rule::None, head_cells)],
            body,
            note: s
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", s.id.id))),
            wide: false,
        }
    }

    /// Table 5: phases over actor-group columns, one row per code.
    fn matrix(&self, mi: usize) -> Table {
        let cb = &self.c.codebook;
        let Some(m) = cb.matrices.get(mi) else {
            return empty_table();
        };
        // (phase id, group id, split) of every column, in order.
        let mut cols: Vec<(&str, &str, usize)> = Vec::new();
        let mut phase_head = vec![Cell::empty()];
        let mut group_head = Vec::new();
        let mut ranges = Vec::new();
        let mut next = 2;
        for cg in &m.columns {
            let width: usize = cg.columns.iter().map(|c| c.split.max(1) as usize).sum();
            if width == 0 {
                continue;
            }
            let label = match sym(self.c, &cg.phase.id) {
                Some(Sym::Phase(p)) => cb.phases.get(p).map(|ph| Text {
                    text: ph.label.text.to_uppercase(),
                    span: ph.label.span.clone(),
                }),
                _ => None,
            }
            .unwrap_or_else(|| Text {
                text: cg.phase.id.to_string(),
                span: cg.phase.span.clone(),
            });
            phase_head.push(Cell {
                span: width,
                align: Some(Align::Centre),
                content: Content::para(vec![from(
                    &label,
                    Style::Plain,
                    format!("the label of the phase `{}`", cg.phase.id),
                )]),
            });
            ranges.push((next, next + width - 1));
            next += width;
            for col in &cg.columns {
                let split = col.split.max(1) as usize;
                cols.push((&cg.phase.id, &col.group.id, split));
                let run = match sym(self.c, &col.group.id) {
                    Some(Sym::Group(g)) => {
                        let text = group_label(self.c, g);
                        let span = cb.groups.get(g).map_or(col.group.span.clone(), |gr| {
                            gr.label
                                .as_ref()
                                .map_or(gr.span.clone(), |l| l.span.clone())
                        });
                        Run {
                            text,
                            style: Style::Italic,
                            origin: Some(Origin {
                                span,
                                what: format!("the label of the group `{}`", col.group.id),
                            }),
                        }
                    }
                    _ => styled(col.group.id.clone(), Style::Italic),
                };
                group_head.push(Cell::spanning(split, Content::para(vec![run])));
            }
        }
        let stub = match &m.heading {
            Some(h) => Content::para(vec![from(
                h,
                Style::Italic,
                format!("the heading of the matrix `{}`", m.id.id),
            )]),
            None => Content::default(),
        };
        group_head.insert(0, Cell::new(stub));
        let sub_columns: usize = cols.iter().map(|c| c.2).sum();
        let stub_share = 1.3;
        let total = stub_share + sub_columns as f64;
        let mut columns = vec![Column {
            width: stub_share / total,
            align: Align::Left,
        }];
        columns.extend((0..sub_columns).map(|_| Column {
            width: 1.0 / total,
            align: Align::Left,
        }));

        let mut body = Vec::new();
        for (ri, row) in m.rows.iter().enumerate() {
            let label = match sym(self.c, &row.code.id) {
                Some(Sym::Code(k)) => cb.codes.get(k).map(|code| {
                    from(
                        &code.label,
                        Style::Italic,
                        format!("the label of `{}`", code.id.id),
                    )
                }),
                _ => None,
            }
            .unwrap_or_else(|| styled(row.code.id.clone(), Style::Italic));
            let mut cells = vec![Cell::new(Content::para(vec![label]))];
            for (phase, group, split) in &cols {
                let cell = row
                    .cells
                    .iter()
                    .find(|c| c.phase.id == *phase && c.group.id == *group);
                let values: Vec<Content> = cell
                    .map(|c| {
                        c.values
                            .iter()
                            .map(|v| Content::para(vec![self.cell_value(&m.id.id, v)]))
                            .collect()
                    })
                    .unwrap_or_default();
                if values.len() == *split && *split > 1 {
                    cells.extend(values.into_iter().map(Cell::new));
                } else {
                    let joined = Content {
                        paras: values.into_iter().flat_map(|v| v.paras).collect(),
                    };
                    cells.push(Cell::spanning(*split, joined));
                }
            }
            body.push(Row::new(
                if ri == 0 { Rule::None } else { Rule::Space },
                cells,
            ));
        }
        let mut head = vec![Row::new(Rule::None, phase_head)];
        head.push(Row::new(Rule::Partial(ranges), group_head));
        let label = match &m.label {
            Some(l) => Some((
                l.text.clone(),
                Some(Origin {
                    span: l.span.clone(),
                    what: format!("the label of `{}`", m.id.id),
                }),
            )),
            None => Some((format!("tab:{}", m.id.id), None)),
        };
        Table {
            name: m.id.id.to_string(),
            kind: Kind::Matrix,
            caption: vec![from(
                &m.caption,
                Style::Plain,
                format!("the caption of `{}`", m.id.id),
            )],
            label,
            wide: sub_columns > 4,
            columns,
            head,
            body,
            note: m
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", m.id.id))),
        }
    }

    fn cell_value(&self, matrix: &str, v: &CellValue) -> Run {
        let cb = &self.c.codebook;
        match v {
            CellValue::Code(n) => match sym(self.c, &n.id).and_then(|s| match s {
                Sym::Code(k) => cb.codes.get(k),
                _ => None,
            }) {
                Some(code) => from(
                    &code.label,
                    Style::Plain,
                    format!("the label of `{}`", code.id.id),
                ),
                None => plain(n.id.clone()),
            },
            CellValue::Text(t) => from(
                t,
                Style::Plain,
                format!("a cell of the matrix `{matrix}`, {}", excerpt(&t.text)),
            ),
        }
    }

    /// Table 1: each organisation with its description; members only when described.
    fn actors(&self) -> Table {
        let cb = &self.c.codebook;
        let (caption, label) = self.caption_and_label(ACTORS, "Organizations");
        let mut body = Vec::new();
        let mut order: Vec<usize> = Vec::new();
        for (i, a) in cb.actors.iter().enumerate() {
            if a.member_of.is_none() {
                order.push(i);
                order.extend(
                    cb.actors
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| m.member_of == Some(i) && m.description.is_some())
                        .map(|(j, _)| j),
                );
            }
        }
        for i in order {
            let Some(a) = cb.actors.get(i) else { continue };
            let what = format!("the actor `{}`", a.id.id);
            let mut runs = vec![from(&a.label, Style::Plain, format!("the name of {what}"))];
            if let Some(ab) = &a.abbreviation {
                runs.push(plain(" ("));
                runs.push(from(
                    ab,
                    Style::Plain,
                    format!("the abbreviation of {what}"),
                ));
                runs.push(plain(")"));
            }
            let indent = u8::from(a.member_of.is_some());
            let description = a.description.as_ref().map_or_else(Content::default, |d| {
                paragraphs(d, Style::Plain, &format!("the description of {what}"))
            });
            body.push(Row::new(
                Rule::None,
                vec![
                    Cell::new(Content::indented(indent, runs)),
                    Cell::new(description),
                ],
            ));
        }
        Table {
            name: ACTORS.into(),
            kind: Kind::Actors,
            caption,
            label,
            columns: vec![
                Column {
                    width: 0.32,
                    align: Align::Left,
                },
                Column {
                    width: 0.68,
                    align: Align::Left,
                },
            ],
            head: vec![Row::new(
                Rule::None,
                vec![
                    Cell::new(Content::para(vec![plain("Organization")])),
                    Cell::new(Content::para(vec![plain(
                        "Key attributes, roles, and actions",
                    )])),
                ],
            )],
            body,
            note: None,
            wide: false,
        }
    }

    fn source_label(&self, i: usize) -> Run {
        match self.c.codebook.sources.get(i) {
            Some(s) => from(
                &s.label,
                Style::Plain,
                format!("the description of the {} `{}`", s.kind.word(), s.id.id),
            ),
            None => plain(""),
        }
    }

    /// Table 2: what the study draws on, with totals computed from the declared sources.
    fn sources(&self) -> Table {
        let cb = &self.c.codebook;
        let r = &self.c.resolved;
        let (caption, label) = self.caption_and_label(SOURCES, "Data sources");
        let all = Sums::of(cb, None, &r.source_round);
        let mut body: Vec<Row> = Vec::new();
        let line = |runs: Vec<Run>, indent: u8| vec![Cell::new(Content::indented(indent, runs))];
        let section = |body: &mut Vec<Row>, runs: Vec<Run>| {
            let rule = if body.is_empty() {
                Rule::None
            } else {
                Rule::Full
            };
            body.push(Row::heading(rule, line(runs, 0)));
        };
        let of_kind = |k: SourceKind| {
            cb.sources
                .iter()
                .enumerate()
                .filter(move |(_, s)| s.kind == k)
                .map(|(i, _)| i)
        };
        let counted = |i: usize| -> Vec<Run> {
            let n = cb.sources.get(i).map_or(0, |s| s.count);
            vec![plain(format!("{n} ")), self.source_label(i)]
        };

        if all.interviews > 0 {
            section(
                &mut body,
                vec![styled(
                    format!(
                        "Total: {}",
                        plural(all.interviews, "interview", "interviews")
                    ),
                    Style::Bold,
                )],
            );
            let round_of = |i: usize| r.source_round.get(i).copied().flatten();
            let any_round = of_kind(SourceKind::Interview).any(|i| round_of(i).is_some());
            for (ri, round) in cb.rounds.iter().enumerate() {
                let members: Vec<usize> = of_kind(SourceKind::Interview)
                    .filter(|i| round_of(*i) == Some(ri))
                    .collect();
                if members.is_empty() {
                    continue;
                }
                let sums = Sums::of(cb, Some(ri), &r.source_round);
                let mut runs = vec![
                    from(
                        &round.label,
                        Style::Italic,
                        format!("the label of the round `{}`", round.id.id),
                    ),
                    styled(
                        format!(": {}", plural(sums.interviews, "interview", "interviews")),
                        Style::Italic,
                    ),
                ];
                if sums.recurring > 0 {
                    runs.push(styled(
                        format!(
                            " ({})",
                            plural(
                                sums.recurring,
                                "recurring interview",
                                "recurring interviews"
                            )
                        ),
                        Style::Italic,
                    ));
                }
                body.push(Row::heading(Rule::Space, line(runs, 0)));
                for i in members {
                    body.push(Row::new(Rule::None, line(counted(i), 1)));
                }
            }
            let loose: Vec<usize> = of_kind(SourceKind::Interview)
                .filter(|i| round_of(*i).is_none())
                .collect();
            if !loose.is_empty() {
                if any_round {
                    let n: u64 = loose
                        .iter()
                        .filter_map(|i| cb.sources.get(*i))
                        .map(|s| u64::from(s.count))
                        .sum();
                    body.push(Row::heading(
                        Rule::Space,
                        line(
                            vec![styled(
                                format!("In no round: {}", plural(n, "interview", "interviews")),
                                Style::Italic,
                            )],
                            0,
                        ),
                    ));
                }
                for i in loose {
                    body.push(Row::new(Rule::None, line(counted(i), 1)));
                }
            }
        }

        if all.documents > 0 {
            let mut total = format!("Total: {}", plural(all.documents, "document", "documents"));
            if all.pages > 0 {
                total.push_str(&format!(" ({})", plural(all.pages, "page", "pages")));
            }
            section(&mut body, vec![styled(total, Style::Bold)]);
            for i in of_kind(SourceKind::Document) {
                let mut runs = counted(i);
                let s = &cb.sources[i];
                let mut details = Vec::new();
                if let Some(p) = s.pages {
                    details.push(plural(u64::from(p), "page", "pages"));
                }
                if !s.when.is_empty() {
                    details.push(s.when.iter().map(range_long).collect::<Vec<_>>().join(", "));
                }
                if !details.is_empty() {
                    runs.push(plain(format!(" ({})", details.join("; "))));
                }
                body.push(Row::new(Rule::None, line(runs, 1)));
            }
        }

        if all.observations > 0 {
            let mut total = plural(all.observations, "observation", "observations");
            if all.minutes > 0 {
                total.push_str(&format!(" ({})", duration(all.minutes)));
            }
            section(&mut body, vec![styled(total, Style::Bold)]);
            let obs: Vec<usize> = of_kind(SourceKind::Observation).collect();
            let mut k = 0;
            while k < obs.len() {
                // Consecutive observations with one description form one line, with a line
                // per observation under it.
                let first = obs[k];
                let label = cb.sources[first].label.text.as_str();
                let mut end = k + 1;
                while end < obs.len() && cb.sources[obs[end]].label.text == label {
                    end += 1;
                }
                let group = &obs[k..end];
                k = end;
                let listed = group.len() > 1
                    || group
                        .iter()
                        .any(|i| !cb.sources[*i].participants.is_empty());
                if !listed {
                    let s = &cb.sources[first];
                    let mut runs = counted(first);
                    if !s.when.is_empty() {
                        runs.push(plain(format!(
                            " ({})",
                            s.when.iter().map(range_long).collect::<Vec<_>>().join(", ")
                        )));
                    }
                    body.push(Row::new(Rule::None, line(runs, 1)));
                    continue;
                }
                let n: u64 = group.iter().map(|i| u64::from(cb.sources[*i].count)).sum();
                let has = |f: &dyn Fn(&crate::model::Source) -> bool| {
                    group.iter().any(|i| f(&cb.sources[*i]))
                };
                let mut fields = Vec::new();
                if has(&|s| !s.when.is_empty()) {
                    fields.push("date");
                }
                if has(&|s| s.duration.is_some()) {
                    fields.push("duration");
                }
                if has(&|s| !s.participants.is_empty()) {
                    fields.push("participants");
                }
                let mut label_run = self.source_label(first);
                if n > 1 {
                    label_run.text = pluralise(&label_run.text);
                }
                let mut runs = vec![plain(format!("{n} ")), label_run];
                if !fields.is_empty() {
                    runs.push(plain(format!(" ({})", fields.join("/"))));
                }
                body.push(Row::heading(Rule::None, line(runs, 1)));
                for i in group {
                    let s = &cb.sources[*i];
                    let mut parts: Vec<Run> = Vec::new();
                    let mut first_part = true;
                    let mut sep = |parts: &mut Vec<Run>| {
                        if !first_part {
                            parts.push(plain("/"));
                        }
                        first_part = false;
                    };
                    if fields.contains(&"date") {
                        sep(&mut parts);
                        parts.push(plain(
                            s.when
                                .iter()
                                .map(range_short)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ));
                    }
                    if fields.contains(&"duration") {
                        sep(&mut parts);
                        parts.push(plain(
                            s.duration
                                .map(|d| duration(u64::from(d)))
                                .unwrap_or_default(),
                        ));
                    }
                    if fields.contains(&"participants") {
                        sep(&mut parts);
                        for (pi, p) in s.participants.iter().enumerate() {
                            if pi > 0 {
                                parts.push(plain(", "));
                            }
                            parts.push(self.participant(p, &s.id.id));
                        }
                    }
                    let mut runs = vec![plain("– ")];
                    if s.count > 1 {
                        runs.push(plain(format!("{} × ", s.count)));
                    }
                    runs.extend(parts);
                    body.push(Row::new(Rule::None, line(runs, 2)));
                }
            }
        }

        Table {
            name: SOURCES.into(),
            kind: Kind::Sources,
            caption,
            label,
            columns: vec![Column {
                width: 1.0,
                align: Align::Left,
            }],
            head: Vec::new(),
            body,
            note: None,
            wide: false,
        }
    }

    fn participant(&self, p: &Participant, source: &str) -> Run {
        let cb = &self.c.codebook;
        match p {
            Participant::Ref(n) => match sym(self.c, &n.id) {
                Some(Sym::Actor(a)) => match cb.actors.get(a) {
                    Some(actor) => {
                        let t = actor.abbreviation.as_ref().unwrap_or(&actor.label);
                        from(t, Style::Plain, format!("the name of the actor `{}`", n.id))
                    }
                    None => plain(n.id.clone()),
                },
                Some(Sym::Group(g)) => Run {
                    text: group_label(self.c, g),
                    style: Style::Plain,
                    origin: cb.groups.get(g).map(|gr| Origin {
                        span: gr.span.clone(),
                        what: format!("the label of the group `{}`", n.id),
                    }),
                },
                _ => plain(n.id.clone()),
            },
            Participant::Text(t) => from(
                t,
                Style::Plain,
                format!("a participant of the observation `{source}`"),
            ),
        }
    }

    /// Every code, top level first, with its definition; the lowest-level codes with an
    /// example quote (the first their data-structure table prints).
    fn codebook(&self) -> Table {
        let cb = &self.c.codebook;
        let r = &self.c.resolved;
        let (caption, label) = self.caption_and_label(CODEBOOK, "Codebook");
        let mut body: Vec<Row> = Vec::new();
        for (si, s) in cb.structures.iter().enumerate() {
            if cb.structures.len() > 1 {
                body.push(Row::heading(
                    if body.is_empty() {
                        Rule::None
                    } else {
                        Rule::Full
                    },
                    vec![Cell::spanning(
                        3,
                        Content::para(vec![from(
                            &s.caption,
                            Style::Bold,
                            format!("the caption of `{}`", s.id.id),
                        )]),
                    )],
                ));
            }
            let roots = r.roots.get(si).map_or(&[][..], Vec::as_slice);
            let mut stack: Vec<(usize, u8)> = roots.iter().rev().map(|c| (*c, 0)).collect();
            let mut first_in_structure = true;
            while let Some((code, depth)) = stack.pop() {
                if let Some(kids) = r.children.get(code).filter(|_| depth < 16) {
                    stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
                }
                let Some(k) = cb.codes.get(code) else {
                    continue;
                };
                let rule = if first_in_structure {
                    if body.is_empty() {
                        Rule::None
                    } else if cb.structures.len() > 1 {
                        Rule::Partial(vec![(1, 3)])
                    } else {
                        Rule::Full
                    }
                } else if depth == 0 {
                    Rule::Full
                } else {
                    Rule::Space
                };
                first_in_structure = false;
                let mut definition = k.definition.as_ref().map_or_else(Content::default, |d| {
                    paragraphs(d, Style::Plain, &format!("the definition of `{}`", k.id.id))
                });
                for a in &k.attributes {
                    definition.paras.push(Para {
                        indent: 0,
                        runs: vec![
                            styled(format!("{}: ", a.key.id), Style::Italic),
                            Run {
                                text: a.value.clone(),
                                style: Style::Plain,
                                origin: Some(Origin {
                                    span: a.key.span.clone(),
                                    what: format!("the attribute `{}` of `{}`", a.key.id, k.id.id),
                                }),
                            },
                        ],
                    });
                }
                // Examples for the codes quotes support; a grouping's evidence is its codes'.
                let is_leaf = r.children.get(code).is_none_or(Vec::is_empty);
                let example = is_leaf
                    .then(|| table_quotes(self.c, code).first().copied())
                    .flatten();
                let mut pieces = example.map(|q| self.quote_pieces(q)).unwrap_or_default();
                let first_piece = if pieces.is_empty() {
                    Content::default()
                } else {
                    pieces.remove(0).0
                };
                body.push(Row::new(
                    rule,
                    vec![
                        Cell::new(Content::indented(depth, self.code_label(code))),
                        Cell::new(definition),
                        Cell::new(first_piece),
                    ],
                ));
                for (content, join) in pieces {
                    body.push(Row {
                        rule: Rule::None,
                        cells: vec![Cell::empty(), Cell::empty(), Cell::new(content)],
                        joins: join,
                        keep: false,
                    });
                }
            }
        }
        Table {
            name: CODEBOOK.into(),
            kind: Kind::Codebook,
            caption,
            label,
            columns: vec![
                Column {
                    width: 0.24,
                    align: Align::Left,
                },
                Column {
                    width: 0.36,
                    align: Align::Left,
                },
                Column {
                    width: 0.40,
                    align: Align::Left,
                },
            ],
            head: vec![Row::new(
                Rule::None,
                vec![
                    Cell::new(Content::para(vec![plain("Code")])),
                    Cell::new(Content::para(vec![plain("Definition")])),
                    Cell::new(Content::para(vec![plain("Example quote")])),
                ],
            )],
            body,
            note: None,
            wide: false,
        }
    }
}

fn empty_table() -> Table {
    Table {
        name: String::new(),
        kind: Kind::Codebook,
        caption: Vec::new(),
        label: None,
        columns: vec![Column {
            width: 1.0,
            align: Align::Left,
        }],
        head: Vec::new(),
        body: Vec::new(),
        note: None,
        wide: false,
    }
}

/// The texts of a table in the order a reader meets them (caption, header, then the body row
/// by row, cell by cell), one entry per run from the file. For tests that read a rendered
/// table back.
pub fn reading_order(t: &Table) -> Vec<String> {
    let mut out: Vec<String> = t.caption.iter().map(|r| r.text.clone()).collect();
    for row in t.head.iter().chain(&t.body) {
        for cell in &row.cells {
            for p in &cell.content.paras {
                for r in &p.runs {
                    if r.origin.is_some() {
                        out.push(r.text.clone());
                    }
                }
            }
        }
    }
    if let Some(n) = &t.note {
        out.extend(
            n.paras
                .iter()
                .flat_map(|p| p.runs.iter().map(|r| r.text.clone())),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paragraphs_split_at_sentence_ends() {
        let sentence = "This sentence is about fifty characters long, yes. ";
        let text = sentence.repeat(60);
        let p = pieces(&text);
        assert!(p.len() >= 3, "{}", p.len());
        for piece in &p {
            assert!(piece.chars().count() <= MAX_PIECE);
            assert!(piece.ends_with('.'), "{piece}");
        }
        assert_eq!(p.join(" "), text.trim());
    }

    #[test]
    fn unbreakable_text_is_split_somewhere() {
        let text = "x".repeat(3000);
        let p = pieces(&text);
        assert_eq!(p.concat(), text);
    }

    #[test]
    fn plurals_and_dates() {
        assert_eq!(pluralise("strategic meeting"), "strategic meetings");
        assert_eq!(pluralise("press conferences"), "press conferences");
        assert_eq!(pluralise("city"), "cities");
        assert_eq!(pluralise("day"), "days");
        assert_eq!(pluralise("lunch"), "lunches");
        assert_eq!(duration(300), "5 h");
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(30), "30 min");
        let d = Date::new(2017, Some(10), Some(9)).expect("a valid date");
        assert_eq!(short_date(d), "9 Oct. 2017");
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("short"), "“short”");
        assert_eq!(
            excerpt("a very long quote that goes on and on and on and on"),
            "“a very long quote that goes on and on…”"
        );
    }
}
