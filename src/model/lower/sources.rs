//! Sources (interviews, documents, observations), rounds of data collection, and totals.

use super::*;

impl Lowerer {
    pub(super) fn round(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::ROUND));
        let when = parts.fields.take("date").and_then(|p| self.when(p));
        let total = parts.fields.take("total").and_then(|p| self.total(p));
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a round");
        if let (Some(id), Some(label)) = (id, label) {
            self.cb.rounds.push(Round {
                id,
                label,
                when,
                total,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn total(&mut self, p: &Property) -> Option<Total> {
        let mut items = Vec::new();
        for v in &p.values {
            let item = match v.atoms.as_slice() {
                [Atom::Number { text, .. }, Atom::Word(unit), rest @ ..] => {
                    let amount: f64 = text.parse().unwrap_or(f64::NAN);
                    // `3 focus groups` is the one unit of two words.
                    let known = match rest {
                        [] => unit.name.as_str(),
                        [Atom::Word(w)]
                            if unit.name == "focus"
                                && matches!(w.name.as_str(), "group" | "groups") =>
                        {
                            "focus groups"
                        }
                        _ => "",
                    };
                    let (unit_kind, per) = match known {
                        "interview" | "interviews" => (Some(Unit::Interviews), 1.0),
                        "recurring" => (Some(Unit::Recurring), 1.0),
                        "document" | "documents" => (Some(Unit::Documents), 1.0),
                        "page" | "pages" => (Some(Unit::Pages), 1.0),
                        "observation" | "observations" => (Some(Unit::Observations), 1.0),
                        "h" | "hour" | "hours" => (Some(Unit::Minutes), 60.0),
                        "min" | "minutes" => (Some(Unit::Minutes), 1.0),
                        "focus groups" => (Some(Unit::FocusGroups), 1.0),
                        "participant" | "participants" => (Some(Unit::Participants), 1.0),
                        _ => (None, 1.0),
                    };
                    let value = amount * per;
                    match unit_kind {
                        Some(u) if value.is_finite() && value.fract() == 0.0 && value >= 0.0 => {
                            Some(TotalItem {
                                amount: value as u64,
                                unit: u,
                                written: match rest {
                                    [Atom::Word(w)] => format!("{text} {} {}", unit.name, w.name),
                                    _ => format!("{text} {}", unit.name),
                                },
                                span: v.span.clone(),
                            })
                        }
                        Some(_) => None,
                        None => {
                            let units = [
                                "interviews",
                                "recurring",
                                "documents",
                                "pages",
                                "observations",
                                "h",
                                "min",
                                "focus groups",
                                "participants",
                            ];
                            let words: Vec<&str> = std::iter::once(unit.name.as_str())
                                .chain(rest.iter().filter_map(|a| match a {
                                    Atom::Word(w) => Some(w.name.as_str()),
                                    _ => None,
                                }))
                                .collect();
                            let written = words.join(" ");
                            let mut list = format!("a total counts one of: {}", units.join(", "));
                            if words.contains(&"group") || words.contains(&"groups") {
                                list.push_str(
                                    "; a group interview is declared as a `focus group` and \
                                     counted among the `focus groups`",
                                );
                            }
                            let help = match rest {
                                [] => {
                                    did_you_mean(&unit.name, units).unwrap_or_else(|| list.into())
                                }
                                _ => list.into(),
                            };
                            let span = match rest.last() {
                                Some(last) => unit.span.start..last.span().end,
                                None => unit.span.clone(),
                            };
                            self.push(
                                Diagnostic::new(
                                    C::InvalidValue,
                                    span,
                                    format!("`{written}` is not something a total can count"),
                                )
                                .label("unknown unit")
                                .help(help),
                            );
                            return None;
                        }
                    }
                }
                _ => None,
            };
            match item {
                Some(i) => items.push(i),
                None => {
                    self.bad_value(p, "amounts with their unit", "81 documents, 652 pages");
                    return None;
                }
            }
        }
        Some(Total {
            items,
            span: p.span.clone(),
        })
    }

    pub(super) fn source(&mut self, n: &Node, kind: SourceKind) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a description");
        self.no_values(n);
        let spec = match kind {
            SourceKind::Interview => &schema::INTERVIEW,
            SourceKind::Document => &schema::DOCUMENT,
            SourceKind::Observation => &schema::OBSERVATION,
            SourceKind::FocusGroup => &schema::FOCUS_GROUP,
        };
        let mut parts = self.parts(n, Some(spec));
        let count = parts.fields.take("count").and_then(|p| self.number(p));
        let role = self.text_field(&mut parts.fields, "role", "a role");
        let actor = parts.fields.take("actor").and_then(|p| self.one_name(p));
        let round = parts.fields.take("round").and_then(|p| self.one_name(p));
        let of_kind = self.text_field(&mut parts.fields, "kind", "a kind");
        let when = parts
            .fields
            .take("date")
            .map(|p| self.whens(p))
            .unwrap_or_default();
        let duration = parts.fields.take("duration").and_then(|p| self.minutes(p));
        let pages = parts.fields.take("pages").and_then(|p| self.number(p));
        // A focus group counts its participants; an observation names them.
        let people = match kind {
            SourceKind::FocusGroup => parts
                .fields
                .take("participants")
                .and_then(|p| self.number(p)),
            _ => None,
        };
        let participants = parts
            .fields
            .take("participants")
            .map(|p| {
                let mut out = Vec::new();
                for v in &p.values {
                    match v.atoms.as_slice() {
                        [Atom::Word(w)] => out.push(Participant::Ref(name(w))),
                        [Atom::Str(s)] => out.push(Participant::Text(text(s))),
                        _ => {
                            self.bad_value(
                                p,
                                "actors or quoted texts",
                                "hc, hi1, \"evaluation institute\"",
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            })
            .unwrap_or_default();
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, spec.what);
        if let Some(k) = count.filter(|k| *k > 1 && when.len() > 1 && when.len() != *k as usize) {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    format!(
                        "this declaration stands for {k} sources but gives {} dates",
                        when.len()
                    ),
                )
                .label("count and dates disagree")
                .help("give one date per source, or one date (or range) for all of them"),
            );
        }
        if count == Some(0) {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "a source declared with `count: 0` stands for nothing",
                )
                .label("count of zero")
                .help("remove the declaration, or give the number of sources it stands for"),
            );
        }
        let (Some(id), Some(label)) = (id, label) else {
            return;
        };
        self.cb.sources.push(Source {
            id,
            kind,
            label,
            count: count.unwrap_or(1),
            role,
            actor,
            round,
            of_kind,
            when,
            duration,
            pages,
            participants,
            people,
            span: n.span.clone(),
        });
    }
}
