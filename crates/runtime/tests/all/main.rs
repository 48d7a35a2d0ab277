//! Integration tests of the runtime against fixtures made by the official exporter and
//! runtime (one test binary).

mod behaviour;
mod common;
mod models;
mod ops;
