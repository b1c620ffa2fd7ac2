//! Syntax tree to model: give each declaration and property its meaning.
//!
//! Reports what is wrong in the *form* of a declaration (an unknown kind, a missing label, a
//! value of the wrong shape, an impossible date) and carries on, so every problem of a file is
//! reported in one run. References between declarations are resolved later, in `check`.

use super::*;
use crate::diagnostics::{Code as C, Diagnostic, did_you_mean};
use crate::syntax::ast::{self, Atom, Node, Property, Statement};

/// Build the model of a parsed file. Diagnostics are about the form of declarations only.
pub fn lower(doc: &ast::Document) -> (Codebook, Vec<Diagnostic>) {
    let levels: Vec<&ast::LevelsStmt> = doc
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Levels(l) => Some(l),
            _ => None,
        })
        .collect();
    let mut lowering = Lowering::new(&levels);
    for s in &doc.statements {
        lowering.statement(s);
    }
    lowering.finish()
}

/// Lowering one top-level statement at a time, so a file's syntax tree never has to be held
/// whole (see `syntax::each_statement`). The levels must be known before the first statement.
pub struct Lowering {
    lx: Lowerer,
}

impl Lowering {
    /// Start with the file's `levels` statements (all of them, so repeats are reported).
    pub fn new(levels: &[&ast::LevelsStmt]) -> Lowering {
        let mut lx = Lowerer::default();
        lx.levels(levels);
        Lowering { lx }
    }

    /// Validate quotes' texts but do not keep them (each becomes empty, with its span): for
    /// checking only, which never reads them (see [`crate::validate`]).
    pub fn without_quote_texts(mut self) -> Lowering {
        self.lx.drop_quote_texts = true;
        self
    }

    /// Lower one top-level statement (`levels` statements are skipped: `new` had them).
    pub fn statement(&mut self, s: &Statement) {
        let before = self.lx.diags.len();
        self.lx.top(s);
        crate::check::root_cause::note_incomplete(
            s,
            self.lx.diags.get(before..).unwrap_or(&[]),
            &mut self.lx.cb.incomplete,
        );
    }

    pub fn finish(self) -> (Codebook, Vec<Diagnostic>) {
        (self.lx.cb, self.lx.diags)
    }
}

#[derive(Default)]
struct Lowerer {
    cb: Codebook,
    diags: Vec<Diagnostic>,
    levels_seen: Option<ast::Span>,
    study_seen: Option<ast::Span>,
    /// See [`Lowering::without_quote_texts`].
    drop_quote_texts: bool,
}

const TOP_KINDS: &[&str] = &[
    "study",
    "structure",
    "actor",
    "group",
    "interview",
    "document",
    "observation",
    "round",
    "quote",
    "phase",
    "turning point",
    "period",
    "matrix",
];

/// A declaration's properties, each taken at most once; what is left over is unknown.
struct Fields<'a> {
    props: Vec<(&'a Property, bool)>,
}

impl<'a> Fields<'a> {
    fn take(&mut self, keys: &[&str]) -> Option<&'a Property> {
        for (p, used) in self.props.iter_mut() {
            if !*used && p.key.len() == 1 && keys.contains(&p.key[0].name.as_str()) {
                *used = true;
                return Some(*p);
            }
        }
        None
    }

    fn rest(self) -> impl Iterator<Item = &'a Property> {
        self.props
            .into_iter()
            .filter(|(_, used)| !used)
            .map(|(p, _)| p)
    }
}

struct Parts<'a> {
    fields: Fields<'a>,
    nodes: Vec<&'a Node>,
    maps: Vec<&'a ast::MapStmt>,
}

fn name(i: &ast::Ident) -> Name {
    Name {
        id: i.name.as_str().into(),
        span: i.span.clone(),
    }
}

/// A reference to a declaration: its identifier. A quoted label (`supports: "Daily
/// stand-ups"`) and words that are no identifier (`weekly notes`, `2weekly`) are kept as
/// written, for the checker to say which identifier was meant.
fn reference(atoms: &[Atom]) -> Option<Name> {
    match atoms {
        [Atom::Word(w)] => Some(name(w)),
        [Atom::Str(s)] => Some(Name {
            id: s.value.as_str().into(),
            span: s.span.clone(),
        }),
        [first, .., last]
            if atoms
                .iter()
                .all(|a| matches!(a, Atom::Word(_) | Atom::Number { .. })) =>
        {
            let words: Vec<&str> = atoms
                .iter()
                .map(|a| match a {
                    Atom::Word(w) => w.name.as_str(),
                    Atom::Number { text, .. } => text.as_str(),
                    _ => "",
                })
                .collect();
            // `2weekly` is a number and a word written together; `weekly notes`, two words.
            let mut id = String::new();
            let mut end = first.span().start;
            for (a, w) in atoms.iter().zip(&words) {
                if a.span().start > end && !id.is_empty() {
                    id.push(' ');
                }
                id.push_str(w);
                end = a.span().end;
            }
            Some(Name {
                id: id.as_str().into(),
                span: first.span().start..last.span().end,
            })
        }
        _ => None,
    }
}

/// The identifiers of the declarations nested in `n` (and its own).
fn unread_names(n: &Node, out: &mut Vec<String>) {
    if let Some(i) = &n.name {
        out.push(i.name.clone());
    }
    for s in n.children() {
        if let Statement::Node(c) = s {
            unread_names(c, out);
        }
    }
}

fn text(s: &ast::Str) -> Text {
    Text {
        text: s.value.clone(),
        span: s.span.clone(),
    }
}

