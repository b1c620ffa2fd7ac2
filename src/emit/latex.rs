//! The study's tables as LaTeX, for pdflatex (`codebook build FILE --to latex`) or, with
//! `--engine lualatex` ([`Engine::Lualatex`]), for LuaLaTeX with `fontspec` and a font for
//! each script the text uses ([`unicode`]): Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese
//! and Korean as well as Latin. The tables are the same for both engines; only the escaping
//! of letters and the preamble (or a fragment's comment) differ.
//!
//! Which tables there are, and their `--table` names, is [`super::tables`]'s business; this
//! module only typesets them. An unknown `--table` name is an `unknown_table` diagnostic
//! (exit 1) whose help lists the names the codebook has: the name is checked against the
//! file's contents, so it is reported like any other problem with the file.
//!
//! # Output
//!
//! A fragment (the default) starts with a comment listing the `\usepackage` lines it needs,
//! then one `longtable` per table, for `\input`. `--standalone` wraps the same tables in a
//! complete `article`; one table of several (`--table`) keeps the number it has among them
//! all (`\setcounter{table}`), as the paper numbers it; a table the file gives a number
//! (`table number: 5`) sets the counter before it, in a fragment too. Only packages of texlive-latex-base and texlive-latex-recommended are
//! used: `array`, `booktabs`, `longtable`, `geometry`, and `pdflscape` for wide tables (a phase
//! matrix of more than four columns, a structure's tables whose columns an upright page cannot
//! hold or that say `page: landscape`, are set landscape, in `\footnotesize`); fonts are Latin
//! Modern (`lmodern`) in the T1 encoding, text is UTF-8.
//!
//! Every table is a `longtable`, so it breaks across pages with its caption ("(continued)")
//! and header repeated; rules are `booktabs`' (`\toprule`, `\midrule`, `\cmidrule`,
//! `\bottomrule`). Columns are `p{}` columns whose widths are shares of `\linewidth` minus their
//! padding (`\tabcolsep` on both sides of each), so a table is exactly as wide as the text; a
//! data structure's shares are fitted to its content (`tables::fit`).
//!
//! Where a page breaks, rows know it from the second pdflatex run on ([`PAGE_MACROS`]: a
//! `\label` per row, pages compared by `\codebookifpagebreak`): the first row of a page repeats
//! the labels of the groups it continues (a data structure's dimension, theme and concept,
//! "(continued)"; in the codebook table the codes above the row's code, in a row of their own
//! above it), and a rule between two groups is drawn invisible there (its space kept), so it
//! never doubles the rule above the page's foot or under the next page's head. A table's
//! first three rows end with `\\*` (no page break under them), so a table never starts with a
//! single row at the foot of a page: it starts on the next page; so do heading rows (a
//! structure's caption in the codebook table, a code above others), and a rule under such a
//! row is followed by `\codebookkeeprule`, so that the page does not break under the rule
//! either: a heading never ends a page.
//!
//! Paragraphs of running text in one cell (a quote under its theme's label, a definition's
//! paragraphs) and the rows that hold a quote's next paragraph are set apart by a little space
//! (`PARAGRAPH_GAP`), less than between two quotes (`\addlinespace`).
//!
//! A group's label that wraps over more lines than the row beside it hangs into the group's
//! empty cells below instead of making that row taller ([`HANG_MACROS`]): no gap opens before
//! the group's next row, the group's last row is as deep as the rest of the label, and no page
//! breaks while a label still reaches below a row.
//!
//! # Escaping
//!
//! Text from the codebook is escaped in one pass ([`escape`]) and can never run a command:
//! `\ { } $ & # ^ _ % ~` become their text forms (`^` so that TeX's `^^5c` notation cannot
//! form), `[ ]` are braced so a cell that starts with `[...]` is not an optional argument, and
//! `< > | "` and backquote get their text commands. Ligatures the user did not write are
//! broken: `--`, `''`, `,,` become `-{}-`, `'{}'`, `,{}`. Typographic quotes and dashes become
//! LaTeX commands (`\textquotedblleft`, `{--}`), the ellipsis `\ldots{}` (three full stops an
//! author typed stay as written); other Latin letters and symbols stay UTF-8 for `inputenc` and the T1 fonts, and decomposed accents (`a` +
//! U+0308) become accent commands (`\"{a}`).
//!
//! A paragraph break (a blank line) is `\par` (and `PARAGRAPH_GAP` of space) only where LaTeX can hold one: in the upright
//! text of a table cell (every column is a `p{}` column, so a quote, a definition or a note
//! keeps its paragraphs), and a line break written `\n` is a line of its own there, as
//! Markdown's `<br>`, its wrapped lines indented under its start (a dialogue's turns), and the
//! items of an attribute of several texts are a list, each with a bullet and its wrapped lines
//! under its first word ([`LIST_MACROS`]). Everywhere else each
//! is a space: in italic and bold labels
//! (`\textit{…}`, `\textbf{…}`: themes, dimensions, groups, rounds, a matrix's `heading:`), in
//! captions, in the title and authors, and in every TikZ node of a figure.
//!
//! Characters pdflatex cannot typeset with these fonts (emoji, CJK, Cyrillic, Greek, control
//! characters, ...) are `untypesettable_character` diagnostics naming the text and the
//! character, never a document that fails to compile; the help names `--engine lualatex`
//! when it typesets them all. With LuaLaTeX the letters of [`unicode`]'s scripts pass through
//! too (a run of Hebrew, Arabic or CJK inside its font's command); what no font of that mode
//! has (emoji, other scripts) is the same diagnostic. The characters allowed are those the
//! tests typeset in every style the tables use (see `tests/latex.rs`).

mod hang;
mod pages;
mod tall;
pub mod unicode;

use super::tables::{self, Align, Content, Join, Origin, Row, Rule, Run, Style, Table};
use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::TableNumber;
use crate::syntax::ast::Span;
pub use hang::HANG_MACROS;
pub use pages::PAGE_MACROS;
use pages::{BodyRow, label_name};
use std::collections::BTreeSet;
pub(crate) use tall::piece_characters;
use unicode::Script;

/// The TeX engine the LaTeX output is for (`--engine`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// pdflatex: `inputenc` and the T1 fonts, Latin script only.
    #[default]
    Pdflatex,
    /// LuaLaTeX with `fontspec`: Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese and Korean
    /// text too, each script in a font that has it ([`unicode`]).
    Lualatex,
}

impl Engine {
    /// Its name after `--engine`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Pdflatex => "pdflatex",
            Engine::Lualatex => "lualatex",
        }
    }
}

