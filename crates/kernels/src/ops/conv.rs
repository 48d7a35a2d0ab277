//! Kernels: convolution (1-D and 2-D, grouped, dilated, transposed).
//!
//! Regular convolution is im2col plus one gemm per (batch, group); a 1x1 stride-1 unpadded
//! convolution skips im2col (the input already is the column matrix); depthwise
//! convolution (one input channel per group) is a direct loop that adds the taps of each
//! output element in ExecuTorch's order; transposed convolution is a gemm into columns
//! followed by col2im. A 1-D convolution is a 2-D one with a unit height. Other element
//! types go to [`super::conv_typed`].

use std::ops::Range;

use pterun_core::ScalarType;

use super::linalg::{f32_in, f32_out, gemm_error, matmul_rm, mul, require_f32};
use crate::arch::{gemm_f32, simd, MatMut, MatRef};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[(OP, convolution), (CONV_NORM_CLAMP, conv_norm_clamp)];

/// The convolution's name; the fused kernel's convolution errors carry it too.
pub(super) const OP: &str = "aten::convolution.out";

/// The fused kernel the runtime substitutes, at method load, for a convolution followed by
/// an inference batch norm and/or a relu/hardtanh whose intermediate results nothing else
/// reads.
pub const CONV_NORM_CLAMP: &str = "pterun::conv_norm_clamp.out";

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

/// The geometry of one spatial dimension.
#[derive(Clone, Copy, Debug)]
pub(super) struct Axis {
    pub(super) input: usize,
    pub(super) kernel: usize,
    pub(super) stride: usize,
    pub(super) padding: usize,
    pub(super) dilation: usize,
    pub(super) output: usize,
}

impl Axis {
    /// A dimension of length 1 that a unit kernel maps to itself.
    pub(super) const UNIT: Axis =
        Axis { input: 1, kernel: 1, stride: 1, padding: 0, dilation: 1, output: 1 };

    /// `tap * dilation - padding`: added to `position * stride` to find the source.
    pub(super) fn offset(&self, tap: usize) -> i128 {
        tap as i128 * self.dilation as i128 - self.padding as i128
    }

    /// Output positions of a regular convolution whose tap `tap` reads inside the input.
    pub(super) fn reads(&self, tap: usize) -> Range<usize> {
        valid_range(self.output, self.input, self.stride, self.offset(tap))
    }

    /// Input positions of a transposed convolution whose tap `tap` lands inside the output.
    pub(super) fn scatters(&self, tap: usize) -> Range<usize> {
        valid_range(self.input, self.output, self.stride, self.offset(tap))
    }

    /// `position * stride + offset(tap)` for a position of [`Axis::reads`] or
    /// [`Axis::scatters`]: in bounds by construction of those ranges.
    pub(super) fn source(&self, position: usize, tap: usize) -> usize {
        (position as i128 * self.stride as i128 + self.offset(tap)) as usize
    }

