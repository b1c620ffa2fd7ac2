//! Agreement on where codes were applied in a text, character by character, as pure functions
//! of character ranges: NVivo's coding comparison (percent agreement and Cohen's κ over the
//! characters of a text) and Krippendorff's unitizing α for one code (`|uα`, binary: each
//! character coded or not). An undefined case is a typed [`Undefined`] reason, never NaN.
//!
//! Ranges are `(start, end)` character positions, end exclusive. A coder's codings with one
//! code are first made [`runs`]: overlapping selections are merged into one unit, selections
//! that only touch stay two.
//!
//! **Coding comparison** (NVivo): of a text of `N` characters, `a` coded by the first coder,
//! `b` by the second, `both` by both, `neither = N − a − b + both`. Agreement
//! `po = (both + neither) / N`; chance agreement `pe = (a·b + (N − a)(N − b)) / N²`;
//! `κ = (po − pe) / (1 − pe)`.
//!
//! **|uα** (Krippendorff 1995, 2004): `m` coders each divide a continuum of `L` characters into
//! units (runs) and gaps. `|uα = 1 − Do / De`, with
//!
//! - `Do = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m (m − 1) L²)`, over the segments `g` of coder `i` and
//!   `h` of coder `j`, where `δ²` is the difference function of unitizing: for two units that
//!   share a character, `(b_g − b_h)² + (e_g − e_h)²` (the squared distances of their starts
//!   and of their ends); for a unit inside a gap, the unit's length squared; else 0.
//! - `De = 2 Σ_u [ (N_u − 1)(2l_u³ − 3l_u² + l_u) / 3 + l_u² Σ_{gaps h, l_h ≥ l_u} (l_h − l_u + 1) ]
//!   / (L (mL (mL − 1) − Σ_u l_u (l_u − 1)))`, over the `N_u` units `u` of all coders (lengths
//!   `l_u`) and the gaps of all coders: the disagreement of the pooled units with one another
//!   and with the gaps in every position they could take.
//!
//! Several texts are one continuum whose segments end where each text ends (a gap never runs
//! from one text into the next).
//!
//! This reproduces the published worked examples: Krippendorff (2004, *Content Analysis*, 2nd
//! ed., p. 254; `Do` 0.0144, `De` 0.0532, α 0.7286 for category c) and the observed
//! disagreements of Krippendorff (1995, p. 57), as `tests/agree_unitized.rs` checks.

use super::coefficients::{Estimate, Undefined};

/// A character range `(start, end)`, end exclusive.
pub type Range = (usize, usize);

