//! The codebook: every code with its definition and an example quote, for an appendix; or,
//! when the file names levels (`rows codebook: code`), the codes of those levels only, as a
//! paper's table of codes and their definitions.

use super::model::{Cell, Column, Content, Kind, Origin, Para, Row, Rule, Run, Style, Table};
use super::text::{attribute, from, paragraphs, plain, styled};
use super::{Builder, CODEBOOK};
use crate::emit::table_quotes;
use crate::model::{CodeId, Id, StructureId};

impl Builder<'_> {
    /// Every code, top level first, with its definition; the lowest-level codes with an
    /// example quote (the first their data-structure table prints).
    pub(super) fn codebook(&self) -> Table {
        let cb = &self.c.codebook;
        let r = &self.c.resolved;
        let (caption, label) = self.caption_and_label(CODEBOOK, "Codebook");
        // The levels it lists (`rows codebook: code`), every level without the line.
        let rows = cb.codebook_rows();
        let shown: Vec<bool> = cb
            .levels
            .iter()
            .map(|l| rows.is_empty() || rows.iter().any(|n| n.id == l.name))
            .collect();
        let is_shown = |code: CodeId| shown.get(cb[code].level.rank()).copied().unwrap_or(true);
        let lowest_shown = shown.iter().position(|s| *s).unwrap_or(0);
        // Codes listed on their own row already: a code shared by several parents is listed
        // once where no parent of it is listed to repeat it under.
        let mut listed: Vec<CodeId> = Vec::new();
        let mut body: Vec<Row> = Vec::new();
        // Whether any code listed has a definition: else its column holds attributes only.
        let mut defined = false;
        for (si, _) in StructureId::each(cb) {
            if cb.structures.len() > 1 {
                body.push(Row::heading(
                    if body.is_empty() {
                        Rule::None
                    } else {
                        Rule::Full
                    },
                    vec![Cell::spanning(
                        3,
                        Content::para(vec![self.structure_caption(si)]),
                    )],
                ));
            }
            let roots = &r.roots[si];
            let mut stack: Vec<(CodeId, u8)> = roots.iter().rev().map(|c| (*c, 0)).collect();
            let mut first_in_structure = true;
            // The codes from the root down to the one in hand, for the rows that continue
            // them after a page break.
            let mut path: Vec<CodeId> = Vec::new();
            // Of several structures, the one a row belongs to heads what a page repeats.
            let structure = (cb.structures.len() > 1).then_some(si);
            while let Some((code, level_depth)) = stack.pop() {
                path.truncate(usize::from(level_depth));
                // The codes above it that the table lists, from the root.
                let chain: Vec<CodeId> = path.iter().copied().filter(|c| is_shown(*c)).collect();
                path.push(code);
                if level_depth < 16 {
                    stack.extend(r.children[code].iter().rev().map(|k| (*k, level_depth + 1)));
                }
                if !is_shown(code) || (chain.is_empty() && listed.contains(&code)) {
                    continue;
                }
                if chain.is_empty() {
                    listed.push(code);
                }
                let parents = self.continued_codes(structure, &chain);
                let depth = u8::try_from(chain.len()).unwrap_or(u8::MAX);
                let k = &cb[code];
                // A rule above each group of codes; space between codes of the lowest level
                // listed, when the file chooses the levels (a flat list of codes).
                let groups = rows.is_empty() || k.level.rank() > lowest_shown;
                let rule = if first_in_structure {
                    if body.is_empty() {
                        Rule::None
                    } else if cb.structures.len() > 1 {
                        Rule::Partial(vec![(1, 3)])
                    } else {
                        Rule::Full
                    }
                } else if depth == 0 && groups {
                    Rule::Full
                } else {
                    Rule::Space
                };
                first_in_structure = false;
                defined |= k.definition.is_some();
                let mut definition = k.definition.as_ref().map_or_else(Content::default, |d| {
                    paragraphs(d, Style::Plain, &format!("the definition of `{}`", k.id.id))
                });
                // Its count of coded segments (`coded:`), then its attributes, each as a line
                // of its own; one the structure prints after the label is in the label's cell.
                let coded = k
                    .coded
                    .as_ref()
                    .map(|c| (crate::model::CODED, None, c.text(), c.span.clone()));
                let own = k.attributes.iter().map(|a| {
                    (
                        a.key.id.as_str(),
                        Some(a),
                        a.value.clone(),
                        a.key.span.clone(),
                    )
                });
                // Those the structure prints in columns first, in the columns' order (as its
                // table reads), then the others as written.
                let columns = &cb[k.structure].columns;
                let at = |key: &str| columns.iter().position(|c| c.attribute.id == key);
                let mut items: Vec<_> = coded.into_iter().chain(own).collect();
                items.sort_by_key(|(key, ..)| at(key).unwrap_or(usize::MAX));
                for (key, own, value, span) in items {
                    let column = at(key).and_then(|i| columns.get(i));
                    if column.is_some_and(|c| c.in_label.is_some()) {
                        continue;
                    }
                    // An attribute the structure's table prints in a column of its own is
                    // named by that column's heading ("Theme definitions"), as the paper
                    // names it; else by its name as written.
                    let name = column
                        .filter(|c| !c.heading.text.trim().is_empty())
                        .map_or(key, |c| c.heading.text.as_str());
                    let what = format!("the attribute `{key}` of `{}`", k.id.id);
                    // "Name: value", or, of several texts, "Name:" over a list of them.
                    let mut value = match own {
                        Some(a) => attribute(a, &what),
                        None => vec![Para {
                            indent: 0,
                            gap: false,
                            item: false,
                            runs: vec![Run {
                                text: value,
                                style: Style::Plain,
                                origin: Some(Origin { span, what }),
                            }],
                        }],
                    };
                    match value.as_mut_slice() {
                        [one] if !one.item => {
                            one.runs
                                .insert(0, styled(format!("{name}: "), Style::Italic));
                        }
                        _ => definition.paras.push(Para {
                            indent: 0,
                            gap: false,
                            item: false,
                            runs: vec![styled(format!("{name}:"), Style::Italic)],
                        }),
                    }
                    definition.paras.extend(value);
                }
                // Each code's example is a quote of its own (a theme's, when the paper shows
                // quotes beside its themes); a grouping without one shows none.
                let example = table_quotes(self.c, code).first().copied();
                let mut pieces = example.map(|q| self.quote_pieces(q)).unwrap_or_default();
                let first_piece = if pieces.is_empty() {
                    Content::default()
                } else {
                    pieces.remove(0).0
                };
                // A code with children heads their rows: no page break under it (nor under
                // the rest of its example quote), so it never stands alone at a page's foot.
                let heads = !r.children[code].is_empty() && k.level.rank() > lowest_shown;
                body.push(Row {
                    keep: heads,
                    continues: parents,
                    ..Row::new(
                        rule,
                        vec![
                            Cell::new(Content::indented(depth, self.labelled(code))),
                            Cell::new(definition),
                            Cell::quote_piece(first_piece),
                        ],
                    )
                });
                for (content, join) in pieces {
                    body.push(Row {
                        rule: Rule::None,
                        cells: vec![Cell::empty(), Cell::empty(), Cell::quote_piece(content)],
                        joins: join,
                        keep: heads,
                        continues: self
                            .continued_codes(structure, &[chain.as_slice(), &[code]].concat()),
                        continues_across: false,
                        split: false,
                        over: false,
                    });
                }
            }
        }
        // A column nothing is written in is left out: a study without quotes (or without
        // definitions and attributes) gets no empty column of them.
        let filled = |i: usize| {
            body.iter()
                .any(|row| row.cells.len() == 3 && !row.cells[i].content.is_empty())
        };
        let keep = [true, filled(1), filled(2)];
        // One level listed: its codes headed by the level's heading ("Codes"), their
        // definitions by its name ("Code definitions"), as a paper prints its table of codes.
        let one_level = match shown.iter().filter(|s| **s).count() {
            1 => cb.levels.get(lowest_shown),
            _ => None,
        };
        let (code_title, mut definition_title) = match one_level {
            Some(l) if !l.heading.trim().is_empty() => {
                let name = l.name.replace('_', " ");
                let mut chars = name.chars();
                let name: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                (l.heading.clone(), format!("{name} definitions"))
            }
            _ => ("Code".to_string(), "Definition".to_string()),
        };
        // No code has a definition: the column holds the codes' attributes, and says so.
        if !defined {
            definition_title = "Details".to_string();
        }
        let titles = [
            code_title.as_str(),
            definition_title.as_str(),
            "Example quote",
        ];
        let shares = match keep {
            [_, true, true] => vec![0.24, 0.36, 0.40],
            [_, true, false] => vec![0.40, 0.60],
            [_, false, true] => vec![0.40, 0.60],
            _ => vec![1.0],
        };
        let width = shares.len();
        for row in &mut body {
            if row.cells.len() == 3 {
                let mut i = 0;
                row.cells.retain(|_| {
                    i += 1;
                    keep[i - 1]
                });
            } else {
                for c in &mut row.cells {
                    c.span = c.span.min(width);
                }
            }
            if let Rule::Partial(ranges) = &mut row.rule {
                for r in ranges.iter_mut() {
                    r.1 = r.1.min(width);
                }
            }
        }
        let kept: Vec<&str> = titles
            .iter()
            .zip(keep)
            .filter_map(|(t, k)| k.then_some(*t))
            .collect();
        Table {
            name: CODEBOOK.into(),
            kind: Kind::Codebook,
            caption,
            label,
            columns: shares.into_iter().map(Column::left).collect(),
            head: vec![Row::titles(&kept)],
            body,
            note: None,
            wide: false,
            number: None,
        }
    }
    /// The caption of structure `si`, in bold, as the row that opens its codes prints it.
    fn structure_caption(&self, si: StructureId) -> Run {
        let s = &self.c.codebook[si];
        from(
            &s.caption,
            Style::Bold,
            format!("the caption of `{}`", s.id.id),
        )
    }

    /// The labels of `chain` (a code and the codes above it, from the root), each indented
    /// to its depth and "(continued)": what a row under them repeats at the top of a page;
    /// above them, in a table of several structures, the caption of `structure`, in bold as
    /// its own row prints it.
    fn continued_codes(&self, structure: Option<StructureId>, chain: &[CodeId]) -> Option<Content> {
        let caption = structure.map(|si| Para {
            indent: 0,
            gap: false,
            item: false,
            runs: vec![
                self.structure_caption(si),
                styled(" (continued)", Style::Bold),
            ],
        });
        let paras: Vec<Para> = caption
            .into_iter()
            .chain(chain.iter().enumerate().map(|(depth, code)| {
                let mut runs = self.code_label(*code);
                runs.push(plain(" (continued)"));
                Para {
                    indent: u8::try_from(depth).unwrap_or(u8::MAX),
                    gap: false,
                    item: false,
                    runs,
                }
            }))
            .collect();
        (!paras.is_empty()).then_some(Content { paras })
    }
}
