//! The top level of a file: `levels`, `map` lines, file properties (`allow:`, totals,
//! captions), the study block, and which declaration each top-level node is.

use super::*;

impl Lowerer {
    pub(super) fn levels(&mut self, stmts: &[&ast::LevelsStmt]) {
        for l in stmts {
            {
                if let Some(first) = &self.levels_seen {
                    self.push(
                        Diagnostic::new(
                            C::InvalidLevels,
                            l.span.clone(),
                            "the levels are declared twice",
                        )
                        .label("second declaration")
                        .with(first.clone(), "first declared here")
                        .help("keep one `levels` line"),
                    );
                    continue;
                }
                self.levels_seen = Some(l.span.clone());
                for decl in &l.levels {
                    let n = &decl.name.name;
                    if self.cb.levels.len() == super::MAX_LEVELS {
                        self.push(
                            Diagnostic::new(
                                C::InvalidLevels,
                                decl.span.clone(),
                                format!("more than {} levels", super::MAX_LEVELS),
                            )
                            .label("one level too many")
                            .help(
                                "a coding hierarchy rarely has more than five levels; merge some",
                            ),
                        );
                        break;
                    }
                    if RESERVED.contains(&n.as_str()) {
                        self.push(
                            Diagnostic::new(
                                C::InvalidLevels,
                                decl.name.span.clone(),
                                format!("`{n}` cannot name a level: it is a word of the language"),
                            )
                            .label("reserved word")
                            .help({
                                // Names the line does not use already (`code` is often the
                                // lowest level's).
                                let free: Vec<String> =
                                    ["code", "category", "subtheme", "cluster", "aspect"]
                                        .into_iter()
                                        .filter(|w| l.levels.iter().all(|d| d.name.name != *w))
                                        .take(2)
                                        .map(|w| format!("`{w}`"))
                                        .collect();
                                format!("choose another name, such as {}", free.join(" or "))
                            }),
                        );
                        continue;
                    }
                    if let Some(prev) = self.cb.levels.iter().find(|lv| lv.name == *n) {
                        let prev = prev.span.clone();
                        self.push(
                            Diagnostic::new(
                                C::InvalidLevels,
                                decl.name.span.clone(),
                                format!("the level `{n}` is named twice"),
                            )
                            .label("again here")
                            .with(prev, "first here")
                            .help("each level needs its own name"),
                        );
                        continue;
                    }
                    let heading = match &decl.heading {
                        Some(h) if h.value.is_empty() => {
                            self.push(empty(h.span.clone(), "a level heading"));
                            capitalise(n)
                        }
                        Some(h) => h.value.clone(),
                        None => capitalise(n),
                    };
                    self.level_words.push(decl.name.span.clone());
                    self.cb.levels.push(Level {
                        name: n.to_string(),
                        heading,
                        span: decl.span.clone(),
                    });
                }
            }
        }
        // No `levels` line, or one whose every name is reserved (each reported above, e.g.
        // `levels quote -> structure`): the default levels, so that a codebook always has a
        // lowest level (a quote that supports nothing is reported as supporting no `concept`;
        // with no levels at all, the check indexed an empty list and panicked).
        if self.cb.levels.is_empty() {
            self.cb.levels = DEFAULT_LEVELS
                .iter()
                .map(|(n, h)| Level {
                    name: (*n).to_string(),
                    heading: (*h).to_string(),
                    span: 0..0,
                })
                .collect();
        }
        self.level_used = vec![false; self.cb.levels.len()];
    }

    pub(super) fn level_index(&self, kind: &str) -> Option<usize> {
        self.cb.levels.iter().position(|l| l.name == kind)
    }

    /// The level whose word `kind` is a near miss of (`category` for a `levels` line that says
    /// `categroy`), for a named code in a file with a `levels` line. The code is lowered as
    /// that level's, so that its quotes and children do not cascade into errors of their own;
    /// what is reported is decided once the whole file is read ([`Lowerer::level_typos`]).
    pub(super) fn near_level(&mut self, n: &Node, kind: &str) -> Option<usize> {
        if self.levels_seen.is_none() || n.name.is_none() || kind == "quote" {
            return None;
        }
        let words = self.cb.levels.iter().map(|l| l.name.as_str());
        let near = crate::diagnostics::nearest(kind, words)?;
        if strsim::damerau_levenshtein(&kind.to_lowercase(), &near.to_lowercase()) > 2 {
            return None;
        }
        let level = self.level_index(near)?;
        let help = did_you_mean(kind, [near]);
        let span = n.kind.span.clone();
        match self.near_levels.iter_mut().find(|t| t.written == kind) {
            Some(t) => t.uses.push((span, help)),
            None => self.near_levels.push(NearLevel {
                written: kind.to_string(),
                level,
                uses: vec![(span, help)],
            }),
        }
        Some(level)
    }

