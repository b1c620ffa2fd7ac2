//! Helpers shared by the integration tests. Each file in `tests/` is a crate of its own and
//! uses only some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The Debian packages the tests' external tools come from: the same list as the README and
/// `.ci/run`.
pub const INSTALL: &str = "install them with: apt-get install texlive-latex-base \
texlive-latex-recommended texlive-fonts-recommended texlive-pictures lmodern texlive-luatex \
fonts-dejavu-core fonts-dejavu-extra fonts-wqy-microhei poppler-utils \
libxml2-utils python3-venv npm nodejs neovim gcc";

/// A program found on `PATH`; the test fails (it does not skip) when it is missing.
pub fn tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|d| d.join(name))
        .find(|c| c.is_file())
        .unwrap_or_else(|| panic!("`{name}` is not on PATH: the tests need it; {INSTALL}"))
}

/// The crate root: schemas, fixtures and the binary's working directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `codebook` binary from the crate root.
pub fn codebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the codebook binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty directory under cargo's temporary directory for tests, unique to this test
/// process and call.
pub fn temp_dir(name: &str) -> PathBuf {
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// The `.codebook` files in a directory of the crate, sorted.
pub fn codebooks_in(dir: &str) -> Vec<PathBuf> {
    let dir = root().join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "codebook"))
        .collect();
    out.sort();
    out
}

/// Every `.codebook` file under a directory of the crate, at any depth, sorted.
pub fn codebooks_below(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root().join(dir)];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a readable entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "codebook") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Runs an install script of `scripts/` (which installs pinned third-party tools into the
/// folder it is given, skipping what is there) into `name` under cargo's temporary directory
/// for tests, and returns that folder. The test fails, saying `needs`, when the script does.
pub fn install_tools(script: &str, name: &str, needs: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let o = Command::new(root().join("scripts").join(script))
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| panic!("scripts/{script} runs: {e}"));
    assert!(
        o.status.success(),
        "scripts/{script} could not install the tools (it needs {needs}):\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    dir
}

/// Runs the binary and asserts that it exits 0; `context` names the case in the failure.
pub fn succeeds(context: &str, args: &[&str]) -> Output {
    let o = codebook(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{context}: codebook {args:?}: {}",
        stderr(&o)
    );
    o
}

/// Runs `pdflatex` once on `main.tex` in `dir` (no shell escape, stopping at the first error):
/// whether it succeeded, and its log.
pub fn pdflatex_main(dir: &Path) -> (bool, String) {
    let out = Command::new("pdflatex")
        .args([
            "-no-shell-escape",
            "-halt-on-error",
            "-interaction=nonstopmode",
            "main.tex",
        ])
        .current_dir(dir)
        .env("openout_any", "p")
        .output()
        .unwrap_or_else(|e| panic!("pdflatex cannot be run ({e}): {INSTALL}"));
    let log = String::from_utf8_lossy(&std::fs::read(dir.join("main.log")).unwrap_or_default())
        .into_owned();
    (out.status.success(), log)
}

/// A text reduced to its letters and digits, lower case: what a comparison with a paper's
/// table keeps (hyphenation, ligatures, quote marks and spacing in a PDF do not matter).
pub fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Builds the table `table` of `codebook` (a path from the crate root) as a standalone
/// document, compiles it with `pdflatex` (twice, as a paper is: longtable settles its column
/// widths on the second run), and returns its text as `pdftotext -raw` reads it.
pub fn pdf_text(codebook: &str, table: &str) -> String {
    let stem = Path::new(codebook)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("codebook");
    let dir = temp_dir(&format!("pdf-{stem}-{table}"));
    let tex = dir.join(format!("{table}.tex"));
    let out = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .args([
            "build",
            codebook,
            "--to",
            "latex",
            "--standalone",
            "--table",
            table,
            "-o",
        ])
        .arg(&tex)
        .current_dir(root())
        .output()
        .expect("codebook runs");
    assert!(
        out.status.success(),
        "build {codebook} --table {table}: {}",
        stderr(&out)
    );
    latex_twice("pdflatex", &dir, tex.file_name().expect("file name"));
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(dir.join(format!("{table}.pdf")))
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot be run ({e}): {INSTALL}"));
    assert!(text.status.success(), "{table}: pdftotext failed");
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// Every line, in order, somewhere in `text` (both already reduced to [`letters`]); panics
/// naming the first line that is missing or out of order.
pub fn in_order(table: &str, text: &str, lines: &[String]) {
    let mut at = 0;
    for line in lines {
        match text.get(at..).and_then(|rest| rest.find(line.as_str())) {
            Some(i) => at += i + line.len(),
            None => {
                let found_anywhere = text.contains(line.as_str());
                panic!(
                    "{table}: `{line}` {} in the PDF text",
                    if found_anywhere {
                        "is out of order"
                    } else {
                        "is missing"
                    }
                )
            }
        }
    }
}

/// The texts of a codebook's quotes, in order; the codebook must compile.
pub fn quote_texts(text: &str) -> Vec<String> {
    let c = codebook::compile(text)
        .compiled
        .unwrap_or_else(|| panic!("does not compile:\n{text}"));
    c.codebook
        .quotes
        .iter()
        .map(|q| q.text.text.clone())
        .collect()
}

/// `build --to refi-qdpx` of `schema`, then `import` of the archive, both into `dir` and
/// named after `name`; each must succeed. Returns the archive and the imported codebook.
pub fn qdpx_round_trip(name: &str, schema: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let archive = dir.join(format!("{name}.qdpx"));
    let imported = dir.join(format!("{name}.codebook"));
    let path = |p: &Path| p.to_str().expect("UTF-8 paths").to_string();
    let (schema_s, archive_s, imported_s) = (path(schema), path(&archive), path(&imported));
    succeeds(
        name,
        &["build", &schema_s, "--to", "refi-qdpx", "-o", &archive_s],
    );
    succeeds(name, &["import", &archive_s, "-o", &imported_s]);
    (archive, imported)
}

/// `codebook agree ARGS --format json`, checked against `schemas/json/agree.schema.json`.
pub fn agree_json(args: &[&str]) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("schemas/json/agree.schema.json"))
        .expect("the schema is readable");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut all = vec!["agree"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = succeeds("agree --format json", &all);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("the output is JSON");
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
    v
}

/// `codebook agree ARGS --format latex`, `\input` in a methods section and compiled by
/// pdflatex: the fragment, and the PDF's text (by `pdftotext`).
pub fn agree_latex(args: &[&str]) -> (String, String) {
    tool("pdflatex");
    tool("pdftotext");
    let dir = temp_dir("agree-latex");
    let out = dir.join("agreement.tex");
    let mut all = vec!["agree"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "latex", "-o", out.to_str().unwrap_or_default()]);
    succeeds("agree --format latex", &all);
    let fragment = std::fs::read_to_string(&out).expect("the fragment is written");
    std::fs::write(
        dir.join("main.tex"),
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n\
         \\usepackage{booktabs}\n\\begin{document}\n\\section*{Methods}\n\
         Agreement is reported below.\n\\input{agreement}\n\\end{document}\n",
    )
    .expect("main.tex is written");
    let (ok, log) = pdflatex_main(&dir);
    assert!(ok, "pdflatex failed: {log}");
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "main.pdf", "-"])
        .current_dir(&dir)
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.contains("Agreement is reported below"), "{text}");
    (fragment, text)
}

