//! Kernels: normalisation (batch norm in inference, layer norm, group norm), with
//! ExecuTorch's precision choices: batch norm's inverse std in f64, layer norm's statistics
//! in f32 (`E[x^2] - E[x]^2`), group norm's statistics from f32 sums finished in f64. The
//! f32 sums are pairwise ([`super::sum`]) rather than running sums.

use super::linalg::{f32_in, f32_out, require_f32};
use super::sum::{pairwise_sum, pairwise_sum_slice};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::{add, Registry};
use crate::tensor::{numel, TensorMut, TensorRef};

pub(crate) fn register(registry: &mut Registry) {
    add(
        registry,
        &[
            ("aten::_native_batch_norm_legit_no_training.out", batch_norm_no_training),
            ("aten::native_layer_norm.out", layer_norm),
            ("aten::native_group_norm.out", group_norm),
        ],
    );
}

/// A per-channel parameter: f32, 1-D, `len` elements.
pub(super) fn vector<'a>(
    op: &'static str,
    name: &str,
    t: TensorRef<'a>,
    len: usize,
) -> Result<&'a [f32]> {
    if t.sizes != [len] {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{name} must have sizes [{len}], found {:?}", t.sizes),
        });
    }
    require_f32(op, &t)?;
    f32_in(op, &t)
}

/// An optional per-channel parameter.
pub(super) fn opt_vector<'a>(
    op: &'static str,
    name: &str,
    t: Option<TensorRef<'a>>,
    len: usize,
) -> Result<Option<&'a [f32]>> {
    t.map(|t| vector(op, name, t, len)).transpose()
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
    const OP: &str = "aten::_native_batch_norm_legit_no_training.out";
    call.expect_args(10)?;
    let _momentum = call.double(5)?;
    let eps = call.double(6)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(1)?, inputs.opt_tensor(2)?);
    let (mean, var) = (inputs.tensor(3)?, inputs.tensor(4)?);
    let [out, save_mean, save_invstd] = three_outs(OP, outs)?;
    out.resize(input.sizes)?;
    save_mean.resize(&[0])?;
    save_invstd.resize(&[0])?;
    if input.dim() < 2 {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("input must have a channel dimension, found {:?}", input.sizes),
        });
    }
    let c = input.sizes[1];
    require_f32(OP, &input)?;
    let weight = opt_vector(OP, "weight", weight, c)?;
    let bias = opt_vector(OP, "bias", bias, c)?;
    let mean = vector(OP, "running_mean", mean, c)?;
    let var = vector(OP, "running_var", var, c)?;
    for t in [save_mean.dtype, save_invstd.dtype] {
        if t != input.dtype {
            return Err(Error::UnsupportedDtype { op: OP, dtype: t });
        }
    }
    let x = f32_in(OP, &input)?;
    let y = f32_out(OP, out)?;
    // inner = product of dimensions after C; x.len() = outer * c * inner.
    let inner = numel(&input.sizes[2..]).unwrap_or(0);
    if inner == 0 || c == 0 {
        return Ok(());
    }
    for (i, (src, dst)) in x.chunks_exact(inner).zip(y.chunks_exact_mut(inner)).enumerate() {
        let ch = i % c;
        let invstd = (1.0 / (f64::from(var[ch]) + eps).sqrt()) as f32;
        let (m, w, b) = (mean[ch], weight.map_or(1.0, |w| w[ch]), bias.map_or(0.0, |b| b[ch]));
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = (s - m) * invstd * w + b;
        }
    }
    Ok(())
}

/// `aten::native_layer_norm.out(Tensor input, SymInt[] normalized_shape, Tensor? weight,
/// Tensor? bias, float eps, *, Tensor(a!) out0, Tensor(b!) out1, Tensor(c!) out2)`.
/// `out1` (mean) and `out2` (rstd) have the leading dimensions followed by ones.
fn layer_norm(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::native_layer_norm.out";
    call.expect_args(8)?;
    let shape = call.int_list(1)?.to_vec();
    let eps = call.double(4)? as f32;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(2)?, inputs.opt_tensor(3)?);
    let [out, mean_out, rstd_out] = three_outs(OP, outs)?;
    let rank = input.dim();
    if shape.is_empty() || shape.len() > rank {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("normalized_shape {shape:?} must have 1 to {rank} elements"),
        });
    }
    let lead = rank - shape.len();
    if input.sizes[lead..].iter().zip(&shape).any(|(&s, &n)| i64::try_from(s) != Ok(n)) {
        return Err(Error::ShapeMismatch {
            op: OP,
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
                    op: OP,
                    detail: format!(
                        "{name} sizes {:?} must equal normalized_shape {shape:?}",
                        t.sizes
                    ),
                });
            }
            require_f32(OP, t)?;
        }
    }
    let mut stat_sizes = input.sizes.to_vec();
    stat_sizes[lead..].fill(1);
    out.resize(input.sizes)?;
    mean_out.resize(&stat_sizes)?;
    rstd_out.resize(&stat_sizes)?;
    require_f32(OP, &input)?;
    let x = f32_in(OP, &input)?;
    let weight = weight.map(|t| f32_in(OP, &t)).transpose()?;
    let bias = bias.map(|t| f32_in(OP, &t)).transpose()?;
    let y = f32_out(OP, out)?;
    let means = f32_out(OP, mean_out)?;
    let rstds = f32_out(OP, rstd_out)?;
    let n = numel(norm_sizes).unwrap_or(0);
    if means.is_empty() {
        return Ok(());
    }
    if n == 0 {
        means.fill(0.0);
        rstds.fill(f32::NAN);
        return Ok(());
    }
    for ((src, dst), (mean, rstd)) in
        x.chunks_exact(n).zip(y.chunks_exact_mut(n)).zip(means.iter_mut().zip(rstds.iter_mut()))
    {
        let sum: f32 = pairwise_sum_slice(src);
        let sq_sum: f32 = pairwise_sum(src.len(), &|i| src[i] * src[i]);
        let m = sum / n as f32;
        let variance = sq_sum / n as f32 - m * m;
        let std = (variance + eps).sqrt();
        for (j, (d, &s)) in dst.iter_mut().zip(src).enumerate() {
            let (w, b) = (weight.map_or(1.0, |w| w[j]), bias.map_or(0.0, |b| b[j]));
            *d = (s - m) / std * w + b;
        }
        *mean = m;
        *rstd = (1.0 / f64::from(std)) as f32;
    }
    Ok(())
}

