//! Kernels: indexing (embedding, index_select, advanced indexing, gather, index_put,
//! masked_fill). Every index read from a tensor is bounds-checked.

use pterun_core::ScalarType;

use crate::args::KernelCall;
use crate::dtype::{kind_of, with_compute, Compute};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, TensorMut, TensorRef};
use crate::util::{
    broadcast_shapes, checked_numel, elem_size, for_each_broadcast, in_bytes, normalize_dim,
    one_out, read_vec, write_vec,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::embedding.out", embedding),
    ("aten::index_select.out", index_select),
    ("aten::index.Tensor_out", index_tensor),
    ("aten::gather.out", gather),
    ("aten::index_put.out", index_put),
    ("aten::masked_fill.Scalar_out", masked_fill),
];

/// Reads an index tensor (int64 or int32) as i64.
fn indices_of(op: &'static str, t: &TensorRef<'_>) -> Result<Vec<i64>> {
    match t.dtype {
        ScalarType::Long | ScalarType::Int => read_vec::<i64>(op, t),
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

/// Normalises index `i` (negative counts from the end) for a dimension of `size`.
fn check_index(op: &'static str, i: i64, size: usize) -> Result<usize> {
    let n = size as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("index {i} out of range for size {size}"),
        });
    }
    Ok(j as usize)
}

/// Copies element offsets `offs` of `src` (element size `es`) in order into `dst`.
fn gather_bytes(dst: &mut [u8], src: &[u8], es: usize, offs: &[usize]) {
    for (k, &o) in offs.iter().enumerate() {
        dst[k * es..(k + 1) * es].copy_from_slice(&src[o * es..(o + 1) * es]);
    }
}

/// `aten::embedding.out(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False, *, Tensor(a!) out)`.
fn embedding(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(6)?;
    let (inp, outs) = call.split();
    let (weight, idx) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    if weight.dim() != 2 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("weight must be 2-D, got {:?}", weight.sizes),
        });
    }
    if weight.dtype != out.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    let (rows, dim) = (weight.sizes[0], weight.sizes[1]);
    let ids = indices_of(op, &idx)?;
    let mut sizes = idx.sizes.to_vec();
    sizes.push(dim);
    checked_numel(op, &sizes)?;
    out.resize(&sizes)?;
    let es = elem_size(op, weight.dtype)?;
    let src = in_bytes(op, &weight)?;
    let dst = out.bytes_mut();
    let row = dim * es;
    for (k, &i) in ids.iter().enumerate() {
        if i < 0 || i as u64 >= rows as u64 {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("index {i} out of range for {rows} rows"),
            });
        }
        let i = i as usize;
        dst[k * row..(k + 1) * row].copy_from_slice(&src[i * row..(i + 1) * row]);
    }
    Ok(())
}

/// Arguments `self`, `dim` and `index` (0 to 2) of a kernel of `nargs` arguments, and its
/// output, which must have `self`'s type.
fn self_dim_index<'c, 'a>(
    op: &'static str,
    call: &'c mut KernelCall<'a>,
    nargs: usize,
) -> Result<(TensorRef<'a>, i64, TensorRef<'a>, &'c mut TensorMut<'a>)> {
    call.expect_args(nargs)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let (input, index) = (inp.tensor(0)?, inp.tensor(2)?);
    let out = one_out(op, outs)?;
    if input.dtype != out.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    Ok((input, dim, index, out))
}

/// `aten::index_select.out(Tensor self, int dim, Tensor index, *, Tensor(a!) out)`.
fn index_select(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (input, dim, index, out) = self_dim_index(op, call, 4)?;
    if index.dim() > 1 {
        return Err(Error::InvalidArgument { op, detail: "index must be 0-D or 1-D".into() });
    }
    let ids = indices_of(op, &index)?;
    let d = normalize_dim(op, dim, input.dim())?;
    let in_sizes: Vec<usize> = if input.dim() == 0 { vec![1] } else { input.sizes.to_vec() };
    let mut sizes = in_sizes.clone();
    sizes[d] = ids.len();
    let ids: Vec<usize> =
        ids.iter().map(|&i| check_index(op, i, in_sizes[d])).collect::<Result<_>>()?;
    let out_sizes = if input.dim() == 0 { vec![] } else { sizes.clone() };
    out.resize(&out_sizes)?;
    let (outer, size, inner) = crate::ops::activation::outer_dim_inner(&in_sizes, d);
    let mut offs = Vec::with_capacity(outer * ids.len() * inner);
    for o in 0..outer {
        for &i in &ids {
            for k in 0..inner {
                offs.push((o * size + i) * inner + k);
            }
        }
    }
    let es = elem_size(op, input.dtype)?;
    gather_bytes(out.bytes_mut(), in_bytes(op, &input)?, es, &offs);
    Ok(())
}

