//! Stage 3, check: resolve every reference and validate the codebook as a whole.
//!
//! [`check`] never stops at the first problem: it reports every one it finds, and still
//! returns a [`Resolved`] view (with the broken links left out) so later stages can work on
//! valid codebooks only and tools can inspect invalid ones.

mod coders;
mod columns;
mod hierarchy;
mod matrix;
mod occurrences;
mod resolve;
pub(crate) mod root_cause;
mod time;
mod totals;

pub use occurrences::{Occurrence, occurrence_at};
pub use resolve::Sym;
pub(crate) use totals::Sums;

use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{
    ActorId, CodeId, Codebook, GroupId, Id, LevelId, MatrixId, Per, PhaseId, QuoteId, RoundId,
    SourceId, StructureId, Text, TurningPointId,
};
use std::collections::HashMap;

/// Links between declarations, computed by the checker: every reference the file makes,
/// resolved once to a typed id ([`CodeId`], [`QuoteId`], ...), so that an emitter reads a
/// declaration through its id and never looks a name up again. Links that do not resolve (in
/// a file with errors) are left out.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Every identifier, to what it names (hashed with foldhash: every reference of a file is
    /// looked up here, and SipHash was 2 % of `check`; nothing iterates it in hash order).
    pub symbols: HashMap<String, Sym, foldhash::fast::RandomState>,
    /// Per code: its parent code (for a shared code, the first: the one it is nested in or
    /// mapped to).
    pub parent: Per<CodeId, Option<CodeId>>,
    /// Per code: its other parents (`also under:`), for a code shared by several; empty for
    /// every other code.
    pub also: Per<CodeId, Vec<CodeId>>,
    /// Per code: its children, in source order; a shared code is a child of each parent.
    pub children: Per<CodeId, Vec<CodeId>>,
    /// Per structure: its top-level codes, in source order.
    pub roots: Per<StructureId, Vec<CodeId>>,
    /// Per structure: whether a quote of it is marked `representative: yes` (then its tables
    /// print only the quotes so marked).
    pub marks_representative: Per<StructureId, bool>,
    /// Per quote: the codes it supports, of any level.
    pub quote_codes: Lists<QuoteId, CodeId>,
    /// Per code: the quotes that support it directly, in source order.
    pub code_quotes: Per<CodeId, Vec<QuoteId>>,
    /// Per quote: its phases, as declared or as its date implies (usually one).
    pub quote_phases: Lists<QuoteId, PhaseId>,
    /// Per quote: the source it cites (`source:`).
    pub quote_source: Per<QuoteId, Option<SourceId>>,
    /// Per quote: the actor it speaks for, its own (`actor:`) or else its source's.
    pub quote_actor: Per<QuoteId, Option<ActorId>>,
    /// Per group: its member actors.
    pub group_members: Per<GroupId, Vec<ActorId>>,
    /// Per source: the actor it belongs to (`actor:`).
    pub source_actor: Per<SourceId, Option<ActorId>>,
    /// Per source: the round it belongs to.
    pub source_round: Per<SourceId, Option<RoundId>>,
    /// Per source: its participants (`participants:`), in order.
    pub source_participants: Per<SourceId, Vec<Attendee>>,
    /// Per matrix: its columns, rows and cells.
    pub matrices: Per<MatrixId, MatrixLinks>,
    /// Per turning point: the phase it follows, where the phase table prints it (after that
    /// phase's row): the phase its `after` names, or, for a dated one, the last phase to start
    /// before it; `None` for one before every phase.
    pub turning_point_after: Per<TurningPointId, Option<PhaseId>>,
}

/// A participant of an observation (`participants:`), resolved.
#[derive(Debug, Clone)]
pub enum Attendee {
    /// A declared actor (organisation or member).
    Actor(ActorId),
    /// A declared actor group.
    Group(GroupId),
    /// Written out, not declared.
    Text(Text),
}

