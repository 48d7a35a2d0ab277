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

use super::conv::{param_list, valid_range, with_scratch, Epilogue};
use super::linalg::{f32_in, f32_out, gemm_error, mul, require_f32};
use crate::arch::{gemm_f32, MatMut, MatRef};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};

const OP: &str = "aten::convolution.out";

/// Elements of column scratch a slab may use (16 MiB of f32); a slab is at least one
/// depth position, so a single huge plane may exceed it.
const COLUMN_BUDGET: usize = 1 << 22;

fn invalid(detail: String) -> Error {
    Error::InvalidArgument { op: OP, detail }
}

/// The scalar arguments of a convolution, as the program gives them.
pub(super) struct Params<'p> {
    pub(super) stride: &'p [i64],
    pub(super) padding: &'p [i64],
    pub(super) dilation: &'p [i64],
    pub(super) transposed: bool,
    pub(super) output_padding: &'p [i64],
    pub(super) groups: i64,
}

/// The geometry of one spatial dimension.
#[derive(Clone, Copy, Debug)]
struct Axis {
    input: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    dilation: usize,
    output: usize,
}

impl Axis {
    /// `tap * dilation - padding`: added to `position * stride` to find the source.
    fn offset(&self, tap: usize) -> i128 {
        tap as i128 * self.dilation as i128 - self.padding as i128
    }

    /// Output positions of a regular convolution whose tap `tap` reads inside the input.
    fn reads(&self, tap: usize) -> Range<usize> {
        valid_range(self.output, self.input, self.stride, self.offset(tap))
    }

    /// Input positions of a transposed convolution whose tap `tap` lands inside the output.
    fn scatters(&self, tap: usize) -> Range<usize> {
        valid_range(self.input, self.output, self.stride, self.offset(tap))
    }

    /// `position * stride + offset(tap)` for a position of [`Axis::reads`] or
    /// [`Axis::scatters`]: in bounds by construction of those ranges.
    fn source(&self, position: usize, tap: usize) -> usize {
        (position as i128 * self.stride as i128 + self.offset(tap)) as usize
    }

