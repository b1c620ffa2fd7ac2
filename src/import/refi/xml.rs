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

/// What a file's selection positions count: characters (Unicode scalar values, as the
/// standard says), UTF-16 code units (what programs built on Java, .NET or JavaScript strings
/// write), or UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Chars,
    Utf16,
    Bytes,
}

impl Unit {
    fn width(self, ch: char) -> usize {
        match self {
            Unit::Chars => 1,
            Unit::Utf16 => ch.len_utf16(),
            Unit::Bytes => ch.len_utf8(),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Unit::Chars => "characters",
            Unit::Utf16 => "UTF-16 code units",
            Unit::Bytes => "bytes",
        }
    }
}

/// The byte offsets of some positions in a text, found in one pass over it (a table of every
/// character's offset would take eight bytes per character).
pub(super) struct Offsets {
    /// The positions asked for, sorted, without repeats.
    positions: Vec<usize>,
    /// Their byte offsets, `None` for those outside the text or inside a character.
    bytes: Vec<Option<usize>>,
}

impl Offsets {
    /// Character positions.
    #[cfg(test)]
    pub(super) fn of(text: &str, positions: Vec<usize>) -> Offsets {
        Offsets::counting(text, positions, Unit::Chars)
    }

    /// Positions that count `unit`s.
    pub(super) fn counting(text: &str, mut positions: Vec<usize>, unit: Unit) -> Offsets {
        positions.sort_unstable();
        positions.dedup();
        let mut bytes = Vec::with_capacity(positions.len());
        if text.is_ascii() {
            bytes.extend(positions.iter().map(|p| (*p <= text.len()).then_some(*p)));
        } else {
            let mut wanted = positions.iter().peekable();
            let mut at = 0usize;
            let every = text.char_indices().map(Some);
            for item in every.chain(std::iter::once(None)) {
                // Positions that fall inside the character before `at` match nothing.
                while wanted.next_if(|p| **p < at).is_some() {
                    bytes.push(None);
                }
                let byte = item.map_or(text.len(), |(b, _)| b);
                while wanted.next_if(|p| **p == at).is_some() {
                    bytes.push(Some(byte));
                }
                match item {
                    Some((_, ch)) if wanted.peek().is_some() => at += unit.width(ch),
                    _ => break,
                }
            }
            bytes.resize(positions.len(), None);
        }
        Offsets { positions, bytes }
    }

    /// The byte offset of position `at`, if it is one of those asked for and lies within the
    /// text, on a character's edge.
    pub(super) fn byte(&self, at: usize) -> Option<usize> {
        let i = self.positions.binary_search(&at).ok()?;
        self.bytes.get(i).copied().flatten()
    }

    /// The offsets of selections' `(start, end)` positions, counted in characters unless
    /// the file plainly counts something else: then in that, with the reason, for a warning.
    /// A count fits when every position lies in the text on a character's edge; of those
    /// that fit, the one that puts the most selection edges on word edges is taken, and
    /// characters when it ties.
    pub(super) fn fitting(text: &str, edges: &[(usize, usize)]) -> (Offsets, Option<String>) {
        let positions: Vec<usize> = edges.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let chars = Offsets::counting(text, positions.clone(), Unit::Chars);
        if text.is_ascii() {
            return (chars, None);
        }
        let judge = |o: &Offsets| -> Option<usize> {
            let mut on_word_edges = 0;
            for (a, b) in edges {
                let (start, end) = (o.byte(*a)?, o.byte(*b)?);
                on_word_edges += usize::from(word_edge(text, start));
                on_word_edges += usize::from(word_edge(text, end));
            }
            Some(on_word_edges)
        };
        let ours = judge(&chars);
        let mut best: Option<(Unit, Offsets, usize)> = None;
        for unit in [Unit::Utf16, Unit::Bytes] {
            let o = Offsets::counting(text, positions.clone(), unit);
            if let Some(score) = judge(&o)
                && ours.is_none_or(|c| score > c)
                && best.as_ref().is_none_or(|b| score > b.2)
            {
                best = Some((unit, o, score));
            }
        }
        let Some((unit, offsets, score)) = best else {
            return (chars, None);
        };
        let all = 2 * edges.len();
        let why = match ours {
            None => format!(
                "counted in characters, as the standard says, the selections do not fit the text; counted in {}, they do ({score} of {all} selection edges on word edges): read so",
                unit.words()
            ),
            Some(c) => format!(
                "the selections' positions count {}, not characters as the standard says: so {score} of {all} selection edges fall on word edges, counting characters {c}; read as {}",
                unit.words(),
                unit.words()
            ),
        };
        (offsets, Some(why))
    }
}

/// Whether byte `at` of `text` lies on a word's edge (not between two letters or digits).
fn word_edge(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at..).and_then(|t| t.chars().next());
    !matches!((before, after), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric())
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

    #[test]
    pub(super) fn utf16_positions_are_told_apart_from_characters() {
        let text = "😀😀 They always call back. We trust them.";
        // "They always call back." counted in UTF-16 code units: two more before it.
        let (offsets, why) = Offsets::fitting(text, &[(5, 27)]);
        let why = why.unwrap_or_default();
        assert!(why.contains("UTF-16"), "{why}");
        let (a, b) = (offsets.byte(5), offsets.byte(27));
        assert_eq!(
            a.zip(b).and_then(|(a, b)| text.get(a..b)),
            Some("They always call back.")
        );
        // The same selection counted in characters is read as such, without a word.
        let (offsets, why) = Offsets::fitting(text, &[(3, 25)]);
        assert_eq!(why, None);
        let (a, b) = (offsets.byte(3), offsets.byte(25));
        assert_eq!(
            a.zip(b).and_then(|(a, b)| text.get(a..b)),
            Some("They always call back.")
        );
        // Inside a character is no position.
        assert_eq!(Offsets::counting(text, vec![1], Unit::Utf16).byte(1), None);
    }
}
