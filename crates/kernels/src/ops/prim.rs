//! Kernels: prim operators on scalars and tensor metadata (`sym_size`, `executorch_prim::*`).
//! They return their result through [`KernelCall::scalar_out`].

use pterun_core::ScalarType;

use crate::args::{KernelCall, Scalar};
use crate::dtype::{is_float, read_f64, read_i64};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::util::normalize_dim;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::sym_size.int", sym_size),
    ("aten::sym_numel", sym_numel),
    ("aten::_local_scalar_dense", local_scalar_dense),
    ("executorch_prim::add.Scalar", add_),
    ("executorch_prim::sub.Scalar", sub),
    ("executorch_prim::mul.Scalar", mul),
    ("executorch_prim::floordiv.Scalar", floordiv),
    ("executorch_prim::floordiv.int", floordiv),
    ("executorch_prim::truediv.Scalar", truediv),
    ("executorch_prim::mod.Scalar", mod_),
    ("executorch_prim::mod.int", mod_),
    ("executorch_prim::eq.Scalar", eq),
    ("executorch_prim::gt.Scalar", gt),
    ("executorch_prim::lt.Scalar", lt),
    ("executorch_prim::ge.Scalar", ge),
    ("executorch_prim::le.Scalar", le),
    ("executorch_prim::neg.Scalar", neg),
    ("executorch_prim::sym_float.Scalar", sym_float),
    ("executorch_prim::sym_int.Scalar", sym_int),
    ("executorch_prim::sym_max.Scalar", sym_max),
    ("executorch_prim::sym_min.Scalar", sym_min),
    ("executorch_prim::sym_not.Scalar", sym_not),
    ("executorch_prim::ceil.Scalar", ceil),
    ("executorch_prim::round.Scalar", round),
    ("executorch_prim::trunc.Scalar", trunc),
];

/// `aten::sym_size.int(Tensor self, int dim) -> SymInt`.
fn sym_size(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(2)?;
    let t = call.tensor(0)?;
    if t.dim() == 0 {
        return Err(Error::InvalidArgument {
            op: call.op,
            detail: "sym_size of a 0-dim tensor".into(),
        });
    }
    let d = normalize_dim(call.op, call.int(1)?, t.dim())?;
    let v = t.sizes[d] as i64;
    call.scalar_out = Some(Scalar::Int(v));
    Ok(())
}

/// `aten::sym_numel(Tensor self) -> SymInt`.
fn sym_numel(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(1)?;
    let n = call.tensor(0)?.numel() as i64;
    call.scalar_out = Some(Scalar::Int(n));
    Ok(())
}

/// `aten::_local_scalar_dense(Tensor self) -> Scalar`: the single element.
fn local_scalar_dense(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(1)?;
    let op = call.op;
    let t = call.tensor(0)?;
    if t.numel() != 1 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("expected one element, found sizes {:?}", t.sizes),
        });
    }
    let v = match t.dtype {
        ScalarType::Bool => read_i64(t.dtype, t.data, 0).map(|v| Scalar::Bool(v != 0)),
        d if is_float(d) => read_f64(d, t.data, 0).map(Scalar::Double),
        d => read_i64(d, t.data, 0).map(Scalar::Int),
    };
    let v = v.ok_or(Error::UnsupportedDtype { op, dtype: t.dtype })?;
    call.scalar_out = Some(v);
    Ok(())
}

fn two(call: &KernelCall<'_>) -> Result<(Scalar, Scalar)> {
    call.expect_args(2)?;
    Ok((call.scalar(0)?, call.scalar(1)?))
}

fn one(call: &KernelCall<'_>) -> Result<Scalar> {
    call.expect_args(1)?;
    call.scalar(0)
}

/// Both integers (bools count as integers), or as floats.
enum Pair {
    I(i64, i64),
    F(f64, f64),
}

fn pair(a: Scalar, b: Scalar) -> Pair {
    match (a, b) {
        (Scalar::Double(_), _) | (_, Scalar::Double(_)) => Pair::F(a.to_f64(), b.to_f64()),
        _ => Pair::I(a.to_i64(), b.to_i64()),
    }
}

fn arith(
    call: &mut KernelCall<'_>,
    fi: fn(i64, i64) -> Option<i64>,
    ff: fn(f64, f64) -> f64,
) -> Result<()> {
    let (a, b) = two(call)?;
    let op = call.op;
    let r = match pair(a, b) {
        Pair::I(x, y) => Scalar::Int(
            fi(x, y)
                .ok_or_else(|| Error::InvalidArgument { op, detail: format!("{x} and {y}") })?,
        ),
        Pair::F(x, y) => Scalar::Double(ff(x, y)),
    };
    call.scalar_out = Some(r);
    Ok(())
}

