//! Stage 4, emit: a valid codebook to the formats researchers and programs read.
//!
//! Every emitter takes a [`Compiled`] codebook that has no errors and returns text; writing
//! files (atomically) is the command line's job. The helpers here are shared by all of them,
//! so a table reads the same in LaTeX, Markdown and JSON.

pub mod figure;
pub mod json;
pub mod latex;
pub mod markdown;
pub mod refi;
pub mod tables;
pub mod text;
pub mod xml;

use crate::Compiled;
use crate::model::{Attribution, CodeId, GroupId, Id, QuoteId, SourceKind};

/// How a quote's origin is printed, without parentheses: `community worker, 2017`,
/// `minutes from 9 February 2017`.
pub fn attribution_text(c: &Compiled, quote: QuoteId) -> Option<String> {
    let cb = &c.codebook;
    let q = QuoteId::of(cb).get(quote.index())?;
    match q.attribution.as_deref() {
        Some(Attribution::Person { role, when }) => Some(match when {
            Some(w) => format!("{}, {}", role.text, w.long()),
            None => role.text.clone(),
        }),
        Some(Attribution::Document { kind, when }) => Some(match when {
            Some(w) => format!("{} from {}", kind.text, w.long()),
            None => kind.text.clone(),
        }),
        None => {
            let s = c.resolved.quote_source.get(quote).copied().flatten()?;
            let src = &cb[s];
            // A source collected over a span (or one per source, which a quote does not
            // name) gives the whole span, not its first month.
            let when = crate::model::DateRange::hull(&src.when)
                .or_else(|| {
                    let r = c.resolved.source_round.get(s).copied().flatten()?;
                    cb[r].when
                })
                .map(|w| w.long());
            let spoken = matches!(src.kind, SourceKind::Interview | SourceKind::FocusGroup);
            let who = if spoken {
                src.role.as_ref().unwrap_or(&src.label).text.clone()
            } else {
                src.of_kind.as_ref().unwrap_or(&src.label).text.clone()
            };
            Some(match (spoken, when) {
                (true, Some(w)) => format!("{who}, {w}"),
                (_, Some(w)) => format!("{who} from {w}"),
                (_, None) => who,
            })
        }
    }
}

/// The label an actor group prints with: its own, or its members' abbreviations.
pub(crate) fn group_label(c: &Compiled, group: GroupId) -> String {
    let cb = &c.codebook;
    if let Some(l) = &cb[group].label {
        return l.text.clone();
    }
    c.resolved.group_members[group]
        .iter()
        .map(|a| cb[*a].short().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Quotes of a code and of all its descendants (of any level), in source order without
/// repeats.
pub(crate) fn quotes_under(c: &Compiled, code: CodeId) -> Vec<QuoteId> {
    let r = &c.resolved;
    let mut out: Vec<QuoteId> = Vec::new();
    // Levels are one apart, so a chain deeper than the levels is a broken model: stop there.
    let deepest = c.codebook.levels.len();
    let mut stack = vec![(code, 0usize)];
    while let Some((k, depth)) = stack.pop() {
        out.extend(r.code_quotes[k].iter().copied());
        if depth < deepest {
            stack.extend(r.children[k].iter().map(|ch| (*ch, depth + 1)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The quotes a data-structure table prints for a code: those marked `representative: yes`
/// when its structure marks any, else all but those marked `representative: no`.
pub(crate) fn table_quotes(c: &Compiled, code: CodeId) -> Vec<QuoteId> {
    let cb = &c.codebook;
    let structure = cb[code].structure;
    let marks_any = c.resolved.marks_representative[structure];
    c.resolved.code_quotes[code]
        .iter()
        .copied()
        .filter(|q| {
            let r = cb[*q].representative;
            if marks_any {
                r == Some(true)
            } else {
                r != Some(false)
            }
        })
        .collect()
}
