//! Figures: the data structure as a Gioia diagram, and the study's timeline, as SVG or TikZ.
//!
//! `codebook build FILE --to svg|tikz --figure structure|timeline [--structure NAME]
//! [--counts] [--standalone]`.
//!
//! The geometry is computed once (`structure::layout`, `timeline::layout` → a
//! `layout::Figure`) and drawn by the `svg` and `tikz` modules, so both outputs ([`svg()`] and
//! [`tikz()`]) show the same picture. Text is measured with [`metrics`] (no font is read),
//! wrapped and placed by the layout; renderers only draw.
//!
//! - Without `--structure`, the structure figure draws every structure of the file, one below
//!   the other, each under its caption; with it, that structure alone, without a title.
//! - `--counts` shows, in a badge on each lowest-level box, how many quotes support it.
//! - A `--structure` name the file does not declare, a structure figure of a file without
//!   structures, and a timeline of a file without phases, turning points and periods are
//!   `unknown_table` diagnostics (exit 1), whose help says what there is.
//! - For TikZ, text pdflatex cannot typeset is an `untypesettable_character` diagnostic, as for
//!   `--to latex`.

pub(crate) mod layout;
pub mod metrics;
pub(crate) mod parts;
pub(crate) mod structure;
pub(crate) mod svg;
pub(crate) mod tikz;
pub(crate) mod timeline;

use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode, did_you_mean};
use crate::model::{Id, Per, StructureId};
use crate::syntax::ast::Span;

/// Which figure to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The data structure (a Gioia diagram).
    Structure,
    /// Phases, turning points and data-collection periods on a time axis.
    Timeline,
}

/// What `--figure`, `--structure` and `--counts` ask for.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Which figure (`--figure`).
    pub kind: Kind,
    /// One structure by identifier; all when `None`.
    pub structure: Option<&'a str>,
    /// Show each lowest-level code's number of quotes.
    pub counts: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            kind: Kind::Structure,
            structure: None,
            counts: false,
        }
    }
}

/// Lay a figure out, or say why it cannot be drawn.
pub(crate) fn layout(c: &Compiled, o: &Options) -> Result<layout::Figure, Vec<Diagnostic>> {
    match o.kind {
        Kind::Structure => {
            let chosen = structures(c, o.structure)?;
            Ok(structure::layout(
                c,
                &structure::Request {
                    structures: &chosen,
                    counts: o.counts,
                    keep: None,
                },
            ))
        }
        Kind::Timeline => timeline::layout(c).ok_or_else(|| {
            vec![
                Diagnostic::new(
                    DiagnosticCode::UnknownTable,
                    0..0,
                    "`--figure timeline`: this codebook declares no phase, turning point or period",
                )
                .help("declare phases (`phase p1 \"Phase I\" 2012 .. 2016-06`), turning points or data periods to draw a timeline"),
            ]
        }),
    }
}

/// The figure as an SVG document.
pub fn svg(c: &Compiled, o: &Options) -> Result<String, Vec<Diagnostic>> {
    Ok(svg::render(&layout(c, o)?))
}

/// The figure as a TikZ picture (a fragment for `\input`), or a whole document. A structure
/// too tall to print legibly on one page is drawn in parts (see `parts`).
pub fn tikz(c: &Compiled, o: &Options, standalone: bool) -> Result<String, Vec<Diagnostic>> {
    let figures = match o.kind {
        Kind::Structure => parts::structure(c, &structures(c, o.structure)?, o.counts),
        Kind::Timeline => vec![layout(c, o)?],
    };
    let bad = untypesettable(c, o);
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(tikz::render_parts(&figures, standalone))
}

