//! The reference study reproduces the paper's Tables 1-5.
//!
//! Each table is built from `schemas/schmidt-2025-strategizing.codebook` by the real binary,
//! compiled by the real `pdflatex`, and read back with `pdftotext`; its text is compared with
//! the paper's table text, typed from the paper into `tests/reference/table*.txt`.
//!
//! Comparison: letters and digits only, lowercased (so hyphenation, ligatures, quote marks and
//! spacing in the PDF do not matter), and every line of the reference must appear in order.
//! Tables 3 and 4 print a quote beside its concept, theme and dimension, while the reference
//! lists a block's quotes before its labels (and Table 3 its labels column by column); there the
//! quotes are checked in order and every label for its presence, while the labels' order is
//! checked on the table model in `tests/tables.rs`.

mod common;
use codebook::model::{CodeId, Id};
use common::{in_order, letters, root};

/// Build one table of the reference study as a standalone document, compile it, and return
/// its text.
fn pdf_text(table: &str) -> String {
    common::pdf_text("schemas/schmidt-2025-strategizing.codebook", table)
}

fn reference(file: &str) -> Vec<String> {
    let path = root().join("tests/reference").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<String> = text
        .lines()
        .map(letters)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines.len() >= 5, "{file} holds the table's text");
    lines
}

fn check_rows(table: &str, file: &str) {
    let text = letters(&pdf_text(table));
    in_order(table, &text, &reference(file));
}

/// Tables 3 and 4: quotes (lines opening with a quotation mark) and labels, each in order.
fn check_structure(table: &str, file: &str) {
    let text = letters(&pdf_text(table));
    let path = root().join("tests/reference").join(file);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (quotes, labels): (Vec<&str>, Vec<&str>) = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .partition(|l| l.trim_start().starts_with(['“', '"', '‘']));
    assert!(
        quotes.len() >= 8 && labels.len() >= 7,
        "{file} holds quotes and labels"
    );
    let quotes: Vec<String> = quotes.into_iter().map(letters).collect();
    // Labels repeat across a table (the headings, then each block); check them as a sequence.
    // The reference lists the labels column by column, the PDF row by row: each must be there;
    // their order is checked on the table model in tests/tables.rs.
    in_order(table, &text, &quotes);
    for label in labels.into_iter().map(letters) {
        assert!(
            text.contains(&label),
            "{table}: the label `{label}` is missing in the PDF text"
        );
    }
}

#[test]
fn table1_organizations() {
    check_rows("actors", "table1.txt");
}

#[test]
fn table2_data_sources() {
    check_rows("sources", "table2.txt");
}

#[test]
fn table3_modes_of_strategizing() {
    check_structure("modes", "table3.txt");
}

#[test]
fn table4_practices() {
    check_structure("practices", "table4.txt");
}

#[test]
fn table5_phase_matrix() {
    check_rows("phase_matrix", "table5.txt");
}

// ----- further published data structures ----------------------------------------------------

/// A published data structure encoded in `schemas/`: its table, compiled, must show each
/// column of the paper's figure (`tests/reference/FILE`, blocks separated by blank lines,
/// `#` lines are comments) in the paper's order, and nothing may be missing. Returns the PDF's
/// text, letters and digits only.
fn check_published(codebook: &str, table: &str, file: &str) -> String {
    let text = letters(&common::pdf_text(codebook, table));
    let path = root().join("tests/reference").join(file);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let body: Vec<&str> = raw.lines().filter(|l| !l.starts_with('#')).collect();
    let blocks: Vec<Vec<String>> = body
        .split(|l| l.trim().is_empty())
        .map(|b| b.iter().map(|l| letters(l)).collect::<Vec<_>>())
        .filter(|b| !b.is_empty())
        .collect();
    assert!(blocks.len() >= 2, "{file} holds the figure's columns");
    for block in &blocks {
        in_order(table, &text, block);
    }
    text
}

/// IIMT Journal of Management (2025), Figure 2: quotes as first-order codes, no attributions.
#[test]
fn iimtjm_2025_figure2_data_structure() {
    let _ = check_published(
        "schemas/iimtjm-2025-health-advertising.codebook",
        "health_ads",
        "iimtjm-2025-figure2.txt",
    );
}

