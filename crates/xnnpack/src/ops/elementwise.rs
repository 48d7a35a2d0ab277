//! Element-wise nodes: unary maps, binary operations with NumPy broadcasting, the fused
//! output clamp.

/// A unary map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Unary {
    Abs,
    Ceiling,
    Clamp,
    Copy,
    Cos,
    Elu(f32),
    Exp,
    Floor,
    Gelu,
    Hardswish,
    LeakyRelu(f32),
    Log,
    Negate,
    ReciprocalSquareRoot,
    Sigmoid,
    Sin,
    Square,
    SquareRoot,
    Tanh,
}

impl Unary {
    #[inline]
    fn apply(self, x: f32) -> f32 {
        match self {
            Unary::Abs => x.abs(),
            Unary::Ceiling => x.ceil(),
            Unary::Clamp | Unary::Copy => x,
            Unary::Cos => x.cos(),
            Unary::Elu(alpha) => {
                if x > 0.0 {
                    x
                } else {
                    alpha * x.exp_m1()
                }
            }
            Unary::Exp => x.exp(),
            Unary::Floor => x.floor(),
            Unary::Gelu => 0.5 * x * (1.0 + libm::erff(x * std::f32::consts::FRAC_1_SQRT_2)),
            Unary::Hardswish => x * (x + 3.0).clamp(0.0, 6.0) / 6.0,
            Unary::LeakyRelu(slope) => {
                if x >= 0.0 {
                    x
                } else {
                    x * slope
                }
            }
            Unary::Log => x.ln(),
            Unary::Negate => -x,
            Unary::ReciprocalSquareRoot => 1.0 / x.sqrt(),
            Unary::Sigmoid => {
                let mut out = [0.0];
                pterun_kernels::xnnpack_sigmoid(&[x], &mut out);
                out[0]
            }
            Unary::Sin => x.sin(),
            Unary::Square => x * x,
            Unary::SquareRoot => x.sqrt(),
            Unary::Tanh => x.tanh(),
        }
    }
}

/// `out[i] = op(input[i])`.
pub(crate) fn unary(op: Unary, input: &[f32], out: &mut [f32]) {
    match op {
        Unary::Copy | Unary::Clamp => out.copy_from_slice(&input[..out.len()]),
        // XNNPACK's estimate-and-refine steps, not the exact value: see the kernel's doc.
        Unary::ReciprocalSquareRoot => pterun_kernels::xnnpack_rsqrt(input, out),
        // XNNPACK's polynomial and division, not the exact value: see the kernel's doc.
        Unary::Sigmoid => pterun_kernels::xnnpack_sigmoid(input, out),
        _ => {
            for (o, &x) in out.iter_mut().zip(input) {
                *o = op.apply(x);
            }
        }
    }
}

/// A binary operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Binary {
    Add,
    Subtract,
    Multiply,
    Div,
    Minimum,
    Maximum,
    /// `x < 0 ? x * slope : x` with the slope as second operand.
    Prelu,
}

impl Binary {
    #[inline(always)]
    fn apply(self, a: f32, b: f32) -> f32 {
        match self {
            Binary::Add => a + b,
            Binary::Subtract => a - b,
            Binary::Multiply => a * b,
            Binary::Div => a / b,
            Binary::Minimum => a.min(b),
            Binary::Maximum => a.max(b),
            Binary::Prelu => {
                if a < 0.0 {
                    a * b
                } else {
                    a
                }
            }
        }
    }
}

/// The broadcast shape of two shapes (aligned on the right), or `None` when they clash.
pub(crate) fn broadcast_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for (i, o) in out.iter_mut().enumerate() {
        let da = if i + a.len() >= rank { a[i + a.len() - rank] } else { 1 };
        let db = if i + b.len() >= rank { b[i + b.len() - rank] } else { 1 };
        *o = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => return None,
        };
    }
    Some(out)
}

/// Strides (in elements) of `shape` read as broadcast to `rank` dims of `out`: 0 where
/// the operand has extent 1.
fn broadcast_strides(shape: &[usize], out: &[usize]) -> Vec<usize> {
    let rank = out.len();
    let mut strides = vec![0; rank];
    let mut step = 1;
    for i in (0..shape.len()).rev() {
        let at = i + rank - shape.len();
        strides[at] = if shape[i] == 1 && out[at] != 1 { 0 } else { step };
        step *= shape[i];
    }
    strides
}

