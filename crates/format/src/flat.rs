//! A small verifying FlatBuffers reader, written for the speed of [`crate::Program::parse`]
//! and used by [`crate::DataFile::parse`] too.
//!
//! The generated planus readers check every field access and carry a rich error value
//! through each call; on a 100 MB ResNet50 that cost about 450 instructions per program
//! value. This reader keeps the same guarantees (every offset, length, vtable and string
//! checked before use, strings NUL-terminated, no panics on any input) with the least work
//! per field: a table is resolved once into its object position and vtable slice, a field
//! costs one vtable lookup and one bounds check, and a failure is a one-byte
//! [`FlatBufferFault`] that the caller turns into an [`crate::Error`] naming the table.
//! Tables of the kinds a program holds by the thousand (value entries, values, tensors,
//! placements, instructions) go through [`Shapes`], which checks each distinct vtable once
//! and then finds a table's fields with one comparison: FlatBuffers writers share vtables,
//! so a model's tensors have a handful.
//!
//! Field slots are those of `crates/schema/fbs/pte.fbs` (`program/slot.rs`) and
//! `ptd.fbs` (the `slot` module of `ptd.rs`); a union takes two slots, its tag, then its
//! value. The test `tests/schema_agreement.rs` decodes every fixture with the planus code
//! generated from those schemas and compares it with what this reader produced, so a slot
//! number that drifts from the schema fails CI.
//!
//! The module is public so that other pterun crates reading FlatBuffers of their own (the
//! XNNPACK delegate blob in `pterun-xnnpack`) verify them the same way: [`Table`],
//! [`Vector`] and [`Scalar`] are the whole interface, each read a checked [`Read`].

/// What was wrong with the FlatBuffer structure, in an [`Error::FlatBuffer`].
///
/// [`Error::FlatBuffer`]: crate::Error::FlatBuffer
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlatBufferFault {
    /// An offset points outside the buffer, or its arithmetic overflows.
    Offset,
    /// A vector or string is longer than the bytes left after it.
    Length,
    /// A vtable is shorter than its header, of odd length, or not inside the buffer.
    Vtable,
    /// A string is not UTF-8.
    Utf8,
    /// A string lacks the NUL byte that FlatBuffers writers put after it.
    Unterminated,
}

impl std::fmt::Display for FlatBufferFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FlatBufferFault::Offset => "offset outside the buffer",
            FlatBufferFault::Length => "vector or string longer than the buffer",
            FlatBufferFault::Vtable => "invalid vtable",
            FlatBufferFault::Utf8 => "string is not UTF-8",
            FlatBufferFault::Unterminated => "string is not NUL-terminated",
        })
    }
}

/// The result of a read: the value, or the fault that stopped it.
pub type Read<T> = Result<T, FlatBufferFault>;

/// Follows the unsigned offset stored at `at` to the position it points to.
#[inline(always)]
fn follow(buf: &[u8], at: usize) -> Read<usize> {
    let relative = u32::decode(buf, at)? as usize;
    // Whatever reads at the position checks it against the buffer.
    at.checked_add(relative).ok_or(FlatBufferFault::Offset)
}

/// The slot entries of the vtable at `vtable` (after its two header fields), checked: a
/// length of at least 4, even, and inside the buffer.
fn vtable_slots(buf: &[u8], vtable: usize) -> Read<&[u8]> {
    let vtable_len = u16::decode(buf, vtable)? as usize;
    if vtable_len < 4 || !vtable_len.is_multiple_of(2) {
        return Err(FlatBufferFault::Vtable);
    }
    buf.get(vtable + 4..vtable + vtable_len).ok_or(FlatBufferFault::Vtable)
}

/// The vector that the offset stored at `at` points to: the position of its first item and
/// its item bytes, `stride` bytes per item.
#[inline(always)]
fn vector_at(buf: &[u8], at: usize, stride: usize) -> Read<(usize, &[u8])> {
    let position = follow(buf, at)?;
    let len = u32::decode(buf, position)? as usize;
    // `position + 4` is inside the buffer (the length was read there); the item bytes are
    // checked against what follows it.
    let start = position + 4;
    match buf.get(start..).and_then(|rest| rest.get(..len.checked_mul(stride)?)) {
        Some(items) => Ok((start, items)),
        None => Err(FlatBufferFault::Length),
    }
}

