//! Affine quantize and dequantize: per tensor (scalar or one-element tensor parameters),
//! per channel along an axis, per token (every row of the last dimension).

use pterun_core::ScalarType;

use super::{
    normalize_axis, quant_range, read_params_f64, read_params_i64, with_float, with_quant_int,
    FloatElem, QuantInt,
};
use crate::args::{Bound, KernelCall, Signature};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};
use crate::util::one_out;

/// Quantizes one value exactly as ExecuTorch's `quantize_val`: `inv_scale * value` rounded
/// to f32 (the product of an f32 and any input element is exact in f64, so one rounding
/// gives what the f32 or f64 multiplication there gives), rounded half to even, plus the
/// zero point (truncated to i32) added in f32, then clamped to `[quant_min, quant_max]`.
///
/// Values beyond i64 saturate (`+inf` to `quant_max`, `-inf` to `quant_min`, as the
/// official NEON path does); NaN gives `quant_min`, as the official x86 build does. (The
/// official x86 build also turns `+inf` into `quant_min`: its float-to-int conversion of an
/// out-of-range value is undefined behaviour there, and we saturate instead.)
pub(crate) fn quantize_value(
    inv_scale: f32,
    zero_point: i64,
    value: f64,
    quant_min: i64,
    quant_max: i64,
) -> i64 {
    let scaled = (f64::from(inv_scale) * value) as f32;
    let shifted = zero_point as i32 as f32 + scaled.round_ties_even();
    let q = if shifted.is_nan() { quant_min } else { shifted as i64 };
    q.max(quant_min).min(quant_max)
}

/// Dequantizes one value as ExecuTorch does: `(q - zero_point)` in i32 (wrapping where
/// the C++ would overflow), converted to f32, times the f32 scale.
pub(crate) fn dequantize_value(q: i32, zero_point: i64, scale: f32) -> f32 {
    q.wrapping_sub(zero_point as i32) as f32 * scale
}

/// Quantization parameters of one channel (or of the whole tensor).
#[derive(Clone, Copy, Debug)]
struct QParams {
    scale: f64,
    zero_point: i64,
}

/// Checks the quantize arguments as the official kernel does: a float input, `out` of
/// type `dtype`, `[quant_min, quant_max]` within that type's range.
fn check_quantize(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &TensorMut<'_>,
    dtype: ScalarType,
    quant_min: i64,
    quant_max: i64,
) -> Result<()> {
    if !matches!(input.dtype, ScalarType::Float | ScalarType::Double | ScalarType::Half) {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    if out.dtype != dtype {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("out has element type {}, the dtype argument says {dtype}", out.dtype),
        });
    }
    let (lo, hi) = quant_range(dtype).ok_or(Error::UnsupportedDtype { op, dtype })?;
    if quant_min < lo || quant_max > hi {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("[{quant_min}, {quant_max}] exceeds the range [{lo}, {hi}] of {dtype}"),
        });
    }
    Ok(())
}

/// Quantizes `input` into `out` (resized to the input's sizes): element `i` uses
/// `params[(i / inner) % params.len()]`.
fn quantize_into(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    params: &[QParams],
    inner: usize,
    quant_min: i64,
    quant_max: i64,
) -> Result<()> {
    out.resize(input.sizes)?;
    if input.numel() == 0 {
        return Ok(());
    }
    if params.is_empty() || inner == 0 {
        return Err(Error::InvalidArgument { op, detail: "no quantization parameters".into() });
    }
    let out_dtype = out.dtype;
    let dst = out.bytes_mut();
    with_float!(op, input.dtype, [Float => f32, Double => f64, Half => half::f16], I => {
        with_quant_int!(op, out_dtype, O => {
            quantize_blocks::<I, O>(input.data, dst, params, inner, quant_min, quant_max);
            Ok(())
        })
    })
}

fn quantize_blocks<I: FloatElem, O: QuantInt>(
    src: &[u8],
    dst: &mut [u8],
    params: &[QParams],
    inner: usize,
    quant_min: i64,
    quant_max: i64,
) {
    let blocks = src.chunks(inner * I::SIZE).zip(dst.chunks_mut(inner * O::SIZE));
    for (b, (s, d)) in blocks.enumerate() {
        let p = params[b % params.len()];
        let inv_scale = 1.0f32 / p.scale as f32;
        for (x, y) in s.chunks_exact(I::SIZE).zip(d.chunks_exact_mut(O::SIZE)) {
            O::put(quantize_value(inv_scale, p.zero_point, I::get(x), quant_min, quant_max), y);
        }
    }
}

