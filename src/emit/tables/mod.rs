//! The tables of a study, as one model that every table format renders from: LaTeX and
//! Markdown print the same rows, in the same order, with the same texts.
//!
//! | `--table` name | what it is | as in the reference study |
//! | --- | --- | --- |
//! | `actors` | organisations: `Organization \| Key attributes, roles, and actions` | Table 1 |
//! | `sources` | interviews by round, focus groups with participants, documents with pages, observations | Table 2 |
//! | `phases` | a row per phase: `Phase`, then its description and attributes as columns (`column phases:` names and orders them); printed without `--table` only when a phase has an attribute or the file names the table | |
//! | a structure's id | its data structure: quotes, then one column per level, lowest first (and its `column:` attributes, each left of its level); with `level order: highest first` the levels highest first, then the quotes (a structure of one level: its labels, then the quotes, unless `level order: lowest first` is written); with `quote place: under labels` no quote column, each quote under the label of its code | Tables 3, 4 |
//! | a matrix's id | a phase matrix: phases × actor groups, one row per code | Table 5 |
//! | *structure*`-compact` | the data structure without the quotes | |
//! | `codebook` | every code with its definition and an example quote, for an appendix (only the codes of the levels `rows codebook:` names, when the file says) | |
//!
//! Without `--table`, every table the codebook has is printed in the order of this list
//! (structures and matrices in source order), except the `-compact` table of a structure no
//! quote supports: its own table has no quote column already. The checker refuses a structure or matrix named
//! `actors`, `sources`, `codebook` or `timeline` (`codebook::reserved_name`), so names never clash.
//!
//! Generated tables take their caption and label from `caption actors: "..."` and
//! `label actors: "..."`; without them the caption is a plain description and the label is
//! `tab:` and the table's name (`tab:actors`, `tab:modes-compact`).
//!
//! Every run of text remembers where in the file it comes from ([`Origin`]), so a format that
//! cannot print a character can say which quote or label holds it.

mod actors;
mod codebook;
mod fit;
pub(crate) use fit::{LANDSCAPE, Wrap, estimated_lines, text_points};
mod matrix;
mod model;
mod phases;
mod sources;
mod structure;
mod text;

pub use model::{
    Align, Cell, Column, Content, Join, Kind, Origin, Para, Row, Rule, Run, Style, Table,
};
pub(crate) use text::{excerpt, sentence_ends};

use super::attribution_text;
use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean};
use crate::model::{
    Attribution, CodeId, FullStop, Id, LabelStyle, LevelId, MatrixId, Page, QuoteId, QuoteMarks,
    StructureId, TableNumber, Text,
};
use text::{MAX_PIECE, from, pieces, plain};

/// The `--table` name of the actors table. It, [`SOURCES`] and [`CODEBOOK`] are the names
/// `--table` accepts that are not identifiers from the file.
pub const ACTORS: &str = "actors";
/// The `--table` name of the data-sources table.
pub const SOURCES: &str = "sources";
/// The `--table` name of the codebook appendix: every code with its definition and an
/// example quote.
pub const CODEBOOK: &str = "codebook";
/// The `--table` name of the phase table: a row per phase, its description and attributes as
/// columns.
pub const PHASES: &str = "phases";
/// Appended to a structure's identifier for its table without quotes.
pub const COMPACT_SUFFIX: &str = "-compact";

/// The heading of the quote column of a data-structure table, unless the structure gives its
/// own (`quote heading:`).
pub(crate) const QUOTE_HEADING: &str = "Reference from data material";

