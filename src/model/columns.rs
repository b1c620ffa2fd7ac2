//! The columns of a data structure's table beside its quotes, left to right (a level's labels
//! and the attribute columns of `column:`), and the runs of them a common heading spans
//! (`column: picu "PICU" under "Caregivers reporting the theme"`). The tables print them and
//! the checker holds the common headings to them, from this one account.

use super::{AttributeColumn, CodeId, Codebook, Id, StructureId, Text};

/// A column of a data structure's table beside its quotes: a level's labels, or an attribute
/// of the codes of a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The labels of the codes of this level (a rank, lowest 0).
    Level(usize),
    /// The attribute of `column:` number `column`, of the codes of `level`.
    Attribute {
        /// Its place in the structure's `column:` list.
        column: usize,
        /// The level whose codes it prints.
        level: usize,
    },
}

impl Slot {
    /// The level whose codes it prints.
    pub fn level(self) -> usize {
        match self {
            Slot::Level(l) | Slot::Attribute { level: l, .. } => l,
        }
    }
}

/// Adjacent columns of a table under one common heading (`under`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingGroup {
    /// Where its first column stands among the columns it is counted in (0-based).
    pub first: usize,
    /// Its columns' places in the `column:` list, left to right.
    pub columns: Vec<usize>,
    /// The level whose codes its columns print (0 for the phase table).
    pub level: usize,
}

impl HeadingGroup {
    /// The common heading: the `under` of its first column.
    pub fn heading<'a>(&self, columns: &'a [AttributeColumn]) -> Option<&'a Text> {
        columns
            .get(*self.columns.first()?)
            .and_then(|c| c.under.as_ref())
    }
}

/// The runs of `columns` (each a place in `list`, with the level it prints, `None` for a column
/// that is no attribute column) that stand side by side under the same `under` text, on one
/// level, left to right. A column without `under` is in none.
pub fn groups(list: &[AttributeColumn], columns: &[(Option<usize>, usize)]) -> Vec<HeadingGroup> {
    let mut out: Vec<HeadingGroup> = Vec::new();
    let under = |c: usize| list.get(c).and_then(|c| c.under.as_ref());
    for (i, &(column, level)) in columns.iter().enumerate() {
        let Some((column, text)) = column.and_then(|c| Some((c, under(c)?))) else {
            continue;
        };
        if let Some(last) = out.last_mut()
            && last.level == level
            && last.first + last.columns.len() == i
            && last
                .columns
                .first()
                .and_then(|c| under(*c))
                .is_some_and(|t| t.text == text.text)
        {
            last.columns.push(column);
            continue;
        }
        out.push(HeadingGroup {
            first: i,
            columns: vec![column],
            level,
        });
    }
    out
}

impl Codebook {
    /// The label and attribute columns of structure `si`'s table, left to right: per level,
    /// lowest first (highest first with `level order: highest first`), a column for each
    /// attribute its codes of that level carry (in the order of `column:`), then the level's
    /// labels, then the columns written with `right`. An attribute carried on several levels
    /// has a column beside each; one printed after the labels (`after label`) has none. With
    /// `sections` (`highest level: rows`), the highest level has no columns. With one column
    /// of labels shared by the levels from one down (`level columns: one`, `one from
    /// cluster`), that column and one per attribute beside it stand for all those levels.
    pub fn slots(&self, si: StructureId, sections: bool) -> Vec<Slot> {
        let s = &self[si];
        let levels = self.levels.len().max(1);
        // Per column, per level: whether a code of the structure on that level carries it.
        let mut carried = vec![vec![false; levels]; s.columns.len()];
        if !s.columns.is_empty() {
            for (_, code) in CodeId::each(self).filter(|(_, k)| k.structure == si) {
                for (c, column) in s.columns.iter().enumerate() {
                    // A value printed after the label has no column.
                    if column.in_label.is_none()
                        && code.carries(&column.attribute.id)
                        && let Some(at) = carried[c].get_mut(code.level.rank())
                    {
                        *at = true;
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(levels + s.columns.len());
        let order: Vec<usize> = if s.highest_first() {
            (0..levels).rev().collect()
        } else {
            (0..levels).collect()
        };
        let right = |c: usize| s.columns.get(c).is_some_and(|c| c.right);
        // One column of labels shared by the levels from `shared` down (`level columns: one`,
        // `one from cluster`), headed by its highest level: it, and one column per attribute
        // carried on it or a level below, left and right of it.
        let shared = self.shared_label_column(si, sections);
        // Levels below the lowest this structure's codes are on (an overview of themes and
        // categories in a file whose other table has codes too) print no empty column.
        let lowest_used = match shared {
            Some(_) => 0,
            None => CodeId::each(self)
                .filter(|(_, k)| k.structure == si)
                .map(|(_, k)| k.level.rank())
                .min()
                .unwrap_or(0)
                .min(levels - 1),
        };
        for level in order {
            if sections && level + 1 == levels && shared != Some(level) {
                continue;
            }
            if level < lowest_used {
                continue;
            }
            let on = |c: &Vec<bool>| match shared {
                Some(l) if level == l => c.iter().take(level + 1).any(|x| *x),
                _ => c.get(level).is_some_and(|x| *x),
            };
            if shared.is_some_and(|l| level < l) {
                continue;
            }
            let side = |r: bool| {
                (carried.iter().enumerate())
                    .filter(move |(column, c)| on(c) && right(*column) == r)
                    .map(move |(column, _)| Slot::Attribute { column, level })
            };
            out.extend(side(false));
            out.push(Slot::Level(level));
            out.extend(side(true));
        }
        out
    }

    /// The runs of structure `si`'s table columns ([`Codebook::slots`]) under one common
    /// heading, each a place among the slots.
    pub fn slot_groups(&self, si: StructureId, slots: &[Slot]) -> Vec<HeadingGroup> {
        let columns: Vec<(Option<usize>, usize)> = slots
            .iter()
            .map(|s| match *s {
                Slot::Level(l) => (None, l),
                Slot::Attribute { column, level } => (Some(column), level),
            })
            .collect();
        groups(&self[si].columns, &columns)
    }
}
