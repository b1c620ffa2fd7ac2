//! The pairs of one parsed statement, flattened, turned into syntax nodes.

use super::errors::syntax_error;
use super::{Grammar, MAX_SKIPPED_WORDS, Rule, SyntaxErrors};
use crate::syntax::ast::{self, Atom, Span};
use crate::syntax::text::{fold_plain, fold_triple};
use pest::Parser as _;
use pest::Token;
use pest::iterators::Pairs;

/// One pair of a parse: its rule, its byte range in the file, and the index just past its
/// descendants in the list (pest's token queue, flattened: pairs in source order, each before
/// its descendants).
#[derive(Clone, Copy)]
pub(super) struct Tok {
    pub(super) rule: Rule,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) next: usize,
}

/// Flatten `pairs` (of text starting at `base` in the file) into `out`. Walking this list costs
/// no reference counting or re-counting of children, as walking pest's `Pair`s would.
pub(super) fn flatten(pairs: Pairs<Rule>, base: usize, out: &mut Vec<Tok>) {
    out.clear();
    let mut open = Vec::new();
    for token in pairs.tokens() {
        match token {
            Token::Start { rule, pos } => {
                open.push(out.len());
                out.push(Tok {
                    rule,
                    start: base + pos.pos(),
                    end: base + pos.pos(),
                    next: 0,
                });
            }
            Token::End { pos, .. } => {
                let next = out.len();
                if let Some(t) = open.pop().and_then(|i| out.get_mut(i)) {
                    t.end = base + pos.pos();
                    t.next = next;
                }
            }
        }
    }
}

/// The children of one pair, comments left out.
pub(super) struct Kids<'a> {
    toks: &'a [Tok],
    at: usize,
    end: usize,
}

impl Iterator for Kids<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.at < self.end {
            let i = self.at;
            let t = self.toks.get(i)?;
            self.at = t.next.max(i + 1);
            if t.rule != Rule::comment {
                return Some(i);
            }
        }
        None
    }
}

/// Turns the pairs of one `item` (flattened) into syntax nodes.
pub(super) struct Builder<'a> {
    pub(super) toks: &'a [Tok],
    pub(super) source: &'a str,
    /// Read the texts of quotes (see `each_statement`).
    pub(super) quote_texts: bool,
}

