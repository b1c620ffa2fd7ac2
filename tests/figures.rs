//! Figures (`build --to svg|tikz --figure structure|timeline`) through real tools.
//!
//! Every SVG is read back as XML (roxmltree) and its geometry checked: no two boxes overlap,
//! every connector joins the boxes it names (and only a child to its parent), no connector
//! crosses a box, every label fits its box by the layout's own width measure, and the timeline
//! puts phases, periods and turning points at their dates. This runs for every structure and
//! timeline of every codebook in `schemas/`, for a generated structure of 40 concepts, one of
//! five levels, and one full of characters XML and LaTeX treat specially.
//!
//! Every TikZ output is compiled with `pdflatex -no-shell-escape -halt-on-error` (standalone,
//! and one fragment in the document its header comment asks for) and read back with
//! `pdftotext`. These tests fail, never skip, when the tools are missing.

mod common;
use common::{codebooks_in, temp_dir};

use codebook::emit::figure::metrics::{Font, text_width};
use codebook::emit::figure::{self, Kind, Options};
use codebook::model::{CodeId, Id};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::INSTALL;

// ----- codebooks -----

fn schemas() -> Vec<PathBuf> {
    let out = codebooks_in("schemas");
    assert!(out.len() >= 5, "the schemas are there");
    out
}

fn compile(name: &str, source: &str) -> codebook::Compiled {
    let outcome = codebook::compile(source);
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    outcome.compiled.expect("a valid codebook compiles")
}

fn read(path: &Path) -> codebook::Compiled {
    let source = std::fs::read_to_string(path).expect("a readable codebook");
    compile(&path.display().to_string(), &source)
}

const REFERENCE: &str = "schemas/schmidt-2025-strategizing.codebook";

fn reference() -> codebook::Compiled {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE))
}

/// 40 concepts under 12 themes under 4 dimensions, labels from one word to four lines, and one
/// word longer than any box.
fn forty_concepts() -> String {
    let per_theme = [3, 4, 2, 5, 3, 4, 2, 3, 4, 3, 4, 3];
    let labels = [
        "Trust",
        "Regular meetings with all partners",
        "A concept whose label is long enough to need three or four lines in its box, as first-order concepts in the words of informants often are",
        "Non-equal participation",
        "Supercalifragilisticexpialidociousnessandmoreandmoreandmoreandmore",
        "Shared vision",
        "Hidden agendas and compartmentalisation",
    ];
    let mut s =
        String::from("study \"Forty\" { year: 2026 }\n\nstructure big \"Forty concepts\" {\n");
    let mut concept = 0;
    let mut quotes = String::new();
    for d in 0..4 {
        s += &format!(
            "  dimension d{d} \"Dimension {d}: an aggregate dimension with a longer label\" {{\n"
        );
        for t in 0..3 {
            let theme = d * 3 + t;
            s += &format!("    theme t{theme} \"Theme {theme} of the study\" {{\n");
            for _ in 0..per_theme[theme] {
                let label = labels[concept % labels.len()];
                s += &format!("      concept c{concept} \"{label} ({concept})\"\n");
                for _ in 0..(concept % 4) {
                    quotes += &format!(
                        "quote \"Evidence.\" {{\n  by: \"informant\", 2020\n  supports: c{concept}\n}}\n"
                    );
                }
                concept += 1;
            }
            s += "    }\n";
        }
        s += "  }\n";
    }
    assert_eq!(concept, 40);
    s += "}\n\n";
    s + &quotes
}

/// Five levels, two children each at every level but the lowest.
fn five_levels() -> String {
    let mut s = String::from(
        "levels l1 \"Codes\" -> l2 \"Subcategories\" -> l3 \"Categories\" -> l4 \"Themes\" -> l5 \"Aggregate dimensions\"\n\nstructure deep \"Five levels\" {\n",
    );
    let mut n = 0;
    fn node(s: &mut String, level: usize, n: &mut usize, depth: usize) {
        let id = *n;
        *n += 1;
        let pad = "  ".repeat(depth);
        if level == 1 {
            s.push_str(&format!("{pad}l1 k{id} \"Code {id}\"\n"));
            return;
        }
        s.push_str(&format!(
            "{pad}l{level} k{id} \"Level {level} code {id}\" {{\n"
        ));
        for _ in 0..2 {
            node(s, level - 1, n, depth + 1);
        }
        s.push_str(&format!("{pad}}}\n"));
    }
    for _ in 0..2 {
        node(&mut s, 5, &mut n, 1);
    }
    s.push_str("}\n");
    s
}

/// Labels full of characters XML and LaTeX treat specially, colours, and a timeline.
const SPECIAL: &str = r##"
study "Special" { year: 2026 }

levels concept "First order & <concepts>" -> theme "Second order “themes”" -> dimension "Aggregate $ dimension #1"

structure odd """Odd "characters" & more""" {
  dimension dim """Costs & benefits: 50% <more> or "less"?""" {
    colour: "#4E79A7"
    theme th1 "Back\slash {braces} $dollar$ #hash ^caret _under ~tilde [brackets]" {
      concept k1 """It's "quoted" & <tagged>""" {
        colour: "#E15759"
      }
      concept k2 "Typographic “quotes” – dashes — and … ellipsis; Müller, Weiß"
    }
    theme th2 "Plain" {
      concept k3 "--- double -- dashes and ''quotes'' ,,low''"
      concept k4 "% percent at the start, and a \\ backslash pair"
    }
  }
}

quote "x" {
  by: "someone & co.", 2020
  supports: k1, k2, k3, k4
}

phase p1 "Phase & <one>" 2010 .. 2012-06
turning point tp1 "Turn: 50% & $1 “budget”" 2012-07
phase p2 "Phase [two] {x}" 2012-07 .. 2013
period data "Data ~ #1 ^ _" 2010 .. 2013
"##;

/// Every codebook the tests draw: name, compiled.
fn all_codebooks() -> Vec<(String, codebook::Compiled)> {
    let mut out: Vec<(String, codebook::Compiled)> = schemas()
        .iter()
        .map(|p| {
            (
                p.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                read(p),
            )
        })
        .collect();
    out.push(("forty".into(), compile("forty", &forty_concepts())));
    out.push(("five-levels".into(), compile("five-levels", &five_levels())));
    out.push(("special".into(), compile("special", SPECIAL)));
    // Every label over two paragraphs (a blank line inside its quotes): one line in a TikZ node.
    out.push((
        "paragraph-labels".into(),
        read(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/latex/paragraph_labels.codebook"),
        ),
    ));
    out
}