/// `out = op(a, b)` with broadcasting; `out_shape` is [`broadcast_shape`]'s result.
pub(crate) fn binary(
    op: Binary,
    a: &[f32],
    a_shape: &[usize],
    b: &[f32],
    b_shape: &[usize],
    out: &mut [f32],
    out_shape: &[usize],
) {
    let n = out.len();
    if a.len() == n && b.len() == n {
        for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
            *o = op.apply(x, y);
        }
        return;
    }
    if a.len() == n && b.len() == 1 {
        let y = b[0];
        for (o, &x) in out.iter_mut().zip(a) {
            *o = op.apply(x, y);
        }
        return;
    }
    if b.len() == n && a.len() == 1 {
        let x = a[0];
        for (o, &y) in out.iter_mut().zip(b) {
            *o = op.apply(x, y);
        }
        return;
    }
    // General case: walk the output's rows (last dimension), each operand's row read
    // with its own stride (0 when broadcast).
    let rank = out_shape.len();
    if rank == 0 || n == 0 {
        if let (Some(o), Some(&x), Some(&y)) = (out.first_mut(), a.first(), b.first()) {
            *o = op.apply(x, y);
        }
        return;
    }
    let sa = broadcast_strides(a_shape, out_shape);
    let sb = broadcast_strides(b_shape, out_shape);
    let inner = out_shape[rank - 1];
    let (ia, ib) = (sa[rank - 1], sb[rank - 1]);
    let mut index = vec![0usize; rank];
    for row in out.chunks_exact_mut(inner.max(1)) {
        let mut oa = 0;
        let mut ob = 0;
        for d in 0..rank - 1 {
            oa += index[d] * sa[d];
            ob += index[d] * sb[d];
        }
        match (ia, ib) {
            (1, 1) => {
                for ((o, &x), &y) in row.iter_mut().zip(&a[oa..oa + inner]).zip(&b[ob..ob + inner])
                {
                    *o = op.apply(x, y);
                }
            }
            (1, 0) => {
                let y = b[ob];
                for (o, &x) in row.iter_mut().zip(&a[oa..oa + inner]) {
                    *o = op.apply(x, y);
                }
            }
            (0, 1) => {
                let x = a[oa];
                for (o, &y) in row.iter_mut().zip(&b[ob..ob + inner]) {
                    *o = op.apply(x, y);
                }
            }
            _ => {
                for (j, o) in row.iter_mut().enumerate() {
                    *o = op.apply(a[oa + j * ia], b[ob + j * ib]);
                }
            }
        }
        // Next row: increment the multi-index over all but the last dimension.
        for d in (0..rank - 1).rev() {
            index[d] += 1;
            if index[d] < out_shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// Clamps every element to `[min, max]`.
pub(crate) fn clamp(out: &mut [f32], min: f32, max: f32) {
    if min == f32::NEG_INFINITY && max == f32::INFINITY {
        return;
    }
    for x in out {
        *x = x.max(min).min(max);
    }
}

/// Rounds every element to the nearest f16 (the precision of an f16 value).
pub(crate) fn round_to_f16(out: &mut [f32]) {
    for x in out {
        *x = half::f16::from_f32(*x).to_f32();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_matches_the_definition() {
        let a: Vec<f32> = (0..6).map(|x| x as f32).collect(); // [2, 3]
        let b = [10.0f32, 20.0]; // [2, 1]
        let shape = broadcast_shape(&[2, 3], &[2, 1]).unwrap_or_default();
        assert_eq!(shape, [2, 3]);
        let mut out = [0.0f32; 6];
        binary(Binary::Add, &a, &[2, 3], &b, &[2, 1], &mut out, &shape);
        assert_eq!(out, [10.0, 11.0, 12.0, 23.0, 24.0, 25.0]);
        let c = [1.0f32, 2.0, 3.0]; // [3]
        binary(Binary::Subtract, &a, &[2, 3], &c, &[3], &mut out, &shape);
        assert_eq!(out, [-1.0, -1.0, -1.0, 2.0, 2.0, 2.0]);
        assert_eq!(broadcast_shape(&[2, 3], &[4]), None);
        let mut out = [0.0f32; 6];
        binary(Binary::Multiply, &b, &[2, 1], &c, &[1, 3], &mut out, &shape);
        assert_eq!(out, [10.0, 20.0, 30.0, 20.0, 40.0, 60.0]);
    }

    #[test]
    fn activations() {
        let mut out = [0.0f32; 3];
        unary(Unary::Hardswish, &[-4.0, 0.5, 4.0], &mut out);
        assert_eq!(out, [0.0, 0.5 * 3.5 / 6.0, 4.0]);
        unary(Unary::Sigmoid, &[-100.0, 0.0, 100.0], &mut out);
        assert_eq!(out[1..], [0.5, 1.0]);
        assert!(out[0] < 1e-40, "{}", out[0]);
        let mut out = [1.0f32, -2.0, 7.0];
        clamp(&mut out, 0.0, 6.0);
        assert_eq!(out, [1.0, 0.0, 6.0]);
    }
}
