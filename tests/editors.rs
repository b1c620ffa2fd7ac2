//! The editor support under `editors/`, checked with the editors' own tools:
//!
//! - the tree-sitter grammar (`editors/tree-sitter-codebook`): its committed parser is what
//!   `grammar.js` generates; every schema and every fixture that the compiler's parser accepts
//!   parses without an ERROR or MISSING node, and every one it rejects has one (so the pest
//!   grammar and this one cannot drift apart); its corpus and highlight tests pass (`tree-sitter test`); each editor's
//!   queries compile against it; Neovim (Debian's 0.7) loads the parser compiled as the README
//!   says and colours with the highlight query (`tests/editors/nvim_treesitter.lua`);
//! - the VS Code extension (`editors/vscode`): its TextMate grammar compiles in VS Code's
//!   own tokeniser (vscode-textmate with Oniguruma) and colours exactly the strings and comments
//!   the tree-sitter grammar finds, in every schema; `vsce package` packages it with its
//!   language client, and the packaged `extension.js`, run with stand-ins for VS Code and the
//!   client (`tests/editors/extension_stub.cjs`), starts `codebook lsp`.
//!
//! The tools are installed once, pinned, by `scripts/editor-tools.sh` into cargo's build folder:
//! the tree-sitter CLI with cargo, the JavaScript packages with npm. It needs a C compiler,
//! `node` and `npm` (on Debian: apt-get install gcc nodejs npm), and the Neovim test `nvim`; a
//! missing tool fails the tests, it never skips them.

mod common;

use codebook::diagnostics::DiagnosticCode;
use common::{codebooks_in, root, stderr, temp_dir, tool};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// Where the installed tools are.
struct Tools {
    tree_sitter: PathBuf,
    node: PathBuf,
    node_modules: PathBuf,
    /// The VS Code extension's dependencies (its language client), installed.
    extension_modules: PathBuf,
}

/// Installs the pinned tools (once per test process; the script skips what is there).
fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Tools> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let dir = common::install_tools(
            "editor-tools.sh",
            "editor-tools",
            "cargo, a C compiler, node, npm and the package registries; on Debian: apt-get \
             install gcc nodejs npm",
        );
        Tools {
            tree_sitter: dir.join("tree-sitter/bin/tree-sitter"),
            node: tool("node"),
            node_modules: dir.join("node/node_modules"),
            extension_modules: dir.join("vscode/node_modules"),
        }
    })
}

fn grammar_dir() -> PathBuf {
    root().join("editors/tree-sitter-codebook")
}

/// The tree-sitter CLI, run in `dir`, with its configuration and its compiled parsers in
/// folders of this test run (never the user's `~/.config` or `~/.cache`). One run at a time:
/// the first compiles the grammar into the shared folder, where the others find it.
fn tree_sitter(dir: &Path, args: &[&str]) -> Output {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tree-sitter-home");
    std::fs::create_dir_all(home.join("lib")).expect("a folder for compiled parsers");
    Command::new(&tools().tree_sitter)
        .args(args)
        .current_dir(dir)
        .env("TREE_SITTER_DIR", &home)
        .env("TREE_SITTER_LIBDIR", home.join("lib"))
        .output()
        .expect("the tree-sitter CLI runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 paths")
}

/// The schemas and the fixtures, split by what the compiler's parser (the pest grammar) says of
/// them: those it parses without an error, which the tree-sitter grammar must parse without an
/// error node, and those with a syntax error, in which it must find one. Left out: files that
/// are not UTF-8 (no editor holds them as text), that hold a NUL character (tree-sitter's
/// lexers read it as the end of the input) and those the parser refuses for a limit, not for
/// their syntax (`too_deep`, `too_large`).
fn by_the_compilers_parser() -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    let mut files = codebooks_in("schemas");
    files.extend(common::codebooks_below("tests/fixtures"));
    for path in files {
        let Ok(source) = std::fs::read_to_string(&path) else {
            continue;
        };
        if source.contains('\0') {
            continue;
        }
        match codebook::syntax::parse(&source) {
            Ok(_) => valid.push(path),
            Err(errors) => {
                let limit = errors
                    .iter()
                    .any(|d| matches!(d.code, DiagnosticCode::TooDeep | DiagnosticCode::TooLarge));
                if !limit {
                    invalid.push(path);
                }
            }
        }
    }
    (valid, invalid)
}

