//! `pterun::pointwise.out`: a chain of element-wise `f32` operations in one pass.
//!
//! Exported models spell activations out as chains of small kernels: MobileNetV3's
//! hardswish is `add(x, 3)`, `clamp(min 0)`, `clamp(max 6)`, `mul(x, ...)`, `div(..., 6)`,
//! five passes over memory. The runtime rewrites such chains at method load into one
//! `pterun::pointwise.out` step, and this kernel applies the same operations, in the same
//! order and in `f32` as the separate kernels do, to blocks small enough to stay in the
//! first-level cache: no bit changes, four passes less.
//!
//! Arguments: `(Tensor self, int[] ops, <operands of each op in turn>, Tensor(a!) out)`.
//! Each entry of `ops` is a [`PointwiseOp`] code; its operands follow in the order listed
//! on the variant. A tensor operand holds one element (used for every position) or as many
//! as `self` (read along).

use pterun_core::ScalarType;

use crate::arch::simd::{point_steps, Operand, PointStep};
use crate::args::KernelCall;
use crate::dtype::Compute;
use crate::error::{Error, Result};
use crate::registry::KernelDef;
use crate::util::one_out;

/// Registry name of the fused chain kernel.
pub const POINTWISE: &str = "pterun::pointwise.out";

/// Longest chain one step runs.
pub const MAX_POINTWISE_OPS: usize = 16;

/// Elements per block: the block and its run operands stay in the first-level cache.
const BLOCK: usize = 1024;

/// This family's kernels, by operator name.
pub(super) const KERNELS: &[KernelDef] = &[(POINTWISE, pointwise)];

/// One operation of a `pterun::pointwise.out` chain. "Reversed" variants take the chain's
/// current value as their second operand (`other + alpha * current`...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointwiseOp {
    /// `add.out`; operands: the other tensor, alpha.
    Add,
    /// `add.out` with the current value second; operands: the other tensor, alpha.
    AddReversed,
    /// `sub.out`; operands: the other tensor, alpha.
    Sub,
    /// `sub.out` with the current value second; operands: the other tensor, alpha.
    SubReversed,
    /// `mul.out`; operand: the other tensor.
    Mul,
    /// `mul.out` with the current value second; operand: the other tensor.
    MulReversed,
    /// `div.out`; operand: the divisor.
    Div,
    /// `div.out` with the current value as divisor; operand: the dividend.
    DivReversed,
    /// `clamp.out` / `hardtanh.out`; operands: the lower and upper bound (scalar or none).
    Clamp,
    /// `relu.out`; no operand.
    Relu,
}

impl PointwiseOp {
    /// The code written in the step's `ops` list.
    pub fn code(self) -> i64 {
        match self {
            PointwiseOp::Add => 1,
            PointwiseOp::AddReversed => 2,
            PointwiseOp::Sub => 3,
            PointwiseOp::SubReversed => 4,
            PointwiseOp::Mul => 5,
            PointwiseOp::MulReversed => 6,
            PointwiseOp::Div => 7,
            PointwiseOp::DivReversed => 8,
            PointwiseOp::Clamp => 9,
            PointwiseOp::Relu => 10,
        }
    }

    /// The operation of a code, if it is one.
    pub fn from_code(code: i64) -> Option<PointwiseOp> {
        Some(match code {
            1 => PointwiseOp::Add,
            2 => PointwiseOp::AddReversed,
            3 => PointwiseOp::Sub,
            4 => PointwiseOp::SubReversed,
            5 => PointwiseOp::Mul,
            6 => PointwiseOp::MulReversed,
            7 => PointwiseOp::Div,
            8 => PointwiseOp::DivReversed,
            9 => PointwiseOp::Clamp,
            10 => PointwiseOp::Relu,
            _ => return None,
        })
    }

