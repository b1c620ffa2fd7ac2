//! Codes, their colours, structures and sets: what a `.qdc` holds and a project's `<CodeBook>`.

use super::*;

impl Reader<'_, '_, '_> {
    pub(super) fn code(&mut self, n: Node<'_, '_>, depth: usize) -> Result<ICode> {
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
        let codable = matches!(n.attribute("isCodable").map(str::trim), Some("true" | "1"));
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
        let remarks = self.memos_of(n);
        let mut kids = Vec::new();
        for c in children(n, "Code") {
            kids.push(self.code(c, depth + 1)?);
        }
        Ok(ICode {
            guid,
            name,
            description,
            colour,
            codable,
            children: kids,
            remarks,
        })
    }

    pub(super) fn colour(&mut self, n: Node<'_, '_>, raw: &str) -> Option<[u8; 3]> {
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
    pub(super) fn structures(
        &mut self,
        codes: Node<'_, '_>,
        name: &str,
    ) -> Result<Vec<IStructure>> {
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
    pub(super) fn sets(
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
            // A level without codes, as `codebook` writes it (its GUID as written): kept, so
            // that the level is.
            let level = codes
                .is_empty()
                .then(|| s.attribute("guid"))
                .flatten()
                .and_then(|g| Uuid::try_parse(g).ok())
                .filter(|g| crate::import::level_rank(*g, &name).is_some());
            if level.is_some() {
                study.sets.push(ISet {
                    guid: level,
                    name,
                    codes,
                    place: None,
                });
            } else if codes.is_empty() {
                if let Some(group) = self.group(s, &name)? {
                    study.groups.push(group);
                    continue;
                }
                other += 1;
                study.dropped.add(
                    "<Set>",
                    "set without codes (of sources or notes)",
                    "sets without codes (of sources or notes)",
                    name.clone(),
                );
            } else {
                let guid = s
                    .has_attribute("guid")
                    .then(|| self.uuid(s, "guid"))
                    .transpose()?;
                let place = child(s, "Description")
                    .map(text_of)
                    .and_then(|d| shared_place(&d));
                study.sets.push(ISet {
                    guid,
                    name,
                    codes,
                    place,
                });
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

    /// An actor group's set as `codebook` writes it (recognised by its GUID and description):
    /// its identifier, label and members' names.
    fn group(&mut self, s: Node<'_, '_>, name: &str) -> Result<Option<IGroup>> {
        let Some(description) = child(s, "Description").map(text_of) else {
            return Ok(None);
        };
        let read = description
            .strip_prefix("actor group `")
            .and_then(|d| d.split_once("`: "))
            .and_then(|(id, rest)| {
                let names = rest.strip_suffix("; its members' text sources")?;
                Some((id, names))
            });
        let Some((id, names)) = read else {
            return Ok(None);
        };
        if !s.has_attribute("guid") || self.uuid(s, "guid")? != group_guid(id) {
            return Ok(None);
        }
        Ok(Some(IGroup {
            id: id.to_string(),
            name: name.to_string(),
            members: names.split(", ").map(str::to_string).collect(),
        }))
    }

    pub(super) fn codebook(&mut self, study: &mut Study) -> Result<()> {
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
}

/// The place a shared code's set description gives it among its parent's codes, from its last
/// line as `codebook` writes it (`Place among its codes: 2 of 3`).
fn shared_place(description: &str) -> Option<usize> {
    let line = description.lines().last()?.trim();
    let rest = line.strip_prefix(crate::emit::refi::PLACE)?;
    let (place, _) = rest.split_once(" of ")?;
    place.trim().parse().ok().filter(|p| *p > 0)
}
