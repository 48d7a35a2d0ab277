//! Kernels: convolution (1-D and 2-D, grouped, dilated, transposed).
//!
//! Regular convolution is im2col plus one gemm per (batch, group); a 1x1 stride-1 unpadded
//! convolution skips im2col (the input already is the column matrix); depthwise
//! convolution (one input channel per group) is a direct loop that adds the taps of each
//! output element in ExecuTorch's order; transposed convolution is a gemm into columns
//! followed by col2im. A 1-D convolution is a 2-D one with a unit height.

use std::ops::Range;

use super::linalg::{f32_in, f32_out, gemm_error, matmul_rm, mul, require_f32};
use crate::arch::{gemm_f32, MatMut, MatRef};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::{add, Registry};

pub(crate) fn register(registry: &mut Registry) {
    add(registry, &[("aten::convolution.out", convolution)]);
}

const OP: &str = "aten::convolution.out";

fn invalid(detail: String) -> Error {
    Error::InvalidArgument { op: OP, detail }
}

/// A per-dimension parameter list (`stride`, `padding`...): 1 element (used for every
/// dimension) or `ndim` elements, each at least `min`.
pub(super) fn param_list(
    op: &'static str,
    name: &str,
    list: &[i64],
    ndim: usize,
    min: i64,
) -> Result<Vec<usize>> {
    if list.len() != 1 && list.len() != ndim {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("{name} must have 1 or {ndim} elements, found {list:?}"),
        });
    }
    (0..ndim)
        .map(|i| {
            let v = list[if list.len() == 1 { 0 } else { i }];
            if v < min {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("{name} must be at least {min}, found {list:?}"),
                });
            }
            usize::try_from(v).map_err(|_| Error::InvalidArgument {
                op,
                detail: format!("{name} {v} does not fit in memory"),
            })
        })
        .collect()
}

/// The positions `o < count` whose source `o * stride + offset` lies in `0..len`; `stride
/// >= 1`. Computed in i128 so that no file-provided value can overflow.
pub(super) fn valid_range(count: usize, len: usize, stride: usize, offset: i128) -> Range<usize> {
    let (s, len) = (stride as i128, len as i128);
    let lo = if offset >= 0 { 0 } else { (-offset + s - 1) / s };
    let last = len - 1 - offset;
    let hi = if last < 0 { 0 } else { (last / s + 1).min(count as i128) };
    let lo = lo.min(hi);
    // Both in 0..=count, so they fit in usize.
    lo as usize..hi as usize
}