    /// Output length by ExecuTorch's formula (`output` is ignored); refuses non-positive
    /// lengths, including a dilated kernel larger than the padded input.
    pub(super) fn output_len(
        &self,
        dim: usize,
        output_padding: usize,
        transposed: bool,
    ) -> Result<usize> {
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
    convolution_with(call, |_, _| Ok(None))
}

/// `pterun::conv_norm_clamp.out(Tensor input, Tensor weight, Tensor? bias, SymInt[] stride,
/// SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, SymInt
/// groups, Tensor? norm_weight, Tensor? norm_bias, Tensor? running_mean, Tensor?
/// running_var, float? eps, Scalar? min, Scalar? max, *, Tensor(a!) out)`: the
/// convolution, then (when `running_mean` is given) `_native_batch_norm_legit_no_training`
/// with these parameters, then the clamp of `hardtanh` (or `relu`: `min = 0`), applied to
/// each output plane while it is still in cache. Same operations, same order, same bits
/// as the three kernels run one after the other.
fn conv_norm_clamp(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(17)?;
    let eps = call.opt_scalar(13)?.map(|s| s.to_f64());
    let bound = |s: Option<crate::args::Scalar>, none: f32| s.map_or(none, |s| s.to_f64() as f32);
    let lo = bound(call.opt_scalar(14)?, f32::NEG_INFINITY);
    let hi = bound(call.opt_scalar(15)?, f32::INFINITY);
    if lo.is_nan() || hi.is_nan() {
        return Err(invalid("clamp bounds must not be NaN".into()));
    }
    convolution_with(call, |inputs, channels| {
        use super::norm::{opt_vector, vector};
        let norm = match (inputs.opt_tensor(11)?, inputs.opt_tensor(12)?, eps) {
            (Some(mean), Some(var), Some(eps)) => {
                let weight =
                    opt_vector(CONV_NORM_CLAMP, "norm weight", inputs.opt_tensor(9)?, channels)?;
                let bias =
                    opt_vector(CONV_NORM_CLAMP, "norm bias", inputs.opt_tensor(10)?, channels)?;
                let mean = vector::<f32>(CONV_NORM_CLAMP, "running_mean", mean, channels)?;
                let var = vector::<f32>(CONV_NORM_CLAMP, "running_var", var, channels)?;
                let params = (0..channels)
                    .map(|ch| {
                        // As the batch-norm kernel computes it.
                        let invstd = (1.0 / (f64::from(var[ch]) + eps).sqrt()) as f32;
                        let w = weight.map_or(1.0, |w| w[ch]);
                        [mean[ch], invstd, w, bias.map_or(0.0, |b| b[ch])]
                    })
                    .collect();
                Some(params)
            }
            (None, None, None) => None,
            _ => {
                return Err(invalid(
                    "running_mean, running_var and eps must be given together".into(),
                ))
            }
        };
        Ok(Some(Epilogue { norm, lo, hi }))
    })
}

/// What [`conv_norm_clamp`] applies to each output plane after the convolution.
pub(super) struct Epilogue {
    /// Per output channel: `[mean, invstd, weight, bias]` of the batch norm, if any.
    norm: Option<Vec<[f32; 4]>>,
    lo: f32,
    hi: f32,
}

impl Epilogue {
    /// No norm, no clamp: only the bias, when there is one.
    const BIAS_ONLY: Epilogue = Epilogue { norm: None, lo: f32::NEG_INFINITY, hi: f32::INFINITY };

    /// Adds `bias` (the convolution's, when not added yet), then the norm and clamp.
    pub(super) fn apply(&self, channel: usize, plane: &mut [f32], bias: Option<f32>) {
        let norm = self.norm.as_ref().and_then(|n| n.get(channel).copied());
        simd::bias_norm_clamp(plane, bias, norm, self.lo, self.hi);
    }

    /// Applies itself to every output plane (`plane` elements) of `y`, which holds
    /// `channels` of them per batch: after a transposed convolution, whose bias is in.
    pub(super) fn apply_to_planes(&self, y: &mut [f32], plane: usize, channels: usize) {
        for (i, p) in y.chunks_exact_mut(plane).enumerate() {
            self.apply(i % channels, p, None);
        }
    }
}

/// Reads and checks the convolution arguments (0 to 8), computes the output, then applies
/// the epilogue `epilogue(inputs, output channels)` returns, if any.
fn convolution_with(
    call: &mut KernelCall<'_>,
    epilogue: impl FnOnce(&crate::args::Inputs<'_, '_>, usize) -> Result<Option<Epilogue>>,
) -> Result<()> {
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
    let params = Params {
        stride: &stride,
        padding: &padding,
        dilation: &dilation,
        transposed,
        output_padding: &output_padding,
        groups,
    };
    let epilogue = |channels| epilogue(&inputs, channels);

    // Shapes: [N, C, (H,) W], weight of the same rank; 5-D has a kernel of its own.
    let rank = input.dim();
    if rank == 5 {
        return super::conv3d::convolution(&params, &input, &weight, bias.as_ref(), out, epilogue);
    }
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
    let bias = bias.as_ref();
    let Checked { axes: [h, w], groups, c_g, oc_g, epilogue } = if rank == 3 {
        check::<1>(&params, &input, &weight, bias, out, epilogue)?.with_unit_height()
    } else {
        check::<2>(&params, &input, &weight, bias, out, epilogue)?
    };
    let geo = Geometry { h, w, groups, c_g, oc_g };
    if input.dtype != ScalarType::Float {
        if epilogue.is_some() {
            // The runtime fuses f32 convolutions only.
            return Err(Error::UnsupportedDtype { op: CONV_NORM_CLAMP, dtype: input.dtype });
        }
        return super::conv_typed::convolution(&geo, transposed, &input, &weight, bias, out);
    }

    let operands = f32_operands(&input, &weight, bias, epilogue.as_ref())?;
    let y = f32_out(OP, out)?;
    if y.is_empty() {
        return Ok(());
    }
    conv_dispatch(&geo, transposed, &operands, y)
}

/// The scalar arguments of a convolution (1 to 8), as the program gives them.
pub(super) struct Params<'p> {
    pub(super) stride: &'p [i64],
    pub(super) padding: &'p [i64],
    pub(super) dilation: &'p [i64],
    pub(super) transposed: bool,
    pub(super) output_padding: &'p [i64],
    pub(super) groups: i64,
}

