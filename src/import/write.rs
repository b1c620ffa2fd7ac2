//! A [`Study`] as codebook text.
//!
//! Levels come from the code sets when the file has one set per level (as `codebook` writes
//! them; see `set_levels`), so that a code without subcodes higher up keeps its level.
//! Otherwise levels follow the nesting depth: the deepest codes' depth gives the number of levels, the
//! lowest level holds the codes without subcodes. A code tree of uneven depth is mapped as
//! well as the language allows (a level's codes group codes of the level just below): a code
//! without subcodes that ends higher up keeps its depth's level when quotes are coded on it (a
//! theme complete through its own quotes); without quotes it is still a lowest-level code, and
//! codes marked `added on import` (with its label) carry it down from where it sits. Quotes coded on a code
//! that has subcodes support a new lowest-level code below it, "… (coded directly)".
//!
//! Identifiers are made from names: lower case, runs of anything but letters and digits as
//! one `_`, at most [`MAX_ID_CHARS`] characters, unique in the file (`_2`, `_3`, ...), and
//! valid per the grammar's `ident` rule (the same Unicode tables decide).

use super::{Dropped, ICode, Remark, Study, Warning};
use crate::model::{DEFAULT_LEVELS, RESERVED, SourceKind};
use crate::words::{count, pick};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The longest identifier made from a name.
pub const MAX_ID_CHARS: usize = 40;

/// An identifier made from `label`; `fallback` when nothing of it is usable, and as a prefix
/// when it would start with something an identifier cannot start with (a digit).
pub fn slug(label: &str, fallback: &str) -> String {
    let mut s = String::new();
    let mut gap = false;
    // Whether the gap holds more than a hyphen or an apostrophe: a gap between words, where a
    // long identifier is cut (`sub-themes` is one word).
    let mut between_words = false;
    // Where each `_` that stands between words is, in `s`.
    let mut word_ends = Vec::new();
    for ch in label.chars() {
        for lc in ch.to_lowercase() {
            if lc != '_' && pest::unicode::XID_CONTINUE(lc) {
                if gap && !s.is_empty() {
                    if between_words {
                        word_ends.push(s.len());
                    }
                    s.push('_');
                }
                gap = false;
                between_words = false;
                s.push(lc);
            } else {
                gap = true;
                between_words |= !matches!(lc, '-' | '‐' | '‑' | '\'' | '’');
            }
        }
    }
    if s.chars().count() > MAX_ID_CHARS {
        let head: String = s.chars().take(MAX_ID_CHARS + 1).collect();
        // Cut at the last boundary between words if that keeps at least half the length
        // (`sub-themes` stays whole); else at the last `_` (a hyphenated code such as a GUID).
        let cut = word_ends
            .iter()
            .rev()
            .copied()
            .find(|&c| c >= MAX_ID_CHARS / 2 && c < head.len())
            .or_else(|| head.rfind('_').filter(|c| *c > 0));
        s = match cut {
            Some(cut) => head[..cut].to_string(),
            None => head.chars().take(MAX_ID_CHARS).collect(),
        };
    }
    if s.is_empty() {
        return fallback.to_string();
    }
    match s.chars().next() {
        Some(first) if pest::unicode::XID_START(first) => s,
        _ => format!("{fallback}_{s}"),
    }
}

/// Whether `s` is an identifier (the grammar's `ident` rule).
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(pest::unicode::XID_START) && chars.all(pest::unicode::XID_CONTINUE)
}

/// What the description `codebook` writes for a declared source says (`interview `id`: label;
/// actor; round; stands for 3 interviews`): its identifier, and the details after its label.
/// `None` for any other text.
fn source_description(src: &super::ISource) -> Option<(&str, Vec<&str>)> {
    let d = src.description.as_deref()?;
    let rest = d.strip_prefix(src.kind.word())?.strip_prefix(" `")?;
    let (id, details) = rest.split_once("`: ")?;
    let mut parts = details.split("; ");
    let label = parts.next()?;
    // A label repeated among text sources is told apart by its identifier.
    let named = src.name == label || src.name == format!("{label} ({id})");
    (is_ident(id) && named).then(|| (id, parts.collect()))
}

/// A text source's description that the file's author wrote (not one `codebook` writes for a
/// declared source or an attribution, nor the bare kind it names): the codebook keeps it as a
/// comment.
fn foreign_description(src: &super::ISource) -> Option<&str> {
    let d = src.description.as_deref()?.trim();
    // A bare kind ("Interview") says only what the declaration's keyword says.
    let bare = d
        .trim_end_matches(':')
        .eq_ignore_ascii_case(src.kind.word());
    let own = src.attribution.is_some() || source_description(src).is_some() || bare;
    (!own && !d.is_empty()).then_some(d)
}

/// A declared source's details as [`source_description`] reads them.
#[derive(Clone, Copy, Default)]
struct Details<'a> {
    /// `stands for 3 interviews`
    count: Option<u32>,
    /// A focus group's `12 participants`.
    people: Option<u32>,
    /// Its round's label.
    round: Option<&'a str>,
}

/// A declared source's details as [`source_description`] reads them: its count (`stands for
/// 3 interviews`), a focus group's participants (`12 participants`) and its round's label,
/// given its actor's label; `None` unless they say exactly that.
fn source_details<'a>(
    src: &super::ISource,
    details: &[&'a str],
    actor: Option<&str>,
) -> Option<Details<'a>> {
    let mut details = details.to_vec();
    let mut count = None;
    if let Some(last) = details.last()
        && let Some(n) = last.strip_prefix("stands for ")
    {
        let word = src.kind.word();
        let (number, noun) = n.split_once(' ')?;
        let number: u32 = number.parse().ok()?;
        (number > 1 && noun == format!("{word}s")).then_some(())?;
        count = Some(number);
        details.pop();
    }
    let mut people = None;
    if src.kind == SourceKind::FocusGroup
        && let Some(last) = details.last()
        && let Some((number, "participant" | "participants")) = last.split_once(' ')
    {
        people = Some(number.parse().ok()?);
        details.pop();
    }
    if let (Some(a), Some(first)) = (actor, details.first())
        && *first == a
    {
        details.remove(0);
    }
    let round = match details.as_slice() {
        [] => None,
        [round] => Some(*round),
        _ => return None,
    };
    Some(Details {
        count,
        people,
        round,
    })
}

#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    /// Per identifier made from a name: the number to try next after it (`_2`, `_3`, ...), so
    /// that 40,000 codes of one name do not each count up from 2.
    next: HashMap<String, usize>,
}