fn add_(call: &mut KernelCall<'_>) -> Result<()> {
    arith(call, |a, b| Some(a.wrapping_add(b)), |a, b| a + b)
}
fn sub(call: &mut KernelCall<'_>) -> Result<()> {
    arith(call, |a, b| Some(a.wrapping_sub(b)), |a, b| a - b)
}
fn mul(call: &mut KernelCall<'_>) -> Result<()> {
    arith(call, |a, b| Some(a.wrapping_mul(b)), |a, b| a * b)
}
fn floordiv(call: &mut KernelCall<'_>) -> Result<()> {
    arith(
        call,
        |a, b| (b != 0).then(|| crate::ops::arith::floor_divide_i(a, b)),
        |a, b| (a / b).floor(),
    )
}
fn mod_(call: &mut KernelCall<'_>) -> Result<()> {
    arith(
        call,
        |a, b| (b != 0).then(|| crate::ops::arith::remainder_i(a, b)),
        crate::ops::arith::remainder_f,
    )
}
fn truediv(call: &mut KernelCall<'_>) -> Result<()> {
    let (a, b) = two(call)?;
    call.scalar_out = Some(Scalar::Double(a.to_f64() / b.to_f64()));
    Ok(())
}
fn sym_max(call: &mut KernelCall<'_>) -> Result<()> {
    arith(call, |a, b| Some(a.max(b)), f64::max)
}
fn sym_min(call: &mut KernelCall<'_>) -> Result<()> {
    arith(call, |a, b| Some(a.min(b)), f64::min)
}

fn compare(call: &mut KernelCall<'_>, f: fn(std::cmp::Ordering) -> bool) -> Result<()> {
    let (a, b) = two(call)?;
    let ord = match pair(a, b) {
        Pair::I(x, y) => Some(x.cmp(&y)),
        Pair::F(x, y) => x.partial_cmp(&y),
    };
    call.scalar_out = Some(Scalar::Bool(ord.is_some_and(f)));
    Ok(())
}

fn eq(call: &mut KernelCall<'_>) -> Result<()> {
    compare(call, |o| o.is_eq())
}
fn gt(call: &mut KernelCall<'_>) -> Result<()> {
    compare(call, |o| o.is_gt())
}
fn lt(call: &mut KernelCall<'_>) -> Result<()> {
    compare(call, |o| o.is_lt())
}
fn ge(call: &mut KernelCall<'_>) -> Result<()> {
    compare(call, |o| o.is_ge())
}
fn le(call: &mut KernelCall<'_>) -> Result<()> {
    compare(call, |o| o.is_le())
}

fn neg(call: &mut KernelCall<'_>) -> Result<()> {
    let r = match one(call)? {
        Scalar::Double(v) => Scalar::Double(-v),
        s => Scalar::Int(s.to_i64().wrapping_neg()),
    };
    call.scalar_out = Some(r);
    Ok(())
}

fn sym_float(call: &mut KernelCall<'_>) -> Result<()> {
    let v = one(call)?.to_f64();
    call.scalar_out = Some(Scalar::Double(v));
    Ok(())
}

fn to_int(call: &mut KernelCall<'_>, f: fn(f64) -> f64) -> Result<()> {
    let op = call.op;
    let r = match one(call)? {
        Scalar::Double(v) => {
            let r = f(v);
            if !r.is_finite() {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("{v} has no integer value"),
                });
            }
            Scalar::Int(r as i64)
        }
        s => Scalar::Int(s.to_i64()),
    };
    call.scalar_out = Some(r);
    Ok(())
}

fn sym_int(call: &mut KernelCall<'_>) -> Result<()> {
    to_int(call, f64::trunc)
}
fn ceil(call: &mut KernelCall<'_>) -> Result<()> {
    to_int(call, f64::ceil)
}
fn round(call: &mut KernelCall<'_>) -> Result<()> {
    to_int(call, f64::round_ties_even)
}
fn trunc(call: &mut KernelCall<'_>) -> Result<()> {
    to_int(call, f64::trunc)
}

fn sym_not(call: &mut KernelCall<'_>) -> Result<()> {
    let v = match one(call)? {
        Scalar::Bool(b) => !b,
        s => s.to_f64() == 0.0,
    };
    call.scalar_out = Some(Scalar::Bool(v));
    Ok(())
}
