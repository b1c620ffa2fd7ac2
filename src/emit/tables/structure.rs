//! Tables 3 and 4: a data structure, its quotes and one column per level; and its compact form
//! without the quotes.

use super::model::{
    Align, Cell, Column, Content, Join, Kind, Origin, Para, Row, Rule, Style, Table,
};
use super::text::{attribute, from, paragraphs, plain};
use super::{Builder, COMPACT_SUFFIX, QUOTE_HEADING};
use crate::emit::table_quotes;
use crate::model::{AttributeColumn, CodeId, HeadingGroup, Id, Slot, StructureId, Text};

impl Builder<'_> {
    /// Table 3/4: quotes, then one column per level, lowest first; or, with `level order:
    /// highest first`, one column per level, highest first, then the quotes (rows, rules and
    /// the labels a page carries on are grouped the same either way). `compact` leaves the quotes
    /// out; so does a structure no quote supports (a paper's data structure without evidence),
    /// whose table would otherwise print an empty column.
    pub(super) fn structure(&self, si: StructureId, compact: bool) -> Table {
        let cb = &self.c.codebook;
        let s = &cb[si];
        let levels = cb.levels.len().max(1);
        // `quote place: under labels`: each quote in its code's label cell, no quote column.
        let under = !compact && s.quotes_under_labels();
        let quoted = !compact && !under && self.has_quotes(si);
        // `attribution column: "Participant"`: the quotes' attributions in a column of their
        // own, beside the quote column on the table's outer side.
        let attribution_heading = s.attribution_column.as_ref().filter(|_| quoted);
        let attributed = attribution_heading.is_some();
        let quote_share = match levels {
            1 => 0.6,
            2 => 0.5,
            3 => 0.46,
            4 => 0.4,
            _ => 0.34,
        };
        // `highest level: rows`: the highest level's codes are rows across the table, not a
        // column (kept as a column where nothing else would be left: a table of one level
        // without quotes).
        let sections = s.highest_as_rows() && (levels > 1 || quoted);
        let top = levels - 1;
        // `level columns: one` (`one from cluster`): the level that heads the one column of
        // labels the levels from it down share, each of their codes on a row of its own.
        let label_level = cb.shared_label_column(si, sections);
        let lines = self.lines(si, compact || under, label_level);
        let slots = cb.slots(si, sections);
        // Whether levels above the one column have columns of their own (`one from cluster`).
        let own_columns = label_level
            .is_some_and(|l| slots.iter().any(|s| matches!(s, Slot::Level(x) if *x != l)));
        // The quote column stands left of the levels, or right of them when the structure
        // prints its highest level first (`level order: highest first`), and in a table of one
        // level (themes and their quotes), which papers print label first, unless the file
        // says `level order: lowest first`.
        let quotes_last = s.highest_first() || (levels == 1 && s.level_order.is_none());
        let shown = slots.iter().filter(|s| matches!(s, Slot::Level(_))).count();
        // The lowest level with a column: a structure whose codes stop above the file's lowest
        // level (an overview of themes and categories) prints no column for the levels below.
        let lowest_shown = slots
            .iter()
            .filter_map(|s| match s {
                Slot::Level(l) => Some(*l),
                Slot::Attribute { .. } => None,
            })
            .min()
            .unwrap_or(0);
        let attributes = slots.len() - shown;
        let mut columns = Vec::new();
        let mut rest = 1.0 - ATTRIBUTE_SHARE * attributes as f64;
        if quoted {
            rest -= quote_share;
        }
        // The attribution column takes its width from the quotes'.
        let quote_share = if attributed {
            quote_share - ATTRIBUTION_SHARE
        } else {
            quote_share
        };
        let level_share = rest.max(0.1) / shown.max(1) as f64;
        for slot in &slots {
            columns.push(match slot {
                Slot::Level(_) => Column::labels(level_share),
                Slot::Attribute { .. } => Column::left(ATTRIBUTE_SHARE),
            });
        }
        // Per level, the first and last of its columns (attributes and labels), 1-based, as
        // rules count them.
        let offset = usize::from(quoted && !quotes_last) + usize::from(attributed && !quotes_last);
        let mut level_columns = vec![(usize::MAX, 0); levels];
        for (i, slot) in slots.iter().enumerate() {
            if let Some((first, last)) = level_columns.get_mut(slot.level()) {
                *first = (*first).min(i + 1 + offset);
                *last = (*last).max(i + 1 + offset);
            }
        }
        let width = slots.len() + usize::from(quoted) + usize::from(attributed);
        let mut head_cells = Vec::new();
        for slot in &slots {
            let run = match *slot {
                Slot::Level(l) => match cb.levels.get(l) {
                    Some(level) => {
                        // This structure's own heading for the level (`level heading:`), else
                        // the `levels` line's.
                        let heading = s
                            .level_headings
                            .iter()
                            .find(|(name, _)| name.id == level.name)
                            .map_or_else(
                                || Text {
                                    text: level.heading.clone(),
                                    span: level.span.clone(),
                                },
                                |(_, h)| h.clone(),
                            );
                        from(
                            &heading,
                            Style::Plain,
                            format!("the heading of the level `{}`", level.name),
                        )
                    }
                    None => plain(""),
                },
                Slot::Attribute { column, .. } => {
                    let c = &s.columns[column];
                    from(
                        &c.heading,
                        Style::Plain,
                        format!("the heading of the column `{}`", c.attribute.id),
                    )
                }
            };
            head_cells.push(Cell::new(Content::para(vec![run])));
        }
        if quoted {
            let heading = match &s.quote_heading {
                Some(h) => from(
                    h,
                    Style::Plain,
                    format!("the quote heading of `{}`", s.id.id),
                ),
                None => plain(QUOTE_HEADING),
            };
            let cell = Cell::new(Content::para(vec![heading]));
            if quotes_last {
                columns.push(Column::left(quote_share));
                head_cells.push(cell);
            } else {
                columns.insert(0, Column::left(quote_share));
                head_cells.insert(0, cell);
            }
        }
        if let Some(h) = attribution_heading {
            let cell = Cell::new(Content::para(vec![from(
                h,
                Style::Plain,
                format!("the attribution column of `{}`", s.id.id),
            )]));
            if quotes_last {
                columns.push(Column::left(ATTRIBUTION_SHARE));
                head_cells.push(cell);
            } else {
                columns.insert(0, Column::left(ATTRIBUTION_SHARE));
                head_cells.insert(0, cell);
            }
        }
        // A row of the quote's cell (and its attribution's) and the label cells, in the
        // table's order.
        let row_cells = |quote: Cell, attribution: Cell, mut cells: Vec<Cell>| -> Vec<Cell> {
            if quotes_last {
                cells.push(quote);
                if attributed {
                    cells.push(attribution);
                }
            } else {
                cells.insert(0, quote);
                if attributed {
                    cells.insert(0, attribution);
                }
            }
            cells
        };

        let mut body: Vec<Row> = Vec::new();
        let mut prev: Option<Vec<Option<CodeId>>> = None;
        // The steps the label on the row group above is indented in the one column.
        let mut prev_depth = 0;
        // The section row above, " (continued)", for the rows under it.
        let mut section: Option<Content> = None;
        for line in lines {
            let at = line.at;
            let starts_section = sections
                && prev
                    .as_ref()
                    .is_none_or(|p| at.get(top) != p.get(top) || at[top].is_none());
            // The highest level whose code starts here: it and every level below print
            // their labels, and the rule above spans their columns.
            let (changed, rule) = match &prev {
                None => (levels - 1, Rule::None),
                Some(p) => {
                    let k = (0..levels).rev().find(|l| at[*l] != p[*l]).unwrap_or(0);
                    // Rules separate groups, not rows: a new lowest-level code gets space.
                    // A partial rule spans the new group's columns and those of the levels
                    // below it, the quotes' too: left of its level's columns, or right of
                    // them when the highest level comes first.
                    let rule = if k + 1 == levels {
                        Rule::Full
                    } else if k == 0 || (label_level.is_none() && k <= lowest_shown) {
                        Rule::Space
                    } else if quotes_last {
                        Rule::Partial(vec![(level_columns[k].0, width)])
                    } else {
                        Rule::Partial(vec![(1, level_columns[k].1)])
                    };
                    (k, rule)
                }
            };
            // One column of labels: a rule (a space under a section row) above each code at its
            // head, none above the codes under it, which read as its rows. With levels above
            // it in columns of their own, a new code of theirs as with a column per level, and
            // in the one column only a space that sets a code with codes under it apart.
            let group = (label_level.and_then(|l| at.get(l)))
                .is_some_and(|c| *c == Some(line.code))
                && !self.c.resolved.children[line.code].is_empty();
            let rule = match (label_level, &prev) {
                (None, _) => rule,
                (Some(_), None) => Rule::None,
                (Some(_), Some(_)) if line.depth > 0 => Rule::None,
                (Some(l), Some(_)) if own_columns && changed > l => rule,
                (Some(_), Some(_)) if own_columns && (group || prev_depth > 0) => Rule::Space,
                (Some(_), Some(_)) if own_columns => Rule::None,
                // The first code under a section's row.
                (Some(l), Some(p)) if p.get(l).is_some_and(Option::is_none) => Rule::None,
                (Some(_), Some(_)) if sections => Rule::Space,
                (Some(_), Some(_)) => Rule::Full,
            };
            let labels: Vec<Cell> = slots
                .iter()
                .map(|slot| match (slot, at[slot.level()]) {
                    (Slot::Level(_), Some(code)) if slot.level() <= changed => {
                        let mut content = Content::para(self.labelled(code));
                        if under {
                            self.quotes_in_label(&mut content, code);
                        }
                        // One column of labels: a step of indent per level below its head,
                        // the wrapped lines and the quotes under the label aligned with it.
                        if label_level == Some(slot.level()) {
                            for p in &mut content.paras {
                                p.indent = p.indent.saturating_add(line.depth);
                            }
                        }
                        Cell::new(content)
                    }
                    (Slot::Attribute { column, .. }, Some(code)) if slot.level() <= changed => {
                        self.attribute_cell(si, *column, code)
                    }
                    _ => Cell::empty(),
                })
                .collect();
            // A new code of the highest level, with `highest level: rows`: its row across the
            // table, a rule above it, and the rows of its codes under it without one.
            let rule = match (starts_section, at[top]) {
                (false, _) => rule,
                (true, None) => {
                    section = None;
                    rule
                }
                (true, Some(code)) => {
                    let content = self.section(si, code, under);
                    let mut carried = content.clone();
                    if let Some(p) = carried.paras.first_mut() {
                        p.runs.push(plain(" (continued)"));
                        carried.paras.truncate(1);
                    }
                    section = Some(carried);
                    body.push(Row::heading(
                        if body.is_empty() {
                            Rule::None
                        } else {
                            Rule::Full
                        },
                        vec![Cell::spanning(width, content)],
                    ));
                    Rule::None
                }
            };
            prev = Some(at);
            prev_depth = line.depth;
            let first = body.len();
            if !quoted {
                if !sections || labels.iter().any(|c| !c.content.is_empty()) {
                    body.push(Row::new(rule, labels));
                }
                continues(&mut body[first..], &section);
                continue;
            }
            let quotes = table_quotes(self.c, line.code);
            if quotes.is_empty() {
                if !sections || labels.iter().any(|c| !c.content.is_empty()) {
                    body.push(Row::new(
                        rule,
                        row_cells(Cell::empty(), Cell::empty(), labels),
                    ));
                }
                continues(&mut body[first..], &section);
                continue;
            }
            let mut labels = Some(labels);
            let mut rule = Some(rule);
            for q in quotes {
                for (content, join) in self.quote_pieces_as(q, !attributed) {
                    // The attribution on the row of the quote's first piece.
                    let by = match join {
                        None if attributed => self
                            .attribution_run(q)
                            .map_or_else(Cell::empty, |a| Cell::new(Content::para(vec![a]))),
                        _ => Cell::empty(),
                    };
                    let cells = row_cells(
                        Cell::quote_piece(content),
                        by,
                        labels
                            .take()
                            .unwrap_or_else(|| slots.iter().map(|_| Cell::empty()).collect()),
                    );
                    let this_rule = match (join, rule.take()) {
                        (None, Some(r)) => r,
                        (None, None) => Rule::Space,
                        (Some(_), r) => {
                            rule = r;
                            Rule::None
                        }
                    };
                    body.push(Row {
                        rule: this_rule,
                        cells,
                        joins: join,
                        keep: false,
                        continues: None,
                        continues_across: false,
                        split: false,
                        over: false,
                    });
                }
            }
            continues(&mut body[first..], &section);
        }

        // `overall heading:` spans the whole table above the column headings, a rule under it
        // (as booktabs sets a heading over the columns it spans).
        let mut head = Vec::with_capacity(3);
        let mut rule = Rule::None;
        if let Some(h) = &s.overall_heading {
            let mut cell = Cell::spanning(
                width,
                Content::para(vec![from(
                    h,
                    Style::Plain,
                    format!("the overall heading of `{}`", s.id.id),
                )]),
            );
            cell.align = Some(Align::Centre);
            head.push(Row::heading(Rule::None, vec![cell]));
            rule = Rule::Partial(vec![(1, width)]);
        }
        // The common headings (`under`), each across its columns, a rule under it.
        let groups = cb.slot_groups(si, &slots);
        let what = format!("the common heading of `{}`", s.id.id);
        if let Some((row, under)) =
            over_row(&groups, &s.columns, offset, width, rule.clone(), &what)
        {
            head.push(row);
            rule = under;
        }
        head.push(Row::new(rule, head_cells));

        let mut caption = vec![from(
            &s.caption,
            Style::Plain,
            format!("the caption of `{}`", s.id.id),
        )];
        let name = if compact {
            caption.push(plain(" (without quotes)"));
            format!("{}{COMPACT_SUFFIX}", s.id.id)
        } else {
            s.id.id.to_string()
        };
        let label = match &s.label {
            Some(l) => Some((
                if compact {
                    format!("{}{COMPACT_SUFFIX}", l.text)
                } else {
                    l.text.clone()
                },
                Some(Origin {
                    span: l.span.clone(),
                    what: format!("the label of `{}`", s.id.id),
                }),
            )),
            None => Some((format!("tab:{name}"), None)),
        };
        Table {
            name,
            kind: if compact {
                Kind::Compact
            } else {
                Kind::DataStructure
            },
            caption,
            label,
            columns,
            head,
            body,
            note: s
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", s.id.id))),
            wide: false,
            number: None,
        }
    }

    /// The row across the table of `code`, a code of the highest level (`highest level:
    /// rows`): its label; its quotes under it with `quote place: under labels` (`under`); and
    /// the attributes it carries that the table prints in columns (`column:`), each after its
    /// column's heading, as its level has no columns.
    fn section(&self, si: StructureId, code: CodeId, under: bool) -> Content {
        let cb = &self.c.codebook;
        // Set bold, as journals set such a row, so that it stands apart from the label of the
        // code under it (in the house style's italic or upright).
        let mut label = self.code_label(code);
        for run in &mut label {
            run.style = Style::Bold;
        }
        let mut labelled = self.labelled(code);
        labelled.splice(..label.len().min(labelled.len()), label);
        let mut content = Content::para(labelled);
        for (column, c) in cb[si].columns.iter().enumerate() {
            if c.in_label.is_some() {
                continue;
            }
            let cell = self.attribute_cell(si, column, code);
            if cell.content.is_empty() {
                continue;
            }
            // A column without a heading (the themes' numbers) stands before the label.
            if c.heading.text.trim().is_empty() {
                if let (Some(label), Some(value)) = (
                    content.paras.first_mut(),
                    cell.content.paras.into_iter().next(),
                ) {
                    let mut runs = value.runs;
                    runs.push(plain(" "));
                    runs.append(&mut label.runs);
                    label.runs = runs;
                }
                continue;
            }
            for mut para in cell.content.paras {
                para.runs.insert(
                    0,
                    from(
                        &c.heading,
                        Style::Plain,
                        format!("the heading of the column `{}`", c.attribute.id),
                    ),
                );
                para.runs.insert(1, plain(": "));
                content.paras.push(para);
            }
        }
        if under {
            self.quotes_in_label(&mut content, code);
        }
        content
    }

    /// The cell of attribute column `column` of structure `si` on the row of `code`: the
    /// code's value of the attribute, empty where it has none.
    fn attribute_cell(&self, si: StructureId, column: usize, code: CodeId) -> Cell {
        let cb = &self.c.codebook;
        let (Some(c), k) = (cb[si].columns.get(column), &cb[code]) else {
            return Cell::empty();
        };
        let what = format!("the attribute `{}` of `{}`", c.attribute.id, k.id.id);
        // An attribute of several texts is a list; the count of coded segments one line.
        if let Some(a) = k.attributes.iter().find(|a| a.key.id == c.attribute.id) {
            return Cell::new(Content {
                paras: attribute(a, &what),
            });
        }
        // A definition, as the codebook table prints it: its paragraphs and lists.
        if c.attribute.id == crate::model::DEFINITION
            && let Some(d) = &k.definition
        {
            let what = format!("the definition of `{}`", k.id.id);
            return Cell::new(paragraphs(d, Style::Plain, &what));
        }
        match k.attribute_value(&c.attribute.id) {
            Some((text, span)) => Cell::new(Content::para(vec![from(
                &Text { text, span },
                Style::Plain,
                what,
            )])),
            None => Cell::empty(),
        }
    }

    /// The quotes of `code` added under its label (`quote place: under labels`), each a
    /// paragraph of its own (or several, as the quote has), a long quote's pieces joined again.
    fn quotes_in_label(&self, content: &mut Content, code: CodeId) {
        for q in table_quotes(self.c, code) {
            for (piece, join) in self.quote_pieces(q) {
                let mut paras = piece.paras.into_iter();
                if join == Some(Join::Sentence)
                    && let (Some(last), Some(first)) = (content.paras.last_mut(), paras.next())
                {
                    last.runs.push(plain(" "));
                    last.runs.extend(first.runs);
                }
                // A quote, and each paragraph of it, set apart from the text above.
                content.paras.extend(paras.map(|p| Para { gap: true, ..p }));
            }
        }
    }

    /// Whether the table of structure `si` prints any quote (and so has a quote column).
    pub(super) fn has_quotes(&self, si: StructureId) -> bool {
        let cb = &self.c.codebook;
        CodeId::each(cb)
            .any(|(k, code)| code.structure == si && !table_quotes(self.c, k).is_empty())
    }

    /// The rows groups of a structure's table, in the paper's order: one per lowest-level code,
    /// and one before its children for a code above that carries quotes of its own (a theme's
    /// quotes stand beside the theme), unless `compact` (a table without a quote column: the
    /// compact table, or one whose quotes stand under their labels). A code shared by several
    /// parents comes under each.
    /// `at` holds, per level, the code of that level the group belongs to (none below the
    /// group's own code).
    /// With one column of labels headed by level `shared` (`level columns: one`, `one from
    /// cluster`), every code of it and the levels below has a row group of its own, in the
    /// tree's order, its label printed in the column (`at` holds it on the column's level, and
    /// the codes above it on theirs), `depth` steps below the column's head.
    fn lines(&self, si: StructureId, compact: bool, shared: Option<usize>) -> Vec<Line> {
        let cb = &self.c.codebook;
        let r = &self.c.resolved;
        let levels = cb.levels.len().max(1);
        let mut out = Vec::new();
        // Depth-first, with the chain of codes from the root down to each code.
        let mut stack: Vec<(CodeId, Vec<CodeId>)> =
            r.roots[si].iter().rev().map(|k| (*k, Vec::new())).collect();
        while let Some((code, mut chain)) = stack.pop() {
            chain.push(code);
            let kids = &r.children[code];
            let leaf = kids.is_empty() || chain.len() > levels;
            if let Some(shared) = shared.filter(|l| cb[code].level.rank() <= *l) {
                out.push(one_column_line(cb, code, &chain, shared));
            } else if leaf || (!compact && !table_quotes(self.c, code).is_empty()) {
                let at = (0..levels)
                    .map(|l| chain.iter().copied().find(|p| cb[*p].level.rank() == l))
                    .collect();
                out.push(Line { code, at, depth: 0 });
            }
            if !leaf {
                for k in kids.iter().rev() {
                    stack.push((*k, chain.clone()));
                }
            }
        }
        out
    }
}

