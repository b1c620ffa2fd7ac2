//! Diagnostics: what every stage reports, and how it is shown.
//!
//! One [`Diagnostic`] type for every problem, with a stable [`Code`]. Stages push diagnostics
//! into a `Vec` and carry on, so one run reports every problem. Rendering happens only here:
//! human (miette's graphical handler, unicode, no colour, fixed width) or JSON.

use crate::syntax::ast::Span;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $doc:literal; )*) => {
        /// Every diagnostic the compiler can emit. The names are stable: tools may match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $doc] $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The short name, e.g. `unknown_reference` (also the lint name for warnings).
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// Severity before `--allow`/`--deny`.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// One line saying what the code means.
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $doc, )* }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax_error", Error, "The text does not follow the codebook grammar.";
    InvalidUtf8 = "invalid_utf8", Error, "The file is not UTF-8 text.";
    TooDeep = "too_deep", Error, "Blocks are nested deeper than the compiler allows.";
    TooLarge = "too_large", Error, "The file is larger than the compiler accepts.";
    UnreadableFile = "unreadable_file", Error, "A file that cannot be read: it does not exist, is a directory, or may not be read.";
    UnknownDeclaration = "unknown_declaration", Error, "A declaration kind that is not known in this place.";
    UnknownProperty = "unknown_property", Error, "A property that is not known in this place.";
    MissingName = "missing_name", Error, "A declaration that needs an identifier has none.";
    MissingLabel = "missing_label", Error, "A declaration that needs a quoted label has none.";
    EmptyText = "empty_text", Error, "A label, definition or quote text is empty.";
    InvalidValue = "invalid_value", Error, "A property's value is not of the expected form.";
    MissingProperty = "missing_property", Error, "A declaration lacks a property it needs.";
    DuplicateProperty = "duplicate_property", Error, "A property is given twice in one declaration.";
    InvalidDate = "invalid_date", Error, "A date that does not exist, such as 2019-02-30.";
    InvalidLevels = "invalid_levels", Error, "The levels declaration is wrong (repeated, reserved, or declared twice).";
    DuplicateDefinition = "duplicate_definition", Error, "Two declarations share one identifier.";
    ReservedName = "reserved_name", Error, "An identifier that names a generated table (actors, sources, codebook, timeline).";
    InvalidLabel = "invalid_label", Error, "A LaTeX label that is repeated or holds characters a label cannot.";
    UnknownReference = "unknown_reference", Error, "A name that nothing declares.";
    WrongKind = "wrong_kind", Error, "A reference to something of the wrong kind.";
    ConflictingParent = "conflicting_parent", Error, "A code is given two different parents.";
    WrongParentLevel = "wrong_parent_level", Error, "A code's parent is not on the next level up.";
    MappingCycle = "mapping_cycle", Error, "Codes that are their own ancestors.";
    CrossStructureMap = "cross_structure_map", Error, "A mapping that joins codes of two different data structures.";
    OrphanCode = "orphan_code", Error, "A code below the top level without a parent.";
    ChildlessCode = "childless_code", Error, "A code above the lowest level without children.";
    QuoteWithoutConcept = "quote_without_concept", Error, "A quote that supports no lowest-level code.";
    MissingAttribution = "missing_attribution", Error, "A quote with no attribution.";
    InvalidRange = "invalid_range", Error, "A date range that ends before it starts.";
    OverlappingPhases = "overlapping_phases", Error, "Two phases that share time.";
    OutsideTimeline = "outside_timeline", Error, "A turning point or period outside the phases' timeline.";
    QuoteOutsidePhase = "quote_outside_phase", Error, "A quote dated outside the phase it is assigned to.";
    QuoteWithoutPhase = "quote_without_phase", Warning, "A dated quote that falls in no declared phase.";
    UnknownMatrixColumn = "unknown_matrix_column", Error, "A matrix cell for a phase and group that are not a column.";
    InvalidCellValue = "invalid_cell_value", Error, "A matrix cell value that does not fit its row.";
    DuplicateCell = "duplicate_cell", Error, "A matrix cell given twice.";
    MissingCell = "missing_cell", Warning, "A matrix cell that is not filled.";
    TotalMismatch = "total_mismatch", Error, "A declared total that disagrees with the declared sources.";
    UnknownTable = "unknown_table", Error, "A `--table` name that the codebook has no table for.";
    UntypesettableCharacter = "untypesettable_character", Error, "Text that pdflatex cannot typeset, such as an emoji or a non-Latin script.";
    ConceptWithoutQuote = "concept_without_quote", Warning, "A lowest-level code that no quote supports.";
    UnusedActor = "unused_actor", Warning, "An actor nothing refers to.";
    UnusedSource = "unused_source", Warning, "A source no quote cites.";
    SingleChild = "single_child", Warning, "A code with exactly one child.";
    EmptyCodebook = "empty_codebook", Warning, "A file that declares nothing: it is empty or holds only comments.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "codebook::{}", self.name())
    }
}

impl Code {
    pub fn from_name(name: &str) -> Option<Code> {
        let name = name.strip_prefix("codebook::").unwrap_or(name);
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// A secondary place involved in a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One problem found in a codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Text on the primary label (under the span).
    pub label: String,
    /// Other places involved.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }

    pub fn with(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: text.into(),
        });
        self
    }

    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub fn help_opt(mut self, text: Option<String>) -> Self {
        if text.is_some() {
            self.help = text;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The best "did you mean" among `candidates`, if any is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// How warnings are treated: `--allow NAME`, `--deny NAME`, `--deny warnings`.
#[derive(Debug, Clone, Default)]
pub struct LintLevels {
    pub deny_warnings: bool,
    pub allow: Vec<Code>,
    pub deny: Vec<Code>,
}

impl LintLevels {
    /// Apply the levels: allowed warnings vanish, denied ones become errors.
    pub fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| {
                if d.code.default_severity() == Severity::Warning {
                    if self.deny.contains(&d.code) {
                        d.severity = Severity::Error;
                    } else if self.allow.contains(&d.code) {
                        return None;
                    } else if self.deny_warnings {
                        d.severity = Severity::Error;
                    }
                }
                Some(d)
            })
            .collect()
    }
}

/// Sort diagnostics by position, then code, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
}

/// The most diagnostics a run shows for one file; the rest are counted.
pub const MAX_SHOWN: usize = 200;
