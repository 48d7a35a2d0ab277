//! The logistic sigmoid as XNNPACK computes it on the running CPU.
//!
//! XNNPACK's `f32-vsigmoid` micro-kernels evaluate `e = exp(-|x|)` by range reduction and a
//! short polynomial, then `f = e / (1 + e)` and `1 - f` for non-negative `x`. The result is
//! within a few ulp of the exact value but not equal to it, and a SiLU that differs by one
//! ulp moves the next dynamic int8 quantization across rounding boundaries, so generated
//! tokens part from the official runtime's. A program lowered to XNNPACK therefore gets the
//! same operations, in the same order and with the same fusions, as the kernel XNNPACK
//! picks for this CPU:
//! - x86-64 with AVX-512F (`avx512f_rr2_lut32_p2_perm2_scalef_div`): `n` = `-|x| log2 e`
//!   rounded to 1/32 by a magic bias, `2^frac(n)` from a 32-entry table, a two-step
//!   `ln 2` reduction, a degree-2 polynomial, and `scalef` for `2^floor(n)`;
//! - x86-64 with AVX2 and FMA (`avx2_rr1_p5_div`): `n` rounded to an integer by a magic
//!   bias whose low bits become the exponent, a one-step reduction, a degree-5 polynomial,
//!   and zero below the denormal cut-off;
//! - elsewhere (older x86-64, and aarch64 where XNNPACK's NEON kernel uses a 64-entry table
//!   and reciprocal steps not reproduced yet): the correctly evaluated `exp` formula.
//!
//! Each variant has a scalar model written with fused multiply-adds, from which the vector
//! loops must not differ by a bit (a test); the models also compute the loops' last
//! elements. Denormal results are kept, where XNNPACK's thread pool may flush them: that
//! needs `x < -87`, which activations do not reach.

#![cfg_attr(
    not(target_arch = "x86_64"),
    allow(dead_code, reason = "the x86 variants' models are only tested elsewhere")
)]

use std::sync::OnceLock;

/// Which variant this CPU runs: `avx512f`, `avx2` or `exact`.
pub fn xnnpack_sigmoid_variant() -> &'static str {
    match Variant::detect() {
        Variant::Avx512 => "avx512f",
        Variant::Avx2 => "avx2",
        Variant::Exact => "exact",
    }
}

/// `out[i]` = the sigmoid of `input[i]`, as above, for the shorter length.
pub fn xnnpack_sigmoid(input: &[f32], out: &mut [f32]) {
    let n = input.len().min(out.len());
    let (input, out) = (&input[..n], &mut out[..n]);
    match Variant::detect() {
        #[cfg(target_arch = "x86_64")]
        Variant::Avx512 => {
            let table = table32();
            // SAFETY: `detect` found AVX-512F.
            let done = unsafe { x86::avx512(input, out, table) };
            for (o, &x) in out[done..].iter_mut().zip(&input[done..]) {
                *o = lut32_model(x, table);
            }
        }
        #[cfg(target_arch = "x86_64")]
        Variant::Avx2 => {
            // SAFETY: `detect` found AVX2 and FMA.
            let done = unsafe { x86::avx2(input, out) };
            for (o, &x) in out[done..].iter_mut().zip(&input[done..]) {
                *o = p5_model(x);
            }
        }
        _ => {
            for (o, &x) in out.iter_mut().zip(input) {
                *o = exact(x);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    Avx512,
    Avx2,
    Exact,
}

impl Variant {
    fn detect() -> Variant {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") {
                return Variant::Avx512;
            }
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                return Variant::Avx2;
            }
        }
        Variant::Exact
    }
}

