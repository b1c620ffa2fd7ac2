//! Characters XML 1.0 cannot carry (control characters other than tab and line breaks, U+FFFE,
//! U+FFFF) in texts that reach an XML output (issue 15, point 8). One rule per output:
//!
//! - REFI-QDA (`.qdc`, `.qdpx`), which must keep every text as written: the build is refused
//!   with `invalid_value` at the text, and nothing is written;
//! - SVG, a drawing of the texts: the character is drawn as U+FFFD, the replacement character.
//!
//! Either way every XML file written is well-formed (`xmllint`), so `codebook import` never
//! refuses a file `codebook build` wrote.

mod common;
use common::{codebook, root, stderr, temp_dir, tool};

use codebook::build::{BuildError, Figure, Options, Target, build};
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

/// What `xmllint --noout -` says of `xml`: `None` when it is well-formed.
fn malformed(xml: &[u8]) -> Option<String> {
    let mut child = Command::new(tool("xmllint"))
        .args(["--noout", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xmllint runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(xml)
        .expect("xmllint reads");
    let o = child.wait_with_output().expect("xmllint ends");
    (!o.status.success()).then(|| String::from_utf8_lossy(&o.stderr).into_owned())
}

/// `project.qde` from a `.qdpx` archive's bytes.
fn qde(qdpx: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).expect("a zip archive");
    let mut entry = zip.by_name("project.qde").expect("project.qde");
    let mut out = Vec::new();
    entry.read_to_end(&mut out).expect("inflates");
    out
}

/// The byte ranges of the plain `"…"` texts of `source` (not `"""…"""`, not comments).
fn texts(source: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (start, line) in source
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let s = *at;
            *at += l.len();
            Some((s, l))
        })
        .filter(|(_, l)| !l.trim_start().starts_with('#') && !l.contains("\"\"\""))
    {
        let quotes: Vec<usize> = line.match_indices('"').map(|(i, _)| start + i).collect();
        for pair in quotes.chunks_exact(2) {
            out.push(pair[0] + 1..pair[1]);
        }
    }
    out
}

/// Put before the character and `X` after it (inside the text, which is trimmed at its ends).
const MARK: &str = "ZQ";

/// Every plain text of the tutorial and the reference study, one at a time, with a character
/// XML cannot carry and a mark around it: REFI-QDA either refuses the build with
/// `invalid_value` at that text, or its output does not hold the text at all (a text only other
/// outputs print). Never is the character dropped or the file malformed. SVG draws U+FFFD
/// in the mark wherever the text is drawn.
#[test]
fn no_text_reaches_an_xml_output_with_a_character_xml_cannot_carry() {
    let mut refused = 0;
    let mut drawn = 0;
    for schema in [
        "schemas/tutorial.codebook",
        "schemas/schmidt-2025-strategizing.codebook",
    ] {
        let source = std::fs::read_to_string(root().join(schema)).expect("schema");
        for (k, range) in texts(&source).into_iter().enumerate() {
            let bad = ['\u{1}', '\u{1B}', '\u{FFFE}', '\u{FFFF}', '\u{C}'][k % 5];
            let variant = format!(
                "{}{MARK}{bad}X{}",
                &source[..range.start],
                &source[range.start..]
            );
            let at = range.start;
            let outcome = codebook::compile(&variant);
            let errors = outcome.has_errors();
            let Some(compiled) = outcome.compiled.filter(|_| !errors) else {
                continue; // a text whose value means something (a colour, a date)
            };
            for target in [Target::RefiQdc, Target::RefiQdpx] {
                let what = format!(
                    "{schema}, text at byte {at}, U+{:04X}, {target:?}",
                    bad as u32
                );
                match build(&compiled, target, &Options::default()) {
                    Err(BuildError::Invalid(d)) => {
                        assert!(
                            d.iter().any(|d| d.code.name() == "invalid_value"
                                && d.span.start <= at
                                && at < d.span.end),
                            "{what}: refused, but not with invalid_value at the text: {d:?}"
                        );
                        refused += 1;
                    }
                    Err(BuildError::Unknown(d)) => panic!("{what}: {d:?}"),
                    Ok(bytes) => {
                        let xml = match target {
                            Target::RefiQdpx => qde(&bytes),
                            _ => bytes,
                        };
                        if let Some(e) = malformed(&xml) {
                            panic!("{what}: malformed XML: {e}");
                        }
                        let xml = String::from_utf8(xml).expect("UTF-8");
                        assert!(
                            !xml.contains(MARK),
                            "{what}: the text was written without its character"
                        );
                    }
                }
            }
            for figure in [Figure::Structure, Figure::Timeline] {
                let options = Options {
                    figure: Some(figure),
                    ..Options::default()
                };
                let Ok(svg) = build(&compiled, Target::Svg, &options) else {
                    continue; // a figure this study cannot draw
                };
                let what = format!("{schema}, text at byte {at}, {figure:?} figure");
                if let Some(e) = malformed(&svg) {
                    panic!("{what}: malformed SVG: {e}");
                }
                let svg = String::from_utf8(svg).expect("UTF-8");
                let replaced = format!("{MARK}\u{FFFD}X");
                // A figure breaks its lines at blanks: a form feed is one, drawn as a space.
                let spaced = format!("{MARK} X");
                let blank = if bad.is_whitespace() {
                    svg.matches(&spaced).count()
                } else {
                    0
                };
                assert_eq!(
                    svg.matches(MARK).count(),
                    svg.matches(&replaced).count() + blank,
                    "{what}: the character was not drawn as U+FFFD"
                );
                drawn += usize::from(svg.contains(&replaced));
            }
        }
    }
    // The sweep reached both rules.
    assert!(refused > 50, "only {refused} REFI-QDA builds refused");
    assert!(drawn > 20, "only {drawn} figures drew the replacement");
}

