//! The symbol table, and resolving a name to what it names.

use super::Attendee;
use super::Checker;
use crate::diagnostics::Hint;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{
    ActorId, CodeId, GroupId, Id, LevelId, MatrixId, Name, Participant, Per, PeriodId, PhaseId,
    QuoteId, RoundId, SourceId, StructureId, TurningPointId,
};
use crate::syntax::ast::Span;
use std::collections::HashMap;

/// What an identifier names. All identifiers of a file share one namespace, so a name used in
/// the wrong place can be reported as what it is ("`inclusive` is a theme"). Each variant holds
/// the typed id of a declaration of its kind (`cb[id]` is the declaration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sym {
    /// A code.
    Code(CodeId),
    /// A data structure.
    Structure(StructureId),
    /// An actor, organisation or member.
    Actor(ActorId),
    /// An actor group.
    Group(GroupId),
    /// A round of data collection.
    Round(RoundId),
    /// A source.
    Source(SourceId),
    /// A quote with an identifier.
    Quote(QuoteId),
    /// A phase.
    Phase(PhaseId),
    /// A turning point.
    TurningPoint(TurningPointId),
    /// A data-collection period.
    Period(PeriodId),
    /// A phase matrix.
    Matrix(MatrixId),
}

/// What a reference must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Want {
    /// A code at any level.
    AnyCode,
    Actor,
    Group,
    Round,
    Source,
    Phase,
}

/// The most second declarations [`Checker::renamed_copy`] relates an unknown name to.
const MAX_RELATED_COPIES: usize = 64;

