//! Opening program bytes with the chosen loader, and the shared memory ENN delegates use.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use pterun_enn::EnnBackend;
use pterun_memory::{
    default_allocator, DataLoader, FileLoader, MmapLoader, MmapOptions, SegmentKind,
    SharedAllocator, SharedBuffer, SharedLoader,
};

use crate::error::Result;
use crate::options::Loader;

/// Alignment of heap buffers in pread mode: enough for any tensor type and cache lines.
pub(crate) const HEAP_ALIGNMENT: usize = 64;

impl Loader {
    /// Opens `path` this way. [`Loader::Shared`] places ENN blobs in buffers from the
    /// default shared allocator (memfd or a dma-buf heap); a [`Module`](crate::Module)
    /// prefers ENN buffers.
    pub fn open(self, path: impl AsRef<Path>) -> Result<Arc<dyn DataLoader>> {
        open_path(path.as_ref(), self, MmapOptions::default(), None)
    }
}

/// Opens `path` with `choice`; `shared` allocates ENN blobs for [`Loader::Shared`] (the
/// default shared allocator when `None`).
pub(crate) fn open_path(
    path: &Path,
    choice: Loader,
    mmap: MmapOptions,
    shared: Option<Arc<dyn SharedAllocator>>,
) -> Result<Arc<dyn DataLoader>> {
    Ok(match choice {
        Loader::Mmap => Arc::new(MmapLoader::open(path, mmap)?),
        Loader::File => Arc::new(FileLoader::open(path, HEAP_ALIGNMENT)?),
        Loader::Shared => {
            let base: Arc<dyn DataLoader> = Arc::new(MmapLoader::open(path, mmap)?);
            wrap(base, Loader::Shared, shared)
        }
    })
}

/// `base`, wrapped in a [`SharedLoader`] when `choice` is [`Loader::Shared`].
pub(crate) fn wrap(
    base: Arc<dyn DataLoader>,
    choice: Loader,
    shared: Option<Arc<dyn SharedAllocator>>,
) -> Arc<dyn DataLoader> {
    if choice != Loader::Shared {
        return base;
    }
    let allocator = shared.unwrap_or_else(default_allocator);
    // Only blobs a device opens from an fd gain from shared memory; CPU backends' blobs
    // stay mapped.
    Arc::new(
        SharedLoader::new(base, allocator, SegmentKind::Backend, None)
            .only_backends([pterun_enn::BACKEND_NAME]),
    )
}

/// Shared buffers from the ENN library (`EnnCreateBuffer`), chosen on the first
/// allocation, else from the default shared allocator (memfd or a dma-buf heap). Nothing
/// opens the library before something is allocated, so a program without ENN delegates
/// never loads it.
pub struct LazyEnnAllocator {
    enn: Arc<EnnBackend>,
    chosen: OnceLock<Arc<dyn SharedAllocator>>,
}

impl std::fmt::Debug for LazyEnnAllocator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyEnnAllocator").field("chosen", &self.name()).finish()
    }
}

impl LazyEnnAllocator {
    /// An allocator over `enn`'s library, opened on first use.
    pub fn new(enn: Arc<EnnBackend>) -> LazyEnnAllocator {
        LazyEnnAllocator { enn, chosen: OnceLock::new() }
    }

    fn chosen(&self) -> &Arc<dyn SharedAllocator> {
        self.chosen.get_or_init(|| match self.enn.allocator() {
            Ok(allocator) => Arc::new(allocator),
            Err(reason) => {
                log::info!(
                    "ENN allocator unavailable ({reason}); using the default shared allocator"
                );
                default_allocator()
            }
        })
    }
}

impl SharedAllocator for LazyEnnAllocator {
    fn name(&self) -> &str {
        self.chosen.get().map_or("enn (not opened yet)", |a| a.name())
    }

    fn allocate(&self, len: usize) -> pterun_memory::Result<SharedBuffer> {
        self.chosen().allocate(len)
    }
}
