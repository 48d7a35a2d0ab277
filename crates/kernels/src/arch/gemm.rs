//! A safe front for `gemm::gemm` on f32: strided matrix views over slices whose extents
//! are checked when the view is made, and one product function.
//!
//! `gemm::gemm` reads `lhs` and `rhs` and writes `dst` through raw pointers and signed
//! element strides. Its soundness needs exactly: every element `(i, j)` of each operand,
//! `i < rows`, `j < cols`, lies inside the allocation behind the pointer; the three
//! operands' dimensions agree; `dst` does not overlap `lhs` or `rhs`; and, because the
//! crate may split `dst` between threads, no two elements of `dst` share an address. The
//! views below establish the first and last conditions, [`gemm_f32`] the others.

use gemm::Parallelism;

/// Multiply-adds below which a product runs on one thread.
const PARALLEL_MIN_WORK: usize = 1 << 22;

/// Why a matrix view or product was refused. Kernels compute their shapes before calling,
/// so reaching one of these is a kernel bug, reported instead of undefined behaviour.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum GemmError {
    /// The view reaches past the end of its slice (or its extent overflows).
    #[error("a {rows}x{cols} view with strides ({row_stride}, {col_stride}) does not fit in {len} elements")]
    OutOfBounds {
        /// Rows of the view.
        rows: usize,
        /// Columns of the view.
        cols: usize,
        /// Elements between consecutive rows.
        row_stride: usize,
        /// Elements between consecutive columns.
        col_stride: usize,
        /// Elements in the slice.
        len: usize,
    },
    /// Two elements of a destination view would share an address.
    #[error(
        "a {rows}x{cols} destination with strides ({row_stride}, {col_stride}) overlaps itself"
    )]
    Overlapping {
        /// Rows of the view.
        rows: usize,
        /// Columns of the view.
        cols: usize,
        /// Elements between consecutive rows.
        row_stride: usize,
        /// Elements between consecutive columns.
        col_stride: usize,
    },
    /// The operands' dimensions do not chain: `dst[m, n] = lhs[m, k] x rhs[k, n]`.
    #[error("cannot multiply {lhs:?} by {rhs:?} into {dst:?}")]
    Dimensions {
        /// `[rows, cols]` of dst.
        dst: [usize; 2],
        /// `[rows, cols]` of lhs.
        lhs: [usize; 2],
        /// `[rows, cols]` of rhs.
        rhs: [usize; 2],
    },
}

/// Number of elements from the first to one past the last element of a strided view, or
/// `None` on overflow. An empty view spans nothing.
fn span(rows: usize, cols: usize, row_stride: usize, col_stride: usize) -> Option<usize> {
    if rows == 0 || cols == 0 {
        return Some(0);
    }
    let last =
        (rows - 1).checked_mul(row_stride)?.checked_add((cols - 1).checked_mul(col_stride)?)?;
    let end = last.checked_add(1)?;
    // gemm works in isize offsets; the span bounds every offset it forms from our strides.
    isize::try_from(end).ok()?;
    Some(end)
}

/// Checks that a view fits its slice; returns the error to report otherwise.
fn check_fits(
    len: usize,
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
) -> Result<(), GemmError> {
    match span(rows, cols, row_stride, col_stride) {
        Some(end) if end <= len => Ok(()),
        _ => Err(GemmError::OutOfBounds { rows, cols, row_stride, col_stride, len }),
    }
}

/// A read-only `rows x cols` matrix: element `(i, j)` is `data[i * row_stride + j *
/// col_stride]`. Strides may be zero (broadcast rows or columns).
#[derive(Clone, Copy, Debug)]
pub(crate) struct MatRef<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatRef<'a> {
    /// A strided view; fails unless every element lies inside `data`.
    pub(crate) fn new(
        data: &'a [f32],
        rows: usize,
        cols: usize,
        row_stride: usize,
        col_stride: usize,
    ) -> Result<MatRef<'a>, GemmError> {
        check_fits(data.len(), rows, cols, row_stride, col_stride)?;
        Ok(MatRef { data, rows, cols, row_stride, col_stride })
    }

    /// A row-major (C-contiguous) view of the first `rows * cols` elements.
    pub(crate) fn row_major(
        data: &'a [f32],
        rows: usize,
        cols: usize,
    ) -> Result<MatRef<'a>, GemmError> {
        MatRef::new(data, rows, cols, cols, 1)
    }

    /// The transpose, without moving data.
    pub(crate) fn t(self) -> MatRef<'a> {
        MatRef {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }
}