/// The row group of `code`, the last of `chain` (the codes from a root down to it), in a table
/// whose levels from `shared` down share one column of labels: the code on the column's level,
/// each code of `chain` above the column on its own, and the code's depth below the column's
/// head (a code right under a level above the column at its head, whatever levels it skips).
fn one_column_line(
    cb: &crate::model::Codebook,
    code: CodeId,
    chain: &[CodeId],
    shared: usize,
) -> Line {
    let levels = cb.levels.len().max(1);
    let at = (0..levels)
        .map(|l| match l.cmp(&shared) {
            std::cmp::Ordering::Less => None,
            std::cmp::Ordering::Equal => Some(code),
            std::cmp::Ordering::Greater => chain.iter().copied().find(|p| cb[*p].level.rank() == l),
        })
        .collect();
    let depth = chain
        .iter()
        .filter(|p| cb[**p].level.rank() <= shared)
        .count()
        .saturating_sub(1);
    Line {
        code,
        at,
        depth: u8::try_from(depth).unwrap_or(u8::MAX),
    }
}

/// The heading row of the common headings `groups` over columns of `list` (`under`), each
/// centred across its columns, the table's first `offset` columns and those under none empty,
/// `rule` above it; and the rule under it, under each heading. `None` without a group.
pub(super) fn over_row(
    groups: &[HeadingGroup],
    list: &[AttributeColumn],
    offset: usize,
    width: usize,
    rule: Rule,
    what: &str,
) -> Option<(Row, Rule)> {
    if groups.is_empty() {
        return None;
    }
    let mut cells = Vec::new();
    let mut ranges = Vec::new();
    let mut col = 0;
    for g in groups {
        let first = g.first + offset;
        cells.extend((col..first).map(|_| Cell::empty()));
        let heading = g
            .heading(list)
            .map_or_else(|| plain(""), |h| from(h, Style::Plain, what.to_string()));
        let mut cell = Cell::spanning(g.columns.len(), Content::para(vec![heading]));
        cell.align = Some(Align::Centre);
        cells.push(cell);
        ranges.push((first + 1, first + g.columns.len()));
        col = first + g.columns.len();
    }
    cells.extend((col..width).map(|_| Cell::empty()));
    let row = Row {
        over: true,
        ..Row::heading(rule, cells)
    };
    Some((row, Rule::Partial(ranges)))
}

/// Marks `rows` as rows of the section `section` (its label " (continued)"), which a page
/// that starts among them repeats across the table.
fn continues(rows: &mut [Row], section: &Option<Content>) {
    if let Some(label) = section {
        for row in rows {
            row.continues = Some(label.clone());
            row.continues_across = true;
        }
    }
}

/// The share of the table's width an attribute column starts from, before the widths are
/// fitted to the content (short codes such as "1a" need little).
const ATTRIBUTE_SHARE: f64 = 0.08;

/// The share of the table's width that an attribution column (`attribution column:`) starts
/// from, taken from the quote column's.
const ATTRIBUTION_SHARE: f64 = 0.14;

/// One row group of a data-structure table: a code and the codes above it.
struct Line {
    code: CodeId,
    at: Vec<Option<CodeId>>,
    /// With one column of labels, how many steps its label is indented (0 otherwise).
    depth: u8,
}
