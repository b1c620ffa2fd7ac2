//! Time: phases, turning points and data-collection periods. All three are read alike (an
//! identifier, a label, dates on the first line, a block of what their schema lists); only the
//! record they make differs.

use super::*;

/// What a phase, a turning point or a period says.
struct Dated {
    id: Name,
    label: Text,
    /// `None` only for a phase written without dates, or a turning point placed `after` one.
    when: Option<DateRange>,
    /// The phase a turning point follows (`after capture`), between undated phases.
    after: Option<Name>,
    description: Option<Text>,
    attributes: Vec<Attribute>,
}

impl Lowerer {
    /// Read a dated declaration of the kind `spec` describes; `example` is its first line, as
    /// help for missing dates.
    fn dated(
        &mut self,
        n: &Node,
        spec: &'static schema::Declaration,
        example: &str,
    ) -> Option<Dated> {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        // A phase may be undated: many process studies number their phases and never date
        // them. Turning points and periods are dates.
        let mut after = None;
        let when = if n.values.is_empty() && spec.kind == schema::PHASE.kind {
            Some(None)
        } else if spec.kind == schema::TURNING_POINT.kind
            && let Some(place) = self.after_phase(n)
        {
            after = place;
            after.as_ref().map(|_| None)
        } else {
            self.head_when(n, example).map(Some)
        };
        let mut parts = self.parts(n, Some(spec));
        let description = self.text_field(&mut parts.fields, "description", "a description");
        let attributes = if spec.open {
            self.own_attributes(parts.fields.rest(), spec)
        } else {
            self.leftovers(parts.fields);
            Vec::new()
        };
        self.no_children(&parts.nodes, spec.what);
        Some(Dated {
            id: id?,
            label: label?,
            when: when?,
            after,
            description,
            attributes,
        })
    }

    pub(super) fn phase(&mut self, n: &Node) {
        let example = "phase p1 \"Phase I\" 2012 .. 2016-06";
        if let Some(d) = self.dated(n, &schema::PHASE, example) {
            self.cb.phases.push(Phase {
                id: d.id,
                label: d.label,
                range: d.when,
                description: d.description,
                attributes: d.attributes,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn turning_point(&mut self, n: &Node) {
        let example = "turning point tp1 \"Funding granted\" 2016-06";
        if let Some(d) = self.dated(n, &schema::TURNING_POINT, example)
            && (d.when.is_some() || d.after.is_some())
        {
            self.cb.turning_points.push(TurningPoint {
                id: d.id,
                label: d.label,
                when: d.when,
                after: d.after,
                description: d.description,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn period(&mut self, n: &Node) {
        let example = "period retrospective \"Retrospective data\" 2012 .. 2014";
        if let Some(d) = self.dated(n, &schema::PERIOD, example)
            && let Some(range) = d.when
        {
            self.cb.periods.push(Period {
                id: d.id,
                label: d.label,
                range,
                span: n.span.clone(),
            });
        }
    }
}

impl Lowerer {
    /// A turning point's place between undated phases, `after capture`: `None` when its head
    /// does not start with the word `after` (then it is read as dates); `Some(None)` when
    /// `after` is there but not one phase's identifier after it (reported).
    fn after_phase(&mut self, n: &Node) -> Option<Option<Name>> {
        let id = n.name.as_ref().map_or("tp1", |i| i.name.as_str());
        let label = n.label.as_ref().map_or("Funding cut", |l| l.value.as_str());
        if n.values.is_empty() {
            // Neither a date nor a place: the fix offered first fits the phases so far.
            let last = self.cb.phases.last();
            let after = format!(
                "`turning point {id} \"{label}\" after {}`",
                last.map_or("p1", |p| p.id.id.as_str())
            );
            let dated = format!("`turning point {id} \"{label}\" 2016-06`");
            let help = if last.is_some_and(|p| p.range.is_none()) {
                format!(
                    "between undated phases, name the phase it follows: {after}; or give its date, {dated}"
                )
            } else {
                format!(
                    "give its date after its label, {dated}; or, between undated phases, name the phase it follows: {after}"
                )
            };
            self.push(
                Diagnostic::new(
                    C::MissingProperty,
                    n.head_span(),
                    "this `turning point` has neither a date nor a place among the phases",
                )
                .label("a date or `after` a phase expected after the label")
                .help(help),
            );
            return Some(None);
        }
        let [v] = n.values.as_slice() else {
            return None;
        };
        let (first, rest) = v.atoms.split_first()?;
        match first {
            Atom::Word(w) if w.name == "after" => {}
            _ => return None,
        }
        if let [Atom::Word(phase)] = rest {
            return Some(Some(name(phase)));
        }
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                v.span.clone(),
                "`after` places a turning point after one phase, named by its identifier",
            )
            .label("not one phase's identifier after `after`")
            .help(format!(
                "for example `turning point {id} \"{label}\" after {}`, where `{}` is the identifier of the phase it follows",
                self.cb.phases.last().map_or("p1", |p| p.id.id.as_str()),
                self.cb.phases.last().map_or("p1", |p| p.id.id.as_str()),
            )),
        );
        Some(None)
    }
}
