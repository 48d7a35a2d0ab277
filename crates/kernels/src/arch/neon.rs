//! NEON versions of the element loops of [`super::simd`], written with `core::arch`
//! intrinsics for aarch64 (every phone pterun targets).
//!
//! NEON is part of the aarch64 baseline, so these run on every aarch64 CPU and need no
//! run-time check: the module is compiled only when the target has it, and `simd` calls
//! these functions first. Each returns whether it handled the call; the rare cases it leaves
//! (unusual strides, a clamp with a NaN bound) go to the portable code.
//!
//! Each function computes exactly what its portable twin in `simd` computes: the same
//! operations in the same order per element (a multiply then an add, never a fused
//! multiply-add; compares and selects where the portable code branches, so NaN and -0.0
//! behave alike). Results are therefore bit-identical to the portable code, and to x86-64;
//! the differential tests at the end compare the two on data with NaN, infinities and signed
//! zeros, at lengths and strides that reach every tail.
//!
//! Every load and store goes through [`load`], [`store`] and [`load_evens`], which take
//! fixed-size arrays: the type proves the pointer reads or writes only its own elements, and
//! slices are cut into such arrays by [`arrays`] and [`arrays_mut`], so no index here can
//! leave its slice.

use core::arch::aarch64::{
    float32x4_t, vaddq_f32, vbslq_f32, vcgtq_f32, vcltq_f32, vdivq_f32, vdupq_n_f32, vld1q_f32,
    vld2q_f32, vmulq_f32, vmulq_n_f32, vst1q_f32, vsubq_f32,
};

use super::simd::{self, chain_steps, Operand, PointStep};

/// Four lanes from four floats.
#[inline]
#[target_feature(enable = "neon")]
fn load(v: &[f32; 4]) -> float32x4_t {
    // SAFETY: `v` is four readable, initialised f32 values; `vld1q_f32` reads exactly four
    // and needs no alignment beyond f32's. NEON is enabled (this module's cfg).
    unsafe { vld1q_f32(v.as_ptr()) }
}

/// Four floats from four lanes.
#[inline]
#[target_feature(enable = "neon")]
fn store(to: &mut [f32; 4], v: float32x4_t) {
    // SAFETY: `to` is four writable f32 values, exclusively borrowed; `vst1q_f32` writes
    // exactly four.
    unsafe { vst1q_f32(to.as_mut_ptr(), v) }
}

/// The even-indexed elements of eight floats (`v[0], v[2], v[4], v[6]`).
#[inline]
#[target_feature(enable = "neon")]
fn load_evens(v: &[f32; 8]) -> float32x4_t {
    // SAFETY: `v` is eight readable f32 values; `vld2q_f32` reads exactly eight and
    // de-interleaves them into two vectors.
    unsafe { vld2q_f32(v.as_ptr()) }.0
}

/// The whole `N`-element arrays at the start of `s`, and the elements left after them.
#[inline(always)]
fn arrays<const N: usize>(s: &[f32]) -> (impl Iterator<Item = &[f32; N]> + '_, &[f32]) {
    const { assert!(N > 0) };
    let (whole, rest) = s.split_at(s.len() - s.len() % N);
    // Every chunk has exactly N elements, so the conversion never fails (and compiles away).
    (whole.chunks_exact(N).filter_map(|c| c.try_into().ok()), rest)
}

/// [`arrays`] for writing.
#[inline(always)]
fn arrays_mut<const N: usize>(
    s: &mut [f32],
) -> (impl Iterator<Item = &mut [f32; N]> + '_, &mut [f32]) {
    const { assert!(N > 0) };
    let whole = s.len() - s.len() % N;
    let (whole, rest) = s.split_at_mut(whole);
    (whole.chunks_exact_mut(N).filter_map(|c| c.try_into().ok()), rest)
}

/// `if x < lo { lo } else { x }` per lane: a NaN `x` passes through, -0.0 stays.
#[inline]
#[target_feature(enable = "neon")]
fn raise_to(x: float32x4_t, lo: float32x4_t) -> float32x4_t {
    vbslq_f32(vcltq_f32(x, lo), lo, x)
}

