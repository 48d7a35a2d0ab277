//! Element types and the numeric traits kernels compute with, in one place:
//! - [`Element`] (storage: the Rust type of each element type) and the one checked cast
//!   from bytes to elements;
//! - [`Compute`] (the portable kernels' compute types `f32`, `f64`, `i64`), chosen per
//!   common type by [`ComputeKind`] and dispatched statically by `with_compute!`;
//! - `RoundedFloat` (float element types whose every operation rounds to themselves) and
//!   `ComputeFloat` (the float compute types);
//! - reading and writing one element of any numeric type as `f64`/`i64`, PyTorch's type
//!   promotion and its `canCast`.

use pterun_core::ScalarType;

use crate::error::{Error, Result};

mod compute;
mod element;
mod float;

pub(crate) use compute::with_compute;
pub use compute::{is_supported, kind_of, Compute, ComputeKind};
pub use element::Element;
pub(crate) use element::{cast_slice, cast_slice_mut};
pub(crate) use float::{ComputeFloat, RoundedFloat};

/// Reads element `i` of `data` (of type `dtype`) as f64; `None` for types without a
/// numeric reading here or an index past the end.
pub fn read_f64(dtype: ScalarType, data: &[u8], i: usize) -> Option<f64> {
    let size = dtype.element_size();
    let bytes = data.get(i.checked_mul(size)?..i.checked_mul(size)?.checked_add(size)?)?;
    Some(match dtype {
        ScalarType::Float => f32::from_le_bytes(bytes.try_into().ok()?) as f64,
        ScalarType::Double => f64::from_le_bytes(bytes.try_into().ok()?),
        ScalarType::Half => half::f16::from_le_bytes(bytes.try_into().ok()?).to_f64(),
        ScalarType::BFloat16 => half::bf16::from_le_bytes(bytes.try_into().ok()?).to_f64(),
        ScalarType::Long => i64::from_le_bytes(bytes.try_into().ok()?) as f64,
        ScalarType::Int => i32::from_le_bytes(bytes.try_into().ok()?) as f64,
        ScalarType::Short => i16::from_le_bytes(bytes.try_into().ok()?) as f64,
        ScalarType::Char => bytes[0] as i8 as f64,
        ScalarType::Byte => bytes[0] as f64,
        ScalarType::Bool => (bytes[0] != 0) as u8 as f64,
        _ => return None,
    })
}

/// Reads element `i` as i64 (floats truncate toward zero).
pub fn read_i64(dtype: ScalarType, data: &[u8], i: usize) -> Option<i64> {
    let size = dtype.element_size();
    let bytes = data.get(i.checked_mul(size)?..i.checked_mul(size)?.checked_add(size)?)?;
    Some(match dtype {
        ScalarType::Long => i64::from_le_bytes(bytes.try_into().ok()?),
        ScalarType::Int => i32::from_le_bytes(bytes.try_into().ok()?) as i64,
        ScalarType::Short => i16::from_le_bytes(bytes.try_into().ok()?) as i64,
        ScalarType::Char => bytes[0] as i8 as i64,
        ScalarType::Byte => bytes[0] as i64,
        ScalarType::Bool => (bytes[0] != 0) as i64,
        _ => read_f64(dtype, data, i)? as i64,
    })
}

/// Writes `value` as element `i` of type `dtype` (integers truncate, bools test non-zero).
/// Returns `None` for unsupported types or an index past the end.
pub fn write_f64(dtype: ScalarType, data: &mut [u8], i: usize, value: f64) -> Option<()> {
    let size = dtype.element_size();
    let start = i.checked_mul(size)?;
    let bytes = data.get_mut(start..start.checked_add(size)?)?;
    match dtype {
        ScalarType::Float => bytes.copy_from_slice(&(value as f32).to_le_bytes()),
        ScalarType::Double => bytes.copy_from_slice(&value.to_le_bytes()),
        ScalarType::Half => bytes.copy_from_slice(&half::f16::from_f64(value).to_le_bytes()),
        ScalarType::BFloat16 => bytes.copy_from_slice(&half::bf16::from_f64(value).to_le_bytes()),
        ScalarType::Long => bytes.copy_from_slice(&(value as i64).to_le_bytes()),
        ScalarType::Int => bytes.copy_from_slice(&(value as i32).to_le_bytes()),
        ScalarType::Short => bytes.copy_from_slice(&(value as i16).to_le_bytes()),
        ScalarType::Char => bytes[0] = value as i8 as u8,
        ScalarType::Byte => bytes[0] = value as u8,
        ScalarType::Bool => bytes[0] = (value != 0.0) as u8,
        _ => return None,
    }
    Some(())
}

/// Writes an integer exactly (no trip through f64, so large int64 values survive).
pub fn write_i64(dtype: ScalarType, data: &mut [u8], i: usize, value: i64) -> Option<()> {
    let size = dtype.element_size();
    let start = i.checked_mul(size)?;
    let bytes = data.get_mut(start..start.checked_add(size)?)?;
    match dtype {
        ScalarType::Long => bytes.copy_from_slice(&value.to_le_bytes()),
        ScalarType::Int => bytes.copy_from_slice(&(value as i32).to_le_bytes()),
        ScalarType::Short => bytes.copy_from_slice(&(value as i16).to_le_bytes()),
        ScalarType::Char => bytes[0] = value as i8 as u8,
        ScalarType::Byte => bytes[0] = value as u8,
        ScalarType::Bool => bytes[0] = (value != 0) as u8,
        _ => return write_f64(dtype, data, i, value as f64),
    }
    Some(())
}

/// Whether the type is a floating-point type.
pub fn is_float(dtype: ScalarType) -> bool {
    matches!(
        dtype,
        ScalarType::Float | ScalarType::Double | ScalarType::Half | ScalarType::BFloat16
    )
}

/// Whether the type is an integer type (bool excluded).
pub fn is_integer(dtype: ScalarType) -> bool {
    matches!(
        dtype,
        ScalarType::Byte
            | ScalarType::Char
            | ScalarType::Short
            | ScalarType::Int
            | ScalarType::Long
    )
}

/// PyTorch's promotion of two tensor types (the common cases used by exported programs).
pub fn promote(a: ScalarType, b: ScalarType) -> ScalarType {
    use ScalarType::*;
    if a == b {
        return a;
    }
    let rank = |t: ScalarType| match t {
        Bool => 0,
        Byte => 1,
        Char => 2,
        Short => 3,
        Int => 4,
        Long => 5,
        BFloat16 => 6,
        Half => 7,
        Float => 8,
        Double => 9,
        _ => 10,
    };
    if (a == Half && b == BFloat16) || (a == BFloat16 && b == Half) {
        return Float;
    }
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

/// Whether a value of type `from` may be stored into `to` (PyTorch's `canCast`: no float
/// into integer/bool, no integer into bool).
pub(crate) fn can_cast(from: ScalarType, to: ScalarType) -> bool {
    !((is_float(from) && (is_integer(to) || to == ScalarType::Bool))
        || (is_integer(from) && to == ScalarType::Bool))
}

pub(crate) fn check_cast(op: &'static str, from: ScalarType, to: ScalarType) -> Result<()> {
    if can_cast(from, to) {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            op,
            detail: format!("cannot store a {from} result into a {to} output"),
        })
    }
}
