//! The [`DataLoader`] trait and its implementations.
//!
//! | loader | bytes come from | copies | pick it when |
//! |---|---|---|---|
//! | [`MmapLoader`] | a read-only mapping of the whole file | 0 | default |
//! | [`FileLoader`] | `pread` into aligned heap buffers | 1 per load | mappings are unwanted |
//! | [`FdLoader`] | an already-open fd (file or memfd): mapped, else `pread` | 0 or 1 | the caller has an fd |
//! | [`BufferLoader`] | caller bytes (`Arc<[u8]>`) | 0 | bytes are already in memory |
//! | [`SharedLoader`] | chosen [`SegmentKind`](crate::SegmentKind)s in shared buffers, the rest from a base loader | 1 per placed segment | a backend wants fds (dma-buf, memfd) |
//!
//! Every loader checks `offset + size` with overflow-checked arithmetic against
//! [`DataLoader::size`], rejects zero-size loads, and keeps [`LoaderStats`] with atomics.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::segment::{Segment, SegmentInfo};

mod buffer;
mod fd;
mod file;
mod mmap;
mod shared;

pub use buffer::BufferLoader;
pub use fd::FdLoader;
pub use file::{FileLoader, DEFAULT_ALIGNMENT};
pub use mmap::{Advice, MmapLoader, MmapOptions};
pub use shared::SharedLoader;

/// Largest single `pread` (1 GiB): keeps each call well inside the kernel's per-call limit
/// (`0x7ffff000`) and the C++ loader's `INT32_MAX` chunks.
pub const MAX_READ_CHUNK: usize = 1 << 30;

/// Counters a loader keeps about itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LoaderStats {
    /// Bytes handed out by [`DataLoader::load`] without a copy (mapped or caller bytes).
    pub bytes_mapped: u64,
    /// Bytes copied: heap reads, shared-buffer placements and every [`DataLoader::load_into`].
    pub bytes_copied: u64,
    /// Successful `load` and `load_into` calls.
    pub loads: u64,
}

/// A source of program bytes (ExecuTorch's `DataLoader`). Implementations are thread-safe.
pub trait DataLoader: Send + Sync {
    /// Returns `size` bytes at `offset`.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroSizeLoad`] for `size == 0`, [`Error::OutOfBounds`] when
    /// `offset + size` overflows or exceeds [`DataLoader::size`], and I/O or allocation
    /// errors of the particular loader.
    fn load(&self, offset: u64, size: usize, info: &SegmentInfo) -> Result<Segment>;

    /// Copies `dst.len()` bytes at `offset` into `dst` (counted in `bytes_copied`).
    ///
    /// # Errors
    ///
    /// As for [`DataLoader::load`], with `size = dst.len()`.
    fn load_into(&self, offset: u64, dst: &mut [u8], info: &SegmentInfo) -> Result<()>;

    /// Total length of the source in bytes.
    fn size(&self) -> u64;

    /// A snapshot of the loader's counters.
    fn stats(&self) -> LoaderStats;
}

/// A loader behind a smart pointer is a loader.
macro_rules! forward_loader {
    ($($pointer:ident),*) => {$(
        impl<T: DataLoader + ?Sized> DataLoader for $pointer<T> {
            fn load(&self, offset: u64, size: usize, info: &SegmentInfo) -> Result<Segment> {
                (**self).load(offset, size, info)
            }
            fn load_into(&self, offset: u64, dst: &mut [u8], info: &SegmentInfo) -> Result<()> {
                (**self).load_into(offset, dst, info)
            }
            fn size(&self) -> u64 {
                (**self).size()
            }
            fn stats(&self) -> LoaderStats {
                (**self).stats()
            }
        }
    )*};
}

forward_loader!(Arc, Box);

/// Atomic counters behind [`LoaderStats`].
#[derive(Debug, Default)]
pub(crate) struct StatsCounter {
    mapped: AtomicU64,
    copied: AtomicU64,
    loads: AtomicU64,
}

