//! Counting: [`compute`] gathers a codebook's [`Stats`], saturation included.

use super::{
    CellRef, CodedCount, Count, KindCounts, KindSources, LevelCount, MatrixStats, QuoteStats,
    SCHEMA_VERSION, Saturation, SourceStats, Spread, Stats, StructureStats, Totals,
};
use crate::Compiled;
use crate::model::{
    ActorId, Attribution, CodeId, GroupId, Id, LevelId, MatrixId, PhaseId, QuoteId, SourceId,
    SourceKind, StructureId,
};
use std::collections::BTreeSet;

/// The kind a quote comes from, if anything says so: its source's; else, for a person's words
/// (`by:`), the kind of the sources where people speak that the file declares (interviews,
/// focus groups, observations: `speaking`, see [`speaking_kind`]).
fn quote_kind(c: &Compiled, q: QuoteId, speaking: Speaking) -> Option<SourceKind> {
    let cb = &c.codebook;
    if let Some(s) = c.resolved.quote_source[q] {
        return Some(cb[s].kind);
    }
    match cb[q].attribution.as_deref()? {
        Attribution::Person { .. } => match speaking {
            Speaking::None => Some(SourceKind::Interview),
            Speaking::One(kind) => Some(kind),
            Speaking::Several => None,
        },
        Attribution::Document { .. } => Some(SourceKind::Document),
    }
}

/// The kinds of source where people speak that a file declares, for the quotes that give a
/// person's words (`by: "LTS4"`) without `source:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speaking {
    /// None: such a quote counts as an interview, the usual source of a person's words.
    None,
    /// One kind (a study of focus groups only): such a quote is of that kind.
    One(SourceKind),
    /// Several kinds: such a quote's kind is unknown.
    Several,
}

/// What the file's sources say of the kind of a person's words without `source:`.
fn speaking_kind(c: &Compiled) -> Speaking {
    let mut kinds = c.codebook.sources.iter().map(|s| s.kind).filter(|k| {
        matches!(
            k,
            SourceKind::Interview | SourceKind::FocusGroup | SourceKind::Observation
        )
    });
    match kinds.next() {
        None => Speaking::None,
        Some(first) if kinds.all(|k| k == first) => Speaking::One(first),
        Some(_) => Speaking::Several,
    }
}

/// What makes two quotes come from one source: the linked source, else the printed
/// attribution.
fn source_key(c: &Compiled, q: QuoteId) -> Option<String> {
    match c.resolved.quote_source[q] {
        // A declaration that stands for several sources (`count: 20`): the quote's own `by:`
        // tells which of them ("Lily" and "Evelyn" are two interviews of the twenty).
        Some(s) if c.codebook[s].count > 1 && c.codebook[q].attribution.is_some() => {
            let by = crate::emit::attribution_text(c, q).unwrap_or_default();
            Some(format!("source {} {by}", s.index()))
        }
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
                .filter(|(_, k)| k.structure == si)
                .map(|(i, _)| i)
                .collect();
            // The codes without children: the lowest level's, and in an uneven hierarchy
            // the codes above it that group nothing (`allow: childless_code`).
            let concepts: Vec<CodeId> = codes
                .iter()
                .copied()
                .filter(|&i| children(i) == 0)
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
                        level: cb[cb[i].level].name.clone(),
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
                        codes: codes.iter().filter(|&&i| cb[i].level.rank() == li).count(),
                    })
                    .collect(),
                quotes: quotes.len(),
                quotes_above_concepts: quotes
                    .iter()
                    .filter(|q| r.quote_codes[**q].iter().all(|&k| children(k) > 0))
                    .count(),
                quotes_per_concept: spread(concepts.iter().map(|&i| direct(i).len()).collect()),
                concepts_without_quotes: concepts
                    .iter()
                    .filter(|&&i| {
                        !evidenced[i] && cb[i].coded.as_ref().is_none_or(|c| c.count == 0)
                    })
                    .map(|&i| cb[i].id.id.to_string())
                    .collect(),
                single_child_codes: codes
                    .iter()
                    .filter(|&&i| cb[i].level != LevelId::LOWEST && children(i) == 1)
                    .map(|&i| cb[i].id.id.to_string())
                    .collect(),
                saturation,
                coded: if codes.iter().any(|&i| cb[i].coded.is_some()) {
                    codes
                        .iter()
                        .map(|&i| CodedCount {
                            code: cb[i].id.id.to_string(),
                            level: cb[cb[i].level].name.clone(),
                            label: cb[i].label.text.clone(),
                            quotes: direct(i).len(),
                            coded: cb[i].coded.as_ref().map(|c| c.count),
                            noun: cb[i].coded.as_ref().and_then(|c| c.noun.clone()),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();

    let nq = cb.quotes.len();
    let actor_of = |q: QuoteId| r.quote_actor[q].map(ActorId::index);
    let mut kinds = KindCounts {
        interview: 0,
        document: 0,
        observation: 0,
        focus_group: 0,
        unknown: 0,
    };
    let speaking = speaking_kind(c);
    for (q, _) in QuoteId::each(cb) {
        match quote_kind(c, q, speaking) {
            Some(SourceKind::Interview) => kinds.interview += 1,
            Some(SourceKind::Document) => kinds.document += 1,
            Some(SourceKind::Observation) => kinds.observation += 1,
            Some(SourceKind::FocusGroup) => kinds.focus_group += 1,
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
    let focus_groups = cb.sources.iter().any(|s| s.kind == SourceKind::FocusGroup);
    let by_kind = [
        SourceKind::Interview,
        SourceKind::Document,
        SourceKind::Observation,
        SourceKind::FocusGroup,
    ]
    .iter()
    .filter(|&&kind| kind != SourceKind::FocusGroup || focus_groups)
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
            participants: of_kind
                .iter()
                .filter_map(|&s| cb.sources[s].people.map(u64::from))
                .reduce(|a, b| a + b),
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
}
