//! Data structures and their codes, nested or mapped.

use super::*;

impl Lowerer {
    pub(super) fn maps_not_allowed(&mut self, maps: &[&ast::MapStmt], what: &str) {
        for m in maps {
            self.push(
                Diagnostic::new(
                    C::UnknownDeclaration,
                    m.span.clone(),
                    format!("`map` cannot stand inside {what}"),
                )
                .label("not allowed here")
                .help("write `map` at the top of the file or inside a structure"),
            );
        }
    }

    pub(super) fn structure(&mut self, n: &Node) {
        let id = self.need_name(n);
        let caption = self.need_label(n, "a caption");
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::STRUCTURE));
        let label = self.text_field(&mut parts.fields, "label", "a label");
        let table_number = parts
            .fields
            .take("table number")
            .and_then(|p| self.table_number(p));
        let overall_heading =
            self.text_field(&mut parts.fields, "overall heading", "an overall heading");
        let quote_heading = self.text_field(&mut parts.fields, "quote heading", "a quote heading");
        let attribution_column = self.text_field(
            &mut parts.fields,
            "attribution column",
            "the heading of the attribution column",
        );
        let level_headings = parts
            .fields
            .take("level heading")
            .map(|p| self.level_headings(p))
            .unwrap_or_default();
        let columns = parts
            .fields
            .take("column")
            .map(|p| self.columns(p, true))
            .unwrap_or_default();
        let level_order = parts
            .fields
            .take("level order")
            .and_then(|p| self.level_order(p));
        let quote_place = parts
            .fields
            .take("quote place")
            .and_then(|p| self.choice(p, QuotePlace::WORDS));
        let highest_level = parts
            .fields
            .take("highest level")
            .and_then(|p| self.choice(p, HighestLevel::WORDS));
        let (level_columns, level_columns_from) = parts
            .fields
            .take("level columns")
            .map(|p| self.level_columns(p))
            .unwrap_or_default();
        let note = parts.fields.take("note").and_then(|p| self.note_text(p));
        let page = parts
            .fields
            .take("page")
            .and_then(|p| self.choice(p, Page::WORDS));
        self.leftovers(parts.fields);
        let (Some(id), Some(caption)) = (id, caption) else {
            return;
        };
        let index = self.cb.structures.len();
        self.cb.structures.push(Structure {
            id,
            caption,
            label,
            table_number,
            overall_heading,
            quote_heading,
            attribution_column,
            level_headings,
            columns,
            level_order,
            quote_place,
            highest_level,
            level_columns,
            level_columns_from,
            note,
            page,
            span: n.span.clone(),
        });
        for m in parts.maps {
            self.map(m);
        }
        for child in parts.nodes {
            self.code_or_other(child, index, None);
        }
    }

    /// `level heading: subtheme "Themes", code "Codes"`: per value a level's name (one word)
    /// and the heading its column has in this structure's tables. Whether the name is a level
    /// is checked later, with the other references. A value of another form is reported, and
    /// the others are kept.
    fn level_headings(&mut self, p: &Property) -> Vec<(Name, Text)> {
        let key = p.key_text();
        let mut out: Vec<(Name, Text)> = Vec::with_capacity(p.values.len());
        for v in &p.values {
            match v.atoms.as_slice() {
                [Atom::Word(w), Atom::Str(s)] => {
                    let level = name(w);
                    if let Some((first, _)) = out.iter().find(|(n, _)| n.id == level.id) {
                        let first = first.span.clone();
                        self.push(
                            Diagnostic::new(
                                C::DuplicateProperty,
                                level.span.clone(),
                                format!("`{key}` gives `{}` two headings", level.id),
                            )
                            .label("again here")
                            .with(first, "first given here")
                            .help("give each level one heading"),
                        );
                        continue;
                    }
                    out.push((level, text(s)));
                }
                _ => self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        v.span.clone(),
                        format!("`{key}` takes a level's name and its quoted heading"),
                    )
                    .label("expected a level and a quoted heading")
                    .help(format!(
                        "write `{key}: theme \"Themes\"`; several are separated by commas: `{key}: theme \"Themes\", concept \"Codes\"`"
                    )),
                ),
            }
        }
        out
    }

    /// `level columns: one`, `one per level`, or `one from cluster` (`one column from
    /// cluster`): the levels from `cluster` down share one column, each above it has its own.
    /// Whether the name is a level, and one that leaves levels both in the one column and in
    /// columns of their own, is checked later, with the other references.
    fn level_columns(&mut self, p: &Property) -> (Option<(LevelColumns, Span)>, Option<Name>) {
        if let [v] = p.values.as_slice()
            && let Some(from) = v
                .atoms
                .iter()
                .position(|a| matches!(a, Atom::Word(w) if w.name.eq_ignore_ascii_case("from")))
        {
            let words = super::values::property_words(p).unwrap_or_default();
            let head = words.get(..from).unwrap_or_default();
            let one = head.len() == 1
                || head
                    .get(1)
                    .is_some_and(|w| w.eq_ignore_ascii_case("column"));
            return match (v.atoms.get(from + 1..).unwrap_or_default(), head.first()) {
                ([Atom::Word(level)], Some(first))
                    if first.eq_ignore_ascii_case("one") && one && head.len() <= 2 =>
                {
                    (
                        Some((LevelColumns::One, p.values_span())),
                        Some(name(level)),
                    )
                }
                _ => {
                    // The level above the lowest, in the file's words, as the example.
                    let level = self.cb.levels.get(1).map_or("theme", |l| l.name.as_str());
                    let key = p.key_text();
                    let help = format!(
                        "write `{key}: one from {level}`: the levels from `{level}` down share one column, each level above it has its own"
                    );
                    self.invalid_value(p, "`one from` and one level's name", help.into());
                    (None, None)
                }
            };
        }
        (self.choice(p, LevelColumns::WORDS), None)
    }

    /// `level order: highest first` or `lowest first`: which level's column a structure's table
    /// prints first. Anything else is reported with both forms, in the words of the file's
    /// levels.
    fn level_order(&mut self, p: &Property) -> Option<(LevelOrder, Span)> {
        let words = super::values::property_words(p);
        let order = match words.as_deref() {
            Some(["highest", "first"] | ["lowest", "last"]) => Some(LevelOrder::HighestFirst),
            Some(["lowest", "first"] | ["highest", "last"]) => Some(LevelOrder::LowestFirst),
            _ => None,
        };
        if let Some(o) = order {
            return Some((o, p.values_span()));
        }
        let key = p.key_text();
        // A value that names one end (`highest`, `main themes first`, `concept first`)
        // suggests that end's form.
        let written = p
            .values
            .iter()
            .flat_map(|v| &v.atoms)
            .filter_map(|a| match a {
                Atom::Word(w) => Some(w.name.as_str().to_lowercase()),
                Atom::Str(s) => Some(s.value.to_lowercase()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        let names = |l: Option<&Level>, word: &str| {
            let mut out = vec![word.to_string()];
            if let Some(l) = l {
                out.push(l.name.to_lowercase());
                out.push(l.heading.to_lowercase());
            }
            out
        };
        let starts = |ends: &[String]| {
            ends.iter()
                .any(|e| !e.is_empty() && written.starts_with(e.as_str()))
        };
        let suggestion = if starts(&names(self.cb.levels.last(), "highest")) {
            Some("highest first")
        } else if starts(&names(self.cb.levels.first(), "lowest")) {
            Some("lowest first")
        } else {
            None
        };
        let heading =
            |l: Option<&Level>| l.map_or_else(String::new, |l| format!(" (\"{}\")", l.heading));
        let (lowest, highest) = (
            heading(self.cb.levels.first()),
            heading(self.cb.levels.last()),
        );
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                p.values_span(),
                format!("`{key}` takes `highest first` or `lowest first`"),
            )
            .label("expected `highest first` or `lowest first`")
            .help(Hint {
                text: format!(
                    "{}`{key}: highest first` prints the highest level's column{highest} first \
                     and the quotes last; `{key}: lowest first`, as tables do without it, the \
                     quotes first, then the lowest level's column{lowest}",
                    suggestion.map_or_else(String::new, |s| format!("did you mean `{s}`? "))
                ),
                suggestion: suggestion.map(str::to_string),
            }),
        );
        None
    }

    /// `column: code "Code", effect "Effect"`: per value an attribute's name (one word) and
    /// its heading, then `right` for a column right of its level's labels (`left`, the
    /// default, may be written too). The heading may be empty (`""`), for a column the paper
    /// prints without one, such as the numbers of its themes. Last, `under "Common heading"`
    /// puts a heading over it and the columns beside it with the same one (never empty). In a
    /// structure (`in_labels`), a
    /// value may instead be printed in the label's own cell: `coded after label`, optionally
    /// with its form (`"[…]"`, `"(n = …)"`). A value of another form is reported, and the
    /// others are kept.
    pub(super) fn columns(&mut self, p: &Property, in_labels: bool) -> Vec<AttributeColumn> {
        let mut out: Vec<AttributeColumn> = Vec::with_capacity(p.values.len());
        let key = p.key_text();
        for v in &p.values {
            let (w, heading, right, under, in_label) = match v.atoms.as_slice() {
                [Atom::Word(w), Atom::Str(s), tail @ ..] => {
                    match self.column_tail(&key, v, w, s, tail) {
                        Ok((right, under)) => (w, text(s), right, under, None),
                        Err(reported) => {
                            if !reported {
                                self.column_form(&key, v, in_labels);
                            }
                            continue;
                        }
                    }
                }
                [
                    Atom::Word(w),
                    Atom::Word(after),
                    Atom::Word(label),
                    form @ ..,
                ] if after.name == "after"
                    && label.name == "label"
                    && matches!(form, [] | [Atom::Str(_)]) =>
                {
                    if !in_labels {
                        self.push(
                            Diagnostic::new(
                                C::InvalidValue,
                                v.span.clone(),
                                format!("`{key}` prints its values in columns, not after labels"),
                            )
                            .label("not a column")
                            .help(format!(
                                "give the column a heading: `{key}: {} \"Heading\"`; only a structure's `column:` prints a value after a code's label",
                                w.name
                            )),
                        );
                        continue;
                    }
                    let form = match form {
                        [Atom::Str(s)] => text(s),
                        _ => Text {
                            text: InLabel::DEFAULT.to_string(),
                            span: label.span.clone(),
                        },
                    };
                    let span = form.span.clone();
                    let Some(in_label) = InLabel::parse(form) else {
                        self.push(
                            Diagnostic::new(
                                C::InvalidValue,
                                span,
                                "the form of a value after a label needs `…` where the value goes",
                            )
                            .label("no `…` in it")
                            .help(format!(
                                "write the form with `…` (or `...`) for the value: `{key}: {} after label \"[…]\"` prints \"Label [62 quotations]\", `\"(n = …)\"` prints \"Label (n = 62)\"",
                                w.name
                            )),
                        );
                        continue;
                    };
                    let heading = Text {
                        text: String::new(),
                        span: w.span.clone(),
                    };
                    (w, heading, false, None, Some(in_label))
                }
                // `coded aftr label`: a near miss, reported with its did-you-mean.
                [Atom::Word(_), Atom::Word(after), Atom::Word(label), ..]
                    if self.near_words(&[(after, &["after"]), (label, &["label"])], &key) =>
                {
                    continue;
                }
                // `column: n Count right`: the heading written without its quotes.
                [Atom::Word(w), rest @ ..]
                    if rest.first().is_some_and(|a| {
                        matches!(a, Atom::Word(x) if !["left", "right", "under", "after"].contains(&x.name.as_str()))
                    }) =>
                {
                    self.unquoted_heading(&key, w, rest);
                    continue;
                }
                _ => {
                    self.column_form(&key, v, in_labels);
                    continue;
                }
            };
            let attribute = name(w);
            if let Some(first) = out.iter().find(|c| c.attribute.id == attribute.id) {
                self.push(
                    Diagnostic::new(
                        C::DuplicateProperty,
                        attribute.span.clone(),
                        format!("the attribute `{}` has a column already", attribute.id),
                    )
                    .label("again here")
                    .with(first.attribute.span.clone(), "first given here")
                    .help("give each attribute one column"),
                );
                continue;
            }
            out.push(AttributeColumn {
                attribute,
                heading,
                right,
                in_label,
                under,
            });
        }
        out
    }

    /// The words after a column's heading: `left` or `right`, then `under "Common heading"`.
    /// A near miss of one of them (`undr`, `rigth`) is reported with a did-you-mean and read
    /// as meant, and so is `under "…"` written before `right`: one error, whose fix is the
    /// value with its words in order. `Err(reported)` for a tail of another form, `true` when
    /// a near miss has been reported for it already.
    fn column_tail(
        &mut self,
        key: &str,
        v: &ast::Value,
        w: &ast::Ident,
        heading: &ast::Str,
        tail: &[Atom],
    ) -> Result<(bool, Option<Text>), bool> {
        const WORDS: &[&str] = &["left", "right", "under"];
        let mut reported = false;
        let mut side: Option<&str> = None;
        let mut under: Option<Text> = None;
        let mut out_of_order = false;
        let mut rest = tail;
        while let [first, after @ ..] = rest {
            let Atom::Word(x) = first else {
                return Err(reported);
            };
            let Some(word) = self.near_keyword(x, WORDS, key, &mut reported) else {
                // `right definition "Description"`: the next column, its comma left out.
                if let (false, [Atom::Str(next), ..]) = (reported, after) {
                    self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            x.span.clone(),
                            format!("a `,` is missing before `{}`", x.name),
                        )
                        .label("another column starts here")
                        .help(format!(
                            "columns are separated by commas: `, {} {}`",
                            x.name,
                            crate::format::literal(&next.value)
                        )),
                    );
                    return Err(true);
                }
                return Err(reported);
            };
            rest = after;
            if word == "under" {
                // `under Concepts`: the heading over the columns written without its quotes.
                let unquoted: Vec<&ast::Ident> = rest
                    .iter()
                    .map_while(|a| match a {
                        Atom::Word(x) => Some(x),
                        _ => None,
                    })
                    .collect();
                if !reported
                    && let (Some(first), Some(last)) = (unquoted.first(), unquoted.last())
                    && unquoted.len() == rest.len()
                {
                    let words: Vec<&str> = unquoted.iter().map(|x| x.name.as_str()).collect();
                    let quoted = crate::format::literal(&words.join(" "));
                    let side = side.map(|s| format!(" {s}")).unwrap_or_default();
                    let fixed = format!(
                        "{} {}{side} under {quoted}",
                        w.name,
                        crate::format::literal(&heading.value),
                    );
                    self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            first.span.start..last.span.end,
                            "the heading after `under` is a text: it goes in quotes",
                        )
                        .label("written without quotes")
                        .help(Hint {
                            text: format!("put it in quotes: `{key}: {fixed}`"),
                            suggestion: Some(quoted),
                        }),
                    );
                    return Err(true);
                }
                let [Atom::Str(s), after @ ..] = rest else {
                    return Err(reported);
                };
                if under.is_some() {
                    return Err(reported);
                }
                under = Some(text(s));
                rest = after;
            } else {
                if side.is_some() {
                    return Err(reported);
                }
                out_of_order = under.is_some();
                side = Some(word);
            }
        }
        if let (true, false, Some(side), Some(u)) = (out_of_order, reported, side, &under) {
            let fixed = format!(
                "{} {} {side} under {}",
                w.name,
                crate::format::literal(&heading.value),
                crate::format::literal(&u.text)
            );
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    v.span.clone(),
                    format!("`{side}` goes before `under` in `{key}:`"),
                )
                .label(format!("`under` and its heading come last, after `{side}`"))
                .help(Hint {
                    text: format!("write the words in this order: `{key}: {fixed}`"),
                    suggestion: Some(fixed),
                }),
            );
        }
        if let Some(u) = under.as_ref().filter(|u| u.text.trim().is_empty()) {
            self.push(
                Diagnostic::new(
                    C::EmptyText,
                    u.span.clone(),
                    "a common heading over columns is empty",
                )
                .label("no text")
                .help(
                    "write the heading the columns share (`under \"Number of caregivers, n (%)\"`), or leave `under \"\"` out: a column without `under` has no heading over it"
                ),
            );
            under = None;
        }
        Ok((side == Some("right"), under))
    }

    /// A column whose heading is written without its quotes (`column: n Count right`): one
    /// error at the words, whose fix quotes them.
    fn unquoted_heading(&mut self, key: &str, w: &ast::Ident, rest: &[Atom]) {
        let words: Vec<&ast::Ident> = rest
            .iter()
            .map_while(|a| match a {
                Atom::Word(x) if !["left", "right", "under"].contains(&x.name.as_str()) => Some(x),
                _ => None,
            })
            .collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return;
        };
        let heading = words
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let quoted = crate::format::literal(&heading);
        let tail: Vec<String> = rest[words.len()..]
            .iter()
            .map(|a| match a {
                Atom::Word(x) => x.name.to_string(),
                Atom::Str(s) => crate::format::literal(&s.value),
                _ => "…".to_string(),
            })
            .collect();
        let fixed = std::iter::once(format!("{} {quoted}", w.name))
            .chain(tail)
            .collect::<Vec<_>>()
            .join(" ");
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                first.span.start..last.span.end,
                "a column's heading is a text: it goes in quotes",
            )
            .label("written without quotes")
            .help(Hint {
                text: format!("put it in quotes: `{key}: {fixed}`"),
                suggestion: Some(quoted),
            }),
        );
    }

    /// The error for a column of no form `key` takes.
    fn column_form(&mut self, key: &str, v: &ast::Value, in_labels: bool) {
        let after = if in_labels {
            format!(
                ", or `{key}: coded after label \"[…]\"` to print the value in the label's cell"
            )
        } else {
            String::new()
        };
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                v.span.clone(),
                format!(
                    "`{key}` takes an attribute's name, then a quoted heading, then \
                     `right` for a column right of the labels, then `under` and a \
                     heading over several columns"
                ),
            )
            .label("expected a name, then a quoted heading")
            .help(format!(
                "for example `{key}: code \"Code\"`, `{key}: senior \"Senior leaders\" right` or `{key}: picu \"PICU\" under \"Caregivers\"`{after}; several columns are separated by commas"
            )),
        );
    }

    /// `also under: doctors, ct_system after monitoring`: the other parents, each optionally
    /// with the place among its codes (`after` or `before` one of them). A value of another form
    /// is reported and the list left out, as for any list of names.
    fn also_under(&mut self, p: &Property) -> (Vec<Name>, Vec<Option<Place>>) {
        let mut parents = Vec::with_capacity(p.values.len());
        let mut places = Vec::with_capacity(p.values.len());
        for v in &p.values {
            let side = v
                .atoms
                .iter()
                .enumerate()
                .skip(1)
                .find_map(|(i, a)| match a {
                    Atom::Word(w) if w.name == "after" => Some((i, true)),
                    Atom::Word(w) if w.name == "before" => Some((i, false)),
                    _ => None,
                });
            // `doctors aftr monitoring`: a near miss of `after` or `before`, read as meant.
            let side = side.or_else(|| match v.atoms.as_slice() {
                [Atom::Word(_), Atom::Word(w), Atom::Word(_)] => {
                    let mut reported = false;
                    let key = p.key_text();
                    self.near_keyword(w, &["after", "before"], &key, &mut reported)
                        .map(|k| (1, k == "after"))
                }
                _ => None,
            });
            let (parent, place) = match side {
                Some((i, after)) => {
                    let (head, tail) = v.atoms.split_at(i);
                    let sibling = tail.get(1..).and_then(reference);
                    match (reference(head), sibling) {
                        (Some(parent), Some(sibling)) => {
                            (Some(parent), Some(Place { after, sibling }))
                        }
                        _ => (None, None),
                    }
                }
                None => (reference(&v.atoms), None),
            };
            let Some(parent) = parent else {
                let key = p.key_text();
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        v.span.clone(),
                        format!(
                            "`{key}` takes codes, each optionally with `after` or `before` one of its codes"
                        ),
                    )
                    .label("expected a code, or a code, `after` or `before`, and one of its codes")
                    .help(format!(
                        "for example `{key}: doctors` or `{key}: doctors after supported_in_dialogue` \
                         (which places this code right after `supported_in_dialogue` among the \
                         codes of `doctors`); several parents are separated by commas"
                    )),
                );
                return (Vec::new(), Vec::new());
            };
            parents.push(parent);
            places.push(place);
        }
        (parents, places)
    }

    pub(super) fn code_or_other(&mut self, n: &Node, structure: usize, parent: Option<usize>) {
        let kind = n.kind.name.as_str();
        if let Some(level) = self.level_index(kind) {
            if let Some(u) = self.level_used.get_mut(level) {
                *u = true;
            }
            self.code(n, level, structure, parent);
        } else if let Some(level) = self.near_level(n, kind) {
            self.code(n, level, structure, parent);
        } else if kind == "quote" {
            match parent {
                Some(p) => self.quote(n, Some(p)),
                None => self.push(
                    Diagnostic::new(C::UnknownDeclaration, n.kind.span.clone(), "a quote inside a structure must stand inside the code it supports")
                        .label("not inside a code")
                        .help("move the quote into a concept's block, or to the top of the file with `supports:`"),
                ),
            }
        } else {
            let mut allowed: Vec<&str> = self
                .cb
                .levels
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>();
            allowed.push("quote");
            let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            // The enclosing code named by its level (`inside a theme`).
            let place = match parent
                .and_then(|p| self.cb.codes.get(p))
                .and_then(|c| self.cb.levels.get(c.level.rank()))
            {
                Some(l) => format!("inside {} {}", a_or_an(&l.name), l.name),
                None if parent.is_some() => "inside a code".to_string(),
                None => "inside a structure".to_string(),
            };
            if !self.level_left_out(n, kind, &allowed) {
                self.unknown_kind(n, kind, &place, &allowed);
            }
        }
    }

    /// `dimension coord "Coordinating care" { theme … }` where the `levels` line stops at
    /// `theme`: a level above the highest, left out of the line. Reported (instead of an unknown
    /// declaration) when the word is no near miss of one the block takes and its block holds
    /// codes of the highest level; the fix adds it to the line.
    fn level_left_out(&mut self, n: &Node, kind: &str, allowed: &[&str]) -> bool {
        let Some(highest) = self.cb.levels.last() else {
            return false;
        };
        let holds_highest = n
            .children()
            .iter()
            .any(|s| matches!(s, Statement::Node(c) if c.kind.name == highest.name));
        if self.levels_seen.is_none()
            || highest.span.is_empty()
            || n.name.is_none()
            || !holds_highest
            || did_you_mean(kind, allowed.iter().copied()).is_some()
        {
            return false;
        }
        let mut heading: String = kind.chars().take(1).flat_map(char::to_uppercase).collect();
        heading.push_str(
            kind.get(kind.chars().next().map_or(0, char::len_utf8)..)
                .unwrap_or(""),
        );
        if !heading.ends_with('s') {
            heading.push('s');
        }
        let addition = format!("-> {kind} \"{heading}\"");
        let names: Vec<&str> = self.cb.levels.iter().map(|l| l.name.as_str()).collect();
        let d = Diagnostic::new(
            C::UnknownDeclaration,
            n.kind.span.clone(),
            format!(
                "`{kind}` is not one of the levels the `levels` line names ({})",
                names.join(", ")
            ),
        )
        .label("not a level")
        .with(
            highest.span.clone(),
            format!("the highest level, `{}`", highest.name),
        )
        .help(format!(
            "to make `{kind}` the level above `{}`, add it at the end of the `levels` line: `{addition}`",
            highest.name
        ));
        unread_names(n, &mut self.cb.unread_names);
        self.push(d);
        true
    }

    pub(super) fn code(&mut self, n: &Node, level: usize, structure: usize, parent: Option<usize>) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::CODE));
        let definition = self.text_field(&mut parts.fields, "definition", "a definition");
        let colour = parts.fields.take("colour").and_then(|p| self.colour(p));
        let coded = parts.fields.take("coded").and_then(|p| self.coded(p));
        let (also_under, also_places) = parts
            .fields
            .take("also under")
            .map(|p| self.also_under(p))
            .unwrap_or_default();
        let attributes = self.own_attributes(parts.fields.rest(), &schema::CODE);
        for m in parts.maps {
            self.map(m);
        }
        let (Some(id), Some(label)) = (id, label) else {
            // Children are still worth checking.
            for child in parts.nodes {
                self.code_or_other(child, structure, None);
            }
            return;
        };
        let index = self.cb.codes.len();
        self.cb.codes.push(Code {
            id,
            label,
            level: LevelId::of_rank(level),
            structure: StructureId::from_index(structure),
            nested_in: parent.map(CodeId::from_index),
            also_under,
            also_places,
            definition,
            colour,
            coded,
            attributes,
            span: n.span.clone(),
        });
        for child in parts.nodes {
            self.code_or_other(child, structure, Some(index));
        }
    }

    /// The properties of the author's own in an open declaration (a code's `effect:`, a
    /// phase's `activity:`): one word each, not a misspelt property of `spec`; each value an
    /// item (`activity: "Expert panel", "Delphi"`).
    pub(super) fn own_attributes<'a>(
        &mut self,
        rest: impl Iterator<Item = &'a Property>,
        spec: &schema::Declaration,
    ) -> Vec<Attribute> {
        let mut attributes = Vec::new();
        for p in rest {
            if p.key.len() != 1 {
                let written = p.key.iter().map(|w| w.name.as_str()).collect::<Vec<_>>();
                let written = written.join(" ");
                // `quote heading:` in a theme: a property of another kind of declaration.
                let diagnostic = match of_another_kind(p, &written, spec) {
                    Some(d) => d,
                    None => Diagnostic::new(
                        C::UnknownProperty,
                        p.key_span(),
                        "an attribute's name is one word",
                    )
                    .label("several words")
                    .help("join the words with `_`: `my_attribute: value`"),
                };
                self.push(diagnostic);
                continue;
            }
            // `definiton:`, `colur:`, `also_under:`: most likely a property misspelt, which
            // would otherwise pass as an attribute of the author's own.
            let written = p.key[0].name.replace('_', " ");
            let joined = spec
                .spellings()
                .find(|s| *s == written && written != p.key[0].name)
                .map(|s| Hint {
                    text: format!("did you mean `{s}`?"),
                    suggestion: Some(s.to_string()),
                });
            // `by: "P3"` on the line under `quote "…"` in a theme: the quote's attribution,
            // read as the code's attribute.
            let of_a_quote = (spec.kind == schema::CODE.kind)
                .then(|| schema::QUOTE.property(&p.key[0].name))
                .flatten()
                .map(|prop| Hint {
                    text: format!(
                        "`{}` is a property of a quote: write it in the quote's block, `quote \"…\" {{ {}: {} }}`",
                        p.key[0].name, prop.name, prop.example
                    ),
                    suggestion: None,
                });
            // `description:` in a code, as the paper heads its column: the code's text is its
            // `definition:`, which the tables print.
            let synonym = SAID_OTHERWISE
                .iter()
                .find(|(kind, words, _)| *kind == spec.kind && words.contains(&written.as_str()))
                .map(|(_, _, meant)| Hint {
                    text: format!(
                        "did you mean `{meant}`? A code's text is its `{meant}:`, which the tables print (`column: {meant}` in a structure, and the codebook appendix)"
                    ),
                    suggestion: Some((*meant).to_string()),
                });
            let near = joined
                .or(synonym)
                .or_else(|| did_you_mean(&written, spec.spellings()));
            // `code: "1a"` numbers a code, as papers do (and the README's example): one letter
            // from `coded:`, but an attribute as written.
            let near = near.filter(|h| {
                !MEANT_AS_WRITTEN
                    .iter()
                    .any(|(a, p)| *a == written && h.suggestion.as_deref() == Some(*p))
            });
            if let Some(hint) = near.or(of_a_quote) {
                self.push(
                    Diagnostic::new(
                        C::LikeAProperty,
                        p.key_span(),
                        format!("`{}` is read as an attribute of your own", p.key[0].name),
                    )
                    .label("an attribute, not a property")
                    .help(hint.followed_by(
                        "(an attribute of that name is fine: `allow: like_a_property`)",
                    )),
                );
            }
            let items: Vec<String> = p
                .values
                .iter()
                .map(|v| {
                    v.atoms
                        .iter()
                        .map(|a| match a {
                            Atom::Str(s) => s.value.clone(),
                            Atom::Number { text, .. } => text.clone(),
                            Atom::Date(d) => Date::new(d.year, d.month, d.day)
                                .map(Date::iso)
                                .unwrap_or_default(),
                            Atom::Range(..) => String::new(),
                            Atom::Word(w) => w.name.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let number = match p.values.as_slice() {
                [v] => match v.atoms.as_slice() {
                    [Atom::Number { text, .. }] => {
                        text.parse::<u64>().ok().filter(|n| n.to_string() == *text)
                    }
                    _ => None,
                },
                _ => None,
            };
            attributes.push(Attribute {
                key: name(&p.key[0]),
                value: items.join(", "),
                items,
                number,
            });
        }
        attributes
    }
}

/// Words an author writes for a property under another name, by the kind of declaration: a
/// code's `description:` (as a paper heads the column) is its `definition:`.
const SAID_OTHERWISE: &[(&str, &[&str], &str)] = &[(
    schema::CODE.kind,
    &[
        "description",
        "meaning",
        "explanation",
        "descriptor",
        "defn",
    ],
    "definition",
)];

/// Attribute names a paper uses as they are, each beside the property it is a near miss of,
/// which `like_a_property` does not suggest for it.
const MEANT_AS_WRITTEN: &[(&str, &str)] = &[("code", "coded")];
