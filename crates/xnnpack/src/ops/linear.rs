//! Products: fully connected layers, convolutions (NHWC activations, OHWI filters),
//! depthwise and transposed convolutions, batched matrix products. The matrix work goes
//! through `pterun_kernels::matmul_f32`; filters are read in place from the file
//! (their OHWI layout is the row-major `[out, kh * kw * in]` matrix an im2col product
//! wants), except the transposed convolution's, repacked once at load.

use pterun_kernels::{add_weight_row_dots, matmul_f32, Strided, ROW_DOT_MAX_ROWS};

use super::window_taps;

type KResult = pterun_kernels::Result<()>;

/// Fills each of the `rows` rows of `out` (`cols` wide, `row_stride` apart) with `bias`;
/// a bias or an output too short for that is an error.
fn fill_rows(
    out: &mut [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    bias: &[f32],
) -> KResult {
    let (bias_len, out_len) = (bias.len(), out.len());
    let short = || pterun_kernels::Error::InvalidArgument {
        op: "xnnpack bias",
        detail: format!("{rows} rows of {cols} from a bias of {bias_len} into {out_len} elements"),
    };
    let bias = bias.get(..cols).ok_or_else(short)?;
    for r in 0..rows {
        let at = r.checked_mul(row_stride).ok_or_else(short)?;
        let row = at.checked_add(cols).and_then(|end| out.get_mut(at..end)).ok_or_else(short)?;
        row.copy_from_slice(bias);
    }
    Ok(())
}

/// `out[m, n] = input[m, k] x filter^T + bias`: `filter` is `[n, k]`, or `[k, n]` when
/// `transposed`.
#[allow(clippy::too_many_arguments, reason = "the dimensions of one product")]
pub(crate) fn fully_connected(
    input: &[f32],
    m: usize,
    k: usize,
    filter: &[f32],
    n: usize,
    transposed: bool,
    bias: Option<&[f32]>,
    out: &mut [f32],
) -> KResult {
    if let Some(bias) = bias {
        fill_rows(out, m, n, n, bias)?;
    }
    if m <= ROW_DOT_MAX_ROWS && !transposed {
        // A decoded token: dot products of the filter's rows, read once and in place.
        let (in_len, out_len) = (input.len(), out.len());
        let short = || pterun_kernels::Error::InvalidArgument {
            op: "xnnpack fully connected",
            detail: format!("{m} x {k} inputs in {in_len}, {m} x {n} outputs in {out_len}"),
        };
        let x = input.get(..m * k).ok_or_else(short)?;
        if bias.is_none() {
            out.get_mut(..m * n).ok_or_else(short)?.fill(0.0);
        }
        return add_weight_row_dots(out, x, filter, k, n);
    }
    let rhs = if transposed {
        Strided::row_major(filter, k, n)
    } else {
        Strided::row_major(filter, n, k).t()
    };
    matmul_f32(out, n, Strided::row_major(input, m, k), rhs, bias.is_some())
}

/// Geometry of a 2-D convolution over NHWC tensors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ConvGeometry {
    pub batch: usize,
    pub in_h: usize,
    pub in_w: usize,
    pub out_h: usize,
    pub out_w: usize,
    pub kernel: [usize; 2],
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    /// Top and left padding.
    pub pad: [usize; 2],
    pub groups: usize,
    pub group_in: usize,
    pub group_out: usize,
}

impl ConvGeometry {
    /// Scratch elements [`convolution`] needs (its im2col matrix).
    pub(crate) fn scratch_len(&self) -> usize {
        if self.is_pointwise() {
            0
        } else {
            // Saturating: the plan compares the result with its memory limit.
            [self.out_w, self.kernel[0], self.kernel[1], self.group_in]
                .iter()
                .fold(self.out_h, |a, &b| a.saturating_mul(b))
        }
    }

    /// [`window_taps`] of spatial dimension `d` (0 rows, 1 columns) at position `o`.
    fn taps_in(&self, d: usize, o: usize, len: usize) -> impl Iterator<Item = (usize, usize)> {
        window_taps(o, self.kernel[d], self.stride[d], self.dilation[d], self.pad[d], len)
    }