/// What a `--table` name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Actors,
    Sources,
    Phases,
    Structure(StructureId),
    Matrix(MatrixId),
    Compact(StructureId),
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
    if !cb.phases.is_empty() {
        out.push((PHASES.to_string(), Entry::Phases));
    }
    for (i, s) in StructureId::each(cb) {
        out.push((s.id.id.to_string(), Entry::Structure(i)));
    }
    for (i, m) in MatrixId::each(cb) {
        out.push((m.id.id.to_string(), Entry::Matrix(i)));
    }
    for (i, s) in StructureId::each(cb) {
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
    let b = Builder {
        c,
        piece: MAX_PIECE,
    };
    let chosen: Vec<(String, Entry)> = match name {
        None => printed(&b, all),
        Some(n) => match find(&all, n) {
            Some(f) => vec![f.clone()],
            None => return Err(vec![unknown_table(c, n, &all)]),
        },
    };
    Ok(chosen
        .into_iter()
        .map(|(name, e)| {
            let mut t = b.fitted(e);
            // Pieces of quotes as long as a page holds in the column the fitting gave them
            // (a narrow column, shorter pieces): built again with shorter pieces, which may
            // move the columns a little, at most three times.
            let mut piece = b.piece;
            for _ in 0..3 {
                match crate::emit::latex::piece_characters(&t) {
                    Some(fewer) if fewer < piece => piece = fewer,
                    _ => break,
                }
                t = Builder { c, piece }.fitted(e);
            }
            t.name = name;
            t.number = own_number(c, e).map(Box::new);
            t.align_numbers();
            t
        })
        .collect())
}

impl Builder<'_> {
    /// The table `e`, its columns fitted to its content, on the page it stands on: a
    /// structure's tables as its `page:` says, else (and the codebook appendix) landscape
    /// where their columns cannot all be read upright.
    fn fitted(&self, e: Entry) -> Table {
        let mut t = match e {
            Entry::Actors => self.actors(),
            Entry::Sources => self.sources(),
            Entry::Phases => self.phases(),
            Entry::Structure(i) => self.structure(i, false),
            Entry::Matrix(i) => self.matrix(i),
            Entry::Compact(i) => self.structure(i, true),
            Entry::Codebook => self.codebook(),
        };
        let page = match e {
            Entry::Structure(i) | Entry::Compact(i) => {
                self.c.codebook[i].page.as_ref().map(|(p, _)| *p)
            }
            _ => None,
        };
        if let Some(p) = page {
            t.wide = p == Page::Landscape;
        }
        let turn = page.is_none()
            && matches!(e, Entry::Structure(_) | Entry::Compact(_) | Entry::Codebook);
        fit::fit_widths(&mut t, turn);
        t
    }
}

/// The tables printed without `--table`: all of them but the `-compact` table of a structure
/// without quotes, which has no separate table without them (its own is one), and the phase
/// table of a file that gives its phases nothing to print beside their labels (no attribute,
/// no `column phases:`, no `caption phases:`), whose phases a matrix or the timeline shows.
fn printed(b: &Builder, all: Vec<(String, Entry)>) -> Vec<(String, Entry)> {
    let cb = &b.c.codebook;
    let phase_table = cb.phases.iter().any(|p| !p.attributes.is_empty())
        || cb.tables.iter().any(|t| t.table == PHASES);
    all.into_iter()
        .filter(|(_, e)| !matches!(e, Entry::Compact(i) if !b.has_quotes(*i)))
        .filter(|(_, e)| *e != Entry::Phases || phase_table)
        .collect()
}

/// The table `--table n` names: an identifier from the file wins over a generated table's name.
fn find<'a>(all: &'a [(String, Entry)], n: &str) -> Option<&'a (String, Entry)> {
    all.iter()
        .find(|(t, e)| t == n && matches!(e, Entry::Structure(_) | Entry::Matrix(_)))
        .or_else(|| all.iter().find(|(t, _)| t == n))
}

/// The number the file gives the table `e` (`table number: 5` in a structure or matrix,
/// `table number actors: 1` at the top for a generated table); a structure's `-compact` table
/// has none of its own.
fn own_number(c: &Compiled, e: Entry) -> Option<TableNumber> {
    let cb = &c.codebook;
    let named = |table: &str| {
        cb.tables
            .iter()
            .find(|t| t.table == table)
            .and_then(|t| t.number.as_ref())
    };
    let given = match e {
        Entry::Actors => named(ACTORS),
        Entry::Sources => named(SOURCES),
        Entry::Phases => named(PHASES),
        Entry::Codebook => named(CODEBOOK),
        Entry::Structure(i) => cb[i].table_number.as_ref(),
        Entry::Matrix(i) => cb[i].table_number.as_ref(),
        Entry::Compact(_) => None,
    };
    given.map(|(n, _)| n.clone())
}

