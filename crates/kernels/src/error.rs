//! The one error type of `pterun-kernels`.

use pterun_core::{ErrorCode, ScalarType};

/// Why a kernel refused its arguments.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The program passed the wrong number of arguments for this operator.
    #[error("{op}: expected {expected} arguments, found {found}")]
    ArgumentCount {
        /// Operator name.
        op: &'static str,
        /// Arguments required (including the return slot).
        expected: usize,
        /// Arguments found.
        found: usize,
    },
    /// An argument has the wrong kind (a list where a tensor is needed...).
    #[error("{op}: argument {index} must be {expected}, found {found}")]
    ArgumentKind {
        /// Operator name.
        op: &'static str,
        /// Argument position.
        index: usize,
        /// Kind required.
        expected: &'static str,
        /// Kind found.
        found: &'static str,
    },
    /// The kernel has no implementation for this element type.
    #[error("{op}: element type {dtype} is not supported")]
    UnsupportedDtype {
        /// Operator name.
        op: &'static str,
        /// The element type.
        dtype: ScalarType,
    },
    /// Shapes do not agree (broadcasting, matrix dimensions, output size...).
    #[error("{op}: {detail}")]
    ShapeMismatch {
        /// Operator name.
        op: &'static str,
        /// What does not agree, with the sizes.
        detail: String,
    },
    /// An argument value is out of its valid range (a dimension, a stride, a padding...).
    #[error("{op}: invalid argument: {detail}")]
    InvalidArgument {
        /// Operator name.
        op: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// An output cannot take the size the operation produces.
    #[error("cannot resize output from {from:?} to {to:?}: {reason}")]
    Resize {
        /// Current sizes.
        from: Vec<usize>,
        /// Requested sizes.
        to: Vec<usize>,
        /// Why (static tensor, capacity exceeded, rank change).
        reason: &'static str,
    },
    /// Tensor data is not aligned for its element type.
    #[error("tensor data at {address:#x} is not aligned for {dtype}")]
    Misaligned {
        /// Data address.
        address: usize,
        /// Element type.
        dtype: ScalarType,
    },
    /// A feature of this operator that the kernel does not implement.
    #[error("{op}: not supported: {detail}")]
    NotSupported {
        /// Operator name.
        op: &'static str,
        /// What is missing.
        detail: String,
    },
}

impl Error {
    /// The ExecuTorch error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::ArgumentCount { .. } => ErrorCode::InvalidProgram,
            Error::ArgumentKind { .. } => ErrorCode::InvalidType,
            Error::UnsupportedDtype { .. } | Error::Resize { .. } | Error::NotSupported { .. } => {
                ErrorCode::NotSupported
            }
            Error::ShapeMismatch { .. } | Error::InvalidArgument { .. } => {
                ErrorCode::InvalidArgument
            }
            Error::Misaligned { .. } => ErrorCode::InvalidState,
        }
    }
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
