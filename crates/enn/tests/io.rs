//! Zero-copy I/O per inference: tensors that live in a shared arena are imported with
//! `EnnCreateBufferFromFdWithOffset` at method load and never copied; every case the
//! library or the program cannot import in place falls back to the copy, per tensor, with
//! its reason, and nothing leaks (0 live models and buffers, balanced init/deinit).
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::Arc;

use common::{
    arena, assert_linear_output, backend, open_linear as open, prepare, reasons, run_in_arena,
    run_linear, Emu,
};
use pterun_enn::{DelegateIo, EnnBackend, EnnConfig, IoPolicy, OpenPolicy};
use pterun_enn_sys::EnnReturn;

fn only(backend: &EnnBackend) -> DelegateIo {
    let mut all = backend.delegate_io();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[test]
fn tensors_in_a_shared_arena_are_imported_and_never_copied() {
    let (_serial, emu) = Emu::strict_start();
    let backend = backend(OpenPolicy::Auto);
    let mut delegate = open(&backend);
    let mut arena = arena();
    prepare(delegate.as_mut(), &mut arena, true).unwrap();
    let io = only(&backend);
    assert_eq!(reasons(&io), [None, None], "{io:?}");
    // Two allocated buffers (kept, unbound) and two imports.
    assert_eq!(emu.counters().live_buffers, 4);
    for round in 0..3 {
        assert_linear_output(&run_in_arena(delegate.as_mut(), &mut arena));
        let io = only(&backend);
        assert_eq!(io.bytes_copied_last_execution, 0, "round {round}: {io:?}");
    }
    let io = only(&backend);
    assert_eq!((io.executions, io.bytes_copied_total), (3, 0));
    // A call whose tensors are elsewhere is still right: the buffers fall back to copies.
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    let io = only(&backend);
    assert_eq!(io.bytes_copied_last_execution, 16 + 12);
    for reason in reasons(&io) {
        assert!(reason.unwrap().contains("moved"), "{io:?}");
    }
    assert_eq!(emu.counters().live_buffers, 2, "the imports were released");
    assert_linear_output(&run_in_arena(delegate.as_mut(), &mut arena));
    drop(delegate);
    drop(backend);
    emu.assert_quiescent("after imports");
    emu.reset();
}

#[test]
fn every_tensor_that_cannot_be_imported_is_copied_with_its_reason() {
    let (_serial, emu) = Emu::strict_start();
    let check = |backend: &Arc<EnnBackend>, shared: bool, want: [Option<&str>; 2], copied: u64| {
        let mut delegate = open(backend);
        let mut arena = arena();
        prepare(delegate.as_mut(), &mut arena, shared).unwrap();
        assert_linear_output(&run_in_arena(delegate.as_mut(), &mut arena));
        let io = backend.delegate_io().pop().unwrap();
        for (got, want) in reasons(&io).iter().zip(want) {
            match (got, want) {
                (None, None) => {}
                (Some(reason), Some(part)) => assert!(reason.contains(part), "{reason}"),
                _ => panic!("{io:?}: want {want:?}"),
            }
        }
        assert_eq!(io.bytes_copied_last_execution, copied, "{io:?}");
        drop(delegate);
        emu.assert_quiescent("after a case");
    };

    // Heap arenas (or a delegate called from several places): no shared location.
    check(&backend(OpenPolicy::Auto), false, [Some("not in a shared arena"); 2], 28);

    // Copies forced.
    let forced = Arc::new(EnnBackend::new(EnnConfig {
        library_path: Some(common::emu_path().to_path_buf()),
        io_policy: IoPolicy::Copy,
        ..EnnConfig::default()
    }));
    check(&forced, true, [Some("forced"); 2], 28);

    // A library that pads its buffers: an import of the tensor's bytes would not cover it.
    emu.set_buffer_padding(100);
    check(
        &backend(OpenPolicy::Auto),
        true,
        [Some("116 bytes, the tensor 16"), Some("112 bytes")],
        28,
    );
    emu.set_buffer_padding(0);

    // A library that refuses offsets that are not page-aligned: the output (at 64) copies.
    emu.set_aligned_imports(true);
    check(
        &backend(OpenPolicy::Auto),
        true,
        [None, Some("EnnCreateBufferFromFdWithOffset failed")],
        12,
    );
    emu.set_aligned_imports(false);

    // A binding the library refuses: that buffer copies, the other is imported.
    emu.fail("EnnSetBufferByIndex", 0, EnnReturn::INVAL.0);
    check(&backend(OpenPolicy::Auto), true, [Some("EnnSetBufferByIndex failed"), None], 16);
    // An import the library fails: the same.
    emu.fail("EnnCreateBufferFromFdWithOffset", 1, EnnReturn::MEM_ERR.0);
    check(
        &backend(OpenPolicy::Auto),
        true,
        [None, Some("EnnCreateBufferFromFdWithOffset failed")],
        12,
    );
    emu.reset();
}

#[test]
fn a_failed_commit_fails_the_load_and_leaks_nothing() {
    let (_serial, emu) = Emu::strict_start();
    let backend = backend(OpenPolicy::Auto);
    let mut delegate = open(&backend);
    let mut arena = arena();
    emu.fail("EnnBufferCommit", 0, EnnReturn::FAILED.0);
    let err = prepare(delegate.as_mut(), &mut arena, true).unwrap_err();
    assert!(err.message.contains("EnnBufferCommit failed"), "{}", err.message);
    drop(delegate);
    drop(backend);
    emu.assert_quiescent("after a failed commit");
    emu.reset();
}

#[test]
fn faults_around_imports_leave_nothing_alive() {
    let (_serial, emu) = Emu::strict_start();
    let functions = [
        "EnnInitialize",
        "EnnOpenModelFromMemory",
        "EnnAllocateAllBuffersWithSessionId",
        "EnnGetBufferInfoByIndex",
        "EnnCreateBufferFromFdWithOffset",
        "EnnSetBufferByIndex",
        "EnnBufferCommit",
        "EnnExecuteModel",
    ];
    let mut fired = 0;
    for function in functions {
        for countdown in 0..4 {
            emu.reset();
            emu.fail(function, countdown, EnnReturn::FAILED.0);
            let backend = backend(OpenPolicy::Auto);
            let bytes = common::linear_pte();
            let len = bytes.len();
            let blob = pterun_memory::DataLoader::load(
                &pterun_memory::BufferLoader::new(bytes),
                0,
                len,
                &pterun_memory::SegmentInfo::backend(0, "EnnBackend"),
            )
            .unwrap();
            if let Ok(mut delegate) =
                pterun_runtime::Backend::init(&*backend, &common::CTX, blob, &[])
            {
                let mut arena = arena();
                if prepare(delegate.as_mut(), &mut arena, true).is_ok() {
                    for _ in 0..2 {
                        // An execution fault is an error; the next execution is right.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            assert_linear_output(&run_in_arena(delegate.as_mut(), &mut arena));
                        }));
                    }
                }
            }
            fired += emu.counters().injected_failures;
            drop(backend);
            emu.assert_quiescent(&format!("{function} failing after {countdown} calls"));
        }
    }
    assert!(fired >= functions.len() as u64, "{fired} faults fired");
    emu.reset();
}

