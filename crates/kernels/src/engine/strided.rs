//! Strided copies: gather the elements a stride pattern addresses into row-major order
//! (a tiled path for transposes).

use crate::error::{Error, Result};
use crate::tensor::contiguous_strides;
use crate::util::{checked_numel, step_index};

/// Copies the elements at `base + sum(idx[d] * strides[d])` of `src` (element strides, any
/// sign) for every index of `sizes`, in row-major order, into `dst`.
pub(crate) fn strided_copy(
    op: &'static str,
    dst: &mut [u8],
    src: &[u8],
    es: usize,
    sizes: &[usize],
    strides: &[isize],
    base: isize,
) -> Result<()> {
    let n = checked_numel(op, sizes)?;
    if n == 0 {
        return Ok(());
    }
    let oob = || outside_input(op);
    if dst.len() < n * es {
        return Err(oob());
    }
    let rank = sizes.len();
    if rank >= 2 && strides[rank - 1] != 1 && strides[rank - 2] == 1 {
        return transposed_copy(op, dst, src, es, sizes, strides, base);
    }
    let (run, outer_rank) =
        if rank > 0 && strides[rank - 1] == 1 { (sizes[rank - 1], rank - 1) } else { (1, rank) };
    let mut idx = vec![0usize; outer_rank];
    let mut off = base;
    let mut w = 0usize;
    let run_bytes = run * es;
    loop {
        let chunk = elements(src, off, es, run).ok_or_else(oob)?;
        dst[w..w + run_bytes].copy_from_slice(chunk);
        w += run_bytes;
        if !next_outer(&mut idx, &mut off, sizes, strides) {
            return Ok(());
        }
    }
}

fn outside_input(op: &'static str) -> Error {
    Error::InvalidArgument { op, detail: "element outside the input".into() }
}

/// The bytes of the `count` elements (of `es` bytes) from element offset `off` of `src`;
/// `None` when they are not all inside it.
fn elements(src: &[u8], off: isize, es: usize, count: usize) -> Option<&[u8]> {
    let start = usize::try_from(off).ok()?.checked_mul(es)?;
    src.get(start..start.checked_add(count.checked_mul(es)?)?)
}

/// Side of the square tiles of [`transposed_copy`]: 32 x 32 elements of up to 8 bytes stay
/// in L1 on both the read and the write side.
const TRANSPOSE_TILE: usize = 32;

/// [`strided_copy`] when the innermost two dimensions are swapped (the source is contiguous
/// along the second-to-last output dimension): copies square tiles so that reads and writes
/// both stay within a few cache lines, instead of striding through the source per element.
/// This is the weight transpose of every exported linear layer.
pub(crate) fn transposed_copy(
    op: &'static str,
    dst: &mut [u8],
    src: &[u8],
    es: usize,
    sizes: &[usize],
    strides: &[isize],
    base: isize,
) -> Result<()> {
    let oob = || outside_input(op);
    let rank = sizes.len();
    let (rows, cols) = (sizes[rank - 2], sizes[rank - 1]);
    let col_stride = strides[rank - 1];
    let mut idx = vec![0usize; rank - 2];
    let mut off = base;
    let mut w = 0usize;
    let block = rows * cols * es;
    loop {
        let out = dst.get_mut(w..w + block).ok_or_else(oob)?;
        // Four-byte elements (f32, i32) as words when both sides are aligned for them.
        if es == 4 {
            if let (Ok(words_out), Ok(words_in)) = (
                bytemuck::try_cast_slice_mut::<u8, u32>(out),
                bytemuck::try_cast_slice::<u8, u32>(src),
            ) {
                let first = usize::try_from(off).map_err(|_| oob())?;
                let last = (rows as isize - 1) + (cols as isize - 1) * col_stride;
                let end = usize::try_from(off + last.max(0)).map_err(|_| oob())?;
                if col_stride > 0 && end < words_in.len() {
                    let stride = col_stride as usize;
                    for i0 in (0..rows).step_by(TRANSPOSE_TILE) {
                        for j0 in (0..cols).step_by(TRANSPOSE_TILE) {
                            for i in i0..(i0 + TRANSPOSE_TILE).min(rows) {
                                let row = &mut words_out[i * cols..(i + 1) * cols];
                                for j in j0..(j0 + TRANSPOSE_TILE).min(cols) {
                                    row[j] = words_in[first + i + j * stride];
                                }
                            }
                        }
                    }
                    w += block;
                    if next_outer(&mut idx, &mut off, sizes, strides) {
                        continue;
                    }
                    return Ok(());
                }
            }
        }
        for i0 in (0..rows).step_by(TRANSPOSE_TILE) {
            for j0 in (0..cols).step_by(TRANSPOSE_TILE) {
                for i in i0..(i0 + TRANSPOSE_TILE).min(rows) {
                    for j in j0..(j0 + TRANSPOSE_TILE).min(cols) {
                        let at = off + i as isize + j as isize * col_stride;
                        let element = elements(src, at, es, 1).ok_or_else(oob)?;
                        let to = (i * cols + j) * es;
                        out[to..to + es].copy_from_slice(element);
                    }
                }
            }
        }
        w += block;
        if !next_outer(&mut idx, &mut off, sizes, strides) {
            return Ok(());
        }
    }
}

/// Advances the outer index `idx` (the leading `idx.len()` dimensions of `sizes`) and the
/// source offset by `strides`; false when every outer index has been visited.
#[inline(always)]
fn next_outer(idx: &mut [usize], off: &mut isize, sizes: &[usize], strides: &[isize]) -> bool {
    step_index(idx, sizes, |d, wrapped| {
        *off += strides[d];
        if wrapped {
            *off -= strides[d] * sizes[d] as isize;
        }
    })
}

pub(crate) fn istrides(sizes: &[usize]) -> Vec<isize> {
    contiguous_strides(sizes).into_iter().map(|s| s as isize).collect()
}

/// The sizes and element strides of a contiguous tensor of `sizes` without dimension `d`,
/// and the stride of `d`: the view of one index along `d`.
pub(crate) fn without_dim(sizes: &[usize], d: usize) -> (Vec<usize>, Vec<isize>, isize) {
    let mut strides = istrides(sizes);
    let step = strides.remove(d);
    let mut sizes = sizes.to_vec();
    sizes.remove(d);
    (sizes, strides, step)
}
