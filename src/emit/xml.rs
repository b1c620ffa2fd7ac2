//! Escaping text for XML, for every XML output (REFI-QDA's `.qdc`/`.qdpx`, SVG figures): one
//! rule for the characters XML cannot carry, and one escaper.
//!
//! Where the text goes decides what else is escaped ([`Place`]): element content keeps its line
//! breaks, an attribute value carries them as references (an XML reader would turn them into
//! spaces), and SVG writes every text on one line.

/// Whether XML 1.0 can carry a character at all (even as a reference): not the control
/// characters other than tab and line breaks, nor U+FFFE and U+FFFF.
pub fn can_carry(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Where an escaped text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Element content: `& < >`; a carriage return as `&#13;`, which a reader would otherwise
    /// read as a line feed.
    Content,
    /// A value in double quotes: `& < > "`; tab and line breaks as references, which a reader
    /// would otherwise read as spaces.
    Attribute,
    /// SVG, in content and attributes alike: `& < > " '`, and tab and line breaks as spaces
    /// (a figure's texts are single lines).
    Svg,
}

/// Escape `s` for `place`. A character XML cannot carry ([`can_carry`]) is written as U+FFFD,
/// the replacement character, so an XML output is always well-formed. Each output decides
/// before that what such a character means: REFI-QDA files, which must keep every text as
/// written, refuse the codebook (`invalid_value` at the text, nothing written); an SVG
/// figure, a drawing of the texts, shows the replacement character where it stood.
pub fn escape(s: &str, place: Place) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match (ch, place) {
            ('&', _) => out.push_str("&amp;"),
            ('<', _) => out.push_str("&lt;"),
            ('>', _) => out.push_str("&gt;"),
            ('"', Place::Attribute | Place::Svg) => out.push_str("&quot;"),
            ('\'', Place::Svg) => out.push_str("&apos;"),
            ('\t' | '\n' | '\r', Place::Svg) => out.push(' '),
            ('\r', _) => out.push_str("&#13;"),
            ('\n', Place::Attribute) => out.push_str("&#10;"),
            ('\t', Place::Attribute) => out.push_str("&#9;"),
            (ch, _) if !can_carry(ch) => out.push(char::REPLACEMENT_CHARACTER),
            (ch, _) => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_place_escapes_what_it_must() {
        let s = "a&b<c>d\"e'f\tg\nh\ri\u{1}j\u{FFFF}k";
        assert_eq!(
            escape(s, Place::Content),
            "a&amp;b&lt;c&gt;d\"e'f\tg\nh&#13;i\u{FFFD}j\u{FFFD}k"
        );
        assert_eq!(
            escape(s, Place::Attribute),
            "a&amp;b&lt;c&gt;d&quot;e'f&#9;g&#10;h&#13;i\u{FFFD}j\u{FFFD}k"
        );
        assert_eq!(
            escape(s, Place::Svg),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f g h i\u{FFFD}j\u{FFFD}k"
        );
    }

    #[test]
    fn what_xml_cannot_carry() {
        assert!(can_carry('\t') && can_carry('\n') && can_carry('\r') && can_carry('é'));
        assert!(!can_carry('\u{0}') && !can_carry('\u{1F}') && !can_carry('\u{FFFE}'));
        assert!(can_carry('\u{10000}'));
    }
}
