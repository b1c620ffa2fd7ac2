//! Stage 2, model: what the codebook declares, with meaning given to each statement.
//!
//! [`lower`] turns a syntax tree into a [`Codebook`]. References are still names here
//! ([`Name`]); [`crate::check`] resolves them and validates the whole.

mod columns;
pub(crate) mod date;
mod ids;
mod lower;
pub mod schema;

pub use columns::{HeadingGroup, Slot, groups};
pub use date::{Date, DateRange};
pub use ids::{
    ActorId, CodeId, GroupId, Id, LevelId, MatrixId, Per, PeriodId, PhaseId, QuoteId, RoundId,
    SourceId, StructureId, TurningPointId,
};
pub use lower::{Lowering, TOP_KINDS, lower};

use crate::syntax::ast::Span;
use compact_str::CompactString;
use smallvec::SmallVec;

/// An identifier as written, with where it was written.
///
/// Identifiers are short and every quote holds several (its source, concepts and phases), so
/// they are stored inline: up to 24 bytes need no allocation of their own.
#[derive(Debug, Clone)]
pub struct Name {
    /// The identifier itself.
    pub id: CompactString,
    /// Where it is written: a byte range into the source.
    pub span: Span,
}

/// A list of names that usually holds one (a quote's concepts, its phases): one name is kept
/// in place, more are allocated.
pub type Names = SmallVec<[Name; 1]>;

/// The number a table prints (`table number: 5`), or the text an appendix or supplement
/// numbers it by (`table number: "A1"`: "Table A1").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableNumber {
    /// A whole number of 1 or more: the tables after it count on from it.
    Whole(u32),
    /// A text, printed as it is written: the tables after it keep their own count.
    Text(String),
}

impl std::fmt::Display for TableNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableNumber::Whole(n) => write!(f, "{n}"),
            TableNumber::Text(t) => f.write_str(t),
        }
    }
}

/// A text as written (already folded), with where it was written.
#[derive(Debug, Clone)]
pub struct Text {
    /// The text, its escapes resolved and its line breaks folded.
    pub text: String,
    /// Where it is written, quotes included: a byte range into the source.
    pub span: Span,
}

/// The most levels a `levels` line may name: as deep as blocks may nest
/// ([`crate::syntax::MAX_DEPTH`]), and as deep as [`crate::check::Resolved::path`] follows.
/// Without a bound, a chain of thousands of mapped levels made outputs quadratic in size.
pub const MAX_LEVELS: usize = 64;

/// The default levels, lowest first: the Gioia method's.
pub const DEFAULT_LEVELS: [(&str, &str); 3] = [
    ("concept", "First order concepts"),
    ("theme", "Second order themes"),
    ("dimension", "Aggregate dimension"),
];

/// The kinds of declaration written as two words, as their two words.
pub const TWO_WORD_KINDS: &[(&str, &str)] = &[("turning", "point"), ("focus", "group")];

/// Words that cannot name a level, because they are declarations themselves.
pub const RESERVED: &[&str] = &[
    "study",
    "levels",
    "structure",
    "map",
    "actor",
    "member",
    "group",
    "interview",
    "document",
    "observation",
    "focus",
    "round",
    "total",
    "quote",
    "phase",
    "period",
    "matrix",
    "row",
    "columns",
    "allow",
];

/// Everything one codebook file declares, in source order; references are still names.
#[derive(Debug, Clone, Default)]
pub struct Codebook {
    /// The `study` block: title, authors, year and DOI of the paper, if declared.
    pub study: Option<Study>,
    /// Lowest level first; never empty after lowering (a `levels` line that names no usable
    /// level leaves the default ones).
    pub levels: Vec<Level>,
    /// The data structures (`structure`), each printed as a table of its own.
    pub structures: Vec<Structure>,
    /// Every code of every structure, in source order.
    pub codes: Vec<Code>,
    /// The `map child -> parent` lines, written inside structures.
    pub maps: Vec<Mapping>,
    /// Organisations and their members, in source order (a member follows its organisation).
    pub actors: Vec<Actor>,
    /// The actor groups (`group`).
    pub groups: Vec<Group>,
    /// The rounds of data collection (`round`).
    pub rounds: Vec<Round>,
    /// The declared sources: interviews, documents and observations.
    pub sources: Vec<Source>,
    /// The top-level `total:` lines, each checked against the declared sources.
    pub totals: Vec<Total>,
    /// Every quote, the coded evidence, in source order.
    pub quotes: Vec<Quote>,
    /// The phases of the study's timeline (`phase`).
    pub phases: Vec<Phase>,
    /// The turning points on the timeline (`turning point`).
    pub turning_points: Vec<TurningPoint>,
    /// The data-collection periods (`period`).
    pub periods: Vec<Period>,
    /// The phase matrices (`matrix`): codes by phase and actor group.
    pub matrices: Vec<Matrix>,
    /// Lints allowed by the file itself (`allow: unused_source`).
    pub allow: Vec<Name>,
    /// The coders the file declares (`coders: alice, bob`), for `codebook agree`; a quote
    /// without `coder:` is the only declared coder's.
    pub coders: Vec<Name>,
    /// Who coded each quote that says so (`coder: alice, bob`), by quote, in source order:
    /// kept beside the quotes, which stay small.
    pub quote_coders: Vec<(QuoteId, Names)>,
    /// Where the closing full stop of each quote that says so stands (`full stop: outside` in
    /// the quote's block), by quote, in source order, and where it is written: kept beside the
    /// quotes, as their coders are.
    pub quote_full_stops: Vec<(QuoteId, FullStop, Span)>,
    /// Captions and labels of the tables that have no declaration of their own
    /// (`caption actors: "..."`, `label sources: "tab:sources"`).
    pub tables: Vec<TableMeta>,
    /// The first lines (head spans) of the declarations that have a line which could not be
    /// read (a syntax error, an unknown property, a value of the wrong form), in source order:
    /// what such a declaration seems to lack may be on that line.
    pub incomplete: Vec<Span>,
    /// The identifiers declared inside declarations that could not be read (an unknown kind):
    /// they are not "unknown" where they are used.
    pub unread_names: Vec<String>,
}

