//! Rounding, saturation and parameter edge cases, and typed errors for untrusted
//! arguments.

use pterun_core::{ScalarType, ShapeDynamism};

use super::affine::{dequantize_value, quantize_value};
use super::qparams::scale_and_zero_point;
use crate::args::{Arg, KernelCall};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::tensor::{Shape, TensorMut, TensorRef};

fn q8(inv_scale: f32, zero_point: i64, value: f64) -> i64 {
    quantize_value(inv_scale, zero_point, value, -128, 127)
}

#[test]
fn quantizing_rounds_half_to_even() {
    let got: Vec<i64> =
        [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49, 2.51].map(|v| q8(1.0, 0, v)).to_vec();
    assert_eq!(got, [0, 2, 2, 0, -2, -2, 0, 3]);
    // The zero point is added after rounding: 0.25 / 0.5 = 0.5 rounds to 0, then + 3.
    assert_eq!(q8(2.0, 3, 0.25), 3);
    assert_eq!(q8(2.0, 3, 0.75), 5);
}

#[test]
fn the_product_is_rounded_to_f32_before_rounding_to_an_integer() {
    // 0.35f32 * (1 / 0.1f32 = 10.0f32) is 3.49999994 exactly, which is 3.5 in f32: it
    // rounds to 4 (half to even), as the official kernel's f32 product does; f64
    // arithmetic would give 3.
    let x = f64::from(0.35f32);
    assert_eq!(q8(1.0 / 0.1f32, 0, x), 4);
    assert_eq!((x / f64::from(0.1f32)).round(), 3.0);
}

#[test]
fn quantizing_saturates_to_the_quantization_range() {
    assert_eq!(q8(1.0, 0, 1000.0), 127);
    assert_eq!(q8(1.0, 0, -1000.0), -128);
    assert_eq!(q8(1.0, 100, 100.0), 127);
    assert_eq!(quantize_value(1.0, 0, 300.0, 0, 255), 255);
    assert_eq!(quantize_value(1.0, 0, -3.0, 0, 255), 0);
    // A narrower range than the type's.
    assert_eq!(quantize_value(1.0, 0, 9.0, -8, 7), 7);
    assert_eq!(q8(1.0, 0, f64::INFINITY), 127);
    assert_eq!(q8(1.0, 0, f64::NEG_INFINITY), -128);
    assert_eq!(q8(1.0, 0, f64::NAN), -128);
    // A zero scale makes the reciprocal infinite: saturation, not a panic.
    assert_eq!(q8(1.0 / 0.0f32, 0, 1.0), 127);
    assert_eq!(q8(1.0 / 0.0f32, 0, 0.0), -128, "inf * 0 is NaN");
}

#[test]
fn dequantizing_subtracts_the_zero_point_then_scales() {
    assert_eq!(dequantize_value(-128, -128, 0.5), 0.0);
    assert_eq!(dequantize_value(127, 3, 0.25), 31.0);
    assert_eq!(dequantize_value(0, 5, 0.1), -5.0 * 0.1f32);
    // i32 overflow wraps rather than panicking.
    let _ = dequantize_value(i32::MIN, 1, 1.0);
}

#[test]
fn choose_qparams_edge_cases() {
    // Symmetric range: scale 2/255, zero point -0.5 rounded half to even, to 0.
    let (scale, zp) = scale_and_zero_point(-1.0, 1.0, -128, 127).expect("positive scale");
    assert_eq!(scale, 2.0 / 255.0);
    assert_eq!(zp, 0);
    // Only positive data: the range is widened to 0, the zero point is quant_min.
    let (_, zp) = scale_and_zero_point(0.5, 2.0, -128, 127).expect("positive scale");
    assert_eq!(zp, -128);
    // All zeros: the scale falls back to 0.1 and the zero point comes from quant_max.
    assert_eq!(scale_and_zero_point(0.0, 0.0, -128, 127), Some((0.1, 127)));
    // A tiny range: the scale is raised to the threshold (kept as the f32 constant).
    let (scale, zp) = scale_and_zero_point(0.0, 1e-3, -128, 127).expect("positive scale");
    assert_eq!(scale, f64::from(6.1e-5f32));
    assert_eq!(zp, -128);
    // NaN data has no positive scale: an error for the caller, not an abort.
    assert_eq!(scale_and_zero_point(f32::NAN, 1.0, -128, 127), None);
}

