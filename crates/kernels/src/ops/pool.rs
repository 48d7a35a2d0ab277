//! Kernels: 2-D pooling (max with indices, average, adaptive average) over `[C, H, W]` or
//! `[N, C, H, W]` inputs, with ExecuTorch's window, padding and rounding rules.
//!
//! Other float types compute as the portable kernels do: max pooling compares in the type
//! (exact), average pooling sums and divides in the element type itself (rounding every
//! step for f16/bf16), adaptive average pooling sums f16/bf16 in f32 and rounds once. f64
//! computes in f64 (the portable adaptive pool sums doubles in a float).

use pterun_core::ScalarType;

use super::conv::param_list;
use super::linalg::{f32_in, f32_out, mul, require_f32};
use super::typed::{compute_is_f64, elems, elems_mut, same_dtype, store, widen, with_wide_or_half};
use crate::arch::simd;
use crate::args::KernelCall;
use crate::dtype::RoundedFloat;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::max_pool2d_with_indices.out", max_pool2d_with_indices),
    (MAX_POOL2D, max_pool2d),
    ("aten::avg_pool2d.out", avg_pool2d),
    ("aten::_adaptive_avg_pool2d.out", adaptive_avg_pool2d),
];

/// The kernel the runtime substitutes, at method load, for `max_pool2d_with_indices` whose
/// indices nothing reads: the same maxima, without the indices.
pub const MAX_POOL2D: &str = "pterun::max_pool2d.out";

/// `(planes, spatial sizes)` of an input of `N` spatial dimensions, with or without a batch
/// dimension (`[C, ...]` or `[N, C, ...]`), whose channel and spatial sizes are non-empty
/// (N may be 0).
pub(super) fn planes<const N: usize>(
    op: &'static str,
    input: &TensorRef<'_>,
) -> Result<(usize, [usize; N])> {
    let s = input.sizes;
    let (n, c, dims) = match s.len() {
        r if r == N + 1 => (1, s[0], &s[1..]),
        r if r == N + 2 => (s[0], s[1], &s[2..]),
        _ => {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("input must be {}-D or {}-D, found {s:?}", N + 1, N + 2),
            });
        }
    };
    let dims: [usize; N] = std::array::from_fn(|i| dims[i]);
    if c == 0 || dims.contains(&0) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("input {s:?} has an empty channel or spatial dimension"),
        });
    }
    // The spatial volume checked on its own: with N == 0 the element count does not bound it.
    let volume = dims.iter().try_fold(1usize, |v, &d| v.checked_mul(d));
    let planes = n.checked_mul(c).filter(|_| volume.is_some());
    planes
        .map(|p| (p, dims))
        .ok_or_else(|| Error::InvalidArgument { op, detail: format!("input {s:?} is too large") })
}

/// Window geometry of one spatial dimension.
#[derive(Clone, Copy, Debug)]
pub(super) struct Window {
    pub(super) kernel: usize,
    pub(super) stride: usize,
    pub(super) padding: usize,
    pub(super) dilation: usize,
}

/// ExecuTorch's pooled length: floor or ceil of the window count, the last window starting
/// inside the input or its left padding. Refuses non-positive lengths.
pub(super) fn pooled_len(
    op: &'static str,
    input: usize,
    win: Window,
    ceil_mode: bool,
) -> Result<usize> {
    let (i, k, s, p, d) = (
        input as i128,
        win.kernel as i128,
        win.stride as i128,
        win.padding as i128,
        win.dilation as i128,
    );
    let numerator = i + 2 * p - d * (k - 1) - 1 + if ceil_mode { s - 1 } else { 0 };
    if numerator < 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("window {} is larger than padded input {}", d * (k - 1) + 1, i + 2 * p),
        });
    }
    let mut len = numerator / s + 1;
    if ceil_mode && (len - 1) * s >= i + p {
        len -= 1;
    }
    if len <= 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("pooled size {len} is not positive"),
        });
    }
    usize::try_from(len).map_err(|_| Error::InvalidArgument {
        op,
        detail: format!("pooled size {len} is too large"),
    })
}

