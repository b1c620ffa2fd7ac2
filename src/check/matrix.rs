//! Phase matrices: columns are phases split into actor groups, rows are codes.

use super::resolve::{Sym, Want};
use super::{
    Checker, MatrixCell, MatrixColumn, MatrixLinks, MatrixPhase, MatrixRow, MatrixValue, name_list,
};
use crate::diagnostics::Hint;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{CellValue, CodeId};
use std::collections::{HashMap, HashSet};

impl Checker<'_> {
    pub(crate) fn matrices(&mut self) {
        let cb = self.cb;
        for m in &cb.matrices {
            let mut links = MatrixLinks::default();
            // (phase, group, split, span) of every valid column.
            let mut columns: Vec<(String, String, u32, crate::syntax::ast::Span)> = Vec::new();
            // (phase, group) of every valid column → its index in `columns`: lookups by hash,
            // as a matrix may have thousands of cells.
            let mut index: HashMap<(&str, &str), usize> = HashMap::new();
            for cg in &m.columns {
                let mut phase = match self.resolve(&cg.phase, Want::Phase) {
                    Some(Sym::Phase(p)) => Some(MatrixPhase {
                        phase: p,
                        columns: Vec::new(),
                    }),
                    _ => None,
                };
                for col in &cg.columns {
                    let group = match self.resolve(&col.group, Want::Group) {
                        Some(Sym::Group(g)) => {
                            for a in self.r.group_members.get(g).cloned().unwrap_or_default() {
                                self.used_actors[a] = true;
                            }
                            Some(g)
                        }
                        _ => None,
                    };
                    let key = (cg.phase.id.as_str(), col.group.id.as_str());
                    if let Some(prev) = index.get(&key) {
                        let prev = columns[*prev].3.clone();
                        self.push(
                            Diagnostic::new(
                                DiagnosticCode::DuplicateDefinition,
                                col.span.clone(),
                                format!(
                                    "the column `{}` of `{}` is declared twice",
                                    col.group.id, cg.phase.id
                                ),
                            )
                            .label("again here")
                            .with(prev, "first here")
                            .help("list each group once per phase"),
                        );
                        continue;
                    }
                    if let (Some(phase), Some(group)) = (phase.as_mut(), group) {
                        phase.columns.push(MatrixColumn {
                            group,
                            split: col.split,
                        });
                        index.insert(key, columns.len());
                        columns.push((
                            cg.phase.id.to_string(),
                            col.group.id.to_string(),
                            col.split,
                            col.span.clone(),
                        ));
                    }
                }
                links.phases.extend(phase);
            }
            let mut in_phase: HashMap<&str, Vec<&str>> = HashMap::new();
            for c in &columns {
                in_phase.entry(c.0.as_str()).or_default().push(c.1.as_str());
            }
            for row in &m.rows {
                let code = match self.resolve(&row.code, Want::AnyCode) {
                    Some(Sym::Code(c)) => Some(c),
                    _ => None,
                };
                // A row on a code whose children group further codes (a dimension) takes one of
                // those children per cell; any other row takes text.
                let child_codes: Option<Vec<CodeId>> = code.and_then(|c| {
                    let kids = &self.r.children[c];
                    (cb[c].level.rank() >= 2 && !kids.is_empty()).then(|| kids.clone())
                });
                let kid_names: Vec<&str> = child_codes
                    .iter()
                    .flatten()
                    .map(|k| cb[*k].id.id.as_str())
                    .collect();
                let kid_set: HashSet<&str> = kid_names.iter().copied().collect();
                let mut filled: HashMap<(&str, &str), crate::syntax::ast::Span> = HashMap::new();
                let mut cells = Vec::with_capacity(row.cells.len());
                for cell in &row.cells {
                    let phase = match self.resolve(&cell.phase, Want::Phase) {
                        Some(Sym::Phase(p)) => Some(p),
                        _ => None,
                    };
                    let group = match self.resolve(&cell.group, Want::Group) {
                        Some(Sym::Group(g)) => Some(g),
                        _ => None,
                    };
                    let (Some(phase), Some(group)) = (phase, group) else {
                        continue;
                    };
                    let key = (cell.phase.id.as_str(), cell.group.id.as_str());
                    let Some((column, col)) = index.get(&key).map(|i| (*i, &columns[*i])) else {
                        let in_phase = in_phase.get(key.0).map_or(&[][..], Vec::as_slice);
                        let guess = self.suggest(&cell.group.id, in_phase.iter().copied());
                        let help = guess.unwrap_or_else(|| {
                            Hint::from(if in_phase.is_empty() {
                                format!("the matrix has no columns for `{}`; add them to its `columns` block", cell.phase.id)
                            } else {
                                format!("the columns of `{}` are: {}", cell.phase.id, name_list(in_phase))
                            })
                        });
                        self.push(
                            Diagnostic::new(
                                DiagnosticCode::UnknownMatrixColumn,
                                cell.span.clone(),
                                format!(
                                    "the matrix has no column `{} {}`",
                                    cell.phase.id, cell.group.id
                                ),
                            )
                            .label("no such column")
                            .help(help),
                        );
                        continue;
                    };
                    if let Some(prev) = filled.get(&key) {
                        let prev = prev.clone();
                        self.push(
                            Diagnostic::new(
                                DiagnosticCode::DuplicateCell,
                                cell.span.clone(),
                                format!(
                                    "the cell `{} {}` of row `{}` is filled twice",
                                    cell.phase.id, cell.group.id, row.code.id
                                ),
                            )
                            .label("second value")
                            .with(prev, "first value")
                            .help("keep one of the two lines"),
                        );
                        continue;
                    }
                    filled.insert(key, cell.span.clone());
                    cells.push(MatrixCell {
                        phase,
                        group,
                        column,
                        values: self.cell_values(&cell.values),
                    });
                    let split = col.2;
                    match &child_codes {
                        Some(kids) => {
                            self.dimension_cell(row, cell, kids, (&kid_names, &kid_set), split)
                        }
                        None if code.is_some() => {
                            for v in &cell.values {
                                if let CellValue::Code(n) = v {
                                    self.push(
                                        Diagnostic::new(
                                            DiagnosticCode::InvalidCellValue,
                                            n.span.clone(),
                                            format!(
                                                "the row `{}` takes text, not a name",
                                                row.code.id
                                            ),
                                        )
                                        .label("expected a quoted text")
                                        .help(format!(
                                            "write the cell's text in quotes: `\"{}\"`",
                                            n.id
                                        )),
                                    );
                                }
                            }
                            // An unsplit column takes a list: each text an item of the cell.
                            // A split one takes one text spanning it, or one per sub-column.
                            let k = cell.values.len();
                            if split > 1 && k != 1 && k as u32 != split {
                                self.push(
                                    Diagnostic::new(DiagnosticCode::InvalidCellValue, cell.span.clone(), format!("this cell has {k} texts, but its column of {split} sub-columns takes 1 text spanning them, or {split}, one per sub-column"))
                                        .label("wrong number of texts")
                                        .help(format!("for one text per sub-column, give {split} texts, separated by commas; for a list of items in one cell, leave `split {split}` out of the column in `columns`: a column without it takes any number of texts, each an item of the cell's list")),
                                );
                            }
                        }
                        None => {}
                    }
                }
                let missing: Vec<String> = columns
                    .iter()
                    .filter(|c| !filled.contains_key(&(c.0.as_str(), c.1.as_str())))
                    .map(|c| format!("{} {}", c.0, c.1))
                    .collect();
                if !missing.is_empty() && code.is_some() {
                    self.push(
                        Diagnostic::new(
                            DiagnosticCode::MissingCell,
                            row.code.span.clone(),
                            format!(
                                "the row `{}` leaves {} of {} cells empty",
                                row.code.id,
                                missing.len(),
                                columns.len()
                            ),
                        )
                        .label("incomplete row")
                        .help(format!("missing: {}", missing.join("; "))),
                    );
                }
                if let Some(code) = code {
                    links.rows.push(MatrixRow::new(code, cells));
                }
            }
            self.r.matrices.push(links);
        }
    }

    /// A cell's values, resolved: a name is a code (the checks above say which may stand
    /// where), a text is kept.
    fn cell_values(&self, values: &[CellValue]) -> Vec<MatrixValue> {
        values
            .iter()
            .filter_map(|v| match v {
                CellValue::Code(n) => match self.r.symbols.get(n.id.as_str()) {
                    Some(Sym::Code(k)) => Some(MatrixValue::Code(*k)),
                    _ => None,
                },
                CellValue::Text(t) => Some(MatrixValue::Text(t.clone())),
            })
            .collect()
    }

    fn dimension_cell(
        &mut self,
        row: &crate::model::Row,
        cell: &crate::model::Cell,
        kids: &[CodeId],
        (names, set): (&[&str], &HashSet<&str>),
        _split: u32,
    ) {
        let cb = self.cb;
        if cell.values.len() != 1 {
            self.push(
                Diagnostic::new(
                    DiagnosticCode::InvalidCellValue,
                    cell.span.clone(),
                    format!("a cell of the row `{}` takes one value", row.code.id),
                )
                .label(format!("{} values", cell.values.len()))
                .help(format!("choose one of: {}", name_list(names))),
            );
            return;
        }
        match &cell.values[0] {
            CellValue::Code(n) if set.contains(n.id.as_str()) => {}
            CellValue::Code(n) => {
                let help = self
                    .suggest(&n.id, names.iter().copied())
                    .unwrap_or_else(|| format!("choose one of: {}", name_list(names)).into());
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidCellValue,
                        n.span.clone(),
                        format!(
                            "`{}` is not one of the {} of `{}`",
                            n.id,
                            plural(&self.level_word(cb[kids[0]].level)),
                            row.code.id
                        ),
                    )
                    .label("not a child of the row")
                    .help(help),
                );
            }
            CellValue::Text(t) => {
                let by_label = kids
                    .iter()
                    .find(|k| cb[**k].label.text.eq_ignore_ascii_case(&t.text));
                let help = match by_label {
                    Some(k) => format!(
                        "name the code instead of quoting its label: `{}`",
                        cb[*k].id.id
                    ),
                    None => format!("choose one of: {}", name_list(names)),
                };
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::InvalidCellValue,
                        t.span.clone(),
                        format!(
                            "the row `{}` takes one of its {}, not text",
                            row.code.id,
                            plural(&self.level_word(cb[kids[0]].level))
                        ),
                    )
                    .label("text in a coded row")
                    .help(help),
                );
            }
        }
    }
}

fn plural(word_with_article: &str) -> String {
    let w = word_with_article
        .split_once(' ')
        .map_or(word_with_article, |x| x.1);
    if w.ends_with('s') {
        w.to_string()
    } else {
        crate::words::plural(w)
    }
}
