//! Kernels: normalisation (batch norm in inference, layer norm, group norm), with
//! ExecuTorch's precision choices: batch norm's inverse std in f64, layer norm's statistics
//! in f32 (`E[x^2] - E[x]^2`), group norm's statistics from f32 sums finished in f64. The
//! sums are pairwise ([`super::sum`]) rather than running sums.
//!
//! Other float types: batch norm computes in the element type itself (rounding every
//! operation for f16/bf16), as the portable kernel does; layer norm and group norm compute
//! f16/bf16 in f32 and round the results once, as the official kernels do. f64 computes in
//! f64 throughout, where the official layer and group norms sum doubles in a float and so
//! have only float precision (for f64 programs pterun is closer to eager PyTorch there).

use pterun_core::ScalarType;

use super::sum::{pairwise_sum, pairwise_sum_slice};
use super::typed::{compute_is_f64, elems, elems_mut, same_dtype, store, widen};
use crate::args::KernelCall;
use crate::dtype::{Compute, Element, RoundedFloat};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{numel, TensorMut, TensorRef};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::_native_batch_norm_legit_no_training.out", batch_norm_no_training),
    ("aten::native_layer_norm.out", layer_norm),
    ("aten::native_group_norm.out", group_norm),
];

/// A per-channel parameter of element type `T`: 1-D, `len` elements.
pub(super) fn vector<'a, T: Element>(
    op: &'static str,
    name: &str,
    t: TensorRef<'a>,
    len: usize,
) -> Result<&'a [T]> {
    if t.sizes != [len] {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{name} must have sizes [{len}], found {:?}", t.sizes),
        });
    }
    elems::<T>(op, &t)
}

/// An optional f32 per-channel parameter.
pub(super) fn opt_vector<'a>(
    op: &'static str,
    name: &str,
    t: Option<TensorRef<'a>>,
    len: usize,
) -> Result<Option<&'a [f32]>> {
    t.map(|t| vector::<f32>(op, name, t, len)).transpose()
}

fn three_outs<'o, 'a>(
    op: &'static str,
    outs: &'o mut [TensorMut<'a>],
) -> Result<[&'o mut TensorMut<'a>; 3]> {
    let found = outs.len();
    match outs {
        [a, b, c] => Ok([a, b, c]),
        _ => Err(Error::ArgumentCount { op, expected: 3, found }),
    }
}

/// `aten::_native_batch_norm_legit_no_training.out(Tensor input, Tensor? weight, Tensor?
/// bias, Tensor running_mean, Tensor running_var, float momentum, float eps, *, Tensor(a!)
/// out0, Tensor(b!) out1, Tensor(c!) out2)`. Channels are dimension 1; `out1` and `out2`
/// are resized to `[0]`.
fn batch_norm_no_training(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(10)?;
    let _momentum = call.double(5)?;
    let eps = call.double(6)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(1)?, inputs.opt_tensor(2)?);
    let (mean, var) = (inputs.tensor(3)?, inputs.tensor(4)?);
    let [out, save_mean, save_invstd] = three_outs(op, outs)?;
    out.resize(input.sizes)?;
    save_mean.resize(&[0])?;
    save_invstd.resize(&[0])?;
    if input.dim() < 2 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("input must have a channel dimension, found {:?}", input.sizes),
        });
    }
    let c = input.sizes[1];
    for t in [save_mean.dtype, save_invstd.dtype] {
        if t != input.dtype {
            return Err(Error::UnsupportedDtype { op, dtype: t });
        }
    }
    same_dtype(op, input.dtype, &[weight.as_ref(), bias.as_ref(), Some(&mean), Some(&var)])?;
    match input.dtype {
        ScalarType::Float => {
            batch_norm_in::<f32>(op, &input, [weight, bias, Some(mean), Some(var)], out, c, eps)
        }
        ScalarType::Double => {
            batch_norm_in::<f64>(op, &input, [weight, bias, Some(mean), Some(var)], out, c, eps)
        }
        ScalarType::Half => batch_norm_in::<half::f16>(
            op,
            &input,
            [weight, bias, Some(mean), Some(var)],
            out,
            c,
            eps,
        ),
        ScalarType::BFloat16 => batch_norm_in::<half::bf16>(
            op,
            &input,
            [weight, bias, Some(mean), Some(var)],
            out,
            c,
            eps,
        ),
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

/// Inference batch norm in element type `T`, over `c` channels (dimension 1):
/// `(x - mean) * invstd * weight + bias`, each operation in `T`, `invstd` computed in f64
/// and converted to `T` as the kernel's `CTYPE invstd = 1.0 / std::sqrt(var + eps)` does.
/// `params` are weight, bias, running mean and running variance.
fn batch_norm_in<T: RoundedFloat>(
    op: &'static str,
    input: &TensorRef<'_>,
    [weight, bias, mean, var]: [Option<TensorRef<'_>>; 4],
    out: &mut TensorMut<'_>,
    c: usize,
    eps: f64,
) -> Result<()> {
    let param = |name: &str, t: Option<TensorRef<'_>>| -> Result<Option<Vec<T>>> {
        t.map(|t| vector::<T>(op, name, t, c).map(<[T]>::to_vec)).transpose()
    };
    let (weight, bias) = (param("weight", weight)?, param("bias", bias)?);
    let missing = || Error::InvalidArgument { op, detail: "running statistics missing".into() };
    let mean = param("running_mean", mean)?.ok_or_else(missing)?;
    let var = param("running_var", var)?.ok_or_else(missing)?;
    let x = elems::<T>(op, input)?;
    let y = elems_mut::<T>(op, out)?;
    // inner = product of dimensions after C; x.len() = outer * c * inner.
    let inner = numel(&input.sizes[2..]).unwrap_or(0);
    if inner == 0 || c == 0 {
        return Ok(());
    }
    let (one, zero) = (T::from_f64(1.0), T::zero());
    for (i, (src, dst)) in x.chunks_exact(inner).zip(y.chunks_exact_mut(inner)).enumerate() {
        let ch = i % c;
        let invstd = T::from_f64(1.0 / (var[ch].to_f64() + eps).sqrt());
        let m = mean[ch];
        let (w, b) =
            (weight.as_ref().map_or(one, |w| w[ch]), bias.as_ref().map_or(zero, |b| b[ch]));
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = (s - m) * invstd * w + b;
        }
    }
    Ok(())
}

