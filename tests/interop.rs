//! Interoperability with code the project did not write: every JSON output validates against
//! its JSON Schema (`schemas/json/`) in two independent validators besides the Rust one the
//! other tests use: Python's `jsonschema` and JavaScript's `ajv` (strict mode), at the versions
//! pinned in `tests/interop/`. A Python or JavaScript pipeline can then check what it reads.
//!
//! The validators are installed once by `scripts/interop-tools.sh` (a virtual environment and
//! an npm folder beside cargo's build, so nothing is installed into the system); it needs
//! `python3` with `venv` and `npm`, and the package registries.

mod common;

use common::{codebook, codebooks_in, root, stderr, succeeds, temp_dir, tool};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Where the installed validators are.
struct Tools {
    python: PathBuf,
    node: PathBuf,
    node_modules: PathBuf,
}

/// Installs the pinned validators (once per test process; the script skips what is there).
fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Tools> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let dir = common::install_tools(
            "interop-tools.sh",
            "interop-tools",
            "python3 with venv, npm and the package registries; on Debian: apt-get install \
             python3-venv npm",
        );
        Tools {
            python: dir.join("venv/bin/python"),
            node: tool("node"),
            node_modules: dir.join("node/node_modules"),
        }
    })
}

fn python(schema: &Path, documents: &[PathBuf]) -> Output {
    Command::new(&tools().python)
        .arg(root().join("tests/interop/validate_json.py"))
        .arg(schema)
        .args(documents)
        .output()
        .expect("python runs")
}

fn ajv(schema: &Path, documents: &[PathBuf]) -> Output {
    Command::new(&tools().node)
        .env("NODE_PATH", &tools().node_modules)
        .arg(root().join("tests/interop/validate_json.cjs"))
        .arg(schema)
        .args(documents)
        .output()
        .expect("node runs")
}

/// Both validators accept every document, and say so for each one.
fn both_accept(schema: &str, documents: &[PathBuf]) {
    let schema = root().join(schema);
    for (who, o) in [
        ("Python jsonschema", python(&schema, documents)),
        ("ajv", ajv(&schema, documents)),
    ] {
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{who} rejects what codebook wrote ({}):\n{out}{}",
            schema.display(),
            stderr(&o)
        );
        assert_eq!(
            out.lines().filter(|l| l.ends_with(": valid")).count(),
            documents.len(),
            "{who}:\n{out}"
        );
    }
}

/// Both validators reject the document, naming it.
fn both_reject(schema: &str, document: &Path) {
    let schema = root().join(schema);
    let documents = [document.to_path_buf()];
    for (who, o) in [
        ("Python jsonschema", python(&schema, &documents)),
        ("ajv", ajv(&schema, &documents)),
    ] {
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{who} accepts a wrong document:\n{out}"
        );
        assert!(out.contains(": invalid"), "{who}:\n{out}");
    }
}

