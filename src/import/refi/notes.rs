//! What a project holds that the language has no place for, but an author wrote in the QDA
//! program: memos (`<Notes>`, `<NoteRef>`), variables of cases and sources (`<Variables>`,
//! `<VariableValue>`), codes given to a case as a whole and descriptions of selections. None of it is data a table or check
//! reads, yet losing it would lose the author's work: it becomes comments in the codebook,
//! above what it is about, and a warning per kind names every one (no export carries
//! comments back). Links and graphs (network views), which a comment cannot render, are named
//! as left out.

use super::*;

impl Reader<'_, '_, '_> {
    /// Read the project's memos and variables, before anything refers to them.
    pub(super) fn notes_and_variables<R: Read + Seek>(
        &mut self,
        root: Node<'_, '_>,
        study: &mut Study,
        mut archive: Option<&mut Archive<R>>,
    ) -> Result<()> {
        if let Some(notes) = child(root, "Notes") {
            for n in children(notes, "Note") {
                let guid = self.uuid(n, "guid")?;
                let name = match n.attribute("name").map(str::trim) {
                    Some(s) if !s.is_empty() => s.to_string(),
                    _ => format!("Memo {}", study.memos.len() + 1),
                };
                let text = self
                    .content(n, archive.as_deref_mut())?
                    .map(|t| lines(&t))
                    .unwrap_or_default();
                study
                    .dropped
                    .add_comment("<Note>", "memo", "memos", name.clone());
                self.memos.insert(guid, study.memos.len());
                study.memos.push(IMemo { name, text });
            }
        }
        // Links and graphs (network views) have no place even as comments: named, and counted
        // in the header.
        for (outer, inner, one, many) in [
            (
                "Links",
                "Link",
                "link between elements",
                "links between elements",
            ),
            (
                "Graphs",
                "Graph",
                "graph (a network view)",
                "graphs (network views)",
            ),
        ] {
            let found: Vec<Node<'_, '_>> = child(root, outer)
                .map(|o| children(o, inner).collect())
                .unwrap_or_default();
            for n in &found {
                let name = match n.attribute("name").map(str::trim) {
                    Some(s) if !s.is_empty() => s.to_string(),
                    _ => format!("unnamed {}", inner.to_lowercase()),
                };
                study.dropped.add(
                    match inner {
                        "Link" => "<Link>",
                        _ => "<Graph>",
                    },
                    one,
                    many,
                    name,
                );
            }
            if !found.is_empty() {
                study.notes.push(format!(
                    "{} {} not imported.",
                    count(found.len(), one, many),
                    pick(found.len(), "was", "were")
                ));
            }
        }
        if let Some(vars) = child(root, "Variables") {
            for v in children(vars, "Variable") {
                let guid = self.uuid(v, "guid")?;
                let name = match v.attribute("name").map(str::trim) {
                    Some(s) if !s.is_empty() => s.to_string(),
                    _ => "Unnamed variable".to_string(),
                };
                self.variables.insert(guid, name);
            }
        }
        Ok(())
    }

    /// The memos an element refers to (`<NoteRef>`). A reference to no memo of the file (a
    /// codebook has none) is passed over, as before memos were read.
    pub(super) fn memos_of(&mut self, n: Node<'_, '_>) -> Vec<Remark> {
        let mut out = Vec::new();
        for r in children(n, "NoteRef") {
            let Some(raw) = r.attribute("targetGUID") else {
                continue;
            };
            let Ok(guid) =
                Uuid::parse_str(raw.trim().trim_start_matches('{').trim_end_matches('}'))
            else {
                continue;
            };
            if let Some(&i) = self.memos.get(&guid) {
                out.push(Remark::Memo(i));
            }
        }
        out
    }

    /// An element's variable values (`<VariableValue>`) as `Name: value`, each named in a
    /// warning as "Name of `owner`".
    pub(super) fn variable_values(
        &mut self,
        n: Node<'_, '_>,
        owner: &str,
        study: &mut Study,
    ) -> Result<Vec<Remark>> {
        let mut out = Vec::new();
        for vv in children(n, "VariableValue") {
            let Some(r) = child(vv, "VariableRef") else {
                return Err(self.err(vv, "a <VariableValue> without <VariableRef>"));
            };
            let guid = self.reference(r, "targetGUID", &["Variable"])?;
            let name = self
                .variables
                .get(&guid)
                .cloned()
                .unwrap_or_else(|| "Unnamed variable".to_string());
            let value = vv
                .children()
                .filter(|c| c.is_element() && c.tag_name().name() != "VariableRef")
                .map(text_of)
                .next()
                .unwrap_or_default();
            study.dropped.add_comment(
                "<VariableValue>",
                "variable value",
                "variable values",
                format!("{name} of {owner}"),
            );
            out.push(Remark::Said(format!("{name}: {}", value.trim())));
        }
        Ok(out)
    }

    /// What a selection says besides its codes: its description (unless `description` is
    /// false: it was read as the quote's attribution) and its and its codings' memos. `at`
    /// names it in the warning.
    pub(super) fn selection_remarks(
        &mut self,
        sel: Node<'_, '_>,
        at: String,
        study: &mut Study,
        description: bool,
    ) -> Vec<Remark> {
        let mut out = Vec::new();
        if let Some(d) = child(sel, "Description")
            .filter(|_| description)
            .map(text_of)
            .map(|s| lines(&s))
            .and_then(non_blank)
        {
            study.dropped.add_comment(
                "<PlainTextSelection>",
                "description of a selection",
                "descriptions of selections",
                at,
            );
            out.push(Remark::Said(format!(
                "Comment on the selection: {}",
                d.trim()
            )));
        }
        out.extend(self.memos_of(sel));
        for coding in children(sel, "Coding") {
            out.extend(self.memos_of(coding));
        }
        out
    }
}
