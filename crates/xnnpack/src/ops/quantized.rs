//! Dynamically quantized fully connected layers (XNNPACK's QD8-F32-QC8W, -QC4W and
//! -QB4W): f32 rows quantized at run time to signed bytes with one asymmetric scale and
//! zero point per row, multiplied with int32 accumulation by int8 or 4-bit filters read
//! in place from the file, scaled back to f32.
//!
//! The per-row parameters follow XNNPACK's `xnn_qd8_asymmetric_quantization_params`:
//! the row's range widened to hold 0 maps onto `[-128, 127]`, the zero point is the one
//! of the two candidates (from the minimum, from the maximum) with the smaller error,
//! rounded half to even; each element is scaled, clamped to the representable range
//! around the zero point, rounded half to even.

use pterun_kernels::BlockwiseTables;

type KResult = pterun_kernels::Result<()>;

fn invalid(detail: String) -> pterun_kernels::Error {
    pterun_kernels::Error::InvalidArgument { op: "xnnpack quantized fully connected", detail }
}

/// Scale and zero point of one quantized row: `x ≈ scale * (q - zero_point)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RowParams {
    pub scale: f32,
    pub zero_point: i32,
}

/// XNNPACK's parameters for a row whose elements lie in `[min, max]`: the scale the
/// elements are multiplied by, and the zero point.
fn row_params(min: f32, max: f32) -> (f32, i32) {
    let (qmin, qmax) = (-128.0f32, 127.0f32);
    let rmin = min.min(0.0);
    let rmax = max.max(0.0);
    let inv_scale = if rmin == rmax { 1.0 } else { (qmax - qmin) / (rmax - rmin) };
    let descaled_min = rmin * inv_scale;
    let descaled_max = rmax * inv_scale;
    let from_min_error = qmin + descaled_min;
    let from_max_error = qmax + descaled_max;
    let zero_point = if from_min_error + from_max_error > 0.0 {
        qmin - descaled_min
    } else {
        qmax - descaled_max
    };
    let zero_point = zero_point.clamp(qmin, qmax).round_ties_even() as i32;
    (inv_scale, zero_point)
}

/// Rows of a `qdint8` value: the bytes, each row's parameters, and the bytes less their
/// row's zero point (what the products read).
#[derive(Debug, Default)]
pub(crate) struct QuantizedRows {
    pub values: Vec<i8>,
    pub centred: Vec<i16>,
    pub params: Vec<RowParams>,
    pub cols: usize,
}

impl QuantizedRows {
    /// Makes room for `rows` rows of `cols`, so that quantizing them allocates nothing.
    pub(crate) fn reserve(&mut self, rows: usize, cols: usize) {
        let n = rows.saturating_mul(cols);
        self.values.reserve(n.saturating_sub(self.values.len()));
        self.centred.reserve(n.saturating_sub(self.centred.len()));
        self.params.reserve(rows.saturating_sub(self.params.len()));
    }

    /// Number of rows last quantized.
    pub(crate) fn rows(&self) -> usize {
        self.params.len()
    }
}

/// Quantizes `input`, rows of `cols`, into `out` (resized to exactly its rows).
pub(crate) fn quantize_rows(input: &[f32], cols: usize, out: &mut QuantizedRows) -> KResult {
    if cols == 0 {
        return Err(invalid("rows of 0 elements".into()));
    }
    if !input.len().is_multiple_of(cols) {
        return Err(invalid(format!("{} elements are not rows of {cols}", input.len())));
    }
    let rows = input.len() / cols;
    out.values.resize(input.len(), 0);
    out.centred.resize(input.len(), 0);
    out.params.resize(rows, RowParams { scale: 1.0, zero_point: 0 });
    out.cols = cols;
    for (((row, q), c), p) in input
        .chunks_exact(cols)
        .zip(out.values.chunks_exact_mut(cols))
        .zip(out.centred.chunks_exact_mut(cols))
        .zip(out.params.iter_mut())
    {
        let (min, max) = row
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
        let (inv_scale, zp) = row_params(min, max);
        let low = (-128 - zp) as f32;
        let high = (127 - zp) as f32;
        for ((&x, q), c) in row.iter().zip(q.iter_mut()).zip(c.iter_mut()) {
            // Clamped first, so the rounded value is in range: the casts are exact. Adding
            // and taking away 1.5 * 2^23 rounds half to even (the default rounding) any
            // value of magnitude below 2^22, as these are, and unlike `round_ties_even`
            // (a libm call here) it vectorizes.
            const ROUND: f32 = 12_582_912.0;
            let centred = (((x * inv_scale).clamp(low, high) + ROUND) - ROUND) as i32;
            *c = centred as i16;
            *q = (centred + zp) as i8;
        }
        *p = RowParams { scale: 1.0 / inv_scale, zero_point: zp };
    }
    Ok(())
}