/// Runs kernel `name` with `args` and one output of `dtype`/`sizes`; the output bytes.
fn run(name: &str, args: Vec<Arg<'_>>, dtype: ScalarType, sizes: &[usize]) -> Result<Vec<u8>> {
    let registry = Registry::portable();
    let (op, kernel) = registry.get(name).expect("registered");
    let n: usize = sizes.iter().product();
    let mut shape = Shape::new(sizes.to_vec(), ShapeDynamism::Static);
    let mut data = vec![0u8; n * dtype.element_size()];
    let mut call = KernelCall {
        op,
        args,
        outs: vec![TensorMut::new(dtype, &mut shape, &mut data)],
        scalar_out: None,
    };
    kernel(&mut call)?;
    drop(call);
    Ok(data)
}

fn tensor<'a>(dtype: ScalarType, sizes: &'a [usize], data: &'a [u8]) -> Arg<'a> {
    Arg::Tensor(TensorRef { dtype, sizes, data })
}

const CHAR: i64 = 1;
const FLOAT: i64 = 6;

fn quantize_per_channel_args<'a>(
    input: Arg<'a>,
    scales: Arg<'a>,
    zero_points: Arg<'a>,
    axis: i64,
) -> Vec<Arg<'a>> {
    vec![
        input,
        scales,
        zero_points,
        Arg::Int(axis),
        Arg::Int(-128),
        Arg::Int(127),
        Arg::Int(CHAR),
        Arg::Out(0),
    ]
}

#[test]
fn quantize_per_channel_uses_one_scale_per_channel() {
    let x: Vec<u8> = bytemuck::cast_slice(&[1.0f32, 2.0, 3.0, 1.0, 2.0, 3.0]).to_vec();
    let scales: Vec<u8> = bytemuck::cast_slice(&[1.0f64, 0.5]).to_vec();
    let zps: Vec<u8> = bytemuck::cast_slice(&[0i64, 10]).to_vec();
    let out = run(
        "quantized_decomposed::quantize_per_channel.out",
        quantize_per_channel_args(
            tensor(ScalarType::Float, &[2, 3], &x),
            tensor(ScalarType::Double, &[2], &scales),
            tensor(ScalarType::Long, &[2], &zps),
            0,
        ),
        ScalarType::Char,
        &[2, 3],
    )
    .expect("quantizes");
    assert_eq!(bytemuck::cast_slice::<u8, i8>(&out), [1, 2, 3, 12, 14, 16]);
}

#[test]
fn untrusted_quantization_arguments_are_typed_errors() {
    let x: Vec<u8> = bytemuck::cast_slice(&[1.0f32; 6]).to_vec();
    let ints: Vec<u8> = bytemuck::cast_slice(&[1i32; 6]).to_vec();
    let scales: Vec<u8> = bytemuck::cast_slice(&[1.0f64, 0.5]).to_vec();
    let zps: Vec<u8> = bytemuck::cast_slice(&[0i64, 10]).to_vec();
    let per_channel = |input, axis, scale_sizes: &'static [usize]| {
        run(
            "quantized_decomposed::quantize_per_channel.out",
            quantize_per_channel_args(
                input,
                tensor(ScalarType::Double, scale_sizes, &scales[..8 * scale_sizes[0]]),
                tensor(ScalarType::Long, scale_sizes, &zps[..8 * scale_sizes[0]]),
                axis,
            ),
            ScalarType::Char,
            &[2, 3],
        )
    };
    // Scales for 2 channels on an axis of 3.
    assert!(matches!(
        per_channel(tensor(ScalarType::Float, &[2, 3], &x), 1, &[2]),
        Err(Error::ShapeMismatch { .. })
    ));
    // Axis out of range, positive and negative.
    assert!(matches!(
        per_channel(tensor(ScalarType::Float, &[2, 3], &x), 2, &[2]),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        per_channel(tensor(ScalarType::Float, &[2, 3], &x), -3, &[2]),
        Err(Error::InvalidArgument { .. })
    ));
    // An integer input cannot be quantized.
    assert!(matches!(
        per_channel(tensor(ScalarType::Int, &[2, 3], &ints), 0, &[2]),
        Err(Error::UnsupportedDtype { .. })
    ));
    // Per tensor: the range must fit the type, the output must be of `dtype`, the dtype
    // code must be known.
    let per_tensor = |qmin, qmax, dtype, out| {
        run(
            "quantized_decomposed::quantize_per_tensor.out",
            vec![
                tensor(ScalarType::Float, &[6], &x),
                Arg::Double(0.1),
                Arg::Int(0),
                Arg::Int(qmin),
                Arg::Int(qmax),
                Arg::Int(dtype),
                Arg::Out(0),
            ],
            out,
            &[6],
        )
    };
    assert!(per_tensor(-128, 127, CHAR, ScalarType::Char).is_ok());
    assert!(matches!(
        per_tensor(-129, 127, CHAR, ScalarType::Char),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        per_tensor(-128, 127, CHAR, ScalarType::Byte),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        per_tensor(-128, 127, 99, ScalarType::Char),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        per_tensor(-128, 127, FLOAT, ScalarType::Float),
        Err(Error::UnsupportedDtype { .. })
    ));
    // The .Tensor_out overload wants a one-element double scale and long zero point.
    let scale_f32: Vec<u8> = bytemuck::cast_slice(&[0.1f32]).to_vec();
    let zp: Vec<u8> = bytemuck::cast_slice(&[0i64]).to_vec();
    let tensor_args = run(
        "quantized_decomposed::quantize_per_tensor.Tensor_out",
        vec![
            tensor(ScalarType::Float, &[6], &x),
            tensor(ScalarType::Float, &[1], &scale_f32),
            tensor(ScalarType::Long, &[1], &zp),
            Arg::Int(-128),
            Arg::Int(127),
            Arg::Int(CHAR),
            Arg::Out(0),
        ],
        ScalarType::Char,
        &[6],
    );
    assert!(matches!(tensor_args, Err(Error::InvalidArgument { .. })));
}

