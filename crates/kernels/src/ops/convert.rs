//! Kernels: copies with a dtype conversion (clone, `_to_copy`, the dim-order copies,
//! `copy_`), and the conversion helpers other families use.

use pterun_core::ScalarType;

use crate::args::{Arg, KernelCall};
use crate::dtype::is_supported;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{
    broadcastable_to, checked_numel, elem_size, for_each_broadcast, in_bytes, one_out, read_vec,
    write_vec,
};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("dim_order_ops::_clone_dim_order.out", clone_dim_order),
    ("dim_order_ops::_to_dim_order_copy.out", to_dim_order_copy),
    ("aten::clone.out", clone),
    ("aten::_to_copy.out", to_copy),
    ("aten::copy_", copy_),
];

/// Checks that `input` has a known element size and `out` the same type.
pub(super) fn same_dtype(op: &'static str, input: ScalarType, out: ScalarType) -> Result<()> {
    elem_size(op, input)?;
    if input != out {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("output type {out} differs from input type {input}"),
        });
    }
    Ok(())
}

/// Converts `src`'s elements into `dst` (same element count) whatever the two types.
pub(crate) fn convert_into(
    op: &'static str,
    src: &TensorRef<'_>,
    dst: &mut TensorMut<'_>,
) -> Result<()> {
    if !is_supported(src.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: src.dtype });
    }
    if !is_supported(dst.dtype) {
        return Err(Error::UnsupportedDtype { op, dtype: dst.dtype });
    }
    if src.numel() != dst.numel() {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{:?} and {:?} differ in size", src.sizes, dst.sizes()),
        });
    }
    if src.dtype == dst.dtype {
        let b = in_bytes(op, src)?;
        dst.bytes_mut()[..b.len()].copy_from_slice(b);
        return Ok(());
    }
    if crate::dtype::is_float(src.dtype) {
        let v = read_vec::<f64>(op, src)?;
        // Float to float narrowing goes through f32 like the C++ casts do for half types.
        write_vec(op, dst, &v)
    } else {
        let v = read_vec::<i64>(op, src)?;
        write_vec(op, dst, &v)
    }
}

fn check_dim_order(op: &'static str, order: Option<&[i64]>, rank: usize) -> Result<()> {
    if let Some(o) = order {
        if o.len() != rank || o.iter().enumerate().any(|(i, &d)| d != i as i64) {
            return Err(Error::NotSupported {
                op,
                detail: format!("dim order {o:?} (only contiguous)"),
            });
        }
    }
    Ok(())
}

fn copy_convert(op: &'static str, call: &mut KernelCall<'_>, same_type: bool) -> Result<()> {
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    let out = one_out(op, outs)?;
    if same_type {
        same_dtype(op, input.dtype, out.dtype)?;
    }
    out.resize(input.sizes)?;
    convert_into(op, &input, out)
}

/// `dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out)`.
fn clone_dim_order(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_dim_order(op, call.opt_int_list(2)?, call.tensor(0)?.dim())?;
    copy_convert(op, call, true)
}

/// `dim_order_ops::_to_dim_order_copy.out(Tensor self, *, bool non_blocking=False, int[]? dim_order=None, Tensor(a!) out)`.
fn to_dim_order_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_dim_order(op, call.opt_int_list(2)?, call.tensor(0)?.dim())?;
    copy_convert(op, call, false)
}

fn check_memory_format(op: &'static str, call: &KernelCall<'_>, i: usize) -> Result<()> {
    match call.opt_int(i)? {
        None | Some(0) | Some(1) => Ok(()),
        Some(m) => Err(Error::NotSupported { op, detail: format!("memory format {m}") }),
    }
}

/// `aten::clone.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out)`.
fn clone(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    check_memory_format(op, call, 1)?;
    copy_convert(op, call, true)
}

/// `aten::_to_copy.out(Tensor self, *, bool non_blocking=False, MemoryFormat? memory_format=None, Tensor(a!) out)`.
fn to_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    check_memory_format(op, call, 2)?;
    copy_convert(op, call, false)
}

/// `aten::copy_(Tensor(a!) self, Tensor src, bool non_blocking=False)`: `src` broadcast to
/// `self` and converted to its type.
fn copy_(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    if !matches!(call.args.first(), Some(Arg::Out(0))) {
        return Err(Error::ArgumentKind {
            op,
            index: 0,
            expected: "output tensor",
            found: call.args.first().map_or("nothing", Arg::kind_name),
        });
    }
    let (inp, outs) = call.split();
    let src = inp.tensor(1)?;
    broadcast_convert_into(op, &src, one_out(op, outs)?)
}

/// Writes `src` broadcast to `out`'s current sizes and converted to its type.
pub(crate) fn broadcast_convert_into(
    op: &'static str,
    src: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let sizes = out.sizes().to_vec();
    if !broadcastable_to(src.sizes, &sizes) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("cannot broadcast {:?} to {sizes:?}", src.sizes),
        });
    }
    if checked_numel(op, src.sizes)? == checked_numel(op, &sizes)? {
        return convert_into(
            op,
            &TensorRef { dtype: src.dtype, sizes: &sizes, data: src.data },
            out,
        );
    }
    // Broadcast, then convert.
    let es = elem_size(op, src.dtype)?;
    let sb = in_bytes(op, src)?;
    let len = checked_numel(op, &sizes)? * es;
    let mut aligned = vec![0u64; len.div_ceil(8)];
    let bytes = &mut bytemuck::cast_slice_mut::<u64, u8>(&mut aligned)[..len];
    let mut w = 0;
    for_each_broadcast(&sizes, [src.sizes], |[i]| {
        bytes[w..w + es].copy_from_slice(&sb[i * es..(i + 1) * es]);
        w += es;
    });
    let data = &bytemuck::cast_slice::<u64, u8>(&aligned)[..len];
    convert_into(op, &TensorRef { dtype: src.dtype, sizes: &sizes, data }, out)
}