/// The string that the offset stored at `at` points to: its bytes, checked to be followed
/// by the terminating NUL (as the official verifier requires) and to be UTF-8.
#[inline]
fn string_at(buf: &[u8], at: usize) -> Read<&str> {
    let (start, bytes) = vector_at(buf, at, 1)?;
    if buf.get(start + bytes.len()) != Some(&0) {
        return Err(FlatBufferFault::Unterminated);
    }
    std::str::from_utf8(bytes).map_err(|_| FlatBufferFault::Utf8)
}

/// A scalar type stored inline in a table or a vector.
pub trait Scalar: Sized + Copy {
    /// Bytes of one item.
    const SIZE: usize;

    /// Decodes an item from a chunk of exactly `SIZE` bytes (any other length reads as zero).
    fn from_chunk(chunk: &[u8]) -> Self;

    /// The item at byte `at` of `buf`.
    #[inline(always)]
    fn decode(buf: &[u8], at: usize) -> Read<Self> {
        // `get` rejects a range past the end, and one whose end wrapped around.
        buf.get(at..at.wrapping_add(Self::SIZE))
            .map(Self::from_chunk)
            .ok_or(FlatBufferFault::Offset)
    }
}

macro_rules! scalars {
    ($($ty:ty),*) => {$(
        impl Scalar for $ty {
            const SIZE: usize = std::mem::size_of::<$ty>();
            #[inline(always)]
            fn from_chunk(chunk: &[u8]) -> Self {
                chunk.try_into().map_or(0 as $ty, <$ty>::from_le_bytes)
            }
            // A fixed-size chunk needs no length check of its own when decoded, and no
            // overflow check of `at + SIZE`: a few instructions fewer on every field read.
            #[inline(always)]
            fn decode(buf: &[u8], at: usize) -> Read<Self> {
                const N: usize = std::mem::size_of::<$ty>();
                match buf.get(at..).and_then(|rest| rest.first_chunk::<N>()) {
                    Some(bytes) => Ok(<$ty>::from_le_bytes(*bytes)),
                    None => Err(FlatBufferFault::Offset),
                }
            }
        }
    )*};
}
scalars!(u8, i8, u16, i32, u32, i64, u64, f32, f64);

impl Scalar for bool {
    const SIZE: usize = 1;
    #[inline(always)]
    fn from_chunk(chunk: &[u8]) -> Self {
        chunk.first().is_some_and(|&b| b != 0)
    }
}

/// A table: the position of its object and the field entries of its vtable.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    buf: &'a [u8],
    object: usize,
    /// The vtable after its two header fields: one `u16` object offset per slot.
    slots: &'a [u8],
}

impl<'a> Table<'a> {
    /// The root table of a buffer whose first four bytes are the root offset.
    pub fn root(buf: &'a [u8]) -> Read<Table<'a>> {
        Table::at(buf, 0)
    }

    /// The table that the unsigned offset stored at `at` points to.
    #[inline]
    pub fn at(buf: &'a [u8], at: usize) -> Read<Table<'a>> {
        let object = follow(buf, at)?;
        let back = i32::decode(buf, object)?;
        // Signed distance back to the vtable. A result outside the buffer, wrapped or not,
        // fails the slice lookup below.
        let vtable = object.wrapping_sub(back as isize as usize);
        Ok(Table { buf, object, slots: vtable_slots(buf, vtable)? })
    }

    /// Position of field `slot` in the buffer, or `None` when the field is absent.
    #[inline(always)]
    fn field(&self, slot: usize) -> Option<usize> {
        let entry = self.slots.get(2 * slot..2 * slot + 2)?;
        let offset = u16::from_chunk(entry) as usize;
        if offset == 0 {
            None
        } else {
            Some(self.object + offset)
        }
    }

    /// A scalar field, or `default` when absent.
    #[inline(always)]
    pub fn scalar<T: Scalar>(&self, slot: usize, default: T) -> Read<T> {
        match self.field(slot) {
            Some(at) => T::decode(self.buf, at),
            None => Ok(default),
        }
    }

    /// A table field.
    #[inline]
    pub fn table(&self, slot: usize) -> Read<Option<Table<'a>>> {
        self.field(slot).map(|at| Table::at(self.buf, at)).transpose()
    }

    /// A vector field whose items are `stride` bytes each.
    #[inline]
    pub fn vector(&self, slot: usize, stride: usize) -> Read<Option<Vector<'a>>> {
        self.field(slot).map(|at| Vector::at(self.buf, at, stride)).transpose()
    }

