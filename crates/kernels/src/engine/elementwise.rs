//! The element-wise engine: `out = f(a, b)` with broadcasting and `out = f(a)`, operands
//! loaded into a compute type and results stored into the output's type. A native fast
//! path reads and writes in place when the storage types match; a generic path goes
//! through compute-type copies. Both compute the same values.

use crate::arch::simd;
use crate::dtype::Compute;
use crate::error::Result;
use crate::tensor::{TensorMut, TensorRef};
use crate::util::{
    broadcast_shapes, for_each_broadcast, for_each_broadcast_row, read_vec, write_vec,
};

/// `out = f(a, b)` with broadcasting, operands loaded as `T`, the result converted to the
/// output's type.
///
/// When both operands are stored as `T` and the output as `R` (f32 throughout, say), the
/// elements are read and written in place, a row of the broadcast at a time
/// ([`for_each_broadcast_row`]); otherwise through [`binary_generic`]. Both compute
/// `f(a[i], b[j])` for the same pairs, so the results are identical.
pub(crate) fn binary<T: Compute, R: Compute>(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T, T) -> R,
) -> Result<()> {
    let shape = broadcast_shapes(op, a.sizes, b.sizes)?;
    let native = (T::native(a.dtype, a.data), T::native(b.dtype, b.data));
    if let (Some(av), Some(bv)) = native {
        if av.len() == a.numel() && bv.len() == b.numel() && R::NATIVE == out.dtype {
            out.resize(&shape)?;
            let n = out.numel();
            if let Some(ov) = R::native_mut(out.dtype, out.bytes_mut()) {
                if ov.len() == n && binary_rows(&shape, a.sizes, b.sizes, av, bv, ov, &mut f) {
                    return Ok(());
                }
            }
        }
    }
    binary_generic(op, a, b, out, f)
}

/// The fast path of [`binary`]: `f` over broadcast rows of slices holding exactly their
/// tensors' elements. Returns `false` if the shapes were not handled (nothing written, or
/// everything rewritten by the caller's fallback).
fn binary_rows<T: Copy, R: Copy>(
    shape: &[usize],
    a_sizes: &[usize],
    b_sizes: &[usize],
    av: &[T],
    bv: &[T],
    ov: &mut [R],
    f: &mut impl FnMut(T, T) -> R,
) -> bool {
    let mut ok = true;
    let handled = for_each_broadcast_row(shape, [a_sizes, b_sizes], |o, [i, j], adv, len| {
        let Some(dst) = ov.get_mut(o..o + len) else {
            ok = false;
            return;
        };
        let xs = av.get(i..i + if adv[0] { len } else { 1 });
        let ys = bv.get(j..j + if adv[1] { len } else { 1 });
        let (Some(xs), Some(ys)) = (xs, ys) else {
            ok = false;
            return;
        };
        simd::map_binary(dst, operand(xs, adv[0]), operand(ys, adv[1]), f);
    });
    handled && ok
}

/// A run that advances along the row, or its first element repeated.
fn operand<T: Copy>(run: &[T], advances: bool) -> simd::Operand<'_, T> {
    if advances {
        simd::Operand::Run(run)
    } else {
        simd::Operand::Splat(run[0])
    }
}

/// [`binary`] through compute-type copies of the operands and of the result: any element
/// types.
pub(crate) fn binary_generic<T: Compute, R: Compute>(
    op: &'static str,
    a: &TensorRef<'_>,
    b: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T, T) -> R,
) -> Result<()> {
    let shape = broadcast_shapes(op, a.sizes, b.sizes)?;
    out.resize(&shape)?;
    let av = read_vec::<T>(op, a)?;
    let bv = read_vec::<T>(op, b)?;
    let mut vals = Vec::with_capacity(out.numel());
    for_each_broadcast(&shape, [a.sizes, b.sizes], |[i, j]| vals.push(f(av[i], bv[j])));
    write_vec(op, out, &vals)
}

/// `out = f(a)` elementwise, operand loaded as `T`. When the input is stored as `T` and the
/// output as `R`, reads and writes in place; otherwise through [`unary_generic`].
pub(crate) fn unary<T: Compute, R: Compute>(
    op: &'static str,
    a: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    mut f: impl FnMut(T) -> R,
) -> Result<()> {
    if let Some(av) = T::native(a.dtype, a.data) {
        if av.len() == a.numel() && R::NATIVE == out.dtype {
            out.resize(a.sizes)?;
            let n = out.numel();
            if let Some(ov) = R::native_mut(out.dtype, out.bytes_mut()) {
                if ov.len() == n && n == av.len() {
                    simd::map_unary(ov, av, &mut f);
                    return Ok(());
                }
            }
        }
    }
    unary_generic(op, a, out, f)
}

/// [`unary`] through compute-type copies: any element types.
pub(crate) fn unary_generic<T: Compute, R: Compute>(
    op: &'static str,
    a: &TensorRef<'_>,
    out: &mut TensorMut<'_>,
    f: impl FnMut(T) -> R,
) -> Result<()> {
    out.resize(a.sizes)?;
    let av = read_vec::<T>(op, a)?;
    let vals: Vec<R> = av.into_iter().map(f).collect();
    write_vec(op, out, &vals)
}

