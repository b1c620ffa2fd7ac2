//! The phase table: one row per phase, in the order written, with its description and its
//! attributes of the author's own as columns (Austin et al. 2020, Table 1: "Phase | Activity
//! type | Description | Stakeholders involved"). A value of several items (`activity:
//! "Expert panel", "Delphi prioritisation"`) prints each item as a paragraph of its cell, one
//! under another, as the paper's bullets. Each turning point prints in a row across the table
//! after the phase it follows ("Turning point: Office closed (January 2025)"), unless the file
//! says `rows phases: phases`.

use super::model::{Cell, Column, Content, Kind, Row, Rule, Style, Table};
use super::structure::over_row;
use super::text::{attribute, from, paragraphs, plain, styled};
use super::{Builder, PHASES};
use crate::model::{
    AttributeColumn, Codebook, Id, Phase, Text, TurningPoint, TurningPointId, groups,
};

/// The name of the column that prints a phase's `description:`.
pub(crate) const DESCRIPTION: &str = "description";

/// The name of the column that prints a phase's dates (`column phases: dates "Period"`), as
/// a paper prints them: "March–June 2021", "2012–June 2016".
pub(crate) const DATES: &str = "dates";

/// What one column of the phase table prints, and its heading.
pub(crate) struct PhaseColumn {
    /// `description`, or an attribute's name.
    pub key: String,
    pub heading: String,
}

/// The phase table's columns after the phase's own: those `column phases:` names, in its
/// order; without it, the description (when a phase has one), then every attribute the phases
/// carry, in the order first written, headed by its name (`stakeholders_involved`:
/// "Stakeholders involved").
pub(crate) fn columns(cb: &Codebook) -> Vec<PhaseColumn> {
    let declared = declared(cb);
    if !declared.is_empty() {
        return declared
            .iter()
            .map(|c| PhaseColumn {
                key: c.attribute.id.to_string(),
                heading: c.heading.text.clone(),
            })
            .collect();
    }
    let mut out: Vec<PhaseColumn> = Vec::new();
    if cb.phases.iter().any(|p| p.description.is_some()) {
        out.push(PhaseColumn {
            key: DESCRIPTION.to_string(),
            heading: "Description".to_string(),
        });
    }
    for a in cb.phases.iter().flat_map(|p| &p.attributes) {
        if !out.iter().any(|c| c.key == a.key.id.as_str()) {
            let words = a.key.id.replace('_', " ");
            let mut chars = words.chars();
            let heading = chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            out.push(PhaseColumn {
                key: a.key.id.to_string(),
                heading,
            });
        }
    }
    out
}

/// The columns `column phases:` names, in its order (none without it).
pub(crate) fn declared(cb: &Codebook) -> &[AttributeColumn] {
    cb.tables
        .iter()
        .find(|t| t.table == PHASES)
        .map_or(&[], |t| t.columns.as_slice())
}

