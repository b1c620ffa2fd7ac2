//! `codebook agree PROJECT.qdpx`: agreement on where each code was applied in a REFI-QDA
//! project's texts, character by character ([`super::unitized`]), per code and text source,
//! per code over all texts, and over all codes; with the stretches of text where the coders
//! differ, for a team to reconcile. The JSON form is the `unitized` shape of
//! `schemas/json/agree.schema.json`.

use super::Estimate;
use super::report::estimate_json;
use super::unitized::{Blank, Comparison, Lengths, Piece, Range, runs, unitized_alpha_with};
use crate::import::refi::selections::{Coded, Codings, Text};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The most coders compared at once: each pair of them has a row per code and text.
pub const MAX_CODERS: usize = 32;

/// How many characters of a disagreement's text are shown.
pub const EXCERPT_CHARS: usize = 60;

/// Two coders' coding comparison in one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The first coder (an index into [`UnitizedReport::coders`]).
    pub first: usize,
    /// The second coder.
    pub second: usize,
    /// Their characters.
    pub comparison: Comparison,
}

/// The agreement of one scope: a code in one text, a code over all texts, or every code.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The text source, `None` for all of them.
    pub source: Option<String>,
    /// The characters of the text (or texts) compared.
    pub characters: usize,
    /// How many units (runs of coded characters) the coders made, all together.
    pub units: usize,
    /// Each pair of coders' coding comparison.
    pub pairs: Vec<Pair>,
    /// Krippendorff's `|uα` of all the coders.
    pub alpha: Estimate,
}

/// A code's rows: one per text a coder coded with it, and its total over all texts.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeRows {
    /// The code's name in the project.
    pub code: String,
    /// Per text in which some coder applied the code, in the project's order.
    pub by_source: Vec<Row>,
    /// Over every text of the project.
    pub total: Row,
}

/// A stretch of text that some coders coded with a code and others did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// The code.
    pub code: String,
    /// The text source.
    pub source: String,
    /// The first character (from 0).
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The coders who coded it, in the coders' order.
    pub coded_by: Vec<String>,
    /// The coders who did not.
    pub not_coded_by: Vec<String>,
    /// Its text, at most [`EXCERPT_CHARS`] characters, blanks and line breaks as one space.
    pub excerpt: String,
}

/// Everything `codebook agree PROJECT.qdpx` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitizedReport {
    /// The project file, as named.
    pub project: String,
    /// The coders compared, in the project's order of users.
    pub coders: Vec<String>,
    /// The text sources: name and characters.
    pub texts: Vec<(String, usize)>,
    /// Per code any coder applied, in the codebook's order.
    pub codes: Vec<CodeRows>,
    /// Every code: the coding comparison summed over codes and texts; `|uα` of the coded
    /// characters whatever their code (Krippendorff's `|uα` proper).
    pub overall: Row,
    /// Where the coders differ, by code, text and position.
    pub disagreements: Vec<Stretch>,
}

/// Why a project cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QdpxError {
    /// Fewer than two users coded anything (the users who did).
    FewerThanTwoCoders(Vec<String>),
    /// `--coders` names a user the project does not have (the name, the users).
    UnknownCoder(String, Vec<String>),
    /// `--coders` names fewer than two coders, or one twice.
    BadChoice,
    /// More than [`MAX_CODERS`] users coded (how many), and `--coders` does not choose.
    TooManyCoders(usize),
    /// Two projects hold a text source of the same name with different texts (the source,
    /// the first project holding it, the other), so positions in one are not positions in
    /// the other.
    TextsDiffer(String, String, String),
}

impl fmt::Display for QdpxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QdpxError::FewerThanTwoCoders(found) if found.is_empty() => f.write_str(
                "no coding in the project names its coder (creatingUser): there is nothing to compare",
            ),
            QdpxError::FewerThanTwoCoders(found) => write!(
                f,
                "only one user coded in this project ({}): agreement needs two coders",
                found.join(", ")
            ),
            QdpxError::UnknownCoder(name, users) => write!(
                f,
                "--coders names `{name}`, but the project's users are: {}",
                users.join(", ")
            ),
            QdpxError::BadChoice => f.write_str("--coders needs two different coders or more"),
            QdpxError::TooManyCoders(n) => write!(
                f,
                "{n} users coded in this project; name the ones to compare with --coders (at most {MAX_CODERS})"
            ),
            QdpxError::TextsDiffer(source, first, other) => write!(
                f,
                "the text source \"{source}\" of {other} is not the text of \"{source}\" in {first}: \
                 the coders did not code the same text, so their positions cannot be compared \
                 (export both projects from one copy of the texts)"
            ),
        }
    }
}

