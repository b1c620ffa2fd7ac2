//! Labels that hang into the empty cells below them: a group's label (a data structure's
//! dimension, theme or concept) that wraps over more lines than the row beside it does not make
//! that row taller, which would leave a gap before the group's next row; it reaches down into the
//! group's empty cells, and the group's last row is made deep enough to hold what is left of it,
//! so that it never runs into the next group's label or rule.
//!
//! TeX knows a row's depth once the row is set (`\prevdepth` between rows), so the remaining
//! length of each hanging label is kept in a register per column and counted down row by row;
//! nothing is measured from the previous run. No page breaks where a label still hangs below a
//! row (it would run into the page's foot): the next page repeats it, "(continued)", hanging
//! the same way. The first row of each of longtable's chunks (every `\LTchunksize` rows: 200
//! here, 20 in older longtables) finds `\prevdepth` reset, so the row above it is not counted off: a
//! group across that boundary may end a little lower than it needs to, never higher.

use crate::emit::tables::{Rule, Table};

/// `\codebookhang{COL}{LABEL}` sets a label that hangs below its row; `\codebookhangs{SPACE}{COLS}`
/// (at the start of a row, before its rule) counts the row above off the labels of columns
/// COLS that hang into the next row, and keeps the two rows on one page while one of them
/// still reaches below the row above; `\codebookhangrule` (after the rule) keeps the page from
/// breaking under that rule too; `\codebookhangend{COL}` in a group's last row makes the row as
/// deep as what is left of its label. SPACE is the space between the two rows (the rule's or
/// `\addlinespace`'s), never more than there is, so a row is never too shallow. expl3, which
/// pdfTeX, XeTeX and LuaTeX all have. `\codebookhangrule` keeps the page as
/// `\codebookkeeprule` of [`super::PAGE_MACROS`] does (its `\__codebook_keep_rule:`), which a
/// table with hanging labels is always given.
pub const HANG_MACROS: &str = "\\ExplSyntaxOn
\\cs_if_exist:NF \\codebookhang
  {
    \\box_new:N \\l__codebook_hang_box
    \\bool_new:N \\g__codebook_hang_keep_bool
    \\cs_new_protected:Npn \\__codebook_hang_dim:n #1
      { \\dim_if_exist:cF { g__codebook_hang_#1_dim } { \\dim_new:c { g__codebook_hang_#1_dim } } }
    \\cs_new_protected:Npn \\codebookhang #1#2
      {
        \\__codebook_hang_dim:n {#1}
        \\vbox_set_top:Nn \\l__codebook_hang_box
          { \\hspace{0pt} #2 \\use:c { @finalstrut } \\use:c { @arstrutbox } }
        \\dim_gset:cn { g__codebook_hang_#1_dim } { \\box_dp:N \\l__codebook_hang_box }
        \\box_set_dp:Nn \\l__codebook_hang_box { 0pt }
        \\box_use_drop:N \\l__codebook_hang_box
      }
    \\cs_new_protected:Npn \\codebookhangend #1
      {
        \\__codebook_hang_dim:n {#1}
        \\dim_compare:nNnT { \\dim_use:c { g__codebook_hang_#1_dim } } > { 0pt }
          { \\rule [ - \\dim_use:c { g__codebook_hang_#1_dim } ] { 0pt } { \\dim_use:c { g__codebook_hang_#1_dim } } }
        \\dim_gzero:c { g__codebook_hang_#1_dim }
      }
    \\cs_new:Npn \\codebookhangs #1#2 { \\noalign { \\__codebook_hangs:nn {#1} {#2} } }
    \\cs_new_protected:Npn \\__codebook_hangs:nn #1#2
      {
        \\bool_gset_false:N \\g__codebook_hang_keep_bool
        \\clist_map_inline:nn {#2}
          {
            \\__codebook_hang_dim:n {##1}
            \\dim_gsub:cn { g__codebook_hang_##1_dim } { \\dim_max:nn { \\tex_prevdepth:D } { 0pt } }
            \\dim_compare:nNnT { \\dim_use:c { g__codebook_hang_##1_dim } } > { 0pt }
              { \\bool_gset_true:N \\g__codebook_hang_keep_bool }
            \\dim_gsub:cn { g__codebook_hang_##1_dim } { #1 + \\box_ht:c { @arstrutbox } }
          }
        \\bool_if:NT \\g__codebook_hang_keep_bool { \\tex_penalty:D 10000 \\scan_stop: }
      }
    \\cs_new:Npn \\codebookhangrule { \\noalign { \\__codebook_hang_rule: } }
    \\cs_new_protected:Npn \\__codebook_hang_rule:
      {
        \\bool_if:NT \\g__codebook_hang_keep_bool { \\__codebook_keep_rule: }
      }
  }
\\ExplSyntaxOff
";

/// What a table's body rows need for their labels to hang: per row, the columns whose label
/// it starts to hang, the columns a label hangs into it from above (it carries them on), and
/// the columns whose hanging label ends in it.
pub(super) struct Hangs {
    /// Per row: the columns of group labels it carries on (see [`Table::continued`]), less
    /// those of a label too tall to hang ([`TALLEST`]).
    carried: Vec<Vec<usize>>,
}

/// The most lines a label may hang over, as the column fitting estimates them in the
/// narrowest text block a fragment is likely to be put in ([`NARROWEST`]): a taller one (a
/// definition of fifty words in a narrow column) makes its row as tall as itself instead, so
/// that longtable, which cannot see a hanging label, moves the row to the next page whole
/// rather than letting the label run past the page's foot.
const TALLEST: f64 = 12.0;
/// The narrowest text block the estimate assumes, as a part of the 16 cm one the column
/// fitting takes: LaTeX's `article` at 10 pt on A4 or letter paper (345 pt of 455).
pub(super) const NARROWEST: f64 = 345.0 / 455.0;

impl Hangs {
    pub(super) fn of(t: &Table) -> Hangs {
        let mut carried: Vec<Vec<usize>> = t
            .continued()
            .iter()
            .map(|c| c.iter().map(|(col, _)| *col).collect())
            .collect();
        // The labels too tall to hang: the rows below them carry them on all the same (the
        // next page repeats them), but none hangs into them.
        for (i, row) in t.body.iter().enumerate() {
            let mut col = 0;
            for cell in &row.cells {
                let tall = cell.span == 1
                    && t.columns.get(col).is_some_and(|c| {
                        crate::emit::tables::estimated_lines(&cell.content, c.width * NARROWEST)
                            > TALLEST
                    });
                if tall {
                    for below in carried.iter_mut().skip(i + 1) {
                        if !below.contains(&col) {
                            break;
                        }
                        below.retain(|c| *c != col);
                    }
                }
                col += cell.span.max(1);
            }
        }
        Hangs { carried }
    }

    /// Whether a label hangs into row `row` in column `col` from above.
    pub(super) fn carries(&self, row: usize, col: usize) -> bool {
        self.carried.get(row).is_some_and(|c| c.contains(&col))
    }

    /// Whether the label in column `col` of row `row` hangs: the next row carries it on.
    pub(super) fn starts(&self, row: usize, col: usize) -> bool {
        !self.carries(row, col) && self.carries(row + 1, col)
    }

    /// Whether row `row` is the last its column `col`'s label hangs into.
    pub(super) fn ends(&self, row: usize, col: usize) -> bool {
        self.carries(row, col) && !self.carries(row + 1, col)
    }

    /// The columns whose labels hang from above into row `row`, as `\codebookhangs` takes them.
    pub(super) fn into(&self, row: usize) -> Option<String> {
        let cols = self.carried.get(row).filter(|c| !c.is_empty())?;
        Some(
            cols.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
        )
    }
}

/// The space between two rows that `rule` puts there (at least: `\codebookhangs` may count
/// less, never more).
pub(super) fn space(rule: &Rule) -> &'static str {
    match rule {
        Rule::None => "0pt",
        Rule::Space => "\\defaultaddspace",
        Rule::Full => "\\aboverulesep+\\lightrulewidth+\\belowrulesep",
        Rule::Partial(_) => "\\aboverulesep+\\cmidrulewidth+\\belowrulesep",
    }
}
