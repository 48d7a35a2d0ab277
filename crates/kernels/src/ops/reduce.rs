//! Kernels: reductions over dimensions (sum, mean, amax, argmax, any, var...) and cumsum.
//! Sums (also inside mean and var) run in index order, as the official kernels add
//! ([`super::sum::ordered_sum`]): results are bit-identical to the official runtime's.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::dtype::{is_float, kind_of, with_compute, Compute, ComputeKind};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, TensorMut, TensorRef, MAX_RANK};
use crate::util::{normalize_dim, one_out, read_vec, write_vec};

use super::sum::ordered_sum;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::mean.out", mean_out),
    ("aten::mean.dtype_out", mean_dtype_out),
    ("aten::sum.IntList_out", sum_intlist_out),
    ("aten::sum.out", sum_out),
    ("aten::prod.int_out", prod_int_out),
    ("aten::prod.out", prod_out),
    ("aten::amax.out", amax_out),
    ("aten::amin.out", amin_out),
    ("aten::max.unary_out", max_unary_out),
    ("aten::min.unary_out", min_unary_out),
    ("aten::argmax.out", argmax_out),
    ("aten::argmin.out", argmin_out),
    ("aten::max.dim_max", max_dim),
    ("aten::min.dim_min", min_dim),
    ("aten::any.out", |call| any_all_overload(call, Reduced::Dim, true)),
    ("aten::any.all_out", |call| any_all_overload(call, Reduced::All, true)),
    ("aten::any.dims_out", |call| any_all_overload(call, Reduced::Dims, true)),
    ("aten::all.out", |call| any_all_overload(call, Reduced::Dim, false)),
    ("aten::all.all_out", |call| any_all_overload(call, Reduced::All, false)),
    ("aten::all.dims_out", |call| any_all_overload(call, Reduced::Dims, false)),
    ("aten::cumsum.out", cumsum_out),
    ("aten::var.correction_out", var_correction_out),
];

/// `aten::mean.out(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None,
/// Tensor(a!) out)`, also `sum.IntList_out` and `prod.int_out` (an `int dim`).
const DIMS_DTYPE: Signature = &["self", "dim", "keepdim", "dtype", "out"];

/// `aten::mean.dtype_out(Tensor self, *, ScalarType? dtype=None, Tensor(a!) out)`, also
/// `sum.out` and `prod.out`.
const ALL_DTYPE: Signature = &["self", "dtype", "out"];

/// `aten::amax.out(Tensor self, int[1] dim=[], bool keepdim=False, *, Tensor(a!) out)`,
/// also `amin`, `argmax`/`argmin` (`int? dim`) and `any.out`/`any.dims_out` (and `all`).
const DIMS: Signature = &["self", "dim", "keepdim", "out"];

/// `aten::max.unary_out(Tensor self, *, Tensor(a!) out)`, also `min.unary_out` and
/// `any.all_out`/`all.all_out`.
const ALL: Signature = &["self", "out"];

/// `aten::max.dim_max(Tensor self, int dim, bool keepdim=False, *, Tensor(a!) max,
/// Tensor(b!) max_values)`.
const MAX_DIM: Signature = &["self", "dim", "keepdim", "max", "max_values"];

/// `aten::min.dim_min(Tensor self, int dim, bool keepdim=False, *, Tensor(a!) min,
/// Tensor(b!) min_indices)`.
const MIN_DIM: Signature = &["self", "dim", "keepdim", "min", "min_indices"];

/// `aten::cumsum.out(Tensor self, int dim, *, ScalarType? dtype=None, Tensor(a!) out)`.
const CUMSUM: Signature = &["self", "dim", "dtype", "out"];

/// `aten::var.correction_out(Tensor self, int[1]? dim=None, *, Scalar? correction=None,
/// bool keepdim=False, Tensor(a!) out)`.
const VAR: Signature = &["self", "dim", "correction", "keepdim", "out"];

/// Where the elements of each reduction live: output sizes, the base offset of every output
/// element and the offsets of the reduced elements relative to it.
pub(crate) struct Plan {
    pub out_sizes: Vec<usize>,
    pub bases: Vec<usize>,
    pub offsets: Vec<usize>,
}