#[cfg(test)]
mod tests {
    use pterun_core::{ScalarType, ShapeDynamism};

    use super::{binary, binary_generic, unary, unary_generic};
    use crate::tensor::{Shape, TensorMut, TensorRef};

    /// A small deterministic generator (no dependencies).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
        fn value(&mut self) -> f32 {
            (self.next() % 2001) as f32 / 100.0 - 10.0
        }
    }

    /// `out` with some of its dimensions set to 1 and some leading ones dropped.
    fn broadcast_from(rng: &mut Lcg, out: &[usize]) -> Vec<usize> {
        let drop =
            rng.below(out.len() as u64 + 1).min(if rng.below(3) == 0 { out.len() } else { 0 });
        out[drop..].iter().map(|&d| if rng.below(3) == 0 { 1 } else { d }).collect()
    }

    fn run_binary(
        fast: bool,
        a: (&[usize], &[f32]),
        b: (&[usize], &[f32]),
        n: usize,
    ) -> (Vec<usize>, Vec<f32>) {
        let rank = a.0.len().max(b.0.len());
        let mut shape = Shape::new(vec![n.max(1); rank], ShapeDynamism::DynamicBound);
        let mut data = vec![0.0f32; n.max(1).pow(rank as u32).max(1)];
        let mut out =
            TensorMut::new(ScalarType::Float, &mut shape, bytemuck::cast_slice_mut(&mut data));
        let ta =
            TensorRef { dtype: ScalarType::Float, sizes: a.0, data: bytemuck::cast_slice(a.1) };
        let tb =
            TensorRef { dtype: ScalarType::Float, sizes: b.0, data: bytemuck::cast_slice(b.1) };
        let f = |x: f32, y: f32| x * y - x / (y.abs() + 1.0);
        let r = if fast {
            binary("test", &ta, &tb, &mut out, f)
        } else {
            binary_generic("test", &ta, &tb, &mut out, f)
        };
        r.unwrap_or_else(|e| panic!("{e}"));
        let sizes = out.sizes().to_vec();
        let len = out.numel();
        (sizes, data[..len].to_vec())
    }

    #[test]
    fn fast_binary_matches_generic_on_random_broadcasts() {
        let mut rng = Lcg(7);
        for _ in 0..500 {
            let rank = rng.below(5);
            let out: Vec<usize> = (0..rank).map(|_| 1 + rng.below(5)).collect();
            let (sa, sb) = (broadcast_from(&mut rng, &out), broadcast_from(&mut rng, &out));
            let va: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
            let vb: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
            let fast = run_binary(true, (&sa, &va), (&sb, &vb), 5);
            let slow = run_binary(false, (&sa, &va), (&sb, &vb), 5);
            assert_eq!(fast, slow, "{sa:?} op {sb:?}");
        }
    }

    #[test]
    fn fast_binary_handles_channel_and_last_dim_broadcasts() {
        let mut rng = Lcg(11);
        for (sa, sb) in [
            (vec![2, 3, 4, 5], vec![2, 3, 1, 1]),
            (vec![1, 3, 4, 5], vec![3, 1, 1]),
            (vec![2, 3, 7], vec![7]),
            (vec![1, 1, 1, 1], vec![1]),
            (vec![3, 1, 5], vec![1, 4, 1]),
            (vec![], vec![3, 2]),
        ] {
            let va: Vec<f32> = (0..sa.iter().product::<usize>()).map(|_| rng.value()).collect();
            let vb: Vec<f32> = (0..sb.iter().product::<usize>()).map(|_| rng.value()).collect();
            let fast = run_binary(true, (&sa, &va), (&sb, &vb), 7);
            let slow = run_binary(false, (&sa, &va), (&sb, &vb), 7);
            assert_eq!(fast, slow, "{sa:?} op {sb:?}");
            let fast = run_binary(true, (&sb, &vb), (&sa, &va), 7);
            let slow = run_binary(false, (&sb, &vb), (&sa, &va), 7);
            assert_eq!(fast, slow, "{sb:?} op {sa:?}");
        }
    }

    #[test]
    fn fast_unary_matches_generic() {
        let mut rng = Lcg(3);
        let sizes = [3usize, 5, 7];
        let v: Vec<f32> = (0..105).map(|_| rng.value()).collect();
        let ta =
            TensorRef { dtype: ScalarType::Float, sizes: &sizes, data: bytemuck::cast_slice(&v) };
        let results: Vec<Vec<f32>> = [true, false]
            .into_iter()
            .map(|fast| {
                let mut shape = Shape::new(sizes.to_vec(), ShapeDynamism::Static);
                let mut data = vec![0.0f32; 105];
                let mut out = TensorMut::new(
                    ScalarType::Float,
                    &mut shape,
                    bytemuck::cast_slice_mut(&mut data),
                );
                let f = |x: f32| (x + 3.0).clamp(0.0, 6.0) * x / 6.0;
                let r = if fast {
                    unary("test", &ta, &mut out, f)
                } else {
                    unary_generic("test", &ta, &mut out, f)
                };
                r.unwrap_or_else(|e| panic!("{e}"));
                data
            })
            .collect();
        assert_eq!(results[0], results[1]);
    }
}
