//! Agreement between coders of codebooks: one file with several coders' codings (`coder:` on
//! each quote) or one file per coder (`coders: alice` at the top, the quotes without
//! `coder:`), or both.
//!
//! **Units** are the quotes, matched across codings by a stable identity: a quote's
//! identifier when it has one (`quote q1 "…"`), else its text (blanks and line breaks folded,
//! so `fmt`'s wrapping does not matter) with its source (`source:`) or attribution. Order in
//! the file does not matter. A quote no coder is named for is left out.
//!
//! **Values.** A coder's value for a quote at the lowest level is the set of codes it
//! `supports:`; at each level above, the set of their ancestors at that level, so two
//! concepts of one theme agree at the theme level. A set of several codes is one category
//! (`a+b`). The categories a coder could choose from (q) are the level's codes (and any sets
//! used). Per code, the value is the code's presence or absence (binary). Overall is the
//! lowest level.

use super::data::Data;
use super::report::{Disagreement, Report, Said, Scoped};
use super::{Coefficients, Metric};
use crate::Compiled;
use crate::model::{CodeId, Id, QuoteId};
use crate::report::LineIndex;
use std::collections::{BTreeSet, HashMap};

/// One coder's file, compiled.
pub struct Coding<'a> {
    /// The file's name, as places print it.
    pub name: &'a str,
    /// The file's text (for line numbers).
    pub source: &'a str,
    /// The valid codebook.
    pub compiled: &'a Compiled,
}

/// Why codebooks cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgreeError {
    /// Fewer than two coders are named.
    TooFewCoders(Vec<String>),
    /// One coder coded one quote twice.
    CodedTwice {
        /// The coder.
        coder: String,
        /// The quote, in words.
        unit: String,
        /// Where the first coding is.
        first: String,
        /// Where the second coding is.
        second: String,
    },
}

impl std::fmt::Display for AgreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AgreeError::TooFewCoders(found) if found.is_empty() => write!(
                f,
                "no quote says who coded it: name the coders with `coders: alice, bob` at the top \
                 of the file and `coder: alice` on each quote, or give each coder a file of their \
                 own that starts with `coders: alice`"
            ),
            AgreeError::TooFewCoders(found) => write!(
                f,
                "agreement needs two coders, and only `{}` coded quotes: name the other coder's \
                 codings with `coder:`, or pass the other coder's file too",
                found.join("`, `")
            ),
            AgreeError::CodedTwice {
                coder,
                unit,
                first,
                second,
            } => write!(
                f,
                "`{coder}` coded {unit} twice ({first} and {second}): keep one coding, or name \
                 the other coder"
            ),
        }
    }
}

impl std::error::Error for AgreeError {}

/// What one coder said of one quote.
struct Said1 {
    codes: BTreeSet<String>,
    place: String,
}

/// A code as the first file that declares it has it.
struct CodeInfo {
    label: String,
    level: usize,
    parent: Option<String>,
}

/// A quote's identity: its identifier, else its folded text with its source or attribution.
fn identity(c: &Compiled, q: QuoteId) -> String {
    let quote = &c.codebook[q];
    if let Some(id) = &quote.id {
        return format!("#{}", id.id);
    }
    let text: Vec<&str> = quote.text.text.split_whitespace().collect();
    let from = match (&quote.source, quote.attribution.as_deref()) {
        (Some(s), _) => format!("source {}", s.id),
        (None, Some(crate::model::Attribution::Person { role, .. })) => {
            format!("by {}", role.text)
        }
        (None, Some(crate::model::Attribution::Document { kind, .. })) => {
            format!("from {}", kind.text)
        }
        (None, None) => String::new(),
    };
    format!("{}\u{1f}{from}", text.join(" "))
}

/// A quote in words: its identifier, or its opening words.
fn describe(c: &Compiled, q: QuoteId) -> String {
    let quote = &c.codebook[q];
    if let Some(id) = &quote.id {
        return format!("quote `{}`", id.id);
    }
    let text = quote
        .text
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let short: String = text.chars().take(60).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!("quote “{short}{more}”")
}

