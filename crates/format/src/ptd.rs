//! Verified view of a `.ptd` external data file (FlatTensor format).
//!
//! A `.ptd` file holds named tensors (weights exported with `external_constants=True`)
//! in segments after a small FlatBuffer. [`DataFile::parse`] checks the header, every
//! segment range and every tensor layout against its segment, like [`crate::Program`].

use pterun_core::ScalarType;

use crate::budget::Budget;
use crate::error::Error;
use crate::flat::Table;
// The checks are the program parser's, with its boxed errors inside the parse.
use crate::header::DataHeader;
use crate::program::{fail, fb, is_permutation, required, table_items, Result};
use crate::program::{FileRange, MAX_RANK};

/// A verified external data file.
#[derive(Debug, Clone)]
pub struct DataFile<'a> {
    header: DataHeader,
    file_len: u64,
    segments: Vec<FileRange>,
    tensors: Vec<NamedTensor<'a>>,
}

/// A named entry of a `.ptd` file.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTensor<'a> {
    /// Key, the fully qualified parameter name (for example `linear.weight`).
    pub key: &'a str,
    /// Segment holding the bytes.
    pub segment_index: usize,
    /// Where the segment is in the file.
    pub range: FileRange,
    /// Layout, when the writer recorded one.
    pub layout: Option<TensorLayout>,
}

/// Element type, sizes and dimension order of an external tensor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorLayout {
    /// Element type.
    pub scalar_type: ScalarType,
    /// Sizes.
    pub sizes: Vec<usize>,
    /// Dimension order.
    pub dim_order: Vec<u8>,
    /// Byte size.
    pub nbytes: u64,
}

/// Field slots of `crates/schema/fbs/ptd.fbs`, in declaration order;
/// `tests/schema_agreement.rs` fails if one drifts from the schema.
mod slot {
    pub(super) mod file {
        pub const SEGMENTS: usize = 1;
        pub const NAMED_DATA: usize = 2;
    }
    pub(super) mod segment {
        pub const OFFSET: usize = 0;
        pub const SIZE: usize = 1;
    }
    pub(super) mod named {
        pub const KEY: usize = 0;
        pub const SEGMENT_INDEX: usize = 1;
        pub const SHAPE: usize = 2;
    }
    pub(super) mod shape {
        pub const ELEMENT_TYPE: usize = 0;
        pub const SIZES: usize = 1;
        pub const DIM_ORDER: usize = 2;
    }
}

