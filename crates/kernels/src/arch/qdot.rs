//! Integer dot products of dynamically quantized rows with 4-bit and 8-bit filters: the
//! inner loops of XNNPACK's QD8-F32-QB4W / -QC4W / -QC8W fully connected layers.
//!
//! Every result is an exact integer sum, so the vector paths (AVX2 `vpmaddubsw`, NEON
//! widening multiplies) and the portable loop agree bit for bit whatever their order; the
//! caller scales the sums to f32 in its own fixed order.
//!
//! 4-bit filters hold two weights a byte, the even element in the low nibble, each
//! weight `nibble - 8`. With `q` the signed input bytes and `z` the row's zero point, a
//! group of `G` elements sums
//! `Σ (q - z)(n - 8) = Σ q·n - 8·Σ q - z·Σ n + 8·z·G`,
//! where `Σ q·n` multiplies unsigned nibbles by signed bytes (`vpmaddubsw`: no pair can
//! saturate, 2·15·128 < 2^15) and `Σ n` comes from `vpsadbw`.
//!
//! Work is split by filter rows over the kernels' threads when it is large.

use super::pool::parallel_for;
use crate::threads::num_threads;
use std::sync::Mutex;

/// Products below this many multiply-adds run on the calling thread.
const PARALLEL_WORK: usize = 1 << 18;

/// One input row's bytes reordered for the vector loops: per 32 elements, the 16 even ones
/// then the 16 odd ones (the order of a 16-byte run's low and high nibbles).
fn deinterleave(q: &[i8]) -> Vec<i8> {
    let mut out = Vec::with_capacity(q.len());
    for chunk in q.chunks(32) {
        out.extend(chunk.iter().step_by(2));
        out.extend(chunk.iter().skip(1).step_by(2));
    }
    out
}

/// Input rows of a 4-bit product: `m` rows of `k` signed bytes with their zero points.
#[derive(Clone, Copy, Debug)]
pub struct QuantizedInput<'a> {
    /// The rows' bytes, `m * k`.
    pub values: &'a [i8],
    /// One zero point per row (`m` of them).
    pub zero_points: &'a [i32],
    /// Elements per row.
    pub k: usize,
}

/// Turns the exact sums of input row `r` and filter row `j` into that output:
/// `combine(r, j, sums)`, `sums` one per group (one for a per-channel filter).
pub type Combine<'a> = dyn Fn(usize, usize, &[i32]) -> f32 + Sync + 'a;

/// Filter rows computed together before their outputs are combined.
const BLOCK_ROWS: usize = 16;

/// `out[r * n + j]` = `combine(r, j, sums)` where `sums[g]` = `Σ (q[r][i] - z[r]) *
/// (w[j][i] - 8)` over group `g` (`group` consecutive elements) of filter row `j`, for
/// each input row `r` and each of the `n = weights.len() / ceil(k / 2)` filter rows.
/// Sizes that do not fit write nothing and return `false`.
pub fn int4_dots(
    input: QuantizedInput<'_>,
    weights: &[u8],
    group: usize,
    combine: &Combine<'_>,
    out: &mut [f32],
) -> bool {
    let k = input.k;
    let m = input.zero_points.len();
    let row_bytes = k.div_ceil(2);
    if k == 0 || group == 0 || !k.is_multiple_of(group) {
        return false;
    }
    let n = weights.len() / row_bytes;
    if input.values.len() < m * k || out.len() < m * n {
        return false;
    }
    let vector = k.is_multiple_of(2) && group.is_multiple_of(32);
    let sums: Vec<i32>;
    let reordered: Vec<i8>;
    let (xs, group_sums) = if vector {
        reordered = input.values[..m * k].chunks_exact(k).flat_map(deinterleave).collect();
        sums = input.values[..m * k]
            .chunks_exact(group)
            .map(|c| c.iter().map(|&v| i32::from(v)).sum())
            .collect();
        (&reordered[..], &sums[..])
    } else {
        (&input.values[..m * k], &[][..])
    };
    let job = Int4Job { xs, zero_points: input.zero_points, group_sums, k, group, vector };
    let work =
        |w: &[u8], j0: usize, o: &mut [f32], stride: usize| job.run(w, j0, combine, o, stride);
    split_rows(n, m * n * k, &weights[..n * row_bytes], row_bytes, out, m, &work);
    true
}

