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
/// authors, year, DOI), the warnings it allows, and per source and actor its label (a
/// source's with its kind).
#[derive(Debug, PartialEq)]
struct Kept {
    study: Option<StudyFacts>,
    /// The warnings the file allows (`allow:`).
    allow: Vec<String>,
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
        allow: cb.allow.iter().map(|a| a.id.to_string()).collect(),
        sources: cb
            .sources
            .iter()
            .map(|s| {
                format!(
                    "{:?} ({} of them, {:?} people) {}",
                    s.kind, s.count, s.people, s.label.text
                )
            })
            .collect(),
        actors: cb.actors.iter().map(|a| a.label.text.clone()).collect(),
    }
}

/// Whether everything `a` holds is in `b` (an import may add sources: one per attribution,
/// and a label repeated among sources is told apart by the source's identifier). A source
/// keeps its kind, its count and its number of people (a focus group's `participants:`).
fn keeps(a: &Kept, b: &Kept) -> Result<(), String> {
    if a.study != b.study {
        return Err(format!("the study: {:?} became {:?}", a.study, b.study));
    }
    if a.allow != b.allow {
        return Err(format!(
            "the allowed warnings: {:?} became {:?}",
            a.allow, b.allow
        ));
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
        let users: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("<User guid=\""))
            .filter_map(|l| l.split('"').next())
            .collect();
        assert!(!users.is_empty(), "{name}: no <User>");
        for line in text.lines().map(str::trim) {
            if line.starts_with("<PlainTextSelection ") || line.starts_with("<Coding ") {
                let who = line
                    .split("creatingUser=\"")
                    .nth(1)
                    .and_then(|l| l.split('"').next())
                    .unwrap_or_else(|| panic!("{name}: no creatingUser: {line}"));
                assert!(users.contains(&who), "{name}: {line}");
            }
        }
        // The coders come back as the file's `coders:`, and nothing is said of them.
        let out = dir.join(format!("{name}.imported.codebook"));
        let o = codebook(&["import", s(&archive), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("<User>"), "{name}: {}", stderr(&o));
        let (a, b) = (compiled(&schema), compiled(&out));
        let coders = |c: &codebook::Compiled| -> Vec<String> {
            c.codebook.coders.iter().map(|n| n.id.to_string()).collect()
        };
        assert_eq!(coders(&a), coders(&b), "{name}");
        assert_eq!(quote_coders(&a), quote_coders(&b), "{name}");
    }
}

/// Per quote, sorted: its text and who coded it (its `coder:`, else the file's one coder).
fn quote_coders(c: &codebook::Compiled) -> Vec<(String, Vec<String>)> {
    use codebook::model::Id as _;
    let cb = &c.codebook;
    let default: Vec<String> = match cb.coders.as_slice() {
        [one] => vec![one.id.to_string()],
        _ => Vec::new(),
    };
    let mut out: Vec<(String, Vec<String>)> = cb
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut who = cb
                .quote_coders
                .iter()
                .find(|(id, _)| id.index() == i)
                .map_or_else(
                    || default.clone(),
                    |(_, names)| names.iter().map(|n| n.id.to_string()).collect(),
                );
            who.sort();
            (q.text.text.clone(), who)
        })
        .collect();
    out.sort();
    out
}

