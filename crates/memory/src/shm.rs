//! Shared memory: buffers with a file descriptor that another component (a delegate, a
//! driver, another process) can be handed.
//!
//! * [`SharedAllocator`]: an open set of allocators (`name`, `allocate`).
//! * [`MemfdAllocator`]: `memfd_create` + `ftruncate` + size seals + `MAP_SHARED`
//!   mapping. Works everywhere on Linux and Android; the emulation of dma-bufs in tests.
//! * [`DmaHeapAllocator`]: `/dev/dma_heap/<name>` and `DMA_HEAP_IOCTL_ALLOC`.
//! * [`default_allocator`]: the dma-buf `system` heap when present, else memfd.
//! * [`SharedBuffer`]: the RAII buffer (unmaps and closes on drop), also able to wrap a
//!   vendor buffer ([`SharedBuffer::from_vendor`]).
//!
//! A buffer owns everything it needs (fd and mapping), so it stays valid after its
//! allocator is dropped.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use memmap2::MmapMut;

use crate::error::{Error, Result};
use crate::registry::Registration;
use crate::sys::vendor::VendorRegion;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use crate::sys::dma_heap::{DmaHeapAllocationData, DMA_HEAP_IOCTL_ALLOC};
#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::{DmaHeapAllocator, MemfdAllocator, DMA_HEAP_DIR};

/// A source of [`SharedBuffer`]s. Implementations are thread-safe.
pub trait SharedAllocator: Send + Sync {
    /// A short name for logs and provenance (`"memfd"`, `"dma-heap:system"`).
    fn name(&self) -> &str;

    /// A new buffer of exactly `len` bytes (the kernel may back it with more).
    ///
    /// # Errors
    ///
    /// [`Error::ZeroSizeAllocation`] for `len == 0`, [`Error::SharedAllocation`] when a
    /// step fails.
    fn allocate(&self, len: usize) -> Result<SharedBuffer>;
}

/// What backs a [`SharedBuffer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SharedBufferKind {
    /// A memfd (shmem).
    Memfd,
    /// A dma-buf from a dma-heap.
    DmaBuf,
    /// A buffer owned by a vendor library ([`SharedBuffer::from_vendor`]).
    Vendor,
}

enum Memory {
    /// Field order matters: the mapping is unmapped before the fd is closed.
    Mapped {
        map: MmapMut,
        fd: OwnedFd,
    },
    Vendor(VendorRegion),
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A shared-memory buffer: a CPU mapping plus the fd (and offset in it) that names the
/// memory for other components.
///
/// Dropping it unregisters it from every [`BufferRegistry`](crate::BufferRegistry), then
/// unmaps and closes (or calls the vendor release callback); `Drop` never panics.
///
/// # Sharing contract
///
/// Whoever receives [`SharedBuffer::fd`] may write the memory; the bytes are plain `u8`,
/// so this is never undefined behaviour for the *values*, but readers of
/// [`SharedBuffer::as_slice`] must not rely on contents another holder is changing.
pub struct SharedBuffer {
    id: u64,
    allocator: Arc<str>,
    kind: SharedBufferKind,
    offset: u64,
    len: usize,
    pub(crate) registrations: Mutex<Vec<Registration>>,
    memory: Memory,
}

impl SharedBuffer {
    pub(crate) fn from_mapping(
        map: MmapMut,
        fd: OwnedFd,
        allocator: Arc<str>,
        kind: SharedBufferKind,
    ) -> Self {
        let len = map.len();
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            allocator,
            kind,
            offset: 0,
            len,
            registrations: Mutex::new(Vec::new()),
            memory: Memory::Mapped { map, fd },
        }
    }