/// A phase matrix's links: its phases and columns, its rows, and the cell of each row in each
/// column.
#[derive(Debug, Clone, Default)]
pub struct MatrixLinks {
    /// Per column block (`Matrix::columns`), in order: its phase and its columns.
    pub phases: Vec<MatrixPhase>,
    /// Per row (`Matrix::rows`), in order.
    pub rows: Vec<MatrixRow>,
}

impl MatrixLinks {
    /// Every column, phase by phase: its phase and group, and how many sub-columns it spans.
    pub fn columns(&self) -> impl Iterator<Item = (PhaseId, &MatrixColumn)> {
        self.phases
            .iter()
            .flat_map(|p| p.columns.iter().map(move |c| (p.phase, c)))
    }
}

/// A phase of a matrix, with its columns.
#[derive(Debug, Clone)]
pub struct MatrixPhase {
    /// The phase.
    pub phase: PhaseId,
    /// Its columns, left to right.
    pub columns: Vec<MatrixColumn>,
}

/// One column of a matrix: an actor group in a phase.
#[derive(Debug, Clone)]
pub struct MatrixColumn {
    /// The actor group the column stands for.
    pub group: GroupId,
    /// Sub-columns this column spans (1 when not split).
    pub split: u32,
}

/// A row of a matrix: its code and its cells.
#[derive(Debug, Clone)]
pub struct MatrixRow {
    /// The code the row stands for.
    pub code: CodeId,
    /// Its cells, as declared (`Row::cells`).
    pub cells: Vec<MatrixCell>,
    /// Indices into `cells`, by the column each fills (no two fill one column).
    by_column: Vec<usize>,
}

impl MatrixRow {
    pub(crate) fn new(code: CodeId, cells: Vec<MatrixCell>) -> MatrixRow {
        let mut by_column: Vec<usize> = (0..cells.len()).collect();
        by_column.sort_by_key(|i| cells.get(*i).map(|c| c.column));
        MatrixRow {
            code,
            cells,
            by_column,
        }
    }

    /// The cell filling column `column` (counted over [`MatrixLinks::columns`]), if any.
    pub fn cell_in(&self, column: usize) -> Option<&MatrixCell> {
        let column_of = |i: &usize| self.cells.get(*i).map(|c| c.column);
        let k = self
            .by_column
            .binary_search_by_key(&Some(column), column_of)
            .ok()?;
        self.cells.get(*self.by_column.get(k)?)
    }
}

/// A filled cell of a matrix row.
#[derive(Debug, Clone)]
pub struct MatrixCell {
    /// The phase of its column.
    pub phase: PhaseId,
    /// The actor group of its column.
    pub group: GroupId,
    /// The column it fills, counted over [`MatrixLinks::columns`].
    pub column: usize,
    /// Its values, as declared.
    pub values: Vec<MatrixValue>,
}

/// A value of a matrix cell, resolved.
#[derive(Debug, Clone)]
pub enum MatrixValue {
    /// A child of the row's code.
    Code(CodeId),
    /// A text.
    Text(Text),
}

/// One short list of ids per item (per quote: its codes), stored end to end in one vector.
///
/// A `Vec<Vec<usize>>` costs a header and an allocation per item; with a hundred thousand
/// quotes each holding one code, that was most of the checker's memory.
#[derive(Debug, Clone)]
pub struct Lists<I, J> {
    /// Where each item's list ends in `items`.
    ends: Vec<usize>,
    items: Vec<J>,
    id: std::marker::PhantomData<fn() -> I>,
}

impl<I, J> Default for Lists<I, J> {
    fn default() -> Self {
        Lists {
            ends: Vec::new(),
            items: Vec::new(),
            id: std::marker::PhantomData,
        }
    }
}

impl<I: Id, J: Copy> Lists<I, J> {
    /// Appends the next item's list.
    pub(crate) fn push(&mut self, list: impl IntoIterator<Item = J>) {
        self.items.extend(list);
        self.ends.push(self.items.len());
    }

    /// The list of item `i`, if there is such an item.
    pub fn get(&self, i: I) -> Option<&[J]> {
        let i = i.index();
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        self.items.get(start..end)
    }