impl std::error::Error for QdpxError {}

/// Several projects made from one set of texts, each coded by one coder (or some), as one
/// project to compare: `codebook agree ana.qdpx ben.qdpx`. Each name is the project's file,
/// for messages. A user, a code and a text source of one project are those of an earlier one
/// with the same GUID, else with the same name (a user or code whose name several earlier ones
/// share is one of its own); a text source of the same name must have the same text. A text
/// source some project lacks is left out, with a warning: its coder could not code it. A
/// coding found in several projects (one coder's codings carried into every copy) counts once.
/// Returns the project and the warnings.
pub fn merge(projects: &[(String, Codings)]) -> Result<(Codings, Vec<String>), QdpxError> {
    use std::collections::HashSet;
    let mut out = Codings::default();
    // Per text of `out`: the first project holding it, and how many do.
    let mut held: Vec<(usize, usize)> = Vec::new();
    let mut seen: Vec<HashSet<Coded>> = Vec::new();
    for (p, (file, c)) in projects.iter().enumerate() {
        let users = union(&mut out.users, &c.users, |x| (x.guid, x.name.as_str()));
        let codes = union(&mut out.codes, &c.codes, |x| (x.guid, x.name.as_str()));
        let mut mine = HashSet::new();
        for t in &c.texts {
            let i = match out.texts.iter().position(|x| x.name == t.name) {
                Some(i) => {
                    let (first, _) = held[i];
                    if out.texts[i].text != t.text {
                        return Err(QdpxError::TextsDiffer(
                            t.name.clone(),
                            projects[first].0.clone(),
                            file.clone(),
                        ));
                    }
                    i
                }
                None => {
                    out.texts.push(Text {
                        codings: Vec::new(),
                        ..t.clone()
                    });
                    held.push((p, 0));
                    seen.push(HashSet::new());
                    out.texts.len() - 1
                }
            };
            // A project naming one text source twice counts once.
            if mine.insert(i) {
                held[i].1 += 1;
            }
            for x in &t.codings {
                let x = Coded {
                    user: users.get(&x.user).copied().unwrap_or(x.user),
                    code: codes.get(&x.code).copied().unwrap_or(x.code),
                    ..*x
                };
                if seen[i].insert(x) {
                    out.texts[i].codings.push(x);
                }
            }
        }
    }
    let mut warnings = Vec::new();
    let texts = std::mem::take(&mut out.texts);
    for (t, (first, n)) in texts.into_iter().zip(held) {
        if n == projects.len() {
            out.texts.push(t);
        } else {
            warnings.push(format!(
                "the text source \"{}\" is in {n} of the {} projects (the first: {}); left out, since a coder whose project lacks it could not code it",
                t.name,
                projects.len(),
                projects[first].0
            ));
        }
    }
    Ok((out, warnings))
}

/// Adds one project's users (or codes) to those of the projects before it: each is the earlier
/// one of the same GUID, else the one earlier one of the same name, else a new one. Returns
/// where each of the project's GUIDs went.
fn union<T: Clone>(
    all: &mut Vec<T>,
    theirs: &[T],
    key: impl Fn(&T) -> (uuid::Uuid, &str),
) -> std::collections::HashMap<uuid::Uuid, uuid::Uuid> {
    let earlier = all.len();
    let mut to = std::collections::HashMap::new();
    for x in theirs {
        let (guid, name) = key(x);
        let found = if all.iter().any(|y| key(y).0 == guid) {
            Some(guid)
        } else {
            let mut named = all[..earlier].iter().filter(|y| key(y).1 == name);
            match (named.next(), named.next()) {
                (Some(y), None) => Some(key(y).0),
                _ => None,
            }
        };
        if found.is_none() {
            all.push(x.clone());
        }
        to.insert(guid, found.unwrap_or(guid));
    }
    to
}

