//! Who coded which characters of a project's texts, for `codebook agree PROJECT.qdpx`: each
//! coded `<PlainTextSelection>` of a `<TextSource>` with its positions in characters, the
//! codes of its `<Coding>`s and the `<User>` who made each coding. The archive and the XML are
//! read by the same bounded reader as an import (inflation bounded, GUIDs checked, every
//! reference resolved); nothing is turned into a codebook.

use super::*;

/// A `<User>` of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The user's GUID.
    pub guid: Uuid,
    /// The name the file gives (else the GUID).
    pub name: String,
}

/// A `<Code>` of the project's codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeName {
    /// The code's GUID.
    pub guid: Uuid,
    /// Its name in the file.
    pub name: String,
}

/// One code applied to characters `start..end` (end exclusive, counted in characters) by one
/// user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Coded {
    /// The first character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Who applied the code: the `<Coding>`'s `creatingUser`, else the selection's.
    pub user: Uuid,
    /// The code.
    pub code: Uuid,
}

/// A text source and what was coded in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The source's name.
    pub name: String,
    /// Its text.
    pub text: String,
    /// How many characters (Unicode scalar values) the text has.
    pub chars: usize,
    /// Every coding of a selection, in the file's order.
    pub codings: Vec<Coded>,
}

/// What `codebook agree` needs of a project: its users, codes and texts with their codings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codings {
    /// The `<User>`s, in the file's order (and any user a coding names that `<Users>` does
    /// not, after them, named by GUID).
    pub users: Vec<User>,
    /// The codes, in the file's order (depth first).
    pub codes: Vec<CodeName>,
    /// The text sources whose text the project holds, in the file's order.
    pub texts: Vec<Text>,
}

/// Read the coded selections of a project archive (`.qdpx`) from any seekable reader.
pub fn read_codings<R: Read + Seek>(
    file: &str,
    reader: R,
) -> std::result::Result<(Codings, Vec<Warning>), ImportError> {
    let mut quirks = Quirks::default();
    let mut archive = Archive::open(file, reader)?;
    let (place, text) = archive.project_text()?;
    let doc = parse(&place, &text)?;
    let mut r = Reader::new(&place, &doc, &mut quirks);
    let codings = r.codings(&mut archive)?;
    Ok((codings, quirks.warnings))
}

