//! What a project round trip keeps: `build --to refi-qdpx`, then `import`, of every schema in
//! `schemas/` gives back the study (title, authors, year, DOI), every source with its kind and
//! every actor; the project names who coded (`<Users>`, `creatingUser` on every selection and
//! coding) and validates against the XSD (`xmllint`).

mod common;
use common::{codebook, stderr, succeeds, temp_dir};

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const PROJECT_XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/refi/xsd/Project.xsd"
);

fn s(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

fn schemas() -> Vec<PathBuf> {
    common::codebooks_in("schemas")
}

fn compiled(path: &Path) -> codebook::Compiled {
    let text = std::fs::read_to_string(path).expect("readable");
    codebook::compile(&text)
        .compiled
        .unwrap_or_else(|| panic!("{} does not compile", path.display()))
}

/// `project.qde` of a `.qdpx` archive.
fn qde(archive: &Path) -> String {
    let bytes = std::fs::read(archive).expect("written");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut f = z.by_name("project.qde").expect("project.qde");
    let mut text = String::new();
    f.read_to_string(&mut text).expect("UTF-8");
    text
}

/// A study's title, authors, year and DOI.
type StudyFacts = (Option<String>, Vec<String>, Option<u32>, Option<String>);

/// What a project round trip keeps of a codebook, as comparable facts: the study (title,
/// authors, year, DOI), and per source and actor its label (a source's with its kind).
#[derive(Debug, PartialEq)]
struct Kept {
    study: Option<StudyFacts>,
    sources: Vec<String>,
    actors: Vec<String>,
}

fn kept(cb: &codebook::model::Codebook) -> Kept {
    Kept {
        study: cb.study.as_ref().map(|st| {
            (
                st.title.as_ref().map(|t| t.text.clone()),
                st.authors.iter().map(|t| t.text.clone()).collect(),
                st.year,
                st.doi.as_ref().map(|t| t.text.clone()),
            )
        }),
        sources: cb
            .sources
            .iter()
            .map(|s| format!("{:?} {}", s.kind, s.label.text))
            .collect(),
        actors: cb.actors.iter().map(|a| a.label.text.clone()).collect(),
    }
}

/// Whether everything `a` holds is in `b` (an import may add sources: one per attribution,
/// and a label repeated among sources is told apart by the source's identifier).
fn keeps(a: &Kept, b: &Kept) -> Result<(), String> {
    if a.study != b.study {
        return Err(format!("the study: {:?} became {:?}", a.study, b.study));
    }
    for src in &a.sources {
        if !b.sources.iter().any(|t| t.starts_with(src.as_str())) {
            return Err(format!("the source {src} is lost: {:?}", b.sources));
        }
    }
    for actor in &a.actors {
        if !b.actors.contains(actor) {
            return Err(format!("the actor {actor} is lost: {:?}", b.actors));
        }
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 16, failure_persistence: None, ..Default::default() })]

    /// Generated codebooks keep their study, sources and actors through a `.qdpx`, by the
    /// library's own calls.
    #[test]
    fn generated_codebooks_keep_study_sources_and_actors(seed in proptest::prelude::any::<u64>(), quotes in 8usize..40) {
        use codebook::build::{Options, Target, build};
        let source = codebook::synth::generate(codebook::synth::Spec { quotes, seed });
        let a = codebook::compile(&source).compiled.expect("a generated codebook compiles");
        let qdpx = build(&a, Target::RefiQdpx, &Options::default()).expect("exports");
        let imported = codebook::import::import_bytes("g.qdpx", "g.qdpx", &qdpx).expect("imports");
        let b = codebook::compile(&imported.text).compiled.expect("the import compiles");
        let kept_a = kept(&a.codebook);
        let kept_b = kept(&b.codebook);
        proptest::prop_assert!(kept_a.study.is_some());
        if let Err(e) = keeps(&kept_a, &kept_b) {
            return Err(proptest::test_runner::TestCaseError::fail(e));
        }
    }
}

