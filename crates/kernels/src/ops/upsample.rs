//! Kernels: 2-D upsampling of `[N, C, H, W]` inputs (nearest, bilinear), with ExecuTorch's
//! (PyTorch's) source-index arithmetic, done in f32 like its kernels.
//!
//! Other float types follow the portable kernels: nearest copies elements of any of them;
//! bilinear multiplies the elements by the f32 weights in float (`Half * float` is a float
//! in C++) or double (f64), rounding once when storing.

use pterun_core::ScalarType;

use super::linalg::mul;
use super::typed::{elems, elems_mut, same_dtype, store, widen};
use crate::args::KernelCall;
use crate::dtype::{Element, RoundedFloat};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[
    ("aten::upsample_nearest2d.vec_out", upsample_nearest2d),
    ("aten::upsample_bilinear2d.vec_out", upsample_bilinear2d),
];

/// One dimension: input and output lengths and the source-per-destination scale.
#[derive(Clone, Copy, Debug)]
struct Resample {
    input: usize,
    output: usize,
    scale: f32,
}

/// Output sizes and per-dimension scales from `output_size` xor `scale_factors`.
/// Scales follow `area_pixel_compute_scale`: with `align_corners`, `(in - 1) / (out - 1)`
/// (0 for a single output); otherwise `1 / scale_factor`, the factor being the given one
/// or `out / in`.
fn resample(
    op: &'static str,
    input: &TensorRef<'_>,
    output_size: Option<&[i64]>,
    scale_factors: Option<&[f64]>,
    align_corners: bool,
) -> Result<[Resample; 2]> {
    if input.dim() != 4 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("input must be 4-D, found {:?}", input.sizes),
        });
    }
    let (ih, iw) = (input.sizes[2], input.sizes[3]);
    let invalid = |detail: String| Error::InvalidArgument { op, detail };
    let (factors, sizes) = match (output_size, scale_factors) {
        (Some(size), None) => {
            let [h, w] = size else {
                return Err(invalid(format!("output_size must have 2 elements, found {size:?}")));
            };
            if *h <= 0 || *w <= 0 {
                return Err(invalid(format!("output_size {size:?} must be positive")));
            }
            let (h, w) = (*h as f64, *w as f64);
            ([h / ih as f64, w / iw as f64], [h, w])
        }
        (None, Some(factors)) => {
            let [fh, fw] = factors else {
                return Err(invalid(format!(
                    "scale_factors must have 2 elements, found {factors:?}"
                )));
            };
            if !(*fh > 0.0 && *fw > 0.0) {
                return Err(invalid(format!("scale_factors {factors:?} must be positive")));
            }
            // Truncated like ExecuTorch's cast to a size.
            ([*fh, *fw], [(ih as f64 * fh).trunc(), (iw as f64 * fw).trunc()])
        }
        _ => {
            return Err(invalid(
                "exactly one of output_size and scale_factors must be given".into(),
            ))
        }
    };
    let mut dims = [
        Resample { input: ih, output: 0, scale: 0.0 },
        Resample { input: iw, output: 0, scale: 0.0 },
    ];
    for (i, d) in dims.iter_mut().enumerate() {
        let out = sizes[i];
        // The upper bound keeps the cast exact; resize enforces the real capacity.
        if !(1.0..9.0e15).contains(&out) {
            return Err(invalid(format!("upsampled size {out} must be positive")));
        }
        d.output = out as usize;
        let scale = if align_corners {
            if d.output > 1 {
                (d.input as f64 - 1.0) / (d.output as f64 - 1.0)
            } else {
                0.0
            }
        } else {
            1.0 / factors[i]
        };
        d.scale = scale as f32;
    }
    Ok(dims)
}

/// Resizes the output; then, unless it is empty, runs `run(input, out, in_plane,
/// out_plane)`, which fills the `N * C` planes (of the element counts given, both
/// non-zero).
fn for_planes(
    op: &'static str,
    call: &mut KernelCall<'_>,
    dims: [Resample; 2],
    run: impl FnOnce(&TensorRef<'_>, &mut TensorMut<'_>, usize, usize) -> Result<()>,
) -> Result<()> {
    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let found = outs.len();
    let [out] = outs else {
        return Err(Error::ArgumentCount { op, expected: 1, found });
    };
    let [h, w] = dims;
    out.resize(&[input.sizes[0], input.sizes[1], h.output, w.output])?;
    same_dtype(op, input.dtype, &[Some(&out.as_ref())])?;
    if out.numel() == 0 {
        return Ok(());
    }
    let (in_plane, out_plane) = (mul(op, h.input, w.input)?, mul(op, h.output, w.output)?);
    if in_plane == 0 || out_plane == 0 {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("cannot upsample empty planes {:?}", input.sizes),
        });
    }
    run(&input, out, in_plane, out_plane)
}

/// Applies `f(plane_in, plane_out)` to each pair of planes.
fn each_plane<T: Copy>(
    x: &[T],
    y: &mut [T],
    (in_plane, out_plane): (usize, usize),
    mut f: impl FnMut(&[T], &mut [T]),
) {
    for (src, dst) in x.chunks_exact(in_plane).zip(y.chunks_exact_mut(out_plane)) {
        f(src, dst);
    }
}

/// Copies each output element from source `(ys[row], xs[col])` of its plane, for any
/// element type.
fn nearest_planes<T: Element>(
    op: &'static str,
    input: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    planes: (usize, usize),
    (ys, xs, iw): (&[usize], &[usize], usize),
) -> Result<()> {
    let (x, y) = (elems::<T>(op, input)?, elems_mut::<T>(op, out)?);
    each_plane(x, y, planes, |src, dst| {
        for (row, &iy) in dst.chunks_exact_mut(xs.len()).zip(ys) {
            let src_row = &src[iy * iw..(iy + 1) * iw];
            for (d, &ix) in row.iter_mut().zip(xs) {
                *d = src_row[ix];
            }
        }
    });
    Ok(())
}

