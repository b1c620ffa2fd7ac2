//! Reading other programs' files into codebooks: REFI-QDA codebooks (`.qdc`) and projects
//! (`.qdpx`) become `.codebook` text ([`import_file`], [`import_bytes`]).
//!
//! Reading is split in two: [`refi`] reads the XML (and the archive around it) into a small
//! neutral `Study`, judging what it finds (quirks real files have are warnings, anything
//! unsafe or inconsistent is an error); `write` turns a `Study` into codebook text. What is
//! written is compiled before it is handed out: an import never gives a file with errors.

pub mod refi;
mod write;
pub(crate) use write::names_from_headings;

use crate::model::SourceKind;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;
use uuid::Uuid;

/// The largest XML file read, and the most an archive may inflate to (all that is read of it).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Something in the input that was read, though it does not follow the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file (for an archive, `archive.qdpx (project.qde)`).
    pub file: String,
    /// The element, e.g. `<Code name="Trust"> (line 12)`.
    pub element: String,
    /// What was read differently from what the file says, or left out.
    pub message: String,
}

/// Names from the file, as a terminal may show them: control characters (C0 and C1) and
/// bidirectional controls as `check` shows them (`report::visible`).
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}: {}: {}", self.file, self.element, self.message);
        f.write_str(&crate::report::visible(&text))
    }
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not one codebook can import: malformed, inconsistent or unsafe (exit 1).
    Invalid {
        /// The file, as named on the command line.
        file: String,
        /// The element at fault, when there is one.
        element: Option<String>,
        /// What is wrong with it.
        message: String,
    },
    /// The file could not be read (exit 2).
    Io {
        /// The file, as named on the command line.
        file: String,
        /// Why it could not be read.
        message: String,
    },
}

/// Shown as a [`Warning`] is: what would act on a terminal is made visible.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ImportError::Invalid {
                file,
                element: Some(e),
                message,
            } => format!("{file}: {e}: {message}"),
            ImportError::Invalid {
                file,
                element: None,
                message,
            } => format!("{file}: {message}"),
            ImportError::Io { file, message } => format!("{file}: {message}"),
        };
        f.write_str(&crate::report::visible(&text))
    }
}

/// A codebook made from another program's file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The `.codebook` text; it compiles without errors.
    pub text: String,
    /// What was read differently from the file or left out, one warning per kind.
    pub warnings: Vec<Warning>,
}

/// Import a `.qdc` or `.qdpx` file (told apart by their content, not their names).
///
/// An archive in a regular file is read where it lies: what it inflates is bounded, not its
/// size. Anything else is read into memory, at most [`MAX_INPUT_BYTES`] of it whatever its
/// size says (a FIFO's or a device's is 0).
pub fn import_file(path: &Path) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let io = |message: String| ImportError::Io {
        file: file.clone(),
        message,
    };
    let cannot = |e: std::io::Error| io(format!("cannot read: {e}"));
    let mut opened = std::fs::File::open(path).map_err(cannot)?;
    let meta = opened.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(io("is a directory, not a REFI-QDA file".into()));
    }
    let name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    if meta.is_file() && refi::file_is_zip(&mut opened).map_err(cannot)? {
        let reader = std::io::BufReader::new(opened);
        let (study, warnings) = refi::read_archive(&file, &name, reader)?;
        return finish(&file, &study, warnings);
    }
    let bytes = match crate::input::read_open(opened, MAX_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::input::ReadError::Io(e)) => return Err(cannot(e)),
        Err(crate::input::ReadError::TooLarge { size }) => {
            let has = match size {
                Some(n) => format!("the file has {n} bytes"),
                None => format!("more than {MAX_INPUT_BYTES} bytes could be read from it"),
            };
            return Err(ImportError::Invalid {
                file: file.clone(),
                element: None,
                message: format!(
                    "{has}; the most codebook imports is {}",
                    crate::input::amount(MAX_INPUT_BYTES)
                ),
            });
        }
    };
    import_bytes(&file, &name, &bytes)
}

/// Import a file's bytes. `file` names it in messages, `name` (its file name) in the output.
pub fn import_bytes(file: &str, name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let (study, warnings) = refi::read(file, name, bytes)?;
    finish(file, &study, warnings)
}

