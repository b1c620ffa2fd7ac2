//! Syntax tree to model: give each declaration and property its meaning.
//!
//! Reports what is wrong in the *form* of a declaration (an unknown kind, a missing label, a
//! value of the wrong shape, an impossible date) and carries on, so every problem of a file is
//! reported in one run. References between declarations are resolved later, in `check`.

use super::schema;
use super::*;
use crate::diagnostics::Hint;
use crate::diagnostics::{Diagnostic, DiagnosticCode as C, did_you_mean};
use crate::syntax::ast::{self, Atom, Node, Property, Statement};
use std::collections::HashMap;

mod actors;
mod matrix;
mod names;
mod quote;
mod sources;
mod structure;
mod time;
mod top;
mod values;

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

    /// The codebook lowered from every statement, and what lowering reported.
    pub fn finish(mut self) -> (Codebook, Vec<Diagnostic>) {
        self.lx.level_typos();
        let mut diags = self.lx.diags;
        if self.lx.dropped > 0 {
            diags.push(crate::diagnostics::not_kept(self.lx.dropped, 0));
        }
        (self.lx.cb, diags)
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
    /// Diagnostics past [`crate::diagnostics::MAX_KEPT`], counted.
    dropped: usize,
    /// Per level, whether a code was declared with the level's own word.
    level_used: Vec<bool>,
    /// Per level, where its word stands in the `levels` line.
    level_words: Vec<Span>,
    /// Codes declared with a near miss of a level's word (`category` where the `levels` line
    /// says `categroy`), lowered as that level's codes; see [`Lowerer::level_typos`].
    near_levels: Vec<NearLevel>,
}

/// A word that declared codes and is a near miss of a level's word, with where it was used.
struct NearLevel {
    written: String,
    level: usize,
    uses: Vec<(Span, Option<Hint>)>,
}

/// The kinds of declaration a file may hold at its top level (codes go inside a `structure`).
pub const TOP_KINDS: &[&str] = &[
    "study",
    "structure",
    "actor",
    "group",
    "interview",
    "document",
    "observation",
    "focus group",
    "round",
    "quote",
    "phase",
    "turning point",
    "period",
    "matrix",
];

/// A declaration's properties, each taken at most once.
///
/// The properties its [`schema::Declaration`] lists are found by name or alias; the others
/// (the attributes of a code, the cells of a matrix's columns and rows, which have no
/// declaration) are kept in the order written. What no lowering takes is reported by
/// [`Lowerer::leftovers`]: nothing is silently ignored.
struct Fields<'a> {
    spec: Option<&'static schema::Declaration>,
    /// By the index of the property in `spec`.
    known: Vec<Option<&'a Property>>,
    other: Vec<&'a Property>,
}

impl<'a> Fields<'a> {
    /// The property called `name` (its name in the schema), unless the declaration does not
    /// list it or it was not given.
    fn take(&mut self, name: &str) -> Option<&'a Property> {
        let i = self.spec?.properties.iter().position(|p| p.name == name)?;
        self.known.get_mut(i)?.take()
    }

    fn rest(self) -> impl Iterator<Item = &'a Property> {
        let mut rest: Vec<&'a Property> = self.known.into_iter().flatten().collect();
        rest.extend(self.other);
        rest.sort_by_key(|p| p.span.start);
        rest.into_iter()
    }
}

struct Parts<'a> {
    fields: Fields<'a>,
    nodes: Vec<&'a Node>,
    maps: Vec<&'a ast::MapStmt>,
}

/// `supports transparency`, `by "manager"`: a declaration without a block that is most likely
/// a property written without its colon; the help shows the line with it.
fn colon_help(n: &Node) -> Option<Hint> {
    // The values after the label (`by "GP 4" 2021`), each a value of the property's own.
    let values = n.values.iter().map(|v| {
        v.atoms
            .iter()
            .map(values::atom_text)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let value = match (&n.name, &n.label, &n.block) {
        (Some(v), None, None) if n.values.is_empty() => v.name.to_string(),
        (None, Some(l), None) => {
            let mut shown: String = l.value.chars().take(40).collect();
            if shown.len() < l.value.len() {
                shown.push('…');
            }
            std::iter::once(format!("\"{shown}\""))
                .chain(values)
                .collect::<Vec<_>>()
                .join(", ")
        }
        // `count 20`
        (None, None, None) if !n.values.is_empty() => values.collect::<Vec<_>>().join(", "),
        _ => return None,
    };
    // The suggestion replaces the kind, which the diagnostic points at: only where the colon
    // is all the fix (not a comma between a label and a value too).
    let only_colon = n.label.is_none() || n.values.is_empty();
    Some(Hint {
        text: format!(
            "a property is written with a colon: `{}: {value}`",
            n.kind.name
        ),
        suggestion: only_colon.then(|| format!("{}:", n.kind.name)),
    })
}

/// An identifier as the model holds it: in Unicode's composed form (`names::nfc`).
fn name(i: &ast::Ident) -> Name {
    Name {
        id: names::nfc(&i.name),
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
            id: names::nfc(&s.value),
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
                id: names::nfc(&id),
                span: first.span().start..last.span().end,
            })
        }
        _ => None,
    }
}