/// A coder's units of a code from the ranges coded with it: ranges that overlap are merged;
/// ranges that only touch stay two units, as in Krippendorff's model (for counting characters
/// it makes no difference). Sorted, disjoint, none empty.
pub fn runs(ranges: impl IntoIterator<Item = Range>) -> Vec<Range> {
    let mut all: Vec<Range> = ranges.into_iter().filter(|(a, b)| a < b).collect();
    all.sort_unstable();
    let mut out: Vec<Range> = Vec::with_capacity(all.len());
    for (a, b) in all {
        match out.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// How many characters runs cover.
pub fn covered(runs: &[Range]) -> usize {
    runs.iter().map(|(a, b)| b - a).sum()
}

/// How many characters two lists of runs share.
pub fn shared(x: &[Range], y: &[Range]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(&(a, b)), Some(&(c, d))) = (x.get(i), y.get(j)) {
        let (lo, hi) = (a.max(c), b.min(d));
        if lo < hi {
            n += hi - lo;
        }
        if b <= d {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

/// Two coders' codings of a text with one code, counted in characters (NVivo's coding
/// comparison). Comparisons of several texts or codes add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Comparison {
    /// The characters compared.
    pub characters: usize,
    /// Characters the first coder coded.
    pub first: usize,
    /// Characters the second coder coded.
    pub second: usize,
    /// Characters both coded.
    pub both: usize,
}

impl Comparison {
    /// The comparison of two coders' runs in a text of `characters` characters (runs past
    /// the text's end are cut there).
    pub fn of(characters: usize, first: &[Range], second: &[Range]) -> Comparison {
        let first = runs(cut(first.iter().copied(), characters));
        let second = runs(cut(second.iter().copied(), characters));
        Comparison {
            characters,
            first: covered(&first),
            second: covered(&second),
            both: shared(&first, &second),
        }
    }

    /// Characters neither coded.
    pub fn neither(&self) -> usize {
        (self.characters + self.both).saturating_sub(self.first + self.second)
    }

    /// Percent agreement as a proportion: `(both + neither) / N`.
    pub fn agreement(&self) -> Estimate {
        if self.characters == 0 {
            return Estimate::Undefined(Undefined::NoText);
        }
        let po = (self.both + self.neither()) as f64 / self.characters as f64;
        Estimate::Defined {
            value: po,
            observed: po,
            expected: None,
        }
    }

    /// Cohen's κ over the characters, chance agreement from the two coders' marginals.
    pub fn kappa(&self) -> Estimate {
        if self.characters == 0 {
            return Estimate::Undefined(Undefined::NoText);
        }
        let n = self.characters as f64;
        let (a, b) = (self.first as f64, self.second as f64);
        let po = (self.both + self.neither()) as f64 / n;
        let pe = (a * b + (n - a) * (n - b)) / (n * n);
        Estimate::chance_corrected(po, pe)
    }
}

/// Ranges cut at `end`.
fn cut(ranges: impl Iterator<Item = Range>, end: usize) -> impl Iterator<Item = Range> {
    ranges.map(move |(a, b)| (a.min(end), b.min(end)))
}

/// The sum of two comparisons (of other texts or codes).
impl std::ops::Add for Comparison {
    type Output = Comparison;

    fn add(self, o: Comparison) -> Comparison {
        Comparison {
            characters: self.characters + o.characters,
            first: self.first + o.first,
            second: self.second + o.second,
            both: self.both + o.both,
        }
    }
}

/// One text's part of a unitizing: its length and each coder's runs in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text's length in characters.
    pub length: usize,
    /// Per coder, the ranges the coder coded (made [`runs`] and cut at `length` first).
    pub units: Vec<Vec<Range>>,
}

/// `Σ_{x=1}^{n} x²`.
fn squares(n: u128) -> u128 {
    n * (n + 1) * (2 * n + 1) / 6
}

/// The gaps of runs in a text of `length` characters: their lengths, none empty.
fn gaps(length: usize, units: &[Range]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0usize;
    units
        .iter()
        .map(Some)
        .chain(std::iter::once(None))
        .filter_map(move |u| {
            let (start, end) = u.map_or((length, length), |&(a, b)| (a, b));
            let gap = start.saturating_sub(at);
            at = at.max(end);
            (gap > 0).then_some(gap)
        })
}

/// `Σ_g Σ_h δ²(g, h)` over the segments of two coders in one text.
fn pair_disagreement(x: &[Range], y: &[Range]) -> u128 {
    let sq = |d: usize| (d as u128) * (d as u128);
    let mut total = 0u128;
    // Units that meet a unit of the other coder: their boundaries' distances.
    let (mut i, mut j) = (0, 0);
    let mut x_met = vec![false; x.len()];
    let mut y_met = vec![false; y.len()];
    while let (Some(&(a, b)), Some(&(c, d))) = (x.get(i), y.get(j)) {
        if a.max(c) < b.min(d) {
            total += sq(a.abs_diff(c)) + sq(b.abs_diff(d));
            if let Some(m) = x_met.get_mut(i) {
                *m = true;
            }
            if let Some(m) = y_met.get_mut(j) {
                *m = true;
            }
        }
        if b <= d {
            i += 1;
        } else {
            j += 1;
        }
    }
    // Units that meet none lie inside a gap of the other coder: their length squared.
    for (units, met) in [(x, &x_met), (y, &y_met)] {
        for ((a, b), m) in units.iter().zip(met.iter()) {
            if !m {
                total += sq(b - a);
            }
        }
    }
    total
}

/// Krippendorff's `|uα` of `m` coders' units of one code over texts laid end to end (see the
/// module's documentation): value, observed disagreement `Do` and expected `De`.
pub fn unitized_alpha(pieces: &[Piece], coders: usize) -> Estimate {
    unitized_alpha_with(pieces, coders, &Blank::default())
}

/// Lengths of texts, sorted, with the total of those from each on: how many are at least some
/// length, and their sum, in one search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lengths {
    sorted: Vec<usize>,
    /// `suffix[i]`: the sum of `sorted[i..]`.
    suffix: Vec<u128>,
}

impl Lengths {
    /// The lengths, in any order.
    pub fn new(lengths: impl IntoIterator<Item = usize>) -> Lengths {
        let mut sorted: Vec<usize> = lengths.into_iter().collect();
        sorted.sort_unstable();
        let mut suffix = vec![0u128; sorted.len() + 1];
        for k in (0..sorted.len()).rev() {
            suffix[k] = suffix[k + 1] + sorted[k] as u128;
        }
        Lengths { sorted, suffix }
    }

    /// How many lengths are at least `l`, and their sum.
    fn at_least(&self, l: usize) -> (u128, u128) {
        let from = self.sorted.partition_point(|&g| g < l);
        (
            (self.sorted.len() - from) as u128,
            self.suffix.get(from).copied().unwrap_or(0),
        )
    }

    /// The sum of all.
    fn total(&self) -> u128 {
        self.suffix.first().copied().unwrap_or(0)
    }
}

/// Texts in which no coder has a unit, passed to [`unitized_alpha_with`] by their lengths
/// rather than as empty pieces: the texts of `all` but those of `except` (which must be among
/// them). A code applied in a few of thousands of texts is computed from the texts it is in.
#[derive(Debug, Clone, Copy, Default)]
pub struct Blank<'a> {
    /// Every text's length.
    pub all: Option<&'a Lengths>,
    /// The lengths of the texts among `all` that are not blank.
    pub except: Option<&'a Lengths>,
}

