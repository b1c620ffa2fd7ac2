//! Matrices of phases by actor groups: columns and rows of cells.

use super::*;

impl Lowerer {
    pub(super) fn matrix(&mut self, n: &Node) {
        let id = self.need_name(n);
        let caption = self.need_label(n, "a caption");
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::MATRIX));
        let label = self.text_field(&mut parts.fields, "label", "a label");
        let table_number = parts
            .fields
            .take("table number")
            .and_then(|p| self.table_number(p));
        let note = parts.fields.take("note").and_then(|p| self.note_text(p));
        let heading = self.text_field(&mut parts.fields, "heading", "a heading");
        let phase_capitals = parts
            .fields
            .take("phase capitals")
            .and_then(|p| self.yes_no(p))
            .unwrap_or(true);
        self.leftovers(parts.fields);
        self.maps_not_allowed(&parts.maps, "a matrix");
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        let mut columns_seen: Option<ast::Span> = None;
        for child in parts.nodes {
            match child.kind.name.as_str() {
                "columns" => {
                    if let Some(first) = &columns_seen {
                        let first = first.clone();
                        self.push(
                            Diagnostic::new(C::DuplicateDefinition, child.kind.span.clone(), "the matrix's columns are declared twice")
                                .label("second `columns` block")
                                .with(first, "first here")
                                .help("declare all columns in one `columns { ... }` block, one phase per line"),
                        );
                        continue;
                    }
                    columns_seen = Some(child.kind.span.clone());
                    columns = self.matrix_columns(child);
                }
                "row" => {
                    if let Some(r) = self.matrix_row(child) {
                        rows.push(r);
                    }
                }
                other => self.unknown_kind(child, other, "inside a matrix", &["columns", "row"]),
            }
        }
        let (Some(id), Some(caption)) = (id, caption) else {
            return;
        };
        if columns_seen.is_none() {
            self.push(
                Diagnostic::new(
                    C::MissingProperty,
                    n.head_span(),
                    format!("the matrix `{}` has no columns", id.id),
                )
                .label("no `columns` block")
                .help("add `columns { p1: group_a, group_b }`, one phase per line"),
            );
        }
        self.cb.matrices.push(Matrix {
            id,
            caption,
            label,
            table_number,
            note,
            heading,
            phase_capitals,
            columns,
            rows,
            span: n.span.clone(),
        });
    }

    pub(super) fn matrix_columns(&mut self, n: &Node) -> Vec<ColumnGroup> {
        if n.name.is_some() || n.label.is_some() || !n.values.is_empty() {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "`columns` takes a block only",
                )
                .label("unexpected")
                .help("write `columns {`, then one line per phase: `p1: group_a, group_b`"),
            );
        }
        let parts = self.parts(n, None);
        self.no_children(&parts.nodes, "a `columns` block");
        let mut out = Vec::new();
        for p in parts.fields.rest() {
            let [phase] = p.key.as_slice() else {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.key_span(),
                        "a line of `columns` starts with one phase",
                    )
                    .label("expected a phase")
                    .help("write `p1: group_a, group_b`"),
                );
                continue;
            };
            let mut cols = Vec::new();
            for v in &p.values {
                let col = match v.atoms.as_slice() {
                    [Atom::Word(g)] => Some((name(g), 1)),
                    [Atom::Word(g), Atom::Word(s), Atom::Number { text, .. }]
                        if s.name == "split" =>
                    {
                        match text.parse::<u32>() {
                            Ok(k) if (2..=16).contains(&k) => Some((name(g), k)),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match col {
                    Some((group, split)) => cols.push(Column {
                        group,
                        split,
                        span: v.span.clone(),
                    }),
                    None => self.push(
                        Diagnostic::new(C::InvalidValue, v.span.clone(), "a column is an actor group, optionally split into sub-columns")
                            .label("not a column")
                            .help("write `group_a`, or `group_a split 2` for a column of two sub-columns (2 to 16)"),
                    ),
                }
            }
            out.push(ColumnGroup {
                phase: name(phase),
                columns: cols,
                span: p.span.clone(),
            });
        }
        out
    }

    pub(super) fn matrix_row(&mut self, n: &Node) -> Option<Row> {
        let code = self.need_name(n);
        if n.label.is_some() || !n.values.is_empty() {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "a row names a code and takes no label",
                )
                .label("unexpected")
                .help("write `row mode {`; the row's heading is the code's label"),
            );
        }
        let parts = self.parts(n, None);
        self.no_children(&parts.nodes, "a matrix row");
        let mut cells = Vec::new();
        for p in parts.fields.rest() {
            let [phase, group] = p.key.as_slice() else {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.key_span(),
                        "a cell is named by a phase and an actor group",
                    )
                    .label("expected a phase and a group")
                    .help("write `p1 hc_hi1: exclusive` or `p1 hc_hi1: \"text\"`"),
                );
                continue;
            };
            let mut values = Vec::new();
            for v in &p.values {
                match v.atoms.as_slice() {
                    [Atom::Word(w)] => values.push(CellValue::Code(name(w))),
                    [Atom::Str(s)] if s.value.trim().is_empty() => {
                        self.push(empty(s.span.clone(), "a cell text"))
                    }
                    [Atom::Str(s)] => values.push(CellValue::Text(text(s))),
                    _ => self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            v.span.clone(),
                            "a cell holds a code's name or a quoted text",
                        )
                        .label("not a cell value")
                        .help("write `inclusive` or `\"Converged objectives\"`"),
                    ),
                }
            }
            cells.push(Cell {
                phase: name(phase),
                group: name(group),
                values,
                span: p.span.clone(),
            });
        }
        Some(Row {
            code: code?,
            cells,
            span: n.span.clone(),
        })
    }
}