/// The structures to draw: the one named, or all.
fn structures(c: &Compiled, name: Option<&str>) -> Result<Vec<StructureId>, Vec<Diagnostic>> {
    let cb = &c.codebook;
    let ids: Vec<&str> = cb.structures.iter().map(|s| s.id.id.as_str()).collect();
    let list = if ids.is_empty() {
        "this codebook declares no structure".to_string()
    } else {
        format!("the structures are: {}", ids.join(", "))
    };
    match name {
        None if ids.is_empty() => Err(vec![
            Diagnostic::new(
                DiagnosticCode::UnknownTable,
                0..0,
                "`--figure structure`: this codebook declares no structure to draw",
            )
            .help("declare a data structure (`structure modes \"Data structure\" { ... }`)"),
        ]),
        None => Ok(StructureId::each(cb).map(|(i, _)| i).collect()),
        Some(n) => match ids.iter().position(|i| *i == n) {
            Some(i) => Ok(vec![StructureId::from_index(i)]),
            None => {
                let guess = did_you_mean(n, ids.iter().copied());
                let at = guess.as_ref().and_then(|g| {
                    cb.structures
                        .iter()
                        .find(|s| g.suggestion.as_deref() == Some(s.id.id.as_str()))
                        .map(|s| s.id.span.clone())
                });
                let help = match guess {
                    Some(g) => g.followed_by(&format!("The structures are: {}", ids.join(", "))),
                    None => list.into(),
                };
                let d = Diagnostic::new(
                    DiagnosticCode::UnknownTable,
                    at.clone().unwrap_or(0..0),
                    format!("`--structure {n}`: this codebook has no structure called `{n}`"),
                )
                .help(help);
                Err(vec![if at.is_some() {
                    d.label("a structure with a similar name")
                } else {
                    d
                }])
            }
        },
    }
}

/// Every text the figure prints that pdflatex cannot typeset, as diagnostics.
fn untypesettable(c: &Compiled, o: &Options) -> Vec<Diagnostic> {
    let cb = &c.codebook;
    let mut texts: Vec<(&str, Span, String)> = Vec::new();
    match o.kind {
        Kind::Structure => {
            let chosen = structures(c, o.structure).unwrap_or_default();
            for l in &cb.levels {
                texts.push((
                    &l.heading,
                    l.span.clone(),
                    format!("the heading of `{}`", l.name),
                ));
            }
            if chosen.len() > 1 {
                for s in chosen.iter().map(|s| &cb[*s]) {
                    texts.push((
                        &s.caption.text,
                        s.caption.span.clone(),
                        format!("the caption of `{}`", s.id.id),
                    ));
                }
            }
            // Whether each structure is drawn, looked up per code (a search of `chosen` per
            // code was quadratic in a file of many structures).
            let mut drawn: Per<StructureId, bool> = Per::filled(cb.structures.len(), false);
            for s in &chosen {
                drawn[*s] = true;
            }
            for k in cb.codes.iter().filter(|k| drawn[k.structure]) {
                texts.push((
                    &k.label.text,
                    k.label.span.clone(),
                    format!("the label of `{}`", k.id.id),
                ));
            }
        }
        Kind::Timeline => {
            for p in &cb.phases {
                texts.push((
                    &p.label.text,
                    p.label.span.clone(),
                    format!("the label of `{}`", p.id.id),
                ));
            }
            for t in &cb.turning_points {
                texts.push((
                    &t.label.text,
                    t.label.span.clone(),
                    format!("the label of `{}`", t.id.id),
                ));
            }
            for p in &cb.periods {
                texts.push((
                    &p.label.text,
                    p.label.span.clone(),
                    format!("the label of `{}`", p.id.id),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (text, span, what) in texts {
        let mut bad = Vec::new();
        let _ = super::latex::escape(text, false, &mut bad);
        if bad.is_empty() {
            continue;
        }
        bad.dedup();
        let chars: Vec<String> = bad.iter().map(|c| describe(*c)).collect();
        out.push(
            Diagnostic::new(
                DiagnosticCode::UntypesettableCharacter,
                span,
                format!(
                    "{what} contains {}, which pdflatex cannot typeset",
                    chars.join(", ")
                ),
            )
            .label("this text holds the character")
            .help(
                "TikZ output is for Latin-script text (T1 fonts): replace the character, or \
                 build `--to svg`, which keeps every character",
            ),
        );
    }
    out
}

fn describe(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("‘{c}’ (U+{:04X})", c as u32)
    }
}
