//! REFI-QDA exchange, end to end: the binary exports every schema in `schemas/`, `xmllint`
//! validates what it writes against the REFI-QDA XSDs, `codebook import` reads it back (and
//! hand-made files with the quirks of real ones), and the round trip gives the same bytes.

mod common;
use common::{codebook, stderr, succeeds, temp_dir, zip_of};

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The REFI-QDA 1.0 schemas (MIT licence, REFI; the notice is in each file), kept in the
/// repository so a fresh clone validates against them.
const CODEBOOK_XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/refi/xsd/Codebook.xsd"
);
const PROJECT_XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/refi/xsd/Project.xsd"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refi");

fn s(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Every `schemas/*.codebook`, sorted.
fn schemas() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("schemas/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "codebook"))
        // A study without a data structure (a process study's phase table) has no codebook
        // to export: `a_codebook_without_structures_has_no_qdc` holds it to refusing.
        .filter(|p| {
            let source = std::fs::read_to_string(p).expect("readable");
            codebook::compile(&source)
                .compiled
                .is_none_or(|c| !c.codebook.structures.is_empty())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no schema in {}", dir.display());
    out
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The real `xmllint`; the test fails (not skips) without it.
fn xmllint() -> PathBuf {
    common::tool("xmllint")
}

fn validate(xsd: &str, file: &Path) {
    assert!(Path::new(xsd).is_file(), "the XSD {xsd} is missing");
    let o = Command::new(xmllint())
        .args(["--noout", "--schema", xsd])
        .arg(file)
        .output()
        .expect("xmllint runs");
    assert!(
        o.status.success(),
        "{} does not validate against {xsd}:\n{}",
        file.display(),
        stderr(&o)
    );
}

/// The entries of a zip archive, in order: (name, bytes).
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflates");
        out.push((f.name().expect("a UTF-8 name").into_owned(), data));
    }
    out
}

// ----- export -------------------------------------------------------------------------------

#[test]
fn every_schema_exports_a_qdc_that_validates() {
    let dir = temp_dir("qdc");
    for schema in schemas() {
        let out = dir.join(format!("{}.qdc", stem(&schema)));
        succeeds(
            &schema.display().to_string(),
            &["build", s(&schema), "--to", "refi-qdc", "-o", s(&out)],
        );
        validate(CODEBOOK_XSD, &out);
        let text = std::fs::read_to_string(&out).expect("written");
        assert!(text.contains("isCodable=\"true\""), "{}", schema.display());
        assert!(text.contains("isCodable=\"false\""), "{}", schema.display());
    }
}

#[test]
fn every_schema_exports_a_qdpx_that_validates_with_offsets_matching_the_quotes() {
    let dir = temp_dir("qdpx");
    for schema in schemas() {
        let out = dir.join(format!("{}.qdpx", stem(&schema)));
        succeeds(
            &schema.display().to_string(),
            &["build", s(&schema), "--to", "refi-qdpx", "-o", s(&out)],
        );
        let bytes = std::fs::read(&out).expect("written");
        let entries = unzip(&bytes);
        assert_eq!(entries[0].0, "project.qde", "project.qde comes first");
        let qde_path = dir.join(format!("{}.qde", stem(&schema)));
        std::fs::write(&qde_path, &entries[0].1).expect("write qde");
        validate(PROJECT_XSD, &qde_path);

        let source = std::fs::read_to_string(&schema).expect("schema");
        let compiled = codebook::compile(&source)
            .compiled
            .expect("the schema compiles");
        let quotes: Vec<&str> = compiled
            .codebook
            .quotes
            .iter()
            .map(|q| q.text.text.as_str())
            .collect();

        let qde = String::from_utf8(entries[0].1.clone()).expect("UTF-8");
        let doc = roxmltree::Document::parse(&qde).expect("well-formed");
        let mut selections = 0;
        for ts in doc.descendants().filter(|n| n.has_tag_name("TextSource")) {
            let path = ts.attribute("plainTextPath").expect("plainTextPath");
            let name = path.strip_prefix("internal://").expect("internal path");
            let (_, content) = entries
                .iter()
                .find(|(n, _)| *n == format!("sources/{name}"))
                .unwrap_or_else(|| panic!("{path} is not in the archive"));
            let chars: Vec<char> = String::from_utf8(content.clone())
                .expect("UTF-8 text")
                .chars()
                .collect();
            for sel in ts
                .children()
                .filter(|n| n.has_tag_name("PlainTextSelection"))
            {
                let start: usize = sel.attribute("startPosition").unwrap().parse().unwrap();
                let end: usize = sel.attribute("endPosition").unwrap().parse().unwrap();
                let text: String = chars[start..end].iter().collect();
                assert!(
                    quotes.contains(&text.as_str()),
                    "{}: {start}..{end} is not a quote: {text:?}",
                    schema.display()
                );
                assert!(sel.children().any(|c| c.has_tag_name("Coding")));
                selections += 1;
            }
        }
        assert_eq!(
            selections,
            quotes.len(),
            "{}: one selection per quote",
            schema.display()
        );
    }
}

#[test]
fn qdpx_is_deterministic_and_never_goes_to_stdout() {
    let dir = temp_dir("deterministic");
    let (a, b) = (dir.join("a.qdpx"), dir.join("b.qdpx"));
    for out in [&a, &b] {
        succeeds(
            "",
            &[
                "build",
                "schemas/tutorial.codebook",
                "--to",
                "refi-qdpx",
                "-o",
                s(out),
            ],
        );
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(&b).unwrap(),
        "two runs, two different archives"
    );
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let t = f.last_modified().expect("a timestamp");
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            f.name()
        );
    }

    let o = codebook(&["build", "schemas/tutorial.codebook", "--to", "refi-qdpx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "a zip went to standard output");
    assert!(stderr(&o).contains("-o"), "{}", stderr(&o));
}

#[test]
fn qdc_goes_to_stdout_like_other_targets() {
    let o = succeeds(
        "",
        &["build", "schemas/tutorial.codebook", "--to", "refi-qdc"],
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("<?xml"));
    assert!(text.contains("urn:QDA-XML:codebook:1.0"));
}

#[test]
fn guids_are_uuid_v5_of_names_and_never_change() {
    use codebook::emit::refi::{code_guid, guid_text, structure_guid};
    // Fixed values: a change here changes every exported file.
    assert_eq!(
        guid_text(structure_guid("Data structure—Keeping in touch")),
        "412F5F20-23CB-53A3-B1FA-07FD79F62F40"
    );
    let path = vec!["Rhythms of contact".to_string()];
    let g = code_guid("Data structure—Keeping in touch", &path);
    assert_eq!(g.get_version_num(), 5);
    assert_eq!(guid_text(g), "C6DF1902-90E3-504C-A7B2-6211D930BEB1");
}

// ----- round trip ---------------------------------------------------------------------------

#[test]
fn every_schema_round_trips_through_qdc_byte_for_byte() {
    let dir = temp_dir("roundtrip");
    for schema in schemas() {
        let name = stem(&schema);
        let first = dir.join(format!("{name}.qdc"));
        let imported = dir.join(format!("{name}.codebook"));
        let second = dir.join(format!("{name}.again.qdc"));
        succeeds(
            &name,
            &["build", s(&schema), "--to", "refi-qdc", "-o", s(&first)],
        );
        let o = succeeds(&name, &["import", s(&first), "-o", s(&imported)]);
        assert!(
            stderr(&o).is_empty(),
            "{name}: our own export warns: {}",
            stderr(&o)
        );
        // A codebook (`.qdc`) has no place for the file's `allow:` lines: allow the same.
        let source = std::fs::read_to_string(&schema).expect("a readable schema");
        let mut args = vec!["check".to_string(), s(&imported).to_string()];
        for lint in source.lines().filter_map(|l| l.strip_prefix("allow:")) {
            // `allow: skipped_level  # codes the paper lists right under a theme`
            let lint = lint.split('#').next().unwrap_or(lint);
            args.extend(["--allow".to_string(), lint.trim().to_string()]);
        }
        // A theme made complete by quotes of its own has no children, and a codebook (`.qdc`)
        // holds no quotes: imported, it keeps its level (the level sets say which), and is
        // unfinished without its quotes.
        if let Some(label) = complete_without_children(&schema) {
            // Nothing else could be coded in its place: it is codable.
            let qdc = std::fs::read_to_string(&first).expect("the .qdc is written");
            let element = qdc
                .lines()
                .find(|l| l.contains(&format!("name=\"{label}\"")))
                .unwrap_or_else(|| panic!("{name}: “{label}” is not in the .qdc"));
            assert!(element.contains("isCodable=\"true\""), "{name}: {element}");
            args.extend(["--allow".to_string(), "childless_code".to_string()]);
            let o = succeeds(&name, &["check", s(&imported)]);
            assert!(
                stderr(&o).contains("childless_code"),
                "{name}: {}",
                stderr(&o)
            );
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = succeeds(&name, &args);
        assert!(!stderr(&o).contains("warning"), "{name}: {}", stderr(&o));
        // One printer: what `import` writes is already in `fmt`'s layout.
        succeeds(&name, &["fmt", "--check", s(&imported)]);
        succeeds(
            &name,
            &["build", s(&imported), "--to", "refi-qdc", "-o", s(&second)],
        );
        let (a, b) = (
            std::fs::read(&first).unwrap(),
            std::fs::read(&second).unwrap(),
        );
        assert!(
            a == b,
            "{name}: the re-export differs:\n--- first\n{}\n--- second\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        );
    }
}

/// The label of the first code above the lowest level that has no children (complete through
/// quotes of its own), if the schema has one.
fn complete_without_children(schema: &Path) -> Option<String> {
    let source = std::fs::read_to_string(schema).expect("a readable schema");
    let c = codebook::compile(&source)
        .compiled
        .expect("every schema compiles");
    c.resolved
        .children
        .iter()
        .find(|(i, kids)| {
            c.codebook[*i].level != codebook::model::LevelId::LOWEST && kids.is_empty()
        })
        .map(|(i, _)| c.codebook[i].label.text.clone())
}

#[test]
fn every_schema_imports_from_qdpx_with_its_quotes() {
    let dir = temp_dir("qdpx-import");
    for schema in schemas() {
        let name = stem(&schema);
        let (_, imported) = common::qdpx_round_trip(&name, &schema, &dir);
        succeeds(&name, &["check", s(&imported)]);
        succeeds(&name, &["fmt", "--check", s(&imported)]);

        let original = codebook::compile(&std::fs::read_to_string(&schema).unwrap())
            .compiled
            .unwrap();
        let text = std::fs::read_to_string(&imported).unwrap();
        let back = codebook::compile(&text).compiled.unwrap();
        assert_eq!(
            back.codebook.quotes.len(),
            original.codebook.quotes.len(),
            "{name}"
        );
        for (a, b) in original.codebook.quotes.iter().zip(&back.codebook.quotes) {
            assert_eq!(
                a.supports.len(),
                b.supports.len(),
                "{name}: {}",
                a.text.text
            );
        }
        let mut texts: Vec<&str> = original
            .codebook
            .quotes
            .iter()
            .map(|q| q.text.text.as_str())
            .collect();
        let mut again: Vec<&str> = back
            .codebook
            .quotes
            .iter()
            .map(|q| q.text.text.as_str())
            .collect();
        texts.sort_unstable();
        again.sort_unstable();
        assert_eq!(texts, again, "{name}: the quotes' texts");
        // A quote comes back with its source, or with its attribution (`by:`) when it had no
        // source, or with neither when it had neither.
        let from = |cb: &codebook::model::Codebook| -> Vec<(String, bool, bool)> {
            let mut v: Vec<(String, bool, bool)> = cb
                .quotes
                .iter()
                .map(|q| {
                    let source = q.source.is_some();
                    (
                        q.text.text.clone(),
                        source,
                        !source && q.attribution.is_some(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(from(&original.codebook), from(&back.codebook), "{name}");
    }
}

// ----- import: quirks read with a warning ---------------------------------------------------

/// Import a fixture; it must succeed, warn with `needle` naming the file and an element, and
/// give a codebook that checks.
fn quirk(fixture: &str, needle: &str) -> String {
    let dir = temp_dir(&format!("quirk-{fixture}"));
    let input = Path::new(FIXTURES).join(fixture);
    let out = dir.join("out.codebook");
    let o = codebook(&["import", s(&input), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{fixture}: {err}");
    let warning = err
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains(needle))
        .unwrap_or_else(|| panic!("{fixture}: no warning with {needle:?}: {err}"));
    assert!(
        warning.contains(fixture),
        "the warning names the file: {warning}"
    );
    assert!(
        warning.contains('<'),
        "the warning names the element: {warning}"
    );
    let o = codebook(&["check", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{fixture}: {}", stderr(&o));
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn braced_guids_are_read_with_a_warning() {
    let text = quirk("braced_guid.qdc", "braces");
    assert!(
        text.contains("concept keeping_promises \"Keeping promises\""),
        "{text}"
    );
}

/// Lower-case GUIDs are what the XSD allows and QualCoder writes: read without a word.
#[test]
fn lowercase_guids_are_read_silently() {
    let input = Path::new(FIXTURES).join("lowercase_guid.qdc");
    let dir = temp_dir("lowercase");
    let out = dir.join("out.codebook");
    let o = codebook(&["import", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn namespace_variants_are_read_with_a_warning() {
    quirk("namespace_0_4.qdc", "urn:QDA-XML:codebook:0:4");
}

#[test]
fn missing_is_codable_is_read_with_a_warning() {
    quirk("missing_iscodable.qdc", "isCodable");
}

#[test]
fn empty_sets_are_read_with_a_warning() {
    quirk("empty_sets.qdc", "<Sets/>");
}

#[test]
fn colours_with_alpha_lose_it_with_a_warning() {
    let text = quirk("alpha_colour.qdc", "alpha");
    assert!(text.contains("colour: \"#4E79A7\""), "{text}");
    assert!(text.contains("colour: \"#F28E2B\""), "{text}");
    assert!(text.contains("colour: \"#AABBCC\""), "three digits: {text}");
    assert!(
        text.contains("definition: \"Whether partners rely on each other.\""),
        "{text}"
    );
}

#[test]
fn uneven_depths_are_carried_down_with_a_warning() {
    let text = quirk("uneven_depth.qdc", "uneven");
    assert!(text.contains("levels concept"), "{text}");
    assert!(text.contains("-> dimension"), "three levels: {text}");
    assert!(text.contains("# The code tree is uneven"), "{text}");
    assert!(text.contains("added on import"), "{text}");
    assert!(text.contains("concept openness \"Openness\""), "{text}");
    assert!(text.contains("concept other \"Other\""), "{text}");
}

#[test]
fn a_project_document_gives_quotes_sources_and_actors() {
    let dir = temp_dir("project-inline");
    let out = dir.join("out.codebook");
    let input = Path::new(FIXTURES).join("project_inline.qde");
    succeeds("", &["import", s(&input), "-o", s(&out)]);
    succeeds("", &["check", s(&out)]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        common::quote_texts(&text),
        ["They always call back.", "We trust them, “mostly”."]
    );
    assert!(text.contains("supports: keeping_promises"), "{text}");
    // Coded on a code with subcodes that the file marks codable: the quote supports it
    // directly (`not_codable.qde` is the other case).
    assert!(!text.contains("coded directly"), "{text}");
    assert!(text.contains("supports: trust\n"), "{text}");
    assert!(text.contains("actor clinic_a \"Clinic A\""), "{text}");
    assert!(text.contains("actor: clinic_a"), "{text}");
    assert!(text.contains("1 selection without codes"), "{text}");
    assert!(text.contains("was not imported"), "{text}");
}

// ----- import: refused, nothing written -----------------------------------------------------

/// Import `input`; it must fail with exit 1, say `needle`, and leave `-o` untouched.
fn refused(input: &Path, needle: &str) {
    let dir = temp_dir(&format!(
        "refused-{}",
        input.file_name().unwrap().to_string_lossy()
    ));
    let out = dir.join("out.codebook");
    let o = codebook(&["import", s(input), "-o", s(&out)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}: {err}", input.display());
    assert!(
        err.contains(needle),
        "{}: expected {needle:?} in: {err}",
        input.display()
    );
    assert!(err.contains("error:"), "{err}");
    assert!(!out.exists(), "{}: an output was written", input.display());
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "{}: something was left in the output directory",
        input.display()
    );
}

#[test]
fn malformed_xml_is_refused() {
    refused(&Path::new(FIXTURES).join("malformed.qdc"), "malformed XML");
}

#[test]
fn a_dtd_is_refused() {
    refused(&Path::new(FIXTURES).join("entity_expansion.qdc"), "DTD");
}

#[test]
fn duplicate_guids_are_refused() {
    refused(
        &Path::new(FIXTURES).join("duplicate_guid.qdc"),
        "used twice",
    );
}

#[test]
fn references_to_unknown_guids_are_refused() {
    refused(
        &Path::new(FIXTURES).join("unknown_guid.qdc"),
        "nothing in the file has",
    );
    refused(
        &Path::new(FIXTURES).join("project_unknown_code.qde"),
        "nothing in the file has",
    );
}

#[test]
fn a_guid_that_is_not_one_is_refused() {
    refused(&Path::new(FIXTURES).join("not_a_guid.qdc"), "is not a GUID");
}

const TINY_PROJECT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <CodeBook><Codes><Code guid="1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D" name="Trust" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="6F7A8B9C-ADBE-4F6A-9B7C-8D9E0F1A2B3C" name="Interview" plainTextPath="internal://PATH">
      <PlainTextSelection guid="8B9CADBE-CF0A-4B8C-8D9E-0F1A2B3C4D5E" startPosition="0" endPosition="5">
        <Coding guid="9CADBECF-D0E1-4C9D-9E0F-1A2B3C4D5E6F"><CodeRef targetGUID="1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"#;

fn write_zip(name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let dir = temp_dir(&format!("zip-{name}"));
    let path = dir.join(name);
    std::fs::write(&path, zip_of(entries)).unwrap();
    path
}

#[test]
fn a_crafted_archive_reads_when_well_formed() {
    let qde = TINY_PROJECT.replace("PATH", "a.txt");
    let path = write_zip(
        "ok.qdpx",
        &[
            ("project.qde", qde.as_bytes()),
            ("Sources/a.txt", "Trust me.".as_bytes()),
        ],
    );
    let o = succeeds("", &["import", s(&path)]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("quote \"Trust\""), "{text}");
}

#[test]
fn archive_paths_that_escape_are_refused() {
    let qde = TINY_PROJECT.replace("PATH", "a.txt");
    let path = write_zip(
        "evil.qdpx",
        &[
            ("project.qde", qde.as_bytes()),
            ("Sources/a.txt", "Trust me.".as_bytes()),
            ("../evil.txt", "gotcha".as_bytes()),
        ],
    );
    refused(&path, "leave the archive");
    let path = write_zip(
        "absolute.qdpx",
        &[
            ("project.qde", qde.as_bytes()),
            ("/tmp/evil.txt", "gotcha".as_bytes()),
        ],
    );
    refused(&path, "leave the archive");
    // A text source that points out of the Sources folder.
    let qde = TINY_PROJECT.replace("PATH", "../../evil.txt");
    let path = write_zip("evil-source.qdpx", &[("project.qde", qde.as_bytes())]);
    refused(&path, "leave the archive");
}

#[test]
fn an_archive_without_project_qde_is_refused() {
    let path = write_zip("empty.qdpx", &[("Sources/a.txt", "Trust me.".as_bytes())]);
    refused(&path, "no project.qde");
}

#[test]
fn an_archive_that_inflates_too_far_is_refused() {
    // 8 MiB of spaces deflate to a few KiB: a ratio no text or XML has.
    let mut qde = TINY_PROJECT.replace("PATH", "a.txt").into_bytes();
    let tail = qde.split_off(qde.len() - "</Project>\n".len());
    qde.extend(std::iter::repeat_n(b' ', 8 * 1024 * 1024));
    qde.extend(tail);
    let path = write_zip("bomb.qdpx", &[("project.qde", &qde)]);
    refused(&path, "zip bomb");
}

/// Issue 15, point 4: a 12.6 KB archive took 623 MB and wrote a 208 MB codebook, since every
/// coded selection of a whole text copied it. Here a text of 1 MiB (a few KiB deflated) and
/// 300 selections of all of it: a codebook of over 300 MiB, refused before it is written.
#[test]
fn selections_that_each_cover_a_long_text_are_refused_at_the_codebook_limit() {
    let size = 1024 * 1024;
    let code = "1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D";
    let selections: String = (0..300)
        .map(|i| {
            format!(
                "<PlainTextSelection guid=\"00000000-0000-4000-8000-{i:012X}\" startPosition=\"0\" \
                 endPosition=\"{size}\"><Coding guid=\"00000000-0000-4000-9000-{i:012X}\">\
                 <CodeRef targetGUID=\"{code}\"/></Coding></PlainTextSelection>\n"
            )
        })
        .collect();
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" \
         name=\"p\"><CodeBook><Codes><Code guid=\"{code}\" name=\"Trust\" isCodable=\"true\"/>\
         </Codes></CodeBook><Sources><TextSource guid=\"6F7A8B9C-ADBE-4F6A-9B7C-8D9E0F1A2B3C\" \
         name=\"T\" plainTextPath=\"internal://a.txt\">{selections}</TextSource></Sources></Project>\n"
    );
    let text = "x".repeat(size);
    let path = write_zip(
        "covering.qdpx",
        &[
            ("project.qde", qde.as_bytes()),
            ("Sources/a.txt", text.as_bytes()),
        ],
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 64 * 1024);
    refused(
        &path,
        "would be larger than 256 MiB, the most a codebook may have: its 300 quotes alone hold \
         314572800 bytes",
    );
}

/// Issue 15, point 3: 100,000 codes each inside the one before ran past 30 s (a line number,
/// counted from the start of the file, for each); they are refused at the depth limit.
#[test]
fn a_hundred_thousand_nested_codes_are_refused_at_the_depth_limit() {
    let n = 100_000;
    let mut qdc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n",
    );
    for i in 1..=n {
        qdc.push_str(&format!(
            "<Code guid=\"{i:08X}-0000-4000-8000-{i:012X}\" name=\"C{i}\" isCodable=\"true\">\n"
        ));
    }
    qdc.push_str(&"</Code>".repeat(n));
    qdc.push_str("</Codes></CodeBook>\n");
    let dir = temp_dir("nested");
    let path = dir.join("nested.qdc");
    std::fs::write(&path, qdc).unwrap();
    // The 66th code is the first too deep; it is on line 68.
    refused(
        &path,
        "<Code name=\"C66\"> (line 68): codes are nested more than 64 deep",
    );
}

/// Set the uncompressed size the archive declares for its entries (local headers and central
/// directory) to `size`.
fn declare_size(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 30 <= zip.len() {
        let sig = &zip[i..i + 4];
        if sig == b"PK\x03\x04" {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        } else if sig == b"PK\x01\x02" && i + 28 <= zip.len() {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

#[test]
fn an_entry_that_inflates_past_its_declared_size_is_refused() {
    let qde = TINY_PROJECT.replace("PATH", "a.txt");
    let mut bytes = zip_of(&[("project.qde", qde.as_bytes())]);
    declare_size(&mut bytes, 64);
    let dir = temp_dir("liar");
    let path = dir.join("liar.qdpx");
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, "declare");

    let mut bytes = zip_of(&[("project.qde", qde.as_bytes())]);
    declare_size(&mut bytes, 600 * 1024 * 1024);
    let path = dir.join("huge.qdpx");
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, "declare");
}

#[test]
fn a_refused_import_leaves_an_existing_output_alone() {
    let dir = temp_dir("keep");
    let out = dir.join("out.codebook");
    std::fs::write(&out, "# mine\n").unwrap();
    let input = Path::new(FIXTURES).join("duplicate_guid.qdc");
    let o = codebook(&["import", s(&input), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "# mine\n");
}

// ----- the command line ---------------------------------------------------------------------

#[test]
fn import_writes_to_stdout_without_o() {
    let input = Path::new(FIXTURES).join("braced_guid.qdc");
    let o = succeeds("", &["import", s(&input)]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.starts_with("# Imported from braced_guid.qdc"),
        "{text}"
    );
    assert!(text.contains("\nlevels "), "{text}");
}

#[test]
fn import_usage_and_io_errors_exit_2() {
    let o = codebook(&["import", "no/such/file.qdc"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = codebook(&["import", "schemas"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let input = Path::new(FIXTURES).join("braced_guid.qdc");
    let o = codebook(&["import", s(&input), "-o", "no/such/dir/out.codebook"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = codebook(&["import", s(&input), "-o", s(&input)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = codebook(&["import"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_file_that_is_neither_is_refused() {
    let dir = temp_dir("neither");
    let path = dir.join("notes.qdc");
    std::fs::write(&path, "<html><body>hello</body></html>").unwrap();
    refused(&path, "not a REFI-QDA file");
    // Another format, or a codebook's text, is named, with what import reads.
    let path = dir.join("study.codebook");
    std::fs::write(&path, "study \"Teams\" {\n  year: 2020\n}\n").unwrap();
    refused(&path, "this is a codebook's text already");
    let path = dir.join("export.docx");
    let docx = common::zip_of(&[("word/document.xml", b"<w:document/>".as_slice())]);
    std::fs::write(&path, docx).unwrap();
    refused(
        &path,
        "this is a Word document (.docx), not a REFI-QDA file",
    );
    let path = dir.join("export.json");
    std::fs::write(&path, "{\"codes\": []}").unwrap();
    refused(&path, "this is a JSON file, not a REFI-QDA file");
    let path = dir.join("binary.qdc");
    std::fs::write(&path, [0xFFu8, 0xFE, 0x00, 0x01]).unwrap();
    refused(&path, "not UTF-8");
}

#[test]
fn odd_names_make_valid_identifiers_and_settle_after_one_import() {
    let text = quirk("odd_names.qdc", "without a name");
    assert!(text.contains("concept 信任 \"信任\""), "{text}");
    assert!(text.contains("concept concept_2019 \"2019\""), "{text}");
    assert!(text.contains("concept other_2 \"Other\""), "{text}");
    assert!(
        text.contains(r#"definition: """First paragraph, with "quotes" and a back\slash."#),
        "{text}"
    );
    // Once imported, export and import change nothing more.
    let dir = temp_dir("odd-settle");
    let first = dir.join("first.codebook");
    std::fs::write(&first, &text).unwrap();
    let mut exports = Vec::new();
    let mut current = first;
    for round in 0..2 {
        let qdc = dir.join(format!("{round}.qdc"));
        succeeds(
            "",
            &["build", s(&current), "--to", "refi-qdc", "-o", s(&qdc)],
        );
        validate(CODEBOOK_XSD, &qdc);
        exports.push(std::fs::read(&qdc).unwrap());
        let next = dir.join(format!("{round}.codebook"));
        succeeds("", &["import", s(&qdc), "-o", s(&next)]);
        current = next;
    }
    assert!(
        exports[0] == exports[1],
        "the export changed after a round trip"
    );
}

/// `src` exported to a `.qdc` (validated), imported and exported again, in `dir`: the first
/// export, the imported codebook, the second export and the import's output.
fn qdc_round_trip(
    name: &str,
    src: &Path,
    dir: &Path,
) -> (PathBuf, PathBuf, PathBuf, std::process::Output) {
    let (a, imported, b) = (
        dir.join(format!("{name}.qdc")),
        dir.join(format!("{name}.imported.codebook")),
        dir.join(format!("{name}.again.qdc")),
    );
    succeeds(name, &["build", s(src), "--to", "refi-qdc", "-o", s(&a)]);
    validate(CODEBOOK_XSD, &a);
    let o = succeeds(name, &["import", s(&a), "-o", s(&imported)]);
    succeeds(
        name,
        &["build", s(&imported), "--to", "refi-qdc", "-o", s(&b)],
    );
    (a, imported, b, o)
}

#[test]
fn other_numbers_of_levels_round_trip() {
    let dir = temp_dir("levels");
    let one = "levels code \"Codes\"\n\nstructure s \"Flat\" {\n  code a \"A\"\n  code b \"B\" {\n    colour: \"#112233\"\n  }\n}\n";
    let four = "levels code \"Codes\" -> category \"Categories\" -> theme \"Themes\" -> domain \"Domains\"\n\nstructure s \"Deep\" {\n  note: \"Four levels.\"\n  domain d \"D\" {\n    theme t \"T\" {\n      category c \"C\" {\n        code a \"A\"\n        code b \"B\"\n      }\n      category e \"E\" {\n        code f \"F\"\n        code g \"G\"\n      }\n    }\n    theme u \"U\" {\n      category h \"H\" {\n        code i \"I\"\n        code j \"J\"\n      }\n      category k \"K\" {\n        code l \"L\"\n        code m \"M\"\n      }\n    }\n  }\n}\nstructure s2 \"Deep\" {\n  domain d2 \"D\" {\n    theme t2 \"T\" {\n      category c2 \"C\" {\n        code a2 \"A\"\n        code b2 \"B\"\n      }\n      category e2 \"E2\" {\n        code a3 \"A\"\n        code b3 \"B\"\n      }\n    }\n    theme u2 \"U\" {\n      category h2 \"H\" {\n        code i2 \"I\"\n        code j2 \"J\"\n      }\n      category k2 \"K\" {\n        code l2 \"L\"\n        code m2 \"M\"\n      }\n    }\n  }\n}\n";
    for (name, text) in [("one", one), ("four", four)] {
        let src = dir.join(format!("{name}.codebook"));
        std::fs::write(&src, text).unwrap();
        succeeds(name, &["check", s(&src)]);
        let (a, imported, b, _) = qdc_round_trip(name, &src, &dir);
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "{name}"
        );
        let text = std::fs::read_to_string(&imported).unwrap();
        assert!(
            text.contains("\"Codes\""),
            "{name}: level headings kept: {text}"
        );
    }
}

/// Levels without codes below the others (a paper's table of themes only, its concepts
/// column empty; of categories only, two levels empty): the codebook and the project keep every
/// level through an import, so the second export is the first byte for byte.
#[test]
fn levels_without_codes_round_trip() {
    let dir = temp_dir("empty-levels");
    // Every level, with its heading, in the imported file's `levels` line.
    let kept = |name: &str, text: &str, headings: &[&str]| {
        let line = text
            .lines()
            .find(|l| l.starts_with("levels "))
            .unwrap_or_else(|| panic!("{name}: no levels line: {text}"));
        let parts: Vec<&str> = line.split("->").map(str::trim).collect();
        assert_eq!(parts.len(), headings.len(), "{name}: {line}");
        for (part, heading) in parts.iter().zip(headings) {
            assert!(part.ends_with(&format!("\"{heading}\"")), "{name}: {line}");
        }
    };
    for (name, headings) in [
        ("empty_lowest_level", &["Concepts", "Themes"][..]),
        (
            "empty_lower_levels",
            &["Code", "Subcategory", "Category"][..],
        ),
    ] {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/valid")
            .join(format!("{name}.codebook"));
        let (a, imported, b, o) = qdc_round_trip(name, &src, &dir);
        assert!(stderr(&o).is_empty(), "{name}: {}", stderr(&o));
        kept(name, &std::fs::read_to_string(&imported).unwrap(), headings);
        let (first, second) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(
            first == second,
            "{name}: the re-export differs:\n--- first\n{}\n--- second\n{}",
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second)
        );
        // The project too.
        let (archive, imported) = common::qdpx_round_trip(name, &src, &dir);
        kept(name, &std::fs::read_to_string(&imported).unwrap(), headings);
        let again = dir.join(format!("{name}.again.qdpx"));
        succeeds(
            name,
            &["build", s(&imported), "--to", "refi-qdpx", "-o", s(&again)],
        );
        assert!(
            std::fs::read(&archive).unwrap() == std::fs::read(&again).unwrap(),
            "{name}: the project's re-export differs"
        );
    }
}

#[test]
fn a_codebook_without_structures_has_no_qdc() {
    let dir = temp_dir("no-structure");
    let src = dir.join("empty.codebook");
    std::fs::write(&src, "study \"Nothing yet\" {\n  year: 2026\n}\n").unwrap();
    let out = dir.join("empty.qdc");
    let o = codebook(&["build", s(&src), "--to", "refi-qdc", "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no data structure"), "{}", stderr(&o));
    assert!(!out.exists());
    // A project needs no codes: it still validates.
    let out = dir.join("empty.qdpx");
    succeeds("", &["build", s(&src), "--to", "refi-qdpx", "-o", s(&out)]);
    let entries = unzip(&std::fs::read(&out).unwrap());
    let qde = dir.join("empty.qde");
    std::fs::write(&qde, &entries[0].1).unwrap();
    validate(PROJECT_XSD, &qde);
}

/// A code tree deeper than the three default levels (concept, theme, dimension): the levels
/// are named from the headings the data gives them, singular (Bolme et al.'s four levels come
/// back as `condensed_meaning_unit`, `code_group`, `subtheme`, `theme`; Feijoo-Cid et al.'s
/// "Subcategories" as `subcategory`), never `level4`; without headings, as the language's
/// own four levels (`code -> subtheme -> theme -> dimension`), with a warning that says so.
#[test]
fn a_fourth_level_is_named_from_the_data_or_by_the_languages_four_levels() {
    let dir = temp_dir("four-levels");
    for (schema, line) in [
        (
            "bolme-2021-task-shifting",
            "levels condensed_meaning_unit \"Condensed meaning units\" -> code_group \"Code \
             groups\" -> subtheme \"Subthemes\" -> theme \"Theme\"",
        ),
        (
            "feijoo-cid-2023-hiv-trials",
            "levels code \"Codes\" -> subcategory \"Subcategories\" -> category \"Categories\" \
             -> theme \"Theme\"",
        ),
    ] {
        let qdc = dir.join(format!("{schema}.qdc"));
        let path = format!("schemas/{schema}.codebook");
        succeeds(schema, &["build", &path, "--to", "refi-qdc", "-o", s(&qdc)]);
        let o = succeeds(schema, &["import", s(&qdc)]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(line), "{schema}: {text}");
        assert!(stderr(&o).is_empty(), "{schema}: {}", stderr(&o));
    }
    // Four levels deep and no code set heads a level: the language's four levels, a guess.
    let mut qdc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n",
    );
    for i in 1..=4 {
        qdc.push_str(&format!(
            "<Code guid=\"{i:08X}-0000-4000-8000-{i:012X}\" name=\"C{i}\" isCodable=\"true\">\n"
        ));
    }
    qdc.push_str(&"</Code>".repeat(4));
    qdc.push_str("</Codes></CodeBook>\n");
    let path = dir.join("deep.qdc");
    std::fs::write(&path, qdc).expect("written");
    let o = succeeds("deep", &["import", s(&path)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(
            "levels code \"Codes\" -> subtheme \"Subthemes\" -> theme \"Themes\" -> dimension \
             \"Dimensions\""
        ),
        "{text}"
    );
    assert!(!text.contains("level4"), "{text}");
    assert!(
        stderr(&o).contains("does not name its levels")
            && stderr(&o).contains("a guess: `levels code -> subtheme -> theme -> dimension`"),
        "{}",
        stderr(&o)
    );
}
