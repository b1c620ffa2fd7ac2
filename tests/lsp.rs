//! The language server driven through the protocol, in process: `initialize`, `didOpen`,
//! `didChange` and each request, over `lsp_server::Connection::memory()`, with snapshots.

#[path = "common/lsp_client.rs"]
mod lsp_client;

use lsp_client::{Client, URI};
use serde_json::{Value, json};

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lsp/study.codebook"
    );
    std::fs::read_to_string(path).expect("the fixture is in the repository")
}

/// The labels of a completion's items.
fn labels(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_string))
        .collect()
}

/// The line and UTF-16 / UTF-8 column of the `n`th occurrence of `needle` (0-based), found
/// in the text, so the test does not depend on counting by hand.
fn find(text: &str, needle: &str, n: usize, utf8: bool) -> (u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(n)
        .map(|(i, _)| i)
        .expect("the needle is in the text");
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() as u32;
    let before = &text[line_start..offset];
    let column = if utf8 {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    (line, column as u32)
}

#[test]
fn initialize_negotiates_the_position_encoding() {
    let client = Client::start(&[]);
    let caps = &client.initialized["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    insta::assert_json_snapshot!("capabilities", client.initialized);
    client.stop();
    let client = Client::start(&["utf-32", "utf-8", "utf-16"]);
    assert_eq!(
        client.initialized["capabilities"]["positionEncoding"],
        "utf-8"
    );
    client.stop();
}

#[test]
fn diagnostics_on_open_and_on_every_change() {
    let mut client = Client::start(&[]);
    let text = fixture();
    let published = client.open(&text);
    insta::assert_json_snapshot!("diagnostics_on_open", published);
    // Fix the misspelt reference by an incremental change.
    let (line, col) = find(&text, "notizn", 0, false);
    client.insert(2, line, col + 5, "e");
    // The error is gone; the warning it hid shows, with its related location.
    let fixed = client.diagnostics();
    assert_eq!(fixed["version"], 2);
    insta::assert_json_snapshot!("diagnostics_after_the_fix", fixed);
    // A change that breaks the syntax: a syntax error, whose position counts the `𝄞` before
    // it as two UTF-16 units.
    let (line, col) = find(&text, "team\n", 0, false);
    client.insert(3, line, col, "%");
    let broken = client.diagnostics();
    insta::assert_json_snapshot!("diagnostics_after_a_syntax_error", broken);
    // What parsed still has an outline and links: `anfang` in the last quote leads to the
    // phase.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names[..2], ["kontakt", "anfang"], "{names:?}");
    let (line, col) = find(&text, "anfang\n", 1, false);
    let definition = client.at("textDocument/definition", line, col);
    assert_eq!(
        definition["range"]["start"],
        json!({ "line": 12, "character": 6 }),
        "{definition}"
    );
    client.stop();
}

/// The code actions the server offers at one position of the open document.
fn code_actions_at(client: &mut Client, line: u32, col: u32) -> serde_json::Value {
    client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col } },
            "context": { "diagnostics": [] }
        }),
    )
}

#[test]
fn quick_fix_applies_the_did_you_mean() {
    let mut client = Client::start(&[]);
    let text = fixture();
    client.open(&text);
    let (line, col) = find(&text, "notizn", 0, false);
    let actions = code_actions_at(&mut client, line, col);
    insta::assert_json_snapshot!("quick_fix", actions);
    client.stop();
}

#[test]
fn quick_fix_writes_a_comment_with_its_hash_sign() {
    let mut client = Client::start(&[]);
    let text = "// Interviews of 2014\nstructure s \"S\" {\n  -- a draft\n}\n";
    client.open(text);
    for (needle, written) in [("//", "//"), ("--", "--")] {
        let (line, col) = find(text, needle, 0, false);
        let actions = code_actions_at(&mut client, line, col);
        let action = &actions[0];
        assert_eq!(
            action["title"],
            format!("Replace `{written}` with `#`"),
            "{actions}"
        );
        let edit = &action["edit"]["changes"][URI][0];
        assert_eq!(edit["newText"], "#", "{actions}");
        assert_eq!(edit["range"]["start"]["character"], col, "{actions}");
        assert_eq!(edit["range"]["end"]["character"], col + 2, "{actions}");
    }
    client.stop();
}

