//! Delegates: the `Backend` trait and the explicit registry the runtime looks backends up in.
//!
//! A method's delegate names a backend by id (`XnnpackBackend`, `EnnBackend`). At method
//! load the runtime looks the id up in the [`BackendRegistry`] it was given, asks the backend
//! whether it can run here, and calls [`Backend::init`] with the blob [`Segment`] **by
//! value**: the backend keeps it only as long as it needs it (a device that made its own
//! copy drops it at once, so no stale pointer or resident duplicate remains). The returned
//! [`Delegate`] owns whatever device resources it holds and releases them when dropped.

use std::os::fd::BorrowedFd;
use std::sync::Arc;

use pterun_core::{ErrorCode, ScalarType};
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

/// What a delegate learns at method load about one argument of a call to it.
#[derive(Debug)]
#[non_exhaustive]
pub enum DelegateArgInfo<'a> {
    /// A tensor in the method's memory (planned, or a runtime input's buffer).
    Tensor(TensorArgInfo<'a>),
    /// A constant tensor of the program.
    Constant {
        /// Element type.
        dtype: ScalarType,
        /// Sizes.
        sizes: &'a [usize],
    },
    /// Anything else (scalars, lists, none).
    Other,
}

/// Where a tensor argument of a delegate call lives.
#[derive(Debug)]
pub struct TensorArgInfo<'a> {
    /// Element type.
    pub dtype: ScalarType,
    /// Sizes (the upper bound for a dynamic tensor).
    pub sizes: &'a [usize],
    /// Bytes reserved for the tensor (what the argument's slice will hold).
    pub capacity: usize,
    /// CPU address of the first byte: the address of the argument's bytes at every
    /// execution (a delegate can check it to catch a moved tensor).
    pub address: usize,
    /// The shared buffer holding the bytes and the tensor's offset in it, when the method's
    /// arenas were allocated by a shared allocator and the delegate has exactly one call
    /// site (so the bytes cannot belong to another call).
    pub shared: Option<SharedLocation<'a>>,
}

/// A tensor's bytes named by an fd and an offset, for a device to import.
#[derive(Debug, Clone, Copy)]
pub struct SharedLocation<'a> {
    /// The fd of the shared arena (borrowed for the call: `dup` it to keep it).
    pub fd: BorrowedFd<'a>,
    /// Offset of the tensor's first byte in the fd.
    pub offset: u64,
    /// Name of the allocator of the arena (`memfd`, `enn`...).
    pub allocator: &'a str,
}

/// An initialised delegate.
pub trait Delegate: Send {
    /// Runs the delegated subgraph.
    fn execute(&mut self, args: &mut [DelegateArg<'_>]) -> Result<(), BackendError>;

    /// Called at method load, after every load-time rewrite, once for each instruction
    /// that calls this delegate, with what is known about its arguments (in call order).
    /// A delegate checks the call against its model here (so a bad program fails at load)
    /// and may bind device buffers to the tensors' memory. The default accepts anything.
    fn prepare(&mut self, args: &[DelegateArgInfo<'_>]) -> Result<(), BackendError> {
        let _ = args;
        Ok(())
    }
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