/// Write the codebook, and make sure it compiles.
fn finish(file: &str, study: &Study, mut warnings: Vec<Warning>) -> Result<Imported, ImportError> {
    let (text, more) = write::write(study, crate::syntax::MAX_FILE_BYTES).map_err(|message| {
        ImportError::Invalid {
            file: file.to_string(),
            element: None,
            message,
        }
    })?;
    warnings.extend(more);
    warnings.extend(study.dropped.warnings(file));
    // `write` decides what the file says, `fmt` how it is laid out: one printer.
    let text = crate::format::format(&text).map_err(|diagnostics| ImportError::Invalid {
        file: file.to_string(),
        element: None,
        message: format!(
            "the codebook made from this file does not parse{}; please report this file",
            diagnostics
                .first()
                .map_or_else(String::new, |d| format!(": {}", d.message))
        ),
    })?;
    let outcome = crate::compile(&text);
    if outcome.has_errors() {
        let first = outcome
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map_or_else(String::new, |d| format!(": {}", d.message));
        return Err(ImportError::Invalid {
            file: file.to_string(),
            element: None,
            message: format!(
                "the codebook made from this file does not check{first}; please report this file"
            ),
        });
    }
    Ok(Imported { text, warnings })
}

// ----- the neutral model between reading and writing ----------------------------------------

/// What an imported file holds, in the terms the writer needs.
#[derive(Debug, Default)]
pub(crate) struct Study {
    /// The input as messages name it.
    pub file: String,
    /// The input's file name, for the header comment.
    pub name: String,
    /// "REFI-QDA codebook" or "REFI-QDA project".
    pub kind: &'static str,
    /// The study a project describes, as `build --to refi-qdpx` writes it into the project's
    /// `<Description>`.
    pub study: Option<IStudy>,
    pub structures: Vec<IStructure>,
    /// Code sets; those that list exactly the codes of one level name it.
    pub sets: Vec<ISet>,
    pub sources: Vec<ISource>,
    pub quotes: Vec<IQuote>,
    pub cases: Vec<ICase>,
    /// Who coded (`<Users>`, and any user a `creatingUser` names that it does not list), as
    /// named in the file, and whether `codebook` wrote the user for a coder (then the name is
    /// the coder's identifier); [`IQuote::coders`] index into it.
    pub coders: Vec<(String, bool)>,
    /// Actor groups, from the sets of text sources `codebook` writes for them.
    pub groups: Vec<IGroup>,
    /// Remarks for the header comment of the output (things left out, and why).
    pub notes: Vec<String>,
    /// What the reader left out, by kind, named in warnings.
    pub dropped: Dropped,
    /// The project's memos (`<Notes>`), which [`Remark::Memo`] index: text the language has
    /// no place for, written as comments above what they are about (those about the project
    /// or about nothing the codebook holds, in the header comment).
    pub memos: Vec<IMemo>,
}

/// A memo (`<Note>`): its name and text.
#[derive(Debug, Clone)]
pub(crate) struct IMemo {
    pub name: String,
    pub text: String,
}

/// What a file says of a code, source, case or selection that the language has no place for,
/// written as a comment above it in the codebook (so nothing the author wrote in the QDA
/// program disappears without a word; no export carries it back).
#[derive(Debug, Clone)]
pub(crate) enum Remark {
    /// A text, e.g. `Age: 42` (a variable value) or a selection's description.
    Said(String),
    /// A memo, by index into [`Study::memos`].
    Memo(usize),
}

/// The most names a warning about what was left out lists; the rest are counted.
const MAX_NAMED: usize = 10;

/// What an import leaves out, by kind: one warning per kind names every one of them (the
/// first [`MAX_NAMED`], and how many more), so nothing is dropped without a word.
#[derive(Debug, Default)]
pub(crate) struct Dropped(Vec<DroppedKind>);

#[derive(Debug)]
struct DroppedKind {
    /// The element, e.g. `<Set>`.
    element: &'static str,
    /// What one of them is, and several (`code set that is not one level's codes`).
    one: &'static str,
    many: &'static str,
    names: Vec<String>,
    /// Kept in the codebook as comments (the language has no place for it as data), rather
    /// than left out.
    as_comments: bool,
}

impl Dropped {
    /// Note that `name`, an `element` of the kind `one`/`many`, was left out.
    pub(crate) fn add(
        &mut self,
        element: &'static str,
        one: &'static str,
        many: &'static str,
        name: String,
    ) {
        self.push(element, one, many, name, false);
    }

    /// Note that `name`, an `element` of the kind `one`/`many`, is kept only as a comment in
    /// the codebook: an author reads it there, but it is no data, and no export carries it.
    pub(crate) fn add_comment(
        &mut self,
        element: &'static str,
        one: &'static str,
        many: &'static str,
        name: String,
    ) {
        self.push(element, one, many, name, true);
    }

