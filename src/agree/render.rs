//! A [`Report`] for people: an aligned text table for a terminal, Markdown, and a LaTeX table
//! a methods section can `\input`. Values are rounded to three decimals; an undefined
//! coefficient prints as `undefined`, its reason listed under the table; a coefficient that
//! does not apply leaves its column out.

use super::qdpx::{Row, UnitizedReport};
use super::report::{COEFFICIENTS, Disagreement, Report, Scoped};
use super::{Coefficients, Estimate};
use crate::emit::tables::{Align, Kind, Table};
use crate::emit::{markdown, text};
use crate::words::count;

/// How `codebook agree` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text tables, for a terminal.
    Table,
    /// JSON, described by `schemas/json/agree.schema.json`.
    Json,
    /// Markdown headings, tables and a list of disagreements.
    Markdown,
    /// A LaTeX table (booktabs) to `\input`.
    Latex,
}

/// A value to three decimals (`-0.000` printed as `0.000`).
fn number(x: f64) -> String {
    let s = format!("{x:.3}");
    if s == "-0.000" { "0.000".into() } else { s }
}

/// An estimate's value as a cell.
fn cell(e: &Estimate) -> String {
    match e.value() {
        Some(v) => number(v),
        None => "undefined".into(),
    }
}

/// The report's parts as text blocks, shared by the text and Markdown forms.
enum Block {
    Heading(String),
    Line(String),
    Table(Table),
}

/// One sentence on the data: coders, units, categories, metric.
fn summary(r: &Report) -> String {
    let c = &r.overall;
    format!(
        "{}: {}; {} ({} coded by two coders or more); {}; Krippendorff's alpha with the {} metric.",
        count(c.coders, "coder", "coders"),
        r.coders.join(", "),
        count(c.units, "unit", "units"),
        c.pairable_units,
        count(c.categories, "category", "categories"),
        r.metric.name()
    )
}

/// The overall coefficients, one per row: value, observed and expected agreement.
fn overall_table(c: &Coefficients) -> Table {
    let mut rows = Vec::new();
    for ((_, name), e) in COEFFICIENTS.iter().zip(c.listed()) {
        let Some(e) = e else { continue };
        let (observed, expected) = match e {
            Estimate::Defined {
                observed, expected, ..
            } => (number(observed), expected.map(number).unwrap_or_default()),
            Estimate::Undefined(_) => (String::new(), String::new()),
        };
        rows.push(vec![name.to_string(), cell(&e), observed, expected]);
    }
    Table::plain(
        Kind::Agreement,
        &["coefficient", "value", "observed", "by chance"],
        &[Align::Left, Align::Right, Align::Right, Align::Right],
        &rows,
    )
}

/// Which coefficients apply to any of the scopes (columns of the wide table).
fn applicable(scopes: &[&Coefficients]) -> Vec<usize> {
    (0..COEFFICIENTS.len())
        .filter(|&i| scopes.iter().any(|c| c.listed()[i].is_some()))
        .collect()
}

/// Short column heads of the scope table, in [`COEFFICIENTS`]'s order.
const SHORT: [&str; 8] = [
    "agreement",
    "Cohen",
    "Scott",
    "Fleiss",
    "alpha",
    "BP",
    "AC1",
    "Holsti",
];

/// The scopes of a report: each level, then each code, with their names.
fn scopes(r: &Report) -> Vec<(String, &Coefficients)> {
    let name = |s: &Scoped| match &s.level {
        Some(level) => format!("{level} {}", s.id),
        None => format!("level: {}", s.id),
    };
    r.by_level
        .iter()
        .chain(&r.by_code)
        .map(|s| (name(s), &s.coefficients))
        .collect()
}

