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
    pub statements: Vec<Statement>,
    /// Every `# comment`, in source order (kept for the formatter).
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone)]
pub struct Comment {
    /// The text after `#`, untrimmed.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Statement {
    Levels(LevelsStmt),
    Map(MapStmt),
    Property(Property),
    Node(Node),
}

impl Statement {
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
    pub levels: Vec<LevelDecl>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct LevelDecl {
    pub name: Ident,
    pub heading: Option<Str>,
    pub span: Span,
}

/// `map child -> parent`
#[derive(Debug, Clone)]
pub struct MapStmt {
    pub child: Ident,
    pub parent: Ident,
    pub span: Span,
}

/// `key: value, value`; the key may have several words (`p1 hc_hi1: exclusive`).
#[derive(Debug, Clone)]
pub struct Property {
    pub key: Vec<Ident>,
    pub values: Vec<Value>,
    pub span: Span,
}

impl Property {
    pub fn key_span(&self) -> Span {
        match (self.key.first(), self.key.last()) {
            (Some(a), Some(b)) => a.span.start..b.span.end,
            _ => self.span.clone(),
        }
    }

    pub fn key_text(&self) -> String {
        self.key
            .iter()
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Span covering all the values.
    pub fn values_span(&self) -> Span {
        match (self.values.first(), self.values.last()) {
            (Some(a), Some(b)) => a.span.start..b.span.end,
            _ => self.span.clone(),
        }
    }
}

/// `kind name "Label" values { children }`
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Ident,
    pub name: Option<Ident>,
    pub label: Option<Str>,
    pub values: Vec<Value>,
    pub block: Option<Block>,
    pub span: Span,
}

impl Node {
    /// The span of the node's first line (kind to the end of its head), for labels.
    pub fn head_span(&self) -> Span {
        let end = self
            .values
            .last()
            .map(|v| v.span.end)
            .or_else(|| self.label.as_ref().map(|l| l.span.end))
            .or_else(|| self.name.as_ref().map(|n| n.span.end))
            .unwrap_or(self.kind.span.end);
        self.kind.span.start..end
    }

    pub fn children(&self) -> &[Statement] {
        self.block.as_ref().map_or(&[], |b| b.statements.as_slice())
    }
}

#[derive(Debug, Clone)]
pub struct Block {
    pub statements: Vec<Statement>,
    pub span: Span,
    /// A line of the block could not be read (a syntax error, reported on its own) or the
    /// block is not closed: what the declaration lacks may be on that line.
    pub broken: bool,
}

/// One comma-separated value: one or more atoms (`1 h`, `"minutes", 2017-02-09`).
#[derive(Debug, Clone)]
pub struct Value {
    pub atoms: Vec<Atom>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub enum Atom {
    Str(Str),
    /// A whole or decimal number, as written.
    Number {
        text: String,
        span: Span,
    },
    /// `2019`, `2019-02`, `2019-02-30` (validity is checked later).
    Date(DateLit),
    Range(Box<Atom>, Box<Atom>, Span),
    Word(Ident),
}

impl Atom {
    pub fn span(&self) -> Span {
        match self {
            Atom::Str(s) => s.span.clone(),
            Atom::Number { span, .. } => span.clone(),
            Atom::Date(d) => d.span.clone(),
            Atom::Range(_, _, span) => span.clone(),
            Atom::Word(w) => w.span.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal, already unescaped and with its line breaks folded.
#[derive(Debug, Clone)]
pub struct Str {
    pub value: String,
    pub span: Span,
    /// Written with `"""`.
    pub triple: bool,
}

/// A date as written: year, and optionally month and day. Not yet validated.
#[derive(Debug, Clone)]
pub struct DateLit {
    pub year: u32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    pub span: Span,
}
