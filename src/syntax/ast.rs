//! The syntax tree: what the file says, before any meaning is given to it.
//!
//! Every node carries its byte span (`start..end` into the source). Equality used in tests
//! (the formatter's round trip) compares [`crate::model`] values, never spans.

use std::ops::Range;

/// A byte range into the source text.
pub type Span = Range<usize>;

/// A parsed file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The top-level statements, in source order.
    pub statements: Vec<Statement>,
    /// Every `# comment`, in source order (kept for the formatter).
    pub comments: Vec<Comment>,
}

/// A `# comment`, which runs to the end of its line.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The text after `#`, untrimmed.
    pub text: String,
    /// From the `#` to the end of the line.
    pub span: Span,
}

/// One statement: a `levels` line, a `map` line, a property or a declaration.
#[derive(Debug, Clone)]
pub enum Statement {
    /// `levels concept "First order concepts" -> theme -> dimension`
    Levels(LevelsStmt),
    /// `map child -> parent`
    Map(MapStmt),
    /// `key: value, value`
    Property(Property),
    /// A declaration: `kind name "Label" values { block }`.
    Node(Node),
}

impl Statement {
    /// Where the statement is written, from its first word to its end.
    pub fn span(&self) -> Span {
        match self {
            Statement::Levels(s) => s.span.clone(),
            Statement::Map(s) => s.span.clone(),
            Statement::Property(s) => s.span.clone(),
            Statement::Node(s) => s.span.clone(),
        }
    }
}

/// `levels concept "First order concepts" -> theme -> dimension`
#[derive(Debug, Clone)]
pub struct LevelsStmt {
    /// The levels, lowest first.
    pub levels: Vec<LevelDecl>,
    /// The whole line.
    pub span: Span,
}

/// One level of a `levels` line: its word and, optionally, its heading.
#[derive(Debug, Clone)]
pub struct LevelDecl {
    /// The word that declares a code at this level (`concept`).
    pub name: Ident,
    /// The heading tables print for the level, if written.
    pub heading: Option<Str>,
    /// The word and its heading.
    pub span: Span,
}

/// `map child -> parent`
#[derive(Debug, Clone)]
pub struct MapStmt {
    /// The code given a parent.
    pub child: Ident,
    /// The parent it is given.
    pub parent: Ident,
    /// The whole line.
    pub span: Span,
}

/// `key: value, value`; the key may have several words (`p1 hc_hi1: exclusive`).
#[derive(Debug, Clone)]
pub struct Property {
    /// The key's words, one or more.
    pub key: smallvec::SmallVec<[Ident; 2]>,
    /// The comma-separated values, in order.
    pub values: Vec<Value>,
    /// The whole property, key to last value.
    pub span: Span,
}

impl Property {
    pub(crate) fn key_span(&self) -> Span {
        match (self.key.first(), self.key.last()) {
            (Some(a), Some(b)) => a.span.start..b.span.end,
            _ => self.span.clone(),
        }
    }

    /// The key's words, joined by one space: borrowed for a key of one word (almost all).
    pub(crate) fn key_text(&self) -> std::borrow::Cow<'_, str> {
        match self.key.as_slice() {
            [one] => std::borrow::Cow::Borrowed(one.name.as_str()),
            words => std::borrow::Cow::Owned(
                words
                    .iter()
                    .map(|k| k.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }

    /// Span covering all the values.
    pub(crate) fn values_span(&self) -> Span {
        match (self.values.first(), self.values.last()) {
            (Some(a), Some(b)) => a.span.start..b.span.end,
            _ => self.span.clone(),
        }
    }
}

/// `kind name "Label" values { children }`
#[derive(Debug, Clone)]
pub struct Node {
    /// The kind of declaration (`structure`, `concept`, `quote`; `turning point` is one).
    pub kind: Ident,
    /// Its identifier, if written.
    pub name: Option<Ident>,
    /// Its quoted label, if written.
    pub label: Option<Str>,
    /// The values after the label, if any (`2017 .. 2018` after a phase's label).
    pub values: Vec<Value>,
    /// The `{ ... }` block, if written.
    pub block: Option<Block>,
    /// The whole declaration, its block included.
    pub span: Span,
}

impl Node {
    /// The span of the node's first line (kind to the end of its head), for labels.
    pub(crate) fn head_span(&self) -> Span {
        let end = self
            .values
            .last()
            .map(|v| v.span.end)
            .or_else(|| self.label.as_ref().map(|l| l.span.end))
            .or_else(|| self.name.as_ref().map(|n| n.span.end))
            .unwrap_or(self.kind.span.end);
        self.kind.span.start..end
    }

    /// The statements of its block; none without one.
    pub fn children(&self) -> &[Statement] {
        self.block.as_ref().map_or(&[], |b| b.statements.as_slice())
    }
}

/// A `{ ... }` block: the statements inside a declaration.
#[derive(Debug, Clone)]
pub struct Block {
    /// Its statements, in source order.
    pub statements: Vec<Statement>,
    /// From `{` to its `}`, or to the end of the file when the block is left open.
    pub span: Span,
    /// A line of the block could not be read (a syntax error, reported on its own) or the
    /// block is not closed: what the declaration lacks may be on that line.
    pub broken: bool,
}

/// One comma-separated value: one or more atoms (`1 h`, `"minutes", 2017-02-09`).
#[derive(Debug, Clone)]
pub struct Value {
    /// Its atoms, in order.
    pub atoms: smallvec::SmallVec<[Atom; 1]>,
    /// From its first atom to its last.
    pub span: Span,
}

/// One part of a value.
#[derive(Debug, Clone)]
pub enum Atom {
    /// A quoted string.
    Str(Str),
    /// A whole or decimal number, as written.
    Number {
        /// The number's text.
        text: String,
        /// Where it is written.
        span: Span,
    },
    /// `2019`, `2019-02`, `2019-02-30` (validity is checked later).
    Date(DateLit),
    /// `start .. end`, and where the whole range is written.
    Range(Box<Atom>, Box<Atom>, Span),
    /// A bare word: an identifier or a keyword such as `yes`.
    Word(Ident),
}

impl Atom {
    pub(crate) fn span(&self) -> Span {
        match self {
            Atom::Str(s) => s.span.clone(),
            Atom::Number { span, .. } => span.clone(),
            Atom::Date(d) => d.span.clone(),
            Atom::Range(_, _, span) => span.clone(),
            Atom::Word(w) => w.span.clone(),
        }
    }
}

/// A word: an identifier, a declaration's kind or a property's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The word itself.
    pub name: compact_str::CompactString,
    /// Where it is written.
    pub span: Span,
}

/// A string literal, already unescaped and with its line breaks folded.
#[derive(Debug, Clone)]
pub struct Str {
    /// The string's value: escapes resolved, line breaks folded, quotes left out.
    pub value: String,
    /// Where it is written, quotes included.
    pub span: Span,
    /// Written with `"""`.
    pub triple: bool,
}

/// A date as written: year, and optionally month and day. Not yet validated.
#[derive(Debug, Clone)]
pub struct DateLit {
    /// The year.
    pub year: u32,
    /// The month, if written (not yet checked to be 1 to 12).
    pub month: Option<u32>,
    /// The day, if written (not yet checked to exist).
    pub day: Option<u32>,
    /// Where it is written.
    pub span: Span,
}
