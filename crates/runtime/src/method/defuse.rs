//! Which tensors each step reads and writes, and which share bytes: the one helper the
//! load-time passes ask.

use crate::method::*;

impl Plan {
    /// The tensors of the arguments at `writes` (positions a kernel writes in place).
    pub(in crate::method) fn written_args<'p>(
        &'p self,
        args: &'p [usize],
        writes: &'static [usize],
    ) -> impl Iterator<Item = usize> + 'p {
        writes.iter().filter_map(|&p| args.get(p)).filter_map(|&v| self.tensor_id(v))
    }

    /// Calls `f` once per tensor whose bytes `step` writes: a kernel's result (a tensor,
    /// or each tensor of a list) and, conservatively, every tensor argument of a delegate
    /// call (which of them the device writes is its business). Views write no bytes.
    pub(in crate::method) fn for_each_write(&self, step: &Step, mut f: impl FnMut(usize)) {
        match step {
            Step::Kernel { args, ret, writes, .. } => {
                self.tensor_ids(*ret).into_iter().for_each(&mut f);
                self.written_args(args, writes).for_each(f);
            }
            Step::Delegate { args, .. } => {
                args.iter().filter_map(|&a| self.tensor_id(a)).for_each(&mut f)
            }
            _ => {}
        }
    }

    /// How many places read each tensor: kernel arguments and list items (other than as the
    /// instruction's own output), delegate arguments, moves, views, jumps, method outputs.
    /// One pass over the steps; a rewrite pass computes it once and then asks
    /// [`Plan::readers_outside`], which only looks at the steps it skips.
    pub(in crate::method) fn reader_counts(&self) -> Vec<usize> {
        let mut counts = vec![0usize; self.tensors.len()];
        for t in self.outputs.iter().filter_map(|&v| self.tensor_id(v)) {
            counts[t] += 1;
            for &source in self.aliases.sources(t) {
                counts[source] += 1;
            }
        }
        for step in self.chains.iter().flatten() {
            self.for_each_read(step, |t| counts[t] += 1);
        }
        counts
    }

    /// Calls `f` once per read of a tensor by `step` (a list argument reads each of its
    /// tensors once). A read of an alias is also a read of the tensors whose bytes it sees.
    pub(in crate::method) fn for_each_read(&self, step: &Step, mut f: impl FnMut(usize)) {
        let mut f = |t: usize| {
            f(t);
            self.aliases.sources(t).iter().for_each(|&source| f(source));
        };
        match step {
            Step::Kernel { args, ret, .. } => {
                let own = self.tensor_id(*ret);
                for &a in args.iter() {
                    match self.values.get(a) {
                        Some(Slot::Tensor(t)) if Some(*t) != own => f(*t),
                        Some(Slot::TensorList(items)) => self
                            .distinct_tensors(items.iter().copied())
                            .into_iter()
                            .for_each(&mut f),
                        Some(Slot::OptionalTensorList(items)) => self
                            .distinct_tensors(items.iter().flatten().copied())
                            .into_iter()
                            .for_each(&mut f),
                        _ => {}
                    }
                }
            }
            Step::Delegate { args, .. } => {
                args.iter().filter_map(|&a| self.tensor_id(a)).for_each(f)
            }
            Step::Move { from: v, .. }
            | Step::View { input: v, .. }
            | Step::JumpFalse { condition: v, .. } => self.tensor_id(*v).into_iter().for_each(f),
            Step::Free { .. } | Step::Folded => {}
        }
    }

    /// The tensors of the values `items`, each once.
    pub(in crate::method) fn distinct_tensors(
        &self,
        items: impl Iterator<Item = usize>,
    ) -> Vec<usize> {
        let mut tensors: Vec<usize> = Vec::new();
        for t in items.filter_map(|v| self.tensor_id(v)) {
            if !tensors.contains(&t) {
                tensors.push(t);
            }
        }
        tensors
    }

    /// The reads of tensor `t` counted in `counts` (see [`Plan::reader_counts`]), less
    /// those by the steps `skip` of chain `chain`.
    pub(in crate::method) fn readers_outside(
        &self,
        counts: &[usize],
        t: usize,
        chain: usize,
        skip: std::ops::Range<usize>,
    ) -> usize {
        let mut inside = 0;
        for step in self.chains.get(chain).and_then(|steps| steps.get(skip)).unwrap_or(&[]) {
            self.for_each_read(step, |read| inside += usize::from(read == t));
        }
        counts.get(t).copied().unwrap_or(0).saturating_sub(inside)
    }

    /// Whether tensor `t`, written by the step just before step `from` of the only chain,
    /// may live in tensor `donor`'s planned bytes instead of its own: `donor` is dead from
    /// then on, no step from `from` up to `t`'s last reader writes into those bytes, `t`
    /// is neither a method input nor output, and the chain has no jumps, moves or frees
    /// (lifetimes are then the straight-line order of the steps).
    pub(in crate::method) fn can_take_bytes(&self, t: usize, donor: usize, from: usize) -> bool {
        let [steps] = &self.chains[..] else { return false };
        let (slot, donor_slot) = (&self.tensors[t], &self.tensors[donor]);
        // An alias would keep looking at the old bytes (or see the new ones rewritten).
        if self.aliases.is_aliased(t) || self.aliases.is_aliased(donor) {
            return false;
        }
        if !matches!(donor_slot.storage, Storage::Arena { .. })
            || donor_slot.capacity < slot.capacity
            || donor_slot.dtype != slot.dtype
        {
            return false;
        }
        let boundary = self.inputs.iter().chain(&self.outputs);
        if boundary.filter_map(|&v| self.tensor_id(v)).any(|x| x == t || x == donor) {
            return false;
        }
        // Per step: the tensors it reads or writes, and those it writes.
        let mut touched: Vec<(Vec<usize>, Vec<usize>)> = Vec::with_capacity(steps.len());
        for step in steps {
            let ids = |values: &[usize]| -> Vec<usize> {
                values.iter().flat_map(|&v| self.tensor_ids(v)).collect()
            };
            touched.push(match step {
                Step::Kernel { args, ret, writes, .. } => {
                    let mut written = self.tensor_ids(*ret);
                    written.extend(self.written_args(args, writes));
                    (ids(args), written)
                }
                Step::Delegate { args, .. } => (ids(args), ids(args)),
                Step::View { input, out, .. } => (ids(&[*input, *out]), ids(&[*out])),
                Step::Move { .. } | Step::JumpFalse { .. } | Step::Free { .. } => return false,
                Step::Folded => (Vec::new(), Vec::new()),
            });
        }
        let Some(last_use) = (from..steps.len()).rev().find(|&s| touched[s].0.contains(&t)) else {
            return true;
        };
        (from..=last_use).all(|s| {
            let (uses, writes) = &touched[s];
            let aliases_t = matches!(steps[s], Step::View { .. }) && uses.contains(&t);
            let clobbers_donor = writes.iter().any(|&w| self.shares_bytes(w, donor));
            !(writes.contains(&t) || uses.contains(&donor) || clobbers_donor || aliases_t)
        })
    }

    /// The tensor of value `v`, if it is one.
    pub(in crate::method) fn tensor_id(&self, v: usize) -> Option<usize> {
        match self.values.get(v) {
            Some(Slot::Tensor(t)) => Some(*t),
            _ => None,
        }
    }

    /// The tensors value `v` refers to: itself, or a list's items.
    pub(in crate::method) fn tensor_ids(&self, v: usize) -> Vec<usize> {
        match self.values.get(v) {
            Some(Slot::Tensor(t)) => vec![*t],
            Some(Slot::TensorList(items)) => {
                items.iter().filter_map(|&i| self.tensor_id(i)).collect()
            }
            Some(Slot::OptionalTensorList(items)) => {
                items.iter().flatten().filter_map(|&i| self.tensor_id(i)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Whether tensors `a` and `b` have planned bytes in common (at their capacities).
    pub(in crate::method) fn shares_bytes(&self, a: usize, b: usize) -> bool {
        let range = |t: usize| match self.tensors[t].storage {
            Storage::Arena { arena, offset } => {
                Some((arena, offset, offset + self.tensors[t].capacity))
            }
            _ => None,
        };
        match (range(a), range(b)) {
            (Some((arena_a, start_a, end_a)), Some((arena_b, start_b, end_b))) => {
                arena_a == arena_b && start_a < end_b && start_b < end_a
            }
            _ => false,
        }
    }
}