fn enn_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/enn").join(name)
}

/// Loads `name` with its arenas in memfd buffers, drops the caller's `Program` handle, and
/// runs it: every ENN buffer imported, nothing copied per execution, eager outputs.
#[test]
fn whole_programs_with_shared_arenas_copy_nothing_per_execution() {
    use pterun_memory::{MmapLoader, MmapOptions};
    use pterun_runtime::{BackendRegistry, LoadOptions, MemoryOptions, Method, Output, Program};
    let (_serial, emu) = Emu::strict_start();
    for (name, sizes) in
        [("two_partitions_aligned16k", [1, 3, 16, 16]), ("two_partitions", [1, 3, 16, 16])]
    {
        let backend = backend(OpenPolicy::Auto);
        let loader = Arc::new(
            MmapLoader::open(enn_fixture(&format!("{name}.pte")), MmapOptions::default()).unwrap(),
        );
        let program = Program::load(loader).unwrap();
        let kernels = pterun_kernels::Registry::portable();
        let mut backends = BackendRegistry::new();
        backends.register(backend.clone()).unwrap();
        let options = LoadOptions {
            kernels: &kernels,
            backends: &backends,
            external_data: None,
            passes: pterun_runtime::Passes::ALL,
        };
        let arenas = pterun_memory::MemfdAllocator::with_label("pterun-arena-test");
        let memory = MemoryOptions { arena_allocator: Some(&arenas) };
        let mut method = Method::load_with_memory(&program, "forward", options, memory).unwrap();
        // The models opened by fd + offset hold their own descriptors: the caller's
        // program handle can go.
        drop(program);
        let input = std::fs::read(enn_fixture(&format!("{name}.input0.bin"))).unwrap();
        let expected = std::fs::read(enn_fixture(&format!("{name}.expected0.bin"))).unwrap();
        method.set_input(0, pterun_core::ScalarType::Float, &sizes, &input).unwrap();
        for _ in 0..3 {
            method.execute().unwrap();
            let Output::Tensor(out) = method.output(0).unwrap() else { panic!("{name}") };
            for (g, w) in out.data.chunks_exact(4).zip(expected.chunks_exact(4)) {
                let g = f32::from_le_bytes(g.try_into().unwrap());
                let w = f32::from_le_bytes(w.try_into().unwrap());
                assert!((g - w).abs() <= 1e-5, "{name}: {g} vs eager {w}");
            }
        }
        let delegates = backend.delegate_io();
        assert_eq!(delegates.len(), 2, "{name}");
        for io in &delegates {
            assert_eq!(reasons(io), vec![None; io.buffers.len()], "{name}: {io:?}");
            assert_eq!((io.executions, io.bytes_copied_total), (3, 0), "{name}");
        }
        drop(method);
        drop(backends);
        drop(backend);
        emu.assert_quiescent(name);
    }
}