/// The generated tables that are not declared as such, and can be given a caption and label.
pub const NAMED_TABLES: &[&str] = &["actors", "sources", "codebook", "timeline", "phases"];

/// The caption and label a file gives one of the [`NAMED_TABLES`].
#[derive(Debug, Clone)]
pub struct TableMeta {
    /// One of [`NAMED_TABLES`].
    pub table: String,
    /// Its caption (`caption actors: "..."`), if given.
    pub caption: Option<Text>,
    /// Its LaTeX label (`label sources: "tab:sources"`), if given.
    pub label: Option<Text>,
    /// The levels whose codes it lists, as named (`rows codebook: code`): the codebook table
    /// only; empty for every level.
    pub rows: Vec<Name>,
    /// Its columns of the author's own, in order (`column phases: activity "Activity type"`):
    /// only the phase table has them.
    pub columns: Vec<AttributeColumn>,
    /// Printed under it (`note phases: "..."`): only the phase table has one.
    pub note: Option<Text>,
    /// Whether the phase table prints the turning points as rows between the phases
    /// (`rows phases: phases, turning points`, the default) or leaves them out (`rows phases:
    /// phases`), and where that is written; `None` where the file does not say.
    pub turning_point_rows: Option<(bool, Span)>,
    /// The number it prints (`table number actors: 1`), and where it is written.
    pub number: Option<(TableNumber, Span)>,
}

impl Codebook {
    /// How its tables set quotes and labels (the study's `quote marks:`, `full stop:` and
    /// `label style:`; the defaults without them).
    pub fn house_style(&self) -> HouseStyle {
        let study = self.study.as_ref();
        HouseStyle {
            quote_marks: study
                .and_then(|s| s.quote_marks.as_ref())
                .map_or_else(QuoteMarks::default, |(v, _)| *v),
            full_stop: study
                .and_then(|s| s.full_stop.as_ref())
                .map_or_else(FullStop::default, |(v, _)| *v),
            label_style: study
                .and_then(|s| s.label_style.as_ref())
                .map_or_else(LabelStyle::default, |(v, _)| *v),
        }
    }

    /// Where the closing full stop of quote `q` stands: its own `full stop:`, else the
    /// study's.
    pub fn quote_full_stop(&self, q: QuoteId) -> FullStop {
        self.own_full_stop(q)
            .unwrap_or_else(|| self.house_style().full_stop)
    }

    /// The full stop quote `q` says it has (`full stop:` in its block), if it says.
    pub fn own_full_stop(&self, q: QuoteId) -> Option<FullStop> {
        let i = self
            .quote_full_stops
            .binary_search_by_key(&q, |(id, ..)| *id)
            .ok()?;
        self.quote_full_stops.get(i).map(|(_, stop, _)| *stop)
    }

    /// The name of the lowest level (`concept` unless the file names its own). A codebook built
    /// by hand may have no levels; it is then `concept`, never a panic.
    pub fn lowest_level(&self) -> &str {
        self.levels
            .first()
            .map_or(DEFAULT_LEVELS[0].0, |l| l.name.as_str())
    }

    /// The caption declared for a named table, if any.
    pub fn table_caption(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|t| t.table == table)?
            .caption
            .as_ref()
            .map(|t| t.text.as_str())
    }

    /// The levels the codebook table lists (`rows codebook: code`), as named; empty for every
    /// level.
    pub fn codebook_rows(&self) -> &[Name] {
        self.tables
            .iter()
            .find(|t| t.table == "codebook")
            .map_or(&[], |t| t.rows.as_slice())
    }

    /// The label declared for a named table, if any.
    pub fn table_label(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|t| t.table == table)?
            .label
            .as_ref()
            .map(|t| t.text.as_str())
    }
}