    /// How many items have a list.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no item has a list.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Gives each item of `fills` whose list is empty the one id paired with it; `fills` is
    /// sorted by item.
    pub(crate) fn fill_empty(&mut self, fills: &[(I, J)]) {
        if fills.is_empty() {
            return;
        }
        let mut out = Lists::default();
        out.ends.reserve(self.ends.len());
        out.items.reserve(self.items.len() + fills.len());
        let mut next = fills.iter().peekable();
        for i in (0..self.len()).map(I::from_index) {
            let list = self.get(i).unwrap_or_default();
            let fill = next.next_if(|(item, _)| *item == i).map(|(_, one)| *one);
            match fill {
                Some(one) if list.is_empty() => out.push([one]),
                _ => out.push(list.iter().copied()),
            }
        }
        *self = out;
    }
}

impl<I: Id, J: Copy> std::ops::Index<I> for Lists<I, J> {
    type Output = [J];

    /// The list of item `i`; empty for an item that has none.
    fn index(&self, i: I) -> &[J] {
        self.get(i).unwrap_or_default()
    }
}

impl Resolved {
    /// The chain from a code up to its top-level ancestor, the code itself first.
    pub fn path(&self, code: CodeId) -> Vec<CodeId> {
        let mut out = vec![code];
        let mut cur = code;
        while let Some(p) = self.parent.get(cur).copied().flatten() {
            if out.contains(&p) || out.len() > 64 {
                break;
            }
            out.push(p);
            cur = p;
        }
        out
    }

    /// Per code: whether the paper shows evidence for it, that is a quote that supports it
    /// or a code it belongs to (its theme, the theme's dimension, …). A concept whose theme
    /// carries the quotes is evidenced by them, as the table shows them beside it.
    pub fn evidenced(&self, cb: &Codebook) -> Per<CodeId, bool> {
        let mut out: Per<CodeId, bool> = Per::filled(cb.codes.len(), false);
        let mut order: Vec<CodeId> = CodeId::each(cb).map(|(i, _)| i).collect();
        // Parents are one level up, so top-down by level sees each parent first.
        order.sort_by_key(|i| std::cmp::Reverse(cb[*i].level));
        for i in order {
            let own = self.code_quotes.get(i).is_some_and(|q| !q.is_empty());
            let above = self.parents(i).any(|p| out[p]);
            out[i] = own || above;
        }
        out
    }

    /// Every parent of a code: the first, then the others of a shared code.
    pub fn parents(&self, code: CodeId) -> impl Iterator<Item = CodeId> + '_ {
        let first = self.parent.get(code).copied().flatten();
        let also = self.also.get(code).map_or(&[][..], Vec::as_slice);
        first.into_iter().chain(also.iter().copied())
    }

    /// All lowest-level descendants of a code, in order.
    pub fn leaves(&self, code: CodeId) -> Vec<CodeId> {
        let mut out = Vec::new();
        let mut stack = vec![(code, 0usize)];
        while let Some((c, depth)) = stack.pop() {
            let kids = self.children.get(c).map_or(&[][..], Vec::as_slice);
            if kids.is_empty() || depth > 64 {
                out.push(c);
            } else {
                for k in kids.iter().rev() {
                    stack.push((*k, depth + 1));
                }
            }
        }
        out
    }
}

/// Resolve and validate. Diagnostics come sorted by position; every lint is there, also those
/// the file allows itself (`allow:`), which [`crate::compile`] drops.
pub fn check(cb: &Codebook) -> (Resolved, Vec<Diagnostic>) {
    let mut cx = Checker {
        cb,
        r: Resolved::default(),
        diags: Vec::new(),
        used_actors: Per::filled(cb.actors.len(), false),
        suggestion_budget: SUGGESTION_BUDGET,
        dropped: 0,
        candidates: HashMap::new(),
        redeclared: Vec::new(),
        childless: Vec::new(),
    };
    cx.symbols();
    cx.hierarchy();
    cx.actors_and_sources();
    cx.quotes();
    cx.childless();
    cx.time();
    cx.matrices();
    cx.totals();
    cx.names_and_labels();
    cx.columns();
    cx.headings_over_columns();
    cx.coded();
    cx.codebook_rows();
    cx.level_headings();
    cx.level_columns_from();
    cx.table_numbers();
    cx.phase_columns();
    cx.coders();
    cx.lints();
    // The file's own `allow:` lines are applied once, by `compile`, to lowering's too.
    let mut diags = cx.diags;
    if cx.dropped > 0 {
        diags.push(crate::diagnostics::not_kept(cx.dropped, 0));
    }
    crate::diagnostics::sort(&mut diags);
    (cx.r, diags)
}

