//! For code that extends pterun or needs more than [`Module`](crate::Module): kernel and
//! backend authors, loaders of their own, tools that read a file's tables or follow an
//! execution step by step (profiling events, observed steps, load statistics).
//!
//! Each module re-exports a chosen part of one of pterun's crates. The runtime's own
//! `Method` and `LoadOptions` are deliberately absent: the facade's are the way to load a
//! method, so the wiring of kernels, backends and memory lives in one place.

pub use pterun_core::error_chain;

/// Kernels: the operator registry, what a kernel receives, element-type helpers, threads
/// and CPU features.
pub mod kernels {
    pub use pterun_kernels::{
        contiguous_strides, cpu_features, dtype, num_threads, numel, set_num_threads,
        xnnpack_rsqrt_variant, AlreadyRegistered, Arg, CpuFeature, Element, Error, Inputs,
        KernelCall, KernelFn, Registry, Result, Scalar, Shape, TensorMut, TensorRef, MAX_RANK,
    };
}

/// Delegates: the traits a backend implements and what it is given.
pub mod backend {
    pub use pterun_runtime::{
        Backend, BackendError, CompileSpec, Delegate, DelegateArg, DelegateArgInfo, InitContext,
        SharedLocation, TensorArgInfo,
    };
}

/// The runtime's program, external data, and what a method reports about its load and
/// its executions.
pub mod runtime {
    pub use pterun_runtime::{
        Error, ExternalData, MethodLoadStats, ProfileEvent, Program, Result, StepValues,
        INSTRUCTION_LIMIT, INTERPRETER_OPS, PLANNED_MEMORY_LIMIT,
    };
}

/// Data loaders, segments and their provenance, shared buffers.
pub mod memory {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub use pterun_memory::{default_allocator, DmaHeapAllocator, MemfdAllocator};
    pub use pterun_memory::{
        page_size, Advice, AlignedBuf, BufferLoader, BufferRef, BufferRegistry, DataLoader, Error,
        FdLoader, FileLoader, LoaderStats, MmapLoader, MmapOptions, Provenance, Result, Segment,
        SegmentInfo, SegmentKind, SegmentKindSet, SharedAllocator, SharedBuffer, SharedBufferKind,
        SharedLoader,
    };
}

/// The verifying reader of `.pte` and `.ptd` files, whole: its typed views are one API.
pub mod format {
    pub use pterun_format::*;
}

/// The XNNPACK backend (registered by default).
pub mod xnnpack {
    pub use pterun_xnnpack::{Error, NamedData, XnnpackBackend, BACKEND_ID};
}