    /// Output length by the 2-D kernel's formula; refuses non-positive lengths, including
    /// a dilated kernel larger than the padded input.
    fn output_len(&self, dim: usize, output_padding: usize, transposed: bool) -> Result<usize> {
        let (i, k, s) = (self.input as i128, self.kernel as i128, self.stride as i128);
        let (p, d, op) = (self.padding as i128, self.dilation as i128, output_padding as i128);
        let len = if transposed {
            (i - 1) * s - 2 * p + d * (k - 1) + op + 1
        } else {
            let numerator = i + 2 * p - d * (k - 1) - 1;
            if numerator < 0 {
                return Err(invalid(format!(
                    "spatial dimension {dim}: dilated kernel {} is larger than padded input {}",
                    d * (k - 1) + 1,
                    i + 2 * p
                )));
            }
            numerator / s + 1
        };
        if len <= 0 {
            return Err(invalid(format!(
                "spatial dimension {dim}: output size {len} is not positive"
            )));
        }
        usize::try_from(len).map_err(|_| {
            invalid(format!("spatial dimension {dim}: output size {len} is too large"))
        })
    }
}

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
    let transposed = params.transposed;
    let stride = param_list(OP, "stride", params.stride, 3, 1)?;
    let padding = param_list(OP, "padding", params.padding, 3, 0)?;
    let dilation = param_list(OP, "dilation", params.dilation, 3, 1)?;
    let output_padding = if transposed {
        param_list(OP, "output_padding", params.output_padding, 3, 0)?
    } else {
        vec![0; 3]
    };
    for i in 0..3 {
        if transposed && output_padding[i] >= stride[i] && output_padding[i] >= dilation[i] {
            return Err(invalid(format!(
                "output_padding {output_padding:?} must be smaller than stride {stride:?} or dilation {dilation:?}"
            )));
        }
    }
    let groups = usize::try_from(params.groups)
        .ok()
        .filter(|&g| g >= 1)
        .ok_or_else(|| invalid(format!("groups {} must be positive", params.groups)))?;

    let (batch, in_c) = (input.sizes[0], input.sizes[1]);
    let (w0, w1) = (weight.sizes[0], weight.sizes[1]);
    if w0 < groups || w0 % groups != 0 {
        return Err(invalid(format!(
            "groups {groups} does not divide weight dimension 0 of {:?}",
            weight.sizes
        )));
    }
    let (c_g, oc_g, oc) = if transposed {
        if in_c != w0 {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "input {:?} channels must equal weight {:?} dimension 0",
                    input.sizes, weight.sizes
                ),
            });
        }
        (w0 / groups, w1, mul(OP, w1, groups)?)
    } else {
        if Some(in_c) != w1.checked_mul(groups) {
            return Err(invalid(format!(
                "input {:?} must have groups {groups} x weight {:?} dimension 1 channels",
                input.sizes, weight.sizes
            )));
        }
        (w1, w0 / groups, w0)
    };
    let out_c = if in_c == 0 { 0 } else { oc };
    let epilogue = epilogue(oc)?;
    if let Some(b) = bias {
        if b.dim() != 1 || b.sizes[0] != oc {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("bias {:?} must be 1-D with {oc} elements", b.sizes),
            });
        }
    }
    let mut axes = [Axis { input: 0, kernel: 0, stride: 1, padding: 0, dilation: 1, output: 0 }; 3];
    for (d, axis) in axes.iter_mut().enumerate() {
        let kernel = weight.sizes[2 + d];
        if kernel == 0 {
            return Err(invalid(format!("weight {:?} has an empty kernel", weight.sizes)));
        }
        *axis = Axis {
            input: input.sizes[2 + d],
            kernel,
            stride: stride[d],
            padding: padding[d],
            dilation: dilation[d],
            output: 0,
        };
        axis.output = axis.output_len(d, output_padding[d], transposed)?;
    }
    let mut out_sizes = vec![batch, out_c];
    out_sizes.extend(axes.iter().map(|a| a.output));
    out.resize(&out_sizes)?;

    require_f32(OP, input)?;
    require_f32(OP, weight)?;
    let x = f32_in(OP, input)?;
    let wt = f32_in(OP, weight)?;
    let b = match bias {
        Some(b) => {
            require_f32(OP, b)?;
            Some(f32_in(OP, b)?)
        }
        None => None,
    };
    let y = f32_out(OP, out)?;
    if y.is_empty() {
        return Ok(());
    }
    let g = Geometry { axes, groups, c_g, oc_g };
    if transposed {
        conv_transposed(&g, x, wt, b, y, COLUMN_BUDGET)?;
        if let Some(e) = &epilogue {
            for (i, volume) in y.chunks_exact_mut(g.out_volume()).enumerate() {
                e.apply(i % oc, volume, None);
            }
        }
        Ok(())
    } else {
        conv_regular(&g, x, wt, b, epilogue.as_ref(), y, COLUMN_BUDGET)
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
    let in_group = g.c_g * in_volume;
    let out_group = g.oc_g * out_volume;
    let batch = y.len() / (g.groups * out_group);
    let err = gemm_error(OP);
    with_scratch(col_len, |col| {
        for n in 0..batch {
            for grp in 0..g.groups {
                let xg = &x[(n * g.groups + grp) * in_group..][..in_group];
                let wg = MatRef::row_major(&wt[grp * g.oc_g * k..], g.oc_g, k).map_err(&err)?;
                let dst = &mut y[(n * g.groups + grp) * out_group..][..out_group];
                let mut z0 = 0;
                while z0 < d.output {
                    let depths = z0..(z0 + slab).min(d.output);
                    let cols = depths.len() * plane;
                    let col = &mut col[..k * cols];
                    im2col(g, xg, depths.clone(), col);
                    let rhs = MatRef::row_major(col, k, cols).map_err(&err)?;
                    let out = MatMut::new(&mut dst[z0 * plane..], g.oc_g, cols, out_volume, 1)
                        .map_err(&err)?;
                    gemm_f32(out, wg, rhs, 1.0, false).map_err(&err)?;
                    z0 = depths.end;
                }
                for (r, volume) in dst.chunks_exact_mut(out_volume).enumerate() {
                    let channel = grp * g.oc_g + r;
                    let bv = bias.and_then(|b| b.get(channel).copied());
                    match (epilogue, bv) {
                        (Some(e), _) => e.apply(channel, volume, bv),
                        (None, Some(bv)) => volume.iter_mut().for_each(|v| *v += bv),
                        (None, None) => {}
                    }
                }
            }
        }
        Ok(())
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
    let in_group = g.c_g * in_volume;
    let out_group = g.oc_g * out_volume;
    let w_group = g.c_g * rows;
    let batch = y.len() / (g.groups * out_group);
    let err = gemm_error(OP);
    with_scratch(col_len, |col| {
        for n in 0..batch {
            for grp in 0..g.groups {
                let xg = &x[(n * g.groups + grp) * in_group..][..in_group];
                let wg = MatRef::row_major(&wt[grp * w_group..], g.c_g, rows).map_err(&err)?.t();
                let dst = &mut y[(n * g.groups + grp) * out_group..][..out_group];
                for (r, volume) in dst.chunks_exact_mut(out_volume).enumerate() {
                    volume.fill(bias.map_or(0.0, |b| b[grp * g.oc_g + r]));
                }
                let mut z0 = 0;
                while z0 < d.input {
                    let depths = z0..(z0 + slab).min(d.input);
                    let cols = depths.len() * in_plane;
                    let col = &mut col[..rows * cols];
                    let rhs = MatRef::new(&xg[z0 * in_plane..], g.c_g, cols, in_volume, 1)
                        .map_err(&err)?;
                    let c = MatMut::row_major(col, rows, cols).map_err(&err)?;
                    gemm_f32(c, wg, rhs, 1.0, false).map_err(&err)?;
                    col2im(g, col, depths.clone(), dst);
                    z0 = depths.end;
                }
            }
        }
        Ok(())
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
