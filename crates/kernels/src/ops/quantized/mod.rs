//! Kernels: the `quantized_decomposed` operators that quantized programs keep outside a
//! delegate (PT2E static and dynamic int8, per-token activations, quantized embeddings).
//!
//! The arithmetic follows ExecuTorch's portable quantized kernels (read for their facts,
//! `kernels/quantized/cpu`): quantizing multiplies by the f32 reciprocal of the scale,
//! rounds half to even, adds the zero point in f32 and saturates to `[quant_min,
//! quant_max]`; dequantizing computes `(q - zero_point) * scale` in f32. Files by concern:
//! [`affine`] (quantize/dequantize per tensor, channel, token), [`qparams`]
//! (choose_qparams), [`embedding`] (embedding_byte/2bit/4bit).

use pterun_core::ScalarType;

use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::TensorRef;

mod affine;
mod embedding;
mod qparams;
#[cfg(test)]
mod tests;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("quantized_decomposed::quantize_per_tensor.out", affine::quantize_per_tensor),
    ("quantized_decomposed::quantize_per_tensor.Tensor_out", affine::quantize_per_tensor_tensor),
    ("quantized_decomposed::dequantize_per_tensor.out", affine::dequantize_per_tensor),
    (
        "quantized_decomposed::dequantize_per_tensor.Tensor_out",
        affine::dequantize_per_tensor_tensor,
    ),
    ("quantized_decomposed::quantize_per_channel.out", affine::quantize_per_channel),
    ("quantized_decomposed::dequantize_per_channel.out", affine::dequantize_per_channel),
    ("quantized_decomposed::quantize_per_token.out", affine::quantize_per_token),
    ("quantized_decomposed::dequantize_per_token.out", affine::dequantize_per_token),
    ("quantized_decomposed::choose_qparams.Tensor_out", qparams::choose_qparams_tensor),
    (
        "quantized_decomposed::choose_qparams_per_token_asymmetric.out",
        qparams::choose_qparams_per_token_asymmetric,
    ),
    ("quantized_decomposed::embedding_byte.out", embedding::embedding_byte),
    ("quantized_decomposed::embedding_byte.dtype_out", embedding::embedding_byte_dtype),
    ("quantized_decomposed::embedding_2bit.out", embedding::embedding_2bit),
    ("quantized_decomposed::embedding_2bit.dtype_out", embedding::embedding_2bit_dtype),
    ("quantized_decomposed::embedding_4bit.out", embedding::embedding_4bit),
    ("quantized_decomposed::embedding_4bit.dtype_out", embedding::embedding_4bit_dtype),
];

/// The integer types quantized values are stored in: read as i32, written from an i64
/// already within the type's range.
pub(super) trait QuantInt: Copy {
    /// Bytes per element.
    const SIZE: usize;
    /// The smallest and largest value.
    const RANGE: (i64, i64);
    /// Reads one little-endian element (`bytes` has `SIZE` bytes).
    fn get(bytes: &[u8]) -> i32;
    /// Writes `value`, which the caller has saturated to `RANGE`.
    fn put(value: i64, bytes: &mut [u8]);
}

/// `bytes` as an array; callers pass `chunks_exact` pieces of the array's length.
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.try_into().unwrap_or([0; N])
}

macro_rules! quant_int {
    ($($t:ty),*) => {$(
        impl QuantInt for $t {
            const SIZE: usize = std::mem::size_of::<$t>();
            const RANGE: (i64, i64) = (<$t>::MIN as i64, <$t>::MAX as i64);
            fn get(bytes: &[u8]) -> i32 {
                <$t>::from_le_bytes(array(bytes)) as i32
            }
            fn put(value: i64, bytes: &mut [u8]) {
                bytes.copy_from_slice(&(value as $t).to_le_bytes());
            }
        }
    )*};
}

quant_int!(u8, i8, i16, u16, i32);

/// The storage type of quantized element type `dtype`, as ExecuTorch's kernels accept
/// them (`Bits16` and `UInt16` are both u16); `None` for the others.
pub(super) fn quant_range(dtype: ScalarType) -> Option<(i64, i64)> {
    Some(match dtype {
        ScalarType::Byte => u8::RANGE,
        ScalarType::Char => i8::RANGE,
        ScalarType::Short => i16::RANGE,
        ScalarType::Bits16 | ScalarType::UInt16 => u16::RANGE,
        ScalarType::Int => i32::RANGE,
        _ => return None,
    })
}

/// Runs `$body` with `$t` the storage type of quantized `$dtype` (see [`quant_range`]).
macro_rules! with_quant_int {
    ($op:expr, $dtype:expr, $t:ident => $body:expr) => {
        match $dtype {
            ScalarType::Byte => {
                type $t = u8;
                $body
            }
            ScalarType::Char => {
                type $t = i8;
                $body
            }
            ScalarType::Short => {
                type $t = i16;
                $body
            }
            ScalarType::Bits16 | ScalarType::UInt16 => {
                type $t = u16;
                $body
            }
            ScalarType::Int => {
                type $t = i32;
                $body
            }
            dtype => Err(Error::UnsupportedDtype { op: $op, dtype }),
        }
    };
}
pub(super) use with_quant_int;

