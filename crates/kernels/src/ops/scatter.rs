//! Kernels: writing into a copy of a tensor at given places: `slice_scatter` (slice
//! assignment made functional), `scatter` with a tensor or a scalar source, and
//! `scatter_add`. Every index read from a tensor is checked against the dimension it
//! addresses before anything is written; as in the portable kernels, scatter indices must
//! be int64 and in `0..size` (negative indices are an error, not counted from the end).

use pterun_core::{ScalarType, ShapeDynamism};

use crate::args::{KernelCall, Scalar};
use crate::dtype::{kind_of, with_compute, Compute};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{contiguous_strides, Shape, TensorMut, TensorRef};
use crate::util::{
    checked_numel, elem_size, in_bytes, normalize_dim, one_out, read_vec, write_vec,
};

use super::convert::convert_into;
use super::slice::slice_bounds;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::slice_scatter.out", slice_scatter),
    ("aten::scatter.src_out", scatter_src),
    ("aten::scatter.value_out", scatter_value),
    ("aten::scatter_add.out", scatter_add),
];

/// `src`'s elements converted to `dtype`, in 8-byte-aligned storage (any element type can
/// be viewed), as `(words, byte length)`.
fn converted(
    op: &'static str,
    src: &TensorRef<'_>,
    dtype: ScalarType,
) -> Result<(Vec<u64>, usize)> {
    let len = checked_numel(op, src.sizes)?
        .checked_mul(elem_size(op, dtype)?)
        .ok_or_else(|| Error::InvalidArgument { op, detail: "size overflow".into() })?;
    let mut words = vec![0u64; len.div_ceil(8)];
    let mut shape = Shape::new(src.sizes.to_vec(), ShapeDynamism::Static);
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..len];
    convert_into(op, src, &mut TensorMut::new(dtype, &mut shape, bytes))?;
    Ok((words, len))
}

/// `aten::slice_scatter.out(Tensor self, Tensor src, int dim=0, SymInt? start=None, SymInt?
/// end=None, SymInt step=1, *, Tensor(a!) out)`: `self` with `self[dim][start:end:step]`
/// replaced by `src` (converted to `self`'s type).
fn slice_scatter(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(7)?;
    let (dim, start, end, step) = (call.int(2)?, call.opt_int(3)?, call.opt_int(4)?, call.int(5)?);
    let (inp, outs) = call.split();
    let (input, src) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    if input.dtype != out.dtype {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("output type {} differs from input type {}", out.dtype, input.dtype),
        });
    }
    let es = elem_size(op, input.dtype)?;
    elem_size(op, src.dtype)?;
    out.resize(input.sizes)?;
    if input.numel() == 0 {
        return Ok(());
    }
    let d = normalize_dim(op, dim, input.dim())?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "slice of a 0-dim tensor".into() });
    }
    let (first, count) = slice_bounds(op, input.sizes[d], start, end, step)?;
    let mut want = input.sizes.to_vec();
    want[d] = count;
    if src.sizes != want.as_slice() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "src has sizes {:?}, the slice [{first}::{step}] of dim {d} of {:?} has {want:?}",
                src.sizes, input.sizes
            ),
        });
    }
    let (words, len) = converted(op, &src, input.dtype)?;
    let src_bytes = &bytemuck::cast_slice::<u64, u8>(&words)[..len];
    let dst = out.bytes_mut();
    dst.copy_from_slice(in_bytes(op, &input)?);
    let (outer, size, inner) = super::activation::outer_dim_inner(input.sizes, d);
    let row = inner * es;
    let step = step as usize; // positive, checked by `slice_bounds`
    let mut r = 0;
    for o in 0..outer {
        for j in 0..count {
            let at = ((o * size + first + j * step) * inner) * es;
            dst[at..at + row].copy_from_slice(&src_bytes[r..r + row]);
            r += row;
        }
    }
    Ok(())
}

/// Sizes with a 0-dim tensor seen as one element in one dimension (`nonzero_dim`).
fn nonzero_sizes(sizes: &[usize]) -> Vec<usize> {
    if sizes.is_empty() {
        vec![1]
    } else {
        sizes.to_vec()
    }
}

/// Where a scatter writes: for every index element in order, the flat offset it writes in
/// the output (`targets`) and the flat offset it reads in `src` (`sources`: the index
/// element's own coordinates, `src`'s strides; empty without a `src`).
struct Plan {
    targets: Vec<usize>,
    sources: Vec<usize>,
}