    /// Report the near misses [`Lowerer::near_level`] found. A level whose own word declares no
    /// code, while a near miss of it declares them all, is most likely misspelt on the `levels`
    /// line (or consistently in the codes): one error there, whose fix is one edit. Otherwise
    /// each near miss is an unknown declaration, with the level's word as its fix.
    pub(super) fn level_typos(&mut self) {
        let typos = std::mem::take(&mut self.near_levels);
        // Per level, whether its `levels` word was reported already (for a first near miss).
        let mut reported = vec![false; self.cb.levels.len()];
        for t in typos {
            let unused = !self.level_used.get(t.level).copied().unwrap_or(false);
            let done = reported.get(t.level).copied().unwrap_or(true);
            // The level's heading spells its word and not the codes' ("Theme" for `theme`, the
            // codes' `thme`): the `levels` line is right, and each code is the slip.
            let heading_spells_level = self.cb.levels.get(t.level).is_some_and(|l| {
                let letters = |s: &str| -> String {
                    s.chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase)
                        .collect()
                };
                let heading = letters(&l.heading);
                heading.contains(&letters(&l.name)) && !heading.contains(&letters(&t.written))
            });
            if unused
                && !done
                && !heading_spells_level
                && let Some(word) = self.level_words.get(t.level).cloned()
                && let Some((at, _)) = t.uses.first()
            {
                if let Some(f) = reported.get_mut(t.level) {
                    *f = true;
                }
                let level = self.cb.levels[t.level].name.clone();
                let times = match t.uses.len() {
                    1 => "once".to_string(),
                    k => format!("{k} times"),
                };
                let written = &t.written;
                self.push(
                    Diagnostic::new(
                        C::InvalidLevels,
                        word,
                        format!("the `levels` line names `{level}`, but the codes are declared with `{written}`"),
                    )
                    .label("no code is declared with this word")
                    .with(at.clone(), format!("`{written}` declares codes here ({times})"))
                    .help(Hint {
                        text: format!(
                            "use one spelling: write `{written}` here (or `{level}` in each declaration)"
                        ),
                        suggestion: Some(written.clone()),
                    }),
                );
                continue;
            }
            for (span, help) in t.uses {
                let d = Diagnostic::new(
                    C::UnknownDeclaration,
                    span,
                    format!("unknown declaration `{}` inside a structure", t.written),
                )
                .label("not known here");
                self.push(match help {
                    Some(h) => d.help(h),
                    None => d,
                });
            }
        }
    }

    pub(super) fn top(&mut self, s: &Statement) {
        match s {
            Statement::Levels(_) => {}
            Statement::Map(m) => self.map(m),
            Statement::Property(p) => self.top_property(p),
            Statement::Node(n) => self.top_node(n),
        }
    }

    pub(super) fn map(&mut self, m: &ast::MapStmt) {
        self.cb.maps.push(Mapping {
            child: name(&m.child),
            parent: name(&m.parent),
            span: m.span.clone(),
        });
    }

    pub(super) fn top_property(&mut self, p: &Property) {
        match &*p.key_text() {
            "total" => {
                if let Some(t) = self.total(p) {
                    self.cb.totals.push(t);
                }
            }
            "allow" => {
                let names: Vec<Name> = self.names(p);
                for n in names {
                    match crate::diagnostics::DiagnosticCode::from_name(&n.id) {
                        Some(code)
                            if code.default_severity() == crate::diagnostics::Severity::Warning =>
                        {
                            self.cb.allow.push(n)
                        }
                        _ => {
                            let lints: Vec<&str> = crate::diagnostics::DiagnosticCode::ALL
                                .iter()
                                .filter(|c| {
                                    c.default_severity() == crate::diagnostics::Severity::Warning
                                })
                                .map(|c| c.name())
                                .collect();
                            let help =
                                did_you_mean(&n.id, lints.iter().copied()).unwrap_or_else(|| {
                                    format!("warnings that can be allowed: {}", lints.join(", "))
                                        .into()
                                });
                            self.push(
                                Diagnostic::new(
                                    C::InvalidValue,
                                    n.span.clone(),
                                    format!("`{}` is not a warning that can be allowed", n.id),
                                )
                                .label("not a warning's name")
                                .help(help),
                            );
                        }
                    }
                }
            }
            "coders" => {
                let names: Vec<Name> = self.names(p);
                self.cb.coders.extend(names);
            }
            key if p.key.len() == 2
                && matches!(
                    p.key[0].name.as_str(),
                    "caption" | "label" | "rows" | "column" | "note"
                ) =>
            {
                self.table_meta(p, key);
            }
            key if p.key.len() == 3 && p.key[0].name == "table" && p.key[1].name == "number" => {
                self.table_meta(p, key);
            }
            key => {
                let mut help = did_you_mean(
                    key,
                    [
                        "total",
                        "allow",
                        "coders",
                        "caption",
                        "label",
                        "rows",
                        "column",
                        "note",
                        "table number",
                    ],
                );
                if TOP_KINDS.contains(&key) || self.level_index(key).is_some() {
                    help = Some(format!(
                        "`{key}` starts a declaration: `{key} name \"Label\" {{ ... }}`, without a colon"
                    ).into());
                }
                self.push(
                    Diagnostic::new(C::UnknownProperty, p.key_span(), format!("unknown property `{key}` at the top of the file"))
                        .label("not known here")
                        .help(help.unwrap_or_else(|| {
                            "at the top of a file only `total:`, `allow:`, `coders:`, `caption TABLE:`, `label TABLE:`, `table number TABLE:`, `rows codebook:`, `column phases:` and `note phases:` are properties; everything else is a declaration".into()
                        })),
                );
            }
        }
    }

    /// `column phases: activity "Activity type", description "Description"`: the phase table's
    /// columns, in order, each an attribute of the phases (or `description`) and its heading;
    /// only the phase table takes them.
    fn phase_columns(&mut self, p: &Property, index: usize) {
        if !self.phase_table_only(p, "columns of your own", "`column phases: activity \"Activity type\"`; a structure names its attribute columns with `column:` in its block") {
            return;
        }
        let columns = self.columns(p, false);
        let meta = &mut self.cb.tables[index];
        if meta.columns.is_empty() {
            meta.columns = columns;
        } else {
            let first = meta.columns[0].attribute.span.clone();
            self.push(
                Diagnostic::new(
                    C::DuplicateProperty,
                    p.key_span(),
                    "`column phases` is given twice".to_string(),
                )
                .label("again here")
                .with(first, "first given here")
                .help("name every column on one line, separated by commas"),
            );
        }
    }

    /// Whether the table a top-level `column`/`note` line names is the phase table, which
    /// alone takes them; else an error saying so.
    fn phase_table_only(&mut self, p: &Property, what: &str, example: &str) -> bool {
        let table = &p.key[1];
        if table.name == "phases" {
            return true;
        }
        self.push(
            Diagnostic::new(
                C::UnknownProperty,
                p.key_span(),
                format!("the table `{}` takes no {what}", table.name),
            )
            .label(format!("no {what} here"))
            .help(format!("only the phase table takes it ({example})")),
        );
        false
    }

    /// `rows phases: phases, turning points` (the default) or `rows phases: phases`: whether
    /// the phase table prints the turning points as rows between the phases.
    fn phase_rows(&mut self, p: &Property, index: usize) {
        let words: Vec<String> = p
            .values
            .iter()
            .map(|v| {
                v.atoms
                    .iter()
                    .map(|a| match a {
                        Atom::Word(w) => w.name.to_string(),
                        _ => String::from("?"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let with = match words
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["phases"] => false,
            ["phases", "turning points"] => true,
            _ => {
                let span = p
                    .values
                    .first()
                    .map(|v| v.span.start)
                    .zip(p.values.last().map(|v| v.span.end))
                    .map_or_else(|| p.key_span(), |(a, b)| a..b);
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        span,
                        "the phase table's rows are `phases`, or `phases, turning points`",
                    )
                    .label("not rows the phase table has")
                    .help(
                        "write `rows phases: phases, turning points` to print each turning point \
                         in a row between the phases it separates (the default), or `rows phases: \
                         phases` to leave them out",
                    ),
                );
                return;
            }
        };
        if let Some((_, prev)) = self.cb.tables[index].turning_point_rows.clone() {
            self.given_twice(p, "rows phases", prev);
            return;
        }
        self.cb.tables[index].turning_point_rows = Some((with, p.key_span()));
    }

    /// `note phases: "EBCD, experience-based co-design."`: printed under the phase table.
    fn phase_note(&mut self, p: &Property, index: usize) {
        if !self.phase_table_only(
            p,
            "note",
            "`note phases: \"...\"`; a structure or matrix takes `note:` in its block",
        ) {
            return;
        }
        let Some(value) = self.note_text(p) else {
            return;
        };
        if let Some(prev) = self.cb.tables[index].note.replace(value) {
            self.given_twice(p, "note phases", prev.span);
        }
    }

    /// `key` given a second time, by `p`, after the first at `first`.
    fn given_twice(&mut self, p: &Property, key: &str, first: Span) {
        self.push(
            Diagnostic::new(
                C::DuplicateProperty,
                p.key_span(),
                format!("`{key}` is given twice"),
            )
            .label("again here")
            .with(first, "first given here")
            .help("give it once"),
        );
    }

    /// `caption actors: "..."`, `label sources: "tab:sources"`, `table number codebook: 6`,
    /// `rows codebook: code`, `column phases: …` or `note phases: "…"`: the table is the key's
    /// last word.
    pub(super) fn table_meta(&mut self, p: &Property, key: &str) {
        let Some(table) = p.key.last() else {
            return;
        };
        let what = key.rsplit_once(' ').map_or(key, |(what, _)| what);
        if p.key[0].name == "rows" && !matches!(table.name.as_str(), "codebook" | "phases") {
            self.push(
                Diagnostic::new(
                    C::UnknownProperty,
                    p.key_span(),
                    format!("`rows` is for the codebook and phase tables, not `{}`", table.name),
                )
                .label("only `rows codebook:` and `rows phases:` are known")
                .help(
                    "`rows codebook: code` makes the codebook table list the codes of the levels \
                     named, `rows phases: phases` leaves the turning points out of the phase table; \
                     other tables take `caption` and `label`",
                ),
            );
            return;
        }
        if !NAMED_TABLES.contains(&table.name.as_str()) {
            let help = did_you_mean(&table.name, NAMED_TABLES.iter().copied()).unwrap_or_else(|| {
                format!(
                    "tables named this way: {}; structures and matrices take their caption in their declaration",
                    NAMED_TABLES.join(", ")
                )
                .into()
            });
            self.push(
                Diagnostic::new(
                    C::UnknownReference,
                    table.span.clone(),
                    format!("there is no table `{}` to give a {what}", table.name),
                )
                .label("unknown table")
                .help(help),
            );
            return;
        }
        let index = match self.cb.tables.iter().position(|t| t.table == table.name) {
            Some(i) => i,
            None => {
                self.cb.tables.push(TableMeta {
                    table: table.name.to_string(),
                    caption: None,
                    label: None,
                    rows: Vec::new(),
                    columns: Vec::new(),
                    note: None,
                    number: None,
                    turning_point_rows: None,
                });
                self.cb.tables.len() - 1
            }
        };
        if p.key[0].name == "rows" && table.name == "phases" {
            self.phase_rows(p, index);
            return;
        }
        if p.key[0].name == "rows" {
            let rows: Vec<Name> = self.names(p);
            let Some(first) = rows.first().map(|n| n.span.clone()) else {
                return;
            };
            let meta = &mut self.cb.tables[index];
            if let Some(prev) = meta.rows.first().map(|n| n.span.clone()) {
                self.push(
                    Diagnostic::new(
                        C::DuplicateProperty,
                        first,
                        format!("`{key}` is given twice"),
                    )
                    .label("again here")
                    .with(prev, "first given here")
                    .help("give it once, with every level it lists: `rows codebook: theme, code`"),
                );
            } else {
                meta.rows = rows;
            }
            return;
        }
        if p.key[0].name == "column" {
            self.phase_columns(p, index);
            return;
        }
        if p.key[0].name == "note" {
            self.phase_note(p, index);
            return;
        }
        if p.key[0].name == "table" {
            if table.name == "timeline" {
                self.push(
                    Diagnostic::new(
                        C::UnknownProperty,
                        p.key_span(),
                        "the timeline is a figure, not a table: it has no table number",
                    )
                    .label("no number here")
                    .help("a number is given to a table: `table number codebook: 6`, or `table number: 5` in a structure or matrix"),
                );
                return;
            }
            let Some(number) = self.table_number(p) else {
                return;
            };
            if let Some((_, prev)) = self.cb.tables[index].number.replace(number) {
                self.given_twice(p, key, prev);
            }
            return;
        }
        let is_caption = p.key[0].name == "caption";
        let Some(value) = self.one_text(p, if is_caption { "a caption" } else { "a label" }) else {
            return;
        };
        let meta = &mut self.cb.tables[index];
        let slot = if is_caption {
            &mut meta.caption
        } else {
            &mut meta.label
        };
        if let Some(prev) = slot.replace(value) {
            self.given_twice(p, key, prev.span);
        }
    }

    pub(super) fn top_node(&mut self, n: &Node) {
        let (kept, dropped) = (self.diags.len(), self.dropped);
        self.top_node_kind(n);
        // A declaration with an error (a phase without its dates, a group with a bad member)
        // may not have been made: what refers to it follows from that error, which is reported
        // once, where it was made. Its names are not "unknown" where they are used.
        let erred = self.dropped > dropped || self.diags[kept..].iter().any(|d| d.is_error());
        if erred {
            unread_names(n, &mut self.cb.unread_names);
        }
    }

    fn top_node_kind(&mut self, n: &Node) {
        match n.kind.name.as_str() {
            "study" => self.study(n),
            "structure" => self.structure(n),
            "actor" => {
                self.actor(n, None);
            }
            "group" => self.group(n),
            "interview" => self.source(n, SourceKind::Interview),
            "document" => self.source(n, SourceKind::Document),
            "observation" => self.source(n, SourceKind::Observation),
            "focus group" => self.source(n, SourceKind::FocusGroup),
            "round" => self.round(n),
            "quote" => self.quote(n, None),
            "phase" => self.phase(n),
            "turning point" => self.turning_point(n),
            "period" => self.period(n),
            "matrix" => self.matrix(n),
            kind if self.level_index(kind).is_some() => {
                // Its codes are not declared; what refers to them follows from this error.
                unread_names(n, &mut self.cb.unread_names);
                self.push(
                    Diagnostic::new(
                        C::UnknownDeclaration,
                        n.kind.span.clone(),
                        format!(
                            "{} `{kind}` must be declared inside a structure",
                            a_or_an(kind)
                        ),
                    )
                    .label("outside any structure")
                    .help("put it inside `structure name \"Caption\" { ... }`"),
                );
            }
            kind => {
                let unread = self.cb.unread_names.len();
                self.unknown_kind(n, kind, "at the top of the file", TOP_KINDS);
                if let Some(meant) = misspelt_kind(n, kind) {
                    // `strucutre ds "…" { … }`: its block is read as the kind it is a near miss
                    // of, so that what is wrong inside is reported with this error, not after
                    // it is mended, and what refers to its declarations finds them.
                    self.cb.unread_names.truncate(unread);
                    let mut as_meant = n.clone();
                    as_meant.kind.name = meant.into();
                    self.top_node_kind(&as_meant);
                }
            }
        }
    }

    pub(super) fn unknown_kind(&mut self, n: &Node, kind: &str, place: &str, allowed: &[&str]) {
        unread_names(n, &mut self.cb.unread_names);
        let mut help = did_you_mean(kind, allowed.iter().copied());
        // `code x "X"` where the levels line headed a level "Code" (`levels concept "Code"`):
        // the heading is what tables print; the level's word declares its codes.
        let plain = |w: &str| w.trim().trim_end_matches('s').to_lowercase();
        if let Some(l) = self.cb.levels.iter().find(|l| {
            allowed.contains(&l.name.as_str())
                && !l.heading.is_empty()
                && plain(&l.heading) == plain(kind)
        }) {
            help = Some(Hint {
                text: format!(
                    "did you mean `{}`? \"{}\" is the heading tables print for that level; its codes are declared with `{}`",
                    l.name, l.heading, l.name
                ),
                suggestion: Some(l.name.clone()),
            });
        }
        // `category x "X"` (or `subtheme x "X"`, near `theme`) in a structure of a file that
        // kept the default levels: most likely a level the `levels` line would have named.
        if self.levels_seen.is_none()
            && n.name.is_some()
            && n.label.is_some()
            && place.starts_with("inside a")
            && !TOP_KINDS.contains(&kind)
        {
            let levels = format!(
                "the levels are concept, theme and dimension unless the file names its own; to declare codes with `{kind}`, name the levels at the top of the file, lowest first, e.g. `levels code -> {kind}`"
            );
            // A near miss (`concpet`) is a typo; a word further off (`subtheme` for `theme`)
            // may well be a level of the author's own.
            let typo = help
                .as_ref()
                .and_then(|h| h.suggestion.as_deref())
                .is_some_and(|s| {
                    strsim::damerau_levenshtein(&kind.to_lowercase(), &s.to_lowercase()) <= 2
                });
            help = match help {
                Some(h) if typo => Some(h),
                Some(h) => {
                    Some(h.followed_by(&format!("Or, if `{kind}` is a level of yours: {levels}")))
                }
                None => Some(levels.into()),
            };
        }
        // Only the name-only form: a label-only one here is a declaration missing its name.
        if n.label.is_none()
            && let Some(h) = colon_help(n)
        {
            help = Some(h);
        }
        let help =
            help.unwrap_or_else(|| format!("expected one of: {}", allowed.join(", ")).into());
        self.push(
            Diagnostic::new(
                C::UnknownDeclaration,
                n.kind.span.clone(),
                format!("unknown declaration `{kind}` {place}"),
            )
            .label("not known here")
            .help(help),
        );
    }

    pub(super) fn study(&mut self, n: &Node) {
        if let Some(first) = self.study_seen.clone() {
            self.push(
                Diagnostic::new(
                    C::DuplicateDefinition,
                    n.head_span(),
                    "the study is declared twice",
                )
                .label("second declaration")
                .with(first, "first declared here")
                .help("one file describes one study; keep one `study` block"),
            );
            return;
        }
        self.study_seen = Some(n.head_span());
        if let Some(i) = &n.name {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    i.span.clone(),
                    "the study takes a quoted title, not an identifier",
                )
                .label("unexpected identifier")
                .help("write `study \"Title of the paper\" { ... }`"),
            );
        }
        self.no_values(n);
        let title = match &n.label {
            Some(s) if s.value.trim().is_empty() => {
                self.push(empty(s.span.clone(), "a title"));
                None
            }
            Some(s) => Some(text(s)),
            None => None,
        };
        let mut parts = self.parts(n, Some(&schema::STUDY));
        let authors = parts
            .fields
            .take("authors")
            .map(|p| self.texts(p))
            .unwrap_or_default();
        let year = parts.fields.take("year").and_then(|p| self.number(p));
        let doi = self.text_field(&mut parts.fields, "doi", "a DOI");
        let quote_marks = parts
            .fields
            .take("quote marks")
            .and_then(|p| self.choice(p, QuoteMarks::WORDS));
        let full_stop = parts
            .fields
            .take("full stop")
            .and_then(|p| self.choice(p, FullStop::WORDS));
        let label_style = parts
            .fields
            .take("label style")
            .and_then(|p| self.choice(p, LabelStyle::WORDS));
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a study");
        self.maps_not_allowed(&parts.maps, "a study");
        self.cb.study = Some(Study {
            title,
            authors,
            year,
            doi,
            quote_marks,
            full_stop,
            label_style,
            span: n.span.clone(),
        });
    }
}

/// The kind of declaration the top level takes that `kind` is a near miss of (`strucutre`,
/// `qoute`: at most two edits, a transposition one), for a declaration with a block.
fn misspelt_kind(n: &Node, kind: &str) -> Option<&'static str> {
    n.block.as_ref()?;
    let near = crate::diagnostics::nearest(kind, TOP_KINDS.iter().copied())?;
    let edits = strsim::damerau_levenshtein(&kind.to_lowercase(), &near.to_lowercase());
    (kind.chars().count() > 3 && edits <= 2 && near != kind).then_some(near)
}
