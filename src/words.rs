//! Numbers with their nouns in messages, tables and notes: `1 quote`, `2 quotes`, `0 quotes`.
//!
//! Every count printed with a word goes through [`count`] (or [`pick`] for a verb that agrees
//! with it), so no message reads "1 observations".

/// `one` when `n` is 1, else `many`: for a noun or a verb that agrees with a count.
pub fn pick<'a, N>(n: N, one: &'a str, many: &'a str) -> &'a str
where
    N: PartialEq + From<u8>,
{
    if n == N::from(1) { one } else { many }
}

/// `n` and its noun: `1 quote`, `2 quotes`, `0 quotes`.
pub fn count<N>(n: N, one: &str, many: &str) -> String
where
    N: Copy + std::fmt::Display + PartialEq + From<u8>,
{
    format!("{n} {}", pick(n, one, many))
}

/// The plural of an English noun a file names (a level's word: `category`, `subtheme`,
/// `process`): `categories`, `subthemes`, `processes`. Words of other languages, and nouns with
/// plurals of their own, keep the regular `s`, as a reader still understands them.
pub fn plural(noun: &str) -> String {
    let lower = noun.to_lowercase();
    let vowel = |c: char| "aeiou".contains(c);
    let mut rev = lower.chars().rev();
    let (last, before) = (rev.next(), rev.next());
    match (last, before) {
        (Some('y'), Some(b)) if !vowel(b) => format!("{}ies", &noun[..noun.len() - 1]),
        (Some('s' | 'x' | 'z'), _) => format!("{noun}es"),
        (Some('h'), Some('c' | 's')) => format!("{noun}es"),
        _ => format!("{noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1usize, "quote", "quotes"), "1 quote");
        assert_eq!(count(0usize, "quote", "quotes"), "0 quotes");
        assert_eq!(count(2u64, "matrix", "matrices"), "2 matrices");
        assert_eq!(count(11u32, "page", "pages"), "11 pages");
        assert_eq!(pick(1u64, "was", "were"), "was");
        assert_eq!(pick(3usize, "was", "were"), "were");
    }

    #[test]
    fn plurals_of_level_words() {
        assert_eq!(plural("category"), "categories");
        assert_eq!(plural("subtheme"), "subthemes");
        assert_eq!(plural("process"), "processes");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("approach"), "approaches");
        assert_eq!(plural("code"), "codes");
    }
}
