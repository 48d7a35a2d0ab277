//! The exported C functions: thin wrappers that validate pointers, run the safe logic in
//! [`crate::state`] under [`std::panic::catch_unwind`], apply fault injection and count
//! failures. No panic crosses this boundary.
//!
//! Pointer rules: out-pointers must be non-null and aligned (checked before any work, so a
//! bad out-pointer never leaves an object behind: `ENN_RET_INVAL`); buffer and array
//! pointers are only ever compared with the registry by address, never dereferenced, so
//! releasing a foreign pointer cannot touch foreign memory.
#![allow(non_snake_case, reason = "the exported C names are ENN's")]

use std::ffi::{c_char, c_int, CStr, OsStr};
use std::os::fd::{BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use pterun_enn_sys::emulator::{self, EmuCounters};
use pterun_enn_sys::signatures;
use pterun_enn_sys::{
    EnnBufDir, EnnBufferInfo, EnnBufferPtr, EnnModelId, EnnReturn, NumberOfBuffersInfo,
};

use crate::state::{self, Result};

const INVAL: EnnReturn = EnnReturn::INVAL;

/// Runs `body` for the exported function `name`: injected failure first, panics turned
/// into `ENN_RET_FAILED`, every non-success counted.
fn guard(name: &'static str, body: impl FnOnce() -> Result<()>) -> EnnReturn {
    let outcome = catch_unwind(AssertUnwindSafe(|| match state::take_fault(name) {
        Some(code) => Err(code),
        None => body(),
    }));
    let code = match outcome {
        Ok(Ok(())) => EnnReturn::SUCCESS,
        Ok(Err(code)) => code,
        Err(_) => EnnReturn::FAILED,
    };
    if !code.is_success() {
        // Counting cannot panic (poisoned locks are recovered), but stay defensive.
        let _ = catch_unwind(state::count_failure);
    }
    code
}

/// Checks that `out` can be written as a `T` (non-null, aligned).
fn check_out<T>(out: *mut T) -> Result<()> {
    if out.is_null() || !out.is_aligned() {
        Err(INVAL)
    } else {
        Ok(())
    }
}

/// Writes `value` to an out-pointer that passed [`check_out`].
///
/// # Safety
///
/// `out` must be valid for a write of a `T` (the caller's contract for every ENN
/// out-parameter); null and misalignment were excluded by [`check_out`].
unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: `out` is non-null and aligned (checked), and the caller of the exported
    // function guarantees it points to writable memory for a `T`.
    unsafe { out.write(value) }
}

/// An owned, close-on-exec duplicate of the caller's fd.
///
/// # Safety
///
/// `fd` must be an open descriptor for the duration of the call (the caller's contract).
unsafe fn dup_fd(fd: c_int) -> Result<OwnedFd> {
    if fd < 0 {
        return Err(INVAL);
    }
    // SAFETY: `fd` is non-negative and, by the caller's contract, open during this call;
    // the borrow ends here and the descriptor is only duplicated, never closed.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    borrowed.try_clone_to_owned().map_err(|_| INVAL)
}

// ----------------------------------------------------------------------------------------
// Context and preferences.

/// `EnnInitialize()`: takes a reference on the process context.
#[no_mangle]
pub extern "C" fn EnnInitialize() -> EnnReturn {
    guard("EnnInitialize", state::initialize)
}

/// `EnnDeinitialize()`: drops a reference; fails at count 0 (and, in strict mode, when it
/// would end the context while models or buffers are alive).
#[no_mangle]
pub extern "C" fn EnnDeinitialize() -> EnnReturn {
    guard("EnnDeinitialize", state::deinitialize)
}

/// `EnnSetPreferencePerfMode(mode)`: stores the mode.
#[no_mangle]
pub extern "C" fn EnnSetPreferencePerfMode(mode: u32) -> EnnReturn {
    guard("EnnSetPreferencePerfMode", || state::set_perf_mode(mode))
}

/// `EnnGetPreferencePerfMode(&mode)`.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing a `u32`.
#[no_mangle]
pub unsafe extern "C" fn EnnGetPreferencePerfMode(out: *mut u32) -> EnnReturn {
    guard("EnnGetPreferencePerfMode", || {
        check_out(out)?;
        let mode = state::perf_mode()?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, mode) };
        Ok(())
    })
}

/// `EnnSetFastIpc()`: accepted, no effect.
#[no_mangle]
pub extern "C" fn EnnSetFastIpc() -> EnnReturn {
    guard("EnnSetFastIpc", state::check_context)
}

