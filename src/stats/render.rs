//! Rendering: one list of blocks, written as aligned text, JSON or Markdown.

use super::{Count, Stats};
use crate::emit::markdown;
use crate::emit::tables::{Align, Kind, Table};
use crate::emit::text::{one_line, width};

/// The forms `codebook stats` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned plain-text tables, for a terminal.
    Table,
    /// Pretty-printed JSON, for programs.
    Json,
    /// Markdown headings and pipe tables, for a review or a README.
    Markdown,
}

/// Render statistics; the text ends with a newline.
pub fn render(s: &Stats, format: Format) -> String {
    match format {
        Format::Json => {
            let mut out = json_escaped(&serde_json::to_string_pretty(s).unwrap_or_default());
            out.push('\n');
            out
        }
        Format::Table => text(&blocks(s)),
        Format::Markdown => markdown(&blocks(s)),
    }
}

/// JSON with every character that would act on a terminal written as a `\uXXXX` escape:
/// serde escapes the C0 controls only, and leaves C1 controls and bidirectional controls as
/// they are. The same value, as every such character is in a string (JSON's own syntax is
/// ASCII), and each is in the Basic Multilingual Plane.
fn json_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::report::hidden(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The text forms are built from one list of blocks, so they always say the same.
/// Tables are the one table model ([`crate::emit::tables::Table`]), printed by the text and
/// Markdown renderers every table has.
enum Block {
    Heading(usize, String),
    Line(String),
    Table(Table),
}

/// A table of counts: right-aligned where `numeric`, each text on one line.
fn table(headers: &[&str], numeric: &[bool], rows: Vec<Vec<String>>) -> Block {
    let align: Vec<Align> = numeric
        .iter()
        .map(|n| if *n { Align::Right } else { Align::Left })
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    Block::Table(Table::plain(Kind::Stats, headers, &align, &rows))
}

fn median_text(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}")
    }
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

fn count_table(first: &'static str, counts: &[Count], without: usize) -> Block {
    let mut rows: Vec<Vec<String>> = counts
        .iter()
        .map(|c| vec![c.id.clone(), c.label.clone(), c.quotes.to_string()])
        .collect();
    rows.push(vec!["(none)".into(), String::new(), without.to_string()]);
    table(&[first, "label", "quotes"], &[false, false, true], rows)
}

