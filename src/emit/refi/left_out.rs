//! What a REFI-QDA file has no place for, named when `build` writes one ([`left_out`]): one
//! warning naming every kind the codebook at hand holds, at each kind's first occurrence. The `.codebook` file
//! keeps it; `codebook import` of the REFI-QDA file will not have it.

use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::DEFAULT_LEVELS;
use crate::syntax::ast::Span;

/// One kind of thing left out: what it is (plural, for the message), how many the codebook
/// holds, and where the first is.
struct Kind {
    what: &'static str,
    count: usize,
    first: Option<Span>,
}

fn kind<'a>(what: &'static str, spans: impl Iterator<Item = &'a Span>) -> Kind {
    let mut count = 0usize;
    let mut first = None;
    for s in spans {
        count += 1;
        if first.is_none() {
            first = Some(s.clone());
        }
    }
    Kind { what, count, first }
}

/// The level names `codebook import` gives these levels, whose headings travel: for three
/// levels or fewer, the default ones; deeper, names made from the headings where it can.
fn imported_level_names(levels: &[crate::model::Level]) -> Vec<String> {
    let headings: Vec<&str> = levels.iter().map(|l| l.heading.as_str()).collect();
    if levels.len() > DEFAULT_LEVELS.len()
        && let Some(names) = crate::import::names_from_headings(&headings)
    {
        return names;
    }
    (0..levels.len())
        .map(|rank| match DEFAULT_LEVELS.get(rank) {
            Some((name, _)) => (*name).to_string(),
            None => format!("level{}", rank + 1),
        })
        .collect()
}

