//! Kernels: classifying float values, `isnan` and `isinf`. The result is always bool;
//! integer and bool inputs are never NaN or infinite. Half and bfloat16 are widened to
//! float first, as the portable kernels do (which preserves NaN and infinity).

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::dtype::{kind_of, with_compute, Compute};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::util::one_out;

use crate::engine::elementwise::unary;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[("aten::isnan.out", isnan), ("aten::isinf.out", isinf)];

/// `aten::isnan.out` and `aten::isinf.out`: `(Tensor self, *, Tensor(a!) out)`.
const CLASSIFY: Signature = &["self", "out"];

fn classify(call: &mut KernelCall<'_>, f: fn(f64) -> bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CLASSIFY)?;
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    if out.dtype != ScalarType::Bool {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("the output must be bool, found {}", out.dtype),
        });
    }
    // f32 -> f64 keeps NaN and infinity, so one f64 test serves every float width.
    with_compute!(kind_of(op, ta.dtype)?, T => unary::<T, i64>(op, &ta, out, |x| f(x.to_f64()) as i64))
}

fn isnan(call: &mut KernelCall<'_>) -> Result<()> {
    classify(call, f64::is_nan)
}

fn isinf(call: &mut KernelCall<'_>) -> Result<()> {
    classify(call, f64::is_infinite)
}
