//! The `codebook` command line: argument parsing and rendering only; the work is in the library.

use clap::{Parser, Subcommand, ValueEnum};
use codebook::diagnostics::{Diagnostic, DiagnosticCode, LintLevels};
use codebook::input::{Unreadable, read};
use codebook::{compile, report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the process's exit status says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Every file is valid.
    Ok = 0,
    /// A codebook has errors.
    Invalid = 1,
    /// The command was used wrongly, or a file could not be read or written.
    Usage = 2,
}

/// Set when standard output could not be written for a reason other than a closed pipe.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// Write to a standard stream as Unix tools do: a reader that has gone away (a closed pipe,
/// `| head -c1`) ends nothing but the writing, quietly, and the command's exit status stays its
/// own. Any other failure is returned.
fn write_stream(mut stream: impl Write, bytes: &[u8]) -> std::io::Result<()> {
    match stream.write_all(bytes).and_then(|()| stream.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// Write to standard output (see [`write_stream`]); a failure other than a closed pipe (a full
/// disk) is reported once and makes the exit status 2.
fn out(bytes: &[u8]) {
    if let Err(e) = write_stream(std::io::stdout().lock(), bytes)
        && !STDOUT_FAILED.swap(true, Ordering::Relaxed)
    {
        err(&format!("error: cannot write to standard output: {e}\n"));
    }
}

/// Write to standard error; when even that fails there is nobody left to tell.
fn err(text: &str) {
    let _ = write_stream(std::io::stderr().lock(), text.as_bytes());
}

/// `println!` to standard output through [`out`].
macro_rules! outln {
    ($($arg:tt)*) => { out(format!("{}\n", format_args!($($arg)*)).as_bytes()) };
}
/// `eprint!` through [`err`].
macro_rules! errs {
    ($($arg:tt)*) => { err(&format!($($arg)*)) };
}
/// `eprintln!` through [`err`].
macro_rules! errln {
    ($($arg:tt)*) => { err(&format!("{}\n", format_args!($($arg)*))) };
}

#[derive(Parser)]
#[command(
    name = "codebook",
    version,
    about = "Compile and validate qualitative coding schemas"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ErrorFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
struct Lints {
    /// How to print diagnostics: for people (on stderr) or as JSON (on stdout).
    #[arg(long, value_enum, default_value = "human", global = true)]
    error_format: ErrorFormat,
    /// Turn warnings into errors: `warnings` for all, or a lint's name (repeatable).
    #[arg(long, value_name = "LINT")]
    deny: Vec<String>,
    /// Silence a warning by its name (repeatable).
    #[arg(long, value_name = "LINT")]
    allow: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check codebooks and report every problem at once.
    Check {
        /// The `.codebook` files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        lints: Lints,
    },
    /// Build tables and data from a valid codebook. Nothing is written when it has errors.
    Build {
        /// The `.codebook` file.
        file: PathBuf,
        /// What to produce.
        #[arg(long, value_parser = target_parser())]
        to: String,
        /// With `--to latex` or `--to markdown`: only this table. NAME is a structure's or a
        /// matrix's identifier; a structure's identifier and `-compact` (`contact-compact`) for
        /// its table without quotes; or a named table: `actors` (the organisations), `sources`
        /// (interviews, documents, observations), `codebook` (every code with its definition and
        /// an example quote). An unknown NAME is refused with the list of tables there are.
        #[arg(long, value_name = "NAME", verbatim_doc_comment)]
        table: Option<String>,
        /// Write here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// With `--to latex`, `--to markdown` or `--to tikz`: a complete document rather than a
        /// fragment to include.
        #[arg(long)]
        standalone: bool,
        #[command(flatten)]
        figure: FigureArgs,
        #[command(flatten)]
        lints: Lints,
    },
    /// Rewrite codebooks in the one canonical layout (comments and meaning kept).
    Fmt {
        /// The `.codebook` files to format (rewritten in place, only when they change).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write nothing; exit 1 and name the files that are not formatted.
        #[arg(long)]
        check: bool,
        /// Write nothing; print what would change as a unified diff.
        #[arg(long)]
        diff: bool,
    },
    /// Make a codebook from a REFI-QDA codebook (.qdc) or project (.qdpx) of QDA software.
    Import {
        /// The `.qdc` or `.qdpx` file (MAXQDA, NVivo, ATLAS.ti, QualCoder, ...).
        file: PathBuf,
        /// Write the `.codebook` here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Count what a reviewer asks of a valid codebook: codes, quotes, sources, saturation.
    Stats {
        /// The `.codebook` file.
        file: PathBuf,
        /// How to print the statistics.
        #[arg(long, value_enum, default_value = "table")]
        format: StatsFormat,
        #[command(flatten)]
        lints: Lints,
    },
    /// Inter-coder agreement: the coefficients reviewers ask for, and every disagreement.
    ///
    /// Exit status: 0 the report was printed, 1 the input cannot be compared (a codebook with
    /// errors, fewer than two coders, a coder coding a quote twice, a CSV file that cannot be
    /// read as a matrix, a project that cannot be read, a name LaTeX cannot typeset), 2 usage
    /// or I/O error.
    Agree {
        /// Codebooks saying who coded each quote (`coder:`): one file with several coders'
        /// codings, or one file per coder (each starting with `coders: NAME`). Or one REFI-QDA
        /// project (`.qdpx`), compared character by character: where each user applied each
        /// code.
        #[arg(required_unless_present = "units", conflicts_with = "units")]
        files: Vec<PathBuf>,
        /// For a project (`.qdpx`): the users to compare, by name, separated by commas
        /// (default: every user who coded).
        #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
        coders: Option<Vec<String>>,
        /// A reliability data matrix as CSV instead: a first line of coders' names, then one
        /// line per unit, each cell the category that column's coder gave it (an empty cell:
        /// not coded).
        #[arg(long, value_name = "FILE.csv")]
        units: Option<PathBuf>,
        /// How far apart categories are for Krippendorff's alpha (ordinal, interval and
        /// ratio need categories that are numbers) [default: nominal]. Not for a project,
        /// whose characters are coded or not.
        #[arg(long, value_enum)]
        metric: Option<MetricArg>,
        /// Add a 95% bootstrap confidence interval of Krippendorff's alpha, from N draws of the
        /// units (seeded: the same data give the same interval), overall and per level.
        #[arg(long, value_name = "N")]
        bootstrap: Option<usize>,
        /// How to print the report.
        #[arg(long, value_enum, default_value = "table")]
        format: AgreeFormat,
        /// Write here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        lints: Lints,
    },
    /// Explain a diagnostic code or what a kind of declaration holds, or list the codes.
    Explain {
        /// A code such as `unknown_reference` (all codes when left out).
        code: Option<String>,
    },
    /// Serve editors over the Language Server Protocol on stdin and stdout (diagnostics as you
    /// type, outline, go to definition, references, rename, hover, completion, formatting).
    Lsp,
}

/// `--to`: the library's targets ([`codebook::build::Target`]), by name, each with its help.
fn target_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        codebook::build::Target::ALL
            .map(|t| clap::builder::PossibleValue::new(t.name()).help(t.about())),
    )
}

fn target(name: &str) -> codebook::build::Target {
    codebook::build::Target::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .unwrap_or(codebook::build::Target::Json)
}

/// Which figure `--to svg` and `--to tikz` draw.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FigureKind {
    /// The data structure as a Gioia diagram: one column of boxes per level.
    Structure,
    /// Phases, turning points and data-collection periods on a time axis.
    Timeline,
}

