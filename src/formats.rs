//! Files that are not a codebook's text, recognised by their first bytes: a Word document, a
//! PDF, a spreadsheet, a REFI-QDA project, codebook's own JSON output, a web page, an image.
//!
//! Researchers give `codebook check` (and `import`) the wrong file: the Word document the
//! codebook was pasted into, the `.qdpx` their QDA program exported, the JSON `build` wrote.
//! Read as a codebook, such a file gives one message that cannot help (a Word document is a
//! zip archive, "not UTF-8") or a hundred syntax errors. [`recognise`] names what the file is,
//! so that one error can say so and what to do instead (`not_a_codebook`).
//!
//! Only the start of the file is looked at (and, for a zip archive, the names of the files it
//! holds), so a codebook pays a few byte comparisons for it.

use crate::diagnostics::{Diagnostic, DiagnosticCode};

/// A kind of file that is not a codebook's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// A Word document (`.docx`).
    Docx,
    /// An older Word document (`.doc`), or another file of the old Office format.
    Doc,
    /// An OpenDocument text (`.odt`, LibreOffice Writer).
    Odt,
    /// A Rich Text Format document (`.rtf`).
    Rtf,
    /// A PDF document.
    Pdf,
    /// An Excel workbook (`.xlsx`).
    Xlsx,
    /// An older Excel workbook (`.xls`).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// A PowerPoint presentation (`.pptx`).
    Pptx,
    /// Values separated by commas or tabs (`.csv`, `.tsv`).
    Csv,
    /// A REFI-QDA project archive (`.qdpx`).
    Qdpx,
    /// A REFI-QDA codebook (`.qdc`).
    Qdc,
    /// A REFI-QDA project document (`project.qde`, the XML inside a `.qdpx`).
    Qde,
    /// Codebook's own JSON output (`build --to json`).
    CodebookJson,
    /// Any other JSON.
    Json,
    /// A web page.
    Html,
    /// Any other XML.
    Xml,
    /// An image, with its format's name (`PNG`, `JPEG`, ...).
    Image(&'static str),
    /// A zip archive of anything else.
    Zip,
    /// A compressed file or archive other than zip, with its format's name.
    Compressed(&'static str),
}

/// What `codebook import` reads.
pub const IMPORTS: &str = "`codebook import` reads a REFI-QDA codebook (.qdc) or project \
     (.qdpx), as NVivo, ATLAS.ti, MAXQDA or QualCoder export them (in their menus: Export → \
     REFI-QDA)";

/// How to get a Word processor's text out as plain text.
const SAVE_AS_TEXT: &str = "save it as plain text: in Word, File → Save As → Plain Text (.txt), \
     encoding Unicode (UTF-8); in LibreOffice, File → Save As → Text (.txt), character set \
     Unicode (UTF-8); then check that text file";

/// Where a REFI-QDA file goes instead, the file named when it is known.
fn import(file: Option<&str>) -> String {
    let file = match file {
        None => "FILE".to_string(),
        Some(f) if f.contains(|c: char| c.is_whitespace() || "'\"&;()$`".contains(c)) => {
            format!("'{}'", f.replace('\'', "'\\''"))
        }
        Some(f) => f.to_string(),
    };
    format!(
        "make a codebook of it with `codebook import {file} -o study.codebook`, then check \
         `study.codebook`"
    )
}

impl Foreign {
    /// What the file is, as a sentence's object: "a Word document (.docx)".
    pub fn what(self) -> String {
        match self {
            Foreign::Docx => "a Word document (.docx)".into(),
            Foreign::Doc => "an older Word or Excel file (.doc or .xls)".into(),
            Foreign::Odt => "an OpenDocument text (.odt, from LibreOffice Writer)".into(),
            Foreign::Rtf => "a Rich Text Format document (.rtf)".into(),
            Foreign::Pdf => "a PDF document".into(),
            Foreign::Xlsx => "an Excel workbook (.xlsx)".into(),
            Foreign::Xls => "an older Excel workbook (.xls)".into(),
            Foreign::Ods => "an OpenDocument spreadsheet (.ods, from LibreOffice Calc)".into(),
            Foreign::Pptx => "a PowerPoint presentation (.pptx)".into(),
            Foreign::Csv => "a table of values separated by commas or tabs (CSV)".into(),
            Foreign::Qdpx => "a REFI-QDA project (.qdpx), as QDA programs export it".into(),
            Foreign::Qdc => "a REFI-QDA codebook (.qdc), as QDA programs export it".into(),
            Foreign::Qde => "a REFI-QDA project document (project.qde)".into(),
            Foreign::CodebookJson => "JSON written by `codebook build --to json`".into(),
            Foreign::Json => "a JSON file".into(),
            Foreign::Html => "a web page (HTML)".into(),
            Foreign::Xml => "an XML file".into(),
            Foreign::Image(kind) => format!("a {kind} image"),
            Foreign::Zip => "a zip archive".into(),
            Foreign::Compressed(kind) => format!("a compressed file ({kind})"),
        }
    }

    /// What to do instead of checking it (`file`: its name, when known).
    pub fn help(self, file: Option<&str>) -> String {
        match self {
            Foreign::Docx | Foreign::Doc | Foreign::Odt | Foreign::Rtf | Foreign::Pptx => {
                format!(
                    "codebook reads plain text; if the codebook is written in this document, {SAVE_AS_TEXT}"
                )
            }
            Foreign::Pdf => {
                "a PDF cannot be read back as a codebook: check the `.codebook` file it \
                 was made from, or copy its text into a plain-text editor and save that as UTF-8"
                    .into()
            }
            Foreign::Xlsx | Foreign::Xls | Foreign::Ods | Foreign::Csv => {
                "a codebook is written as text, not as a table (README.md's language tour shows \
                 how); a table of coders' codings of each unit is measured by `codebook agree \
                 --units FILE.csv`"
                    .into()
            }
            Foreign::Qdpx | Foreign::Qdc | Foreign::Qde => import(file),
            Foreign::CodebookJson => {
                "this is the output of a build, not its input: check the `.codebook` file it was \
                 built from"
                    .into()
            }
            Foreign::Json | Foreign::Xml => "codebook reads its own language, not this format: \
                 check the `.codebook` file instead (README.md's language tour shows how one is \
                 written); a REFI-QDA codebook or project is read by `codebook import`"
                .into(),
            Foreign::Html => "copy the codebook's text from the page into a plain-text editor and \
                 save it as UTF-8 in a file ending in `.codebook`; or download the file itself \
                 (on GitHub: the Raw button)"
                .into(),
            Foreign::Image(_) => "an image of a codebook cannot be checked: open the `.codebook` \
                 file itself"
                .into(),
            Foreign::Zip | Foreign::Compressed(_) => {
                "unpack it and check the `.codebook` file inside".into()
            }
        }
    }

    /// Why `codebook import` cannot read such a file, and what it reads.
    pub fn not_importable(self) -> String {
        format!("this is {}, not a REFI-QDA file; {IMPORTS}", self.what())
    }

    /// The one `not_a_codebook` error for such a file, at its start (`file`: its name as the
    /// command line gave it, when known).
    pub fn diagnostic(self, file: Option<&str>) -> Diagnostic {
        Diagnostic::new(
            DiagnosticCode::NotACodebook,
            0..0,
            format!("this is {}, not a codebook's text", self.what()),
        )
        .label(self.what())
        .help(self.help(file))
    }
}

/// What a file is, from its bytes and its name's extension (`csv`, lower case), when it is
/// plainly not a codebook's text; `None` for anything that may be one.
pub fn recognise(bytes: &[u8], extension: Option<&str>) -> Option<Foreign> {
    binary(bytes)
        .or_else(|| text(bytes))
        .or_else(|| match extension {
            Some("csv" | "tsv") if table(bytes) => Some(Foreign::Csv),
            _ => None,
        })
}

/// [`recognise`] for a path: its extension, in lower case.
pub fn recognise_file(bytes: &[u8], path: &std::path::Path) -> Option<Foreign> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    recognise(bytes, extension.as_deref())
}

