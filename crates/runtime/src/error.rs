//! The one error type of `pterun-runtime`.

use pterun_core::{ErrorCode, ScalarType};

/// Why loading or executing a program failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The program file is malformed.
    #[error("invalid program")]
    Format(#[from] pterun_format::Error),
    /// The external data file (`.ptd`) is malformed.
    #[error("invalid external data file")]
    DataFormat(#[source] pterun_format::Error),
    /// Loading bytes failed.
    #[error("loading program data failed")]
    Memory(#[from] pterun_memory::Error),
    /// No method has this name.
    #[error("no method named {name:?}; the program has {available:?}")]
    MethodNotFound {
        /// Name asked for.
        name: String,
        /// Names present.
        available: Vec<String>,
    },
    /// Operators without a kernel, all of them.
    #[error("{} operator(s) have no kernel: {}", names.len(), names.join(", "))]
    OperatorMissing {
        /// Full operator names.
        names: Vec<String>,
    },
    /// A delegate names a backend that is not registered.
    #[error(
        "method needs backend {backend:?}, which is not registered (registered: {registered:?})"
    )]
    BackendNotFound {
        /// Backend id from the program.
        backend: String,
        /// Registered backend names.
        registered: Vec<String>,
    },
    /// A registered backend cannot run here.
    #[error("backend {backend:?} is not available: {reason}")]
    BackendUnavailable {
        /// Backend name.
        backend: String,
        /// Why (library missing...).
        reason: String,
    },
    /// A backend failed to initialise or execute a delegate.
    #[error("backend {backend:?} failed: {message}")]
    Delegate {
        /// Backend name.
        backend: String,
        /// What it reported.
        message: String,
        /// Its error code.
        code: ErrorCode,
    },
    /// A kernel rejected its arguments.
    #[error("instruction {instruction} ({op})")]
    Kernel {
        /// Instruction index.
        instruction: usize,
        /// Operator.
        op: &'static str,
        /// The kernel's error.
        source: pterun_kernels::Error,
    },
    /// An instruction found a value of the wrong kind at run time.
    #[error("instruction {instruction}: value {value} is a {found}, expected {expected}")]
    ValueKind {
        /// Instruction index.
        instruction: usize,
        /// Value index.
        value: usize,
        /// Kind required.
        expected: &'static str,
        /// Kind found.
        found: &'static str,
    },
    /// A tensor layout this runtime does not execute.
    #[error("value {value}: {reason}")]
    UnsupportedTensor {
        /// Value index.
        value: usize,
        /// What is unsupported.
        reason: String,
    },
    /// A tensor without data was used.
    #[error("value {value} has no data (not set, freed, or provided at run time)")]
    NullData {
        /// Value index.
        value: usize,
    },
    /// The method asks for more planned memory than [`crate::PLANNED_MEMORY_LIMIT`].
    #[error("the method plans {bytes} bytes of memory, more than the limit of {limit}")]
    PlannedMemoryTooLarge {
        /// Bytes asked for.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The same memory would be written through two outputs of one call.
    #[error("instruction {instruction}: outputs overlap in memory")]
    OverlappingOutputs {
        /// Instruction index.
        instruction: usize,
    },
    /// A tensor that shares planned bytes with others is read before anything wrote them
    /// (found by the aliasing check of debug builds, before the load-time passes).
    #[error("value {value}: a tensor sharing planned memory is read before anything writes it")]
    DanglingAlias {
        /// The tensor's value index.
        value: usize,
    },
    /// A load-time pass left a tensor reading bytes it should not (found by the aliasing
    /// check of debug builds, after the passes): a bug of pterun, not of the program.
    #[error("value {value}: after the load-time passes, the tensor {detail}")]
    AliasBroken {
        /// The tensor's value index.
        value: usize,
        /// What it reads.
        detail: String,
    },
    /// A load-time pass left the method inconsistent (found by the check of debug builds
    /// after each pass): a bug of pterun, not of the program.
    #[error("after pass {pass}: {detail}")]
    PassBrokePlan {
        /// The pass.
        pass: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// More instructions than the limit ran (a jump loop).
    #[error("more than {limit} instructions executed")]
    InstructionLimit {
        /// The limit.
        limit: u64,
    },
    /// The caller passed the wrong number of inputs.
    #[error("method {method:?} takes {expected} input(s), {found} given")]
    InputCount {
        /// Method name.
        method: String,
        /// Inputs required.
        expected: usize,
        /// Inputs given.
        found: usize,
    },
    /// Input `index` has the wrong element type.
    #[error("input {index}: expected {expected}, found {found}")]
    InputDtype {
        /// Input position.
        index: usize,
        /// Type required.
        expected: ScalarType,
        /// Type given.
        found: ScalarType,
    },
    /// Input `index` has the wrong shape.
    #[error("input {index}: expected sizes {expected:?} ({dynamism}), found {found:?}: {reason}")]
    InputShape {
        /// Input position.
        index: usize,
        /// Sizes declared by the program (upper bounds when dynamic).
        expected: Vec<usize>,
        /// `static` or `dynamic_bound`.
        dynamism: &'static str,
        /// Sizes given.
        found: Vec<usize>,
        /// Why they are refused.
        reason: String,
    },
    /// Input `index` has the wrong number of bytes for its shape and type.
    #[error("input {index}: expected {expected} bytes, found {found}")]
    InputBytes {
        /// Input position.
        index: usize,
        /// Bytes required.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// Input `index` is not a tensor; only tensor inputs can be set.
    #[error("input {index} is a {kind}, not a tensor")]
    InputKind {
        /// Input position.
        index: usize,
        /// Its kind.
        kind: &'static str,
    },
    /// Execution started before every input was set.
    #[error("input {index} has not been set")]
    InputNotSet {
        /// Input position.
        index: usize,
    },
    /// A tensor stored outside the program needs an external data file.
    #[error("tensor {key:?} lives in external data, and no .ptd file was given")]
    ExternalDataMissing {
        /// Key.
        key: String,
    },
    /// The external data file lacks a key or disagrees with the program.
    #[error("external tensor {key:?}: {reason}")]
    ExternalData {
        /// Key.
        key: String,
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    /// The ExecuTorch error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Format(e) | Error::DataFormat(e) => e.code(),
            Error::Memory(e) => e.code(),
            Error::MethodNotFound { .. }
            | Error::BackendNotFound { .. }
            | Error::BackendUnavailable { .. } => ErrorCode::NotFound,
            Error::OperatorMissing { .. } => ErrorCode::OperatorMissing,
            Error::Delegate { code, .. } => *code,
            Error::Kernel { source, .. } => source.code(),
            Error::ValueKind { .. }
            | Error::InstructionLimit { .. }
            | Error::DanglingAlias { .. } => ErrorCode::InvalidProgram,
            Error::UnsupportedTensor { .. } => ErrorCode::NotSupported,
            Error::NullData { .. } | Error::ExternalDataMissing { .. } => ErrorCode::InvalidState,
            Error::OverlappingOutputs { .. }
            | Error::AliasBroken { .. }
            | Error::PassBrokePlan { .. } => ErrorCode::Internal,
            Error::PlannedMemoryTooLarge { .. } => ErrorCode::MemoryAllocationFailed,
            Error::InputShape { .. } => ErrorCode::NotSupported,
            Error::InputCount { .. }
            | Error::InputDtype { .. }
            | Error::InputBytes { .. }
            | Error::InputKind { .. }
            | Error::InputNotSet { .. } => ErrorCode::InvalidArgument,
            Error::ExternalData { .. } => ErrorCode::InvalidExternalData,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
