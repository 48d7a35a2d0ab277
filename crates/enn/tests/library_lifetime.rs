//! The vendor library stays loaded for the life of the process once opened: after the last
//! model, buffer and backend are gone its mappings are still in `/proc/self/maps`, and a
//! second program in the same process reuses the same loaded library (its global state
//! survives). A separate test binary, so a fresh process that has not loaded it before.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::Arc;

use common::{assert_linear_output, backend, emu_path, linear_pte, run_linear, Emu};
use pterun_enn::{EnnContext, EnnLibrary, OpenPolicy};
use pterun_memory::{BufferLoader, DataLoader, SegmentInfo};
use pterun_runtime::{Backend, InitContext};

/// Lines of `/proc/self/maps` naming the software library's file.
fn mappings_of(path: &std::path::Path) -> usize {
    let path = std::fs::canonicalize(path).unwrap();
    let path = path.to_str().unwrap();
    std::fs::read_to_string("/proc/self/maps")
        .unwrap()
        .lines()
        .filter(|l| l.ends_with(path))
        .count()
}

/// Opens `linear` through a fresh backend, runs it, drops everything; the library's address.
fn one_program() -> usize {
    let ctx = InitContext { method: "forward", delegate_index: 0 };
    let bytes = linear_pte();
    let len = bytes.len();
    let blob =
        BufferLoader::new(bytes).load(0, len, &SegmentInfo::backend(0, "EnnBackend")).unwrap();
    let backend = backend(OpenPolicy::Auto);
    let library = Arc::as_ptr(backend.library().unwrap()) as usize;
    let mut delegate = backend.init(&ctx, blob, &[]).unwrap();
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);
    drop(backend);
    library
}

#[test]
fn the_library_outlives_its_last_model_and_is_reused() {
    let path = emu_path();
    assert_eq!(mappings_of(path), 0, "the library is not loaded before the first program");
    let first = one_program();
    assert!(EnnContext::current().is_none(), "the context ended with the last model");
    let mapped = mappings_of(path);
    assert!(mapped > 0, "the library was unloaded after its last model");
    let second = one_program();
    assert_eq!(first, second, "the second program reuses the loaded library");
    assert_eq!(mappings_of(path), mapped, "loaded once, not again");
    assert!(Arc::ptr_eq(&EnnLibrary::open(path).unwrap(), &EnnLibrary::open(path).unwrap()));
    // One library instance served both programs: its process-global state saw both
    // contexts (a reloaded library would have started counting again).
    let emu = Emu::get();
    let c = emu.counters();
    assert_eq!((c.initialize_calls, c.deinitialize_calls), (2, 2), "{c:?}");
    emu.assert_quiescent("end");
    // A library that failed to bind is not kept.
    assert!(EnnLibrary::open("libc.so.6").is_err());
}
