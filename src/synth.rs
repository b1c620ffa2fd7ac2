//! Synthetic codebooks: realistic, valid, deterministic from a seed.
//!
//! Used by the benchmarks (`cargo bench`), the property tests, and
//! `cargo run --release --example generate -- --quotes N --seed S`.
//! A generated codebook checks clean: every concept has quotes, every source is cited, every
//! total adds up, every matrix cell is filled.

use std::fmt::Write;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// How many quotes to write (at least 8); the number of concepts grows with it.
    pub quotes: usize,
    /// The seed: the same seed and size give the same file.
    pub seed: u64,
}

/// Options that make a codebook look like a held-out study written by other hands (issue 20):
/// longer quotes in several scripts, `"""` quotes, wrapped lines, quotes written inside their
/// concept's block, quotes supporting two concepts. [`Style::default`] changes nothing: the
/// output of [`generate`] stays as it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Quotes of 150-700 characters (instead of 100-600), some words in Chinese, Japanese,
    /// Greek and Cyrillic.
    pub held_out_text: bool,
    /// Percent of quotes written as `"""…"""` (with a straight `"` inside).
    pub triple: u8,
    /// Percent of quotes whose text is wrapped over several lines.
    pub wrapped: u8,
    /// Percent of quotes written inside their concept's block (no `supports:`).
    pub nested: u8,
    /// Percent of the other quotes that support two concepts.
    pub two_concepts: u8,
}

impl Style {
    /// The shares of the held-out study in issue 20: 7 % `"""`, 45 % wrapped, 22 % nested,
    /// 12 % supporting two concepts.
    pub fn held_out() -> Style {
        Style {
            held_out_text: true,
            triple: 7,
            wrapped: 45,
            nested: 22,
            two_concepts: 12,
        }
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same file everywhere
/// (and the same bootstrap interval in `agree`).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "partners",
    "meeting",
    "strategy",
    "we",
    "were",
    "never",
    "really",
    "informed",
    "about",
    "contract",
    "funding",
    "für",
    "Zusammenarbeit",
    "Maßnahme",
    "Überblick",
    "Ärzte",
    "Krankenkasse",
    "Verträge",
    "schließlich",
    "trust",
    "commitment",
    "objectives",
    "consultancy",
    "health",
    "insurers",
    "physicians",
    "network",
    "community",
    "centre",
    "transparent",
    "decision",
    "negotiation",
    "agenda",
    "project",
    "area",
    "office",
    "mediator",
    "conflict",
    "structures",
    "shared",
    "vision",
    "joint",
    "grüßen",
    "Größe",
    "Öffentlichkeit",
    "müssen",
    "daß",
    "regular",
    "workshop",
    "minutes",
    "evidence",
];

/// Words of other scripts, for [`Style::held_out_text`].
const WORLD: &[&str] = &[
    "合作",
    "信任",
    "会議",
    "ネットワーク",
    "συνεργασία",
    "εμπιστοσύνη",
    "διαφάνεια",
    "сотрудничество",
    "доверие",
    "соглашение",
    "партнёры",
    "健康",
    "保険",
    "Συμβούλιο",
];

const PUNCT: &[&str] = &[", ", "; ", " — ", " – ", " […] ", "… ", ": "];

/// A sentence of about `target` bytes; with `style`, one word in eight from [`WORLD`].
fn sentence_in(rng: &mut Rng, target: usize, style: Option<&mut Rng>, out: &mut String) {
    let mut style = style;
    let start = out.len();
    let mut capital = true;
    while out.len() - start < target {
        let other = style
            .as_deref_mut()
            .and_then(|s| (s.below(8) == 0).then(|| s.pick(WORLD)));
        let w = match other {
            Some(w) => w,
            None => rng.pick(WORDS),
        };
        if capital {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
            capital = false;
        } else {
            out.push_str(w);
        }
        match rng.below(12) {
            0 => out.push_str(rng.pick(PUNCT)),
            1 => {
                out.push_str(". ");
                capital = true;
            }
            2 => {
                out.push_str(" “");
                out.push_str(rng.pick(WORDS));
                out.push_str("” ");
            }
            3 => {
                out.push_str(" [");
                out.push_str(rng.pick(WORDS));
                out.push_str("] ");
            }
            _ => out.push(' '),
        }
    }
    while out.ends_with([' ', ',', ';', ':', '—', '–']) {
        out.pop();
    }
    out.push('.');
}

/// Generate the text of a codebook.
pub fn generate(spec: Spec) -> String {
    generate_styled(spec, Style::default())
}

/// Generate the text of a codebook in a [`Style`]. The style's choices come from a random
/// stream of their own, so [`Style::default`] writes what [`generate`] always wrote.
pub fn generate_styled(spec: Spec, style: Style) -> String {
    let mut srng = Rng(spec.seed ^ 0x5717_1E00);
    let mut rng = Rng(spec.seed ^ 0x00C0_DEB0_0C00);
    let n = spec.quotes.max(8);
    let structures = 5 + (spec.seed % 6) as usize;
    let concepts_total = (n / 20).max(structures * 4);
    let mut out = String::with_capacity(n * 500);
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Synthetic codebook: {n} quotes, seed {}. Generated by codebook::synth.\n",
        spec.seed
    );
    let _ = writeln!(
        w,
        "study \"Synthetic study {}\" {{\n  authors: \"Generator\"\n  year: 2026\n}}\n",
        spec.seed
    );

