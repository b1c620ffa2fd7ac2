//! Phases, turning points, data periods, and the dates of quotes.

use super::Checker;
use super::resolve::{Sym, Want};
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{
    Attribution, Date, DateRange, Id, PhaseId, QuoteId, SourceKind, TurningPointId,
};

impl Checker<'_> {
    /// Where each turning point stands among the phases ([`super::Resolved::turning_point_after`]):
    /// a dated one after the last phase (in `order`, the dated phases by start) to start before
    /// it, one written `after` a phase after that phase. Dated phases place turning points by
    /// their dates, undated ones only by `after`: anything else is reported.
    fn turning_point_places(&mut self, order: &[usize], range: &[DateRange]) {
        let cb = self.cb;
        let undated = !cb.phases.is_empty() && cb.phases.iter().all(|p| p.range.is_none());
        for (_, t) in TurningPointId::each(cb) {
            let mut place = None;
            match (&t.after, t.when) {
                (Some(after), _) => {
                    if let Some(Sym::Phase(p)) = self.resolve(after, Want::Phase) {
                        if cb[p].range.is_some() {
                            self.push(
                                Diagnostic::new(
                                    DiagnosticCode::MissingProperty,
                                    super::resolve::head(&t.span),
                                    format!(
                                        "the turning point `{}` has no date, but the phases are dated",
                                        t.id.id
                                    ),
                                )
                                .label("placed by `after`, not dated")
                                .with(cb[p].id.span.clone(), "a dated phase")
                                .help(format!(
                                    "dated phases place a turning point by its date: write it in place of `after {}`, for example `turning point {} \"{}\" {}`, the month `{}` ends (`after` is for phases without dates)",
                                    after.id, t.id.id, t.label.text,
                                    cb[p].range.map_or_else(String::new, |r| r.end.iso()),
                                    after.id
                                )),
                            );
                        } else {
                            place = Some(p);
                        }
                    }
                }
                (None, Some(when)) if undated => {
                    let first = cb.phases.first().map_or("p1", |p| p.id.id.as_str());
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::InvalidValue,
                            super::resolve::head(&t.span),
                            format!(
                                "the turning point `{}` is dated ({}), but the phases are not: a date cannot place it among them",
                                t.id.id,
                                when.iso()
                            ),
                        )
                        .label("a date among undated phases")
                        .help(format!(
                            "place it by the phase it follows: `turning point {} \"{}\" after {first}` (or date every phase)",
                            t.id.id, t.label.text
                        )),
                    );
                }
                (None, Some(when)) => {
                    let start = when.start.first_day();
                    place = order
                        .iter()
                        .rfind(|i| range[**i].start.first_day() < start)
                        .map(|i| PhaseId::from_index(*i));
                }
                (None, None) => {}
            }
            self.r.turning_point_after.push(place);
        }
    }

    /// Phases are dated all or none: the timeline and a quote's date need every phase's time,
    /// and an order of undated phases (as written) cannot be merged with dated ones.
    fn undated_phases(&mut self) {
        let cb = self.cb;
        let Some(dated) = cb.phases.iter().find(|p| p.range.is_some()) else {
            return;
        };
        for p in cb.phases.iter().filter(|p| p.range.is_none()) {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::MissingProperty,
                    super::resolve::head(&p.span),
                    format!(
                        "the phase `{}` has no dates, but `{}` has: phases are dated all or none",
                        p.id.id, dated.id.id
                    ),
                )
                .label("no dates")
                .with(dated.id.span.clone(), "dated")
                .help(format!(
                    "write `{}`'s dates after its label, as `{}` has them, or leave the dates out of every phase: undated phases are ordered as written",
                    p.id.id, dated.id.id
                )),
            );
        }
    }
}
use crate::syntax::ast::Span;

