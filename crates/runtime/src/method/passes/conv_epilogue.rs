//! Pass `conv_epilogue`: batch norm and relu/hardtanh fused into the convolution before them.

use crate::method::*;

/// A convolution and what follows it, to be fused into one step.
pub(in crate::method) struct ConvEpilogue {
    conv_args: Vec<usize>,
    /// The batch norm's arguments, when one is fused.
    norm_args: Option<Vec<usize>>,
    clamp: Clamp,
    /// The value the fused step writes: the last fused instruction's result.
    out: usize,
    /// Instructions fused, the convolution included.
    len: usize,
    /// `(result, convolution output)`: the result moves into the convolution output's
    /// bytes, its own being those of the convolution's input.
    retarget: Option<(usize, usize)>,
}

/// The clamp fused after a convolution.
#[derive(Debug, Clone, Copy)]
pub(in crate::method) enum Clamp {
    None,
    /// `relu`: a lower bound of zero.
    Relu,
    /// `hardtanh`: the value indices of its bounds.
    Bounds(usize, usize),
}

impl Plan {
    /// A convolution followed by an inference batch norm and/or a relu/hardtanh, each the
    /// next instruction and the only reader of the result before it, becomes one
    /// `pterun::conv_norm_clamp.out` step writing the last result directly: the same
    /// arithmetic applied to each output plane while it is in cache, instead of two more
    /// passes over memory. The intermediate tensors are then never written; the runtime
    /// copies the convolution's input aside if the planner gave the final result its
    /// bytes (it could, since that input is dead by then in the original order).
    pub(in crate::method) fn fuse_conv_epilogues(&mut self, kernels: &Registry) {
        let Some((fused_op, fused)) = kernels.get(pterun_kernels::CONV_NORM_CLAMP) else {
            return;
        };
        let mut none_value = None;
        let mut zero_value = None;
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            let mut pc = 0;
            while pc < self.chains[chain].len() {
                let fusion = self.conv_epilogue_at(&counts, chain, pc);
                let Some(fusion) = fusion else {
                    pc += 1;
                    continue;
                };
                let none = self.shared_value(&mut none_value, Slot::None);
                let mut args: Vec<usize> = fusion.conv_args[..9].to_vec();
                match &fusion.norm_args {
                    Some(n) => args.extend([n[1], n[2], n[3], n[4], n[6]]),
                    None => args.extend([none; 5]),
                }
                match fusion.clamp {
                    Clamp::None => args.extend([none, none]),
                    Clamp::Relu => {
                        let zero = self.shared_value(&mut zero_value, Slot::Double(0.0));
                        args.extend([zero, none]);
                    }
                    Clamp::Bounds(lo, hi) => args.extend([lo, hi]),
                }
                args.push(fusion.out);
                self.chains[chain][pc] = Step::Kernel {
                    op: fused_op,
                    kernel: fused,
                    args: args.into(),
                    ret: fusion.out,
                    writes: &[],
                };
                for folded in pc + 1..pc + fusion.len {
                    self.chains[chain][folded] = Step::Folded;
                }
                if let Some((t, donor)) = fusion.retarget {
                    self.tensors[t].storage = self.tensors[donor].storage;
                    self.stats.moved_results += 1;
                }
                self.stats.fused_epilogues += fusion.len - 1;
                pc += fusion.len;
            }
        }
    }

    /// The fusion [`Plan::fuse_conv_epilogues`] can make starting at step `pc`, if any.
    pub(in crate::method) fn conv_epilogue_at(
        &self,
        counts: &[usize],
        chain: usize,
        pc: usize,
    ) -> Option<ConvEpilogue> {
        const CONV: &str = "aten::convolution.out";
        const NORM: &str = "aten::_native_batch_norm_legit_no_training.out";
        let steps = &self.chains[chain];
        let kernel_at = |at: usize| match steps.get(at) {
            Some(Step::Kernel { op, args, ret, .. }) => Some((*op, args.clone(), *ret)),
            _ => None,
        };
        let f32_tensor = |v: usize| match self.values.get(v) {
            Some(Slot::Tensor(t)) => (self.tensors[*t].dtype == ScalarType::Float).then_some(*t),
            _ => None,
        };
        let (CONV, conv_args, conv_ret) = kernel_at(pc)? else { return None };
        if conv_args.len() != 10 {
            return None;
        }
        // A fused result must not share bytes with the convolution's input: the planner may
        // have given it those bytes (the input is dead after the convolution in the original
        // order), and the runtime would then copy the input aside on every run. Such a
        // result takes the convolution output's bytes instead, where that is safe.
        let input = match self.values.get(conv_args[0]) {
            Some(Slot::Tensor(t)) => *t,
            _ => return None,
        };
        let apart = |t: usize| !self.shares_bytes(t, input);
        let mut last = f32_tensor(conv_ret)?;
        let mut len = 1;
        let mut out = conv_ret;
        let mut norm_args = None;
        // Only the fused steps may read an intermediate result.
        let private =
            |t: usize, len: usize| self.readers_outside(counts, t, chain, pc..pc + len) == 0;
        if let Some((NORM, args, ret)) = kernel_at(pc + 1) {
            let outs = match self.values.get(ret) {
                Some(Slot::TensorList(items)) if items.len() == 3 => items.clone(),
                _ => return None,
            };
            let (y, saved) = (f32_tensor(outs[0])?, [outs[1], outs[2]]);
            let reads_last = args.len() == 10 && f32_tensor(args[0]) == Some(last);
            let saved_unread = saved.iter().all(|&v| match self.values.get(v) {
                Some(Slot::Tensor(t)) => private(*t, 2),
                _ => false,
            });
            if reads_last && saved_unread && private(last, 2) {
                norm_args = Some(args.to_vec());
                last = y;
                out = outs[0];
                len = 2;
            }
        }
        let mut clamp = Clamp::None;
        if let Some((op, args, ret)) = kernel_at(pc + len) {
            let bounds = match (op, &args[..]) {
                ("aten::relu.out", [x, _]) if f32_tensor(*x) == Some(last) => Some(Clamp::Relu),
                ("aten::hardtanh.out", [x, lo, hi, _]) if f32_tensor(*x) == Some(last) => {
                    let finite = |v: usize| match self.values.get(v) {
                        Some(Slot::Int(_)) => true,
                        Some(Slot::Double(d)) => !d.is_nan(),
                        _ => false,
                    };
                    (finite(*lo) && finite(*hi)).then_some(Clamp::Bounds(*lo, *hi))
                }
                _ => None,
            };
            if let (Some(bounds), Some(result)) = (bounds, f32_tensor(ret)) {
                if private(last, len + 1) {
                    clamp = bounds;
                    out = ret;
                    last = result;
                    len += 1;
                }
            }
        }
        if len == 1 {
            return None;
        }
        let conv_out = f32_tensor(conv_ret)?;
        let retarget = if apart(last) {
            None
        } else if self.can_take_bytes(last, conv_out, pc + len) {
            Some((last, conv_out))
        } else {
            return None;
        };
        Some(ConvEpilogue { conv_args: conv_args.to_vec(), norm_args, clamp, out, len, retarget })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::alone_and_without;
    use super::super::Pass;

    #[test]
    fn it_rewrites_its_pattern_and_nothing_when_switched_off() {
        let (alone, without) = alone_and_without("models/cnn.pte", Pass::ConvEpilogue);
        assert!(alone > 0, "conv_epilogue found nothing to rewrite in models/cnn.pte");
        assert_eq!(without, 0, "conv_epilogue's rewrites happen with the pass switched off");
    }
}
