//! A project's `project.qde`: its text sources, their coded selections and its cases.

use super::*;

impl Reader<'_, '_, '_> {
    pub(super) fn project<R: Read + Seek>(
        &mut self,
        study: &mut Study,
        mut archive: Option<&mut Archive<R>>,
    ) -> Result<()> {
        let root = self.doc.root_element();
        self.namespace(root, PROJECT_NS)?;
        study.kind = "REFI-QDA project";
        self.register_all()?;
        let name = study.name.clone();
        self.users(root, study)?;
        self.notes_and_variables(root, study, archive.as_deref_mut())?;
        if let Some(codes) = child(root, "CodeBook").and_then(|cb| child(cb, "Codes")) {
            study.structures = self.structures(codes, &name)?;
        }
        if let Some(sources) = child(root, "Sources") {
            let mut not_text = 0usize;
            for s in sources.children().filter(|c| c.is_element()) {
                if s.tag_name().name() == "TextSource" {
                    self.text_source(s, study, archive.as_deref_mut())?;
                } else {
                    not_text += 1;
                    study.dropped.add(
                        "<Sources>",
                        "source that is not plain text (PDF, picture, audio, video)",
                        "sources that are not plain text (PDF, picture, audio, video)",
                        s.attribute("name").unwrap_or("unnamed").to_string(),
                    );
                }
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
        if let Some(d) = child(root, "Description") {
            let text = lines(&text_of(d));
            study.study = IStudy::from_description(&text);
            if study.study.is_none() && !text.trim().is_empty() {
                study
                    .notes
                    .push(format!("The project's description: {text}"));
            }
        }
        Ok(())
    }

    pub(super) fn text_source<R: Read + Seek>(
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
        let description = child(s, "Description").map(text_of);
        let kind = description
            .as_deref()
            .and_then(|d| kind_of_description(d.trim()))
            .unwrap_or(SourceKind::Document);
        // The quotes of one attribution (or of none), as `codebook` writes them.
        let attribution = (guid == crate::emit::refi::attribution_guid(&name)
            && description.as_deref().and_then(|d| d.lines().next())
                == Some(crate::emit::refi::attribution_description(&name).as_str()))
        .then(|| name.clone());
        // Its second line: the attribution as the codebook wrote it, role and date apart.
        let written = attribution
            .as_ref()
            .and(description.as_deref())
            .and_then(|d| d.lines().nth(1))
            .and_then(written_attribution);
        let mut remarks = self.memos_of(s);
        remarks.extend(self.variable_values(s, &name, study)?);
        let this = ISource {
            guid,
            name: name.clone(),
            kind,
            attribution,
            written,
            description,
            remarks,
        };
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
            // Per user (a coding without `creatingUser` is its selection's): the codes.
            let by_selection = self.user_of(sel, study);
            let mut per_user: Vec<(Option<usize>, Vec<Uuid>)> = Vec::new();
            let mut user_at: HashMap<Option<usize>, usize> = HashMap::new();
            let mut seen: HashSet<(Option<usize>, Uuid)> = HashSet::new();
            for coding in children(sel, "Coding") {
                let Some(r) = child(coding, "CodeRef") else {
                    return Err(self.err(coding, "a <Coding> without <CodeRef>"));
                };
                let code = self.reference(r, "targetGUID", &["Code"])?;
                self.not_codable(r, code);
                let user = match coding.has_attribute("creatingUser") {
                    true => self.user_of(coding, study),
                    false => by_selection,
                };
                let at = *user_at.entry(user).or_insert_with(|| {
                    per_user.push((user, Vec::new()));
                    per_user.len() - 1
                });
                if seen.insert((user, code))
                    && let Some((_, codes)) = per_user.get_mut(at)
                {
                    codes.push(code);
                }
            }
            selections.push((sel, sel_guid, start, end, codings(per_user)));
        }
        for coding in children(s, "Coding") {
            if let Some(r) = child(coding, "CodeRef") {
                self.reference(r, "targetGUID", &["Code"])?;
            }
        }
        if children(s, "Coding").next().is_some() {
            study.dropped.add(
                "<Coding>",
                "text source coded as a whole (only coded selections become quotes)",
                "text sources coded as a whole (only coded selections become quotes)",
                name.clone(),
            );
            study
                .notes
                .push(format!("Codings of the whole text source \"{name}\" were not imported (only coded selections become quotes)."));
        }
        let coded = selections.iter().filter(|x| !x.4.is_empty()).count();
        let uncoded = selections.len() - coded;
        for x in selections.iter().filter(|x| x.4.is_empty()) {
            study.dropped.add(
                "<PlainTextSelection>",
                "selection without codes",
                "selections without codes",
                format!("{name} {}..{}", x.2, x.3),
            );
        }
        if uncoded > 0 {
            study.notes.push(format!(
                "{} without codes in \"{name}\" {} not imported.",
                count(uncoded, "selection", "selections"),
                pick(uncoded, "was", "were")
            ));
        }
        if coded == 0 {
            // A source without coded text is declared all the same: it stays a source.
            study.sources.push(this);
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
            study.sources.push(this);
            return Ok(());
        };
        // Positions count characters (Unicode scalar values), end exclusive; a file that
        // counts UTF-16 code units or bytes is read so, with a warning.
        let edges: Vec<(usize, usize)> = selections
            .iter()
            .filter(|x| !x.4.is_empty())
            .map(|x| (x.2, x.3))
            .collect();
        let offsets = match Offsets::fitting(&content, &edges) {
            (offsets, Some(why)) => {
                self.quirk(s, "offsets", why);
                offsets
            }
            (offsets, None) => offsets,
        };
        let content: Rc<str> = Rc::from(content);
        let source = study.sources.len();
        let mut quotes = Vec::new();
        for (sel, sel_guid, start, end, codings) in selections {
            if codings.is_empty() {
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
            // Blanks at the edges are trimmed, as a codebook text cannot hold them; line
            // breaks, carriage returns and tabs are kept (a codebook writes them as escapes).
            let raw = content.get(a..b).unwrap_or("");
            let blank = |c: char| c.is_whitespace() && !matches!(c, '\n' | '\r' | '\t');
            let trimmed = raw.trim_start_matches(blank);
            let from = a + (raw.len() - trimmed.len());
            let to = from + trimmed.trim_end_matches(blank).len();
            if raw.trim().is_empty() {
                self.quirk(
                    sel,
                    "empty-selection",
                    "a coded selection of blank text; left out",
                );
                continue;
            }
            // `by: "P25"` as the description of a selection in a declared source's text: the
            // quote's attribution, which `codebook` wrote there, not a comment.
            let written: Option<Rc<str>> = child(sel, "Description")
                .map(text_of)
                .and_then(|d| written_attribution(d.trim()))
                .map(Rc::from);
            let remarks: Rc<[Remark]> = self
                .selection_remarks(
                    sel,
                    format!("{name} {start}..{end}"),
                    study,
                    written.is_none(),
                )
                .into();
            // Coders who coded the selection alike share a quote; those who did not, one each.
            for (coders, codes) in codings {
                quotes.push(IQuote {
                    guid: sel_guid,
                    source,
                    content: Rc::clone(&content),
                    range: from..to,
                    at: (start, end),
                    codes,
                    coders,
                    remarks: Rc::clone(&remarks),
                    written: written.clone(),
                });
            }
        }
        study.sources.push(this);
        study.quotes.extend(quotes);
        Ok(())
    }

    /// The users (`<Users>`), in order: each a coder of [`Study::coders`], except the user
    /// `codebook` writes for no coder in particular (the study's authors), recognised by its
    /// GUID. A coder `codebook` wrote (recognised by its GUID) keeps its name as identifier.
    fn users(&mut self, root: Node<'_, '_>, study: &mut Study) -> Result<()> {
        let Some(list) = child(root, "Users") else {
            return Ok(());
        };
        for u in children(list, "User") {
            let guid = self.uuid(u, "guid")?;
            let name = u.attribute("name").map(str::trim).unwrap_or("");
            if guid == fallback_user_guid(name) {
                self.users.insert(guid, None);
                continue;
            }
            let coder = match guid == coder_guid(name) {
                true => (name.to_string(), true),
                false => (
                    non_blank(name.to_string()).unwrap_or_else(|| "unnamed".into()),
                    false,
                ),
            };
            study.coders.push(coder);
            self.users.insert(guid, Some(study.coders.len() - 1));
        }
        Ok(())
    }

    /// The coder an element's `creatingUser` names: `None` when it has none, or names the user
    /// `codebook` writes for no coder in particular. A user `<Users>` does not list is a coder
    /// all the same (named by its GUID), with a warning; a `creatingUser` that is not a GUID
    /// is not read, with a warning.
    fn user_of(&mut self, n: Node<'_, '_>, study: &mut Study) -> Option<usize> {
        let raw = n.attribute("creatingUser")?.trim();
        let inner = raw
            .strip_prefix('{')
            .and_then(|x| x.strip_suffix('}'))
            .unwrap_or(raw);
        let Ok(guid) = Uuid::try_parse(inner) else {
            self.quirk(
                n,
                "bad-user",
                format!("`creatingUser=\"{raw}\"` is not a GUID; who coded this is not read"),
            );
            return None;
        };
        if let Some(known) = self.users.get(&guid) {
            return *known;
        }
        let name = format!("user {}", crate::emit::refi::guid_text(guid));
        self.quirk(
            n,
            "unknown-user",
            format!(
                "`creatingUser` names {}, which <Users> does not list; read as the coder “{name}”",
                crate::emit::refi::guid_text(guid)
            ),
        );
        study.coders.push((name, false));
        let at = study.coders.len() - 1;
        self.users.insert(guid, Some(at));
        Some(at)
    }

    /// A coding on a code the file marks as not codable: read all the same, with a warning.
    fn not_codable(&mut self, r: Node<'_, '_>, code: Uuid) {
        let Some(owner) = self.owners.get(&code).copied() else {
            return;
        };
        if matches!(
            owner.attribute("isCodable").map(str::trim),
            Some("false" | "0")
        ) {
            let name = owner.attribute("name").unwrap_or("").trim().to_string();
            self.quirk(
                r,
                "not-codable",
                format!(
                    "a coding on “{name}”, which the file marks `isCodable=\"false\"`; imported as coded all the same"
                ),
            );
        }
    }

    pub(super) fn position(&mut self, n: Node<'_, '_>, attr: &'static str) -> Result<usize> {
        match n.attribute(attr).map(|v| v.trim().parse::<usize>()) {
            Some(Ok(p)) => Ok(p),
            Some(Err(_)) => Err(self.err(n, format!("`{attr}` is not a whole number"))),
            None => Err(self.err(n, format!("the `{attr}` attribute is missing"))),
        }
    }

    /// A text source's text: inline, or a file inside the archive. `None` if it is outside.
    pub(super) fn content<R: Read + Seek>(
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
                format!("the path `{path}` would leave the archive's sources folder"),
            ));
        }
        let Some(archive) = archive else {
            return Err(self.err(
                s,
                format!("refers to `{path}`, a file inside a .qdpx archive; import the .qdpx rather than its project.qde"),
            ));
        };
        let Some((index, entry)) = archive.find(&format!("sources/{inner}")) else {
            return Err(self.err(
                s,
                format!("refers to `{path}`, but the archive has no sources/{inner}"),
            ));
        };
        let bytes = archive.read(index, &entry)?;
        utf8(&format!("{} ({entry})", archive.file), &bytes).map(Some)
    }

    pub(super) fn case(&mut self, c: Node<'_, '_>, study: &mut Study) -> Result<()> {
        let name = match c.attribute("name").map(str::trim) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => format!("Case {}", study.cases.len() + 1),
        };
        let mut description = child(c, "Description")
            .map(text_of)
            .map(|s| lines(&s))
            .and_then(non_blank);
        // A member's description ends with its organisation (`Member of: …`).
        let mut member_of = None;
        if let Some(d) = &description {
            let (rest, last) = d.rsplit_once('\n').unwrap_or(("", d.as_str()));
            if let Some(org) = last.strip_prefix(MEMBER_OF) {
                member_of = Some(org.to_string());
                description = non_blank(rest.to_string());
            }
        }
        let mut sources = Vec::new();
        for r in children(c, "SourceRef") {
            sources.push(self.reference(r, "targetGUID", SOURCE_TAGS)?);
        }
        let mut selections = Vec::new();
        for r in children(c, "SelectionRef") {
            selections.push(self.reference(r, "targetGUID", SELECTION_TAGS)?);
        }
        // Codes given to the case as a whole: a comment above its actor.
        let mut remarks = Vec::new();
        for r in children(c, "CodeRef") {
            let g = self.reference(r, "targetGUID", &["Code"])?;
            let code = self
                .owners
                .get(&g)
                .and_then(|n| n.attribute("name"))
                .map_or("Unnamed code", str::trim)
                .to_string();
            study.dropped.add_comment(
                "<Case>",
                "code given to a case as a whole",
                "codes given to cases as a whole",
                format!("{code} of {name}"),
            );
            remarks.push(Remark::Said(format!("Coded as a whole with “{code}”")));
        }
        remarks.extend(self.variable_values(c, &name, study)?);
        study.cases.push(ICase {
            name,
            description,
            member_of,
            sources,
            selections,
            remarks,
        });
        Ok(())
    }
}