/// Source index of the first position of a non-empty [`valid_range`].
fn first_source(range: &Range<usize>, stride: usize, offset: i128) -> usize {
    // In 0..len by construction of the range, so it fits in usize.
    (range.start as i128 * stride as i128 + offset) as usize
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

    /// Output length by ExecuTorch's formula (`output` is ignored); refuses non-positive
    /// lengths, including a dilated kernel larger than the padded input.
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

/// `aten::convolution.out(Tensor input, Tensor weight, Tensor? bias, SymInt[] stride,
/// SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt
/// groups, *, Tensor(a!) out)`.
fn convolution(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(10)?;
    let stride = call.int_list(3)?.to_vec();
    let padding = call.int_list(4)?.to_vec();
    let dilation = call.int_list(5)?.to_vec();
    let transposed = call.bool(6)?;
    let output_padding = call.int_list(7)?.to_vec();
    let groups = call.int(8)?;
    let (inputs, outs) = call.split();
    let (input, weight, bias) = (inputs.tensor(0)?, inputs.tensor(1)?, inputs.opt_tensor(2)?);
    let found = outs.len();
    let [out] = outs else {
        return Err(Error::ArgumentCount { op: OP, expected: 1, found });
    };

    // Shapes: [N, C, (H,) W], weight of the same rank.
    let rank = input.dim();
    if rank != 3 && rank != 4 {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("input must be 3-D or 4-D, found {:?}", input.sizes),
        });
    }
    if weight.dim() != rank {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "weight {:?} must have the rank of input {:?}",
                weight.sizes, input.sizes
            ),
        });
    }
    let ndim = rank - 2;
    let stride = param_list(OP, "stride", &stride, ndim, 1)?;
    let padding = param_list(OP, "padding", &padding, ndim, 0)?;
    let dilation = param_list(OP, "dilation", &dilation, ndim, 1)?;
    let output_padding = if transposed {
        param_list(OP, "output_padding", &output_padding, ndim, 0)?
    } else {
        vec![0; ndim]
    };
    if transposed {
        for i in 0..ndim {
            if output_padding[i] >= stride[i] && output_padding[i] >= dilation[i] {
                return Err(invalid(format!(
                    "output_padding {output_padding:?} must be smaller than stride {stride:?} or dilation {dilation:?}"
                )));
            }
        }
    }
    let groups = usize::try_from(groups)
        .ok()
        .filter(|&g| g >= 1)
        .ok_or_else(|| invalid(format!("groups {groups} must be positive")))?;

    let (batch, in_c) = (input.sizes[0], input.sizes[1]);
    let (w0, w1) = (weight.sizes[0], weight.sizes[1]);
    if w0 < groups || w0 % groups != 0 {
        return Err(invalid(format!(
            "groups {groups} does not divide weight dimension 0 of {:?}",
            weight.sizes
        )));
    }
    // (input channels per group, output channels per group, total output channels)
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
    if let Some(b) = &bias {
        if b.dim() != 1 || b.sizes[0] != oc {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("bias {:?} must be 1-D with {oc} elements", b.sizes),
            });
        }
    }

    // Spatial geometry; 1-D is 2-D with a unit height.
    let spatial = |d: usize| -> (usize, usize) { (input.sizes[2 + d], weight.sizes[2 + d]) };
    let mut axes = Vec::with_capacity(2);
    if ndim == 1 {
        axes.push(Axis { input: 1, kernel: 1, stride: 1, padding: 0, dilation: 1, output: 1 });
    }
    for d in 0..ndim {
        let (len, k) = spatial(d);
        if k == 0 {
            return Err(invalid(format!("weight {:?} has an empty kernel", weight.sizes)));
        }
        let mut axis = Axis {
            input: len,
            kernel: k,
            stride: stride[d],
            padding: padding[d],
            dilation: dilation[d],
            output: 0,
        };
        axis.output = axis.output_len(d, output_padding[d], transposed)?;
        axes.push(axis);
    }
    let (h, w) = (axes[0], axes[1]);
    let mut out_sizes = vec![batch, out_c];
    out_sizes.extend(axes[2 - ndim..].iter().map(|a| a.output));
    out.resize(&out_sizes)?;

    require_f32(OP, &input)?;
    require_f32(OP, &weight)?;
    let x = f32_in(OP, &input)?;
    let wt = f32_in(OP, &weight)?;
    let b = match &bias {
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
    let geo = Geometry { h, w, groups, c_g, oc_g };
    if transposed {
        conv_transposed(&geo, x, wt, b, y)
    } else if c_g == 1 && groups > 1 {
        conv_depthwise(&geo, x, wt, b, y);
        Ok(())
    } else {
        conv_gemm(&geo, x, wt, b, y)
    }
}

/// What the three implementations need; all products below fit in usize because each
/// tensor involved was checked to hold that many elements.
struct Geometry {
    h: Axis,
    w: Axis,
    groups: usize,
    c_g: usize,
    oc_g: usize,
}

impl Geometry {
    fn in_plane(&self) -> usize {
        self.h.input * self.w.input
    }
    fn out_plane(&self) -> usize {
        self.h.output * self.w.output
    }
    fn taps(&self) -> usize {
        self.h.kernel * self.w.kernel
    }
}

