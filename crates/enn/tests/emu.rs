//! The ENN backend against the software ENN library (`pterun-enn-emu`): availability,
//! the three open paths and their copies, execution, fault injection, concurrency, and
//! balanced init/deinit with nothing left alive.
#![allow(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::Arc;

use common::{
    assert_linear_output, backend, emu_path, fixture, linear_pte, padded_model, run_linear, serial,
    Emu,
};
use pterun_core::{ErrorCode, ScalarType, ShapeDynamism};
use pterun_enn::{EnnBackend, EnnConfig, EnnContext, EnnLibrary, EnnModel, OpenPath, OpenPolicy};
use pterun_enn_sys::EnnReturn;
use pterun_kernels::{Shape, TensorMut};
use pterun_memory::{
    page_size, BufferLoader, DataLoader, MmapLoader, MmapOptions, Provenance, SegmentInfo,
    SegmentKind, SharedLoader,
};
use pterun_runtime::{Backend, Delegate, DelegateArg, DelegateArgInfo, InitContext, TensorArgInfo};

const CTX: InitContext<'static> = InitContext { method: "forward", delegate_index: 0 };

fn info() -> SegmentInfo {
    SegmentInfo::backend(0, "EnnBackend")
}

/// `linear.pte` in a file at a page-aligned offset, loaded by mmap.
fn aligned_blob() -> (tempfile::NamedTempFile, pterun_memory::Segment) {
    let page = page_size();
    let file = padded_model(page);
    let loader = MmapLoader::open(file.path(), MmapOptions::default()).unwrap();
    let len = linear_pte().len();
    let segment = loader.load(page as u64, len, &info()).unwrap();
    (file, segment)
}

fn memory_blob() -> pterun_memory::Segment {
    let loader = BufferLoader::new(linear_pte());
    loader.load(0, linear_pte().len(), &info()).unwrap()
}

#[test]
fn unavailable_libraries_give_clear_reasons() {
    let missing = EnnBackend::new(EnnConfig {
        library_path: Some("/nonexistent/libenn_public_api_cpp.so".into()),
        open_policy: OpenPolicy::Auto,
        ..EnnConfig::default()
    });
    let reason = missing.availability().unwrap_err();
    assert!(reason.contains("cannot load the ENN library /nonexistent/"), "{reason}");

    let not_enn = EnnBackend::new(EnnConfig {
        library_path: Some("libc.so.6".into()),
        open_policy: OpenPolicy::Auto,
        ..EnnConfig::default()
    });
    let reason = not_enn.availability().unwrap_err();
    assert!(reason.contains("lacks required symbol(s): EnnInitialize"), "{reason}");
    let err = not_enn.init(&CTX, memory_blob(), &[]).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotSupported);

    let emu = backend(OpenPolicy::Auto);
    assert_eq!(emu.availability(), Ok(()));
    let library = emu.library().unwrap();
    for symbol in ["EnnOpenModelFromFd", "EnnOpenModelWithFileOpenFd", "EnnCreateBuffer"] {
        assert!(library.optional_symbols().contains(&symbol), "{symbol}");
        assert!(library.has(symbol));
    }
}

