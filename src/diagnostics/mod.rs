//! Diagnostics: what every stage reports, and how it is shown.
//!
//! One [`Diagnostic`] type for every problem, with a stable [`DiagnosticCode`]. Stages push diagnostics
//! into a `Vec` and carry on, so one run reports every problem. Rendering happens only here:
//! human (miette's graphical handler, unicode, no colour, fixed width) or JSON.

use crate::syntax::ast::Span;
use serde::Serialize;
use std::fmt;

mod explain;

pub use explain::{
    EXAMPLE_BASE, EXAMPLE_BASE_NOTE, Example, Explanation, STATEMENTS, explain_all, statement,
};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The codebook is wrong: `check` fails and nothing is built.
    Error,
    /// Probably a mistake (a lint): reported, but the codebook is still built, unless denied.
    Warning,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $doc:literal; )*) => {
        /// Every diagnostic the compiler can emit. The names are stable: tools may match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DiagnosticCode { $( #[doc = $doc] $variant, )* }

        impl DiagnosticCode {
            /// Every code, in the order `codebook explain` lists them.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant,)*];

            /// The short name, e.g. `unknown_reference` (also the lint name for warnings).
            pub fn name(self) -> &'static str {
                match self { $( DiagnosticCode::$variant => $name, )* }
            }

            /// Severity before `--allow`/`--deny`.
            pub fn default_severity(self) -> Severity {
                match self { $( DiagnosticCode::$variant => Severity::$sev, )* }
            }

            /// One line saying what the code means.
            pub fn description(self) -> &'static str {
                match self { $( DiagnosticCode::$variant => $doc, )* }
            }
        }
    };
}

