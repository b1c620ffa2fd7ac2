//! A structure figure too tall to print legibly on one page, split into parts.
//!
//! A figure is legible in print when, scaled to a 16 cm text width ([`PRINT_WIDTH`]), its 9 pt
//! labels are at least 7 pt ([`MIN_PRINT_SIZE`]): the layout keeps every structure figure at
//! most 585 pt wide for that. A figure that is then taller than a page's [`PRINT_HEIGHT`] is
//! drawn in parts, for TikZ (SVG has no pages and stays one picture):
//!
//! - each structure on its own, when several are drawn together;
//! - a structure still too tall, in runs of its lowest-level codes, in source order, each part
//!   as tall as a page allows; a part ends at the start of an aggregate dimension (a top-level
//!   code) when one starts in its lower half, so that most parts hold whole dimensions. Each
//!   part draws its codes with all their ancestors: a dimension or theme split between two
//!   parts appears in both.

use super::layout::{Figure, Item, MARGIN, PRINT_HEIGHT, Rect, print_scale};
use super::structure::{self, Part, Request};
use crate::Compiled;
use crate::model::{CodeId, StructureId};
use std::collections::HashMap;

#[cfg(doc)]
use super::layout::{MIN_PRINT_SIZE, PRINT_WIDTH};

/// Whether a figure prints on one page at a legible size.
fn fits(f: &Figure) -> bool {
    f.height * print_scale(f.width) <= PRINT_HEIGHT
}

/// The structure figure of `chosen`, in as many parts as it takes (one when it fits a page).
pub(crate) fn structure(c: &Compiled, chosen: &[StructureId], counts: bool) -> Vec<Figure> {
    let request = |structures: &[StructureId], keep: Option<&Part>| {
        structure::layout(
            c,
            &Request {
                structures,
                counts,
                keep,
            },
        )
    };
    let whole = request(chosen, None);
    if fits(&whole) {
        return vec![whole];
    }
    let mut parts = Vec::new();
    // Where each code stands among its parents' children, found once for every part.
    let mut positions = None;
    for s in chosen {
        let one = request(std::slice::from_ref(s), None);
        if fits(&one) {
            parts.push(one);
            continue;
        }
        let positions = positions.get_or_insert_with(|| structure::child_positions(c));
        let root_positions = structure::root_positions(c, *s);
        for leaves in runs(c, *s, &one) {
            let kept = leaves
                .into_iter()
                .flat_map(|leaf| c.resolved.path(leaf))
                .map(|code| (code, ()))
                .collect();
            let part = Part::new(*s, &kept, positions, &root_positions);
            parts.push(request(std::slice::from_ref(s), Some(&part)));
        }
    }
    parts
}

/// Where each lowest-level code's box is in a laid-out figure, by the code's identifier: one
/// pass over the figure (a search of it per code was quadratic in the codes).
fn boxes(f: &Figure) -> HashMap<&str, Rect> {
    let mut out = HashMap::new();
    for item in &f.items {
        let Item::Group { tag, items } = item else {
            continue;
        };
        if tag.class != "box" {
            continue;
        }
        let code = tag.data.iter().find(|(k, _)| *k == "code");
        let rect = items.iter().find_map(|i| match i {
            Item::Rect { rect, .. } => Some(*rect),
            _ => None,
        });
        if let (Some((_, id)), Some(rect)) = (code, rect) {
            out.entry(id.as_str()).or_insert(rect);
        }
    }
    out
}

/// The lowest-level codes of structure `s`, in runs that each fit a page (see the module
/// docs), measured on the whole structure's figure `whole`.
fn runs(c: &Compiled, s: StructureId, whole: &Figure) -> Vec<Vec<CodeId>> {
    let r = &c.resolved;
    // Each leaf with its box and the index of its top-level code.
    let boxes = boxes(whole);
    let leaves: Vec<(CodeId, Rect, usize)> = r.roots[s]
        .iter()
        .enumerate()
        .flat_map(|(i, root)| r.leaves(*root).into_iter().map(move |l| (l, i)))
        .filter_map(|(l, i)| Some((l, *boxes.get(c.codebook[l].id.id.as_str())?, i)))
        .collect();
    let header = leaves.first().map_or(MARGIN, |(_, b, _)| b.y);
    let room = (PRINT_HEIGHT / print_scale(whole.width) - header - MARGIN).max(1.0);
    let mut out: Vec<Vec<CodeId>> = Vec::new();
    let mut run: Vec<(CodeId, Rect, usize)> = Vec::new();
    for leaf in leaves {
        let start = run.first().map_or(leaf.1.y, |(_, b, _)| b.y);
        if !run.is_empty() && leaf.1.bottom() - start > room {
            // End at the last dimension that starts in the lower half, if one does.
            let cut = (1..run.len())
                .rev()
                .find(|k| run[*k].2 != run[*k - 1].2 && run[*k].1.y - start >= room / 2.0)
                .unwrap_or(run.len());
            let rest = run.split_off(cut);
            out.push(run.iter().map(|l| l.0).collect());
            run = rest;
        }
        run.push(leaf);
    }
    if !run.is_empty() {
        out.push(run.iter().map(|l| l.0).collect());
    }
    out
}
