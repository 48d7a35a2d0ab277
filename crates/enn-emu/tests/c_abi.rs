//! The software ENN library through its C ABI only: the built `libenn_public_api_cpp.so`
//! is loaded with `libloading`, exactly as the ENN backend will load it.
//!
//! The library's state (context, registries, counters, injected faults) is process-global,
//! so every test takes `SERIAL` and leaves the context count at 0 and nothing alive.

use std::ffi::{c_char, CStr, CString};
use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use libloading::Library;
use pterun_enn_sys::emulator::{self, EmuCounters};
use pterun_enn_sys::{
    signatures, EnnBuffer, EnnBufferInfo, EnnBufferPtr, EnnModelId, NumberOfBuffersInfo,
    ENN_DIR_IN, ENN_DIR_OUT, LIBRARY_NAME, SYMBOLS,
};

const SUCCESS: i32 = 0;
const FAILED: i32 = 1;
const INVAL: i32 = 3;
const SIZE: i32 = 7;
const NOT_SUPPORTED: i32 = 0xFF;

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `<target dir>/<profile>/libenn_public_api_cpp.so`, (re)built first.
///
/// The integration tests of a `cdylib`-only package do not depend on its library target,
/// so `cargo test` alone would leave a stale (or no) library: under cargo (`CARGO` set) the
/// library is always built with the same profile (a no-op when fresh); otherwise it is
/// built only when missing.
fn library_path() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("<target>/<profile>/deps/<test>");
    let path = profile_dir.join(LIBRARY_NAME);
    let cargo = std::env::var("CARGO").ok();
    if cargo.is_some() || !path.exists() {
        let mut command = Command::new(cargo.as_deref().unwrap_or("cargo"));
        command.args(["build", "--quiet", "-p", "pterun-enn-emu"]);
        match profile_dir.file_name().and_then(|n| n.to_str()) {
            Some("debug") | None => {}
            Some("release") => {
                command.arg("--release");
            }
            Some(other) => {
                command.args(["--profile", other]);
            }
        }
        // A cross build keeps its outputs in `<target dir>/<triple>/<profile>`: rebuild for
        // that triple into the same target dir, or the library would be built for the host.
        let triple = env!("PTERUN_EMU_BUILD_TARGET");
        let parent = profile_dir.parent();
        let cross =
            parent.filter(|p| !triple.is_empty() && p.file_name().is_some_and(|n| n == triple));
        if let Some(target) = cross.and_then(Path::parent) {
            command.args(["--target", triple]).arg("--target-dir").arg(target);
        } else if let Some(target) = parent {
            command.arg("--target-dir").arg(target);
        }
        let status = command.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p pterun-enn-emu failed");
    }
    assert!(path.exists(), "{} missing", path.display());
    path
}

/// Every function of the library, bound once.
struct Api {
    _library: Library,
    initialize: signatures::Initialize,
    deinitialize: signatures::Deinitialize,
    set_perf: signatures::SetPreferencePerfMode,
    get_perf: signatures::GetPreferencePerfMode,
    open_path: signatures::OpenModel,
    open_memory: signatures::OpenModelFromMemory,
    open_fd: signatures::OpenModelFromFd,
    open_file_fd: signatures::OpenModelWithFileOpenFd,
    set_fast_ipc: signatures::SetFastIpc,
    unset_fast_ipc: signatures::UnsetFastIpc,
    execute_fast_ipc: signatures::ExecuteModelFastIpc,
    execute: signatures::ExecuteModel,
    execute_async: signatures::ExecuteModelWithSessionIdAsync,
    wait: signatures::ExecuteModelWithSessionIdWait,
    close: signatures::CloseModel,
    allocate_all: signatures::AllocateAllBuffers,
    allocate_all_session: signatures::AllocateAllBuffersWithSessionId,
    commit: signatures::BufferCommit,
    buffers_info: signatures::GetBuffersInfo,
    release_buffers: signatures::ReleaseBuffers,
    create_buffer: signatures::CreateBuffer,
    import_buffer: signatures::CreateBufferFromFdWithOffset,
    release_buffer: signatures::ReleaseBuffer,
    buffer_fd: signatures::GetFileDescriptorFromEnnBuffer,
    set_buffer: signatures::SetBufferByIndex,
    buffer_info: signatures::GetBufferInfoByIndex,
    counters: emulator::Counters,
    fail: emulator::Fail,
    reset: emulator::Reset,
    strict: emulator::SetStrictDeinit,
}