codes! {
    SyntaxError = "syntax_error", Error, "The text does not follow the codebook grammar.";
    InvalidUtf8 = "invalid_utf8", Error, "The file is not UTF-8 text.";
    NotACodebook = "not_a_codebook", Error, "The file is another kind of file (a Word document, a PDF, JSON, a REFI-QDA project, ...), not a codebook's text.";
    TooDeep = "too_deep", Error, "Blocks are nested deeper than the compiler allows.";
    TooLarge = "too_large", Error, "The file is larger than the compiler accepts.";
    UnreadableFile = "unreadable_file", Error, "A file that cannot be read: it does not exist, is a directory, or may not be read.";
    UnknownDeclaration = "unknown_declaration", Error, "A declaration kind that is not known in this place.";
    UnknownProperty = "unknown_property", Error, "A property that is not known in this place.";
    MissingName = "missing_name", Error, "A declaration that needs an identifier has none.";
    InvalidIdentifier = "invalid_identifier", Error, "An identifier that is not one word of letters, digits and `_` starting with a letter.";
    MissingLabel = "missing_label", Error, "A declaration that needs a quoted label has none.";
    EmptyText = "empty_text", Error, "A label, definition or quote text is empty.";
    InvalidValue = "invalid_value", Error, "A property's value is not of the expected form.";
    MissingProperty = "missing_property", Error, "A declaration lacks a property it needs.";
    DuplicateProperty = "duplicate_property", Error, "A property is given twice in one declaration.";
    InvalidDate = "invalid_date", Error, "A date that does not exist, such as 2019-02-30.";
    InvalidLevels = "invalid_levels", Error, "The levels declaration is wrong (repeated, reserved, declared twice, or written highest first).";
    DuplicateDefinition = "duplicate_definition", Error, "Two declarations share one identifier.";
    ReservedName = "reserved_name", Error, "An identifier that names a generated table (actors, sources, codebook, timeline).";
    InvalidLabel = "invalid_label", Error, "A LaTeX label that is repeated or holds characters a label cannot.";
    UnknownReference = "unknown_reference", Error, "A name that nothing declares.";
    UnknownAttribute = "unknown_attribute", Error, "A structure's `column:` names an attribute no code of the structure carries.";
    CodedBelowQuotes = "coded_below_quotes", Error, "A code's `coded:` count of segments in the data is smaller than the number of quotes the file gives it.";
    WrongKind = "wrong_kind", Error, "A reference to something of the wrong kind.";
    UnknownCoder = "unknown_coder", Error, "A quote's `coder:` names someone the file's `coders:` does not list.";
    ConflictingParent = "conflicting_parent", Error, "A code is given two different parents.";
    WrongParentLevel = "wrong_parent_level", Error, "A code's parent is not on the next level up.";
    MappingCycle = "mapping_cycle", Error, "Codes that are their own ancestors.";
    CrossStructureMap = "cross_structure_map", Error, "A mapping that joins codes of two different data structures.";
    OrphanCode = "orphan_code", Error, "A code below the top level without a parent.";
    ChildlessCode = "childless_code", Warning, "A code above the lowest level without children or quotes of its own.";
    QuoteWithoutConcept = "quote_without_concept", Error, "A quote that supports no code.";
    MissingAttribution = "missing_attribution", Warning, "A quote with no attribution.";
    MissingCoder = "missing_coder", Warning, "A quote without `coder:` in a file of several coders.";
    InvalidRange = "invalid_range", Error, "A date range that ends before it starts.";
    OverlappingPhases = "overlapping_phases", Error, "Two phases that share time.";
    OutsideTimeline = "outside_timeline", Error, "A turning point outside the phases' timeline.";
    QuoteOutsidePhase = "quote_outside_phase", Error, "A quote dated outside the phase it is assigned to.";
    QuoteWithoutPhase = "quote_without_phase", Warning, "A dated quote that falls in no declared phase.";
    UnknownMatrixColumn = "unknown_matrix_column", Error, "A matrix cell for a phase and group that are not a column.";
    InvalidCellValue = "invalid_cell_value", Error, "A matrix cell value that does not fit its row.";
    DuplicateCell = "duplicate_cell", Error, "A matrix cell given twice.";
    MissingCell = "missing_cell", Warning, "A matrix cell that is not filled.";
    TotalMismatch = "total_mismatch", Error, "A declared total that disagrees with the declared sources.";
    UnknownTable = "unknown_table", Error, "A table or figure `build` is asked for that the codebook does not have.";
    UntypesettableCharacter = "untypesettable_character", Error, "Text that pdflatex cannot typeset, such as an emoji or a non-Latin script.";
    RefiSharedCode = "refi_shared_code", Warning, "A shared code, which a REFI-QDA code tree holds under one parent only.";
    RefiLeftOut = "refi_left_out", Warning, "Something a REFI-QDA file has no place for (level names, attributes, phases, matrices, totals, ...), which stays behind in the `.codebook` file.";
    ConceptWithoutQuote = "concept_without_quote", Warning, "A lowest-level code no quote supports, neither its own nor one of a code above it.";
    UnusedActor = "unused_actor", Warning, "An actor nothing refers to.";
    UnusedSource = "unused_source", Warning, "A source no quote cites.";
    SingleChild = "single_child", Warning, "A code with exactly one child.";
    SkippedLevel = "skipped_level", Warning, "A code whose parent is more than one level up, a level between them skipped.";
    RepeatedLabel = "repeated_label", Warning, "Two codes of one level of a structure with the same label.";
    RepeatedTableNumber = "repeated_table_number", Warning, "Two tables given the same number (`table number: 5`).";
    LikeAProperty = "like_a_property", Warning, "An attribute of a code whose name is a near miss of a property codes take (`definiton:` for `definition:`), or of an attribute its structure prints in a column.";
    NearHeading = "near_heading", Warning, "Two common headings over columns (`under`) that differ only slightly (case, spacing, punctuation, one letter), so that the columns are not under one heading.";
    SplitHeading = "split_heading", Warning, "Columns of a structure's table under one common heading (`under`) that do not stand side by side, so that the heading is printed over each part.";
    EmptyCodebook = "empty_codebook", Warning, "A file that declares nothing: it is empty or holds only comments.";
    SuspiciousEscape = "suspicious_escape", Warning, "A backslash escape in a text that is almost never meant: `\\t` or `\\r`, or `\\n` right before a small letter outside a quote's text (`C:\\temp`, `\\textbf`).";
    MixedScriptConfusables = "mixed_script_confusables", Warning, "An identifier that mixes scripts, with a letter that looks like one of another script.";
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "codebook::{}", self.name())
    }
}

