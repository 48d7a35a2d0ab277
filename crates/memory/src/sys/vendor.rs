//! Memory owned by a vendor library, described by a pointer, a length, an fd and a
//! release callback.

use std::os::fd::{BorrowedFd, RawFd};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use crate::error::{Error, Result};
use crate::shm::SharedBuffer;

/// The callback that gives a vendor buffer back to its owner.
pub(crate) type Release = Box<dyn FnOnce() + Send + Sync>;

/// A vendor buffer: `len` bytes at `ptr`, backed by `fd`, released by `release` on drop.
pub(crate) struct VendorRegion {
    ptr: NonNull<u8>,
    len: usize,
    fd: RawFd,
    release: Option<Release>,
}

// SAFETY: the contract of `VendorRegion::new` makes the region exclusively owned by this
// value until `release` runs (like a `Box<[u8]>`), and the callback itself is
// `Send + Sync`; shared access hands out `&[u8]` only.
unsafe impl Send for VendorRegion {}
// SAFETY: see `Send` above: no interior mutability.
unsafe impl Sync for VendorRegion {}

impl VendorRegion {
    /// Wraps a vendor buffer.
    ///
    /// # Safety
    ///
    /// Until `release` has been called:
    /// * `ptr` must be valid for reads and writes of `len` bytes, initialised, and not
    ///   accessed through any other pointer while this value may hand out `&mut [u8]`;
    /// * `fd` must be an open file descriptor backing that memory.
    ///
    /// `release` must free the buffer (and may close `fd`); it is called exactly once,
    /// when this value is dropped.
    pub(crate) unsafe fn new(ptr: NonNull<u8>, len: usize, fd: RawFd, release: Release) -> Self {
        Self { ptr, len, fd, release: Some(release) }
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        // SAFETY: `new`'s contract: `ptr` is valid and initialised for `len` bytes until
        // `release` runs, which only happens in `drop`, after every borrow of `self` ended.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`; `&mut self` makes the borrow unique and `new`'s contract
        // excludes other aliases.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        // SAFETY: `new`'s contract keeps `fd` open until `release` runs in `drop`; the
        // borrow is tied to `&self`, so it cannot outlive that.
        unsafe { BorrowedFd::borrow_raw(self.fd) }
    }
}

impl SharedBuffer {
    /// Wraps a buffer owned by a vendor library (for example an ENN buffer: base address,
    /// fd, and the offset of the memory in that fd). `release` is called exactly once, when
    /// the `SharedBuffer` is dropped (a panic in it is contained and logged).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidVendorBuffer`] for a null `ptr`, a zero `len` or a negative `fd`;
    /// `release` is then dropped without being called.
    ///
    /// # Safety
    ///
    /// Until `release` has been called:
    /// * `ptr` must be valid for reads and writes of `len` initialised bytes, and not be
    ///   accessed through other pointers while [`SharedBuffer::as_mut_slice`] may be used;
    /// * `fd` must stay open and refer to the memory (at `offset`).
    ///
    /// `release` must free the buffer; it may close `fd`.
    pub unsafe fn from_vendor(
        ptr: *mut u8,
        len: usize,
        fd: RawFd,
        offset: u64,
        allocator: &str,
        release: Box<dyn FnOnce() + Send + Sync>,
    ) -> Result<Self> {
        let ptr = NonNull::new(ptr).ok_or(Error::InvalidVendorBuffer { reason: "null pointer" })?;
        if len == 0 {
            return Err(Error::InvalidVendorBuffer { reason: "zero length" });
        }
        if fd < 0 {
            return Err(Error::InvalidVendorBuffer { reason: "negative file descriptor" });
        }
        // SAFETY: forwarded verbatim from this function's own `# Safety` contract, which
        // is the contract of `VendorRegion::new` (null, zero length and
        // negative fds were rejected above).
        let region = unsafe { VendorRegion::new(ptr, len, fd, release) };
        Ok(SharedBuffer::from_vendor_region(region, offset, allocator))
    }
}

impl Drop for VendorRegion {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            // Drop must not panic: a panicking vendor callback is contained and logged.
            if catch_unwind(AssertUnwindSafe(release)).is_err() {
                log::error!("vendor buffer release callback panicked; the panic was contained");
            }
        }
    }
}