    /// How many operand arguments follow for this operation.
    pub fn operand_count(self) -> usize {
        match self {
            PointwiseOp::Add
            | PointwiseOp::AddReversed
            | PointwiseOp::Sub
            | PointwiseOp::SubReversed
            | PointwiseOp::Clamp => 2,
            PointwiseOp::Mul
            | PointwiseOp::MulReversed
            | PointwiseOp::Div
            | PointwiseOp::DivReversed => 1,
            PointwiseOp::Relu => 0,
        }
    }
}

fn invalid(detail: String) -> Error {
    Error::InvalidArgument { op: POINTWISE, detail }
}

fn pointwise(call: &mut KernelCall<'_>) -> Result<()> {
    let codes = call.int_list(1)?;
    if codes.is_empty() || codes.len() > MAX_POINTWISE_OPS {
        return Err(invalid(format!("{} operations (1 to {MAX_POINTWISE_OPS})", codes.len())));
    }
    // Decode the operations and their scalar operands first; tensor operands are read
    // after the output is split off.
    let mut ops = [(PointwiseOp::Relu, 0usize); MAX_POINTWISE_OPS];
    let mut scalars = [[None::<f32>; 2]; MAX_POINTWISE_OPS];
    let mut next = 2;
    for (k, &code) in codes.iter().enumerate() {
        let op = PointwiseOp::from_code(code)
            .ok_or_else(|| invalid(format!("unknown operation code {code}")))?;
        ops[k] = (op, next);
        match op {
            PointwiseOp::Add
            | PointwiseOp::AddReversed
            | PointwiseOp::Sub
            | PointwiseOp::SubReversed => {
                scalars[k][0] = Some(<f32 as Compute>::from_scalar(call.scalar(next + 1)?));
            }
            PointwiseOp::Clamp => {
                scalars[k][0] = call.opt_scalar(next)?.map(<f32 as Compute>::from_scalar);
                scalars[k][1] = call.opt_scalar(next + 1)?.map(<f32 as Compute>::from_scalar);
                if scalars[k] == [None, None] {
                    return Err(invalid("a clamp without bounds".into()));
                }
            }
            _ => {}
        }
        next += op.operand_count();
    }
    call.expect_args(next + 1)?;
    let count = codes.len();

    let (inputs, outs) = call.split();
    let input = inputs.tensor(0)?;
    let out = one_out(POINTWISE, outs)?;
    let n = input.numel();
    let x = f32_data(&input.dtype, input.data, n)?;
    let mut steps = [PointStep::Relu; MAX_POINTWISE_OPS];
    for k in 0..count {
        let (op, at) = ops[k];
        let operand = |i: usize| -> Result<Operand<'_, f32>> {
            let t = inputs.tensor(i)?;
            let numel = t.numel();
            let data = f32_data(&t.dtype, t.data, numel)?;
            match data {
                [one] => Ok(Operand::Splat(*one)),
                run if numel == n => Ok(Operand::Run(run)),
                _ => Err(invalid(format!("operand of {numel} elements for {n}"))),
            }
        };
        let alpha = scalars[k][0].unwrap_or(1.0);
        steps[k] = match op {
            PointwiseOp::Add => PointStep::Add { other: operand(at)?, alpha, reversed: false },
            PointwiseOp::AddReversed => {
                PointStep::Add { other: operand(at)?, alpha, reversed: true }
            }
            PointwiseOp::Sub => PointStep::Sub { other: operand(at)?, alpha, reversed: false },
            PointwiseOp::SubReversed => {
                PointStep::Sub { other: operand(at)?, alpha, reversed: true }
            }
            PointwiseOp::Mul => PointStep::Mul { other: operand(at)?, reversed: false },
            PointwiseOp::MulReversed => PointStep::Mul { other: operand(at)?, reversed: true },
            PointwiseOp::Div => PointStep::Div { other: operand(at)?, reversed: false },
            PointwiseOp::DivReversed => PointStep::Div { other: operand(at)?, reversed: true },
            PointwiseOp::Clamp => PointStep::Clamp { lo: scalars[k][0], hi: scalars[k][1] },
            PointwiseOp::Relu => PointStep::Relu,
        };
    }

    if out.dtype != ScalarType::Float {
        return Err(Error::UnsupportedDtype { op: POINTWISE, dtype: out.dtype });
    }
    out.resize(input.sizes)?;
    let y = <f32 as Compute>::native_mut(out.dtype, out.bytes_mut())
        .filter(|y| y.len() == n)
        .ok_or_else(|| invalid("output storage does not hold its elements".into()))?;
    run_chain(x, y, &steps[..count], crate::threads::num_threads());
    Ok(())
}

