//! NHWC f32 kernels the plan's steps call.

pub(crate) mod elementwise;
pub(crate) mod layout;
pub(crate) mod linear;
pub(crate) mod pool;
