//! Opening files with the data loader the user chose, for the subcommands that read a
//! file's bytes rather than run it (`inspect`, `load-bench`).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use pterun::internal::memory::{DataLoader, Segment, SegmentInfo};

use crate::LoaderChoice;

/// Opens `path` with the chosen loader.
pub fn loader(path: &Path, choice: LoaderChoice) -> anyhow::Result<Arc<dyn DataLoader>> {
    let what = match choice {
        LoaderChoice::Mmap | LoaderChoice::Shared => "cannot map the file",
        LoaderChoice::File => "cannot open the file for reading",
    };
    choice.loader().open(path).map_err(|e| crate::coded(&e, e.code())).context(what)
}

/// Loads a whole file as one segment (zero-copy when mapped).
pub fn whole_file(loader: &dyn DataLoader, path: &Path) -> anyhow::Result<Segment> {
    let size = usize::try_from(loader.size()).context("file does not fit in memory")?;
    anyhow::ensure!(size > 0, "{} is empty", path.display());
    loader
        .load(0, size, &SegmentInfo::program())
        .with_context(|| format!("cannot load {}", path.display()))
}
