//! Opening files with the data loader the user chose.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use pterun_memory::{
    default_allocator, DataLoader, FileLoader, MmapLoader, MmapOptions, Segment, SegmentInfo,
    SegmentKind, SharedAllocator, SharedLoader,
};

use crate::LoaderChoice;

/// Alignment of heap buffers in pread mode: enough for any tensor type and cache lines.
pub const HEAP_ALIGNMENT: usize = 64;

/// Opens `path` with the chosen loader.
pub fn loader(path: &Path, choice: LoaderChoice) -> anyhow::Result<Arc<dyn DataLoader>> {
    loader_with(path, choice, None)
}

/// Opens `path` with the chosen loader; `shared` is the allocator for `--loader shared`
/// (the default shared allocator when `None`).
pub fn loader_with(
    path: &Path,
    choice: LoaderChoice,
    shared: Option<Arc<dyn SharedAllocator>>,
) -> anyhow::Result<Arc<dyn DataLoader>> {
    Ok(match choice {
        LoaderChoice::Mmap => {
            Arc::new(MmapLoader::open(path, MmapOptions::default()).context("cannot map the file")?)
        }
        LoaderChoice::Shared => {
            let base: Arc<dyn DataLoader> = Arc::new(
                MmapLoader::open(path, MmapOptions::default()).context("cannot map the file")?,
            );
            let allocator = shared.unwrap_or_else(default_allocator);
            // Only blobs a device opens from an fd gain from shared memory; CPU backends'
            // blobs stay mapped.
            Arc::new(
                SharedLoader::new(base, allocator, SegmentKind::Backend, None)
                    .only_backends([pterun_enn::BACKEND_NAME]),
            )
        }
        LoaderChoice::File => Arc::new(
            FileLoader::open(path, HEAP_ALIGNMENT).context("cannot open the file for reading")?,
        ),
    })
}

/// Loads a whole file as one segment (zero-copy when mapped).
pub fn whole_file(loader: &dyn DataLoader, path: &Path) -> anyhow::Result<Segment> {
    let size = usize::try_from(loader.size()).context("file does not fit in memory")?;
    anyhow::ensure!(size > 0, "{} is empty", path.display());
    loader
        .load(0, size, &SegmentInfo::program())
        .with_context(|| format!("cannot load {}", path.display()))
}