#[test]
fn the_committed_parser_is_what_grammar_js_generates() {
    let dir = temp_dir("tree-sitter-generate");
    for file in ["grammar.js", "tree-sitter.json"] {
        std::fs::copy(grammar_dir().join(file), dir.join(file)).expect("copied");
    }
    // ABI 14: the newest that the Neovim of Debian 12 (0.7) and older editors load.
    let o = tree_sitter(&dir, &["generate", "--abi", "14"]);
    assert!(o.status.success(), "tree-sitter generate:\n{}", text(&o));
    for file in [
        "src/parser.c",
        "src/grammar.json",
        "src/node-types.json",
        "src/tree_sitter/parser.h",
    ] {
        let generated = std::fs::read_to_string(dir.join(file)).expect("generated");
        let committed = std::fs::read_to_string(grammar_dir().join(file))
            .unwrap_or_else(|e| panic!("editors/tree-sitter-codebook/{file}: {e}"));
        assert!(
            generated == committed,
            "editors/tree-sitter-codebook/{file} is not what grammar.js generates: run \
             `tree-sitter generate --abi 14` there (scripts/editor-tools.sh installs the pinned CLI)"
        );
    }
}

#[test]
fn every_schema_and_fixture_without_syntax_errors_parses_without_error_nodes() {
    let (valid, invalid) = by_the_compilers_parser();
    // The schemas, the fixtures of tests/fixtures/valid and the hostile ones that parse.
    assert!(valid.len() >= 60, "only {} files", valid.len());
    assert!(
        valid
            .iter()
            .any(|p| p.ends_with("schemas/tutorial.codebook"))
    );
    assert!(
        invalid.len() >= 5,
        "the fixtures hold files with syntax errors"
    );
    let rejected = with_error_nodes(&valid);
    assert!(
        rejected.is_empty(),
        "the tree-sitter grammar finds errors in what the compiler parses: {rejected:#?}"
    );
}

/// The files of `files` in which the tree-sitter grammar finds an ERROR or MISSING node.
fn with_error_nodes(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for chunk in files.chunks(40) {
        let mut args = vec!["parse", "--quiet"];
        args.extend(chunk.iter().map(|p| path_str(p)));
        let o = tree_sitter(&grammar_dir(), &args);
        // `--quiet` prints a line for each file with an error node: its path, then the node.
        for line in String::from_utf8_lossy(&o.stdout).lines() {
            let named = |f: &&PathBuf| {
                line.strip_prefix(path_str(f))
                    .is_some_and(|rest| rest.starts_with([' ', '\t']))
            };
            if let Some(file) = chunk.iter().find(named) {
                assert!(
                    line.contains("(ERROR") || line.contains("(MISSING"),
                    "{line}"
                );
                out.insert(file.clone());
            }
        }
        // The CLI fails exactly when a file of the chunk has an error node.
        assert_eq!(
            o.status.success(),
            !chunk.iter().any(|f| out.contains(f)),
            "{}",
            text(&o)
        );
    }
    out
}

