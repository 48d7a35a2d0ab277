//! The crate's only unsafe code, fenced into small modules behind safe APIs.
//!
//! * [`aligned`]: [`AlignedBuf`](aligned::AlignedBuf), an owned heap buffer with a chosen
//!   alignment (`std::alloc` with RAII deallocation).
//! * [`map`]: the `memmap2` calls (mapping a file read-only, a memfd or dma-buf read-write).
//! * [`vendor`]: memory owned by a vendor library (raw pointer + fd + release callback).
//! * `dma_heap` (Linux/Android): the `DMA_HEAP_IOCTL_ALLOC` and `DMA_BUF_IOCTL_SYNC` ioctls.
//!
//! Every `unsafe` block carries a `// SAFETY:` comment naming the invariant it relies on
//! and where that invariant is established.
#![allow(unsafe_code, reason = "fenced OS layer: allocation, mmap, ioctl and vendor pointers")]

pub(crate) mod aligned;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) mod dma_heap;
pub(crate) mod map;
pub(crate) mod vendor;
