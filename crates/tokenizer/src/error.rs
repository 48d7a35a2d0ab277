//! The one error type of `pterun-tokenizer`.

/// Why a tokenizer could not be read or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read tokenizer {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The content is none of the known formats.
    #[error(
        "unknown tokenizer format: expected a Hugging Face tokenizer.json, a tiktoken BPE file, \
         a SentencePiece model or a llama2.c tokenizer.bin"
    )]
    UnknownFormat,
    /// The content looked like `format` but is malformed.
    #[error("malformed {format} tokenizer: {detail}")]
    Parse {
        /// The format it was read as.
        format: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// Text that cannot be encoded.
    #[error("cannot encode text: {0}")]
    Encode(String),
    /// Ids that cannot be decoded.
    #[error("cannot decode tokens: {0}")]
    Decode(String),
    /// An id outside the vocabulary.
    #[error("token id {0} is not in the vocabulary")]
    UnknownToken(u64),
}

/// `Result` with this crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
