//! `codebook stats`: the counts a reviewer asks of a coding schema, from a checked codebook.
//!
//! [`compute`] gathers a [`Stats`] value; [`render`] writes it as a text table, JSON (described
//! by `schemas/json/stats.schema.json`) or Markdown. Everything is in declaration order and nothing
//! depends on the time or the machine: the same codebook gives byte-identical output.
//!
//! Definitions:
//! - A structure's **concepts** are its codes of the lowest level; **quotes per concept**
//!   counts the quotes that support a concept directly. A structure's **quotes** are those
//!   supporting any of its codes, of any level, each counted once. A concept is **without
//!   quotes** when neither a quote of its own nor one of a code it belongs to (its theme, its
//!   dimension) supports it: the rule of `concept_without_quote`.
//! - A quote's **source kind** is the kind of its linked source (`source:`), else `interview`
//!   for a person's words (`by:`) and `document` for `from:`.
//! - **Saturation**, per concept: its quotes; its distinct sources, a quote's source being its
//!   linked source when it has one and else its attribution as printed ("physician, 2019"), so
//!   two quotes of one interview count once; and the distinct phases of its quotes (declared,
//!   or implied by their dates).
//! - A matrix has a cell per row and column (a phase's actor group); a cell is filled when a
//!   row gives it a value.

use crate::Compiled;
use crate::emit::markdown;
use crate::emit::tables::{Align, Kind, Table};
use crate::emit::text::{one_line, width};
use crate::model::{
    ActorId, Attribution, CodeId, GroupId, Id, MatrixId, PhaseId, QuoteId, SourceId, SourceKind,
    StructureId,
};
use serde::Serialize;
use std::collections::BTreeSet;

/// Bump when the JSON form changes incompatibly (and `schemas/json/stats.schema.json` with it).
pub const SCHEMA_VERSION: u32 = 1;

/// The statistics of one codebook: what `codebook stats` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The JSON form's version, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// How many of each kind of declaration the file holds.
    pub totals: Totals,
    /// Per data structure: its codes, quotes and saturation.
    pub structures: Vec<StructureStats>,
    /// The quotes by phase, by actor and by kind of source.
    pub quotes: QuoteStats,
    /// The declared sources, and which of them quotes cite.
    pub sources: SourceStats,
    /// Per phase matrix: its cells, filled and missing.
    pub matrices: Vec<MatrixStats>,
}

/// How many of each kind of declaration a codebook holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Data structures.
    pub structures: usize,
    /// Codes, at every level, of every structure.
    pub codes: usize,
    /// Quotes.
    pub quotes: usize,
    /// Source declarations.
    pub sources: usize,
    /// Actors: organisations and their members.
    pub actors: usize,
    /// Phases.
    pub phases: usize,
    /// Phase matrices.
    pub matrices: usize,
}

/// The counts of one data structure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructureStats {
    /// The structure's identifier.
    pub id: String,
    /// The structure's caption.
    pub caption: String,
    /// Lowest level first.
    pub levels: Vec<LevelCount>,
    /// Quotes supporting at least one of the structure's codes, of any level.
    pub quotes: usize,
    /// Of those, the quotes that support a code above the concepts (a theme, a dimension)
    /// and no concept; left out of the JSON when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub quotes_above_concepts: usize,
    /// Over the structure's concepts; `None` when it has none.
    pub quotes_per_concept: Option<Spread>,
    /// The concepts (lowest-level codes) no quote supports, by identifier.
    pub concepts_without_quotes: Vec<String>,
    /// Codes above the lowest level with exactly one child.
    pub single_child_codes: Vec<String>,
    /// One entry per concept, in declaration order.
    pub saturation: Vec<Saturation>,
}

/// How many codes a structure has at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelCount {
    /// The level's word (`concept`).
    pub level: String,
    /// The level's heading ("First order concepts").
    pub heading: String,
    /// The structure's codes at this level.
    pub codes: usize,
}

/// The least, median and greatest of a set of counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// The least value.
    pub min: usize,
    /// The middle value, or the mean of the two middle values.
    pub median: f64,
    /// The greatest value.
    pub max: usize,
}

/// How well one concept is evidenced: by how many quotes, sources and phases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saturation {
    /// The concept's identifier.
    pub concept: String,
    /// The concept's label.
    pub label: String,
    /// The quotes that support it directly.
    pub quotes: usize,
    /// The distinct sources of those quotes: the linked source, else the printed attribution.
    pub sources: usize,
    /// The distinct phases of those quotes, declared or implied by their dates.
    pub phases: usize,
}

