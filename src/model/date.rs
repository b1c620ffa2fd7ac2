//! Dates at year, month or day precision, and ranges of them.

use std::fmt;

/// A valid date at year, month or day precision. Month and day are bytes: a quote carries up
/// to two date ranges, and at archive scale every byte of a quote record counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year.
    pub year: u32,
    /// The month, 1 to 12, if the date has one.
    pub month: Option<u8>,
    /// The day of the month, if the date has one (only with a month).
    pub day: Option<u8>,
}

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Validate a date as written; `Err` says what is wrong.
    pub fn new(year: u32, month: Option<u32>, day: Option<u32>) -> Result<Date, String> {
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("there is no month {m}; months run from 01 to 12"));
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(format!(
                        "{} {year} has {last} days, so day {d} does not exist",
                        MONTHS[m as usize - 1]
                    ));
                }
            }
        }
        // Validated above: a month is 1..=12 and a day at most 31. A day without a month is
        // not written by the parser; it is dropped rather than kept unchecked.
        let month = month.and_then(|m| u8::try_from(m).ok());
        let day = month.and(day).and_then(|d| u8::try_from(d).ok());
        Ok(Date { year, month, day })
    }

    /// The first day this date can mean, as (year, month, day).
    pub fn first_day(self) -> (u32, u32, u32) {
        (
            self.year,
            self.month.map_or(1, u32::from),
            self.day.map_or(1, u32::from),
        )
    }

    /// The last day this date can mean.
    pub fn last_day(self) -> (u32, u32, u32) {
        let m = self.month.map_or(12, u32::from);
        (
            self.year,
            m,
            self.day
                .map_or_else(|| days_in_month(self.year, m), u32::from),
        )
    }

    /// As written in the language: `2017`, `2017-02`, `2017-02-09`.
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// As printed in a paper: `9 February 2017`, `February 2017`, `2017`.
    pub fn long(self) -> String {
        self.written(|name| name.to_string())
    }

    /// As printed in a list: `9 Oct. 2017`, `May 2017`, `2017`. A month's name of up to four
    /// letters is written whole (`May`, `June`, `July`), September as `Sept.`, every other as
    /// its first three letters and a full stop.
    pub fn short(self) -> String {
        self.written(|name| match name {
            _ if name.len() <= 4 => name.to_string(),
            "September" => "Sept.".to_string(),
            _ => format!("{}.", name.get(..3).unwrap_or(name)),
        })
    }

    /// Day, month (its name from [`MONTHS`], as `month` writes it) and year, as far as known.
    fn written(self, month: impl Fn(&str) -> String) -> String {
        let month = |m: u8| {
            month(
                MONTHS
                    .get(usize::from(m).wrapping_sub(1))
                    .copied()
                    .unwrap_or(""),
            )
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month(m), self.year),
            (Some(m), None) => format!("{} {}", month(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A span of time from the first day of `start` to the last day of `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// Where it starts: from the first day this date can mean.
    pub start: Date,
    /// Where it ends: to the last day this date can mean (`start` again for a single date).
    pub end: Date,
}

impl DateRange {
    pub(crate) fn single(d: Date) -> DateRange {
        DateRange { start: d, end: d }
    }

    pub(crate) fn is_single(&self) -> bool {
        self.start == self.end
    }

    /// As an attribution prints it: `March 2021`, `March–June 2021`, `9–12 March 2021`,
    /// `2019–2021`, `November 2019–June 2021`: what the two ends share is said once.
    pub fn long(&self) -> String {
        let (a, b) = (self.start, self.end);
        if self.is_single() {
            return a.long();
        }
        match (a.month, a.day, b.month, b.day) {
            (Some(m), Some(d), Some(n), Some(e)) if a.year == b.year && m == n => {
                format!(
                    "{d}–{e} {}",
                    b.long().split_once(' ').map_or("", |(_, r)| r)
                )
            }
            (Some(_), None, Some(_), None) if a.year == b.year => {
                let first = a.long();
                let month = first.split_once(' ').map_or(first.as_str(), |(m, _)| m);
                format!("{month}–{}", b.long())
            }
            _ => format!("{}–{}", a.long(), b.long()),
        }
    }

    /// The span from the earliest start to the latest end of `ranges`.
    pub(crate) fn hull(ranges: &[DateRange]) -> Option<DateRange> {
        let start = ranges
            .iter()
            .map(|r| r.start)
            .min_by_key(|d| d.first_day())?;
        let end = ranges.iter().map(|r| r.end).max_by_key(|d| d.last_day())?;
        Some(DateRange { start, end })
    }

    pub(crate) fn is_ordered(&self) -> bool {
        self.start.first_day() <= self.end.last_day()
    }

    pub(crate) fn overlaps(&self, other: &DateRange) -> bool {
        self.start.first_day() <= other.end.last_day()
            && other.start.first_day() <= self.end.last_day()
    }

    pub(crate) fn contains(&self, other: &DateRange) -> bool {
        self.start.first_day() <= other.start.first_day()
            && other.end.last_day() <= self.end.last_day()
    }

    pub(crate) fn iso(&self) -> String {
        if self.is_single() {
            self.start.iso()
        } else {
            format!("{} .. {}", self.start.iso(), self.end.iso())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_refused() {
        assert!(Date::new(2019, Some(2), Some(30)).is_err());
        assert!(Date::new(2020, Some(2), Some(29)).is_ok());
        assert!(Date::new(2019, Some(2), Some(29)).is_err());
        assert!(Date::new(2019, Some(13), None).is_err());
    }

    #[test]
    fn ranges_at_mixed_precision() {
        let y2017 = DateRange::single(Date::new(2017, None, None).unwrap());
        let p2 = DateRange {
            start: Date::new(2017, Some(1), None).unwrap(),
            end: Date::new(2018, Some(6), None).unwrap(),
        };
        assert!(p2.contains(&y2017));
        assert_eq!(
            Date::new(2017, Some(2), Some(9)).unwrap().long(),
            "9 February 2017"
        );
    }

    #[test]
    fn ranges_say_what_their_ends_share_once() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let range = |start, end| DateRange { start, end }.long();
        assert_eq!(
            range(d(2021, Some(3), None), d(2021, Some(6), None)),
            "March–June 2021"
        );
        assert_eq!(
            range(d(2021, Some(3), Some(9)), d(2021, Some(3), Some(12))),
            "9–12 March 2021"
        );
        assert_eq!(range(d(2019, None, None), d(2021, None, None)), "2019–2021");
        assert_eq!(
            range(d(2019, Some(11), None), d(2021, Some(6), None)),
            "November 2019–June 2021"
        );
        assert_eq!(
            range(d(2021, Some(3), Some(9)), d(2021, Some(4), Some(2))),
            "9 March 2021–2 April 2021"
        );
        assert_eq!(
            DateRange::single(d(2021, Some(3), None)).long(),
            "March 2021"
        );
        let hull = DateRange::hull(&[
            DateRange::single(d(2021, Some(5), None)),
            DateRange::single(d(2020, Some(11), None)),
        ]);
        assert_eq!(
            hull.map(|h| h.long()).as_deref(),
            Some("November 2020–May 2021")
        );
        assert!(DateRange::hull(&[]).is_none());
    }

    #[test]
    fn short_months() {
        let short = |m| Date::new(2017, Some(m), None).unwrap().short();
        let all: Vec<String> = (1..=12).map(short).collect();
        assert_eq!(
            all.join(" "),
            "Jan. 2017 Feb. 2017 Mar. 2017 Apr. 2017 May 2017 June 2017 July 2017 Aug. 2017 \
             Sept. 2017 Oct. 2017 Nov. 2017 Dec. 2017"
        );
        assert_eq!(
            Date::new(2017, Some(10), Some(9)).unwrap().short(),
            "9 Oct. 2017"
        );
        assert_eq!(Date::new(2017, None, None).unwrap().short(), "2017");
    }
}