/// Each level and each code in one table, a column per coefficient; and the notes on the
/// undefined cells, one per scope and reason.
fn scope_table(r: &Report) -> (Table, Vec<String>) {
    let scopes = scopes(r);
    let all: Vec<&Coefficients> = scopes.iter().map(|(_, c)| *c).collect();
    let cols = applicable(&all);
    let mut headers = vec!["scope", "units"];
    headers.extend(cols.iter().map(|&i| SHORT[i]));
    let mut align = vec![Align::Left, Align::Right];
    align.extend(cols.iter().map(|_| Align::Right));
    let mut notes = Vec::new();
    let rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|(name, c)| {
            let listed = c.listed();
            let mut row = vec![name.clone(), c.pairable_units.to_string()];
            let mut undefined: Vec<(&str, Vec<&str>)> = Vec::new();
            for &i in &cols {
                row.push(match &listed[i] {
                    Some(e @ Estimate::Undefined(why)) => {
                        match undefined.iter_mut().find(|(r, _)| *r == why.reason()) {
                            Some((_, names)) => names.push(SHORT[i]),
                            None => undefined.push((why.reason(), vec![SHORT[i]])),
                        }
                        cell(e)
                    }
                    Some(e) => cell(e),
                    None => String::new(),
                });
            }
            for (reason, names) in undefined {
                notes.push(format!("{name}, {}: {reason}", names.join(", ")));
            }
            row
        })
        .collect();
    (
        Table::plain(Kind::Agreement, &headers, &align, &rows),
        notes,
    )
}

/// A bootstrap interval in words.
pub(crate) fn interval_line(i: &super::bootstrap::Interval) -> String {
    format!(
        "Krippendorff's alpha, 95% bootstrap interval: {} to {} ({} draws of the units, seed {}{}).",
        number(i.low),
        number(i.high),
        i.samples,
        i.seed,
        if i.undefined > 0 {
            format!("; alpha undefined in {} of them", i.undefined)
        } else {
            String::new()
        }
    )
}

/// A disagreement in words: the unit, then what each coder said and where.
fn disagreement_lines(d: &Disagreement) -> Vec<String> {
    let mut head = d.unit.clone();
    if let Some(level) = &d.level {
        head.push_str(&format!(" (at the {level} level)"));
    }
    let mut out = vec![head];
    for s in &d.said {
        let said = if s.values.is_empty() {
            "not coded".to_string()
        } else {
            s.values.join(", ")
        };
        match &s.place {
            Some(p) => out.push(format!("{} ({p}): {said}", s.coder)),
            None => out.push(format!("{}: {said}", s.coder)),
        }
    }
    out
}

/// A report's last blocks: the notes on undefined values, then the disagreements.
fn closing(out: &mut Vec<Block>, notes: Vec<String>, disagreements: Vec<String>) {
    if !notes.is_empty() {
        out.push(Block::Heading("Undefined".into()));
        out.extend(notes.into_iter().map(Block::Line));
    }
    out.push(Block::Heading(format!(
        "Disagreements ({})",
        disagreements.len()
    )));
    if disagreements.is_empty() {
        out.push(Block::Line("none".into()));
    }
    out.extend(disagreements.into_iter().map(Block::Line));
}

fn blocks(r: &Report) -> Vec<Block> {
    let mut out = vec![
        Block::Heading("Inter-coder agreement".into()),
        Block::Line(summary(r)),
        Block::Table(overall_table(&r.overall)),
        Block::Line(
            "Observed and by chance: agreement; for Krippendorff's alpha, disagreement (Do, De)."
                .into(),
        ),
    ];
    if let Some(i) = &r.overall.alpha_interval {
        out.push(Block::Line(interval_line(i)));
    }
    let mut notes = Vec::new();
    if !r.by_level.is_empty() || !r.by_code.is_empty() {
        out.push(Block::Heading("By level and code".into()));
        out.push(Block::Line(
            "Units: quotes coded by two coders or more. A level's agreement is on the codes \
             each quote has at that level (overall is the lowest level); a code's on its \
             presence or absence. agreement: percent agreement; Cohen, Scott, Fleiss: their \
             kappa or pi; alpha: Krippendorff's; BP: Brennan-Prediger; AC1: Gwet's."
                .into(),
        ));
        let (t, n) = scope_table(r);
        out.push(Block::Table(t));
        notes = n;
    } else {
        for ((_, name), e) in COEFFICIENTS.iter().zip(r.overall.listed()) {
            if let Some(Estimate::Undefined(why)) = e {
                notes.push(format!("{name}: {}", why.reason()));
            }
        }
    }
    let disagreements = r
        .disagreements
        .iter()
        .map(|d| disagreement_lines(d).join("\n  "));
    closing(&mut out, notes, disagreements.collect());
    out
}

