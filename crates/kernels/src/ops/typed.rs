//! RoundedFloat element types other than f32 for the gemm-side families (matrix products,
//! convolution, normalisation, pooling, resampling): checked typed views of tensors, and
//! conversion to and from a wider compute type.
//!
//! ExecuTorch's kernels compute these types in one of two ways, and each kernel here
//! follows the one its official counterpart uses:
//! - in the element type itself (`CTYPE accum; accum += x * w` with `c10::Half`), every
//!   operation rounded to the type: generic code over [`RoundedFloat`] on the borrowed elements
//!   reproduces that rounding, since `half`'s operators also go through f32 and round back;
//! - in float (f16, bf16) or double (f64), rounding once at the store: [`widen`] the
//!   inputs, run the compute-type code, [`store`] the result.

use std::borrow::Cow;

use pterun_core::ScalarType;

use crate::dtype::{Element, RoundedFloat};
use crate::error::{Error, Result};
use crate::tensor::{numel, TensorMut, TensorRef};

/// Runs `$body` with `$T` bound to the element type of float16, bfloat16 or float64
/// `$dtype`; any other type is an `UnsupportedDtype` error of `$op`. Float32 is not
/// dispatched here: its kernels keep their own fast paths.
macro_rules! with_wide_or_half {
    ($op:expr, $dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            ::pterun_core::ScalarType::Half => {
                type $T = half::f16;
                $body
            }
            ::pterun_core::ScalarType::BFloat16 => {
                type $T = half::bf16;
                $body
            }
            ::pterun_core::ScalarType::Double => {
                type $T = f64;
                $body
            }
            dtype => Err($crate::error::Error::UnsupportedDtype { op: $op, dtype }),
        }
    };
}
pub(super) use with_wide_or_half;

/// Requires every tensor to have element type `dtype` (the kernels here do not mix types).
pub(super) fn same_dtype(
    op: &'static str,
    dtype: ScalarType,
    tensors: &[Option<&TensorRef<'_>>],
) -> Result<()> {
    match tensors.iter().flatten().find(|t| t.dtype != dtype) {
        Some(t) => Err(Error::UnsupportedDtype { op, dtype: t.dtype }),
        None => Ok(()),
    }
}

/// The elements of an input of type `T`, checked to be exactly as many as its sizes say.
pub(super) fn elems<'a, T: Element>(op: &'static str, t: &TensorRef<'a>) -> Result<&'a [T]> {
    let data = t.as_slice::<T>(op)?;
    match numel(t.sizes) {
        Some(n) if n == data.len() => Ok(data),
        _ => Err(Error::ShapeMismatch {
            op,
            detail: format!("tensor of sizes {:?} holds {} elements", t.sizes, data.len()),
        }),
    }
}

/// The elements of an output of type `T` at its current sizes, checked to be all there.
pub(super) fn elems_mut<'o, T: Element>(
    op: &'static str,
    out: &'o mut TensorMut<'_>,
) -> Result<&'o mut [T]> {
    let sizes = out.sizes().to_vec();
    let want = numel(&sizes);
    let data = out.as_mut_slice::<T>(op)?;
    match want {
        Some(n) if n == data.len() => Ok(data),
        _ => Err(Error::ShapeMismatch {
            op,
            detail: format!("output of sizes {sizes:?} has room for {} elements", data.len()),
        }),
    }
}

/// The compute type of the float kernels that widen: f64 for f64, f32 for the others.
pub(super) fn compute_is_f64(dtype: ScalarType) -> bool {
    dtype == ScalarType::Double
}

