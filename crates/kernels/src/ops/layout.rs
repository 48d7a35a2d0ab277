//! Kernels: layout changes that move raw elements, whatever their type (views, permutes,
//! transposes, expand, squeeze/unsqueeze, pixel shuffles, repeat, flip, roll).

use super::convert::same_dtype;

use crate::args::{KernelCall, Signature};
use crate::engine::strided::{istrides, strided_copy};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, TensorMut, TensorRef};
use crate::util::{
    checked_numel, in_bytes, next_index, normalize_dim, normalize_insert_dim, one_out,
};

/// `aten::view_copy.out(Tensor self, SymInt[] size, *, Tensor(a!) out)` and
/// `aten::_unsafe_view.out`.
const VIEW: Signature = &["self", "size", "out"];

/// `aten::permute_copy.out(Tensor self, int[] dims, *, Tensor(a!) out)`.
const PERMUTE: Signature = &["self", "dims", "out"];

/// `aten::transpose_copy.int_out(Tensor self, int dim0, int dim1, *, Tensor(a!) out)`.
const TRANSPOSE: Signature = &["self", "dim0", "dim1", "out"];

/// `aten::t_copy.out(Tensor self, *, Tensor(a!) out)` and `aten::squeeze_copy.out`.
const UNARY: Signature = &["self", "out"];

/// `aten::expand_copy.out(Tensor self, SymInt[] size, *, bool implicit=False, Tensor(a!) out)`.
const EXPAND: Signature = &["self", "size", "implicit", "out"];

/// `aten::unsqueeze_copy.out(Tensor self, int dim, *, Tensor(a!) out)`,
/// `aten::squeeze_copy.dim_out` and `aten::squeeze_copy.dims_out` (`int[] dim`).
const ONE_DIM: Signature = &["self", "dim", "out"];

/// `aten::pixel_shuffle.out(Tensor self, int upscale_factor, *, Tensor(a!) out)`.
const PIXEL_SHUFFLE: Signature = &["self", "upscale_factor", "out"];

/// `aten::pixel_unshuffle.out(Tensor self, int downscale_factor, *, Tensor(a!) out)`.
const PIXEL_UNSHUFFLE: Signature = &["self", "downscale_factor", "out"];

/// `aten::repeat.out(Tensor self, SymInt[] repeats, *, Tensor(a!) out)`.
const REPEAT: Signature = &["self", "repeats", "out"];

/// `aten::flip.out(Tensor self, int[] dims, *, Tensor(a!) out)`.
const FLIP: Signature = &["self", "dims", "out"];

/// `aten::roll.out(Tensor self, SymInt[1] shifts, int[1] dims=[], *, Tensor(a!) out)`.
const ROLL: Signature = &["self", "shifts", "dims", "out"];

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
    ("aten::pixel_shuffle.out", pixel_shuffle),
    ("aten::pixel_unshuffle.out", pixel_unshuffle),
    ("aten::repeat.out", repeat),
    ("aten::flip.out", flip),
    ("aten::roll.out", roll),
];

/// Resizes `out` to `sizes` and fills it with a strided view of `input`.
pub(super) fn view_into(
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
    let (args, outs) = call.bind(VIEW)?;
    let size = args.int_list("size")?;
    let input = args.tensor("self")?;
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
    let (args, outs) = call.bind(PERMUTE)?;
    let dims = args.int_list("dims")?;
    let input = args.tensor("self")?;
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
    for &d in dims {
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
    let (args, outs) = call.bind(TRANSPOSE)?;
    let (d0, d1) = (args.int("dim0")?, args.int("dim1")?);
    let input = args.tensor("self")?;
    transpose_impl(op, &input, one_out(op, outs)?, d0, d1)
}

/// `aten::t_copy.out(Tensor self, *, Tensor(a!) out)`.
fn t_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    let input = args.tensor("self")?;
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
    let (args, outs) = call.bind(EXPAND)?;
    let size = args.int_list("size")?;
    let input = args.tensor("self")?;
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
    let (args, outs) = call.bind(ONE_DIM)?;
    let dim = args.int("dim")?;
    let input = args.tensor("self")?;
    let d = normalize_insert_dim(op, dim, input.dim())?;
    let mut sizes = input.sizes.to_vec();
    sizes.insert(d, 1);
    contiguous_into(op, &input, one_out(op, outs)?, &sizes)
}

fn squeeze_impl(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    dims: Option<&[i64]>,
) -> Result<()> {
    let rank = input.dim();
    let mut drop = vec![false; rank];
    match dims {
        None => drop.iter_mut().zip(input.sizes).for_each(|(d, &s)| *d = s == 1),
        Some(list) => {
            for &d in list {
                let d = normalize_dim(op, d, rank)?;
                if rank > 0 && input.sizes[d] == 1 {
                    drop[d] = true;
                }
            }
        }
    }
    let sizes: Vec<usize> =
        input.sizes.iter().zip(&drop).filter(|(_, &d)| !d).map(|(&s, _)| s).collect();
    contiguous_into(op, input, out, &sizes)
}

/// `aten::squeeze_copy.dims_out(Tensor self, int[] dim, *, Tensor(a!) out)`.
fn squeeze_copy_dims(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ONE_DIM)?;
    let dims = args.int_list("dim")?;
    squeeze_impl(op, &args.tensor("self")?, one_out(op, outs)?, Some(dims))
}

/// `aten::squeeze_copy.dim_out(Tensor self, int dim, *, Tensor(a!) out)`.
fn squeeze_copy_dim(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ONE_DIM)?;
    let dim = args.int("dim")?;
    squeeze_impl(op, &args.tensor("self")?, one_out(op, outs)?, Some(&[dim]))
}

/// `aten::squeeze_copy.out(Tensor self, *, Tensor(a!) out)`.
fn squeeze_copy_all(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    squeeze_impl(op, &args.tensor("self")?, one_out(op, outs)?, None)
}

fn pixel_common(call: &mut KernelCall<'_>, shuffle: bool) -> Result<()> {
    let op = call.op;
    let (sig, factor) = if shuffle {
        (PIXEL_SHUFFLE, "upscale_factor")
    } else {
        (PIXEL_UNSHUFFLE, "downscale_factor")
    };
    let (args, outs) = call.bind(sig)?;
    let r = args.int(factor)?;
    let input = args.tensor("self")?;
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
    let (args, outs) = call.bind(REPEAT)?;
    let reps = crate::util::sizes_from_i64(op, args.int_list("repeats")?)?;
    let input = args.tensor("self")?;
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
    let (args, outs) = call.bind(FLIP)?;
    let dims = args.int_list("dims")?;
    let input = args.tensor("self")?;
    let rank = input.dim();
    let mut strides = istrides(input.sizes);
    let mut base = 0isize;
    let mut seen = vec![false; rank.max(1)];
    for &d in dims {
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
    let (args, outs) = call.bind(ROLL)?;
    let shifts = args.int_list("shifts")?;
    let dims = args.int_list("dims")?;
    let input = args.tensor("self")?;
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
        for (&s, &d) in shifts.iter().zip(dims) {
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
