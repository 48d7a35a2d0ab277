//! Element loops compiled twice: for the baseline instruction set of the target, and (on
//! x86-64) for AVX2 + FMA, chosen at run time by what the CPU reports; the two loops where
//! AVX-512 was measured to pay (depthwise taps, the convolution epilogue) get a third copy
//! for it. On aarch64 most loops have a NEON version written with intrinsics
//! (`super::neon`), which is tried first.
//!
//! The crate is built for the baseline (SSE2 on x86-64) so that one binary runs
//! everywhere; the matrix products already pick their instruction set at run time inside
//! the `gemm` crate, and the loops below do the same. Each loop is written once, as an
//! `#[inline(always)]` body over slices, and [`multiversion!`] wraps it in a safe function
//! that calls an AVX2 copy when the CPU has it. The copies compute the same operations in
//! the same order (no fused multiply-add is introduced: the compiler does not contract `a *
//! b + c` on its own), so results do not depend on the machine.

use crate::util::{max_override, min_override};

/// Whether this CPU runs AVX2 and FMA code (checked once, then cached by std).
#[cfg(target_arch = "x86_64")]
#[inline]
fn has_avx2_fma() -> bool {
    std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
}

/// Whether this CPU runs the AVX-512 subsets every AVX-512 CPU since Skylake-SP has (F,
/// VL, BW, DQ), besides AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn has_avx512() -> bool {
    has_avx2_fma()
        && std::is_x86_feature_detected!("avx512f")
        && std::is_x86_feature_detected!("avx512vl")
        && std::is_x86_feature_detected!("avx512bw")
        && std::is_x86_feature_detected!("avx512dq")
}