/// The coders compared: those named (in the project's order), else every user who coded.
fn chosen(c: &Codings, wanted: Option<&[String]>) -> Result<Vec<usize>, QdpxError> {
    let coded = |u: &uuid::Uuid| {
        c.texts
            .iter()
            .any(|t| t.codings.iter().any(|x| x.user == *u))
    };
    let Some(wanted) = wanted else {
        let who: Vec<usize> = (0..c.users.len())
            .filter(|&i| c.users.get(i).is_some_and(|u| coded(&u.guid)))
            .collect();
        if who.len() > MAX_CODERS {
            return Err(QdpxError::TooManyCoders(who.len()));
        }
        if who.len() < 2 {
            return Err(QdpxError::FewerThanTwoCoders(
                who.iter()
                    .filter_map(|&i| c.users.get(i).map(|u| u.name.clone()))
                    .collect(),
            ));
        }
        return Ok(who);
    };
    let mut who = Vec::new();
    for name in wanted {
        let name = name.trim();
        let Some(i) = c.users.iter().position(|u| u.name == name) else {
            return Err(QdpxError::UnknownCoder(
                name.to_string(),
                c.users.iter().map(|u| u.name.clone()).collect(),
            ));
        };
        if who.contains(&i) {
            return Err(QdpxError::BadChoice);
        }
        who.push(i);
    }
    if who.len() < 2 {
        return Err(QdpxError::BadChoice);
    }
    if who.len() > MAX_CODERS {
        return Err(QdpxError::TooManyCoders(who.len()));
    }
    who.sort_unstable();
    Ok(who)
}

/// Every pair of `m` coders, in order.
fn pairs_of(m: usize) -> Vec<(usize, usize)> {
    (0..m)
        .flat_map(|i| (i + 1..m).map(move |j| (i, j)))
        .collect()
}

/// A scope's row from its pieces (one per text, each with every coder's runs).
fn row(source: Option<String>, pieces: &[Piece], m: usize) -> Row {
    row_with(source, pieces, m, &Blank::default())
}

/// A scope's row from its pieces and the `blank` texts, where no coder has a unit.
fn row_with(source: Option<String>, pieces: &[Piece], m: usize, blank: &Blank<'_>) -> Row {
    let blank_text = Comparison {
        characters: blank.characters(),
        ..Comparison::default()
    };
    let pairs = pairs_of(m)
        .into_iter()
        .map(|(i, j)| {
            let mut comparison = blank_text;
            for p in pieces {
                let none = Vec::new();
                let (x, y) = (
                    p.units.get(i).unwrap_or(&none),
                    p.units.get(j).unwrap_or(&none),
                );
                comparison = comparison + Comparison::of(p.length, x, y);
            }
            Pair {
                first: i,
                second: j,
                comparison,
            }
        })
        .collect();
    Row {
        source,
        characters: pieces.iter().map(|p| p.length).sum::<usize>() + blank.characters(),
        units: pieces
            .iter()
            .flat_map(|p| p.units.iter())
            .map(Vec::len)
            .sum(),
        pairs,
        alpha: unitized_alpha_with(pieces, m, blank),
    }
}

