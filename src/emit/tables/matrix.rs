//! Table 5: a phase matrix, phases over actor-group columns, one row per code.

use super::Builder;
use super::model::{
    Align, Cell, Column, Content, Kind, Origin, Para, Row, Rule, Run, Style, Table,
};
use super::text::{excerpt, from, paragraphs};
use crate::check::MatrixValue;
use crate::emit::group_label;
use crate::model::{MatrixId, Text};

impl Builder<'_> {
    /// Table 5: phases over actor-group columns, one row per code.
    pub(super) fn matrix(&self, mi: MatrixId) -> Table {
        let cb = &self.c.codebook;
        let m = &cb[mi];
        let links = &self.c.resolved.matrices[mi];
        // How many sub-columns each column spans, in order.
        let mut cols: Vec<usize> = Vec::new();
        let mut phase_head = vec![Cell::empty()];
        let mut group_head = Vec::new();
        let mut ranges = Vec::new();
        let mut next = 2;
        for p in &links.phases {
            let width: usize = p.columns.iter().map(|c| c.split.max(1) as usize).sum();
            if width == 0 {
                continue;
            }
            let phase = &cb[p.phase];
            let label = Text {
                text: if m.phase_capitals {
                    phase.label.text.to_uppercase()
                } else {
                    phase.label.text.clone()
                },
                span: phase.label.span.clone(),
            };
            phase_head.push(Cell {
                span: width,
                align: Some(Align::Centre),
                content: Content::para(vec![from(
                    &label,
                    Style::Plain,
                    format!("the label of the phase `{}`", phase.id.id),
                )]),
                piece: false,
            });
            ranges.push((next, next + width - 1));
            next += width;
            for col in &p.columns {
                let split = col.split.max(1) as usize;
                cols.push(split);
                let group = &cb[col.group];
                let span = group.label.as_ref().map_or(&group.span, |l| &l.span);
                let run = Run {
                    text: group_label(self.c, col.group),
                    style: Style::Italic,
                    origin: Some(Origin {
                        span: span.clone(),
                        what: format!("the label of the group `{}`", group.id.id),
                    }),
                };
                group_head.push(Cell::spanning(split, Content::para(vec![run])));
            }
        }
        let stub = match &m.heading {
            Some(h) => Content::para(vec![from(
                h,
                Style::Italic,
                format!("the heading of the matrix `{}`", m.id.id),
            )]),
            None => Content::default(),
        };
        group_head.insert(0, Cell::new(stub));
        let sub_columns: usize = cols.iter().sum();
        let stub_share = 1.3;
        let total = stub_share + sub_columns as f64;
        let mut columns = vec![Column::left(stub_share / total)];
        columns.extend((0..sub_columns).map(|_| Column::left(1.0 / total)));

        let mut body = Vec::new();
        for (ri, row) in links.rows.iter().enumerate() {
            let code = &cb[row.code];
            let label = from(
                &code.label,
                self.higher_label(),
                format!("the label of `{}`", code.id.id),
            );
            let mut cells = vec![Cell::new(Content::para(vec![label]))];
            for (column, split) in cols.iter().enumerate() {
                let values: Vec<Content> = row
                    .cell_in(column)
                    .map(|c| {
                        c.values
                            .iter()
                            .map(|v| Content::para(vec![self.cell_value(&m.id.id, v)]))
                            .collect()
                    })
                    .unwrap_or_default();
                if values.len() == *split && *split > 1 {
                    cells.extend(values.into_iter().map(Cell::new));
                } else {
                    // Several texts in one column are a list: each an item, as an attribute of
                    // several texts is.
                    let list = values.len() > 1;
                    let joined = Content {
                        paras: values
                            .into_iter()
                            .flat_map(|v| v.paras)
                            .map(|p| Para { item: list, ..p })
                            .collect(),
                    };
                    cells.push(Cell::spanning(*split, joined));
                }
            }
            body.push(Row::new(
                if ri == 0 { Rule::None } else { Rule::Space },
                cells,
            ));
        }
        let mut head = vec![Row::new(Rule::None, phase_head)];
        head.push(Row::new(Rule::Partial(ranges), group_head));
        let label = match &m.label {
            Some(l) => Some((
                l.text.clone(),
                Some(Origin {
                    span: l.span.clone(),
                    what: format!("the label of `{}`", m.id.id),
                }),
            )),
            None => Some((format!("tab:{}", m.id.id), None)),
        };
        Table {
            name: m.id.id.to_string(),
            kind: Kind::Matrix,
            caption: vec![from(
                &m.caption,
                Style::Plain,
                format!("the caption of `{}`", m.id.id),
            )],
            label,
            wide: sub_columns > 4,
            number: None,
            columns,
            head,
            body,
            note: m
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", m.id.id))),
        }
    }

    fn cell_value(&self, matrix: &str, v: &MatrixValue) -> Run {
        match v {
            MatrixValue::Code(k) => {
                let code = &self.c.codebook[*k];
                from(
                    &code.label,
                    Style::Plain,
                    format!("the label of `{}`", code.id.id),
                )
            }
            MatrixValue::Text(t) => from(
                t,
                Style::Plain,
                format!("a cell of the matrix `{matrix}`, {}", excerpt(&t.text)),
            ),
        }
    }
}
