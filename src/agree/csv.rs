//! A reliability data matrix as CSV (`codebook agree --units FILE.csv`): a header row of
//! coders' names, then one row per unit, one column per coder, each cell a category or empty
//! (missing).
//!
//! Fields are separated by commas; a field in double quotes may hold commas, line breaks and
//! `""` for a quote mark (RFC 4180). Blanks around a cell are not part of it, so a cell of
//! blanks is missing. Lines end in `\n` or `\r\n`; a byte order mark and empty lines are
//! skipped.

use super::data::{Data, DataError};

/// What is wrong with a CSV file, and where (line and column count from 1, columns in
/// characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The line it is on.
    pub line: usize,
    /// The column it is at.
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for CsvError {}

/// One record: its fields, each with the line and column it starts at, and the line the
/// record starts on.
struct Record {
    line: usize,
    fields: Vec<(String, usize, usize)>,
}

/// Split text into records of fields.
fn records(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut record = Record {
        line,
        fields: Vec::new(),
    };
    let mut field = String::new();
    let mut start = (line, column);
    let mut quoted_at: Option<(usize, usize)> = None;
    let mut after_quote = false;
    while let Some(c) = chars.next() {
        let here = (line, column);
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
        if quoted_at.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    column += 1;
                    field.push('"');
                } else {
                    quoted_at = None;
                    after_quote = true;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !after_quote => {
                field.clear();
                quoted_at = Some(here);
            }
            '"' => {
                return Err(CsvError {
                    line: here.0,
                    column: here.1,
                    message: "a quote mark inside a cell that does not start with one: put \
                              the whole cell in quotes and double the mark (`\"a \"\"b\"\"\"`)"
                        .into(),
                });
            }
            ',' => {
                record
                    .fields
                    .push((std::mem::take(&mut field), start.0, start.1));
                start = (line, column);
                after_quote = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record
                    .fields
                    .push((std::mem::take(&mut field), start.0, start.1));
                let blank = record.fields.len() == 1 && record.fields[0].0.trim().is_empty();
                if !blank {
                    out.push(record);
                }
                if c == '\r' {
                    line += 1;
                    column = 1;
                }
                record = Record {
                    line,
                    fields: Vec::new(),
                };
                start = (line, column);
                after_quote = false;
            }
            _ if after_quote && !c.is_whitespace() => {
                return Err(CsvError {
                    line: here.0,
                    column: here.1,
                    message: "text after the closing quote mark of a cell: a cell in quotes \
                              ends at its closing mark"
                        .into(),
                });
            }
            _ => field.push(c),
        }
    }
    if let Some((l, c)) = quoted_at {
        return Err(CsvError {
            line: l,
            column: c,
            message: "this quote mark opens a cell that is never closed".into(),
        });
    }
    if !field.is_empty() || !record.fields.is_empty() {
        record.fields.push((field, start.0, start.1));
        let blank = record.fields.len() == 1 && record.fields[0].0.trim().is_empty();
        if !blank {
            out.push(record);
        }
    }
    Ok(out)
}

/// A unit as the CSV file gave it: its line, and its cells.
pub type Units = Vec<(usize, Vec<Option<String>>)>;

/// Read a reliability data matrix: the coders (the header) and each unit with its line.
pub fn parse(text: &str) -> Result<(Vec<String>, Units), CsvError> {
    let mut records = records(text)?.into_iter();
    let Some(header) = records.next() else {
        return Err(CsvError {
            line: 1,
            column: 1,
            message: "the file is empty: the first line names the coders, one per column \
                      (`alice,bob`), and each line below is one unit"
                .into(),
        });
    };
    let mut coders: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (name, line, column) in &header.fields {
        let name = name.trim();
        let at = |message: String| CsvError {
            line: *line,
            column: *column,
            message,
        };
        if name.is_empty() {
            return Err(at(
                "a column has no coder's name: the first line names the coder of each column"
                    .into(),
            ));
        }
        coders.push(name.to_string());
        if !seen.insert(name) {
            return Err(at(format!("the coder `{name}` has two columns")));
        }
    }
    if coders.len() < 2 {
        return Err(CsvError {
            line: header.line,
            column: 1,
            message: format!(
                "agreement needs two coders or more, and the first line names {}",
                crate::words::count(coders.len(), "coder", "coders")
            ),
        });
    }
    let mut units = Vec::new();
    for r in records {
        if r.fields.len() != coders.len() {
            let (line, column) = r
                .fields
                .get(coders.len())
                .map_or((r.line, 1), |f| (f.1, f.2));
            return Err(CsvError {
                line,
                column,
                message: format!(
                    "this unit has {}, but the first line names {}",
                    crate::words::count(r.fields.len(), "cell", "cells"),
                    crate::words::count(coders.len(), "coder", "coders")
                ),
            });
        }
        let cells = r
            .fields
            .into_iter()
            .map(|(v, _, _)| {
                let v = v.trim();
                (!v.is_empty()).then(|| v.to_string())
            })
            .collect();
        units.push((r.line, cells));
    }
    Ok((coders, units))
}

/// The matrix of a parsed file.
pub fn data(coders: Vec<String>, units: &Units) -> Result<Data, DataError> {
    let cells: Vec<Vec<Option<String>>> = units.iter().map(|(_, c)| c.clone()).collect();
    Data::from_names(coders, &cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_blanks_and_line_ends() {
        let (coders, units) =
            parse("\u{FEFF}alice, bob\r\n1,\" 2,3 \"\n\n,x\n\"a\"\"b\",  \n").unwrap();
        assert_eq!(coders, ["alice", "bob"]);
        assert_eq!(units.len(), 3);
        assert_eq!(units[0], (2, vec![Some("1".into()), Some("2,3".into())]));
        assert_eq!(units[1], (4, vec![None, Some("x".into())]));
        assert_eq!(units[2].1, vec![Some("a\"b".into()), None]);
    }

    #[test]
    fn errors_say_where() {
        let e = parse("a,b\n1,2,3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 5));
        let e = parse("a,b\n1,\"2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        let e = parse("a,a\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        let e = parse("a,b\n1,x\"y\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
        assert!(parse("").is_err() && parse("only\n1\n").is_err());
    }
}