impl DiagnosticCode {
    /// The code with this name, written bare (`unknown_reference`) or as printed
    /// (`codebook::unknown_reference`).
    pub fn from_name(name: &str) -> Option<DiagnosticCode> {
        let name = name.strip_prefix("codebook::").unwrap_or(name);
        DiagnosticCode::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name)
    }
}

/// A secondary place involved in a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The place, a byte range into the source.
    pub span: Span,
    /// What the label says about it.
    pub message: String,
}

/// One problem found in a codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which problem it is: the stable name tools match on.
    pub code: DiagnosticCode,
    /// Error or warning: the code's own, or an error where `--deny` made it one
    /// ([`LintLevels::apply`]).
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, a byte range into the source (empty for the file as a whole).
    pub span: Span,
    /// Text on the primary label (under the span).
    pub label: String,
    /// Other places involved.
    pub labels: Vec<Label>,
    /// What to do about it, if there is advice to give.
    pub help: Option<String>,
    /// The replacement the help suggests, as data for programs and editors (a quick fix):
    /// `supports` for a help "did you mean `supports`?". Set only with such help.
    pub suggestion: Option<String>,
    /// The problem this is one place of, when a file may have it in many places (a level
    /// skipped by 23 codes): people are shown each group once ([`crate::report::human`]),
    /// programs and editors every place.
    pub(crate) group: Option<Group>,
}

/// What joins the places of one problem ([`Diagnostic::group`]), and how their group is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// The diagnostics of one code and severity with the same key are one group (`s theme`:
    /// the codes of structure `s` that skip the level `theme`).
    pub(crate) key: String,
    /// What each place is, singular and plural (`concept`, `concepts`).
    pub(crate) noun: (String, String),
    /// The group's message after its count and noun (`of `s` stand right under a dimension`).
    pub(crate) message: String,
    /// This place's name, for the list of the places not shown (`c3`).
    pub(crate) name: String,
    /// The help for the whole group, where the help of one place names that place only.
    pub(crate) help: Option<String>,
}

/// Advice for [`Diagnostic::help`]: a text, and the replacement it suggests if it is a "did you
/// mean" ([`did_you_mean`] makes those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hint {
    pub(crate) text: String,
    pub(crate) suggestion: Option<String>,
}

impl From<String> for Hint {
    fn from(text: String) -> Self {
        Hint {
            text,
            suggestion: None,
        }
    }
}

impl Hint {
    /// The hint with `more` said after it.
    pub(crate) fn followed_by(mut self, more: &str) -> Hint {
        self.text.push(' ');
        self.text.push_str(more);
        self
    }
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Hint {
    fn from(text: &str) -> Self {
        Hint::from(text.to_string())
    }
}

impl Diagnostic {
    pub(crate) fn new(code: DiagnosticCode, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            help: None,
            suggestion: None,
            group: None,
        }
    }

    /// This diagnostic as one place of a problem a file may have in many places, which
    /// people are shown as one.
    pub(crate) fn grouped(
        mut self,
        key: String,
        noun: (String, String),
        message: String,
        name: &str,
    ) -> Self {
        self.group = Some(Group {
            key,
            noun,
            message,
            name: name.to_string(),
            help: None,
        });
        self
    }

    /// The help people are shown when this diagnostic stands for its group (see
    /// [`Diagnostic::grouped`]), in place of its own.
    pub(crate) fn group_help(mut self, help: impl Into<String>) -> Self {
        if let Some(g) = self.group.as_mut() {
            g.help = Some(help.into());
        }
        self
    }

    pub(crate) fn label(mut self, text: impl Into<String>) -> Self {
        self.label = text.into();
        self
    }

    pub(crate) fn with(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: text.into(),
        });
        self
    }

    pub(crate) fn help(mut self, hint: impl Into<Hint>) -> Self {
        let hint = hint.into();
        self.help = Some(hint.text);
        self.suggestion = hint.suggestion;
        self
    }

    /// The replacement the help suggests ("did you mean `supports`?" gives `supports`), as
    /// data for programs and editors (a quick fix).
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }

    /// Whether it is an error, as opposed to a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The longest name [`did_you_mean`] looks for a near miss of, in characters.