    // Structures: dimensions of 2-3 themes, themes of 2-4 concepts.
    let mut concepts: Vec<String> = Vec::new();
    // Where each concept's block closes, for the quotes written inside it.
    let mut concept_ends: Vec<usize> = Vec::new();
    let mut dimension_themes: Vec<(String, Vec<String>)> = Vec::new();
    let per_structure = concepts_total / structures;
    for s in 0..structures {
        let _ = writeln!(
            w,
            "structure s{s} \"Data structure {s}—Synthetic\" {{\n  label: \"tab:s{s}\""
        );
        let mut made = 0;
        let mut d = 0;
        while made < per_structure {
            let _ = writeln!(
                w,
                "\n  dimension s{s}_d{d} \"Dimension {d} of structure {s}\" {{"
            );
            let mut themes = Vec::new();
            for t in 0..2 + rng.below(2) {
                let theme = format!("s{s}_d{d}_t{t}");
                let _ = writeln!(
                    w,
                    "    theme {theme} \"Theme {d}.{t}: Übergänge und Brüche\" {{"
                );
                for c in 0..2 + rng.below(3) {
                    let id = format!("{theme}_c{c}");
                    let _ = writeln!(
                        w,
                        "      concept {id} \"Concept {d}.{t}.{c} „{}“\" {{",
                        rng.pick(WORDS)
                    );
                    let _ = writeln!(
                        w,
                        "        definition: \"Statements on {} and {}.\"",
                        rng.pick(WORDS),
                        rng.pick(WORDS)
                    );
                    concept_ends.push(w.len());
                    let _ = writeln!(w, "      }}");
                    concepts.push(id);
                    made += 1;
                }
                let _ = writeln!(w, "    }}");
                themes.push(theme);
            }
            let _ = writeln!(w, "  }}");
            dimension_themes.push((format!("s{s}_d{d}"), themes));
            d += 1;
        }
        let _ = writeln!(w, "}}\n");
    }

    // Actors, groups, phases.
    let actors = ["hc", "rmo", "pn", "hi", "sha", "cc"];
    for a in actors {
        let _ = writeln!(
            w,
            "actor {a} \"Organisation {}\" {{\n  abbreviation: \"{}\"\n}}",
            a.to_uppercase(),
            a.to_uppercase()
        );
    }
    let _ = writeln!(
        w,
        "\ngroup g1 {{\n  members: hc, hi\n}}\ngroup g2 {{\n  members: rmo, cc, pn\n}}\ngroup g3 {{\n  members: sha\n}}\n"
    );
    let phases = [
        ("p1", "Phase I", "2015-01 .. 2016-06"),
        ("p2", "Phase II", "2016-07 .. 2018-06"),
        ("p3", "Phase III", "2018-07 .. 2019-12"),
    ];
    for (id, label, range) in phases {
        let _ = writeln!(w, "phase {id} \"{label}\" {range}");
    }
    let _ = writeln!(
        w,
        "turning point tp1 \"Funding granted\" 2016-06\nperiod rt \"Real-time data\" 2015 .. 2019\n"
    );

    // Sources: interviews in two rounds, documents.
    let interviews = (n / 50).max(2);
    let documents = (n / 200).max(1);
    let _ = writeln!(
        w,
        "round r1 \"First round\" {{\n  date: 2017\n}}\nround r2 \"Second round\" {{\n  date: 2019\n}}\n"
    );
    let mut total_interviews = 0;
    for i in 0..interviews {
        let count = 1 + rng.below(4);
        total_interviews += count;
        let actor = actors[i % actors.len()];
        let _ = writeln!(
            w,
            "interview i{i} \"employees of {actor}\" {{\n  count: {count}\n  role: \"{actor} employee\"\n  actor: {actor}\n  round: r{}\n}}",
            1 + i % 2
        );
    }
    let mut pages = 0;
    for d in 0..documents {
        let p = 1 + rng.below(40);
        pages += p;
        let _ = writeln!(
            w,
            "document doc{d} \"minutes of meeting {d}\" {{\n  kind: \"minutes\"\n  pages: {p}\n  date: 2017-{:02}-{:02}\n}}",
            1 + d % 12,
            1 + d % 28
        );
    }
    let _ = writeln!(
        w,
        "\ntotal: {total_interviews} interviews\ntotal: {documents} documents, {pages} pages\n"
    );

