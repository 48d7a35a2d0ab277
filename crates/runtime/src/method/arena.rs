//! The memory behind planned arenas: a zeroed heap buffer, or a shared buffer (memfd,
//! dma-buf, vendor buffer) from the allocator given at method load, so that a delegate's
//! device can import the bytes its tensors live in instead of copying them.

use std::os::fd::BorrowedFd;

use pterun_memory::{AlignedBuf, SharedAllocator, SharedBuffer, SharedBufferKind};

use crate::error::Result;

/// Alignment of heap arenas: a cache line, enough for every element type and SIMD load.
const ARENA_ALIGNMENT: usize = 64;

/// A zeroed byte buffer. Allocation is fallible: sizes come from the file, and an
/// impossible one is an error, not an abort.
#[derive(Debug)]
pub(super) enum Arena {
    /// 64-byte-aligned heap (or anonymous) memory.
    Heap(AlignedBuf),
    /// A shared buffer: page-aligned, named by an fd other components can import.
    Shared(SharedBuffer),
}

impl Arena {
    pub(super) fn zeroed(len: usize) -> Result<Arena> {
        Ok(Arena::Heap(AlignedBuf::zeroed(len, ARENA_ALIGNMENT)?))
    }

    /// A zeroed arena from `allocator`, or on the heap when there is none or `len` is 0
    /// (shared allocators refuse empty buffers).
    pub(super) fn zeroed_in(allocator: Option<&dyn SharedAllocator>, len: usize) -> Result<Arena> {
        let Some(allocator) = allocator.filter(|_| len > 0) else {
            return Arena::zeroed(len);
        };
        let mut buffer = allocator.allocate(len)?;
        // A fresh memfd reads as zeros; other kinds (dma-heaps, vendor buffers) promise
        // nothing, and the plan relies on zeroed memory.
        if buffer.kind() != SharedBufferKind::Memfd {
            buffer.as_mut_slice().fill(0);
        }
        Ok(Arena::Shared(buffer))
    }

    pub(super) fn bytes(&self) -> &[u8] {
        match self {
            Arena::Heap(buffer) => buffer.as_slice(),
            Arena::Shared(buffer) => buffer.as_slice(),
        }
    }

    pub(super) fn bytes_mut(&mut self) -> &mut [u8] {
        match self {
            Arena::Heap(buffer) => buffer.as_mut_slice(),
            Arena::Shared(buffer) => buffer.as_mut_slice(),
        }
    }

    /// The fd naming a shared arena, the offset of the arena's first byte in it, and the
    /// allocator's name; `None` on the heap.
    pub(super) fn shared(&self) -> Option<(BorrowedFd<'_>, u64, &str)> {
        match self {
            Arena::Heap(_) => None,
            Arena::Shared(buffer) => Some((buffer.fd(), buffer.offset(), buffer.allocator_name())),
        }
    }
}