/// Gamble et al. (2022), BMC Nursing, Table 3: quotes on a theme ("Team Work", no sub-theme)
/// and on sub-themes, no attributions.
#[test]
fn gamble_2022_table3_themes_with_example_quotes() {
    let _ = check_published(
        "schemas/gamble-2022-critical-care-nurses.codebook",
        "nurses",
        "gamble-2022-table3.txt",
    );
}

/// Sturesson & Groth (2018), J Med Internet Res, Table 3: three levels, no quotes at all, and
/// each criterion's code (`column: code "Code"`) printed beside it, as the paper does.
#[test]
fn sturesson_2018_table3_criteria_without_quotes() {
    let file = "sturesson-2018-table3.txt";
    // No quote column: the table's heading row is the codes' column and the three levels.
    let text = check_published_without_quotes(
        "schemas/sturesson-2018-video-visits.codebook",
        "criteria",
        file,
        "Code Criterion Perspective Theme",
    );
    // Each code stands right before its criterion, on the criterion's row: the reference's
    // first block (the codes) paired with its second (the criteria), by their first words.
    let raw = std::fs::read_to_string(root().join("tests/reference").join(file))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let body: Vec<&str> = raw.lines().filter(|l| !l.starts_with('#')).collect();
    let blocks: Vec<Vec<&str>> = body
        .split(|l| l.trim().is_empty())
        .map(<[&str]>::to_vec)
        .filter(|b| !b.is_empty())
        .collect();
    let (codes, criteria) = (&blocks[0], &blocks[1]);
    assert_eq!(codes.len(), 20, "{file}: twenty codes");
    assert_eq!(codes.len(), criteria.len(), "{file}: a code per criterion");
    for (code, criterion) in codes.iter().zip(criteria) {
        let start: Vec<&str> = criterion.split_whitespace().take(4).collect();
        let row = letters(&format!("{code} {}", start.join(" ")));
        assert!(
            text.contains(&row),
            "`{code}` does not stand before `{criterion}`"
        );
    }
}

/// Feijoo-Cid et al. (2023), Health Care Analysis, Table 2: four levels, no quotes, and one code
/// ("Humanized care") the table prints under two subcategories.
#[test]
fn feijoo_cid_2023_table2_code_under_two_parents() {
    let codebook = "schemas/feijoo-cid-2023-hiv-trials.codebook";
    let text = check_published(codebook, "coding", "feijoo-cid-2023-table2.txt");
    // The table's four rows are the levels, the lowest first.
    assert!(text.contains(&letters("Codes Subcategories Categories Theme")));
    // Printed once under each parent, as the paper does, and nowhere else.
    assert_eq!(text.matches(&letters("Humanized care")).count(), 2);
    // Declared once: one code, nested in the institution and also under the doctors.
    let source = std::fs::read_to_string(root().join(codebook)).expect("schema is readable");
    let c = codebook::compile(&source)
        .compiled
        .expect("the schema compiles");
    let id = |name: &str| {
        let i = c.codebook.codes.iter().position(|k| k.id.id == name);
        CodeId::from_index(i.unwrap_or_else(|| panic!("no code `{name}`")))
    };
    let shared = c
        .codebook
        .codes
        .iter()
        .filter(|k| k.label.text == "Humanized care");
    assert_eq!(shared.count(), 1);
    let parents: Vec<_> = c.resolved.parents(id("humanized_care")).collect();
    assert_eq!(parents, [id("institution"), id("doctors")]);
}

/// A published structure without quotes: as `check_published`, and the table has no quote
/// column, its heading row being its levels' headings (`heading`) only.
fn check_published_without_quotes(
    codebook: &str,
    table: &str,
    file: &str,
    heading: &str,
) -> String {
    let text = check_published(codebook, table, file);
    assert!(text.contains(&letters(heading)), "{table}: heading row");
    assert!(!text.contains(&letters("Reference from data material")));
    text
}

