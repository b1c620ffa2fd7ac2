//! Messages whose fix works: each mistake draws one error, and the file with the fix its help
//! suggests applied (the suggestion put over the error's span) checks clean.

use codebook::compile;

/// A valid codebook; each case below writes one mistake into it.
const BASE: &str = r#"study "Base" {
  authors: "A. Researcher"
  year: 2024
}

levels concept "First-order concepts" -> theme "Second-order themes" -> dimension "Aggregate dimensions"

structure ds "Data structure" {
  dimension coord "Coordinating care" {
    theme coop "Cooperating with hospitals" {
      concept notes "Reading discharge notes"
      concept advise "Advising hospitals"
    }
    theme holistic "Working for a holistic focus" {
      concept lack_info "Lacking information"
      concept control "Taking control"
    }
  }
}

interview gps "general practitioners" {
  count: 20
  role: "GP"
  date: 2021-03 .. 2021-06
}

phase early "Early" 2021-01 .. 2021-12

quote "Sometimes I need to call and ask them to send an unfinished discharge note." {
  source: gps
  supports: notes
}
quote "I messaged home care nurses, informing them that now we will do it this way." {
  source: gps
  supports: advise
}
quote "I only see him in the office setting." {
  source: gps
  supports: lack_info, control
}
"#;

/// `BASE` with `from` replaced by `to` (which must be in it).
fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

/// The one error `source` draws, its suggestion applied: the file as fixed.
fn fixed(source: &str) -> String {
    let diagnostics = compile(source).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("one error expected, got {diagnostics:#?}");
    };
    let suggestion = d
        .suggestion()
        .unwrap_or_else(|| panic!("a suggestion expected: {d:#?}"));
    let mut out = source.to_string();
    out.replace_range(d.span.clone(), suggestion);
    out
}

fn assert_clean(source: &str) {
    let diagnostics = compile(source).diagnostics;
    assert!(diagnostics.is_empty(), "{source}\n{diagnostics:#?}");
}

#[test]
fn base_is_clean() {
    assert_clean(BASE);
}

#[test]
fn dates_in_words_get_their_iso_form() {
    let cases = [
        ("March 2021 - June 2021", "2021-03 .. 2021-06"),
        ("March 2021 .. June 2021", "2021-03 .. 2021-06"),
        ("March 2021 to June 2021", "2021-03 .. 2021-06"),
        ("March 2021 until June 2021", "2021-03 .. 2021-06"),
        ("March 2021 – June 2021", "2021-03 .. 2021-06"),
        ("Mar. 2021 - Jun. 2021", "2021-03 .. 2021-06"),
        ("Sept 2021", "2021-09"),
        ("March 2021", "2021-03"),
        ("9 March 2021", "2021-03-09"),
        ("9 March 2021 - 2 June 2021", "2021-03-09 .. 2021-06-02"),
        ("\"March 2021 .. June 2021\"", "2021-03 .. 2021-06"),
        ("Q1 2021 - Q2 2021", "2021-01 .. 2021-06"),
        ("Q2 2021", "2021-04 .. 2021-06"),
    ];
    for (written, iso) in cases {
        let source = with("date: 2021-03 .. 2021-06", &format!("date: {written}"));
        let fixed = fixed(&source);
        assert!(
            fixed.contains(&format!("date: {iso}\n")),
            "{written}: {fixed}"
        );
        assert_clean(&fixed);
    }
    // In a quote's attribution and a phase's head.
    for (from, to) in [
        (
            "source: gps\n  supports: advise",
            "source: gps\n  by: \"GP 4\", March 2021\n  supports: advise",
        ),
        (
            "\"Early\" 2021-01 .. 2021-12",
            "\"Early\" January 2021 - December 2021",
        ),
        (
            "\"Early\" 2021-01 .. 2021-12",
            "\"Early\" January 2021 to December 2021",
        ),
    ] {
        assert_clean(&fixed(&with(from, to)));
    }
}

#[test]
fn a_study_year_range_gets_one_year() {
    for written in ["2023-2024", "2023 .. 2024"] {
        let source = with("year: 2024", &format!("year: {written}"));
        let diagnostics = compile(&source).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!("{diagnostics:#?}")
        };
        let help = d.help.as_deref().unwrap_or("");
        assert!(help.contains("`year: 2023` or `year: 2024`"), "{help}");
        assert_clean(&with("year: 2024", "year: 2023"));
    }
    // An interview's `year` is a date: a range stays a range.
    let source = with("date: 2021-03 .. 2021-06", "year: 2021-2022");
    assert_clean(&fixed(&source));
}

