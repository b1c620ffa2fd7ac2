//! The code hierarchy: parents from nesting and from `map`, and what makes it well formed.

use super::Checker;
use super::resolve::{Sym, Want};
use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};
use crate::model::{CodeId, Id, LevelId, Per, Place};
use crate::syntax::ast::Span;

/// The most codes a `mapping_cycle` help names before `…`.
const SHOWN_IN_CYCLE: usize = 24;

/// Where following each code's first `map` parent leads, so that whether one code's chain
/// meets another is answered in constant time. Built in linear time (walking the chain for
/// every map, each step a search of the maps, was cubic: 3,000 maps in a chain took seconds).
struct Chains {
    /// Per code: the cycle it is on, if any.
    cycle: Vec<Option<usize>>,
    /// Per cycle: its first-declared code.
    first: Vec<usize>,
    /// Per code off every cycle: the cycle its chain runs into, if any.
    into: Vec<Option<usize>>,
    /// Pre- and post-order numbers in the forest of codes off cycles (a code's map parent is
    /// its parent there), so that "on the chain of" is an ancestor test.
    pre: Vec<usize>,
    post: Vec<usize>,
}

impl Chains {
    fn new(next: &[Option<usize>]) -> Chains {
        let n = next.len();
        let mut cycle = vec![None; n];
        let mut first = Vec::new();
        // 0: not seen; 1: on the walk in progress; 2: done.
        let mut state = vec![0u8; n];
        let mut walk = Vec::new();
        for start in 0..n {
            let mut at = Some(start);
            while let Some(v) = at {
                if state[v] != 0 {
                    break;
                }
                state[v] = 1;
                walk.push(v);
                at = next[v];
            }
            if let Some(v) = at
                && state[v] == 1
            {
                let from = walk.iter().rposition(|&u| u == v).unwrap_or(0);
                let members = &walk[from..];
                for &u in members {
                    cycle[u] = Some(first.len());
                }
                first.push(members.iter().copied().min().unwrap_or(v));
            }
            for &u in &walk {
                state[u] = 2;
            }
            walk.clear();
        }
        let mut children = vec![Vec::new(); n];
        let mut into = vec![None; n];
        let mut roots = Vec::new();
        for v in 0..n {
            if cycle[v].is_some() {
                continue;
            }
            match next[v] {
                Some(p) if cycle[p].is_none() => children[p].push(v),
                Some(p) => {
                    into[v] = cycle[p];
                    roots.push(v);
                }
                None => roots.push(v),
            }
        }
        let (mut pre, mut post) = (vec![0; n], vec![0; n]);
        let mut clock = 0;
        let mut stack = Vec::new();
        for r in roots {
            stack.push((r, false));
            while let Some((v, finished)) = stack.pop() {
                clock += 1;
                if finished {
                    post[v] = clock;
                    continue;
                }
                pre[v] = clock;
                stack.push((v, true));
                for &k in &children[v] {
                    into[k] = into[v];
                    stack.push((k, false));
                }
            }
        }
        Chains {
            cycle,
            first,
            into,
            pre,
            post,
        }
    }

    /// Whether following first map parents from `from` (itself included) meets `to`.
    fn reaches(&self, from: usize, to: usize) -> bool {
        match self.cycle[to] {
            Some(k) => self.cycle[from] == Some(k) || self.into[from] == Some(k),
            None => {
                self.cycle[from].is_none()
                    && self.pre[to] <= self.pre[from]
                    && self.post[from] <= self.post[to]
            }
        }
    }

    /// The first-declared code of the cycle `code` is on.
    fn first_on_cycle(&self, code: usize) -> Option<usize> {
        self.cycle[code].and_then(|k| self.first.get(k).copied())
    }
}

