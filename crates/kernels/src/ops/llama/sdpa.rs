//! `llama::custom_sdpa` and `llama::sdpa_with_kv_cache`: attention of new queries over the
//! KV cache, with the causal mask offset by `start_pos` (the position of the first query).
//!
//! Semantics as ExecuTorch's kernel: scores `q . k * scale` (scale `1/sqrt(head_dim)` unless
//! given) plus the float mask if any; without a mask only the first `start_pos + seq_len`
//! cache positions take part, and with `is_causal` query `s` sees positions up to
//! `start_pos + s`; query head `h` reads key/value head `h / (heads / kv_heads)`. Sums run
//! in f32 for every element type; f16/bf16 results are rounded once.

use std::borrow::Cow;
use std::sync::Mutex;

use pterun_core::ScalarType;

use super::super::typed::{store, widen};
use super::{check_positions, dims4, outputs_and_written, written_index};
use crate::arch::{parallel_for, simd};
use crate::args::{Arg, KernelCall};
use crate::error::{Error, Result};
use crate::tensor::{TensorMut, TensorRef};

/// `llama::custom_sdpa.out(Tensor query, Tensor key, Tensor value, SymInt start_pos,
/// Tensor? attn_mask=None, float drpout_p=0.0, bool is_causal=False, float? scale=None, *,
/// Tensor(a!) out)`: `key`/`value` are the whole caches.
pub(super) fn custom_sdpa(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(9)?;
    let options = Options::read(call, 3)?;
    let (inputs, outs) = call.split();
    let (q, k, v) = (inputs.tensor(0)?, inputs.tensor(1)?, inputs.tensor(2)?);
    let mask = inputs.opt_tensor(4)?;
    let out = outs.first_mut().ok_or(Error::ArgumentCount { op, expected: 1, found: 0 })?;
    attend(op, &q, &k, &v, mask.as_ref(), &options, out)
}

/// `llama::sdpa_with_kv_cache.out(Tensor query, Tensor key, Tensor value,
/// Tensor(a!) key_cache, Tensor(b!) value_cache, SymInt start_pos, SymInt seq_len,
/// Tensor? attn_mask=None, float drpout_p=0.0, bool is_causal=False, float? scale=None, *,
/// Tensor(c!) out)`: writes the new keys and values at `start_pos`, then attends over the
/// caches.
pub(super) fn sdpa_with_kv_cache(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(12)?;
    let key_cache = written_index(call, 3, "key_cache")?;
    let value_cache = written_index(call, 4, "value_cache")?;
    let seq_len = call.int(6)?;
    let options = Options::read(call, 5)?;
    let (inputs, outs) = call.split();
    let (q, k, v) = (inputs.tensor(0)?, inputs.tensor(1)?, inputs.tensor(2)?);
    let mask = inputs.opt_tensor(7)?;
    let (out, [kc, vc]) = outputs_and_written(op, outs, [key_cache, value_cache])?;
    let seq_len = usize::try_from(seq_len)
        .map_err(|_| Error::InvalidArgument { op, detail: format!("seq_len {seq_len} < 0") })?;
    for (new, cache, name) in [(&k, &mut *kc, "key"), (&v, &mut *vc, "value")] {
        let [_, capacity, _, _] = dims4(op, name, cache.sizes())?;
        check_positions(op, options.start_pos, seq_len, capacity)?;
        write_positions(op, new, cache, options.start_pos)?;
    }
    attend(op, &q, &kc.as_ref(), &vc.as_ref(), mask.as_ref(), &options, out)
}

/// The scalar arguments that follow the tensors: `start_pos` at `at`, then the mask,
/// dropout, `is_causal` and `scale`.
struct Options {
    start_pos: i64,
    is_causal: bool,
    scale: Option<f64>,
}

