//! The only module with `unsafe`: the vendor library, its function table, every call into
//! it, and the library-owned buffers.
//!
//! # Invariants
//!
//! * The function pointers live in [`EnnLibrary`] next to the `Library` handle that keeps
//!   them valid; the table is private and every call goes through `&self`, so no pointer
//!   can outlive the library.
//! * A library missing a required symbol is closed at once: [`EnnLibrary::open`] returns
//!   an error and no pointer into it survives.
//! * Every return code is read as an [`EnnReturn`] (an `i32` newtype), never as an enum.
//! * Calls that take only ids or borrowed memory are safe wrappers: a conforming library
//!   validates ids and does not keep borrowed pointers beyond the call (it copies the blob
//!   and `dup`s fds it keeps). Calls that free library pointers are `unsafe fn`s used only
//!   by the RAII owners of those pointers.
#![allow(
    unsafe_code,
    reason = "FFI to the vendor ENN library: dlopen/dlsym, calls through C function pointers and access to library-owned buffers"
)]

use std::ffi::c_char;
use std::fmt;
use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::path::{Path, PathBuf};
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, PoisonError};

use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
use pterun_enn_sys::{signatures as sig, EnnBufferPtr, EnnModelId, EnnReturn, NumberOfBuffersInfo};
use pterun_memory::SharedBuffer;

use crate::context::EnnContext;
use crate::error::{Error, Result};
use crate::open::{check_u32, OpenCapabilities};

/// Looks `name` up and returns it as `T`, `None` when absent or null.
///
/// # Safety
///
/// `T` must be the exact C signature of the function `name` (a `signatures::*` type); the
/// value may only be called while `library` stays loaded.
unsafe fn bind<T: Copy>(library: &Library, name: &str) -> Option<T> {
    let mut symbol = Vec::with_capacity(name.len() + 1);
    symbol.extend_from_slice(name.as_bytes());
    symbol.push(0);
    // SAFETY: `Option<T>` of a function pointer type is pointer-sized with `None` as null
    // (libloading checks the size and returns an error otherwise), so a genuinely null
    // symbol becomes `None` rather than an invalid fn pointer; `T` is the symbol's exact
    // signature by this function's contract.
    let found = unsafe { library.get::<Option<T>>(&symbol) };
    found.ok().and_then(|s| *s)
}

macro_rules! functions {
    (
        required { $($rf:ident: $rt:ty = $rn:literal,)* }
        optional { $($of:ident: $ot:ty = $on:literal,)* }
    ) => {
        /// The C functions of the library. Private: the pointers never leave this module.
        #[derive(Clone, Copy)]
        struct Functions {
            $($rf: $rt,)*
            $($of: Option<$ot>,)*
        }

        /// Every name this table binds, with whether it is required (checked against
        /// `pterun_enn_sys::SYMBOLS` by a test).
        #[cfg(test)]
        const BOUND: &[(&str, bool)] = &[$(($rn, true),)* $(($on, false),)*];

        impl Functions {
            /// Binds every symbol; the required names that are missing on failure.
            ///
            /// # Safety
            ///
            /// The table may only be used while `library` stays loaded.
            unsafe fn bind(library: &Library) -> std::result::Result<Functions, Vec<&'static str>> {
                let mut missing = Vec::new();
                $(
                    // SAFETY: `$rt` is the `signatures` type of `$rn`; the caller keeps
                    // the library loaded while the table is used.
                    let $rf = unsafe { bind::<$rt>(library, $rn) };
                    if $rf.is_none() {
                        missing.push($rn);
                    }
                )*
                $(
                    // SAFETY: as above, for `$ot` and `$on`.
                    let $of = unsafe { bind::<$ot>(library, $on) };
                )*
                match ($($rf,)*) {
                    ($(Some($rf),)*) => Ok(Functions { $($rf,)* $($of,)* }),
                    _ => Err(missing),
                }
            }

            /// Names of the optional functions the library exports.
            fn optional_present(&self) -> Vec<&'static str> {
                let mut present = Vec::new();
                $(
                    if self.$of.is_some() {
                        present.push($on);
                    }
                )*
                present
            }
        }
    };
}

