//! Quantized embedding lookups: rows of an 8-, 4- or 2-bit weight table dequantized with
//! a scale (and optional zero point) per row or per group of each row.

use pterun_core::ScalarType;

use super::{with_float, FloatElem};
use crate::args::{KernelCall, Signature};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};
use crate::util::one_out;

/// How weight values are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Packing {
    /// One int8 or uint8 value per byte.
    Byte,
    /// Two 4-bit values per byte, the even column in the high nibble, offset by 8.
    Nibbles,
    /// Four 2-bit values per byte, the first column in the lowest bits, offset by 2.
    Crumbs,
}

impl Packing {
    fn per_byte(self) -> usize {
        match self {
            Packing::Byte => 1,
            Packing::Nibbles => 2,
            Packing::Crumbs => 4,
        }
    }
}

/// Value `j` of a weight row.
fn weight_value(packing: Packing, signed: bool, row: &[u8], j: usize) -> f32 {
    let byte = row.get(j / packing.per_byte()).copied().unwrap_or(0);
    match packing {
        Packing::Byte if signed => f32::from(byte as i8),
        Packing::Byte => f32::from(byte),
        Packing::Nibbles => {
            let nibble = if j.is_multiple_of(2) { byte >> 4 } else { byte & 0x0f };
            f32::from(nibble) - 8.0
        }
        Packing::Crumbs => f32::from((byte >> (2 * (j % 4))) & 3) - 2.0,
    }
}

/// Reads float parameters (scales or zero points) of type Float, Half or BFloat16.
fn params_f32(op: &'static str, t: &TensorRef<'_>) -> Result<Vec<f32>> {
    with_float!(op, t.dtype, [Float => f32, Half => half::f16, BFloat16 => half::bf16], P => {
        Ok(t.data.chunks_exact(P::SIZE).map(|c| P::get(c) as f32).collect())
    })
}

/// The arguments every variant shares.
struct Lookup<'a> {
    weight: TensorRef<'a>,
    scales: TensorRef<'a>,
    zero_points: Option<TensorRef<'a>>,
    quant_min: i64,
    quant_max: i64,
    indices: TensorRef<'a>,
}

/// Checks the arguments as the official kernels do (plus the bounds of every index), then
/// resizes `out` to `indices.sizes + [embedding_dim]` and fills it.
fn embed(
    op: &'static str,
    packing: Packing,
    a: &Lookup<'_>,
    dtype: Option<ScalarType>,
    scales_follow_out: bool,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let invalid = |detail: String| Error::InvalidArgument { op, detail };
    let signed = match (packing, a.weight.dtype) {
        (Packing::Byte, ScalarType::Char) => true,
        (_, ScalarType::Byte) => false,
        (_, dtype) => return Err(Error::UnsupportedDtype { op, dtype }),
    };
    let &[rows, packed_cols] = a.weight.sizes else {
        return Err(invalid(format!("weight must be 2-D, found sizes {:?}", a.weight.sizes)));
    };
    let dim = packed_cols
        .checked_mul(packing.per_byte())
        .ok_or_else(|| invalid("embedding dimension overflows".into()))?;
    let groups = match a.scales.sizes {
        [r] if *r == rows => 1,
        [r, g] if *r == rows && *g > 0 && dim % g == 0 => *g,
        sizes => {
            return Err(invalid(format!(
                "weight_scales sizes {sizes:?} do not fit a weight of {rows} rows of {dim} values"
            )))
        }
    };
    let group_size = dim / groups;
    if !matches!(out.dtype, ScalarType::Float | ScalarType::Half | ScalarType::BFloat16) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    if let Some(want) = dtype {
        if want != out.dtype {
            return Err(invalid(format!("out has element type {}, dtype says {want}", out.dtype)));
        }
    }
    // The variants without `dtype` read the scales as the output's type; the others read
    // zero points as the scales' type: both are required to agree rather than misread.
    if scales_follow_out && a.scales.dtype != out.dtype {
        return Err(invalid(format!(
            "weight_scales has element type {}, the output {}",
            a.scales.dtype, out.dtype
        )));
    }
    if let Some(zp) = &a.zero_points {
        if zp.sizes != a.scales.sizes || zp.dtype != out.dtype || zp.dtype != a.scales.dtype {
            return Err(invalid(format!(
                "weight_zero_points ({} {:?}) must match weight_scales ({} {:?}) and the output type",
                zp.dtype, zp.sizes, a.scales.dtype, a.scales.sizes
            )));
        }
    }
    let index_type_ok = match packing {
        Packing::Byte => a.indices.dtype == ScalarType::Long,
        _ => matches!(a.indices.dtype, ScalarType::Long | ScalarType::Int),
    };
    if !index_type_ok {
        return Err(Error::UnsupportedDtype { op, dtype: a.indices.dtype });
    }
    if a.quant_min > a.quant_max {
        return Err(invalid(format!(
            "weight_quant_min {} is greater than weight_quant_max {}",
            a.quant_min, a.quant_max
        )));
    }
    let indices: Vec<i64> = (0..a.indices.numel())
        .map(|i| crate::dtype::read_i64(a.indices.dtype, a.indices.data, i).unwrap_or(-1))
        .collect();
    if let Some(bad) = indices.iter().find(|&&i| usize::try_from(i).map_or(true, |i| i >= rows)) {
        return Err(invalid(format!("index {bad} is out of range for {rows} rows")));
    }
    let scales = params_f32(op, &a.scales)?;
    let zero_points = a.zero_points.as_ref().map(|zp| params_f32(op, zp)).transpose()?;

    let mut sizes = a.indices.sizes.to_vec();
    sizes.push(dim);
    out.resize(&sizes)?;
    let out_dtype = out.dtype;
    let dst = out.bytes_mut();
    with_float!(op, out_dtype, [Float => f32, Half => half::f16, BFloat16 => half::bf16], O => {
        if dim == 0 {
            return Ok(());
        }
        for (&index, out_row) in indices.iter().zip(dst.chunks_exact_mut(dim * O::SIZE)) {
            let r = index as usize;
            let row = a.weight.data.get(r * packed_cols..(r + 1) * packed_cols).unwrap_or(&[]);
            let params = r * groups..(r + 1) * groups;
            let row_scales = scales.get(params.clone()).unwrap_or(&[]);
            let row_zeros = zero_points.as_ref().and_then(|z| z.get(params));
            for (j, y) in out_row.chunks_exact_mut(O::SIZE).enumerate() {
                let g = j / group_size;
                let scale = row_scales.get(g).copied().unwrap_or(0.0);
                let zp = row_zeros.and_then(|z| z.get(g)).copied().unwrap_or(0.0);
                O::put_f32((weight_value(packing, signed, row, j) - zp) * scale, y);
            }
        }
        Ok(())
    })
}

