//! Where each comment goes: the statement it describes, and the blank lines the author left.

use crate::syntax::ast::{Comment, Document, Node, Statement};
use std::collections::HashMap;

/// Where comments are written, keyed by the start of a statement or block.
#[derive(Default)]
pub(super) struct Places<'a> {
    /// Own-line comments before a statement; `true` for those moved out of its inside.
    pub(super) leading: HashMap<usize, Vec<(&'a Comment, bool)>>,
    /// Comments after a statement, on its last line.
    pub(super) trailing: HashMap<usize, Vec<&'a Comment>>,
    /// Comments after a node's `{`, on the same line.
    pub(super) head: HashMap<usize, Vec<&'a Comment>>,
    /// Comments after the last statement of a block (keyed by the block's start) or of the
    /// file (key `usize::MAX`).
    pub(super) end: HashMap<usize, Vec<&'a Comment>>,
}

enum Place {
    Leading(usize, bool),
    Trailing(usize),
    Head(usize),
    End(usize),
}

pub(super) const FILE_END: usize = usize::MAX;

pub(super) fn attach<'a>(src: &str, doc: &'a Document) -> Places<'a> {
    let mut places = Places::default();
    let cx = Cx {
        src,
        comment_at: doc
            .comments
            .iter()
            .map(|c| (c.span.end, c.span.start))
            .collect(),
    };
    for c in &doc.comments {
        match cx.locate(&doc.statements, c.span.start, None) {
            Place::Leading(at, inner) => places.leading.entry(at).or_default().push((c, inner)),
            Place::Trailing(at) => places.trailing.entry(at).or_default().push(c),
            Place::Head(at) => places.head.entry(at).or_default().push(c),
            Place::End(at) => places.end.entry(at).or_default().push(c),
        }
    }
    places
}

fn has_break(src: &str, from: usize, to: usize) -> bool {
    src.get(from..to)
        .is_none_or(|s| s.contains('\n') || s.contains('\r'))
}

struct Cx<'s> {
    pub(super) src: &'s str,
    /// Comment start by comment end.
    pub(super) comment_at: HashMap<usize, usize>,
}

impl Cx<'_> {
    /// Where a statement's last token ends. A statement's span may run on over the spaces and
    /// the comment after it (the parser's implicit skip before an optional part that is
    /// absent), so those are cut off.
    fn end_of(&self, s: &Statement) -> usize {
        let sp = s.span();
        let mut end = sp.end;
        if let Some(&start) = self.comment_at.get(&end)
            && start >= sp.start
        {
            end = start;
        }
        let text = self.src.get(sp.start..end).unwrap_or("");
        sp.start + text.trim_end_matches([' ', '\t']).len()
    }

    /// Find the place of a comment starting at `at` among `stmts` (the statements of the file,
    /// or of the block of `owner`).
    fn locate(&self, stmts: &[Statement], at: usize, owner: Option<&Node>) -> Place {
        let src = self.src;
        let i = stmts.partition_point(|s| s.span().start <= at);
        if let Some(s) = i.checked_sub(1).and_then(|k| stmts.get(k)) {
            let start = s.span().start;
            let end = self.end_of(s);
            if at < end {
                if let Statement::Node(n) = s
                    && let Some(b) = &n.block
                    && at > b.span.start
                    && at < b.span.end
                {
                    return self.locate(&b.statements, at, Some(n));
                }
                return Place::Leading(start, true);
            }
            if !has_break(src, end, at) {
                return Place::Trailing(start);
            }
        } else if let Some(n) = owner
            && let Some(b) = &n.block
            && !has_break(src, b.span.start + 1, at)
        {
            return Place::Head(n.span.start);
        }
        self.next_or_end(stmts, i, owner)
    }

    fn next_or_end(&self, stmts: &[Statement], i: usize, owner: Option<&Node>) -> Place {
        match stmts.get(i) {
            Some(next) => Place::Leading(next.span().start, false),
            None => Place::End(
                owner
                    .and_then(|n| n.block.as_ref())
                    .map_or(FILE_END, |b| b.span.start),
            ),
        }
    }
}

/// Whether the author left an empty line just before `at`.
pub(super) fn blank_before(src: &str, at: usize) -> bool {
    let before = src.get(..at).unwrap_or("");
    let mut breaks = 0;
    let mut next: Option<char> = None;
    for c in before.chars().rev() {
        match c {
            '\n' => breaks += 1,
            '\r' if next != Some('\n') => breaks += 1,
            ' ' | '\t' | '\r' => {}
            _ => break,
        }
        next = Some(c);
    }
    breaks >= 2
}
