//! Kernels: logical operations on truth values (non-zero) and `bitwise_not`.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::dtype::{check_cast, is_float, is_integer};
use crate::engine::elementwise::unary;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::TensorRef;
use crate::util::{broadcast_shapes, for_each_broadcast, one_out, read_vec, write_vec};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::logical_and.out", logical_and),
    ("aten::logical_or.out", logical_or),
    ("aten::logical_xor.out", logical_xor),
    ("aten::logical_not.out", logical_not),
    ("aten::bitwise_not.out", bitwise_not),
];

/// `aten::logical_<op>.out(Tensor self, Tensor other, *, Tensor(a!) out)`.
const BINARY: Signature = &["self", "other", "out"];

/// `aten::logical_not.out` and `aten::bitwise_not.out`: `(Tensor self, *, Tensor(a!) out)`.
const UNARY: Signature = &["self", "out"];

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
    let (args, outs) = call.bind(BINARY)?;
    let (ta, tb) = (args.tensor("self")?, args.tensor("other")?);
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
    let (args, outs) = call.bind(UNARY)?;
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    out.resize(ta.sizes)?;
    let vals: Vec<i64> = truth(op, &ta)?.into_iter().map(|v| !v as i64).collect();
    write_vec(op, out, &vals)
}

fn bitwise_not(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNARY)?;
    let ta = args.tensor("self")?;
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
