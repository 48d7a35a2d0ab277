//! `libenn_public_api_cpp.so` in software: a stand-in for Samsung's ENN NPU C library
//! that runs model blobs on the CPU with pterun's own runtime, so the ENN backend can be
//! tested on machines without an Exynos board.
//!
//! A "model blob" here is a standalone ExecuTorch `.pte` program; the library loads it,
//! resolves method `forward` against the portable kernels and executes it whenever
//! `EnnExecuteModel` is called, reading inputs from and writing outputs to the bound
//! buffers. Every buffer is a memfd mapped `MAP_SHARED`, standing in for a dma-buf.
//!
//! The library is deliberately *stricter* than the real one: calls without a context,
//! unknown or closed model ids, double releases, releases of foreign pointers, I/O size
//! mismatches and (optionally) `EnnDeinitialize` with live objects all fail. It also
//! exports test-only symbols ([`pterun_enn_sys::emulator`]): counters (opens per path,
//! bytes copied versus mapped while opening, live objects, leaks at the last
//! deinitialisation) and fault injection for every exported `Enn*` function.
//!
//! Layout: `state` holds all logic in safe Rust (a mutex-protected registry of models and
//! buffers); `ffi` holds the thin `extern "C"` functions that validate pointers, catch
//! panics and call it. The contract (types, codes, signatures) is [`pterun_enn_sys`].
//! `unsafe` is denied everywhere else in the crate.
#![deny(unsafe_code)]

#[allow(unsafe_code, reason = "the C ABI: pointers from callers, exported extern functions")]
mod ffi;
mod state;
