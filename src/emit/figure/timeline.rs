//! The timeline figure (the reference study's Fig. 1): phases as a band on a time axis at
//! their real dates, turning points as marked events with their labels, the data-collection
//! periods as a second band below the axis.
//!
//! Layout rules:
//!
//! - Time: the axis runs from 1 January of the earliest year any phase, turning point or period
//!   touches to 31 December of the latest, linear in days. A date stands for all of its days:
//!   `2016-06` runs from 1 to 30 June, a range from the first day of its start to the last of
//!   its end. A year is `640 / years` points wide, between 48 and 140, and widened (up to 200)
//!   until every phase and period is wider than its longest word.
//! - Axis: a line with a tick at each 1 January and the year's number centred under its span.
//!   An axis longer than `MAX_AXIS` (a study of more than 100 years) is squeezed to it, and
//!   only every 2nd, 5th, 10th, 20th, ... year gets a tick and a label (the first and last
//!   ticks stay), so labels keep 48 points apart.
//! - Phases: boxes on one band above the axis, labels wrapped inside, in the stretch of the box
//!   between turning points' poles that holds the label in the fewest lines, so that no pole
//!   runs through a label. Periods: rounded boxes below the axis, labels inside; periods that
//!   share time go on separate rows.
//! - Turning points: a dot on the axis at the middle of the time they name (mid-June for
//!   `2016-06`), a dashed pole up through the phase band, and the bold label as a flag to the
//!   pole's right, above the band.
//! - Labels that do not fit their box (a phase or period too short for its longest word even
//!   at 200 points a year, or with no stretch between poles that holds it) are flags too, above the phase band or below the periods.
//! - Flags are placed right to left, each on the row nearest the band where neither its label
//!   nor its pole meets another flag; no label ever covers a pole.
//! - Row headings "Phases" and "Data collection" on the left.
//! - Undated phases (`phase p1 "Phase 1"`, a file's phases are dated all or none): an ordinal
//!   axis instead, no years invented. The phases stand side by side in the order they are
//!   written, boxes of one width (the widest word's, at least `CALLOUT_WIDTH`), each numbered
//!   under the axis, which ends in an arrow. Periods and turning points have no place on it
//!   and are not drawn.

use super::layout::{
    Anchor, Figure, Item, MARGIN, Rect, Rgb, Stroke, Tag, TextLine, baseline, centred_lines,
};
use super::metrics::{Font, text_width, widest_word, wrap};
use crate::Compiled;
use crate::model::{Codebook, DateRange};

const LABEL: Font = Font::regular(9.0);
const EVENT: Font = Font::bold(9.0);
const HEADING: Font = Font::bold(9.0);
const YEAR: Font = Font::regular(8.0);

const PAD_X: f64 = 5.0;
/// The widest a year is drawn, to make room for a label.
const MAX_PER_YEAR: f64 = 200.0;
const PAD_Y: f64 = 5.0;
const MIN_BAND: f64 = 24.0;
const CALLOUT_WIDTH: f64 = 120.0;
/// The widest a flag's label is set: a longer word is broken.
const MAX_CALLOUT_WIDTH: f64 = 260.0;
/// The longest the time axis is drawn: a study spanning more than 100 years gets fewer points
/// per year (its short phases become flags) and a year label every few years, so the picture
/// stays within what TeX can measure (16,383.99 pt).
const MAX_AXIS: f64 = 4800.0;
/// Year labels are at least this far apart: every year's up to `MAX_AXIS`, then every 2nd,
/// 5th, 10th, ... year's.
const YEAR_STEP_WIDTH: f64 = 48.0;
const CALLOUT_GAP: f64 = 8.0;
/// Between a flag's pole and its label.
const FLAG_OFFSET: f64 = 4.0;
const ROW_GAP: f64 = 6.0;
const LEADER_CLEARANCE: f64 = 3.0;
const HEADING_GAP: f64 = 12.0;
const AXIS_GAP: f64 = 6.0;
const TICK: f64 = 4.0;
const PERIOD_ROW_GAP: f64 = 4.0;
const PHASE_FILLS: [Rgb; 2] = [Rgb(0xE2, 0xE2, 0xE2), Rgb(0xC6, 0xC6, 0xC6)];
const PERIOD_FILL: Rgb = Rgb(0xF4, 0xF4, 0xF4);