/// The elements of a float input converted to compute type `A` (borrowed when they already
/// are `A`). Every float type converts exactly to f64, and f16/bf16 exactly to f32; f64
/// into f32 would round, which callers avoid by choosing `A` with [`compute_is_f64`].
pub(super) fn widen<'a, A: RoundedFloat>(
    op: &'static str,
    t: &TensorRef<'a>,
) -> Result<Cow<'a, [A]>> {
    fn map<'a, E: RoundedFloat, A: RoundedFloat>(
        op: &'static str,
        t: &TensorRef<'a>,
    ) -> Result<Cow<'a, [A]>> {
        Ok(Cow::Owned(elems::<E>(op, t)?.iter().map(|v| A::from_f64(v.to_f64())).collect()))
    }
    if t.dtype == A::DTYPE {
        return Ok(Cow::Borrowed(elems::<A>(op, t)?));
    }
    match t.dtype {
        ScalarType::Float => map::<f32, A>(op, t),
        ScalarType::Double => map::<f64, A>(op, t),
        ScalarType::Half => map::<half::f16, A>(op, t),
        ScalarType::BFloat16 => map::<half::bf16, A>(op, t),
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

/// [`widen`] for an optional input.
pub(super) fn widen_opt<'a, A: RoundedFloat>(
    op: &'static str,
    t: Option<&TensorRef<'a>>,
) -> Result<Option<Cow<'a, [A]>>> {
    t.map(|t| widen::<A>(op, t)).transpose()
}

/// Writes compute-type values `vals` (exactly the output's element count) into a float
/// output, each rounded once to its element type (through f32 for f16/bf16, as the C++
/// conversions of float to `Half`/`BFloat16` do; exact for f32-valued `A`).
pub(super) fn store<A: RoundedFloat>(
    op: &'static str,
    out: &mut TensorMut<'_>,
    vals: &[A],
) -> Result<()> {
    fn put<E: RoundedFloat, A: RoundedFloat>(
        op: &'static str,
        out: &mut TensorMut<'_>,
        vals: &[A],
    ) -> Result<()> {
        let dst = elems_mut::<E>(op, out)?;
        if dst.len() != vals.len() {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("{} values for an output of {} elements", vals.len(), dst.len()),
            });
        }
        for (d, &v) in dst.iter_mut().zip(vals) {
            *d = E::from_f64(v.to_f64());
        }
        Ok(())
    }
    match out.dtype {
        ScalarType::Float => put::<f32, A>(op, out, vals),
        ScalarType::Double => put::<f64, A>(op, out, vals),
        ScalarType::Half => put::<half::f16, A>(op, out, vals),
        ScalarType::BFloat16 => put::<half::bf16, A>(op, out, vals),
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tensor::Shape;
    use pterun_core::ShapeDynamism;

    #[test]
    fn half_arithmetic_rounds_every_operation() {
        // 2048 + 1 is not representable in f16: the sum stays 2048 in the type itself.
        let big = half::f16::from_f32(2048.0);
        let one = half::f16::from_f32(1.0);
        assert_eq!((big + one).to_f32(), 2048.0);
        assert_eq!(RoundedFloat::sqrt(half::f16::from_f32(2.0)), half::f16::from_f32(2f32.sqrt()));
    }

    #[test]
    fn widen_then_store_round_trips_half_and_rounds_once() {
        let vals = [half::f16::from_f32(1.5), half::f16::from_f32(-0.333)];
        let t =
            TensorRef { dtype: ScalarType::Half, sizes: &[2], data: bytemuck::cast_slice(&vals) };
        let wide = widen::<f32>("t", &t).unwrap();
        assert_eq!(wide[0], 1.5);
        let mut shape = Shape::new(vec![2], ShapeDynamism::Static);
        let mut bytes = [0u8; 4];
        let mut out = TensorMut::new(ScalarType::Half, &mut shape, &mut bytes);
        store::<f32>("t", &mut out, &[wide[0], 1.0 + 1.0 / 4096.0]).unwrap();
        let got: &[half::f16] = bytemuck::cast_slice(&bytes);
        assert_eq!(got[0], vals[0]);
        assert_eq!(got[1].to_f32(), 1.0, "1 + 2^-12 rounds to 1 in f16");
        assert!(widen::<f32>("t", &TensorRef { dtype: ScalarType::Long, sizes: &[0], data: &[] })
            .is_err());
    }
}
