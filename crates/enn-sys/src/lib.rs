//! Internal to pterun: the Samsung ENN C API as data, shared by the ENN backend
//! (`pterun-enn`, which calls it) and the software ENN library (`pterun-enn-emu`, which
//! implements it), so both sides agree on every layout and signature by construction.
//!
//! Written from the team's notes on the ENN API (`enn-and-dmabuf.md` §1, kept with the
//! design notes outside this repository): the plain C (`extern "C"`,
//! unmangled) names and argument orders of `libenn_public_api_cpp.so`, which differ from the
//! C++ `enn::api` header. Nothing here calls anything; there is no `unsafe`.
#![forbid(unsafe_code)]

use std::ffi::{c_char, c_int};

/// Model handle (`uint64_t`; the upper 32 bits are zero).
pub type EnnModelId = u64;

/// A return code. Foreign integers are never turned into a Rust enum: unknown values must
/// stay representable. 0 is success, anything else a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct EnnReturn(pub i32);

impl EnnReturn {
    /// Success.
    pub const SUCCESS: EnnReturn = EnnReturn(0);
    /// Generic failure.
    pub const FAILED: EnnReturn = EnnReturn(1);
    /// I/O error.
    pub const IO: EnnReturn = EnnReturn(2);
    /// Invalid argument.
    pub const INVAL: EnnReturn = EnnReturn(3);
    /// Filtered.
    pub const FILTERED: EnnReturn = EnnReturn(4);
    /// Canceled.
    pub const CANCELED: EnnReturn = EnnReturn(5);
    /// Memory error.
    pub const MEM_ERR: EnnReturn = EnnReturn(6);
    /// Size error.
    pub const SIZE: EnnReturn = EnnReturn(7);
    /// Not supported.
    pub const NOT_SUPPORTED: EnnReturn = EnnReturn(0xFF);

    /// Whether the call succeeded.
    pub fn is_success(self) -> bool {
        self.0 == 0
    }

    /// The documented name of the code, or `None` for a value this build does not know.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "ENN_RET_SUCCESS",
            1 => "ENN_RET_FAILED",
            2 => "ENN_RET_IO",
            3 => "ENN_RET_INVAL",
            4 => "ENN_RET_FILTERED",
            5 => "ENN_RET_CANCELED",
            6 => "ENN_RET_MEM_ERR",
            7 => "ENN_RET_SIZE",
            10 => "ENN_RET_FAILED_TIMEOUT_ENN",
            11 => "ENN_RET_FAILED_TIMEOUT_DD",
            12 => "ENN_RET_FAILED_TIMEOUT_FW",
            13 => "ENN_RET_FAILED_TIMEOUT_HW_NOTRECOVERED",
            14 => "ENN_RET_FAILED_TIMEOUT_HW_RECOVERED",
            15 => "ENN_RET_FAILED_SERVICE_NULL",
            16 => "ENN_RET_FAILED_RESOURCE_BUSY",
            0xFF => "ENN_RET_NOT_SUPPORTED",
            _ => return None,
        })
    }
}

impl std::fmt::Display for EnnReturn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", self.0),
            None => write!(f, "unknown ENN return code {}", self.0),
        }
    }
}

/// Buffer direction (`enn_buf_dir_e`), a plain int.
pub type EnnBufDir = c_int;
/// Input buffers.
pub const ENN_DIR_IN: EnnBufDir = 0;
/// Output buffers.
pub const ENN_DIR_OUT: EnnBufDir = 1;

/// The public view of a library buffer (`struct _ennBuffer`): CPU address, requested size,
/// offset. Callers treat the pointer to it as opaque and free it only through the library.
#[derive(Debug)]
#[repr(C)]
pub struct EnnBuffer {
    /// CPU address of the mapped buffer.
    pub va: *mut std::ffi::c_void,
    /// Requested size in bytes.
    pub size: u32,
    /// Offset of the data in the underlying memory.
    pub offset: u32,
}

/// Pointer to a library buffer.
pub type EnnBufferPtr = *mut EnnBuffer;

/// Numbers of input and output buffers of a model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct NumberOfBuffersInfo {
    /// Inputs.
    pub n_in_buf: u32,
    /// Outputs.
    pub n_out_buf: u32,
}

