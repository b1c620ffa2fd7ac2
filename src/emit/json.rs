//! The whole resolved model as JSON, for programs. Described by `schemas/codebook.schema.json`.
//!
//! Keys are sorted (serde_json's default map), arrays keep source order, nothing depends on
//! the time or the machine: the same input gives byte-identical output.

use super::{attribution_text, group_label, quotes_under};
use crate::Compiled;
use crate::check::{MatrixLinks, MatrixValue, Sums};
use crate::model::{
    AttributeColumn, Attribution, CodeId, DateRange, FullStop, GroupId, HighestLevel, Id,
    LabelStyle, LevelColumns, LevelOrder, MatrixId, Page, Participant, QuoteId, QuoteMarks,
    QuotePlace, RoundId, StructureId, TableMeta, TurningPointId, word_of,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

/// Bump when the output's shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// Render as pretty-printed JSON, ending with a newline: the text of [`to_value`].
pub fn render(c: &Compiled) -> String {
    let mut out = Vec::new();
    if render_to(c, &mut out).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written to `w` as it is made, not held whole.
///
/// The document is serialized straight from the model: each small object (a quote, an actor,
/// a source) is made a JSON value as it is written, the larger ones (the document, a
/// structure, a code with its children) write their members themselves, so no tree of the
/// whole document is ever built (100,000 quotes: 952 MiB of memory as one tree).
pub fn render_to(c: &Compiled, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &Document::new(c)).map_err(std::io::Error::from)?;
    w.write_all(b"\n")
}

/// The model as a JSON value.
pub fn to_value(c: &Compiled) -> Value {
    serde_json::to_value(Document::new(c)).unwrap_or(Value::Null)
}

/// The whole document. Its members, and those of [`Structure`] and [`Code`], are written in
/// the order of their keys, as serde_json sorts a map's (`to_value` re-sorts them, and
/// `tests/json.rs` holds the text to that value's).
struct Document<'a> {
    c: &'a Compiled,
    /// Each quote's attribution text, computed once: codes count them, quotes print them.
    attributions: Vec<Option<String>>,
}

