//! [`EnnBackend`] (the `pterun_runtime::Backend` named `EnnBackend`) and its delegates.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pterun_core::ScalarType;
use pterun_enn_sys::{LIBRARY_ENV, LIBRARY_NAME};
use pterun_memory::Segment;
use pterun_runtime::{
    Backend, BackendError, CompileSpec, Delegate, DelegateArg, DelegateArgInfo, InitContext,
};

use crate::allocator::EnnAllocator;
use crate::context::EnnContext;
use crate::error::{Error, Result};
use crate::ffi::{BufferMeta, EnnLibrary};
use crate::model::{size_mismatch, EnnModel, OpenRecord};
use crate::open::OpenPolicy;

/// The id programs use for ENN delegates.
pub const BACKEND_NAME: &str = "EnnBackend";

/// How to find the library and open models.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnnConfig {
    /// The library (from `--enn-lib`); `None`: `$PTERUN_ENN_LIB`, else the bare name
    /// `libenn_public_api_cpp.so` searched by the dynamic linker.
    pub library_path: Option<PathBuf>,
    /// Which open path to take.
    pub open_policy: OpenPolicy,
}

/// The library path to open: `explicit` > `env` (the value of `PTERUN_ENN_LIB`, ignored
/// when empty) > the bare library name.
pub fn resolve_library_path(explicit: Option<&Path>, env: Option<OsString>) -> PathBuf {
    if let Some(path) = explicit {
        return path.to_path_buf();
    }
    match env {
        Some(value) if !value.is_empty() => PathBuf::from(value),
        _ => PathBuf::from(LIBRARY_NAME),
    }
}

/// The ENN backend. The library is opened on first use (availability check or init) and
/// the outcome cached, so programs without ENN delegates never touch it.
pub struct EnnBackend {
    config: EnnConfig,
    library: OnceLock<std::result::Result<Arc<EnnLibrary>, String>>,
    records: Mutex<Vec<OpenRecord>>,
}

impl fmt::Debug for EnnBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnnBackend")
            .field("config", &self.config)
            .field("library", &self.library.get())
            .finish_non_exhaustive()
    }
}

impl EnnBackend {
    /// A backend with `config`; nothing is loaded yet.
    pub fn new(config: EnnConfig) -> EnnBackend {
        EnnBackend { config, library: OnceLock::new(), records: Mutex::new(Vec::new()) }
    }

    /// The configuration.
    pub fn config(&self) -> &EnnConfig {
        &self.config
    }

    /// The path the library is (or will be) opened from.
    pub fn library_path(&self) -> PathBuf {
        resolve_library_path(self.config.library_path.as_deref(), std::env::var_os(LIBRARY_ENV))
    }

    /// The library, opened once.
    ///
    /// # Errors
    ///
    /// [`Error::Unavailable`] with the reason found at the first attempt.
    pub fn library(&self) -> Result<&Arc<EnnLibrary>> {
        self.library
            .get_or_init(|| {
                let path = self.library_path();
                EnnLibrary::open(&path).map_err(|e| {
                    let reason = pterun_core::error_chain(&e);
                    log::info!("ENN backend unavailable: {reason}");
                    reason
                })
            })
            .as_ref()
            .map_err(|reason| Error::Unavailable { reason: reason.clone() })
    }

    /// The process's ENN context (initialised if needed) for this backend's library.
    ///
    /// # Errors
    ///
    /// [`Error::Unavailable`] and the errors of [`EnnContext::acquire`].
    pub fn context(&self) -> Result<Arc<EnnContext>> {
        EnnContext::acquire(Arc::clone(self.library()?))
    }

    /// A shared allocator over ENN buffers (for a `SharedLoader` placing backend blobs).
    ///
    /// # Errors
    ///
    /// As for [`EnnBackend::context`], and [`Error::MissingOptional`] when the library
    /// lacks the buffer functions.
    pub fn allocator(&self) -> Result<EnnAllocator> {
        EnnAllocator::new(self.context()?)
    }

    /// How every model this backend opened was opened (thread-safe snapshot).
    pub fn open_records(&self) -> Vec<OpenRecord> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Opens a delegate's model (what [`Backend::init`] does, with this crate's errors).
    ///
    /// # Errors
    ///
    /// As for [`EnnBackend::context`] and [`EnnModel::open`].
    pub fn open_delegate(&self, context: &InitContext<'_>, blob: Segment) -> Result<EnnDelegate> {
        let enn = self.context()?;
        let mut model = EnnModel::open(&enn, blob, self.config.open_policy)?;
        let record = model.record_mut();
        record.method = context.method.to_owned();
        record.delegate_index = context.delegate_index;
        self.records.lock().unwrap_or_else(PoisonError::into_inner).push(record.clone());
        Ok(EnnDelegate { model })
    }
}

impl Backend for EnnBackend {
    fn name(&self) -> &str {
        BACKEND_NAME
    }

    fn availability(&self) -> std::result::Result<(), String> {
        self.library().map(|_| ()).map_err(|e| match e {
            Error::Unavailable { reason } => reason,
            other => other.to_string(),
        })
    }

