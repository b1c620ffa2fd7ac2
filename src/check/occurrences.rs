//! Every place an identifier is written, and what it names: declarations and references, for
//! tools that navigate a file (the language server's go-to-definition, references and rename).

use super::{Resolved, Sym};
use crate::model::{
    ActorId, CellValue, CodeId, Codebook, GroupId, Id, MatrixId, Name, Participant, PeriodId,
    PhaseId, QuoteId, RoundId, SourceId, StructureId, TurningPointId,
};
use crate::syntax::ast::Span;

/// One place an identifier is written: where, what it names, and whether it is the
/// declaration itself or a reference to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Where the identifier is written: a byte range into the source.
    pub span: Span,
    /// What it names.
    pub sym: Sym,
    /// Whether this is where it is declared (`concept routine "…"`), not a use (`supports:
    /// routine`).
    pub declaration: bool,
}

impl Resolved {
    /// Every declaration and every reference of a codebook that resolves, sorted by position.
    /// A reference that does not resolve (an error) is left out; a name declared twice has two
    /// declarations, each naming its own declaration.
    pub fn occurrences(&self, cb: &Codebook) -> Vec<Occurrence> {
        let mut out = Vec::new();
        let mut declared = |span: &Span, sym: Sym| {
            out.push(Occurrence {
                span: span.clone(),
                sym,
                declaration: true,
            })
        };
        for (i, s) in StructureId::each(cb) {
            declared(&s.id.span, Sym::Structure(i));
        }
        for (i, c) in CodeId::each(cb) {
            declared(&c.id.span, Sym::Code(i));
        }
        for (i, a) in ActorId::each(cb) {
            declared(&a.id.span, Sym::Actor(i));
        }
        for (i, g) in GroupId::each(cb) {
            declared(&g.id.span, Sym::Group(i));
        }
        for (i, r) in RoundId::each(cb) {
            declared(&r.id.span, Sym::Round(i));
        }
        for (i, s) in SourceId::each(cb) {
            declared(&s.id.span, Sym::Source(i));
        }
        for (i, q) in QuoteId::each(cb) {
            if let Some(id) = &q.id {
                declared(&id.span, Sym::Quote(i));
            }
        }
        for (i, p) in PhaseId::each(cb) {
            declared(&p.id.span, Sym::Phase(i));
        }
        for (i, t) in TurningPointId::each(cb) {
            declared(&t.id.span, Sym::TurningPoint(i));
        }
        for (i, p) in PeriodId::each(cb) {
            declared(&p.id.span, Sym::Period(i));
        }
        for (i, m) in MatrixId::each(cb) {
            declared(&m.id.span, Sym::Matrix(i));
        }
        let mut refs = Vec::new();
        for c in &cb.codes {
            refs.extend(&c.also_under);
            refs.extend(c.also_places.iter().flatten().map(|p| &p.sibling));
        }
        for m in &cb.maps {
            refs.extend([&m.child, &m.parent]);
        }
        for g in &cb.groups {
            refs.extend(&g.members);
        }
        for s in &cb.sources {
            refs.extend(s.actor.iter().chain(&s.round));
            refs.extend(s.participants.iter().filter_map(|p| match p {
                Participant::Ref(n) => Some(n),
                Participant::Text(_) => None,
            }));
        }
        for q in &cb.quotes {
            // A quote written inside a code supports it without naming it: lowering gives
            // that link the span of the word `quote`, which is no occurrence of the name.
            let named = q.supports.iter().filter(|n| n.span.start != q.span.start);
            refs.extend(q.source.iter().chain(named).chain(&q.phases));
            refs.extend(q.actor.as_deref());
        }
        refs.extend(cb.turning_points.iter().filter_map(|t| t.after.as_ref()));
        for m in &cb.matrices {
            for c in &m.columns {
                refs.push(&c.phase);
                refs.extend(c.columns.iter().map(|c| &c.group));
            }
            for r in &m.rows {
                refs.push(&r.code);
                for cell in &r.cells {
                    refs.extend([&cell.phase, &cell.group]);
                    refs.extend(cell.values.iter().filter_map(|v| match v {
                        CellValue::Code(n) => Some(n),
                        CellValue::Text(_) => None,
                    }));
                }
            }
        }
        out.extend(refs.into_iter().filter_map(|n: &Name| {
            Some(Occurrence {
                span: n.span.clone(),
                sym: *self.symbols.get(n.id.as_str())?,
                declaration: false,
            })
        }));
        out.sort_by_key(|o| (o.span.start, o.span.end));
        out
    }
}

/// The occurrence whose identifier covers byte `offset` (its end included, so a cursor just
/// after a name finds it), in a list sorted by position as [`Resolved::occurrences`] gives it.
pub fn occurrence_at(occurrences: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    let after = occurrences.partition_point(|o| o.span.start <= offset);
    // Identifiers never overlap: only the last to start before `offset` and, when `offset`
    // is where one ends and the next starts, the one before it can cover it.
    occurrences[..after]
        .iter()
        .rev()
        .take(2)
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

impl Sym {
    /// The identifier that declares it, if it has one (a quote may have none) and the id is
    /// one of `cb`'s.
    pub fn name(self, cb: &Codebook) -> Option<&Name> {
        match self {
            Sym::Code(i) => cb.codes.get(i.index()).map(|x| &x.id),
            Sym::Structure(i) => cb.structures.get(i.index()).map(|x| &x.id),
            Sym::Actor(i) => cb.actors.get(i.index()).map(|x| &x.id),
            Sym::Group(i) => cb.groups.get(i.index()).map(|x| &x.id),
            Sym::Round(i) => cb.rounds.get(i.index()).map(|x| &x.id),
            Sym::Source(i) => cb.sources.get(i.index()).map(|x| &x.id),
            Sym::Quote(i) => cb.quotes.get(i.index())?.id.as_deref(),
            Sym::Phase(i) => cb.phases.get(i.index()).map(|x| &x.id),
            Sym::TurningPoint(i) => cb.turning_points.get(i.index()).map(|x| &x.id),
            Sym::Period(i) => cb.periods.get(i.index()).map(|x| &x.id),
            Sym::Matrix(i) => cb.matrices.get(i.index()).map(|x| &x.id),
        }
    }
}