/// The `study` block: the paper the codebook belongs to.
#[derive(Debug, Clone)]
pub struct Study {
    /// The paper's title, the block's quoted label.
    pub title: Option<Text>,
    /// The paper's authors, in order (`authors:`).
    pub authors: Vec<Text>,
    /// The year of publication (`year:`).
    pub year: Option<u32>,
    /// The paper's DOI (`doi:`).
    pub doi: Option<Text>,
    /// The marks its tables set quotes in (`quote marks:`), and where it is written.
    pub quote_marks: Option<(QuoteMarks, Span)>,
    /// Where its tables set a quote's closing full stop (`full stop:`), and where it is written.
    pub full_stop: Option<(FullStop, Span)>,
    /// How its tables set the labels of codes above the lowest level (`label style:`), and
    /// where it is written.
    pub label_style: Option<(LabelStyle, Span)>,
    /// The whole `study` block.
    pub span: Span,
}

/// The marks a study's tables set quotes in (`quote marks:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteMarks {
    /// “…”, a quotation within it ‘…’ (the default).
    #[default]
    Double,
    /// ‘…’, a quotation within it as the quote writes it (“…”).
    Single,
    /// No marks: the quote as written, as papers that print their extracts bare.
    None,
}

/// Where a study's tables set the full stop that ends a quote (`full stop:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FullStop {
    /// As the quote is written, inside the closing mark: “… end.” (the default).
    #[default]
    Inside,
    /// After the closing mark: ‘… end’.
    Outside,
}

/// How a study's tables set the labels of codes above the lowest level (`label style:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LabelStyle {
    /// In italics (the default).
    #[default]
    Italic,
    /// Upright, as the lowest level's.
    Upright,
    /// In bold.
    Bold,
}

/// A study's house style for its tables: how they set quotes and labels, as the journal does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HouseStyle {
    /// `quote marks:`.
    pub quote_marks: QuoteMarks,
    /// `full stop:`.
    pub full_stop: FullStop,
    /// `label style:`.
    pub label_style: LabelStyle,
}

impl QuoteMarks {
    /// The words for each, as written after `quote marks:`.
    pub const WORDS: &[(&str, QuoteMarks)] = &[
        ("double", QuoteMarks::Double),
        ("single", QuoteMarks::Single),
        ("none", QuoteMarks::None),
    ];
}

impl FullStop {
    /// The words for each, as written after `full stop:`.
    pub const WORDS: &[(&str, FullStop)] =
        &[("inside", FullStop::Inside), ("outside", FullStop::Outside)];
}

impl LabelStyle {
    /// The words for each, as written after `label style:`.
    pub const WORDS: &[(&str, LabelStyle)] = &[
        ("italic", LabelStyle::Italic),
        ("upright", LabelStyle::Upright),
        ("bold", LabelStyle::Bold),
    ];
}

