//! Property tests (proptest): what must hold for every input, not just the fixtures.
//!
//! - Arbitrary bytes and token soup never make `compile` or `format::format` panic; what the
//!   formatter returns parses again, and formatting it again changes nothing.
//! - Generated valid codebooks check clean: `synth::generate` with random seeds and sizes, and
//!   small codebooks whose labels, definitions and quote texts are random strings over every
//!   character the language, LaTeX, Markdown, JSON and XML give a meaning, and Unicode (accents,
//!   CJK, emoji, combining marks, right-to-left overrides, zero-width characters).
//! - The model holds each text exactly as written (after the language's line folding).
//! - `emit::json::render` is deterministic: the same bytes twice, and across two compiles.
//! - The JSON round-trips: parsed back by serde_json (independently of the model), it yields
//!   the same key facts as the model itself ([`Facts`]: every code's identifier, label, level,
//!   definition, colour and children; every quote's text, supported codes, source, phase and
//!   attribution; levels, actors, phases).
//! - `fmt` keeps the meaning of a valid codebook: the same JSON after formatting.
//! - `emit::latex::escape` output is inert for any text; and LaTeX tables of generated texts
//!   made of every typesettable special character compile with the real
//!   `pdflatex -no-shell-escape -halt-on-error` (8 codebooks batched into one document).
//!
//! Case counts are kept small so the whole file runs in well under a minute on two cores.

mod common;

use codebook::Compiled;
use codebook::model::{CodeId, Id, QuoteId};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;
use std::fmt::Write as _;

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    }
}

// ----- strategies ---------------------------------------------------------------------------

/// ASCII characters with a meaning somewhere: the codebook language (`" \ # { } : , ->`),
/// LaTeX (`\ { } $ & # ^ _ % ~`, `[ ]` after `\\`, ligatures `-- '' ,, << >>`), Markdown
/// (`* _ [ ] < > # ~ | \``), JSON and XML (`" \ < > &`).
const ASCII_SPECIAL: &str = "\\{}$&#^_%~[]<>|\"'`-,.*@!?;:/=+()";

/// Unicode of every kind, including what pdflatex cannot typeset.
const UNICODE: &[&str] = &[
    "ä",
    "ö",
    "ü",
    "ß",
    "É",
    "ç",
    "ñ",
    "ø",
    "Ł",
    "“",
    "”",
    "„",
    "‘",
    "’",
    "«",
    "»",
    "–",
    "—",
    "…",
    "€",
    "£",
    "©",
    "°",
    "±",
    "×",
    "\u{a0}",
    "\u{ad}",
    "中文",
    "한국어",
    "😀",
    "👩\u{200d}🔬",
    "αβγ",
    "Жж",
    "שלום",
    "a\u{301}",
    "\u{308}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\t",
    "\u{2028}",
    "\u{85}",
    "\u{1b}",
    "\u{7}",
];

fn piece(unicode: &'static [&'static str]) -> impl Strategy<Value = String> {
    let ascii: Vec<String> = ASCII_SPECIAL.chars().map(String::from).collect();
    prop_oneof![
        3 => prop::sample::select(vec!["Wir", "trafen", "uns", "x", "Q", "1", "2017", "a b", " "])
            .prop_map(String::from),
        3 => prop::sample::select(ascii),
        2 => prop::sample::select(unicode).prop_map(String::from),
        1 => prop::sample::select(vec!["\"\"", "\"\"\"", "\\\\", "--", "''", ",,", "<<", "^^5c", "\\par", "%%", "$$", "  "])
            .prop_map(String::from),
    ]
}

