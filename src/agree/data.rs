//! The reliability data matrix: units (rows) by coders (columns), each cell a category or
//! missing, as Krippendorff (2011) and Gwet (2014) lay it out.

use std::collections::{HashMap, HashSet};

/// What a [`Data`] cannot be made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    /// A unit has a different number of cells than there are coders.
    RowLength {
        /// The unit's position, from 0.
        unit: usize,
        /// How many cells it has.
        found: usize,
        /// How many coders there are.
        expected: usize,
    },
    /// A cell names a category the list of categories does not hold.
    UnknownCategory {
        /// The unit's position, from 0.
        unit: usize,
        /// The category's index.
        category: usize,
    },
    /// Two coders share one name.
    DuplicateCoder(String),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::RowLength {
                unit,
                found,
                expected,
            } => write!(
                f,
                "unit {} has {found} values, but there are {expected} coders",
                unit + 1
            ),
            DataError::UnknownCategory { unit, category } => {
                write!(
                    f,
                    "unit {} names category {category}, which is not listed",
                    unit + 1
                )
            }
            DataError::DuplicateCoder(c) => write!(f, "the coder `{c}` is named twice"),
        }
    }
}

impl std::error::Error for DataError {}

/// Units by coders, each cell a category (an index into [`Data::categories`]) or missing.
///
/// The categories are every value a coder could choose: Brennan–Prediger's and Gwet's chance
/// agreement count them (q), so a category nobody used still counts when it is listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    coders: Vec<String>,
    categories: Vec<String>,
    units: Vec<Vec<Option<usize>>>,
    /// How many units each row of `units` stands for (1 unless made by [`Data::weighted`]).
    weights: Vec<usize>,
}

impl Data {
    /// Units by coders. Every unit has one cell per coder, each `None` (missing) or an index
    /// into `categories`.
    pub fn new(
        coders: Vec<String>,
        categories: Vec<String>,
        units: Vec<Vec<Option<usize>>>,
    ) -> Result<Data, DataError> {
        if let Some(c) = first_repeated(coders.iter().map(String::as_str)) {
            return Err(DataError::DuplicateCoder(c.to_string()));
        }
        for (u, row) in units.iter().enumerate() {
            if row.len() != coders.len() {
                return Err(DataError::RowLength {
                    unit: u,
                    found: row.len(),
                    expected: coders.len(),
                });
            }
            if let Some(&category) = row.iter().flatten().find(|&&c| c >= categories.len()) {
                return Err(DataError::UnknownCategory { unit: u, category });
            }
        }
        Ok(Data {
            coders,
            categories,
            weights: vec![1; units.len()],
            units,
        })
    }

    /// Units by coders where each row stands for as many units alike as its count (a row of
    /// count 0 is left out): a matrix with many equal rows, such as one code's absence from
    /// every quote none of its coders gave it, is held (and every coefficient computed) once
    /// per distinct row.
    pub fn weighted(
        coders: Vec<String>,
        categories: Vec<String>,
        rows: Vec<(Vec<Option<usize>>, usize)>,
    ) -> Result<Data, DataError> {
        let (units, weights): (Vec<_>, Vec<_>) = rows.into_iter().filter(|r| r.1 > 0).unzip();
        let mut data = Data::new(coders, categories, units)?;
        data.weights = weights;
        Ok(data)
    }

    /// Units by coders, each cell a category's name or missing; the categories are the
    /// distinct names, in the order [`category_order`] gives.
    pub fn from_names(
        coders: Vec<String>,
        units: &[Vec<Option<String>>],
    ) -> Result<Data, DataError> {
        let mut seen: HashSet<&str> = HashSet::new();
        let names: Vec<&str> = units
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .filter(|v| seen.insert(v))
            .collect();
        let categories = category_order(&names);
        let index: HashMap<&str, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let rows = units
            .iter()
            .map(|row| {
                row.iter()
                    .map(|v| v.as_deref().and_then(|v| index.get(v).copied()))
                    .collect()
            })
            .collect();
        Data::new(coders, categories, rows)
    }