#[test]
fn a_property_without_its_colon_gets_it() {
    // Without the comma between label and year, the help shows the line (no suggestion).
    let source = with("supports: advise", "supports: advise\n  by \"GP 4\" 2021");
    let diagnostics = compile(&source).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}")
    };
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.contains("`by: \"GP 4\", 2021`"), "{help}");
    assert_clean(&source.replace("by \"GP 4\" 2021", "by: \"GP 4\", 2021"));
    for (from, to) in [
        ("supports: advise", "supports: advise\n  by \"GP 4\", 2021"),
        ("supports: advise", "supports: advise\n  by \"GP 4\""),
        ("supports: advise", "supports advise, notes"),
        ("supports: advise", "supports advise"),
        ("count: 20", "count 20"),
        ("role: \"GP\"", "role \"GP\""),
    ] {
        assert_clean(&fixed(&with(from, to)));
    }
}

#[test]
fn levels_written_with_commas_read_as_meant() {
    let source = with(
        r#"levels concept "First-order concepts" -> theme "Second-order themes" -> dimension "Aggregate dimensions""#,
        "levels concept, theme, dimension",
    );
    let fixed = fixed(&source);
    assert!(
        fixed.contains("levels concept -> theme -> dimension\n"),
        "{fixed}"
    );
    assert_clean(&fixed);
}

#[test]
fn a_level_left_out_is_added_to_the_levels_line() {
    let source = with(r#" -> dimension "Aggregate dimensions""#, "");
    let diagnostics = compile(&source).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}")
    };
    assert!(
        d.message.contains("`dimension` is not one of the levels"),
        "{d:#?}"
    );
    let help = d.help.as_deref().unwrap_or("");
    let addition = help.rsplit('`').nth(1).unwrap_or_else(|| panic!("{help}"));
    assert_eq!(addition, "-> dimension \"Dimensions\"");
    let fixed = source.replacen(
        r#"theme "Second-order themes""#,
        &format!("theme \"Second-order themes\" {addition}"),
        1,
    );
    assert_clean(&fixed);
}

#[test]
fn a_colour_by_name_gets_its_code() {
    for written in ["blue", "\"blue\"", "Green"] {
        let source = with(
            "concept advise \"Advising hospitals\"",
            &format!(
                "concept advise \"Advising hospitals\" {{\n        colour: {written}\n      }}"
            ),
        );
        assert_clean(&fixed(&source));
    }
}

/// The one diagnostic `source` draws, of this code: its help.
fn only_help(source: &str, code: &str) -> String {
    let diagnostics = compile(source).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("one diagnostic expected, got {diagnostics:#?}");
    };
    assert_eq!(d.code.name(), code, "{d:#?}");
    d.help.clone().unwrap_or_default()
}

