//! Reading property values: texts, names, numbers, dates, durations, colours.

use super::*;
use crate::model::schema;
use crate::syntax::messages;

/// The most characters a table's number written as a text (`"A1"`, `"S12b"`) may have.
const MAX_TABLE_NUMBER: usize = 12;

impl Lowerer {
    pub(super) fn bad_value(&mut self, p: &Property, expected: &str, example: &str) {
        let key = p.key_text();
        // Where the value is right but for its quotes (`year: "2016"`, `by: IDN27`), the fix is
        // the value as written, quoted or not: an example would only hide it.
        let fixed = if expected.contains("quoted") {
            // `by: P3, manager`: an attribution is one text (then a date), so the words
            // between its commas are one text, not several.
            let one_text = schema::QUOTE
                .property(&key)
                .is_some_and(|pr| matches!(pr.form, schema::Form::Attribution));
            quoted(p, one_text).map(|v| (v, "put the text in quotes"))
        } else {
            unquoted(p).map(|v| (v, "write it without quotes"))
        };
        let help = match fixed {
            Some((values, how)) => Hint {
                text: format!("{how}: `{key}: {values}`"),
                suggestion: Some(values),
            },
            None => format!("for example `{key}: {example}`").into(),
        };
        self.invalid_value(p, expected, help);
    }