/// Options of `--to svg` and `--to tikz`.
#[derive(clap::Args)]
struct FigureArgs {
    /// The figure to draw with `--to svg` or `--to tikz` [default: structure].
    #[arg(long, value_enum)]
    figure: Option<FigureKind>,
    /// With `--figure structure`: only this structure (by identifier); all when left out.
    #[arg(long, value_name = "NAME")]
    structure: Option<String>,
    /// With `--figure structure`: show how many quotes support each lowest-level code.
    #[arg(long)]
    counts: bool,
}

impl FigureArgs {
    fn options(self, table: Option<String>, standalone: bool) -> codebook::build::Options {
        codebook::build::Options {
            table,
            standalone,
            figure: self.figure.map(|f| match f {
                FigureKind::Structure => codebook::build::Figure::Structure,
                FigureKind::Timeline => codebook::build::Figure::Timeline,
            }),
            structure: self.structure,
            counts: self.counts,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Check { files, lints } => check(&files, &lints),
        Command::Build {
            file,
            to,
            table,
            output,
            standalone,
            figure,
            lints,
        } => build(
            &file,
            target(&to),
            &figure.options(table, standalone),
            output.as_deref(),
            &lints,
        ),
        Command::Fmt { files, check, diff } => fmt(&files, check, diff),
        Command::Import { file, output } => import(&file, output.as_deref()),
        Command::Stats {
            file,
            format,
            lints,
        } => stats(&file, format, &lints),
        Command::Agree {
            files,
            coders,
            units,
            metric,
            bootstrap,
            format,
            output,
            lints,
        } => agree(
            (&files, coders.as_deref()),
            units.as_deref(),
            (metric, bootstrap.unwrap_or(0), format),
            output.as_deref(),
            &lints,
        ),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Lsp => lsp(),
    };
    let exit = if STDOUT_FAILED.load(Ordering::Relaxed) {
        Exit::Usage
    } else {
        exit
    };
    ExitCode::from(exit as u8)
}

fn lint_levels(lints: &Lints) -> Result<LintLevels, String> {
    LintLevels::from_names(&lints.deny, &lints.allow)
}

/// A problem that has no place in a file's text to point at (a file that cannot be read, a
/// table the codebook does not have), for people: `error: ` and the message (after `subject: `
/// when given), then its help.
fn plain(subject: Option<&str>, d: &Diagnostic) -> String {
    let mut out = match subject {
        Some(s) => format!("error: {s}: {}\n", d.message),
        None => format!("error: {}\n", d.message),
    };
    if let Some(h) = &d.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    out
}

/// Write a command's output to standard output (see [`out`]).
fn print(bytes: &[u8]) -> Exit {
    out(bytes);
    Exit::Ok
}

fn usage_error(message: &str) -> Exit {
    errln!("error: {message}");
    Exit::Usage
}

fn check(files: &[PathBuf], lints: &Lints) -> Exit {
    let levels = match lint_levels(lints) {
        Ok(l) => l,
        Err(e) => return usage_error(&e),
    };
    let mut exit = Exit::Ok;
    let mut json_files = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let (source, diags) = match read(path) {
            Err(Unreadable::Io(d)) => {
                match lints.error_format {
                    ErrorFormat::Human => errs!("{}", plain(Some(&name), &d)),
                    ErrorFormat::Json => json_files.push(report::json(&name, "", &[*d])),
                }
                exit = Exit::Usage;
                continue;
            }
            Err(Unreadable::Content { shown, diagnostic }) => (shown, vec![*diagnostic]),
            Ok(source) => {
                let diagnostics = codebook::validate(&source);
                (source, levels.apply(diagnostics))
            }
        };
        if diags.iter().any(Diagnostic::is_error) && exit == Exit::Ok {
            exit = Exit::Invalid;
        }
        match lints.error_format {
            ErrorFormat::Human => errs!("{}", report::human(&name, &source, &diags)),
            ErrorFormat::Json => json_files.push(report::json(&name, &source, &diags)),
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

fn show(lints: &Lints, name: &str, source: &str, diags: &[Diagnostic]) {
    match lints.error_format {
        ErrorFormat::Human => errs!("{}", report::human(name, source, diags)),
        ErrorFormat::Json => {
            let out = serde_json::json!({ "files": [report::json(name, source, diags)] });
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
}

fn build(
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
    // JSON to a file is written as it is made: the whole text is never held.
    if to == codebook::build::Target::Json
        && let Some(path) = output
    {
        if !report.is_empty() {
            show(lints, &name, &source, &report);
        }
        let written = codebook::output::write_atomic_with(path, &[file], |w| {
            codebook::emit::json::render_to(&compiled, w)
        });
        return match written {
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
fn lsp() -> Exit {
    match codebook::lsp::run() {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("codebook lsp: {e}");
            Exit::Usage
        }
    }
}

fn explain(code: Option<&str>) -> Exit {
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
            None => {
                let nearest = codebook::diagnostics::nearest(
                    name.strip_prefix("codebook::").unwrap_or(name),
                    DiagnosticCode::ALL.iter().map(|c| c.name()),
                );
                errln!("error: no diagnostic is called `{name}`");
                match nearest {
                    Some(guess) => {
                        errln!(
                            "  help: did you mean `{guess}`? `codebook explain` lists every diagnostic"
                        )
                    }
                    None => errln!("  help: `codebook explain` lists every diagnostic"),
                }
                return Exit::Usage;
            }
        },
    };
    print(text.as_bytes())
}

/// `codebook fmt`: files with syntax errors are reported and left alone (exit 1); with
/// `--check`, a file that would change is named and exits 1; I/O errors exit 2.
fn fmt(files: &[PathBuf], check_only: bool, diff: bool) -> Exit {
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
        // it is made: no syntax tree of the whole file, and with `--check` no output either.
        let mut streamed = None;
        if !diff {
            match compare_formatted(&source, !check_only) {
                Ok(Compared::Same) => continue,
                Ok(Compared::Changed(_)) if check_only => {
                    outln!("{name}: would be reformatted");
                    worsen(Exit::Invalid);
                    continue;
                }
                Ok(Compared::Changed(text)) => streamed = Some(text),
                Ok(Compared::Unknown) => {}
                Err(d) => {
                    errs!("{}", report::human(&name, &source, &d));
                    worsen(Exit::Invalid);
                    continue;
                }
            }
        }
        let formatted = match streamed.map_or_else(|| codebook::format::format(&source), Ok) {
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

/// What [`compare_formatted`] found.
enum Compared {
    /// Formatting leaves the file as it is.
    Same,
    /// Formatting changes the file: the formatted text, when asked for (else empty).
    Changed(String),
    /// The streamed formatting could not tell ([`codebook::format::Streamed::Void`]): ask
    /// [`codebook::format::format`].
    Unknown,
}

/// Format `source` with [`codebook::format::format_with`], comparing the text with the source
/// piece by piece as it is made; with `keep`, the formatted text is kept too.
fn compare_formatted(
    source: &str,
    keep: bool,
) -> Result<Compared, Vec<codebook::diagnostics::Diagnostic>> {
    let mut at = 0;
    let mut same = true;
    let mut text = String::new();
    let mut take = |piece: &str| {
        if same {
            let end = at + piece.len();
            same = source.as_bytes().get(at..end) == Some(piece.as_bytes());
            at = end;
        }
        if keep {
            text.push_str(piece);
        }
    };
    let done = codebook::format::format_with(source, &mut take)?;
    Ok(match done {
        codebook::format::Streamed::Void => Compared::Unknown,
        _ if same && at == source.len() => Compared::Same,
        _ => Compared::Changed(text),
    })
}

/// `codebook import`: 0 written, 1 the input is not a file codebook can import (nothing is
/// written), 2 usage or I/O.
fn import(file: &Path, output: Option<&Path>) -> Exit {
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

/// Output forms of `codebook stats`.
#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    /// Aligned text tables.
    Table,
    /// JSON, described by `schemas/json/stats.schema.json`.
    Json,
    /// Markdown headings and tables.
    Markdown,
}

/// `codebook stats`: an invalid codebook gets its diagnostics and no statistics (exit 1).
/// Read and compile a file for a command that needs a valid codebook: diagnostics are shown
/// (warnings too), and the exit status is returned when the file is unreadable or invalid.
/// A file read and compiled without errors (its warnings shown).
fn load_valid(
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
fn load_checked(
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

fn stats(file: &Path, format: StatsFormat, lints: &Lints) -> Exit {
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

/// `--metric` of `codebook agree`.
#[derive(Clone, Copy, ValueEnum)]
enum MetricArg {
    /// Categories are names.
    Nominal,
    /// Categories are ranks (numbers).
    Ordinal,
    /// Categories are numbers on a scale.
    Interval,
    /// Numbers with a true zero.
    Ratio,
}

/// Output forms of `codebook agree`.
#[derive(Clone, Copy, ValueEnum)]
enum AgreeFormat {
    /// Aligned text tables and the list of disagreements.
    Table,
    /// JSON, described by `schemas/json/agree.schema.json`.
    Json,
    /// Markdown headings, tables and the list of disagreements.
    Markdown,
    /// A LaTeX table (booktabs) to `\input` in a methods section.
    Latex,
}

/// `codebook agree`: 0 printed, 1 invalid data, 2 usage or I/O.
fn agree(
    (files, coders): (&[PathBuf], Option<&[String]>),
    units: Option<&Path>,
    (metric, samples, format): (Option<MetricArg>, usize, AgreeFormat),
    output: Option<&Path>,
    lints: &Lints,
) -> Exit {
    use codebook::agree::{Metric, render};
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).chain(units).collect();
    if let Some(out) = output
        && inputs.iter().any(|i| codebook::output::same_file(i, out))
    {
        return usage_error(&format!(
            "{}: refusing to write the output over an input file",
            out.display()
        ));
    }
    let metric_given = metric.is_some();
    let metric = match metric.unwrap_or(MetricArg::Nominal) {
        MetricArg::Nominal => Metric::Nominal,
        MetricArg::Ordinal => Metric::Ordinal,
        MetricArg::Interval => Metric::Interval,
        MetricArg::Ratio => Metric::Ratio,
    };
    if let [project] = files
        && units.is_none()
    {
        match codebook::import::refi::selections::read_codings_file(project) {
            Ok(Some((codings, warnings))) => {
                if samples > 0 || metric_given {
                    return usage_error(
                        "--bootstrap and --metric apply to codebooks and CSV matrices, not to a project (.qdpx)",
                    );
                }
                for w in warnings {
                    eprintln!("warning: {w}");
                }
                return agree_qdpx(project, &codings, coders, format, output, &inputs);
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: {e}");
                return match e {
                    codebook::import::ImportError::Io { .. } => Exit::Usage,
                    codebook::import::ImportError::Invalid { .. } => Exit::Invalid,
                };
            }
        }
    }
    if coders.is_some() {
        return usage_error("--coders applies to a project (.qdpx); a codebook names its coders");
    }
    if files.len() > 1
        && let Some(p) = files
            .iter()
            .find(|f| codebook::import::refi::selections::is_archive(f))
    {
        return usage_error(&format!(
            "{}: a project (.qdpx) is compared on its own, with its users as the coders: `codebook agree {}`",
            p.display(),
            p.display()
        ));
    }
    let report = match units {
        Some(csv) => agree_csv(csv, (metric, samples)),
        None => agree_codebooks(files, (metric, samples), lints),
    };
    let report = match report {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let text = match format {
        AgreeFormat::Table => Ok(render::text(&report)),
        AgreeFormat::Json => Ok(report.json()),
        AgreeFormat::Markdown => Ok(render::markdown(&report)),
        AgreeFormat::Latex => codebook::agree::latex::render(&report, "tab:agreement"),
    };
    agree_output(text, output, &inputs)
}

/// Writes an agreement report, or says which characters LaTeX could not typeset (exit 1).
fn agree_output(text: Result<String, Vec<char>>, output: Option<&Path>, inputs: &[&Path]) -> Exit {
    let text = match text {
        Ok(t) => t,
        Err(bad) => {
            let chars: String = bad.iter().collect();
            eprintln!(
                "error: pdflatex cannot typeset these characters in the names of coders, codes or sources: {chars}"
            );
            return Exit::Invalid;
        }
    };
    match output {
        Some(path) => match codebook::output::write_atomic(path, text.as_bytes(), inputs) {
            Ok(()) => Exit::Ok,
            Err(e) => usage_error(&e.to_string()),
        },
        None => print(text.as_bytes()),
    }
}

/// `codebook agree PROJECT.qdpx`: where each user applied each code, character by character.
fn agree_qdpx(
    project: &Path,
    codings: &codebook::import::refi::selections::Codings,
    coders: Option<&[String]>,
    format: AgreeFormat,
    output: Option<&Path>,
    inputs: &[&Path],
) -> Exit {
    use codebook::agree::{latex, qdpx, render};
    let name = project.display().to_string();
    let report = match qdpx::report(&name, codings, coders) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {name}: {e}");
            return Exit::Invalid;
        }
    };
    let text = match format {
        AgreeFormat::Table => Ok(render::unitized_text(&report)),
        AgreeFormat::Json => Ok(report.json()),
        AgreeFormat::Markdown => Ok(render::unitized_markdown(&report)),
        AgreeFormat::Latex => latex::render_unitized(&report, "tab:agreement"),
    };
    agree_output(text, output, inputs)
}

/// The report of a CSV matrix, or the exit status of why there is none.
fn agree_csv(
    units: &Path,
    (metric, samples): (codebook::agree::Metric, usize),
) -> Result<codebook::agree::Report, Exit> {
    let name = units.display().to_string();
    let text = match read(units) {
        Ok(t) => t,
        Err(Unreadable::Io(d)) => {
            eprint!("{}", plain(Some(&name), &d));
            return Err(Exit::Usage);
        }
        Err(Unreadable::Content { diagnostic, .. }) => {
            eprint!("{}", plain(Some(&name), &diagnostic));
            return Err(Exit::Invalid);
        }
    };
    codebook::agree::from_csv(&name, &text, metric, samples).map_err(|e| {
        eprintln!("error: {name}:{}:{}: {}", e.line, e.column, e.message);
        Exit::Invalid
    })
}

/// The report of coders' codebooks, or the exit status of why there is none: each file is
/// checked first (diagnostics shown, an invalid file is exit 1).
fn agree_codebooks(
    files: &[PathBuf],
    (metric, samples): (codebook::agree::Metric, usize),
    lints: &Lints,
) -> Result<codebook::agree::Report, Exit> {
    let levels = lint_levels(lints).map_err(|e| usage_error(&e))?;
    let mut loaded = Vec::new();
    let mut worst = Exit::Ok;
    for f in files {
        match load_valid(f, lints, &levels) {
            Ok(l) => loaded.push(l),
            Err(e) => {
                if e as u8 > worst as u8 {
                    worst = e;
                }
            }
        }
    }
    if worst != Exit::Ok {
        return Err(worst);
    }
    let codings: Vec<codebook::agree::codebooks::Coding> = loaded
        .iter()
        .map(
            |(name, source, compiled)| codebook::agree::codebooks::Coding {
                name,
                source,
                compiled,
            },
        )
        .collect();
    codebook::agree::codebooks::agree(&codings, metric, samples).map_err(|e| {
        eprintln!("error: {e}");
        Exit::Invalid
    })
}
