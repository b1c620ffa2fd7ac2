//! From a valid codebook to any output, as `codebook build` makes it: the targets, the options
//! each one reads (any other is refused, so none is silently ignored), and [`build`].
//!
//! ```
//! use codebook::build::{Options, Target, build};
//!
//! let source = "structure s \"Data structure\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n      \
//!               concept a \"A\"\n      concept b \"B\"\n    }\n  }\n}\n\
//!               quote \"We meet every morning.\" {\n  by: \"team lead\", 2025\n  supports: a, b\n}\n";
//! let outcome = codebook::compile(source);
//! let valid = outcome.compiled.expect("no errors");
//! let json = build(&valid, Target::Json, &Options::default()).expect("JSON is always made");
//! assert!(String::from_utf8(json).unwrap().contains("We meet every morning."));
//! ```

use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};

/// What `codebook build --to` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The whole resolved model, for programs.
    Json,
    /// The data structures as a REFI-QDA codebook (`.qdc`).
    RefiQdc,
    /// A REFI-QDA project (`.qdpx`, a zip archive).
    RefiQdpx,
    /// The tables as LaTeX (booktabs, longtable).
    Latex,
    /// The tables as GitHub-flavoured Markdown.
    Markdown,
    /// A figure as a self-contained SVG image.
    Svg,
    /// A figure as a TikZ picture.
    Tikz,
}

impl Target {
    /// Every target, in the order the command line lists them.
    pub const ALL: [Target; 7] = [
        Target::Json,
        Target::RefiQdc,
        Target::RefiQdpx,
        Target::Latex,
        Target::Markdown,
        Target::Svg,
        Target::Tikz,
    ];

    /// Its name after `--to`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Json => "json",
            Target::RefiQdc => "refi-qdc",
            Target::RefiQdpx => "refi-qdpx",
            Target::Latex => "latex",
            Target::Markdown => "markdown",
            Target::Svg => "svg",
            Target::Tikz => "tikz",
        }
    }

    /// What it makes, in a line (the command line's help).
    pub fn about(self) -> &'static str {
        match self {
            Target::Json => "The whole resolved model, for programs",
            Target::RefiQdc => {
                "The data structures as a REFI-QDA codebook (`.qdc`) for QDA software"
            }
            Target::RefiQdpx => {
                "A REFI-QDA project (`.qdpx`, a zip archive; needs `-o`): codebook, quotes as coded text"
            }
            Target::Latex => "The tables as LaTeX (booktabs, longtable), for pdflatex",
            Target::Markdown => "The tables as GitHub-flavoured Markdown",
            Target::Svg => "A figure (`--figure`) as a self-contained SVG image",
            Target::Tikz => "A figure (`--figure`) as a TikZ picture, for pdflatex",
        }
    }

    /// Whether it is bytes that a terminal should not be sent (a zip archive).
    pub fn is_binary(self) -> bool {
        self == Target::RefiQdpx
    }

    /// The options it reads: exactly those [`build`] hands it.
    fn reads(self) -> &'static [Opt] {
        match self {
            Target::Json | Target::RefiQdc | Target::RefiQdpx => &[],
            Target::Latex => &[Opt::Table, Opt::Standalone, Opt::Engine],
            Target::Markdown => &[Opt::Table, Opt::Standalone],
            Target::Svg => &[Opt::Figure, Opt::Structure, Opt::Counts],
            Target::Tikz => &[Opt::Figure, Opt::Structure, Opt::Counts, Opt::Standalone],
        }
    }
}

/// Which figure `svg` and `tikz` draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Figure {
    /// The data structure as a Gioia diagram: one column of boxes per level.
    #[default]
    Structure,
    /// Phases, turning points and data-collection periods on a time axis.
    Timeline,
}

/// What a build may be asked besides its target; each target reads only some of it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only this table (LaTeX, Markdown).
    pub table: Option<String>,
    /// A complete document rather than a fragment to include (LaTeX, Markdown, TikZ).
    pub standalone: bool,
    /// The figure to draw (SVG, TikZ); the structure when not given.
    pub figure: Option<Figure>,
    /// With the structure figure: only this structure.
    pub structure: Option<String>,
    /// With the structure figure: how many quotes support each lowest-level code.
    pub counts: bool,
    /// The TeX engine the LaTeX tables are for; pdflatex when not given.
    pub engine: Engine,
}

pub use crate::emit::latex::Engine;

impl Options {
    fn figure(&self) -> crate::emit::figure::Options<'_> {
        crate::emit::figure::Options {
            kind: match self.figure.unwrap_or_default() {
                Figure::Structure => crate::emit::figure::Kind::Structure,
                Figure::Timeline => crate::emit::figure::Kind::Timeline,
            },
            structure: self.structure.as_deref(),
            counts: self.counts,
        }
    }
}

/// The options of a build that only some targets read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opt {
    Table,
    Standalone,
    Figure,
    Structure,
    Counts,
    Engine,
}

impl Opt {
    const ALL: [Opt; 6] = [
        Opt::Table,
        Opt::Standalone,
        Opt::Figure,
        Opt::Structure,
        Opt::Counts,
        Opt::Engine,
    ];