impl<'a> Document<'a> {
    fn new(c: &'a Compiled) -> Self {
        let attributions = QuoteId::each(&c.codebook)
            .map(|(q, _)| attribution_text(c, q))
            .collect();
        Document { c, attributions }
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.c;
        let cb = &c.codebook;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(
            "actors",
            &Each(|| {
                cb.actors.iter().map(|a| {
                    json!({
                        "id": a.id.id,
                        "name": a.label.text,
                        "abbreviation": opt_text(&a.abbreviation),
                        "description": opt_text(&a.description),
                        "member_of": a.member_of.map(|m| cb[m].id.id.clone()),
                    })
                })
            }),
        )?;
        map.serialize_entry(
            "groups",
            &Each(|| {
                GroupId::each(cb).map(|(gi, g)| {
                    json!({
                        "id": g.id.id,
                        "label": group_label(c, gi),
                        "members": g.members.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
                    })
                })
            }),
        )?;
        map.serialize_entry(
            "levels",
            &Each(|| {
                cb.levels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| json!({ "name": l.name, "heading": l.heading, "rank": i }))
            }),
        )?;
        map.serialize_entry(
            "matrices",
            &Each(|| MatrixId::each(cb).map(|(m, _)| matrix(c, m))),
        )?;
        map.serialize_entry(
            "periods",
            &Each(|| {
                cb.periods.iter().map(
                    |p| json!({ "id": p.id.id, "label": p.label.text, "range": range(&p.range) }),
                )
            }),
        )?;
        map.serialize_entry(
            "phases",
            &Each(|| {
                cb.phases.iter().map(|p| json!({
                    "id": p.id.id, "label": p.label.text, "range": p.range.as_ref().map_or(Value::Null, range), "description": opt_text(&p.description),
                    "attributes": p.attributes.iter().map(|a| json!({ "name": a.key.id, "values": match a.number { Some(_) => vec![attribute_value(a)], None => a.items.iter().cloned().map(Value::String).collect() } })).collect::<Vec<_>>(),
                }))
            }),
        )?;
        map.serialize_entry(
            "quotes",
            &Each(|| {
                self.attributions
                    .iter()
                    .enumerate()
                    .map(|(q, a)| quote(c, QuoteId::from_index(q), a.as_ref()))
            }),
        )?;
        map.serialize_entry("schema_version", &SCHEMA_VERSION)?;
        map.serialize_entry("sources", &sources(c))?;
        map.serialize_entry(
            "structures",
            &Each(|| {
                StructureId::each(cb).map(|(si, _)| Structure {
                    c,
                    si,
                    attributions: &self.attributions,
                })
            }),
        )?;
        let house = cb.house_style();
        let study = cb.study.as_ref().map(|s| {
            json!({
                "title": opt_text(&s.title),
                "authors": s.authors.iter().map(|a| a.text.clone()).collect::<Vec<_>>(),
                "year": s.year,
                "doi": opt_text(&s.doi),
                "quote_marks": word_of(QuoteMarks::WORDS, &house.quote_marks),
                "full_stop": word_of(FullStop::WORDS, &house.full_stop),
                "label_style": word_of(LabelStyle::WORDS, &house.label_style),
            })
        });
        map.serialize_entry("study", &study)?;
        // Only where the file says something about a table without a declaration of its own
        // (`table number actors: 1`, `caption codebook: "…"`), so that other files keep their
        // output.
        if !cb.tables.is_empty() {
            map.serialize_entry("tables", &Each(|| cb.tables.iter().map(named_table)))?;
        }
        map.serialize_entry(
            "turning_points",
            &Each(|| {
                TurningPointId::each(cb).map(|(ti, t)| json!({
                    "id": t.id.id, "label": t.label.text, "when": t.when.as_ref().map_or(Value::Null, range),
                    "after": c.resolved.turning_point_after[ti].map(|p| cb[p].id.id.clone()),
                    "description": opt_text(&t.description),
                }))
            }),
        )?;
        map.end()
    }
}

/// An array of what `make` lists, each item made as it is written.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A column of a table of the author's own (`column: senior "Senior leaders" right`).
fn column(col: &AttributeColumn) -> Value {
    match &col.in_label {
        // Printed in the label's cell: the form around the value instead of a heading.
        Some(form) => {
            json!({ "attribute": col.attribute.id, "form": form.form.text, "side": "after label" })
        }
        None => {
            let mut c = json!({ "attribute": col.attribute.id, "heading": col.heading.text, "side": if col.right { "right" } else { "left" } });
            // Only where the file writes one.
            if let (Some(under), Some(map)) = (&col.under, c.as_object_mut()) {
                map.insert("under".to_string(), json!(under.text));
            }
            c
        }
    }
}

/// What the file says about one of the tables that have no declaration of their own
/// (`caption actors: "…"`, `table number codebook: 9`, `rows codebook: theme`).
fn named_table(t: &TableMeta) -> Value {
    let mut out = json!({
        "table": t.table,
        "caption": opt_text(&t.caption),
        "label": opt_text(&t.label),
        "table_number": t.number.as_ref().map(|(n, _)| table_number(n)),
        "rows": t.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        "columns": t.columns.iter().map(column).collect::<Vec<_>>(),
        "note": opt_text(&t.note),
    });
    // Only for the phase table, and only where the file says (`rows phases:`).
    if let (Some((with, _)), Some(map)) = (&t.turning_point_rows, out.as_object_mut()) {
        map.insert("turning_points".into(), json!(with));
    }
    out
}

fn range(r: &DateRange) -> Value {
    json!({ "start": r.start.iso(), "end": r.end.iso() })
}

fn opt_text(t: &Option<crate::model::Text>) -> Value {
    t.as_ref()
        .map_or(Value::Null, |t| Value::String(t.text.clone()))
}

