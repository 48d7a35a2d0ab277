//! Kernels: shape changes and data movement (views, permutations, slicing, concatenation,
//! padding, dtype conversion copies). Data moves as raw elements, whatever their type.

use pterun_core::ScalarType;

use crate::args::{Arg, KernelCall};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, TensorMut, TensorRef};
use crate::util::{
    broadcastable_to, checked_numel, elem_size, for_each_broadcast, in_bytes, is_supported,
    normalize_dim, normalize_insert_dim, one_out, read_vec, write_vec,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::view_copy.out", view_copy),
    ("aten::_unsafe_view.out", view_copy),
    ("aten::permute_copy.out", permute_copy),
    ("aten::transpose_copy.int_out", transpose_copy),
    ("aten::t_copy.out", t_copy),
    ("aten::expand_copy.out", expand_copy),
    ("aten::unsqueeze_copy.out", unsqueeze_copy),
    ("aten::squeeze_copy.dims_out", squeeze_copy_dims),
    ("aten::squeeze_copy.dim_out", squeeze_copy_dim),
    ("aten::squeeze_copy.out", squeeze_copy_all),
    ("aten::select_copy.int_out", select_copy),
    ("aten::slice_copy.Tensor_out", slice_copy),
    ("aten::cat.out", cat),
    ("aten::stack.out", stack),
    ("aten::split_with_sizes_copy.out", split_with_sizes_copy),
    ("aten::split_copy.Tensor_out", split_copy),
    ("aten::unbind_copy.int_out", unbind_copy),
    ("aten::constant_pad_nd.out", constant_pad_nd),
    ("aten::pixel_shuffle.out", pixel_shuffle),
    ("aten::pixel_unshuffle.out", pixel_unshuffle),
    ("aten::repeat.out", repeat),
    ("aten::flip.out", flip),
    ("aten::roll.out", roll),
    ("dim_order_ops::_clone_dim_order.out", clone_dim_order),
    ("dim_order_ops::_to_dim_order_copy.out", to_dim_order_copy),
    ("aten::clone.out", clone),
    ("aten::_to_copy.out", to_copy),
    ("aten::copy_", copy_),
];

/// Checks that `input` has a known element size and `out` the same type.
pub(super) fn same_dtype(op: &'static str, input: ScalarType, out: ScalarType) -> Result<()> {
    elem_size(op, input)?;
    if input != out {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("output type {out} differs from input type {input}"),
        });
    }
    Ok(())
}

/// Copies the elements at `base + sum(idx[d] * strides[d])` of `src` (element strides, any
/// sign) for every index of `sizes`, in row-major order, into `dst`.
pub(crate) fn strided_copy(
    op: &'static str,
    dst: &mut [u8],
    src: &[u8],
    es: usize,
    sizes: &[usize],
    strides: &[isize],
    base: isize,
) -> Result<()> {
    let n = checked_numel(op, sizes)?;
    if n == 0 {
        return Ok(());
    }
    let oob = || outside_input(op);
    if dst.len() < n * es {
        return Err(oob());
    }
    let rank = sizes.len();
    if rank >= 2 && strides[rank - 1] != 1 && strides[rank - 2] == 1 {
        return transposed_copy(op, dst, src, es, sizes, strides, base);
    }
    let (run, outer_rank) =
        if rank > 0 && strides[rank - 1] == 1 { (sizes[rank - 1], rank - 1) } else { (1, rank) };
    let mut idx = vec![0usize; outer_rank];
    let mut off = base;
    let mut w = 0usize;
    let run_bytes = run * es;
    loop {
        let chunk = elements(src, off, es, run).ok_or_else(oob)?;
        dst[w..w + run_bytes].copy_from_slice(chunk);
        w += run_bytes;
        if !next_outer(&mut idx, &mut off, sizes, strides) {
            return Ok(());
        }
    }
}

fn outside_input(op: &'static str) -> Error {
    Error::InvalidArgument { op, detail: "element outside the input".into() }
}