/// For advanced indexing: the result sizes and, for every result element, the offset of
/// the source element.
fn advanced_offsets(
    op: &'static str,
    sizes: &[usize],
    indices: &[Option<TensorRef<'_>>],
) -> Result<(Vec<usize>, Vec<usize>)> {
    let rank = sizes.len();
    // Expand bool masks into one long index per masked dimension.
    let mut per_dim: Vec<Option<(Vec<usize>, Vec<i64>)>> = Vec::new();
    for t in indices {
        match t {
            None => per_dim.push(None),
            Some(t) if matches!(t.dtype, ScalarType::Bool | ScalarType::Byte) => {
                let at = per_dim.len();
                if at + t.dim() > rank || t.sizes != &sizes[at..at + t.dim()] {
                    return Err(Error::ShapeMismatch {
                        op,
                        detail: format!("mask {:?} does not match {sizes:?}", t.sizes),
                    });
                }
                let m = in_bytes(op, t)?;
                let st = contiguous_strides(t.sizes);
                let hits: Vec<usize> = (0..m.len()).filter(|&k| m[k] != 0).collect();
                for (&s, &n) in st.iter().zip(t.sizes) {
                    let v: Vec<i64> = hits.iter().map(|&k| ((k / s) % n) as i64).collect();
                    per_dim.push(Some((vec![hits.len()], v)));
                }
            }
            Some(t) => per_dim.push(Some((t.sizes.to_vec(), indices_of(op, t)?))),
        }
    }
    if per_dim.len() > rank {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{} indices for rank {rank}", per_dim.len()),
        });
    }
    per_dim.resize(rank, None);
    let adv: Vec<usize> = (0..rank).filter(|&d| per_dim[d].is_some()).collect();
    let strides = contiguous_strides(sizes);
    if adv.is_empty() {
        let n = checked_numel(op, sizes)?;
        return Ok((sizes.to_vec(), (0..n).collect()));
    }
    let mut bshape: Vec<usize> = Vec::new();
    for &d in &adv {
        bshape =
            broadcast_shapes(op, &bshape, &per_dim[d].as_ref().map_or(vec![], |p| p.0.clone()))?;
    }
    // Offset contributed by the advanced dimensions at every broadcast position.
    let nb = checked_numel(op, &bshape)?;
    let mut adv_off = vec![0usize; nb];
    for &d in &adv {
        let (isz, vals) = per_dim[d].as_ref().map_or((&[][..], &[][..]), |p| (&p.0[..], &p.1[..]));
        let mut k = 0;
        let mut err = None;
        for_each_broadcast(&bshape, [isz], |[j]| {
            match check_index(op, vals[j], sizes[d]) {
                Ok(i) => adv_off[k] += i * strides[d],
                Err(e) => err = Some(e),
            }
            k += 1;
        });
        if let Some(e) = err {
            return Err(e);
        }
    }
    let adjacent = adv.windows(2).all(|w| w[1] == w[0] + 1);
    let rest: Vec<usize> = (0..rank).filter(|&d| per_dim[d].is_none()).collect();
    // Result layout: list of (size, stride in source or None for the broadcast block).
    let split = if adjacent { rest.iter().filter(|&&d| d < adv[0]).count() } else { 0 };
    let mut out_sizes = Vec::new();
    let mut layout: Vec<(usize, Option<usize>)> = Vec::new();
    for &d in &rest[..split] {
        layout.push((sizes[d], Some(strides[d])));
    }
    for &b in &bshape {
        layout.push((b, None));
    }
    for &d in &rest[split..] {
        layout.push((sizes[d], Some(strides[d])));
    }
    out_sizes.extend(layout.iter().map(|l| l.0));
    let n = checked_numel(op, &out_sizes)?;
    let bstrides = contiguous_strides(&bshape);
    let mut offs = Vec::with_capacity(n);
    if n == 0 {
        return Ok((out_sizes, offs));
    }
    let mut idx = vec![0usize; layout.len()];
    loop {
        let mut off = 0;
        let mut bflat = 0;
        let mut bi = 0;
        for (k, &(_, st)) in layout.iter().enumerate() {
            match st {
                Some(s) => off += idx[k] * s,
                None => {
                    bflat += idx[k] * bstrides[bi];
                    bi += 1;
                }
            }
        }
        offs.push(off + adv_off[bflat]);
        let mut k = layout.len();
        loop {
            if k == 0 {
                return Ok((out_sizes, offs));
            }
            k -= 1;
            idx[k] += 1;
            if idx[k] < layout[k].0 {
                break;
            }
            idx[k] = 0;
        }
    }
}

