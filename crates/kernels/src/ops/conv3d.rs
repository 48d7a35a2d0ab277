//! Kernel: 3-D convolution (`aten::convolution.out` on a 5-D input `[N, C, D, H, W]`),
//! regular and transposed, grouped, dilated, f32.
//!
//! ExecuTorch 1.5.1's portable convolution accepts only 3-D and 4-D inputs (a 5-D one
//! fails with error 0x12), so eager PyTorch is the reference here; the argument checks and
//! output-size formulas are the ones the 2-D kernel uses, extended to a third dimension.
//!
//! Regular convolution is a 3-D im2col plus one gemm per (batch, group, slab of output
//! depths); transposed convolution is a gemm into columns per slab of input depths, then
//! col2im over an output preloaded with the bias. Slabs bound the column scratch, which for
//! video-sized inputs would otherwise take gigabytes.

use std::ops::Range;

use super::conv::{
    check, f32_operands, finish_group, for_each_group, preload_bias, slabs, with_scratch, Axis,
    Checked, Epilogue, Operands, Params,
};
use super::linalg::{f32_out, gemm_error, mul};
use crate::arch::{gemm_f32, MatMut, MatRef};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};

use super::conv::OP;

/// Elements of column scratch a slab may use (16 MiB of f32); a slab is at least one
/// depth position, so a single huge plane may exceed it.
const COLUMN_BUDGET: usize = 1 << 22;

/// Sizes shared by both directions. Every product used below fits in usize once the
/// output is known to be non-empty: each one counts elements of a tensor that exists.
struct Geometry {
    /// Depth, height, width.
    axes: [Axis; 3],
    groups: usize,
    /// Input and output channels per group.
    c_g: usize,
    oc_g: usize,
}

impl Geometry {
    fn in_volume(&self) -> usize {
        self.axes.iter().map(|a| a.input).product()
    }
    fn out_volume(&self) -> usize {
        self.axes.iter().map(|a| a.output).product()
    }
    fn taps(&self) -> usize {
        self.axes.iter().map(|a| a.kernel).product()
    }
}

/// A 5-D convolution (or its fused variant, whose `epilogue(output channels)` is applied
/// to each output volume): checks the arguments, resizes `out` and computes it.
pub(super) fn convolution(
    params: &Params<'_>,
    input: &TensorRef<'_>,
    weight: &TensorRef<'_>,
    bias: Option<&TensorRef<'_>>,
    out: &mut TensorMut<'_>,
    epilogue: impl FnOnce(usize) -> Result<Option<Epilogue>>,
) -> Result<()> {
    if input.dim() != 5 || weight.dim() != 5 {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "3-D convolution needs a 5-D input and weight, found {:?} and {:?}",
                input.sizes, weight.sizes
            ),
        });
    }
    let Checked { axes, groups, c_g, oc_g, epilogue } =
        check::<3>(params, input, weight, bias, out, epilogue)?;
    let Operands { x, weight: wt, bias: b, epilogue } =
        f32_operands(input, weight, bias, epilogue.as_ref())?;
    let y = f32_out(OP, out)?;
    if y.is_empty() {
        return Ok(());
    }
    let g = Geometry { axes, groups, c_g, oc_g };
    if params.transposed {
        conv_transposed(&g, x, wt, b, y, COLUMN_BUDGET)?;
        if let Some(e) = epilogue {
            e.apply_to_planes(y, g.out_volume(), groups * oc_g);
        }
        Ok(())
    } else {
        conv_regular(&g, x, wt, b, epilogue, y, COLUMN_BUDGET)
    }
}

/// How many depth positions (of `plane` elements each, `rows` column rows) fit the
/// column budget; at least one.
fn slab_depth(budget: usize, rows: usize, plane: usize, depth: usize) -> usize {
    (budget / rows.max(1) / plane.max(1)).clamp(1, depth.max(1))
}

