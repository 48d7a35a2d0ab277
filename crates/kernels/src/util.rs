//! Helpers shared by kernels: dimension normalisation, broadcasting, and reading/writing
//! tensors of any element type through a *compute type* (`f32`, `f64` or `i64`), as the
//! portable kernels load every operand into their compute type and store the result into
//! the output's type.

use pterun_core::ScalarType;

use crate::args::Scalar;
use crate::dtype::{cast_slice, cast_slice_mut, is_supported, Compute};
use crate::error::{Error, Result};
use crate::tensor::{numel, TensorMut, TensorRef, MAX_RANK};

/// Turns a possibly negative dimension into an index below `rank` (rank 0 accepts 0 and -1).
pub fn normalize_dim(op: &'static str, dim: i64, rank: usize) -> Result<usize> {
    dim_index(op, dim, rank, rank.max(1) as i64)
}

/// Like [`normalize_dim`] but for inserting a dimension: valid range is `-(rank+1)..=rank`.
pub fn normalize_insert_dim(op: &'static str, dim: i64, rank: usize) -> Result<usize> {
    dim_index(op, dim, rank, rank as i64 + 1)
}

/// `dim`, counted from `r` when negative, as an index below `r` (the error names `rank`).
fn dim_index(op: &'static str, dim: i64, rank: usize, r: i64) -> Result<usize> {
    let d = if dim < 0 { dim + r } else { dim };
    if d < 0 || d >= r {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("dimension {dim} out of range for rank {rank}"),
        });
    }
    Ok(d as usize)
}

/// The broadcast shape of two shapes (NumPy rules).
pub fn broadcast_shapes(op: &'static str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for i in 0..rank {
        let da = if i + a.len() >= rank { a[i + a.len() - rank] } else { 1 };
        let db = if i + b.len() >= rank { b[i + b.len() - rank] } else { 1 };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!("shapes {a:?} and {b:?} cannot be broadcast"),
                })
            }
        };
    }
    Ok(out)
}

/// Element count of `sizes`, as an error on overflow.
pub fn checked_numel(op: &'static str, sizes: &[usize]) -> Result<usize> {
    numel(sizes)
        .ok_or_else(|| Error::InvalidArgument { op, detail: format!("sizes {sizes:?} overflow") })
}

/// Strides (in elements) of `input` seen as broadcast to `out` (0 on broadcast dimensions).
/// `input` must be broadcastable to `out`.
fn broadcast_strides(out: &[usize], input: &[usize]) -> Vec<usize> {
    let rank = out.len();
    let mut strides = vec![0; rank];
    let mut acc = 1usize;
    for k in (0..input.len()).rev() {
        let od = rank - input.len() + k;
        strides[od] = if input[k] == 1 { 0 } else { acc };
        acc = acc.saturating_mul(input[k]);
    }
    strides
}

/// Calls `f` with the flat offsets of each input for every output element in order, the
/// inputs broadcast to `out` (the caller checked they broadcast).
pub fn for_each_broadcast<const N: usize>(
    out: &[usize],
    inputs: [&[usize]; N],
    mut f: impl FnMut([usize; N]),
) {
    let n = numel(out).unwrap_or(0);
    if n == 0 {
        return;
    }
    let same: [bool; N] = std::array::from_fn(|k| inputs[k] == out || numel(inputs[k]) == Some(n));
    let scalar: [bool; N] = std::array::from_fn(|k| numel(inputs[k]) == Some(1));
    if (0..N).all(|k| same[k] || scalar[k]) {
        for i in 0..n {
            f(std::array::from_fn(|k| if same[k] { i } else { 0 }));
        }
        return;
    }
    let strides: [Vec<usize>; N] = std::array::from_fn(|k| broadcast_strides(out, inputs[k]));
    let strides: [&[usize]; N] = std::array::from_fn(|k| &strides[k][..]);
    let mut idx = vec![0usize; out.len()];
    let mut off = [0usize; N];
    for _ in 0..n {
        f(off);
        step_offsets(&mut idx, out, strides, &mut off);
    }
}