/// The word a value is written with, from a list of `WORDS`.
pub fn word_of<T: PartialEq>(words: &[(&'static str, T)], value: &T) -> &'static str {
    words
        .iter()
        .find(|(_, v)| v == value)
        .map_or("", |(w, _)| w)
}

/// One level of the hierarchy of codes (`levels concept "First order concepts" -> ...`).
#[derive(Debug, Clone)]
pub struct Level {
    /// The word that declares a code at this level (`concept`, `theme`).
    pub name: String,
    /// The column heading tables print for it ("First order concepts").
    pub heading: String,
    /// Where the level is named in the `levels` line (empty for the default levels).
    pub span: Span,
}

/// A data structure: a tree of codes printed as one table.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Its identifier.
    pub id: Name,
    /// The caption of its table, the declaration's quoted label.
    pub caption: Text,
    /// The LaTeX `\label`, e.g. `tab:modes`.
    pub label: Option<Text>,
    /// The number its table prints (`table number: 5`), and where it is written; `None`: its
    /// place among the tables.
    pub table_number: Option<(TableNumber, Span)>,
    /// A heading row spanning its whole table above the column headings (`overall heading:`).
    pub overall_heading: Option<Text>,
    /// The heading of its table's quote column (`quote heading:`); without it, the tables'
    /// own.
    pub quote_heading: Option<Text>,
    /// The heading of a column of its own for each quote's attribution, beside the quote column
    /// on the table's outer side (`attribution column: "Participant"`); `None`: the attribution
    /// follows the quote in parentheses.
    pub attribution_column: Option<Text>,
    /// Headings of levels for its tables only (`level heading: theme "Themes"`), in the order
    /// written, each a level's name (checked to be one) and its heading.
    pub level_headings: Vec<(Name, Text)>,
    /// Columns of its codes' attributes (`column: code "Code"`), in the order written.
    pub columns: Vec<AttributeColumn>,
    /// The order of its table's level columns (`level order: highest first`), and where it is
    /// written; `None`: lowest first.
    pub level_order: Option<(LevelOrder, Span)>,
    /// Where its table prints the quotes (`quote place: under labels`), and where it is
    /// written; `None`: in a column of their own.
    pub quote_place: Option<(QuotePlace, Span)>,
    /// How its table prints the codes of the highest level (`highest level: rows`), and where
    /// it is written; `None`: in a column of their own.
    pub highest_level: Option<(HighestLevel, Span)>,
    /// How many columns its table prints its levels' labels in (`level columns: one`), and
    /// where it is written; `None`: one per level.
    pub level_columns: Option<(LevelColumns, Span)>,
    /// The level from which its levels share one column, each above it in a column of its own
    /// (`level columns: one from cluster`; checked to be a level neither the lowest nor the
    /// highest); `None` with `one`: all levels.
    pub level_columns_from: Option<Name>,
    /// A note printed under its table (`note:`).
    pub note: Option<Text>,
    /// How its tables stand on the page (`page: landscape`), and where it is written; `None`:
    /// as their columns need (landscape where they cannot all be read on an upright page).
    pub page: Option<(Page, Span)>,
    /// The whole declaration.
    pub span: Span,
}

impl Structure {
    /// Whether its table prints the highest level's column first (`level order: highest
    /// first`), the quotes last.
    pub fn highest_first(&self) -> bool {
        matches!(self.level_order, Some((LevelOrder::HighestFirst, _)))
    }

    /// Whether its table prints each quote in the label cell of the code it supports, under
    /// the label, rather than in a quote column (`quote place: under labels`).
    pub fn quotes_under_labels(&self) -> bool {
        matches!(self.quote_place, Some((QuotePlace::UnderLabels, _)))
    }

    /// Whether its table prints each code of the highest level as a row spanning the table,
    /// above the rows of the codes under it, rather than in a column (`highest level: rows`).
    pub fn highest_as_rows(&self) -> bool {
        matches!(self.highest_level, Some((HighestLevel::Rows, _)))
    }

    /// Whether its table prints the labels of all its levels in one column, each code on a
    /// row of its own under its parent's, indented a step per level (`level columns: one`).
    pub fn one_label_column(&self) -> bool {
        matches!(self.level_columns, Some((LevelColumns::One, _)))
    }
}

impl Codebook {
    /// The rank of the highest level in the one column of labels structure `si`'s table
    /// shares among its lower levels (`level columns: one`: the highest with a column, below
    /// the rows across the table with `sections`, `highest level: rows`; `one from cluster`:
    /// `cluster`, the levels above it each in a column of their own). `None`: a column per
    /// level.
    pub fn shared_label_column(&self, si: StructureId, sections: bool) -> Option<usize> {
        let s = &self[si];
        if !s.one_label_column() {
            return None;
        }
        let top = self.levels.len().max(1) - 1;
        let highest = if sections { top.saturating_sub(1) } else { top };
        let from = s
            .level_columns_from
            .as_ref()
            .and_then(|name| self.levels.iter().position(|l| l.name == name.id.as_str()));
        Some(from.map_or(highest, |f| f.min(highest)))
    }
}

/// How a structure's tables stand on the page (`page:`), in LaTeX; Markdown has no pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Upright, however many columns (`page: portrait`).
    Portrait,
    /// Turned on its side, in a smaller font, as a wide phase matrix (`page: landscape`).
    Landscape,
}

impl Page {
    /// The words for each, as written after `page:`.
    pub const WORDS: &[(&str, Page)] =
        &[("portrait", Page::Portrait), ("landscape", Page::Landscape)];
}

/// How many columns a structure's table prints its levels' labels in (`level columns:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelColumns {
    /// A column per level (`level columns: one per level`, the default).
    PerLevel,
    /// One column for all levels, each code on its own row in the tree's order, a child's
    /// label indented under its parent's (`level columns: one`), as an NVivo export prints
    /// its nodes and their subnodes.
    One,
}

impl LevelColumns {
    /// The words for each, as written after `level columns:`.
    pub const WORDS: &[(&str, LevelColumns)] = &[
        ("one per level", LevelColumns::PerLevel),
        ("one", LevelColumns::One),
        ("per level", LevelColumns::PerLevel),
        ("one column", LevelColumns::One),
    ];
}

/// How a structure's table prints the codes of its highest level (`highest level:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighestLevel {
    /// In a column of their own, as every level (`highest level: column`, the default).
    Column,
    /// Each as a row spanning the whole table, above the rows of its codes (`highest level:
    /// rows`), as a paper prints "Theme 2: …" across its table.
    Rows,
}

impl HighestLevel {
    /// The words for each, as written after `highest level:`.
    pub const WORDS: &[(&str, HighestLevel)] = &[
        ("column", HighestLevel::Column),
        ("rows", HighestLevel::Rows),
        ("own column", HighestLevel::Column),
        ("row", HighestLevel::Rows),
        ("section rows", HighestLevel::Rows),
        ("spanning rows", HighestLevel::Rows),
    ];
}