/// The codebooks whose outputs are validated: every schema, generated ones, and a fixture with
/// the counts of coded segments (`coded:`) and the undated turning points that no schema has.
fn codebooks(dir: &Path) -> Vec<PathBuf> {
    let mut out = codebooks_in("schemas");
    out.push(root().join("tests/fixtures/latex/coded_after_label.codebook"));
    // Turning points placed `after` undated phases: `when` null, `after` a phase.
    out.push(root().join("tests/fixtures/latex/undated_turning_points.codebook"));
    for (quotes, seed) in [(40, 1), (400, 7)] {
        let path = dir.join(format!("generated-{quotes}-{seed}.codebook"));
        let text = codebook::synth::generate(codebook::synth::Spec { quotes, seed });
        std::fs::write(&path, text).expect("written");
        out.push(path);
    }
    out
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn json_outputs_validate_in_python_and_javascript() {
    let dir = temp_dir("interop-json");
    let mut built = Vec::new();
    let mut stats = Vec::new();
    for (i, source) in codebooks(&dir).iter().enumerate() {
        let json = dir.join(format!("{i}.json"));
        let name = source.display().to_string();
        succeeds(
            &name,
            &[
                "build",
                path_str(source),
                "--to",
                "json",
                "-o",
                path_str(&json),
            ],
        );
        built.push(json);
        let o = succeeds(&name, &["stats", path_str(source), "--format", "json"]);
        let path = dir.join(format!("{i}.stats.json"));
        std::fs::write(&path, &o.stdout).expect("written");
        stats.push(path);
    }
    both_accept("schemas/json/codebook.schema.json", &built);
    both_accept("schemas/json/stats.schema.json", &stats);

    // `agree --format json`: of the two-coder example (with a bootstrap interval), of the
    // published reliability data the agreement tests use, and of the test projects.
    let mut agreements = Vec::new();
    let runs: [&[&str]; 5] = [
        &["agree", "schemas/two-coders.codebook", "--format", "json"],
        // A REFI-QDA project compared character by character: two users, and three.
        &[
            "agree",
            "tests/fixtures/agree/two-users.qdpx",
            "--format",
            "json",
        ],
        &[
            "agree",
            "tests/fixtures/agree/three-users.qdpx",
            "--format",
            "json",
        ],
        &[
            "agree",
            "schemas/two-coders.codebook",
            "--format",
            "json",
            "--bootstrap",
            "200",
        ],
        &[
            "agree",
            "--units",
            "tests/fixtures/agree/krippendorff-four.csv",
            "--format",
            "json",
        ],
    ];
    for (i, args) in runs.iter().enumerate() {
        let o = succeeds("agree", args);
        let path = dir.join(format!("agree-{i}.json"));
        std::fs::write(&path, &o.stdout).expect("written");
        agreements.push(path);
    }
    both_accept("schemas/json/agree.schema.json", &agreements);
}

/// The validators do check: an identifier the grammar would refuse (a leading digit, a hyphen),
/// and a missing key, are caught by both.
#[test]
fn both_validators_catch_what_the_schema_forbids() {
    let dir = temp_dir("interop-wrong");
    let o = codebook(&["build", "schemas/tutorial.codebook", "--to", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let good: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(
        good["structures"][0]["id"].is_string(),
        "the tutorial has a structure with an id"
    );
    for (name, bad) in [
        ("digit", "1st_order"),
        ("hyphen", "first-order"),
        ("space", "a b"),
    ] {
        let mut v = good.clone();
        v["structures"][0]["id"] = serde_json::Value::String(bad.into());
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_vec(&v).expect("JSON")).expect("written");
        both_reject("schemas/json/codebook.schema.json", &path);
    }
    let mut v = good.clone();
    v.as_object_mut().expect("an object").remove("structures");
    let path = dir.join("no-structures.json");
    std::fs::write(&path, serde_json::to_vec(&v).expect("JSON")).expect("written");
    both_reject("schemas/json/codebook.schema.json", &path);
}

// ----- REFI-QDA: a third-party library reads what codebook writes, and writes what it reads ----

/// Runs `tests/interop/refi_client.py` (pyrefiqda) with `args`; its standard output.
fn refi_client(args: &[&str]) -> Vec<u8> {
    let o = Command::new(&tools().python)
        .arg(root().join("tests/interop/refi_client.py"))
        .args(args)
        .output()
        .expect("python runs");
    assert!(o.status.success(), "pyrefiqda {args:?}: {}", stderr(&o));
    o.stdout
}

/// A code's label and its parent's (none for a top code).
type Edge = (String, Option<String>);

/// (label, parent's label) of every code of a JSON output's structures as a REFI-QDA code tree
/// holds them (a shared code under its first parent only; its others are sets), the top codes
/// with no parent; each code's label by its id; and (label, other parents' labels) of each
/// shared code.
fn code_tree(json: &serde_json::Value) -> (Vec<Edge>, BTreeMap<String, String>, Vec<Edge>) {
    struct Walk {
        pairs: Vec<Edge>,
        labels: BTreeMap<String, String>,
        others: Vec<(String, String)>,
    }
    fn walk(code: &serde_json::Value, parent: Option<(&str, &str)>, w: &mut Walk) {
        let label = code["label"].as_str().unwrap_or_default();
        let id = code["id"].as_str().unwrap_or_default();
        let parents: Vec<&str> = code["parents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        if let Some((parent_id, _)) = parent
            && parents.first().is_some_and(|first| *first != parent_id)
        {
            // The shared code again, under one of its other parents.
            w.others.push((label.to_string(), parent_id.to_string()));
            return;
        }
        w.pairs
            .push((label.to_string(), parent.map(|(_, l)| l.to_string())));
        w.labels.insert(id.to_string(), label.to_string());
        for child in code["children"].as_array().into_iter().flatten() {
            walk(child, Some((id, label)), w);
        }
    }
    let mut w = Walk {
        pairs: Vec::new(),
        labels: BTreeMap::new(),
        others: Vec::new(),
    };
    for s in json["structures"].as_array().into_iter().flatten() {
        for code in s["codes"].as_array().into_iter().flatten() {
            walk(code, None, &mut w);
        }
    }
    w.pairs.sort();
    let mut shared: Vec<Edge> = w
        .others
        .iter()
        .map(|(label, parent)| (label.clone(), w.labels.get(parent).cloned()))
        .collect();
    shared.sort();
    (w.pairs, w.labels, shared)
}

/// pyrefiqda reads every schema's `.qdpx` (and a generated one's) as codebook means it: every
/// code under its parent, every quote a selection of exactly its text coded with the codes it
/// supports; and a project pyrefiqda writes back imports, checks clean and keeps all of that.
#[test]
fn pyrefiqda_reads_our_projects_and_we_read_its() {
    let dir = temp_dir("interop-refi");
    for (i, source) in codebooks(&dir).iter().enumerate() {
        let name = source.display().to_string();
        let qdpx = dir.join(format!("{i}.qdpx"));
        succeeds(
            &name,
            &[
                "build",
                path_str(source),
                "--to",
                "refi-qdpx",
                "-o",
                path_str(&qdpx),
            ],
        );
        let ours: serde_json::Value = serde_json::from_slice(
            &succeeds(&name, &["build", path_str(source), "--to", "json"]).stdout,
        )
        .expect("JSON");
        let work = dir.join(format!("{i}-read"));
        let read: serde_json::Value =
            serde_json::from_slice(&refi_client(&["read", path_str(&qdpx), path_str(&work)]))
                .expect("the client prints JSON");
        let text = std::fs::read_to_string(source).expect("readable");
        let compiled = codebook::compile(&text).compiled.expect("compiles");
        assert_same_content(&name, &ours, &read);
        assert_same_coders(&name, &compiled, &ours, &read);

        // The other way: the library's own writer, then import.
        let rewritten = dir.join(format!("{i}.rewritten.qdpx"));
        let work = dir.join(format!("{i}-rewrite"));
        refi_client(&[
            "rewrite",
            path_str(&qdpx),
            path_str(&work),
            path_str(&rewritten),
        ]);
        let imported = dir.join(format!("{i}.imported.codebook"));
        succeeds(
            &name,
            &["import", path_str(&rewritten), "-o", path_str(&imported)],
        );
        succeeds(&name, &["check", path_str(&imported)]);
        let back: serde_json::Value = serde_json::from_slice(
            &succeeds(&name, &["build", path_str(&imported), "--to", "json"]).stdout,
        )
        .expect("JSON");
        let texts = |v: &serde_json::Value| {
            let mut t: Vec<String> = v["quotes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|q| q["text"].as_str().unwrap_or_default().to_string())
                .collect();
            t.sort();
            t
        };
        assert_eq!(
            texts(&back),
            texts(&ours),
            "{name}: the quotes after pyrefiqda wrote them"
        );
    }
}

/// What pyrefiqda read (`refi_client.py read`) holds our JSON output's codes and quotes.
fn assert_same_content(name: &str, ours: &serde_json::Value, read: &serde_json::Value) {
    let (expected, labels, shared) = code_tree(ours);
    // The library's codes, less the one top code `codebook` writes per data structure.
    let codes = read["codes"].as_array().cloned().unwrap_or_default();
    let roots: Vec<&str> = codes
        .iter()
        .filter(|c| c["parent"].is_null())
        .filter_map(|c| c["name"].as_str())
        .collect();
    let mut got: Vec<Edge> = codes
        .iter()
        .filter(|c| !c["parent"].is_null())
        .map(|c| {
            let parent = c["parent"].as_str().unwrap_or_default();
            let parent = (!roots.contains(&parent)).then(|| parent.to_string());
            (c["name"].as_str().unwrap_or_default().to_string(), parent)
        })
        .collect();
    got.sort();
    // A codebook of phases only (no data structure) has no codes; any other has some.
    let structures = ours["structures"].as_array().map_or(0, Vec::len);
    assert!(
        !expected.is_empty() || structures == 0,
        "{name}: no codes to compare"
    );
    assert_eq!(got, expected, "{name}: the code tree pyrefiqda reads");
    // Each other parent of a shared code is a set "Also under: PARENT" holding the code.
    let mut also: Vec<Edge> = read["sets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let parent = s["name"].as_str()?.strip_prefix("Also under: ")?;
            Some(
                s["codes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|c| Some((c.as_str()?.to_string(), Some(parent.to_string()))))
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    also.sort();
    assert_eq!(
        also, shared,
        "{name}: the shared codes' other parents, as sets"
    );

    let mut quotes: Vec<(String, Vec<String>)> = ours["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            let mut codes: Vec<String> = q["supports"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| labels.get(id.as_str().unwrap_or_default()).cloned())
                .collect();
            codes.sort();
            (q["text"].as_str().unwrap_or_default().to_string(), codes)
        })
        .collect();
    quotes.sort();
    let mut selections: Vec<(String, Vec<String>)> = read["selections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            // A code each coder of the quote coded is one coding per coder (see
            // `assert_same_coders`).
            let mut codes: Vec<String> = s["codes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect();
            codes.dedup();
            (s["text"].as_str().unwrap_or_default().to_string(), codes)
        })
        .collect();
    selections.sort();
    assert_eq!(
        selections, quotes,
        "{name}: the coded selections pyrefiqda reads"
    );
}

/// pyrefiqda reads who coded each code of each quote: one coding per coder (the quote's
/// `coder:`, else the file's one coder) and code, its `creatingUser` the coder's user; a quote
/// no coder is named for is the study's authors' (or `codebook`'s).
fn assert_same_coders(
    name: &str,
    c: &codebook::Compiled,
    ours: &serde_json::Value,
    read: &serde_json::Value,
) {
    use codebook::model::Id as _;
    let cb = &c.codebook;
    let (_, labels, _) = code_tree(ours);
    let fallback = match cb.study.as_ref().map(|s| s.authors.as_slice()) {
        Some(authors) if !authors.is_empty() => authors
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        _ => "codebook".to_string(),
    };
    let mut expected: Vec<(String, Vec<(String, String)>)> = ours["quotes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| {
            let index = q["index"].as_u64().unwrap_or_default() as usize;
            let coders: Vec<String> =
                match cb.quote_coders.iter().find(|(id, _)| id.index() == index) {
                    Some((_, names)) => names.iter().map(|n| n.id.to_string()).collect(),
                    None => match cb.coders.as_slice() {
                        [one] => vec![one.id.to_string()],
                        _ => vec![fallback.clone()],
                    },
                };
            let mut codings: Vec<(String, String)> = q["supports"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|id| labels.get(id.as_str().unwrap_or_default()).cloned())
                .flat_map(|code| coders.iter().map(move |who| (code.clone(), who.clone())))
                .collect();
            codings.sort();
            (q["text"].as_str().unwrap_or_default().to_string(), codings)
        })
        .collect();
    expected.sort();
    let mut got: Vec<(String, Vec<(String, String)>)> = read["selections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let codings = s["codings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| {
                    let part = |i: usize| pair[i].as_str().unwrap_or_default().to_string();
                    (part(0), part(1))
                })
                .collect();
            (s["text"].as_str().unwrap_or_default().to_string(), codings)
        })
        .collect();
    got.sort();
    assert_eq!(
        got, expected,
        "{name}: who coded each code, as pyrefiqda reads it"
    );
}
