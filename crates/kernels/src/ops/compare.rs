//! Kernels: comparisons with a tensor or a scalar (eq, ne, lt, le, gt, ge), stored as
//! bool, and `where`.

use pterun_core::ScalarType;

use crate::args::{KernelCall, Signature};
use crate::dtype::{check_cast, kind_of, promote, with_compute, Compute};
use crate::engine::elementwise::{binary, unary};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::util::{
    broadcast_shapes, for_each_broadcast, for_each_broadcast_row, one_out, promote_with_scalar,
    read_vec, write_vec,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
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
];

/// `aten::where.self_out(Tensor condition, Tensor self, Tensor other, *, Tensor(a!) out)`.
const WHERE: Signature = &["condition", "self", "other", "out"];

/// `aten::<cmp>.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out)` and
/// `aten::<cmp>.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out)`.
const COMPARISON: Signature = &["self", "other", "out"];

fn where_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(WHERE)?;
    let (tc, ta, tb) = (args.tensor("condition")?, args.tensor("self")?, args.tensor("other")?);
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
    with_compute!(kind, T => {
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
    let (args, outs) = call.bind(COMPARISON)?;
    let s = if scalar { Some(args.scalar("other")?) } else { None };
    let ta = args.tensor("self")?;
    let out = one_out(op, outs)?;
    match s {
        Some(s) => {
            let common = promote_with_scalar(ta.dtype, s);
            with_compute!(kind_of(op, common)?, T => {
                let b = <T as Compute>::from_scalar(s);
                unary::<T, i64>(op, &ta, out, |a| cmp(c, a, b))
            })
        }
        None => {
            let tb = args.tensor("other")?;
            let common = promote(ta.dtype, tb.dtype);
            with_compute!(kind_of(op, common)?, T => binary::<T, i64>(op, &ta, &tb, out, |a, b| cmp(c, a, b)))
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
