//! Kernels: matrix products (`mm`, `bmm`, `addmm`, `linear`), f32 through the checked f32
//! gemm of [`crate::arch`]. Also the small helpers the other gemm-side families (conv, pool,
//! norm, upsample) share: checked f32 views of inputs and outputs.
//!
//! Other float types follow the official kernels. `mm`, `bmm` and `linear` are the
//! optimized library's (the official runtime registers them over the portable ones). Its
//! blas has no f16/bf16 kernel: a plain loop takes each output as a dot product summed in
//! f32 into four running sums, rounded once to the type. pterun converts the operands to
//! f32 and computes the same dot products in the same order ([`dot4`]) rather than calling
//! the f32 gemm, whose blocking sums in another order: the results then match the official
//! runtime's bit for bit. (The `gemm` crate's own f16 kernels do not build for aarch64,
//! see Cargo.toml, and would round differently anyway.) f64 goes to a real blas there
//! (unknown summation order), so f64 products here are plain f64 loops. `addmm` is the
//! portable kernel, which computes in the element type itself, rounding every product and
//! partial sum; [`product_in`] does the same.

use pterun_core::ScalarType;

use super::typed::{elems, elems_mut, same_dtype, store, widen, widen_opt, with_wide_or_half};
use crate::arch::{gemm_f32, simd, GemmError, MatMut, MatRef};
use crate::args::{KernelCall, Signature};
use crate::dtype::RoundedFloat;
use crate::error::{Error, Result};
use crate::matmul::ROW_DOT_MAX_ROWS;
use crate::registry::KernelDef;
use crate::tensor::{numel, TensorMut, TensorRef};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::mm.out", mm),
    ("aten::bmm.out", bmm),
    ("aten::addmm.out", addmm),
    ("aten::linear.out", linear),
];

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

/// The elements of an f32 input, checked to be exactly as many as its sizes say.
pub(super) fn f32_in<'a>(op: &'static str, t: &TensorRef<'a>) -> Result<&'a [f32]> {
    let data = t.as_slice::<f32>(op)?;
    match numel(t.sizes) {
        Some(n) if n == data.len() => Ok(data),
        _ => Err(Error::ShapeMismatch {
            op,
            detail: format!("tensor of sizes {:?} holds {} elements", t.sizes, data.len()),
        }),
    }
}

/// The elements of an f32 output at its current sizes, checked to be all there.
pub(super) fn f32_out<'o>(op: &'static str, out: &'o mut TensorMut<'_>) -> Result<&'o mut [f32]> {
    let sizes = out.sizes().to_vec();
    let want = numel(&sizes);
    let data = out.as_mut_slice::<f32>(op)?;
    match want {
        Some(n) if n == data.len() => Ok(data),
        _ => Err(Error::ShapeMismatch {
            op,
            detail: format!("output of sizes {sizes:?} has room for {} elements", data.len()),
        }),
    }
}

/// Requires an input's element type to be f32 (the only type these kernels implement).
pub(super) fn require_f32(op: &'static str, t: &TensorRef<'_>) -> Result<()> {
    if t.dtype == ScalarType::Float {
        Ok(())
    } else {
        Err(Error::UnsupportedDtype { op, dtype: t.dtype })
    }
}

/// `a * b` for sizes; overflow is an `InvalidArgument` error.
pub(super) fn mul(op: &'static str, a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b)
        .ok_or_else(|| Error::InvalidArgument { op, detail: format!("size {a} x {b} overflows") })
}

/// A gemm view or product refused: a bug in the calling kernel's shape arithmetic.
pub(super) fn gemm_error(op: &'static str) -> impl Fn(GemmError) -> Error {
    move |e| Error::InvalidArgument { op, detail: format!("internal matrix view: {e}") }
}

/// `dst[m, n] (+)= scale * lhs[m, k] x rhs[k, n]`, all row-major.
pub(super) fn matmul_rm(
    op: &'static str,
    dst: &mut [f32],
    lhs: &[f32],
    rhs: &[f32],
    [m, k, n]: [usize; 3],
    accumulate: bool,
) -> Result<()> {
    let err = gemm_error(op);
    let dst = MatMut::row_major(dst, m, n).map_err(&err)?;
    let lhs = MatRef::row_major(lhs, m, k).map_err(&err)?;
    let rhs = MatRef::row_major(rhs, k, n).map_err(&err)?;
    gemm_f32(dst, lhs, rhs, 1.0, accumulate).map_err(err)
}

