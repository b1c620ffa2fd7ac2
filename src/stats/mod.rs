//! `codebook stats`: the counts a reviewer asks of a coding schema, from a checked codebook.
//!
//! [`compute`] gathers a [`Stats`] value; [`render`] writes it as a text table, JSON (described
//! by `schemas/json/stats.schema.json`) or Markdown. Everything is in declaration order and nothing
//! depends on the time or the machine: the same codebook gives byte-identical output.
//!
//! Definitions:
//! - A structure's **concepts** are its codes without children: those of the lowest level,
//!   and in an uneven hierarchy the codes above it that group nothing (a subtheme without
//!   sub-subthemes, `allow: childless_code`); **quotes per concept**
//!   counts the quotes that support a concept directly. A structure's **quotes** are those
//!   supporting any of its codes, of any level, each counted once. A concept is **without
//!   quotes** when neither a quote of its own nor one of a code it belongs to (its theme, its
//!   dimension) supports it: the rule of `concept_without_quote`.
//! - A quote's **source kind** is the kind of its linked source (`source:`), else `interview`
//!   for a person's words (`by:`) and `document` for `from:`.
//! - **Saturation**, per concept: its quotes; its distinct sources, a quote's source being its
//!   linked source when it has one (told apart by its attribution where the declaration stands
//!   for several, `count: 20`) and else its attribution as printed ("physician, 2019"), so
//!   two quotes of one interview count once; and the distinct phases of its quotes (declared,
//!   or implied by their dates).
//! - A matrix has a cell per row and column (a phase's actor group); a cell is filled when a
//!   row gives it a value.
//!
//! The module's parts: the statistics as data (here), [`compute`] in `counts.rs`, [`render`]
//! and its three forms in `render.rs`.

mod counts;
mod render;

pub use counts::compute;
pub use render::{Format, render};

use serde::Serialize;

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
    /// Of those, the quotes that support only codes with children (a theme, a dimension), no
    /// concept; left out of the JSON when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub quotes_above_concepts: usize,
    /// Over the structure's concepts; `None` when it has none.
    pub quotes_per_concept: Option<Spread>,
    /// The concepts (codes without children) no quote supports and no `coded:` count gives
    /// segments of, by identifier.
    pub concepts_without_quotes: Vec<String>,
    /// Codes above the lowest level with exactly one child.
    pub single_child_codes: Vec<String>,
    /// One entry per concept, in declaration order.
    pub saturation: Vec<Saturation>,
    /// Where a code of the structure says how many segments the data holds coded with it
    /// (`coded: 62 quotations`): one entry per code, in declaration order, the quotes the file
    /// gives it beside that count; empty, and left out of the JSON, otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coded: Vec<CodedCount>,
}

/// A code's quotes in the file beside the segments the data holds coded with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedCount {
    /// The code's identifier.
    pub code: String,
    /// Its level's word.
    pub level: String,
    /// Its label.
    pub label: String,
    /// The quotes the file gives it (that support it directly): those the tables can show.
    pub quotes: usize,
    /// The segments the data holds coded with it (`coded:`); `None` where it does not say.
    pub coded: Option<u32>,
    /// What a segment is called, as written (`quotations`); `None` for a bare number or none.
    pub noun: Option<String>,
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
    /// Its level's word (`concept`; a higher level's for a code above the lowest level
    /// without children).
    pub level: String,
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
    /// From a linked focus group; left out where no quote is.
    #[serde(skip_serializing_if = "is_zero")]
    pub focus_group: usize,
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
    /// Interviews, documents, observations, in that order, then focus groups where any is
    /// declared.
    pub by_kind: Vec<KindSources>,
    /// Declarations no quote cites.
    pub not_cited: Vec<String>,
    /// Quotes citing a declared source.
    pub quotes_with_source: usize,
    /// Quotes with an attribution (`by:`/`from:`) and no declared source.
    pub quotes_with_attribution_only: usize,
}

/// The sources of one kind (interview, document, observation or focus group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindSources {
    /// `interview`, `document`, `observation` or `focus group`.
    pub kind: String,
    /// Source declarations of this kind.
    pub declared: usize,
    /// The sum of the declarations' `count:`.
    pub stands_for: u64,
    /// Declarations of this kind at least one quote cites.
    pub cited: usize,
    /// Quotes citing a source of this kind.
    pub quotes: usize,
    /// How many people took part, where the declarations say (`participants: 9` of a focus
    /// group); absent for other kinds and where none says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<u64>,
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
/// For serde: leaves a count of zero out of the JSON.
fn is_zero(n: &usize) -> bool {
    *n == 0
}
