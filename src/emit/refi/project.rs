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
        if let Some(n) = s.people {
            details.push(crate::words::count(n, "participant", "participants"));
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
        let who = crate::emit::attribution_text(c, q).unwrap_or_else(|| UNATTRIBUTED.into());
        let at = *by_attribution.entry(who.clone()).or_insert_with(|| {
            // The attribution as written, on a line of its own, for `codebook import`.
            let mut description = attribution_description(&who);
            if let Some(a) = cb[q].attribution.as_deref() {
                description.push('\n');
                description.push_str(&attribution_line(a));
            }
            out.push(TextSource {
                guid: attribution_guid(&who),
                name: who.clone(),
                description,
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

/// The GUID of the text source of the quotes attributed to `who` (`by:`, `from:`, or their
/// source's role or kind), or of none (`unattributed`).
pub(crate) fn attribution_guid(who: &str) -> Uuid {
    guid(&["attribution", who])
}

/// The prefix of the project description's line naming the warnings the file allows
/// (`allow:`): "Allowed warnings: unused_source, single_child".
pub(crate) const ALLOWED: &str = "Allowed warnings: ";

/// A quote's attribution as the codebook writes it (`by: "nurse", 2020`, `from: "minutes",
/// 2025-03-14`): the second line of the description of its text source, which `codebook
/// import` reads back, so that the role and the date come back apart.
pub(crate) fn attribution_line(a: &crate::model::Attribution) -> String {
    let (key, text, when) = match a {
        crate::model::Attribution::Person { role, when } => ("by", role, when),
        crate::model::Attribution::Document { kind, when } => ("from", kind, when),
    };
    // `\"` and `\\` escaped, as the README's tour writes them (and as the reading takes them).
    let quoted = text.text.replace('\\', "\\\\").replace('"', "\\\"");
    let mut line = format!("{key}: \"{quoted}\"");
    if let Some(w) = when {
        line.push_str(", ");
        line.push_str(&w.iso());
    }
    line
}

/// The description of that text source (its first line).
pub(crate) fn attribution_description(who: &str) -> String {
    format!("quotes attributed to {who}")
}

/// The last line of a member's case description, before its organisation's name.
pub(crate) const MEMBER_OF: &str = "Member of: ";

/// The description of an actor group's set: its identifier and its members' labels.
pub(crate) fn group_description(id: &str, members: &[String]) -> String {
    format!(
        "actor group `{id}`: {}; its members' text sources",
        members.join(", ")
    )
}

/// The GUID of an actor group's set.
pub(crate) fn group_guid(id: &str) -> Uuid {
    guid(&["group", id])
}

/// The name of the text source of quotes without source or attribution.
pub(crate) const UNATTRIBUTED: &str = "unattributed";

/// The user a project names as the maker of the codings no coder is named for: the study's
/// authors, or `codebook` when it names none. Its GUID and name. `codebook import` knows it by
/// its GUID ([`fallback_user_guid`]) and names no coder for what it coded.
fn fallback_user(c: &Compiled) -> (Uuid, String) {
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
    (fallback_user_guid(&name), name)
}

/// The GUID of the user standing for no coder in particular, named `name`.
pub(crate) fn fallback_user_guid(name: &str) -> Uuid {
    guid(&["user", name])
}

/// The GUID of the user standing for the coder `id` (`coders:`, `coder:`).
pub(crate) fn coder_guid(id: &str) -> Uuid {
    guid(&["coder", id])
}

/// The users of a project: one per coder (those `coders:` declares, then any other a quote
/// names, in order of appearance), and the fallback user when a quote names no coder (or the
/// file names none); and per quote, the users who coded it (indices into the users).
struct Users {
    users: Vec<(Uuid, String)>,
    /// Per quote (by index).
    by_quote: Vec<Vec<usize>>,
}

fn users(c: &Compiled) -> Users {
    let cb = &c.codebook;
    let mut users: Vec<(Uuid, String)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |id: &str, users: &mut Vec<(Uuid, String)>| -> usize {
        *index.entry(id.to_string()).or_insert_with(|| {
            users.push((coder_guid(id), id.to_string()));
            users.len() - 1
        })
    };
    for coder in &cb.coders {
        add(&coder.id, &mut users);
    }
    let only: Vec<usize> = match cb.coders.as_slice() {
        [one] => vec![add(&one.id, &mut users)],
        _ => Vec::new(),
    };
    let mut by_quote: Vec<Vec<usize>> = vec![only; cb.quotes.len()];
    for (q, names) in &cb.quote_coders {
        let mut who: Vec<usize> = Vec::new();
        for n in names.iter() {
            let u = add(&n.id, &mut users);
            if !who.contains(&u) {
                who.push(u);
            }
        }
        if let Some(slot) = by_quote.get_mut(q.index()) {
            *slot = who;
        }
    }
    if users.is_empty() || by_quote.iter().any(Vec::is_empty) {
        let fallback = users.len();
        users.push(fallback_user(c));
        for who in &mut by_quote {
            if who.is_empty() {
                who.push(fallback);
            }
        }
    }
    Users { users, by_quote }
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
    let users = users(c);
    let mut x = Xml::new();
    x.open(
        "Project",
        &[
            ("xmlns", PROJECT_NS.to_string()),
            ("name", name),
            ("origin", origin()),
        ],
    );
    // Who made the codings: one user per coder, and one for the study's authors where a quote
    // names no coder (several REFI-QDA libraries skip a selection without a `creatingUser`).
    x.open("Users", &[]);
    for (id, name) in &users.users {
        x.empty("User", &[("guid", guid_text(*id)), ("name", name.clone())]);
    }
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
        // A case's GUID is of its label (keyed), which an import keeps (not its identifier).
        let case_occ = occurrences(cb.actors.iter().map(|a| a.label.text.as_str()));
        // Each actor's text sources and quotes' selections, in the order of the text sources
        // (the order an import writes the quotes in): one pass over the sources, not one per
        // actor (k actors over k quotes was k²).
        let mut refs_of: Per<ActorId, Vec<Uuid>> = Per::filled(cb.actors.len(), Vec::new());
        let mut sels_of: Per<ActorId, Vec<Uuid>> = Per::filled(cb.actors.len(), Vec::new());
        for ts in &sources {
            if let Some(a) = ts.source.and_then(|s| c.resolved.source_actor[s]) {
                refs_of[a].push(ts.guid);
            }
            for q in &ts.quotes {
                if let Some(a) = c.resolved.quote_actor[*q] {
                    sels_of[a].push(selection[*q]);
                }
            }
        }
        for (a, actor) in ActorId::each(cb) {
            let refs = std::mem::take(&mut refs_of[a]);
            let sels = std::mem::take(&mut sels_of[a]);
            let key = keyed(&actor.label.text, case_occ[a.index()]);
            let attrs = [
                ("guid", guid_text(guid(&["case", &key]))),
                ("name", actor.label.text.clone()),
            ];
            // REFI-QDA's cases are flat: a member says its organisation in its description.
            let mut description: Vec<&str> =
                actor.description.iter().map(|d| d.text.as_str()).collect();
            let org = actor.member_of.map(|o| &cb[o]);
            let member_line = org.map(|o| format!("{MEMBER_OF}{}", o.label.text));
            description.extend(member_line.as_deref());
            if description.is_empty() && refs.is_empty() && sels.is_empty() {
                x.empty("Case", &attrs);
                continue;
            }
            x.open("Case", &attrs);
            if !description.is_empty() {
                x.text("Description", &description.join("\n"));
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
                let who: Vec<Uuid> = users
                    .by_quote
                    .get(q.index())
                    .into_iter()
                    .flatten()
                    .filter_map(|u| users.users.get(*u).map(|x| x.0))
                    .collect();
                let first = who.first().copied().unwrap_or_default();
                x.open(
                    "PlainTextSelection",
                    &[
                        ("guid", guid_text(sel)),
                        ("startPosition", at.to_string()),
                        ("endPosition", (at + len).to_string()),
                        ("creatingUser", guid_text(first)),
                    ],
                );
                // A quote in a declared source's text that says who said it (`source:
                // managers`, `by: "P25"`): its attribution as written, which `import` reads
                // back (the text source's own description names the source).
                if ts.source.is_some()
                    && let Some(a) = cb[q].attribution.as_deref()
                {
                    x.text("Description", &attribution_line(a));
                }
                // One coding per coder and code: REFI-QDA names one user per coding.
                for (i, user) in who.iter().enumerate() {
                    for k in codes {
                        let Some(code) = t.code_guid[*k] else {
                            continue;
                        };
                        let (sel, code) = (guid_text(sel), guid_text(code));
                        let coding = match i {
                            0 => guid(&["coding", &sel, &code]),
                            _ => guid(&["coding", &sel, &code, &guid_text(*user)]),
                        };
                        x.open(
                            "Coding",
                            &[
                                ("guid", guid_text(coding)),
                                ("creatingUser", guid_text(*user)),
                            ],
                        );
                        x.empty("CodeRef", &[("targetGUID", code)]);
                        x.close("Coding");
                    }
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
    // Each group's text sources, in order: those whose declared actor or any quote's actor
    // counts for the group (a member, or a member of a member organisation). Found from each
    // source's actors to their groups, so that a group of k members over k quotes is not k²
    // searches of its member list.
    let mut groups_of: Per<ActorId, Vec<GroupId>> = Per::filled(cb.actors.len(), Vec::new());
    for (g, members) in c.resolved.group_members.iter() {
        for a in members {
            groups_of[*a].push(g);
        }
    }
    let mut groups: Vec<(GroupId, Vec<Uuid>)> =
        GroupId::each(cb).map(|(g, _)| (g, Vec::new())).collect();
    // The last source added to each group, so that a source is added once.
    let mut added: Vec<Option<usize>> = vec![None; groups.len()];
    for (i, ts) in sources.iter().enumerate() {
        let declared = ts.source.and_then(|s| c.resolved.source_actor[s]);
        let actors = declared
            .into_iter()
            .chain(ts.quotes.iter().filter_map(|q| c.resolved.quote_actor[*q]));
        for a in actors {
            let org = cb[a].member_of;
            let via = org.map_or(&[][..], |o| groups_of[o].as_slice());
            for g in groups_of[a].iter().chain(via) {
                let at = g.index();
                if let (Some(last), Some((_, members))) = (added.get_mut(at), groups.get_mut(at))
                    && *last != Some(i)
                {
                    *last = Some(i);
                    members.push(ts.guid);
                }
            }
        }
    }
    if !levels.is_empty() || !groups.is_empty() {
        x.open("Sets", &[]);
        for set in &levels {
            write_code_set(&mut x, set, "targetGUID");
        }
        for (g, members) in &groups {
            let group = &cb[*g];
            let attrs = [
                ("guid", guid_text(group_guid(&group.id.id))),
                ("name", crate::emit::group_label(c, *g)),
            ];
            let names: Vec<String> = c.resolved.group_members[*g]
                .iter()
                .map(|a| cb[*a].label.text.clone())
                .collect();
            x.open("Set", &attrs);
            x.text("Description", &group_description(&group.id.id, &names));
            for m in members {
                x.empty("MemberSource", &[("targetGUID", guid_text(*m))]);
            }
            x.close("Set");
        }
        x.close("Sets");
    }

    let mut lines = Vec::new();
    if let Some(study) = &cb.study {
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
    }
    // The warnings the file allows (`allow:`), which `codebook import` writes back.
    if !cb.allow.is_empty() {
        let names: Vec<&str> = cb.allow.iter().map(|a| a.id.as_str()).collect();
        lines.push(format!("{ALLOWED}{}", names.join(", ")));
    }
    if !lines.is_empty() {
        x.text("Description", &lines.join("\n"));
    }
    x.close("Project");
    Ok(Project { qde: x.out, files })
}