/// Defines `fn $name(args)`, a safe function that runs the NEON version `$neon` on aarch64
/// (when given), else (on x86-64) `$body` compiled for AVX-512 when asked for with
/// `avx512 = $wide` and the CPU has it, else `$body` compiled for AVX2 + FMA when the CPU
/// has them, else `$body` for the baseline. Also defines `fn $portable(args) $body`, the
/// portable code itself, and `fn $wide(args)`, its AVX-512 copy, which the tests compare
/// with the portable code.
///
/// `$neon` returns whether it handled the call (a version may leave rare cases, such as
/// unusual strides, to the portable code). AVX-512 copies exist only where they were
/// measured to pay (docs/avx512.md).
macro_rules! multiversion {
    (
        $(#[$meta:meta])*
        pub(crate) fn $name:ident / $portable:ident ($($arg:ident: $ty:ty),* $(,)?)
        neon = $neon:path;
        avx512 = $wide:ident;
        $body:block
    ) => {
        /// The AVX-512 copy of
        #[doc = concat!("[`", stringify!($portable), "`]:")]
        /// call only when [`has_avx512`] holds.
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")]
        pub(crate) fn $wide($($arg: $ty),*) {
            $portable($($arg),*)
        }

        multiversion! {
            @emit [$(#[$meta])*] $name $portable [$($arg: $ty),*]
            {
                #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
                {
                    // SAFETY: the NEON version is safe code compiled with NEON enabled; this
                    // block is compiled only for targets whose baseline has NEON.
                    if unsafe { $neon($($arg),*) } {
                        return;
                    }
                }
                #[cfg(target_arch = "x86_64")]
                {
                    if has_avx512() {
                        // SAFETY: the AVX-512 copy is safe code compiled for the AVX-512
                        // subsets, AVX2 and FMA; the CPU has all of them (just checked).
                        unsafe { $wide($($arg),*) };
                        return;
                    }
                }
            }
            $body
        }
    };
    (
        $(#[$meta:meta])*
        pub(crate) fn $name:ident / $portable:ident ($($arg:ident: $ty:ty),* $(,)?)
        neon = $neon:path;
        $body:block
    ) => {
        multiversion! {
            @emit [$(#[$meta])*] $name $portable [$($arg: $ty),*]
            {
                #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
                {
                    // SAFETY: the NEON version is safe code compiled with NEON enabled; this
                    // block is compiled only for targets whose baseline has NEON.
                    if unsafe { $neon($($arg),*) } {
                        return;
                    }
                }
            }
            $body
        }
    };
    (
        $(#[$meta:meta])*
        pub(crate) fn $name:ident / $portable:ident ($($arg:ident: $ty:ty),* $(,)?)
        $body:block
    ) => {
        // No NEON version: on aarch64 the portable code, compiled for the NEON baseline, is
        // the vector loop.
        multiversion! { @emit [$(#[$meta])*] $name $portable [$($arg: $ty),*] {} $body }
    };
    // The forms above differ only in what is tried before AVX2 (`$first`). (Nesting the
    // argument repetition inside an optional `neon =` group does not expand, hence the
    // separate arms.)
    (
        @emit [$($meta:tt)*] $name:ident $portable:ident [$($arg:ident: $ty:ty),*]
        $first:block
        $body:block
    ) => {
        $($meta)*
        pub(crate) fn $name($($arg: $ty),*) {
            $first
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                fn avx2($($arg: $ty),*) {
                    $portable($($arg),*)
                }
                if has_avx2_fma() {
                    // SAFETY: `avx2` is safe code compiled for AVX2 and FMA; calling it is
                    // sound exactly when the CPU has both, which was just checked.
                    unsafe { avx2($($arg),*) };
                    return;
                }
            }
            $portable($($arg),*)
        }

        /// The portable code of
        #[doc = concat!("[`", stringify!($name), "`],")]
        /// inlined into each instruction-set copy.
        #[inline(always)]
        pub(crate) fn $portable($($arg: $ty),*) $body
    };
}

/// Elements of the grid [`sum_taps`] keeps in registers; a grid whose length is a multiple
/// of it has no slower tail.
pub(crate) const SUM_TAPS_BLOCK: usize = 32;

multiversion! {
    /// `acc = 0`, then for each tap `t` in order, `acc[i] += runs[starts[t] + i] *
    /// weights[t]`: the taps of a depthwise convolution over a flat output grid. A run
    /// that would end past `runs` is skipped (the caller lays runs out so none does).
    pub(crate) fn sum_taps / sum_taps_portable (acc: &mut [f32], runs: &[f32], starts: &[usize], weights: &[f32])
        neon = super::neon::sum_taps;
        avx512 = sum_taps_avx512;
        {
        // Blocks of the grid stay in registers across all taps: one store per element
        // instead of one load and one store per tap.
        const BLOCK: usize = SUM_TAPS_BLOCK;
        let len = acc.len();
        let whole = len - len % BLOCK;
        for (b, block) in acc[..whole].chunks_exact_mut(BLOCK).enumerate() {
            let base = b * BLOCK;
            let mut sum = [0.0f32; BLOCK];
            for (&start, &w) in starts.iter().zip(weights) {
                let Some(run) = start
                    .checked_add(base)
                    .filter(|_| start.checked_add(len).is_some_and(|end| end <= runs.len()))
                    .and_then(|from| runs.get(from..from + BLOCK))
                else {
                    continue;
                };
                for (s, &v) in sum.iter_mut().zip(run) {
                    *s += v * w;
                }
            }
            block.copy_from_slice(&sum);
        }
        let tail = &mut acc[whole..];
        tail.fill(0.0);
        for (&start, &w) in starts.iter().zip(weights) {
            let Some(run) = start.checked_add(len).and_then(|end| runs.get(start + whole..end))
            else {
                continue;
            };
            for (a, &v) in tail.iter_mut().zip(run) {
                *a += v * w;
            }
        }
    }
}

multiversion! {
    /// `dst[i] = src[i] + bias` over the common length.
    pub(crate) fn add_scalar / add_scalar_portable (dst: &mut [f32], src: &[f32], bias: f32)
        neon = super::neon::add_scalar;
        {
        for (d, &s) in dst.iter_mut().zip(src) {
            *d = s + bias;
        }
    }
}

multiversion! {
    /// What follows a convolution's products, on one channel plane in place: the bias `v =
    /// v + bias`, then the inference batch norm `v = (v - mean) * invstd * weight + b` when
    /// `norm` is `[mean, invstd, weight, b]`, then the clamp `v = lo if v < lo`, `v = hi if
    /// hi < v` (a NaN passes through; infinite bounds clamp nothing). The operations and
    /// their order are those of the separate convolution, batch-norm and hardtanh/relu
    /// kernels, so fusing changes no bit.
    pub(crate) fn bias_norm_clamp / bias_norm_clamp_portable (
        plane: &mut [f32],
        bias: Option<f32>,
        norm: Option<[f32; 4]>,
        lo: f32,
        hi: f32,
    )
        neon = super::neon::bias_norm_clamp;
        avx512 = bias_norm_clamp_avx512;
        {
        let clamp = |x: f32| {
            let x = if x < lo { lo } else { x };
            if hi < x { hi } else { x }
        };
        match (bias, norm) {
            (Some(b), Some([mean, invstd, weight, shift])) => {
                plane.iter_mut().for_each(|v| *v = clamp((*v + b - mean) * invstd * weight + shift))
            }
            (None, Some([mean, invstd, weight, shift])) => {
                plane.iter_mut().for_each(|v| *v = clamp((*v - mean) * invstd * weight + shift))
            }
            (Some(b), None) => plane.iter_mut().for_each(|v| *v = clamp(*v + b)),
            (None, None) => {
                // Through a copy: clamping in place compiles to masked stores, which some
                // CPUs run far slower than a blend.
                let mut copy = [0f32; 64];
                for chunk in plane.chunks_mut(64) {
                    let copy = &mut copy[..chunk.len()];
                    copy.copy_from_slice(chunk);
                    chunk.iter_mut().zip(copy.iter()).for_each(|(v, &x)| *v = clamp(x));
                }
            }
        }
    }
}

multiversion! {
    /// One tap of a max pool across a run of output columns: `d[c] = taps[c * stride]`
    /// when `seed`, else `d[c] = taps[c * stride]` only where it is strictly greater (a NaN
    /// never replaces, and a NaN seed stays). Reads past `taps` stop the run early (the
    /// caller sizes it so none do).
    pub(crate) fn max_strided / max_strided_portable (d: &mut [f32], taps: &[f32], stride: usize, seed: bool)
        neon = super::neon::max_strided;
        {
        match stride {
            1 => max_stride::<1>(d, taps, seed),
            // Known strides let the compiler vectorise the strided loads.
            2 => max_stride::<2>(d, taps, seed),
            _ => {
                for (d, &v) in d.iter_mut().zip(taps.iter().step_by(stride.max(1))) {
                    *d = if seed || v > *d { v } else { *d };
                }
            }
        }
    }
}

multiversion! {
    /// `dst[j] = src[j * stride]` for every `j` whose source exists; the rest of `dst` is
    /// left alone.
    pub(crate) fn gather_strided / gather_strided_portable (dst: &mut [f32], src: &[f32], stride: usize)
        neon = super::neon::gather_strided;
        {
        match stride {
            1 => {
                let n = dst.len().min(src.len());
                dst[..n].copy_from_slice(&src[..n]);
            }
            // A known stride lets the compiler vectorise the deinterleave.
            2 => gather_stride::<2>(dst, src),
            _ => {
                for (d, &v) in dst.iter_mut().zip(src.iter().step_by(stride.max(1))) {
                    *d = v;
                }
            }
        }
    }
}

/// [`gather_strided`] for a stride known at compile time.
#[inline(always)]
fn gather_stride<const S: usize>(dst: &mut [f32], src: &[f32]) {
    let n = dst.len().min(src.len().div_ceil(S));
    let full = n.min(src.len() / S);
    // Whole groups of S: no bounds checks in the loop.
    for (d, group) in dst[..full].iter_mut().zip(src.chunks_exact(S)) {
        *d = group[0];
    }
    if full < n {
        dst[full] = src[full * S];
    }
}

/// [`max_strided`] for a stride known at compile time.
#[inline(always)]
fn max_stride<const S: usize>(d: &mut [f32], taps: &[f32], seed: bool) {
    // Only the columns whose tap lies inside `taps`; then no index below is out of bounds.
    let n = d.len().min(taps.len().div_ceil(S));
    let (d, taps) = (&mut d[..n], &taps[..(n * S).min(taps.len())]);
    for c in 0..n {
        let v = taps[c * S];
        d[c] = if seed || v > d[c] { v } else { d[c] };
    }
}

/// One operand of an element-wise loop: a run of elements, or one element repeated.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Operand<'a, T> {
    Run(&'a [T]),
    Splat(T),
}

/// `dst[i] = f(x[i], y[i])` over `dst` (a run shorter than `dst` ends the loop), compiled
/// for AVX2 + FMA when the CPU has them. `f` is the caller's element function; small
/// closures are inlined into each copy.
pub(crate) fn map_binary<T: Copy, R: Copy, F: FnMut(T, T) -> R>(
    dst: &mut [R],
    x: Operand<'_, T>,
    y: Operand<'_, T>,
    f: &mut F,
) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2,fma")]
        fn avx2<T: Copy, R: Copy, F: FnMut(T, T) -> R>(
            dst: &mut [R],
            x: Operand<'_, T>,
            y: Operand<'_, T>,
            f: &mut F,
        ) {
            binary_loop(dst, x, y, f)
        }
        if has_avx2_fma() {
            // SAFETY: `avx2` is safe code compiled for AVX2 and FMA; calling it is sound
            // exactly when the CPU has both, which was just checked.
            unsafe { avx2(dst, x, y, f) };
            return;
        }
    }
    binary_loop(dst, x, y, f)
}

/// The loop of [`map_binary`], inlined into each instruction-set copy of its callers.
#[inline(always)]
fn binary_loop<T: Copy, R: Copy, F: FnMut(T, T) -> R>(
    dst: &mut [R],
    x: Operand<'_, T>,
    y: Operand<'_, T>,
    f: &mut F,
) {
    match (x, y) {
        (Operand::Run(xs), Operand::Run(ys)) => {
            for ((d, &a), &b) in dst.iter_mut().zip(xs).zip(ys) {
                *d = f(a, b);
            }
        }
        (Operand::Run(xs), Operand::Splat(b)) => {
            for (d, &a) in dst.iter_mut().zip(xs) {
                *d = f(a, b);
            }
        }
        (Operand::Splat(a), Operand::Run(ys)) => {
            for (d, &b) in dst.iter_mut().zip(ys) {
                *d = f(a, b);
            }
        }
        (Operand::Splat(a), Operand::Splat(b)) => {
            for d in dst.iter_mut() {
                *d = f(a, b);
            }
        }
    }
}

/// `dst[i] = f(xs[i])` over the common length, compiled for AVX2 + FMA when the CPU has
/// them (see [`map_binary`]).
pub(crate) fn map_unary<T: Copy, R: Copy, F: FnMut(T) -> R>(dst: &mut [R], xs: &[T], f: &mut F) {
    #[inline(always)]
    fn body<T: Copy, R: Copy, F: FnMut(T) -> R>(dst: &mut [R], xs: &[T], f: &mut F) {
        for (d, &a) in dst.iter_mut().zip(xs) {
            *d = f(a);
        }
    }
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2,fma")]
        fn avx2<T: Copy, R: Copy, F: FnMut(T) -> R>(dst: &mut [R], xs: &[T], f: &mut F) {
            body(dst, xs, f)
        }
        if has_avx2_fma() {
            // SAFETY: as in `map_binary`: the CPU has AVX2 and FMA (just checked).
            unsafe { avx2(dst, xs, f) };
            return;
        }
    }
    body(dst, xs, f)
}

multiversion! {
    /// `dst[i] += dot(rows[i * k..(i + 1) * k], x)` with `k = x.len()`, for each `i` with a
    /// whole row: a matrix-vector product over a row-major matrix, read once in order. Each
    /// dot is summed in 32 lanes (independent chains keep the adders busy), then reduced.
    pub(crate) fn add_row_dots / add_row_dots_portable (dst: &mut [f32], rows: &[f32], x: &[f32])
        neon = super::neon::add_row_dots;
        {
        const LANES: usize = 32;
        let k = x.len();
        if k == 0 {
            return;
        }
        for (d, row) in dst.iter_mut().zip(rows.chunks_exact(k)) {
            let mut lanes = [0f32; LANES];
            let (mut row_blocks, mut x_blocks) = (row.chunks_exact(LANES), x.chunks_exact(LANES));
            for (r, xs) in (&mut row_blocks).zip(&mut x_blocks) {
                for ((lane, &a), &b) in lanes.iter_mut().zip(r).zip(xs) {
                    *lane += a * b;
                }
            }
            let mut tail = 0f32;
            for (&a, &b) in row_blocks.remainder().iter().zip(x_blocks.remainder()) {
                tail += a * b;
            }
            *d += lanes.iter().sum::<f32>() + tail;
        }
    }
}

/// Lanes of [`strided_dots`]: enough independent sums to hide the adder's latency.
const DOT_LANES: usize = 16;

multiversion! {
    /// `dst[j] = dot(rows[j * stride..][..x.len()], x)` for each `j` whose row is whole (the
    /// attention scores of one query over a cache of keys). Each dot is summed in 16 lanes
    /// (lane `l` takes the elements `l, l + 16, ...`), the lanes added in order, then the
    /// tail's sequential sum.
    pub(crate) fn strided_dots / strided_dots_portable (dst: &mut [f32], rows: &[f32], stride: usize, x: &[f32])
        {
        let k = x.len();
        for (j, d) in dst.iter_mut().enumerate() {
            let Some(row) = rows.get(j * stride..j * stride + k) else {
                return;
            };
            let mut lanes = [0f32; DOT_LANES];
            let (mut row_blocks, mut x_blocks) =
                (row.chunks_exact(DOT_LANES), x.chunks_exact(DOT_LANES));
            for (r, xs) in (&mut row_blocks).zip(&mut x_blocks) {
                for ((lane, &a), &b) in lanes.iter_mut().zip(r).zip(xs) {
                    *lane += a * b;
                }
            }
            let mut tail = 0f32;
            for (&a, &b) in row_blocks.remainder().iter().zip(x_blocks.remainder()) {
                tail += a * b;
            }
            *d = lanes.iter().sum::<f32>() + tail;
        }
    }
}

multiversion! {
    /// `out += weights[j] * rows[j * stride..][..out.len()]` for each `j` in order whose row
    /// is whole (the attention-weighted sum of a cache of values).
    pub(crate) fn add_weighted_rows / add_weighted_rows_portable (out: &mut [f32], rows: &[f32], stride: usize, weights: &[f32])
        {
        let k = out.len();
        for (j, &w) in weights.iter().enumerate() {
            let Some(row) = rows.get(j * stride..j * stride + k) else {
                return;
            };
            for (o, &x) in out.iter_mut().zip(row) {
                *o += w * x;
            }
        }
    }
}

/// One element-wise operation of a fused chain, in `f32`, written exactly as the separate
/// kernel computes it (`c` is the chain's current value, `o` the operand).
#[derive(Clone, Copy, Debug)]
pub(crate) enum PointStep<'a> {
    /// `c + alpha * o`, or `o + alpha * c` when reversed (`add.out`).
    Add { other: Operand<'a, f32>, alpha: f32, reversed: bool },
    /// `c - alpha * o`, or `o - alpha * c` when reversed (`sub.out`).
    Sub { other: Operand<'a, f32>, alpha: f32, reversed: bool },
    /// `c * o`, or `o * c` (`mul.out`).
    Mul { other: Operand<'a, f32>, reversed: bool },
    /// `c / o`, or `o / c` (`div.out`).
    Div { other: Operand<'a, f32>, reversed: bool },
    /// `clamp.out` / `hardtanh.out`: a NaN value passes through, a NaN bound wins.
    Clamp { lo: Option<f32>, hi: Option<f32> },
    /// `relu.out`: NaN passes through.
    Relu,
}

/// `to[i] = f(from[i], o[i])` with `o` the operand's elements for positions `start..`.
#[inline(always)]
fn point_binary(
    from: &[f32],
    to: &mut [f32],
    other: Operand<'_, f32>,
    start: usize,
    mut f: impl FnMut(f32, f32) -> f32,
) {
    let other = match other {
        Operand::Run(run) => {
            match start.checked_add(to.len()).and_then(|end| run.get(start..end)) {
                Some(run) => Operand::Run(run),
                None => return,
            }
        }
        splat => splat,
    };
    binary_loop(to, Operand::Run(from), other, &mut f);
}

/// One step from `from` into `to`. Results always go to another buffer: written in place,
/// a clamp becomes a masked store, which some CPUs run far slower than a blend.
#[inline(always)]
pub(crate) fn point_step(step: &PointStep<'_>, from: &[f32], to: &mut [f32], start: usize) {
    let map = |to: &mut [f32], f: &dyn Fn(f32) -> f32| {
        to.iter_mut().zip(from).for_each(|(t, &c)| *t = f(c));
    };
    match *step {
        PointStep::Add { other, alpha, reversed: false } => {
            point_binary(from, to, other, start, |c, o| c + alpha * o)
        }
        PointStep::Add { other, alpha, reversed: true } => {
            point_binary(from, to, other, start, |c, o| o + alpha * c)
        }
        PointStep::Sub { other, alpha, reversed: false } => {
            point_binary(from, to, other, start, |c, o| c - alpha * o)
        }
        PointStep::Sub { other, alpha, reversed: true } => {
            point_binary(from, to, other, start, |c, o| o - alpha * c)
        }
        PointStep::Mul { other, reversed: false } => {
            point_binary(from, to, other, start, |c, o| c * o)
        }
        PointStep::Mul { other, reversed: true } => {
            point_binary(from, to, other, start, |c, o| o * c)
        }
        PointStep::Div { other, reversed: false } => {
            point_binary(from, to, other, start, |c, o| c / o)
        }
        PointStep::Div { other, reversed: true } => {
            point_binary(from, to, other, start, |c, o| o / c)
        }
        // A NaN value passes through; a NaN bound replaces every other value.
        PointStep::Clamp { lo: Some(lo), hi: Some(hi) } if !lo.is_nan() && !hi.is_nan() => {
            to.iter_mut().zip(from).for_each(|(t, &c)| {
                let v = if c < lo { lo } else { c };
                *t = if hi < v { hi } else { v };
            })
        }
        PointStep::Clamp { lo: Some(lo), hi: None } if !lo.is_nan() => {
            to.iter_mut().zip(from).for_each(|(t, &c)| *t = if c < lo { lo } else { c })
        }
        PointStep::Clamp { lo: None, hi: Some(hi) } if !hi.is_nan() => {
            to.iter_mut().zip(from).for_each(|(t, &c)| *t = if hi < c { hi } else { c })
        }
        PointStep::Clamp { lo, hi } => map(to, &|c| {
            let v = lo.map_or(c, |lo| max_override(c, lo));
            hi.map_or(v, |hi| min_override(v, hi))
        }),
        PointStep::Relu => to
            .iter_mut()
            .zip(from)
            .for_each(|(t, &c)| *t = if c.is_nan() || c >= 0.0 { c } else { 0.0 }),
    }
}

multiversion! {
    /// Applies `steps` in order to `src`, the elements `start..start + src.len()` of a fused
    /// element-wise chain, writing the result to `dst`; intermediate values alternate
    /// between the two halves of `scratch` (at least twice `src.len()`). Run operands were
    /// checked to cover the positions.
    pub(crate) fn point_steps / point_steps_portable (
        src: &[f32],
        dst: &mut [f32],
        scratch: &mut [f32],
        steps: &[PointStep<'_>],
        start: usize,
    )
        neon = super::neon::point_steps;
        {
        chain_steps(src, dst, scratch, steps, start, point_step)
    }
}

/// The order of a fused chain's steps (see [`point_steps`]), each step run by `step`.
#[inline(always)]
pub(crate) fn chain_steps(
    src: &[f32],
    dst: &mut [f32],
    scratch: &mut [f32],
    steps: &[PointStep<'_>],
    start: usize,
    mut step: impl FnMut(&PointStep<'_>, &[f32], &mut [f32], usize),
) {
    let len = src.len().min(dst.len());
    let (Some(dst), Some(scratch)) = (dst.get_mut(..len), scratch.get_mut(..2 * len)) else {
        return;
    };
    let (even, odd) = scratch.split_at_mut(len);
    let count = steps.len();
    for (k, s) in steps.iter().enumerate() {
        let last = k + 1 == count;
        match (k, last) {
            (0, true) => step(s, src, dst, start),
            (0, false) => step(s, src, even, start),
            (k, true) if k % 2 == 1 => step(s, even, dst, start),
            (_, true) => step(s, odd, dst, start),
            (k, false) if k % 2 == 1 => step(s, even, odd, start),
            (_, false) => step(s, odd, even, start),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    #[test]
    fn sum_taps_adds_each_run_in_order() {
        let runs: Vec<f32> = (0..20).map(|i| i as f32).collect();
        let mut acc = vec![f32::NAN; 4];
        sum_taps(&mut acc, &runs, &[0, 10, 18], &[1.0, 0.5, 2.0]);
        // The third run (18..22) is past the end and skipped.
        let want: Vec<f32> = (0..4).map(|i| i as f32 + (10 + i) as f32 * 0.5).collect();
        assert_eq!(acc, want);
    }

    #[test]
    fn norm_clamp_matches_the_separate_formulas() {
        let mut v = vec![-2.0, 0.5, 9.0, f32::NAN, -0.0];
        bias_norm_clamp(&mut v, None, None, 0.0, 6.0);
        assert_eq!(&v[..3], &[0.0, 0.5, 6.0]);
        assert!(v[3].is_nan());
        assert!(v[4] == 0.0 && v[4].is_sign_negative(), "relu keeps -0.0");
        let mut v = vec![1.0, 3.0];
        bias_norm_clamp(
            &mut v,
            None,
            Some([1.0, 0.5, 2.0, 0.25]),
            f32::NEG_INFINITY,
            f32::INFINITY,
        );
        assert_eq!(v, [0.25, 2.25]);
        let mut v = vec![1.0, 3.0];
        bias_norm_clamp(&mut v, None, Some([1.0, 0.5, 2.0, 0.25]), 0.5, 1.0);
        assert_eq!(v, [0.5, 1.0]);
    }

    #[test]
    fn max_strided_keeps_the_first_of_equal_or_nan_taps() {
        let taps = [1.0, 9.0, f32::NAN, 4.0, 7.0, 2.0, 3.0];
        for stride in 1..=3 {
            let mut d = vec![0.0; 3];
            max_strided(&mut d, &taps, stride, true);
            let seeded: Vec<f32> = taps.iter().step_by(stride).take(3).copied().collect();
            assert_eq!(format!("{d:?}"), format!("{seeded:?}"), "stride {stride}");
        }
        let mut d = vec![5.0, 5.0, f32::NAN, 5.0];
        max_strided(&mut d, &[6.0, f32::NAN, 1.0, 2.0], 1, false);
        assert_eq!(&d[..2], &[6.0, 5.0], "a NaN tap never replaces");
        assert!(d[2].is_nan(), "a NaN maximum stays");
        let mut d = vec![0.0; 4];
        max_strided(&mut d, &[1.0, 2.0, 3.0], 2, false);
        assert_eq!(d, [1.0, 3.0, 0.0, 0.0], "columns past the taps are left alone");
    }

    #[test]
    fn gather_strided_takes_every_stride_th_element() {
        let src: Vec<f32> = (0..7).map(|i| i as f32).collect();
        for (stride, want) in [
            (1, vec![0.0, 1.0, 2.0, 3.0]),
            (2, vec![0.0, 2.0, 4.0, 6.0]),
            (3, vec![0.0, 3.0, 6.0, -1.0]),
        ] {
            let mut dst = vec![-1.0; 4];
            gather_strided(&mut dst, &src, stride);
            assert_eq!(dst, want, "stride {stride}");
        }
        let mut dst = vec![-1.0; 5];
        gather_strided(&mut dst, &src[..6], 2);
        assert_eq!(dst, [0.0, 2.0, 4.0, -1.0, -1.0]);
    }

    #[test]
    fn map_binary_covers_runs_and_splats() {
        let (xs, ys) = ([1.0f32, 2.0, 3.0], [10.0f32, 20.0, 30.0]);
        let mut sub = |a: f32, b: f32| a - b;
        let cases = [
            (Operand::Run(&xs[..]), Operand::Run(&ys[..]), [-9.0, -18.0, -27.0]),
            (Operand::Run(&xs[..]), Operand::Splat(1.0), [0.0, 1.0, 2.0]),
            (Operand::Splat(1.0), Operand::Run(&ys[..]), [-9.0, -19.0, -29.0]),
            (Operand::Splat(5.0), Operand::Splat(2.0), [3.0, 3.0, 3.0]),
        ];
        for (x, y, want) in cases {
            let mut dst = [0.0f32; 3];
            map_binary(&mut dst, x, y, &mut sub);
            assert_eq!(dst, want);
        }
        let mut dst = [0i64; 2];
        map_unary(&mut dst, &[1.5f32, -2.5], &mut |v: f32| v as i64);
        assert_eq!(dst, [1, -2]);
    }

    #[test]
    fn add_scalar_covers_the_common_length() {
        let mut dst = vec![0.0; 3];
        add_scalar(&mut dst, &[1.0, 2.0], 0.5);
        assert_eq!(dst, [1.5, 2.5, 0.0]);
    }

    /// The AVX-512 copies are the portable code compiled for wider vectors; they must still
    /// write the same bits (no contraction into fused multiply-adds, no reordering).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx512_copies_match_portable() {
        use super::super::test_data::{assert_same, Rng};
        if !has_avx512() {
            eprintln!("SKIPPED avx512_copies_match_portable: this CPU lacks AVX-512 F/VL/BW/DQ");
            return;
        }
        let mut rng = Rng(0x5eed_0512);
        for edges in [false, true] {
            for len in 0..=100 {
                let taps = rng.below(10);
                let runs = rng.values(len + 40, edges);
                let starts: Vec<usize> = (0..taps).map(|_| rng.below(48)).collect();
                let weights = rng.values(taps, edges);
                let init = rng.values(len, true);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: the CPU has the AVX-512 subsets, AVX2 and FMA (checked above).
                unsafe { sum_taps_avx512(&mut got, &runs, &starts, &weights) };
                sum_taps_portable(&mut want, &runs, &starts, &weights);
                assert_same(&got, &want, &format!("sum_taps: len {len}, starts {starts:?}"));

                let bias = (rng.below(2) == 1).then(|| rng.value(edges));
                let norm = (rng.below(2) == 1).then(|| {
                    [rng.value(edges), rng.value(false), rng.value(false), rng.value(edges)]
                });
                let (lo, hi) =
                    [(f32::NEG_INFINITY, f32::INFINITY), (0.0, 6.0), (f32::NAN, 1.0)][rng.below(3)];
                let init = rng.values(len, edges);
                let (mut got, mut want) = (init.clone(), init);
                // SAFETY: as above.
                unsafe { bias_norm_clamp_avx512(&mut got, bias, norm, lo, hi) };
                bias_norm_clamp_portable(&mut want, bias, norm, lo, hi);
                let what = format!("bias_norm_clamp: len {len}, {bias:?}, {norm:?}, [{lo}, {hi}]");
                assert_same(&got, &want, &what);
            }
        }
    }
}