/// What one part of a product computes: `work(filter rows, first row's index, outputs,
/// stride)` writes the outputs of those rows for every input row `r` at
/// `outputs[r * stride..]`.
type RowsWork<'a> = dyn Fn(&[u8], usize, &mut [f32], usize) + Sync + 'a;

/// Runs `work` over parts of the filter rows, on the kernels' threads when `macs` is
/// large. `out` is `m` blocks of `n` values.
fn split_rows(
    n: usize,
    macs: usize,
    weights: &[u8],
    row_bytes: usize,
    out: &mut [f32],
    m: usize,
    work: &RowsWork<'_>,
) {
    // Parts of an even row count (the vector loops take rows in pairs).
    split_rows_aligned(n, macs, weights, row_bytes, out, m, 2, work);
}

/// As [`split_rows`], with parts of a multiple of `align` rows (but the last).
#[allow(clippy::too_many_arguments, reason = "one product's operands")]
pub(super) fn split_rows_aligned(
    n: usize,
    macs: usize,
    weights: &[u8],
    row_bytes: usize,
    out: &mut [f32],
    m: usize,
    align: usize,
    work: &RowsWork<'_>,
) {
    let stride = n;
    let threads = num_threads().min(n.div_ceil(16)).max(1);
    if threads == 1 || macs < PARALLEL_WORK {
        work(weights, 0, out, stride);
        return;
    }
    let part = n.div_ceil(threads).next_multiple_of(align.max(1));
    if m == 1 {
        // One input row: each part writes its own slice of the outputs.
        let parts: Vec<Mutex<(&[u8], &mut [f32])>> =
            weights.chunks(part * row_bytes).zip(out.chunks_mut(part)).map(Mutex::new).collect();
        parallel_for(threads, parts.len(), &|p| {
            let mut guard = parts[p].lock().unwrap_or_else(|e| e.into_inner());
            let (rows, o) = &mut *guard;
            let len = o.len();
            work(rows, p * part, o, len);
        });
        return;
    }
    let parts: Vec<Mutex<Part<'_>>> = weights
        .chunks(part * row_bytes)
        .enumerate()
        .map(|(p, rows)| Mutex::new((p * part, rows, vec![0.0; m * (rows.len() / row_bytes)])))
        .collect();
    parallel_for(threads, parts.len(), &|p| {
        let mut guard = parts[p].lock().unwrap_or_else(|e| e.into_inner());
        let (j0, rows, buffer) = &mut *guard;
        let local = rows.len() / row_bytes;
        work(rows, *j0, buffer, local);
    });
    let parts: Vec<Part<'_>> =
        parts.into_iter().map(|p| p.into_inner().unwrap_or_else(|e| e.into_inner())).collect();
    for (j0, rows, buffer) in &parts {
        let len = rows.len() / row_bytes;
        for r in 0..m {
            let at = r * stride + j0;
            out[at..at + len].copy_from_slice(&buffer[r * len..(r + 1) * len]);
        }
    }
}

/// One part of a product of several input rows: its first filter row, the filter rows,
/// and its outputs (`m` rows of the part's width).
type Part<'a> = (usize, &'a [u8], Vec<f32>);

/// One 4-bit product's inputs, shared by the threads.
struct Int4Job<'a> {
    /// Input rows, deinterleaved when `vector`.
    xs: &'a [i8],
    zero_points: &'a [i32],
    /// `Σ q` per input row and group (vector path only).
    group_sums: &'a [i32],
    k: usize,
    group: usize,
    vector: bool,
}