    /// `invalid_value` at `p`'s values: `key` takes `expected`, and `help` says how to write it.
    pub(super) fn invalid_value(&mut self, p: &Property, expected: &str, help: Hint) {
        let key = p.key_text();
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                p.values_span(),
                format!("`{key}` takes {expected}"),
            )
            .label(format!("expected {expected}"))
            .help(help),
        );
    }

    /// The one quoted text of the first of `keys` given in `fields`, if any.
    pub(super) fn text_field(
        &mut self,
        fields: &mut Fields<'_>,
        key: &str,
        what: &str,
    ) -> Option<Text> {
        fields.take(key).and_then(|p| self.one_text(p, what))
    }

    /// A table's `note:`: one text, or several (a paper's footnotes "a …", "b …"), each a
    /// paragraph of the note.
    pub(super) fn note_text(&mut self, p: &Property) -> Option<Text> {
        let texts: Option<Vec<&crate::syntax::ast::Str>> = p
            .values
            .iter()
            .map(|v| match v.atoms.as_slice() {
                [Atom::Str(s)] if !s.value.trim().is_empty() => Some(s),
                _ => None,
            })
            .collect();
        match texts.as_deref() {
            Some([first, .., last]) => Some(Text {
                text: texts
                    .iter()
                    .flatten()
                    .map(|s| s.value.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                span: first.span.start..last.span.end,
            }),
            _ => self.one_text(p, "a note"),
        }
    }

    pub(super) fn one_text(&mut self, p: &Property, what: &str) -> Option<Text> {
        match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Str(s)] if s.value.trim().is_empty() => {
                    self.push(empty(s.span.clone(), what));
                    None
                }
                [Atom::Str(s)] => Some(text(s)),
                _ => {
                    self.bad_value(
                        p,
                        "a quoted text",
                        own_example(p, schema::Form::Text, "\"…\""),
                    );
                    None
                }
            },
            _ => {
                self.bad_value(
                    p,
                    "one quoted text",
                    own_example(p, schema::Form::Text, "\"…\""),
                );
                None
            }
        }
    }

    pub(super) fn texts(&mut self, p: &Property) -> Vec<Text> {
        let mut out = Vec::new();
        for v in &p.values {
            match v.atoms.as_slice() {
                [Atom::Str(s)] => out.push(text(s)),
                _ => {
                    self.bad_value(
                        p,
                        "quoted texts separated by commas",
                        own_example(p, schema::Form::Texts, "\"…\", \"…\""),
                    );
                    return Vec::new();
                }
            }
        }
        out
    }

    pub(super) fn one_name(&mut self, p: &Property) -> Option<Name> {
        match p.values.as_slice() {
            [v] => match reference(&v.atoms) {
                Some(n) => Some(n),
                None => {
                    self.bad_value(p, "a name", own_example(p, schema::Form::Name, "some_name"));
                    None
                }
            },
            _ => {
                self.bad_value(
                    p,
                    "one name",
                    own_example(p, schema::Form::Name, "some_name"),
                );
                None
            }
        }
    }

    /// Names separated by commas, collected into a `Vec` or (for quotes) a [`Names`].
    pub(super) fn names<C: FromIterator<Name>>(&mut self, p: &Property) -> C {
        // Exactly as many as written: most lists hold one name, and a `Vec` grown by pushing
        // would reserve four (a quote's `supports` and `phase` were 30 MB of 100k quotes'
        // memory). A `Vec` collects from the exact-size iterator below without reallocating.
        let mut out = Vec::with_capacity(p.values.len());
        for v in &p.values {
            match reference(&v.atoms) {
                Some(n) => out.push(n),
                None => {
                    self.bad_value(
                        p,
                        "names separated by commas",
                        own_example(p, schema::Form::Names, "first_name, second_name"),
                    );
                    return std::iter::empty().collect();
                }
            }
        }
        out.into_iter().collect()
    }

    /// `table number: 5`: the number a table prints, a whole number of 1 or more, or a short
    /// text (`table number: "A1"`, an appendix's or supplement's table), and where it is
    /// written. A text of digits alone (`"5"`) is that whole number.
    pub(super) fn table_number(&mut self, p: &Property) -> Option<(TableNumber, Span)> {
        let key = p.key_text();
        if let [v] = p.values.as_slice()
            && let [Atom::Str(s)] = v.atoms.as_slice()
        {
            let t = s.value.trim();
            if let Ok(n) = t.parse::<u32>()
                && n > 0
            {
                return Some((TableNumber::Whole(n), p.values_span()));
            }
            // `"Table A1"`: the word is printed already ("Table Table A1").
            if let Some(rest) = t
                .get(..6)
                .filter(|w| w.eq_ignore_ascii_case("table "))
                .and_then(|_| t.get(6..))
                .map(str::trim)
                .filter(|r| !r.is_empty())
            {
                let fixed = if rest.parse::<u32>().is_ok_and(|n| n > 0) {
                    rest.to_string()
                } else {
                    format!("\"{rest}\"")
                };
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.values_span(),
                        format!("`{key}` takes the number alone, without the word \"Table\""),
                    )
                    .label("the caption prints \"Table\" before it")
                    .help(Hint {
                        text: format!("write `{key}: {fixed}`"),
                        suggestion: Some(fixed),
                    }),
                );
                return None;
            }
            let too_long = t.chars().count() > MAX_TABLE_NUMBER;
            if t.is_empty() || too_long || t.contains(['\n', '\r']) {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.values_span(),
                        format!(
                            "`{key}` takes a whole number or a short text of one line (at most {MAX_TABLE_NUMBER} characters)"
                        ),
                    )
                    .label(if t.is_empty() {
                        "an empty number"
                    } else if too_long {
                        "too long for a table's number"
                    } else {
                        "a number of several lines"
                    })
                    .help(format!(
                        "write the number the paper prints after \"Table\": `{key}: 5` for its Table 5, `{key}: \"A1\"` for its Table A1"
                    )),
                );
                return None;
            }
            return Some((TableNumber::Text(t.to_string()), p.values_span()));
        }
        let n = self.number(p)?;
        if n == 0 {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    p.values_span(),
                    format!("`{key}` takes a number of 1 or more"),
                )
                .label("no table is numbered 0")
                .help(format!(
                    "write the number the paper prints: `{key}: 1` for its Table 1"
                )),
            );
            return None;
        }
        Some((TableNumber::Whole(n), p.values_span()))
    }

    pub(super) fn number(&mut self, p: &Property) -> Option<u32> {
        let key = p.key_text();
        let example = own_example(p, schema::Form::Number, "3");
        match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Number { text, .. }] => match text.parse::<u32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.bad_value(p, "a whole number", example);
                        None
                    }
                },
                // `year: 2023 .. 2024`: one of the two is meant.
                [Atom::Range(a, b, _)] => {
                    let end = |a: &Atom| match a {
                        Atom::Number { text, .. } => text.clone(),
                        Atom::Date(d) => d.year.to_string(),
                        _ => String::new(),
                    };
                    self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            p.values_span(),
                            format!("`{key}` takes one whole number, not a range"),
                        )
                        .label("a range")
                        .help(format!(
                            "write one number: `{key}: {}` or `{key}: {}`",
                            end(a),
                            end(b)
                        )),
                    );
                    None
                }
                _ => {
                    self.bad_value(p, "a whole number", example);
                    None
                }
            },
            _ => {
                self.bad_value(p, "one whole number", example);
                None
            }
        }
    }

    /// `coded: 62 quotations`: how many segments the data holds coded with a code, a whole
    /// number, then the author's noun for them (one word or several: `coded segments`), or a
    /// bare number (`coded: 12`).
    pub(super) fn coded(&mut self, p: &Property) -> Option<Coded> {
        let key = p.key_text();
        let example = own_example(p, schema::Form::Coded, "62 quotations");
        let [v] = p.values.as_slice() else {
            self.bad_value(p, "one whole number, then what was coded", example);
            return None;
        };
        let (count, rest) = match v.atoms.as_slice() {
            [Atom::Number { text, .. }, rest @ ..] => (text, rest),
            // `coded: "62 quotations"`: right but for its quotes.
            [Atom::Str(s)] => {
                let t = s.value.trim();
                let (n, noun) = t.split_once(' ').unwrap_or((t, ""));
                let fix = (n.parse::<u32>().is_ok()
                    && noun
                        .split_whitespace()
                        .all(|w| w.chars().all(char::is_alphabetic)))
                .then(|| {
                    format!(
                        "{n} {}",
                        noun.split_whitespace().collect::<Vec<_>>().join(" ")
                    )
                });
                match fix {
                    Some(fix) => {
                        let fix = fix.trim_end().to_string();
                        self.push(
                            Diagnostic::new(
                                C::InvalidValue,
                                p.values_span(),
                                format!("`{key}` takes a number and a noun, not a quoted text"),
                            )
                            .label("expected a whole number, then what was coded")
                            .help(Hint {
                                text: format!("write it without quotes: `{key}: {fix}`"),
                                suggestion: Some(fix),
                            }),
                        );
                    }
                    None => self.bad_value(p, "a whole number, then what was coded", example),
                }
                return None;
            }
            _ => {
                self.bad_value(p, "a whole number, then what was coded", example);
                return None;
            }
        };
        let noun: Option<Vec<&str>> = rest
            .iter()
            .map(|a| match a {
                Atom::Word(w) => Some(w.name.as_str()),
                _ => None,
            })
            .collect();
        let Some(noun) = noun else {
            self.bad_value(p, "a whole number, then what was coded", example);
            return None;
        };
        let Ok(count) = count.parse::<u32>() else {
            // `6.5 quotations`: segments are counted whole.
            let whole = count.split('.').next().unwrap_or("0");
            let fix = std::iter::once(whole)
                .chain(noun.iter().copied())
                .collect::<Vec<_>>()
                .join(" ");
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    p.values_span(),
                    format!("`{key}` counts whole segments: `{count}` is not a whole number"),
                )
                .label("not a whole number")
                .help(format!(
                    "write how many segments the data holds coded with this code, for example `{key}: {fix}`"
                )),
            );
            return None;
        };
        Some(Coded {
            count,
            noun: (!noun.is_empty()).then(|| noun.join(" ")),
            span: p.values_span(),
        })
    }

    /// A date from a `2017`, `2017-02` or `2017-02-09` atom.
    pub(super) fn date_atom(&mut self, a: &Atom) -> Option<Option<Date>> {
        let (year, month, day, span) = match a {
            Atom::Date(d) => (d.year, d.month, d.day, d.span.clone()),
            Atom::Number { text, span }
                if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (text.parse().unwrap_or(0), None, None, span.clone())
            }
            _ => return None,
        };
        match Date::new(year, month, day) {
            Ok(d) => Some(Some(d)),
            Err(why) => {
                self.push(
                    Diagnostic::new(C::InvalidDate, span, format!("impossible date: {why}"))
                        .label("no such date")
                        .help("dates are written year-month-day: 2019-02-28, or 2019-02, or 2019"),
                );
                Some(None)
            }
        }
    }

    /// A date or a range from one value's atoms. `None` if the atoms are not a date at all;
    /// `Some(None)` if they are, but an invalid one (already reported).
    pub(super) fn when_atoms(&mut self, atoms: &[Atom]) -> Option<Option<DateRange>> {
        match atoms {
            [Atom::Range(a, b, _)] => {
                let a = self.date_atom(a)?;
                let b = self.date_atom(b)?;
                Some(a.zip(b).map(|(start, end)| DateRange { start, end }))
            }
            [a] => self.date_atom(a).map(|d| d.map(DateRange::single)),
            _ => None,
        }
    }

    /// A value that is no date as written, but a date or a range as the author meant it
    /// (`April 2019`, `2019-03 to 2019-05`): reported with the value rewritten as the fix; else
    /// as [`Lowerer::bad_value`] reports it.
    pub(super) fn bad_date(&mut self, p: &Property, v: &ast::Value, expected: &str, example: &str) {
        let key = p.key_text();
        // A date right but for its quotes (`"2017-02-09"`) is told so by `bad_value`.
        let Some(fix) = date_fix(v)
            .filter(|f| !matches!(v.atoms.as_slice(), [Atom::Str(s)] if s.value.trim() == f))
        else {
            if value_words(v).iter().any(|w| messages::is_season(w)) {
                // A season is a different time of year north and south of the equator.
                return self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        v.span.clone(),
                        "a season is not a date: write the months it means, year-month-day",
                    )
                    .label("a season")
                    .help(format!(
                        "for example `{key}: 2021-03 .. 2021-05` for March to May 2021 (spring in the north)"
                    )),
                );
            }
            return self.bad_value(p, expected, example);
        };
        let range = fix.contains(" .. ");
        let text = if p.values.len() == 1 {
            format!("write `{key}: {fix}`")
        } else {
            format!("write `{fix}`")
        };
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                v.span.clone(),
                messages::dates_written(&value_words(v).join(" "), &fix),
            )
            .label(if range {
                "a range written another way"
            } else {
                "not a year-month-day date"
            })
            .help(Hint {
                text,
                suggestion: Some(fix),
            }),
        );
    }

    pub(super) fn when(&mut self, p: &Property) -> Option<DateRange> {
        match p.values.as_slice() {
            [v] => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    self.bad_date(p, v, "a date or a date range", "2017-02-09");
                    None
                }
            },
            _ => {
                self.bad_value(p, "one date or date range", "2017-01 .. 2018-06");
                None
            }
        }
    }

    pub(super) fn whens(&mut self, p: &Property) -> Vec<DateRange> {
        let mut out = Vec::new();
        for v in &p.values {
            match self.when_atoms(&v.atoms) {
                Some(Some(w)) => out.push(w),
                Some(None) => {}
                None => {
                    self.bad_date(p, v, "dates separated by commas", "2017-09-30, 2019-12-05");
                    return Vec::new();
                }
            }
        }
        out
    }

    /// The date range written after a declaration's label: `phase p1 "Phase I" 2012 .. 2016-06`.
    pub(super) fn head_when(&mut self, n: &Node, example: &str) -> Option<DateRange> {
        let kind = &n.kind.name;
        match n.values.as_slice() {
            [v] => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            v.span.clone(),
                            format!(
                                "{} `{kind}` takes a date or a date range after its label",
                                a_or_an(kind)
                            ),
                        )
                        .label("not a date")
                        .help(match date_fix(v) {
                            Some(fix) => Hint {
                                text: format!(
                                    "{}: `{fix}`",
                                    if fix.contains(" .. ") {
                                        "a date range is written with two dots"
                                    } else {
                                        "dates are written year-month-day"
                                    }
                                ),
                                suggestion: Some(fix),
                            },
                            None => format!("for example `{example}`").into(),
                        }),
                    );
                    None
                }
            },
            [] => {
                self.push(
                    Diagnostic::new(
                        C::MissingProperty,
                        n.head_span(),
                        format!("this `{kind}` has no dates"),
                    )
                    .label("dates expected after the label")
                    .help(format!("for example `{example}`")),
                );
                None
            }
            [_, second, ..] => {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        second.span.clone(),
                        format!("{} `{kind}` takes one date range", a_or_an(kind)),
                    )
                    .label("unexpected")
                    .help(format!("for example `{example}`")),
                );
                None
            }
        }
    }

    pub(super) fn minutes(&mut self, p: &Property) -> Option<u32> {
        let parsed = match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Number { text, .. }, Atom::Word(unit)] => {
                    let n: f64 = text.parse().unwrap_or(f64::NAN);
                    let per = match unit.name.as_str() {
                        "h" | "hour" | "hours" => 60.0,
                        "min" | "mins" | "minute" | "minutes" => 1.0,
                        _ => f64::NAN,
                    };
                    let m = n * per;
                    (m.is_finite() && m >= 0.0 && m.fract() == 0.0 && m <= f64::from(u32::MAX))
                        .then_some(m as u32)
                }
                _ => None,
            },
            _ => None,
        };
        if parsed.is_none() {
            let numbers: Vec<&str> = p
                .values
                .iter()
                .flat_map(|v| v.atoms.iter())
                .filter_map(|a| match a {
                    Atom::Number { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let atoms: usize = p.values.iter().map(|v| v.atoms.len()).sum();
            // `30 .. 60` is read as a range (of years), a kind of value of its own.
            let ranged = p
                .values
                .iter()
                .flat_map(|v| v.atoms.iter())
                .any(|a| !matches!(a, Atom::Number { .. } | Atom::Word(_) | Atom::Str(_)));
            match numbers.as_slice() {
                // `duration: 30 .. 60 min`: a range, as papers report the interviews' lengths.
                _ if ranged || atoms > 2 || p.values.len() > 1 => self.bad_value(
                    p,
                    "one length per source, in hours or minutes (a range such as 30–60 minutes has no place: give the typical or mean length, and the range in a comment)",
                    "45 min",
                ),
                // `duration: 45`: the number without its unit.
                [n] if atoms == 1 => self.bad_value(
                    p,
                    "a duration with its unit, in hours or minutes",
                    &format!("{n} min"),
                ),
                _ => self.bad_value(p, "a duration in hours or minutes", "45 min"),
            }
        }
        parsed
    }

    pub(super) fn colour(&mut self, p: &Property) -> Option<Colour> {
        // `colour: blue`, `colour: "Blue"`: a colour's name, given as its code.
        if let [v] = p.values.as_slice()
            && let [Atom::Word(_) | Atom::Str(_)] = v.atoms.as_slice()
            && let [name] = value_words(v).as_slice()
            && let Some((_, hex)) = COLOUR_NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    v.span.clone(),
                    format!("a colour is written as its code, \"#RRGGBB\", not as `{}`", name),
                )
                .label("a colour's name")
                .help(Hint {
                    text: format!("for {name}, write `colour: \"{hex}\"` (or the code of any colour you choose)"),
                    suggestion: Some(format!("\"{hex}\"")),
                }),
            );
            return None;
        }
        let t = self.one_text(p, "a colour")?;
        let hex = t.text.strip_prefix('#').unwrap_or("");
        let ok = hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    t.span,
                    format!("`{}` is not a colour", t.text),
                )
                .label("expected \"#RRGGBB\"")
                .help("write colours as six hexadecimal digits: `colour: \"#4E79A7\"`"),
            );
            return None;
        }
        let byte =
            |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        Some(Colour([byte(0), byte(2), byte(4)]))
    }

    /// One of the words of `options` (`quote marks: single`, `quote place: under labels`: an
    /// option may be several words), and where it is written; any other value is reported
    /// with the words there are.
    pub(super) fn choice<T: Copy + PartialEq>(
        &mut self,
        p: &Property,
        options: &[(&str, T)],
    ) -> Option<(T, Span)> {
        let found = property_words(p)
            .filter(|w| !w.is_empty())
            .and_then(|words| {
                options
                    .iter()
                    .find(|(o, _)| {
                        o.split(' ').count() == words.len()
                            && o.split(' ')
                                .zip(&words)
                                .all(|(o, w)| o.eq_ignore_ascii_case(w))
                    })
                    .map(|(_, t)| *t)
            });
        if found.is_none() {
            // Each value by its first word only (`under labels`, not also `under label`).
            let words: Vec<String> = options
                .iter()
                .enumerate()
                .filter(|(i, (_, t))| options[..*i].iter().all(|(_, u)| u != t))
                .map(|(_, (o, _))| format!("`{o}`"))
                .collect();
            let expected = match words.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            let key = p.key_text();
            // `quote marks: "single"` (or in typographic quotes): the word is right but for its
            // quotes; `quote place: own colum`: a near miss of one of the words.
            let text = match p.values.as_slice() {
                [v] => match v.atoms.as_slice() {
                    [Atom::Str(s)] => Some(s.value.trim().to_string()),
                    _ => None,
                },
                _ => None,
            };
            let written = property_words(p).map(|w| w.join(" "));
            let quoted_word = text.as_deref().and_then(|t| {
                options
                    .iter()
                    .map(|(o, _)| *o)
                    .find(|o| o.eq_ignore_ascii_case(t))
            });
            let near = written
                .as_deref()
                .or(text.as_deref())
                .and_then(|w| crate::diagnostics::nearest(w, options.iter().map(|(o, _)| *o)));
            match (quoted_word, near) {
                (Some(word), _) => self.invalid_value(
                    p,
                    &expected,
                    Hint {
                        text: format!("write it without quotes: `{key}: {word}`"),
                        suggestion: Some(word.to_string()),
                    },
                ),
                (None, Some(word)) => self.invalid_value(
                    p,
                    &expected,
                    Hint {
                        text: format!("did you mean `{key}: {word}`?"),
                        suggestion: Some(word.to_string()),
                    },
                ),
                (None, None) => {
                    let example = options.get(1).or(options.first()).map_or("", |(o, _)| *o);
                    self.bad_value(p, &expected, example);
                }
            }
        }
        found.map(|t| (t, p.values_span()))
    }

    pub(super) fn yes_no(&mut self, p: &Property) -> Option<bool> {
        let answer = match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Word(w)] if matches!(w.name.as_str(), "yes" | "true") => Some(true),
                [Atom::Word(w)] if matches!(w.name.as_str(), "no" | "false") => Some(false),
                _ => None,
            },
            _ => None,
        };
        if answer.is_none() {
            self.bad_value(p, "yes or no", "yes");
        }
        answer
    }
}