impl Options {
    fn read(call: &KernelCall<'_>, at: usize) -> Result<Options> {
        let scale = match call.args.get(at + 4) {
            Some(Arg::None) => None,
            _ => Some(call.double(at + 4)?),
        };
        // Dropout is a training-time option; the official kernel ignores it too.
        let _dropout = call.double(at + 2)?;
        Ok(Options { start_pos: call.int(at)?, is_causal: call.bool(at + 3)?, scale })
    }
}

/// Writes `new` `[batch, seq, heads, dim]` into `cache` at `start` (already checked).
fn write_positions(
    op: &'static str,
    new: &TensorRef<'_>,
    cache: &mut TensorMut<'_>,
    start: i64,
) -> Result<()> {
    let [batch, seq, heads, dim] = dims4(op, "new entries", new.sizes)?;
    let [cache_batch, capacity, cache_heads, cache_dim] = dims4(op, "cache", cache.sizes())?;
    if new.dtype != cache.dtype || (batch, heads, dim) != (cache_batch, cache_heads, cache_dim) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "{} {:?} does not fit cache {} {:?}",
                new.dtype,
                new.sizes,
                cache.dtype,
                cache.sizes()
            ),
        });
    }
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let row = heads * dim * new.dtype.element_size();
    let data = cache.bytes_mut();
    for b in 0..batch {
        let from = b * seq * row..(b + 1) * seq * row;
        let to_start = (b * capacity + start) * row;
        let to = to_start..to_start + seq * row;
        match (data.get_mut(to), new.data.get(from)) {
            (Some(d), Some(s)) if d.len() == s.len() => d.copy_from_slice(s),
            _ => {
                return Err(Error::InvalidArgument {
                    op,
                    detail: format!("positions {start}+{seq} do not fit the cache"),
                })
            }
        }
    }
    Ok(())
}

/// Attention of `q [B, S, H, D]` over `k`, `v` `[B, Skv, Hkv, D]` into `out [B, S, H, D]`.
fn attend(
    op: &'static str,
    q: &TensorRef<'_>,
    k: &TensorRef<'_>,
    v: &TensorRef<'_>,
    mask: Option<&TensorRef<'_>>,
    options: &Options,
    out: &mut TensorMut<'_>,
) -> Result<()> {
    let [batch, seq, heads, dim] = dims4(op, "query", q.sizes)?;
    let [kv_batch, kv_capacity, kv_heads, kv_dim] = dims4(op, "key", k.sizes)?;
    if k.sizes != v.sizes || (kv_batch, kv_dim) != (batch, dim) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "query {:?}, key {:?} and value {:?} disagree",
                q.sizes, k.sizes, v.sizes
            ),
        });
    }
    if kv_heads == 0 || heads % kv_heads != 0 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{heads} query heads are not a multiple of {kv_heads} key heads"),
        });
    }
    if !matches!(q.dtype, ScalarType::Float | ScalarType::Half | ScalarType::BFloat16) {
        return Err(Error::UnsupportedDtype { op, dtype: q.dtype });
    }
    if k.dtype != q.dtype || v.dtype != q.dtype || out.dtype != q.dtype {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "query {}, key {}, value {} and out {} must share one type",
                q.dtype, k.dtype, v.dtype, out.dtype
            ),
        });
    }
    if mask.is_some() && options.is_causal {
        return Err(Error::InvalidArgument {
            op,
            detail: "attn_mask and is_causal cannot be set at the same time".into(),
        });
    }
    let start = usize::try_from(options.start_pos).map_err(|_| Error::InvalidArgument {
        op,
        detail: format!("start_pos {} < 0", options.start_pos),
    })?;
    // Without a mask only the positions written so far take part.
    let keys = match mask {
        Some(_) => kv_capacity,
        None => start.checked_add(seq).filter(|&n| n <= kv_capacity).ok_or_else(|| {
            Error::InvalidArgument {
                op,
                detail: format!(
                    "start_pos {start} + {seq} queries exceed the cache's {kv_capacity} positions"
                ),
            }
        })?,
    };
    let mask = match mask {
        Some(m) => {
            if m.dtype != ScalarType::Float || m.sizes != [seq, kv_capacity] {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "attn_mask must be f32 [{seq}, {kv_capacity}], found {} {:?}",
                        m.dtype, m.sizes
                    ),
                });
            }
            Some(m.as_slice::<f32>(op)?)
        }
        None => None,
    };
    out.resize(q.sizes)?;
    let scale = options.scale.unwrap_or(1.0 / (dim as f64).sqrt()) as f32;
    let qf: Cow<'_, [f32]> = widen(op, q)?;
    let kf: Cow<'_, [f32]> = widen(op, k)?;
    let vf: Cow<'_, [f32]> = widen(op, v)?;
    let shape = CacheShape {
        dim,
        heads,
        seq,
        kv_capacity,
        kv_heads,
        start,
        keys,
        is_causal: options.is_causal,
    };
    let inputs = RowInputs { q: &qf, k: &kf, v: &vf, mask, scale };
    let mut result = vec![0f32; qf.len()];
    if dim > 0 {
        attend_rows(&shape, &inputs, &mut result, crate::threads::num_threads());
    }
    match out.dtype {
        ScalarType::Float => {
            let dst = out.as_mut_slice::<f32>(op)?;
            if dst.len() != result.len() {
                return Err(Error::ShapeMismatch { op, detail: "output size".into() });
            }
            dst.copy_from_slice(&result);
            Ok(())
        }
        _ => store(op, out, &result),
    }
}