/// The index odometer: steps the row-major multi-index `idx` within `sizes` (its length
/// decides how many leading dimensions count) to the next index, calling `moved(d,
/// wrapped)` for each dimension `d` it touches, innermost first: `wrapped` when `d` went
/// back to zero and carried into `d - 1`. False, with `idx` back at zero, after the last
/// index. Every multi-dimensional loop of the crate steps through this one; it is inlined
/// so that `moved` folds into the caller's loop.
#[inline(always)]
pub(crate) fn step_index(
    idx: &mut [usize],
    sizes: &[usize],
    mut moved: impl FnMut(usize, bool),
) -> bool {
    for d in (0..idx.len()).rev() {
        idx[d] += 1;
        let wrapped = idx[d] >= sizes[d];
        if wrapped {
            idx[d] = 0;
        }
        moved(d, wrapped);
        if !wrapped {
            return true;
        }
    }
    false
}

/// [`step_index`] without offsets.
#[inline(always)]
pub(crate) fn next_index(idx: &mut [usize], sizes: &[usize]) -> bool {
    step_index(idx, sizes, |_, _| {})
}

/// [`step_index`] moving each offset `off[k]` with the index (by `strides[k][d]` per step
/// along dimension `d`, back to its start along `d` on a wrap).
#[inline(always)]
fn step_offsets<const N: usize>(
    idx: &mut [usize],
    sizes: &[usize],
    strides: [&[usize]; N],
    off: &mut [usize; N],
) -> bool {
    step_index(idx, sizes, |d, wrapped| {
        for k in 0..N {
            off[k] += strides[k][d];
            if wrapped {
                off[k] -= strides[k][d] * sizes[d];
            }
        }
    })
}

/// Calls `f(out_offset, input_offsets, advances, len)` for each *row* of the broadcast of
/// `inputs` to `out`, in order: a row is a run of `len` consecutive output elements along
/// which input `k` advances by one element per output element if `advances[k]`, or stays on
/// one element otherwise. Dimensions of size 1 are dropped and adjacent dimensions merged
/// where every input allows it, so `[N, C, H, W]` with `[N, C, 1, 1]` gives rows of `H * W`
/// elements with the second input fixed on each row. No allocation. Returns `false` (having
/// called nothing) when the rank exceeds [`MAX_RANK`] or an input does not broadcast to
/// `out`; the caller then uses [`for_each_broadcast`].
pub fn for_each_broadcast_row<const N: usize>(
    out: &[usize],
    inputs: [&[usize]; N],
    mut f: impl FnMut(usize, [usize; N], [bool; N], usize),
) -> bool {
    let rank = out.len();
    if rank > MAX_RANK || inputs.iter().any(|s| !broadcastable_to(s, out)) {
        return false;
    }
    let n = numel(out).unwrap_or(0);
    if n == 0 {
        return true;
    }
    // Broadcast strides of every input in `out`'s dimensions, then collapsed.
    let mut sizes = [0usize; MAX_RANK];
    let mut strides = [[0usize; MAX_RANK]; N];
    let mut dims = 0usize;
    let mut acc = [1usize; N];
    let mut full = [[0usize; MAX_RANK]; N];
    for (k, input) in inputs.iter().enumerate() {
        for j in (0..input.len()).rev() {
            let od = rank - input.len() + j;
            full[k][od] = if input[j] == 1 { 0 } else { acc[k] };
            acc[k] = acc[k].saturating_mul(input[j]);
        }
    }
    for d in 0..rank {
        if out[d] == 1 {
            continue;
        }
        let merge = dims > 0 && (0..N).all(|k| strides[k][dims - 1] == full[k][d] * out[d]);
        if merge {
            sizes[dims - 1] *= out[d];
            for k in 0..N {
                strides[k][dims - 1] = full[k][d];
            }
        } else {
            sizes[dims] = out[d];
            for k in 0..N {
                strides[k][dims] = full[k][d];
            }
            dims += 1;
        }
    }
    if dims == 0 {
        f(0, [0; N], [false; N], 1);
        return true;
    }
    let len = sizes[dims - 1];
    let advances: [bool; N] = std::array::from_fn(|k| strides[k][dims - 1] != 0);
    let outer = dims - 1;
    let strides: [&[usize]; N] = std::array::from_fn(|k| &strides[k][..]);
    let mut idx = [0usize; MAX_RANK];
    let mut off = [0usize; N];
    let mut o = 0usize;
    loop {
        f(o, off, advances, len);
        o += len;
        if !step_offsets(&mut idx[..outer], &sizes, strides, &mut off) {
            return true;
        }
    }
}