/// The quotes, counted by phase, actor and kind of source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteStats {
    /// Every quote.
    pub total: usize,
    /// Every phase, in declaration order.
    pub by_phase: Vec<Count>,
    /// Quotes with no phase, declared or implied by their date.
    pub without_phase: usize,
    /// Every actor (organisations and members), in declaration order.
    pub by_actor: Vec<Count>,
    /// Quotes with no actor, their own or their source's.
    pub without_actor: usize,
    /// Quotes by the kind of their linked source, else of their attribution.
    pub by_source_kind: KindCounts,
}

/// The quotes of one phase or actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The phase's or actor's identifier.
    pub id: String,
    /// The phase's or actor's label.
    pub label: String,
    /// Its quotes.
    pub quotes: usize,
}

/// Quotes by the kind of source they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// From an interview: a linked interview, or a person's words (`by:`).
    pub interview: usize,
    /// From a document: a linked document, or `from:`.
    pub document: usize,
    /// From a linked observation.
    pub observation: usize,
    /// Quotes with neither a source nor an attribution (only in codebooks with errors).
    pub unknown: usize,
}

/// The declared sources, and how quotes cite them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStats {
    /// Source declarations.
    pub declared: usize,
    /// Declarations at least one quote cites with `source:`.
    pub cited: usize,
    /// Interviews, documents, observations, in that order.
    pub by_kind: Vec<KindSources>,
    /// Declarations no quote cites.
    pub not_cited: Vec<String>,
    /// Quotes citing a declared source.
    pub quotes_with_source: usize,
    /// Quotes with an attribution (`by:`/`from:`) and no declared source.
    pub quotes_with_attribution_only: usize,
}

/// The sources of one kind (interview, document or observation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindSources {
    /// `interview`, `document` or `observation`.
    pub kind: String,
    /// Source declarations of this kind.
    pub declared: usize,
    /// The sum of the declarations' `count:`.
    pub stands_for: u64,
    /// Declarations of this kind at least one quote cites.
    pub cited: usize,
    /// Quotes citing a source of this kind.
    pub quotes: usize,
}

/// The cells of one phase matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixStats {
    /// The matrix's identifier.
    pub id: String,
    /// The matrix's caption.
    pub caption: String,
    /// Its rows.
    pub rows: usize,
    /// Its distinct (phase, actor group) columns.
    pub columns: usize,
    /// Rows × columns: every cell the matrix has.
    pub cells: usize,
    /// The cells a row gives a value.
    pub filled: usize,
    /// The cells left empty.
    pub missing: usize,
    /// Where the empty cells are, row by row.
    pub missing_cells: Vec<CellRef>,
}

/// A cell of a phase matrix, by its row and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    /// The row's code, by identifier.
    pub row: String,
    /// The column's phase, by identifier.
    pub phase: String,
    /// The column's actor group, by identifier.
    pub group: String,
}

/// The kind a quote comes from, if anything says so.
fn quote_kind(c: &Compiled, q: QuoteId) -> Option<SourceKind> {
    let cb = &c.codebook;
    if let Some(s) = c.resolved.quote_source[q] {
        return Some(cb[s].kind);
    }
    match cb[q].attribution.as_deref()? {
        Attribution::Person { .. } => Some(SourceKind::Interview),
        Attribution::Document { .. } => Some(SourceKind::Document),
    }
}

/// What makes two quotes come from one source: the linked source, else the printed
/// attribution.
fn source_key(c: &Compiled, q: QuoteId) -> Option<String> {
    match c.resolved.quote_source[q] {
        Some(s) => Some(format!("source {}", s.index())),
        None => crate::emit::attribution_text(c, q).map(|t| format!("text {t}")),
    }
}

fn spread(mut values: Vec<usize>) -> Option<Spread> {
    values.sort_unstable();
    let n = values.len();
    let (&min, &max) = (values.first()?, values.last()?);
    let median = if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    };
    Some(Spread { min, median, max })
}