impl Builder<'_> {
    /// A line skipped as `bad`: why it does not parse (pest, asked again for this statement
    /// alone), and its words.
    pub(super) fn skipped(&self, t: &Tok, top_level: bool, errors: &mut SyntaxErrors) {
        let text = self.text(t);
        let first_line = text.lines().next().unwrap_or("");
        if errors.skipped_words.len() < MAX_SKIPPED_WORDS {
            // Its first line's words, and the names the declarations in its block declare (the
            // second word of each line): `theme a Phase 1: capture {` skips the concepts inside
            // it too, and what refers to them follows from this error.
            let declared = text
                .lines()
                .skip(1)
                .take(MAX_SKIPPED_WORDS)
                .filter_map(|l| l.split_whitespace().nth(1))
                .filter(|w| w.len() <= 64 && super::is_identifier(w));
            let words = first_line
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty() && w.len() <= 64)
                .take(8)
                .chain(declared)
                .map(str::to_string);
            // `weekly-notes` declared on a skipped line is used elsewhere as `weekly_notes`.
            let fixed = first_line
                .split_whitespace()
                .filter(|t| t.contains('-') && t.len() <= 64)
                .take(8)
                .map(crate::syntax::messages::fixed_identifier);
            errors.skipped_words.extend(words.chain(fixed));
        }
        if errors.full() {
            errors.more += 1;
            return;
        }
        let rest = self.source.get(t.start..).unwrap_or("");
        let rule = if top_level {
            Rule::one_top
        } else {
            Rule::one_block
        };
        if let Err(e) = Grammar::parse(rule, rest) {
            errors.push(syntax_error(self.source, t.start, e));
        }
    }

    /// What `build` makes of each child of pair `i`, in a vector with room for as many as there
    /// are children: most lists of a syntax tree hold one or two items, and a vector grown by
    /// pushing has room for four; a large block's tree is held whole until it is lowered, so
    /// the room would be most of it.
    fn each_kid<T>(&self, i: usize, build: impl FnMut(usize) -> Option<T>) -> Vec<T> {
        let mut out = Vec::with_capacity(self.kids(i).count());
        out.extend(self.kids(i).filter_map(build));
        out
    }

    pub(super) fn tok(&self, i: usize) -> Tok {
        self.toks.get(i).copied().unwrap_or(Tok {
            rule: Rule::EOI,
            start: 0,
            end: 0,
            next: i + 1,
        })
    }

    pub(super) fn rule(&self, i: usize) -> Rule {
        self.tok(i).rule
    }

    pub(super) fn kids(&self, i: usize) -> Kids<'_> {
        Kids {
            toks: self.toks,
            at: i + 1,
            end: self.tok(i).next,
        }
    }

    /// A `comment` token (the text after the `#`) as a comment of the syntax tree.
    pub(super) fn comment(&self, t: &Tok) -> ast::Comment {
        ast::Comment {
            text: self.text(t).trim_start_matches('#').to_string(),
            span: t.start.saturating_sub(1)..t.end,
        }
    }

    pub(super) fn text(&self, t: &Tok) -> &str {
        self.source.get(t.start..t.end).unwrap_or("")
    }

    pub(super) fn span(&self, i: usize) -> Span {
        let t = self.tok(i);
        t.start..t.end
    }

    /// A rule's span ends at its last token: pest would count trailing blanks and comments
    /// that an optional part skipped before failing to match.
    pub(super) fn tight(&self, i: usize) -> Span {
        let t = self.tok(i);
        let end = self.kids(i).last().map_or(t.end, |k| self.tok(k).end);
        t.start..end
    }

    pub(super) fn statement(&self, i: usize) -> Option<ast::Statement> {
        Some(match self.rule(i) {
            Rule::levels_stmt => ast::Statement::Levels(self.levels(i)),
            Rule::map_stmt => {
                let mut idents = self
                    .kids(i)
                    .filter(|&k| self.rule(k) == Rule::ident)
                    .map(|k| self.ident(k));
                let child = idents.next()?;
                let parent = idents.next()?;
                ast::Statement::Map(ast::MapStmt {
                    child,
                    parent,
                    span: self.tight(i),
                })
            }
            Rule::entry => self.entry(i),
            _ => return None,
        })
    }

    pub(super) fn levels(&self, i: usize) -> ast::LevelsStmt {
        let mut levels = Vec::new();
        for k in self.kids(i) {
            if self.rule(k) == Rule::level {
                let mut name = None;
                let mut heading = None;
                for q in self.kids(k) {
                    match self.rule(q) {
                        Rule::ident => name = Some(self.ident(q)),
                        Rule::string => heading = Some(self.string(q)),
                        _ => {}
                    }
                }
                if let Some(name) = name {
                    levels.push(ast::LevelDecl {
                        name,
                        heading,
                        span: self.tight(k),
                    });
                }
            }
        }
        ast::LevelsStmt {
            levels,
            span: self.tight(i),
        }
    }

    /// A property or a declaration: the names read first, then what follows them.
    pub(super) fn entry(&self, i: usize) -> ast::Statement {
        let sp = self.tight(i);
        let words = self
            .kids(i)
            .filter(|&k| self.rule(k) == Rule::ident)
            .count();
        let mut key: smallvec::SmallVec<[ast::Ident; 2]> = smallvec::SmallVec::with_capacity(words);
        let mut rest = None;
        for k in self.kids(i) {
            match self.rule(k) {
                Rule::ident => key.push(self.ident(k)),
                Rule::property | Rule::node => rest = Some(k),
                _ => {}
            }
        }
        match rest {
            Some(p) if self.rule(p) == Rule::property => {
                let values = self
                    .kids(p)
                    .find(|&v| self.rule(v) == Rule::values)
                    .map(|v| self.values(v))
                    .unwrap_or_default();
                ast::Statement::Property(ast::Property {
                    key,
                    values,
                    span: sp,
                })
            }
            other => ast::Statement::Node(self.node(key, other, sp)),
        }
    }

    pub(super) fn node(
        &self,
        key: smallvec::SmallVec<[ast::Ident; 2]>,
        tail: Option<usize>,
        sp: Span,
    ) -> ast::Node {
        let mut names = key.into_iter();
        let first = names.next().unwrap_or(ast::Ident {
            name: compact_str::CompactString::default(),
            span: sp.start..sp.start,
        });
        let mut names = names.peekable();
        // `turning point` and `focus group` are kinds written as two words.
        let second = crate::model::TWO_WORD_KINDS
            .iter()
            .find(|(a, _)| *a == first.name)
            .and_then(|(_, b)| names.next_if(|n| n.name == *b));
        let kind = match second {
            Some(second) => ast::Ident {
                name: format!("{} {}", first.name, second.name).into(),
                span: first.span.start..second.span.end,
            },
            None => first,
        };
        let mut name = names.next();
        let mut extra: Vec<Atom> = names.map(Atom::Word).collect();
        let mut label = None;
        let mut values = Vec::new();
        let mut block = None;
        if let Some(tail) = tail {
            for k in self.kids(tail) {
                match self.rule(k) {
                    Rule::string if !self.quote_texts && kind.name == "quote" => {
                        label = Some(self.unread_string(k));
                    }
                    Rule::string => label = Some(self.string(k)),
                    Rule::values => values = self.values(k),
                    Rule::block => {
                        let statements = self.each_kid(k, |s| self.statement(s));
                        let broken = self
                            .kids(k)
                            .any(|s| matches!(self.rule(s), Rule::bad | Rule::unclosed));
                        block = Some(ast::Block {
                            statements,
                            span: self.span(k),
                            broken,
                        });
                    }
                    _ => {}
                }
            }
        }
        // What the author meant as the identifier, though it is none, is read as one, so that
        // the model can say so and suggest the fixed spelling: words before the label
        // (`concept Weekly Notes "X"`), and a number written together with a word
        // (`concept 2weekly "X"`).
        if let (Some(n), Some(l), Some(Atom::Word(last))) = (&name, &label, extra.last())
            && last.span.end <= l.span.start
        {
            let mut id = n.name.clone();
            for a in &extra {
                if let Atom::Word(w) = a {
                    id.push(' ');
                    id.push_str(&w.name);
                }
            }
            name = Some(ast::Ident {
                name: id,
                span: n.span.start..last.span.end,
            });
            extra.clear();
        }
        if name.is_none()
            && label.is_none()
            && let Some(first) = values.first_mut()
            && let [Atom::Number { text, span }, Atom::Word(w), ..] = first.atoms.as_slice()
            && span.end == w.span.start
        {
            name = Some(ast::Ident {
                name: compact_str::format_compact!("{text}{}", w.name),
                span: span.start..w.span.end,
            });
            first.atoms.drain(..2);
            if let Some(Atom::Str(l)) = first.atoms.first() {
                label = Some(l.clone());
                first.atoms.remove(0);
            }
            match first.atoms.first() {
                Some(a) => first.span = a.span().start..first.span.end,
                None => {
                    values.remove(0);
                }
            }
        }
        // Names beyond the identifier (`concept a b 2017`) are values the model will refuse.
        // Without a label between them, they and the first value were written with only blanks
        // between (`concept a b 2017`), so they are one value, as `fmt` must write them again.
        if let (Some(a), Some(b)) = (extra.first(), extra.last()) {
            let (start, end) = (a.span().start, b.span().end);
            match values.first_mut() {
                Some(first) if label.is_none() => {
                    first.atoms.insert_many(0, extra);
                    first.span = start..first.span.end;
                }
                _ => values.insert(
                    0,
                    ast::Value {
                        atoms: extra.into(),
                        span: start..end,
                    },
                ),
            }
        }
        ast::Node {
            kind,
            name,
            label,
            values,
            block,
            span: sp,
        }
    }

    pub(super) fn values(&self, i: usize) -> Vec<ast::Value> {
        self.each_kid(i, |k| {
            (self.rule(k) == Rule::value).then(|| ast::Value {
                atoms: self.kids(k).filter_map(|a| self.atom(a)).collect(),
                span: self.tight(k),
            })
        })
    }

    pub(super) fn atom(&self, i: usize) -> Option<Atom> {
        let t = self.tok(i);
        Some(match t.rule {
            Rule::string => Atom::Str(self.string(i)),
            Rule::number => Atom::Number {
                text: self.text(&t).to_string(),
                span: t.start..t.end,
            },
            Rule::date => Atom::Date(self.date(i)),
            Rule::ident => Atom::Word(self.ident(i)),
            Rule::range => {
                let mut points = self.kids(i).filter_map(|a| self.atom(a));
                let a = points.next()?;
                let b = points.next()?;
                Atom::Range(Box::new(a), Box::new(b), self.tight(i))
            }
            _ => return None,
        })
    }

    pub(super) fn ident(&self, i: usize) -> ast::Ident {
        let t = self.tok(i);
        ast::Ident {
            name: self.text(&t).into(),
            span: t.start..t.end,
        }
    }

    pub(super) fn string(&self, i: usize) -> ast::Str {
        let t = self.tok(i);
        let text = self.text(&t);
        let triple = text.len() >= 6 && text.starts_with("\"\"\"");
        let value = if triple {
            fold_triple(text.get(3..text.len() - 3).unwrap_or(""))
        } else {
            fold_plain(
                typographic_inside(text)
                    .unwrap_or_else(|| text.get(1..text.len().saturating_sub(1)).unwrap_or("")),
            )
        };
        ast::Str {
            value,
            span: t.start..t.end,
            triple,
        }
    }

    /// A string whose value is not read: `…` when it is certainly not blank (a character other
    /// than white space, and no escape that could stand for white space), else its value.
    fn unread_string(&self, i: usize) -> ast::Str {
        let t = self.tok(i);
        let text = self.text(&t);
        let triple = text.len() >= 6 && text.starts_with("\"\"\"");
        // memchr: a quote's text is most of a codebook's bytes.
        if (triple || memchr::memchr(b'\\', text.as_bytes()).is_none())
            && text.chars().any(|c| !(c.is_whitespace() || c == '"'))
        {
            return ast::Str {
                value: "…".to_string(),
                span: t.start..t.end,
                triple,
            };
        }
        self.string(i)
    }

    pub(super) fn date(&self, i: usize) -> ast::DateLit {
        let t = self.tok(i);
        let mut parts = self
            .text(&t)
            .split('-')
            .map(|p| p.parse::<u32>().unwrap_or(0));
        ast::DateLit {
            year: parts.next().unwrap_or(0),
            month: parts.next(),
            day: parts.next(),
            span: t.start..t.end,
        }
    }
}

/// The text between the marks of a string written between typographic quotes (`“Data”`), which
/// the grammar reads so as to keep its declaration and the parser reports; `None` for a string
/// between straight quotes.
pub(super) fn typographic_inside(text: &str) -> Option<&str> {
    if text.starts_with('"') {
        return None;
    }
    let mut chars = text.chars();
    let (open, close) = (chars.next()?, chars.next_back()?);
    text.get(open.len_utf8()..text.len() - close.len_utf8())
}