#[test]
fn open_paths_copies_execution_and_balance() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let len = linear_pte().len() as u64;

    // (a) page-aligned blob in a mapped file: EnnOpenModelWithFileOpenFd, 0 copies.
    let backend_a = backend(OpenPolicy::Auto);
    let (_file, blob) = aligned_blob();
    assert!(blob.provenance().is_page_aligned());
    let mut delegate = backend_a.init(&CTX, blob, &[]).unwrap();
    let c = emu.counters();
    assert_eq!((c.opens_from_file_fd, c.opens_from_fd, c.opens_from_memory), (1, 0, 0));
    assert_eq!(c.bytes_copied_at_open, 0, "{c:?}");
    assert_eq!(c.bytes_mapped_at_open, len);
    assert_eq!((c.live_models, c.live_buffers, c.context_refs), (1, 2, 1));
    let output = run_linear(delegate.as_mut()).unwrap();
    assert_linear_output(&output);
    let records = backend_a.open_records();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r.path, OpenPath::FileFd);
    assert_eq!((r.blob_bytes, r.client_bytes_copied, r.library_copy), (len, 0, false));
    assert_eq!((r.method.as_str(), r.delegate_index, r.fallback_from), ("forward", 0, None));
    drop(delegate);
    emu.assert_quiescent("after path (a)");
    emu.reset();

    // (b) blob placed by SharedLoader in an ENN buffer: EnnOpenModelFromFd; the one copy
    // is the loader's (file -> buffer), the library maps.
    let backend_b = backend(OpenPolicy::Auto);
    let allocator = Arc::new(backend_b.allocator().unwrap());
    let base = Arc::new(MmapLoader::open(fixture("linear.pte"), MmapOptions::default()).unwrap());
    let loader = SharedLoader::new(base, allocator.clone(), SegmentKind::Backend, None);
    drop(allocator);
    let blob = loader.load(0, len as usize, &info()).unwrap();
    assert_eq!(blob.provenance().allocator_name(), Some("enn"));
    assert!(matches!(blob.provenance(), Provenance::SharedBuffer { offset: 0, .. }));
    assert_eq!(emu.counters().live_buffers, 1);
    let mut delegate = backend_b.init(&CTX, blob, &[]).unwrap();
    let c = emu.counters();
    assert_eq!((c.opens_from_file_fd, c.opens_from_fd, c.opens_from_memory), (0, 1, 0));
    assert_eq!(c.bytes_copied_at_open, 0, "{c:?}");
    // The blob's ENN buffer was released as soon as the model was open: only the two
    // I/O buffers remain.
    assert_eq!((c.live_models, c.live_buffers), (1, 2));
    assert_eq!(loader.stats().bytes_copied, len);
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    let r = &backend_b.open_records()[0];
    assert_eq!(r.path, OpenPath::SharedFd);
    assert_eq!((r.blob_bytes, r.client_bytes_copied, r.library_copy), (len, len, false));
    drop(delegate);
    // The loader's allocator holds the context too.
    assert_eq!(emu.counters().context_refs, 1);
    drop(loader);
    emu.assert_quiescent("after path (b)");
    emu.reset();

    // (c) caller bytes: EnnOpenModelFromMemory, one copy by the library.
    let backend_c = backend(OpenPolicy::Auto);
    let mut delegate = backend_c.init(&CTX, memory_blob(), &[]).unwrap();
    let c = emu.counters();
    assert_eq!((c.opens_from_file_fd, c.opens_from_fd, c.opens_from_memory), (0, 0, 1));
    assert_eq!(c.bytes_copied_at_open, len);
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    let r = &backend_c.open_records()[0];
    assert_eq!(r.path, OpenPath::Memory);
    assert_eq!((r.client_bytes_copied, r.library_copy), (0, true));
    drop(delegate);
    emu.assert_quiescent("after path (c)");
    emu.reset();

    // (a) at an unaligned offset (the 128-byte segment alignment of Samsung's exports):
    // tried by fd + offset, which this library accepts...
    let file = padded_model(128);
    let loader = MmapLoader::open(file.path(), MmapOptions::default()).unwrap();
    let blob = loader.load(128, len as usize, &info()).unwrap();
    let mut delegate = backend_c.init(&CTX, blob, &[]).unwrap();
    let r = &backend_c.open_records()[1];
    assert_eq!(
        (r.path, r.file_offset_page_aligned, r.fallback_from),
        (OpenPath::FileFd, Some(false), None)
    );
    assert_eq!(emu.counters().opens_from_file_fd, 1);
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);
    // ... and, from a library that refuses such offsets, falls back to the memory open.
    emu.set_aligned_file_fd(true);
    let blob = loader.load(128, len as usize, &info()).unwrap();
    let opened = backend_c.init(&CTX, blob, &[]);
    emu.set_aligned_file_fd(false);
    let mut delegate = opened.unwrap();
    let r = &backend_c.open_records()[2];
    assert_eq!((r.path, r.fallback_from), (OpenPath::Memory, Some(OpenPath::FileFd)));
    assert_eq!(emu.counters().opens_from_memory, 1);
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);

    // Forced policies: measurement paths, and errors for impossible ones.
    let forced_memory = backend(OpenPolicy::Memory);
    let (_file, blob) = aligned_blob();
    let delegate = forced_memory.init(&CTX, blob, &[]).unwrap();
    assert_eq!(forced_memory.open_records()[0].path, OpenPath::Memory);
    drop(delegate);
    let forced_file = backend(OpenPolicy::FileFd);
    let err = forced_file.init(&CTX, memory_blob(), &[]).err().unwrap();
    assert_eq!(err.code, ErrorCode::DelegateInvalidCompatibility);
    assert!(err.message.contains("not in a mapped file"), "{}", err.message);
    let forced_shared = backend(OpenPolicy::SharedFd);
    let (_file, blob) = aligned_blob();
    let err = forced_shared.init(&CTX, blob, &[]).err().unwrap();
    assert!(err.message.contains("not in a shared buffer"), "{}", err.message);
    assert!(forced_file.open_records().is_empty());
    emu.assert_quiescent("after forced policies");
}

