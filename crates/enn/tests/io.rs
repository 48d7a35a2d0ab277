//! Zero-copy I/O per inference: tensors that live in a shared arena are imported with
//! `EnnCreateBufferFromFdWithOffset` at method load and never copied; every case the
//! library or the program cannot import in place falls back to the copy, per tensor, with
//! its reason, and nothing leaks (0 live models and buffers, balanced init/deinit).
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::Arc;

use common::{assert_linear_output, backend, fixture, linear_pte, run_linear, serial, Emu};
use pterun_core::{ScalarType, ShapeDynamism};
use pterun_enn::{DelegateIo, EnnBackend, EnnConfig, IoPolicy, OpenPolicy, Transfer};
use pterun_enn_sys::EnnReturn;
use pterun_kernels::{Shape, TensorMut};
use pterun_memory::{
    BufferLoader, DataLoader, MemfdAllocator, SegmentInfo, SharedAllocator, SharedBuffer,
};
use pterun_runtime::{
    Backend, Delegate, DelegateArg, DelegateArgInfo, InitContext, SharedLocation, TensorArgInfo,
};

const CTX: InitContext<'static> = InitContext { method: "forward", delegate_index: 0 };
/// Where `linear`'s input (1x4 f32) and output (1x3 f32) live in the arena: the output
/// at an offset that is not page-aligned, as planned tensors are.
const INPUT_AT: usize = 0;
const OUTPUT_AT: usize = 64;
const IN_SIZES: [usize; 2] = [1, 4];
const OUT_SIZES: [usize; 2] = [1, 3];

fn open(backend: &EnnBackend) -> Box<dyn Delegate> {
    let bytes = linear_pte();
    let len = bytes.len();
    let blob =
        BufferLoader::new(bytes).load(0, len, &SegmentInfo::backend(0, "EnnBackend")).unwrap();
    backend.init(&CTX, blob, &[]).unwrap()
}

fn arena() -> SharedBuffer {
    MemfdAllocator::with_label("pterun-io-test").allocate(4096).unwrap()
}

/// Prepares `delegate` as method load would for tensors at `INPUT_AT` / `OUTPUT_AT` of
/// `arena` (shared when `shared`).
fn prepare(
    delegate: &mut dyn Delegate,
    arena: &mut SharedBuffer,
    shared: bool,
) -> Result<(), pterun_runtime::BackendError> {
    let base = arena.as_mut_slice().as_mut_ptr() as usize;
    let (fd, offset) = (arena.fd(), arena.offset());
    let location = |at: usize| {
        shared.then_some(SharedLocation { fd, offset: offset + at as u64, allocator: "memfd" })
    };
    let infos = [
        DelegateArgInfo::Tensor(TensorArgInfo {
            dtype: ScalarType::Float,
            sizes: &IN_SIZES,
            capacity: 16,
            address: base + INPUT_AT,
            shared: location(INPUT_AT),
        }),
        DelegateArgInfo::Tensor(TensorArgInfo {
            dtype: ScalarType::Float,
            sizes: &OUT_SIZES,
            capacity: 12,
            address: base + OUTPUT_AT,
            shared: location(OUTPUT_AT),
        }),
    ];
    delegate.prepare(&infos)
}

/// Writes the fixture input into the arena, executes on the arena's tensors, returns the
/// output bytes read from the arena.
fn run_in_arena(delegate: &mut dyn Delegate, arena: &mut SharedBuffer) -> Vec<u8> {
    let input = std::fs::read(fixture("linear.input0.bin")).unwrap();
    let bytes = arena.as_mut_slice();
    bytes[INPUT_AT..INPUT_AT + 16].copy_from_slice(&input);
    bytes[OUTPUT_AT..OUTPUT_AT + 12].fill(0);
    let (head, tail) = bytes.split_at_mut(OUTPUT_AT);
    let mut in_shape = Shape::new(IN_SIZES.to_vec(), ShapeDynamism::Static);
    let mut out_shape = Shape::new(OUT_SIZES.to_vec(), ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(
            ScalarType::Float,
            &mut in_shape,
            &mut head[INPUT_AT..INPUT_AT + 16],
        )),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut tail[..12])),
    ];
    delegate.execute(&mut args).unwrap();
    arena.as_slice()[OUTPUT_AT..OUTPUT_AT + 12].to_vec()
}

fn only(backend: &EnnBackend) -> DelegateIo {
    let mut all = backend.delegate_io();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn reasons(io: &DelegateIo) -> Vec<Option<String>> {
    io.buffers
        .iter()
        .map(|b| match &b.transfer {
            Transfer::Imported { .. } => None,
            Transfer::Copied { reason } => Some(reason.clone()),
        })
        .collect()
}

#[test]
fn tensors_in_a_shared_arena_are_imported_and_never_copied() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
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
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
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
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
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