/// Parses `kernel_size`, `stride` (empty = kernel), `padding` (at most half the kernel) and
/// `dilation` (empty = 1) into the `N` windows of an `N`-D pool.
pub(super) fn windows<const N: usize>(
    op: &'static str,
    kernel: &[i64],
    stride: &[i64],
    padding: &[i64],
    dilation: &[i64],
) -> Result<[Window; N]> {
    let k = param_list(op, "kernel_size", kernel, N, 1)?;
    let s = if stride.is_empty() { k.clone() } else { param_list(op, "stride", stride, N, 1)? };
    let p = param_list(op, "padding", padding, N, 0)?;
    let d =
        if dilation.is_empty() { vec![1; N] } else { param_list(op, "dilation", dilation, N, 1)? };
    for i in 0..N {
        if p[i] > k[i] / 2 {
            return Err(Error::InvalidArgument {
                op,
                detail: format!(
                    "padding {padding:?} must be at most half of kernel_size {kernel:?}"
                ),
            });
        }
    }
    Ok(std::array::from_fn(|i| Window {
        kernel: k[i],
        stride: s[i],
        padding: p[i],
        dilation: d[i],
    }))
}

/// [`pooled_len`] of each of `N` spatial dimensions.
pub(super) fn pooled_lens<const N: usize>(
    op: &'static str,
    dims: [usize; N],
    wins: [Window; N],
    ceil_mode: bool,
) -> Result<[usize; N]> {
    let mut pooled = [0; N];
    for ((len, dim), win) in pooled.iter_mut().zip(dims).zip(wins) {
        *len = pooled_len(op, dim, win, ceil_mode)?;
    }
    Ok(pooled)
}

/// The output sizes: the input's, with the `N` pooled lengths last.
pub(super) fn out_sizes<const N: usize>(input: &TensorRef<'_>, pooled: [usize; N]) -> Vec<usize> {
    let mut sizes = input.sizes.to_vec();
    let r = sizes.len();
    sizes[r - N..].copy_from_slice(&pooled);
    sizes
}

/// The scalar arguments of `max_pool2d_with_indices` and `max_pool3d_with_indices` (1 to
/// 5), copied out before the call is split.
pub(super) struct MaxPoolArgs {
    kernel: Vec<i64>,
    stride: Vec<i64>,
    padding: Vec<i64>,
    dilation: Vec<i64>,
    pub(super) ceil_mode: bool,
}

impl MaxPoolArgs {
    pub(super) fn read(call: &KernelCall<'_>) -> Result<MaxPoolArgs> {
        Ok(MaxPoolArgs {
            kernel: call.int_list(1)?.to_vec(),
            stride: call.int_list(2)?.to_vec(),
            padding: call.int_list(3)?.to_vec(),
            dilation: call.int_list(4)?.to_vec(),
            ceil_mode: call.bool(5)?,
        })
    }

    /// The windows of an `N`-D max pool.
    pub(super) fn windows<const N: usize>(&self, op: &'static str) -> Result<[Window; N]> {
        windows(op, &self.kernel, &self.stride, &self.padding, &self.dilation)
    }
}

/// A call of `avg_pool2d` or `avg_pool3d` (`N` spatial dimensions), checked, with its
/// output resized.
pub(super) struct AvgPool<'c, 'a, const N: usize> {
    pub(super) input: TensorRef<'a>,
    pub(super) out: &'c mut TensorMut<'a>,
    /// Channels times batch.
    pub(super) planes: usize,
    /// The input's spatial sizes.
    pub(super) dims: [usize; N],
    pub(super) windows: [Window; N],
    /// The output's spatial sizes.
    pub(super) pooled: [usize; N],
    pub(super) mode: AvgMode,
}

