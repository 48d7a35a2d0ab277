//! Kernels: elementwise arithmetic, comparisons and logical operations, with broadcasting
//! and PyTorch type promotion. Operands are loaded into the compute type of their common
//! type (`float` for float/half/bfloat16, `double`, or a 64-bit integer) and the result is
//! stored into the output's type, as the portable kernels do.

use pterun_core::ScalarType;

use crate::arch::simd;
use crate::args::{KernelCall, Scalar};
use crate::dtype::{is_float, is_integer, promote};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{
    broadcast_shapes, for_each_broadcast, for_each_broadcast_row, kind_of, one_out,
    promote_with_scalar, read_vec, with_ct, write_vec, Ct, Kind,
};

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
    ("aten::where.self_out", where_out),
    ("aten::eq.Scalar_out", eq_scalar),
    ("aten::ne.Scalar_out", ne_scalar),
    ("aten::lt.Scalar_out", lt_scalar),
    ("aten::le.Scalar_out", le_scalar),
    ("aten::gt.Scalar_out", gt_scalar),
    ("aten::ge.Scalar_out", ge_scalar),
    ("aten::eq.Tensor_out", eq_tensor),
    ("aten::ne.Tensor_out", ne_tensor),
    ("aten::lt.Tensor_out", lt_tensor),
    ("aten::le.Tensor_out", le_tensor),
    ("aten::gt.Tensor_out", gt_tensor),
    ("aten::ge.Tensor_out", ge_tensor),
    ("aten::logical_and.out", logical_and),
    ("aten::logical_or.out", logical_or),
    ("aten::logical_xor.out", logical_xor),
    ("aten::logical_not.out", logical_not),
    ("aten::bitwise_not.out", bitwise_not),
    ("aten::neg.out", neg),
    ("aten::abs.out", abs),
    ("aten::exp.out", exp),
    ("aten::log.out", log),
    ("aten::log1p.out", log1p),
    ("aten::log2.out", log2),
    ("aten::log10.out", log10),
    ("aten::expm1.out", expm1),
    ("aten::tan.out", tan),
    ("aten::atan.out", atan),
    ("aten::asin.out", asin),
    ("aten::acos.out", acos),
    ("aten::sinh.out", sinh),
    ("aten::cosh.out", cosh),
    ("aten::sqrt.out", sqrt),
    ("aten::rsqrt.out", rsqrt),
    ("aten::sin.out", sin),
    ("aten::cos.out", cos),
    ("aten::reciprocal.out", reciprocal),
    ("aten::sigmoid.out", sigmoid),
    ("aten::tanh.out", tanh),
    ("aten::erf.out", erf),
    ("aten::floor.out", floor),
    ("aten::ceil.out", ceil),
    ("aten::round.out", round),
    ("aten::trunc.out", trunc),
    ("aten::sign.out", sign),
];

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

/// `out = f(a, b)` with broadcasting, operands loaded as `T`, the result converted to the
/// output's type.
///
/// When both operands are stored as `T` and the output as `R` (f32 throughout, say), the
/// elements are read and written in place, a row of the broadcast at a time
/// ([`for_each_broadcast_row`]); otherwise through [`binary_generic`]. Both compute
/// `f(a[i], b[j])` for the same pairs, so the results are identical.
pub(crate) fn binary<T: Ct, R: Ct>(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T, T) -> R,
) -> Result<()> {
    let shape = broadcast_shapes(op, a.sizes, b.sizes)?;
    let native = (T::native(a.dtype, a.data), T::native(b.dtype, b.data));
    if let (Some(av), Some(bv)) = native {
        if av.len() == a.numel() && bv.len() == b.numel() && R::NATIVE == out.dtype {
            out.resize(&shape)?;
            let n = out.numel();
            if let Some(ov) = R::native_mut(out.dtype, out.bytes_mut()) {
                if ov.len() == n && binary_rows(&shape, a.sizes, b.sizes, av, bv, ov, &mut f) {
                    return Ok(());
                }
            }
        }
    }
    binary_generic(op, a, b, out, f)
}