/// Regular convolution: per batch, group and slab of output depths, `out[oc_g, slab] =
/// W_g[oc_g, c_g * taps] x col[c_g * taps, slab]`; then the bias (and the epilogue) on
/// each finished output volume.
fn conv_regular(
    g: &Geometry,
    x: &[f32],
    wt: &[f32],
    bias: Option<&[f32]>,
    epilogue: Option<&Epilogue>,
    y: &mut [f32],
    budget: usize,
) -> Result<()> {
    let [d, h, w] = g.axes;
    let (in_volume, out_volume) = (g.in_volume(), g.out_volume());
    let plane = h.output * w.output;
    let k = g.c_g * g.taps();
    let slab = slab_depth(budget, k, plane, d.output);
    let col_len = mul(OP, k, slab * plane)?;
    let sizes = [g.c_g * in_volume, g.oc_g * out_volume];
    let err = gemm_error(OP);
    with_scratch(col_len, |col| {
        for_each_group(x, y, g.groups, sizes, |grp, xg, dst| {
            let wg = MatRef::row_major(&wt[grp * g.oc_g * k..], g.oc_g, k).map_err(&err)?;
            for depths in slabs(d.output, slab) {
                let cols = depths.len() * plane;
                let col = &mut col[..k * cols];
                let first = depths.start * plane;
                im2col(g, xg, depths, col);
                let rhs = MatRef::row_major(col, k, cols).map_err(&err)?;
                let out =
                    MatMut::new(&mut dst[first..], g.oc_g, cols, out_volume, 1).map_err(&err)?;
                gemm_f32(out, wg, rhs, 1.0, false).map_err(&err)?;
            }
            finish_group(epilogue, bias, grp * g.oc_g, dst, out_volume);
            Ok(())
        })
    })
}