fn blocks(s: &Stats) -> Vec<Block> {
    let t = &s.totals;
    let mut b = vec![
        Block::Heading(1, "Codebook statistics".into()),
        Block::Line(
            [
                (t.structures, "structure", "structures"),
                (t.codes, "code", "codes"),
                (t.quotes, "quote", "quotes"),
                (t.actors, "actor", "actors"),
                (t.phases, "phase", "phases"),
                (t.matrices, "matrix", "matrices"),
            ]
            .iter()
            .map(|(n, one, many)| crate::words::count(*n, one, many))
            .enumerate()
            .flat_map(|(i, part)| {
                // The sources after the quotes: as many as their lines stand for (`count:`),
                // with the number of lines where that differs.
                (i == 3).then(|| sources_total(s)).into_iter().chain([part])
            })
            .collect::<Vec<_>>()
            .join(", "),
        ),
    ];
    for st in &s.structures {
        b.push(Block::Heading(
            2,
            format!("Structure {}: {}", st.id, st.caption),
        ));
        b.push(table(
            &["level", "heading", "codes"],
            &[false, false, true],
            st.levels
                .iter()
                .map(|l| vec![l.level.clone(), l.heading.clone(), l.codes.to_string()])
                .collect(),
        ));
        // The lowest level in the file's own words: its name (`code`) and heading (`Codes`).
        let (lowest, heading) = st.levels.first().map_or(("concept", "Concepts"), |l| {
            (l.level.as_str(), l.heading.as_str())
        });
        let per = st.quotes_per_concept.as_ref().map_or_else(
            || format!("no {}", heading.to_lowercase()),
            |p| {
                format!(
                    "min {}, median {}, max {}",
                    p.min,
                    median_text(p.median),
                    p.max
                )
            },
        );
        // An uneven hierarchy: codes above the lowest level without children stand beside
        // the lowest level's in the counts, and the table names each one's level.
        let higher = st.saturation.iter().filter(|x| x.level != lowest).count();
        let (per_what, without) = match higher {
            0 => (
                format!("per code of the lowest level (`{lowest}`)"),
                format!("{heading} without quotes"),
            ),
            n => (
                format!(
                    "per code without children (of the level `{lowest}`, and {} above it)",
                    crate::words::count(n, "childless code", "childless codes")
                ),
                "Codes without children and without quotes".to_string(),
            ),
        };
        let above = match st.quotes_above_concepts {
            0 => String::new(),
            n if higher == 0 => format!(" ({n} on codes above the level `{lowest}` only)"),
            n => format!(" ({n} on codes with children only)"),
        };
        // A data structure printed without evidence (no quote, no coded count): nothing to
        // count per code, and no list of every code as wanting one.
        let unevidenced = st.quotes == 0 && st.coded.is_empty();
        if unevidenced {
            b.push(Block::Line(
                "Quotes: none (a data structure without evidence: no saturation to count)".into(),
            ));
            b.push(Block::Line(format!(
                "Codes with a single child: {}",
                list_or_none(&st.single_child_codes)
            )));
            continue;
        }
        b.push(Block::Line(format!(
            "Quotes: {}{above}; {per_what}: {per}",
            st.quotes
        )));
        // Codes with segments coded in the data (`coded:`) are not without evidence.
        let without = match st.coded.is_empty() {
            true => without,
            false => format!("{without} or coded segments"),
        };
        b.push(Block::Line(format!(
            "{without}: {}",
            list_or_none(&st.concepts_without_quotes)
        )));
        b.push(Block::Line(format!(
            "Codes with a single child: {}",
            list_or_none(&st.single_child_codes)
        )));
        b.push(Block::Heading(3, "Saturation".into()));
        let (head, right): (&[&str], &[bool]) = match higher {
            0 => (
                &[lowest, "label", "quotes", "sources", "phases"],
                &[false, false, true, true, true],
            ),
            _ => (
                &["code", "level", "label", "quotes", "sources", "phases"],
                &[false, false, false, true, true, true],
            ),
        };
        b.push(table(
            head,
            right,
            st.saturation
                .iter()
                .map(|x| {
                    let mut row = vec![x.concept.clone()];
                    if higher > 0 {
                        row.push(x.level.clone());
                    }
                    row.extend([
                        x.label.clone(),
                        x.quotes.to_string(),
                        x.sources.to_string(),
                        x.phases.to_string(),
                    ]);
                    row
                })
                .collect(),
        ));
        // `coded:`: the quotes written beside the segments the data holds coded.
        if !st.coded.is_empty() {
            b.push(Block::Heading(3, "Coded in the data".into()));
            b.push(table(
                &[
                    "code",
                    "level",
                    "label",
                    "quotes written",
                    "coded in the data",
                ],
                &[false, false, false, true, true],
                st.coded
                    .iter()
                    .map(|x| {
                        let coded = match (x.coded, &x.noun) {
                            (Some(n), Some(noun)) => format!("{n} {noun}"),
                            (Some(n), None) => n.to_string(),
                            (None, _) => "—".to_string(),
                        };
                        vec![
                            x.code.clone(),
                            x.level.clone(),
                            x.label.clone(),
                            x.quotes.to_string(),
                            coded,
                        ]
                    })
                    .collect(),
            ));
        }
    }
    let q = &s.quotes;
    b.push(Block::Heading(2, format!("Quotes ({})", q.total)));
    b.push(Block::Heading(3, "By phase".into()));
    b.push(count_table("phase", &q.by_phase, q.without_phase));
    b.push(Block::Heading(3, "By actor".into()));
    b.push(count_table("actor", &q.by_actor, q.without_actor));
    b.push(Block::Heading(3, "By source kind".into()));
    let k = &q.by_source_kind;
    let mut kind_rows = vec![
        vec!["interview".to_string(), k.interview.to_string()],
        vec!["document".to_string(), k.document.to_string()],
        vec!["observation".to_string(), k.observation.to_string()],
    ];
    if k.focus_group > 0 {
        kind_rows.push(vec!["focus group".to_string(), k.focus_group.to_string()]);
    }
    if k.unknown > 0 {
        kind_rows.push(vec!["(unknown)".to_string(), k.unknown.to_string()]);
    }
    b.push(table(&["kind", "quotes"], &[false, true], kind_rows));
    if s.sources.quotes_with_attribution_only > 0 {
        b.push(Block::Line(
            "A quote without `source:` counts by its attribution: a document (`from:`) as a \
             document; a person's words (`by:`) as the kind of the study's sources where people \
             speak when they are of one kind (interviews, focus groups or observations), as an \
             interview when it declares none, and as unknown when they are of several kinds."
                .into(),
        ));
    }
    let src = &s.sources;
    b.push(Block::Heading(2, "Sources".into()));
    let mut rows: Vec<Vec<String>> = src
        .by_kind
        .iter()
        .map(|k| {
            vec![
                k.kind.clone(),
                k.declared.to_string(),
                k.stands_for.to_string(),
                k.cited.to_string(),
                k.quotes.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "all".into(),
        src.declared.to_string(),
        src.by_kind
            .iter()
            .map(|k| k.stands_for)
            .sum::<u64>()
            .to_string(),
        src.cited.to_string(),
        src.quotes_with_source.to_string(),
    ]);
    b.push(table(
        &["kind", "declared", "stands for", "cited", "quotes"],
        &[false, true, true, true, true],
        rows,
    ));
    let people: Vec<String> = src
        .by_kind
        .iter()
        .filter_map(|k| {
            k.participants.map(|n| {
                let groups = if k.stands_for == 1 {
                    k.kind.clone()
                } else {
                    format!("{} {}", k.stands_for, crate::words::plural(&k.kind))
                };
                format!(
                    "{} took part in the {groups}",
                    crate::words::count(n, "person", "people")
                )
            })
        })
        .collect();
    if !people.is_empty() {
        b.push(Block::Line(format!("{}.", people.join("; "))));
    }
    b.push(Block::Line(format!(
        "Not cited: {}",
        list_or_none(&src.not_cited)
    )));
    b.push(Block::Line(format!(
        "Quotes with a declared source: {}; with an attribution only: {}",
        src.quotes_with_source, src.quotes_with_attribution_only
    )));
    if !s.matrices.is_empty() {
        b.push(Block::Heading(2, "Matrices".into()));
        b.push(table(
            &["matrix", "rows", "columns", "cells", "filled", "missing"],
            &[false, true, true, true, true, true],
            s.matrices
                .iter()
                .map(|m| {
                    vec![
                        m.id.clone(),
                        m.rows.to_string(),
                        m.columns.to_string(),
                        m.cells.to_string(),
                        m.filled.to_string(),
                        m.missing.to_string(),
                    ]
                })
                .collect(),
        ));
        for m in s.matrices.iter().filter(|m| m.missing > 0) {
            let cells: Vec<String> = m
                .missing_cells
                .iter()
                .map(|c| format!("{} {} {}", c.row, c.phase, c.group))
                .collect();
            b.push(Block::Line(format!(
                "Missing cells of {}: {}",
                m.id,
                cells.join("; ")
            )));
        }
    }
    b
}

fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (k, b) in blocks.iter().enumerate() {
        // A blank line between blocks, but lines of text stay together.
        let after_line = k > 0 && matches!(blocks[k - 1], Block::Line(_));
        if k > 0 && !(after_line && matches!(b, Block::Line(_))) {
            out.push('\n');
        }
        match b {
            Block::Heading(level, h) => {
                let h = one_line(h);
                out.push_str(&h);
                out.push('\n');
                let rule = if *level == 1 { '=' } else { '-' };
                if *level < 3 {
                    out.push_str(&rule.to_string().repeat(width(&h)));
                    out.push('\n');
                }
            }
            Block::Line(l) => {
                out.push_str(&one_line(l));
                out.push('\n');
            }
            Block::Table(t) => out.push_str(&crate::emit::text::render(t)),
        }
    }
    out
}