/// The pieces a help quotes: `` `listing` to `2005 .. 2015-06` `` gives both names.
fn quoted(help: &str) -> Vec<String> {
    help.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_backwards_range_gets_its_own_dates_in_order() {
    let source = with("2021-01 .. 2021-12", "2021-12 .. 2021-01");
    let help = only_help(&source, "invalid_range");
    let fix = quoted(&help).into_iter().next().unwrap_or_default();
    assert_eq!(fix, "2021-01 .. 2021-12", "{help}");
    assert_clean(&source.replacen("2021-12 .. 2021-01", &fix, 1));
}

/// A quote dated between two phases: the help names both, and widening either as it says
/// checks clean, with or without the quote naming a phase (then `quote_outside_phase`).
#[test]
fn a_quote_in_a_gap_between_phases_is_led_to_a_phase() {
    let gap = with(
        "phase early \"Early\" 2021-01 .. 2021-12\n",
        "phase early \"Early\" 2021-01 .. 2021-12\nphase late \"Late\" 2022-06 .. 2022-12\n",
    )
    .replacen(
        "  source: gps\n  supports: notes\n",
        "  source: gps\n  date: 2022-03\n  supports: notes\n",
        1,
    );
    for (source, code) in [
        (gap.clone(), "quote_without_phase"),
        (
            gap.replacen("  date: 2022-03\n", "  date: 2022-03\n  phase: late\n", 1),
            "quote_outside_phase",
        ),
    ] {
        let help = only_help(&source, code);
        assert!(
            help.contains("`early` (2021-01 .. 2021-12) and `late`"),
            "{help}"
        );
        let parts = quoted(&help);
        let widen: Vec<_> = parts
            .windows(2)
            .filter(|w| w[0] == "early" || w[0] == "late")
            .filter(|w| w[1].contains(" .. ") && w[1].contains("2022-03"))
            .collect();
        // With `phase: late`, only `late` widened fits.
        let expected = if code == "quote_outside_phase" { 1 } else { 2 };
        assert_eq!(widen.len(), expected, "{help}");
        for w in widen {
            let line = format!("phase {} \"", w[0]);
            let at = source.find(&line).expect("phase line");
            let end = at + source[at..].find('\n').expect("line end");
            let old = &source[at..end];
            let (head, _) = old.rsplit_once("\" ").expect("label");
            let fixed = source.replacen(old, &format!("{head}\" {}", w[1]), 1);
            assert_clean(&fixed);
        }
    }
}

/// A character that looks like one the language uses (a dash, a colon, an apostrophe, an
/// invisible one) is named, and its fix, applied, checks clean: nothing after it was lost.
#[test]
fn look_alike_characters_get_the_character_meant() {
    for (from, to) in [
        ("concept lack_info", "concept lack\u{2011}info"),
        ("concept lack_info", "concept lack\u{2019}info"),
        ("concept notes", "concept no\u{200B}tes"),
        ("2021-01 .. 2021-12", "2021\u{2013}01 .. 2021-12"),
        ("2021-01 .. 2021-12", "2021-01 .. 2021\u{2212}12"),
        (
            "  source: gps\n  supports: notes",
            "  source\u{FF1A} gps\n  supports: notes",
        ),
        ("year: 2024", "year:\u{3000}2024"),
    ] {
        let source = with(from, to);
        let fixed = fixed(&source);
        assert_clean(&fixed);
    }
}

/// A backslash escape that is almost never meant (`\t`emp, `\n`ew, `\t`extbf in a label) is
/// warned of, each one, and doubling the backslash as the help says checks clean; a quote's
/// `\n` is a line break, and not warned of.
#[test]
fn an_escape_before_letters_gets_a_doubled_backslash() {
    let source = with(
        "concept notes \"Reading discharge notes\"",
        "concept notes \"Notes in C:\\temp\\new and \\textbf\"",
    );
    let diagnostics = compile(&source).diagnostics;
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    let mut fixed = source.clone();
    for d in diagnostics.iter().rev() {
        assert_eq!(d.code.name(), "suspicious_escape");
        fixed.replace_range(d.span.clone(), d.suggestion().expect("a suggestion"));
    }
    assert_clean(&fixed);
    assert_clean(&with(
        "\"Sometimes I need to call",
        "\"First line.\\nSometimes I need to call",
    ));
}

#[test]
fn a_sentence_without_its_hash_is_a_comment_that_lost_it() {
    // At the top of the file, inside a block, with and without a hyphenated word or a colon:
    // never "write `first_line`", always the line as a comment.
    let sentences = [
        "Data: three focus groups with first-line nurse managers.",
        "The quotes come from the focus groups of the second round.",
        "Interviews were transcribed verbatim and coded in two rounds by both authors",
    ];
    for sentence in sentences {
        for (from, to) in [
            ("study \"Base\" {", format!("{sentence}\nstudy \"Base\" {{")),
            ("  year: 2024\n", format!("  year: 2024\n  {sentence}\n")),
            (
                "  role: \"GP\"\n",
                format!("  role: \"GP\"\n    {sentence}\n"),
            ),
        ] {
            let source = with(from, &to);
            let diagnostics = compile(&source).diagnostics;
            let [d] = diagnostics.as_slice() else {
                panic!("{sentence}: one error expected, got {diagnostics:#?}");
            };
            assert!(d.message.contains("lost its `#`"), "{sentence}: {d:#?}");
            assert!(
                !d.help.as_deref().unwrap_or("").contains("write `"),
                "{d:#?}"
            );
            let fixed = fixed(&source);
            assert!(fixed.contains(&format!("# {sentence}\n")), "{fixed}");
            assert_clean(&fixed);
        }
    }
    // A line with a hyphenated name that is no sentence keeps the identifier's message.
    let source = with("concept notes ", "concept discharge-notes ");
    let diagnostics = compile(&source).diagnostics;
    assert!(
        diagnostics
            .iter()
            .any(|d| d.help.as_deref().unwrap_or("").contains("discharge_notes")),
        "{diagnostics:#?}"
    );
}

#[test]
fn a_speaker_in_parentheses_after_a_quote_is_written_by() {
    let opening = "quote \"I only see him in the office setting.\" {\n  source: gps\n";
    for (written, by) in [("(GP 4)", "GP 4"), ("(H4)", "H4")] {
        // With the block opened on the line, and without a block at all.
        for (from, to) in [
            (
                opening.to_string(),
                format!(
                    "quote \"I only see him in the office setting.\" {written} {{\n  source: gps\n"
                ),
            ),
            // A quote inside its concept's block, itself without a block.
            (
                "      concept advise \"Advising hospitals\"\n".to_string(),
                format!(
                    "      concept advise \"Advising hospitals\" {{\n        quote \"We call them.\" {written}\n      }}\n"
                ),
            ),
        ] {
            let source = with(&from, &to);
            let diagnostics = compile(&source).diagnostics;
            let [d] = diagnostics.as_slice() else {
                panic!("{written}: one error expected, got {diagnostics:#?}");
            };
            let help = d.help.as_deref().unwrap_or("");
            assert!(help.contains(&format!("by: \"{by}\"")), "{help}");
            let fixed = fixed(&source);
            assert!(fixed.contains(&format!("  by: \"{by}\"\n")), "{fixed}");
            let c = compile(&fixed);
            assert!(
                c.diagnostics.iter().all(|d| !d.is_error()),
                "{fixed}\n{:#?}",
                c.diagnostics
            );
        }
    }
}

#[test]
fn a_code_nested_on_the_wrong_level_is_not_also_childless() {
    // A theme and a concept swapped: the theme in the concept is an error, the concept right
    // under the dimension a skipped level (a warning), and no `childless_code` for the
    // dimension or the theme, which visibly hold codes.
    let source = with(
        "    theme coop \"Cooperating with hospitals\" {\n      concept notes \"Reading discharge notes\"\n      concept advise \"Advising hospitals\"\n    }",
        "    concept notes \"Reading discharge notes\" {\n      theme coop \"Cooperating with hospitals\"\n    }\n    theme coop2 \"Cooperating\" {\n      concept advise \"Advising hospitals\"\n    }",
    );
    let diagnostics = compile(&source).diagnostics;
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(
        codes,
        ["wrong_parent_level", "skipped_level"],
        "{diagnostics:#?}"
    );
    // A theme whose only code is a theme nested in it by mistake: not childless either.
    let source = with(
        "    theme holistic \"Working for a holistic focus\" {\n      concept lack_info",
        "    theme holistic \"Working for a holistic focus\" {\n      theme inner \"Inner\" {\n      concept lack_info",
    )
    .replacen(
        "      concept control \"Taking control\"\n",
        "      concept control \"Taking control\"\n      }\n",
        1,
    );
    let diagnostics = compile(&source).diagnostics;
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["wrong_parent_level"], "{diagnostics:#?}");
}

