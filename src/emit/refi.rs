//! REFI-QDA, the exchange format of QDA software (MAXQDA, NVivo, ATLAS.ti, QualCoder, ...).
//!
//! * [`render_qdc`]: the data structures as a codebook (`*.qdc`, `urn:QDA-XML:codebook:1.0`).
//! * [`render_qdpx`]: a project archive (`*.qdpx`): the same codebook, every quote as a coded
//!   text selection in a text source, the actors as cases, levels and actor groups as sets.
//!
//! Each data structure is one top-level `<Code>` (named with its caption, not codable) that
//! holds the structure's codes as they nest; the lowest level is codable, so is a code without
//! subcodes higher up, and in a project so is a code above it that quotes support directly (a
//! theme with quotes of its own); the others are not. Level sets (one `<Set>` per level, named with its heading) list the codes of a level,
//! so the levels survive a trip through a QDA program.
//!
//! Every GUID is a UUID v5 of what the REFI file itself carries: a structure's caption, a
//! code's chain of labels from its structure down (`#2`, `#3` for a repeated label among
//! siblings). The same codebook always gives the same file, on any machine, and `codebook
//! import` of that file gives a codebook that exports to the same bytes again; the importer
//! recognises a structure's `<Code>` by its GUID ([`structure_guid`]). Renaming a label
//! changes the GUIDs of the code and of the codes below it. A shared code stands under its
//! first parent, with a set for each other (see [`lossy`]). What the format has no place for
//! at all (level names, attributes, phases, matrices, totals, ...) is named by [`left_out`].

mod left_out;
mod project;
mod shared;
pub use left_out::left_out;
pub(crate) use project::{
    ALLOWED, MEMBER_OF, Project, UNATTRIBUTED, attribution_description, attribution_guid,
    coder_guid, fallback_user_guid, group_guid, project,
};
pub use shared::lossy;
use shared::shared_sets;
pub(crate) use shared::{ALSO_UNDER, PLACE, shared_set_guid};

use super::xml::{self, Place};
use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{
    ActorId, Attribution, CodeId, GroupId, Id, LevelId, Per, QuoteId, SourceId, SourceKind,
    StructureId,
};
use crate::syntax::ast::Span;
use std::collections::HashMap;
use std::io::Write as _;
use uuid::Uuid;

/// The codebook schema's namespace.
pub(crate) const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
/// The project schema's namespace.
pub(crate) const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";

/// Everything codebook names a GUID for lives under this name-space UUID.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:codebook:refi-qda")
}

/// A UUID v5 of `parts`, joined with the unit separator (which no label can hold ambiguously).
pub(crate) fn guid(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&namespace(), parts.join("\u{1F}").as_bytes())
}

/// The form the files use: upper-case hexadecimal, no braces.
pub fn guid_text(u: Uuid) -> String {
    let mut buf = Uuid::encode_buffer();
    u.hyphenated().encode_upper(&mut buf).to_string()
}

/// A label with its place among equal labels: `Label` for the first, `Label#2` for the second.
pub(crate) fn keyed(label: &str, occurrence: usize) -> String {
    if occurrence <= 1 {
        label.to_string()
    } else {
        format!("{label}#{occurrence}")
    }
}

/// The GUID of a data structure's top-level `<Code>`: from its caption (keyed).
pub fn structure_guid(caption_key: &str) -> Uuid {
    guid(&["structure", caption_key])
}

/// The GUID of a code: from its structure's caption (keyed) and its labels (keyed) from the
/// top of the structure down to the code itself.
pub fn code_guid(caption_key: &str, path: &[String]) -> Uuid {
    let mut parts = vec!["code", caption_key];
    parts.extend(path.iter().map(String::as_str));
    guid(&parts)
}

/// The GUID of the set of one level's codes (`rank` 0 is the lowest level).
pub(crate) fn level_set_guid(rank: usize, heading: &str) -> Uuid {
    guid(&["level", &rank.to_string(), heading])
}