/// The bytes of the `count` elements (of `es` bytes) from element offset `off` of `src`;
/// `None` when they are not all inside it.
fn elements(src: &[u8], off: isize, es: usize, count: usize) -> Option<&[u8]> {
    let start = usize::try_from(off).ok()?.checked_mul(es)?;
    src.get(start..start.checked_add(count.checked_mul(es)?)?)
}

/// Side of the square tiles of [`transposed_copy`]: 32 x 32 elements of up to 8 bytes stay
/// in L1 on both the read and the write side.
const TRANSPOSE_TILE: usize = 32;

/// [`strided_copy`] when the innermost two dimensions are swapped (the source is contiguous
/// along the second-to-last output dimension): copies square tiles so that reads and writes
/// both stay within a few cache lines, instead of striding through the source per element.
/// This is the weight transpose of every exported linear layer.
fn transposed_copy(
    op: &'static str,
    dst: &mut [u8],
    src: &[u8],
    es: usize,
    sizes: &[usize],
    strides: &[isize],
    base: isize,
) -> Result<()> {
    let oob = || outside_input(op);
    let rank = sizes.len();
    let (rows, cols) = (sizes[rank - 2], sizes[rank - 1]);
    let col_stride = strides[rank - 1];
    let mut idx = vec![0usize; rank - 2];
    let mut off = base;
    let mut w = 0usize;
    let block = rows * cols * es;
    loop {
        let out = dst.get_mut(w..w + block).ok_or_else(oob)?;
        // Four-byte elements (f32, i32) as words when both sides are aligned for them.
        if es == 4 {
            if let (Ok(words_out), Ok(words_in)) = (
                bytemuck::try_cast_slice_mut::<u8, u32>(out),
                bytemuck::try_cast_slice::<u8, u32>(src),
            ) {
                let first = usize::try_from(off).map_err(|_| oob())?;
                let last = (rows as isize - 1) + (cols as isize - 1) * col_stride;
                let end = usize::try_from(off + last.max(0)).map_err(|_| oob())?;
                if col_stride > 0 && end < words_in.len() {
                    let stride = col_stride as usize;
                    for i0 in (0..rows).step_by(TRANSPOSE_TILE) {
                        for j0 in (0..cols).step_by(TRANSPOSE_TILE) {
                            for i in i0..(i0 + TRANSPOSE_TILE).min(rows) {
                                let row = &mut words_out[i * cols..(i + 1) * cols];
                                for j in j0..(j0 + TRANSPOSE_TILE).min(cols) {
                                    row[j] = words_in[first + i + j * stride];
                                }
                            }
                        }
                    }
                    w += block;
                    if next_outer(&mut idx, &mut off, sizes, strides) {
                        continue;
                    }
                    return Ok(());
                }
            }
        }
        for i0 in (0..rows).step_by(TRANSPOSE_TILE) {
            for j0 in (0..cols).step_by(TRANSPOSE_TILE) {
                for i in i0..(i0 + TRANSPOSE_TILE).min(rows) {
                    for j in j0..(j0 + TRANSPOSE_TILE).min(cols) {
                        let at = off + i as isize + j as isize * col_stride;
                        let element = elements(src, at, es, 1).ok_or_else(oob)?;
                        let to = (i * cols + j) * es;
                        out[to..to + es].copy_from_slice(element);
                    }
                }
            }
        }
        w += block;
        if !next_outer(&mut idx, &mut off, sizes, strides) {
            return Ok(());
        }
    }
}

/// Advances the outer index `idx` (the leading `idx.len()` dimensions of `sizes`) and the
/// source offset by `strides`; false when every outer index has been visited.
fn next_outer(idx: &mut [usize], off: &mut isize, sizes: &[usize], strides: &[isize]) -> bool {
    let mut d = idx.len();
    loop {
        if d == 0 {
            return false;
        }
        d -= 1;
        idx[d] += 1;
        *off += strides[d];
        if idx[d] < sizes[d] {
            return true;
        }
        *off -= strides[d] * sizes[d] as isize;
        idx[d] = 0;
    }
}

