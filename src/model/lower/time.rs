//! Time: phases, turning points and data-collection periods.

use super::*;

impl Lowerer {
    pub(super) fn phase(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let range = self.head_when(n, "phase p1 \"Phase I\" 2012 .. 2016-06");
        let mut parts = self.parts(n, Some(&schema::PHASE));
        let description = self.text_field(&mut parts.fields, "description", "a description");
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a phase");
        if let (Some(id), Some(label), Some(range)) = (id, label, range) {
            self.cb.phases.push(Phase {
                id,
                label,
                range,
                description,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn turning_point(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let when = self.head_when(n, "turning point tp1 \"Funding granted\" 2016-06");
        let mut parts = self.parts(n, Some(&schema::TURNING_POINT));
        let description = self.text_field(&mut parts.fields, "description", "a description");
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a turning point");
        if let (Some(id), Some(label), Some(when)) = (id, label, when) {
            self.cb.turning_points.push(TurningPoint {
                id,
                label,
                when,
                description,
                span: n.span.clone(),
            });
        }
    }

    pub(super) fn period(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let range = self.head_when(
            n,
            "period retrospective \"Retrospective data\" 2012 .. 2014",
        );
        let parts = self.parts(n, Some(&schema::PERIOD));
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a period");
        if let (Some(id), Some(label), Some(range)) = (id, label, range) {
            self.cb.periods.push(Period {
                id,
                label,
                range,
                span: n.span.clone(),
            });
        }
    }
}