/// Resizes a norm's output to `input`'s sizes and its mean and rstd outputs to
/// `stat_sizes`, then checks that they and the affine parameters have `input`'s type.
fn resize_norm_outs(
    op: &'static str,
    input: &TensorRef<'_>,
    [weight, bias]: [&Option<TensorRef<'_>>; 2],
    [out, mean, rstd]: [&mut TensorMut<'_>; 3],
    stat_sizes: &[usize],
) -> Result<()> {
    out.resize(input.sizes)?;
    mean.resize(stat_sizes)?;
    rstd.resize(stat_sizes)?;
    let outs = [&out.as_ref(), &mean.as_ref(), &rstd.as_ref()];
    same_dtype(
        op,
        input.dtype,
        &[weight.as_ref(), bias.as_ref(), Some(outs[0]), Some(outs[1]), Some(outs[2])],
    )
}

/// `aten::native_layer_norm.out(Tensor input, SymInt[] normalized_shape, Tensor? weight,
/// Tensor? bias, float eps, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2)`.
/// `out1` (mean) and `out2` (rstd) have the leading dimensions followed by ones.
fn layer_norm(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(8)?;
    let shape = call.int_list(1)?.to_vec();
    let eps = call.double(4)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(2)?, inputs.opt_tensor(3)?);
    let [out, mean_out, rstd_out] = three_outs(op, outs)?;
    let rank = input.dim();
    if shape.is_empty() || shape.len() > rank {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("normalized_shape {shape:?} must have 1 to {rank} elements"),
        });
    }
    let lead = rank - shape.len();
    if input.sizes[lead..].iter().zip(&shape).any(|(&s, &n)| i64::try_from(s) != Ok(n)) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "normalized_shape {shape:?} does not end input sizes {:?}",
                input.sizes
            ),
        });
    }
    let norm_sizes = &input.sizes[lead..];
    for (name, t) in [("weight", &weight), ("bias", &bias)] {
        if let Some(t) = t {
            if t.sizes != norm_sizes {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "{name} sizes {:?} must equal normalized_shape {shape:?}",
                        t.sizes
                    ),
                });
            }
        }
    }
    let mut stat_sizes = input.sizes.to_vec();
    stat_sizes[lead..].fill(1);
    let dtype = input.dtype;
    let outs = [&mut *out, &mut *mean_out, &mut *rstd_out];
    resize_norm_outs(op, &input, [&weight, &bias], outs, &stat_sizes)?;
    let n = numel(norm_sizes).unwrap_or(0);
    if compute_is_f64(dtype) {
        let outs = [out, mean_out, rstd_out];
        layer_norm_widened::<f64>(op, &input, [weight, bias], outs, (n, eps), row_sums::<f64>)
    } else {
        let outs = [out, mean_out, rstd_out];
        layer_norm_widened::<f32>(
            op,
            &input,
            [weight, bias],
            outs,
            (n, eps as f32),
            row_sums::<f32>,
        )
    }
}

/// The sums of a row and of its squares, pairwise.
fn row_sums<T: Compute>(src: &[T]) -> (T, T) {
    (pairwise_sum_slice(src), pairwise_sum(src.len(), &|i| src[i].mul(src[i])))
}

