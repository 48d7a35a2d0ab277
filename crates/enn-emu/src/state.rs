//! The library's logic, in safe Rust: context reference count, model and buffer
//! registries, counters and fault injection.
//!
//! # Locking
//!
//! One global [`Mutex`] guards the registries and counters (`STATE`). Each model has its
//! own mutex (`Model::inner`: the loaded method and its bound buffers) so that different
//! models execute concurrently, and each buffer has one around its mapping. The global lock
//! is never held while a model's lock is taken (and vice versa); buffer locks are taken
//! last and alone, so there is no lock-order cycle.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, CString};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};

use pterun_core::ScalarType;
use pterun_enn_sys::emulator::{self, EmuCounters};
use pterun_enn_sys::{EnnBufDir, ENN_DIR_OUT, SYMBOLS};
use pterun_enn_sys::{EnnBuffer, EnnBufferPtr, EnnReturn, NumberOfBuffersInfo, ENN_DIR_IN};
use pterun_memory::{
    page_size, BufferLoader, DataLoader, FdLoader, LoaderStats, MemfdAllocator, MmapLoader,
    MmapOptions, Segment, SegmentInfo, SharedAllocator, SharedBuffer,
};
use pterun_runtime::{BackendRegistry, IoMeta, LoadOptions, Method, Output, Program};

/// A call's result: the value, or the failing return code.
pub(crate) type Result<T, E = EnnReturn> = std::result::Result<T, E>;

const FAILED: EnnReturn = EnnReturn::FAILED;
const INVAL: EnnReturn = EnnReturn::INVAL;
const IO: EnnReturn = EnnReturn::IO;
const MEM_ERR: EnnReturn = EnnReturn::MEM_ERR;
const SIZE: EnnReturn = EnnReturn::SIZE;
const NOT_SUPPORTED: EnnReturn = EnnReturn::NOT_SUPPORTED;

/// Label of the memfds behind every buffer (visible in `/proc/<pid>/maps`).
const MEMFD_LABEL: &str = "enn-emu";

/// The memory behind an [`EnnBuffer`] the library hands out: the same layout, with atomic
/// fields so that a caller writing through its pointer is no data race for this library.
#[repr(C)]
#[derive(Debug)]
struct Header {
    va: AtomicUsize,
    size: AtomicU32,
    offset: AtomicU32,
}

const _: () = {
    use std::mem::{align_of, offset_of, size_of};
    assert!(size_of::<Header>() == size_of::<EnnBuffer>());
    assert!(align_of::<Header>() == align_of::<EnnBuffer>());
    assert!(offset_of!(Header, va) == offset_of!(EnnBuffer, va));
    assert!(offset_of!(Header, size) == offset_of!(EnnBuffer, size));
    assert!(offset_of!(Header, offset) == offset_of!(EnnBuffer, offset));
    assert!(size_of::<AtomicUsize>() == size_of::<EnnBufferPtr>());
};

/// One buffer: its public header, its memfd mapping, its requested size.
#[derive(Debug)]
struct Buffer {
    header: Box<Header>,
    memory: Mutex<SharedBuffer>,
    /// Where the buffer's bytes start in `memory` (an import at an offset that is not
    /// page-aligned maps from the page below it).
    start: usize,
    /// Requested size (the mapping has at least one byte even for 0).
    size: usize,
    /// The memfd, borrowed by `EnnGetFileDescriptorFromEnnBuffer` callers.
    fd: c_int,
    /// Cleared on release; a model still bound to a released buffer refuses to execute.
    live: AtomicBool,
}

impl Buffer {
    fn new(shared: SharedBuffer, size: usize) -> Result<Arc<Buffer>> {
        Buffer::new_at(shared, 0, size)
    }

    /// A buffer of `size` bytes at `start` of `shared`.
    fn new_at(mut shared: SharedBuffer, start: usize, size: usize) -> Result<Arc<Buffer>> {
        let size32 = u32::try_from(size).map_err(|_| SIZE)?;
        let bytes = shared.as_mut_slice().get_mut(start..).ok_or(SIZE)?;
        let va = bytes.as_mut_ptr() as usize;
        let fd = shared.fd().as_raw_fd();
        let header =
            Box::new(Header { va: va.into(), size: size32.into(), offset: AtomicU32::new(0) });
        Ok(Arc::new(Buffer {
            header,
            memory: Mutex::new(shared),
            start,
            size,
            fd,
            live: AtomicBool::new(true),
        }))
    }

