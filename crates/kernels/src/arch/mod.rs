//! The fenced part of the kernels: the only module allowed to contain `unsafe` code.
//!
//! Everything exported from here is a safe function that validates its arguments before
//! touching raw pointers, so kernels outside this module stay `unsafe`-free. Today it holds
//! the f32 matrix product behind the `gemm` crate ([`gemm_f32`]) and the element loops
//! compiled for AVX2 + FMA as well as the baseline, picked at run time ([`simd`]).
#![allow(
    unsafe_code,
    reason = "wraps the gemm crate's raw-pointer entry point behind bounds-checked slices, \
              and calls code compiled for CPU features after checking the CPU has them"
)]

mod gemm;
pub(crate) mod simd;

pub(crate) use gemm::{gemm_f32, GemmError, MatMut, MatRef};