/// `dst[m, n] += lhs[m, k] x rhs[k, n]` (row-major) in `T`'s own arithmetic, each output
/// summed over `k` in order, as the portable kernels' `sum += x * y` loops do (for f16 and
/// bf16 every product and partial sum is rounded to the type).
pub(super) fn product_in<T: RoundedFloat>(
    dst: &mut [T],
    lhs: &[T],
    rhs: &[T],
    [m, k, n]: [usize; 3],
) {
    if n == 0 {
        return;
    }
    for (d, x_row) in dst.chunks_exact_mut(n).zip(lhs.chunks_exact(k.max(1))).take(m) {
        for (&a, r) in x_row.iter().zip(rhs.chunks_exact(n)).take(k) {
            for (y, &b) in d.iter_mut().zip(r) {
                *y = *y + a * b;
            }
        }
    }
}

/// The optimized blas's dot product for f16/bf16 (`cpublas::sum` in f32): element `l` of a
/// run of four full groups goes into running sum `l % 4`, the tail into sum 0, then sums 1,
/// 2 and 3 are added to sum 0 in that order. Four lanes: the compiler vectorises it.
fn dot4(a: &[f32], b: &[f32]) -> f32 {
    let mut p = [0f32; 4];
    let full = a.len().min(b.len()) / 4 * 4;
    for (x, y) in a[..full].chunks_exact(4).zip(b[..full].chunks_exact(4)) {
        for t in 0..4 {
            p[t] += x[t] * y[t];
        }
    }
    for (x, y) in a[full..].iter().zip(&b[full..]) {
        p[0] += x * y;
    }
    p[0] + p[1] + p[2] + p[3]
}

/// `dst[m, n] = lhs[m, k] x rhs[n, k]^T` in f32 by [`dot4`] (f16/bf16 operands widened).
fn dots4(dst: &mut [f32], lhs: &[f32], rhs: &[f32], [m, k, n]: [usize; 3]) {
    if n == 0 {
        return;
    }
    for (d, x_row) in dst.chunks_exact_mut(n).zip(lhs.chunks_exact(k.max(1))).take(m) {
        for (y, w_row) in d.iter_mut().zip(rhs.chunks_exact(k.max(1))) {
            *y = dot4(&x_row[..k], &w_row[..k]);
        }
    }
}

/// The transpose of a row-major `[rows, cols]` matrix.
fn transposed(x: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut t = vec![0f32; x.len()];
    for (i, row) in x.chunks_exact(cols.max(1)).enumerate().take(rows) {
        for (j, &v) in row.iter().enumerate() {
            t[j * rows + i] = v;
        }
    }
    t
}

/// `dst[m, n] += lhs[m, k] x rhs[n, k]^T` in f64, each output a dot product of two rows.
fn dots_f64(dst: &mut [f64], lhs: &[f64], rhs: &[f64], [m, k, n]: [usize; 3]) {
    if n == 0 {
        return;
    }
    for (d, x_row) in dst.chunks_exact_mut(n).zip(lhs.chunks_exact(k.max(1))).take(m) {
        for (y, w_row) in d.iter_mut().zip(rhs.chunks_exact(k.max(1))) {
            let dot: f64 = x_row.iter().zip(w_row).take(k).map(|(a, b)| a * b).sum();
            *y += dot;
        }
    }
}

fn single_out<'o, 'a>(
    op: &'static str,
    outs: &'o mut [TensorMut<'a>],
) -> Result<&'o mut TensorMut<'a>> {
    let found = outs.len();
    match outs {
        [out] => Ok(out),
        _ => Err(Error::ArgumentCount { op, expected: 1, found }),
    }
}

fn rank(op: &'static str, what: &str, t: &TensorRef<'_>, want: usize) -> Result<()> {
    if t.dim() == want {
        Ok(())
    } else {
        Err(Error::ShapeMismatch {
            op,
            detail: format!("{what} must be {want}-D, found sizes {:?}", t.sizes),
        })
    }
}