#[test]
fn outline_navigation_and_rename_count_positions_in_either_encoding() {
    for utf8 in [false, true] {
        let mut client = Client::start(if utf8 { &["utf-8"] } else { &[] });
        let text = fixture();
        client.open(&text);
        // `team` after `"Gäste aus Köln 𝄞", `: the column differs between the encodings.
        let (line, col) = find(&text, "team\n", 0, utf8);
        let definition = client.at("textDocument/definition", line, col + 2);
        let declared = find(&text, "team \"Das", 0, utf8);
        assert_eq!(
            definition["range"]["start"],
            json!({ "line": declared.0, "character": declared.1 }),
            "utf8: {utf8}"
        );
        assert_eq!(definition["range"]["end"]["character"], declared.1 + 4);
        // A name after non-ASCII text on its own line: `standups` in the first quote.
        let (line, col) = find(&text, "standups\n", 0, utf8);
        let refs = client.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": col },
                    "context": { "includeDeclaration": true } }),
        );
        let lines: Vec<u64> = refs
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|l| l["range"]["start"]["line"].as_u64())
            .collect();
        assert_eq!(lines, [4, 27], "utf8: {utf8}");
        client.stop();
    }
}

#[test]
fn each_request_answers() {
    let mut client = Client::start(&[]);
    let text = fixture();
    client.open(&text);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    insta::assert_json_snapshot!("document_symbols", symbols);
    // From a code to the quotes that support it (and its declaration).
    let (line, col) = find(&text, "standups \"", 0, false);
    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": col },
                "context": { "includeDeclaration": false } }),
    );
    insta::assert_json_snapshot!("references_of_a_concept", refs);
    let hover_code = client.at("textDocument/hover", line, col);
    insta::assert_json_snapshot!("hover_concept", hover_code);
    let (line, col) = find(&text, "anfang\n", 0, false);
    insta::assert_json_snapshot!("hover_phase", client.at("textDocument/hover", line, col));
    let (line, col) = find(&text, "source: treffen", 0, false);
    insta::assert_json_snapshot!(
        "hover_property",
        client.at("textDocument/hover", line, col + 1)
    );
    insta::assert_json_snapshot!(
        "highlights",
        client.at("textDocument/documentHighlight", line, col + 9)
    );
    let folding = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    insta::assert_json_snapshot!("folding_ranges", folding);
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": URI } }),
    );
    let data = tokens["data"].as_array().expect("token data");
    assert_eq!(data.len() % 5, 0);
    insta::assert_json_snapshot!("semantic_tokens", tokens);
    client.stop();
}

#[test]
fn rename_updates_every_reference_and_refuses_bad_names() {
    let mut client = Client::start(&[]);
    let text = fixture();
    client.open(&text);
    let (line, col) = find(&text, "anfang\n", 1, false);
    let prepared = client.at("textDocument/prepareRename", line, col + 3);
    assert_eq!(prepared["placeholder"], "anfang");
    let mut rename = |name: &str| {
        client.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": col },
                    "newName": name }),
        )
    };
    insta::assert_json_snapshot!("rename", rename("beginn"));
    for bad in ["zwei worte", "3d", "team", "actors", ""] {
        let refused = rename(bad);
        assert_eq!(refused["error"]["code"], -32803, "{bad:?}: {refused}");
    }
    // Not on a name: nothing to rename.
    let refused = client.at("textDocument/prepareRename", 0, 3);
    assert_eq!(refused["error"]["code"], -32803);
    client.stop();
}