/// Checks a scatter's index (int64, the same rank as `self` and `src`, no larger than `src`
/// in any dimension nor than `self` outside `dim`, every value in `0..self.size(dim)`) and
/// plans its writes.
fn plan(
    op: &'static str,
    self_sizes: &[usize],
    dim: usize,
    index: &TensorRef<'_>,
    src_sizes: Option<&[usize]>,
) -> Result<Plan> {
    if index.dtype != ScalarType::Long {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("index must be int64, found {}", index.dtype),
        });
    }
    let ids = read_vec::<i64>(op, index)?;
    if ids.is_empty() {
        return Ok(Plan { targets: vec![], sources: vec![] });
    }
    let (osz, isz) = (nonzero_sizes(self_sizes), nonzero_sizes(index.sizes));
    let ssz = src_sizes.map(nonzero_sizes);
    let ranks_differ = isz.len() != osz.len() || ssz.as_ref().is_some_and(|s| s.len() != osz.len());
    if ranks_differ {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "self {self_sizes:?}, index {:?} and src {src_sizes:?} must have the same rank",
                index.sizes
            ),
        });
    }
    for q in 0..osz.len() {
        let too_big_for_src = ssz.as_ref().is_some_and(|s| isz[q] > s[q]);
        if too_big_for_src || (q != dim && isz[q] > osz[q]) {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "index {:?} is larger than self {self_sizes:?} (outside dim {dim}) or src \
                     {src_sizes:?} in dimension {q}",
                    index.sizes
                ),
            });
        }
    }
    let (ost, xst) = (contiguous_strides(&osz), contiguous_strides(&isz));
    let sst = ssz.as_deref().map(contiguous_strides);
    let mut targets = Vec::with_capacity(ids.len());
    let mut sources = Vec::with_capacity(if sst.is_some() { ids.len() } else { 0 });
    for (k, &i) in ids.iter().enumerate() {
        if i < 0 || i as u64 >= osz[dim] as u64 {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("index {i} out of range for dimension {dim} of size {}", osz[dim]),
            });
        }
        let (mut to, mut from) = (0, 0);
        for q in 0..osz.len() {
            let c = (k / xst[q]) % isz[q];
            to += if q == dim { i as usize } else { c } * ost[q];
            if let Some(sst) = &sst {
                from += c * sst[q];
            }
        }
        targets.push(to);
        if sst.is_some() {
            sources.push(from);
        }
    }
    Ok(Plan { targets, sources })
}

/// The inputs every scatter shares: `self`, `dim` normalised against it, and the output
/// (checked to have `self`'s type, resized to its sizes).
fn scatter_self(
    op: &'static str,
    input: &TensorRef<'_>,
    dim: i64,
    out: &mut TensorMut<'_>,
) -> Result<usize> {
    if input.dtype != out.dtype {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("output type {} differs from self type {}", out.dtype, input.dtype),
        });
    }
    kind_of(op, input.dtype)?;
    let d = normalize_dim(op, dim, input.dim())?;
    out.resize(input.sizes)?;
    Ok(d)
}

/// The operands of a scatter from a tensor (`scatter.src_out`, `scatter_add.out`: `self,
/// dim, index, src`), checked: `self`, `src` (of `self`'s type), the output (see
/// [`scatter_self`]) and the planned writes.
fn src_scatter<'c, 'a>(
    op: &'static str,
    call: &'c mut KernelCall<'a>,
) -> Result<SrcScatter<'c, 'a>> {
    call.expect_args(5)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let (input, index, src) = (inp.tensor(0)?, inp.tensor(2)?, inp.tensor(3)?);
    let out = one_out(op, outs)?;
    let d = scatter_self(op, &input, dim, out)?;
    if src.dtype != input.dtype {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("src type {} differs from self type {}", src.dtype, input.dtype),
        });
    }
    let plan = plan(op, input.sizes, d, &index, Some(src.sizes))?;
    Ok(SrcScatter { input, index, src, out, plan })
}

/// What [`src_scatter`] returns.
struct SrcScatter<'c, 'a> {
    input: TensorRef<'a>,
    index: TensorRef<'a>,
    src: TensorRef<'a>,
    out: &'c mut TensorMut<'a>,
    plan: Plan,
}

