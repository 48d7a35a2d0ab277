//! Watching an execution step by step: every executed step's results, for bisecting a
//! wrong output down to the first operator that differs from the official runtime
//! (`pterun run --dump-values`).

use pterun_kernels::TensorRef;

use super::{Method, Plan, State, Step};
use crate::Result;

/// What one executed step wrote.
pub struct StepValues<'a> {
    /// Chain index.
    pub chain: usize,
    /// Instruction index in the chain: the official runtime's `instruction_id`.
    pub instruction: usize,
    /// The operator (or `view`, `delegate N`, `move`), after the load-time rewrites.
    pub name: String,
    /// The tensors it wrote, by value index. A delegate's arguments are all listed (which
    /// of them it writes is the backend's business); steps computed at load (folded,
    /// fused into another) have none.
    pub tensors: Vec<(usize, TensorRef<'a>)>,
}

impl Method {
    /// [`Method::execute`], calling `observe` after each executed step with its results.
    /// Steps rewritten at load show as the step that now writes their result; run a
    /// program whose values differ with `observe` to find the first differing step.
    pub fn execute_observed(&mut self, observe: &mut dyn FnMut(&StepValues<'_>)) -> Result<()> {
        self.state.run(&self.plan, Some(observe))
    }
}

impl State {
    /// The results of step `pc` of `chain`, just executed.
    pub(super) fn step_values<'a>(
        &'a self,
        plan: &'a Plan,
        chain: usize,
        pc: usize,
    ) -> Result<StepValues<'a>> {
        let written: Vec<usize> = match &plan.chains[chain][pc] {
            Step::Kernel { args, ret, writes, .. } => std::iter::once(*ret)
                .chain(writes.iter().filter_map(|&p| args.get(p).copied()))
                .collect(),
            Step::View { out, .. } => vec![*out],
            Step::Delegate { args, .. } => args.to_vec(),
            Step::Move { to, .. } => vec![*to],
            Step::JumpFalse { .. } | Step::Free { .. } | Step::Folded => Vec::new(),
        };
        let mut tensors = Vec::new();
        for value in written {
            let items = match self.values.get(value) {
                Some(super::Slot::TensorList(items)) => items.clone(),
                _ => vec![value],
            };
            for v in items {
                if let Some(super::Slot::Tensor(t)) = self.values.get(v) {
                    tensors.push((v, self.tensor_ref(plan, *t)?));
                }
            }
        }
        Ok(StepValues { chain, instruction: pc, name: plan.step_name(chain, pc), tensors })
    }
}