#[test]
fn a_file_with_a_syntax_error_has_an_error_node_too() {
    // The other way round: what the compiler rejects as syntax, tree-sitter marks, except
    // where it is deliberately more lenient (see grammar.js).
    let (_, invalid) = by_the_compilers_parser();
    // Files whose only syntax error is one grammar.js accepts by design, each with why.
    const LENIENT: &[(&str, &str)] = &[
        // A year range with a dash (`2023-2024`): tree-sitter's `date` token has no lookahead,
        // so it reads `2023-20` as a date and `24` as a number beside it; the compiler (and the
        // language server) report the range with its fix.
        (
            "syntax_error__year_range.codebook",
            "a year range with a dash, read as a date and a number side by side",
        ),
        (
            "syntax_error__quote_mark_inside.codebook",
            "a word and a text with no blank between them (`\"He said \"no\" …`)",
        ),
        // The compiler's repair pass finds a `"""` text never closed; tree-sitter reads its
        // marks as texts side by side (`""` then `"…"`), as it does any two texts without a
        // blank between them. The language server reports the error in the editor.
        (
            "syntax_error__unclosed_triple_quote.codebook",
            "a `\"\"\"` text never closed, read as texts without a blank between them",
        ),
        (
            "unterminated_triple_at_eof.codebook",
            "a `\"\"\"` text never closed at the file's end, read as texts without a blank between them",
        ),
    ];
    let (lenient, readable): (Vec<PathBuf>, Vec<PathBuf>) = invalid.into_iter().partition(|p| {
        LENIENT
            .iter()
            .any(|(name, _)| p.file_name().is_some_and(|f| f == *name))
    });
    assert_eq!(
        lenient.len(),
        LENIENT.len(),
        "a lenient case is gone: {LENIENT:?}"
    );
    // Accepted, as grammar.js says: no error node.
    assert!(with_error_nodes(&lenient).is_empty(), "{lenient:?}");
    let marked = with_error_nodes(&readable);
    let unmarked: Vec<&str> = readable
        .iter()
        .filter(|p| !marked.contains(*p))
        .map(|p| path_str(p))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:#?}");
    assert!(readable.len() >= 20, "only {} files", readable.len());
}

#[test]
fn tree_sitter_corpus_and_highlight_tests_pass() {
    let o = tree_sitter(&grammar_dir(), &["test"]);
    let out = text(&o);
    assert!(o.status.success(), "tree-sitter test:\n{out}");
    // Both kinds ran: a corpus test by its name, the highlight file by its name.
    assert!(out.contains("levels and map"), "{out}");
    assert!(out.contains("study.codebook"), "{out}");
}

