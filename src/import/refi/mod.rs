//! Reading REFI-QDA files: a codebook (`*.qdc`, XML), a project (`*.qdpx`, a zip archive
//! holding `project.qde` and the text sources under `sources/`, read in any case: `Sources/`
//! too), or a bare `project.qde`.
//!
//! XML is read with `roxmltree`: a read-only tree is all an import needs, and it refuses
//! DTDs (so no entity expansion, no external entities) and guards against entity bombs.
//!
//! Real files differ from the schema. Read, with a warning naming the file and the element:
//! GUIDs in braces (lower case is valid and read silently), namespace variants (`urn:QDA-XML:codebook:0:4`), a code
//! without `isCodable`, an empty `<Sets/>`, colours with an alpha channel (`#RRGGBBAA`, the
//! alpha is dropped). Refused, with nothing written: malformed XML, a GUID that is not one,
//! two elements with one GUID, a reference to a GUID nothing has, an archive without
//! `project.qde`, an archive path that would leave the archive (`../`, absolute paths), and
//! an archive whose entries inflate past [`MAX_INPUT_BYTES`] or [`MAX_RATIO`] times their
//! compressed size, and (when it is written) a codebook that would pass the size limit of a
//! codebook: a coded selection's quote is a range of its source's text, shared, not a copy,
//! so selections that each cover a whole text cost nothing until the writer adds them up.
//!
//! The parts: the reader's core and its entry points (here), the XML helpers and the warnings
//! (`xml.rs`), codes and sets (`codes.rs`), projects: sources, selections, cases
//! (`project.rs`), what the language has no place for but the author wrote (memos, variable
//! values, descriptions of selections), kept as comments (`notes.rs`), the archive (`archive.rs`), and who coded which characters, for `codebook
//! agree` (`selections.rs`).

mod archive;
mod codes;
mod notes;
mod project;
pub mod selections;
mod xml;

use super::{
    ICase, ICode, IGroup, IMemo, IQuote, ISet, ISource, IStructure, IStudy, ImportError,
    MAX_INPUT_BYTES, Remark, Study, Warning,
};
use crate::emit::refi::{
    CODEBOOK_NS, MEMBER_OF, PROJECT_NS, coder_guid, fallback_user_guid, group_guid, keyed,
    kind_of_description, structure_guid,
};
use crate::model::SourceKind;
use crate::words::{count, pick};
use archive::{Archive, escapes};
use project::SOURCE_TAGS;
use roxmltree::{Document, Node};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::rc::Rc;
use uuid::Uuid;
use xml::{Lines, Offsets, Quirks, child, children, element, lines, non_blank, text_of};

/// The most an archive entry may inflate, relative to its compressed size, once it is larger
/// than [`RATIO_FLOOR`]. Text and XML compress by 3 to 30 times; bombs by a thousand.
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size are not judged by their ratio.
pub const RATIO_FLOOR: u64 = 1024 * 1024;
/// The most entries an archive may list.
pub const MAX_ENTRIES: usize = 100_000;
/// The deepest nesting of codes read.
pub const MAX_CODE_DEPTH: usize = 64;

type Result<T> = std::result::Result<T, ImportError>;

/// The order of the children the XSDs give the elements read (codebook and project schemas).
const SEQUENCES: &[(&str, &[&str])] = &[
    (
        "Project",
        &[
            "Users",
            "CodeBook",
            "Variables",
            "Cases",
            "Sources",
            "Notes",
            "Links",
            "Sets",
            "Graphs",
            "Description",
            "NoteRef",
        ],
    ),
    ("CodeBook", &["Codes", "Sets"]),
    ("Code", &["Description", "NoteRef", "Code"]),
    (
        "Case",
        &[
            "Description",
            "CodeRef",
            "VariableValue",
            "SourceRef",
            "SelectionRef",
        ],
    ),
    (
        "Set",
        &["Description", "MemberCode", "MemberSource", "MemberNote"],
    ),
    (
        "TextSource",
        &[
            "Description",
            "PlainTextContent",
            "PlainTextSelection",
            "Coding",
            "NoteRef",
            "VariableValue",
        ],
    ),
    ("PlainTextSelection", &["Description", "Coding", "NoteRef"]),
    ("Coding", &["CodeRef", "NoteRef"]),
];

