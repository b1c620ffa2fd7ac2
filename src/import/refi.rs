//! Reading REFI-QDA files: a codebook (`*.qdc`, XML), a project (`*.qdpx`, a zip archive
//! holding `project.qde` and the text sources under `Sources/`), or a bare `project.qde`.
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

use super::{
    ICase, ICode, IQuote, ISet, ISource, IStructure, ImportError, MAX_INPUT_BYTES, Study, Warning,
};
use crate::emit::refi::{CODEBOOK_NS, PROJECT_NS, keyed, kind_of_description, structure_guid};
use crate::model::SourceKind;
use crate::words::{count, pick};
use roxmltree::{Document, Node};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::rc::Rc;
use uuid::Uuid;

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

/// Whether bytes start like a zip archive.
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
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
    let (entry, index) = archive.project()?;
    let place = format!("{file} ({entry})");
    let data = archive.read(index, &entry)?;
    let text = utf8(&place, &data)?;
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

// ----- warnings -----------------------------------------------------------------------------

/// Warnings, one per kind of quirk and file: a file that writes every GUID in braces gets
/// one warning with the first element and the count, not hundreds.
#[derive(Default)]
struct Quirks {
    warnings: Vec<Warning>,
    /// (file, kind) → index into `warnings`, how often seen, and the first message.
    seen: HashMap<(String, &'static str), (usize, usize, String)>,
    /// Elements already counted (an element is read twice: registered, then read).
    elements: HashSet<(String, &'static str, String)>,
}

impl Quirks {
    fn add(&mut self, file: &str, kind: &'static str, element: String, message: String) {
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
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        Lines(memchr::memchr_iter(b'\n', text.as_bytes()).collect())
    }

    /// The line (from 1) that byte `at` is on.
    fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&nl| nl < at) + 1
    }
}

/// How an element is named in messages: `<Code name="Trust"> (line 12)`.
fn element(n: Node<'_, '_>, lines: &Lines) -> String {
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

fn children<'a, 'i>(n: Node<'a, 'i>, tag: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == tag)
}

fn child<'a, 'i>(n: Node<'a, 'i>, tag: &'static str) -> Option<Node<'a, 'i>> {
    children(n, tag).next()
}