/// `EnnUnsetFastIpc()`: accepted, no effect.
#[no_mangle]
pub extern "C" fn EnnUnsetFastIpc() -> EnnReturn {
    guard("EnnUnsetFastIpc", state::check_context)
}

// ----------------------------------------------------------------------------------------
// Opening and closing models.

/// `EnnOpenModel(path, &id)`: maps the file.
///
/// # Safety
///
/// `path` must be null (rejected) or a NUL-terminated string; `out` null (rejected) or
/// valid for writing an id.
#[no_mangle]
pub unsafe extern "C" fn EnnOpenModel(path: *const c_char, out: *mut EnnModelId) -> EnnReturn {
    guard("EnnOpenModel", || {
        check_out(out)?;
        if path.is_null() {
            return Err(INVAL);
        }
        // SAFETY: non-null, and NUL-terminated and live for the call by the caller's
        // contract; the bytes are copied into a `Path` before returning.
        let path = unsafe { CStr::from_ptr(path) };
        let id = state::open_from_path(Path::new(OsStr::from_bytes(path.to_bytes())))?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, id) };
        Ok(())
    })
}

/// `EnnOpenModelFromMemory(va, size, &id)`: copies `size` bytes.
///
/// # Safety
///
/// `va` must be null (rejected) or valid for reading `size` bytes; `out` null (rejected)
/// or valid for writing an id.
#[no_mangle]
pub unsafe extern "C" fn EnnOpenModelFromMemory(
    va: *const c_char,
    size: u32,
    out: *mut EnnModelId,
) -> EnnReturn {
    guard("EnnOpenModelFromMemory", || {
        check_out(out)?;
        if va.is_null() || size == 0 {
            return Err(INVAL);
        }
        // SAFETY: non-null and, by the caller's contract, valid for `size` bytes that
        // nobody writes during the call; `u8` has no alignment or validity requirement.
        let blob = unsafe { std::slice::from_raw_parts(va.cast::<u8>(), size as usize) };
        let id = state::open_from_memory(blob)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, id) };
        Ok(())
    })
}

/// `EnnOpenModelFromFd(fd, &id)`: maps a dup of `fd` (blob at offset 0), no copy.
///
/// # Safety
///
/// `fd` must be an open descriptor; `out` null (rejected) or valid for writing an id.
#[no_mangle]
pub unsafe extern "C" fn EnnOpenModelFromFd(fd: c_int, out: *mut EnnModelId) -> EnnReturn {
    guard("EnnOpenModelFromFd", || {
        check_out(out)?;
        state::check_context()?;
        // SAFETY: `fd` is open for this call by the caller's contract.
        let fd = unsafe { dup_fd(fd) }?;
        let id = state::open_from_fd(fd)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, id) };
        Ok(())
    })
}

/// `EnnOpenModelWithFileOpenFd(fd, size, offset, &id)`: maps `size` bytes at the
/// page-aligned `offset` of a dup of `fd`, no copy.
///
/// # Safety
///
/// `fd` must be an open descriptor; `out` null (rejected) or valid for writing an id.
#[no_mangle]
pub unsafe extern "C" fn EnnOpenModelWithFileOpenFd(
    fd: c_int,
    size: u32,
    offset: u32,
    out: *mut EnnModelId,
) -> EnnReturn {
    guard("EnnOpenModelWithFileOpenFd", || {
        check_out(out)?;
        state::check_context()?;
        // SAFETY: `fd` is open for this call by the caller's contract.
        let owned = unsafe { dup_fd(fd) }?;
        let id = state::open_from_file_fd(owned, fd, size, offset)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, id) };
        Ok(())
    })
}

/// `EnnCloseModel(id)`: buffers bound to the model stay alive until released.
#[no_mangle]
pub extern "C" fn EnnCloseModel(id: EnnModelId) -> EnnReturn {
    guard("EnnCloseModel", || state::close_model(id))
}

// ----------------------------------------------------------------------------------------
// Execution.

/// `EnnExecuteModel(id)`: one synchronous run with the bound buffers.
#[no_mangle]
pub extern "C" fn EnnExecuteModel(id: EnnModelId) -> EnnReturn {
    guard("EnnExecuteModel", || state::execute(id))
}

/// `EnnExecuteModelFastIpc(id, sleep_usec)`: as [`EnnExecuteModel`].
#[no_mangle]
pub extern "C" fn EnnExecuteModelFastIpc(id: EnnModelId, _sleep_usec: c_int) -> EnnReturn {
    guard("EnnExecuteModelFastIpc", || state::execute(id))
}

