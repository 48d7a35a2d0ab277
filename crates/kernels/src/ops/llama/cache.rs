//! `llama::update_cache`: projected keys or values written into the KV cache in place.

use pterun_core::ScalarType;

use super::{check_positions, dims4, outputs_and_written, written_index};
use crate::args::KernelCall;
use crate::error::{Error, Result};
use crate::tensor::TensorRef;

/// `llama::update_cache.out(Tensor value, Tensor(a!) cache, SymInt start_pos, *,
/// Tensor(b!) out)`: `cache[b, start_pos + s] = value[b, s]` for every batch line `b`.
/// The result is a placeholder the export never reads; it is left as it is.
pub(super) fn update_cache(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(4)?;
    let written = written_index(call, 1, "cache")?;
    let start_pos = call.int(2)?;
    let (inputs, outs) = call.split();
    let value = inputs.tensor(0)?;
    let (_, [cache]) = outputs_and_written(op, outs, [written])?;
    let geometry = Geometry::check(op, &value, cache.dtype, cache.sizes())?;
    let start = check_positions(op, start_pos, geometry.sequence, geometry.capacity)?;
    let destination = cache.bytes_mut();
    for b in 0..geometry.batch {
        let (from, to) = geometry.rows(b, 0, b, start, geometry.sequence);
        copy(op, destination, to, value.data, from)?;
    }
    Ok(())
}

/// `llama::update_cache_with_indices.out(Tensor value, Tensor(a!) cache, SymInt start_pos,
/// Tensor indices, *, Tensor(b!) out)`: `cache[b, indices[b, s]] = value[b, s]`.
pub(super) fn update_cache_with_indices(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(5)?;
    let written = written_index(call, 1, "cache")?;
    let start_pos = call.int(2)?;
    let (inputs, outs) = call.split();
    let (value, indices) = (inputs.tensor(0)?, inputs.tensor(3)?);
    let (_, [cache]) = outputs_and_written(op, outs, [written])?;
    let geometry = Geometry::check(op, &value, cache.dtype, cache.sizes())?;
    check_positions(op, start_pos, geometry.sequence, geometry.capacity)?;
    if indices.dtype != ScalarType::Long || indices.sizes != [geometry.batch, geometry.sequence] {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "indices must be int64 [{}, {}], found {} {:?}",
                geometry.batch, geometry.sequence, indices.dtype, indices.sizes
            ),
        });
    }
    // Every index is checked before the first byte moves: a refused call leaves the cache
    // as it was.
    let positions = indices
        .as_slice::<i64>(op)?
        .iter()
        .map(|&target| {
            usize::try_from(target).ok().filter(|&p| p < geometry.capacity).ok_or_else(|| {
                Error::InvalidArgument {
                    op,
                    detail: format!(
                        "index {target} outside the cache's {} positions",
                        geometry.capacity
                    ),
                }
            })
        })
        .collect::<Result<Vec<usize>>>()?;
    let destination = cache.bytes_mut();
    for (i, &position) in positions.iter().enumerate() {
        let (b, s) = (i / geometry.sequence.max(1), i % geometry.sequence.max(1));
        let (from, to) = geometry.rows(b, s, b, position, 1);
        copy(op, destination, to, value.data, from)?;
    }
    Ok(())
}

/// The shared shape of a value `[batch, sequence, heads, head_dim]` and its cache
/// `[batch, capacity, heads, head_dim]`, in bytes per position.
struct Geometry {
    batch: usize,
    sequence: usize,
    capacity: usize,
    position_bytes: usize,
}

impl Geometry {
    fn check(
        op: &'static str,
        value: &TensorRef<'_>,
        cache_dtype: ScalarType,
        cache_sizes: &[usize],
    ) -> Result<Geometry> {
        let [batch, sequence, heads, head_dim] = dims4(op, "value", value.sizes)?;
        let [cache_batch, capacity, cache_heads, cache_dim] = dims4(op, "cache", cache_sizes)?;
        if value.dtype != cache_dtype {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("value is {} but the cache is {cache_dtype}", value.dtype),
            });
        }
        if (batch, heads, head_dim) != (cache_batch, cache_heads, cache_dim) {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "value {:?} does not match cache {cache_sizes:?} in batch, heads or head_dim",
                    value.sizes
                ),
            });
        }
        let position_bytes = heads
            .checked_mul(head_dim)
            .and_then(|n| n.checked_mul(value.dtype.element_size()))
            .ok_or_else(|| Error::InvalidArgument { op, detail: "size overflow".into() })?;
        Ok(Geometry { batch, sequence, capacity, position_bytes })
    }

    /// Byte ranges of `count` positions: from the value at `(b, s)`, to the cache at
    /// `(cache_b, position)`.
    fn rows(
        &self,
        b: usize,
        s: usize,
        cache_b: usize,
        position: usize,
        count: usize,
    ) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let len = count * self.position_bytes;
        let from = (b * self.sequence + s) * self.position_bytes;
        let to = (cache_b * self.capacity + position) * self.position_bytes;
        (from..from + len, to..to + len)
    }
}

