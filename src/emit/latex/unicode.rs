//! LaTeX for LuaLaTeX (`--engine lualatex`): the scripts it typesets, the fonts for each and
//! the preamble lines that load them.
//!
//! Text is escaped as for pdflatex (no text can run a command; quotes and dashes become the
//! same commands, which the TU encoding of `fontspec` has too), and the letters of the scripts
//! listed here pass through as UTF-8. Each script's characters are exactly those its font's
//! character map holds (read with `fc-query`), so a character the font lacks is reported
//! (`untypesettable_character`), never a box or a gap in the PDF:
//!
//! | script | font | Debian package |
//! | --- | --- | --- |
//! | Latin (what pdflatex typesets), Greek, Cyrillic | DejaVu Serif (a dozen symbols it lacks in Latin Modern) | `fonts-dejavu-core`, `fonts-dejavu-extra` (italics) |
//! | Hebrew, Arabic | DejaVu Sans, right to left | `fonts-dejavu-core` |
//! | Chinese, Japanese, Korean | WenQuanYi Micro Hei | `fonts-wqy-microhei` |
//!
//! The main font is always loaded; the others only when the codebook's text holds their script. A run of Hebrew or Arabic
//! (with the blanks and punctuation between its words) is set right to left (`\textdir TRT`)
//! in its own font, Arabic with its joining forms (`Script=Arabic`); a run of CJK text in the
//! CJK font, a line allowed to break between two Chinese or Japanese characters (not before
//! closing punctuation, nor after opening). That is all the bidirectional handling there is: the surrounding paragraph stays
//! left to right, and punctuation or digits at the edge of a right-to-left run stay outside
//! it, in the order written. Fonts without an italic or bold of these scripts use the upright
//! or bold face for them.

use std::collections::BTreeSet;

/// A script the Unicode mode typesets beyond pdflatex's Latin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Script {
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Cjk,
}

/// DejaVu Serif's Greek (regular, italic and bold alike).
#[rustfmt::skip]
const GREEK: &[(u32, u32)] = &[
    (0x0370, 0x0377), (0x037A, 0x037F), (0x0384, 0x038A), (0x038C, 0x038C), (0x038E, 0x03A1),
    (0x03A3, 0x03E1), (0x03F0, 0x03FF), (0x1F00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45),
    (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D),
    (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FC4), (0x1FC6, 0x1FD3), (0x1FD6, 0x1FDB),
    (0x1FDD, 0x1FEF), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFE),
];

/// DejaVu Serif's Cyrillic (regular, italic and bold alike).
#[rustfmt::skip]
const CYRILLIC: &[(u32, u32)] = &[
    (0x0400, 0x045F), (0x0462, 0x0465), (0x046A, 0x046D), (0x0470, 0x0477), (0x048C, 0x048D),
    (0x0490, 0x049B), (0x049E, 0x04A7), (0x04AA, 0x04B7), (0x04BA, 0x04BB), (0x04C0, 0x04C4),
    (0x04C7, 0x04C8), (0x04CB, 0x04CC), (0x04CF, 0x04F9), (0x0510, 0x0515), (0x051A, 0x051D),
];

/// DejaVu Sans's Hebrew (regular and bold alike).
#[rustfmt::skip]
const HEBREW: &[(u32, u32)] = &[
    (0x05B0, 0x05C3), (0x05C6, 0x05C7), (0x05D0, 0x05EA), (0x05F0, 0x05F4), (0xFB1D, 0xFB36),
    (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E), (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFB4F),
];

/// DejaVu Sans's Arabic (regular and bold alike).
#[rustfmt::skip]
const ARABIC: &[(u32, u32)] = &[
    (0x0606, 0x0607), (0x0609, 0x060A), (0x060C, 0x060C), (0x0615, 0x0615), (0x061B, 0x061B),
    (0x061F, 0x061F), (0x0621, 0x063A), (0x0640, 0x0655), (0x0657, 0x0657), (0x065A, 0x065A),
    (0x0660, 0x0670), (0x0674, 0x0674), (0x0679, 0x06BF), (0x06C6, 0x06C8), (0x06CB, 0x06CC),
    (0x06CE, 0x06CE), (0x06D0, 0x06D0), (0x06D5, 0x06D5), (0x06F0, 0x06F9), (0xFE70, 0xFE74),
    (0xFE76, 0xFEFC),
];

/// Characters pdflatex typesets that DejaVu Serif lacks: set in Latin Modern (`lmr`, which the
/// TU encoding has without a font line) whatever the main font.
pub(crate) fn latin_modern_only(c: char) -> bool {
    matches!(
        c as u32,
        0x203B
            | 0x20A1
            | 0x20A4
            | 0x20A9
            | 0x20AB
            | 0x2117
            | 0x211E
            | 0x2120
            | 0x212E
            | 0x2329
            | 0x232A
            | 0x2422
    )
}

/// WenQuanYi Micro Hei's CJK (〈 〉 left to the main font, as pdflatex sets them): punctuation, kana, the unified ideographs to U+9FC3, Hangul
/// syllables and compatibility jamo, full-width forms.
#[rustfmt::skip]
const CJK: &[(u32, u32)] = &[
    (0x3001, 0x3003), (0x3005, 0x3007), (0x300A, 0x3017), (0x301D, 0x301F), (0x3021, 0x3029), (0x3041, 0x3094),
    (0x3099, 0x309E), (0x30A1, 0x30F6), (0x30FB, 0x30FE), (0x3131, 0x318E), (0x4E00, 0x9FC3),
    (0xAC00, 0xD7A3), (0xFF01, 0xFF5E), (0xFF61, 0xFF9F), (0xFFE0, 0xFFE6),
];