/// Whether two properties have the same key, word for word.
fn same_key(a: &Property, b: &Property) -> bool {
    a.key.len() == b.key.len() && a.key.iter().zip(&b.key).all(|(x, y)| x.name == y.name)
}

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl Lowerer {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    // ----- levels -------------------------------------------------------------------------

    fn levels(&mut self, stmts: &[&ast::LevelsStmt]) {
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
                            .help("choose another name, such as `code` or `category`"),
                        );
                        continue;
                    }
                    if let Some(prev) = self.cb.levels.iter().find(|lv| &lv.name == n) {
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
                    self.cb.levels.push(Level {
                        name: n.clone(),
                        heading,
                        span: decl.span.clone(),
                    });
                }
            }
        }
        if self.levels_seen.is_none() {
            self.cb.levels = DEFAULT_LEVELS
                .iter()
                .map(|(n, h)| Level {
                    name: (*n).to_string(),
                    heading: (*h).to_string(),
                    span: 0..0,
                })
                .collect();
        }
    }

    fn level_index(&self, kind: &str) -> Option<usize> {
        self.cb.levels.iter().position(|l| l.name == kind)
    }

    // ----- top level ----------------------------------------------------------------------

    fn top(&mut self, s: &Statement) {
        match s {
            Statement::Levels(_) => {}
            Statement::Map(m) => self.map(m),
            Statement::Property(p) => self.top_property(p),
            Statement::Node(n) => self.top_node(n),
        }
    }

    fn map(&mut self, m: &ast::MapStmt) {
        self.cb.maps.push(Mapping {
            child: name(&m.child),
            parent: name(&m.parent),
            span: m.span.clone(),
        });
    }

    fn top_property(&mut self, p: &Property) {
        match p.key_text().as_str() {
            "total" => {
                if let Some(t) = self.total(p) {
                    self.cb.totals.push(t);
                }
            }
            "allow" => {
                let names: Vec<Name> = self.names(p);
                for n in names {
                    match crate::diagnostics::Code::from_name(&n.id) {
                        Some(code)
                            if code.default_severity() == crate::diagnostics::Severity::Warning =>
                        {
                            self.cb.allow.push(n)
                        }
                        _ => {
                            let lints: Vec<&str> = crate::diagnostics::Code::ALL
                                .iter()
                                .filter(|c| {
                                    c.default_severity() == crate::diagnostics::Severity::Warning
                                })
                                .map(|c| c.name())
                                .collect();
                            let help =
                                did_you_mean(&n.id, lints.iter().copied()).unwrap_or_else(|| {
                                    format!("warnings that can be allowed: {}", lints.join(", "))
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
            key if p.key.len() == 2 && matches!(p.key[0].name.as_str(), "caption" | "label") => {
                self.table_meta(p, key);
            }
            key => {
                let mut help = did_you_mean(key, ["total", "allow", "caption", "label"]);
                if TOP_KINDS.contains(&key) || self.level_index(key).is_some() {
                    help = Some(format!(
                        "`{key}` starts a declaration: `{key} name \"Label\" {{ ... }}`, without a colon"
                    ));
                }
                self.push(
                    Diagnostic::new(C::UnknownProperty, p.key_span(), format!("unknown property `{key}` at the top of the file"))
                        .label("not known here")
                        .help(help.unwrap_or_else(|| {
                            "at the top of a file only `total:`, `allow:`, `caption TABLE:` and `label TABLE:` are properties; everything else is a declaration".into()
                        })),
                );
            }
        }
    }

    /// `caption actors: "..."` or `label sources: "tab:sources"`.
    fn table_meta(&mut self, p: &Property, key: &str) {
        let table = &p.key[1];
        if !NAMED_TABLES.contains(&table.name.as_str()) {
            let help = did_you_mean(&table.name, NAMED_TABLES.iter().copied()).unwrap_or_else(|| {
                format!(
                    "tables named this way: {}; structures and matrices take their caption in their declaration",
                    NAMED_TABLES.join(", ")
                )
            });
            self.push(
                Diagnostic::new(
                    C::UnknownReference,
                    table.span.clone(),
                    format!(
                        "there is no table `{}` to give a {}",
                        table.name, p.key[0].name
                    ),
                )
                .label("unknown table")
                .help(help),
            );
            return;
        }
        let is_caption = p.key[0].name == "caption";
        let Some(value) = self.one_text(p, if is_caption { "a caption" } else { "a label" }) else {
            return;
        };
        let index = match self.cb.tables.iter().position(|t| t.table == table.name) {
            Some(i) => i,
            None => {
                self.cb.tables.push(TableMeta {
                    table: table.name.clone(),
                    caption: None,
                    label: None,
                });
                self.cb.tables.len() - 1
            }
        };
        let meta = &mut self.cb.tables[index];
        let slot = if is_caption {
            &mut meta.caption
        } else {
            &mut meta.label
        };
        if let Some(prev) = slot.replace(value) {
            self.push(
                Diagnostic::new(
                    C::DuplicateProperty,
                    p.key_span(),
                    format!("`{key}` is given twice"),
                )
                .label("again here")
                .with(prev.span, "first given here")
                .help("give it once"),
            );
        }
    }

    fn top_node(&mut self, n: &Node) {
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
            "round" => self.round(n),
            "quote" => self.quote(n, None),
            "phase" => self.phase(n),
            "turning point" => self.turning_point(n),
            "period" => self.period(n),
            "matrix" => self.matrix(n),
            kind if self.level_index(kind).is_some() => {
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
            kind => self.unknown_kind(n, kind, "at the top of the file", TOP_KINDS),
        }
    }

    fn unknown_kind(&mut self, n: &Node, kind: &str, place: &str, allowed: &[&str]) {
        unread_names(n, &mut self.cb.unread_names);
        let mut help = did_you_mean(kind, allowed.iter().copied());
        // `category x "X"` in a structure of a file that kept the default levels.
        if help.is_none()
            && self.levels_seen.is_none()
            && n.name.is_some()
            && n.label.is_some()
            && place.starts_with("inside a")
            && !TOP_KINDS.contains(&kind)
        {
            help = Some(format!(
                "the levels are concept, theme and dimension unless the file names its own; to declare codes with `{kind}`, name the levels at the top of the file, lowest first, e.g. `levels code -> {kind}`"
            ));
        }
        if n.name.is_some() && n.label.is_none() && n.block.is_none() {
            help = Some(format!(
                "a property is written with a colon: `{kind}: {}`",
                n.name.as_ref().map_or("", |i| i.name.as_str())
            ));
        }
        let help = help.unwrap_or_else(|| format!("expected one of: {}", allowed.join(", ")));
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

    // ----- shared helpers -----------------------------------------------------------------

    fn parts<'a>(&mut self, n: &'a Node) -> Parts<'a> {
        let mut props: Vec<(&'a Property, bool)> = Vec::with_capacity(n.children().len());
        let mut nodes = Vec::new();
        let mut maps = Vec::new();
        for s in n.children() {
            match s {
                Statement::Property(p) => {
                    // Cells (`p1 hc: ...`) have two-word keys; a repeated cell is the checker's
                    // `duplicate_cell`, so only one-word keys are judged here.
                    let repeated = (p.key.len() == 1)
                        .then(|| props.iter().find(|(q, _)| same_key(q, p)))
                        .flatten();
                    if let Some((first, _)) = repeated {
                        let first = first.key_span();
                        self.push(
                            Diagnostic::new(
                                C::DuplicateProperty,
                                p.key_span(),
                                format!("`{}` is given twice", p.key_text()),
                            )
                            .label("again here")
                            .with(first, "first given here")
                            .help("give each property once; list several values with commas"),
                        );
                    } else {
                        props.push((p, false));
                    }
                }
                Statement::Node(child) => nodes.push(child),
                Statement::Map(m) => maps.push(m),
                Statement::Levels(l) => self.push(
                    Diagnostic::new(
                        C::InvalidLevels,
                        l.span.clone(),
                        "levels are declared at the top of the file",
                    )
                    .label("inside a block")
                    .help("move this line to the top of the file"),
                ),
            }
        }
        Parts {
            fields: Fields { props },
            nodes,
            maps,
        }
    }

    fn unknown_properties(&mut self, fields: Fields<'_>, what: &str, allowed: &[&str]) {
        for p in fields.rest() {
            let key = p.key_text();
            let help = did_you_mean(&key, allowed.iter().copied())
                .unwrap_or_else(|| format!("{} takes: {}", what, allowed.join(", ")));
            self.push(
                Diagnostic::new(
                    C::UnknownProperty,
                    p.key_span(),
                    format!("unknown property `{key}` in {what}"),
                )
                .label("not known here")
                .help(help),
            );
        }
    }

    fn no_children(&mut self, nodes: &[&Node], what: &str) {
        for n in nodes {
            // `supports transparency`: most often a property written without its colon.
            let help = match (&n.name, &n.label, &n.block) {
                (Some(v), None, None) => format!(
                    "a property is written with a colon: `{}: {}`",
                    n.kind.name, v.name
                ),
                _ => "move it out of this block".to_string(),
            };
            self.push(
                Diagnostic::new(
                    C::UnknownDeclaration,
                    n.kind.span.clone(),
                    format!("{what} cannot hold a `{}` declaration", n.kind.name),
                )
                .label("not allowed here")
                .help(help),
            );
        }
    }

    fn need_name(&mut self, n: &Node) -> Option<Name> {
        match &n.name {
            Some(i) if !crate::syntax::is_identifier(&i.name) => {
                // Read as the identifier the author meant (see the parser's `node`); the fixed
                // spelling is what references to it are resolved against.
                let fixed = crate::syntax::fixed_identifier(&i.name);
                self.push(
                    Diagnostic::new(
                        C::InvalidIdentifier,
                        i.span.clone(),
                        format!(
                            "`{}` is not an identifier: {}",
                            i.name,
                            crate::syntax::IDENTIFIER_RULE
                        ),
                    )
                    .label("not an identifier")
                    .help(format!(
                        "write `{} {fixed}`, and refer to it as `{fixed}`",
                        n.kind.name
                    )),
                );
                Some(Name {
                    id: fixed.as_str().into(),
                    span: i.span.clone(),
                })
            }
            Some(i) => Some(name(i)),
            None => {
                let kind = &n.kind.name;
                // `concept "Transparency" transparency`: the identifier after the label.
                let after = n.values.first().and_then(|v| match v.atoms.as_slice() {
                    [Atom::Word(w)] => Some(w.name.clone()),
                    _ => None,
                });
                let help = match (&n.label, after) {
                    (Some(l), Some(id)) => format!(
                        "the identifier comes before the label: `{kind} {id} \"{}\"`",
                        l.value
                    ),
                    _ => format!(
                        "write `{kind} some_name \"Label\"`; the identifier is how other declarations refer to it"
                    ),
                };
                self.push(
                    Diagnostic::new(
                        C::MissingName,
                        n.head_span(),
                        format!("{} `{kind}` needs an identifier", a_or_an(kind)),
                    )
                    .label("no identifier")
                    .help(help),
                );
                None
            }
        }
    }

    fn need_label(&mut self, n: &Node, what: &str) -> Option<Text> {
        self.label_of(n, what).map(text)
    }

    /// A declaration's label, or a diagnostic saying why there is none.
    fn label_of<'n>(&mut self, n: &'n Node, what: &str) -> Option<&'n ast::Str> {
        match &n.label {
            Some(s) if s.value.trim().is_empty() => {
                self.push(empty(s.span.clone(), what));
                None
            }
            Some(s) => Some(s),
            None => {
                let kind = &n.kind.name;
                let id = n.name.as_ref().map_or("name", |i| i.name.as_str());
                // `what` comes with its article ("a label"); "the label", "a quoted label".
                let noun = what
                    .strip_prefix("a ")
                    .or_else(|| what.strip_prefix("an "))
                    .unwrap_or(what);
                // `concept c1 Transparency`: the label was written without quotes.
                if let Some(v) = n.values.first().filter(|v| {
                    v.atoms
                        .iter()
                        .all(|a| matches!(a, Atom::Word(_) | Atom::Number { .. }))
                }) {
                    let words = v
                        .atoms
                        .iter()
                        .map(|a| match a {
                            Atom::Word(w) => w.name.clone(),
                            Atom::Number { text, .. } => text.clone(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.push(
                        Diagnostic::new(
                            C::MissingLabel,
                            v.span.clone(),
                            format!("the {noun} of this `{kind}` must be in quotes"),
                        )
                        .label("not quoted")
                        .help(format!("write `{kind} {id} \"{words}\"`")),
                    );
                    return None;
                }
                self.push(
                    Diagnostic::new(
                        C::MissingLabel,
                        n.head_span(),
                        format!("{} `{kind}` needs {what} in quotes", a_or_an(kind)),
                    )
                    .label(format!("expected a quoted {noun} after this"))
                    .help(format!("write `{kind} {id} \"…\"`")),
                );
                None
            }
        }
    }

    fn no_values(&mut self, n: &Node) {
        if n.label.is_none() || n.name.is_none() {
            // Reported by `need_label` as an unquoted label.
            return;
        }
        if let (Some(a), Some(b)) = (n.values.first(), n.values.last()) {
            let kind = &n.kind.name;
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    a.span.start..b.span.end,
                    format!("unexpected value after the label of this `{kind}`"),
                )
                .label("not expected here")
                .help("properties go inside the block, one per line: `name: value`"),
            );
        }
    }

    fn bad_value(&mut self, p: &Property, expected: &str, example: &str) {
        let key = p.key_text();
        self.push(
            Diagnostic::new(
                C::InvalidValue,
                p.values_span(),
                format!("`{key}` takes {expected}"),
            )
            .label(format!("expected {expected}"))
            .help(format!("for example `{key}: {example}`")),
        );
    }

    /// The one quoted text of the first of `keys` given in `fields`, if any.
    fn text_field(&mut self, fields: &mut Fields<'_>, keys: &[&str], what: &str) -> Option<Text> {
        fields.take(keys).and_then(|p| self.one_text(p, what))
    }

    fn one_text(&mut self, p: &Property, what: &str) -> Option<Text> {
        match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Str(s)] if s.value.trim().is_empty() => {
                    self.push(empty(s.span.clone(), what));
                    None
                }
                [Atom::Str(s)] => Some(text(s)),
                _ => {
                    self.bad_value(p, "a quoted text", "\"…\"");
                    None
                }
            },
            _ => {
                self.bad_value(p, "one quoted text", "\"…\"");
                None
            }
        }
    }

    fn texts(&mut self, p: &Property) -> Vec<Text> {
        let mut out = Vec::new();
        for v in &p.values {
            match v.atoms.as_slice() {
                [Atom::Str(s)] => out.push(text(s)),
                _ => {
                    self.bad_value(p, "quoted texts separated by commas", "\"…\", \"…\"");
                    return Vec::new();
                }
            }
        }
        out
    }

    fn one_name(&mut self, p: &Property) -> Option<Name> {
        match p.values.as_slice() {
            [v] => match reference(&v.atoms) {
                Some(n) => Some(n),
                None => {
                    self.bad_value(p, "a name", "some_name");
                    None
                }
            },
            _ => {
                self.bad_value(p, "one name", "some_name");
                None
            }
        }
    }

    /// Names separated by commas, collected into a `Vec` or (for quotes) a [`Names`].
    fn names<C: FromIterator<Name>>(&mut self, p: &Property) -> C {
        // Exactly as many as written: most lists hold one name, and a `Vec` grown by pushing
        // would reserve four (a quote's `supports` and `phase` were 30 MB of 100k quotes'
        // memory). A `Vec` collects from the exact-size iterator below without reallocating.
        let mut out = Vec::with_capacity(p.values.len());
        for v in &p.values {
            match reference(&v.atoms) {
                Some(n) => out.push(n),
                None => {
                    self.bad_value(p, "names separated by commas", "first_name, second_name");
                    return std::iter::empty().collect();
                }
            }
        }
        out.into_iter().collect()
    }

    fn number(&mut self, p: &Property) -> Option<u32> {
        match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Number { text, .. }] => match text.parse::<u32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        self.bad_value(p, "a whole number", "3");
                        None
                    }
                },
                _ => {
                    self.bad_value(p, "a whole number", "3");
                    None
                }
            },
            _ => {
                self.bad_value(p, "one whole number", "3");
                None
            }
        }
    }

    /// A date from a `2017`, `2017-02` or `2017-02-09` atom.
    fn date_atom(&mut self, a: &Atom) -> Option<Option<Date>> {
        let (year, month, day, span) = match a {
            Atom::Date(d) => (d.year, d.month, d.day, d.span.clone()),
            Atom::Number { text, span }
                if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                (text.parse().unwrap_or(0), None, None, span.clone())
            }
            _ => return None,
        };
        match Date::new(year, month, day) {
            Ok(d) => Some(Some(d)),
            Err(why) => {
                self.push(
                    Diagnostic::new(C::InvalidDate, span, format!("impossible date: {why}"))
                        .label("no such date")
                        .help("dates are written year-month-day: 2019-02-28, or 2019-02, or 2019"),
                );
                Some(None)
            }
        }
    }

    /// A date or a range from one value's atoms. `None` if the atoms are not a date at all;
    /// `Some(None)` if they are, but an invalid one (already reported).
    fn when_atoms(&mut self, atoms: &[Atom]) -> Option<Option<DateRange>> {
        match atoms {
            [Atom::Range(a, b, _)] => {
                let a = self.date_atom(a)?;
                let b = self.date_atom(b)?;
                Some(a.zip(b).map(|(start, end)| DateRange { start, end }))
            }
            [a] => self.date_atom(a).map(|d| d.map(DateRange::single)),
            _ => None,
        }
    }

    fn when(&mut self, p: &Property) -> Option<DateRange> {
        match p.values.as_slice() {
            [v] => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    self.bad_value(p, "a date or a date range", "2017-02-09");
                    None
                }
            },
            _ => {
                self.bad_value(p, "one date or date range", "2017-01 .. 2018-06");
                None
            }
        }
    }

    fn whens(&mut self, p: &Property) -> Vec<DateRange> {
        let mut out = Vec::new();
        for v in &p.values {
            match self.when_atoms(&v.atoms) {
                Some(Some(w)) => out.push(w),
                Some(None) => {}
                None => {
                    self.bad_value(p, "dates separated by commas", "2017-09-30, 2019-12-05");
                    return Vec::new();
                }
            }
        }
        out
    }

    /// The date range written after a declaration's label: `phase p1 "Phase I" 2012 .. 2016-06`.
    fn head_when(&mut self, n: &Node, example: &str) -> Option<DateRange> {
        let kind = &n.kind.name;
        match n.values.as_slice() {
            [v] => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            v.span.clone(),
                            format!(
                                "{} `{kind}` takes a date or a date range after its label",
                                a_or_an(kind)
                            ),
                        )
                        .label("not a date")
                        .help(format!("for example `{example}`")),
                    );
                    None
                }
            },
            [] => {
                self.push(
                    Diagnostic::new(
                        C::MissingProperty,
                        n.head_span(),
                        format!("this `{kind}` has no dates"),
                    )
                    .label("dates expected after the label")
                    .help(format!("for example `{example}`")),
                );
                None
            }
            [_, second, ..] => {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        second.span.clone(),
                        format!("{} `{kind}` takes one date range", a_or_an(kind)),
                    )
                    .label("unexpected")
                    .help(format!("for example `{example}`")),
                );
                None
            }
        }
    }

    fn minutes(&mut self, p: &Property) -> Option<u32> {
        let parsed = match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Number { text, .. }, Atom::Word(unit)] => {
                    let n: f64 = text.parse().unwrap_or(f64::NAN);
                    let per = match unit.name.as_str() {
                        "h" | "hour" | "hours" => 60.0,
                        "min" | "mins" | "minute" | "minutes" => 1.0,
                        _ => f64::NAN,
                    };
                    let m = n * per;
                    (m.is_finite() && m >= 0.0 && m.fract() == 0.0 && m <= f64::from(u32::MAX))
                        .then_some(m as u32)
                }
                _ => None,
            },
            _ => None,
        };
        if parsed.is_none() {
            self.bad_value(p, "a duration in hours or minutes", "1 h");
        }
        parsed
    }

    fn colour(&mut self, p: &Property) -> Option<Colour> {
        let t = self.one_text(p, "a colour")?;
        let hex = t.text.strip_prefix('#').unwrap_or("");
        let ok = hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    t.span,
                    format!("`{}` is not a colour", t.text),
                )
                .label("expected \"#RRGGBB\"")
                .help("write colours as six hexadecimal digits: `colour: \"#4E79A7\"`"),
            );
            return None;
        }
        let byte =
            |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
        Some(Colour([byte(0), byte(2), byte(4)]))
    }

    // ----- declarations -------------------------------------------------------------------

    fn study(&mut self, n: &Node) {
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
        let mut parts = self.parts(n);
        let authors = parts
            .fields
            .take(&["authors", "author"])
            .map(|p| self.texts(p))
            .unwrap_or_default();
        let year = parts.fields.take(&["year"]).and_then(|p| self.number(p));
        let doi = self.text_field(&mut parts.fields, &["doi"], "a DOI");
        self.unknown_properties(parts.fields, "a study", &["authors", "year", "doi"]);
        self.no_children(&parts.nodes, "a study");
        self.maps_not_allowed(&parts.maps, "a study");
        self.cb.study = Some(Study {
            title,
            authors,
            year,
            doi,
            span: n.span.clone(),
        });
    }

    fn maps_not_allowed(&mut self, maps: &[&ast::MapStmt], what: &str) {
        for m in maps {
            self.push(
                Diagnostic::new(
                    C::UnknownDeclaration,
                    m.span.clone(),
                    format!("`map` cannot stand inside {what}"),
                )
                .label("not allowed here")
                .help("write `map` at the top of the file or inside a structure"),
            );
        }
    }

    fn structure(&mut self, n: &Node) {
        let id = self.need_name(n);
        let caption = self.need_label(n, "a caption");
        self.no_values(n);
        let mut parts = self.parts(n);
        let label = self.text_field(&mut parts.fields, &["label"], "a label");
        let note = self.text_field(&mut parts.fields, &["note"], "a note");
        self.unknown_properties(parts.fields, "a structure", &["label", "note"]);
        let (Some(id), Some(caption)) = (id, caption) else {
            return;
        };
        let index = self.cb.structures.len();
        self.cb.structures.push(Structure {
            id,
            caption,
            label,
            note,
            span: n.span.clone(),
        });
        for m in parts.maps {
            self.map(m);
        }
        for child in parts.nodes {
            self.code_or_other(child, index, None);
        }
    }

    fn code_or_other(&mut self, n: &Node, structure: usize, parent: Option<usize>) {
        let kind = n.kind.name.as_str();
        if let Some(level) = self.level_index(kind) {
            self.code(n, level, structure, parent);
        } else if kind == "quote" {
            match parent {
                Some(p) => self.quote(n, Some(p)),
                None => self.push(
                    Diagnostic::new(C::UnknownDeclaration, n.kind.span.clone(), "a quote inside a structure must stand inside the code it supports")
                        .label("not inside a code")
                        .help("move the quote into a concept's block, or to the top of the file with `supports:`"),
                ),
            }
        } else {
            let mut allowed: Vec<&str> = self
                .cb
                .levels
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>();
            allowed.push("quote");
            let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
            let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let place = if parent.is_some() {
                "inside a code"
            } else {
                "inside a structure"
            };
            self.unknown_kind(n, kind, place, &allowed);
        }
    }

    fn code(&mut self, n: &Node, level: usize, structure: usize, parent: Option<usize>) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        self.no_values(n);
        let mut parts = self.parts(n);
        let definition = self.text_field(&mut parts.fields, &["definition"], "a definition");
        let colour = parts
            .fields
            .take(&["colour", "color"])
            .and_then(|p| self.colour(p));
        let mut attributes = Vec::new();
        for p in parts.fields.rest() {
            if p.key.len() != 1 {
                self.push(
                    Diagnostic::new(
                        C::UnknownProperty,
                        p.key_span(),
                        "an attribute's name is one word",
                    )
                    .label("several words")
                    .help("join the words with `_`: `my_attribute: value`"),
                );
                continue;
            }
            let value = p
                .values
                .iter()
                .map(|v| {
                    v.atoms
                        .iter()
                        .map(|a| match a {
                            Atom::Str(s) => s.value.clone(),
                            Atom::Number { text, .. } => text.clone(),
                            Atom::Date(d) => Date::new(d.year, d.month, d.day)
                                .map(Date::iso)
                                .unwrap_or_default(),
                            Atom::Range(..) => String::new(),
                            Atom::Word(w) => w.name.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(", ");
            attributes.push(Attribute {
                key: name(&p.key[0]),
                value,
            });
        }
        for m in parts.maps {
            self.map(m);
        }
        let (Some(id), Some(label)) = (id, label) else {
            // Children are still worth checking.
            for child in parts.nodes {
                self.code_or_other(child, structure, None);
            }
            return;
        };
        let index = self.cb.codes.len();
        self.cb.codes.push(Code {
            id,
            label,
            level,
            structure,
            nested_in: parent,
            definition,
            colour,
            attributes,
            span: n.span.clone(),
        });
        for child in parts.nodes {
            self.code_or_other(child, structure, Some(index));
        }
    }

    fn actor(&mut self, n: &Node, member_of: Option<usize>) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a name");
        self.no_values(n);
        let mut parts = self.parts(n);
        let abbreviation = self.text_field(
            &mut parts.fields,
            &["abbreviation", "abbr"],
            "an abbreviation",
        );
        let description = self.text_field(&mut parts.fields, &["description"], "a description");
        self.unknown_properties(parts.fields, "an actor", &["abbreviation", "description"]);
        self.maps_not_allowed(&parts.maps, "an actor");
        let index = match (id, label) {
            (Some(id), Some(label)) => {
                self.cb.actors.push(Actor {
                    id,
                    label,
                    abbreviation,
                    description,
                    member_of,
                    span: n.span.clone(),
                });
                Some(self.cb.actors.len() - 1)
            }
            _ => None,
        };
        for child in parts.nodes {
            if child.kind.name == "member" && member_of.is_none() {
                if let Some(i) = index {
                    self.actor(child, Some(i));
                }
            } else if child.kind.name == "member" {
                self.push(
                    Diagnostic::new(
                        C::UnknownDeclaration,
                        child.kind.span.clone(),
                        "a member cannot have members of its own",
                    )
                    .label("nested too deep")
                    .help("declare it as a member of the organisation itself"),
                );
            } else {
                self.unknown_kind(child, &child.kind.name, "inside an actor", &["member"]);
            }
        }
    }

    fn group(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = match &n.label {
            Some(s) if s.value.trim().is_empty() => {
                self.push(empty(s.span.clone(), "a group label"));
                None
            }
            Some(s) => Some(text(s)),
            None => None,
        };
        self.no_values(n);
        let mut parts = self.parts(n);
        let members = parts.fields.take(&["members"]).map(|p| self.names(p));
        self.unknown_properties(parts.fields, "a group", &["members"]);
        self.no_children(&parts.nodes, "a group");
        self.maps_not_allowed(&parts.maps, "a group");
        let Some(id) = id else { return };
        let Some(members) = members else {
            self.push(
                Diagnostic::new(
                    C::MissingProperty,
                    n.head_span(),
                    format!("the group `{}` has no members", id.id),
                )
                .label("no `members:`")
                .help("list its actors: `members: hc, hi1`"),
            );
            return;
        };
        self.cb.groups.push(Group {
            id,
            label,
            members,
            span: n.span.clone(),
        });
    }

    fn round(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        self.no_values(n);
        let mut parts = self.parts(n);
        let when = parts
            .fields
            .take(&["date", "dates", "year"])
            .and_then(|p| self.when(p));
        let total = parts.fields.take(&["total"]).and_then(|p| self.total(p));
        self.unknown_properties(parts.fields, "a round", &["date", "total"]);
        self.no_children(&parts.nodes, "a round");
        if let (Some(id), Some(label)) = (id, label) {
            self.cb.rounds.push(Round {
                id,
                label,
                when,
                total,
                span: n.span.clone(),
            });
        }
    }

    fn total(&mut self, p: &Property) -> Option<Total> {
        let mut items = Vec::new();
        for v in &p.values {
            let item = match v.atoms.as_slice() {
                [Atom::Number { text, .. }, Atom::Word(unit)] => {
                    let amount: f64 = text.parse().unwrap_or(f64::NAN);
                    let (unit_kind, per) = match unit.name.as_str() {
                        "interview" | "interviews" => (Some(Unit::Interviews), 1.0),
                        "recurring" => (Some(Unit::Recurring), 1.0),
                        "document" | "documents" => (Some(Unit::Documents), 1.0),
                        "page" | "pages" => (Some(Unit::Pages), 1.0),
                        "observation" | "observations" => (Some(Unit::Observations), 1.0),
                        "h" | "hour" | "hours" => (Some(Unit::Minutes), 60.0),
                        "min" | "minutes" => (Some(Unit::Minutes), 1.0),
                        _ => (None, 1.0),
                    };
                    let value = amount * per;
                    match unit_kind {
                        Some(u) if value.is_finite() && value.fract() == 0.0 && value >= 0.0 => {
                            Some(TotalItem {
                                amount: value as u64,
                                unit: u,
                                written: format!("{text} {}", unit.name),
                                span: v.span.clone(),
                            })
                        }
                        Some(_) => None,
                        None => {
                            let units = [
                                "interviews",
                                "recurring",
                                "documents",
                                "pages",
                                "observations",
                                "h",
                                "min",
                            ];
                            let help = did_you_mean(&unit.name, units).unwrap_or_else(|| {
                                format!("a total counts one of: {}", units.join(", "))
                            });
                            self.push(
                                Diagnostic::new(
                                    C::InvalidValue,
                                    unit.span.clone(),
                                    format!("`{}` is not something a total can count", unit.name),
                                )
                                .label("unknown unit")
                                .help(help),
                            );
                            return None;
                        }
                    }
                }
                _ => None,
            };
            match item {
                Some(i) => items.push(i),
                None => {
                    self.bad_value(p, "amounts with their unit", "81 documents, 652 pages");
                    return None;
                }
            }
        }
        Some(Total {
            items,
            span: p.span.clone(),
        })
    }

    fn source(&mut self, n: &Node, kind: SourceKind) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a description");
        self.no_values(n);
        let mut parts = self.parts(n);
        let count = parts.fields.take(&["count"]).and_then(|p| self.number(p));
        let role = self.text_field(&mut parts.fields, &["role"], "a role");
        let actor = parts.fields.take(&["actor"]).and_then(|p| self.one_name(p));
        let round = parts.fields.take(&["round"]).and_then(|p| self.one_name(p));
        let of_kind = self.text_field(&mut parts.fields, &["kind"], "a kind");
        let when = parts
            .fields
            .take(&["date", "dates", "year"])
            .map(|p| self.whens(p))
            .unwrap_or_default();
        let duration = parts
            .fields
            .take(&["duration"])
            .and_then(|p| self.minutes(p));
        let pages = parts.fields.take(&["pages"]).and_then(|p| self.number(p));
        let participants = parts
            .fields
            .take(&["participants"])
            .map(|p| {
                let mut out = Vec::new();
                for v in &p.values {
                    match v.atoms.as_slice() {
                        [Atom::Word(w)] => out.push(Participant::Ref(name(w))),
                        [Atom::Str(s)] => out.push(Participant::Text(text(s))),
                        _ => {
                            self.bad_value(
                                p,
                                "actors or quoted texts",
                                "hc, hi1, \"evaluation institute\"",
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            })
            .unwrap_or_default();
        let allowed: &[&str] = match kind {
            SourceKind::Interview => &["count", "role", "actor", "round", "date", "duration"],
            SourceKind::Document => &["count", "kind", "actor", "date", "pages"],
            SourceKind::Observation => &["count", "kind", "date", "duration", "participants"],
        };
        let what = format!("{} {}", a_or_an(kind.word()), kind.word());
        self.unknown_properties(parts.fields, &what, allowed);
        self.no_children(&parts.nodes, &what);
        if let Some(k) = count.filter(|k| *k > 1 && when.len() > 1 && when.len() != *k as usize) {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    format!(
                        "this declaration stands for {k} sources but gives {} dates",
                        when.len()
                    ),
                )
                .label("count and dates disagree")
                .help("give one date per source, or one date (or range) for all of them"),
            );
        }
        if count == Some(0) {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "a source declared with `count: 0` stands for nothing",
                )
                .label("count of zero")
                .help("remove the declaration, or give the number of sources it stands for"),
            );
        }
        let (Some(id), Some(label)) = (id, label) else {
            return;
        };
        self.cb.sources.push(Source {
            id,
            kind,
            label,
            count: count.unwrap_or(1),
            role,
            actor,
            round,
            of_kind,
            when,
            duration,
            pages,
            participants,
            span: n.span.clone(),
        });
    }

    fn attribution(&mut self, p: &Property, person: bool) -> Option<Attribution> {
        let example = if person {
            "\"community worker\", 2017"
        } else {
            "\"minutes\", 2017-02-09"
        };
        let mut values = p.values.iter();
        let first = values.next();
        let who = match first.map(|v| v.atoms.as_slice()) {
            Some([Atom::Str(s)]) if !s.value.trim().is_empty() => text(s),
            _ => {
                let expected = if person {
                    "a quoted role and a year or date"
                } else {
                    "a quoted kind of document and its date"
                };
                self.bad_value(p, expected, example);
                return None;
            }
        };
        let when = match values.next() {
            Some(v) => match self.when_atoms(&v.atoms) {
                Some(w) => w,
                None => {
                    self.bad_value(p, "a role and then a year or a date", example);
                    return None;
                }
            },
            None => None,
        };
        if values.next().is_some() {
            self.bad_value(p, "two values: who, and when", example);
            return None;
        }
        Some(if person {
            Attribution::Person { role: who, when }
        } else {
            Attribution::Document { kind: who, when }
        })
    }

    fn quote(&mut self, n: &Node, nested_in: Option<usize>) {
        let id = n.name.as_ref().map(name);
        let quote_text = self
            .label_of(n, "text")
            .map(|s| match self.drop_quote_texts {
                false => text(s),
                true => Text {
                    text: String::new(),
                    span: s.span.clone(),
                },
            });
        self.no_values(n);
        let mut parts = self.parts(n);
        let by = parts
            .fields
            .take(&["by"])
            .and_then(|p| self.attribution(p, true));
        let from = parts
            .fields
            .take(&["from"])
            .and_then(|p| self.attribution(p, false));
        let source = parts
            .fields
            .take(&["source"])
            .and_then(|p| self.one_name(p));
        let mut supports: Names = parts
            .fields
            .take(&["supports"])
            .map(|p| self.names(p))
            .unwrap_or_default();
        let phases: Names = parts
            .fields
            .take(&["phase", "phases"])
            .map(|p| self.names(p))
            .unwrap_or_default();
        let actor = parts.fields.take(&["actor"]).and_then(|p| self.one_name(p));
        let date = parts.fields.take(&["date"]).and_then(|p| self.when(p));
        let representative = parts
            .fields
            .take(&["representative"])
            .and_then(|p| self.yes_no(p));
        self.unknown_properties(
            parts.fields,
            "a quote",
            &[
                "by",
                "from",
                "source",
                "supports",
                "phase",
                "actor",
                "date",
                "representative",
            ],
        );
        self.no_children(&parts.nodes, "a quote");
        if let (Some(Attribution::Person { role, .. }), Some(Attribution::Document { kind, .. })) =
            (&by, &from)
        {
            self.push(
                Diagnostic::new(C::InvalidValue, kind.span.clone(), "a quote is attributed either to a person (`by:`) or to a document (`from:`), not both")
                    .label("second attribution")
                    .with(role.span.clone(), "first attribution")
                    .help("keep the one the paper prints"),
            );
        }
        if let Some(parent) = nested_in.and_then(|i| self.cb.codes.get(i)) {
            supports.insert(
                0,
                Name {
                    id: parent.id.id.clone(),
                    span: n.kind.span.clone(),
                },
            );
        }
        let Some(quote_text) = quote_text else { return };
        self.cb.quotes.push(Quote {
            id: id.map(Box::new),
            text: quote_text,
            attribution: by.or(from).map(Box::new),
            source,
            supports,
            phases,
            actor: actor.map(Box::new),
            date,
            representative,
            span: n.span.clone(),
        });
    }

    fn yes_no(&mut self, p: &Property) -> Option<bool> {
        let answer = match p.values.as_slice() {
            [v] => match v.atoms.as_slice() {
                [Atom::Word(w)] if matches!(w.name.as_str(), "yes" | "true") => Some(true),
                [Atom::Word(w)] if matches!(w.name.as_str(), "no" | "false") => Some(false),
                _ => None,
            },
            _ => None,
        };
        if answer.is_none() {
            self.bad_value(p, "yes or no", "yes");
        }
        answer
    }

    fn phase(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let range = self.head_when(n, "phase p1 \"Phase I\" 2012 .. 2016-06");
        let mut parts = self.parts(n);
        let description = self.text_field(&mut parts.fields, &["description"], "a description");
        self.unknown_properties(parts.fields, "a phase", &["description"]);
        self.no_children(&parts.nodes, "a phase");
        if let (Some(id), Some(label), Some(range)) = (id, label, range) {
            self.cb.phases.push(Phase {
                id,
                label,
                range,
                description,
                span: n.span.clone(),
            });
        }
    }

    fn turning_point(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let when = self.head_when(n, "turning point tp1 \"Funding granted\" 2016-06");
        let mut parts = self.parts(n);
        let description = self.text_field(&mut parts.fields, &["description"], "a description");
        self.unknown_properties(parts.fields, "a turning point", &["description"]);
        self.no_children(&parts.nodes, "a turning point");
        if let (Some(id), Some(label), Some(when)) = (id, label, when) {
            self.cb.turning_points.push(TurningPoint {
                id,
                label,
                when,
                description,
                span: n.span.clone(),
            });
        }
    }

    fn period(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a label");
        let range = self.head_when(
            n,
            "period retrospective \"Retrospective data\" 2012 .. 2014",
        );
        let parts = self.parts(n);
        self.unknown_properties(parts.fields, "a period", &[]);
        self.no_children(&parts.nodes, "a period");
        if let (Some(id), Some(label), Some(range)) = (id, label, range) {
            self.cb.periods.push(Period {
                id,
                label,
                range,
                span: n.span.clone(),
            });
        }
    }

    fn matrix(&mut self, n: &Node) {
        let id = self.need_name(n);
        let caption = self.need_label(n, "a caption");
        self.no_values(n);
        let mut parts = self.parts(n);
        let label = self.text_field(&mut parts.fields, &["label"], "a label");
        let note = self.text_field(&mut parts.fields, &["note"], "a note");
        let heading = self.text_field(&mut parts.fields, &["heading"], "a heading");
        self.unknown_properties(parts.fields, "a matrix", &["label", "note", "heading"]);
        self.maps_not_allowed(&parts.maps, "a matrix");
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        let mut columns_seen: Option<ast::Span> = None;
        for child in parts.nodes {
            match child.kind.name.as_str() {
                "columns" => {
                    if let Some(first) = &columns_seen {
                        let first = first.clone();
                        self.push(
                            Diagnostic::new(C::DuplicateDefinition, child.kind.span.clone(), "the matrix's columns are declared twice")
                                .label("second `columns` block")
                                .with(first, "first here")
                                .help("declare all columns in one `columns { ... }` block, one phase per line"),
                        );
                        continue;
                    }
                    columns_seen = Some(child.kind.span.clone());
                    columns = self.matrix_columns(child);
                }
                "row" => {
                    if let Some(r) = self.matrix_row(child) {
                        rows.push(r);
                    }
                }
                other => self.unknown_kind(child, other, "inside a matrix", &["columns", "row"]),
            }
        }
        let (Some(id), Some(caption)) = (id, caption) else {
            return;
        };
        if columns_seen.is_none() {
            self.push(
                Diagnostic::new(
                    C::MissingProperty,
                    n.head_span(),
                    format!("the matrix `{}` has no columns", id.id),
                )
                .label("no `columns` block")
                .help("add `columns { p1: group_a, group_b }`, one phase per line"),
            );
        }
        self.cb.matrices.push(Matrix {
            id,
            caption,
            label,
            note,
            heading,
            columns,
            rows,
            span: n.span.clone(),
        });
    }

    fn matrix_columns(&mut self, n: &Node) -> Vec<ColumnGroup> {
        if n.name.is_some() || n.label.is_some() || !n.values.is_empty() {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "`columns` takes a block only",
                )
                .label("unexpected")
                .help("write `columns {`, then one line per phase: `p1: group_a, group_b`"),
            );
        }
        let parts = self.parts(n);
        self.no_children(&parts.nodes, "a `columns` block");
        let mut out = Vec::new();
        for p in parts.fields.rest() {
            let [phase] = p.key.as_slice() else {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.key_span(),
                        "a line of `columns` starts with one phase",
                    )
                    .label("expected a phase")
                    .help("write `p1: group_a, group_b`"),
                );
                continue;
            };
            let mut cols = Vec::new();
            for v in &p.values {
                let col = match v.atoms.as_slice() {
                    [Atom::Word(g)] => Some((name(g), 1)),
                    [Atom::Word(g), Atom::Word(s), Atom::Number { text, .. }]
                        if s.name == "split" =>
                    {
                        match text.parse::<u32>() {
                            Ok(k) if (2..=16).contains(&k) => Some((name(g), k)),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match col {
                    Some((group, split)) => cols.push(Column {
                        group,
                        split,
                        span: v.span.clone(),
                    }),
                    None => self.push(
                        Diagnostic::new(C::InvalidValue, v.span.clone(), "a column is an actor group, optionally split into sub-columns")
                            .label("not a column")
                            .help("write `group_a`, or `group_a split 2` for a column of two sub-columns (2 to 16)"),
                    ),
                }
            }
            out.push(ColumnGroup {
                phase: name(phase),
                columns: cols,
                span: p.span.clone(),
            });
        }
        out
    }

    fn matrix_row(&mut self, n: &Node) -> Option<Row> {
        let code = self.need_name(n);
        if n.label.is_some() || !n.values.is_empty() {
            self.push(
                Diagnostic::new(
                    C::InvalidValue,
                    n.head_span(),
                    "a row names a code and takes no label",
                )
                .label("unexpected")
                .help("write `row mode {`; the row's heading is the code's label"),
            );
        }
        let parts = self.parts(n);
        self.no_children(&parts.nodes, "a matrix row");
        let mut cells = Vec::new();
        for p in parts.fields.rest() {
            let [phase, group] = p.key.as_slice() else {
                self.push(
                    Diagnostic::new(
                        C::InvalidValue,
                        p.key_span(),
                        "a cell is named by a phase and an actor group",
                    )
                    .label("expected a phase and a group")
                    .help("write `p1 hc_hi1: exclusive` or `p1 hc_hi1: \"text\"`"),
                );
                continue;
            };
            let mut values = Vec::new();
            for v in &p.values {
                match v.atoms.as_slice() {
                    [Atom::Word(w)] => values.push(CellValue::Code(name(w))),
                    [Atom::Str(s)] if s.value.trim().is_empty() => {
                        self.push(empty(s.span.clone(), "a cell text"))
                    }
                    [Atom::Str(s)] => values.push(CellValue::Text(text(s))),
                    _ => self.push(
                        Diagnostic::new(
                            C::InvalidValue,
                            v.span.clone(),
                            "a cell holds a code's name or a quoted text",
                        )
                        .label("not a cell value")
                        .help("write `inclusive` or `\"Converged objectives\"`"),
                    ),
                }
            }
            cells.push(Cell {
                phase: name(phase),
                group: name(group),
                values,
                span: p.span.clone(),
            });
        }
        Some(Row {
            code: code?,
            cells,
            span: n.span.clone(),
        })
    }
}

fn empty(span: ast::Span, what: &str) -> Diagnostic {
    Diagnostic::new(C::EmptyText, span, format!("{what} cannot be empty"))
        .label("empty")
        .help("write the text between the quotes, or remove the line")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
