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

use crate::Compiled;
use crate::check::Sym;
use crate::model::{Attribution, SourceKind};

/// How a quote's origin is printed, without parentheses: `community worker, 2017`,
/// `minutes from 9 February 2017`.
pub fn attribution_text(c: &Compiled, quote: usize) -> Option<String> {
    let q = c.codebook.quotes.get(quote)?;
    match q.attribution.as_deref() {
        Some(Attribution::Person { role, when }) => Some(match when {
            Some(w) => format!("{}, {}", role.text, w.start.long()),
            None => role.text.clone(),
        }),
        Some(Attribution::Document { kind, when }) => Some(match when {
            Some(w) => format!("{} from {}", kind.text, w.start.long()),
            None => kind.text.clone(),
        }),
        None => {
            let s = c.resolved.quote_source.get(quote).copied().flatten()?;
            let src = c.codebook.sources.get(s)?;
            let when = src
                .when
                .first()
                .map(|w| w.start)
                .or_else(|| {
                    let r = c.resolved.source_round.get(s).copied().flatten()?;
                    c.codebook.rounds.get(r)?.when.map(|w| w.start)
                })
                .map(|d| d.long());
            let who = match src.kind {
                SourceKind::Interview => src.role.as_ref().unwrap_or(&src.label).text.clone(),
                _ => src.of_kind.as_ref().unwrap_or(&src.label).text.clone(),
            };
            Some(match (src.kind, when) {
                (SourceKind::Interview, Some(w)) => format!("{who}, {w}"),
                (_, Some(w)) => format!("{who} from {w}"),
                (_, None) => who,
            })
        }
    }
}

/// The label an actor group prints with: its own, or its members' abbreviations.
pub(crate) fn group_label(c: &Compiled, group: usize) -> String {
    let Some(g) = c.codebook.groups.get(group) else {
        return String::new();
    };
    if let Some(l) = &g.label {
        return l.text.clone();
    }
    let members = c
        .resolved
        .group_members
        .get(group)
        .map_or(&[][..], Vec::as_slice);
    members
        .iter()
        .filter_map(|a| c.codebook.actors.get(*a))
        .map(|a| a.short().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Look a name up in the symbol table.
pub(crate) fn sym(c: &Compiled, id: &str) -> Option<Sym> {
    c.resolved.symbols.get(id).copied()
}

/// Quotes of a code and of all its descendants, in source order without repeats.
pub(crate) fn quotes_under(c: &Compiled, code: usize) -> Vec<usize> {
    let mut out: Vec<usize> = c
        .resolved
        .leaves(code)
        .into_iter()
        .flat_map(|l| c.resolved.code_quotes.get(l).cloned().unwrap_or_default())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The quotes a data-structure table prints for a code: those marked `representative: yes`
/// when its structure marks any, else all but those marked `representative: no`.
pub(crate) fn table_quotes(c: &Compiled, code: usize) -> Vec<usize> {
    let cb = &c.codebook;
    let Some(structure) = cb.codes.get(code).map(|k| k.structure) else {
        return Vec::new();
    };
    let marks_any = cb.quotes.iter().enumerate().any(|(q, quote)| {
        quote.representative == Some(true)
            && c.resolved
                .quote_codes
                .get(q)
                .is_some_and(|ks| ks.iter().any(|k| cb.codes[*k].structure == structure))
    });
    c.resolved
        .code_quotes
        .get(code)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .copied()
        .filter(|q| {
            let r = cb.quotes[*q].representative;
            if marks_any {
                r == Some(true)
            } else {
                r != Some(false)
            }
        })
        .collect()
}
