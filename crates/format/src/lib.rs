//! Safe, zero-copy reader and verifier for ExecuTorch `.pte` programs and `.ptd` external
//! data files.
//!
//! The principal type is [`Program`]: [`Program::parse`] takes the bytes of a whole file
//! (usually a memory map), checks every offset, size and index in it once, and returns
//! typed views that borrow from those bytes. Segment data (constants, delegate blobs,
//! named data) is described by [`FileRange`]s, so the caller decides how to load it: the
//! parser does no I/O and copies nothing but small metadata. [`DataFile`] does the same for
//! `.ptd` files. Every failure is an [`Error`] variant that names the place and numbers
//! involved, with an ExecuTorch error code from [`Error::code`].
//!
//! ```no_run
//! let bytes = std::fs::read("model.pte")?;
//! let program = pterun_format::Program::parse(&bytes)?;
//! for method in program.methods() {
//!     println!("{}: {} values", method.name, method.values.len());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! This crate forbids `unsafe`. Programs and `.ptd` files are read with a small verifying
//! FlatBuffers reader of its own (`flat`), about twice as fast as the generated planus
//! readers; a test decodes every fixture with both and requires them to agree. The planus
//! code (`pterun-schema`) is only a dev-dependency: it builds the hostile test files.
#![forbid(unsafe_code)]

mod budget;
mod error;
pub mod flat;
mod header;
mod program;
mod ptd;
mod views;

pub use budget::READS_PER_BYTE;
pub use error::{Error, Result};
pub use flat::FlatBufferFault;
pub use header::{
    check_program_identifier, DataHeader, ExtendedHeader, DATA_IDENTIFIER, HEAD_LEN,
    PROGRAM_IDENTIFIER,
};
pub use program::{
    count_value_kinds, CompileSpec, Constants, Delegate, DelegateBlob, FileRange, InitialState,
    InlineBytes, Instruction, Method, NamedData, Operator, Program, SubSegmentTable, Tensor,
    TensorData, Value, MAX_RANK,
};
pub use ptd::{DataFile, NamedTensor, TensorLayout};
pub use views::{Bools, Dims, Doubles, Indices, OptionalIndices};

/// Whether bytes look like a program (`ET12`) or external data (`FT01`) file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A `.pte` program.
    Program,
    /// A `.ptd` external data file.
    Data,
}

/// Tells a program from an external data file by its identifier.
pub fn detect(head: &[u8]) -> Option<FileKind> {
    match head.get(4..8) {
        Some(id) if id == PROGRAM_IDENTIFIER => Some(FileKind::Program),
        Some(id) if id == DATA_IDENTIFIER => Some(FileKind::Data),
        _ => None,
    }
}