/// The fast path of [`binary`]: `f` over broadcast rows of slices holding exactly their
/// tensors' elements. Returns `false` if the shapes were not handled (nothing written, or
/// everything rewritten by the caller's fallback).
fn binary_rows<T: Copy, R: Copy>(
    shape: &[usize],
    a_sizes: &[usize],
    b_sizes: &[usize],
    av: &[T],
    bv: &[T],
    ov: &mut [R],
    f: &mut impl FnMut(T, T) -> R,
) -> bool {
    let mut ok = true;
    let handled = for_each_broadcast_row(shape, [a_sizes, b_sizes], |o, [i, j], adv, len| {
        let Some(dst) = ov.get_mut(o..o + len) else {
            ok = false;
            return;
        };
        let xs = av.get(i..i + if adv[0] { len } else { 1 });
        let ys = bv.get(j..j + if adv[1] { len } else { 1 });
        let (Some(xs), Some(ys)) = (xs, ys) else {
            ok = false;
            return;
        };
        simd::map_binary(dst, operand(xs, adv[0]), operand(ys, adv[1]), f);
    });
    handled && ok
}

/// A run that advances along the row, or its first element repeated.
fn operand<T: Copy>(run: &[T], advances: bool) -> simd::Operand<'_, T> {
    if advances {
        simd::Operand::Run(run)
    } else {
        simd::Operand::Splat(run[0])
    }
}

/// [`binary`] through compute-type copies of the operands and of the result: any element
/// types.
pub(crate) fn binary_generic<T: Ct, R: Ct>(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T, T) -> R,
) -> Result<()> {
    let shape = broadcast_shapes(op, a.sizes, b.sizes)?;
    out.resize(&shape)?;
    let av = read_vec::<T>(op, a)?;
    let bv = read_vec::<T>(op, b)?;
    let mut vals = Vec::with_capacity(out.numel());
    for_each_broadcast(&shape, [a.sizes, b.sizes], |[i, j]| vals.push(f(av[i], bv[j])));
    write_vec(op, out, &vals)
}

/// `out = f(a)` elementwise, operand loaded as `T`. When the input is stored as `T` and the
/// output as `R`, reads and writes in place; otherwise through [`unary_generic`].
pub(crate) fn unary<T: Ct, R: Ct>(
    op: &'static str,
    a: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T) -> R,
) -> Result<()> {
    if let Some(av) = T::native(a.dtype, a.data) {
        if av.len() == a.numel() && R::NATIVE == out.dtype {
            out.resize(a.sizes)?;
            let n = out.numel();
            if let Some(ov) = R::native_mut(out.dtype, out.bytes_mut()) {
                if ov.len() == n && n == av.len() {
                    simd::map_unary(ov, av, &mut f);
                    return Ok(());
                }
            }
        }
    }
    unary_generic(op, a, out, f)
}

/// [`unary`] through compute-type copies: any element types.
pub(crate) fn unary_generic<T: Ct, R: Ct>(
    op: &'static str,
    a: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    f: impl FnMut(T) -> R,
) -> Result<()> {
    out.resize(a.sizes)?;
    let av = read_vec::<T>(op, a)?;
    let vals: Vec<R> = av.into_iter().map(f).collect();
    write_vec(op, out, &vals)
}

/// Arithmetic of a tensor-tensor op with a common type from [`promote`].
macro_rules! tensor_tensor {
    ($name:ident, $nargs:expr, $allow_bool:expr, |$a:ident, $b:ident, $alpha:ident : $T:ident| $body:expr) => {
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            let op = call.op;
            call.expect_args($nargs)?;
            let alpha = if $nargs == 4 { call.scalar(2)? } else { Scalar::Int(1) };
            let (inp, outs) = call.split();
            let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
            let out = one_out(op, outs)?;
            let common = promote(ta.dtype, tb.dtype);
            let kind = kind_of(op, common)?;
            if kind == Kind::Bool && !$allow_bool {
                return Err(Error::UnsupportedDtype { op, dtype: common });
            }
            check_cast(op, common, out.dtype)?;
            if !is_float(common) && matches!(alpha, Scalar::Double(_)) {
                return Err(Error::InvalidArgument { op, detail: "float alpha with an integer tensor".into() });
            }
            with_ct!(kind, $T => {
                let $alpha = <$T as Ct>::from_scalar(alpha);
                if kind == Kind::Bool {
                    binary::<$T, $T>(op, &ta, &tb, out, |$a, $b| {
                        let r: $T = $body;
                        <$T as Ct>::from_bool(r.to_bool())
                    })
                } else {
                    binary::<$T, $T>(op, &ta, &tb, out, |$a, $b| $body)
                }
            })
        }
    };
}

