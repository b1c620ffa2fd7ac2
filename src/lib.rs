//! `codebook`: a compiler and validator for qualitative coding schemas.
//!
//! The pipeline, one module per stage (see `docs/architecture.md`):
//!
//! 1. [`syntax`]: text → syntax tree ([`syntax::parse`])
//! 2. [`model`]: syntax tree → model of the study ([`model::lower`])
//! 3. [`check`]: resolve references, validate the whole ([`check::check`])
//! 4. [`emit`]: a valid model → JSON, LaTeX, Markdown, ...
//!
//! [`compile`] runs stages 1 to 3 and collects every diagnostic.

pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod model;
pub mod output;
pub mod report;
pub mod syntax;

use diagnostics::Diagnostic;

/// A checked codebook: the model and the links the checker resolved.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub codebook: model::Codebook,
    pub resolved: check::Resolved,
}

/// What compiling a file gives: the codebook (unless it could not be parsed) and every
/// diagnostic, sorted by position.
#[derive(Debug)]
pub struct Outcome {
    pub compiled: Option<Compiled>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse, lower and check one file's text.
pub fn compile(source: &str) -> Outcome {
    let doc = match syntax::parse(source) {
        Ok(doc) => doc,
        Err(d) => {
            return Outcome {
                compiled: None,
                diagnostics: vec![*d],
            };
        }
    };
    let (codebook, mut diagnostics) = model::lower(&doc);
    let (resolved, more) = check::check(&codebook);
    diagnostics.extend(more);
    // Lints the file allows itself (`allow: ...`) are dropped here, for lowering's too.
    diagnostics.retain(|d| {
        !(d.code.default_severity() == diagnostics::Severity::Warning
            && codebook.allow.iter().any(|a| a.id == d.code.name()))
    });
    diagnostics::sort(&mut diagnostics);
    Outcome {
        compiled: Some(Compiled { codebook, resolved }),
        diagnostics,
    }
}