fn structure_options(id: &str, counts: bool) -> Options<'_> {
    Options {
        kind: Kind::Structure,
        structure: Some(id),
        counts,
    }
}

const TIMELINE: Options<'static> = Options {
    kind: Kind::Timeline,
    structure: None,
    counts: false,
};

fn has_timeline(c: &codebook::Compiled) -> bool {
    let cb = &c.codebook;
    !(cb.phases.is_empty() && cb.turning_points.is_empty() && cb.periods.is_empty())
}

// ----- reading an SVG back -----

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn right(&self) -> f64 {
        self.x + self.w
    }
    fn bottom(&self) -> f64 {
        self.y + self.h
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() - EPS
            && o.x < self.right() - EPS
            && self.y < o.bottom() - EPS
            && o.y < self.bottom() - EPS
    }
    fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x - EPS
            && o.right() <= self.right() + EPS
            && o.y >= self.y - EPS
            && o.bottom() <= self.bottom() + EPS
    }
}

/// Output is rounded to hundredths.
const EPS: f64 = 0.011;

fn f(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("<{}> has no {attr}", node.tag_name().name()))
        .parse()
        .unwrap_or_else(|e| panic!("{attr}: {e}"))
}

fn rect_of(node: roxmltree::Node) -> Rect {
    Rect {
        x: f(node, "x"),
        y: f(node, "y"),
        w: f(node, "width"),
        h: f(node, "height"),
    }
}

fn class_is(node: &roxmltree::Node, class: &str) -> bool {
    node.is_element() && node.attribute("class") == Some(class)
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, class: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|n| class_is(n, class))
}

/// The ink box of every line of a `<text>`, by the layout's width measure.
fn text_boxes(text: roxmltree::Node) -> Vec<(String, Rect)> {
    let size = f(text, "font-size");
    let font = if text.attribute("font-weight") == Some("bold") {
        Font::bold(size)
    } else {
        Font::regular(size)
    };
    let anchor = text.attribute("text-anchor").unwrap_or("start");
    text.children()
        .filter(|n| n.has_tag_name("tspan"))
        .map(|t| {
            let s = t.text().unwrap_or_default().to_string();
            let w = text_width(&s, font);
            let x = f(t, "x");
            let left = match anchor {
                "middle" => x - w / 2.0,
                "end" => x - w,
                _ => x,
            };
            let base = f(t, "y");
            let r = Rect {
                x: left,
                y: base - font.ascent(),
                w,
                h: font.ascent() + font.descent(),
            };
            (s, r)
        })
        .collect()
}

fn path_points(d: &str) -> Vec<(f64, f64)> {
    let tokens: Vec<&str> = d.split_whitespace().collect();
    tokens
        .chunks(2)
        .map(|p| {
            let x = p[0].trim_start_matches(['M', 'L']).parse().expect("x");
            let y = p[1].parse().expect("y");
            (x, y)
        })
        .collect()
}

/// Whether an axis-parallel segment passes through a rectangle's interior.
fn crosses(a: (f64, f64), b: (f64, f64), r: &Rect) -> bool {
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    x0 < r.right() - EPS && x1 > r.x + EPS && y0 < r.bottom() - EPS && y1 > r.y + EPS
}

fn parse<'a>(name: &str, svg: &'a str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{name}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg"),
        "{name}"
    );
    // Self-contained: nothing refers outside the document.
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            assert!(
                !a.value().contains("url(") && !a.name().contains("href"),
                "{name}: external reference {}={}",
                a.name(),
                a.value()
            );
        }
        assert!(
            !matches!(
                n.tag_name().name(),
                "image" | "style" | "script" | "foreignObject"
            ),
            "{name}: <{}>",
            n.tag_name().name()
        );
    }
    doc
}

/// Everything drawn lies inside the canvas, margin included.
fn check_canvas(name: &str, doc: &roxmltree::Document) {
    let root = doc.root_element();
    let canvas = Rect {
        x: 0.0,
        y: 0.0,
        w: f(root, "width"),
        h: f(root, "height"),
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        let r = match n.tag_name().name() {
            "rect" if !class_is(&n, "background") => Some(rect_of(n)),
            "text" => {
                for (s, r) in text_boxes(n) {
                    assert!(
                        canvas.contains(&r),
                        "{name}: text {s:?} {r:?} leaves {canvas:?}"
                    );
                }
                None
            }
            _ => None,
        };
        if let Some(r) = r {
            assert!(
                canvas.contains(&r),
                "{name}: {r:?} leaves the canvas {canvas:?}"
            );
        }
    }
}