    /// A fresh memfd buffer of `size` bytes.
    fn allocate(size: usize) -> Result<Arc<Buffer>> {
        u32::try_from(size).map_err(|_| SIZE)?;
        let shared =
            MemfdAllocator::with_label(MEMFD_LABEL).allocate(size.max(1)).map_err(|_| MEM_ERR)?;
        Buffer::new(shared, size)
    }

    /// Fills the bytes past the tensor's `nbytes` with [`emulator::PADDING_FILL`].
    fn fill_padding(&self, nbytes: usize) {
        let mut memory = lock(&self.memory);
        if let Some(tail) =
            memory.as_mut_slice().get_mut(self.start + nbytes..self.start + self.size)
        {
            tail.fill(emulator::PADDING_FILL);
        }
    }

    /// The first `len` bytes of the buffer, read.
    fn read<T>(&self, len: usize, f: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let memory = lock(&self.memory);
        let end = self.start.checked_add(len).filter(|_| len <= self.size).ok_or(SIZE)?;
        f(memory.as_slice().get(self.start..end).ok_or(SIZE)?)
    }

    /// The first `len` bytes of the buffer, written.
    fn write(&self, data: &[u8]) -> Result<()> {
        let mut memory = lock(&self.memory);
        let len = data.len();
        let end = self.start.checked_add(len).filter(|_| len <= self.size).ok_or(SIZE)?;
        memory.as_mut_slice().get_mut(self.start..end).ok_or(SIZE)?.copy_from_slice(data);
        Ok(())
    }

    /// The pointer handed to callers.
    fn ptr(&self) -> EnnBufferPtr {
        std::ptr::from_ref::<Header>(&self.header).cast_mut().cast()
    }

    /// The registry key: the address of [`Buffer::ptr`].
    fn key(&self) -> usize {
        self.ptr() as usize
    }
}

/// An array of buffer pointers from `EnnAllocateAllBuffers*`.
#[derive(Debug)]
struct BufferArray {
    /// What the caller sees (one extra null slot, so even an empty array has a unique,
    /// real address).
    slots: Box<[AtomicUsize]>,
    /// The buffers, as allocated (the caller may scribble over `slots`).
    keys: Vec<usize>,
}

/// A tensor input or output of a model.
#[derive(Debug)]
struct IoSlot {
    /// Index among the method's inputs (or outputs), counting non-tensor values.
    index: usize,
    dtype: ScalarType,
    sizes: Vec<usize>,
    nbytes: usize,
    label: CString,
}

/// The mutable part of a model.
struct ModelInner {
    method: Method,
    inputs: Vec<Option<Arc<Buffer>>>,
    outputs: Vec<Option<Arc<Buffer>>>,
    /// Results of async executions not yet waited for, by session.
    pending: HashMap<c_int, EnnReturn>,
}

/// An open model.
struct Model {
    inputs: Vec<IoSlot>,
    outputs: Vec<IoSlot>,
    /// Bytes each of its buffers has beyond its tensor's (fixed when the model opened).
    padding: usize,
    /// The caller's descriptor the model still relies on, in borrow mode.
    borrowed: Option<BorrowedFile>,
    inner: Mutex<ModelInner>,
}

impl Model {
    fn slots(&self, dir: EnnBufDir) -> Result<&[IoSlot]> {
        match dir {
            ENN_DIR_IN => Ok(&self.inputs),
            ENN_DIR_OUT => Ok(&self.outputs),
            _ => Err(INVAL),
        }
    }

    /// The size of the buffer the library allocates for `slot`.
    fn buffer_size(&self, slot: &IoSlot) -> Result<usize> {
        let size = slot.nbytes.checked_add(self.padding).ok_or(SIZE)?;
        u32::try_from(size).map_err(|_| SIZE)?;
        Ok(size)
    }

    /// Buffers bound to `slots`, each live and at least the tensor's size.
    fn bound(slots: &[IoSlot], bound: &[Option<Arc<Buffer>>]) -> Result<Vec<Arc<Buffer>>> {
        slots
            .iter()
            .zip(bound)
            .map(|(slot, buffer)| {
                let buffer = buffer.as_ref().ok_or(INVAL)?;
                if !buffer.live.load(Ordering::Acquire) {
                    return Err(INVAL);
                }
                if buffer.size < slot.nbytes {
                    return Err(SIZE);
                }
                Ok(Arc::clone(buffer))
            })
            .collect()
    }

