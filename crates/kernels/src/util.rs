//! Helpers shared by kernels: dimension normalisation and broadcasting.

use crate::error::{Error, Result};

/// Turns a possibly negative dimension into an index below `rank` (rank 0 accepts 0 and -1).
pub fn normalize_dim(op: &'static str, dim: i64, rank: usize) -> Result<usize> {
    let r = rank.max(1) as i64;
    let d = if dim < 0 { dim + r } else { dim };
    if d < 0 || d >= r {
        return Err(Error::InvalidArgument { op, detail: format!("dimension {dim} out of range for rank {rank}") });
    }
    Ok(d as usize)
}

/// The broadcast shape of two shapes (NumPy rules).
pub fn broadcast_shapes(op: &'static str, a: &[usize], b: &[usize]) -> Result<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for i in 0..rank {
        let da = if i + a.len() >= rank { a[i + a.len() - rank] } else { 1 };
        let db = if i + b.len() >= rank { b[i + b.len() - rank] } else { 1 };
        out[i] = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!("shapes {a:?} and {b:?} cannot be broadcast"),
                })
            }
        };
    }
    Ok(out)
}
