//! Kernels: joining tensors (cat, stack) and constant padding.

use pterun_core::ScalarType;

use super::convert::{convert_into, same_dtype};

use crate::args::{KernelCall, Signature};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, TensorMut, TensorRef};
use crate::util::{
    checked_numel, elem_size, in_bytes, next_index, normalize_dim, normalize_insert_dim, one_out,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::cat.out", cat),
    ("aten::stack.out", stack),
    ("aten::constant_pad_nd.out", constant_pad_nd),
];

/// `aten::cat.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out)` and `aten::stack.out`.
const JOIN: Signature = &["tensors", "dim", "out"];

/// `aten::constant_pad_nd.out(Tensor self, SymInt[] pad, Scalar value=0, *, Tensor(a!) out)`.
const PAD: Signature = &["self", "pad", "value", "out"];

/// Concatenation along `d` of `parts` (already checked), each converted to out's type.
fn concat_into(
    op: &'static str,
    parts: &[TensorRef<'_>],
    d: usize,
    out: &mut TensorMut<'_>,
    out_sizes: &[usize],
) -> Result<()> {
    out.resize(out_sizes)?;
    let es = elem_size(op, out.dtype)?;
    let outer: usize = out_sizes[..d].iter().product();
    let inner: usize = out_sizes[d + 1..].iter().product();
    let row = out_sizes[d] * inner * es;
    let mut at = 0usize;
    let odt = out.dtype;
    let dst = out.bytes_mut();
    for t in parts {
        let conv;
        let src: &[u8] = if t.dtype == odt {
            in_bytes(op, t)?
        } else {
            conv = convert_bytes(op, t, odt)?;
            &bytemuck::cast_slice::<u64, u8>(&conv)[..t.numel() * es]
        };
        let chunk = t.sizes[d] * inner * es;
        for o in 0..outer {
            dst[o * row + at..o * row + at + chunk]
                .copy_from_slice(&src[o * chunk..(o + 1) * chunk]);
        }
        at += chunk;
    }
    Ok(())
}

/// The elements of `t` converted to `dtype`, as bytes.
/// (In a u64 buffer, for alignment.)
fn convert_bytes(op: &'static str, t: &TensorRef<'_>, dtype: ScalarType) -> Result<Vec<u64>> {
    let es = elem_size(op, dtype)?;
    let n = t.numel();
    let mut buf = vec![0u64; (n * es).div_ceil(8)];
    let mut shape = crate::tensor::Shape::new(t.sizes.to_vec(), pterun_core::ShapeDynamism::Static);
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut buf)[..n * es];
    let mut tm = TensorMut::new(dtype, &mut shape, bytes);
    convert_into(op, t, &mut tm)?;
    Ok(buf)
}

/// `aten::cat.out`.
fn cat(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(JOIN)?;
    let dim = args.int("dim")?;
    let list = args.tensor_list("tensors")?;
    let out = one_out(op, outs)?;
    // Legacy behaviour: 1-D empty tensors are skipped.
    let parts: Vec<TensorRef<'_>> =
        list.iter().copied().filter(|t| !(t.dim() == 1 && t.sizes[0] == 0)).collect();
    let Some(first) = parts.first() else {
        out.resize(&vec![0; out.sizes().len()])?;
        return Ok(());
    };
    let rank = first.dim();
    if rank == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "cannot concatenate 0-dim tensors".into(),
        });
    }
    let d = normalize_dim(op, dim, rank)?;
    let mut sizes = first.sizes.to_vec();
    sizes[d] = 0;
    for t in &parts {
        elem_size(op, t.dtype)?;
        if t.dim() != rank
            || t.sizes.iter().enumerate().any(|(i, &s)| i != d && s != first.sizes[i])
        {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("cannot concatenate {:?} and {:?}", first.sizes, t.sizes),
            });
        }
        sizes[d] += t.sizes[d];
    }
    concat_into(op, &parts, d, out, &sizes)
}

