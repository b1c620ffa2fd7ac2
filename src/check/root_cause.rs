//! Root causes first. A problem that only follows from another one is not reported: a quote
//! "supports nothing" because its `supports:` line could not be read, a concept "has no quote"
//! because the quote's reference to it is misspelt. The author fixes the cause; what really
//! remains shows on the next check.
//!
//! The rules, each from a cause to what it hides:
//!
//! 1. A declaration with a line that could not be read (a syntax error in its block, an
//!    unknown property, a value of the wrong form, a declaration it cannot hold such as a
//!    property written without its colon) is *incomplete*: nothing is reported missing
//!    from it (`quote_without_concept`, `missing_attribution`, `missing_property`,
//!    `childless_code`), since the missing part is most likely on that line.
//! 2. A name written on a line that could not be read, or declared inside a declaration of an
//!    unknown kind, is not an `unknown_reference` where it is used: it may be declared there;
//!    nor is an attribute a structure's `column:` names (`unknown_attribute`) when it is
//!    written on a line that could not be read (`{ frequency: 74  distribution: 12 }`).
//! 3. While a file has an error that can hide a link (a line not read, a reference not
//!    resolved, a mapping not applied), the warnings that a missing link causes
//!    (`concept_without_quote`, `unused_source`, `unused_actor`, `single_child`,
//!    `quote_without_phase`) wait until it is fixed.
//! 4. A map line that was not applied (its error says why) leaves its child without a parent
//!    and its parent without a child: `orphan_code` and `childless_code` are not reported for
//!    them (in `hierarchy.rs`, which knows the map lines). Nor is `childless_code` for a code
//!    nested inside a code of the wrong level (its `wrong_parent_level` error), nor for the
//!    code it stands in, which visibly holds it.
//! 5. A line that reads as a sentence (a note that lost its `#`) and parsed as a declaration or
//!    a property is reported as that, once, not as an unknown kind or property.
//! 6. A value in typographic quotes that its property reads as a word (`quote marks: ‘single’`)
//!    is one `invalid_value`, whose help drops the quotes, not also a syntax error whose fix
//!    (the same text in straight quotes) would still be wrong.
//!
//! Errors come before warnings, each in file order.

use crate::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::syntax::ast::{Node, Span, Statement};

/// What a declaration can be found to lack.
const ABSENCE: &[DiagnosticCode] = &[
    DiagnosticCode::QuoteWithoutConcept,
    DiagnosticCode::ChildlessCode,
    DiagnosticCode::MissingAttribution,
    DiagnosticCode::MissingProperty,
];

/// A line that was read but not understood.
const UNREADABLE: &[DiagnosticCode] = &[
    DiagnosticCode::SyntaxError,
    DiagnosticCode::InvalidIdentifier,
    DiagnosticCode::UnknownProperty,
    DiagnosticCode::InvalidValue,
    DiagnosticCode::InvalidDate,
    DiagnosticCode::DuplicateProperty,
    DiagnosticCode::EmptyText,
    // `by "team lead"`: a property written without its colon, read as a declaration.
    DiagnosticCode::UnknownDeclaration,
];

/// Errors after which a link may be missing that the file means to have.
const LINK_ERRORS: &[DiagnosticCode] = &[
    DiagnosticCode::SyntaxError,
    DiagnosticCode::InvalidIdentifier,
    DiagnosticCode::UnknownDeclaration,
    DiagnosticCode::UnknownProperty,
    DiagnosticCode::InvalidValue,
    DiagnosticCode::InvalidDate,
    DiagnosticCode::DuplicateProperty,
    DiagnosticCode::MissingName,
    DiagnosticCode::MissingLabel,
    DiagnosticCode::DuplicateDefinition,
    DiagnosticCode::ReservedName,
    DiagnosticCode::UnknownReference,
    DiagnosticCode::WrongKind,
    DiagnosticCode::ConflictingParent,
    DiagnosticCode::InvalidLevels,
    DiagnosticCode::WrongParentLevel,
    DiagnosticCode::MappingCycle,
    DiagnosticCode::CrossStructureMap,
    DiagnosticCode::QuoteWithoutConcept,
];