/// `level columns: one from` a name that is not a level: one error, whose suggestion (the
/// level meant) checks clean; the lowest level, which would share no column, is refused.
#[test]
fn level_columns_from_a_level_that_is_none_gets_the_level_meant() {
    let source = with(
        "structure ds \"Data structure\" {\n",
        "structure ds \"Data structure\" {\n  level columns: one from themes\n",
    );
    let fixed = fixed(&source);
    assert!(fixed.contains("level columns: one from theme\n"), "{fixed}");
    assert_clean(&fixed);
    let lowest = compile(&with(
        "structure ds \"Data structure\" {\n",
        "structure ds \"Data structure\" {\n  level columns: one from concept\n",
    ))
    .diagnostics;
    let [d] = lowest.as_slice() else {
        panic!("{lowest:#?}")
    };
    assert!(d.message.contains("the lowest level"), "{d:#?}");
}

/// A structure whose columns stand under one common heading, a phase table with its columns
/// under one, and a code shared by two themes: the words after a value's first parts.
const COLUMNS: &str = r#"levels concept "Concepts" -> theme "Themes"

structure caregivers "Themes reported by caregivers" {
  column: picu "PICU, n (%)" right under "Number of caregivers, n (%)",
          oncology "Oncology, n (%)" right under "Number of caregivers, n (%)",
          coded after label "[…]"
  theme honesty "Honest information" {
    picu: "8 (67)"
    oncology: "10 (77)"
    concept truth "Telling the truth" {
      coded: 3
      quote "They told us the truth." {
        by: "Parent 3"
      }
    }
    concept plain_words "Plain words"
  }
  theme hope "Keeping hope" {
    picu: "5 (42)"
    oncology: "9 (69)"
    concept small_steps "Small steps"
    concept plain_again "Plain words, again" {
      also under: honesty after truth
    }
  }
}

