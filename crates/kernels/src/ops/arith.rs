//! Kernels: arithmetic (add, sub, mul, div with rounding modes, pow, remainder, fmod,
//! maximum, minimum, atan2) with broadcasting and PyTorch type promotion. Operands are
//! loaded into the compute type of their common type (`float` for float/half/bfloat16,
//! `double`, or a 64-bit integer) and the result is stored into the output's type, as the
//! portable kernels do.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Scalar, Signature};
use crate::dtype::{
    check_cast, is_float, kind_of, promote, with_compute, Compute, ComputeFloat, ComputeKind,
};
use crate::engine::elementwise::{binary, unary};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{one_out, promote_with_scalar, read_vec};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::add.out", add_out),
    ("aten::sub.out", sub_out),
    ("aten::mul.out", mul_out),
    ("aten::div.out", div_out),
    ("aten::div.out_mode", div_out_mode),
    ("aten::atan2.out", atan2),
    ("aten::add.Scalar_out", add_scalar_out),
    ("aten::sub.Scalar_out", sub_scalar_out),
    ("aten::mul.Scalar_out", mul_scalar_out),
    ("aten::div.Scalar_out", div_scalar_out),
    ("aten::div.Scalar_mode_out", div_scalar_mode_out),
    ("aten::rsub.Scalar_out", rsub_scalar_out),
    ("aten::pow.Tensor_Scalar_out", pow_tensor_scalar_out),
    ("aten::pow.Tensor_Tensor_out", pow_tensor_tensor_out),
    ("aten::pow.Scalar_out", pow_scalar_out),
    ("aten::maximum.out", maximum_out),
    ("aten::minimum.out", minimum_out),
    ("aten::remainder.Scalar_out", remainder_scalar_out),
    ("aten::remainder.Tensor_out", remainder_tensor_out),
    ("aten::fmod.Scalar_out", fmod_scalar_out),
    ("aten::fmod.Tensor_out", fmod_tensor_out),
];

/// `aten::<op>.out(Tensor self, Tensor other, *, Tensor(a!) out)`: mul, div, atan2,
/// maximum, minimum, remainder and fmod (`Tensor_out`); also `remainder.Scalar_out` and
/// `fmod.Scalar_out`, whose `other` is a scalar.
const BINARY: Signature = &["self", "other", "out"];

/// `aten::add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out)` (and sub),
/// `aten::add.Scalar_out(Tensor self, Scalar other, Scalar alpha=1, *, Tensor(a!) out)` (and
/// sub, rsub).
const WITH_ALPHA: Signature = &["self", "other", "alpha", "out"];

/// `aten::div.out_mode(Tensor self, Tensor other, *, str? rounding_mode, Tensor(a!) out)`
/// and `div.Scalar_mode_out` (a scalar `other`).
const WITH_ROUNDING: Signature = &["self", "other", "rounding_mode", "out"];

/// `aten::pow.Tensor_Tensor_out(Tensor self, Tensor exponent, *, Tensor(a!) out)`;
/// `pow.Tensor_Scalar_out` (a scalar `exponent`) and `pow.Scalar_out` (a scalar `self`).
const POW: Signature = &["self", "exponent", "out"];

/// Arithmetic of a tensor-tensor op with a common type from [`promote`].
macro_rules! tensor_tensor {
    ($name:ident, $sig:expr, $allow_bool:expr, |$a:ident, $b:ident, $alpha:ident : $T:ident| $body:expr) => {
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            let op = call.op;
            let (args, outs) = call.bind($sig)?;
            let alpha = if $sig == WITH_ALPHA { args.scalar("alpha")? } else { Scalar::Int(1) };
            let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
            let out = one_out(op, outs)?;
            let common = promote(ta.dtype, tb.dtype);
            let kind = kind_of(op, common)?;
            if kind == ComputeKind::Bool && !$allow_bool {
                return Err(Error::UnsupportedDtype { op, dtype: common });
            }
            check_cast(op, common, out.dtype)?;
            if !is_float(common) && matches!(alpha, Scalar::Double(_)) {
                return Err(Error::InvalidArgument { op, detail: "float alpha with an integer tensor".into() });
            }
            with_compute!(kind, $T => {
                let $alpha = <$T as Compute>::from_scalar(alpha);
                if kind == ComputeKind::Bool {
                    binary::<$T, $T>(op, &ta, &tb, out, |$a, $b| {
                        let r: $T = $body;
                        <$T as Compute>::from_bool(r.to_bool())
                    })
                } else {
                    binary::<$T, $T>(op, &ta, &tb, out, |$a, $b| $body)
                }
            })
        }
    };
}

