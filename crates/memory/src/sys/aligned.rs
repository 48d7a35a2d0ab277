//! An owned, zero-initialised heap buffer with a caller-chosen alignment.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

use crate::error::{Error, Result};

/// A heap buffer of `len` bytes whose first byte is aligned to `alignment`.
///
/// The memory is zero-initialised at allocation, so every byte is always initialised. It
/// is released when the buffer is dropped.
///
/// Allocations are made with the system allocator's own alignment (16) and the buffer
/// starts at the first suitably aligned byte inside: at that alignment `alloc_zeroed` is
/// `calloc`, which hands out fresh zero pages for large sizes without touching them, while
/// a larger requested alignment makes std allocate and then write every byte (for a 5 MB
/// arena, about 1,200 page faults at method load).
///
/// Buffers of [`MAP_THRESHOLD`] bytes or more (with an alignment a page satisfies) are
/// anonymous private mappings instead: the kernel's zero pages, faulted in when first
/// written, whatever state the heap is in (`calloc` clears memory it reuses from the heap).
pub struct AlignedBuf {
    /// First byte of the buffer; a dangling, well-aligned pointer when `len == 0`.
    ptr: NonNull<u8>,
    len: usize,
    alignment: usize,
    backing: Backing,
}

/// Where the bytes of an [`AlignedBuf`] come from.
enum Backing {
    /// Nothing allocated (`len == 0`).
    Empty,
    /// Allocated with `layout` at `base`.
    Heap { base: NonNull<u8>, layout: Layout },
    /// An anonymous mapping, unmapped when dropped.
    Map(
        #[allow(dead_code, reason = "owned for its Drop; the bytes are reached through `ptr`")]
        memmap2::MmapMut,
    ),
}

/// Size from which buffers are anonymous mappings.
pub const MAP_THRESHOLD: usize = 256 << 10;

/// Alignment every mapping has (the smallest page size of the platforms we build for).
const PAGE_ALIGNMENT: usize = 4096;

/// The alignment `alloc_zeroed` serves through `calloc` on the platforms we build for.
const ALLOCATOR_ALIGNMENT: usize = 16;

// SAFETY: `AlignedBuf` uniquely owns its allocation (like `Box<[u8]>`); shared access only
// hands out `&[u8]` and mutation needs `&mut self`, so it may move and be shared across
// threads.
unsafe impl Send for AlignedBuf {}
// SAFETY: see `Send` above: no interior mutability.
unsafe impl Sync for AlignedBuf {}

impl AlignedBuf {
    /// Allocates `len` zeroed bytes aligned to `alignment`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAlignment`] when `alignment` is zero or not a power of two;
    /// [`Error::Allocation`] when the layout is impossible or the allocator fails.
    pub fn zeroed(len: usize, alignment: usize) -> Result<Self> {
        if alignment == 0 || !alignment.is_power_of_two() {
            return Err(Error::InvalidAlignment(alignment));
        }
        let failed = || Error::Allocation { size: len, alignment };
        if len == 0 {
            // A zero-size buffer never touches the allocator; any non-null, aligned address
            // is a valid start for an empty slice.
            let ptr = NonNull::new(std::ptr::without_provenance_mut::<u8>(alignment))
                .ok_or(Error::InvalidAlignment(alignment))?;
            return Ok(Self { ptr, len, alignment, backing: Backing::Empty });
        }
        if len >= MAP_THRESHOLD && alignment <= PAGE_ALIGNMENT {
            let mut map = memmap2::MmapMut::map_anon(len).map_err(|_| failed())?;
            let ptr = NonNull::new(map.as_mut_ptr()).ok_or_else(failed)?;
            if ptr.as_ptr().align_offset(alignment) != 0 {
                return Err(failed());
            }
            return Ok(Self { ptr, len, alignment, backing: Backing::Map(map) });
        }
        let base_alignment = alignment.min(ALLOCATOR_ALIGNMENT);
        let slack = alignment - base_alignment;
        let size = len.checked_add(slack).ok_or_else(failed)?;
        let layout = Layout::from_size_align(size, base_alignment).map_err(|_| failed())?;
        // SAFETY: `layout` has a non-zero size (`len > 0`), as `alloc_zeroed` requires.
        let raw = unsafe { alloc_zeroed(layout) };
        let base = NonNull::new(raw).ok_or_else(failed)?;
        // `base` is aligned to `base_alignment`, so the next multiple of `alignment` is at
        // most `slack` bytes further, and `len` bytes from there stay inside the allocation.
        let offset = raw.align_offset(alignment);
        if offset > slack {
            // SAFETY: `raw` was just allocated with `layout` and is not used again.
            unsafe { dealloc(raw, layout) };
            return Err(failed());
        }
        // SAFETY: `offset <= slack`, so `raw + offset` is inside the allocation of
        // `len + slack` bytes.
        let ptr = NonNull::new(unsafe { raw.add(offset) }).ok_or_else(failed)?;
        Ok(Self { ptr, len, alignment, backing: Backing::Heap { base, layout } })
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds zero bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The alignment the buffer was allocated with.
    pub fn alignment(&self) -> usize {
        self.alignment
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `ptr` points to `len` initialised bytes (zeroed at allocation, inside the
        // heap allocation or the mapping that `backing` owns; or zero bytes for the
        // dangling empty case), and the returned borrow is tied to `&self`, so no `&mut`
        // can coexist with it. A mapping's address does not change when it moves.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`; `&mut self` guarantees the borrow is unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        if let Backing::Heap { base, layout } = self.backing {
            // SAFETY: `base` was returned by `alloc_zeroed(layout)` in `zeroed` and is
            // freed exactly once, here. (A mapping unmaps itself when dropped.)
            unsafe { dealloc(base.as_ptr(), layout) };
        }
    }
}

impl Deref for AlignedBuf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl DerefMut for AlignedBuf {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.as_mut_slice()
    }
}

impl fmt::Debug for AlignedBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlignedBuf")
            .field("address", &self.ptr.as_ptr())
            .field("len", &self.len())
            .field("alignment", &self.alignment())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignments_are_honoured_and_memory_zeroed() {
        for align in [1usize, 2, 4, 16, 32, 128, 1024, 4096, 65536] {
            for len in [0usize, 1, 7, 4097, MAP_THRESHOLD, MAP_THRESHOLD + 3] {
                let mut buf = AlignedBuf::zeroed(len, align).expect("allocation");
                assert_eq!(buf.len(), len);
                assert_eq!(buf.as_ptr() as usize % align, 0, "align {align} len {len}");
                assert!(buf.iter().all(|&b| b == 0));
                buf.as_mut_slice().fill(0xA5);
                assert!(buf.iter().all(|&b| b == 0xA5));
            }
        }
    }

    #[test]
    fn bad_alignments_are_rejected() {
        for align in [0usize, 3, 5, 17, 100] {
            assert!(matches!(
                AlignedBuf::zeroed(8, align),
                Err(Error::InvalidAlignment(a)) if a == align
            ));
        }
    }

    #[test]
    fn impossible_layout_is_an_error_not_a_panic() {
        assert!(matches!(AlignedBuf::zeroed(usize::MAX - 10, 4096), Err(Error::Allocation { .. })));
    }
}