/// How many names "did you mean" may compare in one check, all unknown names together: each
/// unknown name is compared with every declared name of its kind, so thousands of misspellings
/// against thousands of codes took minutes. Far above what a real file needs; beyond it the
/// help says what to declare instead.
const SUGGESTION_BUDGET: usize = 500_000;

pub(crate) struct Checker<'a> {
    pub(crate) cb: &'a Codebook,
    pub(crate) r: Resolved,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) used_actors: Per<ActorId, bool>,
    /// Comparisons left for [`Checker::suggest`].
    suggestion_budget: usize,
    /// Diagnostics past [`crate::diagnostics::MAX_KEPT`], counted.
    dropped: usize,
    /// Per kind of reference: the declared names that fit it, sorted (made once, on the first
    /// unknown name of that kind).
    pub(crate) candidates: HashMap<resolve::Want, std::rc::Rc<[String]>>,
    /// Codes above the lowest level without children, each with its `childless_code` error,
    /// held back until the quotes are resolved: one that quotes support directly is a theme the
    /// paper prints with its own evidence and no concepts, which is not an error.
    pub(crate) childless: Vec<(CodeId, Diagnostic)>,
    /// Second declarations of an identifier already declared (each `duplicate_definition`):
    /// one of them is often a copied line whose identifier was meant to be renamed, so an
    /// unknown name is related to them.
    pub(crate) redeclared: Vec<Sym>,
}

