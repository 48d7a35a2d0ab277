//! The check after each pass (debug builds): every reference a step holds is in range, every
//! tensor's bytes lie in their arena, and no read sees bytes it did not see before the passes.

use crate::method::*;

impl Plan {
    /// Checks the method after `pass` (see the module docs).
    pub(in crate::method) fn verify_after(&self, pass: Pass) -> Result<()> {
        self.check_plan().map_err(|detail| Error::PassBrokePlan { pass: pass.name(), detail })?;
        self.check_aliases(&self.aliases).inspect_err(|e| {
            log::error!("after pass {pass}: {e}");
        })
    }

    /// The structural part: value, tensor, arena, chain and delegate references.
    fn check_plan(&self) -> std::result::Result<(), String> {
        let values = self.values.len();
        let value = |v: usize, what: &str| {
            if v < values {
                Ok(())
            } else {
                Err(format!("{what} refers to value {v} of {values}"))
            }
        };
        for (index, slot) in self.values.iter().enumerate() {
            let items: Vec<usize> = match slot {
                Slot::Tensor(t) if *t >= self.tensors.len() => {
                    return Err(format!("value {index} is tensor {t} of {}", self.tensors.len()))
                }
                Slot::IntList(items) | Slot::TensorList(items) => items.clone(),
                Slot::OptionalTensorList(items) => items.iter().flatten().copied().collect(),
                _ => Vec::new(),
            };
            for item in items {
                value(item, &format!("list value {index}"))?;
            }
        }
        for (t, tensor) in self.tensors.iter().enumerate() {
            if let Storage::Frozen { index, offset } = tensor.storage {
                let len = self.frozen.get(index).map(|a| a.bytes().len());
                if offset.checked_add(tensor.capacity).zip(len).is_none_or(|(end, len)| end > len) {
                    return Err(format!(
                        "tensor {t} (value {}) lies outside frozen buffer {index}",
                        tensor.value
                    ));
                }
            }
            if let Storage::Arena { arena, offset } = tensor.storage {
                let len = self.arena_sizes.get(arena).copied();
                let end = offset.checked_add(tensor.capacity);
                match (len, end) {
                    (Some(len), Some(end)) if end <= len => {}
                    _ => {
                        return Err(format!(
                            "tensor {t} (value {}) lies at {offset}+{} of arena {arena} ({len:?} bytes)",
                            tensor.value, tensor.capacity
                        ))
                    }
                }
            }
        }
        for (c, chain) in self.chains.iter().enumerate() {
            for (pc, step) in chain.iter().enumerate() {
                let at = format!("step {pc} of chain {c}");
                match step {
                    Step::Kernel { args, ret, .. } => {
                        args.iter().try_for_each(|&a| value(a, &at))?;
                        value(*ret, &at)?;
                    }
                    Step::View { input, size, out } => {
                        [*input, *size, *out].into_iter().try_for_each(|v| value(v, &at))?;
                    }
                    Step::Delegate { index, args } => {
                        if *index >= self.delegates.len() {
                            return Err(format!("{at} calls delegate {index}"));
                        }
                        args.iter().try_for_each(|&a| value(a, &at))?;
                    }
                    Step::Move { from, to } => {
                        value(*from, &at)?;
                        value(*to, &at)?;
                    }
                    Step::JumpFalse { condition, destination } => {
                        value(*condition, &at)?;
                        if *destination > chain.len() {
                            return Err(format!("{at} jumps to {destination}"));
                        }
                    }
                    Step::Free { value: v } => value(*v, &at)?,
                    Step::Folded => {}
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::method::*;

    #[test]
    fn a_step_referring_past_the_value_table_is_caught() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/models/linear.pte");
        let loader = pterun_memory::MmapLoader::open(&path, Default::default()).expect("opens");
        let program = Program::load(Arc::new(loader)).expect("program loads");
        let kernels = Registry::portable();
        let backends = BackendRegistry::new();
        let mut method = Method::load(&program, "forward", LoadOptions::new(&kernels, &backends))
            .expect("loads");
        let plan = Arc::get_mut(&mut method.plan).expect("not shared");
        assert!(plan.verify_after(Pass::Pointwise).is_ok());
        let past = plan.values.len();
        let step = plan.chains.iter_mut().flatten().find(|s| matches!(s, Step::Kernel { .. }));
        let Some(Step::Kernel { ret, .. }) = step else { panic!("a kernel step") };
        *ret = past;
        match plan.verify_after(Pass::Pointwise) {
            Err(Error::PassBrokePlan { pass: "pointwise", detail }) => {
                assert!(detail.contains(&format!("refers to value {past}")), "{detail}")
            }
            other => panic!("expected PassBrokePlan, got {other:?}"),
        }
    }
}
