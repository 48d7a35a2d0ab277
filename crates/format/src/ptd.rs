//! Verified view of a `.ptd` external data file (FlatTensor format).
//!
//! A `.ptd` file holds named tensors (weights exported with `external_constants=True`)
//! in segments after a small FlatBuffer. [`DataFile::parse`] checks the header, every
//! segment range and every tensor layout against its segment, like [`crate::Program`].

use pterun_core::ScalarType;
use pterun_schema::{planus::ReadAsRoot, ptd};

use crate::budget::Budget;
use crate::error::{Error, Result};
use crate::header::DataHeader;
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

fn fb<T>(
    table: &'static str,
    r: std::result::Result<T, pterun_schema::planus::Error>,
) -> Result<T> {
    r.map_err(|e| Error::flatbuffer(table, e))
}

impl<'a> DataFile<'a> {
    /// Parses and verifies a whole `.ptd` file held in memory.
    pub fn parse(file: &'a [u8]) -> Result<DataFile<'a>> {
        let file_len = file.len() as u64;
        let header = DataHeader::parse(file, file_len)?;
        let flatbuffer = file.get(..header.flatbuffer_end() as usize).ok_or_else(|| {
            Error::ProgramSizeOutOfRange { program_size: header.flatbuffer_end(), file_len }
        })?;
        let root_offset = flatbuffer
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .unwrap_or(0);
        if root_offset < 8 || u64::from(root_offset) + 4 > flatbuffer.len() as u64 {
            return Err(Error::RootOutOfRange {
                offset: root_offset,
                len: flatbuffer.len() as u64,
            });
        }
        let root = fb("TensorFile", ptd::TensorFileRef::read_as_root(flatbuffer))?;
        // As for programs (see `budget.rs`): shared tables must not multiply the work.
        let budget = Budget::new(flatbuffer.len());

        let mut segments = Vec::new();
        let segment_tables = fb("TensorFile", root.segments())?;
        spend(&budget, "TensorFile.segments", 4 * segment_tables.map_or(0, |v| v.len()))?;
        for (index, segment) in segment_tables.iter().flat_map(|v| v.iter()).enumerate() {
            let segment = fb("TensorFile.segments", segment)?;
            let offset = fb("DataSegment", segment.offset())?;
            let size = fb("DataSegment", segment.size())?;
            let out_of_file = Error::SegmentOutOfFile { index, offset, size, file_len };
            let end = offset.checked_add(size).ok_or_else(|| out_of_file.clone())?;
            if end > header.segment_data_size {
                return Err(out_of_file);
            }
            segments.push(FileRange { offset: header.segment_base_offset + offset, len: size });
        }

        let mut tensors = Vec::new();
        let named = fb("TensorFile", root.named_data())?;
        spend(&budget, "TensorFile.named_data", 4 * named.map_or(0, |v| v.len()))?;
        for entry in named.iter().flat_map(|v| v.iter()) {
            let entry = fb("TensorFile.named_data", entry)?;
            let key = fb("NamedTensor", entry.key())?
                .ok_or(Error::MissingField { table: "NamedTensor", field: "key" })?;
            spend(&budget, "NamedTensor.key", key.len())?;
            let segment_index = fb("NamedTensor", entry.segment_index())? as usize;
            let range = *segments.get(segment_index).ok_or(Error::SegmentIndexOutOfRange {
                referrer: "external tensor",
                index: segment_index as u64,
                count: segments.len(),
            })?;
            let layout = match fb("NamedTensor", entry.shape())? {
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

/// Charges `bytes` bytes read for `what` to the budget.
fn spend(budget: &Budget, what: &'static str, bytes: usize) -> Result<()> {
    budget.charge(what, bytes).map_err(|e| *e)
}

fn layout(
    key: &str,
    shape: ptd::TensorShapeRef<'_>,
    range: FileRange,
    budget: &Budget,
) -> Result<TensorLayout> {
    let invalid = |reason: String| Error::InvalidExternalTensor { key: key.to_string(), reason };
    let code = fb("TensorShape", shape.element_type())?;
    let scalar_type =
        ScalarType::try_from(code).map_err(|_| invalid(format!("unknown scalar type {code}")))?;
    let raw_sizes = fb("TensorShape", shape.sizes())?;
    spend(budget, "TensorShape.sizes", 4 * raw_sizes.map_or(0, |v| v.len()))?;
    let raw_sizes: Vec<i32> = raw_sizes.map(|v| v.iter().collect()).unwrap_or_default();
    if raw_sizes.len() > MAX_RANK {
        return Err(invalid(format!("rank {} exceeds {MAX_RANK}", raw_sizes.len())));
    }
    let sizes = raw_sizes
        .iter()
        .map(|&s| usize::try_from(s).map_err(|_| invalid(format!("negative size {s}"))))
        .collect::<Result<Vec<_>>>()?;
    let dim_order = fb("TensorShape", shape.dim_order())?.unwrap_or(&[]);
    spend(budget, "TensorShape.dim_order", dim_order.len())?;
    let dim_order = dim_order.to_vec();
    let mut sorted = dim_order.clone();
    sorted.sort_unstable();
    if !sorted.iter().enumerate().all(|(i, &d)| d as usize == i) || sorted.len() != sizes.len() {
        return Err(invalid(format!(
            "dim order {dim_order:?} is not a permutation of 0..{}",
            sizes.len()
        )));
    }
    let nbytes = sizes
        .iter()
        .try_fold(scalar_type.element_size() as u64, |acc, &s| acc.checked_mul(s as u64))
        .ok_or_else(|| invalid("byte size overflows".to_string()))?;
    if nbytes > range.len {
        return Err(invalid(format!("needs {nbytes} bytes, segment has {}", range.len)));
    }
    Ok(TensorLayout { scalar_type, sizes, dim_order, nbytes })
}
