//! [`FileLoader`]: `pread` into aligned heap buffers.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{check_range, pread_exact, DataLoader, LoaderStats, StatsCounter};
use crate::error::{Error, Result};
use crate::segment::{Segment, SegmentInfo};
use crate::sys::aligned::AlignedBuf;

/// Default alignment of [`FileLoader`] buffers (`alignof(max_align_t)`, as in ExecuTorch).
pub const DEFAULT_ALIGNMENT: usize = 16;

/// Reads each load with `pread` into a fresh heap buffer aligned to the loader's
/// alignment ([`Provenance::Heap`](crate::Provenance), one copy per load).
///
/// Pick it when mappings are unwanted (files that may change under the process, or a
/// policy against `SIGBUS`). Reads go in chunks of at most
/// [`MAX_READ_CHUNK`](crate::MAX_READ_CHUNK), retry `EINTR`, and a file that ends early
/// yields [`Error::ShortRead`].
#[derive(Debug)]
pub struct FileLoader {
    file: Arc<File>,
    path: Option<PathBuf>,
    size: u64,
    alignment: usize,
    stats: StatsCounter,
}

impl FileLoader {
    /// Opens `path`; every load returns a buffer aligned to `alignment`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAlignment`] when `alignment` is zero or not a power of two (checked
    /// first), [`Error::Open`] naming the path, [`Error::Stat`].
    pub fn open(path: impl AsRef<Path>, alignment: usize) -> Result<Self> {
        check_alignment(alignment)?;
        let path = path.as_ref();
        let file =
            File::open(path).map_err(|source| Error::Open { path: path.to_path_buf(), source })?;
        let size = file.metadata().map_err(|source| Error::Stat { source })?.len();
        let mut loader = Self::from_shared_file(Arc::new(file), size, alignment)?;
        loader.path = Some(path.to_path_buf());
        Ok(loader)
    }

    pub(crate) fn from_shared_file(file: Arc<File>, size: u64, alignment: usize) -> Result<Self> {
        check_alignment(alignment)?;
        Ok(Self { file, path: None, size, alignment, stats: StatsCounter::default() })
    }

    /// The alignment of returned buffers.
    pub fn alignment(&self) -> usize {
        self.alignment
    }

    /// The path the loader was opened from (`None` when built from an fd).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

fn check_alignment(alignment: usize) -> Result<()> {
    if alignment == 0 || !alignment.is_power_of_two() {
        return Err(Error::InvalidAlignment(alignment));
    }
    Ok(())
}

impl DataLoader for FileLoader {
    fn load(&self, offset: u64, size: usize, _info: &SegmentInfo) -> Result<Segment> {
        check_range(offset, size, self.size)?;
        let mut buf = AlignedBuf::zeroed(size, self.alignment)?;
        pread_exact(&self.file, offset, buf.as_mut_slice())?;
        self.stats.record_copied(size);
        Ok(Segment::heap(buf))
    }

    fn load_into(&self, offset: u64, dst: &mut [u8], _info: &SegmentInfo) -> Result<()> {
        check_range(offset, dst.len(), self.size)?;
        pread_exact(&self.file, offset, dst)?;
        self.stats.record_copied(dst.len());
        Ok(())
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn stats(&self) -> LoaderStats {
        self.stats.snapshot()
    }
}
