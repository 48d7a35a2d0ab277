//! The reciprocal square root as XNNPACK computes it on the running CPU.
//!
//! XNNPACK's `f32-vrsqrt` micro-kernels do not round `1 / sqrt(x)` correctly: they take
//! the CPU's estimate (`rsqrtps`, 12 bits; `vrsqrt14ps` with AVX-512, 14 bits; NEON
//! `frsqrte`, 9 bits) and refine it with Newton-Raphson steps on `y^-2 - x`. The result is
//! within an ulp or two of the exact value but not always equal to it, and an RMSNorm whose
//! scale differs by one ulp moves a whole row of a following dynamic int8 quantization
//! across rounding boundaries (checked against the official runtime on an 8da4w Llama:
//! with the exact value 7 of 27 rows differed, with this one none). So a program lowered to
//! XNNPACK gets the same steps, in the same order and with the same fused operations, as
//! the kernel XNNPACK picks for this CPU:
//! - x86-64 with AVX-512F: `y0 = vrsqrt14ps(x)`, then `y = (x * y0^2 - 3) * (-0.5 * y0)`
//!   with the first product-difference fused;
//! - x86-64 with FMA3: the same step from `rsqrtps`;
//! - other x86-64 (SSE): `y = (3 - x * y0^2) * (0.5 * y0)` without fusion;
//! - aarch64: two steps `y = y * frsqrts(x, y^2)` from `frsqrte`;
//! - elsewhere: `1 / sqrt(x)`.
//!
//! The estimate instructions are specified to a bound, not to the bit: results match the
//! official runtime on the same CPU, which is what a differential test can check.

/// Which of the variants above this CPU runs: `avx512f`, `fma3`, `sse`, `neon` or `exact`.
/// Fixtures record the official runtime's (`tools/fixtures/llm.py`), so a test knows when
/// the two machines' estimates may differ.
pub fn xnnpack_rsqrt_variant() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") {
            "avx512f"
        } else if std::is_x86_feature_detected!("fma") && std::is_x86_feature_detected!("avx") {
            "fma3"
        } else {
            "sse"
        }
    }
    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
    {
        "neon"
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    )))]
    {
        "exact"
    }
}