/// `[m, k, n]` of the product of matrices `a` (argument `a_name`) `[m, k]` and `b`
/// (`mat2`) `[k, n]`.
fn product_dims(
    op: &'static str,
    a_name: &str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
) -> Result<[usize; 3]> {
    rank(op, a_name, a, 2)?;
    rank(op, "mat2", b, 2)?;
    let (m, k, n) = (a.sizes[0], a.sizes[1], b.sizes[1]);
    if b.sizes[0] != k {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("cannot multiply {:?} by {:?}", a.sizes, b.sizes),
        });
    }
    Ok([m, k, n])
}

// ---------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------

/// `aten::mm.out(Tensor self, Tensor mat2, *, Tensor(a!) out)` and `aten::bmm.out`.
const PRODUCT: Signature = &["self", "mat2", "out"];

/// `aten::addmm.out(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1,
/// Tensor(a!) out)`.
const ADDMM: Signature = &["self", "mat1", "mat2", "beta", "alpha", "out"];

/// `aten::linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out)`.
const LINEAR: Signature = &["input", "weight", "bias", "out"];

/// `aten::mm.out(Tensor self, Tensor mat2, *, Tensor(a!) out)`.
fn mm(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(PRODUCT)?;
    let (a, b) = (args.tensor("self")?, args.tensor("mat2")?);
    let out = single_out(op, outs)?;
    let [m, k, n] = product_dims(op, "self", &a, &b)?;
    out.resize(&[m, n])?;
    if a.dtype != ScalarType::Float || b.dtype != ScalarType::Float {
        return matmul_typed(op, &a, &b, out, 1, [m, k, n]);
    }
    let (x, y) = (f32_in(op, &a)?, f32_in(op, &b)?);
    matmul_rm(op, f32_out(op, out)?, x, y, [m, k, n], false)
}

/// `batch` matrix products `[m, k] x [k, n]` of a type other than f32: f16/bf16 in f32
/// rounded once, f64 in f64, integers exactly (see [`matmul_integer`]).
fn matmul_typed(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    batch: usize,
    [m, k, n]: [usize; 3],
) -> Result<()> {
    same_dtype(op, a.dtype, &[Some(b), Some(&out.as_ref())])?;
    let (sa, sb, sd) = (mul(op, m, k)?, mul(op, k, n)?, mul(op, m, n)?);
    match a.dtype {
        ScalarType::Half | ScalarType::BFloat16 => {
            let (x, y) = (widen::<f32>(op, a)?, widen::<f32>(op, b)?);
            let mut acc = vec![0f32; mul(op, batch, sd)?];
            for (i, d) in acc.chunks_exact_mut(sd.max(1)).enumerate().take(batch) {
                // In bounds: each operand holds batch x its matrix size elements (checked).
                let (l, r) = (&x[i * sa..(i + 1) * sa], &y[i * sb..(i + 1) * sb]);
                dots4(d, l, &transposed(r, k, n), [m, k, n]);
            }
            store(op, out, &acc)
        }
        ScalarType::Double => {
            let (x, y) = (elems::<f64>(op, a)?, elems::<f64>(op, b)?);
            let dst = elems_mut::<f64>(op, out)?;
            dst.fill(0.0);
            for (i, d) in dst.chunks_exact_mut(sd.max(1)).enumerate().take(batch) {
                product_in(d, &x[i * sa..(i + 1) * sa], &y[i * sb..(i + 1) * sb], [m, k, n]);
            }
            Ok(())
        }
        _ => matmul_integer(op, a, b, out, batch, [m, k, n]),
    }
}

/// Integer (and bool) matrix products: exact wrapping arithmetic, as the portable kernels'
/// C++ does. Rare in exported models, so a plain triple loop is enough.
fn matmul_integer(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    batch: usize,
    [m, k, n]: [usize; 3],
) -> Result<()> {
    if a.dtype != b.dtype || out.dtype != a.dtype {
        return Err(Error::UnsupportedDtype {
            op,
            dtype: if a.dtype != b.dtype { b.dtype } else { out.dtype },
        });
    }
    let dtype = a.dtype;
    if !crate::dtype::is_integer(dtype) && dtype != ScalarType::Bool {
        return Err(Error::UnsupportedDtype { op, dtype });
    }
    let (x, y) = (a.data, b.data);
    let dst = out.bytes_mut();
    let at = |t: &[u8], idx: usize| -> Result<i64> {
        crate::dtype::read_i64(dtype, t, idx).ok_or(Error::UnsupportedDtype { op, dtype })
    };
    for p in 0..batch {
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0i64;
                for l in 0..k {
                    let (ai, bi) = (at(x, (p * m + i) * k + l)?, at(y, (p * k + l) * n + j)?);
                    acc = acc.wrapping_add(ai.wrapping_mul(bi));
                }
                crate::dtype::write_i64(dtype, dst, (p * m + i) * n + j, acc)
                    .ok_or(Error::UnsupportedDtype { op, dtype })?;
            }
        }
    }
    Ok(())
}

