//! Typed identities of declarations: a [`CodeId`] is a code's place in [`Codebook::codes`], a
//! [`QuoteId`] a quote's in [`Codebook::quotes`], and so on, each its own type, so that a quote
//! can never be looked up where a code is meant (PRQL's `CId`/`TId` are the model).
//!
//! The checker ([`crate::check`]) resolves every reference to one and hands the links on in
//! [`crate::check::Resolved`]; emitters read declarations through them (`cb[code]`), and never
//! look a name up again. An id indexes the codebook it was made for: like a vector's index,
//! one from another codebook may be out of range, and indexing with it panics ([`Per::get`] and
//! [`Id::of`]`(cb).get(..)` do not).

use super::{
    Actor, Code, Codebook, Group, Level, Matrix, Period, Phase, Quote, Round, Source, Structure,
    TurningPoint,
};
use std::fmt;
use std::marker::PhantomData;

/// A typed index into one of the codebook's lists of declarations.
pub trait Id: Copy + Eq + Ord + fmt::Debug {
    /// What the id names.
    type Of: 'static;
    /// The id of the declaration at `index` in its list.
    fn from_index(index: usize) -> Self;
    /// The declaration's place in its list.
    fn index(self) -> usize;
    /// The list of the declarations this kind of id names.
    fn of(cb: &Codebook) -> &[Self::Of];
    /// Every declaration of this kind with its id, in source order.
    fn each(cb: &Codebook) -> impl Iterator<Item = (Self, &Self::Of)> {
        Self::of(cb)
            .iter()
            .enumerate()
            .map(|(i, x)| (Self::from_index(i), x))
    }
}

macro_rules! ids {
    ($($(#[$doc:meta])* $id:ident => $field:ident: $of:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $id(usize);

        impl Id for $id {
            type Of = $of;
            fn from_index(index: usize) -> Self {
                $id(index)
            }
            fn index(self) -> usize {
                self.0
            }
            fn of(cb: &Codebook) -> &[$of] {
                &cb.$field
            }
        }

        impl fmt::Debug for $id {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($id), self.0)
            }
        }

        impl std::ops::Index<$id> for Codebook {
            type Output = $of;
            /// The declaration `id` names. Panics on an id of another codebook that is out of
            /// range here.
            fn index(&self, id: $id) -> &$of {
                &self.$field[id.0]
            }
        }
    )*};
}

ids! {
    /// A level of the hierarchy: its place in [`Codebook::levels`] (0 is the lowest).
    LevelId => levels: Level;
    /// A code: its place in [`Codebook::codes`].
    CodeId => codes: Code;
    /// A data structure: its place in [`Codebook::structures`].
    StructureId => structures: Structure;
    /// A quote: its place in [`Codebook::quotes`].
    QuoteId => quotes: Quote;
    /// A source (interview, document, observation): its place in [`Codebook::sources`].
    SourceId => sources: Source;
    /// An organisation or member: its place in [`Codebook::actors`].
    ActorId => actors: Actor;
    /// An actor group: its place in [`Codebook::groups`].
    GroupId => groups: Group;
    /// An interview round: its place in [`Codebook::rounds`].
    RoundId => rounds: Round;
    /// A phase: its place in [`Codebook::phases`].
    PhaseId => phases: Phase;
    /// A turning point: its place in [`Codebook::turning_points`].
    TurningPointId => turning_points: TurningPoint;
    /// A data-collection period: its place in [`Codebook::periods`].
    PeriodId => periods: Period;
    /// A phase matrix: its place in [`Codebook::matrices`].
    MatrixId => matrices: Matrix;
}

/// One value per declaration of a kind (per code: its parent), indexed by that kind's id.
#[derive(Clone, PartialEq, Eq)]
pub struct Per<I, T> {
    items: Vec<T>,
    id: PhantomData<fn() -> I>,
}

impl<I, T> Default for Per<I, T> {
    fn default() -> Self {
        Per {
            items: Vec::new(),
            id: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Per<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I: Id, T> Per<I, T> {
    /// `n` values, each `value`.
    pub(crate) fn filled(n: usize, value: T) -> Self
    where
        T: Clone,
    {
        Per {
            items: vec![value; n],
            id: PhantomData,
        }
    }

    /// Appends the value of the next declaration.
    pub(crate) fn push(&mut self, value: T) {
        self.items.push(value);
    }

    /// The value of `id`, if there is one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    pub(crate) fn get_mut(&mut self, id: I) -> Option<&mut T> {
        self.items.get_mut(id.index())
    }

    /// Every value with its id, in order.
    pub fn iter(&self) -> impl Iterator<Item = (I, &T)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, x)| (I::from_index(i), x))
    }

    /// The values, in order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// How many declarations have a value.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no declaration has a value.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<I, T> FromIterator<T> for Per<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(values: It) -> Self {
        Per {
            items: values.into_iter().collect(),
            id: PhantomData,
        }
    }
}

impl<I: Id, T> std::ops::Index<I> for Per<I, T> {
    type Output = T;
    /// The value of `id`. Panics on an id of another codebook that is out of range here.
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> std::ops::IndexMut<I> for Per<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl LevelId {
    /// The lowest level (the first-order concepts of a Gioia structure).
    pub const LOWEST: LevelId = LevelId(0);

    /// The level of the given rank, counted from the lowest (0).
    pub fn of_rank(rank: usize) -> LevelId {
        LevelId(rank)
    }

    /// Its rank, counted from the lowest (0).
    pub fn rank(self) -> usize {
        self.0
    }

    /// The level just above it (which may not be declared).
    pub fn above(self) -> LevelId {
        LevelId(self.0 + 1)
    }

    /// The level just below it, if it is not the lowest.
    pub fn below(self) -> Option<LevelId> {
        self.0.checked_sub(1).map(LevelId)
    }
}
