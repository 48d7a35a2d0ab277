//! Kernels: unary math. Ops that keep the input's category (neg, abs, floor...) and ops
//! with a float result (exp, sigmoid...: integer inputs are converted).

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::dtype::{check_cast, is_float, kind_of, ComputeFloat, ComputeKind};
use crate::engine::elementwise::unary;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::one_out;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
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

/// Every op here: `aten::<name>.out(Tensor self, *, Tensor(a!) out)`.
const UNARY: Signature = &["self", "out"];

/// A unary op that keeps the input's category (neg, abs, floor...).
fn same_type_unary(
    call: &mut KernelCall<'_>,
    allow_bool: bool,
    fi: fn(i64) -> i64,
    f32_: fn(f32) -> f32,
    f64_: fn(f64) -> f64,
) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    check_cast(op, ta.dtype, out.dtype)?;
    match kind_of(op, ta.dtype)? {
        ComputeKind::Bool if !allow_bool => Err(Error::UnsupportedDtype { op, dtype: ta.dtype }),
        ComputeKind::Bool | ComputeKind::I64 => unary::<i64, i64>(op, &ta, out, fi),
        ComputeKind::F32 => unary::<f32, f32>(op, &ta, out, f32_),
        ComputeKind::F64 => unary::<f64, f64>(op, &ta, out, f64_),
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
    fn sign_f<T: ComputeFloat>(x: T) -> T {
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
    let (args, outs) = call.bind(UNARY)?;
    let ta = args.tensor("self")?;
    float_map(op, &ta, one_out(op, outs)?, f32_, f64_)
}

/// `out = f(ta)` in double if the input or output is double, in float otherwise.
pub(crate) fn float_map(
    op: &'static str,
    ta: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    f32_: impl Fn(f32) -> f32,
    f64_: impl Fn(f64) -> f64,
) -> Result<()> {
    kind_of(op, ta.dtype)?;
    if !is_float(out.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: out.dtype });
    }
    if ta.dtype == ScalarType::Double || out.dtype == ScalarType::Double {
        unary::<f64, f64>(op, ta, out, f64_)
    } else {
        unary::<f32, f32>(op, ta, out, f32_)
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
