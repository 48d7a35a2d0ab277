//! Is an AVX-512 copy of pterun's hot element loops worth having next to the AVX2 one?
//! (x86-64 only.)
//!
//! The loops are not copied: `simd.rs` is compiled into this program as it is, and each
//! portable body (`#[inline(always)]`) is instantiated three times below, for the baseline,
//! for AVX2 + FMA (what pterun runs today) and for AVX-512 (F, VL, BW, DQ on top of AVX2 +
//! FMA). Sizes are those of the models in the README's speed table. Prints the median of
//! `ROUNDS` timings per case, and checks that the copies write the same bits.
#![allow(dead_code, reason = "simd.rs is included whole; only two of its loops are timed")]
#![allow(unsafe_code, reason = "calls code compiled for CPU features after checking them")]

#[path = "../../../../crates/kernels/src/arch/simd.rs"]
mod simd;

/// The two helpers `simd.rs` takes from the kernels' `util`, for f32.
mod util {
    pub(crate) fn max_override(a: f32, b: f32) -> f32 {
        if a.is_nan() {
            a
        } else if b.is_nan() || a < b {
            b
        } else {
            a
        }
    }
    pub(crate) fn min_override(a: f32, b: f32) -> f32 {
        if a.is_nan() {
            a
        } else if b.is_nan() || b < a {
            b
        } else {
            a
        }
    }
}

use std::hint::black_box;
use std::time::Instant;

const ROUNDS: usize = 101;

macro_rules! three_ways {
    ($base:ident, $avx2:ident, $avx512:ident, $body:path, ($($arg:ident: $ty:ty),*)) => {
        fn $base($($arg: $ty),*) { $body($($arg),*) }
        #[target_feature(enable = "avx2,fma")]
        fn $avx2($($arg: $ty),*) { $body($($arg),*) }
        #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")]
        fn $avx512($($arg: $ty),*) { $body($($arg),*) }
    };
}

three_ways!(dots_base, dots_avx2, dots_avx512, simd::add_row_dots_portable,
    (dst: &mut [f32], rows: &[f32], x: &[f32]));
three_ways!(clamp_base, clamp_avx2, clamp_avx512, simd::bias_norm_clamp_portable,
    (plane: &mut [f32], bias: Option<f32>, norm: Option<[f32; 4]>, lo: f32, hi: f32));
