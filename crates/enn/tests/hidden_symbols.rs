//! Every optional symbol's fallback, on copies of the software library with that symbol
//! hidden: the name is overwritten in the copy's dynamic string table (`.dynstr`), so
//! `dlsym` cannot find it, exactly as with a library that never exported it. Each copy is
//! its own loaded library with its own state. A separate test binary: the process's one ENN
//! context moves from copy to copy.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{
    arena, assert_linear_output, emu_path, fixture, linear_pte, open_linear, padded_model, prepare,
    reasons, run_in_arena, run_linear, serial,
};
use pterun_enn::{EnnBackend, EnnConfig, Error, OpenPath, OpenPolicy, PerfMode, ALLOCATE_EITHER};
use pterun_memory::{
    BufferLoader, DataLoader, MmapLoader, MmapOptions, SegmentInfo, SegmentKind, SharedLoader,
};
use pterun_runtime::{Backend, Delegate, InitContext};

const CTX: InitContext<'static> = InitContext { method: "forward", delegate_index: 0 };

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}
fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}
fn u64_at(b: &[u8], at: usize) -> usize {
    usize::try_from(u64::from_le_bytes(b[at..at + 8].try_into().unwrap())).unwrap()
}

/// The byte range of section `name` in a little-endian ELF64 file.
fn section(elf: &[u8], name: &str) -> std::ops::Range<usize> {
    assert_eq!(&elf[..6], b"\x7fELF\x02\x01", "a little-endian ELF64 file");
    let (shoff, shentsize, shnum, shstrndx) =
        (u64_at(elf, 0x28), u16_at(elf, 0x3A), u16_at(elf, 0x3C), u16_at(elf, 0x3E));
    let header = |i: usize| shoff + i * shentsize;
    let names = u64_at(elf, header(shstrndx) + 0x18);
    (0..shnum)
        .map(header)
        .find(|&h| {
            let at = names + u32_at(elf, h);
            elf[at..].split(|&c| c == 0).next() == Some(name.as_bytes())
        })
        .map(|h| {
            let (offset, size) = (u64_at(elf, h + 0x18), u64_at(elf, h + 0x20));
            offset..offset + size
        })
        .unwrap_or_else(|| panic!("no section {name}"))
}

