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
            match MmapLoader::from_shared_file(Arc::clone(&file), size, options) {
                Ok(loader) => return Ok(Self { inner: Inner::Mapped(loader) }),
                Err(e) => log::warn!("cannot map fd ({e}); falling back to pread"),
            }
            let loader = FileLoader::from_shared_file(file, size, alignment)?;
            return Ok(Self { inner: Inner::Read(loader) });
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