#[test]
fn delegate_arguments_are_checked() {
    let _serial = serial();
    let emu = Emu::get();
    let backend = backend(OpenPolicy::Auto);
    let mut delegate = backend.init(&CTX, memory_blob(), &[]).unwrap();

    // Too few arguments.
    let err = delegate.execute(&mut []).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(err.message.contains("1 input(s) and 1 output(s)"), "{}", err.message);

    // A non-tensor argument.
    let err = delegate.execute(&mut [DelegateArg::Int(1), DelegateArg::Other]).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(
        err.message.contains("argument 1 of the ENN delegate must be a writable tensor"),
        "{}",
        err.message
    );

    // An input larger than its buffer: both numbers in the message.
    let mut input = vec![0u8; 20];
    let mut in_shape = Shape::new(vec![1, 5], ShapeDynamism::Static);
    let mut output = vec![0u8; 12];
    let mut out_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut in_shape, &mut input)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut output)),
    ];
    let err = delegate.execute(&mut args).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(
        err.message.contains("input 0: tensor has 20 bytes but the ENN buffer has only 16"),
        "{}",
        err.message
    );

    // An output of the wrong dtype size.
    let mut input = std::fs::read(fixture("linear.input0.bin")).unwrap();
    let mut in_shape = Shape::new(vec![1, 4], ShapeDynamism::Static);
    let mut output = vec![0u8; 24];
    let mut out_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut in_shape, &mut input)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Double, &mut out_shape, &mut output)),
    ];
    let err = delegate.execute(&mut args).unwrap_err();
    assert!(
        err.message.contains("output 0: tensor has 24 bytes but the ENN buffer has only 12"),
        "{}",
        err.message
    );

    // One argument too many (an output the library would never write): refused at
    // execution, and at method load through `prepare`, with both counts.
    let mut input = std::fs::read(fixture("linear.input0.bin")).unwrap();
    let mut in_shape = Shape::new(vec![1, 4], ShapeDynamism::Static);
    let mut output = vec![0u8; 12];
    let mut out_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut extra = vec![0u8; 12];
    let mut extra_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut in_shape, &mut input)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut output)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut extra_shape, &mut extra)),
    ];
    let err = delegate.execute(&mut args).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(
        err.message.contains("(2 ENN buffers) but the call has 3 argument(s)"),
        "{}",
        err.message
    );
    let sizes = [1usize, 4];
    let tensor = |capacity| {
        DelegateArgInfo::Tensor(TensorArgInfo {
            dtype: ScalarType::Float,
            sizes: &sizes,
            capacity,
            address: 0,
            shared: None,
        })
    };
    for (count, found) in [(1, "1 argument(s)"), (3, "3 argument(s)")] {
        let infos: Vec<_> = (0..count).map(|_| tensor(16)).collect();
        let err = delegate.prepare(&infos).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(
            err.message.contains("1 input(s) and 1 output(s) (2 ENN buffers)")
                && err.message.contains(found),
            "{}",
            err.message
        );
    }
    delegate
        .prepare(&[arg_info(ScalarType::Float, &[1, 4]), arg_info(ScalarType::Float, &[1, 3])])
        .unwrap();

    // Still usable.
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);
    drop(backend);
    let c = emu.counters();
    assert_eq!((c.live_models, c.live_buffers, c.context_refs), (0, 0, 0));
}

/// What method load tells a delegate about a planned tensor argument.
fn arg_info(dtype: ScalarType, sizes: &[usize]) -> DelegateArgInfo<'_> {
    DelegateArgInfo::Tensor(TensorArgInfo {
        dtype,
        sizes,
        capacity: 1 << 20,
        address: 0,
        shared: None,
    })
}