impl Int4Job<'_> {
    /// Filter rows `weights` (the first is row `j0`) against every input row `r`, into
    /// `out[r * stride..]`, a block of rows at a time.
    fn run(
        &self,
        weights: &[u8],
        j0: usize,
        combine: &Combine<'_>,
        out: &mut [f32],
        stride: usize,
    ) {
        let (k, group) = (self.k, self.group);
        let row_bytes = k.div_ceil(2);
        let groups = k / group;
        let mut sums = vec![0i32; BLOCK_ROWS * groups];
        for (b, block) in weights.chunks(BLOCK_ROWS * row_bytes).enumerate() {
            let rows = block.len() / row_bytes;
            let first = b * BLOCK_ROWS;
            for (r, &z) in self.zero_points.iter().enumerate() {
                let x = &self.xs[r * k..(r + 1) * k];
                let sums = &mut sums[..rows * groups];
                if self.vector {
                    let group_sums = &self.group_sums[r * groups..(r + 1) * groups];
                    vector_int4(x, z, group_sums, block, k, group, sums);
                } else {
                    for (j, w) in block.chunks_exact(row_bytes).enumerate() {
                        for g in 0..groups {
                            sums[j * groups + g] = portable_int4(x, z, w, g * group, group);
                        }
                    }
                }
                for (j, s) in sums.chunks_exact(groups).enumerate() {
                    out[r * stride + first + j] = combine(r, j0 + first + j, s);
                }
            }
        }
    }
}

/// `Σ (x[i] - z) * (nibble i - 8)` for `i` in `start..start + len`, nibbles low first.
fn portable_int4(x: &[i8], z: i32, w: &[u8], start: usize, len: usize) -> i32 {
    (start..start + len)
        .map(|i| {
            let byte = w[i / 2];
            let nibble = if i % 2 == 0 { byte & 15 } else { byte >> 4 };
            (i32::from(x[i]) - z) * (i32::from(nibble) - 8)
        })
        .sum()
}

/// The vector path: `x` deinterleaved, `group` a multiple of 32, `k` even.
fn vector_int4(
    x: &[i8],
    z: i32,
    sums: &[i32],
    weights: &[u8],
    k: usize,
    group: usize,
    out: &mut [i32],
) {
    let finish =
        |dot_qn: i32, sum_n: i32, g: usize| dot_qn - 8 * sums[g] - z * sum_n + 8 * z * group as i32;
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        unsafe { x86::int4_rows(x, weights, k, group, out, &finish) };
        return;
    }
    #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
    {
        arm::int4_rows(x, weights, k, group, out, &finish);
        return;
    }
    #[allow(unreachable_code, reason = "the vector paths return above on their targets")]
    portable_deinterleaved(x, weights, k, group, out, &finish);
}

/// The vector path's arithmetic in plain code, for targets without one.
fn portable_deinterleaved(
    x: &[i8],
    weights: &[u8],
    k: usize,
    group: usize,
    out: &mut [i32],
    finish: &dyn Fn(i32, i32, usize) -> i32,
) {
    let row_bytes = k / 2;
    let groups = k / group;
    for (j, w) in weights.chunks_exact(row_bytes).enumerate() {
        for g in 0..groups {
            let (mut qn, mut sn) = (0i32, 0i32);
            for c in (g * group / 32)..((g + 1) * group / 32) {
                let (xs, bytes) = (&x[c * 32..c * 32 + 32], &w[c * 16..c * 16 + 16]);
                for (b, &byte) in bytes.iter().enumerate() {
                    let (lo, hi) = (i32::from(byte & 15), i32::from(byte >> 4));
                    qn += lo * i32::from(xs[b]) + hi * i32::from(xs[16 + b]);
                    sn += lo + hi;
                }
            }
            out[j * groups + g] = finish(qn, sn, g);
        }
    }
}