/// Unrolls the receptive fields of output depths `depths` of one group's input `[c_g, D,
/// H, W]` into `col [c_g * KD * KH * KW, depths * OH * OW]`, zeros for padding.
fn im2col(g: &Geometry, x: &[f32], depths: Range<usize>, col: &mut [f32]) {
    let [d, h, w] = g.axes;
    let in_volume = g.in_volume();
    let (in_plane, plane) = (h.input * w.input, h.output * w.output);
    let cols = depths.len() * plane;
    let mut rows = col.chunks_exact_mut(cols);
    for c in 0..g.c_g {
        let src = &x[c * in_volume..(c + 1) * in_volume];
        for kz in 0..d.kernel {
            let zs = d.reads(kz);
            for ky in 0..h.kernel {
                let ys = h.reads(ky);
                for kx in 0..w.kernel {
                    let xs = w.reads(kx);
                    let Some(row) = rows.next() else { return };
                    for (slot, oz) in row.chunks_exact_mut(plane).zip(depths.clone()) {
                        if !zs.contains(&oz) || ys.is_empty() || xs.is_empty() {
                            slot.fill(0.0);
                            continue;
                        }
                        let src_plane = &src[d.source(oz, kz) * in_plane..][..in_plane];
                        for (oy, dst) in slot.chunks_exact_mut(w.output).enumerate() {
                            if !ys.contains(&oy) {
                                dst.fill(0.0);
                                continue;
                            }
                            let iy = h.source(oy, ky);
                            let src_row = &src_plane[iy * w.input..(iy + 1) * w.input];
                            dst[..xs.start].fill(0.0);
                            dst[xs.end..].fill(0.0);
                            let ix0 = w.source(xs.start, kx);
                            for (t, o) in xs.clone().enumerate() {
                                dst[o] = src_row[ix0 + t * w.stride];
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Transposed convolution: per batch, group and slab of input depths, `col[oc_g * taps,
/// slab] = W_g^T x X_g[:, slab]` (weight `[c, oc_g, KD, KH, KW]`), then each column entry
/// is added to the output element it lands on (col2im), over an output preloaded with the
/// bias.
fn conv_transposed(
    g: &Geometry,
    x: &[f32],
    wt: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
    budget: usize,
) -> Result<()> {
    let [d, h, w] = g.axes;
    let (in_volume, out_volume) = (g.in_volume(), g.out_volume());
    let in_plane = h.input * w.input;
    let rows = g.oc_g * g.taps();
    let slab = slab_depth(budget, rows, in_plane, d.input);
    let col_len = mul(OP, rows, slab * in_plane)?;
    let sizes = [g.c_g * in_volume, g.oc_g * out_volume];
    let w_group = g.c_g * rows;
    let err = gemm_error(OP);
    with_scratch(col_len, |col| {
        for_each_group(x, y, g.groups, sizes, |grp, xg, dst| {
            let wg = MatRef::row_major(&wt[grp * w_group..], g.c_g, rows).map_err(&err)?.t();
            preload_bias(bias, grp * g.oc_g, dst, out_volume);
            for depths in slabs(d.input, slab) {
                let cols = depths.len() * in_plane;
                let col = &mut col[..rows * cols];
                let rhs = MatRef::new(&xg[depths.start * in_plane..], g.c_g, cols, in_volume, 1)
                    .map_err(&err)?;
                let c = MatMut::row_major(col, rows, cols).map_err(&err)?;
                gemm_f32(c, wg, rhs, 1.0, false).map_err(&err)?;
                col2im(g, col, depths, dst);
            }
            Ok(())
        })
    })
}

/// Adds the columns of input depths `depths` (`col [oc_g * taps, depths * H * W]`) to the
/// output elements they land on in one group's output `dst [oc_g, OD, OH, OW]`.
fn col2im(g: &Geometry, col: &[f32], depths: Range<usize>, dst: &mut [f32]) {
    let [d, h, w] = g.axes;
    let (in_plane, out_volume) = (h.input * w.input, g.out_volume());
    let out_plane = h.output * w.output;
    let cols = depths.len() * in_plane;
    let mut rows = col.chunks_exact(cols);
    for oc in 0..g.oc_g {
        let volume = &mut dst[oc * out_volume..(oc + 1) * out_volume];
        for kz in 0..d.kernel {
            let zs = d.scatters(kz);
            for ky in 0..h.kernel {
                let ys = h.scatters(ky);
                for kx in 0..w.kernel {
                    let xs = w.scatters(kx);
                    let Some(row) = rows.next() else { return };
                    if ys.is_empty() || xs.is_empty() {
                        continue;
                    }
                    let ox0 = w.source(xs.start, kx);
                    for (slot, iz) in row.chunks_exact(in_plane).zip(depths.clone()) {
                        if !zs.contains(&iz) {
                            continue;
                        }
                        let plane = &mut volume[d.source(iz, kz) * out_plane..][..out_plane];
                        for iy in ys.clone() {
                            let oy = h.source(iy, ky);
                            let src = &slot[iy * w.input + xs.start..iy * w.input + xs.end];
                            let dst_row = &mut plane[oy * w.output..(oy + 1) * w.output];
                            for (t, &v) in src.iter().enumerate() {
                                dst_row[ox0 + t * w.stride] += v;
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{conv_regular, conv_transposed, slab_depth, Axis, Geometry};

    fn axis(input: usize, kernel: usize, stride: usize, padding: usize, dilation: usize) -> Axis {
        let mut a = Axis { input, kernel, stride, padding, dilation, output: 0 };
        a.output = a.output_len(0, 0, false).expect("valid axis");
        a
    }

    /// Direct definition of a regular 3-D convolution, tap by tap.
    fn reference(g: &Geometry, x: &[f32], wt: &[f32], batch: usize) -> Vec<f32> {
        let [d, h, w] = g.axes;
        let oc = g.groups * g.oc_g;
        let mut y = vec![0.0f32; batch * oc * g.out_volume()];
        let mut at = 0;
        for n in 0..batch {
            for o in 0..oc {
                let grp = o / g.oc_g;
                for oz in 0..d.output {
                    for oy in 0..h.output {
                        for ox in 0..w.output {
                            let mut sum = 0.0f64;
                            for c in 0..g.c_g {
                                for kz in 0..d.kernel {
                                    for ky in 0..h.kernel {
                                        for kx in 0..w.kernel {
                                            let iz = (oz * d.stride + kz * d.dilation) as i64
                                                - d.padding as i64;
                                            let iy = (oy * h.stride + ky * h.dilation) as i64
                                                - h.padding as i64;
                                            let ix = (ox * w.stride + kx * w.dilation) as i64
                                                - w.padding as i64;
                                            if iz < 0
                                                || iy < 0
                                                || ix < 0
                                                || iz >= d.input as i64
                                                || iy >= h.input as i64
                                                || ix >= w.input as i64
                                            {
                                                continue;
                                            }
                                            let ic = grp * g.c_g + c;
                                            let xi = (((n * g.groups * g.c_g + ic) * d.input
                                                + iz as usize)
                                                * h.input
                                                + iy as usize)
                                                * w.input
                                                + ix as usize;
                                            let wi = (((o * g.c_g + c) * d.kernel + kz) * h.kernel
                                                + ky)
                                                * w.kernel
                                                + kx;
                                            sum += f64::from(x[xi]) * f64::from(wt[wi]);
                                        }
                                    }
                                }
                            }
                            y[at] = sum as f32;
                            at += 1;
                        }
                    }
                }
            }
        }
        y
    }

    fn values(n: usize, seed: usize) -> Vec<f32> {
        (0..n).map(|i| (((i + seed) * 7919 % 2003) as f32 - 1000.0) / 500.0).collect()
    }

    #[test]
    fn regular_matches_the_direct_definition() {
        let shapes = [
            ([axis(4, 2, 1, 1, 1), axis(5, 3, 2, 0, 1), axis(6, 3, 1, 1, 2)], 1, 2, 3),
            ([axis(3, 3, 2, 1, 1), axis(4, 1, 1, 0, 1), axis(5, 2, 3, 1, 2)], 2, 2, 2),
            ([axis(2, 1, 1, 0, 1), axis(2, 1, 1, 0, 1), axis(3, 1, 1, 0, 1)], 3, 1, 1),
        ];
        for (axes, groups, c_g, oc_g) in shapes {
            let g = Geometry { axes, groups, c_g, oc_g };
            let batch = 2;
            let x = values(batch * groups * c_g * g.in_volume(), 3);
            let wt = values(groups * oc_g * c_g * g.taps(), 11);
            let want = reference(&g, &x, &wt, batch);
            // A budget of one element forces one output depth per slab.
            for budget in [super::COLUMN_BUDGET, 1] {
                let mut y = vec![f32::NAN; batch * groups * oc_g * g.out_volume()];
                conv_regular(&g, &x, &wt, None, None, &mut y, budget).expect("runs");
                for (a, b) in y.iter().zip(&want) {
                    assert!((a - b).abs() <= 1e-5 + 1e-5 * b.abs(), "{a} vs {b} for {axes:?}");
                }
            }
        }
    }

    #[test]
    fn transposed_is_the_adjoint_of_regular() {
        // <conv(x), u> == <x, conv_transposed(u)> with the same weight and geometry.
        let axes = [axis(4, 3, 2, 1, 1), axis(5, 2, 1, 0, 2), axis(3, 3, 2, 1, 1)];
        let (groups, c_g, oc_g) = (2, 2, 3);
        let g = Geometry { axes, groups, c_g, oc_g };
        let x = values(groups * c_g * g.in_volume(), 5);
        let wt = values(groups * oc_g * c_g * g.taps(), 17);
        let mut y = vec![0.0; groups * oc_g * g.out_volume()];
        conv_regular(&g, &x, &wt, None, None, &mut y, super::COLUMN_BUDGET).expect("runs");
        let u = values(y.len(), 23);
        // The transposed geometry swaps the roles: its input is the regular output.
        let t_axes = axes.map(|a| Axis { input: a.output, output: a.input, ..a });
        let t = Geometry { axes: t_axes, groups, c_g: oc_g, oc_g: c_g };
        let lhs: f64 = y.iter().zip(&u).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum();
        for budget in [super::COLUMN_BUDGET, 1] {
            let mut back = vec![f32::NAN; x.len()];
            // Weight [oc, c_g, k...] read as the transposed weight [in = oc, out/groups = c_g].
            conv_transposed(&t, &u, &wt, None, &mut back, budget).expect("runs");
            let rhs: f64 = x.iter().zip(&back).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum();
            assert!((lhs - rhs).abs() <= 1e-4 * lhs.abs().max(1.0), "{lhs} vs {rhs}");
        }
    }

    #[test]
    fn slabs_cover_the_depth_and_respect_the_budget() {
        let budget = super::COLUMN_BUDGET;
        assert_eq!(slab_depth(budget, 1, 1, 7), 7);
        assert_eq!(slab_depth(budget, 1 << 20, 1 << 10, 7), 1);
        assert_eq!(slab_depth(budget, 1 << 10, 1 << 10, 7), 4);
        assert_eq!(slab_depth(budget, 0, 0, 0), 1);
    }
}