#[test]
fn completion_offers_what_the_place_expects() {
    let mut client = Client::start(&[]);
    let mut text = fixture();
    text.push_str("\nquote \"Noch eins\" {\n  supports: \n  phase: an\n  \n}\n");
    client.open(&text);
    let last = text.lines().count() as u32;
    let labels = |v: Value| -> Vec<String> {
        v.as_array()
            .expect("a list of items")
            .iter()
            .map(|i| i["label"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // Codes (of any level: evidence may be for a theme) after `supports:`, nothing else.
    let supports = client.at("textDocument/completion", last - 4, 12);
    assert_eq!(
        labels(supports),
        ["rhythmus", "routine", "standups", "notizen"]
    );
    let phase = client.at("textDocument/completion", last - 3, 11);
    insta::assert_json_snapshot!("completion_phase", phase);
    // A quote's properties at the start of a line in its block.
    let properties = labels(client.at("textDocument/completion", last - 2, 2));
    assert!(
        properties.contains(&"supports".to_string()) && properties.contains(&"by".to_string()),
        "{properties:?}"
    );
    assert!(!properties.contains(&"members".to_string()));
    // Declarations at the top of the file.
    let top = labels(client.at("textDocument/completion", last, 0));
    assert!(
        top.contains(&"structure".to_string()) && top.contains(&"quote".to_string()),
        "{top:?}"
    );
    client.stop();
}

#[test]
fn formatting_is_the_printer_of_fmt() {
    let mut client = Client::start(&[]);
    let text = "phase  a \"A\"   2024\nquote \"x\" {\nsupports: c\n}\n";
    client.open(text);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = codebook::format::format(text).expect("it parses");
    assert_ne!(formatted, text);
    assert_eq!(edits[0]["newText"], formatted);
    insta::assert_json_snapshot!("formatting", edits);
    client.stop();
}

#[test]
fn malformed_requests_are_answered_not_fatal() {
    let mut client = Client::start(&[]);
    // Parameters of the wrong shape, a document never opened, a method nobody knows.
    let wrong = client.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(wrong["error"]["code"], -32602);
    let unopened = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": "file:///nowhere.codebook" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(unopened["error"]["code"], -32602);
    assert_eq!(
        client.request("codebook/nothing", json!({}))["error"]["code"],
        -32601
    );
    // Positions far past the end, and a change to a document never opened.
    client.open("phase a \"A\" 2024\n");
    assert_eq!(client.at("textDocument/hover", 9999, 9999), Value::Null);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///x", "version": 1 }, "contentChanges": [] }),
    );
    client.notify("textDocument/didOpen", json!({ "bogus": true }));
    // The server still answers.
    let hover = client.at("textDocument/hover", 0, 6);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .contains("2024"),
        "{hover}"
    );
    client.stop();
}

/// One framed message.
fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

#[test]
fn the_binary_answers_malformed_messages_on_stdin_and_reads_on() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_codebook"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = String::new();
    input.push_str(&frame("{ not json"));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":7,"what":"no method"}"#));
    // Headers without a length that can be read.
    input.push_str("Content-Length: many\r\n\r\n");
    input.push_str("Content-Type: x\r\n\r\n");
    input.push_str(&frame(
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
    ));
    input.push_str(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(input.as_bytes()).expect("the server reads");
    drop(stdin);
    let out = child.wait_with_output().expect("the server ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let bodies: Vec<Value> = stdout
        .split("Content-Length: ")
        .filter_map(|m| m.split_once("\r\n\r\n"))
        .map(|(_, body)| serde_json::from_str(body).expect("each answer is JSON"))
        .collect();
    let codes: Vec<&Value> = bodies.iter().map(|b| &b["error"]["code"]).collect();
    // Parse error, invalid request (with its id), two frames without a length; then the
    // handshake and the shutdown are answered.
    assert_eq!(codes[..4], [-32700, -32600, -32700, -32700], "{stdout}");
    assert_eq!(bodies[1]["id"], 7, "{stdout}");
    assert!(
        bodies
            .iter()
            .any(|b| b["id"] == 1 && b["result"]["capabilities"].is_object()),
        "{codes:?} {stdout}"
    );
    assert!(
        bodies
            .iter()
            .any(|b| b["id"] == 2 && b["result"].is_null() && b.get("error").is_none()),
        "{stdout}"
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hostile_files_get_answers_not_internal_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the hostile corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut client = Client::start(&[]);
    let mut version = 1;
    for path in files {
        // Files that are not UTF-8 never reach an editor's buffer as such.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        version += 1;
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "codebook", "version": version, "text": text } }),
        );
        client.diagnostics();
        let doc = json!({ "textDocument": { "uri": URI } });
        let mut answers = vec![
            client.request("textDocument/documentSymbol", doc.clone()),
            client.request("textDocument/semanticTokens/full", doc.clone()),
            client.request("textDocument/foldingRange", doc),
        ];
        let lines = text.lines().count() as u32;
        for line in [0, lines / 2, lines.saturating_sub(1)] {
            for character in [0, 5, 40] {
                for method in [
                    "textDocument/hover",
                    "textDocument/definition",
                    "textDocument/completion",
                ] {
                    answers.push(client.at(method, line, character));
                }
            }
        }
        for answer in answers {
            assert_ne!(
                answer["error"]["code"],
                -32603,
                "{}: {answer}",
                path.display()
            );
        }
    }
    client.stop();
}

