//! The library as a pipeline or an editor uses it: diagnostics are real error types with their
//! data structured.

use codebook::diagnostics::{Diagnostic, DiagnosticCode};

const MISSPELT: &str = "structure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n      concept c1 \"C1\"\n      concept c2 \"C2\"\n    }\n  }\n}\nquote \"x\" {\n  by: \"w\", 2017\n  suports: c1, c2\n}\n";

fn first(source: &str) -> Diagnostic {
    codebook::compile(source)
        .diagnostics
        .into_iter()
        .next()
        .expect("the source has a diagnostic")
}

#[test]
fn a_did_you_mean_is_data() {
    let d = first(MISSPELT);
    assert_eq!(d.code, DiagnosticCode::UnknownProperty);
    assert_eq!(d.suggestion(), Some("supports"));
    let json = codebook::report::json("x.codebook", MISSPELT, std::slice::from_ref(&d));
    assert_eq!(json["diagnostics"][0]["suggestion"], "supports");
}

#[test]
fn a_diagnostic_is_an_error_and_a_miette_diagnostic() {
    let d = first(MISSPELT);
    let as_error: &dyn std::error::Error = &d;
    assert_eq!(
        as_error.to_string(),
        "unknown property `suports` in a quote"
    );
    let code = miette::Diagnostic::code(&d).map(|c| c.to_string());
    assert_eq!(code.as_deref(), Some("codebook::unknown_property"));
    let labels: Vec<miette::LabeledSpan> = miette::Diagnostic::labels(&d)
        .map(|l| l.collect())
        .unwrap_or_default();
    assert_eq!(labels.len(), 1);
    assert_eq!(
        &MISSPELT[labels[0].offset()..labels[0].offset() + labels[0].len()],
        "suports"
    );
    // A program holding the text renders it with miette's own report.
    let report = miette::Report::new(d).with_source_code(MISSPELT.to_string());
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, report.as_ref())
        .expect("renders");
    assert!(out.contains("suports: c1, c2"), "{out}");
    assert!(out.contains("did you mean `supports`?"), "{out}");
}

/// The library alone, from bytes, makes exactly what the binary makes, for every target of
/// every shipped schema (what `examples/pipeline.rs` does).
#[test]
fn the_library_alone_makes_what_the_binary_makes() {
    use codebook::build::{Options, Target, build};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("schemas");
    let mut schemas: Vec<_> = std::fs::read_dir(&dir)
        .expect("schemas/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "codebook"))
        .collect();
    schemas.sort();
    let out_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("library-pipeline");
    std::fs::create_dir_all(&out_dir).expect("a temporary directory");
    for path in schemas {
        let bytes = std::fs::read(&path).expect("readable");
        let text = codebook::input::decode(bytes).expect("UTF-8");
        let valid = codebook::compile(&text).compiled.expect("valid");
        for target in Target::ALL {
            let ours = build(&valid, target, &Options::default());
            let out = out_dir.join(format!(
                "{}.{}",
                path.file_stem().and_then(|s| s.to_str()).unwrap_or("x"),
                target.name()
            ));
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_codebook"))
                .arg("build")
                .arg(&path)
                .args(["--to", target.name(), "-o"])
                .arg(&out)
                .output()
                .expect("the binary runs");
            match ours {
                Ok(b) => {
                    assert!(status.status.success(), "{}: {target:?}", path.display());
                    let theirs = std::fs::read(&out).expect("written");
                    assert!(b == theirs, "{}: {target:?} differs", path.display());
                }
                Err(_) => assert!(!status.status.success(), "{}: {target:?}", path.display()),
            }
        }
    }
}
