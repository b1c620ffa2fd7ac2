//! Rows that know whether a page breaks above them: a `\label` per row and an expandable page
//! comparison, so that a page repeats the labels of the groups it continues and a rule between
//! two groups is not drawn where the page breaks.

use crate::emit::tables::{Content, Rule};

/// What a body row needs besides its cells, to know whether it is the first row of a page (see
/// [`PAGE_MACROS`]): its own `\label`, the previous row's, and the labels it carries on.
pub(super) struct BodyRow<'a> {
    pub(super) label: Option<String>,
    pub(super) previous: Option<String>,
    pub(super) carried: &'a [(usize, Content)],
    /// No page break under it: a heading row, or one of a table's first rows
    /// ([`KEPT_TOGETHER`]).
    pub(super) keep: bool,
    /// The row above it is kept with it (`keep`): no page break under its rule either.
    pub(super) after_keep: bool,
    /// Its place in the body, and the labels that hang into and from the table's rows.
    pub(super) index: usize,
    pub(super) hangs: &'a super::hang::Hangs,
}

/// How many rows a table starts with on one page: a page does not break between its first
/// rows, so a table that starts near the foot of a page does not leave one row there under
/// its caption and head; it starts on the next page instead, as a journal sets it.
pub(super) const KEPT_TOGETHER: usize = 3;

/// A table's name as part of a LaTeX label: ASCII letters and digits, anything else as its
/// code point (`x5f` for `_`), so the label is safe whatever babel makes active.
pub(super) fn label_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("x{:x}", c as u32)
            }
        })
        .collect()
}

/// Macros for what a table prints depending on whether a row is the first of its page, and
/// `\codebookkeeprule` (after a rule) to keep the page from breaking under the rule: every
/// body row that needs it carries a `\label`, and `\codebookifpagebreak{ROW}{PREVIOUS}{YES}{NO}`
/// expands to YES when the two rows' pages (from the `.aux` file) differ. So a group's label is
/// repeated, "(continued)", at the top of a page, and the rule between two groups is drawn
/// invisible (its space kept, so that the page breaks where it did) where a page breaks between
/// them: longtable puts a rule under the head and above the foot already. Expandable, so that it
/// can choose a rule at the start of a row: expl3's `\str_if_eq:eeTF`, which pdfTeX, XeTeX and
/// LuaTeX all have (`\pdfstrcmp` is pdfTeX's alone). It takes effect from the second run of
/// LaTeX on, as longtable's column widths do.
///
/// A booktabs rule ends in glue, where TeX may break a page even when the row above it must
/// not end one (`\\*`): a heading row would be left at a page's foot with the rule under it.
/// `\codebookkeeprule` moves that glue after a `\penalty10000`, so the rule stays with the row
/// below it too.
pub const PAGE_MACROS: &str = "\\providecommand\\codebookpage[1]{\\ifcsname r@#1\\endcsname\\expandafter\\expandafter\\expandafter\\codebookpageof\\csname r@#1\\endcsname\\relax\\fi}
\\def\\codebookpageof#1#2#3\\relax{#2}
\\providecommand\\codebookfirst[2]{#1}
\\providecommand\\codebooksecond[2]{#2}
\\ExplSyntaxOn
\\cs_if_exist:NF \\codebookifpagebreak
  { \\cs_new:Npn \\codebookifpagebreak #1#2 { \\str_if_eq:eeTF { \\codebookpage{#1} } { \\codebookpage{#2} } { \\codebooksecond } { \\codebookfirst } } }
\\cs_if_exist:NF \\codebookkeeprule
  {
    \\cs_new:Npn \\codebookkeeprule { \\noalign { \\__codebook_keep_rule: } }
    \\cs_new_protected:Npn \\__codebook_keep_rule:
      {
        \\skip_zero:N \\l_tmpa_skip
        \\bool_until_do:nn { \\dim_compare_p:nNn { \\tex_lastskip:D } = { 0pt } }
          {
            \\skip_add:Nn \\l_tmpa_skip { \\tex_lastskip:D }
            \\tex_unskip:D
          }
        \\tex_penalty:D 10000 \\scan_stop:
        \\tex_vskip:D \\l_tmpa_skip
      }
  }
\\ExplSyntaxOff
";

/// The rule a row gets instead of `rule` where a page breaks above it: nothing drawn, the same
/// space kept, so that the page breaks where it did.
pub(super) fn invisible(rule: &Rule) -> String {
    match rule {
        Rule::Partial(ranges) => {
            let parts: String = ranges
                .iter()
                .map(|(a, b)| format!("\\cmidrule[0pt](lr){{{a}-{b}}}"))
                .collect();
            format!("{parts}\\noalign{{\\vskip\\cmidrulewidth}}")
        }
        _ => "\\midrule[0pt]\\noalign{\\vskip\\lightrulewidth}".to_string(),
    }
}
