//! The geometry of a figure, computed once and drawn by every renderer
//! ([`svg`](mod@super::svg), [`tikz`](mod@super::tikz)): boxes, text lines placed at their
//! baselines, paths and marks, in points, with y growing downwards (as in SVG; TikZ flips it).
//!
//! Layout never measures a real font: it wraps and places text with [`super::metrics`], whose
//! widths are at least those of the fonts the renderers ask for, so text fits wherever it is
//! drawn.

use super::metrics::Font;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    /// Lines, outlines and secondary text.
    pub const INK: Rgb = Rgb(0x33, 0x33, 0x33);
    pub const GREY: Rgb = Rgb(0x77, 0x77, 0x77);

    /// `#RRGGBB`.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// This colour mixed with white: `amount` 0 keeps it, 1 gives white.
    pub fn tint(self, amount: f64) -> Rgb {
        let mix = |c: u8| {
            let c = f64::from(c);
            (c + (255.0 - c) * amount.clamp(0.0, 1.0)).round() as u8
        };
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    #[expect(
        dead_code,
        reason = "both renderers draw it; no layout places text by its end yet"
    )]
    End,
}

/// Stroke of a rectangle, path or mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub colour: Rgb,
    pub width: f64,
    pub dashed: bool,
}

impl Stroke {
    pub fn solid(colour: Rgb, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dashed: false,
        }
    }
    pub fn dashed(colour: Rgb, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dashed: true,
        }
    }
}

/// What an element is, for readers of the SVG (tests, scripts): an `id`, a `class` and
/// `data-*` attributes. TikZ output ignores it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tag {
    pub id: Option<String>,
    pub class: &'static str,
    pub data: Vec<(&'static str, String)>,
}

impl Tag {
    pub fn class(class: &'static str) -> Tag {
        Tag {
            id: None,
            class,
            data: Vec::new(),
        }
    }
    pub fn id(mut self, id: String) -> Tag {
        self.id = Some(id);
        self
    }
    pub fn data(mut self, key: &'static str, value: impl Into<String>) -> Tag {
        self.data.push((key, value.into()));
        self
    }
}

/// One line of text, at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    pub x: f64,
    pub baseline: f64,
    pub anchor: Anchor,
    pub font: Font,
    pub colour: Rgb,
}

/// What a figure is made of, drawn in order (later on top).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Rect {
        tag: Tag,
        rect: Rect,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
        radius: f64,
    },
    /// Lines of text that belong together (a label), in one element.
    Text { tag: Tag, lines: Vec<TextLine> },
    /// An open polyline.
    Path {
        tag: Tag,
        points: Vec<(f64, f64)>,
        stroke: Stroke,
    },
    /// A closed, filled polygon (arrow heads, markers).
    Polygon {
        tag: Tag,
        points: Vec<(f64, f64)>,
        fill: Rgb,
    },
    Circle {
        tag: Tag,
        cx: f64,
        cy: f64,
        r: f64,
        fill: Rgb,
        stroke: Option<Stroke>,
    },
    /// Items that belong together: a box with its label and badge.
    Group { tag: Tag, items: Vec<Item> },
}

/// A figure laid out: its size (margins included) and what to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `structure` or `timeline`.
    pub kind: &'static str,
    /// What the figure shows, in words (the SVG's `<title>`).
    pub title: String,
    /// The caption and label declared for it, if any (for the TikZ comment).
    pub caption: Option<String>,
    pub label: Option<String>,
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

/// Space left empty around every figure.
pub const MARGIN: f64 = 12.0;

/// A journal's text width, 16 cm, in points: what a figure is scaled to in print.
pub const PRINT_WIDTH: f64 = 455.0;
/// The height a figure may take on a page of that width (an A4 text block of 24.7 cm, less
/// room for the caption), in points.
pub const PRINT_HEIGHT: f64 = 650.0;
/// The smallest text size a figure's labels may print at, in points.
pub const MIN_PRINT_SIZE: f64 = 7.0;
/// The size of the labels of a structure figure.
pub const LABEL_SIZE: f64 = 9.0;

/// The widest a figure may be, margins included, for its labels to print at
/// [`MIN_PRINT_SIZE`] or more when it is scaled to [`PRINT_WIDTH`]: 585 pt.
pub fn max_print_width() -> f64 {
    PRINT_WIDTH * LABEL_SIZE / MIN_PRINT_SIZE
}

/// How much a figure `width` points wide is scaled to fit [`PRINT_WIDTH`] (never enlarged).
pub fn print_scale(width: f64) -> f64 {
    (PRINT_WIDTH / width).min(1.0)
}

/// Narrow columns `gap` apart so that they and the margins fit [`max_print_width`]: the
/// widest first, none below `min`. Columns that already fit are left as they are.
pub fn fit_print_width(widths: &mut [f64], gap: f64, min: f64) {
    let n = widths.len() as f64;
    let budget = max_print_width() - 2.0 * MARGIN - gap * (n - 1.0).max(0.0);
    while widths.iter().sum::<f64>() > budget {
        let Some(widest) = widths
            .iter_mut()
            .filter(|w| **w > min)
            .max_by(|a, b| a.total_cmp(b))
        else {
            break;
        };
        *widest = (*widest - 1.0).max(min);
    }
}

/// Lines of text placed in a rectangle: centred horizontally on `cx`, the block centred
/// vertically in `top..top + height`.
pub fn centred_lines(
    lines: &[String],
    font: Font,
    cx: f64,
    top: f64,
    height: f64,
    colour: Rgb,
) -> Vec<TextLine> {
    let lh = font.line_height();
    let block = lines.len() as f64 * lh;
    let first_top = top + (height - block) / 2.0;
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| TextLine {
            text: l.clone(),
            x: cx,
            baseline: baseline(first_top + i as f64 * lh, font),
            anchor: Anchor::Middle,
            font,
            colour,
        })
        .collect()
}

/// The baseline of a line whose line box starts at `line_top`: the glyphs' ascent and descent
/// centred in the line height.
pub fn baseline(line_top: f64, font: Font) -> f64 {
    let lh = font.line_height();
    line_top + (lh - (font.ascent() + font.descent())) / 2.0 + font.ascent()
}

/// Round to hundredths for output, so renderings are byte-identical everywhere; `-0` is `0`.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 || !r.is_finite() { 0.0 } else { r };
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(10.5), "10.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn tints_go_towards_white() {
        assert_eq!(Rgb(0, 0, 0).tint(1.0), Rgb::WHITE);
        assert_eq!(Rgb(0, 100, 200).tint(0.0), Rgb(0, 100, 200));
        assert_eq!(Rgb(0, 0, 0).tint(0.5), Rgb(128, 128, 128));
    }
}