/// The agreement of the coders of `files`, α under `metric` (with a bootstrap interval over
/// `samples` draws of the quotes, overall and per level, when `samples` is more than 0).
pub fn agree(files: &[Coding<'_>], metric: Metric, samples: usize) -> Result<Report, AgreeError> {
    let mut coders: Vec<String> = Vec::new();
    let mut unit_index: HashMap<String, usize> = HashMap::new();
    let mut units: Vec<(String, Vec<Option<Said1>>)> = Vec::new();
    let mut codes: Vec<(String, CodeInfo)> = Vec::new();
    let mut code_index: HashMap<String, usize> = HashMap::new();
    let mut levels: Vec<(String, String)> = Vec::new();
    for f in files {
        let cb = &f.compiled.codebook;
        let r = &f.compiled.resolved;
        for (i, l) in cb.levels.iter().enumerate() {
            if levels.len() <= i {
                levels.push((l.name.clone(), l.heading.clone()));
            }
        }
        for (id, code) in CodeId::each(cb) {
            if code_index.contains_key(code.id.id.as_str()) {
                continue;
            }
            code_index.insert(code.id.id.to_string(), codes.len());
            let parent = r.parent[id].map(|p| cb[p].id.id.to_string());
            codes.push((
                code.id.id.to_string(),
                CodeInfo {
                    label: code.label.text.clone(),
                    level: code.level.rank(),
                    parent,
                },
            ));
        }
        let lines = LineIndex::new(f.source);
        let default: Vec<String> = match cb.coders.as_slice() {
            [only] => vec![only.id.to_string()],
            _ => Vec::new(),
        };
        let explicit: HashMap<usize, Vec<String>> = cb
            .quote_coders
            .iter()
            .map(|(q, names)| (q.index(), names.iter().map(|n| n.id.to_string()).collect()))
            .collect();
        for (q, quote) in QuoteId::each(cb) {
            let who = explicit.get(&q.index()).unwrap_or(&default);
            if who.is_empty() {
                continue;
            }
            let key = identity(f.compiled, q);
            let u = *unit_index.entry(key).or_insert_with(|| {
                units.push((describe(f.compiled, q), Vec::new()));
                units.len() - 1
            });
            let (line, _) = lines.line_col(f.source, quote.span.start);
            let place = format!("{}:{line}", f.name);
            let said: BTreeSet<String> = r
                .quote_codes
                .get(q)
                .unwrap_or_default()
                .iter()
                .map(|&c| cb[c].id.id.to_string())
                .collect();
            for coder in who {
                let k = match coders.iter().position(|c| c == coder) {
                    Some(k) => k,
                    None => {
                        coders.push(coder.clone());
                        coders.len() - 1
                    }
                };
                let (unit, row) = &mut units[u];
                if row.len() <= k {
                    row.resize_with(k + 1, || None);
                }
                if let Some(first) = &row[k] {
                    return Err(AgreeError::CodedTwice {
                        coder: coder.clone(),
                        unit: unit.clone(),
                        first: first.place.clone(),
                        second: place,
                    });
                }
                row[k] = Some(Said1 {
                    codes: said.clone(),
                    place: place.clone(),
                });
            }
        }
    }
    if coders.len() < 2 {
        return Err(AgreeError::TooFewCoders(coders));
    }
    for (_, row) in &mut units {
        row.resize_with(coders.len(), || None);
    }
    let cx = Context {
        codes: &codes,
        code_index: &code_index,
    };
    let by_level: Vec<Scoped> = levels
        .iter()
        .enumerate()
        .map(|(l, (word, heading))| Scoped {
            id: word.clone(),
            label: heading.clone(),
            level: None,
            coefficients: Coefficients::compute_with(
                &cx.level_data(&coders, &units, l),
                metric,
                samples,
            ),
        })
        .collect();
    let presence = cx.presence(&units);
    let by_code: Vec<Scoped> = codes
        .iter()
        .zip(&presence.cells)
        .map(|((id, info), cells)| Scoped {
            id: id.clone(),
            label: info.label.clone(),
            level: levels.get(info.level).map(|(w, _)| w.clone()),
            coefficients: Coefficients::compute(
                &presence.code_data(&coders, &units, cells),
                Metric::Nominal,
            ),
        })
        .collect();
    let overall = match by_level.first() {
        Some(lowest) => lowest.coefficients.clone(),
        None => Coefficients::compute_with(&cx.level_data(&coders, &units, 0), metric, samples),
    };
    let disagreements = cx.disagreements(&coders, &units, &levels);
    Ok(Report {
        coders,
        metric,
        overall,
        by_level,
        by_code,
        disagreements,
    })
}

/// Where each code is present, for its binary matrices ([`Presence::code_data`]).
struct Presence {
    /// Per code, the (unit, coder) cells whose coding has it, by unit.
    cells: Vec<Vec<(usize, usize)>>,
    /// Each distinct set of coders who coded a unit (true for a coder who did), and how many
    /// units it is.
    patterns: Vec<(Vec<bool>, usize)>,
    /// Per unit, its set's index in `patterns`.
    pattern: Vec<usize>,
}

impl Presence {
    /// The binary matrix of one code whose present cells are `cells`: present (1) or absent
    /// (0) in each coder's coding. A unit no coder gave the code is absent for every coder who
    /// coded it: such units are one weighted row per set of coders, so each code costs the
    /// units it is on, not every unit.
    fn code_data(
        &self,
        coders: &[String],
        units: &[(String, Vec<Option<Said1>>)],
        cells: &[(usize, usize)],
    ) -> Data {
        let absent = |coded: &[bool]| -> Vec<Option<usize>> {
            coded.iter().map(|&c| c.then_some(0)).collect()
        };
        let mut rest: Vec<usize> = self.patterns.iter().map(|p| p.1).collect();
        let mut rows = Vec::new();
        for on in cells.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(u, _)) = on.first() else { continue };
            let Some((_, row)) = units.get(u) else {
                continue;
            };
            let mut cells: Vec<Option<usize>> = row.iter().map(|s| s.as_ref().map(|_| 0)).collect();
            for &(_, k) in on {
                if let Some(c) = cells.get_mut(k) {
                    *c = Some(1);
                }
            }
            if let Some(n) = self.pattern.get(u).and_then(|&p| rest.get_mut(p)) {
                *n = n.saturating_sub(1);
            }
            rows.push((cells, 1));
        }
        rows.extend(
            self.patterns
                .iter()
                .zip(rest)
                .map(|((coded, _), n)| (absent(coded), n)),
        );
        Data::weighted(
            coders.to_vec(),
            vec!["absent".into(), "present".into()],
            rows,
        )
        .expect("one cell per coder, each 0 or 1, and the coders are distinct")
    }
}