/// The report of a project's codings: `wanted`, when given, names the coders to compare.
pub fn report(
    project: &str,
    c: &Codings,
    wanted: Option<&[String]>,
) -> Result<UnitizedReport, QdpxError> {
    let who = chosen(c, wanted)?;
    let m = who.len();
    let coders: Vec<String> = who
        .iter()
        .filter_map(|&i| c.users.get(i).map(|u| u.name.clone()))
        .collect();
    let guids: Vec<uuid::Uuid> = who
        .iter()
        .filter_map(|&i| c.users.get(i).map(|u| u.guid))
        .collect();
    // Per text, each (code, coder)'s ranges, found once (a coder not compared is left out).
    let grouped: Vec<BTreeMap<(uuid::Uuid, usize), Vec<Range>>> = c
        .texts
        .iter()
        .map(|t| {
            let mut g: BTreeMap<(uuid::Uuid, usize), Vec<Range>> = BTreeMap::new();
            for x in &t.codings {
                if let Some(k) = guids.iter().position(|u| *u == x.user) {
                    g.entry((x.code, k))
                        .or_default()
                        .push((x.start.min(t.chars), x.end.min(t.chars)));
                }
            }
            g
        })
        .collect();
    // Each coder's runs of one code (or of any code: `None`) in text `t`.
    let runs_of = |t: usize, code: Option<uuid::Uuid>| -> Vec<Vec<Range>> {
        let Some(g) = grouped.get(t) else {
            return vec![Vec::new(); m];
        };
        (0..m)
            .map(|k| match code {
                Some(code) => runs(g.get(&(code, k)).into_iter().flatten().copied()),
                None => runs(
                    g.iter()
                        .filter(|((_, who), _)| *who == k)
                        .flat_map(|(_, r)| r.iter().copied()),
                ),
            })
            .collect()
    };
    // Per code, the texts it was applied in (each once, in order): a code is compared in
    // those, every other text counting as blank (by its length), so a project of many codes
    // and texts costs what was coded, not codes times texts.
    let mut applied: HashMap<uuid::Uuid, Vec<usize>> = HashMap::new();
    for (i, g) in grouped.iter().enumerate() {
        for (code, _) in g.keys() {
            let texts = applied.entry(*code).or_default();
            if texts.last() != Some(&i) {
                texts.push(i);
            }
        }
    }
    let every_text = Lengths::new(c.texts.iter().map(|t| t.chars));
    let mut codes = Vec::new();
    let mut disagreements = Vec::new();
    let mut overall_pairs: Vec<Comparison> = vec![Comparison::default(); pairs_of(m).len()];
    for code in &c.codes {
        let (texts, pieces): (Vec<usize>, Vec<Piece>) = applied
            .get(&code.guid)
            .into_iter()
            .flatten()
            .filter_map(|&i| {
                let t = c.texts.get(i)?;
                let units = runs_of(i, Some(code.guid));
                let piece = Piece {
                    length: t.chars,
                    units,
                };
                (!piece.units.iter().all(Vec::is_empty)).then_some((i, piece))
            })
            .unzip();
        if pieces.is_empty() {
            continue;
        }
        let mut by_source = Vec::new();
        for (&i, p) in texts.iter().zip(&pieces) {
            let Some(t) = c.texts.get(i) else { continue };
            by_source.push(row(Some(t.name.clone()), std::slice::from_ref(p), m));
            disagreements.extend(
                stretches(&code.name, t, p, &coders)
                    .into_iter()
                    .map(|d| (i, d)),
            );
        }
        let coded = Lengths::new(pieces.iter().map(|p| p.length));
        let blank = Blank {
            all: Some(&every_text),
            except: Some(&coded),
        };
        let total = row_with(None, &pieces, m, &blank);
        for (sum, p) in overall_pairs.iter_mut().zip(&total.pairs) {
            *sum = *sum + p.comparison;
        }
        codes.push(CodeRows {
            code: code.name.clone(),
            by_source,
            total,
        });
    }
    let any: Vec<Piece> = c
        .texts
        .iter()
        .enumerate()
        .map(|(i, t)| Piece {
            length: t.chars,
            units: runs_of(i, None),
        })
        .collect();
    let mut overall = row(None, &any, m);
    for (p, sum) in overall.pairs.iter_mut().zip(overall_pairs) {
        p.comparison = sum;
    }
    // The excerpts, in one pass over each text for all its codes' stretches.
    let mut order: Vec<(usize, usize, usize, usize)> = disagreements
        .iter()
        .enumerate()
        .map(|(k, (t, d))| (*t, d.start, d.end, k))
        .collect();
    order.sort_unstable();
    for group in order.chunk_by(|x, y| x.0 == y.0) {
        let Some(text) = group.first().and_then(|g| c.texts.get(g.0)) else {
            continue;
        };
        let found = excerpts(&text.text, group.iter().map(|g| (g.1, g.2)));
        for (g, excerpt) in group.iter().zip(found) {
            if let Some(d) = disagreements.get_mut(g.3) {
                d.1.excerpt = excerpt;
            }
        }
    }
    let disagreements = disagreements.into_iter().map(|d| d.1).collect();
    Ok(UnitizedReport {
        project: project.to_string(),
        coders,
        texts: c.texts.iter().map(|t| (t.name.clone(), t.chars)).collect(),
        codes,
        overall,
        disagreements,
    })
}

