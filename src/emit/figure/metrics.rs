//! How wide a text is in a sans-serif font, without the font: a table of advances.
//!
//! SVG and TikZ output place text themselves, so the layout must know each label's width
//! before any renderer sees it. The table holds, per character, the *largest* advance among
//! the sans-serif faces a reader's machine is likely to substitute for `sans-serif`:
//! DejaVu Sans (most Linux systems), Helvetica/Arial (macOS, Windows; the TikZ output's
//! `phv`) and Noto Sans, regular and bold, in thousandths of an em, rounded up. Kerning is
//! ignored (it only narrows text). A label measured here therefore fits its box in any of
//! those fonts.
//!
//! Characters outside the table fall back by class: combining marks take no width, other
//! upper-case letters 1 em (1.1 em bold), other lower-case letters 0.75 em (0.82 em bold),
//! everything else (CJK, symbols) 1 em (1.1 em bold).

/// A font of the figure: size in points (SVG user units) and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    /// The size in points.
    pub size: f64,
    /// Whether the face is bold.
    pub bold: bool,
}

impl Font {
    /// The regular face at `size` points.
    pub const fn regular(size: f64) -> Font {
        Font { size, bold: false }
    }

    /// The bold face at `size` points.
    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }

    /// Distance between baselines of wrapped lines.
    pub(crate) fn line_height(self) -> f64 {
        (self.size * 1.25).ceil()
    }

    /// How far glyphs reach above the baseline (accents on capitals included).
    pub fn ascent(self) -> f64 {
        self.size * 0.93
    }

    /// How far glyphs reach below the baseline.
    pub fn descent(self) -> f64 {
        self.size * 0.24
    }
}

/// Width of `text` set on one line in `font`.
pub fn text_width(text: &str, font: Font) -> f64 {
    let thousandths: u64 = text.chars().map(|c| u64::from(advance(c, font.bold))).sum();
    thousandths as f64 * font.size / 1000.0
}

/// The advance of one character in thousandths of an em.
pub(crate) fn advance(c: char, bold: bool) -> u16 {
    let (table, extra) = if bold {
        (&BOLD, &BOLD_EXTRA)
    } else {
        (&REGULAR, &REGULAR_EXTRA)
    };
    let u = c as u32;
    if (0x20..=0x7E).contains(&u) {
        return table[(u - 0x20) as usize];
    }
    if (0xA0..=0xFF).contains(&u) {
        return table[(u - 0xA0 + 95) as usize];
    }
    if let Some((_, w)) = extra.iter().find(|(e, _)| *e == c) {
        return *w;
    }
    if (0x300..=0x36F).contains(&u) || (0x200B..=0x200D).contains(&u) {
        return 0;
    }
    match (c.is_uppercase(), c.is_lowercase(), bold) {
        (true, _, false) => 1000,
        (true, _, true) => 1100,
        (_, true, false) => 750,
        (_, true, true) => 820,
        (_, _, false) => 1000,
        (_, _, true) => 1100,
    }
}