const MAX_SUGGESTED_LEN: usize = 200;

/// The best "did you mean" among `candidates`, if any is close enough, for a `name` that is
/// none of them: the help line ("did you mean `supports`?") with the suggestion as data.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Hint> {
    nearest(name, candidates).map(|c| Hint {
        text: format!("did you mean `{c}`?"),
        suggestion: Some(c.to_string()),
    })
}

/// The candidate nearest to `name`, if any is close enough (Jaro–Winkler over 0.8, ignoring
/// case), for a `name` that is none of them.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Names are short; a near miss of a very long one (a pasted paragraph) is not worth the
    // quadratic comparison, nor is a candidate of a very different length.
    let len = name.chars().count();
    if len > MAX_SUGGESTED_LEN {
        return None;
    }
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        if c == name || c.len().abs_diff(name.len()) > len.max(8) {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// How warnings are treated: `--allow NAME`, `--deny NAME`, `--deny warnings`.
#[derive(Debug, Clone, Default)]
pub struct LintLevels {
    deny_warnings: bool,
    allow: Vec<DiagnosticCode>,
    deny: Vec<DiagnosticCode>,
}

impl LintLevels {
    /// The levels `--deny` and `--allow` name: `warnings` (deny only) or a lint's name. A name
    /// that is no lint is refused with the list of lints.
    pub fn from_names(deny: &[String], allow: &[String]) -> Result<LintLevels, String> {
        let lookup = |name: &str| -> Result<DiagnosticCode, String> {
            match DiagnosticCode::from_name(name) {
                Some(c) if c.default_severity() == Severity::Warning => Ok(c),
                _ => {
                    let names: Vec<&str> = DiagnosticCode::ALL
                        .iter()
                        .filter(|c| c.default_severity() == Severity::Warning)
                        .map(|c| c.name())
                        .collect();
                    let near = nearest(
                        name,
                        std::iter::once("warnings").chain(names.iter().copied()),
                    )
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                    Err(format!(
                        "`{name}` is not a lint{near}; lints are: warnings, {}",
                        names.join(", ")
                    ))
                }
            }
        };
        let mut levels = LintLevels::default();
        for d in deny {
            if d == "warnings" {
                levels.deny_warnings = true;
            } else {
                levels.deny.push(lookup(d)?);
            }
        }
        for a in allow {
            levels.allow.push(lookup(a)?);
        }
        Ok(levels)
    }

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

/// Errors before warnings, each sorted by position, then code, so output is stable.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (!a.is_error(), a.span.start, a.span.end, a.code, &a.message).cmp(&(
            !b.is_error(),
            b.span.start,
            b.span.end,
            b.code,
            &b.message,
        ))
    });
}

/// The most diagnostics lowering, and checking, each keep for one file; the rest are counted
/// (a file of a million broken lines would otherwise hold gigabytes of diagnostics).
pub const MAX_KEPT: usize = 250_000;

/// The diagnostic that stands for those not kept past [`MAX_KEPT`].
pub fn not_kept(dropped: usize, at: usize) -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::TooLarge,
        at..at,
        format!(
            "{dropped} more {} found, past the {MAX_KEPT} that are kept",
            if dropped == 1 {
                "problem was"
            } else {
                "problems were"
            }
        ),
    )
    .help("fix the problems shown first (often one mistake repeated), then check again")
}

/// The most diagnostics a run shows for one file; the rest are counted.
pub const MAX_SHOWN: usize = 200;

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A diagnostic as miette sees it, without the file's text: `report::human` renders it with
/// the text (a source snippet); a program that has the text can attach it with
/// `miette::Report::new(d).with_source_code(text)`.
impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let primary = miette::LabeledSpan::new_primary_with_span(
            (!self.label.is_empty()).then(|| self.label.clone()),
            (
                self.span.start,
                self.span.end.saturating_sub(self.span.start),
            ),
        );
        let others = self.labels.iter().map(|l| {
            miette::LabeledSpan::new_with_span(
                Some(l.message.clone()),
                (l.span.start, l.span.end.saturating_sub(l.span.start)),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}