/// Gather the statistics of a codebook. Meant for valid codebooks; on others it counts what
/// resolved.
///
/// # Examples
///
/// ```
/// use codebook::stats::{Format, compute, render};
///
/// let source = r#"
/// levels concept -> theme
/// structure meetings "Meetings" {
///   theme routine "Routine" {
///     concept standups "Daily stand-ups"
///     concept notes "Weekly notes"
///   }
/// }
/// quote "Every morning at nine, ten minutes." {
///   by: "team lead", 2025
///   supports: standups
/// }
/// quote "If it is not in the notes, it did not happen." {
///   from: "team wiki", 2025-03
///   supports: notes
/// }
/// quote "We read the notes before the stand-up." {
///   by: "developer", 2025
///   supports: standups
/// }
/// "#;
/// let valid = codebook::compile(source).compiled.expect("no errors");
/// let stats = compute(&valid);
/// assert_eq!((stats.totals.codes, stats.totals.quotes), (3, 3));
/// let meetings = &stats.structures[0];
/// let spread = meetings.quotes_per_concept.as_ref().expect("it has concepts");
/// assert_eq!((spread.min, spread.median, spread.max), (1, 1.5, 2));
/// // Two quotes of two people: two sources for stand-ups.
/// assert_eq!(meetings.saturation[0].concept, "standups");
/// assert_eq!(meetings.saturation[0].sources, 2);
/// assert_eq!(stats.quotes.by_source_kind.document, 1);
/// assert!(render(&stats, Format::Markdown).contains("standups"));
/// ```
pub fn compute(c: &Compiled) -> Stats {
    let cb = &c.codebook;
    let r = &c.resolved;
    let children = |i: CodeId| r.children[i].len();
    let direct = |i: CodeId| r.code_quotes[i].as_slice();
    let evidenced = r.evidenced(cb);

    let structures = StructureId::each(cb)
        .map(|(si, s)| {
            let codes: Vec<CodeId> = CodeId::each(cb)
                .filter(|(_, k)| k.structure == si.index())
                .map(|(i, _)| i)
                .collect();
            let concepts: Vec<CodeId> = codes
                .iter()
                .copied()
                .filter(|&i| cb[i].level == 0)
                .collect();
            let quotes: BTreeSet<QuoteId> = codes
                .iter()
                .flat_map(|&i| direct(i).iter().copied())
                .collect();
            let saturation = concepts
                .iter()
                .map(|&i| {
                    let qs = direct(i);
                    let sources: BTreeSet<String> =
                        qs.iter().filter_map(|&q| source_key(c, q)).collect();
                    let phases: BTreeSet<PhaseId> = qs
                        .iter()
                        .flat_map(|&q| r.quote_phases[q].iter().copied())
                        .collect();
                    Saturation {
                        concept: cb[i].id.id.to_string(),
                        label: cb[i].label.text.clone(),
                        quotes: qs.len(),
                        sources: sources.len(),
                        phases: phases.len(),
                    }
                })
                .collect();
            StructureStats {
                id: s.id.id.to_string(),
                caption: s.caption.text.clone(),
                levels: cb
                    .levels
                    .iter()
                    .enumerate()
                    .map(|(li, l)| LevelCount {
                        level: l.name.clone(),
                        heading: l.heading.clone(),
                        codes: codes.iter().filter(|&&i| cb[i].level == li).count(),
                    })
                    .collect(),
                quotes: quotes.len(),
                quotes_above_concepts: quotes
                    .iter()
                    .filter(|q| r.quote_codes[**q].iter().all(|k| cb[*k].level > 0))
                    .count(),
                quotes_per_concept: spread(concepts.iter().map(|&i| direct(i).len()).collect()),
                concepts_without_quotes: concepts
                    .iter()
                    .filter(|&&i| !evidenced[i])
                    .map(|&i| cb[i].id.id.to_string())
                    .collect(),
                single_child_codes: codes
                    .iter()
                    .filter(|&&i| cb[i].level > 0 && children(i) == 1)
                    .map(|&i| cb[i].id.id.to_string())
                    .collect(),
                saturation,
            }
        })
        .collect();

    let nq = cb.quotes.len();
    let actor_of = |q: QuoteId| r.quote_actor[q].map(ActorId::index);
    let mut kinds = KindCounts {
        interview: 0,
        document: 0,
        observation: 0,
        unknown: 0,
    };
    for (q, _) in QuoteId::each(cb) {
        match quote_kind(c, q) {
            Some(SourceKind::Interview) => kinds.interview += 1,
            Some(SourceKind::Document) => kinds.document += 1,
            Some(SourceKind::Observation) => kinds.observation += 1,
            None => kinds.unknown += 1,
        }
    }
    // One pass over the quotes for each tally.
    let tally = |len: usize, of: &dyn Fn(QuoteId) -> Option<usize>| {
        let mut counts = vec![0usize; len];
        let mut none = 0;
        for (q, _) in QuoteId::each(cb) {
            match of(q).and_then(|i| counts.get_mut(i)) {
                Some(n) => *n += 1,
                None => none += 1,
            }
        }
        (counts, none)
    };
    // A quote that speaks of several phases counts in each of them.
    let mut per_phase = vec![0usize; cb.phases.len()];
    let mut without_phase = 0;
    for (q, _) in QuoteId::each(cb) {
        let phases = &r.quote_phases[q];
        if phases.is_empty() {
            without_phase += 1;
        }
        for p in phases {
            if let Some(n) = per_phase.get_mut(p.index()) {
                *n += 1;
            }
        }
    }
    let (per_actor, without_actor) = tally(cb.actors.len(), &actor_of);
    let quotes = QuoteStats {
        total: nq,
        by_phase: cb
            .phases
            .iter()
            .zip(per_phase)
            .map(|(p, quotes)| Count {
                id: p.id.id.to_string(),
                label: p.label.text.clone(),
                quotes,
            })
            .collect(),
        without_phase,
        by_actor: cb
            .actors
            .iter()
            .zip(per_actor)
            .map(|(a, quotes)| Count {
                id: a.id.id.to_string(),
                label: a.label.text.clone(),
                quotes,
            })
            .collect(),
        without_actor,
        by_source_kind: kinds,
    };

    let (cites, _) = tally(cb.sources.len(), &|q| {
        r.quote_source[q].map(SourceId::index)
    });
    let citing = |s: usize| cites.get(s).copied().unwrap_or(0);
    let by_kind = [
        SourceKind::Interview,
        SourceKind::Document,
        SourceKind::Observation,
    ]
    .iter()
    .map(|&kind| {
        let of_kind: Vec<usize> = (0..cb.sources.len())
            .filter(|&s| cb.sources[s].kind == kind)
            .collect();
        KindSources {
            kind: kind.word().to_string(),
            declared: of_kind.len(),
            stands_for: of_kind
                .iter()
                .map(|&s| u64::from(cb.sources[s].count))
                .sum(),
            cited: of_kind.iter().filter(|&&s| citing(s) > 0).count(),
            quotes: of_kind.iter().map(|&s| citing(s)).sum(),
        }
    })
    .collect();
    let with_source = r.quote_source.values().filter(|s| s.is_some()).count();
    let sources = SourceStats {
        declared: cb.sources.len(),
        cited: (0..cb.sources.len()).filter(|&s| citing(s) > 0).count(),
        by_kind,
        not_cited: SourceId::each(cb)
            .filter(|(s, _)| citing(s.index()) == 0)
            .map(|(_, s)| s.id.id.to_string())
            .collect(),
        quotes_with_source: with_source,
        quotes_with_attribution_only: QuoteId::each(cb)
            .filter(|(q, quote)| r.quote_source[*q].is_none() && quote.attribution.is_some())
            .count(),
    };

    let matrices = MatrixId::each(cb)
        .map(|(mi, m)| {
            let links = &r.matrices[mi];
            let columns: Vec<(PhaseId, GroupId)> =
                links.columns().map(|(p, col)| (p, col.group)).collect();
            let mut filled = 0;
            let mut missing_cells = Vec::new();
            for row in &links.rows {
                for (k, &(phase, group)) in columns.iter().enumerate() {
                    if row.cell_in(k).is_some() {
                        filled += 1;
                    } else {
                        missing_cells.push(CellRef {
                            row: cb[row.code].id.id.to_string(),
                            phase: cb[phase].id.id.to_string(),
                            group: cb[group].id.id.to_string(),
                        });
                    }
                }
            }
            MatrixStats {
                id: m.id.id.to_string(),
                caption: m.caption.text.clone(),
                rows: links.rows.len(),
                columns: columns.len(),
                cells: links.rows.len() * columns.len(),
                filled,
                missing: missing_cells.len(),
                missing_cells,
            }
        })
        .collect();

    Stats {
        schema_version: SCHEMA_VERSION,
        totals: Totals {
            structures: cb.structures.len(),
            codes: cb.codes.len(),
            quotes: nq,
            sources: cb.sources.len(),
            actors: cb.actors.len(),
            phases: cb.phases.len(),
            matrices: cb.matrices.len(),
        },
        structures,
        quotes,
        sources,
        matrices,
    }
}