/// Read a file's bytes (told apart by content: a zip archive, or XML).
pub(crate) fn read(file: &str, name: &str, bytes: &[u8]) -> Result<(Study, Vec<Warning>)> {
    if is_zip(bytes) {
        return read_archive(file, name, std::io::Cursor::new(bytes));
    }
    let mut study = Study {
        file: file.to_string(),
        name: name.to_string(),
        ..Study::default()
    };
    let mut quirks = Quirks::default();
    if let Some(why) = not_xml(bytes) {
        return Err(invalid(file, None, why));
    }
    let text = utf8(file, bytes)?;
    let doc = parse(file, &text)?;
    let mut r = Reader::new(file, &doc, &mut quirks);
    match doc.root_element().tag_name().name() {
        "CodeBook" => r.codebook(&mut study)?,
        "Project" => r.project::<std::io::Cursor<&[u8]>>(&mut study, None)?,
        other => {
            return Err(invalid(
                file,
                Some(format!("<{other}>")),
                "this is not a REFI-QDA file: its root element is neither <CodeBook> (a .qdc) nor <Project> (a project.qde)",
            ));
        }
    }
    Ok((study, quirks.warnings))
}

/// Why a file that is not a zip archive is not REFI-QDA XML either, when it plainly is not:
/// another known format, or text that does not start with `<` (a codebook's text, say).
fn not_xml(bytes: &[u8]) -> Option<String> {
    use crate::formats::{Foreign, IMPORTS, recognise};
    match recognise(bytes, None) {
        Some(Foreign::Qdc | Foreign::Qde | Foreign::Xml) => return None,
        Some(other) => return Some(other.not_importable()),
        None => {}
    }
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Bytes that are not UTF-8 are reported as such (by `utf8`).
    let text = std::str::from_utf8(start).ok()?;
    if text.trim_start().starts_with('<') {
        return None;
    }
    let codebook = !crate::validate(text)
        .iter()
        .any(|d| d.code == crate::diagnostics::DiagnosticCode::SyntaxError);
    Some(if codebook {
        format!(
            "this is a codebook's text already, not a REFI-QDA file: check it with `codebook check`; {IMPORTS}"
        )
    } else {
        format!("this is not a REFI-QDA file (it is not XML); {IMPORTS}")
    })
}

/// Whether bytes start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Whether an open file starts like a zip archive (read from its start, then rewound).
pub(crate) fn file_is_zip(file: &mut std::fs::File) -> std::io::Result<bool> {
    let mut head = Vec::with_capacity(4);
    file.take(4).read_to_end(&mut head)?;
    file.rewind()?;
    Ok(is_zip(&head))
}

/// Read a project archive (`.qdpx`) from any seekable reader: only `project.qde` and the text
/// sources it names are inflated, so large media files in the archive cost nothing.
pub(crate) fn read_archive<R: Read + Seek>(
    file: &str,
    name: &str,
    reader: R,
) -> Result<(Study, Vec<Warning>)> {
    let mut study = Study {
        file: file.to_string(),
        name: name.to_string(),
        ..Study::default()
    };
    let mut quirks = Quirks::default();
    let mut archive = Archive::open(file, reader)?;
    let (place, text) = archive.project_text()?;
    let doc = parse(&place, &text)?;
    let mut r = Reader::new(&place, &doc, &mut quirks);
    r.project(&mut study, Some(&mut archive))?;
    Ok((study, quirks.warnings))
}

fn invalid(file: &str, element: Option<String>, message: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        file: file.to_string(),
        element,
        message: message.into(),
    }
}

fn utf8(file: &str, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        invalid(
            file,
            None,
            format!(
                "the file is not UTF-8 text (byte {} is not)",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn parse<'a>(file: &str, text: &'a str) -> Result<Document<'a>> {
    Document::parse(text).map_err(|e| invalid(file, None, format!("malformed XML: {e}")))
}

// ----- the reader ---------------------------------------------------------------------------

struct Reader<'d, 'i, 'q> {
    file: &'d str,
    doc: &'d Document<'i>,
    lines: Lines,
    quirks: &'q mut Quirks,
    /// What each GUID names: the element that carries it.
    owners: HashMap<Uuid, Node<'d, 'i>>,
    /// Per user GUID (`<User>`, `creatingUser`): the coder it is (an index into
    /// [`Study::coders`]), or `None` for the user `codebook` writes for no coder in particular.
    users: HashMap<Uuid, Option<usize>>,
    /// Per memo GUID (`<Note>`): its index into [`Study::memos`].
    memos: HashMap<Uuid, usize>,
    /// Per variable GUID (`<Variable>`): its name.
    variables: HashMap<Uuid, String>,
}

impl<'d, 'i, 'q> Reader<'d, 'i, 'q> {
    fn new(file: &'d str, doc: &'d Document<'i>, quirks: &'q mut Quirks) -> Self {
        Reader {
            file,
            doc,
            lines: Lines::of(doc.input_text()),
            quirks,
            owners: HashMap::new(),
            users: HashMap::new(),
            memos: HashMap::new(),
            variables: HashMap::new(),
        }
    }

    fn element(&self, n: Node<'_, '_>) -> String {
        element(n, &self.lines)
    }

    fn err(&self, n: Node<'_, '_>, message: impl Into<String>) -> ImportError {
        invalid(self.file, Some(self.element(n)), message)
    }