fn api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let path = library_path();
        // SAFETY: loading runs the library's initialisers; ours has none beyond Rust's.
        let library = unsafe { Library::new(&path) }.expect("load the emulator");
        macro_rules! bind {
            ($name:literal) => {
                // SAFETY: the symbol is one of the library's exports, and its Rust type is
                // the contract's signature (checked at compile time in the library).
                *unsafe { library.get(concat!($name, "\0").as_bytes()) }.expect($name)
            };
        }
        Api {
            initialize: bind!("EnnInitialize"),
            deinitialize: bind!("EnnDeinitialize"),
            set_perf: bind!("EnnSetPreferencePerfMode"),
            get_perf: bind!("EnnGetPreferencePerfMode"),
            open_path: bind!("EnnOpenModel"),
            open_memory: bind!("EnnOpenModelFromMemory"),
            open_fd: bind!("EnnOpenModelFromFd"),
            open_file_fd: bind!("EnnOpenModelWithFileOpenFd"),
            set_fast_ipc: bind!("EnnSetFastIpc"),
            unset_fast_ipc: bind!("EnnUnsetFastIpc"),
            execute_fast_ipc: bind!("EnnExecuteModelFastIpc"),
            execute: bind!("EnnExecuteModel"),
            execute_async: bind!("EnnExecuteModelWithSessionIdAsync"),
            wait: bind!("EnnExecuteModelWithSessionIdWait"),
            close: bind!("EnnCloseModel"),
            allocate_all: bind!("EnnAllocateAllBuffers"),
            allocate_all_session: bind!("EnnAllocateAllBuffersWithSessionId"),
            commit: bind!("EnnBufferCommit"),
            buffers_info: bind!("EnnGetBuffersInfo"),
            release_buffers: bind!("EnnReleaseBuffers"),
            create_buffer: bind!("EnnCreateBuffer"),
            import_buffer: bind!("EnnCreateBufferFromFdWithOffset"),
            release_buffer: bind!("EnnReleaseBuffer"),
            buffer_fd: bind!("EnnGetFileDescriptorFromEnnBuffer"),
            set_buffer: bind!("EnnSetBufferByIndex"),
            buffer_info: bind!("EnnGetBufferInfoByIndex"),
            counters: bind!("pterun_enn_emu_counters"),
            fail: bind!("pterun_enn_emu_fail"),
            reset: bind!("pterun_enn_emu_reset"),
            strict: bind!("pterun_enn_emu_set_strict_deinit"),
            _library: library,
        }
    })
}