/// `aten::bmm.out(Tensor self, Tensor mat2, *, Tensor(a!) out)`.
fn bmm(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(PRODUCT)?;
    let (a, b) = (args.tensor("self")?, args.tensor("mat2")?);
    let out = single_out(op, outs)?;
    rank(op, "self", &a, 3)?;
    rank(op, "mat2", &b, 3)?;
    let (batch, m, k, n) = (a.sizes[0], a.sizes[1], a.sizes[2], b.sizes[2]);
    if b.sizes[0] != batch || b.sizes[1] != k {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("cannot batch-multiply {:?} by {:?}", a.sizes, b.sizes),
        });
    }
    out.resize(&[batch, m, n])?;
    if a.dtype != ScalarType::Float || b.dtype != ScalarType::Float {
        return matmul_typed(op, &a, &b, out, batch, [m, k, n]);
    }
    let (x, y) = (f32_in(op, &a)?, f32_in(op, &b)?);
    let dst = f32_out(op, out)?;
    let (sa, sb, sd) = (mul(op, m, k)?, mul(op, k, n)?, mul(op, m, n)?);
    for i in 0..batch {
        // Slices in bounds: each tensor holds batch * (its matrix size) elements (checked).
        let d = &mut dst[i * sd..(i + 1) * sd];
        matmul_rm(op, d, &x[i * sa..(i + 1) * sa], &y[i * sb..(i + 1) * sb], [m, k, n], false)?;
    }
    Ok(())
}

/// Row and column strides of `bias` broadcast (NumPy rules) to a row-major `[m, n]`
/// matrix: `bias` may have rank 0, 1 or 2 with each dimension 1 or matching.
fn bias_strides(op: &'static str, s: &[usize], [m, n]: [usize; 2]) -> Result<(usize, usize)> {
    let bad =
        || Error::ShapeMismatch { op, detail: format!("{s:?} cannot be broadcast to [{m}, {n}]") };
    let (bm, bn) = match *s {
        [] => (1, 1),
        [bn] => (1, bn),
        [bm, bn] => (bm, bn),
        _ => return Err(bad()),
    };
    if (bm != 1 && bm != m) || (bn != 1 && bn != n) {
        return Err(bad());
    }
    Ok((usize::from(bm != 1) * bn, usize::from(bn != 1)))
}

/// Writes `scale * bias` broadcast (see [`bias_strides`]) to every row-major `[m, n]`
/// element of `dst`; `data` holds the elements of a bias of sizes `sizes`.
fn fill_broadcast(
    op: &'static str,
    dst: &mut [f32],
    [m, n]: [usize; 2],
    (data, sizes): (&[f32], &[usize]),
    scale: f32,
) -> Result<()> {
    let (rs, cs) = bias_strides(op, sizes, [m, n])?;
    for i in 0..m {
        for j in 0..n {
            // In bounds: i * rs + j * cs < numel(sizes) = data.len() by the broadcast check.
            dst[i * n + j] = data[i * rs + j * cs] * scale;
        }
    }
    Ok(())
}

