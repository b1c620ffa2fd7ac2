//! Quotes: their text, attribution, and what they support.

use super::*;

impl Lowerer {
    pub(super) fn attribution(&mut self, p: &Property, person: bool) -> Option<Attribution> {
        let example = if person {
            "\"community worker\", 2017"
        } else {
            "\"minutes\", 2017-02-09"
        };
        let mut values = p.values.iter();
        let first = values.next();
        let who = match first.map(|v| v.atoms.as_slice()) {
            Some([Atom::Str(s)]) if !s.value.trim().is_empty() => text(s),
            _ => {
                let expected = if person {
                    "a quoted role (and, where the paper gives one, a year or date)"
                } else {
                    "a quoted kind of document (and, where the paper gives one, its date)"
                };
                self.bad_value(p, expected, example);
                return None;
            }
        };
        let when = match values.next() {
            Some(v) => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    let expected = if person {
                        "a role and then a year or a date"
                    } else {
                        "a kind of document and then its date"
                    };
                    self.bad_date(p, v, expected, example);
                    return None;
                }
            },
            None => None,
        };
        if values.next().is_some() {
            self.bad_value(p, "two values: who, and when", example);
            return None;
        }
        Some(if person {
            Attribution::Person { role: who, when }
        } else {
            Attribution::Document { kind: who, when }
        })
    }

    pub(super) fn quote(&mut self, n: &Node, nested_in: Option<usize>) {
        let id = n.name.as_ref().map(name);
        let quote_text = self
            .label_of(n, "text")
            .map(|s| match self.drop_quote_texts {
                false => text(s),
                true => Text {
                    text: String::new(),
                    span: s.span.clone(),
                },
            });
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::QUOTE));
        let by = parts
            .fields
            .take("by")
            .and_then(|p| self.attribution(p, true));
        let from = parts
            .fields
            .take("from")
            .and_then(|p| self.attribution(p, false));
        let source = parts.fields.take("source").and_then(|p| self.one_name(p));
        let mut supports: Names = parts
            .fields
            .take("supports")
            .map(|p| self.names(p))
            .unwrap_or_default();
        let phases: Names = parts
            .fields
            .take("phase")
            .map(|p| self.names(p))
            .unwrap_or_default();
        let actor = parts.fields.take("actor").and_then(|p| self.one_name(p));
        let date = parts.fields.take("date").and_then(|p| self.when(p));
        let representative = parts
            .fields
            .take("representative")
            .and_then(|p| self.yes_no(p));
        let coders: Option<Names> = parts.fields.take("coder").map(|p| self.names(p));
        let full_stop = parts
            .fields
            .take("full stop")
            .and_then(|p| self.choice(p, FullStop::WORDS));
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a quote");
        if let (Some(Attribution::Person { role, .. }), Some(Attribution::Document { kind, .. })) =
            (&by, &from)
        {
            self.push(
                Diagnostic::new(C::InvalidValue, kind.span.clone(), "a quote is attributed either to a person (`by:`) or to a document (`from:`), not both")
                    .label("second attribution")
                    .with(role.span.clone(), "first attribution")
                    .help("keep the one the paper prints"),
            );
        }
        if let Some(parent) = nested_in.and_then(|i| self.cb.codes.get(i)) {
            supports.insert(
                0,
                Name {
                    id: parent.id.id.clone(),
                    span: n.kind.span.clone(),
                },
            );
        }
        let Some(quote_text) = quote_text else { return };
        if let Some(coders) = coders {
            let id = crate::model::QuoteId::from_index(self.cb.quotes.len());
            self.cb.quote_coders.push((id, coders));
        }
        if let Some((stop, span)) = full_stop {
            let id = crate::model::QuoteId::from_index(self.cb.quotes.len());
            self.cb.quote_full_stops.push((id, stop, span));
        }
        self.cb.quotes.push(Quote {
            id: id.map(Box::new),
            text: quote_text,
            attribution: by.or(from).map(Box::new),
            source,
            supports,
            phases,
            actor: actor.map(Box::new),
            date,
            representative,
            span: n.span.clone(),
        });
    }
}