/// The geometry of a structure figure; returns the number of boxes.
fn check_structure_svg(
    name: &str,
    svg: &str,
    c: &codebook::Compiled,
    structures: &[usize],
) -> usize {
    let cb = &c.codebook;
    let doc = parse(name, svg);
    check_canvas(name, &doc);
    let mut boxes: HashMap<String, Rect> = HashMap::new();
    for g in doc.descendants().filter(|n| class_is(n, "box")) {
        let code = g.attribute("data-code").expect("data-code").to_string();
        let frame =
            rect_of(child(g, "frame").unwrap_or_else(|| panic!("{name}: {code} has no frame")));
        let label = child(g, "label").unwrap_or_else(|| panic!("{name}: {code} has no label"));
        let lines = text_boxes(label);
        assert!(!lines.is_empty(), "{name}: {code} has an empty label");
        let badge = child(g, "badge").map(rect_of);
        // Every line of the label inside the frame, clear of the badge.
        for (s, r) in &lines {
            assert!(
                frame.contains(r),
                "{name}: `{code}`: {s:?} {r:?} overflows {frame:?}"
            );
            if let Some(b) = &badge {
                assert!(
                    !r.overlaps(b),
                    "{name}: `{code}`: {s:?} runs into its badge"
                );
            }
        }
        // The label says what the code's label says.
        let k = cb
            .codes
            .iter()
            .find(|k| k.id.id == code)
            .expect("a declared code");
        let words: Vec<&str> = k.label.text.split_whitespace().collect();
        let drawn: String = lines
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(
            drawn.split_whitespace().collect::<String>(),
            words.concat(),
            "{name}: `{code}` prints its label"
        );
        assert_eq!(
            g.attribute("data-level")
                .and_then(|l| l.parse::<usize>().ok()),
            Some(k.level.rank()),
            "{name}: `{code}` level"
        );
        if let Some(b) = badge {
            assert!(
                frame.contains(&b),
                "{name}: `{code}`'s badge leaves its box"
            );
            let count = child(g, "count").expect("a count");
            for (s, r) in text_boxes(count) {
                assert!(b.contains(&r), "{name}: count {s} overflows its badge");
            }
            let index = cb.codes.iter().position(|x| x.id.id == code).unwrap_or(0);
            let expected = c.resolved.code_quotes[CodeId::from_index(index)].len();
            assert_eq!(
                g.attribute("data-count"),
                Some(expected.to_string().as_str())
            );
        }
        assert!(
            boxes.insert(code.clone(), frame).is_none(),
            "{name}: `{code}` drawn twice"
        );
    }
    // Exactly the codes of the structures drawn.
    let expected: Vec<&str> = cb
        .codes
        .iter()
        .filter(|k| structures.contains(&k.structure.index()))
        .map(|k| k.id.id.as_str())
        .collect();
    assert_eq!(
        boxes.len(),
        expected.len(),
        "{name}: every code has one box"
    );
    for e in &expected {
        assert!(boxes.contains_key(*e), "{name}: `{e}` is not drawn");
    }
    // No two boxes overlap.
    let list: Vec<(&String, &Rect)> = boxes.iter().collect();
    for (i, (a, ra)) in list.iter().enumerate() {
        for (b, rb) in &list[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: boxes `{a}` and `{b}` overlap");
        }
    }
    // Headings above every box, and clear of each other.
    let headings: Vec<Rect> = doc
        .descendants()
        .filter(|n| class_is(n, "heading") || class_is(n, "title"))
        .flat_map(text_boxes)
        .map(|(_, r)| r)
        .collect();
    for h in &headings {
        for (code, r) in &boxes {
            assert!(!h.overlaps(r), "{name}: a heading overlaps `{code}`");
        }
    }
    // Connectors: one per child, from the child's right edge to its parent's left edge (left
    // to right with `level order: highest first`).
    let mut joined = 0;
    for p in doc.descendants().filter(|n| class_is(n, "connector")) {
        let from = p.attribute("data-from").expect("data-from");
        let to = p.attribute("data-to").expect("data-to");
        let (Some(a), Some(b)) = (boxes.get(from), boxes.get(to)) else {
            panic!("{name}: connector {from} -> {to} names a box that is not drawn");
        };
        let child = cb
            .codes
            .iter()
            .position(|k| k.id.id == from)
            .expect("child");
        let parent = cb.codes.iter().position(|k| k.id.id == to).expect("parent");
        assert!(
            c.resolved
                .parents(CodeId::from_index(child))
                .any(|p| p == CodeId::from_index(parent)),
            "{name}: {from} -> {to} is no parent link"
        );
        let pts = path_points(p.attribute("d").expect("d"));
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        // The figure reads in the table's order: the highest level on the left when the
        // structure prints it first, and the connectors mirrored.
        let highest_first = cb.structures[cb.codes[child].structure.index()].highest_first();
        let (a_edge, b_edge) = if highest_first {
            (a.x, b.right())
        } else {
            (a.right(), b.x)
        };
        assert!(
            (first.0 - a_edge).abs() < EPS,
            "{name}: {from} -> {to} does not leave {from}'s edge facing {to}"
        );
        assert!(
            first.1 > a.y && first.1 < a.bottom(),
            "{name}: {from} -> {to} starts beside {from}"
        );
        assert!(
            (last.0 - b_edge).abs() < EPS,
            "{name}: {from} -> {to} does not reach {to}'s edge facing {from}"
        );
        assert!(
            last.1 > b.y && last.1 < b.bottom(),
            "{name}: {from} -> {to} ends beside {to}"
        );
        for w in pts.windows(2) {
            for (code, r) in &boxes {
                assert!(
                    !crosses(w[0], w[1], r),
                    "{name}: connector {from} -> {to} crosses `{code}`"
                );
            }
            for r in &headings {
                assert!(
                    !crosses(w[0], w[1], r),
                    "{name}: connector {from} -> {to} crosses a heading"
                );
            }
        }
        joined += 1;
    }
    // One per parent link: a shared code has one to each of its parents.
    let links: usize = expected
        .iter()
        .map(|e| {
            let i = cb.codes.iter().position(|k| k.id.id == **e).unwrap_or(0);
            c.resolved.parents(CodeId::from_index(i)).count()
        })
        .sum();
    assert_eq!(joined, links, "{name}: one connector per parent link");
    boxes.len()
}

type Segment = ((f64, f64), (f64, f64));

/// Days since 1970-01-01.
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

fn parse_day(s: &str) -> (i64, i64, i64) {
    let p: Vec<i64> = s.split('-').map(|x| x.parse().expect("a date")).collect();
    (p[0], p[1], p[2])
}

/// The geometry of a timeline of undated phases: one box per phase, in the order written, left
/// to right, of one width, numbered 1, 2, 3 on an axis without years; each label inside its box.
fn check_ordinal_timeline_svg(name: &str, svg: &str, c: &codebook::Compiled) {
    let doc = parse(name, svg);
    check_canvas(name, &doc);
    assert!(
        !doc.descendants()
            .any(|n| n.attribute("data-year").is_some()),
        "{name}: undated phases get no years"
    );
    let mut frames: Vec<(String, Rect)> = Vec::new();
    for g in doc.descendants().filter(|n| class_is(n, "phase")) {
        let id = g.attribute("data-phase").expect("an id").to_string();
        let frame = rect_of(child(g, "frame").expect("a frame"));
        if let Some(label) = child(g, "label") {
            for (s, r) in text_boxes(label) {
                assert!(frame.contains(&r), "{name}: phase `{id}`: {s:?} overflows");
            }
        }
        frames.push((id, frame));
    }
    let ids: Vec<&str> = frames.iter().map(|(id, _)| id.as_str()).collect();
    let written: Vec<&str> = c.codebook.phases.iter().map(|p| p.id.id.as_str()).collect();
    assert_eq!(ids, written, "{name}: the phases in the order written");
    for pair in frames.windows(2) {
        let (a, b) = (&pair[0].1, &pair[1].1);
        assert!(
            a.right() <= b.x + 0.05,
            "{name}: boxes overlap or run backwards"
        );
        assert!((a.w - b.w).abs() < 0.05, "{name}: boxes of one width");
    }
    let numbers: Vec<String> = doc
        .descendants()
        .filter(|n| class_is(n, "ordinal"))
        .map(|n| n.attribute("data-order").unwrap_or_default().to_string())
        .collect();
    let want: Vec<String> = (1..=frames.len()).map(|i| i.to_string()).collect();
    assert_eq!(numbers, want, "{name}: numbered in order");
}

