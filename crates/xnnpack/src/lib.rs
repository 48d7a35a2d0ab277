//! Runs XNNPACK-delegated ExecuTorch programs on pterun's CPU engine.
//!
//! The principal types: [`XnnpackBackend`], the runtime [`pterun_runtime::Backend`]
//! registered as `XnnpackBackend`; [`Graph`], the verified delegate blob (every id, dim
//! and constant region checked once, typed errors, no panics); [`plan::Plan`], the graph
//! as steps over NHWC f32 buffers with constants viewed in place in the loaded file.
#![forbid(unsafe_code)]

mod backend;
mod error;
pub mod graph;
pub mod header;
mod kind;
mod ops;
pub mod plan;

pub use backend::{NamedData, XnnpackBackend, XnnpackDelegate, BACKEND_ID};
pub use error::{Error, Result};
pub use graph::Graph;
pub use kind::NodeKind;