/// Plans a reduction of `sizes` over `dims` (`None` or empty: every dimension).
pub(crate) fn plan(
    op: &'static str,
    sizes: &[usize],
    dims: Option<&[i64]>,
    keepdim: bool,
) -> Result<Plan> {
    let rank = sizes.len();
    let mut reduce = vec![false; rank];
    match dims {
        Some(list) if !list.is_empty() => {
            for &d in list {
                let d = normalize_dim(op, d, rank)?;
                if rank > 0 {
                    if reduce[d] {
                        return Err(Error::InvalidArgument {
                            op,
                            detail: format!("dimension {d} repeated in {list:?}"),
                        });
                    }
                    reduce[d] = true;
                }
            }
        }
        _ => reduce.iter_mut().for_each(|r| *r = true),
    }
    let strides = contiguous_strides(sizes);
    let mut out_sizes = Vec::new();
    let (mut kept_dims, mut red_dims) = (Vec::new(), Vec::new());
    for d in 0..rank {
        if reduce[d] {
            red_dims.push(d);
            if keepdim {
                out_sizes.push(1);
            }
        } else {
            kept_dims.push(d);
            out_sizes.push(sizes[d]);
        }
    }
    let offsets_of = |dims: &[usize]| -> Vec<usize> {
        let mut offs = vec![0usize];
        for &d in dims {
            let mut next = Vec::with_capacity(offs.len() * sizes[d]);
            for &o in &offs {
                for k in 0..sizes[d] {
                    next.push(o + k * strides[d]);
                }
            }
            offs = next;
        }
        offs
    };
    Ok(Plan { out_sizes, bases: offsets_of(&kept_dims), offsets: offsets_of(&red_dims) })
}

