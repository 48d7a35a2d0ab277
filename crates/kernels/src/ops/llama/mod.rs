//! The operators ExecuTorch's LLM export leaves on the CPU (`llama::` namespace): the KV-cache
//! update, attention over the cache, and the Hadamard transform of SpinQuant models.
//!
//! Tensors follow the export's layout: `[batch, sequence, heads, head_dim]`, caches
//! `[batch, max_sequence, kv_heads, head_dim]`, all contiguous.

use crate::args::{Arg, KernelCall};
use crate::error::{Error, Result};
use crate::registry::{KernelDef, WritingKernelDef};
use crate::tensor::TensorMut;

mod cache;
mod hadamard;
mod sdpa;

/// Kernels that write only their result.
pub(super) const KERNELS: &[KernelDef] = &[
    ("llama::custom_sdpa.out", sdpa::custom_sdpa),
    ("llama::fast_hadamard_transform.out", hadamard::fast_hadamard_transform),
];

/// Kernels that also write cache arguments in place (`Tensor(a!)` in their schemas).
pub(super) const WRITING_KERNELS: &[WritingKernelDef] = &[
    ("llama::update_cache.out", cache::update_cache, &[1]),
    ("llama::update_cache_with_indices.out", cache::update_cache_with_indices, &[1]),
    ("llama::sdpa_with_kv_cache.out", sdpa::sdpa_with_kv_cache, &[3, 4]),
];

/// The output index the runtime gave argument `position`, which the kernel writes in place.
fn written_index(call: &KernelCall<'_>, position: usize, name: &'static str) -> Result<usize> {
    match call.args.get(position) {
        Some(Arg::Out(k)) => Ok(*k),
        found => Err(Error::InvalidArgument {
            op: call.op,
            detail: format!(
                "{name} (argument {position}) must be a tensor the kernel may write, found {}",
                found.map_or("nothing", Arg::kind_name)
            ),
        }),
    }
}

/// The result (the call's return slot, output 0) and the written arguments at output
/// indices `written`, borrowed at once. They must be distinct tensors.
fn outputs_and_written<'o, 'a, const N: usize>(
    op: &'static str,
    outs: &'o mut [TensorMut<'a>],
    written: [usize; N],
) -> Result<(&'o mut TensorMut<'a>, [&'o mut TensorMut<'a>; N])> {
    let Some((result, rest)) = outs.split_first_mut() else {
        return Err(Error::ArgumentCount { op, expected: 1, found: 0 });
    };
    let mut indices = [0usize; N];
    for (slot, &k) in indices.iter_mut().zip(&written) {
        *slot = k.checked_sub(1).ok_or_else(|| Error::InvalidArgument {
            op,
            detail: "a cache argument is the operator's own result".into(),
        })?;
    }
    let written = rest.get_disjoint_mut(indices).map_err(|_| Error::InvalidArgument {
        op,
        detail: "cache arguments must be distinct tensors".into(),
    })?;
    Ok((result, written))
}

/// `[batch, sequence, heads, head_dim]` of a 4-D tensor argument.
fn dims4(op: &'static str, name: &str, sizes: &[usize]) -> Result<[usize; 4]> {
    <[usize; 4]>::try_from(sizes).map_err(|_| Error::ShapeMismatch {
        op,
        detail: format!("{name} must be 4-D [batch, sequence, heads, head_dim], found {sizes:?}"),
    })
}

/// Checks that `count` positions from `start` fit in a cache of `capacity` positions.
fn check_positions(op: &'static str, start: i64, count: usize, capacity: usize) -> Result<usize> {
    let start = usize::try_from(start)
        .map_err(|_| Error::InvalidArgument { op, detail: format!("start_pos {start} < 0") })?;
    match start.checked_add(count) {
        Some(end) if start < capacity && end <= capacity => Ok(start),
        _ => Err(Error::InvalidArgument {
            op,
            detail: format!(
                "positions {start}..{start}+{count} do not fit a cache of {capacity} positions"
            ),
        }),
    }
}