/// A writable `rows x cols` matrix whose elements all have distinct addresses inside
/// `data`.
#[derive(Debug)]
pub(crate) struct MatMut<'a> {
    data: &'a mut [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> MatMut<'a> {
    /// A strided view; fails unless every element lies inside `data` and no two elements
    /// share an address.
    pub(crate) fn new(
        data: &'a mut [f32],
        rows: usize,
        cols: usize,
        row_stride: usize,
        col_stride: usize,
    ) -> Result<MatMut<'a>, GemmError> {
        check_fits(data.len(), rows, cols, row_stride, col_stride)?;
        // Injectivity: ignore unit dimensions; the inner (smaller-stride) dimension must
        // fit strictly between two steps of the outer one.
        let mut dims: Vec<(usize, usize)> =
            [(row_stride, rows), (col_stride, cols)].into_iter().filter(|&(_, n)| n > 1).collect();
        dims.sort_unstable();
        let distinct = match dims.as_slice() {
            [] => true,
            [(s, _)] => *s >= 1,
            [(s_in, n_in), (s_out, _)] => {
                *s_in >= 1 && s_in.checked_mul(*n_in).is_some_and(|e| e <= *s_out)
            }
            _ => false,
        };
        if !distinct {
            return Err(GemmError::Overlapping { rows, cols, row_stride, col_stride });
        }
        Ok(MatMut { data, rows, cols, row_stride, col_stride })
    }

    /// A row-major (C-contiguous) view of the first `rows * cols` elements.
    pub(crate) fn row_major(
        data: &'a mut [f32],
        rows: usize,
        cols: usize,
    ) -> Result<MatMut<'a>, GemmError> {
        MatMut::new(data, rows, cols, cols, 1)
    }

    fn for_each(&mut self, mut f: impl FnMut(&mut f32)) {
        for i in 0..self.rows {
            for j in 0..self.cols {
                // In bounds: the view was checked to fit when it was made.
                f(&mut self.data[i * self.row_stride + j * self.col_stride]);
            }
        }
    }
}

