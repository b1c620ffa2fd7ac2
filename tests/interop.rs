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
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop-tools");
        let o = Command::new(root().join("scripts/interop-tools.sh"))
            .arg(&dir)
            .output()
            .expect("scripts/interop-tools.sh runs");
        assert!(
            o.status.success(),
            "scripts/interop-tools.sh could not install the validators (it needs python3 with \
             venv, npm and the package registries; on Debian: apt-get install python3-venv npm):\n{}{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(&o)
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

/// The codebooks whose outputs are validated: every schema, and generated ones.
fn codebooks(dir: &Path) -> Vec<PathBuf> {
    let mut out = codebooks_in("schemas");
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
