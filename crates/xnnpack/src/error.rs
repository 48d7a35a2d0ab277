//! Why an XNNPACK blob was refused or a delegate call failed.

use pterun_core::ErrorCode;
use pterun_format::FlatBufferFault;

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error of the XNNPACK backend; [`Error::code`] gives ExecuTorch's code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The blob is shorter than what its start announces.
    #[error("XNNPACK blob of {len} bytes is too short for {what}")]
    TooShort {
        /// Bytes in the blob.
        len: usize,
        /// What did not fit.
        what: &'static str,
    },
    /// An `XH00` header region is outside the blob or overlaps another.
    #[error("XNNPACK header: {what} at offset {offset}, {size} bytes, does not fit a blob of {blob} bytes{detail}")]
    HeaderRegion {
        /// `flatbuffer` or `constant data`.
        what: &'static str,
        /// Start of the region.
        offset: u64,
        /// Length of the region.
        size: u64,
        /// Bytes in the blob.
        blob: usize,
        /// Extra explanation (overlap), or empty.
        detail: &'static str,
    },
    /// The FlatBuffer identifier is neither `XN00` nor `XN01`.
    #[error("XNNPACK graph identifier is {found:?}, expected \"XN00\" or \"XN01\"")]
    Identifier {
        /// The four bytes found.
        found: [u8; 4],
    },
    /// The FlatBuffer structure is broken inside a table.
    #[error("XNNPACK graph: {table}: {fault}")]
    FlatBuffer {
        /// Table being read.
        table: &'static str,
        /// What was wrong.
        fault: FlatBufferFault,
    },
    /// A required field is absent.
    #[error("XNNPACK graph: {table}.{field} is missing")]
    MissingField {
        /// Table.
        table: &'static str,
        /// Field.
        field: &'static str,
    },
    /// A union tag outside the schema.
    #[error("XNNPACK graph: {union} tag {tag} is unknown")]
    UnknownTag {
        /// Union type.
        union: &'static str,
        /// Tag found.
        tag: u8,
    },
    /// A node kind this backend does not run.
    #[error(
        "XNNPACK delegate {delegate}: node {node} is {kind}, which XnnpackBackend does not run"
    )]
    UnsupportedNode {
        /// Delegate index in the method.
        delegate: usize,
        /// Node index.
        node: usize,
        /// Node kind (schema name).
        kind: &'static str,
    },
    /// A value whose element type (or quantization) this backend does not run.
    #[error(
        "XNNPACK delegate {delegate}: value {id} has {what}, which XnnpackBackend does not run"
    )]
    UnsupportedValue {
        /// Delegate index in the method.
        delegate: usize,
        /// Value id.
        id: u32,
        /// The element type or quantization.
        what: String,
    },
    /// Two values claim one id, or a count is out of range.
    #[error("XNNPACK graph: {detail}")]
    InvalidGraph {
        /// What is inconsistent.
        detail: String,
    },
    /// Quantization parameters that do not fit the value they describe.
    #[error("XNNPACK graph: value {id}: quantization: {detail}")]
    BadQuantization {
        /// Value id.
        id: u32,
        /// What does not fit.
        detail: String,
    },
    /// A node refers to a value id the graph does not define, or of the wrong kind.
    #[error("XNNPACK graph: node {node} ({kind}) {field} = {id} {reason}")]
    BadValueRef {
        /// Node index.
        node: usize,
        /// Node kind.
        kind: &'static str,
        /// Field naming the value.
        field: &'static str,
        /// Id found.
        id: u32,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A constant entry outside its region or of the wrong size.
    #[error("XNNPACK graph: constant {index} (value {id}): {detail}")]
    BadConstant {
        /// Index into the constant table.
        index: u32,
        /// Value id using it.
        id: u32,
        /// What is wrong.
        detail: String,
    },
    /// A named constant is in neither the program's named data nor the external data.
    #[error("XNNPACK graph: constant {index} refers to named data {key:?}, which is not there")]
    NamedDataMissing {
        /// Index into the constant table.
        index: u32,
        /// The key.
        key: String,
    },
    /// The loader could not load a named constant's bytes.
    #[error("XNNPACK graph: named data {key:?} cannot be loaded: {detail}")]
    NamedDataLoad {
        /// The key.
        key: String,
        /// The loader's error.
        detail: String,
    },
    /// Node parameters that do not fit the tensors (at load, or after a resize).
    #[error("XNNPACK node {node} ({kind}): {detail}")]
    Shape {
        /// Node index.
        node: usize,
        /// Node kind.
        kind: &'static str,
        /// What does not fit.
        detail: String,
    },
    /// The graph's activations (at the current input shapes) exceed the plan's limit.
    #[error("XNNPACK plan: activations need {bytes} bytes, more than the limit of {limit}")]
    ActivationsTooLarge {
        /// Bytes needed (`u64::MAX` when the count overflows).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The delegate call's arguments do not match the graph.
    #[error("XNNPACK delegate call: {detail}")]
    Argument {
        /// What does not match.
        detail: String,
    },
    /// A kernel refused its arguments.
    #[error("XNNPACK node {node} ({kind}): {source}")]
    Kernel {
        /// Node index.
        node: usize,
        /// Node kind.
        kind: &'static str,
        /// The kernel's error.
        source: pterun_kernels::Error,
    },
}

impl Error {
    /// ExecuTorch's code for the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::UnsupportedNode { .. } | Error::UnsupportedValue { .. } => {
                ErrorCode::NotSupported
            }
            Error::NamedDataMissing { .. } => ErrorCode::NotFound,
            Error::NamedDataLoad { .. } => ErrorCode::AccessFailed,
            Error::Argument { .. } => ErrorCode::InvalidArgument,
            Error::ActivationsTooLarge { .. } => ErrorCode::MemoryAllocationFailed,
            Error::Kernel { .. } => ErrorCode::Internal,
            Error::Shape { .. } => ErrorCode::InvalidArgument,
            _ => ErrorCode::InvalidProgram,
        }
    }
}