quote "They spoke to us without jargon." {
  by: "Parent 5"
  supports: plain_words, small_steps, plain_again
}

column phases: activity "Activity" under "What was done",
               description "Description" left under "What was done"
phase p1 "Phase 1" 2021 {
  activity: "Interviews"
  description: "Talking to parents."
}
"#;

#[test]
fn a_near_miss_of_a_word_after_a_value_gets_that_word() {
    assert_clean(COLUMNS);
    for (from, to, meant) in [
        ("right under \"Number", "right undr \"Number", "under"),
        ("right under \"Number", "rigth under \"Number", "right"),
        ("right under \"Number", "Right under \"Number", "right"),
        ("\"Activity\" under", "\"Activity\" uner", "under"),
        ("left under \"What", "lfet under \"What", "left"),
        ("coded after label", "coded aftr label", "after"),
        ("coded after label", "coded after lable", "label"),
        ("honesty after truth", "honesty afer truth", "after"),
        ("honesty after truth", "honesty befor truth", "before"),
    ] {
        assert!(COLUMNS.contains(from), "{from}");
        let source = COLUMNS.replacen(from, to, 1);
        let diagnostics = compile(&source).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!("{to}: one error expected, got {diagnostics:#?}");
        };
        assert_eq!(d.suggestion(), Some(meant), "{to}: {d:#?}");
        assert_eq!(
            d.help.as_deref(),
            Some(format!("did you mean `{meant}`?").as_str())
        );
        let mut fixed = source.clone();
        fixed.replace_range(d.span.clone(), meant);
        // `before truth` is a fine place too; `Right` becomes `right`.
        assert_clean(&fixed);
    }
}

#[test]
fn a_column_with_under_before_right_gets_one_error_with_the_line_in_order() {
    for (from, to) in [
        (
            "\"PICU, n (%)\" right under \"Number of caregivers, n (%)\"",
            "\"PICU, n (%)\" under \"Number of caregivers, n (%)\" right",
        ),
        (
            "\"Description\" left under \"What was done\"",
            "\"Description\" under \"What was done\" left",
        ),
    ] {
        let source = COLUMNS.replacen(from, to, 1);
        let diagnostics = compile(&source).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!("{to}: one error expected, got {diagnostics:#?}");
        };
        assert!(d.message.contains("goes before `under`"), "{d:#?}");
        let help = d.help.as_deref().unwrap_or("");
        let in_order = from.to_string();
        assert!(help.contains(&in_order), "{help}");
        let fixed = fixed(&source);
        assert_eq!(fixed, COLUMNS);
    }
}