/// Formats told by their magic numbers.
fn binary(bytes: &[u8]) -> Option<Foreign> {
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let found = match bytes {
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => return Some(zip(bytes)),
        [b'%', b'P', b'D', b'F', b'-', ..] => Foreign::Pdf,
        [0x89, b'P', b'N', b'G', ..] => Foreign::Image("PNG"),
        [0xFF, 0xD8, 0xFF, ..] => Foreign::Image("JPEG"),
        [b'G', b'I', b'F', b'8', ..] => Foreign::Image("GIF"),
        [b'I', b'I', b'*', 0, ..] | [b'M', b'M', 0, b'*', ..] => Foreign::Image("TIFF"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Foreign::Image("WebP"),
        [
            _,
            _,
            _,
            _,
            b'f',
            b't',
            b'y',
            b'p',
            b'h',
            b'e',
            b'i',
            b'c',
            ..,
        ] => Foreign::Image("HEIC"),
        [0x1F, 0x8B, ..] => Foreign::Compressed("gzip"),
        [b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C, ..] => Foreign::Compressed("7-Zip"),
        [b'R', b'a', b'r', b'!', 0x1A, 0x07, ..] => Foreign::Compressed("RAR"),
        _ if bytes.starts_with(OLE) => {
            if contains(bytes, &utf16("WordDocument")) {
                Foreign::Doc
            } else if contains(bytes, &utf16("Workbook")) || contains(bytes, &utf16("Book")) {
                Foreign::Xls
            } else {
                Foreign::Doc
            }
        }
        _ => return None,
    };
    Some(found)
}

/// What a zip archive holds, by the names of its files.
fn zip(bytes: &[u8]) -> Foreign {
    if contains(bytes, b"project.qde") {
        Foreign::Qdpx
    } else {
        zip_holding(|name| contains(bytes, name.as_bytes()))
    }
}

/// What a zip archive that is not a REFI-QDA project is, from whether it holds a name
/// (`word/`, a folder; `opendocument.text`, in its `mimetype`).
pub fn zip_holding(holds: impl Fn(&str) -> bool) -> Foreign {
    if holds("word/") {
        Foreign::Docx
    } else if holds("xl/") {
        Foreign::Xlsx
    } else if holds("ppt/") {
        Foreign::Pptx
    } else if holds("opendocument.text") {
        Foreign::Odt
    } else if holds("opendocument.spreadsheet") {
        Foreign::Ods
    } else {
        Foreign::Zip
    }
}

/// Text formats, by their first characters (after a byte order mark and blanks).
fn text(bytes: &[u8]) -> Option<Foreign> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = start.trim_ascii_start();
    if start.starts_with(b"{\\rtf") {
        return Some(Foreign::Rtf);
    }
    match start.first()? {
        b'{' | b'[' => json(start),
        b'<' => Some(xml(start)),
        _ => None,
    }
}