/// Per-buffer information (`EnnBufferInfo`).
#[derive(Debug)]
#[repr(C)]
pub struct EnnBufferInfo {
    /// Whether the buffer can be updated.
    pub is_able_to_update: bool,
    /// Batch.
    pub n: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Channels.
    pub channel: u32,
    /// Size in bytes.
    pub size: u32,
    /// Buffer type.
    pub buffer_type: u32,
    /// Label.
    pub label: *const c_char,
}

const _: () = assert!(std::mem::size_of::<EnnBuffer>() == 16);
const _: () = assert!(std::mem::size_of::<NumberOfBuffersInfo>() == 8);
const _: () = assert!(std::mem::size_of::<EnnBufferInfo>() == 40);

/// The library's file name.
pub const LIBRARY_NAME: &str = "libenn_public_api_cpp.so";
/// Environment variable overriding the library path.
pub const LIBRARY_ENV: &str = "PTERUN_ENN_LIB";

/// Signatures of the C functions, by name.
pub mod signatures {
    use super::*;

    /// `EnnInitialize()`.
    pub type Initialize = unsafe extern "C" fn() -> EnnReturn;
    /// `EnnDeinitialize()`.
    pub type Deinitialize = unsafe extern "C" fn() -> EnnReturn;
    /// `EnnSetPreferencePerfMode(mode)`.
    pub type SetPreferencePerfMode = unsafe extern "C" fn(u32) -> EnnReturn;
    /// `EnnGetPreferencePerfMode(&mode)`.
    pub type GetPreferencePerfMode = unsafe extern "C" fn(*mut u32) -> EnnReturn;
    /// `EnnOpenModel(path, &id)`.
    pub type OpenModel = unsafe extern "C" fn(*const c_char, *mut EnnModelId) -> EnnReturn;
    /// `EnnOpenModelFromMemory(va, size, &id)`: the library copies the blob.
    pub type OpenModelFromMemory =
        unsafe extern "C" fn(*const c_char, u32, *mut EnnModelId) -> EnnReturn;
    /// `EnnOpenModelFromFd(fd, &id)`: a dma-buf holding the blob at offset 0.
    pub type OpenModelFromFd = unsafe extern "C" fn(c_int, *mut EnnModelId) -> EnnReturn;
    /// `EnnOpenModelWithFileOpenFd(fd, size, offset, &id)`: a regular file at an offset.
    pub type OpenModelWithFileOpenFd =
        unsafe extern "C" fn(c_int, u32, u32, *mut EnnModelId) -> EnnReturn;
    /// `EnnSetFastIpc()`.
    pub type SetFastIpc = unsafe extern "C" fn() -> EnnReturn;
    /// `EnnUnsetFastIpc()`.
    pub type UnsetFastIpc = unsafe extern "C" fn() -> EnnReturn;
    /// `EnnExecuteModelFastIpc(id, sleep_usec)`.
    pub type ExecuteModelFastIpc = unsafe extern "C" fn(EnnModelId, c_int) -> EnnReturn;
    /// `EnnExecuteModel(id)`.
    pub type ExecuteModel = unsafe extern "C" fn(EnnModelId) -> EnnReturn;
    /// `EnnExecuteModelWithSessionIdAsync(id, session)`.
    pub type ExecuteModelWithSessionIdAsync = unsafe extern "C" fn(EnnModelId, c_int) -> EnnReturn;
    /// `EnnExecuteModelWithSessionIdWait(id, session)`.
    pub type ExecuteModelWithSessionIdWait = unsafe extern "C" fn(EnnModelId, c_int) -> EnnReturn;
    /// `EnnCloseModel(id)`.
    pub type CloseModel = unsafe extern "C" fn(EnnModelId) -> EnnReturn;
    /// `EnnAllocateAllBuffers(id, &array, &counts)`.
    pub type AllocateAllBuffers = unsafe extern "C" fn(
        EnnModelId,
        *mut *mut EnnBufferPtr,
        *mut NumberOfBuffersInfo,
    ) -> EnnReturn;
    /// `EnnAllocateAllBuffersWithSessionId(id, &array, &counts, session, commit)`.
    pub type AllocateAllBuffersWithSessionId = unsafe extern "C" fn(
        EnnModelId,
        *mut *mut EnnBufferPtr,
        *mut NumberOfBuffersInfo,
        c_int,
        bool,
    ) -> EnnReturn;
    /// `EnnBufferCommit(id)`.
    pub type BufferCommit = unsafe extern "C" fn(EnnModelId) -> EnnReturn;
    /// `EnnGetBuffersInfo(id, &counts)` (C order: id first).
    pub type GetBuffersInfo =
        unsafe extern "C" fn(EnnModelId, *mut NumberOfBuffersInfo) -> EnnReturn;
    /// `EnnReleaseBuffers(array, count)`: frees each buffer and the array.
    pub type ReleaseBuffers = unsafe extern "C" fn(*mut EnnBufferPtr, i32) -> EnnReturn;
    /// `EnnCreateBuffer(size, flag, &buffer)` (C order).
    pub type CreateBuffer = unsafe extern "C" fn(u32, u32, *mut EnnBufferPtr) -> EnnReturn;
    /// `EnnCreateBufferFromFdWithOffset(fd, size, offset, &buffer)`.
    pub type CreateBufferFromFdWithOffset =
        unsafe extern "C" fn(c_int, u32, u32, *mut EnnBufferPtr) -> EnnReturn;
    /// `EnnReleaseBuffer(buffer)`.
    pub type ReleaseBuffer = unsafe extern "C" fn(EnnBufferPtr) -> EnnReturn;
    /// `EnnGetFileDescriptorFromEnnBuffer(buffer, &fd)`: the fd is borrowed.
    pub type GetFileDescriptorFromEnnBuffer =
        unsafe extern "C" fn(EnnBufferPtr, *mut i32) -> EnnReturn;
    /// `EnnSetBufferByIndex(id, direction, index, buffer)`.
    pub type SetBufferByIndex =
        unsafe extern "C" fn(EnnModelId, EnnBufDir, u32, EnnBufferPtr) -> EnnReturn;
    /// `EnnGetBufferInfoByIndex(id, direction, index, &info)`.
    pub type GetBufferInfoByIndex =
        unsafe extern "C" fn(EnnModelId, EnnBufDir, u32, *mut EnnBufferInfo) -> EnnReturn;
}

