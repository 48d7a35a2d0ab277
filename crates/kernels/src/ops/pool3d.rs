//! Kernels: 3-D pooling (average, max with indices) over `[C, D, H, W]` or `[N, C, D, H,
//! W]` inputs, f32.
//!
//! ExecuTorch 1.5.1 has no kernel for either operator (a program using one fails to load
//! with error 0x14), so eager PyTorch's CPU kernels are the reference: the 2-D kernels'
//! window, padding and rounding rules with a third dimension; `avg_pool3d` sums in f32 in
//! row-major window order, `max_pool3d_with_indices` lets NaN win (unlike ExecuTorch's
//! `max_pool2d_with_indices`, where NaN never replaces a value).

use pterun_core::ScalarType;

use super::linalg::{f32_in, f32_out, mul, require_f32};
use super::pool::{out_sizes, planes, pooled_lens, AvgMode, AvgPool, MaxPoolArgs, Window};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::KernelDef;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::avg_pool3d.out", avg_pool3d),
    ("aten::max_pool3d_with_indices.out", max_pool3d_with_indices),
];

/// `aten::avg_pool3d.out(Tensor self, int[3] kernel_size, int[3] stride=[], int[3]
/// padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None,
/// *, Tensor(a!) out)`. Sums the in-bounds elements in f32, depth then row then column, and
/// divides by `divisor_override`, or the window volume clamped to the padded input
/// (`count_include_pad`), or the number of in-bounds elements.
fn avg_pool3d(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let AvgPool { input, out, planes, dims, windows: wins, pooled, mode } =
        AvgPool::read(op, call)?;
    let AvgMode { divisor, include_pad } = mode;
    require_f32(op, &input)?;
    let x = f32_in(op, &input)?;
    let y = f32_out(op, out)?;
    if y.is_empty() {
        return Ok(());
    }
    let [d, h, w] = dims;
    let [od, oh, ow] = pooled;
    // D * H * W is checked by `planes`; the pooled volume may overflow with no planes.
    let (in_volume, out_volume) = (d * h * w, mul(op, mul(op, od, oh)?, ow)?);
    // Per output position of each dimension: the window's unclamped extent (for
    // count_include_pad) and its in-bounds range.
    let spans = |win: Window, len: usize, count: usize| -> Vec<(i128, std::ops::Range<usize>)> {
        (0..count)
            .map(|o| {
                let start = o as i128 * win.stride as i128 - win.padding as i128;
                let end = (start + win.kernel as i128).min(len as i128 + win.padding as i128);
                // Clamped into 0..=len, so both fit in usize.
                let (lo, hi) = (start.max(0) as usize, end.min(len as i128).max(0) as usize);
                (end - start, lo..hi.max(lo))
            })
            .collect()
    };
    let (zs, ys, xs) = (spans(wins[0], d, od), spans(wins[1], h, oh), spans(wins[2], w, ow));
    for (src, dst) in x.chunks_exact(in_volume).zip(y.chunks_exact_mut(out_volume)).take(planes) {
        let mut at = 0;
        for (z_extent, z) in &zs {
            for (y_extent, rows) in &ys {
                for (x_extent, cols) in &xs {
                    let mut sum = 0.0f32;
                    for iz in z.clone() {
                        for iy in rows.clone() {
                            let row = &src[(iz * h + iy) * w..][..w];
                            for &v in &row[cols.clone()] {
                                sum += v;
                            }
                        }
                    }
                    let count = match divisor {
                        Some(c) => c as f32,
                        None if include_pad => (z_extent * y_extent * x_extent) as f32,
                        None => (z.len() * rows.len() * cols.len()) as f32,
                    };
                    // An empty window is unreachable with padding <= kernel / 2; it would
                    // give 0 / count.
                    dst[at] = sum / count;
                    at += 1;
                }
            }
        }
    }
    Ok(())
}

/// For output position `o`: the in-bounds sources of the dilated window (first, count, step
/// = dilation), and the source its first tap would have when none is in bounds, as
/// PyTorch computes its default index.
fn dilated_taps(o: usize, win: Window, len: usize) -> (usize, usize) {
    let base = o as i128 * win.stride as i128 - win.padding as i128;
    let d = win.dilation as i128;
    let end = (base + (win.kernel as i128 - 1) * d + 1).min(len as i128);
    let mut first = base;
    if first < 0 {
        first += (-first + d - 1) / d * d;
    }
    let count = if end > first { (end - first + d - 1) / d } else { 0 };
    // first >= 0 and count <= kernel, so both fit in usize.
    (first as usize, count as usize)
}

