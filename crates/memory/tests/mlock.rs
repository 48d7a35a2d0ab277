//! `MmapOptions::mlock` degrades to a warning when the kernel refuses to lock.
//!
//! This test lowers the process's `RLIMIT_MEMLOCK`, so it is a binary of its own: no other
//! test shares the process and sees the lowered limit. Keep it the only test here.
//! Linux only: capabilities are a Linux notion.
#![cfg(any(target_os = "linux", target_os = "android"))]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use std::io::Write;
use std::sync::Mutex;

use pterun_memory::{Advice, DataLoader, MmapLoader, MmapOptions, SegmentInfo};

/// Warnings logged by the loader.
static WARNINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            WARNINGS.lock().unwrap().push(record.args().to_string());
        }
    }

    fn flush(&self) {}
}

/// Writes a line to the real stderr: the test harness captures `eprintln!` of passing
/// tests, and a skipped check must be seen.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn mlock_warnings() -> usize {
    WARNINGS.lock().unwrap().iter().filter(|w| w.contains("mlock")).count()
}

#[test]
fn refused_mlock_leaves_a_working_unlocked_mapping_and_a_warning() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Warn);
    let data: Vec<u8> = (0..64 * 1024u32).map(|i| (i % 253) as u8).collect();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&data).unwrap();
    let options = MmapOptions { advice: Advice::None, mlock: true };

    // With the limit as it is, mlock either succeeds or warns: never both, never neither.
    let loader = MmapLoader::open(file.path(), options).unwrap();
    assert_eq!(loader.mlocked(), mlock_warnings() == 0, "locked xor warned");
    drop(loader);

    // With no lockable memory left, mlock must fail, and the loader still works.
    let before = mlock_warnings();
    let hard = rustix::process::getrlimit(rustix::process::Resource::Memlock).maximum;
    let zero = rustix::process::Rlimit { current: Some(0), maximum: hard };
    rustix::process::setrlimit(rustix::process::Resource::Memlock, zero).unwrap();
    // A thread with CAP_IPC_LOCK (root, usually) ignores the limit: give it up for this
    // thread, which is the one that maps.
    match rustix::thread::capabilities(None) {
        Ok(mut caps) => {
            caps.effective.remove(rustix::thread::CapabilitySet::IPC_LOCK);
            if let Err(e) = rustix::thread::set_capabilities(None, caps) {
                note(&format!("could not drop CAP_IPC_LOCK: {e}"));
            }
        }
        Err(e) => note(&format!("could not read this thread's capabilities: {e}")),
    }
    let loader = MmapLoader::open(file.path(), options).unwrap();
    if loader.mlocked() {
        // Say so rather than pass silently.
        note("SKIPPED the refusal half: mlock succeeded with RLIMIT_MEMLOCK 0");
        assert_eq!(mlock_warnings(), before);
    } else {
        assert_eq!(mlock_warnings(), before + 1, "one warning for the refused mlock");
    }
    let segment = loader.load(4096, 8192, &SegmentInfo::constant(0)).unwrap();
    assert_eq!(segment.as_bytes(), &data[4096..4096 + 8192]);
    assert_eq!(segment.bytes_copied(), 0);
}
