//! Loops shared by many kernels: element-wise maps with broadcasting, strided copies.

pub(crate) mod elementwise;
pub(crate) mod strided;
