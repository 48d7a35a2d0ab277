//! How many threads kernels may use.
//!
//! One process-wide setting, read by kernels that split work (matrix products,
//! convolutions). The default is the number of available cores; `pterun run --threads N`
//! and library users lower it with [`set_num_threads`].

use std::sync::atomic::{AtomicUsize, Ordering};

static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets the number of threads kernels may use (at least 1).
pub fn set_num_threads(threads: usize) -> Result<(), String> {
    if threads == 0 {
        return Err("the thread count must be at least 1".to_string());
    }
    THREADS.store(threads, Ordering::Relaxed);
    Ok(())
}

/// The number of threads kernels may use.
pub fn num_threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}
