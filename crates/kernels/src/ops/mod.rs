//! Kernel implementations, grouped by family. Each module's `KERNELS` table names its kernels once.

use crate::registry::{add, add_writing, KernelDef, Registry};

mod activation;
mod batch_norm_stats;
mod bitwise;
mod classify;
mod conv;
mod conv3d;
mod conv_typed;
mod copy;
pub use conv::CONV_NORM_CLAMP;
pub use pointwise::{PointwiseOp, MAX_POINTWISE_OPS, POINTWISE};
pub use pool::MAX_POOL2D;
mod arith;
mod compare;
mod concat;
mod convert;
mod grid_sample;
mod index;
mod layout;
mod linalg;
mod llama;
mod logical;
mod math;
mod misc;
mod norm;
mod pointwise;
mod pool;
mod pool3d;
mod prim;
mod quantized;
mod reduce;
mod scatter;
mod slice;
mod sum;
mod typed;
mod upsample;

/// Every family's table, registered in this order.
const FAMILIES: &[&[KernelDef]] = &[
    activation::KERNELS,
    batch_norm_stats::KERNELS,
    bitwise::KERNELS,
    classify::KERNELS,
    conv::KERNELS,
    copy::KERNELS,
    arith::KERNELS,
    compare::KERNELS,
    logical::KERNELS,
    math::KERNELS,
    grid_sample::KERNELS,
    index::KERNELS,
    linalg::KERNELS,
    misc::KERNELS,
    norm::KERNELS,
    pointwise::KERNELS,
    pool::KERNELS,
    pool3d::KERNELS,
    prim::KERNELS,
    reduce::KERNELS,
    scatter::KERNELS,
    layout::KERNELS,
    slice::KERNELS,
    concat::KERNELS,
    convert::KERNELS,
    upsample::KERNELS,
    llama::KERNELS,
    quantized::KERNELS,
];

pub(crate) fn register_all(registry: &mut Registry) {
    for kernels in FAMILIES {
        add(registry, kernels);
    }
    add_writing(registry, llama::WRITING_KERNELS);
}

/// Runs the portable kernel `name` on `args` with one f32 output of `out_sizes`; its
/// elements.
#[cfg(test)]
pub(crate) fn run_f32(
    name: &'static str,
    args: Vec<crate::args::Arg<'_>>,
    out_sizes: &[usize],
) -> crate::Result<Vec<f32>> {
    use crate::tensor::{Shape, TensorMut};
    let n: usize = out_sizes.iter().product();
    let mut shape = Shape::new(out_sizes.to_vec(), pterun_core::ShapeDynamism::Static);
    let mut data = vec![0u8; n * 4];
    let registry = Registry::portable();
    let (_, kernel) = registry.get(name).expect("registered");
    let mut call = crate::args::KernelCall {
        op: name,
        args,
        outs: vec![TensorMut::new(pterun_core::ScalarType::Float, &mut shape, &mut data)],
        scalar_out: None,
    };
    kernel(&mut call)?;
    drop(call);
    Ok(bytemuck::cast_slice(&data).to_vec())
}