/// Days since 1970-01-01 of a day of the proleptic Gregorian calendar.
fn days(y: u32, m: u32, d: u32) -> i64 {
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first day of a range, and the day after its last.
fn span(r: &DateRange) -> (i64, i64) {
    let (a, b, c) = r.start.first_day();
    let (x, y, z) = r.end.last_day();
    let start = days(a, b, c);
    (start, days(x, y, z).max(start) + 1)
}

fn iso_day((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A label set outside its box, with the x its leader points at.
struct Callout {
    tag: Tag,
    lines: Vec<String>,
    font: Font,
    anchor_x: f64,
    width: f64,
    /// The line from the label to what it names: ends at this y (filled in later).
    leader: Leader,
}

#[derive(Clone, Copy, PartialEq)]
enum Leader {
    /// A turning point: dashed to the axis, with a dot there.
    Event,
    /// A phase or period label: a thin line to its box.
    Label,
}

/// The callouts' indices, right to left by where they point (the later one first on a tie).
fn right_to_left(callouts: &[Callout]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..callouts.len()).collect();
    order.sort_by(|a, b| {
        callouts[*b]
            .anchor_x
            .total_cmp(&callouts[*a].anchor_x)
            .then(b.cmp(a))
    });
    order
}

/// Place callouts as flags: a label starts `FLAG_OFFSET` right of its leader (the pole), which
/// runs past the label's side to the label's top. Callouts are placed right to left, each on
/// the lowest row where its flag meets neither a flag of that row nor the pole of a flag
/// further out. A label lies right of its own pole, so it never covers the pole of a callout
/// placed later (further left), and a row always exists: a new outermost one. Returns each
/// callout's row and the x its label starts at.
fn assign_rows(callouts: &[Callout]) -> Vec<(usize, f64)> {
    /// Rows from `bottom` up to the next run's bottom (or the highest row), whose leftmost
    /// intervals start at `start`.
    struct Run {
        bottom: usize,
        start: f64,
    }

    let order = right_to_left(callouts);
    // Per row, where the leftmost interval taken in it starts (flags of the row, poles of
    // flags further out). Callouts come right to left, so every interval taken so far starts
    // at or right of the new flag's start, and ends right of it: the flag fits a row exactly
    // when it ends before the row's leftmost start. Placing a flag on a row (and its pole on
    // every row below) makes the flag's start the leftmost of all those rows, so the starts
    // rise from the lowest row up, and the lowest row that fits is found by binary search
    // (each interval compared, for each callout, made hundreds of phases take seconds).
    //
    // As the flags' starts fall from callout to callout, placing a flag sets the rows from
    // the lowest to its own to one start, the smallest yet: the rows are kept as runs of rows
    // that share a start, the highest run first, so that placing a flag pops the runs it
    // covers off the end (a row each, rewritten for every label of a pile, was quadratic).
    let mut runs: Vec<Run> = Vec::new();
    let mut rows = 0;
    let mut out = vec![(0, 0.0); callouts.len()];
    for i in order {
        let c = &callouts[i];
        let x = c.anchor_x + FLAG_OFFSET;
        let flag = (c.anchor_x - LEADER_CLEARANCE, x + c.width + CALLOUT_GAP);
        // The runs whose start is before the flag's end (the lowest rows) come last; the flag
        // goes on the lowest row above them, a new one when they are every row.
        let blocked = runs.partition_point(|r| r.start >= flag.1);
        let row = match blocked.checked_sub(1) {
            _ if blocked == runs.len() => 0,
            None => rows,
            Some(j) => runs.get(j).map_or(rows, |r| r.bottom),
        };
        if row == rows {
            rows += 1;
        }
        // Rows 0 to `row` now start at the flag: drop the runs they cover, shorten the next.
        while let Some(last) = runs.len().checked_sub(1) {
            let top = last
                .checked_sub(1)
                .and_then(|j| runs.get(j))
                .map_or(rows, |r| r.bottom);
            if top <= row + 1 {
                runs.pop();
            } else {
                if let Some(r) = runs.get_mut(last) {
                    r.bottom = row + 1;
                }
                break;
            }
        }
        runs.push(Run {
            bottom: 0,
            start: flag.0,
        });
        out[i] = (row, x);
    }
    out
}

/// Lay out the timeline. `None` when the codebook has no phase, turning point or period.
pub fn layout(c: &Compiled) -> Option<Figure> {
    let cb = &c.codebook;
    if cb.phases.iter().any(|p| p.range.is_none()) {
        return Some(ordinal(c));
    }
    // Every phase is dated here (a file's phases are dated all or none).
    let dated: Vec<(&crate::model::Phase, DateRange)> = cb
        .phases
        .iter()
        .filter_map(|p| Some((p, p.range?)))
        .collect();
    let years = |r: &DateRange| (r.start.year, r.end.year.max(r.start.year));
    let year_ranges: Vec<(u32, u32)> = dated
        .iter()
        .map(|(_, r)| years(r))
        .chain(cb.periods.iter().map(|p| years(&p.range)))
        .chain(
            cb.turning_points
                .iter()
                .filter_map(|t| t.when.as_ref())
                .map(years),
        )
        .collect();
    let first_year = year_ranges.iter().map(|r| r.0).min()?;
    let last_year = year_ranges.iter().map(|r| r.1).max()?;
    let n_years = (last_year - first_year + 1).max(1);
    let d0 = days(first_year, 1, 1);
    let d1 = days(last_year + 1, 1, 1);
    let total_days = (d1 - d0).max(1) as f64;

    // Scale: points per year, widened so boxes hold their longest word.
    let mut per_year = (640.0 / f64::from(n_years)).clamp(48.0, 140.0);
    let year_days = total_days / f64::from(n_years);
    let needs = dated
        .iter()
        .map(|(p, r)| (span(r), &p.label.text))
        .chain(cb.periods.iter().map(|p| (span(&p.range), &p.label.text)));
    for ((a, b), label) in needs {
        let span_years = (b - a) as f64 / year_days;
        let need = (widest_word(label, LABEL) + 2.0 * PAD_X) / span_years;
        // A box too short to hold its label even then has the label set outside instead.
        if need <= MAX_PER_YEAR {
            per_year = per_year.max(need);
        }
    }
    per_year = per_year.min(MAX_AXIS / f64::from(n_years));
    let year_step = year_step(per_year);
    let axis_width = (per_year * f64::from(n_years)).ceil();

    // Left column of row headings.
    let phase_heading = "Phases";
    let period_heading = "Data collection";
    let mut heading_width = text_width(phase_heading, HEADING);
    if !cb.periods.is_empty() {
        heading_width = heading_width.max(text_width(period_heading, HEADING));
    }
    let x0 = MARGIN + heading_width.ceil() + HEADING_GAP;
    let x_of = |day: i64| x0 + (day - d0) as f64 / total_days * axis_width;
    let right = x0 + axis_width;

    // Where the turning points' poles cross the phase band: a phase's label keeps clear of them.
    let poles: Vec<f64> = cb
        .turning_points
        .iter()
        .filter_map(|t| t.when.as_ref())
        .map(|when| {
            let (a, b) = span(when);
            x_of(a) + (x_of(b) - x_of(a)) / 2.0
        })
        .collect();
    // Phases: which labels fit inside.
    let lh = LABEL.line_height();
    struct Bar {
        tag: Tag,
        rect_x: (f64, f64),
        label: String,
        /// The label's lines and the x they are centred on.
        lines: Option<(Vec<String>, f64)>,
    }
    let bar = |tag: Tag, r: &DateRange, label: &str, poles: &[f64]| {
        let (a, b) = span(r);
        let (xa, xb) = (x_of(a), x_of(b));
        let (lines, centre) = label_place(label, (xa, xb), poles);
        Bar {
            tag: tag
                .data("start", iso_day(r.start.first_day()))
                .data("end", iso_day(r.end.last_day())),
            rect_x: (xa, xb),
            label: label.to_string(),
            lines: lines.map(|l| (l, centre)),
        }
    };
    let phases: Vec<Bar> = dated
        .iter()
        .map(|(p, r)| {
            bar(
                Tag::class("phase")
                    .id(format!("phase-{}", p.id.id))
                    .data("phase", p.id.id.clone()),
                r,
                &p.label.text,
                &poles,
            )
        })
        .collect();
    let periods: Vec<Bar> = cb
        .periods
        .iter()
        .map(|p| {
            bar(
                Tag::class("period")
                    .id(format!("period-{}", p.id.id))
                    .data("period", p.id.id.clone()),
                &p.range,
                &p.label.text,
                &[],
            )
        })
        .collect();
    let band_height = |bars: &[Bar]| {
        bars.iter()
            .filter_map(|b| b.lines.as_ref())
            .map(|(l, _)| l.len() as f64 * lh + 2.0 * PAD_Y)
            .fold(MIN_BAND, f64::max)
            .ceil()
    };
    let phase_band = band_height(&phases);
    let period_band = band_height(&periods);

    let callout = |tag: Tag, text: &str, font: Font, anchor_x: f64, leader: Leader| {
        let width = CALLOUT_WIDTH
            .max(widest_word(text, font))
            .min(MAX_CALLOUT_WIDTH);
        let lines = wrap(text, font, width);
        let width = lines
            .iter()
            .map(|l| text_width(l, font))
            .fold(0.0, f64::max)
            .ceil();
        Callout {
            tag,
            lines,
            font,
            anchor_x,
            width,
            leader,
        }
    };
    // Callouts above the phase band: turning points, then phase labels that do not fit.
    let mut above: Vec<Callout> = Vec::new();
    for (t, when) in cb
        .turning_points
        .iter()
        .filter_map(|t| Some((t, t.when.as_ref()?)))
    {
        let (a, b) = span(when);
        let x = x_of(a) + (x_of(b) - x_of(a)) / 2.0;
        above.push(callout(
            Tag::class("turning-point")
                .id(format!("turning-point-{}", t.id.id))
                .data("turning-point", t.id.id.clone())
                .data("start", iso_day(when.start.first_day()))
                .data("end", iso_day(when.end.last_day())),
            &t.label.text,
            EVENT,
            x,
            Leader::Event,
        ));
    }
    for b in phases.iter().filter(|b| b.lines.is_none()) {
        let id = b.tag.data.first().map(|d| d.1.clone()).unwrap_or_default();
        above.push(callout(
            Tag::class("phase-label").data("phase", id),
            &b.label,
            LABEL,
            (b.rect_x.0 + b.rect_x.1) / 2.0,
            Leader::Label,
        ));
    }
    let mut below: Vec<Callout> = Vec::new();
    for b in periods.iter().filter(|b| b.lines.is_none()) {
        let id = b.tag.data.first().map(|d| d.1.clone()).unwrap_or_default();
        below.push(callout(
            Tag::class("period-label").data("period", id),
            &b.label,
            LABEL,
            (b.rect_x.0 + b.rect_x.1) / 2.0,
            Leader::Label,
        ));
    }
    let rows_above = assign_rows(&above);
    let rows_below = assign_rows(&below);
    let row_heights = |callouts: &[Callout], rows: &[(usize, f64)]| {
        let n = rows.iter().map(|r| r.0 + 1).max().unwrap_or(0);
        let mut h = vec![0.0f64; n];
        for (c, (row, _)) in callouts.iter().zip(rows) {
            h[*row] = h[*row].max(c.lines.len() as f64 * c.font.line_height());
        }
        h
    };
    let heights_above = row_heights(&above, &rows_above);
    let heights_below = row_heights(&below, &rows_below);

    // Vertical positions, top to bottom.
    let above_total: f64 = heights_above.iter().map(|h| h + ROW_GAP).sum();
    let phase_top = MARGIN + above_total + if above.is_empty() { 0.0 } else { ROW_GAP };
    let axis_y = phase_top + phase_band + AXIS_GAP;
    let year_line_top = axis_y + TICK + 1.0;
    let periods_top = year_line_top + YEAR.line_height() + AXIS_GAP;
    // Period rows: a period goes on the first row whose last period ended before it starts.
    let mut period_rows: Vec<i64> = Vec::new();
    let mut period_row_of = Vec::with_capacity(periods.len());
    let mut by_start: Vec<usize> = (0..cb.periods.len()).collect();
    by_start.sort_by_key(|i| span(&cb.periods[*i].range));
    let mut rows_tmp = vec![0; cb.periods.len()];
    for i in by_start {
        let (a, b) = span(&cb.periods[i].range);
        let row = match period_rows.iter().position(|end| *end <= a) {
            Some(r) => r,
            None => {
                period_rows.push(i64::MIN);
                period_rows.len() - 1
            }
        };
        period_rows[row] = b;
        rows_tmp[i] = row;
    }
    period_row_of.extend(rows_tmp);
    let periods_bottom = if periods.is_empty() {
        year_line_top + YEAR.line_height()
    } else {
        periods_top + period_rows.len() as f64 * (period_band + PERIOD_ROW_GAP) - PERIOD_ROW_GAP
    };
    let below_top = periods_bottom + ROW_GAP;
    let below_total: f64 = heights_below.iter().map(|h| h + ROW_GAP).sum();
    let height = (below_top + below_total + MARGIN - ROW_GAP.min(below_total)).ceil();

    let mut items = Vec::new();
    // Row headings.
    let heading = |text: &str, top: f64, h: f64, class: &'static str| Item::Text {
        tag: Tag::class(class),
        lines: vec![TextLine {
            text: text.to_string(),
            x: MARGIN,
            baseline: baseline(top + (h - HEADING.line_height()) / 2.0, HEADING),
            anchor: Anchor::Start,
            font: HEADING,
            colour: Rgb::BLACK,
        }],
    };
    if !phases.is_empty() {
        items.push(heading(phase_heading, phase_top, phase_band, "row-heading"));
    }
    if !periods.is_empty() {
        items.push(heading(
            period_heading,
            periods_top,
            periods_bottom - periods_top,
            "row-heading",
        ));
    }
    // Phases.
    for (i, b) in phases.iter().enumerate() {
        let rect = Rect {
            x: b.rect_x.0,
            y: phase_top,
            w: b.rect_x.1 - b.rect_x.0,
            h: phase_band,
        };
        items.push(bar_item(
            b.tag.clone(),
            rect,
            PHASE_FILLS[i % 2],
            0.0,
            b.lines.as_ref(),
        ));
    }
    // Periods.
    for (i, b) in periods.iter().enumerate() {
        let row = period_row_of.get(i).copied().unwrap_or(0);
        let rect = Rect {
            x: b.rect_x.0,
            y: periods_top + row as f64 * (period_band + PERIOD_ROW_GAP),
            w: b.rect_x.1 - b.rect_x.0,
            h: period_band,
        };
        items.push(bar_item(
            b.tag.clone(),
            rect,
            PERIOD_FILL,
            6.0,
            b.lines.as_ref(),
        ));
    }
    // Axis, ticks, years.
    items.push(Item::Path {
        tag: Tag::class("axis")
            .data("start", format!("{first_year:04}-01-01"))
            .data("end", format!("{:04}-01-01", last_year + 1)),
        points: vec![(x0, axis_y), (right, axis_y)],
        stroke: Stroke::solid(Rgb::INK, 1.0),
    });
    for y in first_year..=last_year + 1 {
        let ends = y == first_year || y == last_year + 1;
        if year_step > 1 && y % year_step != 0 && !ends {
            continue;
        }
        let x = x_of(days(y, 1, 1));
        items.push(Item::Path {
            tag: Tag::class("tick").data("year", y.to_string()),
            points: vec![(x, axis_y - TICK), (x, axis_y + TICK)],
            stroke: Stroke::solid(Rgb::INK, 0.8),
        });
        if y <= last_year && y % year_step == 0 {
            let mid = (x + x_of(days(y + 1, 1, 1))) / 2.0;
            items.push(Item::Text {
                tag: Tag::class("year").data("year", y.to_string()),
                lines: vec![TextLine {
                    text: y.to_string(),
                    x: mid,
                    baseline: baseline(year_line_top, YEAR),
                    anchor: Anchor::Middle,
                    font: YEAR,
                    colour: Rgb::INK,
                }],
            });
        }
    }
    // Callouts and their leaders.
    let row_tops = |heights: &[f64], start: f64, upwards: bool| {
        let mut tops = Vec::with_capacity(heights.len());
        let mut cur = start;
        for h in heights {
            if upwards {
                cur -= h + ROW_GAP;
                tops.push(cur);
            } else {
                tops.push(cur);
                cur += h + ROW_GAP;
            }
        }
        tops
    };
    let tops_above = row_tops(&heights_above, phase_top, true);
    let tops_below = row_tops(&heights_below, below_top, false);
    let mut marks = Vec::new();
    let mut label_right = right;
    for (callouts, rows, tops, heights, is_above) in [
        (&above, &rows_above, &tops_above, &heights_above, true),
        (&below, &rows_below, &tops_below, &heights_below, false),
    ] {
        for (c, (row, x)) in callouts.iter().zip(rows.iter()) {
            let (Some(top), Some(rh)) = (tops.get(*row), heights.get(*row)) else {
                continue;
            };
            let block = c.lines.len() as f64 * c.font.line_height();
            // Labels above sit on their row's bottom, labels below hang from its top.
            let text_top = if is_above { top + rh - block } else { *top };
            let lines = c
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| TextLine {
                    text: l.clone(),
                    x: *x,
                    baseline: baseline(text_top + i as f64 * c.font.line_height(), c.font),
                    anchor: Anchor::Start,
                    font: c.font,
                    colour: Rgb::BLACK,
                })
                .collect();
            // The pole runs along the label's side, to its far edge.
            let (from, to) = match (is_above, c.leader) {
                (true, Leader::Event) => (text_top, axis_y),
                (true, Leader::Label) => (text_top, phase_top),
                (false, _) => (text_top + block, periods_bottom),
            };
            label_right = label_right.max(x + c.width);
            let stroke = match c.leader {
                Leader::Event => Stroke::dashed(Rgb::INK, 0.9),
                Leader::Label => Stroke::solid(Rgb::GREY, 0.6),
            };
            let tag = c.tag.clone().data("x", super::layout::num(c.anchor_x));
            let mut group = vec![
                Item::Path {
                    tag: Tag::class("leader"),
                    points: vec![(c.anchor_x, from), (c.anchor_x, to)],
                    stroke,
                },
                Item::Text {
                    tag: Tag::class("label"),
                    lines,
                },
            ];
            if c.leader == Leader::Event {
                group.push(Item::Circle {
                    tag: Tag::class("event"),
                    cx: c.anchor_x,
                    cy: axis_y,
                    r: 3.2,
                    fill: Rgb::INK,
                    stroke: Some(Stroke::solid(Rgb::WHITE, 0.8)),
                });
            }
            marks.push(Item::Group { tag, items: group });
        }
    }
    items.extend(marks);

    let width = label_right + MARGIN;
    Some(timeline_figure(
        cb,
        "Timeline of the study",
        width,
        height,
        items,
    ))
}