    /// One execution with the bound buffers.
    fn run(&self) -> Result<()> {
        if let Some(borrowed) = &self.borrowed {
            borrowed.check()?;
        }
        let mut guard = lock(&self.inner);
        let inner = &mut *guard;
        let inputs = Model::bound(&self.inputs, &inner.inputs)?;
        let outputs = Model::bound(&self.outputs, &inner.outputs)?;
        for (slot, buffer) in self.inputs.iter().zip(&inputs) {
            buffer.read(slot.nbytes, |bytes| {
                inner
                    .method
                    .set_input(slot.index, slot.dtype, &slot.sizes, bytes)
                    .map_err(|_| FAILED)
            })?;
        }
        inner.method.execute().map_err(|_| FAILED)?;
        for (slot, buffer) in self.outputs.iter().zip(&outputs) {
            let Output::Tensor(tensor) = inner.method.output(slot.index).map_err(|_| FAILED)?
            else {
                return Err(FAILED);
            };
            buffer.write(tensor.data)?;
        }
        Ok(())
    }
}

/// A descriptor number a model keeps without owning it (what a library that does not
/// `dup` does), with the identity of the file it named at open.
#[derive(Debug)]
struct BorrowedFile {
    fd: c_int,
    dev: u64,
    ino: u64,
}

impl BorrowedFile {
    /// The identity `/proc/self/fd/<fd>` resolves to, if the number is open.
    fn identity(fd: c_int) -> Option<(u64, u64)> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(format!("/proc/self/fd/{fd}")).ok()?;
        Some((meta.dev(), meta.ino()))
    }

    /// `IO` when the caller closed the descriptor (or the number names another file now).
    fn check(&self) -> Result<()> {
        if BorrowedFile::identity(self.fd) == Some((self.dev, self.ino)) {
            Ok(())
        } else {
            Err(IO)
        }
    }
}

/// A pending injected failure.
#[derive(Clone, Copy, Debug)]
struct Fault {
    countdown: u32,
    code: i32,
}

/// Everything global.
#[derive(Default)]
struct State {
    refs: i64,
    strict: bool,
    perf_mode: u32,
    /// Bytes added to every buffer of models opened from now on (`None`: the env var).
    padding: Option<usize>,
    /// `EnnOpenModelWithFileOpenFd` keeps the caller's fd number (see `BorrowedFile`).
    borrow_file_fd: bool,
    /// `EnnOpenModelWithFileOpenFd` refuses offsets that are not page-aligned (`None`:
    /// the environment variable decides).
    aligned_file_fd: Option<bool>,
    /// `EnnCreateBufferFromFdWithOffset` refuses offsets that are not page-aligned.
    aligned_imports: Option<bool>,
    /// Counters of finished work (the live fields are filled in at snapshot time).
    counters: EmuCounters,
    faults: HashMap<&'static str, Fault>,
    models: HashMap<u64, Arc<Model>>,
    buffers: HashMap<usize, Arc<Buffer>>,
    arrays: HashMap<usize, BufferArray>,
}

impl State {
    fn ready(&self) -> Result<()> {
        if self.refs > 0 {
            Ok(())
        } else {
            Err(FAILED)
        }
    }

    fn model(&self, id: u64) -> Result<Arc<Model>> {
        self.ready()?;
        self.models.get(&id).cloned().ok_or(INVAL)
    }

    fn live_objects(&self) -> u64 {
        (self.models.len() + self.buffers.len()) as u64
    }
}

static STATE: LazyLock<Mutex<State>> = LazyLock::new(Mutex::default);

/// Model ids are never reused in a process.
static NEXT_MODEL_ID: AtomicU64 = AtomicU64::new(1);

static KERNELS: LazyLock<pterun_kernels::Registry> =
    LazyLock::new(pterun_kernels::Registry::portable);

/// Locks `mutex`; a poisoned lock still guards consistent data here (every update is
/// completed before anything that could panic), so poisoning is ignored.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn state() -> MutexGuard<'static, State> {
    lock(&STATE)
}

fn model(id: u64) -> Result<Arc<Model>> {
    state().model(id)
}

fn ready() -> Result<()> {
    state().ready()
}

// ----------------------------------------------------------------------------------------
// Fault injection and counters.

