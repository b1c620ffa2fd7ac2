//! REFI-QDA, the exchange format of QDA software (MAXQDA, NVivo, ATLAS.ti, QualCoder, ...).
//!
//! * [`render_qdc`]: the data structures as a codebook (`*.qdc`, `urn:QDA-XML:codebook:1.0`).
//! * [`render_qdpx`]: a project archive (`*.qdpx`): the same codebook, every quote as a coded
//!   text selection in a text source, the actors as cases, levels and actor groups as sets.
//!
//! Each data structure is one top-level `<Code>` (named with its caption, not codable) that
//! holds the structure's codes as they nest; the lowest level is codable, and in a project so
//! is a code above it that quotes support directly (a theme with quotes of its own); the others
//! are not. Level sets (one `<Set>` per level, named with its heading) list the codes of a level,
//! so the levels survive a trip through a QDA program.
//!
//! Every GUID is a UUID v5 of what the REFI file itself carries: a structure's caption, a
//! code's chain of labels from its structure down (`#2`, `#3` for a repeated label among
//! siblings). The same codebook always gives the same file, on any machine, and `codebook
//! import` of that file gives a codebook that exports to the same bytes again; the importer
//! recognises a structure's `<Code>` by its GUID ([`structure_guid`]). Renaming a label
//! changes the GUIDs of the code and of the codes below it. A shared code stands under its
//! first parent, with a set for each other (see [`lossy`]).

mod shared;
pub use shared::lossy;
use shared::shared_sets;
pub(crate) use shared::{ALSO_UNDER, shared_set_guid};

use super::xml::{self, Place};
use crate::Compiled;
use crate::diagnostics::{Diagnostic, DiagnosticCode};
use crate::model::{
    ActorId, Attribution, CodeId, GroupId, Id, Per, QuoteId, SourceId, SourceKind, StructureId,
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
    /// that quotes support directly is codable too, so that its codings are valid. A codebook
    /// (`.qdc`) keeps to the levels, so that importing it and exporting again gives the same
    /// file.
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
        if let Some(level) = t.by_level.get_mut(code.level) {
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
            codable: code.level == 0 || (t.project && !c.resolved.code_quotes[k].is_empty()),
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

/// The level sets, one per level that has codes, named with the level's heading; then, for
/// each shared code, one set per parent it does not stand under in the tree.
fn level_sets(c: &Compiled, t: &Tree<'_>) -> Vec<CodeSet> {
    let mut out: Vec<CodeSet> = c
        .codebook
        .levels
        .iter()
        .enumerate()
        .filter_map(|(rank, l)| {
            let members = t.by_level.get(rank)?.clone();
            (!members.is_empty()).then(|| {
                (
                    level_set_guid(rank, &l.heading),
                    l.heading.clone(),
                    None,
                    members,
                )
            })
        })
        .collect();
    out.extend(shared_sets(c, t));
    out
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
        for (id, name, description, members) in &sets {
            x.open("Set", &[("guid", guid_text(*id)), ("name", name.clone())]);
            if let Some(d) = description {
                x.text("Description", d);
            }
            for m in members {
                x.empty("MemberCode", &[("guid", guid_text(*m))]);
            }
            x.close("Set");
        }
        x.close("Sets");
    }
    x.close("CodeBook");
    Ok(x.out)
}

// ----- the project (.qdpx) ------------------------------------------------------------------

/// One text source of the project: a declared source, or the quotes of one attribution.
struct TextSource {
    guid: Uuid,
    name: String,
    description: String,
    /// The declared source, if any.
    source: Option<SourceId>,
    quotes: Vec<QuoteId>,
}

fn text_sources(c: &Compiled) -> Vec<TextSource> {
    let cb = &c.codebook;
    let mut out: Vec<TextSource> = Vec::new();
    for (i, s) in SourceId::each(cb) {
        let mut details = vec![s.label.text.clone()];
        if let Some(a) = c.resolved.source_actor[i] {
            details.push(cb[a].label.text.clone());
        }
        if let Some(r) = c.resolved.source_round[i] {
            details.push(cb[r].label.text.clone());
        }
        if s.count > 1 {
            let kind = s.kind.word();
            let many = format!("{kind}s");
            details.push(format!(
                "stands for {}",
                crate::words::count(s.count, kind, &many)
            ));
        }
        out.push(TextSource {
            guid: guid(&["source", &s.id.id]),
            name: s.label.text.clone(),
            description: format!("{} `{}`: {}", s.kind.word(), s.id.id, details.join("; ")),
            source: Some(i),
            quotes: Vec::new(),
        });
    }
    let mut by_attribution: HashMap<String, usize> = HashMap::new();
    for (q, _) in QuoteId::each(cb) {
        // The declared sources come first, in order: a source's place in `out` is its index.
        if let Some(s) = c.resolved.quote_source[q] {
            out[s.index()].quotes.push(q);
            continue;
        }
        let who = super::attribution_text(c, q).unwrap_or_else(|| "unattributed".into());
        let at = *by_attribution.entry(who.clone()).or_insert_with(|| {
            out.push(TextSource {
                guid: guid(&["attribution", &who]),
                name: who.clone(),
                description: format!("quotes attributed to {who}"),
                source: None,
                quotes: Vec::new(),
            });
            out.len() - 1
        });
        out[at].quotes.push(q);
    }
    // Names a program lists side by side should differ: a repeated one gets its identifier.
    // Counted once per name (a search of every text source for each was quadratic: 40,000
    // attributions took 18 s).
    let occ = occurrences(out.iter().map(|t| t.name.as_str()));
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for t in &out {
        *totals.entry(t.name.as_str()).or_insert(0) += 1;
    }
    let repeated: Vec<bool> = out
        .iter()
        .map(|t| totals.get(t.name.as_str()).is_some_and(|&n| n > 1))
        .collect();
    for (i, ts) in out.iter_mut().enumerate() {
        if repeated[i] {
            ts.name = match ts.source {
                Some(s) => format!("{} ({})", ts.name, cb[s].id.id),
                None => format!("{} ({})", ts.name, occ[i]),
            };
        }
    }
    out
}

/// Whether actor `a` counts for group `g`: a member, or a member of a member organisation.
fn in_group(c: &Compiled, g: GroupId, a: ActorId) -> bool {
    let members = &c.resolved.group_members[g];
    members.contains(&a)
        || c.codebook[a]
            .member_of
            .is_some_and(|org| members.contains(&ActorId::from_index(org)))
}

/// A project: its document and the text files it refers to.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    /// `project.qde`.
    pub qde: String,
    /// `(file name, text)` of each text source, as `internal://` names them.
    pub files: Vec<(String, String)>,
}

