//! Kernels: matrix products (`mm`, `bmm`, `addmm`, `linear`), all through the checked f32
//! gemm of [`crate::arch`]. Also the small helpers the other gemm-side families (conv, pool,
//! norm, upsample) share: checked f32 views of inputs and outputs.

use pterun_core::ScalarType;

use crate::arch::{gemm_f32, simd, GemmError, MatMut, MatRef};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::{add, Registry};
use crate::tensor::{numel, TensorMut, TensorRef};

pub(crate) fn register(registry: &mut Registry) {
    add(
        registry,
        &[
            ("aten::mm.out", mm),
            ("aten::bmm.out", bmm),
            ("aten::addmm.out", addmm),
            ("aten::linear.out", linear),
        ],
    );
}

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

// ---------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------

/// `aten::mm.out(Tensor self, Tensor mat2, *, Tensor(a!) out)`.
fn mm(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::mm.out";
    call.expect_args(3)?;
    let (inputs, outs) = call.split();
    let (a, b) = (inputs.tensor(0)?, inputs.tensor(1)?);
    let out = single_out(OP, outs)?;
    rank(OP, "self", &a, 2)?;
    rank(OP, "mat2", &b, 2)?;
    let (m, k, n) = (a.sizes[0], a.sizes[1], b.sizes[1]);
    if b.sizes[0] != k {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("cannot multiply {:?} by {:?}", a.sizes, b.sizes),
        });
    }
    out.resize(&[m, n])?;
    if a.dtype != ScalarType::Float || b.dtype != ScalarType::Float {
        return matmul_generic(OP, &a, &b, out, 1, [m, k, n]);
    }
    let (x, y) = (f32_in(OP, &a)?, f32_in(OP, &b)?);
    matmul_rm(OP, f32_out(OP, out)?, x, y, [m, k, n], false)
}

/// Matrix products of the other element types (integers, f64, f16): exact integer
/// arithmetic (wrapping, as the portable kernels' C++ does) or f64 accumulation. These are
/// rare in exported models, so a plain triple loop is enough.
fn matmul_generic(
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
    let integer = crate::dtype::is_integer(dtype) || dtype == ScalarType::Bool;
    if !integer && !crate::dtype::is_float(dtype) {
        return Err(Error::UnsupportedDtype { op, dtype });
    }
    let (x, y) = (a.data, b.data);
    let dst = out.bytes_mut();
    for p in 0..batch {
        for i in 0..m {
            for j in 0..n {
                let at = |t: &[u8], idx: usize| -> Result<(i64, f64)> {
                    let iv = crate::dtype::read_i64(dtype, t, idx)
                        .ok_or(Error::UnsupportedDtype { op, dtype })?;
                    let fv = crate::dtype::read_f64(dtype, t, idx)
                        .ok_or(Error::UnsupportedDtype { op, dtype })?;
                    Ok((iv, fv))
                };
                let (mut acc_i, mut acc_f) = (0i64, 0f64);
                for l in 0..k {
                    let (ai, af) = at(x, (p * m + i) * k + l)?;
                    let (bi, bf) = at(y, (p * k + l) * n + j)?;
                    acc_i = acc_i.wrapping_add(ai.wrapping_mul(bi));
                    acc_f += af * bf;
                }
                let index = (p * m + i) * n + j;
                let written = if integer {
                    crate::dtype::write_i64(dtype, dst, index, acc_i)
                } else {
                    crate::dtype::write_f64(dtype, dst, index, acc_f)
                };
                written.ok_or(Error::UnsupportedDtype { op, dtype })?;
            }
        }
    }
    Ok(())
}

/// `aten::bmm.out(Tensor self, Tensor mat2, *, Tensor(a!) out)`.
fn bmm(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::bmm.out";
    call.expect_args(3)?;
    let (inputs, outs) = call.split();
    let (a, b) = (inputs.tensor(0)?, inputs.tensor(1)?);
    let out = single_out(OP, outs)?;
    rank(OP, "self", &a, 3)?;
    rank(OP, "mat2", &b, 3)?;
    let (batch, m, k, n) = (a.sizes[0], a.sizes[1], a.sizes[2], b.sizes[2]);
    if b.sizes[0] != batch || b.sizes[1] != k {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("cannot batch-multiply {:?} by {:?}", a.sizes, b.sizes),
        });
    }
    out.resize(&[batch, m, n])?;
    if a.dtype != ScalarType::Float || b.dtype != ScalarType::Float {
        return matmul_generic(OP, &a, &b, out, batch, [m, k, n]);
    }
    let (x, y) = (f32_in(OP, &a)?, f32_in(OP, &b)?);
    let dst = f32_out(OP, out)?;
    let (sa, sb, sd) = (mul(OP, m, k)?, mul(OP, k, n)?, mul(OP, m, n)?);
    for i in 0..batch {
        // Slices in bounds: each tensor holds batch * (its matrix size) elements (checked).
        let d = &mut dst[i * sd..(i + 1) * sd];
        matmul_rm(OP, d, &x[i * sa..(i + 1) * sa], &y[i * sb..(i + 1) * sb], [m, k, n], false)?;
    }
    Ok(())
}