    /// Input channels, all groups.
    fn in_channels(&self) -> usize {
        self.groups * self.group_in
    }

    /// Output channels, all groups.
    fn out_channels(&self) -> usize {
        self.groups * self.group_out
    }

    /// Taps of the kernel window.
    fn taps(&self) -> usize {
        self.kernel[0] * self.kernel[1]
    }

    fn is_pointwise(&self) -> bool {
        self.kernel == [1, 1] && self.stride == [1, 1] && self.pad == [0, 0] && self.groups == 1
    }
}

/// Convolution: `input` `[N, H, W, G * Cin]`, `filter` `[G * Cout, KH, KW, Cin]`,
/// `out` `[N, OH, OW, G * Cout]`.
pub(crate) fn convolution(
    g: &ConvGeometry,
    input: &[f32],
    filter: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
    scratch: &mut [f32],
) -> KResult {
    let (in_c, out_c, taps) = (g.in_channels(), g.out_channels(), g.taps());
    let pixels = g.out_h * g.out_w;
    if let Some(bias) = bias {
        fill_rows(out, g.batch * pixels, out_c, out_c, bias)?;
    }
    let accumulate = bias.is_some();
    if g.is_pointwise() {
        let rows = g.batch * pixels;
        let rhs = Strided::row_major(filter, out_c, in_c).t();
        return matmul_f32(out, out_c, Strided::row_major(input, rows, in_c), rhs, accumulate);
    }
    let depth = taps * g.group_in;
    for n in 0..g.batch {
        let image = &input[n * g.in_h * g.in_w * in_c..];
        let out_image = &mut out[n * pixels * out_c..];
        for group in 0..g.groups {
            im2col(g, image, group, &mut scratch[..pixels * depth]);
            let filter_g = &filter[group * g.group_out * depth..];
            let rhs = Strided::row_major(filter_g, g.group_out, depth).t();
            let lhs = Strided::row_major(&scratch[..pixels * depth], pixels, depth);
            matmul_f32(&mut out_image[group * g.group_out..], out_c, lhs, rhs, accumulate)?;
        }
    }
    Ok(())
}

/// The im2col matrix of one image and group: row `(oh, ow)`, columns `(kh, kw, c)`, zero
/// where a tap falls in the padding.
fn im2col(g: &ConvGeometry, image: &[f32], group: usize, col: &mut [f32]) {
    let in_c = g.in_channels();
    let cin = g.group_in;
    let mut at = 0;
    for oh in 0..g.out_h {
        for ow in 0..g.out_w {
            for kh in 0..g.kernel[0] {
                let ih = (oh * g.stride[0] + kh * g.dilation[0]).checked_sub(g.pad[0]);
                for kw in 0..g.kernel[1] {
                    let iw = (ow * g.stride[1] + kw * g.dilation[1]).checked_sub(g.pad[1]);
                    let dst = &mut col[at..at + cin];
                    match (ih, iw) {
                        (Some(ih), Some(iw)) if ih < g.in_h && iw < g.in_w => {
                            let src = (ih * g.in_w + iw) * in_c + group * cin;
                            dst.copy_from_slice(&image[src..src + cin]);
                        }
                        _ => dst.fill(0.0),
                    }
                    at += cin;
                }
            }
        }
    }
}