/// A data structure, its codes written one at a time.
struct Structure<'a> {
    c: &'a Compiled,
    si: StructureId,
    attributions: &'a [Option<String>],
}

impl Serialize for Structure<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.c;
        let st = &c.codebook[self.si];
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("caption", &st.caption.text)?;
        map.serialize_entry(
            "codes",
            &Each(|| {
                c.resolved.roots[self.si].iter().map(|r| Code {
                    c,
                    i: *r,
                    attributions: self.attributions,
                })
            }),
        )?;
        map.serialize_entry("columns", &Each(|| st.columns.iter().map(column)))?;
        // Only where the file says, as `quote_place`.
        if let Some((highest, _)) = &st.highest_level {
            map.serialize_entry("highest_level", word_of(HighestLevel::WORDS, highest))?;
        }
        map.serialize_entry("id", &st.id.id)?;
        map.serialize_entry("label", &opt_text(&st.label))?;
        // Only where the file says, as `quote_place`.
        if let Some((columns, _)) = &st.level_columns {
            map.serialize_entry("level_columns", word_of(LevelColumns::WORDS, columns))?;
        }
        if let Some(from) = &st.level_columns_from {
            map.serialize_entry("level_columns_from", from.id.as_str())?;
        }
        if !st.level_headings.is_empty() {
            map.serialize_entry(
                "level_headings",
                &Each(|| {
                    st.level_headings.iter().map(
                        |(level, heading)| json!({ "heading": heading.text, "level": level.id }),
                    )
                }),
            )?;
        }
        map.serialize_entry(
            "level_order",
            st.level_order
                .as_ref()
                .map_or(LevelOrder::LowestFirst, |(o, _)| *o)
                .words(),
        )?;
        map.serialize_entry("note", &opt_text(&st.note))?;
        map.serialize_entry("overall_heading", &opt_text(&st.overall_heading))?;
        // Only where the file says, as `quote_place`.
        if let Some((page, _)) = &st.page {
            map.serialize_entry("page", word_of(Page::WORDS, page))?;
        }
        map.serialize_entry("quote_heading", &opt_text(&st.quote_heading))?;
        // Only where the file says, so that a structure without it keeps its output.
        if let Some(h) = &st.attribution_column {
            map.serialize_entry("attribution_column", &h.text)?;
        }
        // Only where the file says, so that a structure without it keeps its output.
        if let Some((place, _)) = &st.quote_place {
            map.serialize_entry("quote_place", word_of(QuotePlace::WORDS, place))?;
        }
        if let Some((n, _)) = &st.table_number {
            map.serialize_entry("table_number", &table_number(n))?;
        }
        map.end()
    }
}

/// A code and, below it, its children. `attributions[q]` is quote `q`'s attribution text,
/// computed once for the whole output (every code up the hierarchy counts the distinct
/// attributions below it).
struct Code<'a> {
    c: &'a Compiled,
    i: CodeId,
    attributions: &'a [Option<String>],
}

