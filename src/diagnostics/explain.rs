//! What `codebook explain CODE` says: each code's meaning, an example that draws it (run by
//! `tests/explain.rs`), and the fix.

use super::{DiagnosticCode, Severity};

/// What `codebook explain CODE` says about a code, in a researcher's terms.
#[derive(Debug, Clone, Copy)]
pub struct Explanation {
    /// What the diagnostic means.
    pub means: &'static str,
    /// A codebook (or a command) that draws it.
    pub example: Example,
    /// What to do about it.
    pub fix: &'static str,
}

/// How an explanation shows its code happening. `tests/explain.rs` runs every example and
/// holds it to drawing its code, so the examples cannot fall out of date.
#[derive(Debug, Clone, Copy)]
pub enum Example {
    /// Lines that draw the code from `codebook check` when written below [`EXAMPLE_BASE`].
    After(&'static str),
    /// A whole codebook that draws the code from `codebook check`.
    Whole(&'static str),
    /// Lines that check clean below [`EXAMPLE_BASE`], and the `codebook build` options that
    /// draw the code.
    Build {
        /// Lines written below [`EXAMPLE_BASE`].
        after: &'static str,
        /// The `codebook build` options, as typed on the command line.
        options: &'static str,
    },
    /// What makes it happen, in words: the file as a whole, not its text, is the problem.
    Described(&'static str),
}

/// The data structure of [`EXAMPLE_BASE`], under the identifier `$id`.
macro_rules! structure {
    ($id:literal) => {
        concat!(
            "structure ",
            $id,
            " \"Keeping in touch\" {\n",
            "  dimension rhythm \"Rhythms of contact\" {\n",
            "    theme routine \"Routine\" {\n",
            "      concept standups \"Daily stand-ups\"\n",
            "      concept weekly_notes \"Weekly notes\"\n",
            "    }\n",
            "    theme ad_hoc \"Ad hoc\" {\n",
            "      concept quick_calls \"Quick calls\"\n",
            "      concept chat_threads \"Chat threads\"\n",
            "    }\n",
            "  }\n",
            "}\n",
        )
    };
}

/// The quote of [`EXAMPLE_BASE`], supporting `$supports`.
macro_rules! morning_quote {
    ($supports:literal) => {
        concat!(
            "quote \"Every morning at nine we meet for ten minutes.\" {\n",
            "  by: \"team lead\", 2025\n",
            "  supports: ",
            $supports,
            "\n}\n",
        )
    };
}

/// The valid codebook most examples are written below: one small data structure and a quote
/// that supports each of its concepts.
pub const EXAMPLE_BASE: &str = concat!(
    structure!("contact"),
    morning_quote!("standups, weekly_notes, quick_calls, chat_threads"),
);

/// What an example written below [`EXAMPLE_BASE`] says of what stands above it (as a comment,
/// so that the example stays a codebook).
pub const EXAMPLE_BASE_NOTE: &str = "Below a data structure `contact`: the dimension `rhythm` \
groups the themes `routine` (concepts `standups`, `weekly_notes`) and `ad_hoc` (concepts \
`quick_calls`, `chat_threads`); a quote supports each concept.";

/// A matrix of an actor's group in two phases, with one row, `rhythm`.
macro_rules! matrix {
    ($columns:literal, $cells:literal) => {
        concat!(
            "actor eng \"Engineering team\"\n",
            "group devs \"Developers\" {\n",
            "  members: eng\n",
            "}\n",
            "phase forming \"Forming\" 2024\n",
            "phase settling \"Settling in\" 2025\n",
            "matrix contact_by_phase \"Contact by phase\" {\n",
            "  columns {\n",
            $columns,
            "  }\n",
            "  row rhythm {\n",
            $cells,
            "  }\n",
            "}\n",
        )
    };
}

/// The example of the headings over columns (`split_heading`, `near_heading`): a structure
/// with these `column:` lines and one theme carrying `picu`, `oncology` and these attributes.
macro_rules! caregivers {
    ($columns:expr, $attributes:expr) => {
        concat!(
            "allow: single_child\n",
            "levels concept \"Concepts\" -> theme \"Themes\"\n",
            "structure s \"Caregivers' themes\" {\n",
            $columns,
            "  theme t \"Honesty\" {\n",
            "    picu: \"8\"\n",
            "    oncology: \"10\"\n",
            $attributes,
            "    concept c \"Truth\" {\n",
            "      quote \"They told us the truth.\" {\n",
            "        by: \"Parent 3\"\n",
            "      }\n",
            "    }\n",
            "  }\n",
            "}\n",
        )
    };
}

impl DiagnosticCode {
    /// What the code means, an example, and the fix.
    pub fn explanation(self) -> Explanation {
        use Example::*;
        let (means, example, fix) = match self {
            DiagnosticCode::SyntaxError => (
                "A line does not follow the way a codebook is written: a character where none \
                 belongs, a text or a block that is never closed, a property written with `=` \
                 instead of `:`. The message says what was expected at that place.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports = quick_calls\n}\n",
                ),
                "Look at the place the message points to and compare it with a declaration that \
                 works: properties are written `name: value`, texts stand between straight \
                 double quotes (\"...\", not “...”), and every `{` has its `}`.",
            ),
            DiagnosticCode::InvalidUtf8 => (
                "The file is not saved as UTF-8, the text encoding codebook reads. Letters \
                 beyond plain English (ä, é, ß, typographic quotes) are then stored as bytes \
                 UTF-8 does not allow; a file saved as UTF-16 (\"Unicode\") has a zero byte \
                 beside nearly every letter.",
                Described(
                    "A codebook with a `ß` or `é` saved by an older Windows program (in the \
                     Windows-1252 or Latin-1 encoding), or saved as \"Unicode\" (UTF-16) by \
                     Notepad or Word.",
                ),
                "Open the file in your editor and save it as UTF-8: in most editors Save As… → \
                 Encoding: UTF-8 (in Word, save as Plain Text and choose Unicode (UTF-8)). Then \
                 check the letters near the place the message points to.",
            ),
            DiagnosticCode::NotACodebook => (
                "The file is another kind of file than a codebook's text: a Word document, a \
                 PDF, a spreadsheet, a REFI-QDA project exported by a QDA program, the JSON \
                 `codebook build --to json` writes, a web page or an image. Such a file is \
                 reported once, by what it is, instead of as a hundred syntax errors.",
                Whole("{\n  \"schema_version\": 1,\n  \"structures\": []\n}\n"),
                "Check the `.codebook` file itself. A codebook kept in a Word document is saved \
                 as plain text (File → Save As → Plain Text, encoding UTF-8) in a file ending in \
                 `.codebook`; a REFI-QDA codebook (.qdc) or project (.qdpx) becomes one with \
                 `codebook import FILE -o study.codebook`.",
            ),
            DiagnosticCode::TooDeep => (
                "Blocks (`{ ... }`) are nested deeper than codebook reads: more than 64 levels. \
                 A data structure needs one level of blocks per level of codes, so this is \
                 almost always a file made by a program, or text pasted in by mistake.",
                Described(
                    "A `structure` block with a `dimension` block inside, a `dimension` inside \
                     that, and so on, 65 deep.",
                ),
                "Close the blocks that should be closed, or write a deep structure flat, with \
                 `map child -> parent` lines instead of nesting.",
            ),
            DiagnosticCode::TooLarge => (
                "The file is larger than the 256 MiB a codebook may have.",
                Described(
                    "A codebook of more than 256 MiB, such as one into which whole transcripts \
                     were pasted many times over.",
                ),
                "Split the study into several codebook files, one for each data structure for \
                 example, and check each of them.",
            ),
            DiagnosticCode::UnreadableFile => (
                "codebook could not open the file: there is no file at that path, the path names \
                 a folder, or you may not read the file.",
                Described(
                    "`codebook check studdy.codebook` when no file of that name is in the \
                     folder, or `codebook check schemas`, which names a folder.",
                ),
                "Check the file's name and the folder you run the command in, and name the \
                 `.codebook` file itself, not the folder it is in.",
            ),
            DiagnosticCode::UnknownDeclaration => (
                "A line starts with a word that is not a kind of declaration, or a declaration \
                 stands where it cannot: a misspelt `concpet`, or a concept written outside \
                 every `structure` block.",
                After("concept video_calls \"Video calls\"\n"),
                "Correct the spelling (the message suggests the nearest word), or move the \
                 declaration into the block it belongs in: codes go inside a `structure`.",
            ),
            DiagnosticCode::UnknownProperty => (
                "A property (the `name:` at the start of a line inside a block) that this kind \
                 of declaration does not have, usually a misspelling such as `suports:` or \
                 `definiton:`.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports: quick_calls\n  dat: 2025-03-01\n}\n",
                ),
                "Correct the name; the message suggests the nearest property this declaration \
                 has.",
            ),
            DiagnosticCode::MissingName => (
                "A declaration that others refer to needs an identifier: a short name of \
                 letters, digits and `_`, written after the kind of declaration and before its \
                 quoted label.",
                After("phase \"Forming\" 2024-01 .. 2024-12\n"),
                "Write an identifier after the kind: `phase forming \"Forming\" 2024-01 .. \
                 2024-12`. It is how quotes and other declarations name it (`phase: forming`).",
            ),
            DiagnosticCode::InvalidIdentifier => (
                "An identifier is the short name other declarations use to refer to something: \
                 one word of letters, digits and `_`, starting with a letter. A hyphen, a blank \
                 or a digit at the start makes it none: `weekly-notes`, `weekly notes` and \
                 `2weekly` are not identifiers.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports: quick-calls\n}\n",
                ),
                "Write it with `_` instead of hyphens and blanks, and with a letter first \
                 (`weekly_notes`, `weekly2`): the message gives the fixed spelling. Use the same \
                 spelling wherever the identifier is referred to.",
            ),
            DiagnosticCode::MissingLabel => (
                "A declaration needs a label in double quotes after its identifier: the text \
                 tables and figures print for it.",
                After("phase forming 2024-01 .. 2024-12\n"),
                "Write the label in double quotes after the identifier: `phase forming \
                 \"Forming\" 2024-01 .. 2024-12`.",
            ),
            DiagnosticCode::EmptyText => (
                "A label, definition or quote text is empty, or holds nothing but spaces.",
                After("quote \"\" {\n  by: \"developer\", 2025\n  supports: quick_calls\n}\n"),
                "Write the text between the quotes, or remove the declaration.",
            ),
            DiagnosticCode::InvalidValue => (
                "A property's value is not of the form the property takes: a word where a text \
                 in quotes is needed, a number where a date is needed, `maybe` where `yes` or \
                 `no` is needed.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports: quick_calls\n  representative: maybe\n}\n",
                ),
                "Write the value in the form the message's help shows.",
            ),
            DiagnosticCode::MissingProperty => (
                "A declaration lacks something it needs: a group without its members, a \
                 turning point without its date, an undated phase beside dated ones (a file's \
                 phases are dated all or none; undated phases are ordered as written).",
                After("phase forming \"Forming\"\nphase settling \"Settling in\" 2025\n"),
                "Add what the message names, for a phase its dates: `phase forming \"Forming\" \
                 2024-01 .. 2024-12`; or, for a study that does not date its phases, leave the \
                 dates out of every phase.",
            ),
            DiagnosticCode::DuplicateProperty => (
                "A property is given twice in one declaration, so it is unclear which one \
                 counts.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  by: \
                     \"team lead\", 2025\n  supports: quick_calls\n}\n",
                ),
                "Keep one of the two lines. Several values go on one line, separated by \
                 commas: `supports: standups, quick_calls`.",
            ),
            DiagnosticCode::InvalidDate => (
                "A date that does not exist, such as 30 February or a 13th month.",
                After("phase forming \"Forming\" 2024-02-30 .. 2024-12\n"),
                "Correct the date. Dates are written year-month-day (2024-02-29), year-month \
                 (2024-02) or as a year (2024).",
            ),
            DiagnosticCode::InvalidLevels => (
                "The `levels` line, which names the levels of codes from the lowest up, names a \
                 level twice or with a word codebook reserves (such as `quote`), or the file has \
                 two `levels` lines.",
                Whole("levels concept -> theme -> concept\n"),
                "Write one `levels` line, lowest level first, with a name of its own for each \
                 level: `levels concept -> theme -> dimension`.",
            ),
            DiagnosticCode::DuplicateDefinition => (
                "Two declarations have the same identifier, so a reference to it could mean \
                 either of them.",
                After("phase forming \"Forming\" 2024\nphase forming \"Settling in\" 2025\n"),
                "Rename one of the two, and the lines that refer to it.",
            ),
            DiagnosticCode::ReservedName => (
                "A structure or matrix is called `actors`, `sources`, `codebook` or `timeline`: \
                 names codebook gives the tables and figures it makes itself (`--table \
                 sources`).",
                Whole(concat!(
                    structure!("sources"),
                    morning_quote!("standups, weekly_notes, quick_calls, chat_threads"),
                )),
                "Choose another identifier for it, such as `contact`.",
            ),
            DiagnosticCode::InvalidLabel => (
                "A table's LaTeX label (`label: \"tab:...\"`, what `\\ref` finds it by) is used \
                 for two tables, or holds a character a label cannot: a space, `_`, `%`, `#`, \
                 `$`, `&`, braces or a backslash.",
                After("label actors: \"tab:people\"\nlabel sources: \"tab:people\"\n"),
                "Give each table its own label of letters, digits, `:`, `-` and `.`, such as \
                 `tab:people` and `tab:sources`.",
            ),
            DiagnosticCode::UnknownReference => (
                "A name refers to nothing the file declares: a misspelt identifier after \
                 `supports:`, `phase:`, `source:` or `actor:`, in a `map` line or a matrix, or \
                 the name of a declaration that was deleted or renamed.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports: quick_call\n}\n",
                ),
                "Correct the name (the message suggests the nearest identifier), or declare \
                 what it refers to.",
            ),
            DiagnosticCode::CodedBelowQuotes => (
                "A code's `coded:` says how many segments of the data are coded with it \
                 (`coded: 62 quotations`); the quotes the file gives it (those whose \
                 `supports:` names it, or written inside its block) are a selection of them. A \
                 count smaller than those quotes cannot be right: a segment miscounted, or a \
                 quote that supports another code.",
                Whole(concat!(
                    "levels theme \"Themes\"\n",
                    "structure reminders \"Themes\" {\n",
                    "  theme routine \"Texts as reminders\" {\n",
                    "    coded: 1 quotation\n",
                    "  }\n",
                    "}\n",
                    "quote \"It reminds me to check my sugar.\" {\n",
                    "  by: \"P1\", 2012\n",
                    "  supports: routine\n",
                    "}\n",
                    "quote \"I take my pills when it texts me.\" {\n",
                    "  by: \"P2\", 2012\n",
                    "  supports: routine\n",
                    "}\n",
                )),
                "Count every segment coded with the code in the data (`coded: 62 quotations`), \
                 at least as many as its quotes in the file; or move a quote to the code it \
                 supports.",
            ),
            DiagnosticCode::UnknownAttribute => (
                "A structure's `column:` (a column of its table that prints an attribute of \
                 each code, such as `code: \"1a\"`) names an attribute that no code of the \
                 structure carries: a misspelt name, or attributes given to the codes of \
                 another structure. The column would be empty.",
                Whole(concat!(
                    "structure contact \"Keeping in touch\" {\n",
                    "  column: cod \"Code\"\n",
                    "  dimension rhythm \"Rhythms of contact\" {\n",
                    "    theme routine \"Routine\" {\n",
                    "      concept standups \"Daily stand-ups\" {\n",
                    "        code: \"1a\"\n",
                    "      }\n",
                    "      concept weekly_notes \"Weekly notes\" {\n",
                    "        code: \"1b\"\n",
                    "      }\n",
                    "    }\n",
                    "    theme ad_hoc \"Ad hoc\" {\n",
                    "      concept quick_calls \"Quick calls\" {\n",
                    "        code: \"2a\"\n",
                    "      }\n",
                    "      concept chat_threads \"Chat threads\" {\n",
                    "        code: \"2b\"\n",
                    "      }\n",
                    "    }\n",
                    "  }\n",
                    "}\n",
                    morning_quote!("standups, weekly_notes, quick_calls, chat_threads"),
                )),
                "Name an attribute the codes carry (the message suggests the nearest), or give \
                 the codes the attribute (`code: \"1a\"` in each code's block).",
            ),
            DiagnosticCode::WrongKind => (
                "A name refers to something of the wrong kind: a quote that supports a phase \
                 instead of a code, a group whose members are phases instead of actors.",
                After(
                    "quote \"We call when it is urgent.\" {\n  by: \"developer\", 2025\n  \
                     supports: contact\n}\n",
                ),
                "Refer to something of the kind the property takes. A quote supports codes (of \
                 any level: a concept, a theme, a dimension), not the structure that holds them.",
            ),
            DiagnosticCode::ConflictingParent => (
                "A code is given two parents, for example nested in one theme and mapped to \
                 another with `map`. In a data structure each code belongs to one code of the \
                 level above.",
                After("map standups -> ad_hoc\n"),
                "Keep one of the two: remove the `map` line, or move the code out of the block \
                 it is nested in.",
            ),
            DiagnosticCode::WrongParentLevel => (
                "A code's parent is not on a level above it: a theme mapped to, or nested in, \
                 a concept, or a concept in a concept. (A parent more than one level up is \
                 `skipped_level`, a warning.)",
                After("map routine -> standups\n"),
                "Give it a parent one level up (a concept's parent is a theme), or declare it \
                 as a code of the level it belongs to.",
            ),
            DiagnosticCode::SkippedLevel => (
                "A code nested in, or mapped to, a code more than one level above it: a concept \
                 right under a dimension, the theme between them left out. Most often a code \
                 put in the wrong block; but a published table may print some codes right under \
                 a theme and others under a group of that theme, and is encoded as printed.",
                After(concat!(
                    "structure tools \"Tools\" {\n",
                    "  dimension kit \"Kit\" {\n",
                    "    theme gear \"Gear\" {\n",
                    "      concept headsets \"Headsets\"\n",
                    "      concept cameras \"Cameras\"\n",
                    "    }\n",
                    "    concept desks \"Desks\"\n",
                    "  }\n",
                    "}\n",
                    "quote \"Everyone wears a headset at the desk.\" {\n",
                    "  by: \"developer\", 2025\n",
                    "  supports: headsets, cameras, desks\n",
                    "}\n",
                )),
                "Put a code of the level between them in between. A published table printed with \
                 this shape is kept as printed with a line `allow: skipped_level` at the top of \
                 the file: its table leaves the skipped level's cell empty, or, with `level \
                 columns: one`, indents the code one step under its parent; the JSON, `stats` and \
                 REFI-QDA keep it under the parent it is written under. People are shown one \
                 warning for all the codes of a structure that skip the same level (the first, \
                 the count, the next two marked, the rest named); `--error-format json` and the \
                 language server list each code.",
            ),
            DiagnosticCode::MappingCycle => (
                "`map` lines that make a code its own ancestor: a code mapped to itself, or a \
                 chain of `map` lines that comes back to where it started.",
                After("map routine -> routine\n"),
                "Remove or correct the `map` line that closes the circle; a code's parent is \
                 on the level above it.",
            ),
            DiagnosticCode::CrossStructureMap => (
                "A `map` line joins codes of two different data structures; each structure is \
                 a tree of its own.",
                After(
                    "structure tools \"Tools\" {\n  concept headsets \"Headsets\"\n}\nmap \
                     headsets -> routine\nquote \"Everyone wears a headset.\" {\n  by: \
                     \"developer\", 2025\n  supports: headsets\n}\n",
                ),
                "Map the code to a parent in its own structure, or move it into the structure \
                 it belongs to.",
            ),
            DiagnosticCode::OrphanCode => (
                "A code below the top level has no parent: it is neither nested in a code of \
                 the level above nor mapped to one with `map`.",
                After(
                    "structure tools \"Tools\" {\n  concept headsets \"Headsets\"\n}\nquote \
                     \"Everyone wears a headset.\" {\n  by: \"developer\", 2025\n  supports: \
                     headsets\n}\n",
                ),
                "Nest it inside a code of the level above, or write `map headsets -> \
                 some_theme` with a theme of its structure.",
            ),
            DiagnosticCode::ChildlessCode => (
                "A code above the lowest level has no children and no quotes of its own: a \
                 theme without concepts, a dimension without themes. The data structure is \
                 unfinished there. (A theme the paper prints with its own quotes and no \
                 concepts is complete: write its quotes inside it.) A warning, as a concept without \
                 quotes is: a codebook written before the coding, or imported from a `.qdc` \
                 file, which holds no quotes, may have such codes.",
                After("structure tools \"Tools\" {\n  dimension media \"Media\"\n}\n"),
                "Nest codes of the level below inside it, map some to it (`map some_theme -> \
                 media`), give it quotes of its own, or remove it. A published table that has this \
                 shape is encoded faithfully as printed, with a line `allow: childless_code` at \
                 the top of the file.",
            ),
            DiagnosticCode::QuoteWithoutConcept => (
                "A quote supports no concept, so it is evidence for nothing in the data \
                 structure.",
                After("quote \"We rarely meet in person.\" {\n  by: \"developer\", 2025\n}\n"),
                "Add `supports:` and the concepts it is evidence for, or write the quote inside \
                 the block of its concept.",
            ),
            DiagnosticCode::LikeAProperty => (
                "A code's attribute whose name is a near miss of a property codes take \
                 (`definiton:` for `definition:`, `colur:` for `colour:`, `also_under:` for \
                 `also under:`). A code may carry attributes of your own, so the line is read as \
                 one, and the definition, colour or parent you meant to give is not given. The \
                 same holds for a quote's property written in a code's block (`by:` under a \
                 `quote \"…\"` without a block) and for a near miss of an attribute a column of \
                 its structure prints (`mentoined: 11` beside `column: mentioned`), whose cell \
                 would stay empty.",
                Whole(
                    "structure s \"Keeping in touch\" {\n  dimension d \"Rhythms\" {\n    \
                     theme t \"Routine\" {\n      concept c1 \"Daily stand-ups\" {\n        \
                     definiton: \"Short meetings that open the day.\"\n      }\n      \
                     concept c2 \"Weekly notes\"\n    }\n    theme u \"Ad hoc\" {\n      \
                     concept c3 \"Quick calls\"\n      concept c4 \"Chat threads\"\n    }\n  }\n}\n\n\
                     quote \"We meet every morning.\" {\n  by: \"team lead\", 2025\n  \
                     supports: c1, c2, c3, c4\n}\n",
                ),
                "Spell the property as the help suggests. If the attribute is meant (a column \
                 of your own that happens to look like a property), keep it and allow the \
                 warning: `allow: like_a_property`.",
            ),
            DiagnosticCode::RepeatedLabel => (
                "Two codes of one level of a data structure have the same label, so a reader of \
                 the table cannot tell them apart (papers do sometimes print one label twice, for \
                 two themes of two dimensions). The same wording on two levels is not reported: \
                 it stands in two columns.",
                Whole(
                    "structure tests \"Testing\" {\n  dimension build \"Building\" {\n    \
                     theme t1 \"System testing\" {\n      concept c1 \"Unit tests\"\n      \
                     concept c2 \"Integration tests\"\n    }\n    theme t2 \"System testing\" {\n      \
                     concept c3 \"Load tests\"\n      concept c4 \"Smoke tests\"\n    }\n  }\n}\n\n\
                     quote \"We test before every release.\" {\n  by: \"tester\", 2025\n  \
                     supports: c1, c2, c3, c4\n}\n",
                ),
                "Give each code a label of its own. If the paper does print the same label twice, \
                 keep it and allow the warning: `allow: repeated_label`.",
            ),
            DiagnosticCode::RepeatedTableNumber => (
                "Two tables are given the same number (`table number: 5` in a structure or a \
                 matrix, `table number codebook: 5` at the top of the file), so LaTeX would \
                 print two tables as \"Table 5\" in one document. It is a warning, not an \
                 error, because one file may hold the tables of two papers, each built on its \
                 own with `--table`.",
                After("table number sources: 2\ntable number codebook: 2\n"),
                "Give each table the number the paper prints. If the file does hold the tables \
                 of two papers, allow the warning: `allow: repeated_table_number`.",
            ),
            DiagnosticCode::MissingAttribution => (
                "A quote says nothing of where it comes from: who said it (`by:`), which \
                 document it is taken from (`from:`), or which declared source it cites \
                 (`source:`).",
                After("quote \"Nobody knows who said this.\" {\n  supports: standups\n}\n"),
                "Add one: `by: \"developer\", 2025`, `from: \"team wiki\", 2025-03-14`, or \
                 `source: lead` for an interview or document declared in the file. When the \
                 paper prints its quotes without saying where they come from, write \
                 `allow: missing_attribution` once at the top of the file: the tables then print \
                 the quotes as they are.",
            ),
            DiagnosticCode::UnknownCoder => (
                "A quote's `coder:` names a coder the file does not declare. When a file lists \
                 its coders (`coders: alice, bob`), every `coder:` must be one of them, so a \
                 typo cannot split one coder's work into two.",
                After(
                    "coders: alice\nquote \"We call rather than write.\" {\n  by: \
                     \"developer\", 2025\n  supports: quick_calls\n  coder: alcie\n}\n",
                ),
                "Correct the name, or add the coder to `coders:` at the top of the file.",
            ),
            DiagnosticCode::MissingCoder => (
                "The file declares several coders (`coders: alice, bob`), and a quote does not \
                 say which of them coded it this way. `codebook agree` leaves it out.",
                After(
                    "coders: alice, bob\nquote \"We call rather than write.\" {\n  by: \
                     \"developer\", 2025\n  supports: quick_calls\n}\n",
                ),
                "Add `coder: alice` (or `coder: alice, bob` when both coded it alike). In a file \
                 of one coder's codings, declare only that coder: `coders: alice`.",
            ),
            DiagnosticCode::InvalidRange => (
                "A period that ends before it starts.",
                After("phase forming \"Forming\" 2024-12 .. 2024-01\n"),
                "Write the earlier date first: `2024-01 .. 2024-12`.",
            ),
            DiagnosticCode::OverlappingPhases => (
                "Two phases share time. Phases divide the study's time into stretches that \
                 follow one another.",
                After(
                    "phase forming \"Forming\" 2024-01 .. 2024-12\nphase settling \"Settling \
                     in\" 2024-10 .. 2025-12\n",
                ),
                "Let each phase end before the next one begins.",
            ),
            DiagnosticCode::OutsideTimeline => (
                "A turning point lies outside the time the phases cover. (A period of data \
                 collection may: retrospective and follow-up data are collected before or \
                 after the phases they are about.)",
                After(
                    "phase forming \"Forming\" 2024-01 .. 2024-12\nphase settling \"Settling \
                     in\" 2025-01 .. 2025-12\nturning point move \"Office closed\" 2027-01\n",
                ),
                "Correct its date, or let the phases cover it.",
            ),
            DiagnosticCode::QuoteOutsidePhase => (
                "A quote assigned to a phase (`phase:`) is dated outside that phase.",
                After(
                    "phase forming \"Forming\" 2024-01 .. 2024-12\nphase settling \"Settling \
                     in\" 2025-01 .. 2025-12\nquote \"Threads keep the context together.\" \
                     {\n  from: \"team wiki\", 2025-03-14\n  phase: forming\n  supports: \
                     chat_threads\n}\n",
                ),
                "Correct the quote's date or its phase.",
            ),
            DiagnosticCode::QuoteWithoutPhase => (
                "A dated quote falls in none of the declared phases, so the tables cannot place \
                 it in time.",
                After(
                    "phase forming \"Forming\" 2024-01 .. 2024-12\nquote \"Threads keep the \
                     context together.\" {\n  from: \"team wiki\", 2025-03-14\n  supports: \
                     chat_threads\n}\n",
                ),
                "Give the quote a phase with `phase:`, correct its date, or let a phase cover \
                 it.",
            ),
            DiagnosticCode::UnknownMatrixColumn => (
                "A matrix row fills a cell for a phase and group that the matrix's `columns` \
                 block does not list.",
                After(matrix!(
                    "    forming: devs\n",
                    "    forming devs: routine\n    settling devs: ad_hoc\n"
                )),
                "Add the column to the `columns` block (`settling: devs`), or correct the \
                 cell's phase or group.",
            ),
            DiagnosticCode::InvalidCellValue => (
                "A matrix cell holds a value its row cannot take: a code that is not one of the \
                 row code's children, a text where a code is expected (or a code where a text \
                 is), or more texts than the column has parts.",
                After(matrix!(
                    "    forming: devs\n",
                    "    forming devs: standups\n"
                )),
                "Use one of the children of the row's code (the message lists them), or, in a \
                 row of texts, a text in quotes.",
            ),
            DiagnosticCode::DuplicateCell => (
                "A matrix row fills the same cell (phase and group) twice.",
                After(matrix!(
                    "    forming: devs\n",
                    "    forming devs: routine\n    forming devs: ad_hoc\n"
                )),
                "Keep one of the two lines.",
            ),
            DiagnosticCode::MissingCell => (
                "A matrix row leaves cells empty, so the table shows gaps.",
                After(matrix!(
                    "    forming: devs\n    settling: devs\n",
                    "    forming devs: routine\n"
                )),
                "Fill the cells the message lists, or allow the gaps if they are meant.",
            ),
            DiagnosticCode::TotalMismatch => (
                "A declared total (`total: 3 interviews`), as the paper reports it, disagrees \
                 with what the sources declared in the file add up to.",
                After(
                    "interview leads \"team leads\" {\n  count: 2\n}\nquote \"We meet on \
                     Mondays.\" {\n  source: leads\n  supports: standups\n}\ntotal: 3 \
                     interviews\n",
                ),
                "Correct the total or the `count:` of the sources; the help lists what was \
                 counted.",
            ),
            DiagnosticCode::UnknownTable => (
                "`codebook build` is asked for a table (`--table`), a structure (`--structure`) \
                 or a figure the codebook does not have. The command is wrong, not the \
                 codebook.",
                Build {
                    after: "",
                    options: "--to latex --table contakt",
                },
                "Use one of the names the message lists: a structure's or matrix's identifier, \
                 `actors`, `sources`, `codebook`, or a structure's identifier and `-compact`.",
            ),
            DiagnosticCode::UntypesettableCharacter => (
                "`codebook build --to latex` (or `--to tikz`) meets a character pdflatex cannot \
                 print: an emoji, or a letter of a script other than Latin (Greek, Cyrillic, \
                 Chinese, ...). `codebook check` accepts it, as the other outputs print every \
                 character.",
                Build {
                    after: "quote \"Every release gets a 🎉 in the chat.\" {\n  by: \
                            \"developer\", 2025\n  supports: chat_threads\n}\n",
                    options: "--to latex",
                },
                "Replace the character in the quote or label the message names, or build \
                 another output (`--to markdown` keeps every character).",
            ),
            DiagnosticCode::RefiSharedCode => (
                "`codebook build --to refi-qdc` (or `--to refi-qdpx`) writes a shared code (one \
                 with `also under:`): a REFI-QDA code tree holds each code under one parent, so \
                 the code stands under its first parent only, and a code set named \
                 “Also under: …” says which others it belongs to. `codebook import` reads those \
                 sets back; a QDA program shows them as sets, not in its code tree.",
                Build {
                    after: "structure tools \"Tools\" {\n  dimension media \"Media\" {\n    \
                            theme talk \"Talking\" {\n      concept calls \"Calls\"\n      \
                            concept video \"Video calls\" {\n        also under: write\n      \
                            }\n    }\n    theme write \"Writing\" {\n      concept wiki \
                            \"Wiki\"\n    }\n  }\n}\nquote \"We call, we write.\" {\n  by: \
                            \"developer\", 2025\n  supports: calls, video, wiki\n}\n",
                    options: "--to refi-qdc",
                },
                "Nothing to fix when the sets are enough; `allow: refi_shared_code` silences the \
                 warning. To have the code in the tree under each parent, declare one code per \
                 parent instead (with labels of their own).",
            ),
            DiagnosticCode::RefiLeftOut => (
                "`codebook build --to refi-qdc` or `--to refi-qdpx` writes a codebook that holds \
                 something REFI-QDA has no place for: level names (the headings travel), code \
                 attributes, LaTeX labels, tables' overall and quote headings and attribute columns, \
                 level orders, and in \
                 a project also phases, turning points, \
                 periods, matrices, totals, dates and actors' abbreviations. The file is written \
                 without them, one warning per kind at its first occurrence; the `.codebook` \
                 file keeps them, and `codebook import` of the REFI-QDA file will not have them.",
                Build {
                    after: "structure tools \"Tools\" {\n  label: \"tab:tools\"\n  \
                            dimension media \"Media\" {\n    theme talk \"Talking\" {\n      \
                            concept calls \"Calls\"\n      concept video \"Video calls\"\n    \
                            }\n    theme write \"Writing\" {\n      concept wiki \"Wiki\"\n      \
                            concept notes \"Notes\"\n    }\n  }\n}\nquote \"We call, we \
                            write.\" {\n  by: \"developer\", 2025\n  supports: calls, video, \
                            wiki, notes\n}\n",
                    options: "--to refi-qdc",
                },
                "Nothing to fix: keep the `.codebook` file as the source of the study and the \
                 REFI-QDA file as what a QDA program reads; `allow: refi_left_out` silences the \
                 warning.",
            ),
            DiagnosticCode::ConceptWithoutQuote => (
                "A concept that no quote supports: the data structure claims it, but the file \
                 shows no evidence for it. A quote on a code the concept belongs to (its theme, \
                 or the theme's dimension) counts as evidence for it too, as the table prints \
                 it beside the concept.",
                Whole(concat!(
                    structure!("contact"),
                    morning_quote!("standups, weekly_notes, quick_calls"),
                )),
                "Add a quote with `supports: chat_threads`, or remove the concept.",
            ),
            DiagnosticCode::UnusedActor => (
                "An actor is declared, but no group, source or quote names it: it plays no part \
                 in the study as the file records it.",
                After("actor eng \"Engineering team\"\n"),
                "Refer to it (`actor: eng` on a source or quote, `members: eng` in a group), or \
                 remove it.",
            ),
            DiagnosticCode::UnusedSource => (
                "An interview, document, observation or focus group that no quote cites with `source:`. \
                 Sources may be declared only to document the data, so this can be intended.",
                After("interview lead \"team lead\" {\n  date: 2025\n}\n"),
                "Cite it from a quote with `source: lead`, or allow the warning.",
            ),
            DiagnosticCode::SingleChild => (
                "A code with exactly one child, such as a dimension with a single theme: a \
                 grouping of one adds no abstraction.",
                Whole(concat!(
                    "structure contact \"Keeping in touch\" {\n",
                    "  dimension rhythm \"Rhythms of contact\" {\n",
                    "    theme routine \"Routine\" {\n",
                    "      concept standups \"Daily stand-ups\"\n",
                    "      concept weekly_notes \"Weekly notes\"\n",
                    "    }\n",
                    "  }\n",
                    "}\n",
                    morning_quote!("standups, weekly_notes"),
                )),
                "Merge the two codes, or add the codes that are missing beside the child. A published \
                 table that has this shape is encoded faithfully as printed, with a line \
                 `allow: single_child` at the top of the file.",
            ),
            DiagnosticCode::SuspiciousEscape => (
                "In a text between `\"`, a backslash starts an escape: `\\n` is a line break, \
                 `\\t` a tab, `\\r` a carriage return. A Windows path (`C:\\temp\\new`) or a \
                 LaTeX command (`\\textbf`) written in a label then prints a tab or a line break \
                 where the letters stood. A tab or carriage return is almost never meant in a \
                 text, nor a line break right before a small letter outside a quote's text; a \
                 quote's text may mean its `\\n`, and so may any text before a capital \
                 (`\"Expert panel\\nDelphi\"`: two lines of a table cell).",
                After(
                    "quote \"The notes are filed under C:\\temp.\" {\n  by: \"developer\", 2025\n  supports: standups\n}\n",
                ),
                "Write two backslashes for one (`C:\\\\temp`), or put the text between `\"\"\"` \
                 marks, where nothing is escaped. If the tab or line break is meant, allow the \
                 warning: `allow: suspicious_escape`.",
            ),
            DiagnosticCode::MixedScriptConfusables => (
                "An identifier that mixes scripts, one of its letters looking like a letter of \
                 another script: a Cyrillic `а` in a Latin word, often pasted from a document \
                 or typed with the wrong keyboard layout. It reads as the word it seems to be, \
                 but a reference typed with the letters it seems to have does not find it. \
                 (Identifiers are also read in Unicode's composed form, NFC, so an `é` written \
                 as `e` and an accent is the same `é`.)",
                // `lеad` with a Cyrillic `е` (U+0435), declared and cited.
                After(concat!(
                    "interview l\u{435}ad \"team lead\" {\n",
                    "  date: 2025\n",
                    "}\n",
                    "quote \"We talk it through.\" {\n",
                    "  source: l\u{435}ad\n",
                    "  supports: standups\n",
                    "}\n",
                )),
                "Retype the identifier in one script. If the mix is meant, write \
                 `allow: mixed_script_confusables` at the top of the file.",
            ),
            DiagnosticCode::SplitHeading => (
                "Columns of a structure's table under one common heading (`column: picu \"PICU\" \
                 under \"Caregivers reporting the theme\"`) stand apart in the table: another \
                 column is written between them, one is `right` of the labels and another left, \
                 or their codes are on different levels. A heading spans adjacent columns of one \
                 level only, so the table prints it over each part, as the paper does not.",
                Whole(caregivers!(
                    concat!(
                        "  column: picu \"PICU\" right under \"Caregivers, n\", nr \"No.\" right,\n",
                        "          oncology \"Oncology\" right under \"Caregivers, n\"\n",
                    ),
                    "    nr: \"1\"\n"
                )),
                "Write the columns under one heading one after another in `column:`, all `right` \
                 of the labels or none, for attributes of codes of one level; or give the parts \
                 headings of their own.",
            ),
            DiagnosticCode::NearHeading => (
                "Two common headings over columns of one table (`under`) that differ only in \
                 case, spacing or punctuation, or by one letter (\"Caregivers, n\" and \
                 \"Caregivers n\"). Columns share a heading only when their `under` texts are \
                 the same, character for character, so the table prints two headings where the \
                 paper prints one.",
                Whole(caregivers!(
                    concat!(
                        "  column: picu \"PICU\" right under \"Caregivers, n\",\n",
                        "          oncology \"Oncology\" right under \"Caregivers n\"\n",
                    ),
                    ""
                )),
                "Write the heading alike after each `under` (the fix copies the first one \
                 written). Two headings meant to differ so little (a case the tables must keep \
                 apart) are kept with a line `allow: near_heading` at the top of the file; \
                 headings that differ in a number (\"Wave 1\", \"Wave 2\"), a plural (\"Mother\", \
                 \"Mothers\"), a word of one letter (\"Group A\", \"Group B\") or a Roman \
                 numeral (\"Phase I\", \"Phase II\") are never held alike.",
            ),
            DiagnosticCode::EmptyCodebook => (
                "The file declares nothing: it is empty, or holds only comments and blank \
                 lines. Usually the wrong file was named, or the editor did not save it.",
                Whole("# The codebook of the remote-teams study.\n# The codes are to come.\n"),
                "Check that this is the file you meant, or write the study in it, starting \
                 with a data structure: `structure name \"Caption\" { ... }`.",
            ),
        };
        Explanation {
            means,
            example,
            fix,
        }
    }

    /// What `codebook explain CODE` prints: what the code means, an example, the fix, and
    /// whether it is an error or a warning (and how to allow a warning).
    pub fn explain(self) -> String {
        let e = self.explanation();
        let name = self.name();
        let kind = match self.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{self} ({kind})\n\n{}\n\n", self.description());
        out.push_str("What it means\n");
        out.push_str(&wrap(e.means, "  "));
        out.push_str("\nExample\n");
        let lines = |text: &str| -> String { text.lines().map(|l| format!("  {l}\n")).collect() };
        let below_base = |text: &str| format!("{}{}", wrap(EXAMPLE_BASE_NOTE, "  # "), lines(text));
        match e.example {
            Example::After(text) => out.push_str(&below_base(text)),
            Example::Whole(text) => out.push_str(&lines(text)),
            Example::Build { after, options } => {
                out.push_str("  In study.codebook:\n");
                out.push_str(&match after {
                    "" => lines(EXAMPLE_BASE),
                    after => below_base(after),
                });
                out.push_str(&format!(
                    "  then: codebook build study.codebook {options}\n"
                ));
            }
            Example::Described(text) => out.push_str(&wrap(text, "  ")),
        }
        out.push_str("\nWhat to do\n");
        out.push_str(&wrap(e.fix, "  "));
        out.push('\n');
        let status = match (self, self.default_severity()) {
            (DiagnosticCode::UntypesettableCharacter, _) => {
                "It is an error of `build --to latex` and \
                 `--to tikz` only: the build exits with status 1 and writes nothing."
                    .to_string()
            }
            (DiagnosticCode::UnreadableFile | DiagnosticCode::UnknownTable, _) => {
                "It is an error in the command rather than in the codebook: the command exits \
                 with status 2 and writes nothing."
                    .to_string()
            }
            (_, Severity::Error) => "It is an error: `codebook check` exits with status 1, and \
                 `build` and `stats` write nothing until it is fixed."
                .to_string(),
            (_, Severity::Warning) => format!(
                "It is a warning: `codebook check` still accepts the codebook (status 0), unless \
                 it runs with `--deny warnings` or `--deny {name}`. To silence it, give \
                 `codebook check` (or `build`, `stats`) the option"
            ),
        };
        out.push_str(&wrap(&status, ""));
        if self.default_severity() == Severity::Warning {
            out.push_str(&format!(
                "  --allow {name}\nor write this line in the codebook:\n  allow: {name}\n"
            ));
        }
        out
    }
}

