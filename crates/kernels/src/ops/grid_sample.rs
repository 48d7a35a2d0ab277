//! Kernel: `grid_sampler_2d` (`F.grid_sample` on 4-D inputs: spatial transformers,
//! deformable sampling), with bilinear, nearest and bicubic interpolation and zeros, border
//! and reflection padding.
//!
//! The arithmetic follows the portable kernel's types: bilinear accumulates in float for
//! half and bfloat16 (double for double); nearest and bicubic compute in the element type
//! itself, so half inputs round after every operation as `c10::Half` arithmetic does. NaN
//! coordinates clip the way `std::min`/`std::max` order them. Integer inputs, which the
//! portable kernel also accepts, are refused: eager PyTorch has no integer grid sampling.

use pterun_core::ScalarType;

use crate::args::KernelCall;
use crate::dtype::{Element, RoundedFloat};
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{checked_numel, one_out};

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[(OP, grid_sampler_2d)];

const OP: &str = "aten::grid_sampler_2d.out";

/// `std::max(a, b)`: `a` unless `a < b`.
fn cmax<T: PartialOrd>(a: T, b: T) -> T {
    if a < b {
        b
    } else {
        a
    }
}

/// `std::min(a, b)`: `a` unless `b < a`.
fn cmin<T: PartialOrd>(a: T, b: T) -> T {
    if b < a {
        b
    } else {
        a
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Padding {
    Zeros,
    Border,
    Reflection,
}

fn unnormalize<T: RoundedFloat>(coord: T, size: i64, align_corners: bool) -> T {
    let one = T::from_f64(1.0);
    let two = T::from_f64(2.0);
    if align_corners {
        ((coord + one) / two) * T::from_i64(size - 1)
    } else {
        ((coord + one) * T::from_i64(size) - one) / two
    }
}

fn clip<T: RoundedFloat>(v: T, limit: i64) -> T {
    cmin(T::from_i64(limit - 1), cmax(v, T::from_f64(0.0)))
}

fn clip_index(v: i64, limit: i64) -> i64 {
    cmin(limit - 1, cmax(v, 0))
}

fn reflect<T: RoundedFloat>(v: T, twice_low: i64, twice_high: i64) -> T {
    if twice_low == twice_high {
        return T::from_f64(0.0);
    }
    let two = T::from_f64(2.0);
    let min = T::from_i64(twice_low) / two;
    let span = T::from_i64(twice_high - twice_low) / two;
    let v = (v - min).fabs();
    let extra = v.fmod(span);
    let flips = (v / span).floor().to_f64() as i32;
    if flips % 2 == 0 {
        extra + min
    } else {
        span - extra + min
    }
}

fn source_index<T: RoundedFloat>(coord: T, size: i64, padding: Padding, align_corners: bool) -> T {
    let coord = unnormalize(coord, size, align_corners);
    match padding {
        Padding::Zeros => coord,
        Padding::Border => clip(coord, size),
        Padding::Reflection => {
            let r = if align_corners {
                reflect(coord, 0, 2 * (size - 1))
            } else {
                reflect(coord, -1, 2 * size - 1)
            };
            clip(r, size)
        }
    }
}

fn cubic1<T: RoundedFloat>(x: T, a: T) -> T {
    let f = T::from_f64;
    ((a + f(2.0)) * x - (a + f(3.0))) * x * x + f(1.0)
}

fn cubic2<T: RoundedFloat>(x: T, a: T) -> T {
    let f = T::from_f64;
    ((a * x - f(5.0) * a) * x + f(8.0) * a) * x - f(4.0) * a
}

fn cubic_interp<T: RoundedFloat>(p: [T; 4], t: T) -> T {
    let one = T::from_f64(1.0);
    let a = T::from_f64(-0.75);
    let c = [cubic2(t + one, a), cubic1(t, a), cubic1(one - t, a), cubic2((one - t) + one, a)];
    p[0] * c[0] + p[1] * c[1] + p[2] * c[2] + p[3] * c[3]
}

/// One input plane: `h x w` values.
struct Plane<'a, C> {
    data: &'a [C],
    h: i64,
    w: i64,
}

impl<C: Copy> Plane<'_, C> {
    fn inside(&self, y: i64, x: i64) -> bool {
        y >= 0 && y < self.h && x >= 0 && x < self.w
    }

    /// The value at `(y, x)`, which the caller made in-bounds; an error (never a panic) if
    /// it is not.
    fn at(&self, y: i64, x: i64) -> Result<C> {
        let outside = || Error::InvalidArgument {
            op: OP,
            detail: format!("sample ({y}, {x}) outside a {}x{} input", self.h, self.w),
        };
        if !self.inside(y, x) {
            return Err(outside());
        }
        self.data.get((y * self.w + x) as usize).copied().ok_or_else(outside)
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Bilinear,
    Nearest,
    Bicubic,
}

struct Setup {
    mode: Mode,
    padding: Padding,
    align_corners: bool,
    n: usize,
    c: usize,
    in_h: usize,
    in_w: usize,
    out_h: usize,
    out_w: usize,
}

/// Samples every output element; `C` is the element type, `A` bilinear's accumulator.
fn sample<C: RoundedFloat + Element, A: RoundedFloat>(
    s: &Setup,
    input: &TensorRef<'_>,
    grid: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let x = input.as_slice::<C>(OP)?;
    let g = grid.as_slice::<C>(OP)?;
    let y = out.as_mut_slice::<C>(OP)?;
    let plane = s.in_h * s.in_w;
    let points = s.out_h * s.out_w;
    let (ih, iw) = (s.in_h as i64, s.in_w as i64);
    for b in 0..s.n {
        let gb = g.get(b * points * 2..(b + 1) * points * 2).ok_or_else(short)?;
        for ch in 0..s.c {
            let base = (b * s.c + ch) * plane;
            let p = Plane { data: x.get(base..base + plane).ok_or_else(short)?, h: ih, w: iw };
            let dst = y.get_mut((b * s.c + ch) * points..(b * s.c + ch + 1) * points);
            let dst = dst.ok_or_else(short)?;
            for (k, d) in dst.iter_mut().enumerate() {
                let (gx, gy) = (gb[2 * k], gb[2 * k + 1]);
                *d = match s.mode {
                    Mode::Bilinear => bilinear::<C, A>(s, &p, gx, gy)?,
                    Mode::Nearest => nearest(s, &p, gx, gy)?,
                    Mode::Bicubic => bicubic(s, &p, gx, gy)?,
                };
            }
        }
    }
    Ok(())
}

fn short() -> Error {
    Error::InvalidArgument { op: OP, detail: "tensor data shorter than its sizes".into() }
}

fn bilinear<C: RoundedFloat, A: RoundedFloat>(
    s: &Setup,
    p: &Plane<'_, C>,
    gx: C,
    gy: C,
) -> Result<C> {
    let ix = source_index(A::from_f64(gx.to_f64()), p.w, s.padding, s.align_corners);
    let iy = source_index(A::from_f64(gy.to_f64()), p.h, s.padding, s.align_corners);
    let (x0, y0) = (ix.floor().to_index(), iy.floor().to_index());
    let (x1, y1) = (x0.saturating_add(1), y0.saturating_add(1));
    let fi = A::from_i64;
    // North-west, north-east, south-west, south-east corners and their weights.
    let corners = [
        (y0, x0, (fi(x1) - ix) * (fi(y1) - iy)),
        (y0, x1, (ix - fi(x0)) * (fi(y1) - iy)),
        (y1, x0, (fi(x1) - ix) * (iy - fi(y0))),
        (y1, x1, (ix - fi(x0)) * (iy - fi(y0))),
    ];
    let mut acc = A::from_f64(0.0);
    for (y, x, w) in corners {
        let v = if s.padding == Padding::Zeros {
            if !p.inside(y, x) {
                continue;
            }
            p.at(y, x)?
        } else {
            p.at(clip_index(y, p.h), clip_index(x, p.w))?
        };
        acc = acc + A::from_f64(v.to_f64()) * w;
    }
    Ok(C::from_f64(acc.to_f64()))
}

fn nearest<C: RoundedFloat>(s: &Setup, p: &Plane<'_, C>, gx: C, gy: C) -> Result<C> {
    let ix = source_index(gx, p.w, s.padding, s.align_corners);
    let iy = source_index(gy, p.h, s.padding, s.align_corners);
    let x = ix.to_f64().round_ties_even() as i64;
    let y = iy.to_f64().round_ties_even() as i64;
    if s.padding == Padding::Zeros {
        if p.inside(y, x) {
            p.at(y, x)
        } else {
            Ok(C::from_f64(0.0))
        }
    } else {
        p.at(clip_index(y, p.h), clip_index(x, p.w))
    }
}

fn bicubic<C: RoundedFloat>(s: &Setup, p: &Plane<'_, C>, gx: C, gy: C) -> Result<C> {
    let ix = unnormalize(gx, p.w, s.align_corners);
    let iy = unnormalize(gy, p.h, s.align_corners);
    let (x0, y0) = (ix.floor().to_index(), iy.floor().to_index());
    let (tx, ty) = (ix - C::from_i64(x0), iy - C::from_i64(y0));
    let value = |y: i64, x: i64| -> Result<C> {
        match s.padding {
            Padding::Zeros => {
                if p.inside(y, x) {
                    p.at(y, x)
                } else {
                    Ok(C::from_f64(0.0))
                }
            }
            Padding::Border => p.at(cmax(0, cmin(y, p.h - 1)), cmax(0, cmin(x, p.w - 1))),
            Padding::Reflection => {
                let (ry, rx) = if s.align_corners {
                    (
                        reflect(C::from_i64(y), 0, 2 * (p.h - 1)),
                        reflect(C::from_i64(x), 0, 2 * (p.w - 1)),
                    )
                } else {
                    (
                        reflect(C::from_i64(y), -1, 2 * p.h - 1),
                        reflect(C::from_i64(x), -1, 2 * p.w - 1),
                    )
                };
                p.at(clip(ry, p.h).to_index(), clip(rx, p.w).to_index())
            }
        }
    };
    let mut rows = [C::from_f64(0.0); 4];
    for (r, row) in rows.iter_mut().enumerate() {
        let y = y0 - 1 + r as i64;
        let q = [value(y, x0 - 1)?, value(y, x0)?, value(y, x0 + 1)?, value(y, x0 + 2)?];
        *row = cubic_interp(q, tx);
    }
    Ok(cubic_interp(rows, ty))
}

/// `aten::grid_sampler_2d.out(Tensor input, Tensor grid, int interpolation_mode, int
/// padding_mode, bool align_corners, *, Tensor(a!) out)`: input `[N, C, H, W]`, grid
/// `[N, Ho, Wo, 2]` of `(x, y)` in `[-1, 1]`, output `[N, C, Ho, Wo]`.
fn grid_sampler_2d(call: &mut KernelCall<'_>) -> Result<()> {
    call.expect_args(6)?;
    let (mode, padding, align_corners) = (call.int(2)?, call.int(3)?, call.bool(4)?);
    let (inp, outs) = call.split();
    let (input, grid) = (inp.tensor(0)?, inp.tensor(1)?);
    let out = one_out(OP, outs)?;
    if input.dim() != 4 || grid.dim() != 4 || grid.sizes[3] != 2 || grid.sizes[0] != input.sizes[0]
    {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!(
                "input must be [N, C, H, W] and grid [N, H_out, W_out, 2], found {:?} and {:?}",
                input.sizes, grid.sizes
            ),
        });
    }
    if grid.dtype != input.dtype || out.dtype != input.dtype {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!(
                "input, grid and output types differ: {}, {}, {}",
                input.dtype, grid.dtype, out.dtype
            ),
        });
    }
    let mode = match mode {
        0 => Mode::Bilinear,
        1 => Mode::Nearest,
        2 => Mode::Bicubic,
        m => {
            return Err(Error::InvalidArgument {
                op: OP,
                detail: format!("interpolation mode {m}"),
            })
        }
    };
    let padding = match padding {
        0 => Padding::Zeros,
        1 => Padding::Border,
        2 => Padding::Reflection,
        m => return Err(Error::InvalidArgument { op: OP, detail: format!("padding mode {m}") }),
    };
    let s = Setup {
        mode,
        padding,
        align_corners,
        n: input.sizes[0],
        c: input.sizes[1],
        in_h: input.sizes[2],
        in_w: input.sizes[3],
        out_h: grid.sizes[1],
        out_w: grid.sizes[2],
    };
    let out_sizes = [s.n, s.c, s.out_h, s.out_w];
    checked_numel(OP, &out_sizes)?;
    checked_numel(OP, input.sizes)?;
    // Sizes above i64::MAX cannot address anything; every plane index below is in i64.
    if i64::try_from(s.in_h.saturating_mul(s.in_w)).is_err() {
        return Err(Error::InvalidArgument { op: OP, detail: "input plane too large".into() });
    }
    out.resize(&out_sizes)?;
    if s.padding != Padding::Zeros && (s.in_h == 0 || s.in_w == 0) && s.n * s.c > 0 {
        return Err(Error::InvalidArgument {
            op: OP,
            detail: format!("{:?} input: nothing to clamp samples to", input.sizes),
        });
    }
    match input.dtype {
        ScalarType::Float => sample::<f32, f32>(&s, &input, &grid, out),
        ScalarType::Double => sample::<f64, f64>(&s, &input, &grid, out),
        ScalarType::Half => sample::<half::f16, f32>(&s, &input, &grid, out),
        ScalarType::BFloat16 => sample::<half::bf16, f32>(&s, &input, &grid, out),
        dtype => Err(Error::UnsupportedDtype { op: OP, dtype }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflection_folds_back_into_range() {
        // align_corners=False on size 4: the valid span is [-0.5, 3.5].
        assert_eq!(reflect(4.0f32, -1, 7), 3.0);
        assert_eq!(reflect(-1.5f32, -1, 7), 0.5);
        assert_eq!(reflect(2.0f32, 0, 0), 0.0);
    }

    #[test]
    fn nan_coordinates_clip_like_std_min_max() {
        assert_eq!(clip(f32::NAN, 5), 4.0);
    }

    #[test]
    fn cubic_weights_sum_to_one() {
        let w = cubic_interp([1.0f64; 4], 0.3);
        assert!((w - 1.0).abs() < 1e-12, "{w}");
    }
}
