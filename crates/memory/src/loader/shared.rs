//! [`SharedLoader`]: chosen segment kinds in shared buffers, the rest from a base loader.

use std::fmt;
use std::sync::Arc;

use super::{check_range, DataLoader, LoaderStats, StatsCounter};
use crate::error::{Error, Result};
use crate::registry::BufferRegistry;
use crate::segment::{Segment, SegmentInfo, SegmentKindSet};
use crate::shm::SharedAllocator;

/// Places loads of the chosen [`SegmentKind`](crate::SegmentKind)s in fresh
/// [`SharedBuffer`](crate::SharedBuffer)s and delegates every other load to a base loader.
///
/// A placed segment costs one copy: the base's `load_into` writes straight into the
/// shared buffer's mapping (from the base's mapping, or by `pread`), so the bytes are never
/// staged in the heap. Its provenance is
/// [`Provenance::SharedBuffer`](crate::Provenance) (fd + offset 0), ready for a backend's
/// "open from fd" path. Buffers are registered in the optional [`BufferRegistry`].
///
/// It changes no global state: shared memory is chosen per kind, by whoever builds this
/// loader. Its [`LoaderStats`] count its own work: placed bytes and copies made by the base
/// for delegated loads in `bytes_copied`, zero-copy delegated bytes in `bytes_mapped`.
pub struct SharedLoader {
    base: Arc<dyn DataLoader>,
    allocator: Arc<dyn SharedAllocator>,
    kinds: SegmentKindSet,
    /// Backend ids whose blobs are placed (`None`: every backend's).
    backends: Option<Vec<String>>,
    registry: Option<Arc<BufferRegistry>>,
    stats: StatsCounter,
}

impl SharedLoader {
    /// A loader placing `kinds` (e.g. `[SegmentKind::Backend]`) in buffers from `allocator`.
    pub fn new(
        base: Arc<dyn DataLoader>,
        allocator: Arc<dyn SharedAllocator>,
        kinds: impl Into<SegmentKindSet>,
        registry: Option<Arc<BufferRegistry>>,
    ) -> Self {
        Self {
            base,
            allocator,
            kinds: kinds.into(),
            backends: None,
            registry,
            stats: StatsCounter::default(),
        }
    }

    /// Places backend blobs only for these backend ids (e.g. only `EnnBackend`: blobs of a
    /// CPU backend gain nothing from shared memory and stay mapped); other segments of the
    /// chosen kinds are unaffected.
    #[must_use]
    pub fn only_backends(mut self, ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.backends = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Whether a load described by `info` goes into a shared buffer.
    fn places(&self, info: &SegmentInfo) -> bool {
        if !self.kinds.contains(info.kind) {
            return false;
        }
        match (&self.backends, info.kind, info.backend_id.as_deref()) {
            (Some(ids), crate::segment::SegmentKind::Backend, Some(id)) => {
                ids.iter().any(|i| i == id)
            }
            (Some(_), crate::segment::SegmentKind::Backend, None) => false,
            _ => true,
        }
    }

    /// The kinds placed in shared memory.
    pub fn kinds(&self) -> SegmentKindSet {
        self.kinds
    }

    /// The base loader.
    pub fn base(&self) -> &Arc<dyn DataLoader> {
        &self.base
    }

    /// The allocator's name.
    pub fn allocator_name(&self) -> &str {
        self.allocator.name()
    }
}

impl fmt::Debug for SharedLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLoader")
            .field("allocator", &self.allocator.name())
            .field("kinds", &self.kinds)
            .field("backends", &self.backends)
            .field("registry", &self.registry.is_some())
            .field("stats", &self.stats.snapshot())
            .finish()
    }
}

impl DataLoader for SharedLoader {
    fn load(&self, offset: u64, size: usize, info: &SegmentInfo) -> Result<Segment> {
        if !self.places(info) {
            let segment = self.base.load(offset, size, info)?;
            if segment.bytes_copied() > 0 {
                self.stats.record_copied(segment.len());
            } else {
                self.stats.record_mapped(segment.len());
            }
            return Ok(segment);
        }
        check_range(offset, size, self.base.size())?;
        let mut buffer = self.allocator.allocate(size)?;
        buffer.begin_cpu_access()?;
        let dst = buffer
            .as_mut_slice()
            .get_mut(..size)
            .ok_or(Error::Allocation { size, alignment: 1 })?;
        self.base.load_into(offset, dst, info)?;
        buffer.end_cpu_access()?;
        if let Some(registry) = &self.registry {
            registry.register(&buffer)?;
        }
        self.stats.record_copied(size);
        let segment = Segment::from_shared_buffer(buffer);
        // A heap allocator may round up; the segment covers exactly the requested bytes.
        if segment.len() == size {
            Ok(segment)
        } else {
            segment.slice(..size)
        }
    }

    fn load_into(&self, offset: u64, dst: &mut [u8], info: &SegmentInfo) -> Result<()> {
        self.base.load_into(offset, dst, info)?;
        self.stats.record_copied(dst.len());
        Ok(())
    }

    fn size(&self) -> u64 {
        self.base.size()
    }

    fn stats(&self) -> LoaderStats {
        self.stats.snapshot()
    }
}