/// Whether `input` can be broadcast to exactly `out`.
pub fn broadcastable_to(input: &[usize], out: &[usize]) -> bool {
    if input.len() > out.len() {
        return false;
    }
    let off = out.len() - input.len();
    input.iter().enumerate().all(|(i, &d)| d == 1 || d == out[off + i])
}

/// The elements of `t` converted to the compute type `T`.
pub fn read_vec<T: Compute>(op: &'static str, t: &TensorRef<'_>) -> Result<Vec<T>> {
    use ScalarType::*;
    let n = t.numel();
    let need = n.saturating_mul(t.dtype.element_size());
    if t.data.len() < need {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("tensor of sizes {:?} has only {} bytes", t.sizes, t.data.len()),
        });
    }
    let data = &t.data[..need];
    Ok(match t.dtype {
        Float => cast_slice::<f32>(data, Float)?.iter().map(|&v| T::from_f32(v)).collect(),
        Double => cast_slice::<f64>(data, Double)?.iter().map(|&v| T::from_f64(v)).collect(),
        Half => {
            cast_slice::<half::f16>(data, Half)?.iter().map(|&v| T::from_f32(v.to_f32())).collect()
        }
        BFloat16 => cast_slice::<half::bf16>(data, BFloat16)?
            .iter()
            .map(|&v| T::from_f32(v.to_f32()))
            .collect(),
        Long => cast_slice::<i64>(data, Long)?.iter().map(|&v| T::from_i64(v)).collect(),
        Int => cast_slice::<i32>(data, Int)?.iter().map(|&v| T::from_i64(v as i64)).collect(),
        Short => cast_slice::<i16>(data, Short)?.iter().map(|&v| T::from_i64(v as i64)).collect(),
        Char => data.iter().map(|&v| T::from_i64(v as i8 as i64)).collect(),
        Byte => data.iter().map(|&v| T::from_i64(v as i64)).collect(),
        Bool => data.iter().map(|&v| T::from_bool(v != 0)).collect(),
        dtype => return Err(Error::UnsupportedDtype { op, dtype }),
    })
}

/// Writes `vals` (in compute type `T`) into `out`, converting to its element type. `vals`
/// must hold exactly the output's current element count.
pub fn write_vec<T: Compute>(op: &'static str, out: &mut TensorMut<'_>, vals: &[T]) -> Result<()> {
    write_with(op, out, |i| vals[i])
}

/// Writes element `i` of `out` as `f(i)` (converted from compute type `T`) for every element.
pub fn write_with<T: Compute>(
    op: &'static str,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(usize) -> T,
) -> Result<()> {
    use ScalarType::*;
    let dtype = out.dtype;
    let n = out.numel();
    let bytes = out.bytes_mut();
    if bytes.len() < n.saturating_mul(dtype.element_size()) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("output holds {} bytes, too few for {n} elements", bytes.len()),
        });
    }
    macro_rules! fill {
        ($e:ty, $conv:expr) => {{
            let s = cast_slice_mut::<$e>(bytes, dtype)?;
            for (i, y) in s.iter_mut().enumerate().take(n) {
                *y = $conv(f(i));
            }
        }};
    }
    match dtype {
        Float => fill!(f32, |v: T| v.to_f32()),
        Double => fill!(f64, |v: T| v.to_f64()),
        Half => fill!(half::f16, |v: T| half::f16::from_f32(v.to_f32())),
        BFloat16 => fill!(half::bf16, |v: T| half::bf16::from_f32(v.to_f32())),
        Long => fill!(i64, |v: T| v.to_i64()),
        Int => fill!(i32, |v: T| v.to_i64() as i32),
        Short => fill!(i16, |v: T| v.to_i64() as i16),
        Char => fill!(u8, |v: T| v.to_i64() as i8 as u8),
        Byte => fill!(u8, |v: T| v.to_i64() as u8),
        Bool => fill!(u8, |v: T| v.to_bool() as u8),
        dtype => return Err(Error::UnsupportedDtype { op, dtype }),
    }
    Ok(())
}

