//! XML helpers of the reader: warnings counted per kind, line numbers, children and texts of
//! elements, character positions as byte offsets.

use super::*;
/// Warnings, one per kind of quirk and file: a file that writes every GUID in braces gets
/// one warning with the first element and the count, not hundreds.
#[derive(Default)]
pub(super) struct Quirks {
    pub(super) warnings: Vec<Warning>,
    /// (file, kind) → index into `warnings`, how often seen, and the first message.
    seen: HashMap<(String, &'static str), (usize, usize, String)>,
    /// Elements already counted (an element is read twice: registered, then read).
    elements: HashSet<(String, &'static str, String)>,
}

impl Quirks {
    pub(super) fn add(&mut self, file: &str, kind: &'static str, element: String, message: String) {
        if !self
            .elements
            .insert((file.to_string(), kind, element.clone()))
        {
            return;
        }
        match self.seen.get_mut(&(file.to_string(), kind)) {
            Some((at, count, first)) => {
                *count += 1;
                if let Some(w) = self.warnings.get_mut(*at) {
                    w.message = format!("{first} (and {} more like it)", *count - 1);
                }
            }
            None => {
                self.seen.insert(
                    (file.to_string(), kind),
                    (self.warnings.len(), 1, message.clone()),
                );
                self.warnings.push(Warning {
                    file: file.to_string(),
                    element,
                    message,
                });
            }
        }
    }
}

/// Line numbers of byte offsets in a text: the offsets of its line breaks, found once, and a
/// binary search per lookup. (`roxmltree`'s `text_pos_at` counts from the start of the text
/// each time: an element named in a message per element made an import quadratic.)
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn of(text: &str) -> Lines {
        Lines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The line (from 1) that byte `at` is on.
    pub(super) fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&nl| nl < at) + 1
    }
}

/// How an element is named in messages: `<Code name="Trust"> (line 12)`.
pub(super) fn element(n: Node<'_, '_>, lines: &Lines) -> String {
    let tag = n.tag_name().name();
    let id = match (
        n.attribute("name"),
        n.attribute("guid"),
        n.attribute("targetGUID"),
    ) {
        (Some(name), _, _) => format!(" name=\"{name}\""),
        (None, Some(g), _) => format!(" guid=\"{g}\""),
        (None, None, Some(g)) => format!(" targetGUID=\"{g}\""),
        _ => String::new(),
    };
    format!("<{tag}{id}> (line {})", lines.line(n.range().start))
}

pub(super) fn children<'a, 'i>(
    n: Node<'a, 'i>,
    tag: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == tag)
}

pub(super) fn child<'a, 'i>(n: Node<'a, 'i>, tag: &'static str) -> Option<Node<'a, 'i>> {
    children(n, tag).next()
}

/// All the text inside an element.
pub(super) fn text_of(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

/// Text with `\r\n` and lone `\r` as `\n`.
pub(super) fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

pub(super) fn non_blank(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// The byte offsets of some character positions in a text, found in one pass over it (a
/// table of every character's offset would take eight bytes per character).
pub(super) struct Offsets {
    /// The positions asked for, sorted, without repeats.
    positions: Vec<usize>,
    /// Their byte offsets, for those within the text (the end of the text is a position).
    bytes: Vec<usize>,
}

impl Offsets {
    pub(super) fn of(text: &str, mut positions: Vec<usize>) -> Offsets {
        positions.sort_unstable();
        positions.dedup();
        let mut bytes = Vec::with_capacity(positions.len());
        if text.is_ascii() {
            bytes.extend(positions.iter().take_while(|p| **p <= text.len()));
        } else {
            let mut wanted = positions.iter().peekable();
            let every = text.char_indices().map(|(b, _)| b);
            for (at, byte) in every.chain(std::iter::once(text.len())).enumerate() {
                while wanted.next_if(|p| **p == at).is_some() {
                    bytes.push(byte);
                }
                if wanted.peek().is_none() {
                    break;
                }
            }
        }
        Offsets { positions, bytes }
    }

    /// The byte offset of character position `at`, if it is one of those asked for and lies
    /// within the text.
    pub(super) fn byte(&self, at: usize) -> Option<usize> {
        let i = self.positions.binary_search(&at).ok()?;
        self.bytes.get(i).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn line_numbers_are_roxmltree_s() {
        let text = "<?xml version=\"1.0\"?>\n<a>\r\n  <b/><c>\n\n<d/></c>\n<e\nx=\"1\"/></a>\n";
        let doc = Document::parse(text).expect("well-formed");
        let lines = Lines::of(text);
        let mut seen = 0;
        for n in doc.descendants().filter(|n| n.is_element()) {
            let at = n.range().start;
            assert_eq!(
                lines.line(at),
                doc.text_pos_at(at).row as usize,
                "{}",
                n.tag_name().name()
            );
            seen += 1;
        }
        assert_eq!(seen, 5);
        assert_eq!(element(doc.root_element(), &lines), "<a> (line 2)");
        assert_eq!((lines.line(0), lines.line(text.len())), (1, 8));
    }

    #[test]
    pub(super) fn character_positions_become_byte_offsets() {
        for text in ["plain ASCII", "Grüße, “quotes” and 😀 too", ""] {
            let n = text.chars().count();
            let positions: Vec<usize> = (0..=n + 2).rev().collect();
            let offsets = Offsets::of(text, positions);
            for at in 0..=n + 2 {
                let expected = text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([text.len()])
                    .nth(at);
                assert_eq!(offsets.byte(at), expected, "{text:?} at {at}");
            }
        }
        // Only the positions asked for are known.
        let offsets = Offsets::of("abc", vec![2]);
        assert_eq!((offsets.byte(2), offsets.byte(1)), (Some(2), None));
    }
}