/// Writes `scale * bias` broadcast (NumPy rules) to every row-major `[m, n]` element of
/// `dst`. `bias` may have rank 0, 1 or 2 with each dimension 1 or matching.
fn fill_broadcast(
    op: &'static str,
    dst: &mut [f32],
    [m, n]: [usize; 2],
    bias: &TensorRef<'_>,
    scale: f32,
) -> Result<()> {
    let data = f32_in(op, bias)?;
    let s = bias.sizes;
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
    let (rs, cs) = (usize::from(bm != 1) * bn, usize::from(bn != 1));
    for i in 0..m {
        for j in 0..n {
            // In bounds: i * rs + j * cs < bm * bn = data.len() by the broadcast check.
            dst[i * n + j] = data[i * rs + j * cs] * scale;
        }
    }
    Ok(())
}

/// `aten::addmm.out(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar
/// alpha=1, Tensor(a!) out)`: `out = beta * self + alpha * (mat1 x mat2)`, `self`
/// broadcast to `[m, n]`. Like ExecuTorch, `self` is multiplied even when beta is 0.
fn addmm(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::addmm.out";
    call.expect_args(6)?;
    let beta = call.scalar(3)?.to_f64() as f32;
    let alpha = call.scalar(4)?.to_f64() as f32;
    let (inputs, outs) = call.split();
    let (c, a, b) = (inputs.tensor(0)?, inputs.tensor(1)?, inputs.tensor(2)?);
    let out = single_out(OP, outs)?;
    rank(OP, "mat1", &a, 2)?;
    rank(OP, "mat2", &b, 2)?;
    let (m, k, n) = (a.sizes[0], a.sizes[1], b.sizes[1]);
    if b.sizes[0] != k {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("cannot multiply {:?} by {:?}", a.sizes, b.sizes),
        });
    }
    out.resize(&[m, n])?;
    for t in [&c, &a, &b] {
        require_f32(OP, t)?;
    }
    let (x, y) = (f32_in(OP, &a)?, f32_in(OP, &b)?);
    let dst = f32_out(OP, out)?;
    fill_broadcast(OP, dst, [m, n], &c, beta)?;
    let err = gemm_error(OP);
    let d = MatMut::row_major(dst, m, n).map_err(&err)?;
    let (l, r) =
        (MatRef::row_major(x, m, k).map_err(&err)?, MatRef::row_major(y, k, n).map_err(&err)?);
    gemm_f32(d, l, r, alpha, true).map_err(err)
}

/// `aten::linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out)`:
/// `input [..., k]`, `weight [n, k]`, `bias [n]` (or broadcastable), `out [..., n]`.
fn linear(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::linear.out";
    call.expect_args(4)?;
    let (inputs, outs) = call.split();
    let (input, weight, bias) = (inputs.tensor(0)?, inputs.tensor(1)?, inputs.opt_tensor(2)?);
    let out = single_out(OP, outs)?;
    rank(OP, "weight", &weight, 2)?;
    let (n, k) = (weight.sizes[0], weight.sizes[1]);
    let Some((&ik, lead)) = input.sizes.split_last() else {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: "input must have at least one dimension".into(),
        });
    };
    if ik != k {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("input {:?} does not match weight {:?}", input.sizes, weight.sizes),
        });
    }
    let m = numel(lead)
        .ok_or_else(|| Error::InvalidArgument { op: OP, detail: "size overflow".into() })?;
    let mut out_sizes = lead.to_vec();
    out_sizes.push(n);
    out.resize(&out_sizes)?;
    require_f32(OP, &input)?;
    require_f32(OP, &weight)?;
    let (x, w) = (f32_in(OP, &input)?, f32_in(OP, &weight)?);
    let dst = f32_out(OP, out)?;
    let accumulate = match bias {
        Some(b) => {
            require_f32(OP, &b)?;
            if b.dim() > 1 {
                return Err(Error::ShapeMismatch {
                    op: OP,
                    detail: format!("bias must be 1-D, found {:?}", b.sizes),
                });
            }
            fill_broadcast(OP, dst, [m, n], &b, 1.0)?;
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
        for (out_row, x_row) in dst.chunks_exact_mut(n).zip(x.chunks_exact(k.max(1))).take(m) {
            simd::add_row_dots(out_row, w, x_row);
        }
        return Ok(());
    }
    let err = gemm_error(OP);
    let d = MatMut::row_major(dst, m, n).map_err(&err)?;
    let (l, r) =
        (MatRef::row_major(x, m, k).map_err(&err)?, MatRef::row_major(w, n, k).map_err(&err)?.t());
    gemm_f32(d, l, r, 1.0, accumulate).map_err(err)
}

/// Input rows up to which `linear` computes dot products of weight rows instead of calling
/// the general matrix product (batch-1 classifier heads are one row).
const ROW_DOT_MAX_ROWS: usize = 4;
