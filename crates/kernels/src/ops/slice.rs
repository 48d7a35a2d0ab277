//! Kernels: taking parts of a tensor (select, slice, split, unbind).

use super::layout::view_into;

use crate::args::{KernelCall, Signature};
use crate::engine::strided::{istrides, without_dim};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{normalize_dim, one_out};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::select_copy.int_out", select_copy),
    ("aten::slice_copy.Tensor_out", slice_copy),
    ("aten::split_with_sizes_copy.out", split_with_sizes_copy),
    ("aten::split_copy.Tensor_out", split_copy),
    ("aten::unbind_copy.int_out", unbind_copy),
];

/// `aten::select_copy.int_out(Tensor self, int dim, SymInt index, *, Tensor(a!) out)`.
const SELECT: Signature = &["self", "dim", "index", "out"];

/// `aten::slice_copy.Tensor_out(Tensor self, int dim=0, SymInt? start=None, SymInt? end=None,
/// SymInt step=1, *, Tensor(a!) out)`.
const SLICE: Signature = &["self", "dim", "start", "end", "step", "out"];

/// `aten::split_with_sizes_copy.out(Tensor self, SymInt[] split_sizes, int dim=0, *,
/// Tensor(a!)[] out) -> ()`.
const SPLIT_WITH_SIZES: Signature = &["self", "split_sizes", "dim", "out"];

/// `aten::split_copy.Tensor_out(Tensor self, SymInt split_size, int dim=0, *, Tensor(a!)[]
/// out) -> ()`.
const SPLIT: Signature = &["self", "split_size", "dim", "out"];

/// `aten::unbind_copy.int_out(Tensor self, int dim=0, *, Tensor(a!)[] out) -> ()`.
const UNBIND: Signature = &["self", "dim", "out"];

/// Dimension `dim` of `input` normalised, after refusing a 0-dim `input` (`what` names the
/// operation in the error: "split of").
fn part_dim(op: &'static str, input: &TensorRef<'_>, dim: i64, what: &str) -> Result<usize> {
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: format!("{what} a 0-dim tensor") });
    }
    normalize_dim(op, dim, input.dim())
}

/// `aten::select_copy.int_out`.
fn select_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SELECT)?;
    let (dim, index) = (args.int("dim")?, args.int("index")?);
    let input = args.tensor("self")?;
    let d = part_dim(op, &input, dim, "select on")?;
    let n = input.sizes[d] as i64;
    let i = if index < 0 { index + n } else { index };
    if i < 0 || i >= n {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("index {index} out of range for size {n}"),
        });
    }
    let (sizes, strides, step) = without_dim(input.sizes, d);
    view_into(op, &input, one_out(op, outs)?, &sizes, &strides, i as isize * step)
}

/// PyTorch's clamping of slice bounds: (start, length).
pub(crate) fn slice_bounds(
    op: &'static str,
    size: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
) -> Result<(usize, usize)> {
    if step <= 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("slice step must be positive, got {step}"),
        });
    }
    let n = size as i64;
    let fix = |v: i64| {
        let v = if v < 0 { v.saturating_add(n) } else { v };
        v.clamp(0, n)
    };
    let s = fix(start.unwrap_or(0));
    let e = fix(end.unwrap_or(n)).max(s);
    let len = (e - s).saturating_add(step - 1) / step;
    Ok((s as usize, len as usize))
}

/// `aten::slice_copy.Tensor_out`.
fn slice_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SLICE)?;
    let (dim, start) = (args.int("dim")?, args.opt_int("start")?);
    let (end, step) = (args.opt_int("end")?, args.int("step")?);
    let input = args.tensor("self")?;
    let d = part_dim(op, &input, dim, "slice on")?;
    let (s, len) = slice_bounds(op, input.sizes[d], start, end, step)?;
    let st = istrides(input.sizes);
    let mut sizes = input.sizes.to_vec();
    let mut strides = st.clone();
    sizes[d] = len;
    strides[d] = st[d] * step as isize;
    view_into(op, &input, one_out(op, outs)?, &sizes, &strides, s as isize * st[d])
}

/// Writes the pieces of `input` along `d` of the given lengths into `outs`.
fn split_into(
    op: &'static str,
    input: &TensorRef<'_>,
    d: usize,
    lens: &[usize],
    outs: &mut [TensorMut<'_>],
) -> Result<()> {
    if lens.len() != outs.len() {
        return Err(Error::ArgumentCount { op, expected: lens.len(), found: outs.len() });
    }
    if lens.iter().try_fold(0usize, |a, &l| a.checked_add(l)) != Some(input.sizes[d]) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("split sizes {lens:?} do not sum to {}", input.sizes[d]),
        });
    }
    let st = istrides(input.sizes);
    let mut at = 0usize;
    for (out, &len) in outs.iter_mut().zip(lens) {
        let mut sizes = input.sizes.to_vec();
        sizes[d] = len;
        view_into(op, input, out, &sizes, &st, at as isize * st[d])?;
        at += len;
    }
    Ok(())
}

/// `aten::split_with_sizes_copy.out`.
fn split_with_sizes_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SPLIT_WITH_SIZES)?;
    let sizes = crate::util::sizes_from_i64(op, args.int_list("split_sizes")?)?;
    let dim = args.int("dim")?;
    let input = args.tensor("self")?;
    let d = part_dim(op, &input, dim, "split of")?;
    split_into(op, &input, d, &sizes, outs)
}

/// `aten::split_copy.Tensor_out`.
fn split_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(SPLIT)?;
    let split = args.int("split_size")?;
    let dim = args.int("dim")?;
    let input = args.tensor("self")?;
    let d = part_dim(op, &input, dim, "split of")?;
    let size = input.sizes[d];
    let split = usize::try_from(split)
        .map_err(|_| Error::InvalidArgument { op, detail: format!("bad split size {split}") })?;
    let lens: Vec<usize> = if split == 0 {
        if size != 0 {
            return Err(Error::InvalidArgument {
                op,
                detail: "split size 0 of a non-empty dimension".into(),
            });
        }
        vec![0; outs.len()]
    } else {
        let count = size.div_ceil(split).max(1);
        (0..count).map(|i| split.min(size.saturating_sub(i * split))).collect()
    };
    split_into(op, &input, d, &lens, outs)
}

/// `aten::unbind_copy.int_out`.
fn unbind_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let (args, outs) = call.bind(UNBIND)?;
    let dim = args.int("dim")?;
    let input = args.tensor("self")?;
    let d = part_dim(op, &input, dim, "unbind of")?;
    if outs.len() != input.sizes[d] {
        return Err(Error::ArgumentCount { op, expected: input.sizes[d], found: outs.len() });
    }
    let (sizes, strides, step) = without_dim(input.sizes, d);
    for (i, out) in outs.iter_mut().enumerate() {
        view_into(op, &input, out, &sizes, &strides, i as isize * step)?;
    }
    Ok(())
}