/// `if hi < x { hi } else { x }` per lane: a NaN `x` passes through.
#[inline]
#[target_feature(enable = "neon")]
fn lower_to(x: float32x4_t, hi: float32x4_t) -> float32x4_t {
    vbslq_f32(vcltq_f32(hi, x), hi, x)
}

/// `if v > d { v } else { d }` per lane: a NaN never replaces, a NaN `d` stays.
#[inline]
#[target_feature(enable = "neon")]
fn keep_greater(d: float32x4_t, v: float32x4_t) -> float32x4_t {
    vbslq_f32(vcgtq_f32(v, d), v, d)
}

/// Elements of the grid kept in registers by [`sum_taps`] (eight vectors).
const BLOCK: usize = simd::SUM_TAPS_BLOCK;

/// [`simd::sum_taps`]: `acc = 0`, then `acc[i] += runs[start + i] * weight` for each tap
/// whose run fits in `runs`.
#[target_feature(enable = "neon")]
pub(crate) fn sum_taps(acc: &mut [f32], runs: &[f32], starts: &[usize], weights: &[f32]) -> bool {
    let len = acc.len();
    let fits = |start: usize| start.checked_add(len).is_some_and(|end| end <= runs.len());
    let (blocks, tail) = arrays_mut::<BLOCK>(acc);
    for (b, block) in blocks.enumerate() {
        let base = b * BLOCK;
        let mut sum = [vdupq_n_f32(0.0); BLOCK / 4];
        for (&start, &w) in starts.iter().zip(weights) {
            if !fits(start) {
                continue;
            }
            // No overflow: `start + base + BLOCK <= start + len`, which `fits` checked.
            let Some(run) = runs.get(start + base..start + base + BLOCK) else {
                continue;
            };
            for (s, q) in sum.iter_mut().zip(arrays::<4>(run).0) {
                *s = vaddq_f32(*s, vmulq_n_f32(load(q), w));
            }
        }
        for (out, s) in arrays_mut::<4>(block).0.zip(sum) {
            store(out, s);
        }
    }
    let whole = len - tail.len();
    tail.fill(0.0);
    for (&start, &w) in starts.iter().zip(weights) {
        if !fits(start) {
            continue;
        }
        let Some(run) = runs.get(start + whole..start + len) else {
            continue;
        };
        let (outs, out_rest) = arrays_mut::<4>(tail);
        let (quads, run_rest) = arrays::<4>(run);
        for (out, q) in outs.zip(quads) {
            store(out, vaddq_f32(load(out), vmulq_n_f32(load(q), w)));
        }
        for (a, &v) in out_rest.iter_mut().zip(run_rest) {
            *a += v * w;
        }
    }
    true
}

/// Applies `vector` to whole groups of four of `plane` and `scalar` to the rest, in place.
#[inline]
#[target_feature(enable = "neon")]
fn map_in_place(
    plane: &mut [f32],
    vector: impl Fn(float32x4_t) -> float32x4_t,
    scalar: impl Fn(f32) -> f32,
) {
    let (quads, rest) = arrays_mut::<4>(plane);
    for q in quads {
        store(q, vector(load(q)));
    }
    for v in rest {
        *v = scalar(*v);
    }
}

/// [`simd::add_scalar`]: `dst[i] = src[i] + bias` over the common length.
#[target_feature(enable = "neon")]
pub(crate) fn add_scalar(dst: &mut [f32], src: &[f32], bias: f32) -> bool {
    let n = dst.len().min(src.len());
    let (outs, out_rest) = arrays_mut::<4>(&mut dst[..n]);
    let (ins, in_rest) = arrays::<4>(&src[..n]);
    let b = vdupq_n_f32(bias);
    for (o, i) in outs.zip(ins) {
        store(o, vaddq_f32(load(i), b));
    }
    for (o, &i) in out_rest.iter_mut().zip(in_rest) {
        *o = i + bias;
    }
    true
}