functions! {
    required {
        initialize: sig::Initialize = "EnnInitialize",
        deinitialize: sig::Deinitialize = "EnnDeinitialize",
        open_model_from_memory: sig::OpenModelFromMemory = "EnnOpenModelFromMemory",
        execute_model: sig::ExecuteModel = "EnnExecuteModel",
        get_buffers_info: sig::GetBuffersInfo = "EnnGetBuffersInfo",
        release_buffers: sig::ReleaseBuffers = "EnnReleaseBuffers",
        close_model: sig::CloseModel = "EnnCloseModel",
    }
    optional {
        set_preference_perf_mode: sig::SetPreferencePerfMode = "EnnSetPreferencePerfMode",
        get_preference_perf_mode: sig::GetPreferencePerfMode = "EnnGetPreferencePerfMode",
        open_model: sig::OpenModel = "EnnOpenModel",
        open_model_from_fd: sig::OpenModelFromFd = "EnnOpenModelFromFd",
        open_model_with_file_open_fd: sig::OpenModelWithFileOpenFd = "EnnOpenModelWithFileOpenFd",
        set_fast_ipc: sig::SetFastIpc = "EnnSetFastIpc",
        unset_fast_ipc: sig::UnsetFastIpc = "EnnUnsetFastIpc",
        execute_model_fast_ipc: sig::ExecuteModelFastIpc = "EnnExecuteModelFastIpc",
        execute_model_with_session_id_async: sig::ExecuteModelWithSessionIdAsync = "EnnExecuteModelWithSessionIdAsync",
        execute_model_with_session_id_wait: sig::ExecuteModelWithSessionIdWait = "EnnExecuteModelWithSessionIdWait",
        allocate_all_buffers_with_session_id: sig::AllocateAllBuffersWithSessionId = "EnnAllocateAllBuffersWithSessionId",
        allocate_all_buffers: sig::AllocateAllBuffers = "EnnAllocateAllBuffers",
        buffer_commit: sig::BufferCommit = "EnnBufferCommit",
        create_buffer: sig::CreateBuffer = "EnnCreateBuffer",
        create_buffer_from_fd_with_offset: sig::CreateBufferFromFdWithOffset = "EnnCreateBufferFromFdWithOffset",
        release_buffer: sig::ReleaseBuffer = "EnnReleaseBuffer",
        get_file_descriptor_from_enn_buffer: sig::GetFileDescriptorFromEnnBuffer = "EnnGetFileDescriptorFromEnnBuffer",
        set_buffer_by_index: sig::SetBufferByIndex = "EnnSetBufferByIndex",
        get_buffer_info_by_index: sig::GetBufferInfoByIndex = "EnnGetBufferInfoByIndex",
    }
}

/// The vendor library `libenn_public_api_cpp.so`, opened with `RTLD_NOW | RTLD_LOCAL`,
/// with every symbol of `pterun_enn_sys::SYMBOLS` bound (required ones present, optional
/// ones possibly absent).
///
/// Once opened successfully it stays loaded for the life of the process: a process-wide
/// registry keeps one `Arc<EnnLibrary>` per path, and every later [`EnnLibrary::open`] of
/// that path (another backend, another program) gets the same one. Unloading a vendor
/// C++ library and loading it again would re-run its static constructors and redo its
/// connections to the NPU service, for nothing.
pub struct EnnLibrary {
    path: PathBuf,
    functions: Functions,
    /// Never dropped once registered (the registry holds a reference forever).
    _library: Library,
}

/// Every library opened successfully in this process, by the path given to `dlopen`.
/// Entries are never removed, so their handles are never closed.
static OPENED: Mutex<Vec<(PathBuf, Arc<EnnLibrary>)>> = Mutex::new(Vec::new());

impl fmt::Debug for EnnLibrary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnnLibrary")
            .field("path", &self.path)
            .field("optional", &self.functions.optional_present())
            .finish_non_exhaustive()
    }
}

