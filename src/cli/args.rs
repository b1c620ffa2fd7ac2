//! The command line's arguments, as clap reads them.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "codebook",
    version = env!("CODEBOOK_LONG_VERSION"),
    about = "Compile and validate qualitative coding schemas"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ErrorFormat {
    Human,
    Json,
}

#[derive(clap::Args)]
pub(crate) struct Lints {
    /// How to print diagnostics: for people (on stderr) or as JSON (on stdout).
    #[arg(long, value_enum, default_value = "human", global = true)]
    pub(crate) error_format: ErrorFormat,
    /// Turn warnings into errors: `warnings` for all, or a lint's name (repeatable).
    #[arg(long, value_name = "LINT")]
    pub(crate) deny: Vec<String>,
    /// Silence a warning by its name (repeatable).
    #[arg(long, value_name = "LINT")]
    pub(crate) allow: Vec<String>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
        /// (interviews, focus groups, documents, observations), `codebook` (every code with its definition and
        /// an example quote), `phases` (one row per phase, its description and attributes). An unknown
        /// NAME is refused with the list of tables there are.
        #[arg(long, value_name = "NAME", verbatim_doc_comment)]
        table: Option<String>,
        /// Write here (atomically) instead of to standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// With `--to latex`, `--to markdown` or `--to tikz`: a complete document rather than a
        /// fragment to include.
        #[arg(long)]
        standalone: bool,
        /// With `--to latex`: the TeX engine the tables are for. `lualatex` typesets Greek,
        /// Cyrillic, Hebrew, Arabic, Chinese, Japanese and Korean text too (fontspec, with a
        /// font for each script the codebook uses); pdflatex Latin script only.
        #[arg(long, value_enum, default_value = "pdflatex")]
        engine: EngineArg,
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
        /// units (seeded: the same data give the same interval), overall and per level; at
        /// most 100000.
        #[arg(long, value_name = "N", value_parser = bootstrap_parser())]
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
        /// A code such as `unknown_reference`, a kind of declaration (`interview`, `focus
        /// group`, `turning point`: the words of a two-word kind may stand unquoted) or a
        /// statement (`levels`); all codes when left out.
        code: Vec<String>,
    },
    /// Serve editors over the Language Server Protocol on stdin and stdout (diagnostics as you
    /// type, outline, go to definition, references, rename, hover, completion, formatting).
    Lsp,
}

/// `--to`: the library's targets ([`codebook::build::Target`]), by name, each with its help.
pub(crate) fn target_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        codebook::build::Target::ALL
            .map(|t| clap::builder::PossibleValue::new(t.name()).help(t.about())),
    )
}

pub(crate) fn target(name: &str) -> codebook::build::Target {
    codebook::build::Target::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .unwrap_or(codebook::build::Target::Json)
}

/// `--bootstrap`: a number of draws up to [`codebook::agree::bootstrap::MAX_SAMPLES`], so a
/// mistyped one is refused with the bound rather than run for days or exhaust the memory.
pub(crate) fn bootstrap_parser() -> impl clap::builder::TypedValueParser<Value = usize> {
    use codebook::agree::bootstrap::MAX_SAMPLES;
    clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_SAMPLES as u64)
}

/// Which figure `--to svg` and `--to tikz` draw.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FigureKind {
    /// The data structure as a Gioia diagram: one column of boxes per level.
    Structure,
    /// Phases, turning points and data-collection periods on a time axis.
    Timeline,
}

/// `--engine`: the TeX engine of `--to latex`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EngineArg {
    /// pdflatex, with inputenc and the T1 fonts: Latin script only.
    Pdflatex,
    /// LuaLaTeX, with fontspec: Latin, Greek, Cyrillic, Hebrew, Arabic, CJK.
    Lualatex,
}

impl EngineArg {
    pub(crate) fn engine(self) -> codebook::build::Engine {
        match self {
            EngineArg::Pdflatex => codebook::build::Engine::Pdflatex,
            EngineArg::Lualatex => codebook::build::Engine::Lualatex,
        }
    }
}

/// Options of `--to svg` and `--to tikz`.
#[derive(clap::Args)]
pub(crate) struct FigureArgs {
    /// The figure to draw with `--to svg` or `--to tikz` [default: structure].
    #[arg(long, value_enum)]
    pub(crate) figure: Option<FigureKind>,
    /// With `--figure structure`: only this structure (by identifier); all when left out.
    #[arg(long, value_name = "NAME")]
    pub(crate) structure: Option<String>,
    /// With `--figure structure`: show how many quotes support each lowest-level code.
    #[arg(long)]
    pub(crate) counts: bool,
}

impl FigureArgs {
    pub(crate) fn options(
        self,
        table: Option<String>,
        standalone: bool,
    ) -> codebook::build::Options {
        codebook::build::Options {
            table,
            standalone,
            figure: self.figure.map(|f| match f {
                FigureKind::Structure => codebook::build::Figure::Structure,
                FigureKind::Timeline => codebook::build::Figure::Timeline,
            }),
            structure: self.structure,
            counts: self.counts,
            engine: codebook::build::Engine::Pdflatex,
        }
    }
}

/// Output forms of `codebook stats`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum StatsFormat {
    /// Aligned text tables.
    Table,
    /// JSON, described by `schemas/json/stats.schema.json`.
    Json,
    /// Markdown headings and tables.
    Markdown,
}

/// `--metric` of `codebook agree`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum MetricArg {
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
pub(crate) enum AgreeFormat {
    /// Aligned text tables and the list of disagreements.
    Table,
    /// JSON, described by `schemas/json/agree.schema.json`.
    Json,
    /// Markdown headings, tables and the list of disagreements.
    Markdown,
    /// A LaTeX table (booktabs) to `\input` in a methods section.
    Latex,
}