    fn push(
        &mut self,
        element: &'static str,
        one: &'static str,
        many: &'static str,
        name: String,
        as_comments: bool,
    ) {
        match self.0.iter_mut().find(|k| k.one == one) {
            Some(k) => k.names.push(name),
            None => self.0.push(DroppedKind {
                element,
                one,
                many,
                names: vec![name],
                as_comments,
            }),
        }
    }

    /// One warning per kind: `left out: 2 code sets that are …: “A”, “B”`.
    pub(crate) fn warnings(&self, file: &str) -> Vec<Warning> {
        self.0
            .iter()
            .map(|k| {
                let mut named: Vec<String> = k
                    .names
                    .iter()
                    .take(MAX_NAMED)
                    .map(|n| format!("“{}”", n.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .collect();
                if k.names.len() > MAX_NAMED {
                    named.push(format!("and {} more", k.names.len() - MAX_NAMED));
                }
                Warning {
                    file: file.to_string(),
                    element: k.element.to_string(),
                    message: format!(
                        "{}: {}: {}",
                        match k.as_comments {
                            true =>
                                "kept only as comments in the codebook (no export carries them)",
                            false => "left out",
                        },
                        crate::words::count(k.names.len(), k.one, k.many),
                        named.join(", ")
                    ),
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IStudy {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub year: Option<u32>,
    pub doi: Option<String>,
    /// The warnings the file allowed (`allow:`), from the line `Allowed warnings: …`.
    pub allow: Vec<String>,
}

impl IStudy {
    /// Read a project's description as `build --to refi-qdpx` writes a study: the title on
    /// the first line, then `Authors: …`, `Year: …`, `DOI: …`, and the warnings the file
    /// allowed, `Allowed warnings: …`; `None` for any other text.
    pub fn from_description(text: &str) -> Option<IStudy> {
        let mut study = IStudy::default();
        for (i, line) in text.lines().enumerate() {
            if let Some(a) = line.strip_prefix("Authors: ") {
                study.authors = a.split(", ").map(str::to_string).collect();
            } else if let Some(y) = line.strip_prefix("Year: ") {
                study.year = Some(y.parse().ok()?);
            } else if let Some(d) = line.strip_prefix("DOI: ") {
                study.doi = Some(d.to_string());
            } else if let Some(a) = line.strip_prefix(crate::emit::refi::ALLOWED) {
                // Only names of warnings: nothing else can stand in an `allow:` line.
                study.allow = a
                    .split(", ")
                    .filter(|n| {
                        crate::diagnostics::DiagnosticCode::from_name(n.trim()).is_some_and(|c| {
                            c.default_severity() == crate::diagnostics::Severity::Warning
                        })
                    })
                    .map(|n| n.trim().to_string())
                    .collect();
            } else if i == 0 && !line.trim().is_empty() {
                study.title = Some(line.to_string());
            } else {
                return None;
            }
        }
        (study != IStudy::default()).then_some(study)
    }

    /// Whether it says anything of the study itself (title, authors, year, DOI), which the
    /// `study` block holds.
    pub fn has_study(&self) -> bool {
        self.title.is_some()
            || !self.authors.is_empty()
            || self.year.is_some()
            || self.doi.is_some()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct IStructure {
    pub caption: String,
    pub note: Option<String>,
    pub codes: Vec<ICode>,
}

#[derive(Debug, Clone)]
pub(crate) struct ICode {
    pub guid: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub colour: Option<[u8; 3]>,
    /// Whether the file marks it codable (`isCodable="true"`).
    pub codable: bool,
    pub children: Vec<ICode>,
    /// What the file says of it that the language has no place for (its memos), written as
    /// comments above it.
    pub remarks: Vec<Remark>,
}

#[derive(Debug, Clone)]
pub(crate) struct ISet {
    /// Its GUID, when it has a valid one (a set `codebook` wrote is recognised by it).
    pub guid: Option<Uuid>,
    pub name: String,
    pub codes: Vec<Uuid>,
    /// Its description's last line, when it is a shared code's place as `codebook` writes it
    /// (`Place among its codes: 2 of 3`): the place, from 1.
    pub place: Option<usize>,
}

/// The most levels whose sets [`level_rank`] recognises.
const MAX_LEVEL_SETS: usize = 64;

/// The rank of the level (0: the lowest) whose set `codebook` writes with GUID `guid` and name
/// `name`, if it is one: the GUID is made from both.
pub(crate) fn level_rank(guid: Uuid, name: &str) -> Option<usize> {
    (0..MAX_LEVEL_SETS).find(|rank| crate::emit::refi::level_set_guid(*rank, name) == guid)
}

#[derive(Debug, Clone)]
pub(crate) struct ISource {
    pub guid: Uuid,
    pub name: String,
    pub kind: SourceKind,
    /// For the text source `codebook` writes for the quotes of one attribution (recognised by
    /// its GUID and description): that attribution, or [`crate::emit::refi::UNATTRIBUTED`].
    /// Such a text source is no source: its quotes say `by:` that attribution (or nothing).
    pub attribution: Option<String>,
    /// For such a text source, the attribution as the codebook wrote it, read back from the
    /// description's second line (`by: "nurse", 2020`): written as it is.
    pub written: Option<String>,
    /// Its `<Description>`, as the file has it.
    pub description: Option<String>,
    /// Its memos and variable values, written as comments above it.
    pub remarks: Vec<Remark>,
}

#[derive(Debug, Clone)]
pub(crate) struct IQuote {
    pub guid: Uuid,
    /// Index into [`Study::sources`].
    pub source: usize,
    /// The text of its source, shared by all its quotes: selections that each cover a whole
    /// text do not each copy it.
    pub content: Rc<str>,
    /// The quote's part of `content` (bytes, blanks at the edges trimmed).
    pub range: Range<usize>,
    /// Its selection's positions as the file gives them, to name it in messages.
    pub at: (usize, usize),
    pub codes: Vec<Uuid>,
    /// Who coded it so (indices into [`Study::coders`]); empty when the file does not say.
    pub coders: Vec<usize>,
    /// Its selection's description and memos (and its codings'), written as comments above it.
    pub remarks: Rc<[Remark]>,
    /// Its attribution as `codebook` writes it in the description of a selection in a declared
    /// source's text (`by: "P25"`), read strictly.
    pub written: Option<Rc<str>>,
}

impl IQuote {
    /// The quote's text, exactly as the selection has it.
    pub fn text(&self) -> &str {
        self.content.get(self.range.clone()).unwrap_or("")
    }
}

/// An actor group: its identifier, label and members (by name: cases' names).
#[derive(Debug, Clone)]
pub(crate) struct IGroup {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ICase {
    pub name: String,
    pub description: Option<String>,
    /// The organisation it is a member of, by name, as `codebook` writes it (the description's
    /// last line, `Member of: …`, which `description` then leaves out).
    pub member_of: Option<String>,
    pub sources: Vec<Uuid>,
    pub selections: Vec<Uuid>,
    /// Its variable values, written as comments above its actor.
    pub remarks: Vec<Remark>,
}

/// The other parents of shared codes, from the sets `codebook` writes for them ("Also under:
/// Label", one member), recognised by their GUIDs: per shared code's GUID, its other parents'
/// GUIDs; the GUIDs of the sets read so; and per shared code and other parent, the place
/// among that parent's codes the set's description gives (from 1).
pub(crate) fn shared_parents(study: &Study) -> SharedParents {
    // A set named "Also under: Label" may stand for a parent called "Label".
    fn by_name<'s>(codes: &'s [ICode], out: &mut HashMap<&'s str, Vec<Uuid>>) {
        for c in codes {
            out.entry(c.name.as_str()).or_default().push(c.guid);
            by_name(&c.children, out);
        }
    }
    let mut names: HashMap<&str, Vec<Uuid>> = HashMap::new();
    for s in &study.structures {
        by_name(&s.codes, &mut names);
    }
    let mut also: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut read = HashSet::new();
    let mut places = HashMap::new();
    for set in &study.sets {
        let ([member], Some(g)) = (set.codes.as_slice(), set.guid) else {
            continue;
        };
        let Some(parent_name) = set
            .name
            .strip_prefix(crate::emit::refi::ALSO_UNDER.trim_end())
        else {
            continue;
        };
        let candidates = names.get(parent_name.trim()).map_or(&[][..], Vec::as_slice);
        if let Some(p) = candidates
            .iter()
            .find(|p| crate::emit::refi::shared_set_guid(*member, **p) == g)
        {
            also.entry(*member).or_default().push(*p);
            read.insert(g);
            if let Some(place) = set.place {
                places.insert((*member, *p), place);
            }
        }
    }
    (also, read, places)
}

/// What [`shared_parents`] reads: per shared code its other parents, the sets read, and per
/// shared code and other parent its place among that parent's codes.
pub(crate) type SharedParents = (
    HashMap<Uuid, Vec<Uuid>>,
    HashSet<Uuid>,
    HashMap<(Uuid, Uuid), usize>,
);