/// Unrolls the receptive fields of one group's input `[c, H, W]` into `col [c * KH * KW,
/// OH * OW]`, zeros for padding.
fn im2col(g: &Geometry, x: &[f32], col: &mut [f32]) {
    let (h, w) = (g.h, g.w);
    let (plane, out_len) = (g.in_plane(), g.out_plane());
    for c in 0..g.c_g {
        let src_plane = &x[c * plane..(c + 1) * plane];
        for ky in 0..h.kernel {
            let ys = h.reads(ky);
            for kx in 0..w.kernel {
                let xs = w.reads(kx);
                let r = (c * h.kernel + ky) * w.kernel + kx;
                let row = &mut col[r * out_len..(r + 1) * out_len];
                if ys.is_empty() || xs.is_empty() {
                    row.fill(0.0);
                    continue;
                }
                let ix0 = first_source(&xs, w.stride, w.offset(kx));
                let iy0 = first_source(&ys, h.stride, h.offset(ky));
                for oy in 0..h.output {
                    let dst = &mut row[oy * w.output..(oy + 1) * w.output];
                    if !ys.contains(&oy) {
                        dst.fill(0.0);
                        continue;
                    }
                    let iy = iy0 + (oy - ys.start) * h.stride;
                    let src = &src_plane[iy * w.input..(iy + 1) * w.input];
                    dst[..xs.start].fill(0.0);
                    dst[xs.end..].fill(0.0);
                    if w.stride == 1 {
                        dst[xs.clone()].copy_from_slice(&src[ix0..ix0 + xs.len()]);
                    } else {
                        for (t, o) in xs.clone().enumerate() {
                            dst[o] = src[ix0 + t * w.stride];
                        }
                    }
                }
            }
        }
    }
}

/// Regular (and pointwise) convolution: per batch and group, `out[oc_g, L] = W_g[oc_g,
/// c_g * taps] x col[c_g * taps, L]`, with the bias preloaded into `out`.
fn conv_gemm(
    g: &Geometry,
    x: &[f32],
    wt: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
) -> Result<()> {
    let pointwise = g.taps() == 1
        && g.h.stride == 1
        && g.w.stride == 1
        && g.h.padding == 0
        && g.w.padding == 0
        && g.out_plane() == g.in_plane();
    let out_len = g.out_plane();
    let k = g.c_g * g.taps();
    let col_len = if pointwise { 0 } else { mul(OP, k, out_len)? };
    with_scratch(col_len, |col| conv_gemm_with(g, x, wt, bias, y, pointwise, col))
}