/// `aten::scatter.src_out(Tensor self, int dim, Tensor index, Tensor src, *, Tensor(a!)
/// out)`: `out[..., index[i], ...] = src[i]` along `dim`, later index elements winning.
fn scatter_src(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let SrcScatter { input, src, out, plan, .. } = src_scatter(op, call)?;
    let es = input.dtype.element_size();
    let sb = in_bytes(op, &src)?;
    let dst = out.bytes_mut();
    dst.copy_from_slice(in_bytes(op, &input)?);
    for (&to, &from) in plan.targets.iter().zip(&plan.sources) {
        dst[to * es..(to + 1) * es].copy_from_slice(&sb[from * es..(from + 1) * es]);
    }
    Ok(())
}

/// Whether `value` converts to `dtype` without overflow, by c10's `overflows` rule (used by
/// the portable kernels before they cast a scalar): integers must fit the integer range
/// (negative values may wrap into uint8 if their magnitude fits), floats must be finite
/// and in range for integer types and in range (or infinite, or NaN) for float types.
pub(crate) fn scalar_fits(dtype: ScalarType, value: Scalar) -> bool {
    use ScalarType::*;
    let (lo, hi): (f64, f64) = match dtype {
        Bool => (0.0, 1.0),
        Byte => (0.0, 255.0),
        Char => (i8::MIN as f64, i8::MAX as f64),
        Short => (i16::MIN as f64, i16::MAX as f64),
        Int => (i32::MIN as f64, i32::MAX as f64),
        Long => (i64::MIN as f64, i64::MAX as f64),
        Half => (-65504.0, 65504.0),
        BFloat16 => (-(half::bf16::MAX.to_f64()), half::bf16::MAX.to_f64()),
        Float => (f32::MIN as f64, f32::MAX as f64),
        Double => return true,
        _ => return false,
    };
    match value {
        Scalar::Bool(_) => true,
        Scalar::Int(v) => match dtype {
            Long => true,
            Byte => (0..=255).contains(&v) || (v < 0 && v.unsigned_abs() <= 255),
            _ => (lo..=hi).contains(&(v as f64)),
        },
        Scalar::Double(v) => {
            if crate::dtype::is_float(dtype) {
                v.is_nan() || v.is_infinite() || (lo..=hi).contains(&v)
            } else {
                (lo..=hi).contains(&v)
            }
        }
    }
}

/// `aten::scatter.value_out(Tensor self, int dim, Tensor index, Scalar value, *,
/// Tensor(a!) out)`: `out[..., index[i], ...] = value` along `dim`.
fn scatter_value(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let dim = call.int(1)?;
    let value = call.scalar(3)?;
    let (inp, outs) = call.split();
    let (input, index) = (inp.tensor(0)?, inp.tensor(2)?);
    let out = one_out(op, outs)?;
    let d = scatter_self(op, &input, dim, out)?;
    let plan = plan(op, input.sizes, d, &index, None)?;
    if !scalar_fits(input.dtype, value) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("value {value:?} does not fit a {} tensor", input.dtype),
        });
    }
    with_compute!(kind_of(op, input.dtype)?, T => {
        let mut x = read_vec::<T>(op, &input)?;
        // A C++ cast to bool tests for non-zero (0.5 is true).
        let v = if input.dtype == ScalarType::Bool {
            <T as Compute>::from_bool(value.to_f64() != 0.0)
        } else {
            <T as Compute>::from_scalar(value)
        };
        for &to in &plan.targets {
            x[to] = v;
        }
        write_vec(op, out, &x)
    })
}