/// The exported `Enn*` name matching `name`, if any.
fn symbol(name: &str) -> Option<&'static str> {
    SYMBOLS.iter().map(|&(symbol, _)| symbol).find(|&symbol| symbol == name)
}

/// Fires the injected failure for `name` if its countdown has run out.
pub(crate) fn take_fault(name: &'static str) -> Option<EnnReturn> {
    let mut state = state();
    let fault = state.faults.get_mut(name)?;
    if fault.countdown > 0 {
        fault.countdown -= 1;
        return None;
    }
    let code = fault.code;
    state.faults.remove(name);
    state.counters.injected_failures += 1;
    Some(EnnReturn(code))
}

/// Counts a non-success return.
pub(crate) fn count_failure() {
    state().counters.failed_calls += 1;
}

/// `pterun_enn_emu_fail`: 0, or -1 for an unknown name or a success code.
pub(crate) fn inject(name: &str, countdown: u32, code: i32) -> c_int {
    let Some(name) = symbol(name) else { return -1 };
    if code == 0 {
        return -1;
    }
    state().faults.insert(name, Fault { countdown, code });
    0
}

/// `pterun_enn_emu_counters`.
pub(crate) fn counters() -> EmuCounters {
    let state = state();
    EmuCounters {
        context_refs: state.refs,
        live_models: state.models.len() as u64,
        live_buffers: state.buffers.len() as u64,
        ..state.counters
    }
}

/// `pterun_enn_emu_reset`: forgets faults and finished-work counters.
pub(crate) fn reset() {
    let mut state = state();
    state.faults.clear();
    state.counters = EmuCounters::default();
}

/// `pterun_enn_emu_set_borrow_file_fd`.
pub(crate) fn set_borrow_file_fd(on: bool) {
    state().borrow_file_fd = on;
}

/// `pterun_enn_emu_set_buffer_padding`.
pub(crate) fn set_buffer_padding(bytes: u32) {
    state().padding = Some(bytes as usize);
}

/// The padding models opened now get: the last `set_buffer_padding`, else
/// `$PTERUN_ENN_EMU_PAD_BYTES` (ignored unless a byte count), else none.
fn buffer_padding() -> usize {
    static FROM_ENV: LazyLock<usize> = LazyLock::new(|| {
        std::env::var(emulator::PADDING_ENV).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
    });
    state().padding.unwrap_or(*FROM_ENV)
}

/// `pterun_enn_emu_set_strict_deinit`.
pub(crate) fn set_strict_deinit(on: bool) {
    state().strict = on;
}

// ----------------------------------------------------------------------------------------
// Context.

pub(crate) fn initialize() -> Result<()> {
    let mut state = state();
    state.refs += 1;
    state.counters.initialize_calls += 1;
    Ok(())
}

pub(crate) fn deinitialize() -> Result<()> {
    let mut state = state();
    state.ready()?;
    if state.refs == 1 {
        let live = state.live_objects();
        if state.strict && live > 0 {
            return Err(FAILED);
        }
        state.counters.leaks_at_last_deinit = live;
    }
    state.refs -= 1;
    state.counters.deinitialize_calls += 1;
    Ok(())
}

pub(crate) fn check_context() -> Result<()> {
    ready()
}

pub(crate) fn set_perf_mode(mode: u32) -> Result<()> {
    let mut state = state();
    state.ready()?;
    state.perf_mode = mode;
    Ok(())
}

pub(crate) fn perf_mode() -> Result<u32> {
    let state = state();
    state.ready()?;
    Ok(state.perf_mode)
}

// ----------------------------------------------------------------------------------------
// Models.

/// A loader over `len` bytes at `base` of another loader (`EnnOpenModelWithFileOpenFd`).
#[derive(Debug)]
struct RangeLoader {
    inner: FdLoader,
    base: u64,
    len: u64,
}

impl RangeLoader {
    fn check(&self, offset: u64, size: usize) -> pterun_memory::Result<u64> {
        match offset.checked_add(size as u64) {
            Some(end) if end <= self.len => Ok(self.base + offset),
            _ => Err(pterun_memory::Error::OutOfBounds { offset, size, source_len: self.len }),
        }
    }
}

impl DataLoader for RangeLoader {
    fn load(&self, offset: u64, size: usize, info: &SegmentInfo) -> pterun_memory::Result<Segment> {
        let at = self.check(offset, size)?;
        self.inner.load(at, size, info)
    }

