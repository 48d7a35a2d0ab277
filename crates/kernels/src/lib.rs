//! CPU kernels for ExecuTorch operators.
//!
//! The principal types: [`Registry`] maps operator names (`aten::convolution.out`) to
//! [`KernelFn`]s; a kernel receives a [`KernelCall`] holding its arguments in schema order
//! ([`Arg`]: scalars, lists, input [`TensorRef`]s) and its outputs ([`TensorMut`]), which it
//! resizes and fills. Element types are dispatched inside each kernel; an unsupported type,
//! shape or argument is an [`Error`], never a panic.
//!
//! Tensors reach kernels contiguous (row-major in their logical order). Convolution, linear
//! and matrix products go through the `gemm` crate; depthwise convolution is direct.
#![deny(unsafe_code)]

mod arch;
mod args;
pub mod dtype;
mod engine;
mod error;
mod matmul;
mod ops;
mod registry;
mod tensor;
mod threads;
pub mod util;

pub use arch::{
    blockwise_input_offset, blockwise_int4_linear, cpu_features, int4_dots, int8_dots,
    xnnpack_rsqrt, xnnpack_rsqrt_variant, xnnpack_sigmoid, xnnpack_sigmoid_variant,
    BlockwiseTables, Combine, CpuFeature, QuantizedInput,
};
pub use args::{Arg, Bound, Inputs, KernelCall, Scalar, Signature};
pub use dtype::Element;
pub use error::{Error, Result};
pub use matmul::{add_weight_row_dots, matmul_f32, Strided, ROW_DOT_MAX_ROWS};
pub use ops::{PointwiseOp, CONV_NORM_CLAMP, MAX_POINTWISE_OPS, MAX_POOL2D, POINTWISE};
pub use registry::{AlreadyRegistered, KernelFn, Registry};
pub use tensor::{contiguous_strides, numel, Shape, TensorMut, TensorRef, MAX_RANK};
pub use threads::{num_threads, set_num_threads};