/// `embedding_*.out(Tensor weight, Tensor weight_scales, Tensor? weight_zero_points, int
/// weight_quant_min, int weight_quant_max, Tensor indices, *, Tensor(a!) out)`.
const EMBEDDING: Signature = &[
    "weight",
    "weight_scales",
    "weight_zero_points",
    "weight_quant_min",
    "weight_quant_max",
    "indices",
    "out",
];

/// The `.dtype_out` overloads: `EMBEDDING` with `ScalarType? dtype` before `out`.
const EMBEDDING_DTYPE: Signature = &[
    "weight",
    "weight_scales",
    "weight_zero_points",
    "weight_quant_min",
    "weight_quant_max",
    "indices",
    "dtype",
    "out",
];

fn embedding(call: &mut KernelCall<'_>, packing: Packing, with_dtype: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(if with_dtype { EMBEDDING_DTYPE } else { EMBEDDING })?;
    let lookup = Lookup {
        weight: args.tensor("weight")?,
        scales: args.tensor("weight_scales")?,
        zero_points: args.opt_tensor("weight_zero_points")?,
        quant_min: args.int("weight_quant_min")?,
        quant_max: args.int("weight_quant_max")?,
        indices: args.tensor("indices")?,
    };
    let dtype = if with_dtype { args.opt_dtype("dtype")? } else { None };
    embed(op, packing, &lookup, dtype, !with_dtype, one_out(op, outs)?)
}

/// `quantized_decomposed::embedding_byte.out`.
pub(super) fn embedding_byte(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Byte, false)
}

/// `quantized_decomposed::embedding_byte.dtype_out`.
pub(super) fn embedding_byte_dtype(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Byte, true)
}

/// `quantized_decomposed::embedding_4bit.out`.
pub(super) fn embedding_4bit(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Nibbles, false)
}

/// `quantized_decomposed::embedding_4bit.dtype_out`.
pub(super) fn embedding_4bit_dtype(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Nibbles, true)
}

/// `quantized_decomposed::embedding_2bit.out`.
pub(super) fn embedding_2bit(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Crumbs, false)
}

/// `quantized_decomposed::embedding_2bit.dtype_out`.
pub(super) fn embedding_2bit_dtype(call: &mut KernelCall<'_>) -> Result<()> {
    embedding(call, Packing::Crumbs, true)
}
