//! Kernels: copies the exporter leaves behind after functionalization: `alias_copy` (a
//! graph output that aliases an input or a buffer), `copy` (an in-place `copy_` made
//! functional: static KV caches, slice assignment, circular padding) and `as_strided_copy`
//! (ConvNeXt and Swin window partitions).

use pterun_core::ScalarType;

use crate::args::{Arg, KernelCall};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::TensorRef;
use crate::util::{checked_numel, in_bytes, sizes_from_i64};

use super::convert::{broadcast_convert_into, same_dtype};
use crate::engine::strided::strided_copy;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::alias_copy.out", alias_copy),
    ("aten::copy.out", copy_out),
    ("aten::as_strided_copy.out", as_strided_copy),
];

/// The dtype and sizes of argument `i`, which may be the output itself (an in-place copy
/// made functional can name the same tensor twice).
fn meta_of(call: &KernelCall<'_>, i: usize) -> Result<(ScalarType, Vec<usize>)> {
    let t = call.tensor(i)?;
    Ok((t.dtype, t.sizes.to_vec()))
}

/// Input argument `i` borrowed from the program's memory, or, when it names output `k`,
/// its current bytes copied (into 8-byte-aligned storage, so any element type can be
/// viewed) because the output is about to be written.
enum Source<'a> {
    Borrowed(TensorRef<'a>),
    Owned { dtype: ScalarType, sizes: Vec<usize>, words: Vec<u64>, len: usize },
}

impl Source<'_> {
    fn get(call: &KernelCall<'_>, i: usize) -> Result<Source<'static>> {
        let t = call.tensor(i)?;
        let bytes = in_bytes(call.op, &t)?;
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        bytemuck::cast_slice_mut::<u64, u8>(&mut words)[..bytes.len()].copy_from_slice(bytes);
        Ok(Source::Owned { dtype: t.dtype, sizes: t.sizes.to_vec(), words, len: bytes.len() })
    }

    fn view(&self) -> TensorRef<'_> {
        match self {
            Source::Borrowed(t) => *t,
            Source::Owned { dtype, sizes, words, len } => TensorRef {
                dtype: *dtype,
                sizes,
                data: &bytemuck::cast_slice::<u64, u8>(words)[..*len],
            },
        }
    }
}

/// Argument `i` as a [`Source`]: borrowed when it is a plain input.
fn source<'a>(call: &KernelCall<'a>, i: usize) -> Result<Source<'a>> {
    match call.args.get(i) {
        Some(Arg::Tensor(t)) => Ok(Source::Borrowed(*t)),
        _ => Source::get(call, i),
    }
}

/// `aten::alias_copy.out(Tensor self, *, Tensor(a!) out)`: a plain copy, same type.
fn alias_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let src = source(call, 0)?;
    let out = call.single_out()?;
    let src = src.view();
    same_dtype(op, src.dtype, out.dtype)?;
    out.resize(src.sizes)?;
    let bytes = in_bytes(op, &src)?;
    out.bytes_mut()[..bytes.len()].copy_from_slice(bytes);
    Ok(())
}

/// `aten::copy.out(Tensor self, Tensor src, bool non_blocking=False, *, Tensor(a!) out)`:
/// `out` takes `self`'s sizes and type, and `src`'s values broadcast to those sizes and
/// converted to that type (any real, half, bfloat16 or bool type on either side).
fn copy_out(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    if call.bool(2)? {
        return Err(Error::InvalidArgument {
            op,
            detail: "non_blocking copies are not supported".into(),
        });
    }
    let (dtype, sizes) = meta_of(call, 0)?;
    let src = source(call, 1)?;
    let out = call.single_out()?;
    same_dtype(op, dtype, out.dtype)?;
    out.resize(&sizes)?;
    broadcast_convert_into(op, &src.view(), out)
}

/// `aten::as_strided_copy.out(Tensor self, SymInt[] size, SymInt[] stride, SymInt?
/// storage_offset=None, *, Tensor(a!) out)`: element `idx` of the result is
/// `self.flat[storage_offset + sum(idx[d] * stride[d])]`.
fn as_strided_copy(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let sizes = sizes_from_i64(op, call.int_list(1)?)?;
    let strides = call.int_list(2)?.to_vec();
    let offset = call.opt_int(3)?.unwrap_or(0);
    let src = source(call, 0)?;
    let out = call.single_out()?;
    let src = src.view();
    same_dtype(op, src.dtype, out.dtype)?;
    let strides = as_strided_layout(op, &src, &sizes, &strides, offset)?;
    out.resize(&sizes)?;
    if src.numel() == 0 {
        return Ok(());
    }
    let es = src.dtype.element_size();
    let base = isize::try_from(offset).map_err(|_| offset_error(op, offset))?;
    strided_copy(op, out.bytes_mut(), in_bytes(op, &src)?, es, &sizes, &strides, base)
}

fn offset_error(op: &'static str, offset: i64) -> Error {
    Error::InvalidArgument { op, detail: format!("storage offset {offset} out of range") }
}

