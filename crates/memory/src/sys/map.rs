//! Calls into `memmap2`, whose file-backed constructors are `unsafe`.

use std::fs::File;
use std::io;

use memmap2::{Mmap, MmapMut, MmapOptions};

/// Maps the first `len` bytes of `file` read-only (`PROT_READ`, `MAP_SHARED`).
///
/// `len` must be non-zero (mapping zero bytes fails in the kernel; callers handle empty
/// files without a mapping).
pub(crate) fn map_read_only(file: &File, len: usize, populate: bool) -> io::Result<Mmap> {
    let mut options = MmapOptions::new();
    options.len(len);
    if populate {
        options.populate();
    }
    // SAFETY: memmap2 requires that the file is not modified or truncated while mapped.
    // This cannot be enforced by a process; it is the documented contract of
    // `MmapLoader`/`FdLoader` ("# File mutation"), the same one ExecuTorch's
    // `MmapDataLoader` has. The mapping is read-only, so this process never writes through
    // it, and the bytes are plain `u8` (every bit pattern is valid).
    unsafe { options.map(file) }
}

/// Maps `len` bytes of a memfd or dma-buf read-write and shared (`MAP_SHARED`).
pub(crate) fn map_shared_rw(file: &File, len: usize) -> io::Result<MmapMut> {
    let mut options = MmapOptions::new();
    options.len(len);
    // SAFETY: `file` is a memfd or dma-buf freshly created by this crate and already sized
    // to at least `len` bytes (ftruncate, or the heap's page-rounded allocation). Until its
    // fd is handed out nobody else can write it; afterwards, concurrent writes by other fd
    // holders are the documented shared-memory contract of `SharedBuffer` (bytes are plain
    // `u8`, so any content is valid). The memfd carries F_SEAL_SHRINK, so it cannot be
    // truncated under the mapping.
    unsafe { options.map_mut(file) }
}

/// Maps `len` bytes at `offset` (page aligned) of an fd another component created
/// (a memfd or dma-buf it handed over) read-write and shared (`MAP_SHARED`).
pub(crate) fn map_shared_rw_at(file: &File, offset: u64, len: usize) -> io::Result<MmapMut> {
    let mut options = MmapOptions::new();
    options.offset(offset).len(len);
    // SAFETY: the caller (`SharedBuffer::import_fd`) checked that `offset + len` lies
    // within the object's current size. The memory is shared with whoever else holds the
    // fd: concurrent writes are the documented shared-memory contract of `SharedBuffer`
    // (bytes are plain `u8`, any content is valid); shrinking the object under the mapping
    // is the same "# File mutation" contract as `MmapLoader` (memfds from this crate carry
    // F_SEAL_SHRINK, dma-bufs cannot be truncated).
    unsafe { options.map_mut(file) }
}