/// The geometry of a timeline figure.
fn check_timeline_svg(name: &str, svg: &str, c: &codebook::Compiled) {
    let cb = &c.codebook;
    let doc = parse(name, svg);
    check_canvas(name, &doc);
    // Ticks at every 1 January, evenly spaced by days.
    let mut ticks: HashMap<i64, f64> = HashMap::new();
    for t in doc.descendants().filter(|n| class_is(n, "tick")) {
        let year: i64 = t
            .attribute("data-year")
            .expect("data-year")
            .parse()
            .expect("a year");
        let x = path_points(t.attribute("d").expect("d"))[0].0;
        ticks.insert(year, x);
    }
    assert!(ticks.len() >= 2, "{name}: the axis has its years");
    let first = *ticks.keys().min().expect("a year");
    let last = *ticks.keys().max().expect("a year");
    let per_day = (ticks[&last] - ticks[&first]) / (days(last, 1, 1) - days(first, 1, 1)) as f64;
    let x_of = |(y, m, d): (i64, i64, i64)| {
        ticks[&first] + (days(y, m, d) - days(first, 1, 1)) as f64 * per_day
    };
    for (y, x) in &ticks {
        assert!(
            (x - x_of((*y, 1, 1))).abs() < 0.05,
            "{name}: tick {y} is off"
        );
    }
    let day_after = |s: &str| {
        let (y, m, d) = parse_day(s);
        days(y, m, d) + 1
    };
    let x_of_day = |n: i64| ticks[&first] + (n - days(first, 1, 1)) as f64 * per_day;
    // Phases and periods at their dates, labels inside (or set outside with a leader).
    let mut frames: Vec<(String, Rect)> = Vec::new();
    for class in ["phase", "period"] {
        let mut seen = 0;
        for g in doc.descendants().filter(|n| class_is(n, class)) {
            seen += 1;
            let id = g
                .attribute(&*format!("data-{class}"))
                .expect("an id")
                .to_string();
            let frame = rect_of(child(g, "frame").expect("a frame"));
            let start = x_of(parse_day(g.attribute("data-start").expect("data-start")));
            let end = x_of_day(day_after(g.attribute("data-end").expect("data-end")));
            assert!(
                (frame.x - start).abs() < 0.05,
                "{name}: {class} `{id}` starts at {} not {start}",
                frame.x
            );
            assert!(
                (frame.right() - end).abs() < 0.05,
                "{name}: {class} `{id}` ends at {} not {end}",
                frame.right()
            );
            match child(g, "label") {
                Some(label) => {
                    for (s, r) in text_boxes(label) {
                        assert!(
                            frame.contains(&r),
                            "{name}: {class} `{id}`: {s:?} overflows"
                        );
                    }
                }
                None => assert!(
                    doc.descendants()
                        .any(|n| class_is(&n, &format!("{class}-label"))
                            && n.attribute(&*format!("data-{class}")) == Some(id.as_str())),
                    "{name}: {class} `{id}` has no label"
                ),
            }
            frames.push((id, frame));
        }
        let declared = if class == "phase" {
            cb.phases.len()
        } else {
            cb.periods.len()
        };
        assert_eq!(seen, declared, "{name}: every {class} is drawn");
    }
    for (i, (a, ra)) in frames.iter().enumerate() {
        for (b, rb) in &frames[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: `{a}` and `{b}` overlap");
        }
    }
    // The labels set inside the phases' and periods' boxes, which no pole may cross.
    let inside: Vec<(String, Rect)> = ["phase", "period"]
        .iter()
        .flat_map(|class| doc.descendants().filter(move |n| class_is(n, class)))
        .filter_map(|g| child(g, "label"))
        .flat_map(text_boxes)
        .collect();
    // Turning points: the dot at the middle of their time, labels clear of everything.
    let mut labels: Vec<(String, Rect)> = Vec::new();
    let mut leaders: Vec<(String, Segment)> = Vec::new();
    let mut events = 0;
    for g in doc.descendants().filter(|n| {
        class_is(n, "turning-point") || class_is(n, "phase-label") || class_is(n, "period-label")
    }) {
        let what = format!(
            "{:?}",
            g.attributes().map(|a| a.value()).collect::<Vec<_>>()
        );
        if class_is(&g, "turning-point") {
            events += 1;
            let (a, b) = (
                x_of(parse_day(g.attribute("data-start").expect("start"))),
                x_of_day(day_after(g.attribute("data-end").expect("end"))),
            );
            let dot = g.children().find(|n| class_is(n, "event")).expect("a dot");
            assert!(
                (f(dot, "cx") - (a + b) / 2.0).abs() < 0.05,
                "{name}: {what} is not at its date"
            );
        }
        let leader = path_points(
            child(g, "leader")
                .expect("a leader")
                .attribute("d")
                .expect("d"),
        );
        for (text, r) in &inside {
            assert!(
                !crosses(leader[0], leader[1], r),
                "{name}: the leader of {what} runs through the label {text:?} of its box"
            );
        }
        leaders.push((what.clone(), (leader[0], leader[1])));
        for (_, r) in text_boxes(child(g, "label").expect("a label")) {
            labels.push((what.clone(), r));
        }
    }
    assert_eq!(
        events,
        cb.turning_points.len(),
        "{name}: every turning point is drawn"
    );
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            if a != b {
                assert!(!ra.overlaps(rb), "{name}: labels {a} and {b} overlap");
            }
        }
        for (b, rb) in &frames {
            assert!(!ra.overlaps(rb), "{name}: label {a} overlaps `{b}`");
        }
        for (b, (p, q)) in &leaders {
            if a != b {
                assert!(
                    !crosses(*p, *q, ra),
                    "{name}: the leader of {b} crosses label {a}"
                );
            }
        }
    }
}