tensor_tensor!(add_out, 4, true, |a, b, alpha: T| a.add(alpha.mul(b)));
tensor_tensor!(sub_out, 4, false, |a, b, alpha: T| a.sub(alpha.mul(b)));
tensor_tensor!(mul_out, 3, true, |a, b, _alpha: T| a.mul(b));
tensor_tensor!(maximum_out, 3, true, |a, b, _alpha: T| {
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
tensor_tensor!(minimum_out, 3, true, |a, b, _alpha: T| {
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
    call.expect_args(3)?;
    div_true(op, call)
}

fn div_true(op: &'static str, call: &mut KernelCall<'_>) -> Result<()> {
    let (inp, outs) = call.split();
    let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    let common = div_common(ta.dtype, tb.dtype);
    check_cast(op, common, out.dtype)?;
    if kind_of(op, common)? == Kind::F64 {
        binary::<f64, f64>(op, &ta, &tb, out, |a, b| a / b)
    } else {
        binary::<f32, f32>(op, &ta, &tb, out, |a, b| a / b)
    }
}

/// `aten::atan2.out(Tensor self, Tensor other, *, Tensor(a!) out)`: the common type is
/// `div.out`'s (integers compute as float32), computed in float or double, stored into a
/// float output.
fn atan2(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let (inp, outs) = call.split();
    let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    kind_of(op, ta.dtype)?;
    kind_of(op, tb.dtype)?;
    if !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    if kind_of(op, div_common(ta.dtype, tb.dtype))? == Kind::F64 {
        binary::<f64, f64>(op, &ta, &tb, out, f64::atan2)
    } else {
        binary::<f32, f32>(op, &ta, &tb, out, f32::atan2)
    }
}

/// Floor division of floats, as the portable kernels define it.
pub(crate) fn floor_divide_f<T: num_like::Float>(a: T, b: T) -> T {
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
pub(crate) fn remainder_f<T: num_like::Float>(a: T, b: T) -> T {
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

/// Minimal float abstraction for the helpers above.
pub(crate) mod num_like {
    /// f32 or f64.
    pub trait Float:
        Copy
        + PartialOrd
        + std::ops::Sub<Output = Self>
        + std::ops::Add<Output = Self>
        + std::ops::Div<Output = Self>
    {
        const ZERO: Self;
        const ONE: Self;
        const INF: Self;
        const NEG_INF: Self;
        fn fmod(self, o: Self) -> Self;
        fn is_sign_negative(self) -> bool;
        fn is_nan(self) -> bool;
        fn trunc(self) -> Self;
    }
    macro_rules! float {
        ($t:ident) => {
            impl Float for $t {
                const ZERO: Self = 0.0;
                const ONE: Self = 1.0;
                const INF: Self = $t::INFINITY;
                const NEG_INF: Self = $t::NEG_INFINITY;
                fn fmod(self, o: Self) -> Self {
                    self % o
                }
                fn is_sign_negative(self) -> bool {
                    $t::is_sign_negative(self)
                }
                fn is_nan(self) -> bool {
                    $t::is_nan(self)
                }
                fn trunc(self) -> Self {
                    $t::trunc(self)
                }
            }
        };
    }
    float!(f32);
    float!(f64);
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
        Kind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        Kind::I64 => {
            if any_zero(op, tb)? {
                return Err(div_by_zero(op));
            }
            if trunc {
                binary::<i64, i64>(op, ta, tb, out, |a, b| a.wrapping_div(b))
            } else {
                binary::<i64, i64>(op, ta, tb, out, floor_divide_i)
            }
        }
        Kind::F32 => div_rounded_tt::<f32>(op, ta, tb, out, trunc),
        Kind::F64 => div_rounded_tt::<f64>(op, ta, tb, out, trunc),
    }
}

/// Float [`div_mode_tt`] in `T`; the rounding is chosen once, outside the element loop.
fn div_rounded_tt<T: Ct + num_like::Float>(
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

fn rounding_mode(op: &'static str, call: &KernelCall<'_>, i: usize) -> Result<Option<bool>> {
    match call.args.get(i) {
        Some(crate::args::Arg::None) => Ok(None),
        _ => match call.str(i)? {
            "trunc" => Ok(Some(true)),
            "floor" => Ok(Some(false)),
            m => Err(Error::InvalidArgument { op, detail: format!("unknown rounding mode {m:?}") }),
        },
    }
}

fn div_out_mode(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let mode = rounding_mode(op, call, 2)?;
    let Some(trunc) = mode else { return div_true(op, call) };
    let (inp, outs) = call.split();
    let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    div_mode_tt(op, &ta, &tb, out, trunc)
}

/// A tensor-scalar op: `out = f(a, s)` with the common type of the tensor and the scalar.
macro_rules! tensor_scalar {
    ($name:ident, $nargs:expr, $allow_bool:expr, |$a:ident, $s:ident, $alpha:ident : $T:ident| $body:expr) => {
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            let op = call.op;
            call.expect_args($nargs)?;
            let s = call.scalar(1)?;
            let alpha = if $nargs == 4 { call.scalar(2)? } else { Scalar::Int(1) };
            let (inp, outs) = call.split();
            let ta = inp.tensor(0)?;
            let out = one_out(op, outs)?;
            let common = promote_with_scalar(ta.dtype, s);
            let kind = kind_of(op, common)?;
            if kind == Kind::Bool && !$allow_bool {
                return Err(Error::UnsupportedDtype { op, dtype: common });
            }
            check_cast(op, common, out.dtype)?;
            with_ct!(kind, $T => {
                let $s = <$T as Ct>::from_scalar(s);
                let $alpha = <$T as Ct>::from_scalar(alpha);
                if kind == Kind::Bool {
                    unary::<$T, $T>(op, &ta, out, |$a| {
                        let r: $T = $body;
                        <$T as Ct>::from_bool(r.to_bool())
                    })
                } else {
                    unary::<$T, $T>(op, &ta, out, |$a| $body)
                }
            })
        }
    };
}

tensor_scalar!(add_scalar_out, 4, true, |a, s, alpha: T| a.add(alpha.mul(s)));
tensor_scalar!(sub_scalar_out, 4, false, |a, s, alpha: T| a.sub(alpha.mul(s)));
tensor_scalar!(rsub_scalar_out, 4, false, |a, s, alpha: T| s.sub(alpha.mul(a)));
tensor_scalar!(mul_scalar_out, 3, true, |a, s, _alpha: T| a.mul(s));

fn div_scalar_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    div_scalar(op, call)
}

fn div_scalar(op: &'static str, call: &mut KernelCall<'_>) -> Result<()> {
    let s = call.scalar(1)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    let common = if is_float(ta.dtype) { ta.dtype } else { ScalarType::Float };
    check_cast(op, common, out.dtype)?;
    if common == ScalarType::Double {
        let b = s.to_f64();
        unary::<f64, f64>(op, &ta, out, |a| a / b)
    } else {
        let b = s.to_f64() as f32;
        unary::<f32, f32>(op, &ta, out, |a| a / b)
    }
}

fn div_scalar_mode_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let Some(trunc) = rounding_mode(op, call, 2)? else { return div_scalar(op, call) };
    let s = call.scalar(1)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    let common = promote_with_scalar(ta.dtype, s);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        Kind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        Kind::I64 => {
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
        Kind::F32 => div_rounded_scalar::<f32>(op, &ta, out, s.to_f64() as f32, trunc),
        Kind::F64 => div_rounded_scalar::<f64>(op, &ta, out, s.to_f64(), trunc),
    }
}

/// Float [`div_scalar_mode_out`] in `T`: `a / b` rounded toward zero (`trunc`) or down.
fn div_rounded_scalar<T: Ct + num_like::Float>(
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
    call.expect_args(3)?;
    let (scalar_at, tensor_at) = if scalar_is_base { (0, 1) } else { (1, 0) };
    let s = call.scalar(scalar_at)?;
    let (inp, outs) = call.split();
    let t = inp.tensor(tensor_at)?;
    let out = one_out(op, outs)?;
    let common = promote_with_scalar(t.dtype, s);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        Kind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        Kind::I64 => {
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
        Kind::F32 => {
            let k = s.to_f64() as f32;
            if scalar_is_base {
                unary::<f32, f32>(op, &t, out, |e| k.powf(e))
            } else {
                unary::<f32, f32>(op, &t, out, |a| a.powf(k))
            }
        }
        Kind::F64 => {
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
    call.expect_args(3)?;
    let (inp, outs) = call.split();
    let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    let common = promote(ta.dtype, tb.dtype);
    check_cast(op, common, out.dtype)?;
    match kind_of(op, common)? {
        Kind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        Kind::I64 => {
            if read_vec::<i64>(op, &tb)?.iter().any(|&e| e < 0) {
                return Err(Error::InvalidArgument {
                    op,
                    detail: "integers to negative integer powers".into(),
                });
            }
            binary::<i64, i64>(op, &ta, &tb, out, ipow)
        }
        Kind::F32 => binary::<f32, f32>(op, &ta, &tb, out, f32::powf),
        Kind::F64 => binary::<f64, f64>(op, &ta, &tb, out, f64::powf),
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
    call.expect_args(3)?;
    let scalar = call.scalar(1).ok();
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let tb_owned;
    let (common, tb): (ScalarType, Option<&TensorRef<'_>>) = match scalar {
        Some(s) => (promote_with_scalar(ta.dtype, s), None),
        None => {
            tb_owned = inp.tensor(1)?;
            (promote(ta.dtype, tb_owned.dtype), Some(&tb_owned))
        }
    };
    let out = one_out(op, outs)?;
    check_cast(op, common, out.dtype)?;
    let kind = kind_of(op, common)?;
    match kind {
        Kind::Bool => Err(Error::UnsupportedDtype { op, dtype: common }),
        Kind::I64 => {
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
        Kind::F32 => rem_float::<f32>(op, &ta, tb, scalar, out, python),
        Kind::F64 => rem_float::<f64>(op, &ta, tb, scalar, out, python),
    }
}

fn rem_float<T: Ct + num_like::Float + std::ops::Rem<Output = T>>(
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
            let b = <T as Ct>::from_scalar(s);
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

/// `aten::where.self_out(Tensor condition, Tensor self, Tensor other, *, Tensor(a!) out)`.
fn where_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let (inp, outs) = call.split();
    let (tc, ta, tb) = (inp.tensor(0)?, inp.tensor(1)?, inp.tensor(2)?);
    let out = one_out(op, outs)?;
    if !matches!(tc.dtype, ScalarType::Bool | ScalarType::Byte) {
        return Err(Error::UnsupportedDtype { op, dtype: tc.dtype });
    }
    let common = promote(ta.dtype, tb.dtype);
    check_cast(op, common, out.dtype)?;
    let kind = kind_of(op, common)?;
    let shape = broadcast_shapes(op, &broadcast_shapes(op, tc.sizes, ta.sizes)?, tb.sizes)?;
    out.resize(&shape)?;
    let cv = crate::util::in_bytes(op, &tc)?;
    with_ct!(kind, T => {
        let native = (T::native(ta.dtype, ta.data), T::native(tb.dtype, tb.data));
        if let (Some(av), Some(bv)) = native {
            if av.len() == ta.numel() && bv.len() == tb.numel() && T::NATIVE == out.dtype {
                let n = out.numel();
                let sizes = [tc.sizes, ta.sizes, tb.sizes];
                if let Some(ov) = T::native_mut(out.dtype, out.bytes_mut()).filter(|o| o.len() == n) {
                    if where_rows(&shape, sizes, cv, av, bv, ov) {
                        return Ok(());
                    }
                }
            }
        }
        let av = read_vec::<T>(op, &ta)?;
        let bv = read_vec::<T>(op, &tb)?;
        let mut vals = Vec::with_capacity(out.numel());
        for_each_broadcast(&shape, [tc.sizes, ta.sizes, tb.sizes], |[c, i, j]| {
            vals.push(if cv[c] != 0 { av[i] } else { bv[j] })
        });
        write_vec(op, out, &vals)
    })
}

/// The fast path of `where`: operands stored as the output's type, selected row by
/// broadcast row in place. Returns `false` if the shapes were not handled (the caller's
/// general path then rewrites everything).
fn where_rows<T: Copy>(
    shape: &[usize],
    sizes: [&[usize]; 3],
    cv: &[u8],
    av: &[T],
    bv: &[T],
    ov: &mut [T],
) -> bool {
    let mut ok = true;
    let handled = for_each_broadcast_row(shape, sizes, |o, [c, i, j], adv, len| {
        let Some(dst) = ov.get_mut(o..o + len) else {
            ok = false;
            return;
        };
        let at = |base: usize, advances: bool, t: usize| if advances { base + t } else { base };
        for (t, d) in dst.iter_mut().enumerate() {
            let picked = match cv.get(at(c, adv[0], t)) {
                Some(&0) => bv.get(at(j, adv[2], t)),
                Some(_) => av.get(at(i, adv[1], t)),
                None => None,
            };
            match picked {
                Some(&v) => *d = v,
                None => {
                    ok = false;
                    return;
                }
            }
        }
    });
    handled && ok
}

#[derive(Clone, Copy)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

fn cmp<T: PartialOrd>(c: Cmp, a: T, b: T) -> i64 {
    (match c {
        Cmp::Eq => a == b,
        Cmp::Ne => a != b,
        Cmp::Lt => a < b,
        Cmp::Le => a <= b,
        Cmp::Gt => a > b,
        Cmp::Ge => a >= b,
    }) as i64
}

fn compare(call: &mut KernelCall<'_>, c: Cmp, scalar: bool) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let s = if scalar { Some(call.scalar(1)?) } else { None };
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    match s {
        Some(s) => {
            let common = promote_with_scalar(ta.dtype, s);
            with_ct!(kind_of(op, common)?, T => {
                let b = <T as Ct>::from_scalar(s);
                unary::<T, i64>(op, &ta, out, |a| cmp(c, a, b))
            })
        }
        None => {
            let tb = inp.tensor(1)?;
            let common = promote(ta.dtype, tb.dtype);
            with_ct!(kind_of(op, common)?, T => binary::<T, i64>(op, &ta, &tb, out, |a, b| cmp(c, a, b)))
        }
    }
}

macro_rules! comparisons {
    ($($name:ident, $c:ident, $scalar:expr;)*) => {$(
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            compare(call, Cmp::$c, $scalar)
        }
    )*};
}

comparisons! {
    eq_scalar, Eq, true;
    ne_scalar, Ne, true;
    lt_scalar, Lt, true;
    le_scalar, Le, true;
    gt_scalar, Gt, true;
    ge_scalar, Ge, true;
    eq_tensor, Eq, false;
    ne_tensor, Ne, false;
    lt_tensor, Lt, false;
    le_tensor, Le, false;
    gt_tensor, Gt, false;
    ge_tensor, Ge, false;
}

/// Reads a tensor as truth values (non-zero).
fn truth(op: &'static str, t: &TensorRef<'_>) -> Result<Vec<bool>> {
    if is_float(t.dtype) {
        Ok(read_vec::<f64>(op, t)?.into_iter().map(|v| v != 0.0).collect())
    } else {
        Ok(read_vec::<i64>(op, t)?.into_iter().map(|v| v != 0).collect())
    }
}

fn logical(call: &mut KernelCall<'_>, f: fn(bool, bool) -> bool) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let (inp, outs) = call.split();
    let (ta, tb) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(op, outs)?;
    let shape = broadcast_shapes(op, ta.sizes, tb.sizes)?;
    out.resize(&shape)?;
    let (av, bv) = (truth(op, &ta)?, truth(op, &tb)?);
    let mut vals = Vec::with_capacity(out.numel());
    for_each_broadcast(&shape, [ta.sizes, tb.sizes], |[i, j]| vals.push(f(av[i], bv[j]) as i64));
    write_vec(op, out, &vals)
}

fn logical_and(call: &mut KernelCall<'_>) -> Result<()> {
    logical(call, |a, b| a && b)
}
fn logical_or(call: &mut KernelCall<'_>) -> Result<()> {
    logical(call, |a, b| a || b)
}
fn logical_xor(call: &mut KernelCall<'_>) -> Result<()> {
    logical(call, |a, b| a != b)
}

fn logical_not(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    out.resize(ta.sizes)?;
    let vals: Vec<i64> = truth(op, &ta)?.into_iter().map(|v| !v as i64).collect();
    write_vec(op, out, &vals)
}

fn bitwise_not(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    match ta.dtype {
        ScalarType::Bool => unary::<i64, i64>(op, &ta, out, |a| (a == 0) as i64),
        d if is_integer(d) => {
            check_cast(op, d, out.dtype)?;
            unary::<i64, i64>(op, &ta, out, |a| !a)
        }
        dtype => Err(Error::UnsupportedDtype { op, dtype }),
    }
}

/// A unary op that keeps the input's category (neg, abs, floor...).
fn same_type_unary(
    call: &mut KernelCall<'_>,
    allow_bool: bool,
    fi: fn(i64) -> i64,
    f32_: fn(f32) -> f32,
    f64_: fn(f64) -> f64,
) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    check_cast(op, ta.dtype, out.dtype)?;
    match kind_of(op, ta.dtype)? {
        Kind::Bool if !allow_bool => Err(Error::UnsupportedDtype { op, dtype: ta.dtype }),
        Kind::Bool | Kind::I64 => unary::<i64, i64>(op, &ta, out, fi),
        Kind::F32 => unary::<f32, f32>(op, &ta, out, f32_),
        Kind::F64 => unary::<f64, f64>(op, &ta, out, f64_),
    }
}

fn neg(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, false, i64::wrapping_neg, |x| -x, |x| -x)
}
fn abs(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, true, i64::wrapping_abs, f32::abs, f64::abs)
}
fn floor(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, true, |x| x, f32::floor, f64::floor)
}
fn ceil(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, true, |x| x, f32::ceil, f64::ceil)
}
fn round(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, true, |x| x, f32::round_ties_even, f64::round_ties_even)
}
fn trunc(call: &mut KernelCall<'_>) -> Result<()> {
    same_type_unary(call, true, |x| x, f32::trunc, f64::trunc)
}
fn sign(call: &mut KernelCall<'_>) -> Result<()> {
    /// NaN stays; zeros of either sign give +0.
    fn sign_f<T: num_like::Float>(x: T) -> T {
        if x.is_nan() {
            x
        } else if x > T::ZERO {
            T::ONE
        } else if x < T::ZERO {
            T::ZERO - T::ONE
        } else {
            T::ZERO
        }
    }
    same_type_unary(call, true, i64::signum, sign_f::<f32>, sign_f::<f64>)
}

