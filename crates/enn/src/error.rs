//! The one error type of `pterun-enn`.

use std::path::PathBuf;

use pterun_core::ErrorCode;
use pterun_enn_sys::EnnReturn;
use pterun_runtime::BackendError;

use crate::open::{OpenPath, OpenPolicy};

/// Why the ENN backend could not load the library, open a model or run it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `dlopen` failed (file missing, wrong architecture, missing dependency...).
    #[error("cannot load the ENN library {}", path.display())]
    LibraryOpen {
        /// Path given to `dlopen` (a bare name is searched by the dynamic linker).
        path: PathBuf,
        /// The loader's error.
        source: libloading::Error,
    },
    /// The library loaded but lacks required C symbols; it is not used at all.
    #[error("the ENN library {} lacks required symbol(s): {}", path.display(), symbols.join(", "))]
    MissingSymbols {
        /// The library.
        path: PathBuf,
        /// Every required name that `dlsym` did not find.
        symbols: Vec<&'static str>,
    },
    /// An optional function this operation needs is not exported by the library.
    #[error("the ENN library does not export {symbol}")]
    MissingOptional {
        /// The function.
        symbol: &'static str,
    },
    /// An ENN function returned a failure code.
    #[error("{function} failed: {code}")]
    Call {
        /// The C function.
        function: &'static str,
        /// Its return code.
        code: EnnReturn,
    },
    /// An ENN function reported success but returned something unusable (a null pointer,
    /// model id 0, impossible buffer counts...).
    #[error("{function} returned an invalid result: {detail}")]
    InvalidResult {
        /// The C function.
        function: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// A live ENN context was made with another library: one process uses one library.
    #[error(
        "the ENN context is already initialised with {} (requested {})",
        live.display(),
        requested.display()
    )]
    ContextLibraryMismatch {
        /// Library of the live context.
        live: PathBuf,
        /// Library asked for.
        requested: PathBuf,
    },
    /// A size or offset does not fit the 32-bit C API.
    #[error("{what} of {size} bytes exceeds the ENN limit of {limit} bytes")]
    TooLarge {
        /// What was too large (`blob size`, `file offset`...).
        what: &'static str,
        /// The value found.
        size: u64,
        /// The largest value accepted.
        limit: u64,
    },
    /// The open policy forces a path that this blob or library cannot take.
    #[error("cannot open the model by {policy:?}: {reason}")]
    PathUnavailable {
        /// The policy asked for.
        policy: OpenPolicy,
        /// Why the path is impossible.
        reason: &'static str,
    },
    /// The library is not usable; the reason was found when it was first loaded.
    #[error("the ENN backend is not available: {reason}")]
    Unavailable {
        /// Why.
        reason: String,
    },
    /// A delegate call has more or fewer arguments than the model has ENN buffers.
    #[error(
        "the ENN model has {n_in} input(s) and {n_out} output(s) ({} ENN buffers) but the call has {found} argument(s)",
        n_in.saturating_add(*n_out)
    )]
    ArgumentCount {
        /// Model inputs.
        n_in: usize,
        /// Model outputs.
        n_out: usize,
        /// Arguments given.
        found: usize,
    },
    /// A delegate argument is not a tensor (or an output is read-only).
    #[error("argument {index} of the ENN delegate must be a {expected}")]
    ArgumentKind {
        /// Argument index.
        index: usize,
        /// What was expected (`tensor`, `writable tensor`).
        expected: &'static str,
    },
    /// A tensor is larger than its ENN buffer (a larger buffer is padding and accepted).
    #[error(
        "{direction} {index}: tensor has {tensor_bytes} bytes but the ENN buffer has only {enn_bytes}"
    )]
    SizeMismatch {
        /// `input` or `output`.
        direction: &'static str,
        /// Index among the inputs or outputs.
        index: usize,
        /// The tensor's bytes (numel × element size).
        tensor_bytes: u64,
        /// The ENN buffer's size.
        enn_bytes: u64,
    },
    /// A tensor's element type contradicts the type the library reports for its buffer.
    #[error("{direction} {index}: tensor is {tensor} but the ENN buffer holds {enn}")]
    DtypeMismatch {
        /// `input` or `output`.
        direction: &'static str,
        /// Index among the inputs or outputs.
        index: usize,
        /// The tensor's type.
        tensor: pterun_core::ScalarType,
        /// The type `EnnGetBufferInfoByIndex` reports.
        enn: pterun_core::ScalarType,
    },
    /// The model file's descriptor could not be duplicated for the fd + offset open.
    #[error("cannot duplicate the model file's descriptor")]
    DuplicateFd {
        /// The system's error.
        source: std::io::Error,
    },
    /// The model was opened from an fd path and fell back to memory, and that failed too.
    #[error("opening by {first:?} failed ({first_error}); the fallback by memory failed too")]
    FallbackFailed {
        /// The path tried first.
        first: OpenPath,
        /// Its error, as text.
        first_error: String,
        /// The memory path's error.
        #[source]
        source: Box<Error>,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The ExecuTorch error code: library problems are `NotSupported`, open failures
    /// `DelegateInvalidCompatibility`, allocation failures `DelegateMemoryAllocationFailed`,
    /// bad arguments `InvalidArgument`, execution and invariant failures `Internal`.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::LibraryOpen { .. }
            | Error::MissingSymbols { .. }
            | Error::MissingOptional { .. }
            | Error::Unavailable { .. }
            | Error::ContextLibraryMismatch { .. } => ErrorCode::NotSupported,
            Error::Call { function, .. } | Error::InvalidResult { function, .. } => {
                function_code(function)
            }
            Error::TooLarge { .. }
            | Error::PathUnavailable { .. }
            | Error::FallbackFailed { .. }
            | Error::DuplicateFd { .. } => ErrorCode::DelegateInvalidCompatibility,
            Error::ArgumentCount { .. }
            | Error::ArgumentKind { .. }
            | Error::SizeMismatch { .. }
            | Error::DtypeMismatch { .. } => ErrorCode::InvalidArgument,
        }
    }
}