/// The words of a property's one value of words only (`highest first`), or `None` for any
/// other value.
pub(super) fn property_words(p: &Property) -> Option<Vec<&str>> {
    match p.values.as_slice() {
        [v] => v
            .atoms
            .iter()
            .map(|a| match a {
                Atom::Word(w) => Some(w.name.as_str()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Colours by name, as their codes: the blue of the examples (`#4E79A7`) and the other colours
/// of the same palette (Tableau 10, made to tell apart in charts), black, white and grey.
const COLOUR_NAMES: &[(&str, &str)] = &[
    ("blue", "#4E79A7"),
    ("orange", "#F28E2B"),
    ("red", "#E15759"),
    ("teal", "#76B7B2"),
    ("green", "#59A14F"),
    ("yellow", "#EDC948"),
    ("purple", "#B07AA1"),
    ("pink", "#FF9DA7"),
    ("brown", "#9C755F"),
    ("grey", "#BAB0AC"),
    ("gray", "#BAB0AC"),
    ("black", "#000000"),
    ("white", "#FFFFFF"),
];

/// The values of `p` with each one written as bare words (`IDN27`, `Patient 4`) put in
/// quotes and numbers and dates kept as they are, if any value was bare words. With
/// `one_text`, bare words separated by commas are one text (`"P3, manager"`).
fn quoted(p: &Property, one_text: bool) -> Option<String> {
    let mut any = false;
    let mut out: Vec<String> = Vec::with_capacity(p.values.len());
    // Whether the last value pushed is a text of bare words that the next may continue.
    let mut open = false;
    for v in &p.values {
        match v.atoms.as_slice() {
            [Atom::Number { text, .. }] => {
                open = false;
                out.push(text.clone())
            }
            [Atom::Date(d)] => {
                open = false;
                out.push(date_text(d))
            }
            [Atom::Str(_), ..] | [Atom::Range(..), ..] | [] => return None,
            atoms => {
                // `by: worker 2017`: a year or date after the words is a value of its own.
                let (atoms, when) = match atoms {
                    [rest @ .., Atom::Date(d)] if !rest.is_empty() => (rest, Some(date_text(d))),
                    [rest @ .., Atom::Number { text, .. }] if !rest.is_empty() && is_year(text) => {
                        (rest, Some(text.clone()))
                    }
                    _ => (atoms, None),
                };
                let mut words = Vec::with_capacity(atoms.len());
                for a in atoms {
                    match a {
                        Atom::Word(w) => words.push(w.name.to_string()),
                        Atom::Number { text, .. } => words.push(text.clone()),
                        Atom::Date(d) => words.push(date_text(d)),
                        _ => return None,
                    }
                }
                any = true;
                let words = words.join(" ");
                match out.last_mut() {
                    Some(last) if one_text && open => {
                        last.pop();
                        last.push_str(&format!(", {words}\""));
                    }
                    _ => out.push(format!("\"{words}\"")),
                }
                open = when.is_none();
                out.extend(when);
            }
        }
    }
    any.then(|| out.join(", "))
}

/// The values of `p` with each quoted year, date or number unquoted (`"2016"`, `"2017-02-09"`)
/// and the other texts kept, if any value was such a number or date.
fn unquoted(p: &Property) -> Option<String> {
    let mut any = false;
    let mut out = Vec::with_capacity(p.values.len());
    for v in &p.values {
        let [Atom::Str(s)] = v.atoms.as_slice() else {
            return None;
        };
        let t = s.value.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let date = parts.len() <= 3
            && parts.first().is_some_and(|y| y.len() == 4)
            && parts[1..].iter().all(|m| m.len() == 2)
            && parts.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()));
        let number = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if date || number {
            any = true;
            out.push(t.to_string());
        } else if s.value.contains(['"', '\\', '\n']) {
            return None;
        } else {
            out.push(format!("\"{}\"", s.value));
        }
    }
    any.then(|| out.join(", "))
}

/// A number that reads as a year (`2017`), not as part of a name (`Patient 4`).
fn is_year(text: &str) -> bool {
    text.len() == 4
        && text
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2200).contains(&y))
}

fn date_text(d: &ast::DateLit) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{:04}-{m:02}-{day:02}", d.year),
        (Some(m), None) => format!("{:04}-{m:02}", d.year),
        _ => format!("{:04}", d.year),
    }
}

