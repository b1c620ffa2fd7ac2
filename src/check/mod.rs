//! Stage 3, check: resolve every reference and validate the codebook as a whole.
//!
//! [`check`] never stops at the first problem: it reports every one it finds, and still
//! returns a [`Resolved`] view (with the broken links left out) so later stages can work on
//! valid codebooks only and tools can inspect invalid ones.

mod hierarchy;
mod matrix;
mod resolve;
pub(crate) mod root_cause;
mod time;
mod totals;

pub use resolve::Sym;
pub(crate) use totals::Sums;

use crate::diagnostics::{Code as C, Diagnostic};
use crate::model::Codebook;
use std::collections::HashMap;

/// Links between declarations, computed by the checker. Indices point into the model's vectors.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Every identifier, to what it names.
    pub symbols: HashMap<String, Sym>,
    /// Per code: its parent code.
    pub parent: Vec<Option<usize>>,
    /// Per code: its children, in source order.
    pub children: Vec<Vec<usize>>,
    /// Per structure: its top-level codes, in source order.
    pub roots: Vec<Vec<usize>>,
    /// Per quote: the lowest-level codes it supports.
    pub quote_codes: Lists,
    /// Per code: the quotes that support it directly, in source order.
    pub code_quotes: Vec<Vec<usize>>,
    /// Per quote: its phases, as declared or as its date implies (usually one).
    pub quote_phases: Lists,
    /// Per quote: the source it cites (`source:`).
    pub quote_source: Vec<Option<usize>>,
    /// Per quote: the actor it speaks for, its own (`actor:`) or else its source's.
    pub quote_actor: Vec<Option<usize>>,
    /// Per group: its member actors.
    pub group_members: Vec<Vec<usize>>,
    /// Per source: the actor it belongs to (`actor:`).
    pub source_actor: Vec<Option<usize>>,
    /// Per source: the round it belongs to.
    pub source_round: Vec<Option<usize>>,
}

/// One short list of indices per item (per quote: its codes), stored end to end in one vector.
///
/// A `Vec<Vec<usize>>` costs a header and an allocation per item; with a hundred thousand
/// quotes each holding one code, that was most of the checker's memory.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// Where each item's list ends in `items`.
    ends: Vec<usize>,
    items: Vec<usize>,
}

impl Lists {
    /// Appends the next item's list.
    pub(crate) fn push(&mut self, list: impl IntoIterator<Item = usize>) {
        self.items.extend(list);
        self.ends.push(self.items.len());
    }