/// How a dequantized value is formed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Product {
    /// `(q - zp) as f32 * scale`, then rounded to the output type.
    F32,
    /// `(q - zp) * scale` in f64 (the official per-channel kernel on a 1-D input with a
    /// double output converts before multiplying).
    F64,
}

/// Checks the dequantize arguments as the official kernel does: an integer input of type
/// `dtype`, `out` of type `out_dtype` if given, `quant_min <= quant_max`.
fn check_dequantize(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &TensorMut<'_>,
    dtype: ScalarType,
    out_dtype: Option<ScalarType>,
    quant_min: i64,
    quant_max: i64,
) -> Result<()> {
    if quant_range(input.dtype).is_none() {
        return Err(Error::UnsupportedDtype { op, dtype: input.dtype });
    }
    if input.dtype != dtype {
        return Err(Error::InvalidArgument {
            op,
            detail: format!(
                "input has element type {}, the dtype argument says {dtype}",
                input.dtype
            ),
        });
    }
    if let Some(want) = out_dtype {
        if out.dtype != want {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("out has element type {}, out_dtype says {want}", out.dtype),
            });
        }
    }
    if quant_min > quant_max {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("quant_min {quant_min} is greater than quant_max {quant_max}"),
        });
    }
    Ok(())
}

/// Dequantizes `input` into `out` (resized to the input's sizes): element `i` uses
/// `params[(i / inner) % params.len()]`.
fn dequantize_into(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    params: &[QParams],
    inner: usize,
    product: Product,
) -> Result<()> {
    out.resize(input.sizes)?;
    if input.numel() == 0 {
        return Ok(());
    }
    if params.is_empty() || inner == 0 {
        return Err(Error::InvalidArgument { op, detail: "no quantization parameters".into() });
    }
    let out_dtype = out.dtype;
    let dst = out.bytes_mut();
    with_quant_int!(op, input.dtype, I => {
        with_float!(op, out_dtype, [Float => f32, Double => f64, Half => half::f16], O => {
            dequantize_blocks::<I, O>(input.data, dst, params, inner, product);
            Ok(())
        })
    })
}

fn dequantize_blocks<I: QuantInt, O: FloatElem>(
    src: &[u8],
    dst: &mut [u8],
    params: &[QParams],
    inner: usize,
    product: Product,
) {
    let blocks = src.chunks(inner * I::SIZE).zip(dst.chunks_mut(inner * O::SIZE));
    for (b, (s, d)) in blocks.enumerate() {
        let p = params[b % params.len()];
        // The official kernels narrow every scale to f32 before use.
        let scale = p.scale as f32;
        for (x, y) in s.chunks_exact(I::SIZE).zip(d.chunks_exact_mut(O::SIZE)) {
            match product {
                Product::F32 => O::put_f32(dequantize_value(I::get(x), p.zero_point, scale), y),
                Product::F64 => {
                    let diff = I::get(x).wrapping_sub(p.zero_point as i32);
                    O::put_f64(f64::from(diff) * f64::from(scale), y);
                }
            }
        }
    }
}

/// `(Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType
/// dtype, *, Tensor(a!) out)`; the `.Tensor_out` overload takes one-element tensors.
const QUANTIZE_PER_TENSOR: Signature =
    &["input", "scale", "zero_point", "quant_min", "quant_max", "dtype", "out"];

/// The scale and zero point of the `.Tensor_out` overloads: one double and one long.
fn tensor_qparams(op: &'static str, args: &Bound<'_, '_>) -> Result<QParams> {
    let scale = read_params_f64(op, "scale", &args.tensor("scale")?, &[ScalarType::Double], 1)?;
    let zp =
        read_params_i64(op, "zero_point", &args.tensor("zero_point")?, &[ScalarType::Long], 1)?;
    Ok(QParams { scale: scale[0], zero_point: zp[0] })
}

fn quantize_per_tensor_with(call: &mut KernelCall<'_>, tensor_params: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(QUANTIZE_PER_TENSOR)?;
    let input = args.tensor("input")?;
    let params = if tensor_params {
        tensor_qparams(op, &args)?
    } else {
        QParams { scale: args.double("scale")?, zero_point: args.int("zero_point")? }
    };
    let (quant_min, quant_max) = (args.int("quant_min")?, args.int("quant_max")?);
    let out = one_out(op, outs)?;
    check_quantize(op, &input, out, args.dtype("dtype")?, quant_min, quant_max)?;
    quantize_into(op, &input, out, &[params], input.numel().max(1), quant_min, quant_max)
}

/// `quantized_decomposed::quantize_per_tensor.out`.
pub(super) fn quantize_per_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    quantize_per_tensor_with(call, false)
}

