//! Time: phases, turning points and data-collection periods. All three are read alike (an
//! identifier, a label, dates on the first line, a block of what their schema lists); only the
//! record they make differs.

use super::*;

/// What a phase, a turning point or a period says.
struct Dated {
    id: Name,
    label: Text,
    /// `None` only for a phase written without dates.
    when: Option<DateRange>,
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
        let when = if n.values.is_empty() && spec.kind == schema::PHASE.kind {
            Some(None)
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
            && let Some(when) = d.when
        {
            self.cb.turning_points.push(TurningPoint {
                id: d.id,
                label: d.label,
                when,
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