/// The number the table called `name` has among every table printed without `--table`, as a
/// paper that prints them all numbers it, and as LaTeX counts: from 1, each table one more than
/// the one before it, except a table the file gives its own number (`table number: 5`), from
/// which the tables after it count on. `None` for a table only printed on its own, or an
/// unknown name.
pub fn number(c: &Compiled, name: &str) -> Option<usize> {
    let all = catalogue(c);
    let entry = find(&all, name)?.1;
    let mut n = 0usize;
    for (_, e) in printed(
        &Builder {
            c,
            piece: MAX_PIECE,
        },
        all,
    ) {
        // A table numbered by a text ("Table A1") is left out of the count.
        let own = own_number(c, e);
        n = match own {
            None => n + 1,
            Some(TableNumber::Whole(own)) => own as usize,
            Some(TableNumber::Text(_)) => n,
        };
        if e == entry {
            return Some(n);
        }
    }
    None
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
    let help = match guess {
        Some(g) => g.followed_by(&format!("{}{}", list[..1].to_uppercase(), &list[1..])),
        None => list.into(),
    };
    let d = Diagnostic::new(
        DiagnosticCode::UnknownTable,
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

struct Builder<'a> {
    c: &'a Compiled,
    /// The most characters a piece of a quote holds ([`text::MAX_PIECE`], fewer in a narrow
    /// column).
    piece: usize,
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

    /// How the labels of codes above the lowest level are set: in italics, or as the study's
    /// `label style:` says.
    fn higher_label(&self) -> Style {
        match self.c.codebook.house_style().label_style {
            LabelStyle::Italic => Style::Italic,
            LabelStyle::Upright => Style::Plain,
            LabelStyle::Bold => Style::Bold,
        }
    }

    /// A code's label: upright at the lowest level, above it as [`Builder::higher_label`].
    fn code_label(&self, code: CodeId) -> Vec<Run> {
        let k = &self.c.codebook[code];
        let style = if k.level != LevelId::LOWEST {
            self.higher_label()
        } else {
            Style::Plain
        };
        vec![from(&k.label, style, format!("the label of `{}`", k.id.id))]
    }

    /// The label of `code` as its structure's tables print it: followed, in the same cell, by
    /// each value its structure prints after the label (`column: coded after label "[…]"`:
    /// "Texts as reminders [62 quotations]"), in the order of `column:`.
    fn labelled(&self, code: CodeId) -> Vec<Run> {
        let cb = &self.c.codebook;
        let k = &cb[code];
        let mut runs = self.code_label(code);
        for c in &cb[k.structure].columns {
            let (Some(form), Some((value, span))) =
                (&c.in_label, k.attribute_value(&c.attribute.id))
            else {
                continue;
            };
            runs.push(plain(" "));
            runs.push(from(
                &Text {
                    text: form.around(&value),
                    span,
                },
                Style::Plain,
                format!("the `{}` of `{}`", c.attribute.id, k.id.id),
            ));
        }
        runs
    }

    /// A quote as rows of text: “text” (attribution), split at paragraphs and, when very
    /// long, at sentence ends. The first piece has no join. The study's house style may set it
    /// in single marks (`quote marks: single`: ‘text’) and its closing full stop after the
    /// closing mark (`full stop: outside`: ‘text’.), or the quote as its own `full stop:` says.
    fn quote_pieces(&self, q: QuoteId) -> Vec<(Content, Option<Join>)> {
        self.quote_pieces_as(q, true)
    }

    /// A quote's attribution as its table prints it (`attribution column:`), with where it is
    /// written; `None`: the quote says nothing of where it comes from.
    fn attribution_run(&self, q: QuoteId) -> Option<Run> {
        let cb = &self.c.codebook;
        let quote = &cb[q];
        let name = excerpt(&quote.text.text);
        attribution_text(self.c, q).map(|a| {
            let span = match quote.attribution.as_deref() {
                Some(
                    Attribution::Person { role: t, .. } | Attribution::Document { kind: t, .. },
                ) => t.span.clone(),
                None => self.c.resolved.quote_source[q]
                    .map_or(quote.span.clone(), |s| cb[s].span.clone()),
            };
            Run {
                text: a,
                style: Style::Plain,
                origin: Some(Origin {
                    span,
                    what: format!("the attribution of the quote {name}"),
                }),
            }
        })
    }

    /// [`Self::quote_pieces`], with the attribution after the quote (`inline`) or left for a
    /// column of its own.
    fn quote_pieces_as(&self, q: QuoteId, inline: bool) -> Vec<(Content, Option<Join>)> {
        let cb = &self.c.codebook;
        let quote = &cb[q];
        let style = cb.house_style();
        let (open, close) = match style.quote_marks {
            QuoteMarks::Double => ("“", "”"),
            QuoteMarks::Single => ("‘", "’"),
            QuoteMarks::None => ("", ""),
        };
        // Double marks outside: the quote's own double marks become single, and the other way
        // round a quotation within it keeps its double marks.
        let inner = |t: &str| match style.quote_marks {
            QuoteMarks::Double => inner_marks(t),
            QuoteMarks::Single | QuoteMarks::None => t.to_string(),
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
            for (si, piece) in pieces(para, self.piece).into_iter().enumerate() {
                let join = match (pi, si) {
                    (0, 0) => None,
                    (_, 0) => Some(Join::Paragraph),
                    _ => Some(Join::Sentence),
                };
                let mut runs = Vec::new();
                if join.is_none() && !open.is_empty() {
                    runs.push(plain(open));
                }
                runs.push(Run {
                    text: inner(&piece),
                    style: Style::Plain,
                    origin: Some(origin.clone()),
                });
                out.push((Content::para(runs), join));
            }
        }
        if out.is_empty() {
            out.push((Content::para(vec![plain(open)]), None));
        }
        let attribution = self.attribution_run(q).filter(|_| inline);
        if let Some(last) = out
            .last_mut()
            .and_then(|(content, _)| content.paras.last_mut())
        {
            // `full stop: outside`: a closing full stop (not an ellipsis's) after the mark.
            let stop = cb.quote_full_stop(q) == FullStop::Outside
                && !close.is_empty()
                && last.runs.last_mut().is_some_and(|r| {
                    let text = r.text.trim_end();
                    let moved = text.ends_with('.') && !text.ends_with("..");
                    if moved {
                        r.text = text[..text.len() - 1].to_string();
                    }
                    moved
                });
            if !close.is_empty() {
                last.runs.push(plain(close));
            }
            if stop {
                last.runs.push(plain("."));
            }
            // In parentheses, unless written in brackets of its own (`from: "[22]"`, a
            // document's number as the paper cites it): then as written.
            if let Some(a) = attribution {
                let t = a.text.trim();
                let bracketed = (t.starts_with('[') && t.ends_with(']'))
                    || (t.starts_with('(') && t.ends_with(')'));
                last.runs.push(plain(if bracketed { " " } else { " (" }));
                last.runs.push(a);
                if !bracketed {
                    last.runs.push(plain(")"));
                }
            }
        }
        out
    }
}

/// A quote's text as it stands inside the table's double quotation marks: its own double marks
/// become single ones, as a journal prints a quotation within a quotation (“…‘no’…”): `“…”`
/// becomes `‘…’`, German `„…“` becomes `‚…‘`, and a straight `"` a straight `'`, which the
/// LaTeX output then turns into the opening or closing mark.
fn inner_marks(text: &str) -> String {
    if !text.contains(['“', '”', '„', '"']) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '„' => '‚',
            '“' => '‘',
            '”' => '’',
            '"' => '\'',
            c => c,
        })
        .collect()
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
    /// The schema's words for `quote heading:` name the heading the tables print without it.
    #[test]
    fn the_schema_names_the_default_quote_heading() {
        let about = crate::model::schema::STRUCTURE
            .property("quote heading")
            .map(|p| p.about)
            .unwrap_or_default();
        assert!(about.contains(super::QUOTE_HEADING), "{about}");
    }

    /// A quotation within a quotation takes single marks, as journals print it.
    #[test]
    fn a_quote_within_a_quote_takes_single_marks() {
        use super::inner_marks;
        assert_eq!(inner_marks("He said “no”."), "He said ‘no’.");
        assert_eq!(inner_marks("Sie sagte „nein“."), "Sie sagte ‚nein‘.");
        assert_eq!(inner_marks("He said \"no\"."), "He said 'no'.");
        assert_eq!(inner_marks("It’s ‘fine’ «ok»."), "It’s ‘fine’ «ok».");
    }
}
