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