/// All the text inside an element.
fn text_of(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

/// Text with `\r\n` and lone `\r` as `\n`.
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn non_blank(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// The byte offsets of some character positions in a text, found in one pass over it (a
/// table of every character's offset would take eight bytes per character).
struct Offsets {
    /// The positions asked for, sorted, without repeats.
    positions: Vec<usize>,
    /// Their byte offsets, for those within the text (the end of the text is a position).
    bytes: Vec<usize>,
}

impl Offsets {
    fn of(text: &str, mut positions: Vec<usize>) -> Offsets {
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
    fn byte(&self, at: usize) -> Option<usize> {
        let i = self.positions.binary_search(&at).ok()?;
        self.bytes.get(i).copied()
    }
}

// ----- the reader ---------------------------------------------------------------------------

struct Reader<'d, 'i, 'q> {
    file: &'d str,
    doc: &'d Document<'i>,
    lines: Lines,
    quirks: &'q mut Quirks,
    /// What each GUID names: the element that carries it.
    owners: HashMap<Uuid, Node<'d, 'i>>,
}

impl<'d, 'i, 'q> Reader<'d, 'i, 'q> {
    fn new(file: &'d str, doc: &'d Document<'i>, quirks: &'q mut Quirks) -> Self {
        Reader {
            file,
            doc,
            lines: Lines::of(doc.input_text()),
            quirks,
            owners: HashMap::new(),
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

    // ----- codes ------------------------------------------------------------------------

    fn code(&mut self, n: Node<'_, '_>, depth: usize) -> Result<ICode> {
        if depth > MAX_CODE_DEPTH {
            return Err(self.err(
                n,
                format!("codes are nested more than {MAX_CODE_DEPTH} deep"),
            ));
        }
        let guid = self.uuid(n, "guid")?;
        let name = match n.attribute("name").map(str::trim) {
            Some(s) if !s.is_empty() => s.to_string(),
            _ => {
                self.quirk(
                    n,
                    "no-name",
                    "a code without a name; called \"Unnamed code\"",
                );
                "Unnamed code".to_string()
            }
        };
        match n.attribute("isCodable").map(str::trim) {
            None => self.quirk(
                n,
                "no-iscodable",
                "`isCodable` is missing; levels follow the nesting anyway",
            ),
            Some("true" | "false" | "1" | "0") => {}
            Some(v) => self.quirk(
                n,
                "bad-iscodable",
                format!("`isCodable=\"{v}\"` is not a boolean; ignored"),
            ),
        }
        let colour = match n.attribute("color") {
            Some(raw) => self.colour(n, raw),
            None => None,
        };
        let description = child(n, "Description")
            .map(text_of)
            .map(|s| lines(&s))
            .and_then(non_blank);
        let mut kids = Vec::new();
        for c in children(n, "Code") {
            kids.push(self.code(c, depth + 1)?);
        }
        Ok(ICode {
            guid,
            name,
            description,
            colour,
            children: kids,
        })
    }

    fn colour(&mut self, n: Node<'_, '_>, raw: &str) -> Option<[u8; 3]> {
        let hex = raw.trim().strip_prefix('#').unwrap_or("");
        let byte = |s: &str| u8::from_str_radix(s, 16).ok();
        let all_hex = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
        let rgb = |h: &str| {
            Some([
                byte(h.get(0..2)?)?,
                byte(h.get(2..4)?)?,
                byte(h.get(4..6)?)?,
            ])
        };
        match hex.len() {
            6 if all_hex => rgb(hex),
            3 if all_hex => {
                let doubled: String = hex.chars().flat_map(|c| [c, c]).collect();
                rgb(&doubled)
            }
            8 if all_hex => {
                self.quirk(
                    n,
                    "alpha-colour",
                    format!(
                        "colour `{raw}` has an alpha channel; read as #{}",
                        &hex[..6].to_uppercase()
                    ),
                );
                rgb(hex)
            }
            _ => {
                self.quirk(
                    n,
                    "bad-colour",
                    format!("`{raw}` is not a colour (#RRGGBB); left out"),
                );
                None
            }
        }
    }

    /// Top-level codes: those codebook wrote for a data structure (recognised by their GUID)
    /// become structures; the others are gathered into one structure named after the file.
    fn structures(&mut self, codes: Node<'_, '_>, name: &str) -> Result<Vec<IStructure>> {
        let mut out: Vec<IStructure> = Vec::new();
        let mut loose: Option<usize> = None;
        let mut caption_occ: HashMap<String, usize> = HashMap::new();
        for n in children(codes, "Code") {
            let code = self.code(n, 0)?;
            let occ = caption_occ.entry(code.name.clone()).or_insert(0);
            *occ += 1;
            let wrapper = code.guid == structure_guid(&keyed(&code.name, *occ))
                && n.attribute("isCodable").map(str::trim) != Some("true");
            if wrapper {
                out.push(IStructure {
                    caption: code.name,
                    note: code.description,
                    codes: code.children,
                });
                continue;
            }
            let at = match loose {
                Some(at) => at,
                None => {
                    out.push(IStructure {
                        caption: format!("Codes from {name}"),
                        note: None,
                        codes: Vec::new(),
                    });
                    loose = Some(out.len() - 1);
                    out.len() - 1
                }
            };
            if let Some(s) = out.get_mut(at) {
                s.codes.push(code);
            }
        }
        Ok(out)
    }

    /// Code sets (`<Set>` with `<MemberCode>`s); the attribute naming a member differs
    /// between the codebook schema (`guid`) and the project schema (`targetGUID`).
    fn sets(
        &mut self,
        sets: Node<'_, '_>,
        member_attr: &'static str,
        study: &mut Study,
    ) -> Result<()> {
        let list: Vec<Node<'_, '_>> = children(sets, "Set").collect();
        if list.is_empty() {
            self.quirk(
                sets,
                "empty-sets",
                "an empty <Sets/> (the schema wants at least one <Set>); ignored",
            );
        }
        let mut other = 0usize;
        for s in list {
            let name = s.attribute("name").unwrap_or("").trim().to_string();
            let mut codes = Vec::new();
            for m in children(s, "MemberCode") {
                codes.push(self.reference(m, member_attr, &["Code"])?);
            }
            for m in children(s, "MemberSource") {
                self.reference(m, "targetGUID", SOURCE_TAGS)?;
            }
            if codes.is_empty() {
                other += 1;
            } else {
                let guid = s
                    .has_attribute("guid")
                    .then(|| self.uuid(s, "guid"))
                    .transpose()?;
                study.sets.push(ISet { guid, name, codes });
            }
        }
        if other > 0 {
            study.notes.push(format!(
                "{} without codes (of sources or notes) {} not imported.",
                count(other, "set", "sets"),
                pick(other, "was", "were")
            ));
        }
        Ok(())
    }

    fn codebook(&mut self, study: &mut Study) -> Result<()> {
        let root = self.doc.root_element();
        self.namespace(root, CODEBOOK_NS)?;
        study.kind = "REFI-QDA codebook";
        self.register_all()?;
        let Some(codes) = child(root, "Codes") else {
            return Err(self.err(root, "the codebook has no <Codes>"));
        };
        let name = study.name.clone();
        study.structures = self.structures(codes, &name)?;
        if let Some(sets) = child(root, "Sets") {
            self.sets(sets, "guid", study)?;
        }
        Ok(())
    }

    // ----- projects ---------------------------------------------------------------------

    fn project<R: Read + Seek>(
        &mut self,
        study: &mut Study,
        mut archive: Option<&mut Archive<R>>,
    ) -> Result<()> {
        let root = self.doc.root_element();
        self.namespace(root, PROJECT_NS)?;
        study.kind = "REFI-QDA project";
        self.register_all()?;
        let name = study.name.clone();
        if let Some(codes) = child(root, "CodeBook").and_then(|cb| child(cb, "Codes")) {
            study.structures = self.structures(codes, &name)?;
        }
        if let Some(sources) = child(root, "Sources") {
            let mut not_text = 0usize;
            let mut uncoded = 0usize;
            for s in sources.children().filter(|c| c.is_element()) {
                if s.tag_name().name() == "TextSource" {
                    let before = study.sources.len();
                    self.text_source(s, study, archive.as_deref_mut())?;
                    if study.sources.len() == before {
                        uncoded += 1;
                    }
                } else {
                    not_text += 1;
                }
            }
            if uncoded > 0 {
                study.notes.push(format!(
                    "{} without coded text {} not imported.",
                    count(uncoded, "text source", "text sources"),
                    pick(uncoded, "was", "were")
                ));
            }
            if not_text > 0 {
                study.notes.push(format!(
                    "{} not plain text (PDF, picture, audio, video) {} not imported.",
                    count(not_text, "source that is", "sources that are"),
                    pick(not_text, "was", "were")
                ));
            }
        }
        if let Some(cases) = child(root, "Cases") {
            for c in children(cases, "Case") {
                self.case(c, study)?;
            }
        }
        if let Some(sets) = child(root, "Sets") {
            self.sets(sets, "targetGUID", study)?;
        }
        Ok(())
    }

    fn text_source<R: Read + Seek>(
        &mut self,
        s: Node<'_, '_>,
        study: &mut Study,
        archive: Option<&mut Archive<R>>,
    ) -> Result<()> {
        let guid = self.uuid(s, "guid")?;
        let name = match s.attribute("name").map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => format!("Text source {}", study.sources.len() + 1),
        };
        let kind = child(s, "Description")
            .map(text_of)
            .and_then(|d| kind_of_description(d.trim()))
            .unwrap_or(SourceKind::Document);
        let mut selections = Vec::new();
        for sel in children(s, "PlainTextSelection") {
            let sel_guid = self.uuid(sel, "guid")?;
            let start = self.position(sel, "startPosition")?;
            let end = self.position(sel, "endPosition")?;
            if end < start {
                return Err(self.err(
                    sel,
                    format!("the selection ends ({end}) before it starts ({start})"),
                ));
            }
            let mut codes = Vec::new();
            let mut seen = HashSet::new();
            for coding in children(sel, "Coding") {
                let Some(r) = child(coding, "CodeRef") else {
                    return Err(self.err(coding, "a <Coding> without <CodeRef>"));
                };
                let code = self.reference(r, "targetGUID", &["Code"])?;
                if seen.insert(code) {
                    codes.push(code);
                }
            }
            selections.push((sel, sel_guid, start, end, codes));
        }
        for coding in children(s, "Coding") {
            if let Some(r) = child(coding, "CodeRef") {
                self.reference(r, "targetGUID", &["Code"])?;
            }
        }
        if children(s, "Coding").next().is_some() {
            study
                .notes
                .push(format!("Codings of the whole text source \"{name}\" were not imported (only coded selections become quotes)."));
        }
        let coded = selections.iter().filter(|x| !x.4.is_empty()).count();
        let uncoded = selections.len() - coded;
        if uncoded > 0 {
            study.notes.push(format!(
                "{} without codes in \"{name}\" {} not imported.",
                count(uncoded, "selection", "selections"),
                pick(uncoded, "was", "were")
            ));
        }
        if coded == 0 {
            return Ok(());
        }
        let Some(content) = self.content(s, archive)? else {
            self.quirk(
                s,
                "no-content",
                format!(
                    "the text of \"{name}\" is not in the file; its {} {} not imported",
                    count(coded, "coded selection", "coded selections"),
                    pick(coded, "was", "were")
                ),
            );
            return Ok(());
        };
        // Positions count characters (Unicode scalar values), end exclusive.
        let offsets = Offsets::of(
            &content,
            selections.iter().flat_map(|x| [x.2, x.3]).collect(),
        );
        let content: Rc<str> = Rc::from(content);
        let source = study.sources.len();
        let mut quotes = Vec::new();
        for (sel, sel_guid, start, end, codes) in selections {
            if codes.is_empty() {
                continue;
            }
            let (Some(a), Some(b)) = (offsets.byte(start), offsets.byte(end)) else {
                let chars = content.chars().count();
                return Err(self.err(
                    sel,
                    format!(
                        "the selection {start}..{end} lies outside its text, which has {}",
                        count(chars, "character", "characters")
                    ),
                ));
            };
            // Trimmed here: `\r`, which the text turns into `\n`, is blank too.
            let raw = content.get(a..b).unwrap_or("");
            let trimmed = raw.trim_start();
            let from = a + (raw.len() - trimmed.len());
            let to = from + trimmed.trim_end().len();
            if from == to {
                self.quirk(
                    sel,
                    "empty-selection",
                    "a coded selection of blank text; left out",
                );
                continue;
            }
            quotes.push(IQuote {
                guid: sel_guid,
                source,
                content: Rc::clone(&content),
                range: from..to,
                codes,
            });
        }
        if !quotes.is_empty() {
            study.sources.push(ISource { guid, name, kind });
            study.quotes.extend(quotes);
        }
        Ok(())
    }

    fn position(&mut self, n: Node<'_, '_>, attr: &'static str) -> Result<usize> {
        match n.attribute(attr).map(|v| v.trim().parse::<usize>()) {
            Some(Ok(p)) => Ok(p),
            Some(Err(_)) => Err(self.err(n, format!("`{attr}` is not a whole number"))),
            None => Err(self.err(n, format!("the `{attr}` attribute is missing"))),
        }
    }

    /// A text source's text: inline, or a file inside the archive. `None` if it is outside.
    fn content<R: Read + Seek>(
        &mut self,
        s: Node<'_, '_>,
        archive: Option<&mut Archive<R>>,
    ) -> Result<Option<String>> {
        if let Some(c) = child(s, "PlainTextContent") {
            return Ok(Some(text_of(c)));
        }
        let Some(path) = s.attribute("plainTextPath").map(str::trim) else {
            return Ok(None);
        };
        let Some(inner) = path.strip_prefix("internal://") else {
            return Ok(None);
        };
        if inner.is_empty() || escapes(inner) || inner.contains(['/', '\\']) {
            return Err(self.err(
                s,
                format!("the path `{path}` would leave the archive's Sources folder"),
            ));
        }
        let Some(archive) = archive else {
            return Err(self.err(
                s,
                format!("refers to `{path}`, a file inside a .qdpx archive; import the .qdpx rather than its project.qde"),
            ));
        };
        let Some((index, entry)) = archive.find(&format!("Sources/{inner}")) else {
            return Err(self.err(
                s,
                format!("refers to `{path}`, but the archive has no Sources/{inner}"),
            ));
        };
        let bytes = archive.read(index, &entry)?;
        utf8(&format!("{} ({entry})", archive.file), &bytes).map(Some)
    }

    fn case(&mut self, c: Node<'_, '_>, study: &mut Study) -> Result<()> {
        let name = match c.attribute("name").map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => format!("Case {}", study.cases.len() + 1),
        };
        let description = child(c, "Description")
            .map(text_of)
            .map(|s| lines(&s))
            .and_then(non_blank);
        let mut sources = Vec::new();
        for r in children(c, "SourceRef") {
            sources.push(self.reference(r, "targetGUID", SOURCE_TAGS)?);
        }
        let mut selections = Vec::new();
        for r in children(c, "SelectionRef") {
            selections.push(self.reference(r, "targetGUID", SELECTION_TAGS)?);
        }
        for r in children(c, "CodeRef") {
            self.reference(r, "targetGUID", &["Code"])?;
        }
        study.cases.push(ICase {
            name,
            description,
            sources,
            selections,
        });
        Ok(())
    }
}

const SOURCE_TAGS: &[&str] = &[
    "TextSource",
    "PictureSource",
    "PDFSource",
    "AudioSource",
    "VideoSource",
];

const SELECTION_TAGS: &[&str] = &[
    "PlainTextSelection",
    "PictureSelection",
    "PDFSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
];

// ----- the archive --------------------------------------------------------------------------

/// Whether an archive path would leave the archive: absolute, a drive, or a `..` step.
fn escapes(path: &str) -> bool {
    let drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    path.starts_with('/')
        || path.starts_with('\\')
        || drive
        || path.contains('\0')
        || path.split(['/', '\\']).any(|step| step == "..")
}

struct Archive<R> {
    file: String,
    zip: zip::ZipArchive<R>,
    /// Entry names to indices, exactly and in ASCII lower case (the first entry of a name).
    names: HashMap<String, usize>,
    folded: HashMap<String, usize>,
    /// Bytes still allowed to inflate.
    budget: u64,
}

impl<R: Read + Seek> Archive<R> {
    fn open(file: &str, reader: R) -> Result<Archive<R>> {
        let zip = zip::ZipArchive::new(reader)
            .map_err(|e| invalid(file, None, format!("not a readable zip archive: {e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(invalid(
                file,
                None,
                format!(
                    "the archive lists {} entries; the most read is {MAX_ENTRIES}",
                    zip.len()
                ),
            ));
        }
        for name in zip.file_names_raw() {
            let shown = String::from_utf8_lossy(name);
            if escapes(&shown) {
                return Err(invalid(
                    file,
                    Some(format!("entry `{shown}`")),
                    "the path would leave the archive (absolute, or with `..`); refusing the archive",
                ));
            }
        }
        // Looked up once per text source: an index, not a search of every entry each time.
        let mut names = HashMap::new();
        let mut folded = HashMap::new();
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                folded.entry(name.to_ascii_lowercase()).or_insert(i);
                names.entry(name.into_owned()).or_insert(i);
            }
        }
        Ok(Archive {
            file: file.to_string(),
            zip,
            names,
            folded,
            budget: MAX_INPUT_BYTES,
        })
    }

    /// An entry by name; the exact name first, else one that differs in case only.
    fn find(&self, wanted: &str) -> Option<(usize, String)> {
        let index = match self.names.get(wanted) {
            Some(&i) => i,
            None => *self.folded.get(&wanted.to_ascii_lowercase())?,
        };
        let name = self.zip.name_for_index(index)?.ok()?.into_owned();
        Some((index, name))
    }

    fn project(&self) -> Result<(String, usize)> {
        self.find("project.qde")
            .map(|(i, n)| (n, i))
            .ok_or_else(|| invalid(&self.file, None, "the archive has no project.qde at its top; it is not a REFI-QDA project (.qdpx)"))
    }

    /// Inflate one entry, checking its declared size, its ratio and what it really inflates to
    /// against what is left of the budget.
    fn read(&mut self, index: usize, name: &str) -> Result<Vec<u8>> {
        let file = self.file.clone();
        let at = || Some(format!("entry `{name}`"));
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| invalid(&file, at(), format!("cannot be read: {e}")))?;
        let declared = entry.size();
        let compressed = entry.compressed_size().max(1);
        if declared > self.budget {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "declares {declared} bytes; an import reads at most {} MiB from an archive",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
            ));
        }
        if declared > RATIO_FLOOR && declared / compressed > MAX_RATIO {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "inflates {declared} bytes from {compressed} (more than {MAX_RATIO} to 1): refusing what looks like a zip bomb"
                ),
            ));
        }
        let mut out = Vec::new();
        let limit = declared.saturating_add(1);
        (&mut entry)
            .take(limit)
            .read_to_end(&mut out)
            .map_err(|e| invalid(&file, at(), format!("cannot be inflated: {e}")))?;
        let actual = out.len() as u64;
        if actual > declared {
            return Err(invalid(
                &file,
                at(),
                format!(
                    "inflates past the {declared} bytes it declares: refusing what looks like a zip bomb"
                ),
            ));
        }
        self.budget = self.budget.saturating_sub(actual);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_numbers_are_roxmltree_s() {
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
    fn character_positions_become_byte_offsets() {
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
