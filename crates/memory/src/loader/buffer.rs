//! [`BufferLoader`]: zero-copy loads from bytes already in memory.

use std::sync::Arc;

use super::{check_range, to_index, DataLoader, LoaderStats, StatsCounter};
use crate::error::{Error, Result};
use crate::segment::{Segment, SegmentInfo};

/// Hands out zero-copy sub-slices of caller bytes
/// ([`Provenance::CallerBuffer`](crate::Provenance)); `load_into` copies.
///
/// There is no alignment guarantee beyond that of the bytes given (an `Arc<[u8]>` built
/// from a `Vec` is typically 8- or 16-aligned): pass suitably aligned memory.
#[derive(Debug)]
pub struct BufferLoader {
    bytes: Arc<[u8]>,
    stats: StatsCounter,
}

impl BufferLoader {
    /// A loader over `bytes` (an `Arc<[u8]>` is taken as is; a `Vec` or slice is moved or
    /// copied into one once, here).
    pub fn new(bytes: impl Into<Arc<[u8]>>) -> Self {
        Self { bytes: bytes.into(), stats: StatsCounter::default() }
    }

    /// All the bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn range(&self, offset: u64, size: usize) -> Result<(usize, &[u8])> {
        let source_len = self.bytes.len() as u64;
        check_range(offset, size, source_len)?;
        let start = to_index(offset, size, source_len)?;
        let bytes = self
            .bytes
            .get(start..start.saturating_add(size))
            .ok_or(Error::OutOfBounds { offset, size, source_len })?;
        Ok((start, bytes))
    }
}

impl DataLoader for BufferLoader {
    fn load(&self, offset: u64, size: usize, _info: &SegmentInfo) -> Result<Segment> {
        let (start, _) = self.range(offset, size)?;
        self.stats.record_mapped(size);
        Ok(Segment::caller(Arc::clone(&self.bytes), start, size))
    }

    fn load_into(&self, offset: u64, dst: &mut [u8], _info: &SegmentInfo) -> Result<()> {
        let (_, src) = self.range(offset, dst.len())?;
        dst.copy_from_slice(src);
        self.stats.record_copied(dst.len());
        Ok(())
    }

    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }

    fn stats(&self) -> LoaderStats {
        self.stats.snapshot()
    }
}