/// `dst = lhs x rhs * scale` (or `dst += lhs x rhs * scale` when `accumulate`), f32.
///
/// `dst` is `m x n`, `lhs` is `m x k`, `rhs` is `k x n`; any strides the views accepted.
/// Runs single-threaded: results do not depend on the machine's thread count.
pub(crate) fn gemm_f32(
    mut dst: MatMut<'_>,
    lhs: MatRef<'_>,
    rhs: MatRef<'_>,
    scale: f32,
    accumulate: bool,
) -> Result<(), GemmError> {
    let (m, n, k) = (dst.rows, dst.cols, lhs.cols);
    if lhs.rows != m || rhs.rows != k || rhs.cols != n {
        return Err(GemmError::Dimensions {
            dst: [dst.rows, dst.cols],
            lhs: [lhs.rows, lhs.cols],
            rhs: [rhs.rows, rhs.cols],
        });
    }
    if m == 0 || n == 0 {
        return Ok(());
    }
    if k == 0 {
        // An empty sum; handled here so the raw call never sees k == 0.
        if !accumulate {
            dst.for_each(|x| *x = 0.0);
        }
        return Ok(());
    }
    let stride = |s: usize| isize::try_from(s);
    let (Ok(dst_rs), Ok(dst_cs), Ok(lhs_rs), Ok(lhs_cs), Ok(rhs_rs), Ok(rhs_cs)) = (
        stride(dst.row_stride),
        stride(dst.col_stride),
        stride(lhs.row_stride),
        stride(lhs.col_stride),
        stride(rhs.row_stride),
        stride(rhs.col_stride),
    ) else {
        // Unreachable: `span` bounded every stride of a non-empty view by isize::MAX.
        return Err(GemmError::OutOfBounds {
            rows: m,
            cols: n,
            row_stride: dst.row_stride,
            col_stride: dst.col_stride,
            len: dst.data.len(),
        });
    };
    // Threads pay off only on products large enough to split; small ones stay serial.
    let threads = crate::threads::num_threads();
    let parallelism = if threads > 1 && m.saturating_mul(n).saturating_mul(k) >= PARALLEL_MIN_WORK {
        Parallelism::Rayon(threads)
    } else {
        Parallelism::None
    };
    // SAFETY: `MatRef::new` / `MatMut::new` checked that every element (i, j) with
    // i < rows, j < cols of each view lies inside its slice, with isize-representable
    // offsets; the check above makes the views' shapes m x k, k x n and m x n, which is
    // what gemm indexes. `dst` is a `&mut` slice, so it overlaps neither shared input
    // slice, and `MatMut::new` checked its elements have distinct addresses. m, n, k > 0.
    // The pointers stay valid for the call: the slices are borrowed for its duration.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.data.as_mut_ptr(),
            dst_cs,
            dst_rs,
            accumulate,
            lhs.data.as_ptr(),
            lhs_cs,
            lhs_rs,
            rhs.data.as_ptr(),
            rhs_cs,
            rhs_rs,
            1.0f32,
            scale,
            false,
            false,
            false,
            parallelism,
        );
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use super::*;

    fn naive(m: usize, n: usize, k: usize, a: &[f32], b: &[f32]) -> Vec<f32> {
        let mut c = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] =
                    (0..k).map(|p| a[i * k + p] as f64 * b[p * n + j] as f64).sum::<f64>() as f32;
            }
        }
        c
    }

    #[test]
    fn matches_naive_product() {
        for &(m, n, k) in &[(1, 1, 1), (3, 5, 7), (64, 80, 96), (17, 1, 33), (1, 40, 9)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32 - 6.0) / 5.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32 - 5.0) / 3.0).collect();
            let mut c = vec![f32::NAN; m * n];
            let dst = MatMut::row_major(&mut c, m, n).unwrap();
            let lhs = MatRef::row_major(&a, m, k).unwrap();
            let rhs = MatRef::row_major(&b, k, n).unwrap();
            gemm_f32(dst, lhs, rhs, 1.0, false).unwrap();
            for (x, y) in c.iter().zip(naive(m, n, k, &a, &b)) {
                assert!((x - y).abs() <= 1e-4 * y.abs().max(1.0), "{x} vs {y}");
            }
        }
    }

    #[test]
    fn rejects_bad_views() {
        let data = vec![0.0f32; 6];
        assert!(MatRef::new(&data, 2, 3, 3, 1).is_ok());
        assert!(MatRef::new(&data, 2, 4, 3, 1).is_err());
        assert!(MatRef::new(&data, 2, 3, usize::MAX, 1).is_err());
        assert!(MatRef::new(&data, 0, 100, 100, 100).is_ok());
        let mut out = vec![0.0f32; 6];
        assert!(matches!(MatMut::new(&mut out, 2, 3, 1, 1), Err(GemmError::Overlapping { .. })));
        assert!(matches!(MatMut::new(&mut out, 2, 3, 0, 1), Err(GemmError::Overlapping { .. })));
        assert!(MatMut::new(&mut out, 3, 2, 1, 3).is_ok());
        let dst = MatMut::row_major(&mut out, 2, 3).unwrap();
        let lhs = MatRef::row_major(&data, 2, 2).unwrap();
        let rhs = MatRef::row_major(&data, 3, 2).unwrap();
        assert!(matches!(gemm_f32(dst, lhs, rhs, 1.0, false), Err(GemmError::Dimensions { .. })));
    }

    #[test]
    fn empty_inner_dimension_zeroes_or_keeps() {
        let mut out = vec![5.0f32; 4];
        let empty: [f32; 0] = [];
        let lhs = MatRef::row_major(&empty, 2, 0).unwrap();
        let rhs = MatRef::row_major(&empty, 0, 2).unwrap();
        gemm_f32(MatMut::row_major(&mut out, 2, 2).unwrap(), lhs, rhs, 1.0, true).unwrap();
        assert_eq!(out, [5.0; 4]);
        gemm_f32(MatMut::row_major(&mut out, 2, 2).unwrap(), lhs, rhs, 1.0, false).unwrap();
        assert_eq!(out, [0.0; 4]);
    }
}