/// Non-ASCII characters that pdflatex typesets with `inputenc` (UTF-8), T1 and TS1 in Latin
/// Modern, regular, italic and bold: every one is compiled by `tests/latex.rs`.
#[rustfmt::skip]
const TYPESETTABLE: &[(u32, u32)] = &[
    (0x00A0, 0x0125), (0x0128, 0x0137), (0x0139, 0x013E), (0x0141, 0x0148), (0x014A, 0x0165),
    (0x0168, 0x017E), (0x0192, 0x0192), (0x01C4, 0x01D4), (0x01E2, 0x01E3), (0x01E6, 0x01EB),
    (0x01F0, 0x01F0), (0x01F4, 0x01F5), (0x0218, 0x021B), (0x0232, 0x0233), (0x0237, 0x0237),
    (0x02C6, 0x02C7), (0x02D8, 0x02D9), (0x02DB, 0x02DD), (0x0E3F, 0x0E3F), (0x1E02, 0x1E03),
    (0x1E0D, 0x1E0D), (0x1E1E, 0x1E21), (0x1E25, 0x1E25), (0x1E30, 0x1E31), (0x1E37, 0x1E37),
    (0x1E43, 0x1E43), (0x1E45, 0x1E45), (0x1E47, 0x1E47), (0x1E5B, 0x1E5B), (0x1E63, 0x1E63),
    (0x1E6D, 0x1E6D), (0x1E8E, 0x1E91), (0x1E9E, 0x1E9E), (0x1EF2, 0x1EF3), (0x200C, 0x200C),
    (0x2010, 0x2016), (0x2018, 0x201A), (0x201C, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026),
    (0x2030, 0x2031), (0x2039, 0x203B), (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E),
    (0x2052, 0x2052), (0x20A1, 0x20A1), (0x20A4, 0x20A4), (0x20A6, 0x20A6), (0x20A9, 0x20A9),
    (0x20AB, 0x20AC), (0x20B1, 0x20B1), (0x2103, 0x2103), (0x2116, 0x2117), (0x211E, 0x211E),
    (0x2120, 0x2120), (0x2122, 0x2122), (0x2126, 0x2127), (0x212E, 0x212E), (0x2190, 0x2193),
    (0x2329, 0x232A), (0x2422, 0x2423), (0x25E6, 0x25E6), (0x25EF, 0x25EF), (0x266A, 0x266A),
    (0x27E8, 0x27E9), (0x3008, 0x3009), (0xFB00, 0xFB06), (0xFEFF, 0xFEFF),
];

/// Every non-ASCII character [`escape`] lets through to pdflatex as UTF-8, for tests.
pub fn typesettable_characters() -> impl Iterator<Item = char> {
    TYPESETTABLE
        .iter()
        .flat_map(|(a, b)| *a..=*b)
        .filter_map(char::from_u32)
}

fn typesettable(c: char) -> bool {
    let u = c as u32;
    TYPESETTABLE.iter().any(|(a, b)| (*a..=*b).contains(&u))
}

/// The accent command a combining mark stands for.
fn accent(mark: char) -> Option<&'static str> {
    Some(match mark {
        '\u{0300}' => "\\`",
        '\u{0301}' => "\\'",
        '\u{0302}' => "\\^",
        '\u{0303}' => "\\~",
        '\u{0304}' => "\\=",
        '\u{0306}' => "\\u",
        '\u{0307}' => "\\.",
        '\u{0308}' => "\\\"",
        '\u{030A}' => "\\r",
        '\u{030B}' => "\\H",
        '\u{030C}' => "\\v",
        '\u{0323}' => "\\d",
        '\u{0327}' => "\\c",
        '\u{0328}' => "\\k",
        '\u{0331}' => "\\b",
        _ => return None,
    })
}

/// Whether a straight quote mark after `prev` opens a quotation; right after another straight
/// mark it does what that one did (`last_opened`).
fn opens(prev: Option<char>, last_opened: bool) -> bool {
    match prev {
        None => true,
        Some('"' | '\'') => last_opened,
        Some(p) => {
            p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–' | '-' | '“' | '‘' | '/')
        }
    }
}

fn combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Escape text for pdflatex in one pass. Characters pdflatex cannot typeset are left out and
/// pushed to `bad`. A paragraph break (`\n\n`) is `\par` when `paragraphs`, a single line
/// break `\newline` (inside the text), else each a space.
pub fn escape(text: &str, paragraphs: bool, bad: &mut Vec<char>) -> String {
    escape_for(text, paragraphs, Engine::Pdflatex, bad)
}