/// A copy of the software library without `hidden` (each name's first byte in `.dynstr`
/// replaced), in a directory of its own.
fn library_without(hidden: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let mut elf = std::fs::read(emu_path()).unwrap();
    let dynstr = section(&elf, ".dynstr");
    for name in hidden {
        let needle = [b"\0", name.as_bytes(), b"\0"].concat();
        let table = &elf[dynstr.clone()];
        let at = table
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or_else(|| panic!("{name} is not exported"));
        elf[dynstr.start + at + 1] = b'#';
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("libenn_public_api_cpp.so");
    std::fs::write(&path, elf).unwrap();
    (dir, path)
}

fn backend_on(path: &Path, policy: OpenPolicy) -> Arc<EnnBackend> {
    Arc::new(EnnBackend::new(EnnConfig {
        library_path: Some(path.to_path_buf()),
        open_policy: policy,
        ..EnnConfig::default()
    }))
}

fn memory_blob() -> pterun_memory::Segment {
    let bytes = linear_pte();
    let len = bytes.len();
    BufferLoader::new(bytes).load(0, len, &SegmentInfo::backend(0, "EnnBackend")).unwrap()
}

fn run(delegate: &mut Box<dyn Delegate>) {
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
}

#[test]
fn every_optional_symbol_has_a_working_fallback() {
    let _serial = serial();
    // Without the session allocation: the plain one (then a commit).
    let (_dir, lib) = library_without(&["EnnAllocateAllBuffersWithSessionId"]);
    let backend = backend_on(&lib, OpenPolicy::Auto);
    let mut delegate = backend.init(&CTX, memory_blob(), &[]).unwrap();
    run(&mut delegate);
    assert_eq!(backend.open_records()[0].buffers_allocated_by, "EnnAllocateAllBuffers");
    drop(delegate);

    // Without either: the library is refused, naming both.
    let (_dir, lib) =
        library_without(&["EnnAllocateAllBuffersWithSessionId", "EnnAllocateAllBuffers"]);
    let reason = backend_on(&lib, OpenPolicy::Auto).availability().unwrap_err();
    assert!(reason.contains(ALLOCATE_EITHER), "{reason}");

    // Without the fd + offset open: a page-aligned blob in a mapped file opens from memory.
    let (_dir, lib) = library_without(&["EnnOpenModelWithFileOpenFd"]);
    let backend = backend_on(&lib, OpenPolicy::Auto);
    let file = padded_model(65536);
    let loader = MmapLoader::open(file.path(), MmapOptions::default()).unwrap();
    let blob = loader.load(65536, linear_pte().len(), &SegmentInfo::backend(0, "EnnBackend"));
    let mut delegate = backend.init(&CTX, blob.unwrap(), &[]).unwrap();
    run(&mut delegate);
    assert_eq!(backend.open_records()[0].path, OpenPath::Memory);
    let forced = backend_on(&lib, OpenPolicy::FileFd);
    let blob = loader.load(65536, linear_pte().len(), &SegmentInfo::backend(0, "EnnBackend"));
    let err = forced.open_delegate(&CTX, blob.unwrap()).unwrap_err();
    assert!(err.to_string().contains("EnnOpenModelWithFileOpenFd"), "{err}");
    drop(delegate);

    // Without the shared-buffer open: a blob placed in an ENN buffer opens from memory.
    let (_dir, lib) = library_without(&["EnnOpenModelFromFd"]);
    let backend = backend_on(&lib, OpenPolicy::Auto);
    let allocator = Arc::new(backend.allocator().unwrap());
    let base = Arc::new(MmapLoader::open(fixture("linear.pte"), MmapOptions::default()).unwrap());
    let shared = SharedLoader::new(base, allocator, SegmentKind::Backend, None);
    let blob = shared.load(0, linear_pte().len(), &SegmentInfo::backend(0, "EnnBackend"));
    let mut delegate = backend.init(&CTX, blob.unwrap(), &[]).unwrap();
    run(&mut delegate);
    assert_eq!(backend.open_records()[0].path, OpenPath::Memory);
    drop(delegate);
    drop(shared);

    // Without the buffer functions: no ENN allocator (the CLI then uses memfd).
    let (_dir, lib) = library_without(&["EnnCreateBuffer"]);
    let err = backend_on(&lib, OpenPolicy::Auto).allocator().unwrap_err();
    assert!(matches!(err, Error::MissingOptional { symbol: "EnnCreateBuffer" }), "{err:?}");

    // Without the buffer metadata: no type check is possible, the model still runs.
    let (_dir, lib) = library_without(&["EnnGetBufferInfoByIndex"]);
    let backend = backend_on(&lib, OpenPolicy::Auto);
    let mut delegate = backend.init(&CTX, memory_blob(), &[]).unwrap();
    run(&mut delegate);
    drop(delegate);

    // Without the performance preference: asking for one is an error, not ignored.
    let (_dir, lib) = library_without(&["EnnSetPreferencePerfMode"]);
    let backend = Arc::new(EnnBackend::new(EnnConfig {
        library_path: Some(lib.clone()),
        perf_mode: Some(PerfMode::Boost),
        ..EnnConfig::default()
    }));
    let err = backend.init(&CTX, memory_blob(), &[]).err().unwrap();
    assert!(err.message.contains("EnnSetPreferencePerfMode"), "{}", err.message);
    // ... and without asking, nothing is called.
    let mut delegate = backend_on(&lib, OpenPolicy::Auto).init(&CTX, memory_blob(), &[]).unwrap();
    run(&mut delegate);
    drop(delegate);
}

#[test]
fn without_an_import_function_every_tensor_is_copied() {
    let _serial = serial();
    for symbol in [
        "EnnCreateBufferFromFdWithOffset",
        "EnnSetBufferByIndex",
        "EnnBufferCommit",
        "EnnReleaseBuffer",
    ] {
        let (_dir, lib) = library_without(&[symbol]);
        let backend = backend_on(&lib, OpenPolicy::Auto);
        let mut delegate = open_linear(&backend);
        let mut arena = arena();
        prepare(delegate.as_mut(), &mut arena, true).unwrap();
        assert_linear_output(&run_in_arena(delegate.as_mut(), &mut arena));
        let io = backend.delegate_io().pop().unwrap();
        for reason in reasons(&io) {
            let reason = reason.unwrap_or_default();
            assert!(reason.contains(&format!("does not export {symbol}")), "{symbol}: {io:?}");
        }
        assert_eq!(io.bytes_copied_last_execution, 28, "{symbol}");
    }
}

#[test]
fn a_perf_mode_is_set_before_models_open() {
    let _serial = serial();
    for mode in PerfMode::ALL {
        let backend = Arc::new(EnnBackend::new(EnnConfig {
            library_path: Some(emu_path().to_path_buf()),
            perf_mode: Some(mode),
            ..EnnConfig::default()
        }));
        let mut delegate = backend.init(&CTX, memory_blob(), &[]).unwrap();
        assert_eq!(backend.perf_mode_read_back(), Some(mode.code()));
        run(&mut delegate);
    }
}
