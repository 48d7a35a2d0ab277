//! Pooling over NHWC tensors.

use super::window_taps;

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

impl PoolGeometry {
    /// [`window_taps`] of spatial dimension `d` (0 rows, 1 columns) at position `o`.
    fn taps_in(&self, d: usize, o: usize, len: usize) -> impl Iterator<Item = (usize, usize)> {
        window_taps(o, self.window[d], self.stride[d], self.dilation[d], self.pad[d], len)
    }
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
                for (_, ih) in g.taps_in(0, oh, g.in_h) {
                    for (_, iw) in g.taps_in(1, ow, g.in_w) {
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