/// Advances the row-major multi-index `idx` within `bounds` (its length decides how many
/// leading dimensions count); false after the last index.
fn next_index(idx: &mut [usize], bounds: &[usize]) -> bool {
    for (i, &bound) in idx.iter_mut().zip(bounds).rev() {
        *i += 1;
        if *i < bound {
            return true;
        }
        *i = 0;
    }
    false
}

fn istrides(sizes: &[usize]) -> Vec<isize> {
    contiguous_strides(sizes).into_iter().map(|s| s as isize).collect()
}

/// The sizes and element strides of a contiguous tensor of `sizes` without dimension `d`,
/// and the stride of `d`: the view of one index along `d`.
fn without_dim(sizes: &[usize], d: usize) -> (Vec<usize>, Vec<isize>, isize) {
    let mut strides = istrides(sizes);
    let step = strides.remove(d);
    let mut sizes = sizes.to_vec();
    sizes.remove(d);
    (sizes, strides, step)
}

/// Resizes `out` to `sizes` and fills it with a strided view of `input`.
fn view_into(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    sizes: &[usize],
    strides: &[isize],
    base: isize,
) -> Result<()> {
    same_dtype(op, input.dtype, out.dtype)?;
    out.resize(sizes)?;
    let src = in_bytes(op, input)?;
    let es = input.dtype.element_size();
    strided_copy(op, out.bytes_mut(), src, es, sizes, strides, base)
}

fn contiguous_into(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    sizes: &[usize],
) -> Result<()> {
    same_dtype(op, input.dtype, out.dtype)?;
    if checked_numel(op, sizes)? != input.numel() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("cannot view {:?} as {sizes:?}", input.sizes),
        });
    }
    out.resize(sizes)?;
    let src = in_bytes(op, input)?;
    let dst = out.bytes_mut();
    if dst.len() < src.len() {
        return Err(Error::ShapeMismatch { op, detail: "output too small".into() });
    }
    dst[..src.len()].copy_from_slice(src);
    Ok(())
}

/// `aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out)`.
fn view_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let size = call.int_list(1)?.to_vec();
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    let n = input.numel();
    let mut infer = None;
    let mut known = 1usize;
    let mut sizes = Vec::with_capacity(size.len());
    for (i, &s) in size.iter().enumerate() {
        if s == -1 {
            if infer.replace(i).is_some() {
                return Err(Error::InvalidArgument {
                    op,
                    detail: "more than one -1 in view size".into(),
                });
            }
            sizes.push(0);
        } else {
            let s = usize::try_from(s)
                .map_err(|_| Error::InvalidArgument { op, detail: format!("bad size {s}") })?;
            known = known
                .checked_mul(s)
                .ok_or_else(|| Error::InvalidArgument { op, detail: "size overflow".into() })?;
            sizes.push(s);
        }
    }
    if let Some(i) = infer {
        if known == 0 || n % known != 0 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("cannot view {:?} as {size:?}", input.sizes),
            });
        }
        sizes[i] = n / known;
    }
    contiguous_into(op, &input, out, &sizes)
}

/// `aten::permute_copy.out(Tensor self, int[] dims, *, Tensor(a!) out)`.
fn permute_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dims = call.int_list(1)?.to_vec();
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    let rank = input.dim();
    if dims.len() != rank {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{} dims for rank {rank}", dims.len()),
        });
    }
    let st = istrides(input.sizes);
    let mut seen = vec![false; rank];
    let (mut sizes, mut strides) = (Vec::new(), Vec::new());
    for &d in &dims {
        let d = normalize_dim(op, d, rank)?;
        if rank > 0 {
            if std::mem::replace(&mut seen[d], true) {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("repeated dimension in {dims:?}"),
                });
            }
            sizes.push(input.sizes[d]);
            strides.push(st[d]);
        }
    }
    view_into(op, &input, out, &sizes, &strides, 0)
}

fn transpose_impl(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    d0: i64,
    d1: i64,
) -> Result<()> {
    let rank = input.dim();
    let (a, b) = (normalize_dim(op, d0, rank)?, normalize_dim(op, d1, rank)?);
    let mut sizes = input.sizes.to_vec();
    let mut strides = istrides(input.sizes);
    if rank > 0 {
        sizes.swap(a, b);
        strides.swap(a, b);
    }
    view_into(op, input, out, &sizes, &strides, 0)
}