/// Whether two labels are the same but for case and blanks at the ends.
fn same_label(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl Checker<'_> {
    pub(crate) fn sym_word(&self, s: Sym) -> String {
        let w = match s {
            Sym::Code(i) => return self.level_word(self.cb[i].level),
            Sym::Structure(_) => "structure",
            Sym::Actor(i) if self.cb[i].member_of.is_some() => "member",
            Sym::Actor(_) => "actor",
            Sym::Group(_) => "group",
            Sym::Round(_) => "round",
            Sym::Source(i) => self.cb[i].kind.word(),
            Sym::Quote(_) => "quote",
            Sym::Phase(_) => "phase",
            Sym::TurningPoint(_) => "turning point",
            Sym::Period(_) => "period",
            Sym::Matrix(_) => "matrix",
        };
        format!("{} {w}", article(w))
    }

    pub(crate) fn level_word(&self, level: LevelId) -> String {
        let w = self
            .cb
            .levels
            .get(level.rank())
            .map_or("code", |l| l.name.as_str());
        format!("{} {w}", article(w))
    }

    pub(crate) fn want_word(&self, want: Want) -> String {
        match want {
            Want::AnyCode => "a code".into(),
            Want::Actor => "an actor".into(),
            Want::Group => "an actor group".into(),
            Want::Round => "an interview round".into(),
            Want::Source => "a source".into(),
            Want::Phase => "a phase".into(),
        }
    }

    pub(crate) fn sym_span(&self, s: Sym) -> Span {
        match (s.name(self.cb), s) {
            (Some(n), _) => n.span.clone(),
            (None, Sym::Quote(i)) => self.cb[i].span.clone(),
            (None, _) => 0..0,
        }
    }

    fn fits(&self, s: Sym, want: Want) -> bool {
        matches!(
            (s, want),
            (Sym::Code(_), Want::AnyCode)
                | (Sym::Actor(_), Want::Actor)
                | (Sym::Group(_), Want::Group)
                | (Sym::Round(_), Want::Round)
                | (Sym::Source(_), Want::Source)
                | (Sym::Phase(_), Want::Phase)
        )
    }

    pub(crate) fn symbols(&mut self) {
        let cb = self.cb;
        let mut all: Vec<(&Name, Sym)> = Vec::new();
        all.extend(StructureId::each(cb).map(|(i, x)| (&x.id, Sym::Structure(i))));
        all.extend(CodeId::each(cb).map(|(i, x)| (&x.id, Sym::Code(i))));
        all.extend(ActorId::each(cb).map(|(i, x)| (&x.id, Sym::Actor(i))));
        all.extend(GroupId::each(cb).map(|(i, x)| (&x.id, Sym::Group(i))));
        all.extend(RoundId::each(cb).map(|(i, x)| (&x.id, Sym::Round(i))));
        all.extend(SourceId::each(cb).map(|(i, x)| (&x.id, Sym::Source(i))));
        all.extend(
            QuoteId::each(cb).filter_map(|(i, x)| x.id.as_deref().map(|n| (n, Sym::Quote(i)))),
        );
        all.extend(PhaseId::each(cb).map(|(i, x)| (&x.id, Sym::Phase(i))));
        all.extend(TurningPointId::each(cb).map(|(i, x)| (&x.id, Sym::TurningPoint(i))));
        all.extend(PeriodId::each(cb).map(|(i, x)| (&x.id, Sym::Period(i))));
        all.extend(MatrixId::each(cb).map(|(i, x)| (&x.id, Sym::Matrix(i))));
        all.sort_by_key(|(n, _)| n.span.start);
        // Each second declaration, with the first one of its identifier.
        let mut dups: Vec<(&Name, Sym, Sym)> = Vec::new();
        for (name, sym) in all {
            if let Some(prev) = self.r.symbols.get(name.id.as_str()).copied() {
                dups.push((name, prev, sym));
                self.redeclared.push(sym);
            } else {
                self.r.symbols.insert(name.id.to_string(), sym);
            }
        }
        // A copied block: a code declared again inside the second declaration of its parent's
        // identifier is part of the copy, reported with the copy's outermost code (its root).
        let mut root_of: HashMap<CodeId, CodeId> = HashMap::new();
        let mut copied: HashMap<CodeId, Vec<&Name>> = HashMap::new();
        let second: std::collections::HashSet<CodeId> = dups
            .iter()
            .filter_map(|(_, _, s)| match s {
                Sym::Code(b) => Some(*b),
                _ => None,
            })
            .collect();
        for (name, prev, sym) in &dups {
            if let (Sym::Code(a), Sym::Code(b)) = (prev, sym)
                && let (Some(pa), Some(pb)) = (cb[*a].nested_in, cb[*b].nested_in)
                && pa != pb
                && second.contains(&pb)
                && cb[pa].id.id == cb[pb].id.id
            {
                let root = root_of.get(&pb).copied().unwrap_or(pb);
                root_of.insert(*b, root);
                copied.entry(root).or_default().push(name);
            }
        }
        for (name, prev, sym) in dups {
            if matches!(sym, Sym::Code(b) if root_of.contains_key(&b)) {
                continue;
            }
            let prev_word = self.sym_word(prev);
            let inside = match sym {
                Sym::Code(b) => copied.remove(&b).unwrap_or_default(),
                _ => Vec::new(),
            };
            let mut help = match (prev, sym) {
                // One code written under two parents: `also under:` says so.
                (Sym::Code(a), Sym::Code(b))
                    if cb[a].level == cb[b].level
                        && cb[a].nested_in != cb[b].nested_in
                        && same_label(&cb[a].label.text, &cb[b].label.text)
                        && let Some(p) = cb[b].nested_in =>
                {
                    format!(
                        "if it is one code under two parents, declare it once and write `also under: {}` in its block; otherwise rename one of them",
                        cb[p].id.id
                    )
                }
                // A copied line whose identifier was not renamed.
                (Sym::Code(a), Sym::Code(b))
                    if !same_label(&cb[a].label.text, &cb[b].label.text) =>
                {
                    format!(
                        "the two have different labels, so they are two codes: give \"{}\" an identifier of its own",
                        cb[b].label.text
                    )
                }
                _ => {
                    "every identifier in a codebook must be unique; rename one of them".to_string()
                }
            };
            let mut d = Diagnostic::new(
                DiagnosticCode::DuplicateDefinition,
                name.span.clone(),
                format!("`{}` is declared twice", name.id),
            )
            .label("declared again here")
            .with(
                self.sym_span(prev),
                format!("first declared here, as {prev_word}"),
            );
            if !inside.is_empty() {
                let names: Vec<String> = inside.iter().map(|n| format!("`{}`", n.id)).collect();
                help.push_str(&format!(
                    "; its block looks copied: the codes in it ({}) are declared twice too, so give them identifiers of their own as well",
                    names.join(", ")
                ));
                for n in inside {
                    d = d.with(n.span.clone(), "declared twice too");
                }
            }
            self.push(d.help(help));
        }
    }

    /// The identifier of the declaration whose label is `label` (ignoring case and blanks at
    /// the ends), and what it is.
    fn by_label(&self, label: &str) -> Option<(String, String)> {
        let same = |t: &str| t.trim().eq_ignore_ascii_case(label.trim());
        let cb = self.cb;
        if let Some(c) = cb.codes.iter().find(|c| same(&c.label.text)) {
            let level = cb
                .levels
                .get(c.level.rank())
                .map_or("code", |l| l.name.as_str());
            return Some((c.id.id.to_string(), format!("the {level}")));
        }
        if let Some(a) = cb.actors.iter().find(|a| same(&a.label.text)) {
            return Some((a.id.id.to_string(), "the actor".into()));
        }
        if let Some(p) = cb.phases.iter().find(|p| same(&p.label.text)) {
            return Some((p.id.id.to_string(), "the phase".into()));
        }
        None
    }

    /// A second declaration of an identifier (a `duplicate_definition`) that was probably
    /// meant to declare the unknown `name`: a copied line whose identifier was not renamed.
    /// It is the one of the wanted kind whose label holds the name's words (`control` and
    /// "Taking control"), else the only one of that kind. Its span and the help.
    fn renamed_copy(&self, name: &Name, want: Want, has_guess: bool) -> Option<(Span, String)> {
        // Relating every unknown name to every duplicate is quadratic in a hostile file; a
        // file with this many duplicates has a cause more general than one copied line.
        if self.redeclared.is_empty() || self.redeclared.len() > MAX_RELATED_COPIES {
            return None;
        }
        let words = name.id.replace(['_', '-'], " ").to_lowercase();
        let fitting: Vec<Sym> = self
            .redeclared
            .iter()
            .copied()
            .filter(|s| self.fits(*s, want))
            .collect();
        let label = |s: Sym| match s {
            Sym::Code(i) => Some(self.cb[i].label.text.as_str()),
            Sym::Actor(i) => Some(self.cb[i].label.text.as_str()),
            Sym::Phase(i) => Some(self.cb[i].label.text.as_str()),
            Sym::Source(i) => Some(self.cb[i].label.text.as_str()),
            _ => None,
        };
        let by_label = fitting.iter().copied().find(|s| {
            label(*s).is_some_and(|l| {
                !words.trim().is_empty() && l.to_lowercase().contains(words.trim())
            })
        });
        // Without a label to go by, a misspelt name's did-you-mean is the likelier help.
        let s = by_label.or(match fitting.as_slice() {
            [one] if !has_guess => Some(*one),
            _ => None,
        })?;
        let n = s.name(self.cb)?;
        let which = match label(s) {
            Some(l) => format!("the second `{}`, \"{l}\",", n.id),
            None => format!("the second `{}`", n.id),
        };
        Some((
            n.span.clone(),
            format!(
                "{which} was probably copied and meant to be `{}`: rename it there",
                name.id
            ),
        ))
    }

    /// The identifiers declared of the wanted kind, sorted (kept for the next unknown name).
    fn declared(&mut self, want: Want) -> std::rc::Rc<[String]> {
        if let Some(c) = self.candidates.get(&want) {
            return std::rc::Rc::clone(c);
        }
        let mut c: Vec<String> = self
            .r
            .symbols
            .iter()
            .filter(|(_, s)| self.fits(**s, want))
            .map(|(k, _)| k.clone())
            .collect();
        c.sort_unstable();
        let c: std::rc::Rc<[String]> = c.into();
        self.candidates.insert(want, std::rc::Rc::clone(&c));
        c
    }

    /// The help for `name`, which names `s`, where something of the kind `want` belongs: the
    /// declaration of that kind nearest by name, else the code whose label is nearest to the
    /// name or to the label of `s` (`supports: fg` for the interview `fg` "Focus group", with a
    /// code `group_talk` "Focus group talk"), else the few declared.
    fn kind_hint(&mut self, name: &Name, s: Sym, want: Want) -> Hint {
        let expected = self.want_word(want);
        let sorted = self.declared(want);
        if let Some(h) = self.suggest(&name.id, sorted.iter().map(String::as_str)) {
            return Hint {
                text: format!("{} (refer to {expected} here)", h.text),
                suggestion: h.suggestion,
            };
        }
        let cb = self.cb;
        if want == Want::AnyCode {
            let own = match s {
                Sym::Actor(i) => Some(cb[i].label.text.as_str()),
                Sym::Source(i) => Some(cb[i].label.text.as_str()),
                Sym::Phase(i) => Some(cb[i].label.text.as_str()),
                Sym::Structure(i) => Some(cb[i].caption.text.as_str()),
                _ => None,
            };
            let spoken = name.id.replace('_', " ");
            let labels = || cb.codes.iter().map(|c| c.label.text.as_str());
            let near = crate::diagnostics::nearest(&spoken, labels())
                .or_else(|| own.and_then(|o| crate::diagnostics::nearest(o, labels())))
                .or_else(|| {
                    // A label that holds the other's words (`Focus group` in `Focus group talk`).
                    let o = own?.trim().to_lowercase();
                    labels().find(|l| !o.is_empty() && l.to_lowercase().contains(&o))
                });
            if let Some(c) = near.and_then(|l| cb.codes.iter().find(|c| c.label.text == l)) {
                return Hint {
                    text: format!(
                        "did you mean `{}` (\"{}\")? Refer to {expected} here",
                        c.id.id, c.label.text
                    ),
                    suggestion: Some(c.id.id.to_string()),
                };
            }
        }
        Hint::from(if !sorted.is_empty() && sorted.len() <= 8 {
            format!("refer to {expected} here; declared: {}", sorted.join(", "))
        } else {
            format!("refer to {expected} here")
        })
    }

    /// Resolve `name` to something of the wanted kind, or report why not.
    pub(crate) fn resolve(&mut self, name: &Name, want: Want) -> Option<Sym> {
        match self.r.symbols.get(name.id.as_str()).copied() {
            Some(s) if self.fits(s, want) => Some(s),
            Some(s) => {
                let is = self.sym_word(s);
                let expected = self.want_word(want);
                let d = Diagnostic::new(
                    DiagnosticCode::WrongKind,
                    name.span.clone(),
                    format!("`{}` is {is}, but {expected} is expected here", name.id),
                )
                .label(format!("expected {expected}"))
                .with(self.sym_span(s), format!("declared as {is} here"))
                .help(self.kind_hint(name, s, want));
                self.push(d);
                None
            }
            None if !crate::syntax::is_identifier(&name.id) => {
                // A label in quotes (`supports: "Daily stand-ups"`) or words that are no
                // identifier (`weekly notes`) where an identifier belongs.
                let expected = self.want_word(want);
                let d = match self.by_label(&name.id) {
                    Some((id, what)) => Diagnostic::new(
                        DiagnosticCode::UnknownReference,
                        name.span.clone(),
                        format!("{expected} is referred to by its identifier, not by its label"),
                    )
                    .label("a label, not an identifier")
                    .help(format!(
                        "`{}` is the label of {what} `{id}`: write `{id}`",
                        name.id
                    )),
                    None => {
                        let fixed = crate::syntax::fixed_identifier(&name.id);
                        let help = if self.r.symbols.contains_key(fixed.as_str()) {
                            format!("write `{fixed}`")
                        } else {
                            format!("write the identifier {expected} is declared with")
                        };
                        Diagnostic::new(
                            DiagnosticCode::InvalidIdentifier,
                            name.span.clone(),
                            format!(
                                "`{}` is not an identifier: {}",
                                name.id,
                                crate::syntax::IDENTIFIER_RULE
                            ),
                        )
                        .label("not an identifier")
                        .help(help)
                    }
                };
                self.push(d);
                None
            }
            None => {
                let sorted = self.declared(want);
                let guess = self.suggest(&name.id, sorted.iter().map(String::as_str));
                let has_guess = guess.is_some();
                let help = guess.unwrap_or_else(|| {
                    let expected = self.want_word(want);
                    Hint::from(if sorted.is_empty() {
                        format!(
                            "no {} is declared in this file",
                            expected.split_once(' ').map_or(expected.as_str(), |x| x.1)
                        )
                    } else if sorted.len() <= 8 {
                        format!("declared: {}", sorted.join(", "))
                    } else {
                        format!("declare {expected} named `{}`", name.id)
                    })
                });
                let expected = self.want_word(want);
                let mut d = Diagnostic::new(
                    DiagnosticCode::UnknownReference,
                    name.span.clone(),
                    format!(
                        "unknown {} `{}`",
                        expected.split_once(' ').map_or(expected.as_str(), |x| x.1),
                        name.id
                    ),
                )
                .label("not declared");
                d = match self.renamed_copy(name, want, has_guess) {
                    Some((span, help)) => d
                        .with(span, format!("perhaps meant to be `{}`", name.id))
                        .help(help),
                    None => d.help(help),
                };
                self.push(d);
                None
            }
        }
    }

    pub(crate) fn actors_and_sources(&mut self) {
        let cb = self.cb;
        for g in &cb.groups {
            let mut members = Vec::new();
            for m in &g.members {
                if let Some(Sym::Actor(a)) = self.resolve(m, Want::Actor) {
                    self.used_actors[a] = true;
                    members.push(a);
                }
            }
            self.r.group_members.push(members);
        }
        for s in &cb.sources {
            let actor = s
                .actor
                .as_ref()
                .and_then(|a| match self.resolve(a, Want::Actor) {
                    Some(Sym::Actor(i)) => Some(i),
                    _ => None,
                });
            if let Some(a) = actor {
                self.used_actors[a] = true;
            }
            let round = s
                .round
                .as_ref()
                .and_then(|a| match self.resolve(a, Want::Round) {
                    Some(Sym::Round(i)) => Some(i),
                    _ => None,
                });
            self.r.source_actor.push(actor);
            self.r.source_round.push(round);
            let mut participants = Vec::with_capacity(s.participants.len());
            for p in &s.participants {
                let n = match p {
                    Participant::Ref(n) => n,
                    Participant::Text(t) => {
                        participants.push(Attendee::Text(t.clone()));
                        continue;
                    }
                };
                match self.r.symbols.get(n.id.as_str()).copied() {
                    Some(Sym::Group(g)) => {
                        for a in self.r.group_members.get(g).cloned().unwrap_or_default() {
                            self.used_actors[a] = true;
                        }
                        participants.push(Attendee::Group(g));
                    }
                    _ => {
                        if let Some(Sym::Actor(a)) = self.resolve(n, Want::Actor) {
                            self.used_actors[a] = true;
                            participants.push(Attendee::Actor(a));
                        }
                    }
                }
            }
            self.r.source_participants.push(participants);
        }
    }

    pub(crate) fn quotes(&mut self) {
        let cb = self.cb;
        self.r.code_quotes = Per::filled(cb.codes.len(), Vec::new());
        self.r.marks_representative = Per::filled(cb.structures.len(), false);
        // Per phase: the last quote that named it.
        let mut named_by: Per<PhaseId, Option<QuoteId>> = Per::filled(cb.phases.len(), None);
        for (qi, q) in QuoteId::each(cb) {
            let mut codes = Vec::with_capacity(q.supports.len());
            for s in &q.supports {
                if let Some(Sym::Code(c)) = self.resolve(s, Want::AnyCode) {
                    // Named twice: this quote is already the last in the code's list (a search
                    // of `codes` would cost O(k²) for a quote supporting k concepts).
                    if self.r.code_quotes[c].last() == Some(&qi) {
                        continue;
                    }
                    codes.push(c);
                    self.r.code_quotes[c].push(qi);
                }
            }
            if q.supports.is_empty() {
                let level = cb.lowest_level();
                self.push(
                    Diagnostic::new(DiagnosticCode::QuoteWithoutConcept, head(&q.span), format!("this quote supports no {level}"))
                        .label("supports nothing")
                        .help(format!("add `supports: some_{level}` to the quote, or write the quote inside the {level}'s block")),
                );
            }
            if q.representative == Some(true) {
                for c in &codes {
                    let structure = cb[*c].structure;
                    if let Some(marks) = self.r.marks_representative.get_mut(structure) {
                        *marks = true;
                    }
                }
            }
            self.r.quote_codes.push(codes);
            let source = q
                .source
                .as_ref()
                .and_then(|s| match self.resolve(s, Want::Source) {
                    Some(Sym::Source(i)) => Some(i),
                    _ => None,
                });
            self.r.quote_source.push(source);
            if q.attribution.is_none() && q.source.is_none() {
                self.push(
                    Diagnostic::new(DiagnosticCode::MissingAttribution, head(&q.span), "this quote says nothing of where it comes from")
                        .label("no attribution")
                        .help("add `by: \"community worker\", 2017`, `from: \"minutes\", 2017-02-09`, or `source: some_source`; if the paper prints quotes without their sources, write `allow: missing_attribution` at the top of the file"),
                );
            }
            let actor = q
                .actor
                .as_ref()
                .and_then(|a| match self.resolve(a, Want::Actor) {
                    Some(Sym::Actor(i)) => Some(i),
                    _ => None,
                });
            if let Some(a) = actor.or_else(|| source.and_then(|s| self.r.source_actor[s])) {
                self.used_actors[a] = true;
            }
            self.r
                .quote_actor
                .push(actor.or_else(|| source.and_then(|s| self.r.source_actor[s])));
            let mut phases = Vec::with_capacity(q.phases.len());
            for p in &q.phases {
                // Named twice: this quote is already the last to name the phase (a search of
                // `phases` would cost O(k²) for a quote naming k phases).
                if let Some(Sym::Phase(i)) = self.resolve(p, Want::Phase)
                    && named_by[i] != Some(qi)
                {
                    named_by[i] = Some(qi);
                    phases.push(i);
                }
            }
            self.r.quote_phases.push(phases);
        }
    }
}

/// The `quote` keyword that starts a quote's declaration, for a label that should not cover
/// the whole quote.
pub(crate) fn head(span: &Span) -> Span {
    span.start..span.start + "quote".len().min(span.end - span.start)
}
