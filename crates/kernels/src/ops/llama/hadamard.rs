//! `llama::fast_hadamard_transform`: the normalised Walsh-Hadamard transform of the last
//! dimension (SpinQuant's rotation), for power-of-two sizes.

use pterun_core::ScalarType;

use super::super::typed::{store, widen};
use crate::args::KernelCall;
use crate::error::{Error, Result};

/// `llama::fast_hadamard_transform.out(Tensor mat, *, Tensor(a!) out)`.
pub(super) fn fast_hadamard_transform(call: &mut KernelCall<'_>) -> Result<()> {
    let op = call.op;
    call.expect_args(2)?;
    let (inputs, outs) = call.split();
    let mat = inputs.tensor(0)?;
    let out = outs.first_mut().ok_or(Error::ArgumentCount { op, expected: 1, found: 0 })?;
    if out.dtype != mat.dtype {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("out is {} but mat is {}", out.dtype, mat.dtype),
        });
    }
    if !matches!(mat.dtype, ScalarType::Float | ScalarType::Half) {
        return Err(Error::UnsupportedDtype { op, dtype: mat.dtype });
    }
    out.resize(mat.sizes)?;
    let Some(&n) = mat.sizes.last() else { return Ok(()) };
    if mat.numel() == 0 {
        return Ok(());
    }
    if !n.is_power_of_two() {
        // The official kernel also takes 28 * 2^k with a special 28-point matrix.
        return Err(Error::NotSupported {
            op,
            detail: format!("last dimension {n} is not a power of two"),
        });
    }
    let mut values = widen::<f32>(op, &mat)?.into_owned();
    let norm = 1.0 / (n as f32).sqrt();
    for row in values.chunks_exact_mut(n) {
        transform(row);
        row.iter_mut().for_each(|x| *x *= norm);
    }
    store(op, out, &values)
}

/// In-place unnormalised Walsh-Hadamard transform of a power-of-two-long row.
fn transform(row: &mut [f32]) {
    let mut half = 1;
    while half < row.len() {
        for block in row.chunks_exact_mut(2 * half) {
            let (a, b) = block.split_at_mut(half);
            for (x, y) in a.iter_mut().zip(b.iter_mut()) {
                (*x, *y) = (*x + *y, *x - *y);
            }
        }
        half *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transform_is_the_sylvester_matrix_product_and_its_own_inverse() {
        let mut row = [1.0, 0.0, 0.0, 0.0];
        transform(&mut row);
        assert_eq!(row, [1.0, 1.0, 1.0, 1.0]);
        let mut row = [1.0, 2.0, 3.0, 4.0];
        transform(&mut row);
        assert_eq!(row, [10.0, -2.0, -4.0, 0.0]);
        transform(&mut row);
        assert_eq!(row, [4.0, 8.0, 12.0, 16.0]);
    }
}