/// `aten::scatter_add.out(Tensor self, int dim, Tensor index, Tensor src, *, Tensor(a!)
/// out)`: `out[..., index[i], ...] += src[i]` along `dim`, in index order, each sum rounded
/// to the element type as the portable kernel's `+=` on that type does.
fn scatter_add(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let SrcScatter { input, index, src, out, plan } = src_scatter(op, call)?;
    let dtype = input.dtype;
    with_compute!(kind_of(op, dtype)?, T => {
        let mut x = read_vec::<T>(op, &input)?;
        let s = read_vec::<T>(op, &src)?;
        let round = |v: T| -> T {
            match dtype {
                ScalarType::Half => T::from_f32(half::f16::from_f32(v.to_f32()).to_f32()),
                ScalarType::BFloat16 => T::from_f32(half::bf16::from_f32(v.to_f32()).to_f32()),
                _ => v,
            }
        };
        if input.dim() == 0 && !plan.targets.is_empty() {
            // The portable kernel adds `src[0]` once per index element along dim 0.
            let count = nonzero_sizes(index.sizes)[0];
            x[0] = round(x[0].add(round(T::from_i64(count as i64).mul(s[0]))));
        } else {
            for (&to, &from) in plan.targets.iter().zip(&plan.sources) {
                x[to] = round(x[to].add(s[from]));
            }
        }
        write_vec(op, out, &x)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Arg;
    use crate::ops::run_f32;

    fn bytes_i64(v: &[i64]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn scatter_add_accumulates_repeated_indices() {
        let base = bytemuck::cast_slice(&[0f32; 4]).to_vec();
        let src = bytemuck::cast_slice(&[1f32, 2.0, 3.0]).to_vec();
        let idx = bytes_i64(&[3, 0, 3]);
        let args = vec![
            Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[4], data: &base }),
            Arg::Int(-1),
            Arg::Tensor(TensorRef { dtype: ScalarType::Long, sizes: &[3], data: &idx }),
            Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[3], data: &src }),
            Arg::Out(0),
        ];
        assert_eq!(
            run_f32("aten::scatter_add.out", args, &[4]).expect("runs"),
            [2.0, 0.0, 0.0, 4.0]
        );
    }

    #[test]
    fn scatter_indices_outside_the_dimension_are_errors() {
        let base = bytemuck::cast_slice(&[0f32; 4]).to_vec();
        let src = bytemuck::cast_slice(&[1f32; 2]).to_vec();
        for bad in [4i64, -1, i64::MIN] {
            let idx = bytes_i64(&[0, bad]);
            for name in
                ["aten::scatter.src_out", "aten::scatter_add.out", "aten::scatter.value_out"]
            {
                let last = if name == "aten::scatter.value_out" {
                    Arg::Double(1.0)
                } else {
                    Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[2], data: &src })
                };
                let args = vec![
                    Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[4], data: &base }),
                    Arg::Int(0),
                    Arg::Tensor(TensorRef { dtype: ScalarType::Long, sizes: &[2], data: &idx }),
                    last,
                    Arg::Out(0),
                ];
                let err = run_f32(name, args, &[4]).expect_err("index out of range");
                assert!(matches!(err, Error::InvalidArgument { .. }), "{name}: {err}");
            }
        }
    }

    #[test]
    fn scatter_index_larger_than_src_is_an_error() {
        let base = bytemuck::cast_slice(&[0f32; 4]).to_vec();
        let src = bytemuck::cast_slice(&[1f32; 2]).to_vec();
        let idx = bytes_i64(&[0, 1, 2]);
        let args = vec![
            Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[4], data: &base }),
            Arg::Int(0),
            Arg::Tensor(TensorRef { dtype: ScalarType::Long, sizes: &[3], data: &idx }),
            Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[2], data: &src }),
            Arg::Out(0),
        ];
        let err = run_f32("aten::scatter.src_out", args, &[4]).expect_err("index too large");
        assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
    }

    #[test]
    fn slice_scatter_checks_src_against_the_slice() {
        let base = bytemuck::cast_slice(&[0f32; 6]).to_vec();
        let src = bytemuck::cast_slice(&[1f32, 2.0]).to_vec();
        let make = |start: i64, step: i64| {
            vec![
                Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[6], data: &base }),
                Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes: &[2], data: &src }),
                Arg::Int(0),
                Arg::Int(start),
                Arg::None,
                Arg::Int(step),
                Arg::Out(0),
            ]
        };
        assert_eq!(
            run_f32("aten::slice_scatter.out", make(-4, 3), &[6]).expect("runs"),
            [0.0, 0.0, 1.0, 0.0, 0.0, 2.0]
        );
        assert!(run_f32("aten::slice_scatter.out", make(0, 2), &[6]).is_err(), "3 slots, 2 values");
        assert!(run_f32("aten::slice_scatter.out", make(0, 0), &[6]).is_err(), "step 0");
    }

    #[test]
    fn scalar_fits_follows_c10_overflows() {
        assert!(scalar_fits(ScalarType::Byte, Scalar::Int(-255)));
        assert!(!scalar_fits(ScalarType::Byte, Scalar::Int(256)));
        assert!(!scalar_fits(ScalarType::Char, Scalar::Int(128)));
        assert!(!scalar_fits(ScalarType::Bool, Scalar::Int(2)));
        assert!(!scalar_fits(ScalarType::Int, Scalar::Double(f64::INFINITY)));
        assert!(scalar_fits(ScalarType::Float, Scalar::Double(f64::INFINITY)));
        assert!(!scalar_fits(ScalarType::Half, Scalar::Double(1e5)));
    }
}