/// [`simd::bias_norm_clamp`]: bias, then inference batch norm, then clamp, per element in
/// place, in the order of the separate kernels.
#[target_feature(enable = "neon")]
pub(crate) fn bias_norm_clamp(
    plane: &mut [f32],
    bias: Option<f32>,
    norm: Option<[f32; 4]>,
    lo: f32,
    hi: f32,
) -> bool {
    let (vlo, vhi) = (vdupq_n_f32(lo), vdupq_n_f32(hi));
    let clamp = |x: f32| {
        let x = if x < lo { lo } else { x };
        if hi < x {
            hi
        } else {
            x
        }
    };
    let vclamp = |v: float32x4_t| lower_to(raise_to(v, vlo), vhi);
    match (bias, norm) {
        (Some(b), Some([mean, invstd, weight, shift])) => {
            let [vb, vm, vi, vw, vs] = [b, mean, invstd, weight, shift].map(|x| vdupq_n_f32(x));
            map_in_place(
                plane,
                |v| {
                    vclamp(vaddq_f32(
                        vmulq_f32(vmulq_f32(vsubq_f32(vaddq_f32(v, vb), vm), vi), vw),
                        vs,
                    ))
                },
                |v| clamp((v + b - mean) * invstd * weight + shift),
            )
        }
        (None, Some([mean, invstd, weight, shift])) => {
            let [vm, vi, vw, vs] = [mean, invstd, weight, shift].map(|x| vdupq_n_f32(x));
            map_in_place(
                plane,
                |v| vclamp(vaddq_f32(vmulq_f32(vmulq_f32(vsubq_f32(v, vm), vi), vw), vs)),
                |v| clamp((v - mean) * invstd * weight + shift),
            )
        }
        (Some(b), None) => {
            let vb = vdupq_n_f32(b);
            map_in_place(plane, |v| vclamp(vaddq_f32(v, vb)), |v| clamp(v + b))
        }
        (None, None) => map_in_place(plane, vclamp, clamp),
    }
    true
}

/// [`simd::max_strided`] for strides 1 and 2; other strides are left to the portable loop.
#[target_feature(enable = "neon")]
pub(crate) fn max_strided(d: &mut [f32], taps: &[f32], stride: usize, seed: bool) -> bool {
    let pick = |d: f32, v: f32| if seed || v > d { v } else { d };
    let merge = |d: float32x4_t, v: float32x4_t| if seed { v } else { keep_greater(d, v) };
    match stride {
        1 => {
            let n = d.len().min(taps.len());
            let (outs, out_rest) = arrays_mut::<4>(&mut d[..n]);
            let (ins, in_rest) = arrays::<4>(&taps[..n]);
            for (o, i) in outs.zip(ins) {
                store(o, merge(load(o), load(i)));
            }
            for (o, &v) in out_rest.iter_mut().zip(in_rest) {
                *o = pick(*o, v);
            }
        }
        2 => {
            let n = d.len().min(taps.len().div_ceil(2));
            let mut done = 0;
            // Four columns from each eight taps; columns whose taps run short go below.
            for (o, i) in arrays_mut::<4>(&mut d[..n]).0.zip(arrays::<8>(taps).0) {
                store(o, merge(load(o), load_evens(i)));
                done += 4;
            }
            for (c, o) in d[..n].iter_mut().enumerate().skip(done) {
                if let Some(&v) = taps.get(c * 2) {
                    *o = pick(*o, v);
                }
            }
        }
        _ => return false,
    }
    true
}

/// [`simd::gather_strided`] for stride 2 (`dst[j] = src[2 j]` for each `j` whose source
/// exists); other strides are left to the portable code (stride 1 is a plain copy there).
#[target_feature(enable = "neon")]
pub(crate) fn gather_strided(dst: &mut [f32], src: &[f32], stride: usize) -> bool {
    if stride != 2 {
        return false;
    }
    let n = dst.len().min(src.len().div_ceil(2));
    let mut done = 0;
    for (o, i) in arrays_mut::<4>(&mut dst[..n]).0.zip(arrays::<8>(src).0) {
        store(o, load_evens(i));
        done += 4;
    }
    for (j, o) in dst[..n].iter_mut().enumerate().skip(done) {
        if let Some(&v) = src.get(j * 2) {
            *o = v;
        }
    }
    true
}

