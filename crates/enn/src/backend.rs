//! [`EnnBackend`] (the `pterun_runtime::Backend` named `EnnBackend`) and its delegates.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pterun_enn_sys::{LIBRARY_ENV, LIBRARY_NAME};
use pterun_memory::Segment;
use pterun_runtime::{Backend, BackendError, CompileSpec, Delegate, InitContext};

use crate::allocator::EnnAllocator;
use crate::config::EnnConfig;
use crate::context::EnnContext;
use crate::delegate::{DelegateIo, EnnDelegate};
use crate::error::{Error, Result};
use crate::ffi::EnnLibrary;
use crate::model::{EnnModel, OpenRecord};

/// The id programs use for ENN delegates.
pub const BACKEND_NAME: &str = "EnnBackend";

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
    /// Every delegate opened, shared with it (it updates its copy counts).
    delegates: Mutex<Vec<Arc<Mutex<DelegateIo>>>>,
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
        EnnBackend { config, library: OnceLock::new(), delegates: Mutex::new(Vec::new()) }
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
        self.delegate_io().into_iter().map(|d| d.open).collect()
    }

    /// What every delegate this backend opened did: open path, how each buffer is fed,
    /// bytes copied at executions (a snapshot; delegates already dropped included).
    pub fn delegate_io(&self) -> Vec<DelegateIo> {
        let delegates = self.delegates.lock().unwrap_or_else(PoisonError::into_inner);
        delegates.iter().map(|d| d.lock().unwrap_or_else(PoisonError::into_inner).clone()).collect()
    }

    /// The library's performance mode as `EnnGetPreferencePerfMode` reads it back (`None`
    /// when the library is unavailable or does not export it).
    pub fn perf_mode_read_back(&self) -> Option<u32> {
        let library = self.library().ok()?;
        EnnContext::current()?;
        library.perf_mode().ok().flatten()
    }

    /// Opens a delegate's model (what [`Backend::init`] does, with this crate's errors).
    ///
    /// # Errors
    ///
    /// As for [`EnnBackend::context`] and [`EnnModel::open`].
    pub fn open_delegate(&self, context: &InitContext<'_>, blob: Segment) -> Result<EnnDelegate> {
        let enn = self.context()?;
        if let Some(mode) = self.config.perf_mode {
            // Before the model opens: a preference applies to models opened after it.
            enn.library().set_perf_mode(mode.code())?;
        }
        let mut model = EnnModel::open(&enn, blob, self.config.open_policy)?;
        let record = model.record_mut();
        record.method = context.method.to_owned();
        record.delegate_index = context.delegate_index;
        let delegate = EnnDelegate::new(model, self.config.io_policy);
        let report = delegate.report_handle();
        self.delegates.lock().unwrap_or_else(PoisonError::into_inner).push(report);
        Ok(delegate)
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
            ..EnnConfig::default()
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
}
