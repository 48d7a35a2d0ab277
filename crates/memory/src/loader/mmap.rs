//! [`MmapLoader`]: zero-copy loads from a read-only mapping of the whole file.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memmap2::Mmap;

use super::{check_range, to_index, DataLoader, LoaderStats, StatsCounter};
use crate::error::{Error, Result};
use crate::segment::{Segment, SegmentInfo};
use crate::sys::map::map_read_only;

/// Paging advice applied to the whole mapping at open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Advice {
    /// No advice: pages fault in on first touch.
    #[default]
    None,
    /// `madvise(MADV_WILLNEED)`: start reading ahead asynchronously. A failure is logged.
    WillNeed,
    /// `MAP_POPULATE`: fault every page in during `open` (slower open, no later faults).
    Populate,
}

/// Options of [`MmapLoader::open`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MmapOptions {
    /// Paging advice.
    pub advice: Advice,
    /// Lock the mapping in RAM (`mlock`). A failure (for example `RLIMIT_MEMLOCK`) is
    /// logged and reported by [`MmapLoader::mlocked`], never an error.
    pub mlock: bool,
}

/// The default loader: maps the whole file once, read-only, and hands out zero-copy
/// sub-segments that share the mapping ([`Provenance::MappedFile`](crate::Provenance)
/// with the file and the absolute offset, so a backend can reopen the bytes from
/// fd + offset).
///
/// Segments at file offset 0 start on a page boundary; a segment at offset `o` is at
/// `mapping + o`, so it is as aligned as the file layout makes it.
///
/// [`LoaderStats::bytes_mapped`] counts the bytes handed out by [`DataLoader::load`] (not the
/// size of the mapping); `bytes_copied` counts [`DataLoader::load_into`] copies.
///
/// # File mutation
///
/// The mapping reflects the file: modifying it while loaded changes the bytes seen by
/// segments, and truncating it makes access to the lost pages raise `SIGBUS`. As with
/// ExecuTorch's `MmapDataLoader`, do not modify a model file while it is loaded; use
/// [`FileLoader`](crate::FileLoader) when that cannot be guaranteed.
///
/// An empty file has no mapping (mapping 0 bytes fails): the loader has size 0 and every
/// load fails with [`Error::ZeroSizeLoad`] or [`Error::OutOfBounds`].
#[derive(Debug)]
pub struct MmapLoader {
    file: Arc<File>,
    map: Option<Arc<Mmap>>,
    size: u64,
    path: Option<PathBuf>,
    mlocked: bool,
    stats: StatsCounter,
}

impl MmapLoader {
    /// Opens and maps `path`.
    ///
    /// # Errors
    ///
    /// [`Error::Open`] (naming the path) when it cannot be opened, [`Error::Stat`],
    /// [`Error::TooLarge`] when the file exceeds the address space, [`Error::Map`].
    pub fn open(path: impl AsRef<Path>, options: MmapOptions) -> Result<Self> {
        let path = path.as_ref();
        let file =
            File::open(path).map_err(|source| Error::Open { path: path.to_path_buf(), source })?;
        let size = file.metadata().map_err(|source| Error::Stat { source })?.len();
        let mut loader = Self::from_shared_file(Arc::new(file), size, options)?;
        loader.path = Some(path.to_path_buf());
        Ok(loader)
    }

    /// Maps the first `size` bytes of an open file.
    pub(crate) fn from_shared_file(
        file: Arc<File>,
        size: u64,
        options: MmapOptions,
    ) -> Result<Self> {
        let len = usize::try_from(size)
            .ok()
            .filter(|&l| l <= isize::MAX as usize)
            .ok_or(Error::TooLarge { what: "mapped file", size, limit: isize::MAX as u64 })?;
        let mut mlocked = false;
        let map = if len == 0 {
            None
        } else {
            let map = map_read_only(&file, len, options.advice == Advice::Populate)
                .map_err(|source| Error::Map { offset: 0, len, source })?;
            if options.advice == Advice::WillNeed {
                if let Err(e) = map.advise(memmap2::Advice::WillNeed) {
                    log::warn!("madvise(WILLNEED) on a {len}-byte mapping failed: {e}");
                }
            }
            if options.mlock {
                match map.lock() {
                    Ok(()) => mlocked = true,
                    Err(e) => log::warn!(
                        "mlock of a {len}-byte mapping failed ({e}); continuing unlocked"
                    ),
                }
            }
            Some(Arc::new(map))
        };
        Ok(Self { file, map, size, path: None, mlocked, stats: StatsCounter::default() })
    }

    /// Whether `mlock` was requested and succeeded.
    pub fn mlocked(&self) -> bool {
        self.mlocked
    }

    /// The path the loader was opened from (`None` when built from an fd).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The mapped file.
    pub fn file(&self) -> &Arc<File> {
        &self.file
    }

    /// The whole mapping (empty for an empty file).
    pub fn as_bytes(&self) -> &[u8] {
        self.map.as_deref().map_or(&[], |m| &m[..])
    }

    fn bytes(&self, offset: u64, size: usize) -> Result<(&Arc<Mmap>, usize)> {
        let end = check_range(offset, size, self.size)?;
        let oob = || Error::OutOfBounds { offset, size, source_len: self.size };
        let map = self.map.as_ref().ok_or_else(oob)?;
        let start = to_index(offset, size, self.size)?;
        if end > map.len() as u64 {
            return Err(oob());
        }
        Ok((map, start))
    }
}

impl DataLoader for MmapLoader {
    fn load(&self, offset: u64, size: usize, _info: &SegmentInfo) -> Result<Segment> {
        let (map, start) = self.bytes(offset, size)?;
        let segment = Segment::mapped(Arc::clone(map), Arc::clone(&self.file), start, size);
        self.stats.record_mapped(size);
        Ok(segment)
    }

    fn load_into(&self, offset: u64, dst: &mut [u8], _info: &SegmentInfo) -> Result<()> {
        let size = dst.len();
        let (map, start) = self.bytes(offset, size)?;
        let src = map.get(start..start.saturating_add(size)).ok_or(Error::OutOfBounds {
            offset,
            size,
            source_len: self.size,
        })?;
        dst.copy_from_slice(src);
        self.stats.record_copied(size);
        Ok(())
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn stats(&self) -> LoaderStats {
        self.stats.snapshot()
    }
}