/// Layer norm in compute type `A` (f32 for f32, f16 and bf16, f64 for f64) over rows of
/// `n` elements; f32 tensors are used in place, others widened and the results rounded.
fn layer_norm_widened<A: RoundedFloat>(
    op: &'static str,
    input: &TensorRef<'_>,
    [weight, bias]: [Option<TensorRef<'_>>; 2],
    [out, mean_out, rstd_out]: [&mut TensorMut<'_>; 3],
    (n, eps): (usize, A),
    sums: fn(&[A]) -> (A, A),
) -> Result<()> {
    let x = widen::<A>(op, input)?;
    let weight = weight.as_ref().map(|t| widen::<A>(op, t)).transpose()?;
    let bias = bias.as_ref().map(|t| widen::<A>(op, t)).transpose()?;
    let (weight, bias) = (weight.as_deref(), bias.as_deref());
    if input.dtype == A::DTYPE {
        let y = elems_mut::<A>(op, out)?;
        let means = elems_mut::<A>(op, mean_out)?;
        let rstds = elems_mut::<A>(op, rstd_out)?;
        layer_norm_rows(&x, weight, bias, [y, means, rstds], (n, eps), sums);
        return Ok(());
    }
    let rows = mean_out.numel();
    let mut y = vec![A::zero(); out.numel()];
    let (mut means, mut rstds) = (vec![A::zero(); rows], vec![A::zero(); rows]);
    layer_norm_rows(&x, weight, bias, [&mut y, &mut means, &mut rstds], (n, eps), sums);
    store(op, out, &y)?;
    store(op, mean_out, &means)?;
    store(op, rstd_out, &rstds)
}

/// The layer norm of each row of `n` elements of `x` (as `layer_norm_scalar`: `E[x^2] -
/// E[x]^2` statistics, `(x - mean) / std * w + b`), into `y` and the per-row statistics.
fn layer_norm_rows<A: RoundedFloat>(
    x: &[A],
    weight: Option<&[A]>,
    bias: Option<&[A]>,
    [y, means, rstds]: [&mut [A]; 3],
    (n, eps): (usize, A),
    sums: fn(&[A]) -> (A, A),
) {
    if means.is_empty() {
        return;
    }
    if n == 0 {
        means.fill(A::zero());
        rstds.fill(A::from_f64(f64::NAN));
        return;
    }
    let (zero, one, count) = (A::zero(), A::from_f64(1.0), A::from_f64(n as f64));
    for ((src, dst), (mean, rstd)) in
        x.chunks_exact(n).zip(y.chunks_exact_mut(n)).zip(means.iter_mut().zip(rstds.iter_mut()))
    {
        let (sum, sq_sum) = sums(src);
        let m = sum / count;
        let variance = sq_sum / count - m * m;
        let std = (variance + eps).sqrt();
        for (j, (d, &s)) in dst.iter_mut().zip(src).enumerate() {
            let (w, b) = (weight.map_or(one, |w| w[j]), bias.map_or(zero, |b| b[j]));
            *d = (s - m) / std * w + b;
        }
        *mean = m;
        *rstd = A::from_f64(1.0 / std.to_f64());
    }
}

/// `aten::native_group_norm.out(Tensor input, Tensor? weight, Tensor? bias, SymInt N,
/// SymInt C, SymInt HxW, int group, float eps, *, Tensor(a!) out0, Tensor(b!) out1,
/// Tensor(c!) out2)`. `out1` (mean) and `out2` (rstd) are `[N, group]`.
fn group_norm(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(11)?;
    let (n, c, hxw, group) = (call.int(3)?, call.int(4)?, call.int(5)?, call.int(6)?);
    let eps = call.double(7)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(1)?, inputs.opt_tensor(2)?);
    let [out, mean_out, rstd_out] = three_outs(op, outs)?;
    let size = |v: i64, name: &str| {
        usize::try_from(v)
            .map_err(|_| Error::InvalidArgument { op, detail: format!("{name} {v} is negative") })
    };
    let (n, c, hxw, group) =
        (size(n, "N")?, size(c, "C")?, size(hxw, "HxW")?, size(group, "group")?);
    if input.dim() < 2 || input.sizes[0] != n || input.sizes[1] != c {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("input {:?} does not start with N {n}, C {c}", input.sizes),
        });
    }
    if n.checked_mul(c).and_then(|v| v.checked_mul(hxw)) != Some(input.numel())
        || numel(input.sizes).is_none()
    {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "input {:?} does not hold N * C * HxW = {n} * {c} * {hxw} elements",
                input.sizes
            ),
        });
    }
    if group == 0 || c % group != 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("group {group} must be positive and divide C {c}"),
        });
    }
    let dtype = input.dtype;
    let outs = [&mut *out, &mut *mean_out, &mut *rstd_out];
    resize_norm_outs(op, &input, [&weight, &bias], outs, &[n, group])?;
    let shape = GroupShape { group, d: c / group, hxw };
    if compute_is_f64(dtype) {
        let outs = [out, mean_out, rstd_out];
        group_norm_widened::<f64>(op, &input, [weight, bias], outs, (shape, eps), row_sums::<f64>)
    } else {
        let outs = [out, mean_out, rstd_out];
        group_norm_widened::<f32>(op, &input, [weight, bias], outs, (shape, eps), row_sums::<f32>)
    }
}

