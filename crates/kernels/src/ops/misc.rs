//! Kernels: tensor factories (full, arange, zeros...), triangular masks, topk and sort.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Scalar};
use crate::dtype::{is_float, kind_of, with_compute, Compute};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{
    checked_numel, normalize_dim, one_out, read_vec, sizes_from_i64, write_vec, write_with,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::full.out", full),
    ("aten::full_like.out", full_like),
    ("aten::scalar_tensor.out", scalar_tensor),
    ("aten::arange.out", arange),
    ("aten::arange.start_out", arange_start),
    ("aten::zeros.out", zeros),
    ("aten::ones.out", ones),
    ("dim_order_ops::_empty_dim_order.out", empty_dim_order),
    ("aten::fill.Scalar_out", fill_scalar_out),
    ("aten::tril.out", tril),
    ("aten::triu.out", triu),
    ("aten::topk.values", topk),
    ("aten::sort.values", sort),
];

/// Fills every element of `out` (at its current sizes) with `value` converted to its type.
pub(crate) fn fill_scalar(op: &'static str, out: &mut TensorMut<'_>, value: Scalar) -> Result<()> {
    kind_of(op, out.dtype)?;
    match value {
        Scalar::Double(v) => {
            if !is_float(out.dtype) && !v.is_finite() {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("{v} does not fit a {} tensor", out.dtype),
                });
            }
            write_with(op, out, |_| v)
        }
        Scalar::Int(v) => write_with(op, out, |_| v),
        Scalar::Bool(v) => write_with(op, out, |_| v as i64),
    }
}

/// `aten::full.out(SymInt[] size, Scalar fill_value, *, Tensor(a!) out)`.
fn full(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let sizes = sizes_from_i64(op, call.int_list(0)?)?;
    let value = call.scalar(1)?;
    fill_new(op, call, &sizes, value)
}

/// The output resized to `sizes` (checked) and filled with `value`.
fn fill_new(
    op: &'static str,
    call: &mut KernelCall<'_>,
    sizes: &[usize],
    value: Scalar,
) -> Result<()> {
    checked_numel(op, sizes)?;
    let out = call.single_out()?;
    out.resize(sizes)?;
    fill_scalar(op, out, value)
}

/// `dim_order_ops::_empty_dim_order.out(SymInt[] size, *, int[]? dim_order=None,
/// Tensor(a!) out)`: only resizes; the contents are whatever the memory holds, as in the
/// portable kernel (programs overwrite them, circular padding for one). Like the portable
/// kernel, a dim order other than the output's is not an error.
fn empty_dim_order(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let sizes = sizes_from_i64(op, call.int_list(0)?)?;
    call.opt_int_list(1)?;
    checked_numel(op, &sizes)?;
    call.single_out()?.resize(&sizes)
}

/// `aten::full_like.out(Tensor self, Scalar fill_value, *, MemoryFormat? memory_format=None, Tensor(a!) out)`.
fn full_like(call: &mut KernelCall<'_>) -> Result<()> {
    fill_like(call, 4)
}

/// An output of `self`'s sizes filled with `value` (arguments 0 and 1 of `nargs`).
fn fill_like(call: &mut KernelCall<'_>, nargs: usize) -> Result<()> {
    let op = call.op;
    call.expect_args(nargs)?;
    let value = call.scalar(1)?;
    let sizes = call.tensor(0)?.sizes.to_vec();
    let out = call.single_out()?;
    out.resize(&sizes)?;
    fill_scalar(op, out, value)
}

/// `aten::scalar_tensor.out(Scalar s, *, Tensor(a!) out)`.
fn scalar_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let value = call.scalar(0)?;
    let out = call.single_out()?;
    out.resize(&[])?;
    fill_scalar(op, out, value)
}

fn zeros_ones(call: &mut KernelCall<'_>, v: i64) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let sizes = sizes_from_i64(op, call.int_list(0)?)?;
    fill_new(op, call, &sizes, Scalar::Int(v))
}