impl Reader<'_, '_, '_> {
    fn codings<R: Read + Seek>(&mut self, archive: &mut Archive<R>) -> Result<Codings> {
        let root = self.doc.root_element();
        if root.tag_name().name() != "Project" {
            return Err(self.err(
                root,
                "this is not a REFI-QDA project: its project.qde's root element is not <Project>",
            ));
        }
        self.namespace(root, PROJECT_NS)?;
        self.register_all()?;
        let mut out = Codings::default();
        for u in child(root, "Users")
            .into_iter()
            .flat_map(|u| children(u, "User"))
        {
            let guid = self.uuid(u, "guid")?;
            let name = match u.attribute("name").map(str::trim) {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => crate::emit::refi::guid_text(guid),
            };
            out.users.push(User { guid, name });
        }
        if let Some(cb) = child(root, "CodeBook") {
            for c in cb
                .descendants()
                .filter(|n| n.is_element() && n.tag_name().name() == "Code")
            {
                let guid = self.uuid(c, "guid")?;
                let name = match c.attribute("name").map(str::trim) {
                    Some(n) if !n.is_empty() => n.to_string(),
                    _ => crate::emit::refi::guid_text(guid),
                };
                out.codes.push(CodeName { guid, name });
            }
        }
        let Some(sources) = child(root, "Sources") else {
            return Ok(out);
        };
        for s in children(sources, "TextSource") {
            if let Some(t) = self.coded_text(s, archive, &mut out.users)? {
                out.texts.push(t);
            }
        }
        Ok(out)
    }

    /// A text source's codings; `None` (with a warning) when its text is not in the project.
    fn coded_text<R: Read + Seek>(
        &mut self,
        s: Node<'_, '_>,
        archive: &mut Archive<R>,
        users: &mut Vec<User>,
    ) -> Result<Option<Text>> {
        let name = match s.attribute("name").map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => self.element(s),
        };
        // (selection, start, end, [(user, code)])
        let mut raw = Vec::new();
        let mut no_user = 0usize;
        for sel in children(s, "PlainTextSelection") {
            let start = self.position(sel, "startPosition")?;
            let end = self.position(sel, "endPosition")?;
            if end < start {
                return Err(self.err(
                    sel,
                    format!("the selection ends ({end}) before it starts ({start})"),
                ));
            }
            let by = match sel.attribute("creatingUser") {
                Some(_) => Some(self.user(sel, users)?),
                None => None,
            };
            let mut pairs = Vec::new();
            for coding in children(sel, "Coding") {
                let Some(r) = child(coding, "CodeRef") else {
                    return Err(self.err(coding, "a <Coding> without <CodeRef>"));
                };
                let code = self.reference(r, "targetGUID", &["Code"])?;
                let who = match coding.attribute("creatingUser") {
                    Some(_) => Some(self.user(coding, users)?),
                    None => by,
                };
                match who {
                    Some(u) => {
                        if !pairs.contains(&(u, code)) {
                            pairs.push((u, code));
                        }
                    }
                    None => no_user += 1,
                }
            }
            if !pairs.is_empty() {
                raw.push((sel, start, end, pairs));
            }
        }
        if no_user > 0 {
            self.quirk(
                s,
                "no-coder",
                format!(
                    "{} in \"{name}\" {} no creatingUser, so no coder to compare; left out",
                    count(no_user, "coding", "codings"),
                    pick(no_user, "names", "name")
                ),
            );
        }
        let Some(text) = self.content(s, Some(archive))? else {
            if !raw.is_empty() {
                self.quirk(
                    s,
                    "no-content",
                    format!(
                        "the text of \"{name}\" is not in the project; its codings are left out"
                    ),
                );
            }
            return Ok(None);
        };
        let edges: Vec<(usize, usize)> = raw.iter().map(|x| (x.1, x.2)).collect();
        let (offsets, why) = Offsets::fitting(&text, &edges);
        if let Some(why) = why {
            self.quirk(s, "offsets", why);
        }
        let mut bytes: Vec<usize> = Vec::with_capacity(2 * raw.len());
        let mut at = Vec::with_capacity(raw.len());
        for (sel, start, end, _) in &raw {
            let (Some(a), Some(b)) = (offsets.byte(*start), offsets.byte(*end)) else {
                let chars = text.chars().count();
                return Err(self.err(
                    *sel,
                    format!(
                        "the selection {start}..{end} lies outside its text, which has {}",
                        count(chars, "character", "characters")
                    ),
                ));
            };
            bytes.extend([a, b]);
            at.push((a, b));
        }
        let chars_at = char_indices(&text, bytes);
        let index = |b: usize| {
            chars_at
                .binary_search_by_key(&b, |x| x.0)
                .ok()
                .and_then(|i| chars_at.get(i))
                .map_or(0, |x| x.1)
        };
        let mut codings = Vec::new();
        for ((a, b), (_, _, _, pairs)) in at.into_iter().zip(raw) {
            let (start, end) = (index(a), index(b));
            for (user, code) in pairs {
                codings.push(Coded {
                    start,
                    end,
                    user,
                    code,
                });
            }
        }
        Ok(Some(Text {
            name,
            chars: text.chars().count(),
            text,
            codings,
        }))
    }

    /// The user a `creatingUser` names: one of `<Users>`, else (with a warning) one known
    /// only by its GUID, added to `users`.
    fn user(&mut self, n: Node<'_, '_>, users: &mut Vec<User>) -> Result<Uuid> {
        let u = self.uuid(n, "creatingUser")?;
        if !users.iter().any(|x| x.guid == u) {
            let name = crate::emit::refi::guid_text(u);
            self.quirk(
                n,
                "unknown-user",
                format!("creatingUser {name} is not one of <Users>; named by its GUID"),
            );
            users.push(User { guid: u, name });
        }
        Ok(u)
    }
}

/// Byte offsets (on character edges) paired with their character indices, sorted by offset;
/// one pass over the text.
fn char_indices(text: &str, mut bytes: Vec<usize>) -> Vec<(usize, usize)> {
    bytes.sort_unstable();
    bytes.dedup();
    if text.is_ascii() {
        return bytes.into_iter().map(|b| (b, b)).collect();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut wanted = bytes.into_iter().peekable();
    for (i, (b, _)) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .enumerate()
    {
        while let Some(w) = wanted.next_if(|w| *w <= b) {
            if w == b {
                out.push((w, i));
            }
        }
        if wanted.peek().is_none() {
            break;
        }
    }
    out
}

/// [`read_codings`] of a file, when it is a zip archive (told by its first bytes, not its
/// name); `Ok(None)` when it is not one.
pub fn read_codings_file(
    path: &std::path::Path,
) -> std::result::Result<Option<(Codings, Vec<Warning>)>, ImportError> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| ImportError::Io {
        file: file.clone(),
        message: format!("cannot read: {e}"),
    };
    let mut opened = std::fs::File::open(path).map_err(cannot)?;
    let meta = opened.metadata().map_err(cannot)?;
    if !meta.is_file() || !file_is_zip(&mut opened).map_err(cannot)? {
        return Ok(None);
    }
    read_codings(&file, std::io::BufReader::new(opened)).map(Some)
}

/// Whether a file is a zip archive (a project, for `agree`), told by its first bytes.
pub fn is_archive(path: &std::path::Path) -> bool {
    std::fs::File::open(path).is_ok_and(|mut f| {
        f.metadata().is_ok_and(|m| m.is_file()) && file_is_zip(&mut f).unwrap_or(false)
    })
}