/// Where a structure's table prints its quotes (`quote place:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotePlace {
    /// In a column of their own, beside the labels (`quote place: own column`, the default).
    OwnColumn,
    /// In the label cell of the code each supports, under its label (`quote place: under
    /// labels`), as a paper whose theme cells hold the theme and its quote.
    UnderLabels,
}

impl QuotePlace {
    /// The words for each, as written after `quote place:`.
    pub const WORDS: &[(&str, QuotePlace)] = &[
        ("own column", QuotePlace::OwnColumn),
        ("under labels", QuotePlace::UnderLabels),
        ("under label", QuotePlace::UnderLabels),
    ];
}

/// The order in which a structure's table prints its levels' columns, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelOrder {
    /// Quotes, then the lowest level, up to the highest (`level order: lowest first`, the
    /// default).
    LowestFirst,
    /// The highest level, down to the lowest, then the quotes (`level order: highest first`).
    HighestFirst,
}

impl LevelOrder {
    /// As it is written after `level order:`.
    pub fn words(self) -> &'static str {
        match self {
            LevelOrder::LowestFirst => "lowest first",
            LevelOrder::HighestFirst => "highest first",
        }
    }
}

/// A column of a structure's table that prints an attribute of its codes
/// (`column: code "Code"`).
#[derive(Debug, Clone)]
pub struct AttributeColumn {
    /// The attribute's name, as the codes write it (`code`).
    pub attribute: Name,
    /// The column's heading.
    pub heading: Text,
    /// Printed right of its level's labels (`column: senior "Senior leaders" right`), rather
    /// than left of them.
    pub right: bool,
    /// Printed in the label's own cell, after the label, instead of in a column (`column:
    /// coded after label "[…]"`), in this form.
    pub in_label: Option<InLabel>,
    /// The common heading over it and the columns beside it that give the same one (`column:
    /// picu "PICU" under "Caregivers reporting the theme"`), printed once across them.
    pub under: Option<Text>,
}

/// The form a value printed after a label takes (`column: coded after label "(n = …)"`): the
/// text before the value and the text after it, as the form writes them around `…`.
#[derive(Debug, Clone)]
pub struct InLabel {
    /// The form as written (`"[…]"`), and where.
    pub form: Text,
    /// What stands before the value (`[`, `(n = `).
    pub before: String,
    /// What stands after it (`]`, `)`).
    pub after: String,
}

impl InLabel {
    /// The form without one written: the value in parentheses, `Label (62 quotations)`.
    pub const DEFAULT: &'static str = "(…)";

    /// The form `written` (a text with `…` or `...` where the value goes), or `None` if it has
    /// no such place.
    pub fn parse(form: Text) -> Option<InLabel> {
        let (at, len) = form
            .text
            .find('…')
            .map(|i| (i, '…'.len_utf8()))
            .or_else(|| form.text.find("...").map(|i| (i, 3)))?;
        let before = form.text.get(..at)?.to_string();
        let after = form.text.get(at + len..)?.to_string();
        Some(InLabel {
            form,
            before,
            after,
        })
    }

    /// The value in this form (`[62 quotations]`).
    pub fn around(&self, value: &str) -> String {
        format!("{}{value}{}", self.before, self.after)
    }
}

/// A code at any level (a concept, a theme, a dimension, ...).
#[derive(Debug, Clone)]
pub struct Code {
    /// Its identifier.
    pub id: Name,
    /// Its label, as tables print it.
    pub label: Text,
    /// Its level.
    pub level: LevelId,
    /// The data structure it belongs to.
    pub structure: StructureId,
    /// The enclosing code when written nested.
    pub nested_in: Option<CodeId>,
    /// Its other parents, as written (`also under: operation`): a code shared by several
    /// codes of the level above.
    pub also_under: Vec<Name>,
    /// Where it stands among the codes of each of `also_under` (`also under: operation after
    /// weekly_notes`), one entry per parent there, `None` where the file does not say: then its
    /// place in the whole file's order of declaration.
    pub also_places: Vec<Option<Place>>,
    /// What the code means, for the codebook table (`definition:`).
    pub definition: Option<Text>,
    /// Its colour in figures and QDA software (`colour:`).
    pub colour: Option<Colour>,
    /// How many segments of the data are coded with it (`coded: 62 quotations`), of which the
    /// file's quotes are a selection.
    pub coded: Option<Coded>,
    /// Properties of the researcher's own (`effect: enables`), in source order.
    pub attributes: Vec<Attribute>,
    /// The whole declaration.
    pub span: Span,
}

impl Code {
    /// The value a table column named `attribute` prints for it (`column: code "Code"`), and
    /// where it is written: an attribute of the researcher's own, `coded`, the count of
    /// segments coded with it (`62 quotations`), or its `definition`.
    pub fn attribute_value(&self, attribute: &str) -> Option<(String, Span)> {
        if attribute == CODED {
            return self.coded.as_ref().map(|c| (c.text(), c.span.clone()));
        }
        if attribute == DEFINITION {
            return self
                .definition
                .as_ref()
                .map(|d| (d.text.clone(), d.span.clone()));
        }
        self.attributes
            .iter()
            .find(|a| a.key.id == attribute)
            .map(|a| (a.value.clone(), a.key.span.clone()))
    }