const SCRIPTS: [(Script, &[(u32, u32)]); 5] = [
    (Script::Greek, GREEK),
    (Script::Cyrillic, CYRILLIC),
    (Script::Hebrew, HEBREW),
    (Script::Arabic, ARABIC),
    (Script::Cjk, CJK),
];

impl Script {
    /// The script whose font has `c`, if any.
    pub(crate) fn of(c: char) -> Option<Script> {
        let u = c as u32;
        SCRIPTS
            .iter()
            .find(|(_, ranges)| ranges.iter().any(|(a, b)| (*a..=*b).contains(&u)))
            .map(|(s, _)| *s)
    }

    /// The command a run of this script is set in, when it needs a font of its own.
    pub(crate) fn command(self) -> Option<&'static str> {
        match self {
            Script::Greek | Script::Cyrillic => None,
            Script::Hebrew => Some("\\codebookhebrew"),
            Script::Arabic => Some("\\codebookarabic"),
            Script::Cjk => Some("\\codebookcjk"),
        }
    }
}

/// Every character of the scripts the Unicode mode adds, for tests.
pub fn characters() -> impl Iterator<Item = char> {
    SCRIPTS
        .iter()
        .flat_map(|(_, ranges)| ranges.iter())
        .flat_map(|(a, b)| *a..=*b)
        .filter_map(char::from_u32)
}

/// The script of the run the character at `i` belongs to, when that run is set in a font of
/// its own: a letter of such a script, or a blank or punctuation between two of its letters
/// (`open` being the run open before it).
pub(crate) fn run(chars: &[char], i: usize, open: Option<Script>) -> Option<Script> {
    let c = *chars.get(i)?;
    if let Some(s) = Script::of(c).filter(|s| s.command().is_some()) {
        return Some(s);
    }
    let open = open?;
    let neutral = |c: char| c == ' ' || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '-');
    if !neutral(c) {
        return None;
    }
    let next = chars.get(i + 1..)?.iter().find(|c| !neutral(**c))?;
    (Script::of(*next) == Some(open)).then_some(open)
}

/// Whether a line may break between `c` and `next`, two characters of Chinese or Japanese
/// text (Korean has blanks between its words): not before closing punctuation, small kana or
/// the prolonged sound mark, nor after opening punctuation.
pub(crate) fn breaks_between(c: char, next: char) -> bool {
    let hangul = |c: char| matches!(c as u32, 0x3131..=0x318E | 0xAC00..=0xD7A3);
    let cjk = |c: char| Script::of(c) == Some(Script::Cjk) && !hangul(c);
    cjk(c)
        && cjk(next)
        && !"「『（〈《【〔〖〘〝｛［".contains(c)
        && !"、。，．」』）〉》】〕〗〙〞｝］！？：；ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・"
            .contains(next)
}

/// The preamble lines that load the fonts of every script, for tests.
pub fn every_font_line() -> Vec<&'static str> {
    font_lines(&SCRIPTS.iter().map(|(s, _)| *s).collect())
}

/// The preamble lines (after `\usepackage{fontspec}`) that load the fonts of `scripts`.
pub(crate) fn font_lines(scripts: &BTreeSet<Script>) -> Vec<&'static str> {
    let mut lines = Vec::new();
    // Always: Latin Modern's OpenType fonts lack letters pdflatex composes (Ǆ, ǅ, …).
    lines.push("\\setmainfont{DejaVu Serif}");
    if scripts.contains(&Script::Hebrew) {
        lines.push(
            "\\newfontfamily\\codebookhebrewfont{DejaVu Sans}[Script=Hebrew, ItalicFont=DejaVu Sans, BoldItalicFont=DejaVu Sans Bold]",
        );
        lines.push("\\newcommand\\codebookhebrew[1]{{\\textdir TRT\\codebookhebrewfont #1}}");
    }
    if scripts.contains(&Script::Arabic) {
        lines.push(
            "\\newfontfamily\\codebookarabicfont{DejaVu Sans}[Script=Arabic, ItalicFont=DejaVu Sans, BoldItalicFont=DejaVu Sans Bold]",
        );
        lines.push("\\newcommand\\codebookarabic[1]{{\\textdir TRT\\codebookarabicfont #1}}");
    }
    if scripts.contains(&Script::Cjk) {
        lines.push(
            "\\newfontfamily\\codebookcjkfont{WenQuanYi Micro Hei}[ItalicFont=WenQuanYi Micro Hei, BoldFont=WenQuanYi Micro Hei, BoldItalicFont=WenQuanYi Micro Hei]",
        );
        lines.push("\\newcommand\\codebookcjk[1]{{\\codebookcjkfont #1}}");
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_hold_the_blanks_between_their_words() {
        let chars: Vec<char> = "a نحن نجتمع. b".chars().collect();
        let runs: Vec<Option<Script>> = (0..chars.len())
            .scan(None, |open, i| {
                *open = run(&chars, i, *open);
                Some(*open)
            })
            .collect();
        let arabic: String = chars
            .iter()
            .zip(&runs)
            .filter(|(_, r)| **r == Some(Script::Arabic))
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(arabic, "نحن نجتمع");
    }
}