impl<'c, 'a, const N: usize> AvgPool<'c, 'a, N> {
    pub(super) fn read(op: &'static str, call: &'c mut KernelCall<'a>) -> Result<Self> {
        call.expect_args(8)?;
        let args = AvgPoolArgs::read(call)?;
        let (inputs, outs) = call.split();
        let input = inputs.tensor(0)?;
        let found = outs.len();
        let [out] = outs else {
            return Err(Error::ArgumentCount { op, expected: 1, found });
        };
        let (planes, dims) = planes(op, &input)?;
        let (windows, mode) = args.windows(op)?;
        let pooled = pooled_lens(op, dims, windows, args.ceil_mode)?;
        out.resize(&out_sizes(&input, pooled))?;
        Ok(AvgPool { input, out, planes, dims, windows, pooled, mode })
    }
}

/// The scalar arguments of `avg_pool2d` and `avg_pool3d` (1 to 6), copied out before the
/// call is split.
struct AvgPoolArgs {
    kernel: Vec<i64>,
    stride: Vec<i64>,
    padding: Vec<i64>,
    ceil_mode: bool,
    include_pad: bool,
    divisor: Option<i64>,
}

impl AvgPoolArgs {
    fn read(call: &KernelCall<'_>) -> Result<AvgPoolArgs> {
        Ok(AvgPoolArgs {
            kernel: call.int_list(1)?.to_vec(),
            stride: call.int_list(2)?.to_vec(),
            padding: call.int_list(3)?.to_vec(),
            ceil_mode: call.bool(4)?,
            include_pad: call.bool(5)?,
            divisor: call.opt_int(6)?,
        })
    }

    /// The windows of an `N`-D average pool (undilated) and how it divides; refuses a zero
    /// `divisor_override`.
    fn windows<const N: usize>(&self, op: &'static str) -> Result<([Window; N], AvgMode)> {
        let wins = windows(op, &self.kernel, &self.stride, &self.padding, &[])?;
        if self.divisor == Some(0) {
            return Err(Error::InvalidArgument {
                op,
                detail: "divisor_override must be non-zero".into(),
            });
        }
        Ok((wins, AvgMode { divisor: self.divisor, include_pad: self.include_pad }))
    }
}

/// Start (may be negative) and clamped end of the undilated window at `o`, as ExecuTorch
/// computes them for counting.
fn span(o: usize, win: Window, input: usize) -> (i128, i128) {
    let start = o as i128 * win.stride as i128 - win.padding as i128;
    let end = (start + win.kernel as i128).min(input as i128 + win.padding as i128);
    (start, end)
}

/// `aten::max_pool2d_with_indices.out(Tensor self, int[2] kernel_size, int[2] stride=[],
/// int[2] padding=0, int[2] dilation=1, bool ceil_mode=False, *, Tensor(a!) out,
/// Tensor(b!) indices)`. Only in-bounds elements compete (padding is never the maximum);
/// the first maximum in row-major window order wins; NaN never replaces a value. Indices
/// are flat `h * W + w` within each plane.
fn max_pool2d_with_indices(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(8)?;
    max_pool2d_core(op, call, true)
}

/// `pterun::max_pool2d.out(Tensor self, int[2] kernel_size, int[2] stride, int[2] padding,
/// int[2] dilation, bool ceil_mode, *, Tensor(a!) out)`: `max_pool2d_with_indices` without
/// the indices.
fn max_pool2d(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(7)?;
    max_pool2d_core(MAX_POOL2D, call, false)
}