// ----- SVG tests -----

#[test]
fn every_structure_of_every_codebook_draws_cleanly() {
    let mut drawn = 0;
    for (name, c) in all_codebooks() {
        for (i, s) in c.codebook.structures.iter().enumerate() {
            for counts in [false, true] {
                let label = format!(
                    "{name}/{}{}",
                    s.id.id,
                    if counts { " --counts" } else { "" }
                );
                let svg = figure::svg(&c, &structure_options(&s.id.id, counts))
                    .unwrap_or_else(|d| panic!("{label}: {d:?}"));
                drawn += check_structure_svg(&label, &svg, &c, &[i]);
            }
        }
        // Without `--structure`: all of them, one below the other.
        if !c.codebook.structures.is_empty() {
            let svg = figure::svg(&c, &Options::default()).expect("all structures");
            let all: Vec<usize> = (0..c.codebook.structures.len()).collect();
            check_structure_svg(&format!("{name}/all"), &svg, &c, &all);
        }
    }
    assert!(drawn > 100, "boxes were drawn and checked");
}

/// Each box's level and x, of one structure or (`None`) of all.
fn box_xs(doc: &roxmltree::Document, structure: Option<&str>) -> Vec<(usize, f64)> {
    doc.descendants()
        .filter(|n| {
            class_is(n, "box") && structure.is_none_or(|s| n.attribute("data-structure") == Some(s))
        })
        .map(|g| {
            let level = g
                .attribute("data-level")
                .and_then(|l| l.parse().ok())
                .expect("level");
            (level, rect_of(child(g, "frame").expect("frame")).x)
        })
        .collect()
}

/// The x of each level's boxes (every box of a level stands in one column).
fn level_columns(svg: &str, structure: &str) -> Vec<f64> {
    let doc = roxmltree::Document::parse(svg).expect("xml");
    let mut xs = box_xs(&doc, Some(structure));
    xs.sort_by_key(|a| a.0);
    xs.dedup_by(|a, b| a.0 == b.0);
    xs.into_iter().map(|(_, x)| x).collect()
}

/// A structure whose table prints the highest level first (`level order: highest first`) is
/// drawn so too, the highest level on the left; one beside it in the same figure keeps the
/// lowest on the left, and the connectors of each join their boxes (checked by
/// `check_structure_svg`).
#[test]
fn a_figure_follows_the_structures_level_order() {
    let text = "structure high \"High\" {\n  level order: highest first\n  \
                dimension d \"D\" {\n    theme t \"T\" {\n      concept a \"A\"\n      \
                concept b \"B\"\n    }\n  }\n}\n\
                structure low \"Low\" {\n  dimension e \"E\" {\n    theme u \"U\" {\n      \
                concept c \"C\"\n      concept f \"F\"\n    }\n  }\n}\n";
    let c = compile("orders", text);
    let all = figure::svg(&c, &Options::default()).expect("both");
    check_structure_svg("orders/all", &all, &c, &[0, 1]);
    let high = level_columns(&all, "high");
    let low = level_columns(&all, "low");
    assert_eq!(high.len(), 3);
    assert!(
        high[0] > high[1] && high[1] > high[2],
        "highest first: the dimension left of the theme, the theme left of the concepts: {high:?}"
    );
    assert!(
        low[0] < low[1] && low[1] < low[2],
        "lowest first: the concepts on the left: {low:?}"
    );
    let one = figure::svg(&c, &structure_options("high", true)).expect("high");
    check_structure_svg("orders/high", &one, &c, &[0]);
    let xs = level_columns(&one, "high");
    assert!(xs[0] > xs[2], "{xs:?}");
    // A published structure printed highest first.
    let aasen = read(&common::root().join("schemas/aasen-2022-hospital-at-home.codebook"));
    let id = aasen.codebook.structures[0].id.id.to_string();
    let svg = figure::svg(&aasen, &structure_options(&id, false)).expect("aasen");
    let xs = level_columns(&svg, &id);
    assert!(xs.windows(2).all(|w| w[0] > w[1]), "aasen: {xs:?}");
}

#[test]
fn forty_concepts_and_five_levels_fit() {
    let c = compile("forty", &forty_concepts());
    let svg = figure::svg(&c, &structure_options("big", true)).expect("forty");
    assert_eq!(check_structure_svg("forty", &svg, &c, &[0]), 40 + 12 + 4);
    let c = compile("five", &five_levels());
    let svg = figure::svg(&c, &structure_options("deep", false)).expect("five");
    assert_eq!(
        check_structure_svg("five", &svg, &c, &[0]),
        2 * (1 + 2 + 4 + 8 + 16)
    );
    // Five columns, left to right by level, each with its heading.
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let headings = doc.descendants().filter(|n| class_is(n, "heading")).count();
    assert_eq!(headings, 5);
    let mut xs = box_xs(&doc, None);
    xs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for w in xs.windows(2) {
        if w[0].0 == w[1].0 {
            assert_eq!(w[0].1, w[1].1, "one column per level");
        } else {
            assert!(w[0].1 < w[1].1, "higher levels further right");
        }
    }
}

#[test]
fn every_timeline_draws_at_its_dates() {
    let mut drawn = 0;
    for (name, c) in all_codebooks() {
        if !has_timeline(&c) {
            assert!(
                figure::svg(&c, &TIMELINE).is_err(),
                "{name}: no timeline to draw"
            );
            continue;
        }
        let svg = figure::svg(&c, &TIMELINE).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        if c.codebook.phases.iter().all(|p| p.range.is_none()) {
            check_ordinal_timeline_svg(&format!("{name}/timeline"), &svg, &c);
        } else {
            check_timeline_svg(&format!("{name}/timeline"), &svg, &c);
        }
        drawn += 1;
    }
    assert!(
        drawn >= 3,
        "the reference study, the tutorial and the special file"
    );
}

