//! Reading a codebook file: a file that cannot be read, and bytes that are not UTF-8 text.
//!
//! [`read`] tells the two apart, because they are answered differently: a file that cannot be
//! opened (missing, a directory, not permitted) is an I/O error, exit 2 (`unreadable_file`);
//! a file that was read but is not a codebook's text (too large, not UTF-8) is a diagnostic of
//! the file, exit 1, shown with what of the text could be read.
//!
//! Every read is bounded ([`read_bytes`]): a file's size (`metadata().len()`) is 0 for a FIFO
//! or a device such as `/dev/zero`, so the size decides nothing alone; at most the limit and
//! one byte are read, and a file that gives that many is refused as too large. `import` reads
//! through the same function.
//!
//! Text saved as UTF-16 (Windows Notepad's "Unicode") is recognised by its byte order mark, or
//! by a NUL byte beside every other byte, and named: researchers meet it when a word processor
//! or an old editor saves "Unicode text".

use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::syntax::MAX_FILE_BYTES;
use std::io::Read;
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
        /// What could be read of the text, for the diagnostic to be shown against.
        shown: String,
        /// Why the text is not a codebook's.
        diagnostic: Box<Diagnostic>,
    },
}

/// What to do about text that is not UTF-8.
const SAVE_AS_UTF8: &str = "save it as UTF-8 (in most editors: Save As… → Encoding: UTF-8)";

/// Read a codebook file as text, at most [`MAX_FILE_BYTES`] of it. A file that is plainly
/// something else (a Word document, a PDF, JSON, a REFI-QDA project: `formats::recognise`)
/// is refused with one `not_a_codebook` error saying what it is.
pub fn read(path: &Path) -> Result<String, Unreadable> {
    read_within(path, MAX_FILE_BYTES as u64)
}

/// [`read`], refusing a file of more than `limit` bytes (`too_large`).
pub fn read_within(path: &Path, limit: u64) -> Result<String, Unreadable> {
    bytes_within(path, limit)
        .and_then(|bytes| not_foreign(path, bytes))
        .and_then(decode)
}

/// Read a text file that is not a codebook (a CSV file for `agree`), at most [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String, Unreadable> {
    bytes_within(path, MAX_FILE_BYTES as u64).and_then(decode)
}

/// The bytes, unless they are plainly a file of another kind (`not_a_codebook`).
fn not_foreign(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, Unreadable> {
    match crate::formats::recognise_file(&bytes, path) {
        None => Ok(bytes),
        Some(foreign) => Err(Unreadable::Content {
            // Its first line, if that is text, to show the error against.
            shown: first_line(&bytes),
            diagnostic: Box::new(foreign.diagnostic(Some(&path.display().to_string()))),
        }),
    }
}

/// A file's first line, if it is UTF-8 text without control characters; else nothing.
fn first_line(bytes: &[u8]) -> String {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    match std::str::from_utf8(line) {
        Ok(text)
            if !text
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\r') =>
        {
            text.to_string()
        }
        _ => String::new(),
    }
}

/// [`read`], with the text lent to `f` instead of handed out: the bytes are checked to be UTF-8
/// where they were read (with the processor's vector instructions where it has them, several
/// times as fast as `String::from_utf8`) and never copied. What `f` returns is returned.
pub fn read_then<T>(path: &Path, f: impl FnOnce(&str) -> T) -> Result<T, Unreadable> {
    let bytes = not_foreign(path, bytes_within(path, MAX_FILE_BYTES as u64)?)?;
    if utf16(&bytes).is_none()
        && let Ok(text) = simdutf8::basic::from_utf8(&bytes)
    {
        return Ok(f(text));
    }
    decode(bytes).map(|text| f(&text))
}

/// A codebook file's bytes, at most `limit` of them: a directory, a file that cannot be read
/// and one that is too large are refused as [`read_within`] says.
fn bytes_within(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    if path.is_dir() {
        return Err(Unreadable::Io(Box::new(
            Diagnostic::new(
                DiagnosticCode::UnreadableFile,
                0..0,
                "is a directory, not a codebook file",
            )
            .help("name a `.codebook` file inside the directory"),
        )));
    }
    match read_bytes(path, limit) {
        Ok(bytes) => Ok(bytes),
        Err(ReadError::Io(e)) => Err(Unreadable::Io(Box::new(io_error(&e)))),
        Err(ReadError::TooLarge { size }) => {
            let has = match size {
                Some(n) => format!("the file has {n} bytes"),
                None => format!("more than {limit} bytes could be read from it"),
            };
            let d = Diagnostic::new(
                DiagnosticCode::TooLarge,
                0..0,
                format!("{has}; the most a codebook may have is {}", amount(limit)),
            )
            .help("split the study into several files");
            Err(Unreadable::Content {
                shown: String::new(),
                diagnostic: Box::new(d),
            })
        }
    }
}

/// A number of bytes as a reader would write it: `256 MiB`, or `100 bytes`.
pub fn amount(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a file's bytes were not read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// It holds more than the limit. `size` is its size when that is known beforehand (a
    /// regular file); a FIFO or a device was read until it gave more than the limit.
    TooLarge {
        /// The size in bytes, when it was known beforehand.
        size: Option<u64>,
    },
}

/// A file's bytes, at most `limit` of them. A regular file larger than that is refused before
/// it is read. Anything else (a FIFO, a device such as `/dev/zero`, whose size says nothing;
/// a regular file that grows while it is read) is read up to `limit + 1` bytes, and refused
/// if it gives that many: no read is unbounded.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    read_open(file, limit)
}

