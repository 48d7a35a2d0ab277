//! choose_qparams: an asymmetric scale and zero point from the range of the data (the
//! whole tensor, or each token), as ExecuTorch's `calculate_scale_and_zero_point` does.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};

/// Scales below this are raised to it (the range is stretched to match), as the official
/// kernel does to keep `1 / scale` finite in f16.
const SMALL_SCALE_THRESHOLD: f32 = 6.1e-5;

/// `std::min_element` / `std::max_element` over `values` (non-empty): the first element
/// wins ties, and a NaN first element is kept (every comparison with it is false).
fn min_max(values: &[f32]) -> (f32, f32) {
    let first = values.first().copied().unwrap_or(0.0);
    values.iter().fold((first, first), |(lo, hi), &x| {
        (if x < lo { x } else { lo }, if hi < x { x } else { hi })
    })
}

/// The scale and zero point covering `[min, max]` (widened to include 0) on
/// `[quant_min, quant_max]`; `None` when the scale is not positive (NaN data), where the
/// official kernel aborts.
pub(crate) fn scale_and_zero_point(
    min: f32,
    max: f32,
    quant_min: i32,
    quant_max: i32,
) -> Option<(f64, i32)> {
    // std::min(min, 0) / std::max(max, 0), which keep a NaN `min`/`max`.
    let mut min = if 0.0 < min { 0.0 } else { min };
    let mut max = if max < 0.0 { 0.0 } else { max };
    let levels = quant_max - quant_min;
    let mut scale = (f64::from(max) - f64::from(min)) / f64::from(levels);
    if scale as f32 == 0.0 || (1.0f32 / scale as f32).is_infinite() {
        scale = 0.1;
    }
    if scale.is_nan() || scale <= 0.0 {
        return None;
    }
    if scale < f64::from(SMALL_SCALE_THRESHOLD) {
        let original = scale as f32;
        scale = f64::from(SMALL_SCALE_THRESHOLD);
        if min == 0.0 {
            max = SMALL_SCALE_THRESHOLD * levels as f32;
        } else if max == 0.0 {
            min = -SMALL_SCALE_THRESHOLD * levels as f32;
        } else {
            let amplifier = SMALL_SCALE_THRESHOLD / original;
            min *= amplifier;
            max *= amplifier;
        }
    }
    let from_min = f64::from(quant_min) - f64::from(min) / scale;
    let from_max = f64::from(quant_max) - f64::from(max) / scale;
    let error_min = f64::from(quant_min.unsigned_abs()) - (f64::from(min) / scale).abs();
    let error_max = f64::from(quant_max.unsigned_abs()) - (f64::from(max) / scale).abs();
    let initial = if error_min < error_max { from_min } else { from_max };
    let zero_point = if initial < f64::from(quant_min) {
        quant_min
    } else if initial > f64::from(quant_max) {
        quant_max
    } else {
        (initial as f32).round_ties_even() as i32
    };
    Some((scale, zero_point))
}

/// Checks the input (f32) and outputs (double scale, long zero point) and the range.
fn check(
    op: &'static str,
    input: &TensorRef<'_>,
    quant_min: i64,
    quant_max: i64,
    scale: &TensorMut<'_>,
    zero_point: &TensorMut<'_>,
) -> Result<(i32, i32)> {
    if input.dtype != ScalarType::Float {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    if scale.dtype != ScalarType::Double {
        return Err(Error::UnsupportedDtype { op, dtype: scale.dtype });
    }
    if zero_point.dtype != ScalarType::Long {
        return Err(Error::UnsupportedDtype { op, dtype: zero_point.dtype });
    }
    match (i32::try_from(quant_min), i32::try_from(quant_max)) {
        (Ok(lo), Ok(hi)) if lo < hi => Ok((lo, hi)),
        _ => Err(Error::InvalidArgument {
            op,
            detail: format!(
                "quant_min {quant_min} must be less than quant_max {quant_max} (both i32)"
            ),
        }),
    }
}

/// Fills `scales[t]`, `zero_points[t]` for each of the `rows` rows of `data`.
fn choose_rows(
    op: &'static str,
    data: &[f32],
    rows: usize,
    (quant_min, quant_max): (i32, i32),
    scale_out: &mut TensorMut<'_>,
    zero_point_out: &mut TensorMut<'_>,
) -> Result<()> {
    if rows == 0 {
        return Ok(());
    }
    let length = data.len() / rows;
    if length == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: "no values to choose parameters from".into(),
        });
    }
    let scales = scale_out.as_mut_slice::<f64>(op)?;
    let zero_points = zero_point_out.as_mut_slice::<i64>(op)?;
    for ((row, s), z) in
        data.chunks_exact(length).zip(scales.iter_mut()).zip(zero_points.iter_mut())
    {
        let (min, max) = min_max(row);
        let (scale, zp) =
            scale_and_zero_point(min, max, quant_min, quant_max).ok_or_else(|| {
                Error::InvalidArgument {
                    op,
                    detail: format!("no positive scale for the range [{min}, {max}]"),
                }
            })?;
        *s = scale;
        *z = i64::from(zp);
    }
    Ok(())
}