three_ways!(chain_base, chain_avx2, chain_avx512, simd::point_steps_portable,
    (src: &[f32], dst: &mut [f32], scratch: &mut [f32], steps: &[simd::PointStep<'_>], start: usize));
three_ways!(taps_base, taps_avx2, taps_avx512, simd::sum_taps_portable,
    (acc: &mut [f32], runs: &[f32], starts: &[usize], weights: &[f32]));

/// Times the three copies in turn, `ROUNDS` times (so a noisy neighbour slows all three
/// alike), each timing repeating its copy `reps` times. Returns the median microseconds of
/// each copy, the fastest (least disturbed by other processes on a shared machine), and the
/// median over rounds of the AVX2 / AVX-512 time ratio.
fn time3(reps: usize, f: &mut [&mut dyn FnMut(); 3]) -> ([f64; 3], [f64; 3], f64) {
    f.iter_mut().for_each(|f| f());
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    let mut ratios = Vec::new();
    for _ in 0..ROUNDS {
        let mut round = [0f64; 3];
        for (i, f) in f.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            round[i] = t.elapsed().as_secs_f64() * 1e6 / reps as f64;
            times[i].push(round[i]);
        }
        ratios.push(round[1] / round[2]);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let [a, b, c] = &mut times;
    let medians = [median(a), median(b), median(c)];
    ([a[0], b[0], c[0]], medians, median(&mut ratios))
}

fn values(n: usize, seed: u32) -> Vec<f32> {
    (0..n)
        .map(|i| {
            ((i as u32).wrapping_mul(2654435761).wrapping_add(seed) >> 8) as f32
                / (1u32 << 24) as f32
                - 0.5
        })
        .collect()
}

fn report(name: &str, flops: f64, (fastest, t, ratio): ([f64; 3], [f64; 3], f64), same: bool) {
    println!(
        "{name:<36} median us: base {:>7.2} avx2 {:>7.2} avx512 {:>7.2} | fastest: {:>7.2} {:>7.2} \
         {:>7.2} | avx2/avx512: median {ratio:.2}x, fastest {:.2}x | GFLOP/s fastest avx2 {:.1} \
         avx512 {:.1} | bits same: {same}",
        t[0],
        t[1],
        t[2],
        fastest[0],
        fastest[1],
        fastest[2],
        fastest[1] / fastest[2],
        flops / fastest[1] / 1e3,
        flops / fastest[2] / 1e3
    );
}

fn main() {
    assert!(
        std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512vl")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512dq")
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma"),
        "this CPU lacks AVX-512 or AVX2 + FMA"
    );

    // Matrix-vector products (batch-1 classifier heads and small linears).
    for (m, k, reps) in [(1000, 1280, 2), (1000, 1024, 2), (128, 128, 100), (512, 128, 25)] {
        let (rows, x) = (values(m * k, 1), values(k, 2));
        let mut outs = [vec![0f32; m], vec![0f32; m], vec![0f32; m]];
        let [o0, o1, o2] = &mut outs;
        let t = time3(
            reps,
            &mut [
                &mut || {
                    o0.fill(0.0);
                    dots_base(black_box(o0), &rows, &x)
                },
                // SAFETY: the CPU has AVX2 and FMA (asserted above).
                &mut || {
                    o1.fill(0.0);
                    unsafe { dots_avx2(black_box(o1), &rows, &x) }
                },
                // SAFETY: the CPU has the AVX-512 subsets enabled (asserted above).
                &mut || {
                    o2.fill(0.0);
                    unsafe { dots_avx512(black_box(o2), &rows, &x) }
                },
            ],
        );
        let same = outs[0] == outs[1] && outs[1] == outs[2];
        report(&format!("add_row_dots {m}x{k}"), 2.0 * (m * k) as f64, t, same);
    }

    // Depthwise 3x3 taps over a padded grid (MobileNet planes: 112, 56, 28, 14 wide).
    for (h, reps) in [(112_usize, 10), (56, 40), (28, 150), (14, 500)] {
        let pw = h + 2;
        let grid = (h * pw).next_multiple_of(simd::SUM_TAPS_BLOCK);
        let runs = values(grid + 2 * pw + 2 + pw * 2, 3);
        let starts: Vec<usize> = (0..3).flat_map(|r| (0..3).map(move |c| r * pw + c)).collect();
        let weights = values(9, 4);
        let mut outs = [vec![0f32; grid], vec![0f32; grid], vec![0f32; grid]];
        let [o0, o1, o2] = &mut outs;
        let t = time3(
            reps,
            &mut [
                &mut || taps_base(black_box(o0), &runs, &starts, &weights),
                // SAFETY: as above.
                &mut || unsafe { taps_avx2(black_box(o1), &runs, &starts, &weights) },
                // SAFETY: as above.
                &mut || unsafe { taps_avx512(black_box(o2), &runs, &starts, &weights) },
            ],
        );
        let same = outs[0] == outs[1] && outs[1] == outs[2];
        report(&format!("sum_taps 3x3 on {h}x{h} (grid {grid})"), 2.0 * 9.0 * grid as f64, t, same);
    }

    // The convolution epilogue (bias, batch norm, relu6) on one output plane.
    for (h, reps) in [(112_usize, 20), (56, 80), (14, 1000)] {
        let init = values(h * h, 5);
        let mut outs = [init.clone(), init.clone(), init];
        let norm = Some([0.1, 1.5, 0.9, -0.2]);
        let [o0, o1, o2] = &mut outs;
        let t = time3(
            reps,
            &mut [
                &mut || clamp_base(black_box(o0), Some(0.3), norm, 0.0, 6.0),
                // SAFETY: as above.
                &mut || unsafe { clamp_avx2(black_box(o1), Some(0.3), norm, 0.0, 6.0) },
                // SAFETY: as above.
                &mut || unsafe { clamp_avx512(black_box(o2), Some(0.3), norm, 0.0, 6.0) },
            ],
        );
        let same = outs[0] == outs[1] && outs[1] == outs[2];
        report(&format!("bias_norm_clamp on {h}x{h}"), 7.0 * (h * h) as f64, t, same);
    }

    // A hardswish chain as MobileNetV3 fuses it: x * clamp(x + 3, 0, 6) / 6, on a block.
    for (n, reps) in [(4096_usize, 100), (32768, 10)] {
        let src = values(n, 6);
        let three = simd::Operand::Splat(3.0);
        let steps = [
            simd::PointStep::Add { other: three, alpha: 1.0, reversed: false },
            simd::PointStep::Clamp { lo: Some(0.0), hi: Some(6.0) },
            simd::PointStep::Mul { other: simd::Operand::Run(&src), reversed: true },
            simd::PointStep::Div { other: simd::Operand::Splat(6.0), reversed: false },
        ];
        let mut outs = [vec![0f32; n], vec![0f32; n], vec![0f32; n]];
        let mut scratch = [vec![0f32; 2 * n], vec![0f32; 2 * n], vec![0f32; 2 * n]];
        let [o0, o1, o2] = &mut outs;
        let [s0, s1, s2] = &mut scratch;
        let t = time3(
            reps,
            &mut [
                &mut || chain_base(&src, black_box(o0), s0, &steps, 0),
                // SAFETY: as above.
                &mut || unsafe { chain_avx2(&src, black_box(o1), s1, &steps, 0) },
                // SAFETY: as above.
                &mut || unsafe { chain_avx512(&src, black_box(o2), s2, &steps, 0) },
            ],
        );
        let same = outs[0] == outs[1] && outs[1] == outs[2];
        report(&format!("point_steps hardswish on {n}"), 5.0 * n as f64, t, same);
    }
}