tensor_tensor!(add_out, WITH_ALPHA, true, |a, b, alpha: T| a.add(alpha.mul(b)));

tensor_tensor!(sub_out, WITH_ALPHA, false, |a, b, alpha: T| a.sub(alpha.mul(b)));

tensor_tensor!(mul_out, BINARY, true, |a, b, _alpha: T| a.mul(b));

tensor_tensor!(maximum_out, BINARY, true, |a, b, _alpha: T| {
    if a.is_nan() {
        a
    } else if b.is_nan() {
        b
    } else if a > b {
        a
    } else {
        b
    }
});

tensor_tensor!(minimum_out, BINARY, true, |a, b, _alpha: T| {
    if a.is_nan() {
        a
    } else if b.is_nan() {
        b
    } else if a < b {
        a
    } else {
        b
    }
});

/// `div.out`'s common type: float operands keep theirs, integers divide as float32.
fn div_common(a: ScalarType, b: ScalarType) -> ScalarType {
    match (is_float(a), is_float(b)) {
        (true, true) => promote(a, b),
        (true, false) => a,
        (false, true) => b,
        (false, false) => ScalarType::Float,
    }
}

fn div_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(BINARY)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
    div_true(op, &ta, &tb, one_out(op, outs)?)
}

fn div_true(
    op: &'static str,
    ta: &TensorRef<'_>,
    tb: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let common = div_common(ta.dtype, tb.dtype);
    check_cast(op, common, out.dtype)?;
    if kind_of(op, common)? == ComputeKind::F64 {
        binary::<f64, f64>(op, ta, tb, out, |a, b| a / b)
    } else {
        binary::<f32, f32>(op, ta, tb, out, |a, b| a / b)
    }
}

/// `aten::atan2.out(Tensor self, Tensor other, *, Tensor(a!) out)`: the common type is
/// `div.out`'s (integers compute as float32), computed in float or double, stored into a
/// float output.
fn atan2(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(BINARY)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
    let out = one_out(op, outs)?;
    kind_of(op, ta.dtype)?;
    kind_of(op, tb.dtype)?;
    if !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    if kind_of(op, div_common(ta.dtype, tb.dtype))? == ComputeKind::F64 {
        binary::<f64, f64>(op, &ta, &tb, out, f64::atan2)
    } else {
        binary::<f32, f32>(op, &ta, &tb, out, f32::atan2)
    }
}

/// Floor division of floats, as the portable kernels define it.
pub(crate) fn floor_divide_f<T: ComputeFloat>(a: T, b: T) -> T {
    if b == T::ZERO {
        return if a.is_sign_negative() { T::NEG_INF } else { T::INF };
    }
    let m = a.fmod(b);
    let div = (a - m) / b;
    if m != T::ZERO && (b.is_sign_negative() != m.is_sign_negative()) {
        div - T::ONE
    } else {
        div
    }
}

/// Floor division of integers (Python semantics); `b` must be non-zero.
pub(crate) fn floor_divide_i(a: i64, b: i64) -> i64 {
    let q = a.wrapping_div(b);
    if (a < 0) == (b < 0) {
        return q;
    }
    if a.wrapping_rem(b) != 0 {
        q - 1
    } else {
        q
    }
}

/// Python remainder of floats: the sign follows the divisor.
pub(crate) fn remainder_f<T: ComputeFloat>(a: T, b: T) -> T {
    let r = a.fmod(b);
    if r != T::ZERO && (r < T::ZERO) != (b < T::ZERO) {
        r + b
    } else {
        r
    }
}

/// Python remainder of integers; `b` must be non-zero.
pub(crate) fn remainder_i(a: i64, b: i64) -> i64 {
    let r = a.wrapping_rem(b);
    if r != 0 && (r < 0) != (b < 0) {
        r + b
    } else {
        r
    }
}

fn div_by_zero(op: &'static str) -> Error {
    Error::InvalidArgument { op, detail: "integer division by zero".into() }
}

fn any_zero(op: &'static str, t: &TensorRef<'_>) -> Result<bool> {
    Ok(read_vec::<i64>(op, t)?.contains(&0))
}