/// Groups per sample, channels per group, elements per channel.
#[derive(Clone, Copy)]
struct GroupShape {
    group: usize,
    d: usize,
    hxw: usize,
}

/// Group norm in compute type `A` (f32 for f32, f16 and bf16, f64 for f64): sums in `A`,
/// statistics and outputs in f64, rounded to the output type once.
fn group_norm_widened<A: RoundedFloat>(
    op: &'static str,
    input: &TensorRef<'_>,
    [weight, bias]: [Option<TensorRef<'_>>; 2],
    [out, mean_out, rstd_out]: [&mut TensorMut<'_>; 3],
    (GroupShape { group, d, hxw }, eps): (GroupShape, f64),
    sums: fn(&[A]) -> (A, A),
) -> Result<()> {
    let c = group * d;
    let param = |name: &str, t: Option<TensorRef<'_>>| -> Result<Option<Vec<A>>> {
        t.map(|t| {
            if t.sizes != [c] {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!("{name} must have sizes [{c}], found {:?}", t.sizes),
                });
            }
            widen::<A>(op, &t).map(|v| v.into_owned())
        })
        .transpose()
    };
    let (weight, bias) = (param("weight", weight)?, param("bias", bias)?);
    let (weight, bias) = (weight.as_deref(), bias.as_deref());
    let x = widen::<A>(op, input)?;
    let shape = (GroupShape { group, d, hxw }, eps);
    if input.dtype == A::DTYPE {
        let y = elems_mut::<A>(op, out)?;
        let means = elems_mut::<A>(op, mean_out)?;
        let rstds = elems_mut::<A>(op, rstd_out)?;
        group_norm_rows(&x, [weight, bias], [y, means, rstds], shape, sums);
        return Ok(());
    }
    let rows = mean_out.numel();
    let mut y = vec![A::zero(); out.numel()];
    let (mut means, mut rstds) = (vec![A::zero(); rows], vec![A::zero(); rows]);
    group_norm_rows(&x, [weight, bias], [&mut y, &mut means, &mut rstds], shape, sums);
    store(op, out, &y)?;
    store(op, mean_out, &means)?;
    store(op, rstd_out, &rstds)
}

/// The group norm of each group of `d * hxw` elements of `x` into `y` and the per-group
/// statistics.
fn group_norm_rows<A: RoundedFloat>(
    x: &[A],
    [weight, bias]: [Option<&[A]>; 2],
    [y, means, rstds]: [&mut [A]; 3],
    (GroupShape { group, d, hxw }, eps): (GroupShape, f64),
    sums: fn(&[A]) -> (A, A),
) {
    let inner = d * hxw;
    if means.is_empty() {
        return;
    }
    if inner == 0 {
        means.fill(A::zero());
        rstds.fill(A::from_f64(f64::NAN));
    }
    for (i, ((src, dst), (mean, rstd))) in x
        .chunks_exact(inner.max(1))
        .zip(y.chunks_exact_mut(inner.max(1)))
        .zip(means.iter_mut().zip(rstds.iter_mut()))
        .enumerate()
        .filter(|_| inner > 0)
    {
        let (sum, sq_sum) = sums(src);
        let (sum, sq_sum) = (sum.to_f64(), sq_sum.to_f64());
        let m = sum / inner as f64;
        let variance = sq_sum / inner as f64 - m * m;
        let r = 1.0 / (variance + eps).sqrt();
        if weight.is_none() && bias.is_none() {
            for (o, &v) in dst.iter_mut().zip(src) {
                *o = A::from_f64((v.to_f64() - m) * r);
            }
        } else {
            let g = i % group;
            for j in 0..d {
                let ch = g * d + j;
                let scale = r * weight.map_or(1.0, |w| w[ch].to_f64());
                let shift = -scale * m + bias.map_or(0.0, |b| b[ch].to_f64());
                let (s, o) = (&src[j * hxw..(j + 1) * hxw], &mut dst[j * hxw..(j + 1) * hxw]);
                for (o, &v) in o.iter_mut().zip(s) {
                    *o = A::from_f64(scale * v.to_f64() + shift);
                }
            }
        }
        *mean = A::from_f64(m);
        *rstd = A::from_f64(r);
    }
}
