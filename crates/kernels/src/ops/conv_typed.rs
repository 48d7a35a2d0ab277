//! Convolution of float16, bfloat16 and float64 tensors, computed as the portable kernel
//! computes it: in the element type itself (for f16/bf16 every product and partial sum is
//! rounded to the type), each output summed over input channel, kernel row, kernel column
//! in that order, then the bias added. A transposed convolution starts from the bias and
//! adds the contributions in the kernel's order (input row, input column, input channel,
//! kernel row, kernel column). Direct loops: these types are rare in exported models, and
//! the per-step rounding of the official kernel rules out a reordered gemm for f16/bf16.

use super::conv::Geometry;
use super::typed::{elems, elems_mut, same_dtype, with_wide_or_half};
use crate::dtype::RoundedFloat;
use crate::error::Result;
use crate::tensor::{TensorMut, TensorRef};

use super::conv::OP;

/// Computes `out` (already resized to the checked geometry `g`) from input `[N, C, H, W]`,
/// weight and optional bias of the input's element type.
pub(super) fn convolution(
    g: &Geometry,
    transposed: bool,
    input: &TensorRef<'_>,
    weight: &TensorRef<'_>,
    bias: Option<&TensorRef<'_>>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    same_dtype(OP, input.dtype, &[Some(weight), bias, Some(&out.as_ref())])?;
    with_wide_or_half!(OP, input.dtype, T => {
        let x = elems::<T>(OP, input)?;
        let w = elems::<T>(OP, weight)?;
        let b = bias.map(|b| elems::<T>(OP, b)).transpose()?;
        let y = elems_mut::<T>(OP, out)?;
        if transposed {
            transposed_in(g, x, w, b, y);
        } else {
            regular_in(g, x, w, b, y);
        }
        Ok(())
    })
}

/// Regular convolution. Slices are in bounds: the caller checked every tensor's element
/// count against the geometry, and `reads` keeps sources inside the input.
fn regular_in<T: RoundedFloat>(g: &Geometry, x: &[T], w: &[T], bias: Option<&[T]>, y: &mut [T]) {
    let (h, wd) = (g.h, g.w);
    let (in_plane, out_plane, taps) = (g.in_plane(), g.out_plane(), h.kernel * wd.kernel);
    let (in_c, out_c) = (g.groups * g.c_g, g.groups * g.oc_g);
    if out_plane == 0 || out_c == 0 {
        return;
    }
    let mut acc = vec![T::zero(); out_plane];
    for (p, dst) in y.chunks_exact_mut(out_plane).enumerate() {
        let (n, oc) = (p / out_c, p % out_c);
        let group = oc / g.oc_g;
        acc.fill(T::zero());
        for icl in 0..g.c_g {
            let ic = group * g.c_g + icl;
            let src = &x[(n * in_c + ic) * in_plane..][..in_plane];
            let kernel = &w[(oc * g.c_g + icl) * taps..][..taps];
            for ky in 0..h.kernel {
                let rows = h.reads(ky);
                for kx in 0..wd.kernel {
                    let cols = wd.reads(kx);
                    let tap = kernel[ky * wd.kernel + kx];
                    for oy in rows.clone() {
                        // In 0..input by construction of `reads`.
                        let iy = (oy as i128 * h.stride as i128 + h.offset(ky)) as usize;
                        let row = &src[iy * wd.input..][..wd.input];
                        for ox in cols.clone() {
                            let ix = (ox as i128 * wd.stride as i128 + wd.offset(kx)) as usize;
                            let a = &mut acc[oy * wd.output + ox];
                            *a = *a + row[ix] * tap;
                        }
                    }
                }
            }
        }
        for (d, &a) in dst.iter_mut().zip(&acc) {
            *d = match bias {
                Some(b) => a + b[oc],
                None => a,
            };
        }
    }
}

/// Transposed convolution, weight `[C, OC / groups, KH, KW]`. Slices are in bounds as in
/// [`regular_in`]; `scatters` keeps targets inside the output.
fn transposed_in<T: RoundedFloat>(g: &Geometry, x: &[T], w: &[T], bias: Option<&[T]>, y: &mut [T]) {
    let (h, wd) = (g.h, g.w);
    let (in_plane, out_plane, taps) = (g.in_plane(), g.out_plane(), h.kernel * wd.kernel);
    let (in_c, out_c) = (g.groups * g.c_g, g.groups * g.oc_g);
    if out_plane == 0 || out_c == 0 {
        return;
    }
    for (p, dst) in y.chunks_exact_mut(out_plane).enumerate() {
        let (n, oc) = (p / out_c, p % out_c);
        let (group, ocl) = (oc / g.oc_g, oc % g.oc_g);
        dst.fill(bias.map_or(T::zero(), |b| b[oc]));
        for iy in 0..h.input {
            for ix in 0..wd.input {
                for icl in 0..g.c_g {
                    let ic = group * g.c_g + icl;
                    let v = x[(n * in_c + ic) * in_plane + iy * wd.input + ix];
                    let kernel = &w[(ic * g.oc_g + ocl) * taps..][..taps];
                    for ky in 0..h.kernel {
                        if !h.scatters(ky).contains(&iy) {
                            continue;
                        }
                        let oy = (iy as i128 * h.stride as i128 + h.offset(ky)) as usize;
                        for kx in 0..wd.kernel {
                            if !wd.scatters(kx).contains(&ix) {
                                continue;
                            }
                            let ox = (ix as i128 * wd.stride as i128 + wd.offset(kx)) as usize;
                            let d = &mut dst[oy * wd.output + ox];
                            *d = *d + v * kernel[ky * wd.kernel + kx];
                        }
                    }
                }
            }
        }
    }
}