/// [`simd::add_row_dots`]: `dst[i] += dot(row i, x)`, each dot summed in 32 lanes (lane `l`
/// takes the elements `l, l + 32, ...`), the lanes then added in order, then the tail's
/// sequential sum: the portable order exactly.
#[target_feature(enable = "neon")]
pub(crate) fn add_row_dots(dst: &mut [f32], rows: &[f32], x: &[f32]) -> bool {
    const LANES: usize = 32;
    let k = x.len();
    if k == 0 {
        return true;
    }
    for (d, row) in dst.iter_mut().zip(rows.chunks_exact(k)) {
        let (row_blocks, row_rest) = arrays::<LANES>(row);
        let (x_blocks, x_rest) = arrays::<LANES>(x);
        let mut acc = [vdupq_n_f32(0.0); LANES / 4];
        for (r, xs) in row_blocks.zip(x_blocks) {
            for ((a, r), x) in acc.iter_mut().zip(arrays::<4>(r).0).zip(arrays::<4>(xs).0) {
                *a = vaddq_f32(*a, vmulq_f32(load(r), load(x)));
            }
        }
        let mut lanes = [0f32; LANES];
        for (l, a) in arrays_mut::<4>(&mut lanes).0.zip(acc) {
            store(l, a);
        }
        let mut tail = 0f32;
        for (&a, &b) in row_rest.iter().zip(x_rest) {
            tail += a * b;
        }
        *d += lanes.iter().sum::<f32>() + tail;
    }
    true
}

/// `to[i] = f(from[i], o[i])`, `o` the operand's elements from position `start`; a run too
/// short for `to` leaves `to` alone, as the portable step does.
#[inline]
#[target_feature(enable = "neon")]
fn point_binary(
    from: &[f32],
    to: &mut [f32],
    other: Operand<'_, f32>,
    start: usize,
    vector: impl Fn(float32x4_t, float32x4_t) -> float32x4_t,
    scalar: impl Fn(f32, f32) -> f32,
) {
    let n = to.len().min(from.len());
    let other = match other {
        Operand::Run(run) => {
            match start.checked_add(to.len()).and_then(|end| run.get(start..end)) {
                Some(run) => Operand::Run(&run[..n]),
                None => return,
            }
        }
        splat => splat,
    };
    let (outs, out_rest) = arrays_mut::<4>(&mut to[..n]);
    let (ins, in_rest) = arrays::<4>(&from[..n]);
    match other {
        Operand::Run(run) => {
            let (os, o_rest) = arrays::<4>(run);
            for ((t, c), o) in outs.zip(ins).zip(os) {
                store(t, vector(load(c), load(o)));
            }
            for ((t, &c), &o) in out_rest.iter_mut().zip(in_rest).zip(o_rest) {
                *t = scalar(c, o);
            }
        }
        Operand::Splat(o) => {
            let vo = vdupq_n_f32(o);
            for (t, c) in outs.zip(ins) {
                store(t, vector(load(c), vo));
            }
            for (t, &c) in out_rest.iter_mut().zip(in_rest) {
                *t = scalar(c, o);
            }
        }
    }
}

/// `to[i] = f(from[i])` over the common length.
#[inline]
#[target_feature(enable = "neon")]
fn point_unary(
    from: &[f32],
    to: &mut [f32],
    vector: impl Fn(float32x4_t) -> float32x4_t,
    scalar: impl Fn(f32) -> f32,
) {
    let n = to.len().min(from.len());
    let (outs, out_rest) = arrays_mut::<4>(&mut to[..n]);
    let (ins, in_rest) = arrays::<4>(&from[..n]);
    for (t, c) in outs.zip(ins) {
        store(t, vector(load(c)));
    }
    for (t, &c) in out_rest.iter_mut().zip(in_rest) {
        *t = scalar(c);
    }
}