/// `aten::index.Tensor_out(Tensor self, Tensor?[] indices, *, Tensor(a!) out)`.
fn index_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let indices: Vec<Option<TensorRef<'_>>> = call.opt_tensor_list(1)?.to_vec();
    let input = call.tensor(0)?;
    let (input_dtype, input_sizes) = (input.dtype, input.sizes.to_vec());
    let (sizes, offs) = advanced_offsets(op, &input_sizes, &indices)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    if input_dtype != out.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    out.resize(&sizes)?;
    let es = elem_size(op, input.dtype)?;
    gather_bytes(out.bytes_mut(), in_bytes(op, &input)?, es, &offs);
    Ok(())
}

/// `aten::gather.out(Tensor self, int dim, Tensor index, *, bool sparse_grad=False, Tensor(a!) out)`.
fn gather(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (input, dim, index, out) = self_dim_index(op, call, 5)?;
    let d = normalize_dim(op, dim, input.dim())?;
    let in_sizes: Vec<usize> = if input.dim() == 0 { vec![1] } else { input.sizes.to_vec() };
    let idx_sizes: Vec<usize> = if index.dim() == 0 { vec![1] } else { index.sizes.to_vec() };
    if idx_sizes.len() != in_sizes.len()
        || idx_sizes.iter().zip(&in_sizes).enumerate().any(|(k, (&i, &s))| k != d && i > s)
    {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("index {:?} does not fit {:?}", index.sizes, input.sizes),
        });
    }
    let ids = indices_of(op, &index)?;
    out.resize(index.sizes)?;
    let ist = contiguous_strides(&in_sizes);
    let xst = contiguous_strides(&idx_sizes);
    let mut offs = Vec::with_capacity(ids.len());
    for (k, &i) in ids.iter().enumerate() {
        let i = check_index(op, i, in_sizes[d])?;
        let mut off = 0;
        for q in 0..in_sizes.len() {
            let c = (k / xst[q]) % idx_sizes[q];
            off += if q == d { i } else { c } * ist[q];
        }
        offs.push(off);
    }
    let es = elem_size(op, input.dtype)?;
    gather_bytes(out.bytes_mut(), in_bytes(op, &input)?, es, &offs);
    Ok(())
}

/// `aten::index_put.out(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False, *, Tensor(a!) out)`.
fn index_put(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let accumulate = call.bool(3)?;
    let indices: Vec<Option<TensorRef<'_>>> = call.opt_tensor_list(1)?.to_vec();
    let sizes = call.tensor(0)?.sizes.to_vec();
    let (res_sizes, offs) = advanced_offsets(op, &sizes, &indices)?;
    let (inp, outs) = call.split();
    let (input, values) = (inp.tensor(0)?, inp.tensor(2)?);
    let out = one_out(op, outs)?;
    if input.dtype != out.dtype || values.dtype != input.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: values.dtype });
    }
    if !crate::util::broadcastable_to(values.sizes, &res_sizes) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("values {:?} do not broadcast to {res_sizes:?}", values.sizes),
        });
    }
    out.resize(&sizes)?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let mut x = read_vec::<T>(op, &input)?;
        let v = read_vec::<T>(op, &values)?;
        let mut k = 0;
        for_each_broadcast(&res_sizes, [values.sizes], |[j]| {
            let o = offs[k];
            x[o] = if accumulate { x[o].add(v[j]) } else { v[j] };
            k += 1;
        });
        write_vec(op, out, &x)
    })
}

/// `aten::masked_fill.Scalar_out(Tensor self, Tensor mask, Scalar value, *, Tensor(a!) out)`.
fn masked_fill(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let value = call.scalar(2)?;
    let (inp, outs) = call.split();
    let (input, mask) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    if mask.dtype != ScalarType::Bool {
        return Err(Error::UnsupportedDtype { op, dtype: mask.dtype });
    }
    if input.dtype != out.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    let shape = broadcast_shapes(op, input.sizes, mask.sizes)?;
    out.resize(&shape)?;
    let m = in_bytes(op, &mask)?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, &input)?;
        let fill = <T as Compute>::from_scalar(value);
        let mut vals = Vec::with_capacity(out.numel());
        for_each_broadcast(&shape, [input.sizes, mask.sizes], |[i, j]| vals.push(if m[j] != 0 { fill } else { x[i] }));
        write_vec(op, out, &vals)
    })
}
