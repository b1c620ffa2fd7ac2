//! The `codebook` command line: argument parsing and rendering only; the work is in the library.
//!
//! This file holds the exit status, the writing to standard streams and `main`; `cli/` the
//! rest of the binary: `args.rs` the arguments (clap), `commands.rs` one function per
//! subcommand, `agree.rs` the `agree` subcommand's inputs.

use clap::Parser;
use codebook::diagnostics::{Diagnostic, DiagnosticCode, LintLevels};
use codebook::input::{Unreadable, read, read_then};
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

/// Write to standard output as `write` makes the bytes (through a buffer), not held whole; a
/// failure is handled as [`out`] handles one.
fn out_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut stream = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(&mut stream).and_then(|()| stream.flush());
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
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

mod cli;

use cli::agree::agree;
use cli::args::{Cli, Command, Lints, target};
use cli::commands::{build, check, explain, fmt, import, lsp, stats};

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
            engine,
            figure,
            lints,
        } => build(
            &file,
            target(&to),
            &codebook::build::Options {
                engine: engine.engine(),
                ..figure.options(table, standalone)
            },
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
        Command::Explain { code } => {
            let words = code.join(" ");
            explain((!code.is_empty()).then_some(words.as_str()))
        }
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
