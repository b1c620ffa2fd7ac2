//! Declared totals ("40 interviews", "81 documents (652 pages)") against the declared sources.

use super::Checker;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{Id, Per, RoundId, SourceId, SourceKind, Total, TotalItem, Unit};

/// What the declared sources add up to; computed once, shared by checks and tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sums {
    pub interviews: u64,
    pub documents: u64,
    pub pages: u64,
    pub observations: u64,
    /// Minutes of observation.
    pub minutes: u64,
    /// Recurring interviews, as the rounds declare them.
    pub recurring: u64,
    pub focus_groups: u64,
    /// The people who took part in the focus groups.
    pub participants: u64,
}

impl Sums {
    /// The sums of the sources of `round`, or of every source.
    pub fn of(
        cb: &crate::model::Codebook,
        round: Option<RoundId>,
        source_round: &Per<SourceId, Option<RoundId>>,
    ) -> Sums {
        let mut s = Sums::default();
        for (i, src) in SourceId::each(cb) {
            if round.is_some() && source_round.get(i).copied().flatten() != round {
                continue;
            }
            let n = u64::from(src.count);
            match src.kind {
                SourceKind::Interview => s.interviews += n,
                SourceKind::Document => {
                    s.documents += n;
                    s.pages += u64::from(src.pages.unwrap_or(0));
                }
                SourceKind::Observation => {
                    s.observations += n;
                    s.minutes += n * u64::from(src.duration.unwrap_or(0));
                }
                SourceKind::FocusGroup => {
                    s.focus_groups += n;
                    s.participants += u64::from(src.people.unwrap_or(0));
                }
            }
        }
        let rounds = RoundId::each(cb).filter(|(i, _)| round.is_none_or(|r| r == *i));
        s.recurring = rounds
            .filter_map(|(_, r)| r.total.as_ref())
            .flat_map(|t| t.items.iter())
            .filter(|it| it.unit == Unit::Recurring)
            .map(|it| it.amount)
            .sum();
        s
    }

    pub fn get(&self, unit: Unit) -> u64 {
        match unit {
            Unit::Interviews => self.interviews,
            Unit::Recurring => self.recurring,
            Unit::Documents => self.documents,
            Unit::Pages => self.pages,
            Unit::Observations => self.observations,
            Unit::Minutes => self.minutes,
            Unit::FocusGroups => self.focus_groups,
            Unit::Participants => self.participants,
        }
    }
}

fn show(unit: Unit, amount: u64) -> String {
    match unit {
        Unit::Minutes if amount.is_multiple_of(60) => format!("{} h", amount / 60),
        Unit::Minutes => format!("{amount} min"),
        u => crate::words::count(amount, u.singular(), u.word()),
    }
}

impl Checker<'_> {
    pub(crate) fn totals(&mut self) {
        let cb = self.cb;
        let all = Sums::of(cb, None, &self.r.source_round);
        for t in &cb.totals {
            self.total(t, &all, None);
        }
        for (ri, r) in RoundId::each(cb) {
            let Some(t) = &r.total else { continue };
            let sums = Sums::of(cb, Some(ri), &self.r.source_round);
            self.total(t, &sums, Some(ri));
        }
    }

    fn total(&mut self, t: &Total, sums: &Sums, round: Option<RoundId>) {
        for item in &t.items {
            if let Some(ri) = round {
                self.round_item(item, sums, ri);
                continue;
            }
            let actual = sums.get(item.unit);
            if actual != item.amount {
                let what = match item.unit {
                    Unit::Interviews => "the declared interviews",
                    Unit::Recurring => "the rounds' recurring interviews",
                    Unit::Documents => "the declared documents",
                    Unit::Pages => "the declared documents' pages",
                    Unit::Observations => "the declared observations",
                    Unit::Minutes => "the declared observations' durations",
                    Unit::FocusGroups => "the declared focus groups",
                    Unit::Participants => "the declared focus groups' participants",
                };
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::TotalMismatch,
                        item.span.clone(),
                        format!(
                            "the total says {}, but {what} add up to {}",
                            item.written,
                            show(item.unit, actual)
                        ),
                    )
                    .label(format!("sources add up to {}", show(item.unit, actual)))
                    .help(self.total_help(item.unit)),
                );
            }
        }
    }

    fn round_item(&mut self, item: &TotalItem, sums: &Sums, ri: RoundId) {
        let cb = self.cb;
        let round = &cb[ri];
        match item.unit {
            Unit::Interviews if sums.interviews != item.amount => {
                self.round_mismatch(item, ri, sums.interviews, SourceKind::Interview);
            }
            Unit::Recurring if item.amount > sums.interviews => self.push(
                Diagnostic::new(
                    DiagnosticCode::TotalMismatch,
                    item.span.clone(),
                    format!(
                        "the round `{}` has {} but only {}",
                        round.id.id,
                        crate::words::count(
                            item.amount,
                            "recurring interview",
                            "recurring interviews"
                        ),
                        crate::words::count(sums.interviews, "interview", "interviews")
                    ),
                )
                .label("more recurring than held")
                .help("recurring interviews are a part of the round's interviews"),
            ),
            Unit::FocusGroups if sums.focus_groups != item.amount => {
                self.round_mismatch(item, ri, sums.focus_groups, SourceKind::FocusGroup);
            }
            Unit::Interviews | Unit::Recurring | Unit::FocusGroups => {}
            other => self.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidValue,
                    item.span.clone(),
                    format!(
                        "a round counts interviews and focus groups, not {}",
                        other.word()
                    ),
                )
                .label("not an interview count")
                .help("write `total: 19 interviews, 12 recurring`"),
            ),
        }
    }

    /// The round `ri` says `item`, but its sources of `kind` add up to `actual`.
    fn round_mismatch(&mut self, item: &TotalItem, ri: RoundId, actual: u64, kind: SourceKind) {
        let round = &self.cb[ri].id.id;
        let word = kind.word();
        self.push(
            Diagnostic::new(
                DiagnosticCode::TotalMismatch,
                item.span.clone(),
                format!(
                    "the round `{round}` says {}, but its {word}s add up to {actual}",
                    item.written
                ),
            )
            .label(format!("{word}s add up to {actual}"))
            .help(format!(
                "check the `count:` of each {word} with `round: {round}`"
            )),
        );
    }

    fn total_help(&self, unit: Unit) -> String {
        let cb = self.cb;
        let kind = match unit {
            Unit::Interviews => Some(SourceKind::Interview),
            Unit::Documents | Unit::Pages => Some(SourceKind::Document),
            Unit::Observations | Unit::Minutes => Some(SourceKind::Observation),
            Unit::FocusGroups | Unit::Participants => Some(SourceKind::FocusGroup),
            Unit::Recurring => None,
        };
        let Some(kind) = kind else {
            return "declare recurring interviews on each round: `total: 19 interviews, 12 recurring`".into();
        };
        let parts: Vec<String> = cb
            .sources
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| match unit {
                Unit::Pages => format!("{} ({})", s.pages.unwrap_or(0), s.id.id),
                Unit::Participants => format!("{} ({})", s.people.unwrap_or(0), s.id.id),
                Unit::Minutes => {
                    format!("{}×{} min ({})", s.count, s.duration.unwrap_or(0), s.id.id)
                }
                _ => format!("{} ({})", s.count, s.id.id),
            })
            .take(12)
            .collect();
        if parts.is_empty() {
            let word = kind.word();
            format!(
                "no {word} is declared; each is declared as `{word} id \"description\"`, with \
                 `count: 3` for several of one description"
            )
        } else {
            format!("counted: {}", parts.join(" + "))
        }
    }
}
