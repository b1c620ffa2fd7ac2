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

pub mod agree;
pub mod build;
pub mod check;
pub mod diagnostics;
pub mod emit;
pub mod format;
pub mod formats;
pub mod import;
pub mod input;
pub mod lsp;
pub mod model;
pub mod output;
pub mod report;
pub mod stats;
pub mod syntax;
pub mod synth;
pub(crate) mod words;

use diagnostics::Diagnostic;

/// A valid codebook: the model and the links the checker resolved. Only [`compile`] makes
/// one, and only of a file without errors, so an emitter never meets a broken link.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Compiled {
    /// What the file declares.
    pub codebook: model::Codebook,
    /// Every reference the checker resolved.
    pub resolved: check::Resolved,
}

/// What compiling a file gives: every diagnostic, errors first, and the valid codebook when
/// there is no error.
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome {
    /// The valid codebook: `None` when a diagnostic is an error.
    pub compiled: Option<Compiled>,
    /// Every diagnostic, errors first, each sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    /// Whether a diagnostic is an error: then there is no valid codebook.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse, lower and check one file's text.
///
/// Each top-level statement is lowered as soon as it is parsed and its syntax tree dropped,
/// so memory follows the size of the model, not of the syntax tree.
///
/// # Examples
///
/// ```
/// let source = r#"
/// structure contact "Keeping in touch" {
///   dimension rhythm "Rhythms of contact" {
///     theme routine "Routine" {
///       concept standups "Daily stand-ups"
///       concept notes "Weekly notes"
///     }
///     theme ad_hoc "Ad hoc" {
///       concept calls "Quick calls"
///       concept chats "Chat threads"
///     }
///   }
/// }
/// quote "We meet every morning at nine." {
///   by: "team lead", 2025
///   supports: standups, notes, calls, chats
/// }
/// "#;
/// let outcome = codebook::compile(source);
/// assert!(outcome.diagnostics.is_empty());
/// let valid = outcome.compiled.expect("no errors, so a valid codebook");
/// assert_eq!(valid.codebook.codes.len(), 7);
/// assert_eq!(valid.codebook.quotes[0].supports.len(), 4);
///
/// // A misspelt property is an error, and there is no codebook; the fix is data.
/// let outcome = codebook::compile(&source.replace("supports:", "suports:"));
/// assert!(outcome.has_errors() && outcome.compiled.is_none());
/// let error = &outcome.diagnostics[0];
/// assert_eq!(error.code.name(), "unknown_property");
/// assert_eq!(error.suggestion(), Some("supports"));
/// ```
pub fn compile(source: &str) -> Outcome {
    let mut outcome = compile_keeping(source, true);
    if outcome.diagnostics.is_empty() {
        outcome.diagnostics.extend(declares_nothing(source));
    }
    outcome
}

/// Every diagnostic of one file's text, exactly those [`compile`] reports: what `codebook
/// check` runs.
///
/// Checking never reads a quote's text after lowering has validated it, so the texts are not
/// kept: at archive scale they are a third of the memory (36 MB of 100,000 quotes). There is
/// no model to hand out without them, so only the diagnostics are returned.
///
/// # Examples
///
/// ```
/// use codebook::diagnostics::DiagnosticCode;
///
/// let source = r#"quote "We meet every morning." {
///   by: "team lead", 2025
///   supports: standups
/// }
/// "#;
/// let diagnostics = codebook::validate(source);
/// assert_eq!(diagnostics.len(), 1);
/// assert_eq!(diagnostics[0].code, DiagnosticCode::UnknownReference);
/// assert_eq!(diagnostics[0].message, "unknown code `standups`");
/// assert_eq!(&source[diagnostics[0].span.clone()], "standups");
/// assert_eq!(diagnostics, codebook::compile(source).diagnostics);
/// ```
pub fn validate(source: &str) -> Vec<Diagnostic> {
    let mut diagnostics = compile_keeping(source, false).diagnostics;
    if diagnostics.is_empty() {
        diagnostics.extend(declares_nothing(source));
    }
    diagnostics
}

/// The `empty_codebook` warning for a file that is empty or holds only blank lines and
/// comments (a byte order mark aside): it checks clean, yet is almost always the wrong file or
/// one saved before anything was written.
fn declares_nothing(source: &str) -> Option<Diagnostic> {
    // The grammar's blanks; a comment runs to the end of its line (`\n` or `\r`).
    let blank = |line: &str| {
        let rest = line.trim_start_matches([' ', '\t', '\u{FEFF}']);
        rest.is_empty() || rest.starts_with('#')
    };
    if !source.split(['\n', '\r']).all(blank) {
        return None;
    }
    let start =
        "write the study, starting with a data structure: `structure name \"Caption\" { ... }`";
    let (message, label, help) = if source.contains('#') {
        (
            "this codebook holds only comments: it declares no codes, quotes or sources",
            "only comments",
            format!(
                "lines starting with `#` are notes for people and declare nothing; below them, \
                 {start}"
            ),
        )
    } else {
        (
            "this codebook is empty: it declares no codes, quotes or sources",
            "the file is empty",
            format!(
                "check that this is the file you meant (an editor that did not save leaves it \
                 empty), or {start}"
            ),
        )
    };
    Some(
        Diagnostic::new(diagnostics::DiagnosticCode::EmptyCodebook, 0..0, message)
            .label(label)
            .help(help),
    )
}

fn compile_keeping(source: &str, quote_texts: bool) -> Outcome {
    // JSON, XML, a web page or RTF read as a codebook would be a hundred syntax errors.
    if let Some(foreign) = formats::recognise(source.as_bytes(), None) {
        return Outcome {
            compiled: None,
            diagnostics: vec![foreign.diagnostic(None)],
        };
    }
    let levels = syntax::levels_statements(source);
    let level_refs: Vec<&syntax::ast::LevelsStmt> = levels.iter().collect();
    let mut lowering = model::Lowering::new(&level_refs);
    if !quote_texts {
        lowering = lowering.without_quote_texts();
    }
    // A line read otherwise by the parse (a text never closed in it, mended) is not known.
    let known: Vec<syntax::ast::Span> = levels.iter().map(|l| l.span.clone()).collect();
    let mut unforeseen_levels = false;
    let syntax_errors = syntax::each_statement(source, None, quote_texts, |s| {
        if let syntax::ast::Statement::Levels(l) = &s {
            unforeseen_levels |= !known.contains(&l.span);
        }
        lowering.statement(&s);
    });
    if syntax_errors.nesting_lost {
        // What parsed is not what the author meant (a block left open swallows the rest of
        // the file): checking it would only report what follows from the syntax error.
        return Outcome {
            compiled: None,
            diagnostics: syntax_errors.diagnostics,
        };
    }
    let (codebook, diagnostics) = if unforeseen_levels {
        // The scan missed a `levels` line (written somewhere unusual): lower the whole tree.
        let (doc, _) = syntax::parse_recovering(source);
        model::lower(&doc)
    } else {
        lowering.finish()
    };
    check_lowered(codebook, diagnostics, syntax_errors, source)
}

fn check_lowered(
    codebook: model::Codebook,
    mut diagnostics: Vec<Diagnostic>,
    syntax_errors: syntax::SyntaxErrors,
    source: &str,
) -> Outcome {
    let (resolved, more) = check::check(&codebook);
    diagnostics.extend(more);
    diagnostics.extend(syntax_errors.diagnostics);
    diagnostics.extend(syntax::text::suspicious_escapes(source));
    // Lints the file allows itself (`allow: ...`) are dropped here, for lowering's too.
    diagnostics.retain(|d| {
        !(d.code.default_severity() == diagnostics::Severity::Warning
            && codebook.allow.iter().any(|a| a.id == d.code.name()))
    });
    check::root_cause::keep_root_causes(
        &mut diagnostics,
        &codebook.incomplete,
        &codebook.unread_names,
        &syntax_errors.skipped_words,
        source,
    );
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    Outcome {
        compiled: valid.then_some(Compiled { codebook, resolved }),
        diagnostics,
    }
}