#[test]
fn crowded_timelines_keep_labels_apart() {
    // Turning points a month apart, a phase too short for its label, overlapping periods.
    let source = r#"
phase a "Phase A" 2010 .. 2010-01
phase b "The long second phase" 2010-02 .. 2015
turning point t1 "First event with a long label" 2011-03
turning point t2 "Second event, right after" 2011-04
turning point t3 "Third" 2011-05
turning point t4 "A later event" 2014-12
period r1 "Retrospective interviews" 2010 .. 2013
period r2 "Documents" 2012 .. 2014
period r3 "Follow-up" 2015-06
"#;
    let c = compile("crowded", source);
    let svg = figure::svg(&c, &TIMELINE).expect("a timeline");
    check_timeline_svg("crowded", &svg, &c);
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    assert!(
        doc.descendants().any(|n| class_is(&n, "phase-label")),
        "the one-month phase's label is set outside"
    );
}

#[test]
fn retrospective_and_follow_up_periods_stretch_the_axis() {
    // Interviews in 2023 about phases of 2018-2021, documents from before the first phase:
    // valid, and the axis runs from the earliest period to the latest.
    let source = r#"
phase start "Start" 2018 .. 2019
phase scale "Scaling up" 2020 .. 2021
period archive "Archival documents" 2016 .. 2017
period follow_up "Follow-up interviews" 2023
"#;
    let c = compile("follow-up", source);
    let svg = figure::svg(&c, &TIMELINE).expect("a timeline");
    check_timeline_svg("follow-up", &svg, &c);
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let years: Vec<i64> = doc
        .descendants()
        .filter(|n| class_is(n, "tick"))
        .filter_map(|t| t.attribute("data-year")?.parse().ok())
        .collect();
    assert!(
        years.contains(&2016) && years.iter().max().is_some_and(|y| *y >= 2023),
        "the axis reaches the periods: {years:?}"
    );
}

#[test]
fn a_turning_point_never_runs_through_a_phase_label() {
    // A long label centred in its phase would lie across the turning point in the middle of
    // it; the label goes beside the pole instead, in the larger stretch of its box. A pole
    // that leaves no stretch wide enough sets the label outside, as a flag.
    let source = r#"
phase one "Phase I: building the network of hospitals, insurers and physicians" 2012 .. 2016-06
turning point funding "National funding granted" 2014-06
phase two "Phase II: the consortium" 2016-07 .. 2019
turning point consensus "Consensus on continuation" 2017-06
turning point split "Split" 2018-06
"#;
    let c = compile("poles", source);
    let svg = figure::svg(&c, &TIMELINE).expect("a timeline");
    check_timeline_svg("poles", &svg, &c);
}

#[test]
fn special_characters_are_escaped() {
    let c = compile("special", SPECIAL);
    for o in [structure_options("odd", true), TIMELINE, Options::default()] {
        let svg = figure::svg(&c, &o).expect("svg");
        let doc = parse("special", &svg);
        let texts: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("tspan"))
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        for s in [
            "&", "<", ">", "\"", "'", "\\", "{", "$", "#", "^", "_", "~", "[", "“", "—", "ß",
        ] {
            assert!(
                texts.contains(s) || o.kind == Kind::Timeline,
                "{s} is drawn: {texts}"
            );
        }
    }
    let svg = figure::svg(&c, &structure_options("odd", false)).expect("svg");
    assert!(svg.contains("It&apos;s &quot;quoted&quot; &amp; &lt;tagged&gt;"));
    // Declared colours outline the box; undeclared ones are grey.
    assert!(svg.contains("stroke=\"#E15759\""));
    assert!(svg.contains("stroke=\"#4E79A7\""));
}