/// The warnings of what `c` holds that a REFI-QDA file has no place for: a codebook (`.qdc`,
/// `project` false) holds the codes only, so only what belongs to them is named; a project
/// also the rest of the study.
pub fn left_out(c: &Compiled, project: bool) -> Vec<Diagnostic> {
    let cb = &c.codebook;
    let mut kinds = vec![
        kind(
            "level names (the headings travel)",
            cb.levels
                .iter()
                .zip(imported_level_names(&cb.levels))
                .filter(|(l, name)| l.name != *name)
                .map(|(l, _)| &l.span),
        ),
        kind(
            "code attributes",
            cb.codes
                .iter()
                .flat_map(|k| k.attributes.iter().map(|a| &a.key.span)),
        ),
        kind(
            "counts of coded segments (`coded:`)",
            cb.codes
                .iter()
                .filter_map(|k| k.coded.as_ref().map(|c| &c.span)),
        ),
        kind(
            "LaTeX labels of tables",
            cb.structures
                .iter()
                .filter_map(|s| s.label.as_ref().map(|l| &l.span)),
        ),
        kind(
            "numbers of tables (`table number:`)",
            cb.structures
                .iter()
                .filter_map(|s| s.table_number.as_ref().map(|(_, span)| span))
                .chain(
                    cb.matrices
                        .iter()
                        .filter_map(|m| m.table_number.as_ref().map(|(_, span)| span)),
                )
                .chain(
                    cb.tables
                        .iter()
                        .filter_map(|t| t.number.as_ref().map(|(_, span)| span)),
                ),
        ),
        kind(
            "overall headings of tables",
            cb.structures
                .iter()
                .filter_map(|s| s.overall_heading.as_ref().map(|h| &h.span)),
        ),
        kind(
            "quote headings of tables",
            cb.structures
                .iter()
                .filter_map(|s| s.quote_heading.as_ref().map(|h| &h.span)),
        ),
        kind(
            "how tables stand on the page (`page:`)",
            cb.structures
                .iter()
                .filter_map(|s| s.page.as_ref().map(|(_, span)| span)),
        ),
        kind(
            "attribution columns of tables",
            cb.structures
                .iter()
                .filter_map(|s| s.attribution_column.as_ref().map(|h| &h.span)),
        ),
        kind(
            "levels' headings of one table (`level heading:`)",
            cb.structures
                .iter()
                .flat_map(|s| s.level_headings.iter().map(|(level, _)| &level.span)),
        ),
        kind(
            "attribute columns of tables",
            cb.structures
                .iter()
                .flat_map(|s| s.columns.iter().map(|c| &c.attribute.span)),
        ),
        kind(
            "the tables' quote marks, full stops and label styles",
            cb.study
                .iter()
                .flat_map(|s| {
                    (s.quote_marks.iter().map(|(_, span)| span))
                        .chain(s.full_stop.iter().map(|(_, span)| span))
                        .chain(s.label_style.iter().map(|(_, span)| span))
                })
                // A quote's own full stop is the house style for that quote.
                .chain(cb.quote_full_stops.iter().map(|(_, _, span)| span)),
        ),
        kind(
            "level orders of tables",
            cb.structures
                .iter()
                .filter(|s| s.highest_first())
                .filter_map(|s| s.level_order.as_ref().map(|(_, span)| span)),
        ),
        kind(
            "quote places of tables",
            cb.structures
                .iter()
                .filter(|s| s.quotes_under_labels())
                .filter_map(|s| s.quote_place.as_ref().map(|(_, span)| span)),
        ),
        kind(
            "highest levels printed as rows across tables",
            cb.structures
                .iter()
                .filter(|s| s.highest_as_rows())
                .filter_map(|s| s.highest_level.as_ref().map(|(_, span)| span)),
        ),
        kind(
            "levels printed in one column of tables",
            cb.structures
                .iter()
                .filter(|s| s.one_label_column())
                .filter_map(|s| s.level_columns.as_ref().map(|(_, span)| span)),
        ),
    ];
    if !project {
        // A project's description names them; a codebook has no place for the study.
        kinds.push(kind(
            "the warnings the file allows (`allow:`, kept by a project)",
            cb.allow.iter().map(|a| &a.span),
        ));
    }
    if project {
        kinds.extend([
            kind("phases", cb.phases.iter().map(|p| &p.span)),
            kind("turning points", cb.turning_points.iter().map(|t| &t.span)),
            kind("periods", cb.periods.iter().map(|p| &p.span)),
            kind("matrices", cb.matrices.iter().map(|m| &m.span)),
            kind(
                "totals",
                cb.totals.iter().map(|t| &t.span).chain(
                    cb.rounds
                        .iter()
                        .filter_map(|r| r.total.as_ref().map(|t| &t.span)),
                ),
            ),
            kind(
                "dates of quotes, sources and rounds",
                cb.quotes
                    .iter()
                    .filter(|q| q.date.is_some())
                    .map(|q| &q.span)
                    .chain(
                        cb.sources
                            .iter()
                            .filter(|s| !s.when.is_empty())
                            .map(|s| &s.span),
                    )
                    .chain(
                        cb.rounds
                            .iter()
                            .filter(|r| r.when.is_some())
                            .map(|r| &r.span),
                    ),
            ),
            kind(
                "actors' abbreviations",
                cb.actors
                    .iter()
                    .filter_map(|a| a.abbreviation.as_ref().map(|t| &t.span)),
            ),
        ]);
    }
    let target = if project { "refi-qdpx" } else { "refi-qdc" };
    // One warning for all of them, at the first place of each kind: a file that uses the
    // language's layout (levels, labels, headings, `allow:`) names several kinds at once, and
    // a warning each said the same help over and over.
    let present: Vec<(Kind, Span)> = kinds
        .into_iter()
        .filter_map(|k| {
            let at = k.first.clone()?;
            Some((k, at))
        })
        .collect();
    let Some(((first, at), rest)) = present.split_first() else {
        return Vec::new();
    };
    let message = match rest {
        [] => format!(
            "REFI-QDA has no place for {} ({} here): the .codebook file keeps {}",
            first.what,
            first.count,
            if first.count == 1 { "it" } else { "them" }
        ),
        _ => format!(
            "REFI-QDA has no place for {} kinds of what this file holds, each marked at its first \
             place: the .codebook file keeps them",
            present.len()
        ),
    };
    let marked = |k: &Kind| format!("{} ({} here): not in the REFI-QDA file", k.what, k.count);
    let mut d =
        Diagnostic::new(DiagnosticCode::RefiLeftOut, at.clone(), message).label(marked(first));
    for (k, span) in rest {
        d = d.with(span.clone(), marked(k));
    }
    vec![d.help(format!(
        "`--to {target}` writes what the format holds; keep this file as the source, as `codebook import` of the REFI-QDA file will not have them (`allow: refi_left_out` silences this)"
    ))]
}