impl Ids {
    fn fresh(&mut self, label: &str, fallback: &str) -> String {
        let base = slug(label, fallback);
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}_{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// `text` with each control character (C0 or C1; an escape sequence, say) other than those in
/// `keep` written as U+FFFD: it is never written into the codebook, where every later `check`,
/// `cat` or editor would meet it.
fn visible(text: &str, keep: &[char]) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !keep.contains(&c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// A quoted codebook string, as `fmt` writes it (the text is laid out by `fmt` afterwards);
/// tabs and line breaks kept, other control characters [`visible`].
fn lit(s: &str) -> String {
    crate::format::literal(&visible(s, &['\t', '\r', '\n']))
}

/// A memo as a comment's text: its name, then its text.
fn memo_text(m: &super::IMemo) -> String {
    match m.text.trim().is_empty() {
        true => format!("Memo “{}” (no text)", oneline(&m.name)),
        false => format!("Memo “{}”: {}", oneline(&m.name), m.text.trim()),
    }
}

/// A text as comment lines (`# …`), one per line of the text, control characters
/// [`visible`]; blank lines inside it kept as `#`.
fn comment_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| visible(l.trim_end(), &['\t']))
        .map(|l| match l.is_empty() {
            true => "#".to_string(),
            false => format!("# {l}"),
        })
        .collect()
}

/// A text for a comment: on one line, control characters [`visible`].
fn oneline(s: &str) -> String {
    visible(&s.split_whitespace().collect::<Vec<_>>().join(" "), &[])
}

fn depth(codes: &[ICode]) -> usize {
    codes
        .iter()
        .map(|c| 1 + depth(&c.children))
        .max()
        .unwrap_or(0)
}

/// Level names and default headings, lowest first, for `n` levels.
fn level_names(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| match DEFAULT_LEVELS.get(i) {
            Some((name, heading)) => ((*name).to_string(), (*heading).to_string()),
            None => (format!("level{}", i + 1), format!("Level {}", i + 1)),
        })
        .collect()
}

/// The names of a hierarchy deeper than the three default levels (concept, theme,
/// dimension), which leave the fourth without a word. Where the data heads every level (code
/// sets that list exactly one level's codes), each level is named from its heading, singular
/// ("Condensed meaning units": `condensed_meaning_unit`). Else the language's own four levels
/// (`code -> subtheme -> theme -> dimension`, as the README and `schemas/four-level.codebook`
/// write them) name the lowest four, a level above them its heading or `level5`, and a
/// warning says the names are a guess. `named[rank]`: whether level `rank`'s heading is from
/// the data.
fn name_deep_levels(
    levels: &mut [(String, String)],
    named: &[bool],
    file: &str,
) -> Option<Warning> {
    let headings: Vec<&str> = levels.iter().map(|(_, h)| h.as_str()).collect();
    if named.iter().all(|n| *n)
        && let Some(names) = names_from_headings(&headings)
    {
        for (level, name) in levels.iter_mut().zip(names) {
            level.0 = name;
        }
        return None;
    }
    let from_headings: Vec<String> = headings.iter().map(|h| level_word(h)).collect();
    for (rank, level) in levels.iter_mut().enumerate() {
        match FOUR_LEVELS.get(rank) {
            Some((name, heading)) => {
                level.0 = (*name).to_string();
                if !named.get(rank).copied().unwrap_or(false) {
                    level.1 = (*heading).to_string();
                }
            }
            None => {
                let word = from_headings.get(rank).cloned().unwrap_or_default();
                let taken = FOUR_LEVELS.iter().any(|(n, _)| *n == word);
                let usable = named.get(rank).copied().unwrap_or(false)
                    && is_ident(&word)
                    && !RESERVED.contains(&word.as_str())
                    && !taken;
                level.0 = if usable {
                    word
                } else {
                    format!("level{}", rank + 1)
                };
            }
        }
    }
    let line: Vec<&str> = levels.iter().map(|(n, _)| n.as_str()).collect();
    Some(Warning {
        file: file.to_string(),
        element: "<Codes>".to_string(),
        message: format!(
            "the code tree is {} levels deep and the file does not name its levels; they are \
             named as codebook's four levels are, a guess: `levels {}`; rename them as the \
             paper does",
            levels.len(),
            line.join(" -> ")
        ),
    })
}

/// The levels' names made from their headings ([`level_word`]), when each is an identifier
/// that is no word of the language and no two are alike: what an import of a hierarchy deeper
/// than three levels whose headings travel names its levels.
pub(crate) fn names_from_headings(headings: &[&str]) -> Option<Vec<String>> {
    let names: Vec<String> = headings.iter().map(|h| level_word(h)).collect();
    let distinct: HashSet<&String> = names.iter().collect();
    (distinct.len() == names.len()
        && names
            .iter()
            .all(|n| is_ident(n) && !RESERVED.contains(&n.as_str())))
    .then_some(names)
}

/// The language's own four levels, lowest first, with their headings (the README's tour and
/// `schemas/four-level.codebook`).
const FOUR_LEVELS: [(&str, &str); 4] = [
    ("code", "Codes"),
    ("subtheme", "Subthemes"),
    ("theme", "Themes"),
    ("dimension", "Dimensions"),
];

/// A level's word made from its heading: an identifier, its last word singular ("Code
/// groups": `code_group`, "Subcategories": `subcategory`, "Theme": `theme`).
fn level_word(heading: &str) -> String {
    let s = slug(heading, "level");
    let last = s.rsplit('_').next().unwrap_or_default();
    if last.len() <= 3 {
        return s;
    }
    let stem = &s[..s.len() - last.len()];
    let singular = if let Some(w) = last.strip_suffix("ies") {
        format!("{w}y")
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|e| last.ends_with(e))
    {
        last[..last.len() - 2].to_string()
    } else if last.ends_with('s') && !last.ends_with("ss") && !last.ends_with("us") {
        last[..last.len() - 1].to_string()
    } else {
        last.to_string()
    };
    format!("{stem}{singular}")
}

struct Writer<'s> {
    study: &'s Study,
    names: Vec<String>,
    ids: Ids,
    out: String,
    /// The most bytes `out` may hold, and whether a line was left out to keep to it (then
    /// nothing more is written, and the import is refused).
    limit: usize,
    over: bool,
    /// Per code GUID: the lowest-level code quotes coded with it support.
    support: HashMap<Uuid, String>,
    /// Per code GUID: its identifier, once written.
    idents: HashMap<Uuid, String>,
    /// Per shared code's GUID: the GUIDs of its other parents (from the sets `codebook`
    /// writes for them, "Also under: …").
    also: HashMap<Uuid, Vec<Uuid>>,
    /// Per shared code and other parent: the code of that parent it stands right after
    /// (`true`) or before, as the set's place says ([`shared_siblings`]).
    beside: HashMap<(Uuid, Uuid), (bool, Uuid)>,
    /// How each code's level is decided.
    placing: Placing,
    /// Per memo ([`Study::memos`]): whether it was written above what it is about (the rest
    /// go into the header comment).
    memo_written: Vec<bool>,
}