/// Escape text for `engine` in one pass, as [`escape`] does for pdflatex. For LuaLaTeX the
/// letters of the scripts [`unicode`] has fonts for pass through too, a run of Hebrew, Arabic
/// or CJK text inside its script's command (`\codebookarabic{…}`).
pub fn escape_for(text: &str, paragraphs: bool, engine: Engine, bad: &mut Vec<char>) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    // Whether the last straight quote mark opened a quotation.
    let mut last_opened = true;
    // The script whose run is open, inside its command.
    let mut open: Option<Script> = None;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
        if matches!(c, '"' | '\'') {
            last_opened = opens(prev, last_opened);
        }
        if engine == Engine::Lualatex {
            let run = unicode::run(&chars, i, open);
            if run != open {
                if open.is_some() {
                    out.push('}');
                }
                if let Some(command) = run.and_then(Script::command) {
                    out.push_str(command);
                    out.push('{');
                }
                open = run;
            }
        }
        // Line breaks: one is a space, more are a paragraph break.
        if c == '\n' || c == '\r' {
            let mut newlines = 0;
            while let Some(&n) = chars.get(i) {
                match n {
                    '\n' => newlines += 1,
                    '\r' | ' ' | '\t' => {}
                    _ => break,
                }
                i += 1;
            }
            // One line break (`\n`) is a line break too where a paragraph can stand (a `p{}`
            // cell), as Markdown's `<br>`: not first or last, where LaTeX has no line to end.
            let inside = !out.trim_end().is_empty() && i < chars.len();
            if newlines >= 2 && paragraphs {
                out.push_str(&format!("\\par\\vspace{{{PARAGRAPH_GAP}}} "));
            } else if newlines == 1 && paragraphs && inside {
                // A line of its own, whose wrapped lines are indented under it
                // ([`LIST_MACROS`]), so that each line reads as one (a dialogue's turns).
                out.push_str("\\codebookline ");
            } else {
                out.push(' ');
            }
            continue;
        }
        // A letter followed by combining marks: accent commands around it.
        let mut end = i + 1;
        while chars.get(end).is_some_and(|m| combining(*m)) {
            end += 1;
        }
        if end > i + 1 {
            let marks = chars.get(i + 1..end).unwrap_or_default();
            if c.is_ascii_alphabetic() && marks.iter().all(|m| accent(*m).is_some()) {
                let mut s = c.to_string();
                for m in marks {
                    s = format!("{}{{{s}}}", accent(*m).unwrap_or_default());
                }
                out.push_str(&s);
            } else if engine == Engine::Lualatex
                && Script::of(c).is_some()
                && marks.iter().all(|m| ('\u{0300}'..='\u{036F}').contains(m))
            {
                // The fonts of these scripts have the combining marks.
                out.push(c);
                out.extend(marks);
            } else {
                let mut base = Vec::new();
                out.push_str(&escape_for(&c.to_string(), paragraphs, engine, &mut base));
                bad.extend(base);
                bad.extend(marks.iter().copied());
            }
            i = end;
            continue;
        }
        i += 1;
        let at_end = next.is_none();
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '$' => out.push_str("\\$"),
            '&' => out.push_str("\\&"),
            '#' => out.push_str("\\#"),
            '%' => out.push_str("\\%"),
            '_' => out.push_str("\\_"),
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '[' => out.push_str("{[}"),
            ']' => out.push_str("{]}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            // Straight quotes become the typographic marks they stand for, as pandoc's smart
            // punctuation makes them: opening at the start, after a blank, an opening bracket,
            // a dash or another opening mark; closing (and the apostrophe) elsewhere.
            '"' if last_opened => out.push_str("\\textquotedblleft{}"),
            '"' => out.push_str("\\textquotedblright{}"),
            '\'' if last_opened => out.push_str("\\textquoteleft{}"),
            '`' => out.push_str("\\textasciigrave{}"),
            // After `\\` a star would be read as `\\*`.
            '*' if out.is_empty() => out.push_str("{*}"),
            // No ligature the user did not write, also not with the next run of text.
            '-' if next == Some('-') || at_end => out.push_str("-{}"),
            '\'' if next == Some('\'') || at_end => out.push_str("'{}"),
            ',' if next == Some(',') || at_end => out.push_str(",{}"),
            '\t' => out.push(' '),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            '\u{00A0}' => out.push('~'),
            '\u{00AD}' => out.push_str("\\-"),
            '\u{2013}' => out.push_str("{--}"),
            '\u{2014}' => out.push_str("{---}"),
            // The ellipsis, as the paper sets it (three full stops the author typed stay as
            // written). `{}` ends the command, so a letter after it stays a letter.
            '\u{2026}' => out.push_str("\\ldots{}"),
            '\u{2018}' => out.push_str("\\textquoteleft{}"),
            '\u{2019}' => out.push_str("\\textquoteright{}"),
            '\u{201A}' => out.push_str("\\quotesinglbase{}"),
            '\u{201C}' => out.push_str("\\textquotedblleft{}"),
            '\u{201D}' => out.push_str("\\textquotedblright{}"),
            '\u{201E}' => out.push_str("\\quotedblbase{}"),
            '\u{00AB}' => out.push_str("\\guillemotleft{}"),
            '\u{00BB}' => out.push_str("\\guillemotright{}"),
            '\u{2039}' => out.push_str("\\guilsinglleft{}"),
            '\u{203A}' => out.push_str("\\guilsinglright{}"),
            '\u{2002}' => out.push_str("\\enskip{}"),
            '\u{2003}' => out.push_str("\\quad{}"),
            '\u{2009}' | '\u{200A}' | '\u{202F}' => out.push_str("\\,"),
            '\u{2000}' | '\u{2001}' | '\u{2004}'..='\u{2008}' | '\u{205F}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200B}' => out.push_str("\\hspace{0pt}"),
            '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            // pdflatex sets them as `\textlangle`/`\textrangle`; no text font here has them.
            '\u{3008}' if engine == Engine::Lualatex => out.push('\u{27E8}'),
            '\u{3009}' if engine == Engine::Lualatex => out.push('\u{27E9}'),
            c if engine == Engine::Lualatex && unicode::latin_modern_only(c) => {
                out.push_str("{\\fontfamily{lmr}\\selectfont ");
                out.push(c);
                out.push('}');
            }
            c if typesettable(c) => out.push(c),
            c if engine == Engine::Lualatex && Script::of(c).is_some() => {
                out.push(c);
                // Chinese and Japanese are written without blanks: a line may break between
                // two characters, never before closing punctuation or after opening.
                if next.is_some_and(|n| unicode::breaks_between(c, n)) {
                    out.push_str("\\hspace{0pt}");
                }
            }
            c => bad.push(c),
        }
    }
    if open.is_some() {
        out.push('}');
    }
    out
}

/// The scripts of `text` that need fonts of their own with LuaLaTeX.
fn scripts(text: &str, into: &mut BTreeSet<Script>) {
    into.extend(
        text.chars()
            .filter(|c| !c.is_ascii())
            .filter_map(Script::of),
    );
}

/// What to do about characters `engine` cannot typeset: for pdflatex, the Unicode mode when
/// it has them all.
fn untypesettable_help(engine: Engine, bad: &[char]) -> String {
    const MARKDOWN: &str = "or build `--to markdown`, which keeps every character";
    // `● Clarity of policies`, as copied from a journal's page: a list marker LaTeX has a
    // bullet for.
    if let Some(c) = bad.iter().find(|c| LIST_MARKERS.contains(c)) {
        return format!(
            "‘{c}’ marks an item of a list: write ‘•’ (U+2022) instead, which LaTeX prints as a \
             bullet, or leave it out"
        );
    }
    let visible = bad
        .iter()
        .any(|c| !(c.is_control() || combining(*c) || c.is_whitespace()));
    match engine {
        Engine::Pdflatex if bad.iter().all(|c| Script::of(*c).is_some()) => format!(
            "pdflatex typesets Latin-script text only (T1 fonts): build with `--engine lualatex`, \
             which typesets Greek, Cyrillic, Hebrew, Arabic, Chinese, Japanese and Korean text \
             (LuaLaTeX with fontspec), {MARKDOWN}"
        ),
        Engine::Pdflatex if visible => format!(
            "LaTeX output is for Latin-script text (T1 fonts): replace the character, e.g. an \
             emoji by a word in brackets, {MARKDOWN}; `--engine lualatex` adds Greek, Cyrillic, \
             Hebrew, Arabic, Chinese, Japanese and Korean, but has no font for emoji either"
        ),
        Engine::Pdflatex => format!(
            "LaTeX output is for Latin-script text (T1 fonts): replace the character, e.g. an \
             emoji by a word in brackets, {MARKDOWN}"
        ),
        Engine::Lualatex => format!(
            "`--engine lualatex` typesets Latin, Greek, Cyrillic, Hebrew, Arabic, Chinese, \
             Japanese and Korean text, but has no font for emoji or other scripts: replace the \
             character, e.g. an emoji by a word in brackets, {MARKDOWN}"
        ),
    }
}