/// Warnings that say a link is missing.
const COMPLETENESS: &[DiagnosticCode] = &[
    DiagnosticCode::ConceptWithoutQuote,
    DiagnosticCode::UnusedSource,
    DiagnosticCode::UnusedActor,
    DiagnosticCode::SingleChild,
    DiagnosticCode::QuoteWithoutPhase,
];

/// Record where the declarations of one top-level statement start that are incomplete (rule
/// 1), given the diagnostics lowering reported for the statement.
pub(crate) fn note_incomplete(s: &Statement, reported: &[Diagnostic], out: &mut Vec<Span>) {
    let unreadable: Vec<usize> = reported
        .iter()
        .filter(|d| UNREADABLE.contains(&d.code))
        .map(|d| d.span.start)
        .collect();
    if let Statement::Node(n) = s {
        walk(n, &unreadable, out);
    }
}

fn walk(n: &Node, unreadable: &[usize], out: &mut Vec<Span>) {
    let Some(block) = &n.block else { return };
    let unread_line = !unreadable.is_empty()
        && block.statements.iter().any(|s| match s {
            Statement::Property(p) => unreadable.iter().any(|at| p.span.contains(at)),
            Statement::Node(c) => unreadable.iter().any(|at| c.kind.span.contains(at)),
            _ => false,
        });
    if block.broken || unread_line {
        out.push(n.head_span());
    }
    for s in &block.statements {
        if let Statement::Node(child) = s {
            walk(child, unreadable, out);
        }
    }
}

/// Drop what follows from another diagnostic (rules 1 to 3), then order: errors first.
pub(crate) fn keep_root_causes(
    diags: &mut Vec<Diagnostic>,
    incomplete: &[Span],
    unread_names: &[String],
    skipped_words: &std::collections::BTreeSet<String>,
    source: &str,
) {
    // Rule 5: the unknown declarations and properties a sentence was read as.
    let mut sentences: Vec<usize> = Vec::new();
    for d in diags.iter_mut() {
        if matches!(
            d.code,
            DiagnosticCode::UnknownDeclaration | DiagnosticCode::UnknownProperty
        ) && let Some(prose) = crate::syntax::prose_line(source, d.span.start)
        {
            sentences.push(prose.span.start);
            *d = prose;
        }
    }
    if !sentences.is_empty() {
        let mut seen = std::collections::HashSet::new();
        diags.retain(|d| !sentences.contains(&d.span.start) || seen.insert(d.span.start));
    }
    // Rule 6: a value in typographic quotes that the property reads as a word (`quote marks:
    // ‘single’`) is told how to write it by its `invalid_value`; the syntax error's fix (the
    // text between straight quotes) would still be wrong.
    let invalid: Vec<Span> = diags
        .iter()
        .filter(|d| d.code == DiagnosticCode::InvalidValue)
        .map(|d| d.span.clone())
        .collect();
    if !invalid.is_empty() {
        diags.retain(|d| d.code != DiagnosticCode::SyntaxError || !invalid.contains(&d.span));
    }
    let link_error = diags
        .iter()
        .any(|d| d.is_error() && LINK_ERRORS.contains(&d.code));
    diags.retain(|d| {
        if ABSENCE.contains(&d.code) && within(incomplete, d.span.start) {
            return false;
        }
        if matches!(
            d.code,
            DiagnosticCode::UnknownReference | DiagnosticCode::UnknownAttribute
        ) && let Some(name) = source.get(d.span.clone())
            && (skipped_words.contains(name) || unread_names.iter().any(|w| w == name))
        {
            return false;
        }
        !(link_error && d.severity == Severity::Warning && COMPLETENESS.contains(&d.code))
    });
    crate::diagnostics::sort(diags);
}

/// Whether `at` lies in one of `heads` (sorted by start, not overlapping).
fn within(heads: &[Span], at: usize) -> bool {
    let i = heads.partition_point(|h| h.start <= at);
    i > 0
        && heads
            .get(i - 1)
            .is_some_and(|h| at < h.end.max(h.start + 1))
}