// Safe wrappers: every pointer passed below points to live, correctly typed memory of the
// caller, which is the whole contract of these functions.
impl Api {
    fn init(&self) -> i32 {
        // SAFETY: no arguments.
        unsafe { (self.initialize)() }.0
    }
    fn deinit(&self) -> i32 {
        // SAFETY: no arguments.
        unsafe { (self.deinitialize)() }.0
    }
    fn counters(&self) -> EmuCounters {
        let mut counters = EmuCounters::default();
        // SAFETY: a valid out-pointer.
        assert_eq!(unsafe { (self.counters)(&mut counters) }, 0);
        counters
    }
    fn fail(&self, name: &str, countdown: u32, code: i32) -> i32 {
        let name = CString::new(name).expect("no NUL");
        // SAFETY: a NUL-terminated string.
        unsafe { (self.fail)(name.as_ptr(), countdown, code) }
    }
    fn reset(&self) {
        // SAFETY: no arguments.
        unsafe { (self.reset)() }
    }
    fn set_strict(&self, on: bool) {
        // SAFETY: plain value.
        unsafe { (self.strict)(on) }
    }
    fn open_memory(&self, blob: &[u8]) -> (i32, EnnModelId) {
        let mut id = 0;
        // SAFETY: `blob` is valid for its length; `id` is a valid out-pointer.
        let r = unsafe { (self.open_memory)(blob.as_ptr().cast(), blob.len() as u32, &mut id) };
        (r.0, id)
    }
    fn open_fd(&self, fd: i32) -> (i32, EnnModelId) {
        let mut id = 0;
        // SAFETY: `id` is a valid out-pointer; `fd` is open (or a test of a bad one).
        let r = unsafe { (self.open_fd)(fd, &mut id) };
        (r.0, id)
    }
    fn open_file_fd(&self, fd: i32, size: u32, offset: u32) -> (i32, EnnModelId) {
        let mut id = 0;
        // SAFETY: as `open_fd`.
        let r = unsafe { (self.open_file_fd)(fd, size, offset, &mut id) };
        (r.0, id)
    }
    fn open_path(&self, path: &Path) -> (i32, EnnModelId) {
        let path = CString::new(path.to_str().expect("utf-8 path")).expect("no NUL");
        let mut id = 0;
        // SAFETY: a NUL-terminated path and a valid out-pointer.
        let r = unsafe { (self.open_path)(path.as_ptr(), &mut id) };
        (r.0, id)
    }
    fn close(&self, id: EnnModelId) -> i32 {
        // SAFETY: plain value.
        unsafe { (self.close)(id) }.0
    }
    fn execute(&self, id: EnnModelId) -> i32 {
        // SAFETY: plain value.
        unsafe { (self.execute)(id) }.0
    }
    fn buffers_info(&self, id: EnnModelId) -> (i32, NumberOfBuffersInfo) {
        let mut info = NumberOfBuffersInfo::default();
        // SAFETY: a valid out-pointer.
        let r = unsafe { (self.buffers_info)(id, &mut info) };
        (r.0, info)
    }
    fn allocate_all_session(
        &self,
        id: EnnModelId,
        session: i32,
    ) -> (i32, *mut EnnBufferPtr, NumberOfBuffersInfo) {
        let mut array = std::ptr::null_mut();
        let mut counts = NumberOfBuffersInfo { n_in_buf: 77, n_out_buf: 77 };
        // SAFETY: valid out-pointers.
        let r = unsafe { (self.allocate_all_session)(id, &mut array, &mut counts, session, true) };
        (r.0, array, counts)
    }
    fn allocate_all(&self, id: EnnModelId) -> (i32, *mut EnnBufferPtr, NumberOfBuffersInfo) {
        let mut array = std::ptr::null_mut();
        let mut counts = NumberOfBuffersInfo { n_in_buf: 77, n_out_buf: 77 };
        // SAFETY: valid out-pointers.
        let r = unsafe { (self.allocate_all)(id, &mut array, &mut counts) };
        (r.0, array, counts)
    }
    fn release_buffers(&self, array: *mut EnnBufferPtr, count: i32) -> i32 {
        // SAFETY: the library only compares the pointer with its registry.
        unsafe { (self.release_buffers)(array, count) }.0
    }
    fn create_buffer(&self, size: u32) -> (i32, EnnBufferPtr) {
        let mut buffer = std::ptr::null_mut();
        // SAFETY: a valid out-pointer.
        let r = unsafe { (self.create_buffer)(size, 0, &mut buffer) };
        (r.0, buffer)
    }
    fn import_buffer(&self, fd: i32, size: u32, offset: u32) -> (i32, EnnBufferPtr) {
        let mut buffer = std::ptr::null_mut();
        // SAFETY: a valid out-pointer; `fd` is open.
        let r = unsafe { (self.import_buffer)(fd, size, offset, &mut buffer) };
        (r.0, buffer)
    }
    fn release_buffer(&self, buffer: EnnBufferPtr) -> i32 {
        // SAFETY: the library only compares the pointer with its registry.
        unsafe { (self.release_buffer)(buffer) }.0
    }
    fn buffer_fd(&self, buffer: EnnBufferPtr) -> (i32, i32) {
        let mut fd = -1;
        // SAFETY: a valid out-pointer; the buffer pointer is only looked up.
        let r = unsafe { (self.buffer_fd)(buffer, &mut fd) };
        (r.0, fd)
    }
    fn set_buffer(&self, id: EnnModelId, dir: i32, index: u32, buffer: EnnBufferPtr) -> i32 {
        // SAFETY: the buffer pointer is only looked up.
        unsafe { (self.set_buffer)(id, dir, index, buffer) }.0
    }
    fn buffer_info(&self, id: EnnModelId, dir: i32, index: u32) -> (i32, EnnBufferInfo) {
        let mut info = EnnBufferInfo {
            is_able_to_update: false,
            n: 0,
            width: 0,
            height: 0,
            channel: 0,
            size: 0,
            buffer_type: 0,
            label: std::ptr::null(),
        };
        // SAFETY: a valid out-pointer.
        let r = unsafe { (self.buffer_info)(id, dir, index, &mut info) };
        (r.0, info)
    }
    fn set_perf(&self, mode: u32) -> i32 {
        // SAFETY: plain value.
        unsafe { (self.set_perf)(mode) }.0
    }
    fn get_perf(&self) -> (i32, u32) {
        let mut mode = 0;
        // SAFETY: a valid out-pointer.
        let r = unsafe { (self.get_perf)(&mut mode) };
        (r.0, mode)
    }
    fn set_fast_ipc(&self) -> i32 {
        // SAFETY: no arguments.
        unsafe { (self.set_fast_ipc)() }.0
    }
    fn unset_fast_ipc(&self) -> i32 {
        // SAFETY: no arguments.
        unsafe { (self.unset_fast_ipc)() }.0
    }
    fn execute_fast_ipc(&self, id: EnnModelId) -> i32 {
        // SAFETY: plain values.
        unsafe { (self.execute_fast_ipc)(id, 10) }.0
    }
    fn execute_async(&self, id: EnnModelId, session: i32) -> i32 {
        // SAFETY: plain values.
        unsafe { (self.execute_async)(id, session) }.0
    }
    fn wait(&self, id: EnnModelId, session: i32) -> i32 {
        // SAFETY: plain values.
        unsafe { (self.wait)(id, session) }.0
    }
    fn commit(&self, id: EnnModelId) -> i32 {
        // SAFETY: plain value.
        unsafe { (self.commit)(id) }.0
    }
}

/// The `EnnBuffer` behind a pointer the library handed out and has not released.
fn view(buffer: EnnBufferPtr) -> &'static EnnBuffer {
    assert!(!buffer.is_null());
    // SAFETY: a live library buffer header; the tests read it only while it is alive.
    unsafe { &*buffer }
}

/// The buffer's bytes.
fn bytes_mut(buffer: EnnBufferPtr) -> &'static mut [u8] {
    let header = view(buffer);
    // SAFETY: `va` maps `size` bytes owned by the live buffer; tests use one view at a time.
    unsafe { std::slice::from_raw_parts_mut(header.va.cast::<u8>(), header.size as usize) }
}