/// Depthwise convolution: `input` `[N, H, W, C]`, `filter` `[1, KH, KW, C * M]`, `out`
/// `[N, OH, OW, C * M]` (output channel `c * M + m` reads input channel `c`).
pub(crate) fn depthwise(
    g: &ConvGeometry,
    input: &[f32],
    filter: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
) {
    let in_c = g.groups;
    let mult = g.group_out;
    let out_c = in_c * mult;
    for n in 0..g.batch {
        let image = &input[n * g.in_h * g.in_w * in_c..];
        for oh in 0..g.out_h {
            for ow in 0..g.out_w {
                let at = ((n * g.out_h + oh) * g.out_w + ow) * out_c;
                let acc = &mut out[at..at + out_c];
                match bias {
                    Some(b) => acc.copy_from_slice(&b[..out_c]),
                    None => acc.fill(0.0),
                }
                for (kh, ih) in g.taps_in(0, oh, g.in_h) {
                    for (kw, iw) in g.taps_in(1, ow, g.in_w) {
                        let src = &image[(ih * g.in_w + iw) * in_c..][..in_c];
                        let w = &filter[(kh * g.kernel[1] + kw) * out_c..][..out_c];
                        if mult == 1 {
                            for ((a, &x), &k) in acc.iter_mut().zip(src).zip(w) {
                                *a += x * k;
                            }
                        } else {
                            for (o, (a, &k)) in acc.iter_mut().zip(w).enumerate() {
                                *a += src[o / mult] * k;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Repacks a transposed convolution's filter `[G * Cout, KH, KW, Cin]` into one
/// `[Cin, KH * KW * Cout]` matrix per group, the right operand of its product.
pub(crate) fn pack_deconvolution_filter(g: &ConvGeometry, filter: &[f32]) -> Vec<f32> {
    let taps = g.taps();
    let (cin, cout) = (g.group_in, g.group_out);
    let mut packed = vec![0.0f32; g.groups * cin * taps * cout];
    for group in 0..g.groups {
        let dst = &mut packed[group * cin * taps * cout..][..cin * taps * cout];
        for co in 0..cout {
            for t in 0..taps {
                for ci in 0..cin {
                    dst[ci * taps * cout + t * cout + co] =
                        filter[((group * cout + co) * taps + t) * cin + ci];
                }
            }
        }
    }
    packed
}

/// Scratch elements [`deconvolution`] needs.
pub(crate) fn deconvolution_scratch(g: &ConvGeometry) -> usize {
    [g.in_w, g.kernel[0], g.kernel[1], g.group_out].iter().fold(g.in_h, |a, &b| a.saturating_mul(b))
}

/// Transposed convolution with a filter packed by [`pack_deconvolution_filter`]:
/// `input` `[N, H, W, G * Cin]`, `out` `[N, OH, OW, G * Cout]`.
pub(crate) fn deconvolution(
    g: &ConvGeometry,
    input: &[f32],
    packed: &[f32],
    bias: Option<&[f32]>,
    out: &mut [f32],
    scratch: &mut [f32],
) -> KResult {
    let (in_c, out_c, taps) = (g.in_channels(), g.out_channels(), g.taps());
    let (cin, cout) = (g.group_in, g.group_out);
    let pixels = g.in_h * g.in_w;
    match bias {
        Some(b) => fill_rows(out, g.batch * g.out_h * g.out_w, out_c, out_c, b),
        None => {
            out.fill(0.0);
            Ok(())
        }
    }?;
    let cols = &mut scratch[..pixels * taps * cout];
    for n in 0..g.batch {
        let image = &input[n * pixels * in_c..];
        for group in 0..g.groups {
            let lhs = Strided {
                data: &image[group * cin..],
                rows: pixels,
                cols: cin,
                row_stride: in_c,
                col_stride: 1,
            };
            let rhs = Strided::row_major(&packed[group * cin * taps * cout..], cin, taps * cout);
            matmul_f32(cols, taps * cout, lhs, rhs, false)?;
            for ih in 0..g.in_h {
                for iw in 0..g.in_w {
                    let row = &cols[(ih * g.in_w + iw) * taps * cout..][..taps * cout];
                    for (kh, oh) in g.taps_in(0, ih, g.out_h) {
                        for (kw, ow) in g.taps_in(1, iw, g.out_w) {
                            let dst = &mut out
                                [((n * g.out_h + oh) * g.out_w + ow) * out_c + group * cout..]
                                [..cout];
                            let src = &row[(kh * g.kernel[1] + kw) * cout..][..cout];
                            for (d, &s) in dst.iter_mut().zip(src) {
                                *d += s;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Batched product `out[b] = a[b] x b[b]` over broadcast batch dimensions: `a`
/// `[..., M, K]`, `b` `[..., K, N]` (or `[..., N, K]` when `transpose_b`).
#[allow(clippy::too_many_arguments, reason = "operands and their shapes")]
pub(crate) fn batch_matmul(
    a: &[f32],
    a_shape: &[usize],
    b: &[f32],
    b_shape: &[usize],
    transpose_b: bool,
    out: &mut [f32],
    out_shape: &[usize],
) -> KResult {
    let rank = out_shape.len();
    let (m, n) = (out_shape[rank - 2], out_shape[rank - 1]);
    let k = a_shape[a_shape.len() - 1];
    let batch_shape = &out_shape[..rank - 2];
    let a_batch = &a_shape[..a_shape.len() - 2];
    let b_batch = &b_shape[..b_shape.len() - 2];
    let batches: usize = batch_shape.iter().product();
    let mut index = vec![0usize; batch_shape.len()];
    for batch in 0..batches {
        let offset = |shape: &[usize]| {
            let mut off = 0;
            let skip = batch_shape.len() - shape.len();
            for (d, &extent) in shape.iter().enumerate() {
                let i = if extent == 1 { 0 } else { index[d + skip] };
                off = off * extent + i;
            }
            off
        };
        let (oa, ob) = (offset(a_batch) * m * k, offset(b_batch) * k * n);
        let lhs = Strided::row_major(&a[oa..], m, k);
        let rhs = if transpose_b {
            Strided::row_major(&b[ob..], n, k).t()
        } else {
            Strided::row_major(&b[ob..], k, n)
        };
        matmul_f32(&mut out[batch * m * n..], n, lhs, rhs, false)?;
        for d in (0..index.len()).rev() {
            index[d] += 1;
            if index[d] < batch_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    /// Direct NHWC convolution, for comparison.
    fn reference(g: &ConvGeometry, input: &[f32], filter: &[f32], bias: &[f32]) -> Vec<f32> {
        let in_c = g.groups * g.group_in;
        let out_c = g.groups * g.group_out;
        let mut out = vec![0.0; g.batch * g.out_h * g.out_w * out_c];
        for n in 0..g.batch {
            for oh in 0..g.out_h {
                for ow in 0..g.out_w {
                    for oc in 0..out_c {
                        let group = oc / g.group_out;
                        let mut acc = bias[oc];
                        for kh in 0..g.kernel[0] {
                            for kw in 0..g.kernel[1] {
                                let ih = (oh * g.stride[0] + kh * g.dilation[0]) as isize
                                    - g.pad[0] as isize;
                                let iw = (ow * g.stride[1] + kw * g.dilation[1]) as isize
                                    - g.pad[1] as isize;
                                if ih < 0
                                    || iw < 0
                                    || ih >= g.in_h as isize
                                    || iw >= g.in_w as isize
                                {
                                    continue;
                                }
                                for ci in 0..g.group_in {
                                    let x = input[((n * g.in_h + ih as usize) * g.in_w
                                        + iw as usize)
                                        * in_c
                                        + group * g.group_in
                                        + ci];
                                    let w = filter[((oc * g.kernel[0] + kh) * g.kernel[1] + kw)
                                        * g.group_in
                                        + ci];
                                    acc += x * w;
                                }
                            }
                        }
                        out[((n * g.out_h + oh) * g.out_w + ow) * out_c + oc] = acc;
                    }
                }
            }
        }
        out
    }

    #[test]
    fn grouped_strided_convolution_matches_the_direct_sum() {
        let g = ConvGeometry {
            batch: 2,
            in_h: 5,
            in_w: 6,
            out_h: 3,
            out_w: 3,
            kernel: [3, 2],
            stride: [2, 2],
            dilation: [1, 2],
            pad: [1, 0],
            groups: 2,
            group_in: 3,
            group_out: 2,
        };
        let input: Vec<f32> = (0..2 * 5 * 6 * 6).map(|i| ((i * 7) % 11) as f32 - 5.0).collect();
        let filter: Vec<f32> =
            (0..4 * 3 * 2 * 3).map(|i| ((i * 5) % 7) as f32 * 0.25 - 0.5).collect();
        let bias = [0.5, -1.0, 2.0, 0.0];
        let mut out = vec![0.0; 2 * 3 * 3 * 4];
        let mut scratch = vec![0.0; g.scratch_len()];
        convolution(&g, &input, &filter, Some(&bias), &mut out, &mut scratch).unwrap();
        let expected = reference(&g, &input, &filter, &bias);
        for (a, b) in out.iter().zip(&expected) {
            assert!((a - b).abs() <= 1e-4 * b.abs().max(1.0), "{a} vs {b}");
        }
    }
}
