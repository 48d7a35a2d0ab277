//! Element-type helpers shared by kernels: reading and writing one element of any numeric
//! type as `f64`/`i64`, and PyTorch's type promotion.

use pterun_core::ScalarType;

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