/// Integer/float division with a rounding mode ("trunc" or "floor").
fn div_mode_tt(
    op: &'static str,
    ta: &TensorRef<'_>,
    tb: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    trunc: bool,
) -> Result<()> {
    let common = promote(ta.dtype, tb.dtype);
    let kind = kind_of(op, common)?;
    check_cast(op, common, out.dtype)?;
    match kind {
        ComputeKind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        ComputeKind::I64 => {
            if any_zero(op, tb)? {
                return Err(div_by_zero(op));
            }
            if trunc {
                binary::<i64, i64>(op, ta, tb, out, |a, b| a.wrapping_div(b))
            } else {
                binary::<i64, i64>(op, ta, tb, out, floor_divide_i)
            }
        }
        ComputeKind::F32 => div_rounded_tt::<f32>(op, ta, tb, out, trunc),
        ComputeKind::F64 => div_rounded_tt::<f64>(op, ta, tb, out, trunc),
    }
}

/// Float [`div_mode_tt`] in `T`; the rounding is chosen once, outside the element loop.
fn div_rounded_tt<T: ComputeFloat>(
    op: &'static str,
    ta: &TensorRef<'_>,
    tb: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    trunc: bool,
) -> Result<()> {
    if trunc {
        binary::<T, T>(op, ta, tb, out, |a, b| (a / b).trunc())
    } else {
        binary::<T, T>(op, ta, tb, out, floor_divide_f)
    }
}

/// `rounding_mode`: `Some(true)` for "trunc", `Some(false)` for "floor", `None` for true
/// division.
fn rounding_mode(op: &'static str, mode: Option<&str>) -> Result<Option<bool>> {
    match mode {
        None => Ok(None),
        Some("trunc") => Ok(Some(true)),
        Some("floor") => Ok(Some(false)),
        Some(m) => {
            Err(Error::InvalidArgument { op, detail: format!("unknown rounding mode {m:?}") })
        }
    }
}

fn div_out_mode(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(WITH_ROUNDING)?;
    let mode = rounding_mode(op, args.opt_str("rounding_mode")?)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
    let out = one_out(op, outs)?;
    match mode {
        None => div_true(op, &ta, &tb, out),
        Some(trunc) => div_mode_tt(op, &ta, &tb, out, trunc),
    }
}

/// A tensor-scalar op: `out = f(a, s)` with the common type of the tensor and the scalar.
macro_rules! tensor_scalar {
    ($name:ident, $sig:expr, $allow_bool:expr, |$a:ident, $s:ident, $alpha:ident : $T:ident| $body:expr) => {
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            let op = call.op;
            let (args, outs) = call.bind($sig)?;
            let s = args.scalar("other")?;
            let alpha = if $sig == WITH_ALPHA { args.scalar("alpha")? } else { Scalar::Int(1) };
            let ta = args.tensor("self")?;
            let out = one_out(op, outs)?;
            let common = promote_with_scalar(ta.dtype, s);
            let kind = kind_of(op, common)?;
            if kind == ComputeKind::Bool && !$allow_bool {
                return Err(Error::UnsupportedDtype { op, dtype: common });
            }
            check_cast(op, common, out.dtype)?;
            with_compute!(kind, $T => {
                let $s = <$T as Compute>::from_scalar(s);
                let $alpha = <$T as Compute>::from_scalar(alpha);
                if kind == ComputeKind::Bool {
                    unary::<$T, $T>(op, &ta, out, |$a| {
                        let r: $T = $body;
                        <$T as Compute>::from_bool(r.to_bool())
                    })
                } else {
                    unary::<$T, $T>(op, &ta, out, |$a| $body)
                }
            })
        }
    };
}

tensor_scalar!(add_scalar_out, WITH_ALPHA, true, |a, s, alpha: T| a.add(alpha.mul(s)));

tensor_scalar!(sub_scalar_out, WITH_ALPHA, false, |a, s, alpha: T| a.sub(alpha.mul(s)));

tensor_scalar!(rsub_scalar_out, WITH_ALPHA, false, |a, s, alpha: T| s.sub(alpha.mul(a)));

tensor_scalar!(mul_scalar_out, BINARY, true, |a, s, _alpha: T| a.mul(s));

fn div_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(BINARY)?;
    let s = args.scalar("other")?;
    let ta = args.tensor("self")?;
    div_scalar(op, &ta, s, one_out(op, outs)?)
}

fn div_scalar(
    op: &'static str,
    ta: &TensorRef<'_>,
    s: Scalar,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let common = if is_float(ta.dtype) { ta.dtype } else { ScalarType::Float };
    check_cast(op, common, out.dtype)?;
    if common == ScalarType::Double {
        let b = s.to_f64();
        unary::<f64, f64>(op, ta, out, |a| a / b)
    } else {
        let b = s.to_f64() as f32;
        unary::<f32, f32>(op, ta, out, |a| a / b)
    }
}