    // Quotes: every concept and every source gets at least one (so a small N may grow a little).
    let sources = interviews + documents;
    let mut inside: Vec<String> = vec![String::new(); concepts.len()];
    let n = n.max(concepts.len()).max(sources);
    for q in 0..n {
        let ci = if q < concepts.len() {
            q
        } else {
            rng.below(concepts.len())
        };
        let concept = &concepts[ci];
        let src = if q < sources { q } else { rng.below(sources) };
        let len = if style.held_out_text {
            150 + rng.below(500) + srng.below(50)
        } else {
            100 + rng.below(500)
        };
        let mut text = String::with_capacity(len + 16);
        let words = style.held_out_text.then_some(&mut srng);
        sentence_in(&mut rng, len, words, &mut text);
        let triple = srng.below(100) < style.triple as usize;
        if triple {
            text.insert_str(text.find(' ').unwrap_or(0), " \"straight\"");
        }
        if srng.below(100) < style.wrapped as usize {
            text = wrap(&text);
        }
        let nested = q >= concepts.len() && srng.below(100) < style.nested as usize;
        let two = !nested && srng.below(100) < style.two_concepts as usize;
        let (open, close) = if triple {
            ("\"\"\"", "\"\"\"")
        } else {
            ("\"", "\"")
        };
        let mut block = String::new();
        let b = &mut block;
        let _ = writeln!(b, "quote {open}{text}{close} {{");
        if src < interviews {
            let _ = writeln!(b, "  source: i{src}\n  phase: p{}", 1 + rng.below(3));
        } else {
            let _ = writeln!(b, "  source: doc{}", src - interviews);
        }
        if nested {
            let _ = writeln!(b, "}}");
            inside[ci].push_str(&block);
            continue;
        }
        if two {
            let other = &concepts[srng.below(concepts.len())];
            if other != concept {
                let _ = writeln!(b, "  supports: {concept}, {other}\n}}");
                w.push_str(&block);
                continue;
            }
        }
        let _ = writeln!(b, "  supports: {concept}\n}}");
        w.push_str(&block);
    }

    // One matrix over the first dimension.
    if let Some((dim, themes)) = dimension_themes.first() {
        let _ = writeln!(
            w,
            "\nmatrix m \"Synthetic phase matrix\" {{\n  columns {{\n    p1: g1, g2\n    p2: g1, g2\n    p3: g3 split 2\n  }}"
        );
        let _ = writeln!(w, "  row {dim} {{");
        for (p, g) in [
            ("p1", "g1"),
            ("p1", "g2"),
            ("p2", "g1"),
            ("p2", "g2"),
            ("p3", "g3"),
        ] {
            let _ = writeln!(w, "    {p} {g}: {}", themes[rng.below(themes.len())]);
        }
        let _ = writeln!(w, "  }}");
        for t in themes {
            let _ = writeln!(w, "  row {t} {{");
            for (p, g) in [("p1", "g1"), ("p1", "g2"), ("p2", "g1"), ("p2", "g2")] {
                let _ = writeln!(
                    w,
                    "    {p} {g}: \"Cell text on {} & {}\"",
                    rng.pick(WORDS),
                    rng.pick(WORDS)
                );
            }
            let _ = writeln!(w, "    p3 g3: \"First sub-column\", \"Second sub-column\"");
            let _ = writeln!(w, "  }}");
        }
        let _ = writeln!(w, "}}");
    }
    if inside.iter().all(String::is_empty) {
        return out;
    }
    // The quotes written inside their concepts' blocks, spliced in before each block closes.
    let mut spliced =
        String::with_capacity(out.len() + inside.iter().map(String::len).sum::<usize>());
    let mut from = 0;
    for (end, quotes) in concept_ends.iter().zip(&inside) {
        spliced.push_str(&out[from..*end]);
        for line in quotes.lines() {
            let _ = writeln!(spliced, "        {line}");
        }
        from = *end;
    }
    spliced.push_str(&out[from..]);
    spliced
}

/// A text broken into lines of about 70 bytes, each continued line indented.
fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut line = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if line > 70 {
                out.push_str("\n    ");
                line = 0;
            } else {
                out.push(' ');
            }
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codebooks_check_clean_and_are_deterministic() {
        for seed in 0..4 {
            let text = generate(Spec { quotes: 300, seed });
            assert_eq!(text, generate(Spec { quotes: 300, seed }));
            let outcome = crate::compile(&text);
            let shown = crate::report::human("synthetic", &text, &outcome.diagnostics);
            assert!(outcome.diagnostics.is_empty(), "{shown}");
        }
    }
}