/// A unary op with a float result (`exp`, `sigmoid`...): integer inputs are converted; the
/// computation is in double if the input or output is double, in float otherwise.
pub(crate) fn float_unary(
    call: &mut KernelCall<'_>,
    f32_: impl Fn(f32) -> f32,
    f64_: impl Fn(f64) -> f64,
) -> Result<()> {
    let op = call.op;
    float_unary_n(op, call, 2, f32_, f64_)
}

/// [`float_unary`] for an op with `nargs` arguments (self first; the extra ones were read
/// by the caller).
pub(crate) fn float_unary_n(
    op: &'static str,
    call: &mut KernelCall<'_>,
    nargs: usize,
    f32_: impl Fn(f32) -> f32,
    f64_: impl Fn(f64) -> f64,
) -> Result<()> {
    call.expect_args(nargs)?;
    let (inp, outs) = call.split();
    let ta = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    kind_of(op, ta.dtype)?;
    if !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    if ta.dtype == ScalarType::Double || out.dtype == ScalarType::Double {
        unary::<f64, f64>(op, &ta, out, f64_)
    } else {
        unary::<f32, f32>(op, &ta, out, f32_)
    }
}

macro_rules! float_unaries {
    ($($name:ident, |$x:ident| $body:expr;)*) => {$(
        fn $name(call: &mut KernelCall<'_>) -> Result<()> {
            float_unary(call, |$x: f32| $body, |$x: f64| $body)
        }
    )*};
}