impl Checker<'_> {
    pub(crate) fn time(&mut self) {
        let cb = self.cb;
        let mut ranges: Vec<(DateRange, Span, String)> = Vec::new();
        ranges.extend(
            cb.phases
                .iter()
                .filter_map(|p| Some((p.range?, p.span.clone(), "phase".to_string()))),
        );
        ranges.extend(
            cb.periods
                .iter()
                .map(|p| (p.range, p.span.clone(), "period".to_string())),
        );
        ranges.extend(
            cb.turning_points
                .iter()
                .filter_map(|p| Some((p.when?, p.span.clone(), "turning point".to_string()))),
        );
        for (r, span, what) in &ranges {
            if !r.is_ordered() {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidRange,
                        span.clone(),
                        format!(
                            "this {what} ends ({}) before it starts ({})",
                            r.end.iso(),
                            r.start.iso()
                        ),
                    )
                    .label("ends before it starts")
                    .help(format!(
                        "write the earlier date first: `{} .. {}` (or correct the date that is \
                         mistyped)",
                        r.end.iso(),
                        r.start.iso()
                    )),
                );
            }
        }

        self.undated_phases();
        // The phases' dates, by index; an undated phase is never in `order` below, and a quote
        // that names one is not held to its date, so its stand-in is never read.
        let range: Vec<DateRange> = cb
            .phases
            .iter()
            .map(|p| {
                p.range.unwrap_or(DateRange::single(Date {
                    year: 0,
                    month: None,
                    day: None,
                }))
            })
            .collect();
        // Phases must not share time.
        let mut order: Vec<usize> = (0..cb.phases.len())
            .filter(|i| cb.phases[*i].range.is_some_and(|r| r.is_ordered()))
            .collect();
        order.sort_by_key(|i| (range[*i].start.first_day(), *i));
        for w in order.windows(2) {
            let (a, b) = (&cb.phases[w[0]], &cb.phases[w[1]]);
            let (ra, rb) = (range[w[0]], range[w[1]]);
            if ra.overlaps(&rb) {
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::OverlappingPhases,
                        b.id.span.clone(),
                        format!("the phases `{}` and `{}` overlap", a.id.id, b.id.id),
                    )
                    .label(format!("starts {}", rb.start.iso()))
                    .with(a.id.span.clone(), format!("ends {}", ra.end.iso()))
                    .help(
                        "phases bracket time without overlap; let one end before the next begins",
                    ),
                );
            }
        }

        // The timeline runs from the first phase's start to the last phase's end.
        let timeline = order.first().zip(order.last()).map(|(f, l)| {
            let end = order
                .iter()
                .map(|i| range[*i].end)
                .max_by_key(|d| d.last_day())
                .unwrap_or(range[*l].end);
            DateRange {
                start: range[*f].start,
                end,
            }
        });
        // A data period may reach outside the phases: retrospective interviews and follow-up
        // data are collected before or after the time they are about. The timeline's axis
        // stretches to show it.
        if let Some(tl) = timeline {
            for t in &cb.turning_points {
                let Some(when) = t.when else { continue };
                if when.is_ordered() && !tl.contains(&when) {
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::OutsideTimeline,
                            t.id.span.clone(),
                            format!(
                                "the turning point `{}` ({}) lies outside the phases ({})",
                                t.id.id,
                                when.iso(),
                                tl.iso()
                            ),
                        )
                        .label("outside the timeline")
                        .help("a turning point separates phases; date it within them"),
                    );
                }
            }
        }

        self.turning_point_places(&order, &range);

        // Which phases a date falls in, found by binary search over the phases sorted by
        // start (a scan of every phase per dated quote was quadratic): the candidates start
        // before the date ends, and the running maximum of their ends says how far back one
        // can still reach the date.
        let reach: Vec<(u32, u32, u32)> = order
            .iter()
            .scan((0, 0, 0), |max, i| {
                *max = (*max).max(range[*i].end.last_day());
                Some(*max)
            })
            .collect();
        let phases_at = |date: &DateRange| -> Vec<usize> {
            let end = date.end.last_day();
            let start = date.start.first_day();
            let mut k = order.partition_point(|i| range[*i].start.first_day() <= end);
            let mut fits = Vec::new();
            while k > 0 && reach[k - 1] >= start {
                k -= 1;
                if range[order[k]].overlaps(date) {
                    fits.push(order[k]);
                }
            }
            fits.sort_unstable();
            fits
        };
        // Phases inferred from a quote's date, applied after the loop.
        let mut inferred = Vec::new();
        for (qi, q) in QuoteId::each(cb) {
            let source = self.r.quote_source[qi].map(|s| &cb[s]);
            // Interviews are often retrospective, so an interview's year says when something was
            // said, not when it happened; only a quote's own date or a document's date is checked.
            let date = q.date.or(match q.attribution.as_deref() {
                Some(Attribution::Document { when, .. }) => *when,
                _ => None,
            });
            let date = date.or_else(|| match source {
                Some(s) if s.kind == SourceKind::Document && s.when.len() == 1 => {
                    s.when.first().copied()
                }
                _ => None,
            });
            let Some(date) = date else { continue };
            let declared = self.r.quote_phases[qi].to_vec();
            match declared.as_slice() {
                [] => {}
                // An undated phase has no time for the date to fall outside of.
                phases if phases.iter().any(|p| cb[*p].range.is_none()) => {}
                // The date must fall in one of the phases the quote names.
                phases if !phases.iter().any(|p| range[p.index()].overlaps(&date)) => {
                    let p = phases[0];
                    let phase = &cb[p];
                    let at = q.phases.first().map_or(q.span.clone(), |n| n.span.clone());
                    let named = phases
                        .iter()
                        .map(|p| format!("`{}` ({})", cb[*p].id.id, range[p.index()].iso()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.push(
                        Diagnostic::new(DiagnosticCode::QuoteOutsidePhase, at, format!("this quote is dated {}, outside its {} {named}", date.iso(), if phases.len() == 1 { "phase" } else { "phases" }))
                            .label("phase does not fit the date")
                            .with(phase.id.span.clone(), format!("`{}` runs {}", phase.id.id, range[p.index()].iso()))
                            .help(match phases_at(&date).as_slice() {
                                [] => format!("{}; a quote's `date:` says when the quoted event happened", between(cb, &range, &order, &date, &phases.iter().map(|p| p.index()).collect::<Vec<_>>())),
                                fits => format!(
                                    "{} falls in {}: name {} in `phase:`, or correct the date; a quote's `date:` says when the quoted event happened",
                                    date.iso(),
                                    fits.iter().map(|i| format!("`{}` ({})", cb.phases[*i].id.id, range[*i].iso())).collect::<Vec<_>>().join(" and "),
                                    if fits.len() == 1 { "it" } else { "one of them" },
                                ),
                            }),
                    );
                }
                _ => {}
            }
            match declared.first() {
                Some(_) => {}
                // Undated phases take a quote only by its `phase:`.
                None if !order.is_empty() => {
                    let fits = phases_at(&date);
                    match fits.as_slice() {
                        [one] => inferred.push((qi, PhaseId::from_index(*one))),
                        [] => self.push(
                            Diagnostic::new(
                                DiagnosticCode::QuoteWithoutPhase,
                                super::resolve::head(&q.span),
                                format!(
                                    "this quote is dated {}, which falls in no phase",
                                    date.iso()
                                ),
                            )
                            .label("in no phase")
                            .help(between(
                                cb,
                                &range,
                                &order,
                                &date,
                                &[],
                            )),
                        ),
                        many => {
                            let names: Vec<&str> =
                                many.iter().map(|i| cb.phases[*i].id.id.as_str()).collect();
                            self.push(
                                Diagnostic::new(
                                    DiagnosticCode::QuoteWithoutPhase,
                                    super::resolve::head(&q.span),
                                    format!(
                                        "this quote is dated {}, which falls in {} phases: {}",
                                        date.iso(),
                                        many.len(),
                                        names.join(", ")
                                    ),
                                )
                                .label("phase unclear")
                                .help("say which with `phase:`, or give a more precise `date:`"),
                            );
                        }
                    }
                }
                None => {}
            }
        }
        self.r.quote_phases.fill_empty(&inferred);
    }
}