impl Checker<'_> {
    /// Report the codes above the lowest level that have neither children nor quotes of
    /// their own (see [`Checker::childless`]).
    fn childless(&mut self) {
        for (code, d) in std::mem::take(&mut self.childless) {
            // Segments coded with it in the data (`coded: 14`) make it a code of its own, as
            // quotes do.
            let coded = self.cb[code].coded.as_ref().is_some_and(|c| c.count > 0);
            if !coded && self.r.code_quotes.get(code).is_none_or(Vec::is_empty) {
                self.push(d);
            }
        }
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.diags.len() < crate::diagnostics::MAX_KEPT {
            self.diags.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// [`did_you_mean`](crate::diagnostics::did_you_mean) within the check's budget of
    /// comparisons: `None` once it is spent.
    pub(crate) fn suggest<'c>(
        &mut self,
        name: &str,
        candidates: impl ExactSizeIterator<Item = &'c str>,
    ) -> Option<crate::diagnostics::Hint> {
        let n = candidates.len();
        if n > self.suggestion_budget {
            return None;
        }
        self.suggestion_budget -= n;
        crate::diagnostics::did_you_mean(name, candidates)
    }

    /// Structures and matrices must not take the names of generated tables, and every table's
    /// LaTeX label must be unique and usable in `\label{}`.
    fn names_and_labels(&mut self) {
        let cb = self.cb;
        let named = cb
            .structures
            .iter()
            .map(|s| (&s.id, "structure"))
            .chain(cb.matrices.iter().map(|m| (&m.id, "matrix")));
        for (id, what) in named {
            if crate::model::NAMED_TABLES.contains(&id.id.as_str()) {
                self.push(
                    Diagnostic::new(DiagnosticCode::ReservedName, id.span.clone(), format!("a {what} cannot be called `{}`", id.id))
                        .label("the name of a generated table")
                        .help(format!(
                            "`--table {}` selects a table the compiler makes; choose another identifier for this {what}",
                            id.id
                        )),
                );
            }
        }
        let labels = cb
            .structures
            .iter()
            .filter_map(|s| s.label.as_ref())
            .chain(cb.matrices.iter().filter_map(|m| m.label.as_ref()))
            .chain(cb.tables.iter().filter_map(|t| t.label.as_ref()));
        let mut seen: Vec<&crate::model::Text> = Vec::new();
        for label in labels {
            if let Some(bad) = label
                .text
                .chars()
                .find(|c| c.is_whitespace() || "\\{}%#$&^_~".contains(*c))
            {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidLabel,
                        label.span.clone(),
                        if bad.is_whitespace() {
                            "a LaTeX label cannot hold spaces".to_string()
                        } else {
                            format!("a LaTeX label cannot hold `{bad}`")
                        },
                    )
                    .label("not usable in \\label{}")
                    .help("use letters, digits, `:`, `-` and `.`, as in `tab:modes`"),
                );
            }
            if let Some(first) = seen.iter().find(|t| t.text == label.text) {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidLabel,
                        label.span.clone(),
                        format!("the label `{}` is used twice", label.text),
                    )
                    .label("second use")
                    .with(first.span.clone(), "first use")
                    .help("each table needs its own label for `\\ref` to find it"),
                );
            } else {
                seen.push(label);
            }
        }
    }

    fn lints(&mut self) {
        let cb = self.cb;
        let lowest_has_quotes = !cb.quotes.is_empty();
        let evidenced = self.r.evidenced(cb);
        for (i, code) in CodeId::each(cb) {
            let kids = self.r.children[i].len();
            // A code the data holds coded segments of (`coded: 62 quotations`) has evidence,
            // even where the table shows none of them.
            let coded = code.coded.as_ref().is_some_and(|c| c.count > 0);
            if code.level == LevelId::LOWEST && lowest_has_quotes && !evidenced[i] && !coded {
                let level = cb.lowest_level();
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::ConceptWithoutQuote,
                        code.id.span.clone(),
                        format!("no quote supports the {level} `{}`", code.id.id),
                    )
                    .label("no evidence")
                    .help(format!(
                        "add a quote with `supports: {}` (or one that supports a code it belongs to), or remove the {level}",
                        code.id.id
                    ))
                    .grouped(
                        cb[code.structure].id.id.to_string(),
                        hierarchy::level_nouns(cb, code.level),
                        format!("of `{}` have no quote", cb[code.structure].id.id),
                        &code.id.id,
                    )
                    .group_help(format!(
                        "add a quote to each, with `supports:` naming it (or one that supports a code it belongs to), or remove the {} no quote supports",
                        hierarchy::level_nouns(cb, code.level).1
                    )),
                );
            }
            if code.level != LevelId::LOWEST && kids == 1 {
                let child = self.r.children[i][0];
                let child_level = &cb[cb[child].level].name;
                self.push(
                    Diagnostic::new(DiagnosticCode::SingleChild, code.id.span.clone(), format!("`{}` groups only one code, `{}`", code.id.id, cb[child].id.id))
                        .label(format!("one {child_level} only"))
                        .with(cb[child].id.span.clone(), "its only child")
                        .help("a grouping of one adds no abstraction; merge the two or add the missing codes; a published table printed with this shape is encoded as printed, with a line `allow: single_child` at the top of the file")
                        .grouped(
                            format!("{} {}", cb[code.structure].id.id, code.level.rank()),
                            hierarchy::level_nouns(cb, code.level),
                            format!("of `{}` group only one code each", cb[code.structure].id.id),
                            &code.id.id,
                        ),
                );
            }
        }
        // Two codes of one level of a structure with one label: a reader of the table cannot
        // tell them apart. On two levels they stand in two columns (papers do repeat a wording
        // from one level to the next), so that is not reported.
        let mut labelled: std::collections::HashMap<(StructureId, LevelId, &str), usize> =
            std::collections::HashMap::new();
        for (i, code) in cb.codes.iter().enumerate() {
            let key = (code.structure, code.level, code.label.text.trim());
            match labelled.get(&key) {
                None => {
                    labelled.insert(key, i);
                }
                // One identifier declared twice is `duplicate_definition` already.
                Some(&first) if cb.codes[first].id.id == code.id.id => {}
                Some(&first) => {
                    let first = &cb.codes[first];
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::RepeatedLabel,
                            code.label.span.clone(),
                            format!(
                                "`{}` and `{}` have the same label, “{}”",
                                first.id.id,
                                code.id.id,
                                code.label.text.trim()
                            ),
                        )
                        .label("the same label again")
                        .with(first.label.span.clone(), "first used here")
                        .help("give each code a label of its own, so the table tells them apart; if they are one code, declare it once and name its other parents in `also under:`; a published table that prints two codes alike is encoded as printed, with a line `allow: repeated_label` at the top of the file"),
                    );
                }
            }
        }
        // Per actor: whether one of its members is used (one pass, not one per actor).
        let mut member_used: Per<ActorId, bool> = Per::filled(cb.actors.len(), false);
        for (j, a) in ActorId::each(cb) {
            if let Some(p) = a.member_of
                && self.used_actors[j]
                && let Some(m) = member_used.get_mut(p)
            {
                *m = true;
            }
        }
        for (i, actor) in ActorId::each(cb) {
            let member_used = member_used[i];
            let parent_used = actor.member_of.is_some_and(|p| self.used_actors[p]);
            if !self.used_actors[i] && !member_used && !parent_used {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::UnusedActor,
                        actor.id.span.clone(),
                        format!("the actor `{}` is never referred to", actor.id.id),
                    )
                    .label("unused")
                    .help("refer to it from a group, a source or a quote, or remove it"),
                );
            }
        }
        let mut cited: Per<SourceId, bool> = Per::filled(cb.sources.len(), false);
        for s in self.r.quote_source.values().flatten() {
            cited[*s] = true;
        }
        for (i, s) in SourceId::each(cb) {
            if !cited[i] {
                self.push(
                    Diagnostic::new(DiagnosticCode::UnusedSource, s.id.span.clone(), format!("no quote cites the {} `{}`", s.kind.word(), s.id.id))
                        .label("not cited")
                        .help(format!("cite it from a quote with `source: {}`, or allow the warning with `allow: unused_source`", s.id.id)),
                );
            }
        }
    }
}

