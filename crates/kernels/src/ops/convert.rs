//! Kernels: copies with a dtype conversion (clone, `_to_copy`, the dim-order copies,
//! `copy_`), and the conversion helpers other families use.

use pterun_core::ScalarType;

use crate::args::{Arg, KernelCall, Signature};
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

/// `dim_order_ops::_clone_dim_order.out(Tensor self, *, bool non_blocking=False, int[]?
/// dim_order=None, Tensor(a!) out)` and `_to_dim_order_copy.out`.
const DIM_ORDER_COPY: Signature = &["self", "non_blocking", "dim_order", "out"];

/// `aten::clone.out(Tensor self, *, MemoryFormat? memory_format=None, Tensor(a!) out)`.
const CLONE: Signature = &["self", "memory_format", "out"];

/// `aten::_to_copy.out(Tensor self, *, bool non_blocking=False, MemoryFormat?
/// memory_format=None, Tensor(a!) out)`.
const TO_COPY: Signature = &["self", "non_blocking", "memory_format", "out"];

/// `aten::copy_(Tensor(a!) self, Tensor src, bool non_blocking=False)`.
const COPY_: Signature = &["self", "src", "non_blocking"];

fn copy_convert(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    same_type: bool,
) -> Result<()> {
    if same_type {
        same_dtype(op, input.dtype, out.dtype)?;
    }
    out.resize(input.sizes)?;
    convert_into(op, input, out)
}

/// A dim-order copy; `same_type` for `_clone_dim_order`.
fn dim_order_copy(call: &mut KernelCall<'_>, same_type: bool) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(DIM_ORDER_COPY)?;
    let dim_order = args.opt_int_list("dim_order")?;
    let input = args.tensor("self")?;
    check_dim_order(op, dim_order, input.dim())?;
    copy_convert(op, &input, one_out(op, outs)?, same_type)
}

fn clone_dim_order(call: &mut KernelCall<'_>) -> Result<()> {
    dim_order_copy(call, true)
}

fn to_dim_order_copy(call: &mut KernelCall<'_>) -> Result<()> {
    dim_order_copy(call, false)
}

fn check_memory_format(op: &'static str, format: Option<i64>) -> Result<()> {
    match format {
        None | Some(0) | Some(1) => Ok(()),
        Some(m) => Err(Error::NotSupported { op, detail: format!("memory format {m}") }),
    }
}

/// `aten::clone.out`.
fn clone(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(CLONE)?;
    check_memory_format(op, args.opt_int("memory_format")?)?;
    copy_convert(op, &args.tensor("self")?, one_out(op, outs)?, true)
}

/// `aten::_to_copy.out`.
fn to_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(TO_COPY)?;
    check_memory_format(op, args.opt_int("memory_format")?)?;
    copy_convert(op, &args.tensor("self")?, one_out(op, outs)?, false)
}

/// `aten::copy_`: `src` broadcast to `self` (the output) and converted to its type.
fn copy_(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(COPY_)?;
    let first = args.args().first();
    if !matches!(first, Some(Arg::Out(0))) {
        return Err(Error::ArgumentKind {
            op,
            index: 0,
            expected: "output tensor",
            found: first.map_or("nothing", Arg::kind_name),
        });
    }
    let src = args.tensor("src")?;
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