/// The capture names a query uses, each with how often it matched in `file`.
fn captures(query: &Path, file: &Path) -> BTreeSet<String> {
    let o = tree_sitter(
        &grammar_dir(),
        &["query", "--captures", path_str(query), path_str(file)],
    );
    assert!(
        o.status.success(),
        "{} does not run against the grammar:\n{}",
        query.display(),
        text(&o)
    );
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once("capture: ")?
                .1
                .split_once(" - ")?
                .1
                .split(',')
                .next()
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn each_editors_queries_run_and_helix_colours_what_the_others_do() {
    let tutorial = root().join("schemas/tutorial.codebook");
    let ours = grammar_dir().join("queries/highlights.scm");
    let helix = root().join("editors/helix/queries/codebook/highlights.scm");
    let expected =
        |names: &[&str]| -> BTreeSet<String> { names.iter().map(|s| s.to_string()).collect() };
    assert_eq!(
        captures(&ours, &tutorial),
        expected(&[
            "comment",
            "keyword",
            "number",
            "operator",
            "property",
            "punctuation.bracket",
            "punctuation.delimiter",
            "string",
            "type",
            "variable",
        ])
    );
    assert_eq!(
        captures(&helix, &tutorial),
        expected(&[
            "comment",
            "constant.numeric",
            "keyword",
            "operator",
            "punctuation.bracket",
            "punctuation.delimiter",
            "string",
            "type",
            "variable",
            "variable.other.member",
        ])
    );
    assert_eq!(
        captures(&grammar_dir().join("queries/folds.scm"), &tutorial),
        expected(&["fold"])
    );
    // The same patterns, with Helix's names for two of the captures.
    let patterns = |p: &Path| -> String {
        std::fs::read_to_string(p)
            .expect("a query")
            .lines()
            .filter(|l| !l.starts_with(';'))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("@constant.numeric", "@number")
            .replace("@variable.other.member", "@property")
    };
    assert_eq!(patterns(&helix), patterns(&ours));
}

/// (line, first byte, end byte) of each line's part of each node that `query` captures in
/// `file`, by the tree-sitter grammar; lines are ended as the codebook grammar ends them.
fn tree_sitter_segments(query: &Path, file: &Path) -> BTreeSet<(String, usize, usize, usize)> {
    let o = tree_sitter(
        &grammar_dir(),
        &["query", "--captures", path_str(query), path_str(file)],
    );
    assert!(o.status.success(), "{}", text(&o));
    let source = std::fs::read_to_string(file).expect("UTF-8");
    let lines: Vec<usize> = split_lines(&source).iter().map(|l| l.len()).collect();
    let mut out = BTreeSet::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        // `capture: 0 - string, start: (3, 2), end: (4, 10), text: …`
        let Some((_, rest)) = line.split_once("capture: ") else {
            continue;
        };
        let name = rest
            .split_once(" - ")
            .and_then(|(_, r)| r.split(',').next())
            .expect("a capture name")
            .to_string();
        let point = |key: &str| -> (usize, usize) {
            let at = rest.find(key).expect("a position") + key.len();
            let inside = &rest[at..rest[at..].find(')').expect("a position") + at];
            let (row, column) = inside.split_once(", ").expect("row, column");
            (
                row.trim().parse().expect("a row"),
                column.trim().parse().expect("a column"),
            )
        };
        let (start, end) = (point("start: ("), point("end: ("));
        let rows = lines.iter().enumerate().take(end.0 + 1).skip(start.0);
        for (row, &length) in rows {
            let from = if row == start.0 { start.1 } else { 0 };
            let to = if row == end.0 { end.1 } else { length };
            if to > from {
                out.insert((name.clone(), row, from, to));
            }
        }
    }
    out
}