thread_local! {
    /// Scratch reused by the convolutions of one thread (im2col columns): a large fresh
    /// allocation per call costs page faults and zeroing.
    static SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` on a scratch slice of `len` elements (contents unspecified), reused between
/// calls on the same thread.
pub(super) fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [f32]) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut v) => {
            if v.len() < len {
                v.resize(len, 0.0);
            }
            f(&mut v[..len])
        }
        // Re-entered (not done today): a private buffer.
        Err(_) => f(&mut vec![0.0; len]),
    })
}

fn conv_gemm_with(
    g: &Geometry,
    x: &[f32],
    wt: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
    pointwise: bool,
    col: &mut [f32],
) -> Result<()> {
    let (in_plane, out_len) = (g.in_plane(), g.out_plane());
    let k = g.c_g * g.taps();
    let in_group = g.c_g * in_plane;
    let out_group = g.oc_g * out_len;
    let batch = y.len() / (g.groups * out_group);
    for n in 0..batch {
        for grp in 0..g.groups {
            let xg = &x[(n * g.groups + grp) * in_group..][..in_group];
            let wg = &wt[grp * g.oc_g * k..][..g.oc_g * k];
            let dst = &mut y[(n * g.groups + grp) * out_group..][..out_group];
            if let Some(b) = bias {
                for (row, &bv) in
                    dst.chunks_exact_mut(out_len).zip(&b[grp * g.oc_g..(grp + 1) * g.oc_g])
                {
                    row.fill(bv);
                }
            }
            let rhs: &[f32] = if pointwise {
                xg
            } else {
                im2col(g, xg, col);
                col
            };
            matmul_rm(OP, dst, wg, rhs, [g.oc_g, k, out_len], bias.is_some())?;
        }
    }
    Ok(())
}

/// Depthwise convolution (one input channel per group, `oc_g` output channels each):
/// each output element sums its taps in (ky, kx) order from zero, then adds the bias.
///
/// Each input plane is first copied into a zero-padded plane whose rows are split into
/// `stride` column phases (`phase[r][j] = padded_row[j * stride + r]`), so every tap of every
/// output row reads one contiguous run: `LANES` outputs are summed at a time in registers,
/// with no bounds logic per tap. A padding tap adds `0 * w`, which equals skipping it unless
/// a weight is not finite; channels with such weights take [`conv_depthwise_generic`].
fn conv_depthwise(g: &Geometry, x: &[f32], wt: &[f32], bias: Option<&[f32]>, y: &mut [f32]) {
    let (h, w) = (g.h, g.w);
    let (sh, sw) = (h.stride, w.stride);
    let hp = h.input + 2 * h.padding;
    let wp = w.input + 2 * w.padding;
    let phase_len = wp.div_ceil(sw);
    let row_len = sw * phase_len;
    // LANES of slack: the last chunk of a row may read past the row's end (discarded).
    let scratch_len = hp * row_len + LANES;
    let (in_plane, out_len, taps) = (g.in_plane(), g.out_plane(), g.taps());
    let channels = g.groups * g.oc_g;
    // Per kernel column: the run's start within a padded, phase-split row.
    let offsets: Vec<usize> = (0..w.kernel)
        .map(|kx| {
            let col = kx * w.dilation;
            (col % sw) * phase_len + col / sw
        })
        .collect();
    with_scratch(scratch_len, |buf| {
        let mut split_source = usize::MAX;
        for (plane_index, dst) in y.chunks_exact_mut(out_len).enumerate() {
            let oc = plane_index % channels;
            let n = plane_index / channels;
            let ic = oc / g.oc_g;
            let source = n * g.groups + ic;
            let src = &x[source * in_plane..][..in_plane];
            let kernel = &wt[oc * taps..(oc + 1) * taps];
            let bv = bias.map(|b| b[oc]);
            if !kernel.iter().all(|v| v.is_finite()) {
                conv_depthwise_generic(g, src, kernel, bv, dst);
                continue;
            }
            if split_source != source {
                pad_and_split(g, src, buf, phase_len);
                split_source = source;
            }
            for (oy, dst_row) in dst.chunks_exact_mut(w.output).enumerate() {
                let taps = DwTaps {
                    buf,
                    row_len,
                    oy,
                    stride: sh,
                    dilation: h.dilation,
                    kernel,
                    offsets: &offsets,
                    bias: bv,
                };
                let mut c = 0;
                while c < w.output {
                    let acc = taps.chunk::<LANES>(c);
                    let end = (c + LANES).min(w.output);
                    for (d, &a) in dst_row[c..end].iter_mut().zip(&acc) {
                        *d = a;
                    }
                    c = end;
                }
            }
        }
    });
}

/// Copies input plane `src` into `buf` zero-padded and split into column phases (see
/// [`conv_depthwise`]); positions past each phase's end hold zeros.
fn pad_and_split(g: &Geometry, src: &[f32], buf: &mut [f32], phase_len: usize) {
    let (h, w) = (g.h, g.w);
    let sw = w.stride;
    let row_len = sw * phase_len;
    let hp = h.input + 2 * h.padding;
    buf[..hp * row_len].fill(0.0);
    for (iy, row) in src.chunks_exact(w.input).enumerate() {
        let dst = &mut buf[(iy + h.padding) * row_len..(iy + h.padding + 1) * row_len];
        if sw == 1 {
            dst[w.padding..w.padding + w.input].copy_from_slice(row);
        } else {
            // Phase r holds padded columns j * sw + r; the input's are pad..pad + W.
            let (pad, end) = (w.padding, w.padding + w.input);
            for (r, phase) in dst.chunks_exact_mut(phase_len).enumerate() {
                let j0 = pad.saturating_sub(r).div_ceil(sw);
                let j1 = end.saturating_sub(r).div_ceil(sw).min(phase_len);
                if j0 >= j1 {
                    continue;
                }
                let first = j0 * sw + r - pad;
                for (d, &v) in phase[j0..j1].iter_mut().zip(row[first..].iter().step_by(sw)) {
                    *d = v;
                }
            }
        }
    }
}

/// Output columns computed together by the depthwise loop.
const LANES: usize = 8;

/// What the depthwise loop needs to compute a run of one output row.
struct DwTaps<'a> {
    /// The padded, phase-split input plane, `row_len` elements per row, with slack.
    buf: &'a [f32],
    row_len: usize,
    oy: usize,
    stride: usize,
    dilation: usize,
    /// The channel's taps, row-major.
    kernel: &'a [f32],
    /// Per kernel column: the start of its run in a padded row, for output column 0.
    offsets: &'a [usize],
    bias: Option<f32>,
}

impl DwTaps<'_> {
    /// Output columns `c..c + L`: taps summed in (ky, kx) order from zero, then the bias.
    /// Columns past the row's end read slack or the next row; the caller drops them.
    #[inline(always)]
    fn chunk<const L: usize>(&self, c: usize) -> [f32; L] {
        let mut acc = [0.0f32; L];
        let kw = self.offsets.len();
        for (ky, taps_row) in self.kernel.chunks_exact(kw).enumerate() {
            let iy = self.oy * self.stride + ky * self.dilation;
            for (&off, &wv) in self.offsets.iter().zip(taps_row) {
                let at = iy * self.row_len + off + c;
                let Some(Ok(run)) = self.buf.get(at..at + L).map(<&[f32; L]>::try_from) else {
                    continue;
                };
                for j in 0..L {
                    acc[j] += run[j] * wv;
                }
            }
        }
        if let Some(b) = self.bias {
            for a in acc.iter_mut() {
                *a += b;
            }
        }
        acc
    }
}

/// One depthwise output plane, taps checked one by one: the reference the fast loop must
/// match, used for channels with non-finite weights.
fn conv_depthwise_generic(
    g: &Geometry,
    src: &[f32],
    kernel: &[f32],
    bias: Option<f32>,
    dst: &mut [f32],
) {
    let (h, w) = (g.h, g.w);
    dst.fill(0.0);
    for ky in 0..h.kernel {
        let ys = h.reads(ky);
        if ys.is_empty() {
            continue;
        }
        let iy0 = first_source(&ys, h.stride, h.offset(ky));
        for kx in 0..w.kernel {
            let xs = w.reads(kx);
            if xs.is_empty() {
                continue;
            }
            let ix0 = first_source(&xs, w.stride, w.offset(kx));
            let wv = kernel[ky * w.kernel + kx];
            for (ty, oy) in ys.clone().enumerate() {
                let iy = iy0 + ty * h.stride;
                let src_row = &src[iy * w.input..(iy + 1) * w.input];
                let dst_row = &mut dst[oy * w.output + xs.start..oy * w.output + xs.end];
                for (t, d) in dst_row.iter_mut().enumerate() {
                    *d += src_row[ix0 + t * w.stride] * wv;
                }
            }
        }
    }
    if let Some(b) = bias {
        dst.iter_mut().for_each(|v| *v += b);
    }
}

/// Transposed convolution: per batch and group, `col[oc_g * taps, H * W] = W_g^T x X_g`
/// (weight `[c, oc_g, KH, KW]`), then each column entry is added to the output element it
/// lands on (col2im), over an output preloaded with the bias.
fn conv_transposed(
    g: &Geometry,
    x: &[f32],
    wt: &[f32],
    bias: Option<&[f32]>,
    y: &mut [f32],
) -> Result<()> {
    let (h, w) = (g.h, g.w);
    let (in_plane, out_len, taps) = (g.in_plane(), g.out_plane(), g.taps());
    let rows = g.oc_g * taps;
    let mut col = vec![0.0f32; mul(OP, rows, in_plane)?];
    let in_group = g.c_g * in_plane;
    let out_group = g.oc_g * out_len;
    let w_group = g.c_g * rows;
    let batch = y.len() / (g.groups * out_group);
    let err = gemm_error(OP);
    for n in 0..batch {
        for grp in 0..g.groups {
            let xg = &x[(n * g.groups + grp) * in_group..][..in_group];
            let wg = &wt[grp * w_group..][..w_group];
            let dst = &mut y[(n * g.groups + grp) * out_group..][..out_group];
            match bias {
                Some(b) => {
                    for (row, &bv) in
                        dst.chunks_exact_mut(out_len).zip(&b[grp * g.oc_g..(grp + 1) * g.oc_g])
                    {
                        row.fill(bv);
                    }
                }
                None => dst.fill(0.0),
            }
            let c = MatMut::row_major(&mut col, rows, in_plane).map_err(&err)?;
            let lhs = MatRef::row_major(wg, g.c_g, rows).map_err(&err)?.t();
            let rhs = MatRef::row_major(xg, g.c_g, in_plane).map_err(&err)?;
            gemm_f32(c, lhs, rhs, 1.0, false).map_err(&err)?;
            for oc in 0..g.oc_g {
                let plane = &mut dst[oc * out_len..(oc + 1) * out_len];
                for ky in 0..h.kernel {
                    let ys = h.scatters(ky);
                    if ys.is_empty() {
                        continue;
                    }
                    let oy0 = first_source(&ys, h.stride, h.offset(ky));
                    for kx in 0..w.kernel {
                        let xs = w.scatters(kx);
                        if xs.is_empty() {
                            continue;
                        }
                        let ox0 = first_source(&xs, w.stride, w.offset(kx));
                        let r = (oc * h.kernel + ky) * w.kernel + kx;
                        let src = &col[r * in_plane..(r + 1) * in_plane];
                        for (ty, iy) in ys.clone().enumerate() {
                            let oy = oy0 + ty * h.stride;
                            let src_row = &src[iy * w.input + xs.start..iy * w.input + xs.end];
                            let dst_row = &mut plane[oy * w.output..(oy + 1) * w.output];
                            for (t, &v) in src_row.iter().enumerate() {
                                dst_row[ox0 + t * w.stride] += v;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{conv_depthwise, conv_depthwise_generic, valid_range, Axis, Geometry};

    #[test]
    fn fast_depthwise_matches_generic() {
        let mut state = 5u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) % n) as usize
        };
        let mut tried = 0;
        while tried < 300 {
            let axis = |next: &mut dyn FnMut(u64) -> usize| {
                let kernel = 1 + next(5);
                let mut a = Axis {
                    input: 1 + next(13),
                    kernel,
                    stride: 1 + next(3),
                    padding: next(kernel as u64 / 2 + 1),
                    dilation: 1 + next(2),
                    output: 0,
                };
                a.output = a.output_len(0, 0, false).ok()?;
                Some(a)
            };
            let (Some(h), Some(w)) = (axis(&mut next), axis(&mut next)) else { continue };
            tried += 1;
            let (groups, oc_g, batch) = (1 + next(3), 1 + next(2), 1 + next(2));
            let g = Geometry { h, w, groups, c_g: 1, oc_g };
            let mut value = || (next(2001) as f32 - 1000.0) / 100.0;
            let x: Vec<f32> = (0..batch * groups * g.in_plane()).map(|_| value()).collect();
            let wt: Vec<f32> = (0..groups * oc_g * g.taps()).map(|_| value()).collect();
            let bias: Vec<f32> = (0..groups * oc_g).map(|_| value()).collect();
            let out_len = g.out_plane();
            let mut fast = vec![f32::NAN; batch * groups * oc_g * out_len];
            conv_depthwise(&g, &x, &wt, Some(&bias), &mut fast);
            let mut want = vec![f32::NAN; fast.len()];
            for (p, dst) in want.chunks_exact_mut(out_len).enumerate() {
                let oc = p % (groups * oc_g);
                let source = (p / (groups * oc_g)) * groups + oc / oc_g;
                let src = &x[source * g.in_plane()..][..g.in_plane()];
                let kernel = &wt[oc * g.taps()..][..g.taps()];
                conv_depthwise_generic(&g, src, kernel, Some(bias[oc]), dst);
            }
            for (a, b) in fast.iter().zip(&want) {
                assert!((a - b).abs() <= 1e-5 + 1e-5 * b.abs(), "{a} vs {b} in {h:?} {w:?}");
            }
        }
    }

    #[test]
    fn valid_range_matches_brute_force() {
        for count in 0..6 {
            for len in 0..6 {
                for stride in 1..4 {
                    for offset in -7i128..7 {
                        let r = valid_range(count, len, stride, offset);
                        let want: Vec<usize> = (0..count)
                            .filter(|&o| {
                                (0..len as i128).contains(&(o as i128 * stride as i128 + offset))
                            })
                            .collect();
                        assert_eq!(r.collect::<Vec<_>>(), want, "{count} {len} {stride} {offset}");
                    }
                }
            }
        }
    }
}
