//! What tables print that the file names: a structure's attribute columns (`column: code
//! "Code"`), each of which must name an attribute that a code of the structure carries, else its
//! column would be empty (so must the phase table's, `column phases: activity "Activity type"`,
//! an attribute a phase carries or `description`); and the levels the codebook table lists
//! (`rows codebook: code`), each of which must be a level of the `levels` line.

use super::Checker;
use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};
use crate::model::{CodeId, Id, StructureId};

impl Checker<'_> {
    /// Every level `rows codebook:` names is a level of the file.
    pub(super) fn codebook_rows(&mut self) {
        let cb = self.cb;
        let levels = || cb.levels.iter().map(|l| l.name.as_str());
        for name in cb.codebook_rows() {
            if levels().any(|l| l == name.id) {
                continue;
            }
            let help = self.suggest(&name.id, levels()).unwrap_or_else(|| {
                Hint::from(format!(
                    "the levels are: {}",
                    levels().collect::<Vec<_>>().join(", ")
                ))
            });
            self.push(
                Diagnostic::new(
                    DiagnosticCode::UnknownReference,
                    name.span.clone(),
                    format!("`rows codebook:` names `{}`, which is not a level", name.id),
                )
                .label("not one of the levels")
                .help(help),
            );
        }
    }

    pub(super) fn columns(&mut self) {
        let cb = self.cb;
        for (si, s) in StructureId::each(cb) {
            if s.columns.is_empty() {
                continue;
            }
            // The attributes its codes carry, each once, in the order first written.
            let mut carried: Vec<&str> = Vec::new();
            for (_, code) in CodeId::each(cb).filter(|(_, k)| k.structure == si) {
                for a in &code.attributes {
                    if !carried.contains(&a.key.id.as_str()) {
                        carried.push(a.key.id.as_str());
                    }
                }
            }
            for column in &s.columns {
                let name = column.attribute.id.as_str();
                if carried.contains(&name) {
                    continue;
                }
                let help = if carried.is_empty() {
                    Hint::from(format!(
                        "no code of `{}` has an attribute; give its codes one (`{name}: \"1a\"`), or remove the column",
                        s.id.id
                    ))
                } else {
                    self.suggest(name, carried.iter().copied())
                        .unwrap_or_else(|| {
                            Hint::from(format!(
                                "the codes of `{}` carry: {}",
                                s.id.id,
                                carried.join(", ")
                            ))
                        })
                };
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::UnknownAttribute,
                        column.attribute.span.clone(),
                        format!("no code of `{}` has the attribute `{name}`", s.id.id),
                    )
                    .label("carried by no code here")
                    .help(help),
                );
            }
        }
    }

    /// `column phases:`: each an attribute some phase carries, or their `description`.
    pub(super) fn phase_columns(&mut self) {
        let cb = self.cb;
        let Some(meta) = cb.tables.iter().find(|t| t.table == "phases") else {
            return;
        };
        let mut carried: Vec<&str> = vec!["description"];
        for a in cb.phases.iter().flat_map(|p| &p.attributes) {
            if !carried.contains(&a.key.id.as_str()) {
                carried.push(a.key.id.as_str());
            }
        }
        for column in &meta.columns {
            let name = column.attribute.id.as_str();
            if carried.contains(&name) {
                continue;
            }
            let help = self
                .suggest(name, carried.iter().copied())
                .unwrap_or_else(|| {
                    Hint::from(format!(
                        "the phases carry: {}; give a phase the attribute (`{name}: \"...\"`), or remove the column",
                        carried.join(", ")
                    ))
                });
            self.push(
                Diagnostic::new(
                    DiagnosticCode::UnknownAttribute,
                    column.attribute.span.clone(),
                    format!("no phase has the attribute `{name}`"),
                )
                .label("carried by no phase")
                .help(help),
            );
        }
    }
}
