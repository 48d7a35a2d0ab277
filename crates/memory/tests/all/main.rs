//! Integration tests of pterun-memory (one binary, as the workspace style asks).
#![allow(clippy::unwrap_used, reason = "tests fail loudly on unexpected errors")]

mod loaders;
mod registry;
mod shm;

use std::io::Write;

use tempfile::NamedTempFile;

/// Alignments the loader tests exercise.
pub const ALIGNMENTS: [usize; 6] = [1, 4, 16, 32, 128, 1024];

/// Deterministic, non-repeating-looking bytes: a file whose every load can be checked.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) ^ (i >> 8).wrapping_mul(7) ^ 0x5a) as u8).collect()
}

/// A temporary file holding `pattern(len)`.
pub fn patterned_file(len: usize) -> (NamedTempFile, Vec<u8>) {
    let data = pattern(len);
    let mut file = NamedTempFile::new().unwrap();
    file.write_all(&data).unwrap();
    file.flush().unwrap();
    (file, data)
}

/// Whether `/proc/self/fd/<raw>` currently names something containing `needle`.
pub fn fd_names(raw: i32, needle: &str) -> bool {
    std::fs::read_link(format!("/proc/self/fd/{raw}"))
        .map(|target| target.to_string_lossy().contains(needle))
        .unwrap_or(false)
}

/// Whether `/proc/self/maps` mentions `needle`.
pub fn maps_mention(needle: &str) -> bool {
    std::fs::read_to_string("/proc/self/maps").unwrap().contains(needle)
}

/// A label unique to this process and call, for memfd names.
pub fn unique_label(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}