#[test]
fn output_is_deterministic() {
    let c = reference();
    let options = [
        structure_options("modes", true),
        structure_options("practices", false),
        TIMELINE,
        Options::default(),
    ];
    for o in options {
        assert_eq!(figure::svg(&c, &o), figure::svg(&reference(), &o));
        assert_eq!(
            figure::tikz(&c, &o, true),
            figure::tikz(&reference(), &o, true)
        );
    }
    // And across processes (hash maps are seeded per process).
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(["build", REFERENCE, "--to", "svg", "--figure", "timeline"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the binary runs")
            .stdout
    };
    let first = run();
    assert!(!first.is_empty());
    assert_eq!(first, run());
}

#[test]
fn reference_study_snapshots() {
    let c = reference();
    let svg = |o: Options| figure::svg(&c, &o).expect("svg");
    insta::assert_snapshot!("modes_svg", svg(structure_options("modes", true)));
    insta::assert_snapshot!("practices_svg", svg(structure_options("practices", true)));
    insta::assert_snapshot!("timeline_svg", svg(TIMELINE));
}

#[test]
fn unknown_or_missing_figures_are_diagnostics() {
    let c = reference();
    let d = figure::svg(&c, &structure_options("mode", false)).expect_err("no such structure");
    assert_eq!(d[0].code.name(), "unknown_table");
    let help = format!("{:?}", d[0]);
    assert!(
        help.contains("modes") && help.contains("practices"),
        "{help}"
    );
    let two = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/two-level.codebook"));
    let d = figure::svg(&two, &TIMELINE).expect_err("no timeline");
    assert!(d[0].message.contains("no phase"), "{}", d[0].message);
    let empty = compile("empty", "study \"Nothing\" { year: 2020 }\n");
    assert!(figure::svg(&empty, &Options::default()).is_err());
    // TikZ refuses what pdflatex cannot typeset, naming the label.
    let emoji = compile(
        "emoji",
        "structure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T 🎉\" {\n      concept a \"A\"\n      concept b \"B\"\n    }\n    theme u \"U\" {\n      concept x \"X\"\n      concept y \"Y\"\n    }\n  }\n}\n",
    );
    let d = figure::tikz(&emoji, &Options::default(), false).expect_err("an emoji");
    assert_eq!(d[0].code.name(), "untypesettable_character");
    assert!(d[0].message.contains("`t`"), "{}", d[0].message);
    assert!(
        figure::svg(&emoji, &Options::default()).is_ok(),
        "SVG keeps every character"
    );
}

#[test]
fn the_command_line_draws_figures() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_codebook"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("the binary runs")
    };
    let o = run(&[
        "build",
        REFERENCE,
        "--to",
        "svg",
        "--figure",
        "structure",
        "--structure",
        "modes",
        "--counts",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = String::from_utf8_lossy(&o.stdout);
    assert!(
        svg.contains("data-code=\"transparency\"") && !svg.contains("data-code=\"mitigation\"")
    );
    assert!(svg.contains("class=\"badge\""));
    let o = run(&["build", REFERENCE, "--to", "tikz", "--figure", "timeline"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\\begin{tikzpicture}"));
    let o = run(&["build", REFERENCE, "--to", "svg", "--structure", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no structure called `nope`"));
    let o = run(&["build", REFERENCE, "--to", "svg", "--figure", "pie"]);
    assert_eq!(o.status.code(), Some(2));
}

// ----- TikZ through pdflatex -----

fn require(tool: &str, arg: &str) {
    match Command::new(tool).arg(arg).output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "`{tool} {arg}` failed ({}): the figure tests need it; {INSTALL}",
            o.status
        ),
        Err(e) => panic!("`{tool}` cannot be run ({e}): the figure tests need it; {INSTALL}"),
    }
}

fn require_tikz() {
    require("pdflatex", "-version");
    require("pdftotext", "-v");
    let o = Command::new("kpsewhich")
        .args(["tikz.sty", "t1phv.fd", "geometry.sty"])
        .output()
        .unwrap_or_else(|e| panic!("`kpsewhich` cannot be run ({e}); {INSTALL}"));
    let found = String::from_utf8_lossy(&o.stdout).lines().count();
    assert_eq!(
        found, 3,
        "tikz.sty (texlive-pictures), t1phv.fd (texlive-fonts-recommended) and geometry.sty \
         (texlive-latex-recommended) must all be installed; {INSTALL}"
    );
}

/// Compile `main.tex` (and `extra` files) with pdflatex; the text pdftotext reads back.
fn pdflatex(name: &str, main: &str, extra: &[(&str, &str)]) -> String {
    pdflatex_pages(name, main, extra, 1)
}

/// Compile as [`pdflatex`] does, into a PDF of `expected` pages.
fn pdflatex_pages(name: &str, main: &str, extra: &[(&str, &str)], expected: usize) -> String {
    let dir = temp_dir(name);
    std::fs::write(dir.join("main.tex"), main).expect("write main.tex");
    for (file, text) in extra {
        std::fs::write(dir.join(file), text).expect("write an input file");
    }
    let (ok, log) = common::pdflatex_main(&dir);
    if !ok {
        let errors: Vec<&str> = log
            .lines()
            .skip_while(|l| !l.starts_with('!'))
            .take(20)
            .collect();
        panic!(
            "{name}: pdflatex failed; see {}\n{}",
            dir.display(),
            errors.join("\n")
        );
    }
    assert!(
        !log.contains("Missing character"),
        "{name}: a character is missing from the font"
    );
    assert!(
        !log.contains("Overfull"),
        "{name}: something overflows the page"
    );
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "main.pdf", "-"])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    assert!(text.status.success(), "{name}: pdftotext failed");
    let pages = Command::new("pdfinfo")
        .arg("main.pdf")
        .current_dir(&dir)
        .output();
    if let Ok(p) = pages {
        let info = String::from_utf8_lossy(&p.stdout);
        assert!(
            info.lines()
                .any(|l| l.split_whitespace().eq(["Pages:", &expected.to_string()])),
            "{name}: {expected} pages\n{info}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// Every word of `label` is in the PDF's text (pdftotext splits lines, not words).
fn assert_reads_back(name: &str, text: &str, label: &str) {
    let squashed: String = text.split_whitespace().collect();
    let want: String = label.split_whitespace().collect();
    // pdftotext gives typographic forms of what LaTeX ligatures make; compare letters only.
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    assert!(
        letters(&squashed).contains(&letters(&want)),
        "{name}: {label:?} is not in the PDF:\n{text}"
    );
}

#[test]
fn every_tikz_figure_compiles_with_pdflatex() {
    require_tikz();
    let mut jobs: Vec<(String, String, Vec<String>)> = Vec::new();
    for (name, c) in all_codebooks() {
        for s in &c.codebook.structures {
            let tex = figure::tikz(&c, &structure_options(&s.id.id, true), true)
                .unwrap_or_else(|d| panic!("{name}/{}: {d:?}", s.id.id));
            let labels = c
                .codebook
                .codes
                .iter()
                .filter(|k| c.codebook[k.structure].id.id == s.id.id)
                .map(|k| k.label.text.clone())
                .collect();
            jobs.push((format!("{name}-{}", s.id.id), tex, labels));
        }
        if has_timeline(&c) {
            let tex = figure::tikz(&c, &TIMELINE, true).expect("a timeline");
            let labels = c
                .codebook
                .phases
                .iter()
                .map(|p| p.label.text.clone())
                .chain(
                    c.codebook
                        .turning_points
                        .iter()
                        .map(|t| t.label.text.clone()),
                )
                .chain(c.codebook.periods.iter().map(|p| p.label.text.clone()))
                .collect();
            jobs.push((format!("{name}-timeline"), tex, labels));
        }
    }
    assert!(jobs.len() >= 10);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(name, tex, labels)| {
                scope.spawn(move || {
                    // A structure too tall for a page is drawn in parts, a page each.
                    let pages = bounding_boxes(tex).len();
                    let text = pdflatex_pages(name, tex, &[], pages);
                    for l in labels {
                        assert_reads_back(name, &text, l);
                    }
                })
            })
            .collect();
        for h in handles {
            if let Err(e) = h.join() {
                std::panic::resume_unwind(e);
            }
        }
    });
}

#[test]
fn a_tikz_fragment_compiles_with_the_packages_it_names() {
    require_tikz();
    let c = compile("special", SPECIAL);
    for (file, o) in [("structure", Options::default()), ("timeline", TIMELINE)] {
        let fragment = figure::tikz(&c, &o, false).expect("a fragment");
        let preamble: Vec<&str> = fragment
            .lines()
            .take_while(|l| l.starts_with('%'))
            .filter_map(|l| {
                l.trim_start_matches('%')
                    .trim()
                    .strip_prefix("\\usepackage")
                    .map(|_| l)
            })
            .map(|l| l.trim_start_matches('%').trim())
            .collect();
        assert!(preamble.contains(&"\\usepackage{tikz}"), "{preamble:?}");
        assert!(!fragment.contains("\\documentclass"));
        let main = format!(
            "\\documentclass{{article}}\n{}\n\\begin{{document}}\n\\begin{{figure}}\\centering\n\\resizebox{{\\linewidth}}{{!}}{{\\input{{{file}.tex}}}}\n\\caption{{A picture}}\\end{{figure}}\n\\end{{document}}\n",
            preamble.join("\n")
        );
        let text = pdflatex(
            &format!("fragment-{file}"),
            &main,
            &[(&format!("{file}.tex"), &fragment)],
        );
        assert!(text.contains("A picture"), "{text}");
    }
}

/// A structure of `dimensions` × 6 themes × 10 concepts.
fn wide_structure(dimensions: usize) -> String {
    let mut s = String::from(
        "levels concept \"First order concepts\" -> theme \"Second order themes\" -> dimension \"Aggregate dimensions\"\nallow: concept_without_quote\nstructure big \"Big\" {\n",
    );
    let mut k = 0;
    for d in 0..dimensions {
        s.push_str(&format!("  dimension d{d} \"Dimension {d}\" {{\n"));
        for t in 0..6 {
            s.push_str(&format!("    theme t{d}_{t} \"Theme {d}.{t}\" {{\n"));
            for _ in 0..10 {
                s.push_str(&format!("      concept c{k} \"Concept number {k}\"\n"));
                k += 1;
            }
            s.push_str("    }\n");
        }
        s.push_str("  }\n");
    }
    s.push_str("}\n");
    s
}

/// The width and height a TikZ picture declares (`\useasboundingbox`).
fn bounding_box(tex: &str) -> (f64, f64) {
    let line = tex
        .lines()
        .find(|l| l.starts_with("\\useasboundingbox"))
        .expect("a bounding box");
    let corner = line
        .rsplit('(')
        .next()
        .and_then(|c| c.split(')').next())
        .expect("a corner");
    let (w, h) = corner.split_once(',').expect("x,y");
    (w.parse().expect("a width"), h.parse().expect("a height"))
}

/// TeX measures nothing beyond 16,383.99 pt: a phase label of
/// 3,000 characters (with and without spaces) and phases in the years 1000 and 9998 all give
/// pictures within it, which pdflatex compiles (each failed with "Dimension too large", or
/// would at a little more, while `build` exited 0). A structure of 720 concepts, which failed
/// too, is split into parts: `large_structures_are_split_into_legible_parts`.
#[test]
fn huge_figures_stay_within_what_tex_can_measure() {
    require_tikz();
    let words: String = (0..600).map(|i| format!("word{i} ")).collect();
    let long_label = format!(
        "phase p1 \"{}\" 2020\nphase p2 \"Two\" 2021\n",
        words.trim_end()
    );
    let long_word = format!(
        "phase p1 \"{}\" 2020\nphase p2 \"Two\" 2021\n",
        "x".repeat(3000)
    );
    let years = "phase p1 \"Early\" 1000\nphase p2 \"Late\" 9998\nturning point t \"Turn\" 5000\nperiod d \"Data\" 9990 .. 9998\n";
    let cases = [
        ("long-label", long_label, TIMELINE),
        ("long-word", long_word, TIMELINE),
        ("years-1000-9998", years.to_string(), TIMELINE),
    ];
    std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(name, source, o)| {
                scope.spawn(move || {
                    let c = compile(name, source);
                    if o.kind == Kind::Timeline {
                        let svg = figure::svg(&c, o).expect("a timeline");
                        check_timeline_svg(name, &svg, &c);
                    }
                    let tex = figure::tikz(&c, o, true).expect("a picture");
                    let (w, h) = bounding_box(&tex);
                    assert!(w <= 8_000.0 && h <= 8_000.0, "{name}: {w} x {h} pt");
                    let text = pdflatex(name, &tex, &[]);
                    let first = c
                        .codebook
                        .codes
                        .first()
                        .map(|k| k.label.text.clone())
                        .or_else(|| c.codebook.phases.first().map(|p| p.label.text.clone()))
                        .expect("a label");
                    assert_reads_back(name, &text, &first);
                })
            })
            .collect();
        for h in handles {
            if let Err(e) = h.join() {
                std::panic::resume_unwind(e);
            }
        }
    });
}