impl Serialize for Code<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, i) = (self.c, self.i);
        let cb = &c.codebook;
        let k = &cb[i];
        let quotes = quotes_under(c, i);
        let mut sources: Vec<&str> = quotes
            .iter()
            .filter_map(|q| self.attributions.get(q.index()).and_then(|a| a.as_deref()))
            .collect();
        sources.sort();
        sources.dedup();
        let mut phases: Vec<_> = quotes
            .iter()
            .flat_map(|q| c.resolved.quote_phases[*q].iter().copied())
            .collect();
        phases.sort_unstable();
        phases.dedup();
        let attributes: Map<String, Value> = k
            .attributes
            .iter()
            .map(|a| (a.key.id.to_string(), attribute_value(a)))
            .collect();
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("attributes", &attributes)?;
        map.serialize_entry(
            "children",
            &Each(|| {
                c.resolved.children[i].iter().map(|ch| Code {
                    c,
                    i: *ch,
                    attributions: self.attributions,
                })
            }),
        )?;
        // Only where the file says, so that a code without it keeps its output.
        if let Some(coded) = &k.coded {
            map.serialize_entry(
                "coded",
                &json!({ "count": coded.count, "noun": coded.noun }),
            )?;
        }
        map.serialize_entry("colour", &k.colour.map(|col| col.hex()))?;
        map.serialize_entry(
            "counts",
            &json!({
                "quotes": quotes.len(),
                "sources": sources.len(),
                "phases": phases.len(),
            }),
        )?;
        map.serialize_entry("definition", &opt_text(&k.definition))?;
        map.serialize_entry("id", &k.id.id)?;
        map.serialize_entry("label", &k.label.text)?;
        map.serialize_entry(
            "level",
            &cb.levels.get(k.level.rank()).map(|l| l.name.clone()),
        )?;
        // A shared code (it stands under each of its parents): every parent, first one first.
        if !c.resolved.also[i].is_empty() {
            let parents: Vec<&str> = c
                .resolved
                .parents(i)
                .map(|p| cb[p].id.id.as_str())
                .collect();
            map.serialize_entry("parents", &parents)?;
        }
        map.serialize_entry(
            "quotes",
            &Each(|| c.resolved.code_quotes[i].iter().map(|q| q.index())),
        )?;
        map.end()
    }
}

fn quote(c: &Compiled, q: QuoteId, attribution: Option<&String>) -> Value {
    let cb = &c.codebook;
    let x = &cb[q];
    let codes = &c.resolved.quote_codes[q];
    let paths: Vec<Vec<String>> = codes
        .iter()
        .map(|k| {
            c.resolved
                .path(*k)
                .into_iter()
                .map(|p| cb[p].id.id.to_string())
                .collect()
        })
        .collect();
    let attribution = json!({
        "text": attribution,
        "kind": match x.attribution.as_deref() {
            Some(Attribution::Person { .. }) => "person",
            Some(Attribution::Document { .. }) => "document",
            None if c.resolved.quote_source[q].is_some() => "source",
            None => "none",
        },
        "who": match x.attribution.as_deref() {
            Some(Attribution::Person { role, .. }) => Some(role.text.clone()),
            Some(Attribution::Document { kind, .. }) => Some(kind.text.clone()),
            None => None,
        },
        "when": match x.attribution.as_deref() {
            Some(Attribution::Person { when, .. } | Attribution::Document { when, .. }) => when.as_ref().map(range),
            None => None,
        },
    });
    let mut out = json!({
        "index": q.index(),
        "id": x.id.as_ref().map(|n| n.id.clone()),
        "text": x.text.text,
        "attribution": attribution,
        "source": c.resolved.quote_source[q].map(|s| cb[s].id.id.clone()),
        "supports": codes.iter().map(|k| cb[*k].id.id.clone()).collect::<Vec<_>>(),
        "paths": paths,
        "phases": c.resolved.quote_phases[q].iter().map(|p| cb[*p].id.id.clone()).collect::<Vec<_>>(),
        "phase_inferred": x.phases.is_empty() && !c.resolved.quote_phases[q].is_empty(),
        "actor": c.resolved.quote_actor[q].map(|a| cb[a].id.id.clone()),
        "date": x.date.as_ref().map(range),
        "representative": x.representative,
    });
    // Only where the quote says, so that a quote without it keeps its output.
    if let (Some(stop), Some(map)) = (cb.own_full_stop(q), out.as_object_mut()) {
        map.insert("full_stop".into(), json!(word_of(FullStop::WORDS, &stop)));
    }
    out
}

fn sums(s: &Sums) -> Value {
    json!({
        "interviews": s.interviews,
        "recurring": s.recurring,
        "documents": s.documents,
        "pages": s.pages,
        "observations": s.observations,
        "minutes": s.minutes,
        "focus_groups": s.focus_groups,
        "participants": s.participants,
    })
}

