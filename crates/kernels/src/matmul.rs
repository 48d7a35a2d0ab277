//! A public, checked matrix product on f32 for other pterun crates (the XNNPACK delegate's
//! fully connected, convolution and batched products), over the same `gemm` front the
//! kernels use.

use crate::arch::{gemm_f32, simd, MatMut, MatRef};
use crate::error::{Error, Result};
use crate::threads::num_threads;

/// Input rows up to which a product with a `[n, k]` weight computes dot products of weight
/// rows instead of calling the general matrix product (a decoded token, a batch-1 head):
/// the general product would repack the whole transposed weight first.
pub const ROW_DOT_MAX_ROWS: usize = 4;

/// Multiply-adds below which [`add_weight_row_dots`] stays on the calling thread.
const PARALLEL_MACS: usize = 1 << 17;

/// `dst[r * n + j] += dot(x[r * k..], w[j * k..])` for the `m = x.len() / k` input rows and
/// the `n` weight rows of `w` (`[n, k]`, row-major): each weight row is read once per input
/// row, in order. The weight rows are split over the kernels' threads when the product is
/// large; each output's sum is the same whatever the split.
pub fn add_weight_row_dots(
    dst: &mut [f32],
    x: &[f32],
    w: &[f32],
    k: usize,
    n: usize,
) -> Result<()> {
    let m = x.len().checked_div(k).unwrap_or(0);
    if w.len() < n * k || dst.len() < m * n {
        return Err(Error::InvalidArgument {
            op: "add_weight_row_dots",
            detail: format!(
                "{m} x {k} inputs, a {n} x {k} weight of {} elements, {} outputs",
                w.len(),
                dst.len()
            ),
        });
    }
    if k == 0 || n == 0 {
        return Ok(());
    }
    let threads = num_threads().min(n.div_ceil(64));
    for (out_row, x_row) in dst.chunks_exact_mut(n).zip(x.chunks_exact(k)).take(m) {
        if threads <= 1 || n * k < PARALLEL_MACS {
            simd::add_row_dots(out_row, &w[..n * k], x_row);
            continue;
        }
        let part = n.div_ceil(threads);
        rayon::scope(|scope| {
            for (o, rows) in out_row.chunks_mut(part).zip(w.chunks(part * k)) {
                scope.spawn(move |_| simd::add_row_dots(o, rows, x_row));
            }
        });
    }
    Ok(())
}

/// A strided `rows x cols` view: element `(i, j)` is `data[i * row_stride + j * col_stride]`.
#[derive(Clone, Copy, Debug)]
pub struct Strided<'a> {
    /// The elements the view reads.
    pub data: &'a [f32],
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Elements between consecutive rows.
    pub row_stride: usize,
    /// Elements between consecutive columns.
    pub col_stride: usize,
}

impl<'a> Strided<'a> {
    /// A row-major (C-contiguous) view of the first `rows * cols` elements.
    pub fn row_major(data: &'a [f32], rows: usize, cols: usize) -> Strided<'a> {
        Strided { data, rows, cols, row_stride: cols, col_stride: 1 }
    }

    /// The transposed view, without moving data.
    pub fn t(self) -> Strided<'a> {
        Strided {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }
}

/// `dst = lhs x rhs` (or `dst += lhs x rhs` when `accumulate`): `dst` is row-major
/// `lhs.rows x rhs.cols` with rows `dst_row_stride` elements apart. Views that do not fit
/// their slices or dimensions that do not chain are an error, never a panic. Threads as
/// set with [`crate::set_num_threads`] for large products.
pub fn matmul_f32(
    dst: &mut [f32],
    dst_row_stride: usize,
    lhs: Strided<'_>,
    rhs: Strided<'_>,
    accumulate: bool,
) -> Result<()> {
    let err = |e: crate::arch::GemmError| Error::InvalidArgument {
        op: "matmul_f32",
        detail: e.to_string(),
    };
    let dst = MatMut::new(dst, lhs.rows, rhs.cols, dst_row_stride, 1).map_err(err)?;
    let lhs =
        MatRef::new(lhs.data, lhs.rows, lhs.cols, lhs.row_stride, lhs.col_stride).map_err(err)?;
    let rhs =
        MatRef::new(rhs.data, rhs.rows, rhs.cols, rhs.row_stride, rhs.col_stride).map_err(err)?;
    gemm_f32(dst, lhs, rhs, 1.0, accumulate).map_err(err)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    #[test]
    fn product_matches_the_definition_and_checks_views() {
        let a = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2x3
        let b = [1.0f32, 0.5, -1.0, 2.0, 0.0, 1.0]; // 3x2
        let mut c = [0.0f32; 4];
        matmul_f32(&mut c, 2, Strided::row_major(&a, 2, 3), Strided::row_major(&b, 3, 2), false)
            .unwrap();
        assert_eq!(c, [-1.0, 7.5, -1.0, 18.0]);
        // b^T read as a transposed view of a 2x3 matrix gives the same product.
        let bt = [1.0f32, -1.0, 0.0, 0.5, 2.0, 1.0];
        let mut d = [0.0f32; 4];
        matmul_f32(
            &mut d,
            2,
            Strided::row_major(&a, 2, 3),
            Strided::row_major(&bt, 2, 3).t(),
            false,
        )
        .unwrap();
        assert_eq!(c, d);
        assert!(matmul_f32(
            &mut d,
            2,
            Strided::row_major(&a, 2, 3),
            Strided::row_major(&b, 2, 3),
            false
        )
        .is_err());
        assert!(matmul_f32(
            &mut d[..3],
            2,
            Strided::row_major(&a, 2, 3),
            Strided::row_major(&b, 3, 2),
            false
        )
        .is_err());
    }

    #[test]
    fn weight_row_dots_equal_the_definition_on_one_thread_and_split() {
        let (m, k, n) = (2, 300, 1000); // large enough to be split over threads
        let x: Vec<f32> = (0..m * k).map(|i| ((i * 7) % 13) as f32 * 0.25 - 1.5).collect();
        let w: Vec<f32> = (0..n * k).map(|i| ((i * 5) % 11) as f32 * 0.125 - 0.5).collect();
        let mut got = vec![1.0f32; m * n];
        add_weight_row_dots(&mut got, &x, &w, k, n).unwrap();
        for r in 0..m {
            for j in 0..n {
                // Small multiples of powers of two: every order of summation is exact.
                let want: f32 = (0..k).map(|i| x[r * k + i] * w[j * k + i]).sum::<f32>() + 1.0;
                assert_eq!(got[r * n + j], want, "output {r}, {j}");
            }
        }
        let mut short = vec![0.0f32; m * n - 1];
        assert!(add_weight_row_dots(&mut short, &x, &w, k, n).is_err());
        assert!(add_weight_row_dots(&mut got, &x, &w[..n * k - 1], k, n).is_err());
    }
}