/// The date or range the author meant by a value that is none as written (see
/// [`crate::syntax::messages::date_meant`]), written as the language writes it.
fn date_fix(v: &ast::Value) -> Option<String> {
    let words = value_words(v);
    messages::range_meant(&words).or_else(|| messages::date_meant(&words))
}

/// The words of a value as written, a quoted text's among them (`"March 2021 .. June 2021"`).
fn value_words(v: &ast::Value) -> Vec<String> {
    let mut words = Vec::new();
    for a in &v.atoms {
        match a {
            Atom::Date(d) => words.push(date_text(d)),
            Atom::Number { text, .. } => words.push(text.clone()),
            Atom::Word(w) => words.push(w.name.to_string()),
            Atom::Str(s) => words.extend(messages::tokens(&s.value)),
            Atom::Range(a, b, _) => {
                words.extend(value_words_of(a));
                words.push("..".to_string());
                words.extend(value_words_of(b));
            }
        }
    }
    words
}

/// The example of the property `p` names, as the schema gives it for a value of `form`, else
/// `fallback`: a message's example is the property's own (`role: "team lead"`).
fn own_example(p: &Property, form: schema::Form, fallback: &'static str) -> &'static str {
    schema::example(&p.key_text(), form).unwrap_or(fallback)
}

/// An atom as written in the language (a text with its quotes).
pub(super) fn atom_text(a: &Atom) -> String {
    match a {
        Atom::Date(d) => date_text(d),
        Atom::Number { text, .. } => text.clone(),
        Atom::Word(w) => w.name.to_string(),
        Atom::Str(s) => format!("\"{}\"", s.value),
        Atom::Range(a, b, _) => format!("{} .. {}", atom_text(a), atom_text(b)),
    }
}

fn value_words_of(a: &Atom) -> Option<String> {
    match a {
        Atom::Date(d) => Some(date_text(d)),
        Atom::Number { text, .. } => Some(text.clone()),
        _ => None,
    }
}

impl Lowerer {
    /// `word` if it is one of `words` (the few a value takes after its first parts: `right`,
    /// `under`, `after`), or the one it is a near miss of (`undr`), reported once per value
    /// (`reported`) with its did-you-mean, whose fix is the word; `None` for any other word.
    pub(super) fn near_keyword(
        &mut self,
        word: &ast::Ident,
        words: &[&'static str],
        key: &str,
        reported: &mut bool,
    ) -> Option<&'static str> {
        if let Some(w) = words.iter().find(|w| **w == word.name) {
            return Some(w);
        }
        let near = crate::diagnostics::nearest(&word.name, words.iter().copied())?;
        let meant = words.iter().copied().find(|w| *w == near)?;
        if !*reported {
            *reported = true;
            let expected: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
            let expected = match expected.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => expected.join(""),
            };
            let hint = did_you_mean(&word.name, [meant]).unwrap_or_else(|| Hint {
                text: format!("did you mean `{meant}`?"),
                suggestion: Some(meant.to_string()),
            });
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    word.span.clone(),
                    format!("`{}` is not a word `{key}:` takes here", word.name),
                )
                .label(format!("expected {expected}"))
                .help(hint),
            );
        }
        Some(meant)
    }

    /// Whether the words of a value, each with the words its place takes, are all those or
    /// near misses of them, at least one a near miss (reported): `coded aftr label`.
    pub(super) fn near_words(
        &mut self,
        places: &[(&ast::Ident, &[&'static str])],
        key: &str,
    ) -> bool {
        let fits = |w: &ast::Ident, words: &[&str]| {
            words.contains(&w.name.as_str())
                || crate::diagnostics::nearest(&w.name, words.iter().copied()).is_some()
        };
        if !places.iter().all(|(w, words)| fits(w, words))
            || places
                .iter()
                .all(|(w, words)| words.contains(&w.name.as_str()))
        {
            return false;
        }
        let mut reported = false;
        for (w, words) in places {
            self.near_keyword(w, words, key, &mut reported);
        }
        reported
    }
}