/// A convolution of `N` spatial dimensions whose arguments [`check`] accepted.
pub(super) struct Checked<const N: usize> {
    pub(super) axes: [Axis; N],
    pub(super) groups: usize,
    /// Input channels per group.
    pub(super) c_g: usize,
    /// Output channels per group.
    pub(super) oc_g: usize,
    pub(super) epilogue: Option<Epilogue>,
}

impl Checked<1> {
    /// A 1-D convolution as a 2-D one with a unit height.
    fn with_unit_height(self) -> Checked<2> {
        let Checked { axes: [w], groups, c_g, oc_g, epilogue } = self;
        Checked { axes: [Axis::UNIT, w], groups, c_g, oc_g, epilogue }
    }
}

/// Checks a convolution's arguments against its input and weight (whose ranks, `N + 2`,
/// the caller checked), builds the epilogue `epilogue(output channels)` returns, and
/// resizes `out` to the result.
pub(super) fn check<const N: usize>(
    params: &Params<'_>,
    input: &TensorRef<'_>,
    weight: &TensorRef<'_>,
    bias: Option<&TensorRef<'_>>,
    out: &mut TensorMut<'_>,
    epilogue: impl FnOnce(usize) -> Result<Option<Epilogue>>,
) -> Result<Checked<N>> {
    let transposed = params.transposed;
    let stride = param_list(OP, "stride", params.stride, N, 1)?;
    let padding = param_list(OP, "padding", params.padding, N, 0)?;
    let dilation = param_list(OP, "dilation", params.dilation, N, 1)?;
    // Empty when not transposed: every output padding is then 0.
    let output_padding = if transposed {
        param_list(OP, "output_padding", params.output_padding, N, 0)?
    } else {
        Vec::new()
    };
    for ((&op, &s), &d) in output_padding.iter().zip(&stride).zip(&dilation) {
        if op >= s && op >= d {
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
    let epilogue = epilogue(oc)?;
    if let Some(b) = bias {
        if b.dim() != 1 || b.sizes[0] != oc {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("bias {:?} must be 1-D with {oc} elements", b.sizes),
            });
        }
    }

    let mut axes = [Axis::UNIT; N];
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
        let output_padding = output_padding.get(d).copied().unwrap_or(0);
        axis.output = axis.output_len(d, output_padding, transposed)?;
    }
    let mut out_sizes = Vec::with_capacity(2 + N);
    out_sizes.extend([batch, out_c]);
    out_sizes.extend(axes.iter().map(|a| a.output));
    out.resize(&out_sizes)?;
    Ok(Checked { axes, groups, c_g, oc_g, epilogue })
}

/// The f32 data of a convolution's input, weight and bias, with its epilogue.
pub(super) fn f32_operands<'a>(
    input: &TensorRef<'a>,
    weight: &TensorRef<'a>,
    bias: Option<&TensorRef<'a>>,
    epilogue: Option<&'a Epilogue>,
) -> Result<Operands<'a>> {
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
    Ok(Operands { x, weight: wt, bias: b, epilogue })
}

