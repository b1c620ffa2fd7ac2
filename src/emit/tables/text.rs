//! Texts the tables print: runs made from the file's texts, dates, durations, plurals, and long
//! quotes split where a page may break.

use super::model::{Content, Origin, Para, Run, Style};
use crate::model::{Attribute, DateRange, Text};

/// A paragraph of a quote longer than this (in characters) is split into rows at a sentence
/// end, so a page can break inside it: a table row cannot break across pages. A narrow quote
/// column gets shorter pieces (`latex::piece_characters`).
pub(super) const MAX_PIECE: usize = 1200;

pub(super) fn plain(text: impl Into<String>) -> Run {
    Run {
        text: text.into(),
        style: Style::Plain,
        origin: None,
    }
}

pub(super) fn styled(text: impl Into<String>, style: Style) -> Run {
    Run {
        text: text.into(),
        style,
        origin: None,
    }
}

pub(super) fn from(t: &Text, style: Style, what: String) -> Run {
    Run {
        text: t.text.clone(),
        style,
        origin: Some(Origin {
            span: t.span.clone(),
            what,
        }),
    }
}

/// A text split at its paragraph breaks (`\n\n`), each paragraph in `style`.
pub(super) fn paragraphs(t: &Text, style: Style, what: &str) -> Content {
    Content {
        paras: t
            .text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .enumerate()
            .map(|(i, p)| Para {
                indent: 0,
                gap: i > 0,
                item: false,
                runs: vec![Run {
                    text: p.to_string(),
                    style,
                    origin: Some(Origin {
                        span: t.span.clone(),
                        what: what.to_string(),
                    }),
                }],
            })
            .collect(),
    }
}

/// An attribute's value as a cell prints it: one paragraph, or, of several texts
/// (`activity: "Expert panel", "Delphi prioritisation"`), an item of a list each.
pub(super) fn attribute(a: &Attribute, what: &str) -> Vec<Para> {
    let run = |text: &str| Run {
        text: text.to_string(),
        style: Style::Plain,
        origin: Some(Origin {
            span: a.key.span.clone(),
            what: what.to_string(),
        }),
    };
    let list = a.items.len() > 1;
    let items = match list {
        true => a.items.iter().map(String::as_str).collect(),
        false => vec![a.value.as_str()],
    };
    items
        .into_iter()
        .map(|item| Para {
            indent: 0,
            // The items of a list: lines, not paragraphs set apart.
            gap: false,
            item: list,
            runs: vec![run(item)],
        })
        .collect()
}

/// The first words of a text, for naming it in a message.
pub(crate) fn excerpt(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let short: String = flat.chars().take(40).collect();
    if short.len() < flat.len() {
        // At a word's end when there is one.
        let cut = match flat[short.len()..].starts_with(' ') {
            true => short.len(),
            false => short.rfind(' ').filter(|i| *i >= 20).unwrap_or(short.len()),
        };
        format!("“{}…”", short[..cut].trim_end())
    } else {
        format!("“{short}”")
    }
}

/// Minutes as printed: `5 h`, `30 min`, `1 h 30 min`.
pub(crate) fn duration(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

pub(super) fn range_long(r: &DateRange) -> String {
    if r.is_single() {
        r.start.long()
    } else {
        format!("{}–{}", r.start.long(), r.end.long())
    }
}

pub(super) fn range_short(r: &DateRange) -> String {
    if r.is_single() {
        r.start.short()
    } else {
        format!("{}–{}", r.start.short(), r.end.short())
    }
}

/// A naive English plural, for a group of observations each declared in the singular
/// ("strategic meeting" → "strategic meetings"). Words already ending in `s` stay.
pub(super) fn pluralise(label: &str) -> String {
    let lower = label.to_lowercase();
    if lower.ends_with('s') {
        label.to_string()
    } else if lower.ends_with("ch") || lower.ends_with("sh") || lower.ends_with('x') {
        format!("{label}es")
    } else if lower.ends_with('y')
        && !lower
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| "aeiou".contains(c))
    {
        format!("{}ies", &label[..label.len() - 1])
    } else {
        format!("{label}s")
    }
}

/// What ends a sentence inside a paragraph: its mark and the blank after it.
const SENTENCE_ENDS: [&str; 6] = [". ", "? ", "! ", ".” ", "?” ", "!” "];

/// Where the sentences of `text` end inside it: the byte offset of the blank after each
/// sentence's closing mark, in order.
pub(crate) fn sentence_ends(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = SENTENCE_ENDS
        .iter()
        .flat_map(|p| text.match_indices(p).map(|(i, _)| i + p.len() - 1))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Split a paragraph into pieces of at most about `most` characters ([`MAX_PIECE`], or fewer
/// for a narrow column), at sentence ends where it can, else at a space.
pub(super) fn pieces(paragraph: &str, most: usize) -> Vec<String> {
    let most = most.max(1);
    let mut out = Vec::new();
    let mut rest = paragraph.trim();
    while rest.chars().count() > most {
        let limit = rest.char_indices().nth(most).map_or(rest.len(), |(i, _)| i);
        let head = &rest[..limit];
        let cut = SENTENCE_ENDS
            .iter()
            .filter_map(|p| head.rfind(p).map(|i| i + p.len() - 1))
            .filter(|i| *i > limit / 3)
            .max()
            .or_else(|| head.rfind(' ').filter(|i| *i > 0))
            .unwrap_or(limit);
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paragraphs_split_at_sentence_ends() {
        let sentence = "This sentence is about fifty characters long, yes. ";
        let text = sentence.repeat(60);
        let p = pieces(&text, MAX_PIECE);
        assert!(p.len() >= 3, "{}", p.len());
        for piece in &p {
            assert!(piece.chars().count() <= MAX_PIECE);
            assert!(piece.ends_with('.'), "{piece}");
        }
        assert_eq!(p.join(" "), text.trim());
    }

    #[test]
    fn unbreakable_text_is_split_somewhere() {
        let text = "x".repeat(3000);
        let p = pieces(&text, MAX_PIECE);
        assert_eq!(p.concat(), text);
    }

    #[test]
    fn plurals_and_dates() {
        assert_eq!(pluralise("strategic meeting"), "strategic meetings");
        assert_eq!(pluralise("press conferences"), "press conferences");
        assert_eq!(pluralise("city"), "cities");
        assert_eq!(pluralise("day"), "days");
        assert_eq!(pluralise("lunch"), "lunches");
        assert_eq!(duration(300), "5 h");
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(30), "30 min");
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("short"), "“short”");
        assert_eq!(
            excerpt("a very long quote that goes on and on and on and on"),
            "“a very long quote that goes on and on…”"
        );
    }
}