/// The chain over all of `x` into `y`, on up to `threads` threads.
fn run_chain(x: &[f32], y: &mut [f32], steps: &[PointStep<'_>], threads: usize) {
    let n = x.len();
    let threads = threads.min(n / PARALLEL_MIN_ELEMENTS);
    if threads > 1 {
        // Contiguous parts of whole blocks, one per thread.
        let part = n.div_ceil(threads).next_multiple_of(BLOCK);
        rayon::scope(|scope| {
            for (k, (src, dst)) in x.chunks(part).zip(y.chunks_mut(part)).enumerate() {
                scope.spawn(move |_| run_blocks(src, dst, steps, k * part));
            }
        });
    } else {
        run_blocks(x, y, steps, 0);
    }
}

/// Elements per thread below which a chain runs on one thread.
const PARALLEL_MIN_ELEMENTS: usize = 1 << 15;

/// The chain over `src` (elements `start..` of the input) into `dst`, block by block.
fn run_blocks(src: &[f32], dst: &mut [f32], steps: &[PointStep<'_>], start: usize) {
    let mut scratch = [0f32; 2 * BLOCK];
    for (b, (src, dst)) in src.chunks(BLOCK).zip(dst.chunks_mut(BLOCK)).enumerate() {
        point_steps(src, dst, &mut scratch, steps, start + b * BLOCK);
    }
}

/// The `f32` elements of a tensor stored as `f32`.
fn f32_data<'a>(dtype: &ScalarType, data: &'a [u8], numel: usize) -> Result<&'a [f32]> {
    if *dtype != ScalarType::Float {
        return Err(Error::UnsupportedDtype { op: POINTWISE, dtype: *dtype });
    }
    <f32 as Compute>::native(*dtype, data)
        .filter(|v| v.len() == numel)
        .ok_or_else(|| invalid(format!("tensor storage does not hold {numel} f32 elements")))
}

#[cfg(test)]
mod tests {
    use super::{run_chain, Operand, PointStep};

    #[test]
    fn a_chain_on_several_threads_writes_the_same_bits() {
        let n = 200_003;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7919 % 2003) as f32 - 1000.0) / 100.0).collect();
        let run: Vec<f32> = (0..n).map(|i| (i % 13) as f32 - 6.0).collect();
        let steps = [
            PointStep::Add { other: Operand::Splat(3.0), alpha: 1.0, reversed: false },
            PointStep::Clamp { lo: Some(0.0), hi: Some(6.0) },
            PointStep::Mul { other: Operand::Run(&run), reversed: true },
            PointStep::Div { other: Operand::Splat(6.0), reversed: false },
        ];
        let mut one = vec![f32::NAN; n];
        run_chain(&x, &mut one, &steps, 1);
        let want: Vec<f32> =
            x.iter().zip(&run).map(|(&v, &r)| r * (v + 3.0).clamp(0.0, 6.0) / 6.0).collect();
        assert!(one.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()));
        for threads in [2, 3, 7] {
            let mut many = vec![f32::NAN; n];
            run_chain(&x, &mut many, &steps, threads);
            assert!(one.iter().zip(&many).all(|(a, b)| a.to_bits() == b.to_bits()), "{threads}");
        }
    }
}