/// Calls `f(group, input, output)` for each batch and group in order, with that group's
/// `in_group` elements of `x` and `out_group` elements of `y` (`y` holds whole batches).
pub(super) fn for_each_group(
    x: &[f32],
    y: &mut [f32],
    groups: usize,
    [in_group, out_group]: [usize; 2],
    mut f: impl FnMut(usize, &[f32], &mut [f32]) -> Result<()>,
) -> Result<()> {
    let batch = y.len() / (groups * out_group);
    for n in 0..batch {
        for grp in 0..groups {
            let xg = &x[(n * groups + grp) * in_group..][..in_group];
            let dst = &mut y[(n * groups + grp) * out_group..][..out_group];
            f(grp, xg, dst)?;
        }
    }
    Ok(())
}

/// Fills each output plane (`plane` elements) of a group whose first channel is `first`
/// with its bias, or zero: what a transposed convolution adds its columns to.
pub(super) fn preload_bias(bias: Option<&[f32]>, first: usize, dst: &mut [f32], plane: usize) {
    for (r, p) in dst.chunks_exact_mut(plane).enumerate() {
        p.fill(bias.map_or(0.0, |b| b[first + r]));
    }
}

/// Adds to each finished output plane (`plane` elements) of a group whose first channel
/// is `first` its bias, then applies the epilogue, in one pass.
pub(super) fn finish_group(
    epilogue: Option<&Epilogue>,
    bias: Option<&[f32]>,
    first: usize,
    dst: &mut [f32],
    plane: usize,
) {
    for (r, p) in dst.chunks_exact_mut(plane).enumerate() {
        let channel = first + r;
        let bv = bias.and_then(|b| b.get(channel).copied());
        if epilogue.is_some() || bv.is_some() {
            epilogue.unwrap_or(&Epilogue::BIAS_ONLY).apply(channel, p, bv);
        }
    }
}

/// The ranges of `slab` positions (the last maybe fewer) that cover `0..len`; `slab >= 1`.
pub(super) fn slabs(len: usize, slab: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len).step_by(slab).map(move |start| start..(start + slab).min(len))
}

/// The read-only operands of a convolution, checked against its [`Geometry`].
#[derive(Clone, Copy)]
pub(super) struct Operands<'a> {
    /// Input `[N, C, (D,) H, W]`.
    pub(super) x: &'a [f32],
    /// Weight: `[OC, C / groups, (KD,) KH, KW]`, or `[C, OC / groups, (KD,) KH, KW]` when
    /// transposed.
    pub(super) weight: &'a [f32],
    pub(super) bias: Option<&'a [f32]>,
    /// Applied to each output plane at the end (fused kernels only).
    pub(super) epilogue: Option<&'a Epilogue>,
}

fn conv_dispatch(
    geo: &Geometry,
    transposed: bool,
    operands: &Operands<'_>,
    y: &mut [f32],
) -> Result<()> {
    if transposed {
        conv_transposed(geo, operands, y)?;
        if let Some(e) = operands.epilogue {
            e.apply_to_planes(y, geo.out_plane(), geo.groups * geo.oc_g);
        }
        Ok(())
    } else if geo.c_g == 1 && geo.groups > 1 {
        conv_depthwise(geo, operands, y);
        Ok(())
    } else {
        conv_gemm(geo, operands, y)
    }
}

/// What the three implementations need; all products below fit in usize because each
/// tensor involved was checked to hold that many elements.
pub(super) struct Geometry {
    pub(super) h: Axis,
    pub(super) w: Axis,
    pub(super) groups: usize,
    /// Input channels per group.
    pub(super) c_g: usize,
    /// Output channels per group.
    pub(super) oc_g: usize,
}

