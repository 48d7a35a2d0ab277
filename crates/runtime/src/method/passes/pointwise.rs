//! Load-time fusion of element-wise chains into `pterun::pointwise.out` steps.
//!
//! Exported graphs spell activations as runs of tiny kernels (MobileNetV3's hardswish is
//! `add`, `clamp`, `clamp`, `mul`, `div`), each a full pass over memory. A run of such
//! steps, each reading the previous result and nothing else reading it, becomes one step
//! that computes the same operations in the same order per element (see
//! `pterun_kernels::PointwiseOp`), so no bit changes.

use std::collections::BTreeMap;

use pterun_core::{ScalarType, ShapeDynamism};
use pterun_kernels::{PointwiseOp, Registry, MAX_POINTWISE_OPS, POINTWISE};

use crate::method::{Plan, Slot, Step};

/// One instruction that can join a chain.
pub(in crate::method) struct Link {
    op: PointwiseOp,
    /// The value holding the chain's current tensor before this step.
    current_value: usize,
    /// The tensor of `current_value`.
    current: usize,
    /// Operand values, in the order `PointwiseOp` lists them.
    operands: Vec<usize>,
    /// The value the step writes, and its tensor.
    out: usize,
    result: usize,
}

impl Plan {
    /// Rewrites every chain of at least two element-wise steps (see the module docs). The
    /// fused step runs where the chain's first step was: only steps already computed at
    /// load may sit between the links, so every operand is ready there.
    pub(in crate::method) fn fuse_pointwise_chains(&mut self, kernels: &Registry) {
        let Some((fused_op, fused)) = kernels.get(POINTWISE) else { return };
        // One Int value per operation code, shared by every chain.
        let mut code_values: BTreeMap<i64, usize> = BTreeMap::new();
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            let mut pc = 0;
            while pc < self.chains[chain].len() {
                let Some(head) = self.point_link(chain, pc, None) else {
                    pc += 1;
                    continue;
                };
                let mut links = vec![head];
                let mut at = pc + 1;
                while links.len() < MAX_POINTWISE_OPS {
                    while matches!(self.chains[chain].get(at), Some(Step::Folded)) {
                        at += 1;
                    }
                    let Some(previous) = links.last().map(|l| l.result) else { break };
                    let Some(link) = self.point_link(chain, at, Some(previous)) else { break };
                    let is_intermediate = |t: usize| links.iter().any(|l| l.result == t);
                    let reads_intermediate = link
                        .operands
                        .iter()
                        .any(|&v| self.tensor_id(v).is_some_and(is_intermediate));
                    if reads_intermediate
                        || self.readers_outside(&counts, previous, chain, pc..at + 1) != 0
                    {
                        break;
                    }
                    links.push(link);
                    at += 1;
                }
                let (Some(first), Some(last)) = (links.first(), links.last()) else { break };
                // The result is written while the chain's inputs are still being read.
                let inputs = std::iter::once(first.current).chain(
                    links.iter().flat_map(|l| l.operands.iter().filter_map(|&v| self.tensor_id(v))),
                );
                let overlaps = inputs.clone().any(|t| self.shares_bytes(last.result, t));
                if links.len() < 2 || overlaps {
                    pc += 1;
                    continue;
                }
                let mut codes = Vec::with_capacity(links.len());
                for link in &links {
                    let code = link.op.code();
                    codes.push(
                        *code_values
                            .entry(code)
                            .or_insert_with(|| self.push_value(Slot::Int(code))),
                    );
                }
                let codes_value = self.push_value(Slot::IntList(codes));
                let mut args = vec![first.current_value, codes_value];
                for link in &links {
                    args.extend(&link.operands);
                }
                args.push(last.out);
                let positions: Vec<usize> =
                    (pc..at).filter(|&p| !matches!(self.chains[chain][p], Step::Folded)).collect();
                self.chains[chain][pc] = Step::Kernel {
                    op: fused_op,
                    kernel: fused,
                    args: args.into(),
                    ret: last.out,
                    writes: &[],
                };
                for &p in &positions[1..] {
                    self.chains[chain][p] = Step::Folded;
                }
                self.stats.fused_pointwise += links.len() - 1;
                pc = at;
            }
        }
    }

    /// The `f32` tensor of value `v`, if its shape is static.
    fn static_f32(&self, v: usize) -> Option<usize> {
        let t = self.tensor_id(v)?;
        let slot = &self.tensors[t];
        (slot.dtype == ScalarType::Float && slot.shape.dynamism() == ShapeDynamism::Static)
            .then_some(t)
    }

    /// Step `pc` as a chain link continuing from tensor `current` (or starting a chain).
    fn point_link(&self, chain: usize, pc: usize, current: Option<usize>) -> Option<Link> {
        let Some(Step::Kernel { op, args, ret, .. }) = self.chains[chain].get(pc) else {
            return None;
        };
        let result = self.static_f32(*ret)?;
        let sizes = self.tensors[result].shape.sizes();
        let same = |t: usize| self.tensors[t].shape.sizes() == sizes;
        let single = |t: usize| self.tensors[t].shape.sizes().iter().product::<usize>() == 1;
        let scalar = |v: usize| matches!(self.values.get(v), Some(Slot::Int(_) | Slot::Double(_)));
        let maybe_scalar = |v: usize| scalar(v) || matches!(self.values.get(v), Some(Slot::None));
        // (current value, other value, reversed) of a binary step.
        let pick = |a: usize, b: usize| -> Option<(usize, usize, bool)> {
            let (ta, tb) = (self.static_f32(a)?, self.static_f32(b)?);
            let picked = match current {
                Some(c) if ta == c && tb != c => (a, b, false),
                Some(c) if tb == c && ta != c => (b, a, true),
                Some(_) => return None,
                None if same(ta) => (a, b, false),
                None if same(tb) => (b, a, true),
                None => return None,
            };
            let other = self.static_f32(picked.1)?;
            (same(other) || single(other)).then_some(picked)
        };
        use PointwiseOp as P;
        let (op, current_value, operands) = match (*op, &args[..]) {
            ("aten::add.out", &[a, b, alpha, _]) if scalar(alpha) => {
                let (c, o, reversed) = pick(a, b)?;
                (if reversed { P::AddReversed } else { P::Add }, c, vec![o, alpha])
            }
            ("aten::sub.out", &[a, b, alpha, _]) if scalar(alpha) => {
                let (c, o, reversed) = pick(a, b)?;
                (if reversed { P::SubReversed } else { P::Sub }, c, vec![o, alpha])
            }
            ("aten::mul.out", &[a, b, _]) => {
                let (c, o, reversed) = pick(a, b)?;
                (if reversed { P::MulReversed } else { P::Mul }, c, vec![o])
            }
            ("aten::div.out", &[a, b, _]) => {
                let (c, o, reversed) = pick(a, b)?;
                (if reversed { P::DivReversed } else { P::Div }, c, vec![o])
            }
            ("aten::clamp.out", &[x, lo, hi, _])
                if maybe_scalar(lo) && maybe_scalar(hi) && (scalar(lo) || scalar(hi)) =>
            {
                (P::Clamp, x, vec![lo, hi])
            }
            ("aten::hardtanh.out", &[x, lo, hi, _]) if scalar(lo) && scalar(hi) => {
                (P::Clamp, x, vec![lo, hi])
            }
            ("aten::relu.out", &[x, _]) => (P::Relu, x, vec![]),
            _ => return None,
        };
        let current_tensor = self.static_f32(current_value)?;
        if current.is_some_and(|c| c != current_tensor) || !same(current_tensor) {
            return None;
        }
        Some(Link { op, current_value, current: current_tensor, operands, out: *ret, result })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::alone_and_without;
    use super::super::Pass;

    #[test]
    fn it_rewrites_its_pattern_and_nothing_when_switched_off() {
        let (alone, without) = alone_and_without("models/hardswish_net.pte", Pass::Pointwise);
        assert!(alone > 0, "pointwise found nothing to rewrite in models/hardswish_net.pte");
        assert_eq!(without, 0, "pointwise's rewrites happen with the pass switched off");
    }
}