/// Runs `linear` with an input tensor of `dtype` and `sizes` (zero bytes).
fn run_linear_input(
    delegate: &mut dyn Delegate,
    dtype: ScalarType,
    sizes: Vec<usize>,
) -> Result<(), pterun_runtime::BackendError> {
    let numel: usize = sizes.iter().product();
    let mut input = vec![0u8; numel * dtype.element_size()];
    let mut in_shape = Shape::new(sizes, ShapeDynamism::Static);
    let mut output = vec![0u8; 12];
    let mut out_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(dtype, &mut in_shape, &mut input)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut output)),
    ];
    delegate.execute(&mut args)
}

#[test]
fn padded_buffers_are_accepted_and_types_are_checked() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.set_buffer_padding(64);
    let backend = backend(OpenPolicy::Auto);
    let mut delegate = backend.open_delegate(&CTX, memory_blob()).unwrap();
    let model = delegate.model();
    assert_eq!((model.input_size(0), model.output_size(0)), (Some(16 + 64), Some(12 + 64)));
    // The library filled the padding with garbage; the model zeroed it once at open.
    let output = model.output(0).unwrap();
    assert_eq!(output.len(), 76);
    assert!(output.iter().all(|&b| b == 0), "{output:?}");
    let meta = model.input_meta(0).unwrap();
    assert_eq!(
        (meta.size, meta.dtype(), meta.label.as_str()),
        (80, Some(ScalarType::Float), "input_0")
    );
    assert_eq!(meta.nchw, [1, 1, 1, 4]);
    assert_eq!(model.output_meta(0).unwrap().size, 76);
    assert!(model.output_meta(1).is_none());

    // The tensor's bytes go in and come out; the results are right.
    assert_linear_output(&run_linear(&mut delegate).unwrap());
    assert_linear_output(&run_linear(&mut delegate).unwrap());

    // A type the library contradicts is refused even though the byte sizes agree
    // (16 bytes of i32 against the library's f32 buffer), at execution and at load.
    let err = run_linear_input(&mut delegate, ScalarType::Int, vec![1, 4]).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    let want = format!(
        "input 0: tensor is {} but the ENN buffer holds {}",
        ScalarType::Int,
        ScalarType::Float
    );
    assert!(err.message.contains(&want), "{}", err.message);
    let (sizes_in, sizes_out): (&[usize], &[usize]) = (&[1, 4], &[1, 3]);
    let err = delegate
        .prepare(&[arg_info(ScalarType::Float, sizes_in), arg_info(ScalarType::Long, sizes_out)])
        .unwrap_err();
    assert!(err.message.contains("output 0: tensor is"), "{}", err.message);
    delegate
        .prepare(&[arg_info(ScalarType::Float, sizes_in), arg_info(ScalarType::Float, sizes_out)])
        .unwrap();

    // Larger than the padded buffer: refused with both sizes.
    let err = run_linear_input(&mut delegate, ScalarType::Float, vec![1, 21]).unwrap_err();
    assert!(
        err.message.contains("input 0: tensor has 84 bytes but the ENN buffer has only 80"),
        "{}",
        err.message
    );
    let err = delegate
        .prepare(&[arg_info(ScalarType::Float, &[1, 21]), arg_info(ScalarType::Float, sizes_out)])
        .unwrap_err();
    assert!(err.message.contains("84 bytes but the ENN buffer has only 80"), "{}", err.message);

    // Still right after the refusals.
    assert_linear_output(&run_linear(&mut delegate).unwrap());
    emu.set_buffer_padding(0);
    drop(delegate);
    drop(backend);
    emu.assert_quiescent("end");
}

