//! Time: phases, turning points and data-collection periods. All three are read alike (an
//! identifier, a label, dates on the first line, a block of what their schema lists); only the
//! record they make differs.

use super::*;

/// What a phase, a turning point or a period says.
struct Dated {
    id: Name,
    label: Text,
    when: DateRange,
    description: Option<Text>,
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
        let when = self.head_when(n, example);
        let mut parts = self.parts(n, Some(spec));
        let description = self.text_field(&mut parts.fields, "description", "a description");
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, spec.what);
        Some(Dated {
            id: id?,
            label: label?,
            when: when?,
            description,
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
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn turning_point(&mut self, n: &Node) {
        let example = "turning point tp1 \"Funding granted\" 2016-06";
        if let Some(d) = self.dated(n, &schema::TURNING_POINT, example) {
            self.cb.turning_points.push(TurningPoint {
                id: d.id,
                label: d.label,
                when: d.when,
                description: d.description,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn period(&mut self, n: &Node) {
        let example = "period retrospective \"Retrospective data\" 2012 .. 2014";
        if let Some(d) = self.dated(n, &schema::PERIOD, example) {
            self.cb.periods.push(Period {
                id: d.id,
                label: d.label,
                range: d.when,
                span: n.span.clone(),
            });
        }
    }
}