/// The single output of a call, as an error if there is not exactly one.
pub fn one_out<'o, 'a>(
    op: &'static str,
    outs: &'o mut [TensorMut<'a>],
) -> Result<&'o mut TensorMut<'a>> {
    match outs {
        [out] => Ok(out),
        _ => Err(Error::ArgumentCount { op, expected: 1, found: outs.len() }),
    }
}

/// Element size in bytes, as an error for types kernels cannot move.
pub fn elem_size(op: &'static str, dtype: ScalarType) -> Result<usize> {
    if is_supported(dtype) {
        Ok(dtype.element_size())
    } else {
        Err(Error::UnsupportedDtype { op, dtype })
    }
}

/// The bytes of an input, checked to hold its element count.
pub fn in_bytes<'a>(op: &'static str, t: &TensorRef<'a>) -> Result<&'a [u8]> {
    let need = t.numel().saturating_mul(elem_size(op, t.dtype)?);
    t.data.get(..need).ok_or_else(|| Error::ShapeMismatch {
        op,
        detail: format!("tensor of sizes {:?} has only {} bytes", t.sizes, t.data.len()),
    })
}

/// Converts a list of sizes given as i64 (from the program) to usize, refusing negatives.
pub fn sizes_from_i64(op: &'static str, sizes: &[i64]) -> Result<Vec<usize>> {
    sizes
        .iter()
        .map(|&s| {
            usize::try_from(s).map_err(|_| Error::InvalidArgument {
                op,
                detail: format!("negative size {s} in {sizes:?}"),
            })
        })
        .collect()
}

/// Checks that `out` has dtype `dtype`.
pub fn expect_dtype(op: &'static str, actual: ScalarType, dtype: ScalarType) -> Result<()> {
    if actual == dtype {
        Ok(())
    } else {
        Err(Error::UnsupportedDtype { op, dtype: actual })
    }
}

/// The type of a tensor combined with a scalar (`promote_type_with_scalar`): a bool scalar
/// keeps the tensor's type, an int scalar keeps it unless it is bool (then int64), a float
/// scalar keeps a float type and otherwise gives float32.
pub fn promote_with_scalar(t: ScalarType, s: Scalar) -> ScalarType {
    match s {
        Scalar::Bool(_) => t,
        Scalar::Int(_) => {
            if t == ScalarType::Bool {
                ScalarType::Long
            } else {
                t
            }
        }
        Scalar::Double(_) => {
            if crate::dtype::is_float(t) {
                t
            } else {
                ScalarType::Float
            }
        }
    }
}

/// `max(a, b)` as ExecuTorch's clamp computes it: a NaN `a` passes through, a NaN `b` wins.
#[inline(always)]
pub(crate) fn max_override<T: Compute>(a: T, b: T) -> T {
    if a.is_nan() {
        a
    } else if b.is_nan() || a < b {
        b
    } else {
        a
    }
}

/// `min(a, b)` as ExecuTorch's clamp computes it: a NaN `a` passes through, a NaN `b` wins.
#[inline(always)]
pub(crate) fn min_override<T: Compute>(a: T, b: T) -> T {
    if a.is_nan() {
        a
    } else if b.is_nan() || b < a {
        b
    } else {
        a
    }
}