/// `aten::upsample_nearest2d.vec_out(Tensor input, SymInt[]? output_size, float[]?
/// scale_factors, *, Tensor(a!) out)`: source `min(floor(dst * scale), in - 1)`.
fn upsample_nearest2d(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let output_size = call.opt_int_list(1)?.map(<[i64]>::to_vec);
    let scale_factors = call.opt_double_list(2)?.map(<[f64]>::to_vec);
    let input = call.tensor(0)?;
    let dims = resample(op, &input, output_size.as_deref(), scale_factors.as_deref(), false)?;
    let index = |d: Resample| -> Vec<usize> {
        (0..d.output)
            .map(|o| ((o as f32 * d.scale).floor() as usize).min(d.input.saturating_sub(1)))
            .collect()
    };
    let iw = dims[1].input;
    for_planes(op, call, dims, |input, out, in_plane, out_plane| {
        let (ys, xs) = (index(dims[0]), index(dims[1]));
        let (planes, taps) = ((in_plane, out_plane), (&ys[..], &xs[..], iw));
        match input.dtype {
            ScalarType::Float => nearest_planes::<f32>(op, input, out, planes, taps),
            ScalarType::Double => nearest_planes::<f64>(op, input, out, planes, taps),
            ScalarType::Half => nearest_planes::<half::f16>(op, input, out, planes, taps),
            ScalarType::BFloat16 => nearest_planes::<half::bf16>(op, input, out, planes, taps),
            dtype => Err(Error::UnsupportedDtype { op, dtype }),
        }
    })
}

/// `(i0, i1, w0, w1)`: see [`bilinear_taps`].
type Tap = (usize, usize, f32, f32);

/// Source indices and weights of one destination position (`compute_source_index_and_
/// lambda`): `(i0, i1, w0, w1)` with `value = w0 * x[i0] + w1 * x[i1]`.
fn bilinear_taps(d: Resample, align_corners: bool) -> Vec<Tap> {
    (0..d.output)
        .map(|o| {
            if d.output == d.input {
                return (o, o, 1.0, 0.0);
            }
            let real = if align_corners {
                d.scale * o as f32
            } else {
                (d.scale * (o as f32 + 0.5) - 0.5).max(0.0)
            };
            let i0 = (real.floor() as usize).min(d.input - 1);
            let w1 = (real - i0 as f32).clamp(0.0, 1.0);
            let i1 = if i0 < d.input - 1 { i0 + 1 } else { i0 };
            (i0, i1, 1.0 - w1, w1)
        })
        .collect()
}

/// `aten::upsample_bilinear2d.vec_out(Tensor input, SymInt[]? output_size, bool
/// align_corners, float[]? scale_factors, *, Tensor(a!) out)`.
fn upsample_bilinear2d(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let output_size = call.opt_int_list(1)?.map(<[i64]>::to_vec);
    let align_corners = call.bool(2)?;
    let scale_factors = call.opt_double_list(3)?.map(<[f64]>::to_vec);
    let input = call.tensor(0)?;
    let dims =
        resample(op, &input, output_size.as_deref(), scale_factors.as_deref(), align_corners)?;
    if dims.iter().any(|d| d.input == 0) {
        return Err(Error::InvalidArgument {
            op,
            detail: format!("cannot upsample empty planes {:?}", input.sizes),
        });
    }
    let iw = dims[1].input;
    for_planes(op, call, dims, |input, out, in_plane, out_plane| {
        let (ys, xs) =
            (bilinear_taps(dims[0], align_corners), bilinear_taps(dims[1], align_corners));
        let (planes, taps) = ((in_plane, out_plane), (&ys[..], &xs[..], iw));
        match input.dtype {
            ScalarType::Float => {
                let (x, y) = (elems::<f32>(op, input)?, elems_mut::<f32>(op, out)?);
                bilinear_planes(x, y, planes, taps);
                Ok(())
            }
            ScalarType::Double => {
                let (x, y) = (elems::<f64>(op, input)?, elems_mut::<f64>(op, out)?);
                bilinear_planes(x, y, planes, taps);
                Ok(())
            }
            _ => {
                let x = widen::<f32>(op, input)?;
                let mut y = vec![0f32; out.numel()];
                bilinear_planes(&x, &mut y, planes, taps);
                store(op, out, &y)
            }
        }
    })
}

/// Bilinear interpolation of each plane in compute type `A`, the f32 weights converted to
/// `A` (exactly).
fn bilinear_planes<A: RoundedFloat>(
    x: &[A],
    y: &mut [A],
    planes: (usize, usize),
    (ys, xs, iw): (&[Tap], &[Tap], usize),
) {
    let weight = |w: f32| A::from_f64(f64::from(w));
    each_plane(x, y, planes, |src, dst| {
        for (row, &(y0, y1, h0, h1)) in dst.chunks_exact_mut(xs.len()).zip(ys) {
            let (top, bottom) = (&src[y0 * iw..(y0 + 1) * iw], &src[y1 * iw..(y1 + 1) * iw]);
            let (h0, h1) = (weight(h0), weight(h1));
            for (d, &(x0, x1, w0, w1)) in row.iter_mut().zip(xs) {
                let (w0, w1) = (weight(w0), weight(w1));
                let t = top[x0] * w0 + top[x1] * w1;
                let b = bottom[x0] * w0 + bottom[x1] * w1;
                *d = t * h0 + b * h1;
            }
        }
    });
}