    /// Whether a table column named `attribute` has a value for it.
    pub fn carries(&self, attribute: &str) -> bool {
        if attribute == CODED {
            self.coded.is_some()
        } else if attribute == DEFINITION {
            self.definition.is_some()
        } else {
            self.attributes.iter().any(|a| a.key.id == attribute)
        }
    }
}

/// The name a `column:` gives the count of segments coded with each code (`column: coded "n"`).
pub const CODED: &str = "coded";

/// The name a `column:` gives each code's definition (`column: definition "Definition"`).
pub const DEFINITION: &str = "definition";

/// How many segments of the data are coded with a code (`coded: 62 quotations`), in the
/// author's own noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    /// The number of segments.
    pub count: u32,
    /// What a segment is called (`quotations`, `references`), as written; `None` for a bare
    /// number (`coded: 12`).
    pub noun: Option<String>,
    /// Where the value is written.
    pub span: Span,
}

impl Coded {
    /// The count as tables print it: `62 quotations`, or `62`.
    pub fn text(&self) -> String {
        match &self.noun {
            Some(noun) => format!("{} {noun}", self.count),
            None => self.count.to_string(),
        }
    }
}

/// Where a shared code stands among the codes of one of its other parents: right after or
/// right before one of them (`also under: doctors after supported`).
#[derive(Debug, Clone)]
pub struct Place {
    /// After the sibling (`after`), or before it (`before`).
    pub after: bool,
    /// The code of that parent it stands beside.
    pub sibling: Name,
}

impl Place {
    /// The word that says which side: `after` or `before`.
    pub fn word(&self) -> &'static str {
        if self.after { "after" } else { "before" }
    }
}

/// `#RRGGBB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    /// The colour as `#RRGGBB`, in upper-case hexadecimal.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0[0], self.0[1], self.0[2])
    }
}

/// A code's property of the researcher's own, such as `effect: enables`.
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The property's name.
    pub key: Name,
    /// Its values as written, joined with `, `.
    pub value: String,
    /// Its values as written, one per item (`activity: "Expert panel", "Delphi"`): a table
    /// prints each on a line of its own.
    pub items: Vec<String>,
    /// The value as a number, where it is one whole number written without quotes
    /// (`interviews: 6`, not `"6"` or `06`): JSON gives it as a number.
    pub number: Option<u64>,
}

/// `map child -> parent`
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The code given a parent.
    pub child: Name,
    /// The parent it is given, a code one level up.
    pub parent: Name,
    /// The whole line.
    pub span: Span,
}

/// An organisation (`actor`) or one of its members (`member`).
#[derive(Debug, Clone)]
pub struct Actor {
    /// Its identifier.
    pub id: Name,
    /// Its name, the declaration's quoted label.
    pub label: Text,
    /// The short name tables print (`abbreviation:`).
    pub abbreviation: Option<Text>,
    /// Who they are, for the actors table (`description:`).
    pub description: Option<Text>,
    /// The organisation this actor is a member of.
    pub member_of: Option<ActorId>,
    /// The whole declaration.
    pub span: Span,
}

impl Actor {
    /// The abbreviation if declared, else the label.
    pub fn short(&self) -> &str {
        self.abbreviation
            .as_ref()
            .map_or(&self.label.text, |a| &a.text)
    }
}

/// A group of actors (`group`): a column of phase matrices, or who took part in an observation.
#[derive(Debug, Clone)]
pub struct Group {
    /// Its identifier.
    pub id: Name,
    /// Its heading, the declaration's quoted label; without one, its members' short names.
    pub label: Option<Text>,
    /// The actors it groups (`members:`), as written.
    pub members: Vec<Name>,
    /// The whole declaration.
    pub span: Span,
}

/// A round of data collection (`round`), which sources may belong to.
#[derive(Debug, Clone)]
pub struct Round {
    /// Its identifier.
    pub id: Name,
    /// Its description, the declaration's quoted label.
    pub label: Text,
    /// When the round took place (`date:`).
    pub when: Option<DateRange>,
    /// `total: 19 interviews, 12 recurring`
    pub total: Option<Total>,
    /// The whole declaration.
    pub span: Span,
}

/// What kind of source a declaration stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    /// An interview (`interview`).
    Interview,
    /// A document (`document`).
    Document,
    /// An observed event (`observation`).
    Observation,
    /// A focus group or group interview (`focus group`).
    FocusGroup,
}

impl SourceKind {
    pub(crate) fn word(self) -> &'static str {
        match self {
            SourceKind::Interview => "interview",
            SourceKind::Document => "document",
            SourceKind::Observation => "observation",
            SourceKind::FocusGroup => "focus group",
        }
    }
}

