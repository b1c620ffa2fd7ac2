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

// The parser derive (pest without its `std` feature, see Cargo.toml) names `::alloc`.
extern crate alloc;

pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod import;
pub mod model;
pub mod output;
pub mod report;
pub mod stats;
pub mod syntax;
pub mod synth;
pub mod words;

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
///
/// Each top-level statement is lowered as soon as it is parsed and its syntax tree dropped,
/// so memory follows the size of the model, not of the syntax tree.
pub fn compile(source: &str) -> Outcome {
    compile_keeping(source, true)
}

/// Every diagnostic of one file's text, exactly those [`compile`] reports: what `codebook
/// check` runs.
///
/// Checking never reads a quote's text after lowering has validated it, so the texts are not
/// kept: at archive scale they are a third of the memory (36 MB of 100,000 quotes). There is
/// no model to hand out without them, so only the diagnostics are returned.
pub fn validate(source: &str) -> Vec<Diagnostic> {
    compile_keeping(source, false).diagnostics
}

fn compile_keeping(source: &str, quote_texts: bool) -> Outcome {
    let levels = syntax::levels_statements(source);
    let level_refs: Vec<&syntax::ast::LevelsStmt> = levels.iter().collect();
    let mut lowering = model::Lowering::new(&level_refs);
    if !quote_texts {
        lowering = lowering.without_quote_texts();
    }
    let known: Vec<usize> = levels.iter().map(|l| l.span.start).collect();
    let mut unforeseen_levels = false;
    let parsed = syntax::each_statement(source, None, |s| {
        if let syntax::ast::Statement::Levels(l) = &s {
            unforeseen_levels |= !known.contains(&l.span.start);
        }
        lowering.statement(&s);
    });
    if let Err(d) = parsed {
        return Outcome {
            compiled: None,
            diagnostics: vec![*d],
        };
    }
    let (codebook, diagnostics) = if unforeseen_levels {
        // The scan missed a `levels` line (written somewhere unusual): lower the whole tree.
        match syntax::parse(source) {
            Ok(doc) => model::lower(&doc),
            Err(d) => {
                return Outcome {
                    compiled: None,
                    diagnostics: vec![*d],
                };
            }
        }
    } else {
        lowering.finish()
    };
    check_lowered(codebook, diagnostics)
}

fn check_lowered(codebook: model::Codebook, mut diagnostics: Vec<Diagnostic>) -> Outcome {
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