/// The text block of the README that follows the comment starting `<!-- {marker}` and ends
/// before `<!-- {marker}:end -->`, and what `codebook ARGS` prints; they must be the same.
pub fn readme_block_is_output(marker: &str, args: &[&str]) {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let start = readme
        .find(&format!("<!-- {marker}: "))
        .unwrap_or_else(|| panic!("the README's block {marker}"));
    let body = &readme[start..];
    let body = &body[body.find("```text\n").expect("a text block") + "```text\n".len()..];
    let shown = &body[..body
        .find(&format!("```\n<!-- {marker}:end -->"))
        .expect("its end")];
    let o = succeeds("README example", args);
    assert_eq!(
        shown,
        String::from_utf8_lossy(&o.stdout),
        "README.md's {marker} block is out of date: replace it with the output of `codebook {}`",
        args.join(" ")
    );
}

/// A zip archive (deflated) of `(name, data)` entries.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, options).expect("start entry");
        w.write_all(data).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// Run a LaTeX engine (`pdflatex`, `lualatex`) twice on `file` in `dir`, as a paper is built
/// (longtable settles its column widths, and the tables their page breaks, on the second run);
/// fail with the engine's output if a run fails.
pub fn latex_twice(engine: &str, dir: &Path, file: &std::ffi::OsStr) {
    for _ in 0..2 {
        let run = Command::new(engine)
            .args([
                "-no-shell-escape",
                "-halt-on-error",
                "-interaction=nonstopmode",
            ])
            .arg(file)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("{engine} cannot be run ({e}): {INSTALL}"));
        assert!(
            run.status.success(),
            "{} in {}: {engine} failed:\n{}",
            file.to_string_lossy(),
            dir.display(),
            String::from_utf8_lossy(&run.stdout)
        );
    }
}
