//! Kernels: bitwise and, or, xor of integer and bool tensors, with a tensor or a scalar
//! right-hand side. The common type follows PyTorch's promotion (with a scalar:
//! `promote_type_with_scalar`); it must be an integer type or bool, and the result may be
//! stored in any type it can be cast to.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Scalar, Signature};
use crate::dtype::{check_cast, is_integer, promote};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::util::{one_out, promote_with_scalar};

use crate::engine::elementwise::{binary, unary};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::bitwise_and.Tensor_out", and_tensor),
    ("aten::bitwise_or.Tensor_out", or_tensor),
    ("aten::bitwise_xor.Tensor_out", xor_tensor),
    ("aten::bitwise_and.Scalar_out", and_scalar),
    ("aten::bitwise_or.Scalar_out", or_scalar),
    ("aten::bitwise_xor.Scalar_out", xor_scalar),
];

/// `aten::bitwise_<op>.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out)` and
/// `aten::bitwise_<op>.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out)`.
const BITWISE: Signature = &["self", "other", "out"];

/// The common type, refused unless it is an integer type or bool.
fn integer_common(op: &'static str, common: ScalarType) -> Result<()> {
    if is_integer(common) || common == ScalarType::Bool {
        Ok(())
    } else {
        Err(Error::UnsupportedDtype { op, dtype: common })
    }
}

/// `v` as the integer type `dtype` holds it (two's complement truncation, bool tests
/// non-zero), back in i64: the portable kernels convert the scalar to the compute type
/// before the operation.
fn wrap_to(dtype: ScalarType, v: i64) -> i64 {
    match dtype {
        ScalarType::Bool => (v != 0) as i64,
        ScalarType::Byte => v as u8 as i64,
        ScalarType::Char => v as i8 as i64,
        ScalarType::Short => v as i16 as i64,
        ScalarType::Int => v as i32 as i64,
        _ => v,
    }
}

fn tensor_op(call: &mut KernelCall<'_>, f: fn(i64, i64) -> i64) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(BITWISE)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
    let out = one_out(op, outs)?;
    let common = promote(ta.dtype, tb.dtype);
    integer_common(op, common)?;
    check_cast(op, common, out.dtype)?;
    // Operands of a narrower type are sign- or zero-extended to i64; and, or and xor of the
    // extensions truncate back to the operation in the common type.
    binary::<i64, i64>(op, &ta, &tb, out, |a, b| wrap_to(common, f(a, b)))
}

fn scalar_op(call: &mut KernelCall<'_>, f: fn(i64, i64) -> i64) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(BITWISE)?;
    let s = args.scalar("other")?;
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    let common = promote_with_scalar(ta.dtype, s);
    integer_common(op, common)?;
    check_cast(op, common, out.dtype)?;
    let b = match s {
        Scalar::Double(_) => unreachable_float(op)?,
        other => wrap_to(common, other.to_i64()),
    };
    unary::<i64, i64>(op, &ta, out, |a| wrap_to(common, f(a, b)))
}

/// A float scalar promotes to a float common type, which [`integer_common`] refused.
fn unreachable_float(op: &'static str) -> Result<i64> {
    Err(Error::UnsupportedDtype { op, dtype: ScalarType::Float })
}

fn and_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    tensor_op(call, |a, b| a & b)
}
fn or_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    tensor_op(call, |a, b| a | b)
}
fn xor_tensor(call: &mut KernelCall<'_>) -> Result<()> {
    tensor_op(call, |a, b| a ^ b)
}
fn and_scalar(call: &mut KernelCall<'_>) -> Result<()> {
    scalar_op(call, |a, b| a & b)
}
fn or_scalar(call: &mut KernelCall<'_>) -> Result<()> {
    scalar_op(call, |a, b| a | b)
}
fn xor_scalar(call: &mut KernelCall<'_>) -> Result<()> {
    scalar_op(call, |a, b| a ^ b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_types_wrap_like_the_common_type() {
        assert_eq!(wrap_to(ScalarType::Char, 300), 44);
        assert_eq!(wrap_to(ScalarType::Byte, -1), 255);
        assert_eq!(wrap_to(ScalarType::Bool, 2), 1);
        // int8 -1 ^ 300: the scalar is first cast to int8 (44).
        assert_eq!(wrap_to(ScalarType::Char, -1 ^ wrap_to(ScalarType::Char, 300)), -45);
    }
}
