//! A laid-out figure as a self-contained SVG document.
//!
//! No external references: no fonts, images or style sheets are loaded; text asks for the
//! generic `sans-serif` family, which the layout's width table covers. Every element a
//! reader may look for carries a `class` and `data-*` attributes (boxes: `g.box` with
//! `data-code`, `data-level`; connectors: `path.connector` with `data-from`, `data-to`;
//! timeline: `g.phase`, `g.period`, `g.turning-point`, `path.tick` with `data-year`). Numbers
//! are rounded to hundredths, so output is byte-identical on every machine.

use super::layout::{Anchor, Figure, Item, Rgb, Stroke, Tag, TextLine, num};
use crate::emit::xml::{Place, escape};
use std::fmt::Write;

/// Render as SVG 1.1, ending with a newline.
pub fn render(f: &Figure) -> String {
    let mut out = String::new();
    let (w, h) = (num(f.width), num(f.height));
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" data-figure=\"{}\">",
        f.kind
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&f.title, Place::Svg));
    let _ = writeln!(
        out,
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\"/>"
    );
    for item in &f.items {
        write_item(&mut out, item, 0);
    }
    out.push_str("</svg>\n");
    out
}

fn attrs(tag: &Tag) -> String {
    let mut s = String::new();
    if let Some(id) = &tag.id {
        let _ = write!(s, " id=\"{}\"", escape(id, Place::Svg));
    }
    if !tag.class.is_empty() {
        let _ = write!(s, " class=\"{}\"", tag.class);
    }
    for (k, v) in &tag.data {
        let _ = write!(s, " data-{k}=\"{}\"", escape(v, Place::Svg));
    }
    s
}

fn stroke(s: Option<&Stroke>) -> String {
    match s {
        None => " stroke=\"none\"".to_string(),
        Some(s) => {
            let mut out = format!(
                " stroke=\"{}\" stroke-width=\"{}\"",
                s.colour.hex(),
                num(s.width)
            );
            if s.dashed {
                out.push_str(" stroke-dasharray=\"3 2\"");
            }
            out
        }
    }
}

fn fill(f: Option<Rgb>) -> String {
    match f {
        Some(c) => format!(" fill=\"{}\"", c.hex()),
        None => " fill=\"none\"".to_string(),
    }
}

fn points(p: &[(f64, f64)]) -> String {
    p.iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth + 1)
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    let pad = indent(depth);
    match item {
        Item::Rect {
            tag,
            rect,
            fill: f,
            stroke: s,
            radius,
        } => {
            let r = if *radius > 0.0 {
                format!(" rx=\"{}\"", num(*radius))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{pad}<rect{} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{r}{}{}/>",
                attrs(tag),
                num(rect.x),
                num(rect.y),
                num(rect.w),
                num(rect.h),
                fill(*f),
                stroke(s.as_ref()),
            );
        }
        Item::Text { tag, lines } => write_text(out, tag, lines, &pad),
        Item::Path {
            tag,
            points: p,
            stroke: s,
        } => {
            let d = p
                .iter()
                .enumerate()
                .map(|(i, (x, y))| {
                    format!("{}{} {}", if i == 0 { "M" } else { "L" }, num(*x), num(*y))
                })
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(
                out,
                "{pad}<path{} d=\"{d}\" fill=\"none\"{}/>",
                attrs(tag),
                stroke(Some(s))
            );
        }
        Item::Polygon {
            tag,
            points: p,
            fill: f,
        } => {
            let _ = writeln!(
                out,
                "{pad}<polygon{} points=\"{}\"{}/>",
                attrs(tag),
                points(p),
                fill(Some(*f))
            );
        }
        Item::Circle {
            tag,
            cx,
            cy,
            r,
            fill: f,
            stroke: s,
        } => {
            let _ = writeln!(
                out,
                "{pad}<circle{} cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                attrs(tag),
                num(*cx),
                num(*cy),
                num(*r),
                fill(Some(*f)),
                stroke(s.as_ref())
            );
        }
        Item::Group { tag, items } => {
            let _ = writeln!(out, "{pad}<g{}>", attrs(tag));
            for i in items {
                write_item(out, i, depth + 1);
            }
            let _ = writeln!(out, "{pad}</g>");
        }
    }
}

fn write_text(out: &mut String, tag: &Tag, lines: &[TextLine], pad: &str) {
    let Some(first) = lines.first() else { return };
    let anchor = match first.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let weight = if first.font.bold {
        " font-weight=\"bold\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "{pad}<text{} font-size=\"{}\"{weight} text-anchor=\"{anchor}\" fill=\"{}\">",
        attrs(tag),
        num(first.font.size),
        first.colour.hex()
    );
    for l in lines {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(l.x),
            num(l.baseline),
            escape(&l.text, Place::Svg)
        );
    }
    out.push_str("</text>\n");
}