    fn load_into(
        &self,
        offset: u64,
        dst: &mut [u8],
        info: &SegmentInfo,
    ) -> pterun_memory::Result<()> {
        let at = self.check(offset, dst.len())?;
        self.inner.load_into(at, dst, info)
    }

    fn size(&self) -> u64 {
        self.len
    }

    fn stats(&self) -> LoaderStats {
        self.inner.stats()
    }
}

fn io_slots(metas: &[IoMeta], prefix: &str) -> Result<Vec<IoSlot>> {
    let mut slots = Vec::new();
    for (index, meta) in metas.iter().enumerate() {
        let IoMeta::Tensor(tensor) = meta else { continue };
        let nbytes = tensor
            .sizes
            .iter()
            .try_fold(tensor.dtype.element_size(), |acc, &d| acc.checked_mul(d))
            .ok_or(NOT_SUPPORTED)?;
        u32::try_from(nbytes).map_err(|_| NOT_SUPPORTED)?;
        let label = CString::new(format!("{prefix}_{}", slots.len())).map_err(|_| FAILED)?;
        slots.push(IoSlot {
            index,
            dtype: tensor.dtype,
            sizes: tensor.sizes.clone(),
            nbytes,
            label,
        });
    }
    Ok(slots)
}

/// Loads the blob behind `loader` as a program and method `forward`.
fn load_model(loader: Arc<dyn DataLoader>) -> Result<Model> {
    let program = Program::load(loader).map_err(|_| INVAL)?;
    let backends = BackendRegistry::new();
    let options = LoadOptions {
        kernels: &KERNELS,
        backends: &backends,
        external_data: None,
        passes: pterun_runtime::Passes::ALL,
    };
    let method = Method::load(&program, "forward", options).map_err(|_| INVAL)?;
    let inputs = io_slots(&method.meta().inputs, "input")?;
    let outputs = io_slots(&method.meta().outputs, "output")?;
    let inner = ModelInner {
        method,
        inputs: vec![None; inputs.len()],
        outputs: vec![None; outputs.len()],
        pending: HashMap::new(),
    };
    Ok(Model {
        inputs,
        outputs,
        padding: buffer_padding(),
        borrowed: None,
        inner: Mutex::new(inner),
    })
}

/// How a model was opened, for the counters.
#[derive(Clone, Copy, Debug)]
enum OpenPath {
    Memory,
    Fd,
    FileFd,
    Path,
}

/// Registers a loaded model; `copied`/`mapped` are the blob bytes the open copied/mapped.
fn register(model: Model, path: OpenPath, copied: u64, mapped: u64) -> Result<u64> {
    let mut state = state();
    state.ready()?;
    let id = NEXT_MODEL_ID.fetch_add(1, Ordering::Relaxed);
    if id > u64::from(u32::MAX) {
        return Err(FAILED);
    }
    let counters = &mut state.counters;
    match path {
        OpenPath::Memory => counters.opens_from_memory += 1,
        OpenPath::Fd => counters.opens_from_fd += 1,
        OpenPath::FileFd => counters.opens_from_file_fd += 1,
        OpenPath::Path => {}
    }
    counters.bytes_copied_at_open += copied;
    counters.bytes_mapped_at_open += mapped;
    state.models.insert(id, Arc::new(model));
    Ok(id)
}

/// `EnnOpenModelFromMemory`: copies the blob into library memory.
pub(crate) fn open_from_memory(blob: &[u8]) -> Result<u64> {
    ready()?;
    if blob.is_empty() {
        return Err(INVAL);
    }
    let copy: Arc<[u8]> = Arc::from(blob);
    let model = load_model(Arc::new(BufferLoader::new(copy)))?;
    register(model, OpenPath::Memory, blob.len() as u64, 0)
}

/// `(copied, mapped)` for `size` bytes read through `loader`.
fn traffic(loader: &FdLoader, size: u64) -> (u64, u64) {
    if loader.is_mapped() {
        (0, size)
    } else {
        (size, 0)
    }
}

/// `EnnOpenModelFromFd`: `fd` (owned: a dup of the caller's) holds the blob at offset 0.
pub(crate) fn open_from_fd(fd: OwnedFd) -> Result<u64> {
    ready()?;
    let loader = FdLoader::new(fd).map_err(|_| INVAL)?;
    let size = loader.size();
    if size == 0 {
        return Err(INVAL);
    }
    let (copied, mapped) = traffic(&loader, size);
    let model = load_model(Arc::new(loader))?;
    register(model, OpenPath::Fd, copied, mapped)
}