impl Writer<'_> {
    /// `remarks` as comment lines at `indent` (each line of a memo its own comment line),
    /// noting which memos were written.
    fn remarks(&mut self, indent: usize, remarks: &[Remark]) {
        for r in remarks {
            let text = match r {
                Remark::Said(t) => t.clone(),
                Remark::Memo(i) => {
                    let Some(m) = self.study.memos.get(*i) else {
                        continue;
                    };
                    if let Some(w) = self.memo_written.get_mut(*i) {
                        *w = true;
                    }
                    memo_text(m)
                }
            };
            for l in comment_lines(&text) {
                self.line(indent, &l);
            }
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        if self.over || self.out.len() + 2 * indent + text.len() >= self.limit {
            self.over = true;
            return;
        }
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// The level a code is imported at ([`natural_level`]).
    fn natural(&self, c: &ICode, depth: usize) -> usize {
        natural_level(c, depth, &self.placing)
    }

    fn level_name(&self, level: usize) -> String {
        self.names.get(level).cloned().unwrap_or_default()
    }

    fn code(&mut self, c: &ICode, depth: usize, parent_level: usize, indent: usize) {
        if self.over {
            return;
        }
        let natural = self.natural(c, depth);
        let mut ind = indent;
        let mut opened = 0usize;
        // Carry a code that ends high up down to its level; not one whose level the file's
        // level sets give, which skips a level as written (`allow: skipped_level`).
        let carried = if self.placing.ranks.contains_key(&c.guid) {
            0..0
        } else {
            natural + 1..parent_level
        };
        for level in carried.rev() {
            let name = self.level_name(level);
            let id = self.ids.fresh(&format!("{} {name}", c.name), &name);
            if opened == 0 {
                let lowest = self.level_name(natural);
                self.line(
                    ind,
                    &format!(
                        "# added on import: “{}” has no subcodes but sits higher up; these codes carry it down to the {lowest} level",
                        oneline(&c.name)
                    ),
                );
            }
            self.line(ind, &format!("{name} {id} {} {{", lit(&c.name)));
            ind += 1;
            opened += 1;
        }

        let name = self.level_name(natural);
        let id = self.ids.fresh(&c.name, &name);
        self.idents.insert(c.guid, id.clone());
        // A code the file marks codable is supported directly, also one with subcodes (as
        // `codebook` writes a theme that quotes support directly).
        if natural == 0 || c.codable || c.children.is_empty() {
            self.support.insert(c.guid, id.clone());
        }
        let also = self.also.get(&c.guid).cloned().unwrap_or_default();
        let coded_here =
            !c.children.is_empty() && !c.codable && self.placing.coded.contains(&c.guid);
        let head = format!("{name} {id} {}", lit(&c.name));
        self.remarks(ind, &c.remarks);
        if c.description.is_none() && c.colour.is_none() && c.children.is_empty() && also.is_empty()
        {
            self.line(ind, &head);
        } else {
            self.line(ind, &format!("{head} {{"));
            if let Some(d) = &c.description {
                self.line(ind + 1, &format!("definition: {}", lit(d)));
            }
            if let Some([r, g, b]) = c.colour {
                self.line(ind + 1, &format!("colour: \"#{r:02X}{g:02X}{b:02X}\""));
            }
            if !also.is_empty() {
                // The other parents may come later in the file: their identifiers are put in
                // once every code has one (`placeholder`).
                let names: Vec<String> = also
                    .iter()
                    .map(|p| match self.beside.get(&(c.guid, *p)) {
                        Some((after, sibling)) => format!(
                            "{} {} {}",
                            placeholder(*p),
                            if *after { "after" } else { "before" },
                            placeholder(*sibling)
                        ),
                        None => placeholder(*p),
                    })
                    .collect();
                self.line(ind + 1, &format!("also under: {}", names.join(", ")));
            }
            for child in &c.children {
                self.code(child, depth + 1, natural, ind + 1);
            }
            if coded_here {
                self.coded_directly(c, natural, ind + 1);
            }
            self.line(ind, "}");
        }
        for _ in 0..opened {
            ind -= 1;
            self.line(ind, "}");
        }
    }

    /// Below a code with subcodes that quotes are coded on: a chain down to the lowest level.
    fn coded_directly(&mut self, c: &ICode, level: usize, indent: usize) {
        let label = format!("{} (coded directly)", c.name);
        self.line(
            indent,
            &format!(
                "# added on import: quotes coded on “{}” itself support this",
                oneline(&c.name)
            ),
        );
        let mut ind = indent;
        for l in (0..level).rev() {
            let name = self.level_name(l);
            let id = self.ids.fresh(&label, &name);
            if l == 0 {
                self.line(ind, &format!("{name} {id} {}", lit(&label)));
                self.support.insert(c.guid, id);
            } else {
                self.line(ind, &format!("{name} {id} {} {{", lit(&label)));
                ind += 1;
            }
        }
        for _ in 1..level {
            ind -= 1;
            self.line(ind, "}");
        }
    }
}

/// Stands for a code's identifier until every code has one.
/// Per shared code and other parent with a place (`places`, from 1): the code of that parent
/// it stands right after, or, placed first, the first code of the parent's own it stands
/// before; none when the parent has no other code. The codes of the parent are its subcodes in
/// the file, with its shared codes put in at their places, so a code placed after another
/// shared one names it, and one placed first names a code no place moves (no circle).
fn shared_siblings(
    study: &Study,
    places: &HashMap<(Uuid, Uuid), usize>,
) -> HashMap<(Uuid, Uuid), (bool, Uuid)> {
    fn subcodes<'s>(codes: &'s [ICode], out: &mut HashMap<Uuid, &'s [ICode]>) {
        for c in codes {
            out.insert(c.guid, &c.children);
            subcodes(&c.children, out);
        }
    }
    let mut tree = HashMap::new();
    for s in &study.structures {
        subcodes(&s.codes, &mut tree);
    }
    // Per parent, its shared codes with their places, in order of place (then GUID, so
    // that the result does not depend on the map's order).
    let mut by_parent: HashMap<Uuid, Vec<(usize, Uuid)>> = HashMap::new();
    for (&(member, parent), &place) in places {
        by_parent.entry(parent).or_default().push((place, member));
    }
    let mut out = HashMap::new();
    for (parent, mut shared) in by_parent {
        shared.sort();
        let own: Vec<Uuid> = tree
            .get(&parent)
            .map_or(&[][..], |c| *c)
            .iter()
            .map(|c| c.guid)
            .filter(|g| !shared.iter().any(|(_, m)| m == g))
            .collect();
        let mut order = own.clone();
        for &(place, member) in &shared {
            order.insert((place - 1).min(order.len()), member);
        }
        for (i, member) in order.iter().enumerate() {
            if own.contains(member) {
                continue;
            }
            let beside = match i.checked_sub(1).and_then(|j| order.get(j)) {
                Some(before) => Some((true, *before)),
                None => own.first().map(|first| (false, *first)),
            };
            if let Some(b) = beside {
                out.insert((*member, parent), b);
            }
        }
    }
    out
}