/// Both max-pool kernels: arguments 0 to 5 as in `max_pool2d_with_indices`, then the
/// output and, `with_indices`, the indices.
fn max_pool2d_core(op: &'static str, call: &mut KernelCall<'_>, with_indices: bool) -> Result<()> {
    let args = MaxPoolArgs::read(call)?;
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let found = outs.len();
    let (out, mut indices) = match outs {
        [out, indices] if with_indices => (out, Some(indices)),
        [out] if !with_indices => (out, None),
        _ => {
            return Err(Error::ArgumentCount { op, expected: 1 + usize::from(with_indices), found })
        }
    };
    let (planes, [h, w]) = planes(op, &input)?;
    let [wy, wx] = args.windows(op)?;
    let [oh, ow] = pooled_lens(op, [h, w], [wy, wx], args.ceil_mode)?;
    let sizes = out_sizes(&input, [oh, ow]);
    out.resize(&sizes)?;
    if let Some(indices) = indices.as_deref_mut() {
        indices.resize(&sizes)?;
        if indices.dtype != ScalarType::Long {
            return Err(Error::UnsupportedDtype { op, dtype: indices.dtype });
        }
    }
    if input.dtype != ScalarType::Float {
        same_dtype(op, input.dtype, &[Some(&out.as_ref())])?;
        if out.numel() == 0 {
            return Ok(());
        }
        let idx = match indices {
            Some(indices) => Some(long_out(op, indices)?),
            None => None,
        };
        mul(op, oh, ow)?;
        let shape = PoolShape { planes, h, w, oh, ow };
        return with_wide_or_half!(op, input.dtype, T => {
            let (x, y) = (elems::<T>(op, &input)?, elems_mut::<T>(op, out)?);
            max_pool_in(x, y, idx, shape, [wy, wx]);
            Ok(())
        });
    }
    require_f32(op, &input)?;
    let x = f32_in(op, &input)?;
    let y = f32_out(op, out)?;
    let mut idx = match indices {
        Some(indices) => Some(long_out(op, indices)?),
        None => None,
    };
    if y.is_empty() {
        return Ok(());
    }
    // h * w is checked by `planes`; oh * ow may overflow when there are no planes.
    let (in_plane, out_plane) = (h * w, mul(op, oh, ow)?);
    // Per output column: the in-bounds taps `kx0..kx1` and the column of tap `kx0`.
    let cols: Vec<(usize, usize, usize)> = (0..ow).map(|ox| taps_in_bounds(ox, wx, w)).collect();
    // The output columns with every tap in bounds: a contiguous range.
    let full = |c: &(usize, usize, usize)| c.0 == 0 && c.1 == wx.kernel;
    let inner = match cols.iter().position(full) {
        Some(lo) => lo..lo + cols[lo..].iter().take_while(|c| full(c)).count(),
        None => 0..0,
    };
    for p in 0..planes {
        let src = &x[p * in_plane..(p + 1) * in_plane];
        let dst = &mut y[p * out_plane..(p + 1) * out_plane];
        let mut dst_idx = idx.as_deref_mut().map(|i| &mut i[p * out_plane..(p + 1) * out_plane]);
        for oy in 0..oh {
            let (ky0, ky1, iy0) = taps_in_bounds(oy, wy, h);
            let dst_row = &mut dst[oy * ow..(oy + 1) * ow];
            let mut idx_row = dst_idx.as_deref_mut().map(|i| &mut i[oy * ow..(oy + 1) * ow]);
            // Columns whose whole window row is in bounds: tap by tap across the columns
            // (independent maxima, no per-element window arithmetic); the others below.
            if ky0 < ky1 && inner.start < inner.end {
                for t in 0..ky1 - ky0 {
                    let iy = iy0 + t * wy.dilation;
                    let row = &src[iy * w..(iy + 1) * w];
                    for kx in 0..wx.kernel {
                        // Column of tap kx for output column `inner.start`: in bounds.
                        let base = cols[inner.start].2 + kx * wx.dilation;
                        let taps = &row[base..];
                        let d = &mut dst_row[inner.clone()];
                        let seed = t == 0 && kx == 0;
                        match idx_row.as_deref_mut() {
                            None => simd::max_strided(d, taps, wx.stride, seed),
                            Some(i) => {
                                let i = &mut i[inner.clone()];
                                max_strided_with_indices(d, i, taps, wx.stride, iy * w + base, seed)
                            }
                        }
                    }
                }
            }
            for (ox, (d, &(kx0, kx1, ix0))) in dst_row.iter_mut().zip(&cols).enumerate() {
                if ky0 < ky1 && inner.contains(&ox) {
                    continue;
                }
                // Taps in row-major window order; the first element seeds the maximum, a
                // later one replaces it only if strictly greater (so NaN never does).
                let mut best: Option<(f32, usize)> = None;
                for t in 0..ky1 - ky0 {
                    let iy = iy0 + t * wy.dilation;
                    let row = &src[iy * w..(iy + 1) * w];
                    for u in 0..kx1 - kx0 {
                        let ix = ix0 + u * wx.dilation;
                        let v = row[ix];
                        if best.is_none_or(|(b, _)| v > b) {
                            best = Some((v, iy * w + ix));
                        }
                    }
                }
                // A window with no in-bounds element (possible only with dilation) yields 0
                // at index 0, as ExecuTorch's untouched accumulator does.
                let (v, at) = best.unwrap_or((0.0, 0));
                *d = v;
                if let Some(i) = idx_row.as_deref_mut() {
                    i[ox] = at as i64;
                }
            }
        }
    }
    Ok(())
}