/// `out[r * n + j]` = `combine(r, j, &[Σ x[r][i] * w[j][i]])` over `k` inputs, `x` the
/// rows less their zero points (`i16`), `w` signed bytes, `n = weights.len() / k`.
/// Sizes that do not fit write nothing and return `false`.
pub fn int8_dots(
    x: &[i16],
    k: usize,
    weights: &[u8],
    combine: &Combine<'_>,
    out: &mut [f32],
) -> bool {
    if k == 0 {
        return false;
    }
    let m = x.len() / k;
    let n = weights.len() / k;
    if out.len() < m * n {
        return false;
    }
    let x = &x[..m * k];
    let work = |w: &[u8], j0: usize, o: &mut [f32], stride: usize| {
        for (r, xr) in x.chunks_exact(k).enumerate() {
            for (j, wr) in w.chunks_exact(k).enumerate() {
                o[r * stride + j] = combine(r, j0 + j, &[dot_i16_i8(xr, wr)]);
            }
        }
    };
    split_rows(n, m * n * k, &weights[..n * k], k, out, m, &work);
    true
}

fn dot_i16_i8(x: &[i16], w: &[u8]) -> i32 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        return unsafe { x86::dot_i16_i8(x, w) };
    }
    x.iter().zip(w).map(|(&a, &b)| i32::from(a) * i32::from(b as i8)).sum()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    /// Filter rows two at a time: row `j` in the low 128 bits, row `j + 1` in the high
    /// ones, each against the same 32 inputs (broadcast).
    #[target_feature(enable = "avx2")]
    pub(super) fn int4_rows(
        x: &[i8],
        weights: &[u8],
        k: usize,
        group: usize,
        out: &mut [i32],
        finish: &dyn Fn(i32, i32, usize) -> i32,
    ) {
        let row_bytes = k / 2;
        let rows = weights.len() / row_bytes;
        let groups = k / group;
        let mask = _mm256_set1_epi8(0x0f);
        let ones = _mm256_set1_epi16(1);
        let zero = _mm256_setzero_si256();
        let mut j = 0;
        while j < rows {
            let second = if j + 1 < rows { j + 1 } else { j };
            let (w0, w1) = (&weights[j * row_bytes..], &weights[second * row_bytes..]);
            for g in 0..groups {
                let mut acc = _mm256_setzero_si256();
                let mut nib = _mm256_setzero_si256();
                for c in (g * group / 32)..((g + 1) * group / 32) {
                    // SAFETY: chunk `c` < k / 32: bytes 16c..16c + 16 are in both rows
                    // (`row_bytes` = k / 2 each) and inputs 32c..32c + 32 in `x` (k long).
                    unsafe {
                        let lo128 = _mm_loadu_si128(w0.as_ptr().add(16 * c).cast());
                        let hi128 = _mm_loadu_si128(w1.as_ptr().add(16 * c).cast());
                        let w = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo128), hi128);
                        let even = _mm256_broadcastsi128_si256(_mm_loadu_si128(
                            x.as_ptr().add(32 * c).cast(),
                        ));
                        let odd = _mm256_broadcastsi128_si256(_mm_loadu_si128(
                            x.as_ptr().add(32 * c + 16).cast(),
                        ));
                        let lo = _mm256_and_si256(w, mask);
                        let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(w), mask);
                        let pairs = _mm256_add_epi16(
                            _mm256_maddubs_epi16(lo, even),
                            _mm256_maddubs_epi16(hi, odd),
                        );
                        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, ones));
                        nib = _mm256_add_epi64(
                            nib,
                            _mm256_add_epi64(_mm256_sad_epu8(lo, zero), _mm256_sad_epu8(hi, zero)),
                        );
                    }
                }
                let h = _mm256_hadd_epi32(acc, acc);
                let h = _mm256_hadd_epi32(h, h);
                let qn0 = _mm256_extract_epi32::<0>(h);
                let qn1 = _mm256_extract_epi32::<4>(h);
                let n0 = _mm256_extract_epi64::<0>(nib) + _mm256_extract_epi64::<1>(nib);
                let n1 = _mm256_extract_epi64::<2>(nib) + _mm256_extract_epi64::<3>(nib);
                out[j * groups + g] = finish(qn0, n0 as i32, g);
                if second != j {
                    out[second * groups + g] = finish(qn1, n1 as i32, g);
                }
            }
            j += 2;
        }
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn dot_i16_i8(x: &[i16], w: &[u8]) -> i32 {
        let n = x.len().min(w.len());
        let mut acc = _mm256_setzero_si256();
        let mut i = 0;
        while i + 16 <= n {
            // SAFETY: i + 16 <= n: 16 i16 of `x` and 16 bytes of `w` are in bounds.
            unsafe {
                let xv = _mm256_loadu_si256(x.as_ptr().add(i).cast());
                let wv = _mm256_cvtepi8_epi16(_mm_loadu_si128(w.as_ptr().add(i).cast()));
                acc = _mm256_add_epi32(acc, _mm256_madd_epi16(xv, wv));
            }
            i += 16;
        }
        let mut lanes = [0i32; 8];
        // SAFETY: `lanes` holds 8 i32.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), acc) };
        let tail: i32 =
            x[i..n].iter().zip(&w[i..n]).map(|(&a, &b)| i32::from(a) * i32::from(b as i8)).sum();
        lanes.iter().sum::<i32>() + tail
    }
}

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod arm {
    use std::arch::aarch64::*;

    pub(super) fn int4_rows(
        x: &[i8],
        weights: &[u8],
        k: usize,
        group: usize,
        out: &mut [i32],
        finish: &dyn Fn(i32, i32, usize) -> i32,
    ) {
        let row_bytes = k / 2;
        let groups = k / group;
        for (j, w) in weights.chunks_exact(row_bytes).enumerate() {
            for g in 0..groups {
                // SAFETY: chunk `c` < k / 32: bytes 16c..16c + 16 of the row and inputs
                // 32c..32c + 32 are in bounds; NEON is the aarch64 baseline.
                unsafe {
                    let mut acc = vdupq_n_s32(0);
                    let mut nib = vdupq_n_u32(0);
                    let mask = vdupq_n_u8(0x0f);
                    for c in (g * group / 32)..((g + 1) * group / 32) {
                        let wv = vld1q_u8(w.as_ptr().add(16 * c));
                        let even = vld1q_s8(x.as_ptr().add(32 * c));
                        let odd = vld1q_s8(x.as_ptr().add(32 * c + 16));
                        let lo = vandq_u8(wv, mask);
                        let hi = vshrq_n_u8::<4>(wv);
                        let (slo, shi) = (vreinterpretq_s8_u8(lo), vreinterpretq_s8_u8(hi));
                        let p = vmull_s8(vget_low_s8(slo), vget_low_s8(even));
                        let p = vmlal_s8(p, vget_low_s8(shi), vget_low_s8(odd));
                        acc = vpadalq_s16(acc, p);
                        let p = vmull_high_s8(slo, even);
                        let p = vmlal_high_s8(p, shi, odd);
                        acc = vpadalq_s16(acc, p);
                        nib = vpadalq_u16(nib, vaddq_u16(vpaddlq_u8(lo), vpaddlq_u8(hi)));
                    }
                    out[j * groups + g] = finish(vaddvq_s32(acc), vaddvq_u32(nib) as i32, g);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize, seed: u32) -> Vec<u8> {
        let mut s = seed.wrapping_mul(2654435761).wrapping_add(7);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s >> 7) as u8
            })
            .collect()
    }

    /// The definition, one element at a time.
    fn reference(q: &[i8], zps: &[i32], w: &[u8], k: usize, group: usize) -> Vec<i32> {
        let row_bytes = k.div_ceil(2);
        let n = w.len() / row_bytes;
        let mut out = Vec::new();
        for (r, &z) in zps.iter().enumerate() {
            for j in 0..n {
                for g in 0..k / group {
                    out.push(portable_int4(&q[r * k..], z, &w[j * row_bytes..], g * group, group));
                }
            }
        }
        out
    }

    /// Runs `int4_dots` and returns every group sum it combined, in output order.
    fn group_sums(input: QuantizedInput<'_>, w: &[u8], group: usize, n: usize) -> Option<Vec<i32>> {
        let m = input.zero_points.len();
        let groups = input.k / group;
        let seen = std::sync::Mutex::new(vec![0i32; m * n * groups]);
        let combine = |r: usize, j: usize, sums: &[i32]| {
            let mut seen = seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            seen[(r * n + j) * groups..][..groups].copy_from_slice(sums);
            (r * n + j) as f32
        };
        let mut out = vec![-1.0; m * n];
        if !int4_dots(input, w, group, &combine, &mut out) {
            return None;
        }
        // Each output is the one its (r, j) combined into.
        assert!(out.iter().enumerate().all(|(i, &o)| o == i as f32), "{out:?}");
        Some(seen.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    #[test]
    fn four_bit_sums_equal_the_definition_for_every_path_and_shape() {
        // Extreme inputs and zero points included; odd row counts, groups of 32, 64, k and
        // 2 (the portable path), enough work to be split across threads.
        for &(m, n, k, group) in &[
            (1, 7, 64, 32),
            (3, 5, 128, 64),
            (2, 9, 96, 96),
            (1, 3, 10, 2),
            (1, 301, 1024, 32),
            (4, 64, 512, 128),
            (3, 333, 1024, 32),
        ] {
            let mut q: Vec<i8> =
                bytes(m * k, (n * k) as u32).into_iter().map(|b| b as i8).collect();
            q[0] = -128;
            q[1] = 127;
            let w = bytes(n * k.div_ceil(2), k as u32);
            let zps: Vec<i32> = (0..m).map(|r| [-128, 127, 0, 33][r % 4]).collect();
            let input = QuantizedInput { values: &q, zero_points: &zps, k };
            let got = group_sums(input, &w, group, n).expect("sizes fit");
            assert_eq!(got, reference(&q, &zps, &w, k, group), "{m}x{n}x{k} group {group}");
        }
    }

    #[test]
    fn sizes_that_do_not_fit_write_nothing() {
        let q = [0i8; 64];
        let input = QuantizedInput { values: &q, zero_points: &[0], k: 64 };
        let mut out = [7.0f32; 2];
        let combine = |_: usize, _: usize, _: &[i32]| 0.0;
        assert!(!int4_dots(input, &[0u8; 96], 32, &combine, &mut out), "3 outputs into 2");
        assert!(!int4_dots(input, &[0u8; 32], 48, &combine, &mut out), "48 does not divide 64");
        assert!(!int8_dots(&[0i16; 8], 8, &[0u8; 24], &combine, &mut out), "3 outputs into 2");
        assert_eq!(out, [7.0, 7.0]);
    }

    #[test]
    fn eight_bit_sums_equal_the_definition() {
        for &(m, n, k) in &[(1, 5, 37), (2, 300, 1000), (3, 4, 16)] {
            let x: Vec<i16> = bytes(m * k, 3).iter().map(|&b| i16::from(b) * 2 - 255).collect();
            let w = bytes(n * k, 5);
            let seen = std::sync::Mutex::new(vec![0i32; m * n]);
            let combine = |r: usize, j: usize, s: &[i32]| {
                seen.lock().unwrap_or_else(std::sync::PoisonError::into_inner)[r * n + j] = s[0];
                0.0
            };
            let mut out = vec![0.0; m * n];
            assert!(int8_dots(&x, k, &w, &combine, &mut out));
            let seen = seen.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
            for r in 0..m {
                for j in 0..n {
                    let want: i32 = (0..k)
                        .map(|i| i32::from(x[r * k + i]) * i32::from(w[j * k + i] as i8))
                        .sum();
                    assert_eq!(seen[r * n + j], want, "{m}x{n}x{k} at {r},{j}");
                }
            }
        }
    }
}