fn placeholder(guid: Uuid) -> String {
    format!("\u{1}{guid}\u{1}")
}

/// Where the levels of codes come from: the file's code sets when they are one per level
/// ([`set_levels`]), else the nesting, `d` levels deep, and which codes quotes are coded on.
struct Placing {
    d: usize,
    coded: HashSet<Uuid>,
    ranks: HashMap<Uuid, usize>,
}

/// The level a code is imported at: the rank of its level's set, when the file has one set per
/// level ([`set_levels`]); else the level its nesting gives it, in a tree `d` levels deep: its
/// depth's level for a code with subcodes, and for one without that quotes are coded on (a
/// theme or dimension complete through its own quotes, as `codebook` exports one); the lowest
/// for any other code without subcodes.
fn natural_level(c: &ICode, depth: usize, p: &Placing) -> usize {
    if let Some(&rank) = p.ranks.get(&c.guid) {
        return rank;
    }
    let d = p.d;
    if c.children.is_empty() && !p.coded.contains(&c.guid) {
        0
    } else {
        d.saturating_sub(1 + depth)
    }
}

/// Per level (lowest first): the GUIDs of the codes [`natural_level`] puts there.
fn codes_by_level(codes: &[ICode], depth: usize, p: &Placing, out: &mut Vec<HashSet<Uuid>>) {
    for c in codes {
        if let Some(set) = out.get_mut(natural_level(c, depth, p)) {
            set.insert(c.guid);
        }
        codes_by_level(&c.children, depth + 1, p, out);
    }
}

/// The level of each code from the file's code sets, when they are one set per level, as
/// `codebook` writes them (named with the levels' headings): `d` sets besides the shared-parent
/// ones, disjoint, holding every code, ordered by the shallowest depth of their members, then the deepest (the
/// set of the top codes is the highest level; of two that start alike, a level skipped by some codes
/// of the other is the higher), and every code's level above its subcodes'. So
/// a code that ends higher up (a sub-category without themes) keeps its level, where the
/// nesting alone would carry it down to the lowest. Otherwise empty: the nesting decides.
fn set_levels(study: &Study, d: usize, shared: &HashSet<Uuid>) -> HashMap<Uuid, usize> {
    fn walk(
        codes: &[ICode],
        depth: usize,
        parent: Option<Uuid>,
        out: &mut Vec<(Uuid, usize, Option<Uuid>)>,
    ) {
        for c in codes {
            out.push((c.guid, depth, parent));
            walk(&c.children, depth + 1, Some(c.guid), out);
        }
    }
    let mut all = Vec::new();
    for s in &study.structures {
        walk(&s.codes, 0, None, &mut all);
    }
    let sets: Vec<_> = study
        .sets
        .iter()
        .filter(|s| !s.guid.is_some_and(|g| shared.contains(&g)))
        .collect();
    if d < 2 || sets.len() != d {
        return HashMap::new();
    }
    let depth_of: HashMap<Uuid, usize> = all.iter().map(|(g, dp, _)| (*g, *dp)).collect();
    let mut member_of: HashMap<Uuid, usize> = HashMap::new();
    // Each set's shallowest and deepest member: a level whose codes also stand right under a
    // code two levels up (`allow: skipped_level`) starts as shallow as the level it skips, and
    // ends deeper.
    let mut shallowest = Vec::with_capacity(sets.len());
    for (k, set) in sets.iter().enumerate() {
        let (mut min, mut max) = (usize::MAX, 0);
        for g in &set.codes {
            let Some(&dp) = depth_of.get(g) else {
                return HashMap::new();
            };
            if member_of.insert(*g, k).is_some_and(|other| other != k) {
                return HashMap::new();
            }
            min = min.min(dp);
            max = max.max(dp);
        }
        shallowest.push(((min, max), k));
    }
    if member_of.len() != all.len() {
        return HashMap::new();
    }
    shallowest.sort_unstable();
    if shallowest.windows(2).any(|w| w[0].0 == w[1].0) {
        return HashMap::new();
    }
    // The shallowest set is the highest level.
    let mut rank_of_set = vec![0; sets.len()];
    for (i, (_, k)) in shallowest.iter().enumerate() {
        rank_of_set[*k] = d - 1 - i;
    }
    let ranks: HashMap<Uuid, usize> = member_of
        .into_iter()
        .map(|(g, k)| (g, rank_of_set[k]))
        .collect();
    let ordered = all.iter().all(|(g, _, parent)| match parent {
        Some(p) => ranks.get(g) < ranks.get(p),
        None => true,
    });
    if ordered { ranks } else { HashMap::new() }
}

/// `codebook`'s level sets, lowest level first, when every set that is not a shared code's
/// is one (recognised by its GUID, made from the level's rank and heading) and they are one per
/// rank from the lowest up: the levels a file has, also those without codes.
fn ranked_levels<'a>(study: &'a Study, shared: &HashSet<Uuid>) -> Option<Vec<&'a super::ISet>> {
    let mut out: Vec<Option<&super::ISet>> = Vec::new();
    for set in &study.sets {
        if set.guid.is_some_and(|g| shared.contains(&g)) {
            continue;
        }
        let rank = super::level_rank(set.guid?, &set.name)?;
        if out.len() <= rank {
            out.resize(rank + 1, None);
        }
        if out[rank].replace(set).is_some() {
            return None;
        }
    }
    let sets: Vec<&super::ISet> = out.into_iter().collect::<Option<_>>()?;
    (!sets.is_empty()).then_some(sets)
}

/// The level of each code from `codebook`'s level sets ([`ranked_levels`]), lowest first, when
/// each code is in one and every code's level is above its subcodes'; else empty: the nesting
/// decides.
fn ranks_from_sets(study: &Study, sets: &[&super::ISet]) -> HashMap<Uuid, usize> {
    let mut ranks: HashMap<Uuid, usize> = HashMap::new();
    for (rank, set) in sets.iter().enumerate() {
        for g in &set.codes {
            if ranks.insert(*g, rank).is_some() {
                return HashMap::new();
            }
        }
    }
    fn ordered(codes: &[ICode], above: Option<usize>, ranks: &HashMap<Uuid, usize>) -> bool {
        codes.iter().all(|c| match ranks.get(&c.guid) {
            Some(r) if above.is_none_or(|a| *r < a) => ordered(&c.children, Some(*r), ranks),
            _ => false,
        })
    }
    if study
        .structures
        .iter()
        .all(|s| ordered(&s.codes, None, &ranks))
    {
        ranks
    } else {
        HashMap::new()
    }
}