/// `aten::transpose_copy.int_out(Tensor self, int dim0, int dim1, *, Tensor(a!) out)`.
fn transpose_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let (d0, d1) = (call.int(1)?, call.int(2)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    transpose_impl(op, &input, one_out(op, outs)?, d0, d1)
}

/// `aten::t_copy.out(Tensor self, *, Tensor(a!) out)`.
fn t_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() > 2 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("t() needs rank <= 2, got {}", input.dim()),
        });
    }
    let last = if input.dim() == 2 { 1 } else { 0 };
    transpose_impl(op, &input, one_out(op, outs)?, 0, last)
}

/// `aten::expand_copy.out(Tensor self, SymInt[] size, *, bool implicit=False, Tensor(a!) out)`.
fn expand_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let size = call.int_list(1)?.to_vec();
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    let rank = input.dim();
    if size.len() < rank {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("expand to {size:?} loses dimensions of {:?}", input.sizes),
        });
    }
    let lead = size.len() - rank;
    let st = istrides(input.sizes);
    let (mut sizes, mut strides) = (Vec::new(), Vec::new());
    for (i, &s) in size.iter().enumerate() {
        if i < lead {
            let s = usize::try_from(s).map_err(|_| Error::InvalidArgument {
                op,
                detail: format!("bad size {s} in {size:?}"),
            })?;
            sizes.push(s);
            strides.push(0);
        } else {
            let d = input.sizes[i - lead];
            let s = if s == -1 { d as i64 } else { s };
            let s = usize::try_from(s).map_err(|_| Error::InvalidArgument {
                op,
                detail: format!("bad size {s} in {size:?}"),
            })?;
            if s == d {
                sizes.push(s);
                strides.push(st[i - lead]);
            } else if d == 1 {
                sizes.push(s);
                strides.push(0);
            } else {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!("cannot expand {:?} to {size:?}", input.sizes),
                });
            }
        }
    }
    view_into(op, &input, out, &sizes, &strides, 0)
}

/// `aten::unsqueeze_copy.out(Tensor self, int dim, *, Tensor(a!) out)`.
fn unsqueeze_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let d = normalize_insert_dim(op, dim, input.dim())?;
    let mut sizes = input.sizes.to_vec();
    sizes.insert(d, 1);
    contiguous_into(op, &input, one_out(op, outs)?, &sizes)
}

fn squeeze_impl(call: &mut KernelCall<'_>, dims: Option<Vec<i64>>) -> Result<()> {
    let op = call.op;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let rank = input.dim();
    let mut drop = vec![false; rank];
    match dims {
        None => drop.iter_mut().zip(input.sizes).for_each(|(d, &s)| *d = s == 1),
        Some(list) => {
            for d in list {
                let d = normalize_dim(op, d, rank)?;
                if rank > 0 && input.sizes[d] == 1 {
                    drop[d] = true;
                }
            }
        }
    }
    let sizes: Vec<usize> =
        input.sizes.iter().zip(&drop).filter(|(_, &d)| !d).map(|(&s, _)| s).collect();
    contiguous_into(op, &input, one_out(op, outs)?, &sizes)
}

/// `aten::squeeze_copy.dims_out(Tensor self, int[] dim, *, Tensor(a!) out)`.
fn squeeze_copy_dims(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(3)?;
    let dims = call.int_list(1)?.to_vec();
    squeeze_impl(call, Some(dims))
}

/// `aten::squeeze_copy.dim_out(Tensor self, int dim, *, Tensor(a!) out)`.
fn squeeze_copy_dim(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(3)?;
    let dim = call.int(1)?;
    squeeze_impl(call, Some(vec![dim]))
}

/// `aten::squeeze_copy.out(Tensor self, *, Tensor(a!) out)`.
fn squeeze_copy_all(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(2)?;
    squeeze_impl(call, None)
}