    /// Two coders' data from their contingency table: `table[i][j]` units the first coder
    /// put in category `i` and the second in category `j` (categories named `1`, `2`, …).
    pub fn from_table(table: &[Vec<u64>]) -> Result<Data, DataError> {
        let q = table.len();
        let mut units = Vec::new();
        for (i, row) in table.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                units.extend((0..n).map(|_| vec![Some(i), Some(j)]));
            }
        }
        let q = q.max(table.iter().map(Vec::len).max().unwrap_or(0));
        Data::new(
            vec!["1".into(), "2".into()],
            (1..=q).map(|c| c.to_string()).collect(),
            units,
        )
    }

    /// Data from the distribution of coders by unit and category (Fleiss's layout):
    /// `counts[u][c]` coders put unit `u` in category `c`. Which coder said what is not
    /// known, so the coders are numbered positions within a unit (enough for every
    /// coefficient that does not follow coders across units: percent agreement, Fleiss' κ,
    /// Krippendorff's α, Brennan–Prediger, Gwet's AC1).
    pub fn from_counts(counts: &[Vec<u64>]) -> Result<Data, DataError> {
        let q = counts.iter().map(Vec::len).max().unwrap_or(0);
        let m = counts
            .iter()
            .map(|r| r.iter().sum::<u64>())
            .max()
            .unwrap_or(0);
        let m = usize::try_from(m).unwrap_or(usize::MAX);
        let mut units = Vec::with_capacity(counts.len());
        for row in counts {
            let mut unit: Vec<Option<usize>> = Vec::with_capacity(m);
            for (c, &n) in row.iter().enumerate() {
                unit.extend((0..n).map(|_| Some(c)));
            }
            unit.resize(m, None);
            units.push(unit);
        }
        Data::new(
            (1..=m).map(|c| c.to_string()).collect(),
            (1..=q).map(|c| c.to_string()).collect(),
            units,
        )
    }

    /// The coders' names, in column order.
    pub fn coders(&self) -> &[String] {
        &self.coders
    }

    /// Every category a coder could choose.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The units' rows, each one cell per coder, and each standing for [`Data::weight`] units.
    pub fn units(&self) -> &[Vec<Option<usize>>] {
        &self.units
    }

    /// How many units the row `unit` stands for (1 unless made by [`Data::weighted`]).
    pub fn weight(&self, unit: usize) -> usize {
        self.weights.get(unit).copied().unwrap_or(0)
    }

    /// How many units there are: every row's weight.
    pub fn unit_count(&self) -> usize {
        self.weights.iter().sum()
    }

    /// The categories as numbers, when every one is a number (for the ordinal, interval and
    /// ratio metrics).
    pub fn numbers(&self) -> Option<Vec<f64>> {
        self.categories.iter().map(|c| number(c)).collect()
    }

    /// The values of one unit, missing cells left out.
    pub(crate) fn values(&self, unit: usize) -> impl Iterator<Item = usize> + '_ {
        self.units
            .get(unit)
            .into_iter()
            .flat_map(|row| row.iter().flatten().copied())
    }
}

/// The first name that repeats an earlier one (in time linear in the names: a matrix may have
/// thousands of coders).
fn first_repeated<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = HashSet::new();
    names.into_iter().find(|n| !seen.insert(*n))
}

/// A category read as a number (`3`, `-1.5`), if it is one.
fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The order categories are listed in: by value when every one is a number (`2` before
/// `10`), else in the order they first appear.
pub fn category_order(names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    if let Some(mut keyed) = names
        .iter()
        .map(|s| number(s).map(|x| (x, s.to_string())))
        .collect::<Option<Vec<(f64, String)>>>()
    {
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        out = keyed.into_iter().map(|(_, s)| s).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_by_value_and_names_keep_their_order() {
        assert_eq!(category_order(&["10", "2", "1.5"]), ["1.5", "2", "10"]);
        assert_eq!(category_order(&["b", "a", "10"]), ["b", "a", "10"]);
    }

    #[test]
    fn malformed_data_is_refused() {
        let coders = vec!["a".to_string(), "b".to_string()];
        assert!(matches!(
            Data::new(coders.clone(), vec!["x".into()], vec![vec![Some(0)]]),
            Err(DataError::RowLength { .. })
        ));
        assert!(matches!(
            Data::new(coders, vec!["x".into()], vec![vec![Some(0), Some(1)]]),
            Err(DataError::UnknownCategory { .. })
        ));
        assert!(matches!(
            Data::new(vec!["a".into(), "a".into()], vec![], vec![]),
            Err(DataError::DuplicateCoder(_))
        ));
    }

    #[test]
    fn a_contingency_table_becomes_units() {
        let d = Data::from_table(&[vec![1, 2], vec![0, 3]]).unwrap();
        assert_eq!(d.units().len(), 6);
        assert_eq!(d.units()[1], vec![Some(0), Some(1)]);
        let d = Data::from_counts(&[vec![2, 1], vec![0, 2]]).unwrap();
        assert_eq!(d.units()[1], vec![Some(1), Some(1), None]);
    }
}
