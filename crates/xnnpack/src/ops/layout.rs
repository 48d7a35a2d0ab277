//! Nodes that move elements: transpose, slice, pad, concatenation, bilinear resize, and
//! softmax over the last dimension.

/// Row-major strides of `shape`.
pub(crate) fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// Output dim `i` is input dim `perm[i]`.
pub(crate) fn transpose(input: &[f32], in_shape: &[usize], perm: &[usize], out: &mut [f32]) {
    let rank = in_shape.len();
    if rank == 0 {
        out.copy_from_slice(&input[..out.len()]);
        return;
    }
    let in_strides = strides(in_shape);
    let out_shape: Vec<usize> = perm.iter().map(|&p| in_shape[p]).collect();
    let src_strides: Vec<usize> = perm.iter().map(|&p| in_strides[p]).collect();
    let inner = out_shape[rank - 1];
    let inner_stride = src_strides[rank - 1];
    let mut index = vec![0usize; rank];
    for row in out.chunks_exact_mut(inner.max(1)) {
        let base: usize = (0..rank - 1).map(|d| index[d] * src_strides[d]).sum();
        if inner_stride == 1 {
            row.copy_from_slice(&input[base..base + inner]);
        } else {
            for (j, o) in row.iter_mut().enumerate() {
                *o = input[base + j * inner_stride];
            }
        }
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < out_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Copies the box `offsets .. offsets + out_shape` of `input` into `out`.
pub(crate) fn slice(
    input: &[f32],
    in_shape: &[usize],
    offsets: &[usize],
    out_shape: &[usize],
    out: &mut [f32],
) {
    let rank = in_shape.len();
    if rank == 0 {
        out.copy_from_slice(&input[..out.len()]);
        return;
    }
    let s = strides(in_shape);
    let inner = out_shape[rank - 1];
    let mut index = vec![0usize; rank];
    for row in out.chunks_exact_mut(inner.max(1)) {
        let base: usize = (0..rank).map(|d| (index[d] + offsets[d]) * s[d]).sum();
        row.copy_from_slice(&input[base..base + inner]);
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < out_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Pads with `value`: `out_shape[d] = pre[d] + in_shape[d] + post[d]`.
pub(crate) fn pad(
    input: &[f32],
    in_shape: &[usize],
    pre: &[usize],
    out_shape: &[usize],
    value: f32,
    out: &mut [f32],
) {
    out.fill(value);
    let rank = in_shape.len();
    if rank == 0 || input.is_empty() {
        out.copy_from_slice(&input[..out.len().min(input.len())]);
        return;
    }
    let s = strides(out_shape);
    let inner = in_shape[rank - 1];
    let mut index = vec![0usize; rank];
    for row in input.chunks_exact(inner.max(1)) {
        let base: usize = (0..rank).map(|d| (index[d] + pre[d]) * s[d]).sum();
        out[base..base + inner].copy_from_slice(row);
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < in_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Concatenates along `axis`: each input contributes `chunks[i]` elements per outer index.
pub(crate) fn concatenate(inputs: &[&[f32]], chunks: &[usize], outer: usize, out: &mut [f32]) {
    let row: usize = chunks.iter().sum();
    for o in 0..outer {
        let mut at = o * row;
        for (input, &chunk) in inputs.iter().zip(chunks) {
            out[at..at + chunk].copy_from_slice(&input[o * chunk..o * chunk + chunk]);
            at += chunk;
        }
    }
}

/// Bilinear resize of `[N, H, W, C]` to `[N, OH, OW, C]`: half-pixel centres, or corners
/// aligned.
#[allow(clippy::too_many_arguments, reason = "the geometry of one resize")]
pub(crate) fn resize_bilinear(
    input: &[f32],
    batch: usize,
    in_h: usize,
    in_w: usize,
    channels: usize,
    out_h: usize,
    out_w: usize,
    align_corners: bool,
    out: &mut [f32],
) {
    let source = |dst: usize, in_len: usize, out_len: usize| -> (usize, usize, f32) {
        let s = if align_corners {
            if out_len > 1 {
                dst as f32 * (in_len as f32 - 1.0) / (out_len as f32 - 1.0)
            } else {
                0.0
            }
        } else {
            ((dst as f32 + 0.5) * (in_len as f32 / out_len as f32) - 0.5).max(0.0)
        };
        let i0 = (s.floor() as usize).min(in_len - 1);
        let i1 = (i0 + 1).min(in_len - 1);
        (i0, i1, s - i0 as f32)
    };
    let ys: Vec<_> = (0..out_h).map(|y| source(y, in_h, out_h)).collect();
    let xs: Vec<_> = (0..out_w).map(|x| source(x, in_w, out_w)).collect();
    for n in 0..batch {
        let image = &input[n * in_h * in_w * channels..];
        for (oy, &(y0, y1, ly)) in ys.iter().enumerate() {
            for (ox, &(x0, x1, lx)) in xs.iter().enumerate() {
                let at = ((n * out_h + oy) * out_w + ox) * channels;
                let p = |y: usize, x: usize| &image[(y * in_w + x) * channels..][..channels];
                let (a, b, c, d) = (p(y0, x0), p(y0, x1), p(y1, x0), p(y1, x1));
                for (ch, o) in out[at..at + channels].iter_mut().enumerate() {
                    let top = a[ch] + (b[ch] - a[ch]) * lx;
                    let bottom = c[ch] + (d[ch] - c[ch]) * lx;
                    *o = top + (bottom - top) * ly;
                }
            }
        }
    }
}

/// Softmax over rows of `inner` elements.
pub(crate) fn softmax(input: &[f32], inner: usize, out: &mut [f32]) {
    for (row, src) in out.chunks_exact_mut(inner.max(1)).zip(input.chunks_exact(inner.max(1))) {
        let max = src.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0.0f32;
        for (o, &x) in row.iter_mut().zip(src) {
            *o = (x - max).exp();
            sum += *o;
        }
        let scale = 1.0 / sum;
        for o in row.iter_mut() {
            *o *= scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_slice_pad_concatenate() {
        let x: Vec<f32> = (0..6).map(|v| v as f32).collect(); // [2, 3]
        let mut t = [0.0f32; 6];
        transpose(&x, &[2, 3], &[1, 0], &mut t);
        assert_eq!(t, [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
        let mut s = [0.0f32; 2];
        slice(&x, &[2, 3], &[1, 1], &[1, 2], &mut s);
        assert_eq!(s, [4.0, 5.0]);
        let mut p = [0.0f32; 12];
        pad(&x, &[2, 3], &[1, 0], &[3, 4], -1.0, &mut p);
        assert_eq!(p, [-1.0, -1.0, -1.0, -1.0, 0.0, 1.0, 2.0, -1.0, 3.0, 4.0, 5.0, -1.0]);
        let mut c = [0.0f32; 8];
        concatenate(&[&x[..], &[9.0, 9.0]], &[3, 1], 2, &mut c);
        assert_eq!(c, [0.0, 1.0, 2.0, 9.0, 3.0, 4.0, 5.0, 9.0]);
    }

    #[test]
    fn resize_keeps_corners_when_aligned() {
        let x = [0.0f32, 1.0, 2.0, 3.0]; // 1x2x2x1
        let mut out = [0.0f32; 9];
        resize_bilinear(&x, 1, 2, 2, 1, 3, 3, true, &mut out);
        assert_eq!(out, [0.0, 0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0]);
    }
}
