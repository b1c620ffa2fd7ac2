//! Who coded each quote (`coder:`), for `codebook agree`: a coder a quote names must be one the
//! file declares (`coders: alice, bob`), when it declares any; and in a file of several
//! declared coders, a quote without `coder:` belongs to nobody, so agreement leaves it out.

use super::Checker;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{Id, QuoteId};

impl Checker<'_> {
    pub(super) fn coders(&mut self) {
        let cb = self.cb;
        if cb.coders.is_empty() {
            return;
        }
        let declared = || cb.coders.iter().map(|c| c.id.as_str());
        // Looked up once per coder a quote names: a file of thousands of coders (an import of
        // a project with as many users) stays linear.
        let known: std::collections::HashSet<&str> = declared().collect();
        let mut said = cb.quote_coders.iter().peekable();
        for (id, q) in QuoteId::each(cb) {
            let coders = match said.peek() {
                Some((q_id, names)) if *q_id == id => {
                    said.next();
                    names
                }
                _ => {
                    if cb.coders.len() > 1 {
                        self.push(
                            Diagnostic::new(
                                DiagnosticCode::MissingCoder,
                                q.span.start..q.span.start + "quote".len(),
                                "this quote says nobody coded it, and the file has several coders",
                            )
                            .label("no `coder:`")
                            .help(format!(
                                "add `coder:` with who coded it this way (one of {}); `codebook \
                                 agree` leaves it out until then",
                                declared().collect::<Vec<_>>().join(", ")
                            )),
                        );
                    }
                    continue;
                }
            };
            for c in coders.iter() {
                if known.contains(c.id.as_str()) {
                    continue;
                }
                let help = self.suggest(&c.id, declared()).unwrap_or_else(|| {
                    format!(
                        "the file's coders are {}: add `{}` to `coders:` if they coded too",
                        declared().collect::<Vec<_>>().join(", "),
                        c.id
                    )
                    .into()
                });
                self.push(
                    Diagnostic::new(
                        DiagnosticCode::UnknownCoder,
                        c.span.clone(),
                        format!("`{}` is not one of the file's coders", c.id),
                    )
                    .label("not in `coders:`")
                    .help(help),
                );
            }
        }
    }
}