    /// The list of item `i`, if there is such an item.
    pub fn get(&self, i: usize) -> Option<&[usize]> {
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

    /// Gives each item of `fills` whose list is empty the one index paired with it; `fills` is
    /// sorted by item.
    pub(crate) fn fill_empty(&mut self, fills: &[(usize, usize)]) {
        if fills.is_empty() {
            return;
        }
        let mut out = Lists::default();
        out.ends.reserve(self.ends.len());
        out.items.reserve(self.items.len() + fills.len());
        let mut next = fills.iter().peekable();
        for i in 0..self.len() {
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

impl std::ops::Index<usize> for Lists {
    type Output = [usize];

    /// The list of item `i`; empty for an item that has none.
    fn index(&self, i: usize) -> &[usize] {
        self.get(i).unwrap_or_default()
    }
}

impl Resolved {
    /// The chain from a code up to its top-level ancestor, the code itself first.
    pub fn path(&self, code: usize) -> Vec<usize> {
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

    /// All lowest-level descendants of a code, in order.
    pub fn leaves(&self, code: usize) -> Vec<usize> {
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

/// Resolve and validate. Diagnostics come sorted by position.
pub fn check(cb: &Codebook) -> (Resolved, Vec<Diagnostic>) {
    let mut cx = Checker {
        cb,
        r: Resolved::default(),
        diags: Vec::new(),
        used_actors: vec![false; cb.actors.len()],
        suggestion_budget: SUGGESTION_BUDGET,
        dropped: 0,
        candidates: HashMap::new(),
    };
    cx.symbols();
    cx.hierarchy();
    cx.actors_and_sources();
    cx.quotes();
    cx.time();
    cx.matrices();
    cx.totals();
    cx.names_and_labels();
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
    pub(crate) used_actors: Vec<bool>,
    /// Comparisons left for [`Checker::suggest`].
    suggestion_budget: usize,
    /// Diagnostics past [`crate::diagnostics::MAX_KEPT`], counted.
    dropped: usize,
    /// Per kind of reference: the declared names that fit it, sorted (made once, on the first
    /// unknown name of that kind).
    pub(crate) candidates: HashMap<resolve::Want, std::rc::Rc<[String]>>,
}

impl Checker<'_> {
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
    ) -> Option<String> {
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
                    Diagnostic::new(C::ReservedName, id.span.clone(), format!("a {what} cannot be called `{}`", id.id))
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
                        C::InvalidLabel,
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
                        C::InvalidLabel,
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
        for (i, code) in cb.codes.iter().enumerate() {
            let kids = self.r.children[i].len();
            if code.level == 0 && lowest_has_quotes && self.r.code_quotes[i].is_empty() {
                let level = &cb.levels[0].name;
                self.push(
                    Diagnostic::new(
                        C::ConceptWithoutQuote,
                        code.id.span.clone(),
                        format!("no quote supports the {level} `{}`", code.id.id),
                    )
                    .label("no evidence")
                    .help(format!(
                        "add a quote with `supports: {}`, or remove the {level}",
                        code.id.id
                    )),
                );
            }
            if code.level > 0 && kids == 1 {
                let child = self.r.children[i][0];
                let child_level = &cb.levels[cb.codes[child].level].name;
                self.push(
                    Diagnostic::new(C::SingleChild, code.id.span.clone(), format!("`{}` groups a single {child_level}", code.id.id))
                        .label(format!("one {child_level} only"))
                        .with(cb.codes[child].id.span.clone(), "its only child")
                        .help("a grouping of one adds no abstraction; merge the two or add the missing codes"),
                );
            }
        }
        // Two codes of one structure with one label: a reader of the table cannot tell them
        // apart.
        let mut labelled: std::collections::HashMap<(usize, &str), usize> =
            std::collections::HashMap::new();
        for (i, code) in cb.codes.iter().enumerate() {
            let key = (code.structure, code.label.text.trim());
            match labelled.get(&key) {
                None => {
                    labelled.insert(key, i);
                }
                Some(&first) => {
                    let first = &cb.codes[first];
                    self.push(
                        Diagnostic::new(
                            C::RepeatedLabel,
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
                        .help("give each code a label of its own, so the table tells them apart; if they are one code, declare it once"),
                    );
                }
            }
        }
        // Per actor: whether one of its members is used (one pass, not one per actor).
        let mut member_used = vec![false; cb.actors.len()];
        for (j, a) in cb.actors.iter().enumerate() {
            if let Some(p) = a.member_of
                && self.used_actors[j]
                && let Some(m) = member_used.get_mut(p)
            {
                *m = true;
            }
        }
        for (i, actor) in cb.actors.iter().enumerate() {
            let member_used = member_used[i];
            let parent_used = actor.member_of.is_some_and(|p| self.used_actors[p]);
            if !self.used_actors[i] && !member_used && !parent_used {
                self.push(
                    Diagnostic::new(
                        C::UnusedActor,
                        actor.id.span.clone(),
                        format!("the actor `{}` is never referred to", actor.id.id),
                    )
                    .label("unused")
                    .help("refer to it from a group, a source or a quote, or remove it"),
                );
            }
        }
        let mut cited = vec![false; cb.sources.len()];
        for s in self.r.quote_source.iter().flatten() {
            cited[*s] = true;
        }
        for (i, s) in cb.sources.iter().enumerate() {
            if !cited[i] {
                self.push(
                    Diagnostic::new(C::UnusedSource, s.id.span.clone(), format!("no quote cites the {} `{}`", s.kind.word(), s.id.id))
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

    #[test]
    fn lists_keep_each_items_list() {
        let mut l = Lists::default();
        l.push([3, 4]);
        l.push([]);
        l.push([7]);
        assert_eq!(l.len(), 3);
        assert_eq!(l.get(0), Some(&[3, 4][..]));
        assert_eq!(l.get(1), Some(&[0usize; 0][..]));
        assert_eq!(&l[2], &[7][..]);
        assert_eq!(l.get(3), None);
        assert!(l[3].is_empty(), "indexing past the end gives an empty list");
    }

    #[test]
    fn fill_empty_fills_only_empty_lists() {
        let mut l = Lists::default();
        for list in [vec![], vec![1], vec![], vec![2, 3]] {
            l.push(list);
        }
        l.fill_empty(&[(0, 9), (1, 9), (3, 9)]);
        let all: Vec<Vec<usize>> = (0..l.len()).map(|i| l[i].to_vec()).collect();
        assert_eq!(all, [vec![9], vec![1], vec![], vec![2, 3]]);
    }
}