fn split_lines(source: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find(['\n', '\r']) {
        lines.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    lines.push(rest);
    lines
}

/// VS Code's tokens of each file, by the extension's TextMate grammar:
/// file → [line, first byte, end byte, innermost scope].
fn textmate_tokens(files: &[PathBuf]) -> Value {
    let grammar = root().join("editors/vscode/syntaxes/codebook.tmLanguage.json");
    let o = Command::new(&tools().node)
        .env("NODE_PATH", &tools().node_modules)
        .arg(root().join("tests/editors/textmate.cjs"))
        .arg(&grammar)
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        o.status.success(),
        "vscode-textmate cannot use the grammar:\n{}",
        text(&o)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn the_textmate_grammar_colours_strings_and_comments_as_tree_sitter_finds_them() {
    let mut files = codebooks_in("schemas");
    files.extend(codebooks_in("tests/fixtures/valid"));
    files.push(root().join("tests/fixtures/lsp/study.codebook"));
    files.push(grammar_dir().join("test/highlight/study.codebook"));
    let tokens = textmate_tokens(&files);
    let query = root().join("tests/editors/strings-and-comments.scm");
    for file in &files {
        let mut textmate = BTreeSet::new();
        for t in tokens[path_str(file)].as_array().expect("tokens") {
            let scope = t[3].as_str().unwrap_or_default();
            let kind = if scope.starts_with("comment.")
                || scope.starts_with("punctuation.definition.comment")
            {
                "comment"
            } else if scope.starts_with("string.")
                || scope.starts_with("punctuation.definition.string")
                || scope.starts_with("constant.character.escape")
            {
                "string"
            } else {
                continue;
            };
            let n = |i: usize| t[i].as_u64().expect("a number") as usize;
            textmate.insert((kind.to_string(), n(0), n(1), n(2)));
        }
        // Adjacent tokens of one kind (a string's quote marks and its text) make one part.
        let mut merged: BTreeSet<(String, usize, usize, usize)> = BTreeSet::new();
        let mut last: Option<(String, usize, usize, usize)> = None;
        for t in textmate {
            last = match last {
                Some(l) if l.0 == t.0 && l.1 == t.1 && l.3 == t.2 => Some((l.0, l.1, l.2, t.3)),
                Some(l) => {
                    merged.insert(l);
                    Some(t)
                }
                None => Some(t),
            };
        }
        merged.extend(last);
        let tree = tree_sitter_segments(&query, file);
        assert!(!tree.is_empty(), "{}", file.display());
        let only_textmate: Vec<_> = merged.difference(&tree).collect();
        let only_tree: Vec<_> = tree.difference(&merged).collect();
        assert!(
            only_textmate.is_empty() && only_tree.is_empty(),
            "{}: (kind, line, first byte, end byte) only in the TextMate grammar: {only_textmate:?}; \
             only in the tree-sitter grammar: {only_tree:?}",
            file.display()
        );
    }
    // And the words: the declaration's kind and name, a property key, a reference.
    let scope_at = |file: &Path, line: usize, word: &str| -> String {
        let source = std::fs::read_to_string(file).expect("the file");
        let at = split_lines(&source)[line]
            .find(word)
            .expect("the word is on the line");
        tokens[path_str(file)]
            .as_array()
            .expect("tokens")
            .iter()
            .find(|t| t[0] == line && t[1].as_u64() == Some(at as u64))
            .and_then(|t| t[3].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let tutorial = root().join("schemas/tutorial.codebook");
    let source = std::fs::read_to_string(&tutorial).expect("the tutorial");
    let lines = split_lines(&source);
    let scope_of = |line: usize, word: &str| scope_at(&tutorial, line, word);
    let line = |needle: &str| -> usize {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .expect("the line is in the tutorial")
    };
    let structure = line("structure contact");
    assert_eq!(scope_of(structure, "structure"), "storage.type.codebook");
    assert_eq!(scope_of(structure, "contact"), "entity.name.type.codebook");
    let also = line("also under: handing_over");
    assert_eq!(
        scope_of(also, "also under"),
        "support.type.property-name.codebook"
    );
    assert_eq!(scope_of(also, "handing_over"), "variable.other.codebook");
    let turning = line("turning point move");
    assert_eq!(scope_of(turning, "turning point"), "storage.type.codebook");
    assert_eq!(scope_of(turning, "move"), "entity.name.type.codebook");
    assert_eq!(
        scope_of(turning, "2025-01"),
        "constant.numeric.date.codebook"
    );
    let levels = line("levels concept");
    assert_eq!(scope_of(levels, "levels"), "keyword.other.levels.codebook");
    assert_eq!(scope_of(levels, "->"), "keyword.operator.arrow.codebook");
    let map = line("map overlap -> spread");
    assert_eq!(scope_of(map, "map"), "keyword.other.map.codebook");
    // `levels` and `map` as an attribute's name are property keys, as in the tree-sitter grammar.
    let attributes = root().join("tests/fixtures/valid/keywords_as_attributes.codebook");
    for (line, word) in [(7, "map"), (8, "levels")] {
        assert_eq!(
            scope_at(&attributes, line, word),
            "support.type.property-name.codebook"
        );
    }
}

/// The entries of a zip archive, by name.
fn zip_entries(path: &Path) -> Vec<String> {
    let file = std::fs::File::open(path).expect("the archive");
    let mut archive = zip::ZipArchive::new(file).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let entry = archive.by_index(i).expect("an entry");
            entry.name().expect("a UTF-8 name").into_owned()
        })
        .collect()
}

fn zip_text(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("the archive");
    let mut archive = zip::ZipArchive::new(file).expect("a zip archive");
    let mut entry = archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out = String::new();
    entry.read_to_string(&mut out).expect("UTF-8");
    out
}

#[test]
fn the_vscode_extension_packages_with_its_grammar_and_language_client() {
    let tools = tools();
    let dir = temp_dir("vscode");
    let ext = dir.join("codebook");
    let copy = Command::new("cp")
        .arg("-r")
        .arg(root().join("editors/vscode"))
        .arg(&ext)
        .output()
        .expect("cp runs");
    assert!(copy.status.success(), "{}", text(&copy));
    let copy = Command::new("cp")
        .arg("-r")
        .arg(&tools.extension_modules)
        .arg(ext.join("node_modules"))
        .output()
        .expect("cp runs");
    assert!(copy.status.success(), "{}", text(&copy));
    let vsix = dir.join("codebook.vsix");
    let o = Command::new(&tools.node)
        .arg(tools.node_modules.join("@vscode/vsce/vsce"))
        .args([
            "package",
            "--skip-license",
            "--allow-missing-repository",
            "--out",
        ])
        .arg(&vsix)
        .current_dir(&ext)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("vsce runs");
    assert!(o.status.success(), "vsce package:\n{}", text(&o));
    let entries = zip_entries(&vsix);
    // The extension's own files, exactly (nothing of the folder that VS Code does not need)…
    let mut own: Vec<&str> = entries
        .iter()
        .map(String::as_str)
        .filter(|e| !e.starts_with("extension/node_modules/"))
        .collect();
    own.sort_unstable();
    assert_eq!(
        own,
        [
            "[Content_Types].xml",
            "extension.vsixmanifest",
            "extension/extension.js",
            "extension/language-configuration.json",
            "extension/package.json",
            "extension/readme.md",
            "extension/syntaxes/codebook.tmLanguage.json",
        ]
    );
    // … and the language client with what it needs.
    for name in [
        "extension/node_modules/vscode-languageclient/package.json",
        "extension/node_modules/vscode-languageclient/node.js",
        "extension/node_modules/vscode-languageserver-protocol/package.json",
        "extension/node_modules/vscode-jsonrpc/package.json",
    ] {
        assert!(
            entries.iter().any(|e| e == name),
            "{name} is not in the package"
        );
    }
    // What VS Code reads is what the repository holds.
    for name in [
        "package.json",
        "extension.js",
        "syntaxes/codebook.tmLanguage.json",
    ] {
        let source =
            std::fs::read_to_string(root().join("editors/vscode").join(name)).expect("source");
        assert_eq!(
            zip_text(&vsix, &format!("extension/{name}")),
            source,
            "{name}"
        );
    }
    // The manifest names the extension and its `.codebook` language.
    let manifest = zip_text(&vsix, "extension.vsixmanifest");
    assert!(manifest.contains("Id=\"codebook\""), "{manifest}");
    let package: Value =
        serde_json::from_str(&zip_text(&vsix, "extension/package.json")).expect("JSON");
    assert_eq!(package["main"], "./extension.js");
    assert_eq!(
        package["contributes"]["languages"][0]["extensions"][0],
        ".codebook"
    );
    assert_eq!(
        package["contributes"]["grammars"][0]["scopeName"],
        "source.codebook"
    );
    // extension.js finds the language client in the package, as VS Code will load it.
    let unpacked = dir.join("unpacked");
    let file = std::fs::File::open(&vsix).expect("the archive");
    zip::ZipArchive::new(file)
        .expect("a zip archive")
        .extract(&unpacked)
        .expect("extracted");
    let o = Command::new(&tools.node)
        .arg("-e")
        .arg("console.log(require.resolve('vscode-languageclient/node', { paths: [process.argv[1]] }))")
        .arg(unpacked.join("extension"))
        .output()
        .expect("node runs");
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .trim()
            .starts_with(path_str(&unpacked.join("extension/node_modules"))),
        "{}",
        text(&o)
    );
    // The packaged extension.js, with stand-ins for VS Code and the client: it reads the
    // setting, starts `codebook lsp` (or the program the setting names) for `.codebook`
    // documents, and stops it when VS Code unloads it.
    let unpacked_extension = dir.join("unpacked/extension");
    for (setting, command) in [
        (None, "codebook"),
        (Some("/opt/bin/codebook"), "/opt/bin/codebook"),
    ] {
        let o = Command::new(&tools.node)
            .arg(root().join("tests/editors/extension_stub.cjs"))
            .arg(&unpacked_extension)
            .args(setting)
            .output()
            .expect("node runs");
        assert!(o.status.success(), "extension.js:\n{}", text(&o));
        let calls: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        let server = serde_json::json!({ "command": command, "args": ["lsp"] });
        assert_eq!(
            calls,
            serde_json::json!([
                ["get", "codebook.server.path"],
                ["new", "codebook", "Codebook", { "run": server, "debug": server },
                 { "documentSelector": [{ "language": "codebook" }] }],
                ["start"],
                ["stop"],
            ])
        );
    }
}

#[test]
fn neovim_loads_the_grammar_and_colours_with_its_query() {
    // The parser compiled as the README says, the queries on Neovim's runtime path.
    let dir = temp_dir("nvim-tree-sitter");
    let parser = dir.join("codebook.so");
    let src = grammar_dir().join("src");
    let o = Command::new("cc")
        .args(["-shared", "-fPIC", "-O2", "-I"])
        .arg(&src)
        .arg(src.join("parser.c"))
        .arg("-o")
        .arg(&parser)
        .output()
        .unwrap_or_else(|e| panic!("cc cannot be run ({e}): {}", common::INSTALL));
    assert!(o.status.success(), "cc:\n{}", text(&o));
    let queries = dir.join("runtime/queries/codebook");
    std::fs::create_dir_all(&queries).expect("a runtime folder");
    std::fs::copy(
        grammar_dir().join("queries/highlights.scm"),
        queries.join("highlights.scm"),
    )
    .expect("copied");
    let out = dir.join("result.json");
    let tutorial = root().join("schemas/tutorial.codebook");
    let o = Command::new(tool("nvim"))
        .args(["--headless", "--clean", "-n", "--cmd"])
        .arg(format!(
            "set runtimepath+={}",
            dir.join("runtime").display()
        ))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            root().join("tests/editors/nvim_treesitter.lua").display()
        ))
        .env("CODEBOOK_PARSER", &parser)
        .env("CODEBOOK_FILE", &tutorial)
        .env("CODEBOOK_OUT", &out)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("Neovim runs");
    let result: Value = serde_json::from_str(
        &std::fs::read_to_string(&out)
            .unwrap_or_else(|e| panic!("Neovim wrote no result ({e}):\n{}", text(&o))),
    )
    .expect("JSON");
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["root"], "source_file");
    assert_eq!(result["has_error"], false);
    assert_eq!(result["highlighting"], true);
    // What Neovim colours, where: the same captures as the highlight test asserts.
    let source = std::fs::read_to_string(&tutorial).expect("the tutorial");
    let lines = split_lines(&source);
    let capture_at = |needle: &str, word: &str| -> Vec<String> {
        let row = lines
            .iter()
            .position(|l| l.contains(needle))
            .expect("the line is in the tutorial");
        let col = lines[row].find(word).expect("the word is on the line");
        result["captures"]
            .as_array()
            .expect("captures")
            .iter()
            .filter(|c| c[1] == row && c[2] == col)
            .filter_map(|c| c[0].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(capture_at("structure contact", "structure"), ["keyword"]);
    assert_eq!(capture_at("structure contact", "contact"), ["type"]);
    assert_eq!(capture_at("structure contact", "\"Data"), ["string"]);
    assert_eq!(capture_at("also under: handing_over", "also"), ["property"]);
    assert_eq!(
        capture_at("also under: handing_over", "handing_over"),
        ["variable"]
    );
    assert_eq!(capture_at("turning point move", "2025-01"), ["number"]);
    assert_eq!(capture_at("# A first codebook", "#"), ["comment"]);
}