impl EnnLibrary {
    /// Opens the library at `path` (a bare file name is searched by the dynamic linker)
    /// and binds its symbols.
    ///
    /// Loading a library runs its initialisers: the path must name the vendor ENN library
    /// (or a faithful implementation of its C API, such as `pterun-enn-emu`). Choosing it
    /// is the user's configuration, like choosing a model file.
    ///
    /// # Errors
    ///
    /// [`Error::LibraryOpen`] when `dlopen` fails, [`Error::MissingSymbols`] naming every
    /// missing required function (the library is then closed again and not registered).
    pub fn open(path: impl AsRef<Path>) -> Result<Arc<EnnLibrary>> {
        let path = path.as_ref().to_path_buf();
        // Held across the load, so two first opens of one path cannot both load it. The
        // list is valid even if a holder panicked (entries are pushed whole).
        let mut opened = OPENED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, library)) = opened.iter().find(|(p, _)| *p == path) {
            return Ok(Arc::clone(library));
        }
        let library = EnnLibrary::load(path.clone())?;
        opened.push((path, Arc::clone(&library)));
        drop(opened);
        Ok(library)
    }

    /// `dlopen` and symbol binding, without the registry.
    fn load(path: PathBuf) -> Result<Arc<EnnLibrary>> {
        // SAFETY: dlopen of the configured ENN library; its initialisers are trusted as
        // part of the vendor C API contract (see the doc comment above).
        let library = unsafe { Library::open(Some(&path), RTLD_NOW | RTLD_LOCAL) }
            .map_err(|source| Error::LibraryOpen { path: path.clone(), source })?;
        // SAFETY: the table is stored next to `library` in the returned value and only
        // used through `&self`, so it never outlives the handle. On error the table is
        // not built and `library` is closed on return.
        let functions = unsafe { Functions::bind(&library) }
            .map_err(|symbols| Error::MissingSymbols { path: path.clone(), symbols })?;
        if functions.allocate_all_buffers_with_session_id.is_none()
            && functions.allocate_all_buffers.is_none()
        {
            return Err(Error::MissingSymbols { path, symbols: vec![ALLOCATE_EITHER] });
        }
        Ok(Arc::new(EnnLibrary { path, functions, _library: library }))
    }

    /// The path given to `dlopen`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Names of the optional functions the library exports.
    pub fn optional_symbols(&self) -> Vec<&'static str> {
        self.functions.optional_present()
    }

    /// Whether the library exports the optional function `name`.
    pub fn has(&self, name: &str) -> bool {
        self.functions.optional_present().contains(&name)
            || pterun_enn_sys::SYMBOLS.iter().any(|(n, required)| *required && *n == name)
    }

    /// Which optional open functions the library exports.
    pub fn open_capabilities(&self) -> OpenCapabilities {
        OpenCapabilities {
            open_with_file_fd: self.functions.open_model_with_file_open_fd.is_some(),
            open_from_fd: self.functions.open_model_from_fd.is_some(),
        }
    }

    /// Whether the optional functions behind [`EnnAllocator`](crate::EnnAllocator)
    /// (`EnnCreateBuffer`, `EnnGetFileDescriptorFromEnnBuffer`, `EnnReleaseBuffer`) exist;
    /// the first missing one otherwise.
    pub(crate) fn check_buffer_functions(&self) -> Result<()> {
        let f = &self.functions;
        for (present, symbol) in [
            (f.create_buffer.is_some(), "EnnCreateBuffer"),
            (f.get_file_descriptor_from_enn_buffer.is_some(), "EnnGetFileDescriptorFromEnnBuffer"),
            (f.release_buffer.is_some(), "EnnReleaseBuffer"),
        ] {
            if !present {
                return Err(Error::MissingOptional { symbol });
            }
        }
        Ok(())
    }

    /// `EnnInitialize()`.
    pub(crate) fn initialize(&self) -> Result<()> {
        // SAFETY: no arguments; the function pointer is valid while `self` lives.
        let code = unsafe { (self.functions.initialize)() };
        check("EnnInitialize", code)
    }

    /// `EnnDeinitialize()`.
    pub(crate) fn deinitialize(&self) -> Result<()> {
        // SAFETY: no arguments; the function pointer is valid while `self` lives.
        let code = unsafe { (self.functions.deinitialize)() };
        check("EnnDeinitialize", code)
    }

    /// `EnnOpenModelFromMemory(blob, len)`: the library copies the blob.
    pub(crate) fn open_model_from_memory(&self, blob: &[u8]) -> Result<EnnModelId> {
        let size = check_u32("blob size", blob.len() as u64)?;
        let mut id: EnnModelId = 0;
        // SAFETY: `blob` is valid for `size` bytes for the whole call (the library copies
        // it and does not keep the pointer); `id` is a valid out pointer.
        let code = unsafe {
            (self.functions.open_model_from_memory)(blob.as_ptr().cast::<c_char>(), size, &mut id)
        };
        opened("EnnOpenModelFromMemory", code, id)
    }

    /// `EnnOpenModelFromFd(fd)`: a shared buffer holding the blob at offset 0.
    pub(crate) fn open_model_from_fd(&self, fd: BorrowedFd<'_>) -> Result<EnnModelId> {
        let f = self
            .functions
            .open_model_from_fd
            .ok_or(Error::MissingOptional { symbol: "EnnOpenModelFromFd" })?;
        let mut id: EnnModelId = 0;
        // SAFETY: `fd` is open for the whole call (borrowed); a library that keeps it
        // `dup`s it. `id` is a valid out pointer.
        let code = unsafe { f(fd.as_raw_fd(), &mut id) };
        opened("EnnOpenModelFromFd", code, id)
    }

    /// `EnnOpenModelWithFileOpenFd(fd, size, offset)`: a regular file at an offset.
    pub(crate) fn open_model_with_file_fd(
        &self,
        fd: BorrowedFd<'_>,
        size: u32,
        offset: u32,
    ) -> Result<EnnModelId> {
        let f = self
            .functions
            .open_model_with_file_open_fd
            .ok_or(Error::MissingOptional { symbol: "EnnOpenModelWithFileOpenFd" })?;
        let mut id: EnnModelId = 0;
        // SAFETY: as in `open_model_from_fd`; size and offset are plain integers.
        let code = unsafe { f(fd.as_raw_fd(), size, offset, &mut id) };
        opened("EnnOpenModelWithFileOpenFd", code, id)
    }

    /// `EnnCloseModel(id)`.
    pub(crate) fn close_model(&self, id: EnnModelId) -> Result<()> {
        // SAFETY: an id-only call; a conforming library rejects unknown ids.
        let code = unsafe { (self.functions.close_model)(id) };
        check("EnnCloseModel", code)
    }

    /// `EnnExecuteModel(id)`: blocking, session 0. The caller holds no Rust reference into
    /// the model's buffers during the call (guaranteed by `&mut` borrows in `EnnModel`).
    pub(crate) fn execute_model(&self, id: EnnModelId) -> Result<()> {
        // SAFETY: an id-only call; the library reads and writes only its own buffers.
        let code = unsafe { (self.functions.execute_model)(id) };
        check("EnnExecuteModel", code)
    }

    /// `EnnGetBufferInfoByIndex(id, dir, index, &info)` when the library exports it
    /// (`None` otherwise), with the label copied out.
    pub(crate) fn buffer_info(
        &self,
        id: EnnModelId,
        dir: pterun_enn_sys::EnnBufDir,
        index: u32,
    ) -> Result<Option<BufferMeta>> {
        const FUNCTION: &str = "EnnGetBufferInfoByIndex";
        let Some(f) = self.functions.get_buffer_info_by_index else {
            return Ok(None);
        };
        let mut info = pterun_enn_sys::EnnBufferInfo {
            is_able_to_update: false,
            n: 0,
            width: 0,
            height: 0,
            channel: 0,
            size: 0,
            buffer_type: 0,
            label: std::ptr::null(),
        };
        // SAFETY: `info` is a valid out pointer of the C layout (asserted in enn-sys);
        // id, direction and index are plain values the library validates.
        let code = unsafe { f(id, dir, index, &mut info) };
        check(FUNCTION, code)?;
        let label = if info.label.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null label is a NUL-terminated string owned by the library
            // and valid until the model is closed (the C API contract); it is copied now.
            let label = unsafe { std::ffi::CStr::from_ptr(info.label) };
            label.to_string_lossy().into_owned()
        };
        Ok(Some(BufferMeta {
            label,
            nchw: [info.n, info.channel, info.height, info.width],
            size: info.size,
            buffer_type: info.buffer_type,
        }))
    }

    /// `EnnGetBuffersInfo(id, &counts)`.
    pub(crate) fn get_buffers_info(&self, id: EnnModelId) -> Result<NumberOfBuffersInfo> {
        let mut counts = NumberOfBuffersInfo::default();
        // SAFETY: `counts` is a valid out pointer of the C layout (asserted in enn-sys).
        let code = unsafe { (self.functions.get_buffers_info)(id, &mut counts) };
        check("EnnGetBuffersInfo", code)?;
        Ok(counts)
    }
}