/// Copies `from` of `source` to `to` of `destination`; ranges outside either are an
/// error (the shapes were checked, so this only guards a short buffer).
fn copy(
    op: &'static str,
    destination: &mut [u8],
    to: std::ops::Range<usize>,
    source: &[u8],
    from: std::ops::Range<usize>,
) -> Result<()> {
    match (destination.get_mut(to), source.get(from)) {
        (Some(d), Some(s)) if d.len() == s.len() => {
            d.copy_from_slice(s);
            Ok(())
        }
        _ => {
            Err(Error::InvalidArgument { op, detail: "tensor data shorter than its shape".into() })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use pterun_core::ShapeDynamism;

    use super::*;
    use crate::args::Arg;
    use crate::tensor::{Shape, TensorMut};

    fn run(
        op: &'static str,
        value: &[f32],
        value_sizes: &[usize],
        cache: &mut [f32],
        cache_sizes: &[usize],
        extra: Vec<Arg<'_>>,
    ) -> Result<()> {
        let value_bytes: &[u8] = bytemuck::cast_slice(value);
        let mut dummy = [0u8; 4];
        let mut dummy_shape = Shape::new(vec![1], ShapeDynamism::Static);
        let mut cache_shape = Shape::new(cache_sizes.to_vec(), ShapeDynamism::Static);
        let mut args = vec![
            Arg::Tensor(TensorRef {
                dtype: ScalarType::Float,
                sizes: value_sizes,
                data: value_bytes,
            }),
            Arg::Out(1),
        ];
        args.extend(extra);
        args.push(Arg::Out(0));
        let mut call = KernelCall {
            op,
            args,
            outs: vec![
                TensorMut::new(ScalarType::Float, &mut dummy_shape, &mut dummy),
                TensorMut::new(
                    ScalarType::Float,
                    &mut cache_shape,
                    bytemuck::cast_slice_mut(cache),
                ),
            ],
            scalar_out: None,
        };
        let kernel = if op.contains("indices") { update_cache_with_indices } else { update_cache };
        kernel(&mut call)
    }

    #[test]
    fn values_land_at_start_pos_of_each_batch_line() {
        // batch 2, 2 new positions, 1 head of 2; cache of 4 positions.
        let value = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let mut cache = [0f32; 16];
        run(
            "llama::update_cache.out",
            &value,
            &[2, 2, 1, 2],
            &mut cache,
            &[2, 4, 1, 2],
            vec![Arg::Int(1)],
        )
        .unwrap();
        assert_eq!(
            cache,
            [0.0, 0.0, 1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0, 5.0, 6.0, 7.0, 8.0, 0.0, 0.0]
        );
    }

    #[test]
    fn positions_past_the_cache_and_foreign_shapes_are_refused() {
        let value = [1f32; 4];
        let mut cache = [0f32; 8];
        for start in [3, 4, -1] {
            let r = run(
                "llama::update_cache.out",
                &value,
                &[1, 2, 1, 2],
                &mut cache,
                &[1, 4, 1, 2],
                vec![Arg::Int(start)],
            );
            assert!(matches!(r, Err(Error::InvalidArgument { .. })), "start {start}: {r:?}");
        }
        let r = run(
            "llama::update_cache.out",
            &value,
            &[1, 1, 2, 2],
            &mut cache,
            &[1, 4, 1, 2],
            vec![Arg::Int(0)],
        );
        assert!(matches!(r, Err(Error::ShapeMismatch { .. })), "{r:?}");
        assert_eq!(cache, [0f32; 8]);
    }

    #[test]
    fn indices_place_each_position_and_are_checked() {
        let value = [1.0, 2.0, 3.0, 4.0];
        let mut cache = [0f32; 8];
        let idx: [i64; 2] = [3, 0];
        let idx_bytes: &[u8] = bytemuck::cast_slice(&idx);
        let indices = TensorRef { dtype: ScalarType::Long, sizes: &[1, 2], data: idx_bytes };
        run(
            "llama::update_cache_with_indices.out",
            &value,
            &[1, 2, 1, 2],
            &mut cache,
            &[1, 4, 1, 2],
            vec![Arg::Int(0), Arg::Tensor(indices)],
        )
        .unwrap();
        assert_eq!(cache, [3.0, 4.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0]);
        let bad: [i64; 2] = [4, 0];
        let bad_bytes: &[u8] = bytemuck::cast_slice(&bad);
        let indices = TensorRef { dtype: ScalarType::Long, sizes: &[1, 2], data: bad_bytes };
        let r = run(
            "llama::update_cache_with_indices.out",
            &value,
            &[1, 2, 1, 2],
            &mut cache,
            &[1, 4, 1, 2],
            vec![Arg::Int(0), Arg::Tensor(indices)],
        );
        assert!(matches!(r, Err(Error::InvalidArgument { .. })), "{r:?}");
    }
}