#[test]
fn dequantize_checks_zero_points_and_types() {
    let q: Vec<u8> = vec![0, 1, 2, 3];
    let scales: Vec<u8> = bytemuck::cast_slice(&[0.5f32, 0.25]).to_vec();
    let dequantize = |zps: &[i64], input_dtype| {
        let zps: Vec<u8> = bytemuck::cast_slice(zps).to_vec();
        run(
            "quantized_decomposed::dequantize_per_channel.out",
            vec![
                tensor(input_dtype, &[2, 2], &q),
                tensor(ScalarType::Float, &[2], &scales),
                tensor(ScalarType::Long, &[2], &zps),
                Arg::Int(0),
                Arg::Int(-128),
                Arg::Int(127),
                Arg::Int(CHAR),
                Arg::None,
                Arg::Out(0),
            ],
            ScalarType::Float,
            &[2, 2],
        )
    };
    let out = dequantize(&[0, 2], ScalarType::Char).expect("dequantizes");
    assert_eq!(bytemuck::cast_slice::<u8, f32>(&out), [0.0, 0.5, 0.0, 0.25]);
    // A zero point outside [quant_min, quant_max], as the official int8 path checks.
    assert!(matches!(dequantize(&[0, 200], ScalarType::Char), Err(Error::InvalidArgument { .. })));
    // The input type must be the `dtype` argument.
    assert!(matches!(dequantize(&[0, 2], ScalarType::Byte), Err(Error::InvalidArgument { .. })));
}

fn embedding_4bit(weight: &[u8], indices: &[i64]) -> Result<Vec<f32>> {
    let scales: Vec<u8> = bytemuck::cast_slice(&[1.0f32, 2.0]).to_vec();
    let idx: Vec<u8> = bytemuck::cast_slice(indices).to_vec();
    let out = run(
        "quantized_decomposed::embedding_4bit.out",
        vec![
            tensor(ScalarType::Byte, &[2, 2], weight),
            tensor(ScalarType::Float, &[2], &scales),
            Arg::None,
            Arg::Int(-8),
            Arg::Int(7),
            tensor(ScalarType::Long, &[indices.len()], &idx),
            Arg::Out(0),
        ],
        ScalarType::Float,
        &[indices.len(), 4],
    )?;
    Ok(bytemuck::cast_slice(&out).to_vec())
}

#[test]
fn embedding_4bit_puts_the_even_column_in_the_high_nibble() {
    // Row 0: bytes 0x9F, 0x08 -> nibbles 9, 15, 0, 8 -> 1, 7, -8, 0 (minus 8), scale 1.
    // Row 1: 0x80, 0x7A -> 0, -8, -1, 2, scale 2.
    let weight = [0x9F, 0x08, 0x80, 0x7A];
    let got = embedding_4bit(&weight, &[1, 0]).expect("looks up");
    assert_eq!(got, [0.0, -16.0, -2.0, 4.0, 1.0, 7.0, -8.0, 0.0]);
    // An index past the table is an error, not a read out of bounds.
    assert!(matches!(embedding_4bit(&weight, &[2]), Err(Error::InvalidArgument { .. })));
    assert!(matches!(embedding_4bit(&weight, &[-1]), Err(Error::InvalidArgument { .. })));
}