/// One step of a fused element-wise chain from `from` into `to` (see `simd::point_step`);
/// `false` when the step is one the portable code must do (a clamp with a NaN bound).
#[target_feature(enable = "neon")]
fn point_step(step: &PointStep<'_>, from: &[f32], to: &mut [f32], start: usize) -> bool {
    match *step {
        PointStep::Add { other, alpha, reversed: false } => {
            let va = vdupq_n_f32(alpha);
            let vector = |c, o| vaddq_f32(c, vmulq_f32(va, o));
            point_binary(from, to, other, start, vector, |c, o| c + alpha * o)
        }
        PointStep::Add { other, alpha, reversed: true } => {
            let va = vdupq_n_f32(alpha);
            let vector = |c, o| vaddq_f32(o, vmulq_f32(va, c));
            point_binary(from, to, other, start, vector, |c, o| o + alpha * c)
        }
        PointStep::Sub { other, alpha, reversed: false } => {
            let va = vdupq_n_f32(alpha);
            let vector = |c, o| vsubq_f32(c, vmulq_f32(va, o));
            point_binary(from, to, other, start, vector, |c, o| c - alpha * o)
        }
        PointStep::Sub { other, alpha, reversed: true } => {
            let va = vdupq_n_f32(alpha);
            let vector = |c, o| vsubq_f32(o, vmulq_f32(va, c));
            point_binary(from, to, other, start, vector, |c, o| o - alpha * c)
        }
        PointStep::Mul { other, reversed: false } => {
            point_binary(from, to, other, start, |c, o| vmulq_f32(c, o), |c, o| c * o)
        }
        PointStep::Mul { other, reversed: true } => {
            point_binary(from, to, other, start, |c, o| vmulq_f32(o, c), |c, o| o * c)
        }
        PointStep::Div { other, reversed: false } => {
            point_binary(from, to, other, start, |c, o| vdivq_f32(c, o), |c, o| c / o)
        }
        PointStep::Div { other, reversed: true } => {
            point_binary(from, to, other, start, |c, o| vdivq_f32(o, c), |c, o| o / c)
        }
        PointStep::Clamp { lo: Some(lo), hi: Some(hi) } if !lo.is_nan() && !hi.is_nan() => {
            let (vlo, vhi) = (vdupq_n_f32(lo), vdupq_n_f32(hi));
            let scalar = |c: f32| {
                let v = if c < lo { lo } else { c };
                if hi < v {
                    hi
                } else {
                    v
                }
            };
            point_unary(from, to, |c| lower_to(raise_to(c, vlo), vhi), scalar)
        }
        PointStep::Clamp { lo: Some(lo), hi: None } if !lo.is_nan() => {
            let vlo = vdupq_n_f32(lo);
            point_unary(from, to, |c| raise_to(c, vlo), |c| if c < lo { lo } else { c })
        }
        PointStep::Clamp { lo: None, hi: Some(hi) } if !hi.is_nan() => {
            let vhi = vdupq_n_f32(hi);
            point_unary(from, to, |c| lower_to(c, vhi), |c| if hi < c { hi } else { c })
        }
        PointStep::Clamp { .. } => return false,
        // `c < 0` is false for NaN and -0.0, which pass through as in the portable step.
        PointStep::Relu => {
            let zero = vdupq_n_f32(0.0);
            let scalar = |c: f32| if c.is_nan() || c >= 0.0 { c } else { 0.0 };
            point_unary(from, to, |c| raise_to(c, zero), scalar)
        }
    }
    true
}