/// `aten::addmm.out(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar
/// alpha=1, Tensor(a!) out)`: `out = beta * self + alpha * (mat1 x mat2)`, `self`
/// broadcast to `[m, n]`. Like ExecuTorch, `self` is multiplied even when beta is 0.
fn addmm(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(ADDMM)?;
    let (beta_f64, alpha_f64) = (args.scalar("beta")?.to_f64(), args.scalar("alpha")?.to_f64());
    let (beta, alpha) = (beta_f64 as f32, alpha_f64 as f32);
    let (c, a, b) = (args.tensor("self")?, args.tensor("mat1")?, args.tensor("mat2")?);
    let out = single_out(op, outs)?;
    let [m, k, n] = product_dims(op, "mat1", &a, &b)?;
    out.resize(&[m, n])?;
    if a.dtype != ScalarType::Float {
        same_dtype(op, a.dtype, &[Some(&b), Some(&c), Some(&out.as_ref())])?;
        return with_wide_or_half!(op, a.dtype, T => addmm_in::<T>(op, &c, &a, &b, out, [m, k, n], [beta_f64, alpha_f64]));
    }
    for t in [&c, &a, &b] {
        require_f32(op, t)?;
    }
    let (x, y) = (f32_in(op, &a)?, f32_in(op, &b)?);
    let dst = f32_out(op, out)?;
    fill_broadcast(op, dst, [m, n], (f32_in(op, &c)?, c.sizes), beta)?;
    if m <= ROW_DOT_MAX_ROWS && alpha == 1.0 {
        // A few rows: dot products of the columns of `mat2`, summed exactly as `linear`
        // sums the rows of its weight, so that the load-time rewrite of `addmm(bias, x,
        // permute_copy(W))` into `linear(x, W, bias)` changes no bit. The columns are
        // gathered once (the general product would pack them too).
        let mut columns = vec![0f32; mul(op, k, n)?];
        for (j, column) in columns.chunks_exact_mut(k.max(1)).enumerate().take(n) {
            for (kk, c) in column.iter_mut().enumerate() {
                // In bounds: kk < k, j < n, and `y` holds k * n elements.
                *c = y[kk * n + j];
            }
        }
        for (out_row, x_row) in dst.chunks_exact_mut(n.max(1)).zip(x.chunks_exact(k.max(1))).take(m)
        {
            simd::add_row_dots(out_row, &columns, x_row);
        }
        return Ok(());
    }
    let err = gemm_error(op);
    let d = MatMut::row_major(dst, m, n).map_err(&err)?;
    let (l, r) =
        (MatRef::row_major(x, m, k).map_err(&err)?, MatRef::row_major(y, k, n).map_err(&err)?);
    gemm_f32(d, l, r, alpha, true).map_err(err)
}

/// `addmm` in element type `T` (f16, bf16, f64), as the portable kernel computes it: each
/// product summed in `T` (rounded at every step for f16/bf16), then `sum * alpha + self *
/// beta` in `T`, with `alpha` and `beta` converted to `T` first.
fn addmm_in<T: RoundedFloat>(
    op: &'static str,
    c: &TensorRef<'_>,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    [m, k, n]: [usize; 3],
    [beta, alpha]: [f64; 2],
) -> Result<()> {
    let (x, y, bias) = (elems::<T>(op, a)?, elems::<T>(op, b)?, elems::<T>(op, c)?);
    let (rs, cs) = bias_strides(op, c.sizes, [m, n])?;
    let (beta, alpha) = (T::from_f64(beta), T::from_f64(alpha));
    let dst = elems_mut::<T>(op, out)?;
    dst.fill(T::zero());
    product_in(dst, x, y, [m, k, n]);
    for i in 0..m {
        for j in 0..n {
            // In bounds: i * rs + j * cs < bias.len() by the broadcast check.
            let d = &mut dst[i * n + j];
            *d = *d * alpha + bias[i * rs + j * cs] * beta;
        }
    }
    Ok(())
}