/// Planes and their input and output heights and widths.
#[derive(Clone, Copy)]
struct PoolShape {
    planes: usize,
    h: usize,
    w: usize,
    oh: usize,
    ow: usize,
}

/// Max pooling in any element type: for each output, the first largest tap in row-major
/// window order, and its index in the plane; the scalar form of the f32 kernel's border
/// loop, used for the rare non-f32 types. Slices are in bounds: the caller checked the
/// element counts of `x`, `y` and `idx` against `shape`, and `taps_in_bounds` keeps taps
/// inside the plane.
fn max_pool_in<T: RoundedFloat>(
    x: &[T],
    y: &mut [T],
    mut idx: Option<&mut [i64]>,
    PoolShape { planes, h, w, oh, ow }: PoolShape,
    [wy, wx]: [Window; 2],
) {
    let (in_plane, out_plane) = (h * w, oh * ow);
    for p in 0..planes {
        let src = &x[p * in_plane..(p + 1) * in_plane];
        for oy in 0..oh {
            let (ky0, ky1, iy0) = taps_in_bounds(oy, wy, h);
            for ox in 0..ow {
                let (kx0, kx1, ix0) = taps_in_bounds(ox, wx, w);
                let mut best: Option<(T, usize)> = None;
                for t in 0..ky1 - ky0 {
                    let iy = iy0 + t * wy.dilation;
                    for u in 0..kx1 - kx0 {
                        let at = iy * w + ix0 + u * wx.dilation;
                        let v = src[at];
                        if best.is_none_or(|(b, _)| v > b) {
                            best = Some((v, at));
                        }
                    }
                }
                let (v, at) = best.unwrap_or((T::zero(), 0));
                let o = p * out_plane + oy * ow + ox;
                y[o] = v;
                if let Some(i) = idx.as_deref_mut() {
                    i[o] = at as i64;
                }
            }
        }
    }
}

/// [`simd::max_strided`] that also records where each maximum was (`at0` is the flat
/// input index of `taps[0]`).
fn max_strided_with_indices(
    d: &mut [f32],
    i: &mut [i64],
    taps: &[f32],
    stride: usize,
    at0: usize,
    seed: bool,
) {
    if seed {
        for c in 0..d.len() {
            d[c] = taps[c * stride];
            i[c] = (at0 + c * stride) as i64;
        }
    } else {
        // Branch-free selects: which element wins is data-dependent and a branch on it
        // mispredicts (masks, since LLVM turns an `if` back into a branch).
        for c in 0..d.len() {
            let v = taps[c * stride];
            let m = -i64::from(v > d[c]);
            let at = (at0 + c * stride) as i64;
            let m32 = m as u32;
            d[c] = f32::from_bits((v.to_bits() & m32) | (d[c].to_bits() & !m32));
            i[c] = (at & m) | (i[c] & !m);
        }
    }
}