/// Symbol names the backend binds, with whether a library must export them.
pub const SYMBOLS: &[(&str, bool)] = &[
    ("EnnInitialize", true),
    ("EnnDeinitialize", true),
    ("EnnOpenModelFromMemory", true),
    ("EnnAllocateAllBuffersWithSessionId", false),
    ("EnnExecuteModel", true),
    ("EnnGetBuffersInfo", true),
    ("EnnReleaseBuffers", true),
    ("EnnCloseModel", true),
    ("EnnSetPreferencePerfMode", false),
    ("EnnGetPreferencePerfMode", false),
    ("EnnOpenModel", false),
    ("EnnOpenModelFromFd", false),
    ("EnnOpenModelWithFileOpenFd", false),
    ("EnnSetFastIpc", false),
    ("EnnUnsetFastIpc", false),
    ("EnnExecuteModelFastIpc", false),
    ("EnnExecuteModelWithSessionIdAsync", false),
    ("EnnExecuteModelWithSessionIdWait", false),
    ("EnnAllocateAllBuffers", false),
    ("EnnBufferCommit", false),
    ("EnnCreateBuffer", false),
    ("EnnCreateBufferFromFdWithOffset", false),
    ("EnnReleaseBuffer", false),
    ("EnnGetFileDescriptorFromEnnBuffer", false),
    ("EnnSetBufferByIndex", false),
    ("EnnGetBufferInfoByIndex", false),
];

/// Test-only symbols of the software ENN library (`pterun-enn-emu`).
pub mod emulator {
    use super::*;

    /// Counters the software library keeps (`pterun_enn_emu_counters`).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    #[repr(C)]
    pub struct EmuCounters {
        /// `EnnInitialize` calls that succeeded.
        pub initialize_calls: u64,
        /// `EnnDeinitialize` calls that succeeded.
        pub deinitialize_calls: u64,
        /// Current context reference count.
        pub context_refs: i64,
        /// Models open now.
        pub live_models: u64,
        /// Buffers alive now (from `EnnCreateBuffer`, imports and `EnnAllocateAllBuffers*`).
        pub live_buffers: u64,
        /// Models opened with `EnnOpenModelFromMemory`.
        pub opens_from_memory: u64,
        /// Models opened with `EnnOpenModelFromFd`.
        pub opens_from_fd: u64,
        /// Models opened with `EnnOpenModelWithFileOpenFd`.
        pub opens_from_file_fd: u64,
        /// Bytes the library copied while opening models.
        pub bytes_copied_at_open: u64,
        /// Bytes the library mapped (without copying) while opening models.
        pub bytes_mapped_at_open: u64,
        /// Executions that succeeded.
        pub executions: u64,
        /// Calls that failed (real or injected).
        pub failed_calls: u64,
        /// Injected failures that fired.
        pub injected_failures: u64,
        /// Live models and buffers found by the last `EnnDeinitialize` that ended the context.
        pub leaks_at_last_deinit: u64,
    }