/// The timeline figure: its caption and label as the file names them (else `title`).
fn timeline_figure(
    cb: &Codebook,
    title: &str,
    width: f64,
    height: f64,
    items: Vec<Item>,
) -> Figure {
    Figure {
        kind: "timeline",
        title: cb.table_caption("timeline").unwrap_or(title).to_string(),
        caption: cb.table_caption("timeline").map(str::to_string),
        label: cb.table_label("timeline").map(str::to_string),
        width: width.ceil(),
        height,
        items,
    }
}

/// The timeline of undated phases: boxes of one width in the order written, on an ordinal
/// axis numbered 1, 2, 3, … (see the module's layout rules).
fn ordinal(c: &Compiled) -> Figure {
    let cb = &c.codebook;
    let heading = "Phases";
    let x0 = MARGIN + text_width(heading, HEADING).ceil() + HEADING_GAP;
    let box_width = cb
        .phases
        .iter()
        .map(|p| widest_word(&p.label.text, LABEL) + 2.0 * PAD_X)
        .fold(CALLOUT_WIDTH, f64::max)
        .min(MAX_CALLOUT_WIDTH)
        .ceil();
    let inner = box_width - 2.0 * PAD_X;
    let labels: Vec<Vec<String>> = cb
        .phases
        .iter()
        .map(|p| wrap(&p.label.text, LABEL, inner))
        .collect();
    let band = labels
        .iter()
        .map(|l| l.len() as f64 * LABEL.line_height() + 2.0 * PAD_Y)
        .fold(MIN_BAND, f64::max)
        .ceil();
    let top = MARGIN;
    let axis_y = top + band + AXIS_GAP;
    let number_top = axis_y + TICK + 1.0;
    let right = x0 + box_width * cb.phases.len() as f64;
    let mut items = vec![Item::Text {
        tag: Tag::class("row-heading"),
        lines: vec![TextLine {
            text: heading.to_string(),
            x: MARGIN,
            baseline: baseline(top + (band - HEADING.line_height()) / 2.0, HEADING),
            anchor: Anchor::Start,
            font: HEADING,
            colour: Rgb::BLACK,
        }],
    }];
    for (i, (p, lines)) in cb.phases.iter().zip(&labels).enumerate() {
        let rect = Rect {
            x: x0 + box_width * i as f64,
            y: top,
            w: box_width,
            h: band,
        };
        let centred = (lines.clone(), rect.cx());
        items.push(bar_item(
            Tag::class("phase")
                .id(format!("phase-{}", p.id.id))
                .data("phase", p.id.id.clone())
                .data("order", (i + 1).to_string()),
            rect,
            PHASE_FILLS[i % 2],
            0.0,
            Some(&centred),
        ));
        items.push(Item::Text {
            tag: Tag::class("ordinal").data("order", (i + 1).to_string()),
            lines: vec![TextLine {
                text: (i + 1).to_string(),
                x: rect.cx(),
                baseline: baseline(number_top, YEAR),
                anchor: Anchor::Middle,
                font: YEAR,
                colour: Rgb::INK,
            }],
        });
        items.push(Item::Path {
            tag: Tag::class("tick"),
            points: vec![(rect.x, axis_y - TICK), (rect.x, axis_y + TICK)],
            stroke: Stroke::solid(Rgb::INK, 0.8),
        });
    }
    // The axis says only "in this order": an arrow, no dates.
    let tip = right + 2.0 * TICK;
    items.push(Item::Path {
        tag: Tag::class("axis").data("order", "ordinal"),
        points: vec![(x0, axis_y), (tip - TICK, axis_y)],
        stroke: Stroke::solid(Rgb::INK, 1.0),
    });
    items.push(Item::Polygon {
        tag: Tag::class("arrow"),
        points: vec![
            (tip, axis_y),
            (tip - 1.5 * TICK, axis_y - TICK),
            (tip - 1.5 * TICK, axis_y + TICK),
        ],
        fill: Rgb::INK,
    });
    let height = (number_top + YEAR.line_height() + MARGIN).ceil();
    timeline_figure(cb, "Phases of the study", tip + MARGIN, height, items)
}