/// Floating-point element types as kernels read them (exactly, as f64) and write them.
pub(super) trait FloatElem: Copy {
    /// Bytes per element.
    const SIZE: usize;
    /// Reads one little-endian element exactly.
    fn get(bytes: &[u8]) -> f64;
    /// Writes an f32 result, rounded to this type.
    fn put_f32(value: f32, bytes: &mut [u8]);
    /// Writes an f64 result, rounded to this type.
    fn put_f64(value: f64, bytes: &mut [u8]);
}

impl FloatElem for f32 {
    const SIZE: usize = 4;
    fn get(bytes: &[u8]) -> f64 {
        f64::from(f32::from_le_bytes(array(bytes)))
    }
    fn put_f32(value: f32, bytes: &mut [u8]) {
        bytes.copy_from_slice(&value.to_le_bytes());
    }
    fn put_f64(value: f64, bytes: &mut [u8]) {
        bytes.copy_from_slice(&(value as f32).to_le_bytes());
    }
}

impl FloatElem for f64 {
    const SIZE: usize = 8;
    fn get(bytes: &[u8]) -> f64 {
        f64::from_le_bytes(array(bytes))
    }
    fn put_f32(value: f32, bytes: &mut [u8]) {
        bytes.copy_from_slice(&f64::from(value).to_le_bytes());
    }
    fn put_f64(value: f64, bytes: &mut [u8]) {
        bytes.copy_from_slice(&value.to_le_bytes());
    }
}

impl FloatElem for half::f16 {
    const SIZE: usize = 2;
    fn get(bytes: &[u8]) -> f64 {
        half::f16::from_le_bytes(array(bytes)).to_f64()
    }
    fn put_f32(value: f32, bytes: &mut [u8]) {
        bytes.copy_from_slice(&half::f16::from_f32(value).to_le_bytes());
    }
    fn put_f64(value: f64, bytes: &mut [u8]) {
        bytes.copy_from_slice(&half::f16::from_f64(value).to_le_bytes());
    }
}

impl FloatElem for half::bf16 {
    const SIZE: usize = 2;
    fn get(bytes: &[u8]) -> f64 {
        half::bf16::from_le_bytes(array(bytes)).to_f64()
    }
    fn put_f32(value: f32, bytes: &mut [u8]) {
        bytes.copy_from_slice(&half::bf16::from_f32(value).to_le_bytes());
    }
    fn put_f64(value: f64, bytes: &mut [u8]) {
        bytes.copy_from_slice(&half::bf16::from_f64(value).to_le_bytes());
    }
}

/// Runs `$body` with `$t` the Rust type of float `$dtype`, among the listed variants.
macro_rules! with_float {
    ($op:expr, $dtype:expr, [$($variant:ident => $ty:ty),*], $t:ident => $body:expr) => {
        match $dtype {
            $(ScalarType::$variant => {
                type $t = $ty;
                $body
            })*
            dtype => Err(Error::UnsupportedDtype { op: $op, dtype }),
        }
    };
}
pub(super) use with_float;

/// The elements of a parameter tensor (scales, zero points) as f64, checking its type is
/// one of `allowed` and its length `expected`.
pub(super) fn read_params_f64(
    op: &'static str,
    what: &str,
    t: &TensorRef<'_>,
    allowed: &[ScalarType],
    expected: usize,
) -> Result<Vec<f64>> {
    check_param(op, what, t, allowed, expected)?;
    (0..expected)
        .map(|i| {
            crate::dtype::read_f64(t.dtype, t.data, i)
                .ok_or(Error::UnsupportedDtype { op, dtype: t.dtype })
        })
        .collect()
}

/// [`read_params_f64`] for integer parameters, read exactly.
pub(super) fn read_params_i64(
    op: &'static str,
    what: &str,
    t: &TensorRef<'_>,
    allowed: &[ScalarType],
    expected: usize,
) -> Result<Vec<i64>> {
    check_param(op, what, t, allowed, expected)?;
    (0..expected)
        .map(|i| {
            crate::dtype::read_i64(t.dtype, t.data, i)
                .ok_or(Error::UnsupportedDtype { op, dtype: t.dtype })
        })
        .collect()
}

fn check_param(
    op: &'static str,
    what: &str,
    t: &TensorRef<'_>,
    allowed: &[ScalarType],
    expected: usize,
) -> Result<()> {
    if !allowed.contains(&t.dtype) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{what} has element type {}, expected one of {allowed:?}", t.dtype),
        });
    }
    if t.numel() != expected {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "{what} has {} elements (sizes {:?}), expected {expected}",
                t.numel(),
                t.sizes
            ),
        });
    }
    Ok(())
}

/// Normalises `axis` (negative counts from the end) for a tensor of rank `rank`.
pub(super) fn normalize_axis(op: &'static str, axis: i64, rank: usize) -> Result<usize> {
    let r = i64::try_from(rank).unwrap_or(i64::MAX);
    let a = if axis < 0 { axis.checked_add(r) } else { Some(axis) };
    match a {
        Some(a) if (0..r).contains(&a) => Ok(a as usize),
        _ => Err(Error::InvalidArgument {
            op,
            detail: format!("axis {axis} is out of range for a tensor of rank {rank}"),
        }),
    }
}
