//! The project document (`project.qde` of a `.qdpx`): the codebook, the text sources (each
//! quote a coded selection of its source's text), the cases (actors), the users and the sets.

use super::*;

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
        let who = crate::emit::attribution_text(c, q).unwrap_or_else(|| "unattributed".into());
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

/// The one user a project names as the maker of every coding: the study's authors, or
/// `codebook` when it names none. Its GUID and name.
fn user(c: &Compiled) -> (Uuid, String) {
    let authors: Vec<&str> = c
        .codebook
        .study
        .iter()
        .flat_map(|s| s.authors.iter().map(|a| a.text.as_str()))
        .collect();
    let name = match authors.is_empty() {
        true => "codebook".to_string(),
        false => authors.join(", "),
    };
    (guid(&["user", &name]), name)
}

/// Whether actor `a` counts for group `g`: a member, or a member of a member organisation.
fn in_group(c: &Compiled, g: GroupId, a: ActorId) -> bool {
    let members = &c.resolved.group_members[g];
    members.contains(&a)
        || c.codebook[a]
            .member_of
            .is_some_and(|org| members.contains(&org))
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
    let (user, user_name) = user(c);
    let mut x = Xml::new();
    x.open(
        "Project",
        &[
            ("xmlns", PROJECT_NS.to_string()),
            ("name", name),
            ("origin", origin()),
        ],
    );
    // Who made the codings: several REFI-QDA libraries skip a selection without a
    // `creatingUser`. One user stands for the study's authors.
    x.open("Users", &[]);
    x.empty("User", &[("guid", guid_text(user)), ("name", user_name)]);
    x.close("Users");
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
                        ("creatingUser", guid_text(user)),
                    ],
                );
                for k in codes {
                    let Some(code) = t.code_guid[*k] else {
                        continue;
                    };
                    let coding = guid(&["coding", &guid_text(sel), &guid_text(code)]);
                    x.open(
                        "Coding",
                        &[
                            ("guid", guid_text(coding)),
                            ("creatingUser", guid_text(user)),
                        ],
                    );
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
        for set in &levels {
            write_code_set(&mut x, set, "targetGUID");
        }
        for (g, members) in &groups {
            let group = &cb[*g];
            let attrs = [
                ("guid", guid_text(guid(&["group", &group.id.id]))),
                ("name", crate::emit::group_label(c, *g)),
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