fn check(function: &'static str, code: EnnReturn) -> Result<()> {
    if code.is_success() {
        Ok(())
    } else {
        Err(Error::Call { function, code })
    }
}

fn opened(function: &'static str, code: EnnReturn, id: EnnModelId) -> Result<EnnModelId> {
    check(function, code)?;
    if id == 0 {
        // Model id 0 is never valid (the library's own client treats it as a failure);
        // there is nothing to close.
        return Err(Error::InvalidResult { function, detail: "model id 0".into() });
    }
    Ok(id)
}

/// What `EnnGetBufferInfoByIndex` says about one buffer of a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BufferMeta {
    /// The library's name for the tensor.
    pub label: String,
    /// Dimensions as the library reports them (N, C, H, W).
    pub nchw: [u32; 4],
    /// Size in bytes (may exceed the tensor's when the library pads).
    pub size: u32,
    /// ENN's tensor type code.
    pub buffer_type: u32,
}

impl BufferMeta {
    /// The element type named by [`BufferMeta::buffer_type`], `None` for a code this
    /// crate does not know (then no type check is possible).
    pub fn dtype(&self) -> Option<pterun_core::ScalarType> {
        use pterun_core::ScalarType;
        // ENN's `TensorType` codes (enn_api-public.h).
        Some(match self.buffer_type {
            0 => ScalarType::Float,
            1 => ScalarType::Half,
            2 => ScalarType::Int,
            3 => ScalarType::Byte,
            4 => ScalarType::Long,
            7 => ScalarType::Short,
            9 => ScalarType::Char,
            _ => return None,
        })
    }
}

/// What a library must export to allocate a model's buffers: one of the two.
pub const ALLOCATE_EITHER: &str = "EnnAllocateAllBuffersWithSessionId or EnnAllocateAllBuffers";

/// The most buffers a model may report; larger counts are treated as a broken library.
pub const MAX_BUFFERS: usize = 4096;

const FUNCTION_WITH_SESSION: &str = "EnnAllocateAllBuffersWithSessionId";
const FUNCTION_PLAIN: &str = "EnnAllocateAllBuffers";

/// The buffers `EnnAllocateAllBuffersWithSessionId` made for a model (inputs then
/// outputs), released with `EnnReleaseBuffers(array, n_in + n_out)` when dropped.
///
/// It holds the context, so the library is initialised and loaded while it lives; the
/// model owning it drops it before closing the model.
pub(crate) struct EnnBufferSet {
    array: Option<NonNull<EnnBufferPtr>>,
    n_in: usize,
    n_out: usize,
    /// `(va, size)` of each buffer, read and checked once at allocation.
    views: Vec<(*mut u8, usize)>,
    /// The function that allocated them.
    allocated_by: &'static str,
    context: Arc<EnnContext>,
}