    /// A vector-of-scalars field.
    #[inline]
    pub fn scalars<T: Scalar>(&self, slot: usize) -> Read<Option<Vector<'a>>> {
        self.vector(slot, T::SIZE)
    }

    /// A vector-of-tables field.
    #[inline]
    pub fn tables(&self, slot: usize) -> Read<Option<Vector<'a>>> {
        self.vector(slot, 4)
    }

    /// A byte-vector field, as a slice.
    #[inline]
    pub fn bytes(&self, slot: usize) -> Read<Option<&'a [u8]>> {
        self.field(slot).map(|at| vector_at(self.buf, at, 1).map(|(_, items)| items)).transpose()
    }

    /// A string field.
    #[inline]
    pub fn str(&self, slot: usize) -> Read<Option<&'a str>> {
        self.field(slot).map(|at| string_at(self.buf, at)).transpose()
    }
}

/// The field offsets of one vtable, for a table type of at most `N` slots.
#[derive(Clone, Copy)]
struct Shape<const N: usize> {
    /// Position of the vtable in the buffer; `usize::MAX` marks an unused cache entry.
    vtable: usize,
    /// Offset of each field from the object, 0 when absent.
    offsets: [u16; N],
}

/// How many distinct vtables of one table type [`Shapes`] remembers.
const SHAPE_WAYS: usize = 4;

/// Remembers the vtables already checked for one table type.
///
/// FlatBuffers writers share one vtable between all tables with the same field layout, so
/// the thousands of tensors of a model have a handful of vtables between them. Resolving a
/// table through its type's `Shapes` costs one comparison when its vtable was seen before,
/// and every field lookup after that is an array read at a constant slot.
pub(crate) struct Shapes<const N: usize> {
    seen: [Shape<N>; SHAPE_WAYS],
    /// The entry the next new vtable replaces.
    next: usize,
}

impl<const N: usize> Shapes<N> {
    pub(crate) fn new() -> Self {
        Shapes { seen: [Shape { vtable: usize::MAX, offsets: [0; N] }; SHAPE_WAYS], next: 0 }
    }

    /// The table that the unsigned offset stored at `at` points to.
    #[inline(always)]
    pub(crate) fn at<'a>(&mut self, buf: &'a [u8], at: usize) -> Read<Fields<'a, N>> {
        self.object(buf, follow(buf, at)?)
    }

    /// The table whose object starts at `object`.
    #[inline(always)]
    pub(crate) fn object<'a>(&mut self, buf: &'a [u8], object: usize) -> Read<Fields<'a, N>> {
        let back = i32::decode(buf, object)?;
        let vtable = object.wrapping_sub(back as isize as usize);
        for shape in &self.seen {
            if shape.vtable == vtable {
                return Ok(Fields { buf, object, offsets: shape.offsets });
            }
        }
        self.learn(buf, object, vtable)
    }

    #[cold]
    #[inline(never)]
    fn learn<'a>(&mut self, buf: &'a [u8], object: usize, vtable: usize) -> Read<Fields<'a, N>> {
        let slots = vtable_slots(buf, vtable)?;
        let mut offsets = [0u16; N];
        for (offset, entry) in offsets.iter_mut().zip(slots.chunks_exact(2)) {
            *offset = u16::from_chunk(entry);
        }
        let slot = self.next % SHAPE_WAYS;
        if let Some(entry) = self.seen.get_mut(slot) {
            *entry = Shape { vtable, offsets };
        }
        self.next = slot + 1;
        Ok(Fields { buf, object, offsets })
    }
}

/// A table resolved through [`Shapes`]: reads like [`Table`], without touching the vtable.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a, const N: usize> {
    buf: &'a [u8],
    object: usize,
    offsets: [u16; N],
}

impl<'a, const N: usize> Fields<'a, N> {
    /// Position of field `slot` in the buffer, or `None` when the field is absent.
    #[inline(always)]
    pub(crate) fn field(&self, slot: usize) -> Option<usize> {
        match self.offsets.get(slot).copied().unwrap_or(0) {
            0 => None,
            offset => Some(self.object + offset as usize),
        }
    }

    /// A scalar field, or `default` when absent.
    #[inline(always)]
    pub(crate) fn scalar<T: Scalar>(&self, slot: usize, default: T) -> Read<T> {
        match self.field(slot) {
            Some(at) => T::decode(self.buf, at),
            None => Ok(default),
        }
    }

