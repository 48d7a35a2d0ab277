//! The facade's one error type.
//!
//! The facade wraps the errors of the crates below it instead of re-exporting them side by
//! side: a caller of [`Module`](crate::Module) matches one enum and asks one
//! [`Error::code`], and the facade's own refusals (a wrong element type, a count of inputs)
//! sit next to them. The wrapped errors are `transparent`: their text and their `source()`
//! chain are the crate's own, so a message reads the same through the facade, and the
//! precise error stays reachable by matching the variant.

use std::path::PathBuf;

use pterun_core::{ErrorCode, ScalarType};

/// Why loading or running a program through the facade failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Loading, verifying or executing the program failed (the runtime's error, which
    /// wraps the format, memory, kernel or delegate error that says what is wrong).
    #[error(transparent)]
    Runtime(#[from] pterun_runtime::Error),
    /// Opening or reading a file failed.
    #[error(transparent)]
    Memory(#[from] pterun_memory::Error),
    /// A backend could not be registered (its name is taken).
    #[error(transparent)]
    Backend(#[from] pterun_runtime::BackendError),
    /// The external data file (`.ptd`) could not be loaded.
    #[error("cannot load external data {}", path.display())]
    ExternalData {
        /// The file.
        path: PathBuf,
        /// Why.
        source: Box<Error>,
    },
    /// The kernels' thread count was refused.
    #[error("thread count {threads}: {reason}")]
    Threads {
        /// The count asked for.
        threads: usize,
        /// Why it is refused.
        reason: String,
    },
    /// A tensor's elements were asked for as another type than the one it holds.
    #[error("the tensor holds {actual}, not {requested}")]
    DtypeMismatch {
        /// The tensor's element type.
        actual: ScalarType,
        /// The type asked for.
        requested: ScalarType,
    },
    /// A tensor's bytes are not aligned for a borrowed slice of its element type (copy
    /// them with `to_vec` instead).
    #[error("the {dtype} data at {address:#x} is not aligned for a slice of its elements")]
    Misaligned {
        /// Element type.
        dtype: ScalarType,
        /// Address of the first byte.
        address: usize,
    },
    /// Sizes and data of a tensor disagree.
    #[error("sizes {sizes:?} of {dtype} need {expected} bytes, {found} given")]
    DataSize {
        /// Element type.
        dtype: ScalarType,
        /// Sizes given.
        sizes: Vec<usize>,
        /// Bytes the sizes need (`usize::MAX` when they overflow).
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// A value that is not a tensor was used as one.
    #[error("the value is a {kind}, not a tensor")]
    NotATensor {
        /// Its kind.
        kind: &'static str,
    },
    /// The wrong number of tensor inputs was given.
    #[error("method {method:?} takes {expected} tensor input(s), {found} given")]
    InputCount {
        /// Method name.
        method: String,
        /// Tensor inputs the method takes.
        expected: usize,
        /// Tensors given.
        found: usize,
    },
    /// A tokenizer file could not be read or used.
    #[error(transparent)]
    Tokenizer(#[from] pterun_tokenizer::Error),
    /// The program does not follow the LLM export's conventions (metadata methods, a
    /// `forward` taking tokens and positions and returning logits).
    #[error("not a text-generation program: {detail}")]
    NotAnLlm {
        /// What is missing or different.
        detail: String,
    },
    /// The tokenizer has ids the program cannot embed.
    #[error(
        "the tokenizer has {tokenizer} tokens but the program's vocabulary has {model}: \
         they do not belong together"
    )]
    VocabularyMismatch {
        /// Ids of the tokenizer.
        tokenizer: usize,
        /// The program's `get_vocab_size` (or its logits' width).
        model: u64,
    },
    /// The prompt does not leave room in the program's context.
    #[error("the prompt has {tokens} tokens; the program's context holds {max}")]
    PromptTooLong {
        /// Prompt tokens (with BOS/EOS added).
        tokens: usize,
        /// The program's maximum context length.
        max: usize,
    },
    /// A generation option out of its range.
    #[error("generation option {name}: {detail}")]
    GenerationOption {
        /// The option.
        name: &'static str,
        /// What is wrong.
        detail: String,
    },
}

impl Error {
    /// The ExecuTorch error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Runtime(e) => e.code(),
            Error::Memory(e) => e.code(),
            Error::Backend(e) => e.code,
            Error::ExternalData { source, .. } => source.code(),
            Error::Threads { .. }
            | Error::DataSize { .. }
            | Error::InputCount { .. }
            | Error::Misaligned { .. }
            | Error::Tokenizer(_)
            | Error::PromptTooLong { .. }
            | Error::VocabularyMismatch { .. }
            | Error::GenerationOption { .. } => ErrorCode::InvalidArgument,
            Error::NotAnLlm { .. } => ErrorCode::InvalidProgram,
            Error::DtypeMismatch { .. } | Error::NotATensor { .. } => ErrorCode::InvalidType,
        }
    }
}

/// Result alias of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;