/// Every how many years a tick and a label stand when a year is `per_year` points wide: 1, 2,
/// 5, 10, 20, 50, ... so that labels keep `YEAR_STEP_WIDTH` apart.
fn year_step(per_year: f64) -> u32 {
    let mut base = 1u32;
    loop {
        for m in [1, 2, 5] {
            let step = base * m;
            if f64::from(step) * per_year >= YEAR_STEP_WIDTH - 0.5 || step >= 100_000 {
                return step;
            }
        }
        base *= 10;
    }
}

/// Where a box from `xa` to `xb` sets `label`: the lines it wraps into and the x they are
/// centred on, in the stretch of the box between the poles crossing it (`poles`, turning
/// points) that takes the label in the fewest lines (the widest of those), so that no pole runs
/// through the label; no lines when no stretch holds its longest word (the label is then set
/// outside, as a flag).
fn label_place(label: &str, (xa, xb): (f64, f64), poles: &[f64]) -> (Option<Vec<String>>, f64) {
    let mut edges = vec![xa];
    let mut inside: Vec<f64> = poles
        .iter()
        .copied()
        .filter(|p| *p > xa && *p < xb)
        .collect();
    inside.sort_by(f64::total_cmp);
    edges.extend(inside);
    edges.push(xb);
    let word = widest_word(label, LABEL);
    let mut best: Option<(usize, f64, Vec<String>, f64)> = None;
    for pair in edges.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let inner = b - a - 2.0 * PAD_X;
        if word > inner {
            continue;
        }
        let lines = wrap(label, LABEL, inner);
        let better = best
            .as_ref()
            .is_none_or(|(n, w, _, _)| lines.len() < *n || (lines.len() == *n && inner > *w));
        if better {
            best = Some((lines.len(), inner, lines, (a + b) / 2.0));
        }
    }
    match best {
        Some((_, _, lines, centre)) => (Some(lines), centre),
        None => (None, (xa + xb) / 2.0),
    }
}