/// Characters that mark the items of a list in a journal's page or a word processor's
/// document, for which LaTeX has the bullet `•` instead.
const LIST_MARKERS: &[char] = &[
    '●', '◦', '○', '▪', '▫', '■', '□', '◆', '◇', '▶', '►', '▸', '➢', '➤', '✓', '✔', '⦁', '∙',
];

/// How a character is named in a message.
fn describe(c: char) -> String {
    if c.is_control() || combining(c) || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("‘{c}’ (U+{:04X})", c as u32)
    }
}

/// A label LaTeX can take without escaping: ASCII letters, digits and `: . _ / + -`.
pub(crate) fn safe_label(l: &str) -> bool {
    !l.is_empty()
        && l.chars()
            .all(|c| c.is_ascii_alphanumeric() || ":._/+-".contains(c))
}

/// The packages (and, for LuaLaTeX, fonts) a fragment needs, in the order of its comment.
fn packages(wide: bool, engine: Engine, scripts: &BTreeSet<Script>) -> Vec<&'static str> {
    let mut p = match engine {
        Engine::Pdflatex => vec![
            "\\usepackage[T1]{fontenc}",
            "\\usepackage[utf8]{inputenc}",
            "\\usepackage{lmodern}",
        ],
        Engine::Lualatex => {
            let mut p = vec!["\\usepackage{fontspec}"];
            p.extend(unicode::font_lines(scripts));
            p
        }
    };
    p.extend([
        "\\usepackage{array}",
        "\\usepackage{booktabs}",
        "\\usepackage{longtable}",
    ]);
    if wide {
        p.push("\\usepackage{pdflscape}");
    }
    p
}

/// `t` as the LaTeX output sets it: each row taller than half a page cut into rows a page can
/// break between (each tall cell's paragraphs, list items, sentences in step across the row),
/// as longtable breaks pages between rows only. `t` itself where no row is that tall.
pub fn paged(t: &Table) -> std::borrow::Cow<'_, Table> {
    tall::split(t)
}

/// Render `table` (or every table) as a LaTeX fragment for pdflatex, or as a whole document
/// when `standalone`.
pub fn render(
    c: &Compiled,
    table: Option<&str>,
    standalone: bool,
) -> Result<String, Vec<Diagnostic>> {
    render_for(c, table, standalone, Engine::Pdflatex)
}

/// Render as [`render`] does, for `engine`.
pub fn render_for(
    c: &Compiled,
    table: Option<&str>,
    standalone: bool,
    engine: Engine,
) -> Result<String, Vec<Diagnostic>> {
    let tables = tables::build(c, table)?;
    let mut w = Writer {
        engine,
        ..Writer::default()
    };
    let mut body = String::new();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            body.push('\n');
        }
        // A number the file gives it (`table number: 5`): the caption reads "Table 5", in a
        // fragment too, as the author asked; the tables after it count on from it.
        if let Some(&TableNumber::Whole(n)) = t.number.as_deref() {
            body.push_str(&format!(
                "\\setcounter{{table}}{{{}}}\n",
                n.saturating_sub(1)
            ));
        }
        w.table(&mut body, &paged(t));
    }
    if body.contains("\\codebookhang") {
        body.insert_str(0, HANG_MACROS);
    }
    if ["\\codebookitem", "\\codebookline"]
        .iter()
        .any(|m| body.contains(m))
    {
        body.insert_str(0, LIST_MACROS);
    }
    if [
        "\\codebookifpagebreak",
        "\\codebookkeeprule",
        "\\codebookhang",
    ]
    .iter()
    .any(|m| body.contains(m))
    {
        body.insert_str(0, PAGE_MACROS);
    }
    let wide = tables.iter().any(|t| t.wide);
    let mut out = String::new();
    if standalone {
        out.push_str(match engine {
            Engine::Pdflatex => {
                "% Generated by `codebook build --to latex --standalone`; rebuild rather than edit.\n"
            }
            Engine::Lualatex => {
                "% Generated by `codebook build --to latex --engine lualatex --standalone`; rebuild rather than edit.\n\
                 % Compile with lualatex.\n"
            }
        });
        out.push_str("\\documentclass{article}\n");
        for p in packages(wide, engine, &w.scripts) {
            out.push_str(p);
            out.push('\n');
        }
        out.push_str("\\usepackage[a4paper,margin=2.5cm]{geometry}\n");
        out.push_str("\\begin{document}\n");
        if let Some(title) = w.title(c) {
            out.push_str(&title);
        }
        // One table of several: numbered as among them all (Table 2 of the paper is Table 2).
        // (A table with its own number sets the counter itself.)
        if let Some(n) = table
            .filter(|_| tables.first().is_some_and(|t| t.number.is_none()))
            .and_then(|name| tables::number(c, name))
            .filter(|n| *n > 1)
        {
            out.push_str(&format!("\\setcounter{{table}}{{{}}}\n", n - 1));
        }
        out.push_str(&body);
        out.push_str("\\end{document}\n");
    } else {
        out.push_str(match engine {
            Engine::Pdflatex => {
                "% Generated by `codebook build --to latex`; rebuild rather than edit.\n\
                 % For \\input in a document whose preamble has:\n"
            }
            Engine::Lualatex => {
                "% Generated by `codebook build --to latex --engine lualatex`; rebuild rather than edit.\n\
                 % For \\input in a document compiled with lualatex whose preamble has:\n"
            }
        });
        for p in packages(wide, engine, &w.scripts) {
            out.push_str("%   ");
            out.push_str(p);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&body);
    }
    if w.diags.is_empty() {
        Ok(out)
    } else {
        let mut d = w.diags;
        crate::diagnostics::sort(&mut d);
        Err(d)
    }
}

/// Column widths in ten-thousandths, so that sums are exact: a column is
/// `share · \linewidth − pad · \tabcolsep` wide, its padding (`\tabcolsep` each side) left out,
/// so that the columns and their padding fill the line.
struct Widths {
    columns: Vec<(i64, i64)>,
}

/// Ten-thousandths.
const UNIT: i64 = 10_000;