/// `quantized_decomposed::quantize_per_tensor.Tensor_out`.
pub(super) fn quantize_per_tensor_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    quantize_per_tensor_with(call, true)
}

/// `(Tensor input, float scale, int zero_point, int quant_min, int quant_max, ScalarType
/// dtype, *, ScalarType? out_dtype=None, Tensor(a!) out)`.
const DEQUANTIZE_PER_TENSOR: Signature =
    &["input", "scale", "zero_point", "quant_min", "quant_max", "dtype", "out_dtype", "out"];

fn dequantize_per_tensor_with(call: &mut KernelCall<'_>, tensor_params: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DEQUANTIZE_PER_TENSOR)?;
    let input = args.tensor("input")?;
    let params = if tensor_params {
        tensor_qparams(op, &args)?
    } else {
        QParams { scale: args.double("scale")?, zero_point: args.int("zero_point")? }
    };
    let (quant_min, quant_max) = (args.int("quant_min")?, args.int("quant_max")?);
    let (dtype, out_dtype) = (args.dtype("dtype")?, args.opt_dtype("out_dtype")?);
    let out = one_out(op, outs)?;
    check_dequantize(op, &input, out, dtype, out_dtype, quant_min, quant_max)?;
    dequantize_into(op, &input, out, &[params], input.numel().max(1), Product::F32)
}

/// `quantized_decomposed::dequantize_per_tensor.out`.
pub(super) fn dequantize_per_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    dequantize_per_tensor_with(call, false)
}

/// `quantized_decomposed::dequantize_per_tensor.Tensor_out`.
pub(super) fn dequantize_per_tensor_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    dequantize_per_tensor_with(call, true)
}

/// Elements after dimension `axis` (one channel's contiguous run).
fn inner_size(sizes: &[usize], axis: usize) -> usize {
    sizes.iter().skip(axis + 1).product()
}

/// Per-channel parameters: `scales` (`allowed_scales` types) and optional integer zero
/// points, one per channel.
fn channel_params(
    op: &'static str,
    scales: &TensorRef<'_>,
    zero_points: Option<&TensorRef<'_>>,
    allowed_scales: &[ScalarType],
    allowed_zero_points: &[ScalarType],
    channels: usize,
) -> Result<Vec<QParams>> {
    let scales = read_params_f64(op, "scales", scales, allowed_scales, channels)?;
    let zero_points = match zero_points {
        Some(zp) => read_params_i64(op, "zero_points", zp, allowed_zero_points, channels)?,
        None => vec![0; channels],
    };
    Ok(scales
        .into_iter()
        .zip(zero_points)
        .map(|(scale, zero_point)| QParams { scale, zero_point })
        .collect())
}

/// `(Tensor input, Tensor scales, Tensor zero_points, int axis, int quant_min, int
/// quant_max, ScalarType dtype, *, Tensor(a!) out)`.
const QUANTIZE_PER_CHANNEL: Signature =
    &["input", "scales", "zero_points", "axis", "quant_min", "quant_max", "dtype", "out"];

/// `quantized_decomposed::quantize_per_channel.out`: scales double, zero points long.
pub(super) fn quantize_per_channel(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(QUANTIZE_PER_CHANNEL)?;
    let input = args.tensor("input")?;
    let axis = normalize_axis(op, args.int("axis")?, input.dim())?;
    let channels = input.sizes[axis];
    let zero_points = args.tensor("zero_points")?;
    let params = channel_params(
        op,
        &args.tensor("scales")?,
        Some(&zero_points),
        &[ScalarType::Double],
        &[ScalarType::Long],
        channels,
    )?;
    let (quant_min, quant_max) = (args.int("quant_min")?, args.int("quant_max")?);
    let out = one_out(op, outs)?;
    check_quantize(op, &input, out, args.dtype("dtype")?, quant_min, quant_max)?;
    let inner = inner_size(input.sizes, axis);
    quantize_into(op, &input, out, &params, inner, quant_min, quant_max)
}

/// `(Tensor input, Tensor scales, Tensor? zero_points, int axis, int quant_min, int
/// quant_max, ScalarType dtype, *, ScalarType? out_dtype=None, Tensor(a!) out)`.
const DEQUANTIZE_PER_CHANNEL: Signature = &[
    "input",
    "scales",
    "zero_points",
    "axis",
    "quant_min",
    "quant_max",
    "dtype",
    "out_dtype",
    "out",
];

/// How the input splits into channels: `count` channels of `inner` contiguous elements
/// (repeating), and whether the official kernel multiplies in f64 (a 1-D input with a
/// double output converts the difference before multiplying).
struct Channels {
    count: usize,
    inner: usize,
    one_dim: bool,
}

