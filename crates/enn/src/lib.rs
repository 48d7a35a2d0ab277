//! The Samsung ENN (Exynos NPU) delegate backend of pterun.
//!
//! # Principal types
//!
//! * [`EnnBackend`]: the `pterun_runtime::Backend` named `EnnBackend`, configured with
//!   [`EnnConfig`] (library path, [`OpenPolicy`]); it opens the vendor library lazily, once,
//!   and reports [`OpenRecord`]s (path taken, bytes copied) for every model it opened.
//! * [`EnnLibrary`]: `libenn_public_api_cpp.so` opened with `RTLD_NOW | RTLD_LOCAL` from
//!   `--enn-lib` > `$PTERUN_ENN_LIB` > the dynamic linker search, once per path for the
//!   life of the process (never unloaded once it opened successfully); every symbol of the
//!   C-API contract (`pterun_enn_sys::SYMBOLS`) bound with its exact signature; a missing
//!   required symbol makes it unusable (a typed error, nothing dangles).
//! * [`EnnContext`]: the process's one context at a time; `EnnInitialize` when the first
//!   model or buffer needs it, `EnnDeinitialize` exactly once after the last one is gone
//!   (they hold `Arc<EnnContext>`); a later model starts a new context on the same library.
//! * [`EnnModel`]: an opened model with its buffers; drop releases the buffers, then
//!   closes the model.
//! * [`EnnAllocator`]: a `SharedAllocator` over ENN buffers, for a `SharedLoader` that
//!   places backend blobs where the device can open them from an fd.
//!
//! # The open rule (zero or one copy)
//!
//! Chosen from the blob segment's provenance by [`choose_open_path`]:
//! (a) mapped file (a page-aligned offset preferred; another offset is tried, and falls back
//! to (c) if the library refuses it) and `EnnOpenModelWithFileOpenFd` exported:
//! open from `(fd, size, offset)`, 0 client copies, the fd being a close-on-exec
//! duplicate the model owns and closes after `EnnCloseModel` (so dropping the `Program`
//! never closes a descriptor the library may still use); (b) blob at offset 0 of a shared
//! buffer and `EnnOpenModelFromFd` exported: open from the buffer's fd, 1 copy in total
//! (file to buffer, by the loader); (c) otherwise `EnnOpenModelFromMemory` on the segment
//! bytes, 1 copy by the library, never a heap copy first. With [`OpenPolicy::Auto`] a
//! failed fd open falls back to (c). The blob segment is dropped as soon as the model is
//! open. Sizes and offsets crossing the 32-bit C API are checked ([`Error::TooLarge`]).
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use pterun_enn::{EnnBackend, EnnConfig, OpenPolicy};
//! use pterun_runtime::Backend;
//!
//! let backend = Arc::new(EnnBackend::new(EnnConfig {
//!     library_path: None, // $PTERUN_ENN_LIB, else libenn_public_api_cpp.so
//!     open_policy: OpenPolicy::Auto,
//!     ..EnnConfig::default()
//! }));
//! match backend.availability() {
//!     Ok(()) => println!("ENN available"),
//!     Err(reason) => println!("ENN unavailable: {reason}"),
//! }
//! ```
//!
//! # Unsafe code
//!
//! Denied everywhere except the `ffi` module (symbol binding, calls, library-owned
//! buffers), where every block carries a `// SAFETY:` comment.
#![deny(unsafe_code)]

mod allocator;
mod backend;
mod config;
mod context;
mod delegate;
mod error;
mod ffi;
mod model;
pub mod open;

pub use allocator::EnnAllocator;
pub use backend::{resolve_library_path, EnnBackend, BACKEND_NAME};
pub use config::{EnnConfig, IoPolicy, PerfMode, UnknownChoice};
pub use context::EnnContext;
pub use delegate::{BufferIo, DelegateIo, EnnDelegate, Transfer};
pub use error::{Error, Result};
pub use ffi::{BufferMeta, EnnLibrary, ALLOCATE_EITHER, MAX_BUFFERS};
pub use model::{EnnModel, OpenRecord};
pub use open::{choose_open_path, BlobLocation, OpenCapabilities, OpenPath, OpenPolicy};