/// Scales of a filter, as stored: f32 in memory, or little-endian f32 or bf16 bytes of
/// the file.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ScaleSlice<'a> {
    F32(&'a [f32]),
    F32Bytes(&'a [u8]),
    Bf16Bytes(&'a [u8]),
}

impl ScaleSlice<'_> {
    pub(crate) fn len(&self) -> usize {
        match self {
            ScaleSlice::F32(s) => s.len(),
            ScaleSlice::F32Bytes(b) => b.len() / 4,
            ScaleSlice::Bf16Bytes(b) => b.len() / 2,
        }
    }

    /// `Σ_g sums[g] * scale[start + g]`, summed in index order from 0 (`start +
    /// sums.len() <= len`). The storage is matched once per call, so each arm is a
    /// tight loop: this runs once per output of a quantized product.
    fn weighted_sum(&self, start: usize, sums: &[i32]) -> f32 {
        let end = start + sums.len();
        match self {
            ScaleSlice::F32(s) => {
                sums.iter().zip(&s[start..end]).map(|(&d, &c)| d as f32 * c).sum()
            }
            ScaleSlice::F32Bytes(b) => sums
                .iter()
                .zip(b[4 * start..4 * end].chunks_exact(4))
                .map(|(&d, c)| d as f32 * f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .sum(),
            ScaleSlice::Bf16Bytes(b) => sums
                .iter()
                .zip(b[2 * start..2 * end].chunks_exact(2))
                .map(|(&d, c)| {
                    d as f32 * f32::from_bits(u32::from(u16::from_le_bytes([c[0], c[1]])) << 16)
                })
                .sum(),
        }
    }

    /// The bf16 bits of scale `i` (`i < len`): blockwise scales are bf16 (f32 ones were
    /// converted when the plan was built), so nothing is lost.
    fn bf16_bits(&self, i: usize) -> u16 {
        match self {
            ScaleSlice::Bf16Bytes(b) => u16::from_le_bytes([b[2 * i], b[2 * i + 1]]),
            _ => (self.at(i).to_bits() >> 16) as u16,
        }
    }

    /// Scale `i` (`i < len`).
    fn at(&self, i: usize) -> f32 {
        match self {
            ScaleSlice::F32(s) => s[i],
            ScaleSlice::F32Bytes(b) => {
                f32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])
            }
            ScaleSlice::Bf16Bytes(b) => {
                f32::from_bits(u32::from(u16::from_le_bytes([b[2 * i], b[2 * i + 1]])) << 16)
            }
        }
    }
}

/// How a filter `[n, k]` is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FilterKind {
    /// `qcint8`: one signed byte per weight, one scale per output channel.
    Int8,
    /// `qcint4`: two weights a byte (low nibble first) with zero point 8, rows padded
    /// to whole bytes, one scale per output channel.
    Int4,
    /// `qbint4`: as `Int4`, with one scale per `group` consecutive inputs.
    Int4Blockwise { group: usize },
}

/// A quantized filter `[n, k]` viewed in place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuantizedFilter<'a> {
    pub kind: FilterKind,
    pub data: &'a [u8],
    pub scales: ScaleSlice<'a>,
    pub n: usize,
    pub k: usize,
}