/// The identifiers of the declarations nested in `n` (and its own).
fn unread_names(n: &Node, out: &mut Vec<String>) {
    if let Some(i) = &n.name {
        out.push(i.name.to_string());
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

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl Lowerer {
    fn push(&mut self, d: Diagnostic) {
        if self.diags.len() < crate::diagnostics::MAX_KEPT {
            self.diags.push(d);
        } else {
            self.dropped += 1;
        }
    }

    /// Sort a declaration's block into its properties (read through `spec`), the
    /// declarations nested in it, and its `map` lines. A property `spec` does not list is
    /// reported here (unless the declaration is open to attributes of the author's own), and
    /// so is a property given twice, under its name or an alias.
    fn parts<'a>(&mut self, n: &'a Node, spec: Option<&'static schema::Declaration>) -> Parts<'a> {
        let mut known: Vec<Option<&'a Property>> =
            vec![None; spec.map_or(0, |s| s.properties.len())];
        let mut other: Vec<&'a Property> = Vec::new();
        // One-word keys of `other`, for repeats: a block may hold many (a matrix row's cells).
        let mut seen: HashMap<&'a str, &'a Property> = HashMap::new();
        let mut nodes = Vec::new();
        let mut maps = Vec::new();
        for s in n.children() {
            match s {
                Statement::Property(p) => {
                    let words = p.key_text();
                    let key = match p.key.as_slice() {
                        [key] => key.name.as_str(),
                        // A property of several words the declaration lists (`also under`).
                        _ if spec.is_some_and(|d| d.property(&words).is_some()) => {
                            spec.and_then(|d| d.property(&words)).map_or("", |q| q.name)
                        }
                        // Cells (`p1 hc: ...`) have two-word keys; a repeated cell is the
                        // checker's `duplicate_cell`.
                        _ => {
                            other.push(p);
                            continue;
                        }
                    };
                    let slot = spec.and_then(|d| {
                        d.properties
                            .iter()
                            .position(|q| q.name == key || q.aliases.contains(&key))
                    });
                    let first = match (slot, spec) {
                        (Some(i), _) => match known.get_mut(i) {
                            Some(Some(first)) => Some(*first),
                            Some(free) => {
                                *free = Some(p);
                                None
                            }
                            None => None,
                        },
                        (None, Some(d)) if !d.open => {
                            self.unknown_property(p, d);
                            None
                        }
                        _ => match seen.get(key) {
                            Some(first) => Some(*first),
                            None => {
                                seen.insert(key, p);
                                other.push(p);
                                None
                            }
                        },
                    };
                    if let Some(first) = first {
                        let name = slot
                            .and_then(|i| spec.and_then(|d| d.properties.get(i)))
                            .map_or(key, |q| q.name);
                        self.repeated(p, first, name);
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
            fields: Fields { spec, known, other },
            nodes,
            maps,
        }
    }

    /// A property given a second time (perhaps under another spelling).
    fn repeated(&mut self, again: &Property, first: &Property, name: &str) {
        let (a, b) = (again.key_text(), first.key_text());
        let message = if a == b {
            format!("`{a}` is given twice")
        } else {
            format!("`{name}` is given twice: as `{b}` and as `{a}`")
        };
        self.push(
            Diagnostic::new(C::DuplicateProperty, again.key_span(), message)
                .label("again here")
                .with(first.key_span(), "first given here")
                .help("give each property once; list several values with commas"),
        );
    }

    /// A property the declaration does not list.
    fn unknown_property(&mut self, p: &Property, d: &schema::Declaration) {
        let key = p.key_text();
        // `table number:` in the study: a property of another kind of declaration.
        if let Some(elsewhere) = of_another_kind(p, &key, d) {
            self.push(elsewhere);
            return;
        }
        let help = did_you_mean(&key, d.spellings()).unwrap_or_else(|| {
            Hint::from(if d.properties.is_empty() {
                format!("{} takes no properties", d.what)
            } else {
                format!("{} takes: {}", d.what, d.list())
            })
        });
        self.push(
            Diagnostic::new(
                C::UnknownProperty,
                p.key_span(),
                format!("unknown property `{key}` in {}", d.what),
            )
            .label("not known here")
            .help(help),
        );
    }

    /// Report what no lowering took: properties of several words (only matrix cells have
    /// them), and any the schema lists that the lowering of the declaration does not read.
    fn leftovers(&mut self, fields: Fields<'_>) {
        let Some(d) = fields.spec else { return };
        for p in fields.rest() {
            self.unknown_property(p, d);
        }
    }

    fn no_children(&mut self, nodes: &[&Node], what: &str) {
        for n in nodes {
            let colon = colon_help(n);
            // `role "GP"`: a property's name, which no declaration's kind is.
            let property = colon.is_some()
                && schema::DECLARATIONS
                    .iter()
                    .any(|d| d.spellings().any(|s| s == n.kind.name));
            let message = if property {
                format!("a colon is missing after `{}`", n.kind.name)
            } else {
                format!("{what} cannot hold a `{}` declaration", n.kind.name)
            };
            let help = colon.unwrap_or_else(|| "move it out of this block".into());
            self.push(
                Diagnostic::new(C::UnknownDeclaration, n.kind.span.clone(), message)
                    .label(if property {
                        "a colon is missing after this"
                    } else {
                        "not allowed here"
                    })
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
                            "`{}` is not an identifier: {}{}",
                            i.name,
                            crate::syntax::IDENTIFIER_RULE,
                            // A blank that looks like a space, which the grammar reads as one.
                            match (i.name.contains('\u{A0}'), i.name.contains('\u{202F}')) {
                                (true, _) => " (the blank in it is a non-breaking space, U+00A0)",
                                (_, true) => " (the blank in it is a narrow non-breaking space, U+202F)",
                                _ => "",
                            }
                        ),
                    )
                    .label("not an identifier")
                    .help(format!(
                        "write `{} {fixed}`, and refer to it as `{fixed}`; until then the check reads it as `{fixed}`, and other messages call it so",
                        n.kind.name
                    )),
                );
                Some(Name {
                    id: names::nfc(&fixed),
                    span: i.span.clone(),
                })
            }
            Some(i) => {
                let declared = name(i);
                if let Some(d) = names::mixed_script_confusables(&declared.id, i.span.clone()) {
                    self.push(d);
                }
                Some(declared)
            }
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

    /// A declaration's label. Where it is missing, empty or unquoted (reported by
    /// [`Lowerer::label_of`]), a named declaration is still kept, labelled with the words
    /// written or its identifier, so that what refers to it is not reported as unknown too.
    fn need_label(&mut self, n: &Node, what: &str) -> Option<Text> {
        if let Some(s) = self.label_of(n, what) {
            return Some(text(s));
        }
        let id = n.name.as_ref()?;
        Some(unquoted_label(n).unwrap_or_else(|| Text {
            text: id.name.to_string(),
            span: id.span.clone(),
        }))
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
                if let Some(Text { text: words, span }) = unquoted_label(n) {
                    self.push(
                        Diagnostic::new(
                            C::MissingLabel,
                            span,
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
}

/// The words of a label written without quotes (`concept c1 Transparency`), if the first value
/// after the identifier is words and numbers only.
fn unquoted_label(n: &Node) -> Option<Text> {
    let v = n.values.first()?;
    let words: Vec<&str> = v
        .atoms
        .iter()
        .map(|a| match a {
            Atom::Word(w) => Some(w.name.as_str()),
            Atom::Number { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some(Text {
        text: words.join(" "),
        span: v.span.clone(),
    })
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

/// The error for `written`, a property of other kinds of declaration than `spec` (`quote
/// heading:` in a theme, `table number:` in the study, `full stop:` in a code, which a study
/// and a quote take), naming where it belongs; `None` where no other kind takes it.
fn of_another_kind(p: &Property, written: &str, spec: &schema::Declaration) -> Option<Diagnostic> {
    let all: Vec<(&schema::Declaration, &schema::Property)> = schema::DECLARATIONS
        .iter()
        .filter(|d| d.kind != spec.kind)
        .filter_map(|d| d.property(written).map(|prop| (*d, prop)))
        .collect();
    if all.is_empty() {
        return None;
    }
    let whats: Vec<&str> = all.iter().map(|(d, _)| d.what).collect();
    let kinds: Vec<&str> = all.iter().map(|(d, _)| d.kind).collect();
    let examples: Vec<String> = all
        .iter()
        .map(|(d, prop)| format!("`{} … {{ {}: {} }}`", d.kind, prop.name, prop.example))
        .collect();
    let what = whats.join(" or of ");
    Some(
        Diagnostic::new(
            C::UnknownProperty,
            p.key_span(),
            format!("`{written}` is a property of {what}, not of {}", spec.what),
        )
        .label(format!("belongs to {}", whats.join(" or ")))
        .help(format!(
            "move it into the block of the {} it belongs to: {}",
            kinds.join(" or the "),
            examples.join(" or ")
        )),
    )
}