#[test]
fn the_study_sources_and_actors_survive_a_project_round_trip() {
    let dir = temp_dir("project-round-trip");
    for schema in schemas() {
        let name = schema.file_stem().unwrap().to_string_lossy().into_owned();
        let (_, imported) = common::qdpx_round_trip(&name, &schema, &dir);
        let (a, b) = (compiled(&schema), compiled(&imported));
        if let Err(e) = keeps(&kept(&a.codebook), &kept(&b.codebook)) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn every_selection_and_coding_names_its_coder() {
    let dir = temp_dir("project-users");
    for schema in schemas() {
        let name = schema.file_stem().unwrap().to_string_lossy().into_owned();
        let archive = dir.join(format!("{name}.qdpx"));
        succeeds(
            &name,
            &["build", s(&schema), "--to", "refi-qdpx", "-o", s(&archive)],
        );
        let text = qde(&archive);
        let qde_file = dir.join(format!("{name}.qde"));
        std::fs::write(&qde_file, &text).unwrap();
        let o = Command::new(common::tool("xmllint"))
            .args(["--noout", "--schema", PROJECT_XSD])
            .arg(&qde_file)
            .output()
            .expect("xmllint runs");
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let user = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("<User guid=\""))
            .and_then(|l| l.split('"').next())
            .unwrap_or_else(|| panic!("{name}: no <User>"));
        for line in text.lines().map(str::trim) {
            if line.starts_with("<PlainTextSelection ") || line.starts_with("<Coding ") {
                assert!(
                    line.contains(&format!("creatingUser=\"{user}\"")),
                    "{name}: {line}"
                );
            }
        }
        // Importing says that who coded is not kept, naming the coder.
        let o = codebook(&["import", s(&archive), "-o", s(&dir.join("x.codebook"))]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        if text.contains("<PlainTextSelection ") {
            assert!(
                stderr(&o)
                    .lines()
                    .any(|l| l.contains("<User>") && l.contains("coder")),
                "{name}: {}",
                stderr(&o)
            );
        }
    }
}

#[test]
fn the_reference_study_names_its_authors_as_the_coder() {
    let dir = temp_dir("project-authors");
    let schema = common::root().join("schemas/schmidt-2025-strategizing.codebook");
    let archive = dir.join("s.qdpx");
    succeeds(
        "",
        &["build", s(&schema), "--to", "refi-qdpx", "-o", s(&archive)],
    );
    let text = qde(&archive);
    assert!(
        text.contains(
            "name=\"Henrike Schmidt, Eva-Maria Wild, Claus Dietrich Jacobs, Carl Rudolf Blankart\""
        ),
        "{text}"
    );
}

/// A coded selection's text comes back exactly, line breaks, carriage returns and tabs
/// included (written as `\n`, `\r`, `\t`), and `fmt` keeps it so.
#[test]
fn selection_texts_come_back_exactly() {
    let dir = temp_dir("exact-text");
    let schema = dir.join("exact.codebook");
    let source = "levels concept \"Concepts\" -> theme \"Themes\"\n\nstructure s \"S\" {\n  \
                  theme t \"T\" {\n    concept a \"A\"\n    concept b \"B\"\n  }\n}\n\n\
                  quote \"before\\rafter\" {\n  supports: a\n}\n\n\
                  quote \"\\tline one,\\nline \\\"two\\\"\\r\\n\" {\n  supports: b\n}\n";
    std::fs::write(&schema, source).unwrap();
    succeeds("", &["fmt", "--check", s(&schema)]);
    let texts = ["before\rafter", "\tline one,\nline \"two\"\r\n"];
    assert_eq!(common::quote_texts(source), texts);
    let (_, imported) = common::qdpx_round_trip("exact", &schema, &dir);
    succeeds("", &["fmt", "--check", s(&imported)]);
    let text = std::fs::read_to_string(&imported).unwrap();
    assert!(text.contains(r#"quote "before\rafter""#), "{text}");
    assert_eq!(common::quote_texts(&text), texts, "{text}");
}
