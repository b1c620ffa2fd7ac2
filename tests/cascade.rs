//! A mistake is reported once, where it was made, and the file is read as if mended: for each
//! kind of declaration that something refers to, a mistake inside the declaration (one that
//! leaves it out of the model, such as a phase's impossible date, or one that does not) draws
//! errors only within that declaration, never an "unknown" error where it is used (a reference
//! to it, or a structure's `column:` naming an attribute written on the line that was not read).

use codebook::compile;

/// A valid codebook in which every kind of declaration below is referred to.
const BASE: &str = r#"study "Cascade" {
  year: 2024
}

structure ds "Data structure" {
  column: effect "Effect"

  dimension dim "Dimension" {
    theme th "Theme" {
      concept c1 "Concept one"
      concept c2 "Concept two" {
        effect: enables
      }
    }
    theme th2 "Theme two" {
      concept c3 "Concept three"
      concept c4 "Concept four"
    }
  }
}

actor org "Organisation" {
  description: "An organisation."
}

group grp "Group" {
  members: org
}

round r1 "First round" {
  date: 2024
}

interview ivs "interviewees" {
  count: 2
  role: "nurse"
  round: r1
  actor: org
}

phase one "Phase 1" 2024-01 .. 2024-06
phase two "Phase 2" 2024-07 .. 2024-12

quote "First." {
  source: ivs
  phase: one
  supports: c1, c2
}

quote "Second." {
  source: ivs
  phase: two
  supports: c3, c4
}

matrix m "Matrix" {
  columns {
    one: grp
    two: grp
  }
  row th {
    one grp: "a"
    two grp: "b"
  }
  row th2 {
    one grp: "c"
    two grp: "d"
  }
}
"#;

/// (what, the declaration's text in `BASE`, the same declaration with a mistake in it).
const CASES: &[(&str, &str, &str)] = &[
    (
        "a phase with an impossible date",
        "phase one \"Phase 1\" 2024-01 .. 2024-06",
        "phase one \"Phase 1\" 2024-13 .. 2024-06",
    ),
    (
        "a phase with two date ranges",
        "phase two \"Phase 2\" 2024-07 .. 2024-12",
        "phase two \"Phase 2\" 2024-07 .. 2024-12 2025",
    ),
    (
        "a phase with dates in words",
        "phase one \"Phase 1\" 2024-01 .. 2024-06",
        "phase one \"Phase 1\" January",
    ),
    (
        "an actor with an unknown property",
        "actor org \"Organisation\" {\n  description: \"An organisation.\"\n}",
        "actor org \"Organisation\" {\n  descripton: \"An organisation.\"\n}",
    ),
    (
        "a group with its members misspelt",
        "group grp \"Group\" {\n  members: org\n}",
        "group grp \"Group\" {\n  membrs: org\n}",
    ),
    (
        "a round with an impossible date",
        "round r1 \"First round\" {\n  date: 2024\n}",
        "round r1 \"First round\" {\n  date: 2024-13\n}",
    ),
    (
        "an interview with a count in words",
        "interview ivs \"interviewees\" {\n  count: 2",
        "interview ivs \"interviewees\" {\n  count: two",
    ),
    (
        "an interview with an unknown property",
        "interview ivs \"interviewees\" {\n  count: 2",
        "interview ivs \"interviewees\" {\n  cont: 2",
    ),
    (
        "a concept with a bad colour",
        "concept c1 \"Concept one\"",
        "concept c1 \"Concept one\" {\n        colour: \"reddish\"\n      }",
    ),
    (
        "a concept with two properties on one line",
        "concept c2 \"Concept two\" {\n        effect: enables\n      }",
        "concept c2 \"Concept two\" { effect: enables  colour: \"#4E79A7\" }",
    ),
    (
        "a concept with a property after its head, without a block",
        "concept c2 \"Concept two\" {\n        effect: enables\n      }",
        "concept c2 \"Concept two\" effect: enables",
    ),
    (
        "a theme with a syntax error inside",
        "theme th \"Theme\" {\n      concept c1",
        "theme th \"Theme\" {\n      definition \"x\" y\n      concept c1",
    ),
];