#[test]
fn faults_give_clear_errors_and_leave_nothing_alive() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let expect = |backend: &EnnBackend, blob, function: &str, code: ErrorCode| {
        let err = backend.init(&CTX, blob, &[]).err().unwrap();
        assert_eq!(err.code, code, "{}", err.message);
        assert!(err.message.contains(function), "{}", err.message);
        emu.assert_quiescent(function);
    };

    let auto = backend(OpenPolicy::Auto);
    emu.fail("EnnInitialize", 0, EnnReturn::FAILED.0);
    expect(&auto, memory_blob(), "EnnInitialize failed: ENN_RET_FAILED (1)", ErrorCode::Internal);

    emu.fail("EnnOpenModelFromMemory", 0, EnnReturn::INVAL.0);
    expect(
        &auto,
        memory_blob(),
        "EnnOpenModelFromMemory failed: ENN_RET_INVAL (3)",
        ErrorCode::DelegateInvalidCompatibility,
    );

    let forced_file = backend(OpenPolicy::FileFd);
    emu.fail("EnnOpenModelWithFileOpenFd", 0, EnnReturn::IO.0);
    expect(
        &forced_file,
        aligned_blob().1,
        "EnnOpenModelWithFileOpenFd failed: ENN_RET_IO (2)",
        ErrorCode::DelegateInvalidCompatibility,
    );

    let forced_shared = backend(OpenPolicy::SharedFd);
    let shared_blob = |b: &EnnBackend| {
        let allocator = Arc::new(b.allocator().unwrap());
        let base = Arc::new(BufferLoader::new(linear_pte()));
        let loader = SharedLoader::new(base, allocator, SegmentKind::Backend, None);
        loader.load(0, linear_pte().len(), &info()).unwrap()
    };
    emu.fail("EnnOpenModelFromFd", 0, 0x1234);
    expect(
        &forced_shared,
        shared_blob(&forced_shared),
        "EnnOpenModelFromFd failed: unknown ENN return code 4660",
        ErrorCode::DelegateInvalidCompatibility,
    );

    emu.fail("EnnAllocateAllBuffersWithSessionId", 0, EnnReturn::MEM_ERR.0);
    expect(
        &auto,
        memory_blob(),
        "EnnAllocateAllBuffersWithSessionId failed: ENN_RET_MEM_ERR (6)",
        ErrorCode::DelegateMemoryAllocationFailed,
    );

    emu.fail("EnnGetBuffersInfo", 0, EnnReturn::FAILED.0);
    expect(
        &auto,
        memory_blob(),
        "EnnGetBuffersInfo failed",
        ErrorCode::DelegateMemoryAllocationFailed,
    );

    // Buffer allocation for the loader: a clear loader error, nothing alive.
    let context = auto.context().unwrap();
    let allocator = Arc::new(pterun_enn::EnnAllocator::new(context).unwrap());
    for function in ["EnnCreateBuffer", "EnnGetFileDescriptorFromEnnBuffer"] {
        emu.fail(function, 0, EnnReturn::MEM_ERR.0);
        let loader = SharedLoader::new(
            Arc::new(BufferLoader::new(linear_pte())),
            allocator.clone(),
            SegmentKind::Backend,
            None,
        );
        let err = loader.load(0, 100, &info()).unwrap_err();
        let text = format!("{err}: {}", std::error::Error::source(&err).unwrap());
        assert!(text.contains(function) && text.contains("ENN_RET_MEM_ERR (6)"), "{text}");
        assert_eq!(emu.counters().live_buffers, 0);
    }
    drop(allocator);
    emu.assert_quiescent("allocator faults");

    // Auto falls back to memory when an fd open fails, and records it.
    emu.fail("EnnOpenModelWithFileOpenFd", 0, EnnReturn::FAILED.0);
    let mut delegate = auto.init(&CTX, aligned_blob().1, &[]).unwrap();
    let r = auto.open_records().pop().unwrap();
    assert_eq!((r.path, r.fallback_from), (OpenPath::Memory, Some(OpenPath::FileFd)));
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);
    emu.fail("EnnOpenModelFromFd", 0, EnnReturn::FAILED.0);
    let delegate = auto.init(&CTX, shared_blob(&auto), &[]).unwrap();
    let r = auto.open_records().pop().unwrap();
    assert_eq!((r.path, r.fallback_from), (OpenPath::Memory, Some(OpenPath::SharedFd)));
    drop(delegate);
    // Both the fd open and the fallback fail: one error naming both.
    emu.fail("EnnOpenModelWithFileOpenFd", 0, EnnReturn::FAILED.0);
    emu.fail("EnnOpenModelFromMemory", 0, EnnReturn::SIZE.0);
    let err = auto.init(&CTX, aligned_blob().1, &[]).err().unwrap();
    assert!(err.message.contains("EnnOpenModelWithFileOpenFd failed"), "{}", err.message);
    assert!(
        err.message.contains("EnnOpenModelFromMemory failed: ENN_RET_SIZE (7)"),
        "{}",
        err.message
    );
    emu.assert_quiescent("fallbacks");

    // Execute: an Internal error naming the call; the model stays usable.
    let mut delegate = auto.init(&CTX, memory_blob(), &[]).unwrap();
    emu.fail("EnnExecuteModel", 0, 16);
    let err = run_linear(delegate.as_mut()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
    assert!(
        err.message.contains("EnnExecuteModel failed: ENN_RET_FAILED_RESOURCE_BUSY (16)"),
        "{}",
        err.message
    );
    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
    drop(delegate);
    emu.assert_quiescent("execute fault");
    let c = emu.counters();
    assert!(c.injected_failures >= 12, "{c:?}");
}