/// Break `text` into lines no wider than `width`: at spaces first; a word wider than a line
/// is broken after a hyphen, dash or slash inside it, and failing that between characters.
/// Runs of white space count as one space. Never returns an empty list for non-blank text.
pub(crate) fn wrap(text: &str, font: Font, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        for piece in split_word(word, font, width) {
            let candidate = if cur.is_empty() {
                piece.clone()
            } else if cur.ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}', '/'])
                && !word.starts_with(piece.as_str())
            {
                // The continuation of a word broken after a hyphen: no space between.
                format!("{cur}{piece}")
            } else {
                format!("{cur} {piece}")
            };
            if cur.is_empty() || text_width(&candidate, font) <= width {
                cur = candidate;
            } else {
                lines.push(std::mem::take(&mut cur));
                cur = piece;
            }
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A word as pieces that each fit `width` (the word itself when it fits).
fn split_word(word: &str, font: Font, width: f64) -> Vec<String> {
    if text_width(word, font) <= width {
        return vec![word.to_string()];
    }
    // Break points after hyphens, dashes and slashes.
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in word.chars() {
        cur.push(c);
        if matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}' | '/') {
            parts.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    // Join parts greedily; a part still too wide is cut between characters.
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let joined = format!("{line}{part}");
        if text_width(&joined, font) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if text_width(&part, font) <= width {
            line = part;
            continue;
        }
        for c in part.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && text_width(&next, font) > width {
                out.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The width of the widest word of `text`, the narrowest a box can be without cutting words.
pub(crate) fn widest_word(text: &str, font: Font) -> f64 {
    text.split_whitespace()
        .map(|w| text_width(w, font))
        .fold(0.0, f64::max)
}

/// Advances of U+0020..=U+007E, then U+00A0..=U+00FF, regular weight.
const REGULAR: [u16; 191] = [
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637,
    637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 556, 1015, 685, 687, 722, 771, 667,
    611, 778, 752, 295, 500, 667, 558, 863, 749, 788, 667, 788, 722, 667, 611, 732, 685, 989, 686,
    667, 686, 391, 337, 391, 838, 556, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580,
    278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
    318, 401, 637, 637, 637, 637, 337, 556, 500, 1000, 472, 612, 838, 361, 1000, 500, 500, 838,
    401, 401, 500, 637, 637, 318, 500, 401, 472, 612, 970, 970, 970, 611, 685, 685, 685, 685, 685,
    685, 1000, 722, 667, 667, 667, 667, 295, 295, 295, 295, 775, 749, 788, 788, 788, 788, 788, 838,
    788, 732, 732, 732, 732, 667, 667, 630, 613, 613, 613, 613, 613, 613, 982, 550, 616, 616, 616,
    616, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592,
    635, 592,
];

/// The same, bold.
const BOLD: [u16; 191] = [
    349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 763, 734, 831, 684,
    684, 821, 837, 373, 556, 775, 638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771,
    725, 726, 458, 366, 458, 838, 556, 500, 675, 716, 593, 716, 679, 436, 716, 712, 343, 343, 666,
    343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838,
    349, 457, 696, 696, 637, 696, 366, 556, 500, 1000, 564, 646, 838, 416, 1000, 500, 500, 838,
    438, 438, 500, 736, 637, 380, 500, 438, 564, 646, 1036, 1036, 1036, 611, 774, 774, 774, 774,
    774, 774, 1085, 734, 684, 684, 684, 684, 373, 373, 373, 373, 838, 837, 851, 851, 851, 851, 851,
    838, 851, 813, 813, 813, 813, 725, 738, 720, 675, 675, 675, 675, 675, 675, 1048, 593, 679, 679,
    679, 679, 343, 343, 343, 343, 688, 712, 688, 688, 688, 688, 688, 838, 688, 712, 712, 712, 712,
    652, 716, 652,
];

/// Typographic punctuation outside Latin-1, regular weight.
const REGULAR_EXTRA: [(char, u16); 15] = [
    ('\u{2013}', 556),  // –
    ('\u{2014}', 1000), // —
    ('\u{2018}', 318),  // ‘
    ('\u{2019}', 318),  // ’
    ('\u{201A}', 318),  // ‚
    ('\u{201C}', 519),  // “
    ('\u{201D}', 519),  // ”
    ('\u{201E}', 519),  // „
    ('\u{2022}', 590),  // •
    ('\u{2026}', 1000), // …
    ('\u{2039}', 400),  // ‹
    ('\u{203A}', 400),  // ›
    ('\u{20AC}', 637),  // €
    ('\u{2122}', 1000), // ™
    ('\u{2212}', 838),  // −
];

/// The same, bold.
const BOLD_EXTRA: [(char, u16); 15] = [
    ('\u{2013}', 556),  // –
    ('\u{2014}', 1000), // —
    ('\u{2018}', 380),  // ‘
    ('\u{2019}', 380),  // ’
    ('\u{201A}', 380),  // ‚
    ('\u{201C}', 658),  // “
    ('\u{201D}', 658),  // ”
    ('\u{201E}', 658),  // „
    ('\u{2022}', 640),  // •
    ('\u{2026}', 1000), // …
    ('\u{2039}', 413),  // ‹
    ('\u{203A}', 413),  // ›
    ('\u{20AC}', 696),  // €
    ('\u{2122}', 1000), // ™
    ('\u{2212}', 838),  // −
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_add_up() {
        let f = Font::regular(10.0);
        assert!((text_width("ab", f) - (6.13 + 6.35)).abs() < 1e-9);
        assert!(text_width("W", Font::bold(10.0)) > text_width("W", f));
        assert_eq!(text_width("", f), 0.0);
    }

    #[test]
    fn wrapping_respects_the_width() {
        let f = Font::regular(9.0);
        let text = "Faced barriers of extensive mistrust, but built on intensified commitment";
        let lines = wrap(text, f, 100.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, f) <= 100.0));
        assert_eq!(lines.join(" "), text);
        // A long word breaks after its hyphen, then between characters.
        let lines = wrap("inter-organizational", f, 40.0);
        assert!(lines.iter().all(|l| text_width(l, f) <= 40.0), "{lines:?}");
        assert_eq!(lines.concat(), "inter-organizational");
        assert_eq!(lines[0], "inter-");
        assert!(wrap("  ", f, 40.0).is_empty());
    }
}