    fn flag(self) -> &'static str {
        match self {
            Opt::Table => "--table",
            Opt::Standalone => "--standalone",
            Opt::Figure => "--figure",
            Opt::Structure => "--structure",
            Opt::Counts => "--counts",
            Opt::Engine => "--engine",
        }
    }

    /// What the option does, after "it ".
    fn purpose(self) -> &'static str {
        match self {
            Opt::Table => "chooses one table",
            Opt::Standalone => "makes a complete document instead of a part to include",
            Opt::Figure => "chooses the figure to draw",
            Opt::Structure => "chooses the structure a figure draws",
            Opt::Counts => "shows the number of quotes in a figure",
            Opt::Engine => "chooses the TeX engine the tables are for",
        }
    }

    fn given(self, o: &Options) -> bool {
        match self {
            Opt::Table => o.table.is_some(),
            Opt::Standalone => o.standalone,
            Opt::Figure => o.figure.is_some(),
            Opt::Structure => o.structure.is_some(),
            Opt::Counts => o.counts,
            Opt::Engine => o.engine != Engine::Pdflatex,
        }
    }
}

/// An option given that the target would not read: what it does, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Why the option does nothing here.
    pub message: String,
    /// What to do instead.
    pub help: String,
}

/// Refuse the options `target` would not read, so that none is silently ignored.
pub fn check_options(target: Target, o: &Options) -> Result<(), Refused> {
    let to = target.name();
    if let Some(opt) = Opt::ALL
        .into_iter()
        .find(|opt| opt.given(o) && !target.reads().contains(opt))
    {
        let readers: Vec<String> = Target::ALL
            .iter()
            .filter(|t| t.reads().contains(&opt))
            .map(|t| format!("`--to {}`", t.name()))
            .collect();
        let readers = match readers.as_slice() {
            [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => readers.concat(),
        };
        let instead = match (opt, target.reads()) {
            (Opt::Table, r) if r.contains(&Opt::Structure) => {
                "; to draw one structure, use `--structure NAME`"
            }
            (Opt::Structure, r) if r.contains(&Opt::Table) => {
                "; for one structure's table, use `--table NAME`"
            }
            _ => "",
        };
        return Err(Refused {
            message: format!(
                "`{}` does nothing with `--to {to}`: it {}, and only {readers} read it",
                opt.flag(),
                opt.purpose()
            ),
            help: format!("leave it out{instead}"),
        });
    }
    let timeline = o.figure == Some(Figure::Timeline);
    if let Some(opt) = [Opt::Structure, Opt::Counts]
        .into_iter()
        .find(|opt| timeline && opt.given(o))
    {
        return Err(Refused {
            message: format!(
                "`{}` does nothing with `--figure timeline`: it applies to `--figure structure` \
                 (the data structure)",
                opt.flag()
            ),
            help: "leave it out, or draw the structure".to_string(),
        });
    }
    Ok(())
}

/// Why a build made nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The request names a table, structure or figure the codebook does not have
    /// (`unknown_table`): the request is wrong, not the file.
    Unknown(Vec<Diagnostic>),
    /// The output cannot hold what the codebook says (text LaTeX cannot typeset, say).
    Invalid(Vec<Diagnostic>),
}

/// Make one output of a valid codebook. The options must be ones the target reads
/// ([`check_options`]); the others are not looked at.
pub fn build(c: &Compiled, target: Target, o: &Options) -> Result<Vec<u8>, BuildError> {
    let made = match target {
        Target::Json => Ok(crate::emit::json::render(c).into_bytes()),
        Target::RefiQdc => crate::emit::refi::render_qdc(c).map(String::into_bytes),
        Target::RefiQdpx => crate::emit::refi::render_qdpx(c),
        Target::Latex => {
            crate::emit::latex::render_for(c, o.table.as_deref(), o.standalone, o.engine)
                .map(String::into_bytes)
        }
        Target::Markdown => crate::emit::markdown::render(c, o.table.as_deref(), o.standalone)
            .map(String::into_bytes),
        Target::Svg => crate::emit::figure::svg(c, &o.figure()).map(String::into_bytes),
        Target::Tikz => {
            crate::emit::figure::tikz(c, &o.figure(), o.standalone).map(String::into_bytes)
        }
    };
    made.map_err(|mut d| {
        if !d.is_empty() && d.iter().all(|x| x.code == DiagnosticCode::UnknownTable) {
            BuildError::Unknown(d)
        } else {
            crate::diagnostics::sort(&mut d);
            BuildError::Invalid(d)
        }
    })
}

/// The warnings building `target` gives on top of `check`'s: what the output format cannot
/// hold (a shared code in REFI-QDA's code tree; what REFI-QDA has no place for at all). The
/// file's own `allow:` lines are applied;
/// `--deny`/`--allow` are the caller's.
pub fn warnings(c: &Compiled, target: Target) -> Vec<Diagnostic> {
    let found = match target {
        Target::RefiQdc | Target::RefiQdpx => {
            let mut found = crate::emit::refi::lossy(c);
            found.extend(crate::emit::refi::left_out(c, target == Target::RefiQdpx));
            found
        }
        _ => Vec::new(),
    };
    found
        .into_iter()
        .filter(|d| !c.codebook.allow.iter().any(|a| a.id == d.code.name()))
        .collect()
}