/// Codes without subcodes or quotes of their own that end above the deepest ones: (name,
/// depth).
fn shallow_leaves(codes: &[ICode], depth: usize, p: &Placing, out: &mut Vec<(String, usize)>) {
    for c in codes {
        if natural_level(c, depth, p) == 0 && depth + 1 < p.d && !p.ranks.contains_key(&c.guid) {
            out.push((c.name.clone(), depth + 1));
        }
        shallow_leaves(&c.children, depth + 1, p, out);
    }
}

/// Write the codebook. Returns the text and the warnings its mapping raises, or why it would
/// pass `limit` bytes (the most a codebook may have): then the text is not made. Quotes that
/// each cover one long text (a small archive can hold thousands) are refused before anything
/// is written.
pub(crate) fn write(study: &Study, limit: usize) -> Result<(String, Vec<Warning>), String> {
    let too_large = format!(
        "the codebook made from this file would be larger than {}, the most a codebook may have",
        crate::input::amount(limit as u64)
    );
    let quoted = study
        .quotes
        .iter()
        .fold(0usize, |sum, q| sum.saturating_add(q.range.len()));
    if quoted >= limit {
        return Err(format!(
            "{too_large}: its {} alone hold {quoted} bytes of text (each coded selection is quoted \
             in full, also where selections cover the same text)",
            count(study.quotes.len(), "quote", "quotes")
        ));
    }
    let mut warnings = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let d = study
        .structures
        .iter()
        .map(|s| depth(&s.codes))
        .max()
        .unwrap_or(0);
    let (also, shared_sets, places) = super::shared_parents(study);
    // `codebook`'s level sets, also of levels without codes below the others, give the
    // levels and each code's; else the depth of the code tree does.
    let ranked = ranked_levels(study, &shared_sets)
        .filter(|sets| d > 0 && sets.len() > d)
        .map(|sets| (ranks_from_sets(study, &sets), sets))
        .filter(|(ranks, _)| !ranks.is_empty());
    let n_levels = match &ranked {
        Some((_, sets)) => sets.len(),
        None if d == 0 => DEFAULT_LEVELS.len(),
        None => d,
    };
    let mut levels = level_names(n_levels);

    let coded: HashSet<Uuid> = study
        .quotes
        .iter()
        .flat_map(|q| q.codes.iter().copied())
        .collect();
    let placing = Placing {
        d,
        ranks: match &ranked {
            Some((ranks, _)) => ranks.clone(),
            None => set_levels(study, d, &shared_sets),
        },
        coded,
    };
    // Headings from sets that list exactly one level's codes.
    let mut by_level = vec![HashSet::new(); n_levels];
    let mut named = vec![false; n_levels];
    for s in &study.structures {
        codes_by_level(&s.codes, 0, &placing, &mut by_level);
    }
    for (rank, members) in by_level.iter().enumerate() {
        if members.is_empty() {
            // A level without codes is named by its set, where `codebook` wrote one.
            if let (Some(Some(set)), Some(level)) = (
                ranked.as_ref().map(|(_, sets)| sets.get(rank)),
                levels.get_mut(rank),
            ) && !set.name.trim().is_empty()
            {
                level.1 = set.name.trim().to_string();
                named[rank] = true;
            }
            continue;
        }
        let found = study.sets.iter().find(|set| {
            let set_members: HashSet<Uuid> = set.codes.iter().copied().collect();
            set_members == *members && !set.name.trim().is_empty()
        });
        if let (Some(set), Some(level)) = (found, levels.get_mut(rank)) {
            level.1 = set.name.trim().to_string();
            named[rank] = true;
        }
    }
    if n_levels > DEFAULT_LEVELS.len()
        && let Some(w) = name_deep_levels(&mut levels, &named, &study.file)
    {
        warnings.push(w);
    }
    let beside = shared_siblings(study, &places);
    let mut dropped = Dropped::default();
    let mut level_sets = 0usize;
    for set in &study.sets {
        let m: HashSet<Uuid> = set.codes.iter().copied().collect();
        if by_level.contains(&m) || set.guid.is_some_and(|g| shared_sets.contains(&g)) {
            level_sets += 1;
        } else {
            dropped.add(
                "<Set>",
                "code set that is not one level's codes",
                "code sets that are not one level's codes",
                set.name.clone(),
            );
        }
    }
    if study.sets.len() > level_sets {
        let other = study.sets.len() - level_sets;
        notes.push(format!(
            "{} not one level's codes {} not imported.",
            count(other, "code set that is", "code sets that are"),
            pick(other, "was", "were")
        ));
    }

    let mut shallow = Vec::new();
    for s in &study.structures {
        shallow_leaves(&s.codes, 0, &placing, &mut shallow);
    }
    if let Some((first, at)) = shallow.first() {
        let min = shallow.iter().map(|x| x.1).min().unwrap_or(*at);
        let detail = format!(
            "codes end between {min} and {d} levels deep; {} higher up (first: “{}”) {} carried down to the lowest level by codes marked `added on import`",
            count(shallow.len(), "code that ends", "codes that end"),
            oneline(first),
            pick(shallow.len(), "is", "are")
        );
        warnings.push(Warning {
            file: study.file.clone(),
            element: format!("<Code name=\"{first}\">"),
            message: format!("the code tree is uneven: {detail}"),
        });
        notes.push(format!("The code tree is uneven: {detail}."));
    }

    let mut w = Writer {
        study,
        names: levels.iter().map(|l| l.0.clone()).collect(),
        ids: Ids::default(),
        out: String::new(),
        limit,
        over: false,
        support: HashMap::new(),
        idents: HashMap::new(),
        also,
        beside,
        placing,
        memo_written: vec![false; study.memos.len()],
    };

    // Declared sources and actor groups keep the identifiers their descriptions name (the
    // first to name one).
    let mut keep = |id: Option<&str>| -> Option<String> {
        let id = id.filter(|id| is_ident(id))?;
        w.ids.used.insert(id.to_string()).then(|| id.to_string())
    };
    let source_ids: Vec<Option<String>> = study
        .sources
        .iter()
        .map(|src| keep(source_description(src).map(|(id, _)| id)))
        .collect();
    let group_ids: Vec<Option<String>> = study.groups.iter().map(|g| keep(Some(&g.id))).collect();

    // The body first (identifiers are handed out in the order they appear), the header last.
    let levels_line = levels
        .iter()
        .map(|(name, heading)| format!("{name} {}", lit(heading)))
        .collect::<Vec<_>>()
        .join(" -> ");
    // The warnings the file allowed, at its top as `codebook` files have them; and, where a
    // quote comes back with neither `source:` nor `by:` (its selection lies in the text source
    // `codebook` writes for quotes without attribution), `missing_attribution`: the language
    // leaves attribution optional, and the file it was exported from said nothing either.
    let mut allow: Vec<&str> = study
        .study
        .as_ref()
        .map(|st| st.allow.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let unattributed = study.quotes.iter().any(|q| {
        study
            .sources
            .get(q.source)
            .is_some_and(|s| s.attribution.as_deref() == Some(crate::emit::refi::UNATTRIBUTED))
    });
    let missing = crate::diagnostics::DiagnosticCode::MissingAttribution.name();
    if unattributed && !allow.contains(&missing) {
        allow.push(missing);
    }
    if !allow.is_empty() {
        for name in allow {
            w.line(0, &format!("allow: {name}"));
        }
        w.out.push('\n');
    }
    if let Some(st) = study.study.as_ref().filter(|st| st.has_study()) {
        w.line(
            0,
            &format!(
                "study {}{{",
                st.title
                    .as_deref()
                    .map_or_else(String::new, |t| format!("{} ", lit(t)))
            ),
        );
        if !st.authors.is_empty() {
            let authors: Vec<String> = st.authors.iter().map(|a| lit(a)).collect();
            w.line(1, &format!("authors: {}", authors.join(", ")));
        }
        if let Some(y) = st.year {
            w.line(1, &format!("year: {y}"));
        }
        if let Some(d) = &st.doi {
            w.line(1, &format!("doi: {}", lit(d)));
        }
        w.line(0, "}");
        w.out.push('\n');
    }
    w.line(0, &format!("levels {levels_line}"));
    let coders = coder_ids(&study.coders);
    // A user's name that is no identifier lives on in the header comment.
    for (id, (name, own)) in coders.iter().zip(&study.coders) {
        if !own && id != name {
            notes.push(format!("The coder `{id}` is the file's user “{name}”."));
        }
    }
    // In a file of one declared coder every quote is theirs: with a quote nobody is named for,
    // the one coder is named on their quotes instead of declared.
    let nobodys = study.quotes.iter().any(|q| q.coders.is_empty());
    let declare = coders.len() > 1 || (coders.len() == 1 && !nobodys);
    if declare {
        w.out.push('\n');
        w.line(0, &format!("coders: {}", coders.join(", ")));
    }

    for s in &study.structures {
        if w.over {
            break;
        }
        w.out.push('\n');
        let id = w.ids.fresh(&s.caption, "structure");
        let head = format!("structure {id} {}", lit(&s.caption));
        if s.note.is_none() && s.codes.is_empty() {
            w.line(0, &head);
            continue;
        }
        w.line(0, &format!("{head} {{"));
        if let Some(n) = &s.note {
            w.line(1, &format!("note: {}", lit(n)));
        }
        for (i, c) in s.codes.iter().enumerate() {
            if i > 0 || s.note.is_some() {
                w.out.push('\n');
            }
            w.code(c, 0, n_levels.max(d), 1);
        }
        w.line(0, "}");
    }

    let kept = Kept {
        coders: &coders,
        declared: declare,
        sources: &source_ids,
        groups: &group_ids,
    };
    quotes_sources_actors(&mut w, &kept, &mut notes, &mut dropped);
    if !w.also.is_empty() {
        let mut out = std::mem::take(&mut w.out);
        let named = w
            .also
            .values()
            .flatten()
            .chain(w.beside.values().map(|(_, s)| s));
        for p in named {
            let id = w.idents.get(p).map_or("unknown", String::as_str);
            out = out.replace(&placeholder(*p), id);
        }
        w.out = out;
    }

    let mut header = format!(
        "# Imported from {} (a {}) by `codebook import`.\n# Identifiers were made from the names; rename them as you like.\n",
        oneline(&study.name),
        study.kind
    );
    for n in study.notes.iter().chain(notes.iter()) {
        header.push_str(&format!("# {}\n", oneline(n)));
    }
    // Memos of the project, or of nothing written here, where the author reads them.
    for (m, _) in study
        .memos
        .iter()
        .zip(&w.memo_written)
        .filter(|(_, w)| !**w)
    {
        header.push_str("#\n");
        for l in comment_lines(&memo_text(m)) {
            header.push_str(&l);
            header.push('\n');
        }
    }
    header.push('\n');
    if w.over || header.len() + w.out.len() > limit {
        return Err(too_large);
    }
    header.push_str(&w.out);
    warnings.extend(dropped.warnings(&study.file));
    Ok((header, warnings))
}

/// The properties of an actor's block: its description, or that of a member whose
/// organisation was not found, which keeps its `Member of: …` line.
fn actor_body(case: &super::ICase, org: Option<usize>) -> Vec<String> {
    let lost = case
        .member_of
        .as_deref()
        .filter(|_| org.is_none())
        .map(|o| format!("{}{o}", crate::emit::refi::MEMBER_OF));
    let text = match (&case.description, lost) {
        (Some(d), Some(l)) => Some(format!("{d}\n{l}")),
        (d, l) => d.clone().or(l),
    };
    text.map(|t| format!("description: {}", lit(&t)))
        .into_iter()
        .collect()
}

/// An actor (`kind` `actor`) or a member, at `indent`; an actor's block is left open when it
/// has members (the caller writes them and closes it).
fn actor(
    w: &mut Writer<'_>,
    study: &Study,
    ci: usize,
    members: &[usize],
    kind: &str,
    indent: usize,
    actor_id: &mut [Option<String>],
) {
    let Some(case) = study.cases.get(ci) else {
        return;
    };
    let id = w.ids.fresh(&case.name, kind);
    let head = format!("{kind} {id} {}", lit(&case.name));
    w.remarks(indent, &case.remarks);
    let org = (kind == "member").then_some(ci);
    let body = actor_body(case, org);
    if body.is_empty() && members.is_empty() {
        w.line(indent, &head);
    } else {
        w.line(indent, &format!("{head} {{"));
        for b in &body {
            w.line(indent + 1, b);
        }
        if members.is_empty() {
            w.line(indent, "}");
        }
    }
    if let Some(slot) = actor_id.get_mut(ci) {
        *slot = Some(id);
    }
}

/// Identifiers for the coders: a coder `codebook` wrote keeps its identifier, others are made
/// from the name; unique among the coders.
fn coder_ids(names: &[(String, bool)]) -> Vec<String> {
    let mut ids = Ids::default();
    names
        .iter()
        .map(|(n, own)| match *own && is_ident(n) {
            true if ids.used.insert(n.clone()) => n.clone(),
            _ => ids.fresh(n, "coder"),
        })
        .collect()
}

/// Identifiers decided before the body is written: the coders', and those declared sources
/// and actor groups keep (per source, per group).
struct Kept<'k> {
    coders: &'k [String],
    /// Whether the file declares the coders (`coders:`).
    declared: bool,
    sources: &'k [Option<String>],
    groups: &'k [Option<String>],
}

