//! What each kind of declaration may hold, described once, as data.
//!
//! Lowering reads a declaration's properties through its [`Declaration`]: a property the
//! declaration does not list is reported as unknown (with the list and a "did you mean"), a
//! property given twice, under its name or an alias (`phase` and `phases`), is reported as
//! repeated, and nothing is silently ignored. `fmt` writes properties in the order listed here,
//! `codebook explain KIND` prints the list, and the README's reference table is generated
//! from it (a test keeps the two equal).

/// The form of a property's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// One quoted text.
    Text,
    /// Quoted texts separated by commas.
    Texts,
    /// One identifier.
    Name,
    /// Identifiers separated by commas.
    Names,
    /// A whole number.
    Number,
    /// A whole number, or a quoted text (`"A1"`).
    TableNumber,
    /// A date or a date range.
    Date,
    /// Dates or date ranges separated by commas.
    Dates,
    /// A duration in minutes or hours.
    Duration,
    /// A colour as `#RRGGBB`.
    Colour,
    /// `yes` or `no`.
    YesNo,
    /// A quoted role or kind of document, and a year or date.
    Attribution,
    /// Counts of sources by kind.
    Total,
    /// Actors or quoted texts separated by commas.
    Participants,
    /// An attribute's name and a quoted heading, several separated by commas.
    Columns,
    /// `highest first` or `lowest first`.
    LevelOrder,
    /// `own column` or `under labels`.
    QuotePlace,
    /// `column` or `rows`.
    HighestLevel,
    /// `one per level`, `one` or `one from` a level's name.
    LevelColumns,
    /// A whole number, then the noun of what it counts (`62 quotations`), or a bare number.
    Coded,
    /// `double` or `single`.
    QuoteMarks,
    /// `inside` or `outside`.
    FullStop,
    /// A level's name and a quoted heading, several separated by commas.
    LevelHeadings,
    /// `italic`, `upright` or `bold`.
    LabelStyle,
    /// `landscape` or `portrait`.
    Page,
    /// Codes separated by commas, each optionally followed by `after` or `before` one of its
    /// codes.
    Parents,
}

impl Form {
    /// The form in words, as the reference table prints it.
    pub fn describe(self) -> &'static str {
        match self {
            Form::Text => "a quoted text",
            Form::Texts => "quoted texts, separated by commas",
            Form::Name => "an identifier",
            Form::Names => "identifiers, separated by commas",
            Form::Number => "a whole number",
            Form::TableNumber => "a whole number, or a quoted text (`\"A1\"`)",
            Form::Date => "a date or a date range",
            Form::Dates => "dates or date ranges, separated by commas",
            Form::Duration => "a duration (`45 min`, `1.5 h`)",
            Form::Colour => "a colour (`\"#4E79A7\"`)",
            Form::YesNo => "`yes` or `no`",
            Form::Attribution => "a quoted text, then a year or a date",
            Form::Total => "counts by kind (`12 interviews, 3 documents`)",
            Form::Participants => "actors or quoted texts, separated by commas",
            Form::Columns => {
                "an attribute's name, then a quoted heading (and `right` for a column right of the labels, then `under` and a common heading), or a name, `after label` and a form (`\"[…]\"`); several separated by commas"
            }
            Form::LevelOrder => "`highest first` or `lowest first`",
            Form::QuotePlace => "`own column` or `under labels`",
            Form::HighestLevel => "`column` or `rows`",
            Form::LevelColumns => "`one per level`, `one` or `one from` a level",
            Form::Coded => {
                "a whole number, then what was coded (`62 quotations`), or a bare number"
            }
            Form::QuoteMarks => "`double`, `single` or `none`",
            Form::FullStop => "`inside` or `outside`",
            Form::LevelHeadings => {
                "a level's name, then a quoted heading; several separated by commas"
            }
            Form::LabelStyle => "`italic`, `upright` or `bold`",
            Form::Page => "`landscape` or `portrait`",
            Form::Parents => {
                "identifiers, separated by commas, each optionally with `after` or `before` one of its codes"
            }
        }
    }
}

/// One property a declaration may hold.
#[derive(Debug)]
pub struct Property {
    /// The name `fmt` keeps and the reference lists.
    pub name: &'static str,
    /// Other spellings read as the same property.
    pub aliases: &'static [&'static str],
    /// The form of its value.
    pub form: Form,
    /// An example value, as written after `name:`.
    pub example: &'static str,
    /// What it says, in a few words.
    pub about: &'static str,
}