/// What to do about a date in no phase (`order`: the phases in order of their start; `declared`:
/// those the quote names, if any): the phases on either side of it named, with each widened to
/// take it in (neither then overlaps another phase), or the date corrected. A quote that names
/// a phase is offered only its widening, or else a neighbour to name instead.
fn between(
    cb: &crate::model::Codebook,
    ranges: &[DateRange],
    order: &[usize],
    date: &DateRange,
    declared: &[usize],
) -> String {
    let range = |i: usize| ranges[i];
    let before = order
        .iter()
        .copied()
        .filter(|i| range(*i).end.last_day() < date.start.first_day())
        .max_by_key(|i| range(*i).end.last_day());
    let after = order
        .iter()
        .copied()
        .find(|i| range(*i).start.first_day() > date.end.last_day());
    let named = |i: usize| format!("`{}` ({})", cb.phases[i].id.id, range(i).iso());
    let when = date.iso();
    let place = match (before, after) {
        (Some(b), Some(a)) => format!("lies between the phases {} and {}", named(b), named(a)),
        (Some(b), None) => format!("is after the last phase, {}", named(b)),
        (None, Some(a)) => format!("is before the first phase, {}", named(a)),
        (None, None) => return "correct the date, or add a phase for this time".to_string(),
    };
    let widen = |i: usize, start: Date, end: Date| {
        format!(
            "`{}` to `{}`",
            cb.phases[i].id.id,
            DateRange { start, end }.iso()
        )
    };
    let widenings: Vec<(usize, String)> = before
        .map(|b| (b, widen(b, range(b).start, date.end)))
        .into_iter()
        .chain(after.map(|a| (a, widen(a, date.start, range(a).end))))
        .collect();
    let own: Vec<&str> = widenings
        .iter()
        .filter(|(i, _)| declared.contains(i))
        .map(|(_, w)| w.as_str())
        .collect();
    let all: Vec<&str> = widenings.iter().map(|(_, w)| w.as_str()).collect();
    let one = if all.len() == 1 { "it" } else { "one of them" };
    match (declared.is_empty(), own.is_empty()) {
        (true, _) if all.len() == 1 => format!(
            "{when} {place}: widen it to take it in ({}), add a phase for this time, or correct the date",
            all.join(" or ")
        ),
        (true, _) => format!(
            "{when} {place}: widen one of them to take it in ({}), or correct the date",
            all.join(" or ")
        ),
        (false, false) => format!(
            "{when} {place}: widen the quote's phase to take it in ({}), or correct the date",
            own.join(" or ")
        ),
        (false, true) => format!(
            "{when} {place}: name {one} in `phase:` instead and widen it ({}), or correct the date",
            all.join(" or ")
        ),
    }
}
