//! Identifiers as lowering reads them: in one Unicode form, and checked for letters of another
//! script that look like the identifier's own.
//!
//! Two spellings of one identifier that differ only in how their characters are composed (an
//! `é` as one character, or as `e` and a combining accent: editors and operating systems write
//! either) are one identifier: every name is read in Unicode's composed form, NFC, as Rust and
//! Python read theirs. The grammar is left as it is; only the names lowering hands on change.

use super::*;
use unicode_normalization::{IsNormalized, UnicodeNormalization as _, is_nfc_quick};
use unicode_script::UnicodeScript as _;
use unicode_security::{MixedScript as _, is_potential_mixed_script_confusable_char};

/// `s` in Unicode Normalization Form C (unchanged, and not copied twice, when it is already).
pub(super) fn nfc(s: &str) -> compact_str::CompactString {
    // ASCII text is in every normal form; most identifiers are ASCII.
    if s.is_ascii() {
        return s.into();
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.into(),
        _ => s.nfc().collect::<String>().into(),
    }
}

/// The warning for an identifier that mixes scripts with a character that could pass for one
/// of another script (a Cyrillic `а` in a Latin word), as rustc's `mixed_script_confusables`
/// lint warns of such identifiers: it reads as one name and is another, so a reference typed
/// by hand never finds it. `None` for an identifier of one script (`café`, `增长`).
pub(super) fn mixed_script_confusables(id: &str, span: Span) -> Option<Diagnostic> {
    if id.is_ascii() || id.is_single_script() {
        return None;
    }
    let confusable: Vec<char> = id
        .chars()
        .filter(|&c| !c.is_ascii() && is_potential_mixed_script_confusable_char(c))
        .collect();
    let first = *confusable.first()?;
    let others: Vec<&str> = {
        let mut names: Vec<&str> = id
            .chars()
            .filter(|c| c.is_alphabetic() && !confusable.contains(c))
            .map(|c| c.script().full_name())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    };
    let script = first.script().full_name();
    let what = match others.as_slice() {
        [one] if *one != script => {
            format!("a {script} letter among {one} ones, which it looks like")
        }
        _ => format!("a {script} letter that looks like a letter of another script"),
    };
    Some(
        Diagnostic::new(
            C::MixedScriptConfusables,
            span,
            format!(
                "`{id}` mixes scripts: `{first}` (U+{:04X}) is {what}",
                u32::from(first)
            ),
        )
        .label("mixed scripts")
        .help(
            "retype the identifier in one script (a reference typed with the letters it seems to have does not find it), or write `allow: mixed_script_confusables` if the mix is meant",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_and_decomposed_are_one_form() {
        assert_eq!(nfc("cafe\u{301}"), "caf\u{E9}");
        assert_eq!(nfc("caf\u{E9}"), "caf\u{E9}");
        assert_eq!(nfc("plain"), "plain");
    }

    #[test]
    fn a_cyrillic_letter_in_a_latin_word_is_flagged() {
        assert!(mixed_script_confusables("p\u{430}rticipation", 0..1).is_some());
        for fine in [
            "participation",
            "caf\u{E9}",
            "\u{589E}\u{957F}",
            "\u{430}\u{431}\u{432}",
        ] {
            assert!(mixed_script_confusables(fine, 0..1).is_none(), "{fine}");
        }
    }
}