// SAFETY: the set exclusively owns the library buffers it names (no other Rust value
// refers to them); they are plain memory, and the ENN client API is not tied to the
// allocating thread, so the set may move to another thread. It is not `Sync`.
unsafe impl Send for EnnBufferSet {}

impl EnnBufferSet {
    /// `EnnAllocateAllBuffersWithSessionId(id, &array, &counts, session 0, commit)`, or
    /// `EnnAllocateAllBuffers(id, &array, &counts)` when the library lacks the former
    /// (then followed by `EnnBufferCommit` when exported), with the counts and every
    /// pointer checked.
    pub(crate) fn allocate(context: &Arc<EnnContext>, id: EnnModelId) -> Result<EnnBufferSet> {
        let library = context.library();
        let mut array: *mut EnnBufferPtr = std::ptr::null_mut();
        let mut counts = NumberOfBuffersInfo::default();
        let f = &library.functions;
        let (function, code) =
            match (f.allocate_all_buffers_with_session_id, f.allocate_all_buffers) {
                // SAFETY: valid out pointers of the C layout; session 0 and commit are plain
                // values. On failure the library releases what it allocated.
                (Some(with_session), _) => (FUNCTION_WITH_SESSION, unsafe {
                    with_session(id, &mut array, &mut counts, 0, true)
                }),
                (None, Some(plain)) => {
                    // SAFETY: as above, without session and commit.
                    let code = unsafe { plain(id, &mut array, &mut counts) };
                    (FUNCTION_PLAIN, code)
                }
                // `EnnLibrary::load` refuses a library without either.
                (None, None) => {
                    return Err(Error::MissingOptional { symbol: FUNCTION_WITH_SESSION })
                }
            };
        check(function, code)?;
        let invalid = |detail: String| Error::InvalidResult { function, detail };
        let n_in = counts.n_in_buf as usize;
        let n_out = counts.n_out_buf as usize;
        let total = n_in.saturating_add(n_out);
        let Some(array) = NonNull::new(array) else {
            if total == 0 {
                return Ok(EnnBufferSet {
                    array: None,
                    n_in,
                    n_out,
                    views: Vec::new(),
                    allocated_by: function,
                    context: Arc::clone(context),
                });
            }
            return Err(invalid(format!("a null array for {n_in} input(s) and {n_out} output(s)")));
        };
        if i32::try_from(total).is_err() {
            // `EnnReleaseBuffers` takes an i32 count: the array cannot be given back.
            log::error!("{function} reported {total} buffers; the array is leaked");
            return Err(invalid(format!("{n_in} inputs and {n_out} outputs")));
        }
        // From here the set owns the array: any error below releases it on drop.
        let mut set = EnnBufferSet {
            array: Some(array),
            n_in,
            n_out,
            views: Vec::new(),
            allocated_by: function,
            context: Arc::clone(context),
        };
        if total > MAX_BUFFERS {
            return Err(invalid(format!(
                "{n_in} inputs and {n_out} outputs (more than {MAX_BUFFERS})"
            )));
        }
        let mut views = Vec::with_capacity(total);
        for index in 0..total {
            // SAFETY: the library returned an array of `total` (≤ MAX_BUFFERS) elements
            // that stays valid until `EnnReleaseBuffers`, which only `drop` calls.
            let element = unsafe { array.as_ptr().add(index).read() };
            let Some(buffer) = NonNull::new(element) else {
                return Err(invalid(format!("buffer {index} is null")));
            };
            // SAFETY: a non-null element points at the library's `EnnBuffer`, alive until
            // release; it is read, not kept.
            let buffer = unsafe { buffer.as_ptr().read() };
            let size = buffer.size as usize;
            if buffer.va.is_null() && size != 0 {
                return Err(invalid(format!("buffer {index} has {size} bytes at address 0")));
            }
            views.push((buffer.va.cast::<u8>(), size));
        }
        set.views = views;
        if function == FUNCTION_PLAIN {
            // The plain allocation does not commit; a library without `EnnBufferCommit`
            // binds on allocation.
            library.commit(id)?;
        }
        Ok(set)
    }

