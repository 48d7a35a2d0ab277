//! A public, checked matrix product on f32 for other pterun crates (the XNNPACK delegate's
//! fully connected, convolution and batched products), over the same `gemm` front the
//! kernels use.

use crate::arch::{gemm_f32, MatMut, MatRef};
use crate::error::{Error, Result};

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
}