impl Widths {
    fn of(t: &Table) -> Widths {
        let n = t.width().max(1) as f64;
        Widths {
            columns: t
                .columns
                .iter()
                .map(|c| {
                    let share = (c.width * UNIT as f64).round() as i64;
                    let pad = (2.0 * n * c.width * UNIT as f64).round() as i64;
                    (share, pad)
                })
                .collect(),
        }
    }

    fn column(&self, i: usize) -> String {
        let (share, pad) = self.columns.get(i).copied().unwrap_or((UNIT, 2 * UNIT));
        dim(share, pad, false)
    }

    /// The width of a cell spanning `span` columns from `col`, inside its own padding. A
    /// hair narrower than the columns, so that rounding never widens them.
    fn span(&self, col: usize, span: usize) -> String {
        let cols = self.columns.iter().skip(col).take(span);
        let share: i64 = cols.clone().map(|c| c.0).sum();
        let pad: i64 = cols.map(|c| c.1).sum::<i64>() - 2 * UNIT * (span as i64 - 1);
        dim(share, pad, true)
    }

    /// The whole table's width, padding included (for a cell set `@{}...@{}`).
    fn whole(&self) -> String {
        let share: i64 = self.columns.iter().map(|c| c.0).sum();
        let pad: i64 =
            self.columns.iter().map(|c| c.1).sum::<i64>() - 2 * UNIT * self.columns.len() as i64;
        dim(share, pad, true)
    }
}

/// `share · \linewidth − pad · \tabcolsep` (in ten-thousandths) as a `\dimexpr`, less 0.1pt
/// when `slack`.
fn dim(share: i64, pad: i64, slack: bool) -> String {
    let fixed = |u: i64| format!("{}.{:04}", u / UNIT, u % UNIT);
    let sign = if pad < 0 { '+' } else { '-' };
    let slack = if slack { "-0.1pt" } else { "" };
    format!(
        "\\dimexpr{}\\linewidth{sign}{}\\tabcolsep{slack}\\relax",
        fixed(share.max(0)),
        fixed(pad.abs())
    )
}

/// `\codebookitem` starts an item of a list in a cell (an attribute of several texts), or a
/// text written after a bullet `•` (a code's label "• Reminders"): a bullet in a box 1em wide, the paragraph's wrapped lines indented by as much, so
/// they stand under the item's first word; `\codebookline` is a line break written `\n` (a
/// dialogue's turns): it ends the paragraph and starts the next, both with their wrapped lines
/// indented. No space is added between items or lines: they are lines of one list, closer
/// than paragraphs (`PARAGRAPH_GAP`). `\hangindent` holds for the paragraph it is set in and
/// is reset after it, so nothing leaks out of a cell; plain TeX, as pdfTeX and LuaTeX read it.
pub const LIST_MACROS: &str = concat!(
    "\\providecommand*\\codebookitem{\\hangindent=1em\\hangafter=1\\relax",
    "\\leavevmode\\hbox to 1em{\\textbullet\\hfil}}\n",
    "\\providecommand*\\codebookline{\\hangindent=1em\\hangafter=1\\relax\\par",
    "\\hangindent=1em\\hangafter=1\\relax}\n",
);

/// The runs of a paragraph that starts with a bullet `•` (after blanks), without it and the
/// blanks after it; `None` for any other.
fn after_bullet(runs: &[Run]) -> Option<Vec<Run>> {
    let first = runs.iter().position(|r| !r.text.trim().is_empty())?;
    let rest = runs.get(first)?.text.trim_start().strip_prefix('•')?;
    let mut out: Vec<Run> = runs.get(first..)?.to_vec();
    let head = out.first_mut()?;
    head.text = rest.trim_start().to_string();
    if head.text.is_empty() {
        // The blanks after the bullet may stand in the next run.
        if let Some(next) = out.get_mut(1) {
            next.text = next.text.trim_start().to_string();
        }
    }
    Some(out)
}

/// The space between two paragraphs of running text in a cell, or two rows that hold
/// paragraphs of one quote: less than between two quotes (`\addlinespace`), enough for the
/// eye to see where a paragraph ends, as journals set them.
const PARAGRAPH_GAP: &str = "3pt";

fn column_type(align: Align, width: &str) -> String {
    let a = match align {
        Align::Left => "\\raggedright",
        Align::Right => "\\raggedleft",
        Align::Centre => "\\centering",
    };
    // `\\hspace{0pt}`: TeX hyphenates a paragraph's first word only after some glue.
    format!(">{{{a}\\arraybackslash\\hspace{{0pt}}}}p{{{width}}}")
}

#[derive(Default)]
struct Writer {
    engine: Engine,
    /// The scripts of the texts written that need fonts of their own (LuaLaTeX).
    scripts: BTreeSet<Script>,
    diags: Vec<Diagnostic>,
    /// (span, message) of each diagnostic in `diags`: a text printed in several tables is
    /// reported once, found in constant time (a scan of `diags` made many bad texts quadratic).
    reported: std::collections::HashSet<(Span, String)>,
}

impl Writer {
    /// Keep `d` unless one with its place and message is kept already.
    fn report(&mut self, d: Diagnostic) {
        if self.reported.insert((d.span.clone(), d.message.clone())) {
            self.diags.push(d);
        }
    }
}

impl Writer {
    /// Escape a text, reporting what cannot be typeset against its origin.
    fn text(&mut self, text: &str, origin: Option<&Origin>, paragraphs: bool) -> String {
        let mut bad = Vec::new();
        let s = escape_for(text, paragraphs, self.engine, &mut bad);
        if self.engine == Engine::Lualatex {
            scripts(text, &mut self.scripts);
        }
        if !bad.is_empty() {
            let mut seen = Vec::new();
            for b in bad {
                if !seen.contains(&b) {
                    seen.push(b);
                }
            }
            let chars: Vec<String> = seen.iter().map(|c| describe(*c)).collect();
            let (span, what) = match origin {
                Some(o) => (o.span.clone(), o.what.clone()),
                None => (
                    0..0,
                    format!("the generated text {}", tables::excerpt(text)),
                ),
            };
            let d = Diagnostic::new(
                DiagnosticCode::UntypesettableCharacter,
                span,
                format!(
                    "{what} contains {}, which {} cannot typeset",
                    chars.join(", "),
                    match self.engine {
                        Engine::Pdflatex => "pdflatex",
                        Engine::Lualatex => "LuaLaTeX, with the fonts `--engine lualatex` uses,",
                    }
                ),
            )
            .label(if seen.len() == 1 {
                "this text holds the character"
            } else {
                "this text holds the characters"
            })
            .help(untypesettable_help(self.engine, &seen));
            self.report(d);
        }
        s
    }