impl StatsCounter {
    pub(crate) fn record_mapped(&self, bytes: usize) {
        self.mapped.fetch_add(bytes as u64, Ordering::Relaxed);
        self.loads.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_copied(&self, bytes: usize) {
        self.copied.fetch_add(bytes as u64, Ordering::Relaxed);
        self.loads.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> LoaderStats {
        LoaderStats {
            bytes_mapped: self.mapped.load(Ordering::Relaxed),
            bytes_copied: self.copied.load(Ordering::Relaxed),
            loads: self.loads.load(Ordering::Relaxed),
        }
    }
}

/// Checks a load of `size` bytes at `offset` against a source of `source_len` bytes and
/// returns the end offset.
pub(crate) fn check_range(offset: u64, size: usize, source_len: u64) -> Result<u64> {
    if size == 0 {
        return Err(Error::ZeroSizeLoad { offset });
    }
    let oob = || Error::OutOfBounds { offset, size, source_len };
    let end = u64::try_from(size).ok().and_then(|s| offset.checked_add(s)).ok_or_else(oob)?;
    if end > source_len {
        return Err(oob());
    }
    Ok(end)
}

/// Converts an in-bounds file offset to an index into an in-memory source.
pub(crate) fn to_index(offset: u64, size: usize, source_len: u64) -> Result<usize> {
    usize::try_from(offset).map_err(|_| Error::OutOfBounds { offset, size, source_len })
}

/// Reads exactly `dst.len()` bytes at `offset` with `pread`, in chunks of at most
/// [`MAX_READ_CHUNK`], retrying `EINTR`. End of file before `dst` is full is
/// [`Error::ShortRead`].
pub(crate) fn pread_exact(file: &File, offset: u64, dst: &mut [u8]) -> Result<()> {
    read_exact_at(|chunk, position| file.read_at(chunk, position), offset, dst, MAX_READ_CHUNK)
}

/// The loop of [`pread_exact`] over any positioned read, so that interrupted, short and
/// chunked reads can be tested without a misbehaving file system.
fn read_exact_at(
    mut read_at: impl FnMut(&mut [u8], u64) -> io::Result<usize>,
    offset: u64,
    dst: &mut [u8],
    max_chunk: usize,
) -> Result<()> {
    let expected = dst.len();
    let mut done = 0usize;
    let mut remaining = dst;
    while !remaining.is_empty() {
        let chunk_len = remaining.len().min(max_chunk.max(1));
        let position = u64::try_from(done)
            .ok()
            .and_then(|d| offset.checked_add(d))
            .ok_or(Error::OutOfBounds { offset, size: expected, source_len: u64::MAX })?;
        let chunk = remaining.get_mut(..chunk_len).unwrap_or_default();
        match read_at(chunk, position) {
            Ok(0) => return Err(Error::ShortRead { offset, expected, read: done }),
            Ok(n) => {
                let n = n.min(chunk_len);
                done += n;
                remaining = std::mem::take(&mut remaining).get_mut(n..).unwrap_or_default();
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(source) => return Err(Error::Read { offset: position, size: chunk_len, source }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_checks() {
        assert_eq!(check_range(0, 10, 10).ok(), Some(10));
        assert_eq!(check_range(9, 1, 10).ok(), Some(10));
        assert!(matches!(check_range(0, 0, 10), Err(Error::ZeroSizeLoad { offset: 0 })));
        assert!(matches!(
            check_range(10, 1, 10),
            Err(Error::OutOfBounds { offset: 10, size: 1, source_len: 10 })
        ));
        assert!(matches!(check_range(u64::MAX, 2, u64::MAX), Err(Error::OutOfBounds { .. })));
        assert!(matches!(check_range(1, usize::MAX, u64::MAX), Err(Error::OutOfBounds { .. })));
    }

    /// A source of `len` bytes (byte `i` is `i % 251`) whose reads misbehave as a
    /// scripted list says: `Err(kind)` fails once, `Ok(n)` returns at most `n` bytes.
    struct Scripted {
        len: u64,
        script: Vec<io::Result<usize>>,
        calls: Vec<(u64, usize)>,
    }

    impl Scripted {
        fn read_at(&mut self, chunk: &mut [u8], position: u64) -> io::Result<usize> {
            self.calls.push((position, chunk.len()));
            let limit = match self.script.pop() {
                Some(Err(e)) => return Err(e),
                Some(Ok(n)) => n,
                None => usize::MAX,
            };
            let available = self.len.saturating_sub(position) as usize;
            let n = chunk.len().min(available).min(limit);
            for (i, byte) in chunk.iter_mut().take(n).enumerate() {
                *byte = ((position + i as u64) % 251) as u8;
            }
            Ok(n)
        }
    }

    fn expected(offset: u64, len: usize) -> Vec<u8> {
        (0..len as u64).map(|i| ((offset + i) % 251) as u8).collect()
    }

    #[test]
    fn reads_retry_interruptions_and_short_reads_in_chunks() {
        // Script is popped from the back: interrupted, then 3 bytes, then interrupted twice.
        let mut source = Scripted {
            len: 1000,
            script: vec![
                Err(io::ErrorKind::Interrupted.into()),
                Err(io::ErrorKind::Interrupted.into()),
                Ok(3),
                Err(io::ErrorKind::Interrupted.into()),
            ],
            calls: Vec::new(),
        };
        let mut dst = vec![0u8; 100];
        read_exact_at(|c, p| source.read_at(c, p), 17, &mut dst, 32).unwrap();
        assert_eq!(dst, expected(17, 100));
        // No read asks for more than the chunk size, and the positions advance by what
        // each read returned.
        assert!(source.calls.iter().all(|&(_, len)| len <= 32), "{:?}", source.calls);
        assert_eq!(source.calls[..5], [(17, 32), (17, 32), (20, 32), (20, 32), (20, 32)]);
        assert_eq!(source.calls.last(), Some(&(116, 1)));
    }

    #[test]
    fn reads_fail_at_end_of_file_and_on_errors() {
        let mut source = Scripted { len: 50, script: Vec::new(), calls: Vec::new() };
        let mut dst = vec![0u8; 40];
        let err = read_exact_at(|c, p| source.read_at(c, p), 30, &mut dst, 16).unwrap_err();
        assert!(matches!(err, Error::ShortRead { offset: 30, expected: 40, read: 20 }), "{err}");

        let mut source = Scripted {
            len: 50,
            script: vec![Err(io::ErrorKind::PermissionDenied.into()), Ok(5)],
            calls: Vec::new(),
        };
        let err = read_exact_at(|c, p| source.read_at(c, p), 0, &mut dst, 16).unwrap_err();
        assert!(matches!(err, Error::Read { offset: 5, size: 16, .. }), "{err}");
    }

    #[test]
    fn stats_counter_counts() {
        let c = StatsCounter::default();
        c.record_mapped(10);
        c.record_copied(3);
        c.record_copied(4);
        assert_eq!(c.snapshot(), LoaderStats { bytes_mapped: 10, bytes_copied: 7, loads: 3 });
    }
}
