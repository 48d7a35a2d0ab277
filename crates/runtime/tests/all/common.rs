//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use pterun_core::ScalarType;
use pterun_memory::{MmapLoader, MmapOptions};
use serde_json::Value;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/models")
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn loader(path: &Path) -> Arc<MmapLoader> {
    Arc::new(MmapLoader::open(path, MmapOptions::default()).expect("fixture opens"))
}

/// Compares `actual` with `expected` bytes of type `dtype`: f32 within `|a - b| <= 1e-5 +
/// 1e-4 |b|`, other floating-point types exactly (NaN matching NaN), the rest byte for
/// byte; returns a description of the first mismatch.
pub fn compare(dtype: ScalarType, actual: &[u8], expected: &[u8]) -> Result<(), String> {
    let (atol, rtol) = if dtype == ScalarType::Float { (1e-5, 1e-4) } else { (0.0, 0.0) };
    compare_within(dtype, actual, expected, atol, rtol)
}

/// The `fixtures/ops` directory.
pub fn op_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/ops")
}

/// Sizes from a JSON array.
pub fn sizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).map(|d| d as usize).collect())
        .unwrap_or_default()
}

/// Element type from a JSON name.
pub fn dtype(v: &Value) -> ScalarType {
    ScalarType::from_name(v.as_str().unwrap_or("")).unwrap_or_else(|| panic!("unknown dtype {v}"))
}

/// Compares floating-point outputs within `|a - b| <= atol + rtol |b|` (NaN matching
/// NaN), other types byte for byte; returns a description of the first mismatch.
pub fn compare_within(
    dtype: ScalarType,
    actual: &[u8],
    expected: &[u8],
    atol: f64,
    rtol: f64,
) -> Result<(), String> {
    if actual.len() != expected.len() {
        return Err(format!("{} bytes, expected {}", actual.len(), expected.len()));
    }
    let widen: fn(&[u8]) -> f64 = match dtype {
        ScalarType::Float => |c| f64::from(f32::from_le_bytes(c.try_into().unwrap())),
        ScalarType::Double => |c| f64::from_le_bytes(c.try_into().unwrap()),
        ScalarType::Half => |c| f64::from(half::f16::from_le_bytes(c.try_into().unwrap())),
        ScalarType::BFloat16 => |c| f64::from(half::bf16::from_le_bytes(c.try_into().unwrap())),
        _ if actual == expected => return Ok(()),
        _ => return Err(format!("{dtype} bytes differ")),
    };
    let size = dtype.element_size();
    for (i, (a, b)) in actual.chunks_exact(size).zip(expected.chunks_exact(size)).enumerate() {
        let (x, y) = (widen(a), widen(b));
        let ok = x == y || (x.is_nan() && y.is_nan()) || (x - y).abs() <= atol + rtol * y.abs();
        if !ok {
            return Err(format!("element {i}: {x} vs expected {y} (atol {atol}, rtol {rtol})"));
        }
    }
    Ok(())
}