    fn runs(&mut self, runs: &[Run], paragraphs: bool) -> String {
        // Adjacent runs of one style share one `\\textit{...}`.
        let mut groups: Vec<(Style, String)> = Vec::new();
        for r in runs {
            // `\textit{…}` and `\textbf{…}` cannot hold a paragraph break: a label written
            // over two paragraphs is one line there.
            let t = self.text(
                &r.text,
                r.origin.as_ref(),
                paragraphs && r.style == Style::Plain,
            );
            match groups.last_mut() {
                Some((style, s)) if *style == r.style => s.push_str(&t),
                _ => groups.push((r.style, t)),
            }
        }
        let mut out = String::new();
        for (style, t) in groups {
            match style {
                Style::Plain => out.push_str(&t),
                Style::Italic => out.push_str(&format!("\\textit{{{t}}}")),
                Style::Bold => out.push_str(&format!("\\textbf{{{t}}}")),
            }
        }
        out
    }

    fn content(&mut self, c: &Content) -> String {
        let mut out = String::new();
        let mut indent = 0;
        for (i, p) in c.paras.iter().enumerate() {
            if i > 0 {
                out.push_str("\\par ");
                // A new paragraph of running text, or a new quote: a little space above it.
                if p.gap {
                    out.push_str(&format!("\\vspace{{{PARAGRAPH_GAP}}}"));
                }
            }
            let mut s = String::new();
            if p.indent != indent {
                // The whole paragraph indented, also where it wraps.
                s.push_str(&format!("\\leftskip={}em\\relax ", u32::from(p.indent)));
                indent = p.indent;
            }
            // A bullet, the wrapped lines under the first word ([`LIST_MACROS`]): an item of
            // a list, or a text the author starts with `•` (a code's label "• Reminders").
            let bulleted = if p.item { None } else { after_bullet(&p.runs) };
            if p.item || bulleted.is_some() {
                s.push_str("\\codebookitem ");
            }
            s.push_str(&self.runs(bulleted.as_deref().unwrap_or(&p.runs), true));
            out.push_str(&s);
        }
        out
    }

    fn label(&mut self, t: &Table) -> String {
        let Some((label, origin)) = &t.label else {
            return String::new();
        };
        if safe_label(label) {
            return format!("\\label{{{label}}}");
        }
        if let Some(o) = origin {
            let bad: Vec<String> = label
                .chars()
                .filter(|c| !(c.is_ascii_alphanumeric() || ":._/+-".contains(*c)))
                .map(|c| format!("`{c}`"))
                .collect();
            let d = Diagnostic::new(
                DiagnosticCode::UntypesettableCharacter,
                o.span.clone(),
                format!(
                    "{} contains {}, which a LaTeX \\label cannot hold",
                    o.what,
                    if bad.is_empty() {
                        "nothing".to_string()
                    } else {
                        bad.join(", ")
                    }
                ),
            )
            .label("not a LaTeX label")
            .help("a label is ASCII letters, digits and `: . _ / + -`, e.g. `tab:modes`");
            self.report(d);
        }
        String::new()
    }

    fn title(&mut self, c: &Compiled) -> Option<String> {
        let study = c.codebook.study.as_ref()?;
        let title = study.title.as_ref()?;
        let what = |s: &str| Origin {
            span: title.span.clone(),
            what: s.to_string(),
        };
        let t = self.text(&title.text, Some(&what("the study's title")), false);
        let authors: Vec<String> = study
            .authors
            .iter()
            .map(|a| {
                self.text(
                    &a.text,
                    Some(&Origin {
                        span: a.span.clone(),
                        what: "an author's name".into(),
                    }),
                    false,
                )
            })
            .collect();
        let date = study.year.map(|y| y.to_string()).unwrap_or_default();
        Some(format!(
            "\\title{{{t}}}\n\\author{{{}}}\n\\date{{{date}}}\n\\maketitle\n\n",
            authors.join(" \\and ")
        ))
    }

    /// The rule above a row, `booktabs`' own.
    fn rule(out: &mut String, rule: &Rule) {
        match rule {
            Rule::None => {}
            Rule::Space => out.push_str("\\addlinespace\n"),
            Rule::Full => out.push_str("\\midrule\n"),
            Rule::Partial(ranges) => {
                let parts: Vec<String> = ranges
                    .iter()
                    .map(|(a, b)| format!("\\cmidrule(lr){{{a}-{b}}}"))
                    .collect();
                out.push_str(&parts.join(""));
                out.push('\n');
            }
        }
    }