/// A declared source: one or several interviews, documents, observations or focus groups.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its identifier, which quotes cite (`source:`).
    pub id: Name,
    /// Interview, document, observation or focus group.
    pub kind: SourceKind,
    /// As printed in the data-sources table ("office-based physicians").
    pub label: Text,
    /// How many sources this declaration stands for (default 1).
    pub count: u32,
    /// The role used in attributions ("community worker").
    pub role: Option<Text>,
    /// The actor the interviewee belongs to, or who wrote the document (`actor:`).
    pub actor: Option<Name>,
    /// The round it belongs to (`round:`).
    pub round: Option<Name>,
    /// A document's or observation's kind ("minutes", "press conference").
    pub of_kind: Option<Text>,
    /// When the sources were collected: one date or range for all, or one per source.
    pub when: Vec<DateRange>,
    /// Minutes, per source.
    pub duration: Option<u32>,
    /// Pages, for all `count` documents together.
    pub pages: Option<u32>,
    /// Who took part in an observation (`participants:`), in source order.
    pub participants: Vec<Participant>,
    /// How many people took part in a focus group (`participants: 23`), in all `count` of
    /// them together.
    pub people: Option<u32>,
    /// The whole declaration.
    pub span: Span,
}

/// One participant of an observation.
#[derive(Debug, Clone)]
pub enum Participant {
    /// A declared actor or group, by name.
    Ref(Name),
    /// A participant described in words (`"product owners"`).
    Text(Text),
}

/// What a total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    /// Interviews.
    Interviews,
    /// Interviews with someone interviewed before (`12 recurring`), as rounds declare them.
    Recurring,
    /// Documents.
    Documents,
    /// Pages of documents.
    Pages,
    /// Observations.
    Observations,
    /// Time, counted in minutes.
    Minutes,
    /// Focus groups.
    FocusGroups,
    /// The people who took part in focus groups.
    Participants,
}

impl Unit {
    pub(crate) fn word(self) -> &'static str {
        match self {
            Unit::Interviews => "interviews",
            Unit::Recurring => "recurring interviews",
            Unit::Documents => "documents",
            Unit::Pages => "pages",
            Unit::Observations => "observations",
            Unit::Minutes => "minutes of observation",
            Unit::FocusGroups => "focus groups",
            Unit::Participants => "participants",
        }
    }

    /// The word for one: `1 interview`, `1 page`.
    pub(crate) fn singular(self) -> &'static str {
        match self {
            Unit::Interviews => "interview",
            Unit::Recurring => "recurring interview",
            Unit::Documents => "document",
            Unit::Pages => "page",
            Unit::Observations => "observation",
            Unit::Minutes => "minute of observation",
            Unit::FocusGroups => "focus group",
            Unit::Participants => "participant",
        }
    }
}

/// `total: 81 documents, 652 pages`
#[derive(Debug, Clone)]
pub struct Total {
    /// What it counts, in the order written: an amount and its unit each.
    pub items: Vec<TotalItem>,
    /// The whole `total:` line.
    pub span: Span,
}

/// One amount of a total: `81 documents`, `5 h`.
#[derive(Debug, Clone)]
pub struct TotalItem {
    /// How many, in the unit's terms (hours are counted in minutes).
    pub amount: u64,
    /// What is counted.
    pub unit: Unit,
    /// As written (`5 h`), for messages and tables.
    pub written: String,
    /// Where it is written.
    pub span: Span,
}

/// One coded segment. Archives hold hundreds of thousands, so the record is kept small: what
/// most quotes leave out (an identifier, an attribution, an actor of its own) is boxed.
#[derive(Debug, Clone)]
pub struct Quote {
    /// Its identifier, if it has one (`quote q1 "..."`).
    pub id: Option<Box<Name>>,
    /// What was said or written: the declaration's quoted label.
    pub text: Text,
    /// Who said it (`by:`) or what it is from (`from:`), as tables print it.
    pub attribution: Option<Box<Attribution>>,
    /// A declared source this quote comes from.
    pub source: Option<Name>,
    /// The codes it is evidence for (of any level), as written; a quote written inside a code
    /// has that code first.
    pub supports: Names,
    /// Usually one; a quote may speak of several phases (`phase: p1, p2`).
    pub phases: Names,
    /// The actor it speaks for (`actor:`).
    pub actor: Option<Box<Name>>,
    /// When the quoted event happened (`date:`).
    pub date: Option<DateRange>,
    /// `representative: yes` marks a quote the data-structure table prints; when no quote of a
    /// structure is marked, tables print them all (except those marked `no`).
    pub representative: Option<bool>,
    /// The whole declaration.
    pub span: Span,
}