    /// The function that allocated the set.
    pub(crate) fn allocated_by(&self) -> &'static str {
        self.allocated_by
    }

    /// Number of input buffers.
    pub(crate) fn n_in(&self) -> usize {
        self.n_in
    }

    /// Number of output buffers.
    pub(crate) fn n_out(&self) -> usize {
        self.n_out
    }

    /// Size of buffer `index` (inputs first, then outputs).
    pub(crate) fn size(&self, index: usize) -> Option<usize> {
        self.views.get(index).map(|&(_, size)| size)
    }

    /// Buffer `index` (inputs first, then outputs): exactly its `size` bytes.
    pub(crate) fn buffer_mut(&mut self, index: usize) -> Option<&mut [u8]> {
        let &(va, size) = self.views.get(index)?;
        if size == 0 {
            return Some(&mut []);
        }
        // SAFETY: `allocate` checked that `va` is non-null for a non-empty buffer; the
        // library maps `size` bytes at `va` and keeps them until `EnnReleaseBuffers`, which
        // only `drop` calls, and the library touches them only inside calls made through
        // `&mut` borrows of the owning model, so this `&mut self` borrow is exclusive.
        Some(unsafe { std::slice::from_raw_parts_mut(va, size) })
    }

    /// Buffer `index`, read-only.
    pub(crate) fn buffer(&self, index: usize) -> Option<&[u8]> {
        let &(va, size) = self.views.get(index)?;
        if size == 0 {
            return Some(&[]);
        }
        // SAFETY: as in `buffer_mut`; shared access only reads.
        Some(unsafe { std::slice::from_raw_parts(va, size) })
    }
}

impl Drop for EnnBufferSet {
    fn drop(&mut self) {
        let Some(array) = self.array.take() else {
            return;
        };
        let count = self.n_in.saturating_add(self.n_out);
        // `allocate` only builds a set whose count fits an i32.
        let count = i32::try_from(count).unwrap_or(i32::MAX);
        let library = self.context.library();
        // SAFETY: `array` and `count` are exactly what the allocation returned, released
        // once (the `Option` was taken); no slice into the buffers outlives `&mut self`.
        let code = unsafe { (library.functions.release_buffers)(array.as_ptr(), count) };
        if let Err(e) = check("EnnReleaseBuffers", code) {
            // Drop cannot report errors; the library keeps whatever it failed to free.
            log::error!("{e}");
        }
    }
}

impl fmt::Debug for EnnBufferSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnnBufferSet")
            .field("n_in", &self.n_in)
            .field("n_out", &self.n_out)
            .field("sizes", &self.views.iter().map(|v| v.1).collect::<Vec<_>>())
            .finish()
    }
}

/// A buffer from `EnnCreateBuffer` or `EnnCreateBufferFromFdWithOffset`, released with
/// `EnnReleaseBuffer` when dropped. It holds the context, so release always happens
/// before deinitialisation.
struct OwnedEnnBuffer {
    buffer: NonNull<pterun_enn_sys::EnnBuffer>,
    context: Arc<EnnContext>,
}

// SAFETY: the pointer is owned by this value alone and only used by `drop` to release
// it (and, before it is wrapped, to read the buffer's fields); releasing from another
// thread is allowed by the ENN client API.
unsafe impl Send for OwnedEnnBuffer {}
// SAFETY: no method reads or writes through `&self`.
unsafe impl Sync for OwnedEnnBuffer {}

impl Drop for OwnedEnnBuffer {
    fn drop(&mut self) {
        let Some(release) = self.context.library().functions.release_buffer else {
            // Unreachable: both constructors check the function first.
            log::error!("EnnReleaseBuffer vanished; an ENN buffer is leaked");
            return;
        };
        // SAFETY: the pointer came from `EnnCreateBuffer*` and is released exactly once
        // (this value is dropped once); no Rust slice refers to its memory (a
        // `SharedBuffer` wrapping it is being dropped, an import is never viewed).
        let code = unsafe { release(self.buffer.as_ptr()) };
        if let Err(e) = check("EnnReleaseBuffer", code) {
            log::error!("{e}");
        }
    }
}