/// `aten::zeros.out(SymInt[] size, *, Tensor(a!) out)`.
fn zeros(call: &mut KernelCall<'_>) -> Result<()> {
    zeros_ones(call, 0)
}

/// `aten::ones.out(SymInt[] size, *, Tensor(a!) out)`.
fn ones(call: &mut KernelCall<'_>) -> Result<()> {
    zeros_ones(call, 1)
}

/// `aten::fill.Scalar_out(Tensor self, Scalar value, *, Tensor(a!) out)`.
fn fill_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    fill_like(call, 3)
}

fn arange_impl(
    op: &'static str,
    call: &mut KernelCall<'_>,
    start: Scalar,
    end: Scalar,
    step: Scalar,
) -> Result<()> {
    let out = call.single_out()?;
    kind_of(op, out.dtype)?;
    let all_int = [start, end, step].iter().all(|s| !matches!(s, Scalar::Double(_)));
    let (s, e, st) = (start.to_f64(), end.to_f64(), step.to_f64());
    if st == 0.0 || !s.is_finite() || !e.is_finite() || !st.is_finite() {
        return Err(Error::InvalidArgument { op, detail: format!("arange({s}, {e}, {st})") });
    }
    if (st > 0.0 && e < s) || (st < 0.0 && e > s) {
        return Err(Error::InvalidArgument {
            op,
            detail: "arange bounds inconsistent with step sign".into(),
        });
    }
    let n = if all_int {
        let (s, e, st) = (start.to_i64() as i128, end.to_i64() as i128, step.to_i64() as i128);
        let d = e - s;
        ((d + st - st.signum()) / st) as f64
    } else {
        ((e - s) / st).ceil()
    };
    if !(0.0..=(usize::MAX as f64 / 16.0)).contains(&n) {
        return Err(Error::InvalidArgument { op, detail: format!("arange of {n} elements") });
    }
    out.resize(&[n as usize])?;
    if all_int && !is_float(out.dtype) {
        let (s, st) = (start.to_i64(), step.to_i64());
        write_with(op, out, |i| s.wrapping_add(st.wrapping_mul(i as i64)))
    } else {
        write_with(op, out, |i| s + st * i as f64)
    }
}

/// `aten::arange.out(Scalar end, *, Tensor(a!) out)`.
fn arange(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let end = call.scalar(0)?;
    arange_impl(op, call, Scalar::Int(0), end, Scalar::Int(1))
}

/// `aten::arange.start_out(Scalar start, Scalar end, Scalar step=1, *, Tensor(a!) out)`.
fn arange_start(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let (s, e, st) = (call.scalar(0)?, call.scalar(1)?, call.scalar(2)?);
    arange_impl(op, call, s, e, st)
}

fn tri(call: &mut KernelCall<'_>, lower: bool) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let diag = call.int(1)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    if input.dim() < 2 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("needs rank >= 2, got {}", input.dim()),
        });
    }
    if input.dtype != out.dtype {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    out.resize(input.sizes)?;
    let r = input.dim();
    let (rows, cols) = (input.sizes[r - 2], input.sizes[r - 1]);
    with_compute!(kind_of(op, input.dtype)?, T => {
        let mut x = read_vec::<T>(op, &input)?;
        for (k, v) in x.iter_mut().enumerate() {
            let j = (k % cols.max(1)) as i64;
            let i = ((k / cols.max(1)) % rows.max(1)) as i64;
            let keep = if lower { j - i <= diag } else { j - i >= diag };
            if !keep {
                *v = T::zero();
            }
        }
        write_vec(op, out, &x)
    })
}

/// `aten::tril.out(Tensor self, int diagonal=0, *, Tensor(a!) out)`.
fn tril(call: &mut KernelCall<'_>) -> Result<()> {
    tri(call, true)
}

