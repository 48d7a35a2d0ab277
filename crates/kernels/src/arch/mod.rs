//! The fenced part of the kernels: the only module allowed to contain `unsafe` code.
//!
//! Everything exported from here is a safe function that validates its arguments before
//! touching raw pointers, so kernels outside this module stay `unsafe`-free. Today it holds
//! the f32 matrix product behind the `gemm` crate ([`gemm_f32`]) and the element loops
//! ([`simd`]): compiled for AVX2 + FMA (and, for two of them, AVX-512) as well as the
//! baseline on x86-64, picked at run time, and written with NEON intrinsics on aarch64
//! (`neon`, tested against the portable code). [`cpu_features`] reports what the CPU has.
#![allow(
    unsafe_code,
    reason = "wraps the gemm crate's raw-pointer entry point behind bounds-checked slices, \
              and calls code compiled for CPU features after checking the CPU has them"
)]

mod features;
mod gemm;
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod neon;
mod pool;
pub(crate) use pool::parallel_for;
mod qb4w;
mod qdot;
mod rsqrt;
mod sigmoid;
pub(crate) mod simd;
#[cfg(test)]
mod test_data;

pub use features::{cpu_features, CpuFeature};
pub(crate) use gemm::{gemm_f32, GemmError, MatMut, MatRef};
pub use qb4w::{blockwise_input_offset, blockwise_int4_linear, BlockwiseTables};
pub use qdot::{int4_dots, int8_dots, Combine, QuantizedInput};
pub use rsqrt::{xnnpack_rsqrt, xnnpack_rsqrt_variant};
pub use sigmoid::{xnnpack_sigmoid, xnnpack_sigmoid_variant};
