//! The data-structure figure (a Gioia diagram): one column of boxes per level, lowest level
//! on the left (the highest on the left for a structure whose table prints it first, `level
//! order: highest first`), each code joined to its parent by a bracket-shaped connector.
//!
//! Layout rules:
//!
//! - Columns: one per declared level, lowest first (or highest first, as the structure's
//!   table), left to right, `COLUMN_GAP` apart. A
//!   column is as wide as its longest label on one line (plus padding), at least `MIN_WIDTH`,
//!   at most `MAX_WIDTH_LOWEST` (lowest level) or `MAX_WIDTH` (the others), and never
//!   narrower than its longest word; longer labels wrap. All structures drawn together share
//!   the column widths, narrowed (widest first) to a figure of at most 585 pt, so that its
//!   labels print at 7 pt or more on a 16 cm text width (`layout::fit_print_width`).
//! - Rows: the lowest-level codes are stacked in source order. Every code owns a horizontal
//!   band: a lowest-level code its box, a higher code the stack of its children's bands (or its
//!   own box, when taller), and its box is centred on that band. Bands never overlap, so boxes
//!   never do, and connectors of different parents never cross. Siblings are `6 + 8 × (k − 1)`
//!   points apart under a code of level k (wider gaps further up the hierarchy).
//! - Connectors leave a box's right edge in its middle, run to the middle of the gap between
//!   the columns, up or down to the parent's middle, and end in an arrow head on the parent's
//!   left edge: the children of one parent form a bracket (mirrored, from the left edge to
//!   the parent's right, when the highest level is drawn first).
//! - Headings: each column carries its level's heading (bold), wrapped to the column width,
//!   bottom-aligned above the boxes.
//! - Counts (option): each lowest-level box shows how many quotes support it directly in a dark
//!   badge at its right, inside the box.
//! - Colours: a code's declared `colour:` outlines its box and fills it with an 80 % tint;
//!   undeclared, boxes are outlined in dark grey and filled in greys that darken by level
//!   (white for the lowest), which print well in greyscale.
//! - Several structures (no `--structure`): drawn one below the other in source order, each
//!   with its caption as a title above its headings.

use super::layout::{
    Anchor, Figure, Item, MARGIN, Rect, Rgb, Stroke, Tag, TextLine, baseline, centred_lines,
};
use super::metrics::{Font, text_width, widest_word, wrap};
use crate::Compiled;
use crate::model::{CodeId, LevelId, StructureId};
use std::collections::HashMap;

/// A map keyed by codes (foldhash: the layout looks up every code drawn; nothing iterates it).
pub(crate) type ByCode<T> = HashMap<CodeId, T, foldhash::fast::RandomState>;

const LABEL: Font = Font::regular(9.0);
const LABEL_TOP: Font = Font::bold(9.0);
const HEADING: Font = Font::bold(9.0);
const TITLE: Font = Font::bold(10.0);
const BADGE: Font = Font::bold(7.5);

const PAD_X: f64 = 6.0;
const PAD_Y: f64 = 5.0;
const MIN_HEIGHT: f64 = 22.0;
const MIN_WIDTH: f64 = 80.0;
const MAX_WIDTH_LOWEST: f64 = 200.0;
const MAX_WIDTH: f64 = 160.0;
/// A column is widened to its longest word, up to this; longer words are cut.
const MAX_WORD_WIDTH: f64 = 260.0;
const COLUMN_GAP: f64 = 40.0;
const HEADING_GAP: f64 = 10.0;
const TITLE_GAP: f64 = 8.0;
const STRUCTURE_GAP: f64 = 28.0;
const ARROW_LENGTH: f64 = 5.0;
const ARROW_HALF_WIDTH: f64 = 2.5;
const BADGE_HEIGHT: f64 = 12.0;
/// Space between a label and its badge (the label keeps `PAD_X` more on its side).
const BADGE_GAP: f64 = 6.0;
/// Nesting deeper than this is not drawn (a valid codebook has as many levels as it declares).
const MAX_DEPTH: usize = 64;