impl QuantizedFilter<'_> {
    /// Bytes of one output channel's weights.
    pub(crate) fn row_bytes(kind: FilterKind, k: usize) -> usize {
        match kind {
            FilterKind::Int8 => k,
            FilterKind::Int4 | FilterKind::Int4Blockwise { .. } => k.div_ceil(2),
        }
    }

    /// Scales the filter's kind needs.
    pub(crate) fn scale_count(kind: FilterKind, n: usize, k: usize) -> Option<usize> {
        match kind {
            FilterKind::Int8 | FilterKind::Int4 => Some(n),
            FilterKind::Int4Blockwise { group } => n.checked_mul(k.checked_div(group)?),
        }
    }

    fn check(&self) -> KResult {
        let row = Self::row_bytes(self.kind, self.k);
        if self.n.checked_mul(row).is_none_or(|b| b > self.data.len()) {
            return Err(invalid(format!(
                "{} filter bytes for {} x {} {:?}",
                self.data.len(),
                self.n,
                self.k,
                self.kind
            )));
        }
        if let FilterKind::Int4Blockwise { group } = self.kind {
            if group == 0 || !group.is_multiple_of(2) || !self.k.is_multiple_of(group) {
                return Err(invalid(format!("group size {group} for {} inputs", self.k)));
            }
        }
        let need = Self::scale_count(self.kind, self.n, self.k);
        if need.is_none_or(|s| s > self.scales.len()) {
            return Err(invalid(format!(
                "{} scales for {} x {} {:?}",
                self.scales.len(),
                self.n,
                self.k,
                self.kind
            )));
        }
        Ok(())
    }
}

/// What the official runtime precomputes for a blockwise filter (see
/// [`pterun_kernels::BlockwiseTables`]), or `None` for another kind or a filter that does
/// not fit.
pub(crate) fn blockwise_tables(filter: &QuantizedFilter<'_>) -> Option<BlockwiseTables> {
    let FilterKind::Int4Blockwise { group } = filter.kind else { return None };
    filter.check().ok()?;
    BlockwiseTables::new(filter.data, filter.n, filter.k, group, &|i| filter.scales.bf16_bits(i))
}