/// A selection's codes per user, as quotes: users who gave it the same codes share one (the
/// coders among them, in order, and the codes), in the order the users first appear.
fn codings(per_user: Vec<(Option<usize>, Vec<Uuid>)>) -> Vec<(Vec<usize>, Vec<Uuid>)> {
    let mut out: Vec<(Vec<usize>, Vec<Uuid>)> = Vec::new();
    let mut by_codes: HashMap<Vec<Uuid>, usize> = HashMap::new();
    for (user, codes) in per_user {
        let mut key = codes.clone();
        key.sort_unstable();
        let at = *by_codes.entry(key).or_insert_with(|| {
            out.push((Vec::new(), codes));
            out.len() - 1
        });
        if let (Some(u), Some((coders, _))) = (user, out.get_mut(at)) {
            coders.push(u);
        }
    }
    out
}

pub(super) const SOURCE_TAGS: &[&str] = &[
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

/// An attribution line as `codebook` writes it into a text source's description (`by:
/// "nurse", 2020`, `from: "minutes", 2025-03-14 .. 2025-03-20`), read strictly and written
/// anew: a quoted text with only `\"` and `\\` escaped, then, after a comma, a date or a
/// range that is a real one. Anything else (a file edited by hand or by another program) is
/// `None`, and the quotes say `by:` the text source's name as before.
fn written_attribution(line: &str) -> Option<String> {
    let (key, rest) = line
        .strip_prefix("by: ")
        .map(|r| ("by", r))
        .or_else(|| line.strip_prefix("from: ").map(|r| ("from", r)))?;
    let mut chars = rest.strip_prefix('"')?.char_indices();
    let mut text = String::new();
    let after = loop {
        match chars.next()? {
            (_, '\\') => match chars.next()? {
                (_, c @ ('"' | '\\')) => text.push(c),
                _ => return None,
            },
            (i, '"') => break rest.get(i + 2..)?,
            (_, c) if c.is_control() => return None,
            (_, c) => text.push(c),
        }
    };
    let mut out = format!("{key}: {}", crate::format::literal(&text));
    if !after.is_empty() {
        let when = after.strip_prefix(", ")?;
        for side in when.split(" .. ") {
            let mut parts = side.split('-');
            let mut number = |digits: usize| -> Option<Option<u32>> {
                match parts.next() {
                    None => Some(None),
                    Some(p) if p.len() == digits && p.bytes().all(|b| b.is_ascii_digit()) => {
                        p.parse().ok().map(Some)
                    }
                    Some(_) => None,
                }
            };
            let year = number(4)??;
            let (month, day) = (number(2)?, number(2)?);
            if parts.next().is_some() || (month.is_none() && day.is_some()) {
                return None;
            }
            crate::model::date::Date::new(year, month, day).ok()?;
        }
        out.push_str(", ");
        out.push_str(when);
    }
    Some(out)
}

#[cfg(test)]
mod written_attribution_tests {
    use super::written_attribution;

    #[test]
    fn an_attribution_line_is_read_strictly() {
        assert_eq!(
            written_attribution(r#"by: "nurse", 2020"#).as_deref(),
            Some(r#"by: "nurse", 2020"#)
        );
        assert_eq!(
            written_attribution(r#"from: "the \"weekly\" notes", 2025-03-14 .. 2025-03-20"#),
            Some(format!(
                "from: {}, 2025-03-14 .. 2025-03-20",
                crate::format::literal("the \"weekly\" notes")
            ))
        );
        assert_eq!(
            written_attribution(r#"by: "team lead""#).as_deref(),
            Some(r#"by: "team lead""#)
        );
        for bad in [
            r#"by: "nurse", 2020-13"#,
            r#"by: "nurse"
} quote "injected""#,
            r#"by: "nurse", 2020 }"#,
            r#"by: nurse"#,
            r#"by: "nurse"#,
            r#"supports: "x""#,
            r#"by: "a\nb""#,
        ] {
            assert_eq!(written_attribution(bad), None, "{bad}");
        }
    }
}