/// Every code with its kind and one line: what `codebook explain` prints without a code.
pub fn explain_all() -> String {
    let mut out = String::from(
        "Every diagnostic codebook reports (`codebook explain NAME` explains one):\n\n",
    );
    for c in DiagnosticCode::ALL {
        let kind = match c.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{:<26} {:<8} {}\n",
            c.name(),
            kind,
            c.description()
        ));
    }
    let kinds: Vec<&str> = crate::model::schema::DECLARATIONS
        .iter()
        .map(|d| d.kind)
        .collect();
    let statements: Vec<&str> = STATEMENTS.iter().map(|(name, _)| *name).collect();
    out.push_str(&format!(
        "\n`codebook explain KIND` shows what a declaration holds; KIND is one of: {}.\n\
         `codebook explain STATEMENT` shows how a line of the language is written; STATEMENT is one of: {}.\n",
        kinds.join(", "),
        statements.join(", ")
    ));
    out
}

/// The lines of the language that are no declaration of a kind (`levels`, `map`, and the
/// properties the top of a file takes), each with what `codebook explain NAME` says of it.
pub const STATEMENTS: &[(&str, &str)] = &[
    (
        "levels",
        "levels: the levels of the hierarchy, lowest first, joined by `->`, each with the \
         heading its tables print. One line, at the top of the file:\n\n  \
         levels concept \"First order concepts\" -> theme \"Second order themes\" -> dimension \"Aggregate dimensions\"\n\n\
         Left out, the levels are these three. Each level's word then declares its codes \
         (`theme routine \"Routine\" { ... }`); a word used so must be on this line.\n",
    ),
    (
        "map",
        "map: a code put under its parent when the codes are written one after another instead \
         of nested, inside a structure (or at the top of the file):\n\n  \
         map core_hours -> overlap\n\n\
         The child comes first, then `->`, then its parent, one level higher.\n",
    ),
    (
        "total",
        "total: what the study collected, as the paper reports it, at the top of the file (or \
         in a `round`); `check` adds up the sources declared and reports a difference:\n\n  \
         total: 8 interviews\n  total: 6 documents, 18 pages\n  total: 1 observation, 2 h\n",
    ),
    (
        "allow",
        "allow: warnings the file silences, by name, at the top of the file (say why in a \
         comment); `codebook explain` lists the warnings:\n\n  \
         allow: unused_source, single_child\n",
    ),
    (
        "coders",
        "coders: the people who coded the quotes, at the top of the file; each quote's \
         `coder:` names one of them, and `codebook agree` compares them:\n\n  \
         coders: ana, ben\n",
    ),
    (
        "caption",
        "caption TABLE: the caption of a table that has no declaration of its own (`sources`, \
         `actors`), at the top of the file:\n\n  \
         caption sources: \"Data sources\"\n",
    ),
    (
        "label",
        "label TABLE: the LaTeX label of a table that has no declaration of its own (`sources`, \
         `actors`), at the top of the file:\n\n  \
         label sources: \"tab:sources\"\n",
    ),
    (
        "rows",
        "rows codebook: the levels whose codes the codebook table lists, at the top of the \
         file; without it, every level. One level gives a paper's table of codes and their \
         definitions, headed by the level's heading:\n\n  \
         rows codebook: code\n",
    ),
];

