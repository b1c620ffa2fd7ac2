//! Stage 3, check: resolve every reference and validate the codebook as a whole.
//!
//! [`check`] never stops at the first problem: it reports every one it finds, and still
//! returns a [`Resolved`] view (with the broken links left out) so later stages can work on
//! valid codebooks only and tools can inspect invalid ones.

mod hierarchy;
mod matrix;
mod resolve;
mod time;
mod totals;

pub use resolve::Sym;
pub use totals::Sums;

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
    pub quote_codes: Vec<Vec<usize>>,
    /// Per code: the quotes that support it directly, in source order.
    pub code_quotes: Vec<Vec<usize>>,
    /// Per quote: its phase, as declared or as its date implies.
    pub quote_phase: Vec<Option<usize>>,
    pub quote_source: Vec<Option<usize>>,
    pub quote_actor: Vec<Option<usize>>,
    /// Per group: its member actors.
    pub group_members: Vec<Vec<usize>>,
    /// Per source: its actor and round.
    pub source_actor: Vec<Option<usize>>,
    pub source_round: Vec<Option<usize>>,
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
    };
    cx.symbols();
    cx.hierarchy();
    cx.actors_and_sources();
    cx.quotes();
    cx.time();
    cx.matrices();
    cx.totals();
    cx.lints();
    let mut diags = cx.diags;
    diags.retain(|d| {
        !(d.code.default_severity() == crate::diagnostics::Severity::Warning
            && cb.allow.iter().any(|a| a.id == d.code.name()))
    });
    crate::diagnostics::sort(&mut diags);
    (cx.r, diags)
}

pub(crate) struct Checker<'a> {
    pub(crate) cb: &'a Codebook,
    pub(crate) r: Resolved,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) used_actors: Vec<bool>,
}

impl Checker<'_> {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
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
        for (i, actor) in cb.actors.iter().enumerate() {
            let member_used = cb
                .actors
                .iter()
                .enumerate()
                .any(|(j, a)| a.member_of == Some(i) && self.used_actors[j]);
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