/// The project document (`project.qde`) and the text files it refers to.
pub(crate) fn project(c: &Compiled) -> Result<Project, Vec<Diagnostic>> {
    let cb = &c.codebook;
    let mut texts = code_texts(c);
    for q in &cb.quotes {
        texts.push((&q.text.text, q.text.span.clone()));
        // Its attribution names a text source (`by:`, `from:`).
        match q.attribution.as_deref() {
            Some(Attribution::Person { role: t, .. } | Attribution::Document { kind: t, .. }) => {
                texts.push((&t.text, t.span.clone()));
            }
            None => {}
        }
    }
    for a in &cb.actors {
        texts.push((&a.label.text, a.label.span.clone()));
        if let Some(d) = &a.description {
            texts.push((&d.text, d.span.clone()));
        }
    }
    for s in &cb.sources {
        texts.push((&s.label.text, s.label.span.clone()));
        // An unattributed quote's text source is named by its source's role or kind.
        for t in [&s.role, &s.of_kind].into_iter().flatten() {
            texts.push((&t.text, t.span.clone()));
        }
    }
    // A source's description names its round.
    for r in &cb.rounds {
        texts.push((&r.label.text, r.label.span.clone()));
    }
    for g in &cb.groups {
        if let Some(l) = &g.label {
            texts.push((&l.text, l.span.clone()));
        }
    }
    if let Some(study) = &cb.study {
        if let Some(t) = &study.title {
            texts.push((&t.text, t.span.clone()));
        }
        for a in &study.authors {
            texts.push((&a.text, a.span.clone()));
        }
        if let Some(d) = &study.doi {
            texts.push((&d.text, d.span.clone()));
        }
    }
    let problems = unwritable(texts.into_iter());
    if !problems.is_empty() {
        return Err(problems);
    }

    let t = tree(c, true);
    let sources = text_sources(c);
    // Per quote: its selection's GUID, from its text and which repetition of that text it is.
    let quote_occ = occurrences(cb.quotes.iter().map(|q| q.text.text.as_str()));
    let selection: Per<QuoteId, Uuid> = cb
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| guid(&["quote", &q.text.text, &quote_occ[i].to_string()]))
        .collect();

    let name = cb
        .study
        .as_ref()
        .and_then(|s| s.title.as_ref())
        .map(|t| t.text.clone())
        .or_else(|| cb.structures.first().map(|s| s.caption.text.clone()))
        .unwrap_or_else(|| "codebook".into());
    let mut x = Xml::new();
    x.open(
        "Project",
        &[
            ("xmlns", PROJECT_NS.to_string()),
            ("name", name),
            ("origin", origin()),
        ],
    );
    if !t.roots.is_empty() {
        x.open("CodeBook", &[]);
        x.open("Codes", &[]);
        for n in &t.roots {
            write_code(&mut x, n);
        }
        x.close("Codes");
        x.close("CodeBook");
    }

    if !cb.actors.is_empty() {
        x.open("Cases", &[]);
        for (a, actor) in ActorId::each(cb) {
            let refs: Vec<Uuid> = sources
                .iter()
                .filter(|ts| ts.source.and_then(|s| c.resolved.source_actor[s]) == Some(a))
                .map(|ts| ts.guid)
                .collect();
            let sels: Vec<Uuid> = selection
                .iter()
                .filter(|(q, _)| c.resolved.quote_actor[*q] == Some(a))
                .map(|(_, sel)| *sel)
                .collect();
            let attrs = [
                ("guid", guid_text(guid(&["case", &actor.id.id]))),
                ("name", actor.label.text.clone()),
            ];
            if actor.description.is_none() && refs.is_empty() && sels.is_empty() {
                x.empty("Case", &attrs);
                continue;
            }
            x.open("Case", &attrs);
            if let Some(d) = &actor.description {
                x.text("Description", &d.text);
            }
            for r in refs {
                x.empty("SourceRef", &[("targetGUID", guid_text(r))]);
            }
            for s in sels {
                x.empty("SelectionRef", &[("targetGUID", guid_text(s))]);
            }
            x.close("Case");
        }
        x.close("Cases");
    }

    let mut files = Vec::new();
    if !sources.is_empty() {
        x.open("Sources", &[]);
        for ts in &sources {
            let file = format!("{}.txt", guid_text(ts.guid));
            x.open(
                "TextSource",
                &[
                    ("guid", guid_text(ts.guid)),
                    ("name", ts.name.clone()),
                    ("plainTextPath", format!("internal://{file}")),
                ],
            );
            x.text("Description", &ts.description);
            let mut content = String::new();
            let mut at = 0usize;
            for &q in &ts.quotes {
                if !content.is_empty() {
                    content.push_str("\n\n");
                    at += 2;
                }
                let text = &cb[q].text.text;
                let len = text.chars().count();
                content.push_str(text);
                let codes = &c.resolved.quote_codes[q];
                let sel = selection[q];
                x.open(
                    "PlainTextSelection",
                    &[
                        ("guid", guid_text(sel)),
                        ("startPosition", at.to_string()),
                        ("endPosition", (at + len).to_string()),
                    ],
                );
                for k in codes {
                    let Some(code) = t.code_guid[*k] else {
                        continue;
                    };
                    let coding = guid(&["coding", &guid_text(sel), &guid_text(code)]);
                    x.open("Coding", &[("guid", guid_text(coding))]);
                    x.empty("CodeRef", &[("targetGUID", guid_text(code))]);
                    x.close("Coding");
                }
                x.close("PlainTextSelection");
                at += len;
            }
            x.close("TextSource");
            files.push((file, content));
        }
        x.close("Sources");
    }

    let levels = level_sets(c, &t);
    let groups: Vec<(GroupId, Vec<Uuid>)> = GroupId::each(cb)
        .map(|(g, _)| {
            let members = sources
                .iter()
                .filter(|ts| {
                    let declared = ts.source.and_then(|s| c.resolved.source_actor[s]);
                    declared.is_some_and(|a| in_group(c, g, a))
                        || ts
                            .quotes
                            .iter()
                            .any(|q| c.resolved.quote_actor[*q].is_some_and(|a| in_group(c, g, a)))
                })
                .map(|ts| ts.guid)
                .collect();
            (g, members)
        })
        .collect();
    if !levels.is_empty() || !groups.is_empty() {
        x.open("Sets", &[]);
        for (id, name, description, members) in &levels {
            x.open("Set", &[("guid", guid_text(*id)), ("name", name.clone())]);
            if let Some(d) = description {
                x.text("Description", d);
            }
            for m in members {
                x.empty("MemberCode", &[("targetGUID", guid_text(*m))]);
            }
            x.close("Set");
        }
        for (g, members) in &groups {
            let group = &cb[*g];
            let attrs = [
                ("guid", guid_text(guid(&["group", &group.id.id]))),
                ("name", super::group_label(c, *g)),
            ];
            let names: Vec<String> = c.resolved.group_members[*g]
                .iter()
                .map(|a| cb[*a].label.text.clone())
                .collect();
            x.open("Set", &attrs);
            x.text(
                "Description",
                &format!(
                    "actor group `{}`: {}; its members' text sources",
                    group.id.id,
                    names.join(", ")
                ),
            );
            for m in members {
                x.empty("MemberSource", &[("targetGUID", guid_text(*m))]);
            }
            x.close("Set");
        }
        x.close("Sets");
    }

    if let Some(study) = &cb.study {
        let mut lines = Vec::new();
        if let Some(t) = &study.title {
            lines.push(t.text.clone());
        }
        if !study.authors.is_empty() {
            let authors: Vec<&str> = study.authors.iter().map(|a| a.text.as_str()).collect();
            lines.push(format!("Authors: {}", authors.join(", ")));
        }
        if let Some(y) = study.year {
            lines.push(format!("Year: {y}"));
        }
        if let Some(d) = &study.doi {
            lines.push(format!("DOI: {}", d.text));
        }
        if !lines.is_empty() {
            x.text("Description", &lines.join("\n"));
        }
    }
    x.close("Project");
    Ok(Project { qde: x.out, files })
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
    let word = description.split([' ', ':']).next()?;
    [
        SourceKind::Interview,
        SourceKind::Document,
        SourceKind::Observation,
    ]
    .into_iter()
    .find(|k| k.word().eq_ignore_ascii_case(word))
}
