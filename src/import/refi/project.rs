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
        self.coders(root, study);
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
                self.not_codable(r, code);
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
            study.sources.push(ISource { guid, name, kind });
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
            study.sources.push(ISource { guid, name, kind });
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
            quotes.push(IQuote {
                guid: sel_guid,
                source,
                content: Rc::clone(&content),
                range: from..to,
                at: (start, end),
                codes,
            });
        }
        study.sources.push(ISource { guid, name, kind });
        study.quotes.extend(quotes);
        Ok(())
    }

    /// Who coded the selections imported (`creatingUser`, named in `<Users>`): the language
    /// has no word for it yet, so each is named in a warning.
    fn coders(&mut self, root: Node<'_, '_>, study: &mut Study) {
        let mut names: Vec<String> = Vec::new();
        let users: Vec<Node<'_, '_>> = child(root, "Users")
            .map(|u| children(u, "User").collect())
            .unwrap_or_default();
        for sel in root
            .descendants()
            .filter(|n| n.tag_name().name() == "PlainTextSelection")
        {
            let Some(who) = sel.attribute("creatingUser").map(str::trim) else {
                continue;
            };
            let name = users
                .iter()
                .find(|u| {
                    u.attribute("guid")
                        .is_some_and(|g| g.trim().eq_ignore_ascii_case(who))
                })
                .and_then(|u| u.attribute("name"))
                .map_or_else(|| who.to_string(), |n| n.trim().to_string());
            if !names.contains(&name) {
                names.push(name);
            }
        }
        for name in names {
            study.dropped.add(
                "<User>",
                "coder (who coded each selection is not kept yet)",
                "coders (who coded each selection is not kept yet)",
                name,
            );
        }
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
