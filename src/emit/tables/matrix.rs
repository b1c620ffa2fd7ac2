//! Table 5: a phase matrix, phases over actor-group columns, one row per code.

use super::model::{Align, Cell, Column, Content, Kind, Origin, Row, Rule, Run, Style, Table};
use super::text::{excerpt, from, paragraphs, plain, styled};
use super::{Builder, empty_table};
use crate::check::Sym;
use crate::emit::{group_label, sym};
use crate::model::{CellValue, Text};

impl Builder<'_> {
    /// Table 5: phases over actor-group columns, one row per code.
    pub(super) fn matrix(&self, mi: usize) -> Table {
        let cb = &self.c.codebook;
        let Some(m) = cb.matrices.get(mi) else {
            return empty_table();
        };
        // (phase id, group id, split) of every column, in order.
        let mut cols: Vec<(&str, &str, usize)> = Vec::new();
        let mut phase_head = vec![Cell::empty()];
        let mut group_head = Vec::new();
        let mut ranges = Vec::new();
        let mut next = 2;
        for cg in &m.columns {
            let width: usize = cg.columns.iter().map(|c| c.split.max(1) as usize).sum();
            if width == 0 {
                continue;
            }
            let label = match sym(self.c, &cg.phase.id) {
                Some(Sym::Phase(p)) => cb.phases.get(p).map(|ph| Text {
                    text: ph.label.text.to_uppercase(),
                    span: ph.label.span.clone(),
                }),
                _ => None,
            }
            .unwrap_or_else(|| Text {
                text: cg.phase.id.to_string(),
                span: cg.phase.span.clone(),
            });
            phase_head.push(Cell {
                span: width,
                align: Some(Align::Centre),
                content: Content::para(vec![from(
                    &label,
                    Style::Plain,
                    format!("the label of the phase `{}`", cg.phase.id),
                )]),
            });
            ranges.push((next, next + width - 1));
            next += width;
            for col in &cg.columns {
                let split = col.split.max(1) as usize;
                cols.push((&cg.phase.id, &col.group.id, split));
                let run = match sym(self.c, &col.group.id) {
                    Some(Sym::Group(g)) => {
                        let text = group_label(self.c, g);
                        let span = cb.groups.get(g).map_or(col.group.span.clone(), |gr| {
                            gr.label
                                .as_ref()
                                .map_or(gr.span.clone(), |l| l.span.clone())
                        });
                        Run {
                            text,
                            style: Style::Italic,
                            origin: Some(Origin {
                                span,
                                what: format!("the label of the group `{}`", col.group.id),
                            }),
                        }
                    }
                    _ => styled(col.group.id.clone(), Style::Italic),
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
        let sub_columns: usize = cols.iter().map(|c| c.2).sum();
        let stub_share = 1.3;
        let total = stub_share + sub_columns as f64;
        let mut columns = vec![Column::left(stub_share / total)];
        columns.extend((0..sub_columns).map(|_| Column::left(1.0 / total)));

        let mut body = Vec::new();
        for (ri, row) in m.rows.iter().enumerate() {
            let label = match sym(self.c, &row.code.id) {
                Some(Sym::Code(k)) => cb.codes.get(k).map(|code| {
                    from(
                        &code.label,
                        Style::Italic,
                        format!("the label of `{}`", code.id.id),
                    )
                }),
                _ => None,
            }
            .unwrap_or_else(|| styled(row.code.id.clone(), Style::Italic));
            let mut cells = vec![Cell::new(Content::para(vec![label]))];
            for (phase, group, split) in &cols {
                let cell = row
                    .cells
                    .iter()
                    .find(|c| c.phase.id == *phase && c.group.id == *group);
                let values: Vec<Content> = cell
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
                    let joined = Content {
                        paras: values.into_iter().flat_map(|v| v.paras).collect(),
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
            columns,
            head,
            body,
            note: m
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", m.id.id))),
        }
    }

    fn cell_value(&self, matrix: &str, v: &CellValue) -> Run {
        let cb = &self.c.codebook;
        match v {
            CellValue::Code(n) => match sym(self.c, &n.id).and_then(|s| match s {
                Sym::Code(k) => cb.codes.get(k),
                _ => None,
            }) {
                Some(code) => from(
                    &code.label,
                    Style::Plain,
                    format!("the label of `{}`", code.id.id),
                ),
                None => plain(n.id.clone()),
            },
            CellValue::Text(t) => from(
                t,
                Style::Plain,
                format!("a cell of the matrix `{matrix}`, {}", excerpt(&t.text)),
            ),
        }
    }
}
