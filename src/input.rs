//! Reading a codebook file: a file that cannot be read, and bytes that are not UTF-8 text.
//!
//! [`read`] tells the two apart, because they are answered differently: a file that cannot be
//! opened (missing, a directory, not permitted) is an I/O error, exit 2 (`unreadable_file`);
//! a file that was read but is not a codebook's text (too large, not UTF-8) is a diagnostic of
//! the file, exit 1, shown with what of the text could be read.
//!
//! Text saved as UTF-16 (Windows Notepad's "Unicode") is recognised by its byte order mark, or
//! by a NUL byte beside every other byte, and named: researchers meet it when a word processor
//! or an old editor saves "Unicode text".

use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::MAX_FILE_BYTES;
use std::io::Read as _;
use std::path::Path;

/// Why a file gives no codebook text.
#[derive(Debug, Clone)]
pub enum Unreadable {
    /// The file could not be read at all: an `unreadable_file` diagnostic without a place
    /// (its message does not repeat the path).
    Io(Box<Diagnostic>),
    /// The file was read, but is not a codebook's text: `too_large` or `invalid_utf8`, with
    /// the text to show it against (what could be read of it).
    Content {
        /// What could be read of the file, as text: what the diagnostic's span points into.
        shown: String,
        /// The `too_large` or `invalid_utf8` diagnostic.
        diagnostic: Box<Diagnostic>,
    },
}

/// What to do about text that is not UTF-8.
const SAVE_AS_UTF8: &str = "save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)";

/// Read a codebook file as text.
pub fn read(path: &Path) -> Result<String, Unreadable> {
    if path.is_dir() {
        return Err(Unreadable::Io(Box::new(
            Diagnostic::new(
                Code::UnreadableFile,
                0..0,
                "is a directory, not a codebook file",
            )
            .help("name a `.codebook` file inside the directory"),
        )));
    }
    // A file over the limit is refused before it is read into memory.
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() > MAX_FILE_BYTES as u64
    {
        let d = Diagnostic::new(
            Code::TooLarge,
            0..0,
            format!(
                "the file has {} bytes; the most a codebook may have is {} MiB",
                meta.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .help("split the study into several files");
        return Err(Unreadable::Content {
            shown: String::new(),
            diagnostic: Box::new(d),
        });
    }
    // Bounded whatever the file is: a device, a FIFO or a link to one has no size to check.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| Unreadable::Io(Box::new(io_error(&e))))?;
    if bytes.len() > MAX_FILE_BYTES {
        let d = Diagnostic::new(
            Code::TooLarge,
            0..0,
            format!(
                "the file has more than the {} MiB a codebook may have",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .help("split the study into several files");
        return Err(Unreadable::Content {
            shown: String::new(),
            diagnostic: Box::new(d),
        });
    }
    decode(bytes)
}

/// Why a file could not be read, for a researcher.
fn io_error(e: &std::io::Error) -> Diagnostic {
    let (reason, help) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            "no such file".to_string(),
            "check the file's name, and that it is in the folder the command runs in",
        ),
        std::io::ErrorKind::PermissionDenied => (
            "permission denied".to_string(),
            "the file's permissions do not let you read it; ask its owner, or copy it",
        ),
        _ => (
            e.to_string(),
            "check that the file exists and can be opened",
        ),
    };
    Diagnostic::new(Code::UnreadableFile, 0..0, format!("cannot read: {reason}")).help(help)
}

/// A file's bytes as text, or an `invalid_utf8` diagnostic and the text to show it against.
pub fn decode(bytes: Vec<u8>) -> Result<String, Unreadable> {
    if let Some(big_endian) = utf16(&bytes) {
        let units = bytes.as_chunks::<2>().0.iter().map(|p| match big_endian {
            true => u16::from_be_bytes(*p),
            false => u16::from_le_bytes(*p),
        });
        let shown: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        let shown = shown.trim_start_matches('\u{FEFF}').to_string();
        let d = Diagnostic::new(
            Code::InvalidUtf8,
            0..0,
            "this file is saved as UTF-16; codebook reads only UTF-8",
        )
        .label("saved as UTF-16")
        .help(SAVE_AS_UTF8);
        return Err(Unreadable::Content {
            shown,
            diagnostic: Box::new(d),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The text up to the end of the line with the bad byte, which shows as `�`.
        let end = memchr::memchr(b'\n', bytes.get(at..).unwrap_or_default())
            .map_or(bytes.len(), |i| at + i);
        let shown = String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned();
        let bad = bytes.get(at).copied().unwrap_or(0);
        let d = Diagnostic::new(
            Code::InvalidUtf8,
            at..at + char::REPLACEMENT_CHARACTER.len_utf8(),
            format!("the file is not saved as UTF-8: byte {at} is 0x{bad:02X}, which UTF-8 text cannot have here"),
        )
        .label("not UTF-8")
        .help(format!(
            "it was probably saved in an older encoding, such as Windows-1252 or Latin-1; {SAVE_AS_UTF8}"
        ));
        Unreadable::Content {
            shown,
            diagnostic: Box::new(d),
        }
    })
}

/// Whether the bytes are UTF-16 text, and if so whether big-endian: a byte order mark, or (in
/// the first 4 KiB) a NUL byte beside nearly every other byte, as in UTF-16 Latin text.
fn utf16(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(false),
        [0xFE, 0xFF, ..] => return Some(true),
        _ => {}
    }
    let pairs = bytes.get(..bytes.len().min(4096))?.as_chunks::<2>().0;
    let n = pairs.len();
    let (mut little, mut big) = (0, 0);
    for &[first, second] in pairs {
        match (first, second) {
            (a, 0) if a != 0 => little += 1,
            (0, b) if b != 0 => big += 1,
            _ => {}
        }
    }
    // Two characters at least, and three quarters of them with a NUL beside them.
    let most = |k: usize| k >= 2 && k * 4 >= n * 3;
    if most(little) {
        Some(false)
    } else if most(big) {
        Some(true)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { Vec::new() };
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    fn refused(bytes: Vec<u8>) -> (String, Diagnostic) {
        match decode(bytes) {
            Err(Unreadable::Content { shown, diagnostic }) => (shown, *diagnostic),
            other => panic!("not refused as content: {other:?}"),
        }
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        let text = "study \"Straße\" {\n  year: 2020\n}\n";
        for bytes in [
            utf16le(text, true),
            utf16le(text, false),
            utf16be(text, true),
            utf16be(text, false),
        ] {
            let (shown, d) = refused(bytes);
            assert_eq!(shown, text);
            assert_eq!(d.code, Code::InvalidUtf8);
            assert!(d.message.contains("UTF-16"), "{}", d.message);
            assert!(d.help.unwrap_or_default().contains("Encoding: UTF-8"));
        }
    }

    #[test]
    fn utf8_and_latin1_are_not_taken_for_utf16() {
        assert_eq!(
            decode(b"study \"x\"\n".to_vec()).ok().as_deref(),
            Some("study \"x\"\n")
        );
        assert_eq!(decode(Vec::new()).ok().as_deref(), Some(""));
        let (shown, d) = refused(b"study \"Stra\xdfe\"\nyear\n".to_vec());
        assert_eq!(shown, "study \"Stra\u{FFFD}e\"");
        assert!(!d.message.contains("UTF-16") && d.message.contains("0xDF"));
        // A stray NUL or two in UTF-8 text is not UTF-16.
        assert!(utf16(b"study \"x\0\" {\n}\n").is_none());
    }
}