/// [`simd::point_steps`]: the chain's steps in the same order and buffers, each in NEON but
/// for the rare steps [`point_step`] leaves to the portable code.
#[target_feature(enable = "neon")]
pub(crate) fn point_steps(
    src: &[f32],
    dst: &mut [f32],
    scratch: &mut [f32],
    steps: &[PointStep<'_>],
    start: usize,
) -> bool {
    chain_steps(src, dst, scratch, steps, start, |step, from, to, start| {
        if !point_step(step, from, to, start) {
            simd::point_step(step, from, to, start);
        }
    });
    true
}

/// Differential tests: each NEON function against its portable twin in `simd`, on the same
/// inputs, at lengths that leave every possible tail, with NaN, infinities, signed zeros and
/// subnormals among the values. Results must match bit for bit (any NaN matches any NaN:
/// which payload survives an operation may differ between instruction sequences).
#[cfg(test)]
mod tests {
    use super::super::test_data::{assert_same, Rng};
    use super::*;

    /// Every test runs once on finite values (sums stay meaningful) and once with edges.
    const MODES: [bool; 2] = [false, true];

    #[test]
    fn sum_taps_matches_portable() {
        let mut rng = Rng(0x5eed_0001);
        for edges in MODES {
            for len in 0..=100 {
                let taps = rng.below(6);
                let runs = rng.values(len + 40, edges);
                // Some starts leave the run past the end of `runs`: those taps are skipped.
                let starts: Vec<usize> = (0..taps).map(|_| rng.below(48)).collect();
                let weights = rng.values(taps, edges);
                let init = rng.values(len, true);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: NEON is enabled (this module's cfg).
                assert!(unsafe { sum_taps(&mut got, &runs, &starts, &weights) });
                simd::sum_taps_portable(&mut want, &runs, &starts, &weights);
                assert_same(&got, &want, &format!("len {len}, starts {starts:?}"));
            }
        }
    }

    #[test]
    fn add_scalar_matches_portable() {
        let mut rng = Rng(0x5eed_0002);
        for edges in MODES {
            for len in 0..=40 {
                let count = len + rng.below(3);
                let src = rng.values(count, edges);
                let init = rng.values(len, true);
                let bias = rng.value(edges);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: NEON is enabled (this module's cfg).
                assert!(unsafe { add_scalar(&mut got, &src, bias) });
                simd::add_scalar_portable(&mut want, &src, bias);
                assert_same(&got, &want, &format!("len {len}, bias {bias}"));
            }
        }
        // A shorter source leaves the rest of the destination alone.
        let mut dst = vec![7.0; 9];
        // SAFETY: NEON is enabled (this module's cfg).
        assert!(unsafe { add_scalar(&mut dst, &[1.0; 6], 0.5) });
        assert_eq!(dst, [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 7.0, 7.0, 7.0]);
    }

    #[test]
    fn bias_norm_clamp_matches_portable() {
        let mut rng = Rng(0x5eed_0003);
        let bounds = [
            (f32::NEG_INFINITY, f32::INFINITY),
            (0.0, 6.0),
            (-1.0, 1.0),
            (0.0, f32::INFINITY),
            (f32::NAN, 2.0),
            (-2.0, f32::NAN),
        ];
        for edges in MODES {
            for len in 0..=40 {
                for (lo, hi) in bounds {
                    for (with_bias, with_norm) in
                        [(false, false), (true, false), (false, true), (true, true)]
                    {
                        let bias = with_bias.then(|| rng.value(edges));
                        let norm = with_norm.then(|| {
                            [rng.value(edges), rng.value(false), rng.value(false), rng.value(edges)]
                        });
                        let init = rng.values(len, edges);
                        let (mut got, mut want) = (init.clone(), init);
                        // SAFETY: NEON is enabled (this module's cfg).
                        assert!(unsafe { bias_norm_clamp(&mut got, bias, norm, lo, hi) });
                        simd::bias_norm_clamp_portable(&mut want, bias, norm, lo, hi);
                        let what = format!("len {len}, bias {bias:?}, norm {norm:?}, [{lo}, {hi}]");
                        assert_same(&got, &want, &what);
                    }
                }
            }
        }
    }

    #[test]
    fn max_strided_matches_portable() {
        let mut rng = Rng(0x5eed_0004);
        for edges in MODES {
            for stride in 1..=3 {
                for len in 0..=30 {
                    for seed in [false, true] {
                        // Taps sometimes too few for all columns: those columns stay.
                        let short = rng.below(2 * stride + 1).min(len * stride);
                        let count = len * stride + rng.below(3) - short;
                        let taps = rng.values(count, edges);
                        let init = rng.values(len, edges);
                        let (mut got, mut want) = (init.clone(), init);
                        // SAFETY: NEON is enabled (this module's cfg).
                        let handled = unsafe { max_strided(&mut got, &taps, stride, seed) };
                        assert_eq!(handled, stride <= 2, "stride {stride}");
                        if !handled {
                            simd::max_strided_portable(&mut got, &taps, stride, seed);
                        }
                        simd::max_strided_portable(&mut want, &taps, stride, seed);
                        let what =
                            format!("stride {stride}, len {len}, taps {}, seed {seed}", taps.len());
                        assert_same(&got, &want, &what);
                    }
                }
            }
        }
    }

    #[test]
    fn gather_strided_matches_portable() {
        let mut rng = Rng(0x5eed_0005);
        for len in 0..=30 {
            for extra in 0..4_usize {
                let src = rng.values((2 * len + extra).saturating_sub(3), true);
                let init = rng.values(len, true);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: NEON is enabled (this module's cfg).
                assert!(unsafe { gather_strided(&mut got, &src, 2) });
                simd::gather_strided_portable(&mut want, &src, 2);
                assert_same(&got, &want, &format!("len {len}, src {}", src.len()));
            }
        }
        // Other strides are the portable code's.
        // SAFETY: NEON is enabled (this module's cfg).
        assert!(!unsafe { gather_strided(&mut [0.0; 4], &[1.0; 12], 3) });
    }

    #[test]
    fn add_row_dots_matches_portable() {
        let mut rng = Rng(0x5eed_0006);
        for edges in MODES {
            for k in 0..=100 {
                let m = rng.below(4);
                // A partial last row is ignored.
                let count = m * k + rng.below(k.max(1));
                let rows = rng.values(count, edges);
                let x = rng.values(k, edges);
                let init = rng.values(m + 1, edges);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: NEON is enabled (this module's cfg).
                assert!(unsafe { add_row_dots(&mut got, &rows, &x) });
                simd::add_row_dots_portable(&mut want, &rows, &x);
                assert_same(&got, &want, &format!("k {k}, m {m}"));
            }
        }
    }

    /// A random chain step; `runs` holds the operand runs it may borrow.
    fn random_step<'a>(rng: &mut Rng, runs: &'a [Vec<f32>], edges: bool) -> PointStep<'a> {
        let other = match rng.below(2) {
            0 => Operand::Run(&runs[rng.below(runs.len())][..]),
            _ => Operand::Splat(rng.value(edges)),
        };
        let (alpha, reversed) = (rng.value(edges), rng.below(2) == 1);
        let bound = |rng: &mut Rng| match rng.below(4) {
            0 => None,
            1 => Some(f32::NAN),
            _ => Some(rng.value(false)),
        };
        match rng.below(7) {
            0 => PointStep::Add { other, alpha, reversed },
            1 => PointStep::Sub { other, alpha, reversed },
            2 => PointStep::Mul { other, reversed },
            3 => PointStep::Div { other, reversed },
            4 => PointStep::Relu,
            _ => PointStep::Clamp { lo: bound(rng), hi: bound(rng) },
        }
    }

    #[test]
    fn point_steps_matches_portable() {
        let mut rng = Rng(0x5eed_0007);
        for edges in MODES {
            for len in 0..=24 {
                for _ in 0..20 {
                    let start = rng.below(5);
                    // Operand runs cover `start..start + len`, or fall one short (the step
                    // then leaves its output alone, as the portable step does).
                    let mut runs = Vec::new();
                    for _ in 0..2 {
                        let count = (start + len + 1).saturating_sub(rng.below(3));
                        runs.push(rng.values(count, edges));
                    }
                    let steps: Vec<PointStep<'_>> = (0..1 + rng.below(5))
                        .map(|_| random_step(&mut rng, &runs, edges))
                        .collect();
                    let src = rng.values(len, edges);
                    let init = rng.values(len, edges);
                    let scratch = rng.values(2 * len, edges);
                    let (mut got, mut want) = (init.clone(), init);
                    let (mut got_scratch, mut want_scratch) = (scratch.clone(), scratch);
                    // SAFETY: NEON is enabled (this module's cfg).
                    assert!(unsafe {
                        point_steps(&src, &mut got, &mut got_scratch, &steps, start)
                    });
                    simd::point_steps_portable(&src, &mut want, &mut want_scratch, &steps, start);
                    assert_same(&got, &want, &format!("len {len}, start {start}, steps {steps:?}"));
                }
            }
        }
    }
}
