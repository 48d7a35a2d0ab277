//! Load and run ExecuTorch programs (`.pte`), zero-copy.
//!
//! ```
//! use pterun::prelude::*;
//! let mut module = Module::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/models/linear.pte"))?;
//! let input = Tensor::from_slice::<f32>(&[1, 4], &[1.2651463, 0.37649098, 1.374417, -0.23745275])?;
//! let outputs = module.forward(&[input])?;
//! assert_eq!(outputs[0].as_tensor()?.to_vec::<f32>()?, [0.23651856, -0.8792616, 0.21318227]);
//! # // The literals above are the committed fixture's input and the official runtime's output.
//! # let fixture = |name: &str| std::fs::read(format!("{}/../../fixtures/models/{name}", env!("CARGO_MANIFEST_DIR")));
//! # assert_eq!(input.as_bytes(), fixture("linear.input0.bin")?);
//! # assert_eq!(outputs[0].as_tensor()?.as_bytes(), fixture("linear.expected0.bin")?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The principal types:
//! * [`Module`]: a verified program (memory-mapped by default: nothing copied), the kernels
//!   and backends its methods load with, and the methods loaded so far. Open one with
//!   [`Module::from_path`], [`Module::from_bytes`] or [`Module::from_fd`], or their `_with`
//!   forms taking [`LoadOptions`] (loader, threads, backends, ENN configuration, external
//!   data, where planned memory comes from). The XNNPACK and ENN backends are registered
//!   by default; more are added with [`LoadOptions::backend`].
//! * [`Method`]: one loaded method ([`Module::method`], [`Module::method_mut`]): set inputs,
//!   execute any number of times, read outputs; profiling and step-by-step observation.
//! * [`Tensor`]: element type, sizes and bytes, borrowed: an input borrows the caller's
//!   data, an output the method's memory. Typed access ([`Tensor::as_slice`],
//!   [`Tensor::to_vec`]) checks the element type through [`Element`].
//! * [`Error`]: one enum over the errors of the crates below, each with its ExecuTorch code
//!   ([`Error::code`]).
//!
//! [`prelude`] holds what a program that runs models needs; [`enn`] configures the ENN
//! backend and reads its reports; [`internal`] is for code that extends pterun (kernels,
//! backends, loaders) or inspects files and executions more closely.
#![forbid(unsafe_code)]

mod error;
pub mod generate;
pub mod internal;
mod method;
mod module;
mod open;
mod options;
mod tensor;

pub use error::{Error, Result};
pub use generate::{
    ChatMessage, ChatTemplate, GenerationConfig, GenerationStats, Generator, LlmMetadata,
    StopReason,
};
pub use method::Method;
pub use module::Module;
pub use options::{Arenas, LoadOptions, Loader};
pub use pterun_core::{ErrorCode, ScalarType, ShapeDynamism};
pub use pterun_kernels::Element;
pub use pterun_memory::{Advice, MmapOptions};
pub use pterun_runtime::{IoMeta, MethodMeta, Pass, Passes, TensorMeta, UnknownPass};
pub use pterun_tokenizer::{Format as TokenizerFormat, TextStream, Tokenizer};
pub use tensor::{Output, Tensor};

/// The ENN (Exynos NPU) backend: its configuration, and what it reports about the
/// delegates it opened (open path, buffers imported or copied, bytes copied).
pub mod enn {
    pub use crate::open::LazyEnnAllocator;
    pub use pterun_enn::{
        BufferIo, BufferMeta, DelegateIo, EnnBackend, EnnConfig, Error, IoPolicy, OpenPath,
        OpenPolicy, OpenRecord, PerfMode, Transfer, UnknownChoice, BACKEND_NAME,
    };
}

/// What a program that loads and runs models needs.
pub mod prelude {
    pub use crate::{
        Element, Error, GenerationConfig, Generator, LoadOptions, Loader, Method, MethodMeta,
        Module, Output, Result, ScalarType, Tensor, Tokenizer,
    };
}
