//! Measures one ENN open path on a program, in a fresh process, against the software ENN
//! library: bytes copied by pterun and by the library, bytes the library mapped, and the
//! process's peak and proportional resident memory.
//!
//! ```sh
//! cargo build --release -p pterun-enn-emu --example open_paths
//! for mode in auto shared memory upstream; do
//!   target/release/examples/open_paths MODEL.pte target/release/libenn_public_api_cpp.so $mode
//! done
//! ```
//!
//! Add `load-only` to measure right after the method load, before any execution.
//!
//! Modes: `auto` (memory-mapped file, the rule picks the open path: fd + offset for
//! page-aligned blobs), `shared` (blobs read once into ENN buffers, opened from their fd),
//! `memory` (mapped file, forced `EnnOpenModelFromMemory`: the library copies), `upstream`
//! (pread into the heap, then `EnnOpenModelFromMemory`, as ExecuTorch's ENN runner does).
#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "a measurement tool")]

use std::sync::Arc;

use pterun_enn::{EnnBackend, EnnConfig, OpenPolicy};
use pterun_enn_sys::emulator::{self, EmuCounters};
use pterun_memory::{
    DataLoader, FileLoader, MmapLoader, MmapOptions, SegmentKind, SharedAllocator, SharedLoader,
};
use pterun_runtime::{BackendRegistry, IoMeta, LoadOptions, Method, Program};

fn status_kib(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn rollup_kib(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (model, library, mode) = (&args[1], &args[2], args[3].as_str());
    let policy = match mode {
        "auto" | "shared" => OpenPolicy::Auto,
        "memory" | "upstream" => OpenPolicy::Memory,
        other => panic!("unknown mode {other}"),
    };
    let backend = Arc::new(EnnBackend::new(EnnConfig {
        library_path: Some(library.into()),
        open_policy: policy,
        ..EnnConfig::default()
    }));
    let loader: Arc<dyn DataLoader> = match mode {
        "upstream" => Arc::new(FileLoader::open(model, 64).unwrap()),
        "shared" => {
            let base: Arc<dyn DataLoader> =
                Arc::new(MmapLoader::open(model, MmapOptions::default()).unwrap());
            let allocator: Arc<dyn SharedAllocator> = Arc::new(backend.allocator().unwrap());
            Arc::new(SharedLoader::new(base, allocator, SegmentKind::Backend, None))
        }
        _ => Arc::new(MmapLoader::open(model, MmapOptions::default()).unwrap()),
    };
    let program = Program::load(loader.clone()).unwrap();
    let kernels = pterun_kernels::Registry::portable();
    let mut backends = BackendRegistry::new();
    backends.register(backend.clone()).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).unwrap();
    for (i, input) in method.meta().inputs.clone().iter().enumerate() {
        if let IoMeta::Tensor(t) = input {
            let ones: Vec<u8> =
                std::iter::repeat_n(1.0f32.to_le_bytes(), t.nbytes / 4).flatten().collect();
            method.set_input(i, t.dtype, &t.sizes, &ones).unwrap();
        }
    }
    // `load-only` as a fourth argument measures memory right after the method load.
    if args.get(4).map(String::as_str) != Some("load-only") {
        method.execute().unwrap();
    }

    // SAFETY: loading the software library runs no initialisers beyond Rust statics; it
    // is the library the backend already loaded (the same handle).
    let lib = unsafe { libloading::Library::new(library) }.unwrap();
    // SAFETY: the test symbol has exactly the signature `emulator::Counters` declares.
    let counters_fn =
        unsafe { lib.get::<emulator::Counters>(emulator::COUNTERS.as_bytes()) }.unwrap();
    let mut counters = EmuCounters::default();
    // SAFETY: `counters` is a valid, writable `EmuCounters`; the library outlives the call.
    unsafe { counters_fn(&mut counters) };

    let records = backend.open_records();
    let paths: Vec<String> = records.iter().map(|r| format!("{:?}", r.path)).collect();
    let blob_bytes: u64 = records.iter().map(|r| r.blob_bytes).sum();
    let client: u64 = records.iter().map(|r| r.client_bytes_copied).sum();
    println!(
        "{{\"mode\": \"{mode}\", \"paths\": {paths:?}, \"blob_bytes\": {blob_bytes}, \"pterun_bytes_copied\": {client}, \
         \"library_bytes_copied\": {}, \"library_bytes_mapped\": {}, \"opens_file_fd\": {}, \"opens_fd\": {}, \"opens_memory\": {}, \
         \"peak_rss_kib\": {}, \"rss_kib\": {}, \"pss_anon_kib\": {}, \"pss_file_kib\": {}, \"pss_shmem_kib\": {}}}",
        counters.bytes_copied_at_open,
        counters.bytes_mapped_at_open,
        counters.opens_from_file_fd,
        counters.opens_from_fd,
        counters.opens_from_memory,
        status_kib("VmHWM:"),
        status_kib("VmRSS:"),
        rollup_kib("Pss_Anon:"),
        rollup_kib("Pss_File:"),
        rollup_kib("Pss_Shmem:"),
    );
}