/// Aasen et al. (2022), Health Soc Care Community, Table 2: two levels, no quotes, the
/// sub-themes of two participant groups (kept as an attribute) under numbered main themes,
/// "Main themes" the first column as in the paper (`level order: highest first`).
#[test]
fn aasen_2022_table2_subthemes_of_two_groups_without_quotes() {
    let text = check_published_without_quotes(
        "schemas/aasen-2022-hospital-at-home.codebook",
        "negotiating",
        "aasen-2022-table2.txt",
        "Main themes Participants Sub‐themes",
    );
    // Each sub-theme's group (`column: perspective "Participants"`) stands right before it.
    for row in [
        "parents The parents described the homecare nurses",
        "homecare nurses The homecare nurses felt insecure",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
    // Read as the paper's rows: each main theme, then its first sub-theme's group and label,
    // its other sub-themes, then the next main theme.
    in_order(
        "negotiating",
        &text,
        &[
            "1. A complex assignment for all involved parents The parents described",
            "Homecare nurses exerted themselves to enable hospital‐at‐home for children",
            "2. Negotiating safety and trust in caregiving parents The parents experienced",
            "The homecare nurses invested much energy into being perceived as trustworthy",
            "3. Negotiating responsibility in caregiving—development of a partnership at home \
             parents The parents took responsibility",
            "The homecare service put a lot of effort in ensuring continuity of care",
        ]
        .map(letters),
    );
}

/// Hartviksen et al. (2018), BMC Health Serv Res, Table 2: the overall phenomenon as one row
/// across the whole table above its column headings (`overall heading:`), then themes,
/// sub-themes and quotations (`level order: highest first`), quotes without attributions.
#[test]
fn hartviksen_2018_table2_overall_heading_above_the_columns() {
    let text = check_published(
        "schemas/hartviksen-2018-learning-network.codebook",
        "network",
        "hartviksen-2018-table2.txt",
    );
    // The heading row comes before the column headings, which come before the first theme.
    in_order(
        "network",
        &text,
        &[
            "Illustration of the analysis process",
            "HMMs experiences of developing capacity and capability to leadership \
             Themes Sub-themes Quotations Trusted interaction",
        ]
        .map(letters),
    );
    // Each theme, then its first sub-theme, then that sub-theme's first quotation.
    for row in [
        "Trusted interaction despite organizational and structural frames Inter-departmental \
         knowledge and trust because we have the same foundation",
        "Knowledgeable understanding of a complex context Reflective processes The network, it \
         is thinking work",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
}

/// Sandnes & Uhrenfeldt (2022), Int J Qual Stud Health Well-being, Table II: each quote, with
/// its interviewee's letter, beside its condensed meaning unit, sub-theme and main theme.
#[test]
fn sandnes_2022_table2_quotes_to_main_theme() {
    let text = check_published(
        "schemas/sandnes-2022-caring-touch.codebook",
        "touch",
        "sandnes-2022-table2.txt",
    );
    // The quote column is headed as the paper heads it.
    assert!(text.contains(&letters("Quotes from text Condensed meaning units")));
    // The table reads as the paper's, row by row: a quote, then its unit, sub-theme and theme.
    in_order(
        "touch",
        &text,
        &[
            letters("My gut feeling tells me not to touch. (B)"),
            letters("My gut feeling tells me."),
            letters("Eyes and facial expressions"),
            letters("The speaking body"),
            letters("“Yes, I do have pains”. (E)"),
        ],
    );
}

/// Bergerum et al. (2020), BMC Health Serv Res, Table 2: five levels, one chain per row, the
/// quote first; a theoretical code and its category worded alike (not a repeated label: two
/// columns). Encoded from the README alone in an outside trial.
#[test]
fn bergerum_2020_table2_five_levels_one_chain_per_row() {
    let text = check_published(
        "schemas/bergerum-2020-patient-involvement.codebook",
        "analysis",
        "bergerum-2020-table2.txt",
    );
    assert!(text.contains(&letters(
        "Data Initial coding Focused coding Theoretical coding Category Concept"
    )));
    // Row by row: the quote, then its chain from initial code to concept.
    assert!(text.contains(&letters(
        "(Patient 13) The dialogue is important for patient involvement Patient involvement \
         presupposes a dialogue Interaction between patients and healthcare professionals \
         Interaction between patients and healthcare professionals Interaction – dialogue"
    )));
}

/// Normansell et al. (2016), Trials, Table 3: the highest level first and the quotes last
/// (`level order: highest first`); three sub-categories without themes hold their quote
/// themselves. Encoded from the README alone in an outside trial.
#[test]
fn normansell_2016_table3_highest_level_first() {
    let text = check_published(
        "schemas/normansell-2016-pace-up.codebook",
        "positives",
        "normansell-2016-table3.txt",
    );
    assert!(text.contains(&letters("Category Sub-category Theme Quote")));
    // Row by row, as the paper: category, sub-category, theme, quote; and a sub-category
    // without themes beside its own quote.
    for row in [
        "Trial design Venue Pleasant “Our doctor’s practice is lovely” (IDN08)",
        "Research Important/good “It’s a good thing I suppose.",
        "Walking is appropriate “I think walking’s probably the best",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
}

/// Elmberger et al. (2020), BMC Medical Education, Table 3: the data extract first, then code,
/// sub-theme and final theme, one chain per row, each extract attributed to its focus group.
/// Encoded from the README alone in an outside trial.
#[test]
fn elmberger_2020_table3_extract_first_one_chain_per_row() {
    let text = check_published(
        "schemas/elmberger-2020-knotworking.codebook",
        "extracts",
        "elmberger-2020-table3.txt",
    );
    assert!(text.contains(&letters("Data extract Code Sub-theme Final theme")));
    assert!(text.contains(&letters(
        "won’t work. (FG2) Make sure everyone is on board Reach agreement Reconciliation between \
         systems"
    )));
}

/// Phipps et al. (2018), BMC Health Services Research, Table 3: an uneven hierarchy (one
/// subtheme of seven has sub-subthemes) printed as one indented column of themes beside their
/// descriptions, which is what the codebook table prints (`--table codebook`). No quotes.
/// Encoded from the README alone in an outside trial.
#[test]
fn phipps_2018_table3_themes_with_descriptions() {
    let text = check_published(
        "schemas/phipps-2018-pharmacy-improvement.codebook",
        "codebook",
        "phipps-2018-table3.txt",
    );
    // Each label beside its description, row by row.
    for row in [
        "Doing improvement The process of quality and safety",
        "Behavioural intention The formation of behavioural intentions",
        "Knowledge Having access to knowledge",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
}

/// Bolme et al. (2021), BMC Health Services Research, Table 2: four levels read from the
/// meaning unit to the theme, one chain per row, the meaning units set without quotation marks
/// (`quote marks: none`). Encoded in an outside trial.
#[test]
fn bolme_2021_table2_meaning_units_without_marks() {
    let codebook = "schemas/bolme-2021-task-shifting.codebook";
    let text = check_published(codebook, "analysis", "bolme-2021-table2.txt");
    assert!(text.contains(&letters(
        "Meaning units Condensed meaning units Code groups Subthemes Theme"
    )));
    // Row by row: the meaning unit, then its chain up to the theme.
    for row in [
        "administrate injections. Really achieving something good when working at the \
         injection clinic Achieve something good To make a difference Motivation",
        "eat something before I continue. Have to be at the top of your game Capability \
         Responsibility and respect",
        "faith in nurses. Given greater confidence from the department Increased respect",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
    // Bare, as the paper sets them: no quotation mark in the table's text.
    let raw = common::pdf_text(codebook, "analysis");
    assert!(
        !raw.contains(['“', '”']),
        "the meaning units carry no marks"
    );
}

/// Savage et al. (2018), BMJ Leader, Table 2: each theme's cell holds its label and, under it,
/// its quote (`quote place: under labels`), no quote column; the senior and emerging leaders'
/// columns right of the themes. Encoded in an outside trial.
#[test]
fn savage_2018_table2_quotes_in_the_theme_cells() {
    let text = check_published_without_quotes(
        "schemas/savage-2018-physician-leaders.codebook",
        "qualities",
        "savage-2018-table2.txt",
        "Themes Senior leaders Emerging leaders",
    );
    // Row by row, as the paper: the theme's label, its quote and its participant, then the
    // senior and the emerging leaders' cells.
    for row in [
        "I. Clarity of purpose: improve care. I show such a passion for the patient.",
        "good for the patient. (PS18) Trigger to take a leadership role arises from a perceived \
         dissonance between the purpose of healthcare and the status quo. Trigger to take a \
         leadership role arises from their ambition",
        "in the end, you’ll get there. (PS10) Follow-up, keep people accountable",
        "go hand in hand. (PE05) Look forward, see possibilities",
        "IV. Authenticity. I had to be sincere",
        "come to the decision. (PS14) Humility, openness, listen",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
}

/// Dickinson et al. (2020), BMC Medical Education, Table 2: the codes alone with their
/// definitions (`rows codebook: code`), headed "Codes | Code definitions", numbered Table 2
/// after the themes' Table 1, with no theme among its rows. Encoded in an outside trial.
#[test]
fn dickinson_2020_table2_codes_and_their_definitions() {
    let codebook = "schemas/dickinson-2020-biomedical-knowledge.codebook";
    let text = check_published(codebook, "codebook", "dickinson-2020-table2.txt");
    assert!(
        text.contains(&letters(
            "Table 2: Codes and code definitions Codes Code definitions"
        )),
        "numbered and headed as the paper: {text}"
    );
    for row in [
        "1.a. Diagnosis Conduct physical exam",
        "1.d. Patient safety Prevent a missed opportunity",
        "3.a. Educate patients 3.b. Empower patients",
    ] {
        assert!(text.contains(&letters(row)), "`{row}` not in the table");
    }
    for theme in [
        "Knowledge to practice medicine",
        "Lifelong learning",
        "Theme definitions",
    ] {
        assert!(
            !text.contains(&letters(theme)),
            "the theme `{theme}` is not a row of the codes' table"
        );
    }
}

#[test]
fn the_comparison_can_fail() {
    // A word the paper does not print, and the paper's words out of order, are both refused.
    let text = letters("Transparency – Equal participation; Inclusive");
    let ok = std::panic::catch_unwind(|| {
        in_order(
            "t",
            &text,
            &[letters("Equal participation"), letters("Transparency")],
        )
    });
    assert!(ok.is_err());
    let ok = std::panic::catch_unwind(|| in_order("t", &text, &[letters("Hidden agenda")]));
    assert!(ok.is_err());
    in_order(
        "t",
        &text,
        &[
            letters("Transparency"),
            letters("Equal-participation"),
            letters("Inclusive"),
        ],
    );
}

/// RMHP (2021), Table 2 "Summary Themes and Codes", an NVivo export: each theme a row across
/// the table, its nodes and their subnodes under it in ONE column ("Categories and Codes",
/// `level columns: one`), each node's and subnode's counts in the same two columns on its
/// own row. Encoded from the README alone in an outside trial.
#[test]
fn rmhp_2021_table2_nodes_and_subnodes_in_one_column() {
    let text = check_published(
        "schemas/rmhp-2021-pandemic-managers.codebook",
        "summary",
        "rmhp-2021-table2.txt",
    );
    // Three columns, not a column per level and a pair of counts beside each.
    assert!(
        text.contains(&letters(
            "Categories and Codes No. of Interviews References Theme 1"
        )),
        "{text}"
    );
    assert!(!text.contains(&letters("Subnodes")), "{text}");
}

/// Henke, Jones & O'Neill (2022), Frontiers in Psychology, Table 2: each meta-theme a row across
/// the table, each theme in a column of its own, and its groups with their codes indented under
/// them, and the codes right under the theme, sharing ONE column, "Code" (`level columns: one
/// from code_group`); every code's counts in the three columns right of it. Encoded from the README
/// in an outside trial, which found no layout for it then.
#[test]
fn remote_work_2022_table2_groups_and_codes_share_one_column() {
    let text = check_published(
        "schemas/remote-work-2022-codes.codebook",
        "codes",
        "remote-work-2022-table2.txt",
    );
    // Five columns: no column of groups ("Group") beside the codes, no "Theme" of the levels line.
    assert!(
        text.contains(&letters(
            "Theme/Meta-theme Code Leader (N = 35) n (%) IC (N = 24) n (%) Total references Remote Work Skills"
        )),
        "{text}"
    );
    assert!(!text.contains(&letters("Group")), "{text}");
    // A theme's label stands before its first group or code, on that row.
    for row in [
        "Leader Behaviors Enabling Attentive to employee well-being",
        "Remote Work Enablers Organizational Culture Supporting Staff",
    ] {
        assert!(
            text.contains(&letters(row)),
            "`{row}` not in the table: {text}"
        );
    }
}