/// The errors of `source`, as (code, where, the text there).
fn errors(source: &str) -> Vec<(String, std::ops::Range<usize>, String)> {
    compile(source)
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = source.get(d.span.clone()).unwrap_or("").to_string();
            (d.code.to_string(), d.span, at)
        })
        .collect()
}

#[test]
fn the_base_is_valid_and_its_references_are_checked() {
    assert!(errors(BASE).is_empty(), "{:#?}", errors(BASE));
    // Each reference the cases rely on is checked: misspelt, it is an error where it is used.
    for (name, misspelt) in [
        ("phase: one", "phase: onee"),
        ("members: org", "members: orgg"),
        ("round: r1", "round: r11"),
        ("source: ivs\n  phase: two", "source: ivss\n  phase: two"),
        ("row th {", "row thh {"),
        ("supports: c1, c2", "supports: c11, c2"),
        ("one: grp", "one: grpp"),
        ("column: effect", "column: effectt"),
    ] {
        let source = BASE.replacen(name, misspelt, 1);
        let found = errors(&source);
        assert!(
            found
                .iter()
                .any(|(code, _, _)| code.contains("unknown_reference")
                    || code.contains("unknown_attribute")),
            "`{misspelt}` is not reported: {found:#?}"
        );
    }
}

#[test]
fn a_mistake_in_a_declaration_is_reported_there_only() {
    for (what, declaration, broken) in CASES {
        assert!(BASE.contains(declaration), "{what}: not in the base");
        let source = BASE.replacen(declaration, broken, 1);
        let start = source.find(broken).unwrap_or(0);
        let inside = start..start + broken.len();
        let found = errors(&source);
        assert!(!found.is_empty(), "{what}: no error at all");
        let outside: Vec<_> = found
            .iter()
            .filter(|(_, span, _)| span.start < inside.start || span.end > inside.end)
            .collect();
        assert!(
            outside.is_empty(),
            "{what}: errors outside the declaration (follow-on errors): {outside:#?}"
        );
    }
}

/// Columns under a common heading whose attributes are near misses of each other, so that a
/// column left out of the model would draw `like_a_property` on every code that carries it.
const COLUMN_BASE: &str = r#"levels concept "Concepts" -> theme "Themes"

structure caregivers "Themes reported by caregivers" {
  column: picu_n "PICU, n (%)" right under "Number of caregivers",
          onco_n "Oncology, n (%)" right under "Number of caregivers"
  theme honesty "Honest information" {
    picu_n: "8 (67)"
    onco_n: "10 (77)"
    concept truth "Telling the truth"
    concept plain_words "Plain words"
  }
  theme hope "Keeping hope" {
    picu_n: "5 (42)"
    onco_n: "9 (69)"
    concept small_steps "Small steps"
    concept humour "Humour"
  }
}

quote "They told us the truth." {
  by: "Parent 3"
  supports: truth, plain_words, small_steps, humour
}
"#;

#[test]
fn one_mistake_in_a_column_line_draws_one_diagnostic() {
    assert!(compile(COLUMN_BASE).diagnostics.is_empty());
    let picu = r#"picu_n "PICU, n (%)" right under "Number of caregivers""#;
    for broken in [
        r#"picu_n "PICU, n (%)" right undr "Number of caregivers""#,
        r#"picu_n "PICU, n (%)" rihgt under "Number of caregivers""#,
        r#"picu_n "PICU, n (%)" under "Number of caregivers" right"#,
        r#"picu_n "PICU, n (%)" right under "Number of caregivers" right"#,
        r#"picu_n "PICU, n (%)" right under"#,
        r#"picu_n right "PICU, n (%)" under "Number of caregivers""#,
        r#"picu_n "PICU, n (%)" on the right under "Number of caregivers""#,
        r#"picu_n "PICU, n (%)" right under "Number of caregivers" "again""#,
    ] {
        let source = COLUMN_BASE.replacen(picu, broken, 1);
        let diagnostics = compile(&source).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!("{broken}: one diagnostic expected, got {diagnostics:#?}");
        };
        assert!(d.is_error(), "{broken}: {d:#?}");
        let line = source.find(broken).unwrap_or(0);
        assert!(
            d.span.start >= line && d.span.end <= line + broken.len(),
            "{broken}: reported outside the column: {d:#?}"
        );
    }
}