/// The report as aligned text for a terminal.
pub fn text(r: &Report) -> String {
    text_of(&blocks(r))
}

/// Blocks as aligned text.
fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Heading(h) => {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(h);
                out.push('\n');
            }
            Block::Line(l) => {
                out.push_str(l);
                out.push('\n');
            }
            Block::Table(t) => {
                out.push('\n');
                out.push_str(&text::render(t));
            }
        }
    }
    out
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    markdown_of(blocks(r))
}

/// Blocks as Markdown.
fn markdown_of(blocks: Vec<Block>) -> String {
    let mut out = String::new();
    let mut first = true;
    for b in blocks {
        match b {
            Block::Heading(h) => {
                let level = if first { "#" } else { "##" };
                first = false;
                out.push_str(&format!("{level} {}\n\n", markdown::inline(&h)));
            }
            Block::Line(l) => {
                let mut lines = l.split('\n');
                let head = lines.next().unwrap_or_default();
                if l.contains('\n') {
                    out.push_str(&format!("- {}\n", markdown::inline(head)));
                    for more in lines {
                        out.push_str(&format!("  - {}\n", markdown::inline(more.trim())));
                    }
                } else {
                    out.push_str(&format!("{}\n\n", markdown::inline(head)));
                }
            }
            Block::Table(t) => {
                out.push_str(&markdown::grid(&t));
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Every scope of a unitized report, in order: (code, text source, row).
pub(crate) fn unitized_scopes(r: &UnitizedReport) -> Vec<(String, String, &Row)> {
    const ALL_TEXTS: &str = "(all texts)";
    let mut out = Vec::new();
    for c in &r.codes {
        for s in &c.by_source {
            let source = s.source.clone().unwrap_or_else(|| ALL_TEXTS.into());
            out.push((c.code.clone(), source, s));
        }
        out.push((c.code.clone(), ALL_TEXTS.into(), &c.total));
    }
    out.push(("(all codes)".into(), ALL_TEXTS.into(), &r.overall));
    out
}

/// A disagreement to four decimals, as Krippendorff prints them.
fn four(x: f64) -> String {
    let s = format!("{x:.4}");
    if s == "-0.0000" { "0.0000".into() } else { s }
}

/// A proportion as a percentage, two decimals.
fn percent(e: &Estimate) -> String {
    match e.value() {
        Some(v) => {
            let s = format!("{:.2}", v * 100.0);
            if s == "-0.00" { "0.00".into() } else { s }
        }
        None => "undefined".into(),
    }
}

fn unitized_blocks(r: &UnitizedReport) -> Vec<Block> {
    let characters: usize = r.texts.iter().map(|t| t.1).sum();
    let mut out = vec![
        Block::Heading("Inter-coder agreement, character by character".into()),
        Block::Line(format!(
            "{}: {}: {}; {} ({}); {} applied.",
            r.project,
            count(r.coders.len(), "coder", "coders"),
            r.coders.join(", "),
            count(r.texts.len(), "text source", "text sources"),
            count(characters, "character", "characters"),
            count(r.codes.len(), "code", "codes"),
        )),
        Block::Heading("Coding comparison".into()),
        Block::Line(
            "Per code and text source, per code over all texts, and over all codes (every \
             code's characters added up): the characters each coder coded with the code and \
             those both coded. agreement % = (both + neither) / characters; kappa = (po - pe) \
             / (1 - pe), by chance pe = (first x second + (N - first)(N - second)) / N^2 \
             (NVivo's coding comparison)."
                .into(),
        ),
    ];
    let scopes = unitized_scopes(r);
    let two = r.coders.len() == 2;
    let mut headers: Vec<&str> = vec!["code", "source"];
    if !two {
        headers.push("coders");
    }
    headers.push("characters");
    match r.coders.as_slice() {
        [a, b] if two => headers.extend([a.as_str(), b.as_str()]),
        _ => headers.extend(["first", "second"]),
    }
    headers.extend(["both", "agreement %", "kappa", "by chance"]);
    let mut align = vec![Align::Left, Align::Left];
    align.resize(headers.len(), Align::Right);
    if !two {
        align[2] = Align::Left;
    }
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for (code, source, row) in &scopes {
        for p in &row.pairs {
            let c = &p.comparison;
            let kappa = c.kappa();
            let mut cells = vec![code.clone(), source.clone()];
            let pair = format!(
                "{}-{}",
                r.coders.get(p.first).map_or("", String::as_str),
                r.coders.get(p.second).map_or("", String::as_str)
            );
            if !two {
                cells.push(pair.clone());
            }
            cells.extend([
                c.characters.to_string(),
                c.first.to_string(),
                c.second.to_string(),
                c.both.to_string(),
                percent(&c.agreement()),
                cell(&kappa),
            ]);
            cells.push(match kappa {
                Estimate::Defined {
                    expected: Some(x), ..
                } => number(x),
                _ => String::new(),
            });
            if let Estimate::Undefined(why) = kappa {
                let who = if two {
                    String::new()
                } else {
                    format!(", {pair}")
                };
                notes.push(format!("{code}, {source}{who}, kappa: {}", why.reason()));
            }
            rows.push(cells);
        }
    }
    out.push(Block::Table(Table::plain(
        Kind::Agreement,
        &headers,
        &align,
        &rows,
    )));
    out.push(Block::Heading("Krippendorff's unitizing alpha".into()));
    out.push(Block::Line(
        "|ua of all the coders: per code, each coder's stretches of characters coded with it \
         (units; overlapping selections make one) and the text between them (gaps); over all \
         codes, the characters coded with any code. |ua = 1 - Do / De (Krippendorff 1995, \
         2004); units: how many the coders made."
            .into(),
    ));
    let alpha_rows: Vec<Vec<String>> = scopes
        .iter()
        .map(|(code, source, row)| {
            let (d_o, d_e) = match row.alpha {
                Estimate::Defined {
                    observed, expected, ..
                } => (four(observed), expected.map(four).unwrap_or_default()),
                Estimate::Undefined(why) => {
                    notes.push(format!("{code}, {source}, |ua: {}", why.reason()));
                    (String::new(), String::new())
                }
            };
            vec![
                code.clone(),
                source.clone(),
                row.characters.to_string(),
                row.units.to_string(),
                d_o,
                d_e,
                cell(&row.alpha),
            ]
        })
        .collect();
    out.push(Block::Table(Table::plain(
        Kind::Agreement,
        &["code", "source", "characters", "units", "Do", "De", "|ua"],
        &[
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        &alpha_rows,
    )));
    let disagreements = r.disagreements.iter().map(|d| {
        format!(
            "{}, {}, characters {}-{}: coded by {}, not by {}\n  “{}”",
            d.code,
            d.source,
            d.start,
            d.end,
            d.coded_by.join(", "),
            d.not_coded_by.join(", "),
            d.excerpt
        )
    });
    closing(&mut out, notes, disagreements.collect());
    out
}

/// A unitized report as aligned text for a terminal.
pub fn unitized_text(r: &UnitizedReport) -> String {
    text_of(&unitized_blocks(r))
}

/// A unitized report as Markdown.
pub fn unitized_markdown(r: &UnitizedReport) -> String {
    markdown_of(unitized_blocks(r))
}