    /// Wraps a validated vendor region (see `SharedBuffer::from_vendor` in `sys::vendor`).
    pub(crate) fn from_vendor_region(region: VendorRegion, offset: u64, allocator: &str) -> Self {
        let len = region.as_slice().len();
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            allocator: Arc::from(allocator),
            kind: SharedBufferKind::Vendor,
            offset,
            len,
            registrations: Mutex::new(Vec::new()),
            memory: Memory::Vendor(region),
        }
    }

    /// A process-unique id (also used by [`BufferRegistry`](crate::BufferRegistry)).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The fd naming the memory (borrowed; `dup` it, e.g. with [`SharedBuffer::try_clone_fd`],
    /// to keep it beyond the buffer).
    pub fn fd(&self) -> BorrowedFd<'_> {
        match &self.memory {
            Memory::Mapped { fd, .. } => fd.as_fd(),
            Memory::Vendor(region) => region.fd(),
        }
    }

    /// A new, owned, close-on-exec duplicate of [`SharedBuffer::fd`].
    ///
    /// # Errors
    ///
    /// The OS error of `fcntl(F_DUPFD_CLOEXEC)`.
    pub fn try_clone_fd(&self) -> io::Result<OwnedFd> {
        self.fd().try_clone_to_owned()
    }

    /// Offset of the buffer's first byte in its fd (0 for whole buffers).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer is empty (never, for buffers built by this crate).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Address of the first byte of the CPU mapping.
    pub fn as_ptr(&self) -> *const u8 {
        self.as_slice().as_ptr()
    }

    /// [`SharedBuffer::as_ptr`] as an integer.
    pub fn address(&self) -> usize {
        self.as_ptr() as usize
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match &self.memory {
            Memory::Mapped { map, .. } => map,
            Memory::Vendor(region) => region.as_slice(),
        }
    }

    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        match &mut self.memory {
            Memory::Mapped { map, .. } => map,
            Memory::Vendor(region) => region.as_mut_slice(),
        }
    }

    /// The allocator's name.
    pub fn allocator_name(&self) -> &str {
        &self.allocator
    }

    /// What backs the buffer.
    pub fn kind(&self) -> SharedBufferKind {
        self.kind
    }

    /// Starts CPU access (`DMA_BUF_IOCTL_SYNC` `START|RW` for dma-bufs; nothing otherwise).
    ///
    /// # Errors
    ///
    /// [`Error::Sync`] when the ioctl fails.
    pub fn begin_cpu_access(&self) -> Result<()> {
        self.sync(false)
    }

    /// Ends CPU access (`DMA_BUF_IOCTL_SYNC` `END|RW` for dma-bufs; nothing otherwise).
    ///
    /// # Errors
    ///
    /// [`Error::Sync`] when the ioctl fails.
    pub fn end_cpu_access(&self) -> Result<()> {
        self.sync(true)
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn sync(&self, end: bool) -> Result<()> {
        use crate::sys::dma_heap::{sync, DMA_BUF_SYNC_END, DMA_BUF_SYNC_RW, DMA_BUF_SYNC_START};
        if self.kind != SharedBufferKind::DmaBuf {
            return Ok(());
        }
        let phase = if end { DMA_BUF_SYNC_END } else { DMA_BUF_SYNC_START };
        sync(self.fd(), phase | DMA_BUF_SYNC_RW).map_err(|source| Error::Sync { source })
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn sync(&self, _end: bool) -> Result<()> {
        Ok(())
    }

    /// Seals a memfd against any future write through another fd or a new mapping
    /// (`F_SEAL_FUTURE_WRITE | F_SEAL_SEAL`, Linux 5.1+). This process's own mapping stays
    /// writable through `&mut self`, so fill the buffer first and share it afterwards.
    ///
    /// # Errors
    ///
    /// [`Error::Unsupported`] for dma-bufs and vendor buffers, [`Error::Seal`] when
    /// `fcntl` fails.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub fn seal_readonly(&self) -> Result<()> {
        use rustix::fs::{fcntl_add_seals, SealFlags};
        if self.kind != SharedBufferKind::Memfd {
            return Err(Error::Unsupported { what: "sealing a buffer that is not a memfd" });
        }
        fcntl_add_seals(self.fd(), SealFlags::FUTURE_WRITE | SealFlags::SEAL)
            .map_err(|e| Error::Seal { source: e.into() })
    }
}

impl Drop for SharedBuffer {
    fn drop(&mut self) {
        // Unregister first, so no registry can find the address once it is unmapped. A
        // poisoned lock still holds valid data; never panic here.
        let registrations =
            std::mem::take(&mut *self.registrations.lock().unwrap_or_else(PoisonError::into_inner));
        for registration in registrations {
            registration.remove(self.id);
        }
        // `memory` is dropped after this: unmap (memmap2 ignores munmap errors, which
        // could only be reported by panicking), then close or vendor release.
    }
}

