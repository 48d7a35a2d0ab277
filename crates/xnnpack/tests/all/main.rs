//! Integration tests of the XNNPACK backend (one binary): fixtures from the official
//! exporter run through the runtime, the reader against the generated one, hostile blobs.
#![allow(clippy::unwrap_used, reason = "test code")]

mod common;
mod fixtures;
mod hostile;
mod quantized;
mod schema_agreement;