/// `aten::select_copy.int_out(Tensor self, int dim, SymInt index, *, Tensor(a!) out)`.
fn select_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let (dim, index) = (call.int(1)?, call.int(2)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "select on a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    let n = input.sizes[d] as i64;
    let i = if index < 0 { index + n } else { index };
    if i < 0 || i >= n {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("index {index} out of range for size {n}"),
        });
    }
    let (sizes, strides, step) = without_dim(input.sizes, d);
    view_into(op, &input, one_out(op, outs)?, &sizes, &strides, i as isize * step)
}

/// PyTorch's clamping of slice bounds: (start, length).
pub(crate) fn slice_bounds(
    op: &'static str,
    size: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
) -> Result<(usize, usize)> {
    if step <= 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("slice step must be positive, got {step}"),
        });
    }
    let n = size as i64;
    let fix = |v: i64| {
        let v = if v < 0 { v.saturating_add(n) } else { v };
        v.clamp(0, n)
    };
    let s = fix(start.unwrap_or(0));
    let e = fix(end.unwrap_or(n)).max(s);
    let len = (e - s).saturating_add(step - 1) / step;
    Ok((s as usize, len as usize))
}

/// `aten::slice_copy.Tensor_out(Tensor self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1, *, Tensor(a!) out)`.
fn slice_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(6)?;
    let (dim, start, end, step) = (call.int(1)?, call.opt_int(2)?, call.opt_int(3)?, call.int(4)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "slice on a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    let (s, len) = slice_bounds(op, input.sizes[d], start, end, step)?;
    let st = istrides(input.sizes);
    let mut sizes = input.sizes.to_vec();
    let mut strides = st.clone();
    sizes[d] = len;
    strides[d] = st[d] * step as isize;
    view_into(op, &input, one_out(op, outs)?, &sizes, &strides, s as isize * st[d])
}

/// Converts `src`'s elements into `dst` (same element count) whatever the two types.
pub(crate) fn convert_into(
    op: &'static str,
    src: &TensorRef<'_>,
    dst: &mut TensorMut<'_>,
) -> Result<()> {
    if !is_supported(src.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: src.dtype });
    }
    if !is_supported(dst.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: dst.dtype });
    }
    if src.numel() != dst.numel() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{:?} and {:?} differ in size", src.sizes, dst.sizes()),
        });
    }
    if src.dtype == dst.dtype {
        let b = in_bytes(op, src)?;
        dst.bytes_mut()[..b.len()].copy_from_slice(b);
        return Ok(());
    }
    if crate::dtype::is_float(src.dtype) {
        let v = read_vec::<f64>(op, src)?;
        // Float to float narrowing goes through f32 like the C++ casts do for half types.
        write_vec(op, dst, &v)
    } else {
        let v = read_vec::<i64>(op, src)?;
        write_vec(op, dst, &v)
    }
}

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

/// `aten::cat.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out)`.
fn cat(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let list = inp.tensor_list(0)?;
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

/// `aten::stack.out(Tensor[] tensors, int dim=0, *, Tensor(a!) out)`.
fn stack(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let list = inp.tensor_list(0)?;
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

/// Writes the pieces of `input` along `d` of the given lengths into `outs`.
fn split_into(
    op: &'static str,
    input: &TensorRef<'_>,
    d: usize,
    lens: &[usize],
    outs: &mut [TensorMut<'_>],
) -> Result<()> {
    if lens.len() != outs.len() {
        return Err(Error::ArgumentCount { op, expected: lens.len(), found: outs.len() });
    }
    if lens.iter().try_fold(0usize, |a, &l| a.checked_add(l)) != Some(input.sizes[d]) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("split sizes {lens:?} do not sum to {}", input.sizes[d]),
        });
    }
    let st = istrides(input.sizes);
    let mut at = 0usize;
    for (out, &len) in outs.iter_mut().zip(lens) {
        let mut sizes = input.sizes.to_vec();
        sizes[d] = len;
        view_into(op, input, out, &sizes, &st, at as isize * st[d])?;
        at += len;
    }
    Ok(())
}