    fn quirk(&mut self, n: Node<'_, '_>, kind: &'static str, message: impl Into<String>) {
        let element = self.element(n);
        self.quirks.add(self.file, kind, element, message.into());
    }

    /// Check the root's namespace: the expected one, a variant of it (warning), or none.
    fn namespace(&mut self, root: Node<'_, '_>, expected: &str) -> Result<()> {
        let family = expected.rsplit_once(':').map_or(expected, |x| x.0);
        let family = family.rsplit_once(':').map_or(family, |x| x.0);
        match root.tag_name().namespace() {
            Some(ns) if ns == expected => Ok(()),
            Some(ns) if ns.starts_with(family) => {
                self.quirk(
                    root,
                    "namespace",
                    format!("namespace `{ns}` is not `{expected}`; read as {expected}"),
                );
                Ok(())
            }
            None => {
                self.quirk(
                    root,
                    "namespace",
                    format!("no namespace; read as `{expected}`"),
                );
                Ok(())
            }
            Some(ns) => Err(self.err(
                root,
                format!("namespace `{ns}` is not REFI-QDA's (`{expected}`)"),
            )),
        }
    }

    /// A GUID as written, checked: hyphenated hexadecimal in either case; braces tolerated.
    fn uuid(&mut self, n: Node<'_, '_>, attr: &'static str) -> Result<Uuid> {
        let Some(raw) = n.attribute(attr) else {
            return Err(self.err(n, format!("the `{attr}` attribute is missing")));
        };
        let trimmed = raw.trim();
        let (inner, braced) = match trimmed.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(inner) => (inner, true),
            None => (trimmed, false),
        };
        let shape_ok = inner.len() == 36
            && inner.char_indices().all(|(i, ch)| match i {
                8 | 13 | 18 | 23 => ch == '-',
                _ => ch.is_ascii_hexdigit(),
            });
        let parsed = if shape_ok {
            Uuid::try_parse(inner).ok()
        } else {
            None
        };
        let Some(u) = parsed else {
            return Err(self.err(n, format!("`{raw}` is not a GUID")));
        };
        if braced {
            self.quirk(
                n,
                "braced-guid",
                format!("GUID `{raw}` is written in braces; read without them"),
            );
        }
        // Lower case is what the XSD's pattern allows and QualCoder writes: no quirk.
        Ok(u)
    }

    /// Register every element that carries a `guid` of its own (references do not): refuses
    /// malformed and repeated GUIDs.
    fn register_all(&mut self) -> Result<()> {
        let doc = self.doc;
        for n in doc.descendants().filter(|n| n.is_element()) {
            self.order(n);
            if n.attribute("guid").is_none() || n.tag_name().name() == "MemberCode" {
                continue;
            }
            let u = self.uuid(n, "guid")?;
            if let Some(first) = self.owners.get(&u) {
                return Err(self.err(
                    n,
                    format!(
                        "GUID {} is used twice: first by {}",
                        crate::emit::refi::guid_text(u),
                        self.element(*first)
                    ),
                ));
            }
            self.owners.insert(u, n);
        }
        Ok(())
    }

    /// Whether an element's children come in the order the XSD's sequence gives them (only
    /// the elements read are checked); if not, a warning: they are read all the same.
    fn order(&mut self, n: Node<'_, '_>) {
        let Some((_, sequence)) = SEQUENCES
            .iter()
            .find(|(tag, _)| *tag == n.tag_name().name())
        else {
            return;
        };
        let mut last: Option<(usize, Node<'_, '_>)> = None;
        for c in n.children().filter(|c| c.is_element()) {
            let Some(rank) = sequence.iter().position(|t| *t == c.tag_name().name()) else {
                continue;
            };
            match last {
                Some((before, prev)) if rank < before => {
                    let (tag, prev_tag) = (c.tag_name().name(), prev.tag_name().name());
                    let message = format!(
                        "<{tag}> comes after <{prev_tag}>, but the schema puts it before; read all the same"
                    );
                    self.quirk(c, "element-order", message);
                    return;
                }
                _ => last = Some((rank, c)),
            }
        }
    }

    /// A reference (`targetGUID`, or a codebook's `MemberCode guid`) to an element of one of
    /// `tags`.
    fn reference(&mut self, n: Node<'_, '_>, attr: &'static str, tags: &[&str]) -> Result<Uuid> {
        let u = self.uuid(n, attr)?;
        match self.owners.get(&u) {
            Some(o) if tags.contains(&o.tag_name().name()) => Ok(u),
            Some(o) => Err(self.err(
                n,
                format!(
                    "refers to {}, which is not a {}",
                    self.element(*o),
                    tags.first().copied().unwrap_or("known element")
                ),
            )),
            None => Err(self.err(
                n,
                format!(
                    "refers to GUID {}, which nothing in the file has",
                    crate::emit::refi::guid_text(u)
                ),
            )),
        }
    }
}