#[test]
fn headings_that_differ_only_slightly_are_written_alike() {
    for written in [
        "Number of caregivers n (%)",
        "Number of Caregivers, n (%)",
        "Number of  caregivers, n (%)",
        "Number of caregivrs, n (%)",
    ] {
        let oncology = "\"Oncology, n (%)\" right under \"Number of caregivers, n (%)\"";
        assert!(COLUMNS.contains(oncology));
        let source = COLUMNS.replacen(
            oncology,
            &format!("\"Oncology, n (%)\" right under \"{written}\""),
            1,
        );
        let diagnostics = compile(&source).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!("{written}: one warning expected, got {diagnostics:#?}");
        };
        assert_eq!(d.code.name(), "near_heading");
        assert!(!d.is_error());
        assert!(d.message.contains(written), "{d:#?}");
        assert_eq!(d.labels.len(), 1, "both texts pointed at: {d:#?}");
        assert_eq!(fixed(&source), COLUMNS);
    }
    // Headings that differ in a number, a plural, a word of one letter, or in more than a
    // slip, are two headings.
    for (a, b) in [
        ("Wave 1", "Wave 2"),
        ("Mothers", "Fathers"),
        ("Mother", "Mothers"),
        ("Number of caregivers, n (%)", "Number of caregiver, n (%)"),
        ("Group A", "Group B"),
    ] {
        let source = COLUMNS
            .replacen("Number of caregivers, n (%)", a, 1)
            .replacen("Number of caregivers, n (%)", b, 1);
        let codes: Vec<&str> = compile(&source)
            .diagnostics
            .iter()
            .map(|d| d.code.name())
            .collect();
        assert!(!codes.contains(&"near_heading"), "{a} / {b}: {codes:?}");
    }
}

#[test]
fn a_warning_in_many_places_is_shown_once_and_listed_in_full_for_programs() {
    let names: Vec<String> = (1..=23).map(|i| format!("c{i}")).collect();
    // 23 concepts right under the dimension `coord`, each with a quote.
    let nested: String = names
        .iter()
        .map(|n| format!("    concept {n} \"Concept {n}\"\n"))
        .collect();
    let mut source = BASE.replacen(
        "  }\n}\n\ninterview",
        &format!("{nested}  }}\n}}\n\ninterview"),
        1,
    );
    source.push_str(&format!(
        "quote \"More.\" {{\n  source: gps\n  supports: {}\n}}\n",
        names.join(", ")
    ));
    let diagnostics = compile(&source).diagnostics;
    assert_eq!(diagnostics.len(), 23, "{diagnostics:#?}");
    assert!(diagnostics.iter().all(|d| d.code.name() == "skipped_level"));
    let shown = codebook::report::human("many.codebook", &source, &diagnostics);
    assert_eq!(
        shown.matches("codebook::skipped_level").count(),
        1,
        "{shown}"
    );
    assert!(
        shown.contains("23 concepts of `ds` stand right under dimensions"),
        "{shown}"
    );
    assert!(shown.contains("and 20 more: `c4` (line"), "{shown}");
    assert!(shown.contains("and 12 others"), "{shown}");
    assert!(
        shown.ends_with("many.codebook: ok, with 23 warnings\n"),
        "{shown}"
    );
    // Programs get every place.
    let json = codebook::report::json("many.codebook", &source, &diagnostics);
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(23));
    // Denied, they are errors, shown once as well.
    let denied = codebook::diagnostics::LintLevels::from_names(&["warnings".to_string()], &[])
        .map(|l| l.apply(diagnostics.clone()))
        .unwrap_or_default();
    assert!(denied.iter().all(|d| d.is_error()) && denied.len() == 23);
    let shown = codebook::report::human("many.codebook", &source, &denied);
    assert_eq!(
        shown.matches("codebook::skipped_level").count(),
        1,
        "{shown}"
    );
    assert!(shown.ends_with("many.codebook: 23 errors\n"), "{shown}");
}

/// A `levels` line written highest first, as a paper lists its columns: one error, whose fix
/// (the line lowest first) checks clean.
#[test]
fn a_levels_line_written_highest_first_gets_it_lowest_first() {
    let source = "levels concept \"Main Concept\" -> subconcept \"Sub-Concept\"\n\
                  structure s \"S\" {\n  concept rep \"Repercussions\" {\n    subconcept fin \"Financial\" {\n      quote \"x\" { by: \"RA\" }\n    }\n    subconcept staff \"Staff\" {\n      quote \"y\" { by: \"RB\" }\n    }\n  }\n}\n";
    let diagnostics = compile(source).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}")
    };
    assert_eq!(d.code.name(), "invalid_levels");
    assert_clean(&fixed(source));
}

