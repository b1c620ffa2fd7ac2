//! The code hierarchy: parents from nesting and from `map`, and what makes it well formed.

use super::Checker;
use super::resolve::{Sym, Want};
use crate::diagnostics::{Code as C, Diagnostic};

impl Checker<'_> {
    pub(crate) fn hierarchy(&mut self) {
        let cb = self.cb;
        let n = cb.codes.len();
        self.r.parent = vec![None; n];
        // Where each code's parent was set, for "given two parents" reports.
        let mut parent_site = vec![None; n];

        for (i, code) in cb.codes.iter().enumerate() {
            let Some(p) = code.nested_in else { continue };
            if cb.codes[p].level == code.level + 1 {
                self.r.parent[i] = Some(p);
                parent_site[i] = Some(cb.codes[p].id.span.clone());
            } else {
                self.wrong_level(i, p, code.id.span.clone());
            }
        }

        // Resolve every map first, so cycles can be found before levels are judged.
        let mut edges: Vec<Option<(usize, usize)>> = Vec::new();
        for m in &cb.maps {
            let child = self.resolve(&m.child, Want::AnyCode);
            let parent = self.resolve(&m.parent, Want::AnyCode);
            edges.push(match (child, parent) {
                (Some(Sym::Code(c)), Some(Sym::Code(p))) => Some((c, p)),
                _ => None,
            });
        }
        let map_parent = |c: usize| {
            edges
                .iter()
                .flatten()
                .find(|(x, _)| *x == c)
                .map(|(_, p)| *p)
        };
        for (mi, m) in cb.maps.iter().enumerate() {
            let Some((c, p)) = edges[mi] else { continue };
            // Follow map edges up from the parent; reaching the child again is a cycle.
            let mut cycle = vec![c];
            let mut cur = Some(p);
            let mut is_cycle = false;
            for _ in 0..=edges.len() {
                match cur {
                    Some(x) if x == c => {
                        is_cycle = true;
                        break;
                    }
                    Some(x) => {
                        cycle.push(x);
                        cur = map_parent(x);
                    }
                    None => break,
                }
            }
            if is_cycle {
                // Report each cycle once, at the map of its first-declared code.
                if cycle.iter().min() == Some(&c) {
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(std::iter::once(&c))
                        .map(|x| cb.codes[*x].id.id.as_str())
                        .collect();
                    self.push(
                        Diagnostic::new(
                            C::MappingCycle,
                            m.span.clone(),
                            format!("the mapping makes `{}` its own ancestor", cb.codes[c].id.id),
                        )
                        .label("closes a cycle")
                        .help(format!(
                            "the chain {} goes round; a code's parent must be one level up",
                            names.join(" -> ")
                        )),
                    );
                }
                continue;
            }
            if cb.codes[c].structure != cb.codes[p].structure {
                let (sc, sp) = (
                    &cb.structures[cb.codes[c].structure],
                    &cb.structures[cb.codes[p].structure],
                );
                self.push(
                    Diagnostic::new(
                        C::CrossStructureMap,
                        m.span.clone(),
                        format!(
                            "`{}` and `{}` belong to different data structures",
                            m.child.id, m.parent.id
                        ),
                    )
                    .label("joins two structures")
                    .with(
                        sc.id.span.clone(),
                        format!("`{}` is in `{}`", m.child.id, sc.id.id),
                    )
                    .with(
                        sp.id.span.clone(),
                        format!("`{}` is in `{}`", m.parent.id, sp.id.id),
                    )
                    .help("a data structure is a tree of its own; map codes within one structure"),
                );
                continue;
            }
            if cb.codes[p].level != cb.codes[c].level + 1 {
                self.wrong_level(c, p, m.parent.span.clone());
                continue;
            }
            match (self.r.parent[c], parent_site[c].clone()) {
                (Some(old), _) if old == p => {}
                (Some(old), site) => {
                    let site = site.unwrap_or_else(|| cb.codes[old].id.span.clone());
                    self.push(
                        Diagnostic::new(
                            C::ConflictingParent,
                            m.parent.span.clone(),
                            format!(
                                "`{}` is given two parents: `{}` and `{}`",
                                m.child.id, cb.codes[old].id.id, m.parent.id
                            ),
                        )
                        .label("second parent")
                        .with(site, format!("first parent `{}`", cb.codes[old].id.id))
                        .help("a code belongs to one parent; remove one of the two"),
                    );
                }
                (None, _) => {
                    self.r.parent[c] = Some(p);
                    parent_site[c] = Some(m.span.clone());
                }
            }
        }

        self.r.children = vec![Vec::new(); n];
        for i in 0..n {
            if let Some(p) = self.r.parent[i] {
                self.r.children[p].push(i);
            }
        }
        let top = cb.levels.len().saturating_sub(1);
        self.r.roots = vec![Vec::new(); cb.structures.len()];
        for (i, code) in cb.codes.iter().enumerate() {
            if self.r.parent[i].is_none() {
                if code.level == top {
                    self.r.roots[code.structure].push(i);
                } else if code.nested_in.is_none() {
                    let up = self.level_word(code.level + 1);
                    self.push(
                        Diagnostic::new(
                            C::OrphanCode,
                            code.id.span.clone(),
                            format!("`{}` has no parent", code.id.id),
                        )
                        .label(format!(
                            "belongs to no {}",
                            up.split_once(' ').map_or("", |x| x.1)
                        ))
                        .help(format!(
                            "nest it inside {up}, or write `map {} -> some_parent`",
                            code.id.id
                        )),
                    );
                }
            }
            if code.level > 0 && self.r.children[i].is_empty() {
                let below = self.level_word(code.level - 1);
                self.push(
                    Diagnostic::new(
                        C::ChildlessCode,
                        code.id.span.clone(),
                        format!("`{}` has no children", code.id.id),
                    )
                    .label(format!(
                        "groups no {}",
                        below.split_once(' ').map_or("", |x| x.1)
                    ))
                    .help(format!(
                        "nest {below} inside it, or map one to it with `map some_code -> {}`",
                        code.id.id
                    )),
                );
            }
        }
    }

    fn wrong_level(&mut self, child: usize, parent: usize, at: crate::syntax::ast::Span) {
        let cb = self.cb;
        let (c, p) = (&cb.codes[child], &cb.codes[parent]);
        let child_word = self.level_word(c.level);
        let parent_word = self.level_word(p.level);
        let help = match cb.levels.get(c.level + 1) {
            Some(up) => format!(
                "the parent of {child_word} must be {}",
                self.level_word(
                    cb.levels
                        .iter()
                        .position(|l| l.name == up.name)
                        .unwrap_or(0)
                )
            ),
            None => format!("{child_word} is on the top level and has no parent"),
        };
        self.push(
            Diagnostic::new(
                C::WrongParentLevel,
                at,
                format!(
                    "`{}` is {child_word}, so `{}` ({parent_word}) cannot be its parent",
                    c.id.id, p.id.id
                ),
            )
            .label("parent on the wrong level")
            .with(p.id.span.clone(), format!("declared as {parent_word} here"))
            .help(help),
        );
    }
}
