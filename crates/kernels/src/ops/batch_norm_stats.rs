//! Kernel: batch normalisation with statistics computed from the input
//! (`_native_batch_norm_legit.no_stats_out`), which is how `nn.InstanceNorm*d` is exported
//! (a view to `[1, N*C, ...]`, then per-channel statistics) and how batch norm runs in
//! training mode without running statistics.
//!
//! Precision as in the portable kernel: each `(batch, channel)` run is summed (and summed
//! in squares) in a float accumulator, those partial sums are added in the element type,
//! the variance is `E[x^2] - E[x]^2` in the element type, the inverse standard deviation
//! `1 / sqrt(var + eps)` in double, and the output `(x - mean) * invstd * weight + bias` in
//! the element type.

use pterun_core::ScalarType;

use crate::args::KernelCall;
use crate::dtype::{Element, RoundedFloat};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::checked_numel;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[(OP, batch_norm_no_stats)];

const OP: &str = "aten::_native_batch_norm_legit.no_stats_out";

/// The float sum of a run, as `std::accumulate(x, x + n, 0.f)` computes it (each step
/// rounds to float; a double element is added in double first).
fn float_sum<C: RoundedFloat>(x: &[C]) -> f32 {
    x.iter().fold(0f32, |acc, &v| (acc as f64 + v.to_f64()) as f32)
}

/// The float sum of squares, as the portable `vec_powerf` computes it: the product is
/// `float(x) * x`, in double for double elements and in float otherwise.
fn float_sum_squares<C: RoundedFloat>(x: &[C], double: bool) -> f32 {
    x.iter().fold(0f32, |acc, &v| {
        if double {
            let p = (v.to_f64() as f32) as f64 * v.to_f64();
            (acc as f64 + p) as f32
        } else {
            let f = v.to_f64() as f32;
            acc + f * f
        }
    })
}

fn channel_param<'a, C: Element>(
    name: &str,
    t: Option<TensorRef<'a>>,
    c: usize,
    dtype: ScalarType,
) -> Result<Option<&'a [C]>> {
    let Some(t) = t else { return Ok(None) };
    if t.dtype != dtype {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("{name} has type {}, the input {dtype}", t.dtype),
        });
    }
    if t.sizes != [c] {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("{name} must have sizes [{c}], found {:?}", t.sizes),
        });
    }
    t.as_slice::<C>(OP).map(Some)
}

struct Dims {
    n: usize,
    c: usize,
    inner: usize,
}

fn normalize<C: RoundedFloat + Element>(
    dims: &Dims,
    eps: f64,
    input: &TensorRef<'_>,
    weight: Option<TensorRef<'_>>,
    bias: Option<TensorRef<'_>>,
    outs: [&mut TensorMut<'_>; 3],
) -> Result<()> {
    let Dims { n, c, inner } = *dims;
    let dtype = input.dtype;
    let double = dtype == ScalarType::Double;
    let weight = channel_param::<C>("weight", weight, c, dtype)?;
    let bias = channel_param::<C>("bias", bias, c, dtype)?;
    let x = input.as_slice::<C>(OP)?;
    let zero = C::from_f64(0.0);
    let mut sums = vec![zero; c];
    let mut squares = vec![zero; c];
    for (k, run) in x.chunks_exact(inner.max(1)).enumerate().take(n.saturating_mul(c)) {
        let ch = k % c;
        sums[ch] = sums[ch] + C::from_f64(float_sum(run) as f64);
        squares[ch] = squares[ch] + C::from_f64(float_sum_squares(run, double) as f64);
    }
    let count = C::from_i64(i64::try_from(n.saturating_mul(inner)).unwrap_or(i64::MAX));
    let mut mean = vec![zero; c];
    let mut invstd = vec![zero; c];
    for ch in 0..c {
        let m = sums[ch] / count;
        let var = squares[ch] / count - m * m;
        mean[ch] = m;
        invstd[ch] = C::from_f64(1.0 / (var.to_f64() + eps).sqrt());
    }
    let [out, mean_out, invstd_out] = outs;
    let y = out.as_mut_slice::<C>(OP)?;
    let one = C::from_f64(1.0);
    for (k, (dst, src)) in
        y.chunks_exact_mut(inner.max(1)).zip(x.chunks_exact(inner.max(1))).enumerate()
    {
        let ch = k % c;
        let w = weight.map_or(one, |w| w[ch]);
        let b = bias.map_or(zero, |b| b[ch]);
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = (s - mean[ch]) * invstd[ch] * w + b;
        }
    }
    mean_out.as_mut_slice::<C>(OP)?.copy_from_slice(&mean);
    invstd_out.as_mut_slice::<C>(OP)?.copy_from_slice(&invstd);
    Ok(())
}

/// `aten::_native_batch_norm_legit.no_stats_out(Tensor input, Tensor? weight, Tensor? bias,
/// bool training, float momentum, float eps, *, Tensor(a!) out, Tensor(b!) save_mean,
/// Tensor(c!) save_invstd)`: channels are dimension 1; the statistics cover the batch and
/// every dimension after the channels; `save_mean` and `save_invstd` get them, `[C]` each.
fn batch_norm_no_stats(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(9)?;
    let _training = call.bool(3)?;
    let _momentum = call.double(4)?;
    let eps = call.double(5)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let (weight, bias) = (inputs.opt_tensor(1)?, inputs.opt_tensor(2)?);
    let found = outs.len();
    let [out, mean_out, invstd_out] = outs else {
        return Err(Error::ArgumentCount { op: OP, expected: 3, found });
    };
    if input.dim() < 2 {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("input must have a channel dimension, found {:?}", input.sizes),
        });
    }
    for t in [out.dtype, mean_out.dtype, invstd_out.dtype] {
        if t != input.dtype {
            return Err(Error::InvalidArgument {
                op: OP,
                detail: format!("output type {t} differs from input type {}", input.dtype),
            });
        }
    }
    let dims =
        Dims { n: input.sizes[0], c: input.sizes[1], inner: checked_numel(OP, &input.sizes[2..])? };
    checked_numel(OP, input.sizes)?;
    out.resize(input.sizes)?;
    mean_out.resize(&[dims.c])?;
    invstd_out.resize(&[dims.c])?;
    let outs = [out, mean_out, invstd_out];
    match input.dtype {
        ScalarType::Float => normalize::<f32>(&dims, eps, &input, weight, bias, outs),
        ScalarType::Double => normalize::<f64>(&dims, eps, &input, weight, bias, outs),
        ScalarType::Half => normalize::<half::f16>(&dims, eps, &input, weight, bias, outs),
        ScalarType::BFloat16 => normalize::<half::bf16>(&dims, eps, &input, weight, bias, outs),
        dtype => Err(Error::UnsupportedDtype { op: OP, dtype }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_sums_round_like_a_float_accumulator() {
        // 2^24 + 1 is not a float: a float accumulator loses the ones.
        let x = [16_777_216f64, 1.0, 1.0];
        assert_eq!(float_sum(&x), 16_777_216.0);
        assert_eq!(float_sum_squares(&[3f32, 4.0], false), 25.0);
    }
}