    fn init(
        &self,
        context: &InitContext<'_>,
        blob: Segment,
        _compile_specs: &[CompileSpec<'_>],
    ) -> std::result::Result<Box<dyn Delegate>, BackendError> {
        // Compile specs are consumed ahead of time by the ENN compiler; the runtime
        // ignores them, as ExecuTorch's ENN backend does.
        match self.open_delegate(context, blob) {
            Ok(delegate) => Ok(Box::new(delegate)),
            Err(e) => Err(BackendError::from(e)),
        }
    }
}

/// An ENN delegate: one model with its buffers.
#[derive(Debug)]
pub struct EnnDelegate {
    model: EnnModel,
}

impl EnnDelegate {
    /// The model.
    pub fn model(&self) -> &EnnModel {
        &self.model
    }

    /// Runs with ExecuTorch's argument order: the first `n_in` arguments are the inputs,
    /// the next `n_out` the outputs, and nothing else. Each buffer must hold at least its
    /// tensor's bytes (only those are copied) and, where the library reports a type, the
    /// types must agree.
    ///
    /// # Errors
    ///
    /// [`Error::ArgumentCount`], [`Error::ArgumentKind`], [`Error::SizeMismatch`],
    /// [`Error::DtypeMismatch`], and the errors of [`EnnModel::execute`].
    pub fn run(&mut self, args: &mut [DelegateArg<'_>]) -> Result<()> {
        let (n_in, n_out) = (self.model.num_inputs(), self.model.num_outputs());
        check_argument_count(n_in, n_out, args.len())?;
        // Check every output before touching anything, so a bad call executes nothing.
        for (index, arg) in args.iter_mut().skip(n_in).take(n_out).enumerate() {
            let position = n_in.saturating_add(index);
            let DelegateArg::Tensor(t) = arg else {
                return Err(Error::ArgumentKind { index: position, expected: "writable tensor" });
            };
            let (dtype, numel, available) = (t.dtype, t.numel(), t.bytes_mut().len());
            self.check_output(index, position, dtype, numel, available)?;
        }
        for (index, arg) in args.iter_mut().take(n_in).enumerate() {
            let (dtype, numel, data) = match arg {
                DelegateArg::Tensor(t) => {
                    let numel = t.numel();
                    (t.dtype, numel, t.as_ref().data)
                }
                DelegateArg::Constant(t) => (t.dtype, t.numel(), t.data),
                _ => return Err(Error::ArgumentKind { index, expected: "tensor" }),
            };
            let nbytes = self.check_input(index, dtype, numel, data.len())?;
            let data = data.get(..nbytes).ok_or(Error::ArgumentKind { index, expected: STORED })?;
            self.model.write_input(index, data)?;
        }
        self.model.execute()?;
        for (index, arg) in args.iter_mut().skip(n_in).take(n_out).enumerate() {
            if let DelegateArg::Tensor(t) = arg {
                let nbytes = tensor_bytes(t.numel(), t.dtype.element_size()).unwrap_or(0);
                let position = n_in.saturating_add(index);
                let data = t
                    .bytes_mut()
                    .get_mut(..nbytes)
                    .ok_or(Error::ArgumentKind { index: position, expected: STORED })?;
                self.model.read_output(index, data)?;
            }
        }
        Ok(())
    }

    /// Input `index` (a tensor of `numel` elements of `dtype` in `available` bytes)
    /// against its buffer; its byte size on success.
    fn check_input(
        &self,
        index: usize,
        dtype: ScalarType,
        numel: usize,
        available: usize,
    ) -> Result<usize> {
        let enn = self.model.input_size(index).unwrap_or(0);
        let nbytes = check_tensor("input", index, index, numel, dtype, available, enn)?;
        check_dtype("input", index, dtype, self.model.input_meta(index))?;
        Ok(nbytes)
    }

    /// Output `index`, argument `position`, against its buffer.
    fn check_output(
        &self,
        index: usize,
        position: usize,
        dtype: ScalarType,
        numel: usize,
        available: usize,
    ) -> Result<usize> {
        let enn = self.model.output_size(index).unwrap_or(0);
        let nbytes = check_tensor("output", index, position, numel, dtype, available, enn)?;
        check_dtype("output", index, dtype, self.model.output_meta(index))?;
        Ok(nbytes)
    }

    /// The checks of [`EnnDelegate::run`] on what is known at method load.
    fn check_call(&self, args: &[DelegateArgInfo<'_>]) -> Result<()> {
        let (n_in, n_out) = (self.model.num_inputs(), self.model.num_outputs());
        check_argument_count(n_in, n_out, args.len())?;
        for (position, arg) in args.iter().enumerate() {
            let (dtype, sizes, available) = match arg {
                DelegateArgInfo::Tensor(t) => (t.dtype, t.sizes, t.capacity),
                DelegateArgInfo::Constant { dtype, sizes } if position < n_in => {
                    (*dtype, *sizes, usize::MAX)
                }
                _ => {
                    let expected = if position < n_in { "tensor" } else { "writable tensor" };
                    return Err(Error::ArgumentKind { index: position, expected });
                }
            };
            let numel = sizes.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
            let numel = numel.unwrap_or(usize::MAX);
            if position < n_in {
                self.check_input(position, dtype, numel, available)?;
            } else {
                self.check_output(position - n_in, position, dtype, numel, available)?;
            }
        }
        Ok(())
    }
}

/// What a tensor whose storage is shorter than its elements is told.
const STORED: &str = "tensor whose storage holds all its elements";

/// A call must pass exactly one tensor per ENN buffer: an extra argument would be an
/// output the library never writes, a missing one a buffer never filled.
fn check_argument_count(n_in: usize, n_out: usize, found: usize) -> Result<()> {
    if found != n_in.saturating_add(n_out) {
        return Err(Error::ArgumentCount { n_in, n_out, found });
    }
    Ok(())
}

fn tensor_bytes(numel: usize, element_size: usize) -> Option<usize> {
    numel.checked_mul(element_size)
}

/// A tensor of `numel` elements of `dtype`, with `available` bytes of storage, against an
/// ENN buffer of `enn` bytes: the buffer must hold at least the tensor's bytes (a larger
/// buffer is the library's padding). The tensor's byte size on success.
fn check_tensor(
    direction: &'static str,
    index: usize,
    position: usize,
    numel: usize,
    dtype: ScalarType,
    available: usize,
    enn: usize,
) -> Result<usize> {
    let nbytes = tensor_bytes(numel, dtype.element_size()).unwrap_or(usize::MAX);
    if nbytes > enn {
        return Err(size_mismatch(direction, index, nbytes, enn));
    }
    if available < nbytes {
        return Err(Error::ArgumentKind { index: position, expected: STORED });
    }
    Ok(nbytes)
}

/// A tensor of `dtype` against the type the library reports for its buffer, if any.
fn check_dtype(
    direction: &'static str,
    index: usize,
    dtype: ScalarType,
    meta: Option<&BufferMeta>,
) -> Result<()> {
    match meta.and_then(BufferMeta::dtype) {
        Some(enn) if enn != dtype => {
            Err(Error::DtypeMismatch { direction, index, tensor: dtype, enn })
        }
        _ => Ok(()),
    }
}

impl Delegate for EnnDelegate {
    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> std::result::Result<(), BackendError> {
        self.run(args).map_err(BackendError::from)
    }

    /// Checks each call site against the model at method load (count, sizes, types), so
    /// a program whose call does not match the model's ENN buffers fails before anything
    /// runs.
    fn prepare(&mut self, args: &[DelegateArgInfo<'_>]) -> std::result::Result<(), BackendError> {
        self.check_call(args).map_err(BackendError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_path_resolution_order() {
        let explicit = Path::new("/opt/enn/libenn_public_api_cpp.so");
        assert_eq!(
            resolve_library_path(Some(explicit), Some("/env/lib.so".into())),
            PathBuf::from("/opt/enn/libenn_public_api_cpp.so")
        );
        assert_eq!(
            resolve_library_path(None, Some("/env/lib.so".into())),
            PathBuf::from("/env/lib.so")
        );
        assert_eq!(resolve_library_path(None, Some("".into())), PathBuf::from(LIBRARY_NAME));
        assert_eq!(resolve_library_path(None, None), PathBuf::from(LIBRARY_NAME));
    }

    #[test]
    fn a_missing_library_makes_the_backend_unavailable_without_crashing() {
        let backend = EnnBackend::new(EnnConfig {
            library_path: Some("/nonexistent/dir/libenn_public_api_cpp.so".into()),
            open_policy: OpenPolicy::Auto,
        });
        assert_eq!(backend.name(), "EnnBackend");
        let reason = backend.availability().expect_err("no library");
        assert!(reason.contains("/nonexistent/dir/libenn_public_api_cpp.so"), "{reason}");
        // Cached: the same reason again, and init fails cleanly with NotSupported.
        assert_eq!(backend.availability().expect_err("cached"), reason);
        let ctx = InitContext { method: "forward", delegate_index: 0 };
        let err =
            backend.init(&ctx, Segment::from_bytes(vec![0u8; 8]), &[]).err().expect("unavailable");
        assert_eq!(err.code, pterun_core::ErrorCode::NotSupported);
        assert!(err.message.contains("not available"), "{}", err.message);
        assert!(backend.open_records().is_empty());
    }

    #[test]
    fn tensor_byte_sizes_are_checked() {
        assert_eq!(tensor_bytes(4, 4), Some(16));
        assert_eq!(tensor_bytes(usize::MAX, 2), None);
    }

    #[test]
    fn argument_counts_must_match_exactly() {
        assert!(check_argument_count(2, 1, 3).is_ok());
        for found in [0, 2, 4] {
            let text = check_argument_count(2, 1, found).unwrap_err().to_string();
            assert!(
                text.contains("2 input(s) and 1 output(s) (3 ENN buffers)")
                    && text.contains(&format!("the call has {found} argument(s)")),
                "{text}"
            );
        }
    }
}