/// The codes of all files, for lifting a coding to a level.
struct Context<'a> {
    codes: &'a [(String, CodeInfo)],
    code_index: &'a HashMap<String, usize>,
}

impl Context<'_> {
    /// The codes at level `l` above a set of codes (themselves at level 0).
    fn lift(&self, said: &BTreeSet<String>, l: usize) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for c in said {
            let mut at = Some(c.clone());
            // Climb at most as many steps as there are codes, so a bad link cannot loop.
            for _ in 0..=self.codes.len() {
                let Some(id) = at.take() else { break };
                let Some(info) = self.code_index.get(&id).and_then(|&i| self.codes.get(i)) else {
                    break;
                };
                if info.1.level >= l {
                    if info.1.level == l {
                        out.insert(id);
                    }
                    break;
                }
                at = info.1.parent.clone();
            }
        }
        out
    }

    /// The matrix at level `l`: each cell the set of the coder's codes there, as one category.
    fn level_data(
        &self,
        coders: &[String],
        units: &[(String, Vec<Option<Said1>>)],
        l: usize,
    ) -> Data {
        let mut categories: Vec<String> = self
            .codes
            .iter()
            .filter(|(_, i)| i.level == l)
            .map(|(id, _)| id.clone())
            .collect();
        let mut index: HashMap<String, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        let mut rows = Vec::with_capacity(units.len());
        for (_, row) in units {
            let cells = row
                .iter()
                .map(|s| {
                    let s = s.as_ref()?;
                    let set = self.lift(&s.codes, l);
                    if set.is_empty() {
                        return None;
                    }
                    let name = set.into_iter().collect::<Vec<_>>().join("+");
                    Some(*index.entry(name).or_insert_with_key(|name| {
                        categories.push(name.clone());
                        categories.len() - 1
                    }))
                })
                .collect();
            rows.push(cells);
        }
        Data::new(coders.to_vec(), categories, rows)
            .expect("one cell per coder, each a listed category, and the coders are distinct")
    }

    /// Where each code is present: for each code (in `codes`' order), the (unit, coder) cells
    /// whose coding has it, at its own level; and which coders coded each unit.
    fn presence(&self, units: &[(String, Vec<Option<Said1>>)]) -> Presence {
        let top = self.codes.iter().map(|c| c.1.level).max().unwrap_or(0);
        let mut cells = vec![Vec::new(); self.codes.len()];
        let mut kinds: HashMap<Vec<bool>, usize> = HashMap::new();
        let mut patterns: Vec<(Vec<bool>, usize)> = Vec::new();
        let mut pattern = Vec::with_capacity(units.len());
        for (u, (_, row)) in units.iter().enumerate() {
            let coded: Vec<bool> = row.iter().map(Option::is_some).collect();
            let p = *kinds.entry(coded.clone()).or_insert_with(|| {
                patterns.push((coded, 0));
                patterns.len() - 1
            });
            if let Some(x) = patterns.get_mut(p) {
                x.1 += 1;
            }
            pattern.push(p);
            for (k, s) in row.iter().enumerate() {
                let Some(s) = s else { continue };
                for l in 0..=top {
                    for id in self.lift(&s.codes, l) {
                        if let Some(c) = self.code_index.get(&id).and_then(|&i| cells.get_mut(i)) {
                            c.push((u, k));
                        }
                    }
                }
            }
        }
        Presence {
            cells,
            patterns,
            pattern,
        }
    }

    /// The quotes whose codes differ between the coders who coded them, each at the highest
    /// level at which they still differ.
    fn disagreements(
        &self,
        coders: &[String],
        units: &[(String, Vec<Option<Said1>>)],
        levels: &[(String, String)],
    ) -> Vec<Disagreement> {
        let mut out = Vec::new();
        for (unit, row) in units {
            let coded: Vec<&Said1> = row.iter().flatten().collect();
            let differ_at = |l: usize| {
                let sets: Vec<BTreeSet<String>> =
                    coded.iter().map(|s| self.lift(&s.codes, l)).collect();
                sets.windows(2).any(|w| w[0] != w[1])
            };
            if coded.len() < 2 || !differ_at(0) {
                continue;
            }
            let level = (0..levels.len()).rev().find(|&l| differ_at(l)).unwrap_or(0);
            let said = coders
                .iter()
                .zip(row)
                .map(|(coder, s)| Said {
                    coder: coder.clone(),
                    place: s.as_ref().map(|s| s.place.clone()),
                    values: s
                        .as_ref()
                        .map(|s| s.codes.iter().cloned().collect())
                        .unwrap_or_default(),
                })
                .collect();
            out.push(Disagreement {
                unit: unit.clone(),
                level: levels.get(level).map(|(w, _)| w.clone()),
                said,
            });
        }
        out
    }
}