fn quotes_sources_actors(
    w: &mut Writer<'_>,
    kept: &Kept<'_>,
    notes: &mut Vec<String>,
    dropped: &mut Dropped,
) {
    let coders = kept.coders;
    let study = w.study;
    if study.quotes.is_empty() && study.sources.is_empty() && study.cases.is_empty() {
        return;
    }
    // A selection that coders coded differently is several quotes.
    let mut quote_at: HashMap<Uuid, Vec<usize>> = HashMap::new();
    for (i, q) in study.quotes.iter().enumerate() {
        quote_at.entry(q.guid).or_default().push(i);
    }
    let source_at: HashMap<Uuid, usize> = study
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.guid, i))
        .collect();

    // Which case each source and quote belongs to (the first that lists it).
    let mut source_case: Vec<Option<usize>> = vec![None; study.sources.len()];
    let mut quote_case: Vec<Option<usize>> = vec![None; study.quotes.len()];
    let mut shared = 0usize;
    for (ci, case) in study.cases.iter().enumerate() {
        for g in &case.sources {
            if let Some(&s) = source_at.get(g) {
                match source_case[s] {
                    None => source_case[s] = Some(ci),
                    Some(_) => shared += 1,
                }
            }
        }
        for g in &case.selections {
            for &q in quote_at.get(g).map_or(&[][..], Vec::as_slice) {
                if quote_case[q].is_none() {
                    quote_case[q] = Some(ci);
                }
            }
        }
    }
    if shared > 0 {
        notes.push(format!(
            "{} to more than one case; each is given the first.",
            count(shared, "text source belongs", "text sources belong")
        ));
    }
    let takes_actor = |k: SourceKind| k != SourceKind::Observation;
    let mut source_actor: Vec<Option<usize>> = vec![None; study.sources.len()];
    for (s, src) in study.sources.iter().enumerate() {
        if takes_actor(src.kind) {
            source_actor[s] = source_case[s];
        }
    }
    let quote_actor: Vec<Option<usize>> = study
        .quotes
        .iter()
        .enumerate()
        .map(|(q, quote)| {
            let case = quote_case[q]?;
            (source_actor.get(quote.source).copied().flatten() != Some(case)).then_some(case)
        })
        .collect();
    let mut actor_id: Vec<Option<String>> = vec![None; study.cases.len()];
    // Every case is an actor, also one nothing imported belongs to; a member (`Member of: …`
    // in its description) inside the first organisation before it of that name.
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut org_of: Vec<Option<usize>> = vec![None; study.cases.len()];
    for (ci, case) in study.cases.iter().enumerate() {
        org_of[ci] = case
            .member_of
            .as_deref()
            .and_then(|o| first_of.get(o).copied());
        if org_of[ci].is_none() {
            first_of.entry(case.name.as_str()).or_insert(ci);
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); study.cases.len()];
    for (ci, org) in org_of.iter().enumerate() {
        if let Some(o) = org {
            members[*o].push(ci);
        }
    }
    for ci in 0..study.cases.len() {
        if org_of[ci].is_some() {
            continue;
        }
        w.out.push('\n');
        actor(w, study, ci, &members[ci], "actor", 0, &mut actor_id);
        for &m in &members[ci] {
            actor(w, study, m, &[], "member", 1, &mut actor_id);
        }
        if !members[ci].is_empty() {
            w.line(0, "}");
        }
    }

    // Actor groups, their members by name (a name may hold ", ": the longest run of names
    // that is a case's name is taken).
    let mut case_named: HashMap<&str, usize> = HashMap::new();
    for (ci, case) in study.cases.iter().enumerate() {
        case_named.entry(case.name.as_str()).or_insert(ci);
    }
    for (gi, g) in study.groups.iter().enumerate() {
        let mut ids: Vec<String> = Vec::new();
        let mut pending = String::new();
        for part in &g.members {
            if !pending.is_empty() {
                pending.push_str(", ");
            }
            pending.push_str(part);
            let found = case_named
                .get(pending.as_str())
                .and_then(|ci| actor_id.get(*ci).cloned().flatten());
            if let Some(id) = found {
                ids.push(id);
                pending.clear();
            }
        }
        if ids.is_empty() || !pending.is_empty() {
            dropped.add(
                "<Set>",
                "actor group whose members are not all cases",
                "actor groups whose members are not all cases",
                g.name.clone(),
            );
            continue;
        }
        let id = match kept.groups.get(gi).cloned().flatten() {
            Some(id) => id,
            None => w.ids.fresh(&g.name, "group"),
        };
        w.out.push('\n');
        w.line(0, &format!("group {id} {} {{", lit(&g.name)));
        w.line(1, &format!("members: {}", ids.join(", ")));
        w.line(0, "}");
    }

    // Rounds, named in declared sources' descriptions, in order of appearance.
    let mut details: Vec<Details> = Vec::new();
    let mut rounds: Vec<(&str, String)> = Vec::new();
    for (s, src) in study.sources.iter().enumerate() {
        let actor = source_actor[s]
            .and_then(|c| study.cases.get(c))
            .map(|c| c.name.as_str());
        let read =
            source_description(src).and_then(|(_, parts)| source_details(src, &parts, actor));
        let read = read.unwrap_or_default();
        if let Some(r) = read.round
            && !rounds.iter().any(|(l, _)| *l == r)
        {
            let id = w.ids.fresh(r, "round");
            w.out.push('\n');
            w.line(0, &format!("round {id} {}", lit(r)));
            rounds.push((r, id));
        }
        details.push(read);
    }

    let mut source_id: Vec<Option<String>> = Vec::new();
    for (s, src) in study.sources.iter().enumerate() {
        if src.attribution.is_some() {
            // The quotes of one attribution: no source of their own.
            source_id.push(None);
            continue;
        }
        let Details {
            count,
            people,
            round,
        } = details.get(s).copied().unwrap_or_default();
        let known = kept.sources.get(s).cloned().flatten();
        let id = match &known {
            Some(id) => id.clone(),
            None => w.ids.fresh(&src.name, "source"),
        };
        // A label repeated among text sources was told apart by its identifier.
        let label = match known {
            Some(id) => src
                .name
                .strip_suffix(&format!(" ({id})"))
                .unwrap_or(&src.name),
            None => &src.name,
        };
        w.out.push('\n');
        let head = format!("{} {id} {}", src.kind.word(), lit(label));
        if let Some(d) = foreign_description(src) {
            dropped.add_comment(
                "<TextSource>",
                "description of a text source",
                "descriptions of text sources",
                src.name.clone(),
            );
            w.remarks(0, &[Remark::Said(format!("Description: {d}"))]);
        }
        w.remarks(0, &src.remarks);
        let mut body = Vec::new();
        if let Some(n) = count {
            body.push(format!("count: {n}"));
        }
        if let Some(n) = people {
            body.push(format!("participants: {n}"));
        }
        if let Some(actor) = source_actor[s].and_then(|c| actor_id.get(c).cloned().flatten()) {
            body.push(format!("actor: {actor}"));
        }
        if let Some(r) = round.and_then(|r| rounds.iter().find(|(l, _)| *l == r)) {
            body.push(format!("round: {}", r.1));
        }
        if body.is_empty() {
            w.line(0, &head);
        } else {
            w.line(0, &format!("{head} {{"));
            for b in body {
                w.line(1, &b);
            }
            w.line(0, "}");
        }
        source_id.push(Some(id));
    }

    let mut unplaced = 0usize;
    for (q, quote) in study.quotes.iter().enumerate() {
        if w.over {
            break;
        }
        let mut supports: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for g in &quote.codes {
            if let Some(id) = w.support.get(g)
                && seen.insert(id)
            {
                supports.push(id.clone());
            }
        }
        if supports.is_empty() {
            // Coded only on a data structure's own code, which no quote can support.
            unplaced += 1;
            let source = study
                .sources
                .get(quote.source)
                .map_or("", |s| s.name.as_str());
            dropped.add(
                "<PlainTextSelection>",
                "selection coded only on a data structure as a whole",
                "selections coded only on a data structure as a whole",
                format!("{source} {}..{}", quote.at.0, quote.at.1),
            );
            continue;
        }
        w.out.push('\n');
        w.remarks(0, &quote.remarks);
        w.line(0, &format!("quote {} {{", lit(quote.text())));
        if let Some(id) = source_id.get(quote.source).cloned().flatten() {
            w.line(1, &format!("source: {id}"));
        }
        let src = study.sources.get(quote.source);
        let attribution = src.and_then(|s| s.attribution.as_deref());
        if let Some(line) = quote.written.as_deref() {
            w.line(1, line);
        } else if let Some(who) = attribution.filter(|a| *a != crate::emit::refi::UNATTRIBUTED) {
            match src.and_then(|s| s.written.as_deref()) {
                Some(line) => w.line(1, line),
                None => w.line(1, &format!("by: {}", lit(who))),
            }
        }
        w.line(1, &format!("supports: {}", supports.join(", ")));
        if let Some(actor) = quote_actor[q].and_then(|c| actor_id.get(c).cloned().flatten()) {
            w.line(1, &format!("actor: {actor}"));
        }
        // In a file of one declared coder, every quote is theirs without a word.
        let who: Vec<&str> = quote
            .coders
            .iter()
            .filter_map(|c| coders.get(*c).map(String::as_str))
            .collect();
        let implied = kept.declared && coders.len() == 1;
        if !who.is_empty() && !implied {
            w.line(1, &format!("coder: {}", who.join(", ")));
        }
        w.line(0, "}");
    }
    if unplaced > 0 {
        notes.push(format!(
            "{} coded only on a data structure as a whole {} not imported.",
            count(unplaced, "selection", "selections"),
            pick(unplaced, "was", "were")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_from_names() {
        assert_eq!(slug("Daily stand-ups", "concept"), "daily_stand_ups");
        assert_eq!(slug("  Über  Vertrauen!! ", "concept"), "über_vertrauen");
        assert_eq!(slug("1st wave", "concept"), "concept_1st_wave");
        assert_eq!(slug("—", "concept"), "concept");
        assert_eq!(slug("it’s_fine", "concept"), "it_s_fine");
        let long = slug(
            "A very long label that goes on and on well past forty characters",
            "x",
        );
        assert!(long.chars().count() <= MAX_ID_CHARS, "{long}");
        assert!(!long.ends_with('_'));
        // A long label is cut between words, not inside a hyphenated one.
        assert_eq!(
            slug(
                "Examples of data extracts, codes, sub-themes and final themes",
                "structure"
            ),
            "examples_of_data_extracts_codes"
        );
    }

    #[test]
    fn unique_identifiers() {
        let mut ids = Ids::default();
        assert_eq!(ids.fresh("Trust", "c"), "trust");
        assert_eq!(ids.fresh("trust", "c"), "trust_2");
        assert_eq!(ids.fresh("TRUST!", "c"), "trust_3");
    }

    /// A study of `codes` codes under one structure, and `quotes` quotes that each cover all of
    /// one text of `text` bytes.
    fn study(codes: u128, quotes: u128, text: usize) -> Study {
        use super::super::{IQuote, ISource, IStructure};
        let content: std::rc::Rc<str> = "x".repeat(text).into();
        Study {
            name: "s.qdpx".into(),
            kind: "REFI-QDA project",
            structures: vec![IStructure {
                caption: "Codes".into(),
                note: None,
                codes: (0..codes)
                    .map(|i| ICode {
                        guid: Uuid::from_u128(i + 1),
                        name: format!("Code {i}"),
                        description: None,
                        colour: None,
                        codable: true,
                        children: Vec::new(),
                        remarks: Vec::new(),
                    })
                    .collect(),
            }],
            sources: vec![ISource {
                guid: Uuid::from_u128(1 << 64),
                name: "Interview".into(),
                kind: SourceKind::Interview,
                attribution: None,
                written: None,
                description: None,
                remarks: Vec::new(),
            }],
            quotes: (0..quotes)
                .map(|i| IQuote {
                    guid: Uuid::from_u128((2 << 64) + i),
                    source: 0,
                    content: std::rc::Rc::clone(&content),
                    range: 0..text,
                    at: (0, text),
                    codes: vec![Uuid::from_u128(1)],
                    coders: Vec::new(),
                    remarks: std::rc::Rc::from(Vec::new()),
                    written: None,
                })
                .collect(),
            ..Study::default()
        }
    }

    #[test]
    fn quotes_that_would_pass_the_limit_are_refused_before_anything_is_written() {
        let s = study(2, 10, 100);
        let refused = write(&s, 1000).err().unwrap_or_default();
        assert!(
            refused.contains("larger than 1000 bytes")
                && refused.contains("its 10 quotes alone hold 1000 bytes"),
            "{refused}"
        );
        assert!(write(&s, 1 << 20).is_ok());
    }

    #[test]
    fn the_text_written_is_at_most_the_limit() {
        let s = study(300, 3, 10);
        let (text, _) = write(&s, usize::MAX).unwrap_or_default();
        assert!(text.contains("concept code_299 \"Code 299\""), "{text}");
        assert_eq!(write(&s, text.len()).ok().map(|w| w.0), Some(text.clone()));
        let refused = write(&s, text.len() - 1).err().unwrap_or_default();
        assert_eq!(
            refused,
            format!(
                "the codebook made from this file would be larger than {} bytes, the most a \
                 codebook may have",
                text.len() - 1
            )
        );
        assert!(write(&s, 100).is_err());
    }

    #[test]
    fn strings_read_back_as_written() {
        for text in [r#"a "b" \c"#, r"C:\x", "one\n\ntwo", r#"ends in ""#] {
            let source = format!("study {{\n  title: {}\n}}\n", lit(text));
            let read = format!("{:?}", crate::syntax::parse(&source));
            assert!(read.contains(&format!("{text:?}")), "{source} -> {read}");
        }
    }
}