/// The places the outside attack used (`by:`, a round's label, `doi:`), through the command
/// line: the REFI-QDA build is refused at each, nothing is written; with the characters
/// removed, as the help says, the project builds and imports back.
#[test]
fn refi_refuses_and_then_round_trips_by_round_and_doi() {
    let dir = temp_dir("xml-characters");
    let tutorial = std::fs::read_to_string(root().join("schemas/tutorial.codebook")).expect("read");
    let places = [
        ("by: \"team lead\"", "by: \"team \u{3}lead\""),
        (
            "round first \"Interviews in spring 2025\"",
            "round first \"Interviews \u{FFFE}in spring 2025\"",
        ),
        (
            "doi: \"10.1234/example\"",
            "doi: \"10.1234/\u{1B}[2Jexample\"",
        ),
    ];
    let mut hostile = tutorial.clone();
    for (clean, bad) in places {
        assert!(hostile.contains(clean), "the tutorial has {clean}");
        hostile = hostile.replacen(clean, bad, 1);
    }
    let file = dir.join("hostile.codebook");
    std::fs::write(&file, &hostile).expect("write");
    let file = file.to_str().expect("UTF-8 path");
    let qdpx = dir.join("study.qdpx");
    let o = codebook(&[
        "build",
        file,
        "--to",
        "refi-qdpx",
        "-o",
        qdpx.to_str().expect("path"),
        "--error-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!qdpx.exists(), "nothing is written");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let mut lines: Vec<u64> = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "codebook::invalid_value")
        .filter_map(|d| d["span"]["line"].as_u64())
        .collect();
    lines.dedup();
    assert_eq!(lines.len(), 3, "invalid_value at each place: {json}");
    // A .qdc holds the codes only, which none of the three are: it is written, well-formed.
    let qdc = dir.join("study.qdc");
    built(file, &["--to", "refi-qdc"], &qdc);
    assert_eq!(malformed(&std::fs::read(&qdc).expect("qdc")), None);
    // The SVG figure draws them.
    let svg = dir.join("timeline.svg");
    built(file, &["--to", "svg", "--figure", "timeline"], &svg);
    assert_eq!(malformed(&std::fs::read(&svg).expect("svg")), None);

    // Removed, as the help says: build, xmllint, import, check.
    let clean = dir.join("clean.codebook");
    std::fs::write(&clean, hostile.replace(['\u{3}', '\u{FFFE}', '\u{1B}'], "")).expect("write");
    let qdpx = dir.join("clean.qdpx");
    built(clean.to_str().expect("path"), &["--to", "refi-qdpx"], &qdpx);
    assert_eq!(malformed(&qde(&std::fs::read(&qdpx).expect("qdpx"))), None);
    round_trip(&qdpx, &dir);
}

/// `codebook build FILE ARGS -o OUT`, which must succeed.
fn built(file: &str, args: &[&str], out: &Path) {
    let mut all = vec!["build", file, "-o", out.to_str().expect("path")];
    all.extend_from_slice(args);
    let o = codebook(&all);
    assert_eq!(o.status.code(), Some(0), "{all:?}: {}", stderr(&o));
}

/// `codebook import` reads what `build` wrote, and the codebook it writes checks clean.
fn round_trip(qdpx: &Path, dir: &Path) {
    let back = dir.join("back.codebook");
    let o = codebook(&[
        "import",
        qdpx.to_str().expect("path"),
        "-o",
        back.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "import: {}", stderr(&o));
    let text = std::fs::read_to_string(&back).expect("imported");
    assert!(
        text.contains("team lead"),
        "the `by:` source is imported: {text}"
    );
    let o = codebook(&["check", back.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "check: {}", stderr(&o));
}