/// [`read_bytes`] of a file already open.
pub fn read_open(file: std::fs::File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata().map_err(ReadError::Io)?;
    let known = meta.is_file().then_some(meta.len());
    if let Some(size) = known
        && size > limit
    {
        return Err(ReadError::TooLarge { size: Some(size) });
    }
    // A regular file's size is known (and within the limit); other files grow as they come.
    let capacity = usize::try_from(known.unwrap_or(0).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None });
    }
    Ok(bytes)
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
    Diagnostic::new(
        DiagnosticCode::UnreadableFile,
        0..0,
        format!("cannot read: {reason}"),
    )
    .help(help)
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
            DiagnosticCode::InvalidUtf8,
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
            DiagnosticCode::InvalidUtf8,
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
            assert_eq!(d.code, DiagnosticCode::InvalidUtf8);
            assert!(d.message.contains("UTF-16"), "{}", d.message);
            assert!(d.help.unwrap_or_default().contains("Encoding: UTF-8"));
        }
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("codebook-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let p = dir.join(name);
        let _ = std::fs::remove_file(&p);
        p
    }

    #[test]
    fn a_regular_file_over_the_limit_is_refused_with_its_size() {
        let p = temp("regular");
        std::fs::write(&p, [b'#'; 100]).expect("write");
        assert_eq!(read_bytes(&p, 100).ok().map(|b| b.len()), Some(100));
        assert!(matches!(
            read_bytes(&p, 99),
            Err(ReadError::TooLarge { size: Some(100) })
        ));
        match read_within(&p, 99) {
            Err(Unreadable::Content { shown, diagnostic }) => {
                assert_eq!(diagnostic.code, DiagnosticCode::TooLarge);
                assert!(shown.is_empty());
                assert_eq!(
                    diagnostic.message,
                    "the file has 100 bytes; the most a codebook may have is 99 bytes"
                );
            }
            other => panic!("not refused as too large: {other:?}"),
        }
        assert_eq!(amount(256 * 1024 * 1024), "256 MiB");
        let _ = std::fs::remove_file(&p);
    }

    /// A FIFO fed `n` bytes by a thread (made with `mkfifo`), read with `limit`: what was read,
    /// and how many bytes the FIFO took before its reader closed it.
    fn through_a_fifo(name: &str, n: usize, limit: u64) -> (Result<Vec<u8>, ReadError>, usize) {
        let p = temp(name);
        let made = std::process::Command::new("mkfifo").arg(&p).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let feeding = p.clone();
        let feeder = std::thread::spawn(move || {
            use std::io::Write as _;
            let mut sent = 0;
            if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&feeding) {
                let chunk = [b'#'; 4096];
                // Until the reader closes the FIFO (a broken pipe), or all is sent.
                while let Ok(k) = f.write(&chunk[..(n - sent).min(chunk.len())]) {
                    sent += k;
                    if k == 0 || sent == n {
                        break;
                    }
                }
            }
            sent
        });
        let got = read_bytes(&p, limit);
        let sent = feeder.join().unwrap_or(n);
        let _ = std::fs::remove_file(&p);
        (got, sent)
    }

    #[test]
    fn a_fifo_is_read_up_to_the_limit_whatever_its_size_says() {
        // A FIFO's size is 0: the read itself is bounded.
        let (got, _) = through_a_fifo("fifo-within", 1000, 1000);
        assert_eq!(got.ok().map(|b| b.len()), Some(1000));
        // Far more than the limit (as /dev/zero gives): refused after `limit + 1` bytes, and
        // the rest never read (what the FIFO took is that and its buffer, at most 1 MiB).
        let n = 64 << 20;
        let (got, sent) = through_a_fifo("fifo-over", n, 1000);
        assert!(matches!(got, Err(ReadError::TooLarge { size: None })));
        assert!(sent <= 1001 + (1 << 20), "{sent} bytes of {n} were read");
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