    /// A row: a head row when `body` is `None`; else a body row with its label (when it or
    /// the next row carries labels on, see [`Table::continued`]) and what it carries on.
    fn row(&mut self, out: &mut String, t: &Table, row: &Row, body: Option<BodyRow>) {
        let n = t.width();
        let widths = Widths::of(t);
        // The labels hanging from the row above into this one count that row off, before
        // its rule (no page break under the row while one reaches below it) and after it.
        let hanging = body.as_ref().and_then(|b| b.hangs.into(b.index));
        if let Some(cols) = &hanging {
            out.push_str(&format!(
                "\\codebookhangs{{{}}}{{{cols}}}\n",
                hang::space(&row.rule)
            ));
        }
        match body
            .as_ref()
            .and_then(|b| Some((b.label.as_ref()?, b.previous.as_ref()?)))
        {
            // No rule where a page breaks (the foot and the next head have theirs), but the
            // same space, so that the page breaks where it did.
            Some((this, prev)) if matches!(row.rule, Rule::Full | Rule::Partial(_)) => {
                let mut rule = String::new();
                Writer::rule(&mut rule, &row.rule);
                let blank = pages::invisible(&row.rule);
                out.push_str(&format!(
                    "\\codebookifpagebreak{{{this}}}{{{prev}}}{{{blank}}}{{{}}}\n",
                    rule.trim_end()
                ));
            }
            _ => Writer::rule(out, &row.rule),
        }
        // The next paragraph of a quote, on a row of its own: a little space above it.
        if row.rule == Rule::None && row.joins == Some(Join::Paragraph) {
            out.push_str(&format!("\\addlinespace[{PARAGRAPH_GAP}]\n"));
        }
        if hanging.is_some() && matches!(row.rule, Rule::Full | Rule::Partial(_)) {
            out.push_str("\\codebookhangrule\n");
        }
        // Under a row that must not end a page (a heading), the rule must not either: the
        // heading and its rule stay with this row.
        if body.as_ref().is_some_and(|b| b.after_keep)
            && matches!(row.rule, Rule::Full | Rule::Partial(_))
        {
            out.push_str("\\codebookkeeprule\n");
        }
        // The groups it continues, in a row of their own above it where a page breaks above
        // it (no page break between the two).
        if let Some((this, prev, above)) = body.as_ref().and_then(|b| {
            Some((
                b.label.as_ref()?,
                b.previous.as_ref()?,
                row.continues.as_ref()?,
            ))
        }) {
            let above = self.content(above);
            // A section row's label across the table, as the section row prints it; the
            // codebook's parents in its first column.
            let above = if row.continues_across {
                format!(
                    "\\multicolumn{{{n}}}{{{}}}{{{above}}}",
                    column_type(Align::Left, &widths.span(0, n))
                )
            } else {
                format!("{above}{}", " &".repeat(n.saturating_sub(1)))
            };
            // Set apart from the row under it, as the rows it repeats are: set right on it,
            // it reads as the first lines of that row's first cell.
            out.push_str(&format!(
                "\\codebookifpagebreak{{{this}}}{{{prev}}}{{{above} \\\\*\\addlinespace[\\defaultaddspace]}}{{}}\n"
            ));
        }
        let mut col = 0;
        let mut cells = Vec::new();
        for (i, cell) in row.cells.iter().enumerate() {
            let span = cell.span.clamp(1, n.saturating_sub(col).max(1));
            let mut content = self.content(&cell.content);
            if let Some(b) = &body {
                if let (Some(prev), Some((_, label))) = (
                    &b.previous,
                    b.carried.iter().find(|(c, _)| *c == col && span == 1),
                ) {
                    let mut label = self.content(label);
                    // A label too tall to hang is repeated as it is set: in its row.
                    if b.hangs.carries(b.index, col) {
                        label = format!("\\codebookhang{{{col}}}{{{label}}}");
                    }
                    content = format!(
                        "\\codebookifpagebreak{{{}}}{{{prev}}}{{{label}}}{{}}",
                        b.label.as_deref().unwrap_or_default()
                    );
                    if b.hangs.ends(b.index, col) {
                        content.push_str(&format!("\\codebookhangend{{{col}}}"));
                    }
                } else if span == 1 && b.hangs.starts(b.index, col) {
                    content = format!("\\codebookhang{{{col}}}{{{content}}}");
                }
                if let (0, Some(l)) = (i, &b.label) {
                    content = format!("\\label{{{l}}}{content}");
                }
            }
            if span > 1 || cell.align.is_some() {
                let align = cell
                    .align
                    .or_else(|| t.columns.get(col).map(|c| c.align))
                    .unwrap_or(Align::Left);
                cells.push(format!(
                    "\\multicolumn{{{span}}}{{{}}}{{{content}}}",
                    column_type(align, &widths.span(col, span))
                ));
            } else {
                cells.push(content);
            }
            col += span;
        }
        out.push_str(&cells.join(" & "));
        // `\\*`: no page break under a heading row, nor under a table's first rows.
        let keep = body.as_ref().map_or(row.keep, |b| b.keep);
        out.push_str(if keep { " \\\\*\n" } else { " \\\\\n" });
    }

    fn head(&mut self, out: &mut String, t: &Table) {
        out.push_str("\\toprule\n");
        // An invisible row of every column, so that the head (boxed before any body row)
        // knows the columns' widths in the first run of pdflatex too.
        out.push_str(&"&".repeat(t.width().saturating_sub(1)));
        out.push_str("\\\\[-\\dimexpr\\ht\\strutbox+\\dp\\strutbox\\relax]\n");
        if t.head.is_empty() {
            return;
        }
        for row in &t.head {
            self.row(out, t, row, None);
        }
        out.push_str("\\midrule\n");
    }