fn float_out_kind(op: &'static str, dtype: ScalarType) -> Result<ComputeKind> {
    match kind_of(op, dtype)? {
        k @ (ComputeKind::F32 | ComputeKind::F64) => Ok(k),
        _ => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

fn check_dtype_arg(op: &'static str, dtype: Option<ScalarType>, out: ScalarType) -> Result<()> {
    match dtype {
        Some(d) if d != out => Err(Error::InvalidArgument {
            op,
            detail: format!("dtype {d} differs from the output's {out}"),
        }),
        _ => Ok(()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Acc {
    Sum,
    Prod,
}

/// Sums or products of `input` over `dims` (`None`: all) into `out`, in the output's type.
fn accumulate(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    dims: Option<&[i64]>,
    keepdim: bool,
    dtype: Option<ScalarType>,
    acc: Acc,
) -> Result<()> {
    check_dtype_arg(op, dtype, out.dtype)?;
    kind_of(op, input.dtype)?;
    let p = plan(op, input.sizes, dims, keepdim)?;
    out.resize(&p.out_sizes)?;
    let n = p.offsets.len();
    with_compute!(kind_of(op, out.dtype)?, T => {
        let x = read_vec::<T>(op, input)?;
        let vals: Vec<T> = p.bases.iter().map(|&b| match acc {
            Acc::Prod => p.offsets.iter().fold(<T as Compute>::from_i64(1), |a, &o| a.mul(x[b + o])),
            Acc::Sum => ordered_sum(n, &|k| x[b + p.offsets[k]]),
        }).collect();
        write_vec(op, out, &vals)
    })
}

/// `aten::mean.out`.
fn mean_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIMS_DTYPE)?;
    let dims = args.opt_int_list("dim")?;
    let (keepdim, dtype) = (args.bool("keepdim")?, args.opt_dtype("dtype")?);
    mean_impl(op, &args.tensor("self")?, one_out(op, outs)?, dims, keepdim, dtype)
}

fn mean_impl(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    dims: Option<&[i64]>,
    keepdim: bool,
    dtype: Option<ScalarType>,
) -> Result<()> {
    // Sum in the output's float type, then divide (in that type).
    check_dtype_arg(op, dtype, out.dtype)?;
    kind_of(op, input.dtype)?;
    if mean_trailing_f32(op, input, out, dims, keepdim)? {
        return Ok(());
    }
    let p = plan(op, input.sizes, dims, keepdim)?;
    out.resize(&p.out_sizes)?;
    let n = p.offsets.len();
    match float_out_kind(op, out.dtype)? {
        ComputeKind::F64 => write_vec(op, out, &means(&read_vec::<f64>(op, input)?, &p, n as f64)),
        _ => write_vec(op, out, &means(&read_vec::<f32>(op, input)?, &p, n as f32)),
    }
}

/// Per output of `p`: the sum of its `n` inputs in index order divided by `n`, in `T`.
fn means<T: Compute + std::ops::Div<Output = T>>(x: &[T], p: &Plan, n: T) -> Vec<T> {
    let count = p.offsets.len();
    p.bases.iter().map(|&b| ordered_sum(count, &|k| x[b + p.offsets[k]]) / n).collect()
}

/// Per output of `p`: the sum of squared deviations from the mean (both sums in order)
/// over `denom`, in `T`; `n` is the input count.
fn variances<T>(x: &[T], p: &Plan, n: T, denom: T) -> Vec<T>
where
    T: Compute + std::ops::Div<Output = T> + std::ops::Sub<Output = T> + std::ops::Mul<Output = T>,
{
    let count = p.offsets.len();
    p.bases
        .iter()
        .map(|&b| {
            let at = |k: usize| x[b + p.offsets[k]];
            let mean = ordered_sum(count, &at) / n;
            ordered_sum(count, &|k| (at(k) - mean) * (at(k) - mean)) / denom
        })
        .collect()
}

/// The mean of `f32` data over its trailing dimensions (global average pooling), read in
/// place: each output is the ordered `f32` sum of one contiguous row divided by its length,
/// the same operations as the general path. Returns `false`, having written nothing, when
/// the reduction is of another form.
fn mean_trailing_f32(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    dims: Option<&[i64]>,
    keepdim: bool,
) -> Result<bool> {
    let rank = input.sizes.len();
    let Some(dims) = dims.filter(|d| !d.is_empty() && rank > 0) else {
        return Ok(false);
    };
    if rank > MAX_RANK {
        return Ok(false);
    }
    let mut reduce = [false; MAX_RANK];
    for &d in dims {
        let d = normalize_dim(op, d, rank)?;
        if reduce[d] {
            return Ok(false); // the general path names the repeated dimension
        }
        reduce[d] = true;
    }
    let first = rank - dims.len();
    if !reduce[first..rank].iter().all(|&r| r) || out.dtype != ScalarType::Float {
        return Ok(false);
    }
    let Some(x) = f32::native(input.dtype, input.data) else {
        return Ok(false);
    };
    let inner: usize = input.sizes[first..].iter().product();
    let outer: usize = input.sizes[..first].iter().product();
    if x.len() != inner * outer || inner == 0 {
        return Ok(false);
    }
    let mut out_sizes: Vec<usize> = input.sizes[..first].to_vec();
    if keepdim {
        out_sizes.resize(rank, 1);
    }
    out.resize(&out_sizes)?;
    let Some(y) = f32::native_mut(out.dtype, out.bytes_mut()).filter(|y| y.len() == outer) else {
        return Ok(false);
    };
    let n = inner as f32;
    for (row, dst) in x.chunks_exact(inner).zip(y.iter_mut()) {
        *dst = ordered_sum(row.len(), &|i| row[i]) / n;
    }
    Ok(true)
}

/// `aten::mean.dtype_out`.
fn mean_dtype_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ALL_DTYPE)?;
    let dtype = args.opt_dtype("dtype")?;
    mean_impl(op, &args.tensor("self")?, one_out(op, outs)?, None, false, dtype)
}

/// `aten::sum.IntList_out`.
fn sum_intlist_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIMS_DTYPE)?;
    let dims = args.opt_int_list("dim")?;
    let (keepdim, dtype) = (args.bool("keepdim")?, args.opt_dtype("dtype")?);
    accumulate(op, &args.tensor("self")?, one_out(op, outs)?, dims, keepdim, dtype, Acc::Sum)
}

/// `aten::sum.out`.
fn sum_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ALL_DTYPE)?;
    let dtype = args.opt_dtype("dtype")?;
    accumulate(op, &args.tensor("self")?, one_out(op, outs)?, None, false, dtype, Acc::Sum)
}

/// `aten::prod.int_out(Tensor self, int dim, bool keepdim=False, *, ScalarType? dtype=None,
/// Tensor(a!) out)`.
fn prod_int_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIMS_DTYPE)?;
    let dim = args.int("dim")?;
    let (keepdim, dtype) = (args.bool("keepdim")?, args.opt_dtype("dtype")?);
    let input = args.tensor("self")?;
    accumulate(op, &input, one_out(op, outs)?, Some(&[dim]), keepdim, dtype, Acc::Prod)
}

/// `aten::prod.out`.
fn prod_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ALL_DTYPE)?;
    let dtype = args.opt_dtype("dtype")?;
    accumulate(op, &args.tensor("self")?, one_out(op, outs)?, None, false, dtype, Acc::Prod)
}

fn no_empty_reduction(op: &'static str, p: &Plan) -> Result<()> {
    if p.offsets.is_empty() && !p.bases.is_empty() {
        return Err(Error::InvalidArgument {
            op,
            detail: "reduction over an empty dimension".into(),
        });
    }
    Ok(())
}