/// Attention work below which one thread does every row (about 20 µs).
const PARALLEL_WORK: usize = 1 << 16;

/// The geometry every row of one call shares.
struct CacheShape {
    dim: usize,
    heads: usize,
    seq: usize,
    kv_capacity: usize,
    kv_heads: usize,
    /// The position of the first query.
    start: usize,
    /// The cache positions that take part (before the causal limit).
    keys: usize,
    is_causal: bool,
}

/// The operands every row of one call reads, in f32.
struct RowInputs<'a> {
    q: &'a [f32],
    k: &'a [f32],
    v: &'a [f32],
    /// `[seq, kv_capacity]` additive mask.
    mask: Option<&'a [f32]>,
    scale: f32,
}

/// Every query row (`batch * seq * heads` of them, `dim` wide, in `result`'s order), split
/// over the kernel threads when the work pays for it. Each row is computed by the same code
/// whatever the split, so the bits do not depend on the thread count.
fn attend_rows(shape: &CacheShape, inputs: &RowInputs<'_>, result: &mut [f32], threads: usize) {
    let dim = shape.dim;
    let rows = result.len() / dim;
    let threads = threads.min(rows);
    if threads <= 1 || rows.saturating_mul(shape.keys).saturating_mul(dim) < PARALLEL_WORK {
        let mut scores = vec![0f32; shape.keys];
        for (r, out) in result.chunks_exact_mut(dim).enumerate() {
            attend_row(shape, inputs, r, &mut scores, out);
        }
        return;
    }
    // Several parts per thread: causal rows differ in length, and idle workers take more.
    let per_part = rows.div_ceil(threads * 4);
    let parts: Vec<Mutex<(usize, &mut [f32])>> = result
        .chunks_mut(per_part * dim)
        .enumerate()
        .map(|(p, chunk)| Mutex::new((p * per_part, chunk)))
        .collect();
    parallel_for(threads, parts.len(), &|p| {
        let mut guard = parts[p].lock().unwrap_or_else(|e| e.into_inner());
        let (first, chunk) = &mut *guard;
        let mut scores = vec![0f32; shape.keys];
        for (i, out) in chunk.chunks_exact_mut(dim).enumerate() {
            attend_row(shape, inputs, *first + i, &mut scores, out);
        }
    });
}