/// Every word of a file's syntax tree where a reference can stand: values, `map` lines, the
/// keys of matrix blocks (`forming office: routine`) and matrix rows' names.
fn referring_words(statements: &[codebook::syntax::ast::Statement], out: &mut Vec<(usize, usize)>) {
    use codebook::syntax::ast::{Atom, Statement};
    fn atom(a: &Atom, out: &mut Vec<(usize, usize)>) {
        match a {
            Atom::Word(w) => out.push((w.span.start, w.span.end)),
            Atom::Range(a, b, _) => {
                atom(a, out);
                atom(b, out);
            }
            _ => {}
        }
    }
    for s in statements {
        match s {
            Statement::Map(m) => {
                out.extend([&m.child, &m.parent].map(|w| (w.span.start, w.span.end)))
            }
            Statement::Property(p) => {
                out.extend(p.key.iter().map(|w| (w.span.start, w.span.end)));
                p.values
                    .iter()
                    .flat_map(|v| &v.atoms)
                    .for_each(|a| atom(a, out));
            }
            Statement::Node(n) => {
                // A matrix row names its code (`row mode { … }`): a reference, not a declaration.
                if n.kind.name == "row" {
                    out.extend(n.name.iter().map(|w| (w.span.start, w.span.end)));
                }
                n.values
                    .iter()
                    .flat_map(|v| &v.atoms)
                    .for_each(|a| atom(a, out));
                referring_words(n.children(), out);
            }
            Statement::Levels(_) => {}
        }
    }
}

#[test]
fn every_reference_of_every_schema_is_an_occurrence() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir)
        .expect("schemas")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "codebook") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a schema");
        let doc = codebook::syntax::parse(&text).expect("schemas parse");
        let outcome = codebook::compile(&text);
        let valid = outcome.compiled.expect("schemas are valid");
        let mut words = Vec::new();
        referring_words(&doc.statements, &mut words);
        let mut expected: Vec<(usize, usize)> = words
            .into_iter()
            .filter(|(a, b)| valid.resolved.symbols.contains_key(&text[*a..*b]))
            .collect();
        expected.sort();
        let found: Vec<(usize, usize)> = valid
            .resolved
            .occurrences(&valid.codebook)
            .into_iter()
            .filter(|o| !o.declaration)
            .map(|o| (o.span.start, o.span.end))
            .collect();
        assert_eq!(found, expected, "{}", path.display());
        checked += found.len();
    }
    assert!(checked > 100, "only {checked} references");
}

#[test]
fn completion_in_a_matrix_offers_groups_and_codes() {
    let mut client = Client::start(&[]);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/tutorial.codebook"
    ))
    .expect("the tutorial");
    client.open(&text);
    // `forming: office, remote_devs` in `columns`: after `forming: o`, the groups from `o`.
    let (line, col) = find(&text, "forming: office", 0, false);
    let groups = client.at("textDocument/completion", line, col + 10);
    assert_eq!(labels(&groups), ["office"]);
    // A cell of `row routine`: codes.
    let (line, col) = find(&text, "forming office:      \"Stand-ups", 0, false);
    let codes = client.at("textDocument/completion", line, col + 21);
    let codes = labels(&codes);
    assert!(
        codes.contains(&"routine".to_string()) && codes.contains(&"standups".to_string()),
        "{codes:?}"
    );
    assert!(!codes.contains(&"office".to_string()));
    client.stop();
}