impl fmt::Debug for SharedBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedBuffer")
            .field("id", &self.id)
            .field("allocator", &self.allocator)
            .field("kind", &self.kind)
            .field("fd", &self.fd())
            .field("offset", &self.offset)
            .field("len", &self.len)
            .field("address", &format_args!("{:#x}", self.address()))
            .finish()
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux {
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use rustix::fs::{fcntl_add_seals, ftruncate, memfd_create, MemfdFlags, SealFlags};

    use super::{SharedAllocator, SharedBuffer, SharedBufferKind};
    use crate::error::{Error, Result};
    use crate::sys::dma_heap;
    use crate::sys::map::{map_shared_rw, map_shared_rw_at};
    use std::os::fd::OwnedFd;

    /// The check both allocators make first (`len` is not zero), then the error they
    /// report when step `operation` of allocating `len` bytes fails.
    fn allocation_failure(
        allocator: &str,
        len: usize,
    ) -> Result<impl Fn(&'static str, io::Error) -> Error + '_> {
        if len == 0 {
            return Err(Error::ZeroSizeAllocation { allocator: allocator.to_string() });
        }
        Ok(move |operation, source| Error::SharedAllocation {
            allocator: allocator.to_string(),
            operation,
            len,
            source,
        })
    }

    /// Directory of the dma-heap devices.
    pub const DMA_HEAP_DIR: &str = "/dev/dma_heap";

    /// Allocates memfds: `memfd_create(MFD_CLOEXEC | MFD_ALLOW_SEALING)`, `ftruncate`,
    /// `F_SEAL_SHRINK | F_SEAL_GROW` (the size is fixed, as udmabuf requires), then a
    /// shared read-write mapping.
    #[derive(Debug, Clone)]
    pub struct MemfdAllocator {
        label: String,
        name: Arc<str>,
    }

    impl MemfdAllocator {
        /// An allocator whose memfds are named `pterun`.
        pub fn new() -> Self {
            Self::with_label("pterun")
        }

        /// An allocator whose memfds carry `label` (visible in `/proc/<pid>/maps` as
        /// `/memfd:<label>`; at most 249 bytes, no NUL).
        pub fn with_label(label: impl Into<String>) -> Self {
            Self { label: label.into(), name: Arc::from("memfd") }
        }

        /// The label given to each memfd.
        pub fn label(&self) -> &str {
            &self.label
        }
    }

    impl Default for MemfdAllocator {
        fn default() -> Self {
            Self::new()
        }
    }

    impl SharedAllocator for MemfdAllocator {
        fn name(&self) -> &str {
            &self.name
        }

        fn allocate(&self, len: usize) -> Result<SharedBuffer> {
            let fail = allocation_failure(&self.name, len)?;
            let fd =
                memfd_create(self.label.as_str(), MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING)
                    .map_err(|e| fail("memfd_create", e.into()))?;
            ftruncate(&fd, len as u64).map_err(|e| fail("ftruncate", e.into()))?;
            fcntl_add_seals(&fd, SealFlags::SHRINK | SealFlags::GROW)
                .map_err(|e| fail("fcntl(F_ADD_SEALS)", e.into()))?;
            let file = File::from(fd);
            let map = map_shared_rw(&file, len).map_err(|e| fail("mmap", e))?;
            Ok(SharedBuffer::from_mapping(
                map,
                file.into(),
                Arc::clone(&self.name),
                SharedBufferKind::Memfd,
            ))
        }
    }

    impl SharedBuffer {
        /// Imports `len` bytes at `offset` of a memfd or dma-buf that someone else created
        /// (ENN's "create buffer from fd with offset"): takes ownership of `fd` (pass a dup
        /// to keep your own) and maps the range shared read-write. [`SharedBuffer::offset`]
        /// reports `offset`; [`SharedBuffer::as_slice`] starts at it. A regular file (a
        /// memfd) is reported as [`SharedBufferKind::Memfd`], anything else as
        /// [`SharedBufferKind::DmaBuf`] (so CPU-access syncs are issued).
        ///
        /// # Errors
        ///
        /// [`Error::ZeroSizeAllocation`] for `len == 0`, [`Error::InvalidAlignment`] (with
        /// the page size) when `offset` is not page aligned, [`Error::OutOfBounds`] when the
        /// range exceeds the object's size, [`Error::Stat`] when the size cannot be read,
        /// [`Error::Map`] when `mmap` fails.
        pub fn import_fd(fd: OwnedFd, offset: u64, len: usize) -> Result<SharedBuffer> {
            use rustix::fs::{fstat, FileType};
            use std::io::{Seek, SeekFrom};

            const ALLOCATOR: &str = "import";
            if len == 0 {
                return Err(Error::ZeroSizeAllocation { allocator: ALLOCATOR.to_owned() });
            }
            let page = crate::segment::page_size();
            if !crate::segment::offset_is_page_aligned(offset, page) {
                return Err(Error::InvalidAlignment(page));
            }
            let stat = fstat(&fd).map_err(|e| Error::Stat { source: e.into() })?;
            let regular = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile;
            let mut file = File::from(fd);
            let source_len = if regular {
                u64::try_from(stat.st_size).unwrap_or(0)
            } else {
                // Restore the shared file offset after probing the size.
                let position = file.stream_position().map_err(|source| Error::Stat { source })?;
                let end = file.seek(SeekFrom::End(0)).map_err(|source| Error::Stat { source })?;
                file.seek(SeekFrom::Start(position)).map_err(|source| Error::Stat { source })?;
                end
            };
            if offset.checked_add(len as u64).is_none_or(|end| end > source_len) {
                return Err(Error::OutOfBounds { offset, size: len, source_len });
            }
            let map = map_shared_rw_at(&file, offset, len).map_err(|source| Error::Map {
                offset,
                len,
                source,
            })?;
            let kind = if regular { SharedBufferKind::Memfd } else { SharedBufferKind::DmaBuf };
            let mut buffer =
                SharedBuffer::from_mapping(map, file.into(), Arc::from(ALLOCATOR), kind);
            buffer.offset = offset;
            Ok(buffer)
        }
    }

    /// Allocates dma-bufs from a dma-heap (`/dev/dma_heap/<name>`) with
    /// `DMA_HEAP_IOCTL_ALLOC`, and maps them shared read-write.
    #[derive(Debug)]
    pub struct DmaHeapAllocator {
        heap: File,
        path: PathBuf,
        name: Arc<str>,
    }

    impl DmaHeapAllocator {
        /// Opens the heap `heap_name` (e.g. `"system"`).
        ///
        /// # Errors
        ///
        /// [`Error::InvalidHeapName`] for an empty name or one containing `/` or NUL, or
        /// `.`/`..`; [`Error::SharedMemoryUnavailable`] naming the path when the device
        /// does not exist; [`Error::Open`] for other open failures (e.g. permissions).
        pub fn open(heap_name: &str) -> Result<Self> {
            if heap_name.is_empty()
                || heap_name == "."
                || heap_name == ".."
                || heap_name.contains(['/', '\0'])
            {
                return Err(Error::InvalidHeapName { name: heap_name.to_owned() });
            }
            let path = Path::new(DMA_HEAP_DIR).join(heap_name);
            let heap = File::open(&path).map_err(|source| {
                if source.kind() == io::ErrorKind::NotFound {
                    Error::SharedMemoryUnavailable { path: path.clone(), source }
                } else {
                    Error::Open { path: path.clone(), source }
                }
            })?;
            Ok(Self { heap, name: Arc::from(format!("dma-heap:{heap_name}")), path })
        }

        /// Names of the heaps present in [`DMA_HEAP_DIR`] (empty when there is none).
        pub fn available_heaps() -> Vec<String> {
            let Ok(entries) = std::fs::read_dir(DMA_HEAP_DIR) else {
                return Vec::new();
            };
            let mut names: Vec<String> =
                entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
            names.sort();
            names
        }

        /// The device path.
        pub fn path(&self) -> &Path {
            &self.path
        }
    }

    impl SharedAllocator for DmaHeapAllocator {
        fn name(&self) -> &str {
            &self.name
        }

        fn allocate(&self, len: usize) -> Result<SharedBuffer> {
            let fail = allocation_failure(&self.name, len)?;
            let fd = dma_heap::allocate(std::os::fd::AsFd::as_fd(&self.heap), len as u64)
                .map_err(|e| fail("DMA_HEAP_IOCTL_ALLOC", e))?;
            let file = File::from(fd);
            let map = map_shared_rw(&file, len).map_err(|e| fail("mmap", e))?;
            Ok(SharedBuffer::from_mapping(
                map,
                file.into(),
                Arc::clone(&self.name),
                SharedBufferKind::DmaBuf,
            ))
        }
    }
}

/// The dma-buf `system` heap when `/dev/dma_heap/system` exists and opens, else memfd.
/// The choice is logged at `info` level.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn default_allocator() -> Arc<dyn SharedAllocator> {
    let system = std::path::Path::new(DMA_HEAP_DIR).join("system");
    if system.exists() {
        match DmaHeapAllocator::open("system") {
            Ok(heap) => {
                log::info!("shared memory: dma-buf heap {}", system.display());
                return Arc::new(heap);
            }
            Err(e) => log::warn!("shared memory: {e}; falling back to memfd"),
        }
    }
    log::info!("shared memory: memfd ({} absent)", system.display());
    Arc::new(MemfdAllocator::new())
}