/// Checks an `as_strided` request against the input's storage, as the portable kernel
/// does: as many strides as sizes, none negative, a non-negative offset, and the last
/// element addressed inside the input. Returns the strides as `isize`.
fn as_strided_layout(
    op: &'static str,
    src: &TensorRef<'_>,
    sizes: &[usize],
    strides: &[i64],
    offset: i64,
) -> Result<Vec<isize>> {
    if sizes.len() != strides.len() {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{} sizes but {} strides", sizes.len(), strides.len()),
        });
    }
    if let Some(s) = strides.iter().find(|&&s| s < 0) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("negative stride {s} in {strides:?}"),
        });
    }
    if offset < 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("negative storage offset {offset}"),
        });
    }
    checked_numel(op, sizes)?;
    let istrides: Vec<isize> = strides
        .iter()
        .map(|&s| isize::try_from(s).map_err(|_| offset_error(op, s)))
        .collect::<Result<_>>()?;
    if sizes.contains(&0) {
        return Ok(istrides);
    }
    // One past the last element addressed, in elements, computed without overflow.
    let span = sizes
        .iter()
        .zip(strides)
        .try_fold(1i128, |acc, (&n, &s)| Some(acc + i128::from(s) * (i128::try_from(n).ok()? - 1)));
    let needed = span.map(|s| s + i128::from(offset));
    let available = src.numel() as i128;
    match needed {
        Some(n) if n <= available => Ok(istrides),
        _ => Err(Error::InvalidArgument {
            op,
            detail: format!(
                "sizes {sizes:?}, strides {strides:?} and offset {offset} reach past the \
                 {available} elements of the input"
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::run_f32;

    fn f32_bytes(v: &[f32]) -> Vec<u8> {
        bytemuck::cast_slice(v).to_vec()
    }

    #[test]
    fn as_strided_reads_overlapping_windows() {
        let x: Vec<f32> = (0..12).map(|v| v as f32).collect();
        let bytes = f32_bytes(&x);
        let input = TensorRef { dtype: ScalarType::Float, sizes: &[3, 4], data: &bytes };
        let args = vec![
            Arg::Tensor(input),
            Arg::IntList(vec![3, 2]),
            Arg::IntList(vec![2, 3]),
            Arg::Int(1),
            Arg::Out(0),
        ];
        let got = run_f32("aten::as_strided_copy.out", args, &[3, 2]).expect("runs");
        assert_eq!(got, vec![1.0, 4.0, 3.0, 6.0, 5.0, 8.0]);
    }

    #[test]
    fn as_strided_past_the_input_is_an_error() {
        let bytes = f32_bytes(&[0.0; 6]);
        let input = TensorRef { dtype: ScalarType::Float, sizes: &[6], data: &bytes };
        // The last element addressed is 1 + 2 * 3 = 7 > 5.
        let args = vec![
            Arg::Tensor(input),
            Arg::IntList(vec![3]),
            Arg::IntList(vec![3]),
            Arg::Int(1),
            Arg::Out(0),
        ];
        let err = run_f32("aten::as_strided_copy.out", args, &[3]).expect_err("out of bounds");
        assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
        let huge = vec![
            Arg::Tensor(input),
            Arg::IntList(vec![2]),
            Arg::IntList(vec![i64::MAX]),
            Arg::None,
            Arg::Out(0),
        ];
        assert!(run_f32("aten::as_strided_copy.out", huge, &[2]).is_err());
        let negative = vec![
            Arg::Tensor(input),
            Arg::IntList(vec![2]),
            Arg::IntList(vec![-1]),
            Arg::None,
            Arg::Out(0),
        ];
        assert!(run_f32("aten::as_strided_copy.out", negative, &[2]).is_err());
    }

    #[test]
    fn copy_broadcasts_and_converts_src() {
        let self_bytes = f32_bytes(&[9.0; 6]);
        let dst = TensorRef { dtype: ScalarType::Float, sizes: &[2, 3], data: &self_bytes };
        let src_bytes: Vec<u8> = [-1i64, 0, 7].iter().flat_map(|v| v.to_le_bytes()).collect();
        let src = TensorRef { dtype: ScalarType::Long, sizes: &[3], data: &src_bytes };
        let args = vec![Arg::Tensor(dst), Arg::Tensor(src), Arg::Bool(false), Arg::Out(0)];
        let got = run_f32("aten::copy.out", args, &[2, 3]).expect("runs");
        assert_eq!(got, vec![-1.0, 0.0, 7.0, -1.0, 0.0, 7.0]);
    }

    #[test]
    fn copy_refuses_a_src_that_does_not_broadcast() {
        let self_bytes = f32_bytes(&[0.0; 6]);
        let dst = TensorRef { dtype: ScalarType::Float, sizes: &[2, 3], data: &self_bytes };
        let src_bytes = f32_bytes(&[0.0; 2]);
        let src = TensorRef { dtype: ScalarType::Float, sizes: &[2], data: &src_bytes };
        let args = vec![Arg::Tensor(dst), Arg::Tensor(src), Arg::Bool(false), Arg::Out(0)];
        let err = run_f32("aten::copy.out", args, &[2, 3]).expect_err("no broadcast");
        assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
    }
}