/// Query row `r` (batch `b`, query `s`, head `h`) against its visible keys.
fn attend_row(
    shape: &CacheShape,
    inputs: &RowInputs<'_>,
    r: usize,
    scores: &mut [f32],
    out: &mut [f32],
) {
    let dim = shape.dim;
    let (b, s, h) = (r / (shape.seq * shape.heads), (r / shape.heads) % shape.seq, r % shape.heads);
    let visible = if shape.is_causal { (shape.start + s + 1).min(shape.keys) } else { shape.keys };
    let kv_head = h / (shape.heads / shape.kv_heads);
    let position_stride = shape.kv_heads * dim;
    let base = b * shape.kv_capacity * position_stride + kv_head * dim;
    let query = inputs.q.get(r * dim..(r + 1) * dim).unwrap_or(&[]);
    let scores = &mut scores[..visible];
    out.fill(0.0);
    simd::strided_dots(scores, inputs.k.get(base..).unwrap_or(&[]), position_stride, query);
    let mask = inputs.mask.and_then(|m| m.get(s * shape.kv_capacity..(s + 1) * shape.kv_capacity));
    let mut max = f32::NEG_INFINITY;
    for (j, score) in scores.iter_mut().enumerate() {
        let mut x = *score * inputs.scale;
        if let Some(m) = mask {
            x += m[j];
        }
        *score = x;
        max = max.max(x);
    }
    if max == f32::NEG_INFINITY {
        // Every position is masked out: no weights (instead of exp(-inf - -inf) = NaN).
        return;
    }
    let mut sum = 0f32;
    for score in scores.iter_mut() {
        *score = (*score - max).exp();
        sum += *score;
    }
    simd::add_weighted_rows(out, inputs.v.get(base..).unwrap_or(&[]), position_stride, scores);
    let inv = 1.0 / sum;
    out.iter_mut().for_each(|o| *o *= inv);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use pterun_core::ShapeDynamism;

    use super::*;
    use crate::tensor::Shape as TensorShape;

    fn tensor<'a>(data: &'a [f32], sizes: &'a [usize]) -> Arg<'a> {
        Arg::Tensor(TensorRef { dtype: ScalarType::Float, sizes, data: bytemuck::cast_slice(data) })
    }

    /// Softmax attention written out from the definition, over positions `0..=limit[s]`.
    fn reference(q: &[f32], k: &[f32], v: &[f32], dims: [usize; 6], limits: &[usize]) -> Vec<f32> {
        let [seq, heads, dim, cap, kv_heads, _] = dims;
        let mut out = vec![0f32; seq * heads * dim];
        for s in 0..seq {
            for h in 0..heads {
                let g = h / (heads / kv_heads);
                let qs = &q[(s * heads + h) * dim..][..dim];
                let w: Vec<f64> = (0..=limits[s])
                    .map(|j| {
                        let ks = &k[(j * kv_heads + g) * dim..][..dim];
                        qs.iter().zip(ks).map(|(a, b)| (a * b) as f64).sum::<f64>()
                            / (dim as f64).sqrt()
                    })
                    .collect();
                let max = w.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = w.iter().map(|x| (x - max).exp()).collect();
                let total: f64 = e.iter().sum();
                for d in 0..dim {
                    let acc: f64 = e
                        .iter()
                        .enumerate()
                        .map(|(j, w)| w * v[(j * kv_heads + g) * dim + d] as f64)
                        .sum();
                    out[(s * heads + h) * dim + d] = (acc / total) as f32;
                }
                let _ = cap;
            }
        }
        out
    }

    fn data(n: usize, seed: u32) -> Vec<f32> {
        (0..n)
            .map(|i| (((i as u32).wrapping_mul(2654435761) ^ seed) % 1000) as f32 / 500.0 - 1.0)
            .collect()
    }

    #[test]
    fn causal_attention_over_the_cache_with_grouped_heads_matches_the_definition() {
        // 3 new queries at positions 2..5 of a cache of 8, 4 query heads over 2 kv heads.
        let (seq, heads, dim, cap, kv_heads, start) = (3, 4, 8, 8, 2, 2);
        let q = data(seq * heads * dim, 1);
        let k = data(cap * kv_heads * dim, 2);
        let v = data(cap * kv_heads * dim, 3);
        let mut out = vec![0f32; q.len()];
        let mut shape = TensorShape::new(vec![1, seq, heads, dim], ShapeDynamism::Static);
        let (qs, ks) = ([1, seq, heads, dim], [1, cap, kv_heads, dim]);
        for causal in [true, false] {
            let mut call = KernelCall {
                op: "llama::custom_sdpa.out",
                args: vec![
                    tensor(&q, &qs),
                    tensor(&k, &ks),
                    tensor(&v, &ks),
                    Arg::Int(start as i64),
                    Arg::None,
                    Arg::Double(0.0),
                    Arg::Bool(causal),
                    Arg::None,
                    Arg::Out(0),
                ],
                outs: vec![TensorMut::new(
                    ScalarType::Float,
                    &mut shape,
                    bytemuck::cast_slice_mut(&mut out),
                )],
                scalar_out: None,
            };
            custom_sdpa(&mut call).unwrap();
            drop(call);
            let limits: Vec<usize> =
                (0..seq).map(|s| if causal { start + s } else { start + seq - 1 }).collect();
            let expected = reference(&q, &k, &v, [seq, heads, dim, cap, kv_heads, start], &limits);
            for (a, b) in out.iter().zip(&expected) {
                assert!((a - b).abs() <= 1e-6, "causal {causal}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn rows_split_over_threads_write_the_same_bits() {
        // 2 batches x 5 queries x 4 heads over a 40-position cache: enough work to split.
        let (batch, seq, heads, dim, cap, kv_heads) = (2, 5, 4, 70, 40, 2);
        let q = data(batch * seq * heads * dim, 4);
        let k = data(batch * cap * kv_heads * dim, 5);
        let v = data(batch * cap * kv_heads * dim, 6);
        let shape = CacheShape {
            dim,
            heads,
            seq,
            kv_capacity: cap,
            kv_heads,
            start: 30,
            keys: 35,
            is_causal: true,
        };
        let inputs = RowInputs { q: &q, k: &k, v: &v, mask: None, scale: 0.125 };
        assert!(batch * seq * heads * 35 * dim >= PARALLEL_WORK);
        let mut one = vec![0f32; q.len()];
        attend_rows(&shape, &inputs, &mut one, 1);
        assert!(one.iter().all(|x| x.is_finite()) && one.iter().any(|&x| x != 0.0));
        for threads in [2, 3, 8] {
            let mut many = vec![f32::NAN; q.len()];
            attend_rows(&shape, &inputs, &mut many, threads);
            assert!(one.iter().zip(&many).all(|(a, b)| a.to_bits() == b.to_bits()), "{threads}");
        }
    }

    #[test]
    fn queries_past_the_cache_are_refused() {
        let q = data(2 * 8, 1);
        let k = data(4 * 8, 2);
        let mut out = vec![0f32; q.len()];
        let mut shape = TensorShape::new(vec![1, 2, 1, 8], ShapeDynamism::Static);
        let mut call = KernelCall {
            op: "llama::custom_sdpa.out",
            args: vec![
                tensor(&q, &[1, 2, 1, 8]),
                tensor(&k, &[1, 4, 1, 8]),
                tensor(&k, &[1, 4, 1, 8]),
                Arg::Int(3),
                Arg::None,
                Arg::Double(0.0),
                Arg::Bool(true),
                Arg::None,
                Arg::Out(0),
            ],
            outs: vec![TensorMut::new(
                ScalarType::Float,
                &mut shape,
                bytemuck::cast_slice_mut(&mut out),
            )],
            scalar_out: None,
        };
        assert!(matches!(custom_sdpa(&mut call), Err(Error::InvalidArgument { .. })));
    }
}