/// For output position `o`: the taps `k0..k1` of the (dilated) window whose source
/// `o * stride + k * dilation - padding` lies in `0..len`, and the source of tap `k0`
/// (meaningless when the range is empty).
fn taps_in_bounds(o: usize, win: Window, len: usize) -> (usize, usize, usize) {
    let base = o as i128 * win.stride as i128 - win.padding as i128;
    let d = win.dilation as i128;
    let k0 = if base >= 0 { 0 } else { (-base + d - 1) / d };
    let last = len as i128 - 1 - base;
    let k1 = if last < 0 { 0 } else { (last / d + 1).min(win.kernel as i128) };
    let k0 = k0.min(k1);
    let first = if k0 < k1 { (base + k0 * d) as usize } else { 0 };
    // k0 <= k1 <= kernel, so both fit in usize.
    (k0 as usize, k1 as usize, first)
}

fn long_out<'o>(op: &'static str, out: &'o mut TensorMut<'_>) -> Result<&'o mut [i64]> {
    let want = out.numel();
    let data = out.as_mut_slice::<i64>(op)?;
    if data.len() != want {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("indices output has room for {} elements", data.len()),
        });
    }
    Ok(data)
}

/// `aten::avg_pool2d.out(Tensor self, int[2] kernel_size, int[2] stride=[], int[2]
/// padding=0, bool ceil_mode=False, bool count_include_pad=True, int? divisor_override=None,
/// *, Tensor(a!) out)`. Sums in-bounds elements in f32, row-major, and divides by
/// `divisor_override`, or the window size clamped to the padded input
/// (`count_include_pad`), or the number of in-bounds elements.
fn avg_pool2d(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    let AvgPool { input, out, planes, dims: [h, w], windows: [wy, wx], pooled: [oh, ow], mode } =
        AvgPool::read(op, call)?;
    same_dtype(op, input.dtype, &[Some(&out.as_ref())])?;
    if out.numel() == 0 {
        return Ok(());
    }
    // h * w is checked by `planes`; oh * ow may overflow when there are no planes.
    mul(op, oh, ow)?;
    let shape = PoolShape { planes, h, w, oh, ow };
    if input.dtype == ScalarType::Float {
        let (x, y) = (f32_in(op, &input)?, f32_out(op, out)?);
        avg_pool_in(x, y, shape, [wy, wx], mode);
        return Ok(());
    }
    with_wide_or_half!(op, input.dtype, T => {
        let (x, y) = (elems::<T>(op, &input)?, elems_mut::<T>(op, out)?);
        avg_pool_in(x, y, shape, [wy, wx], mode);
        Ok(())
    })
}

/// How `avg_pool2d` divides: by `divisor_override`, or by the window's size with or
/// without its padding.
#[derive(Clone, Copy)]
pub(super) struct AvgMode {
    pub(super) divisor: Option<i64>,
    pub(super) include_pad: bool,
}

/// Average pooling in element type `T`, summing and dividing in `T` as the portable kernel
/// does. Slices are in bounds: the caller checked the element counts against `shape`.
fn avg_pool_in<T: RoundedFloat>(
    x: &[T],
    y: &mut [T],
    PoolShape { planes, h, w, oh, ow }: PoolShape,
    [wy, wx]: [Window; 2],
    AvgMode { divisor, include_pad }: AvgMode,
) {
    let (in_plane, out_plane) = (h * w, oh * ow);
    for p in 0..planes {
        let src = &x[p * in_plane..(p + 1) * in_plane];
        let dst = &mut y[p * out_plane..(p + 1) * out_plane];
        for oy in 0..oh {
            let (y0, y1) = span(oy, wy, h);
            let (cy0, cy1) = (y0.max(0), y1.min(h as i128));
            for ox in 0..ow {
                let (x0, x1) = span(ox, wx, w);
                let (cx0, cx1) = (x0.max(0), x1.min(w as i128));
                if cy0 >= cy1 || cx0 >= cx1 {
                    dst[oy * ow + ox] = T::zero();
                    continue;
                }
                let mut sum = T::zero();
                for iy in cy0 as usize..cy1 as usize {
                    for &v in &src[iy * w + cx0 as usize..iy * w + cx1 as usize] {
                        sum = sum + v;
                    }
                }
                let count = match divisor {
                    Some(d) => d as f64,
                    None if include_pad => ((y1 - y0) * (x1 - x0)) as f64,
                    None => ((cy1 - cy0) * (cx1 - cx0)) as f64,
                };
                dst[oy * ow + ox] = sum / T::from_f64(count);
            }
        }
    }
}

