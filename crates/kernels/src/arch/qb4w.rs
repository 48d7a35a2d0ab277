//! XNNPACK's dynamically quantized linear layer with blockwise 4-bit filters
//! (QD8-F32-QB4W), in the official runtime's floating-point order, reading the filter in
//! the file's row-major layout.
//!
//! Per output channel `j` and input row `r` with zero point `z` and scale `a`, XNNPACK
//! computes, in f32:
//! `v = ksum[j] * (z + offset)`; per group `g` in order `v = fma(A[g], s[j][g], v)`;
//! `out = v * a + bias[j]`, where `A[g] = Σ (q + offset) * (n - 8)` over the group is exact,
//! `ksum[j]` is the filter's `-Σ (n - 8) * s` summed 16 elements at a time at load (see
//! [`BlockwiseTables::new`]), and `offset` is 128 where XNNPACK feeds the products unsigned
//! bytes (AVX-512 VNNI CPUs: its QDU8 path) and 0 elsewhere. Matching that order makes the
//! outputs bit-identical to the official runtime, so generated tokens do not drift apart.
//!
//! On AVX-512 VNNI the products are `vpdpbusd` over 16 filter rows at a time, each row's
//! 64-byte run (128 weights) split into its low and high nibbles against the input's even
//! and odd elements; the sixteen rows' lane sums are then folded and transposed into one
//! vector of 16 rows per group. Elsewhere the exact group sums come from [`int4_dots`].

#[cfg(target_arch = "x86_64")]
use super::qdot::split_rows_aligned;
use super::qdot::{int4_dots, QuantizedInput};

/// Filter rows one vector step covers.
const LANES: usize = 16;

/// Input rows from which the VNNI loop unpacks a 16-row block of the filter once, into
/// channel-interleaved bytes that every row reuses, instead of unpacking it for each row:
/// below this, the unpacking costs more than it saves.
#[cfg(target_arch = "x86_64")]
const MANY_ROWS: usize = 4;

/// What XNNPACK precomputes for a blockwise 4-bit filter `[n, k]`: the per-channel zero
/// point correction and the scales, transposed so that 16 consecutive channels' scales of
/// one group are adjacent.
#[derive(Clone, Debug)]
pub struct BlockwiseTables {
    n: usize,
    k: usize,
    group: usize,
    /// `ksum[j]`: see the module documentation.
    ksums: Vec<f32>,
    /// bf16 bits of scale `(j, g)` at `((j / 16) * groups + g) * 16 + j % 16`, zero past `n`.
    scales: Vec<u16>,
}

impl BlockwiseTables {
    /// The tables of filter `weights` (`n` rows of `k / 2` bytes, low nibble first) whose
    /// scale `(j, g)` has bf16 bits `scale_bits(j * groups + g)`. `None` when the sizes do
    /// not fit (`group` must be a multiple of 32 dividing `k`).
    pub fn new(
        weights: &[u8],
        n: usize,
        k: usize,
        group: usize,
        scale_bits: &dyn Fn(usize) -> u16,
    ) -> Option<Self> {
        if group == 0 || !group.is_multiple_of(32) || !k.is_multiple_of(group) || n == 0 {
            return None;
        }
        let row_bytes = k / 2;
        let weights = weights.get(..n.checked_mul(row_bytes)?)?;
        let groups = k / group;
        let bf16 = |bits: u16| f32::from_bits(u32::from(bits) << 16);
        let mut scales = vec![0u16; n.next_multiple_of(LANES).checked_mul(groups)?];
        for j in 0..n {
            for g in 0..groups {
                scales[((j / LANES) * groups + g) * LANES + j % LANES] = scale_bits(j * groups + g);
            }
        }
        // XNNPACK's packing: 16 elements at a time, `ksum -= (Σ (n - 8)) * scale` (the
        // product is exact: a 7-bit integer times an 8-bit mantissa), from 0.
        let ksums = weights
            .chunks_exact(row_bytes)
            .enumerate()
            .map(|(j, row)| {
                row.chunks_exact(8).enumerate().fold(0.0f32, |acc, (c, bytes)| {
                    let sum: i32 =
                        bytes.iter().map(|&b| i32::from(b & 15) + i32::from(b >> 4) - 16).sum();
                    acc - sum as f32 * bf16(scale_bits(j * groups + c * 16 / group))
                })
            })
            .collect();
        Some(BlockwiseTables { n, k, group, ksums, scales })
    }