/// `out[m, n] = dequantize(input[m, k]) x dequantize(filter[n, k])^T + bias`, with int32
/// sums per output (per group, for blockwise filters) scaled by the row's and the
/// channel's (group's) scales; a blockwise filter with its `tables` is computed in the
/// official runtime's order.
pub(crate) fn fully_connected(
    input: &QuantizedRows,
    filter: &QuantizedFilter<'_>,
    tables: Option<&BlockwiseTables>,
    bias: Option<&[f32]>,
    out: &mut [f32],
) -> KResult {
    filter.check()?;
    let (n, k) = (filter.n, filter.k);
    if input.cols != k {
        return Err(invalid(format!("input rows of {}, the filter takes {k}", input.cols)));
    }
    let m = input.rows();
    if out.len() < m.saturating_mul(n) || input.centred.len() < m.saturating_mul(k) {
        return Err(invalid(format!("{m} x {n} outputs into {} elements", out.len())));
    }
    if let Some(b) = bias {
        if b.len() < n {
            return Err(invalid(format!("a bias of {} for {n} outputs", b.len())));
        }
    }
    let row_bytes = QuantizedFilter::row_bytes(filter.kind, k);
    let weights = &filter.data[..n * row_bytes];
    let bias_at = |j: usize| bias.map_or(0.0, |b| b[j]);
    // The exact integer sums come from the kernels' vector loops; each is scaled here, in
    // a fixed order: per group (per channel) scale, summed over groups, then the row scale.
    let zero_points: Vec<i32> = input.params.iter().map(|p| p.zero_point).collect();
    let rows = pterun_kernels::QuantizedInput {
        values: &input.values[..m * k],
        zero_points: &zero_points,
        k,
    };
    let done = match (filter.kind, tables) {
        (FilterKind::Int4Blockwise { .. }, Some(tables)) if tables.n() == n => {
            let row_scales: Vec<f32> = input.params.iter().map(|p| p.scale).collect();
            pterun_kernels::blockwise_int4_linear(rows, &row_scales, weights, tables, bias, out)
        }
        (FilterKind::Int8, _) => {
            let combine = |r: usize, j: usize, s: &[i32]| {
                (s[0] as f32 * filter.scales.at(j)) * input.params[r].scale + bias_at(j)
            };
            pterun_kernels::int8_dots(&input.centred[..m * k], k, weights, &combine, out)
        }
        (FilterKind::Int4 | FilterKind::Int4Blockwise { .. }, _) => {
            let group = match filter.kind {
                FilterKind::Int4Blockwise { group } => group,
                _ => k,
            };
            let groups = k / group;
            let combine = |r: usize, j: usize, s: &[i32]| {
                filter.scales.weighted_sum(j * groups, s) * input.params[r].scale + bias_at(j)
            };
            pterun_kernels::int4_dots(rows, weights, group, &combine, out)
        }
    };
    if done {
        Ok(())
    } else {
        Err(invalid(format!("{m} x {k} inputs against a {n} x {k} filter do not fit")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic values in `[-1, 1)`.
    fn noise(n: usize, seed: u32) -> Vec<f32> {
        let mut s = seed.wrapping_mul(2654435761).wrapping_add(1);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s % 2000) as f32 / 1000.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn rows_quantize_as_xnnpack_does() {
        let mut q = QuantizedRows::default();
        // A row of [-1, 3]: scale 4/255, zero point from the minimum: -128 + 63.75 -> -64.
        quantize_rows(&[-1.0, 0.0, 3.0, 1.5], 4, &mut q).unwrap();
        let p = q.params[0];
        assert_eq!(p.zero_point, -64);
        assert!((p.scale - 4.0 / 255.0).abs() < 1e-9);
        assert_eq!(q.values, [-128, -64, 127, 32]);
        assert_eq!(q.centred, [-64, 0, 191, 96]);
        // All positive: the range is widened to hold 0, which maps to -128; 1.0 scales to
        // 127.5, which rounds half to even (128).
        quantize_rows(&[2.0, 1.0], 2, &mut q).unwrap();
        assert_eq!(q.params[0].zero_point, -128);
        assert_eq!(q.values, [127, 0]);
        // All zero: scale 1; the minimum's candidate loses the tie, so the zero point is
        // the maximum's, 127 (as in XNNPACK), and every element dequantizes to 0.
        quantize_rows(&[0.0; 3], 3, &mut q).unwrap();
        assert_eq!(q.params[0], RowParams { scale: 1.0, zero_point: 127 });
        assert_eq!(q.values, [127; 3]);
        assert_eq!(q.centred, [0; 3]);
        // Every element dequantizes to within half a step.
        let x = noise(3 * 40, 7);
        quantize_rows(&x, 40, &mut q).unwrap();
        assert_eq!(q.rows(), 3);
        for (r, row) in x.chunks(40).enumerate() {
            let p = q.params[r];
            for (i, &v) in row.iter().enumerate() {
                let back = p.scale * (i32::from(q.values[r * 40 + i]) - p.zero_point) as f32;
                assert!((back - v).abs() <= p.scale * 0.5001, "{v} -> {back}");
            }
        }
        assert!(quantize_rows(&[1.0; 5], 2, &mut q).is_err());
        assert!(quantize_rows(&[], 0, &mut q).is_err());
    }

    fn reference(x: &[f32], m: usize, k: usize, w: &[f32], n: usize, bias: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                let dot: f64 =
                    (0..k).map(|t| f64::from(x[i * k + t]) * f64::from(w[j * k + t])).sum();
                out[i * n + j] = dot as f32 + bias[j];
            }
        }
        out
    }

    /// Packs `q[n, k]` (values in -8..8) two a byte, low nibble first, rows padded.
    fn pack4(q: &[i32], n: usize, k: usize) -> Vec<u8> {
        let row = k.div_ceil(2);
        let mut out = vec![0x88u8; n * row];
        for j in 0..n {
            for t in 0..k {
                let v = (q[j * k + t] + 8) as u8;
                let b = &mut out[j * row + t / 2];
                *b = if t % 2 == 0 { (*b & 0xF0) | v } else { (*b & 0x0F) | (v << 4) };
            }
        }
        out
    }

    /// The product of the dequantized input with the dequantized filter, in f64.
    fn check(kind: FilterKind, n: usize, k: usize) {
        let m = 3;
        let x = noise(m * k, 1);
        let bias = noise(n, 2);
        let mut rows = QuantizedRows::default();
        quantize_rows(&x, k, &mut rows).unwrap();
        let xd: Vec<f32> = (0..m * k)
            .map(|i| {
                let p = rows.params[i / k];
                p.scale * (i32::from(rows.values[i]) - p.zero_point) as f32
            })
            .collect();
        let raw = noise(n * k, 3);
        let (range, groups) = match kind {
            FilterKind::Int8 => (127.0, 1),
            FilterKind::Int4 => (7.0, 1),
            FilterKind::Int4Blockwise { group } => (7.0, k / group),
        };
        let scales: Vec<f32> = (0..n * groups).map(|i| 0.01 + 0.001 * (i % 7) as f32).collect();
        let q: Vec<i32> = raw.iter().map(|&v| (v * range).round() as i32).collect();
        let wd: Vec<f32> = (0..n * k).map(|i| q[i] as f32 * scales[i / (k / groups)]).collect();
        let data: Vec<u8> = match kind {
            FilterKind::Int8 => q.iter().map(|&v| v as i8 as u8).collect(),
            _ => pack4(&q, n, k),
        };
        let bf16: Vec<u8>;
        let scale_slice = if let FilterKind::Int4Blockwise { .. } = kind {
            // bf16 scales: the reference uses the rounded values.
            bf16 = scales.iter().flat_map(|s| ((s.to_bits() >> 16) as u16).to_le_bytes()).collect();
            ScaleSlice::Bf16Bytes(&bf16)
        } else {
            ScaleSlice::F32(&scales)
        };
        let wd: Vec<f32> = match scale_slice {
            ScaleSlice::Bf16Bytes(_) => {
                (0..n * k).map(|i| q[i] as f32 * scale_slice.at(i / (k / groups))).collect()
            }
            _ => wd,
        };
        let filter = QuantizedFilter { kind, data: &data, scales: scale_slice, n, k };
        let want = reference(&xd, m, k, &wd, n, &bias);
        let tables = blockwise_tables(&filter);
        assert_eq!(tables.is_some(), matches!(kind, FilterKind::Int4Blockwise { .. }));
        for t in [None, tables.as_ref()] {
            let mut out = vec![0.0; m * n];
            fully_connected(&rows, &filter, t, Some(&bias), &mut out).unwrap();
            for (a, b) in out.iter().zip(&want) {
                assert!((a - b).abs() <= 1e-4 * (1.0 + b.abs()), "{kind:?}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn int8_filter_matches_the_dequantized_product() {
        check(FilterKind::Int8, 5, 37);
    }

    #[test]
    fn int4_filter_matches_the_dequantized_product_with_odd_inputs() {
        check(FilterKind::Int4, 4, 33);
        check(FilterKind::Int4, 3, 64);
    }

    #[test]
    fn blockwise_filter_matches_the_dequantized_product() {
        check(FilterKind::Int4Blockwise { group: 32 }, 4, 128);
        check(FilterKind::Int4Blockwise { group: 128 }, 2, 256);
    }

    #[test]
    fn hostile_filters_are_refused() {
        let mut rows = QuantizedRows::default();
        quantize_rows(&[0.5; 64], 64, &mut rows).unwrap();
        let data = [0u8; 64];
        let scales = [1.0f32; 4];
        let mut out = [0.0f32; 4];
        let mut run = |kind, n, k, data: &[u8], s: &[f32]| {
            let f = QuantizedFilter { kind, data, scales: ScaleSlice::F32(s), n, k };
            fully_connected(&rows, &f, None, None, &mut out)
        };
        // Too few scales, too few bytes, a group that does not divide, odd or zero groups,
        // input width differing from the filter's.
        assert!(run(FilterKind::Int8, 2, 64, &[0; 128], &scales[..1]).is_err());
        assert!(run(FilterKind::Int8, 2, 64, &data, &scales).is_err());
        assert!(run(FilterKind::Int4Blockwise { group: 24 }, 1, 64, &data, &scales).is_err());
        assert!(run(FilterKind::Int4Blockwise { group: 0 }, 1, 64, &data, &scales).is_err());
        assert!(run(FilterKind::Int4Blockwise { group: 1 }, 1, 64, &data, &scales).is_err());
        assert!(run(FilterKind::Int4, 1, 32, &data, &scales).is_err());
        assert!(run(FilterKind::Int4Blockwise { group: 32 }, 1, 64, &data, &scales).is_ok());
    }
}