/// One kind of declaration and what it may hold.
#[derive(Debug)]
pub struct Declaration {
    /// The word it is declared with (`interview`); for codes, the levels' words.
    pub kind: &'static str,
    /// Its first line, as an example (`interview lead "team lead"`).
    pub head: &'static str,
    /// It with its article, as messages say it (`an interview`).
    pub what: &'static str,
    /// Its properties, in the order `fmt` writes them.
    pub properties: &'static [Property],
    /// Whether other one-word properties are kept as the author's own attributes (codes:
    /// `effect: enables`) rather than refused.
    pub open: bool,
}

impl Declaration {
    /// The property called `key`, by its name or an alias.
    pub fn property(&self, key: &str) -> Option<&'static Property> {
        self.properties
            .iter()
            .find(|p| p.name == key || p.aliases.contains(&key))
    }

    /// Where a property goes in `fmt`'s order (unknown keys last).
    pub fn rank(&self, key: &str) -> usize {
        self.properties
            .iter()
            .position(|p| p.name == key || p.aliases.contains(&key))
            .unwrap_or(self.properties.len())
    }

    /// Every name and alias it reads.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.properties
            .iter()
            .flat_map(|p| std::iter::once(p.name).chain(p.aliases.iter().copied()))
    }

    /// Its property names, as a list in words (`by, from, source`).
    pub fn list(&self) -> String {
        self.properties
            .iter()
            .map(|p| p.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

macro_rules! prop {
    ($name:literal $(| $alias:literal)*, $form:ident, $example:literal, $about:literal) => {
        Property {
            name: $name,
            aliases: &[$($alias),*],
            form: Form::$form,
            example: $example,
            about: $about,
        }
    };
}

const WHEN: Property = prop!(
    "date" | "dates" | "year",
    Dates,
    "2025-03 .. 2025-05",
    "when the sources were collected (one date or range for all, or one per source)"
);
const COUNT: Property = prop!(
    "count",
    Number,
    "3",
    "how many sources of this description there are (1 if left out)"
);
const DESCRIPTION: Property = prop!(
    "description",
    Text,
    "\"The first year of remote work.\"",
    "a sentence the tables print"
);

/// `study "Title" { … }`
pub const STUDY: Declaration = Declaration {
    head: "study \"How remote teams keep in touch\"",
    kind: "study",
    what: "a study",
    properties: &[
        prop!(
            "authors" | "author",
            Texts,
            "\"A. Researcher\", \"B. Colleague\"",
            "the paper's authors"
        ),
        prop!("year", Number, "2026", "the year of publication"),
        prop!("doi", Text, "\"10.1234/example\"", "the paper's DOI"),
        prop!(
            "quote marks",
            QuoteMarks,
            "single",
            "`single`: its tables set quotes in ‘…’, as the journal does; `none`: bare, as written (else `double`, “…”)"
        ),
        prop!(
            "full stop",
            FullStop,
            "outside",
            "`outside`: a quote's closing full stop stands after the closing mark, ‘…’. (else `inside`, as written)"
        ),
        prop!(
            "label style",
            LabelStyle,
            "upright",
            "how its tables set the labels of codes above the lowest level: `italic` (the default), `upright` or `bold`"
        ),
    ],
    open: false,
};

/// `structure id "Caption" { … }`
pub const STRUCTURE: Declaration = Declaration {
    head: "structure contact \"Data structure—Keeping in touch\"",
    kind: "structure",
    what: "a structure",
    properties: &[
        prop!(
            "label",
            Text,
            "\"tab:contact\"",
            "the LaTeX label of its table"
        ),
        prop!(
            "table number",
            TableNumber,
            "5",
            "the number its table prints (\"Table 5\"), for a paper whose earlier tables the codebook does not hold; the tables after it count on from it (else its place among the tables); a quoted text, `\"A1\"`, prints \"Table A1\" (an appendix's or supplement's table) and leaves the count of the others as it is"
        ),
        prop!(
            "overall heading",
            Text,
            "\"Remote teams keep in touch by rhythm and by hand-over\"",
            "a row spanning its whole table above the column headings (the overall phenomenon, a meta-synthesis)"
        ),
        prop!(
            "quote heading",
            Text,
            "\"Representative quotations\"",
            "the heading of its table's quote column (else \"Reference from data material\")"
        ),
        prop!(
            "attribution column",
            Text,
            "\"Participant\"",
            "prints each quote's attribution (`by:`, `from:` or its source) in a column of its own with this heading, beside the quote column on the table's outer side, instead of in parentheses after the quote"
        ),
        prop!(
            "level heading",
            LevelHeadings,
            "theme \"Themes\"",
            "a level's column heading in this structure's tables only (else the `levels` line's); several separated by commas"
        ),
        prop!(
            "column" | "columns",
            Columns,
            "code \"Code\"",
            "a column printing each code's attribute (`code: \"1a\"`), `coded` count or `definition`, left of its level's labels (`right` after the heading: right of them; `under \"…\"` last: a common heading over it and the columns beside it with the same); `coded after label \"[…]\"` prints it in the label's cell"
        ),
        prop!(
            "level order",
            LevelOrder,
            "highest first",
            "`highest first`: its table's columns run from the highest level down, quotes last (else `lowest first`, quotes first; a structure of one level prints its labels first, quotes last, unless `lowest first` is written)"
        ),
        prop!(
            "quote place",
            QuotePlace,
            "under labels",
            "`under labels`: its table prints each quote under the label of the code it supports, in the same cell (else `own column`)"
        ),
        prop!(
            "highest level",
            HighestLevel,
            "rows",
            "`rows`: its table prints each code of the highest level as a row across the whole table, above its codes' rows, instead of a column (else `column`)"
        ),
        prop!(
            "level columns",
            LevelColumns,
            "one",
            "`one`: its table prints the labels of all its levels in one column, each code on its own row under its parent's, indented a step per level, headed by the highest level's heading (`one column` says the same; else `one per level`, or `per level`); `one from cluster`: only `cluster` and the levels below it share that column, headed by `cluster`'s heading, each level above it in a column of its own"
        ),
        prop!(
            "note",
            Texts,
            "\"Quotes are translated.\"",
            "a note printed under its table (several texts, a paper's footnotes: a paragraph each)"
        ),
        prop!(
            "page",
            Page,
            "landscape",
            "`landscape`: its LaTeX tables are turned on their side, in a smaller font; `portrait`: upright however many columns (else landscape only where the columns cannot all be read upright; Markdown ignores it)"
        ),
    ],
    open: false,
};

/// A code, declared with a level's word (`concept id "Label" { … }`).
pub const CODE: Declaration = Declaration {
    head: "concept standups \"Daily stand-ups\"",
    kind: "concept",
    what: "a code",
    properties: &[
        prop!(
            "definition",
            Text,
            "\"Short scheduled meetings that open the working day.\"",
            "what the code means, for the codebook table"
        ),
        prop!(
            "colour" | "color",
            Colour,
            "\"#4E79A7\"",
            "its colour in figures and QDA software"
        ),
        prop!(
            "coded",
            Coded,
            "62 quotations",
            "how many segments of the data are coded with it, of which its quotes are a selection (tables print it with `column: coded`)"
        ),
        prop!(
            "also under",
            Parents,
            "ad_hoc",
            "its other parents: a code shared by several codes of the level above (`ad_hoc after quick_calls` places it among their codes)"
        ),
    ],
    open: true,
};

/// `actor id "Name" { … }`
pub const ACTOR: Declaration = Declaration {
    head: "actor eng \"Engineering\"",
    kind: "actor",
    what: "an actor",
    properties: &[
        prop!(
            "abbreviation" | "abbr",
            Text,
            "\"ENG\"",
            "the short name tables print"
        ),
        prop!(
            "description",
            Text,
            "\"Eight developers across three time zones\"",
            "who they are, for the actors table"
        ),
    ],
    open: false,
};

/// `member id "Name" { … }` inside an actor.
pub const MEMBER: Declaration = Declaration {
    head: "member lead \"Team lead\"",
    kind: "member",
    what: "a member",
    properties: ACTOR.properties,
    open: false,
};

/// `group id "Label" { … }`
pub const GROUP: Declaration = Declaration {
    head: "group devs \"Developers\"",
    kind: "group",
    what: "a group",
    properties: &[prop!("members", Names, "eng, ops", "the actors it groups")],
    open: false,
};

/// `round id "Label" { … }`
pub const ROUND: Declaration = Declaration {
    head: "round spring \"Interviews in spring 2025\"",
    kind: "round",
    what: "a round",
    properties: &[
        prop!(
            "date" | "dates" | "year",
            Date,
            "2025-03 .. 2025-05",
            "when the round took place"
        ),
        prop!(
            "total",
            Total,
            "8 interviews",
            "what the round collected, checked against its sources"
        ),
    ],
    open: false,
};

/// `interview id "Description" { … }`
pub const INTERVIEW: Declaration = Declaration {
    head: "interview lead \"team lead\"",
    kind: "interview",
    what: "an interview",
    properties: &[
        COUNT,
        prop!(
            "role",
            Text,
            "\"team lead\"",
            "the interviewee's role, as quotes are attributed"
        ),
        prop!("actor", Name, "eng", "the actor the interviewee belongs to"),
        prop!("round", Name, "spring", "the round it belongs to"),
        WHEN,
        prop!(
            "duration",
            Duration,
            "45 min",
            "how long each interview took"
        ),
    ],
    open: false,
};

/// `document id "Description" { … }`
pub const DOCUMENT: Declaration = Declaration {
    head: "document retros \"minutes of retrospectives\"",
    kind: "document",
    what: "a document",
    properties: &[
        COUNT,
        prop!("kind", Text, "\"minutes\"", "what kind of document it is"),
        prop!("actor", Name, "eng", "the actor who wrote it"),
        prop!("pages", Number, "18", "how many pages it has"),
        WHEN,
    ],
    open: false,
};

/// `observation id "Description" { … }`
pub const OBSERVATION: Declaration = Declaration {
    head: "observation demo \"demo day\"",
    kind: "observation",
    what: "an observation",
    properties: &[
        COUNT,
        prop!(
            "kind",
            Text,
            "\"demo day\"",
            "what kind of event was observed"
        ),
        WHEN,
        prop!("duration", Duration, "2 h", "how long it was observed"),
        prop!(
            "participants",
            Participants,
            "eng, \"product owners\"",
            "who took part"
        ),
    ],
    open: false,
};

/// `focus group id "Description" { … }`
pub const FOCUS_GROUP: Declaration = Declaration {
    head: "focus group nurses \"focus groups with nurses\"",
    kind: "focus group",
    what: "a focus group",
    properties: &[
        COUNT,
        prop!(
            "participants",
            Number,
            "12",
            "how many people took part (in all of its `count` groups together)"
        ),
        prop!(
            "role",
            Text,
            "\"nurse\"",
            "the participants' role, as quotes are attributed"
        ),
        prop!("actor", Name, "eng", "the actor the participants belong to"),
        prop!("round", Name, "spring", "the round it belongs to"),
        WHEN,
        prop!(
            "duration",
            Duration,
            "90 min",
            "how long each focus group took"
        ),
    ],
    open: false,
};

/// `quote "Text" { … }`
pub const QUOTE: Declaration = Declaration {
    head: "quote \"Every morning at nine we meet for ten minutes.\"",
    kind: "quote",
    what: "a quote",
    properties: &[
        prop!(
            "by",
            Attribution,
            "\"team lead\", 2025",
            "who said it, and when: prints as (team lead, 2025)"
        ),
        prop!(
            "from",
            Attribution,
            "\"minutes\", 2025-03-14",
            "the document it is from: prints as (minutes from 14 March 2025)"
        ),
        prop!("source", Name, "lead", "the declared source it is from"),
        prop!(
            "supports",
            Names,
            "standups",
            "the codes it is evidence for, of any level"
        ),
        prop!(
            "phase" | "phases",
            Names,
            "settling",
            "the phase or phases it belongs to"
        ),
        prop!("actor", Name, "eng", "the actor it speaks for"),
        prop!("date", Date, "2025-01", "when the quoted event happened"),
        prop!(
            "representative",
            YesNo,
            "yes",
            "a quote the data-structure table prints"
        ),
        prop!(
            "full stop",
            FullStop,
            "outside",
            "where this quote's closing full stop stands, overriding the study's `full stop:` for it alone: `outside`, after the closing mark; `inside`, as written"
        ),
        prop!(
            "coder",
            Names,
            "alice",
            "who coded it this way, for `codebook agree` (one coder or several)"
        ),
    ],
    open: false,
};

/// `phase id "Label" 2024-01 .. 2024-12 { … }`
pub const PHASE: Declaration = Declaration {
    head: "phase settling \"Settling in\" 2025-01 .. 2025-12",
    kind: "phase",
    what: "a phase",
    properties: &[DESCRIPTION],
    open: true,
};

/// `turning point id "Label" 2025-01 { … }`
pub const TURNING_POINT: Declaration = Declaration {
    head: "turning point move \"Office closed\" 2025-01",
    kind: "turning point",
    what: "a turning point",
    properties: &[prop!(
        "description",
        Text,
        "\"The landlord ends the lease; everyone works from home.\"",
        "what happened, in a sentence (the phase table prints it under the label, the JSON gives it; the timeline prints the label only)"
    )],
    open: false,
};

/// `period id "Label" 2024-03 .. 2025-06`
pub const PERIOD: Declaration = Declaration {
    head: "period interviews \"Interviews\" 2025-03 .. 2025-05",
    kind: "period",
    what: "a period",
    properties: &[],
    open: false,
};

/// `matrix id "Caption" { … }`
pub const MATRIX: Declaration = Declaration {
    head: "matrix contact_by_phase \"Contact by phase\"",
    kind: "matrix",
    what: "a matrix",
    properties: &[
        prop!(
            "label",
            Text,
            "\"tab:matrix\"",
            "the LaTeX label of its table"
        ),
        prop!(
            "table number",
            TableNumber,
            "5",
            "the number its table prints (\"Table 5\"), for a paper whose earlier tables the codebook does not hold; the tables after it count on from it (else its place among the tables); a quoted text, `\"A1\"`, prints \"Table A1\" (an appendix's or supplement's table) and leaves the count of the others as it is"
        ),
        prop!(
            "heading",
            Text,
            "\"Practices\"",
            "the heading of its first column"
        ),
        prop!(
            "note",
            Texts,
            "\"E = enables.\"",
            "a note printed under its table (several texts, a paper's footnotes: a paragraph each)"
        ),
        prop!(
            "phase capitals",
            YesNo,
            "no",
            "`no`: its phase headings print as the phases' labels are written (else in capitals)"
        ),
    ],
    open: false,
};

/// Every kind of declaration that has properties of its own, in the reference's order.
pub const DECLARATIONS: &[&Declaration] = &[
    &STUDY,
    &STRUCTURE,
    &CODE,
    &QUOTE,
    &ACTOR,
    &MEMBER,
    &GROUP,
    &INTERVIEW,
    &DOCUMENT,
    &OBSERVATION,
    &FOCUS_GROUP,
    &ROUND,
    &PHASE,
    &TURNING_POINT,
    &PERIOD,
    &MATRIX,
];

/// The declaration a kind word names; `is_level` says the word is one of the file's levels
/// (a code). Matrix columns and rows, whose keys are phases and groups, have none.
pub fn declaration(kind: &str, is_level: bool) -> Option<&'static Declaration> {
    if is_level {
        return Some(&CODE);
    }
    DECLARATIONS.iter().copied().find(|d| d.kind == kind)
}

/// The example value of the property called `key` whose value has the form `form`, from the
/// first declaration that has one: an example in a message about `key` is that property's own.
pub fn example(key: &str, form: Form) -> Option<&'static str> {
    DECLARATIONS
        .iter()
        .flat_map(|d| d.properties)
        .find(|p| p.form == form && (p.name == key || p.aliases.contains(&key)))
        .map(|p| p.example)
}

