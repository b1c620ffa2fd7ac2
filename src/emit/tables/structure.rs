//! Tables 3 and 4: a data structure, its quotes and one column per level; and its compact form
//! without the quotes.

use super::model::{Cell, Column, Content, Kind, Origin, Row, Rule, Style, Table};
use super::text::{from, paragraphs, plain};
use super::{Builder, COMPACT_SUFFIX, QUOTE_HEADING};
use crate::emit::table_quotes;
use crate::model::{CodeId, Id, StructureId, Text};

impl Builder<'_> {
    /// Table 3/4: quotes, then one column per level, lowest first. `compact` leaves the quotes
    /// out; so does a structure no quote supports (a paper's data structure without evidence),
    /// whose table would otherwise print an empty column.
    pub(super) fn structure(&self, si: StructureId, compact: bool) -> Table {
        let cb = &self.c.codebook;
        let s = &cb[si];
        let levels = cb.levels.len().max(1);
        let lines = self.lines(si, compact);
        let quoted = !compact && self.has_quotes(si);
        let offset = usize::from(quoted);
        let quote_share = match levels {
            1 => 0.6,
            2 => 0.5,
            3 => 0.46,
            4 => 0.4,
            _ => 0.34,
        };
        let mut columns = Vec::new();
        let level_share = if !quoted {
            1.0 / levels as f64
        } else {
            columns.push(Column::left(quote_share));
            (1.0 - quote_share) / levels as f64
        };
        for _ in 0..levels {
            columns.push(Column::labels(level_share));
        }
        let mut head_cells = Vec::new();
        if quoted {
            head_cells.push(Cell::new(Content::para(vec![plain(QUOTE_HEADING)])));
        }
        for l in &cb.levels {
            let heading = Text {
                text: l.heading.clone(),
                span: l.span.clone(),
            };
            head_cells.push(Cell::new(Content::para(vec![from(
                &heading,
                Style::Plain,
                format!("the heading of the level `{}`", l.name),
            )])));
        }
        if cb.levels.is_empty() {
            head_cells.push(Cell::empty());
        }

        let mut body: Vec<Row> = Vec::new();
        let mut prev: Option<Vec<Option<CodeId>>> = None;
        for line in lines {
            let at = line.at;
            // The highest level whose code starts here: it and every level below print
            // their labels, and the rule above spans their columns.
            let (changed, rule) = match &prev {
                None => (levels - 1, Rule::None),
                Some(p) => {
                    let k = (0..levels).rev().find(|l| at[*l] != p[*l]).unwrap_or(0);
                    // Rules separate groups, not rows: a new lowest-level code gets space.
                    let rule = if k + 1 == levels {
                        Rule::Full
                    } else if k == 0 {
                        Rule::Space
                    } else {
                        Rule::Partial(vec![(1, k + 1 + offset)])
                    };
                    (k, rule)
                }
            };
            let labels: Vec<Cell> = (0..levels)
                .map(|l| match at[l] {
                    Some(code) if l <= changed => Cell::new(Content::para(self.code_label(code))),
                    _ => Cell::empty(),
                })
                .collect();
            prev = Some(at);
            if !quoted {
                body.push(Row::new(rule, labels));
                continue;
            }
            let quotes = table_quotes(self.c, line.code);
            if quotes.is_empty() {
                let mut cells = vec![Cell::empty()];
                cells.extend(labels);
                body.push(Row::new(rule, cells));
                continue;
            }
            let mut labels = Some(labels);
            let mut rule = Some(rule);
            for q in quotes {
                for (content, join) in self.quote_pieces(q) {
                    let mut cells = vec![Cell::new(content)];
                    match labels.take() {
                        Some(l) => cells.extend(l),
                        None => cells.extend((0..levels).map(|_| Cell::empty())),
                    }
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
                    });
                }
            }
        }

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
            head: vec![Row::new(Rule::None, head_cells)],
            body,
            note: s
                .note
                .as_ref()
                .map(|n| paragraphs(n, Style::Plain, &format!("the note of `{}`", s.id.id))),
            wide: false,
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
    /// quotes stand beside the theme). A code shared by several parents comes under each.
    /// `at` holds, per level, the code of that level the group belongs to (none below the
    /// group's own code).
    fn lines(&self, si: StructureId, compact: bool) -> Vec<Line> {
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
            if leaf || (!compact && !table_quotes(self.c, code).is_empty()) {
                let at = (0..levels)
                    .map(|l| chain.iter().copied().find(|p| cb[*p].level.rank() == l))
                    .collect();
                out.push(Line { code, at });
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

/// One row group of a data-structure table: a code and the codes above it.
struct Line {
    code: CodeId,
    at: Vec<Option<CodeId>>,
}