fn div_scalar_mode_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(WITH_ROUNDING)?;
    let mode = rounding_mode(op, args.opt_str("rounding_mode")?)?;
    let s = args.scalar("other")?;
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    let Some(trunc) = mode else { return div_scalar(op, &ta, s, out) };
    let common = promote_with_scalar(ta.dtype, s);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        ComputeKind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        ComputeKind::I64 => {
            let b = s.to_i64();
            if b == 0 {
                return Err(div_by_zero(op));
            }
            unary::<i64, i64>(op, &ta, out, |a| {
                if trunc {
                    a.wrapping_div(b)
                } else {
                    floor_divide_i(a, b)
                }
            })
        }
        ComputeKind::F32 => div_rounded_scalar::<f32>(op, &ta, out, s.to_f64() as f32, trunc),
        ComputeKind::F64 => div_rounded_scalar::<f64>(op, &ta, out, s.to_f64(), trunc),
    }
}

/// Float [`div_scalar_mode_out`] in `T`: `a / b` rounded toward zero (`trunc`) or down.
fn div_rounded_scalar<T: ComputeFloat>(
    op: &'static str,
    ta: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    b: T,
    trunc: bool,
) -> Result<()> {
    unary::<T, T>(op, ta, out, |a| if trunc { (a / b).trunc() } else { floor_divide_f(a, b) })
}

fn pow_tensor_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    pow_with_scalar(call, false)
}

/// `pow.Scalar_out(Scalar self, Tensor exponent)`: a scalar base to tensor powers.
fn pow_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    pow_with_scalar(call, true)
}

/// `tensor ^ scalar` (`Tensor_Scalar_out`: tensor first) or `scalar ^ tensor`
/// (`Scalar_out`: scalar first), in the type the tensor and the scalar promote to.
fn pow_with_scalar(call: &mut KernelCall<'_>, scalar_is_base: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(POW)?;
    let (scalar, tensor) = if scalar_is_base { ("self", "exponent") } else { ("exponent", "self") };
    let s = args.scalar(scalar)?;
    let t = args.tensor(tensor)?;
    let out = one_out(op, outs)?;
    let common = promote_with_scalar(t.dtype, s);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        ComputeKind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        ComputeKind::I64 => {
            let k = s.to_i64();
            let negative_exponent = if scalar_is_base { any_negative(op, &t)? } else { k < 0 };
            if negative_exponent {
                return Err(Error::InvalidArgument {
                    op,
                    detail: "integers to negative integer powers".into(),
                });
            }
            if scalar_is_base {
                unary::<i64, i64>(op, &t, out, |e| ipow(k, e))
            } else {
                unary::<i64, i64>(op, &t, out, |a| ipow(a, k))
            }
        }
        ComputeKind::F32 => {
            let k = s.to_f64() as f32;
            if scalar_is_base {
                unary::<f32, f32>(op, &t, out, |e| k.powf(e))
            } else {
                unary::<f32, f32>(op, &t, out, |a| a.powf(k))
            }
        }
        ComputeKind::F64 => {
            let k = s.to_f64();
            if scalar_is_base {
                unary::<f64, f64>(op, &t, out, |e| k.powf(e))
            } else {
                unary::<f64, f64>(op, &t, out, |a| a.powf(k))
            }
        }
    }
}

fn any_negative(op: &'static str, t: &TensorRef<'_>) -> Result<bool> {
    Ok(crate::util::read_vec::<i64>(op, t)?.iter().any(|&v| v < 0))
}

/// Integer power by squaring (wrapping).
fn ipow(mut base: i64, mut e: i64) -> i64 {
    let mut r: i64 = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = r.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        e >>= 1;
    }
    r
}

fn pow_tensor_tensor_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(POW)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("exponent")?);
    let out = one_out(op, outs)?;
    let common = promote(ta.dtype, tb.dtype);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        ComputeKind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        ComputeKind::I64 => {
            if read_vec::<i64>(op, &tb)?.iter().any(|&e| e < 0) {
                return Err(Error::InvalidArgument {
                    op,
                    detail: "integers to negative integer powers".into(),
                });
            }
            binary::<i64, i64>(op, &ta, &tb, out, ipow)
        }
        ComputeKind::F32 => binary::<f32, f32>(op, &ta, &tb, out, f32::powf),
        ComputeKind::F64 => binary::<f64, f64>(op, &ta, &tb, out, f64::powf),
    }
}