#[test]
fn models_and_buffers_keep_the_context_alive() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let backend = backend(OpenPolicy::Auto);
    let library = Arc::clone(backend.library().unwrap());
    let context = EnnContext::acquire(Arc::clone(&library)).unwrap();
    let again = backend.context().unwrap();
    assert!(Arc::ptr_eq(&context, &again));
    assert_eq!(emu.counters().initialize_calls, 1);
    // A library at another path while the context is live is refused (before any call).
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(pterun_enn_sys::LIBRARY_NAME);
    std::fs::copy(emu_path(), &copy).unwrap();
    let other = EnnLibrary::open(&copy).unwrap();
    let err = EnnContext::acquire(other).unwrap_err();
    assert!(matches!(err, pterun_enn::Error::ContextLibraryMismatch { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::NotSupported);

    let model = EnnModel::open(&context, memory_blob(), OpenPolicy::Auto).unwrap();
    let buffer =
        pterun_memory::SharedAllocator::allocate(&backend.allocator().unwrap(), 64).unwrap();
    drop(again);
    drop(context);
    drop(backend);
    // The model and the buffer still hold the context: no deinit yet.
    let c = emu.counters();
    assert_eq!((c.context_refs, c.deinitialize_calls, c.live_models, c.live_buffers), (1, 0, 1, 3));
    assert_eq!((model.num_inputs(), model.num_outputs()), (1, 1));
    assert_eq!((model.input_size(0), model.output_size(0)), (Some(16), Some(12)));
    assert_eq!(model.input_size(1), None);
    drop(model);
    assert_eq!(emu.counters().context_refs, 1);
    drop(buffer);
    emu.assert_quiescent("after the last buffer");
    assert!(EnnContext::current().is_none());
    assert_eq!(emu.counters().initialize_calls, 1);
}

#[test]
fn two_threads_execute_their_own_models_concurrently() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let backend = backend(OpenPolicy::Auto);
    let barrier = Arc::new(std::sync::Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|i| {
            let backend = Arc::clone(&backend);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let blob = if i == 0 { memory_blob() } else { aligned_blob().1 };
                let mut delegate: Box<dyn Delegate> = backend.init(&CTX, blob, &[]).unwrap();
                barrier.wait();
                for _ in 0..50 {
                    assert_linear_output(&run_linear(delegate.as_mut()).unwrap());
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let c = emu.counters();
    assert_eq!(c.executions, 100);
    assert_eq!(c.initialize_calls, 1, "{c:?}");
    let mut paths: Vec<_> = backend.open_records().iter().map(|r| r.path).collect();
    paths.sort_by_key(|p| p.as_str());
    assert_eq!(paths, [OpenPath::FileFd, OpenPath::Memory]);
    emu.assert_quiescent("after the threads");
}

/// Runs `fixtures/enn/two_partitions_aligned16k.pte` (two ENN delegates at 16 KiB-aligned
/// segments with a CPU op between) through the runtime with `loader`; returns the records.
fn run_two_partitions(
    backend: &Arc<EnnBackend>,
    loader: Arc<dyn DataLoader>,
) -> Vec<pterun_enn::OpenRecord> {
    use pterun_runtime::{BackendRegistry, LoadOptions, Method, Output, Program};
    let dir = fixture("../enn");
    let kernels = pterun_kernels::Registry::portable();
    let mut backends = BackendRegistry::new();
    backends.register(backend.clone()).unwrap();
    let program = Program::load(loader).unwrap();
    let options = LoadOptions {
        kernels: &kernels,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let mut method = Method::load(&program, "forward", options).unwrap();
    let input = std::fs::read(dir.join("two_partitions_aligned16k.input0.bin")).unwrap();
    method.set_input(0, ScalarType::Float, &[1, 3, 16, 16], &input).unwrap();
    method.execute().unwrap();
    let Output::Tensor(out) = method.output(0).unwrap() else { panic!("not a tensor") };
    let expected = std::fs::read(dir.join("two_partitions_aligned16k.expected0.bin")).unwrap();
    assert_eq!(out.data.len(), expected.len());
    for (g, w) in out.data.chunks_exact(4).zip(expected.chunks_exact(4)) {
        let g = f32::from_le_bytes([g[0], g[1], g[2], g[3]]);
        let w = f32::from_le_bytes([w[0], w[1], w[2], w[3]]);
        assert!((g - w).abs() <= 1e-4 * w.abs().max(1.0), "got {g}, expected {w}");
    }
    backend.open_records()
}

#[test]
fn whole_programs_run_with_enn_delegates() {
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    emu.reset();
    let path = fixture("../enn/two_partitions_aligned16k.pte");

    // mmap: both blobs sit at 16 KiB-aligned offsets, so both open from the file fd.
    let backend_a = backend(OpenPolicy::Auto);
    let mmap = Arc::new(MmapLoader::open(&path, MmapOptions::default()).unwrap());
    let records = run_two_partitions(&backend_a, mmap.clone());
    assert_eq!(records.len(), 2);
    for r in &records {
        assert_eq!((r.path, r.client_bytes_copied, r.library_copy), (OpenPath::FileFd, 0, false));
    }
    assert_eq!(emu.counters().bytes_copied_at_open, 0);
    emu.assert_quiescent("after the mmap run");
    emu.reset();

    // --loader shared: blobs placed in ENN buffers, opened from their fds.
    let backend_b = backend(OpenPolicy::Auto);
    let allocator = Arc::new(backend_b.allocator().unwrap());
    let shared = Arc::new(SharedLoader::new(mmap, allocator, SegmentKind::Backend, None));
    let records = run_two_partitions(&backend_b, shared.clone());
    for r in &records {
        assert_eq!(r.path, OpenPath::SharedFd);
        assert_eq!(r.client_bytes_copied, r.blob_bytes);
    }
    let c = emu.counters();
    assert_eq!((c.opens_from_fd, c.bytes_copied_at_open), (2, 0));
    drop(shared);
    emu.assert_quiescent("after the shared run");
}

/// Where `/proc/self/fd/<fd>` points, if the number is open.
fn fd_target(fd: i32) -> Option<std::path::PathBuf> {
    std::fs::read_link(format!("/proc/self/fd/{fd}")).ok()
}

#[test]
fn the_file_fd_open_owns_a_close_on_exec_duplicate() {
    use std::os::fd::AsRawFd;
    let _serial = serial();
    let emu = Emu::get();
    emu.set_strict_deinit(true);
    emu.assert_quiescent("start");
    // The library keeps using the descriptor number it was given (no dup of its own), and
    // fails an execution once that number no longer names the model file.
    emu.set_borrow_file_fd(true);
    let backend = backend(OpenPolicy::FileFd);
    let (file, segment) = aligned_blob();
    let path = std::fs::canonicalize(file.path()).unwrap();
    let loader_fd = segment.provenance().fd().unwrap().as_raw_fd();
    let mut delegate = backend.open_delegate(&CTX, segment).unwrap();
    emu.set_borrow_file_fd(false);
    let model = delegate.model();
    assert_eq!(model.record().path, OpenPath::FileFd);
    let fd = model.model_fd().unwrap().as_raw_fd();
    assert_ne!(fd, loader_fd, "the library got a duplicate, not the loader's fd");
    assert_eq!(fd_target(fd), Some(path.clone()));
    let fdinfo = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).unwrap();
    let flags = fdinfo.lines().find_map(|l| l.strip_prefix("flags:")).unwrap().trim();
    let flags = u32::from_str_radix(flags, 8).unwrap();
    assert_ne!(flags & 0o2_000_000, 0, "O_CLOEXEC set: {fdinfo}");
    // The program's side is gone: the segment was dropped at open, the loader in
    // `aligned_blob`, so the loader's descriptor is closed; the model still runs.
    assert_ne!(fd_target(loader_fd), Some(path.clone()), "the loader's fd is closed");
    drop(file);
    assert_linear_output(&run_linear(&mut delegate).unwrap());
    drop(delegate);
    let path_text = path.to_string_lossy().into_owned();
    assert!(
        fd_target(fd).is_none_or(|t| !t.to_string_lossy().starts_with(&path_text)),
        "the duplicate is closed after EnnCloseModel"
    );
    drop(backend);
    emu.assert_quiescent("end");
}