impl Blank<'_> {
    /// How many blank texts are at least `l` long, and their sum.
    fn at_least(&self, l: usize) -> (u128, u128) {
        let (n, sum) = self.all.map_or((0, 0), |a| a.at_least(l));
        let (m, less) = self.except.map_or((0, 0), |e| e.at_least(l));
        (n.saturating_sub(m), sum.saturating_sub(less))
    }

    /// How many characters the blank texts have.
    pub fn characters(&self) -> usize {
        let all = self.all.map_or(0, Lengths::total);
        let except = self.except.map_or(0, Lengths::total);
        usize::try_from(all.saturating_sub(except)).unwrap_or(usize::MAX)
    }
}

/// [`unitized_alpha`] of `pieces` and, after them, the `blank` texts: each is a gap of every
/// coder, as an empty piece of its length would be.
pub fn unitized_alpha_with(pieces: &[Piece], coders: usize, blank: &Blank<'_>) -> Estimate {
    if coders < 2 {
        return Estimate::Undefined(Undefined::NoPairableUnits);
    }
    let length: usize = pieces.iter().map(|p| p.length).sum::<usize>() + blank.characters();
    if length == 0 {
        return Estimate::Undefined(Undefined::NoText);
    }
    let mut observed = 0u128;
    let mut units: Vec<usize> = Vec::new();
    let mut gap_lengths: Vec<usize> = Vec::new();
    for p in pieces {
        // Whatever a caller passes: units within the text, sorted, none empty, none overlapping.
        let all: Vec<Vec<Range>> = (0..coders)
            .map(|i| {
                let x = p.units.get(i).map_or(&[][..], Vec::as_slice);
                runs(cut(x.iter().copied(), p.length))
            })
            .collect();
        for (i, x) in all.iter().enumerate() {
            units.extend(x.iter().map(|(a, b)| b - a));
            gap_lengths.extend(gaps(p.length, x));
            for y in all.iter().skip(i + 1) {
                // δ² is symmetric: the ordered pairs (i, j) and (j, i) add the same.
                observed += 2 * pair_disagreement(x, y);
            }
        }
    }
    if units.is_empty() {
        return Estimate::Undefined(Undefined::NothingCoded);
    }
    let (m, l) = (coders as u128, length as u128);
    let n_units = units.len() as u128;
    gap_lengths.sort_unstable();
    // Suffix sums of the sorted gap lengths: gaps at least `l` long, their count and total.
    let mut suffix = vec![0u128; gap_lengths.len() + 1];
    for k in (0..gap_lengths.len()).rev() {
        suffix[k] = suffix[k + 1] + gap_lengths[k] as u128;
    }
    // Each unit's terms are exact integers (below 2^120 for any text an import reads); their
    // sum is kept in f64, which cannot overflow.
    let mut expected = 0f64;
    let mut within = 0u128;
    for &u in &units {
        let lu = u as u128;
        // (2l³ − 3l² + l) / 3 = 2 Σ_{x=1}^{l−1} x², an integer.
        expected += ((n_units - 1) * 2 * squares(lu - 1)) as f64;
        let from = gap_lengths.partition_point(|&g| g < u);
        // The blank texts: a gap of each coder's.
        let (blank_count, blank_sum) = blank.at_least(u);
        let count = (gap_lengths.len() - from) as u128 + m * blank_count;
        // Σ (l_h − l_u + 1) over gaps with l_h ≥ l_u; never negative.
        let placements = suffix[from] + m * blank_sum + count - count * lu;
        expected += (lu * lu * placements) as f64;
        within += lu * (lu - 1);
    }
    let pairs = (m * l) * (m * l - 1);
    if pairs <= within || expected <= 0.0 {
        return Estimate::Undefined(Undefined::NoVariation);
    }
    let d_o = observed as f64 / (m * (m - 1) * l * l) as f64;
    let d_e = 2.0 * expected / (l as f64 * (pairs - within) as f64);
    if d_e <= 0.0 {
        return Estimate::Undefined(Undefined::NoVariation);
    }
    Estimate::Defined {
        value: 1.0 - d_o / d_e,
        observed: d_o,
        expected: Some(d_e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_overlapping_ranges_not_touching_ones() {
        assert_eq!(
            runs([(5, 9), (0, 3), (3, 4), (8, 12), (20, 20)]),
            vec![(0, 3), (3, 4), (5, 12)]
        );
    }

    #[test]
    fn gaps_are_the_complement() {
        let g: Vec<usize> = gaps(20, &[(0, 3), (3, 4), (5, 12)]).collect();
        assert_eq!(g, vec![1, 8]);
        let g: Vec<usize> = gaps(10, &[]).collect();
        assert_eq!(g, vec![10]);
    }
}