/// Escape what Markdown would read as markup, on one line.
fn md(s: &str) -> String {
    markdown::inline(&one_line(s))
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (k, b) in blocks.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        match b {
            Block::Heading(level, h) => {
                out.push_str(&"#".repeat(*level));
                out.push(' ');
                out.push_str(&md(h));
                out.push('\n');
            }
            Block::Line(l) => {
                out.push_str(&md(l));
                out.push('\n');
            }
            Block::Table(t) => out.push_str(&markdown::grid(t)),
        }
    }
    out
}

/// The headline's sources: `127 sources (33 declarations)`, as many as the declarations stand for
/// (`count:`), with the number of declarations where it differs.
fn sources_total(s: &Stats) -> String {
    let declared = s.sources.declared;
    let stands_for: u64 = s.sources.by_kind.iter().map(|k| k.stands_for).sum();
    let words = crate::words::count(stands_for, "source", "sources");
    if usize::try_from(stands_for).is_ok_and(|n| n == declared) {
        words
    } else {
        format!(
            "{words} ({})",
            crate::words::count(declared, "declaration", "declarations")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("a_b: x|y *z*"), "a\\_b: x\\|y \\*z\\*");
        assert_eq!(md("R&D ~ $5\nnext"), "R\\&D \\~ \\$5 next");
    }
}