/// `aten::split_with_sizes_copy.out(Tensor self, SymInt[] split_sizes, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn split_with_sizes_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let sizes = crate::util::sizes_from_i64(op, call.int_list(1)?)?;
    let dim = call.int(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "split of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    split_into(op, &input, d, &sizes, outs)
}

/// `aten::split_copy.Tensor_out(Tensor self, SymInt split_size, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn split_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let split = call.int(1)?;
    let dim = call.int(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "split of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    let size = input.sizes[d];
    let split = usize::try_from(split)
        .map_err(|_| Error::InvalidArgument { op, detail: format!("bad split size {split}") })?;
    let lens: Vec<usize> = if split == 0 {
        if size != 0 {
            return Err(Error::InvalidArgument {
                op,
                detail: "split size 0 of a non-empty dimension".into(),
            });
        }
        vec![0; outs.len()]
    } else {
        let count = size.div_ceil(split).max(1);
        (0..count).map(|i| split.min(size.saturating_sub(i * split))).collect()
    };
    split_into(op, &input, d, &lens, outs)
}

/// `aten::unbind_copy.int_out(Tensor self, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn unbind_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "unbind of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    if outs.len() != input.sizes[d] {
        return Err(Error::ArgumentCount { op, expected: input.sizes[d], found: outs.len() });
    }
    let (sizes, strides, step) = without_dim(input.sizes, d);
    for (i, out) in outs.iter_mut().enumerate() {
        view_into(op, &input, out, &sizes, &strides, i as isize * step)?;
    }
    Ok(())
}

/// `aten::constant_pad_nd.out(Tensor self, SymInt[] pad, Scalar value=0, *, Tensor(a!) out)`.
fn constant_pad_nd(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let pad = call.int_list(1)?.to_vec();
    let value = call.scalar(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
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

fn pixel_common(call: &mut KernelCall<'_>, shuffle: bool) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let r = call.int(1)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let rank = input.dim();
    if rank < 3 || r <= 0 {
        return Err(Error::InvalidArgument { op, detail: format!("factor {r} on rank {rank}") });
    }
    let r = r as usize;
    let lead = &input.sizes[..rank - 3];
    let (c, h, w) = (input.sizes[rank - 3], input.sizes[rank - 2], input.sizes[rank - 1]);
    let b: usize = lead.iter().product();
    let (sizes6, strides6, out_tail) = if shuffle {
        if c % (r * r) != 0 {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("channels {c} not divisible by {}", r * r),
            });
        }
        let oc = c / (r * r);
        // input viewed as [b, oc, r, r, h, w] -> out [b, oc, h, r, w, r]
        let st = istrides(&[b, oc, r, r, h, w]);
        (
            vec![b, oc, h, r, w, r],
            vec![st[0], st[1], st[4], st[2], st[5], st[3]],
            [oc, h * r, w * r],
        )
    } else {
        if h % r != 0 || w % r != 0 {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("spatial size {h}x{w} not divisible by {r}"),
            });
        }
        let (oh, ow) = (h / r, w / r);
        // input viewed as [b, c, oh, r, ow, r] -> out [b, c, r, r, oh, ow]
        let st = istrides(&[b, c, oh, r, ow, r]);
        (
            vec![b, c, r, r, oh, ow],
            vec![st[0], st[1], st[3], st[5], st[2], st[4]],
            [c * r * r, oh, ow],
        )
    };
    let mut out_sizes = lead.to_vec();
    out_sizes.extend_from_slice(&out_tail);
    let out = one_out(op, outs)?;
    same_dtype(op, input.dtype, out.dtype)?;
    out.resize(&out_sizes)?;
    let src = in_bytes(op, &input)?;
    strided_copy(op, out.bytes_mut(), src, input.dtype.element_size(), &sizes6, &strides6, 0)
}

/// `aten::pixel_shuffle.out(Tensor self, int upscale_factor, *, Tensor(a!) out)`.
fn pixel_shuffle(call: &mut KernelCall<'_>) -> Result<()> {
    pixel_common(call, true)
}

