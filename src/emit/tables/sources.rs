//! Table 2: what the study draws on, by kind, with totals computed from the declared sources.
//!
//! One column, in sections: interviews (by round), focus groups (with participants and dates),
//! documents (with pages and dates), and observations (consecutive ones with one description
//! listed under a line of their own).

use super::model::{Cell, Column, Content, Kind, Origin, Row, Rule, Run, Style, Table};
use super::text::{duration, from, plain, pluralise, range_long, range_short, styled};
use super::{Builder, SOURCES};
use crate::check::{Attendee, Sums};
use crate::emit::group_label;
use crate::model::{Id, RoundId, Source, SourceId, SourceKind};
use crate::words::count as plural;

impl Builder<'_> {
    /// Table 2: what the study draws on, with totals computed from the declared sources.
    pub(super) fn sources(&self) -> Table {
        let (caption, label) = self.caption_and_label(SOURCES, "Data sources");
        let mut t = Sources {
            b: self,
            body: Vec::new(),
        };
        let all = Sums::of(&self.c.codebook, None, &self.c.resolved.source_round);
        if all.interviews > 0 {
            t.interviews(&all);
        }
        if all.focus_groups > 0 {
            t.focus_groups(&all);
        }
        if all.documents > 0 {
            t.documents(&all);
        }
        if all.observations > 0 {
            t.observations(&all);
        }
        Table {
            name: SOURCES.into(),
            kind: Kind::Sources,
            caption,
            label,
            columns: vec![Column::left(1.0)],
            head: Vec::new(),
            body: t.body,
            note: None,
            wide: false,
            number: None,
        }
    }
}

/// What the number in brackets after a source counts: its word for one and for several, and a
/// source's share (`("page", "pages", |s| s.pages)`).
type Measure<'a> = (&'a str, &'a str, fn(&Source) -> Option<u32>);

/// The sources table as it is written, section by section.
struct Sources<'b, 'a> {
    b: &'b Builder<'a>,
    body: Vec<Row>,
}

/// What the lines under a group of observations give, each observation's in this order.
struct Fields {
    date: bool,
    duration: bool,
    participants: bool,
}

impl Fields {
    /// The fields any observation of `group` has.
    fn of(group: &[&Source]) -> Fields {
        let has = |f: fn(&Source) -> bool| group.iter().any(|s| f(s));
        Fields {
            date: has(|s| !s.when.is_empty()),
            duration: has(|s| s.duration.is_some()),
            participants: has(|s| !s.participants.is_empty()),
        }
    }