fn sources(c: &Compiled) -> Value {
    let cb = &c.codebook;
    let items: Vec<Value> = crate::model::SourceId::each(cb)
        .map(|(i, s)| {
            json!({
                "id": s.id.id,
                "type": s.kind.word(),
                "label": s.label.text,
                "count": s.count,
                "role": opt_text(&s.role),
                "kind": opt_text(&s.of_kind),
                "actor": c.resolved.source_actor[i].map(|a| cb[a].id.id.clone()),
                "round": c.resolved.source_round[i].map(|r| cb[r].id.id.clone()),
                "dates": s.when.iter().map(range).collect::<Vec<_>>(),
                "duration_minutes": s.duration,
                "pages": s.pages,
                "participants": s.participants.iter().map(|p| match p {
                    Participant::Ref(n) => json!({ "actor": n.id }),
                    Participant::Text(t) => json!({ "text": t.text }),
                }).collect::<Vec<_>>(),
                "participant_count": s.people,
            })
        })
        .collect();
    let rounds: Vec<Value> = RoundId::each(cb)
        .map(|(ri, r)| {
            json!({
                "id": r.id.id,
                "label": r.label.text,
                "when": r.when.as_ref().map(range),
                "computed": sums(&Sums::of(cb, Some(ri), &c.resolved.source_round)),
            })
        })
        .collect();
    let declared: Vec<Value> = cb
        .totals
        .iter()
        .flat_map(|t| t.items.iter())
        .map(|it| json!({ "unit": it.unit.word(), "amount": it.amount, "written": it.written }))
        .collect();
    json!({
        "items": items,
        "rounds": rounds,
        "totals": sums(&Sums::of(cb, None, &c.resolved.source_round)),
        "declared_totals": declared,
    })
}

fn matrix(c: &Compiled, mi: MatrixId) -> Value {
    let cb = &c.codebook;
    let m = &cb[mi];
    let links: &MatrixLinks = &c.resolved.matrices[mi];
    let columns: Vec<Value> = links
        .phases
        .iter()
        .map(|p| {
            json!({
                "phase": cb[p.phase].id.id,
                "phase_label": cb[p.phase].label.text,
                "groups": p.columns.iter().map(|col| json!({
                    "group": cb[col.group].id.id,
                    "label": group_label(c, col.group),
                    "split": col.split,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let rows: Vec<Value> = links
        .rows
        .iter()
        .map(|r| {
            let code = &cb[r.code];
            json!({
                "code": code.id.id,
                "label": code.label.text,
                "level": cb.levels.get(code.level.rank()).map(|l| l.name.clone()),
                "cells": r.cells.iter().map(|cell| json!({
                    "phase": cb[cell.phase].id.id,
                    "group": cb[cell.group].id.id,
                    "values": cell.values.iter().map(|v| match v {
                        MatrixValue::Code(k) => json!({ "code": cb[*k].id.id, "label": cb[*k].label.text }),
                        MatrixValue::Text(t) => json!({ "text": t.text }),
                    }).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = json!({
        "id": m.id.id,
        "caption": m.caption.text,
        "label": opt_text(&m.label),
        "heading": opt_text(&m.heading),
        "note": opt_text(&m.note),
        "columns": columns,
        "rows": rows,
    });
    // Only where the file says, so that a matrix without it keeps its output.
    if let (Some((n, _)), Some(map)) = (&m.table_number, out.as_object_mut()) {
        map.insert("table_number".into(), table_number(n));
    }
    out
}

/// A table's number as the file writes it: `5` a number, `"A1"` a string.
fn table_number(n: &crate::model::TableNumber) -> Value {
    match n {
        crate::model::TableNumber::Whole(n) => json!(n),
        crate::model::TableNumber::Text(t) => json!(t),
    }
}

/// An attribute's value: a number where it is one whole number written without quotes
/// (`interviews: 6`), else its text as written.
fn attribute_value(a: &crate::model::Attribute) -> Value {
    match a.number {
        Some(n) => Value::from(n),
        None => Value::String(a.value.clone()),
    }
}