/// Every picture of a TikZ output: its width and height.
fn bounding_boxes(tex: &str) -> Vec<(f64, f64)> {
    tex.lines()
        .filter(|l| l.starts_with("\\useasboundingbox"))
        .map(bounding_box)
        .collect()
}

/// Structures of increasing size (synthetic codebooks of 200 to 20,000 quotes, 5 to 10
/// structures of 10 to 1,000 concepts in all, and one structure of 720 concepts) print
/// legibly: scaled to a 16 cm text width (455 pt), every part's 9 pt labels are at least 7 pt
/// and the part is at most 650 pt tall, a page with its caption. Each compiles, a page per
/// part, and every label reads back.
#[test]
fn large_structures_are_split_into_legible_parts() {
    require_tikz();
    let mut cases: Vec<(String, String)> = [200usize, 2_000, 20_000]
        .iter()
        .map(|n| {
            (
                format!("synthetic-{n}"),
                codebook::synth::generate(codebook::synth::Spec {
                    quotes: *n,
                    seed: 1,
                }),
            )
        })
        .collect();
    cases.push(("720-concepts".into(), wide_structure(12)));
    let mut most_parts = 0;
    for (name, source) in &cases {
        let c = compile(name, source);
        let tex = figure::tikz(&c, &Options::default(), true).expect("a picture");
        let boxes = bounding_boxes(&tex);
        assert!(!boxes.is_empty());
        for (w, h) in &boxes {
            let scale = (455.0 / w).min(1.0);
            assert!(
                9.0 * scale >= 7.0 - 1e-9,
                "{name}: a part {w} pt wide prints its labels at {} pt",
                9.0 * scale
            );
            assert!(
                h * scale <= 650.0,
                "{name}: a part {h} pt tall is {} pt in print",
                h * scale
            );
        }
        most_parts = most_parts.max(boxes.len());
        let text = pdflatex_pages(name, &tex, &[], boxes.len());
        for k in c.codebook.codes.iter().filter(|k| k.level.rank() == 0) {
            assert_reads_back(name, &text, &k.label.text);
        }
        // The fragment: a figure per part, in a document with the packages it names.
        let fragment = figure::tikz(&c, &Options::default(), false).expect("a fragment");
        if boxes.len() > 1 {
            assert_eq!(fragment.matches("\\begin{figure}").count(), boxes.len());
            assert_eq!(fragment.matches("(continued)}").count(), boxes.len() - 1);
        }
    }
    assert!(
        most_parts >= 30,
        "the largest structure is split: {most_parts} parts"
    );
}
