//! [`FdLoader`]: loads from an already-open file descriptor.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::os::fd::OwnedFd;
use std::sync::Arc;

use rustix::fs::FileType;

use super::{DataLoader, FileLoader, LoaderStats, MmapLoader, MmapOptions, DEFAULT_ALIGNMENT};
use crate::error::{Error, Result};
use crate::segment::{Segment, SegmentInfo};

#[derive(Debug)]
enum Inner {
    Mapped(MmapLoader),
    Read(FileLoader),
}

/// A loader over any file descriptor it takes ownership of (a regular file, a memfd, a
/// block device...).
///
/// A regular file (memfds are regular files) of non-zero size is mapped like
/// [`MmapLoader`] (same zero-copy segments and same "# File mutation" contract); anything
/// else, or a file whose mapping fails, is read with `pread` into heap buffers like
/// [`FileLoader`]. The size comes from `fstat` (or `lseek(SEEK_END)` for non-regular
/// files). [`FdLoader::is_mapped`] tells which path was taken.
#[derive(Debug)]
pub struct FdLoader {
    inner: Inner,
}

impl FdLoader {
    /// A loader over `fd` with default options (no advice, no mlock, pread alignment
    /// [`DEFAULT_ALIGNMENT`]).
    ///
    /// # Errors
    ///
    /// [`Error::Stat`] when `fstat` fails, [`Error::Unsupported`] when a non-regular fd
    /// cannot report its size (a pipe or socket).
    pub fn new(fd: OwnedFd) -> Result<Self> {
        Self::with_options(fd, MmapOptions::default(), DEFAULT_ALIGNMENT)
    }

    /// A loader over `fd`, mapped with `options` when mappable, else reading into buffers
    /// aligned to `alignment`.
    ///
    /// # Errors
    ///
    /// As [`FdLoader::new`], plus [`Error::InvalidAlignment`].
    pub fn with_options(fd: OwnedFd, options: MmapOptions, alignment: usize) -> Result<Self> {
        if alignment == 0 || !alignment.is_power_of_two() {
            return Err(Error::InvalidAlignment(alignment));
        }
        let stat = rustix::fs::fstat(&fd).map_err(|e| Error::Stat { source: e.into() })?;
        let regular = FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile;
        let file = Arc::new(File::from(fd));
        if regular {
            let size = u64::try_from(stat.st_size).map_err(|_| Error::Stat {
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, "negative size"),
            })?;
            let map = |file| MmapLoader::from_shared_file(file, size, options);
            return Ok(Self { inner: map_or_read(file, size, alignment, map)? });
        }
        let size = (&*file).seek(SeekFrom::End(0)).map_err(|_| Error::Unsupported {
            what: "a file descriptor whose size cannot be determined (pipe or socket)",
        })?;
        let loader = FileLoader::from_shared_file(file, size, alignment)?;
        Ok(Self { inner: Inner::Read(loader) })
    }

    /// Whether loads are served from a mapping (zero copy) rather than `pread`.
    pub fn is_mapped(&self) -> bool {
        matches!(self.inner, Inner::Mapped(_))
    }

    fn loader(&self) -> &dyn DataLoader {
        match &self.inner {
            Inner::Mapped(l) => l,
            Inner::Read(l) => l,
        }
    }
}

/// Maps a regular file with `map`; when that fails, reads it with `pread` instead.
fn map_or_read(
    file: Arc<File>,
    size: u64,
    alignment: usize,
    map: impl FnOnce(Arc<File>) -> Result<MmapLoader>,
) -> Result<Inner> {
    match map(Arc::clone(&file)) {
        Ok(loader) => Ok(Inner::Mapped(loader)),
        Err(e) => {
            log::warn!("cannot map fd ({e}); falling back to pread");
            Ok(Inner::Read(FileLoader::from_shared_file(file, size, alignment)?))
        }
    }
}

impl DataLoader for FdLoader {
    fn load(&self, offset: u64, size: usize, info: &SegmentInfo) -> Result<Segment> {
        self.loader().load(offset, size, info)
    }

    fn load_into(&self, offset: u64, dst: &mut [u8], info: &SegmentInfo) -> Result<()> {
        self.loader().load_into(offset, dst, info)
    }

    fn size(&self) -> u64 {
        self.loader().size()
    }

    fn stats(&self) -> LoaderStats {
        self.loader().stats()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_regular_file_that_cannot_be_mapped_is_read() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 241) as u8).collect();
        let mut tmp = tempfile::tempfile().unwrap();
        tmp.write_all(&data).unwrap();
        let refuse = |_| Err(Error::Unsupported { what: "mapping (refused by the test)" });
        let inner = map_or_read(Arc::new(tmp), data.len() as u64, 64, refuse).unwrap();
        let loader = FdLoader { inner };
        assert!(!loader.is_mapped());
        let segment = loader.load(1000, 5000, &SegmentInfo::constant(0)).unwrap();
        assert_eq!(segment.as_bytes(), &data[1000..6000]);
        assert!(segment.is_aligned_to(64));
        assert_eq!(segment.bytes_copied(), 5000);
        assert_eq!(loader.stats().bytes_copied, 5000);
        assert_eq!(loader.stats().bytes_mapped, 0);
    }
}