/// `aten::max_pool3d_with_indices.out(Tensor self, int[3] kernel_size, int[3] stride=[],
/// int[3] padding=0, int[3] dilation=1, bool ceil_mode=False, *, Tensor(a!) out,
/// Tensor(b!) indices)`. Only in-bounds elements compete; in depth, row, column order a
/// later element wins if it is greater or NaN (so the last NaN wins); indices are flat
/// `(z * H + y) * W + x` within each plane. A window with no in-bounds element (possible
/// only with dilation) gives -inf at its first tap's position, as PyTorch does.
fn max_pool3d_with_indices(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(8)?;
    let args = MaxPoolArgs::read(call)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let found = outs.len();
    let [out, indices] = outs else {
        return Err(Error::ArgumentCount { op, expected: 2, found });
    };
    let (planes, dims) = planes(op, &input)?;
    let wins = args.windows(op)?;
    let pooled = pooled_lens(op, dims, wins, args.ceil_mode)?;
    let sizes = out_sizes(&input, pooled);
    out.resize(&sizes)?;
    indices.resize(&sizes)?;
    if indices.dtype != ScalarType::Long {
        return Err(Error::UnsupportedDtype { op, dtype: indices.dtype });
    }
    require_f32(op, &input)?;
    let x = f32_in(op, &input)?;
    let y = f32_out(op, out)?;
    let want = y.len();
    let idx = indices.as_mut_slice::<i64>(op)?;
    if idx.len() != want {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("indices output has room for {} elements", idx.len()),
        });
    }
    if y.is_empty() {
        return Ok(());
    }
    let [d, h, w] = dims;
    let [od, oh, ow] = pooled;
    let (in_volume, out_volume) = (d * h * w, mul(op, mul(op, od, oh)?, ow)?);
    let taps = |win: Window, len: usize, count: usize| -> Vec<(usize, usize)> {
        (0..count).map(|o| dilated_taps(o, win, len)).collect()
    };
    let (zs, ys, xs) = (taps(wins[0], d, od), taps(wins[1], h, oh), taps(wins[2], w, ow));
    let [sz, sy, sx] = wins.map(|win| win.dilation);
    let outputs = y.chunks_exact_mut(out_volume).zip(idx.chunks_exact_mut(out_volume));
    for (src, (dst, dst_idx)) in x.chunks_exact(in_volume).zip(outputs).take(planes) {
        let mut at = 0;
        for &(z0, nz) in &zs {
            for &(y0, ny) in &ys {
                for &(x0, nx) in &xs {
                    let mut best = f32::NEG_INFINITY;
                    let mut best_at = (z0 * h + y0) * w + x0;
                    for iz in (0..nz).map(|t| z0 + t * sz) {
                        for iy in (0..ny).map(|t| y0 + t * sy) {
                            for ix in (0..nx).map(|t| x0 + t * sx) {
                                let i = (iz * h + iy) * w + ix;
                                let v = src[i];
                                if v > best || v.is_nan() {
                                    best = v;
                                    best_at = i;
                                }
                            }
                        }
                    }
                    dst[at] = best;
                    // A flat index inside one plane, which fits in i64 as the input exists.
                    dst_idx[at] = best_at as i64;
                    at += 1;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::dilated_taps;
    use crate::ops::pool::{pooled_len, Window};

    #[test]
    fn ceil_mode_drops_a_window_that_starts_in_the_right_padding() {
        let win = Window { kernel: 2, stride: 2, padding: 1, dilation: 1 };
        // (5 + 2 - 1 - 1 + 1) / 2 + 1 = 4 windows, but the last starts at 3 * 2 = 6 >= 5 + 1
        // (inside the right padding): dropped.
        assert_eq!(pooled_len("t", 5, win, true).unwrap(), 3);
        assert_eq!(pooled_len("t", 5, win, false).unwrap(), 3);
        let win = Window { kernel: 3, stride: 2, padding: 0, dilation: 1 };
        // floor: (4 - 3) / 2 + 1 = 1; ceil: 2, whose window starts at 2 < 4: kept.
        assert_eq!(pooled_len("t", 4, win, true).unwrap(), 2);
        let win = Window { kernel: 1, stride: 2, padding: 0, dilation: 1 };
        // ceil: (3 - 1 + 1) / 2 + 1 = 2; the window at 2 < 3: kept.
        assert_eq!(pooled_len("t", 3, win, true).unwrap(), 2);
    }

    #[test]
    fn dilated_taps_skip_the_padding() {
        let win = Window { kernel: 3, stride: 1, padding: 1, dilation: 2 };
        // Output 0: sources -1, 1, 3 -> in bounds 1 and 3.
        assert_eq!(dilated_taps(0, win, 4), (1, 2));
        // Output 2: sources 1, 3, 5 -> 1 and 3.
        assert_eq!(dilated_taps(2, win, 4), (1, 2));
        let win = Window { kernel: 2, stride: 1, padding: 1, dilation: 3 };
        // Output 0 over a length-1 input: sources -1, 2: none in bounds, first tap at 2.
        assert_eq!(dilated_taps(0, win, 1), (2, 0));
    }
}