/// A phase or period box with its label inside, if it fits, centred on its x.
fn bar_item(
    tag: Tag,
    rect: Rect,
    fill: Rgb,
    radius: f64,
    lines: Option<&(Vec<String>, f64)>,
) -> Item {
    let mut items = vec![Item::Rect {
        tag: Tag::class("frame"),
        rect,
        fill: Some(fill),
        stroke: Some(Stroke::solid(Rgb::INK, 0.8)),
        radius,
    }];
    if let Some((lines, x)) = lines {
        items.push(Item::Text {
            tag: Tag::class("label"),
            lines: centred_lines(lines, LABEL, *x, rect.y, rect.h, Rgb::BLACK),
        });
    }
    Item::Group { tag, items }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_steps() {
        assert_eq!(year_step(48.0), 1);
        assert_eq!(year_step(140.0), 1);
        assert_eq!(year_step(30.0), 2);
        assert_eq!(year_step(10.0), 5);
        assert_eq!(year_step(4800.0 / 9000.0), 100);
    }

    /// Rows as placed before runs: every row's leftmost start kept and rewritten.
    fn rows_one_by_one(callouts: &[Callout]) -> Vec<(usize, f64)> {
        let order = right_to_left(callouts);
        let mut starts: Vec<f64> = Vec::new();
        let mut out = vec![(0, 0.0); callouts.len()];
        for i in order {
            let c = &callouts[i];
            let x = c.anchor_x + FLAG_OFFSET;
            let flag = (c.anchor_x - LEADER_CLEARANCE, x + c.width + CALLOUT_GAP);
            let row = starts.partition_point(|&start| start < flag.1);
            if row == starts.len() {
                starts.push(flag.0);
            }
            for start in starts.iter_mut().take(row + 1) {
                *start = start.min(flag.0);
            }
            out[i] = (row, x);
        }
        out
    }

    #[test]
    fn rows_in_runs_are_the_rows_one_by_one() {
        // Labels of many widths at anchors that repeat, pile up and spread out.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for round in 0..300 {
            let n = 1 + next(60) as usize;
            let spread = [1, 5, 40, 400, 4000][round % 5];
            let callouts: Vec<Callout> = (0..n)
                .map(|_| Callout {
                    tag: Tag::class("t"),
                    lines: Vec::new(),
                    font: LABEL,
                    anchor_x: next(spread) as f64 * 0.5,
                    width: next(300) as f64,
                    leader: Leader::Label,
                })
                .collect();
            assert_eq!(
                assign_rows(&callouts),
                rows_one_by_one(&callouts),
                "round {round}"
            );
        }
    }

    #[test]
    fn day_numbers() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2000, 3, 1), 11_017);
        assert_eq!(days(2017, 1, 1) - days(2016, 1, 1), 366);
    }
}
