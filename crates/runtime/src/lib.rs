//! Loads and executes ExecuTorch programs.
//!
//! The principal types:
//! * [`Program`]: loads and verifies a `.pte` through any `DataLoader` (memory-mapped by
//!   default, zero copies), shares its bytes with every method and thread;
//! * [`Method`]: one loaded method: planned memory, value table, kernels resolved from an
//!   explicit [`pterun_kernels::Registry`], delegates from a [`BackendRegistry`]; set
//!   inputs, [`Method::execute`] any number of times, read [`Output`]s;
//! * [`Backend`] / [`Delegate`]: the delegate interface (ENN first);
//! * [`ExternalData`]: `.ptd` files holding weights stored outside the program.
//!
//! ```no_run
//! use std::sync::Arc;
//! use pterun_memory::{MmapLoader, MmapOptions};
//! use pterun_runtime::{BackendRegistry, LoadOptions, Method, Program};
//!
//! let loader = Arc::new(MmapLoader::open("model.pte", MmapOptions::default())?);
//! let program = Program::load(loader)?;
//! let kernels = pterun_kernels::Registry::portable();
//! let backends = BackendRegistry::new();
//! let options = LoadOptions::new(&kernels, &backends);
//! let mut method = Method::load(&program, "forward", options)?;
//! method.set_input(0, pterun_core::ScalarType::Float, &[1, 4], &[0u8; 16])?;
//! method.execute()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

mod backend;
mod error;
mod external;
mod meta;
mod method;
mod program;

pub use backend::{
    Backend, BackendError, BackendRegistry, CompileSpec, Delegate, DelegateArg, DelegateArgInfo,
    InitContext, SharedLocation, TensorArgInfo,
};
pub use error::{Error, Result};
pub use external::ExternalData;
pub use meta::{IoMeta, MethodMeta, TensorMeta};
pub use method::{
    LoadOptions, MemoryOptions, Method, MethodLoadStats, Output, Pass, Passes, ProfileEvent,
    StepValues, UnknownPass, INSTRUCTION_LIMIT, INTERPRETER_OPS, PLANNED_MEMORY_LIMIT,
};
pub use program::Program;