impl Geometry {
    pub(super) fn in_plane(&self) -> usize {
        self.h.input * self.w.input
    }
    pub(super) fn out_plane(&self) -> usize {
        self.h.output * self.w.output
    }
    fn taps(&self) -> usize {
        self.h.kernel * self.w.kernel
    }
    /// A 1x1 convolution with unit strides and no padding: the input already is the
    /// column matrix.
    fn is_pointwise(&self) -> bool {
        self.taps() == 1
            && self.h.stride == 1
            && self.w.stride == 1
            && self.h.padding == 0
            && self.w.padding == 0
            && self.out_plane() == self.in_plane()
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
                let ix0 = w.source(xs.start, kx);
                let iy0 = h.source(ys.start, ky);
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
fn conv_gemm(g: &Geometry, operands: &Operands<'_>, y: &mut [f32]) -> Result<()> {
    let out_len = g.out_plane();
    let k = g.c_g * g.taps();
    let col_len = if g.is_pointwise() { 0 } else { mul(OP, k, out_len)? };
    with_scratch(col_len, |col| conv_gemm_with(g, operands, y, col))
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
    operands: &Operands<'_>,
    y: &mut [f32],
    col: &mut [f32],
) -> Result<()> {
    let Operands { x, weight: wt, bias, epilogue } = *operands;
    let pointwise = g.is_pointwise();
    let (in_plane, out_len) = (g.in_plane(), g.out_plane());
    let k = g.c_g * g.taps();
    let sizes = [g.c_g * in_plane, g.oc_g * out_len];
    for_each_group(x, y, g.groups, sizes, |grp, xg, dst| {
        let wg = &wt[grp * g.oc_g * k..][..g.oc_g * k];
        let rhs: &[f32] = if pointwise {
            xg
        } else {
            im2col(g, xg, col);
            col
        };
        matmul_rm(OP, dst, wg, rhs, [g.oc_g, k, out_len], false)?;
        // The bias is added to the finished sums, in the same pass as the epilogue.
        finish_group(epilogue, bias, grp * g.oc_g, dst, out_len);
        Ok(())
    })
}

/// Depthwise convolution (one input channel per group, `oc_g` output channels each):
/// each output element sums its taps in (ky, kx) order from zero, then adds the bias.
///
/// Each input plane is first copied, zero-padded, into `sh x sw` phase planes (phase
/// `(r, c)` holds the padded elements at rows `i * sh + r` and columns `j * sw + c`), all
/// `pw` wide. Output `(oy, ox)`'s tap `(ky, kx)` then sits in one phase plane at `oy * pw +
/// ox` plus a per-tap offset, so over the flat grid `p = oy * pw + ox` (`ox < pw`, columns
/// past the output's width computed and dropped) every tap is a single contiguous `acc[p]
/// += w * plane[p + offset]` pass that vectorises. A padding tap adds `0 * w`, which
/// equals skipping it unless a weight is not finite; channels with such weights take
/// [`conv_depthwise_generic`].
fn conv_depthwise(g: &Geometry, operands: &Operands<'_>, y: &mut [f32]) {
    conv_depthwise_on(g, operands, y, crate::threads::num_threads());
}

/// [`conv_depthwise`] on up to `threads` threads.
fn conv_depthwise_on(g: &Geometry, operands: &Operands<'_>, y: &mut [f32], threads: usize) {
    let layout = PhaseLayout::new(g);
    let (out_len, taps) = (g.out_plane(), g.taps());
    let (h, w) = (g.h, g.w);
    // Per tap, in (ky, kx) order: where its run starts in the phase-split buffer.
    let starts: Vec<usize> = (0..h.kernel)
        .flat_map(|ky| (0..w.kernel).map(move |kx| (ky, kx)))
        .map(|(ky, kx)| layout.tap_start(ky * h.dilation, kx * w.dilation))
        .collect();
    // Whole register blocks: the rows past the output read zeros and are dropped.
    let grid = (h.output * layout.pw).next_multiple_of(simd::SUM_TAPS_BLOCK);
    // Output planes are independent: with several threads, each takes a contiguous run of
    // them (and its own scratch, which is per thread).
    let planes = y.len() / out_len.max(1);
    let threads = threads.min(planes);
    if threads > 1
        && planes.saturating_mul(grid).saturating_mul(taps) >= DEPTHWISE_PARALLEL_MIN_WORK
    {
        let planes_per_part = planes.div_ceil(threads);
        let (layout, starts) = (&layout, &starts[..]);
        rayon::scope(|scope| {
            for (k, part) in y.chunks_mut(planes_per_part * out_len).enumerate() {
                let first = k * planes_per_part;
                scope.spawn(move |_| {
                    depthwise_planes(g, operands, layout, starts, grid, first, part)
                });
            }
        });
    } else {
        depthwise_planes(g, operands, &layout, &starts, grid, 0, y);
    }
}

/// Multiply-adds of a depthwise convolution from which it is split between threads.
const DEPTHWISE_PARALLEL_MIN_WORK: usize = 1 << 21;

/// Output planes `first..` of a depthwise convolution, written to `y` (whole planes).
fn depthwise_planes(
    g: &Geometry,
    operands: &Operands<'_>,
    layout: &PhaseLayout,
    starts: &[usize],
    grid: usize,
    first: usize,
    y: &mut [f32],
) {
    let Operands { x, weight: wt, bias, epilogue } = *operands;
    let (in_plane, out_len, taps) = (g.in_plane(), g.out_plane(), g.taps());
    let channels = g.groups * g.oc_g;
    let w = g.w;
    with_scratch(layout.len + grid, |scratch| {
        let (buf, acc) = scratch.split_at_mut(layout.len);
        buf.fill(0.0);
        let mut split_source = usize::MAX;
        for (offset, dst) in y.chunks_exact_mut(out_len).enumerate() {
            let plane_index = first + offset;
            let oc = plane_index % channels;
            let n = plane_index / channels;
            let ic = oc / g.oc_g;
            let source = n * g.groups + ic;
            let src = &x[source * in_plane..][..in_plane];
            let kernel = &wt[oc * taps..(oc + 1) * taps];
            let bv = bias.map(|b| b[oc]);
            if !kernel.iter().all(|v| v.is_finite()) {
                conv_depthwise_generic(g, src, kernel, bv, dst);
                if let Some(e) = epilogue {
                    e.apply(oc, dst, None);
                }
                continue;
            }
            if split_source != source {
                layout.pad_and_split(src, w.input, buf);
                split_source = source;
            }
            simd::sum_taps(acc, buf, starts, kernel);
            for (dst_row, acc_row) in
                dst.chunks_exact_mut(w.output).zip(acc.chunks_exact(layout.pw))
            {
                match bv {
                    Some(b) => simd::add_scalar(dst_row, acc_row, b),
                    None => dst_row.copy_from_slice(&acc_row[..w.output]),
                }
            }
            if let Some(e) = epilogue {
                e.apply(oc, dst, None);
            }
        }
    });
}

/// How a padded input plane is split into stride phases for [`conv_depthwise`].
struct PhaseLayout {
    /// Row and column strides: the buffer holds `sh * sw` phase planes.
    sh: usize,
    sw: usize,
    /// Rows of each phase plane: enough that every tap's run over the output grid stays
    /// inside (zero rows past the padded input).
    ph: usize,
    /// Width of each phase plane: padded columns divided by the column stride, rounded up.
    pw: usize,
    /// Elements of the whole buffer.
    len: usize,
    /// The copies that fill it from an input plane, the same for every plane: (input
    /// row, first input column, destination range in the buffer); each takes every
    /// `sw`-th element of the row from its first column.
    copies: Vec<(usize, usize, Range<usize>)>,
}

impl PhaseLayout {
    fn new(g: &Geometry) -> PhaseLayout {
        let (h, w) = (g.h, g.w);
        let (sh, sw) = (h.stride, w.stride);
        let pw = (w.input + 2 * w.padding).div_ceil(sw);
        // The deepest tap's run starts at phase row (dilation * (kernel - 1)) / stride and
        // covers `output` rows of `pw`, plus at most pw - 1 columns: one more row.
        let deepest = (h.kernel - 1) * h.dilation / sh;
        // Then enough zero rows for the grid rounded up to whole register blocks.
        let spare_rows = simd::SUM_TAPS_BLOCK.div_ceil(pw.max(1));
        let ph = (h.input + 2 * h.padding).div_ceil(sh).max(h.output + deepest + 1) + spare_rows;
        let plane = ph * pw;
        let mut copies = Vec::with_capacity(h.input * sw);
        for iy in 0..h.input {
            let py = iy + h.padding;
            let (r, i) = (py % sh, py / sh);
            for c in 0..sw {
                // Phase column j holds padded column j * sw + c, input column j * sw + c -
                // padding; the first j whose input column is >= 0:
                let j0 = w.padding.saturating_sub(c).div_ceil(sw);
                let Some(first) = (j0 * sw + c).checked_sub(w.padding) else { continue };
                if first >= w.input {
                    continue;
                }
                let start = (r * sw + c) * plane + i * pw;
                let count = (w.input - first).div_ceil(sw).min(pw - j0);
                copies.push((iy, first, start + j0..start + j0 + count));
            }
        }
        PhaseLayout { sh, sw, ph, pw, len: sh * sw * plane, copies }
    }

    /// Start in the buffer of the run read by the tap at padded offset (`row`, `col`) from
    /// an output's top-left corner (`row = ky * dilation`, `col = kx * dilation`).
    fn tap_start(&self, row: usize, col: usize) -> usize {
        let phase = (row % self.sh) * self.sw + col % self.sw;
        phase * self.ph * self.pw + (row / self.sh) * self.pw + col / self.sw
    }

    /// Copies input plane `src` (`width` columns) into `buf` (`self.len` elements), split
    /// into phases. Every plane writes the same positions, so the padding the caller
    /// zeroed once stays zero.
    fn pad_and_split(&self, src: &[f32], width: usize, buf: &mut [f32]) {
        for (iy, first, range) in &self.copies {
            let row = src.get(iy * width + first..(iy + 1) * width).unwrap_or(&[]);
            if let Some(dst) = buf.get_mut(range.clone()) {
                simd::gather_strided(dst, row, self.sw);
            }
        }
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
        let iy0 = h.source(ys.start, ky);
        for kx in 0..w.kernel {
            let xs = w.reads(kx);
            if xs.is_empty() {
                continue;
            }
            let ix0 = w.source(xs.start, kx);
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
fn conv_transposed(g: &Geometry, operands: &Operands<'_>, y: &mut [f32]) -> Result<()> {
    let Operands { x, weight: wt, bias, .. } = *operands;
    let (h, w) = (g.h, g.w);
    let (in_plane, out_len, taps) = (g.in_plane(), g.out_plane(), g.taps());
    let rows = g.oc_g * taps;
    let mut col = vec![0.0f32; mul(OP, rows, in_plane)?];
    let w_group = g.c_g * rows;
    let err = gemm_error(OP);
    for_each_group(x, y, g.groups, [g.c_g * in_plane, g.oc_g * out_len], |grp, xg, dst| {
        let wg = &wt[grp * w_group..][..w_group];
        preload_bias(bias, grp * g.oc_g, dst, out_len);
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
                let oy0 = h.source(ys.start, ky);
                for kx in 0..w.kernel {
                    let xs = w.scatters(kx);
                    if xs.is_empty() {
                        continue;
                    }
                    let ox0 = w.source(xs.start, kx);
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
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::{
        conv_depthwise, conv_depthwise_generic, conv_depthwise_on, valid_range, Axis, Geometry,
        Operands,
    };

    #[test]
    fn depthwise_on_several_threads_writes_the_same_bits() {
        let axis = |input: usize| Axis {
            input,
            kernel: 5,
            stride: 1,
            padding: 2,
            dilation: 1,
            output: input,
        };
        let g = Geometry { h: axis(40), w: axis(40), groups: 67, c_g: 1, oc_g: 1 };
        let value = |i: usize| ((i * 7919 % 2003) as f32 - 1000.0) / 100.0;
        let x: Vec<f32> = (0..g.groups * g.in_plane()).map(value).collect();
        let wt: Vec<f32> = (0..g.groups * g.taps()).map(|i| value(i + 11)).collect();
        let operands = Operands { x: &x, weight: &wt, bias: None, epilogue: None };
        let mut one = vec![f32::NAN; g.groups * g.out_plane()];
        conv_depthwise_on(&g, &operands, &mut one, 1);
        for threads in [2, 3, 8] {
            let mut many = vec![f32::NAN; one.len()];
            conv_depthwise_on(&g, &operands, &mut many, threads);
            assert!(
                one.iter().zip(&many).all(|(a, b)| a.to_bits() == b.to_bits()),
                "{threads} threads"
            );
        }
    }

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
            let operands = Operands { x: &x, weight: &wt, bias: Some(&bias), epilogue: None };
            conv_depthwise(&g, &operands, &mut fast);
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