/// Shared by dequantize per channel and per token: scales double or float, zero points
/// int or long (or none).
fn dequantize_channels(
    op: &'static str,
    args: &Bound<'_, '_>,
    input: &TensorRef<'_>,
    channels: Channels,
    out_dtype: Option<ScalarType>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let params = channel_params(
        op,
        &args.tensor("scales")?,
        args.opt_tensor("zero_points")?.as_ref(),
        &[ScalarType::Double, ScalarType::Float],
        &[ScalarType::Int, ScalarType::Long],
        channels.count,
    )?;
    let (quant_min, quant_max) = (args.int("quant_min")?, args.int("quant_max")?);
    check_dequantize(op, input, out, args.dtype("dtype")?, out_dtype, quant_min, quant_max)?;
    // The official int8 -> f32 path (contiguous tensors, which every tensor here is)
    // requires each zero point within [quant_min, quant_max].
    if input.dtype == ScalarType::Char && out.dtype == ScalarType::Float {
        if let Some(p) = params.iter().find(|p| !(quant_min..=quant_max).contains(&p.zero_point)) {
            return Err(Error::InvalidArgument {
                op,
                detail: format!(
                    "zero point {} is outside [{quant_min}, {quant_max}]",
                    p.zero_point
                ),
            });
        }
    }
    let product = if channels.one_dim && out.dtype == ScalarType::Double {
        Product::F64
    } else {
        Product::F32
    };
    dequantize_into(op, input, out, &params, channels.inner, product)
}

/// `quantized_decomposed::dequantize_per_channel.out`.
pub(super) fn dequantize_per_channel(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DEQUANTIZE_PER_CHANNEL)?;
    let input = args.tensor("input")?;
    let axis = normalize_axis(op, args.int("axis")?, input.dim())?;
    let channels = Channels {
        count: input.sizes[axis],
        inner: inner_size(input.sizes, axis),
        one_dim: input.dim() == 1,
    };
    dequantize_channels(
        op,
        &args,
        &input,
        channels,
        args.opt_dtype("out_dtype")?,
        one_out(op, outs)?,
    )
}

/// The number of tokens (product of all dimensions but the last) and the token length.
fn tokens(op: &'static str, input: &TensorRef<'_>) -> Result<(usize, usize)> {
    match input.sizes.split_last() {
        Some((&last, rest)) => Ok((rest.iter().product(), last)),
        None => Err(Error::InvalidArgument { op, detail: "a 0-dim tensor has no tokens".into() }),
    }
}

/// `(Tensor input, Tensor scales, Tensor zero_points, int quant_min, int quant_max,
/// ScalarType dtype, *, Tensor(a!) out)`.
const QUANTIZE_PER_TOKEN: Signature =
    &["input", "scales", "zero_points", "quant_min", "quant_max", "dtype", "out"];

/// `quantized_decomposed::quantize_per_token.out`: one (double scale, long zero point) per
/// token.
pub(super) fn quantize_per_token(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(QUANTIZE_PER_TOKEN)?;
    let input = args.tensor("input")?;
    let (count, length) = tokens(op, &input)?;
    let zero_points = args.tensor("zero_points")?;
    let params = channel_params(
        op,
        &args.tensor("scales")?,
        Some(&zero_points),
        &[ScalarType::Double],
        &[ScalarType::Long],
        count,
    )?;
    let (quant_min, quant_max) = (args.int("quant_min")?, args.int("quant_max")?);
    let out = one_out(op, outs)?;
    check_quantize(op, &input, out, args.dtype("dtype")?, quant_min, quant_max)?;
    quantize_into(op, &input, out, &params, length, quant_min, quant_max)
}

/// `(Tensor input, Tensor scales, Tensor zero_points, int quant_min, int quant_max,
/// ScalarType dtype, ScalarType output_dtype, *, Tensor(a!) out)`.
const DEQUANTIZE_PER_TOKEN: Signature =
    &["input", "scales", "zero_points", "quant_min", "quant_max", "dtype", "output_dtype", "out"];

/// `quantized_decomposed::dequantize_per_token.out`: dequantize per channel of the input
/// viewed as `[tokens, length]`.
pub(super) fn dequantize_per_token(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DEQUANTIZE_PER_TOKEN)?;
    let input = args.tensor("input")?;
    let (count, length) = tokens(op, &input)?;
    // The official kernel views the input as [tokens, length]: two dimensions.
    let channels = Channels { count, inner: length, one_dim: false };
    let out_dtype = Some(args.dtype("output_dtype")?);
    dequantize_channels(op, &args, &input, channels, out_dtype, one_out(op, outs)?)
}
