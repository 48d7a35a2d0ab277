//! Memory for pterun: data loaders, segments with provenance, and shared buffers.
//!
//! # Principal types
//!
//! * [`DataLoader`]: ExecuTorch's loader interface (`load`, `load_into`, `size`), plus
//!   [`LoaderStats`]. Pick a loader:
//!   * [`MmapLoader`] — **the default**: maps the file once, every load is a zero-copy view;
//!   * [`FileLoader`] — `pread` into aligned heap buffers, for users who want no mappings;
//!   * [`FdLoader`] — over an open fd (file or memfd), mapped when possible;
//!   * [`BufferLoader`] — over bytes already in memory;
//!   * [`SharedLoader`] — places chosen [`SegmentKind`]s (e.g. backend blobs) in shared
//!     buffers, delegating the rest to a base loader.
//! * [`Segment`]: what a load returns — owned, `Send + Sync`, cheap to clone, derefs to
//!   `[u8]`, and carries its [`Provenance`] (mapped file + offset, shared buffer + offset,
//!   heap, or caller bytes) and [`Segment::bytes_copied`].
//! * [`SharedAllocator`], [`SharedBuffer`]: memory with an fd a device can import —
//!   [`MemfdAllocator`], [`DmaHeapAllocator`], [`default_allocator`] — and vendor buffers
//!   ([`SharedBuffer::from_vendor`]).
//! * [`BufferRegistry`]: address-range lookup for foreign pointers into shared buffers.
//! * [`Error`]: one precise error enum; [`Error::code`] gives the ExecuTorch code.
//!
//! # Zero-copy rules
//!
//! The default load mode maps the file: a CPU-only program copies 0 bytes at load. Every
//! segment says where its bytes live, so a backend chooses "open from fd + offset" (mapped,
//! page-aligned: [`Provenance::is_page_aligned`]), "open from a shared buffer's fd" (one
//! copy, file to buffer) or "copy from memory" from the type, not by pointer lookup. Shared
//! memory is chosen per segment kind by building a [`SharedLoader`], never by changing a
//! global default. The page size is read at run time ([`page_size`]).
//!
//! # Example
//!
//! ```
//! use pterun_memory::{BufferLoader, DataLoader, Provenance, SegmentInfo};
//!
//! let loader = BufferLoader::new(vec![0u8, 1, 2, 3, 4, 5, 6, 7]);
//! let segment = loader.load(2, 4, &SegmentInfo::program())?;
//! assert_eq!(&*segment, &[2, 3, 4, 5]);
//! assert!(matches!(segment.provenance(), Provenance::CallerBuffer));
//! assert_eq!(loader.stats().bytes_copied, 0);
//! # Ok::<(), pterun_memory::Error>(())
//! ```
//!
//! # Unsafe code
//!
//! The crate denies `unsafe_code`; the only exceptions are the small modules under
//! `sys` (aligned allocation, `memmap2` calls, ioctls, vendor pointers), each block with
//! a `// SAFETY:` comment.
#![deny(unsafe_code)]

mod error;
mod loader;
mod registry;
mod segment;
mod shm;
mod sys;

pub use error::{Error, Result};
pub use loader::{
    Advice, BufferLoader, DataLoader, FdLoader, FileLoader, LoaderStats, MmapLoader, MmapOptions,
    SharedLoader, DEFAULT_ALIGNMENT, MAX_READ_CHUNK,
};
pub use registry::{BufferRef, BufferRegistry};
pub use segment::{page_size, Provenance, Segment, SegmentInfo, SegmentKind, SegmentKindSet};
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use shm::{
    default_allocator, DmaHeapAllocationData, DmaHeapAllocator, MemfdAllocator, DMA_HEAP_DIR,
    DMA_HEAP_IOCTL_ALLOC,
};
pub use shm::{SharedAllocator, SharedBuffer, SharedBufferKind};
pub use sys::aligned::{AlignedBuf, MAP_THRESHOLD};