/// amax/amin: NaN propagates.
fn extreme(call: &mut KernelCall<'_>, max: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIMS)?;
    let dims = args.int_list("dim")?;
    let keepdim = args.bool("keepdim")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    let p = plan(op, input.sizes, Some(dims), keepdim)?;
    no_empty_reduction(op, &p)?;
    out.resize(&p.out_sizes)?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, &input)?;
        let vals: Vec<T> = p.bases.iter().map(|&b| arg_extreme(&x, b, &p.offsets, max).1).collect();
        write_vec(op, out, &vals)
    })
}

/// `max.unary_out` / `min.unary_out`: the extreme of all elements, as a 0-dim tensor.
fn extreme_all(call: &mut KernelCall<'_>, max: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ALL)?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if input.numel() == 0 {
        return Err(Error::InvalidArgument { op, detail: "reduction of an empty tensor".into() });
    }
    out.resize(&[])?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, &input)?;
        write_vec(op, out, &[extreme_of(x[0], x[1..].iter().copied(), max).1])
    })
}

fn max_unary_out(call: &mut KernelCall<'_>) -> Result<()> {
    extreme_all(call, true)
}

fn min_unary_out(call: &mut KernelCall<'_>) -> Result<()> {
    extreme_all(call, false)
}

fn amax_out(call: &mut KernelCall<'_>) -> Result<()> {
    extreme(call, true)
}
fn amin_out(call: &mut KernelCall<'_>) -> Result<()> {
    extreme(call, false)
}

/// Index (within the reduced elements at `base + offsets[k]` of `x`, at least one: the
/// caller checked) and value of the max/min; see [`extreme_of`].
fn arg_extreme<T: Compute>(x: &[T], base: usize, offsets: &[usize], max: bool) -> (usize, T) {
    extreme_of(x[base + offsets[0]], offsets[1..].iter().map(|&o| x[base + o]), max)
}

/// Index and value of the max/min of `first` and then `rest`: the first NaN wins, ties keep
/// the first.
fn extreme_of<T: Compute>(first: T, rest: impl Iterator<Item = T>, max: bool) -> (usize, T) {
    let mut best = (0, first);
    for (k, v) in rest.enumerate() {
        if best.1.is_nan() {
            break;
        }
        if v.is_nan() || (max && v > best.1) || (!max && v < best.1) {
            best = (k + 1, v);
        }
    }
    best
}

/// argmax/argmin: `(Tensor self, int? dim=None, bool keepdim=False, *, Tensor(a!) out)`.
fn arg(call: &mut KernelCall<'_>, max: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIMS)?;
    let dim = args.opt_int("dim")?;
    let keepdim = args.bool("keepdim")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if out.dtype != ScalarType::Long {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    let p = match dim {
        Some(d) => plan(op, input.sizes, Some(&[d]), keepdim)?,
        None => {
            let mut p = plan(op, input.sizes, None, keepdim)?;
            if !keepdim {
                p.out_sizes.clear();
            }
            p
        }
    };
    no_empty_reduction(op, &p)?;
    if input.numel() == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "argmax/argmin of an empty tensor".into(),
        });
    }
    out.resize(&p.out_sizes)?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, &input)?;
        let vals: Vec<i64> = p.bases.iter().map(|&b| arg_extreme(&x, b, &p.offsets, max).0 as i64).collect();
        write_vec(op, out, &vals)
    })
}

fn argmax_out(call: &mut KernelCall<'_>) -> Result<()> {
    arg(call, true)
}
fn argmin_out(call: &mut KernelCall<'_>) -> Result<()> {
    arg(call, false)
}

/// `aten::max.dim_max` and `aten::min.dim_min`: values and their indices.
fn dim_values_indices(call: &mut KernelCall<'_>, max: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(if max { MAX_DIM } else { MIN_DIM })?;
    let dim = args.int("dim")?;
    let keepdim = args.bool("keepdim")?;
    let input = args.tensor("self")?;
    let [values, indices] = outs else {
        return Err(Error::ArgumentCount { op, expected: 2, found: outs.len() });
    };
    if indices.dtype != ScalarType::Long {
        return Err(Error::UnsupportedDtype { op, dtype: indices.dtype });
    }
    let p = plan(op, input.sizes, Some(&[dim]), keepdim)?;
    no_empty_reduction(op, &p)?;
    values.resize(&p.out_sizes)?;
    indices.resize(&p.out_sizes)?;
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, &input)?;
        let r: Vec<(usize, T)> = p.bases.iter().map(|&b| arg_extreme(&x, b, &p.offsets, max)).collect();
        let v: Vec<T> = r.iter().map(|e| e.1).collect();
        let i: Vec<i64> = r.iter().map(|e| e.0 as i64).collect();
        write_vec(op, values, &v)?;
        write_vec(op, indices, &i)
    })
}