/// What `codebook explain NAME` says of the statement `NAME` (`levels`, `map`, ...), if it is one.
pub fn statement(name: &str) -> Option<&'static str> {
    STATEMENTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The columns explanations are wrapped to.
const EXPLAIN_WIDTH: usize = 88;

/// `text` wrapped on spaces to [`EXPLAIN_WIDTH`], each line after `indent`; code in backticks
/// is not broken.
fn wrap(text: &str, indent: &str) -> String {
    // Words, with the words of a `code span` joined into one.
    let mut units: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split_whitespace() {
        match units.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
        open ^= word.matches('`').count() % 2 == 1;
    }
    let mut out = String::new();
    let mut line = String::new();
    for unit in units {
        let width = indent.chars().count() + line.chars().count() + 1 + unit.chars().count();
        if !line.is_empty() && width > EXPLAIN_WIDTH {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&unit);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_code_spans_whole() {
        let text = "write a deep structure flat, with `map child -> parent` lines instead";
        let wrapped = wrap(&text.repeat(3), "  ");
        assert!(
            wrapped.lines().all(|l| l.matches('`').count() % 2 == 0),
            "{wrapped}"
        );
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= EXPLAIN_WIDTH),
            "{wrapped}"
        );
        assert_eq!(wrap("a b", "# "), "# a b\n");
    }
}