    /// The item bytes of a vector field whose items are `stride` bytes each.
    #[inline(always)]
    pub(crate) fn items(&self, slot: usize, stride: usize) -> Read<Option<&'a [u8]>> {
        self.field(slot)
            .map(|at| vector_at(self.buf, at, stride).map(|(_, items)| items))
            .transpose()
    }

    /// A byte-vector field, as a slice.
    #[inline(always)]
    pub(crate) fn bytes(&self, slot: usize) -> Read<Option<&'a [u8]>> {
        self.items(slot, 1)
    }

    /// A string field.
    #[inline]
    pub(crate) fn str(&self, slot: usize) -> Read<Option<&'a str>> {
        self.field(slot).map(|at| string_at(self.buf, at)).transpose()
    }
}

/// A vector: its checked item bytes.
#[derive(Clone, Copy)]
#[allow(clippy::len_without_is_empty, reason = "readers ask for the length of a FlatBuffer vector")]
pub struct Vector<'a> {
    buf: &'a [u8],
    /// Position of the first item in the buffer.
    start: usize,
    /// The item bytes, `len * stride` of them.
    items: &'a [u8],
    len: usize,
}

impl<'a> Vector<'a> {
    #[inline]
    fn at(buf: &'a [u8], at: usize, stride: usize) -> Read<Vector<'a>> {
        let (start, items) = vector_at(buf, at, stride)?;
        Ok(Vector { buf, start, items, len: items.len() / stride.max(1) })
    }

    /// Number of items.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Bytes of the items.
    #[inline(always)]
    pub fn byte_len(&self) -> usize {
        self.items.len()
    }

    /// Table item `index` of a vector of tables.
    #[inline]
    pub fn table(&self, index: usize) -> Read<Table<'a>> {
        if index >= self.len {
            return Err(FlatBufferFault::Offset);
        }
        Table::at(self.buf, self.start + 4 * index)
    }