/// `EnnExecuteModelWithSessionIdAsync(id, session)`: runs synchronously, keeps the result
/// for the matching wait (session 0 only).
#[no_mangle]
pub extern "C" fn EnnExecuteModelWithSessionIdAsync(id: EnnModelId, session: c_int) -> EnnReturn {
    guard("EnnExecuteModelWithSessionIdAsync", || state::execute_async(id, session))
}

/// `EnnExecuteModelWithSessionIdWait(id, session)`: the result of the pending async run.
#[no_mangle]
pub extern "C" fn EnnExecuteModelWithSessionIdWait(id: EnnModelId, session: c_int) -> EnnReturn {
    guard("EnnExecuteModelWithSessionIdWait", || state::wait(id, session))
}

// ----------------------------------------------------------------------------------------
// Buffers.

/// `EnnAllocateAllBuffers(id, &array, &counts)`: session 0, commit.
///
/// # Safety
///
/// As [`EnnAllocateAllBuffersWithSessionId`].
#[no_mangle]
pub unsafe extern "C" fn EnnAllocateAllBuffers(
    id: EnnModelId,
    out_array: *mut *mut EnnBufferPtr,
    out_counts: *mut NumberOfBuffersInfo,
) -> EnnReturn {
    // SAFETY: the caller's contract is the one `allocate_all` requires.
    unsafe { allocate_all("EnnAllocateAllBuffers", id, out_array, out_counts, 0) }
}

/// `EnnAllocateAllBuffersWithSessionId(id, &array, &counts, session, commit)`: one memfd
/// buffer per tensor input then output, bound to the model; only session 0. On failure
/// nothing stays allocated and the counts are zeroed.
///
/// # Safety
///
/// `out_array` and `out_counts` must each be null (rejected) or valid for writing.
#[no_mangle]
pub unsafe extern "C" fn EnnAllocateAllBuffersWithSessionId(
    id: EnnModelId,
    out_array: *mut *mut EnnBufferPtr,
    out_counts: *mut NumberOfBuffersInfo,
    session: c_int,
    _commit: bool,
) -> EnnReturn {
    // SAFETY: the caller's contract is the one `allocate_all` requires.
    unsafe {
        allocate_all("EnnAllocateAllBuffersWithSessionId", id, out_array, out_counts, session)
    }
}

/// The two allocate-all entry points.
///
/// # Safety
///
/// `out_array` and `out_counts` must each be null (rejected) or valid for writing.
unsafe fn allocate_all(
    name: &'static str,
    id: EnnModelId,
    out_array: *mut *mut EnnBufferPtr,
    out_counts: *mut NumberOfBuffersInfo,
    session: c_int,
) -> EnnReturn {
    let code = guard(name, || {
        check_out(out_array)?;
        check_out(out_counts)?;
        let (array, counts) = state::allocate_all(id, session)?;
        // SAFETY: both checked by `check_out`; writable by the caller's contract.
        unsafe {
            write_out(out_array, array);
            write_out(out_counts, counts);
        }
        Ok(())
    });
    if !code.is_success() && check_out(out_counts).is_ok() {
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out_counts, NumberOfBuffersInfo::default()) };
    }
    code
}

/// `EnnBufferCommit(id)`: accepted (buffers are bound when set or allocated).
#[no_mangle]
pub extern "C" fn EnnBufferCommit(id: EnnModelId) -> EnnReturn {
    guard("EnnBufferCommit", || state::commit(id))
}

/// `EnnGetBuffersInfo(id, &counts)`: tensor inputs and outputs of the model.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing.
#[no_mangle]
pub unsafe extern "C" fn EnnGetBuffersInfo(
    id: EnnModelId,
    out: *mut NumberOfBuffersInfo,
) -> EnnReturn {
    guard("EnnGetBuffersInfo", || {
        check_out(out)?;
        let info = state::buffers_info(id)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, info) };
        Ok(())
    })
}

/// `EnnReleaseBuffers(array, count)`: releases each buffer and the array, which must be
/// one this library allocated with exactly `count` elements. The array is not read.
#[no_mangle]
pub extern "C" fn EnnReleaseBuffers(array: *mut EnnBufferPtr, count: i32) -> EnnReturn {
    guard("EnnReleaseBuffers", || state::release_buffers(array as usize, count))
}