/// `out[i]` = the reciprocal square root of `input[i]`, as above, for the shorter length.
pub fn xnnpack_rsqrt(input: &[f32], out: &mut [f32]) {
    let n = input.len().min(out.len());
    let (input, out) = (&input[..n], &mut out[..n]);
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F (checked just above).
            unsafe { x86::avx512(input, out) };
        } else if std::is_x86_feature_detected!("fma") && std::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU has AVX and FMA (checked just above).
            unsafe { x86::fma3(input, out) };
        } else {
            // SAFETY: SSE is part of the x86-64 baseline.
            unsafe { x86::sse(input, out) };
        }
    }
    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
    arm::neon(input, out);
    #[cfg(not(any(
        target_arch = "x86_64",
        all(target_arch = "aarch64", target_feature = "neon")
    )))]
    for (o, &x) in out.iter_mut().zip(input) {
        *o = 1.0 / x.sqrt();
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// One lane at a time through the vector instructions: the estimate instructions give
    /// the same value for a lane whatever its neighbours, and the tails need no masking.
    #[target_feature(enable = "avx512f")]
    pub(super) fn avx512(input: &[f32], out: &mut [f32]) {
        let three = _mm512_set1_ps(3.0);
        let neg_half = _mm512_set1_ps(-0.5);
        let mut chunks = input.chunks_exact(16).zip(out.chunks_exact_mut(16));
        for (x, y) in &mut chunks {
            // SAFETY: `x` and `y` hold 16 floats each; unaligned loads and stores.
            unsafe {
                let a = _mm512_loadu_ps(x.as_ptr());
                let y0 = _mm512_rsqrt14_ps(a);
                let t1 = _mm512_mul_ps(y0, y0);
                let t3 = _mm512_fmsub_ps(a, t1, three);
                let t4 = _mm512_mul_ps(y0, neg_half);
                _mm512_storeu_ps(y.as_mut_ptr(), _mm512_mul_ps(t3, t4));
            }
        }
        let done = input.len() - input.len() % 16;
        for (x, y) in input[done..].iter().zip(&mut out[done..]) {
            let a = _mm512_set1_ps(*x);
            let y0 = _mm512_rsqrt14_ps(a);
            let t3 = _mm512_fmsub_ps(a, _mm512_mul_ps(y0, y0), three);
            *y = _mm512_cvtss_f32(_mm512_mul_ps(t3, _mm512_mul_ps(y0, neg_half)));
        }
    }

    #[target_feature(enable = "avx,fma")]
    pub(super) fn fma3(input: &[f32], out: &mut [f32]) {
        let three = _mm256_set1_ps(3.0);
        let neg_half = _mm256_set1_ps(-0.5);
        let step = |a: __m256| {
            let y0 = _mm256_rsqrt_ps(a);
            let t3 = _mm256_fmsub_ps(a, _mm256_mul_ps(y0, y0), three);
            _mm256_mul_ps(t3, _mm256_mul_ps(y0, neg_half))
        };
        let mut chunks = input.chunks_exact(8).zip(out.chunks_exact_mut(8));
        for (x, y) in &mut chunks {
            // SAFETY: `x` and `y` hold 8 floats each; unaligned loads and stores.
            unsafe { _mm256_storeu_ps(y.as_mut_ptr(), step(_mm256_loadu_ps(x.as_ptr()))) };
        }
        let done = input.len() - input.len() % 8;
        for (x, y) in input[done..].iter().zip(&mut out[done..]) {
            *y = _mm256_cvtss_f32(step(_mm256_set1_ps(*x)));
        }
    }

    #[target_feature(enable = "sse")]
    pub(super) fn sse(input: &[f32], out: &mut [f32]) {
        for (x, y) in input.iter().zip(out.iter_mut()) {
            let a = _mm_set1_ps(*x);
            let y0 = _mm_rsqrt_ps(a);
            let t3 = _mm_sub_ps(_mm_set1_ps(3.0), _mm_mul_ps(a, _mm_mul_ps(y0, y0)));
            *y = _mm_cvtss_f32(_mm_mul_ps(t3, _mm_mul_ps(_mm_set1_ps(0.5), y0)));
        }
    }
}

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod arm {
    use std::arch::aarch64::*;

    pub(super) fn neon(input: &[f32], out: &mut [f32]) {
        for (x, y) in input.iter().zip(out.iter_mut()) {
            // SAFETY: NEON is part of the aarch64 baseline (this module is compiled only
            // with it); register-only operations.
            *y = unsafe {
                let a = vdupq_n_f32(*x);
                let mut r = vrsqrteq_f32(a);
                for _ in 0..2 {
                    r = vmulq_f32(r, vrsqrtsq_f32(a, vmulq_f32(r, r)));
                }
                vgetq_lane_f32::<0>(r)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_two_ulps_of_the_exact_value() {
        let xs: Vec<f32> = (1..5000).map(|i| i as f32 * 0.37e-3 + 1e-5).collect();
        let mut ys = vec![0.0; xs.len()];
        xnnpack_rsqrt(&xs, &mut ys);
        for (&x, &y) in xs.iter().zip(&ys) {
            let exact = 1.0 / x.sqrt();
            let ulps = (y.to_bits() as i64 - exact.to_bits() as i64).abs();
            assert!(ulps <= 2, "rsqrt({x}) = {y}, exact {exact}: {ulps} ulps");
        }
    }

    #[test]
    fn tails_and_whole_vectors_agree() {
        // A value gives the same result in a full vector and in the one-lane tail.
        let xs: Vec<f32> = (0..37).map(|i| 0.01 + i as f32 * 0.731).collect();
        let mut whole = vec![0.0; 37];
        xnnpack_rsqrt(&xs, &mut whole);
        for (i, &x) in xs.iter().enumerate() {
            let mut one = [0.0];
            xnnpack_rsqrt(&[x], &mut one);
            assert_eq!(one[0].to_bits(), whole[i].to_bits(), "element {i}");
        }
    }

    #[test]
    fn negative_inputs_give_nan() {
        let mut y = [0.0; 2];
        xnnpack_rsqrt(&[-1.0, -0.25], &mut y);
        assert!(y.iter().all(|v| v.is_nan()), "{y:?}");
    }
}