/// A non-blank text on one line.
fn text(unicode: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(unicode), 1..14)
        .prop_map(|p| p.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// A text of one to three paragraphs.
fn paragraphs(unicode: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(text(unicode), 1..4).prop_map(|p| p.join("\n\n"))
}

/// How a text is written in a codebook: `"..."` with `\"` and `\\` escaped, or `"""..."""`
/// when it has a `"` (and no `"""`); a text ending in `"` gets a space before the closing
/// quotes (the space is trimmed when read).
fn lit(s: &str) -> String {
    if s.contains('"') && !s.contains("\"\"\"") {
        let sep = if s.ends_with('"') { " " } else { "" };
        format!("\"\"\"{s}{sep}\"\"\"")
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The texts of a small, valid codebook.
#[derive(Debug, Clone)]
struct Texts {
    title: String,
    caption: String,
    note: String,
    dimension: String,
    themes: Vec<String>,
    concepts: Vec<String>,
    definition: String,
    role: String,
    quotes: Vec<(String, usize)>,
}

fn texts(unicode: &'static [&'static str]) -> impl Strategy<Value = Texts> {
    (
        (text(unicode), text(unicode), text(unicode), text(unicode)),
        prop::collection::vec(text(unicode), 2),
        prop::collection::vec(text(unicode), 4),
        (text(unicode), text(unicode)),
        prop::collection::vec((paragraphs(unicode), 0usize..4), 4..7),
    )
        .prop_map(
            |((title, caption, note, dimension), themes, concepts, (definition, role), quotes)| {
                Texts {
                    title,
                    caption,
                    note,
                    dimension,
                    themes,
                    concepts,
                    definition,
                    role,
                    quotes,
                }
            },
        )
}

impl Texts {
    /// The codebook: one structure (a dimension, two themes of two concepts), a quote for
    /// every concept and more; every text from `self`. `n` makes the label unique.
    fn source(&self, n: usize) -> String {
        // Random labels may repeat: a warning the generated studies allow.
        // The texts hold tabs and carriage returns on purpose, written as `\t` and `\r`: meant.
        let mut s = String::from("allow: repeated_label\nallow: suspicious_escape\n");
        let _ = writeln!(
            s,
            "study {} {{\n  authors: {}\n  year: 2020\n}}",
            lit(&self.title),
            lit(&self.role)
        );
        let _ = writeln!(
            s,
            "structure s {} {{\n  label: \"tab:s{n}\"\n  note: {}\n  dimension d {} {{",
            lit(&self.caption),
            lit(&self.note),
            lit(&self.dimension)
        );
        for (t, theme) in self.themes.iter().enumerate() {
            let _ = writeln!(s, "    theme t{t} {} {{", lit(theme));
            for c in 2 * t..2 * t + 2 {
                let _ = writeln!(s, "      concept c{c} {} {{", lit(&self.concepts[c]));
                if c == 0 {
                    let _ = writeln!(s, "        definition: {}", lit(&self.definition));
                }
                let _ = writeln!(s, "      }}");
            }
            let _ = writeln!(s, "    }}");
        }
        let _ = writeln!(s, "  }}\n}}");
        for (q, (quote, concept)) in self.quotes.iter().enumerate() {
            // The first four quotes support each concept once.
            let c = if q < 4 { q } else { *concept };
            let _ = writeln!(
                s,
                "quote {} {{\n  by: {}, 2017\n  supports: c{c}\n}}",
                lit(quote),
                lit(&self.role)
            );
        }
        s
    }
}

fn compile_clean(source: &str) -> Result<Compiled, TestCaseError> {
    let outcome = codebook::compile(source);
    let shown = codebook::report::human("generated.codebook", source, &outcome.diagnostics);
    prop_assert!(outcome.diagnostics.is_empty(), "{shown}\n{source}");
    outcome
        .compiled
        .ok_or_else(|| TestCaseError::fail("no model"))
}

// ----- the facts JSON and model must agree on -----------------------------------------------

#[derive(Debug, PartialEq)]
struct Code {
    id: String,
    label: String,
    level: String,
    definition: Option<String>,
    colour: Option<String>,
    children: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct Quote {
    text: String,
    supports: Vec<String>,
    source: Option<String>,
    phases: Vec<String>,
    attribution: Option<String>,
}

/// What "the JSON round-trips" means here: these facts, read from the model and read back
/// from the JSON text, are equal.
#[derive(Debug, PartialEq)]
struct Facts {
    title: Option<String>,
    levels: Vec<(String, String)>,
    /// Sorted by identifier.
    codes: Vec<Code>,
    quotes: Vec<Quote>,
    actors: Vec<(String, String)>,
    phases: Vec<(String, String, String, String)>,
}

fn facts_of_model(c: &Compiled) -> Facts {
    let cb = &c.codebook;
    let r = &c.resolved;
    let id = |k: CodeId| cb[k].id.id.to_string();
    let mut codes: Vec<Code> = CodeId::each(cb)
        .map(|(k, code)| Code {
            id: code.id.id.to_string(),
            label: code.label.text.clone(),
            level: cb[code.level].name.clone(),
            definition: code.definition.as_ref().map(|d| d.text.clone()),
            colour: code.colour.map(|col| col.hex()),
            children: r.children[k].iter().map(|ch| id(*ch)).collect(),
        })
        .collect();
    codes.sort_by(|a, b| a.id.cmp(&b.id));
    Facts {
        title: cb
            .study
            .as_ref()
            .and_then(|s| s.title.as_ref().map(|t| t.text.clone())),
        levels: cb
            .levels
            .iter()
            .map(|l| (l.name.clone(), l.heading.clone()))
            .collect(),
        codes,
        quotes: QuoteId::each(cb)
            .map(|(q, quote)| Quote {
                text: quote.text.text.clone(),
                supports: r.quote_codes[q].iter().map(|k| id(*k)).collect(),
                source: r.quote_source[q].map(|s| cb[s].id.id.to_string()),
                phases: r.quote_phases[q]
                    .iter()
                    .map(|p| cb[*p].id.id.to_string())
                    .collect(),
                attribution: codebook::emit::attribution_text(c, q),
            })
            .collect(),
        actors: cb
            .actors
            .iter()
            .map(|a| (a.id.id.to_string(), a.label.text.clone()))
            .collect(),
        phases: cb
            .phases
            .iter()
            .map(|p| {
                (
                    p.id.id.to_string(),
                    p.label.text.clone(),
                    p.range.map(|r| r.start.iso()).unwrap_or_default(),
                    p.range.map(|r| r.end.iso()).unwrap_or_default(),
                )
            })
            .collect(),
    }
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default()
}

fn codes_of_json(v: &Value, out: &mut Vec<Code>) {
    for code in v.as_array().map(Vec::as_slice).unwrap_or_default() {
        let children = code["children"].as_array().map(Vec::as_slice);
        out.push(Code {
            id: s(&code["id"]),
            label: s(&code["label"]),
            level: s(&code["level"]),
            definition: opt(&code["definition"]),
            colour: opt(&code["colour"]),
            children: children
                .unwrap_or_default()
                .iter()
                .map(|ch| s(&ch["id"]))
                .collect(),
        });
        codes_of_json(&code["children"], out);
    }
}

fn facts_of_json(json: &str) -> Result<Facts, TestCaseError> {
    let v: Value = serde_json::from_str(json)
        .map_err(|e| TestCaseError::fail(format!("the JSON does not parse: {e}")))?;
    let mut codes = Vec::new();
    for st in v["structures"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        codes_of_json(&st["codes"], &mut codes);
    }
    codes.sort_by(|a, b| a.id.cmp(&b.id));
    let list = |key: &str| v[key].as_array().cloned().unwrap_or_default();
    Ok(Facts {
        title: opt(&v["study"]["title"]),
        levels: list("levels")
            .iter()
            .map(|l| (s(&l["name"]), s(&l["heading"])))
            .collect(),
        codes,
        quotes: list("quotes")
            .iter()
            .map(|q| Quote {
                text: s(&q["text"]),
                supports: strings(&q["supports"]),
                source: opt(&q["source"]),
                phases: strings(&q["phases"]),
                attribution: opt(&q["attribution"]["text"]),
            })
            .collect(),
        actors: list("actors")
            .iter()
            .map(|a| (s(&a["id"]), s(&a["name"])))
            .collect(),
        phases: list("phases")
            .iter()
            .map(|p| {
                (
                    s(&p["id"]),
                    s(&p["label"]),
                    s(&p["range"]["start"]),
                    s(&p["range"]["end"]),
                )
            })
            .collect(),
    })
}

/// Deterministic JSON that reads back as the model, and `fmt` that keeps it.
fn json_round_trips(source: &str, c: &Compiled) -> Result<(), TestCaseError> {
    let json = codebook::emit::json::render(c);
    prop_assert_eq!(&json, &codebook::emit::json::render(c), "same bytes twice");
    let again = codebook::compile(source)
        .compiled
        .ok_or_else(|| TestCaseError::fail("no model"))?;
    prop_assert_eq!(
        &json,
        &codebook::emit::json::render(&again),
        "same bytes from two compiles"
    );
    let model = facts_of_model(c);
    prop_assert!(
        model.codes.len() == c.codebook.codes.len(),
        "every code is in a tree"
    );
    prop_assert_eq!(model, facts_of_json(&json)?);
    let formatted = codebook::format::format(source)
        .map_err(|d| TestCaseError::fail(format!("fmt failed: {d:?}")))?;
    let reformatted = compile_clean(&formatted)?;
    prop_assert_eq!(
        &json,
        &codebook::emit::json::render(&reformatted),
        "fmt changed the model"
    );
    Ok(())
}

// ----- hostile input never panics -----------------------------------------------------------

/// Pieces of codebook syntax, right and wrong, for token soup.
const TOKENS: &[&str] = &[
    "structure",
    "concept",
    "theme",
    "dimension",
    "quote",
    "levels",
    "map",
    "phase",
    "matrix",
    "row",
    "columns",
    "actor",
    "member",
    "group",
    "interview",
    "turning point",
    "study",
    "total:",
    "allow:",
    "by:",
    "supports:",
    "members:",
    "count:",
    "{",
    "}",
    "{",
    "}",
    "\"",
    "\"\"\"",
    "\"x\"",
    "\"\"",
    "\\",
    "#",
    "# c",
    ":",
    ",",
    "->",
    "→",
    "..",
    "\n",
    "\n",
    "\r",
    "\r\n",
    " ",
    "\t",
    "x",
    "y",
    "c1",
    "2017",
    "2017-02",
    "2017-02-30",
    "0000-00-00",
    "9999-12-31",
    "1.5",
    "99999999999999999999999999999999",
    "split",
    "h",
    "min",
    "\u{feff}",
    "\u{0}",
    "ü",
    "😀",
];

fn no_panic(source: &str) -> Result<(), TestCaseError> {
    let outcome = codebook::compile(source);
    for d in &outcome.diagnostics {
        prop_assert!(d.span.end <= source.len(), "{} at {:?}", d.code, d.span);
    }
    let _ = codebook::report::human("x.codebook", source, &outcome.diagnostics);
    if let Ok(formatted) = codebook::format::format(source) {
        // The formatted text parses, and checks without panicking.
        prop_assert!(
            codebook::syntax::parse(&formatted).is_ok(),
            "the formatted text does not parse:\n{formatted}"
        );
        let _ = codebook::compile(&formatted);
        let twice = codebook::format::format(&formatted)
            .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(twice, formatted, "fmt is not idempotent");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        no_panic(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..120)) {
        no_panic(&tokens.concat())?;
    }

    #[test]
    fn latex_escape_is_inert(text in any::<String>(), paragraphs in any::<bool>()) {
        let mut bad = Vec::new();
        let out = codebook::emit::latex::escape(&text, paragraphs, &mut bad);
        inert_latex(&out)?;
        for c in bad {
            prop_assert!(text.contains(c));
        }
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn synthetic_codebooks_check_clean_and_round_trip(seed in any::<u64>(), quotes in 8usize..60) {
        let source = codebook::synth::generate(codebook::synth::Spec { quotes, seed });
        let c = compile_clean(&source)?;
        json_round_trips(&source, &c)?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn codebooks_with_every_special_character_check_clean_and_round_trip(t in texts(UNICODE)) {
        let source = t.source(0);
        let c = compile_clean(&source)?;
        // Each text is in the model exactly as written, after line folding.
        let fold = codebook::syntax::text::fold;
        let quotes: Vec<String> = c.codebook.quotes.iter().map(|q| q.text.text.clone()).collect();
        let written: Vec<String> = t.quotes.iter().map(|(q, _)| fold(q)).collect();
        prop_assert_eq!(quotes, written);
        let labels: Vec<String> = c.codebook.codes.iter().map(|k| k.label.text.clone()).collect();
        let mut expected = vec![fold(&t.dimension)];
        for (i, theme) in t.themes.iter().enumerate() {
            expected.push(fold(theme));
            expected.push(fold(&t.concepts[2 * i]));
            expected.push(fold(&t.concepts[2 * i + 1]));
        }
        prop_assert_eq!(labels, expected);
        json_round_trips(&source, &c)?;
    }
}

// ----- LaTeX --------------------------------------------------------------------------------

/// The control words `emit::latex::escape` writes.
const ESCAPE_WORDS: &[&str] = &[
    "textbackslash",
    "ldots",
    "textasciicircum",
    "textasciitilde",
    "textless",
    "textgreater",
    "textbar",
    "textquotedbl",
    "textasciigrave",
    "dots",
    "textquoteleft",
    "textquoteright",
    "quotesinglbase",
    "textquotedblleft",
    "textquotedblright",
    "quotedblbase",
    "guillemotleft",
    "guillemotright",
    "guilsinglleft",
    "guilsinglright",
    "enskip",
    "quad",
    "hspace",
    "par",
    "u",
    "r",
    "H",
    "v",
    "d",
    "c",
    "k",
    "b",
];

/// Escaped text runs no command of its own: every control sequence is one the escaper
/// writes, braces balance, and neither `^^` nor an unescaped `% $ & # _ ^` nor a control
/// character appears.
fn inert_latex(out: &str) -> Result<(), TestCaseError> {
    prop_assert!(!out.contains("^^"), "^^ in {out:?}");
    let mut depth = 0i64;
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let n = chars.peek().copied();
                prop_assert!(n.is_some(), "a lone \\ at the end of {out:?}");
                let n = n.unwrap_or(' ');
                if n.is_ascii_alphabetic() {
                    let mut word = String::new();
                    while let Some(&l) = chars.peek().filter(|l| l.is_ascii_alphabetic()) {
                        word.push(l);
                        chars.next();
                    }
                    prop_assert!(ESCAPE_WORDS.contains(&word.as_str()), "\\{word} in {out:?}");
                } else {
                    chars.next();
                    prop_assert!("{}$&#%_-,`'^~=.\" ".contains(n), "\\{n} in {out:?}");
                }
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                prop_assert!(depth >= 0, "unbalanced }} in {out:?}");
            }
            '%' | '$' | '&' | '#' | '_' | '^' => {
                return Err(TestCaseError::fail(format!("unescaped {c} in {out:?}")));
            }
            c if c.is_control() => {
                return Err(TestCaseError::fail(format!("control character in {out:?}")));
            }
            _ => {}
        }
    }
    prop_assert_eq!(depth, 0, "unbalanced braces in {:?}", out);
    Ok(())
}

/// Non-ASCII text pdflatex typesets (see `emit::latex`), and accents written decomposed.
const TYPESETTABLE: &[&str] = &[
    "ä",
    "ö",
    "ü",
    "ß",
    "É",
    "ç",
    "ñ",
    "ø",
    "Ł",
    "“",
    "”",
    "„",
    "‘",
    "’",
    "«",
    "»",
    "‹",
    "›",
    "–",
    "—",
    "…",
    "€",
    "£",
    "©",
    "°",
    "±",
    "×",
    "÷",
    "§",
    "¶",
    "\u{a0}",
    "\u{ad}",
    "\u{2009}",
    "\u{200b}",
    "\u{feff}",
    "a\u{308}",
    "e\u{301}",
    "c\u{327}",
    "o\u{302}\u{303}",
    "ﬁ",
    "\t",
];

/// Compile a document with the real pdflatex; the log's first error when it fails.
fn pdflatex(doc: &str) -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "properties-latex-{}-{}",
        std::process::id(),
        doc.len()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("main.tex"), doc).map_err(|e| e.to_string())?;
    let (ok, log) = common::pdflatex_main(&dir);
    if ok {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    let errors: Vec<&str> = log
        .lines()
        .skip_while(|l| !l.starts_with('!'))
        .take(12)
        .collect();
    Err(format!("see {}\n{}", dir.display(), errors.join("\n")))
}

proptest! {
    #![proptest_config(Config { max_shrink_iters: 8, ..config(3) })]

    #[test]
    fn latex_of_every_special_character_compiles(books in prop::collection::vec(texts(TYPESETTABLE), 8)) {
        let mut doc = String::from(
            "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n\\usepackage{lmodern}\n\\usepackage{array}\n\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{pdflscape}\n\\tracinglostchars=3\n\\begin{document}\n",
        );
        for (n, t) in books.iter().enumerate() {
            let source = t.source(n);
            let c = compile_clean(&source)?;
            let tex = codebook::emit::latex::render(&c, None, false)
                .map_err(|d| TestCaseError::fail(format!("{:?}\n{source}", d.first().map(|d| &d.message))))?;
            doc.push_str(&tex);
            doc.push_str("\n\\clearpage\n");
        }
        doc.push_str("\\end{document}\n");
        let compiled = pdflatex(&doc);
        prop_assert!(compiled.is_ok(), "pdflatex failed: {}", compiled.err().unwrap_or_default());
    }
}