    /// Output channels.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Heap bytes the tables hold.
    pub fn bytes(&self) -> usize {
        4 * self.ksums.len() + 2 * self.scales.len()
    }

    fn scale(&self, j: usize, g: usize) -> f32 {
        let groups = self.k / self.group;
        f32::from_bits(u32::from(self.scales[((j / LANES) * groups + g) * LANES + j % LANES]) << 16)
    }

    /// The epilogue of output `(j)` from its exact group sums, in XNNPACK's order.
    fn finish(&self, j: usize, zero: f32, scale: f32, bias: f32, sums: &[i32]) -> f32 {
        let mut v = self.ksums[j] * zero;
        for (g, &s) in sums.iter().enumerate() {
            v = (s as f32).mul_add(self.scale(j, g), v);
        }
        v * scale + bias
    }
}

/// Whether the official runtime offsets the quantized inputs by 128 on this CPU (its
/// unsigned-input path, taken where AVX-512 VNNI is present).
pub fn blockwise_input_offset() -> i32 {
    if has_vnni512() {
        128
    } else {
        0
    }
}

fn has_vnni512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        super::simd::has_avx512() && std::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `out[r * n + j]` = the blockwise linear layer of input row `r` (signed bytes with zero
/// point `input.zero_points[r]` and scale `row_scales[r]`) and filter row `j`, plus
/// `bias[j]` (0 without one). Sizes that do not fit write nothing and return `false`.
pub fn blockwise_int4_linear(
    input: QuantizedInput<'_>,
    row_scales: &[f32],
    weights: &[u8],
    tables: &BlockwiseTables,
    bias: Option<&[f32]>,
    out: &mut [f32],
) -> bool {
    let offset = blockwise_input_offset();
    linear(input, row_scales, weights, tables, bias, out, offset, offset == 128)
}

/// [`blockwise_int4_linear`] with the input offset given, on the VNNI loop when `vnni`
/// (which requires the offset 128 and the CPU's support).
#[allow(clippy::too_many_arguments, reason = "one product's operands")]
fn linear(
    input: QuantizedInput<'_>,
    row_scales: &[f32],
    weights: &[u8],
    tables: &BlockwiseTables,
    bias: Option<&[f32]>,
    out: &mut [f32],
    offset: i32,
    vnni: bool,
) -> bool {
    let (n, k) = (tables.n, tables.k);
    let m = input.zero_points.len();
    let row_bytes = k / 2;
    let fits = input.k == k
        && row_scales.len() >= m
        && input.values.len() >= m * k
        && weights.len() >= n * row_bytes
        && out.len() >= m * n
        && bias.is_none_or(|b| b.len() >= n);
    if !fits {
        return false;
    }
    let weights = &weights[..n * row_bytes];
    let bias_at = |j: usize| bias.map_or(0.0, |b| b[j]);
    #[cfg(target_arch = "x86_64")]
    if vnni && offset == 128 && has_vnni512() {
        let zeros: Vec<f32> = input.zero_points.iter().map(|&z| (z + 128) as f32).collect();
        // The last rows of a part, past its multiple of 16, in plain code.
        let last_rows = |w: &[u8], j0: usize, o: &mut [f32], stride: usize, full: usize| {
            for j in full..w.len() / row_bytes {
                let wr = &w[j * row_bytes..(j + 1) * row_bytes];
                for r in 0..m {
                    let sums = group_sums(&input.values[r * k..(r + 1) * k], 128, wr, tables.group);
                    o[r * stride + j] =
                        tables.finish(j0 + j, zeros[r], row_scales[r], bias_at(j0 + j), &sums);
                }
            }
        };
        if m >= MANY_ROWS {
            // Each row as q + 128, in order.
            let xs: Vec<u8> =
                input.values[..m * k].iter().map(|&q| (i32::from(q) + 128) as u8).collect();
            let work = |w: &[u8], j0: usize, o: &mut [f32], stride: usize| {
                let full = (w.len() / row_bytes) / LANES * LANES;
                // SAFETY: the CPU has AVX-512 F/BW/VL/DQ and VNNI (`offset` is 128 only then).
                unsafe {
                    x86::rows16_many(&xs, &zeros, row_scales, w, j0, full, tables, bias, o, stride)
                };
                last_rows(w, j0, o, stride, full);
            };
            split_rows_aligned(n, m * n * k, weights, row_bytes, out, m, LANES, &work);
            return true;
        }
        let chunks = k.div_ceil(128);
        // Per row, per 128 elements: the 64 even ones, then the 64 odd ones, as q + 128.
        let mut xs = vec![0u8; m * chunks * 128];
        for (row, dst) in
            input.values[..m * k].chunks_exact(k).zip(xs.chunks_exact_mut(chunks * 128))
        {
            for (src, d) in row.chunks(128).zip(dst.chunks_exact_mut(128)) {
                for (i, &q) in src.iter().enumerate() {
                    d[(i % 2) * 64 + i / 2] = (i32::from(q) + 128) as u8;
                }
            }
        }
        let work = |w: &[u8], j0: usize, o: &mut [f32], stride: usize| {
            let full = (w.len() / row_bytes) / LANES * LANES;
            // SAFETY: the CPU has AVX-512 F/BW/VL/DQ and VNNI (`offset` is 128 only then).
            unsafe {
                x86::rows16(&xs, chunks, &zeros, row_scales, w, j0, full, tables, bias, o, stride)
            };
            last_rows(w, j0, o, stride, full);
        };
        split_rows_aligned(n, m * n * k, weights, row_bytes, out, m, LANES, &work);
        return true;
    }
    // Elsewhere: the exact sums Σ (q + offset)(n - 8) from the generic loops (their zero
    // point is -offset), finished in the official order.
    let shifted = vec![-offset; m];
    let rows = QuantizedInput { values: input.values, zero_points: &shifted, k };
    let combine = |r: usize, j: usize, sums: &[i32]| {
        let zero = (input.zero_points[r] + offset) as f32;
        tables.finish(j, zero, row_scales[r], bias_at(j), sums)
    };
    let _ = vnni;
    int4_dots(rows, weights, tables.group, &combine, out)
}

/// `Σ (q + offset)(n - 8)` per group of one row, in plain code (the VNNI path's last rows).
#[cfg(target_arch = "x86_64")]
fn group_sums(x: &[i8], offset: i32, w: &[u8], group: usize) -> Vec<i32> {
    x.chunks_exact(group)
        .enumerate()
        .map(|(g, xs)| {
            xs.iter()
                .enumerate()
                .map(|(i, &q)| {
                    let at = g * group + i;
                    let byte = w[at / 2];
                    let nibble = if at.is_multiple_of(2) { byte & 15 } else { byte >> 4 };
                    (i32::from(q) + offset) * (i32::from(nibble) - 8)
                })
                .sum()
        })
        .collect()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{BlockwiseTables, LANES};
    use std::arch::x86_64::*;

    /// Folds 16 rows' `vpdpbusd` sums (lanes `4g..4g + 4` of a row: its group `g`) into
    /// four vectors, one per group, lane `i` row `i`.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn fold(acc: &[__m512i; 16]) -> [__m512i; 4] {
        let pair = |a: __m512i, b: __m512i| {
            _mm512_add_epi32(_mm512_unpacklo_epi32(a, b), _mm512_unpackhi_epi32(a, b))
        };
        let quad = |p: __m512i, q: __m512i| {
            _mm512_add_epi32(_mm512_unpacklo_epi64(p, q), _mm512_unpackhi_epi64(p, q))
        };
        let w: [__m512i; 4] = std::array::from_fn(|t| {
            quad(pair(acc[4 * t], acc[4 * t + 1]), pair(acc[4 * t + 2], acc[4 * t + 3]))
        });
        let u0 = _mm512_shuffle_i32x4::<0x44>(w[0], w[1]);
        let u1 = _mm512_shuffle_i32x4::<0xEE>(w[0], w[1]);
        let u2 = _mm512_shuffle_i32x4::<0x44>(w[2], w[3]);
        let u3 = _mm512_shuffle_i32x4::<0xEE>(w[2], w[3]);
        [
            _mm512_shuffle_i32x4::<0x88>(u0, u2),
            _mm512_shuffle_i32x4::<0xDD>(u0, u2),
            _mm512_shuffle_i32x4::<0x88>(u1, u3),
            _mm512_shuffle_i32x4::<0xDD>(u1, u3),
        ]
    }

    /// Transposes 16 vectors of 16 dwords: lane `i` of result `c` is lane `c` of row `i`.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn transpose16(r: &[__m512i; 16]) -> [__m512i; 16] {
        let t: [__m512i; 16] = std::array::from_fn(|i| {
            let (a, b) = (r[i & !1], r[i | 1]);
            if i % 2 == 0 {
                _mm512_unpacklo_epi32(a, b)
            } else {
                _mm512_unpackhi_epi32(a, b)
            }
        });
        // u[4q + d], lane L: rows 4q..4q + 4 of column 4L + d.
        let u: [__m512i; 16] = std::array::from_fn(|i| {
            let (q, d) = (i / 4, i % 4);
            let (a, b) = (t[4 * q + d / 2], t[4 * q + 2 + d / 2]);
            if d % 2 == 0 {
                _mm512_unpacklo_epi64(a, b)
            } else {
                _mm512_unpackhi_epi64(a, b)
            }
        });
        let mut out = [_mm512_setzero_si512(); 16];
        for d in 0..4 {
            let v0 = _mm512_shuffle_i32x4::<0x44>(u[d], u[4 + d]);
            let v1 = _mm512_shuffle_i32x4::<0xEE>(u[d], u[4 + d]);
            let v2 = _mm512_shuffle_i32x4::<0x44>(u[8 + d], u[12 + d]);
            let v3 = _mm512_shuffle_i32x4::<0xEE>(u[8 + d], u[12 + d]);
            out[d] = _mm512_shuffle_i32x4::<0x88>(v0, v2);
            out[4 + d] = _mm512_shuffle_i32x4::<0xDD>(v0, v2);
            out[8 + d] = _mm512_shuffle_i32x4::<0x88>(v1, v3);
            out[12 + d] = _mm512_shuffle_i32x4::<0xDD>(v1, v3);
        }
        out
    }

    /// Unpacks rows `first..first + 16` of the filter into `packed`: per 4 consecutive
    /// elements `t`, one vector of 16 dwords (row `i` in lane `i`) of signed bytes `n - 8`.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn unpack_block(weights: &[u8], first: usize, k: usize, packed: &mut [__m512i]) {
        let row_bytes = k / 2;
        let chunks = k.div_ceil(128);
        assert!(
            weights.len() >= (first + LANES) * row_bytes && packed.len() >= chunks * 32,
            "operands checked by the caller"
        );
        let low = _mm512_set1_epi8(15);
        let eight = _mm512_set1_epi8(8);
        let base = weights.as_ptr().wrapping_add(first * row_bytes);
        for c in 0..chunks {
            let bytes = (row_bytes - c * 64).min(64);
            let mask: __mmask64 = if bytes == 64 { !0 } else { (1u64 << bytes) - 1 };
            let mut even = [_mm512_setzero_si512(); 16];
            let mut odd = [_mm512_setzero_si512(); 16];
            for i in 0..LANES {
                // SAFETY: row `first + i` has `row_bytes` bytes, of which the mask selects
                // those at or past 64c (checked above).
                let w = unsafe {
                    _mm512_maskz_loadu_epi8(mask, base.add(i * row_bytes + c * 64).cast())
                };
                let lo = _mm512_and_si512(w, low);
                let hi = _mm512_and_si512(_mm512_srli_epi16::<4>(w), low);
                // Per 128-bit lane L: elements 32L..32L + 16, then 32L + 16..32L + 32.
                even[i] = _mm512_sub_epi8(_mm512_unpacklo_epi8(lo, hi), eight);
                odd[i] = _mm512_sub_epi8(_mm512_unpackhi_epi8(lo, hi), eight);
            }
            for (half, rows) in [even, odd].iter().enumerate() {
                for (col, v) in transpose16(rows).into_iter().enumerate() {
                    // Column 4L + d holds elements 4(8L + 4 half + d)..+4 of the chunk.
                    let t = c * 32 + 8 * (col / 4) + 4 * half + col % 4;
                    packed[t] = v;
                }
            }
        }
    }

    /// As [`rows16`] for many input rows: `xs` holds each row's `k` elements plus 128 in
    /// order, and each 16-row block of the filter is unpacked once for all of them.
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx2,fma")]
    #[allow(clippy::too_many_arguments, reason = "one product's operands")]
    pub(super) fn rows16_many(
        xs: &[u8],
        zeros: &[f32],
        row_scales: &[f32],
        weights: &[u8],
        j0: usize,
        full: usize,
        tables: &BlockwiseTables,
        bias: Option<&[f32]>,
        out: &mut [f32],
        stride: usize,
    ) {
        let k = tables.k;
        let row_bytes = k / 2;
        let groups = k / tables.group;
        let steps = tables.group / 4;
        let m = zeros.len();
        assert!(
            xs.len() >= m * k
                && weights.len() >= full * row_bytes
                && full.is_multiple_of(LANES)
                && j0.is_multiple_of(LANES)
                && tables.ksums.len() >= j0 + full
                && tables.scales.len() >= (j0 + full) * groups
                && bias.is_none_or(|b| b.len() >= j0 + full)
                && row_scales.len() >= m
                && (m == 0 || out.len() >= (m - 1) * stride + full),
            "operands checked by the caller"
        );
        let mut packed = vec![_mm512_setzero_si512(); k.div_ceil(128) * 32];
        for block in 0..full / LANES {
            let first = block * LANES;
            unpack_block(weights, first, k, &mut packed);
            let block = Block { packed: &packed, global: j0 + first, first, steps, groups };
            let mut r = 0;
            while r < m {
                let left = m - r;
                let (rows, at) = (&xs[r * k..], (r, &mut *out));
                r += if left >= 8 {
                    tile::<8>(rows, zeros, row_scales, &block, tables, bias, at, stride)
                } else if left >= 4 {
                    tile::<4>(rows, zeros, row_scales, &block, tables, bias, at, stride)
                } else if left >= 2 {
                    tile::<2>(rows, zeros, row_scales, &block, tables, bias, at, stride)
                } else {
                    tile::<1>(rows, zeros, row_scales, &block, tables, bias, at, stride)
                };
            }
        }
    }

    /// One unpacked 16-row block of the filter.
    struct Block<'a> {
        packed: &'a [__m512i],
        /// Its first row, in the whole filter and in this part.
        global: usize,
        first: usize,
        /// Four-element steps per group, and groups.
        steps: usize,
        groups: usize,
    }

    /// Input rows `r..r + R` (`xs` starts at row `r`) against one block; returns `R`.
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx2,fma")]
    #[inline]
    #[allow(clippy::too_many_arguments, reason = "one product's operands")]
    fn tile<const R: usize>(
        xs: &[u8],
        zeros: &[f32],
        row_scales: &[f32],
        block: &Block<'_>,
        tables: &BlockwiseTables,
        bias: Option<&[f32]>,
        (r, out): (usize, &mut [f32]),
        stride: usize,
    ) -> usize {
        let k = tables.k;
        let (steps, groups) = (block.steps, block.groups);
        assert!(
            xs.len() >= R * k
                && zeros.len() >= r + R
                && row_scales.len() >= r + R
                && block.packed.len() >= groups * steps
                && tables.ksums.len() >= block.global + LANES
                && tables.scales.len() >= (block.global / LANES + 1) * groups * LANES
                && bias.is_none_or(|b| b.len() >= block.global + LANES)
                && out.len() >= (r + R - 1) * stride + block.first + LANES,
            "operands checked by the caller"
        );
        // SAFETY: `ksums` has rows `global..global + 16` (checked above).
        let ksum = unsafe { _mm512_loadu_ps(tables.ksums.as_ptr().add(block.global)) };
        let mut v: [__m512; R] =
            std::array::from_fn(|i| _mm512_mul_ps(ksum, _mm512_set1_ps(zeros[r + i])));
        let scales = tables.scales.as_ptr().wrapping_add(block.global / LANES * groups * LANES);
        for g in 0..groups {
            let mut acc = [_mm512_setzero_si512(); R];
            for t in g * steps..(g + 1) * steps {
                let w = block.packed[t];
                for (i, a) in acc.iter_mut().enumerate() {
                    // SAFETY: element 4t + 3 < k of row i < R (checked above).
                    let x =
                        unsafe { xs.as_ptr().add(i * k + 4 * t).cast::<i32>().read_unaligned() };
                    *a = _mm512_dpbusd_epi32(*a, _mm512_set1_epi32(x), w);
                }
            }
            // SAFETY: the block's scales of group `g` < groups (checked above).
            let s = unsafe {
                let bits = _mm256_loadu_si256(scales.add(g * LANES).cast());
                _mm512_castsi512_ps(_mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(bits)))
            };
            for (v, a) in v.iter_mut().zip(&acc) {
                *v = _mm512_fmadd_ps(_mm512_cvtepi32_ps(*a), s, *v);
            }
        }
        let b = match bias {
            // SAFETY: `bias` has rows `global..global + 16` (checked above).
            Some(b) => unsafe { _mm512_loadu_ps(b.as_ptr().add(block.global)) },
            None => _mm512_setzero_ps(),
        };
        for (i, v) in v.iter().enumerate() {
            let v = _mm512_add_ps(_mm512_mul_ps(*v, _mm512_set1_ps(row_scales[r + i])), b);
            // SAFETY: outputs (r + i) * stride + first..+16 are within `out` (checked above).
            unsafe { _mm512_storeu_ps(out.as_mut_ptr().add((r + i) * stride + block.first), v) };
        }
        R
    }

    /// The first `full` rows (a multiple of 16) of `weights`, global rows `j0..`, against
    /// every input row: `xs` holds each row's `chunks` of 128 bytes (even elements then
    /// odd ones, plus 128), `zeros` the rows' zero points plus 128.
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx2,fma")]
    #[allow(clippy::too_many_arguments, reason = "one product's operands")]
    pub(super) fn rows16(
        xs: &[u8],
        chunks: usize,
        zeros: &[f32],
        row_scales: &[f32],
        weights: &[u8],
        j0: usize,
        full: usize,
        tables: &BlockwiseTables,
        bias: Option<&[f32]>,
        out: &mut [f32],
        stride: usize,
    ) {
        let k = tables.k;
        let row_bytes = k / 2;
        let groups = k / tables.group;
        let per_group = tables.group / 32;
        let m = zeros.len();
        assert!(
            xs.len() >= m * chunks * 128
                && weights.len() >= full * row_bytes
                && full.is_multiple_of(LANES)
                && j0.is_multiple_of(LANES)
                && tables.ksums.len() >= j0 + full
                && tables.scales.len() >= (j0 + full) * groups
                && bias.is_none_or(|b| b.len() >= j0 + full)
                && row_scales.len() >= m
                && (m == 0 || out.len() >= (m - 1) * stride + full),
            "operands checked by the caller"
        );
        let nibble = _mm512_set1_epi8(0xF0u8 as i8);
        let sign = _mm512_set1_epi8(0x80u8 as i8);
        let tail_bytes = row_bytes - (chunks - 1) * 64;
        let tail_mask: __mmask64 = if tail_bytes == 64 { !0 } else { (1u64 << tail_bytes) - 1 };
        for block in 0..full / LANES {
            let first = block * LANES;
            let base = weights.as_ptr().wrapping_add(first * row_bytes);
            let next = base.wrapping_add(LANES * row_bytes);
            let global_block = (j0 + first) / LANES;
            for r in 0..m {
                // SAFETY: `ksums` has rows j0 + first..+16 (checked above).
                let mut v = unsafe {
                    _mm512_mul_ps(
                        _mm512_loadu_ps(tables.ksums.as_ptr().add(j0 + first)),
                        _mm512_set1_ps(zeros[r]),
                    )
                };
                // Group sums are taken whole: a group may span several 128-element chunks
                // (group > 128) or a chunk hold several groups.
                let mut pending = _mm512_setzero_si512();
                let mut g = 0;
                for c in 0..chunks {
                    let mask = if c + 1 == chunks { tail_mask } else { !0 };
                    let x = xs.as_ptr().wrapping_add((r * chunks + c) * 128);
                    // SAFETY: `xs` holds 128 bytes per chunk per row (checked above).
                    let (even, odd) = unsafe {
                        (_mm512_loadu_si512(x.cast()), _mm512_loadu_si512(x.add(64).cast()))
                    };
                    let acc: [__m512i; 16] = std::array::from_fn(|i| {
                        // SAFETY: row `first + i` < `full` has `row_bytes` bytes, of which
                        // the mask selects those at or past 64c; prefetching is a hint that
                        // never faults.
                        unsafe {
                            let at = i * row_bytes + c * 64;
                            let w = _mm512_maskz_loadu_epi8(mask, base.add(at).cast());
                            if r == 0 {
                                _mm_prefetch::<_MM_HINT_T0>(next.wrapping_add(at).cast());
                            }
                            let lo = _mm512_ternarylogic_epi32::<0x6A>(
                                _mm512_slli_epi32::<4>(w),
                                nibble,
                                sign,
                            );
                            let hi = _mm512_ternarylogic_epi32::<0x6A>(w, nibble, sign);
                            let acc = _mm512_dpbusd_epi32(_mm512_setzero_si512(), even, lo);
                            _mm512_dpbusd_epi32(acc, odd, hi)
                        }
                    });
                    let folded = fold(&acc);
                    // 32-element quarters of this chunk that exist.
                    let quarters = ((k - c * 128).min(128)) / 32;
                    for (q, part) in folded.iter().enumerate().take(quarters) {
                        pending = _mm512_add_epi32(pending, *part);
                        if (c * 4 + q + 1).is_multiple_of(per_group) {
                            // SAFETY: scales of block `global_block`, group `g` < groups.
                            let s = unsafe {
                                let bits = _mm256_loadu_si256(
                                    tables
                                        .scales
                                        .as_ptr()
                                        .add((global_block * groups + g) * LANES)
                                        .cast(),
                                );
                                _mm512_castsi512_ps(_mm512_slli_epi32::<16>(_mm512_cvtepu16_epi32(
                                    bits,
                                )))
                            };
                            // Both nibbles were taken as 16 (n - 8): exact multiples of 16.
                            let exact = _mm512_srai_epi32::<4>(pending);
                            pending = _mm512_setzero_si512();
                            v = _mm512_fmadd_ps(_mm512_cvtepi32_ps(exact), s, v);
                            g += 1;
                        }
                    }
                }
                v = _mm512_mul_ps(v, _mm512_set1_ps(row_scales[r]));
                let b = match bias {
                    // SAFETY: `bias` has rows j0 + first..+16 (checked above).
                    Some(b) => unsafe { _mm512_loadu_ps(b.as_ptr().add(j0 + first)) },
                    None => _mm512_setzero_ps(),
                };
                v = _mm512_add_ps(v, b);
                // SAFETY: outputs r * stride + first..+16 are within `out` (checked above).
                unsafe { _mm512_storeu_ps(out.as_mut_ptr().add(r * stride + first), v) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize, seed: u32) -> Vec<u8> {
        let mut s = seed.wrapping_mul(2654435761).wrapping_add(12345);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s >> 8) as u8
            })
            .collect()
    }

    /// bf16 bits of scales of assorted magnitudes.
    fn scale_bits(i: usize) -> u16 {
        let x = 0.001f32 * (1.0 + (i * 37 % 101) as f32 / 7.0);
        (x.to_bits() >> 16) as u16
    }

    /// The official formula, written out without any of the kernels' tricks.
    #[allow(clippy::too_many_arguments, reason = "the formula's operands")]
    fn reference(
        q: &[i8],
        zps: &[i32],
        row_scales: &[f32],
        w: &[u8],
        n: usize,
        k: usize,
        group: usize,
        bias: Option<&[f32]>,
        offset: i32,
    ) -> Vec<f32> {
        let groups = k / group;
        let weight = |j: usize, i: usize| {
            let b = w[j * (k / 2) + i / 2];
            i32::from(if i.is_multiple_of(2) { b & 15 } else { b >> 4 }) - 8
        };
        let scale =
            |j: usize, g: usize| f32::from_bits(u32::from(scale_bits(j * groups + g)) << 16);
        let mut out = Vec::new();
        for (r, &z) in zps.iter().enumerate() {
            for j in 0..n {
                let mut ksum = 0.0f32;
                for c in 0..k / 16 {
                    let s: i32 = (16 * c..16 * c + 16).map(|i| weight(j, i)).sum();
                    ksum -= s as f32 * scale(j, 16 * c / group);
                }
                let mut v = ksum * (z + offset) as f32;
                for g in 0..groups {
                    let a: i32 = (g * group..(g + 1) * group)
                        .map(|i| (i32::from(q[r * k + i]) + offset) * weight(j, i))
                        .sum();
                    v = (a as f32).mul_add(scale(j, g), v);
                }
                out.push(v * row_scales[r] + bias.map_or(0.0, |b| b[j]));
            }
        }
        out
    }

    #[test]
    fn every_path_computes_the_official_formula_bit_for_bit() {
        for &(m, n, k, group) in &[
            (1, 16, 128, 32),
            (1, 33, 256, 64),
            (3, 16, 96, 32),
            (2, 40, 384, 128),
            (1, 17, 160, 32),
            (2, 48, 512, 256),
            (1, 5, 64, 32),
            (4, 16, 96, 32),
            (7, 33, 256, 64),
            (15, 40, 384, 128),
            (9, 48, 512, 256),
            (12, 17, 160, 32),
        ] {
            let q: Vec<i8> = bytes(m * k, 3).into_iter().map(|b| b as i8).collect();
            let zps: Vec<i32> = (0..m as i32).map(|r| r * 37 - 50).collect();
            let row_scales: Vec<f32> = (0..m).map(|r| 0.01 + r as f32 * 0.003).collect();
            let w = bytes(n * k / 2, 9);
            let bias: Vec<f32> = (0..n).map(|j| j as f32 * 0.125 - 1.0).collect();
            let tables = BlockwiseTables::new(&w, n, k, group, &scale_bits).unwrap();
            let input = QuantizedInput { values: &q, zero_points: &zps, k };
            for offset in [0, 128] {
                for b in [None, Some(&bias[..])] {
                    let want = reference(&q, &zps, &row_scales, &w, n, k, group, b, offset);
                    for vnni in [false, true] {
                        let mut got = vec![f32::NAN; m * n];
                        assert!(linear(input, &row_scales, &w, &tables, b, &mut got, offset, vnni));
                        let same = got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits());
                        assert!(
                            same,
                            "m {m} n {n} k {k} group {group} offset {offset} vnni {vnni}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sizes_that_do_not_fit_are_refused() {
        let w = bytes(16 * 64, 1);
        assert!(BlockwiseTables::new(&w, 16, 128, 48, &scale_bits).is_none());
        assert!(BlockwiseTables::new(&w, 16, 128, 0, &scale_bits).is_none());
        assert!(BlockwiseTables::new(&w, 17, 128, 32, &scale_bits).is_none());
        let tables = BlockwiseTables::new(&w, 16, 128, 32, &scale_bits).unwrap();
        let q = vec![0i8; 128];
        let input = QuantizedInput { values: &q, zero_points: &[0], k: 128 };
        let mut out = vec![0.0; 15];
        assert!(!blockwise_int4_linear(input, &[1.0], &w, &tables, None, &mut out));
        assert!(out.iter().all(|&x| x == 0.0));
        let mut out = vec![0.0; 16];
        assert!(!blockwise_int4_linear(input, &[1.0], &w[..100], &tables, None, &mut out));
    }
}
