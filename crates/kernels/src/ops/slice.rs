//! Kernels: taking parts of a tensor (select, slice, split, unbind).

use super::layout::view_into;

use crate::args::KernelCall;
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
fn select_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let (dim, index) = (call.int(1)?, call.int(2)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "select on a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
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

/// `aten::slice_copy.Tensor_out(Tensor self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1, *, Tensor(a!) out)`.
fn slice_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(6)?;
    let (dim, start, end, step) = (call.int(1)?, call.opt_int(2)?, call.opt_int(3)?, call.int(4)?);
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "slice on a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
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

/// `aten::split_with_sizes_copy.out(Tensor self, SymInt[] split_sizes, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn split_with_sizes_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let sizes = crate::util::sizes_from_i64(op, call.int_list(1)?)?;
    let dim = call.int(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "split of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    split_into(op, &input, d, &sizes, outs)
}

/// `aten::split_copy.Tensor_out(Tensor self, SymInt split_size, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn split_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let split = call.int(1)?;
    let dim = call.int(2)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "split of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
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

/// `aten::unbind_copy.int_out(Tensor self, int dim=0, *, Tensor(a!)[] out) -> ()`.
fn unbind_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let dim = call.int(1)?;
    let (inp, outs) = call.split();
    let input = inp.tensor(0)?;
    if input.dim() == 0 {
        return Err(Error::InvalidArgument { op, detail: "unbind of a 0-dim tensor".into() });
    }
    let d = normalize_dim(op, dim, input.dim())?;
    if outs.len() != input.sizes[d] {
        return Err(Error::ArgumentCount { op, expected: input.sizes[d], found: outs.len() });
    }
    let (sizes, strides, step) = without_dim(input.sizes, d);
    for (i, out) in outs.iter_mut().enumerate() {
        view_into(op, &input, out, &sizes, &strides, i as isize * step)?;
    }
    Ok(())
}
