//! REFI-QDA import says what it does not take as written: everything left out is named on
//! stderr (one warning per kind, with the names), and what is read differently from the file
//! (a coding on a code that is not codable, elements out of the XSD's order, selection
//! positions that count UTF-16 code units) is a warning that says what was done. Each case is
//! a fixture in `tests/fixtures/refi/`, imported by the binary; `xmllint` holds the fixtures
//! to what they claim about the XSDs.

mod common;
use common::{codebook, stderr, temp_dir};

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refi");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// `xmllint` on `file`, against the XSD its extension calls for.
fn xmllint(file: &Path) -> std::process::Output {
    let xsd = match file.extension().and_then(|x| x.to_str()) {
        Some("qdc") => "Codebook.xsd",
        _ => "Project.xsd",
    };
    Command::new(common::tool("xmllint"))
        .args(["--noout", "--schema"])
        .arg(Path::new(FIXTURES).join("xsd").join(xsd))
        .arg(file)
        .output()
        .expect("xmllint runs")
}

/// Whether `xmllint` finds `file` valid against the XSD its extension calls for.
fn valid(file: &Path) -> bool {
    xmllint(file).status.success()
}

/// Import a fixture: it succeeds, the codebook made checks (lints aside), and stderr holds exactly
/// one warning with each of `needles` (all on one line), naming the file and an element.
/// Returns the codebook text.
fn warns(name: &str, needles: &[&str]) -> String {
    let input = fixture(name);
    let dir = temp_dir(&format!("warns-{name}"));
    let out = dir.join("out.codebook");
    let o = codebook(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{name}: {err}");
    let found: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning:") && needles.iter().all(|n| l.contains(n)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{name}: one warning with {needles:?}: {err}"
    );
    let warning = found[0];
    assert!(warning.contains(name), "names the file: {warning}");
    assert!(warning.contains(": <"), "names the element: {warning}");
    let o = codebook(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn a_code_group_that_is_no_level_is_named() {
    assert!(valid(&fixture("code_group.qdc")));
    let text = warns(
        "code_group.qdc",
        &[
            "left out: 1 code set that is not one level's codes",
            "“Barriers”",
        ],
    );
    assert!(!text.contains("Barriers\""), "{text}");
}

#[test]
fn a_set_of_sources_is_named() {
    assert!(valid(&fixture("source_set.qde")));
    warns(
        "source_set.qde",
        &["left out: 1 set without codes", "“Rural sites”"],
    );
}

#[test]
fn sources_selections_and_codings_left_out_are_named_one_warning_per_kind() {
    let name = "uncoded_sources.qde";
    assert!(valid(&fixture(name)));
    warns(name, &["<Sources>", "not plain text", "“Annual report”"]);
    warns(
        name,
        &[
            "<PlainTextSelection>",
            "selection without codes",
            "“Interview 1 0..27”",
        ],
    );
    let text = warns(name, &["<Coding>", "coded as a whole", "“Field notes”"]);
    // A text source without coded text is a source all the same.
    assert!(
        text.contains("document field_notes \"Field notes\""),
        "{text}"
    );
}

#[test]
fn a_case_nothing_belongs_to_is_an_actor_all_the_same() {
    assert!(valid(&fixture("unused_case.qde")));
    let out = temp_dir("unused-case").join("out.codebook");
    let o = codebook(&[
        "import",
        fixture("unused_case.qde").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("actor clinic_b \"Clinic B\""), "{text}");
}

#[test]
fn a_coding_on_a_code_that_is_not_codable_is_kept_with_a_warning() {
    assert!(valid(&fixture("not_codable.qde")));
    let text = warns(
        "not_codable.qde",
        &[
            "<CodeRef",
            "“Trust”",
            "isCodable=\"false\"",
            "imported as coded",
        ],
    );
    assert!(text.contains("supports: trust_coded_directly"), "{text}");
}

#[test]
fn elements_out_of_the_schemas_order_are_read_with_a_warning() {
    // xmllint confirms the fixture breaks the XSD's order.
    assert!(!valid(&fixture("element_order.qdc")));
    let text = warns(
        "element_order.qdc",
        &["<Description> comes after <Code>", "read all the same"],
    );
    assert!(
        text.contains("definition: \"Whether partners rely on each other.\""),
        "{text}"
    );
}

#[test]
fn utf16_offsets_are_detected_and_read_as_such() {
    assert!(valid(&fixture("utf16_offsets.qde")));
    let text = warns("utf16_offsets.qde", &["UTF-16 code units", "<TextSource"]);
    assert_eq!(
        common::quote_texts(&text),
        ["They always call back."],
        "not shifted by two: {text}"
    );
}

/// A file with nothing left out or read differently imports without a word.
#[test]
fn a_file_with_nothing_left_out_imports_silently() {
    let o = codebook(&["import", fixture("lowercase_guid.qdc").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// Who coded comes back: `<Users>` are the coders, `creatingUser` (a coding's, else its
/// selection's) says whose each coding is. Users who coded a selection alike share a quote,
/// users who did not get one each, and the same span selected by two users is two quotes of one
/// text: `agree` matches them by text and source. A user `<Users>` does not list is a coder
/// all the same, named in a warning.
#[test]
fn who_coded_is_read_from_the_users_and_creating_user() {
    assert!(valid(&fixture("coders.qde")));
    let text = warns(
        "coders.qde",
        &[
            "<PlainTextSelection",
            "`creatingUser` names C3C3C3C3-0000-4000-8000-000000000003, which <Users> does not list",
            "read as the coder “user C3C3C3C3-0000-4000-8000-000000000003”",
        ],
    );
    assert!(
        text.contains("coders: alice_meyer, bob, user_c3c3c3c3_0000_4000_8000\n"),
        "{text}"
    );
    let quotes: Vec<String> = text
        .split("\nquote ")
        .skip(1)
        .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let expected = [
        "\"We call every morning.\" { source: interview_1 supports: calls coder: alice_meyer, bob }",
        "\"Notes go out on Friday.\" { source: interview_1 supports: written_notes coder: alice_meyer }",
        "\"Notes go out on Friday.\" { source: interview_1 supports: written_notes coder: bob }",
        "\"Chats fill the gaps.\" { source: interview_1 supports: written_notes coder: alice_meyer }",
        "\"Chats fill the gaps.\" { source: interview_1 supports: calls coder: bob }",
        "\"We mostly write.\" { source: interview_2 supports: written_notes coder: user_c3c3c3c3_0000_4000_8000 }",
    ];
    assert_eq!(quotes, expected, "{text}");
    // The file is one `agree` reads: three units coded by Alice and Bob, one they disagree on.
    let dir = temp_dir("coders-agree");
    let file = dir.join("coders.codebook");
    std::fs::write(&file, &text).unwrap();
    let o = codebook(&["agree", file.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{}{out}", stderr(&o));
    assert!(out.contains("3 coders: alice_meyer, bob, user_c3c3c3c3_0000_4000_8000; 4 units (3 coded by two coders or more)"), "{out}");
    assert!(
        out.contains("quote “Chats fill the gaps.” (at the concept level)"),
        "{out}"
    );
}

#[test]
fn a_creating_user_that_is_no_guid_is_not_read() {
    let o = xmllint(&fixture("bad_user.qde"));
    assert!(
        !o.status.success() && stderr(&o).contains("'creatingUser'"),
        "the XSD refuses the fixture for its creatingUser only: {}",
        stderr(&o)
    );
    let text = warns(
        "bad_user.qde",
        &[
            "`creatingUser=\"somebody\"` is not a GUID",
            "who coded this is not read",
        ],
    );
    assert!(!text.contains("coder"), "{text}");
}

/// Actor groups and members come back as `codebook` writes them: a member inside its
/// organisation, a group with its identifier, label and members (a name holding ", " too); a
/// `Member of: …` naming no case stays in the description, and a group naming someone no case
/// is is left out, named in a warning.
#[test]
fn actor_groups_and_members_are_read_and_a_group_of_unknown_members_is_named() {
    assert!(valid(&fixture("groups.qde")));
    let text = warns(
        "groups.qde",
        &[
            "<Set>",
            "left out: 1 actor group whose members are not all cases",
            "“Team”",
        ],
    );
    let actors = text
        .split("\nactor ")
        .skip(1)
        .collect::<Vec<_>>()
        .join("\nactor ");
    assert!(
        actors.starts_with(
            "clinic_a_north \"Clinic A, north\" {\n  member clinic_b \"Clinic B\" {\n    \
             description: \"Runs the ward.\"\n  }\n}\n\nactor dr_c \"Dr. C\" {\n  \
             description: \"Member of: Nobody\"\n}\n\ngroup clinics \"Both clinics\" {\n  \
             members: clinic_a_north, clinic_b\n}\n"
        ),
        "{text}"
    );
    assert!(!text.contains("group team"), "{text}");
}

/// What the language has no place for, but an author wrote in the QDA program, is not lost:
/// memos, variable values, descriptions of text sources and selections become comments above
/// what they are about (memos of nothing in particular, in the header), one warning per kind
/// names them all, and a user's name that is no identifier is said in the header.
#[test]
fn memos_variables_and_descriptions_are_kept_as_comments() {
    let name = "memos.qde";
    assert!(valid(&fixture(name)));
    let kept = "kept only as comments in the codebook";
    warns(
        name,
        &[
            "<Note>",
            kept,
            "3 memos",
            "“Memo on contact”",
            "“Project memo”",
        ],
    );
    warns(
        name,
        &["<VariableValue>", kept, "1 variable value", "“Age of Anna”"],
    );
    warns(
        name,
        &[
            "<TextSource>",
            kept,
            "description of a text source",
            "“Interview 1”",
        ],
    );
    let text = warns(
        name,
        &["<PlainTextSelection>", kept, "description of a selection"],
    );
    warns(
        name,
        &[
            "<Case>",
            kept,
            "1 code given to a case as a whole",
            "“Contact of Anna”",
        ],
    );
    // Links and network views have no place even as comments: named as left out.
    warns(
        name,
        &["<Link>", "left out: 1 link between elements", "“explains”"],
    );
    warns(
        name,
        &[
            "<Graph>",
            "left out: 1 graph (a network view)",
            "“Contact map”",
        ],
    );
    let above = |comment: &str, line: &str| {
        let at = text
            .find(comment)
            .unwrap_or_else(|| panic!("{comment}: {text}"));
        let next = text[at..]
            .lines()
            .find(|l| !l.trim_start().starts_with('#'))
            .unwrap_or("");
        assert_eq!(next.trim(), line, "{comment} stands above {line}: {text}");
    };
    above(
        "# Memo “Memo on contact”: Contact seems to be the core category.",
        "theme contact \"Contact\" {",
    );
    above("# Age: 42", "actor anna \"Anna\"");
    above("# Coded as a whole with “Contact”", "actor anna \"Anna\"");
    above(
        "# Description: First interview, in person.",
        "document interview_1 \"Interview 1\" {",
    );
    above(
        "# Comment on the selection: Clear example.",
        "quote \"We call every morning.\" {",
    );
    // A control character (here NEL, which XML allows) never reaches the codebook.
    above(
        "# Memo “Memo on calls”: Calls replace meetings.\u{FFFD}Next to a stray NEL.",
        "quote \"We call every morning.\" {",
    );
    // A memo of nothing the codebook holds, each of its lines a comment line, in the header.
    let header: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        header.contains("# Memo “Project memo”: Two lines.\n# Second line."),
        "{header}"
    );
    assert!(
        header.contains("`alice_meyer` is the file's user “Alice Meyer”"),
        "{header}"
    );
    // The file is in `fmt`'s layout, comments and all.
    let dir = temp_dir("memos-fmt");
    let file = dir.join("imported.codebook");
    std::fs::write(&file, &text).unwrap();
    let o = codebook(&["fmt", "--check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