/// `EnnCreateBuffer(size, flag, &buffer)`: a memfd of `size` (> 0) bytes.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn EnnCreateBuffer(
    size: u32,
    flag: u32,
    out: *mut EnnBufferPtr,
) -> EnnReturn {
    guard("EnnCreateBuffer", || {
        check_out(out)?;
        let buffer = state::create_buffer(size, flag)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, buffer) };
        Ok(())
    })
}

/// `EnnCreateBufferFromFdWithOffset(fd, size, offset, &buffer)`: maps `size` bytes at
/// `offset` of a dup of `fd` (any offset, unless told to take page-aligned ones only).
///
/// # Safety
///
/// `fd` must be an open descriptor; `out` null (rejected) or valid for writing a pointer.
#[no_mangle]
pub unsafe extern "C" fn EnnCreateBufferFromFdWithOffset(
    fd: c_int,
    size: u32,
    offset: u32,
    out: *mut EnnBufferPtr,
) -> EnnReturn {
    guard("EnnCreateBufferFromFdWithOffset", || {
        check_out(out)?;
        state::check_context()?;
        // SAFETY: `fd` is open for this call by the caller's contract.
        let fd = unsafe { dup_fd(fd) }?;
        let buffer = state::import_buffer(fd, size, offset)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, buffer) };
        Ok(())
    })
}

/// `EnnReleaseBuffer(buffer)`: only live buffers of this library; never dereferenced.
#[no_mangle]
pub extern "C" fn EnnReleaseBuffer(buffer: EnnBufferPtr) -> EnnReturn {
    guard("EnnReleaseBuffer", || state::release_buffer(buffer as usize))
}

/// `EnnGetFileDescriptorFromEnnBuffer(buffer, &fd)`: the memfd, borrowed until release.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing an `i32`.
#[no_mangle]
pub unsafe extern "C" fn EnnGetFileDescriptorFromEnnBuffer(
    buffer: EnnBufferPtr,
    out: *mut i32,
) -> EnnReturn {
    guard("EnnGetFileDescriptorFromEnnBuffer", || {
        check_out(out)?;
        let fd = state::buffer_fd(buffer as usize)?;
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, fd) };
        Ok(())
    })
}

/// `EnnSetBufferByIndex(id, dir, index, buffer)`: binds a live buffer whose size equals
/// the tensor's (`ENN_RET_SIZE` otherwise).
#[no_mangle]
pub extern "C" fn EnnSetBufferByIndex(
    id: EnnModelId,
    dir: EnnBufDir,
    index: u32,
    buffer: EnnBufferPtr,
) -> EnnReturn {
    guard("EnnSetBufferByIndex", || state::set_buffer(id, dir, index, buffer as usize))
}

/// `EnnGetBufferInfoByIndex(id, dir, index, &info)`: NCHW dims, byte size, ENN tensor
/// type and a label valid until the model is closed.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing an `EnnBufferInfo`.
#[no_mangle]
pub unsafe extern "C" fn EnnGetBufferInfoByIndex(
    id: EnnModelId,
    dir: EnnBufDir,
    index: u32,
    out: *mut EnnBufferInfo,
) -> EnnReturn {
    guard("EnnGetBufferInfoByIndex", || {
        check_out(out)?;
        let info = state::buffer_info(id, dir, index)?;
        let info = EnnBufferInfo {
            is_able_to_update: true,
            n: info.n,
            width: info.width,
            height: info.height,
            channel: info.channel,
            size: info.size,
            buffer_type: info.buffer_type,
            label: info.label,
        };
        // SAFETY: checked by `check_out`; writable by the caller's contract.
        unsafe { write_out(out, info) };
        Ok(())
    })
}

// ----------------------------------------------------------------------------------------
// Test-only symbols.

/// `pterun_enn_emu_counters(&counters)`: 0, or -1 for a null or misaligned pointer.
///
/// # Safety
///
/// `out` must be null (rejected) or valid for writing an `EmuCounters`.
#[no_mangle]
pub unsafe extern "C" fn pterun_enn_emu_counters(out: *mut EmuCounters) -> c_int {
    if check_out(out).is_err() {
        return -1;
    }
    match catch_unwind(state::counters) {
        Ok(counters) => {
            // SAFETY: checked by `check_out`; writable by the caller's contract.
            unsafe { write_out(out, counters) };
            0
        }
        Err(_) => -1,
    }
}