#[test]
fn completion_and_hover_know_a_structures_columns() {
    let mut client = Client::start(&[]);
    let text = "structure s \"S\" {\n  label: \"tab:s\"\n  overall heading: \"Alles\"\n  \
                quote heading: \"Beispielzitate\"\n  \
                column: co\n  \n  theme t \"T\" {\n    concept a \"A\" {\n      code: \"1a\"\n      \
                effect: enables\n    }\n    concept b \"B\"\n  }\n}\n\
                structure other \"O\" {\n  theme u \"U\" {\n    concept c \"C\" {\n      \
                colour_code: \"x\"\n    }\n  }\n}\n";
    client.open(text);
    // After `column: co`, the attributes of this structure's codes that start so: not the
    // groups a matrix's `columns` takes, nor another structure's attributes.
    let (line, col) = find(text, "column: co", 0, false);
    let items = client.at("textDocument/completion", line, col + 10);
    assert_eq!(labels(&items), ["code"]);
    // `quote heading` and `column` are among a structure's properties, from the schema.
    let (line, _) = find(text, "  \n  theme t", 0, false);
    let properties = labels(&client.at("textDocument/completion", line, 2));
    for p in [
        "label",
        "overall heading",
        "quote heading",
        "column",
        "note",
    ] {
        assert!(properties.contains(&p.to_string()), "{p}: {properties:?}");
    }
    // Hover on `quote heading` says what it does.
    let (line, col) = find(text, "quote heading", 0, false);
    let hover = client.at("textDocument/hover", line, col + 2);
    let shown = hover["contents"].to_string();
    assert!(shown.contains("quote column"), "{shown}");
    // And on `overall heading`.
    let (line, col) = find(text, "overall heading", 0, false);
    let hover = client.at("textDocument/hover", line, col + 2);
    let shown = hover["contents"].to_string();
    assert!(shown.contains("spanning its whole table"), "{shown}");
    client.stop();
}

#[test]
fn completion_places_a_shared_code_among_its_other_parents_codes() {
    let mut client = Client::start(&[]);
    let text = "levels: concept < theme\nstructure s \"S\" {\n  theme a \"A\" {\n    \
                concept x \"X\" {\n      also under: b \n    }\n  }\n  theme b \"B\" {\n    \
                concept y \"Y\"\n    concept z \"Z\"\n  }\n}\n";
    client.open(text);
    let (line, col) = find(text, "also under: b ", 0, false);
    // `also under: |` offers the codes.
    let codes = labels(&client.at("textDocument/completion", line, col + 12));
    assert!(
        codes.contains(&"b".to_string()) && codes.contains(&"y".to_string()),
        "{codes:?}"
    );
    // `also under: b |`: the words that place it.
    let sides = client.at("textDocument/completion", line, col + 14);
    assert_eq!(labels(&sides), ["after", "before"]);
    // `also under: b after |`: the codes of `b`, not every code.
    client.insert(2, line, col + 14, "after ");
    let siblings = client.at("textDocument/completion", line, col + 20);
    assert_eq!(labels(&siblings), ["y", "z"]);
    client.stop();
}

#[test]
fn changes_sent_in_a_burst_are_all_applied() {
    let mut client = Client::start(&[]);
    let text = "phase a \"A\" 2024\n";
    client.open(text);
    // Type ` b` … one keystroke at a time at the end of the first line, without waiting.
    let typed = "quote \"x\" {\n  phase: zz\n}\n";
    let mut line = 1;
    let mut character = 0;
    for (i, c) in typed.chars().enumerate() {
        client.insert(i as i32 + 2, line, character, &c.to_string());
        if c == '\n' {
            line += 1;
            character = 0;
        } else {
            character += 1;
        }
    }
    let last = typed.chars().count() as i32 + 1;
    // However many times the server checked, versions only grow and the last is checked.
    let mut versions = Vec::new();
    loop {
        let published = client.diagnostics();
        let version = published["version"].as_i64().expect("a version");
        versions.push(version);
        if version == i64::from(last) {
            let messages: Vec<&str> = published["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter_map(|d| d["message"].as_str())
                .collect();
            assert!(
                messages.iter().any(|m| m.starts_with("unknown phase `zz`")),
                "{published}"
            );
            break;
        }
    }
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    let formatted = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    // The text the server holds is what was typed: its formatting is that of the whole.
    let whole = format!("{text}{typed}");
    let expected = codebook::format::format(&whole).expect("it parses");
    assert_eq!(formatted[0]["newText"], expected, "{formatted}");
    client.stop();
}