/// The sigmoid from a correctly rounded `exp` of a non-positive argument (no overflow).
fn exact(x: f32) -> f32 {
    let e = (-x.abs()).exp();
    if x >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

const LOG2E: f32 = f32::from_bits(0x3FB8_AA3B);
const MINUS_LN2_HI: f32 = f32::from_bits(0xBF31_7218);
/// The low part of `ln 2` with the sign the reduction step adds it with.
const MINUS_LN2_LO: f32 = f32::from_bits(0x3102_E308);
/// 1.5 * 2^18: adding it rounds to a multiple of 1/32 and leaves `32 n` in the low bits.
const MAGIC_LUT32: f32 = f32::from_bits(0x48C0_0000);
const LUT32_C1: f32 = f32::from_bits(0x3F80_007B);
const LUT32_C2: f32 = 0.5;

/// `2^(k/32)` for `k` in `0..32`, correctly rounded.
fn table32() -> &'static [f32; 32] {
    static TABLE: OnceLock<[f32; 32]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|k| (k as f64 / 32.0).exp2() as f32))
}

/// `p * 2^floor(n)` rounded once, as `vscalefps` computes it, specials included (an
/// infinite `n` wins over a NaN `p`: the sigmoid of ±`f32::MAX` depends on it).
fn scalef(p: f32, n: f32) -> f32 {
    // A NaN `p`'s sign is dropped.
    let sign = if p.is_nan() { 0 } else { p.to_bits() & 0x8000_0000 };
    let signed = |magnitude: f32| f32::from_bits(magnitude.to_bits() | sign);
    if n.is_nan() {
        return f32::NAN;
    }
    if n == f32::NEG_INFINITY {
        return if p.is_infinite() { f32::NAN } else { signed(0.0) };
    }
    if n == f32::INFINITY {
        return if p == 0.0 { f32::NAN } else { signed(f32::INFINITY) };
    }
    if p.is_nan() {
        return f32::NAN;
    }
    // Past ±400 the result is 0 or infinite whatever `p`'s finite value is.
    let k = n.floor().clamp(-400.0, 400.0) as i32;
    (f64::from(p) * f64::from(k).exp2()) as f32
}

/// XNNPACK's `avx512f_rr2_lut32_p2_perm2_scalef_div` on one element.
fn lut32_model(x: f32, table: &[f32; 32]) -> f32 {
    let z = f32::from_bits(x.to_bits() | 0x8000_0000);
    let biased = z.mul_add(LOG2E, MAGIC_LUT32);
    let l = table[(biased.to_bits() & 31) as usize];
    let n = biased - MAGIC_LUT32;
    let t = n.mul_add(MINUS_LN2_HI, z);
    let t = n.mul_add(MINUS_LN2_LO, t);
    let p = t.mul_add(LUT32_C2, LUT32_C1);
    let t = t * l;
    let p = t.mul_add(p, l);
    let e = scalef(p, n);
    let f = e / (e + 1.0);
    if x.to_bits() & 0x8000_0000 == 0 {
        1.0 - f
    } else {
        f
    }
}

/// 1.5 * 2^23 + 127: the sum's low bits are `n + 127`, the biased exponent of `2^n`.
const MAGIC_P5: f32 = f32::from_bits(0x4B40_007F);
const MINUS_LN2: f32 = f32::from_bits(0xBF31_7218);
const P5: [f32; 5] = [
    f32::from_bits(0x3F7F_FFFB),
    f32::from_bits(0x3EFF_FEE3),
    f32::from_bits(0x3E2A_AD40),
    f32::from_bits(0x3D2B_9D0D),
    f32::from_bits(0x3C07_CFCE),
];
/// Below this `-|x|`, `exp` is denormal and the kernel returns 0.
const DENORMAL_CUTOFF: f32 = f32::from_bits(0xC2AE_AC4F);