/// `aten::stack.out`.
fn stack(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(JOIN)?;
    let dim = args.int("dim")?;
    let list = args.tensor_list("tensors")?;
    let out = one_out(op, outs)?;
    let Some(first) = list.first() else {
        return Err(Error::InvalidArgument { op, detail: "stack of no tensors".into() });
    };
    let d = normalize_insert_dim(op, dim, first.dim())?;
    let mut part_sizes = first.sizes.to_vec();
    part_sizes.insert(d, 1);
    let mut parts = Vec::with_capacity(list.len());
    for t in list {
        if t.sizes != first.sizes {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("cannot stack {:?} and {:?}", first.sizes, t.sizes),
            });
        }
        parts.push(*t);
    }
    let mut sizes = part_sizes.clone();
    sizes[d] = list.len();
    let views: Vec<TensorRef<'_>> = parts
        .iter()
        .map(|t| TensorRef { dtype: t.dtype, sizes: &part_sizes, data: t.data })
        .collect();
    concat_into(op, &views, d, out, &sizes)
}

/// `aten::constant_pad_nd.out`.
fn constant_pad_nd(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(PAD)?;
    let pad = args.int_list("pad")?;
    let value = args.scalar("value")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    same_dtype(op, input.dtype, out.dtype)?;
    let rank = input.dim();
    if pad.len() % 2 != 0 || pad.len() / 2 > rank {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("padding {pad:?} for rank {rank}"),
        });
    }
    let mut before = vec![0i64; rank];
    let mut sizes = input.sizes.to_vec();
    for k in 0..pad.len() / 2 {
        let d = rank - 1 - k;
        let (lo, hi) = (pad[2 * k], pad[2 * k + 1]);
        let s = (input.sizes[d] as i64).checked_add(lo).and_then(|v| v.checked_add(hi));
        match s {
            Some(s) if s >= 0 => sizes[d] = s as usize,
            _ => {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("padding {pad:?} gives a negative size"),
                })
            }
        }
        before[d] = lo;
    }
    out.resize(&sizes)?;
    let n = checked_numel(op, &sizes)?;
    // Fill with the value, then copy the overlapping region.
    let es = input.dtype.element_size();
    {
        let mut one = [0u8; 8];
        let mut shape = crate::tensor::Shape::new(vec![], pterun_core::ShapeDynamism::Static);
        let mut t = TensorMut::new(out.dtype, &mut shape, &mut one[..es]);
        crate::ops::misc::fill_scalar(op, &mut t, value)?;
        let dst = out.bytes_mut();
        for i in 0..n {
            dst[i * es..(i + 1) * es].copy_from_slice(&one[..es]);
        }
    }
    // Region: in each dim, output indices [max(lo,0), max(lo,0)+len) map to input [max(-lo,0) ...).
    let mut region = Vec::with_capacity(rank);
    let mut in_start = Vec::with_capacity(rank);
    let mut out_start = Vec::with_capacity(rank);
    for d in 0..rank {
        let lo = before[d];
        let is = (-lo).max(0) as usize;
        let os = lo.max(0) as usize;
        let len = input.sizes[d].saturating_sub(is).min(sizes[d].saturating_sub(os));
        region.push(len);
        in_start.push(is);
        out_start.push(os);
    }
    if checked_numel(op, &region)? == 0 {
        return Ok(());
    }
    let ist = contiguous_strides(input.sizes);
    let ost = contiguous_strides(&sizes);
    let src = in_bytes(op, &input)?;
    let dst = out.bytes_mut();
    let rows: usize = region[..rank.saturating_sub(1)].iter().product();
    let run = if rank == 0 { 1 } else { region[rank - 1] } * es;
    let mut idx = vec![0usize; rank.saturating_sub(1)];
    for _ in 0..rows {
        let mut io = 0;
        let mut oo = 0;
        for d in 0..rank {
            let k = if d + 1 < rank { idx[d] } else { 0 };
            io += (in_start[d] + k) * ist[d];
            oo += (out_start[d] + k) * ost[d];
        }
        dst[oo * es..oo * es + run].copy_from_slice(&src[io * es..io * es + run]);
        next_index(&mut idx, &region);
    }
    Ok(())
}
