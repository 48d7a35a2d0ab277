//! Pass `fold_constants`: instructions whose inputs are all constants are computed once at load.

use crate::method::*;

impl Plan {
    /// Runs once, at load, every kernel whose tensor inputs are all constants (such as the
    /// weight transposes `permute_copy` that exported linear layers recompute on every
    /// inference), keeps the result in a buffer of its own, and skips the instruction from
    /// then on. Only pure out-variant kernels with one static output that nothing else
    /// writes, and that is not a method input or output, are folded.
    pub(in crate::method) fn fold_constants(&mut self) -> Result<()> {
        let mut writers = vec![0usize; self.tensors.len()];
        for step in self.chains.iter().flatten() {
            self.for_each_write(step, |t| writers[t] += 1);
            // A view redefines its output's bytes as another tensor's.
            if let Step::View { out, .. } = step {
                if let Some(t) = self.tensor_id(*out) {
                    writers[t] += 1;
                }
            }
        }
        let boundary: Vec<usize> = self.inputs.iter().chain(&self.outputs).copied().collect();
        let is_constant = |storage: Storage| {
            matches!(
                storage,
                Storage::Constant { .. } | Storage::External { .. } | Storage::Frozen { .. }
            )
        };
        let mut scratch: Option<State> = None;
        for chain in 0..self.chains.len() {
            for pc in 0..self.chains[chain].len() {
                let Step::Kernel { op, kernel, args, ret, writes: &[] } = &self.chains[chain][pc]
                else {
                    // Kernels that write arguments in place are never folded.
                    continue;
                };
                let (op, kernel, args, ret) = (*op, *kernel, args.clone(), *ret);
                let Slot::Tensor(out) = self.values[ret] else { continue };
                if op.ends_with('_') || boundary.contains(&ret) || writers[out] != 1 {
                    continue;
                }
                let slot = &self.tensors[out];
                if slot.shape.dynamism() != ShapeDynamism::Static
                    || !matches!(slot.storage, Storage::Arena { .. })
                    || !self.aliases.sources(out).is_empty()
                {
                    continue;
                }
                // Views the exporter removed read the result's planned bytes: they move with
                // it, so each must lie within those bytes and read nothing else.
                let Some(view_offsets) = self.view_offsets(out) else { continue };
                let mut tensor_inputs = 0;
                let mut foldable = true;
                for &a in args.iter() {
                    let ids: Vec<usize> = match &self.values[a] {
                        Slot::Tensor(t) if *t == out => continue,
                        Slot::Tensor(t) => vec![*t],
                        Slot::TensorList(items) => items
                            .iter()
                            .filter_map(|&i| match self.values[i] {
                                Slot::Tensor(t) => Some(t),
                                _ => None,
                            })
                            .collect(),
                        Slot::OptionalTensorList(_) => {
                            foldable = false;
                            break;
                        }
                        _ => continue,
                    };
                    for t in ids {
                        tensor_inputs += 1;
                        foldable &= is_constant(self.tensors[t].storage) || self.tensors[t].folded;
                    }
                }
                if !foldable || tensor_inputs == 0 {
                    continue;
                }
                // The kernel runs on a scratch state made from the plan (once, kept in step
                // with it), writing the result into a buffer of its own, which then becomes
                // a frozen buffer of the plan, read by every execution state: the planned
                // bytes the result had are reused by other tensors during execution.
                let scratch = match &mut scratch {
                    Some(scratch) => scratch,
                    None => scratch.insert(State {
                        arenas: Vec::new(),
                        tensors: self.tensors.clone(),
                        values: self.values.clone(),
                        inputs_set: Vec::new(),
                        saved_inputs: Vec::new(),
                        profile: None,
                    }),
                };
                scratch.arenas.push(Arena::zeroed(self.tensors[out].capacity)?);
                scratch.tensors[out].storage = Storage::Arena { arena: 0, offset: 0 };
                let step =
                    exec::KernelStep { op, kernel, args: &args, ret, writes: &[], bound: None };
                let ran = scratch.run_kernel(self, pc, step);
                let result = scratch.arenas.pop();
                ran?;
                let Some(result) = result else { continue };
                let index = self.frozen.len();
                self.frozen.push(result);
                self.tensors[out].storage = Storage::Frozen { index, offset: 0 };
                self.tensors[out].shape = scratch.tensors[out].shape.clone();
                for (view, offset) in view_offsets {
                    self.tensors[view].storage = Storage::Frozen { index, offset };
                    self.tensors[view].folded = true;
                    self.stats.folded_views += 1;
                    scratch.tensors[view].clone_from(&self.tensors[view]);
                }
                self.tensors[out].folded = true;
                scratch.tensors[out].clone_from(&self.tensors[out]);
                let nbytes = self.tensors[out].nbytes();
                self.chains[chain][pc] = Step::Folded;
                self.stats.folded_instructions += 1;
                self.stats.folded_bytes += nbytes as u64;
            }
        }
        Ok(())
    }

    /// The aliases of `base` with their byte offsets within it, when all of them are pure
    /// views of it with static shapes lying inside its planned bytes; `None` otherwise.
    pub(in crate::method) fn view_offsets(&self, base: usize) -> Option<Vec<(usize, usize)>> {
        if !self.aliases.views_only(base) {
            return None;
        }
        let Storage::Arena { arena, offset } = self.tensors[base].storage else { return None };
        let end = offset.checked_add(self.tensors[base].capacity)?;
        let boundary = self.inputs.iter().filter_map(|&v| self.tensor_id(v));
        let inputs: Vec<usize> = boundary.collect();
        self.aliases
            .aliases(base)
            .iter()
            .map(|&view| {
                let slot = &self.tensors[view];
                match slot.storage {
                    Storage::Arena { arena: a, offset: at }
                        if a == arena
                            && at >= offset
                            && at.checked_add(slot.capacity)? <= end
                            && slot.shape.dynamism() == ShapeDynamism::Static
                            && !inputs.contains(&view) =>
                    {
                        Some((view, at - offset))
                    }
                    _ => None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::alone_and_without;
    use super::super::Pass;

    #[test]
    fn it_rewrites_its_pattern_and_nothing_when_switched_off() {
        let (alone, without) = alone_and_without("zoo/fold_reshape_alias.pte", Pass::FoldConstants);
        assert!(alone > 0, "fold_constants found nothing to rewrite in zoo/fold_reshape_alias.pte");
        assert_eq!(without, 0, "fold_constants's rewrites happen with the pass switched off");
    }
}