/// `aten::pixel_unshuffle.out(Tensor self, int downscale_factor, *, Tensor(a!) out)`.
fn pixel_unshuffle(call: &mut KernelCall<'_>) -> Result<()> {
    pixel_common(call, false)
}

/// `aten::repeat.out(Tensor self, SymInt[] repeats, *, Tensor(a!) out)`.
fn repeat(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let reps = crate::util::sizes_from_i64(op, call.int_list(1)?)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    same_dtype(op, input.dtype, out.dtype)?;
    if reps.len() < input.dim() {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{} repeats for rank {}", reps.len(), input.dim()),
        });
    }
    let lead = reps.len() - input.dim();
    let mut in_sizes = vec![1usize; lead];
    in_sizes.extend_from_slice(input.sizes);
    let sizes: Vec<usize> = in_sizes
        .iter()
        .zip(&reps)
        .map(|(&s, &r)| s.checked_mul(r))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::InvalidArgument { op, detail: "size overflow".into() })?;
    checked_numel(op, &sizes)?;
    out.resize(&sizes)?;
    // View as [r0, s0, r1, s1, ...] with stride 0 on the repeat dims.
    let st = istrides(&in_sizes);
    let mut s2 = Vec::new();
    let mut t2 = Vec::new();
    for d in 0..sizes.len() {
        s2.push(reps[d]);
        t2.push(0);
        s2.push(in_sizes[d]);
        t2.push(st[d]);
    }
    let src = in_bytes(op, &input)?;
    strided_copy(op, out.bytes_mut(), src, input.dtype.element_size(), &s2, &t2, 0)
}

/// `aten::flip.out(Tensor self, int[] dims, *, Tensor(a!) out)`.
fn flip(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dims = call.int_list(1)?.to_vec();
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let rank = input.dim();
    let mut strides = istrides(input.sizes);
    let mut base = 0isize;
    let mut seen = vec![false; rank.max(1)];
    for &d in &dims {
        let d = normalize_dim(op, d, rank)?;
        if std::mem::replace(&mut seen[d], true) {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("repeated dimension in {dims:?}"),
            });
        }
        if rank > 0 && input.sizes[d] > 0 {
            base += (input.sizes[d] as isize - 1) * strides[d];
            strides[d] = -strides[d];
        }
    }
    view_into(op, &input, one_out(op, outs)?, input.sizes, &strides, base)
}

/// `aten::roll.out(Tensor self, SymInt[1] shifts, int[1] dims=[], *, Tensor(a!) out)`.
fn roll(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let shifts = call.int_list(1)?.to_vec();
    let dims = call.int_list(2)?.to_vec();
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    same_dtype(op, input.dtype, out.dtype)?;
    out.resize(input.sizes)?;
    let rank = input.dim();
    // Flattened roll when dims is empty.
    let (sizes, mut shift): (Vec<usize>, Vec<i64>) = if dims.is_empty() {
        if shifts.len() != 1 {
            return Err(Error::InvalidArgument {
                op,
                detail: "roll without dims takes one shift".into(),
            });
        }
        (vec![input.numel()], vec![shifts[0]])
    } else {
        if shifts.len() != dims.len() {
            return Err(Error::InvalidArgument {
                op,
                detail: "shifts and dims differ in length".into(),
            });
        }
        let mut sh = vec![0i64; rank.max(1)];
        for (&s, &d) in shifts.iter().zip(&dims) {
            let d = normalize_dim(op, d, rank)?;
            sh[d] = sh[d].wrapping_add(s);
        }
        (if rank == 0 { vec![1] } else { input.sizes.to_vec() }, sh)
    };
    for (s, &n) in shift.iter_mut().zip(&sizes) {
        *s = if n == 0 { 0 } else { s.rem_euclid(n as i64) };
    }
    let es = input.dtype.element_size();
    let src = in_bytes(op, &input)?;
    let st = contiguous_strides(&sizes);
    let n = input.numel();
    let dst = out.bytes_mut();
    let mut idx = vec![0usize; sizes.len()];
    for o in 0..n {
        // out[idx] = in[(idx - shift) mod size]
        let mut io = 0usize;
        for d in 0..sizes.len() {
            let k = (idx[d] + sizes[d] - shift[d] as usize) % sizes[d];
            io += k * st[d];
        }
        dst[o * es..(o + 1) * es].copy_from_slice(&src[io * es..(io + 1) * es]);
        next_index(&mut idx, &sizes);
    }
    Ok(())
}