impl<'a> DataFile<'a> {
    /// Parses and verifies a whole `.ptd` file held in memory. Every error carries
    /// [`ErrorCode::InvalidExternalData`](pterun_core::ErrorCode::InvalidExternalData).
    pub fn parse(file: &'a [u8]) -> crate::Result<DataFile<'a>> {
        Self::parse_unlabelled(file).map_err(|e| e.in_external_data())
    }

    fn parse_unlabelled(file: &'a [u8]) -> Result<DataFile<'a>> {
        let file_len = file.len() as u64;
        let header = DataHeader::parse(file, file_len)?;
        // `DataHeader::parse` checked that the FlatBuffer ends inside the file.
        let flatbuffer_end = header.flatbuffer_end();
        let Some(flatbuffer) = usize::try_from(flatbuffer_end).ok().and_then(|end| file.get(..end))
        else {
            return fail(Error::DataFlatBufferOutOfFile { end: flatbuffer_end, file_len });
        };
        let root_offset = flatbuffer.first_chunk::<4>().map_or(0, |b| u32::from_le_bytes(*b));
        if root_offset < 8 || u64::from(root_offset) + 4 > flatbuffer.len() as u64 {
            return fail(Error::RootOutOfRange {
                offset: root_offset,
                len: flatbuffer.len() as u64,
            });
        }
        let root = fb("TensorFile", Table::root(flatbuffer))?;
        // As for programs (see `budget.rs`): shared tables must not multiply the work.
        let budget = Budget::new(flatbuffer.len());

        let mut segments = Vec::new();
        let segment_tables = fb("TensorFile", root.tables(slot::file::SEGMENTS))?;
        budget.charge("TensorFile.segments", segment_tables.map_or(0, |v| v.byte_len()))?;
        for (index, segment) in table_items("TensorFile.segments", segment_tables).enumerate() {
            let segment = segment?;
            let offset = fb("DataSegment", segment.scalar::<u64>(slot::segment::OFFSET, 0))?;
            let size = fb("DataSegment", segment.scalar::<u64>(slot::segment::SIZE, 0))?;
            if offset.checked_add(size).is_none_or(|end| end > header.segment_data_size) {
                return fail(Error::SegmentOutOfFile { index, offset, size, file_len });
            }
            segments.push(FileRange { offset: header.segment_base_offset + offset, len: size });
        }

        let mut tensors = Vec::new();
        let named = fb("TensorFile", root.tables(slot::file::NAMED_DATA))?;
        budget.charge("TensorFile.named_data", named.map_or(0, |v| v.byte_len()))?;
        for entry in table_items("TensorFile.named_data", named) {
            let entry = entry?;
            let key = fb("NamedTensor", entry.str(slot::named::KEY))?;
            let key = required("NamedTensor", "key", key)?;
            budget.charge("NamedTensor.key", key.len())?;
            let segment_index =
                fb("NamedTensor", entry.scalar::<u32>(slot::named::SEGMENT_INDEX, 0))? as usize;
            let Some(&range) = segments.get(segment_index) else {
                return fail(Error::SegmentIndexOutOfRange {
                    referrer: "external tensor",
                    index: segment_index as u64,
                    count: segments.len(),
                });
            };
            let layout = match fb("NamedTensor", entry.table(slot::named::SHAPE))? {
                Some(shape) => Some(layout(key, shape, range, &budget)?),
                None => None,
            };
            tensors.push(NamedTensor { key, segment_index, range, layout });
        }
        Ok(DataFile { header, file_len, segments, tensors })
    }

    /// The `FH01` header.
    pub fn header(&self) -> &DataHeader {
        &self.header
    }

    /// File length the ranges were checked against.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Segment ranges, absolute in the file.
    pub fn segments(&self) -> &[FileRange] {
        &self.segments
    }

    /// The named tensors, in file order.
    pub fn tensors(&self) -> &[NamedTensor<'a>] {
        &self.tensors
    }

    /// The tensor stored under `key`.
    pub fn get(&self, key: &str) -> Option<&NamedTensor<'a>> {
        self.tensors.iter().find(|t| t.key == key)
    }
}

/// The layout of the tensor `key` stored in `range`, checked against it.
fn layout(key: &str, shape: Table<'_>, range: FileRange, budget: &Budget) -> Result<TensorLayout> {
    let key = || key.to_string();
    let code = fb("TensorShape", shape.scalar::<i8>(slot::shape::ELEMENT_TYPE, 0))?;
    let Ok(scalar_type) = ScalarType::try_from(code) else {
        return fail(Error::ExternalTensorScalarType { key: key(), code });
    };
    let raw_sizes = fb("TensorShape", shape.scalars::<i32>(slot::shape::SIZES))?;
    budget.charge("TensorShape.sizes", raw_sizes.map_or(0, |v| v.byte_len()))?;
    let rank = raw_sizes.map_or(0, |v| v.len());
    if rank > MAX_RANK {
        return fail(Error::ExternalTensorRankTooLarge { key: key(), rank, limit: MAX_RANK });
    }
    let mut sizes = Vec::with_capacity(rank);
    for (dim, size) in raw_sizes.iter().flat_map(|v| v.iter::<i32>()).enumerate() {
        let Ok(size) = usize::try_from(size) else {
            return fail(Error::ExternalTensorNegativeDimension { key: key(), dim, size });
        };
        sizes.push(size);
    }
    let dim_order = fb("TensorShape", shape.bytes(slot::shape::DIM_ORDER))?.unwrap_or(&[]);
    budget.charge("TensorShape.dim_order", dim_order.len())?;
    if !is_permutation(dim_order, rank) {
        return fail(Error::ExternalTensorDimOrder {
            key: key(),
            dim_order: dim_order.to_vec(),
            rank,
        });
    }
    let nbytes = sizes
        .iter()
        .try_fold(scalar_type.element_size() as u64, |acc, &s| acc.checked_mul(s as u64));
    let Some(nbytes) = nbytes else {
        return fail(Error::ExternalTensorSizeOverflow { key: key() });
    };
    if nbytes > range.len {
        return fail(Error::ExternalTensorLargerThanSegment {
            key: key(),
            nbytes,
            segment_len: range.len,
        });
    }
    Ok(TensorLayout { scalar_type, sizes, dim_order: dim_order.to_vec(), nbytes })
}