/// `EnnCreateBuffer(len, 0, &buffer)` + `EnnGetFileDescriptorFromEnnBuffer`, wrapped as a
/// vendor [`SharedBuffer`] released with `EnnReleaseBuffer` (its callback holds the
/// context).
pub(crate) fn create_shared_buffer(
    context: &Arc<EnnContext>,
    len: usize,
    allocator: &str,
) -> Result<SharedBuffer> {
    let library = context.library();
    library.check_buffer_functions()?;
    let (Some(create), Some(get_fd)) =
        (library.functions.create_buffer, library.functions.get_file_descriptor_from_enn_buffer)
    else {
        return Err(Error::MissingOptional { symbol: "EnnCreateBuffer" });
    };
    let size = check_u32("buffer size", len as u64)?;
    let mut raw: EnnBufferPtr = std::ptr::null_mut();
    // SAFETY: `raw` is a valid out pointer; size and flag 0 are plain values.
    let code = unsafe { create(size, 0, &mut raw) };
    check("EnnCreateBuffer", code)?;
    let Some(buffer) = NonNull::new(raw) else {
        return Err(Error::InvalidResult {
            function: "EnnCreateBuffer",
            detail: "a null buffer".into(),
        });
    };
    // From here `owned` releases the buffer on every path.
    let owned = OwnedEnnBuffer { buffer, context: Arc::clone(context) };
    let mut fd: RawFd = -1;
    // SAFETY: `buffer` is live (owned above); `fd` is a valid out pointer.
    let code = unsafe { get_fd(buffer.as_ptr(), &mut fd) };
    check("EnnGetFileDescriptorFromEnnBuffer", code)?;
    // SAFETY: `buffer` is live; its fields are read, not kept.
    let view = unsafe { buffer.as_ptr().read() };
    if view.va.is_null() || (view.size as usize) < len || fd < 0 {
        return Err(Error::InvalidResult {
            function: "EnnCreateBuffer",
            detail: format!(
                "buffer at {:p} of {} bytes with fd {fd} for a request of {len} bytes",
                view.va, view.size
            ),
        });
    }
    let release: Box<dyn FnOnce() + Send + Sync> = Box::new(move || drop(owned));
    // SAFETY: the library maps at least `len` bytes at `va` until `EnnReleaseBuffer`,
    // which only `release` (dropping `owned`) calls; nothing else in Rust refers to the
    // memory; the fd is borrowed from the buffer and stays open until that release. If
    // `from_vendor` rejects its arguments it drops `release` uncalled, which drops
    // `owned` and so releases the buffer.
    unsafe {
        SharedBuffer::from_vendor(
            view.va.cast::<u8>(),
            len,
            fd,
            u64::from(view.offset),
            allocator,
            release,
        )
    }
    .map_err(|e| Error::InvalidResult { function: "EnnCreateBuffer", detail: e.to_string() })
}

/// A caller's memory imported by `EnnCreateBufferFromFdWithOffset`: the library's view of
/// `size` bytes at `offset` of an fd pterun owns (a planned arena), released with
/// `EnnReleaseBuffer` when dropped. pterun never reads it through the library's mapping:
/// the bytes are the arena's own.
pub(crate) struct ImportedBuffer {
    owned: OwnedEnnBuffer,
}

impl fmt::Debug for ImportedBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportedBuffer").field("buffer", &self.owned.buffer).finish()
    }
}

impl ImportedBuffer {
    /// `EnnCreateBufferFromFdWithOffset(fd, size, offset, &buffer)`; the fd is borrowed for
    /// the call (a library that keeps it `dup`s it).
    pub(crate) fn import(
        context: &Arc<EnnContext>,
        fd: BorrowedFd<'_>,
        size: u32,
        offset: u32,
    ) -> Result<ImportedBuffer> {
        const FUNCTION: &str = "EnnCreateBufferFromFdWithOffset";
        let library = context.library();
        let (Some(import), Some(_)) =
            (library.functions.create_buffer_from_fd_with_offset, library.functions.release_buffer)
        else {
            let symbol = if library.functions.release_buffer.is_none() {
                "EnnReleaseBuffer"
            } else {
                FUNCTION
            };
            return Err(Error::MissingOptional { symbol });
        };
        let mut raw: EnnBufferPtr = std::ptr::null_mut();
        // SAFETY: `fd` is open for the whole call; `raw` is a valid out pointer; size and
        // offset are plain values the library checks against the fd.
        let code = unsafe { import(fd.as_raw_fd(), size, offset, &mut raw) };
        check(FUNCTION, code)?;
        let Some(buffer) = NonNull::new(raw) else {
            return Err(Error::InvalidResult {
                function: FUNCTION,
                detail: "a null buffer".into(),
            });
        };
        // From here `owned` releases the buffer on every path.
        let owned = OwnedEnnBuffer { buffer, context: Arc::clone(context) };
        // SAFETY: `buffer` is live (owned above); its fields are read, not kept.
        let view = unsafe { buffer.as_ptr().read() };
        if view.size < size {
            return Err(Error::InvalidResult {
                function: FUNCTION,
                detail: format!("a buffer of {} bytes for an import of {size}", view.size),
            });
        }
        Ok(ImportedBuffer { owned })
    }
}

impl EnnLibrary {
    /// `EnnSetPreferencePerfMode(mode)`.
    pub(crate) fn set_perf_mode(&self, mode: u32) -> Result<()> {
        let f = self
            .functions
            .set_preference_perf_mode
            .ok_or(Error::MissingOptional { symbol: "EnnSetPreferencePerfMode" })?;
        // SAFETY: a plain value; the library validates it.
        check("EnnSetPreferencePerfMode", unsafe { f(mode) })
    }

    /// `EnnGetPreferencePerfMode(&mode)`, `None` when the library does not export it.
    pub(crate) fn perf_mode(&self) -> Result<Option<u32>> {
        let Some(f) = self.functions.get_preference_perf_mode else {
            return Ok(None);
        };
        let mut mode = 0u32;
        // SAFETY: `mode` is a valid out pointer.
        check("EnnGetPreferencePerfMode", unsafe { f(&mut mode) })?;
        Ok(Some(mode))
    }