fn check_dim_order(op: &'static str, order: Option<&[i64]>, rank: usize) -> Result<()> {
    if let Some(o) = order {
        if o.len() != rank || o.iter().enumerate().any(|(i, &d)| d != i as i64) {
            return Err(Error::NotSupported {
                op,
                detail: format!("dim order {o:?} (only contiguous)"),
            });
        }
    }
    Ok(())
}

fn copy_convert(op: &'static str, call: &mut KernelCall<'_>, same_type: bool) -> Result<()> {
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    if same_type {
        same_dtype(op, input.dtype, out.dtype)?;
    }
    out.resize(input.sizes)?;
    convert_into(op, &input, out)
}

/// `dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out)`.
fn clone_dim_order(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_dim_order(op, call.opt_int_list(2)?, call.tensor(0)?.dim())?;
    copy_convert(op, call, true)
}

/// `dim_order_ops::_to_dim_order_copy.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out)`.
fn to_dim_order_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_dim_order(op, call.opt_int_list(2)?, call.tensor(0)?.dim())?;
    copy_convert(op, call, false)
}

fn check_memory_format(op: &'static str, call: &KernelCall<'_>, i: usize) -> Result<()> {
    match call.opt_int(i)? {
        None | Some(0) | Some(1) => Ok(()),
        Some(m) => Err(Error::NotSupported { op, detail: format!("memory format {m}") }),
    }
}

/// `aten::clone.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out)`.
fn clone(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    check_memory_format(op, call, 1)?;
    copy_convert(op, call, true)
}

/// `aten::_to_copy.out(Tensor self, *, bool non_blocking=False, MemoryFormat? memory_format=None, Tensor(a!) out)`.
fn to_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_memory_format(op, call, 2)?;
    copy_convert(op, call, false)
}

/// `aten::copy_(Tensor(a!) self, Tensor src, bool non_blocking=False)`: `src` broadcast to
/// `self` and converted to its type.
fn copy_(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    if !matches!(call.args.first(), Some(Arg::Out(0))) {
        return Err(Error::ArgumentKind {
            op,
            index: 0,
            expected: "output tensor",
            found: call.args.first().map_or("nothing", Arg::kind_name),
        });
    }
    let (inp, outs) = call.split();
    let src = inp.tensor(1)?;
    broadcast_convert_into(op, &src, one_out(op, outs)?)
}

/// Writes `src` broadcast to `out`'s current sizes and converted to its type.
pub(crate) fn broadcast_convert_into(
    op: &'static str,
    src: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let sizes = out.sizes().to_vec();
    if !broadcastable_to(src.sizes, &sizes) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("cannot broadcast {:?} to {sizes:?}", src.sizes),
        });
    }
    if checked_numel(op, src.sizes)? == checked_numel(op, &sizes)? {
        return convert_into(
            op,
            &TensorRef { dtype: src.dtype, sizes: &sizes, data: src.data },
            out,
        );
    }
    // Broadcast, then convert.
    let es = elem_size(op, src.dtype)?;
    let sb = in_bytes(op, src)?;
    let len = checked_numel(op, &sizes)? * es;
    let mut aligned = vec![0u64; len.div_ceil(8)];
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut aligned)[..len];
    let mut w = 0;
    for_each_broadcast(&sizes, [src.sizes], |[i]| {
        bytes[w..w + es].copy_from_slice(&sb[i * es..(i + 1) * es]);
        w += es;
    });
    let data = &bytemuck::cast_slice::<u64, u8>(&aligned)[..len];
    convert_into(op, &TensorRef { dtype: src.dtype, sizes: &sizes, data }, out)
}