/// `pterun_enn_emu_fail(name, countdown, code)`: the named `Enn*` function returns `code`
/// after `countdown` more calls, once. -1 for a null or unknown name or `code == 0`.
///
/// # Safety
///
/// `name` must be null (rejected) or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn pterun_enn_emu_fail(
    name: *const c_char,
    countdown: u32,
    code: i32,
) -> c_int {
    if name.is_null() {
        return -1;
    }
    // SAFETY: non-null and NUL-terminated, live for the call, by the caller's contract.
    let name = unsafe { CStr::from_ptr(name) };
    let Ok(name) = name.to_str() else { return -1 };
    catch_unwind(|| state::inject(name, countdown, code)).unwrap_or(-1)
}

/// `pterun_enn_emu_reset()`: clears injected failures and finished-work counters.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_reset() {
    let _ = catch_unwind(state::reset);
}

/// `pterun_enn_emu_set_strict_deinit(on)`.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_set_strict_deinit(on: bool) {
    let _ = catch_unwind(|| state::set_strict_deinit(on));
}

/// `pterun_enn_emu_set_buffer_padding(bytes)`.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_set_buffer_padding(bytes: u32) {
    let _ = catch_unwind(|| state::set_buffer_padding(bytes));
}

/// `pterun_enn_emu_set_borrow_file_fd(on)`.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_set_borrow_file_fd(on: bool) {
    let _ = catch_unwind(|| state::set_borrow_file_fd(on));
}

/// `pterun_enn_emu_set_aligned_file_fd(on)`.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_set_aligned_file_fd(on: bool) {
    let _ = catch_unwind(|| state::set_aligned_file_fd(on));
}

/// `pterun_enn_emu_set_aligned_imports(on)`.
#[no_mangle]
pub extern "C" fn pterun_enn_emu_set_aligned_imports(on: bool) {
    let _ = catch_unwind(|| state::set_aligned_imports(on));
}

// Every export has exactly the contract's signature.
const _: signatures::Initialize = EnnInitialize;
const _: signatures::Deinitialize = EnnDeinitialize;
const _: signatures::SetPreferencePerfMode = EnnSetPreferencePerfMode;
const _: signatures::GetPreferencePerfMode = EnnGetPreferencePerfMode;
const _: signatures::OpenModel = EnnOpenModel;
const _: signatures::OpenModelFromMemory = EnnOpenModelFromMemory;
const _: signatures::OpenModelFromFd = EnnOpenModelFromFd;
const _: signatures::OpenModelWithFileOpenFd = EnnOpenModelWithFileOpenFd;
const _: signatures::SetFastIpc = EnnSetFastIpc;
const _: signatures::UnsetFastIpc = EnnUnsetFastIpc;
const _: signatures::ExecuteModelFastIpc = EnnExecuteModelFastIpc;
const _: signatures::ExecuteModel = EnnExecuteModel;
const _: signatures::ExecuteModelWithSessionIdAsync = EnnExecuteModelWithSessionIdAsync;
const _: signatures::ExecuteModelWithSessionIdWait = EnnExecuteModelWithSessionIdWait;
const _: signatures::CloseModel = EnnCloseModel;
const _: signatures::AllocateAllBuffers = EnnAllocateAllBuffers;
const _: signatures::AllocateAllBuffersWithSessionId = EnnAllocateAllBuffersWithSessionId;
const _: signatures::BufferCommit = EnnBufferCommit;
const _: signatures::GetBuffersInfo = EnnGetBuffersInfo;
const _: signatures::ReleaseBuffers = EnnReleaseBuffers;
const _: signatures::CreateBuffer = EnnCreateBuffer;
const _: signatures::CreateBufferFromFdWithOffset = EnnCreateBufferFromFdWithOffset;
const _: signatures::ReleaseBuffer = EnnReleaseBuffer;
const _: signatures::GetFileDescriptorFromEnnBuffer = EnnGetFileDescriptorFromEnnBuffer;
const _: signatures::SetBufferByIndex = EnnSetBufferByIndex;
const _: signatures::GetBufferInfoByIndex = EnnGetBufferInfoByIndex;
const _: emulator::Counters = pterun_enn_emu_counters;
const _: emulator::Fail = pterun_enn_emu_fail;
const _: emulator::Reset = pterun_enn_emu_reset;
const _: emulator::SetStrictDeinit = pterun_enn_emu_set_strict_deinit;
const _: emulator::SetBufferPadding = pterun_enn_emu_set_buffer_padding;
const _: emulator::SetBorrowFileFd = pterun_enn_emu_set_borrow_file_fd;
const _: emulator::SetAlignedFileFd = pterun_enn_emu_set_aligned_file_fd;
const _: emulator::SetAlignedImports = pterun_enn_emu_set_aligned_imports;