// ----- the code tree ------------------------------------------------------------------------

/// A `<Code>` to write.
#[derive(Debug)]
struct Node<'a> {
    guid: Uuid,
    name: &'a str,
    codable: bool,
    colour: Option<String>,
    description: Option<&'a str>,
    children: Vec<Node<'a>>,
}

/// The code trees, one per structure, and every code's GUID.
struct Tree<'a> {
    /// Whether the file carries the quotes (a project): then a code above the lowest level
    /// that quotes support directly is codable too, so that its codings are valid. In a
    /// codebook (`.qdc`), a code above the lowest level is codable only when it has no subcodes
    /// (a sub-category without themes: nothing else could be coded in its place), so that
    /// importing it and exporting again gives the same file.
    project: bool,
    roots: Vec<Node<'a>>,
    /// Per code (index into the model's codes): its GUID.
    code_guid: Per<CodeId, Option<Uuid>>,
    /// Per level (lowest first): its codes, in tree order.
    by_level: Vec<Vec<Uuid>>,
}

fn occurrences<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    labels
        .map(|l| {
            let n = seen.entry(l).or_insert(0);
            *n += 1;
            *n
        })
        .collect()
}

fn tree(c: &Compiled, project: bool) -> Tree<'_> {
    let cb = &c.codebook;
    let mut t = Tree {
        project,
        roots: Vec::new(),
        code_guid: Per::filled(cb.codes.len(), None),
        by_level: vec![Vec::new(); cb.levels.len()],
    };
    let caption_occ = occurrences(cb.structures.iter().map(|s| s.caption.text.as_str()));
    for (si, s) in StructureId::each(cb) {
        let key = keyed(&s.caption.text, caption_occ[si.index()]);
        let roots = &c.resolved.roots[si];
        let mut path = Vec::new();
        let children = code_nodes(c, &key, roots, None, &mut path, &mut t);
        t.roots.push(Node {
            guid: structure_guid(&key),
            name: &s.caption.text,
            codable: false,
            colour: None,
            description: s.note.as_ref().map(|n| n.text.as_str()),
            children,
        });
    }
    t
}

fn code_nodes<'a>(
    c: &'a Compiled,
    key: &str,
    codes: &[CodeId],
    parent: Option<CodeId>,
    path: &mut Vec<String>,
    t: &mut Tree<'a>,
) -> Vec<Node<'a>> {
    let cb = &c.codebook;
    // A REFI-QDA code tree holds a code once: a shared code stands under its first parent
    // only, and a set says which others it belongs to (`shared_sets`).
    let codes: Vec<CodeId> = codes
        .iter()
        .copied()
        .filter(|k| parent.is_none() || c.resolved.parent[*k] == parent)
        .collect();
    let occ = occurrences(codes.iter().map(|k| cb[*k].label.text.as_str()));
    let mut out = Vec::new();
    for (i, &k) in codes.iter().enumerate() {
        let code = &cb[k];
        path.push(keyed(&code.label.text, occ[i]));
        let id = code_guid(key, path);
        t.code_guid[k] = Some(id);
        if let Some(level) = t.by_level.get_mut(code.level.rank()) {
            level.push(id);
        }
        // The checker guarantees a tree of at most as many levels as are declared; the bound
        // only keeps a broken model from recursing without end.
        let kids = match c.resolved.children.get(k) {
            Some(kids) if path.len() <= cb.levels.len() => kids.as_slice(),
            _ => &[],
        };
        let children = code_nodes(c, key, kids, Some(k), path, t);
        path.pop();
        out.push(Node {
            guid: id,
            name: &code.label.text,
            codable: code.level == LevelId::LOWEST
                || kids.is_empty()
                || (t.project && !c.resolved.code_quotes[k].is_empty()),
            colour: code.colour.map(|col| col.hex()),
            description: code.definition.as_ref().map(|d| d.text.as_str()),
            children,
        });
    }
    out
}