/// Each `}` standing first on its line in `source`, deleted in turn: the error says where the
/// block ends (the line the indentation shows, or the file's end), and the `}` put there on a
/// line of its own, indented as its help says, gives the diagnostics of `source` again. The
/// error points at most `reach` lines below the deleted `}` (blank and comment lines between).
fn each_close_deleted_is_placed(name: &str, source: &str, reach: usize) {
    let line_start = |s: &str, line: usize| -> usize {
        s.split_inclusive('\n').take(line - 1).map(str::len).sum()
    };
    let line_of = |s: &str, i: usize| s[..i].matches('\n').count() + 1;
    let expected = compile(source).diagnostics.len();
    let closes: Vec<usize> = source
        .match_indices('}')
        .map(|(i, _)| i)
        .filter(|&i| {
            source[line_start(source, line_of(source, i))..i]
                .trim()
                .is_empty()
        })
        .collect();
    assert!(!closes.is_empty(), "{name}");
    for at in closes {
        let deleted_line = line_of(source, at);
        let mut broken = source.to_string();
        broken.remove(at);
        let diagnostics = compile(&broken).diagnostics;
        let [d] = diagnostics.as_slice() else {
            panic!(
                "{name}, `}}` of line {deleted_line} deleted: one error expected, got {diagnostics:#?}"
            );
        };
        assert_eq!(d.code.name(), "syntax_error", "{d:#?}");
        let help = d.help.clone().unwrap_or_default();
        // Where the `}` goes: after the line the help names, or after the line marked as the
        // file's last; indented as the line that opens the block.
        let (after, indent) = if let Some(rest) = help.split("after line ").nth(1) {
            let after: usize = rest.split(',').next().unwrap().parse().unwrap();
            let opened: usize = rest
                .rsplit("on line ")
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{help}"));
            let l = &broken[line_start(&broken, opened)..];
            (after, l.len() - l.trim_start_matches(' ').len())
        } else {
            assert_eq!(
                d.message, "the file ends while this block is still open",
                "{d:#?}"
            );
            let last = d.labels.last().expect("the file's last line marked");
            let l = &broken[line_start(&broken, line_of(&broken, d.span.start))..];
            (
                line_of(&broken, last.span.start),
                l.len() - l.trim_start_matches(' ').len(),
            )
        };
        let pointed = line_of(&broken, d.span.start);
        assert!(
            (deleted_line..=deleted_line + reach).contains(&pointed)
                || d.message.starts_with("the file ends"),
            "{name}, `}}` of line {deleted_line} deleted: error on line {pointed}\n{d:#?}"
        );
        let mut mended = broken.clone();
        let at = line_start(&mended, after + 1).min(mended.len());
        let newline = if mended[..at].ends_with('\n') {
            ""
        } else {
            "\n"
        };
        mended.insert_str(at, &format!("{newline}{}}}\n", " ".repeat(indent)));
        assert_eq!(
            compile(&mended).diagnostics.len(),
            expected,
            "{name}, `}}` of line {deleted_line} deleted, put back after line {after}: {help}\n{mended}"
        );
    }
}

#[test]
fn a_close_left_out_is_put_where_the_indentation_shows() {
    each_close_deleted_is_placed("BASE", BASE, 2);
    // Every shipped codebook: blank lines and comments may stand before the next block.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "codebook"))
        .collect();
    files.sort();
    for f in files {
        let source = std::fs::read_to_string(&f).unwrap();
        each_close_deleted_is_placed(&f.display().to_string(), &source, 20);
    }
}

#[test]
fn a_close_left_out_in_a_file_indented_with_tabs_is_placed() {
    let tabs = BASE.replace("  ", "\t");
    let diagnostics =
        compile(&tabs.replacen("\t\t}\n\t\ttheme holistic", "\t\ttheme holistic", 1)).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}");
    };
    assert_eq!(
        d.message,
        "the block of `theme coop` is never closed: its `}` is missing before line 13"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("add `}` on a line of its own after line 12, indented like `theme coop` on line 10")
    );
    // Line breaks written `\r\n` count as one.
    let crlf = BASE
        .replacen("    }\n    theme holistic", "    theme holistic", 1)
        .replace('\n', "\r\n");
    let diagnostics = compile(&crlf).diagnostics;
    let [d] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}");
    };
    assert_eq!(
        d.message,
        "the block of `theme coop` is never closed: its `}` is missing before line 13"
    );
}
