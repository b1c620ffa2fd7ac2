//! Stage 2, model: what the codebook declares, with meaning given to each statement.
//!
//! [`lower`] turns a syntax tree into a [`Codebook`]. References are still names here
//! ([`Name`]); [`crate::check`] resolves them and validates the whole.

pub(crate) mod date;
mod ids;
mod lower;
pub mod schema;

pub use date::{Date, DateRange};
pub use ids::{
    ActorId, CodeId, GroupId, Id, MatrixId, Per, PeriodId, PhaseId, QuoteId, RoundId, SourceId,
    StructureId, TurningPointId,
};
pub use lower::{Lowering, lower};

use crate::syntax::ast::Span;
use compact_str::CompactString;
use smallvec::SmallVec;

/// An identifier as written, with where it was written.
///
/// Identifiers are short and every quote holds several (its source, concepts and phases), so
/// they are stored inline: up to 24 bytes need no allocation of their own.
#[derive(Debug, Clone)]
pub struct Name {
    pub id: CompactString,
    pub span: Span,
}

/// A list of names that usually holds one (a quote's concepts, its phases): one name is kept
/// in place, more are allocated.
pub type Names = SmallVec<[Name; 1]>;

/// A text as written (already folded), with where it was written.
#[derive(Debug, Clone)]
pub struct Text {
    pub text: String,
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

#[derive(Debug, Clone, Default)]
pub struct Codebook {
    pub study: Option<Study>,
    /// Lowest level first.
    pub levels: Vec<Level>,
    pub structures: Vec<Structure>,
    /// Every code of every structure, in source order.
    pub codes: Vec<Code>,
    pub maps: Vec<Mapping>,
    /// Organisations and their members, in source order (a member follows its organisation).
    pub actors: Vec<Actor>,
    pub groups: Vec<Group>,
    pub rounds: Vec<Round>,
    pub sources: Vec<Source>,
    pub totals: Vec<Total>,
    pub quotes: Vec<Quote>,
    pub phases: Vec<Phase>,
    pub turning_points: Vec<TurningPoint>,
    pub periods: Vec<Period>,
    pub matrices: Vec<Matrix>,
    /// Lints allowed by the file itself (`allow: unused_source`).
    pub allow: Vec<Name>,
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
pub const NAMED_TABLES: &[&str] = &["actors", "sources", "codebook", "timeline"];

#[derive(Debug, Clone)]
pub struct TableMeta {
    /// One of [`NAMED_TABLES`].
    pub table: String,
    pub caption: Option<Text>,
    pub label: Option<Text>,
}

impl Codebook {
    /// The caption declared for a named table, if any.
    pub fn table_caption(&self, table: &str) -> Option<&str> {
        self.tables
            .iter()
            .find(|t| t.table == table)?
            .caption
            .as_ref()
            .map(|t| t.text.as_str())
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

#[derive(Debug, Clone)]
pub struct Study {
    pub title: Option<Text>,
    pub authors: Vec<Text>,
    pub year: Option<u32>,
    pub doi: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub name: String,
    pub heading: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub id: Name,
    pub caption: Text,
    /// The LaTeX `\label`, e.g. `tab:modes`.
    pub label: Option<Text>,
    pub note: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Code {
    pub id: Name,
    pub label: Text,
    /// Index into [`Codebook::levels`].
    pub level: usize,
    /// Index into [`Codebook::structures`].
    pub structure: usize,
    /// The enclosing code when written nested.
    pub nested_in: Option<usize>,
    pub definition: Option<Text>,
    pub colour: Option<Colour>,
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

/// `#RRGGBB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub [u8; 3]);

impl Colour {
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0[0], self.0[1], self.0[2])
    }
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub key: Name,
    pub value: String,
}

/// `map child -> parent`
#[derive(Debug, Clone)]
pub struct Mapping {
    pub child: Name,
    pub parent: Name,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Name,
    pub label: Text,
    pub abbreviation: Option<Text>,
    pub description: Option<Text>,
    /// Index of the organisation this actor is a member of.
    pub member_of: Option<usize>,
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

#[derive(Debug, Clone)]
pub struct Group {
    pub id: Name,
    pub label: Option<Text>,
    pub members: Vec<Name>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Round {
    pub id: Name,
    pub label: Text,
    pub when: Option<DateRange>,
    /// `total: 19 interviews, 12 recurring`
    pub total: Option<Total>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    Interview,
    Document,
    Observation,
}

impl SourceKind {
    pub fn word(self) -> &'static str {
        match self {
            SourceKind::Interview => "interview",
            SourceKind::Document => "document",
            SourceKind::Observation => "observation",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: Name,
    pub kind: SourceKind,
    /// As printed in the data-sources table ("office-based physicians").
    pub label: Text,
    /// How many sources this declaration stands for (default 1).
    pub count: u32,
    /// The role used in attributions ("community worker").
    pub role: Option<Text>,
    pub actor: Option<Name>,
    pub round: Option<Name>,
    /// A document's or observation's kind ("minutes", "press conference").
    pub of_kind: Option<Text>,
    pub when: Vec<DateRange>,
    /// Minutes, per source.
    pub duration: Option<u32>,
    /// Pages, for all `count` documents together.
    pub pages: Option<u32>,
    pub participants: Vec<Participant>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Participant {
    Ref(Name),
    Text(Text),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Interviews,
    Recurring,
    Documents,
    Pages,
    Observations,
    /// Time, counted in minutes.
    Minutes,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Interviews => "interviews",
            Unit::Recurring => "recurring interviews",
            Unit::Documents => "documents",
            Unit::Pages => "pages",
            Unit::Observations => "observations",
            Unit::Minutes => "minutes of observation",
        }
    }

    /// The word for one: `1 interview`, `1 page`.
    pub fn singular(self) -> &'static str {
        match self {
            Unit::Interviews => "interview",
            Unit::Recurring => "recurring interview",
            Unit::Documents => "document",
            Unit::Pages => "page",
            Unit::Observations => "observation",
            Unit::Minutes => "minute of observation",
        }
    }
}

/// `total: 81 documents, 652 pages`
#[derive(Debug, Clone)]
pub struct Total {
    pub items: Vec<TotalItem>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TotalItem {
    pub amount: u64,
    pub unit: Unit,
    /// As written (`5 h`), for messages and tables.
    pub written: String,
    pub span: Span,
}

/// One coded segment. Archives hold hundreds of thousands, so the record is kept small: what
/// most quotes leave out (an identifier, an attribution, an actor of its own) is boxed.
#[derive(Debug, Clone)]
pub struct Quote {
    pub id: Option<Box<Name>>,
    pub text: Text,
    pub attribution: Option<Box<Attribution>>,
    /// A declared source this quote comes from.
    pub source: Option<Name>,
    pub supports: Names,
    /// Usually one; a quote may speak of several phases (`phase: p1, p2`).
    pub phases: Names,
    pub actor: Option<Box<Name>>,
    pub date: Option<DateRange>,
    /// `representative: yes` marks a quote the data-structure table prints; when no quote of a
    /// structure is marked, tables print them all (except those marked `no`).
    pub representative: Option<bool>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Attribution {
    /// `by: "community worker", 2017`
    Person { role: Text, when: Option<DateRange> },
    /// `from: "minutes", 2017-02-09`
    Document { kind: Text, when: Option<DateRange> },
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: Name,
    pub label: Text,
    pub range: DateRange,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TurningPoint {
    pub id: Name,
    pub label: Text,
    pub when: DateRange,
    pub description: Option<Text>,
    pub span: Span,
}

/// A data-collection period (retrospective, real-time, follow-up).
#[derive(Debug, Clone)]
pub struct Period {
    pub id: Name,
    pub label: Text,
    pub range: DateRange,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Matrix {
    pub id: Name,
    pub caption: Text,
    pub label: Option<Text>,
    pub note: Option<Text>,
    /// Printed above the group columns' row stub ("Organizations").
    pub heading: Option<Text>,
    pub columns: Vec<ColumnGroup>,
    pub rows: Vec<Row>,
    pub span: Span,
}

/// The columns of one phase.
#[derive(Debug, Clone)]
pub struct ColumnGroup {
    pub phase: Name,
    pub columns: Vec<Column>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub group: Name,
    /// Sub-columns this column spans (1 when not split).
    pub split: u32,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub code: Name,
    pub cells: Vec<Cell>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub phase: Name,
    pub group: Name,
    pub values: Vec<CellValue>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum CellValue {
    Code(Name),
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