/// The stretches of a text where the coders' runs of one code differ: maximal stretches with
/// the same coders coding, some but not all of them (their excerpts still empty).
fn stretches(
    code: &str,
    t: &crate::import::refi::selections::Text,
    p: &Piece,
    coders: &[String],
) -> Vec<Stretch> {
    let mut edges: Vec<usize> = p
        .units
        .iter()
        .flatten()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let mut found: Vec<(usize, usize, Vec<bool>)> = Vec::new();
    let mut at = vec![0usize; p.units.len()];
    for w in edges.windows(2) {
        let (a, b) = (w[0], w[1]);
        let who: Vec<bool> = p
            .units
            .iter()
            .zip(at.iter_mut())
            .map(|(u, k)| {
                while u.get(*k).is_some_and(|r| r.1 <= a) {
                    *k += 1;
                }
                u.get(*k).is_some_and(|r| r.0 <= a)
            })
            .collect();
        if who.iter().all(|x| *x) || !who.iter().any(|x| *x) {
            continue;
        }
        match found.last_mut() {
            Some(last) if last.1 == a && last.2 == who => last.1 = b,
            _ => found.push((a, b, who)),
        }
    }
    found
        .into_iter()
        .map(|(start, end, who)| {
            let pick = |want: bool| {
                coders
                    .iter()
                    .zip(&who)
                    .filter(|(_, w)| **w == want)
                    .map(|(c, _)| c.clone())
                    .collect()
            };
            Stretch {
                code: code.to_string(),
                source: t.name.clone(),
                start,
                end,
                coded_by: pick(true),
                not_coded_by: pick(false),
                excerpt: String::new(),
            }
        })
        .collect()
}

/// The texts of character ranges (sorted by start), each cut to [`EXCERPT_CHARS`] characters
/// with `…`, blanks as single spaces; one pass over the text.
fn excerpts(text: &str, ranges: impl Iterator<Item = (usize, usize)>) -> Vec<String> {
    let ranges: Vec<(usize, usize)> = ranges.collect();
    let mut out = vec![String::new(); ranges.len()];
    let mut open: Vec<usize> = Vec::new();
    let mut next = 0usize;
    for (i, ch) in text.chars().enumerate() {
        while ranges.get(next).is_some_and(|r| r.0 <= i) {
            open.push(next);
            next += 1;
        }
        open.retain(|&k| {
            let Some(&(_, end)) = ranges.get(k) else {
                return false;
            };
            let Some(s) = out.get_mut(k) else {
                return false;
            };
            if i >= end {
                return false;
            }
            let shown = s.chars().count();
            if shown >= EXCERPT_CHARS {
                s.push('…');
                return false;
            }
            if ch.is_whitespace() || ch.is_control() {
                if !s.ends_with(' ') {
                    s.push(' ');
                }
            } else {
                s.push(ch);
            }
            true
        });
        if open.is_empty() && next >= ranges.len() {
            break;
        }
    }
    out.iter().map(|s| s.trim().to_string()).collect()
}

impl Row {
    fn to_json(&self, coders: &[String]) -> Value {
        let mut m = Map::new();
        if let Some(s) = &self.source {
            m.insert("source".into(), json!(s));
        }
        m.insert("characters".into(), json!(self.characters));
        m.insert("units".into(), json!(self.units));
        let pairs: Vec<Value> = self
            .pairs
            .iter()
            .map(|p| {
                let c = &p.comparison;
                let name = |i: usize| coders.get(i).cloned().unwrap_or_default();
                json!({
                    "coders": [name(p.first), name(p.second)],
                    "first": c.first,
                    "second": c.second,
                    "both": c.both,
                    "neither": c.neither(),
                    "agreement": estimate_json(&c.agreement()),
                    "kappa": estimate_json(&c.kappa()),
                })
            })
            .collect();
        m.insert("pairs".into(), Value::Array(pairs));
        m.insert("unitized_alpha".into(), estimate_json(&self.alpha));
        Value::Object(m)
    }
}

impl UnitizedReport {
    /// The JSON form, pretty-printed, ending with a newline.
    pub fn json(&self) -> String {
        let codes: Vec<Value> = self
            .codes
            .iter()
            .map(|c| {
                json!({
                    "code": c.code,
                    "by_source": c.by_source.iter().map(|r| r.to_json(&self.coders)).collect::<Vec<_>>(),
                    "total": c.total.to_json(&self.coders),
                })
            })
            .collect();
        let disagreements: Vec<Value> = self
            .disagreements
            .iter()
            .map(|d| {
                json!({
                    "code": d.code,
                    "source": d.source,
                    "start": d.start,
                    "end": d.end,
                    "coded_by": d.coded_by,
                    "not_coded_by": d.not_coded_by,
                    "excerpt": d.excerpt,
                })
            })
            .collect();
        let out = json!({
            "schema_version": super::report::SCHEMA_VERSION,
            "data": "unitized",
            "project": self.project,
            "coders": self.coders,
            "texts": self.texts.iter().map(|(n, c)| json!({"name": n, "characters": c})).collect::<Vec<_>>(),
            "codes": codes,
            "overall": self.overall.to_json(&self.coders),
            "disagreements": disagreements,
        });
        let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
        s.push('\n');
        s
    }
}