/// `EnnOpenModelWithFileOpenFd`: `size` bytes at `offset` of `fd` (a dup of the caller's
/// `caller_fd`); an offset that is not page-aligned is refused only when told to.
pub(crate) fn open_from_file_fd(
    fd: OwnedFd,
    caller_fd: c_int,
    size: u32,
    offset: u32,
) -> Result<u64> {
    ready()?;
    let (borrow, aligned_only) = {
        let state = state();
        (
            state.borrow_file_fd,
            state.aligned_file_fd.unwrap_or_else(|| env_flag(emulator::ALIGNED_FILE_FD_ENV)),
        )
    };
    if size == 0 || (aligned_only && !(offset as usize).is_multiple_of(page_size())) {
        return Err(INVAL);
    }
    let loader = FdLoader::new(fd).map_err(|_| INVAL)?;
    let (base, len) = (u64::from(offset), u64::from(size));
    if base + len > loader.size() {
        return Err(INVAL);
    }
    let (copied, mapped) = traffic(&loader, len);
    let mut model = load_model(Arc::new(RangeLoader { inner: loader, base, len }))?;
    if borrow {
        let (dev, ino) = BorrowedFile::identity(caller_fd).ok_or(INVAL)?;
        model.borrowed = Some(BorrowedFile { fd: caller_fd, dev, ino });
    }
    register(model, OpenPath::FileFd, copied, mapped)
}

/// `EnnOpenModel`: maps the file at `path`.
pub(crate) fn open_from_path(path: &Path) -> Result<u64> {
    ready()?;
    let loader = MmapLoader::open(path, MmapOptions::default()).map_err(|_| IO)?;
    let size = loader.size();
    if size == 0 {
        return Err(INVAL);
    }
    let model = load_model(Arc::new(loader))?;
    register(model, OpenPath::Path, 0, size)
}

/// `EnnCloseModel`: bound buffers stay alive (and registered) until released.
pub(crate) fn close_model(id: u64) -> Result<()> {
    let mut state = state();
    state.ready()?;
    state.models.remove(&id).map(drop).ok_or(INVAL)
}

/// `EnnGetBuffersInfo`.
pub(crate) fn buffers_info(id: u64) -> Result<NumberOfBuffersInfo> {
    let model = model(id)?;
    Ok(NumberOfBuffersInfo {
        n_in_buf: model.inputs.len() as u32,
        n_out_buf: model.outputs.len() as u32,
    })
}

/// `EnnExecuteModel` (and the fast-IPC variant).
pub(crate) fn execute(id: u64) -> Result<()> {
    let model = model(id)?;
    model.run()?;
    state().counters.executions += 1;
    Ok(())
}

/// `EnnExecuteModelWithSessionIdAsync`: runs now; `Wait` returns the result.
pub(crate) fn execute_async(id: u64, session: c_int) -> Result<()> {
    let model = model(id)?;
    if session != 0 {
        return Err(NOT_SUPPORTED);
    }
    if lock(&model.inner).pending.contains_key(&session) {
        return Err(FAILED);
    }
    let result = match model.run() {
        Ok(()) => {
            state().counters.executions += 1;
            EnnReturn::SUCCESS
        }
        Err(code) => code,
    };
    lock(&model.inner).pending.insert(session, result);
    Ok(())
}

/// `EnnExecuteModelWithSessionIdWait`.
pub(crate) fn wait(id: u64, session: c_int) -> Result<()> {
    let model = model(id)?;
    let result = lock(&model.inner).pending.remove(&session).ok_or(FAILED)?;
    if result.is_success() {
        Ok(())
    } else {
        Err(result)
    }
}

/// `EnnBufferCommit`: nothing to do beyond checking the id.
pub(crate) fn commit(id: u64) -> Result<()> {
    model(id).map(drop)
}

