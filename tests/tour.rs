//! The README's "A tour of the language" is true: its examples, concatenated, are one valid
//! codebook, and that codebook is `schemas/tutorial.codebook`.
//!
//! The convention that marks the tour's examples, which a README reader does not see: a fenced
//! block whose info string is exactly `codebook` (a line "```codebook") is a tour snippet; every
//! other fenced block in the README says what it holds with another info string (`sh`, `text`,
//! `yaml`, `console`). Inside the section "## A tour of the language" (up to the next `## `
//! heading) every fenced block is a tour snippet, and outside it there is none, so a snippet
//! can neither be added to the tour unchecked nor checked by mistake elsewhere.
//!
//! The snippets are joined in README order with one empty line between them (each snippet's
//! text ends with its last line's line break). The result must equal the tutorial byte for
//! byte: no `fmt` in between, so the README shows exactly the canonical layout that
//! `tests/format.rs` requires of the shipped schemas.
//!
//! The README's other promise a new user acts on first, the Debian packages the tests need, is
//! checked here too: the README, `.ci/run` and the tests' install hint name the same list.

mod common;

use codebook::{compile, report};
use std::path::Path;

const TOUR_HEADING: &str = "## A tour of the language";
const TUTORIAL: &str = "schemas/tutorial.codebook";

struct Block {
    /// The info string after the opening fence ("" for a bare fence).
    info: String,
    /// The lines between the fences, each with its line break.
    text: String,
    /// The line of the opening fence (1-based), for messages.
    line: usize,
    /// Whether the block lies in the tour section.
    in_tour: bool,
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every fenced block of a Markdown text (fences of three backticks at the start of a line, as
/// the README writes them).
fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_tour = false;
    let mut open: Option<Block> = None;
    for (i, line) in markdown.lines().enumerate() {
        if let Some(block) = open.as_mut() {
            if line.starts_with("```") {
                blocks.extend(open.take());
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
        } else if let Some(info) = line.strip_prefix("```") {
            open = Some(Block {
                info: info.trim().to_string(),
                text: String::new(),
                line: i + 1,
                in_tour,
            });
        } else if line.starts_with("## ") {
            in_tour = line.trim_end() == TOUR_HEADING;
        }
    }
    assert!(open.is_none(), "README.md: a fenced block is never closed");
    blocks
}

fn tour() -> String {
    let readme = read("README.md");
    assert!(
        readme.lines().any(|l| l.trim_end() == TOUR_HEADING),
        "README.md has no section `{TOUR_HEADING}`"
    );
    let snippets: Vec<String> = fenced_blocks(&readme)
        .into_iter()
        .filter(|b| b.info == "codebook")
        .map(|b| b.text)
        .collect();
    snippets.join("\n")
}

#[test]
fn tour_snippets_are_marked_and_only_in_the_tour() {
    let blocks = fenced_blocks(&read("README.md"));
    let mut snippets = 0;
    for b in &blocks {
        if b.in_tour {
            assert_eq!(
                b.info, "codebook",
                "README.md:{}: a fenced block in the tour must be a ```codebook snippet",
                b.line
            );
            snippets += 1;
        } else {
            assert_ne!(
                b.info, "codebook",
                "README.md:{}: a ```codebook block outside the tour would be taken as part \
                 of the tutorial; use ```text",
                b.line
            );
        }
        assert!(
            !b.info.is_empty(),
            "README.md:{}: say what the block holds (```sh, ```text, ...)",
            b.line
        );
    }
    // Study and levels, two structures, quotes, actors, sources, phases, a matrix.
    assert!(
        snippets >= 8,
        "the tour shows {snippets} snippets; were they unmarked?"
    );
}

#[test]
fn tour_compiles_without_any_diagnostic() {
    let source = tour();
    let outcome = compile(&source);
    assert!(
        outcome.diagnostics.is_empty(),
        "the README's tour, concatenated:\n{}",
        report::human("README.md tour", &source, &outcome.diagnostics)
    );
    assert!(outcome.compiled.is_some(), "the tour compiles to a model");
}

#[test]
fn tour_is_the_tutorial() {
    let tour = tour();
    let tutorial = read(TUTORIAL);
    if tour != tutorial {
        let diff = similar::TextDiff::from_lines(&tutorial, &tour);
        panic!(
            "the README's tour (+) is not {TUTORIAL} (-):\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
}

/// The words after `apt-get install` up to the end of the inline code (or text) they stand in.
fn after_apt_get_install(text: &str, what: &str) -> Vec<String> {
    let start = text
        .find("apt-get install")
        .unwrap_or_else(|| panic!("{what} names no `apt-get install`"))
        + "apt-get install".len();
    let rest = &text[start..];
    let end = rest.find(['`', '"']).unwrap_or(rest.len());
    rest[..end].split_whitespace().map(str::to_string).collect()
}

#[test]
fn readme_ci_and_test_hints_name_the_same_packages() {
    let hint = after_apt_get_install(common::INSTALL, "tests/common's INSTALL");
    let readme = after_apt_get_install(&read("README.md"), "README.md");
    assert_eq!(readme, hint, "README.md and tests/common's INSTALL");
    // `.ci/run` installs what is missing: the TeX list, then one package per tool.
    let mut ci = Vec::new();
    for line in read(".ci/run").lines() {
        let line = line.trim();
        if let Some(list) = line.strip_prefix("tex=(") {
            ci.extend(
                list.trim_end_matches(')')
                    .split_whitespace()
                    .map(str::to_string),
            );
        } else if let Some(at) = line.find("need+=(") {
            let item = line[at + "need+=(".len()..].trim_end_matches(')');
            if !item.starts_with('"') {
                ci.push(item.to_string());
            }
        }
    }
    assert_eq!(ci, hint, ".ci/run and tests/common's INSTALL");
}
