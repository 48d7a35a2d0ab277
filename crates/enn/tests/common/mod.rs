//! Helpers shared by the integration tests: the software ENN library (`pterun-enn-emu`),
//! its test symbols, fixtures and a delegate runner.
#![allow(dead_code, reason = "each test binary uses a different subset")]
#![allow(clippy::unwrap_used, reason = "tests")]

use std::ffi::CString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_enn::{DelegateIo, EnnBackend, EnnConfig, OpenPolicy, Transfer};
use pterun_enn_sys::emulator::{self, EmuCounters};
use pterun_enn_sys::LIBRARY_NAME;
use pterun_kernels::{Shape, TensorMut};
use pterun_memory::{
    BufferLoader, DataLoader, MemfdAllocator, SegmentInfo, SharedAllocator, SharedBuffer,
};
use pterun_runtime::{
    Backend, BackendError, Delegate, DelegateArg, DelegateArgInfo, InitContext, SharedLocation,
    TensorArgInfo,
};

/// Serialises tests that read the library's process-global counters.
pub fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `fixtures/models/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models").join(name)
}

pub fn linear_pte() -> Vec<u8> {
    std::fs::read(fixture("linear.pte")).unwrap()
}

/// The software library: the copy cargo built as a dev-dependency next to this test
/// binary (`<target>/<profile>/deps/`), else the workspace build in `<target>/<profile>/`,
/// else built now with `$CARGO build -p pterun-enn-emu` in a separate target directory
/// (so as not to wait on the lock of the running `cargo test`).
pub fn emu_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let deps = exe.parent().unwrap();
        for dir in [Some(deps), deps.parent()].into_iter().flatten() {
            let candidate = dir.join(LIBRARY_NAME);
            if candidate.is_file() {
                return candidate;
            }
        }
        let profile_dir = deps.parent().unwrap();
        let target = profile_dir.parent().unwrap().join("enn-emu-tests");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut command = std::process::Command::new(cargo);
        command.args(["build", "-p", "pterun-enn-emu", "--target-dir"]).arg(&target);
        let profile = profile_dir.file_name().unwrap().to_str().unwrap().to_owned();
        let out_profile = match profile.as_str() {
            "debug" => "debug".to_owned(),
            "release" => {
                command.arg("--release");
                "release".to_owned()
            }
            other => {
                command.args(["--profile", other]);
                other.to_owned()
            }
        };
        let status = command.status().unwrap();
        assert!(status.success(), "building pterun-enn-emu failed");
        target.join(out_profile).join(LIBRARY_NAME)
    })
}

/// The emulator's test-only symbols, through its own handle (the same loaded library as
/// the backend's: dlopen of the same file returns the same object).
pub struct Emu {
    counters: emulator::Counters,
    fail: emulator::Fail,
    reset: emulator::Reset,
    strict: emulator::SetStrictDeinit,
    padding: emulator::SetBufferPadding,
    borrow_file_fd: emulator::SetBorrowFileFd,
    aligned_file_fd: emulator::SetAlignedFileFd,
    aligned_imports: emulator::SetAlignedImports,
    _library: libloading::Library,
}

impl Emu {
    pub fn get() -> &'static Emu {
        static EMU: OnceLock<Emu> = OnceLock::new();
        EMU.get_or_init(|| {
            // SAFETY: the emulator is a Rust cdylib without unusual initialisers.
            let library = unsafe { libloading::Library::new(emu_path()) }.unwrap();
            // SAFETY: each symbol's type is the one `pterun_enn_sys::emulator` declares;
            // the pointers are kept next to the library in a process-lifetime static.
            unsafe {
                Emu {
                    counters: *library
                        .get::<emulator::Counters>(emulator::COUNTERS.as_bytes())
                        .unwrap(),
                    fail: *library.get::<emulator::Fail>(emulator::FAIL.as_bytes()).unwrap(),
                    reset: *library.get::<emulator::Reset>(emulator::RESET.as_bytes()).unwrap(),
                    strict: *library
                        .get::<emulator::SetStrictDeinit>(emulator::SET_STRICT_DEINIT.as_bytes())
                        .unwrap(),
                    padding: *library
                        .get::<emulator::SetBufferPadding>(emulator::SET_BUFFER_PADDING.as_bytes())
                        .unwrap(),
                    borrow_file_fd: *library
                        .get::<emulator::SetBorrowFileFd>(emulator::SET_BORROW_FILE_FD.as_bytes())
                        .unwrap(),
                    aligned_file_fd: *library
                        .get::<emulator::SetAlignedFileFd>(emulator::SET_ALIGNED_FILE_FD.as_bytes())
                        .unwrap(),
                    aligned_imports: *library
                        .get::<emulator::SetAlignedImports>(
                            emulator::SET_ALIGNED_IMPORTS.as_bytes(),
                        )
                        .unwrap(),
                    _library: library,
                }
            }
        })
    }

    pub fn counters(&self) -> EmuCounters {
        let mut counters = EmuCounters::default();
        // SAFETY: a valid out pointer of the declared layout.
        let rc = unsafe { (self.counters)(&mut counters) };
        assert_eq!(rc, 0);
        counters
    }

    /// The named function fails with `code` after `countdown` successful calls, once.
    pub fn fail(&self, name: &str, countdown: u32, code: i32) {
        let name = CString::new(name).unwrap();
        // SAFETY: a valid NUL-terminated string for the duration of the call.
        let rc = unsafe { (self.fail)(name.as_ptr(), countdown, code) };
        assert_eq!(rc, 0, "unknown fault name {name:?}");
    }

    pub fn reset(&self) {
        // SAFETY: no arguments.
        unsafe { (self.reset)() }
    }

    pub fn set_strict_deinit(&self, on: bool) {
        // SAFETY: a plain bool.
        unsafe { (self.strict)(on) }
    }

    /// Models opened from now on get buffers `bytes` larger than their tensors.
    pub fn set_buffer_padding(&self, bytes: u32) {
        // SAFETY: a plain integer.
        unsafe { (self.padding)(bytes) }
    }

    /// Models opened by fd + offset from now on keep using the caller's descriptor.
    pub fn set_borrow_file_fd(&self, on: bool) {
        // SAFETY: a plain bool.
        unsafe { (self.borrow_file_fd)(on) }
    }

    /// `EnnOpenModelWithFileOpenFd` refuses file offsets that are not page-aligned.
    pub fn set_aligned_file_fd(&self, on: bool) {
        // SAFETY: a plain bool.
        unsafe { (self.aligned_file_fd)(on) }
    }

    /// `EnnCreateBufferFromFdWithOffset` refuses offsets that are not page-aligned.
    pub fn set_aligned_imports(&self, on: bool) {
        // SAFETY: a plain bool.
        unsafe { (self.aligned_imports)(on) }
    }

    /// The start of a test that reads the library's counters: serialised, strict
    /// deinitialisation, nothing alive.
    pub fn strict_start() -> (MutexGuard<'static, ()>, &'static Emu) {
        let serial = serial();
        let emu = Emu::get();
        emu.set_strict_deinit(true);
        emu.assert_quiescent("start");
        (serial, emu)
    }

    /// Asserts that nothing is alive in the library and init/deinit balance.
    pub fn assert_quiescent(&self, when: &str) {
        let c = self.counters();
        assert_eq!(c.live_models, 0, "{when}: live models {c:?}");
        assert_eq!(c.live_buffers, 0, "{when}: live buffers {c:?}");
        assert_eq!(c.context_refs, 0, "{when}: context refs {c:?}");
        assert_eq!(c.initialize_calls, c.deinitialize_calls, "{when}: unbalanced {c:?}");
        assert_eq!(c.leaks_at_last_deinit, 0, "{when}: leaks {c:?}");
    }
}

/// A backend on the software library.
pub fn backend(policy: OpenPolicy) -> Arc<EnnBackend> {
    Arc::new(EnnBackend::new(EnnConfig {
        library_path: Some(emu_path().to_path_buf()),
        open_policy: policy,
        ..EnnConfig::default()
    }))
}

/// A file holding `padding` zero bytes then `linear.pte`.
pub fn padded_model(padding: usize) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&vec![0u8; padding]).unwrap();
    file.write_all(&linear_pte()).unwrap();
    file.flush().unwrap();
    file
}

/// Runs `linear` through `delegate` with the fixture input; returns the output bytes.
pub fn run_linear(delegate: &mut dyn Delegate) -> Result<Vec<u8>, BackendError> {
    let mut input = std::fs::read(fixture("linear.input0.bin")).unwrap();
    let mut in_shape = Shape::new(vec![1, 4], ShapeDynamism::Static);
    let mut output = vec![0u8; 12];
    let mut out_shape = Shape::new(vec![1, 3], ShapeDynamism::Static);
    let mut args = [
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut in_shape, &mut input)),
        DelegateArg::Tensor(TensorMut::new(ScalarType::Float, &mut out_shape, &mut output)),
    ];
    delegate.execute(&mut args)?;
    Ok(output)
}

fn floats(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// Asserts `output` matches `linear.expected0.bin`.
pub fn assert_linear_output(output: &[u8]) {
    let expected = std::fs::read(fixture("linear.expected0.bin")).unwrap();
    let (got, want) = (floats(output), floats(&expected));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() <= 1e-5 * w.abs().max(1.0), "got {got:?}, expected {want:?}");
    }
}

// ---------------------------------------------------------------- delegate I/O in an arena

/// The context of a delegate opened directly.
pub const CTX: InitContext<'static> = InitContext { method: "forward", delegate_index: 0 };

/// Where `linear`'s input (1x4 f32) and output (1x3 f32) live in the arena: the output
/// at an offset that is not page-aligned, as planned tensors are.
pub const INPUT_AT: usize = 0;
pub const OUTPUT_AT: usize = 64;
pub const IN_SIZES: [usize; 2] = [1, 4];
pub const OUT_SIZES: [usize; 2] = [1, 3];

pub fn open_linear(backend: &EnnBackend) -> Box<dyn Delegate> {
    let bytes = linear_pte();
    let len = bytes.len();
    let blob =
        BufferLoader::new(bytes).load(0, len, &SegmentInfo::backend(0, "EnnBackend")).unwrap();
    backend.init(&CTX, blob, &[]).unwrap()
}

pub fn arena() -> SharedBuffer {
    MemfdAllocator::with_label("pterun-io-test").allocate(4096).unwrap()
}

/// Prepares `delegate` as method load would for tensors at `INPUT_AT` / `OUTPUT_AT` of
/// `arena` (shared when `shared`).
pub fn prepare(
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
pub fn run_in_arena(delegate: &mut dyn Delegate, arena: &mut SharedBuffer) -> Vec<u8> {
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

/// The copy reason of each buffer (`None`: imported).
pub fn reasons(io: &DelegateIo) -> Vec<Option<String>> {
    io.buffers
        .iter()
        .map(|b| match &b.transfer {
            Transfer::Imported { .. } => None,
            Transfer::Copied { reason } => Some(reason.clone()),
        })
        .collect()
}