// ----- XML writing --------------------------------------------------------------------------

/// An indented XML document, two spaces a level.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            depth: 0,
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, String)], empty: bool) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&xml::escape(v, Place::Attribute));
            self.out.push('"');
        }
        self.out.push_str(if empty { "/>\n" } else { ">\n" });
        if !empty {
            self.depth += 1;
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs, false);
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs, true);
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name>text</name>` on one line (the text itself may span lines).
    fn text(&mut self, name: &str, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(&format!(
            "<{name}>{}</{name}>\n",
            xml::escape(text, Place::Content)
        ));
    }
}

fn write_code(x: &mut Xml, n: &Node<'_>) {
    let mut attrs = vec![
        ("guid", guid_text(n.guid)),
        ("name", n.name.to_string()),
        ("isCodable", n.codable.to_string()),
    ];
    if let Some(col) = &n.colour {
        attrs.push(("color", col.clone()));
    }
    if n.description.is_none() && n.children.is_empty() {
        x.empty("Code", &attrs);
        return;
    }
    x.open("Code", &attrs);
    if let Some(d) = n.description {
        x.text("Description", d);
    }
    for child in &n.children {
        write_code(x, child);
    }
    x.close("Code");
}

fn origin() -> String {
    format!("codebook {}", env!("CARGO_PKG_VERSION"))
}

// ----- checks -------------------------------------------------------------------------------

/// Texts XML cannot carry (control characters, U+FFFE, U+FFFF), as diagnostics at the text.
fn unwritable<'a>(texts: impl Iterator<Item = (&'a str, Span)>) -> Vec<Diagnostic> {
    texts
        .filter_map(|(text, span)| {
            let bad = text.chars().find(|ch| !xml::can_carry(*ch))?;
            Some(
                Diagnostic::new(
                    DiagnosticCode::InvalidValue,
                    span,
                    format!(
                        "this text holds the {} U+{:04X}, which REFI-QDA files (XML) cannot carry",
                        if bad.is_control() {
                            "control character"
                        } else {
                            "noncharacter"
                        },
                        u32::from(bad)
                    ),
                )
                .label("not writable as XML")
                .help("remove the character from the text"),
            )
        })
        .collect()
}

fn code_texts(c: &Compiled) -> Vec<(&str, Span)> {
    let cb = &c.codebook;
    let mut out: Vec<(&str, Span)> = Vec::new();
    for s in &cb.structures {
        out.push((&s.caption.text, s.caption.span.clone()));
        if let Some(n) = &s.note {
            out.push((&n.text, n.span.clone()));
        }
    }
    for k in &cb.codes {
        out.push((&k.label.text, k.label.span.clone()));
        if let Some(d) = &k.definition {
            out.push((&d.text, d.span.clone()));
        }
    }
    for l in &cb.levels {
        out.push((&l.heading, l.span.clone()));
    }
    out
}

fn no_structure() -> Diagnostic {
    Diagnostic::new(
        DiagnosticCode::MissingProperty,
        0..0,
        "a REFI-QDA codebook holds at least one code, and this file declares no data structure",
    )
    .label("nothing to export")
    .help("declare a data structure: `structure name \"Caption\" { ... }`")
}

// ----- the codebook (.qdc) ------------------------------------------------------------------

/// A set of codes the files carry: its GUID, name, description, and member codes.
pub(crate) type CodeSet = (Uuid, String, Option<String>, Vec<Uuid>);

