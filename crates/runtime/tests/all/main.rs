//! Integration tests of the runtime against fixtures made by the official exporter and
//! runtime (one test binary).
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly on malformed fixtures")]

mod aliasing;
mod behaviour;
mod common;
mod delegate_io;
mod models;
mod ops;
mod passes;
mod quantized;
mod states;
mod zoo;