/// JSON: an object whose first member is a quoted name, or an array of values.
fn json(start: &[u8]) -> Option<Foreign> {
    let (&open, rest) = start.split_first()?;
    let next = rest.trim_ascii_start().first().copied();
    let plausible = match open {
        b'{' => matches!(next, Some(b'"' | b'}')),
        _ => matches!(next, Some(b'{' | b'[' | b'"' | b']' | b'-' | b'0'..=b'9')),
    };
    if !plausible {
        return None;
    }
    let head = start.get(..start.len().min(1 << 20)).unwrap_or(start);
    if contains(head, b"\"schema_version\"") && contains(head, b"\"structures\"") {
        Some(Foreign::CodebookJson)
    } else {
        Some(Foreign::Json)
    }
}

/// XML or HTML, by its first element (after declarations, comments and a doctype).
fn xml(start: &[u8]) -> Foreign {
    let head = start.get(..start.len().min(4096)).unwrap_or(start);
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || contains(&lower, b"<html") {
        return Foreign::Html;
    }
    let mut rest = head;
    // Skip `<?...?>`, `<!...>` and comments to the first element.
    while let Some(after) = rest.strip_prefix(b"<") {
        if matches!(after.first(), Some(b'?' | b'!')) {
            let end = memchr::memchr(b'>', after).map_or(after.len(), |i| i + 1);
            rest = after.get(end..).unwrap_or_default().trim_ascii_start();
            continue;
        }
        let name_end = after
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            .unwrap_or(after.len());
        let name = after.get(..name_end).unwrap_or_default();
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        return match local {
            b"CodeBook" => Foreign::Qdc,
            b"Project" => Foreign::Qde,
            b"svg" => Foreign::Image("SVG"),
            b"document" | b"wordDocument" if name.starts_with(b"w:") => Foreign::Docx,
            _ => Foreign::Xml,
        };
    }
    Foreign::Xml
}

/// Values separated by commas or tabs: the first two lines hold the same number (one at least)
/// of separators outside quoted values, and the first line no block or property.
fn table(bytes: &[u8]) -> bool {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    let count = |line: &[u8], sep: u8| {
        let mut quoted = false;
        let mut n = 0usize;
        for &b in line {
            match b {
                b'"' => quoted = !quoted,
                b'{' | b'}' | b':' if !quoted => return None,
                _ if b == sep && !quoted => n += 1,
                _ => {}
            }
        }
        Some(n)
    };
    [b',', b'\t', b';'].iter().any(|&sep| {
        matches!((count(first, sep), count(second, sep)), (Some(a), Some(b)) if a >= 1 && a == b)
    })
}

/// Text as UTF-16 little-endian bytes, as the old Office format names its streams.
fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codebooks_are_not_foreign() {
        for text in [
            "",
            "# a comment\nstudy \"S\" {\n  year: 2020\n}\n",
            "structure s \"S\" {\n}\n",
            "levels code \"C\" -> theme \"T\"\n",
        ] {
            assert_eq!(recognise(text.as_bytes(), Some("codebook")), None, "{text}");
        }
    }

    #[test]
    fn formats_are_named() {
        assert_eq!(
            recognise(b"{\n  \"actors\": []\n}", None),
            Some(Foreign::Json)
        );
        assert_eq!(recognise(b"{\\rtf1\\ansi", None), Some(Foreign::Rtf));
        assert_eq!(recognise(b"%PDF-1.7\n", None), Some(Foreign::Pdf));
        assert_eq!(
            recognise(b"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"x\">", None),
            Some(Foreign::Qdc)
        );
        assert_eq!(
            recognise(b"<!DOCTYPE html>\n<html>", None),
            Some(Foreign::Html)
        );
        assert_eq!(
            recognise(b"PK\x03\x04....word/document.xml", None),
            Some(Foreign::Docx)
        );
        assert_eq!(
            recognise(b"PK\x03\x04....project.qde", None),
            Some(Foreign::Qdpx)
        );
        assert_eq!(
            recognise(b"a,b,c\n1,2,3\n", Some("csv")),
            Some(Foreign::Csv)
        );
        assert_eq!(recognise(b"a,b,c\n1,2,3\n", Some("codebook")), None);
    }
}
