//! The crate's error type and its mapping to ExecuTorch error codes.

use std::io;
use std::path::PathBuf;

use pterun_core::ErrorCode;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while loading, mapping or allocating memory.
///
/// Every variant carries the numbers that explain it; [`Error::code`] maps it to the
/// ExecuTorch numeric code the C++ runtime would report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `offset + size` lies past the end of the source (or overflows).
    #[error(
        "load of {size} bytes at offset {offset} is out of bounds of a {source_len}-byte source"
    )]
    OutOfBounds {
        /// Requested start offset.
        offset: u64,
        /// Requested length.
        size: usize,
        /// Length of the source.
        source_len: u64,
    },
    /// A load of zero bytes was requested.
    #[error("zero-size load at offset {offset}")]
    ZeroSizeLoad {
        /// Requested start offset.
        offset: u64,
    },
    /// A sub-range of a segment does not fit inside it.
    #[error("slice {start}..{end} is out of bounds of a {len}-byte segment")]
    SliceOutOfBounds {
        /// Start of the requested range.
        start: usize,
        /// End of the requested range (exclusive); `usize::MAX` when it overflowed.
        end: usize,
        /// Length of the segment.
        len: usize,
    },
    /// An alignment that is zero or not a power of two.
    #[error("invalid alignment {0}: must be a non-zero power of two")]
    InvalidAlignment(usize),
    /// A size that does not fit the address space or a 32/64-bit interface.
    #[error("{what} of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// The size found.
        size: u64,
        /// The largest size accepted.
        limit: u64,
    },
    /// Opening a file or device failed.
    #[error("cannot open {}", path.display())]
    Open {
        /// The path that was opened.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// `fstat` or another metadata query on an open file failed.
    #[error("cannot query file metadata")]
    Stat {
        /// The OS error.
        source: io::Error,
    },
    /// A `pread` failed.
    #[error("read of {size} bytes at offset {offset} failed")]
    Read {
        /// File offset of the failing read.
        offset: u64,
        /// Length of the failing read.
        size: usize,
        /// The OS error.
        source: io::Error,
    },
    /// The file ended before the requested range was read (it shrank after it was opened).
    #[error("short read at offset {offset}: wanted {expected} bytes, got {read}")]
    ShortRead {
        /// Start offset of the load.
        offset: u64,
        /// Bytes requested.
        expected: usize,
        /// Bytes read before end of file.
        read: usize,
    },
    /// `mmap` (or `mlock`/`madvise` where they are mandatory) failed.
    #[error("cannot map {len} bytes at offset {offset}")]
    Map {
        /// Offset of the mapping in the file.
        offset: u64,
        /// Length of the mapping.
        len: usize,
        /// The OS error.
        source: io::Error,
    },
    /// A heap allocation failed (or its layout was impossible).
    #[error("cannot allocate {size} bytes aligned to {alignment}")]
    Allocation {
        /// Requested size.
        size: usize,
        /// Requested alignment.
        alignment: usize,
    },
    /// A shared buffer of zero bytes was requested.
    #[error("zero-size shared buffer requested from {allocator}")]
    ZeroSizeAllocation {
        /// Name of the allocator.
        allocator: String,
    },
    /// A shared-memory allocator failed at one of its steps.
    #[error("{allocator}: {operation} failed for {len} bytes")]
    SharedAllocation {
        /// Name of the allocator.
        allocator: String,
        /// The failing step (`memfd_create`, `ftruncate`, `DMA_HEAP_IOCTL_ALLOC`, `mmap`...).
        operation: &'static str,
        /// Requested length.
        len: usize,
        /// The OS error.
        source: io::Error,
    },
    /// The shared-memory facility does not exist on this machine (for example no
    /// `/dev/dma_heap/<name>`).
    #[error("shared memory unavailable: {}", path.display())]
    SharedMemoryUnavailable {
        /// The device or facility path that was probed.
        path: PathBuf,
        /// The OS error that showed it missing.
        source: io::Error,
    },
    /// A dma-heap name that is empty or contains a path separator.
    #[error("invalid dma-heap name {name:?}")]
    InvalidHeapName {
        /// The rejected name.
        name: String,
    },
    /// Adding seals to a memfd failed.
    #[error("cannot seal shared buffer")]
    Seal {
        /// The OS error.
        source: io::Error,
    },
    /// `DMA_BUF_IOCTL_SYNC` failed.
    #[error("dma-buf cpu access sync failed")]
    Sync {
        /// The OS error.
        source: io::Error,
    },
    /// A buffer overlaps one already registered in a [`crate::BufferRegistry`].
    #[error("buffer at {address:#x} (+{len}) overlaps a registered buffer")]
    RegistryOverlap {
        /// Start address of the rejected buffer.
        address: usize,
        /// Its length.
        len: usize,
    },
    /// A null or otherwise invalid vendor buffer.
    #[error("invalid vendor buffer: {reason}")]
    InvalidVendorBuffer {
        /// What was wrong.
        reason: &'static str,
    },
    /// The operation is not supported for this source or buffer.
    #[error("not supported: {what}")]
    Unsupported {
        /// What was attempted.
        what: &'static str,
    },
}

