//! An owned, zero-initialised heap buffer with a caller-chosen alignment.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

use crate::error::{Error, Result};

/// A heap buffer of `len` bytes whose first byte is aligned to `alignment`.
///
/// The memory is zero-initialised at allocation (`alloc_zeroed`, which the allocator turns
/// into fresh zero pages for large sizes), so every byte is always initialised. It is
/// released when the buffer is dropped.
pub struct AlignedBuf {
    /// Start of the allocation; a dangling, well-aligned pointer when `layout.size() == 0`.
    ptr: NonNull<u8>,
    /// The layout it was allocated with (size and alignment).
    layout: Layout,
}

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
        let layout = Layout::from_size_align(len, alignment)
            .map_err(|_| Error::Allocation { size: len, alignment })?;
        if len == 0 {
            // A zero-size buffer never touches the allocator; any non-null, aligned address
            // is a valid start for an empty slice.
            let ptr = NonNull::new(std::ptr::without_provenance_mut::<u8>(alignment))
                .ok_or(Error::InvalidAlignment(alignment))?;
            return Ok(Self { ptr, layout });
        }
        // SAFETY: `layout` has a non-zero size (checked just above), as `alloc_zeroed`
        // requires.
        let raw = unsafe { alloc_zeroed(layout) };
        let ptr = NonNull::new(raw).ok_or(Error::Allocation { size: len, alignment })?;
        Ok(Self { ptr, layout })
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.layout.size()
    }

    /// Whether the buffer holds zero bytes.
    pub fn is_empty(&self) -> bool {
        self.layout.size() == 0
    }

    /// The alignment the buffer was allocated with.
    pub fn alignment(&self) -> usize {
        self.layout.align()
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `ptr` points to `layout.size()` initialised bytes (zeroed at allocation,
        // or zero bytes for the dangling empty case) owned by `self`, and the returned
        // borrow is tied to `&self`, so no `&mut` can coexist with it.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.layout.size()) }
    }

    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`; `&mut self` guarantees the borrow is unique.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.layout.size()) }
    }
}

impl Drop for AlignedBuf {
    fn drop(&mut self) {
        if self.layout.size() != 0 {
            // SAFETY: `ptr` was returned by `alloc_zeroed(self.layout)` in `zeroed` (the
            // only constructor for non-empty buffers) and is freed exactly once, here.
            unsafe { dealloc(self.ptr.as_ptr(), self.layout) };
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
            for len in [0usize, 1, 7, 4097] {
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