    /// Object positions of the tables of a vector of tables, for [`Shapes::object`]: the
    /// offsets are decoded from the item bytes checked when the vector was read.
    pub fn objects(&self) -> impl Iterator<Item = Read<usize>> + 'a {
        let start = self.start;
        self.items.chunks_exact(4).enumerate().map(move |(i, offset)| {
            (start + 4 * i)
                .checked_add(u32::from_chunk(offset) as usize)
                .ok_or(FlatBufferFault::Offset)
        })
    }

    /// The table items in order.
    pub fn tables(&self) -> impl Iterator<Item = Read<Table<'a>>> + 'a {
        let this = *self;
        (0..this.len).map(move |i| this.table(i))
    }

    /// Scalar items in order (the length was checked with the item size).
    pub fn iter<T: Scalar + 'a>(&self) -> impl ExactSizeIterator<Item = T> + 'a {
        self.items.chunks_exact(T::SIZE).map(T::from_chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A buffer with a root table of two fields: slot 0 a u32 (7), slot 1 a string ("hi").
    fn sample() -> Vec<u8> {
        let mut b = vec![0u8; 0];
        b.extend_from_slice(&12u32.to_le_bytes()); // 0: root offset -> 12
        b.extend_from_slice(&[8, 0, 12, 0, 4, 0, 8, 0]); // 4: vtable len 8, object 12, slots 4, 8
        b.extend_from_slice(&8i32.to_le_bytes()); // 12: object, vtable at 12 - 8 = 4
        b.extend_from_slice(&7u32.to_le_bytes()); // 16: slot 0
        b.extend_from_slice(&4u32.to_le_bytes()); // 20: slot 1 -> 24
        b.extend_from_slice(&2u32.to_le_bytes()); // 24: string length
        b.extend_from_slice(b"hi\0\0");
        b
    }

    #[test]
    fn reads_fields_and_defaults() {
        let b = sample();
        let t = Table::root(&b).unwrap();
        assert_eq!(t.scalar::<u32>(0, 0), Ok(7));
        assert_eq!(t.str(1), Ok(Some("hi")));
        assert_eq!(t.scalar::<u32>(5, 9), Ok(9));
        assert!(t.str(7).unwrap().is_none());
    }

    #[test]
    fn every_truncation_fails_without_panic() {
        let b = sample();
        // The string's two bytes are 28 and 29 and its terminating NUL is byte 30: every
        // shorter cut leaves a field, the string or its NUL outside the buffer.
        for len in 0..31 {
            let cut = &b[..len];
            let read = Table::root(cut).and_then(|t| Ok((t.scalar::<u32>(0, 0)?, t.str(1)?)));
            assert!(read.is_err(), "len {len}");
        }
    }

    #[test]
    fn bad_vtables_and_strings_are_faults() {
        let mut b = sample();
        b[4] = 3; // odd vtable length
        assert_eq!(Table::root(&b).err(), Some(FlatBufferFault::Vtable));
        let mut b = sample();
        b[28] = 0xff; // not UTF-8
        assert_eq!(Table::root(&b).unwrap().str(1), Err(FlatBufferFault::Utf8));
        let mut b = sample();
        b[24..28].copy_from_slice(&u32::MAX.to_le_bytes()); // string length past the end
        assert_eq!(Table::root(&b).unwrap().str(1), Err(FlatBufferFault::Length));
        let mut b = sample();
        b[30] = b'!'; // no NUL after "hi"
        assert_eq!(Table::root(&b).unwrap().str(1), Err(FlatBufferFault::Unterminated));
        let b = sample();
        // The string's NUL is its last byte in the buffer: still terminated.
        assert_eq!(Table::root(&b[..31]).unwrap().str(1), Ok(Some("hi")));
        // Cut before the NUL: unterminated, even though the text itself fits.
        assert_eq!(Table::root(&b[..30]).unwrap().str(1), Err(FlatBufferFault::Unterminated));
        let mut b = sample();
        b[12..16].copy_from_slice(&(-100i32).to_le_bytes()); // vtable past the end
        assert!(Table::root(&b).is_err());
    }

    /// `kinds` vtables (vtable `k` puts its one field in slot `k % 2`), then `per_kind`
    /// objects of each kind in turn, holding the values 0, 1, 2...
    fn shaped(kinds: usize, per_kind: usize) -> (Vec<u8>, Vec<usize>) {
        let mut b = Vec::new();
        for k in 0..kinds {
            // Length 8, object size 8, then slots 0 and 1: one holds offset 4.
            let (first, second) = if k % 2 == 0 { (4u16, 0u16) } else { (0, 4) };
            for half in [8u16, 8, first, second] {
                b.extend_from_slice(&half.to_le_bytes());
            }
        }
        let mut objects = Vec::new();
        for i in 0..kinds * per_kind {
            let object = b.len();
            let vtable = 8 * (i % kinds);
            b.extend_from_slice(&((object - vtable) as i32).to_le_bytes());
            b.extend_from_slice(&(i as u32).to_le_bytes());
            objects.push(object);
        }
        (b, objects)
    }

    #[test]
    fn shapes_read_each_table_through_its_own_vtable() {
        // More vtables than the cache holds, interleaved, so entries are evicted and learnt
        // again: every read must still use the table's own field layout.
        for kinds in [1, 2, SHAPE_WAYS, SHAPE_WAYS + 3] {
            let (b, objects) = shaped(kinds, 5);
            let mut shapes = Shapes::<2>::new();
            for (i, &object) in objects.iter().enumerate() {
                let fields = shapes.object(&b, object).unwrap();
                let slot = (i % kinds) % 2;
                assert_eq!(fields.scalar::<u32>(slot, 99), Ok(i as u32), "kinds {kinds} item {i}");
                assert_eq!(fields.scalar::<u32>(1 - slot, 99), Ok(99), "absent field");
                assert_eq!(fields.scalar::<u32>(5, 98), Ok(98), "slot past the vtable");
            }
        }
    }

    #[test]
    fn shapes_reject_what_tables_reject() {
        let (good, objects) = shaped(2, 1);
        let mut shapes = Shapes::<2>::new();
        // The same object through a remembered vtable, then one whose vtable is odd-sized.
        assert!(shapes.object(&good, objects[0]).is_ok());
        let mut b = good.clone();
        b[8] = 7;
        assert_eq!(Shapes::<2>::new().object(&b, objects[1]).err(), Some(FlatBufferFault::Vtable));
        // A soffset that sends the vtable outside the buffer, and an object cut short.
        let mut b = good.clone();
        b[objects[1]..objects[1] + 4].copy_from_slice(&(-1000i32).to_le_bytes());
        assert!(shapes.object(&b, objects[1]).is_err());
        let cut = &good[..objects[1] + 6];
        let fields = shapes.object(cut, objects[1]).unwrap();
        assert_eq!(fields.scalar::<u32>(1, 0), Err(FlatBufferFault::Offset));
        assert_eq!(shapes.object(&good, good.len() - 2).err(), Some(FlatBufferFault::Offset));
    }
}