impl Checker<'_> {
    pub(crate) fn hierarchy(&mut self) {
        let first = self.diags.len();
        let reversed = self.levels_reversed();
        self.place_codes();
        // The codes nest the other way round from the `levels` line: its one error says so,
        // and what follows from it (no parent, a parent on the wrong level) is not repeated
        // for every code.
        if reversed {
            let mut i = 0;
            self.diags.retain(|d| {
                i += 1;
                i <= first + 1
                    || !matches!(
                        d.code,
                        DiagnosticCode::OrphanCode | DiagnosticCode::WrongParentLevel
                    )
            });
        }
    }

    /// Whether every code nested in another is of a higher level than its parent, as when the
    /// `levels` line is written highest first (`levels concept "Main concepts" -> subconcept
    /// "Sub-concepts"`) and the codes nest as the paper prints them; then an error at that
    /// line, whose fix writes it lowest first.
    fn levels_reversed(&mut self) -> bool {
        let cb = self.cb;
        let (Some(low), Some(high)) = (cb.levels.first(), cb.levels.last()) else {
            return false;
        };
        if cb.levels.len() < 2 || low.span.is_empty() || high.span.end <= low.span.start {
            return false;
        }
        let mut nested = cb
            .codes
            .iter()
            .filter_map(|c| c.nested_in.map(|p| (c.level.rank(), cb[p].level.rank())))
            .peekable();
        if nested.peek().is_none() || !nested.all(|(child, parent)| child > parent) {
            return false;
        }
        let quoted = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
        let fixed = cb
            .levels
            .iter()
            .rev()
            .map(|l| format!("{} {}", l.name, quoted(&l.heading)))
            .collect::<Vec<_>>()
            .join(" -> ");
        self.push(
            Diagnostic::new(
                DiagnosticCode::InvalidLevels,
                low.span.start..high.span.end,
                "the codes nest the other way round from the `levels` line",
            )
            .label("written highest first")
            .help(Hint {
                text: format!(
                    "the `levels` line names the lowest level first, the highest last: `levels {fixed}`"
                ),
                suggestion: Some(fixed),
            }),
        );
        true
    }

    /// Each code's parent, checked: the hierarchy's errors.
    fn place_codes(&mut self) {
        let cb = self.cb;
        let n = cb.codes.len();
        // Per code (by index): its parent; handed on typed at the end.
        let mut parent: Vec<Option<usize>> = vec![None; n];
        // Where each code's parent was set, for "given two parents" reports.
        let mut parent_site = vec![None; n];

        // Codes nested on the wrong level, and the codes they stand in: not reported
        // childless, as what they visibly hold is reported already (`root_cause`, rule 4).
        let mut misnested = vec![false; n];
        for (i, code) in cb.codes.iter().enumerate() {
            let Some(p) = code.nested_in else { continue };
            if self.parent_level_fits(i, p.index(), &code.id.span) {
                parent[i] = Some(p.index());
                parent_site[i] = Some(cb[p].id.span.clone());
            } else {
                self.wrong_level(i, p.index(), code.id.span.clone());
                misnested[i] = true;
                misnested[p.index()] = true;
            }
        }

        // Each code's declared other parents (`also under:`): a map to one of them is no
        // conflict.
        type Declared<'a> = (usize, &'a crate::model::Name, Option<&'a Place>);
        let mut declared_also: Vec<Vec<Declared>> = vec![Vec::new(); n];
        for (i, code) in cb.codes.iter().enumerate() {
            for (j, name) in code.also_under.iter().enumerate() {
                if let Some(Sym::Code(p)) = self.resolve(name, Want::AnyCode) {
                    let place = code.also_places.get(j).and_then(Option::as_ref);
                    declared_also[i].push((p.index(), name, place));
                }
            }
        }

        // Resolve every map first, so cycles can be found before levels are judged.
        let mut edges: Vec<Option<(usize, usize)>> = Vec::new();
        // Codes a map line names as a child or as a parent, applied or not, and whether some
        // map line names a child or a parent that is not a code: a code such a line concerns
        // is not reported as an orphan or childless (see `root_cause`, rule 4).
        let mut named_child = vec![false; n];
        let mut named_parent = vec![false; n];
        let (mut unknown_child, mut unknown_parent) = (false, false);
        for m in &cb.maps {
            let child = self.resolve(&m.child, Want::AnyCode);
            let parent = self.resolve(&m.parent, Want::AnyCode);
            match child {
                Some(Sym::Code(c)) => named_child[c.index()] = true,
                _ => unknown_child = true,
            }
            match parent {
                Some(Sym::Code(p)) => named_parent[p.index()] = true,
                _ => unknown_parent = true,
            }
            edges.push(match (child, parent) {
                (Some(Sym::Code(c)), Some(Sym::Code(p))) => Some((c.index(), p.index())),
                _ => None,
            });
        }
        // Each code's first map edge: the chain of parents a cycle is looked for along.
        let mut first_parent = vec![None; n];
        for (c, p) in edges.iter().flatten() {
            if first_parent[*c].is_none() {
                first_parent[*c] = Some(*p);
            }
        }
        let chains = Chains::new(&first_parent);
        for (mi, m) in cb.maps.iter().enumerate() {
            let Some((c, p)) = edges[mi] else { continue };
            // Following map edges up from the parent and reaching the child again is a cycle.
            if chains.reaches(p, c) {
                // A cycle of first edges is reported once, at the map of its first-declared
                // code; one closed by a code's second map, at that map (no other map sees it).
                let report = first_parent[c] != Some(p) || chains.first_on_cycle(c) == Some(c);
                if report {
                    let mut names = vec![cb.codes[c].id.id.as_str()];
                    let mut cur = Some(p);
                    while let Some(x) = cur
                        && x != c
                    {
                        if names.len() == SHOWN_IN_CYCLE {
                            names.push("…");
                            break;
                        }
                        names.push(cb.codes[x].id.id.as_str());
                        cur = first_parent[x];
                    }
                    names.push(cb.codes[c].id.id.as_str());
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::MappingCycle,
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
                let (sc, sp) = (&cb[cb.codes[c].structure], &cb[cb.codes[p].structure]);
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::CrossStructureMap,
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
            if !self.parent_level_fits(c, p, &m.parent.span) {
                self.wrong_level(c, p, m.parent.span.clone());
                continue;
            }
            match (parent[c], parent_site[c].clone()) {
                (Some(old), _) if old == p => {}
                // A parent the code declares it also belongs to.
                (Some(_), _) if declared_also[c].iter().any(|(q, _, _)| *q == p) => {}
                (Some(old), site) => {
                    let site = site.unwrap_or_else(|| cb.codes[old].id.span.clone());
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::ConflictingParent,
                            m.parent.span.clone(),
                            format!(
                                "`{}` is given two parents: `{}` and `{}`",
                                m.child.id, cb.codes[old].id.id, m.parent.id
                            ),
                        )
                        .label("second parent")
                        .with(site, format!("first parent `{}`", cb.codes[old].id.id))
                        .help(format!(
                            "remove one of the two; if `{}` belongs to both, write `also under: {}` in its block",
                            m.child.id, m.parent.id
                        )),
                    );
                }
                (None, _) => {
                    parent[c] = Some(p);
                    parent_site[c] = Some(m.span.clone());
                }
            }
        }

        // Shared codes: their other parents, each one level up in the same structure.
        let mut also: Per<CodeId, Vec<CodeId>> = Per::filled(n, Vec::new());
        // Shared codes placed among a parent's codes (`also under: b after b1`): the code,
        // the parent and the place.
        let mut placed: Vec<(usize, usize, &Place)> = Vec::new();
        for (c, declared) in declared_also.iter().enumerate() {
            for &(p, name, place) in declared {
                if cb.codes[c].structure != cb.codes[p].structure {
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::CrossStructureMap,
                            name.span.clone(),
                            format!(
                                "`{}` and `{}` belong to different data structures",
                                cb.codes[c].id.id, name.id
                            ),
                        )
                        .label("joins two structures")
                        .help("a code is shared only within its data structure"),
                    );
                    continue;
                }
                if !self.parent_level_fits(c, p, &name.span) {
                    self.wrong_level(c, p, name.span.clone());
                    continue;
                }
                let id = CodeId::from_index(p);
                if let Some(place) = place {
                    placed.push((c, p, place));
                }
                match parent[c] {
                    None => {
                        parent[c] = Some(p);
                        parent_site[c] = Some(name.span.clone());
                    }
                    Some(first) if first == p => {}
                    Some(_) => {
                        if let Some(list) = also.get_mut(CodeId::from_index(c))
                            && !list.contains(&id)
                        {
                            list.push(id);
                        }
                    }
                }
            }
        }
        let parent: Per<CodeId, Option<CodeId>> = parent
            .into_iter()
            .map(|p| p.map(CodeId::from_index))
            .collect();
        // Children in source order; a shared code is a child of each of its parents.
        self.r.children = Per::filled(n, Vec::new());
        for (i, p) in parent.iter() {
            for p in p.iter().chain(also[i].iter()) {
                if let Some(kids) = self.r.children.get_mut(*p) {
                    kids.push(i);
                }
            }
        }
        self.place_shared(&placed);
        self.r.parent = parent;
        self.r.also = also;
        let top = cb.levels.len().saturating_sub(1);
        self.r.roots = Per::filled(cb.structures.len(), Vec::new());
        for (k, code) in CodeId::each(cb) {
            let i = k.index();
            if self.r.parent[k].is_none() {
                if code.level.rank() == top {
                    if let Some(roots) = self.r.roots.get_mut(code.structure) {
                        roots.push(k);
                    }
                } else if code.nested_in.is_none() && !named_child[i] && !unknown_child {
                    let up = self.level_word(code.level.above());
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::OrphanCode,
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
            if code.level != LevelId::LOWEST
                && self.r.children[k].is_empty()
                && !named_parent[i]
                && !misnested[i]
                && !unknown_parent
            {
                let below = self.level_word(code.level.below().unwrap_or(LevelId::LOWEST));
                // Reported once the quotes are known: quotes of its own make it complete.
                self.childless.push((
                    k,
                    Diagnostic::new(
                        DiagnosticCode::ChildlessCode,
                        code.id.span.clone(),
                        format!("`{}` has no children", code.id.id),
                    )
                    .label(format!(
                        "groups no {}",
                        below.split_once(' ').map_or("", |x| x.1)
                    ))
                    .help(format!(
                        "nest {below} inside it, map one to it with `map some_code -> {}`, or give it quotes of its own (or the count of segments coded with it, `coded: 14`); a published table printed with this shape is encoded as printed, with a line `allow: childless_code` at the top of the file",
                        code.id.id
                    ))
                    .grouped(
                        format!("{} {}", cb[code.structure].id.id, code.level.rank()),
                        level_nouns(cb, code.level),
                        format!("of `{}` have no children", cb[code.structure].id.id),
                        &code.id.id,
                    ),
                ));
            }
        }
    }

    /// Move each shared code placed among a parent's codes (`also under: b after b1`) to its
    /// place there: right after (or before) the code named, which must be another of that
    /// parent's codes. Places are taken in the order of the file; a code placed beside another
    /// placed code is moved once that one stands in its place. Codes placed beside each other
    /// in a circle are reported and stay where the file's order puts them.
    fn place_shared(&mut self, placed: &[(usize, usize, &Place)]) {
        let cb = self.cb;
        let mut pending: Vec<(CodeId, CodeId, &Place, CodeId)> = Vec::new();
        for &(c, p, place) in placed {
            let (c, p) = (CodeId::from_index(c), CodeId::from_index(p));
            let Some(Sym::Code(sibling)) = self.resolve(&place.sibling, Want::AnyCode) else {
                continue;
            };
            let kids = self.r.children.get(p).map_or(&[][..], Vec::as_slice);
            if sibling == c || !kids.contains(&sibling) {
                let others: Vec<&str> = kids
                    .iter()
                    .filter(|k| **k != c)
                    .map(|k| cb[*k].id.id.as_str())
                    .collect();
                let help = if others.is_empty() {
                    format!(
                        "`{}` has no other code to place it beside: write `also under: {}` alone",
                        cb[p].id.id, cb[p].id.id
                    )
                } else {
                    format!(
                        "name one of the codes of `{}`: {}",
                        cb[p].id.id,
                        others.join(", ")
                    )
                };
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidValue,
                        place.sibling.span.clone(),
                        format!(
                            "`{}` places `{}` {} `{}` among the codes of `{}`, but `{}` is not one of them",
                            place.word(),
                            cb[c].id.id,
                            place.word(),
                            place.sibling.id,
                            cb[p].id.id,
                            place.sibling.id
                        ),
                    )
                    .label(format!("not a code of `{}`", cb[p].id.id))
                    .help(help),
                );
                continue;
            }
            pending.push((c, p, place, sibling));
        }
        for &(c, p, _, _) in &pending {
            if let Some(kids) = self.r.children.get_mut(p) {
                kids.retain(|k| *k != c);
            }
        }
        while !pending.is_empty() {
            let before = pending.len();
            pending.retain(|&(c, p, place, sibling)| {
                let Some(kids) = self.r.children.get_mut(p) else {
                    return false;
                };
                match kids.iter().position(|k| *k == sibling) {
                    Some(at) => {
                        kids.insert(if place.after { at + 1 } else { at }, c);
                        false
                    }
                    None => true,
                }
            });
            if pending.len() == before {
                break;
            }
        }
        // Placed beside each other in a circle: back in the file's order, and reported.
        for (c, p, place, _) in pending {
            if let Some(kids) = self.r.children.get_mut(p) {
                kids.push(c);
            }
            self.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidValue,
                    place.sibling.span.clone(),
                    format!(
                        "`{}` is placed beside `{}`, which is placed beside it in turn, among the codes of `{}`",
                        cb[c].id.id, place.sibling.id, cb[p].id.id
                    ),
                )
                .label("placed in a circle")
                .help(format!(
                    "place one of them beside a code of `{}` that is not shared",
                    cb[p].id.id
                )),
            );
        }
    }

    /// Whether code `parent` can be the parent of code `child`: on the next level up, or on
    /// one further up, which skips a level and is reported (`skipped_level`, a warning a
    /// published table printed so allows) at `at`, where the parent is named.
    fn parent_level_fits(&mut self, child: usize, parent: usize, at: &Span) -> bool {
        let cb = self.cb;
        let (c, p) = (&cb.codes[child], &cb.codes[parent]);
        if p.level == c.level.above() {
            return true;
        }
        if p.level.rank() <= c.level.above().rank() {
            return false;
        }
        let skipped: Vec<String> = (c.level.above().rank()..p.level.rank())
            .filter_map(|l| cb.levels.get(l))
            .map(|l| format!("`{}`", l.name))
            .collect();
        let (one, levels) = match skipped.as_slice() {
            [one] => (true, one.clone()),
            _ => (false, skipped.join(", ")),
        };
        self.push(
            Diagnostic::new(
                DiagnosticCode::SkippedLevel,
                at.clone(),
                format!(
                    "`{}` is {}, but its parent `{}` is {}: the level{} {levels} {} skipped",
                    c.id.id,
                    self.level_word(c.level),
                    p.id.id,
                    self.level_word(p.level),
                    if one { "" } else { "s" },
                    if one { "is" } else { "are" },
                ),
            )
            .label(format!("skips {levels}"))
            .with(
                p.id.span.clone(),
                format!("declared as {} here", self.level_word(p.level)),
            )
            .help(format!(
                "put {} between them; a published table that prints {} right under {} is encoded as printed, with a line `allow: skipped_level` at the top of the file",
                self.level_word(c.level.above()),
                self.level_word(c.level),
                self.level_word(p.level),
            ))
            .grouped(
                format!("{} {} {}", cb[c.structure].id.id, c.level.rank(), p.level.rank()),
                level_nouns(cb, c.level),
                format!(
                    "of `{}` stand right under {}: the level{} {levels} {} skipped",
                    cb[c.structure].id.id,
                    level_nouns(cb, p.level).1,
                    if one { "" } else { "s" },
                    if one { "is" } else { "are" },
                ),
                &c.id.id,
            ),
        );
        true
    }

    fn wrong_level(&mut self, child: usize, parent: usize, at: crate::syntax::ast::Span) {
        let cb = self.cb;
        let (c, p) = (&cb.codes[child], &cb.codes[parent]);
        let child_word = self.level_word(c.level);
        let parent_word = self.level_word(p.level);
        let help = match cb.levels.get(c.level.above().rank()) {
            Some(_) => format!(
                "the parent of {child_word} must be {}",
                self.level_word(c.level.above())
            ),
            None => format!("{child_word} is on the top level and has no parent"),
        };
        self.push(
            Diagnostic::new(
                DiagnosticCode::WrongParentLevel,
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

/// A level's name as the noun of a count: `concept`, `concepts`.
pub(super) fn level_nouns(cb: &crate::model::Codebook, level: LevelId) -> (String, String) {
    let name = cb
        .levels
        .get(level.rank())
        .map_or("code", |l| l.name.as_str());
    (name.to_string(), crate::words::plural(name))
}
