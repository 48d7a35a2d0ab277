//! Pooling over NHWC tensors.

/// Geometry of a 2-D pooling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PoolGeometry {
    pub batch: usize,
    pub in_h: usize,
    pub in_w: usize,
    pub channels: usize,
    pub out_h: usize,
    pub out_w: usize,
    pub window: [usize; 2],
    pub stride: [usize; 2],
    pub dilation: [usize; 2],
    /// Top and left padding.
    pub pad: [usize; 2],
}

/// Max (`max == true`) or average pooling; taps in the padding are skipped (average
/// pooling divides by the taps inside the image).
pub(crate) fn pool(g: &PoolGeometry, input: &[f32], out: &mut [f32], max: bool) {
    let c = g.channels;
    for n in 0..g.batch {
        let image = &input[n * g.in_h * g.in_w * c..];
        for oh in 0..g.out_h {
            for ow in 0..g.out_w {
                let at = ((n * g.out_h + oh) * g.out_w + ow) * c;
                let acc = &mut out[at..at + c];
                acc.fill(if max { f32::NEG_INFINITY } else { 0.0 });
                let mut count = 0usize;
                for kh in 0..g.window[0] {
                    let Some(ih) = (oh * g.stride[0] + kh * g.dilation[0]).checked_sub(g.pad[0])
                    else {
                        continue;
                    };
                    if ih >= g.in_h {
                        continue;
                    }
                    for kw in 0..g.window[1] {
                        let Some(iw) =
                            (ow * g.stride[1] + kw * g.dilation[1]).checked_sub(g.pad[1])
                        else {
                            continue;
                        };
                        if iw >= g.in_w {
                            continue;
                        }
                        count += 1;
                        let src = &image[(ih * g.in_w + iw) * c..][..c];
                        if max {
                            for (a, &x) in acc.iter_mut().zip(src) {
                                *a = a.max(x);
                            }
                        } else {
                            for (a, &x) in acc.iter_mut().zip(src) {
                                *a += x;
                            }
                        }
                    }
                }
                if !max && count > 0 {
                    let scale = 1.0 / count as f32;
                    for a in acc.iter_mut() {
                        *a *= scale;
                    }
                }
            }
        }
    }
}

/// Mean over H and W: `[N, H, W, C]` to `[N, 1, 1, C]`.
pub(crate) fn global_average(
    input: &[f32],
    batch: usize,
    pixels: usize,
    channels: usize,
    out: &mut [f32],
) {
    for n in 0..batch {
        let acc = &mut out[n * channels..][..channels];
        acc.fill(0.0);
        for p in 0..pixels {
            let src = &input[(n * pixels + p) * channels..][..channels];
            for (a, &x) in acc.iter_mut().zip(src) {
                *a += x;
            }
        }
        let scale = 1.0 / pixels.max(1) as f32;
        for a in acc.iter_mut() {
            *a *= scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_average_counts_only_image_taps() {
        // 1x2x2x1 image, 2x2 window, stride 1, padding 1 on top/left: 3x3 output.
        let g = PoolGeometry {
            batch: 1,
            in_h: 2,
            in_w: 2,
            channels: 1,
            out_h: 3,
            out_w: 3,
            window: [2, 2],
            stride: [1, 1],
            dilation: [1, 1],
            pad: [1, 1],
        };
        let input = [1.0f32, 2.0, 3.0, 4.0];
        let mut out = [0.0f32; 9];
        pool(&g, &input, &mut out, false);
        assert_eq!(out, [1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 3.5, 4.0]);
        pool(&g, &input, &mut out, true);
        assert_eq!(out, [1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 3.0, 4.0, 4.0]);
    }
}