/// `aten::linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out)`:
/// `input [..., k]`, `weight [n, k]`, `bias [n]` (or broadcastable), `out [..., n]`.
fn linear(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(LINEAR)?;
    let (input, weight, bias) =
        (args.tensor("input")?, args.tensor("weight")?, args.opt_tensor("bias")?);
    let out = single_out(op, outs)?;
    rank(op, "weight", &weight, 2)?;
    let (n, k) = (weight.sizes[0], weight.sizes[1]);
    let Some((&ik, lead)) = input.sizes.split_last() else {
        return Err(Error::ShapeMismatch {
            op,
            detail: "input must have at least one dimension".into(),
        });
    };
    if ik != k {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("input {:?} does not match weight {:?}", input.sizes, weight.sizes),
        });
    }
    let m =
        numel(lead).ok_or_else(|| Error::InvalidArgument { op, detail: "size overflow".into() })?;
    let mut out_sizes = lead.to_vec();
    out_sizes.push(n);
    out.resize(&out_sizes)?;
    if let Some(b) = &bias {
        if b.dim() > 1 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("bias must be 1-D, found {:?}", b.sizes),
            });
        }
    }
    match input.dtype {
        ScalarType::Float => {
            require_f32(op, &weight)?;
            let (x, w) = (f32_in(op, &input)?, f32_in(op, &weight)?);
            let b = match &bias {
                Some(b) => {
                    require_f32(op, b)?;
                    Some((f32_in(op, b)?, b.sizes))
                }
                None => None,
            };
            linear_f32(op, x, w, b, [m, k, n], f32_out(op, out)?)
        }
        ScalarType::Half | ScalarType::BFloat16 => {
            // The optimized kernel: `bias + dot` in f32, rounded once.
            same_dtype(op, input.dtype, &[Some(&weight), bias.as_ref(), Some(&out.as_ref())])?;
            let (x, w) = (widen::<f32>(op, &input)?, widen::<f32>(op, &weight)?);
            let b = widen_opt::<f32>(op, bias.as_ref())?;
            let mut y = vec![0f32; mul(op, m, n)?];
            dots4(&mut y, &x, &w, [m, k, n]);
            if let (Some(data), Some(t)) = (b.as_deref(), bias.as_ref()) {
                add_bias(op, &mut y, [m, n], (data, t.sizes))?;
            }
            store(op, out, &y)
        }
        ScalarType::Double => {
            same_dtype(op, input.dtype, &[Some(&weight), bias.as_ref(), Some(&out.as_ref())])?;
            let (x, w) = (elems::<f64>(op, &input)?, elems::<f64>(op, &weight)?);
            let b = bias.as_ref().map(|b| elems::<f64>(op, b).map(|d| (d, b.sizes))).transpose()?;
            let dst = elems_mut::<f64>(op, out)?;
            dst.fill(0.0);
            dots_f64(dst, x, w, [m, k, n]);
            match b {
                Some(b) => add_bias(op, dst, [m, n], b),
                None => Ok(()),
            }
        }
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

/// `dst[i, j] = bias[i, j] + dst[i, j]`, the bias `(elements, sizes)` broadcast.
fn add_bias<T: RoundedFloat>(
    op: &'static str,
    dst: &mut [T],
    [m, n]: [usize; 2],
    (data, sizes): (&[T], &[usize]),
) -> Result<()> {
    let (rs, cs) = bias_strides(op, sizes, [m, n])?;
    for (i, row) in dst.chunks_exact_mut(n.max(1)).enumerate().take(m) {
        for (j, y) in row.iter_mut().enumerate() {
            // In bounds: i * rs + j * cs < data.len() by the broadcast check.
            *y = data[i * rs + j * cs] + *y;
        }
    }
    Ok(())
}

/// `linear` in f32 into `dst [m, n]`: `x [m, k]` times `w [n, k]` transposed, plus the
/// broadcast bias `(elements, sizes)` if any.
fn linear_f32(
    op: &'static str,
    x: &[f32],
    w: &[f32],
    bias: Option<(&[f32], &[usize])>,
    [m, k, n]: [usize; 3],
    dst: &mut [f32],
) -> Result<()> {
    let accumulate = match bias {
        Some(b) => {
            fill_broadcast(op, dst, [m, n], b, 1.0)?;
            true
        }
        None => false,
    };
    if m <= ROW_DOT_MAX_ROWS {
        // A few input rows: every output is a dot product of a weight row, which is
        // contiguous. The general product would repack the whole transposed weight first.
        if !accumulate {
            dst.fill(0.0);
        }
        return crate::matmul::add_weight_row_dots(dst, &x[..m * k], w, k, n);
    }
    let err = gemm_error(op);
    let d = MatMut::row_major(dst, m, n).map_err(&err)?;
    let (l, r) =
        (MatRef::row_major(x, m, k).map_err(&err)?, MatRef::row_major(w, n, k).map_err(&err)?.t());
    gemm_f32(d, l, r, 1.0, accumulate).map_err(err)
}
