//! A structure's attribute columns (`column: code "Code"`): each must name an attribute that
//! a code of the structure carries, else its column would be empty.

use super::Checker;
use crate::diagnostics::{Diagnostic, DiagnosticCode, Hint};
use crate::model::{CodeId, Id, StructureId};

impl Checker<'_> {
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
}