/// XNNPACK's `avx2_rr1_p5_div` on one element.
fn p5_model(x: f32) -> f32 {
    let z = f32::from_bits(x.to_bits() | 0x8000_0000);
    let biased = z.mul_add(LOG2E, MAGIC_P5);
    let s = f32::from_bits(biased.to_bits() << 23);
    let n = biased - MAGIC_P5;
    let t = n.mul_add(MINUS_LN2, z);
    let mut p = P5[4].mul_add(t, P5[3]);
    p = p.mul_add(t, P5[2]);
    p = p.mul_add(t, P5[1]);
    p = p.mul_add(t, P5[0]);
    let t = t * s;
    let e = t.mul_add(p, s);
    let f = if z < DENORMAL_CUTOFF { 0.0 } else { e / (e + 1.0) };
    if x.to_bits() & 0x8000_0000 == 0 {
        1.0 - f
    } else {
        f
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::*;
    use std::arch::x86_64::*;

    /// The AVX-512 loop over whole vectors of 16; returns how many elements it wrote.
    #[target_feature(enable = "avx512f")]
    pub(super) fn avx512(input: &[f32], out: &mut [f32], table: &[f32; 32]) -> usize {
        let n = input.len().min(out.len()) / 16 * 16;
        // SAFETY: the table has 32 elements.
        let (lo, hi) =
            unsafe { (_mm512_loadu_ps(table.as_ptr()), _mm512_loadu_ps(table.as_ptr().add(16))) };
        let sign = _mm512_set1_epi32(i32::MIN);
        let magic = _mm512_set1_ps(MAGIC_LUT32);
        let one = _mm512_set1_ps(1.0);
        for i in (0..n).step_by(16) {
            // SAFETY: `i + 16 <= n` elements of both slices.
            let x = unsafe { _mm512_loadu_ps(input.as_ptr().add(i)) };
            let z = _mm512_castsi512_ps(_mm512_or_epi32(_mm512_castps_si512(x), sign));
            let biased = _mm512_fmadd_ps(z, _mm512_set1_ps(LOG2E), magic);
            let l = _mm512_permutex2var_ps(lo, _mm512_castps_si512(biased), hi);
            let n = _mm512_sub_ps(biased, magic);
            let t = _mm512_fmadd_ps(n, _mm512_set1_ps(MINUS_LN2_HI), z);
            let t = _mm512_fmadd_ps(n, _mm512_set1_ps(MINUS_LN2_LO), t);
            let p = _mm512_fmadd_ps(t, _mm512_set1_ps(LUT32_C2), _mm512_set1_ps(LUT32_C1));
            let t = _mm512_mul_ps(t, l);
            let p = _mm512_fmadd_ps(t, p, l);
            let e = _mm512_scalef_ps(p, n);
            let f = _mm512_div_ps(e, _mm512_add_ps(e, one));
            let positive = _mm512_testn_epi32_mask(_mm512_castps_si512(x), sign);
            let f = _mm512_mask_sub_ps(f, positive, one, f);
            // SAFETY: as for the load.
            unsafe { _mm512_storeu_ps(out.as_mut_ptr().add(i), f) };
        }
        n
    }

    /// The AVX2 loop over whole vectors of 8; returns how many elements it wrote.
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn avx2(input: &[f32], out: &mut [f32]) -> usize {
        let n = input.len().min(out.len()) / 8 * 8;
        let sign = _mm256_set1_ps(-0.0);
        let magic = _mm256_set1_ps(MAGIC_P5);
        let one = _mm256_set1_ps(1.0);
        let c = P5.map(|c| _mm256_set1_ps(c));
        for i in (0..n).step_by(8) {
            // SAFETY: `i + 8 <= n` elements of both slices.
            let x = unsafe { _mm256_loadu_ps(input.as_ptr().add(i)) };
            let z = _mm256_or_ps(x, sign);
            let biased = _mm256_fmadd_ps(z, _mm256_set1_ps(LOG2E), magic);
            let s = _mm256_castsi256_ps(_mm256_slli_epi32::<23>(_mm256_castps_si256(biased)));
            let n = _mm256_sub_ps(biased, magic);
            let t = _mm256_fmadd_ps(n, _mm256_set1_ps(MINUS_LN2), z);
            let mut p = _mm256_fmadd_ps(c[4], t, c[3]);
            p = _mm256_fmadd_ps(p, t, c[2]);
            p = _mm256_fmadd_ps(p, t, c[1]);
            p = _mm256_fmadd_ps(p, t, c[0]);
            let t = _mm256_mul_ps(t, s);
            let e = _mm256_fmadd_ps(t, p, s);
            let f = _mm256_div_ps(e, _mm256_add_ps(e, one));
            let below = _mm256_cmp_ps::<_CMP_LT_OS>(z, _mm256_set1_ps(DENORMAL_CUTOFF));
            let f = _mm256_andnot_ps(below, f);
            let f = _mm256_blendv_ps(_mm256_sub_ps(one, f), f, x);
            // SAFETY: as for the load.
            unsafe { _mm256_storeu_ps(out.as_mut_ptr().add(i), f) };
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Arguments across the range, signs, both sides of the cut-offs and the specials.
    fn arguments() -> Vec<f32> {
        let mut xs: Vec<f32> = (-2000..=2000).map(|i| i as f32 * 0.0517).collect();
        xs.extend([0.0, -0.0, 1e-30, -1e-30, 86.5, -86.5, 87.4, -87.4, 90.0, -90.0, 104.0]);
        xs.extend([-104.0, 200.0, -200.0, f32::MAX, f32::MIN, f32::INFINITY]);
        xs.extend([f32::NEG_INFINITY, f32::from_bits(1), f32::from_bits(0x8000_0001)]);
        let mut s = 0x9E37_79B9u32;
        for _ in 0..4000 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            xs.push(f32::from_bits(s) % 40.0);
        }
        xs.retain(|x| !x.is_nan());
        xs
    }

    #[test]
    fn the_vector_loops_equal_their_scalar_models_bit_for_bit() {
        let xs = arguments();
        let mut out = vec![0f32; xs.len()];
        xnnpack_sigmoid(&xs, &mut out);
        let model = |x: f32| match Variant::detect() {
            Variant::Avx512 => lut32_model(x, table32()),
            Variant::Avx2 => p5_model(x),
            Variant::Exact => exact(x),
        };
        for (&x, &y) in xs.iter().zip(&out) {
            let want = model(x);
            assert!(y.to_bits() == want.to_bits(), "x {x:e}: {y:e} against the model's {want:e}");
        }
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            // The AVX2 loop on a CPU that would take the AVX-512 one.
            let mut out = vec![0f32; xs.len()];
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            let done = unsafe { x86::avx2(&xs, &mut out) };
            for (&x, &y) in xs.iter().zip(&out).take(done) {
                assert_eq!(y.to_bits(), p5_model(x).to_bits(), "x {x:e}");
            }
        }
    }

    #[test]
    fn every_model_is_close_to_the_sigmoid() {
        for x in arguments() {
            let exact = 1.0 / (1.0 + (-f64::from(x)).exp());
            for (name, y) in [("lut32", lut32_model(x, table32())), ("p5", p5_model(x))] {
                let error = (f64::from(y) - exact).abs();
                let bound = 4.0 * f64::from(f32::EPSILON) * exact.max(1e-38);
                // Below XNNPACK's cut-off the result is 0 where the exact one is denormal.
                let cut = x < -87.0;
                assert!(
                    error <= bound || (cut && y.abs() < 1e-37) || (x.is_infinite() && y.is_nan()),
                    "{name}({x:e}) = {y:e}, exact {exact:e}"
                );
            }
        }
    }

    #[test]
    fn the_table_is_the_exponent_fractions() {
        let t = table32();
        assert_eq!(t[0], 1.0);
        assert_eq!(t[16], std::f32::consts::SQRT_2);
        assert_eq!(t[1].to_bits(), 0x3F82_CD87);
        assert_eq!(t[31].to_bits(), 0x3FFA_83B3);
    }
}