    /// `date/duration/participants`, for those there are.
    fn names(&self) -> String {
        [
            (self.date, "date"),
            (self.duration, "duration"),
            (self.participants, "participants"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join("/")
    }
}

impl Sources<'_, '_> {
    fn line(&mut self, rule: Rule, heading: bool, indent: u8, runs: Vec<Run>) {
        let cells = vec![Cell::new(Content::indented(indent, runs))];
        self.body.push(if heading {
            Row::heading(rule, cells)
        } else {
            Row::new(rule, cells)
        });
    }

    /// A section's first line, in bold, under a rule unless it starts the table.
    fn section(&mut self, total: String) {
        let rule = if self.body.is_empty() {
            Rule::None
        } else {
            Rule::Full
        };
        self.line(rule, true, 0, vec![styled(total, Style::Bold)]);
    }

    fn of_kind(&self, kind: SourceKind) -> Vec<SourceId> {
        SourceId::each(&self.b.c.codebook)
            .filter(|(_, s)| s.kind == kind)
            .map(|(i, _)| i)
            .collect()
    }

    fn label(&self, s: &Source) -> Run {
        from(
            &s.label,
            Style::Plain,
            format!("the description of the {} `{}`", s.kind.word(), s.id.id),
        )
    }

    /// `3 office-based physicians`
    fn counted(&self, s: &Source) -> Vec<Run> {
        vec![plain(format!("{} ", s.count)), self.label(s)]
    }

    fn interviews(&mut self, all: &Sums) {
        let cb = &self.b.c.codebook;
        let r = &self.b.c.resolved;
        self.section(format!(
            "Total: {}",
            plural(all.interviews, "interview", "interviews")
        ));
        let round_of = |i: SourceId| r.source_round[i];
        let interviews = self.of_kind(SourceKind::Interview);
        for (ri, round) in RoundId::each(cb) {
            let members: Vec<SourceId> = interviews
                .iter()
                .copied()
                .filter(|i| round_of(*i) == Some(ri))
                .collect();
            if members.is_empty() {
                continue;
            }
            let sums = Sums::of(cb, Some(ri), &r.source_round);
            let mut runs = vec![
                from(
                    &round.label,
                    Style::Italic,
                    format!("the label of the round `{}`", round.id.id),
                ),
                styled(
                    format!(": {}", plural(sums.interviews, "interview", "interviews")),
                    Style::Italic,
                ),
            ];
            if sums.recurring > 0 {
                let recurring = plural(
                    sums.recurring,
                    "recurring interview",
                    "recurring interviews",
                );
                runs.push(styled(format!(" ({recurring})"), Style::Italic));
            }
            self.line(Rule::Space, true, 0, runs);
            for i in members {
                let runs = self.counted(&cb[i]);
                self.line(Rule::None, false, 1, runs);
            }
        }
        let loose: Vec<SourceId> = interviews
            .iter()
            .copied()
            .filter(|i| round_of(*i).is_none())
            .collect();
        if loose.is_empty() {
            return;
        }
        if interviews.iter().any(|i| round_of(*i).is_some()) {
            let n: u64 = loose.iter().map(|i| u64::from(cb[*i].count)).sum();
            let text = format!("In no round: {}", plural(n, "interview", "interviews"));
            self.line(Rule::Space, true, 0, vec![styled(text, Style::Italic)]);
        }
        for i in loose {
            let runs = self.counted(&cb[i]);
            self.line(Rule::None, false, 1, runs);
        }
    }

    fn focus_groups(&mut self, all: &Sums) {
        let people: fn(&Source) -> Option<u32> = |s| s.people;
        let measure = ("participant", "participants", people);
        self.listed(
            SourceKind::FocusGroup,
            all.focus_groups,
            all.participants,
            measure,
        );
    }

    fn documents(&mut self, all: &Sums) {
        let pages: fn(&Source) -> Option<u32> = |s| s.pages;
        let measure = ("page", "pages", pages);
        self.listed(SourceKind::Document, all.documents, all.pages, measure);
    }

    /// A section of `kind` (`Total: 81 documents (652 pages)`) with a line per declaration
    /// (`3 minutes of the board (18 pages; 2017-02)`); `measure` is what the number in
    /// brackets counts, and the declaration's share of it.
    fn listed(
        &mut self,
        kind: SourceKind,
        sources: u64,
        measured: u64,
        (one, many, measure): Measure,
    ) {
        let cb = &self.b.c.codebook;
        let word = kind.word();
        let mut total = format!("Total: {}", plural(sources, word, &format!("{word}s")));
        if measured > 0 {
            total.push_str(&format!(" ({})", plural(measured, one, many)));
        }
        self.section(total);
        for i in self.of_kind(kind) {
            let s = &cb[i];
            let mut runs = self.counted(s);
            let mut details = Vec::new();
            if let Some(p) = measure(s) {
                details.push(plural(u64::from(p), one, many));
            }
            if !s.when.is_empty() {
                details.push(dates(s, range_long));
            }
            if !details.is_empty() {
                runs.push(plain(format!(" ({})", details.join("; "))));
            }
            self.line(Rule::None, false, 1, runs);
        }
    }

    fn observations(&mut self, all: &Sums) {
        let cb = &self.b.c.codebook;
        let mut total = plural(all.observations, "observation", "observations");
        if all.minutes > 0 {
            total.push_str(&format!(" ({})", duration(all.minutes)));
        }
        self.section(total);
        let observations = self.of_kind(SourceKind::Observation);
        // Consecutive observations with one description form one line, with a line per
        // observation under it.
        for group in observations.chunk_by(|a, b| cb[*a].label.text == cb[*b].label.text) {
            let Some(&first) = group.first() else {
                continue;
            };
            let s = &cb[first];
            let listed = group.len() > 1 || !s.participants.is_empty();
            if listed {
                self.observation_group(group);
            } else {
                let mut runs = self.counted(s);
                if !s.when.is_empty() {
                    runs.push(plain(format!(" ({})", dates(s, range_long))));
                }
                self.line(Rule::None, false, 1, runs);
            }
        }
    }

    /// `2 strategic meetings (date/participants)`, then a line per observation:
    /// `– 9 Oct. 2017/HC, HI`.
    fn observation_group(&mut self, group: &[SourceId]) {
        let cb = &self.b.c.codebook;
        let sources: Vec<&Source> = group.iter().map(|i| &cb[*i]).collect();
        let Some(first) = sources.first() else {
            return;
        };
        let n: u64 = sources.iter().map(|s| u64::from(s.count)).sum();
        let fields = Fields::of(&sources);
        let mut label = self.label(first);
        if n > 1 {
            label.text = pluralise(&label.text);
        }
        let mut runs = vec![plain(format!("{n} ")), label];
        let names = fields.names();
        if !names.is_empty() {
            runs.push(plain(format!(" ({names})")));
        }
        self.line(Rule::None, true, 1, runs);
        for i in group {
            let s = &cb[*i];
            let mut parts: Vec<Vec<Run>> = Vec::new();
            if fields.date {
                parts.push(vec![plain(dates(s, range_short))]);
            }
            if fields.duration {
                let d = s.duration.map(|d| duration(u64::from(d)));
                parts.push(vec![plain(d.unwrap_or_default())]);
            }
            if fields.participants {
                let mut names = Vec::new();
                for (pi, p) in self.b.c.resolved.source_participants[*i].iter().enumerate() {
                    if pi > 0 {
                        names.push(plain(", "));
                    }
                    names.push(self.participant(p, &s.id.id));
                }
                parts.push(names);
            }
            let mut runs = vec![plain("– ")];
            if s.count > 1 {
                runs.push(plain(format!("{} × ", s.count)));
            }
            for (k, part) in parts.into_iter().enumerate() {
                if k > 0 {
                    runs.push(plain("/"));
                }
                runs.extend(part);
            }
            self.line(Rule::None, false, 2, runs);
        }
    }

    fn participant(&self, p: &Attendee, source: &str) -> Run {
        let c = self.b.c;
        let cb = &c.codebook;
        match p {
            Attendee::Actor(a) => {
                let actor = &cb[*a];
                let t = actor.abbreviation.as_ref().unwrap_or(&actor.label);
                from(
                    t,
                    Style::Plain,
                    format!("the name of the actor `{}`", actor.id.id),
                )
            }
            Attendee::Group(g) => Run {
                text: group_label(c, *g),
                style: Style::Plain,
                origin: Some(Origin {
                    span: cb[*g].span.clone(),
                    what: format!("the label of the group `{}`", cb[*g].id.id),
                }),
            },
            Attendee::Text(t) => from(
                t,
                Style::Plain,
                format!("a participant of the observation `{source}`"),
            ),
        }
    }
}

/// A source's dates, each as `range` writes it, separated by commas.
fn dates(s: &Source, range: fn(&crate::model::DateRange) -> String) -> String {
    s.when.iter().map(range).collect::<Vec<_>>().join(", ")
}