    /// `EnnBufferCommit(id)` when exported: `false` when it is not.
    pub(crate) fn commit(&self, id: EnnModelId) -> Result<bool> {
        let Some(f) = self.functions.buffer_commit else {
            return Ok(false);
        };
        // SAFETY: an id-only call.
        check("EnnBufferCommit", unsafe { f(id) })?;
        Ok(true)
    }

    /// Whether imports can be bound: `EnnCreateBufferFromFdWithOffset`,
    /// `EnnSetBufferByIndex`, `EnnReleaseBuffer` and `EnnBufferCommit` all exported; the
    /// first missing one otherwise.
    pub(crate) fn import_support(&self) -> std::result::Result<(), &'static str> {
        let f = &self.functions;
        for (present, symbol) in [
            (f.create_buffer_from_fd_with_offset.is_some(), "EnnCreateBufferFromFdWithOffset"),
            (f.set_buffer_by_index.is_some(), "EnnSetBufferByIndex"),
            (f.release_buffer.is_some(), "EnnReleaseBuffer"),
            (f.buffer_commit.is_some(), "EnnBufferCommit"),
        ] {
            if !present {
                return Err(symbol);
            }
        }
        Ok(())
    }

    /// `EnnSetBufferByIndex(id, dir, index, buffer)`.
    ///
    /// # Safety
    ///
    /// `buffer` must be a live buffer of this library that outlives its binding (it is
    /// released only after the model is closed or another buffer is bound at `index`).
    unsafe fn set_buffer(
        &self,
        id: EnnModelId,
        dir: pterun_enn_sys::EnnBufDir,
        index: u32,
        buffer: EnnBufferPtr,
    ) -> Result<()> {
        let f = self
            .functions
            .set_buffer_by_index
            .ok_or(Error::MissingOptional { symbol: "EnnSetBufferByIndex" })?;
        // SAFETY: `buffer` is live by this function's contract; the rest are plain values.
        check("EnnSetBufferByIndex", unsafe { f(id, dir, index, buffer) })
    }
}

impl ImportedBuffer {
    /// Binds the import to buffer `index` of `dir` of model `id`. The owner keeps the
    /// import until the model is closed or the allocated buffer is bound back.
    pub(crate) fn bind(
        &self,
        id: EnnModelId,
        dir: pterun_enn_sys::EnnBufDir,
        index: u32,
    ) -> Result<()> {
        let library = self.owned.context.library();
        // SAFETY: the import is live while `self` is; `EnnModel` drops imports only after
        // binding the allocated buffers back or after closing the model.
        unsafe { library.set_buffer(id, dir, index, self.owned.buffer.as_ptr()) }
    }
}

impl EnnBufferSet {
    /// Binds the allocated buffer `index` (inputs first, then outputs) back to its place
    /// (after an import bound there is given up).
    pub(crate) fn bind_back(&self, id: EnnModelId, index: usize) -> Result<()> {
        let Some(array) = self.array else {
            return Err(Error::ArgumentCount { n_in: self.n_in, n_out: self.n_out, found: index });
        };
        if index >= self.n_in.saturating_add(self.n_out) {
            return Err(Error::ArgumentCount { n_in: self.n_in, n_out: self.n_out, found: index });
        }
        let (dir, position) = if index < self.n_in {
            (pterun_enn_sys::ENN_DIR_IN, index)
        } else {
            (pterun_enn_sys::ENN_DIR_OUT, index - self.n_in)
        };
        // SAFETY: `index` is within the `n_in + n_out` elements `allocate` checked (all
        // non-null), alive until `EnnReleaseBuffers`, which only `drop` calls.
        let buffer = unsafe { array.as_ptr().add(index).read() };
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        let library = self.context.library();
        // SAFETY: an allocated buffer of the set, live until the set is dropped, which
        // happens after every import is given up.
        unsafe { library.set_buffer(id, dir, position, buffer) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_binds_exactly_the_contract_symbols() {
        let mut bound: Vec<_> = BOUND.to_vec();
        let mut contract: Vec<_> = pterun_enn_sys::SYMBOLS.to_vec();
        bound.sort_unstable();
        contract.sort_unstable();
        assert_eq!(bound, contract);
    }

    #[test]
    fn a_missing_library_is_a_typed_error() {
        let err = EnnLibrary::open("/nonexistent/libenn_public_api_cpp.so").expect_err("absent");
        assert!(matches!(err, Error::LibraryOpen { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/libenn_public_api_cpp.so"), "{err}");
    }

    #[test]
    fn a_library_without_the_symbols_is_refused() {
        // libc is always loaded and exports none of the ENN names.
        let err = EnnLibrary::open("libc.so.6").expect_err("not ENN");
        let Error::MissingSymbols { symbols, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        let required: Vec<_> =
            pterun_enn_sys::SYMBOLS.iter().filter(|(_, r)| *r).map(|(n, _)| *n).collect();
        assert_eq!(symbols, &required);
        assert!(err.to_string().contains("EnnInitialize"), "{err}");
    }
}