float_unaries! {
    exp, |x| x.exp();
    log, |x| x.ln();
    log1p, |x| x.ln_1p();
    log2, |x| x.log2();
    log10, |x| x.log10();
    expm1, |x| x.exp_m1();
    tan, |x| x.tan();
    atan, |x| x.atan();
    asin, |x| x.asin();
    acos, |x| x.acos();
    sinh, |x| x.sinh();
    cosh, |x| x.cosh();
    sqrt, |x| x.sqrt();
    rsqrt, |x| 1.0 / x.sqrt();
    sin, |x| x.sin();
    cos, |x| x.cos();
    reciprocal, |x| 1.0 / x;
    sigmoid, |x| 1.0 / (1.0 + (-x).exp());
    tanh, |x| x.tanh();
}

fn erf(call: &mut KernelCall<'_>) -> Result<()> {
    float_unary(call, libm::erff, libm::erf)
}

#[cfg(test)]
mod tests {

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
    use pterun_core::{ScalarType, ShapeDynamism};

    use super::{binary, binary_generic, unary, unary_generic};
    use crate::tensor::{Shape, TensorMut, TensorRef};

    /// A small deterministic generator (no dependencies).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
        fn value(&mut self) -> f32 {
            (self.next() % 2001) as f32 / 100.0 - 10.0
        }
    }

    /// `out` with some of its dimensions set to 1 and some leading ones dropped.
    fn broadcast_from(rng: &mut Lcg, out: &[usize]) -> Vec<usize> {
        let drop =
            rng.below(out.len() as u64 + 1).min(if rng.below(3) == 0 { out.len() } else { 0 });
        out[drop..].iter().map(|&d| if rng.below(3) == 0 { 1 } else { d }).collect()
    }

    fn run_binary(
        fast: bool,
        a: (&[usize], &[f32]),
        b: (&[usize], &[f32]),
        n: usize,
    ) -> (Vec<usize>, Vec<f32>) {
        let rank = a.0.len().max(b.0.len());
        let mut shape = Shape::new(vec![n.max(1); rank], ShapeDynamism::DynamicBound);
        let mut data = vec![0.0f32; n.max(1).pow(rank as u32).max(1)];
        let mut out =
            TensorMut::new(ScalarType::Float, &mut shape, bytemuck::cast_slice_mut(&mut data));
        let ta =
            TensorRef { dtype: ScalarType::Float, sizes: a.0, data: bytemuck::cast_slice(a.1) };
        let tb =
            TensorRef { dtype: ScalarType::Float, sizes: b.0, data: bytemuck::cast_slice(b.1) };
        let f = |x: f32, y: f32| x * y - x / (y.abs() + 1.0);
        let r = if fast {
            binary("test", &ta, &tb, &mut out, f)
        } else {
            binary_generic("test", &ta, &tb, &mut out, f)
        };
        r.unwrap_or_else(|e| panic!("{e}"));
        let sizes = out.sizes().to_vec();
        let len = out.numel();
        (sizes, data[..len].to_vec())
    }

    #[test]
    fn fast_binary_matches_generic_on_random_broadcasts() {
        let mut rng = Lcg(7);
        for _ in 0..500 {
            let rank = rng.below(5);
            let out: Vec<usize> = (0..rank).map(|_| 1 + rng.below(5)).collect();
            let (sa, sb) = (broadcast_from(&mut rng, &out), broadcast_from(&mut rng, &out));
            let va: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
            let vb: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
            let fast = run_binary(true, (&sa, &va), (&sb, &vb), 5);
            let slow = run_binary(false, (&sa, &va), (&sb, &vb), 5);
            assert_eq!(fast, slow, "{sa:?} op {sb:?}");
        }
    }

    #[test]
    fn fast_binary_handles_channel_and_last_dim_broadcasts() {
        let mut rng = Lcg(11);
        for (sa, sb) in [
            (vec![2, 3, 4, 5], vec![2, 3, 1, 1]),
            (vec![1, 3, 4, 5], vec![3, 1, 1]),
            (vec![2, 3, 7], vec![7]),
            (vec![1, 1, 1, 1], vec![1]),
            (vec![3, 1, 5], vec![1, 4, 1]),
            (vec![], vec![3, 2]),
        ] {
            let va: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
            let vb: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
            let fast = run_binary(true, (&sa, &va), (&sb, &vb), 7);
            let slow = run_binary(false, (&sa, &va), (&sb, &vb), 7);
            assert_eq!(fast, slow, "{sa:?} op {sb:?}");
            let fast = run_binary(true, (&sb, &vb), (&sa, &va), 7);
            let slow = run_binary(false, (&sb, &vb), (&sa, &va), 7);
            assert_eq!(fast, slow, "{sb:?} op {sa:?}");
        }
    }

    #[test]
    fn fast_unary_matches_generic() {
        let mut rng = Lcg(3);
        let sizes = [3usize, 5, 7];
        let v: Vec<f32> = (0..105).map(|_| rng.value()).collect();
        let ta =
            TensorRef { dtype: ScalarType::Float, sizes: &sizes, data: bytemuck::cast_slice(&v) };
        let results: Vec<Vec<f32>> = [true, false]
            .into_iter()
            .map(|fast| {
                let mut shape = Shape::new(sizes.to_vec(), ShapeDynamism::Static);
                let mut data = vec![0.0f32; 105];
                let mut out = TensorMut::new(
                    ScalarType::Float,
                    &mut shape,
                    bytemuck::cast_slice_mut(&mut data),
                );
                let f = |x: f32| (x + 3.0).clamp(0.0, 6.0) * x / 6.0;
                let r = if fast {
                    unary("test", &ta, &mut out, f)
                } else {
                    unary_generic("test", &ta, &mut out, f)
                };
                r.unwrap_or_else(|e| panic!("{e}"));
                data
            })
            .collect();
        assert_eq!(results[0], results[1]);
    }
}