/// `EnnAllocateAllBuffersWithSessionId`: the array pointer and the counts.
pub(crate) fn allocate_all(
    id: u64,
    session: c_int,
) -> Result<(*mut EnnBufferPtr, NumberOfBuffersInfo)> {
    let model = model(id)?;
    if session != 0 {
        return Err(NOT_SUPPORTED);
    }
    let buffers = model
        .inputs
        .iter()
        .chain(&model.outputs)
        .map(|slot| {
            let buffer = Buffer::allocate(model.buffer_size(slot)?)?;
            buffer.fill_padding(slot.nbytes);
            Ok(buffer)
        })
        .collect::<Result<Vec<_>>>()?;
    let keys: Vec<usize> = buffers.iter().map(|b| b.key()).collect();
    let slots: Box<[AtomicUsize]> =
        keys.iter().chain(std::iter::once(&0)).map(|&k| AtomicUsize::new(k)).collect();
    let array: *mut EnnBufferPtr = slots.as_ptr().cast_mut().cast();
    {
        let mut state = state();
        state.ready()?;
        if !state.models.contains_key(&id) {
            return Err(INVAL);
        }
        for buffer in &buffers {
            state.buffers.insert(buffer.key(), Arc::clone(buffer));
        }
        state.arrays.insert(array as usize, BufferArray { slots, keys });
    }
    let n_in = model.inputs.len();
    let mut inner = lock(&model.inner);
    inner.inputs = buffers[..n_in].iter().cloned().map(Some).collect();
    inner.outputs = buffers[n_in..].iter().cloned().map(Some).collect();
    let counts =
        NumberOfBuffersInfo { n_in_buf: n_in as u32, n_out_buf: model.outputs.len() as u32 };
    Ok((array, counts))
}

/// `EnnReleaseBuffers`: releases each buffer of a library array and the array itself.
/// An element already released makes the call fail after releasing the others.
pub(crate) fn release_buffers(array: usize, count: i32) -> Result<()> {
    let mut state = state();
    state.ready()?;
    let count = usize::try_from(count).map_err(|_| INVAL)?;
    match state.arrays.get(&array) {
        Some(entry) if entry.keys.len() == count => {}
        _ => return Err(INVAL),
    }
    let entry = state.arrays.remove(&array).ok_or(INVAL)?;
    let mut all = true;
    for key in &entry.keys {
        match state.buffers.remove(key) {
            Some(buffer) => buffer.live.store(false, Ordering::Release),
            None => all = false,
        }
    }
    drop(entry.slots);
    if all {
        Ok(())
    } else {
        Err(INVAL)
    }
}

/// `EnnCreateBuffer`.
pub(crate) fn create_buffer(size: u32, _flag: u32) -> Result<EnnBufferPtr> {
    ready()?;
    if size == 0 {
        return Err(INVAL);
    }
    let buffer = Buffer::allocate(size as usize)?;
    insert_buffer(buffer)
}

/// `EnnCreateBufferFromFdWithOffset`: `fd` is already a dup of the caller's. An offset
/// that is not page-aligned is mapped from the page below it, unless the library is told
/// to refuse such offsets ([`emulator::ALIGNED_IMPORTS_ENV`]).
pub(crate) fn import_buffer(fd: OwnedFd, size: u32, offset: u32) -> Result<EnnBufferPtr> {
    let aligned_only = {
        let state = state();
        state.ready()?;
        state.aligned_imports.unwrap_or_else(|| env_flag(emulator::ALIGNED_IMPORTS_ENV))
    };
    if size == 0 {
        return Err(INVAL);
    }
    let page = page_size() as u64;
    let offset = u64::from(offset);
    let start = offset % page;
    if aligned_only && start != 0 {
        return Err(INVAL);
    }
    let len = usize::try_from(start).ok().and_then(|s| s.checked_add(size as usize)).ok_or(SIZE)?;
    let shared = match SharedBuffer::import_fd(fd, offset - start, len) {
        Ok(shared) => shared,
        Err(
            pterun_memory::Error::InvalidAlignment(_) | pterun_memory::Error::OutOfBounds { .. },
        ) => return Err(INVAL),
        Err(_) => return Err(MEM_ERR),
    };
    let start = usize::try_from(start).map_err(|_| SIZE)?;
    insert_buffer(Buffer::new_at(shared, start, size as usize)?)
}

/// Whether the environment variable `name` is set to something other than `0` or empty.
fn env_flag(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0")
}

/// `pterun_enn_emu_set_aligned_file_fd`.
pub(crate) fn set_aligned_file_fd(on: bool) {
    state().aligned_file_fd = Some(on);
}

/// `pterun_enn_emu_set_aligned_imports`.
pub(crate) fn set_aligned_imports(on: bool) {
    state().aligned_imports = Some(on);
}