impl Error {
    /// The ExecuTorch error code for this error.
    ///
    /// Open failures map to `AccessFailed`, like the C++ `FileDataLoader`, whatever the
    /// OS reason.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::OutOfBounds { .. }
            | Error::ZeroSizeLoad { .. }
            | Error::SliceOutOfBounds { .. }
            | Error::InvalidAlignment(_)
            | Error::TooLarge { .. }
            | Error::ZeroSizeAllocation { .. }
            | Error::InvalidHeapName { .. }
            | Error::RegistryOverlap { .. }
            | Error::InvalidVendorBuffer { .. } => ErrorCode::InvalidArgument,
            Error::Open { .. }
            | Error::Stat { .. }
            | Error::Read { .. }
            | Error::ShortRead { .. }
            | Error::Map { .. }
            | Error::Seal { .. }
            | Error::Sync { .. } => ErrorCode::AccessFailed,
            Error::Allocation { .. } | Error::SharedAllocation { .. } => {
                ErrorCode::MemoryAllocationFailed
            }
            Error::SharedMemoryUnavailable { .. } | Error::Unsupported { .. } => {
                ErrorCode::NotSupported
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_executorch() {
        let oob = Error::OutOfBounds { offset: 1, size: 2, source_len: 2 };
        assert_eq!(oob.code(), ErrorCode::InvalidArgument);
        assert_eq!(Error::ZeroSizeLoad { offset: 0 }.code(), ErrorCode::InvalidArgument);
        assert_eq!(Error::InvalidAlignment(3).code(), ErrorCode::InvalidArgument);
        let open =
            Error::Open { path: "/x".into(), source: io::Error::from(io::ErrorKind::NotFound) };
        assert_eq!(open.code(), ErrorCode::AccessFailed);
        assert!(open.to_string().contains("/x"));
        assert_eq!(
            Error::ShortRead { offset: 0, expected: 2, read: 1 }.code(),
            ErrorCode::AccessFailed
        );
        assert_eq!(
            Error::Allocation { size: 1, alignment: 1 }.code(),
            ErrorCode::MemoryAllocationFailed
        );
        let unavailable = Error::SharedMemoryUnavailable {
            path: "/dev/dma_heap/system".into(),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(unavailable.code(), ErrorCode::NotSupported);
        assert!(unavailable.to_string().contains("/dev/dma_heap/system"));
    }

    #[test]
    fn io_sources_are_exposed() {
        use std::error::Error as _;
        let read = Error::Read {
            offset: 4,
            size: 8,
            source: io::Error::from(io::ErrorKind::UnexpectedEof),
        };
        assert!(read.source().is_some());
        assert_eq!(read.to_string(), "read of 8 bytes at offset 4 failed");
        assert_eq!(read.source().map(|s| s.to_string()).as_deref(), Some("unexpected end of file"));
    }
}