// ----- rendering ----------------------------------------------------------------------------

/// The forms `codebook stats` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text tables, for a terminal.
    Table,
    /// Pretty-printed JSON, for programs.
    Json,
    /// Markdown headings and pipe tables, for a review or a README.
    Markdown,
}

/// Render statistics; the text ends with a newline.
pub fn render(s: &Stats, format: Format) -> String {
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Table => text(&blocks(s)),
        Format::Markdown => markdown(&blocks(s)),
    }
}

/// The text forms are built from one list of blocks, so they always say the same.
/// Tables are the one table model ([`crate::emit::tables::Table`]), printed by the text and
/// Markdown renderers every table has.
enum Block {
    Heading(usize, String),
    Line(String),
    Table(Table),
}

/// A table of counts: right-aligned where `numeric`, each text on one line.
fn table(headers: &[&str], numeric: &[bool], rows: Vec<Vec<String>>) -> Block {
    let align: Vec<Align> = numeric
        .iter()
        .map(|n| if *n { Align::Right } else { Align::Left })
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    Block::Table(Table::plain(Kind::Stats, headers, &align, &rows))
}

fn median_text(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn count_table(first: &'static str, counts: &[Count], without: usize) -> Block {
    let mut rows: Vec<Vec<String>> = counts
        .iter()
        .map(|c| vec![c.id.clone(), c.label.clone(), c.quotes.to_string()])
        .collect();
    rows.push(vec!["(none)".into(), String::new(), without.to_string()]);
    table(&[first, "label", "quotes"], &[false, false, true], rows)
}

fn blocks(s: &Stats) -> Vec<Block> {
    let t = &s.totals;
    let mut b = vec![
        Block::Heading(1, "Codebook statistics".into()),
        Block::Line(
            [
                (t.structures, "structure", "structures"),
                (t.codes, "code", "codes"),
                (t.quotes, "quote", "quotes"),
                (t.sources, "source", "sources"),
                (t.actors, "actor", "actors"),
                (t.phases, "phase", "phases"),
                (t.matrices, "matrix", "matrices"),
            ]
            .iter()
            .map(|(n, one, many)| crate::words::count(*n, one, many))
            .collect::<Vec<_>>()
            .join(", "),
        ),
    ];
    for st in &s.structures {
        b.push(Block::Heading(
            2,
            format!("Structure {}: {}", st.id, st.caption),
        ));
        b.push(table(
            &["level", "heading", "codes"],
            &[false, false, true],
            st.levels
                .iter()
                .map(|l| vec![l.level.clone(), l.heading.clone(), l.codes.to_string()])
                .collect(),
        ));
        let per = st.quotes_per_concept.as_ref().map_or_else(
            || "no concepts".to_string(),
            |p| {
                format!(
                    "min {}, median {}, max {}",
                    p.min,
                    median_text(p.median),
                    p.max
                )
            },
        );
        let above = match st.quotes_above_concepts {
            0 => String::new(),
            n => format!(" ({n} on codes above the concepts only)"),
        };
        b.push(Block::Line(format!(
            "Quotes: {}{above}; per concept: {per}",
            st.quotes
        )));
        b.push(Block::Line(format!(
            "Concepts without quotes: {}",
            list_or_none(&st.concepts_without_quotes)
        )));
        b.push(Block::Line(format!(
            "Codes with a single child: {}",
            list_or_none(&st.single_child_codes)
        )));
        b.push(Block::Heading(3, "Saturation".into()));
        b.push(table(
            &["concept", "label", "quotes", "sources", "phases"],
            &[false, false, true, true, true],
            st.saturation
                .iter()
                .map(|x| {
                    vec![
                        x.concept.clone(),
                        x.label.clone(),
                        x.quotes.to_string(),
                        x.sources.to_string(),
                        x.phases.to_string(),
                    ]
                })
                .collect(),
        ));
    }
    let q = &s.quotes;
    b.push(Block::Heading(2, format!("Quotes ({})", q.total)));
    b.push(Block::Heading(3, "By phase".into()));
    b.push(count_table("phase", &q.by_phase, q.without_phase));
    b.push(Block::Heading(3, "By actor".into()));
    b.push(count_table("actor", &q.by_actor, q.without_actor));
    b.push(Block::Heading(3, "By source kind".into()));
    let k = &q.by_source_kind;
    let mut kind_rows = vec![
        vec!["interview".to_string(), k.interview.to_string()],
        vec!["document".to_string(), k.document.to_string()],
        vec!["observation".to_string(), k.observation.to_string()],
    ];
    if k.unknown > 0 {
        kind_rows.push(vec!["(unknown)".to_string(), k.unknown.to_string()]);
    }
    b.push(table(&["kind", "quotes"], &[false, true], kind_rows));
    let src = &s.sources;
    b.push(Block::Heading(2, "Sources".into()));
    let mut rows: Vec<Vec<String>> = src
        .by_kind
        .iter()
        .map(|k| {
            vec![
                k.kind.clone(),
                k.declared.to_string(),
                k.stands_for.to_string(),
                k.cited.to_string(),
                k.quotes.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "all".into(),
        src.declared.to_string(),
        src.by_kind
            .iter()
            .map(|k| k.stands_for)
            .sum::<u64>()
            .to_string(),
        src.cited.to_string(),
        src.quotes_with_source.to_string(),
    ]);
    b.push(table(
        &["kind", "declared", "stands for", "cited", "quotes"],
        &[false, true, true, true, true],
        rows,
    ));
    b.push(Block::Line(format!(
        "Not cited: {}",
        list_or_none(&src.not_cited)
    )));
    b.push(Block::Line(format!(
        "Quotes with a declared source: {}; with an attribution only: {}",
        src.quotes_with_source, src.quotes_with_attribution_only
    )));
    if !s.matrices.is_empty() {
        b.push(Block::Heading(2, "Matrices".into()));
        b.push(table(
            &["matrix", "rows", "columns", "cells", "filled", "missing"],
            &[false, true, true, true, true, true],
            s.matrices
                .iter()
                .map(|m| {
                    vec![
                        m.id.clone(),
                        m.rows.to_string(),
                        m.columns.to_string(),
                        m.cells.to_string(),
                        m.filled.to_string(),
                        m.missing.to_string(),
                    ]
                })
                .collect(),
        ));
        for m in s.matrices.iter().filter(|m| m.missing > 0) {
            let cells: Vec<String> = m
                .missing_cells
                .iter()
                .map(|c| format!("{} {} {}", c.row, c.phase, c.group))
                .collect();
            b.push(Block::Line(format!(
                "Missing cells of {}: {}",
                m.id,
                cells.join("; ")
            )));
        }
    }
    b
}

fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (k, b) in blocks.iter().enumerate() {
        // A blank line between blocks, but lines of text stay together.
        let after_line = k > 0 && matches!(blocks[k - 1], Block::Line(_));
        if k > 0 && !(after_line && matches!(b, Block::Line(_))) {
            out.push('\n');
        }
        match b {
            Block::Heading(level, h) => {
                let h = one_line(h);
                out.push_str(&h);
                out.push('\n');
                let rule = if *level == 1 { '=' } else { '-' };
                if *level < 3 {
                    out.push_str(&rule.to_string().repeat(width(&h)));
                    out.push('\n');
                }
            }
            Block::Line(l) => {
                out.push_str(&one_line(l));
                out.push('\n');
            }
            Block::Table(t) => out.push_str(&crate::emit::text::render(t)),
        }
    }
    out
}

/// Escape what Markdown would read as markup, on one line.
fn md(s: &str) -> String {
    markdown::inline(&one_line(s))
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (k, b) in blocks.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        match b {
            Block::Heading(level, h) => {
                out.push_str(&"#".repeat(*level));
                out.push(' ');
                out.push_str(&md(h));
                out.push('\n');
            }
            Block::Line(l) => {
                out.push_str(&md(l));
                out.push('\n');
            }
            Block::Table(t) => out.push_str(&markdown::grid(t)),
        }
    }
    out
}

/// For serde: leaves a count of zero out of the JSON.
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let s = spread(vec![3, 1, 2]).map(|s| s.median);
        assert_eq!(s, Some(2.0));
        let s = spread(vec![4, 1, 2, 3]).map(|s| (s.min, s.median, s.max));
        assert_eq!(s, Some((1, 2.5, 4)));
        assert!(spread(Vec::new()).is_none());
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("a_b: x|y *z*"), "a\\_b: x\\|y \\*z\\*");
        assert_eq!(md("R&D ~ $5\nnext"), "R\\&D \\~ \\$5 next");
    }
}