fn max_dim(call: &mut KernelCall<'_>) -> Result<()> {
    dim_values_indices(call, true)
}
fn min_dim(call: &mut KernelCall<'_>) -> Result<()> {
    dim_values_indices(call, false)
}

fn truthy(op: &'static str, t: &TensorRef<'_>) -> Result<Vec<bool>> {
    if is_float(t.dtype) {
        Ok(read_vec::<f64>(op, t)?.into_iter().map(|v| v != 0.0).collect())
    } else {
        Ok(read_vec::<i64>(op, t)?.into_iter().map(|v| v != 0).collect())
    }
}

fn any_all(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    dims: Option<&[i64]>,
    keepdim: bool,
    any: bool,
) -> Result<()> {
    let p = plan(op, input.sizes, dims, keepdim)?;
    out.resize(&p.out_sizes)?;
    let x = truthy(op, input)?;
    let vals: Vec<i64> = p
        .bases
        .iter()
        .map(|&b| if any { p.offsets.iter().any(|&o| x[b + o]) } else { p.offsets.iter().all(|&o| x[b + o]) } as i64)
        .collect();
    write_vec(op, out, &vals)
}

/// Which argument of an `any`/`all` overload names the reduced dimensions.
#[derive(Clone, Copy)]
enum Reduced {
    /// `.out(Tensor self, int dim, bool keepdim=False, *, Tensor(a!) out)`.
    Dim,
    /// `.all_out(Tensor self, *, Tensor(a!) out)`: every dimension.
    All,
    /// `.dims_out(Tensor self, int[]? dim=None, bool keepdim=False, *, Tensor(a!) out)`.
    Dims,
}

/// Reads the arguments of an `any` (`any = true`) or `all` overload and reduces.
fn any_all_overload(call: &mut KernelCall<'_>, reduced: Reduced, any: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(if let Reduced::All = reduced { ALL } else { DIMS })?;
    let one_dim;
    let (dims, keepdim) = match reduced {
        Reduced::All => (None, false),
        Reduced::Dim => {
            one_dim = [args.int("dim")?];
            (Some(&one_dim[..]), args.bool("keepdim")?)
        }
        Reduced::Dims => (args.opt_int_list("dim")?, args.bool("keepdim")?),
    };
    any_all(op, &args.tensor("self")?, one_out(op, outs)?, dims, keepdim, any)
}

/// `aten::cumsum.out(Tensor self, int dim, *, ScalarType? dtype=None, Tensor(a!) out)`:
/// accumulates in the output's type.
fn cumsum_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CUMSUM)?;
    let dim = args.int("dim")?;
    let dtype = args.opt_dtype("dtype")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    check_dtype_arg(op, dtype, out.dtype)?;
    kind_of(op, input.dtype)?;
    let d = normalize_dim(op, dim, input.dim())?;
    out.resize(input.sizes)?;
    let (outer, size, inner) = crate::ops::activation::outer_dim_inner(input.sizes, d);
    with_compute!(kind_of(op, out.dtype)?, T => {
        let mut x = read_vec::<T>(op, &input)?;
        for o in 0..outer {
            for i in 0..inner {
                let base = o * size * inner + i;
                for k in 1..size {
                    x[base + k * inner] = x[base + (k - 1) * inner].add(x[base + k * inner]);
                }
            }
        }
        write_vec(op, out, &x)
    })
}

/// `aten::var.correction_out`.
fn var_correction_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(VAR)?;
    let dims = args.opt_int_list("dim")?;
    let correction = args.opt_scalar("correction")?.map_or(1.0, |s| s.to_f64());
    let keepdim = args.bool("keepdim")?;
    let input = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if !is_float(input.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    let p = plan(op, input.sizes, dims, keepdim)?;
    out.resize(&p.out_sizes)?;
    let n = p.offsets.len() as f64;
    let denom = (n - correction).max(0.0);
    match float_out_kind(op, out.dtype)? {
        ComputeKind::F64 => {
            write_vec(op, out, &variances(&read_vec::<f64>(op, &input)?, &p, n, denom))
        }
        _ => {
            let x = read_vec::<f32>(op, &input)?;
            write_vec(op, out, &variances(&x, &p, n as f32, denom as f32))
        }
    }
}