/// `imported` builds to the same archive as `archive`, byte for byte.
fn exports_again_the_same(archive: &Path, imported: &Path, dir: &Path) {
    let again = dir.join("again.qdpx");
    succeeds(
        "",
        &["build", s(imported), "--to", "refi-qdpx", "-o", s(&again)],
    );
    assert_eq!(
        std::fs::read(archive).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

/// A file of three coders, with a quote two of them coded alike and one nobody is named for:
/// one `<User>` per coder and one for the study's authors, a coding per coder and code; the
/// import names the same coders on the same quotes, and exports to the same bytes.
#[test]
fn coders_survive_a_project_round_trip() {
    let dir = temp_dir("project-coders");
    let schema = dir.join("coders.codebook");
    std::fs::write(
        &schema,
        "allow: missing_attribution\n\nstudy \"Coders\" {\n  authors: \"A. Author\"\n}\n\n\
         levels concept \"Concepts\" -> theme \"Themes\"\n\ncoders: ana, ben, cleo\n\n\
         structure s \"S\" {\n  theme t \"T\" {\n    concept a \"A\"\n    concept b \"B\"\n  }\n}\n\n\
         quote \"one\" {\n  supports: a\n  coder: ben\n}\n\n\
         quote \"two\" {\n  supports: a, b\n  coder: cleo, ana\n}\n\n\
         quote \"three\" {\n  supports: b\n}\n",
    )
    .unwrap();
    let (archive, imported) = common::qdpx_round_trip("coders", &schema, &dir);
    let text = qde(&archive);
    let users: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<User "))
        .filter_map(|l| l.split("name=\"").nth(1))
        .filter_map(|l| l.split('"').next())
        .collect();
    assert_eq!(users, ["ana", "ben", "cleo", "A. Author"], "{text}");
    assert_eq!(text.matches("<Coding ").count(), 6, "{text}");
    let (a, b) = (compiled(&schema), compiled(&imported));
    assert_eq!(quote_coders(&a), quote_coders(&b));
    exports_again_the_same(&archive, &imported, &dir);
}

/// A file that declares no coders but names one on a quote: the import names that coder on
/// that quote, and nobody on the other (declaring the one coder would make every quote theirs).
#[test]
fn a_quote_nobody_is_named_for_stays_nobodys() {
    let dir = temp_dir("project-one-coder");
    let schema = dir.join("one.codebook");
    std::fs::write(
        &schema,
        "allow: missing_attribution\n\nlevels concept \"Concepts\" -> theme \"Themes\"\n\n\
         structure s \"S\" {\n  theme t \"T\" {\n    concept a \"A\"\n    concept b \"B\"\n  }\n}\n\n\
         quote \"one\" {\n  supports: a\n  coder: ana\n}\n\n\
         quote \"two\" {\n  supports: b\n}\n",
    )
    .unwrap();
    let (archive, imported) = common::qdpx_round_trip("one", &schema, &dir);
    let text = std::fs::read_to_string(&imported).unwrap();
    assert!(!text.contains("coders:"), "{text}");
    let (a, b) = (compiled(&schema), compiled(&imported));
    assert_eq!(quote_coders(&a), quote_coders(&b), "{text}");
    assert_eq!(
        quote_coders(&b),
        [
            ("one".to_string(), vec!["ana".to_string()]),
            ("two".to_string(), vec![])
        ]
    );
    exports_again_the_same(&archive, &imported, &dir);
}

/// A quote that says nothing of where it comes from (neither `source:` nor `by:`) is exported
/// into the text source `codebook` writes for such quotes, and comes back with neither: the
/// imported file says `allow: missing_attribution` (attribution is optional), so it checks
/// clean, though the file it came from did not allow the warning (trial finding: the import
/// warned of its own quotes).
#[test]
fn an_unattributed_quote_comes_back_without_source_and_checks_clean() {
    let dir = temp_dir("project-unattributed");
    let schema = dir.join("un.codebook");
    std::fs::write(
        &schema,
        "levels theme \"Themes\"\n\nstructure s \"S\" {\n  theme a \"A\"\n  theme b \"B\"\n}\n\n\
         quote \"Nobody said where this is from.\" {\n  supports: a\n}\n\n\
         quote \"A nurse said this.\" {\n  by: \"nurse\"\n  supports: b\n}\n",
    )
    .unwrap();
    let (_, imported) = common::qdpx_round_trip("un", &schema, &dir);
    let text = std::fs::read_to_string(&imported).unwrap();
    assert!(
        text.starts_with("# Imported") && text.contains("\nallow: missing_attribution\n"),
        "{text}"
    );
    assert!(!text.contains("source:"), "{text}");
    assert!(text.contains("by: \"nurse\""), "{text}");
    let out = codebook(&["check", s(&imported)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("warning")
            && !String::from_utf8_lossy(&out.stdout).contains("warning"),
        "{}{text}",
        stderr(&out)
    );
}

/// A quote's attribution comes back as it was written, the role or kind of document apart
/// from its date (a date, a month, a range), `by:` as `by:` and `from:` as `from:`: the text
/// source `codebook` writes for it carries the line in its description.
#[test]
fn attributions_come_back_with_their_dates_apart() {
    let dir = temp_dir("project-attributions");
    let schema = dir.join("att.codebook");
    let lines = [
        "by: \"nurse\", 2020",
        "by: \"ward manager\", 2021-03",
        "from: \"minutes\", 2025-03-14 .. 2025-03-20",
        "by: \"a patient's daughter\"",
    ];
    let quotes: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("\nquote \"Quote {i}.\" {{\n  {l}\n  supports: a\n}}\n"))
        .collect();
    std::fs::write(
        &schema,
        format!("levels theme \"Themes\"\n\nstructure s \"S\" {{\n  theme a \"A\"\n}}\n{quotes}"),
    )
    .unwrap();
    let (archive, imported) = common::qdpx_round_trip("att", &schema, &dir);
    let text = std::fs::read_to_string(&imported).unwrap();
    for l in lines {
        assert!(text.contains(&format!("  {l}\n")), "`{l}` is not in {text}");
    }
    exports_again_the_same(&archive, &imported, &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A quote in a declared source's text that also says who said it (`source: managers`,
/// `by: "P25"`, as papers tag each quote with its participant) keeps its attribution through
/// a project: the selection's description holds it, `import` writes it back, and the build
/// names no attribution as left out.
#[test]
fn attributions_of_quotes_in_declared_sources_come_back() {
    let dir = temp_dir("project-source-attributions");
    let schema = dir.join("src.codebook");
    std::fs::write(
        &schema,
        "levels theme \"Themes\"\n\ninterview managers \"manager\" {\n  count: 3\n}\n\
         document minutes \"minutes\"\n\nstructure s \"S\" {\n  theme a \"A\"\n}\n\n\
         quote \"We talk every day.\" {\n  by: \"P25\"\n  source: managers\n  supports: a\n}\n\n\
         quote \"We wrote it down.\" {\n  from: \"minutes\", 2025-03-14\n  source: minutes\n  supports: a\n}\n\n\
         quote \"No one said who.\" {\n  source: managers\n  supports: a\n}\n",
    )
    .unwrap();
    let built = succeeds(
        "",
        &[
            "build",
            s(&schema),
            "--to",
            "refi-qdpx",
            "-o",
            s(&dir.join("plain.qdpx")),
        ],
    );
    let warnings = String::from_utf8_lossy(&built.stderr);
    assert!(!warnings.contains("attributions of quotes"), "{warnings}");
    let (archive, imported) = common::qdpx_round_trip("src", &schema, &dir);
    let text = std::fs::read_to_string(&imported).unwrap();
    for quote in [
        "quote \"We talk every day.\" {\n  by: \"P25\"\n  source: managers\n",
        "quote \"We wrote it down.\" {\n  from: \"minutes\", 2025-03-14\n  source: minutes\n",
        "quote \"No one said who.\" {\n  source: managers\n  supports",
    ] {
        assert!(text.contains(quote), "`{quote}` is not in {text}");
    }
    assert!(!text.contains("Comment on the selection"), "{text}");
    exports_again_the_same(&archive, &imported, &dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `agree` on the import of the two coders' example gives the figures it gives on the
/// example (codes are named by identifiers made from their labels, so those are left aside).
#[test]
fn agreement_is_the_same_after_a_project_round_trip() {
    let dir = temp_dir("project-agree");
    let schema = common::root().join("schemas/two-coders.codebook");
    let (_, imported) = common::qdpx_round_trip("two-coders", &schema, &dir);
    let report = |file: &Path| -> serde_json::Value {
        let o = succeeds("", &["agree", s(file), "--format", "json"]);
        serde_json::from_slice(&o.stdout).expect("JSON")
    };
    let (a, b) = (report(&schema), report(&imported));
    for key in ["coders", "overall", "by_level", "metric"] {
        assert_eq!(a[key], b[key], "{key}");
    }
    let figures = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut codes = v["by_code"].as_array().cloned().unwrap_or_default();
        for c in &mut codes {
            if let Some(m) = c.as_object_mut() {
                m.remove("id");
            }
        }
        codes
    };
    assert_eq!(figures(&a).len(), 7);
    assert_eq!(figures(&a), figures(&b));
    let units = |v: &serde_json::Value| -> Vec<String> {
        let mut u: Vec<String> = v["disagreements"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| format!("{} {}", d["unit"], d["level"]))
            .collect();
        u.sort();
        u
    };
    assert_eq!(units(&a).len(), 3);
    assert_eq!(units(&a), units(&b));
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

// ----- a second export is the first; the JSON agrees on what REFI-QDA holds -----------------

/// What REFI-QDA holds of a codebook's JSON (`build --to json`), with identifiers (which the
/// format has no place for) replaced by labels: the study, the levels' headings, every code with
/// its label, definition, colour, rank and number of quotes in its place in the tree, every
/// declared source with its kind, count, actor and round, every actor with its description and
/// organisation, every group with its label and members, and every quote (sorted) with its
/// text, codes, source, actor, and the attribution of a quote without a source.
fn refi_view(json: &serde_json::Value) -> serde_json::Value {
    use serde_json::{Value, json};
    use std::collections::HashMap;
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let rank: HashMap<String, usize> = list(&json["levels"])
        .iter()
        .enumerate()
        .map(|(i, l)| (s(&l["name"]), i))
        .collect();
    let mut code_label: HashMap<String, String> = HashMap::new();
    fn codes(
        v: &[Value],
        rank: &HashMap<String, usize>,
        labels: &mut HashMap<String, String>,
    ) -> Vec<Value> {
        v.iter()
            .map(|c| {
                let id = c["id"].as_str().unwrap_or_default().to_string();
                labels.insert(id, c["label"].as_str().unwrap_or_default().to_string());
                let kids = c["children"].as_array().cloned().unwrap_or_default();
                json!({
                    "label": c["label"],
                    "definition": c["definition"],
                    "colour": c["colour"],
                    "rank": rank.get(c["level"].as_str().unwrap_or_default()),
                    "quotes": c["counts"]["quotes"],
                    "children": codes(&kids, rank, labels),
                })
            })
            .collect()
    }
    let structures: Vec<Value> = list(&json["structures"])
        .iter()
        .map(|st| {
            json!({
                "caption": st["caption"],
                "note": st["note"],
                "codes": codes(&list(&st["codes"]), &rank, &mut code_label),
            })
        })
        .collect();
    let actors = list(&json["actors"]);
    let actor_name: HashMap<String, String> = actors
        .iter()
        .map(|a| (s(&a["id"]), s(&a["name"])))
        .collect();
    let short: HashMap<String, String> = actors
        .iter()
        .map(|a| {
            let short = a["abbreviation"]
                .as_str()
                .map_or_else(|| s(&a["name"]), str::to_string);
            (s(&a["id"]), short)
        })
        .collect();
    let name = |v: &Value, names: &HashMap<String, String>| -> Value {
        v.as_str()
            .and_then(|id| names.get(id))
            .map_or(Value::Null, |n| json!(n))
    };
    let rounds: HashMap<String, String> = list(&json["sources"]["rounds"])
        .iter()
        .map(|r| (s(&r["id"]), s(&r["label"])))
        .collect();
    let sources = list(&json["sources"]["items"]);
    let source_label: HashMap<String, String> = sources
        .iter()
        .map(|x| (s(&x["id"]), s(&x["label"])))
        .collect();
    let mut quotes: Vec<String> = list(&json["quotes"])
        .iter()
        .map(|q| {
            let mut supports: Vec<String> = list(&q["supports"])
                .iter()
                .map(|c| code_label.get(&s(c)).cloned().unwrap_or_default())
                .collect();
            supports.sort();
            let attribution = match q["source"].is_null() {
                true => q["attribution"]["text"].clone(),
                false => Value::Null,
            };
            json!({
                "text": q["text"],
                "supports": supports,
                "source": name(&q["source"], &source_label),
                "actor": name(&q["actor"], &actor_name),
                "attribution": attribution,
            })
            .to_string()
        })
        .collect();
    quotes.sort();
    // The house style (`quote marks:`, `full stop:`, `label style:`) has no place in
    // REFI-QDA; `build` names it in `refi_left_out`.
    let mut study = json["study"].clone();
    if let Some(o) = study.as_object_mut() {
        for key in ["quote_marks", "full_stop", "label_style"] {
            o.remove(key);
        }
    }
    json!({
        "study": study,
        "headings": list(&json["levels"]).iter().map(|l| l["heading"].clone()).collect::<Vec<_>>(),
        "structures": structures,
        "sources": sources.iter().map(|x| json!({
            "label": x["label"],
            "type": x["type"],
            "count": x["count"],
            "actor": name(&x["actor"], &actor_name),
            "round": name(&x["round"], &rounds),
        })).collect::<Vec<_>>(),
        "actors": actors.iter().map(|a| json!({
            "name": a["name"],
            "description": a["description"],
            "member_of": name(&a["member_of"], &actor_name),
        })).collect::<Vec<_>>(),
        "groups": list(&json["groups"]).iter().map(|g| {
            let members = list(&g["members"]);
            let label = g["label"].as_str().map_or_else(
                || members.iter().map(|m| short.get(&s(m)).cloned().unwrap_or_default()).collect::<Vec<_>>().join(", "),
                str::to_string,
            );
            json!({
                "label": label,
                "members": members.iter().map(|m| name(m, &actor_name)).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "quotes": quotes,
    })
}

/// The first difference between two views, by path.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .find_map(|(k, v)| first_difference(v, &y[k], &format!("{at}.{k}"))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}[{i}]"))),
        _ => (a != b).then(|| format!("{at}: {a} became {b}")),
    }
}

/// `build --to refi-qdpx`, `import`, `build --to refi-qdpx` again: the same archive, byte for
/// byte; and the JSON of the codebook and of its import agree on everything REFI-QDA holds.
fn second_export_is_the_first(name: &str, source: &str) -> Result<(), String> {
    use codebook::build::{Options, Target, build};
    let a = codebook::compile(source)
        .compiled
        .ok_or_else(|| format!("{name} does not compile"))?;
    let first = build(&a, Target::RefiQdpx, &Options::default()).map_err(|e| format!("{e:?}"))?;
    let imported = codebook::import::import_bytes("a.qdpx", "a.qdpx", &first)
        .map_err(|e| format!("{name}: {e}"))?;
    let b = codebook::compile(&imported.text)
        .compiled
        .ok_or_else(|| format!("{name}: the import does not compile"))?;
    let second = build(&b, Target::RefiQdpx, &Options::default()).map_err(|e| format!("{e:?}"))?;
    if first != second {
        return Err(format!(
            "{name}: the second export differs from the first:\n{}",
            imported.text
        ));
    }
    let json = |c: &codebook::Compiled| -> Result<serde_json::Value, String> {
        let bytes = build(c, Target::Json, &Options::default()).map_err(|e| format!("{e:?}"))?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    };
    let (va, vb) = (refi_view(&json(&a)?), refi_view(&json(&b)?));
    match first_difference(&va, &vb, name) {
        Some(d) => Err(format!("the JSON differs at {d}")),
        None if va == vb => Ok(()),
        None => Err(format!("{name}: the JSON differs")),
    }
}

#[test]
fn every_schema_exports_again_to_the_same_archive_and_json() {
    let schemas = schemas();
    assert!(schemas.len() >= 7, "{schemas:?}");
    for schema in schemas {
        let name = schema.display().to_string();
        let text = std::fs::read_to_string(&schema).unwrap();
        if let Err(e) = second_export_is_the_first(&name, &text) {
            panic!("{e}");
        }
    }
}

/// The views are not blind: a quote's code, a member's name, a group's member, an actor's
/// description and a round's label changed in the codebook show in its view.
#[test]
fn the_view_of_what_refi_holds_sees_a_change() {
    let view = |text: &str| {
        let c = codebook::compile(text).compiled.expect("compiles");
        let bytes = codebook::build::build(
            &c,
            codebook::build::Target::Json,
            &codebook::build::Options::default(),
        )
        .expect("JSON");
        refi_view(&serde_json::from_slice(&bytes).expect("JSON"))
    };
    let text = std::fs::read_to_string(common::root().join("schemas/tutorial.codebook")).unwrap();
    let base = view(&text);
    for (from, to) in [
        ("supports: standups", "supports: weekly_notes"),
        (
            "member remote \"ENG remote\"",
            "member remote \"ENG elsewhere\"",
        ),
        ("members: berlin, ops", "members: remote, ops"),
        ("Keeps the services running", "Keeps the lights on"),
        ("\"Interviews in spring 2025\"", "\"Interviews in May\""),
    ] {
        assert!(text.contains(from), "{from}");
        let changed = view(&text.replacen(from, to, 1));
        assert!(
            first_difference(&base, &changed, "").is_some(),
            "{from} -> {to}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 12, failure_persistence: None, ..Default::default() })]

    /// Generated codebooks, with coders named on their quotes, export again to the same
    /// archive; the import names the same coders on the same quotes.
    #[test]
    fn generated_codebooks_keep_their_coders(seed in proptest::prelude::any::<u64>(), quotes in 8usize..30) {
        use codebook::build::{Options, Target, build};
        let generated = codebook::synth::generate(codebook::synth::Spec { quotes, seed });
        let who = ["ana", "ben", "ana, ben", "cleo"];
        let mut source = String::from("coders: ana, ben, cleo\n");
        for (i, part) in generated.split("\n  supports: ").enumerate() {
            if i > 0 {
                let coder = who[(i + seed as usize % 4) % who.len()];
                source.push_str(&format!("\n  coder: {coder}\n  supports: "));
            }
            source.push_str(part);
        }
        let a = codebook::compile(&source).compiled.expect("compiles with coders");
        proptest::prop_assert!(!a.codebook.quote_coders.is_empty());
        if let Err(e) = second_export_is_the_first("generated with coders", &source) {
            return Err(proptest::test_runner::TestCaseError::fail(e));
        }
        let qdpx = build(&a, Target::RefiQdpx, &Options::default()).expect("exports");
        let imported = codebook::import::import_bytes("g.qdpx", "g.qdpx", &qdpx).expect("imports");
        let b = codebook::compile(&imported.text).compiled.expect("the import compiles");
        proptest::prop_assert_eq!(quote_coders(&a), quote_coders(&b));
    }

    /// Generated codebooks export again to the same archive, and their JSON agrees with their
    /// import's on everything REFI-QDA holds.
    #[test]
    fn generated_codebooks_export_again_to_the_same_archive_and_json(seed in proptest::prelude::any::<u64>(), quotes in 8usize..40) {
        let source = codebook::synth::generate(codebook::synth::Spec { quotes, seed });
        if let Err(e) = second_export_is_the_first("generated", &source) {
            return Err(proptest::test_runner::TestCaseError::fail(e));
        }
    }
}

/// `build --to refi-qdpx` names, in one warning marking the first place of each kind, what the
/// codebook at hand holds that REFI-QDA has no place for (a `.qdc` only what belongs to the codes); a codebook holding
/// none of it builds without a word; `allow:` silences it and `--deny` refuses.
#[test]
fn what_refi_has_no_place_for_is_named_when_building() {
    let dir = temp_dir("project-left-out");
    // The kinds the one `refi_left_out` warning marks, in order: its label, then the others.
    let warnings = |schema: &Path, to: &str| -> Vec<String> {
        let out = dir.join(format!("out.{to}"));
        let o = succeeds(
            "",
            &[
                "build",
                s(schema),
                "--to",
                to,
                "-o",
                s(&out),
                "--error-format",
                "json",
            ],
        );
        if o.stdout.is_empty() {
            // Nothing to say: no report at all.
            return Vec::new();
        }
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let diagnostics = report["files"][0]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let left_out: Vec<&serde_json::Value> = diagnostics
            .iter()
            .filter(|d| d["code"] == "codebook::refi_left_out")
            .collect();
        assert!(
            left_out.len() <= 1,
            "one warning names them all: {left_out:?}"
        );
        left_out
            .iter()
            .flat_map(|d| {
                let others = d["labels"].as_array().cloned().unwrap_or_default();
                std::iter::once(d["label"].clone())
                    .chain(others.into_iter().map(|l| l["message"].clone()))
            })
            .filter_map(|m| {
                m.as_str()
                    .map(|m| m.split(" (").next().unwrap_or(m).to_string())
            })
            .collect()
    };
    let tutorial = common::root().join("schemas/tutorial.codebook");
    assert_eq!(
        warnings(&tutorial, "refi-qdpx"),
        [
            "code attributes",
            "LaTeX labels of tables",
            "quote headings of tables",
            "attribute columns of tables",
            "phases",
            "turning points",
            "periods",
            "matrices",
            "totals",
            "dates of quotes, sources and rounds",
            "actors' abbreviations"
        ]
    );
    assert_eq!(
        warnings(&tutorial, "refi-qdc"),
        [
            "code attributes",
            "LaTeX labels of tables",
            "quote headings of tables",
            "attribute columns of tables"
        ]
    );
    // Sandnes' quotes name their interviewee (`by: "B"`) and cite the declared interviews: in a
    // project each quote lies in the interviews' text, and its selection's description holds
    // the letter, so nothing is named as left out.
    let sandnes = common::root().join("schemas/sandnes-2022-caring-touch.codebook");
    for to in ["refi-qdpx", "refi-qdc"] {
        assert!(
            !warnings(&sandnes, to)
                .iter()
                .any(|w| w.starts_with("attributions")),
            "{to}"
        );
    }
    let two_level = common::root().join("schemas/two-level.codebook");
    assert_eq!(
        warnings(&two_level, "refi-qdc"),
        ["level names", "LaTeX labels of tables"]
    );
    // How a table stands on the page and an attribution column are the table's, not REFI's.
    let laid_out = dir.join("laid_out.codebook");
    std::fs::write(
        &laid_out,
        "levels theme \"Themes\"\n\nstructure s \"S\" {\n  page: landscape\n  \
         attribution column: \"Participant\"\n  theme t \"T\" {\n    quote \"one\" {\n      \
         by: \"P1\"\n    }\n  }\n}\n",
    )
    .unwrap();
    let named = warnings(&laid_out, "refi-qdc");
    for kind in [
        "how tables stand on the page",
        "attribution columns of tables",
    ] {
        assert!(named.iter().any(|w| w == kind), "{kind}: {named:?}");
    }
    let plain = dir.join("plain.codebook");
    std::fs::write(
        &plain,
        "structure s \"S\" {\n  dimension d \"D\" {\n    theme t \"T\" {\n      concept a \"A\"\n      \
         concept b \"B\"\n    }\n    theme u \"U\" {\n      concept c \"C\"\n      \
         concept e \"E\"\n    }\n  }\n}\n\nquote \"one\" {\n  by: \"developer\"\n  \
         supports: a, b, c, e\n}\n",
    )
    .unwrap();
    let o = succeeds("", &["check", s(&plain)]);
    assert!(!stderr(&o).contains('⚠'), "{}", stderr(&o));
    assert!(warnings(&plain, "refi-qdpx").is_empty());
    let allowed = dir.join("allowed.codebook");
    let text = std::fs::read_to_string(&tutorial).unwrap();
    std::fs::write(&allowed, format!("allow: refi_left_out\n{text}")).unwrap();
    assert!(warnings(&allowed, "refi-qdpx").is_empty());
    let denied = dir.join("denied.qdpx");
    let o = codebook(&[
        "build",
        s(&tutorial),
        "--to",
        "refi-qdpx",
        "--deny",
        "refi_left_out",
        "-o",
        s(&denied),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!denied.exists());
}

/// A file's `allow:` lines travel in a project's description (`Allowed warnings: …`) and come
/// back as `allow:` lines, so the import is as quiet as the file; a codebook (`.qdc`) has no
/// place for them, and `build` says so.
#[test]
fn allowed_warnings_survive_a_project_and_are_named_for_a_codebook() {
    let dir = temp_dir("project-allow");
    let feijoo = common::root().join("schemas/feijoo-cid-2023-hiv-trials.codebook");
    let (archive, imported) = common::qdpx_round_trip("feijoo", &feijoo, &dir);
    assert!(
        qde(&archive).contains("Allowed warnings: single_child"),
        "the project's description names them"
    );
    let text = std::fs::read_to_string(&imported).expect("imported");
    assert!(text.contains("\nallow: single_child\n"), "{text}");
    // The one subcategory the paper prints under a category is no warning after the import
    // either.
    let o = succeeds("check", &["check", s(&imported)]);
    assert!(!stderr(&o).contains("single_child"), "{}", stderr(&o));
    exports_again_the_same(&archive, &imported, &dir);
    // A codebook names them among what it leaves out.
    let qdc = dir.join("feijoo.qdc");
    let o = succeeds(
        "qdc",
        &["build", s(&feijoo), "--to", "refi-qdc", "-o", s(&qdc)],
    );
    assert!(
        stderr(&o).contains("the warnings the file allows (`allow:`, kept by a project) (1 here)"),
        "{}",
        stderr(&o)
    );
}