/// What a declaration holds, for `codebook explain KIND`.
pub fn describe(d: &Declaration) -> String {
    let mut out = format!("{} ({}), declared like this:\n\n", d.kind, d.what);
    if d.properties.is_empty() {
        out.push_str(&format!(
            "  {}\n\nIt has no properties: everything is said on its one line.\n",
            d.head
        ));
        return out;
    }
    out.push_str(&format!("  {} {{\n", d.head));
    for p in d.properties {
        out.push_str(&format!("    {}: {}\n", p.name, p.example));
    }
    out.push_str("  }\n\nWhat it holds:\n\n");
    for p in d.properties {
        let aliases = if p.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also `{}`)", p.aliases.join("`, `"))
        };
        out.push_str(&format!(
            "  {}: {}{aliases}\n      {}; {}\n",
            p.name,
            p.example,
            p.about,
            p.form.describe()
        ));
    }
    if d.open {
        out.push_str(
            "  any other one-word property is kept as an attribute of your own (`effect: enables`)\n",
        );
    }
    out
}

/// The README's reference table: every declaration's properties, in `fmt`'s order.
pub fn reference_markdown() -> String {
    let mut out = String::from("| declaration | property | value | what it says |\n");
    out.push_str("| --- | --- | --- | --- |\n");
    for d in DECLARATIONS {
        let kind = if d.kind == CODE.kind {
            "a code (`concept`, `theme`, …)".to_string()
        } else {
            format!("`{}`", d.kind)
        };
        if d.properties.is_empty() {
            out.push_str(&format!("| {kind} | — | — | no properties |\n"));
        }
        for p in d.properties {
            let aliases = if p.aliases.is_empty() {
                String::new()
            } else {
                format!(" (or `{}`)", p.aliases.join("`, `"))
            };
            out.push_str(&format!(
                "| {kind} | `{}`{aliases} | `{}: {}` | {} |\n",
                p.name,
                p.name,
                p.example.replace('|', "\\|"),
                p.about
            ));
        }
        if d.open {
            out.push_str(&format!(
                "| {kind} | any other word | `effect: enables` | an attribute of your own |\n"
            ));
        }
    }
    out
}