/// What to draw: which structures, and whether to show quote counts.
pub struct Request<'a> {
    /// Indices into the codebook's structures, in drawing order.
    pub structures: &'a [StructureId],
    pub counts: bool,
    /// Only these codes, when given (a part of a structure too tall for a page: some
    /// lowest-level codes and their ancestors).
    pub keep: Option<&'a Part>,
}

/// The codes of one structure that a part draws, as the structure's roots and each code's
/// children that the part keeps, in their order and as often as listed: a part is laid out
/// in time proportional to its own codes, not to every child of a code it keeps (a category
/// of thousands of codes split over many pages).
#[derive(Debug, Default)]
pub struct Part {
    pub structure: Option<StructureId>,
    pub roots: Vec<CodeId>,
    pub children: ByCode<Vec<CodeId>>,
}

impl Part {
    /// The part of `structure` that keeps `kept` (the codes drawn, each with its ancestors):
    /// `positions` holds, for every code, where it stands in its parents' lists of children
    /// (`child_positions`), and `root_positions` where among the structure's roots
    /// (`root_positions`).
    pub fn new(
        structure: StructureId,
        kept: &ByCode<()>,
        positions: &ByCode<Vec<(CodeId, usize)>>,
        root_positions: &ByCode<Vec<((), usize)>>,
    ) -> Part {
        let mut roots: Vec<(usize, CodeId)> = Vec::new();
        let mut children: ByCode<Vec<(usize, CodeId)>> = ByCode::default();
        for code in kept.keys() {
            for ((), i) in root_positions.get(code).map_or(&[][..], Vec::as_slice) {
                roots.push((*i, *code));
            }
            for (parent, i) in positions.get(code).map_or(&[][..], Vec::as_slice) {
                if kept.contains_key(parent) {
                    children.entry(*parent).or_default().push((*i, *code));
                }
            }
        }
        // A code's place in a list is unique, so the order does not depend on the map's.
        roots.sort_unstable();
        Part {
            structure: Some(structure),
            roots: roots.into_iter().map(|(_, r)| r).collect(),
            children: children
                .into_iter()
                .map(|(parent, mut kids)| {
                    kids.sort_unstable();
                    (parent, kids.into_iter().map(|(_, k)| k).collect())
                })
                .collect(),
        }
    }
}

/// For every code in `lists`, each list's owner that names it and where in that list: one pass
/// over every list.
fn positions<'a, P>(lists: impl Iterator<Item = (P, &'a [CodeId])>) -> ByCode<Vec<(P, usize)>>
where
    P: Copy,
{
    let mut out: ByCode<Vec<(P, usize)>> = ByCode::default();
    for (owner, codes) in lists {
        for (i, k) in codes.iter().enumerate() {
            out.entry(*k).or_default().push((owner, i));
        }
    }
    out
}

/// For every code, each parent whose list of children names it and where in that list.
pub fn child_positions(c: &Compiled) -> ByCode<Vec<(CodeId, usize)>> {
    positions(
        c.resolved
            .children
            .iter()
            .map(|(p, kids)| (p, kids.as_slice())),
    )
}

/// For every root of structure `s`, where it stands among the structure's roots.
pub fn root_positions(c: &Compiled, s: StructureId) -> ByCode<Vec<((), usize)>> {
    positions(std::iter::once(((), c.resolved.roots[s].as_slice())))
}

/// A code's box before it is placed.
struct Node {
    code: CodeId,
    level: usize,
    lines: Vec<String>,
    font: Font,
    height: f64,
    /// Quotes supporting it directly (shown, when counts are on, for the lowest level and for
    /// any code with quotes of its own).
    count: Option<usize>,
    /// The children placed in its band (a shared code is placed under its first parent only).
    children: Vec<usize>,
    /// Every child, shared ones included: a connector joins each.
    links: Vec<usize>,
    /// Height of the band the code and its descendants take.
    band: f64,
}