/// The ExecuTorch code for a failure of the ENN function `function`.
fn function_code(function: &str) -> ErrorCode {
    if function.starts_with("EnnOpenModel") {
        ErrorCode::DelegateInvalidCompatibility
    } else if function.starts_with("EnnAllocate")
        || function.starts_with("EnnCreateBuffer")
        || function == "EnnGetBuffersInfo"
        || function == "EnnGetFileDescriptorFromEnnBuffer"
    {
        ErrorCode::DelegateMemoryAllocationFailed
    } else {
        ErrorCode::Internal
    }
}

impl From<Error> for BackendError {
    fn from(error: Error) -> BackendError {
        BackendError::new(error.code(), pterun_core::error_chain(&error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_failing_function() {
        let call = |function| Error::Call { function, code: EnnReturn::FAILED };
        assert_eq!(call("EnnOpenModelFromMemory").code(), ErrorCode::DelegateInvalidCompatibility);
        assert_eq!(
            call("EnnOpenModelWithFileOpenFd").code(),
            ErrorCode::DelegateInvalidCompatibility
        );
        assert_eq!(
            call("EnnAllocateAllBuffersWithSessionId").code(),
            ErrorCode::DelegateMemoryAllocationFailed
        );
        assert_eq!(call("EnnCreateBuffer").code(), ErrorCode::DelegateMemoryAllocationFailed);
        assert_eq!(call("EnnExecuteModel").code(), ErrorCode::Internal);
        assert_eq!(call("EnnInitialize").code(), ErrorCode::Internal);
    }

    #[test]
    fn messages_name_function_and_code() {
        let e = Error::Call { function: "EnnExecuteModel", code: EnnReturn(6) };
        assert_eq!(e.to_string(), "EnnExecuteModel failed: ENN_RET_MEM_ERR (6)");
        let e = Error::Call { function: "EnnCloseModel", code: EnnReturn(-42) };
        assert_eq!(e.to_string(), "EnnCloseModel failed: unknown ENN return code -42");
        let b = BackendError::from(Error::Call { function: "EnnExecuteModel", code: EnnReturn(1) });
        assert_eq!(b.code, ErrorCode::Internal);
        assert_eq!(b.message, "EnnExecuteModel failed: ENN_RET_FAILED (1)");
    }

    #[test]
    fn size_mismatch_names_both_numbers() {
        let e =
            Error::SizeMismatch { direction: "input", index: 0, tensor_bytes: 16, enn_bytes: 32 };
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let text = e.to_string();
        assert!(text.contains("16") && text.contains("32"), "{text}");
    }

    #[test]
    fn fallback_chain_is_in_the_backend_message() {
        let e = Error::FallbackFailed {
            first: OpenPath::SharedFd,
            first_error: "EnnOpenModelFromFd failed: ENN_RET_FAILED (1)".into(),
            source: Box::new(Error::Call {
                function: "EnnOpenModelFromMemory",
                code: EnnReturn::INVAL,
            }),
        };
        let b = BackendError::from(e);
        assert!(b.message.contains("EnnOpenModelFromFd"), "{}", b.message);
        assert!(
            b.message.contains("EnnOpenModelFromMemory failed: ENN_RET_INVAL (3)"),
            "{}",
            b.message
        );
    }
}