    fn table(&mut self, out: &mut String, t: &Table) {
        let n = t.width().max(1);
        let widths = Widths::of(t);
        let spec: String = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| column_type(c.align, &widths.column(i)))
            .collect();
        let caption = self.runs(&t.caption, false);
        let label = self.label(t);
        out.push_str(&format!("% Table `{}`\n", t.name));
        if t.wide {
            out.push_str("\\begin{landscape}\n");
        }
        out.push_str("\\begingroup\n\\setlength{\\LTcapwidth}{\\linewidth}\\frenchspacing\n");
        // A number written as a text (`table number: "A1"`): the caption (and a `\ref` to it)
        // reads "Table A1", within this group only; the counter longtable steps is set back
        // first, so that the tables around it keep their numbers.
        if let Some(TableNumber::Text(number)) = t.number.as_deref() {
            let number = self.text(number, None, false);
            out.push_str(&format!(
                "\\renewcommand{{\\thetable}}{{{number}}}\\ifdefined\\theHtable\\renewcommand{{\\theHtable}}{{{number}}}\\fi\\addtocounter{{table}}{{-1}}\n"
            ));
        }
        if t.wide {
            out.push_str("\\footnotesize\n");
        }
        out.push_str(&format!("\\begin{{longtable}}{{{spec}}}\n"));
        out.push_str(&format!("\\caption{{{caption}}}{label}\\\\\n"));
        self.head(out, t);
        out.push_str("\\endfirsthead\n");
        out.push_str("\\caption[]{(continued)}\\\\\n");
        self.head(out, t);
        out.push_str("\\endhead\n");
        out.push_str(&format!(
            "\\midrule\n\\multicolumn{{{n}}}{{r}}{{\\footnotesize\\itshape continued on next page}}\\\\\n\\endfoot\n"
        ));
        out.push_str("\\bottomrule\n");
        if let Some(note) = &t.note {
            let note = self.content(note);
            out.push_str(&format!(
                "\\multicolumn{{{n}}}{{@{{}}p{{{}}}@{{}}}}{{\\footnotesize\\raggedright {note}}}\\\\\n",
                widths.whole()
            ));
        }
        out.push_str("\\endlastfoot\n");
        let carried = t.continued();
        let hangs = hang::Hangs::of(t);
        let label = |i: usize| format!("codebook-{}-{i}", label_name(&t.name));
        // A row needs to know its page when it carries labels on or has a rule above it.
        let needs = |k: usize| {
            k > 0
                && (carried.get(k).is_some_and(|c| !c.is_empty())
                    || t.body.get(k).is_some_and(|r| r.continues.is_some())
                    || t.body
                        .get(k)
                        .is_some_and(|r| matches!(r.rule, Rule::Full | Rule::Partial(_))))
        };
        // No page break under a heading row, nor under a table's first rows, unless the next
        // row continues one too tall for a page.
        let kept = |i: usize| {
            t.body.get(i).is_some_and(|r| r.keep)
                || (i + 1 < pages::KEPT_TOGETHER.min(t.body.len())
                    && !t.body.get(i + 1).is_some_and(|r| r.split))
        };
        for (i, row) in t.body.iter().enumerate() {
            // A row across the whole table (a section row) is set apart from the row under it
            // as a new group is: set right on it, it reads as the first line of that row's
            // first cell, a line above the row's other cells.
            let across = |r: &Row| n > 1 && r.cells.len() == 1 && r.cells[0].span >= n;
            let spaced;
            let row = if row.rule == Rule::None
                && row.joins.is_none()
                && i.checked_sub(1)
                    .and_then(|k| t.body.get(k))
                    .is_some_and(across)
            {
                spaced = Row {
                    rule: Rule::Space,
                    ..row.clone()
                };
                &spaced
            } else {
                row
            };
            let body = BodyRow {
                after_keep: i.checked_sub(1).is_some_and(kept),
                label: (needs(i) || needs(i + 1)).then(|| label(i)),
                previous: i.checked_sub(1).filter(|_| needs(i)).map(label),
                carried: carried.get(i).map(Vec::as_slice).unwrap_or_default(),
                keep: kept(i),
                index: i,
                hangs: &hangs,
            };
            self.row(out, t, row, Some(body));
        }
        out.push_str("\\end{longtable}\n\\endgroup\n");
        if t.wide {
            out.push_str("\\end{landscape}\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut bad = Vec::new();
        let out = escape(s, true, &mut bad);
        assert!(bad.is_empty(), "{bad:?}");
        out
    }

    #[test]
    fn specials_are_text() {
        assert_eq!(
            esc(r"\input{/etc/passwd} $x$ & # ^^5c _ % ~"),
            r"\textbackslash{}input\{/etc/passwd\} \$x\$ \& \# \textasciicircum{}\textasciicircum{}5c \_ \% \textasciitilde{}"
        );
    }

    #[test]
    fn brackets_never_start_an_optional_argument() {
        assert_eq!(esc("[...] and [x]"), "{[}...{]} and {[}x{]}");
        assert_eq!(esc("*star"), "{*}star");
    }

    #[test]
    fn no_ligatures_the_user_did_not_write() {
        assert_eq!(esc("a--b---c"), "a-{}-b-{}-{}-c");
        assert_eq!(
            esc("''x,,y<<z>>"),
            "\\textquoteleft{}\\textquoteleft{}x,{},y\\textless{}\\textless{}z\\textgreater{}\\textgreater{}"
        );
        assert_eq!(esc("x''"), "x'{}'{}");
        assert_eq!(esc("end-"), "end-{}");
        assert_eq!(esc("–—…"), "{--}{---}\\ldots{}");
        // Three full stops typed as such stay as written.
        assert_eq!(
            esc("and... “so…”"),
            "and... \\textquotedblleft{}so\\ldots{}\\textquotedblright{}"
        );
    }

    #[test]
    fn quotes_and_paragraphs() {
        assert_eq!(
            esc("„Ja“ “yes” ‘it’s’"),
            "\\quotedblbase{}Ja\\textquotedblleft{} \\textquotedblleft{}yes\\textquotedblright{} \\textquoteleft{}it\\textquoteright{}s\\textquoteright{}"
        );
        // Straight marks as pandoc's smart punctuation reads them.
        assert_eq!(
            esc("'Okay, we can deploy' and \"so\" (\"this\") it's"),
            "\\textquoteleft{}Okay, we can deploy' and \\textquotedblleft{}so\\textquotedblright{} (\\textquotedblleft{}this\\textquotedblright{}) it's"
        );
        assert_eq!(
            esc("one\n\ntwo\nthree"),
            "one\\par\\vspace{3pt} two\\codebookline three"
        );
        assert_eq!(esc("\none\n"), " one ");
        let mut bad = Vec::new();
        assert_eq!(escape("one\n\ntwo", false, &mut bad), "one two");
    }

    #[test]
    fn latin_letters_stay_and_decomposed_accents_compose() {
        assert_eq!(esc("Grüße, Øre, łódź"), "Grüße, Øre, łódź");
        assert_eq!(esc("Gru\u{0308}ße"), "Gr\\\"{u}ße");
        assert_eq!(esc("a\u{0301}\u{0308}"), "\\\"{\\'{a}}");
    }

    #[test]
    fn untypesettable_characters_are_reported() {
        let mut bad = Vec::new();
        escape("ok 😀 中 Ж \u{7} 1\u{0308}", true, &mut bad);
        assert_eq!(bad, vec!['😀', '中', 'Ж', '\u{7}', '\u{0308}']);
    }

    #[test]
    fn lualatex_lets_scripts_through_and_still_escapes() {
        let lua = |s: &str| {
            let mut bad = Vec::new();
            let out = escape_for(s, true, Engine::Lualatex, &mut bad);
            (out, bad)
        };
        assert_eq!(
            lua("«Жить» $x$ и ‘λόγος’"),
            (
                "\\guillemotleft{}Жить\\guillemotright{} \\$x\\$ и \\textquoteleft{}λόγος\\textquoteright{}"
                    .to_string(),
                vec![]
            )
        );
        // A right-to-left run holds the blanks between its words, not the full stop after it.
        assert_eq!(
            lua("a نحن نجتمع. ב"),
            (
                "a \\codebookarabic{نحن نجتمع}. \\codebookhebrew{ב}".to_string(),
                vec![]
            )
        );
        // Chinese may break between characters, not before closing punctuation.
        assert_eq!(
            lua("开会。\\"),
            (
                "\\codebookcjk{开\\hspace{0pt}会。}\\textbackslash{}".to_string(),
                vec![]
            )
        );
        assert_eq!(lua("ok 😀 क").1, vec!['😀', 'क']);
        // pdflatex's escaping is unchanged.
        let mut bad = Vec::new();
        escape("Жить 中", true, &mut bad);
        assert_eq!(bad, vec!['Ж', 'и', 'т', 'ь', '中']);
    }

    #[test]
    fn widths_fill_the_line() {
        assert_eq!(
            dim(5000, 20000, false),
            "\\dimexpr0.5000\\linewidth-2.0000\\tabcolsep\\relax"
        );
        assert_eq!(
            dim(1000, -5000, true),
            "\\dimexpr0.1000\\linewidth+0.5000\\tabcolsep-0.1pt\\relax"
        );
    }
}