/// ExecuTorch's adaptive bounds, computed in f32 like its kernel:
/// `floor(o * in / out)` and `ceil((o + 1) * in / out)`.
fn adaptive_bounds(o: usize, out: usize, input: usize) -> (usize, usize) {
    let (o, out, input_l) = (o as u128, out as u128, input as u128);
    let start = ((o * input_l) as f32 / out as f32).floor() as usize;
    let end = (((o + 1) * input_l) as f32 / out as f32).ceil() as usize;
    // Clamped for f32 rounding at very large sizes; exact otherwise.
    let end = end.min(input).max(start.min(input));
    (start.min(end), end)
}

/// `aten::_adaptive_avg_pool2d.out(Tensor self, SymInt[2] output_size, *, Tensor(a!) out)`.
fn adaptive_avg_pool2d(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(3)?;
    let output_size = call.int_list(1)?.to_vec();
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let found = outs.len();
    let [out] = outs else {
        return Err(Error::ArgumentCount { op, expected: 1, found });
    };
    let (planes, [h, w]) = planes(op, &input)?;
    let [oh, ow] = match output_size[..] {
        [a, b] if a > 0 && b > 0 => [a, b].map(|v| usize::try_from(v).unwrap_or(usize::MAX)),
        _ => {
            return Err(Error::InvalidArgument {
                op,
                detail: format!("output_size must be two positive sizes, found {output_size:?}"),
            });
        }
    };
    out.resize(&out_sizes(&input, [oh, ow]))?;
    same_dtype(op, input.dtype, &[Some(&out.as_ref())])?;
    if out.numel() == 0 {
        return Ok(());
    }
    // h * w is checked by `planes`; oh * ow may overflow when there are no planes.
    mul(op, oh, ow)?;
    let shape = PoolShape { planes, h, w, oh, ow };
    match input.dtype {
        ScalarType::Float => adaptive_avg_pool_in(f32_in(op, &input)?, f32_out(op, out)?, shape),
        dtype if compute_is_f64(dtype) => {
            adaptive_avg_pool_in(elems::<f64>(op, &input)?, elems_mut::<f64>(op, out)?, shape)
        }
        _ => {
            let x = widen::<f32>(op, &input)?;
            let mut y = vec![0f32; out.numel()];
            adaptive_avg_pool_in(&x, &mut y, shape);
            return store(op, out, &y);
        }
    }
    Ok(())
}

/// Adaptive average pooling in compute type `A`. Slices are in bounds: the caller checked
/// the element counts against `shape`, and `adaptive_bounds` stays inside the input.
fn adaptive_avg_pool_in<A: RoundedFloat>(
    x: &[A],
    y: &mut [A],
    PoolShape { planes, h, w, oh, ow }: PoolShape,
) {
    let (in_plane, out_plane) = (h * w, oh * ow);
    for p in 0..planes {
        let src = &x[p * in_plane..(p + 1) * in_plane];
        let dst = &mut y[p * out_plane..(p + 1) * out_plane];
        for oy in 0..oh {
            let (y0, y1) = adaptive_bounds(oy, oh, h);
            for ox in 0..ow {
                let (x0, x1) = adaptive_bounds(ox, ow, w);
                let mut sum = A::zero();
                for iy in y0..y1 {
                    for &v in &src[iy * w + x0..iy * w + x1] {
                        sum = sum + v;
                    }
                }
                let count = ((y1 - y0) * (x1 - x0)) as f64;
                dst[oy * ow + ox] = sum / A::from_f64(count);
            }
        }
    }
}