/// `aten::triu.out(Tensor self, int diagonal=0, *, Tensor(a!) out)`.
fn triu(call: &mut KernelCall<'_>) -> Result<()> {
    tri(call, false)
}

/// Orders values like PyTorch's sort: NaN is the largest value.
fn order<T: Compute>(a: T, b: T) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
    }
}

/// Sorts every line along `d`, keeping the first `k`; returns (values, indices, out sizes).
fn sort_lines<T: Compute>(
    x: &[T],
    sizes: &[usize],
    d: usize,
    k: usize,
    descending: bool,
) -> (Vec<T>, Vec<i64>, Vec<usize>) {
    let (outer, size, inner) = crate::ops::activation::outer_dim_inner(sizes, d);
    let mut out_sizes = sizes.to_vec();
    if !out_sizes.is_empty() {
        out_sizes[d] = k;
    }
    let mut vals = vec![T::zero(); outer * k * inner];
    let mut idxs = vec![0i64; outer * k * inner];
    let mut line: Vec<usize> = Vec::with_capacity(size);
    for o in 0..outer {
        for i in 0..inner {
            line.clear();
            line.extend(0..size);
            let at = |j: usize| x[(o * size + j) * inner + i];
            // Stable sort: equal elements keep their order.
            if descending {
                line.sort_by(|&a, &b| order(at(b), at(a)));
            } else {
                line.sort_by(|&a, &b| order(at(a), at(b)));
            }
            for (r, &j) in line.iter().take(k).enumerate() {
                vals[(o * k + r) * inner + i] = at(j);
                idxs[(o * k + r) * inner + i] = j as i64;
            }
        }
    }
    (vals, idxs, out_sizes)
}

/// `aten::topk.values(Tensor self, SymInt k, int dim=-1, bool largest=True, bool sorted=True, *, Tensor(a!) values, Tensor(b!) indices)`.
fn topk(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(7)?;
    let (k, dim, largest) = (call.int(1)?, call.int(2)?, call.bool(3)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let [values, indices] = outs else {
        return Err(Error::ArgumentCount { op, expected: 2, found: outs.len() });
    };
    let d = normalize_dim(op, dim, input.dim())?;
    let size = input.sizes.get(d).copied().unwrap_or(1);
    let k = usize::try_from(k)
        .ok()
        .filter(|&k| k <= size)
        .ok_or_else(|| Error::InvalidArgument { op, detail: format!("k={k} for size {size}") })?;
    sorted_into(op, &input, d, k, largest, values, indices)
}

/// The first `k` of each line of `input` along `d`, sorted (`descending` or not), into
/// `values` and their positions into `indices` (int64).
fn sorted_into(
    op: &'static str,
    input: &TensorRef<'_>,
    d: usize,
    k: usize,
    descending: bool,
    values: &mut TensorMut<'_>,
    indices: &mut TensorMut<'_>,
) -> Result<()> {
    if indices.dtype != ScalarType::Long {
        return Err(Error::UnsupportedDtype { op, dtype: indices.dtype });
    }
    with_compute!(kind_of(op, input.dtype)?, T => {
        let x = read_vec::<T>(op, input)?;
        let (v, i, sizes) = sort_lines(&x, input.sizes, d, k, descending);
        values.resize(&sizes)?;
        indices.resize(&sizes)?;
        write_vec(op, values, &v)?;
        write_vec(op, indices, &i)
    })
}

/// `aten::sort.values(Tensor self, int dim=-1, bool descending=False, *, Tensor(a!) values, Tensor(b!) indices)`.
fn sort(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let (dim, descending) = (call.int(1)?, call.bool(2)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let [values, indices] = outs else {
        return Err(Error::ArgumentCount { op, expected: 2, found: outs.len() });
    };
    let d = normalize_dim(op, dim, input.dim())?;
    let size = input.sizes.get(d).copied().unwrap_or(1);
    sorted_into(op, &input, d, size, descending, values, indices)
}
