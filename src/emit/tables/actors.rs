//! Table 1: the organisations, and their members that are described.

use super::model::{Cell, Column, Content, Kind, Row, Rule, Style, Table};
use super::text::{from, paragraphs, plain};
use super::{ACTORS, Builder};
use crate::model::{ActorId, Id};

impl Builder<'_> {
    /// Table 1: each organisation with its description; members only when described.
    pub(super) fn actors(&self) -> Table {
        let cb = &self.c.codebook;
        let (caption, label) = self.caption_and_label(ACTORS, "Organizations");
        let mut body = Vec::new();
        let mut order = Vec::new();
        for (i, a) in ActorId::each(cb) {
            if a.member_of.is_none() {
                order.push(a);
                order.extend(
                    cb.actors
                        .iter()
                        .filter(|m| m.member_of == Some(i) && m.description.is_some()),
                );
            }
        }
        for a in order {
            let what = format!("the actor `{}`", a.id.id);
            let mut runs = vec![from(&a.label, Style::Plain, format!("the name of {what}"))];
            if let Some(ab) = &a.abbreviation {
                runs.push(plain(" ("));
                runs.push(from(
                    ab,
                    Style::Plain,
                    format!("the abbreviation of {what}"),
                ));
                runs.push(plain(")"));
            }
            let indent = u8::from(a.member_of.is_some());
            let description = a.description.as_ref().map_or_else(Content::default, |d| {
                paragraphs(d, Style::Plain, &format!("the description of {what}"))
            });
            body.push(Row::new(
                Rule::None,
                vec![
                    Cell::new(Content::indented(indent, runs)),
                    Cell::new(description),
                ],
            ));
        }
        Table {
            name: ACTORS.into(),
            kind: Kind::Actors,
            caption,
            label,
            columns: vec![Column::left(0.32), Column::left(0.68)],
            head: vec![Row::titles(&[
                "Organization",
                "Key attributes, roles, and actions",
            ])],
            body,
            note: None,
            wide: false,
            number: None,
        }
    }
}