/// Element `i` of a library buffer array of `n` elements.
fn element(array: *mut EnnBufferPtr, n: usize, i: usize) -> EnnBufferPtr {
    assert!(i < n && !array.is_null());
    // SAFETY: the library allocated `n` elements at `array`, alive until released.
    unsafe { *array.add(i) }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models").join(name)
}

fn f32s(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn assert_close(found: &[u8], expected: &[u8]) {
    let (found, expected) = (f32s(found), f32s(expected));
    assert_eq!(found.len(), expected.len());
    for (i, (f, e)) in found.iter().zip(&expected).enumerate() {
        assert!((f - e).abs() <= 1e-5, "element {i}: {f} vs {e}");
    }
}

struct Model {
    name: &'static str,
    blob: Vec<u8>,
    input: Vec<u8>,
    expected: Vec<u8>,
}

fn model(name: &'static str) -> Model {
    Model {
        name,
        blob: fixture(&format!("{name}.pte")),
        input: fixture(&format!("{name}.input0.bin")),
        expected: fixture(&format!("{name}.expected0.bin")),
    }
}

/// Allocates all buffers, executes `times` times checking the output, releases them.
fn run(api: &Api, id: EnnModelId, model: &Model, times: usize) {
    let (r, info) = api.buffers_info(id);
    assert_eq!(r, SUCCESS);
    assert_eq!((info.n_in_buf, info.n_out_buf), (1, 1), "{}", model.name);
    let (r, array, counts) = api.allocate_all_session(id, 0);
    assert_eq!(r, SUCCESS);
    assert_eq!(counts, info);
    let (input, output) = (element(array, 2, 0), element(array, 2, 1));
    assert_eq!(view(input).size as usize, model.input.len());
    assert_eq!(view(input).offset, 0);
    assert_eq!(view(output).size as usize, model.expected.len());
    for _ in 0..times {
        bytes_mut(input).copy_from_slice(&model.input);
        bytes_mut(output).fill(0);
        assert_eq!(api.execute(id), SUCCESS);
        assert_close(bytes_mut(output), &model.expected);
    }
    assert_eq!(api.release_buffers(array, 2), SUCCESS);
}

/// A buffer holding `bytes`.
fn buffer_with(api: &Api, bytes: &[u8]) -> EnnBufferPtr {
    let (r, buffer) = api.create_buffer(bytes.len() as u32);
    assert_eq!(r, SUCCESS);
    bytes_mut(buffer).copy_from_slice(bytes);
    buffer
}

fn page_size() -> usize {
    pterun_memory::page_size()
}

#[test]
fn open_paths_counters_and_strictness() {
    let _serial = serial();
    let api = api();
    let linear = model("linear");
    let cnn = model("cnn");
    api.reset();
    let base = api.counters();
    assert_eq!(base.context_refs, 0);
    assert_eq!((base.live_models, base.live_buffers), (0, 0));

    // Nothing works without a context.
    assert_eq!(api.open_memory(&linear.blob).0, FAILED);
    assert_eq!(api.create_buffer(16).0, FAILED);
    assert_eq!(api.execute(1), FAILED);
    assert_eq!(api.close(1), FAILED);
    assert_eq!(api.get_perf().0, FAILED);
    assert_eq!(api.set_fast_ipc(), FAILED);
    assert_eq!(api.deinit(), FAILED);
    assert_eq!(api.counters().failed_calls, 7);
    assert_eq!(api.counters().deinitialize_calls, 0);

    assert_eq!(api.init(), SUCCESS);
    assert_eq!(api.counters().context_refs, 1);

    // Memory path: one copy of the blob.
    let (r, id_memory) = api.open_memory(&linear.blob);
    assert_eq!(r, SUCCESS);
    assert!(id_memory != 0 && id_memory >> 32 == 0);
    let c = api.counters();
    assert_eq!((c.opens_from_memory, c.live_models), (1, 1));
    assert_eq!(c.bytes_copied_at_open, linear.blob.len() as u64);
    assert_eq!(c.bytes_mapped_at_open, 0);
    run(api, id_memory, &linear, 3);
    assert_eq!(api.counters().executions, 3);

    // Fd path: a library buffer holding the blob, released right after the open.
    let blob_buffer = buffer_with(api, &cnn.blob);
    let (r, fd) = api.buffer_fd(blob_buffer);
    assert_eq!(r, SUCCESS);
    assert!(fd >= 0);
    let (r, id_fd) = api.open_fd(fd);
    assert_eq!(r, SUCCESS);
    assert_eq!(api.release_buffer(blob_buffer), SUCCESS);
    run(api, id_fd, &cnn, 2);
    let c = api.counters();
    assert_eq!(c.opens_from_fd, 1);
    assert_eq!(c.bytes_copied_at_open, linear.blob.len() as u64, "the fd path copies nothing");
    assert_eq!(c.bytes_mapped_at_open, cnn.blob.len() as u64);
    assert_eq!(api.open_fd(-1).0, INVAL);

    // File fd path: the blob at a page-aligned offset of a regular file.
    let page = page_size();
    let mut file = tempfile::tempfile().expect("temp file");
    file.write_all(&vec![0xAB; page]).expect("write");
    file.write_all(&linear.blob).expect("write");
    file.write_all(&[0xCD; 100]).expect("write");
    let raw = file.as_raw_fd();
    let size = linear.blob.len() as u32;
    let (r, id_file) = api.open_file_fd(raw, size, page as u32);
    assert_eq!(r, SUCCESS);
    drop(file);
    run(api, id_file, &linear, 1);
    let c = api.counters();
    assert_eq!(c.opens_from_file_fd, 1);
    assert_eq!(c.bytes_copied_at_open, linear.blob.len() as u64);
    assert_eq!(c.bytes_mapped_at_open, (cnn.blob.len() + linear.blob.len()) as u64);
    let file = File::open(fixture_path("linear.pte")).expect("open");
    assert_eq!(api.open_file_fd(file.as_raw_fd(), size, 1).0, INVAL, "unaligned offset");
    assert_eq!(api.open_file_fd(file.as_raw_fd(), size + 1, 0).0, INVAL, "past the end");
    assert_eq!(api.open_file_fd(file.as_raw_fd(), 0, 0).0, INVAL, "empty");
    let (r, id_whole) = api.open_file_fd(file.as_raw_fd(), size, 0);
    assert_eq!(r, SUCCESS);
    assert_eq!(api.close(id_whole), SUCCESS);

    // Path.
    let (r, id_path) = api.open_path(&fixture_path("cnn.pte"));
    assert_eq!(r, SUCCESS);
    run(api, id_path, &cnn, 1);
    assert_ne!(api.open_path(Path::new("/nonexistent/model.pte")).0, SUCCESS);

    // Ids are distinct and never reused.
    let ids = [id_memory, id_fd, id_file, id_whole, id_path];
    for (i, a) in ids.iter().enumerate() {
        assert!(ids[i + 1..].iter().all(|b| b != a));
    }
    assert_eq!(api.close(id_whole), INVAL, "closed ids stay unknown");

    // Invalid blobs open nothing and leak nothing.
    let before = api.counters();
    assert_eq!(api.open_memory(b"definitely not a program").0, INVAL);
    let garbage = buffer_with(api, &[7u8; 4096]);
    assert_eq!(api.open_fd(api.buffer_fd(garbage).1).0, INVAL);
    assert_eq!(api.release_buffer(garbage), SUCCESS);
    let after = api.counters();
    assert_eq!((after.live_models, after.live_buffers), (before.live_models, before.live_buffers));
    assert_eq!(after.opens_from_memory, before.opens_from_memory);

    // Unknown ids.
    for id in [0, 999_999, u64::MAX] {
        assert_eq!(api.execute(id), INVAL);
        assert_eq!(api.buffers_info(id).0, INVAL);
        assert_eq!(api.close(id), INVAL);
        assert_eq!(api.allocate_all(id).0, INVAL);
    }

    // Buffer info and binding.
    let (r, info) = api.buffer_info(id_memory, ENN_DIR_IN, 0);
    assert_eq!(r, SUCCESS);
    assert_eq!(info.size as usize, linear.input.len());
    assert_eq!((info.n, info.channel, info.height, info.width), (1, 1, 1, 4));
    assert_eq!(info.buffer_type, 0, "FLOAT32");
    // SAFETY: the label is NUL-terminated and valid until the model is closed.
    assert_eq!(unsafe { CStr::from_ptr(info.label) }.to_str(), Ok("input_0"));
    assert_eq!(api.buffer_info(id_memory, ENN_DIR_OUT, 0).1.size as usize, linear.expected.len());
    assert_eq!(api.buffer_info(id_memory, ENN_DIR_OUT, 1).0, INVAL);
    assert_eq!(api.buffer_info(id_memory, 2, 0).0, INVAL);

    // Manual flow: caller buffers (one imported from an fd + offset) bound by index.
    let input = buffer_with(api, &linear.input);
    // Smaller than the tensor: refused; larger (padding): accepted, then rebound below.
    let (_, small) = api.create_buffer(linear.input.len() as u32 - 4);
    assert_eq!(api.set_buffer(id_memory, ENN_DIR_IN, 0, small), SIZE);
    let (_, large) = api.create_buffer(linear.input.len() as u32 + 4);
    assert_eq!(api.set_buffer(id_memory, ENN_DIR_IN, 0, large), SUCCESS);
    assert_eq!(api.set_buffer(id_memory, ENN_DIR_IN, 1, input), INVAL);
    assert_eq!(api.set_buffer(id_memory, 5, 0, input), INVAL);
    assert_eq!(api.set_buffer(id_memory, ENN_DIR_IN, 0, input), SUCCESS);
    let (_, backing) = api.create_buffer(2 * page as u32);
    let backing_fd = api.buffer_fd(backing).1;
    let out_len = linear.expected.len() as u32;
    // An offset that is not page-aligned is mapped from the page below it.
    let (r, unaligned) = api.import_buffer(backing_fd, out_len, 1);
    assert_eq!(r, SUCCESS, "unaligned offset");
    assert_eq!(api.release_buffer(unaligned), SUCCESS);
    assert_eq!(api.import_buffer(backing_fd, 2 * page as u32, 1).0, INVAL, "past the end");
    assert_eq!(api.import_buffer(backing_fd, 2 * page as u32, page as u32).0, INVAL, "too long");
    let (r, output) = api.import_buffer(backing_fd, out_len, page as u32);
    assert_eq!(r, SUCCESS);
    assert_eq!(api.release_buffer(backing), SUCCESS, "the import keeps the memory");
    assert_eq!(api.set_buffer(id_memory, ENN_DIR_OUT, 0, output), SUCCESS);
    assert_eq!(api.commit(id_memory), SUCCESS);
    assert_eq!(api.execute(id_memory), SUCCESS);
    assert_close(bytes_mut(output), &linear.expected);
    assert_eq!(api.execute_fast_ipc(id_memory), SUCCESS);
    assert_eq!((api.set_fast_ipc(), api.unset_fast_ipc()), (SUCCESS, SUCCESS));
    // Async runs now; wait returns its result once.
    assert_eq!(api.execute_async(id_memory, 0), SUCCESS);
    assert_eq!(api.execute_async(id_memory, 0), FAILED, "one pending run per session");
    assert_eq!(api.wait(id_memory, 0), SUCCESS);
    assert_eq!(api.wait(id_memory, 0), FAILED);
    assert_eq!(api.execute_async(id_memory, 1), NOT_SUPPORTED);
    assert_eq!(api.allocate_all_session(id_memory, 1).0, NOT_SUPPORTED);
    let (r, array, counts) = api.allocate_all_session(id_memory, 3);
    assert_eq!((r, array.is_null(), counts), (NOT_SUPPORTED, true, NumberOfBuffersInfo::default()));
    // A bound buffer released by the caller is not silently used.
    assert_eq!(api.release_buffer(input), SUCCESS);
    assert_eq!(api.execute(id_memory), INVAL);

    // Releases: double, foreign, wrong array count.
    assert_eq!(api.release_buffer(input), INVAL, "double release");
    let mut foreign = EnnBuffer { va: std::ptr::null_mut(), size: 4, offset: 0 };
    assert_eq!(api.release_buffer(&mut foreign), INVAL, "foreign pointer");
    assert_eq!(api.release_buffer(std::ptr::null_mut()), INVAL);
    let (r, array, counts) = api.allocate_all(id_memory);
    assert_eq!((r, counts.n_in_buf, counts.n_out_buf), (SUCCESS, 1, 1));
    let live = api.counters().live_buffers;
    assert_eq!(api.release_buffers(array, 3), INVAL);
    let mut fake = [element(array, 2, 0), element(array, 2, 1)];
    assert_eq!(api.release_buffers(fake.as_mut_ptr(), 2), INVAL, "foreign array");
    assert_eq!(api.counters().live_buffers, live, "nothing freed");
    bytes_mut(element(array, 2, 0)).copy_from_slice(&linear.input);
    assert_eq!(api.execute(id_memory), SUCCESS);
    assert_close(bytes_mut(element(array, 2, 1)), &linear.expected);
    assert_eq!(api.release_buffers(array, 2), SUCCESS);
    assert_eq!(api.release_buffers(array, 2), INVAL, "array double release");
    assert_eq!(api.counters().live_buffers, live - 2);
    assert_eq!(api.release_buffer(small), SUCCESS);
    assert_eq!(api.release_buffer(large), SUCCESS);
    assert_eq!(api.release_buffer(output), SUCCESS);

    // Perf mode.
    assert_eq!(api.set_perf(7), SUCCESS);
    assert_eq!(api.get_perf(), (SUCCESS, 7));

    // Closing a model leaves its allocated buffers to the caller.
    let (_, array, _) = api.allocate_all(id_fd);
    let live = api.counters().live_buffers;
    assert_eq!(api.close(id_fd), SUCCESS);
    assert_eq!(api.counters().live_buffers, live);
    assert_eq!(api.release_buffers(array, 2), SUCCESS);

    // Strict deinitialisation refuses while anything is alive.
    api.set_strict(true);
    assert_eq!(api.init(), SUCCESS, "nested reference");
    assert_eq!(api.deinit(), SUCCESS, "not the last reference");
    assert_eq!(api.deinit(), FAILED, "models still open");
    assert_eq!(api.counters().context_refs, 1);
    for id in [id_memory, id_file, id_path] {
        assert_eq!(api.close(id), SUCCESS);
    }
    let (_, leftover) = api.create_buffer(8);
    assert_eq!(api.deinit(), FAILED, "a buffer still alive");
    assert_eq!(api.release_buffer(leftover), SUCCESS);
    assert_eq!(api.deinit(), SUCCESS);
    let c = api.counters();
    assert_eq!(
        (c.context_refs, c.live_models, c.live_buffers, c.leaks_at_last_deinit),
        (0, 0, 0, 0)
    );
    assert_eq!(api.deinit(), FAILED, "count 0");
    api.set_strict(false);

    // Lenient deinitialisation reports leaks.
    assert_eq!(api.init(), SUCCESS);
    let (_, leaked) = api.create_buffer(8);
    assert_eq!(api.deinit(), SUCCESS);
    assert_eq!(api.counters().leaks_at_last_deinit, 1);
    assert_eq!(api.init(), SUCCESS);
    assert_eq!(api.release_buffer(leaked), SUCCESS);
    assert_eq!(api.deinit(), SUCCESS);
    assert_eq!(api.counters().leaks_at_last_deinit, 0);

    // Counters: reset keeps live objects, failures were all counted.
    assert!(api.counters().failed_calls > 30);
    api.reset();
    let c = api.counters();
    assert_eq!(c, EmuCounters::default());
}

/// Calls the function `name` in a setting where it succeeds, cleaning up after it; returns
/// its code. With `inject`, that code is injected for `name` just before the call (after
/// any set-up that uses the same function). Whatever the code, nothing is left alive.
fn call_once(api: &Api, name: &'static str, linear: &Model, inject: Option<i32>) -> i32 {
    let arm = || {
        if let Some(code) = inject {
            assert_eq!(api.fail(name, 0, code), 0, "{name}");
        }
    };
    let (r, id) = api.open_memory(&linear.blob);
    assert_eq!(r, SUCCESS);
    let (r, array, _) = api.allocate_all(id);
    assert_eq!(r, SUCCESS);
    bytes_mut(element(array, 2, 0)).copy_from_slice(&linear.input);
    let code = match name {
        "EnnInitialize" => {
            arm();
            let r = api.init();
            if r == SUCCESS {
                assert_eq!(api.deinit(), SUCCESS);
            }
            r
        }
        "EnnDeinitialize" => {
            assert_eq!(api.init(), SUCCESS);
            arm();
            let r = api.deinit();
            if r != SUCCESS {
                assert_eq!(api.deinit(), SUCCESS);
            }
            r
        }
        "EnnSetPreferencePerfMode" => {
            arm();
            api.set_perf(1)
        }
        "EnnGetPreferencePerfMode" => {
            arm();
            api.get_perf().0
        }
        "EnnOpenModel"
        | "EnnOpenModelFromMemory"
        | "EnnOpenModelFromFd"
        | "EnnOpenModelWithFileOpenFd" => {
            let file = File::open(fixture_path("linear.pte")).expect("open");
            let blob = buffer_with(api, &linear.blob);
            let blob_fd = api.buffer_fd(blob).1;
            let live = api.counters().live_models;
            arm();
            let (r, other) = match name {
                "EnnOpenModel" => api.open_path(&fixture_path("linear.pte")),
                "EnnOpenModelFromMemory" => api.open_memory(&linear.blob),
                "EnnOpenModelFromFd" => api.open_fd(blob_fd),
                _ => api.open_file_fd(file.as_raw_fd(), linear.blob.len() as u32, 0),
            };
            assert_eq!(api.release_buffer(blob), SUCCESS);
            if r == SUCCESS {
                assert_eq!(api.close(other), SUCCESS);
            } else {
                assert_eq!(api.counters().live_models, live, "nothing opened");
            }
            r
        }
        "EnnSetFastIpc" => {
            arm();
            api.set_fast_ipc()
        }
        "EnnUnsetFastIpc" => {
            arm();
            api.unset_fast_ipc()
        }
        "EnnExecuteModelFastIpc" => {
            arm();
            api.execute_fast_ipc(id)
        }
        "EnnExecuteModel" => {
            arm();
            api.execute(id)
        }
        "EnnExecuteModelWithSessionIdAsync" => {
            arm();
            let r = api.execute_async(id, 0);
            if r == SUCCESS {
                assert_eq!(api.wait(id, 0), SUCCESS);
            }
            r
        }
        "EnnExecuteModelWithSessionIdWait" => {
            assert_eq!(api.execute_async(id, 0), SUCCESS);
            arm();
            let r = api.wait(id, 0);
            if r != SUCCESS {
                assert_eq!(api.wait(id, 0), SUCCESS);
            }
            r
        }
        "EnnCloseModel" => {
            let (_, other) = api.open_memory(&linear.blob);
            arm();
            let r = api.close(other);
            if r != SUCCESS {
                assert_eq!(api.close(other), SUCCESS, "still open");
            }
            r
        }
        "EnnAllocateAllBuffers" | "EnnAllocateAllBuffersWithSessionId" => {
            let live = api.counters().live_buffers;
            arm();
            let (r, other, counts) = if name == "EnnAllocateAllBuffers" {
                api.allocate_all(id)
            } else {
                api.allocate_all_session(id, 0)
            };
            if r == SUCCESS {
                assert_eq!(api.release_buffers(other, 2), SUCCESS);
            } else {
                assert_eq!(counts, NumberOfBuffersInfo::default(), "counts zeroed");
                assert_eq!(api.counters().live_buffers, live, "nothing allocated");
            }
            r
        }
        "EnnBufferCommit" => {
            arm();
            api.commit(id)
        }
        "EnnGetBuffersInfo" => {
            arm();
            api.buffers_info(id).0
        }
        "EnnReleaseBuffers" => {
            let (_, other, _) = api.allocate_all(id);
            arm();
            let r = api.release_buffers(other, 2);
            if r != SUCCESS {
                assert_eq!(api.release_buffers(other, 2), SUCCESS, "still alive");
            }
            r
        }
        "EnnCreateBuffer" => {
            let live = api.counters().live_buffers;
            arm();
            let (r, buffer) = api.create_buffer(64);
            if r == SUCCESS {
                assert_eq!(api.release_buffer(buffer), SUCCESS);
            } else {
                assert_eq!(api.counters().live_buffers, live, "nothing allocated");
            }
            r
        }
        "EnnCreateBufferFromFdWithOffset" => {
            let backing = buffer_with(api, &[1u8; 64]);
            let backing_fd = api.buffer_fd(backing).1;
            arm();
            let (r, buffer) = api.import_buffer(backing_fd, 64, 0);
            if r == SUCCESS {
                assert_eq!(api.release_buffer(buffer), SUCCESS);
            }
            assert_eq!(api.release_buffer(backing), SUCCESS);
            r
        }
        "EnnReleaseBuffer" => {
            let (_, buffer) = api.create_buffer(64);
            arm();
            let r = api.release_buffer(buffer);
            if r != SUCCESS {
                assert_eq!(api.release_buffer(buffer), SUCCESS, "still alive");
            }
            r
        }
        "EnnGetFileDescriptorFromEnnBuffer" => {
            arm();
            api.buffer_fd(element(array, 2, 0)).0
        }
        "EnnSetBufferByIndex" => {
            arm();
            api.set_buffer(id, ENN_DIR_IN, 0, element(array, 2, 0))
        }
        "EnnGetBufferInfoByIndex" => {
            arm();
            api.buffer_info(id, ENN_DIR_OUT, 0).0
        }
        other => panic!("no call for {other}"),
    };
    assert_eq!(api.release_buffers(array, 2), SUCCESS);
    assert_eq!(api.close(id), SUCCESS);
    code
}

#[test]
fn fault_injection_works_for_every_function_once() {
    let _serial = serial();
    let api = api();
    let linear = model("linear");
    api.reset();
    assert_eq!(api.fail("EnnNoSuchFunction", 0, 1), -1);
    assert_eq!(api.fail("EnnInitialize", 0, 0), -1, "a success code is no failure");
    assert_eq!(api.init(), SUCCESS);
    let names: Vec<&'static str> = SYMBOLS.iter().map(|&(name, _)| name).collect();
    assert_eq!(names.len(), 26);
    for (k, name) in names.iter().enumerate() {
        let code = 100 + k as i32;
        assert_eq!(call_once(api, name, &linear, Some(code)), code, "{name}: the injected code");
        assert_eq!(call_once(api, name, &linear, None), SUCCESS, "{name}: works again");
        let c = api.counters();
        assert_eq!((c.live_models, c.live_buffers), (0, 0), "{name}: nothing leaked");
    }
    // A countdown lets calls through first.
    assert_eq!(api.fail("EnnExecuteModel", 2, 42), 0);
    assert_eq!(call_once(api, "EnnExecuteModel", &linear, None), SUCCESS);
    assert_eq!(call_once(api, "EnnExecuteModel", &linear, None), SUCCESS);
    assert_eq!(call_once(api, "EnnExecuteModel", &linear, None), 42);
    assert_eq!(call_once(api, "EnnExecuteModel", &linear, None), SUCCESS);
    let c = api.counters();
    assert_eq!(c.injected_failures, 27);
    assert!(c.failed_calls >= 27);
    assert_eq!(api.deinit(), SUCCESS);
    assert_eq!(api.counters().leaks_at_last_deinit, 0);
    api.reset();
}

#[test]
fn two_threads_execute_their_own_models_concurrently() {
    let _serial = serial();
    let api = api();
    api.reset();
    std::thread::scope(|scope| {
        for (name, via_fd) in [("linear", false), ("cnn", true)] {
            scope.spawn(move || {
                let model = model(name);
                assert_eq!(api.init(), SUCCESS);
                let (r, id) = if via_fd {
                    let blob = buffer_with(api, &model.blob);
                    let opened = api.open_fd(api.buffer_fd(blob).1);
                    assert_eq!(api.release_buffer(blob), SUCCESS);
                    opened
                } else {
                    api.open_memory(&model.blob)
                };
                assert_eq!(r, SUCCESS);
                run(api, id, &model, 50);
                assert_eq!(api.close(id), SUCCESS);
                assert_eq!(api.deinit(), SUCCESS);
            });
        }
    });
    let c = api.counters();
    assert_eq!(c.executions, 100);
    assert_eq!((c.context_refs, c.live_models, c.live_buffers, c.failed_calls), (0, 0, 0, 0));
    assert_eq!((c.opens_from_memory, c.opens_from_fd), (1, 1));
    api.reset();
}

#[test]
fn exports_every_contract_symbol() {
    let _serial = serial();
    let path = library_path();
    // SAFETY: as in `api`.
    let library = unsafe { Library::new(&path) }.expect("load");
    for &(name, _) in SYMBOLS {
        let symbol = format!("{name}\0");
        // SAFETY: only the address is looked up.
        let found = unsafe { library.get::<*const c_char>(symbol.as_bytes()) };
        assert!(found.is_ok(), "{name} missing");
    }
}