/// remainder/fmod with a scalar or tensor divisor.
fn rem_common(call: &mut KernelCall<'_>, python: bool) -> Result<()> {
    let op = call.op;
    // Both remainder overloads follow PyTorch: the result has the divisor's sign
    // (remainder(-7, 3) = 2). The official runtime (ExecuTorch 1.5.1) deviates for integer
    // operands in both overloads, where it returns the C++ `%` (-1); pterun does not copy
    // that.
    let python_int = python;
    let (args, outs) = call.bind(BINARY)?;
    let scalar = args.scalar("other").ok();
    let ta = args.tensor("self")?;
    let tb_owned;
    let (common, tb): (ScalarType, Option<&TensorRef<'_>>) = match scalar {
        Some(s) => (promote_with_scalar(ta.dtype, s), None),
        None => {
            tb_owned = args.tensor("other")?;
            (promote(ta.dtype, tb_owned.dtype), Some(&tb_owned))
        }
    };
    let out = one_out(op, outs)?;
    check_cast(op, common, out.dtype)?;
    let kind = kind_of(op, common)?;
    match kind {
        ComputeKind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        ComputeKind::I64 => {
            let f = |a: i64, b: i64| if python_int { remainder_i(a, b) } else { a.wrapping_rem(b) };
            match (scalar, tb) {
                (Some(s), _) => {
                    let b = s.to_i64();
                    if b == 0 {
                        return Err(div_by_zero(op));
                    }
                    unary::<i64, i64>(op, &ta, out, |a| f(a, b))
                }
                (None, Some(tb)) => {
                    if any_zero(op, tb)? {
                        return Err(div_by_zero(op));
                    }
                    binary::<i64, i64>(op, &ta, tb, out, f)
                }
                _ => unreachable_args(op),
            }
        }
        ComputeKind::F32 => rem_float::<f32>(op, &ta, tb, scalar, out, python),
        ComputeKind::F64 => rem_float::<f64>(op, &ta, tb, scalar, out, python),
    }
}

fn rem_float<T: ComputeFloat>(
    op: &'static str,
    ta: &TensorRef<'_>,
    tb: Option<&TensorRef<'_>>,
    scalar: Option<Scalar>,
    out: &mut TensorMut<'_>,
    python: bool,
) -> Result<()> {
    let f = |a: T, b: T| if python { remainder_f(a, b) } else { a % b };
    match (scalar, tb) {
        (Some(s), _) => {
            let b = <T as Compute>::from_scalar(s);
            unary::<T, T>(op, ta, out, |a| f(a, b))
        }
        (None, Some(tb)) => binary::<T, T>(op, ta, tb, out, f),
        _ => unreachable_args(op),
    }
}

fn unreachable_args(op: &'static str) -> Result<()> {
    Err(Error::InvalidArgument { op, detail: "missing divisor".into() })
}

fn remainder_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    rem_common(call, true)
}

fn remainder_tensor_out(call: &mut KernelCall<'_>) -> Result<()> {
    rem_common(call, true)
}

fn fmod_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    rem_common(call, false)
}

fn fmod_tensor_out(call: &mut KernelCall<'_>) -> Result<()> {
    rem_common(call, false)
}

#[cfg(test)]
mod tests {
    use pterun_core::ScalarType;

    use crate::tensor::{TensorMut, TensorRef};

    #[test]
    fn integer_remainder_takes_the_divisor_sign_in_both_overloads() {
        use crate::args::{Arg, KernelCall};
        use crate::tensor::Shape;
        use pterun_core::ShapeDynamism;
        let a: Vec<u8> = [-7i64, 7, -7, 7, 6].iter().flat_map(|v| v.to_le_bytes()).collect();
        let b: Vec<u8> = [3i64, -3, -3, 3, -3].iter().flat_map(|v| v.to_le_bytes()).collect();
        let registry = crate::Registry::portable();
        let run = |name: &'static str, second: Arg<'_>| -> Vec<i64> {
            let mut shape = Shape::new(vec![5], ShapeDynamism::Static);
            let mut data = vec![0u8; 40];
            let ta = TensorRef { dtype: ScalarType::Long, sizes: &[5], data: &a };
            let mut call = KernelCall {
                op: name,
                args: vec![Arg::Tensor(ta), second, Arg::Out(0)],
                outs: vec![TensorMut::new(ScalarType::Long, &mut shape, &mut data)],
                scalar_out: None,
            };
            (registry.get(name).expect("registered").1)(&mut call).expect("runs");
            drop(call);
            bytemuck::pod_collect_to_vec(&data)
        };
        let tb = TensorRef { dtype: ScalarType::Long, sizes: &[5], data: &b };
        assert_eq!(run("aten::remainder.Tensor_out", Arg::Tensor(tb)), [2, -2, -1, 1, 0]);
        assert_eq!(run("aten::remainder.Scalar_out", Arg::Int(3)), [2, 1, 2, 1, 0]);
    }
}
