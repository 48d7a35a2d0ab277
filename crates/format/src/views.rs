//! Zero-copy views of verified lists stored in the file.
//!
//! Lists of the program (tensor sizes, value indices of lists and instruction arguments,
//! literal double and bool lists) are read in place: parsing checks every item once, and
//! these views then decode items from the file bytes on demand, without allocating.

use std::fmt;

use crate::flat::Scalar;

/// Item `i` of little-endian items of type `T` stored back to back.
#[inline]
fn item<T: Scalar>(bytes: &[u8], i: usize) -> Option<T> {
    T::decode(bytes, i.checked_mul(T::SIZE)?).ok()
}

/// Verified value indices (of a list value or an instruction's arguments).
#[derive(Clone, Copy)]
pub struct Indices<'a>(IndexVector<'a>);

#[derive(Clone, Copy)]
enum IndexVector<'a> {
    Empty,
    /// `i32` items.
    Narrow(&'a [u8]),
    /// `i64` items.
    Wide(&'a [u8]),
}

/// Parsing proved every item is a valid, non-negative index; the fallback is unreachable.
fn to_index<T: TryInto<usize>>(raw: T) -> usize {
    raw.try_into().unwrap_or(usize::MAX)
}

impl<'a> Indices<'a> {
    pub(crate) fn empty() -> Self {
        Indices(IndexVector::Empty)
    }

    pub(crate) fn narrow(items: &'a [u8]) -> Self {
        Indices(IndexVector::Narrow(items))
    }

    pub(crate) fn wide(items: &'a [u8]) -> Self {
        Indices(IndexVector::Wide(items))
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        match self.0 {
            IndexVector::Empty => 0,
            IndexVector::Narrow(v) => v.len() / 4,
            IndexVector::Wide(v) => v.len() / 8,
        }
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of the items in the file.
    pub(crate) fn byte_len(&self) -> usize {
        match self.0 {
            IndexVector::Empty => 0,
            IndexVector::Narrow(v) | IndexVector::Wide(v) => v.len(),
        }
    }

    /// Item `i`.
    pub fn get(&self, i: usize) -> Option<usize> {
        match self.0 {
            IndexVector::Empty => None,
            IndexVector::Narrow(v) => item::<i32>(v, i).map(to_index),
            IndexVector::Wide(v) => item::<i64>(v, i).map(to_index),
        }
    }

    /// The items in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + 'a {
        let this = *self;
        (0..this.len()).map(move |i| this.get(i).unwrap_or(usize::MAX))
    }

    /// The items as written, for the parser's range checks. The item width is chosen once
    /// for the whole list, not per item.
    pub(crate) fn raw(&self) -> impl Iterator<Item = i64> + 'a {
        let (narrow, wide): (&[u8], &[u8]) = match self.0 {
            IndexVector::Empty => (&[], &[]),
            IndexVector::Narrow(v) => (v, &[]),
            IndexVector::Wide(v) => (&[], v),
        };
        let narrow = narrow.chunks_exact(4).map(|c| i64::from(i32::from_chunk(c)));
        narrow.chain(wide.chunks_exact(8).map(i64::from_chunk))
    }

    /// The items, copied.
    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }
}

/// Verified optional value indices: `None` where the file writes -1.
#[derive(Clone, Copy)]
pub struct OptionalIndices<'a>(&'a [u8]);

impl<'a> OptionalIndices<'a> {
    /// Over `i32` items.
    pub(crate) fn new(items: &'a [u8]) -> Self {
        OptionalIndices(items)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items as written (-1 marks an absent tensor), for the parser's range checks.
    pub(crate) fn raw(&self) -> impl Iterator<Item = i64> + 'a {
        let v = self.0;
        (0..self.len()).map(move |i| item::<i32>(v, i).map_or(-1, i64::from))
    }

    /// The items in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<usize>> + 'a {
        let v = self.0;
        (0..self.len()).map(move |i| item::<i32>(v, i).filter(|&raw| raw >= 0).map(to_index))
    }
}

/// Verified tensor sizes (each non-negative, the product's byte size checked).
#[derive(Clone, Copy)]
pub struct Dims<'a>(&'a [u8]);

impl<'a> Dims<'a> {
    /// Over `i32` items.
    pub(crate) fn new(items: &'a [u8]) -> Self {
        Dims(items)
    }

    /// The rank.
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// Whether the tensor is a scalar (rank 0).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Size of dimension `i`.
    pub fn get(&self, i: usize) -> Option<usize> {
        item::<i32>(self.0, i).map(to_index)
    }

    /// Sizes in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + 'a {
        let this = *self;
        (0..this.len()).map(move |i| this.get(i).unwrap_or(0))
    }

    /// Sizes, copied.
    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }

    /// Number of elements (overflow was ruled out at parse time).
    pub fn numel(&self) -> usize {
        self.iter().fold(1usize, |acc, d| acc.saturating_mul(d))
    }
}

/// A literal list of doubles.
#[derive(Clone, Copy)]
pub struct Doubles<'a>(&'a [u8]);

impl<'a> Doubles<'a> {
    /// Over `f64` items.
    pub(crate) fn new(items: &'a [u8]) -> Self {
        Doubles(items)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.0.len() / 8
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Items in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = f64> + 'a {
        self.0.chunks_exact(8).map(f64::from_chunk)
    }
}

/// A literal list of booleans.
#[derive(Clone, Copy)]
pub struct Bools<'a>(&'a [u8]);

impl<'a> Bools<'a> {
    /// Over one-byte items.
    pub(crate) fn new(items: &'a [u8]) -> Self {
        Bools(items)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Items in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = bool> + 'a {
        self.0.iter().map(|&b| b != 0)
    }
}

macro_rules! list_traits {
    ($($ty:ident),*) => {$(
        impl fmt::Debug for $ty<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl PartialEq for $ty<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }
    )*};
}

list_traits!(Indices, OptionalIndices, Dims, Doubles, Bools);
