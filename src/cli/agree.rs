//! `codebook agree`: which inputs (codebooks, a reliability matrix as CSV, a REFI-QDA project), read and compared by the library.

use super::args::*;
use super::commands::load_valid;
use crate::*;

/// `codebook agree`: 0 printed, 1 invalid data, 2 usage or I/O.
pub(crate) fn agree(
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
    // One project, or several (one per coder) made from the same texts.
    let projects = files.len() == 1
        || files.len() > 1
            && files
                .iter()
                .all(|f| codebook::import::refi::selections::is_archive(f));
    if projects && units.is_none() {
        let mut read = Vec::new();
        let mut warnings = Vec::new();
        for f in files {
            match codebook::import::refi::selections::read_codings_file(f) {
                Ok(Some((codings, w))) => {
                    warnings.extend(w.into_iter().map(|w| w.to_string()));
                    read.push((f.display().to_string(), codings));
                }
                // Not a project: a codebook, read below.
                Ok(None) => break,
                Err(e) => {
                    eprintln!("error: {e}");
                    return match e {
                        codebook::import::ImportError::Io { .. } => Exit::Usage,
                        codebook::import::ImportError::Invalid { .. } => Exit::Invalid,
                    };
                }
            }
        }
        if read.len() == files.len() {
            if samples > 0 || metric_given {
                return usage_error(
                    "--bootstrap and --metric apply to codebooks and CSV matrices, not to a project (.qdpx)",
                );
            }
            let name = read
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(" + ");
            let codings = match read.as_slice() {
                [(_, one)] => one.clone(),
                _ => match codebook::agree::qdpx::merge(&read) {
                    Ok((merged, more)) => {
                        warnings.extend(more);
                        merged
                    }
                    Err(e) => {
                        for w in warnings {
                            eprintln!("warning: {w}");
                        }
                        eprintln!("error: {e}");
                        return Exit::Invalid;
                    }
                },
            };
            for w in warnings {
                eprintln!("warning: {w}");
            }
            return agree_qdpx(&name, &codings, coders, format, output, &inputs);
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
            "{}: a project (.qdpx) is compared on its own (its users are the coders) or with other projects of the same texts, not with codebooks: `codebook agree {}`",
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
pub(crate) fn agree_output(
    text: Result<String, Vec<char>>,
    output: Option<&Path>,
    inputs: &[&Path],
) -> Exit {
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
pub(crate) fn agree_qdpx(
    name: &str,
    codings: &codebook::import::refi::selections::Codings,
    coders: Option<&[String]>,
    format: AgreeFormat,
    output: Option<&Path>,
    inputs: &[&Path],
) -> Exit {
    use codebook::agree::{latex, qdpx, render};
    let report = match qdpx::report(name, codings, coders) {
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
pub(crate) fn agree_csv(
    units: &Path,
    (metric, samples): (codebook::agree::Metric, usize),
) -> Result<codebook::agree::Report, Exit> {
    let name = units.display().to_string();
    let text = match codebook::input::read_text(units) {
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
pub(crate) fn agree_codebooks(
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