fn insert_buffer(buffer: Arc<Buffer>) -> Result<EnnBufferPtr> {
    let mut state = state();
    state.ready()?;
    let ptr = buffer.ptr();
    state.buffers.insert(buffer.key(), buffer);
    Ok(ptr)
}

/// `EnnReleaseBuffer`: only pointers this library handed out and has not released.
pub(crate) fn release_buffer(key: usize) -> Result<()> {
    let mut state = state();
    state.ready()?;
    let buffer = state.buffers.remove(&key).ok_or(INVAL)?;
    buffer.live.store(false, Ordering::Release);
    Ok(())
}

/// `EnnGetFileDescriptorFromEnnBuffer`: the memfd, borrowed until release.
pub(crate) fn buffer_fd(key: usize) -> Result<c_int> {
    let state = state();
    state.ready()?;
    state.buffers.get(&key).map(|b| b.fd).ok_or(INVAL)
}

/// `EnnSetBufferByIndex`: binds a live buffer at least the tensor's size.
pub(crate) fn set_buffer(id: u64, dir: EnnBufDir, index: u32, key: usize) -> Result<()> {
    let (model, buffer) = {
        let state = state();
        let model = state.model(id)?;
        let buffer = state.buffers.get(&key).cloned().ok_or(INVAL)?;
        (model, buffer)
    };
    let slot = model.slots(dir)?.get(index as usize).ok_or(INVAL)?;
    if buffer.size < slot.nbytes {
        return Err(SIZE);
    }
    let mut inner = lock(&model.inner);
    let bound = if dir == ENN_DIR_IN { &mut inner.inputs } else { &mut inner.outputs };
    let entry = bound.get_mut(index as usize).ok_or(INVAL)?;
    *entry = Some(buffer);
    Ok(())
}

/// What `EnnGetBufferInfoByIndex` reports.
#[derive(Debug)]
pub(crate) struct BufferInfo {
    pub(crate) n: u32,
    pub(crate) channel: u32,
    pub(crate) height: u32,
    pub(crate) width: u32,
    pub(crate) size: u32,
    pub(crate) buffer_type: u32,
    /// NUL-terminated, valid until the model is closed.
    pub(crate) label: *const c_char,
}

/// ENN's `TensorType` code of a dtype (`u32::MAX` for types ENN does not name).
fn tensor_type(dtype: ScalarType) -> u32 {
    match dtype {
        ScalarType::Float => 0,
        ScalarType::Half => 1,
        ScalarType::Int => 2,
        ScalarType::Byte => 3,
        ScalarType::Long => 4,
        ScalarType::Short => 7,
        ScalarType::Char => 9,
        _ => u32::MAX,
    }
}

/// Sizes as NCHW, padded on the left with 1s; leading dimensions beyond 4 fold into N.
fn nchw(sizes: &[usize]) -> [u32; 4] {
    let mut dims = [1usize; 4];
    let split = sizes.len().saturating_sub(3);
    dims[0] = sizes[..split].iter().product();
    for (k, &d) in sizes[split..].iter().enumerate() {
        dims[4 - (sizes.len() - split) + k] = d;
    }
    dims.map(|d| u32::try_from(d).unwrap_or(u32::MAX))
}

/// `EnnGetBufferInfoByIndex`.
pub(crate) fn buffer_info(id: u64, dir: EnnBufDir, index: u32) -> Result<BufferInfo> {
    let model = model(id)?;
    let slot = model.slots(dir)?.get(index as usize).ok_or(INVAL)?;
    let [n, channel, height, width] = nchw(&slot.sizes);
    Ok(BufferInfo {
        n,
        channel,
        height,
        width,
        size: u32::try_from(model.buffer_size(slot)?).map_err(|_| SIZE)?,
        buffer_type: tensor_type(slot.dtype),
        label: slot.label.as_ptr(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nchw_pads_and_folds() {
        assert_eq!(nchw(&[]), [1, 1, 1, 1]);
        assert_eq!(nchw(&[1, 4]), [1, 1, 1, 4]);
        assert_eq!(nchw(&[2, 3, 4, 5]), [2, 3, 4, 5]);
        assert_eq!(nchw(&[2, 3, 4, 5, 6]), [6, 4, 5, 6]);
    }

    #[test]
    fn every_contract_symbol_is_injectable() {
        for &(name, _) in SYMBOLS {
            assert_eq!(symbol(name), Some(name));
        }
        assert_eq!(symbol("EnnNoSuchFunction"), None);
    }
}