impl Builder<'_> {
    /// The phase table: a row per phase, its label first, then [`columns`].
    pub(super) fn phases(&self) -> Table {
        let cb = &self.c.codebook;
        let (caption, label) = self.caption_and_label(PHASES, "Phases of the study");
        let columns = columns(cb);
        let width = columns.len() + 1;
        // The turning points in the order they print: each after the phase it follows (those
        // before every phase first), in time, then as written.
        let mut turning: Vec<(Option<usize>, TurningPointId)> = if turning_point_rows(cb) {
            TurningPointId::each(cb)
                .map(|(t, _)| (self.c.resolved.turning_point_after[t].map(|p| p.index()), t))
                .collect()
        } else {
            Vec::new()
        };
        turning.sort_by_key(|(after, t)| {
            (
                after.map_or(0, |p| p + 1),
                cb[*t].when.map(|w| w.start.first_day()),
                t.index(),
            )
        });
        let turning_after = |after: Option<usize>| {
            turning
                .iter()
                .filter(move |(a, _)| *a == after)
                .map(|(_, t)| turning_point_row(&cb[*t], width))
        };
        let mut body: Vec<Row> = turning_after(None).collect();
        for (i, p) in cb.phases.iter().enumerate() {
            let what = format!("the phase `{}`", p.id.id);
            let mut cells = vec![Cell::new(Content::para(vec![from(
                &p.label,
                Style::Plain,
                format!("the label of {what}"),
            )]))];
            cells.extend(columns.iter().map(|c| Cell::new(cell(p, &c.key, &what))));
            // A little space under a turning point's row, as above it: it stands apart from the
            // phases it separates.
            let after_turning = i > 0 && turning.iter().any(|(a, _)| *a == Some(i - 1))
                || i == 0 && turning.iter().any(|(a, _)| a.is_none());
            let rule = if after_turning {
                Rule::Space
            } else {
                Rule::None
            };
            body.push(Row::new(rule, cells));
            body.extend(turning_after(Some(i)));
        }
        let first = Column::left(0.2);
        let rest = 0.8 / columns.len().max(1) as f64;
        let mut head = vec![plain("Phase")];
        head.extend(columns.iter().map(|c| plain(c.heading.clone())));
        let head = Row::new(
            Rule::None,
            head.into_iter()
                .map(|r| Cell::new(Content::para(vec![r])))
                .collect(),
        );
        // The common headings over columns of `column phases:` (`under`).
        let declared = declared(cb);
        let places: Vec<(Option<usize>, usize)> =
            (0..declared.len()).map(|i| (Some(i), 0)).collect();
        let head = match over_row(
            &groups(declared, &places),
            declared,
            1,
            columns.len() + 1,
            Rule::None,
            "a common heading of the table `phases`",
        ) {
            Some((over, rule)) => vec![over, Row { rule, ..head }],
            None => vec![head],
        };
        Table {
            name: PHASES.into(),
            kind: Kind::Phases,
            caption,
            label,
            columns: std::iter::once(first)
                .chain(columns.iter().map(|_| Column::left(rest)))
                .collect(),
            head,
            body,
            note: cb
                .tables
                .iter()
                .find(|t| t.table == PHASES)
                .and_then(|t| t.note.as_ref())
                .map(|n| paragraphs(n, Style::Plain, "the note of the table `phases`")),
            wide: columns.len() > 4,
            number: None,
        }
    }
}

/// What the column `key` prints for a phase: its dates, its description, or each item of its
/// attribute as a paragraph; empty when the phase has none.
fn cell(p: &Phase, key: &str, what: &str) -> Content {
    // The dates, unless the phases carry an attribute of the author's own of that name.
    if key == DATES && !p.attributes.iter().any(|a| a.key.id.as_str() == DATES) {
        return p.range.as_ref().map_or_else(Content::default, |r| {
            Content::para(vec![from(
                &Text {
                    text: r.long(),
                    span: p.span.clone(),
                },
                Style::Plain,
                format!("the dates of {what}"),
            )])
        });
    }
    if key == DESCRIPTION {
        return p.description.as_ref().map_or_else(Content::default, |d| {
            paragraphs(d, Style::Plain, &format!("the description of {what}"))
        });
    }
    let Some(a) = p.attributes.iter().find(|a| a.key.id.as_str() == key) else {
        return Content::default();
    };
    Content {
        paras: attribute(a, &format!("the `{}` of {what}", a.key.id)),
    }
}

/// Whether the phase table prints the turning points as rows between the phases: unless the
/// file says `rows phases: phases`.
pub(crate) fn turning_point_rows(cb: &Codebook) -> bool {
    cb.tables
        .iter()
        .find(|t| t.table == PHASES)
        .and_then(|t| t.turning_point_rows.as_ref())
        .is_none_or(|(with, _)| *with)
}

/// A turning point's row, across the whole table: "*Turning point:* Office closed (January
/// 2025)", its description below.
fn turning_point_row(t: &TurningPoint, width: usize) -> Row {
    let what = format!("the turning point `{}`", t.id.id);
    let mut runs = vec![
        styled("Turning point: ", Style::Italic),
        from(&t.label, Style::Plain, format!("the label of {what}")),
    ];
    if let Some(when) = &t.when {
        runs.push(plain(format!(" ({})", when.long())));
    }
    let mut content = Content::para(runs);
    if let Some(d) = &t.description {
        content.paras.extend(
            paragraphs(d, Style::Plain, &format!("the description of {what}"))
                .paras
                .into_iter()
                .map(|mut p| {
                    p.gap = false;
                    p
                }),
        );
    }
    Row::new(Rule::Space, vec![Cell::spanning(width, content)])
}
