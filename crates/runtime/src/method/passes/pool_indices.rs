//! Pass `pool_indices`: max pools whose indices nothing reads run without computing them.

use crate::method::*;

impl Plan {
    /// `max_pool2d_with_indices` whose indices nothing reads becomes `pterun::max_pool2d.out`:
    /// the same maxima, without the index bookkeeping.
    pub(in crate::method) fn skip_unread_pool_indices(&mut self, kernels: &Registry) {
        const WITH_INDICES: &str = "aten::max_pool2d_with_indices.out";
        let Some((pool_op, pool)) = kernels.get(pterun_kernels::MAX_POOL2D) else { return };
        let counts = self.reader_counts();
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op: WITH_INDICES, args, ret, .. } = &self.chains[chain][pc]
                else {
                    continue;
                };
                let (Some(Slot::TensorList(outs)), 8) = (self.values.get(*ret), args.len()) else {
                    continue;
                };
                let &[out, indices] = &outs[..] else { continue };
                let Some(indices) = self.tensor_id(indices) else { continue };
                if self.tensor_id(out).is_none()
                    || self.readers_outside(&counts, indices, chain, pc..pc + 1) != 0
                {
                    continue;
                }
                let mut new_args = args[..6].to_vec();
                new_args.push(out);
                self.chains[chain][pc] = Step::Kernel {
                    op: pool_op,
                    kernel: pool,
                    args: new_args.into(),
                    ret: out,
                    writes: &[],
                };
                self.stats.pools_without_indices += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::alone_and_without;
    use super::super::Pass;

    #[test]
    fn it_rewrites_its_pattern_and_nothing_when_switched_off() {
        let (alone, without) = alone_and_without("models/cnn.pte", Pass::PoolIndices);
        assert!(alone > 0, "pool_indices found nothing to rewrite in models/cnn.pte");
        assert_eq!(without, 0, "pool_indices's rewrites happen with the pass switched off");
    }
}
