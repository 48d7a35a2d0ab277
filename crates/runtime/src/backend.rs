//! Delegates: the `Backend` trait and the explicit registry the runtime looks backends up in.
//!
//! A method's delegate names a backend by id (`XnnpackBackend`, `EnnBackend`). At method
//! load the runtime looks the id up in the [`BackendRegistry`] it was given, asks the backend
//! whether it can run here, and calls [`Backend::init`] with the blob [`Segment`] **by
//! value**: the backend keeps it only as long as it needs it (a device that made its own
//! copy drops it at once, so no stale pointer or resident duplicate remains). The returned
//! [`Delegate`] owns whatever device resources it holds and releases them when dropped.

use std::sync::Arc;

use pterun_core::ErrorCode;
use pterun_kernels::{TensorMut, TensorRef};
use pterun_memory::Segment;

/// A backend option from the program.
#[derive(Clone, Copy, Debug)]
pub struct CompileSpec<'a> {
    /// Option name.
    pub key: &'a str,
    /// Raw value.
    pub value: &'a [u8],
}

/// What a backend learns about the delegate it initialises.
#[derive(Debug)]
pub struct InitContext<'a> {
    /// Method the delegate belongs to.
    pub method: &'a str,
    /// Position of the delegate in the method.
    pub delegate_index: usize,
}

/// An error reported by a backend, with an ExecuTorch code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} [{code}]")]
pub struct BackendError {
    /// ExecuTorch code (for example `DelegateInvalidCompatibility`).
    pub code: ErrorCode,
    /// What went wrong.
    pub message: String,
}

impl BackendError {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> BackendError {
        BackendError { code, message: message.into() }
    }
}

/// One argument of a delegate call, in the order the program lists them (inputs, then
/// outputs; the backend knows which is which from its blob).
#[derive(Debug)]
pub enum DelegateArg<'a> {
    /// A tensor in planned memory: readable, and writable when it is an output.
    Tensor(TensorMut<'a>),
    /// A constant tensor (read-only).
    Constant(TensorRef<'a>),
    /// An integer.
    Int(i64),
    /// A float.
    Double(f64),
    /// A boolean.
    Bool(bool),
    /// Anything else (none, lists).
    Other,
}

/// A backend: turns blobs into executable delegates.
pub trait Backend: Send + Sync {
    /// The id programs use to name it.
    fn name(&self) -> &str;

    /// Whether it can run here; the error says why not (library missing...).
    fn availability(&self) -> Result<(), String> {
        Ok(())
    }

    /// Prepares a delegate from its blob and options.
    fn init(
        &self,
        context: &InitContext<'_>,
        blob: Segment,
        compile_specs: &[CompileSpec<'_>],
    ) -> Result<Box<dyn Delegate>, BackendError>;
}

/// An initialised delegate.
pub trait Delegate: Send {
    /// Runs the delegated subgraph.
    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> Result<(), BackendError>;
}

/// Backends by name, given explicitly to the runtime.
#[derive(Clone, Default)]
pub struct BackendRegistry {
    backends: Vec<Arc<dyn Backend>>,
}

impl std::fmt::Debug for BackendRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl BackendRegistry {
    /// An empty registry.
    pub fn new() -> BackendRegistry {
        BackendRegistry::default()
    }

    /// Adds a backend; a name can be registered once.
    pub fn register(&mut self, backend: Arc<dyn Backend>) -> Result<(), BackendError> {
        if self.get(backend.name()).is_some() {
            return Err(BackendError::new(
                ErrorCode::RegistrationAlreadyRegistered,
                format!("backend {} is already registered", backend.name()),
            ));
        }
        self.backends.push(backend);
        Ok(())
    }

    /// The backend called `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn Backend>> {
        self.backends.iter().find(|b| b.name() == name)
    }

    /// Registered names.
    pub fn names(&self) -> Vec<String> {
        self.backends.iter().map(|b| b.name().to_string()).collect()
    }
}