/// Names for a help text: all of them up to eight, else the first eight and how many more, so
/// that a help stays short however many names there are.
pub(crate) fn name_list(names: &[&str]) -> String {
    const SHOWN: usize = 8;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{}, and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Lists;
    use crate::model::{CodeId, Id, QuoteId};

    fn ids(list: &[usize]) -> Vec<CodeId> {
        list.iter().map(|i| CodeId::from_index(*i)).collect()
    }

    #[test]
    fn lists_keep_each_items_list() {
        let q = QuoteId::from_index;
        let mut l: Lists<QuoteId, usize> = Lists::default();
        l.push([3, 4]);
        l.push([]);
        l.push([7]);
        assert_eq!(l.len(), 3);
        assert_eq!(l.get(q(0)), Some(&[3, 4][..]));
        assert_eq!(l.get(q(1)), Some(&[0usize; 0][..]));
        assert_eq!(&l[q(2)], &[7][..]);
        assert_eq!(l.get(q(3)), None);
        assert!(
            l[q(3)].is_empty(),
            "indexing past the end gives an empty list"
        );
    }

    #[test]
    fn fill_empty_fills_only_empty_lists() {
        let q = QuoteId::from_index;
        let mut l: Lists<QuoteId, CodeId> = Lists::default();
        for list in [ids(&[]), ids(&[1]), ids(&[]), ids(&[2, 3])] {
            l.push(list);
        }
        let nine = CodeId::from_index(9);
        l.fill_empty(&[(q(0), nine), (q(1), nine), (q(3), nine)]);
        let all: Vec<Vec<CodeId>> = (0..l.len()).map(|i| l[q(i)].to_vec()).collect();
        assert_eq!(all, [ids(&[9]), ids(&[1]), ids(&[]), ids(&[2, 3])]);
    }
}