/// The two outputs (scale, zero point) by their schema names.
fn two_outs<'o, 'a>(
    op: &'static str,
    outs: &'o mut [TensorMut<'a>],
    scale_index: usize,
    zero_point_index: usize,
) -> Result<(&'o mut TensorMut<'a>, &'o mut TensorMut<'a>)> {
    match (scale_index, zero_point_index, outs) {
        (0, 1, [s, z]) => Ok((s, z)),
        (1, 0, [z, s]) => Ok((s, z)),
        (_, _, outs) => Err(Error::ArgumentCount { op, expected: 2, found: outs.len() }),
    }
}

/// `choose_qparams.Tensor_out(Tensor input, int quant_min, int quant_max, float eps,
/// ScalarType dtype, *, Tensor(a!) scale_out, Tensor(b!) zero_point_out)`.
const CHOOSE_QPARAMS: Signature =
    &["input", "quant_min", "quant_max", "eps", "dtype", "scale_out", "zero_point_out"];

/// `quantized_decomposed::choose_qparams.Tensor_out`: one scale and zero point for the
/// whole tensor; `eps` and `dtype` are unused, as in the official kernel.
pub(super) fn choose_qparams_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CHOOSE_QPARAMS)?;
    let input = args.tensor("input")?;
    let range = (args.int("quant_min")?, args.int("quant_max")?);
    let (si, zi) = (args.out_index("scale_out")?, args.out_index("zero_point_out")?);
    let (scale, zero_point) = two_outs(op, outs, si, zi)?;
    let range = check(op, &input, range.0, range.1, scale, zero_point)?;
    for (what, t) in [("scale_out", &*scale), ("zero_point_out", &*zero_point)] {
        if t.numel() != 1 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("{what} has sizes {:?}, expected one element", t.sizes()),
            });
        }
    }
    if input.numel() == 0 {
        return Err(Error::InvalidArgument { op, detail: "empty input".into() });
    }
    choose_rows(op, input.as_slice::<f32>(op)?, 1, range, scale, zero_point)
}

/// `choose_qparams_per_token_asymmetric.out(Tensor input, ScalarType dtype, *,
/// Tensor(a!) scale_out, Tensor(b!) zero_point_out)`.
const CHOOSE_QPARAMS_PER_TOKEN: Signature = &["input", "dtype", "scale_out", "zero_point_out"];

/// `quantized_decomposed::choose_qparams_per_token_asymmetric.out`: a scale and zero
/// point per token on [-128, 127] whatever `dtype` says, as in the official kernel; the
/// outputs take the input's sizes with a last dimension of 1.
pub(super) fn choose_qparams_per_token_asymmetric(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CHOOSE_QPARAMS_PER_TOKEN)?;
    let input = args.tensor("input")?;
    let (si, zi) = (args.out_index("scale_out")?, args.out_index("zero_point_out")?);
    let (scale, zero_point) = two_outs(op, outs, si, zi)?;
    let range = check(op, &input, -128, 127, scale, zero_point)?;
    let Some((_, leading)) = input.sizes.split_last() else {
        return Err(Error::InvalidArgument { op, detail: "a 0-dim tensor has no tokens".into() });
    };
    let mut sizes = leading.to_vec();
    sizes.push(1);
    scale.resize(&sizes)?;
    zero_point.resize(&sizes)?;
    let rows = leading.iter().product();
    choose_rows(op, input.as_slice::<f32>(op)?, rows, range, scale, zero_point)
}