/// The level sets, named with the levels' headings: one per level up to the highest that has
/// codes, also a level below it without codes (a paper's table of themes whose concepts
/// column is empty), so that an import rebuilds every level; then, for each shared code, one
/// set per parent it does not stand under in the tree.
fn level_sets(c: &Compiled, t: &Tree<'_>) -> Vec<CodeSet> {
    let used = t
        .by_level
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |r| r + 1);
    let mut out: Vec<CodeSet> = c
        .codebook
        .levels
        .iter()
        .enumerate()
        .take(used)
        .map(|(rank, l)| {
            (
                level_set_guid(rank, &l.heading),
                l.heading.clone(),
                None,
                t.by_level.get(rank).cloned().unwrap_or_default(),
            )
        })
        .collect();
    out.extend(shared_sets(c, t));
    out
}

/// A `<Set>` of codes. A member is `<MemberCode guid=…>` in a codebook and `<MemberCode
/// targetGUID=…>` in a project: the two schemas name the attribute differently.
fn write_code_set(x: &mut Xml, (id, name, description, members): &CodeSet, member_attr: &str) {
    let attributes = [("guid", guid_text(*id)), ("name", name.clone())];
    // A level without codes.
    if description.is_none() && members.is_empty() {
        x.empty("Set", &attributes);
        return;
    }
    x.open("Set", &attributes);
    if let Some(d) = description {
        x.text("Description", d);
    }
    for m in members {
        x.empty("MemberCode", &[(member_attr, guid_text(*m))]);
    }
    x.close("Set");
}

/// The data structures as a REFI-QDA codebook (`.qdc`).
pub fn render_qdc(c: &Compiled) -> Result<String, Vec<Diagnostic>> {
    let problems = unwritable(code_texts(c).into_iter());
    if !problems.is_empty() {
        return Err(problems);
    }
    if c.codebook.structures.is_empty() {
        return Err(vec![no_structure()]);
    }
    let t = tree(c, false);
    let mut x = Xml::new();
    x.open(
        "CodeBook",
        &[("xmlns", CODEBOOK_NS.to_string()), ("origin", origin())],
    );
    x.open("Codes", &[]);
    for n in &t.roots {
        write_code(&mut x, n);
    }
    x.close("Codes");
    let sets = level_sets(c, &t);
    if !sets.is_empty() {
        x.open("Sets", &[]);
        for set in &sets {
            write_code_set(&mut x, set, "guid");
        }
        x.close("Sets");
    }
    x.close("CodeBook");
    Ok(x.out)
}

/// The inside of a `.qdpx` archive: `project.qde`, then `sources/<GUID>.txt` in source order.
/// The standard's documentation names the folder `sources` (lower case), and several REFI-QDA
/// libraries open only that; `import` reads either spelling.
pub(crate) fn qdpx_entries(c: &Compiled) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let Project { qde, files } = project(c)?;
    let mut out = vec![("project.qde".to_string(), qde.into_bytes())];
    out.extend(
        files
            .into_iter()
            .map(|(name, text)| (format!("sources/{name}"), text.into_bytes())),
    );
    Ok(out)
}

/// A zip archive of `entries`, the same bytes for the same entries: fixed timestamps
/// (1980-01-01, the earliest a zip can hold), fixed permissions, the given order.
pub(crate) fn deterministic_zip(entries: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        w.write_all(bytes)?;
    }
    let cursor = w.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// The study as a REFI-QDA project archive (`.qdpx`).
pub fn render_qdpx(c: &Compiled) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let entries = qdpx_entries(c)?;
    deterministic_zip(&entries).map_err(|e| {
        vec![Diagnostic::new(
            DiagnosticCode::InvalidValue,
            0..0,
            format!("the archive could not be assembled: {e}"),
        )]
    })
}

/// Which kind of source a text source's description (as [`render_qdpx`] writes it) names.
pub(crate) fn kind_of_description(description: &str) -> Option<SourceKind> {
    [
        SourceKind::Interview,
        SourceKind::Document,
        SourceKind::Observation,
        SourceKind::FocusGroup,
    ]
    .into_iter()
    .find(|k| {
        let word = k.word();
        description
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && description[word.len()..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == ':')
    })
}