/// Where a quote comes from, as the tables print it.
#[derive(Debug, Clone)]
pub enum Attribution {
    /// A person: `by: "community worker", 2017`.
    Person {
        /// Their role, as printed ("community worker").
        role: Text,
        /// When they said it, if given.
        when: Option<DateRange>,
    },
    /// A document: `from: "minutes", 2017-02-09`.
    Document {
        /// The kind of document, as printed ("minutes").
        kind: Text,
        /// Its date, if given.
        when: Option<DateRange>,
    },
}

/// A phase of the study's timeline (`phase p1 "Label" 2017 .. 2018`, or undated: `phase p1
/// "Phase 1"`, ordered as written).
#[derive(Debug, Clone)]
pub struct Phase {
    /// Its identifier.
    pub id: Name,
    /// Its name, the declaration's quoted label.
    pub label: Text,
    /// The time it covers; `None` for a phase the study numbers but does not date.
    pub range: Option<DateRange>,
    /// A sentence the tables print (`description:`).
    pub description: Option<Text>,
    /// Properties of the researcher's own (`activity: "Expert panel", "Delphi"`), in source
    /// order: the columns of the phase table.
    pub attributes: Vec<Attribute>,
    /// The whole declaration.
    pub span: Span,
}

/// A turning point on the timeline (`turning point t1 "Label" 2018-03`), or between undated
/// phases (`turning point t1 "Label" after p1`).
#[derive(Debug, Clone)]
pub struct TurningPoint {
    /// Its identifier.
    pub id: Name,
    /// What happened, the declaration's quoted label.
    pub label: Text,
    /// When it happened; `None` for one placed between undated phases (`after capture`).
    pub when: Option<DateRange>,
    /// The undated phase it follows (`turning point cut "Funding cut" after capture`); `None`
    /// for a dated one, which its date places.
    pub after: Option<Name>,
    /// A sentence the tables print (`description:`).
    pub description: Option<Text>,
    /// The whole declaration.
    pub span: Span,
}

/// A data-collection period (retrospective, real-time, follow-up).
#[derive(Debug, Clone)]
pub struct Period {
    /// Its identifier.
    pub id: Name,
    /// Its name, the declaration's quoted label.
    pub label: Text,
    /// The time it covers.
    pub range: DateRange,
    /// The whole declaration.
    pub span: Span,
}

/// A phase matrix: for each row's code, what each actor group did in each phase.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// Its identifier.
    pub id: Name,
    /// The caption of its table, the declaration's quoted label.
    pub caption: Text,
    /// The LaTeX `\label` of its table (`label:`).
    pub label: Option<Text>,
    /// The number its table prints (`table number: 5`), and where it is written.
    pub table_number: Option<(TableNumber, Span)>,
    /// A note printed under its table (`note:`).
    pub note: Option<Text>,
    /// Printed above the group columns' row stub ("Organizations").
    pub heading: Option<Text>,
    /// Whether its phase headings print in capitals (the default; `phase capitals: no` prints
    /// them as the phases' labels are written).
    pub phase_capitals: bool,
    /// Its columns, phase by phase (the `columns` block).
    pub columns: Vec<ColumnGroup>,
    /// Its rows, one per code, in source order.
    pub rows: Vec<Row>,
    /// The whole declaration.
    pub span: Span,
}

/// The columns of one phase.
#[derive(Debug, Clone)]
pub struct ColumnGroup {
    /// The phase.
    pub phase: Name,
    /// Its columns, one per actor group, left to right.
    pub columns: Vec<Column>,
    /// The line that names them.
    pub span: Span,
}

/// One column of a phase matrix: an actor group.
#[derive(Debug, Clone)]
pub struct Column {
    /// The actor group whose column it is.
    pub group: Name,
    /// Sub-columns this column spans (1 when not split).
    pub split: u32,
    /// Where it is written.
    pub span: Span,
}

/// One row of a phase matrix (`row code { ... }`).
#[derive(Debug, Clone)]
pub struct Row {
    /// The code the row is about; its label is the row's heading.
    pub code: Name,
    /// Its filled cells, in source order.
    pub cells: Vec<Cell>,
    /// The whole row.
    pub span: Span,
}

/// One cell of a matrix row (`p1 hc_hi1: exclusive`).
#[derive(Debug, Clone)]
pub struct Cell {
    /// The phase of its column.
    pub phase: Name,
    /// The actor group of its column.
    pub group: Name,
    /// What it holds, in order.
    pub values: Vec<CellValue>,
    /// The whole line.
    pub span: Span,
}

/// One value of a matrix cell.
#[derive(Debug, Clone)]
pub enum CellValue {
    /// A code, by name: the cell prints its label.
    Code(Name),
    /// A text of its own (`"Converged objectives"`).
    Text(Text),
}

#[cfg(test)]
mod tests {
    /// A quote record's size is multiplied by the number of quotes (100k quotes: 24 MB at 240
    /// bytes, 36 MB at the former 360); this fails when a field makes it grow.
    #[test]
    fn quote_records_stay_small() {
        let size = std::mem::size_of::<super::Quote>();
        assert!(size <= 240, "a Quote is {size} bytes");
    }
}
