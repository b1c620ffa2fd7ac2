//! The table model as aligned plain text, for a terminal: what `codebook stats` prints.
//!
//! Each cell is one line (its paragraphs and line breaks become spaces, control characters
//! show as `check` shows them); columns are as wide
//! as their widest cell, measured in terminal columns ([`width`]: a CJK character takes two),
//! two spaces apart, right-aligned where the column is [`Align::Right`]; a rule of `-` runs
//! under the header. Trailing blanks are cut.

use super::tables::{Align, Content, Row, Table};
use unicode_width::UnicodeWidthStr;

/// How many terminal columns a text takes: two for a wide (CJK) character, none for a
/// combining mark, one for the rest.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A text on one line, safe to show in a terminal: runs of blanks and line breaks become one
/// space, and a character that would act on the terminal (an escape sequence, a
/// bidirectional control) shows as `check` shows it (`?`, `¿` or `�`: `report::visible`).
pub fn one_line(s: &str) -> String {
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::report::visible(&line).into_owned()
}

/// The text of a cell, on one line.
fn cell_text(c: &Content) -> String {
    let text: Vec<String> = c
        .paras
        .iter()
        .map(|p| p.runs.iter().map(|r| r.text.as_str()).collect::<String>())
        .collect();
    one_line(&text.join(" "))
}

/// The cells of a row, one per column (a cell spanning columns is in the first of them).
fn cells(t: &Table, row: &Row) -> Vec<String> {
    let mut out = Vec::with_capacity(t.width());
    for cell in &row.cells {
        out.push(cell_text(&cell.content));
        out.extend((1..cell.span).map(|_| String::new()));
    }
    out.resize(t.width(), String::new());
    out
}

/// Render a table: its header rows, a rule, its body rows; each line ends with a newline.
pub fn render(t: &Table) -> String {
    let head: Vec<Vec<String>> = t.head.iter().map(|r| cells(t, r)).collect();
    let body: Vec<Vec<String>> = t.body.iter().map(|r| cells(t, r)).collect();
    let widths: Vec<usize> = (0..t.width())
        .map(|i| {
            head.iter()
                .chain(&body)
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &[String]| {
        let mut l = String::new();
        for (i, w) in widths.iter().enumerate() {
            let c = row.get(i).map_or("", String::as_str);
            let pad = " ".repeat(w.saturating_sub(width(c)));
            if i > 0 {
                l.push_str("  ");
            }
            if t.columns.get(i).is_some_and(|c| c.align == Align::Right) {
                l.push_str(&pad);
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&pad);
            }
        }
        let mut l = l.trim_end().to_string();
        l.push('\n');
        l
    };
    let mut out = String::new();
    for r in &head {
        out.push_str(&line(r));
    }
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&rule.join("  "));
    out.push('\n');
    for r in &body {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("信任"), 4);
        assert_eq!(width("Gru\u{0308}ße"), 5);
    }
}