/// `aten::native_group_norm.out(Tensor input, Tensor? weight, Tensor? bias, SymInt N,
/// SymInt C, SymInt HxW, int group, float eps, *, Tensor(a!) out0, Tensor(b!) out1,
/// Tensor(c!) out2)`. `out1` (mean) and `out2` (rstd) are `[N, group]`.
fn group_norm(call: &mut KernelCall<'_>) -> Result<()> {
    const OP: &str = "aten::native_group_norm.out";
    call.expect_args(11)?;
    let (n, c, hxw, group) = (call.int(3)?, call.int(4)?, call.int(5)?, call.int(6)?);
    let eps = call.double(7)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(1)?, inputs.opt_tensor(2)?);
    let [out, mean_out, rstd_out] = three_outs(OP, outs)?;
    let size = |v: i64, name: &str| {
        usize::try_from(v).map_err(|_| Error::InvalidArgument {
            op: OP,
            detail: format!("{name} {v} is negative"),
        })
    };
    let (n, c, hxw, group) =
        (size(n, "N")?, size(c, "C")?, size(hxw, "HxW")?, size(group, "group")?);
    if input.dim() < 2 || input.sizes[0] != n || input.sizes[1] != c {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("input {:?} does not start with N {n}, C {c}", input.sizes),
        });
    }
    if n.checked_mul(c).and_then(|v| v.checked_mul(hxw)) != Some(input.numel())
        || numel(input.sizes).is_none()
    {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "input {:?} does not hold N * C * HxW = {n} * {c} * {hxw} elements",
                input.sizes
            ),
        });
    }
    if group == 0 || c % group != 0 {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("group {group} must be positive and divide C {c}"),
        });
    }
    out.resize(input.sizes)?;
    mean_out.resize(&[n, group])?;
    rstd_out.resize(&[n, group])?;
    require_f32(OP, &input)?;
    let weight = opt_vector(OP, "weight", weight, c)?;
    let bias = opt_vector(OP, "bias", bias, c)?;
    let x = f32_in(OP, &input)?;
    let y = f32_out(OP, out)?;
    let means = f32_out(OP, mean_out)?;
    let rstds = f32_out(OP, rstd_out)?;
    let d = c / group;
    let inner = d * hxw;
    if means.is_empty() {
        return Ok(());
    }
    if inner == 0 {
        means.fill(0.0);
        rstds.fill(f32::NAN);
        return Ok(());
    }
    for (i, ((src, dst), (mean, rstd))) in x
        .chunks_exact(inner)
        .zip(y.chunks_exact_mut(inner))
        .zip(means.iter_mut().zip(rstds.iter_mut()))
        .enumerate()
    {
        let sum: f32 = pairwise_sum_slice(src);
        let sq_sum: f32 = pairwise_sum(src.len(), &|i| src[i] * src[i]);
        let m = f64::from(sum) / inner as f64;
        let variance = f64::from(sq_sum) / inner as f64 - m * m;
        let r = 1.0 / (variance + eps).sqrt();
        if weight.is_none() && bias.is_none() {
            for (o, &v) in dst.iter_mut().zip(src) {
                *o = ((f64::from(v) - m) * r) as f32;
            }
        } else {
            let g = i % group;
            for j in 0..d {
                let ch = g * d + j;
                let scale = r * weight.map_or(1.0, |w| f64::from(w[ch]));
                let shift = -scale * m + bias.map_or(0.0, |b| f64::from(b[ch]));
                let (s, o) = (&src[j * hxw..(j + 1) * hxw], &mut dst[j * hxw..(j + 1) * hxw]);
                for (o, &v) in o.iter_mut().zip(s) {
                    *o = (scale * f64::from(v) + shift) as f32;
                }
            }
        }
        *mean = m as f32;
        *rstd = r as f32;
    }
    Ok(())
}