fn sibling_gap(parent_level: usize) -> f64 {
    6.0 + 8.0 * parent_level.saturating_sub(1) as f64
}

fn badge_width(count: usize) -> f64 {
    (text_width(&count.to_string(), BADGE) + 8.0).max(16.0)
}

/// Lay out the data-structure figure of the requested structures.
pub fn layout(c: &Compiled, req: &Request) -> Figure {
    let cb = &c.codebook;
    let levels = cb.levels.len().max(1);
    let top_level = levels - 1;

    // The codes drawn, structure by structure, each reached once from its structure's roots.
    // A shared code is drawn once, in the band of the parent that reaches it first (its
    // owner), and joined to each of its parents. Maps rather than a slot per code of the
    // codebook: a part of a structure, or one of many structures, costs its own codes only.
    let roots_of = |s: StructureId| match req.keep {
        None => c.resolved.roots[s].as_slice(),
        Some(part) if part.structure == Some(s) => part.roots.as_slice(),
        Some(_) => &[],
    };
    let children_of = |code: CodeId| match req.keep {
        None => c.resolved.children[code].as_slice(),
        Some(part) => part.children.get(&code).map_or(&[][..], Vec::as_slice),
    };
    let mut owner: ByCode<Option<CodeId>> = ByCode::default();
    let mut per_structure: Vec<(StructureId, Vec<CodeId>)> = Vec::new();
    for &s in req.structures {
        let mut order = Vec::new();
        let mut stack: Vec<(CodeId, usize, Option<CodeId>)> =
            roots_of(s).iter().rev().map(|r| (*r, 0, None)).collect();
        while let Some((code, depth, from)) = stack.pop() {
            if depth > MAX_DEPTH || owner.contains_key(&code) {
                continue;
            }
            owner.insert(code, from);
            order.push(code);
            for k in children_of(code).iter().rev() {
                stack.push((*k, depth + 1, Some(code)));
            }
        }
        per_structure.push((s, order));
    }
    let owned_by = |code: CodeId, parent: CodeId| owner.get(&code) == Some(&Some(parent));

    let font_of = |level: usize| if level == top_level { LABEL_TOP } else { LABEL };
    // Counts on every lowest-level code, and on a code above that quotes support directly.
    let count_of = |code: CodeId| {
        let direct = c.resolved.code_quotes[code].len();
        (req.counts && (cb[code].level == LevelId::LOWEST || direct > 0)).then_some(direct)
    };

    // Column widths, shared by every structure drawn.
    let mut widths = vec![MIN_WIDTH; levels];
    for (_, order) in &per_structure {
        for &code in order {
            let k = &cb[code];
            let level = k.level.rank().min(top_level);
            let font = font_of(level);
            let extra = count_of(code).map_or(0.0, |n| badge_width(n) + BADGE_GAP);
            let max = if level == 0 {
                MAX_WIDTH_LOWEST
            } else {
                MAX_WIDTH
            };
            let natural = text_width(k.label.text.trim(), font) + 2.0 * PAD_X + extra;
            let word = (widest_word(&k.label.text, font) + 2.0 * PAD_X + extra).min(MAX_WORD_WIDTH);
            widths[level] = widths[level].max(natural.min(max)).max(word);
        }
    }
    for (level, w) in widths.iter_mut().enumerate() {
        if let Some(l) = cb.levels.get(level) {
            // Wide enough for the heading on one line, when that stays within the maximum.
            let max = if level == 0 {
                MAX_WIDTH_LOWEST
            } else {
                MAX_WIDTH
            };
            let natural = text_width(l.heading.trim(), HEADING).min(max);
            let word = widest_word(&l.heading, HEADING).min(MAX_WORD_WIDTH);
            *w = w.max(natural).max(word);
        }
        *w = w.ceil();
    }
    super::layout::fit_print_width(&mut widths, COLUMN_GAP, MIN_WIDTH);
    // Each level's column, left to right from the lowest (`lowest`) or, for a structure whose
    // table prints the highest level first (`level order: highest first`), from the highest
    // (`highest`): the figure reads in the table's order.
    let columns = |order: &mut dyn Iterator<Item = usize>| {
        let mut xs = vec![MARGIN; levels];
        let mut x = MARGIN;
        for l in order {
            xs[l] = x;
            x += widths[l] + COLUMN_GAP;
        }
        (xs, x)
    };
    let (lowest, x) = columns(&mut (0..levels));
    let (highest, _) = columns(&mut (0..levels).rev());
    let content_width = x - COLUMN_GAP - MARGIN;

    let mut items = Vec::new();
    let mut y = MARGIN;
    let several = per_structure.len() > 1;
    for (n, (s, order)) in per_structure.iter().enumerate() {
        if n > 0 {
            y += STRUCTURE_GAP;
        }
        let structure = &cb[*s];
        let xs = if structure.highest_first() {
            &highest
        } else {
            &lowest
        };
        if several {
            let lines = wrap(&structure.caption.text, TITLE, content_width);
            let lh = TITLE.line_height();
            let text = lines
                .iter()
                .enumerate()
                .map(|(i, l)| TextLine {
                    text: l.clone(),
                    x: MARGIN,
                    baseline: baseline(y + i as f64 * lh, TITLE),
                    anchor: Anchor::Start,
                    font: TITLE,
                    colour: Rgb::BLACK,
                })
                .collect();
            items.push(Item::Text {
                tag: Tag::class("title").data("structure", structure.id.id.clone()),
                lines: text,
            });
            y += lines.len() as f64 * lh + TITLE_GAP;
        }
        // Headings, bottom-aligned.
        let headings: Vec<Vec<String>> = (0..levels)
            .map(|l| {
                cb.levels
                    .get(l)
                    .map(|lv| wrap(&lv.heading, HEADING, widths[l]))
                    .unwrap_or_default()
            })
            .collect();
        let rows = headings.iter().map(Vec::len).max().unwrap_or(0);
        let lh = HEADING.line_height();
        for (l, lines) in headings.iter().enumerate() {
            if lines.is_empty() {
                continue;
            }
            let top = y + (rows - lines.len()) as f64 * lh;
            let text = centred_lines(
                lines,
                HEADING,
                xs[l] + widths[l] / 2.0,
                top,
                lines.len() as f64 * lh,
                Rgb::BLACK,
            );
            items.push(Item::Text {
                tag: Tag::class("heading")
                    .data("level", l.to_string())
                    .data("structure", structure.id.id.clone()),
                lines: text,
            });
        }
        y += rows as f64 * lh + HEADING_GAP;

        // Boxes: measure, then place band by band.
        let index: ByCode<usize> = order.iter().enumerate().map(|(i, o)| (*o, i)).collect();
        let index_of = |code: CodeId| index.get(&code).copied();
        let mut nodes: Vec<Node> = order
            .iter()
            .map(|&code| {
                let k = &cb[code];
                let level = k.level.rank().min(top_level);
                let font = font_of(level);
                let count = count_of(code);
                let extra = count.map_or(0.0, |n| badge_width(n) + BADGE_GAP);
                let lines = wrap(&k.label.text, font, widths[level] - 2.0 * PAD_X - extra);
                let text_h = lines.len() as f64 * font.line_height() + 2.0 * PAD_Y;
                let badge_h = if count.is_some() {
                    BADGE_HEIGHT + 2.0 * PAD_Y
                } else {
                    0.0
                };
                let links: Vec<usize> = children_of(code)
                    .iter()
                    .filter_map(|k| index_of(*k))
                    .collect();
                let children = links
                    .iter()
                    .copied()
                    .filter(|k| order.get(*k).is_some_and(|o| owned_by(*o, code)))
                    .collect();
                Node {
                    code,
                    level,
                    lines,
                    font,
                    height: text_h.max(badge_h).max(MIN_HEIGHT).ceil(),
                    count,
                    children,
                    links,
                    band: 0.0,
                }
            })
            .collect();
        // Children come after their parent in `order`, so bands are measured backwards.
        for i in (0..nodes.len()).rev() {
            let kids = &nodes[i].children;
            let stack = if kids.is_empty() {
                0.0
            } else {
                kids.iter().map(|k| nodes[*k].band).sum::<f64>()
                    + sibling_gap(nodes[i].level) * (kids.len() - 1) as f64
            };
            nodes[i].band = nodes[i].height.max(stack);
        }
        let roots: Vec<usize> = roots_of(*s).iter().filter_map(|r| index_of(*r)).collect();
        let mut placed: Vec<Option<Rect>> = vec![None; nodes.len()];
        let mut cursor = y;
        for (i, r) in roots.iter().enumerate() {
            if i > 0 {
                cursor += sibling_gap(levels);
            }
            place(&nodes, *r, cursor, xs, &widths, &mut placed, 0);
            cursor += nodes[*r].band;
        }
        // Connectors first, so boxes are drawn over their ends.
        for (i, node) in nodes.iter().enumerate() {
            let Some(parent) = placed[i] else { continue };
            for &k in &node.links {
                let Some(child) = placed[k] else { continue };
                let (y1, y2) = (child.cy(), parent.cy());
                // The edges that face each other: the child's right and the parent's left, or
                // the other way round when the highest level is drawn first.
                let (start, end) = if child.x < parent.x {
                    (child.right(), parent.x)
                } else {
                    (child.x, parent.right())
                };
                let from = cb[nodes[k].code].id.id.clone();
                let to = cb[node.code].id.id.clone();
                let mut tag = Tag::class("connector")
                    .data("from", from)
                    .data("to", to.clone());
                // A shared code's line to a parent it is not drawn under: dashed, on a track
                // of its own nearer that parent, so it is not read as joining the siblings.
                // (Drawn under this parent: `node.children` holds `k`, a test in constant time.)
                let (xm, stroke) = if owned_by(nodes[k].code, node.code) {
                    ((start + end) / 2.0, Stroke::solid(Rgb::INK, 0.8))
                } else {
                    tag = tag.data("shared", "yes".to_string());
                    ((start + 3.0 * end) / 4.0, Stroke::dashed(Rgb::INK, 0.8))
                };
                items.push(Item::Path {
                    tag,
                    points: vec![(start, y1), (xm, y1), (xm, y2), (end, y2)],
                    stroke,
                });
            }
            if !node.links.is_empty() {
                // The arrow head on the parent's edge that faces its children.
                let (tip, back) = if structure.highest_first() {
                    (parent.right(), parent.right() + ARROW_LENGTH)
                } else {
                    (parent.x, parent.x - ARROW_LENGTH)
                };
                items.push(Item::Polygon {
                    tag: Tag::class("arrow").data("to", cb[node.code].id.id.clone()),
                    points: vec![
                        (tip, parent.cy()),
                        (back, parent.cy() - ARROW_HALF_WIDTH),
                        (back, parent.cy() + ARROW_HALF_WIDTH),
                    ],
                    fill: Rgb::INK,
                });
            }
        }
        for (i, node) in nodes.iter().enumerate() {
            let Some(rect) = placed[i] else { continue };
            items.push(code_box(c, node, rect, &structure.id.id, levels));
        }
        y = cursor;
    }
    let title = req
        .structures
        .iter()
        .map(|s| cb[*s].caption.text.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let single = (req.structures.len() == 1)
        .then(|| req.structures.first().map(|s| &cb[*s]))
        .flatten();
    Figure {
        kind: "structure",
        title,
        caption: single.map(|s| s.caption.text.clone()),
        label: single
            .and_then(|s| s.label.as_ref())
            .map(|l| l.text.clone()),
        width: (content_width + 2.0 * MARGIN).ceil(),
        height: (y + MARGIN).ceil(),
        items,
    }
}

/// Place a code's box centred on its band starting at `top`, its children's bands stacked
/// and centred within it.
fn place(
    nodes: &[Node],
    i: usize,
    top: f64,
    xs: &[f64],
    widths: &[f64],
    placed: &mut [Option<Rect>],
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let node = &nodes[i];
    let band = node.band;
    placed[i] = Some(Rect {
        x: xs[node.level],
        y: top + (band - node.height) / 2.0,
        w: widths[node.level],
        h: node.height,
    });
    if node.children.is_empty() {
        return;
    }
    let gap = sibling_gap(node.level);
    let stack: f64 = node.children.iter().map(|k| nodes[*k].band).sum::<f64>()
        + gap * (node.children.len() - 1) as f64;
    let mut cursor = top + (band - stack) / 2.0;
    for &k in &node.children {
        place(nodes, k, cursor, xs, widths, placed, depth + 1);
        cursor += nodes[k].band + gap;
    }
}

/// Default fill of a level's boxes: white for the lowest, then darker greys.
fn level_fill(level: usize) -> Rgb {
    let g = 255u8.saturating_sub((level.min(6) as u8) * 17);
    Rgb(g, g, g)
}

fn code_box(c: &Compiled, node: &Node, rect: Rect, structure: &str, levels: usize) -> Item {
    let k = &c.codebook[node.code];
    let (fill, stroke) = match k.colour {
        Some(col) => {
            let [r, g, b] = col.0;
            let base = Rgb(r, g, b);
            (base.tint(0.8), Stroke::solid(base, 1.2))
        }
        None => (level_fill(node.level), Stroke::solid(Rgb::INK, 0.8)),
    };
    let level_name = c
        .codebook
        .levels
        .get(node.level)
        .map_or(String::new(), |l| l.name.clone());
    let mut tag = Tag::class("box")
        .id(format!("code-{}", k.id.id))
        .data("code", k.id.id.clone())
        .data("level", node.level.to_string())
        .data("level-name", level_name)
        .data("structure", structure.to_string());
    if let Some(n) = node.count {
        tag = tag.data("count", n.to_string());
    }
    let extra = node.count.map_or(0.0, |n| badge_width(n) + BADGE_GAP);
    let text_w = rect.w - extra;
    let mut items = vec![
        Item::Rect {
            tag: Tag::class("frame"),
            rect,
            fill: Some(fill),
            stroke: Some(stroke),
            radius: if node.level + 1 == levels { 4.0 } else { 2.0 },
        },
        Item::Text {
            tag: Tag::class("label"),
            lines: centred_lines(
                &node.lines,
                node.font,
                rect.x + text_w / 2.0,
                rect.y,
                rect.h,
                Rgb::BLACK,
            ),
        },
    ];
    if let Some(n) = node.count {
        let w = badge_width(n);
        let badge = Rect {
            x: rect.right() - PAD_X - w,
            y: rect.cy() - BADGE_HEIGHT / 2.0,
            w,
            h: BADGE_HEIGHT,
        };
        items.push(Item::Rect {
            tag: Tag::class("badge"),
            rect: badge,
            fill: Some(Rgb::INK),
            stroke: None,
            radius: BADGE_HEIGHT / 2.0,
        });
        items.push(Item::Text {
            tag: Tag::class("count"),
            lines: centred_lines(
                &[n.to_string()],
                BADGE,
                badge.cx(),
                badge.y,
                badge.h,
                Rgb::WHITE,
            ),
        });
    }
    Item::Group { tag, items }
}
