//! One function per subcommand but `agree`: read the files, call the library, print.

use super::args::*;
use crate::*;
use codebook::format::Compared;

pub(crate) fn check(files: &[PathBuf], lints: &Lints) -> Exit {
    let levels = match lint_levels(lints) {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    let mut exit = Exit::Ok;
    let mut json_files = Vec::new();
    for path in files {
        let name = path.display().to_string();
        // Whether the file has an error, and its diagnostics shown against its text.
        let shown = |source: &str, diags: &[Diagnostic]| {
            let invalid = diags.iter().any(Diagnostic::is_error);
            match lints.error_format {
                ErrorFormat::Human => (invalid, Shown::Human(report::human(&name, source, diags))),
                ErrorFormat::Json => (invalid, Shown::Json(report::json(&name, source, diags))),
            }
        };
        let checked = read_then(path, |source| {
            shown(source, &levels.apply(codebook::validate(source)))
        });
        let (invalid, report) = match checked {
            Err(Unreadable::Io(d)) => {
                match lints.error_format {
                    ErrorFormat::Human => errs!("{}", plain(Some(&name), &d)),
                    ErrorFormat::Json => json_files.push(report::json(&name, "", &[*d])),
                }
                exit = Exit::Usage;
                continue;
            }
            Err(Unreadable::Content {
                shown: text,
                diagnostic,
            }) => shown(&text, &[*diagnostic]),
            Ok(checked) => checked,
        };
        if invalid && exit == Exit::Ok {
            exit = Exit::Invalid;
        }
        match report {
            Shown::Human(text) => errs!("{}", text),
            Shown::Json(value) => json_files.push(value),
        }
    }
    if let ErrorFormat::Json = lints.error_format {
        let files = serde_json::json!({ "files": json_files });
        outln!(
            "{}",
            serde_json::to_string_pretty(&files).unwrap_or_default()
        );
    }
    exit
}

/// A file's diagnostics as `check` shows them: text for people, or JSON.
enum Shown {
    Human(String),
    Json(serde_json::Value),
}

pub(crate) fn show(lints: &Lints, name: &str, source: &str, diags: &[Diagnostic]) {
    match lints.error_format {
        ErrorFormat::Human => errs!("{}", report::human(name, source, diags)),
        ErrorFormat::Json => {
            let out = serde_json::json!({ "files": [report::json(name, source, diags)] });
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
}

pub(crate) fn build(
    file: &Path,
    to: codebook::build::Target,
    options: &codebook::build::Options,
    output: Option<&Path>,
    lints: &Lints,
) -> Exit {
    let levels = match lint_levels(lints) {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    if let Err(refused) = codebook::build::check_options(to, options) {
        errln!("error: {}\n  help: {}", refused.message, refused.help);
        return Exit::Usage;
    }
    if to.is_binary() && output.is_none() {
        return usage_error(&format!(
            "--to {} makes a zip archive, which is not written to standard output: name the file with -o, e.g. -o study.qdpx",
            to.name()
        ));
    }
    if let Some(out) = output
        && codebook::output::same_file(file, out)
    {
        return usage_error(&format!(
            "{}: refusing to write the output over the input file",
            out.display()
        ));
    }
    // The check's warnings, what the target loses, and what building finds: one report.
    let (name, source, compiled, mut report) = match load_checked(file, lints, &levels) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    report.extend(levels.apply(codebook::build::warnings(&compiled, to)));
    if report.iter().any(Diagnostic::is_error) {
        show(lints, &name, &source, &report);
        return Exit::Invalid;
    }
    // JSON is written as it is made, to a file or to standard output: the whole text is
    // never held.
    if to == codebook::build::Target::Json {
        if !report.is_empty() {
            show(lints, &name, &source, &report);
        }
        // The model holds all the output needs: the file's text (as large as the file) is
        // not kept beside the output's state while it is written.
        drop(source);
        let render = |w: &mut dyn std::io::Write| codebook::emit::json::render_to(&compiled, w);
        let Some(path) = output else {
            out_with(render);
            return Exit::Ok;
        };
        return match codebook::output::write_atomic_with(path, &[file], render) {
            Ok(()) => Exit::Ok,
            Err(e) => usage_error(&e.to_string()),
        };
    }
    let bytes = match codebook::build::build(&compiled, to, options) {
        Ok(b) => b,
        Err(codebook::build::BuildError::Unknown(asked)) => {
            match lints.error_format {
                ErrorFormat::Human => {
                    if !report.is_empty() {
                        show(lints, &name, &source, &report);
                    }
                    asked.iter().for_each(|d| errs!("{}", plain(None, d)));
                }
                ErrorFormat::Json => {
                    report.extend(asked);
                    show(lints, &name, &source, &report);
                }
            }
            return Exit::Usage;
        }
        Err(codebook::build::BuildError::Invalid(more)) => {
            report.extend(more);
            show(lints, &name, &source, &report);
            return Exit::Invalid;
        }
    };
    if !report.is_empty() {
        show(lints, &name, &source, &report);
    }
    match output {
        Some(path) => match codebook::output::write_atomic(path, &bytes, &[file]) {
            Ok(()) => Exit::Ok,
            Err(e) => usage_error(&e.to_string()),
        },
        None => print(&bytes),
    }
}

/// `codebook explain [CODE]`: every code in a list, or one explained; a name that is no code
/// is a usage error with the nearest code.
pub(crate) fn lsp() -> Exit {
    match codebook::lsp::run() {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("codebook lsp: {e}");
            Exit::Usage
        }
    }
}

pub(crate) fn explain(code: Option<&str>) -> Exit {
    let text = match code {
        None => codebook::diagnostics::explain_all(),
        Some(name) => match DiagnosticCode::from_name(name) {
            Some(c) => c.explain(),
            None if codebook::model::schema::declaration(name, false).is_some() => {
                codebook::model::schema::declaration(name, false)
                    .map(codebook::model::schema::describe)
                    .unwrap_or_default()
            }
            None if matches!(name, "code" | "concept" | "theme" | "dimension") => {
                codebook::model::schema::describe(&codebook::model::schema::CODE)
            }
            None if codebook::diagnostics::statement(name).is_some() => {
                codebook::diagnostics::statement(name)
                    .unwrap_or_default()
                    .to_string()
            }
            None => {
                let nearest = codebook::diagnostics::nearest(
                    name.strip_prefix("codebook::").unwrap_or(name),
                    DiagnosticCode::ALL
                        .iter()
                        .map(|c| c.name())
                        .chain(codebook::model::schema::DECLARATIONS.iter().map(|d| d.kind))
                        .chain(codebook::diagnostics::STATEMENTS.iter().map(|(n, _)| *n)),
                );
                errln!("error: no diagnostic, kind of declaration or statement is called `{name}`");
                match nearest {
                    Some(guess) => {
                        errln!(
                            "  help: did you mean `{guess}`? `codebook explain` lists every diagnostic, kind and statement"
                        )
                    }
                    None if codebook::syntax::is_identifier(name) => errln!(
                        "  help: if `{name}` is one of your levels, its codes take what every code takes: `codebook explain code`; `codebook explain` lists every diagnostic, kind and statement"
                    ),
                    None => errln!(
                        "  help: `codebook explain` lists every diagnostic, kind and statement"
                    ),
                }
                return Exit::Usage;
            }
        },
    };
    print(text.as_bytes())
}

/// `codebook fmt`: files with syntax errors are reported and left alone (exit 1); with
/// `--check`, a file that would change is named and exits 1; I/O errors exit 2.
pub(crate) fn fmt(files: &[PathBuf], check_only: bool, diff: bool) -> Exit {
    let mut exit = Exit::Ok;
    let mut worsen = |e: Exit| {
        if e as u8 > exit as u8 {
            exit = e;
        }
    };
    for path in files {
        let name = path.display().to_string();
        let source = match read(path) {
            Err(Unreadable::Io(d)) => {
                errs!("{}", plain(Some(&name), &d));
                worsen(Exit::Usage);
                continue;
            }
            Err(Unreadable::Content { shown, diagnostic }) => {
                errs!("{}", report::human(&name, &shown, &[*diagnostic]));
                worsen(Exit::Invalid);
                continue;
            }
            Ok(s) => s,
        };
        // Without `--diff`, the formatted text is compared with the source piece by piece as
        // it is made: no syntax tree of the whole file, and no output held (`fmt` writes it
        // from its first change on).
        if !diff {
            let compared = match check_only {
                true => Ok(codebook::format::compare(&source, &mut |_| {})),
                false => rewrite(path, &source),
            };
            match compared {
                Ok(Ok(Compared::Same)) => continue,
                Ok(Ok(Compared::Changed)) if check_only => {
                    outln!("{name}: would be reformatted");
                    worsen(Exit::Invalid);
                    continue;
                }
                Ok(Ok(Compared::Changed)) => {
                    errln!("{name}: formatted");
                    continue;
                }
                Ok(Ok(Compared::Unknown)) => {}
                Ok(Err(d)) => {
                    errs!("{}", report::human(&name, &source, &d));
                    worsen(Exit::Invalid);
                    continue;
                }
                Err(e) => {
                    errln!("error: {e}");
                    worsen(Exit::Usage);
                    continue;
                }
            }
        }
        let formatted = match codebook::format::format(&source) {
            Ok(t) => t,
            Err(d) => {
                errs!("{}", report::human(&name, &source, &d));
                worsen(Exit::Invalid);
                continue;
            }
        };
        if formatted == source {
            continue;
        }
        if diff {
            let text = codebook::format::unified_diff(&name, &source, &formatted);
            out(text.as_bytes());
        }
        if check_only {
            outln!("{name}: would be reformatted");
            worsen(Exit::Invalid);
            continue;
        }
        if diff {
            continue;
        }
        // The one rule of every output (see `output`): through links, permissions kept.
        match codebook::output::write_atomic(path, formatted.as_bytes(), &[]) {
            Ok(()) => errln!("{name}: formatted"),
            Err(e) => {
                errln!("error: {e}");
                worsen(Exit::Usage);
            }
        }
    }
    exit
}

/// `fmt` rewriting `path` when formatting changes it ([`codebook::format::compare`]): the
/// formatted text goes to a temporary file as it is made, from its first change on, and
/// replaces the file only when the whole file formatted without a syntax error
/// ([`codebook::output::write_atomic_if`]); a file that formatting leaves alone is not touched.
fn rewrite(
    path: &Path,
    source: &str,
) -> Result<Result<Compared, Vec<Diagnostic>>, codebook::output::OutputError> {
    let mut compared = Ok(Compared::Unknown);
    codebook::output::write_atomic_if(path, &[], |w| {
        let mut failed = None;
        compared = codebook::format::compare(source, &mut |text| {
            if failed.is_none()
                && let Err(e) = w.write_all(text.as_bytes())
            {
                failed = Some(e);
            }
        });
        match (&compared, failed) {
            (Ok(Compared::Changed), Some(e)) => Err(e),
            (Ok(Compared::Changed), None) => Ok(true),
            _ => Ok(false),
        }
    })?;
    Ok(compared)
}

/// `codebook import`: 0 written, 1 the input is not a file codebook can import (nothing is
/// written), 2 usage or I/O.
pub(crate) fn import(file: &Path, output: Option<&Path>) -> Exit {
    use codebook::import::{ImportError, import_file};
    if let Some(out) = output
        && codebook::output::same_file(file, out)
    {
        return usage_error(&format!(
            "{}: refusing to write the output over the input file",
            out.display()
        ));
    }
    let imported = match import_file(file) {
        Ok(i) => i,
        Err(e @ ImportError::Io { .. }) => return usage_error(&e.to_string()),
        Err(e) => {
            errln!("error: {e}");
            errln!("nothing was written");
            return Exit::Invalid;
        }
    };
    for w in &imported.warnings {
        errln!("warning: {w}");
    }
    match output {
        Some(path) => {
            match codebook::output::write_atomic(path, imported.text.as_bytes(), &[file]) {
                Ok(()) => Exit::Ok,
                Err(e) => usage_error(&e.to_string()),
            }
        }
        None => print(imported.text.as_bytes()),
    }
}

/// `codebook stats`: an invalid codebook gets its diagnostics and no statistics (exit 1).
/// Read and compile a file for a command that needs a valid codebook: diagnostics are shown
/// (warnings too), and the exit status is returned when the file is unreadable or invalid.
/// A file read and compiled without errors (its warnings shown).
pub(crate) fn load_valid(
    file: &Path,
    lints: &Lints,
    levels: &LintLevels,
) -> Result<(String, String, codebook::Compiled), Exit> {
    let (name, source, compiled, warnings) = load_checked(file, lints, levels)?;
    if !warnings.is_empty() {
        show(lints, &name, &source, &warnings);
    }
    Ok((name, source, compiled))
}

/// A file read and compiled without errors, and its warnings, not yet shown: `build` shows
/// them with its own, as one report.
pub(crate) fn load_checked(
    file: &Path,
    lints: &Lints,
    levels: &LintLevels,
) -> Result<(String, String, codebook::Compiled, Vec<Diagnostic>), Exit> {
    let name = file.display().to_string();
    let source = match read(file) {
        Err(Unreadable::Io(d)) => {
            match lints.error_format {
                ErrorFormat::Human => errs!("{}", plain(Some(&name), &d)),
                ErrorFormat::Json => show(lints, &name, "", &[*d]),
            }
            return Err(Exit::Usage);
        }
        Err(Unreadable::Content { shown, diagnostic }) => {
            show(lints, &name, &shown, &[*diagnostic]);
            return Err(Exit::Invalid);
        }
        Ok(s) => s,
    };
    let outcome = compile(&source);
    let diags = levels.apply(outcome.diagnostics);
    let compiled = match outcome.compiled {
        Some(c) if !diags.iter().any(Diagnostic::is_error) => c,
        _ => {
            show(lints, &name, &source, &diags);
            return Err(Exit::Invalid);
        }
    };
    Ok((name, source, compiled, diags))
}

pub(crate) fn stats(file: &Path, format: StatsFormat, lints: &Lints) -> Exit {
    let levels = match lint_levels(lints) {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    let (_, _, compiled) = match load_valid(file, lints, &levels) {
        Ok(loaded) => loaded,
        Err(exit) => return exit,
    };
    let format = match format {
        StatsFormat::Table => codebook::stats::Format::Table,
        StatsFormat::Json => codebook::stats::Format::Json,
        StatsFormat::Markdown => codebook::stats::Format::Markdown,
    };
    let text = codebook::stats::render(&codebook::stats::compute(&compiled), format);
    print(text.as_bytes())
}