    /// `pterun_enn_emu_counters(&counters)`: copies the counters; returns 0.
    pub type Counters = unsafe extern "C" fn(*mut EmuCounters) -> c_int;
    /// `pterun_enn_emu_fail(name, countdown, code)`: the named function returns `code`
    /// after `countdown` more successful calls (0: the next call), once. Returns 0, or -1
    /// for an unknown name.
    pub type Fail = unsafe extern "C" fn(*const c_char, u32, i32) -> c_int;
    /// `pterun_enn_emu_reset()`: clears injected failures and counters of finished work
    /// (live objects are kept and still counted).
    pub type Reset = unsafe extern "C" fn();
    /// `pterun_enn_emu_set_strict_deinit(on)`: make `EnnDeinitialize` fail while models or
    /// buffers are alive.
    pub type SetStrictDeinit = unsafe extern "C" fn(bool);
    /// `pterun_enn_emu_set_buffer_padding(bytes)`: models opened from now on get buffers
    /// `bytes` larger than their tensors (as a real library may pad for alignment), the
    /// padding filled with [`PADDING_FILL`]. Overrides [`PADDING_ENV`]; 0 turns it off.
    pub type SetBufferPadding = unsafe extern "C" fn(u32);
    /// `pterun_enn_emu_set_borrow_file_fd(on)`: models opened from now on by
    /// `EnnOpenModelWithFileOpenFd` keep using the caller's descriptor number instead of a
    /// duplicate (as a library that does not `dup` would), and every execution fails while
    /// that number no longer names the file the model was opened from.
    pub type SetBorrowFileFd = unsafe extern "C" fn(bool);

    /// `pterun_enn_emu_set_aligned_file_fd(on)`: `EnnOpenModelWithFileOpenFd` refuses file
    /// offsets that are not page-aligned (as a library that maps the file directly may);
    /// by default it takes any offset. Overrides [`ALIGNED_FILE_FD_ENV`].
    pub type SetAlignedFileFd = unsafe extern "C" fn(bool);
    /// `pterun_enn_emu_set_aligned_imports(on)`: `EnnCreateBufferFromFdWithOffset` refuses
    /// offsets that are not page-aligned; by default it maps from the page below.
    /// Overrides [`ALIGNED_IMPORTS_ENV`].
    pub type SetAlignedImports = unsafe extern "C" fn(bool);

    /// Environment variable (`1`: on) for [`SetAlignedFileFd`], for whole-process tests.
    pub const ALIGNED_FILE_FD_ENV: &str = "PTERUN_ENN_EMU_ALIGNED_FILE_FD";
    /// Environment variable (`1`: on) for [`SetAlignedImports`].
    pub const ALIGNED_IMPORTS_ENV: &str = "PTERUN_ENN_EMU_ALIGNED_IMPORTS";

    /// Environment variable (a byte count) giving the default buffer padding, so tests of
    /// whole processes (`pterun run`) can exercise padded buffers.
    pub const PADDING_ENV: &str = "PTERUN_ENN_EMU_PAD_BYTES";
    /// The byte the library fills buffer padding with (garbage a client must not rely on).
    pub const PADDING_FILL: u8 = 0xA5;

    /// Symbol names.
    pub const COUNTERS: &str = "pterun_enn_emu_counters";
    /// Symbol names.
    pub const FAIL: &str = "pterun_enn_emu_fail";
    /// Symbol names.
    pub const RESET: &str = "pterun_enn_emu_reset";
    /// Symbol names.
    pub const SET_STRICT_DEINIT: &str = "pterun_enn_emu_set_strict_deinit";
    /// Symbol names.
    pub const SET_BUFFER_PADDING: &str = "pterun_enn_emu_set_buffer_padding";
    /// Symbol names.
    pub const SET_BORROW_FILE_FD: &str = "pterun_enn_emu_set_borrow_file_fd";
    /// Symbol names.
    pub const SET_ALIGNED_FILE_FD: &str = "pterun_enn_emu_set_aligned_file_fd";
    /// Symbol names.
    pub const SET_ALIGNED_IMPORTS: &str = "pterun_enn_emu_set_aligned_imports";
}
